"""Rational tariff (tarif rasional) rules and the cost recovery rate.

Indonesian hospital-costing studies turn a unit cost (usually UC3 = VC / output, because
investment and salaries of government hospitals are paid by the government) and, often, the
patients' ability and willingness to pay (ATP, WTP) into a proposed "rational" tariff. Each
study uses its own rule and many do not print it. This module keeps the rules as a parameter
so that a study's published tariffs can be tested against every rule, and the rule that
reproduces them identified from the numbers (:func:`rule_evidence`).

Rules (``rule=``), with ``UC`` the unit cost, ``f`` the ``fraction``, ``m`` the ``markup``:

===================  ===============================================  =====================
rule                 tariff                                            needs
===================  ===============================================  =====================
``uc``               ``UC`` (full recovery of the chosen unit cost)     UC
``fraction_of_uc``   ``f * UC`` (a set share of cost, f < 1 subsidy)    UC, f
``markup``           ``UC * (1 + m)`` (cost plus margin)                UC, m
``mean_uc_atp_wtp``  ``(UC + ATP + WTP) / 3``                           UC, ATP, WTP
``mean_uc_atp``      ``(UC + ATP) / 2``                                 UC, ATP
``mean_atp_wtp``     ``(ATP + WTP) / 2``                                ATP, WTP
``min_uc_atp``       ``min(UC, ATP)`` (cost, capped by ability)         UC, ATP
``min_uc_atp_wtp``   ``min(UC, ATP, WTP)``                              UC, ATP, WTP
``between_atp_wtp``  ``UC`` clipped to ``[min(ATP, WTP), max(ATP, WTP)]`` UC, ATP, WTP
``atp``              ``ATP``                                            ATP
``wtp``              ``WTP``                                            WTP
===================  ===============================================  =====================

Sources of the rules (facts only; see :data:`RULES` for one line each):

- Kepmenkes RI 582/MENKES/SK/VI/1997, *Pola Tarif Rumah Sakit Pemerintah*: tariffs of
  government hospitals are based on cost analysis and unit cost, with government subsidy and
  cross-subsidy between classes in view of what the community can pay (rules ``uc``,
  ``fraction_of_uc``).
- Razak A (2004), *Dimensi Tarif Rasional Rumah Sakit*, and Unhas studies in that tradition
  (Nasri, Darmawansyah & Asdar 2013, RSU Anutapura Palu, Jurnal AKK 2(3); Lisnawaty 2008,
  RSUD Muna): the rational tariff is set from UC3, ATP, WTP (and FTP); how they are combined
  differs by study (the averaging and capping rules).
- Gani A (ability to pay, Susenas-based): ATP as a ceiling on what a household can pay
  (``min_uc_atp``, ``atp``).
- Tamin OZ (1999), transport tariff analysis: the tariff should lie in the zone between WTP
  and ATP (``between_atp_wtp``).
- Cost-plus pricing (``markup``): unit cost plus a margin, the usual private-sector rule.

The default (``fraction_of_uc`` with ``fraction=0.95``) is the rule that reproduces Table 4 of
Doru, Razak & Wahyu (2019), RSUD Kabupaten Pasangkayu; the paper does not print it (found with
:func:`rule_evidence`, see ``jkncost.studies.pasangkayu``).

Cost recovery rate (CRR): ``CRR = revenue / cost x 100%``; per class ``tariff / unit cost x 100%``.
Above 100% the revenue recovers the cost.

Examples
--------
>>> import pandas as pd
>>> uc = pd.Series({"VIP": 428805.0, "Kelas III": 150474.0})
>>> rational_tariff(uc).round(2).to_dict()
{'VIP': 407364.75, 'Kelas III': 142950.3}
>>> rational_tariff(uc, atp=pd.Series({"VIP": 382531.0, "Kelas III": 132057.0}),
...                 rule="min_uc_atp").to_dict()
{'VIP': 382531.0, 'Kelas III': 132057.0}
>>> round(cost_recovery_rate(3_341_450_477, 13_589_899_701), 2)
24.59
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jkncost.errors import InputError, Problem

_WHERE = "rational tariff"


@dataclass(frozen=True)
class TariffRule:
    """One rational-tariff rule: what it needs and where it comes from.

    Examples
    --------
    >>> RULES["fraction_of_uc"].formula, RULES["mean_uc_atp_wtp"].needs
    ('fraction * UC', ('uc', 'atp', 'wtp'))
    """

    name: str
    formula: str
    needs: tuple[str, ...]
    source: str


RULES: dict[str, TariffRule] = {
    r.name: r
    for r in [
        TariffRule("uc", "UC", ("uc",),
                   "Kepmenkes 582/1997 (tariff from unit cost, full recovery of the chosen cost)"),
        TariffRule("fraction_of_uc", "fraction * UC", ("uc",),
                   "Kepmenkes 582/1997 (subsidised tariff below cost); "
                   "Pasangkayu Table 4 (0.95 x UC3, identified)"),
        TariffRule("markup", "UC * (1 + markup)", ("uc",), "cost-plus pricing (unit cost plus margin)"),
        TariffRule("mean_uc_atp_wtp", "(UC + ATP + WTP) / 3", ("uc", "atp", "wtp"),
                   "tarif rasional from UC, ATP and WTP (Razak 2004 tradition); averaging variant"),
        TariffRule("mean_uc_atp", "(UC + ATP) / 2", ("uc", "atp"),
                   "tarif rasional from UC and ATP; averaging variant"),
        TariffRule("mean_atp_wtp", "(ATP + WTP) / 2", ("atp", "wtp"),
                   "tariff from the community side only (ATP and WTP averaged)"),
        TariffRule("min_uc_atp", "min(UC, ATP)", ("uc", "atp"),
                   "unit cost capped at ability to pay (Gani: ATP as ceiling)"),
        TariffRule("min_uc_atp_wtp", "min(UC, ATP, WTP)", ("uc", "atp", "wtp"),
                   "unit cost capped at ability and willingness to pay"),
        TariffRule("between_atp_wtp", "clip(UC, min(ATP, WTP), max(ATP, WTP))", ("uc", "atp", "wtp"),
                   "tariff in the zone between WTP and ATP (Tamin 1999, transport tariffs)"),
        TariffRule("atp", "ATP", ("atp",), "ability to pay as the tariff (Gani)"),
        TariffRule("wtp", "WTP", ("wtp",), "willingness to pay as the tariff"),
    ]
}


def _as_array(x, name: str):
    if x is None:
        return None
    arr = np.asarray(x, dtype=float)
    if np.isnan(arr).any():
        raise InputError(Problem(_WHERE, f"{name} has missing values"))
    if (arr < 0).any():
        raise InputError(Problem(_WHERE, f"{name} must be >= 0"))
    return arr


def rational_tariff(uc=None, atp=None, wtp=None, rule: str = "fraction_of_uc", fraction: float = 0.95,
                    markup: float = 0.0):
    """Rational tariff by one of the rules in :data:`RULES`.

    Parameters
    ----------
    uc, atp, wtp : float, array or pandas Series
        Unit cost (normally UC3), ability and willingness to pay, per unit of output (e.g. per
        patient-day), same shape. Only those the rule needs are required.
    rule : str
        A key of :data:`RULES`. Default ``fraction_of_uc``.
    fraction : float
        ``f`` of ``fraction_of_uc`` (default 0.95, the Pasangkayu rule).
    markup : float
        ``m`` of ``markup`` (0.1 = 10% above cost).

    Returns
    -------
    float, ndarray or Series
        Unrounded tariff, with the index of the first Series given.

    Raises
    ------
    InputError
        Unknown rule, a needed input missing, negative or missing values, ``fraction`` <= 0.

    Examples
    --------
    >>> rational_tariff(180905.0)
    171859.75
    >>> rational_tariff(180905.0, 177555.0, 159444.0, rule="between_atp_wtp")
    177555.0
    >>> rational_tariff(100.0, rule="markup", markup=0.1)
    110.00000000000001
    """
    if rule not in RULES:
        raise InputError(Problem(_WHERE, f"unknown rule {rule!r}; choose one of {', '.join(RULES)}"))
    given = {"uc": uc, "atp": atp, "wtp": wtp}
    missing = [k for k in RULES[rule].needs if given[k] is None]
    if missing:
        raise InputError(Problem(_WHERE, f"rule {rule!r} needs {', '.join(m.upper() for m in missing)}"))
    index = next((v.index for v in (uc, atp, wtp) if isinstance(v, pd.Series)), None)
    u, a, w = (_as_array(v, k.upper()) for k, v in given.items())
    if rule == "uc":
        out = u * 1.0
    elif rule == "fraction_of_uc":
        if not fraction > 0:
            raise InputError(Problem(_WHERE, f"fraction must be > 0, got {fraction}"))
        out = u * fraction
    elif rule == "markup":
        if markup <= -1:
            raise InputError(Problem(_WHERE, f"markup must be > -1, got {markup}"))
        out = u * (1.0 + markup)
    elif rule == "mean_uc_atp_wtp":
        out = (u + a + w) / 3.0
    elif rule == "mean_uc_atp":
        out = (u + a) / 2.0
    elif rule == "mean_atp_wtp":
        out = (a + w) / 2.0
    elif rule == "min_uc_atp":
        out = np.minimum(u, a)
    elif rule == "min_uc_atp_wtp":
        out = np.minimum(np.minimum(u, a), w)
    elif rule == "between_atp_wtp":
        out = np.clip(u, np.minimum(a, w), np.maximum(a, w))
    elif rule == "atp":
        out = a * 1.0
    else:  # "wtp"
        out = w * 1.0
    if index is not None:
        return pd.Series(out, index=index, name="rational_tariff")
    return float(out) if np.ndim(out) == 0 else out


def feasible_fraction(uc, published, tolerance: float = 1.0) -> tuple[float, float] | None:
    r"""The interval of fractions ``f`` with ``|f * UC - published| <= tolerance`` for every item.

    Formula: ``[max_i (P_i - tol) / UC_i, min_i (P_i + tol) / UC_i]``; ``None`` when empty, i.e.
    when no single fraction of unit cost reproduces all published tariffs.

    Parameters
    ----------
    uc : array_like
        Unit costs (positive), one per item.
    published : array_like
        Published tariffs, one per item.
    tolerance : float, default 1.0
        Largest absolute difference in rupiah counted as reproduced (the published rounding).

    Returns
    -------
    tuple of float or None
        ``(low, high)``, the fractions that reproduce every item; None when there are none.

    Raises
    ------
    InputError
        A unit cost that is not positive.

    Notes
    -----
    .. math:: f \in \left[\max_i \frac{P_i - tol}{UC_i},\; \min_i \frac{P_i + tol}{UC_i}\right]

    References
    ----------
    Doru, Razak & Wahyu (2019), RSUD Kabupaten Pasangkayu, Table 4 (the 0.95 x UC3 rule this identifies).

    Examples
    --------
    >>> lo, hi = feasible_fraction([428805, 265778, 180905, 150474], [407365, 252489, 171859, 142951])
    >>> round(lo, 7), round(hi, 7)
    (0.9499983, 0.9500014)
    >>> feasible_fraction([100, 200], [90, 100]) is None
    True
    """
    u = _as_array(uc, "UC")
    p = _as_array(published, "published tariff")
    if (u <= 0).any():
        raise InputError(Problem(_WHERE, "UC must be > 0 to fit a fraction"))
    lo = float(np.max((p - tolerance) / u))
    hi = float(np.min((p + tolerance) / u))
    return (lo, hi) if lo <= hi else None


def rule_evidence(uc, atp, wtp, published, *, tolerance: float = 1.0, fraction: float | None = None,
                  markup: float | None = None) -> pd.DataFrame:
    r"""Test every rule against published tariffs: which one reproduces them.

    For ``fraction_of_uc`` and ``markup`` the parameter is fitted from the published numbers
    when not given: ``f`` = median of ``published / UC`` rounded to 4 decimals, ``m = f - 1``
    (a negative markup is a discount, the same family as a fraction). The note of
    ``fraction_of_uc`` gives the whole interval of fractions that reproduce every item within the
    tolerance (:func:`feasible_fraction`).

    Parameters
    ----------
    uc, atp, wtp, published : pandas.Series
        Unit cost, ability to pay, willingness to pay and the published tariff, with the same index
        (e.g. the inpatient classes).
    tolerance : float, default 1.0
        Largest absolute difference, in rupiah, counted as reproduced (published rounding: Rp 1).
    fraction : float, optional
        The fraction of ``fraction_of_uc``; fitted from the numbers when not given.
    markup : float, optional
        The markup of ``markup``; ``fraction - 1`` when not given.

    Returns
    -------
    DataFrame
        One row per rule: ``rule, formula, parameter, <one column per item: reproduced - published>,
        max_abs_difference, reproduces, source, note``, sorted with the reproducing rules first,
        then by ``max_abs_difference``.

    Raises
    ------
    InputError
        An argument that is not a Series or whose index differs from ``published``.

    Notes
    -----
    A rule reproduces the tariffs when :math:`\max_i |T_i^{rule} - P_i| \le tol`.

    References
    ----------
    Razak A. (2004), *Dimensi Tarif Rasional Rumah Sakit*; Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif
    Rumah Sakit Pemerintah; Tamin O.Z. (1999) (the zone between ATP and WTP).

    Examples
    --------
    >>> import pandas as pd
    >>> idx = ["A", "B"]
    >>> ev = rule_evidence(pd.Series([100.0, 200.0], idx), pd.Series([80.0, 150.0], idx),
    ...                    pd.Series([90.0, 170.0], idx), pd.Series([80.0, 150.0], idx))
    >>> ev.loc[ev.reproduces, "rule"].tolist()
    ['atp', 'min_uc_atp', 'min_uc_atp_wtp']
    """
    series = {"uc": uc, "atp": atp, "wtp": wtp, "published": published}
    for k, s in series.items():
        if not isinstance(s, pd.Series):
            raise InputError(Problem(_WHERE, f"{k} must be a pandas Series indexed by class"))
    index = published.index
    for k, s in series.items():
        if not s.index.equals(index):
            raise InputError(Problem(_WHERE, f"{k} has a different index from the published tariffs"))
    ratios = published / uc
    f_fit = float(round(ratios.median(), 4)) if fraction is None else float(fraction)
    m_fit = float(round(f_fit - 1.0, 4)) if markup is None else float(markup)
    interval = feasible_fraction(uc, published, tolerance)
    rows = []
    for name, r in RULES.items():
        kwargs, parameter, note = {}, "", ""
        if name == "fraction_of_uc":
            kwargs["fraction"], parameter = f_fit, f"fraction={f_fit:g}"
            note = (f"published/UC per item: {', '.join(f'{i}: {v:.6f}' for i, v in ratios.items())}; "
                    + (f"fractions within Rp {tolerance:g} of every item: [{interval[0]:.7f}, {interval[1]:.7f}]"
                       if interval else f"no single fraction is within Rp {tolerance:g} of every item"))
        elif name == "markup":
            kwargs["markup"], parameter = m_fit, f"markup={m_fit:g}"
            note = "same family as fraction_of_uc (fraction = 1 + markup)"
        rep = rational_tariff(uc, atp, wtp, rule=name, **kwargs)
        diff = rep - published
        row = {"rule": name, "formula": r.formula, "parameter": parameter}
        row.update({str(i): float(d) for i, d in diff.items()})
        mad = float(diff.abs().max())
        row.update({"max_abs_difference": mad, "reproduces": bool(mad <= tolerance),
                    "source": r.source, "note": note})
        rows.append(row)
    out = pd.DataFrame(rows)
    out = out.sort_values(["reproduces", "max_abs_difference", "rule"], ascending=[False, True, True],
                          kind="mergesort").reset_index(drop=True)
    return out


def cost_recovery_rate(revenue, cost):
    r"""Cost recovery rate in percent: ``CRR = revenue / cost x 100``.

    Per class use the tariff as ``revenue`` and the unit cost as ``cost``. Works on numbers,
    arrays and Series (index kept).

    Parameters
    ----------
    revenue : float, array_like or Series
        Revenue (or a tariff), non-negative.
    cost : float, array_like or Series
        Cost (or a unit cost), positive.

    Returns
    -------
    float, ndarray or Series
        The CRR in percent (a Series named ``CRR_percent`` when an argument is a Series).

    Raises
    ------
    InputError
        A cost that is not positive, or a negative revenue.

    Notes
    -----
    .. math:: CRR = 100 \cdot \frac{revenue}{cost}

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah.

    Examples
    --------
    >>> cost_recovery_rate(100000, 150474)  # doctest: +ELLIPSIS
    66.456...
    >>> round(100 - cost_recovery_rate(4_309_939_945, 17_525_627_580), 1)  # share not recovered
    75.4
    """
    c = np.asarray(cost, dtype=float)
    r = np.asarray(revenue, dtype=float)
    if (c <= 0).any() or np.isnan(c).any():
        raise InputError(Problem("cost recovery rate", "cost must be > 0"))
    if (r < 0).any() or np.isnan(r).any():
        raise InputError(Problem("cost recovery rate", "revenue must be >= 0"))
    out = r / c * 100.0
    index = next((v.index for v in (revenue, cost) if isinstance(v, pd.Series)), None)
    if index is not None:
        return pd.Series(out, index=index, name="CRR_percent")
    return float(out) if np.ndim(out) == 0 else out


def deficit_share(revenue, cost):
    """Share of cost not recovered by revenue, in percent: ``(cost - revenue) / cost x 100 = 100 - CRR``.

    Parameters
    ----------
    revenue : float, array_like or Series
        Revenue, non-negative.
    cost : float, array_like or Series
        Cost, positive.

    Returns
    -------
    float, ndarray or Series
        :math:`100 - CRR`, negative when revenue exceeds cost.

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah.

    Examples
    --------
    >>> round(deficit_share(3_341_450_477, 13_589_899_701), 2)
    75.41
    """
    return 100.0 - cost_recovery_rate(revenue, cost)
