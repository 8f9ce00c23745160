"""RVU cost per procedure: a hand-worked example, conservation, and clear errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jkncost.costing import rvu
from jkncost.errors import InputError

# Hand-worked example (three procedures of one unit):
#   resource cost M + S + E: A 10+20+10 = 40, B 30+20+10 = 60, C 50+40+30 = 120
#   constant c = 40 (the cheapest)           -> RVU 1, 1.5, 3
#   counts Q = 15, 20, 10                    -> sum RVU x Q = 15 + 30 + 30 = 75
#   TC = 1,200                               -> TC / 75 = 16 per RVU
#   UC = 16 x RVU                            -> 16, 24, 48; check 16x15 + 24x20 + 48x10 = 1,200
MATERIALS, STAFF, EQUIPMENT = [10, 30, 50], [20, 20, 40], [10, 10, 30]
Q = [15, 20, 10]


def test_weights_hand_worked():
    assert rvu.rvu_weights(MATERIALS, STAFF, EQUIPMENT).tolist() == [1.0, 1.5, 3.0]


def test_weights_with_a_constant_scale_only():
    w = rvu.rvu_weights(MATERIALS, STAFF, EQUIPMENT, constant=20)
    assert w.tolist() == [2.0, 3.0, 6.0]
    # the constant cancels in the unit costs
    assert rvu.unit_costs(1_200, w, Q).tolist() == [16.0, 24.0, 48.0]


def test_unit_costs_hand_worked():
    w = rvu.rvu_weights(MATERIALS, STAFF, EQUIPMENT)
    uc = rvu.unit_costs(1_200, w, Q)
    assert uc.tolist() == [16.0, 24.0, 48.0]
    assert float(uc @ np.array(Q, dtype=float)) == pytest.approx(1_200)


def test_procedure_without_output_gets_a_cost_but_no_share():
    uc = rvu.unit_costs(1_200, [1.0, 1.5, 3.0, 2.0], [15, 20, 10, 0])
    assert uc.tolist() == [16.0, 24.0, 48.0, 32.0]


def test_implied_rvu_recovers_weights_up_to_the_constant():
    assert rvu.implied_rvu([16, 24, 48]).tolist() == [1.0, 1.5, 3.0]
    assert rvu.implied_rvu([16, 24, 48], reference=2).tolist() == pytest.approx([1 / 3, 0.5, 1.0])


def test_mean_bound():
    uc = [16, 24, 48]
    mean = 1_200 / sum(Q)  # 26.67, the unit cost per procedure of the whole unit
    assert rvu.mean_unit_cost_attainable(uc, mean)
    assert not rvu.mean_unit_cost_attainable(uc, 50)
    assert not rvu.mean_unit_cost_attainable(uc, 15)
    assert rvu.mean_unit_cost_attainable(uc, 15.6, tolerance=0.5)


@pytest.mark.parametrize("kwargs, message", [
    (dict(materials=[10, -1], staff=[1, 1], equipment=[1, 1]), "materials must be non-negative"),
    (dict(materials=[10, 1], staff=[1], equipment=[1, 1]), "one value per procedure"),
    (dict(materials=[0, 0], staff=[0, 0], equipment=[0, 0]), "no procedure has a positive resource cost"),
    (dict(materials=[1, float("nan")], staff=[1, 1], equipment=[1, 1]), "not a finite number"),
])
def test_weight_errors(kwargs, message):
    with pytest.raises(InputError, match=message):
        rvu.rvu_weights(**kwargs, source="rvu_inputs.csv")


def test_error_points_at_the_row():
    with pytest.raises(InputError) as err:
        rvu.rvu_weights([1, 2, -3], [1, 1, 1], [1, 1, 1], source="rvu_inputs.csv")
    problem = err.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("rvu_inputs.csv", 4, "materials")


def test_bad_constant():
    with pytest.raises(InputError, match="constant must be positive"):
        rvu.rvu_weights([1], [1], [1], constant=0)


@pytest.mark.parametrize("tc, w, q, message", [
    (100, [1, 2], [0, 0], "sum of RVU x quantity is zero"),
    (-5, [1, 2], [1, 1], "total cost must be a non-negative"),
    (100, [1, 2], [1], "one value per procedure"),
    (100, [1, -2], [1, 1], "rvu must be non-negative"),
])
def test_unit_cost_errors(tc, w, q, message):
    with pytest.raises(InputError, match=message):
        rvu.unit_costs(tc, w, q)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0.01, 1e6), st.integers(0, 10_000)), min_size=1, max_size=30),
       st.one_of(st.just(0.0), st.floats(0.01, 1e12)))
def test_conservation_and_bounds(rows, tc):
    w = [r[0] for r in rows]
    q = [r[1] for r in rows]
    if sum(q) == 0:
        return
    uc = rvu.unit_costs(tc, w, q)
    assert float(uc @ np.array(q, dtype=float)) == pytest.approx(tc, rel=1e-9, abs=1e-6)
    # ratios follow the weights, and the unit's mean cost is attainable
    assert uc / uc.max() == pytest.approx(np.array(w) / max(w)) if tc > 0 else True
    assert rvu.mean_unit_cost_attainable(uc, tc / sum(q), tolerance=1e-6 * max(1.0, tc))
