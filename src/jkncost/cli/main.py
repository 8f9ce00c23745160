"""The ``jkncost`` command line.

Each sub-command lives in its own module under :mod:`jkncost.cli` with a
``register(subparsers)`` function; this module finds them, so adding a command touches one file.
Bad input exits with status 2 and one line naming the file, row and column.

Only the module of the command being run is imported (``jkncost validate`` never loads the notebook
machinery, dask or matplotlib); ``jkncost --help`` and an unknown command load them all to list them.
A module named ``late_penalty`` serves the command ``late-penalty``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from jkncost import __version__
from jkncost.errors import EXIT_INPUT, InputError


def _command_modules() -> list[str]:
    import jkncost.cli as commands

    return sorted(info.name for info in pkgutil.iter_modules(commands.__path__)
                  if info.name not in ("main", "__main__"))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the command module ``only`` alone (what one run needs)."""
    parser = argparse.ArgumentParser(
        prog="jkncost",
        description="Hospital costing under JKN: unit cost, allocation, tariffs, JKN rules, reproduced studies.",
    )
    parser.add_argument("--version", action="version", version=f"jkncost {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in _command_modules():
        if only is not None and name != only:
            continue
        importlib.import_module(f"jkncost.cli.{name}").register(sub)
    return parser


def _module_of(argv: list[str]) -> str | None:
    """The command module named by the first word of ``argv`` that is not an option, if there is one."""
    word = next((a for a in argv if not a.startswith("-")), None)
    if word is None:
        return None
    name = word.replace("-", "_")
    return name if name in _command_modules() else None


def _is_allocation_error(exc: BaseException) -> bool:
    # the engine's module is only in sys.modules when the command used it: no import just to compare
    allocation = sys.modules.get("jkncost.costing.allocation")
    return allocation is not None and isinstance(exc, allocation.AllocationError)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # `--version` needs no command at all; a command needs only its own module
    parser = build_parser(only="" if argv[:1] == ["--version"] else _module_of(argv))
    args = parser.parse_args(argv)
    try:
        status = args.handler(args)
    except (InputError, FileNotFoundError, NotADirectoryError) as exc:
        print(f"jkncost {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:
        if _is_allocation_error(exc):
            print(f"jkncost {args.command}: error: {exc}", file=sys.stderr)
            return EXIT_INPUT
        raise
    return int(status or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
