"""``jkncost unitcost HOSPITAL --method M [--bor B] --out DIR``: unit cost of one hospital folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jkncost.costing.allocation import METHODS
from jkncost.costing.annualize import FC_METHODS
from jkncost.labels import LANGS

# notes of the reader that change what a figure means: printed as warnings
WARNING_NOTES = {"costing.note.two_classes"}


def prefix(note, lang: str) -> str:
    """``note`` or ``warning`` (``catatan``, ``peringatan``): a note that changes what a figure means, or None
    (a warning of the run), is a warning."""
    warning = note is None or getattr(note, "key", "") in WARNING_NOTES
    return {"en": ("note", "warning"), "id": ("catatan", "peringatan")}[lang][warning]


def bor_fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"BOR is a fraction in (0, 1], e.g. 0.8; got {text}")
    return value


def days_count(text: str) -> float:
    """Days in the period: a positive number (365 for a budget year)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"days in the period must be positive, e.g. 365; got {text}")
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


#: The files ``jkncost unitcost`` writes into its output folder (checked before any work starts).
OUTPUTS = ("unit_cost.csv", "allocation.csv")  # crr.csv, cost_recovery.csv: checked when put in place

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
    p.add_argument("--days", type=days_count, default=365, help="days in the period (default 365)")
    p.add_argument("--fc-method", choices=FC_METHODS, default="inflation",
                   help="annualization of assets.csv when present (default: inflation)")
    p.add_argument("--rate", type=rate_fraction, default=0.0,
                   help="inflation or discount rate for assets.csv as a fraction, 0.05 for 5%% (default 0)")
    p.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    add_language_options(p, "docs/hospital-folder.md", "pusat_biaya, luaran, tarif ...")
    add_force_option(p)
    p.set_defaults(handler=run)


def add_language_options(p, contract: str, examples: str) -> None:
    """``--lang`` (the console's words and numbers) and ``--headers`` (the CSV column names), alike in every
    command that prints numbers and writes tables; ``contract`` names the document of the English names."""
    p.add_argument("--lang", choices=LANGS, default="en",
                   help="language of the console: id gives Indonesian words and numbers (Rp 1.234.567) (default en)")
    p.add_argument("--headers", choices=LANGS, default="en",
                   help=f"language of the CSV column names: en (default) writes the names of {contract}, "
                        f"id Indonesian ones ({examples})")


def add_force_option(p) -> None:
    """``--force``: the one way to let a command overwrite an existing file it did not write."""
    p.add_argument("--force", action="store_true",
                   help="overwrite existing files of the same names that this command did not write (never an "
                        "input, never data/raw/); files it does not write are never touched")


def ignored_options(hospital, args) -> list[str]:
    """Options given that this hospital gives nothing to act on: said, never silently dropped."""
    given = [f"--{name.replace('_', '-')} {getattr(args, name)}" for name, default in (("fc_method", "inflation"),
                                                                                       ("rate", 0.0))
             if getattr(args, name) != default]
    warnings = []
    if given and getattr(hospital, "assets", None) is None:
        warnings.append(f"{' and '.join(given)} annualize assets.csv, and this hospital has no asset register: FC is "
                        f"read from costs.csv as it is, so "
                        f"{'these options change' if len(given) > 1 else 'this option changes'} nothing")
    if getattr(args, "days", 365) != 365 and getattr(args, "bor", None) is None:
        warnings.append(f"--days {args.days:g} counts the days of the normative output, which only --bor asks for: "
                        f"without --bor it changes nothing")
    return warnings


LONG_TABLE = 40  # production centers printed in full; above, the highest UC1 and the path of the whole table
SHOWN = 20


def headers(frame, lang: str, catalogue: str = "costing"):
    """``frame`` with the column names of ``lang`` (the contract's English names by default), from the labels
    ``<catalogue>.column.<name>``."""
    from jkncost.labels import label

    return frame if lang == "en" else frame.rename(columns=lambda c: label(f"{catalogue}.column.{c}", lang))


def centers_text(hospital, lang: str) -> str:
    from jkncost.labels import label

    counts = {"support": len(hospital.support_centers), "production": len(hospital.production_centers)}
    if hospital.shared_centers:
        return label("costing.centers_shared", lang, shared=len(hospital.shared_centers), **counts)
    return label("costing.centers_count", lang, **counts)


def print_unit_costs(hospital, result, method: str, lang: str, path: Path) -> None:
    """The summary line and the unit costs, numbers in ``lang``; a long table by its highest UC1 and its path."""
    from jkncost.display import number, rupiah
    from jkncost.labels import label

    print(label("costing.cli_summary", lang, name=hospital.name, counts=centers_text(hospital, lang), method=method,
                total=rupiah(result.unit_cost["TC1"].sum(), lang)))
    cols = ["center", "output", "UC1", "UC2", "UC3"] + (["tariff", "CRR1"] if "tariff" in result.unit_cost else [])
    show = result.unit_cost[cols]
    if len(show) > LONG_TABLE:
        print(label("costing.cli_long", lang, n=number(len(show), lang), shown=SHOWN, path=path))
        show = show.sort_values("UC1", ascending=False, kind="stable").head(SHOWN)
    print(headers(show, lang).to_string(index=False, float_format=lambda x: number(x, lang), na_rep="-"))


def run(args) -> int:
    from jkncost.costing import read_hospital
    from jkncost.core.io import write_csv
    from jkncost.core.outputs import check_folder, output_folder
    from jkncost.costing.unitcost import unit_cost

    # where it writes is checked first: a refused place costs nothing (the output policy: README)
    check_folder(args.out, "unitcost", OUTPUTS, force=args.force, inputs=[args.hospital])
    hospital = read_hospital(args.hospital, method=args.method)
    for warning in ignored_options(hospital, args):
        print(f"{prefix(None, args.lang)}: {warning}", file=sys.stderr)
    result = unit_cost(hospital, args.method, bor=args.bor, days=args.days, fc_method=args.fc_method, rate=args.rate)
    with output_folder(args.out, "unitcost", force=args.force, inputs=[args.hospital]) as tmp:
        # an empty cell, not a placeholder, where a unit cost is undefined (no output, no beds)
        h = args.headers
        write_csv(headers(result.unit_cost, h), tmp / "unit_cost.csv", float_format="%.6f", na_rep="")
        write_csv(headers(result.flows, h), tmp / "allocation.csv", float_format="%.6f")
        if result.crr is not None:  # hospital folder v3: CRR per tariff set, whenever tariffs.csv exists
            write_csv(headers(result.crr, h), tmp / "crr.csv", float_format="%.6f", na_rep="")
        if result.recovery is not None:
            write_csv(headers(result.recovery, h), tmp / "cost_recovery.csv", float_format="%.6f", na_rep="")
    from jkncost.labels import in_lang, label

    for note in hospital.notes:
        print(f"{prefix(note, args.lang)}: {in_lang(note, args.lang)}",
              file=sys.stderr)
    for warning in result.warnings:
        if warning not in hospital.notes:
            print(f"{prefix(None, args.lang)}: {in_lang(warning, args.lang)}", file=sys.stderr)
    print_unit_costs(hospital, result, args.method, args.lang, args.out / "unit_cost.csv")
    written = ["unit_cost.csv", "allocation.csv"] + (["crr.csv"] if result.crr is not None else []) + \
        (["cost_recovery.csv"] if result.recovery is not None else [])
    print(label("costing.cli_wrote", args.lang, files=", ".join(str(args.out / f) for f in written)))
    return 0
