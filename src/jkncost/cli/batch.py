"""``jkncost batch FOLDER --method M [--bor B] --out OUT``: unit cost of many hospitals, vectorized, on dask."""

from __future__ import annotations

import sys
from pathlib import Path

from jkncost.costing.allocation import METHODS
from jkncost.cli.sweep import positive_int, add_cluster_options
from jkncost.cli.unitcost import add_force_option, bor_fraction, days_count

#: What Hospital.weight_matrix says about a format v2 hospital (the batched engine's one matrix cannot describe it).
V2_MARK = "(format v2)"


def register(sub) -> None:
    p = sub.add_parser(
        "batch", help="unit cost of a folder of many hospital folders with the vectorized engine, on dask",
        description="Read every hospital folder (or .xlsx workbook) in FOLDER, group the hospitals with the same "
                    "cost-center structure, and compute TC1-3 and UC1-3 with the batched engine, CHUNK hospitals per "
                    "dask task (a LocalCluster, or an existing scheduler). Writes OUT/unit_cost_batch.csv: one row "
                    "per hospital and production center; a hospital that fails validation gets one row with "
                    "status 'failed' and its error, and does not stop the others (exit status 1 when any failed).")
    p.add_argument("hospitals", type=Path, metavar="FOLDER", help="folder of hospital folders or .xlsx workbooks")
    p.add_argument("--method", choices=METHODS, default="double", help="allocation method (default: double)")
    p.add_argument("--bor", type=bor_fraction, default=None, help="target bed occupancy rate for normative output, e.g. 0.8")
    p.add_argument("--days", type=days_count, default=365, help="days in the period (default 365)")
    p.add_argument("--chunk-size", type=positive_int, default=1000, metavar="CHUNK",
                   help="hospitals per dask task (default 1000)")
    p.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    add_force_option(p)
    add_cluster_options(p)
    p.set_defaults(handler=run)


def cost_v2_hospitals(table, folders, method: str, bor, days: float):
    """Hospitals the batched engine hands back as format v2 (shared pools or bases per category or
    component: one weight matrix cannot describe them) are costed one by one with
    :func:`jkncost.costing.unitcost.unit_cost`, which builds one operator per distinct set of bases;
    their rows replace the failed row in place. The batched (vectorized) path is for version 1 hospitals.
    """
    import pandas as pd

    from jkncost.costing import read_hospital
    from jkncost.costing.unitcost import unit_cost

    v2 = table["status"].ne("ok") & table["error"].astype(str).str.contains(V2_MARK, regex=False)
    if not v2.any():
        return table
    by_name = {Path(f).name: f for f in folders}
    frames = []
    for hospital, rows in table.groupby("hospital", sort=False):
        if not v2.loc[rows.index].any():
            frames.append(rows)
            continue
        try:
            uc = unit_cost(read_hospital(by_name[hospital], method=method), method, bor=bor or None, days=days,
                           flows=False).unit_cost
        except Exception as exc:  # one bad hospital never stops the batch
            frames.append(rows.assign(error=f"{type(exc).__name__}: {exc}".splitlines()[0]))
            continue
        frames.append(uc.assign(hospital=hospital, status="ok", error="")[[c for c in table.columns if c in uc.columns
                                                                          or c in ("hospital", "status", "error")]])
    return pd.concat(frames, ignore_index=True)


def run(args) -> int:
    from jkncost.core.io import write_csv
    from jkncost.core.outputs import check_folder, output_folder
    from jkncost.compendium.sweep import BATCH_CSV, hospital_folders, make_client, sweep_hospital_batch

    check_folder(args.out, "batch", [BATCH_CSV], force=args.force, inputs=[args.hospitals])
    folders = hospital_folders(args.hospitals)
    client, cluster = make_client(args.scheduler, args.workers, len(folders))
    try:
        table = sweep_hospital_batch(folders, args.method, args.bor, args.chunk_size, client, days=args.days,
                                     progress=not args.no_progress and sys.stderr.isatty())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    table = cost_v2_hospitals(table, folders, args.method, args.bor, args.days)
    with output_folder(args.out, "batch", force=args.force, inputs=[args.hospitals]) as tmp:
        write_csv(table, tmp / BATCH_CSV, float_format="%.6f", na_rep="")
    path = args.out / BATCH_CSV
    bad = table.loc[table["status"] != "ok", ["hospital", "error"]].drop_duplicates("hospital")
    for row in bad.itertuples(index=False):
        print(f"{row.hospital}: {row.error}", file=sys.stderr)
    n = table["hospital"].nunique()
    print(f"{n - len(bad)} of {n} hospitals costed (method {args.method}); wrote {path}")
    if len(bad):
        print(f"jkncost batch: {len(bad)} of {n} hospitals failed (see the error column)", file=sys.stderr)
        return 1
    return 0
