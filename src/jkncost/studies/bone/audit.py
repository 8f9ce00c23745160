"""Seed 004: the paper checked against itself (:func:`source_audit`)."""

from __future__ import annotations

import math

import pandas as pd

from jkncost.costing import rvu as rvu_mod
from jkncost.errors import InputError, Problem

from .model import departures, markup_fit
from .readers import UNIT_COST_CENTER, UNIT_TABLE

# ------------------------------------------------------------------------------------------- the audit

_AUDIT_COLUMNS = ["check", "location", "published", "expected", "difference", "status", "note"]


def _row(check, location, published, expected, status, note):
    diff = (float(published) - float(expected)) if published is not None and expected is not None else math.nan
    return {"check": check, "location": location, "published": published, "expected": expected,
            "difference": diff, "status": status, "note": note}


def _text(text: pd.DataFrame, figure: str) -> pd.Series:
    hit = text[text["figure"] == figure]
    if hit.empty:
        raise InputError(Problem("published_text.csv", f"no figure {figure!r}", column="figure"))
    return hit.iloc[0]


def _share_interval(value: float, share_pct: float) -> tuple[float, float]:
    """Totals consistent with ``value`` being ``share_pct`` % (rounded to 0.1) of the total; a share that
    rounds to 0.0 % bounds the total from below only (the upper end is infinite).

    >>> _share_interval(50.0, 50.0)[0] < 100 < _share_interval(50.0, 50.0)[1]
    True
    >>> _share_interval(1.0, 0.0)
    (2000.0, inf)
    """
    low = value / ((share_pct + 0.05) / 100) if share_pct + 0.05 > 0 else math.inf
    high = value / ((share_pct - 0.05) / 100) if share_pct - 0.05 > 0 else math.inf
    return low, high


def source_audit(data: dict[str, pd.DataFrame], *, factor: float | None = None, bor: float = 0.8) -> pd.DataFrame:
    """Check the paper against itself: totals, cross-references, repeated figures, identities.

    Every row is one check with ``status`` ``consistent``, ``discrepancy`` or ``derived`` (a figure
    the text implies but does not print). ``difference`` is ``published - expected``; the
    ``note`` says where and why.
    """
    proc, classes, text = data["procedures"], data["classes"], data["text"]
    if factor is None:
        factor = markup_fit(proc)["factor"]
    rows = []
    V = {f: float(_text(text, f)["value"]) for f in text["figure"]}

    # 1. asumsi tarif = factor x unit cost
    for _, r in departures(proc, factor).iterrows():
        rows.append(_row("asumsi tarif = factor x unit cost", f"Tabel {r['table']} no {r['no']} {r['procedure']}",
                         r["asumsi_tarif"], r["expected"], "discrepancy",
                         f"published / unit cost = {r['implied_factor']:.4f}, not {factor:g}"))
    n_ok = len(proc) - len(departures(proc, factor))
    rows.append(_row("asumsi tarif = factor x unit cost", "Tabel 1-4, all other rows", None, None, "consistent",
                     f"{n_ok} of {len(proc)} rows equal {factor:g} x unit cost at the published rounding"))

    # 2. numbering of the tables
    for unit, group in proc.groupby("unit", sort=False):
        nos = sorted(group["no"])
        gaps = sorted(set(range(1, max(nos) + 1)) - set(nos))
        if gaps:
            rows.append(_row("table rows numbered 1..n", f"Tabel {UNIT_TABLE[unit]}", len(nos), max(nos),
                             "discrepancy", f"numbers {', '.join(map(str, gaps))} are missing: {len(nos)} rows, "
                                            f"numbered up to {max(nos)}"))

    # 3. text tariffs per unit vs the tables
    tariff_text = text[text["quantity"] == "tariff_procedure"]
    for _, t in tariff_text.iterrows():
        group = proc[proc["unit"] == t["subject"]]
        target = group["usulan_tarif"].max() if t["extreme"] in ("largest", "only") else group["usulan_tarif"].min()
        at = set(group.loc[group["usulan_tarif"] == target, "procedure"])
        named = {p.strip() for p in t["procedures"].split(";") if p.strip()}
        ok = float(t["value"]) == target and named == at
        note = f"{t['extreme']} proposal of Tabel {UNIT_TABLE[t['subject']]}"
        if named != at:
            note += f"; text names {len(named)} procedures, the table has {len(at)} at this value"
        rows.append(_row("text tariff = table proposal", f"{t['section']} ({t['figure']})", float(t["value"]),
                         float(target), "consistent" if ok else "discrepancy", note))
        if t["section"] in ("Abstrak", "Abstract"):
            a_target = (group["asumsi_tarif"].max() if t["extreme"] in ("largest", "only")
                        else group["asumsi_tarif"].min())
            rows.append(_row("abstract 'asumsi tarif' = table asumsi tarif", f"{t['section']} ({t['figure']})",
                             float(t["value"]), float(a_target),
                             "consistent" if float(t["value"]) == a_target else "discrepancy",
                             "the abstract calls it 'asumsi tarif ... berdasarkan unit cost' but prints the "
                             "proposal ('usulan'), not the 'asumsi tarif' column"))

    # 4. repeated figures agree across sections
    keyed = text.assign(key=text["quantity"] + "|" + text["scope"] + "|" + text["subject"] + "|" + text["extreme"])
    for key, group in keyed.groupby("key", sort=True):
        if len(group) > 1:
            vals = group["value"].astype(float).unique()
            rows.append(_row("repeated figure agrees", "; ".join(group["section"]), float(group["value"].iloc[0]),
                             float(group["value"].iloc[-1]), "consistent" if len(vals) == 1 else "discrepancy",
                             key.replace("|", " / ")))

    # 5. inpatient classes: abstract and conclusion vs Tabel 5
    for _, c in classes.iterrows():
        for f in text[(text["quantity"] == "uc_class_normative_bor80") & (text["subject"] == c["class"])]["figure"]:
            t = _text(text, f)
            rows.append(_row("'normative BOR 80%' figure = Tabel 5 BOR normatif", f"{t['section']} {c['class']}",
                             float(t["value"]), c["bor_normatif_80"],
                             "consistent" if float(t["value"]) == c["bor_normatif_80"] else "discrepancy",
                             "the text says unit cost at normative output (BOR 80%)"))
            rows.append(_row("'normative BOR 80%' figure = Tabel 5 Tarif Rasional", f"{t['section']} {c['class']}",
                             float(t["value"]), c["tarif_rasional"],
                             "consistent" if float(t["value"]) == c["tarif_rasional"] else "discrepancy",
                             "the figure is the rational tariff, i.e. the 'BOR aktual' column rounded"))
        for f in text[(text["quantity"] == "tariff_class_bor_actual") & (text["subject"] == c["class"])]["figure"]:
            t = _text(text, f)
            rows.append(_row("text 'BOR aktual' tariff = Tabel 5 BOR aktual", f"{t['section']} {c['class']}",
                             float(t["value"]), c["bor_aktual"],
                             "consistent" if float(t["value"]) == c["bor_aktual"] else "discrepancy", ""))
        expected = round(c["unit_cost"] * bor)
        rows.append(_row("Tabel 5 'BOR normatif' computed as Unit Cost x BOR (wrong formula)", f"Tabel 5 {c['class']}",
                         c["bor_normatif_80"], expected,
                         "discrepancy" if abs(c["bor_normatif_80"] - expected) <= 1 else "consistent",
                         f"equals Unit Cost x {bor:g}; the column is UC-3 (variable cost per actual patient-day, "
                         "see the Pembahasan), and variable cost follows output, so its normative value is the "
                         "Unit Cost itself at any occupancy (spec convention); multiplying by the BOR has no basis"))
    ratio = classes["bor_aktual"] / classes["unit_cost"]
    rows.append(_row("Tabel 5 'BOR aktual' follows from 'Unit Cost'", "Tabel 5, all classes", None, None,
                     "discrepancy" if ratio.max() - ratio.min() > 0.01 else "consistent",
                     f"'BOR aktual' / 'Unit Cost' ranges {ratio.min():.3f} to {ratio.max():.3f} "
                     f"({', '.join(f'{c}: {x:.3f}' for c, x in zip(classes['class'], ratio))}); no common factor"))

    # 6. class UC extremes (Pembahasan) vs Tabel 5 and vs the production-center extremes (Hasil)
    uc3_max = classes.loc[classes["unit_cost"].idxmax()]
    uc3_min = classes.loc[classes["unit_cost"].idxmin()]
    for f, row in (("dis_class_uc3_max", uc3_max), ("dis_class_uc3_min", uc3_min)):
        t = _text(text, f)
        ok = t["subject"] == row["class"] and float(t["value"]) == row["unit_cost"]
        rows.append(_row("class UC-3 extreme = Tabel 5 Unit Cost", f"Pembahasan ({f})", float(t["value"]),
                         row["unit_cost"], "consistent" if ok else "discrepancy",
                         f"text: {t['subject']}; Tabel 5: {row['class']}"))
    for q in ("UC1", "UC2", "UC3"):
        pc_max, cl_max = _text(text, f"res_{q.lower()}_max"), _text(text, f"dis_class_{q.lower()}_max")
        pc_min, cl_min = _text(text, f"res_{q.lower()}_min"), _text(text, f"dis_class_{q.lower()}_min")
        ok = float(pc_max["value"]) >= float(cl_max["value"])
        rows.append(_row(f"largest {q} of production centers >= largest {q} of classes",
                         f"Hasil ({pc_max['subject']}) vs Pembahasan ({cl_max['subject']})", float(pc_max["value"]),
                         float(cl_max["value"]), "consistent" if ok else "discrepancy",
                         "" if ok else f"the classes are production centers, so {cl_max['subject']} "
                                       f"({float(cl_max['value']):,.0f}) cannot exceed the largest {q}"))
        ok = float(pc_min["value"]) <= float(cl_min["value"])
        rows.append(_row(f"smallest {q} of production centers <= smallest {q} of classes",
                         f"Hasil ({pc_min['subject']}) vs Pembahasan ({cl_min['subject']})", float(pc_min["value"]),
                         float(cl_min["value"]), "consistent" if ok else "discrepancy", ""))
    t = _text(text, "res_uc3_max")
    vip = classes[classes["class"] == "Kelas VIP Utama"].iloc[0]
    rows.append(_row("Hasil UC-3 of Kelas VIP Utama = Tabel 5 Unit Cost", "Hasil: Biaya Satuan (res_uc3_max)",
                     float(t["value"]), vip["unit_cost"],
                     "consistent" if float(t["value"]) == vip["unit_cost"] else "discrepancy",
                     f"the Hasil's {float(t['value']):,.0f} is Tabel 5's 'BOR aktual' value "
                     f"({vip['bor_aktual']:,.0f}), not its Unit Cost ({vip['unit_cost']:,.0f})"
                     if float(t["value"]) == vip["bor_aktual"] else ""))
    for cls in ("Kelas III",):
        u1, u2, u3 = (V[f"dis_class_uc{k}_min"] for k in (1, 2, 3))
        ok = u1 >= u2 >= u3
        rows.append(_row("UC-1 >= UC-2 >= UC-3", f"Pembahasan {cls}", None, None, "consistent" if ok else "discrepancy",
                         f"{u1:,.0f} >= {u2:,.0f} >= {u3:,.0f}"))
    gap = V["dis_class_3_perda_gap"]
    rows.append(_row("Perda tariff Kelas III implied", "Pembahasan (dis_class_3_perda_gap)", gap,
                     None, "derived", f"UC-3 {V['dis_class_uc3_min']:,.0f} + ({gap:,.0f}) = Perda tariff "
                                      f"Rp {V['dis_class_uc3_min'] + gap:,.0f}"))

    # 7. cost identities TC1 = FC + SVC + VC, TC2 = SVC + VC, TC3 = VC
    fc_k, svc_k = V["res_fc_max"], V["res_svc_max"]
    tc1_k, tc2_k = V["res_tc1_max"], V["res_tc2_max"]
    rows.append(_row("TC1 - TC2 = FC", f"Hasil, {_text(text, 'res_fc_max')['subject']} (FC {fc_k:,.0f}; TC1; TC2)",
                     fc_k, tc1_k - tc2_k,
                     "consistent" if abs(fc_k - (tc1_k - tc2_k)) <= 1 else "discrepancy",
                     f"TC1 - FC - SVC gives VC {tc1_k - fc_k - svc_k:,.0f}, TC2 - SVC gives VC {tc2_k - svc_k:,.0f}"))
    fc_l = V["res_tc1_min"] - V["res_tc2_min"]
    svc_l = V["res_tc2_min"] - V["res_tc3_min"]
    rows.append(_row("smallest FC >= Laundry FC (TC1 - TC2)", "Hasil: Biaya Tetap vs Biaya Total (Laundry)",
                     V["res_fc_min"], fc_l, "consistent" if V["res_fc_min"] <= fc_l else "discrepancy",
                     f"Laundry FC = TC1 - TC2 = {fc_l:,.0f} is below the 'smallest' FC (Hemodialisa)"))
    rows.append(_row("smallest SVC >= Laundry SVC (TC2 - TC3)", "Hasil: Biaya Semi Variabel vs Biaya Total (Laundry)",
                     V["res_svc_min"], svc_l, "consistent" if V["res_svc_min"] <= svc_l else "discrepancy",
                     f"Laundry SVC = TC2 - TC3 = {svc_l:,.0f} is below the 'smallest' SVC (Rawat Inap Kelas II)"))
    for tc, vc in (("res_tc3_max", "res_vc_max"), ("res_tc3_min", "res_vc_min")):
        a, b = _text(text, tc), _text(text, vc)
        ok = a["subject"] == b["subject"] and float(a["value"]) == float(b["value"])
        rows.append(_row("TC3 = VC", f"Hasil ({tc} vs {vc})", float(a["value"]), float(b["value"]),
                         "consistent" if ok else "discrepancy", f"{a['subject']} / {b['subject']}"))
    rows.append(_row("salary SVC <= SVC", "Pembahasan vs Hasil (Kantor)", V["dis_svc_salary_max"], V["res_svc_max"],
                     "consistent" if V["dis_svc_salary_max"] <= V["res_svc_max"] else "discrepancy", ""))
    a, b = _text(text, "res_svc_min"), _text(text, "dis_svc_salary_min")
    same = a["subject"] == b["subject"] and V["res_svc_min"] == V["dis_svc_salary_min"]
    rows.append(_row("same figure, same definition", "Hasil (res_svc_min) vs Pembahasan (dis_svc_salary_min)",
                     V["res_svc_min"], V["dis_svc_salary_min"], "discrepancy" if same else "consistent",
                     f"Rp {V['res_svc_min']:,.0f} for {a['subject']} is total SVC ({a['quantity']}) in the Hasil and "
                     f"salary-only SVC ({b['quantity']}) in the Pembahasan" if same else ""))
    rows.append(_row("largest SVC center", "Pembahasan ('Biaya semi variabel tertinggi ... kelas III') vs Hasil",
                     V["dis_svc_salary_second"], V["res_svc_max"], "discrepancy",
                     f"the Pembahasan calls Kelas III the largest SVC; the Hasil gives "
                     f"{_text(text, 'res_svc_max')['subject']} ({V['res_svc_max']:,.0f}); Kelas III's only SVC figure "
                     f"is its salary ({V['dis_svc_salary_second']:,.0f})"))

    # 8. shares: both extremes must imply the same total
    for q, hi, lo in (("FC", "res_fc_max", "res_fc_min"), ("SVC", "res_svc_max", "res_svc_min"),
                      ("VC", "res_vc_max", "res_vc_min")):
        a, b = _text(text, hi), _text(text, lo)
        ta = _share_interval(float(a["value"]), float(a["share_pct"]))
        tb = _share_interval(float(b["value"]), float(b["share_pct"]))
        ok = ta[0] <= tb[1] and tb[0] <= ta[1]
        share_a = float(a["share_pct"])
        total = float(a["value"]) / (share_a / 100) if share_a > 0 else math.nan  # a 0.0 % share implies no total
        implied_share = round(float(b["value"]) / total * 100, 2) if total > 0 else math.nan
        rows.append(_row(f"{q} shares imply one total", f"Hasil ({b['subject']} {b['share_pct']}% vs "
                         f"{a['subject']} {a['share_pct']}%)", float(b["share_pct"]), implied_share,
                         "consistent" if ok else "discrepancy",
                         f"total from {a['subject']}: {total:,.0f}; {b['subject']} is then {implied_share}% "
                         f"(percentage points)"))

    # 9. RVU bound: a unit's UC per procedure lies between its smallest and largest procedure UC
    for unit in ("fisioterapi", "nicu"):
        group = proc[proc["unit"] == unit]
        lo, hi = group["unit_cost"].min(), group["unit_cost"].max()
        for f in text[(text["quantity"].isin(["UC1", "UC2", "UC3"])) & (text["subject"] == UNIT_COST_CENTER[unit])
                      ]["figure"]:
            t = _text(text, f)
            v = float(t["value"])
            ok = rvu_mod.mean_unit_cost_attainable(group["unit_cost"], v, tolerance=0.5)
            nearest = min(max(v, lo), hi)
            rows.append(_row("unit UC within its procedure UCs (RVU identity)", f"Hasil ({f}) vs Tabel {UNIT_TABLE[unit]}",
                             v, nearest, "consistent" if ok else "discrepancy",
                             f"{t['quantity']} of {t['subject']} must lie in [{lo:,.0f}, {hi:,.0f}] if the procedure "
                             f"unit costs share the same total cost over the same output"))
    rows += text_contradictions()
    return pd.DataFrame(rows, columns=_AUDIT_COLUMNS)




#: Places where the text of seed 004 contradicts itself in words, years or names (quoted, with where).
TEXT_CONTRADICTIONS = (
    ("definition of RVU", "Bahan dan Metode vs Hasil vs Pembahasan",
     "three definitions: 'RVU adalah nilai biaya satuan perjenis tindakan' and 'didasarkan atas tarif sebelum dan "
     "sesudan perhitungan analisis unit cost' (Metode); 'nilai pembobotan ... penjumlahan biaya bahan, gaji dan "
     "peralatan yang kemudian dibagi dengan konstanta' (Hasil); 'perkalian antara bobot jenis tindakan dengan "
     "outputnya' (Pembahasan): a unit cost, a weight from costs, and a weight times output"),
    ("definition of semi-variable cost", "Hasil: Biaya Semi Variabel",
     "'besarnya tidak secara langsung tidak dipengaruhi oleh besarnya output' (a double negation: read literally it "
     "says SVC is influenced by output, the opposite of the variable-cost definition that follows)"),
    ("definition of total cost", "Abstrak",
     "'menghitung total biaya (fixed cost) dan total biaya operasional tetap (semi variabel cost)': total cost is "
     "glossed as fixed cost, while the Hasil defines TC-1 = FC + SVC + VC"),
    ("output and unit cost", "Pembahasan (last paragraph on classes) vs Pembahasan (lowering unit cost)",
     "'Kelas VIP lebih besar dari Perbup karena jumlah outputnya yang terbilang tinggi' (a high output raising unit "
     "cost) against 'menurunkan besarnya unit cost ... dengan meningkatkan jumlah pasien' (more output lowers it)"),
    ("data year", "Bahan dan Metode vs Tabel 1, 3, 4 titles and sources",
     "costs of 'tahun 2016' (Metode, Kesimpulan 'untuk satu tahun (2016)') against tables titled 'Tahun 2017' with "
     "'Sumber : Data Primer, 2017', although the costs come from secondary data (laporan tahunan)"),
    ("date of Kepmenkes 582/1997", "Pendahuluan",
     "'No.582/ Menkes/SK/IV/1997, tanggal 11 Juni 1997': the month in the number (IV, April) is not the month of "
     "the date (June)"),
    ("number of the Perda", "Pendahuluan",
     "'Perda Nomor : 2012 Tanggal 5 Januari 2012': the regulation number is missing (a year is printed in its place)"),
    ("name of the tariff regulation", "Abstrak, Pendahuluan vs Pembahasan",
     "'Perda tahun 2012' (a regional law: Abstrak, Pendahuluan) against 'tarif Perbup yang dijadikan dasar' and "
     "'lebih besar dari Perbup' (a regent's regulation: Pembahasan), for the same tariff in force"),
    ("what the proposals are called", "Abstrak, table titles, column heads, Kesimpulan",
     "the same proposed tariffs are 'asumsi tarif' (Abstrak), 'Asumsi Tarif Rasional' (table titles) while "
     "'Asumsi Tarif' is another column, 'Usulan Berdasarkan Unit Cost' (column head), 'tarif ... berdasarkan unit "
     "cost' (Hasil), 'Harga tindakan' (Pembahasan) and 'unit cost per pelayanan' (Kesimpulan)"),
    ("what the class figures are called", "Abstrak, Kesimpulan vs Hasil, Tabel 5",
     "420,000 ... 95,000 are 'unit cost perkelas perawatan dengan output normatif (BOR 80%)' (Abstrak), 'Asumsi tarif "
     "berdasarkan unit cost dengan output normatif (BOR 80%)' (Kesimpulan) and 'Tarif Rasional' (Tabel 5), the "
     "rounded 'BOR Aktual' column"),
)


def text_contradictions() -> list[dict]:
    """:data:`TEXT_CONTRADICTIONS` as audit rows (status ``discrepancy``; no numbers to subtract)."""
    return [_row(f"text contradicts itself: {what}", where, None, None, "discrepancy", note)
            for what, where, note in TEXT_CONTRADICTIONS]
