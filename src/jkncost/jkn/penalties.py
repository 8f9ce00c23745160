"""Late-payment penalties (denda) of JKN on a given date.

Two regimes, both looked up in ``jkn/data/rules/late_payment.csv`` by the segment's penalty group
(``ppu`` = wage earners, paid by the employer; ``self`` = self-paying members):

``contribution_fine`` (1 January 2014 - 30 June 2016; seed ``001_129bd64a29fd196a.txt``)::

    arrears  = monthly_contribution x months_in_arrears
    penalty  = rate_per_month x min(months_in_arrears, max_months) x arrears

  2% per month, at most 3 months for wage earners and 6 for the others. The seed's wording does not
  say whether the cap limits the months charged or the arrears counted; jkncost caps the months
  charged (simple, not compounded) and says so in every result.

``service_penalty`` (from 1 July 2016)::

    penalty  = min(rate_per_month x min(months_in_arrears, 12) x tariff, Rp 30.000.000)

  due only when the member receives inpatient care within 45 days of the reactivation of their
  membership. ``tariff`` is the cost of the inpatient care (Perpres 19/2016) and, from Perpres
  82/2018, the estimated INA-CBG package for the initial diagnosis and procedure. Rate 2.5% until
  31 December 2020, 5% from 2021 (Perpres 64/2020 Art. 42).

Months in arrears are counted from due dates (``src/jkncost/jkn/data/rules/due_dates.csv``, seed 001 item 7: the
monthly contribution is paid at the latest on the 10th of each month) by :func:`months_in_arrears`:
the contribution of month ``M`` falls due on day ``due_day`` of month ``M + due_month_offset``, and a
month is in arrears on day ``d`` when its due date is before ``d``::

    months_in_arrears(first_unpaid, d) = #{M >= first_unpaid : due(M) < d}

Results are rounded to the whole rupiah, half up (:data:`jkncost.jkn.amounts.ROUNDING`).

Examples
--------
>>> late_penalty("pbpu", "2025-03-01", 20, inacbg_tariff=100_000_000).penalty
30000000
>>> late_penalty("ppu_private", "2015-01-15", 5, monthly_contribution=100_000).penalty
30000
>>> months_in_arrears("2014-06", "2014-06-10"), months_in_arrears("2014-06", "2014-06-11")
(0, 1)
>>> late_penalty("pbpu", "2015-03-11", first_unpaid="2015-01", monthly_contribution=25_500).months_in_arrears
3
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

from jkncost.jkn.amounts import fmt_percent, round_rupiah, LineItem
from jkncost.jkn.inputs import parse_amount, parse_count, parse_date
from jkncost.jkn.lookup import in_force
from jkncost.jkn.rules import load_table
from jkncost.jkn.segments import get_segment
from jkncost.jkn import results
from jkncost.errors import InputError, Problem
from jkncost.money import format_rupiah


@dataclass(kw_only=True)
class PenaltyResult(results.RuleResult):
    """A late-payment penalty, itemised, with the rule that set it.

    Examples
    --------
    >>> r = late_penalty("pbpu", "2025-03-01", 20, inacbg_tariff=100_000_000)
    >>> r.kind, r.months_counted, float(r.rate_per_month), r.cap_binds, r.penalty
    ('service_penalty', 12, 0.05, True, 30000000)
    """

    TITLE: ClassVar[str] = "JKN late-payment penalty (denda)"

    segment: str
    date: str
    kind: str
    months_in_arrears: int
    months_counted: int
    rate_per_month: float
    base: str
    base_amount: int
    uncapped: int
    cap: int | None
    cap_binds: bool
    penalty: int
    payer: str
    formula: str
    conditions: list[str]
    items: list[LineItem]

    def _fields(self) -> list[tuple[str, object]]:
        return [
            ("segment", self.segment), ("date", self.date), ("kind", self.kind),
            ("months in arrears", str(self.months_in_arrears)), ("months counted", str(self.months_counted)),
            ("rate per month", fmt_percent(Decimal(str(self.rate_per_month)))),
            (f"base ({self.base})", format_rupiah(self.base_amount)),
            ("cap", format_rupiah(self.cap) if self.cap is not None else "none"),
            ("penalty", format_rupiah(self.penalty)), ("payer", self.payer),
        ]

    def _notes(self) -> list[str]:
        return [f"condition: {c}" for c in self.conditions]


#: ``base`` column of late_payment.csv -> (the argument that gives it, its option, what it is)
_BASES = {
    "total_arrears": ("monthly_contribution", "--monthly-contribution", "contributions in arrears"),
    "cost_of_inpatient_care": ("inacbg_tariff", "--inacbg-tariff", "cost of the inpatient care"),
    "inacbg_estimate": ("inacbg_tariff", "--inacbg-tariff",
                        "estimated INA-CBG package (initial diagnosis and procedure)"),
}

#: ``kind`` column -> (label of the line item, what an amount that does not enter is told)
_KINDS = {
    "contribution_fine": ("fine", "the contribution fine of this period"),
    "service_penalty": ("service penalty", "the service penalty (the arrears themselves must still be paid)"),
}


def _month(value: date | str, what: str) -> tuple[int, int]:
    """``(year, month)`` of a date or of ``'YYYY-MM'`` / ``'YYYY-MM-DD'`` text."""
    if isinstance(value, date):
        return value.year, value.month
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*", str(value))
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InputError(Problem(what, f"not a month: {value!r} (write YYYY-MM)"))
    return int(m.group(1)), int(m.group(2))


def due_date(month: date | str, folder=None) -> date:
    """The day the contribution of ``month`` falls due, by the due-date rule in force for that month.

    Parameters
    ----------
    month : date or 'YYYY-MM'
        The month whose contribution is due (a full date counts for its month).
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    datetime.date
        Day ``due_day`` of month ``month + due_month_offset`` (``due_dates.csv``).

    Examples
    --------
    >>> due_date("2014-06")
    datetime.date(2014, 6, 10)
    """
    year, mon = _month(month, "--first-unpaid")
    rule = in_force(load_table("due_dates", folder), date(year, mon, 1), "due-date",
                    obligation="monthly_contribution")
    offset = int(rule.number("due_month_offset") or 0)
    y, m = divmod(year * 12 + mon - 1 + offset, 12)
    return date(y, m + 1, int(rule.number("due_day")))


def months_in_arrears(first_unpaid: date | str, on: date | str, folder=None) -> int:
    r"""Months whose contribution is unpaid and past its due date on day ``on``, counting from ``first_unpaid``.

    Every month from ``first_unpaid`` on is taken as unpaid; a month counts once its due date
    (:func:`due_date`) is before ``on``: paying on the due date itself is on time.

    Parameters
    ----------
    first_unpaid : date or 'YYYY-MM'
        The first month whose contribution is unpaid.
    on : date or 'YYYY-MM-DD'
        The day the arrears are counted on.
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    int
        The number of months in arrears.

    Notes
    -----
    .. math:: \text{months in arrears} = \#\{M \ge \text{first unpaid} : \text{due}(M) < \text{on}\}

    Examples
    --------
    >>> months_in_arrears("2014-01", "2014-03-10"), months_in_arrears("2014-01", "2014-03-11")
    (2, 3)
    """
    day = parse_date(on)
    year, mon = _month(first_unpaid, "--first-unpaid")
    count = 0
    while True:
        due = due_date(f"{year:04d}-{mon:02d}", folder)
        if due >= day:
            return count
        count += 1
        year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)


_count_arrears = months_in_arrears  # late_penalty's argument of the same name hides the function


def late_penalty(segment: str, on: date | str, months_in_arrears: object = None, *,
                 monthly_contribution: object = None, inacbg_tariff: object = None, first_unpaid: object = None,
                 folder=None) -> PenaltyResult:
    r"""The penalty for ``months_in_arrears`` months of unpaid contributions, under the rule of date ``on``.

    Parameters
    ----------
    segment : str
        Participant segment; PBI, regional-government registrants and veterans (contribution paid
        by the government) are refused.
    on : date or 'YYYY-MM-DD'
        For the contribution fine, the day the arrears are paid; for the service penalty, the day
        of the inpatient admission.
    months_in_arrears : int, optional
        Months of unpaid contributions; or give ``first_unpaid`` and they are counted from the due dates.
    monthly_contribution : number, optional
        Needed under the 2014-2016 contribution fine: the monthly contribution in arrears.
    inacbg_tariff : number, optional
        Needed under the service penalty: the INA-CBG tariff (or, 2016-2018, the cost of the care).
    first_unpaid : 'YYYY-MM', optional
        The first month whose contribution is unpaid: the months in arrears on ``on`` are then
        :func:`months_in_arrears` (``src/jkncost/jkn/data/rules/due_dates.csv``).
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    PenaltyResult
        The penalty in whole rupiah (rounded half up), itemised, with the months counted, the rate, the
        base, the cap and whether it binds, the rule and its source.

    Raises
    ------
    InputError
        A segment whose contribution the government pays, neither months nor first unpaid month, a date
        without a rule, or the amount the rule needs missing.

    Notes
    -----
    .. math::
        \text{fine (2014-2016)} = r \cdot \min(n, n_{max}) \cdot c \cdot n, \qquad
        \text{service penalty} = \min(r \cdot \min(n, 12) \cdot T,\ 30\,000\,000)

    with :math:`n` the months in arrears, :math:`c` the monthly contribution, :math:`T` the INA-CBG tariff
    and :math:`r` the rate per month (2% for the fine; 2.5% to 2020 and 5% from 2021 for the service penalty).

    References
    ----------
    Perpres RI 12/2013 Art. 17(5) (as amended by Perpres 111/2013) for the 2014-2016 fine; Perpres 19/2016,
    Perpres 82/2018 and Perpres 64/2020 Art. 42 for the service penalty (source document of seed 001).

    Examples
    --------
    >>> late_penalty("ppu_private", "2015-01-15", 5, monthly_contribution=100_000).penalty
    30000
    """
    seg = get_segment(segment, folder)
    day = parse_date(on)
    if months_in_arrears is None and first_unpaid is None:
        raise InputError(Problem("--months-in-arrears", "give the months in arrears or the first unpaid month "
                                                        "(--first-unpaid YYYY-MM)"))
    if months_in_arrears is not None and first_unpaid is not None:
        raise InputError(Problem("--first-unpaid", "give either the months in arrears or the first unpaid month, "
                                                   "not both"))
    if first_unpaid is not None:
        months = _count_arrears(first_unpaid, day, folder)
    else:
        months = parse_count(months_in_arrears, "--months-in-arrears")
    contribution_amount = parse_amount(monthly_contribution, "--monthly-contribution")
    tariff = parse_amount(inacbg_tariff, "--inacbg-tariff")
    if seg.penalty_group == "none":
        raise InputError(Problem("--segment", f"no late-payment penalty applies to segment {segment!r}: "
                                              f"{seg.description}"))
    rule = in_force(load_table("late_payment", folder), day, "late-payment", penalty_group=seg.penalty_group)
    rate = rule.number("rate_per_month")
    max_months = int(rule.number("max_months"))
    cap = rule.number("max_amount")
    counted = min(months, max_months)
    notes: list[str] = []
    conditions: list[str] = []
    kind = rule["kind"]
    item_label, kind_text = _KINDS[kind]
    needed, flag, label = _BASES[rule["base"]]
    given = {"monthly_contribution": contribution_amount, "inacbg_tariff": tariff}
    amount = given[needed]
    if amount is None:
        raise InputError(Problem(flag, f"rule {rule.rule_id} ({rule.source}) charges {fmt_percent(rate)} of the "
                                       f"{label} for each month in arrears: give {flag}"))
    for name, value in given.items():
        if name != needed and value is not None:
            notes.append(f"--{name.replace('_', '-')} does not enter {kind_text}")
    if needed == "monthly_contribution":
        base_amount = amount * months
        of = f"{format_rupiah(base_amount)} ({months} x {format_rupiah(amount)})"
        notes.append(f"interpretation: the cap of {max_months} months limits the months charged; the rate "
                     f"applies to the whole arrears, not compounded (jkn/data/rules/discrepancies.csv D6)")
    else:
        base_amount = amount
        of = format_rupiah(base_amount)
    uncapped = rate * counted * base_amount
    formula = f"{fmt_percent(rate)} x {counted} month(s) x {of}"
    window = rule.number("window_days")
    if window is not None:
        conditions.append(f"due only for inpatient care received within {int(window)} days "
                          f"of the reactivation of the membership")
    if months > max_months:
        notes.append(f"{months} months in arrears; at most {max_months} count")
    cap_binds = cap is not None and uncapped > cap
    penalty = min(uncapped, cap) if cap is not None else uncapped
    if cap_binds:
        formula += f", capped at {format_rupiah(cap)}"
    if rule["note"]:
        notes.append(rule["note"])
    items = [LineItem(f"{item_label} ({rule['payer']})",
                      rule["payer"], round_rupiah(penalty), formula)]
    return PenaltyResult(
        segment=segment, date=day.isoformat(), kind=kind, months_in_arrears=months, months_counted=counted,
        rate_per_month=float(rate), base=rule["base"], base_amount=round_rupiah(base_amount),
        uncapped=round_rupiah(uncapped), cap=None if cap is None else round_rupiah(cap), cap_binds=cap_binds,
        penalty=round_rupiah(penalty), payer=rule["payer"], formula=formula, conditions=conditions, items=items,
        notes=notes, **rule.citation(),
    )
