"""Cell addresses, formula text and formats shared by the sheet writers.

Every computed cell is written through :meth:`Sheet.put`, which takes both the formula and the
value the plan computed for it: a workbook in formula mode holds the formula, one in value mode
(hospitals too large for formulas to be useful) holds the value, at the same place and format.

Examples
--------
>>> addr(3, 2), addr(3, 2, absolute=True), addr(3, 28, sheet="unit cost")
('B3', '$B$3', "'unit cost'!AB3")
>>> criterion("Kelas I"), criterion("Poli *"), criterion("")
('"Kelas I"', '"=Poli ~*"', '""')
"""

from __future__ import annotations

import math

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

RUPIAH = '#,##0;-#,##0;"-"'  # whole rupiah, a dash for zero
RUPIAH_CENTS = "#,##0.00"
SHARE = "0.000000"
WEIGHT = "#,##0.####"
PERCENT = "0.00"
COUNT = "#,##0.##"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=12)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # cells a user may change
WRAP = Alignment(wrap_text=True, vertical="top")
_SPECIAL = set("*?~")
#: column of the first center on every calculation sheet (a center keeps its column on all of them)
FIRST_CENTER_COL = 6


def col(c: int) -> str:
    """Column letters of a 1-based column number."""
    return get_column_letter(c)


def sheet_prefix(sheet: str | None) -> str:
    if not sheet:
        return ""
    if sheet.replace("_", "").isalnum() and not sheet[0].isdigit():
        return f"{sheet}!"
    return "'" + sheet.replace("'", "''") + "'!"


def addr(row: int, column: int, sheet: str | None = None, absolute: bool = False, abs_col: bool = False,
         abs_row: bool = False) -> str:
    """A1-style address; ``absolute`` fixes both parts."""
    c = ("$" if absolute or abs_col else "") + col(column)
    r = ("$" if absolute or abs_row else "") + str(row)
    return f"{sheet_prefix(sheet)}{c}{r}"


def span(row1: int, col1: int, row2: int, col2: int, sheet: str | None = None, absolute: bool = False) -> str:
    """``A1:B2``-style range (one sheet prefix)."""
    a = addr(row1, col1, absolute=absolute)
    b = addr(row2, col2, absolute=absolute)
    return f"{sheet_prefix(sheet)}{a}:{b}"


def literal(text: str) -> str:
    """A formula string literal."""
    return '"' + str(text).replace('"', '""') + '"'


def needs_escape(text: str) -> bool:
    """Would a SUMIFS criterion read ``text`` as something other than itself (wildcard, comparison)?"""
    text = str(text)
    return any(ch in _SPECIAL for ch in text) or text[:1] in ("=", "<", ">")


def criterion(text: str) -> str:
    """A SUMIFS criterion matching exactly ``text`` (wildcards and comparison signs escaped).

    An empty ``text`` matches empty cells, which is what an empty category or component means.
    """
    text = str(text)
    if not needs_escape(text):
        return literal(text)
    escaped = "".join("~" + ch if ch in _SPECIAL else ch for ch in text)
    return literal("=" + escaped)


def sum_if(sum_range: str, conditions: list[tuple[str, str, str | None]], exact: bool = False) -> str:
    """Sum of ``sum_range`` where every condition ``(range, text, cell)`` holds: ``range`` equals ``text``.

    ``cell`` (optional) is a cell holding ``text`` to use as the criterion, so the formula reads
    from the sheet; it is used only when ``text`` needs no escaping. ``SUMIFS`` compares text
    ignoring case; with ``exact`` (names that differ only by case, e.g. components ``BHP`` and
    ``bhp``) the sum is ``SUMPRODUCT`` over ``EXACT`` comparisons instead.

    >>> sum_if("costs_amount", [("costs_center", "IGD", "F$1"), ("costs_category", "VC", None)])
    'SUMIFS(costs_amount,costs_center,F$1,costs_category,"VC")'
    >>> sum_if("costs_amount", [("costs_component", "bhp", None)], exact=True)
    'SUMPRODUCT(costs_amount*EXACT(costs_component,"bhp"))'
    """
    if exact:
        tests = [f"EXACT({rng},{cell if cell and not needs_escape(text) else literal(text)})"
                 for rng, text, cell in conditions]
        return f"SUMPRODUCT({sum_range}*{'*'.join(tests)})"
    parts = [f"{rng},{cell if cell and not needs_escape(text) else criterion(text)}" for rng, text, cell in conditions]
    return f"SUMIFS({sum_range},{','.join(parts)})"


def is_blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and value == "")


def clean(value):
    """A value as a cell holds it: numbers as float/int, NaN as empty, numpy scalars unwrapped."""
    if is_blank(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


class Sheet:
    """One worksheet and whether computed cells hold formulas or values."""

    def __init__(self, ws, formulas: bool):
        self.ws = ws
        self.formulas = formulas
        self.title = ws.title

    def put(self, row: int, column: int, formula, value, fmt: str | None = None, font=None):
        """Write ``formula`` (formula mode) or ``value`` (value mode) at (row, column)."""
        cell = self.ws.cell(row=row, column=column)
        if self.formulas:
            cell.value = formula
        else:
            cell.value = None if value is None or (isinstance(value, float) and math.isnan(value)) else value
        if fmt:
            cell.number_format = fmt
        if font is not None:
            cell.font = font
        return cell

    def text(self, row: int, column: int, value, font=None, fill=None):
        """A label or an input value (the same in both modes)."""
        cell = self.ws.cell(row=row, column=column, value=clean(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"  # text stays text, even one starting with '=': never a live formula
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        return cell

    def header(self, row: int, labels, start: int = 1):
        for j, label in enumerate(labels, start=start):
            cell = self.ws.cell(row=row, column=j, value=label)
            if isinstance(label, str):
                cell.data_type = "s"  # a center's name as a header is text, whatever it starts with
            cell.font = BOLD
            cell.fill = HEADER_FILL

    def widths(self, widths: dict[int, float]):
        for c, w in widths.items():
            self.ws.column_dimensions[col(c)].width = w
