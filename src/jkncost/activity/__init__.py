"""Cost per case: activity-based costing, time-driven ABC and clinical pathways against INA-CBG.

The activity folder (``docs/activity-folder.md``) holds the inputs of an ABC, TDABC or per-case study
for one period; :func:`read_activity_folder` reads and validates it with the hospital folder's reader
and checks, :func:`run_activity` costs it, :func:`hospital_unit_costs` brings a hospital folder's unit
costs (double distribution or another method) in for ``center:NAME`` pathway items.

Modules: :mod:`~jkncost.activity.folder` (tables and schemas), :mod:`~jkncost.activity.references`
(checks across tables), :mod:`~jkncost.activity.abc` (two-stage ABC), :mod:`~jkncost.activity.tdabc`
(time-driven ABC), :mod:`~jkncost.activity.pathway` (cost per case, patient records),
:mod:`~jkncost.activity.run` (the whole folder).
"""

from importlib import import_module

# Where each public name lives; imported on first use (as jkncost.costing does).
_EXPORTS = {
    "ActivityFolder": "jkncost.activity.folder",
    "read_activity_folder": "jkncost.activity.folder",
    "validate_activity_folder": "jkncost.activity.folder",
    "ActivityResult": "jkncost.activity.run",
    "run_activity": "jkncost.activity.run",
    "hospital_unit_costs": "jkncost.activity.pathway",
    "activity_based_costing": "jkncost.activity.abc",
    "time_driven_costing": "jkncost.activity.tdabc",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'jkncost.activity' has no attribute {name!r}")
