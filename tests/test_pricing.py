"""Markup, rounding, and finding both from published numbers."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jkncost.costing import pricing
from jkncost.errors import InputError


def test_markup():
    assert pricing.markup_tariff(100.0, 0.4) == pytest.approx(140.0)
    assert pricing.markup_tariff([100.0, 0.0], 0.0).tolist() == [100.0, 0.0]
    assert pricing.markup_tariff(100.0, -0.2) == pytest.approx(80.0)


@pytest.mark.parametrize("uc, m, message", [
    (100.0, -1.0, "markup must be a number above -1"),
    (100.0, float("nan"), "markup must be a number above -1"),
    (-1.0, 0.4, "unit cost must be non-negative"),
    ("abc", 0.4, "unit_cost must be numbers"),
])
def test_markup_errors(uc, m, message):
    with pytest.raises(InputError, match=message):
        pricing.markup_tariff(uc, m)


@pytest.mark.parametrize("x, step, direction, expected", [
    (198_636, 5_000, "nearest", 200_000),
    (202_499, 5_000, "nearest", 200_000),
    (202_500, 5_000, "nearest", 205_000),  # halves go up
    (200_000, 5_000, "up", 200_000),  # a multiple stays
    (200_001, 5_000, "up", 205_000),
    (204_999, 5_000, "down", 200_000),
    (213_516, 10_000, "nearest", 210_000),
    (0.3, 0.1, "up", 0.3),  # representation error does not push a multiple up
])
def test_round(x, step, direction, expected):
    assert pricing.round_tariff(x, step, direction) == pytest.approx(expected)


def test_round_array_and_errors():
    assert pricing.round_tariff(np.array([1_200.0, 2_600.0]), 1_000).tolist() == [1_000.0, 3_000.0]
    with pytest.raises(InputError, match="rounding step must be a positive"):
        pricing.round_tariff(100.0, 0)
    with pytest.raises(InputError, match="rounding direction must be one of"):
        pricing.round_tariff(100.0, 10, "sideways")


@given(st.floats(0, 1e9), st.sampled_from([1_000, 5_000, 10_000]))
def test_round_brackets(x, step):
    lo = pricing.round_tariff(x, step, "down")
    hi = pricing.round_tariff(x, step, "up")
    near = pricing.round_tariff(x, step, "nearest")
    assert lo <= x + 1e-6 and hi >= x - 1e-6 and near in (lo, hi)
    assert abs(near - x) <= step / 2 + 1e-6


def test_factor_consistent_uses_the_published_rounding():
    # 144,675 x 1.4 = 202,545 but published 202,546: a true UC of 144,675.4 gives 202,545.56 -> 202,546.
    assert pricing.factor_consistent(144_675, 202_546, 1.4)
    # 8,625 x 1.4 = 12,075; 13,800 is 1.6 x.
    assert not pricing.factor_consistent(8_625, 13_800, 1.4)
    assert pricing.factor_consistent(8_625, 13_800, 1.6)


def test_infer_factor_prefers_the_simplest():
    base = [141_883, 20_861, 716_728, 8_625]
    target = [198_636, 29_206, 1_003_420, 13_800]
    r = pricing.infer_factor(base, target)
    assert r["factor"] == 1.4
    assert r["explained"] == 3
    assert r["consistent"].tolist() == [True, True, True, False]


def test_infer_factor_errors():
    with pytest.raises(InputError, match="same, non-zero number"):
        pricing.infer_factor([1, 2], [1])
    with pytest.raises(InputError, match="positive"):
        pricing.infer_factor([0, 2], [1, 2])


def test_common_step():
    assert pricing.common_step([200_000, 215_000, 35_000]) == 5_000
    assert pricing.common_step([200_000, 300_000]) == 100_000
    with pytest.raises(InputError, match="whole rupiah"):
        pricing.common_step([1.5, 3])


def test_rounding_candidates_and_inference():
    values = [198_636, 213_516, 29_206, 31_323, 57_414]
    proposals = [200_000, 215_000, 30_000, 30_000, 60_000]
    table = pricing.rounding_candidates(values, proposals, [5_000, 10_000])
    assert list(table.columns) == ["step", "direction", "reproduced", "n", "share"]
    assert table["reproduced"].is_monotonic_decreasing
    r = pricing.infer_rounding(values, proposals)
    assert (r["step"], r["direction"], r["reproduced"], r["n"], r["common_step"]) == (5_000.0, "nearest", 4, 5, 5_000)


def test_infer_rounding_without_a_usable_step():
    with pytest.raises(InputError, match="no candidate step divides"):
        pricing.infer_rounding([1_234], [1_234], steps=(1_000,))
