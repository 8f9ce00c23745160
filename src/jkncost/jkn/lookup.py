"""Which JKN rule applied on a date: the rule in force, and the periods a rule table covers.

Lookup
------
A rule applies on day ``d`` when ``effective_from <= d <= effective_to`` (an empty
``effective_to`` means still in force). Rules for the same key must not overlap; a day that no rule
covers, or a day before JKN began, is refused with a message naming the dates the data cover.
The rules are the rows of a table read by :func:`jkncost.jkn.rules.load_table`.

References
----------
Perpres 12/2013 on Jaminan Kesehatan (JKN starts 1 January 2014) and its amendments (Perpres
111/2013, 19/2016, 28/2016), replaced by Perpres 82/2018 (amended by Perpres 75/2019 and 64/2020);
Permenkes 3/2023 for class upgrades. See ``src/jkncost/jkn/data/rules/README.md``.

Examples
--------
>>> from jkncost.jkn.rules import load_table
>>> rule = in_force(load_table("contributions"), "2014-06-01", "contribution", segment="pbpu", care_class="3")
>>> rule.rule_id, rule.number("amount_member")
('C-PBPU-2014-3', Decimal('25500'))
"""

from __future__ import annotations

from datetime import date

from jkncost.errors import InputError, Problem
from jkncost.jkn.inputs import parse_date
from jkncost.jkn.rules import JKN_START, WILDCARD, Rule


def _matches(row_value: str, wanted: str | None) -> bool:
    return wanted is None or row_value == WILDCARD or row_value == wanted


def coverage(rules: tuple[Rule, ...] | list[Rule]) -> list[tuple[date, date | None]]:
    """The merged periods ``rules`` cover, sorted (``None`` = open end).

    Parameters
    ----------
    rules : tuple or list of Rule
        Rules of one table.

    Returns
    -------
    list of tuple
        ``(start, end)`` pairs of dates, ``end`` None for an open end.

    Examples
    --------
    >>> from jkncost.jkn.rules import load_table
    >>> coverage(load_table("class_upgrade"))
    [(datetime.date(2023, 1, 9), None)]
    """
    spans: list[tuple[date, date | None]] = []
    for r in sorted(rules, key=lambda r: r.effective_from):
        if spans:
            start, end = spans[-1]
            if end is None:
                continue
            if r.effective_from.toordinal() <= end.toordinal() + 1:
                new_end = None if r.effective_to is None else max(end, r.effective_to)
                spans[-1] = (start, new_end)
                continue
        spans.append((r.effective_from, r.effective_to))
    return spans


def gaps(rules: tuple[Rule, ...] | list[Rule], start: date = JKN_START) -> list[tuple[date, date | None]]:
    """Periods from ``start`` on that no rule covers (an open end means "after the last rule").

    Parameters
    ----------
    rules : tuple or list of Rule
        Rules of one table.
    start : datetime.date, default JKN_START
        The first day to check.

    Returns
    -------
    list of tuple
        ``(start, end)`` pairs of dates not covered.

    Examples
    --------
    >>> from jkncost.jkn.rules import load_table
    >>> gaps(load_table("class_upgrade"))
    [(datetime.date(2014, 1, 1), datetime.date(2023, 1, 8))]
    """
    found: list[tuple[date, date | None]] = []
    cursor: date | None = start
    for span_start, span_end in coverage(rules):
        if cursor is None:
            break
        if span_start > cursor:
            found.append((cursor, date.fromordinal(span_start.toordinal() - 1)))
        if span_end is None:
            cursor = None
        elif span_end >= cursor:
            cursor = date.fromordinal(span_end.toordinal() + 1)
    if cursor is not None:
        found.append((cursor, None))
    return found


def describe_periods(spans: list[tuple[date, date | None]]) -> str:
    """Periods as text, for messages.

    Parameters
    ----------
    spans : list of tuple
        ``(start, end)`` pairs (:func:`coverage`).

    Returns
    -------
    str
        ``'YYYY-MM-DD to YYYY-MM-DD; ...'``, ``open`` for no end, ``no dates`` for none.

    Examples
    --------
    >>> from jkncost.jkn.rules import load_table
    >>> describe_periods(coverage(load_table("class_upgrade")))
    '2023-01-09 to open'
    """
    return "; ".join(f"{a.isoformat()} to {b.isoformat() if b else 'open'}" for a, b in spans) or "no dates"


def in_force(rules: tuple[Rule, ...] | list[Rule], on: date | str, what: str, **match: str | None) -> Rule:
    """The single rule matching ``match`` (column=value; ``None`` ignores a column) in force on ``on``.

    A row value ``*`` matches any wanted value. Refuses a date before JKN began, a key no rule has,
    and a date the matching rules do not cover (naming the periods they do cover).

    Parameters
    ----------
    rules : tuple or list of Rule
        Rules of one table.
    on : datetime.date or str
        The day.
    what : str
        What the rule is for, for messages.
    **match : str or None
        Column -> wanted value.

    Returns
    -------
    Rule
        The rule in force.

    Raises
    ------
    InputError
        A day before JKN, a key no rule has, a day not covered, or several rules in force.

    Notes
    -----
    A rule applies on day ``d`` when ``effective_from <= d <= effective_to``.

    References
    ----------
    Perpres RI 12/2013 on Jaminan Kesehatan and its amendments; Perpres 82/2018 (amended by Perpres 75/2019
    and 64/2020); Permenkes 3/2023 (class upgrades).

    Examples
    --------
    >>> from jkncost.jkn.rules import load_table
    >>> rule = in_force(load_table("contributions"), "2014-06-01", "contribution", segment="pbpu", care_class="3")
    >>> rule.rule_id
    'C-PBPU-2014-3'
    """
    day = parse_date(on)
    candidates = [r for r in rules if all(_matches(r[k], v) for k, v in match.items())]
    wanted = ", ".join(f"{k}={v}" for k, v in match.items() if v is not None)
    if not candidates:
        where = rules[0].file if rules else "rules"
        raise InputError(Problem(where, f"no {what} rule for {wanted or 'this input'} in the table"))
    live = [r for r in candidates if r.applies_on(day)]
    if not live:
        raise InputError(Problem("--date", f"no {what} rule for {wanted} in force on {day.isoformat()}; "
                                           f"the rules cover {describe_periods(coverage(candidates))}"))
    return single(live, what, day)


def single(live: list[Rule], what: str, day: date) -> Rule:
    """The one rule of ``live``; an :class:`InputError` naming the rows when several apply on ``day``.

    Parameters
    ----------
    live : list of Rule
        The rules in force on ``day``.
    what : str
        What the rule is for, for messages.
    day : datetime.date
        The day.

    Returns
    -------
    Rule
        The rule.

    Raises
    ------
    InputError
        When several rules apply.

    Examples
    --------
    >>> from datetime import date
    >>> from jkncost.jkn.rules import load_table
    >>> table = load_table("late_payment")
    >>> live = [r for r in table if r.applies_on(date(2025, 1, 1)) and r["penalty_group"] == "self"]
    >>> single(live, "late-payment penalty", date(2025, 1, 1)).rule_id
    'LP-2021-SELF'
    """
    if len(live) > 1:
        ids = ", ".join(f"{r.rule_id} (row {r.row})" for r in live)
        raise InputError(Problem(live[0].file, f"several {what} rules apply on {day.isoformat()}: {ids}",
                                 row=live[1].row))
    return live[0]
