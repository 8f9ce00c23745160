"""The JKN rules' tables for readers and the upgrade co-payment figure: labels from the catalogue, en and id."""

from __future__ import annotations

import numpy as np
import pandas as pd

from jkncost.studies import jkn_rules as jp
from jkncost.jkn.contributions import contribution
from jkncost.jkn.upgrade import copayment_curve, upgrade_copayment
from jkncost.studies.jkn_rules.figures import upgrade_copayment_figure


def test_comparison_reader_table_statuses_in_lang():
    t = jp.comparison()
    page = jp.comparison_reader_table(t, "id").to_html()
    assert "berdasarkan konstruksi" in page and ">by construction<" not in page
    assert "tempat tercetak" in page
    assert "tempat tercetak" not in jp.comparison_reader_table(t, "id", locations=False).to_html()


def test_segments_regimes_and_discrepancies():
    assert "ppu_private" in jp.segments_reader_table("en").to_html()
    assert "C-PBI-2014" in jp.regimes_reader_table("id").to_html()
    df = pd.DataFrame({"id": ["D1"], "where": ["w"], "what": ["x"], "handling": ["h"]})
    assert "penanganan" in jp.discrepancies_reader_table(df, "id").to_html()


def test_upgrade_reader_table():
    r = upgrade_copayment(1, "vip", "2023-06-01", inacbg_class1=2_335_200, inacbg_class2=2_045_500,
                          hospital_tariff=4_500_000)
    page = jp.upgrade_reader_table([r], [1_751_400], "id").to_html()
    assert page.count("Rp 1.751.400") == 2 and r.rule in page


def test_contribution_change_table_has_the_years_in_its_headers():
    page = jp.contribution_change_table([("pbpu", {"care_class": 1})], "2014-06-01", "2025-06-01", 1e7, "id").to_html()
    assert "iuran 2014" in page and "aturan 2025" in page
    assert f"Rp {contribution('pbpu', '2025-06-01', care_class=1).total:,}".replace(",", ".") in page


def test_penalties_reader_table_is_months_by_date():
    df = pd.DataFrame({"date": ["2015-06-01", "2015-06-01"], "months_in_arrears": [1, 3], "penalty": [510, 4590]})
    page = jp.penalties_reader_table(df, 2_335_200, "id").to_html()
    assert "bulan tunggakan" in page and "Rp 4.590" in page and "2015-06-01" in page


def test_worked_cases_table_lists_the_items():
    r = contribution("ppu_private", "2025-07-01", wage=15e6)
    page = jp.worked_cases_table({"contribution": r, "penalty": None}, "ppu_private", "2025-07-01", "id").to_html()
    assert "pemberi kerja" in page and "Rp 480.000" in page


def test_upgrade_figure_marks_the_knee_from_the_rule():
    grid = np.linspace(2e6, 7e6, 11)
    curves = {k: copayment_curve(k, 2_335_200, 2_045_500, grid, on="2023-06-01") for k in (1, 2)}
    fig = upgrade_copayment_figure(curves, inacbg_class1=2_335_200, inacbg_class2=2_045_500, vip_tariff=4_500_000,
                                   on="2023-06-01", lang="en")
    knee = [line.get_xdata()[0] for line in fig.axes[0].lines if line.get_linestyle() == "--"]
    assert knee == [1.75 * 2_335_200]
    assert fig.axes[0].get_ylim()[0] == 0
