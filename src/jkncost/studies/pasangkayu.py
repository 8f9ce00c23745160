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

from jkncost.compendium import paths
from jkncost.compendium.audit import COLUMNS as AUDIT_COLUMNS
from jkncost.compendium.audit import audit_table, compare
from jkncost.compendium.comparison import ASSUMED, NOT_REPRODUCIBLE, Comparison, classify
from jkncost.compendium.comparison import table as comparison_table
from jkncost.costing.tariff import cost_recovery_rate, rational_tariff, rule_evidence

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
    """Every rule of :mod:`jkncost.costing.tariff` tested against Table 4 (see :func:`jkncost.costing.tariff.rule_evidence`).

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
    """The four rational tariffs as a :mod:`jkncost.compendium.comparison` table.

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
                     "note": f"{r.share_printed:.1f}% ".replace(".", ",") + "is the share of operating cost not "
                             f"covered by revenue (CRR "
                             f"{r.CRR_percent:.2f}%); as a share of revenue the deficit would be "
                             f"{r.deficit_printed / r.revenue * 100:.1f}%"})
    total = sum(float(printed_table(c).iloc[-1]["Jumlah"]) for c in TABLES)
    operating = sum(float(printed_table(c).iloc[-1]["Jumlah"]) for c in ("SVC", "VC"))
    cost17 = float(h.loc[h["year"] == 2017, "operating_cost"].iloc[0])
    rows.append({**compare("Tabel 1-3 TOTAL (FC + SVC + VC) vs Pendahuluan operating cost 2017", total, cost17,
                           check="observation: different concepts", table="Tabel 1-3"),
                 "kind": "observation", "unit": "Rp", "discrepancy": False,
                 "note": "not a contradiction: FC are annualized investment costs, not operating cost; "
                         f"SVC + VC (the operating part) is Rp {operating:,.0f}, {operating / cost17:.0%} of the "
                         "reported operating cost; the paper does not reconcile them"})
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


# =============================================================================================
# The unit-cost part (issue #4, items 3-6): back-solved patient-days, sensitivity, comparisons
# =============================================================================================
#: Supported support/production splits: name -> assumption id.
SPLITS = {"default": "A01", "inpatient_only": "A02"}
#: The method the paper used (A11); the back-solve used for the reproduction runs under it.
BACKSOLVE_METHOD = "double"
#: Output unit written on the back-solved inpatient centers.
BACKSOLVED_UNIT = "patient-day (back-solved from Tabel 4 UC3, A17)"
#: Alternative allocation bases for the sensitivity analysis (A19): name -> description.
ALTERNATIVE_BASES = {
    "equal": "equal shares among the same receivers",
    "direct_cost": "receiver's direct total cost (FC + SVC + VC, Tabel 1-3)",
    "vc": "receiver's direct VC (Tabel 3)",
}
#: Published figures that are headline results and get a row in ``comparison.csv``.
HEADLINE_FIGURES = ("UC3", "ATP", "WTP", "rational tariff", "rational tariff per case", "INA-CBG tariff",
                    "Perda tariff", "Perda tariff per case", "operating cost", "revenue", "operating deficit",
                    "operating deficit share", "ATP/WTP sample size")

_BACKSOLVE_NOTE = ("patient-days back-solved from published UC3 (A08, A17): agreement by construction, "
                   "tests consistency only")


def _assume(*ids: str) -> str:
    return "data/raw/pasangkayu/assumptions.csv " + ", ".join(ids)


def _bhp_medis() -> pd.Series:
    c = costs()
    return c[(c["category"] == "VC") & (c["component"] == "BHP medis")].set_index("center")["amount"]


def apply_split(hospital, split: str = "default"):
    """The Pasangkayu hospital (any outputs) under a support/production split, in memory.

    ``default`` (A01) returns ``hospital`` unchanged. ``inpatient_only`` (A02) makes every center
    except the four inpatient classes a support center; the 14 centers that become support send
    their cost to the four classes in proportion to each class's BHP medis (Tabel 3; assumption
    A18), and close after the four A07 support centers in step-down (in printed order). The
    bases of the A01 support centers (A03-A06) are kept.

    >>> h = apply_split(load_hospital("assumed"), "inpatient_only")
    >>> h.production_centers == CLASSES, len(h.support_centers)
    (True, 18)
    """
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    if split == "default":
        return hospital
    import dataclasses

    centers = hospital.centers.copy()
    new = centers["kind"].eq("production") & ~centers["center"].isin(CLASSES)
    centers.loc[new, "kind"] = "support"
    centers.loc[new, "output"] = math.nan
    centers.loc[new, "output_unit"] = ""
    start = int(centers["order"].max()) if centers["order"].notna().any() else 0
    centers.loc[new, "order"] = range(start + 1, start + 1 + int(new.sum()))
    w = _bhp_medis().reindex(CLASSES)
    rows = [{"support_center": s, "basis": "clinical services to inpatients (proxy: ward BHP medis, Rp; A18)",
             "center": c, "weight": float(w[c])} for s in centers.loc[new, "center"] for c in CLASSES]
    bases = pd.concat([hospital.bases, pd.DataFrame(rows)], ignore_index=True)
    return dataclasses.replace(hospital, centers=centers, bases=bases, notes=[*hospital.notes, f"split {split} (A02)"])


def alternative_bases(hospital, basis: str):
    """The hospital with every support center's weights replaced, same receivers (A19).

    ``basis``: a key of :data:`ALTERNATIVE_BASES` (``equal``, ``direct_cost``, ``vc``) or
    ``default`` (unchanged).
    """
    if basis == "default":
        return hospital
    if basis not in ALTERNATIVE_BASES:
        raise ValueError(f"unknown basis {basis!r}; choose default or one of {', '.join(ALTERNATIVE_BASES)}")
    import dataclasses

    b = hospital.bases[hospital.bases["weight"] > 0].copy()
    direct = hospital.direct_costs()
    if basis == "equal":
        b["weight"] = 1.0
    elif basis == "direct_cost":
        b["weight"] = b["center"].map(direct.sum(axis=1)).astype(float)
    else:
        b["weight"] = b["center"].map(direct["VC"]).astype(float)
    b["basis"] = ALTERNATIVE_BASES[basis] + " (A19)"
    return dataclasses.replace(hospital, bases=b.reset_index(drop=True))


def _uc3_published() -> pd.Series:
    return table4()["UC3"]


def load_hospital(outputs: str = "backsolved", split: str = "default", method: str = BACKSOLVE_METHOD):
    """The Pasangkayu folder as a :class:`~jkncost.costing.hospital.Hospital`, never writing ``data/raw``.

    Parameters
    ----------
    outputs : {'backsolved', 'assumed'}
        ``backsolved``: the inpatient outputs replaced in memory by the patient-days that give
        Tabel 4's UC3 under ``split`` and ``method`` (A17); ``assumed``: the A08 placeholders.
    split : {'default', 'inpatient_only'}
        Support/production split A01 or A02 (:func:`apply_split`).
    method : str
        Allocation method of the back-solve (the paper's ``double`` by default, A11).

    >>> h = load_hospital()
    >>> h.centers.set_index("center").loc[CLASSES, "output"].round(1).tolist()
    [292.4, 455.1, 564.5, 2325.1]
    """
    from jkncost.costing.backsolve import backsolve_outputs, with_outputs
    from jkncost.costing import read_hospital

    if outputs not in ("backsolved", "assumed"):
        raise ValueError(f"outputs must be 'backsolved' or 'assumed', got {outputs!r}")
    h = apply_split(read_hospital(folder(), method="double"), split)
    if outputs == "assumed":
        return h
    b = backsolve_outputs(h, _uc3_published(), method=method, level=3)
    return with_outputs(h, b.set_index("center")["output"], unit=BACKSOLVED_UNIT)


def is_pasangkayu(path) -> bool:
    """True when ``path`` is this study's hospital folder (``data/raw/pasangkayu``)."""
    from pathlib import Path

    try:
        return Path(path).resolve() == folder().resolve()
    except OSError:
        return False


def backsolve_table(bor: float = 0.8, methods=None, splits=None, days: int = 365) -> pd.DataFrame:
    """Patient-days per inpatient class implied by Tabel 4 UC3, under every method and split.

    ``patient_days = TC3 / UC3_published`` (exact: TC3 does not depend on output).
    ``patient_days_low/high``: the interval that still rounds to the printed UC3.
    ``integer_days``: the nearest whole number, ``UC3_at_integer`` the UC3 it gives.
    Beds are not published (A10), so occupancy cannot be computed; instead
    ``occupied_beds = patient_days / days`` (average beds in use) and ``beds_at_bor`` = the beds
    that would be ``bor`` full (``patient_days / (days x bor)``; empty when ``bor`` is 0).
    ``used`` marks the row set the reproduction uses for ``split='default'`` (A01, double).
    """
    from jkncost.costing.allocation import METHODS
    from jkncost.costing.backsolve import backsolve_outputs

    methods = list(METHODS) if methods is None else list(methods)
    splits = list(SPLITS) if splits is None else list(splits)
    frames = []
    for split in splits:
        h = load_hospital("assumed", split)
        for m in methods:
            b = backsolve_outputs(h, _uc3_published(), method=m)
            f = pd.DataFrame({"split": split, "assumption": SPLITS[split], "method": m, "class": b["center"],
                              "TC3": b["TC"], "UC3_published": b["target_UC"], "patient_days": b["output"],
                              "patient_days_low": b["output_low"], "patient_days_high": b["output_high"]})
            f["integer_days"] = f["patient_days"].round()
            f["UC3_at_integer"] = f["TC3"] / f["integer_days"]
            f["occupied_beds"] = f["patient_days"] / days
            f["beds_at_bor"] = f["patient_days"] / (days * bor) if bor and bor > 0 else math.nan
            f["used"] = (m == BACKSOLVE_METHOD) & (split == "default")
            frames.append(f)
    return pd.concat(frames, ignore_index=True)


def sensitivity(hospital, method: str = BACKSOLVE_METHOD, factors=(0.8, 0.9, 1.1, 1.2),
                classes: list[str] | None = None) -> pd.DataFrame:
    """UC3 per inpatient class when one input moves, all else as in ``hospital``.

    ``hospital`` is the base case (normally :func:`load_hospital`, outputs back-solved). Scenarios
    (``group``): ``outputs`` (patient-days x each factor), ``method`` (each allocation method),
    ``bases`` (:data:`ALTERNATIVE_BASES`, A19), ``split`` (A02 with the same patient-days; only for
    the Pasangkayu centers under A01). ``classes``: the centers reported (default :data:`CLASSES`);
    any hospital works. Columns: ``group, scenario, class, UC3, UC3_base, change_percent``.
    """
    classes = list(CLASSES if classes is None else classes)
    from jkncost.costing.allocation import METHODS
    from jkncost.costing.backsolve import with_outputs
    from jkncost.costing.unitcost import unit_cost

    def uc3(h, m=method):
        return unit_cost(h, m, flows=False).uc(3).reindex(classes)

    base = uc3(hospital)
    q = hospital.centers.set_index("center").loc[classes, "output"]
    runs = []
    for f in factors:
        runs.append(("outputs", f"x {f:g}", uc3(with_outputs(hospital, q * f))))
    for m in METHODS:
        runs.append(("method", m, uc3(hospital, m)))
    for b in ALTERNATIVE_BASES:
        runs.append(("bases", b, uc3(alternative_bases(hospital, b))))
    pasangkayu_a01 = set(CLASSES) < set(hospital.production_centers) and set(hospital.names) == set(cost_centers()["center"])
    if pasangkayu_a01:
        runs.append(("split", "inpatient_only (A02)", uc3(apply_split(hospital, "inpatient_only"))))
    rows = []
    for group, scen, s in runs:
        for c in classes:
            rows.append({"group": group, "scenario": scen, "class": c, "UC3": float(s[c]),
                         "UC3_base": float(base[c]), "change_percent": (float(s[c]) / float(base[c]) - 1) * 100})
    return pd.DataFrame(rows)


# --- tariffs for any hospital -----------------------------------------------------------------
def inpatient_classes(hospital) -> list[str]:
    """Production centers measured in patient-days (the tariff classes); all production centers if none."""
    prod = hospital.centers[~hospital.is_support]
    unit = prod["output_unit"].fillna("").astype(str).str.lower()
    days = prod.loc[unit.str.contains("patient-day") | unit.str.contains("hari"), "center"].tolist()
    return days or prod["center"].tolist()


def read_atp_wtp(path) -> pd.DataFrame:
    """An optional ATP/WTP file for another hospital: columns ``class, ATP, WTP`` (Rp per patient-day)."""
    from jkncost.errors import InputError, Problem
    from jkncost.money import parse_rupiah

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.columns = [c.strip() for c in df.columns]
    missing = [c for c in ("class", "ATP", "WTP") if c not in df.columns]
    if missing:
        raise InputError(Problem(getattr(path, "name", str(path)), f"required columns missing: {', '.join(missing)}",
                                 row=1))
    out = pd.DataFrame({"class": df["class"].str.strip()})
    for col in ("ATP", "WTP"):
        out[col] = [parse_rupiah(v) if v.strip() else math.nan for v in df[col]]
    return out.set_index("class")


def tariff_table(uc: pd.DataFrame, classes: list[str], rule: str = RULE["rule"], fraction: float = RULE["fraction"],
                 markup: float = 0.0, atp_wtp: pd.DataFrame | None = None, pasangkayu: bool = True) -> pd.DataFrame:
    """Rational tariff per class from the reproduced UC3, and the CRRs.

    ``uc`` is a ``unit_cost`` table (center, UC3 ...). ATP and WTP come from ``atp_wtp`` (index
    class) when given; for Pasangkayu (``pasangkayu=True``) from Tabel 4. A rule that needs ATP or
    WTP fails (:class:`~jkncost.errors.InputError`) when they are not given.

    Columns: ``class, UC3, ATP, WTP, rule, rational_tariff``, and for Pasangkayu
    ``perda_main, perda_intro, CRR_perda_main, CRR_perda_intro, CRR_rational`` (percent, tariff /
    UC3; A16), ``published_rational, difference`` (against Tabel 4).
    """
    u = uc.set_index("center")["UC3"].reindex(classes).astype(float)
    out = pd.DataFrame({"class": classes, "UC3": u.to_numpy()})
    if atp_wtp is not None:
        aw = atp_wtp.reindex(classes)
        out["ATP"], out["WTP"] = aw["ATP"].to_numpy(dtype=float), aw["WTP"].to_numpy(dtype=float)
    elif pasangkayu:
        t = table4().reindex(classes)
        out["ATP"], out["WTP"] = t["ATP"].to_numpy(), t["WTP"].to_numpy()
    else:
        out["ATP"], out["WTP"] = math.nan, math.nan
    from jkncost.costing.tariff import RULES

    needs = RULES[rule].needs if rule in RULES else ()
    cols = {"uc": "UC3", "atp": "ATP", "wtp": "WTP"}
    args = {k: (pd.Series(out[col].to_numpy(dtype=float), index=classes)
                if k in needs and out[col].notna().any() else None) for k, col in cols.items()}
    out["rule"] = rule_label(rule, fraction, markup)
    out["rational_tariff"] = rational_tariff(args["uc"], args["atp"], args["wtp"], rule=rule, fraction=fraction,
                                             markup=markup).to_numpy()
    if pasangkayu:
        out["perda_main"] = [published_value("Perda tariff", c, source=PERDA_MAIN) for c in classes]
        out["perda_intro"] = [published_value("Perda tariff", c, source=PERDA_INTRO) for c in classes]
        for col in ("perda_main", "perda_intro"):
            out[f"CRR_{col}"] = cost_recovery_rate(out[col], out["UC3"]).to_numpy()
        out["CRR_rational"] = cost_recovery_rate(out["rational_tariff"], out["UC3"]).to_numpy()
        out["published_rational"] = table4().reindex(classes)["rational tariff"].to_numpy()
        out["difference"] = out["rational_tariff"] - out["published_rational"]
    else:
        out["CRR_rational"] = cost_recovery_rate(out["rational_tariff"], out["UC3"]).to_numpy()
    return out


def rule_label(rule: str, fraction: float, markup: float) -> str:
    if rule == "fraction_of_uc":
        return f"fraction_of_uc (fraction={fraction:g})"
    if rule == "markup":
        return f"markup (markup={markup:g})"
    return rule


def table5() -> pd.DataFrame:
    """Tabel 5 per class (Rp per case) with the per-day figures and the lengths of stay they imply.

    ``implied_los_rational = rational per case / rational per day (Tabel 4)``, likewise for Perda
    (main set, A16). Where the two differ, Tabel 5 is not per-day tariff x one length of stay.
    """
    p = published()
    t5 = p[p["source"] == f"{SEED}, Tabel 5"].pivot(index="class_or_center", columns="figure", values="value")
    classes = [c for c in CLASSES if c in t5.index]
    t5 = t5.reindex(classes)
    t4 = table4().reindex(classes)
    out = pd.DataFrame({"class": classes, "rational_per_case": t5["rational tariff per case"].to_numpy(),
                        "inacbg": t5["INA-CBG tariff"].to_numpy(), "perda_per_case": t5["Perda tariff per case"].to_numpy(),
                        "rational_per_day": t4["rational tariff"].to_numpy(),
                        "perda_per_day": [published_value("Perda tariff", c, source=PERDA_MAIN) for c in classes]})
    out["implied_los_rational"] = out["rational_per_case"] / out["rational_per_day"]
    out["implied_los_perda"] = out["perda_per_case"] / out["perda_per_day"]
    out["CRR_inacbg_vs_rational"] = cost_recovery_rate(out["inacbg"], out["rational_per_case"]).to_numpy()
    return out


# --- the closing table --------------------------------------------------------------------------
def _where(source: str) -> str:
    return source.replace(f"{SEED}, ", "").split(" (")[0]


def _audit_notes() -> dict[str, str]:
    ch = source_checks()
    ch = ch[ch["kind"].isin(["text vs table", "text vs text"]) & ch["discrepancy"].astype(bool)]
    return {loc: note for loc, note in zip(ch["location"], ch["note"].fillna(""))}


def _not_reproduced(figure: str, value: float, src_note: str, *, note: str, **kw) -> Comparison:
    """A published figure with nothing to reproduce it from; a discrepancy of the source is named in the note."""
    if src_note:
        note += f"; discrepancy in the source: {src_note}"
    return Comparison(figure, value, None, NOT_REPRODUCIBLE, note=note, **kw)


def headline_comparison(uc3: pd.Series, rational: pd.Series, method: str = BACKSOLVE_METHOD,
                        split: str = "default", rule: str = RULE["rule"], fraction: float = RULE["fraction"],
                        markup: float = 0.0) -> pd.DataFrame:
    """Every headline figure of the paper beside its reproduction, with an honest status.

    ``uc3`` and ``rational``: the reproduced UC3 and rational tariff per class (Series indexed by
    class), from the engine run with the notebook's parameters. One row per published figure in
    :data:`HEADLINE_FIGURES` (each place it is printed) and the three cost totals of Tabel 1-3.
    Columns of :data:`jkncost.compendium.comparison.COLUMNS`.
    """
    from jkncost.compendium.comparison import EXACT

    p = published()
    audit = _audit_notes()
    hcr = hospital_cost_recovery().set_index(hospital_cost_recovery()["year"].astype(int).astype(str))
    c = costs()
    t5 = table5().set_index("class")
    rule_l = rule_label(rule, fraction, markup)
    respondents = published_value("ATP/WTP sample size", "respondents")
    operating = float(c.loc[c["category"].isin(["SVC", "VC"]), "amount"].sum())
    rows: list[Comparison] = []
    assumed_run = f"method {method}, split {split} ({SPLITS[split]})"
    for r in p.itertuples(index=False):
        where = _where(r.source)
        who, fig = r.class_or_center, r.figure
        year = r.year if isinstance(r.year, str) else ""
        loc = f"{r.source.replace(SEED + ', ', '')}: {fig}, {who}"
        src_note = audit.get(loc, "")
        table_total = fig in TABLES and who == "TOTAL" and ", Tabel " in r.source
        if fig not in HEADLINE_FIGURES and not table_total:
            continue
        name = f"{fig} {who}" + (f" {year}" if year else "") + f" [{where}]"
        kw = {"unit": r.unit, "source": r.source}
        if table_total:
            rep = float(c.loc[c["category"] == fig, "amount"].sum())
            st = classify(r.value, rep)
            note = "sum of the transcribed parts (costs.csv), within the printed rounding"
            if st != EXACT:
                st = ASSUMED
                note += (f"; differs from the printed total by Rp {rep - r.value:,.0f} (rounding in the source, "
                         "see source_audit.csv); the parts are taken as correct")
            rows.append(Comparison(name, r.value, rep, st, note=note, **kw))
        elif fig == "UC3":
            rep = float(uc3.get(who, math.nan))
            st = classify(r.value, rep, assumed=True)
            if st == ASSUMED:
                note = f"{_BACKSOLVE_NOTE}; {assumed_run}; TC3 per class (not published) rests on A01/A02-A06, A12"
            elif where.startswith("Kesimpulan") and r.value != _uc3_published().get(who):
                note = (f"discrepancy in the source: the conclusion prints {r.value:,.0f}, Tabel 4 prints "
                        f"{_uc3_published()[who]:,.0f} (see source_audit.csv); the reproduction follows Tabel 4 (A17)")
            else:
                note = (f"UC3 with the patient-days back-solved under {BACKSOLVE_METHOD}/A01 (A17) but {assumed_run}: "
                        "the published UC3 is not obtained under these parameters")
                if src_note:
                    note += f"; source: {src_note}"
            rows.append(Comparison(name, r.value, rep, st, note=note, **kw))
        elif fig == "rational tariff":
            rep = float(rational.get(who, math.nan))
            st = classify(r.value, rep, assumed=True)
            note = (f"{rule_l} applied to the reproduced UC3; rule identified from Tabel 4, not stated in the paper "
                    f"(A15); UC3 from back-solved patient-days (A17), so the agreement is by construction: what it "
                    f"shows is that one rule links Tabel 4's UC3 and rational tariff in every class; {assumed_run}")
            if st != ASSUMED:
                note = "outside Rp 1 with these parameters: " + note
            rows.append(Comparison(name, r.value, rep, st, note=note, **kw))
        elif fig in ("ATP", "WTP", "ATP/WTP sample size"):
            rows.append(_not_reproduced(name, r.value, src_note, **kw,
                                        note=f"survey result ({respondents:.0f} respondents, accidental sampling); the "
                                             "responses are not published, so it can only be used as an input, not "
                                             "reproduced"))
        elif fig == "rational tariff per case":
            los = t5.loc[who, "implied_los_rational"] if who in t5.index else math.nan
            rows.append(_not_reproduced(name, r.value, src_note, **kw,
                                        note="per jenis tindakan: the case mix, procedures and length of stay behind "
                                             f"it are not published; it equals Tabel 4's rational tariff per day x "
                                             f"{los:.2f} days, a length of stay the paper never states"))
        elif fig == "INA-CBG tariff":
            rows.append(Comparison(name, r.value, None, NOT_REPRODUCIBLE, **kw,
                                   note="Permenkes 52/2016 tariff for a government class D hospital; the INA-CBG group "
                                        "(code, severity) is not named and the tariff table is not in the project"))
        elif fig == "Perda tariff per case":
            los = t5.loc[who, "implied_los_perda"] if who in t5.index else math.nan
            rows.append(Comparison(name, r.value, None, NOT_REPRODUCIBLE, **kw,
                                   note="the Perda per-case tariff needs the procedures of a case, not published; "
                                        f"it equals the A16 per-day Perda tariff x {los:.2f} days"))
        elif fig == "Perda tariff":
            main = published_value("Perda tariff", who, source=PERDA_MAIN)
            # a tariff set by regulation is an input of the study, never a result: nothing to reproduce
            if r.value == main:
                rows.append(Comparison(name, r.value, None, NOT_REPRODUCIBLE, **kw,
                                       note="an input (Perda No. 4/2016), not a result: the Pembahasan/Kesimpulan set is "
                                            "used as the tariff in force (A16); the Perda text is not in the project"))
            else:
                rows.append(Comparison(name, r.value, None, NOT_REPRODUCIBLE, **kw,
                                       note=f"an input, not a result; the introduction prints another per-day tariff for "
                                            f"the same Perda No. 4/2016 than the set used (A16: Rp {main:,.0f}); the two "
                                            f"cannot be checked without the Perda (source_audit.csv)"))
        elif fig in ("operating cost", "revenue"):
            rows.append(Comparison(name, r.value, None, NOT_REPRODUCIBLE, **kw,
                                   note="from the hospital's 2016/2017 financial report, which is not published; used as "
                                        "given. Not comparable with Tabel 1-3 (FC is annualized investment; SVC + VC = "
                                        f"Rp {operating / 1e9:.2f} billion)"))
        elif fig == "operating deficit":
            rep = float(hcr.loc[year, "deficit_recomputed"])
            rows.append(Comparison(name, r.value, rep, classify(r.value, rep), **kw,
                                   note="arithmetic from the two printed inputs: operating cost - revenue"))
        elif fig == "operating deficit share":
            rep = float(hcr.loc[year, "deficit_share_percent"])
            st = classify(r.value, rep, tolerance=0.05)
            rows.append(Comparison(name, r.value, rep, st, **kw,
                                   note=f"(cost - revenue) / cost x 100 = 100 - CRR (CRR {hcr.loc[year, 'CRR_percent']:.2f}%),"
                                        " printed to 1 decimal; holds for this year" if st == EXACT else
                                        "does not hold: (cost - revenue) / cost x 100"))
    return comparison_table(rows)


def summary(result_uc: pd.DataFrame, tariffs: pd.DataFrame, comparison: pd.DataFrame | None, *, hospital: str,
            study: bool, method: str, split: str, rule: str, fraction: float, markup: float, bor: float,
            audit: pd.DataFrame | None = None) -> dict:
    """A flat dict of key numbers for ``summary.json`` (read by sweep tools): keys sorted, numbers rounded."""
    from jkncost.compendium.comparison import status_counts

    def key(s: str) -> str:
        return s.replace(" ", "_").replace("/", "_")

    out: dict = {"hospital": hospital, "study_folder": bool(study), "method": method, "split": split if study else "",
                 "rule": rule_label(rule, fraction, markup), "bor": float(bor)}
    for r in result_uc.itertuples(index=False):
        out[f"output_{key(r.center)}"] = round(float(r.output), 4)
        out[f"UC3_{key(r.center)}"] = round(float(r.UC3), 2)
    for r in tariffs.to_dict("records"):
        out[f"rational_tariff_{key(r['class'])}"] = round(float(r["rational_tariff"]), 2)
        for col in ("CRR_perda_main", "CRR_rational"):
            if col in r:
                out[f"{col}_{key(r['class'])}"] = round(float(r[col]), 4)
    if comparison is not None:
        for s, n in status_counts(comparison).items():
            out[f"n_{key(s)}"] = n
        out["n_figures"] = int(len(comparison))
    if audit is not None:
        out["n_source_discrepancies"] = int(len(audit))
    if study:
        for r in hospital_cost_recovery().itertuples():
            out[f"hospital_CRR_{int(r.year)}"] = round(float(r.CRR_percent), 4)
            out[f"deficit_share_{int(r.year)}"] = round(float(r.deficit_share_percent), 4)
    return {k: out[k] for k in sorted(out)}


# --- labels and figures -------------------------------------------------------------------------
LABELS = {
    "en": {"UC3": "UC3", "ATP": "ATP", "WTP": "WTP", "perda_main": "Perda (Pembahasan set, A16)",
           "perda_intro": "Perda (Pendahuluan set)", "rational_tariff": "rational tariff",
           "rp_day": "Rp per patient-day", "rp_case": "Rp per case", "class": "inpatient class",
           "inacbg": "INA-CBG tariff", "rational_per_case": "rational tariff per case",
           "perda_per_case": "Perda tariff per case", "tariffs": "Unit cost, ability and willingness to pay, tariffs",
           "per_case": "Tariff per case (Tabel 5)", "sensitivity": "Sensitivity of UC3 (change from the base case, %)",
           "change": "change of UC3 (%)", "outputs": "patient-days", "method": "allocation method",
           "bases": "allocation bases", "split": "support/production split", "patient_days": "patient-days",
           "figure": "figure", "published": "published", "reproduced": "reproduced", "difference": "difference",
           "status": "status"},
    "id": {"UC3": "UC3", "ATP": "ATP (kemampuan membayar)", "WTP": "WTP (kemauan membayar)",
           "perda_main": "Perda (versi Pembahasan, A16)", "perda_intro": "Perda (versi Pendahuluan)",
           "rational_tariff": "tarif rasional", "rp_day": "Rp per hari rawat", "rp_case": "Rp per kasus",
           "class": "kelas perawatan", "inacbg": "tarif INA-CBG", "rational_per_case": "tarif rasional per kasus",
           "perda_per_case": "tarif Perda per kasus", "tariffs": "Biaya satuan, ATP, WTP dan tarif",
           "per_case": "Tarif per kasus (Tabel 5)", "sensitivity": "Sensitivitas UC3 (perubahan dari kasus dasar, %)",
           "change": "perubahan UC3 (%)", "outputs": "hari rawat", "method": "metode distribusi",
           "bases": "dasar alokasi", "split": "pembagian penunjang/produksi", "patient_days": "hari rawat",
           "figure": "angka", "published": "dipublikasikan", "reproduced": "direproduksi", "difference": "selisih",
           "status": "status"},
}


def label(key: str, lang: str = "en") -> str:
    """Label in ``lang`` (``en``/``id``): this study's labels, then :func:`jkncost.plots.label`."""
    from jkncost import plots

    if lang not in LABELS:
        raise ValueError(f"lang must be one of {sorted(LABELS)}, got {lang!r}")
    if key in LABELS[lang]:
        return LABELS[lang][key]
    return plots.label(key, lang)


def _grouped_bars(wide: pd.DataFrame, *, ylabel: str, title: str, note: str | None, lang: str):
    import matplotlib.pyplot as plt
    import numpy as np

    from jkncost.plots import caption

    cols = [c for c in wide.columns if wide[c].notna().any()]
    fig, ax = plt.subplots(figsize=(max(6.0, 1.6 * len(wide) + 2), 4.2))
    x = np.arange(len(wide))
    width = 0.8 / max(len(cols), 1)
    for k, col in enumerate(cols):
        ax.bar(x + (k - (len(cols) - 1) / 2) * width, wide[col] / 1e3, width, label=label(col, lang))
    ax.set_xticks(x, wide.index)
    ax.set_ylabel(f"{ylabel} ('000)")
    ax.set_title(title)
    ax.legend(fontsize=8)
    caption(fig, note)
    fig.tight_layout()
    return fig


def tariff_bars(tariffs: pd.DataFrame, *, lang: str = "en", note: str | None = None):
    """UC3, ATP, WTP, Perda (both sets) and rational tariff per class (thousand Rp per patient-day)."""
    cols = [c for c in ("UC3", "ATP", "WTP", "perda_main", "perda_intro", "rational_tariff") if c in tariffs]
    return _grouped_bars(tariffs.set_index("class")[cols], ylabel=label("rp_day", lang),
                         title=label("tariffs", lang), note=note, lang=lang)


def per_case_bars(t5: pd.DataFrame, *, lang: str = "en", note: str | None = None):
    """Tabel 5: INA-CBG, rational and Perda tariff per case, per class (thousand Rp)."""
    return _grouped_bars(t5.set_index("class")[["inacbg", "rational_per_case", "perda_per_case"]],
                         ylabel=label("rp_case", lang), title=label("per_case", lang), note=note, lang=lang)


def sensitivity_plot(sens: pd.DataFrame, *, lang: str = "en", note: str | None = None):
    """Change of UC3 from the base case per scenario (rows) and class (bars)."""
    import matplotlib.pyplot as plt
    import numpy as np

    from jkncost.plots import caption

    sens = sens.assign(row=sens["group"].map(lambda g: label(g, lang)) + ": " + sens["scenario"])
    wide = sens.pivot(index="row", columns="class", values="change_percent")
    classes = list(dict.fromkeys(sens["class"]))
    wide = wide.reindex(index=list(dict.fromkeys(sens["row"])), columns=classes)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(wide) + 1.8))
    y = np.arange(len(wide))
    h = 0.8 / len(classes)
    for k, c in enumerate(classes):
        ax.barh(y + (k - (len(CLASSES) - 1) / 2) * h, wide[c], h, label=c)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, wide.index, fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("symlog", linthresh=10)
    ax.set_xlabel(label("change", lang))
    ax.set_title(label("sensitivity", lang))
    ax.legend(fontsize=8)
    caption(fig, note)
    fig.tight_layout()
    return fig
