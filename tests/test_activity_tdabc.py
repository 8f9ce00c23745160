"""Time-driven ABC (jkncost.activity.tdabc) against values worked by hand.

The worked example (tests/activity_folders.py, invented):

- Bidan: Rp 48,000,000 over 100,000 theoretical minutes, practical share not given, so 0.8 (the stated
  assumption): 80,000 practical minutes, 48,000,000 / 80,000 = Rp 600 per minute;
- Kamar operasi: Rp 96,000,000 over 50,000 minutes at 90%: 45,000 practical minutes, Rp 2,133.33 per minute;
- Operasi SC: 90 min of Kamar operasi (192,000) + 2 x 30 min of Bidan (36,000) = 228,000 of time, plus
  2 x 75,000 + 1 x 30,000.5 of materials = 408,000.5;
- Persalinan normal: 240 min of Bidan = 144,000;
- volumes 300 SC and 200 normal: Bidan used 300 x 60 + 200 x 240 = 66,000 minutes (14,000 unused, Rp
  8,400,000); Kamar operasi 300 x 90 = 27,000 (18,000 unused, Rp 38,400,000).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jkncost.activity import read_activity_folder, run_activity
from jkncost.activity.tdabc import capacity_cost_rates, time_driven_costing
from jkncost.errors import InputError

from .activity_folders import EXAMPLE, tables, write_folder

PART = ("capacity", "processes", "materials", "volumes")


def _tdabc_only(data):
    return {k: v for k, v in data.items() if k in PART}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run_activity(read_activity_folder(write_folder(_tdabc_only(EXAMPLE), tmp_path_factory.mktemp("td"))))


def test_capacity_cost_rate_on_practical_minutes(result):
    rates = result.tables["capacity_rates"]
    assert list(rates.columns) == ["resource", "rate_per_minute", "practical_minutes", "used_minutes",
                                   "unused_minutes", "unused_cost"]
    r = rates.set_index("resource")
    assert r.loc["Bidan", "rate_per_minute"] == pytest.approx(48_000_000 / (100_000 * 0.8))
    assert r.loc["Bidan", "practical_minutes"] == pytest.approx(80_000)
    assert r.loc["Kamar operasi", "rate_per_minute"] == pytest.approx(96_000_000 / (50_000 * 0.9))


def test_default_practical_share_is_stated_as_an_assumption(result):
    assert result.tables["assumptions"]["assumption"].tolist() == [
        "practical_share not given for 1 resource(s) (Bidan): assumed 0.8 of theoretical minutes "
        "(Kaplan & Anderson 2007)"]
    assert any("assumed 0.8" in w for w in result.warnings)


def test_services_are_time_plus_materials(result):
    services = result.tables["services"]
    assert list(services.columns) == ["service", "time_cost", "materials_cost", "cost"]
    s = services.set_index("service")
    ok_rate, midwife = 96_000_000 / 45_000, 600.0
    assert s.loc["Operasi SC", "time_cost"] == pytest.approx(90 * ok_rate + 2 * 30 * midwife)
    assert s.loc["Operasi SC", "materials_cost"] == pytest.approx(2 * 75_000 + 30_000.5)
    assert s.loc["Operasi SC", "cost"] == pytest.approx(228_000 + 180_000.5)
    assert s.loc["Persalinan normal", "cost"] == pytest.approx(240 * midwife)
    steps = result.tables["process_steps"]
    assert steps.groupby("service", sort=False)["cost"].sum().to_numpy() == pytest.approx(services["time_cost"])


def test_used_and_unused_capacity_with_volumes(result):
    r = result.tables["capacity_rates"].set_index("resource")
    assert r.loc["Bidan", "used_minutes"] == pytest.approx(300 * 2 * 30 + 200 * 240)
    assert r.loc["Bidan", "unused_minutes"] == pytest.approx(80_000 - 66_000)
    assert r.loc["Bidan", "unused_cost"] == pytest.approx(14_000 * 600)
    assert r.loc["Kamar operasi", "used_minutes"] == pytest.approx(300 * 90)
    assert r.loc["Kamar operasi", "unused_cost"] == pytest.approx(18_000 * 96_000_000 / 45_000)
    # the cost of capacity is used or unused, nothing else
    used_cost = (result.tables["services"].set_index("service")["time_cost"] * pd.Series(
        {"Operasi SC": 300, "Persalinan normal": 200})).sum()
    assert used_cost + r["unused_cost"].sum() == pytest.approx(48_000_000 + 96_000_000)


def test_without_volumes_used_minutes_are_empty(tmp_path):
    r = run_activity(read_activity_folder(write_folder(_tdabc_only(tables(volumes=None)), tmp_path)))
    rates = r.tables["capacity_rates"]
    assert rates[["used_minutes", "unused_minutes", "unused_cost"]].isna().all().all()
    assert "services" in r.tables


def test_capacity_alone_gives_rates_only(tmp_path):
    data = {"capacity": EXAMPLE["capacity"]}
    r = run_activity(read_activity_folder(write_folder(data, tmp_path)))
    assert set(r.tables) == {"capacity_rates", "assumptions"}


def test_resource_beyond_practical_capacity_is_reported(tmp_path):
    data = tables()
    data["volumes"][1][1][1] = 400  # 400 normal deliveries: Bidan 18,000 + 96,000 > 80,000 minutes
    r = run_activity(read_activity_folder(write_folder(_tdabc_only(data), tmp_path)))
    bidan = r.tables["capacity_rates"].set_index("resource").loc["Bidan"]
    assert bidan["unused_minutes"] == pytest.approx(80_000 - 114_000)
    assert bidan["unused_cost"] == pytest.approx(-34_000 * 600)
    assert any("Bidan" in w and "beyond its practical capacity" in w for w in r.warnings)


@pytest.mark.parametrize("edit, expected", [
    (lambda d: d["processes"][1][0].__setitem__(1, "Ruang OK"),
     "processes.csv:2: column 'resource': unknown resource 'Ruang OK' (not in capacity)"),
    (lambda d: d["volumes"][1][0].__setitem__(0, "Operasi Caesar"),
     "volumes.csv:2: column 'service': unknown service 'Operasi Caesar'"),
    (lambda d: d["capacity"][1][0].__setitem__(2, 0),
     "capacity.csv:2: column 'minutes': minutes '0': must be > 0"),
    (lambda d: d["capacity"][1][1].__setitem__(3, "150%x"),
     "capacity.csv:3: column 'practical_share': not a number: '150%x'"),
    (lambda d: d["capacity"][1][1].__setitem__(3, 85),
     "capacity.csv:3: column 'practical_share': practical share 85 is more than 1"),
    (lambda d: d["materials"][1][1].__setitem__(3, -5),
     "materials.csv:3: column 'price': negative price '-5': must be >= 0"),
])
def test_bad_input_names_file_row_and_column(tmp_path, edit, expected):
    data = tables()
    edit(data)
    with pytest.raises(InputError) as exc:
        read_activity_folder(write_folder(_tdabc_only(data), tmp_path))
    assert any(str(p).startswith(expected) for p in exc.value.problems), [str(p) for p in exc.value.problems]


def test_processes_without_capacity_are_refused(tmp_path):
    with pytest.raises(InputError, match=r"capacity.csv: required file is missing"):
        read_activity_folder(write_folder(_tdabc_only(tables(capacity=None)), tmp_path))


def test_rate_formula_on_arrays():
    assert capacity_cost_rates(np.array([1000.0, 1000.0]), np.array([100.0, 100.0]),
                               np.array([np.nan, 0.5])).tolist() == [12.5, 20.0]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1e9, allow_nan=False), min_size=3, max_size=3),
       st.floats(0, 50, allow_nan=False))
def test_service_cost_is_linear_in_capacity_costs(costs, alpha):
    cap = pd.DataFrame({"resource": ["a", "b", "c"], "cost": costs, "minutes": [1e4, 2e4, 5e3],
                        "practical_share": [0.8, np.nan, 1.0]})
    steps = pd.DataFrame({"service": ["s", "s", "t"], "resource": ["a", "b", "c"], "minutes": [10.0, 5.0, 7.0],
                          "times": [1.0, 3.0, np.nan]})
    vol = pd.DataFrame({"service": ["s", "t"], "volume": [100.0, 50.0]})
    base = time_driven_costing(cap, steps, volumes=vol)
    scaled = time_driven_costing(cap.assign(cost=alpha * cap["cost"]), steps, volumes=vol)
    assert scaled.services["cost"].to_numpy() == pytest.approx(alpha * base.services["cost"].to_numpy(), abs=1e-6)
    # used cost + unused cost = the cost of the capacity supplied
    used = (base.services["time_cost"].to_numpy() * vol["volume"].to_numpy()).sum()
    assert used + base.capacity_rates["unused_cost"].sum() == pytest.approx(sum(costs), rel=1e-9, abs=1e-6)
