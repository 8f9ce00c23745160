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
from array import array

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
    """The cells of a values-mode sheet in columns (row, column, style as C integers; values in one list), kept
    until the workbook is saved (:func:`sheet_rows_xml`): an openpyxl cell object costs several times the
    memory, and its serialization most of the writing time, of a large hospital's workbook.

    A style is ``(number_format, font, fill, alignment)``, ``None`` where not set; a cell written twice keeps
    its last value and the style fields each write set, as openpyxl cells do.
    """

    def __init__(self):
        self.rows = array("i")
        self.cols = array("i")
        self.styles = array("i")
        self.values: list = []
        self.table: list[tuple] = [(None, None, None, None)]
        self._index: dict[tuple, int] = {(None, 0, 0, 0): 0}

    def style(self, fmt=None, font=None, fill=None, alignment=None) -> int:
        # by identity: fonts and fills are a few module constants, and hashing openpyxl styles is slow
        key = (fmt, id(font) if font is not None else 0, id(fill) if fill is not None else 0,
               id(alignment) if alignment is not None else 0)
        s = self._index.get(key)
        if s is None:
            s = self._index[key] = len(self.table)
            self.table.append((fmt, font, fill, alignment))
        return s

    def add(self, row: int, column: int, value, style: int) -> int:
        self.rows.append(row)
        self.cols.append(column)
        self.styles.append(style)
        self.values.append(value)
        return len(self.values) - 1


class _CellRef:
    """What :meth:`Sheet.put` and :meth:`Sheet.text` return for a buffered cell: its value and format can be
    read and set as on an openpyxl cell."""

    __slots__ = ("_buffer", "_i")
    _FIELDS = {"number_format": 0, "font": 1, "fill": 2, "alignment": 3}

    def __init__(self, buffer: _Buffered, i: int):
        object.__setattr__(self, "_buffer", buffer)
        object.__setattr__(self, "_i", i)

    def __getattr__(self, name):
        if name == "value":
            return self._buffer.values[self._i]
        return self._buffer.table[self._buffer.styles[self._i]][self._FIELDS[name]]

    def __setattr__(self, name, value):
        b = self._buffer
        if name == "value":
            b.values[self._i] = clean(value)
            return
        fields = list(b.table[b.styles[self._i]])
        fields[self._FIELDS[name]] = value
        b.styles[self._i] = b.style(*fields)


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
        b = self.buffer
        if b is not None:
            if type(value) is float:  # the common case, without clean()'s checks
                value = (None if value != value else int(value) if value.is_integer() and abs(value) < 2**53
                         else value)
            else:
                value = clean(value)
            return _CellRef(b, b.add(row, column, value, b.style(fmt or None, font)))
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
        b = self.buffer
        if b is not None:
            return _CellRef(b, b.add(row, column, clean(value), b.style(None, font, fill)))
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
            if self.buffer is not None:
                self.buffer.add(row, j, label, self.buffer.style(None, BOLD, HEADER_FILL))
                continue
            cell = self.ws.cell(row=row, column=j, value=label)
            if isinstance(label, str):
                cell.data_type = "s"  # a center's name as a header is text, whatever it starts with
            cell.font = BOLD
            cell.fill = HEADER_FILL

    def widths(self, widths: dict[int, float]):
        for c, w in widths.items():
            self.ws.column_dimensions[col(c)].width = w


def buffered_cells(ws) -> _Buffered | None:
    """The buffer of a values-mode sheet, or None for a sheet of openpyxl cells."""
    return getattr(ws, "_jkncost_cells", None)


def style_ids(ws, buffer: _Buffered) -> list[int]:
    """The workbook's style id of each style of ``buffer``, registered in the workbook's style tables through
    one scratch openpyxl cell each (call before the workbook writes ``styles.xml``)."""
    from openpyxl.cell.cell import Cell

    ids = []
    for fmt, font, fill, alignment in buffer.table:
        if fmt is None and font is None and fill is None and alignment is None:
            ids.append(0)
            continue
        cell = Cell(ws)
        if fmt:
            cell.number_format = fmt
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if alignment is not None:
            cell.alignment = alignment
        ids.append(cell.style_id)
    return ids


def dimension(buffer: _Buffered) -> str:
    """The used range of a buffered sheet (``A1:K90``)."""
    if not buffer.values:
        return "A1"
    return f"A1:{col(max(buffer.cols))}{max(buffer.rows)}"


def sheet_rows_xml(buffer: _Buffered, ids: list[int], chunk: int = 2000):
    """The ``<row>`` elements of a buffered sheet, ``chunk`` rows to a string (a generator: the sheet is never
    one string in memory). Cells in row and column order; a cell written twice merges as openpyxl's would.
    Text is written inline (``inlineStr``). Linear in the cells after one sort."""
    from xml.sax.saxutils import escape

    import numpy as np

    n = len(buffer.values)
    if not n:
        return
    rows = np.frombuffer(buffer.rows, dtype=np.int32)
    cols = np.frombuffer(buffer.cols, dtype=np.int32)
    order = np.lexsort((np.arange(n), cols, rows)).tolist()
    rows_l, cols_l, styles, values, table = buffer.rows, buffer.cols, buffer.styles, buffer.values, buffer.table
    letters: dict[int, str] = {}
    out: list[str] = []
    done_rows = 0

    def cell_xml(r, c, value, style_index) -> str:
        letter = letters.get(c)
        if letter is None:
            letter = letters[c] = col(c)
        sid = ids[style_index]
        s_attr = f' s="{sid}"' if sid else ""
        if value is None:
            return f'<c r="{letter}{r}"{s_attr}/>' if sid else ""
        if value is True or value is False:
            return f'<c r="{letter}{r}"{s_attr} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                return f'<c r="{letter}{r}"{s_attr}/>' if sid else ""
            return f'<c r="{letter}{r}"{s_attr}><v>{value!r}</v></c>'
        return f'<c r="{letter}{r}"{s_attr} t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'

    current = None
    pending = None  # (row, col, value, style index) of the cell being merged
    for i in order:
        r, c = rows_l[i], cols_l[i]
        if pending is not None and pending[0] == r and pending[1] == c:  # written again: merge
            old = table[pending[3]]
            new = table[styles[i]]
            merged = tuple(b if b is not None else a for a, b in zip(old, new))
            pending = (r, c, values[i], buffer.style(*merged))
            if len(ids) < len(table):
                raise AssertionError("a merged style was not registered before saving")
            continue
        if pending is not None:
            out.append(cell_xml(*pending))
        if r != current:
            if current is not None:
                out.append("</row>")
                done_rows += 1
                if done_rows % chunk == 0:
                    yield "".join(out)
                    out = []
            out.append(f'<row r="{r}">')
            current = r
        pending = (r, c, values[i], styles[i])
    if pending is not None:
        out.append(cell_xml(*pending))
    out.append("</row>")
    yield "".join(out)
