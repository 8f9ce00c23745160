"""JKN money rules as data: the rule tables, with their legal source and effective dates.

The contributions (iuran), late-payment penalties (denda) and class-upgrade co-payments (selisih
biaya naik kelas) of JKN changed many times after the programme began on 1 January 2014. Each rule
is a row of a CSV table shipped with the package (``jkncost/jkn/data/rules/``) with the dates it was
in force, the regulation and article it comes from, and whether the rate was checked against the
regulation's own text (``verified``) or rests on the seed and press reports (``evidence``). This module reads and checks
those tables (:func:`load_table`, one :class:`Rule` per row); :mod:`jkncost.jkn.lookup` answers one question:
*which rule applied on this date?* The topic modules (:mod:`jkncost.jkn.contributions`, :mod:`jkncost.jkn.penalties`,
:mod:`jkncost.jkn.upgrade`) compute with the row it returns, so no rate lives in code. The participant segments are
read by :mod:`jkncost.jkn.segments`, the values a user gives by :mod:`jkncost.jkn.inputs`, and results are rounded
and itemised by :mod:`jkncost.jkn.amounts`.

References
----------
Perpres 12/2013 on Jaminan Kesehatan (JKN starts 1 January 2014) and its amendments (Perpres
111/2013, 19/2016, 28/2016), replaced by Perpres 82/2018 (amended by Perpres 75/2019 and 64/2020);
Permenkes 3/2023 for class upgrades. See ``src/jkncost/jkn/data/rules/README.md``.

Examples
--------
>>> load_table("contributions")[0].table
'contributions'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from jkncost.core import paths
from jkncost.errors import InputError, Problem
from jkncost.tables import read_frame

JKN_START = date(2014, 1, 1)
"""First day of JKN (Perpres 12/2013; BPJS Kesehatan began operating on 1 January 2014)."""

WILDCARD = "*"

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


@dataclass(frozen=True)
class Rule:
    """One row of a rule table.

    ``row`` is the spreadsheet row (header = row 1) for error messages; ``data`` holds the raw text.

    Examples
    --------
        >>> from jkncost.jkn.lookup import in_force
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
        >>> from jkncost.jkn.lookup import in_force
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
        >>> from jkncost.jkn.lookup import in_force
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
        >>> from jkncost.jkn.lookup import in_force
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
        >>> from jkncost.jkn.lookup import in_force
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
        >>> from jkncost.jkn.lookup import in_force
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
        >>> from jkncost.jkn.lookup import in_force
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
        >>> from jkncost.jkn.lookup import in_force
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
