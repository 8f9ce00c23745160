"""The audit workbook of activity-based costing: pool rates and costs per object as live Excel formulas.

``write_activity_workbook(folder, "abc.xlsx")`` writes the ABC part of an activity folder
(``docs/activity-folder.md``) as one ``.xlsx``: the inputs as values (``resources``,
``resource_drivers``, ``activities``, ``driver_quantities``, ``cost_objects``) and every result a
formula over them, so an auditor can follow a rupiah from a resource to a cost object and change a
weight, a cost, a capacity or a quantity and see the rates follow:

- ``resource_drivers``: share = weight / the resource's total weight, amount = share x the resource's amount;
- ``activities``: resource cost = the amounts traced to it, cost = direct + resource cost, quantity = the
  total quantity of its driver, rate = cost / capacity (else / quantity), applied = rate x quantity,
  unused_cost = cost - applied;
- ``activity_rates``: per pool (driver) its cost, quantity, rate and unused cost (sums over its activities);
- ``driver_quantities``: the pool rate of each row and its cost (rate x quantity);
- ``cost_objects``: cost = the costs of its quantities, unit cost = cost / output, ABC tariff = unit cost x
  (1 + markup), difference = tariff - unit cost;
- ``check``: resources + direct costs, the activities' cost, the objects' cost + unused cost.

The formulas are those of :mod:`jkncost.activity.abc` (a pool's one capacity already filled in on each
of its activities); ``tests/test_activity_workbook.py`` evaluates every formula and compares it with the
engine to the rupiah.

Examples
--------
>>> import tempfile, pathlib, openpyxl
>>> from jkncost.activity import read_activity_folder
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "activities.csv").write_text("activity,level,driver,cost\\nVisite,patient,visit,1500000\\n")
>>> _ = (d / "cost_objects.csv").write_text("cost_object,output\\nVIP,10\\n")
>>> _ = (d / "driver_quantities.csv").write_text("driver,cost_object,quantity\\nvisit,VIP,30\\n")
>>> out = write_activity_workbook(read_activity_folder(d), d / "abc.xlsx")
>>> openpyxl.load_workbook(out)["cost_objects"]["D2"].value
'=IF(OR(C2="",C2=0),"",B2/C2)'
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Font

from jkncost.activity.stages import pool_capacity
from jkncost.workbook.writer import save_stable

_BOLD = Font(bold=True)
_NUMBER = "#,##0.00"
_FORMATS = {("cost_objects", "E"): "0.0%", ("resource_drivers", "D"): "0.0000"}


def _column(sheet: str, letter: str, n: int) -> str:
    """An absolute range over the data rows of one column: ``sheet!$A$2:$A$13`` (one row at least)."""
    return f"{sheet}!${letter}$2:${letter}${max(n, 1) + 1}"


def _value(x):
    """A cell value: None for NaN or blank text, Python numbers otherwise."""
    if x is None:
        return None
    if isinstance(x, (float, np.floating)):
        return None if np.isnan(x) else float(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    return x if str(x) != "" else None


def _sheet(wb, name: str, header: list[str], rows: list[list]):
    ws = wb.create_sheet(name)
    ws.append(header)
    for cell in ws[1]:
        cell.font = _BOLD
    for row in rows:
        ws.append([_value(v) for v in row])
    ws.freeze_panes = "A2"
    for i, _ in enumerate(header):
        ws.column_dimensions[chr(ord("A") + i)].width = 18
    return ws


def write_activity_workbook(folder, out: str | os.PathLike[str], markup: float | None = None) -> Path:
    """Write the ABC audit workbook of an activity folder (see the module's notes).

    Parameters
    ----------
    folder : ActivityFolder
        From :func:`jkncost.activity.read_activity_folder`, with the ABC part.
    out : path-like
        The ``.xlsx`` to write (atomically, byte-stable).
    markup : float, optional
        Markup where ``cost_objects`` gives none (as ``jkncost abc --markup``).

    Returns
    -------
    Path
    """
    if folder.activities is None:
        raise ValueError("the folder has no activities: the audit workbook covers the ABC part")
    acts, objects, qty = folder.activities, folder.cost_objects, folder.driver_quantities
    n_act, n_obj, n_q = len(acts), len(objects), len(qty)
    drivers = list(dict.fromkeys(acts["driver"].tolist()))
    wb = Workbook()
    wb.remove(wb.active)

    resources, weights = folder.resources, folder.resource_drivers
    has_stage1 = resources is not None and weights is not None and len(resources) > 0
    if has_stage1:
        n_r, n_w = len(resources), len(weights)
        _sheet(wb, "resources", ["resource", "category", "amount"],
               resources[["resource", "category", "amount"]].to_numpy().tolist())
        rows = []
        for i, (res, act, w) in enumerate(weights[["resource", "activity", "weight"]].to_numpy().tolist(), start=2):
            rows.append([res, act, w,
                         f"=C{i}/SUMIF({_column('resource_drivers', 'A', n_w)},A{i},"
                         f"{_column('resource_drivers', 'C', n_w)})",
                         f"=D{i}*INDEX({_column('resources', 'C', n_r)},MATCH(A{i},{_column('resources', 'A', n_r)},0))"])
        _sheet(wb, "resource_drivers", ["resource", "activity", "weight", "share", "amount"], rows)

    pool = np.array([drivers.index(d) for d in acts["driver"]])
    capacity = pool_capacity(acts["capacity"].to_numpy(dtype=float), pool, len(drivers))
    dq_driver, dq_qty = _column("driver_quantities", "A", n_q), _column("driver_quantities", "C", n_q)
    rows = []
    for i, (name, level, driver, cost) in enumerate(acts[["activity", "level", "driver", "cost"]].to_numpy().tolist(),
                                                    start=2):
        traced = (f"=SUMIF({_column('resource_drivers', 'B', n_w)},A{i},{_column('resource_drivers', 'E', n_w)})"
                  if has_stage1 else 0)
        rows.append([name, level, driver, 0 if cost != cost else cost, traced, f"=D{i}+E{i}", capacity[i - 2],
                     f"=SUMIF({dq_driver},C{i},{dq_qty})",
                     f'=IF(G{i}="",IF(H{i}=0,0,F{i}/H{i}),F{i}/G{i})', f"=I{i}*H{i}", f"=F{i}-J{i}"])
    _sheet(wb, "activities", ["activity", "level", "driver", "direct_cost", "resource_cost", "cost", "capacity",
                              "quantity", "rate", "applied", "unused_cost"], rows)

    a_driver = _column("activities", "C", n_act)
    n_p = len(drivers)
    rows = []
    for i, driver in enumerate(drivers, start=2):
        members = "; ".join(str(a) for a, d in zip(acts["activity"], acts["driver"]) if d == driver)
        rows.append([driver, members, f"=SUMIF({a_driver},A{i},{_column('activities', 'F', n_act)})",
                     f"=SUMIF({dq_driver},A{i},{dq_qty})",
                     f"=SUMIF({a_driver},A{i},{_column('activities', 'I', n_act)})",
                     f"=SUMIF({a_driver},A{i},{_column('activities', 'K', n_act)})"])
    _sheet(wb, "activity_rates", ["driver", "activities", "cost", "quantity", "rate", "unused_cost"], rows)

    rows = []
    for i, (driver, obj, q) in enumerate(qty[["driver", "cost_object", "quantity"]].to_numpy().tolist(), start=2):
        rows.append([driver, obj, q,
                     f"=SUMIF({_column('activity_rates', 'A', n_p)},A{i},{_column('activity_rates', 'E', n_p)})",
                     f"=C{i}*D{i}"])
    _sheet(wb, "driver_quantities", ["driver", "cost_object", "quantity", "rate", "cost"], rows)

    marks = objects["markup"].to_numpy(dtype=float)
    if markup is not None:
        marks = np.where(np.isnan(marks), float(markup), marks)
    rows = []
    for i, (obj, output, tariff) in enumerate(objects[["cost_object", "output", "tariff"]].to_numpy().tolist(),
                                              start=2):
        rows.append([obj, f"=SUMIF({_column('driver_quantities', 'B', n_q)},A{i},"
                          f"{_column('driver_quantities', 'E', n_q)})",
                     output, f'=IF(OR(C{i}="",C{i}=0),"",B{i}/C{i})', marks[i - 2],
                     f'=IF(OR(D{i}="",E{i}=""),"",D{i}*(1+E{i}))', tariff, f'=IF(OR(G{i}="",D{i}=""),"",G{i}-D{i})'])
    _sheet(wb, "cost_objects", ["cost_object", "cost", "output", "unit_cost", "markup", "abc_tariff", "tariff",
                                "difference"], rows)

    resources_total = f"SUM({_column('resources', 'C', len(resources))})" if has_stage1 else "0"
    rows = [["resources + direct costs", f"={resources_total}+SUM({_column('activities', 'D', n_act)})"],
            ["activities", f"=SUM({_column('activities', 'F', n_act)})"],
            ["cost objects + unused capacity", f"=SUM({_column('cost_objects', 'B', n_obj)})"
                                                f"+SUM({_column('activity_rates', 'F', n_p)})"],
            ["difference (0 when conserved)", "=B4-B2"]]
    _sheet(wb, "check", ["what", "amount"], rows)
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, (int, float)) or (isinstance(cell.value, str) and cell.value.startswith("=")):
                    cell.number_format = _FORMATS.get((ws.title, cell.column_letter), _NUMBER)
    wb.calculation.fullCalcOnLoad = True  # openpyxl stores no results: Excel and LibreOffice compute on opening
    return save_stable(wb, out)


__all__ = ["write_activity_workbook"]
