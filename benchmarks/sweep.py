"""Sweep benchmarks: notebook runs per minute on 1 and 2 dask workers, and the batched engine at scale.

Not tests: nothing here passes or fails on speed. ``sweep_benchmarks()`` returns rows
``(name, seconds, note)`` in the format of ``benchmarks/run.py``; run as a script it prints them::

    .venv/bin/python benchmarks/sweep.py            # everything (a few minutes on 2 cores)
    .venv/bin/python benchmarks/sweep.py --quick    # smaller notebook grid, 2,000 folders -> 200
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from common import print_table, random_batch

from jkncost.core import paths
from jkncost.compendium.sweep import hospital_folders, run_sweep, sweep_hospital_batch, unit_cost_chunks
from jkncost.costing.unitcost import unit_cost_batch


def _cluster(workers: int):
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    return cluster, Client(cluster)




def notebook_throughput(workers: int, methods=("direct", "stepdown", "double", "reciprocal"), bors=(0.7, 0.8),
                        ) -> tuple[float, int, int]:
    """Seconds for a sweep of the unit_cost notebook (cluster already started), runs, failures."""
    tmp = Path(tempfile.mkdtemp(prefix="jkncost-bench-sweep-"))
    grid = tmp / "grid.yaml"
    grid.write_text(f"parameters:\n  method: {list(methods)}\n  bor: {list(bors)}\n")
    cluster, client = _cluster(workers)
    try:
        client.submit(sum, [1, 2]).result()  # workers are up
        t = time.perf_counter()
        result = run_sweep(paths.notebooks("unit_cost.ipynb"), grid, tmp / "out", client=client)
        secs = time.perf_counter() - t
    finally:
        client.close()
        cluster.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return secs, len(result.table), result.failed


def engine_at_scale(H: int = 10_000, n: int = 40, s: int = 8, workers: int = 2, chunk_size: int = 1000,
                    method: str = "double") -> tuple[float, float]:
    """Seconds for H in-memory hospitals: one unit_cost_batch call here, and chunks as dask tasks."""
    cost, weights, is_support, output = random_batch(H, n, s)
    t = time.perf_counter()
    _, uc_ref = unit_cost_batch(cost, weights, is_support, output, method)
    t_local = time.perf_counter() - t
    cluster, client = _cluster(workers)
    try:
        client.submit(sum, [1, 2]).result()
        t = time.perf_counter()
        _, uc, errors = unit_cost_chunks(cost, weights, is_support, output, method, chunk_size=chunk_size,
                                         client=client)
        t_dask = time.perf_counter() - t
    finally:
        client.close()
        cluster.close()
    assert not errors and np.allclose(uc, uc_ref), "the dask chunks and the single batch disagree"
    return t_local, t_dask


def folders_at_scale(count: int = 2_000, workers: int = 2, chunk_size: int = 500) -> float:
    """Seconds for ``count`` hospital folders (copies of the example) read, grouped and costed on dask."""
    tmp = Path(tempfile.mkdtemp(prefix="jkncost-bench-batch-"))
    try:
        for i in range(count):
            shutil.copytree(paths.raw("example_hospital"), tmp / f"rs_{i:05d}")
        folders = hospital_folders(tmp)
        cluster, client = _cluster(workers)
        try:
            client.submit(sum, [1, 2]).result()
            t = time.perf_counter()
            table = sweep_hospital_batch(folders, "double", 0.8, chunk_size=chunk_size, client=client)
            secs = time.perf_counter() - t
        finally:
            client.close()
            cluster.close()
        assert (table["status"] == "ok").all()
        return secs
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def sweep_benchmarks(quick: bool = False) -> list[tuple[str, float, str]]:
    """Rows ``(benchmark, seconds, note)`` for benchmarks/run.py."""
    rows = []
    bors = (0.8,) if quick else (0.7, 0.8)
    for workers in (1, 2):
        secs, runs, failed = notebook_throughput(workers, bors=bors)
        rows.append((f"sweep unit_cost.ipynb, {runs} runs, {workers} worker(s)", secs,
                     f"{60 * runs / secs:.1f} runs/min" + (f", {failed} failed" if failed else "")))
    t_local, t_dask = engine_at_scale()
    rows.append(("engine, 10,000 hospitals x 40 centers, one unit_cost_batch call", t_local, "double"))
    rows.append(("engine, same 10,000 hospitals, 10 dask tasks on 2 workers", t_dask,
                 f"{10_000 / t_dask:,.0f} hospitals/s incl. transfer"))
    count = 200 if quick else 2_000
    secs = folders_at_scale(count)
    rows.append((f"batch, {count:,} hospital folders read + costed, 2 workers", secs,
                 f"{count / secs:,.0f} hospitals/s"))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller notebook grid and folder batch")
    args = parser.parse_args(argv)
    print_table(sweep_benchmarks(args.quick), note_header="note")


if __name__ == "__main__":
    main()
