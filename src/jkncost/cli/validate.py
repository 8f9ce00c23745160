"""``jkncost validate HOSPITAL``: report every problem in a hospital folder, not only the first."""

from __future__ import annotations

import sys
from pathlib import Path

from jkncost.costing.allocation import METHODS
from jkncost.errors import EXIT_INPUT


def register(sub) -> None:
    p = sub.add_parser("validate", help="check a hospital folder or workbook and list every problem",
                       description="Check a hospital folder (or .xlsx) against the format; print one line per "
                                   "problem (file:row: column 'c': message) and exit 2 when there is any.")
    p.add_argument("hospital", type=Path, help="hospital folder of CSV files, or one .xlsx workbook")
    p.add_argument("--method", choices=METHODS, default="double",
                   help="the method the data is meant for (decides eligible receivers; default double)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from jkncost.costing.hospital import read_hospital, validate_hospital

    problems = validate_hospital(args.hospital, method=args.method)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) in {args.hospital}", file=sys.stderr)
        return EXIT_INPUT
    h = read_hospital(args.hospital, method=args.method)
    print(f"OK: {args.hospital} has {len(h.names)} cost centers ({len(h.support_centers)} support, "
          f"{len(h.production_centers)} production), {len(h.costs)} cost rows, total Rp {h.total_cost():,.0f}")
    for note in h.notes:
        print(f"note: {note}")
    return 0
