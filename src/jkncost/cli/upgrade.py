"""``jkncost upgrade``: the class-upgrade co-payment (selisih biaya naik kelas), Permenkes 3/2023."""

from __future__ import annotations

from datetime import date

from jkncost.jkn import results
from jkncost.jkn.upgrade import upgrade_copayment

HELP = "class-upgrade co-payment (selisih biaya naik kelas) under Permenkes 3/2023"
DESCRIPTION = ("What a JKN member pays to be treated above their entitled class: class 2 to 1, class 1 "
               "or 2 to a class above class 1 (VIP, capped at 75%% of the INA-CBG class 1 tariff), or the "
               "executive outpatient clinic (at most Rp 400.000). PBI, regional-government and class-3 "
               "members are refused (jkn/data/rules/class_upgrade.csv).")

OPTIONS = [
    ("--entitled", dict(help="entitled class: 1, 2 or 3")),
    ("--to", dict(help="target: 1, vip (any class above class 1) or executive (outpatient clinic)")),
    ("--inacbg-class1", dict(help="INA-CBG class 1 tariff of the case, rupiah")),
    ("--inacbg-class2", dict(help="INA-CBG class 2 tariff of the case, rupiah")),
    ("--hospital-tariff", dict(help="hospital tariff of the higher class, rupiah (default: show the maximum)")),
    ("--inacbg-outpatient", dict(help="INA-CBG outpatient tariff (executive clinic only)")),
    ("--date", dict(help="YYYY-MM-DD of the care (default: today)")),
    ("--segment", dict(help="participant segment, checked against the refusals (e.g. pbi)")),
]


def register(subparsers) -> None:
    results.add_command(subparsers, "upgrade", HELP, DESCRIPTION, OPTIONS, run)


def run(args) -> int:
    results.require(args, "entitled", "to")
    result = upgrade_copayment(
        args.entitled, args.to, args.date or date.today().isoformat(), inacbg_class1=args.inacbg_class1,
        inacbg_class2=args.inacbg_class2, hospital_tariff=args.hospital_tariff,
        inacbg_outpatient=args.inacbg_outpatient, segment=args.segment,
    )
    return results.print_result(result, args.json)
