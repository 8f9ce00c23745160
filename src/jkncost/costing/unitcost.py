"""Total and unit cost per production center (TC1/TC2/TC3, UC1/UC2/UC3, biaya satuan).

After support-center costs are allocated (:mod:`jkncost.costing.allocation`), for each production center

.. math::
    TC_1 = FC + SVC + VC, \\quad TC_2 = SVC + VC, \\quad TC_3 = VC, \\qquad UC_k = TC_k / Q

where *Q* is the center's output in the period (patient-days, visits, procedures). UC1 is the full
cost, UC2 leaves out investment (taken as subsidized), UC3 leaves out investment and salaries
(the usual basis of a government hospital's tariff in Indonesian studies).

With a target bed occupancy rate *b* and ``beds``, the normative output is
``beds x days x b`` and the normative unit cost ``TC_k / (beds x days x b)``: what a patient-day
would cost if the ward were as full as the norm (BOR 80% is the usual norm).

References
----------
Kepmenkes RI 582/1997, Pola Tarif Rumah Sakit Pemerintah. Gani A. et al. (1997), *Analisis biaya
rumah sakit*. Shepard, Hodgkin & Anthony (2000), WHO.

Examples
--------
>>> from jkncost.compendium import paths
>>> from jkncost.costing import read_hospital
>>> r = unit_cost(read_hospital(paths.raw("example_hospital")), method="double")
>>> r.unit_cost.loc[r.unit_cost.center == "Kelas III", ["UC1", "UC3"]].round(0).to_string(index=False)
'     UC1     UC3\\n144609.0 41388.0'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jkncost.costing.allocation import METHODS, allocate, allocation_flows, check_conservation
from jkncost.costing.hospital import CATEGORIES, Hospital
from jkncost.compendium.schemas import (  # the column lists are part of this module's interface
    FLOW_COLUMNS,
    NORMATIVE_COLUMNS,
    UNIT_COST_COLUMNS,
    check_flows,
    check_unit_cost,
)

__all__ = ["FLOW_COLUMNS", "NORMATIVE_COLUMNS", "UNIT_COST_COLUMNS", "UnitCostResult", "compare_methods",
           "normative_output", "total_costs", "unit_cost", "unit_cost_batch"]

DAYS_PER_YEAR = 365


def normative_output(beds, bor: float, days: float = DAYS_PER_YEAR):
    """Output at a target occupancy: ``beds x days x bor`` (patient-days).

    >>> normative_output(20, 0.8)
    5840.0
    """
    if not 0 < bor <= 1:
        raise ValueError(f"BOR must be in (0, 1], got {bor}")
    if days <= 0:
        raise ValueError("days in period must be > 0")
    out = np.asarray(beds, dtype=float) * days * bor
    return float(out) if out.ndim == 0 else out


def total_costs(by_category: np.ndarray) -> np.ndarray:
    """TC1, TC2, TC3 from costs by category FC, SVC, VC on axis -2 (shape (..., 3, p) -> (..., 3, p))."""
    fc, svc, vc = by_category[..., 0, :], by_category[..., 1, :], by_category[..., 2, :]
    return np.stack([fc + svc + vc, svc + vc, vc], axis=-2)


def unit_cost_batch(direct_cost: np.ndarray, weights: np.ndarray, is_support: np.ndarray, output: np.ndarray,
                    method: str = "double", order: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """TC and UC for a batch of same-shaped hospitals in one call (vectorized).

    Every method is linear in the direct cost, so each hospital's cost after allocation is
    ``after_h = d_h A_h`` with the allocation operator ``A_h`` of
    :func:`jkncost.costing.allocation.allocation_operator` (one operator when the weights are shared), and
    ``TC1 = FC + SVC + VC``, ``TC2 = SVC + VC``, ``TC3 = VC`` after allocation; ``UC_k = TC_k / output``.
    Conservation (total before = total over production centers after) is checked for every hospital.

    Parameters
    ----------
    direct_cost : ndarray, shape (H, 3, n)
        Direct cost per hospital, category (FC, SVC, VC) and center.
    weights : ndarray, shape (H, n, n) or (n, n)
        Allocation weights (shared when 2-D).
    is_support : ndarray of bool, shape (n,)
    output : ndarray, shape (H, p) or (p,)
        Output of the production centers.
    method : str
    order : ndarray, optional
        Step-down sequence.

    Returns
    -------
    tc, uc : ndarray, shape (H, 3, p)
        ``tc[:, k]`` is TC(k+1); ``uc = tc / output``.

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997 (TC and UC per production center); see :mod:`jkncost.costing.allocation`.

    Examples
    --------
    Two hospitals, one support center serving two production centers 1:3, shared weights:

    >>> W = np.array([[0, 1, 3], [0, 0, 0], [0, 0, 0]], dtype=float)
    >>> d = np.array([[[40, 10, 20], [0, 0, 0], [0, 5, 5]],      # hospital 1: FC, SVC, VC per center
    ...               [[80, 10, 20], [0, 0, 0], [0, 5, 5]]], dtype=float)
    >>> tc, uc = unit_cost_batch(d, W, np.array([True, False, False]), np.array([10.0, 50.0]), "direct")
    >>> tc[:, 0].tolist()       # TC1 per production center: 10 + 5 + 40/4, 20 + 5 + 40*3/4 ...
    [[25.0, 55.0], [35.0, 85.0]]
    >>> uc[:, 0].tolist()
    [[2.5, 1.1], [3.5, 1.7]]
    """
    d = np.asarray(direct_cost, dtype=float)
    W = np.asarray(weights, dtype=float)
    if W.ndim == 2:
        from jkncost.costing.allocation import allocation_operator

        A = allocation_operator(W, is_support, method, order)
        after = d @ A
        check_conservation(d, after)
    else:
        after = allocate(d, W, is_support, method, order)
    tc = total_costs(after)
    out = np.asarray(output, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        uc = tc / out[..., None, :]
    return tc, uc


@dataclass
class UnitCostResult:
    """Everything a unit-cost run produces for one hospital and one method."""

    hospital: Hospital
    method: str
    direct: pd.DataFrame  # center x FC/SVC/VC before allocation
    after: pd.DataFrame  # production center x FC/SVC/VC after allocation
    unit_cost: pd.DataFrame  # the spec's unit_cost.csv
    flows: pd.DataFrame  # from, to, category, stage, amount
    bor: float | None = None

    def uc(self, level: int = 3, normative: bool = False) -> pd.Series:
        """UC1/UC2/UC3 (actual or normative) indexed by center."""
        col = f"UC{level}" + ("_normative" if normative else "")
        return self.unit_cost.set_index("center")[col]


def unit_cost(hospital: Hospital, method: str = "double", bor: float | None = None, days: float = DAYS_PER_YEAR,
              fc_method: str = "inflation", rate: float = 0.0, flows: bool = True) -> UnitCostResult:
    """Allocate a hospital's support costs and compute TC1-3 and UC1-3 per production center.

    Parameters
    ----------
    hospital : Hospital
        From :func:`jkncost.costing.folder.read_hospital`.
    method : {'direct', 'stepdown', 'double', 'reciprocal'}
    bor : float, optional
        Target bed occupancy rate (0-1]; adds ``output_normative`` and ``UC*_normative`` for the
        centers with ``beds`` (empty for the others).
    days : float
        Days in the period (365 for a budget year).
    fc_method, rate
        Annualization of an asset register, when the hospital has one (:mod:`jkncost.costing.annualize`).
    flows : bool
        Also list every transfer (from, to, category, stage, amount).

    Returns
    -------
    UnitCostResult
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    direct = hospital.direct_costs(fc_method=fc_method, rate=rate)
    W = hospital.weight_matrix()
    is_support = hospital.is_support
    order = hospital.step_order()
    names = hospital.names
    d = direct.to_numpy().T  # (3, n)
    after = allocate(d, W, is_support, method, order, names=names)  # (3, p)
    prod = hospital.centers[~is_support].reset_index(drop=True)
    tc = total_costs(after)
    output = prod["output"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        uc = tc / output
    table = pd.DataFrame({"center": prod["center"], "output": output,
                          "TC1": tc[0], "TC2": tc[1], "TC3": tc[2], "UC1": uc[0], "UC2": uc[1], "UC3": uc[2]})
    if bor is not None:
        normative = normative_output(prod["beds"].to_numpy(dtype=float), bor, days)
        table["output_normative"] = normative
        for k in (1, 2, 3):
            with np.errstate(divide="ignore", invalid="ignore"):
                table[f"UC{k}_normative"] = tc[k - 1] / normative
    after_df = pd.DataFrame(after.T, index=pd.Index(prod["center"], name="center"), columns=list(CATEGORIES))
    flow_df = _flows_table(d, W, is_support, method, order, names) if flows else pd.DataFrame(columns=FLOW_COLUMNS)
    check_unit_cost(table)
    if flows:
        check_flows(flow_df)
    return UnitCostResult(hospital, method, direct, after_df, table, flow_df, bor)


def _flows_table(d, W, is_support, method, order, names) -> pd.DataFrame:
    records = []
    for k, cat in enumerate(CATEGORIES):
        for f in allocation_flows(d[k], W, is_support, method, order, names=names):
            if f.amount != 0:
                records.append((names[f.source], names[f.target], cat, f.stage, f.amount))
    return pd.DataFrame.from_records(records, columns=FLOW_COLUMNS)


def compare_methods(hospital: Hospital, methods=METHODS, bor: float | None = None, **kwargs) -> pd.DataFrame:
    """Unit cost of every production center under each method, long format.

    Columns: ``method, center, output, TC1..UC3`` (and normative columns with ``bor``).
    """
    frames = [unit_cost(hospital, m, bor=bor, flows=False, **kwargs).unit_cost.assign(method=m) for m in methods]
    out = pd.concat(frames, ignore_index=True)
    return out[["method", *[c for c in out.columns if c != "method"]]]
