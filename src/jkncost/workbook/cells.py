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


class _Buffered:
    """The cells of a values-mode sheet, kept as ``[value, number_format, font, fill, alignment]`` per cell until
    the workbook is saved (:func:`sheet_data_xml`): an openpyxl cell object costs several times the memory and
    its serialization most of the writing time of a large hospital's workbook."""

    def __init__(self):
        self.rows: dict[int, dict[int, list]] = {}

    def slot(self, row: int, column: int) -> list:
        cells = self.rows.setdefault(row, {})
        slot = cells.get(column)
        if slot is None:
            slot = cells[column] = [None, None, None, None, None]
        return slot


class _CellRef:
    """What :meth:`Sheet.put` and :meth:`Sheet.text` return for a buffered cell: its value and format can be
    read and set as on an openpyxl cell."""

    __slots__ = ("_slot",)
    _FIELDS = {"value": 0, "number_format": 1, "font": 2, "fill": 3, "alignment": 4}

    def __init__(self, slot: list):
        object.__setattr__(self, "_slot", slot)

    def __getattr__(self, name):
        return self._slot[self._FIELDS[name]]

    def __setattr__(self, name, value):
        self._slot[self._FIELDS[name]] = value


class Sheet:
    """One worksheet and whether computed cells hold formulas or values.

    A values-mode sheet keeps its cells in a buffer (``ws._jkncost_cells``) that :func:`sheet_data_xml`
    writes when the workbook is saved (:func:`jkncost.workbook.writer.save_stable`); a formula-mode sheet
    writes openpyxl cells, as Excel-facing features (array formulas) need them.
    """

    def __init__(self, ws, formulas: bool):
        self.ws = ws
        self.formulas = formulas
        self.title = ws.title
        self.buffer = None
        if not formulas:
            self.buffer = ws._jkncost_cells = _Buffered()

    def put(self, row: int, column: int, formula, value, fmt: str | None = None, font=None):
        """Write ``formula`` (formula mode) or ``value`` (value mode) at (row, column)."""
        if self.buffer is not None:
            slot = self.buffer.slot(row, column)
            if type(value) is float:  # the common case, without clean()'s checks
                slot[0] = (None if value != value else int(value) if value.is_integer() and abs(value) < 2**53
                           else value)
            else:
                slot[0] = clean(value)
            if fmt:
                slot[1] = fmt
            if font is not None:
                slot[2] = font
            return _CellRef(slot)
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
        if self.buffer is not None:
            slot = self.buffer.slot(row, column)
            slot[0] = clean(value)
            if font is not None:
                slot[2] = font
            if fill is not None:
                slot[3] = fill
            return _CellRef(slot)
        cell = self.ws.cell(row=row, column=column, value=clean(value))
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        return cell

    def header(self, row: int, labels, start: int = 1):
        for j, label in enumerate(labels, start=start):
            if self.buffer is not None:
                slot = self.buffer.slot(row, j)
                slot[0], slot[2], slot[3] = label, BOLD, HEADER_FILL
                continue
            cell = self.ws.cell(row=row, column=j, value=label)
            cell.font = BOLD
            cell.fill = HEADER_FILL

    def widths(self, widths: dict[int, float]):
        for c, w in widths.items():
            self.ws.column_dimensions[col(c)].width = w


def buffered_cells(ws) -> _Buffered | None:
    """The buffer of a values-mode sheet, or None for a sheet of openpyxl cells."""
    return getattr(ws, "_jkncost_cells", None)


def sheet_data_xml(ws) -> tuple[str, str]:
    """``<sheetData>`` of a buffered sheet and its dimension (``A1:K90``), in the cells' style ids.

    Each distinct format is registered once in the workbook's style tables (through one scratch openpyxl
    cell), so the ids match the ``styles.xml`` openpyxl writes. Text is written inline (``inlineStr``).
    Linear in the number of cells, one string per row.
    """
    from xml.sax.saxutils import escape

    from openpyxl.cell.cell import Cell

    buffer = buffered_cells(ws)
    style_ids: dict[tuple, int] = {}

    def style(slot) -> int:
        # by identity: the fonts and fills are a few module constants, and hashing openpyxl styles is slow
        key = (slot[1], id(slot[2]), id(slot[3]), id(slot[4]))
        sid = style_ids.get(key)
        if sid is None:
            cell = Cell(ws)
            if slot[1]:
                cell.number_format = slot[1]
            if slot[2] is not None:
                cell.font = slot[2]
            if slot[3] is not None:
                cell.fill = slot[3]
            if slot[4] is not None:
                cell.alignment = slot[4]
            sid = style_ids[key] = cell.style_id if any(x is not None for x in slot[1:]) else 0
        return sid

    letters: dict[int, str] = {}
    out = ["<sheetData>"]
    max_col = 1
    rows = sorted(buffer.rows) if buffer is not None else []
    for r in rows:
        cells = buffer.rows[r]
        parts = [f'<row r="{r}">']
        for c in sorted(cells):
            slot = cells[c]
            letter = letters.get(c)
            if letter is None:
                letter = letters[c] = col(c)
            max_col = max(max_col, c)
            sid = style(slot)
            s_attr = f' s="{sid}"' if sid else ""
            v = slot[0]
            if v is None:
                if sid:
                    parts.append(f'<c r="{letter}{r}"{s_attr}/>')
            elif isinstance(v, bool):
                parts.append(f'<c r="{letter}{r}"{s_attr} t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, (int, float)):
                if isinstance(v, float) and not math.isfinite(v):
                    continue
                parts.append(f'<c r="{letter}{r}"{s_attr}><v>{v!r}</v></c>')
            else:
                text = escape(str(v))
                parts.append(f'<c r="{letter}{r}"{s_attr} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        parts.append("</row>")
        out.append("".join(parts))
    out.append("</sheetData>")
    dimension = f"A1:{col(max_col)}{rows[-1] if rows else 1}"
    return "".join(out), dimension
