"""The audit workbook in Indonesian: sheet names and column headers in ``lang`` (``jkncost workbook --lang id``).

The sheets are written with the hospital-folder format's names (``unit_cost``, ``allocation_bases``) and
then, for ``lang="id"``, renamed (``biaya_satuan``, ``dasar_alokasi``); every formula and workbook-wide name
that points into a renamed sheet is rewritten, so the workbook computes exactly what it did. Column
headers become their Indonesian names; those of the input sheets are the names the hospital-folder
reader accepts (``pusat biaya``, ``jumlah``, ``bobot``), and the input sheets' names are ones it accepts
too, so the Indonesian workbook still reads as a hospital workbook. Center names (which formulas read
from the header cells of the calculation sheets) are never changed.

The names come from the label catalogue (``src/jkncost/labels/workbook.csv``: ``wb_sheetname_*``,
``wb_col_*``).
"""

from __future__ import annotations

import re

from openpyxl.worksheet.formula import ArrayFormula

from jkncost.labels import label
from jkncost.workbook.cells import HEADER_FILL, buffered_cells

SHEETS = ("read_me", "parameters", "cost_centers", "costs", "allocation_bases", "tariffs", "revenue", "assets",
          "shares", "direct_cost", "shared_pools", "direct", "stepdown", "stage_1", "stage_2", "reciprocal",
          "after_allocation", "unit_cost", "crr", "cost_recovery", "check")
COLUMNS = ("center", "kind", "output", "output_unit", "beds", "order", "category", "component", "amount",
           "support_center", "basis", "weight", "tariff", "source", "tariff_set", "revenue", "asset", "group",
           "purchase_value", "years_in_use", "useful_life", "output_normative", "UC1_normative", "UC2_normative",
           "UC3_normative", "cost_recovery", "surplus")
HEADER_ROWS = 3  # header cells sit in the first rows of every sheet


def sheet_name(name: str, lang: str) -> str:
    """The name of sheet ``name`` in ``lang`` (``unit_cost`` -> ``biaya_satuan``)."""
    return label(f"wb_sheetname_{name}", lang) if name in SHEETS else name


def translate(wb, lang: str, formulas: bool) -> None:
    """Rename the sheets and headers of ``wb`` into ``lang``, rewriting every reference (see the module)."""
    if lang == "en":
        return
    renamed = {ws.title: sheet_name(ws.title, lang) for ws in wb.worksheets}
    renamed = {a: b for a, b in renamed.items() if a != b}
    columns = {c: label(f"wb_col_{c}", lang) for c in COLUMNS}
    pattern = re.compile(r"(?<![\w.'])(" + "|".join(sorted(map(re.escape, renamed), key=len, reverse=True))
                         + r")!") if renamed else None

    def rewrite(text: str) -> str:
        return pattern.sub(lambda m: renamed[m.group(1)] + "!", text)

    for ws in wb.worksheets:
        buffer = buffered_cells(ws)
        if buffer is not None:  # a values-mode sheet: its cells wait in a buffer
            for i, r in enumerate(buffer.rows):
                if r <= HEADER_ROWS:
                    v = buffer.values[i]
                    if isinstance(v, str) and v in columns and buffer.table[buffer.styles[i]][2] is HEADER_FILL:
                        buffer.values[i] = columns[v]
            continue
        for row in ws.iter_rows(min_row=1, max_row=HEADER_ROWS):
            for cell in row:
                if (isinstance(cell.value, str) and cell.value in columns
                        and cell.fill.fgColor.rgb == HEADER_FILL.fgColor.rgb):
                    cell.value = columns[cell.value]
        if ws.title == "read_me":  # the list of sheets names them
            for (cell,) in ws.iter_rows(min_col=1, max_col=1):
                if isinstance(cell.value, str) and cell.value in renamed:
                    cell.value = renamed[cell.value]
        if formulas and pattern is not None:
            for row in ws.iter_rows():
                for cell in row:
                    v = cell.value
                    if isinstance(v, str) and v.startswith("="):
                        cell.value = rewrite(v)
                    elif isinstance(v, ArrayFormula):
                        v.text = rewrite(v.text)
                        v.ref = v.ref
    if pattern is not None:
        for name in list(wb.defined_names):
            defined = wb.defined_names[name]
            defined.attr_text = rewrite(defined.attr_text)
    for ws in wb.worksheets:
        if ws.title in renamed:
            ws.title = renamed[ws.title]
