"""Break-even output and BOR (cost-volume-profit, with the accounting identity beside it), cost recovery
and cross-subsidy (issues #8 and #13): hand-worked numbers, and revenue = cost at the break-even output."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jkncost.core import paths
from jkncost.costing.breakeven import (
    accounting_break_even,
    break_even_table,
    cross_subsidy,
    cvp_break_even,
    los_break_even,
    per_day,
)
from jkncost.costing import read_hospital
from jkncost.costing.unitcost import unit_cost

CLASSES = ["VIP", "Kelas I", "Kelas II", "Kelas III"]


@pytest.fixture(scope="module")
def hospital():
    return read_hospital(paths.raw("example_hospital"))


@pytest.fixture(scope="module")
def tariffs():
    t = pd.read_csv(paths.raw("methods", "example_tariffs.csv"))
    perda = t[t["tariff"] == "Perda"].rename(columns={"tariff": "tariff_name", "value": "tariff"})
    return perda[["center", "tariff_name", "tariff"]]


def test_cvp_break_even_by_hand():
    # FC + SVC = Rp 36.5 million, v = Rp 20,000, T = Rp 120,000: margin 100,000 -> Q* = 365, one bed a day
    assert cvp_break_even(36_500_000.0, 20_000.0, 120_000.0, beds=2) == {
        "Q_star": 365.0, "census_star": 1.0, "BOR_star": 0.5}
    # a tariff at or below the variable cost never breaks even; with no fixed cost any output does
    assert cvp_break_even(1.0, 120_000.0, 120_000.0)["Q_star"] == np.inf
    assert cvp_break_even(0.0, 130_000.0, 120_000.0)["Q_star"] == np.inf
    assert cvp_break_even(0.0, 20_000.0, 120_000.0)["Q_star"] == 0.0
    # vectorised over tariffs
    q = cvp_break_even(1000.0, 8.0, np.array([10.0, 12.0, 18.0]))["Q_star"]
    assert q.tolist() == [500.0, 250.0, 100.0]


def test_cvp_against_the_accounting_identity_by_hand():
    # output 5,000 patient-days, FC 500, SVC 300, VC 200 (million), tariff 125,000, 20 beds (7,300 bed-days)
    uc = pd.DataFrame({"center": ["A"], "output": [5000.0], "TC1": [1e9], "TC2": [5e8], "TC3": [2e8],
                       "UC1": [2e5], "UC2": [1e5], "UC3": [4e4]})
    t = pd.DataFrame({"center": ["A"], "tariff_name": ["Perda"], "tariff": [125_000.0]})
    table = break_even_table(uc, t, beds={"A": 20}).set_index("level")
    assert table["vc_per_unit"].tolist() == [40_000.0] * 3
    assert table["fixed"].tolist() == [8e8, 3e8, 0.0]
    assert table.loc[1, "Q_star"] == pytest.approx(8e8 / 85_000)      # 9,411.8: BOR* 1.289, not reachable
    assert table.loc[2, "Q_star"] == pytest.approx(3e8 / 85_000)      # 3,529.4: BOR* 0.483
    assert table.loc[1, "BOR_star"] == pytest.approx(8e8 / 85_000 / 7300)
    assert table["reachable"].tolist() == [False, True, True]
    # the identity the studies report: TC / T = 8,000, 4,000 and 1,600
    assert table["Q_star_accounting"].tolist() == [8000.0, 4000.0, 1600.0]
    # at Q* revenue equals cost: T Q* = F + v Q*
    for k in (1, 2):
        q = table.loc[k, "Q_star"]
        assert 125_000 * q == pytest.approx(table.loc[k, "fixed"] + 40_000 * q)


@pytest.mark.parametrize("method", ["direct", "stepdown", "double", "reciprocal"])
def test_cvp_break_even_on_the_engine_balances_revenue_and_cost(hospital, tariffs, method):
    uc = unit_cost(hospital, method, flows=False).unit_cost
    beds = hospital.centers.set_index("center")["beds"]
    table = break_even_table(uc, tariffs, beds=beds)
    u = uc.set_index("center")
    for r in table.itertuples():
        # the fixed part and the variable cost per unit come from the engine's TC1-3 and output
        assert r.fixed == pytest.approx(u.loc[r.center, f"TC{r.level}"] - u.loc[r.center, "TC3"])
        assert r.vc_per_unit == pytest.approx(u.loc[r.center, "UC3"])
        if r.Q_star == 0:  # no fixed cost (level 3) and the tariff covers v: any output breaks even
            assert r.fixed == 0 and r.tariff >= r.vc_per_unit
        elif np.isfinite(r.Q_star):
            # the spec's normative unit cost at the break-even output equals the tariff
            assert r.fixed / r.Q_star + r.vc_per_unit == pytest.approx(r.tariff)
        else:
            assert r.tariff <= r.vc_per_unit and not r.reachable
        assert r.Q_star_accounting == pytest.approx(u.loc[r.center, f"TC{r.level}"] / r.tariff)
    assert (table.loc[table["reachable"], "BOR_star"] <= 1).all()


def test_pasangkayu_crr_agrees_with_the_study_module():
    from jkncost.studies import pasangkayu as pk

    h = pk.load_hospital() if hasattr(pk, "load_hospital") else read_hospital(paths.raw("pasangkayu"))
    uc = unit_cost(h, "double", flows=False).unit_cost
    perda = pd.DataFrame({"center": CLASSES, "tariff_name": "Perda",
                          "tariff": [pk.published_value("Perda tariff", c, source=pk.PERDA_MAIN) for c in CLASSES]})
    table = break_even_table(uc, perda, levels=(3,)).set_index("center")
    if hasattr(pk, "load_hospital"):  # back-solved patient-days: UC3 = Tabel 4, so CRR = the study's
        crr = pk.crr_by_class().set_index("class")["CRR_perda_main"]
        np.testing.assert_allclose(table.loc[CLASSES, "CRR_percent"], crr.loc[CLASSES], rtol=1e-5)
    assert not table["meets"].any()  # Perda is below UC3 in every class
    # UC3 is all variable cost: below it no output breaks even; the accounting identity pretends one does
    assert np.isinf(table["Q_star"]).all() and not table["reachable"].any()
    assert (table["Q_star_accounting"] > table["output"]).all()


def test_formulas_and_bad_input():
    assert accounting_break_even(730.0, 2.0, beds=1) == {"Q_star": 365.0, "census_star": 1.0, "BOR_star": 1.0}
    assert np.isnan(cvp_break_even(730.0, 1.0, 2.0)["BOR_star"])
    with pytest.raises(ValueError, match="tariff must be > 0"):
        cvp_break_even(1.0, 0.0, 0.0)
    with pytest.raises(ValueError, match=">= 0"):
        cvp_break_even(-1.0, 0.0, 1.0)
    los = los_break_even(1_535_800, 265_778)
    assert per_day(1_535_800, los) == pytest.approx(265_778)
    with pytest.raises(ValueError, match="length of stay"):
        per_day(1.0, 0)


def test_cross_subsidy_hand_example():
    idx = ["VIP", "Kelas I", "Kelas III"]
    uc = pd.Series([100.0, 80.0, 60.0], idx)
    tariff = pd.Series([150.0, 90.0, 40.0], idx)
    q = pd.Series([10.0, 20.0, 100.0], idx)
    t, f = cross_subsidy(uc, tariff, q)
    t = t.set_index("center")
    # surpluses 500 and 200 (S = 700) against a deficit of 2000: all 700 covers Kelas III
    assert t.loc["VIP", "surplus"] == 500 and t.loc["Kelas I", "surplus"] == 200
    assert t.loc["Kelas III", "covered_by_others"] == 700 and t.loc["Kelas III", "uncovered"] == 1300
    assert t.loc["TOTAL", "surplus"] == -1300
    assert f.set_index(["from", "to"])["amount"].to_dict() == {("VIP", "Kelas III"): 500.0,
                                                               ("Kelas I", "Kelas III"): 200.0}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 1e6), st.floats(1, 1e6), st.floats(1, 1e4)), min_size=1, max_size=6))
def test_cross_subsidy_conserves_money(rows):
    idx = [f"c{i}" for i in range(len(rows))]
    uc, tariff, q = (pd.Series([r[k] for r in rows], idx) for k in range(3))
    t, f = cross_subsidy(uc, tariff, q)
    body = t[t["center"] != "TOTAL"]
    S = body["surplus"].clip(lower=0).sum()
    D = (-body["surplus"]).clip(lower=0).sum()
    covered = min(S, D)
    scale = max(S, D, 1.0)
    assert abs(body["covered_by_others"].sum() - covered) <= 1e-9 * scale
    assert abs(body["covers_others"].sum() - covered) <= 1e-9 * scale
    assert abs(f["amount"].sum() - covered) <= 1e-9 * scale
    assert abs(body["uncovered"].sum() - (D - covered)) <= 1e-9 * scale
    assert (body["covers_others"] <= body["surplus"].clip(lower=0) + 1e-9 * scale).all()
    assert abs(t.loc[t["center"] == "TOTAL", "surplus"].iloc[0] - (S - D)) <= 1e-9 * scale
