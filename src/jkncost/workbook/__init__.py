"""The audit workbook: every allocated amount and unit cost as a live Excel formula over the inputs.

``write_workbook(hospital, "audit.xlsx", method="double")`` writes one ``.xlsx`` that an auditor
opens in Excel or LibreOffice: the hospital folder as given (input sheets, values), each allocation
rule set's shares, the allocation stage by stage for the chosen method, TC/UC/normative UC/CRR per
production center (sheet ``unit_cost``, the columns of unit_cost.csv) and a ``check`` of the total
cost before and after allocation. Every result is a formula, so a change to an amount, a weight or
an output follows through after recalculation; the numbers equal the engine's to the rupiah.

Modules: :mod:`~jkncost.workbook.plan` (the layout in numbers), :mod:`~jkncost.workbook.inputs`,
:mod:`~jkncost.workbook.shares`, :mod:`~jkncost.workbook.stages`, :mod:`~jkncost.workbook.results`
(the sheets), :mod:`~jkncost.workbook.writer` (``write_workbook``), :mod:`~jkncost.workbook.cells`.
"""

from jkncost.workbook.plan import Plan, build_plan
from jkncost.workbook.writer import MAX_FORMULA_CENTERS, WorkbookResult, write_workbook

__all__ = ["MAX_FORMULA_CENTERS", "Plan", "WorkbookResult", "build_plan", "write_workbook"]
