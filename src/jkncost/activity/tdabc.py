"""Time-driven activity-based costing: capacity cost rates per minute, services, used and unused capacity.

Notes
-----
For each resource :math:`k` (a department, a staff group, an equipment) with cost :math:`K_k` of the
capacity it supplies in the period, theoretical minutes :math:`T_k` and practical share :math:`p_k`
(default 0.8, an assumption stated in the output):

.. math::

    \\text{rate}_k = \\frac{K_k}{T_k \\, p_k}, \\qquad
    \\text{time cost}_s = \\sum_{\\text{steps of } s} \\text{minutes} \\times \\text{times} \\times \\text{rate}_k,
    \\qquad \\text{materials}_s = \\sum \\text{quantity} \\times \\text{price},

and the cost of one unit of service :math:`s` is their sum. With volumes :math:`v_s`:
used minutes :math:`U_k = \\sum_s v_s \\sum_{\\text{steps of } s \\text{ on } k} \\text{minutes} \\times
\\text{times}`, unused minutes :math:`T_k p_k - U_k` and unused cost :math:`\\text{rate}_k (T_k p_k - U_k)`;
a resource used beyond its practical capacity (negative unused minutes) is reported, not an error.

As operators: with :math:`M` the services x resources matrix of minutes x times, time costs are
:math:`M \\, \\text{rate}` and used minutes :math:`M^T v`; both are :func:`numpy.bincount` over the
rows of ``processes`` (no loop over rows).

References
----------
Kaplan RS, Anderson SR (2004). Time-driven activity-based costing. Harvard Business Review 82(11):131-138.
Kaplan RS, Anderson SR (2007). Time-Driven Activity-Based Costing: A Simpler and More Powerful Path to
Higher Profits. Harvard Business School Press (practical capacity at about 80% of theoretical).
Kaplan RS, Porter ME (2011). How to solve the cost crisis in health care. Harvard Business Review 89(9):46-64.

Examples
--------
>>> import pandas as pd
>>> cap = pd.DataFrame({"resource": ["Bidan", "OK"], "cost": [48_000_000.0, 96_000_000.0],
...                     "minutes": [100_000.0, 50_000.0], "practical_share": [float("nan"), 1.0]})
>>> steps = pd.DataFrame({"service": ["SC", "SC"], "resource": ["Bidan", "OK"], "minutes": [60.0, 90.0],
...                       "times": [2.0, float("nan")]})
>>> r = time_driven_costing(cap, steps, volumes=pd.DataFrame({"service": ["SC"], "volume": [100.0]}))
>>> r.capacity_rates[["resource", "rate_per_minute", "used_minutes", "unused_cost"]].to_dict("records")
[{'resource': 'Bidan', 'rate_per_minute': 600.0, 'used_minutes': 12000.0, 'unused_cost': 40800000.0}, {'resource': 'OK', 'rate_per_minute': 1920.0, 'used_minutes': 9000.0, 'unused_cost': 78720000.0}]
>>> r.services.to_dict("records")
[{'service': 'SC', 'time_cost': 244800.0, 'materials_cost': 0.0, 'cost': 244800.0}]
>>> print(r.assumptions[0])
practical_share not given for 1 resource(s) (Bidan): assumed 0.8 of theoretical minutes (Kaplan & Anderson 2007)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jkncost.activity.folder import DEFAULT_PRACTICAL_SHARE
from jkncost.labels import Figure, Text

CAPACITY_RATES = ["resource", "rate_per_minute", "practical_minutes", "used_minutes", "unused_minutes", "unused_cost"]
SERVICES = ["service", "time_cost", "materials_cost", "cost"]


@dataclass
class TDABCResult:
    """Capacity rates and services of one folder.

    Attributes
    ----------
    capacity_rates : DataFrame
        ``resource, rate_per_minute, practical_minutes, used_minutes, unused_minutes, unused_cost``
        (the last three empty without volumes).
    services : DataFrame or None
        ``service, time_cost, materials_cost, cost`` per unit of service (None without processes).
    steps : DataFrame or None
        Each process step costed: ``service, resource, minutes, times, rate_per_minute, cost``
        (a process map of a service; ``cost`` per unit of the service).
    assumptions : list of str
        The practical share assumed where none was given.
    warnings : list of str
        Resources used beyond their practical capacity.

    See Also
    --------
    time_driven_costing : Computes it.

    Examples
    --------
    >>> cap = pd.DataFrame({"resource": ["OK"], "cost": [96e6], "minutes": [50_000.0], "practical_share": [1.0]})
    >>> r = time_driven_costing(cap)
    >>> r.capacity_rates["rate_per_minute"].tolist(), r.services is None
    ([1920.0], True)
    """

    capacity_rates: pd.DataFrame
    services: pd.DataFrame | None = None
    steps: pd.DataFrame | None = None
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def capacity_cost_rates(cost: np.ndarray, minutes: np.ndarray, practical_share: np.ndarray) -> np.ndarray:
    """Rupiah per practical minute, :math:`K / (T p)` (NaN shares taken as the default 0.8).

    Parameters
    ----------
    cost : ndarray
        Cost :math:`K_k` of the capacity each resource supplies in the period (rupiah).
    minutes : ndarray
        Theoretical minutes :math:`T_k` of each resource in the period.
    practical_share : ndarray
        Practical share :math:`p_k` of the theoretical minutes; NaN takes the default 0.8.

    Returns
    -------
    ndarray
        The capacity cost rate of each resource, rupiah per practical minute.

    Notes
    -----
    .. math:: \\text{rate}_k = \\frac{K_k}{T_k \\, p_k}

    References
    ----------
    Kaplan R.S., Anderson S.R. (2007), *Time-Driven Activity-Based Costing*, Harvard Business School Press
    (practical capacity at about 80% of theoretical).

    Examples
    --------
    >>> import numpy as np
    >>> capacity_cost_rates(np.array([48e6]), np.array([1e5]), np.array([np.nan]))
    array([600.])
    """
    share = np.where(np.isnan(practical_share), DEFAULT_PRACTICAL_SHARE, practical_share)
    return cost / (minutes * share)


def time_driven_costing(capacity: pd.DataFrame, processes: pd.DataFrame | None = None,
                        materials: pd.DataFrame | None = None, volumes: pd.DataFrame | None = None) -> TDABCResult:
    """TDABC of one folder's tables (see the module's notes for the formulas).

    Parameters
    ----------
    capacity : DataFrame
        ``resource, cost, minutes[, practical_share]``.
    processes : DataFrame, optional
        ``service, resource, minutes[, times]`` (times empty = 1).
    materials : DataFrame, optional
        ``service, item, quantity, price`` per unit of service.
    volumes : DataFrame, optional
        ``service, volume``.

    Returns
    -------
    TDABCResult
        Capacity rates (with used and unused capacity when ``volumes`` are given), the cost per unit of
        each service and of each process step, the assumptions made and the resources used beyond
        their practical capacity.

    Notes
    -----
    With :math:`M` the services x resources matrix of minutes x times and :math:`v` the volumes,

    .. math::
        \\text{cost}_s = (M\\,\\text{rate})_s + \\sum \\text{quantity} \\times \\text{price}, \\qquad
        U = M^\\top v, \\qquad \\text{unused cost}_k = \\text{rate}_k\\,(T_k p_k - U_k).

    References
    ----------
    Kaplan R.S., Anderson S.R. (2004), Time-driven activity-based costing, *Harvard Business Review*
    82(11):131-138. Kaplan R.S., Porter M.E. (2011), How to solve the cost crisis in health care,
    *Harvard Business Review* 89(9):46-64.

    Examples
    --------
    >>> cap = pd.DataFrame({"resource": ["Bidan"], "cost": [48e6], "minutes": [100_000.0]})
    >>> steps = pd.DataFrame({"service": ["ANC"], "resource": ["Bidan"], "minutes": [30.0]})
    >>> mats = pd.DataFrame({"service": ["ANC"], "item": ["test strip"], "quantity": [2.0], "price": [5_000.0]})
    >>> time_driven_costing(cap, steps, mats).services.to_dict("records")
    [{'service': 'ANC', 'time_cost': 18000.0, 'materials_cost': 10000.0, 'cost': 28000.0}]
    """
    resources = capacity["resource"].to_numpy(dtype=object)
    n = len(resources)
    share = capacity["practical_share"].to_numpy(dtype=float) if "practical_share" in capacity else np.full(n, np.nan)
    assumptions = []
    if np.isnan(share).any():
        missing = resources[np.isnan(share)]
        shown = ", ".join(map(str, missing[:10])) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        assumptions.append(Text("activity.assumption.practical_share", count=len(missing), names=shown,
                                share=Figure(f"{DEFAULT_PRACTICAL_SHARE:g}")))
    minutes = capacity["minutes"].to_numpy(dtype=float)
    rate = capacity_cost_rates(capacity["cost"].to_numpy(dtype=float), minutes, share)
    practical = minutes * np.where(np.isnan(share), DEFAULT_PRACTICAL_SHARE, share)
    used = unused = unused_cost = np.full(n, np.nan)
    services = steps = None
    warnings: list[str] = []
    if processes is not None:
        codes, uniques = pd.factorize(processes["service"])  # services in order of first appearance
        names, s_idx = pd.Index(uniques), codes
        k_idx = pd.Index(resources).get_indexer(processes["resource"])
        times = processes["times"].to_numpy(dtype=float) if "times" in processes else np.full(len(processes), np.nan)
        load = processes["minutes"].to_numpy(dtype=float) * np.where(np.isnan(times), 1.0, times)
        step_cost = load * rate[k_idx]
        time_cost = np.bincount(s_idx, weights=step_cost, minlength=len(names))
        mat = np.zeros(len(names))
        if materials is not None and len(materials):
            m_idx = names.get_indexer(materials["service"].to_numpy(dtype=object))
            mat = np.bincount(m_idx, weights=materials["quantity"].to_numpy(float) * materials["price"].to_numpy(float),
                              minlength=len(names))
        services = pd.DataFrame({"service": names.to_numpy(dtype=object), "time_cost": time_cost,
                                 "materials_cost": mat, "cost": time_cost + mat})
        steps = processes[["service", "resource"]].reset_index(drop=True)
        steps = steps.assign(minutes=processes["minutes"].to_numpy(dtype=float),
                             times=np.where(np.isnan(times), 1.0, times), rate_per_minute=rate[k_idx],
                             cost=step_cost)
        if volumes is not None:
            v = np.zeros(len(names))
            v[names.get_indexer(volumes["service"])] = volumes["volume"].to_numpy(dtype=float)
            used = np.bincount(k_idx, weights=v[s_idx] * load, minlength=n)
            unused = practical - used
            unused_cost = unused * rate
            beyond = np.flatnonzero(unused < 0)
            for k in beyond:
                warnings.append(Text("activity.warning.beyond_capacity", resource=repr(resources[k]),
                                     used=Figure(f"{used[k]:,.6g}"), practical=Figure(f"{practical[k]:,.6g}"),
                                     share=Figure(f"{used[k] / practical[k]:.0%}"),
                                     amount=Figure(f"Rp {-unused_cost[k]:,.0f}")))
    table = pd.DataFrame({"resource": resources, "rate_per_minute": rate, "practical_minutes": practical,
                          "used_minutes": used, "unused_minutes": unused, "unused_cost": unused_cost})
    return TDABCResult(table, services, steps, assumptions, warnings)


__all__ = ["CAPACITY_RATES", "SERVICES", "TDABCResult", "capacity_cost_rates", "time_driven_costing"]
