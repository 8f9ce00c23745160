"""Sensitivity of unit cost and tariff to the inputs: one-way (tornado), Monte Carlo, Sobol indices.

Everything runs on the unit-cost engine (:func:`jkncost.costing.unitcost.unit_cost_batch`): a :class:`Model`
holds one hospital as arrays, every scenario is a set of *changes* to those arrays, and a batch of
scenarios (the 2K bars of a tornado, the N draws of a Monte Carlo) is pushed through the engine in
one call. Changes are

=================  ==========================  ====================================================
change             shape                       meaning
=================  ==========================  ====================================================
``weight_factor``  (H, n, n)                   multiplies ``W[s, c]``, the weight of center c in
                                               support center s's allocation basis
``output_factor``  (H, p)                      multiplies the output of each production center
``cost_factor``    (H, 3, n)                   multiplies the direct FC, SVC, VC of each center
``rate``           (H,)                        inflation rate (AIC) or discount rate (annuity) of
                                               the asset register (absolute, e.g. 0.05)
``life_factor``    (H, m)                      multiplies the useful life of each asset
``bor``            (H,)                        bed occupancy: the bed-holding centers' output is
                                               ``beds x days x bor`` (NaN: actual output)
=================  ==========================  ====================================================

One-way sensitivity (:func:`tornado`) moves one :class:`Input` to its low and its high value with
everything else at base; the *swing* of a quantity ``y`` (UC1, UC2, UC3 or the rational tariff of
a center) is ``|y(high) - y(low)|`` and the bars are sorted by swing, largest first. Each bar
equals a direct rerun of :func:`jkncost.costing.unitcost.unit_cost` on a hospital with that one input
changed (:func:`rerun`), which is what ``tests/test_sensitivity.py`` checks.

Probabilistic sensitivity (:func:`monte_carlo`) draws every uncertain input from a distribution
given as a parameter, e.g.::

    {"bases": ("lognormal", 0.2),          # each weight x LogNormal(mean 1, sigma 0.2)
     "output": ("triangular", -0.1, 0.1),  # each output x (1 + Tri(-10%, 0, +10%))
     "costs": ("uniform", -0.05, 0.05),    # each direct FC/SVC/VC x (1 + U(-5%, +5%))
     "rate": ("uniform", -0.02, 0.04),     # base rate + U(-2, +4 percentage points)
     "life": ("triangular", -0.25, 0.25)}  # each asset group's useful life x (1 + Tri(...))

``bases``, ``output``, ``costs`` and ``life`` are relative changes (``lognormal`` is the factor
itself, with mean 1: ``exp(N(-sigma^2/2, sigma))``), ``rate`` an additive change in the rate.
Kinds: ``fixed`` (no spread), ``lognormal`` sigma, ``uniform`` lo hi, ``triangular`` lo hi (mode 0),
``normal`` sd (additive, for ``rate`` only). Draws come from ``numpy.random.default_rng(seed)`` in a
fixed order, so a seed gives the same intervals on every machine. With zero spread every draw
equals the deterministic result.

Global indices (:func:`sobol_indices`): first-order and total Sobol indices per *group* of inputs
(all bases, all outputs, all costs, the rate, the useful lives) with the Saltelli (2010) and
Jansen (1999) estimators on ``N (G + 2)`` runs of the same batched engine.

Asset register: the annualization parameters move FC only when FC comes from an asset register.
A hospital without one gets an *illustrative* register from :func:`register_from_fc`: purchase
values back-solved from the printed FC (``AIC <group>`` components) under stated years in use,
useful lives and base rate (``data/raw/methods/asset_assumptions_illustrative.csv``), so that FC at
the base rate equals the printed FC exactly.

References
----------
Briggs A, Claxton K, Sculpher M (2006). *Decision Modelling for Health Economic Evaluation*, ch. 4-5
(one-way and probabilistic sensitivity analysis, tornado diagrams). Saltelli A et al. (2010).
Variance based sensitivity analysis of model output. *Computer Physics Communications* 181:259-270.
Jansen MJW (1999). Analysis of variance designs for model output. *Computer Physics
Communications* 117:35-43. Shepard DS, Hodgkin D, Anthony YE (2000), *Analysis of Hospital Costs*,
WHO (sensitivity of unit costs to allocation bases).

Examples
--------
>>> from jkncost.compendium import paths
>>> from jkncost.costing import read_hospital
>>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")), "double")
>>> t = tornado(m, default_inputs(m, basis=0.2, output=0.1, bor=(0.6, 0.9)))
>>> bars = t[(t.quantity == "UC3") & (t.center == "Kelas III")]
>>> top = bars.iloc[0]
>>> top["input"], round(top["at_low"]), round(top["at_high"]), round(float(top["swing_percent"]), 1)
('BOR (all bed-holding centers)', 55437, 36958, 44.6)
>>> mc = monte_carlo(m, {"bases": ("lognormal", 0.0)}, n_draws=100, seed=1)
>>> bool(np.allclose(mc.uc[:, 2], m.run()[1][0, 2]))
True
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jkncost.costing.allocation import METHODS
from jkncost.costing.annualize import FC_METHODS, aic_inflation, eac_annuity
from jkncost.costing.hospital import ASSET_GROUPS, CATEGORIES, Hospital
from jkncost.costing.unitcost import DAYS_PER_YEAR, normative_unit_costs, unit_cost, unit_cost_batch

LEVELS = ("UC1", "UC2", "UC3")
#: Groups of uncertain inputs of :func:`monte_carlo`, in the order they are drawn.
GROUPS = ("bases", "output", "costs", "rate", "life")
KINDS = ("fixed", "lognormal", "uniform", "triangular", "normal")
TORNADO_COLUMNS = ["quantity", "center", "rank", "input", "kind", "base_value", "low_value", "high_value", "base",
                   "at_low", "at_high", "swing", "swing_percent"]


# --------------------------------------------------------------------------------------------
# Asset register (illustrative, back-solved from the printed FC)
# --------------------------------------------------------------------------------------------

def read_asset_assumptions(path) -> pd.DataFrame:
    """``group, years_in_use, useful_life, base_rate`` per asset group (plus documentation columns)."""
    df = pd.read_csv(path)
    missing = {"group", "years_in_use", "useful_life", "base_rate"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    unknown = set(df["group"]) - set(ASSET_GROUPS)
    if unknown:
        raise ValueError(f"{path}: unknown asset groups {sorted(unknown)}; use {', '.join(ASSET_GROUPS)}")
    return df


def register_from_fc(hospital: Hospital, assumptions: pd.DataFrame, fc_method: str = "inflation",
                     rate: float | None = None) -> pd.DataFrame:
    """An illustrative asset register whose annualized cost at ``rate`` equals the hospital's printed FC.

    For every FC row of ``costs.csv`` whose component is ``AIC <group>``, one asset with the
    group's ``years_in_use`` *t* and ``useful_life`` *L* and the purchase value that gives back the
    printed amount:

    ``inflation``: ``K = FC L / (1 + i)^t`` (inverse of ``AIC = K (1+i)^t / L``);
    ``annuity``: ``K = FC A(L, r)`` (inverse of ``EAC = K / A(L, r)``).

    Parameters
    ----------
    hospital : Hospital
    assumptions : DataFrame
        :func:`read_asset_assumptions`.
    fc_method : {'inflation', 'annuity'}
    rate : float, optional
        Base rate; default the ``base_rate`` of the assumptions (must be one value).

    Returns
    -------
    DataFrame
        ``center, asset, group, purchase_value, years_in_use, useful_life`` (the ``assets.csv``
        schema), one row per FC component.

    Examples
    --------
    >>> from jkncost.compendium import paths
    >>> from jkncost.costing import read_hospital
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> a = read_asset_assumptions(paths.raw("methods", "asset_assumptions_illustrative.csv"))
    >>> reg = register_from_fc(h, a)
    >>> h2 = dataclasses.replace(h, assets=reg)
    >>> bool(np.allclose(h2.direct_costs(rate=0.036), h.direct_costs()))
    True
    """
    if fc_method not in FC_METHODS:
        raise ValueError(f"unknown annualization method {fc_method!r}; choose one of {', '.join(FC_METHODS)}")
    a = assumptions.set_index("group")
    if rate is None:
        rates = a["base_rate"].unique()
        if len(rates) != 1:
            raise ValueError("the asset assumptions give several base rates; pass rate=")
        rate = float(rates[0])
    fc = hospital.costs[(hospital.costs["category"] == "FC") & (hospital.costs["amount"] > 0)]
    rows = []
    for center, component, amount in fc[["center", "component", "amount"]].itertuples(index=False):
        group = component.removeprefix("AIC ").strip().lower()
        if group not in a.index:
            raise ValueError(f"FC component {component!r} of {center!r} is not 'AIC <group>' with a group in the "
                             f"asset assumptions ({', '.join(a.index)})")
        t, life = float(a.loc[group, "years_in_use"]), float(a.loc[group, "useful_life"])
        per_rupiah = aic_inflation(1.0, rate, t, life) if fc_method == "inflation" else eac_annuity(1.0, life, rate)
        rows.append({"center": center, "asset": f"{component} (illustrative)", "group": group,
                     "purchase_value": amount / per_rupiah, "years_in_use": t, "useful_life": life})
    return pd.DataFrame(rows, columns=["center", "asset", "group", "purchase_value", "years_in_use", "useful_life"])


# --------------------------------------------------------------------------------------------
# The model: one hospital as arrays, scenarios as changes, one engine call per batch
# --------------------------------------------------------------------------------------------

@dataclass
class Model:
    """One hospital and one allocation method as arrays for :func:`jkncost.costing.unitcost.unit_cost_batch`.

    Build with :meth:`from_hospital`; :meth:`run` evaluates a batch of scenarios.
    """

    names: list[str]
    is_support: np.ndarray  # (n,)
    weights: np.ndarray  # (n, n)
    direct: np.ndarray  # (3, n): FC from costs.csv, or from the register at the base rate
    output: np.ndarray  # (p,)
    beds: np.ndarray  # (p,), NaN where none
    method: str = "double"
    order: np.ndarray | None = None
    days: float = DAYS_PER_YEAR
    fc_method: str = "inflation"
    rate: float = 0.0
    assets: pd.DataFrame | None = None  # center, asset, group, purchase_value, years_in_use, useful_life
    hospital: Hospital | None = field(default=None, repr=False)

    @classmethod
    def from_hospital(cls, hospital: Hospital, method: str = "double", *, assets: pd.DataFrame | None = None,
                      fc_method: str = "inflation", rate: float = 0.0, days: float = DAYS_PER_YEAR) -> Model:
        """Arrays of ``hospital`` (with ``assets`` as its register when given, e.g. :func:`register_from_fc`)."""
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
        if assets is not None:
            hospital = dataclasses.replace(hospital, assets=assets.reset_index(drop=True))
        prod = hospital.centers[~hospital.is_support]
        direct = hospital.direct_costs(fc_method=fc_method, rate=rate).to_numpy().T.copy()
        return cls(names=hospital.names, is_support=hospital.is_support.copy(), weights=hospital.weight_matrix(),
                   direct=direct, output=prod["output"].to_numpy(dtype=float),
                   beds=prod["beds"].to_numpy(dtype=float), method=method, order=hospital.step_order(),
                   days=days, fc_method=fc_method, rate=rate, assets=hospital.assets, hospital=hospital)

    @property
    def production(self) -> list[str]:
        return [c for c, s in zip(self.names, self.is_support) if not s]

    @property
    def has_beds(self) -> np.ndarray:
        return np.isfinite(self.beds) & (self.beds > 0)

    def _fc(self, rate: np.ndarray, life_factor: np.ndarray) -> np.ndarray:
        """FC per center (H, n) from the register at ``rate`` (H,) and ``life_factor`` (H, m)."""
        a = self.assets
        pos = {c: i for i, c in enumerate(self.names)}
        to_center = np.zeros((len(a), len(self.names)))
        to_center[np.arange(len(a)), a["center"].map(pos).to_numpy()] = 1.0
        life = a["useful_life"].to_numpy(dtype=float) * life_factor
        if self.fc_method == "inflation":
            per_asset = aic_inflation(a["purchase_value"].to_numpy(dtype=float), rate[:, None],
                                      a["years_in_use"].to_numpy(dtype=float), life)
        else:
            per_asset = eac_annuity(a["purchase_value"].to_numpy(dtype=float), life, rate[:, None])
        return np.asarray(per_asset) @ to_center

    def run(self, *, weight_factor=None, output_factor=None, cost_factor=None, rate=None, life_factor=None,
            bor=None) -> tuple[np.ndarray, np.ndarray]:
        """TC and UC, each (H, 3, p), for H scenarios given as changes (see the module docstring).

        Unchanged inputs stay at base; with no change at all H = 1 (the deterministic result).
        """
        given = [np.asarray(x, dtype=float) for x in (weight_factor, output_factor, cost_factor, rate, life_factor, bor)
                 if x is not None]
        H = max((g.shape[0] for g in given), default=1)
        n = len(self.names)
        direct = np.broadcast_to(self.direct, (H, 3, n)).copy()
        if rate is not None or life_factor is not None:
            if self.assets is None or self.assets.empty:
                raise ValueError("rate and life_factor need an asset register (Model.from_hospital(assets=...))")
            r = np.full(H, self.rate) if rate is None else np.broadcast_to(np.asarray(rate, float), (H,))
            lf = (np.ones((H, len(self.assets))) if life_factor is None
                  else np.broadcast_to(np.asarray(life_factor, float), (H, len(self.assets))))
            direct[:, 0, :] = self._fc(r, lf)
        if cost_factor is not None:
            direct = direct * np.asarray(cost_factor, dtype=float)
        W = self.weights if weight_factor is None else self.weights * np.asarray(weight_factor, dtype=float)
        if W.ndim == 3 and W.shape[0] != H:
            W = np.broadcast_to(W, (H, n, n))
        out = np.broadcast_to(self.output, (H, len(self.output))).copy()
        if output_factor is not None:
            out = out * np.asarray(output_factor, dtype=float)
        if bor is not None:
            b = np.broadcast_to(np.asarray(bor, dtype=float), (H,))
            if np.any(np.isfinite(b)) and not self.has_beds.any():
                raise ValueError("bor needs beds: no production center of this hospital has beds")
            normative = self.beds[None, :] * self.days * b[:, None]
            use = self.has_beds[None, :] & np.isfinite(b)[:, None]
            tc, uc = unit_cost_batch(direct, W, self.is_support, out, self.method, self.order)
            # the hospital-folder convention: FC and SVC over normative output, VC per actual unit
            uc_n = normative_unit_costs(tc, out, np.where(use, normative, np.nan))
            return tc, np.where(use[:, None, :], uc_n, uc)
        return unit_cost_batch(direct, W, self.is_support, out, self.method, self.order)


# --------------------------------------------------------------------------------------------
# One-way sensitivity
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Input:
    """One input moved in a one-way analysis.

    ``kind`` and ``target``: ``weight`` (support, receiver), ``output`` (center,), ``cost``
    (center, category), ``rate`` (), ``life`` (asset group,), ``bor`` (). ``low``/``high``/``base``
    are factors for weight, output, cost and life, and absolute values for rate and bor.
    """

    name: str
    kind: str
    target: tuple = ()
    low: float = 1.0
    high: float = 1.0
    base: float = 1.0


def default_inputs(model: Model, *, basis: float = 0.2, output: float = 0.1, costs: float | None = None,
                   rate: tuple[float, float] | None = (0.0, 0.10), life: float | None = 0.25,
                   bor: tuple[float, float] | None = (0.6, 0.9)) -> list[Input]:
    """The inputs of the issue's tornado: every allocation weight, every output, rate, useful life, BOR.

    Parameters
    ----------
    basis : float
        Each positive weight ``W[s, c]`` moved by ``x (1 -/+ basis)``.
    output : float
        Each production center's output moved by ``x (1 -/+ output)``.
    costs : float, optional
        Also each direct cost (center, category) by ``x (1 -/+ costs)``.
    rate : (low, high), optional
        Inflation/discount rate levels; only when the model has an asset register.
    life : float, optional
        Useful life of each asset group by ``x (1 -/+ life)``; only with an asset register.
    bor : (low, high), optional
        Occupancy levels (normative output of the bed-holding centers); only when there are beds.
    """
    inputs: list[Input] = []
    names = model.names
    W = model.weights.copy()
    np.fill_diagonal(W, 0.0)
    for s in np.flatnonzero(model.is_support):
        for c in np.flatnonzero(W[s] > 0):
            inputs.append(Input(f"basis {names[s]} -> {names[c]}", "weight", (names[s], names[c]),
                                1 - basis, 1 + basis))
    for c, q in zip(model.production, model.output):
        if q > 0:
            inputs.append(Input(f"output {c}", "output", (c,), 1 - output, 1 + output))
    if costs is not None:
        for k, cat in enumerate(CATEGORIES):
            for i, c in enumerate(names):
                if model.direct[k, i] > 0:
                    inputs.append(Input(f"{cat} {c}", "cost", (c, cat), 1 - costs, 1 + costs))
    if model.assets is not None and not model.assets.empty:
        if rate is not None:
            what = "inflation rate" if model.fc_method == "inflation" else "discount rate"
            inputs.append(Input(f"{what} (assets)", "rate", (), rate[0], rate[1], model.rate))
        if life is not None:
            for g in dict.fromkeys(model.assets["group"]):
                inputs.append(Input(f"useful life {g}", "life", (g,), 1 - life, 1 + life))
    if bor is not None and model.has_beds.any():
        inputs.append(Input("BOR (all bed-holding centers)", "bor", (), bor[0], bor[1], np.nan))
    return inputs


def _changes(model: Model, inputs: list[Input], values: np.ndarray) -> dict[str, np.ndarray]:
    """Change arrays for H = len(values) scenarios: scenario h moves inputs[h] to values[h]."""
    H = len(inputs)
    n, p = len(model.names), len(model.output)
    pos = {c: i for i, c in enumerate(model.names)}
    ppos = {c: i for i, c in enumerate(model.production)}
    ch: dict[str, np.ndarray] = {}
    kinds = {i.kind for i in inputs}
    if "weight" in kinds:
        ch["weight_factor"] = np.ones((H, n, n))
    if "output" in kinds:
        ch["output_factor"] = np.ones((H, p))
    if "cost" in kinds:
        ch["cost_factor"] = np.ones((H, 3, n))
    if kinds & {"rate", "life"}:
        ch["rate"] = np.full(H, model.rate)
        ch["life_factor"] = np.ones((H, len(model.assets)))
    if "bor" in kinds:
        ch["bor"] = np.full(H, np.nan)
    for h, (inp, v) in enumerate(zip(inputs, values)):
        if inp.kind == "weight":
            ch["weight_factor"][h, pos[inp.target[0]], pos[inp.target[1]]] = v
        elif inp.kind == "output":
            ch["output_factor"][h, ppos[inp.target[0]]] = v
        elif inp.kind == "cost":
            ch["cost_factor"][h, CATEGORIES.index(inp.target[1]), pos[inp.target[0]]] = v
        elif inp.kind == "rate":
            ch["rate"][h] = v
        elif inp.kind == "life":
            ch["life_factor"][h, (model.assets["group"] == inp.target[0]).to_numpy()] = v
        elif inp.kind == "bor":
            ch["bor"][h] = v
        else:
            raise ValueError(f"unknown input kind {inp.kind!r}")
    return ch


def _tariff(uc3: np.ndarray, model: Model, tariff: dict | None):
    """Rational tariff (…, k) for the centers ``tariff['centers']`` from UC (…, p) of ``tariff['level']``."""
    from jkncost.costing.tariff import rational_tariff

    centers = tariff.get("centers", model.production)
    idx = [model.production.index(c) for c in centers]
    kw = {k: tariff[k] for k in ("rule", "fraction", "markup") if k in tariff}
    atp = tariff.get("atp")
    wtp = tariff.get("wtp")
    atp = None if atp is None else np.array([atp[c] for c in centers], dtype=float)
    wtp = None if wtp is None else np.array([wtp[c] for c in centers], dtype=float)
    return centers, np.asarray(rational_tariff(uc3[..., idx], atp, wtp, **kw), dtype=float)


def tornado(model: Model, inputs: list[Input], *, tariff: dict | None = None) -> pd.DataFrame:
    """One-way sensitivity: every input to its low and high value, all in one engine call.

    Swing ``= |y(high) - y(low)|``; ``swing_percent = 100 swing / y(base)``. Rows are grouped by
    ``quantity`` (UC1, UC2, UC3 and, with ``tariff``, ``tariff``) and ``center`` and sorted by swing,
    largest first (ties by input name), ``rank`` 1 = largest bar.

    Parameters
    ----------
    model : Model
    inputs : list of Input
        e.g. :func:`default_inputs`.
    tariff : dict, optional
        ``{"rule": ..., "fraction": ..., "markup": ..., "atp": {center: v}, "wtp": {...},
        "centers": [...], "level": 3}``: also the rational tariff
        (:func:`jkncost.costing.tariff.rational_tariff`) from UC``level`` of ``centers``.

    Returns
    -------
    DataFrame
        :data:`TORNADO_COLUMNS`.
    """
    if not inputs:
        raise ValueError("no inputs to move")
    both = inputs + inputs
    values = np.array([i.low for i in inputs] + [i.high for i in inputs], dtype=float)
    _, uc = model.run(**_changes(model, both, values))
    _, base = model.run()
    K = len(inputs)
    rows = []

    def add(quantity, centers, y_base, y):  # y: (2K, k)
        for j, c in enumerate(centers):
            for i, inp in enumerate(inputs):
                lo, hi = y[i, j], y[K + i, j]
                rows.append({"quantity": quantity, "center": c, "input": inp.name, "kind": inp.kind,
                             "base_value": inp.base, "low_value": inp.low, "high_value": inp.high,
                             "base": y_base[j], "at_low": lo, "at_high": hi, "swing": abs(hi - lo)})

    for k, q in enumerate(LEVELS):
        add(q, model.production, base[0, k], uc[:, k])
    if tariff is not None:
        level = int(tariff.get("level", 3)) - 1
        centers, t_base = _tariff(base[0, level], model, tariff)
        _, t = _tariff(uc[:, level], model, tariff)
        add("tariff", centers, t_base, t)
    df = pd.DataFrame(rows)
    with np.errstate(divide="ignore", invalid="ignore"):
        df["swing_percent"] = 100.0 * df["swing"] / df["base"].abs()
    order = {q: i for i, q in enumerate([*LEVELS, "tariff"])}
    corder = {c: i for i, c in enumerate(model.production)}
    df = df.sort_values(["quantity", "center", "swing", "input"], ascending=[True, True, False, True],
                        key=lambda s: s.map(order) if s.name == "quantity" else (
                            s.map(corder) if s.name == "center" else s), kind="stable")
    df["rank"] = df.groupby(["quantity", "center"]).cumcount() + 1
    return df[TORNADO_COLUMNS].reset_index(drop=True)


def rerun(model: Model, inp: Input, value: float, *, tariff: dict | None = None) -> pd.DataFrame:
    """A direct rerun of :func:`jkncost.costing.unitcost.unit_cost` with one input set to ``value``.

    The hospital's tables are changed (a weight row, an output, a cost, the register) and the
    engine's per-hospital path recomputes everything; this is the check of each tornado bar.
    Returns ``center, UC1, UC2, UC3`` (normative UC for the bed-holding centers when ``inp`` is
    ``bor``) and ``tariff`` when asked.
    """
    h = model.hospital
    if h is None:
        raise ValueError("the model was not built from a hospital")
    centers, costs, bases = h.centers.copy(), h.costs.copy(), h.bases.copy()
    assets = None if h.assets is None else h.assets.copy()
    rate, bor = model.rate, None
    if inp.kind == "weight":
        m = (bases["support_center"] == inp.target[0]) & (bases["center"] == inp.target[1])
        bases.loc[m, "weight"] = bases.loc[m, "weight"] * value
    elif inp.kind == "output":
        m = centers["center"] == inp.target[0]
        centers.loc[m, "output"] = centers.loc[m, "output"] * value
    elif inp.kind == "cost":
        if inp.target[1] == "FC" and assets is not None:
            m = assets["center"] == inp.target[0]
            assets.loc[m, "purchase_value"] = assets.loc[m, "purchase_value"] * value
        m = (costs["center"] == inp.target[0]) & (costs["category"] == inp.target[1])
        costs.loc[m, "amount"] = costs.loc[m, "amount"] * value
    elif inp.kind == "rate":
        rate = value
    elif inp.kind == "life":
        m = assets["group"] == inp.target[0]
        assets.loc[m, "useful_life"] = assets.loc[m, "useful_life"] * value
    elif inp.kind == "bor":
        bor = value
    else:
        raise ValueError(f"unknown input kind {inp.kind!r}")
    h2 = dataclasses.replace(h, centers=centers, costs=costs, bases=bases, assets=assets)
    r = unit_cost(h2, model.method, bor=bor, days=model.days, fc_method=model.fc_method, rate=rate, flows=False)
    t = r.unit_cost.copy()
    if bor is not None:
        has = t["output_normative"].notna()
        for lv in LEVELS:
            t.loc[has, lv] = t.loc[has, f"{lv}_normative"]
    out = t[["center", *LEVELS]].reset_index(drop=True)
    if tariff is not None:
        level = int(tariff.get("level", 3))
        tcenters, tv = _tariff(out[f"UC{level}"].to_numpy(), model, tariff)
        out["tariff"] = out["center"].map(dict(zip(tcenters, tv)))
    return out


def stepdown_orders(hospital: Hospital) -> pd.DataFrame:
    """UC1-UC3 of every production center under every step-down order of the support centers.

    ``s!`` orders (24 for 4 support centers); columns ``order`` (support centers joined by
    ``' > '``, first closed first), ``center, UC1, UC2, UC3``.
    """
    sup = hospital.support_centers
    if len(sup) > 7:
        raise ValueError("more than 7 support centers: too many orders to enumerate")
    d = hospital.direct_costs().to_numpy().T[None]
    W = hospital.weight_matrix()
    out = hospital.centers.loc[~hospital.is_support, "output"].to_numpy(dtype=float)
    rows = []
    for perm in itertools.permutations(range(len(sup))):
        _, uc = unit_cost_batch(d, W, hospital.is_support, out, "stepdown", np.array(perm))
        label = " > ".join(sup[k] for k in perm)
        for j, c in enumerate(hospital.production_centers):
            rows.append({"order": label, "center": c, "UC1": uc[0, 0, j], "UC2": uc[0, 1, j], "UC3": uc[0, 2, j]})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Monte Carlo
# --------------------------------------------------------------------------------------------

def _check_spec(group: str, spec) -> tuple[str, tuple[float, ...]]:
    if group not in GROUPS:
        raise ValueError(f"unknown distribution group {group!r}; use {', '.join(GROUPS)}")
    if isinstance(spec, str):
        spec = (spec,)
    kind, *args = spec
    need = {"fixed": 0, "lognormal": 1, "uniform": 2, "triangular": 2, "normal": 1}
    if kind not in need:
        raise ValueError(f"{group}: unknown distribution {kind!r}; use {', '.join(KINDS)}")
    if len(args) != need[kind]:
        raise ValueError(f"{group}: {kind} needs {need[kind]} parameter(s), got {len(args)}")
    args = tuple(float(a) for a in args)
    if kind in ("lognormal", "normal") and args[0] < 0:
        raise ValueError(f"{group}: {kind} spread must be >= 0")
    if kind in ("uniform", "triangular") and not args[0] <= 0 <= args[1]:
        raise ValueError(f"{group}: {kind} needs low <= 0 <= high (relative change), got {args}")
    if group == "rate" and kind == "lognormal":
        raise ValueError("rate: the change is additive; use uniform, triangular or normal")
    if group != "rate" and kind == "normal":
        raise ValueError(f"{group}: normal is only for rate (a factor must stay positive); use lognormal")
    return kind, args


def _sample(rng, kind: str, args: tuple, shape, additive: bool) -> np.ndarray:
    """Factors (or additive changes) of one group; no draw is consumed for a zero spread."""
    neutral = 0.0 if additive else 1.0
    if kind == "fixed" or all(a == 0 for a in args):
        return np.full(shape, neutral)
    if kind == "lognormal":
        s = args[0]
        return rng.lognormal(-0.5 * s * s, s, size=shape)
    if kind == "normal":
        return rng.normal(0.0, args[0], size=shape)
    lo, hi = args
    x = rng.uniform(lo, hi, size=shape) if kind == "uniform" else rng.triangular(lo, 0.0, hi, size=shape)
    return x if additive else 1.0 + x


def draw(model: Model, distributions: dict, n_draws: int, seed: int | np.random.Generator) -> dict[str, np.ndarray]:
    """Change arrays for ``n_draws`` scenarios (keys of :meth:`Model.run`), drawn in :data:`GROUPS` order.

    ``bases``: one factor per positive off-diagonal weight of a support center; ``output``: one per
    production center; ``costs``: one per (category, center); ``rate``: one additive change per
    draw; ``life``: one factor per asset group, shared by the group's assets.
    """
    if n_draws < 1:
        raise ValueError("n_draws must be >= 1")
    specs = {g: _check_spec(g, s) for g, s in distributions.items()}
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    n, p = len(model.names), len(model.output)
    ch: dict[str, np.ndarray] = {}
    for g in GROUPS:
        if g not in specs:
            continue
        kind, args = specs[g]
        if g == "bases":
            mask = np.zeros((n, n), dtype=bool)
            mask[model.is_support] = model.weights[model.is_support] > 0
            np.fill_diagonal(mask, False)
            f = np.ones((n_draws, n, n))
            f[:, mask] = _sample(rng, kind, args, (n_draws, int(mask.sum())), False)
            ch["weight_factor"] = f
        elif g == "output":
            ch["output_factor"] = _sample(rng, kind, args, (n_draws, p), False)
        elif g == "costs":
            ch["cost_factor"] = _sample(rng, kind, args, (n_draws, 3, n), False)
        elif g in ("rate", "life"):
            if model.assets is None or model.assets.empty:
                raise ValueError(f"{g}: needs an asset register (Model.from_hospital(assets=...))")
            if g == "rate":
                ch["rate"] = model.rate + _sample(rng, kind, args, (n_draws,), True)
            else:
                groups = list(dict.fromkeys(model.assets["group"]))
                fg = _sample(rng, kind, args, (n_draws, len(groups)), False)
                col = model.assets["group"].map({x: i for i, x in enumerate(groups)}).to_numpy()
                ch["life_factor"] = fg[:, col]
    return ch


@dataclass
class MonteCarloResult:
    """Draws and their summary. ``uc`` (N, 3, p); ``tariff`` (N, k) for ``tariff_centers``."""

    production: list[str]
    uc: np.ndarray
    deterministic: np.ndarray  # (3, p)
    tariff: np.ndarray | None = None
    tariff_centers: list[str] | None = None
    tariff_deterministic: np.ndarray | None = None

    def summary(self, percentiles=(2.5, 50.0, 97.5), centers: list[str] | None = None) -> pd.DataFrame:
        """``quantity, center, deterministic, mean, sd, p<q>...`` per level (and tariff)."""
        rows = []
        want = centers or self.production

        def add(q, names, det, draws):
            for j, c in enumerate(names):
                if c not in want:
                    continue
                x = draws[:, j]
                r = {"quantity": q, "center": c, "deterministic": det[j], "mean": x.mean(), "sd": x.std(ddof=1)
                     if len(x) > 1 else 0.0}
                for pc, v in zip(percentiles, np.percentile(x, percentiles)):
                    r[f"p{pc:g}"] = v
                rows.append(r)

        for k, q in enumerate(LEVELS):
            add(q, self.production, self.deterministic[k], self.uc[:, k])
        if self.tariff is not None:
            add("tariff", self.tariff_centers, self.tariff_deterministic, self.tariff)
        return pd.DataFrame(rows)

    def probability_above(self, threshold: dict, level: int = 3) -> pd.Series:
        """Share of draws in which UC``level`` exceeds ``threshold[center]`` (e.g. a tariff)."""
        out = {}
        for c, v in threshold.items():
            j = self.production.index(c)
            out[c] = float(np.mean(self.uc[:, level - 1, j] > v))
        return pd.Series(out, name=f"P(UC{level} > threshold)")


def monte_carlo(model: Model, distributions: dict, n_draws: int = 10_000, seed: int = 20240608, *,
                tariff: dict | None = None) -> MonteCarloResult:
    """Probabilistic sensitivity: ``n_draws`` scenarios from ``distributions``, one engine call.

    Parameters
    ----------
    model : Model
    distributions : dict
        ``{group: (kind, *params)}``, groups :data:`GROUPS`, kinds :data:`KINDS` (module docstring).
    n_draws : int
    seed : int
        For ``numpy.random.default_rng``.
    tariff : dict, optional
        As in :func:`tornado`: the rational tariff per draw.

    Examples
    --------
    >>> from jkncost.compendium import paths
    >>> from jkncost.costing import read_hospital
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
    >>> r = monte_carlo(m, {"output": ("triangular", -0.1, 0.1)}, n_draws=2000, seed=7)
    >>> s = r.summary().set_index(["quantity", "center"])
    >>> bool(s.loc[("UC3", "Kelas III"), "p2.5"] < 41388 < s.loc[("UC3", "Kelas III"), "p97.5"])
    True
    """
    ch = draw(model, distributions, n_draws, seed)
    if not ch:
        ch = {"output_factor": np.ones((n_draws, len(model.output)))}
    _, uc = model.run(**ch)
    _, base = model.run()
    res = MonteCarloResult(model.production, uc, base[0])
    if tariff is not None:
        level = int(tariff.get("level", 3)) - 1
        res.tariff_centers, res.tariff = _tariff(uc[:, level], model, tariff)
        _, res.tariff_deterministic = _tariff(base[0, level], model, tariff)
    return res


def sobol_indices(model: Model, distributions: dict, n: int = 2000, seed: int = 20240608, *, level: int = 3,
                  centers: list[str] | None = None) -> pd.DataFrame:
    """First-order and total Sobol indices of UC``level`` per group of inputs.

    Two independent samples A and B of all groups (:func:`draw`); for each group g, A_B^g is A
    with group g taken from B. With ``V = Var[f]`` over A and B together,

    ``S_g = mean(f(B) (f(A_B^g) - f(A))) / V`` (Saltelli 2010, first order),
    ``ST_g = mean((f(A) - f(A_B^g))^2) / (2 V)`` (Jansen 1999, total).

    Outputs are centred on their mean first (less noise). ``n (G + 2)`` runs of the batched engine. Indices are estimates: small negative values and a
    sum of S above 1 are sampling noise. Groups with no spread are left out.

    Returns
    -------
    DataFrame
        ``center, group, S1, ST``.
    """
    groups = [g for g in GROUPS if g in distributions and _check_spec(g, distributions[g])[0] != "fixed"
              and any(a != 0 for a in _check_spec(g, distributions[g])[1])]
    if not groups:
        raise ValueError("no group with a spread")
    rng = np.random.default_rng(seed)
    A = {g: draw(model, {g: distributions[g]}, n, rng) for g in groups}
    B = {g: draw(model, {g: distributions[g]}, n, rng) for g in groups}

    def f(parts):
        ch = {}
        for part in parts.values():
            ch.update(part)
        return model.run(**ch)[1][:, level - 1]

    fA, fB = f(A), f(B)
    indices = sobol_estimates(fA, fB, {g: f({**A, g: B[g]}) for g in groups})
    rows = []
    want = centers or model.production
    for g in groups:
        S1, ST = indices[g]
        for j, c in enumerate(model.production):
            if c in want:
                rows.append({"center": c, "group": g, "S1": S1[j], "ST": ST[j]})
    return pd.DataFrame(rows)


def sobol_estimates(fA: np.ndarray, fB: np.ndarray, fAB: dict) -> dict:
    """First-order (Saltelli 2010) and total (Jansen 1999) Sobol indices from model runs.

    ``fA``, ``fB``: outputs on two independent samples (shape (n, ...)); ``fAB[g]``: outputs on A
    with input group ``g`` taken from B. Returns ``{g: (S1, ST)}``.

    .. math:: S_g = \\frac{\\overline{f(B)\\,(f(A_B^g) - f(A))}}{V}, \\qquad
              ST_g = \\frac{\\overline{(f(A) - f(A_B^g))^2}}{2V}

    References
    ----------
    Saltelli A. et al. (2010). Variance based sensitivity analysis of model output. *Computer Physics
    Communications* 181:259-270 (table 2, estimators b and f).

    Examples
    --------
    The Ishigami function, whose indices are known in closed form (S1 = 0.314, 0.442, 0):

    >>> rng = np.random.default_rng(1)
    >>> ishigami = lambda x: np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    >>> A, B = rng.uniform(-np.pi, np.pi, (2, 200_000, 3))
    >>> AB = {i: np.where(np.arange(3) == i, B, A) for i in range(3)}
    >>> est = sobol_estimates(ishigami(A), ishigami(B), {i: ishigami(AB[i]) for i in range(3)})
    >>> [round(float(est[i][0]), 2) + 0.0 for i in range(3)]
    [0.31, 0.44, 0.0]
    """
    both = np.concatenate([fA, fB])
    mu, V = both.mean(axis=0), both.var(axis=0)
    fA, fB = fA - mu, fB - mu  # centring does not change the estimators' expectation, only their noise
    out = {}
    for g, f_ab in fAB.items():
        f_ab = f_ab - mu
        with np.errstate(divide="ignore", invalid="ignore"):
            out[g] = (np.mean(fB * (f_ab - fA), axis=0) / V, 0.5 * np.mean((fA - f_ab) ** 2, axis=0) / V)
    return out


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------

def plot_tornado(table: pd.DataFrame, quantity: str, centers: list[str], *, top: int = 8, title: str = "",
                 note: str | None = None, xlabel: str = "Rp per unit of output"):
    """One tornado panel per center: the ``top`` largest bars of ``quantity`` around the base value."""
    import matplotlib.pyplot as plt

    cols = min(2, len(centers))
    rows = int(np.ceil(len(centers) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(6.5 * cols, 0.38 * top * rows + 1.6 * rows), squeeze=False)
    for ax, c in zip(axes.flat, centers):
        t = table[(table["quantity"] == quantity) & (table["center"] == c)].head(top).iloc[::-1]
        base = float(t["base"].iloc[0]) if len(t) else 0.0
        y = np.arange(len(t))
        lo, hi = t["at_low"].to_numpy(), t["at_high"].to_numpy()
        ax.barh(y, lo - base, left=base, color="#4c72b0", label="input low")
        ax.barh(y, hi - base, left=base, color="#dd8452", label="input high")
        ax.axvline(base, color="black", lw=0.8)
        ax.set_yticks(y, t["input"], fontsize=7)
        ax.set_title(f"{c} (base {base:,.0f})", fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_xlabel(xlabel, fontsize=8)
    for ax in list(axes.flat)[len(centers):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7, loc="lower right")
    fig.suptitle(title or f"Tornado: {quantity}")
    if note:
        fig.text(0.01, -0.01, note, fontsize=8, style="italic", ha="left", va="top", wrap=True)
    fig.tight_layout()
    return fig


def plot_intervals(summary: pd.DataFrame, quantity: str, centers: list[str], *, lo: str = "p2.5",
                   hi: str = "p97.5", reference: dict[str, dict[str, float]] | None = None, title: str = "",
                   note: str | None = None, ylabel: str = "Rp per unit of output"):
    """Deterministic value and Monte Carlo interval per center, with reference lines (e.g. tariffs)."""
    import matplotlib.pyplot as plt

    s = summary[summary["quantity"] == quantity].set_index("center").reindex(centers)
    fig, ax = plt.subplots(figsize=(max(5, 1.4 * len(centers) + 2), 4))
    x = np.arange(len(centers))
    ax.errorbar(x, s["p50"], yerr=[s["p50"] - s[lo], s[hi] - s["p50"]], fmt="o", capsize=6, color="#4c72b0",
                label=f"median and {lo}-{hi} interval")
    ax.scatter(x, s["deterministic"], marker="x", color="black", zorder=3, label="deterministic")
    markers = ["_", "1", "2", "3"]
    for k, (name, vals) in enumerate((reference or {}).items()):
        xs = [i for i, c in enumerate(centers) if c in vals]
        ax.scatter(xs, [vals[centers[i]] for i in xs], marker=markers[k % 4], s=400, label=name)
    ax.set_xticks(x, centers)
    ax.set_ylabel(ylabel)
    ax.set_title(title or f"Monte Carlo intervals: {quantity}")
    ax.legend(fontsize=7)
    if note:
        fig.text(0.01, -0.02, note, fontsize=8, style="italic", ha="left", va="top", wrap=True)
    fig.tight_layout()
    return fig


def plot_support_flows(flows: dict[str, pd.DataFrame], support: str, receivers: list[str], *, title: str = "",
                       note: str | None = None):
    """Where one support center's cost goes under each method (one panel per method, bars stacked by stage).

    ``flows``: method -> the ``flows`` table of :func:`jkncost.costing.unitcost.unit_cost`.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(flows), figsize=(4.2 * len(flows), 3.8), sharey=True, squeeze=False)
    for ax, (method, f) in zip(axes[0], flows.items()):
        mine = f[f["from"] == support]
        m = mine.pivot_table(index="to", columns="stage", values="amount", aggfunc="sum", fill_value=0.0)
        m = m.reindex([r for r in receivers if r in m.index]) / 1e6
        bottom = np.zeros(len(m))
        for stage in m.columns:
            ax.bar(range(len(m)), m[stage], bottom=bottom, label=stage)
            bottom += m[stage].to_numpy()
        ax.set_xticks(range(len(m)), m.index, rotation=70, ha="right", fontsize=7)
        ax.set_title(f"{method} (sent: {mine['amount'].sum() / 1e6:,.0f} million)", fontsize=9)
        ax.legend(fontsize=6)
    axes[0][0].set_ylabel("million Rp")
    fig.suptitle(title or f"Flows from {support}")
    if note:
        fig.text(0.01, -0.02, note, fontsize=8, style="italic", ha="left", va="top", wrap=True)
    fig.tight_layout()
    return fig
