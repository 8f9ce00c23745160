"""``jkncost unitcost HOSPITAL --method M [--bor B] --out DIR``: unit cost of one hospital folder."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from jkncost.costing.allocation import METHODS
from jkncost.costing.annualize import FC_METHODS


def bor_fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"BOR is a fraction in (0, 1], e.g. 0.8; got {text}")
    return value


def rate_fraction(text: str) -> float:
    """An annual rate as a fraction; 5 for 5% is refused, since a 500% rate is never meant."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not -1 < value < 1:
        raise argparse.ArgumentTypeError(f"a rate is a fraction between -1 and 1, e.g. 0.05 for 5%; got {text}")
    return value


def write_table(frame, path: Path, float_format: str = "%.6f", na_rep: str = "") -> Path:
    """Write ``frame`` as CSV atomically, byte for byte what ``jkncost.compendium.io.write_csv`` writes
    (no index, ``\n`` line endings, ``float_format``, ``na_rep``), column by column.

    ``DataFrame.to_csv`` formats every cell through pandas' formatter objects, about 0.8 s for the
    90,000 flows of a 1,000-center hospital, longer than the allocation; here each float column is
    formatted in one pass and the csv module (which pandas also uses, with the same minimal quoting)
    writes the rows.
    """
    import numpy as np

    from jkncost.compendium.io import atomic_path

    columns = []
    for name in frame.columns:
        col = frame[name]
        if col.dtype.kind == "f":
            values = col.to_numpy(dtype=float)
            columns.append([na_rep if v != v else float_format % v for v in values.tolist()])
        elif col.dtype.kind in "iub":
            columns.append([str(v) for v in col.to_numpy().tolist()])
        else:
            values = col.to_numpy(dtype=object)
            missing = col.isna().to_numpy()
            text = values.astype(str) if not missing.any() else np.where(missing, na_rep, values).astype(str)
            columns.append(text.tolist())
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([str(c) for c in frame.columns])
        writer.writerows(zip(*columns))
    return Path(path)


def register(sub) -> None:
    p = sub.add_parser(
        "unitcost",
        help="allocate support costs and write unit cost per production center",
        description="Read a hospital folder (or .xlsx; format version 2, docs/hospital-folder.md), spread the "
                    "shared cost pools, allocate support-center costs with METHOD and write DIR/unit_cost.csv "
                    "(center, output, TC1-3, UC1-3 [, normative columns with --bor] [, tariff, CRR1-3 with "
                    "tariffs.csv]) and DIR/allocation.csv (every flow: from, to, category, component, stage, "
                    "amount). Warnings (production centers without output, --bor without beds) go to stderr.",
    )
    p.add_argument("hospital", type=Path, help="hospital folder of CSV files, or one .xlsx workbook")
    p.add_argument("--method", choices=METHODS, default="double", help="allocation method (default: double)")
    p.add_argument("--bor", type=bor_fraction, default=None, help="target bed occupancy rate for normative output, e.g. 0.8")
    p.add_argument("--days", type=float, default=365, help="days in the period (default 365)")
    p.add_argument("--fc-method", choices=FC_METHODS, default="inflation",
                   help="annualization of assets.csv when present (default: inflation)")
    p.add_argument("--rate", type=rate_fraction, default=0.0,
                   help="inflation or discount rate for assets.csv as a fraction, 0.05 for 5%% (default 0)")
    p.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from jkncost.costing import read_hospital
    from jkncost.compendium.io import atomic_dir
    from jkncost.costing.unitcost import unit_cost

    hospital = read_hospital(args.hospital, method=args.method)
    result = unit_cost(hospital, args.method, bor=args.bor, days=args.days, fc_method=args.fc_method, rate=args.rate)
    with atomic_dir(args.out) as tmp:
        # an empty cell, not a placeholder, where a unit cost is undefined (no output, no beds)
        write_table(result.unit_cost, tmp / "unit_cost.csv", float_format="%.6f", na_rep="")
        write_table(result.flows, tmp / "allocation.csv", float_format="%.6f")
    for note in hospital.notes:
        print(f"note: {note}", file=sys.stderr)
    for warning in result.warnings:
        if warning not in hospital.notes:
            print(f"warning: {warning}", file=sys.stderr)
    cols = ["center", "output", "UC1", "UC2", "UC3"] + (["tariff", "CRR1"] if "tariff" in result.unit_cost else [])
    show = result.unit_cost[cols].copy()
    shared = f"{len(hospital.shared_centers)} shared, " if hospital.shared_centers else ""
    print(f"{hospital.name}: {shared}{len(hospital.support_centers)} support, {len(hospital.production_centers)} "
          f"production centers; method {args.method}; total cost Rp {result.unit_cost['TC1'].sum():,.0f}")
    print(show.to_string(index=False, float_format=lambda x: f"{x:,.0f}", na_rep="-"))
    print(f"wrote {args.out / 'unit_cost.csv'} and {args.out / 'allocation.csv'}")
    return 0
