"""``jkncost inacbg CODE...``: parse INA-CBG codes and describe each part.

Example::

    $ jkncost inacbg O-6-10-I
    O-6-10-I: deliveries / inpatient obstetric / group 10 (caesarean section) / severity I (mild)

An invalid code prints one line naming the wrong part and exits with status 2.
"""

from __future__ import annotations

from jkncost.errors import InputError, Problem
from jkncost.jkn.inacbg import InacbgCodeError, parse


def register(subparsers) -> None:
    parser = subparsers.add_parser("inacbg", help="describe INA-CBG codes such as O-6-10-I",
                                   description="Parse and validate INA-CBG codes (L-T-NN-S) and describe each part.")
    parser.add_argument("codes", nargs="+", metavar="CODE", help="an INA-CBG code, e.g. O-6-10-I")
    parser.add_argument("--lang", choices=("en", "id"), default="en", help="language of the description")
    parser.set_defaults(handler=run)


def run(args) -> int:
    problems, lines = [], []
    for text in args.codes:
        try:
            lines.append(parse(text).describe(args.lang))
        except InacbgCodeError as exc:
            problems.append(Problem("<command line>", str(exc), column="CODE"))
    if problems:
        raise InputError(problems)
    print("\n".join(lines))
    return 0
