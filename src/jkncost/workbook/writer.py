"""``write_workbook``: one hospital folder and one method as an audit workbook (.xlsx).

The workbook is written atomically (:func:`jkncost.core.io.atomic_path`) and byte-stable:
the same inputs give the same file (fixed document dates and zip entry times).
"""

from __future__ import annotations

import datetime
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from jkncost.core.io import atomic_path
from jkncost.labels import check_lang
from jkncost.workbook.cells import buffered_cells, dimension, sheet_rows_xml, style_ids
from jkncost.workbook.inputs import write_inputs
from jkncost.workbook.language import translate
from jkncost.workbook.plan import Plan, build_plan
from jkncost.workbook.results import (
    NORMATIVE_COLUMNS,
    TARIFF_COLUMNS,
    UNIT_COST_COLUMNS,
    one_tariff_set,
    unit_cost_table,
    write_after,
    write_check,
    write_cost_recovery,
    write_crr,
    write_read_me,
    write_unit_cost,
)
from jkncost.workbook.shares import write_shares
from jkncost.workbook.stages import write_stages

#: Above this many cost centers the workbook holds values, not formulas (same layout).
MAX_FORMULA_CENTERS = 300
#: Agreement with the engine required before a workbook is written (rupiah).
ENGINE_TOLERANCE = 1.0
_FIXED_TIME = datetime.datetime(2000, 1, 1)


@dataclass
class WorkbookResult:
    """What :func:`write_workbook` wrote."""

    path: Path
    formulas: bool  # False: values in the same layout (a hospital above ``max_formula_centers``)
    n_centers: int
    plan: Plan
    unit_cost: pd.DataFrame  # the numbers of the unit_cost sheet (as the engine computes them)
    warnings: list[str]  # the engine's warnings (production centers without output, BOR without beds)


def write_workbook(hospital, out: str | os.PathLike[str], method: str = "double", *, bor: float | None = None,
                   days: float = 365, lang: str = "en", fc_method: str = "inflation", rate: float = 0.0,
                   formulas: bool | None = None, max_formula_centers: int | None = None) -> WorkbookResult:
    """Write the audit workbook of one hospital and one allocation method.

    Every allocated amount, total cost (TC1-3), unit cost (UC1-3), normative unit cost and cost
    recovery rate is a formula over the input sheets, so an auditor can trace each number back
    to the hospital's inputs and change an amount, a weight or an output and see the results
    follow. Before writing, the workbook's numbers are checked against the engine
    (:func:`jkncost.costing.unit_cost`) to the rupiah.

    Parameters
    ----------
    hospital : Hospital or path-like
        A hospital from :func:`jkncost.costing.read_hospital`, or a hospital folder or ``.xlsx``
        workbook to read (bad input raises :class:`jkncost.errors.InputError`, nothing is written).
    out : path-like
        The ``.xlsx`` file to write (replaced atomically).
    method : {'direct', 'stepdown', 'double', 'reciprocal'}
    bor : float, optional
        Target bed occupancy rate: adds the normative columns, with
        ``Qn = beds x days x BOR``, ``UC1n = (FC + SVC)/Qn + VC/Q``, ``UC2n = SVC/Qn + VC/Q``, ``UC3n = VC/Q``.
    days : float
        Days in the period.
    lang : {'en', 'id'}
        Language of the labels, the ``read_me`` sheet, the sheet names and the column headers
        (:mod:`jkncost.workbook.language`; ``en`` keeps the hospital-folder format's names).
    fc_method, rate
        Annualization of the asset register, when the hospital has one.
    formulas : bool, optional
        Formulas (True) or values in the same layout (False); by default formulas up to
        ``max_formula_centers`` cost centers.
    max_formula_centers : int, optional
        Default :data:`MAX_FORMULA_CENTERS`.

    Returns
    -------
    WorkbookResult

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah; Shepard, Hodgkin &
    Anthony (2000), *Analysis of Hospital Costs: A Manual for Managers*, WHO;
    ``shared/spec/hospital-folder.md`` (version 2).

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> from jkncost.core import paths
    >>> out = Path(tempfile.mkdtemp()) / "example.xlsx"
    >>> r = write_workbook(paths.raw("example_hospital"), out, "reciprocal", bor=0.8)
    >>> wb = openpyxl.load_workbook(out)
    >>> [c.value for c in wb["unit_cost"][1]][:8]
    ['center', 'output', 'TC1', 'TC2', 'TC3', 'UC1', 'UC2', 'UC3']
    >>> wb["unit_cost"]["F2"].value
    '=IF(OR(B2="",B2=0),"",C2/B2)'
    >>> round(r.unit_cost.loc["Kelas III", "UC1"])
    144533
    """
    check_lang(lang)
    from jkncost.costing import read_hospital, unit_cost

    if not hasattr(hospital, "centers"):
        hospital = read_hospital(hospital, method=method)
    plan = build_plan(hospital, method, fc_method=fc_method, rate=rate)
    expected = unit_cost_table(plan, bor=bor, days=days)
    engine = unit_cost(hospital, method, bor=bor, days=days, fc_method=fc_method, rate=rate, flows=False)
    _agree_with_engine(expected, engine.unit_cost)
    if one_tariff_set(hospital):
        _agree_with_engine(expected, engine.unit_cost, ("CRR1", "CRR2", "CRR3"))
    if formulas is None:
        formulas = plan.n <= (MAX_FORMULA_CENTERS if max_formula_centers is None else max_formula_centers)

    wb = Workbook()
    wb.remove(wb.active)
    inputs = write_inputs(wb, plan, bor=bor, days=days, fc_method=fc_method, rate=rate, lang=lang, formulas=formulas)
    shares = write_shares(wb, plan, lang, formulas, inputs.bases_columns)
    where = write_stages(wb, plan, shares, lang, formulas, inputs.has_assets)
    after_rows = write_after(wb, plan, where, lang, formulas)
    write_unit_cost(wb, plan, inputs, after_rows, expected, bor=bor, days=days, formulas=formulas)
    # hospital folder v3: CRR per tariff set and revenue against cost, as crr.csv and cost_recovery.csv
    uc_columns = UNIT_COST_COLUMNS + (NORMATIVE_COLUMNS if bor is not None else []) + \
        (TARIFF_COLUMNS if one_tariff_set(hospital) else [])
    if engine.crr is not None:
        write_crr(wb, plan, inputs, engine.crr, {c: i for i, c in enumerate(uc_columns, start=1)}, formulas)
    if engine.recovery is not None:
        write_cost_recovery(wb, plan, inputs, engine.recovery, formulas)
    write_check(wb, plan, inputs, len(plan.production), lang, formulas)
    sheets = ["read_me"] + wb.sheetnames
    write_read_me(wb, plan, method=method, bor=bor, lang=lang, formulas=formulas, sheets=sheets)
    translate(wb, lang, formulas)  # Indonesian sheet names and headers with lang="id"
    wb.active = 0
    wb.calculation.fullCalcOnLoad = True  # Excel recalculates on opening: openpyxl stores no results
    save_stable(wb, out)
    return WorkbookResult(Path(out), formulas, plan.n, plan, expected, list(getattr(engine, "warnings", [])))


def _agree_with_engine(expected: pd.DataFrame, engine: pd.DataFrame,
                       columns=("TC1", "TC2", "TC3", "UC1", "UC2", "UC3")) -> None:
    """The workbook's layout must compute what the engine computes; a difference is a defect."""
    engine = engine.set_index("center")
    for column in columns:
        a = expected[column].to_numpy(dtype=float)
        b = engine.loc[expected.index, column].to_numpy(dtype=float)
        both = ~(np.isnan(a) & np.isnan(b))
        if np.any(np.abs(a[both] - b[both]) > ENGINE_TOLERANCE) or np.any(np.isnan(a[both]) | np.isnan(b[both])):
            raise AssertionError(f"workbook layout and engine disagree on {column}: a defect of jkncost.workbook")


def save_stable(wb, out: str | os.PathLike[str]) -> Path:
    """Save ``wb`` atomically with fixed dates, so equal workbooks are equal files."""
    wb.properties.creator = "jkncost"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    buffered = [ws for ws in wb.worksheets if buffered_cells(ws) is not None]
    # before the styles are written: the buffered cells' formats join the workbook's style tables
    ids = {ws: style_ids(ws, buffered_cells(ws)) for ws in buffered}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    sheet_paths = {ws.path.lstrip("/"): ws for ws in buffered}
    with atomic_path(out) as tmp, zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            content = src.read(info.filename)
            ws = sheet_paths.get(info.filename)
            if ws is None:
                dst.writestr(entry, content)
                continue
            # a values-mode sheet: openpyxl wrote its frame (panes, widths), the cells stream from the buffer
            cells = buffered_cells(ws)
            text = content.decode("utf-8")
            text = re.sub(r"<dimension ref=\"[^\"]*\" ?/>", f'<dimension ref="{dimension(cells)}" />', text, count=1)
            parts = re.split(r"<sheetData ?/>|<sheetData></sheetData>", text, maxsplit=1)
            if len(parts) != 2:  # a buffered sheet also holds openpyxl cells: a defect of jkncost.workbook
                raise AssertionError(f"sheet {ws.title!r} mixes buffered and openpyxl cells")
            head, tail = parts
            with dst.open(entry, "w", force_zip64=True) as f:
                f.write((head + "<sheetData>").encode("utf-8"))
                for chunk in sheet_rows_xml(cells, ids[ws]):
                    f.write(chunk.encode("utf-8"))
                f.write(("</sheetData>" + tail).encode("utf-8"))
            del ws._jkncost_cells  # written: its memory goes back before the next sheet
    return Path(out)
