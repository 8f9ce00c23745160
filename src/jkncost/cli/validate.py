"""``jkncost validate HOSPITAL``: report every problem in a hospital folder, not only the first."""

from __future__ import annotations

import sys
from pathlib import Path

from jkncost.errors import EXIT_INPUT

METHODS = ("direct", "stepdown", "double", "reciprocal")  # jkncost.costing.allocation.METHODS, without its import


def register(sub) -> None:
    p = sub.add_parser("validate", help="check a hospital folder or workbook and list every problem",
                       description="Check a hospital folder (or .xlsx) against the format; print one line per "
                                   "problem (file:row: column 'c': message) and exit 2 when there is any.")
    p.add_argument("hospital", type=Path, help="hospital folder of CSV files, or one .xlsx workbook")
    p.add_argument("--method", choices=METHODS, default="double",
                   help="the method the data is meant for (decides eligible receivers; default double)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from jkncost.costing.validation import validate

    h, problems = validate(args.hospital, method=args.method)  # once: the problems, or the hospital
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) in {args.hospital}", file=sys.stderr)
        return EXIT_INPUT
    kinds = h.centers["kind"].value_counts()
    shared = f", {kinds['shared']} shared" if kinds.get("shared", 0) else ""
    print(f"OK: {args.hospital} has {len(h.names)} cost centers ({kinds.get('support', 0)} support, "
          f"{kinds.get('production', 0)} production{shared}), {len(h.costs)} cost rows, "
          f"total Rp {h.total_cost():,.0f}")
    for note in h.notes:
        print(f"note: {note}")
    return 0
