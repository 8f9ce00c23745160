"""Break-even output and occupancy, cost recovery and cross-subsidy between classes.

With the total cost TC_k of a production center held fixed (k = 1, 2, 3: full cost, without
investment, variable cost only; :mod:`jkncost.costing.unitcost`) and a tariff *T* per unit of output,
the unit cost ``UC_k = TC_k / Q`` meets the tariff at the **break-even output**

.. math:: Q^* = TC_k / T,

the **break-even census** (average beds occupied a day) ``Q* / days`` and, with ``beds``, the
**break-even occupancy** ``BOR* = Q* / (beds x days)``. Above Q* (or BOR*) the tariff covers UC_k.
A BOR* above 1 cannot be reached with the beds the center has. This is the accounting identity of
the Indonesian unit-cost studies (TC of the budget year over the year's output); it treats TC as
fixed. A cost that truly varies with volume (most of VC) rises with Q, so a UC3 made only of such
costs does not fall with occupancy: the break-even is then a statement about spreading the
year's VC over more days, not a forecast.

Tariffs paid per case (INA-CBG) are compared per day with an assumed length of stay *LOS*:
``T_day = T_case / LOS``. The assumption-free reading is the **break-even length of stay**
``LOS* = T_case / UC_k``: the case tariff covers UC_k for stays up to LOS* days.

**Cross-subsidy**: at tariff T_c, class c earns ``(T_c - UC_c) Q_c`` over the year, a surplus
(> 0) or a deficit (< 0). When revenue is pooled, the surplus of some classes covers the deficit
of others. :func:`cross_subsidy` spreads the covered amount ``min(S, D)`` (S total surplus, D
total deficit) proportionally: surplus class i covers ``min(S, D) (s_i / S) (d_j / D)`` of
deficit class j; what is left of the deficits (``D - min(S, D)``) needs a subsidy from outside
(the government budget), what is left of the surpluses is the hospital's margin.

References
----------
Kepmenkes RI 582/1997, *Pola Tarif Rumah Sakit Pemerintah* (tariffs from unit cost, cross-subsidy
between classes). Gani A et al. (1997), *Analisis biaya rumah sakit* (normative output at a target
BOR). Horngren CT, Datar SM, Rajan M, *Cost Accounting: A Managerial Emphasis* (break-even / CVP).
Permenkes 52/2016 (INA-CBG tariffs per case).

Examples
--------
>>> break_even(tc=36_500_000.0, tariff=100_000.0, beds=2)
{'Q_star': 365.0, 'census_star': 1.0, 'BOR_star': 0.5}
>>> round(los_break_even(1_097_000, 150_474), 2)
7.29
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jkncost.costing.unitcost import DAYS_PER_YEAR

BREAK_EVEN_COLUMNS = ["center", "level", "tariff_name", "tariff", "TC", "output", "UC", "CRR_percent", "meets",
                      "Q_star", "census_star", "beds", "BOR_actual", "BOR_star", "reachable"]
CROSS_COLUMNS = ["center", "tariff", "UC", "output", "margin_per_unit", "surplus", "role", "covered_by_others",
                 "covers_others", "uncovered"]


def break_even(tc, tariff, beds=None, days: float = DAYS_PER_YEAR) -> dict:
    """Break-even output ``Q* = TC / T``, census ``Q* / days`` and occupancy ``Q* / (beds x days)``.

    Parameters
    ----------
    tc : float or array
        Total cost TC_k of the period (held fixed).
    tariff : float or array
        Tariff per unit of output (> 0).
    beds : float or array, optional
        Beds; ``BOR_star`` is NaN where there are none.
    days : float
        Days in the period.

    Returns
    -------
    dict
        ``Q_star``, ``census_star``, ``BOR_star`` (floats or arrays).
    """
    tc = np.asarray(tc, dtype=float)
    t = np.asarray(tariff, dtype=float)
    if np.any(~(t > 0)):
        raise ValueError("tariff must be > 0")
    q = tc / t
    census = q / days
    if beds is None:
        bor = np.full(np.shape(q), np.nan)
    else:
        b = np.asarray(beds, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            bor = np.where(b > 0, q / (np.where(b > 0, b, 1.0) * days), np.nan)
    out = {"Q_star": q, "census_star": census, "BOR_star": bor}
    return {k: (float(v) if np.ndim(v) == 0 else v) for k, v in out.items()}


def per_day(tariff_per_case, los):
    """A per-case tariff as a per-day tariff under a length of stay: ``T_case / LOS``."""
    los = np.asarray(los, dtype=float)
    if np.any(~(los > 0)):
        raise ValueError("length of stay must be > 0")
    out = np.asarray(tariff_per_case, dtype=float) / los
    return float(out) if np.ndim(out) == 0 else out


def los_break_even(tariff_per_case, uc_per_day):
    """Longest stay a per-case tariff covers: ``LOS* = T_case / UC_day``."""
    out = np.asarray(tariff_per_case, dtype=float) / np.asarray(uc_per_day, dtype=float)
    return float(out) if np.ndim(out) == 0 else out


def break_even_table(unit_cost: pd.DataFrame, tariffs: pd.DataFrame, beds: pd.Series | dict | None = None,
                     levels=(1, 2, 3), days: float = DAYS_PER_YEAR) -> pd.DataFrame:
    """Break-even output and BOR of every center, cost level and tariff.

    Parameters
    ----------
    unit_cost : DataFrame
        The ``unit_cost`` table of :func:`jkncost.costing.unitcost.unit_cost` (center, output, TC1-3, UC1-3).
    tariffs : DataFrame
        ``center, tariff_name, tariff`` (per unit of output, e.g. Rp per patient-day).
    beds : Series or dict, optional
        Beds per center (NaN or missing: no BOR).
    levels : iterable of int
    days : float

    Returns
    -------
    DataFrame
        :data:`BREAK_EVEN_COLUMNS`; ``CRR_percent = 100 T / UC``, ``meets`` = T >= UC at the actual
        output, ``BOR_actual = output / (beds x days)``, ``reachable`` = BOR* <= 1 (NaN-safe: False
        without beds).

    Examples
    --------
    >>> uc = pd.DataFrame({"center": ["A"], "output": [5000.0], "TC1": [1e9], "TC2": [5e8], "TC3": [2e8],
    ...                    "UC1": [2e5], "UC2": [1e5], "UC3": [4e4]})
    >>> t = pd.DataFrame({"center": ["A"], "tariff_name": ["Perda"], "tariff": [125_000.0]})
    >>> break_even_table(uc, t, beds={"A": 20})[["level", "Q_star", "BOR_star", "meets"]].round(3).values.tolist()
    [[1, 8000.0, 1.096, False], [2, 4000.0, 0.548, True], [3, 1600.0, 0.219, True]]
    """
    u = unit_cost.set_index("center")
    beds = pd.Series(dtype=float) if beds is None else pd.Series(beds, dtype=float)
    rows = []
    for center, name, tariff in tariffs[["center", "tariff_name", "tariff"]].itertuples(index=False):
        if center not in u.index:
            raise KeyError(f"tariff for {center!r}, which is not a production center")
        q = float(u.loc[center, "output"])
        b = float(beds.get(center, np.nan))
        for k in levels:
            tc, ucv = float(u.loc[center, f"TC{k}"]), float(u.loc[center, f"UC{k}"])
            be = break_even(tc, tariff, beds=b if b > 0 else None, days=days)
            rows.append({"center": center, "level": int(k), "tariff_name": name, "tariff": float(tariff), "TC": tc,
                         "output": q, "UC": ucv, "CRR_percent": 100.0 * tariff / ucv, "meets": bool(tariff >= ucv),
                         "Q_star": be["Q_star"], "census_star": be["census_star"], "beds": b,
                         "BOR_actual": q / (b * days) if b > 0 else np.nan, "BOR_star": be["BOR_star"],
                         "reachable": bool(be["BOR_star"] <= 1.0) if b > 0 else False})
    return pd.DataFrame(rows, columns=BREAK_EVEN_COLUMNS)


def cross_subsidy(uc, tariff, output) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Surplus or deficit per class and who covers whom when revenue is pooled.

    Parameters
    ----------
    uc, tariff, output : Series indexed by class (same index)
        Unit cost, tariff (same unit) and output of the period.

    Returns
    -------
    table : DataFrame
        :data:`CROSS_COLUMNS`: ``surplus = (T - UC) Q`` (negative: deficit), ``role`` surplus /
        deficit / break-even, ``covered_by_others`` (part of a deficit covered by other classes),
        ``covers_others`` (part of a surplus given away), ``uncovered`` (deficit left for an outside
        subsidy). A last row ``TOTAL`` gives the hospital's net.
    flows : DataFrame
        ``from`` (surplus class), ``to`` (deficit class), ``amount``: the proportional rule
        ``min(S, D) (s_i / S) (d_j / D)``.

    Examples
    --------
    >>> idx = ["VIP", "Kelas III"]
    >>> t, f = cross_subsidy(pd.Series([100.0, 50.0], idx), pd.Series([150.0, 40.0], idx),
    ...                      pd.Series([10.0, 100.0], idx))
    >>> t[["center", "surplus", "covered_by_others", "uncovered"]].values.tolist()
    [['VIP', 500.0, 0.0, 0.0], ['Kelas III', -1000.0, 500.0, 500.0], ['TOTAL', -500.0, 500.0, 500.0]]
    >>> f.values.tolist()
    [['VIP', 'Kelas III', 500.0]]
    """
    uc, tariff, output = (pd.Series(x, dtype=float) for x in (uc, tariff, output))
    tariff, output = tariff.reindex(uc.index), output.reindex(uc.index)
    margin = tariff - uc
    surplus = margin * output
    s = surplus.clip(lower=0.0)
    d = (-surplus).clip(lower=0.0)
    S, D = float(s.sum()), float(d.sum())
    covered = min(S, D)
    by_others = d * (covered / D) if D > 0 else d * 0.0
    gives = s * (covered / S) if S > 0 else s * 0.0
    role = np.where(surplus > 0, "surplus", np.where(surplus < 0, "deficit", "break-even"))
    table = pd.DataFrame({"center": uc.index, "tariff": tariff.to_numpy(), "UC": uc.to_numpy(),
                          "output": output.to_numpy(), "margin_per_unit": margin.to_numpy(),
                          "surplus": surplus.to_numpy(), "role": role, "covered_by_others": by_others.to_numpy(),
                          "covers_others": gives.to_numpy(), "uncovered": (d - by_others).to_numpy()})
    total = {"center": "TOTAL", "tariff": np.nan, "UC": np.nan, "output": float(output.sum()),
             "margin_per_unit": np.nan, "surplus": float(surplus.sum()),
             "role": "surplus" if surplus.sum() > 0 else ("deficit" if surplus.sum() < 0 else "break-even"),
             "covered_by_others": float(by_others.sum()), "covers_others": float(gives.sum()),
             "uncovered": float((d - by_others).sum())}
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)[CROSS_COLUMNS]
    flows = []
    if S > 0 and D > 0:
        for i, si in s.items():
            for j, dj in d.items():
                if si > 0 and dj > 0:
                    flows.append({"from": i, "to": j, "amount": covered * (si / S) * (dj / D)})
    return table, pd.DataFrame(flows, columns=["from", "to", "amount"])
