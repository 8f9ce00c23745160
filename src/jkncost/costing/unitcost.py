"""Total and unit cost per production center (TC1/TC2/TC3, UC1/UC2/UC3, biaya satuan).

After support-center costs are allocated (:mod:`jkncost.costing.allocation`), for each production center

.. math::
    TC_1 = FC + SVC + VC, \\quad TC_2 = SVC + VC, \\quad TC_3 = VC, \\qquad UC_k = TC_k / Q

where *Q* is the center's output in the period (patient-days, visits, procedures). UC1 is the full
cost, UC2 leaves out investment (taken as subsidized), UC3 leaves out investment and salaries
(the usual basis of a government hospital's tariff in Indonesian studies).

A production center whose output is not measured gets TC1-3 and no unit cost (empty), with a
warning naming it; never a placeholder.

With a target bed occupancy rate *b* and ``beds``, the normative output is
:math:`Q_n = beds \\times days \\times b` (:func:`jkncost.costing.occupancy.normative_output`). Fixed and
semi-variable cost are spread over :math:`Q_n`; variable cost follows output, so it stays per actual unit:

.. math::
    UC_1^{n} = (FC + SVC)/Q_n + VC/Q, \\quad UC_2^{n} = SVC/Q_n + VC/Q, \\quad UC_3^{n} = VC/Q

(hospital folder format v2): what a patient-day would cost if the ward were as full as the norm
(BOR 80% is the usual norm). With the hospital's own tariffs (``tariffs.csv``) the cost recovery
rate is :math:`CRR_k = 100 \\cdot tariff / UC_k` (percent).

Costs move by allocation bases per category and component (:mod:`jkncost.costing.bases`): each
distinct weight matrix is one allocation operator, built once and applied to every (category,
component) stream that uses it; conservation is checked per stream.

References
----------
Kepmenkes RI 582/1997, Pola Tarif Rumah Sakit Pemerintah. Gani A. et al. (1997), *Analisis biaya
rumah sakit*. Shepard, Hodgkin & Anthony (2000), WHO.

Examples
--------
>>> from jkncost.core import paths
>>> from jkncost.costing import read_hospital
>>> r = unit_cost(read_hospital(paths.raw("example_hospital")), method="double")
>>> r.unit_cost.loc[r.unit_cost.center == "Kelas III", ["UC1", "UC3"]].round(0).to_string(index=False)
'     UC1     UC3\\n144609.0 41388.0'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jkncost.costing.allocation import METHODS, allocation_operator, check_conservation
from jkncost.costing.bases import group_operator, raise_problems
from jkncost.costing.flows import flow_arrays
from jkncost.costing.hospital import CATEGORIES, Hospital
from jkncost.costing.occupancy import normative_output
from jkncost.costing.recovery import cost_recovery_table, crr_table, tariff_sets
from jkncost.labels import Text
from jkncost.core.schemas import (  # the column lists are part of this module's interface
    CRR_COLUMNS,
    FLOW_COLUMNS,
    NORMATIVE_COLUMNS,
    UNIT_COST_COLUMNS,
    check_flows,
    check_unit_cost,
)

__all__ = ["CRR_COLUMNS", "FLOW_COLUMNS", "NORMATIVE_COLUMNS", "UNIT_COST_COLUMNS", "UnitCostResult",
           "compare_methods", "cost_recovery", "normative_output", "normative_unit_costs", "total_costs", "unit_cost",
           "unit_cost_batch"]

DAYS_PER_YEAR = 365


def normative_unit_costs(tc: np.ndarray, output: np.ndarray, normative: np.ndarray) -> np.ndarray:
    r"""UC1-3 at normative output from TC1-3 (axis -2), the actual and the normative output (axis -1).

    FC and SVC are spread over the normative output, VC stays per actual unit:
    ``UC1n = (TC1 - TC3)/Qn + TC3/Q``, ``UC2n = (TC2 - TC3)/Qn + TC3/Q``, ``UC3n = TC3/Q``
    (``TC1 - TC3 = FC + SVC``, ``TC2 - TC3 = SVC``, ``TC3 = VC``). NaN where there is no normative
    output (no beds).

    Parameters
    ----------
    tc : ndarray, shape (..., 3, p)
        TC1, TC2, TC3 per production center.
    output : ndarray, shape (..., p)
        Actual output :math:`Q`.
    normative : ndarray, shape (..., p)
        Normative output :math:`Q_n` (NaN where there are no beds).

    Returns
    -------
    ndarray, shape (..., 3, p)
        UC1, UC2, UC3 at normative output.

    Notes
    -----
    .. math:: UC_k^{n} = \frac{TC_k - TC_3}{Q_n} + \frac{TC_3}{Q}

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah. Gani A. et al. (1997),
    *Analisis biaya rumah sakit*, Depkes RI / FKM UI.

    Examples
    --------
    >>> tc = np.array([[300.0], [200.0], [100.0]])      # FC 100, SVC 100, VC 100
    >>> normative_unit_costs(tc, np.array([10.0]), np.array([20.0])).ravel().tolist()
    [20.0, 15.0, 10.0]
    """
    tc = np.asarray(tc, dtype=float)
    q = np.asarray(output, dtype=float)[..., None, :]
    qn = np.asarray(normative, dtype=float)[..., None, :]
    vc = tc[..., 2:3, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_day = (tc - vc) / qn + vc / q
    return np.where(np.isfinite(qn), per_day, np.nan)


def cost_recovery(tariff, uc) -> np.ndarray:
    r"""Cost recovery rate in percent: ``CRR = 100 x tariff / UC`` (NaN where UC is not positive).

    Parameters
    ----------
    tariff : float or array_like
        Tariff per unit of output.
    uc : float or array_like
        Unit cost.

    Returns
    -------
    float or ndarray
        :math:`CRR = 100 \cdot T / UC`, a float for scalar inputs.

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah. Gani A. et al. (1997),
    *Analisis biaya rumah sakit*, Depkes RI / FKM UI.

    Examples
    --------
    >>> cost_recovery(150_000, 120_000)
    125.0
    """
    t, u = np.asarray(tariff, dtype=float), np.asarray(uc, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(u > 0, 100.0 * t / u, np.nan)
    return float(out) if out.ndim == 0 else out


def total_costs(by_category: np.ndarray) -> np.ndarray:
    r"""TC1, TC2, TC3 from costs by category FC, SVC, VC on axis -2 (shape (..., 3, p) -> (..., 3, p)).

    Parameters
    ----------
    by_category : ndarray, shape (..., 3, p)
        FC, SVC, VC per production center after allocation.

    Returns
    -------
    ndarray, shape (..., 3, p)
        TC1, TC2, TC3.

    Notes
    -----
    .. math:: TC_1 = FC + SVC + VC, \quad TC_2 = SVC + VC, \quad TC_3 = VC

    Examples
    --------
    >>> total_costs(np.array([[100.0], [50.0], [10.0]])).ravel().tolist()
    [160.0, 60.0, 10.0]
    """
    fc, svc, vc = by_category[..., 0, :], by_category[..., 1, :], by_category[..., 2, :]
    return np.stack([fc + svc + vc, svc + vc, vc], axis=-2)


def unit_cost_batch(direct_cost: np.ndarray, weights: np.ndarray, is_support: np.ndarray, output: np.ndarray,
                    method: str = "double", order: np.ndarray | None = None, *,
                    is_shared: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
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
        Which centers are support centers.
    output : ndarray, shape (H, p) or (p,)
        Output of the production centers (NaN where not measured: UC is then NaN).
    method : {'direct', 'stepdown', 'double', 'reciprocal'}, default 'double'
        The allocation method.
    order : ndarray, optional
        Step-down sequence.
    is_shared : ndarray of bool, shape (n,), optional
        Shared cost pools, spread first (production centers are then those neither support nor shared).

    Returns
    -------
    tc : ndarray, shape (H, 3, p)
        ``tc[:, k]`` is TC(k+1).
    uc : ndarray, shape (H, 3, p)
        ``tc / output``.

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
    A = allocation_operator(W, is_support, method, order, is_shared=is_shared)
    after = d @ A if A.ndim == 2 else np.einsum("h...n,hnp->h...p", d, A)
    check_conservation(d, after)
    tc = total_costs(after)
    out = np.asarray(output, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        uc = tc / out[..., None, :]
    return tc, uc


@dataclass
class UnitCostResult:
    """Everything a unit-cost run produces for one hospital and one method.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> r = unit_cost(h, "double")
    >>> r.method, r.after.shape, r.operators
    ('double', (7, 3), 1)
    """

    hospital: Hospital
    method: str
    direct: pd.DataFrame  # center x FC/SVC/VC before allocation
    after: pd.DataFrame  # production center x FC/SVC/VC after allocation
    unit_cost: pd.DataFrame  # the spec's unit_cost.csv
    flows: pd.DataFrame  # from, to, category, component, stage, amount
    bor: float | None = None
    after_items: pd.DataFrame | None = None  # center, category, component, amount after allocation
    warnings: list[str] = field(default_factory=list)
    operators: int = 0  # allocation operators built (one per distinct weight matrix)
    crr: pd.DataFrame | None = None  # crr.csv: CRR per center and tariff set, when there are tariffs
    recovery: pd.DataFrame | None = None  # cost_recovery.csv: revenue against TC1, when there is revenue

    def uc(self, level: int = 3, normative: bool = False) -> pd.Series:
        """UC1/UC2/UC3 (actual or normative) indexed by center.

        Parameters
        ----------
        level : {1, 2, 3}, default 3
            Which unit cost.
        normative : bool, default False
            The unit cost at normative output (a run with ``bor``).

        Returns
        -------
        Series
            The unit cost per production center (NaN where undefined).

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> r = unit_cost(read_hospital(paths.raw("example_hospital")), "double", bor=0.8)
        >>> round(r.uc(3)["Kelas III"]), round(r.uc(1, normative=True)["Kelas III"])
        (41388, 145081)
        """
        col = f"UC{level}" + ("_normative" if normative else "")
        return self.unit_cost.set_index("center")[col]


def unit_cost(hospital: Hospital, method: str = "double", bor: float | None = None, days: float = DAYS_PER_YEAR,
              fc_method: str = "inflation", rate: float = 0.0, flows: bool = True) -> UnitCostResult:
    """Allocate a hospital's shared and support costs and compute TC1-3, UC1-3 (and CRR) per production center.

    Parameters
    ----------
    hospital : Hospital
        From :func:`jkncost.costing.read_hospital` (hospital folder format version 1 or 2).
    method : {'direct', 'stepdown', 'double', 'reciprocal'}, default 'double'
        The allocation method (:mod:`jkncost.costing.allocation`).
    bor : float, optional
        Target bed occupancy rate (0-1]; adds ``output_normative`` and ``UC*_normative`` (the
        convention of the module docstring) for the centers with ``beds`` (empty for the others); a
        warning when no production center has beds.
    days : float, default 365
        Days in the period (365 for a budget year).
    fc_method : {'inflation', 'annuity'}, default 'inflation'
        Annualization of an asset register, when the hospital has one (:mod:`jkncost.costing.annualize`).
    rate : float, default 0.0
        Inflation or discount rate of the annualization.
    flows : bool, default True
        Also list every transfer (from, to, category, component, stage, amount), one row per component
        (item) even when no allocation rule names it, so an audit can follow each cost item.

    Returns
    -------
    UnitCostResult
        The unit-cost table (``center, output, TC1-3, UC1-3`` and the normative and CRR columns), the costs
        before and after allocation, the flows, the CRR and cost-recovery tables and the warnings.

    Raises
    ------
    AllocationError
        When a center holds a cost that its rules cannot move under ``method`` (naming the center).

    Notes
    -----
    Per production center, after allocation (:func:`jkncost.costing.allocation.allocate`),

    .. math::
        TC_1 = FC + SVC + VC, \\quad TC_2 = SVC + VC, \\quad TC_3 = VC, \\qquad UC_k = TC_k / Q

    and with ``bor`` the normative unit costs of :func:`normative_unit_costs`.

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah. Shepard D.S., Hodgkin D.,
    Anthony Y.E. (2000), *Analysis of Hospital Costs: A Manual for Managers*, WHO.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> r = unit_cost(read_hospital(paths.raw("example_hospital")), "reciprocal")
    >>> r.unit_cost.set_index("center").loc["Kelas III", ["TC1", "UC1"]].round(0).tolist()
    [1271890301.0, 144533.0]
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    direct = hospital.direct_costs(fc_method=fc_method, rate=rate)
    plan = hospital.plan(method, fc_method=fc_method, rate=rate)
    raise_problems(plan.problems, method)
    names, is_support, is_shared = plan.names, plan.is_support, plan.is_shared
    m = len(plan.streams)
    prod_idx = np.flatnonzero(plan.is_production)
    after_streams = np.zeros((m, prod_idx.size))
    flow_parts = []
    for group in plan.groups:
        A = group.operator  # built by validation (Hospital.method_problems) when it asked the engine
        if A is None:
            A = group.operator = allocation_operator(group.weights, is_support, method, plan.order, names,
                                                     is_shared=is_shared, parts=group.parts)
        D = plan.direct[group.streams]
        after_streams[group.streams] = D @ A
        if flows:
            flow_parts.append(_group_flows(plan, group, method))
    check_conservation(plan.direct, after_streams)  # per category and component
    cat_of = np.array([CATEGORIES.index(c) for c, _ in plan.streams], dtype=int)
    after = np.zeros((len(CATEGORIES), prod_idx.size))
    np.add.at(after, cat_of, after_streams)
    check_conservation(direct.to_numpy().T, after)
    prod = hospital.centers.iloc[prod_idx].reset_index(drop=True)
    table, warnings = _unit_cost_table(hospital, prod, after, bor, days)
    after_df = pd.DataFrame(after.T, index=pd.Index(prod["center"], name="center"), columns=list(CATEGORIES))
    items = pd.DataFrame({"center": np.tile(prod["center"].to_numpy(dtype=object), m),
                          "category": np.repeat([c for c, _ in plan.streams], prod_idx.size),
                          "component": np.repeat([k for _, k in plan.streams], prod_idx.size),
                          "amount": after_streams.ravel()})
    flow_df = _no_flows()
    if flows:
        flow_df = _sort_flows(flow_parts, names)
        check_flows(flow_df)
    check_unit_cost(table)
    crr = recovery = None
    tariffs = getattr(hospital, "tariffs", None)
    if tariffs is not None and len(tariffs):
        crr = crr_table(table, tariffs)
    revenue = getattr(hospital, "revenue", None)
    if revenue is not None and len(revenue):
        recovery = cost_recovery_table(table, revenue)
    return UnitCostResult(hospital, method, direct, after_df, table, flow_df, bor, items, warnings, len(plan.groups),
                          crr, recovery)


def _unit_cost_table(hospital: Hospital, prod: pd.DataFrame, after: np.ndarray, bor, days):
    warnings: list[str] = []
    tc = total_costs(after)
    output = prod["output"].to_numpy(dtype=float)
    output = np.where(output > 0, output, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        uc = tc / output
    table = pd.DataFrame({"center": prod["center"], "output": output,
                          "TC1": tc[0], "TC2": tc[1], "TC3": tc[2], "UC1": uc[0], "UC2": uc[1], "UC3": uc[2]})
    missing = prod.loc[np.isnan(output), "center"].tolist()
    if missing and not any("without output" in note for note in hospital.notes):  # the reader may have said it
        warnings.append(f"production center(s) without output: {', '.join(missing)}; TC1-3 are given, the unit "
                        f"cost is left empty")
    if bor is not None:
        beds = prod["beds"].to_numpy(dtype=float) if "beds" in prod else np.full(len(prod), np.nan)
        has = np.isfinite(beds) & (beds > 0)
        normative = np.full(len(prod), np.nan)
        if has.any():
            normative[has] = normative_output(beds[has], days, bor)
        else:
            warnings.append(Text("costing.warn.bor_no_beds", bor=f"{bor:g}"))
        table["output_normative"] = normative
        uc_n = normative_unit_costs(tc, output, normative)
        for k in (1, 2, 3):
            table[f"UC{k}_normative"] = uc_n[k - 1]
    tariffs = getattr(hospital, "tariffs", None)
    sets = tariff_sets(tariffs)
    if len(sets) > 1:
        warnings.append(Text("costing.warn.tariff_sets", n=len(sets), sets=", ".join(sets)))
    elif tariffs is not None:
        t = prod["center"].map(dict(zip(tariffs["center"], tariffs["tariff"].astype(float)))).to_numpy(dtype=float)
        table["tariff"] = t
        for k in (1, 2, 3):
            table[f"CRR{k}"] = cost_recovery(t, uc[k - 1])
    return table, warnings


def _group_flows(plan, group, method) -> dict[str, np.ndarray]:
    """Flows of one group as arrays, one pool per (category, component): every item keeps its name."""
    labels = [plan.streams[i] for i in group.streams]
    pools = sorted(set(labels), key=lambda x: (CATEGORIES.index(x[0]), x[1]))
    where = {p: i for i, p in enumerate(pools)}
    D = np.zeros((len(pools), len(plan.names)))
    for i, lab in zip(group.streams, labels):  # one row per stream (at most a few hundred), summed in order
        D[where[lab]] += plan.direct[i]
    f = flow_arrays(D, group.weights, plan.is_support, method, plan.order, plan.names, plan.is_shared,
                    built=group.parts)
    keep = f["amount"] != 0
    row = f["row"][keep]
    return {"source": f["source"][keep], "target": f["target"][keep],
            "category": np.array([CATEGORIES.index(c) for c, _ in pools], dtype=np.int64)[row],
            "pool": row, "components": [k for _, k in pools],
            "stage": f["stage"][keep], "amount": f["amount"][keep]}


def _no_flows() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c == "amount" else str) for c in FLOW_COLUMNS})


def _sort_flows(parts: list[dict[str, np.ndarray]], names: list[str]) -> pd.DataFrame:
    """Category (FC, SVC, VC), component, then the engine's order (stage, sender, receiver): byte-stable.

    A (category, component) label belongs to one group only, so within a label the engine's order is
    the order of the arrays; one ``lexsort`` on integer keys, linear after the sort."""
    parts = [p for p in parts if p["amount"].size]
    if not parts:
        return _no_flows()
    # components are coded by their rank among the few distinct labels, not sorted row by row
    distinct = sorted({k for p in parts for k in p["components"]})
    rank = {k: i for i, k in enumerate(distinct)}
    comp_code = np.concatenate([np.array([rank[k] for k in p["components"]], dtype=np.int64)[p["pool"]]
                                for p in parts])
    cols = {k: np.concatenate([p[k] for p in parts]) for k in ("source", "target", "category", "stage", "amount")}
    idx = np.lexsort((np.arange(comp_code.size), comp_code, cols["category"]))
    labels = np.asarray(names, dtype=object)
    return pd.DataFrame({"from": labels[cols["source"][idx]], "to": labels[cols["target"][idx]],
                         "category": np.asarray(CATEGORIES, dtype=object)[cols["category"][idx]],
                         "component": np.asarray(distinct, dtype=object)[comp_code[idx]],
                         "stage": cols["stage"][idx], "amount": cols["amount"][idx]})


def compare_methods(hospital: Hospital, methods=METHODS, bor: float | None = None, **kwargs) -> pd.DataFrame:
    """Unit cost of every production center under each method, long format.

    Parameters
    ----------
    hospital : Hospital
        The hospital.
    methods : sequence of str, default METHODS
        The methods to compare.
    bor : float, optional
        Target bed occupancy rate, as in :func:`unit_cost`.
    **kwargs
        Passed on to :func:`unit_cost` (``days``, ``fc_method``, ``rate``).

    Returns
    -------
    DataFrame
        ``method, center, output, TC1..UC3`` (and normative columns with ``bor``), one row per method and
        production center.

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah. Gani A. et al. (1997),
    *Analisis biaya rumah sakit*, Depkes RI / FKM UI.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> c = compare_methods(h)
    >>> c[c.center == "Kelas III"][["method", "UC1"]].round(0).values.tolist()
    [['direct', 141191.0], ['stepdown', 145643.0], ['double', 144609.0], ['reciprocal', 144533.0]]
    """
    frames = [unit_cost(hospital, m, bor=bor, flows=False, **kwargs).unit_cost.assign(method=m) for m in methods]
    out = pd.concat(frames, ignore_index=True)
    return out[["method", *[c for c in out.columns if c != "method"]]]


def allocation_shares(hospital: Hospital, method: str, *, fc_method: str = "inflation",
                      rate: float = 0.0) -> pd.DataFrame:
    """Where each support center's own cost ends up: its share in each production center after allocation.

    Parameters
    ----------
    hospital : Hospital
        The hospital (:func:`jkncost.costing.read_hospital`).
    method : {'direct', 'stepdown', 'double', 'reciprocal'}
        The allocation method.
    fc_method : {'inflation', 'annuity'}, default 'inflation'
        How fixed cost is annualized (:meth:`jkncost.costing.hospital.Hospital.direct_costs`).
    rate : float, default 0.0
        Interest rate of the annuity method.

    Returns
    -------
    DataFrame
        One row per support center or shared pool that holds a direct cost (file order), one column per
        production center (file order); each row sums to 1.

    Notes
    -----
    With the direct cost :math:`d_{g,s}` of center :math:`s` in the cost streams of group :math:`g` (streams that
    share one set of allocation bases) and the group's allocation operator :math:`A_g`
    (:func:`jkncost.costing.allocation.allocation_operator`),

    .. math::
        S_{s,p} = \\frac{\\sum_g d_{g,s} \\, A_{g,s,p}}{\\sum_g d_{g,s}}

    is the share of :math:`s`'s own cost that production center :math:`p` bears at the end, through every
    step of the method (whatever passes through other support centers included). It is the answer to
    "who pays for the laundry", which the flows of each stage (:func:`unit_cost`, ``flows``) show only
    one step at a time.

    References
    ----------
    Drummond M.F. et al. (2015), *Methods for the Economic Evaluation of Health Care Programmes*, 4th ed.,
    Oxford University Press, ch. 7 (allocation of overhead costs). Shepard D.S., Hodgkin D., Anthony Y.E.
    (2000), *Analysis of Hospital Costs: a Manual for Managers*, WHO.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> shares = allocation_shares(read_hospital(paths.raw("example_hospital")), "direct")
    >>> shares.sum(axis=1).round(12).unique().tolist()
    [1.0]
    >>> shares.loc["Instalasi Gizi"].idxmax()
    'Kelas III'
    """
    plan = hospital.plan(method, fc_method=fc_method, rate=rate)
    raise_problems(plan.problems, method)
    held = np.zeros((len(plan.names), int(plan.is_production.sum())))
    for group in plan.groups:
        d = plan.direct[group.streams].sum(axis=0)
        held += d[:, None] * group_operator(plan, group, method)
    senders = np.flatnonzero(~plan.is_production & (held.sum(axis=1) > 0))
    names = np.asarray(plan.names, dtype=object)
    shares = held[senders] / held[senders].sum(axis=1, keepdims=True)
    return pd.DataFrame(shares, index=pd.Index(names[senders], name="support_center"),
                        columns=pd.Index(names[plan.is_production], name="center"))
