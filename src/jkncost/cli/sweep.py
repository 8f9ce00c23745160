"""``jkncost sweep NOTEBOOK --grid grid.yaml [--hospitals FOLDER] --out OUT``: a notebook over a grid, on dask."""

from __future__ import annotations

import sys
from pathlib import Path


def positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def add_cluster_options(p) -> None:
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="address of a running dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a new LocalCluster "
                        "on this machine; paths must then be on a file system the workers share)")
    p.add_argument("--workers", type=positive_int, metavar="N",
                   help="LocalCluster worker processes, one thread each (default: one per core)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def register(sub) -> None:
    p = sub.add_parser(
        "sweep", help="run a notebook over a grid of parameters (or a folder of hospitals) on dask.distributed",
        description="Execute NOTEBOOK once per parameter combination of GRID (and/or per hospital in FOLDER) on a "
                    "dask LocalCluster or an existing scheduler. Every combination is checked against the notebook's "
                    "parameters before anything runs (bad input: exit 2). Each run goes to OUT/runs/<run_id>/; "
                    "OUT/sweep.csv has one row per run (parameters, status, error, seconds, output folder, and the "
                    "numbers of the run's summary.json when the notebook writes one). A failed run does not stop the "
                    "others; exit status 1 when any failed. Grid format: see examples/sweep_grid.yaml.")
    p.add_argument("notebook", type=Path, help="e.g. notebooks/unit_cost.ipynb")
    p.add_argument("--grid", type=Path, help="YAML grid file: parameters (product), fixed, runs")
    p.add_argument("--hospitals", type=Path, metavar="FOLDER",
                   help="folder of hospital folders (or .xlsx workbooks): one more axis, as hospital_dir")
    p.add_argument("--out", type=Path, help="output folder (default data/processed/sweeps/<notebook>: outside the "
                                            "study's own folder, which its next run replaces whole)")
    p.add_argument("--resume", action="store_true",
                   help="reuse the runs of an earlier sweep into OUT that succeeded with the same parameters and "
                        "notebook (OUT/progress.jsonl); run only the failed, missing and changed ones")
    from jkncost.cli.unitcost import add_force_option

    add_force_option(p)
    add_cluster_options(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    from jkncost.core import paths
    from jkncost.errors import InputError, Problem
    from jkncost.compendium.sweep import SWEEP_CSV, run_sweep

    if args.grid is None and args.hospitals is None:
        raise InputError(Problem("jkncost sweep", "give --grid GRID and/or --hospitals FOLDER"))
    out = args.out or paths.processed("sweeps", args.notebook.stem)
    result = run_sweep(args.notebook, args.grid, out, hospitals=args.hospitals, scheduler=args.scheduler,
                       workers=args.workers, progress=not args.no_progress and sys.stderr.isatty(),
                       resume=args.resume, force=args.force)
    if result.reused:
        print(f"{result.reused} run(s) reused from the earlier sweep in {out} (--resume)")
    table = result.table
    n, failed = len(table), result.failed
    for row in table[table["status"] != "ok"].itertuples(index=False):
        print(f"run {row.run_id} failed: {row.error}", file=sys.stderr)
    print(f"{n - failed} of {n} runs ok; wrote {out / SWEEP_CSV}")
    if failed:
        print(f"jkncost sweep: {failed} of {n} runs failed (see the error column of {SWEEP_CSV})", file=sys.stderr)
        return 1
    return 0
