r"""Break-even output and occupancy (cost-volume-profit), cost recovery and cross-subsidy between classes.

**Cost-volume-profit (CVP) break-even.** A production center's cost over a period at output Q is a
fixed part and a part that follows output (:mod:`jkncost.costing.unitcost`; the categories of the
hospital folder: FC investment, SVC semi-variable such as salaries, VC variable)::

    TC_1(Q) = (FC + SVC) + v Q,      TC_2(Q) = SVC + v Q,      TC_3(Q) = v Q,

with ``v = VC / Q_actual`` the variable cost per unit at the actual output (the convention of the
normative unit cost in ``docs/hospital-folder.md``: fixed and semi-variable cost are spread over
output, variable cost stays per actual unit). A tariff T per unit covers TC_k(Q) from the
**break-even output**

.. math:: Q^*_k = F_k / (T - v), \quad F_1 = FC + SVC, \quad F_2 = SVC, \quad F_3 = 0,

when T > v (each unit then earns the contribution margin ``T - v`` towards the fixed cost); when
T < v every extra unit loses money and no output breaks even (Q* = inf, also for level 3). The **break-even census**
(average beds occupied a day) is ``Q* / days`` and, with ``beds``, the **break-even occupancy**
``BOR* = Q* / (beds x days)``; a BOR* above 1 cannot be reached with the beds the center has. At BOR*
the normative unit cost of the spec, ``F_k / Q* + v``, equals T.

**The accounting identity** ``Q = TC_k / T`` (the output at which the tariff brings in the year's whole
TC, as if all of it were fixed; a common shortcut, not reported by the studies reproduced here) is kept
only as a labelled comparison (:func:`accounting_break_even`, columns ``*_accounting``): it treats the
variable cost as fixed, so at the actual output Q it understates the break-even output when
``T < UC_k = TC_k / Q`` and overstates it when ``T > UC_k`` (``TC_k / T < Q*`` exactly when
``Q (T - v) < F_k``, that is ``T < UC_k``).

Tariffs paid per case (INA-CBG) are compared per day with an assumed length of stay *LOS*:
``T_day = T_case / LOS``. The **break-even length of stay** ``LOS* = T_case / UC_k`` avoids choosing a
LOS but assumes that the case payment buys only ward days at UC_k: the case tariff covers UC_k for stays
up to LOS* days only if the case uses nothing else (operating room, laboratory, drugs).

**Cross-subsidy**: at tariff T_c, class c earns ``(T_c - UC_c) Q_c`` over the year, a surplus
(> 0) or a deficit (< 0). When revenue is pooled, the surplus of some classes covers the deficit
of others. :func:`cross_subsidy` spreads the covered amount ``min(S, D)`` (S total surplus, D
total deficit) proportionally: surplus class i covers ``min(S, D) (s_i / S) (d_j / D)`` of
deficit class j; what is left of the deficits (``D - min(S, D)``) needs a subsidy from outside
(the government budget), what is left of the surpluses is the hospital's margin.

References
----------
Horngren CT, Datar SM, Rajan M, *Cost Accounting: A Managerial Emphasis*, chapter "Cost-Volume-Profit
Analysis" (break-even = fixed cost / contribution margin per unit). Kepmenkes RI 582/1997, *Pola Tarif
Rumah Sakit Pemerintah* (tariffs from unit cost, cross-subsidy between classes). Gani A et al. (1997),
*Analisis biaya rumah sakit* (normative output at a target BOR). Permenkes 52/2016 (INA-CBG tariffs per case).

Examples
--------
A class with FC + SVC = Rp 36.5 million a year, variable cost Rp 20,000 a patient-day, tariff Rp 120,000 and
2 beds: each patient-day contributes Rp 100,000, so 365 patient-days (one bed a day, BOR 50%) break even.

>>> cvp_break_even(fixed=36_500_000.0, vc_per_unit=20_000.0, tariff=120_000.0, beds=2)
{'Q_star': 365.0, 'census_star': 1.0, 'BOR_star': 0.5}

The accounting identity on the same class, with its actual 500 patient-days (TC = 36.5 million + 10 million):

>>> round(accounting_break_even(tc=46_500_000.0, tariff=120_000.0)["Q_star"], 1)
387.5
>>> round(los_break_even(1_097_000, 150_474), 2)
7.29
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jkncost.costing.unitcost import DAYS_PER_YEAR

BREAK_EVEN_COLUMNS = ["center", "level", "tariff_name", "tariff", "TC", "fixed", "vc_per_unit", "output", "UC",
                      "CRR_percent", "meets", "margin_per_unit", "Q_star", "census_star", "beds", "BOR_actual",
                      "BOR_star", "reachable", "Q_star_accounting", "BOR_star_accounting"]
CROSS_COLUMNS = ["center", "tariff", "UC", "output", "margin_per_unit", "surplus", "role", "covered_by_others",
                 "covers_others", "uncovered"]


def _occupancy(q, beds, days: float):
    census = q / days
    if beds is None:
        bor = np.full(np.shape(q), np.nan)
    else:
        b = np.asarray(beds, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            bor = np.where(b > 0, q / (np.where(b > 0, b, 1.0) * days), np.nan)
    out = {"Q_star": q, "census_star": census, "BOR_star": bor}
    return {k: (float(v) if np.ndim(v) == 0 else v) for k, v in out.items()}


def cvp_break_even(fixed, vc_per_unit, tariff, beds=None, days: float = DAYS_PER_YEAR) -> dict:
    r"""Cost-volume-profit break-even: ``Q* = F / (T - v)``, census ``Q* / days``, ``BOR* = Q* / (beds x days)``.

    Parameters
    ----------
    fixed : float or array
        Fixed cost F of the period (``FC + SVC`` for level 1, ``SVC`` for level 2, 0 for level 3).
    vc_per_unit : float or array
        Variable cost per unit of output, ``v = VC / actual output``.
    tariff : float or array
        Tariff per unit of output (> 0).
    beds : float or array, optional
        Beds; ``BOR_star`` is NaN where there are none.
    days : float, default 365
        Days in the period.

    Returns
    -------
    dict
        ``Q_star`` (``inf`` where ``T < v``, or ``T = v`` with F > 0: no output breaks even; 0 where
        F = 0 and T >= v), ``census_star``, ``BOR_star``.

    Raises
    ------
    ValueError
        A tariff that is not positive, or a negative fixed or variable cost.

    Notes
    -----
    .. math:: Q^* = \frac{F}{T - v}, \qquad \text{census}^* = \frac{Q^*}{days}, \qquad
              BOR^* = \frac{Q^*}{beds \times days}

    References
    ----------
    Horngren C.T., Datar S.M., Rajan M., *Cost Accounting: A Managerial Emphasis*, chapter
    "Cost-Volume-Profit Analysis".

    Examples
    --------
    >>> cvp_break_even(1000.0, 8.0, 10.0)["Q_star"], cvp_break_even(1000.0, 12.0, 10.0)["Q_star"]
    (500.0, inf)
    """
    f = np.asarray(fixed, dtype=float)
    v = np.asarray(vc_per_unit, dtype=float)
    t = np.asarray(tariff, dtype=float)
    if np.any(~(t > 0)):
        raise ValueError("tariff must be > 0")
    if np.any(f < 0) or np.any(v < 0):
        raise ValueError("fixed cost and variable cost per unit must be >= 0")
    margin = t - v
    with np.errstate(divide="ignore", invalid="ignore"):
        # no margin: only a center with no fixed cost and a tariff exactly at v breaks even (at any output)
        q = np.where(margin > 0, f / np.where(margin > 0, margin, 1.0), np.where((f == 0) & (margin == 0), 0.0, np.inf))
    return _occupancy(q, beds, days)


def accounting_break_even(tc, tariff, beds=None, days: float = DAYS_PER_YEAR) -> dict:
    """The accounting identity of the Indonesian studies: ``Q = TC / T`` with the year's TC held fixed.

    Reported only beside :func:`cvp_break_even` for comparison with what studies publish: it treats
    the variable cost as fixed (see the module docstring).

    Parameters
    ----------
    tc : float or array
        Total cost :math:`TC_k` of the period.
    tariff : float or array
        Tariff per unit of output (> 0).
    beds : float or array, optional
        Beds; ``BOR_star`` is NaN where there are none.
    days : float, default 365
        Days in the period.

    Returns
    -------
    dict
        ``Q_star`` (:math:`TC_k / T`), ``census_star``, ``BOR_star``.

    Raises
    ------
    ValueError
        A tariff that is not positive.

    Notes
    -----
    .. math:: Q = TC_k / T

    At the actual output :math:`Q`, :math:`TC_k / T < Q^*` exactly when :math:`T < UC_k`.

    References
    ----------
    Gani A. et al. (1997), *Analisis biaya rumah sakit*, Depkes RI / FKM UI.

    Examples
    --------
    >>> accounting_break_even(730.0, 2.0, beds=1)
    {'Q_star': 365.0, 'census_star': 1.0, 'BOR_star': 1.0}
    """
    tc = np.asarray(tc, dtype=float)
    t = np.asarray(tariff, dtype=float)
    if np.any(~(t > 0)):
        raise ValueError("tariff must be > 0")
    return _occupancy(tc / t, beds, days)


def per_day(tariff_per_case, los):
    """A per-case tariff as a per-day tariff under a length of stay: ``T_case / LOS``.

    Parameters
    ----------
    tariff_per_case : float or array
        Tariff per case (e.g. an INA-CBG tariff).
    los : float or array
        Assumed length of stay in days (> 0).

    Returns
    -------
    float or ndarray
        :math:`T_{day} = T_{case} / LOS`, a float for scalar inputs.

    Raises
    ------
    ValueError
        A length of stay that is not positive.

    References
    ----------
    Permenkes RI 52/2016 (INA-CBG tariffs per case).

    Examples
    --------
    >>> per_day(1_097_000, 5)
    219400.0
    """
    los = np.asarray(los, dtype=float)
    if np.any(~(los > 0)):
        raise ValueError("length of stay must be > 0")
    out = np.asarray(tariff_per_case, dtype=float) / los
    return float(out) if np.ndim(out) == 0 else out


def los_break_even(tariff_per_case, uc_per_day):
    """Longest stay a per-case tariff covers: ``LOS* = T_case / UC_day``.

    Parameters
    ----------
    tariff_per_case : float or array
        Tariff per case.
    uc_per_day : float or array
        Unit cost per patient-day :math:`UC_k`.

    Returns
    -------
    float or ndarray
        :math:`LOS^* = T_{case} / UC_k`, a float for scalar inputs; it assumes the case uses nothing but
        ward days.

    References
    ----------
    Permenkes RI 52/2016 (INA-CBG tariffs per case).

    Examples
    --------
    >>> round(los_break_even(1_097_000, 150_474), 2)
    7.29
    """
    out = np.asarray(tariff_per_case, dtype=float) / np.asarray(uc_per_day, dtype=float)
    return float(out) if np.ndim(out) == 0 else out


def break_even_table(unit_cost: pd.DataFrame, tariffs: pd.DataFrame, beds: pd.Series | dict | None = None,
                     levels=(1, 2, 3), days: float = DAYS_PER_YEAR) -> pd.DataFrame:
    r"""CVP break-even output and BOR of every center, cost level and tariff, with the accounting identity beside it.

    Parameters
    ----------
    unit_cost : DataFrame
        The ``unit_cost`` table of :func:`jkncost.costing.unitcost.unit_cost` (center, output, TC1-3, UC1-3).
    tariffs : DataFrame
        ``center, tariff_name, tariff`` (per unit of output, e.g. Rp per patient-day).
    beds : Series or dict, optional
        Beds per center (NaN or missing: no BOR).
    levels : iterable of int, default (1, 2, 3)
        Cost levels to report.
    days : float, default 365
        Days in the period.

    Returns
    -------
    DataFrame
        :data:`BREAK_EVEN_COLUMNS`: ``fixed = TC_k - TC3`` (FC + SVC, SVC or 0), ``vc_per_unit = TC3 /
        output``, ``margin_per_unit = T - v``, ``Q_star`` etc. by :func:`cvp_break_even`;
        ``CRR_percent = 100 T / UC``, ``meets`` = T >= UC at the actual output, ``BOR_actual = output /
        (beds x days)``, ``reachable`` = BOR* <= 1 (False without beds or when T <= v);
        ``Q_star_accounting``, ``BOR_star_accounting``: ``TC_k / T`` (:func:`accounting_break_even`).

    Notes
    -----
    .. math:: F_k = TC_k - TC_3, \qquad v = TC_3 / Q, \qquad Q^*_k = F_k / (T - v)

    References
    ----------
    Horngren C.T., Datar S.M., Rajan M., *Cost Accounting: A Managerial Emphasis*, chapter
    "Cost-Volume-Profit Analysis".

    Examples
    --------
    Hand-worked: output 5,000 patient-days, FC 500 million, SVC 300 million, VC 200 million (v = 40,000),
    tariff 125,000 and 20 beds. Level 1: Q* = 800 million / 85,000 = 9,411.8 patient-days, BOR* = 1.289
    (not reachable); level 2: 300 million / 85,000 = 3,529.4, BOR* = 0.483; level 3: 0 (T > v). The
    accounting identity says 8,000, 4,000 and 1,600.

    >>> uc = pd.DataFrame({"center": ["A"], "output": [5000.0], "TC1": [1e9], "TC2": [5e8], "TC3": [2e8],
    ...                    "UC1": [2e5], "UC2": [1e5], "UC3": [4e4]})
    >>> t = pd.DataFrame({"center": ["A"], "tariff_name": ["Perda"], "tariff": [125_000.0]})
    >>> cols = ["level", "Q_star", "BOR_star", "reachable", "Q_star_accounting"]
    >>> break_even_table(uc, t, beds={"A": 20})[cols].round(3).values.tolist()
    [[1, 9411.765, 1.289, False, 8000.0], [2, 3529.412, 0.483, True, 4000.0], [3, 0.0, 0.0, True, 1600.0]]
    """
    u = unit_cost.set_index("center")
    beds = pd.Series(dtype=float) if beds is None else pd.Series(beds, dtype=float)
    rows = []
    for center, name, tariff in tariffs[["center", "tariff_name", "tariff"]].itertuples(index=False):
        if center not in u.index:
            raise KeyError(f"tariff for {center!r}, which is not a production center")
        q = float(u.loc[center, "output"])
        b = float(beds.get(center, np.nan))
        v = float(u.loc[center, "TC3"]) / q
        for k in levels:
            tc, ucv = float(u.loc[center, f"TC{k}"]), float(u.loc[center, f"UC{k}"])
            fixed = max(tc - float(u.loc[center, "TC3"]), 0.0)
            be = cvp_break_even(fixed, v, tariff, beds=b if b > 0 else None, days=days)
            acc = accounting_break_even(tc, tariff, beds=b if b > 0 else None, days=days)
            reachable = b > 0 and np.isfinite(be["BOR_star"]) and be["BOR_star"] <= 1.0
            rows.append({"center": center, "level": int(k), "tariff_name": name, "tariff": float(tariff), "TC": tc,
                         "fixed": fixed, "vc_per_unit": v, "output": q, "UC": ucv,
                         "CRR_percent": 100.0 * tariff / ucv, "meets": bool(tariff >= ucv),
                         "margin_per_unit": float(tariff) - v, "Q_star": be["Q_star"],
                         "census_star": be["census_star"], "beds": b,
                         "BOR_actual": q / (b * days) if b > 0 else np.nan, "BOR_star": be["BOR_star"],
                         "reachable": bool(reachable), "Q_star_accounting": acc["Q_star"],
                         "BOR_star_accounting": acc["BOR_star"]})
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
