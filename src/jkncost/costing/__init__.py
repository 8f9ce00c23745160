"""The costing pipeline: hospital folder, annualized investment, allocation of support-center costs,
unit cost, cost per procedure (RVU), rational tariff, pricing, break-even.

The names most users need are importable from here: ``read_hospital``, ``validate_hospital``,
``Hospital``, ``unit_cost``.
"""

from importlib import import_module

# Where each public name lives; imported on first use so that ``import jkncost.costing.X`` stays cheap
# and no import cycle can form through this package.
_EXPORTS = {
    "Hospital": "jkncost.costing.hospital",
    "read_hospital": "jkncost.costing.folder",
    "validate_hospital": "jkncost.costing.folder",
    "unit_cost": "jkncost.costing.unitcost",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'jkncost.costing' has no attribute {name!r}")
