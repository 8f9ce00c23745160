"""Many hospitals through the vectorized engine on dask (``jkncost batch``), data kept on the workers.

:func:`sweep_hospital_batch` costs thousands of hospital folders without a notebook per hospital:
hospitals with the same center structure are stacked into ``(H, 3, n)`` / ``(H, n, n)`` arrays and
:func:`jkncost.costing.unitcost.unit_cost_batch` runs once per chunk inside a dask task.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from jkncost.compendium.sweep.grid import one_line as _one_line
from jkncost.core.schemas import NORMATIVE_COLUMNS
from jkncost.errors import InputError, Problem

BATCH_CSV = "unit_cost_batch.csv"
BATCH_COLUMNS = ["hospital", "center", "output", "TC1", "TC2", "TC3", "UC1", "UC2", "UC3"]


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


@dataclass
class HospitalSummary:
    """What the client needs of a hospital read on a worker: no cost arrays, no weight matrix."""

    name: str
    centers: tuple[str, ...]
    is_support: tuple[bool, ...]
    order: tuple[int, ...] | None
    output: np.ndarray  # (p,)
    beds: np.ndarray  # (p,)

    structure = HospitalArrays.structure
    production = HospitalArrays.production


def describe_hospitals(found: Sequence[HospitalArrays | HospitalFailure]) -> list[HospitalSummary | HospitalFailure]:
    """The summaries of a read chunk (a small dask task next to the chunk)."""
    return [f if isinstance(f, HospitalFailure) else
            HospitalSummary(f.name, f.centers, f.is_support, f.order, f.output, f.beds) for f in found]


def compute_members(chunks: Sequence[Sequence[HospitalArrays | HospitalFailure]], picks: Sequence[tuple[int, int]],
                    is_support: np.ndarray, method: str, order: Sequence[int] | None):
    """Stack the picked hospitals (chunk, position) of equal structure and cost them (a dask task).

    Runs where the read chunks are: the arrays go from the worker that read them to the one that
    computes (often the same), never through the client.
    """
    members = [chunks[k][j] for k, j in picks]
    direct = np.stack([m.direct for m in members])
    weights = np.stack([m.weights for m in members])
    output = np.stack([m.output for m in members])
    return unit_cost_chunk(direct, weights, is_support, output, method, order)


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
                described[k] = [HospitalFailure(n, _error_line(exc)) for n in names[starts[k]:starts[k] + read_size]]
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
                err = dict.fromkeys(range(len(part)), _error_line(exc))
        by_group[part[0]] = (part, tc, uc, err)
    frames = []
    for part, tc, uc, err in by_group.values():
        frames.append(_rows_for_group([flat[i][2] for i in part], part, tc, uc, err, bor, days))
    if failures:
        frames.append(pd.DataFrame({"_h": [i for i, _ in failures], "_c": 0, "hospital": [f.name for _, f in failures],
                                    "center": "", "status": "failed", "error": [f.error for _, f in failures]}))
    columns = BATCH_COLUMNS + (NORMATIVE_COLUMNS if bor else []) + ["status", "error"]
    if not frames:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True).sort_values(["_h", "_c"], kind="stable")
    table = table.reindex(columns=columns).reset_index(drop=True)
    return table
