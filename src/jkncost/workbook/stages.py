"""The calculation sheets: direct cost, then the allocation stage by stage, every amount a formula.

``direct_cost``
    One row per block (a category, or the components of a category that share their rule sets):
    each center's direct cost, ``SUMIFS`` over ``costs`` (or, for FC with an asset register, over
    the annualized costs of ``assets``).
``shared_pools``
    When the hospital has shared cost pools: each pool's cost to the support and production
    centers by its shares, first of all (format version 2).
then, for the method,
``direct`` / ``stepdown`` / ``stage_1`` and ``stage_2`` / ``reciprocal``
    For each block: the cost before the stage, one row per sending center (its amount in column E,
    the amount each receiver gets = amount x share), and the cost after the stage
    (= before + received - sent). ``stepdown`` sends in closing order, each center's amount being
    its own cost plus what the centers closed before it sent it. ``reciprocal`` holds the matrix
    ``I - Q`` of the support centers' mutual shares and their full cost as the array formula
    ``MMULT(cost before, MINVERSE(I - Q))``: the exact solution of ``x = d + x Q``.

Every center keeps its column on every calculation sheet (and on ``shares``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from openpyxl.worksheet.formula import ArrayFormula

from jkncost.labels import label
from jkncost.workbook.cells import BOLD, RUPIAH, SHARE, TITLE, Sheet, addr, sum_if
from jkncost.workbook.shares import Shares, center_col, center_condition, header_rows

STAGE_SHEETS = {"pool": "shared_pools", "direct": "direct", "step": "stepdown", "stage 1": "stage_1",
                "stage 2": "stage_2", "reciprocal": "reciprocal"}


@dataclass
class Where:
    """Row of each block's final cost (on ``sheet``) for the result sheets."""

    after: dict[int, tuple[str, int]] = field(default_factory=dict)  # block index -> (sheet, row)


def _key_header(lang: str) -> list[str]:
    return [label(k, lang) for k in ("wb_category", "wb_components", "wb_row", "wb_rule_set", "wb_amount_sent")]


def _block_labels(sheet: Sheet, row: int, block, lang: str) -> None:
    sheet.text(row, 1, block.category, font=BOLD)
    sheet.text(row, 2, label("wb_all_components", lang) if block.whole_category else ", ".join(block.components))


def direct_formula(plan, block, pos: int, has_assets: bool) -> str:
    """Direct cost of center ``pos`` in ``block``: SUMIFS over ``costs`` (or ``assets`` for FC).

    A block holding only some components of its category sums them, or, when they are the many,
    takes the category's total less the few others, so a formula stays short (Excel allows 8,192
    characters) whatever the number of components.
    """
    if has_assets and block.category == "FC":
        amount, base, component = "assets_amount", [center_condition(plan, "assets_center", pos)], "assets_component"
    else:
        amount, component = "costs_amount", "costs_component"
        base = [center_condition(plan, "costs_center", pos), ("costs_category", block.category, None)]
    exact = plan.case_clash
    whole = sum_if(amount, base, exact)
    if block.whole_category:
        return "=" + whole
    others = sorted(plan.components_of(block.category) - set(block.components))
    if len(block.components) <= len(others):
        return "=" + "+".join(sum_if(amount, [*base, (component, k, None)], exact) for k in block.components)
    return "=" + whole + "".join("-" + sum_if(amount, [*base, (component, k, None)], exact) for k in others)


def write_stages(wb, plan, shares: Shares, lang: str, formulas: bool, has_assets: bool) -> Where:
    """Write ``direct_cost`` and one sheet per stage of the method; return where each block ends."""
    where = Where()
    sheet = Sheet(wb.create_sheet("direct_cost"), formulas)
    header_rows(sheet, plan, lang, _key_header(lang)[:4] + [label("wb_total", lang)])
    _key_widths(sheet)
    last: dict[int, tuple[str, int]] = {}
    for b, block in enumerate(plan.blocks):
        r = 3 + b
        _block_labels(sheet, r, block, lang)
        sheet.text(r, 3, label("wb_direct_cost", lang))
        for pos in range(plan.n):
            sheet.put(r, center_col(pos), direct_formula(plan, block, pos, has_assets), float(block.direct[pos]),
                      RUPIAH)
        sheet.put(r, 5, f"=SUM({addr(r, center_col(0))}:{addr(r, center_col(plan.n - 1))})",
                  float(block.direct.sum()), RUPIAH)
        last[b] = ("direct_cost", r)
    stage_names = [s.name for s in plan.blocks[0].stages] if plan.blocks else []
    for k, name in enumerate(stage_names):
        title = STAGE_SHEETS[name]
        sheet = Sheet(wb.create_sheet(title), formulas)
        header_rows(sheet, plan, lang, _key_header(lang))
        _key_widths(sheet)
        r = 3
        for b, block in enumerate(plan.blocks):
            r = _write_block_stage(sheet, r, plan, block, block.stages[k], last[b], shares, lang)
            last[b] = (title, r - 2)
    where.after = last
    return where


def _key_widths(sheet: Sheet) -> None:
    sheet.widths({1: 8, 2: 18, 3: 26, 4: 22, 5: 18})


def _write_block_stage(sheet: Sheet, r: int, plan, block, stage, previous: tuple[str, int], shares: Shares,
                       lang: str) -> int:
    """One block's part of a stage sheet, from row ``r``; returns the next free row."""
    n = plan.n
    _block_labels(sheet, r, block, lang)
    sheet.text(r, 3, label(f"wb_stage_{stage.name.replace(' ', '_')}", lang), font=TITLE)
    r += 1
    before_row = r
    prev_sheet, prev_row = previous
    before = _before_values(block, stage)
    sheet.text(r, 3, label("wb_cost_before", lang), font=BOLD)
    for pos in range(n):
        sheet.put(r, center_col(pos), f"={addr(prev_row, center_col(pos), sheet=prev_sheet)}", float(before[pos]),
                  RUPIAH)
    sheet.put(r, 5, f"=SUM({addr(r, center_col(0))}:{addr(r, center_col(n - 1))})", float(before.sum()), RUPIAH)
    r += 1
    full_row = None
    if stage.name == "reciprocal":
        full_row, r = _reciprocal_matrix(sheet, r, plan, block, before_row, shares, lang)
    first_flow = r
    sender_row = {}
    for k, s in enumerate(stage.senders):
        sender_row[s] = r
        rule = block.rule_of.get(s)
        sheet.text(r, 3, plan.names[s])
        if rule is None:  # holds none of this block's cost (the reader checks): sends nothing
            sheet.text(r, 4, label("wb_no_rule_set", lang))
        else:
            rule_set = plan.rules[rule]
            sheet.text(r, 4, f"{rule_set.sender} | {rule_set.category or label('wb_any', lang)} | "
                             f"{rule_set.component or label('wb_any', lang)}")
        own = addr(before_row, center_col(s))
        if stage.name == "step" and k > 0:  # its own cost plus what the centers closed before it sent it
            sent = f"={own}+SUM({addr(first_flow, center_col(s))}:{addr(r - 1, center_col(s))})"
        elif stage.name == "reciprocal":
            sent = f"={addr(full_row, center_col(s))}"
        else:
            sent = f"={own}"
        sheet.put(r, 5, sent, float(stage.sent[k]), RUPIAH, font=BOLD)
        sent_ref = addr(r, 5, abs_col=True)
        flows = stage.flows[k]
        for pos in (np.flatnonzero(plan.eligible(stage.context, s)) if rule is not None else []):
            sheet.put(r, center_col(pos), f"={sent_ref}*{shares.cell(rule, stage.context, pos)}" if sheet.formulas
                      else None, float(flows[pos]), RUPIAH)
        r += 1
    last_flow = r - 1
    sheet.text(r, 3, label("wb_cost_after", lang), font=BOLD)
    for pos in range(n):
        c = center_col(pos)
        f = f"={addr(before_row, c)}"
        if stage.senders:
            f += f"+SUM({addr(first_flow, c)}:{addr(last_flow, c)})"
        if pos in sender_row:
            f += f"-{addr(sender_row[pos], 5)}"
        sheet.put(r, c, f, float(stage.after[pos]), RUPIAH, font=BOLD)
    sheet.put(r, 5, f"=SUM({addr(r, center_col(0))}:{addr(r, center_col(n - 1))})", float(stage.after.sum()), RUPIAH)
    return r + 2


def _before_values(block, stage) -> np.ndarray:
    i = block.stages.index(stage)
    return block.direct if i == 0 else block.stages[i - 1].after


def _reciprocal_matrix(sheet: Sheet, r: int, plan, block, before_row: int, shares: Shares, lang: str):
    """Rows of ``I - Q`` over the support centers, then their full cost as one array formula."""
    S = plan.support
    M = block.inverse_input
    top = r
    for i, s in enumerate(S):
        sheet.text(r, 3, label("wb_identity_minus_q", lang))
        sheet.text(r, 4, plan.names[s])
        for j, t in enumerate(S):
            if i == j:
                sheet.put(r, center_col(t), 1, 1.0, SHARE)
            elif s not in block.rule_of:
                sheet.put(r, center_col(t), 0, 0.0, SHARE)
            else:
                sheet.put(r, center_col(t), f"=-{shares.cell(block.rule_of[s], 'others', t)}", float(M[i, j]), SHARE)
        r += 1
    full_row = r
    first, last = center_col(S[0]), center_col(S[-1])
    sheet.text(r, 3, label("wb_full_cost", lang), font=BOLD)
    rng = f"{addr(r, first)}:{addr(r, last)}"
    formula = (f"=MMULT({addr(before_row, first)}:{addr(before_row, last)},"
               f"MINVERSE({addr(top, first)}:{addr(full_row - 1, last)}))")
    sent = block.stages[-1].sent
    if sheet.formulas:
        sheet.ws.cell(row=r, column=first).value = ArrayFormula(rng, formula)
        for j, t in enumerate(S):
            sheet.ws.cell(row=r, column=center_col(t)).number_format = RUPIAH
    else:
        for j, t in enumerate(S):
            sheet.put(r, center_col(t), None, float(sent[j]), RUPIAH)
    return full_row, r + 1
