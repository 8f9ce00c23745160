"""RSUD Kabupaten Pasangkayu (Doru, Razak & Wahyu 2019; seed 002): transcription, audit, tariffs.

Source: Doru I, Razak A, Wahyu A (2019). *Perbandingan tarif berdasarkan biaya satuan (unit
cost), tarif INA-CBG's dan tarif rumah sakit pada instalasi rawat inap RSUD Kabupaten
Pasangkayu*. Seed file ``002_84cb2daf0881809c.txt``; 2017 data, 22 cost centers, double
distribution, UC3-based rational tariff.

Modules (everything is re-exported here, so ``from jkncost.studies import pasangkayu as pk`` is enough):

- :mod:`.readers`: ``data/raw/pasangkayu/`` read as tables (:func:`costs`, :func:`published`, :func:`table4` ...);
- :mod:`.audit`: :func:`source_checks` / :func:`source_audit`, every total, percentage and text
  figure of the paper recomputed or compared, and every discrepancy with its size and location;
- :mod:`.tariffs`: the rational-tariff rule (0.95 x UC3) with its leave-one-out test, the Tabel 5
  rules, cost recovery per class and for the hospital (the text's "75,4%"), tariffs for any hospital;
- :mod:`.model`: the hospital in memory, support/production splits, back-solved patient-days,
  sensitivity;
- :mod:`.comparison`: one row per distinct published quantity with its status;
- :mod:`.figures`: the study's figures.

Examples
--------
>>> ev = rational_tariff_evidence()
>>> ev.loc[ev.reproduces, ["rule", "parameter"]].values.tolist()
[['fraction_of_uc', 'fraction=0.95'], ['markup', 'markup=-0.05']]
>>> hospital_cost_recovery()[["year", "deficit_share_percent"]].round(2).values.tolist()
[[2016.0, 75.41], [2017.0, 75.41]]
"""

from .audit import printed_digits_malformed, source_audit, source_checks
from .comparison import RUN_FIGURES, HEADLINE_FIGURES, headline_comparison, published_comparison, quantities, summary
from .figures import label, per_case_bars, scenario_label, sensitivity_plot, tariff_bars, tariff_card
from .model import (ALTERNATIVE_BASES, BACKSOLVE_METHOD, BACKSOLVED_UNIT, DEFAULT_SPLIT, SPLITS, alternative_bases, apply_split,
                    backsolve_table, change_percent, is_pasangkayu, load_hospital, sensitivity)
from .readers import (AUDIT_OUTPUT_COLUMNS, CLASSES, PERDA_INTRO, PERDA_MAIN, RULE, SEED, STUDY, TABLES,
                      allocation_bases, assumptions, cost_centers, costs, folder, printed_table, published,
                      published_value, table4)
from .tariffs import (CLASS_RANK, StudyNotApplicable, check_applicable, crr_or_nan, own_tariffs, resolve_rule, crr_by_class, hospital_cost_recovery, inpatient_classes, leave_one_out,
                      rational_tariff_comparison, table5_rules,
                      rational_tariff_evidence, read_atp_wtp, reproduce_rational_tariffs, rule_label, table5,
                      tariff_table)

__all__ = [
    "printed_digits_malformed",
    "RUN_FIGURES", "published_comparison", "StudyNotApplicable", "check_applicable", "own_tariffs", "resolve_rule",
    "ALTERNATIVE_BASES", "AUDIT_OUTPUT_COLUMNS", "BACKSOLVE_METHOD", "BACKSOLVED_UNIT", "CLASS_RANK",
    "CLASSES", "DEFAULT_SPLIT", "HEADLINE_FIGURES", "PERDA_INTRO", "PERDA_MAIN", "RULE", "SEED", "SPLITS",
    "STUDY", "TABLES", "allocation_bases", "alternative_bases", "apply_split", "assumptions",
    "backsolve_table", "change_percent", "cost_centers", "crr_or_nan", "costs", "crr_by_class", "folder", "headline_comparison",
    "hospital_cost_recovery", "inpatient_classes", "is_pasangkayu", "label", "leave_one_out", "load_hospital",
    "per_case_bars", "printed_table", "published", "published_value", "quantities",
    "rational_tariff_comparison", "rational_tariff_evidence", "read_atp_wtp", "reproduce_rational_tariffs",
    "rule_label", "scenario_label", "sensitivity", "sensitivity_plot", "source_audit", "source_checks", "summary", "table4",
    "table5", "table5_rules", "tariff_bars", "tariff_card", "tariff_table",
]
