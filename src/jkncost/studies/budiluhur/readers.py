"""RS Bersalin Budi Luhur Surakarta: the transcription in ``data/raw/budiluhur`` read as tables."""

from __future__ import annotations

import pandas as pd

from jkncost.core import paths
from jkncost.tables import read_frame, read_numbers

STUDY = "budiluhur"
#: The stored public copy every ``source`` column calls "budiluhur stored copy".
SOURCE_URL = ("https://text-id.123dok.com/document/eqorx7dkq-analisis-tahap-ii-kemungkinan-penerapan-enentuantarif-"
              "kamar-rawat-inap-berdasarkonsep-abc-activity-based-costing-pada-rumah-sakit-bersalin-budi-luhur-surakarta.html")
#: The cost objects whose tables the stored copy shows, with the patient-days that divide their per-day column.
CLASSES = {"Kelas I A": 264, "Kelas I B": 989}
#: The class whose table (Tabel 4.6) is printed whole.
CLASS = "Kelas I A"
#: Pools whose rate is printed only in Tabel 4.6 (their cost and driver total are not in the stored copy; A05).
PRICE_POOLS = ("Makan pasien", "Cuci", "Tabel 4.6 baris 8 (rate 1.952)")
#: The alternative divisor of the Subsidi makan karyawan rate (A03): the staff pools' printed total.
A03_DIVISOR = 5304.0
A03_POOL = "Subsidi makan karyawan"


def folder():
    """``data/raw/budiluhur``."""
    return paths.raw(STUDY)


def activity_dir():
    """``data/raw/budiluhur/activity``: the transcription as an activity folder (``jkncost abc`` runs it)."""
    return folder() / "activity"


def _read(name: str) -> pd.DataFrame:
    """A table of the transcription: ``printed*`` columns stay the text as printed, numeric columns are numbers."""
    path, shown = folder() / name, paths.relative(folder() / name)
    printed = [c for c in read_frame(path, label=shown).columns if c.startswith("printed")]
    return read_numbers(path, keep=printed, label=shown)


def tahap1() -> pd.DataFrame:
    """The stored rows of the Tahap I table: pool, cost, driver total, rate (as numbers and as printed).

    >>> t = tahap1()
    >>> len(t), int(t["rate"].notna().sum())
    (10, 9)
    """
    return _read("tahap1_pools.csv")


def table_4_6() -> pd.DataFrame:
    """Tabel 4.6 (Kelas I A) row by row: quantity, rate, cost charged, cost per patient-day; ``pool`` per A02."""
    t = _read("table_4_6.csv")
    t["pool"] = t["pool"].replace({"(rate 1.952: pool not in the stored part of Tahap I)": PRICE_POOLS[2]})
    return t


def table_4_7() -> pd.DataFrame:
    """Tabel 4.7 (Kelas I B) as far as the stored copy goes: quantities, the first rates."""
    t = _read("table_4_7.csv")
    t["pool"] = t["pool"].replace({"(rate 1.952: pool not in the stored part of Tahap I)": PRICE_POOLS[2]})
    return t


def published() -> pd.DataFrame:
    """``published.csv``: every result the stored copy prints, for comparison only.

    >>> p = published()
    >>> p.groupby("figure").size().to_dict()
    {'cost charged': 12, 'cost per patient-day': 12, 'pool rate': 12, 'total cost': 1, 'total cost per patient-day': 1}
    """
    p = _read("published.csv")
    p["value"] = p["value"].astype(float)
    p["cost_object"] = p["cost_object"].fillna("")
    p["pool"] = p["pool"].fillna("")
    return p


def assumptions() -> pd.DataFrame:
    """``assumptions.csv``: A01-A05, what the stored copy does not give, with a rationale."""
    return _read("assumptions.csv")
