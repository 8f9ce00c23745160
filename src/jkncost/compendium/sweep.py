"""Parameter sweeps on dask.distributed: one notebook over a grid, or many hospitals through the engine.

Two ways to run many costings at once:

* :func:`run_sweep` (``jkncost sweep``) executes a study notebook once per parameter combination,
  each run a papermill execution inside a dask task, and collects one row per run into
  ``OUT/sweep.csv``. A failing run is recorded with its error and does not stop the others.
* :func:`sweep_hospital_batch` (``jkncost batch``) costs thousands of hospital folders without a
  notebook per hospital: hospitals with the same center structure are stacked into
  ``(H, 3, n)`` / ``(H, n, n)`` arrays and :func:`jkncost.costing.unitcost.unit_cost_batch` runs once per
  chunk inside a dask task. One row per hospital and production center.

Grid file
---------
A YAML mapping with up to three keys (every one optional, at least one run in total)::

    parameters:            # Cartesian product, in the order written; the last name varies fastest
      method: [direct, stepdown, double, reciprocal]
      bor: [0.6, 0.7, 0.8, 0.9, 1.0]
    fixed:                 # the same value in every run (product and explicit runs)
      hospital_dir: data/raw/example_hospital
    runs:                  # explicit combinations, after the product (a run's values win over fixed)
      - {method: double, bor: 0.0}

Each value under ``parameters`` is a list (a list-valued parameter is a list of lists). With only
``runs``, the product is left out; with neither ``parameters`` nor ``runs``, ``fixed`` is one run.
``--hospitals FOLDER`` adds one more axis, outermost: every sub-folder (and every ``.xlsx``
workbook) of FOLDER, sorted by name, as the notebook's ``hospital_dir``. ``output_dir`` is set by
the sweep (each run writes into its own folder) and may not be given in the grid.

Every combination is checked against the notebook's declared parameters
(:func:`jkncost.compendium.notebook.check_parameters`) before anything is submitted: an unknown name or a
wrong type is a :class:`~jkncost.compendium.notebook.ParameterError` naming the grid file, where in it the
value is, and the parameter.

Output
------
``OUT/runs/<run_id>/`` holds the executed notebook (kept only when the run succeeded, as
:func:`jkncost.compendium.notebook.run_notebook` does), whatever the notebook writes to its ``output_dir``
and, on a LocalCluster, ``kernel.log`` when the kernel printed anything on stderr.

``OUT/sweep.csv`` (written atomically, sorted by ``run_id``) has the columns ``run_id``, one per
parameter, ``status`` (``ok``/``failed``), ``error`` (one line: notebook, cell, exception),
``seconds``, ``output`` (the run folder relative to OUT) and, when the run folder holds a
``summary.json`` (a flat mapping of key numbers the notebook wrote), one column per key (keys that
clash with the columns above are left out, nested values too). The run ids are the combination's
position, zero-padded (``001``, ``002`` ...), so sorting by ``run_id`` is the grid order.

``OUT/progress.jsonl`` logs every run as it completes (its parameters, the notebook's SHA-256 and
its row). With ``resume=True`` (``jkncost sweep --resume``) a sweep into the same OUT reuses every
logged run that succeeded with the same parameters and the same notebook and whose executed
notebook is still in its folder; failed, missing and changed runs are run again. An interrupted
sweep therefore loses only the runs that were in progress.

Paths must be visible to the workers: with ``--scheduler`` pointing at another machine the
notebook, the hospitals and OUT have to live on a shared file system.

Examples
--------
>>> import tempfile, pathlib
>>> grid = pathlib.Path(tempfile.mkdtemp()) / "grid.yaml"
>>> _ = grid.write_text("parameters: {method: [direct, double], bor: [0.7, 0.8]}\\nruns: [{method: stepdown}]\\n")
>>> [c.parameters for c in expand_grid(load_grid(grid))]  # doctest: +NORMALIZE_WHITESPACE
[{'method': 'direct', 'bor': 0.7}, {'method': 'direct', 'bor': 0.8},
 {'method': 'double', 'bor': 0.7}, {'method': 'double', 'bor': 0.8}, {'method': 'stepdown'}]
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import re
import shutil
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from jkncost.errors import InputError, Problem
from jkncost.compendium.manifest import sha256

GRID_KEYS = ("parameters", "fixed", "runs")
RESERVED = ("output_dir",)  # set by the sweep, one folder per run
HOSPITAL_PARAMETER = "hospital_dir"
ROW_COLUMNS = ("run_id", "status", "error", "seconds", "output")
SWEEP_CSV = "sweep.csv"
PROGRESS_LOG = "progress.jsonl"  # one line per completed run, appended as runs finish (what --resume reads)
SUMMARY_JSON = "summary.json"
KERNEL_LOG = "kernel.log"  # the kernel's stderr, in the run folder
BATCH_CSV = "unit_cost_batch.csv"
BATCH_COLUMNS = ["hospital", "center", "output", "TC1", "TC2", "TC3", "UC1", "UC2", "UC3"]
NORMATIVE_COLUMNS = ["output_normative", "UC1_normative", "UC2_normative", "UC3_normative"]


# --------------------------------------------------------------------------------------------
# Grid files
# --------------------------------------------------------------------------------------------

@dataclass
class Grid:
    """A parsed grid file: the product axes, the fixed values and the explicit runs."""

    source: str
    parameters: dict[str, list[Any]] = field(default_factory=dict)
    fixed: dict[str, Any] = field(default_factory=dict)
    runs: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Combination:
    """One run of a sweep: its id, its parameters and where each value came from in the grid file."""

    run_id: str
    parameters: dict[str, Any]
    origin: dict[str, str]  # parameter -> "parameters.bor[2]", "fixed.method", "runs[1].bor", "--hospitals"


def load_grid(path: str | Path) -> Grid:
    """Read and check the structure of a grid file (see the module docstring for the format).

    Raises
    ------
    InputError
        One line per problem, naming the file (and the line for YAML syntax errors).
    FileNotFoundError
        When the file does not exist.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such grid file")
    label = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise InputError(Problem(label, f"not valid YAML: {getattr(exc, 'problem', None) or exc}", row=row)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(Problem(label, "a grid file is a mapping with keys parameters, fixed and/or runs"))
    problems = [Problem(label, f"unknown key {k!r}; a grid file has: {', '.join(GRID_KEYS)}")
                for k in data if k not in GRID_KEYS]
    params = data.get("parameters") or {}
    fixed = data.get("fixed") or {}
    runs = data.get("runs") or []
    if not isinstance(params, dict):
        problems.append(Problem(label, "'parameters' must map each parameter name to a list of values"))
        params = {}
    if not isinstance(fixed, dict):
        problems.append(Problem(label, "'fixed' must map parameter names to single values"))
        fixed = {}
    if not isinstance(runs, list) or not all(isinstance(r, dict) for r in runs):
        problems.append(Problem(label, "'runs' must be a list of mappings, e.g. [{method: double, bor: 0.8}]"))
        runs = []
    for name, values in params.items():
        if not isinstance(values, list) or not values:
            problems.append(Problem(label, f"parameters.{name}: must be a non-empty list of values, e.g. "
                                           f"{name}: [{values!r}] (single values go under 'fixed')"))
    for name in fixed:
        if name in params:
            problems.append(Problem(label, f"fixed.{name}: also listed under 'parameters'; give it in one place"))
    names = [*params, *fixed, *(k for r in runs for k in r)]
    for name in dict.fromkeys(names):
        if not isinstance(name, str):
            problems.append(Problem(label, f"parameter name {name!r} must be text"))
        elif name in RESERVED:
            problems.append(Problem(label, f"{name!r} is set by the sweep (each run writes into OUT/runs/<run_id>/); "
                                           f"leave it out of the grid"))
    if problems:
        raise InputError(problems)
    return Grid(label, {k: list(v) for k, v in params.items()}, dict(fixed), [dict(r) for r in runs])


def hospital_folders(folder: str | Path) -> list[Path]:
    """The hospitals in ``folder``: every sub-folder and ``.xlsx`` workbook, sorted by name.

    Names starting with ``.``, ``_`` or ``~$`` (hidden files, Excel lock files) are skipped.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder of hospital folders")
    found = sorted((p for p in folder.iterdir()
                    if not p.name.startswith((".", "_", "~$"))
                    and (p.is_dir() or p.suffix.lower() in (".xlsx", ".xlsm"))), key=lambda p: p.name)
    if not found:
        raise InputError(Problem(str(folder), "no hospital folders or .xlsx workbooks in this folder"))
    return found


def _hospital_value(path: Path) -> str:
    """How a hospital path is passed to a notebook: repository-relative when inside it (no machine path)."""
    from jkncost.compendium import paths

    return paths.relative(path)


def expand_grid(grid: Grid | None, hospitals: Sequence[str | Path] | None = None) -> list[Combination]:
    """Every run of a sweep, in a stable order.

    Order: hospitals (outermost, as given), then the product of ``parameters`` in the order the
    names are written (the last varies fastest), then the explicit ``runs``; ``fixed`` values are
    added to every run unless the run sets them itself.
    """
    grid = grid or Grid("<no grid>")
    base: list[tuple[dict[str, Any], dict[str, str]]] = []
    if grid.parameters or not grid.runs:
        names = list(grid.parameters)
        for idx in itertools.product(*(range(len(grid.parameters[n])) for n in names)):
            values = {n: grid.parameters[n][i] for n, i in zip(names, idx)}
            origin = {n: f"parameters.{n}[{i}]" for n, i in zip(names, idx)}
            base.append(({**grid.fixed, **values}, {**{k: f"fixed.{k}" for k in grid.fixed}, **origin}))
    for j, run in enumerate(grid.runs):
        base.append(({**grid.fixed, **run},
                     {**{k: f"fixed.{k}" for k in grid.fixed}, **{k: f"runs[{j}].{k}" for k in run}}))
    if hospitals is not None:
        hospitals = list(hospitals)
        clash = [o for _, origin in base for k, o in origin.items() if k == HOSPITAL_PARAMETER]
        if clash:
            raise InputError(Problem(grid.source, f"{clash[0]}: {HOSPITAL_PARAMETER!r} is given by --hospitals; "
                                                  f"leave it out of the grid"))
        base = [({HOSPITAL_PARAMETER: _hospital_value(Path(h)), **p}, {HOSPITAL_PARAMETER: "--hospitals", **o})
                for h in hospitals for p, o in base]
    width = max(3, len(str(len(base))))
    return [Combination(f"{i + 1:0{width}d}", p, o) for i, (p, o) in enumerate(base)]


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str) + type(value).__name__


def validate_combinations(notebook: str | Path, combinations: Sequence[Combination], source: str) -> None:
    """Check every combination against the notebook's declared parameters, before anything runs.

    Every distinct value of every parameter is checked once with
    :func:`jkncost.compendium.notebook.check_parameters` (a handful of calls, however large the grid).

    Raises
    ------
    ParameterError
        One problem per bad (parameter, value), naming ``source`` (the grid file), where in it the
        value is, and the notebook's complaint.
    """
    from jkncost.compendium.notebook import ParameterError, check_parameters

    if not combinations:
        raise InputError(Problem(source, "the grid has no runs"))
    nb_name = Path(notebook).name
    found: list[tuple[tuple[int, int], Problem]] = []
    distinct: dict[str, dict[str, tuple[Any, str, tuple[int, int]]]] = {}
    for i, combo in enumerate(combinations):
        for j, (name, value) in enumerate(combo.parameters.items()):
            distinct.setdefault(name, {}).setdefault(_key(value), (value, combo.origin.get(name, name), (i, j)))
    columns = {name: list(values.values()) for name, values in distinct.items()}
    depth = max((len(v) for v in columns.values()), default=0)
    for i in range(depth):
        batch = {name: vals[i] for name, vals in columns.items() if i < len(vals)}
        try:
            check_parameters(notebook, {name: value for name, (value, _, _) in batch.items()})
        except ParameterError:
            for name, (value, where, rank) in batch.items():  # find which ones (error path only)
                try:
                    check_parameters(notebook, {name: value})
                except ParameterError as exc:
                    found += [(rank, Problem(source, f"{where}: {p.message} ({nb_name})")) for p in exc.problems]
    problems = [p for _, p in sorted(found, key=lambda item: item[0])]  # in grid order
    if problems:
        raise ParameterError(problems)


# --------------------------------------------------------------------------------------------
# Running a notebook sweep
# --------------------------------------------------------------------------------------------

def _one_line(text: str, limit: int = 400) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _read_summary(run_dir: Path) -> dict[str, Any]:
    f = run_dir / SUMMARY_JSON
    if not f.is_file():
        return {}
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if v is None or isinstance(v, (str, int, float, bool))}


@contextlib.contextmanager
def _kernel_log(path: Path):
    """Send what the notebook's kernel prints on stderr to ``path`` (kept only when not empty).

    Only inside a single-threaded dask worker (the LocalCluster the sweep starts), where no other
    task shares the process's stderr; elsewhere stderr is left alone.
    """
    import os
    import sys

    try:
        from distributed import get_worker

        single = get_worker().state.nthreads == 1
    except (ImportError, ValueError, AttributeError):
        single = False
    if not single:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(path, "wb") as log:
            os.dup2(log.fileno(), 2)
            try:
                yield
            finally:
                sys.stderr.flush()
                os.dup2(saved, 2)
    finally:
        os.close(saved)
        if path.is_file() and path.stat().st_size == 0:
            path.unlink()


def run_one(notebook: str, run_id: str, parameters: dict[str, Any], out: str, set_output_dir: bool = True) -> dict:
    """Execute one run of a sweep (the dask task); never raises, returns the run's row.

    The run folder ``out/runs/<run_id>/`` is emptied first, so a stale ``summary.json`` of an
    earlier sweep cannot be mistaken for this run's.
    """
    from jkncost.compendium.notebook import NotebookFailed, run_notebook

    notebook_path = Path(notebook)
    run_dir = Path(out) / "runs" / run_id
    row: dict[str, Any] = {"run_id": run_id, **parameters, "status": "ok", "error": "",
                           "output": f"runs/{run_id}"}
    start = time.perf_counter()
    try:
        shutil.rmtree(run_dir, ignore_errors=True)
        run_dir.mkdir(parents=True, exist_ok=True)
        params = dict(parameters)
        if set_output_dir:
            params["output_dir"] = str(run_dir.resolve())
        with _kernel_log(run_dir / KERNEL_LOG):
            run_notebook(notebook_path, run_dir / notebook_path.name, params, cwd=notebook_path.parent)
    except NotebookFailed as exc:
        row.update(status="failed", error=_one_line(exc))
    except Exception as exc:  # a run never stops the sweep
        row.update(status="failed", error=_one_line(f"{notebook_path.name}: {type(exc).__name__}: {exc}"))
    row["seconds"] = round(time.perf_counter() - start, 3)
    for key, value in _read_summary(run_dir).items():
        row.setdefault(key, value)
    return row


def _cell(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, (list, tuple, dict)) else value


def sweep_table(rows: Iterable[dict], parameter_names: Sequence[str]) -> pd.DataFrame:
    """Rows of a sweep as the ``sweep.csv`` table: fixed column order, sorted by run_id."""
    rows = sorted(rows, key=lambda r: r["run_id"])
    extra = list(dict.fromkeys(k for r in rows for k in r if k not in ROW_COLUMNS and k not in parameter_names))
    columns = ["run_id", *parameter_names, "status", "error", "seconds", "output", *extra]
    table = pd.DataFrame([{c: _cell(r.get(c)) for c in columns} for r in rows], columns=columns)
    return table


@dataclass
class SweepResult:
    table: pd.DataFrame
    csv: Path
    reused: int = 0  # runs taken over from an earlier sweep (resume)

    @property
    def failed(self) -> int:
        return int((self.table["status"] != "ok").sum())


def _log_line(combo: Combination, notebook_digest: str, row: dict) -> str:
    """One line of ``progress.jsonl``: the run, its parameters, the notebook's SHA-256 and its row."""
    return json.dumps({"run_id": combo.run_id, "parameters": combo.parameters, "notebook": notebook_digest,
                       "row": row}, default=str) + "\n"


def finished_runs(out: Path, notebook: Path, combos: Sequence[Combination],
                  digest: str | None = None) -> dict[str, dict]:
    """Rows of an earlier sweep into ``out`` that can stand for this one's (see the module docstring).

    ``digest`` is the notebook's SHA-256 when the caller has it already.
    """
    path = Path(out) / PROGRESS_LOG
    if not path.is_file():
        return {}
    wanted = {c.run_id: c.parameters for c in combos}
    digest = digest or sha256(notebook)
    found: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:  # the last line of a sweep killed while writing it
            continue
        rid = entry.get("run_id")
        row = entry.get("row") or {}
        if (rid in wanted and entry.get("parameters") == wanted[rid] and entry.get("notebook") == digest
                and row.get("status") == "ok" and (Path(out) / "runs" / rid / notebook.name).is_file()):
            found[rid] = row
        elif rid in found:  # a later, different entry for the same run supersedes the earlier one
            del found[rid]
    return found


def make_client(scheduler: str | None, workers: int | None, n_tasks: int):
    """A client on an existing scheduler, or on a new LocalCluster (processes, one thread each, no dashboard)."""
    import logging
    import os

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="15s"), None
        except (OSError, TimeoutError) as exc:
            raise InputError(Problem("--scheduler", f"cannot connect to {scheduler!r}: {_one_line(exc)}")) from None
    n = workers or max(1, min(os.cpu_count() or 1, n_tasks))
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run_sweep(notebook: str | Path, grid: str | Path | None = None, out: str | Path | None = None, *,
              hospitals: str | Path | None = None, scheduler: str | None = None, workers: int | None = None,
              client=None, progress: bool = False, resume: bool = False) -> SweepResult:
    """Run ``notebook`` once per combination of ``grid`` (and hospital of ``hospitals``) on dask.

    Parameters
    ----------
    notebook : path
        A study notebook with a ``parameters`` cell.
    grid : path, optional
        Grid file (module docstring). At least one of ``grid`` and ``hospitals``.
    out : path
        Output folder: ``OUT/sweep.csv`` and ``OUT/runs/<run_id>/``.
    hospitals : path, optional
        A folder of hospital folders (or ``.xlsx`` workbooks), one more axis as ``hospital_dir``.
    scheduler : str, optional
        Address of a running dask scheduler (``tcp://host:8786``); default a new LocalCluster.
    workers : int, optional
        LocalCluster workers (default: one per core, at most one per run).
    client : distributed.Client, optional
        Use this client (``scheduler`` and ``workers`` are then ignored).
    progress : bool
        Show a tqdm progress bar as runs complete.
    resume : bool
        Reuse the runs of an earlier sweep into ``out`` that succeeded with the same parameters and
        notebook (``OUT/progress.jsonl``); run only the others.

    Returns
    -------
    SweepResult
        The table (as written to ``OUT/sweep.csv``) and its path.

    Raises
    ------
    InputError, ParameterError
        Bad grid or parameters, before anything is submitted or written.
    """
    from tqdm.auto import tqdm

    from jkncost.compendium.io import write_csv
    from jkncost.compendium.notebook import declared_parameters

    notebook = Path(notebook)
    if not notebook.is_file():
        raise FileNotFoundError(f"{notebook}: no such notebook")
    if grid is None and hospitals is None:
        raise InputError(Problem("<sweep>", "give a grid file (--grid) and/or a folder of hospitals (--hospitals)"))
    if out is None:
        raise InputError(Problem("<sweep>", "give an output folder (--out)"))
    parsed = load_grid(grid) if grid is not None else None
    source = str(grid) if grid is not None else str(hospitals)
    declared = declared_parameters(notebook)
    if hospitals is not None and HOSPITAL_PARAMETER not in declared:
        raise InputError(Problem(str(hospitals), f"--hospitals sets {HOSPITAL_PARAMETER!r} but {notebook.name} does "
                                                 f"not declare it; it declares: {', '.join(sorted(declared))}"))
    combos = expand_grid(parsed, hospital_folders(hospitals) if hospitals is not None else None)
    validate_combinations(notebook, combos, source)
    parameter_names = list(dict.fromkeys(k for c in combos for k in c.parameters))

    out = Path(out)
    digest = sha256(notebook)
    reused = finished_runs(out, notebook, combos, digest) if resume else {}
    pending = [c for c in combos if c.run_id not in reused]
    own = client is None and bool(pending)
    cluster = None
    if own:  # before anything is written: a bad --scheduler is bad input
        client, cluster = make_client(scheduler, workers, len(pending))
    rows = list(reused.values())
    log = None
    try:
        runs_dir = out / "runs"
        keep = {c.run_id for c in combos}
        if runs_dir.is_dir():  # folders of an earlier, larger sweep would be mistaken for this one's
            for stale in runs_dir.iterdir():
                if stale.is_dir() and re.fullmatch(r"\d{3,}", stale.name) and stale.name not in keep:
                    shutil.rmtree(stale, ignore_errors=True)
        runs_dir.mkdir(parents=True, exist_ok=True)
        log_path = out / PROGRESS_LOG
        if reused:  # keep only the entries still standing for a run of this sweep
            log_path.write_text("".join(_log_line(c, digest, reused[c.run_id]) for c in combos if c.run_id in reused),
                                encoding="utf-8")
        else:
            log_path.unlink(missing_ok=True)
        log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 (closed in the finally below)
        set_output_dir = "output_dir" in declared
        token = uuid.uuid4().hex[:8]
        futures = []
        if pending:
            from distributed import as_completed

            futures = [client.submit(run_one, str(notebook.resolve()), combo.run_id, combo.parameters,
                                     str(out.resolve()), set_output_dir, key=f"jkncost-sweep-{token}-{combo.run_id}",
                                     pure=False)
                       for combo in pending]
        by_key = {fut.key: combo for fut, combo in zip(futures, pending)}
        bar = tqdm(total=len(combos), initial=len(reused), desc=f"sweep {notebook.stem}", unit="run",
                   disable=not progress)
        failed = 0
        for fut in (as_completed(futures) if futures else []):
            combo = by_key[fut.key]
            try:
                row = fut.result()
            except Exception as exc:  # the worker died (KilledWorker) or the task could not run
                row = {"run_id": combo.run_id, **combo.parameters, "status": "failed",
                       "error": _one_line(f"{notebook.name}: {type(exc).__name__}: {exc}"), "seconds": math.nan,
                       "output": f"runs/{combo.run_id}"}
            failed += row["status"] != "ok"
            rows.append(row)
            log.write(_log_line(combo, digest, row))
            log.flush()  # a sweep that is killed keeps every run completed so far
            bar.update(1)
            bar.set_postfix(failed=failed)
        bar.close()
    finally:
        if log is not None:
            log.close()
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
    table = sweep_table(rows, parameter_names)
    csv = write_csv(table, out / SWEEP_CSV)
    return SweepResult(table, csv, reused=len(reused))


# --------------------------------------------------------------------------------------------
# Many hospitals through the vectorized engine
# --------------------------------------------------------------------------------------------

@dataclass
class HospitalArrays:
    """One hospital reduced to the arrays the engine needs (what a read task sends back)."""

    name: str
    centers: tuple[str, ...]
    is_support: tuple[bool, ...]
    order: tuple[int, ...] | None  # effective step-down sequence (kept for method 'stepdown' only)
    direct: np.ndarray  # (3, n): FC, SVC, VC per center
    weights: np.ndarray  # (n, n)
    output: np.ndarray  # (p,) production centers
    beds: np.ndarray  # (p,)

    @property
    def structure(self) -> tuple:
        """Hospitals with equal structure can be stacked into one batch."""
        return (self.centers, self.is_support, self.order)

    @property
    def production(self) -> list[str]:
        return [c for c, s in zip(self.centers, self.is_support) if not s]


@dataclass
class HospitalFailure:
    name: str
    error: str


def hospital_arrays(path: str | Path, method: str = "double", name: str | None = None, *,
                    fc_method: str = "inflation", rate: float = 0.0) -> HospitalArrays:
    """Read and validate one hospital folder (or workbook) into :class:`HospitalArrays`."""
    from jkncost.costing import read_hospital

    h = read_hospital(path, method=method)
    is_support = h.is_support
    W = h.weight_matrix()
    order = None
    if method == "stepdown" and is_support.any():
        order = tuple(int(k) for k in h.step_order())
    prod = h.centers[~is_support]
    return HospitalArrays(
        name=name or Path(path).name, centers=tuple(h.names), is_support=tuple(bool(x) for x in is_support),
        order=order, direct=h.direct_costs(fc_method=fc_method, rate=rate).to_numpy().T.copy(), weights=W,
        output=prod["output"].to_numpy(dtype=float), beds=prod["beds"].to_numpy(dtype=float),
    )


def _error_line(exc: BaseException) -> str:
    if isinstance(exc, InputError):
        more = f" (and {len(exc.problems) - 1} more problem(s))" if len(exc.problems) > 1 else ""
        return _one_line(f"{exc.problems[0]}{more}")
    return _one_line(f"{type(exc).__name__}: {exc}")


def read_hospitals_task(folders: Sequence[str], names: Sequence[str], method: str, fc_method: str = "inflation",
                        rate: float = 0.0) -> list[HospitalArrays | HospitalFailure]:
    """Read a chunk of hospital folders (a dask task); a bad folder becomes a :class:`HospitalFailure`."""
    found: list[HospitalArrays | HospitalFailure] = []
    for folder, name in zip(folders, names):
        try:
            found.append(hospital_arrays(folder, method, name, fc_method=fc_method, rate=rate))
        except Exception as exc:  # one bad hospital never stops the batch
            found.append(HospitalFailure(name, _error_line(exc)))
    return found


def unit_cost_chunk(direct: np.ndarray, weights: np.ndarray, is_support: np.ndarray, output: np.ndarray,
                    method: str, order: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    """:func:`jkncost.costing.unitcost.unit_cost_batch` on one chunk (a dask task), isolating failures.

    When every hospital shares one weight matrix it is passed once (2-D). When the batch raises
    (one hospital's weights cannot be allocated), each hospital is retried alone and the ones
    that fail get NaN and an error line; the others are still computed.

    Returns
    -------
    tc, uc : ndarray, shape (H, 3, p)
    errors : dict
        Position in the chunk -> error line.
    """
    from jkncost.costing.unitcost import unit_cost_batch

    d = np.asarray(direct, dtype=float)
    W = np.asarray(weights, dtype=float)
    is_support = np.asarray(is_support, dtype=bool)
    seq = None if order is None else np.asarray(order)
    if W.ndim == 3 and W.shape[0] > 1 and np.array_equal(W, np.broadcast_to(W[:1], W.shape)):
        W = W[0]
    try:
        tc, uc = unit_cost_batch(d, W, is_support, output, method, seq)
        return tc, uc, {}
    except Exception:
        pass
    H, p = d.shape[0], int((~is_support).sum())
    tc = np.full((H, 3, p), np.nan)
    uc = np.full((H, 3, p), np.nan)
    errors: dict[int, str] = {}
    out = np.broadcast_to(np.asarray(output, dtype=float), (H, p))
    for h in range(H):
        Wh = W if W.ndim == 2 else W[h]
        try:
            tc_h, uc_h = unit_cost_batch(d[h:h + 1], Wh, is_support, out[h:h + 1], method, seq)
            tc[h], uc[h] = tc_h[0], uc_h[0]
        except Exception as exc:
            errors[h] = _error_line(exc)
    return tc, uc, errors


def _n_workers(client) -> int:
    if client is None:
        return 1
    try:
        return max(1, len(client.scheduler_info()["workers"]))
    except Exception:
        return 1


def _submit_chunks(client, direct, weights, is_support, output, method, order, chunk_size):
    """Split along the hospital axis; one task per chunk (computed at once when ``client`` is None).

    Returns ``(start, stop, future or result)`` per chunk.
    """
    H = direct.shape[0]
    shared = weights.ndim == 2
    jobs = []
    w_future = client.scatter(weights, broadcast=True, hash=False) if (client is not None and shared) else None
    for start in range(0, H, chunk_size):
        stop = min(H, start + chunk_size)
        sl = slice(start, stop)
        out = output if output.ndim == 1 else output[sl]
        if client is None:
            jobs.append((start, stop, unit_cost_chunk(direct[sl], weights if shared else weights[sl], is_support,
                                                      out, method, order)))
        else:
            d_f, o_f = client.scatter([direct[sl], out], hash=False)
            w_f = w_future if shared else client.scatter(weights[sl], hash=False)
            jobs.append((start, stop, client.submit(unit_cost_chunk, d_f, w_f, is_support, o_f, method, order,
                                                    pure=False)))
    return jobs


def _gather(client, jobs, p: int):
    """Chunk results in order, concatenated; a task that could not run marks its hospitals failed."""
    tcs, ucs, errors = [], [], {}
    for start, stop, job in jobs:
        if client is None:
            tc, uc, err = job
        else:
            try:
                tc, uc, err = job.result()
            except Exception as exc:  # the worker died or the task could not be sent
                tc = uc = np.full((stop - start, 3, p), np.nan)
                err = dict.fromkeys(range(stop - start), _error_line(exc))
        tcs.append(tc)
        ucs.append(uc)
        errors.update({start + k: msg for k, msg in err.items()})
    return np.concatenate(tcs), np.concatenate(ucs), errors


def unit_cost_chunks(direct: np.ndarray, weights: np.ndarray, is_support: np.ndarray, output: np.ndarray,
                     method: str = "double", order: Sequence[int] | None = None, chunk_size: int = 1000,
                     client=None) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    """TC and UC of a large in-memory batch, ``chunk_size`` hospitals per dask task.

    Same arguments as :func:`jkncost.costing.unitcost.unit_cost_batch` plus ``chunk_size`` and
    ``client`` (a ``distributed.Client``; ``None`` computes in this process, chunk by chunk).

    Returns
    -------
    tc, uc : ndarray, shape (H, 3, p)
    errors : dict
        Hospital position -> error line, for hospitals whose weights could not be allocated.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be >= 1, got {chunk_size}")
    direct = np.asarray(direct, dtype=float)
    weights = np.asarray(weights, dtype=float)
    output = np.asarray(output, dtype=float)
    is_support = np.asarray(is_support, dtype=bool)
    jobs = _submit_chunks(client, direct, weights, is_support, output, method, order, chunk_size)
    return _gather(client, jobs, int((~is_support).sum()))


def _rows_for_group(members: list[HospitalArrays], positions: list[int], tc, uc, errors, bor, days) -> pd.DataFrame:
    from jkncost.costing.unitcost import normative_output, normative_unit_costs

    first = members[0]
    prod = first.production
    H, p = len(members), len(prod)
    output = np.stack([m.output for m in members])
    frame = pd.DataFrame({
        "_h": np.repeat(positions, p), "_c": np.tile(np.arange(p), H),
        "hospital": np.repeat([m.name for m in members], p), "center": np.tile(prod, H),
        "output": output.ravel(),
        **{f"TC{k + 1}": tc[:, k, :].ravel() for k in range(3)},
        **{f"UC{k + 1}": uc[:, k, :].ravel() for k in range(3)},
    })
    if bor:
        normative = normative_output(np.stack([m.beds for m in members]), days, bor)
        frame["output_normative"] = normative.ravel()
        uc_n = normative_unit_costs(tc, output, normative)  # FC, SVC over normative output, VC per actual unit
        for k in range(3):
            frame[f"UC{k + 1}_normative"] = uc_n[:, k, :].ravel()
    frame["status"] = "ok"
    frame["error"] = ""
    if errors:
        bad = np.repeat([i in errors for i in range(H)], p)
        frame.loc[bad, "status"] = "failed"
        frame.loc[bad, "error"] = np.repeat([errors.get(i, "") for i in range(H)], p)[bad]
    return frame


def sweep_hospital_batch(folders: Sequence[str | Path], method: str = "double", bor: float | None = None,
                         chunk_size: int = 1000, client=None, *, names: Sequence[str] | None = None,
                         days: float = 365, fc_method: str = "inflation", rate: float = 0.0,
                         progress: bool = False) -> pd.DataFrame:
    """Unit cost of many hospital folders with the vectorized engine, in dask tasks.

    1. **Read** (tasks of up to ``chunk_size`` folders): each folder is validated with
       :func:`jkncost.costing.folder.read_hospital`; a bad one becomes a failed row, the rest go on.
    2. **Group** the hospitals by structure (center names and kinds in file order, and the
       step-down sequence for ``stepdown``), keeping the input order inside a group.
    3. **Compute** each group in chunks of ``chunk_size`` hospitals: one
       :func:`unit_cost_chunk` task stacks them into ``(H, 3, n)`` and ``(H, n, n)`` arrays and
       calls :func:`jkncost.costing.unitcost.unit_cost_batch` once.

    Parameters
    ----------
    folders : sequence of path
        Hospital folders or ``.xlsx`` workbooks (:func:`hospital_folders` lists a parent folder).
    method : {'direct', 'stepdown', 'double', 'reciprocal'}
    bor : float, optional
        Target bed occupancy rate; adds the normative columns (as :func:`jkncost.costing.unitcost.unit_cost`).
    chunk_size : int
        Hospitals per task.
    client : distributed.Client, optional
        ``None`` runs every step in this process (same results, no cluster).
    names : sequence of str, optional
        The ``hospital`` column (default: the folder or file names).

    Returns
    -------
    DataFrame
        ``hospital, center, output, TC1..TC3, UC1..UC3`` [, ``output_normative, UC1..3_normative``],
        ``status, error``: one row per hospital and production center, in input order (production
        centers in file order); a failed hospital has one row with an empty ``center``.
    """
    from jkncost.costing.allocation import METHODS

    if method not in METHODS:
        raise InputError(Problem("--method", f"unknown method {method!r}; choose one of {', '.join(METHODS)}"))
    if bor is not None and bor != 0 and not 0 < bor <= 1:
        raise InputError(Problem("--bor", f"BOR is a fraction in (0, 1], e.g. 0.8; got {bor}"))
    if chunk_size < 1:
        raise InputError(Problem("--chunk-size", f"must be >= 1, got {chunk_size}"))
    folders = [str(f) for f in folders]
    names = list(names) if names is not None else [Path(f).name for f in folders]
    if len(names) != len(folders):
        raise ValueError("names must match folders one to one")
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})[0]
        raise InputError(Problem("<hospitals>", f"two hospitals are named {dup!r}"))
    from tqdm.auto import tqdm

    # 1. read ---------------------------------------------------------------------------------
    read_size = max(1, min(chunk_size, math.ceil(len(folders) / (4 * _n_workers(client))) or 1))
    read: list[HospitalArrays | HospitalFailure] = []
    bar = tqdm(total=len(folders), desc="read hospitals", unit="hospital", disable=not progress)
    starts = list(range(0, len(folders), read_size))
    if client is None:
        for s in starts:
            read += read_hospitals_task(folders[s:s + read_size], names[s:s + read_size], method, fc_method, rate)
            bar.update(min(read_size, len(folders) - s))
    else:
        futs = [client.submit(read_hospitals_task, folders[s:s + read_size], names[s:s + read_size], method,
                              fc_method, rate, pure=False) for s in starts]
        from distributed import as_completed

        for f in as_completed(futs):
            bar.update(len(f.result()) if f.status == "finished" else 0)
        for s, f in zip(starts, futs):
            try:
                read += f.result()
            except Exception as exc:  # the worker died: these hospitals fail, the others go on
                read += [HospitalFailure(n, _error_line(exc)) for n in names[s:s + read_size]]
    bar.close()

    # 2. group --------------------------------------------------------------------------------
    failures = [(i, r) for i, r in enumerate(read) if isinstance(r, HospitalFailure)]
    groups: dict[tuple, list[int]] = {}
    for i, r in enumerate(read):
        if isinstance(r, HospitalArrays):
            groups.setdefault(r.structure, []).append(i)

    # 3. compute ------------------------------------------------------------------------------
    submitted = []
    for _, positions in groups.items():
        members = [read[i] for i in positions]
        first = members[0]
        direct = np.stack([m.direct for m in members])
        weights = np.stack([m.weights for m in members])
        output = np.stack([m.output for m in members])
        jobs = _submit_chunks(client, direct, weights, np.array(first.is_support), output, method, first.order,
                              chunk_size)
        submitted.append((members, positions, jobs))
    frames = []
    for members, positions, jobs in submitted:
        tc, uc, errors = _gather(client, jobs, len(members[0].production))
        frames.append(_rows_for_group(members, positions, tc, uc, errors, bor, days))
    if failures:
        frames.append(pd.DataFrame({"_h": [i for i, _ in failures], "_c": 0, "hospital": [f.name for _, f in failures],
                                    "center": "", "status": "failed", "error": [f.error for _, f in failures]}))
    columns = BATCH_COLUMNS + (NORMATIVE_COLUMNS if bor else []) + ["status", "error"]
    if not frames:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True).sort_values(["_h", "_c"], kind="stable")
    table = table.reindex(columns=columns).reset_index(drop=True)
    return table
