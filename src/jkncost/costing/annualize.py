"""Annualized investment cost (biaya investasi disetahunkan) from an asset register.

Two conventions are in use:

``inflation`` (the Indonesian hospital-costing form, AIC)
    .. math:: AIC = \\frac{IIC\\,(1 + i)^t}{L}

    with IIC the initial investment cost (purchase price), *i* the yearly inflation rate, *t* the
    years since purchase and *L* the useful life: straight-line depreciation of the purchase price
    revalued by inflation to today's prices. A published worked sheet gives
    30,000,000 x 1.05^7 / 8 = 5,276,626.58.

``annuity`` (economic annualization; Shepard, Hodgkin & Anthony 2000, WHO manual, annex of
annualization factors; WHO CostIt)
    .. math:: EAC = \\frac{K}{A(n, r)}, \\qquad A(n, r) = \\frac{1 - (1 + r)^{-n}}{r}

    with *K* the purchase price, *n* the useful life and *r* the discount rate; when *r* = 0 the
    annuity factor is *n* and EAC = K / n.

References
----------
Shepard DS, Hodgkin D, Anthony YE (2000). *Analysis of Hospital Costs: A Manual for Managers*.
Geneva: World Health Organization.
Gani A. et al. (1997). *Analisis biaya rumah sakit*, Depkes RI / FKM UI (the AIC form).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FC_METHODS = ("inflation", "annuity")


def aic_inflation(purchase_value, inflation_rate, years_in_use, useful_life):
    r"""Annualized investment cost, inflation-revalued straight line: ``IIC (1+i)^t / L``.

    Parameters
    ----------
    purchase_value : float or array_like
        Initial investment cost *IIC* (purchase price, rupiah).
    inflation_rate : float or array_like
        Yearly inflation rate *i* as a fraction (0.05 for 5%); above -1.
    years_in_use : float or array_like
        Years *t* since purchase.
    useful_life : float or array_like
        Useful life *L* in years; positive.

    Returns
    -------
    float or ndarray
        The annualized investment cost (AIC) per year, a float for scalar inputs.

    Raises
    ------
    ValueError
        When a useful life is not positive or an inflation rate is -100% or below.

    Notes
    -----
    Straight-line depreciation of the purchase price revalued to today's prices:

    .. math:: AIC = \frac{IIC\,(1 + i)^t}{L}

    References
    ----------
    Gani A. et al. (1997), *Analisis biaya rumah sakit*, Depkes RI / FKM UI.

    Examples
    --------
    >>> round(aic_inflation(30_000_000, 0.05, 7, 8), 2)
    5276626.58
    """
    pv, i, t, L = (np.asarray(x, dtype=float) for x in (purchase_value, inflation_rate, years_in_use, useful_life))
    if np.any(L <= 0):
        raise ValueError("useful life must be > 0")
    if np.any(i <= -1):
        raise ValueError("inflation rate must be > -100%")
    out = pv * (1.0 + i) ** t / L
    return float(out) if out.ndim == 0 else out


def annuity_factor(n, r):
    r"""Present value of 1 a year for ``n`` years at rate ``r``: ``(1 - (1+r)^-n) / r``; ``n`` when r = 0.

    Parameters
    ----------
    n : float or array_like
        Number of years (the useful life); positive.
    r : float or array_like
        Discount rate per year as a fraction; above -1. Rates within 1e-12 of zero give ``n``.

    Returns
    -------
    float or ndarray
        The annuity factor :math:`A(n, r)`, a float for scalar inputs.

    Raises
    ------
    ValueError
        When ``n`` is not positive or ``r`` is -100% or below.

    Notes
    -----
    .. math:: A(n, r) = \frac{1 - (1 + r)^{-n}}{r}, \qquad A(n, 0) = n

    References
    ----------
    Shepard D.S., Hodgkin D., Anthony Y.E. (2000), *Analysis of Hospital Costs: A Manual for Managers*,
    WHO, annex (annualization factors).

    Examples
    --------
    >>> round(annuity_factor(10, 0.03), 4)
    8.5302
    >>> annuity_factor(8, 0.0)
    8.0
    """
    n, r = np.asarray(n, dtype=float), np.asarray(r, dtype=float)
    if np.any(n <= 0):
        raise ValueError("useful life must be > 0")
    if np.any(r <= -1):
        raise ValueError("discount rate must be > -100%")
    small = np.abs(r) < 1e-12
    safe_r = np.where(small, 1.0, r)
    factor = np.where(small, n, (1.0 - (1.0 + safe_r) ** -n) / safe_r)
    return float(factor) if factor.ndim == 0 else factor


def eac_annuity(purchase_value, useful_life, discount_rate):
    r"""Equivalent annual cost ``K / A(n, r)``.

    Parameters
    ----------
    purchase_value : float or array_like
        Purchase price *K* (rupiah).
    useful_life : float or array_like
        Useful life *n* in years; positive.
    discount_rate : float or array_like
        Discount rate *r* per year as a fraction; above -1.

    Returns
    -------
    float or ndarray
        The equivalent annual cost, a float for scalar inputs.

    Notes
    -----
    .. math:: EAC = \frac{K}{A(n, r)}

    with :math:`A(n, r)` the annuity factor (:func:`annuity_factor`); at :math:`r = 0`, :math:`EAC = K / n`.

    References
    ----------
    Shepard D.S., Hodgkin D., Anthony Y.E. (2000), *Analysis of Hospital Costs: A Manual for Managers*,
    WHO, annex (annualization factors).

    Examples
    --------
    >>> round(eac_annuity(1_000_000, 10, 0.03), 2)
    117230.51
    >>> eac_annuity(800, 8, 0.0)
    100.0
    """
    out = np.asarray(purchase_value, dtype=float) / annuity_factor(useful_life, discount_rate)
    return float(out) if np.ndim(out) == 0 else out


def annualize_assets(assets: pd.DataFrame, method: str = "inflation", rate: float = 0.0) -> pd.DataFrame:
    r"""FC components per center from an asset register.

    Parameters
    ----------
    assets : DataFrame
        ``center, asset, group, purchase_value, years_in_use, useful_life``.
    method : {'inflation', 'annuity'}, default 'inflation'
        The annualization convention (module docstring).
    rate : float, default 0.0
        Inflation rate (``inflation``) or discount rate (``annuity``), e.g. 0.05.

    Returns
    -------
    DataFrame
        ``center, component, amount`` with one row per center and asset group
        (component ``AIC <group>``), in the order first seen.

    Raises
    ------
    ValueError
        For an unknown method, a useful life that is not positive or a rate of -100% or below.

    Notes
    -----
    Each asset's yearly cost is :math:`IIC\,(1 + i)^t / L` (:func:`aic_inflation`) or
    :math:`K / A(n, r)` (:func:`eac_annuity`); the amounts are summed per center and asset group.

    References
    ----------
    Gani A. et al. (1997), *Analisis biaya rumah sakit*, Depkes RI / FKM UI. Shepard D.S., Hodgkin D.,
    Anthony Y.E. (2000), *Analysis of Hospital Costs: A Manual for Managers*, WHO.

    Examples
    --------
    >>> assets = pd.DataFrame({"center": ["IGD", "IGD"], "asset": ["USG", "bed"], "group": "alat medis",
    ...                        "purchase_value": [30_000_000, 8_000_000], "years_in_use": [7, 0],
    ...                        "useful_life": [8, 8]})
    >>> annualize_assets(assets, "inflation", 0.05).round(2).to_dict("records")
    [{'center': 'IGD', 'component': 'AIC alat medis', 'amount': 6276626.58}]
    """
    if method not in FC_METHODS:
        raise ValueError(f"unknown annualization method {method!r}; choose one of {', '.join(FC_METHODS)}")
    a = assets.copy()
    if method == "inflation":
        a["amount"] = aic_inflation(a["purchase_value"], rate, a["years_in_use"], a["useful_life"])
    else:
        a["amount"] = eac_annuity(a["purchase_value"], a["useful_life"], rate)
    a["component"] = "AIC " + a["group"].astype(str)
    out = a.groupby(["center", "component"], sort=False, as_index=False)["amount"].sum()
    return out[["center", "component", "amount"]]
