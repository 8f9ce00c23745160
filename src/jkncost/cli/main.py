"""The ``jkncost`` command line.

Each sub-command lives in its own module under :mod:`jkncost.cli` with a
``register(subparsers)`` function; this module finds them, so adding a command touches one file.
Bad input exits with status 2 and one line naming the file, row and column.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from jkncost import __version__
from jkncost.costing.allocation import AllocationError
from jkncost.errors import EXIT_INPUT, InputError

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a program stopped by Ctrl-C


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every sub-command, or only ``only`` when it names one (a faster start)."""
    parser = argparse.ArgumentParser(
        prog="jkncost",
        description="Hospital costing under JKN: unit cost, allocation, tariffs, JKN rules, reproduced studies.",
    )
    parser.add_argument("--version", action="version", version=f"jkncost {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    import jkncost.cli as commands

    names = [info.name for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name)
             if info.name not in ("main", "__main__")]
    if only in names:
        # modules of the other commands are not imported: a refusal (bad parameter, forbidden output
        # folder) answers before pandas and friends load
        names = [only]
    for name in names:
        module = importlib.import_module(f"jkncost.cli.{name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    try:
        status = args.handler(args)
    except InputError as exc:
        print(f"jkncost {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except (FileNotFoundError, NotADirectoryError, AllocationError) as exc:
        print(f"jkncost {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        # every writer stages its outputs and drops the staging on the way out: nothing half-written
        print(f"jkncost {args.command}: interrupted: earlier outputs kept", file=sys.stderr)
        return EXIT_INTERRUPTED
    return int(status or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
