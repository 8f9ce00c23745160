"""From unit cost to a tariff: markup, rounding, and finding both from published numbers.

Cost-plus pricing sets a tariff at the unit cost plus a margin,

.. math:: T = UC \\cdot (1 + m)

and a hospital then proposes a round figure (``round_tariff``: a step such as Rp 5,000 and a
direction). Studies often publish the unit cost, the marked-up "asumsi tarif" and the proposal
without stating ``m`` or the rounding rule; :func:`infer_factor`, :func:`factor_consistent` and
:func:`rounding_candidates` recover them from the numbers and list the rows that do not follow.

Rational tariffs that weigh unit cost against ability and willingness to pay belong in
``jkncost.costing.tariff``; this module only prices from cost.

References
----------
Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (tariffs from unit cost).
Seed 004 (RSUD Tenriawaru Bone, 2016 data), Tabel 1-4: unit cost, "asumsi tarif", "usulan".

Examples
--------
>>> round(markup_tariff(141_883, 0.4), 2)
198636.2
>>> round_tariff(198_636.2, 5_000)
200000.0
>>> round_tariff(213_516, 5_000, "down")
210000.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import reduce

import numpy as np
import pandas as pd

from jkncost.errors import InputError, Problem

DIRECTIONS = ("nearest", "up", "down")


def _array(values, name: str, source: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InputError(Problem(source, f"{name} must be numbers", column=name)) from None
    bad = [int(i) for i in np.flatnonzero(~np.isfinite(np.atleast_1d(arr)))]
    if bad:
        raise InputError([Problem(source, f"{name} is not a finite number", row=i + 2, column=name) for i in bad])
    return arr


def _scalar_or_array(result: np.ndarray):
    return float(result) if np.ndim(result) == 0 else result


def markup_tariff(unit_cost, markup: float, *, source: str = "<pricing>"):
    """Tariff at a markup over unit cost.

    .. math:: T = UC \\cdot (1 + m)

    Parameters
    ----------
    unit_cost : float or array of float
        Unit cost in rupiah (non-negative).
    markup : float
        ``m`` as a fraction: 0.4 for 40%. Greater than -1 (a tariff below cost is allowed, a
        negative tariff is not).
    source : str, default '<pricing>'
        Name used in error messages (a file name when the numbers come from a table).

    Returns
    -------
    float or numpy.ndarray
        The tariff, a float for a scalar unit cost.

    Raises
    ------
    InputError
        A negative or missing unit cost, or ``markup <= -1``.

    References
    ----------
    Kepmenkes 582/1997 (cost-based tariffs); seed 004, Tabel 1-4 ("asumsi tarif" = UC x 1.4).

    Examples
    --------
    >>> markup_tariff([100.0, 250.0], 0.4).tolist()
    [140.0, 350.0]
    """
    uc = _array(unit_cost, "unit_cost", source)
    if (np.atleast_1d(uc) < 0).any():
        rows = [i for i, v in enumerate(np.atleast_1d(uc)) if v < 0]
        raise InputError([Problem(source, "unit cost must be non-negative", row=i + 2, column="unit_cost")
                          for i in rows])
    if not isinstance(markup, (int, float)) or isinstance(markup, bool) or not math.isfinite(markup) or markup <= -1:
        raise InputError(Problem(source, f"markup must be a number above -1 (0.4 means 40%), got {markup!r}",
                                 column="markup"))
    return _scalar_or_array(uc * (1.0 + float(markup)))


def round_tariff(amount, step: float, direction: str = "nearest", *, source: str = "<pricing>"):
    r"""Round a tariff to a multiple of ``step``.

    ``nearest`` rounds halves up (Rp 202,500 -> 205,000 at step 5,000), ``up`` to the next
    multiple at or above, ``down`` to the multiple at or below.

    Parameters
    ----------
    amount : float or array of float
        The tariff(s) to round, in rupiah.
    step : float
        Positive step in rupiah (1,000, 5,000, 10,000 ...).
    direction : {'nearest', 'up', 'down'}, default 'nearest'
        Where to round to.
    source : str, default '<pricing>'
        Name used in error messages (a file name when the numbers come from a table).

    Returns
    -------
    float or numpy.ndarray
        The rounded tariff(s), a float for a scalar amount.

    Raises
    ------
    InputError
        A non-positive step or an unknown direction.

    Notes
    -----
    .. math:: \text{nearest}: s \lfloor a / s + 1/2 \rfloor, \qquad \text{up}: s \lceil a / s \rceil,
              \qquad \text{down}: s \lfloor a / s \rfloor

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah.

    Examples
    --------
    >>> round_tariff([202_499, 202_500, 200_000], 5_000).tolist()
    [200000.0, 205000.0, 200000.0]
    >>> round_tariff(200_001, 5_000, "up")
    205000.0
    """
    x = _array(amount, "amount", source)
    if not isinstance(step, (int, float)) or isinstance(step, bool) or not math.isfinite(step) or step <= 0:
        raise InputError(Problem(source, f"rounding step must be a positive amount, got {step!r}", column="step"))
    if direction not in DIRECTIONS:
        raise InputError(Problem(source, f"rounding direction must be one of {', '.join(DIRECTIONS)}, "
                                         f"got {direction!r}", column="direction"))
    q = x / float(step)
    # Guard against representation error (e.g. 0.1-type steps): snap quotients within 1e-9 of an integer.
    snapped = np.where(np.abs(q - np.round(q)) < 1e-9, np.round(q), q)
    if direction == "nearest":
        k = np.floor(snapped + 0.5)
    elif direction == "up":
        k = np.ceil(snapped)
    else:
        k = np.floor(snapped)
    return _scalar_or_array(k * float(step))


def factor_consistent(base, target, factor: float, *, base_unit: float = 1.0, target_unit: float = 1.0):
    r"""Whether published ``target`` can be ``factor x base`` given that both were rounded.

    A published base ``b`` (rounded to ``base_unit``) stands for a true value in
    ``[b - u/2, b + u/2]``; ``target`` rounded to ``target_unit`` stands for
    ``[t - v/2, t + v/2]``. The row follows the factor when ``factor x`` the first interval meets the
    second. This is exact interval arithmetic, not a tolerance guess.

    Parameters
    ----------
    base : float or array of float
        Published base values (e.g. unit costs).
    target : float or array of float
        Published values that should be ``factor x base`` (e.g. the "asumsi tarif").
    factor : float
        The factor to test (1.4 for a 40% markup).
    base_unit, target_unit : float, default 1.0
        What ``base`` and ``target`` were rounded to (1 for whole rupiah).

    Returns
    -------
    numpy.ndarray of bool
        Per row, whether the factor can explain it.

    Notes
    -----
    .. math:: f\,[b - u/2,\; b + u/2] \;\cap\; [t - v/2,\; t + v/2] \neq \emptyset

    References
    ----------
    Seed 004 (RSUD Tenriawaru Bone, 2016 data), Tabel 1-4: unit cost, "asumsi tarif", "usulan".

    Examples
    --------
    >>> factor_consistent([144_675, 8_625], [202_546, 13_800], 1.4).tolist()
    [True, False]
    """
    b = np.asarray(base, dtype=float)
    t = np.asarray(target, dtype=float)
    lo, hi = factor * (b - base_unit / 2), factor * (b + base_unit / 2)
    return (hi >= t - target_unit / 2) & (lo <= t + target_unit / 2)


def infer_factor(base, target, *, decimals: Iterable[int] = (1, 2, 3, 4),
                 base_unit: float = 1.0, target_unit: float = 1.0) -> dict:
    """The simplest factor linking ``target`` to ``base`` for most rows.

    For each precision (1, 2, ... decimals) the candidate is the median of ``target / base``
    rounded to that precision; the rows it explains are counted with :func:`factor_consistent`.
    The coarsest precision that explains the most rows wins (1.4 before 1.3999).

    Parameters
    ----------
    base, target : array of float
        Published base values (positive) and the values derived from them, row by row.
    decimals : iterable of int, default (1, 2, 3, 4)
        The precisions to try.
    base_unit, target_unit : float, default 1.0
        What ``base`` and ``target`` were rounded to.

    Returns
    -------
    dict
        ``factor``, ``explained`` (count), ``n``, ``consistent`` (boolean array per row),
        ``median_ratio``, and ``candidates`` (DataFrame: decimals, factor, explained).

    Raises
    ------
    InputError
        ``base`` and ``target`` of different or zero length, or a base that is not positive.

    References
    ----------
    Seed 004 (RSUD Tenriawaru Bone, 2016 data), Tabel 1-4: unit cost, "asumsi tarif", "usulan".

    Examples
    --------
    >>> r = infer_factor([100, 200, 300, 50], [140, 280, 420, 80])
    >>> r["factor"], r["explained"], r["consistent"].tolist()
    (1.4, 3, [True, True, True, False])
    """
    b = np.asarray(base, dtype=float)
    t = np.asarray(target, dtype=float)
    if b.shape != t.shape or b.size == 0:
        raise InputError(Problem("<pricing>", "base and target need the same, non-zero number of values"))
    if (b <= 0).any():
        raise InputError(Problem("<pricing>", "base values must be positive to form ratios", column="base"))
    median = float(np.median(t / b))
    rows = []
    for d in decimals:
        f = round(median, d)
        ok = factor_consistent(b, t, f, base_unit=base_unit, target_unit=target_unit)
        rows.append({"decimals": d, "factor": f, "explained": int(ok.sum())})
    candidates = pd.DataFrame(rows)
    best = candidates["explained"].max()
    chosen = candidates[candidates["explained"] == best].iloc[0]
    factor = float(chosen["factor"])
    return {
        "factor": factor,
        "explained": int(best),
        "n": int(b.size),
        "consistent": factor_consistent(b, t, factor, base_unit=base_unit, target_unit=target_unit),
        "median_ratio": median,
        "candidates": candidates,
    }


def common_step(amounts: Iterable[float]) -> int:
    r"""The largest whole-rupiah step that divides every amount (their greatest common divisor).

    A rounding rule with a larger step could never produce all of them.

    Parameters
    ----------
    amounts : iterable of float
        Whole-rupiah amounts (e.g. proposed tariffs).

    Returns
    -------
    int
        :math:`\gcd(a_1, \dots, a_n)`.

    Raises
    ------
    InputError
        No amounts, or an amount that is not whole rupiah.

    Examples
    --------
    >>> common_step([200_000, 215_000, 35_000, 1_000_000])
    5000
    """
    values = [int(round(a)) for a in amounts]
    if not values:
        raise InputError(Problem("<pricing>", "no amounts given"))
    if any(abs(v - a) > 1e-9 for v, a in zip(values, amounts)):
        raise InputError(Problem("<pricing>", "amounts must be whole rupiah to have a common step"))
    return reduce(math.gcd, (abs(v) for v in values))


def rounding_candidates(values, proposals, steps: Sequence[float],
                        directions: Sequence[str] = DIRECTIONS) -> pd.DataFrame:
    """How many proposals each rounding rule (step, direction) reproduces from ``values``.

    Parameters
    ----------
    values : array of float
        The amounts before rounding (e.g. the marked-up tariffs).
    proposals : array of float
        The published rounded amounts, row by row.
    steps : sequence of float
        Candidate steps in rupiah.
    directions : sequence of str, default ('nearest', 'up', 'down')
        Candidate directions (:func:`round_tariff`).

    Returns
    -------
    pandas.DataFrame
        Columns ``step, direction, reproduced, n, share``, most reproduced first, then the larger
        step, then the direction order of ``directions``.

    Examples
    --------
    >>> t = rounding_candidates([198_636, 213_516, 29_206], [200_000, 215_000, 30_000], [5_000, 10_000])
    >>> print(t[["step", "direction", "reproduced"]].head(2).to_string(index=False))
      step direction  reproduced
    5000.0   nearest           3
    5000.0        up           3
    """
    v = np.asarray(values, dtype=float)
    p = np.asarray(proposals, dtype=float)
    rows = []
    for s in steps:
        for order, d in enumerate(directions):
            got = round_tariff(v, float(s), d)
            hits = int(np.sum(np.isclose(np.atleast_1d(got), p, rtol=0, atol=0.5)))
            rows.append({"step": float(s), "direction": d, "reproduced": hits, "n": int(v.size),
                         "share": hits / v.size if v.size else math.nan, "_order": order})
    table = pd.DataFrame(rows).sort_values(["reproduced", "step", "_order"], ascending=[False, False, True])
    return table.drop(columns="_order").reset_index(drop=True)


def infer_rounding(values, proposals, steps: Sequence[float] = (1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000),
                   directions: Sequence[str] = DIRECTIONS) -> dict:
    """Infer the rounding rule behind published proposals.

    The step is the largest candidate that divides every proposal (:func:`common_step`; a larger
    step cannot produce them all); the direction is the one that reproduces most proposals at
    that step.

    Parameters
    ----------
    values : array of float
        The amounts before rounding (e.g. the marked-up tariffs).
    proposals : array of float
        The published rounded amounts, row by row.
    steps : sequence of float, default (1000, 2500, 5000, 10000, 25000, 50000, 100000)
        Candidate steps in rupiah.
    directions : sequence of str, default ('nearest', 'up', 'down')
        Candidate directions (:func:`round_tariff`).

    Returns
    -------
    dict
        ``step``, ``direction``, ``reproduced``, ``n``, ``common_step`` and ``candidates`` (the
        :func:`rounding_candidates` table over all ``steps``).

    Raises
    ------
    InputError
        When no candidate step divides every proposal.

    References
    ----------
    Seed 004 (RSUD Tenriawaru Bone, 2016 data), Tabel 1-4: unit cost, "asumsi tarif", "usulan".

    Examples
    --------
    >>> r = infer_rounding([198_636, 213_516, 29_206, 31_323], [200_000, 215_000, 30_000, 30_000])
    >>> r["step"], r["direction"], r["reproduced"]
    (5000.0, 'nearest', 4)
    """
    gcd = common_step(proposals)
    usable = [s for s in steps if gcd % s == 0] if gcd else []
    if not usable:
        raise InputError(Problem("<pricing>", f"no candidate step divides every proposal (their common step is {gcd})"))
    step = float(max(usable))
    candidates = rounding_candidates(values, proposals, steps, directions)
    # the rows of that step, in the table's order (most reproduced first, then directions' order)
    best = candidates[candidates["step"] == step].iloc[0]
    return {
        "step": step,
        "direction": str(best["direction"]),
        "reproduced": int(best["reproduced"]),
        "n": int(best["n"]),
        "common_step": gcd,
        "candidates": candidates,
    }
