"""One-way sensitivity: tornado bars, each checked against a direct rerun; every step-down order.

:func:`tornado` moves one :class:`Input` to its low and its high value with everything else at base;
the *swing* of a quantity ``y`` (UC1, UC2, UC3 or the rational tariff of a center) is
``|y(high) - y(low)|`` and the bars are sorted by swing, largest first. All 2K scenarios go through
the batched engine in one call (:meth:`jkncost.sensitivity.model.Model.run`); each bar equals a direct
rerun of :func:`jkncost.costing.unitcost.unit_cost` on a hospital with that one input changed
(:func:`rerun`), which is what ``tests/test_sensitivity.py`` checks.

References
----------
Briggs A, Claxton K, Sculpher M (2006). *Decision Modelling for Health Economic Evaluation*, ch. 4
(one-way sensitivity analysis, tornado diagrams). Shepard DS, Hodgkin D, Anthony YE (2000),
*Analysis of Hospital Costs*, WHO (sensitivity of unit costs to allocation bases).

Examples
--------
>>> from jkncost.core import paths
>>> from jkncost.costing import read_hospital
>>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")), "double")
>>> t = tornado(m, default_inputs(m, basis=0.2, output=0.1, bor=(0.6, 0.9)))
>>> bars = t[(t.quantity == "UC1") & (t.center == "Kelas III")]
>>> top = bars.iloc[0]
>>> top["input"], round(top["at_low"]), round(top["at_high"]), round(float(top["swing_percent"]), 1)
('BOR (all bed-holding centers)', 179645, 133559, 31.9)

UC3 is variable cost per actual unit (the hospital-folder convention), so BOR does not move it; its
largest bar is the class's own output:

>>> t[(t.quantity == "UC3") & (t.center == "Kelas III")].iloc[0]["input"]
'output Kelas III'

"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jkncost.costing.hospital import CATEGORIES, Hospital
from jkncost.costing.unitcost import unit_cost, unit_cost_batch
from jkncost.sensitivity.model import LEVELS, Model, tariff_of

TORNADO_COLUMNS = ["quantity", "center", "rank", "input", "kind", "base_value", "low_value", "high_value", "base",
                   "at_low", "at_high", "swing", "swing_percent"]


@dataclass(frozen=True)
class Input:
    """One input moved in a one-way analysis.

    ``kind`` and ``target``: ``weight`` (support, receiver), ``output`` (center,), ``cost``
    (center, category), ``rate`` (), ``life`` (asset group,), ``bor`` (). ``low``/``high``/``base``
    are factors for weight, output, cost and life, and absolute values for rate and bor.

    Examples
    --------
    >>> Input("output Kelas III", "output", ("Kelas III",), low=0.9, high=1.1)
    Input(name='output Kelas III', kind='output', target=('Kelas III',), low=0.9, high=1.1, base=1.0)
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
    model : Model
        One hospital as arrays (:meth:`jkncost.sensitivity.model.Model.from_hospital`).
    basis : float, default 0.2
        Each positive weight ``W[s, c]`` moved by ``x (1 -/+ basis)``.
    output : float, default 0.1
        Each production center's output moved by ``x (1 -/+ output)``.
    costs : float, optional
        Also each direct cost (center, category) by ``x (1 -/+ costs)``.
    rate : (low, high), default (0.0, 0.10)
        Inflation/discount rate levels; only when the model has an asset register.
    life : float, default 0.25
        Useful life of each asset group by ``x (1 -/+ life)``; only with an asset register.
    bor : (low, high), default (0.6, 0.9)
        Occupancy levels (normative output of the bed-holding centers); only when there are beds.

    Returns
    -------
    list of Input
        Weights first (support center, then receiver, in center order), then outputs, costs, rate, useful
        lives and BOR.

    References
    ----------
    Briggs A., Claxton K., Sculpher M. (2006), *Decision Modelling for Health Economic Evaluation*, Oxford
    University Press, ch. 4 (one-way sensitivity analysis, tornado diagrams).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")), "double")
    >>> inputs = default_inputs(m)
    >>> len(inputs), inputs[0].name, inputs[-1].kind
    (39, 'basis Kantor -> Instalasi Gizi', 'bor')
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


def tornado(model: Model, inputs: list[Input], *, tariff: dict | None = None) -> pd.DataFrame:
    r"""One-way sensitivity: every input to its low and high value, all in one engine call.

    Swing ``= |y(high) - y(low)|``; ``swing_percent = 100 swing / y(base)``. Rows are grouped by
    ``quantity`` (UC1, UC2, UC3 and, with ``tariff``, ``tariff``) and ``center`` and sorted by swing,
    largest first (ties by input name), ``rank`` 1 = largest bar.

    Parameters
    ----------
    model : Model
        One hospital as arrays (:meth:`jkncost.sensitivity.model.Model.from_hospital`).
    inputs : list of Input
        The inputs to move, e.g. :func:`default_inputs`.
    tariff : dict, optional
        ``{"rule": ..., "fraction": ..., "markup": ..., "atp": {center: v}, "wtp": {...},
        "centers": [...], "level": 3}``: also the rational tariff
        (:func:`jkncost.costing.tariff.rational_tariff`) from UC``level`` of ``centers``.

    Returns
    -------
    DataFrame
        :data:`TORNADO_COLUMNS`.

    Raises
    ------
    ValueError
        When ``inputs`` is empty.

    Notes
    -----
    .. math:: swing = |y(x_{high}) - y(x_{low})|, \qquad swing\% = 100\, \frac{swing}{y(x_{base})}

    References
    ----------
    Briggs A., Claxton K., Sculpher M. (2006), *Decision Modelling for Health Economic Evaluation*, Oxford
    University Press, ch. 4 (one-way sensitivity analysis, tornado diagrams).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")), "double")
    >>> t = tornado(m, [Input("output Kelas III", "output", ("Kelas III",), 0.9, 1.1)])
    >>> row = t[(t.quantity == "UC3") & (t.center == "Kelas III")].iloc[0]
    >>> round(row["at_low"]), round(row["at_high"]), round(float(row["swing_percent"]), 1)
    (45987, 37626, 20.2)
    """
    if not inputs:
        raise ValueError("no inputs to move")
    both = inputs + inputs
    values = np.array([i.low for i in inputs] + [i.high for i in inputs], dtype=float)
    _, uc = model.run(**_changes(model, both, values))
    _, base = model.run()
    K = len(inputs)
    rows = []

    def add(quantity, centers, y_base, y):  # y: (2K, k)  # numpydoc ignore=GL08
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
        centers, t_base = tariff_of(base[0, level], model, tariff)
        _, t = tariff_of(uc[:, level], model, tariff)
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

    Parameters
    ----------
    model : Model
        A model made from a hospital (:meth:`jkncost.sensitivity.model.Model.from_hospital`).
    inp : Input
        The input to change.
    value : float
        Its value (a factor, or an absolute rate or BOR, as in :class:`Input`).
    tariff : dict, optional
        As for :func:`tornado`.

    Returns
    -------
    DataFrame
        ``center, UC1, UC2, UC3`` (normative UC for the bed-holding centers when ``inp`` is ``bor``) and
        ``tariff`` when asked.

    Raises
    ------
    ValueError
        When the model was not built from a hospital.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")), "double")
    >>> r = rerun(m, Input("output Kelas III", "output", ("Kelas III",), 0.9, 1.1), 1.1)
    >>> round(r.set_index("center").loc["Kelas III", "UC3"])
    37626
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
        tcenters, tv = tariff_of(out[f"UC{level}"].to_numpy(), model, tariff)
        out["tariff"] = out["center"].map(dict(zip(tcenters, tv)))
    return out


def stepdown_orders(hospital: Hospital, *, max_orders: int = 5040, seed: int = 0) -> pd.DataFrame:
    """UC1-UC3 of every production center under every step-down order of the support centers.

    ``s!`` orders (24 for 4 support centers); columns ``order`` (support centers joined by
    ``' > '``, first closed first), ``center, UC1, UC2, UC3``. When ``s!`` exceeds ``max_orders``
    (8 support centers or more), a seeded random sample of ``max_orders`` distinct orders is taken
    instead, the folder's own order first; ``DataFrame.attrs["sampled"]`` says which it was.

    Parameters
    ----------
    hospital : Hospital
        The hospital.
    max_orders : int, default 5040
        Most orders to run (7!).
    seed : int, default 0
        Seed of the sample when there are more orders than ``max_orders``.

    Returns
    -------
    DataFrame
        ``order, center, UC1, UC2, UC3``, one row per order and production center.

    References
    ----------
    Shepard D.S., Hodgkin D., Anthony Y.E. (2000), *Analysis of Hospital Costs: A Manual for Managers*, WHO
    (the step-down result depends on the order in which support centers are closed).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> s = stepdown_orders(read_hospital(paths.raw("example_hospital")))
    >>> s["order"].nunique(), s.attrs["sampled"]
    (24, False)
    """
    sup = hospital.support_centers
    n = len(sup)
    if math.factorial(n) <= max_orders:
        perms = list(itertools.permutations(range(n)))
        sampled = False
    else:
        rng = np.random.default_rng(seed)
        seen = {tuple(int(k) for k in hospital.step_order())}
        while len(seen) < max_orders:
            seen.add(tuple(int(k) for k in rng.permutation(n)))
        first = tuple(int(k) for k in hospital.step_order())
        perms = [first, *sorted(seen - {first})]
        sampled = True
    d = hospital.direct_costs().to_numpy().T[None]
    W = hospital.weight_matrix()
    out = hospital.centers.loc[~hospital.is_support, "output"].to_numpy(dtype=float)
    rows = []
    for perm in perms:
        _, uc = unit_cost_batch(d, W, hospital.is_support, out, "stepdown", np.array(perm))
        label = " > ".join(sup[k] for k in perm)
        for j, c in enumerate(hospital.production_centers):
            rows.append({"order": label, "center": c, "UC1": uc[0, 0, j], "UC2": uc[0, 1, j], "UC3": uc[0, 2, j]})
    table = pd.DataFrame(rows)
    table.attrs["sampled"] = sampled
    return table
