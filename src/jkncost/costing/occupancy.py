"""Bed occupancy (BOR) and the unit cost of an inpatient day at normative output.

Inpatient output is patient-days. Its capacity is ``beds x days``; the bed occupancy rate is

.. math:: BOR = \\frac{\\text{patient-days}}{\\text{beds} \\cdot \\text{days}}

A unit cost at *normative* output prices a day as if the ward ran at a target occupancy
(BOR 80% is the usual norm):

.. math:: UC_{norm} = \\frac{TC}{\\text{beds} \\cdot \\text{days} \\cdot BOR_{norm}}

Since the unit cost at actual output is ``UC_act = TC / (beds x days x BOR_act)``, beds and days
cancel and

.. math:: UC_{norm} = UC_{act} \\cdot \\frac{BOR_{act}}{BOR_{norm}}

A ward that is emptier than the norm (BOR_act < BOR_norm) gets a *lower* normative unit cost: the
fixed cost is spread over the days it should have produced. Multiplying the unit cost by the
normative BOR (``UC_act x BOR_norm``) is not this formula; the two agree only when
``BOR_act = BOR_norm ** 2`` (64% for a norm of 80%), see :func:`implied_actual_bor`.

References
----------
Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (unit cost per patient-day).
Abadi MY et al., RSU Anutapura Palu: "asumsi tarif berdasarkan unit cost 3 dengan output normatif
(BOR 80%)". Depkes RI (2005): BOR ideal 60-85%.

Examples
--------
>>> normative_output(beds=50, days=365, bor=0.8)
14600.0
>>> normative_unit_cost(total_cost=1_460_000_000, beds=50, days=365, bor=0.8)
100000.0
>>> to_normative(uc_actual=125_000, actual_bor=0.64, normative_bor=0.8)
100000.0
"""

from __future__ import annotations

import calendar
import math

import numpy as np

from jkncost.errors import InputError, Problem

# what a message names: these are arguments of a computation (a --days flag, a parameter), not cells of a file
_SOURCE = "occupancy"


def _positive(value, name: str):
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise InputError(Problem(_SOURCE, f"{name} must be positive, got {value!r}"))
    return arr


def _non_negative(value, name: str, what: str):
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise InputError(Problem(_SOURCE, f"{what} must be non-negative, got {value!r}"))
    return arr


def _rate(value, name: str, *, upper: float):
    arr = _positive(value, name)
    if np.any(arr > upper):
        raise InputError(Problem(_SOURCE, f"{name} must be a fraction (0.8 for 80%) at most {upper:g}, got {value!r}"))
    return arr


def _out(result):
    return float(result) if np.ndim(result) == 0 else result


def days_in_year(year: int) -> int:
    """Calendar days in ``year`` (366 in a leap year such as 2016).

    Parameters
    ----------
    year : int
        A calendar year.

    Returns
    -------
    int
        365 or 366.

    Examples
    --------
    >>> days_in_year(2016), days_in_year(2017)
    (366, 365)
    """
    return 366 if calendar.isleap(year) else 365


def normative_output(beds, days, bor):
    r"""Patient-days at the normative occupancy: ``beds x days x BOR``.

    The one normative-output function of the package (the unit-cost engine, batches and studies all
    call it with this signature).

    Parameters
    ----------
    beds : float or array
        Available beds (positive); NaN where a center has no beds gives NaN (no normative output).
    days : float
        Days in the period (365 or 366 for a year).
    bor : float
        Normative occupancy as a fraction, in (0, 1].

    Returns
    -------
    float or ndarray
        :math:`Q_n = beds \cdot days \cdot BOR`, a float for scalar inputs.

    Raises
    ------
    InputError
        An argument that is not a positive number, or an occupancy outside its range.

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (unit cost per patient-day);
    Depkes RI (2005) (BOR ideal 60-85%).

    Examples
    --------
    >>> normative_output(10, 366, 0.8)
    2928.0
    >>> normative_output([10, float("nan")], 365, 0.8).tolist()
    [2920.0, nan]
    """
    b = np.asarray(beds, dtype=float)
    given = ~np.isnan(b)
    if given.any():
        _positive(b[given], "beds")
    return _out(b * _positive(days, "days") * _rate(bor, "bor", upper=1.0))


def normative_unit_cost(total_cost, beds, days, bor):
    r"""Unit cost of a patient-day at normative output, one total cost spread over normative output.

    .. math:: UC_{norm} = TC / (\text{beds} \cdot \text{days} \cdot BOR_{norm})

    This is how a single published total is read (e.g. the Bone study). The hospital folder's
    convention (format v2) keeps variable cost per actual unit:
    :func:`jkncost.costing.unitcost.normative_unit_costs`.

    Parameters
    ----------
    total_cost : float or array
        Total cost :math:`TC` of the ward in the period (non-negative).
    beds : float or array
        Available beds (positive).
    days : float
        Days in the period.
    bor : float
        Normative occupancy as a fraction, in (0, 1].

    Returns
    -------
    float or ndarray
        :math:`UC_{norm}`, rupiah per patient-day.

    Raises
    ------
    InputError
        An argument that is not a positive number, or an occupancy outside its range.

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (unit cost per patient-day);
    Depkes RI (2005) (BOR ideal 60-85%).

    Examples
    --------
    >>> normative_unit_cost(2_928_000, 10, 366, 0.8)
    1000.0
    """
    tc = _non_negative(total_cost, "total_cost", "total cost")
    return _out(tc / normative_output(beds, days, bor))


def actual_bor(patient_days, beds, days):
    r"""Bed occupancy rate: ``patient-days / (beds x days)`` (can exceed 1 with extra beds).

    Parameters
    ----------
    patient_days : float or array
        Patient-days in the period (non-negative).
    beds : float or array
        Available beds (positive).
    days : float
        Days in the period.

    Returns
    -------
    float or ndarray
        :math:`BOR = \text{patient-days} / (\text{beds} \cdot \text{days})`, rounded to 12 decimals.

    Raises
    ------
    InputError
        An argument that is not a positive number, or an occupancy outside its range.

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (unit cost per patient-day);
    Depkes RI (2005) (BOR ideal 60-85%).

    Examples
    --------
    >>> actual_bor(2_562, 10, 366)
    0.7
    """
    pd_ = _non_negative(patient_days, "patient_days", "patient-days")
    return _out(np.round(pd_ / (_positive(beds, "beds") * _positive(days, "days")), 12))


def to_normative(uc_actual, actual_bor, normative_bor):
    r"""Unit cost at normative output from the unit cost at actual output.

    .. math:: UC_{norm} = UC_{act} \cdot BOR_{act} / BOR_{norm}

    Beds and days cancel, so only the two occupancy rates are needed.

    Parameters
    ----------
    uc_actual : float or array
        Unit cost per patient-day at the actual output.
    actual_bor : float or array
        Actual occupancy (fraction; up to 2 to allow wards run above their bed count).
    normative_bor : float
        Target occupancy (fraction in (0, 1]).

    Returns
    -------
    float or ndarray
        :math:`UC_{norm}`, a float for scalar inputs.

    Raises
    ------
    InputError
        An argument that is not a positive number, or an occupancy outside its range.

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (unit cost per patient-day);
    Depkes RI (2005) (BOR ideal 60-85%).

    Examples
    --------
    >>> to_normative(100_000, 0.6, 0.8)
    75000.0
    """
    uc = _non_negative(uc_actual, "uc_actual", "unit cost")
    return _out(uc * _rate(actual_bor, "actual_bor", upper=2.0) / _rate(normative_bor, "normative_bor", upper=1.0))


def to_actual(uc_normative, actual_bor, normative_bor):
    r"""Inverse of :func:`to_normative`: ``UC_act = UC_norm x BOR_norm / BOR_act``.

    Parameters
    ----------
    uc_normative : float or array
        Unit cost per patient-day at normative output.
    actual_bor : float or array
        Actual occupancy (fraction, up to 2).
    normative_bor : float
        Target occupancy (fraction in (0, 1]).

    Returns
    -------
    float or ndarray
        :math:`UC_{act} = UC_{norm} \cdot BOR_{norm} / BOR_{act}`.

    Raises
    ------
    InputError
        An argument that is not a positive number, or an occupancy outside its range.

    Examples
    --------
    >>> to_actual(75_000, 0.6, 0.8)
    100000.0
    """
    uc = _non_negative(uc_normative, "uc_normative", "unit cost")
    return _out(uc * _rate(normative_bor, "normative_bor", upper=1.0) / _rate(actual_bor, "actual_bor", upper=2.0))


def implied_actual_bor(uc_actual, uc_normative, normative_bor):
    r"""The actual occupancy under which ``uc_normative`` is the correct normative unit cost.

    .. math:: BOR_{act} = BOR_{norm} \cdot UC_{norm} / UC_{act}

    A published "normative" column equal to ``UC_act x 0.8`` implies ``BOR_act = 0.64`` in every
    row; a value above 1 means no real occupancy can explain the column.

    Parameters
    ----------
    uc_actual : float or array
        Published unit cost at actual output (positive).
    uc_normative : float or array
        Published "normative" unit cost.
    normative_bor : float
        The target occupancy the study names.

    Returns
    -------
    float or ndarray
        :math:`BOR_{act}`, rounded to 12 decimals.

    Raises
    ------
    InputError
        An argument that is not a positive number, or an occupancy outside its range.

    Examples
    --------
    >>> implied_actual_bor(426_625, 341_300, 0.8)
    0.64
    """
    uc_a = _positive(uc_actual, "uc_actual")
    uc_n = _non_negative(uc_normative, "uc_normative", "unit cost")
    bor = _rate(normative_bor, "normative_bor", upper=1.0)
    return _out(np.round(bor * uc_n / uc_a, 12))


def break_even_actual_bor(normative_bor: float) -> float:
    r"""Actual BOR at which ``UC_act x BOR_norm`` equals the correct ``UC_act x BOR_act / BOR_norm``.

    Parameters
    ----------
    normative_bor : float
        The target occupancy (fraction).

    Returns
    -------
    float
        :math:`BOR_{norm}^2` (NaN for a NaN input).

    Notes
    -----
    .. math:: UC_{act} \cdot BOR_{norm} = UC_{act} \cdot \frac{BOR_{act}}{BOR_{norm}}
              \iff BOR_{act} = BOR_{norm}^2

    Examples
    --------
    >>> break_even_actual_bor(0.8)
    0.64
    """
    b = float(_rate(normative_bor, "normative_bor", upper=1.0))
    return round(b * b, 12) if math.isfinite(b) else math.nan
