"""Pasangkayu (seed 002): the source checked against itself (:func:`source_audit`)."""

from __future__ import annotations

import hashlib
import math
import re

import pandas as pd

from jkncost.core.audit import COLUMNS as AUDIT_COLUMNS
from jkncost.core.audit import audit_table, compare

from .readers import (AUDIT_OUTPUT_COLUMNS, CLASSES, PERDA_INTRO, PERDA_MAIN, SEED, TABLES, _is_table, costs,
                      folder, printed_table, published, published_value, table4)
from .tariffs import hospital_cost_recovery


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


_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})?(?:\1\d{3})*$")


def printed_digits_malformed(printed: str) -> bool:
    """True when a printed rupiah amount is not a well-formed number (a digit group of the wrong length).

    Currency marks and the trailing ``,-`` are ignored; what is left must be plain digits or
    digit groups of three after the first, with one separator throughout.

    >>> printed_digits_malformed("Rp.1.190.94,-"), printed_digits_malformed("Rp. 1,275,821,-")
    (True, False)
    """
    t = re.sub(r"(?i)rp\.?", "", str(printed)).strip()
    t = re.sub(r"[\s,.\-\u2013]+$", "", t).lstrip(" .,")
    return not (t.isdigit() or bool(_GROUPED.match(t)))


def _typos() -> list[dict]:
    """Printed amounts whose digit groups are malformed: the reading used, and what was printed."""
    p = published()
    rows = []
    for r in p[p["unit"].str.startswith("Rp")].itertuples(index=False):
        if not printed_digits_malformed(r.printed):
            continue
        literal = float(re.sub(r"\D", "", r.printed))
        where = r.source.replace(f"{SEED}, ", "")
        check = compare(f"{where}: {r.figure}, {r.class_or_center}", literal, r.value,
                        check="printed digits vs the reading used", table=where.split(",")[0])
        # a dropped digit is not a gap between two amounts: no difference is reported
        rows.append({**check, "difference": math.nan, "discrepancy": True, "kind": "typo", "unit": r.unit,
                     "note": f"printed '{r.printed}': {r.note}" if isinstance(r.note, str) and r.note else
                             f"printed '{r.printed}'"})
    return rows


def _method_paragraph() -> list[dict]:
    """The default support/production split (A01) against what the method paragraph says."""
    base = {"table": "", "row": "", "column": "", "tolerance": 0.0, "unit": "", "printed": math.nan,
            "recomputed": math.nan, "difference": math.nan}
    return [{**base, "kind": "method vs assumption", "location": "Bahan dan Metode, Analisis data",
             "check": "support/production split A01 vs the method paragraph", "discrepancy": True,
             "note": "the paragraph sends stage 1 'dari unit penunjang ... ke unit produksi (rawat inap)' and stage 2 "
                     "'lagi ke unit rawat inap, sehingga biaya di unit penunjang habis terbagi ke unit rawat "
                     "produksi': the production units are the inpatient wards and every other center is support "
                     "(A02, the study default); A01 keeps 14 clinical centers as production, against the text"}]


#: The last checks computed, by :func:`_transcription_key` (the notebook asks for them three times).
_CHECKS: dict[tuple, pd.DataFrame] = {}


def _transcription_key() -> tuple:
    """What :func:`source_checks` reads: every file of ``data/raw/pasangkayu``, by its bytes."""
    f = folder()
    return (str(f.resolve()), tuple((p.name, hashlib.blake2b(p.read_bytes(), digest_size=20).digest())
                                    for p in sorted(f.iterdir()) if p.is_file()))


def source_checks() -> pd.DataFrame:
    """Every check of the source, passed or not (see :func:`source_audit`).

    Computed once per process for the same transcription (the files of ``data/raw/pasangkayu``, by their bytes);
    each call gets its own copy.
    """
    key = _transcription_key()
    checks = _CHECKS.get(key)
    if checks is None:
        rows = (_table_arithmetic() + _text_vs_tables() + _finance() + _claims() + _labels() + _typos()
                + _method_paragraph())
        checks = pd.DataFrame.from_records(rows).reindex(columns=AUDIT_OUTPUT_COLUMNS).reset_index(drop=True)
        _CHECKS.clear()
        _CHECKS[key] = checks
    return checks.copy()


def source_audit() -> pd.DataFrame:
    """Every discrepancy of the source with its size and location.

    Kinds: ``table arithmetic`` (row totals, column totals, percentages of Tables 1-3),
    ``text vs table`` (text figures against Tables 1-5), ``text vs text`` (the Perda tariffs printed
    twice), ``text arithmetic`` (the introduction's deficit and 75,4%), ``claim vs numbers``
    (statements such as "below ATP" against the tables), ``label`` (years, headers, names),
    ``typo`` (a printed amount with a malformed digit group, and the reading used),
    ``method vs assumption`` (an assumption that the paper's own method text contradicts).
    ``difference = printed - recomputed`` (for claims: left - right of the comparison).
    The notebook writes this as ``data/processed/pasangkayu/source_audit.csv``.

    >>> a = source_audit()
    >>> int((a["kind"] == "table arithmetic").sum()), float(a.loc[a["kind"] == "table arithmetic", "difference"].abs().max())
    (33, 3.0)
    """
    checks = source_checks()
    return checks.loc[checks["discrepancy"].astype(bool)].reset_index(drop=True)

