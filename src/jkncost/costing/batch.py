"""Many hospitals through the vectorized engine: hospital folders read into arrays, stacked, costed.

The costing half of ``jkncost batch`` (:func:`jkncost.compendium.sweep.sweep_hospital_batch` runs these
functions as dask tasks and keeps only the orchestration): :func:`read_hospitals_task` reads a chunk of
hospital folders into :class:`HospitalArrays` (a bad folder becomes a :class:`HospitalFailure`);
hospitals with the same center structure are stacked into ``(H, 3, n)`` / ``(H, n, n)`` arrays and
:func:`unit_cost_chunk` runs :func:`jkncost.costing.unitcost.unit_cost_batch` once per chunk;
:func:`group_rows` turns a computed group into the rows of ``unit_cost_batch.csv``.

Examples
--------
>>> from jkncost.core import paths
>>> found = read_hospitals_task([str(paths.raw("example_hospital"))], ["example"], "double")
>>> h = found[0]
>>> h.name, h.direct.shape, h.weights.shape
('example', (3, 11), (11, 11))
>>> tc, uc, errors = unit_cost_chunk(h.direct[None], h.weights, h.is_support, h.output[None], "double")
>>> tc.shape, errors
((1, 3, 7), {})
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from jkncost.costing.reader import read_hospital
from jkncost.costing.unitcost import normative_output, normative_unit_costs, unit_cost_batch
from jkncost.errors import InputError, one_line

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


def error_line(exc: BaseException) -> str:
    if isinstance(exc, InputError):
        more = f" (and {len(exc.problems) - 1} more problem(s))" if len(exc.problems) > 1 else ""
        return one_line(f"{exc.problems[0]}{more}")
    return one_line(f"{type(exc).__name__}: {exc}")


def read_hospitals_task(folders: Sequence[str], names: Sequence[str], method: str, fc_method: str = "inflation",
                        rate: float = 0.0) -> list[HospitalArrays | HospitalFailure]:
    """Read a chunk of hospital folders (a dask task); a bad folder becomes a :class:`HospitalFailure`."""
    found: list[HospitalArrays | HospitalFailure] = []
    for folder, name in zip(folders, names):
        try:
            found.append(hospital_arrays(folder, method, name, fc_method=fc_method, rate=rate))
        except Exception as exc:  # one bad hospital never stops the batch
            found.append(HospitalFailure(name, error_line(exc)))
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
            errors[h] = error_line(exc)
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


def group_rows(members: list[HospitalArrays], positions: list[int], tc, uc, errors, bor, days) -> pd.DataFrame:
    """The rows of ``unit_cost_batch.csv`` for one group of hospitals of equal structure (``_h``, ``_c``:
    the hospitals' positions in the input and the centers' in the file, for sorting)."""
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
