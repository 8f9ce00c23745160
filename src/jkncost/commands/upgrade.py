"""``jkncost upgrade``: the class-upgrade co-payment (selisih biaya naik kelas), Permenkes 3/2023."""

from __future__ import annotations

import json
from datetime import date

from jkncost.errors import InputError, Problem
from jkncost.upgrade import upgrade_copayment


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "upgrade",
        help="class-upgrade co-payment (selisih biaya naik kelas) under Permenkes 3/2023",
        description="What a JKN member pays to be treated above their entitled class: class 2 to 1, class 1 "
                    "or 2 to a class above class 1 (VIP, capped at 75%% of the INA-CBG class 1 tariff), or the "
                    "executive outpatient clinic (at most Rp 400.000). PBI, regional-government and class-3 "
                    "members are refused (data/raw/rules/class_upgrade.csv).",
    )
    p.add_argument("--entitled", help="entitled class: 1, 2 or 3")
    p.add_argument("--to", help="target: 1, vip (any class above class 1) or executive (outpatient clinic)")
    p.add_argument("--inacbg-class1", help="INA-CBG class 1 tariff of the case, rupiah")
    p.add_argument("--inacbg-class2", help="INA-CBG class 2 tariff of the case, rupiah")
    p.add_argument("--hospital-tariff", help="hospital tariff of the higher class, rupiah (default: show the maximum)")
    p.add_argument("--inacbg-outpatient", help="INA-CBG outpatient tariff (executive clinic only)")
    p.add_argument("--date", help="YYYY-MM-DD of the care (default: today)")
    p.add_argument("--segment", help="participant segment, checked against the refusals (e.g. pbi)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=run)


def run(args) -> int:
    for name in ("entitled", "to"):
        if getattr(args, name) is None:
            raise InputError(Problem(f"--{name}", "is required"))
    result = upgrade_copayment(
        args.entitled, args.to, args.date or date.today().isoformat(), inacbg_class1=args.inacbg_class1,
        inacbg_class2=args.inacbg_class2, hospital_tariff=args.hospital_tariff,
        inacbg_outpatient=args.inacbg_outpatient, segment=args.segment,
    )
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if args.json else result.to_text())
    return 0
