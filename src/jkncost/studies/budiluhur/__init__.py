"""RS Bersalin Budi Luhur Surakarta: a published ABC of inpatient rooms, reproduced as far as it is printed.

Source: *Kemungkinan penerapan penentuan tarif kamar rawat inap berdasar konsep ABC (Activity Based
Costing) pada Rumah Sakit Bersalin Budi Luhur Surakarta*, chapter IV (an undergraduate thesis; author
and year are not in the stored copy), read from its stored public copy (:data:`SOURCE_URL`). The copy
shows nine pools of Tahap I (cost, total driver quantity, rate), Tabel 4.6 (Kelas I A) whole and the
start of Tabel 4.7 (Kelas I B): stage 2 of the ABC for nine pools and one class. The study's ABC
tariffs are not in it.

Modules (everything is re-exported here):

- :mod:`.readers`: ``data/raw/budiluhur`` as tables (:func:`tahap1`, :func:`table_4_6`, :func:`published` ...);
- :mod:`.model`: the activity folder ``data/raw/budiluhur/activity`` run by :mod:`jkncost.activity`
  (:func:`run`, variants ``printed`` and ``A03``), the cost each pool charges a class (:func:`charged`);
- :mod:`.audit`: :func:`source_checks` / :func:`source_audit`, the copy checked against itself;
- :mod:`.comparison`: one row per published quantity with its status (:func:`headline_comparison`);
- :mod:`.figures`: :func:`per_day_bars`.

Examples
--------
>>> from jkncost.core.comparison import status_counts
>>> t = headline_comparison(run("printed"), run("A03"))
>>> status_counts(t)
{'exact': 15, 'reproduced under stated assumptions': 10, 'by construction': 7, 'not reproducible': 6}
"""

from .audit import AUDIT_OUTPUT_COLUMNS, source_audit, source_checks
from .comparison import headline_comparison, quantities, summary
from .figures import per_day_bars
from .model import VARIANTS, beside_table_4_6, charged, class_total, load_folder, patient_days, pool_rates, run
from .readers import (A03_DIVISOR, A03_POOL, CLASS, CLASSES, PRICE_POOLS, SOURCE_URL, STUDY, activity_dir,
                      assumptions, folder, published, table_4_6, table_4_7, tahap1)

__all__ = [
    "A03_DIVISOR", "A03_POOL", "AUDIT_OUTPUT_COLUMNS", "CLASS", "CLASSES", "PRICE_POOLS", "SOURCE_URL", "STUDY",
    "VARIANTS", "activity_dir", "assumptions", "beside_table_4_6", "charged", "class_total", "folder", "headline_comparison",
    "load_folder", "patient_days", "per_day_bars", "pool_rates", "published", "quantities", "run", "source_audit",
    "source_checks", "summary", "table_4_6", "table_4_7", "tahap1",
]
