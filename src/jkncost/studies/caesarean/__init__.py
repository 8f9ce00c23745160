"""Sectio caesarea O34.2, 89 BPJS patients (seed 000, abstract only): published figures, synthetic cohort, comparison.

The study publishes only aggregates (two mean differences, two CRRs, four p-values). The analysis of a cohort
(differences, CRR in both definitions, association tests, figures) is :mod:`jkncost.cohort`, which any cohort
CSV can use; what belongs to this study is here.

Modules (everything but the tables is re-exported here, so ``from jkncost.studies import caesarean as cs``
is enough):

- :mod:`.readers`: ``data/raw/caesarean/`` as tables (:func:`read_published`, :func:`read_assumptions`);
- :mod:`.model`: the synthetic cohort calibrated to the published aggregates (:func:`generate`,
  :func:`find_seeds`), labelled :data:`SYNTHETIC_LABEL` wherever used;
- :mod:`.comparison`: one row per published figure with its status (:func:`comparison_table`), the seed's
  quantities for the coverage check (:func:`seed_quantities`);
- :mod:`.tables`: the notebook's tables for readers, en or id.

The abstract's figures checked against each other are the implied mean costs of
:func:`jkncost.cohort.crr.implied_mean_cost` (generic) and ``data/raw/caesarean/discrepancies.csv``; the figures
are those of any cohort (:mod:`jkncost.cohort.figures`), so the study has no ``audit`` or ``figures`` module.

Examples
--------
>>> syn = generate(seed=DEFAULT_SEED)
>>> t = comparison_table(read_published(), syn.summary, syn.tests)
>>> sorted(set(t["status"]))
['by construction']
"""

from .comparison import BY_CONSTRUCTION, SYNTHETIC_LABEL, comparison_table, p_value_window, seed_quantities
from .model import (ALPHA, DEFAULT_SEED, CalibrationError, SyntheticCohort, Targets, calibration_report, cohort_for_output,
                    find_seeds, generate)
from .readers import published_value, read_assumptions, read_published

__all__ = [
    "ALPHA", "BY_CONSTRUCTION", "DEFAULT_SEED", "SYNTHETIC_LABEL", "CalibrationError", "SyntheticCohort", "Targets",
    "calibration_report", "cohort_for_output", "comparison_table", "find_seeds", "generate", "p_value_window",
    "published_value", "read_assumptions", "read_published", "seed_quantities",
]
