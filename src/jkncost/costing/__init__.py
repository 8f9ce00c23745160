"""The costing pipeline: hospital folder, annualized investment, allocation of support-center costs,
unit cost, cost per procedure (RVU), rational tariff, pricing, break-even.

The names most users need are importable from here: ``read_hospital``, ``validate_hospital``,
``Hospital``, ``unit_cost``. A hospital folder is read one way (:mod:`jkncost.costing.reader`): its
tables (:mod:`~jkncost.costing.folder`), checked against each other (:mod:`~jkncost.costing.validation`),
built into a :class:`Hospital` (:mod:`~jkncost.costing.hospital`).
"""

from jkncost.costing.hospital import Hospital
from jkncost.costing.reader import read_hospital, validate_hospital
from jkncost.costing.unitcost import unit_cost

__all__ = ["Hospital", "read_hospital", "unit_cost", "validate_hospital"]
