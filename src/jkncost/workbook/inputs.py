"""The input sheets: the hospital folder as given, as values, with the format's column names.

``cost_centers``, ``costs``, ``allocation_bases`` (a reference to a table of ``basis_weights`` written
out as the table's rows, one per receiver), ``tariffs`` and ``revenue`` (when the folder has them) and
``assets`` (when it has an asset register, with the annualized investment cost of each asset as a
formula), plus ``parameters`` (method, target BOR, days in the period, the annualization rate).
Each column that formulas read gets a workbook-wide name (``costs_amount``, ``bases_weight`` ...),
so a formula reads ``SUMIFS(costs_amount, costs_center, "IGD", costs_category, "FC")``.

The cells a user may change (amounts, weights, outputs, beds, tariffs, parameters) are shaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName

from jkncost.labels import label
from jkncost.workbook.cells import BOLD, COUNT, INPUT_FILL, RUPIAH, Sheet, addr, span

CENTER_COLUMNS = ["center", "kind", "output", "output_unit", "beds", "order"]
COST_COLUMNS = ["center", "category", "component", "amount"]
TARIFF_COLUMNS = ["center", "tariff", "source", "tariff_set"]
REVENUE_COLUMNS = ["center", "revenue"]
ASSET_COLUMNS = ["center", "asset", "group", "purchase_value", "years_in_use", "useful_life"]
_EDITABLE = {"output", "beds", "amount", "weight", "tariff", "purchase_value", "years_in_use", "useful_life",
             "revenue"}
_MONEY = {"amount", "tariff", "purchase_value", "revenue"}


@dataclass
class Inputs:
    """Where the input values sit: row of each center, of each tariff, and the names defined."""

    center_row: dict[str, int] = field(default_factory=dict)
    center_col: dict[str, int] = field(default_factory=dict)  # column of each cost_centers field
    tariff_row: dict[tuple[str, str], int] = field(default_factory=dict)  # (center, tariff_set) -> row
    revenue_row: dict[str, int] = field(default_factory=dict)
    bases_columns: list[str] = field(default_factory=list)
    has_assets: bool = False
    names: set[str] = field(default_factory=set)


def _define(wb, name: str, ref: str, inputs: Inputs) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=ref)
    inputs.names.add(name)


def _table(wb, title: str, frame: pd.DataFrame, columns: list[str], prefix: str, inputs: Inputs,
           named: tuple[str, ...], formulas: bool) -> Sheet:
    sheet = Sheet(wb.create_sheet(title), formulas)
    sheet.header(1, columns)
    for r, rec in enumerate(frame[columns].itertuples(index=False), start=2):
        for c, (name, value) in enumerate(zip(columns, rec), start=1):
            cell = sheet.text(r, c, value, fill=INPUT_FILL if name in _EDITABLE else None)
            if name in _MONEY:
                cell.number_format = RUPIAH
            elif name in _EDITABLE:
                cell.number_format = COUNT
    last = max(len(frame) + 1, 2)
    for name in named:
        if name in columns:
            c = columns.index(name) + 1
            _define(wb, f"{prefix}_{name}", span(2, c, last, c, sheet=title, absolute=True), inputs)
    sheet.ws.freeze_panes = "A2"
    sheet.widths({c: max(12, min(40, 2 + max([len(str(x)) for x in [name, *frame[name].head(200)]])))
                  for c, name in enumerate(columns, start=1)})
    return sheet


def write_inputs(wb, plan, *, bor: float | None, days: float, fc_method: str, rate: float, lang: str,
                 formulas: bool) -> Inputs:
    """Write the input sheets and ``parameters``; return where things are."""
    hospital = plan.hospital
    inputs = Inputs()
    _parameters(wb, plan, bor=bor, days=days, fc_method=fc_method, rate=rate, lang=lang, inputs=inputs)

    centers = hospital.centers.copy()
    for c in CENTER_COLUMNS:
        if c not in centers:
            centers[c] = np.nan
    _table(wb, "cost_centers", centers, CENTER_COLUMNS, "centers", inputs, ("center", "output", "beds"), formulas)
    inputs.center_row = {name: r for r, name in enumerate(centers["center"], start=2)}
    inputs.center_col = {name: c for c, name in enumerate(CENTER_COLUMNS, start=1)}

    _table(wb, "costs", hospital.costs, COST_COLUMNS, "costs", inputs,
           ("center", "category", "component", "amount"), formulas)

    bases = hospital.bases
    columns = ["support_center"] + [c for c in ("category", "component") if c in bases.columns] + \
              ["basis", "center", "weight"]
    inputs.bases_columns = columns
    if len(bases):
        _table(wb, "allocation_bases", bases, columns, "bases", inputs,
               ("support_center", "category", "component", "center", "weight"), formulas)
    else:
        _table(wb, "allocation_bases", bases.reindex(columns=columns), columns, "bases", inputs, (), formulas)

    tariffs = getattr(hospital, "tariffs", None)
    if tariffs is not None:
        tariffs = tariffs.copy()
        if "source" not in tariffs:
            tariffs["source"] = ""
        if "tariff_set" not in tariffs:
            tariffs["tariff_set"] = "tariff"
        _table(wb, "tariffs", tariffs, TARIFF_COLUMNS, "tariffs", inputs, ("center", "tariff"), formulas)
        inputs.tariff_row = {key: r for r, key in enumerate(zip(tariffs["center"], tariffs["tariff_set"]), start=2)}

    revenue = getattr(hospital, "revenue", None)
    if revenue is not None:
        _table(wb, "revenue", revenue, REVENUE_COLUMNS, "revenue", inputs, ("center", "revenue"), formulas)
        inputs.revenue_row = {name: r for r, name in enumerate(revenue["center"], start=2)}

    if getattr(hospital, "assets", None) is not None:
        _assets(wb, hospital.assets, fc_method, rate, inputs, formulas)
    return inputs


def _parameters(wb, plan, *, bor, days, fc_method, rate, lang, inputs: Inputs) -> None:
    sheet = Sheet(wb.create_sheet("parameters"), True)
    sheet.header(1, [label("wb_parameter", lang), label("wb_value", lang), label("wb_meaning", lang)])
    rows = [("method", plan.method, "wb_param_method", None)]
    if bor is not None:
        rows.append(("target_bor", float(bor), "wb_param_bor", "target_bor"))
    rows.append(("days_in_period", float(days), "wb_param_days", "days_in_period"))
    if getattr(plan.hospital, "assets", None) is not None:
        rows.append(("fc_method", fc_method, "wb_param_fc_method", None))
        rows.append(("asset_rate", float(rate), "wb_param_rate", "asset_rate"))
    for r, (name, value, key, defined) in enumerate(rows, start=2):
        sheet.text(r, 1, name, font=BOLD)
        sheet.text(r, 2, value, fill=INPUT_FILL if defined else None)
        sheet.text(r, 3, label(key, lang))
        if defined:
            _define(wb, defined, addr(r, 2, sheet="parameters", absolute=True), inputs)
    sheet.ws.freeze_panes = "A2"
    sheet.widths({1: 18, 2: 14, 3: 90})


def aic_formula(fc_method: str, row: int) -> str:
    """The annualized investment cost of the asset on ``row`` as a formula (columns of ``assets``).

    ``inflation``: IIC (1 + i)^t / L; ``annuity``: K r / (1 - (1 + r)^-n), K / n when r = 0
    (:mod:`jkncost.costing.annualize`).
    """
    pv, t, life = addr(row, 4), addr(row, 5), addr(row, 6)
    if fc_method == "inflation":
        return f"={pv}*(1+asset_rate)^{t}/{life}"
    return f"=IF(asset_rate=0,{pv}/{life},{pv}*asset_rate/(1-(1+asset_rate)^(-{life})))"


def _assets(wb, assets: pd.DataFrame, fc_method: str, rate: float, inputs: Inputs, formulas: bool) -> None:
    from jkncost.costing.annualize import aic_inflation, eac_annuity

    columns = ASSET_COLUMNS + ["component", "amount"]
    frame = assets[ASSET_COLUMNS].copy()
    frame["component"] = ""
    frame["amount"] = np.nan
    sheet = _table(wb, "assets", frame, columns, "assets", inputs, ("center", "component", "amount"), formulas)
    for r, rec in enumerate(assets[ASSET_COLUMNS].itertuples(index=False), start=2):
        center, asset, group, pv, years, life = rec
        value = (aic_inflation(pv, rate, years, life) if fc_method == "inflation" else eac_annuity(pv, life, rate))
        sheet.put(r, 7, f'="AIC "&{addr(r, 3)}', "AIC " + str(group))
        sheet.put(r, 8, aic_formula(fc_method, r), float(value), RUPIAH).fill = PatternFill()  # computed, not input
    inputs.has_assets = True
