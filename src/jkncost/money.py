"""Numbers as people type them: rupiah amounts, weights, counts, in Indonesian or English style.

Indonesian documents write ``Rp 1.234.567,-`` (dot groups thousands, ``,-`` means "no cents") and
``1.234.567,50`` (comma before decimals); tables typed in English-language software write
``1,234,567`` and ``0.125``. A single value is read when its text leaves no doubt and refused
otherwise: ``1.234`` could be one thousand two hundred and thirty-four or one point two three four.

A whole column is read by its **convention**, decided from the values that are not ambiguous
(:func:`scan_numbers`, then :meth:`Numbers.resolve`):

- a value that one convention cannot read is evidence for the other: ``0.125`` (a thousands group
  never starts with a lone zero), ``3.5`` or ``1234.567`` (a group has three digits after a leading
  group of one to three) say that ``.`` marks decimals; ``1,5`` or ``1.234.567,50`` say that ``,``
  marks decimals and ``.`` groups thousands;
- a value both conventions read alike (``1234``, ``Rp 1.234,-``) says nothing;
- an ambiguous value (``1.107``, ``58,239``: one separator, a leading group of one to three digits,
  then three digits) follows the convention of its column, of its file, or of the file's separator
  (a ``;``-separated file is what Excel writes where ``,`` is the decimal mark); only when none of
  these decides is it refused.

References
----------
Unicode CLDR, number symbols for locale ``id`` (decimal ``,``, group ``.``) and ``en``
(decimal ``.``, group ``,``); Microsoft Excel uses the locale's list separator (``;`` where the
decimal mark is ``,``) when saving CSV.

Examples
--------
>>> parse_rupiah("Rp 1.234.567,-")
1234567.0
>>> parse_rupiah("1.234.567,50")
1234567.5
>>> parse_rupiah("140,706,146")
140706146.0
>>> parse_rupiah("0.125")
0.125
>>> parse_rupiah("1.234")
Traceback (most recent call last):
...
ValueError: ambiguous amount '1.234': one separator followed by three digits may group thousands or mark decimals; write a whole amount as '1234' or 'Rp 1.234,-', a decimal fraction as '1,2340'
>>> scan_numbers(["1.107", "0.125", "58.239"]).resolve().tolist()  # 0.125 settles the column
[1.107, 0.125, 58.239]
>>> scan_numbers(["1.107", "58.239"]).resolve(",").tolist()  # e.g. a ';'-separated file
[1107.0, 58239.0]
"""

from __future__ import annotations

import math
import numbers as _numbers
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

POINT = "."  # '.' marks decimals, ',' groups thousands (English style)
COMMA = ","  # ',' marks decimals, '.' groups thousands (Indonesian style)

_RP = re.compile(r"^(?i:rp)\.?\s*")
_DIGITS = re.compile(r"^\d+$")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_NO_CENTS = (",-", ".-", ",—", ",–")


def _grouped(text: str, sep: str) -> bool:
    """``text`` is digits grouped by ``sep`` in threes, the first group 1-3 digits not starting with 0."""
    head, *groups = text.split(sep)
    return (bool(groups) and 1 <= len(head) <= 3 and head.isdigit() and head[0] != "0"
            and all(len(g) == 3 and g.isdigit() for g in groups))


def readings(text: str, *, percent: bool = False) -> tuple[float, float] | str:
    """The value of ``text`` under each convention, ``(if '.' is decimal, if ',' is decimal)``.

    NaN where that convention cannot read the text; a reason (``"empty"``, ``"percent"``,
    ``"not a number"``) when neither can. ``percent=True`` accepts ``25%`` as 0.25.

    >>> readings("1.107")
    (1.107, 1107.0)
    >>> readings("0.125")
    (0.125, nan)
    >>> readings("1.234.567,50")
    (nan, 1234567.5)
    >>> readings("12,5%", percent=True)
    (nan, 0.125)
    """
    t = text.strip()
    if not t:
        return "empty"
    negative = False
    if t[0] == "(" and t[-1] == ")":
        negative, t = True, t[1:-1].strip()
    t = _RP.sub("", t)
    if t.startswith("-"):
        negative, t = not negative, t[1:].strip()
    t = t.replace(" ", "").replace("\u00a0", "")
    scale = 1.0
    if t.endswith("%"):
        if not percent:
            return "percent"
        t, scale = t[:-1], 0.01
    no_cents = False
    for suffix in _NO_CENTS:
        if t.endswith(suffix):
            no_cents, t = True, t[: -len(suffix)]
            break
    nan = math.nan
    if not t:
        return "not a number"
    if _DIGITS.match(t):
        point = comma = float(t)
    elif _SCIENTIFIC.match(t) and not no_cents:
        point = float(t) if "," not in t else nan
        comma = float(t.replace(",", ".")) if "." not in t else nan
    else:
        dots, commas = t.count("."), t.count(",")
        if dots and commas:  # both: the last one marks decimals, the other groups thousands
            decimal = "," if t.rfind(",") > t.rfind(".") else "."
            group = "." if decimal == "," else ","
            whole, _, cents = t.rpartition(decimal)
            if no_cents or not cents.isdigit() or not _grouped(whole, group):
                return "not a number"
            value = float(whole.replace(group, "") + "." + cents)
            point, comma = (value, nan) if decimal == "." else (nan, value)
        else:
            sep = "." if dots else ","
            count = dots or commas
            whole, _, frac = t.partition(sep)
            if _grouped(t, sep):
                grouped = float(t.replace(sep, ""))
                if no_cents:
                    point = comma = grouped
                elif count > 1:  # only a thousands separator repeats
                    point, comma = (grouped, nan) if sep == "," else (nan, grouped)
                else:  # 1.107: ambiguous on its own
                    decimal = float(f"{whole}.{frac}")
                    point, comma = (decimal, grouped) if sep == "." else (grouped, decimal)
            elif count == 1 and not no_cents and whole.isdigit() and frac.isdigit():
                value = float(f"{whole}.{frac}")
                point, comma = (value, nan) if sep == "." else (nan, value)
            else:
                return "not a number"
    sign = -scale if negative else scale
    return point * sign, comma * sign


@dataclass
class Numbers:
    """A column of typed numbers read both ways, before its convention is known (see :func:`scan_numbers`).

    Attributes
    ----------
    point, comma : ndarray of float
        Each cell read with ``.`` (``point``) or ``,`` (``comma``) as the decimal mark; NaN where that
        reading is impossible, the cell is blank or not a number.
    blank : ndarray of bool
        Empty cells.
    invalid : dict
        Position -> reason (``"not a number"``, ``"percent"``, ``"not a whole number"``) for cells no
        convention reads.
    """

    point: np.ndarray
    comma: np.ndarray
    blank: np.ndarray
    invalid: dict[int, str]

    @property
    def ambiguous(self) -> np.ndarray:
        """Cells both conventions read, to different values."""
        both = ~np.isnan(self.point) & ~np.isnan(self.comma)
        return both & (self.point != self.comma)

    @property
    def evidence(self) -> set[str]:
        """The conventions that some cell alone supports (``{'.'}``, ``{','}``, both or neither)."""
        p, c = ~np.isnan(self.point), ~np.isnan(self.comma)
        found = set()
        if (p & ~c).any():
            found.add(POINT)
        if (c & ~p).any():
            found.add(COMMA)
        return found

    def convention(self, *fallbacks: str | None) -> str | None:
        """The column's own convention when its cells settle it, else the first of ``fallbacks`` given."""
        own = self.evidence
        if len(own) == 1:
            return next(iter(own))
        if own:  # the column mixes both: its ambiguous cells cannot be settled from outside either
            return None
        return next((f for f in fallbacks if f), None)

    def resolve(self, decimal: str | None = None) -> np.ndarray:
        """Values under ``decimal`` (``'.'``, ``','``, or None: the column's own convention).

        Cells that only one convention reads take that reading; ambiguous cells take ``decimal``'s
        reading, NaN when ``decimal`` is None and the column does not settle it.
        """
        if decimal is None:
            decimal = self.convention()
        chosen = self.point if decimal == POINT else self.comma
        other = self.comma if decimal == POINT else self.point
        values = np.where(np.isnan(chosen), other, chosen)
        if decimal is None:
            values = np.where(self.ambiguous, np.nan, values)
        return values


def _is_number(v) -> bool:
    return isinstance(v, _numbers.Real) and not isinstance(v, bool)


_SIMPLE = re.compile(r"(\d+)(?:([.,])(\d+))?")


def _reading(v, percent: bool) -> tuple[float, float] | str:
    """:func:`readings` of one cell of any type, the common forms (``12``, ``0.125``, ``1.107``) inline."""
    if type(v) is str:
        m = _SIMPLE.fullmatch(v)
        if m is None:
            return readings(v, percent=percent)
        whole, sep, frac = m.groups()
        if sep is None:
            x = float(whole)
            return x, x
        x = float(f"{whole}.{frac}")
        if len(frac) == 3 and len(whole) <= 3 and whole[0] != "0":  # 1.107: a thousands group or decimals
            g = float(whole + frac)
            return (x, g) if sep == "." else (g, x)
        return (x, math.nan) if sep == "." else (math.nan, x)
    if v is None or (isinstance(v, float) and v != v):
        return "empty"
    if _is_number(v):
        x = float(v)
        return (x, x) if math.isfinite(x) else "not a number"
    if isinstance(v, str):  # a str subclass
        return readings(str(v), percent=percent)
    return "not a number"


def scan_numbers(values, *, percent: bool = False, whole: bool = False) -> Numbers:
    """Read every cell of a column both ways.

    Each distinct cell is read once (a column of 200,000 weights typed to the gram has far fewer distinct
    texts than rows, and a column of names or categories a handful), so the cost is one hashing pass over
    the rows plus one reading per distinct text.

    Parameters
    ----------
    values : sequence or Series
        Text as typed (``"1.234.567,50"``, ``"Rp 25.000,-"``, ``"0.125"``, ``"25%"``), numbers (cells of a
        workbook, which are never ambiguous), or blanks (``""``, None, NaN).
    percent : bool
        Accept ``25%`` as 0.25 (weights).
    whole : bool
        Only whole numbers (a step-down order): a reading with decimals is dropped.

    Returns
    -------
    Numbers
    """
    cells = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else np.asarray(values, dtype=object)
    if cells.ndim != 1:
        cells = cells.reshape(-1)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    m = len(uniques)
    # one slot more for the missing cells (code -1 picks the last slot)
    point_u = np.full(m + 1, np.nan)
    comma_u = np.full(m + 1, np.nan)
    blank_u = np.zeros(m + 1, dtype=bool)
    blank_u[m] = True
    why_u: dict[int, str] = {}
    texts = [v.strip() if type(v) is str else None for v in uniques]
    # the common forms, a whole column at a time: 12 and 0.125 (form 0), 58,239 (form 1), anything else (2)
    forms = np.fromiter((2 if not t or not t.isascii() else 0 if t.replace(".", "", 1).isdigit() else
                         1 if t.replace(",", "", 1).isdigit() else 2 for t in texts), dtype=np.int8, count=m)
    done = np.zeros(m, dtype=bool)
    for form, sep in ((0, "."), (1, ",")):
        idx = np.flatnonzero(forms == form)
        if not len(idx):
            continue
        sub = [texts[k] for k in idx]
        x = pd.to_numeric(pd.Series(sub if sep == "." else [t.replace(",", ".") for t in sub]),
                          errors="coerce").to_numpy(float)
        at = np.fromiter((t.find(sep) for t in sub), dtype=np.int64, count=len(sub))
        size = np.fromiter(map(len, sub), dtype=np.int64, count=len(sub))
        group = (at >= 1) & (at <= 3) & (size - at - 1 == 3)  # 1.107: a thousands group, or decimals
        if group.any():  # ... unless the group starts with a zero (0.125)
            group[group] = np.fromiter((sub[i][0] != "0" for i in np.flatnonzero(group)), dtype=bool,
                                       count=int(group.sum()))
        here = np.where(at < 0, x, np.nan)  # no separator: both readings agree
        this = np.where(at >= 0, x, here)  # the reading where `sep` marks decimals
        other = np.where(group, np.round(x * 1000.0), here)  # the reading where `sep` groups thousands
        point_u[idx], comma_u[idx] = (this, other) if sep == "." else (other, this)
        done[idx] = ~np.isnan(x)
    for k, v in enumerate(uniques):
        if done[k]:
            continue
        if texts[k] is not None:
            v = texts[k]
            if not v:
                blank_u[k] = True
                continue
        r = _reading(v, percent)
        if isinstance(r, str):
            if r == "empty":
                blank_u[k] = True
            else:
                why_u[k] = r
        else:
            point_u[k], comma_u[k] = r
    if whole:
        for arr in (point_u, comma_u):
            arr[~np.isnan(arr) & (arr != np.round(arr))] = np.nan
        dropped = np.isnan(point_u) & np.isnan(comma_u) & ~blank_u
        for k in np.flatnonzero(dropped):
            why_u.setdefault(int(k), "not a whole number")
    invalid: dict[int, str] = {}
    if why_u:
        bad_u = np.zeros(m + 1, dtype=bool)
        bad_u[list(why_u)] = True
        for pos in np.flatnonzero(bad_u[codes]):
            invalid[int(pos)] = why_u[int(codes[pos])]
    return Numbers(point_u[codes], comma_u[codes], blank_u[codes], invalid)


def parse_rupiah(value: object) -> float:
    """Parse a rupiah amount written as a number or as Indonesian- or English-style text.

    Parameters
    ----------
    value : str, int or float
        ``1234567``, ``"1234567"``, ``"Rp 1.234.567,-"``, ``"Rp. 1.234.567,50"``, ``"1,234,567.50"``,
        ``"-1.500,25"``, ``"(1.500)"`` (accounting negative).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Empty text, stray characters, or an ambiguous separator (``"1.234"``, ``"1,234"``): one value
        on its own cannot say which convention it follows (a whole column can: :func:`scan_numbers`).
    """
    if isinstance(value, bool):
        raise ValueError(f"not an amount: {value!r}")
    if _is_number(value):
        if not math.isfinite(float(value)):
            raise ValueError(f"not a finite amount: {value!r}")
        return float(value)
    original = str(value)
    r = readings(original)
    if r == "empty":
        raise ValueError("empty amount")
    if isinstance(r, str):
        raise ValueError(f"not an amount: {original.strip()!r}")
    point, comma = r
    if not math.isnan(point) and not math.isnan(comma) and point != comma:
        raise ValueError(
            f"ambiguous amount {original.strip()!r}: one separator followed by three digits may group "
            f"thousands or mark decimals; write a whole amount as '1234' or 'Rp 1.234,-', a decimal "
            f"fraction as '1,2340'"
        )
    return comma if math.isnan(point) else point


def format_rupiah(amount: float, *, decimals: int = 0, prefix: str = "Rp ") -> str:
    """Format an amount the Indonesian way: ``Rp 1.234.567`` (``decimals`` after a comma).

    >>> format_rupiah(1234567.5, decimals=2)
    'Rp 1.234.567,50'
    """
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return ""
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.{decimals}f}"
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{sign}{prefix}{text}"
