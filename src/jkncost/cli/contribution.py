"""``jkncost contribution``: the monthly JKN contribution (iuran) of a segment on a date, itemised."""

from __future__ import annotations

import json

from jkncost.jkn import results
from jkncost.jkn.contributions import contribution, segments_table

HELP = "monthly JKN contribution (iuran) on a date: who pays what, by which regulation"
DESCRIPTION = ("The monthly JKN contribution of a participant segment on a date, itemised by payer "
               "(employer, worker, member, government), with the rule and regulation it comes from "
               "(jkn/data/rules/contributions.csv).")

OPTIONS = [
    ("--segment", dict(help="participant segment (see --list-segments)")),
    ("--date", dict(help="YYYY-MM-DD, on or after 2014-01-01")),
    ("--wage", dict(help="monthly wage in rupiah (wage earners); for veterans the basic salary of a civil servant "
                         "of grade III/a with 14 years of service")),
    ("--care-class", dict(help="1, 2 or 3 (self-paying members, segment pbpu)")),
    ("--family", dict(default="0", help="extra family members (wage earners: child 4+, parents, parents-in-law "
                                        "at 1%% each; fixed-amount segments: extra persons)")),
    ("--list-segments", dict(action="store_true", help="list the participant segments and exit")),
]


def register(subparsers) -> None:
    results.add_command(subparsers, "contribution", HELP, DESCRIPTION, OPTIONS, run)


def run(args) -> int:
    if args.list_segments:
        table = segments_table()
        if args.json:
            print(json.dumps(table.to_dict(orient="records"), indent=2, ensure_ascii=False))
        else:
            for row in table.itertuples():
                print(f"{row.segment:<15} {row.label_id}")
                print(f"{'':<15} {row.label_en}")
        return 0
    results.require(args, "segment", "date", hint=" (or use --list-segments)")
    result = contribution(args.segment, args.date, wage=args.wage, care_class=args.care_class, family=args.family)
    return results.print_result(result, args.json)
