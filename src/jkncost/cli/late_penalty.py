"""``jkncost late-penalty``: the JKN late-payment penalty (denda) under the rule of a date."""

from __future__ import annotations

from jkncost.jkn import results
from jkncost.jkn.penalties import late_penalty

HELP = "JKN late-payment penalty (denda) on a date, with its rule and regulation"
DESCRIPTION = ("The penalty for contributions in arrears under the rule in force on a date: the 2% "
               "contribution fine of 2014-2016 or the service penalty on inpatient care from July 2016 "
               "(jkn/data/rules/late_payment.csv).")

OPTIONS = [
    ("--segment", dict(help="participant segment (see jkncost contribution --list-segments)")),
    ("--date", dict(help="YYYY-MM-DD: payment of the arrears (fine) or inpatient admission (penalty)")),
    ("--months-in-arrears", dict(help="months of unpaid contributions")),
    ("--first-unpaid", dict(help="YYYY-MM: first unpaid month; the months in arrears are then counted from the "
                                 "due dates (src/jkncost/jkn/data/rules/due_dates.csv)")),
    ("--monthly-contribution", dict(help="monthly contribution in arrears, rupiah (2014-2016 fine)")),
    ("--inacbg-tariff", dict(help="INA-CBG tariff of the inpatient case, rupiah (service penalty)")),
]


def register(subparsers) -> None:
    results.add_command(subparsers, "late-penalty", HELP, DESCRIPTION, OPTIONS, run)


def run(args) -> int:
    results.require(args, "segment", "date")
    result = late_penalty(args.segment, args.date, args.months_in_arrears, first_unpaid=args.first_unpaid,
                          monthly_contribution=args.monthly_contribution, inacbg_tariff=args.inacbg_tariff)
    return results.print_result(result, args.json)
