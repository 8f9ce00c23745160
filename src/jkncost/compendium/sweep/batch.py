"""Many hospitals through the vectorized engine on dask (``jkncost batch``), data kept on the workers.

:func:`sweep_hospital_batch` costs thousands of hospital folders without a notebook per hospital:
hospitals with the same center structure are stacked into ``(H, 3, n)`` / ``(H, n, n)`` arrays and
:func:`jkncost.costing.unitcost.unit_cost_batch` runs once per chunk inside a dask task. The costing
itself (reading a folder into arrays, a chunk through the engine, the rows of a group) is
:mod:`jkncost.costing.batch`; this module only splits, submits, gathers and orders.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from jkncost.core.schemas import NORMATIVE_COLUMNS
from jkncost.costing.allocation import METHODS
from jkncost.costing.batch import (
    BATCH_COLUMNS,
    HospitalArrays,
    HospitalFailure,
    compute_members,
    describe_hospitals,
    error_line,
    group_rows,
    hospital_arrays,
    read_hospitals_task,
    unit_cost_chunk,
)
from jkncost.errors import InputError, Problem

BATCH_CSV = "unit_cost_batch.csv"
# what jkncost.compendium.sweep exports from here (the costing names come from jkncost.costing.batch)
__all__ = ["BATCH_COLUMNS", "BATCH_CSV", "NORMATIVE_COLUMNS", "HospitalArrays", "HospitalFailure", "hospital_arrays",
           "read_hospitals_task", "sweep_hospital_batch", "unit_cost_chunk", "unit_cost_chunks"]


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
                err = dict.fromkeys(range(stop - start), error_line(exc))
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


def sweep_hospital_batch(folders: Sequence[str | Path], method: str = "double", bor: float | None = None,
                         chunk_size: int = 1000, client=None, *, names: Sequence[str] | None = None,
                         days: float = 365, fc_method: str = "inflation", rate: float = 0.0,
                         progress: bool = False) -> pd.DataFrame:
    """Unit cost of many hospital folders with the vectorized engine, in dask tasks.

    1. **Read** (tasks of up to ``chunk_size`` folders): each folder is validated with
       :func:`jkncost.costing.read_hospital`; a bad one becomes a failed row, the rest go on.
    2. **Group** the hospitals by structure (center names and kinds in file order, and the
       step-down sequence for ``stepdown``), keeping the input order inside a group.
    3. **Compute** each group in chunks of ``chunk_size`` hospitals: one
       :func:`jkncost.costing.batch.unit_cost_chunk` task stacks them into ``(H, 3, n)`` and ``(H, n, n)`` arrays and
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

    # 1. read (each chunk of folders stays on the worker that read it) -----------------------------
    read_size = max(1, min(chunk_size, math.ceil(len(folders) / (4 * _n_workers(client))) or 1))
    starts = list(range(0, len(folders), read_size))
    bar = tqdm(total=len(folders), desc="read hospitals", unit="hospital", disable=not progress)
    if client is None:
        chunks = [read_hospitals_task(folders[s:s + read_size], names[s:s + read_size], method, fc_method, rate)
                  for s in starts]
        described = [describe_hospitals(c) for c in chunks]
        bar.update(len(folders))
    else:
        from distributed import as_completed

        chunks = [client.submit(read_hospitals_task, folders[s:s + read_size], names[s:s + read_size], method,
                                fc_method, rate, pure=False) for s in starts]
        # only what grouping and the table need comes back: structure, name, outputs and beds
        summary_futures = [client.submit(describe_hospitals, c, pure=False) for c in chunks]
        index = {f.key: k for k, f in enumerate(summary_futures)}
        described = [None] * len(chunks)
        for f in as_completed(summary_futures):
            k = index[f.key]
            try:
                described[k] = f.result()  # fetched once
            except Exception as exc:  # the worker died: these hospitals fail, the others go on
                described[k] = [HospitalFailure(n, error_line(exc)) for n in names[starts[k]:starts[k] + read_size]]
            bar.update(len(described[k]))
    bar.close()

    # 2. group --------------------------------------------------------------------------------
    flat = [(k, j, d) for k, found in enumerate(described) for j, d in enumerate(found)]
    failures = [(i, d) for i, (_, _, d) in enumerate(flat) if isinstance(d, HospitalFailure)]
    groups: dict[tuple, list[int]] = {}
    for i, (_, _, d) in enumerate(flat):
        if not isinstance(d, HospitalFailure):
            groups.setdefault(d.structure, []).append(i)

    # 3. compute: each task stacks its members from the read chunks where they are ------------
    submitted = []
    for _, positions in groups.items():
        first = flat[positions[0]][2]
        is_support = np.array(first.is_support)
        for lo in range(0, len(positions), chunk_size):
            part = positions[lo:lo + chunk_size]
            needed = sorted({flat[i][0] for i in part})
            picks = [(needed.index(flat[i][0]), flat[i][1]) for i in part]
            if client is None:
                job = compute_members([chunks[k] for k in needed], picks, is_support, method, first.order)
            else:
                job = client.submit(compute_members, [chunks[k] for k in needed], picks, is_support, method,
                                    first.order, pure=False)
            submitted.append((part, job))
    by_group: dict[int, tuple] = {}
    for part, job in submitted:
        p = len(flat[part[0]][2].production)
        if client is None:
            tc, uc, err = job
        else:
            try:
                tc, uc, err = job.result()  # fetched once
            except Exception as exc:  # the worker died or the task could not run
                tc = uc = np.full((len(part), 3, p), np.nan)
                err = dict.fromkeys(range(len(part)), error_line(exc))
        by_group[part[0]] = (part, tc, uc, err)
    frames = []
    for part, tc, uc, err in by_group.values():
        frames.append(group_rows([flat[i][2] for i in part], part, tc, uc, err, bor, days))
    if failures:
        frames.append(pd.DataFrame({"_h": [i for i, _ in failures], "_c": 0, "hospital": [f.name for _, f in failures],
                                    "center": "", "status": "failed", "error": [f.error for _, f in failures]}))
    columns = BATCH_COLUMNS + (NORMATIVE_COLUMNS if bor else []) + ["status", "error"]
    if not frames:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True).sort_values(["_h", "_c"], kind="stable")
    table = table.reindex(columns=columns).reset_index(drop=True)
    return table
