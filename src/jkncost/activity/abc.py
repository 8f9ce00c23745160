"""Activity-based costing in two stages, as linear operators over long tables.

Stage 1 traces resources to activities by resource drivers; stage 2 assigns activities to cost objects
by activity drivers, the activities that share a driver forming one homogeneous cost pool
(*kelompok biaya homogen*).

Notes
-----
With resources :math:`r` (amount :math:`R_r`), activities :math:`a` (direct cost :math:`d_a`, driver
:math:`\\delta(a)`, capacity :math:`\\kappa_a` when given), resource weights :math:`w_{ra}` and driver
quantities :math:`q_{do}`:

.. math::

    c_a = d_a + \\sum_r R_r \\frac{w_{ra}}{\\sum_{a'} w_{ra'}}, \\qquad
    Q_d = \\sum_o q_{do}, \\qquad
    \\rho_a = \\frac{c_a}{\\kappa_a \\text{ if given, else } Q_{\\delta(a)}}, \\qquad
    \\rho_d = \\sum_{a: \\delta(a) = d} \\rho_a, \\qquad
    C_o = \\sum_d \\rho_d \\, q_{do}.

When the activities of a pool give one capacity (the others of the pool leaving it blank take it) or
none, :math:`\\rho_d` is the pool's cost over its capacity (else over :math:`Q_d`), the contract's
formula; when they give different capacities each activity's idle capacity is its own. The unused cost of a pool is :math:`\\sum_a c_a - \\rho_d Q_d`: zero
without capacity, positive for idle capacity, negative when the cost objects used more than the
capacity (the pool is over-applied: reported, never scaled). Conservation:
:math:`\\sum_o C_o + \\sum_d \\text{unused}_d = \\sum_a c_a = \\sum_a d_a + \\sum_r R_r`, checked.

Both stages (:mod:`jkncost.activity.stages`) are sparse matrix products written as :func:`numpy.bincount` over the rows of the long
tables (one pass each): linear in the number of weights and quantities, no loop over rows. Unit cost
:math:`u_o = C_o / \\text{output}_o`; ABC tariff :math:`u_o (1 + m_o)`; difference = tariff - :math:`u_o`.

The cost of each object is also split by activity level (unit, batch, patient, facility: the cost
hierarchy of Cooper & Kaplan), so a reader sees how much of a class's cost is facility-sustaining.

References
----------
Cooper R, Kaplan RS (1988). Measure costs right: make the right decisions. Harvard Business Review
66(5):96-103.
Kaplan RS, Anderson SR (2004). Time-driven activity-based costing. Harvard Business Review 82(11):131-138.
Kaplan RS, Cooper R (1998). Cost & Effect. Harvard Business School Press (chapters 5-6: resource and
activity drivers, practical capacity).

Examples
--------
Two activities share the driver ``hari rawat`` (one pool), one is traced by ``visit``:

>>> import pandas as pd
>>> acts = pd.DataFrame({"activity": ["Rawat", "Makan", "Visite"], "level": ["unit", "unit", "patient"],
...                      "driver": ["hari rawat", "hari rawat", "visit"], "cost": [600.0, 300.0, 200.0],
...                      "capacity": [float("nan")] * 3})
>>> objects = pd.DataFrame({"cost_object": ["VIP", "Kelas III"], "output": [10.0, 20.0], "output_unit": "",
...                         "tariff": [float("nan"), 30.0], "markup": [0.2, float("nan")]})
>>> qty = pd.DataFrame({"driver": ["hari rawat", "hari rawat", "visit", "visit"],
...                     "cost_object": ["VIP", "Kelas III", "VIP", "Kelas III"], "quantity": [10.0, 20.0, 3.0, 1.0]})
>>> r = activity_based_costing(acts, objects, qty)
>>> r.activity_rates[["driver", "cost", "quantity", "rate"]].to_dict("records")
[{'driver': 'hari rawat', 'cost': 900.0, 'quantity': 30.0, 'rate': 30.0}, {'driver': 'visit', 'cost': 200.0, 'quantity': 4.0, 'rate': 50.0}]
>>> r.cost_objects[["cost_object", "cost", "unit_cost", "abc_tariff", "difference"]].round(2).to_dict("records")
[{'cost_object': 'VIP', 'cost': 450.0, 'unit_cost': 45.0, 'abc_tariff': 54.0, 'difference': nan}, {'cost_object': 'Kelas III', 'cost': 650.0, 'unit_cost': 32.5, 'abc_tariff': nan, 'difference': -2.5}]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jkncost.activity.folder import LEVELS
from jkncost.labels import Figure, Text
from jkncost.activity.stages import assign, check_conservation, pool_capacity, pool_rates, trace_resources

ACTIVITY_RATES = ["driver", "activities", "cost", "quantity", "rate", "unused_cost"]
COST_OBJECTS = ["cost_object", "cost", "output", "unit_cost", "markup", "abc_tariff", "tariff", "difference"]
ACTIVITY_COSTS = ["activity", "level", "driver", "direct_cost", "resource_cost", "cost", "capacity", "quantity",
                  "rate", "applied", "unused_cost"]


@dataclass
class ABCResult:
    """The two stages of one activity folder.

    Attributes
    ----------
    activity_rates : DataFrame
        One row per pool: ``driver, activities, cost, quantity, rate, unused_cost`` (``activity_rates.csv``).
    cost_objects : DataFrame
        ``cost_object, cost, output, unit_cost, markup, abc_tariff, tariff, difference`` (``cost_objects.csv``).
    activity_costs : DataFrame
        One row per activity: ``activity, level, driver, direct_cost, resource_cost, cost, capacity,
        quantity, rate, applied, unused_cost`` (stage 1 and the activity's share of its pool).
    object_levels : DataFrame
        ``cost_object, level, cost``: each object's cost by activity level (levels with no cost left out).
    resource_costs : DataFrame or None
        Stage 1 flows ``resource, category, activity, amount`` (None without resources).
    warnings : list of str
        Drivers that drive no activity, over-applied pools, markups read as fractions.

    Examples
    --------
    >>> import numpy as np
    >>> acts = pd.DataFrame({"activity": ["a", "b"], "level": "unit", "driver": ["d", "d"], "cost": [100.0, 300.0],
    ...                      "capacity": [np.nan, np.nan]})
    >>> objs = pd.DataFrame({"cost_object": ["x", "y"], "output": [1.0, 3.0]})
    >>> qty = pd.DataFrame({"driver": ["d", "d"], "cost_object": ["x", "y"], "quantity": [1.0, 3.0]})
    >>> r = activity_based_costing(acts, objs, qty)
    >>> r.activity_rates[["driver", "cost", "quantity", "rate"]].values.tolist()
    [['d', 400.0, 4.0, 100.0]]
    """

    activity_rates: pd.DataFrame
    cost_objects: pd.DataFrame
    activity_costs: pd.DataFrame
    object_levels: pd.DataFrame
    resource_costs: pd.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)


def _codes(values, categories) -> np.ndarray:
    """Positions of ``values`` in ``categories`` (every value must be there)."""
    idx = pd.Index(categories).get_indexer(values)
    if (idx < 0).any():
        raise ValueError(f"unknown name(s): {sorted(set(np.asarray(values, dtype=object)[idx < 0]))[:5]}")
    return idx


def _money(x: float) -> Figure:
    return Figure(f"Rp {x:,.0f}")


def activity_based_costing(activities: pd.DataFrame, cost_objects: pd.DataFrame, driver_quantities: pd.DataFrame,
                           resources: pd.DataFrame | None = None, resource_drivers: pd.DataFrame | None = None,
                           markup: float | None = None) -> ABCResult:
    """Two-stage activity-based costing of one folder's tables (see the module's notes for the formulas).

    Parameters
    ----------
    activities, cost_objects, driver_quantities, resources, resource_drivers : DataFrame
        The typed tables of :class:`~jkncost.activity.folder.ActivityFolder` (columns of
        ``docs/activity-folder.md``); resources and their drivers are optional (stage 1).
    markup : float, optional
        Markup (fraction) where ``cost_objects`` gives none; without either the ABC tariff stays empty.

    Returns
    -------
    ABCResult
        Pool rates, activity costs, cost of each object with its unit cost, ABC tariff and difference with
        the tariff, cost by activity level, stage 1 flows and warnings.

    References
    ----------
    Kaplan R.S., Cooper R. (1998), *Cost & Effect*, Harvard Business School Press, chapters 5-6 (resource and
    activity drivers, practical capacity).

    Examples
    --------
    >>> import numpy as np
    >>> acts = pd.DataFrame({"activity": ["a", "b"], "level": "unit", "driver": ["d", "d"], "cost": [100.0, 300.0],
    ...                      "capacity": [np.nan, np.nan]})
    >>> objs = pd.DataFrame({"cost_object": ["x", "y"], "output": [1.0, 3.0]})
    >>> qty = pd.DataFrame({"driver": ["d", "d"], "cost_object": ["x", "y"], "quantity": [1.0, 3.0]})
    >>> r = activity_based_costing(acts, objs, qty, markup=0.1)
    >>> r.cost_objects[["cost_object", "cost", "unit_cost", "abc_tariff"]].round(2).values.tolist()
    [['x', 100.0, 100.0, 110.0], ['y', 300.0, 100.0, 110.0]]
    """
    warnings: list[str] = []
    names = activities["activity"].to_numpy(dtype=object)
    n_act = len(names)
    direct = activities["cost"].to_numpy(dtype=float) if "cost" in activities else np.zeros(n_act)
    direct = np.nan_to_num(direct, nan=0.0)
    resource_cost = np.zeros(n_act)
    resource_costs = None
    total_in = float(direct.sum())
    if resources is not None and resource_drivers is not None and len(resources):
        amount = resources["amount"].to_numpy(dtype=float)
        r_idx = _codes(resource_drivers["resource"], resources["resource"])
        a_idx = _codes(resource_drivers["activity"], names)
        resource_cost, flows = trace_resources(amount, r_idx, a_idx, resource_drivers["weight"].to_numpy(float), n_act)
        total_in += float(amount.sum())
        category = resources["category"] if "category" in resources else pd.Series("", index=resources.index)
        resource_costs = resource_drivers[["resource"]].reset_index(drop=True)
        resource_costs["category"] = category.take(r_idx).reset_index(drop=True)
        resource_costs["activity"] = resource_drivers["activity"].reset_index(drop=True)
        resource_costs["amount"] = flows
    cost = direct + resource_cost
    check_conservation(total_in, float(cost.sum()), "stage 1 (resources to activities)")

    drivers = pd.Index(pd.unique(activities["driver"].to_numpy(dtype=object)))
    pool = drivers.get_indexer(activities["driver"].to_numpy(dtype=object))
    objects = cost_objects["cost_object"].to_numpy(dtype=object)
    known = drivers.get_indexer(driver_quantities["driver"])
    stray = sorted(set(driver_quantities["driver"].to_numpy(dtype=object)[known < 0])) if (known < 0).any() else []
    if stray:
        warnings.append(Text("activity.warning.stray_drivers", names=", ".join(map(repr, stray))))
    keep = known >= 0
    q_pool = known[keep]
    q_obj = _codes(driver_quantities["cost_object"], objects)[keep]
    quantity = driver_quantities["quantity"].to_numpy(dtype=float)[keep]
    used = np.bincount(q_pool, weights=quantity, minlength=len(drivers))
    capacity = activities["capacity"].to_numpy(dtype=float) if "capacity" in activities else np.full(n_act, np.nan)
    capacity = pool_capacity(capacity, pool, len(drivers))
    rate, p_rate, unused = pool_rates(cost, pool, capacity, used, len(drivers))
    obj_cost = assign(p_rate, q_pool, q_obj, quantity, len(objects))
    p_cost = np.bincount(pool, weights=cost, minlength=len(drivers))
    p_unused = np.bincount(pool, weights=unused, minlength=len(drivers))
    check_conservation(float(cost.sum()), float(obj_cost.sum() + p_unused.sum()), "stage 2 (activities to objects)")
    if np.isnan(capacity).all():
        check_conservation(float(cost.sum()), float(obj_cost.sum()), "stage 2 without capacity")

    beyond = ~np.isnan(capacity) & (used[pool] > capacity)
    for d in np.unique(pool[beyond]):
        caps = capacity[(pool == d) & beyond]
        over = float(-unused[(pool == d) & beyond].sum())
        warnings.append(Text("activity.warning.over_applied", pool=repr(drivers[d]), used=Figure(f"{used[d]:,.6g}"),
                             capacity=Figure(f"{caps.min():,.6g}"), amount=_money(over)))

    members: list[list[str]] = [[] for _ in range(len(drivers))]
    for name, d in zip(names.tolist(), pool.tolist()):  # one pass over the activities, to name each pool's
        members[d].append(str(name))
    rates = pd.DataFrame({"driver": drivers.to_numpy(dtype=object),
                          "activities": ["; ".join(m) for m in members],
                          "cost": p_cost, "quantity": used, "rate": p_rate, "unused_cost": p_unused})
    acts = pd.DataFrame({"activity": names, "level": activities["level"].to_numpy(dtype=object),
                         "driver": activities["driver"].to_numpy(dtype=object), "direct_cost": direct,
                         "resource_cost": resource_cost, "cost": cost, "capacity": capacity,
                         "quantity": used[pool], "rate": rate, "applied": rate * used[pool], "unused_cost": unused})
    table = object_table(cost_objects, obj_cost, markup, warnings)
    levels = _object_levels(activities["level"].to_numpy(dtype=object), pool, rate, q_pool, q_obj, quantity, objects,
                            len(drivers))
    return ABCResult(rates, table, acts, levels, resource_costs, warnings)


@dataclass
class ABCOperator:
    """ABC as matrices, for many cost scenarios at once (sensitivity, Monte Carlo).

    ``objects @ (direct + stage_one @ amounts)`` is the cost of each cost object, for one vector or a matrix
    (one column per scenario) of direct activity costs and resource amounts: the costs of objects are
    linear in both, with the drivers, weights and quantities fixed.

    Attributes
    ----------
    stage_one : ndarray (A, R)
        Share of each resource that each activity receives (columns sum to 1).
    objects : ndarray (O, A)
        Cost-object cost per rupiah of activity cost: quantity of the activity's driver / its denominator
        (capacity, else total quantity).
    activities, resources, cost_objects : list of str
        Row and column names.

    Examples
    --------
    >>> import numpy as np
    >>> acts = pd.DataFrame({"activity": ["a", "b"], "level": "unit", "driver": ["d", "d"], "cost": [100.0, 300.0],
    ...                      "capacity": [np.nan, np.nan]})
    >>> objs = pd.DataFrame({"cost_object": ["x", "y"], "output": [1.0, 3.0]})
    >>> qty = pd.DataFrame({"driver": ["d", "d"], "cost_object": ["x", "y"], "quantity": [1.0, 3.0]})
    >>> op = abc_operator(acts, objs, qty)
    >>> op.objects.tolist()
    [[0.25, 0.25], [0.75, 0.75]]
    """

    stage_one: np.ndarray
    objects: np.ndarray
    activities: list
    resources: list
    cost_objects: list

    def cost(self, direct: np.ndarray, amounts: np.ndarray | None = None) -> np.ndarray:
        """Cost of each object for ``direct`` (A,) or (A, K) and ``amounts`` (R,) or (R, K).

        Parameters
        ----------
        direct : ndarray (A,) or (A, K)
            Direct cost of each activity, one column per scenario.
        amounts : ndarray (R,) or (R, K), optional
            Amount of each resource.

        Returns
        -------
        ndarray (O,) or (O, K)
            Cost of each object: ``objects @ (direct + stage_one @ amounts)``.

        Examples
        --------
        >>> import numpy as np
        >>> op = ABCOperator(np.zeros((2, 0)), np.array([[0.25, 0.25], [0.75, 0.75]]), ["a", "b"], [], ["x", "y"])
        >>> op.cost(np.array([100.0, 300.0]))
        array([100., 300.])
        """
        total = direct if amounts is None or not len(self.resources) else direct + self.stage_one @ amounts
        return self.objects @ total


def abc_operator(activities: pd.DataFrame, cost_objects: pd.DataFrame, driver_quantities: pd.DataFrame,
                 resources: pd.DataFrame | None = None, resource_drivers: pd.DataFrame | None = None) -> ABCOperator:
    """The two stages of :func:`activity_based_costing` as dense matrices (see :class:`ABCOperator`).

    Parameters
    ----------
    activities, cost_objects, driver_quantities : DataFrame
        The typed tables of the activity folder (costs not needed).
    resources, resource_drivers : DataFrame, optional
        Stage 1 tables.

    Returns
    -------
    ABCOperator
        The stage 1 shares and the stage 2 matrix.

    Notes
    -----
    .. math:: C = M\\,(d + S\\,R), \\qquad M_{oa} = \\frac{q_{\\delta(a) o}}{\\kappa_a \\text{ or } Q_{\\delta(a)}},
              \\qquad S_{ar} = \\frac{w_{ra}}{\\sum_{a'} w_{ra'}}

    References
    ----------
    Kaplan R.S., Cooper R. (1998), *Cost & Effect*, Harvard Business School Press, chapters 5-6 (resource and
    activity drivers, practical capacity).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> acts = pd.DataFrame({"activity": ["a", "b"], "driver": ["d", "d"], "capacity": [np.nan, np.nan]})
    >>> objs = pd.DataFrame({"cost_object": ["x", "y"]})
    >>> qty = pd.DataFrame({"driver": ["d", "d"], "cost_object": ["x", "y"], "quantity": [1.0, 3.0]})
    >>> op = abc_operator(acts, objs, qty)
    >>> op.cost(np.array([[100.0, 200.0], [300.0, 0.0]]))   # two scenarios of the activities' costs
    array([[100.,  50.],
           [300., 150.]])
    """
    names = activities["activity"].to_numpy(dtype=object)
    drivers = pd.Index(pd.unique(activities["driver"].to_numpy(dtype=object)))
    pool = drivers.get_indexer(activities["driver"])
    objects = cost_objects["cost_object"].to_numpy(dtype=object)
    known = drivers.get_indexer(driver_quantities["driver"])
    keep = known >= 0
    q_obj = _codes(driver_quantities["cost_object"], objects)[keep]
    quantity = driver_quantities["quantity"].to_numpy(dtype=float)[keep]
    Q = np.zeros((len(drivers), len(objects)))
    np.add.at(Q, (known[keep], q_obj), quantity)
    used = Q.sum(axis=1)
    capacity = activities["capacity"].to_numpy(dtype=float) if "capacity" in activities else np.full(len(names), np.nan)
    capacity = pool_capacity(capacity, pool, len(drivers))
    denominator = np.where(np.isnan(capacity), used[pool], capacity)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_rupiah = np.where(denominator > 0, 1.0 / denominator, 0.0)
    M = Q[pool].T * per_rupiah  # (O, A)
    res_names: list = []
    S = np.zeros((len(names), 0))
    if resources is not None and resource_drivers is not None and len(resources):
        res_names = resources["resource"].tolist()
        r_idx = _codes(resource_drivers["resource"], resources["resource"])
        a_idx = _codes(resource_drivers["activity"], names)
        weight = resource_drivers["weight"].to_numpy(dtype=float)
        total = np.bincount(r_idx, weights=weight, minlength=len(res_names))
        S = np.zeros((len(names), len(res_names)))
        np.add.at(S, (a_idx, r_idx), weight / total[r_idx])
    return ABCOperator(S, M, names.tolist(), res_names, objects.tolist())


def object_table(cost_objects: pd.DataFrame, cost: np.ndarray, markup: float | None = None,
                 warnings: list[str] | None = None) -> pd.DataFrame:
    """``cost_objects.csv``: unit cost, ABC tariff and difference with the tariff of each cost object.

    Parameters
    ----------
    cost_objects : DataFrame
        ``cost_object[, output, markup, tariff]``.
    cost : ndarray (O,)
        Cost of each object (stage 2).
    markup : float, optional
        Markup (fraction) where the table gives none.
    warnings : list of str, optional
        Appended to when a markup above 1 is read as a fraction.

    Returns
    -------
    DataFrame
        ``cost_object, cost, output, unit_cost, markup, abc_tariff, tariff, difference``; empty where an input
        is absent (no output, no markup, no tariff).

    Notes
    -----
    .. math:: u_o = C_o / \\text{output}_o, \\qquad \\text{ABC tariff}_o = u_o (1 + m_o), \\qquad
              \\text{difference}_o = \\text{tariff}_o - u_o

    Examples
    --------
    >>> import numpy as np
    >>> objs = pd.DataFrame({"cost_object": ["VIP"], "output": [10.0], "tariff": [50.0]})
    >>> object_table(objs, np.array([450.0]), markup=0.2)[["unit_cost", "abc_tariff", "difference"]].values.tolist()
    [[45.0, 54.0, 5.0]]
    """
    n = len(cost_objects)
    warnings = [] if warnings is None else warnings

    def column(name):  # numpydoc ignore=GL08
        return cost_objects[name].to_numpy(dtype=float) if name in cost_objects else np.full(n, np.nan)

    output, tariff, mark = column("output"), column("tariff"), column("markup")
    if markup is not None:
        mark = np.where(np.isnan(mark), float(markup), mark)
    big = mark > 1
    if big.any():
        names = ", ".join(map(repr, cost_objects["cost_object"].to_numpy(dtype=object)[big][:5]))
        warnings.append(Text("activity.warning.markup_above_one", names=names, value=Figure(f"{mark[big][0]:g}"),
                             percent=Figure(f"{mark[big][0]:.0%}")))
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = np.where(output > 0, cost / output, np.nan)
    return pd.DataFrame({"cost_object": cost_objects["cost_object"].to_numpy(dtype=object), "cost": cost,
                         "output": output, "unit_cost": unit, "markup": mark, "abc_tariff": unit * (1.0 + mark),
                         "tariff": tariff, "difference": tariff - unit})


def _object_levels(level, pool, rate, q_pool, q_obj, quantity, objects, n_pools) -> pd.DataFrame:
    """Each object's cost by activity level: the pool rate split by level, times the quantities."""
    lev = pd.Index(LEVELS).get_indexer(level)
    by_level = np.zeros((n_pools, len(LEVELS)))
    np.add.at(by_level, (pool, lev), rate)
    cells = np.zeros((len(objects), len(LEVELS)))
    for k in range(len(LEVELS)):  # four levels: a loop over columns, not rows
        cells[:, k] = np.bincount(q_obj, weights=by_level[q_pool, k] * quantity, minlength=len(objects))
    used = by_level.any(axis=0)
    frame = pd.DataFrame({"cost_object": np.repeat(objects, used.sum()),
                          "level": np.tile(np.asarray(LEVELS, dtype=object)[used], len(objects)),
                          "cost": cells[:, used].ravel()})
    return frame


__all__ = ["ABCOperator", "ABCResult", "abc_operator", "activity_based_costing", "object_table"]
