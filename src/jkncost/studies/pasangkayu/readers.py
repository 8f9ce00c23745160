"""Pasangkayu (seed 002): the transcription in ``data/raw/pasangkayu`` read as tables."""

from __future__ import annotations


import pandas as pd

from jkncost.core import paths
from jkncost.tables import read_numbers

STUDY = "pasangkayu"
SEED = "002_84cb2daf0881809c.txt"
CLASSES = ["VIP", "Kelas I", "Kelas II", "Kelas III"]
TABLES = {"FC": "Tabel 1", "SVC": "Tabel 2", "VC": "Tabel 3"}
#: The rule that reproduces Table 4 (found by :func:`rational_tariff_evidence`; assumption A15).
RULE = {"rule": "fraction_of_uc", "fraction": 0.95}
#: Source of the main Perda per-day tariff set (assumption A16) and of the other one.
PERDA_MAIN = f"{SEED}, Pembahasan, paragraf tarif Perda Nomor 4 Tahun 2016"
PERDA_INTRO = f"{SEED}, Pendahuluan, paragraf 3 (Perda Kab. Pasangkayu No. 4/2016)"

AUDIT_OUTPUT_COLUMNS = ["kind", "table", "location", "check", "printed", "recomputed", "difference",
                        "tolerance", "unit", "discrepancy", "note"]


# --- readers --------------------------------------------------------------------------------
def folder():
    """``data/raw/pasangkayu``."""
    return paths.raw(STUDY)


def _read(name: str) -> pd.DataFrame:
    df = read_numbers(folder() / name, label=paths.relative(folder() / name),
                      keep=("year",) if name == "published.csv" else ())
    return df.astype({"year": "string"}) if "year" in df.columns and name == "published.csv" else df


def costs() -> pd.DataFrame:
    """``costs.csv``: one row per center, category and component (Tables 1-3 as printed)."""
    return _read("costs.csv")


def cost_centers() -> pd.DataFrame:
    """``cost_centers.csv``: the 22 centers, kind (assumption A01), placeholder outputs (A08, A09)."""
    return _read("cost_centers.csv")


def allocation_bases() -> pd.DataFrame:
    """``allocation_bases.csv``: the assumed bases (A03-A06), weights taken from the paper's tables."""
    return _read("allocation_bases.csv")


def assumptions() -> pd.DataFrame:
    """``assumptions.csv``: every input the paper does not give, with a rationale."""
    return _read("assumptions.csv")


def published() -> pd.DataFrame:
    """``published.csv``: one row per published figure (tables and text), for comparison only."""
    df = _read("published.csv")
    df["value"] = df["value"].astype(float)
    return df


def _is_table(source: pd.Series) -> pd.Series:
    return source.str.contains(r", Tabel \d", regex=True)


def published_value(figure: str, class_or_center: str, *, source: str | None = None,
                    year: str | int | None = None) -> float:
    """One published value; ``source`` a substring of the source (e.g. ``"Tabel 4"``).

    Exactly one row must match.

    >>> published_value("UC3", "VIP", source="Tabel 4")
    428805.0
    """
    p = published()
    m = (p["figure"] == figure) & (p["class_or_center"] == class_or_center)
    if source is not None:
        m &= p["source"].str.contains(source, regex=False)
    if year is not None:
        m &= p["year"] == str(year)
    hits = p.loc[m, "value"]
    if len(hits) != 1:
        raise KeyError(f"{figure!r} / {class_or_center!r} / {source!r}: {len(hits)} published rows match")
    return float(hits.iloc[0])


def printed_table(category: str) -> pd.DataFrame:
    """Table 1, 2 or 3 (``category`` FC, SVC or VC) rebuilt wide as printed.

    Columns: ``center``, the components in printed order, ``Jumlah``, ``%``; body rows in printed
    order, then the ``TOTAL`` row. Parts come from ``costs.csv``, the printed row totals, column
    totals and percentages from ``published.csv``.
    """
    c = costs()
    c = c[c["category"] == category]
    if c.empty:
        raise KeyError(f"unknown category {category!r}; choose FC, SVC or VC")
    comps = list(dict.fromkeys(c["component"]))
    centers = list(dict.fromkeys(c["center"]))
    wide = c.pivot(index="center", columns="component", values="amount").reindex(index=centers, columns=comps)
    p = published()
    tab = p[_is_table(p["source"]) & p["source"].str.contains(TABLES[category] + ",", regex=False)]

    # the first row of each (figure, class or center): one lookup each instead of a scan of the table
    first = tab.drop_duplicates(["figure", "class_or_center"]).set_index(["figure", "class_or_center"])["value"]

    def val(fig, who):
        return float(first[(fig, who)])

    wide["Jumlah"] = [val(category, x) for x in centers]
    wide["%"] = [val(f"{category} share", x) for x in centers]
    total = {k: val(f"{category} component total", k) for k in comps}
    total.update({"Jumlah": val(category, "TOTAL"), "%": val(f"{category} share", "TOTAL")})
    out = pd.concat([wide, pd.DataFrame([total], index=["TOTAL"])])
    out.index.name = "center"
    return out.reset_index()


def table4() -> pd.DataFrame:
    """Table 4: UC3, ATP, WTP and rational tariff per inpatient class (Rp per patient-day)."""
    p = published()
    t = p[p["source"] == f"{SEED}, Tabel 4"]
    wide = t.pivot(index="class_or_center", columns="figure", values="value")
    return wide.reindex(index=CLASSES, columns=["UC3", "ATP", "WTP", "rational tariff"])


