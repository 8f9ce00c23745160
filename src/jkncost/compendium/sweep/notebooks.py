"""Running one notebook over a grid on dask.distributed (``jkncost sweep``).

Output
------
``OUT/runs/<run_id>/`` holds the executed notebook (kept only when the run succeeded, as
:func:`jkncost.compendium.notebook.run_notebook` does; a failed run leaves its partly executed
notebook as ``<stem>.FAILED.ipynb`` and nothing else), whatever the notebook writes to its ``output_dir``
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
"""

from __future__ import annotations

import json
import math
import os
import re
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from jkncost.compendium.manifest import sha256
from jkncost.compendium.sweep.grid import (
    HOSPITAL_PARAMETER,
    Combination,
    expand_grid,
    hospital_folders,
    load_grid,
    validate_combinations,
)
from jkncost.errors import InputError, Problem
from jkncost.errors import one_line as _one_line

ROW_COLUMNS = ("run_id", "status", "error", "seconds", "output")
SWEEP_CSV = "sweep.csv"
PROGRESS_LOG = "progress.jsonl"  # one line per completed run, appended as runs finish (what --resume reads)
SUMMARY_JSON = "summary.json"
KERNEL_LOG = "kernel.log"  # the kernel's stderr, in the run folder
SCHEDULER_HTTP = "127.0.0.1:0"  # a LocalCluster scheduler's health and metrics pages: any free port, this machine only


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


def run_one(notebook: str, run_id: str, parameters: dict[str, Any], out: str, set_output_dir: bool = True) -> dict:
    """Execute one run of a sweep (the dask task); never raises, returns the run's row.

    The run writes into ``out/runs/<run_id>/`` as every run does (staged, replaced whole on
    success: :func:`jkncost.compendium.notebook.run_notebook`); a failed run's folder is emptied,
    so a ``summary.json`` of an earlier sweep cannot be mistaken for this run's. The kernel's
    stderr, when it printed anything, is kept as ``kernel.log`` in the run folder.
    """
    import os

    from jkncost.core import staging
    from jkncost.compendium.notebook import NotebookFailed, run_notebook

    notebook_path = Path(notebook)
    run_dir = Path(out) / "runs" / run_id
    row: dict[str, Any] = {"run_id": run_id, **parameters, "status": "ok", "error": "",
                           "output": f"runs/{run_id}"}
    start = time.perf_counter()
    failed = None  # the failed run's notebook, kept in its folder
    run_dir.parent.mkdir(parents=True, exist_ok=True)
    log = staging.new_entry(run_dir.parent, f"{run_id}-{KERNEL_LOG}", directory=False)
    try:
        params = dict(parameters)
        if set_output_dir:
            params["output_dir"] = str(run_dir.resolve())
        run_notebook(notebook_path, run_dir / notebook_path.name, params, cwd=notebook_path.parent, kernel_log=log,
                     owned_output=True)
    except NotebookFailed as exc:
        if exc.failed:  # the partly run notebook stays in the run folder, named relative to OUT
            failed = Path(exc.failed).name
            exc = exc.kept(f"{row['output']}/{failed}")
        row.update(status="failed", error=_one_line(exc))
    except Exception as exc:  # a run never stops the sweep
        row.update(status="failed", error=_one_line(f"{notebook_path.name}: {type(exc).__name__}: {exc}"))
    if row["status"] != "ok":  # what an earlier run of this id wrote cannot be mistaken for this run's
        staging.remove_own(run_dir, keep=[failed] if failed else [])
    if log.is_file():  # kept in the run folder, recorded as the run's file
        stage = staging.new_entry(run_dir.parent, f"{run_id}-log")
        try:
            os.chmod(log, staging.usual_mode())
            os.replace(log, stage / KERNEL_LOG)
            staging.commit(stage, run_dir, f"notebook:{notebook_path.stem}", owned=True, prune=False)
        finally:
            staging.discard(stage)
    staging.discard(log)
    row["seconds"] = round(time.perf_counter() - start, 3)
    if row["status"] == "ok":  # a failed run's folder may hold an earlier run's summary: never its numbers
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


def require_distributed():
    """The ``distributed`` module, or one line saying how to install it (an optional extra of jkncost).

    Examples
    --------
    >>> require_distributed().__name__
    'distributed'
    """
    try:
        import distributed
    except ImportError:
        raise InputError(Problem("dask.distributed", "not installed; jkncost sweep and batch need it: "
                                                     "pip install 'jkncost[sweep]'")) from None
    return distributed


def make_client(scheduler: str | None, workers: int | None, n_tasks: int):
    """A client on an existing scheduler, or on a new LocalCluster (processes, one thread each, no dashboard).

    Without a dashboard the scheduler still serves its health and metrics pages, by default on port 8787: they
    go to a free port of this machine instead, so that two clusters at once (two sweeps, parallel tests) never
    compete for 8787 ("Port 8787 is already in use").
    """
    import logging
    import os

    distributed = require_distributed()
    Client, LocalCluster = distributed.Client, distributed.LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="15s"), None
        except (OSError, TimeoutError) as exc:
            raise InputError(Problem("--scheduler", f"cannot connect to {scheduler!r}: {_one_line(exc)}")) from None
    n = workers or max(1, min(os.cpu_count() or 1, n_tasks))
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                           scheduler_kwargs={"dashboard_address": SCHEDULER_HTTP}, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run_sweep(notebook: str | Path, grid: str | Path | None = None, out: str | Path | None = None, *,
              hospitals: str | Path | None = None, scheduler: str | None = None, workers: int | None = None,
              client=None, progress: bool = False, resume: bool = False, force: bool = False) -> SweepResult:
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

    force : overwrite a ``sweep.csv`` or ``progress.jsonl`` in ``out`` that no sweep wrote (``--force``).

    Raises
    ------
    InputError, ParameterError
        Bad grid or parameters, before anything is submitted or written.
    """
    from tqdm.auto import tqdm

    from jkncost.core.io import write_csv
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
    from jkncost.core import staging
    from jkncost.compendium.guards import check_outputs
    from jkncost.core.outputs import check_folder, output_folder

    check_outputs(notebook, out, out / "runs" / notebook.name)  # not into data/raw or another study's folder
    # not into a folder another command owns, nor over a file of the user's named sweep.csv or progress.jsonl
    check_folder(out, "sweep", [] if resume else [SWEEP_CSV, PROGRESS_LOG], force=force)
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
                    staging.remove_own(stale)  # the files its run wrote; anything else stays
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
    with output_folder(out, "sweep", prune=False, force=force or resume) as tmp:  # recorded as the sweep's in the folder's marker
        write_csv(table, tmp / SWEEP_CSV)
        if (out / PROGRESS_LOG).is_file():
            os.replace(out / PROGRESS_LOG, tmp / PROGRESS_LOG)
    return SweepResult(table, out / SWEEP_CSV, reused=len(reused))


