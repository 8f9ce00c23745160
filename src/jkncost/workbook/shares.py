"""The ``shares`` sheet: each allocation rule set's weights and normalized shares, as formulas.

First section: the weight of every center in every rule set, ``SUMIFS`` over ``allocation_bases``
(sender, category, component and receiving center), as given (a sender's own weight is shown but
never used). Then one section per sharing context of the method (see :mod:`jkncost.workbook.plan`):
column E holds the sum of the weights of the eligible receivers, and each eligible receiver's
share is its weight divided by that sum, so each row of shares adds up to 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from jkncost.labels import label
from jkncost.workbook.cells import BOLD, FIRST_CENTER_COL, SHARE, TITLE, WEIGHT, Sheet, addr, sum_if
from jkncost.workbook.plan import CONTEXTS

KEY_COLUMNS = ["support_center", "category", "component", "basis"]


def center_col(pos: int) -> int:
    """Column of the center at display position ``pos`` on every calculation sheet."""
    return FIRST_CENTER_COL + pos


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Contiguous runs ``(first, last)`` of True positions.

    >>> runs(np.array([0, 1, 1, 0, 1], dtype=bool))
    [(1, 2), (4, 4)]
    """
    out: list[tuple[int, int]] = []
    for i in np.flatnonzero(mask):
        if out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], int(i))
        else:
            out.append((int(i), int(i)))
    return out


def sum_formula(row: int, mask: np.ndarray) -> str:
    """``SUM`` of the cells of ``row`` at the True positions of ``mask``, as few ranges as possible."""
    parts = [addr(row, center_col(a)) if a == b else f"{addr(row, center_col(a))}:{addr(row, center_col(b))}"
             for a, b in runs(mask)]
    return f"=SUM({','.join(parts)})" if parts else "=0"


def center_condition(plan, rng: str, pos: int) -> tuple[str, str, str]:
    """The condition ``rng`` = center ``pos``, read from the center's header cell (row 1)."""
    return rng, plan.names[pos], addr(1, center_col(pos), abs_row=True)


def header_rows(sheet: Sheet, plan, lang: str, first: list[str]) -> None:
    """Row 1: the labels of the key columns then the centers; row 2: each center's kind."""
    sheet.header(1, first)
    sheet.header(1, plan.names, start=FIRST_CENTER_COL)
    for pos, kind in enumerate(plan.kinds):
        sheet.text(2, center_col(pos), label(f"wb_kind_{kind}", lang))
    sheet.ws.freeze_panes = addr(3, FIRST_CENTER_COL)
    sheet.widths({center_col(p): max(13, min(24, len(n) + 2)) for p, n in enumerate(plan.names)})


@dataclass
class Shares:
    """Rows of the ``shares`` sheet: the weights of each rule set, its shares in each context."""

    weight_row: dict[int, int] = field(default_factory=dict)
    share_row: dict[tuple[int, str], int] = field(default_factory=dict)
    formulas: bool = True  # a values-mode workbook needs no addresses: cell() gives "" at no cost

    def cell(self, rule: int, context: str, pos: int) -> str:
        """Address (with sheet) of the share of center ``pos`` in rule set ``rule`` under ``context``."""
        if not self.formulas:
            return ""
        return addr(self.share_row[(rule, context)], center_col(pos), sheet="shares", absolute=True)


def write_shares(wb, plan, lang: str, formulas: bool, bases_columns: list[str]) -> Shares:
    """Write the ``shares`` sheet and say where each rule set's rows are."""
    sheet = Sheet(wb.create_sheet("shares"), formulas)
    ws = sheet.ws
    keys = [label(f"wb_{k}", lang) for k in KEY_COLUMNS] + [label("wb_total", lang)]
    header_rows(sheet, plan, lang, keys)
    sheet.widths({1: 22, 2: 10, 3: 18, 4: 24, 5: 16})
    out = Shares(formulas=formulas)
    has_cat, has_comp = "category" in bases_columns, "component" in bases_columns
    r = 3
    sheet.text(r, 1, label("wb_weights_title", lang), font=TITLE)
    r += 1
    for i, rule in enumerate(plan.rules):
        _keys(sheet, r, rule, lang)
        for pos in range(plan.n):
            formula = None
            if formulas:  # a values-mode workbook writes the weight only
                conditions = [("bases_support_center", rule.sender, addr(r, 1, abs_col=True))]
                if has_cat:
                    conditions.append(("bases_category", rule.category, None))
                if has_comp:
                    conditions.append(("bases_component", rule.component, None))
                conditions.append(center_condition(plan, "bases_center", pos))
                formula = "=" + sum_if("bases_weight", conditions, plan.case_clash)
            sheet.put(r, center_col(pos), formula, float(rule.weights[pos]), WEIGHT)
        sheet.put(r, 5, f"=SUM({addr(r, center_col(0))}:{addr(r, center_col(plan.n - 1))})",
                  float(rule.weights.sum()), WEIGHT)
        out.weight_row[i] = r
        r += 1
    for context in CONTEXTS:
        members = [i for i, rule in enumerate(plan.rules) if context in plan.contexts_of(rule)]
        if not members:
            continue
        r += 1
        sheet.text(r, 1, label(f"wb_context_{context}", lang), font=TITLE)
        r += 1
        for i in members:
            rule = plan.rules[i]
            sender = plan.names.index(rule.sender)
            mask = plan.eligible(context, sender)
            w = out.weight_row[i]
            _keys(sheet, r, rule, lang)
            eligible_total = float(np.where(mask, rule.weights, 0.0).sum())
            sheet.put(r, 5, sum_formula(w, mask), eligible_total, WEIGHT)
            total_ref = addr(r, 5, abs_col=True)
            for pos in np.flatnonzero(mask):
                value = float(rule.weights[pos] / eligible_total) if eligible_total > 0 else float("nan")
                share = f"{addr(w, center_col(pos))}/{total_ref}" if formulas else ""
                if not eligible_total > 0:  # a rule that can send nothing here: its sender must hold nothing
                    share = f"IF({total_ref}=0,0,{share})"
                    value = 0.0
                sheet.put(r, center_col(pos), f"={share}" if formulas else None, value, SHARE)
            out.share_row[(i, context)] = r
            r += 1
    ws.sheet_view.zoomScale = 90
    return out


def _keys(sheet: Sheet, row: int, rule, lang: str) -> None:
    any_ = label("wb_any", lang)
    sheet.text(row, 1, rule.sender, font=BOLD)
    sheet.text(row, 2, rule.category or any_)
    sheet.text(row, 3, rule.component or any_)
    sheet.text(row, 4, rule.basis)
