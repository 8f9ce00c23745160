"""Parameter sweeps on dask.distributed: one notebook over a grid, or many hospitals through the engine.

Two ways to run many costings at once:

* :func:`run_sweep` (``jkncost sweep``) executes a study notebook once per parameter combination,
  each run a papermill execution inside a dask task, and collects one row per run into
  ``OUT/sweep.csv``. A failing run is recorded with its error and does not stop the others.
* :func:`sweep_hospital_batch` (``jkncost batch``) costs thousands of hospital folders without a
  notebook per hospital: hospitals with the same center structure are stacked into
  ``(H, 3, n)`` / ``(H, n, n)`` arrays and :func:`jkncost.costing.unitcost.unit_cost_batch` runs once per
  chunk inside a dask task. One row per hospital and production center.

dask.distributed is an optional extra (``pip install 'jkncost[sweep]'``; ``make setup`` installs it):
without it both commands stop with one line that says so (:func:`require_distributed`).

The subpackage is split by responsibility: :mod:`~jkncost.compendium.sweep.grid` (grid files and
their checks), :mod:`~jkncost.compendium.sweep.notebooks` (notebook runs, ``sweep.csv``, resume)
and :mod:`~jkncost.compendium.sweep.batch` (the batched engine path on dask; the costing it runs in each
task, :class:`HospitalArrays`, :func:`hospital_arrays`, :func:`unit_cost_chunk` ..., is
:mod:`jkncost.costing.batch`, re-exported here).
"""

from jkncost.compendium.sweep.batch import (
    BATCH_COLUMNS,
    BATCH_CSV,
    NORMATIVE_COLUMNS,
    HospitalArrays,
    HospitalFailure,
    hospital_arrays,
    read_hospitals_task,
    sweep_hospital_batch,
    unit_cost_chunk,
    unit_cost_chunks,
)
from jkncost.compendium.sweep.grid import (
    GRID_KEYS,
    HOSPITAL_PARAMETER,
    RESERVED,
    Combination,
    Grid,
    expand_grid,
    hospital_folders,
    load_grid,
    validate_combinations,
)
from jkncost.compendium.sweep.notebooks import (
    KERNEL_LOG,
    PROGRESS_LOG,
    ROW_COLUMNS,
    SUMMARY_JSON,
    SWEEP_CSV,
    SweepResult,
    finished_runs,
    make_client,
    require_distributed,
    run_one,
    run_sweep,
    sweep_table,
)

__all__ = [
    "BATCH_COLUMNS", "BATCH_CSV", "GRID_KEYS", "HOSPITAL_PARAMETER", "KERNEL_LOG", "NORMATIVE_COLUMNS",
    "PROGRESS_LOG", "RESERVED", "ROW_COLUMNS", "SUMMARY_JSON", "SWEEP_CSV", "Combination", "Grid",
    "HospitalArrays", "HospitalFailure", "SweepResult", "expand_grid", "finished_runs", "hospital_arrays",
    "hospital_folders", "load_grid", "make_client", "read_hospitals_task", "require_distributed", "run_one",
    "run_sweep",
    "sweep_hospital_batch", "sweep_table", "unit_cost_chunk", "unit_cost_chunks", "validate_combinations",
]
