"""Allocation methods: hand-worked cases, a textbook step-down case, and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from jkncost.costing.allocation import (
    METHODS,
    AllocationError,
    allocate,
    allocation_operator,
    default_step_order,
)
from jkncost.costing.flows import allocation_flows, flow_arrays

# Two support centers serving each other, two production centers (see the module docstring).
W = np.array([[0, 1, 1, 2], [1, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]], dtype=float)
SUP = np.array([True, True, False, False])
D = np.array([100.0, 60.0, 10.0, 20.0])


def test_direct_by_hand():
    # s0's 100 goes 1:2 to p2, p3; s1's 60 goes 1:1.
    expected = [10 + 100 / 3 + 30, 20 + 200 / 3 + 30]
    np.testing.assert_allclose(allocate(D, W, SUP, "direct"), expected)


def test_double_distribution_by_hand():
    # Stage 1 over all other centers: s0 -> s1 25, p2 25, p3 50; s1 -> s0 20, p2 20, p3 20.
    # Stage 2, what s0 received (20) goes 1:2; what s1 received (25) goes 1:1.
    p2 = 10 + 25 + 20 + 20 / 3 + 12.5
    p3 = 20 + 50 + 20 + 40 / 3 + 12.5
    np.testing.assert_allclose(allocate(D, W, SUP, "double"), [p2, p3])


def test_reciprocal_by_hand():
    # x0 = 100 + x1/3, x1 = 60 + x0/4  =>  x0 = 120 / (11/12), x1 = 60 + x0/4.
    x0 = 120 * 12 / 11
    x1 = 60 + x0 / 4
    np.testing.assert_allclose(allocate(D, W, SUP, "reciprocal"), [10 + x0 / 4 + x1 / 3, 20 + x0 / 2 + x1 / 3])


def test_reciprocal_equals_fixed_point_iteration():
    # Independent computation: iterate the mutual-service equations to convergence.
    x = D[:2].copy()
    for _ in range(200):
        x = np.array([100 + x[1] / 3, 60 + x[0] / 4])
    np.testing.assert_allclose(allocate(D, W, SUP, "reciprocal"), [10 + x[0] / 4 + x[1] / 3, 20 + x[0] / 2 + x[1] / 3])


def test_stepdown_by_hand_both_orders():
    # s0 first: s0 -> s1 25, p2 25, p3 50; s1 now 85 -> p2, p3 equally.
    np.testing.assert_allclose(allocate(D, W, SUP, "stepdown", order=np.array([0, 1])), [10 + 25 + 42.5, 20 + 50 + 42.5])
    # s1 first: s1 -> s0 20, p2 20, p3 20; s0 now 120 -> p2 40, p3 80.
    np.testing.assert_allclose(allocate(D, W, SUP, "stepdown", order=np.array([1, 0])), [10 + 20 + 40, 20 + 20 + 80])


def test_textbook_stepdown_case():
    """Textbook step-down exercise (Gapenski, *Healthcare Finance*, service-center allocation; as worked
    in public course material): Maintenance by square feet, then Dietary by meals, then Administration
    by employees. Published intermediate figures: Dietary receives 7,500 from Maintenance, its revised
    cost is 407,500, Administration receives 27,167 from Dietary; total 4,550,000 is conserved."""
    names = ["Maintenance", "Dietary", "Administrative", "Laboratory", "Radiology", "Nursing"]
    cost = np.array([150_000, 400_000, 600_000, 600_000, 800_000, 2_000_000], dtype=float)
    sqft = [0, 10_000, 20_000, 30_000, 40_000, 100_000]
    meals = [2_500, 0, 2_500, 2_500, 2_500, 30_000]
    staff = [10, 15, 10, 20, 30, 50]
    w = np.zeros((6, 6))
    w[0], w[1], w[2] = sqft, meals, staff
    sup = np.array([True, True, True, False, False, False])
    flows = allocation_flows(cost, w, sup, "stepdown", order=np.array([0, 1, 2]), names=names)
    amount = {(names[f.source], names[f.target]): f.amount for f in flows}
    assert amount[("Maintenance", "Dietary")] == pytest.approx(7_500)
    assert sum(a for (s, _), a in amount.items() if s == "Dietary") == pytest.approx(407_500)
    assert round(amount[("Dietary", "Administrative")]) == 27_167
    # Hand computation of the final allocation, step by step.
    diet = 400_000 + 150_000 * 10_000 / 200_000
    admin = 600_000 + 150_000 * 20_000 / 200_000 + diet * 2_500 / 37_500
    lab = 600_000 + 150_000 * 30_000 / 200_000 + diet * 2_500 / 37_500 + admin * 20 / 100
    rad = 800_000 + 150_000 * 40_000 / 200_000 + diet * 2_500 / 37_500 + admin * 30 / 100
    nur = 2_000_000 + 150_000 * 100_000 / 200_000 + diet * 30_000 / 37_500 + admin * 50 / 100
    result = allocate(cost, w, sup, "stepdown", order=np.array([0, 1, 2]))
    np.testing.assert_allclose(result, [lab, rad, nur])
    assert result.sum() == pytest.approx(4_550_000)


def test_flows_reach_production_totals():
    for method in METHODS:
        flows = allocation_flows(D, W, SUP, method)
        received = np.zeros(4)
        for f in flows:
            received[f.target] += f.amount
            received[f.source] -= f.amount
        np.testing.assert_allclose(D + received, [0, 0, *allocate(D, W, SUP, method)], atol=1e-9)


def test_double_flows_have_two_stages():
    stages = {f.stage for f in allocation_flows(D, W, SUP, "double")}
    assert stages == {"stage 1", "stage 2"}


def test_self_weight_is_ignored():
    w = W.copy()
    w[0, 0] = 1000
    for method in METHODS:
        np.testing.assert_allclose(allocate(D, w, SUP, method), allocate(D, W, SUP, method))


def test_support_without_production_receiver_is_an_error():
    w = W.copy()
    w[0, 2:] = 0  # s0 only serves s1
    with pytest.raises(AllocationError, match="no weight to any eligible receiver"):
        allocate(D, w, SUP, "direct", names=["A", "B", "C", "D"])
    # reciprocal and step-down (s0 first) can still route s0's cost through s1
    assert allocate(D, w, SUP, "reciprocal").sum() == pytest.approx(D.sum())
    assert allocate(D, w, SUP, "stepdown", order=np.array([0, 1])).sum() == pytest.approx(D.sum())


def test_closed_support_loop_is_an_error_for_reciprocal():
    w = W.copy()
    w[0, 2:] = 0
    w[1, 2:] = 0
    with pytest.raises(AllocationError, match="never reach a production center"):
        allocate(D, w, SUP, "reciprocal", names=["A", "B", "C", "D"])


def test_unknown_method():
    with pytest.raises(ValueError, match="unknown allocation method"):
        allocate(D, W, SUP, "triple")


def test_default_order_serves_most_first():
    w = np.array([[0, 0, 1, 1], [1, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]], dtype=float)
    assert default_step_order(w, SUP).tolist() == [1, 0]


def test_batch_equals_loop():
    rng = np.random.default_rng(0)
    H, n = 7, 6
    sup = np.array([True, True, True, False, False, False])
    w = rng.uniform(0.1, 5, size=(H, n, n))
    d = rng.uniform(0, 100, size=(H, 3, n))
    for method in METHODS:
        batched = allocate(d, w, sup, method, order=np.array([0, 1, 2]))
        looped = np.stack([allocate(d[h], w[h], sup, method, order=np.array([0, 1, 2])) for h in range(H)])
        np.testing.assert_allclose(batched, looped)


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

@st.composite
def hospitals(draw, max_support=4, max_production=4):
    s = draw(st.integers(1, max_support))
    p = draw(st.integers(1, max_production))
    n = s + p
    sup = np.array([True] * s + [False] * p)
    weights = draw(arrays(np.float64, (n, n), elements=st.floats(0, 1000, allow_nan=False, allow_subnormal=False)))
    # every support center needs a positive weight to at least one production center
    first_prod = draw(st.lists(st.integers(s, n - 1), min_size=s, max_size=s))
    for k, c in enumerate(first_prod):
        weights[k, c] = max(weights[k, c], 1.0)
    cost = draw(arrays(np.float64, (3, n), elements=st.floats(0, 1e10, allow_nan=False, allow_subnormal=False)))
    return weights, sup, cost


@settings(max_examples=150, deadline=None)
@given(hospitals(), st.sampled_from(METHODS))
def test_conservation_every_method_and_category(h, method):
    weights, sup, cost = h
    after = allocate(cost, weights, sup, method)
    np.testing.assert_allclose(after.sum(axis=-1), cost.sum(axis=-1), rtol=1e-9, atol=1e-3)
    assert np.all(after >= -1e-6 * max(1.0, cost.max()))


@settings(max_examples=100, deadline=None)
@given(hospitals())
def test_methods_agree_without_support_to_support_service(h):
    weights, sup, cost = h
    s = sup.sum()
    weights = weights.copy()
    weights[:s, :s] = 0.0
    results = [allocate(cost, weights, sup, m) for m in METHODS]
    for r in results[1:]:
        np.testing.assert_allclose(r, results[0], rtol=1e-9, atol=1e-3)


@settings(max_examples=100, deadline=None)
@given(hospitals(), st.sampled_from(METHODS), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_center_order(h, method, rnd):
    weights, sup, cost = h
    s, n = int(sup.sum()), len(sup)
    order = np.arange(s)
    perm = np.array(rnd.sample(range(s), s) + [s + i for i in rnd.sample(range(n - s), n - s)])
    base = allocate(cost, weights, sup, method, order=order)
    permuted = allocate(cost[:, perm], weights[np.ix_(perm, perm)], sup, method,
                        order=np.argsort(perm[:s]))  # same closing sequence of the same centers
    np.testing.assert_allclose(permuted, base[:, perm[s:] - s], rtol=1e-9, atol=1e-3)


@settings(max_examples=100, deadline=None)
@given(hospitals(), st.sampled_from(METHODS), st.floats(0.01, 1000))
def test_scaling_costs_scales_result(h, method, factor):
    weights, sup, cost = h
    np.testing.assert_allclose(allocate(cost * factor, weights, sup, method),
                               allocate(cost, weights, sup, method) * factor, rtol=1e-9, atol=1e-3)


@settings(max_examples=60, deadline=None)
@given(hospitals(), st.sampled_from(METHODS))
def test_operator_rows_sum_to_one(h, method):
    weights, sup, _ = h
    A = allocation_operator(weights, sup, method)
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=1e-9)


@pytest.mark.parametrize("method", ["direct", "stepdown", "double", "reciprocal"])
def test_flows_reuse_the_operator_build_without_a_second_solve(method, monkeypatch):
    rng = np.random.default_rng(7)
    n = 12
    W = rng.integers(0, 5, size=(n, n)).astype(float)
    is_support = np.arange(n) < 5
    is_shared = np.arange(n) == 11
    W[:, -1] = 0.0
    W[is_support, 6] += 1.0  # every support center reaches a production center
    W[11, 0] = W[11, 7] = 1.0
    d = rng.uniform(0, 100, size=(3, n))
    plain_A = allocation_operator(W, is_support, method, is_shared=is_shared)
    parts: dict = {}
    A = allocation_operator(W, is_support, method, is_shared=is_shared, parts=parts)
    assert np.array_equal(A, plain_A)  # the operator's columns are the same numbers
    plain = flow_arrays(d, W, is_support, method, is_shared=is_shared)
    solves = []
    real = np.linalg.solve
    monkeypatch.setattr(np.linalg, "solve", lambda *a, **k: solves.append(1) or real(*a, **k))
    reused = flow_arrays(d, W, is_support, method, is_shared=is_shared, built=parts)
    assert solves == []
    for key in ("row", "source", "target", "stage"):
        assert np.array_equal(reused[key], plain[key])
    np.testing.assert_allclose(reused["amount"], plain["amount"], rtol=1e-12, atol=1e-9)
