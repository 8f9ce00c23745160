"""``jkncost contribution``: the monthly JKN contribution (iuran) of a segment on a date, itemised."""

from __future__ import annotations

import json

from jkncost.contributions import contribution, segments_table
from jkncost.errors import InputError, Problem


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "contribution",
        help="monthly JKN contribution (iuran) on a date: who pays what, by which regulation",
        description="The monthly JKN contribution of a participant segment on a date, itemised by payer "
                    "(employer, worker, member, government), with the rule and regulation it comes from "
                    "(data/raw/rules/contributions.csv).",
    )
    p.add_argument("--segment", help="participant segment (see --list-segments)")
    p.add_argument("--date", help="YYYY-MM-DD, on or after 2014-01-01")
    p.add_argument("--wage", help="monthly wage in rupiah (wage earners); for veterans the basic salary of a "
                                  "civil servant of grade III/a with 14 years of service")
    p.add_argument("--care-class", help="1, 2 or 3 (self-paying members, segment pbpu)")
    p.add_argument("--family", default="0", help="extra family members (wage earners: child 4+, parents, "
                                                 "parents-in-law at 1%% each; fixed-amount segments: extra persons)")
    p.add_argument("--list-segments", action="store_true", help="list the participant segments and exit")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=run)


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
    for name in ("segment", "date"):
        if not getattr(args, name):
            raise InputError(Problem(f"--{name}", "is required (or use --list-segments)"))
    result = contribution(args.segment, args.date, wage=args.wage, care_class=args.care_class, family=args.family)
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if args.json else result.to_text())
    return 0
