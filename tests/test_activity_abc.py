"""Two-stage activity-based costing (jkncost.activity.abc) against values worked by hand.

The worked example (tests/activity_folders.py, invented):

- stage 1: ``gaji perawat`` Rp 6,000,000 goes 3:1 to Visite dokter and Pendaftaran pasien (4.5 M, 1.5 M);
  ``listrik`` Rp 1,200,000 goes 1:1:2 to Pelayanan makan, Linen, Administrasi gedung (0.3, 0.3, 0.6 M);
  with the direct costs the activities cost 2.5, 7.5, 1.8, 2.6 and 0.8 M (15.2 M = 8 M direct + 7.2 M);
- stage 2: pools ``jumlah pasien`` 2.5 M / 200 patients = 12,500; ``hari rawat`` (Visite + makan)
  9.3 M / 800 days = 11,625; ``luas lantai m2`` 2.6 M / 1,000 m2 = 2,600; ``kg linen`` 0.8 M on a
  capacity of 1,000 kg = 800 per kg, of which 900.5 kg were used: unused 0.8 M - 720,400 = 79,600;
- VIP: 20 x 12,500 + 100 x 11,625 + 300 x 2,600 + 200 x 800 = 2,352,500, per day 23,525, ABC tariff
  at 20%: 28,230, against its tariff 250,000: difference 226,475.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .activity_folders import EXAMPLE, tables, write_folder
from jkncost.activity import read_activity_folder, run_activity
from jkncost.activity.abc import activity_based_costing
from jkncost.activity.stages import assign, pool_rates, trace_resources
from jkncost.errors import InputError


def _abc_only(data):
    return {k: v for k, v in data.items() if k in ("activities", "resources", "resource_drivers", "cost_objects",
                                                   "driver_quantities")}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = write_folder(_abc_only(EXAMPLE), tmp_path_factory.mktemp("abc"))
    return run_activity(read_activity_folder(folder))


def test_stage_one_traces_resources_by_their_weights(result):
    acts = result.tables["activity_costs"].set_index("activity")
    nurse, power = 6_000_000, 1_200_000
    expected = {"Pendaftaran pasien": 1_000_000 + nurse * 1 / 4, "Visite dokter": 3_000_000 + nurse * 3 / 4,
                "Pelayanan makan": 1_500_000 + power * 1 / 4, "Administrasi gedung": 2_000_000 + power * 2 / 4,
                "Linen – cuci": 500_000 + power * 1 / 4}
    for activity, cost in expected.items():
        assert acts.loc[activity, "cost"] == pytest.approx(cost, abs=1e-6)
    assert acts["cost"].sum() == pytest.approx(8_000_000 + nurse + power)
    flows = result.tables["resource_costs"]
    assert flows.groupby("resource")["amount"].sum().to_dict() == pytest.approx({"gaji perawat": nurse,
                                                                               "listrik": power})
    assert set(flows["category"]) == {"SVC", "VC"}


def test_pools_share_a_driver_and_rate_on_capacity(result):
    rates = result.tables["activity_rates"]
    assert list(rates.columns) == ["driver", "activities", "cost", "quantity", "rate", "unused_cost"]
    r = rates.set_index("driver")
    assert r.loc["hari rawat", "activities"] == "Visite dokter; Pelayanan makan"
    assert r.loc["hari rawat", "cost"] == pytest.approx(7_500_000 + 1_800_000)
    assert r.loc["hari rawat", "rate"] == pytest.approx(9_300_000 / 800)
    assert r.loc["jumlah pasien", "rate"] == pytest.approx(2_500_000 / 200)
    assert r.loc["luas lantai m2", "rate"] == pytest.approx(2_600_000 / 1000)
    # capacity 1,000 kg: rate on capacity, the idle 99.5 kg reported as unused cost
    assert r.loc["kg linen", "quantity"] == pytest.approx(900.5)
    assert r.loc["kg linen", "rate"] == pytest.approx(800_000 / 1000)
    assert r.loc["kg linen", "unused_cost"] == pytest.approx(800_000 - 800 * 900.5)
    assert r.loc[["jumlah pasien", "hari rawat", "luas lantai m2"], "unused_cost"].abs().max() < 1e-6


def test_cost_objects_unit_cost_tariff_and_difference(result):
    objects = result.tables["cost_objects"]
    assert list(objects.columns) == ["cost_object", "cost", "output", "unit_cost", "markup", "abc_tariff", "tariff",
                                     "difference"]
    o = objects.set_index("cost_object")
    vip = 20 * 12_500 + 100 * 11_625 + 300 * 2_600 + 200 * 800
    k3 = 130 * 12_500 + 500 * 11_625 + 400 * 2_600 + 400.5 * 800
    assert o.loc["VIP", "cost"] == pytest.approx(vip)
    assert o.loc["Kelas III", "cost"] == pytest.approx(k3)
    assert o.loc["VIP", "unit_cost"] == pytest.approx(vip / 100)
    assert o.loc["VIP", "markup"] == pytest.approx(0.2)  # "20%"
    assert o.loc["VIP", "abc_tariff"] == pytest.approx(vip / 100 * 1.2)
    assert o.loc["VIP", "difference"] == pytest.approx(250_000 - vip / 100)
    assert o.loc["Kelas III", "abc_tariff"] == pytest.approx(k3 / 500 * 1.1)
    assert np.isnan(o.loc["Kelas I", "markup"]) and np.isnan(o.loc["Kelas I", "abc_tariff"])
    # conservation with capacity: objects + unused = activities
    total = result.tables["activity_costs"]["cost"].sum()
    assert o["cost"].sum() + result.tables["activity_rates"]["unused_cost"].sum() == pytest.approx(total)


def test_markup_option_fills_only_the_empty_cells(tmp_path):
    folder = read_activity_folder(write_folder(_abc_only(EXAMPLE), tmp_path))
    o = run_activity(folder, markup=0.25).tables["cost_objects"].set_index("cost_object")
    assert o["markup"].tolist() == pytest.approx([0.2, 0.25, 0.1])
    assert o.loc["Kelas I", "abc_tariff"] == pytest.approx(o.loc["Kelas I", "unit_cost"] * 1.25)


def test_activity_levels_are_kept_per_object(result):
    levels = result.tables["object_levels"]
    vip = levels[levels["cost_object"] == "VIP"].set_index("level")["cost"]
    # Visite (patient level) and makan (unit level) share the hari rawat pool but keep their levels
    assert vip["patient"] == pytest.approx(100 * 7_500_000 / 800)
    assert vip["unit"] == pytest.approx(20 * 12_500 + 100 * 1_800_000 / 800)
    assert vip["facility"] == pytest.approx(300 * 2_600)
    assert vip["batch"] == pytest.approx(200 * 800)
    by_object = levels.groupby("cost_object", sort=False)["cost"].sum()
    assert by_object.to_numpy() == pytest.approx(result.tables["cost_objects"]["cost"].to_numpy())


def test_over_applied_pool_is_reported_never_scaled(tmp_path):
    data = tables()
    header, rows = data["activities"]
    rows[4][4] = 800  # capacity 800 kg, 900.5 used
    folder = read_activity_folder(write_folder(_abc_only(data), tmp_path))
    r = run_activity(folder)
    pool = r.tables["activity_rates"].set_index("driver").loc["kg linen"]
    assert pool["rate"] == pytest.approx(800_000 / 800)  # cost / capacity, not rescaled to the use
    assert pool["unused_cost"] == pytest.approx(800_000 - 1000 * 900.5)  # negative: over-applied
    assert any("over-applied" in w and "kg linen" in w for w in r.warnings)


def test_activities_with_their_own_capacity_in_one_pool():
    acts = pd.DataFrame({"activity": ["a", "b"], "level": ["unit", "unit"], "driver": ["d", "d"],
                         "cost": [100.0, 300.0], "capacity": [10.0, 10.0]})
    objects = pd.DataFrame({"cost_object": ["x"], "output": [np.nan], "output_unit": "", "tariff": np.nan,
                            "markup": np.nan})
    qty = pd.DataFrame({"driver": ["d"], "cost_object": ["x"], "quantity": [8.0]})
    r = activity_based_costing(acts, objects, qty)
    # one capacity for the pool: (100 + 300) / 10, the contract's formula
    assert r.activity_rates["rate"].iloc[0] == pytest.approx(40.0)
    assert r.activity_rates["unused_cost"].iloc[0] == pytest.approx(400 - 40 * 8)
    assert np.isnan(r.cost_objects["unit_cost"].iloc[0])  # no output, no unit cost


def test_quantities_of_a_driver_no_activity_has_are_refused(tmp_path):
    data = tables()
    data["driver_quantities"][1].append(["porsi makan", "VIP", 10])
    with pytest.raises(InputError) as exc:
        read_activity_folder(write_folder(_abc_only(data), tmp_path))
    assert [str(p) for p in exc.value.problems] == [
        "driver_quantities.csv:14: column 'driver': unknown driver 'porsi makan' (no activity in activities has it)"]


@pytest.mark.parametrize("change, expected", [
    (("resource_drivers", 0, 2, 0), "resources.csv:2: column 'resource':"),  # gaji perawat weights 0 + 1
    (("activities", 0, 2, "jumlah pasien x"), "activities.csv:2: column 'driver': driver 'jumlah pasien x' has "
                                              "no quantities"),
    (("activities", 1, 1, "kelompok"), "activities.csv:3: column 'level': unknown activity level 'kelompok'"),
    (("driver_quantities", 3, 1, "VVIP"), "driver_quantities.csv:5: column 'cost_object': unknown cost object "
                                          "'VVIP'"),
    (("resource_drivers", 3, 1, "Linen"), "resource_drivers.csv:5: column 'activity': unknown activity 'Linen'"),
    (("cost_objects", 0, 4, "dua puluh"), "cost_objects.csv:2: column 'markup': not a number: 'dua puluh'"),
])
def test_bad_input_names_file_row_and_column(tmp_path, change, expected):
    data = tables()
    name, row, col, value = change
    if name == "resource_drivers" and col == 2:
        data[name][1][0][2] = value
        data[name][1][1][2] = 0
    else:
        data[name][1][row][col] = value
    with pytest.raises(InputError) as exc:
        read_activity_folder(write_folder(_abc_only(data), tmp_path))
    assert any(str(p).startswith(expected) for p in exc.value.problems), [str(p) for p in exc.value.problems]


def test_zero_total_quantity_without_capacity_is_an_error(tmp_path):
    data = tables()
    for row in data["driver_quantities"][1]:
        if row[0] == "luas lantai m2":
            row[2] = 0
    with pytest.raises(InputError, match=r"activities.csv:5: column 'driver': the quantities of driver "
                                         r"'luas lantai m2' sum to 0"):
        read_activity_folder(write_folder(_abc_only(data), tmp_path))


def test_the_operators_on_arrays():
    cost, flows = trace_resources(np.array([100.0]), np.array([0, 0]), np.array([0, 1]), np.array([1.0, 3.0]), 2)
    assert cost.tolist() == [25.0, 75.0] and flows.sum() == 100.0
    rate, pool_rate, unused = pool_rates(np.array([10.0, 20.0]), np.array([0, 0]), np.array([np.nan, 40.0]),
                                         np.array([20.0]), 1)
    assert rate.tolist() == [0.5, 0.5] and pool_rate.tolist() == [1.0] and unused.tolist() == [0.0, 10.0]
    assert assign(np.array([2.0]), np.array([0, 0]), np.array([1, 0]), np.array([3.0, 4.0]), 2).tolist() == [8.0, 6.0]


# ------------------------------------------------------------------------------------------------
# properties
# ------------------------------------------------------------------------------------------------

@st.composite
def folders(draw):
    n_act = draw(st.integers(1, 8))
    n_obj = draw(st.integers(1, 5))
    n_drv = draw(st.integers(1, n_act))
    money = st.floats(0, 1e9, allow_nan=False)
    cost = np.array(draw(st.lists(money, min_size=n_act, max_size=n_act)))
    driver = np.array(draw(st.lists(st.integers(0, n_drv - 1), min_size=n_act, max_size=n_act)))
    q = np.array(draw(st.lists(st.floats(0, 1e4, allow_nan=False), min_size=n_drv * n_obj,
                               max_size=n_drv * n_obj))).reshape(n_drv, n_obj)
    q[:, 0] += 1.0  # every driver has some quantity
    acts = pd.DataFrame({"activity": [f"a{i}" for i in range(n_act)], "level": "unit",
                         "driver": [f"d{j}" for j in driver], "cost": cost, "capacity": np.nan})
    objects = pd.DataFrame({"cost_object": [f"o{i}" for i in range(n_obj)], "output": 1.0, "output_unit": "",
                            "tariff": np.nan, "markup": np.nan})
    qty = pd.DataFrame({"driver": np.repeat([f"d{j}" for j in range(n_drv)], n_obj),
                        "cost_object": np.tile([f"o{i}" for i in range(n_obj)], n_drv), "quantity": q.ravel()})
    return acts, objects, qty


@settings(max_examples=60, deadline=None)
@given(folders())
def test_without_capacity_the_objects_carry_every_rupiah(case):
    acts, objects, qty = case
    r = activity_based_costing(acts, objects, qty)
    total = acts["cost"].sum()
    assert r.cost_objects["cost"].sum() == pytest.approx(total, rel=1e-9, abs=1e-6)
    assert r.activity_rates["unused_cost"].abs().max() <= 1e-6 * max(total, 1.0)


@settings(max_examples=60, deadline=None)
@given(folders(), st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False))
def test_cost_of_objects_is_linear_in_activity_costs(case, alpha, beta):
    acts, objects, qty = case
    other = acts.assign(cost=acts["cost"].to_numpy()[::-1].copy())
    mixed = acts.assign(cost=alpha * acts["cost"] + beta * other["cost"])
    c = [activity_based_costing(a, objects, qty).cost_objects["cost"].to_numpy() for a in (acts, other, mixed)]
    assert c[2] == pytest.approx(alpha * c[0] + beta * c[1], rel=1e-9, abs=1e-3)


def test_a_pool_has_one_capacity_given_on_any_of_its_activities():
    acts = pd.DataFrame({"activity": ["a", "b"], "level": ["unit", "patient"], "driver": ["d", "d"],
                         "cost": [100.0, 300.0], "capacity": [np.nan, 10.0]})
    objects = pd.DataFrame({"cost_object": ["x"], "output": [2.0], "output_unit": "", "tariff": np.nan,
                            "markup": np.nan})
    qty = pd.DataFrame({"driver": ["d"], "cost_object": ["x"], "quantity": [8.0]})
    r = activity_based_costing(acts, objects, qty)
    pool = r.activity_rates.iloc[0]
    assert pool["rate"] == pytest.approx(400 / 10) and pool["unused_cost"] == pytest.approx(400 - 40 * 8)
    assert r.cost_objects["cost"].iloc[0] == pytest.approx(320.0)
    assert r.activity_costs["capacity"].tolist() == [10.0, 10.0]


def test_the_operator_gives_the_engine_for_many_scenarios_at_once(tmp_path):
    from jkncost.activity.abc import abc_operator

    folder = read_activity_folder(write_folder(_abc_only(EXAMPLE), tmp_path))
    op = abc_operator(folder.activities, folder.cost_objects, folder.driver_quantities, folder.resources,
                      folder.resource_drivers)
    assert op.stage_one.sum(axis=0) == pytest.approx(np.ones(2))
    rng = np.random.default_rng(3)
    direct = rng.uniform(0, 1e7, (5, 4))
    amounts = rng.uniform(0, 1e7, (2, 4))
    batch = op.cost(direct, amounts)
    for k in range(4):
        acts = folder.activities.assign(cost=direct[:, k])
        res = folder.resources.assign(amount=amounts[:, k])
        one = activity_based_costing(acts, folder.cost_objects, folder.driver_quantities, res, folder.resource_drivers)
        assert batch[:, k] == pytest.approx(one.cost_objects["cost"].to_numpy(), rel=1e-12)


def test_names_typed_differently_in_two_sheets_are_one_name(tmp_path):
    data = tables()
    data["driver_quantities"][1][3][0] = "Hari Rawat"  # activities.csv says 'hari rawat'
    data["driver_quantities"][1][4][1] = "kelas  i"  # cost_objects.csv says 'Kelas I'
    data["resource_drivers"][1][0][1] = "visite-dokter"
    r = run_activity(read_activity_folder(write_folder(_abc_only(data), tmp_path)))
    clean = run_activity(read_activity_folder(write_folder(_abc_only(EXAMPLE), tmp_path / "clean")))
    assert r.tables["cost_objects"].equals(clean.tables["cost_objects"])
    assert r.tables["activity_rates"].equals(clean.tables["activity_rates"])
