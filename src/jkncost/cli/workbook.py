"""``jkncost workbook HOSPITAL --method M [--bor B] [--lang id] --out FILE.xlsx``: the audit workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jkncost.cli.unitcost import add_force_option, bor_fraction, days_count, ignored_options, rate_fraction
from jkncost.costing.allocation import METHODS
from jkncost.costing.annualize import FC_METHODS
from jkncost.labels import LANGS


def xlsx_path(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() != ".xlsx":
        raise argparse.ArgumentTypeError(f"the workbook is an .xlsx file, got {text!r}")
    return path


def register(sub) -> None:
    from jkncost.workbook import MAX_FORMULA_CENTERS

    p = sub.add_parser(
        "workbook",
        help="write an audit workbook: every allocated amount and unit cost as a live Excel formula",
        description="Read a hospital folder (or .xlsx) and write FILE.xlsx: the inputs as given, each rule set's "
                    "shares, the allocation stage by stage for METHOD, unit_cost (TC1-3, UC1-3 [, normative, CRR]) "
                    "and a check of total cost before and after allocation, every result a formula over the inputs. "
                    f"Above {MAX_FORMULA_CENTERS} cost centers the results are written as values in the same layout.",
    )
    p.add_argument("hospital", type=Path, help="hospital folder of CSV files, or one .xlsx workbook")
    p.add_argument("--method", choices=METHODS, default="double", help="allocation method (default: double)")
    p.add_argument("--bor", type=bor_fraction, default=None, help="target bed occupancy rate for normative output, e.g. 0.8")
    p.add_argument("--days", type=days_count, default=365, help="days in the period (default 365)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of labels, read_me, sheet names and column headers (default: en, the "
                        "hospital-folder format's names)")
    p.add_argument("--fc-method", choices=FC_METHODS, default="inflation",
                   help="annualization of assets.csv when present (default: inflation)")
    p.add_argument("--rate", type=rate_fraction, default=0.0,
                   help="inflation or discount rate for assets.csv as a fraction, 0.05 for 5%% (default 0)")
    p.add_argument("--values", action="store_true", help="write values instead of formulas (same layout)")
    p.add_argument("--out", type=xlsx_path, required=True, help="the .xlsx file to write")
    add_force_option(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    from jkncost.core.outputs import check_file, output_file
    from jkncost.costing import read_hospital
    from jkncost.workbook import writer

    # never over an input (workbook self.xlsx --out self.xlsx), never into data/raw/, never over a file it
    # did not write without --force: checked before any work starts (the output policy: README)
    check_file(args.out, "workbook", force=args.force, inputs=[args.hospital])
    hospital = read_hospital(args.hospital, method=args.method)
    for warning in ignored_options(hospital, args):
        print(f"warning: {warning}", file=sys.stderr)
    with output_file(args.out, "workbook", force=args.force, inputs=[args.hospital]) as tmp:
        result = writer.write_workbook(hospital, tmp, args.method, bor=args.bor, days=args.days, lang=args.lang,
                                       fc_method=args.fc_method, rate=args.rate,
                                       formulas=False if args.values else None)
    for note in hospital.notes:
        print(f"note: {note}", file=sys.stderr)
    for warning in result.warnings:
        if warning not in hospital.notes:
            print(f"warning: {warning}", file=sys.stderr)
    if not result.formulas and not args.values:
        print(f"note: {result.n_centers} cost centers is more than {writer.MAX_FORMULA_CENTERS}: the workbook holds values, "
              f"not formulas, in the same layout", file=sys.stderr)
    kind = "formulas" if result.formulas else "values"
    print(f"{hospital.name}: {len(result.plan.support)} support, {len(result.plan.production)} production"
          f"{f', {len(result.plan.shared)} shared' if result.plan.shared else ''} centers; method {args.method}; "
          f"{len(result.plan.blocks)} allocation blocks; results as {kind}")
    print(f"wrote {args.out}")
    return 0
