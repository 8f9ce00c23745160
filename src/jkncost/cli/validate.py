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
    p.add_argument("--lang", choices=("en", "id"), default="en",
                   help="language of the summary and of the problems: id gives Indonesian words and numbers (Rp 1.234.567) "
                        "(default en)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from jkncost.costing.reader import validate

    h, problems = validate(args.hospital, method=args.method)  # once: the problems, or the hospital
    if problems:
        from jkncost.labels import label

        for problem in problems:  # the catalogue's words with --lang id (jkncost.errors.Problem.in_lang)
            print(problem.in_lang(args.lang), file=sys.stderr)
        print(label("error.problems_in", args.lang, n=len(problems), path=args.hospital), file=sys.stderr)
        return EXIT_INPUT
    from jkncost.cli.unitcost import centers_text, prefix
    from jkncost.display import number, rupiah
    from jkncost.labels import in_lang, label

    lang = args.lang
    print(label("costing.cli_valid", lang, path=args.hospital, n=number(len(h.names), lang),
                counts=centers_text(h, lang), rows=number(len(h.costs), lang), total=rupiah(h.total_cost(), lang)))
    for note in h.notes:
        print(f"{prefix(note, lang)}: {in_lang(note, lang)}")
    return 0
