"""Hospital folder format v2 in the engine: shared pools, rules per category and component, centers
without output, tariffs and CRR, the normative convention. Hand-worked examples (the arithmetic is in
the comments), property tests, and an independent computation (tests/v2_hospitals.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jkncost.costing import allocation, unitcost
from jkncost.costing.allocation import METHODS, AllocationError
from jkncost.costing.unitcost import unit_cost, unit_cost_batch

from .v2_hospitals import make_hospital, random_v2, reference

NAN = math.nan


def tc(result, center):
    row = result.unit_cost.set_index("center").loc[center]
    return row["TC1"], row["TC2"], row["TC3"]


# ---------------------------------------------------------------------------------------------
# Hand-worked examples
# ---------------------------------------------------------------------------------------------

POOL_CENTERS = [("Gedung", "shared", NAN, NAN, NAN), ("S", "support", NAN, NAN, NAN),
                ("P1", "production", 10, 2, NAN), ("P2", "production", 20, NAN, NAN)]
POOL_COSTS = [("Gedung", "FC", "AIC gedung", 1000), ("S", "SVC", "gaji", 100), ("P1", "VC", "BHP", 10),
              ("P2", "VC", "BHP", 20)]
POOL_BASES = [("Gedung", "", "", "S", 2), ("Gedung", "", "", "P1", 3), ("Gedung", "", "", "P2", 5),
              ("S", "", "", "P1", 1), ("S", "", "", "P2", 1)]


@pytest.mark.parametrize("method", METHODS)
def test_shared_pool_spreads_first_then_counts_as_direct_cost(method):
    # Gedung's 1000 by floor area 2:3:5 -> S 200, P1 300, P2 500 (FC). S then holds FC 200 + SVC 100 and
    # sends it 1:1 -> P1 and P2 each FC 100, SVC 50 (one support center: every method agrees).
    # P1: FC 400, SVC 50, VC 10 -> TC1 460, TC2 60, TC3 10; P2: FC 600, SVC 50, VC 20 -> 670, 70, 20.
    r = unit_cost(make_hospital(POOL_CENTERS, POOL_COSTS, POOL_BASES), method)
    assert tc(r, "P1") == pytest.approx((460, 60, 10))
    assert tc(r, "P2") == pytest.approx((670, 70, 20))
    assert list(r.unit_cost["center"]) == ["P1", "P2"]  # a pool is no production center
    pool = r.flows[r.flows["stage"] == "shared pools"]
    assert dict(zip(pool["to"], pool["amount"])) == pytest.approx({"S": 200, "P1": 300, "P2": 500})


def test_pool_share_of_a_support_center_goes_out_in_stage_1_of_double():
    # Pool G 1000 (FC) 1:1:1:1 -> S1, S2, P1, P2 250 each. Stage 1, own cost incl. pool share:
    # S1 350 (SVC 100 + FC 250) 1:1:2 over S2, P1, P2 -> 87.5, 87.5, 175;
    # S2 310 (SVC 60 + FC 250) 1:1:1 over S1, P1, P2 -> 103.33 each.
    # Stage 2: S1's received 103.33 1:2 -> P1 34.44, P2 68.89; S2's received 87.5 1:1 -> 43.75 each.
    # P1 = 250 + 87.5 + 310/3 + 310/9 + 43.75 = 519.0278; P2 = 250 + 175 + 310/3 + 620/9 + 43.75 = 640.9722.
    # FC alone: P1 = 250 + 62.5 + 250/3 + 250/9 + 31.25 = 454.8611 (total 1000 with P2 545.1389).
    h = make_hospital(
        [("G", "shared", NAN, NAN, NAN), ("S1", "support", NAN, NAN, NAN), ("S2", "support", NAN, NAN, NAN),
         ("P1", "production", 1, NAN, NAN), ("P2", "production", 1, NAN, NAN)],
        [("G", "FC", "AIC gedung", 1000), ("S1", "SVC", "gaji", 100), ("S2", "SVC", "gaji", 60)],
        [("G", "", "", t, 1) for t in ("S1", "S2", "P1", "P2")]
        + [("S1", "", "", "S2", 1), ("S1", "", "", "P1", 1), ("S1", "", "", "P2", 2)]
        + [("S2", "", "", t, 1) for t in ("S1", "P1", "P2")])
    r = unit_cost(h, "double")
    assert tc(r, "P1")[0] == pytest.approx(381.25 + 1240 / 9)
    assert tc(r, "P2")[0] == pytest.approx(468.75 + 310 / 3 + 620 / 9)
    assert r.after.loc["P1", "FC"] == pytest.approx(343.75 + 250 / 3 + 250 / 9)
    stage1 = r.flows[(r.flows["stage"] == "stage 1") & (r.flows["from"] == "S1")]
    assert stage1["amount"].sum() == pytest.approx(350)  # own 100 + pool share 250, all in stage 1


def test_category_rule():
    # S: SVC 100 and VC 50. Rows with neither (staff) 1:1; rows for VC (kWh) 1:4.
    # SVC 100 -> 50 / 50; VC 50 -> 10 / 40. P1: SVC 50, VC 10; P2: SVC 50, VC 40.
    h = make_hospital([("S", "support", NAN, NAN, NAN), ("P1", "production", 1, NAN, NAN),
                       ("P2", "production", 1, NAN, NAN)],
                      [("S", "SVC", "gaji", 100), ("S", "VC", "listrik", 50)],
                      [("S", "", "", "P1", 1), ("S", "", "", "P2", 1), ("S", "VC", "", "P1", 1),
                       ("S", "VC", "", "P2", 4)])
    r = unit_cost(h, "direct")
    assert r.after.loc["P1"].tolist() == pytest.approx([0, 50, 10])
    assert r.after.loc["P2"].tolist() == pytest.approx([0, 50, 40])


def test_component_rule():
    # S: SVC gaji 100 and SVC listrik 60. Neither (staff) 1:1; component listrik (kWh) 1:2.
    # gaji -> 50 / 50; listrik -> 20 / 40. P1 SVC 70, P2 SVC 90.
    h = make_hospital([("S", "support", NAN, NAN, NAN), ("P1", "production", 1, NAN, NAN),
                       ("P2", "production", 1, NAN, NAN)],
                      [("S", "SVC", "gaji", 100), ("S", "SVC", "listrik", 60)],
                      [("S", "", "", "P1", 1), ("S", "", "", "P2", 1), ("S", "", "listrik", "P1", 1),
                       ("S", "", "listrik", "P2", 2)])
    r = unit_cost(h, "double")
    assert r.after["SVC"].tolist() == pytest.approx([70, 90])
    items = r.after_items.set_index(["center", "component"])["amount"]
    assert items[("P2", "listrik")] == pytest.approx(40)
    flows = r.flows.groupby(["component", "to"])["amount"].sum()
    assert flows[("listrik", "P2")] == pytest.approx(40)
    assert flows[("gaji", "P2")] == pytest.approx(50)  # no rule of its own, but the flow keeps its name


def test_precedence_category_and_component_then_component_then_category_then_neither():
    # S holds 100 of each of four streams. Rules: neither 1:1, VC 1:3, listrik 1:4, VC+listrik 1:9.
    # VC listrik -> VC+listrik: 10 / 90;  SVC listrik -> component: 20 / 80;
    # VC air -> category: 25 / 75;        SVC gaji -> neither: 50 / 50.
    # P1: VC 35, SVC 70 (105); P2: VC 165, SVC 130 (295).
    rules = {("", ""): (1, 1), ("VC", ""): (1, 3), ("", "listrik"): (1, 4), ("VC", "listrik"): (1, 9)}
    bases = [("S", c, k, p, w) for (c, k), ws in rules.items() for p, w in zip(("P1", "P2"), ws)]
    h = make_hospital([("S", "support", NAN, NAN, NAN), ("P1", "production", 1, NAN, NAN),
                       ("P2", "production", 1, NAN, NAN)],
                      [("S", "VC", "listrik", 100), ("S", "SVC", "listrik", 100), ("S", "VC", "air", 100),
                       ("S", "SVC", "gaji", 100)], bases)
    for method in METHODS:
        r = unit_cost(h, method)
        assert r.after.loc["P1", ["SVC", "VC"]].tolist() == pytest.approx([70, 35])
        assert r.after.loc["P2", ["SVC", "VC"]].tolist() == pytest.approx([130, 165])


def test_received_cost_is_passed_on_by_its_own_component_rule():
    # Step-down S1 then S2. S1: SVC gaji 100, VC listrik 60, staff 1:1 over S2, P1.
    # S1 closes: gaji -> S2 50, P1 50; listrik -> S2 30, P1 30.
    # S2 (no cost of its own) closes: gaji by staff 1:1 -> P1 25, P2 25; listrik by its kWh rule (P2 only) -> P2 30.
    # P1: SVC 75, VC 30; P2: SVC 25, VC 30. (S2's staff rule for listrik would give P1 VC 45.)
    h = make_hospital([("S1", "support", NAN, NAN, 1), ("S2", "support", NAN, NAN, 2),
                       ("P1", "production", 1, NAN, NAN), ("P2", "production", 1, NAN, NAN)],
                      [("S1", "SVC", "gaji", 100), ("S1", "VC", "listrik", 60)],
                      [("S1", "", "", "S2", 1), ("S1", "", "", "P1", 1), ("S2", "", "", "P1", 1),
                       ("S2", "", "", "P2", 1), ("S2", "", "listrik", "P2", 1)])
    r = unit_cost(h, "stepdown")
    assert r.after.loc["P1", ["SVC", "VC"]].tolist() == pytest.approx([75, 30])
    assert r.after.loc["P2", ["SVC", "VC"]].tolist() == pytest.approx([25, 30])
    step2 = r.flows[(r.flows["stage"] == "step 2") & (r.flows["component"] == "listrik")]
    assert step2[["to", "amount"]].values.tolist() == [["P2", pytest.approx(30)]]


def test_production_center_without_output_has_tc_and_no_unit_cost():
    # P2 has no output: TC as in the shared-pool example (670, 70, 20), UC empty, a warning naming it.
    centers = [c if c[0] != "P2" else ("P2", "production", NAN, NAN, NAN) for c in POOL_CENTERS]
    r = unit_cost(make_hospital(centers, POOL_COSTS, POOL_BASES), "direct")
    row = r.unit_cost.set_index("center").loc["P2"]
    assert (row["TC1"], row["TC2"], row["TC3"]) == pytest.approx((670, 70, 20))
    assert row[["UC1", "UC2", "UC3"]].isna().all()
    assert any("P2" in w and "without output" in w for w in r.warnings)
    assert r.unit_cost.set_index("center").loc["P1", "UC1"] == pytest.approx(46)


def test_crr_against_the_hospitals_tariff():
    # P1 (shared-pool example): UC1 460/10 = 46, UC2 6, UC3 1; tariff 23 ->
    # CRR1 = 100 x 23/46 = 50, CRR2 = 2300/6 = 383.33, CRR3 = 2300. P2 has no tariff: empty.
    h = make_hospital(POOL_CENTERS, POOL_COSTS, POOL_BASES, tariffs=[("P1", 23)])
    t = unit_cost(h, "direct").unit_cost.set_index("center")
    assert list(t.columns[-4:]) == ["tariff", "CRR1", "CRR2", "CRR3"]
    assert t.loc["P1", ["CRR1", "CRR2", "CRR3"]].tolist() == pytest.approx([50, 2300 / 6, 2300])
    assert t.loc["P2", ["tariff", "CRR1"]].isna().all()


def test_normative_convention():
    # P1 (shared-pool example): FC 400, SVC 50, VC 10, output 10, beds 2; 100 days at BOR 0.5 -> Qn = 100.
    # UC1n = (400 + 50)/100 + 10/10 = 5.5; UC2n = 50/100 + 1 = 1.5; UC3n = 10/10 = 1. P2 has no beds: empty.
    r = unit_cost(make_hospital(POOL_CENTERS, POOL_COSTS, POOL_BASES), "direct", bor=0.5, days=100)
    t = r.unit_cost.set_index("center")
    assert t.loc["P1", ["output_normative", "UC1_normative", "UC2_normative", "UC3_normative"]].tolist() == \
        pytest.approx([100, 5.5, 1.5, 1.0])
    assert t.loc["P2", ["output_normative", "UC1_normative"]].isna().all()
    assert not r.warnings


def test_bor_without_beds_is_a_warning_not_silence():
    centers = [(c, k, o, NAN, od) for c, k, o, _, od in POOL_CENTERS]
    r = unit_cost(make_hospital(centers, POOL_COSTS, POOL_BASES), "direct", bor=0.8)
    assert r.unit_cost["output_normative"].isna().all()
    assert any("no production center has beds" in w for w in r.warnings)


def test_default_step_order_counts_a_center_served_by_any_rule():
    # A serves P only in its staff rule but B too in its kWh rule for VC: it serves 2 centers, B serves 1,
    # so A closes first; B's cost then never returns to A.
    h = make_hospital([("A", "support", NAN, NAN, NAN), ("B", "support", NAN, NAN, NAN),
                       ("P", "production", 1, NAN, NAN)],
                      [("A", "VC", "listrik", 10), ("B", "SVC", "gaji", 10)],
                      [("A", "", "", "P", 1), ("A", "VC", "", "B", 1), ("A", "VC", "", "P", 1),
                       ("B", "", "", "P", 1)])
    assert h.step_order().tolist() == [0, 1]


# ---------------------------------------------------------------------------------------------
# Operators: one per distinct weight matrix
# ---------------------------------------------------------------------------------------------

def test_sixty_components_with_four_basis_sets_build_four_operators(monkeypatch):
    comps = [f"item {i:02d}" for i in range(60)]
    centers = [("G", "shared", NAN, NAN, NAN), ("S", "support", NAN, NAN, NAN),
               ("P1", "production", 5, NAN, NAN), ("P2", "production", 7, NAN, NAN)]
    costs = [(c, "SVC", k, 100 + i) for i, k in enumerate(comps) for c in ("G", "S", "P1")]
    # the neither rule, plus three components' rules at S with three other weight sets; everything
    # else (57 components) shares the neither rule: 4 distinct matrices
    bases = [("G", "", "", t, 1) for t in ("S", "P1", "P2")] + [("S", "", "", "P1", 1), ("S", "", "", "P2", 1)]
    for k, w in zip(comps[:3], (2, 3, 4)):
        bases += [("S", "", k, "P1", 1), ("S", "", k, "P2", w)]
    calls = []
    real = unitcost.allocation_operator
    monkeypatch.setattr(unitcost, "allocation_operator", lambda *a, **k: calls.append(1) or real(*a, **k))
    r = unit_cost(make_hospital(centers, costs, bases), "reciprocal")
    assert r.operators == 4 and len(calls) == 4
    # conservation per category and component
    got = r.after_items.groupby("component")["amount"].sum()
    want = pd.DataFrame(costs, columns=["c", "k", "component", "a"]).groupby("component")["a"].sum()
    pd.testing.assert_series_equal(got.sort_index(), want.sort_index().astype(float), check_names=False)


# ---------------------------------------------------------------------------------------------
# Engine bad cases
# ---------------------------------------------------------------------------------------------

def test_rule_that_leaves_a_sender_nowhere_to_send_is_named():
    # S's VC rule reaches only the support center T: under direct its VC cost has nowhere to go
    h = make_hospital([("S", "support", NAN, NAN, NAN), ("T", "support", NAN, NAN, NAN),
                       ("P", "production", 1, NAN, NAN)],
                      [("S", "VC", "listrik", 10), ("S", "SVC", "gaji", 5)],
                      [("S", "", "", "P", 1), ("S", "VC", "", "T", 1), ("T", "", "", "P", 1)])
    problems = h.method_problems("direct")
    assert problems == [("S", "support center 'S' has no weight to any eligible receiver under 'direct': no row "
                              "of its rule for VC gives it a positive weight to a production center")]
    with pytest.raises(AllocationError, match="'S' has no weight to any eligible receiver") as err:
        unit_cost(h, "direct")
    assert err.value.center == "S"
    assert h.method_problems("stepdown") == [] and h.method_problems("reciprocal") == []


def test_cost_without_a_covering_rule_is_named_and_unused_rules_are_not_checked():
    # S holds gaji but has only a rule for listrik; T has no rule at all but holds nothing: not a problem
    h = make_hospital([("S", "support", NAN, NAN, NAN), ("T", "support", NAN, NAN, NAN),
                       ("P", "production", 1, NAN, NAN)],
                      [("S", "SVC", "gaji", 5), ("P", "VC", "BHP", 1)],
                      [("S", "", "listrik", "P", 1)])
    (center, message), = h.method_problems("double")
    assert center == "S" and "none of its allocation_bases rules covers (SVC 'gaji')" in message


def test_pool_with_no_receiver_is_named():
    h = make_hospital([("G", "shared", NAN, NAN, NAN), ("P", "production", 1, NAN, NAN)],
                      [("G", "FC", "AIC", 5)], [("G", "", "", "P", 0)])
    assert h.method_problems("double")[0][0] == "G"
    assert "shared center 'G'" in h.method_problems("double")[0][1]


def test_single_weight_matrix_paths_refuse_v2_hospitals_clearly():
    h = make_hospital(POOL_CENTERS, POOL_COSTS, POOL_BASES)
    with pytest.raises(AllocationError, match="shared cost pools or allocation bases per category"):
        h.weight_matrix()


def test_batch_with_pools_agrees_with_unit_cost():
    h = make_hospital(POOL_CENTERS, POOL_COSTS, POOL_BASES)
    W = np.zeros((4, 4))
    for s, _, _, t, w in POOL_BASES:
        W[h.names.index(s), h.names.index(t)] = w
    d = h.direct_costs().to_numpy().T[None]
    for method in METHODS:
        tc_b, uc_b = unit_cost_batch(d, W, h.is_support, np.array([10.0, 20.0]), method, is_shared=h.is_shared)
        r = unit_cost(h, method)
        np.testing.assert_allclose(tc_b[0, 0], r.unit_cost["TC1"])
        np.testing.assert_allclose(uc_b[0, 2], r.unit_cost["UC3"])


# ---------------------------------------------------------------------------------------------
# Properties and the independent computation
# ---------------------------------------------------------------------------------------------

seeds = st.integers(0, 2**32 - 1)


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
@settings(max_examples=8)
@given(seeds)
def test_independent_computation_agrees_within_one_rupiah(seed):
    centers, costs, bases, tariffs = random_v2(np.random.default_rng(seed))
    h = make_hospital(centers, costs, bases, tariffs)
    out = {c: o for c, k, o, _, _ in centers if k == "production"}
    beds = {c: b for c, k, _, b, _ in centers if k == "production"}
    tariff = dict(tariffs)
    for method in METHODS:
        r = unit_cost(h, method, bor=0.8, days=365)
        ref = reference(centers, costs, bases, method)
        t = r.unit_cost.set_index("center")
        for p, (t1, t2, t3) in ref.items():
            assert t.loc[p, ["TC1", "TC2", "TC3"]].tolist() == pytest.approx([t1, t2, t3], abs=1.0)
            q, qn = out[p], beds[p] * 365 * 0.8
            uc = [t1 / q, t2 / q, t3 / q]
            ucn = [(t1 - t3) / qn + t3 / q, (t2 - t3) / qn + t3 / q, t3 / q]
            if math.isnan(qn):  # no beds: no normative output, all three empty
                ucn = [math.nan] * 3
            np.testing.assert_allclose(t.loc[p, ["UC1", "UC2", "UC3"]].to_numpy(dtype=float), uc, atol=1.0)
            np.testing.assert_allclose(t.loc[p, ["UC1_normative", "UC2_normative", "UC3_normative"]]
                                       .to_numpy(dtype=float), ucn, atol=1.0)
            if p in tariff:
                crr = [100 * tariff[p] / u if u > 0 else math.nan for u in uc]
                np.testing.assert_allclose(t.loc[p, ["CRR1", "CRR2", "CRR3"]].to_numpy(dtype=float), crr,
                                           atol=0.05)


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
@settings(max_examples=8)
@given(seeds)
def test_conservation_per_category_and_component(seed):
    centers, costs, bases, _ = random_v2(np.random.default_rng(seed))
    h = make_hospital(centers, costs, bases)
    want = pd.DataFrame(costs, columns=["center", "category", "component", "amount"]).groupby(
        ["category", "component"])["amount"].sum()
    for method in METHODS:
        got = unit_cost(h, method).after_items.groupby(["category", "component"])["amount"].sum()
        pd.testing.assert_series_equal(got.loc[want.index], want, check_names=False, rtol=1e-9)


def test_v1_tables_and_explicit_empty_category_and_component_give_identical_results(hospital_copy, example_dir):
    from jkncost.costing import read_hospital

    b = pd.read_csv(example_dir / "allocation_bases.csv", dtype=str)
    b.insert(1, "category", "")
    b.insert(2, "component", "")
    b.to_csv(hospital_copy / "allocation_bases.csv", index=False)
    assert "category,component" in (hospital_copy / "allocation_bases.csv").read_text()
    h1, h2 = read_hospital(example_dir), read_hospital(hospital_copy)
    for method in METHODS:
        r1, r2 = unit_cost(h1, method, bor=0.8), unit_cost(h2, method, bor=0.8)
        pd.testing.assert_frame_equal(r1.unit_cost, r2.unit_cost)
        pd.testing.assert_frame_equal(r1.flows, r2.flows)
        assert r1.operators == 1


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
@settings(max_examples=8)
@given(seeds)
def test_splitting_a_component_with_the_same_basis_changes_nothing(seed):
    rng = np.random.default_rng(seed)
    centers, costs, bases, tariffs = random_v2(rng)
    target = costs[0][2]
    split_costs = []
    for c, cat, k, a in costs:
        if k == target:  # k -> "k a" and "k b", 30 / 70
            split_costs += [(c, cat, f"{k} a", 0.3 * a), (c, cat, f"{k} b", 0.7 * a)]
        else:
            split_costs.append((c, cat, k, a))
    split_bases = []
    for s, cat, k, t, w in bases:
        split_bases += [(s, cat, f"{k} a", t, w), (s, cat, f"{k} b", t, w)] if k == target else [(s, cat, k, t, w)]
    for method in METHODS:
        a = unit_cost(make_hospital(centers, costs, bases, tariffs), method).unit_cost
        b = unit_cost(make_hospital(centers, split_costs, split_bases, tariffs), method).unit_cost
        pd.testing.assert_frame_equal(a, b, rtol=1e-9)


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
@settings(max_examples=8)
@given(seeds)
def test_row_order_does_not_matter(seed):
    rng = np.random.default_rng(seed)
    centers, costs, bases, tariffs = random_v2(rng)
    shuffled = [[rows[i] for i in rng.permutation(len(rows))] for rows in (centers, costs, bases)]
    for method in METHODS:
        a = unit_cost(make_hospital(centers, costs, bases, tariffs), method)
        b = unit_cost(make_hospital(*shuffled, tariffs), method)
        ua = a.unit_cost.sort_values("center").reset_index(drop=True)
        ub = b.unit_cost.sort_values("center").reset_index(drop=True)
        pd.testing.assert_frame_equal(ua, ub, rtol=1e-9)
        fa = a.flows.groupby(["from", "to", "category", "component", "stage"])["amount"].sum()
        fb = b.flows.groupby(["from", "to", "category", "component", "stage"])["amount"].sum()
        if method != "stepdown":  # step names follow the sequence, which the order column fixes
            pd.testing.assert_series_equal(fa, fb, rtol=1e-9)


def test_flows_arrive_where_the_operator_says():
    h = make_hospital(POOL_CENTERS, POOL_COSTS, POOL_BASES)
    for method in METHODS:
        r = unit_cost(h, method)
        into = r.flows.groupby("to")["amount"].sum()
        out = r.flows.groupby("from")["amount"].sum()
        direct = h.direct_costs().sum(axis=1)
        for p in ("P1", "P2"):
            assert direct[p] + into.get(p, 0) == pytest.approx(r.unit_cost.set_index("center").loc[p, "TC1"])
        assert out.sum() - into.reindex(["Gedung", "S"]).fillna(0).sum() == pytest.approx(1100)


def test_allocation_operator_with_pools_matches_folding_by_hand():
    W = np.array([[0, 1, 1, 0], [0, 0, 1, 3], [0, 0, 0, 0], [0, 0, 0, 0]], dtype=float)
    A = allocation.allocation_operator(W, np.array([False, True, False, False]), "direct",
                                       is_shared=np.array([True, False, False, False]))
    # pool rupiah: 1/2 to P (col 0) + 1/2 via S (1/4 to P, 3/4 to Q)
    np.testing.assert_allclose(A, [[0.625, 0.375], [0.25, 0.75], [1, 0], [0, 1]])


@pytest.mark.parametrize("method", METHODS)
def test_cli_on_the_v2_example_folder_agrees_with_the_independent_computation(method, tmp_path, capsys):
    from jkncost.cli.main import main
    from jkncost.core import paths

    folder = paths.template_example()
    cc = pd.read_csv(folder / "cost_centers.csv")
    centers = list(cc[["center", "kind", "output", "beds", "order"]].itertuples(index=False, name=None))
    costs = list(pd.read_csv(folder / "costs.csv").itertuples(index=False, name=None))
    b = pd.read_csv(folder / "allocation_bases.csv", keep_default_na=False)
    bases = list(b[["support_center", "category", "component", "center", "weight"]].itertuples(index=False, name=None))
    tariff = dict(pd.read_csv(folder / "tariffs.csv")[["center", "tariff"]].itertuples(index=False, name=None))
    assert main(["unitcost", str(folder), "--method", method, "--bor", "0.8", "--out", str(tmp_path)]) == 0
    assert "ICU" in capsys.readouterr().err
    got = pd.read_csv(tmp_path / "unit_cost.csv").set_index("center")
    out = dict(zip(cc["center"], cc["output"]))
    beds = dict(zip(cc["center"], cc["beds"]))
    for p, (t1, t2, t3) in reference(centers, costs, bases, method).items():
        assert got.loc[p, ["TC1", "TC2", "TC3"]].tolist() == pytest.approx([t1, t2, t3], abs=1.0)
        if math.isnan(out[p]):
            assert got.loc[p, ["UC1", "UC2", "UC3", "CRR1"]].isna().all()
            continue
        uc = np.array([t1, t2, t3]) / out[p]
        np.testing.assert_allclose(got.loc[p, ["UC1", "UC2", "UC3"]].to_numpy(float), uc, atol=1.0)
        np.testing.assert_allclose(got.loc[p, ["CRR1", "CRR2", "CRR3"]].to_numpy(float), 100 * tariff[p] / uc,
                                   atol=0.05)
        if not math.isnan(beds[p]):
            qn = beds[p] * 365 * 0.8
            ucn = [(t1 - t3) / qn + t3 / out[p], (t2 - t3) / qn + t3 / out[p], t3 / out[p]]
            np.testing.assert_allclose(got.loc[p, ["UC1_normative", "UC2_normative", "UC3_normative"]]
                                       .to_numpy(float), ucn, atol=1.0)


def test_tariff_figure_leaves_out_a_center_without_unit_cost_and_speaks_indonesian():
    import matplotlib

    matplotlib.use("Agg")
    from jkncost.labels import indonesian_labels
    from jkncost.plots import tariff_vs_unit_cost

    centers = [c if c[0] != "P2" else ("P2", "production", NAN, NAN, NAN) for c in POOL_CENTERS]
    r = unit_cost(make_hospital(centers, POOL_COSTS, POOL_BASES, tariffs=[("P1", 23), ("P2", 40)]), "direct")
    fig = tariff_vs_unit_cost(r.unit_cost, lang="id")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["P1"]  # P2 has no unit cost: not drawn
    assert ax.get_title() in indonesian_labels()
    assert any("P2" in t.get_text() and "tidak diukur" in t.get_text() for t in fig.texts)
    heights = sorted(round(p.get_height(), 6) for p in ax.patches)
    assert heights == [1.0, 6.0, 46.0]  # UC3, UC2, UC1 of P1


def test_batch_costs_v2_hospitals_one_by_one_and_v1_hospitals_vectorized(tmp_path):
    import shutil

    from jkncost.cli.batch import cost_v2_hospitals
    from jkncost.core import paths
    from jkncost.compendium.sweep import hospital_folders, sweep_hospital_batch
    from jkncost.costing import read_hospital

    shutil.copytree(paths.raw("example_hospital"), tmp_path / "a_v1")
    shutil.copytree(paths.template_example(), tmp_path / "b_v2")
    folders = hospital_folders(tmp_path)
    raw = sweep_hospital_batch(folders, "double", 0.8)
    assert raw.set_index("hospital").loc["b_v2", "status"] == "failed"  # one weight matrix cannot hold it
    table = cost_v2_hospitals(raw, folders, "double", 0.8, 365)
    assert (table["status"] == "ok").all() and table["hospital"].tolist()[0] == "a_v1"
    for name in ("a_v1", "b_v2"):
        want = unit_cost(read_hospital(tmp_path / name), "double", bor=0.8).unit_cost
        got = table[table["hospital"] == name].reset_index(drop=True)
        pd.testing.assert_frame_equal(got[list(want.columns[:12])], want[list(want.columns[:12])], rtol=1e-9)
