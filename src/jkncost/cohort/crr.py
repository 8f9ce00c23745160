"""Differences and cost recovery rates (CRR) of a cohort against the hospital and INA-CBG tariffs.

Formulas
--------
For patient ``i`` with cost of care ``C_i`` (sum of the components) and a tariff ``T_i`` (the
hospital tariff ``R_i`` or the INA-CBG tariff ``G_i``):

* difference ``D_i = C_i - T_i`` (the study's *selisih*: negative = cost below tariff, "efficient");
  mean difference ``D = mean(C_i - T_i) = mean(C) - mean(T)``;
* cost recovery rate, two definitions (:data:`CRR_DEFINITIONS`):

  - ``ratio_of_means``: ``CRR = sum(T_i) / sum(C_i) = mean(T) / mean(C)`` (revenue over cost of the
    whole group, the usual hospital-accounting definition);
  - ``mean_of_ratios``: ``CRR = mean(T_i / C_i)`` (the average patient's recovery).

  They agree when every patient has the same ratio ``T_i / C_i``; otherwise they differ by a term
  driven by the dispersion of cost (Jensen's inequality: with one fixed tariff ``T``,
  ``mean(T / C_i) >= T / mean(C)``).

* Under ``ratio_of_means`` a mean difference and a CRR pin the mean cost:
  ``CRR = mean(T) / mean(C) = 1 - D / mean(C)``, so ``mean(C) = D / (1 - CRR)``; and the two CRRs
  together give ``CRR_R - CRR_G = (D_G - D_R) / mean(C)``. :func:`implied_mean_cost` uses this to
  check whether published figures are mutually consistent. Under ``mean_of_ratios`` no such
  identity holds and the aggregates do not identify the mean cost.

  Consistency under the ratio of means is a check the published figures could fail, but it does not
  *favour* that definition: under the mean of ratios the same figures imply nothing about the mean
  cost, so they are consistent with it too. Aggregates alone cannot tell the definitions apart.

Examples
--------
>>> import pandas as pd
>>> c = pd.DataFrame({"cost_total": [100.0, 200.0], "hospital_tariff": [150.0, 200.0],
...                   "inacbg_tariff": [50.0, 100.0]})
>>> crr(c["hospital_tariff"], c["cost_total"], "ratio_of_means")
1.1666666666666667
>>> crr(c["hospital_tariff"], c["cost_total"], "mean_of_ratios")
1.25
>>> imp = implied_mean_cost(-1236793, 1.20, 1974050, 0.68)
>>> round(imp.from_hospital), round(imp.from_inacbg), round(imp.from_gap)
(6183965, 6168906, 6174698)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

CRR_DEFINITIONS = ("ratio_of_means", "mean_of_ratios")


def check_definition(definition: str) -> str:
    if definition not in CRR_DEFINITIONS:
        raise ValueError(f"unknown CRR definition {definition!r}; choose one of {', '.join(CRR_DEFINITIONS)}")
    return definition


def crr(tariff, cost, definition: str = "ratio_of_means") -> float:
    """Cost recovery rate of ``tariff`` over ``cost`` (a fraction: 1.2 means 120%).

    ``ratio_of_means``: ``sum(T) / sum(C)``; ``mean_of_ratios``: ``mean(T_i / C_i)``.
    """
    check_definition(definition)
    t = np.asarray(tariff, dtype=float)
    c = np.asarray(cost, dtype=float)
    if definition == "ratio_of_means":
        return float(t.sum() / c.sum())
    return float(np.mean(t / c))


def patient_table(cohort: pd.DataFrame) -> pd.DataFrame:
    """Per patient: cost, both tariffs, the differences ``cost - tariff`` and the ratios ``tariff / cost``."""
    out = cohort[["patient_id", "care_class", "secondary_diagnosis", "length_of_stay", "age",
                  "inacbg_code", "cost_total", "hospital_tariff", "inacbg_tariff"]].copy()
    out["diff_hospital"] = out["cost_total"] - out["hospital_tariff"]
    out["diff_inacbg"] = out["cost_total"] - out["inacbg_tariff"]
    out["ratio_hospital"] = out["hospital_tariff"] / out["cost_total"]
    out["ratio_inacbg"] = out["inacbg_tariff"] / out["cost_total"]
    return out


def summarize(cohort: pd.DataFrame) -> dict[str, float]:
    """Cohort aggregates: means, mean differences, and both CRR definitions against both tariffs.

    >>> c = pd.DataFrame({"cost_total": [100.0, 300.0], "hospital_tariff": [120.0, 330.0],
    ...                   "inacbg_tariff": [80.0, 150.0]})
    >>> s = summarize(c)
    >>> s["mean_diff_hospital"], s["mean_diff_inacbg"], s["crr_inacbg_ratio_of_means"], s["crr_inacbg_mean_of_ratios"]
    (-25.0, 85.0, 0.575, 0.65)
    """
    c, r, g = (cohort[k].to_numpy(float) for k in ("cost_total", "hospital_tariff", "inacbg_tariff"))
    out = {
        "n_patients": float(len(cohort)),
        "mean_cost": float(c.mean()),
        "mean_hospital_tariff": float(r.mean()),
        "mean_inacbg_tariff": float(g.mean()),
        "mean_diff_hospital": float((c - r).mean()),
        "mean_diff_inacbg": float((c - g).mean()),
        "share_cost_below_hospital_tariff": float((c < r).mean()),
        "share_cost_above_inacbg_tariff": float((c > g).mean()),
    }
    for name, t in (("hospital", r), ("inacbg", g)):
        for d in CRR_DEFINITIONS:
            out[f"crr_{name}_{d}"] = crr(t, c, d)
    return out


def summary_table(summary: dict[str, float], provenance: str = "") -> pd.DataFrame:
    """:func:`summarize` as a tidy table ``measure, value, unit[, provenance]`` (CRRs in percent)."""
    rows = []
    for k, v in summary.items():
        if k.startswith("crr_") or k.startswith("share_"):
            rows.append((k, 100 * v, "%"))
        elif k == "n_patients":
            rows.append((k, v, "patients"))
        else:
            rows.append((k, v, "Rp"))
    df = pd.DataFrame(rows, columns=["measure", "value", "unit"])
    if provenance:
        df["provenance"] = provenance
    return df


@dataclass(frozen=True)
class ImpliedMeanCost:
    """The mean cost that published differences and CRRs imply under the ratio of means.

    ``from_hospital = D_R / (1 - CRR_R)``, ``from_inacbg = D_G / (1 - CRR_G)``,
    ``from_gap = (D_G - D_R) / (CRR_R - CRR_G)``; the ranges widen the CRRs by their rounding
    (``crr_half_width``), ``joint_range`` is their overlap (``None`` when empty).
    """

    from_hospital: float
    from_inacbg: float
    from_gap: float
    hospital_range: tuple[float, float]
    inacbg_range: tuple[float, float]
    joint_range: tuple[float, float] | None

    @property
    def gap(self) -> float:
        """``from_hospital - from_inacbg``: zero when the printed CRRs are exactly consistent."""
        return self.from_hospital - self.from_inacbg

    def consistent_exact(self, tolerance: float = 1.0) -> bool:
        """One mean cost satisfies all four figures with the CRRs read as exact."""
        return abs(self.gap) <= tolerance

    @property
    def consistent_rounded(self) -> bool:
        """One mean cost satisfies all four figures with the CRRs read as rounded."""
        return self.joint_range is not None


def implied_mean_cost(diff_hospital: float, crr_hospital: float, diff_inacbg: float, crr_inacbg: float,
                      *, crr_half_width: float = 0.005) -> ImpliedMeanCost:
    """Mean cost implied by the published mean differences (``cost - tariff``) and CRRs (fractions).

    Under the ratio of means ``CRR = 1 - D / mean(C)``, hence ``mean(C) = D / (1 - CRR)``; the two
    CRRs together give ``mean(C) = (D_G - D_R) / (CRR_R - CRR_G)``, the cost at which both CRRs
    miss their printed value by the same amount.

    Examples
    --------
    >>> imp = implied_mean_cost(-1236793, 1.20, 1974050, 0.68)
    >>> round(imp.gap), imp.consistent_exact(), imp.consistent_rounded
    (15059, False, True)
    >>> [round(x) for x in imp.joint_range]
    [6074000, 6266825]
    """
    def implied(d: float, c: float) -> float:
        return d / (1.0 - c)

    def span(d: float, c: float) -> tuple[float, float]:
        a, b = implied(d, c - crr_half_width), implied(d, c + crr_half_width)
        return (min(a, b), max(a, b))

    hr, gr = span(diff_hospital, crr_hospital), span(diff_inacbg, crr_inacbg)
    lo, hi = max(hr[0], gr[0]), min(hr[1], gr[1])
    return ImpliedMeanCost(
        from_hospital=implied(diff_hospital, crr_hospital),
        from_inacbg=implied(diff_inacbg, crr_inacbg),
        from_gap=(diff_inacbg - diff_hospital) / (crr_hospital - crr_inacbg),
        hospital_range=hr,
        inacbg_range=gr,
        joint_range=(lo, hi) if lo <= hi else None,
    )


def consistency_table(imp: ImpliedMeanCost) -> pd.DataFrame:
    """The implied mean costs as a table (``quantity, value, low, high, formula``)."""
    rows = [
        ("mean cost implied by the hospital-tariff difference and CRR", imp.from_hospital,
         *imp.hospital_range, "D_R / (1 - CRR_R)"),
        ("mean cost implied by the INA-CBG difference and CRR", imp.from_inacbg, *imp.inacbg_range,
         "D_G / (1 - CRR_G)"),
        ("mean cost implied by the CRR gap", imp.from_gap, math.nan, math.nan, "(D_G - D_R) / (CRR_R - CRR_G)"),
        ("gap between the two implied mean costs", imp.gap, math.nan, math.nan, "from_hospital - from_inacbg"),
        ("mean cost consistent with both CRRs as rounded", math.nan,
         *(imp.joint_range if imp.joint_range else (math.nan, math.nan)), "overlap of the two ranges"),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value", "low", "high", "formula"])
