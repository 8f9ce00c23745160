"""JKN contributions (iuran) on a given date, itemised by who pays.

The rule in force for the participant segment (and care class, for self-paying members) is looked
up in ``jkn/data/rules/contributions.csv`` (:mod:`jkncost.jkn.rules`); this module only applies it.

Formulas
--------
``basis = percent`` (wage earners; veterans)::

    wage_base  = min(wage, wage_ceiling)            (no ceiling when the rule has none)
    base       = wage_base x reference_share        (0.45 for veterans, 1 otherwise)
    employer   = base x rate_employer
    worker     = base x rate_worker + family x (base x family_rate)
    government = base x rate_government

``basis = fixed`` (PBI, regional-government registrants, self-paying members), per person per
month, for ``1 + family`` persons::

    member     = amount_member x persons
    government = amount_government x persons

``total = employer + worker + member + government``. Each amount is rounded to the whole rupiah,
half up, before adding (:data:`jkncost.jkn.amounts.ROUNDING`).

References
----------
Perpres 12/2013 as amended by Perpres 111/2013 (the 2014 rates of seed ``001_129bd64a29fd196a.txt``);
Perpres 19/2016 and 28/2016; Perpres 82/2018, 75/2019 and 64/2020 (Art. 29-34). Each result names the
rule row, its regulation and article, and whether the rate was verified against the regulation text.

Examples
--------
>>> r = contribution("ppu_private", "2025-07-01", wage=15_000_000)
>>> r.total, r.employer, r.worker, r.rule
(600000, 480000, 120000, 'C-PPUP-2020')
>>> contribution("pbpu", "2014-06-01", care_class=1).total
59500
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

from jkncost.jkn.amounts import fmt_percent, round_rupiah, LineItem
from jkncost.jkn.inputs import parse_amount, parse_class, parse_count, parse_date
from jkncost.jkn.lookup import in_force
from jkncost.jkn.rules import load_table
from jkncost.jkn.segments import get_segment, load_segments
from jkncost.jkn import results
from jkncost.errors import InputError, Problem
from jkncost.money import format_rupiah

PAYERS = ("employer", "worker", "member", "government")


@dataclass(kw_only=True)
class ContributionResult(results.RuleResult):
    """An itemised monthly contribution: who pays what, by which rule.

    Examples
    --------
    >>> r = contribution("ppu_government", "2025-07-01", wage=5_000_000, family=1)
    >>> r.employer, r.worker, r.total, [item.payer for item in r.items]
    (200000, 100000, 300000, ['employer', 'worker', 'worker'])
    """

    TITLE: ClassVar[str] = "JKN contribution (iuran) per month"

    segment: str
    segment_label: str
    date: str
    care_class: int | None
    wage: float | None
    wage_base: float | None
    family: int
    items: list[LineItem]
    employer: int
    worker: int
    member: int
    government: int
    total: int

    def _fields(self) -> list[tuple[str, object]]:
        fields = [
            ("segment", f"{self.segment} ({self.segment_label})"),
            ("date", self.date),
        ]
        if self.care_class is not None:
            fields.append(("care class", self.care_class))
        if self.wage is not None:
            fields.append(("wage", format_rupiah(self.wage)))
            if self.wage_base is not None and self.wage_base != self.wage:
                fields.append(("wage base", format_rupiah(self.wage_base)))
        if self.family:
            fields.append(("family", self.family))
        return fields + [(k, format_rupiah(getattr(self, k))) for k in ("total", *PAYERS)]


def contribution(segment: str, on: date | str, *, wage: object = None, care_class: object = None,
                 family: object = 0, folder=None) -> ContributionResult:
    r"""The monthly contribution for ``segment`` on date ``on``.

    Parameters
    ----------
    segment : str
        A segment of ``jkn/data/rules/segments.csv`` (``jkncost contribution --list-segments``).
    on : date or 'YYYY-MM-DD'
        The month the contribution is for; dates before 1 January 2014 are refused.
    wage : number or text, optional
        Monthly wage (gaji/upah) for wage earners; for veterans the basic salary of a civil servant
        of grade III/a with 14 years of service. Required for ``basis = percent`` rules.
    care_class : 1, 2 or 3, optional
        Required for self-paying members (``pbpu``), refused for segments whose rate does not
        depend on it.
    family : int, default 0
        Extra family members: for wage earners, each at ``family_rate`` of the wage base (child 4+,
        parents, parents-in-law); for fixed-amount segments, extra persons at the same amount.
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    ContributionResult
        ``total``, ``employer``, ``worker``, ``member``, ``government`` (whole rupiah), the line
        items, the rule and its source.

    Raises
    ------
    InputError
        Unknown segment, a date before 2014 or without a rule, a missing wage or care class, or one given
        where the rule does not use it.

    Notes
    -----
    For a percent rule, with :math:`w` the wage, :math:`\bar w` the ceiling, :math:`s` the reference share
    (0.45 for veterans, 1 otherwise) and :math:`f` extra family members:

    .. math::
        b = s \min(w, \bar w), \quad \text{employer} = b\, r_e, \quad
        \text{worker} = b\, r_w + f\, b\, r_f, \quad \text{government} = b\, r_g;

    for a fixed rule, :math:`(1 + f)` persons at the member's and the government's amount. Each amount is
    rounded to the whole rupiah, half up, before adding.

    References
    ----------
    Perpres RI 12/2013 as amended by Perpres 111/2013 (the 2014 rates); Perpres 19/2016 and 28/2016;
    Perpres 82/2018, 75/2019 and 64/2020 (Art. 29-34).

    Examples
    --------
    >>> contribution("pbpu", "2021-01-01", care_class=3).member
    35000
    """
    seg = get_segment(segment, folder)
    day = parse_date(on)
    wage_amount = parse_amount(wage, "--wage")
    persons_extra = parse_count(family, "--family")
    klass = parse_class(care_class, "--care-class", "care class", required=False)
    table = [r for r in load_table("contributions", folder) if r["segment"] == segment]
    if not table:
        raise InputError(Problem("--segment", f"no contribution rule for segment {segment!r} in the data "
                                              f"({seg.description})"))
    by_class = any(r["care_class"] for r in table)
    if by_class and klass is None:
        raise InputError(Problem("--care-class", f"segment {segment!r} pays by care class: give --care-class 1, 2 or 3"))
    if not by_class and klass is not None:
        raise InputError(Problem("--care-class", f"the contribution of segment {segment!r} does not depend on the "
                                                 f"care class; leave --care-class out"))
    rule = in_force(table, day, "contribution", segment=segment, care_class=str(klass) if by_class else None)

    items: list[LineItem] = []
    notes: list[str] = []
    totals = dict.fromkeys(PAYERS, 0)
    wage_base = None
    basis = rule["basis"]
    if basis == "percent":
        if wage_amount is None:
            what = ("the basic salary of a civil servant of grade III/a with 14 years of service"
                    if rule.number("reference_share") not in (None, Decimal(1)) else "the monthly wage")
            raise InputError(Problem("--wage", f"segment {segment!r} pays a percentage of {what}: give --wage"))
        if wage_amount == 0:
            raise InputError(Problem("--wage", f"segment {segment!r} pays a percentage of a wage: a wage of 0 "
                                               f"is not a wage; give the monthly amount in rupiah"))
        ceiling = rule.number("wage_ceiling")
        wage_base = wage_amount if ceiling is None else min(wage_amount, ceiling)
        if ceiling is not None and wage_amount > ceiling:
            notes.append(f"wage {format_rupiah(wage_amount)} is above the ceiling {format_rupiah(ceiling)}: "
                         f"contributions are computed on the ceiling")
        if ceiling is None and any(r.number("wage_ceiling") is not None for r in table):
            notes.append("no wage ceiling is on record for this rule; none applied")
        if rule["wage_floor_rule"]:
            notes.append(f"the regulation sets a floor: {rule['wage_floor_rule']}; jkncost holds no regional "
                         f"minimum wages and did not check it")
        share = rule.number("reference_share") or Decimal(1)
        base = wage_base * share
        of = (f"{fmt_percent(share)} x {format_rupiah(wage_base)}" if share != 1 else format_rupiah(wage_base))
        for payer, col in (("employer", "rate_employer"), ("worker", "rate_worker"),
                           ("government", "rate_government")):
            rate = rule.number(col) or Decimal(0)
            if rate:
                amount = round_rupiah(base * rate)
                items.append(LineItem(f"contribution ({payer} share)", payer, amount,
                                      f"{fmt_percent(rate)} x {of}"))
                totals[payer] += amount
        if persons_extra:
            rate = rule.number("family_rate")
            if rate is None:
                raise InputError(Problem("--family", f"rule {rule.rule_id} has no contribution for extra family "
                                                     f"members of segment {segment!r}"))
            each = round_rupiah(base * rate)
            items.append(LineItem(f"extra family members ({persons_extra})", "worker", each * persons_extra,
                                  f"{persons_extra} x {fmt_percent(rate)} x {of}"))
            totals["worker"] += each * persons_extra
    else:  # basis == "fixed" (rules.CHOICES allows no other value)
        if wage_amount is not None:
            notes.append("the wage does not enter: this contribution is a fixed amount per person")
        persons = 1 + persons_extra
        for payer, col in (("member", "amount_member"), ("government", "amount_government")):
            amount = rule.number(col) or Decimal(0)
            if amount:
                total = round_rupiah(amount) * persons
                label = "contribution" if payer == "member" else "contribution paid by the government"
                if payer == "government" and rule.number("amount_member"):
                    label = "government assistance (bantuan iuran)"
                items.append(LineItem(f"{label} ({persons} person{'s' if persons > 1 else ''})", payer, total,
                                      f"{persons} x {format_rupiah(amount)}"))
                totals[payer] += total
    if rule["note"]:
        notes.append(rule["note"])
    return ContributionResult(
        segment=segment, segment_label=seg.label_id, date=day.isoformat(), care_class=klass,
        wage=None if wage_amount is None else float(wage_amount),
        wage_base=None if wage_base is None else float(wage_base), family=persons_extra, items=items,
        employer=totals["employer"], worker=totals["worker"], member=totals["member"],
        government=totals["government"], total=sum(totals.values()), notes=notes, **rule.citation(),
    )


def required_inputs(segment: str, on: date | str, folder=None) -> tuple[str, ...]:
    """Which of ``wage`` and ``care_class`` :func:`contribution` needs for ``segment`` on ``on``.

    Read from the rules: ``care_class`` when the segment's rows are by care class, ``wage`` when a
    rule in force on ``on`` is a percentage (``basis = percent``).

    Parameters
    ----------
    segment : str
        A participant segment.
    on : date or 'YYYY-MM-DD'
        The month the contribution is for.
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    tuple of str
        ``('care_class',)``, ``('wage',)`` or ``()``.

    Examples
    --------
    >>> [required_inputs(s, "2025-01-01") for s in ("pbpu", "veteran", "ppu_private", "pbi")]
    [('care_class',), ('wage',), ('wage',), ()]
    """
    get_segment(segment, folder)
    day = parse_date(on)
    table = [r for r in load_table("contributions", folder) if r["segment"] == segment]
    needed = []
    if any(r.applies_on(day) and r["basis"] == "percent" for r in table):
        needed.append("wage")
    if any(r["care_class"] for r in table):
        needed.append("care_class")
    return tuple(needed)


def segments_table(folder=None):
    """The segments as a table (for ``--list-segments`` and the notebook).

    Parameters
    ----------
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    DataFrame
        ``segment, label_id, label_en, penalty_group, description``, one row per segment of ``segments.csv``.

    Examples
    --------
    >>> segments_table()["segment"].head(2).tolist()
    ['pbi', 'pemda']
    """
    import pandas as pd

    segs = load_segments(folder)
    return pd.DataFrame([{"segment": s.segment, "label_id": s.label_id, "label_en": s.label_en,
                          "penalty_group": s.penalty_group, "description": s.description}
                         for s in segs.values()])


def history(segment: str, start: date | str, end: date | str, *, wage=None, care_class=None, folder=None):
    """Monthly contributions (first day of each month) from ``start`` to ``end``, by payer.

    Parameters
    ----------
    segment : str
        A participant segment.
    start, end : date or 'YYYY-MM-DD'
        The first and the last month (inclusive).
    wage : number, optional
        Monthly wage, for percent rules.
    care_class : {1, 2, 3}, optional
        Care class, for self-paying members.
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    DataFrame
        One row per month: ``date, rule, employer, worker, member, government, total`` (the regime plots of
        the teaching notebook).

    Notes
    -----
    Each month is :func:`contribution` on its first day, so a change of rule shows in the month it takes effect.

    References
    ----------
    Perpres RI 12/2013 as amended by Perpres 111/2013 (the 2014 rates); Perpres 19/2016 and 28/2016;
    Perpres 82/2018, 75/2019 and 64/2020 (Art. 29-34).

    Examples
    --------
    >>> history("pbpu", "2020-12-01", "2021-01-01", care_class=3)[["rule", "member", "government"]].values.tolist()
    [['C-PBPU-2020H2-3', 25500, 16500], ['C-PBPU-2021-3', 35000, 7000]]
    """
    import pandas as pd

    first, last = parse_date(start), parse_date(end)
    rows = []
    y, m = first.year, first.month
    while date(y, m, 1) <= last:
        r = contribution(segment, date(y, m, 1), wage=wage, care_class=care_class, folder=folder)
        rows.append({"date": pd.Timestamp(y, m, 1), "rule": r.rule, "employer": r.employer, "worker": r.worker,
                     "member": r.member, "government": r.government, "total": r.total})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return pd.DataFrame(rows)

