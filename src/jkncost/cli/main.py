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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jkncost",
        description="Hospital costing under JKN: unit cost, allocation, tariffs, JKN rules, reproduced studies.",
    )
    parser.add_argument("--version", action="version", version=f"jkncost {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    import jkncost.cli as commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name in ("main", "__main__"):
            continue
        module = importlib.import_module(f"jkncost.cli.{info.name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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
