"""One-way (tornado), Monte Carlo and Sobol sensitivity on the unit-cost engine (issue #8).

The issue's tests: Monte Carlo with zero spread equals the deterministic result; the tornado's bars
are ordered and each equals a direct rerun with that input moved. Also: the batched draws equal
per-hospital reruns, and the notebook runs with small parameters and refuses unknown ones.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jkncost.core import paths
from jkncost.costing.allocation import METHODS
from jkncost.costing import read_hospital
from jkncost.sensitivity import (
    GROUPS,
    LEVELS,
    Input,
    Model,
    default_inputs,
    draw,
    monte_carlo,
    read_asset_assumptions,
    register_from_fc,
    rerun,
    sobol_indices,
    stepdown_orders,
    tornado,
)
from jkncost.costing.unitcost import unit_cost

CLASSES = ["VIP", "Kelas I", "Kelas II", "Kelas III"]
SPREAD = {"bases": ("lognormal", 0.2), "output": ("triangular", -0.1, 0.1), "costs": ("uniform", -0.05, 0.05),
          "rate": ("uniform", -0.02, 0.04), "life": ("triangular", -0.25, 0.25)}
ZERO = {"bases": ("lognormal", 0.0), "output": ("triangular", 0.0, 0.0), "costs": ("uniform", 0.0, 0.0),
        "rate": ("normal", 0.0), "life": ("fixed",)}


@pytest.fixture(scope="module")
def hospital():
    return read_hospital(paths.raw("example_hospital"))


@pytest.fixture(scope="module")
def register(hospital):
    return register_from_fc(hospital, read_asset_assumptions(paths.raw("methods", "asset_assumptions_illustrative.csv")))


def model_of(hospital, register, method="double", fc_method="inflation"):
    reg = register
    if fc_method != "inflation":
        reg = register_from_fc(hospital, read_asset_assumptions(
            paths.raw("methods", "asset_assumptions_illustrative.csv")), fc_method=fc_method)
    return Model.from_hospital(hospital, method, assets=reg, fc_method=fc_method, rate=0.036)


def deterministic(hospital, method):
    return unit_cost(hospital, method, flows=False).unit_cost.set_index("center")[list(LEVELS)]


# --- the asset register -----------------------------------------------------------------------
@pytest.mark.parametrize("fc_method", ["inflation", "annuity"])
def test_illustrative_register_gives_back_the_printed_fc(hospital, fc_method):
    a = read_asset_assumptions(paths.raw("methods", "asset_assumptions_illustrative.csv"))
    reg = register_from_fc(hospital, a, fc_method=fc_method)
    with_reg = dataclasses.replace(hospital, assets=reg)
    pd.testing.assert_frame_equal(with_reg.direct_costs(fc_method=fc_method, rate=0.036), hospital.direct_costs(),
                                  rtol=1e-12)
    assert len(reg) == int((hospital.costs["category"] == "FC").sum())


def test_register_refuses_a_component_without_group(hospital):
    costs = hospital.costs.copy()
    costs.loc[costs.index[0], "component"] = "AIC something"
    a = read_asset_assumptions(paths.raw("methods", "asset_assumptions_illustrative.csv"))
    with pytest.raises(ValueError, match="AIC something"):
        register_from_fc(dataclasses.replace(hospital, costs=costs), a)


# --- Monte Carlo with zero spread equals the deterministic result -------------------------------
@pytest.mark.parametrize("method", METHODS)
def test_monte_carlo_with_zero_spread_equals_the_deterministic_result(hospital, register, method):
    m = model_of(hospital, register, method)
    r = monte_carlo(m, ZERO, n_draws=50, seed=3)
    expected = deterministic(hospital, method).loc[m.production].to_numpy().T  # (3, p)
    assert r.uc.shape == (50, 3, len(m.production))
    np.testing.assert_allclose(r.uc, np.broadcast_to(expected, r.uc.shape), rtol=1e-10)
    s = r.summary().set_index(["quantity", "center"])
    for k, q in enumerate(LEVELS):
        for j, c in enumerate(m.production):
            assert s.loc[(q, c), "p2.5"] == pytest.approx(expected[k, j], rel=1e-10)
            assert s.loc[(q, c), "p97.5"] == pytest.approx(expected[k, j], rel=1e-10)
            assert s.loc[(q, c), "sd"] == pytest.approx(0.0, abs=1e-6 * expected[k, j])


def test_monte_carlo_zero_spread_tariff_equals_the_deterministic_tariff(hospital, register):
    m = model_of(hospital, register)
    tariff = {"rule": "fraction_of_uc", "fraction": 0.95, "centers": CLASSES}
    r = monte_carlo(m, ZERO, n_draws=10, seed=1, tariff=tariff)
    uc3 = deterministic(hospital, "double").loc[CLASSES, "UC3"].to_numpy()
    np.testing.assert_allclose(r.tariff, np.broadcast_to(0.95 * uc3, (10, 4)), rtol=1e-12)


def test_monte_carlo_is_reproducible_with_a_seed_and_moves_with_spread(hospital, register):
    m = model_of(hospital, register)
    a = monte_carlo(m, SPREAD, n_draws=500, seed=11)
    b = monte_carlo(m, SPREAD, n_draws=500, seed=11)
    c = monte_carlo(m, SPREAD, n_draws=500, seed=12)
    np.testing.assert_array_equal(a.uc, b.uc)
    assert not np.allclose(a.uc, c.uc)
    s = a.summary().set_index(["quantity", "center"])
    det = deterministic(hospital, "double")
    for c_ in CLASSES:
        assert s.loc[("UC1", c_), "p2.5"] < det.loc[c_, "UC1"] < s.loc[("UC1", c_), "p97.5"]


def test_each_batched_draw_equals_a_rerun_of_the_hospital_with_that_draw(hospital, register):
    """The vectorized path and the per-hospital pandas path agree draw by draw."""
    m = Model.from_hospital(hospital, "reciprocal")
    spread = {k: SPREAD[k] for k in ("bases", "output", "costs")}
    ch = draw(m, spread, 4, np.random.default_rng(5))
    _, uc = m.run(**ch)
    pos = {c: i for i, c in enumerate(m.names)}
    for h in range(4):
        bases = hospital.bases.copy()
        bases["weight"] = [w * ch["weight_factor"][h, pos[s], pos[c]]
                           for s, c, w in bases[["support_center", "center", "weight"]].itertuples(index=False)]
        centers = hospital.centers.copy()
        prod = ~hospital.is_support
        centers.loc[prod, "output"] = centers.loc[prod, "output"].to_numpy() * ch["output_factor"][h]
        costs = hospital.costs.copy()
        cat = {"FC": 0, "SVC": 1, "VC": 2}
        costs["amount"] = [a * ch["cost_factor"][h, cat[k], pos[c]]
                           for c, k, a in costs[["center", "category", "amount"]].itertuples(index=False)]
        h2 = dataclasses.replace(hospital, bases=bases, centers=centers, costs=costs)
        got = deterministic(h2, "reciprocal").loc[m.production].to_numpy().T
        np.testing.assert_allclose(uc[h], got, rtol=1e-10)


def test_distribution_specs_are_checked(hospital):
    m = Model.from_hospital(hospital)
    for bad, msg in [({"colour": ("fixed",)}, "unknown distribution group"),
                     ({"bases": ("gamma", 1.0)}, "unknown distribution"),
                     ({"output": ("triangular", 0.1)}, "needs 2"),
                     ({"output": ("uniform", 0.1, 0.2)}, "low <= 0 <= high"),
                     ({"bases": ("normal", 0.1)}, "only for rate"),
                     ({"rate": ("uniform", -0.01, 0.01)}, "asset register")]:
        with pytest.raises(ValueError, match=msg):
            monte_carlo(m, bad, n_draws=5, seed=1)
    assert GROUPS == ("bases", "output", "costs", "rate", "life")


# --- the tornado: ordered bars, each a direct rerun ---------------------------------------------
@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
@pytest.mark.parametrize("method", METHODS)
def test_tornado_bars_are_ordered_and_each_equals_a_direct_rerun(hospital, register, method):
    m = model_of(hospital, register, method)
    inputs = default_inputs(m, basis=0.2, output=0.1, costs=0.1, rate=(0.0, 0.1), life=0.25, bor=(0.6, 0.9))
    assert {i.kind for i in inputs} == {"weight", "output", "cost", "rate", "life", "bor"}
    tariff = {"rule": "fraction_of_uc", "fraction": 0.95, "centers": CLASSES, "level": 3}
    t = tornado(m, inputs, tariff=tariff)
    # ordered: within each quantity and center, swing never increases and ranks are 1..K
    for (_, _), g in t.groupby(["quantity", "center"], sort=False):
        assert (np.diff(g["swing"].to_numpy()) <= 1e-9).all()
        assert g["rank"].tolist() == list(range(1, len(inputs) + 1))
        assert g["swing"].iloc[0] == g["swing"].max()
    # each bar equals a direct rerun of unit_cost with that input moved (every input under the
    # study's method, the first two of each kind under the others, to keep the test fast)
    checked = inputs if method == "double" else [i for k in ("weight", "output", "cost", "rate", "life", "bor")
                                                 for i in [j for j in inputs if j.kind == k][:2]]
    frames = []
    for inp in checked:
        for side, value in (("at_low", inp.low), ("at_high", inp.high)):
            r = rerun(m, inp, value, tariff=tariff)
            long = r.melt(id_vars="center", var_name="quantity", value_name="rerun").dropna()
            frames.append(long.assign(input=inp.name, side=side))
    reruns = pd.concat(frames, ignore_index=True)
    bars = t.melt(id_vars=["quantity", "center", "input"], value_vars=["at_low", "at_high"], var_name="side",
                  value_name="bar")
    both = bars.merge(reruns, on=["quantity", "center", "input", "side"], how="outer", indicator=True)
    both = both[both["input"].isin({i.name for i in checked})]
    assert (both["_merge"] == "both").all()
    assert len(both) == 2 * len(checked) * (3 * len(m.production) + len(CLASSES))
    np.testing.assert_allclose(both["bar"], both["rerun"], rtol=1e-9)
    # base column equals the deterministic result
    det = deterministic(hospital, method)
    for q in LEVELS:
        got = t[t["quantity"] == q].drop_duplicates("center").set_index("center")["base"]
        np.testing.assert_allclose(got.loc[m.production], det.loc[m.production, q], rtol=1e-10)


def test_annualization_moves_uc1_but_not_uc3(hospital, register):
    m = model_of(hospital, register)
    t = tornado(m, [i for i in default_inputs(m) if i.kind in ("rate", "life")])
    assert (t.loc[t["quantity"] == "UC3", "swing"] == 0).all()
    assert (t.loc[t["quantity"] == "UC2", "swing"] == 0).all()
    assert (t.loc[t["quantity"] == "UC1", "swing"] > 0).all()


def test_bor_input_is_left_out_without_beds(hospital):
    centers = hospital.centers.assign(beds=np.nan)
    m = Model.from_hospital(dataclasses.replace(hospital, centers=centers))
    assert "bor" not in {i.kind for i in default_inputs(m)}
    with pytest.raises(ValueError, match="needs beds"):
        m.run(bor=[0.8])


@functools.cache
def example_model():
    """The example hospital's model, read once for every example of the property test (it is not changed)."""
    return Model.from_hospital(read_hospital(paths.raw("example_hospital")))


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@settings(max_examples=25, deadline=None)
@given(f=st.floats(0.5, 2.0), which=st.sampled_from(CLASSES))
def test_output_bar_is_base_over_factor(f, which):
    m = example_model()
    t = tornado(m, [Input(f"output {which}", "output", (which,), f, 1.0)])
    row = t[(t["quantity"] == "UC3") & (t["center"] == which)].iloc[0]
    assert row["at_low"] == pytest.approx(row["base"] / f, rel=1e-12)
    others = t[(t["center"] != which)]
    assert (others["swing"] <= 1e-9 * others["base"].abs()).all()


# --- step-down orders and Sobol ---------------------------------------------------------------
def test_stepdown_orders_include_the_folder_order(hospital):
    s = stepdown_orders(hospital)
    assert s["order"].nunique() == 24
    sup = hospital.support_centers
    label = " > ".join(sup[k] for k in hospital.step_order())
    got = s[s["order"] == label].set_index("center")[list(LEVELS)]
    pd.testing.assert_frame_equal(got, deterministic(hospital, "stepdown"), check_names=False, rtol=1e-10)


def test_sobol_total_index_is_zero_for_an_input_that_cannot_move_the_output(hospital, register):
    m = model_of(hospital, register)
    s = sobol_indices(m, SPREAD, n=512, seed=2, level=3, n_resamples=0).set_index(["center", "group"])
    for c in m.production:
        assert s.loc[(c, "rate"), "ST"] == 0.0 and s.loc[(c, "life"), "ST"] == 0.0
    s1 = sobol_indices(m, {"output": SPREAD["output"]}, n=2048, seed=2, level=1, n_resamples=0).set_index(["center", "group"])
    for c in CLASSES:  # one group explains everything
        assert s1.loc[(c, "output"), "ST"] == pytest.approx(1.0, abs=0.1)


# --- the notebook -----------------------------------------------------------------------------
NOTEBOOK = paths.notebooks("methods.ipynb")


@pytest.mark.slow
def test_methods_notebook_outputs(reproduced_en):
    """The teaching notebook's outputs, from the session's shared run with its defaults (tests/reproduced.py;
    tests/test_notebooks_indonesian.py reads the Indonesian run)."""
    out = reproduced_en.processed("methods")
    mc = pd.read_csv(out / "monte_carlo.csv")
    assert set(mc["hospital"]) == {"pasangkayu", "example_hospital"}
    t = pd.read_csv(out / "tornado.csv")
    assert (t.groupby(["hospital", "quantity", "center"])["rank"].min() == 1).all()
    be = pd.read_csv(out / "break_even.csv")
    assert {"Q_star", "BOR_star", "margin_per_unit", "Q_star_accounting"} <= set(be.columns)
    # Pasangkayu's Perda tariffs are below UC3 (= v): cost-volume-profit says no volume breaks even
    pk = be[(be["hospital"] == "pasangkayu") & (be["tariff_name"] == "Perda")]
    assert (pk["margin_per_unit"] < 0).all() and np.isinf(pk["Q_star"]).all()
    assert (out / "methods.csv").exists() and (out / "cross_subsidy.csv").exists()


@pytest.mark.slow
def test_methods_notebook_refuses_an_unknown_parameter(tmp_path):
    from jkncost.compendium.notebook import ParameterError, run_notebook

    with pytest.raises(ParameterError, match="unknown parameter 'ndraws'"):
        run_notebook(NOTEBOOK, tmp_path / "x.ipynb", {"ndraws": 10})
    assert not (tmp_path / "x.ipynb").exists()


def ishigami(x):
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_sobol_estimator_matches_the_analytic_ishigami_indices():
    """Reference values in closed form (Ishigami & Homma 1990; a = 7, b = 0.1): S1 = (0.3139, 0.4424, 0),
    ST = (0.5576, 0.4424, 0.2437). The estimator that the hospital analysis uses (scipy's, given the runs)
    must find them, and its bootstrap intervals must cover them."""
    from jkncost.sensitivity import sobol_estimates

    rng = np.random.default_rng(7)
    A, B = rng.uniform(-np.pi, np.pi, (2, 2**18, 3))
    est = sobol_estimates(ishigami(A), ishigami(B),
                          {i: ishigami(np.where(np.arange(3) == i, B, A)) for i in range(3)})
    np.testing.assert_allclose([est[i]["S1"] for i in range(3)], [0.3139, 0.4424, 0.0], atol=0.02)
    np.testing.assert_allclose([est[i]["ST"] for i in range(3)], [0.5576, 0.4424, 0.2437], atol=0.02)
    small = sobol_estimates(ishigami(A[:4096]), ishigami(B[:4096]),
                            {i: ishigami(np.where(np.arange(3) == i, B[:4096], A[:4096])) for i in range(3)},
                            n_resamples=199, seed=3)
    for i, (s1, total) in enumerate([(0.3139, 0.5576), (0.4424, 0.4424), (0.0, 0.2437)]):
        assert small[i]["S1_low"] - 0.01 <= s1 <= small[i]["S1_high"] + 0.01, (i, small[i])
        assert small[i]["ST_low"] - 0.01 <= total <= small[i]["ST_high"] + 0.01, (i, small[i])
        assert small[i]["S1_low"] < small[i]["S1_high"]


def test_sobol_indices_of_the_hospital_have_intervals_and_are_reproducible(hospital, register):
    m = model_of(hospital, register)
    state = np.random.get_state()[1].copy()
    a = sobol_indices(m, SPREAD, n=200, seed=4, level=1, centers=CLASSES, n_resamples=99)
    b = sobol_indices(m, SPREAD, n=256, seed=4, level=1, centers=CLASSES, n_resamples=99)
    pd.testing.assert_frame_equal(a, b)  # n rounded up to a power of two; the bootstrap seeded
    assert (a["n"] == 256).all()
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # the caller's global state untouched
    assert (a["S1_low"] <= a["S1"] + 1e-12).all() and (a["ST"] <= a["ST_high"] + 1e-12).all()
    assert list(a.columns) == ["center", "group", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high", "n"]



def test_sobol_indices_of_one_center_and_one_group_are_those_of_that_center_among_two(hospital, register):
    """scipy returns a scalar for one output and one group of inputs (and failed with TypeError): one center
    with only ``output`` varied gives the same indices and intervals as that center's rows of a two-center run
    (the draws do not depend on which centers are reported; each center's indices use its own runs only)."""
    m = model_of(hospital, register)
    spread = {"output": SPREAD["output"]}
    for n_resamples in (0, 99):
        one = sobol_indices(m, spread, n=64, seed=5, level=3, centers=["Kelas III"], n_resamples=n_resamples)
        two = sobol_indices(m, spread, n=64, seed=5, level=3, centers=["Kelas III", "VIP"], n_resamples=n_resamples)
        assert list(one["center"]) == ["Kelas III"] and list(one["group"]) == ["output"]
        pd.testing.assert_frame_equal(one, two[two["center"] == "Kelas III"].reset_index(drop=True))
        assert one.loc[0, "ST"] == pytest.approx(1.0, abs=0.1)  # the one group explains everything


def test_sobol_estimates_of_one_output_and_one_group_are_numbers():
    """The same scipy case through the estimator itself: one output (1-d runs), one group, y = 2 x."""
    from jkncost.sensitivity import sobol_estimates

    A, B = np.random.default_rng(6).uniform(0, 1, (2, 1024))
    est = sobol_estimates(2 * A, 2 * B, {"x": 2 * B}, n_resamples=49, seed=1)["x"]
    assert est["S1"] == pytest.approx(1.0, abs=0.05) and est["ST"] == pytest.approx(1.0, abs=0.05)  # sampling noise
    assert est["S1_low"] <= est["S1"] <= est["S1_high"] and np.ndim(est["ST_high"]) == 0

def test_sobol_intervals_are_those_of_scipys_own_bootstrap():
    """sobol_estimates resamples every bootstrap and jackknife row set at once (saltelli_resamples); its
    intervals equal those of scipy's SobolResult.bootstrap, one Python call per row set, to rounding."""
    from scipy import stats

    from jkncost.sensitivity import sobol_estimates
    from jkncost.sensitivity.sobol import _seeded_global_state

    rng = np.random.default_rng(8)
    A, B = rng.uniform(-np.pi, np.pi, (2, 256, 3))
    fA, fB = np.stack([ishigami(A), ishigami(A[:, ::-1])]), np.stack([ishigami(B), ishigami(B[:, ::-1])])
    fAB = {i: np.stack([ishigami(x), ishigami(x[:, ::-1])]) for i in range(3)
           for x in [np.where(np.arange(3) == i, B, A)]}
    est = sobol_estimates(fA.T, fB.T, fAB={i: v.T for i, v in fAB.items()}, n_resamples=99, seed=11)
    res = stats.sobol_indices(func={"f_A": fA, "f_B": fB, "f_AB": np.stack([fAB[i] for i in range(3)])}, n=256)
    with _seeded_global_state(11):
        boot = res.bootstrap(n_resamples=99)
    for i in range(3):
        for key, part in (("S1", boot.first_order), ("ST", boot.total_order)):
            np.testing.assert_allclose(est[i][f"{key}_low"], part.confidence_interval.low[:, i], rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(est[i][f"{key}_high"], part.confidence_interval.high[:, i], rtol=1e-12, atol=1e-14)
            assert (part.standard_error[:, i] > 0).all()


def test_stepdown_orders_are_sampled_when_there_are_too_many_to_enumerate():
    """18 support centers (Pasangkayu under the paper's split A02) have 18! orders: a seeded sample of
    distinct orders is taken, the folder's own order first, and the table says it was sampled."""
    from jkncost.studies import pasangkayu as pk

    h = pk.load_hospital()
    assert len(h.support_centers) > 7
    s = stepdown_orders(h, max_orders=40, seed=3)
    orders = list(dict.fromkeys(s["order"]))
    assert s.attrs["sampled"] and len(orders) == 40
    assert orders[0] == " > ".join(h.support_centers[k] for k in h.step_order())
    again = stepdown_orders(h, max_orders=40, seed=3)
    pd.testing.assert_frame_equal(s, again)
    assert not stepdown_orders(read_hospital(paths.raw("example_hospital"))).attrs["sampled"]
