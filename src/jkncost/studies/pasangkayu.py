"""RSUD Kabupaten Pasangkayu (Doru, Razak & Wahyu 2019; seed 002): transcription, audit, tariffs.

Source: Doru I, Razak A, Wahyu A (2019). *Perbandingan tarif berdasarkan biaya satuan (unit
cost), tarif INA-CBG's dan tarif rumah sakit pada instalasi rawat inap RSUD Kabupaten
Pasangkayu*. Seed file ``002_84cb2daf0881809c.txt``; 2017 data, 22 cost centers, double
distribution, UC3-based rational tariff.

What is here (the parts that need no unit-cost engine):

- readers of ``data/raw/pasangkayu/`` (:func:`costs`, :func:`published`, :func:`printed_table` ...);
- :func:`source_checks` / :func:`source_audit`: every total, percentage and text figure of the
  paper recomputed or compared, and every discrepancy with its size and location;
- :func:`rational_tariff_evidence` and :func:`reproduce_rational_tariffs`: which rational-tariff
  rule the paper applied (0.95 x UC3) and Table 4 reproduced with it;
- :func:`crr_by_class` and :func:`hospital_cost_recovery`: cost recovery per class and for the
  whole hospital in 2016 and 2017 (the text's "75,4%").

Examples
--------
>>> ev = rational_tariff_evidence()
>>> ev.loc[ev.reproduces, ["rule", "parameter"]].values.tolist()
[['fraction_of_uc', 'fraction=0.95'], ['markup', 'markup=-0.05']]
>>> hospital_cost_recovery()[["year", "deficit_share_percent"]].round(2).values.tolist()
[[2016.0, 75.41], [2017.0, 75.41]]
"""

from __future__ import annotations

import math

import pandas as pd

from jkncost import paths
from jkncost.audit import COLUMNS as AUDIT_COLUMNS
from jkncost.audit import audit_table, compare
from jkncost.comparison import ASSUMED, Comparison, classify
from jkncost.comparison import table as comparison_table
from jkncost.tariff import cost_recovery_rate, rational_tariff, rule_evidence

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
    return pd.read_csv(folder() / name, dtype={"year": "string"} if name == "published.csv" else None,
                       keep_default_na=False, na_values=[""])


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

    def val(fig, who):
        return float(tab.loc[(tab["figure"] == fig) & (tab["class_or_center"] == who), "value"].iloc[0])

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


# --- rational tariff -------------------------------------------------------------------------
def rational_tariff_evidence(tolerance: float = 1.0) -> pd.DataFrame:
    """Every rule of :mod:`jkncost.tariff` tested against Table 4 (see :func:`jkncost.tariff.rule_evidence`).

    The parameters of ``fraction_of_uc`` and ``markup`` are fitted from Table 4; the note of
    ``fraction_of_uc`` gives the interval of fractions that reproduce all four classes.
    """
    t = table4()
    return rule_evidence(t["UC3"], t["ATP"], t["WTP"], t["rational tariff"], tolerance=tolerance)


def reproduce_rational_tariffs(rule: str = RULE["rule"], fraction: float = RULE["fraction"],
                               markup: float = 0.0) -> pd.DataFrame:
    """Table 4's rational tariffs recomputed from its UC3, ATP and WTP with one rule.

    Returns ``class, UC3, ATP, WTP, published, reproduced, difference`` (reproduced unrounded;
    difference = reproduced - published).
    """
    t = table4()
    rep = rational_tariff(t["UC3"], t["ATP"], t["WTP"], rule=rule, fraction=fraction, markup=markup)
    out = pd.DataFrame({"class": CLASSES, "UC3": t["UC3"].to_numpy(), "ATP": t["ATP"].to_numpy(),
                        "WTP": t["WTP"].to_numpy(), "published": t["rational tariff"].to_numpy(),
                        "reproduced": rep.to_numpy()})
    out["difference"] = out["reproduced"] - out["published"]
    return out


def rational_tariff_comparison(tolerance: float = 1.0) -> pd.DataFrame:
    """The four rational tariffs as a :mod:`jkncost.comparison` table.

    Status is at best ``reproduced under stated assumptions``: the inputs are the published UC3
    and the rule (assumption A15) was identified from the same table.
    """
    rows = []
    note = ("0.95 x published UC3; rule identified from Tabel 4, not stated in the paper "
            "(data/raw/pasangkayu/assumptions.csv A15)")
    for r in reproduce_rational_tariffs().to_dict("records"):
        status = classify(r["published"], r["reproduced"], tolerance=tolerance, assumed=True)
        rows.append(Comparison(f"rational tariff {r['class']}", r["published"], r["reproduced"], status,
                               unit="Rp/patient-day", source=f"{SEED}, Tabel 4",
                               note=note if status == ASSUMED else note + "; outside the tolerance"))
    return comparison_table(rows)


# --- cost recovery ---------------------------------------------------------------------------
def crr_by_class() -> pd.DataFrame:
    """CRR per inpatient class (percent): Perda tariff / UC3 (both printed Perda sets) and rational / UC3.

    Columns: ``class, UC3, perda_main, perda_intro, rational, CRR_perda_main, CRR_perda_intro,
    CRR_rational``. ``perda_main`` is the Pembahasan/Kesimpulan set (assumption A16),
    ``perda_intro`` the Pendahuluan set; both cite Perda No. 4/2016.
    """
    t = table4()
    main = pd.Series({c: published_value("Perda tariff", c, source=PERDA_MAIN) for c in CLASSES})
    intro = pd.Series({c: published_value("Perda tariff", c, source=PERDA_INTRO) for c in CLASSES})
    out = pd.DataFrame({"class": CLASSES, "UC3": t["UC3"].to_numpy(), "perda_main": main.to_numpy(),
                        "perda_intro": intro.to_numpy(), "rational": t["rational tariff"].to_numpy()})
    for col in ("perda_main", "perda_intro", "rational"):
        out[f"CRR_{col}"] = cost_recovery_rate(out[col], out["UC3"]).to_numpy()
    return out


def hospital_cost_recovery() -> pd.DataFrame:
    """Hospital-wide cost recovery in 2016 and 2017 from the introduction's financial figures.

    Columns: ``year, operating_cost, revenue, deficit_printed, deficit_recomputed,
    CRR_percent, deficit_share_percent, share_printed, share_holds``. The printed "75,4%" is the
    share of operating cost not covered by revenue, ``(cost - revenue) / cost = 100 - CRR``;
    ``share_holds`` says whether it rounds to the printed value (one decimal).
    """
    rows = []
    for year in (2016, 2017):
        cost = published_value("operating cost", "hospital", year=year)
        rev = published_value("revenue", "hospital", year=year)
        deficit = published_value("operating deficit", "hospital", year=year)
        share = published_value("operating deficit share", "hospital", year=year)
        crr = cost_recovery_rate(rev, cost)
        rows.append({"year": float(year), "operating_cost": cost, "revenue": rev, "deficit_printed": deficit,
                     "deficit_recomputed": cost - rev, "CRR_percent": crr, "deficit_share_percent": 100.0 - crr,
                     "share_printed": share, "share_holds": bool(round(100.0 - crr, 1) == share)})
    return pd.DataFrame(rows)


# --- the source audit ------------------------------------------------------------------------
def _rows_from(checks: pd.DataFrame, kind: str, unit: str, note: str = "") -> list[dict]:
    out = []
    for r in checks.to_dict("records"):
        u = "percentage points" if r["check"].startswith("percentage") else unit
        out.append({**{k: r[k] for k in AUDIT_COLUMNS}, "kind": kind, "unit": u, "note": note})
    return out


def _table_arithmetic() -> list[dict]:
    rows = []
    for cat, name in TABLES.items():
        t = printed_table(cat)
        parts = [c for c in t.columns if c not in ("center", "Jumlah", "%")]
        checks = audit_table(t, parts, "Jumlah", "%", label="center", table=name)
        rows += _rows_from(checks, "table arithmetic", "Rp")
    for r in rows:
        if r["discrepancy"] and r["check"] in ("row total", "column total"):
            r["note"] = "rounding of the printed figures (|difference| <= Rp 3)" if abs(r["difference"]) <= 3 else ""
        if r["discrepancy"] and r["check"] == "percentage sum":
            r["note"] = "printed shares are rounded to 2 decimals and do not add up to the printed 100%"
    return rows


def _text_vs_tables() -> list[dict]:
    """Every text figure that also appears in a table, and text figures printed more than once."""
    p = published()
    is_tab = _is_table(p["source"])
    rows = []
    tab4 = p[p["source"] == f"{SEED}, Tabel 4"]
    for (fig, who, year), g in p.groupby(["figure", "class_or_center", "year"], sort=False, dropna=False):
        ref = g[is_tab.loc[g.index]]
        others = g[~is_tab.loc[g.index]]
        if ref.empty:
            if fig == "Perda tariff":
                ref = g[g["source"] == PERDA_MAIN]
                others = g[g["source"] != PERDA_MAIN]
                kind = "text vs text"
            else:
                continue
        else:
            kind = "text vs table"
        if len(ref) != 1 or others.empty:
            continue
        ref_row = ref.iloc[0]
        ref_name = ref_row["source"].replace(f"{SEED}, ", "")
        for o in others.itertuples():
            where = o.source.replace(f"{SEED}, ", "")
            r = compare(f"{where}: {fig}, {who}", o.value, ref_row["value"],
                        check=f"{where} vs {ref_name}", table=ref_name.split(",")[0])
            note = o.note if isinstance(o.note, str) else ""
            if r["discrepancy"] and fig in ("UC3", "ATP", "WTP", "rational tariff"):
                same = tab4[(tab4["class_or_center"] == who) & (tab4["value"] == o.value)]
                if not same.empty:
                    note = (note + "; " if note else "") + f"equals Tabel 4 {same['figure'].iloc[0]} of {who}"
                elif sorted(f"{o.value:.0f}") == sorted(f"{ref_row['value']:.0f}"):
                    note = (note + "; " if note else "") + "same digits as the table value, two of them swapped"
                else:
                    close = tab4[tab4["class_or_center"] == who].copy()
                    close["gap"] = (close["value"] - o.value).abs()
                    best = close.sort_values("gap").iloc[0]
                    if best["figure"] != fig and best["gap"] < abs(r["difference"]):
                        note = (note + "; " if note else "") + \
                            f"closest to Tabel 4 {best['figure']} of {who} (differs by {best['gap']:.0f})"
            if r["discrepancy"] and fig == "Perda tariff":
                note = (note + "; " if note else "") + \
                    "two different per-day tariff sets are printed for the same Perda No. 4/2016"
            rows.append({**r, "kind": kind, "unit": o.unit, "note": note})
    return rows


def _finance() -> list[dict]:
    rows = []
    h = hospital_cost_recovery()
    src = "Pendahuluan, paragraf 4"
    for r in h.itertuples():
        y = int(r.year)
        rows.append({**compare(f"{src}: selisih {y}", r.deficit_printed, r.deficit_recomputed,
                               check="deficit = operating cost - revenue", table="Pendahuluan"),
                     "kind": "text arithmetic", "unit": "Rp", "note": ""})
        rows.append({**compare(f"{src}: {r.share_printed:g}% in {y}", r.share_printed, r.deficit_share_percent,
                               check="share = deficit / operating cost x 100 (printed to 1 decimal)",
                               table="Pendahuluan", tolerance=0.05),
                     "kind": "text arithmetic", "unit": "%",
                     "note": f"75,4% is the share of operating cost not covered by revenue (CRR "
                             f"{r.CRR_percent:.2f}%); as a share of revenue the deficit would be "
                             f"{r.deficit_printed / r.revenue * 100:.1f}%"})
    total = sum(float(printed_table(c).iloc[-1]["Jumlah"]) for c in TABLES)
    cost17 = float(h.loc[h["year"] == 2017, "operating_cost"].iloc[0])
    rows.append({**compare("Tabel 1-3 TOTAL (FC + SVC + VC) vs Pendahuluan operating cost 2017", total, cost17,
                           check="observation: different concepts", table="Tabel 1-3"),
                 "kind": "observation", "unit": "Rp", "discrepancy": False,
                 "note": "not a contradiction: FC are annualized investment costs, not operating cost; "
                         "SVC + VC (the operating part) is Rp 6,146,585,777, a third of the reported operating cost; "
                         "the paper does not reconcile them"})
    return rows


def _claim(location: str, claim: str, left: float, right: float, holds: bool, note: str) -> dict:
    r = compare(location, left, right, check=f"claim: {claim}")
    return {**r, "tolerance": 0.0, "discrepancy": not holds, "kind": "claim vs numbers", "unit": "Rp",
            "note": note}


def _claims() -> list[dict]:
    t = table4()
    rows = []
    loc = "Hasil, Anlisis Tarif Rasional"
    said = {"VIP": ("above", "above"), "Kelas I": ("below", "below"), "Kelas II": ("above", "below"),
            "Kelas III": ("below", "below")}
    for c in CLASSES:
        rt = t.loc[c, "rational tariff"]
        for what, side in zip(("ATP", "WTP"), said[c]):
            v = t.loc[c, what]
            actual = "above" if rt > v else "below"
            rows.append(_claim(f"{loc}: {c}", f"rational tariff {side} {what}", rt, v, actual == side,
                               f"text says {side}; Tabel 4 rational tariff {rt:,.0f} is {actual} {what} {v:,.0f}"))
    p = published()
    t5 = p[p["source"] == f"{SEED}, Tabel 5"].pivot(index="class_or_center", columns="figure", values="value")
    for where in ("Abstrak", "Kesimpulan dan Saran"):
        for c in t5.index:
            rc, ina = t5.loc[c, "rational tariff per case"], t5.loc[c, "INA-CBG tariff"]
            rows.append(_claim(f"{where}: {c}", "rational tariff per case below INA-CBG tariff", rc, ina, rc < ina,
                               f"Tabel 5: rational per case {rc:,.0f} vs INA-CBG {ina:,.0f}"))
    for c in t5.index:
        rc, ina, perda = (t5.loc[c, k] for k in ("rational tariff per case", "INA-CBG tariff", "Perda tariff per case"))
        rows.append(_claim(f"Hasil, Analisis Perbandingan Tarif: {c}", "INA-CBG tariff above Perda tariff per case",
                           ina, perda, ina > perda, ""))
    rc3, ina3 = t5.loc["Kelas III", "rational tariff per case"], t5.loc["Kelas III", "INA-CBG tariff"]
    rows.append(_claim("Hasil, Analisis Perbandingan Tarif: Kelas III", "INA-CBG tariff below rational tariff per case",
                       ina3, rc3, ina3 < rc3, "consistent with Tabel 5; contradicts the abstract and the conclusion"))
    for src in (PERDA_MAIN, PERDA_INTRO):
        for c in CLASSES:
            pt, rt = published_value("Perda tariff", c, source=src), t.loc[c, "rational tariff"]
            rows.append(_claim(f"Abstrak/Pembahasan: {c} ({src.replace(SEED + ', ', '').split(',')[0]} Perda set)",
                               "rational tariff above Perda tariff", rt, pt, rt > pt, ""))
    # largest / smallest statements of the results text
    for cat, big, small in (("FC", "Bedah / OK", "Poli Anak"), ("SVC", "Kantor", "Poli Anak"),
                            ("VC", "Kelas III", "Poli Anak")):
        tab = printed_table(cat).iloc[:-1].set_index("center")["Jumlah"]
        rows.append(_claim(f"Hasil, {TABLES[cat]} text: {big}", f"largest {cat} center is {big}", tab[big],
                           tab.drop(big).max(), tab.idxmax() == big, ""))
        rows.append(_claim(f"Hasil, {TABLES[cat]} text: {small}", f"smallest {cat} center is {small}", tab[small],
                           tab.drop(small).min(), tab.idxmin() == small, ""))
    return rows


def _labels() -> list[dict]:
    rows = []
    base = {"table": "", "row": "", "column": "", "tolerance": 0.0, "kind": "label", "unit": "year"}
    rows.append({**base, "location": "Tabel 1-5 titles", "check": "data year in table titles vs Bahan dan Metode",
                 "printed": 2018.0, "recomputed": 2017.0, "difference": 1.0, "discrepancy": True,
                 "note": "titles say 'Tahun 2018'; the method analyses the 2017 financial transactions"})
    rows.append({**base, "location": "Pembahasan, paragraf biaya variabel/total",
                 "check": "budget year in the discussion vs Bahan dan Metode", "printed": 2015.0,
                 "recomputed": 2017.0, "difference": -2.0, "discrepancy": True,
                 "note": "'dihitung dalam satu tahun anggaran yaitu anggaran tahun 2015'"})
    rows.append({**base, "location": "Tabel 2, header of the four maintenance columns", "unit": "",
                 "check": "column labels", "printed": math.nan, "recomputed": math.nan, "difference": math.nan,
                 "discrepancy": True,
                 "note": "printed 'AIC Gedung / AIC Alat Medis / AIC Alat Non Medis / AIC Kendaraan' under "
                         "'Biaya Pemeliharaan'; the text calls them maintenance (pemeliharaan), not annualized "
                         "investment; transcribed as pemeliharaan"})
    c = costs()
    for center, g in c.groupby("center", sort=False):
        names = list(dict.fromkeys(g["printed_center"]))
        if len(names) > 1:
            per = "; ".join(f"{TABLES[cat]}: '{n}'" for cat, n in
                            g.drop_duplicates("category")[["category", "printed_center"]].itertuples(index=False))
            rows.append({**base, "location": f"Tabel 1-3, center '{center}'", "unit": "",
                         "check": "center name spelled differently across tables", "printed": math.nan,
                         "recomputed": math.nan, "difference": math.nan, "discrepancy": True,
                         "note": per + " (same row number; treated as one center)"})
    return rows


def source_checks() -> pd.DataFrame:
    """Every check of the source, passed or not (see :func:`source_audit`)."""
    rows = _table_arithmetic() + _text_vs_tables() + _finance() + _claims() + _labels()
    df = pd.DataFrame.from_records(rows)
    return df.reindex(columns=AUDIT_OUTPUT_COLUMNS).reset_index(drop=True)


def source_audit() -> pd.DataFrame:
    """Every discrepancy of the source with its size and location.

    Kinds: ``table arithmetic`` (row totals, column totals, percentages of Tables 1-3),
    ``text vs table`` (text figures against Tables 1-5), ``text vs text`` (the Perda tariffs printed
    twice), ``text arithmetic`` (the introduction's deficit and 75,4%), ``claim vs numbers``
    (statements such as "below ATP" against the tables), ``label`` (years, headers, names).
    ``difference = printed - recomputed`` (for claims: left - right of the comparison).
    The notebook writes this as ``data/processed/pasangkayu/source_audit.csv``.

    >>> a = source_audit()
    >>> int((a["kind"] == "table arithmetic").sum()), float(a.loc[a["kind"] == "table arithmetic", "difference"].abs().max())
    (33, 3.0)
    """
    checks = source_checks()
    return checks.loc[checks["discrepancy"].astype(bool)].reset_index(drop=True)
