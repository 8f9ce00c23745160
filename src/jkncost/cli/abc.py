"""``jkncost abc FOLDER --out DIR [--markup M] [--hospital DIR --method M]``: cost per activity, service and case."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jkncost.cli.unitcost import add_force_option, add_language_options, headers, prefix
from jkncost.costing.allocation import METHODS
from jkncost.errors import EXIT_INPUT, InputError

SHOWN = 20  # rows of a table printed; the rest are in its file


def markup_value(text: str) -> float:
    """A markup as a fraction (``0.2``) or a percent (``20%``, ``12,5%``)."""
    from jkncost.money import readings

    reading = readings(text, percent=True)
    values = [] if isinstance(reading, str) else [v for v in reading if v == v]
    if not values or len(set(values)) > 1:
        raise argparse.ArgumentTypeError(f"a markup is a fraction (0.2) or a percent (20%); got {text!r}")
    if values[0] <= -1:
        raise argparse.ArgumentTypeError(f"a markup must be more than -1 (-100%); got {text!r}")
    return values[0]


def register(sub) -> None:
    p = sub.add_parser(
        "abc",
        help="activity-based costing, time-driven ABC and cost per case along clinical pathways",
        description="Read an activity folder (CSV files or one .xlsx workbook; docs/activity-folder.md) and write "
                    "to DIR the tables whose inputs it has: activity_rates.csv and cost_objects.csv (two-stage "
                    "ABC), capacity_rates.csv and services.csv (time-driven ABC), cost_per_case.csv (clinical "
                    "pathways against the INA-CBG tariff), and the extras activity_costs.csv, object_levels.csv, "
                    "resource_costs.csv, process_steps.csv, pathway_items.csv, patient_costs.csv, "
                    "assumptions.csv. Warnings (over-applied pools, resources used beyond capacity, assumed "
                    "practical shares) go to stderr.",
    )
    p.add_argument("folder", type=Path, help="activity folder of CSV files, or one .xlsx workbook")
    p.add_argument("--out", type=Path, default=None, help="output folder (created if missing); required unless --check")
    p.add_argument("--check", action="store_true",
                   help="only read and check the folder (and price its items): every problem one line each, "
                        "nothing written")
    p.add_argument("--markup", type=markup_value, default=None,
                   help="ABC markup where cost_objects gives none: 0.2 or 20%%")
    p.add_argument("--hospital", type=Path, default=None,
                   help="hospital folder or workbook whose unit cost UC1 prices center:NAME pathway items")
    p.add_argument("--method", choices=METHODS, default="double",
                   help="allocation method for --hospital (default: double)")
    p.add_argument("--workbook", action="store_true",
                   help="also write DIR/activity_audit.xlsx: the ABC part with every pool rate and cost per object "
                        "a live Excel formula over the inputs")
    add_language_options(p, "docs/activity-folder.md", "objek_biaya, biaya_satuan, alur_klinis ...")
    add_force_option(p)
    p.set_defaults(handler=run)


def print_table(frame, stem: str, lang: str) -> None:
    """The first rows of one output table, numbers and column names in ``lang``; how many more are in its file."""
    from jkncost.display import number
    from jkncost.labels import label

    text = headers(frame.head(SHOWN), lang, "activity").to_string(index=False, float_format=lambda x: number(x, lang, 2),
                                                      na_rep="-")
    if len(frame) > SHOWN:
        text += "\n" + label("activity.cli_more_rows", lang, n=number(len(frame) - SHOWN, lang), file=f"{stem}.csv")
    print(text)


def run(args) -> int:
    from jkncost.activity.folder import read_activity_folder
    from jkncost.activity.pathway import hospital_unit_costs
    from jkncost.activity.run import run_activity
    from jkncost.core.io import write_csv
    from jkncost.core.outputs import check_folder, output_folder
    from jkncost.display import number
    from jkncost.labels import in_lang, label

    lang = args.lang
    error = f"jkncost abc: {label('error.prefix', lang)}"
    if args.out is None and not args.check:
        print(f"{error}: {label('activity.cli_out_required', lang)}", file=sys.stderr)
        return EXIT_INPUT
    inputs = [args.folder] + ([args.hospital] if args.hospital is not None else [])
    if not args.check:  # where it writes is checked first: a refused place costs nothing (the output policy: README)
        check_folder(args.out, "abc", force=args.force, inputs=inputs)
    try:
        folder = read_activity_folder(args.folder)
        centers = hospital_unit_costs(args.hospital, args.method) if args.hospital is not None else None
        name = str(args.hospital) if args.hospital is not None else None
        result = run_activity(folder, markup=args.markup, hospital_unit_costs=centers, hospital_name=name)
    except InputError as exc:  # every problem, one line each (the hospital folder's own included)
        for problem in exc.problems:
            print(f"{error}: {problem.in_lang(lang)}", file=sys.stderr)
        return EXIT_INPUT
    warn = prefix(None, lang)
    if args.check:
        for warning in result.warnings:
            print(f"{warn}: {in_lang(warning, lang)}", file=sys.stderr)
        tables = ", ".join(label("activity.cli_table_rows", lang, n=number(len(t), lang), table=n)
                           for n, t in folder.tables.items())
        print(label("activity.cli_ok", lang, name=folder.name, parts=", ".join(folder.parts), tables=tables))
        return 0
    with output_folder(args.out, "abc", force=args.force, inputs=inputs) as tmp:
        for stem, frame in result.tables.items():
            if args.headers != "en" and stem == "assumptions":  # the assumption's words in the headers' language
                frame = frame.assign(assumption=[in_lang(a, args.headers) for a in frame["assumption"]])
            write_csv(headers(frame, args.headers, "activity"), tmp / f"{stem}.csv", float_format="%.6f", na_rep="")
        if args.workbook and folder.activities is not None:
            from jkncost.workbook.activity import write_activity_workbook

            write_activity_workbook(folder, tmp / "activity_audit.xlsx", markup=args.markup)
    if args.workbook and folder.activities is None:
        print(f"{warn}: {label('activity.cli_no_workbook', lang)}", file=sys.stderr)
    for warning in result.warnings:
        print(f"{warn}: {in_lang(warning, lang)}", file=sys.stderr)
    print(label("activity.cli_parts", lang, name=folder.name, parts=", ".join(folder.parts)))
    for stem in ("cost_objects", "services", "cost_per_case"):
        if stem in result.tables:
            print_table(result.tables[stem], stem, lang)
    books = ", activity_audit.xlsx" if args.workbook and folder.activities is not None else ""
    print(label("activity.cli_wrote", lang, files=", ".join(f"{s}.csv" for s in result.tables) + books,
                path=args.out))
    return 0
