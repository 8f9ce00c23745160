"""The result sheets: cost after allocation, ``unit_cost`` (the columns of unit_cost.csv), ``check``.

``after_allocation``
    Per production center, FC, SVC and VC after allocation: the sum of its blocks' final rows.
``unit_cost``
    Row 1 holds exactly the columns of ``unit_cost.csv`` (hospital-folder format, version 2):
    ``center, output, TC1, TC2, TC3, UC1, UC2, UC3``; with a target BOR ``output_normative,
    UC1_normative, UC2_normative, UC3_normative``; with tariffs ``tariff, CRR1, CRR2, CRR3``.

    .. math::
        TC_1 = FC + SVC + VC,\\; TC_2 = SVC + VC,\\; TC_3 = VC,\\; UC_k = TC_k / Q,\\;
        Q_n = beds \\times days \\times BOR,

        UC_1^n = (FC + SVC)/Q_n + VC/Q,\\; UC_2^n = SVC/Q_n + VC/Q,\\; UC_3^n = VC/Q,\\;
        CRR_k = 100\\, tariff / UC_k

    (fixed and semi-variable cost spread over the normative output, variable cost per actual unit).
    A unit cost is empty where the output is empty.
``crr`` (with tariffs)
    The columns of crr.csv, one row per production center and tariff set:
    ``center, tariff_set, tariff, UC1, UC2, UC3, CRR1, CRR2, CRR3``.
``cost_recovery`` (with revenue)
    The columns of cost_recovery.csv: ``center, TC1, revenue, cost_recovery, surplus`` with
    cost_recovery = 100 revenue / TC1 and surplus = revenue - TC1, and a ``TOTAL`` row.
``check``
    Total cost before allocation (``costs``, or ``assets`` for FC) and after (``after_allocation``)
    per category, the difference, and TRUE where they agree to the rupiah.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jkncost.core.schemas import CRR_COLUMNS as TARIFF_COLUMNS  # unit_cost.csv's columns: its contract's lists
from jkncost.core.schemas import NORMATIVE_COLUMNS, UNIT_COST_COLUMNS
from jkncost.labels import label
from jkncost.workbook.cells import BOLD, PERCENT, RUPIAH, RUPIAH_CENTS, TITLE, WRAP, Sheet, addr, col
from jkncost.workbook.plan import CATEGORIES
from jkncost.workbook.shares import center_col


def write_after(wb, plan, where, lang: str, formulas: bool) -> dict[str, int]:
    """``after_allocation``: production centers x FC, SVC, VC. Returns the row of each center."""
    sheet = Sheet(wb.create_sheet("after_allocation"), formulas)
    sheet.header(1, ["center", *CATEGORIES, label("wb_total", lang)])
    values = plan.after_by_category()
    rows = {}
    for r, pos in enumerate(plan.production, start=2):
        name = plan.names[pos]
        rows[name] = r
        sheet.text(r, 1, name)
        for c, cat in enumerate(CATEGORIES, start=2):
            refs = [addr(where.after[b][1], center_col(pos), sheet=where.after[b][0])
                    for b, block in enumerate(plan.blocks) if block.category == cat]
            sheet.put(r, c, "=" + "+".join(refs) if refs else 0, float(values.loc[name, cat]), RUPIAH)
        sheet.put(r, 5, f"=SUM(B{r}:D{r})", float(values.loc[name].sum()), RUPIAH)
    sheet.ws.freeze_panes = "B2"
    sheet.widths({1: 24, 2: 18, 3: 18, 4: 18, 5: 18})
    return rows


def _div(num: str, den: str) -> str:
    return f'IF(OR({den}="",{den}=0),"",{num}/{den})'


def write_unit_cost(wb, plan, inputs, after_rows: dict[str, int], expected, *, bor, days, formulas: bool) -> None:
    """``unit_cost``: the columns of unit_cost.csv, every number a formula over the sheets before it.

    ``expected`` is the table the values mode writes (the plan's numbers, laid out as unit_cost.csv).
    """
    sheet = Sheet(wb.create_sheet("unit_cost"), formulas)
    columns = list(UNIT_COST_COLUMNS)
    if bor is not None:
        columns += NORMATIVE_COLUMNS
    has_tariffs = one_tariff_set(plan.hospital)
    if has_tariffs:
        columns += TARIFF_COLUMNS
    sheet.header(1, columns)
    at = {c: i for i, c in enumerate(columns, start=1)}
    a = {c: col(at[c]) for c in columns}
    out_col = col(inputs.center_col["output"])
    beds_col = col(inputs.center_col["beds"])
    for r, pos in enumerate(plan.production, start=2):
        name = plan.names[pos]
        ex = expected.loc[name]
        ar = after_rows[name]
        fc, svc, vc = (f"after_allocation!{c}{ar}" for c in "BCD")
        src = inputs.center_row[name]
        sheet.text(r, 1, name)
        q = f"{a['output']}{r}"
        sheet.put(r, at["output"], f'=IF(ISBLANK(cost_centers!{out_col}{src}),"",cost_centers!{out_col}{src})',
                  _num(ex["output"]), "#,##0.##")
        sheet.put(r, at["TC1"], f"={fc}+{svc}+{vc}", _num(ex["TC1"]), RUPIAH)
        sheet.put(r, at["TC2"], f"={svc}+{vc}", _num(ex["TC2"]), RUPIAH)
        sheet.put(r, at["TC3"], f"={vc}", _num(ex["TC3"]), RUPIAH)
        for k in (1, 2, 3):
            sheet.put(r, at[f"UC{k}"], "=" + _div(f"{a[f'TC{k}']}{r}", q), _num(ex[f"UC{k}"]), RUPIAH_CENTS)
        if bor is not None:
            qn = f"{a['output_normative']}{r}"
            sheet.put(r, at["output_normative"], f'=IF(ISBLANK(cost_centers!{beds_col}{src}),"",'
                                                 f'cost_centers!{beds_col}{src}*days_in_period*target_bor)',
                      _num(ex["output_normative"]), "#,##0.##")
            fixed = {1: f"({fc}+{svc})", 2: svc}
            for k in (1, 2):
                sheet.put(r, at[f"UC{k}_normative"],
                          f'=IF(OR({qn}="",{q}=""),"",{fixed[k]}/{qn}+{vc}/{q})', _num(ex[f"UC{k}_normative"]),
                          RUPIAH_CENTS)
            sheet.put(r, at["UC3_normative"], f'=IF(OR({qn}="",{q}=""),"",{vc}/{q})', _num(ex["UC3_normative"]),
                      RUPIAH_CENTS)
        if has_tariffs:
            t = f"{a['tariff']}{r}"
            row = next((r_ for (c_, _), r_ in inputs.tariff_row.items() if c_ == name), None)
            if row is not None:
                sheet.put(r, at["tariff"], f"=tariffs!B{row}", _num(ex["tariff"]), RUPIAH)
            for k in (1, 2, 3):
                uc = f"{a[f'UC{k}']}{r}"
                sheet.put(r, at[f"CRR{k}"], f'=IF(OR({t}="",{uc}="",{uc}=0),"",100*{t}/{uc})', _num(ex[f"CRR{k}"]),
                          PERCENT)
    sheet.ws.freeze_panes = "B2"
    sheet.widths({i: (24 if c == "center" else 16) for c, i in at.items()})


def unit_cost_table(plan, bor: float | None = None, days: float = 365) -> pd.DataFrame:
    """The plan's numbers laid out as unit_cost.csv (what the ``unit_cost`` sheet computes).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> from jkncost.workbook.plan import build_plan
    >>> t = unit_cost_table(build_plan(read_hospital(paths.raw("example_hospital")), "double"), bor=0.8)
    >>> t.loc["Kelas III", ["UC1", "UC3"]].round(0).tolist()
    [144609.0, 41388.0]
    """
    after = plan.after_by_category()
    centers = plan.hospital.centers.set_index("center")
    names = list(after.index)
    q = centers.loc[names, "output"].astype(float).to_numpy()
    fc, svc, vc = (after[c].to_numpy() for c in CATEGORIES)
    table = pd.DataFrame({"center": names, "output": q, "TC1": fc + svc + vc, "TC2": svc + vc, "TC3": vc},
                         index=pd.Index(names, name="center"))
    with np.errstate(divide="ignore", invalid="ignore"):
        for k in (1, 2, 3):
            table[f"UC{k}"] = table[f"TC{k}"] / q
        if bor is not None:
            beds = centers.loc[names, "beds"].astype(float).to_numpy() if "beds" in centers else np.full(len(q), np.nan)
            qn = beds * days * bor
            table["output_normative"] = qn
            table["UC1_normative"] = (fc + svc) / qn + vc / q
            table["UC2_normative"] = svc / qn + vc / q
            table["UC3_normative"] = vc / q + 0 * qn  # empty where there is no normative output
        tariffs = getattr(plan.hospital, "tariffs", None)
        if one_tariff_set(plan.hospital):
            t = tariffs.set_index("center")["tariff"].astype(float).reindex(names).to_numpy()
            table["tariff"] = t
            for k in (1, 2, 3):
                table[f"CRR{k}"] = 100 * t / table[f"UC{k}"].to_numpy()
    return table.replace([np.inf, -np.inf], np.nan)


def one_tariff_set(hospital) -> bool:
    """True when the hospital has tariffs of one set only: unit_cost then carries tariff and CRR1-3."""
    from jkncost.costing.recovery import tariff_sets

    return len(tariff_sets(getattr(hospital, "tariffs", None))) == 1


def write_crr(wb, plan, inputs, crr: pd.DataFrame, uc_columns: dict[str, int], formulas: bool) -> None:
    """``crr``: one row per production center and tariff set (crr.csv), each CRR a formula over ``tariffs``
    and ``unit_cost``."""
    sheet = Sheet(wb.create_sheet("crr"), formulas)
    columns = ["center", "tariff_set", "tariff", "UC1", "UC2", "UC3", "CRR1", "CRR2", "CRR3"]
    sheet.header(1, columns)
    uc_row = {plan.names[pos]: r for r, pos in enumerate(plan.production, start=2)}
    for r, rec in enumerate(crr.itertuples(index=False), start=2):
        sheet.text(r, 1, rec.center)
        sheet.text(r, 2, rec.tariff_set)
        sheet.put(r, 3, f"=tariffs!B{inputs.tariff_row[(rec.center, rec.tariff_set)]}", _num(rec.tariff), RUPIAH)
        for k in (1, 2, 3):
            sheet.put(r, 3 + k, f"=unit_cost!{col(uc_columns[f'UC{k}'])}{uc_row[rec.center]}",
                      _num(getattr(rec, f"UC{k}")), RUPIAH_CENTS)
            uc = f"{col(3 + k)}{r}"
            sheet.put(r, 6 + k, f'=IF(OR(C{r}="",{uc}="",{uc}=0),"",100*C{r}/{uc})', _num(getattr(rec, f"CRR{k}")),
                      PERCENT)
    sheet.ws.freeze_panes = "B2"
    sheet.widths({1: 24, 2: 18, **{i: 16 for i in range(3, 10)}})


def write_cost_recovery(wb, plan, inputs, recovery: pd.DataFrame, formulas: bool) -> None:
    """``cost_recovery``: revenue against TC1 per center (cost_recovery.csv), formulas over ``revenue`` and
    ``unit_cost``, and the TOTAL row."""
    sheet = Sheet(wb.create_sheet("cost_recovery"), formulas)
    sheet.header(1, ["center", "TC1", "revenue", "cost_recovery", "surplus"])
    uc_row = {plan.names[pos]: r for r, pos in enumerate(plan.production, start=2)}
    last = len(recovery)  # the TOTAL row
    for r, rec in enumerate(recovery.itertuples(index=False), start=2):
        sheet.text(r, 1, rec.center, font=BOLD if r == last + 1 else None)
        if r <= last:
            sheet.put(r, 2, f"=unit_cost!C{uc_row[rec.center]}", _num(rec.TC1), RUPIAH)
            sheet.put(r, 3, f"=revenue!B{inputs.revenue_row[rec.center]}", _num(rec.revenue), RUPIAH)
        else:
            sheet.put(r, 2, f"=SUM(B2:B{r - 1})", _num(rec.TC1), RUPIAH, font=BOLD)
            sheet.put(r, 3, f"=SUM(C2:C{r - 1})", _num(rec.revenue), RUPIAH, font=BOLD)
        sheet.put(r, 4, f'=IF(OR(B{r}="",B{r}=0),"",100*C{r}/B{r})', _num(rec.cost_recovery), PERCENT)
        sheet.put(r, 5, f"=C{r}-B{r}", _num(rec.surplus), RUPIAH_CENTS)
    sheet.ws.freeze_panes = "B2"
    sheet.widths({1: 24, 2: 18, 3: 18, 4: 16, 5: 18})


def _num(x):
    x = float(x) if x is not None else float("nan")
    return None if np.isnan(x) else x


def write_check(wb, plan, inputs, n_production: int, lang: str, formulas: bool) -> None:
    """``check``: total cost before and after allocation per category, TRUE where they agree to the rupiah."""
    sheet = Sheet(wb.create_sheet("check"), formulas)
    sheet.header(1, [label(k, lang) for k in ("wb_category", "wb_before", "wb_after", "wb_difference",
                                               "wb_agree")])
    before = plan.costs.groupby("category")["amount"].sum()
    after = plan.after_by_category().sum()
    last = n_production + 1
    for r, (c, cat) in enumerate(zip("BCD", CATEGORIES), start=2):
        b, a = float(before.get(cat, 0.0)), float(after[cat])
        sheet.text(r, 1, cat, font=BOLD)
        if cat == "FC" and inputs.has_assets:
            sheet.put(r, 2, "=SUM(assets_amount)", b, RUPIAH)
        else:
            sheet.put(r, 2, f'=SUMIFS(costs_amount,costs_category,"{cat}")', b, RUPIAH)
        sheet.put(r, 3, f"=SUM(after_allocation!{c}2:{c}{last})", a, RUPIAH)
        sheet.put(r, 4, f"=C{r}-B{r}", a - b, RUPIAH_CENTS)
        sheet.put(r, 5, f"=ABS(D{r})<1", bool(abs(a - b) < 1))
    sheet.text(5, 1, label("wb_total", lang), font=BOLD)
    sheet.put(5, 2, "=SUM(B2:B4)", float(before.sum()), RUPIAH, font=BOLD)
    sheet.put(5, 3, "=SUM(C2:C4)", float(after.sum()), RUPIAH, font=BOLD)
    sheet.put(5, 4, "=C5-B5", float(after.sum() - before.sum()), RUPIAH_CENTS, font=BOLD)
    sheet.text(7, 1, label("wb_all_agree", lang), font=TITLE)
    sheet.put(7, 5, "=AND(E2:E4)", bool(all(abs(float(after[c]) - float(before.get(c, 0.0))) < 1
                                            for c in CATEGORIES)), font=TITLE)
    sheet.ws.freeze_panes = "A2"
    sheet.widths({1: 30, 2: 20, 3: 20, 4: 16, 5: 12})


def write_read_me(wb, plan, *, method: str, bor, lang: str, formulas: bool, sheets: list[str]) -> None:
    """``read_me``: what the workbook is, what each sheet holds, how to change an input."""
    ws = wb.create_sheet("read_me", 0)
    sheet = Sheet(ws, True)
    lines = [(label("wb_readme_title", lang, hospital=plan.hospital.name), TITLE),
             (label("wb_readme_method", lang, method=label(f"wb_method_{method}", lang)), None),
             (label("wb_readme_formulas" if formulas else "wb_readme_values", lang), BOLD),
             (label("wb_readme_change", lang), None),
             (label("wb_readme_structure", lang), None),
             ("", None),
             (label("wb_readme_sheets", lang), TITLE)]
    r = 1
    for text, font in lines:
        sheet.text(r, 1, text, font=font).alignment = WRAP
        r += 1
    for name in sheets:
        sheet.text(r, 1, name, font=BOLD)
        sheet.text(r, 2, label(f"wb_sheet_{name}", lang)).alignment = WRAP
        r += 1
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 110
    for row in range(1, len(lines) + 1):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.row_dimensions[row].height = 32 if row > 1 else 20
