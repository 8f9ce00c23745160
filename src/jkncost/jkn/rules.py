"""JKN money rules as data: loading the rule tables and finding the rule in force on a date.

The contributions (iuran), late-payment penalties (denda) and class-upgrade co-payments (selisih
biaya naik kelas) of JKN changed many times after the programme began on 1 January 2014. Each rule
is a row of a CSV table shipped with the package (``jkncost/jkn/data/rules/``) with the dates it was
in force, the regulation and article it comes from, and whether the rate was checked against the
regulation's own text (``verified``) or rests on the seed and press reports (``evidence``). This module reads and checks
those tables and answers one question: *which rule applied on this date?* The topic modules
(:mod:`jkncost.jkn.contributions`, :mod:`jkncost.jkn.penalties`, :mod:`jkncost.jkn.upgrade`) compute with the
row it returns, so no rate lives in code.

Lookup
------
A rule applies on day ``d`` when ``effective_from <= d <= effective_to`` (an empty
``effective_to`` means still in force). Rules for the same key must not overlap; a day that no rule
covers, or a day before JKN began, is refused with a message naming the dates the data cover.

References
----------
Perpres 12/2013 on Jaminan Kesehatan (JKN starts 1 January 2014) and its amendments (Perpres
111/2013, 19/2016, 28/2016), replaced by Perpres 82/2018 (amended by Perpres 75/2019 and 64/2020);
Permenkes 3/2023 for class upgrades. See ``src/jkncost/jkn/data/rules/README.md``.

Examples
--------
>>> rule = in_force(load_table("contributions"), "2014-06-01", "contribution", segment="pbpu", care_class="3")
>>> rule.rule_id, rule.number("amount_member")
('C-PBPU-2014-3', Decimal('25500'))
>>> parse_date("2013-12-31")
Traceback (most recent call last):
...
jkncost.errors.InputError: --date: 2013-12-31 is before JKN began on 2014-01-01 (Perpres 12/2013); no JKN rule applies
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from jkncost.core import paths
from jkncost.errors import InputError, Problem
from jkncost.money import parse_rupiah
from jkncost.tables import read_frame

JKN_START = date(2014, 1, 1)
"""First day of JKN (Perpres 12/2013; BPJS Kesehatan began operating on 1 January 2014)."""

WILDCARD = "*"

#: penalty groups of ``segments.csv``: wage earners (employer pays), self-paying members, and none
PENALTY_GROUPS = ("ppu", "self", "none")

COMMON_COLUMNS = ("rule_id", "effective_from", "effective_to", "regulation", "article", "source", "verified",
                  "evidence")

#: table name -> (extra required columns, columns that must be numbers, key columns that must not overlap)
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "contributions": (
        ("segment", "care_class", "basis", "rate_employer", "rate_worker", "rate_government", "reference_share",
         "amount_member", "amount_government", "wage_ceiling", "wage_floor_rule", "family_rate"),
        ("rate_employer", "rate_worker", "rate_government", "reference_share", "amount_member",
         "amount_government", "wage_ceiling", "family_rate"),
        ("segment", "care_class"),
    ),
    "late_payment": (
        ("penalty_group", "kind", "rate_per_month", "base", "max_months", "max_amount", "window_days", "payer"),
        ("rate_per_month", "max_months", "max_amount", "window_days"),
        ("penalty_group",),
    ),
    "class_upgrade": (
        ("kind", "entitled_class", "to_class", "segment", "class_difference", "cap_share_of_inacbg_class1",
         "cap_amount", "refusal"),
        ("cap_share_of_inacbg_class1", "cap_amount"),
        ("kind", "entitled_class", "to_class", "segment"),
    ),
    "due_dates": (
        ("obligation", "due_day", "due_month_offset"),
        ("due_day", "due_month_offset"),
        ("obligation",),
    ),
}

#: table name -> {column: allowed values}; a row with another value is refused with its row and column
CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "contributions": {"basis": ("percent", "fixed")},
    "late_payment": {"kind": ("contribution_fine", "service_penalty"),
                     "base": ("total_arrears", "cost_of_inpatient_care", "inacbg_estimate"),
                     "payer": ("employer", "member")},
    "class_upgrade": {"kind": ("refusal", "copayment"), "class_difference": ("yes", "no", "")},
    "due_dates": {"obligation": ("monthly_contribution",)},
}

#: table name -> columns that must hold a value in every row (the computation cannot proceed without them)
REQUIRED_VALUES: dict[str, tuple[str, ...]] = {
    "contributions": ("segment", "basis"),
    "late_payment": ("penalty_group", "rate_per_month", "max_months"),
    "class_upgrade": ("kind", "entitled_class", "to_class", "segment"),
    "due_dates": ("obligation", "due_day", "due_month_offset"),
}

#: columns that must be whole numbers when given
WHOLE_NUMBERS = ("max_months", "window_days", "due_day", "due_month_offset")

ROUNDING = ("each payer's amount is rounded to the whole rupiah, half up (regulations state whole rupiah "
            "but no rounding rule: jkncost's assumption)")


@dataclass(frozen=True)
class Rule:
    """One row of a rule table.

    ``row`` is the spreadsheet row (header = row 1) for error messages; ``data`` holds the raw text.

    Examples
    --------
        >>> rule = in_force(load_table("contributions"), "2014-06-01", "contribution", segment="pbpu", care_class="3")
        >>> rule.table, rule.row > 1
        ('contributions', True)
    """

    table: str
    file: str
    row: int
    data: dict[str, str]
    effective_from: date
    effective_to: date | None

    @property
    def rule_id(self) -> str:
        """The rule's identifier (``rule_id`` column).

        Returns
        -------
        str
            E.g. ``'C-PBPU-2014-3'``.

        Examples
        --------
        >>> rule = in_force(load_table("contributions"), "2014-06-01", "contribution", segment="pbpu", care_class="3")
        >>> rule.rule_id
        'C-PBPU-2014-3'
        """
        return self.data["rule_id"]

    def __getitem__(self, column: str) -> str:
        return self.data.get(column, "")

    def number(self, column: str) -> Decimal | None:
        """The column as an exact decimal, ``None`` when empty.

        Parameters
        ----------
        column : str
            A column of the rule table.

        Returns
        -------
        Decimal or None
            The value, exact.

        Examples
        --------
        >>> rule = in_force(load_table("contributions"), "2014-06-01", "contribution", segment="pbpu", care_class="3")
        >>> rule.number("amount_member")
        Decimal('25500')
        """
        text = self.data.get(column, "").strip()
        return Decimal(text) if text else None

    def applies_on(self, day: date) -> bool:
        """Whether the rule is in force on ``day``: ``effective_from <= day <= effective_to``.

        Parameters
        ----------
        day : datetime.date
            The day.

        Returns
        -------
        bool
            True when the rule applies (an empty ``effective_to`` means still in force).

        Examples
        --------
        >>> from datetime import date
        >>> rule = in_force(load_table("contributions"), "2014-06-01", "contribution", segment="pbpu", care_class="3")
        >>> rule.applies_on(date(2014, 6, 1)), rule.applies_on(date(2020, 1, 1))
        (True, False)
        """
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @property
    def period(self) -> str:
        """The dates the rule is in force, as text.

        Returns
        -------
        str
            ``'YYYY-MM-DD to YYYY-MM-DD'`` (``open`` for no end).

        Examples
        --------
        >>> rule = in_force(load_table("contributions"), "2014-06-01", "contribution", segment="pbpu", care_class="3")
        >>> rule.period
        '2014-01-01 to 2016-03-31'
        """
        return f"{self.effective_from.isoformat()} to {self.effective_to.isoformat() if self.effective_to else 'open'}"

    @property
    def source(self) -> str:
        """Regulation and article, e.g. ``'Perpres 64/2020 (...), Art. 34'``.

        Returns
        -------
        str
            ``regulation, article``.

        Examples
        --------
        >>> rule = in_force(load_table("contributions"), "2014-06-01", "contribution", segment="pbpu", care_class="3")
        >>> rule.source
        'Perpres 12/2013 as amended by Perpres 111/2013, article not verified'
        """
        return f"{self['regulation']}, {self['article']}"

    @property
    def verified(self) -> bool:
        """Whether the rate was checked against the regulation's own text.

        Returns
        -------
        bool
            True when the ``verified`` column says ``yes``.

        Examples
        --------
        >>> rule = in_force(load_table("contributions"), "2014-06-01", "contribution", segment="pbpu", care_class="3")
        >>> rule.verified
        False
        """
        return self["verified"] == "yes"

    def citation(self) -> dict[str, object]:
        """What every result carries about its rule: id, source, dates, verification and evidence.

        Returns
        -------
        dict
            ``rule, source, effective, verified, evidence, transcribed_from``.

        Examples
        --------
        >>> rule = in_force(load_table("contributions"), "2014-06-01", "contribution", segment="pbpu", care_class="3")
        >>> list(rule.citation())[:3]
        ['rule', 'source', 'effective']
        """
        return {
            "rule": self.rule_id,
            "source": self.source,
            "effective": self.period,
            "verified": self.verified,
            "evidence": self["evidence"],
            "transcribed_from": self["source"],
        }


@dataclass(frozen=True)
class Segment:
    """A participant segment (``jkn/data/rules/segments.csv``).

    Examples
    --------
    >>> get_segment("pbpu").penalty_group
    'self'
    """

    segment: str
    label_en: str
    label_id: str
    penalty_group: str
    description: str
    source: str


@dataclass
class LineItem:
    """One line of an itemised result: who pays what, and by which formula.

    Examples
    --------
    >>> LineItem("employer share", "employer", 200000, "5,000,000 x 4%").amount
    200000
    """

    item: str
    payer: str
    amount: int
    formula: str


def rules_dir() -> Path:
    """The folder of the rule tables, shipped with the package (``jkncost/jkn/data/rules``).

    Returns
    -------
    pathlib.Path
        The folder.

    Examples
    --------
    >>> rules_dir().name
    'rules'
    """
    return paths.package("jkn", "data", "rules")


def _read_csv(path: Path) -> pd.DataFrame:
    """A rule table through the one reader (every cell text; ``attrs["rows"]``: the rows a person sees)."""
    return read_frame(path, label=paths.relative(path))


def _parse_iso(text: str) -> date:
    return date.fromisoformat(text.strip())


def _date_cell(rec: dict[str, str], column: str, file: str, row: int) -> date:
    """The ISO date in ``rec[column]``; an :class:`InputError` naming file, row and column otherwise."""
    try:
        return _parse_iso(rec[column])
    except ValueError:
        raise InputError(Problem(file, f"not an ISO date: {rec[column]!r}", row=row, column=column)) from None


@functools.lru_cache(maxsize=None)
def _load(name: str, folder: str) -> tuple[Rule, ...]:
    if name not in TABLES:
        raise ValueError(f"unknown rule table {name!r}; known: {', '.join(sorted(TABLES))}")
    path = Path(folder) / f"{name}.csv"
    shown = paths.relative(path)
    if not path.is_file():
        raise InputError(Problem(shown, "rule table not found"))
    df = _read_csv(path)
    extra, numeric, key = TABLES[name]
    missing = [c for c in (*COMMON_COLUMNS, *extra) if c not in df.columns]
    if missing:
        raise InputError(Problem(shown, f"missing column(s): {', '.join(missing)}"))
    problems: list[Problem] = []
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for i, rec in enumerate(df.to_dict(orient="records")):
        row = df.attrs["rows"][i]
        rec = {k: str(v).strip() for k, v in rec.items()}
        rid = rec["rule_id"]
        if not rid:
            problems.append(Problem(shown, "empty rule_id", row=row, column="rule_id"))
        elif rid in seen:
            problems.append(Problem(shown, f"rule_id {rid!r} repeats row {seen[rid]}", row=row, column="rule_id"))
        seen.setdefault(rid, row)
        for col in ("regulation", "article", "source", "evidence"):
            if not rec[col]:
                problems.append(Problem(shown, f"empty {col}: every rule names its legal source and evidence",
                                        row=row, column=col))
        if rec["verified"] not in ("yes", "no"):
            problems.append(Problem(shown, f"verified must be yes or no, got {rec['verified']!r}", row=row,
                                    column="verified"))
        for col in numeric:
            if rec[col]:
                try:
                    value = Decimal(rec[col])
                    if not value.is_finite() or value < 0:
                        raise InvalidOperation
                except InvalidOperation:
                    problems.append(Problem(shown, f"not a non-negative number: {rec[col]!r}", row=row, column=col))
                    continue
                if col in WHOLE_NUMBERS and value != value.to_integral_value():
                    problems.append(Problem(shown, f"not a whole number: {rec[col]!r}", row=row, column=col))
        for col in REQUIRED_VALUES[name]:
            if not rec[col]:
                problems.append(Problem(shown, f"empty {col}: every row of {name}.csv needs one", row=row,
                                        column=col))
        for col, allowed in CHOICES[name].items():
            if rec[col] not in allowed:
                problems.append(Problem(shown, f"{col} must be one of {', '.join(a or '(empty)' for a in allowed)}, "
                                               f"got {rec[col]!r}", row=row, column=col))
        try:
            start = _date_cell(rec, "effective_from", shown, row)
            end = _date_cell(rec, "effective_to", shown, row) if rec["effective_to"] else None
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if end is not None and end < start:
            problems.append(Problem(shown, f"effective_to {end} is before effective_from {start}", row=row,
                                    column="effective_to"))
        if start < JKN_START:
            problems.append(Problem(shown, f"effective_from {start} is before JKN began ({JKN_START})", row=row,
                                    column="effective_from"))
        rules.append(Rule(name, shown, row, rec, start, end))
    problems.extend(_overlaps(rules, key))
    if problems:
        raise InputError(problems)
    return tuple(rules)


def _overlaps(rules: list[Rule], key: tuple[str, ...]) -> list[Problem]:
    problems = []
    groups: dict[tuple[str, ...], list[Rule]] = {}
    for r in rules:
        groups.setdefault(tuple(r[k] for k in key), []).append(r)
    for group in groups.values():
        group = sorted(group, key=lambda r: r.effective_from)
        for before, after in zip(group, group[1:]):
            if before.effective_to is None or before.effective_to >= after.effective_from:
                problems.append(Problem(after.file, f"rule {after.rule_id} ({after.period}) overlaps rule "
                                                    f"{before.rule_id} ({before.period})", row=after.row,
                                        column="effective_from"))
    return problems


def load_table(name: str, folder: str | Path | None = None) -> tuple[Rule, ...]:
    """Read and check one rule table (``contributions``, ``late_payment``, ``class_upgrade`` or ``due_dates``).

    Parameters
    ----------
    name : {'contributions', 'late_payment', 'class_upgrade', 'due_dates'}
        The table.
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    tuple of Rule
        One rule per row.

    Raises
    ------
    InputError
        Naming file, row and column for a missing column, an empty source, a bad date or number, or two rules
        for the same key that overlap in time.

    Examples
    --------
    >>> len(load_table("contributions")) > 20
    True
    """
    return _load(name, str(Path(folder) if folder else rules_dir()))


@functools.lru_cache(maxsize=None)
def _segments(folder: str) -> dict[str, Segment]:
    path = Path(folder) / "segments.csv"
    if not path.is_file():
        raise InputError(Problem(paths.relative(path), "segment table not found"))
    shown = paths.relative(path)
    df = _read_csv(path)
    missing = [c for c in Segment.__dataclass_fields__ if c not in df.columns]
    if missing:
        raise InputError(Problem(shown, f"missing column(s): {', '.join(missing)}"))
    problems: list[Problem] = []
    segments: dict[str, Segment] = {}
    rows: dict[str, int] = {}
    for i, rec in enumerate(df.to_dict("records")):
        row = df.attrs["rows"][i]
        rec = {k: str(rec[k]).strip() for k in Segment.__dataclass_fields__}
        for col in ("segment", "penalty_group", "source"):
            if not rec[col]:
                problems.append(Problem(shown, f"empty {col}", row=row, column=col))
        if rec["penalty_group"] and rec["penalty_group"] not in PENALTY_GROUPS:
            problems.append(Problem(shown, f"penalty_group must be one of {', '.join(PENALTY_GROUPS)}, got "
                                           f"{rec['penalty_group']!r}", row=row, column="penalty_group"))
        if rec["segment"] in rows:
            problems.append(Problem(shown, f"segment {rec['segment']!r} repeats row {rows[rec['segment']]}", row=row,
                                    column="segment"))
        rows.setdefault(rec["segment"], row)
        segments.setdefault(rec["segment"], Segment(**rec))
    if problems:
        raise InputError(problems)
    return segments


def load_segments(folder: str | Path | None = None) -> dict[str, Segment]:
    """The participant segments by identifier (``jkn/data/rules/segments.csv``).

    Parameters
    ----------
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    dict of str to Segment
        The segments.

    Examples
    --------
    >>> list(load_segments())[:2]
    ['pbi', 'pemda']
    """
    return _segments(str(Path(folder) if folder else rules_dir()))


def get_segment(name: str, folder: str | Path | None = None) -> Segment:
    """The segment called ``name``; an :class:`InputError` listing the known ones otherwise.

    Parameters
    ----------
    name : str
        The segment's identifier.
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    Segment
        The segment.

    Raises
    ------
    InputError
        For an unknown segment.

    Examples
    --------
    >>> get_segment("pbpu").label_id
    'Pekerja Bukan Penerima Upah (PBPU) dan Bukan Pekerja (BP) / peserta mandiri'
    """
    segments = load_segments(folder)
    if name not in segments:
        raise InputError(Problem("--segment", f"unknown segment {name!r}; known segments: "
                                              f"{', '.join(sorted(segments))}"))
    return segments[name]


def parse_date(value: date | str, what: str = "--date") -> date:
    """A date from ``YYYY-MM-DD`` text (or a date), refusing days before JKN began.

    Parameters
    ----------
    value : datetime.date or str
        The date.
    what : str, default '--date'
        What the message names.

    Returns
    -------
    datetime.date
        The day.

    Raises
    ------
    InputError
        Text that is not a date, or a day before 1 January 2014.

    References
    ----------
    Perpres RI 12/2013 on Jaminan Kesehatan and its amendments; Perpres 82/2018 (amended by Perpres 75/2019
    and 64/2020); Permenkes 3/2023 (class upgrades).

    Examples
    --------
    >>> parse_date("2025-01-01")
    datetime.date(2025, 1, 1)
    """
    if isinstance(value, date):
        day = value
    else:
        try:
            day = _parse_iso(str(value))
        except ValueError:
            raise InputError(Problem(what, f"not a date: {value!r}; write YYYY-MM-DD")) from None
    if day < JKN_START:
        raise InputError(Problem(what, f"{day.isoformat()} is before JKN began on {JKN_START.isoformat()} "
                                       f"(Perpres 12/2013); no JKN rule applies"))
    return day


def parse_amount(value: object, what: str, *, required: bool = False) -> Decimal | None:
    """A non-negative rupiah amount from a number or text (``2045500``, ``'Rp 2.045.500'``).

    Parameters
    ----------
    value : object
        A number or text in Indonesian or English notation.
    what : str
        What the message names (a command-line flag).
    required : bool, default False
        Refuse an empty value.

    Returns
    -------
    Decimal or None
        The amount, exact; None when empty and not required.

    Raises
    ------
    InputError
        Not a number, not finite, negative, or empty when required.

    Examples
    --------
    >>> parse_amount("Rp 2.045.500", "--inacbg-class2")
    Decimal('2045500')
    >>> parse_amount(-1, "--wage")
    Traceback (most recent call last):
    ...
    jkncost.errors.InputError: --wage: must not be negative, got -1
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(Problem(what, "is required here"))
        return None
    try:
        number = parse_rupiah(value)
    except ValueError as exc:
        raise InputError(Problem(what, str(exc))) from None
    if not math.isfinite(number):
        raise InputError(Problem(what, f"not a finite amount: {value!r}"))
    if number < 0:
        raise InputError(Problem(what, f"must not be negative, got {value}"))
    return Decimal(str(number)).normalize() if number != int(number) else Decimal(int(number))


def parse_count(value: object, what: str) -> int:
    """A whole number >= 0 (months in arrears, family members).

    Parameters
    ----------
    value : object
        A number or text.
    what : str
        What the message names.

    Returns
    -------
    int
        The count.

    Raises
    ------
    InputError
        Not a whole number, or negative.

    Examples
    --------
    >>> parse_count("2", "--family")
    2
    """
    if isinstance(value, bool):
        raise InputError(Problem(what, f"not a whole number: {value!r}"))
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InputError(Problem(what, f"not a whole number: {value!r}")) from None
    if number < 0:
        raise InputError(Problem(what, f"must not be negative, got {number}"))
    return number


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


def round_rupiah(amount: Decimal) -> int:
    """Whole rupiah, half up (see :data:`ROUNDING`).

    Parameters
    ----------
    amount : Decimal
        An amount in rupiah.

    Returns
    -------
    int
        The amount rounded to the whole rupiah, halves up.

    Examples
    --------
    >>> round_rupiah(Decimal("12500.5")), round_rupiah(Decimal("12500.49"))
    (12501, 12500)
    """
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fmt_percent(rate: Decimal) -> str:
    """``0.005`` -> ``'0.5%'``.

    Parameters
    ----------
    rate : Decimal
        A rate as a fraction.

    Returns
    -------
    str
        The rate in percent, without trailing zeros.

    Examples
    --------
    >>> fmt_percent(Decimal("0.025"))
    '2.5%'
    """
    text = f"{(rate * 100).normalize():f}"
    return f"{text}%"


def parse_class(value: object, what: str, label: str, *, required: bool = True) -> int | None:
    """A class of care 1, 2 or 3 (``'I'``, ``'II'``, ``'III'`` read as 1, 2, 3); ``None`` when empty and optional.

    Parameters
    ----------
    value : object
        The class, as a number or text.
    what : str
        What the message names (a command-line flag).
    label : str
        The class's name in the message.
    required : bool, default True
        Refuse an empty value.

    Returns
    -------
    int or None
        1, 2 or 3; None when empty and not required.

    Raises
    ------
    InputError
        Any other value.

    Examples
    --------
    >>> parse_class("II", "--care-class", "care class"), parse_class("", "--care-class", "care class", required=False)
    (2, None)
    >>> parse_class(4, "--entitled", "entitled class")
    Traceback (most recent call last):
    ...
    jkncost.errors.InputError: --entitled: entitled class must be 1, 2 or 3, got 4
    """
    if not required and (value is None or (isinstance(value, str) and not value.strip())):
        return None
    text = str(value).strip().upper()
    text = {"I": "1", "II": "2", "III": "3"}.get(text, text)
    if text not in ("1", "2", "3"):
        raise InputError(Problem(what, f"{label} must be 1, 2 or 3, got {value!r}"))
    return int(text)
