"""Back-solving outputs from published unit costs.

Many studies publish unit costs (UC1-3) but not the outputs (patient-days, visits) behind them.
For a fixed hospital (costs, allocation bases, support/production split) and allocation method,
the total cost that reaches a production center, ``TC_k``, does not depend on any center's
output (the bases are not outputs), so the output that turns it into a published ``UC_k`` is
exact:

.. math::
    Q = TC_k / UC_k^{published}

The agreement of ``TC_k / Q`` with the published unit cost is then true **by construction**: it
tests nothing but the arithmetic. What the back-solve does give is the output the published figure
implies under the stated inputs, whose plausibility (beds, occupancy, length of stay) can then be
judged, and the sensitivity of the unit cost to those inputs.

A published unit cost rounded to the rupiah only pins ``Q`` down to the interval
``[TC / (UC + 0.5), TC / (UC - 0.5)]`` (:func:`output_interval`).

Examples
--------
>>> from jkncost.core import paths
>>> from jkncost.costing import read_hospital
>>> h = read_hospital(paths.raw("example_hospital"))
>>> b = backsolve_outputs(h, {"Kelas III": 41388.0}, method="double")
>>> b[["center", "output_before", "output"]].round(0).values.tolist()
[['Kelas III', 8800.0, 8800.0]]
>>> h2 = with_outputs(h, {"Kelas III": 4400.0})
>>> from jkncost.costing.unitcost import unit_cost
>>> round(float(unit_cost(h2, "double").uc(3)["Kelas III"]))
82777
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np
import pandas as pd

from jkncost.costing.hospital import Hospital
from jkncost.costing.unitcost import unit_cost

BACKSOLVE_COLUMNS = ["center", "method", "level", "TC", "target_UC", "output_before", "output",
                     "output_low", "output_high"]


def output_interval(tc, uc, half_unit: float = 0.5) -> tuple:
    r"""Outputs ``Q`` with ``round(TC / Q) == UC`` for a UC printed to ``2 * half_unit``.

    Parameters
    ----------
    tc : float or array_like
        Total cost ``TC_k`` that reaches the center (rupiah).
    uc : float or array_like
        The published unit cost ``UC_k``.
    half_unit : float, default 0.5
        Half the unit the published figure is rounded to (0.5 for a figure printed to the rupiah).

    Returns
    -------
    tuple of ndarray
        ``(low, high)``: the smallest and the largest output consistent with the printed figure.

    Notes
    -----
    .. math:: Q \in \left[\frac{TC}{UC + h}, \frac{TC}{UC - h}\right]

    Examples
    --------
    >>> lo, hi = output_interval(1_000_000.0, 1000.0)
    >>> round(float(lo), 4), round(float(hi), 4)
    (999.5002, 1000.5003)
    """
    tc = np.asarray(tc, dtype=float)
    uc = np.asarray(uc, dtype=float)
    return tc / (uc + half_unit), tc / (uc - half_unit)


def _positive_by_center(values: Mapping[str, float] | pd.Series, known, unknown_message: str,
                        what: str) -> pd.Series:
    """``values`` as a float Series; KeyError naming centers not in ``known``, ValueError if any is <= 0."""
    series = pd.Series(dict(values), dtype=float)
    unknown = [c for c in series.index if c not in known]
    if unknown:
        raise KeyError(f"{unknown_message}: {', '.join(map(str, unknown))}")
    if not (series > 0).all():
        raise ValueError(f"{what} must be > 0")
    return series


def backsolve_outputs(hospital: Hospital, target_uc: Mapping[str, float] | pd.Series, method: str = "double",
                      level: int = 3) -> pd.DataFrame:
    """The output of each named production center that makes ``UC_level`` equal the target.

    Parameters
    ----------
    hospital : Hospital
        Any valid hospital (its own outputs are ignored except as ``output_before``).
    target_uc : mapping or Series
        Center name -> published unit cost (Rp per unit of output), e.g. Table 4's UC3.
    method : str
        Allocation method (:data:`jkncost.costing.allocation.METHODS`).
    level : int
        1, 2 or 3: which of UC1/UC2/UC3 the targets are.

    Returns
    -------
    DataFrame
        ``center, method, level, TC, target_UC, output_before, output, output_low, output_high``
        in the order of ``target_uc``; ``output = TC / target_UC`` (unrounded), ``output_low`` and
        ``output_high`` the interval of outputs consistent with the target rounded to Rp 1.

    Raises
    ------
    KeyError
        A target names no production center.
    ValueError
        A target that is not positive, or a level other than 1-3.

    Notes
    -----
    With the bases fixed, :math:`TC_k` of a production center does not depend on any output, so

    .. math:: Q = TC_k / UC_k^{published}

    is exact, and the agreement of :math:`TC_k / Q` with the published figure holds by construction.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> b = backsolve_outputs(read_hospital(paths.raw("example_hospital")), {"Kelas III": 41388.0})
    >>> b[["center", "TC", "output"]].round(0).values.tolist()
    [['Kelas III', 364218461.0, 8800.0]]
    """
    if level not in (1, 2, 3):
        raise ValueError(f"level must be 1, 2 or 3, got {level}")
    targets = _positive_by_center(target_uc, hospital.production_centers,
                                  f"not production centers of {hospital.name!r}", "target unit costs")
    res = unit_cost(hospital, method, flows=False).unit_cost.set_index("center")
    tc = res.loc[targets.index, f"TC{level}"].to_numpy(dtype=float)
    lo, hi = output_interval(tc, targets.to_numpy())
    return pd.DataFrame({"center": targets.index, "method": method, "level": level, "TC": tc,
                         "target_UC": targets.to_numpy(), "output_before": res.loc[targets.index, "output"].to_numpy(),
                         "output": tc / targets.to_numpy(), "output_low": lo, "output_high": hi},
                        columns=BACKSOLVE_COLUMNS)


def with_outputs(hospital: Hospital, outputs: Mapping[str, float] | pd.Series, unit: str | None = None) -> Hospital:
    """A copy of ``hospital`` with the outputs of the named centers replaced (in memory only).

    Parameters
    ----------
    hospital : Hospital
        The hospital; not changed.
    outputs : mapping or Series
        Center name -> new output (positive), e.g. from :func:`backsolve_outputs`.
    unit : str, optional
        A new ``output_unit`` for the named centers.

    Returns
    -------
    Hospital
        A copy with the outputs replaced; nothing is written to disk.

    Raises
    ------
    KeyError
        An output names no center of the hospital.
    ValueError
        An output that is not positive.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> h2 = with_outputs(h, {"Kelas III": 4400.0}, unit="patient-days")
    >>> [float(x.centers.set_index("center").loc["Kelas III", "output"]) for x in (h2, h)]
    [4400.0, 8800.0]
    """
    outputs = _positive_by_center(outputs, hospital.names, "unknown centers", "outputs")
    centers = hospital.centers.copy()
    mask = centers["center"].isin(outputs.index)
    centers.loc[mask, "output"] = centers.loc[mask, "center"].map(outputs).astype(float)
    if unit is not None:
        centers.loc[mask, "output_unit"] = unit
    return dataclasses.replace(hospital, centers=centers, notes=[*hospital.notes])
