"""The caesarean study's tables for readers: the numbers of the checks, headers from the catalogue, in en and id."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from jkncost import cohort as co
from jkncost.cohort.tables import association_reader_table, consistency_reader_table, summary_reader_table
from jkncost.studies import caesarean as cs
from jkncost.studies.caesarean import tables as ct

_TH = re.compile(r"<th[^>]*>(.*?)</th>", re.S)


def headers(styler) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in _TH.findall(styler.to_html())]


@pytest.fixture(scope="module")
def syn():
    return cs.generate(0, 89)


@pytest.fixture(scope="module")
def published():
    return cs.read_published()


def test_provenance_label_names_the_synthetic_cohort_and_its_seed():
    assert ct.provenance_label(3, "en") == "synthetic cohort calibrated to published aggregates, random seed 3"
    assert ct.provenance_label(3, "id").startswith("kohort sintetis")
    assert ct.provenance_label(None, "en", "x.csv") == "cohort data: x.csv"


def test_published_table_shows_values_in_their_units(published):
    page = ct.published_table(published, "id").to_html()
    assert "-Rp 1.236.793" in page and "120%" in page and "0,956" in page
    assert headers(ct.published_table(published, "id"))[:2] == ["angka", "nilai"]


def test_consistency_reader_table_has_the_implied_mean_costs():
    imp = co.implied_mean_cost(-1_236_793, 1.20, 1_974_050, 0.68)
    page = consistency_reader_table(imp, "en").to_html()
    assert f"Rp {imp.from_hospital:,.0f}" in page and f"Rp {imp.from_gap:,.0f}" in page


def test_discrepancy_table_keeps_the_texts():
    df = pd.DataFrame({"id": ["C1"], "where": ["abstract"], "what": ["odd"], "handling": ["read as"]})
    assert headers(ct.discrepancy_table(df, "id")) == ["no.", "letak", "yang tertulis di abstrak", "penanganan"]


def test_calibration_and_knobs_tables(syn):
    page = ct.calibration_table(syn.report, 0, "id").to_html()
    assert page.count(">ya<") == int(syn.report["hit"].sum())
    knobs = ct.knobs_table(syn.knobs, 0, "en").to_html()
    assert f"{syn.knobs['cost_scale']:.3f}" in knobs


def test_summary_and_crr_tables(syn):
    s = co.summarize(syn.cohort)
    page = summary_reader_table(s, "p", "en").to_html()
    assert f"Rp {s['mean_cost']:,.0f}" in page and f"{100 * s['crr_inacbg_mean_of_ratios']:.2f}%" in page
    crr = ct.crr_definitions_table(s, {"hospital": 120, "inacbg": 68}, "ratio_of_means", "p", "id")
    assert "120%" in crr.to_html() and "rasio rata-rata" in crr.to_html()


def test_association_and_comparison_tables(syn, published):
    s, tests = co.summarize(syn.cohort), co.association_tests(syn.cohort)
    assert "nilai p" in headers(association_reader_table(tests, "p", "id"))
    table = cs.comparison_table(published, s, tests, synthetic=True)
    page = ct.comparison_reader_table(table, published, "p", "id").to_html()
    assert page.count("berdasarkan konstruksi") == len(table) and "by construction" not in page


def test_seed_account_table_counts_each_kind():
    account = pd.DataFrame({"covered_by": ["published: a", "published: b", "excluded: E1"]})
    t = ct.seed_account_table(account, "000", "id")
    assert t.data.values.tolist() == [["angka publikasi (dibandingkan di atas)", 2],
                                      ["dikecualikan dengan alasan (exclusions.csv)", 1]]


def test_crr_gap_sentence_says_whether_rounding_hides_the_gap():
    small = ct.crr_gap_sentence({"hospital": 0.04, "inacbg": 0.21}, "ratio_of_means", 120, "en")
    assert "+0.04 points" in small and "could not tell the two definitions apart" in small and "120%" in small
    large = ct.crr_gap_sentence({"hospital": -0.7, "inacbg": 0.2}, "mean_of_ratios", 120, "id")
    assert "-0,70 poin" in large and "cukup besar" in large and "rasio rata-rata berbeda" in large
