"""Declarative checks of a table's cells: one :class:`Schema` per table, applied column by column.

A schema lists its columns; each :class:`Column` says what a cell may hold (text, a word from a list,
a number, a whole number), whether it may be empty, its bounds and whether it is unique. :func:`check`
applies a schema to a :class:`~jkncost.tables.reading.Table` with vectorized operations (no loop over
rows: the cost is linear in the number of rows), and returns the typed frame and every problem, one
per cell, each naming file, row and column.

Numbers are read by their file's convention (:mod:`jkncost.money`). In a ``;``-separated CSV the
comma is the decimal mark and the dot groups thousands (Excel writes ``;`` only where the decimal mark
is the comma): ``1.740`` is 1740, ``0,85`` is 0.85 (a cell only the other convention reads, such as
``0.85``, keeps that reading). Elsewhere a column's unambiguous values decide it, else the other number
columns of the same file, else the workbook's other sheets. Cells still ambiguous are reported **once** for the whole file, with their rows and
the way out; a cell already reported is not reported again by later checks.

Examples
--------
>>> import pandas as pd
>>> from jkncost.tables.reading import Table
>>> t = Table("bases", "bases.csv", pd.DataFrame({"center": ["A", "B", ""], "weight": ["25%", "0.125", "58.239"]},
...                                               index=pd.Index([2, 3, 4], name="line")))
>>> schema = Schema("bases", (Column("center"), Column("weight", "number", minimum=0, percent=True, what="weight")))
>>> out = check(t, schema)
>>> out.frame["weight"].tolist()
[0.25, 0.125, 58.239]
>>> [str(p) for p in out.problems]
["bases.csv:4: column 'center': value is missing"]
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jkncost.errors import Problem
from jkncost.labels import Text, catalogue, in_lang
from jkncost.money import COMMA, POINT, Numbers, scan_numbers
from jkncost.tables.names import normalize_name
from jkncost.tables.reading import Table, by_distinct

MAX_PER_CHECK = 50  # problems listed one by one per column and check; the rest are counted in one line


def normalize_word(text: str) -> str:
    """A word compared ignoring case, spaces, ``_`` and ``-`` (``Biaya Tetap`` is ``biayatetap``)."""
    return "".join(ch for ch in str(text).lower() if ch not in " \t_-\u00a0")


@dataclass(frozen=True)
class Column:
    """What one column of a table may hold.

    Attributes
    ----------
    name : str
    type : {"text", "word", "number", "whole"}
    required : bool
        The header must have it (else the table is not read further).
    blank : bool
        An empty cell is allowed (NaN for numbers, ``""`` for text).
    minimum : float or None
        Numbers must be ``>= minimum`` (``> minimum`` when ``above``).
    maximum : float or None
        Numbers must be ``<= maximum``.
    integer : bool
        A number (read as any number, unlike the type ``whole``, which reads ``1.107`` as 1107) must be whole;
        checked with the bounds.
    percent : bool
        ``25%`` accepted as 0.25.
    words : mapping
        For ``word``: accepted word (:func:`normalize_word`) -> value; ``accepted`` lists them in messages.
    unique : bool
        No value twice (blanks aside).
    what : str
        How a value is named in messages (``amount``, ``weight``).
    aliases : tuple of str
        Other names of the column in a header (the Indonesian words staff type: ``pusat biaya`` for
        ``center``), matched like the name, ignoring case, spaces, ``_`` and ``-``.
    messages : mapping
        A table's own wording of a check's message, by check: ``missing`` (an empty cell), ``invalid`` (not a
        number), ``range`` (outside ``minimum``/``maximum``, or not whole with ``integer``), ``unknown`` (a word
        not in ``words``), ``duplicate``; a :meth:`str.format` template of ``value`` (the cell as a message
        quotes it, :func:`show`), ``number`` (the cell read), ``name``, ``what`` and, for ``duplicate``,
        ``first`` (the row of the first one). Without one, the check's own message.
    """

    name: str
    type: str = "text"
    required: bool = True
    blank: bool = False
    minimum: float | None = None
    above: bool = False
    percent: bool = False
    words: Mapping[str, str] | None = None
    accepted: str = ""
    unique: bool = False
    what: str = "value"
    blank_hint: str = ""
    rupiah: bool = False
    aliases: tuple[str, ...] = ()
    maximum: float | None = None
    integer: bool = False
    messages: Mapping[str, str] = field(default_factory=dict)

    def say(self, check: str, default, value: object = None, number: float = math.nan, first: int = 0):
        """The message of ``check`` for one cell: the column's own wording (``messages``), else ``default``.

        ``default`` is the catalogue's message (a :class:`~jkncost.labels.Text`, said in the command's
        language); a column's own wording is one language, as its table's header is.
        """
        template = self.messages.get(check)
        if template is None:
            return default
        return template.format(value=show(value), number=number, name=self.name, what=self.what, first=first)


@dataclass(frozen=True)
class Schema:
    """The columns of one table; ``key`` columns may not repeat together (``key_message`` says why).

    ``aliases`` (column -> its other names) is what :func:`jkncost.tables.reading.read_table` and
    :func:`~jkncost.tables.reading.require_columns` take: ``read_table(path, required=schema.required,
    aliases=schema.aliases)``.
    """

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    key_message: str = "duplicate row"

    @property
    def aliases(self) -> dict[str, tuple[str, ...]]:
        return {c.name: c.aliases for c in self.columns if c.aliases}

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.required)


@dataclass
class Checked:
    """A table after its schema: typed ``frame`` (index = rows as a person sees them), ``problems``, and
    ``bad``: the rows with a problem in some cell (later checks leave them alone)."""

    frame: pd.DataFrame
    problems: list[Problem]
    bad: pd.Series
    label: str = ""
    rows: dict[str, np.ndarray] = field(default_factory=dict)

    def bad_cells(self, column: str) -> np.ndarray:
        return self.rows.get(column, np.zeros(len(self.frame), dtype=bool))


class _WithArticle(str):
    """``an amount`` in English; in another language the word alone (Indonesian has no article): ``jumlah``."""

    def __new__(cls, english: str, word: str | None = None):
        made = super().__new__(cls, english)
        made.word = word if word is not None else english
        return made

    def in_lang(self, lang: str) -> str:
        return str(self) if lang == "en" else in_lang(self.word, lang)


def what_text(what: str) -> str:
    """What a column holds (``amount``) as a message names it: from the catalogue (``what.amount``), so that
    ``--lang id`` says ``jumlah``; a word the catalogue lacks stays as it is."""
    return Text(f"what.{what}") if f"what.{what}" in catalogue() else what


class Collector:
    """Problems of one table, at most ``MAX_PER_CHECK`` listed per column and check."""

    def __init__(self, label: str):
        self.label = label
        self.problems: list[Problem] = []

    def add(self, rows: np.ndarray, column: str | None, message, *, check: str | None = None) -> None:
        """One problem per row in ``rows``; ``message`` is a str or a function of the position."""
        rows = np.asarray(rows)
        for i, row in enumerate(rows[:MAX_PER_CHECK]):
            text = message(i) if callable(message) else message
            self.problems.append(Problem(self.label, text, row=int(row), column=column))
        if len(rows) > MAX_PER_CHECK:
            self.problems.append(Problem(self.label, Text("error.more_rows", n=f"{len(rows) - MAX_PER_CHECK:,}",
                                                          check=check or "as above"), column=column))


def _number_advice(col: Column, sample: str) -> str:
    sep = "." if "." in sample else ","
    other = "," if sep == "." else "."
    whole = sample.replace(sep, "")
    if col.what == "weight":
        return (f"a weight such as a floor area of {sample} m2 may be {whole} or {sample.replace(',', '.')}, and no "
                f"weight in this file settles which; if '{sep}' marks decimals, write one weight with a fourth decimal "
                f"('{sample}0'); if it groups thousands, write the weights without it ('{whole}'); weights only count "
                f"in proportion to each other, and the rest of the file follows the one that settles it")
    if col.rupiah:
        return (f"'{sep}' followed by three digits may group thousands of rupiah or mark decimals, and no amount in "
                f"this file settles which; write one amount so that it cannot be misread ('{sample}{other}00' or "
                f"'Rp {whole}' if '{sep}' groups thousands, '{sample}0' if it marks decimals) and the rest of the "
                f"file follows it")
    return (f"'{sep}' followed by three digits may group thousands or mark decimals, and no value in this file "
            f"settles which; write one value so that it cannot be misread ('{whole}' if '{sep}' groups thousands, "
            f"'{sample}0' if it marks decimals) and the rest of the file follows it")


#: An amount above this in one cell is refused: no hospital has Rp 10^15 (Rp 1.000 triliun) in one cell, and a
#: float holds every rupiah exactly only below 2^53 (about 9 x 10^15), so a larger value would be rounded.
MAX_NUMBER = 1e15
#: First characters that make a spreadsheet run a cell as a formula (CSV or formula injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NOT_A_FORMULA = re.compile(r"[-\s]*|-\d+(?:[.,]\d+)*")  # dashes alone (a blank marker), a negative number


def formula_like(text: str) -> bool:
    """Whether a spreadsheet opening a cell holding ``text`` would run it as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is one, except dashes
    alone (``-``, ``- -``, a blank marker) and a negative number (``-5``), which a spreadsheet shows as they are.

    >>> [formula_like(t) for t in ("=1+1", "+62 811", "@SUM(A1)", "-", "-5", "- listrik", "listrik - AC")]
    [True, True, True, False, False, True, False]
    """
    return text.startswith(FORMULA_START) and not _NOT_A_FORMULA.fullmatch(text)


def formula_problems(checked: Checked, schema: Schema) -> list[Problem]:
    """A problem for each text cell that a spreadsheet would run as a formula (cells already reported aside).

    Names go from a hospital folder into every output (``unit_cost.csv``, the audit workbook), where a
    spreadsheet opening them would run ``=1+1`` (or worse): such text is refused where it is read,
    with the fix (write it without the leading sign).
    """
    out = Collector(checked.label)
    for col in schema.columns:
        if col.type != "text" or col.name not in checked.frame.columns:
            continue
        values = checked.frame[col.name].to_numpy(dtype=object)
        mask = by_distinct(values, lambda v: isinstance(v, str) and formula_like(v), missing=False).astype(bool)
        mask &= ~checked.bad_cells(col.name)
        if mask.any():
            cells = values[mask]
            out.add(checked.frame.index.to_numpy()[mask], col.name,
                    lambda i, cells=cells: f"text {cells[i]!r} starts with {cells[i][:1]!r}: a spreadsheet opening "
                                           f"the outputs would run it as a formula; write it without the leading "
                                           f"{cells[i][:1]!r}",
                    check="text that a spreadsheet would run as a formula")
    return out.problems


def show(value) -> str:
    """A cell as a message quotes it: text in quotes, a workbook's number as written (``-1``, ``0.5``)."""
    if isinstance(value, str):
        return repr(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return repr(value)
    return str(int(x)) if x.is_integer() else repr(x)


def _as_text(raw: pd.Series) -> np.ndarray:
    """Text cells stripped, blanks as ``""``; a workbook's numbers as written (``101``, not ``101.0``)."""
    return by_distinct(raw, lambda v: v.strip() if isinstance(v, str) else show(v).strip("'"), missing="")


def evidence(table: Table, schema: Schema) -> set[str]:
    """The number conventions (``'.'``, ``','``) that some cell of ``table``'s number columns alone supports."""
    found: set[str] = set()
    for col in schema.columns:
        if col.type in ("number", "whole") and col.name in table.frame.columns:
            found |= scan_numbers(table.frame[col.name], percent=col.percent, whole=col.type == "whole").evidence
    return found


def check(table: Table, schema: Schema, *, file_convention: bool = True, fallback: str | None = None) -> Checked:
    """Apply ``schema`` to every cell of ``table`` (see the module's notes); the header must already hold
    the required columns (:func:`jkncost.tables.reading.require_columns`).

    ``file_convention=False`` lets only a column itself (and the file's separator) settle its ambiguous
    numbers, for files whose number columns were typed apart (an export of floats beside typed amounts).
    ``fallback`` is the convention of the file the table is part of (the other sheets of a workbook), used
    when the table itself does not settle it.
    """
    df = table.frame
    rows = df.index.to_numpy()
    n = len(df)
    out = Collector(table.label)
    typed: dict[str, object] = {}
    bad_cells: dict[str, np.ndarray] = {}

    # numbers: scan every number column first, so the file's convention can settle a column's ambiguous cells
    scans: dict[str, Numbers] = {}
    for col in schema.columns:
        if col.type in ("number", "whole") and col.name in df.columns:
            scans[col.name] = scan_numbers(df[col.name], percent=col.percent, whole=col.type == "whole")
    file_evidence = set().union(*(s.evidence for s in scans.values() if len(s.evidence) == 1)) if scans else set()
    from_file = next(iter(file_evidence)) if len(file_evidence) == 1 and file_convention else None
    ambiguous: list[tuple[Column, np.ndarray, pd.Series]] = []

    for col in schema.columns:
        if col.name not in df.columns:
            typed[col.name] = (np.full(n, np.nan) if col.type in ("number", "whole") else
                               np.full(n, "", dtype=object))
            bad_cells[col.name] = np.zeros(n, dtype=bool)
            continue
        raw = df[col.name]
        bad = np.zeros(n, dtype=bool)
        if col.type in ("number", "whole"):
            scan = scans[col.name]
            # a ';' file is written where ',' marks decimals: its separator decides (hospital folder v3)
            convention = table.decimal_hint or scan.convention(from_file, fallback)
            values = scan.resolve(convention)
            amb = scan.ambiguous & np.isnan(values)
            if amb.any():
                ambiguous.append((col, amb, raw))
                bad |= amb
            if scan.invalid:
                pos = np.fromiter(scan.invalid.keys(), dtype=int)
                pos.sort()
                reasons = [scan.invalid[int(p)] for p in pos]
                cells = raw.to_numpy()[pos]

                def message(i, reasons=reasons, cells=cells, col=col):
                    why = reasons[i]
                    if "invalid" in col.messages:
                        return col.say("invalid", "", cells[i])
                    if why == "percent":
                        return Text("error.percent_not_accepted", what=what_text(col.what), cell=show(cells[i]))
                    if why == "not a whole number":
                        return Text("error.not_whole", what=what_text(col.what), cell=show(cells[i]))
                    if isinstance(cells[i], (datetime.date, datetime.time)):
                        return (f"a date ({cells[i]}) where a {col.what} belongs: the spreadsheet turned the number "
                                f"into a date; format the column as Number and type the value again")
                    article = "an" if col.what[:1] in "aeiou" else "a"
                    return Text("error.not_a_number", cell=show(cells[i]), column=col.name,
                                a_what=_WithArticle(f"{article} {col.what}", what_text(col.what)))
                out.add(rows[pos], col.name, message, check="not a number")
                bad[pos] = True
            if not col.blank and scan.blank.any():
                out.add(rows[scan.blank], col.name,
                        col.say("missing", Text("error.value_missing", hint=col.blank_hint)),
                        check="value is missing")
                bad |= scan.blank
            if col.minimum is not None or col.maximum is not None or col.integer:
                bad |= _range(col, raw, values, rows, out)
            huge = np.abs(np.nan_to_num(values, nan=0.0)) > MAX_NUMBER
            huge &= ~bad
            if huge.any():
                cells = raw.to_numpy()[huge]
                unit = "Rp " if col.rupiah else ""
                out.add(rows[huge], col.name,
                        lambda i, cells=cells, col=col, unit=unit:
                        f"{col.what} {show(cells[i])} is more than {unit}10^15, more than any hospital has in one "
                        f"cell (and more than a number holds to the last digit); check the number",
                        check=f"{col.what} above 10^15")
                bad |= huge
            typed[col.name] = values
        else:
            text = raw.to_numpy(dtype=object) if table.text_only else _as_text(raw)
            blank = text == ""
            if not col.blank and blank.any():
                out.add(rows[blank], col.name, col.say("missing", Text("error.value_missing", hint=col.blank_hint)),
                        check="value is missing")
                bad |= blank
            if col.type == "word":
                mapped = by_distinct(text, lambda v, words=col.words: words.get(normalize_word(v)))
                unknown = pd.isna(mapped) & ~blank
                if unknown.any():
                    cells = text[unknown]
                    out.add(rows[unknown], col.name,
                            lambda i, cells=cells, col=col: col.say(
                                "unknown", Text("error.unknown_word", what=what_text(col.what), cell=repr(cells[i]),
                                                accepted=col.accepted), cells[i]),
                            check=f"unknown {col.what}")
                    bad |= unknown
                text = np.where(pd.isna(mapped), "", mapped).astype(object)
            typed[col.name] = text
        if col.unique:
            values = pd.Series(typed[col.name])
            dup = values.duplicated(keep="first").to_numpy() & ~(values.isna() | (values == "")).to_numpy()
            if dup.any():
                first = pd.Series(rows).groupby(values.to_numpy()).transform("first").to_numpy()
                cells, firsts = values.to_numpy()[dup], first[dup]
                out.add(rows[dup], col.name,
                        lambda i, cells=cells, firsts=firsts, col=col:
                        col.say("duplicate", Text("error.duplicate", what=what_text(col.what), cell=repr(cells[i]),
                                                  first=firsts[i]), cells[i], first=firsts[i]),
                        check=f"duplicate {col.what}")
                bad |= dup
        bad_cells[col.name] = bad

    if ambiguous:
        out.problems.append(_ambiguity_problem(table, ambiguous, rows))

    frame = pd.DataFrame(typed, index=df.index)
    any_bad = np.zeros(n, dtype=bool)
    for b in bad_cells.values():
        any_bad |= b
    if schema.key:
        keyed = frame[list(schema.key)]
        dup = keyed.duplicated(keep="first").to_numpy() & ~any_bad
        if dup.any():
            first = pd.Series(rows, index=pd.MultiIndex.from_frame(keyed)).groupby(level=list(range(len(schema.key)))) \
                .transform("first").to_numpy()
            firsts = first[dup]
            out.add(rows[dup], schema.key[-1], lambda i, firsts=firsts: f"{schema.key_message} (first at row "
                                                                        f"{firsts[i]})", check=schema.key_message)
            any_bad |= dup
            bad_cells[schema.key[-1]] = bad_cells[schema.key[-1]] | dup
    return Checked(frame, out.problems, pd.Series(any_bad, index=df.index), table.label, bad_cells)


def _range(col: Column, raw: pd.Series, values: np.ndarray, rows: np.ndarray, out: Collector) -> np.ndarray:
    """The cells read outside the column's bounds (or not whole with ``integer``), reported; returns them."""
    read = ~np.isnan(values)
    low = np.zeros(len(values), dtype=bool)
    if col.minimum is not None:
        low = (values <= col.minimum if col.above else values < col.minimum) & read
    high = (values > col.maximum) & read if col.maximum is not None else np.zeros(len(values), dtype=bool)
    broken = (values != np.round(values)) & read if col.integer else np.zeros(len(values), dtype=bool)
    outside = low | high | broken
    if not outside.any():
        return outside
    cells, vals = raw.to_numpy()[outside], values[outside]
    lows, highs = low[outside], high[outside]
    op = ">" if col.above else ">="

    def message(i):
        if lows[i]:
            default = Text("error.below_minimum", negative=Text("error.negative") if vals[i] < 0 else "",
                           what=what_text(col.what), cell=show(cells[i]), op=op, minimum=f"{col.minimum:g}",
                           hint=col.blank_hint if vals[i] == 0 else "")
        elif highs[i]:
            default = f"{col.what} {show(cells[i])}: must be <= {col.maximum:g}"
        else:
            default = f"{col.what} {show(cells[i])} is not a whole number"
        return col.say("range", default, cells[i], number=vals[i])

    bounds = [f"{op} {col.minimum:g}" if col.minimum is not None else "",
              f"<= {col.maximum:g}" if col.maximum is not None else "", "whole" if col.integer else ""]
    out.add(rows[outside], col.name, message, check=f"{col.what} must be {' and '.join(b for b in bounds if b)}")
    return outside


def _ambiguity_problem(table: Table, ambiguous: list[tuple[Column, np.ndarray, pd.Series]], rows: np.ndarray) -> Problem:
    """One problem for every ambiguous cell of the file: the first, how many more and where, the way out."""
    col, mask, raw = ambiguous[0]
    where = rows[mask]
    sample = str(raw.to_numpy()[mask][0]).strip()
    total = sum(int(m.sum()) for _, m, _ in ambiguous)
    others = []
    if total > 1:
        listed = ", ".join(str(r) for r in where[1:6])
        more = int(mask.sum()) - 1 - min(5, int(mask.sum()) - 1)
        if listed:
            others.append(f"also rows {listed}{f' and {more:,} more' if more else ''}")
        for c, m, _ in ambiguous[1:]:
            others.append(f"{int(m.sum()):,} in column '{c.name}'")
    extra = f" ({'; '.join(others)})" if others else ""
    return Problem(table.label, f"ambiguous {col.what} {sample!r}{extra}: {_number_advice(col, sample)}",
                   row=int(where[0]), column=col.name)


__all__ = ["Column", "Schema", "Checked", "check", "normalize_word", "normalize_name", "POINT", "COMMA"]
