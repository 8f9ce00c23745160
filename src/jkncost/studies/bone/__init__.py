"""Reproduction of seed 004: RSUD Tenriawaru, Kabupaten Bone (2016 data).

The paper publishes, per procedure of four units (radiology 29, physiotherapy 19, hemodialysis 1,
NICU 18), a unit cost from relative value units, an "asumsi tarif" and a proposed tariff; per
inpatient class a unit cost, tariffs "at actual BOR" and "at normative BOR (80%)" and a rational
tariff. This package reads the transcription in ``data/raw/bone/`` (:mod:`.readers`), identifies the rules
behind the published columns and tests each out of sample, and redoes the BOR analysis by the spec's
normative convention (:mod:`.model`), checks the source against itself (:mod:`.audit`,
:func:`source_audit`) and builds the published-vs-reproduced rows (:mod:`.comparison`); the notebook's
figures (:mod:`.figures`) and its short tables for readers (:mod:`.tables`) take ``lang``.
``notebooks/bone.ipynb`` tells the story. Generic methods live in :mod:`jkncost.costing.rvu` and
:mod:`jkncost.costing.pricing`.

Files (``data/raw/bone/``)
--------------------------
``procedure_unit_costs.csv``
    Tabel 1-4, column "Unit Cost": the paper's RVU output, the *input* of the tariff stage (the
    RVU inputs behind it are not published; see ``assumptions.csv``).
``published_procedures.csv``
    Tabel 1-4, "Asumsi Tarif" and "Usulan Berdasarkan Unit Cost": compared against only.
``class_unit_costs.csv``
    Tabel 5, column "Unit Cost" (input).
``published_classes.csv``
    Tabel 5, "BOR Aktual", "BOR Normatif (80%)", "Tarif Rasional": compared against only.
``published_text.csv``
    Every figure of the abstract, results, discussion and conclusion.
``assumptions.csv``
    What the paper does not give, with a rationale per row.

Examples
--------
>>> data = load()
>>> len(data["procedures"]), len(data["classes"])
(67, 5)
"""

from __future__ import annotations
from .audit import TEXT_CONTRADICTIONS, source_audit, text_contradictions
from .comparison import comparison_rows
from .figures import class_figure, headline_figure, tariff_figure
from .model import (class_columns, class_tariffs, class_unit_costs, departures, judgment_calls, leave_one_out,
                       loo_bor_column, loo_factor, loo_rounding, markup_fit, normative_by_convention, procedure_tariffs,
                       rounding_evidence)
from .readers import CLASSES, SEED, STUDY, UNIT_COST_CENTER, UNIT_TABLE, UNITS, assumption, label, load
from . import tables

__all__ = [
    "CLASSES", "SEED", "STUDY", "TEXT_CONTRADICTIONS", "UNIT_COST_CENTER", "UNIT_TABLE", "UNITS",
    "assumption", "class_columns", "class_figure", "class_tariffs", "headline_figure", "class_unit_costs", "comparison_rows", "departures",
    "judgment_calls", "label", "leave_one_out", "load", "loo_bor_column", "loo_factor", "loo_rounding",
    "markup_fit", "normative_by_convention", "procedure_tariffs", "rounding_evidence", "source_audit",
    "tables", "tariff_figure", "text_contradictions",
]
