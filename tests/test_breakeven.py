"""Break-even output and BOR, cost recovery and cross-subsidy (issue #8).

The issue's test: the break-even BOR plugged back into the engine gives a unit cost equal to the tariff.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jkncost.compendium import paths
from jkncost.costing.breakeven import break_even, break_even_table, cross_subsidy, los_break_even, per_day
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


@pytest.mark.parametrize("method", ["direct", "stepdown", "double", "reciprocal"])
def test_break_even_bor_plugged_back_gives_uc_equal_to_the_tariff(hospital, tariffs, method):
    uc = unit_cost(hospital, method, flows=False).unit_cost
    beds = hospital.centers.set_index("center")["beds"]
    table = break_even_table(uc, tariffs, beds=beds)
    reachable = table[table["reachable"]]
    assert len(reachable) >= 6  # most class/level pairs of the invented hospital can break even
    for r in reachable.itertuples():
        back = unit_cost(hospital, method, bor=r.BOR_star, flows=False).unit_cost.set_index("center")
        assert back.loc[r.center, f"UC{r.level}_normative"] == pytest.approx(r.tariff, rel=1e-12)
    # BOR above 1 is flagged as unreachable, not passed to the engine
    assert (table.loc[~table["reachable"], "BOR_star"] > 1).all()


def test_break_even_output_plugged_back_gives_uc_equal_to_the_tariff(hospital, tariffs):
    uc = unit_cost(hospital, "double", flows=False).unit_cost
    table = break_even_table(uc, tariffs)
    for r in table.itertuples():
        centers = hospital.centers.copy()
        centers.loc[centers["center"] == r.center, "output"] = r.Q_star
        back = unit_cost(dataclasses.replace(hospital, centers=centers), "double", flows=False).unit_cost
        assert back.set_index("center").loc[r.center, f"UC{r.level}"] == pytest.approx(r.tariff, rel=1e-12)
        assert r.census_star == pytest.approx(r.Q_star / 365)
        assert r.meets == (r.tariff >= r.UC)
        assert r.CRR_percent == pytest.approx(100 * r.tariff / r.UC)
    assert table["BOR_star"].isna().all()  # no beds given


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
    assert (table["Q_star"] > table["output"]).all()


def test_formulas_and_bad_input():
    assert break_even(730.0, 2.0, beds=1) == {"Q_star": 365.0, "census_star": 1.0, "BOR_star": 1.0}
    assert np.isnan(break_even(730.0, 2.0)["BOR_star"])
    with pytest.raises(ValueError, match="tariff must be > 0"):
        break_even(1.0, 0.0)
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
