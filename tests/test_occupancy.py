"""Normative output and the unit cost of a patient-day at normative BOR."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jkncost.costing import occupancy
from jkncost.errors import InputError


def test_normative_output_and_unit_cost():
    # 50 beds x 365 days x 0.8 = 14,600 patient-days; TC 1,460,000,000 / 14,600 = 100,000
    assert occupancy.normative_output(50, 365, 0.8) == pytest.approx(14_600)
    assert occupancy.normative_unit_cost(1_460_000_000, 50, 365, 0.8) == pytest.approx(100_000)


def test_actual_bor():
    assert occupancy.actual_bor(2_562, 10, 366) == pytest.approx(0.7)
    assert occupancy.actual_bor(4_000, 10, 365) > 1  # extra beds


def test_conversion_worked_example():
    # TC 1,000,000,000; 40 beds; 366 days; actual BOR 0.6 -> 8,784 patient-days.
    beds, days, tc = 40, 366, 1_000_000_000
    patient_days = 0.6 * beds * days  # 8,784
    uc_act = tc / patient_days  # 113,843.35
    uc_norm = occupancy.normative_unit_cost(tc, beds, days, 0.8)  # 85,382.51
    assert uc_norm == pytest.approx(85_382.51, abs=0.01)  # 1,000,000,000 / (40 x 366 x 0.8 = 11,712)
    assert occupancy.to_normative(uc_act, 0.6, 0.8) == pytest.approx(85_382.51, abs=0.01)  # 113,843.35 x 0.75
    assert occupancy.to_actual(uc_norm, 0.6, 0.8) == pytest.approx(113_843.35, abs=0.01)
    assert occupancy.actual_bor(patient_days, beds, days) == pytest.approx(0.6)


@given(st.floats(1e6, 1e11), st.integers(1, 500), st.sampled_from([365, 366]), st.floats(0.05, 1.5),
       st.floats(0.5, 1.0))
def test_beds_and_days_cancel(tc, beds, days, bor_act, bor_norm):
    uc_act = tc / (beds * days * bor_act)
    assert occupancy.to_normative(uc_act, bor_act, bor_norm) == pytest.approx(
        occupancy.normative_unit_cost(tc, beds, days, bor_norm), rel=1e-9)


def test_paper_column_equals_the_correct_one_only_at_64_percent():
    uc = 426_625
    assert occupancy.implied_actual_bor(uc, uc * 0.8, 0.8) == pytest.approx(0.64)
    assert occupancy.break_even_actual_bor(0.8) == pytest.approx(0.64)
    assert occupancy.to_normative(uc, 0.64, 0.8) == pytest.approx(uc * 0.8)
    assert occupancy.to_normative(uc, 0.7, 0.8) > uc * 0.8


def test_implied_bor_and_arrays():
    # a published 'normative' column of 0.9 x UC under a norm of 0.8 implies 0.8 x 0.9 = 72 percent
    assert occupancy.implied_actual_bor([100.0, 200.0], [90.0, 180.0], 0.8).tolist() == [0.72, 0.72]
    assert occupancy.to_normative([100.0, 200.0], [0.4, 1.2], 0.8).tolist() == pytest.approx([50.0, 300.0])
    with pytest.raises(InputError, match="unit cost must be non-negative"):
        occupancy.implied_actual_bor(100.0, -1.0, 0.8)
    with pytest.raises(InputError, match="unit cost must be non-negative"):
        occupancy.to_actual(float("nan"), 0.6, 0.8)


def test_days_in_year():
    assert occupancy.days_in_year(2016) == 366
    assert occupancy.days_in_year(2017) == 365


@pytest.mark.parametrize("call, message", [
    (lambda: occupancy.normative_output(0, 365, 0.8), "beds must be positive"),
    (lambda: occupancy.normative_output(10, 365, 80), "bor must be a fraction"),
    (lambda: occupancy.normative_unit_cost(-1, 10, 365, 0.8), "total cost must be non-negative"),
    (lambda: occupancy.to_normative(100, 0, 0.8), "actual_bor must be positive"),
    (lambda: occupancy.to_normative(100, 0.7, 1.2), "normative_bor must be a fraction"),
    (lambda: occupancy.actual_bor(-5, 10, 365), "patient-days must be non-negative"),
])
def test_errors(call, message):
    with pytest.raises(InputError, match=message):
        call()
