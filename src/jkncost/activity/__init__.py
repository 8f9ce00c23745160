"""Cost per case: activity-based costing, time-driven ABC and clinical pathways against INA-CBG.

The activity folder (``docs/activity-folder.md``) holds the inputs of an ABC, TDABC or per-case study
for one period; :func:`read_activity_folder` reads and validates it with the hospital folder's reader
and checks, :func:`run_activity` costs it, :func:`hospital_unit_costs` brings a hospital folder's unit
costs (double distribution or another method) in for ``center:NAME`` pathway items.

Modules: :mod:`~jkncost.activity.folder` (tables and schemas), :mod:`~jkncost.activity.references`
(checks across tables), :mod:`~jkncost.activity.abc` (two-stage ABC; its array operations in
:mod:`~jkncost.activity.stages`), :mod:`~jkncost.activity.tdabc` (time-driven ABC),
:mod:`~jkncost.activity.pathway` (cost per case, patient records), :mod:`~jkncost.activity.run` (the whole folder).
"""

from jkncost.activity.abc import abc_operator, activity_based_costing
from jkncost.activity.folder import ActivityFolder, read_activity_folder, validate_activity_folder
from jkncost.activity.pathway import hospital_unit_costs
from jkncost.activity.run import ActivityResult, run_activity
from jkncost.activity.tdabc import time_driven_costing

__all__ = ["ActivityFolder", "ActivityResult", "abc_operator", "activity_based_costing", "hospital_unit_costs",
           "read_activity_folder", "run_activity", "time_driven_costing", "validate_activity_folder"]
