"""``jkncost late-penalty``: the JKN late-payment penalty (denda) under the rule of a date."""

from __future__ import annotations

import json

from jkncost.errors import InputError, Problem
from jkncost.penalties import late_penalty


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "late-penalty",
        help="JKN late-payment penalty (denda) on a date, with its rule and regulation",
        description="The penalty for contributions in arrears under the rule in force on a date: the 2% "
                    "contribution fine of 2014-2016 or the service penalty on inpatient care from July 2016 "
                    "(data/raw/rules/late_payment.csv).",
    )
    p.add_argument("--segment", help="participant segment (see jkncost contribution --list-segments)")
    p.add_argument("--date", help="YYYY-MM-DD: payment of the arrears (fine) or inpatient admission (penalty)")
    p.add_argument("--months-in-arrears", help="months of unpaid contributions")
    p.add_argument("--monthly-contribution", help="monthly contribution in arrears, rupiah (2014-2016 fine)")
    p.add_argument("--inacbg-tariff", help="INA-CBG tariff of the inpatient case, rupiah (service penalty)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=run)


def run(args) -> int:
    for name in ("segment", "date", "months_in_arrears"):
        if getattr(args, name) is None:
            raise InputError(Problem("--" + name.replace("_", "-"), "is required"))
    result = late_penalty(args.segment, args.date, args.months_in_arrears,
                          monthly_contribution=args.monthly_contribution, inacbg_tariff=args.inacbg_tariff)
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if args.json else result.to_text())
    return 0
