"""Cost recovery of a unit-cost run: CRR per tariff set (``crr.csv``) and actual revenue against cost
(``cost_recovery.csv``), hospital folder format version 3.

A center may have one tariff per *tariff set* (``Perda 2016``, ``INA-CBG``, ``usulan``, ``single use``,
``reuse``). For each production center *c* and set *s* with a tariff :math:`T_{c,s}`:

.. math::
    CRR_{k} = 100 \\cdot T_{c,s} / UC_{k,c}, \\qquad k = 1, 2, 3

(percent; empty where the unit cost is not defined). With actual revenue :math:`R_c` of the period:

.. math::
    cost\\ recovery_c = 100 \\cdot R_c / TC_{1,c}, \\qquad surplus_c = R_c - TC_{1,c}

(a negative surplus is a deficit), and a row ``TOTAL`` over the centers with revenue:
:math:`100 \\sum R / \\sum TC_1` and :math:`\\sum R - \\sum TC_1`.

References
----------
Hospital folder format, version 3 (``docs/hospital-folder.md``). Kepmenkes RI 582/1997 (cost recovery
rate); the Pasangkayu study (seed 002) compares revenue with cost the same way.

Examples
--------
>>> import pandas as pd
>>> uc = pd.DataFrame({"center": ["HD"], "output": [2.0], "TC1": [1_250_000.0], "TC2": [1_000_000.0],
...                    "TC3": [800_000.0], "UC1": [625_000.0], "UC2": [500_000.0], "UC3": [400_000.0]})
>>> t = pd.DataFrame({"center": ["HD", "HD"], "tariff": [600_000.0, 520_000.0],
...                   "tariff_set": ["single use", "reuse"]})
>>> crr_table(uc, t)[["tariff_set", "CRR1", "CRR3"]].to_string(index=False)
'tariff_set  CRR1  CRR3\\n     reuse  83.2 130.0\\nsingle use  96.0 150.0'
>>> r = cost_recovery_table(uc, pd.DataFrame({"center": ["HD"], "revenue": [1_000_000.0]}))
>>> r[["center", "cost_recovery", "surplus"]].to_string(index=False)
'center  cost_recovery   surplus\\n    HD           80.0 -250000.0\\n TOTAL           80.0 -250000.0'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CRR_TABLE_COLUMNS = ["center", "tariff_set", "tariff", "UC1", "UC2", "UC3", "CRR1", "CRR2", "CRR3"]
RECOVERY_COLUMNS = ["center", "TC1", "revenue", "cost_recovery", "surplus"]
TOTAL = "TOTAL"


def _percent(numerator, denominator) -> np.ndarray:
    """``100 x numerator / denominator``, NaN where the denominator is not a positive number."""
    n, d = np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(d > 0, 100.0 * n / d, np.nan)


def tariff_sets(tariffs: pd.DataFrame | None) -> list[str]:
    """The tariff sets of ``tariffs`` in the order they first appear (``["tariff"]`` for a v2 file).

    Parameters
    ----------
    tariffs : DataFrame or None
        ``center, tariff[, source, tariff_set]`` (a hospital folder's ``tariffs.csv``), or None.

    Returns
    -------
    list of str
        The distinct ``tariff_set`` values in order of first appearance; ``["tariff"]`` when the table has
        no ``tariff_set`` column, ``[]`` for no table or an empty one.

    Examples
    --------
    >>> tariff_sets(pd.DataFrame({"center": ["HD", "HD"], "tariff": [6e5, 5.2e5],
    ...                           "tariff_set": ["single use", "reuse"]}))
    ['single use', 'reuse']
    >>> tariff_sets(None)
    []
    """
    if tariffs is None or not len(tariffs):
        return []
    if "tariff_set" not in tariffs:
        return ["tariff"]
    return list(dict.fromkeys(tariffs["tariff_set"].astype(str)))


def crr_table(unit_cost: pd.DataFrame, tariffs: pd.DataFrame) -> pd.DataFrame:
    """One row per production center and tariff set: ``center, tariff_set, tariff, UC1-3, CRR1-3``.

    Parameters
    ----------
    unit_cost : DataFrame
        The unit-cost table of a run (:func:`jkncost.costing.unitcost.unit_cost`): ``center, UC1, UC2, UC3``.
    tariffs : DataFrame
        ``center, tariff[, tariff_set]``, one tariff per center and set.

    Returns
    -------
    DataFrame
        ``center, tariff_set, tariff, UC1, UC2, UC3, CRR1, CRR2, CRR3``. Rows follow the centers' order in
        ``unit_cost``, then the sets by name; a center without a tariff in a set has no row for it; a CRR is
        NaN where its unit cost is not a positive number.

    Notes
    -----
    .. math:: CRR_{k} = 100 \\cdot T_{c,s} / UC_{k,c}, \\qquad k = 1, 2, 3

    References
    ----------
    Kepmenkes RI No. 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (cost recovery rate).

    Examples
    --------
    >>> uc = pd.DataFrame({"center": ["HD"], "UC1": [625_000.0], "UC2": [500_000.0], "UC3": [400_000.0]})
    >>> crr_table(uc, pd.DataFrame({"center": ["HD"], "tariff": [500_000.0]}))[["CRR1", "CRR2", "CRR3"]].values.tolist()
    [[80.0, 100.0, 125.0]]
    """
    t = tariffs.copy()
    if "tariff_set" not in t:
        t["tariff_set"] = "tariff"
    uc = unit_cost[["center", "UC1", "UC2", "UC3"]].reset_index(drop=True)
    uc["_order"] = np.arange(len(uc))
    out = t[["center", "tariff_set", "tariff"]].merge(uc, on="center", how="inner")
    out = out.sort_values(["_order", "tariff_set"], kind="stable").drop(columns="_order").reset_index(drop=True)
    out["tariff"] = out["tariff"].astype(float)
    for k in (1, 2, 3):
        out[f"CRR{k}"] = _percent(out["tariff"], out[f"UC{k}"])
    return out[CRR_TABLE_COLUMNS]


def cost_recovery_table(unit_cost: pd.DataFrame, revenue: pd.DataFrame) -> pd.DataFrame:
    """``center, TC1, revenue, cost_recovery, surplus`` per center with revenue, then the ``TOTAL`` row.

    Parameters
    ----------
    unit_cost : DataFrame
        The unit-cost table of a run: ``center, TC1``.
    revenue : DataFrame
        ``center, revenue``: what each production center received in the period (``revenue.csv``).

    Returns
    -------
    DataFrame
        ``center, TC1, revenue, cost_recovery, surplus``, the centers in the order of ``unit_cost`` (those
        without revenue left out, revenue of unknown centers ignored), then a ``TOTAL`` row.

    Notes
    -----
    .. math::
        cost\\ recovery_c = 100 \\cdot R_c / TC_{1,c}, \\qquad surplus_c = R_c - TC_{1,c}

    and for ``TOTAL`` :math:`100 \\sum R / \\sum TC_1` and :math:`\\sum R - \\sum TC_1`; a negative surplus is a deficit.

    References
    ----------
    Kepmenkes RI No. 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (cost recovery rate).

    Examples
    --------
    >>> uc = pd.DataFrame({"center": ["HD", "IGD"], "TC1": [1_250_000.0, 750_000.0]})
    >>> cost_recovery_table(uc, pd.DataFrame({"center": ["IGD", "HD"], "revenue": [900_000.0, 1_000_000.0]}))
      center        TC1    revenue  cost_recovery   surplus
    0     HD  1250000.0  1000000.0           80.0 -250000.0
    1    IGD   750000.0   900000.0          120.0  150000.0
    2  TOTAL  2000000.0  1900000.0           95.0 -100000.0
    """
    tc = unit_cost.set_index("center")["TC1"].astype(float)
    rows = revenue[revenue["center"].isin(tc.index)]
    order = {c: i for i, c in enumerate(unit_cost["center"])}
    rows = rows.assign(_o=rows["center"].map(order)).sort_values("_o", kind="stable")
    out = pd.DataFrame({"center": rows["center"].to_numpy(dtype=object),
                        "TC1": tc.reindex(rows["center"]).to_numpy(dtype=float),
                        "revenue": rows["revenue"].to_numpy(dtype=float)})
    total = pd.DataFrame({"center": [TOTAL], "TC1": [out["TC1"].sum()], "revenue": [out["revenue"].sum()]})
    out = pd.concat([out, total], ignore_index=True)
    out["cost_recovery"] = _percent(out["revenue"], out["TC1"])
    out["surplus"] = out["revenue"] - out["TC1"]
    return out[RECOVERY_COLUMNS]
