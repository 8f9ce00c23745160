"""data/raw/pasangkayu: the transcription of seed 002, the hospital folder and the rational tariffs."""

import pandas as pd
import pytest

from jkncost.costing import read_hospital
from jkncost.studies import pasangkayu as pk
from jkncost.costing.tariff import cost_recovery_rate

from . import pasangkayu_results as shared

#: Largest rounding difference between a printed total and the sum of its printed parts that the
#: source audit reports (Tabel 3, TOTAL Jumlah: printed 1,471,364,668, parts add to 1,471,364,665).
ROUNDING = 3


def test_costs_long_format():
    c = pk.costs()
    assert list(c.columns[:4]) == ["center", "category", "component", "amount"]
    assert c["source"].str.startswith(pk.SEED + ", Tabel ").all()
    assert len(c) == 22 * (4 + 5 + 5)
    assert c.groupby("category")["component"].nunique().to_dict() == {"FC": 4, "SVC": 5, "VC": 5}
    assert not c.duplicated(["center", "category", "component"]).any()
    assert (c["amount"] >= 0).all()


@pytest.mark.parametrize("category, printed_total", [("FC", 9_489_287_591), ("SVC", 4_675_221_109),
                                                     ("VC", 1_471_364_668)])
def test_transcribed_totals_equal_printed_totals_within_audited_rounding(category, printed_total):
    c = pk.costs()
    assert abs(c.loc[c.category == category, "amount"].sum() - printed_total) <= ROUNDING
    t = pk.printed_table(category)
    parts = [x for x in t.columns if x not in ("center", "Jumlah", "%")]
    body = t.iloc[:-1]
    assert t.iloc[-1]["center"] == "TOTAL" and len(body) == 22
    assert ((body[parts].sum(axis=1) - body["Jumlah"]).abs() <= ROUNDING).all()
    assert ((body[parts].sum() - t.iloc[-1][parts]).abs() <= ROUNDING).all()
    assert (((body["Jumlah"] / t.iloc[-1]["Jumlah"] * 100) - body["%"]).abs() <= 0.005 + 1e-9).all()


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_audit_reports_every_table_rounding_difference():
    a = shared.source_audit()  # pk.source_audit(), once per process
    arith = a[a["kind"] == "table arithmetic"]
    assert arith["difference"].abs().max() == ROUNDING
    # recomputed independently here: every row or column total that does not add up is listed
    listed = set(arith["location"])
    for cat, name in pk.TABLES.items():
        t = pk.printed_table(cat)
        parts = [x for x in t.columns if x not in ("center", "Jumlah", "%")]
        for _, r in t.iterrows():
            if r[parts].sum() != r["Jumlah"]:
                assert f"{name}, baris {r['center']}, kolom Jumlah (row total)" in listed
        body = t.iloc[:-1]
        for col in parts + ["Jumlah"]:
            if body[col].sum() != t.iloc[-1][col]:
                assert f"{name}, baris TOTAL, kolom {col} (column total)" in listed


def test_hospital_folder_basic_checks():
    cc = pk.cost_centers()
    assert len(cc) == 22 and cc["center"].is_unique
    assert set(pk.costs()["center"]) <= set(cc["center"])
    support = set(cc.loc[cc["kind"] == "support", "center"])
    production = set(cc.loc[cc["kind"] == "production", "center"])
    assert support == {"Kantor", "Farmasi/ Apotek", "Instalasi Gizi", "Laundry"}
    assert set(pk.CLASSES) <= production
    b = pk.allocation_bases()
    assert (b["weight"] >= 0).all()
    assert set(b["support_center"]) == support
    assert not (b["support_center"] == b["center"]).any()
    for s in support:
        assert b.loc[(b["support_center"] == s) & b["center"].isin(production), "weight"].sum() > 0, s
    # every assumption id used in the folder is documented with a rationale
    a = pk.assumptions()
    assert a["rationale"].str.len().min() > 40
    assert set(b["assumption"]) <= set(a["id"])


def test_hospital_folder_is_read_by_the_project_reader():
    h = read_hospital(pk.folder())
    assert h.support_centers == ["Kantor", "Farmasi/ Apotek", "Instalasi Gizi", "Laundry"]
    assert h.total_cost() == pytest.approx(pk.costs()["amount"].sum())


def test_published_is_tidy_and_sourced():
    p = pk.published()
    assert list(p.columns) == ["figure", "class_or_center", "year", "value", "unit", "printed", "source", "note"]
    assert p["source"].str.startswith(pk.SEED).all()
    assert p["value"].notna().all()
    t4 = pk.table4()
    assert t4.loc["VIP"].tolist() == [428805, 382531, 398750, 407365]
    assert t4.loc["Kelas III"].tolist() == [150474, 132057, 120769, 142951]


def test_rational_tariffs_within_rp1_of_table4_under_the_default_rule():
    r = pk.reproduce_rational_tariffs()
    assert r["difference"].abs().max() <= 1.0
    ev = pk.rational_tariff_evidence()
    assert ev.loc[ev["reproduces"], "rule"].tolist() == ["fraction_of_uc", "markup"]
    assert ev.iloc[0]["parameter"] == "fraction=0.95"
    # no ATP/WTP-based rule comes within Rp 1000 of Table 4
    atp_wtp = ev[ev["rule"].isin(["mean_uc_atp_wtp", "mean_uc_atp", "mean_atp_wtp", "min_uc_atp",
                                  "min_uc_atp_wtp", "between_atp_wtp", "atp", "wtp"])]
    assert (atp_wtp["max_abs_difference"] > 1000).all()
    cmp = pk.rational_tariff_comparison()
    assert (cmp["status"] == "reproduced under stated assumptions").all()


def test_crr_by_class():
    c = pk.crr_by_class().set_index("class")
    assert c["CRR_rational"].round(3).eq(95.0).all()
    assert c.loc["VIP", "CRR_perda_main"] == pytest.approx(375000 / 428805 * 100)
    assert c.loc["Kelas III", "CRR_perda_intro"] == pytest.approx(cost_recovery_rate(90000, 150474))


def test_hospital_cost_recovery_and_the_754_percent():
    h = pk.hospital_cost_recovery()
    assert (h["deficit_printed"] == h["deficit_recomputed"]).all()
    assert h["share_holds"].all()
    assert h["deficit_share_percent"].round(1).tolist() == [75.4, 75.4]
    assert h["CRR_percent"].round(1).tolist() == [24.6, 24.6]


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_source_audit_finds_the_known_text_discrepancies():
    a = shared.source_audit()  # pk.source_audit(), once per process
    assert list(a.columns) == pk.AUDIT_OUTPUT_COLUMNS
    loc = a.set_index("location")
    assert loc.loc["Kesimpulan dan Saran: UC3, VIP", "difference"] == -805
    assert loc.loc["Kesimpulan dan Saran: UC3, Kelas I", "difference"] == 1000
    assert loc.loc["Kesimpulan dan Saran: WTP, VIP", "difference"] == -180
    assert "rational tariff" in loc.loc["Kesimpulan dan Saran: WTP, Kelas II", "note"]
    perda = a[a["kind"] == "text vs text"]
    assert len(perda) == 4 and (perda["difference"] < 0).all()
    claims = a[a["kind"] == "claim vs numbers"]
    assert len(claims) == 8
    assert set(a["kind"]) == {"table arithmetic", "text vs text", "text vs table", "claim vs numbers", "label", "typo",
                              "method vs assumption"}
    # the audit is deterministic: a fresh computation gives the shared one
    pd.testing.assert_frame_equal(a, pk.source_audit())
