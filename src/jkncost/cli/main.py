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
import os
import pkgutil
import sys

from jkncost import __version__
from jkncost.errors import EXIT_INPUT, InputError, error_line
from jkncost.labels import label

#: The output policy of every command that writes, shown by ``jkncost --help`` (README: "Your own hospital").
OUTPUT_POLICY = """\
what a command writes (unitcost, workbook, batch, template, run, reproduce, report, sweep):
  - it replaces only the files it wrote itself (listed in the folder's hidden .jkncost-output) and
    removes only those of its own previous run; files it did not write are never deleted;
  - an existing file it did not write is not overwritten unless you give --force;
  - a folder another command or study owns is refused (the message says whose; give another --out);
  - nothing is ever written under data/raw/, nor over an input of the run;
  - a failed or interrupted run, bad input or an error of the system (read-only, disk full, permission)
    leaves every earlier file as it was: one line, exit status 2 (130 for Ctrl-C);
  - a notebook run that fails in a cell keeps its partly executed notebook beside the earlier
    outputs as <stem>.FAILED.ipynb (the error line names it); the next good run removes it.
"""

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a program stopped by Ctrl-C

def _command_modules() -> list[str]:
    here = os.path.dirname(os.path.abspath(__file__))  # the folder of jkncost.cli (no import back of the package)
    return sorted(info.name for info in pkgutil.iter_modules([here]) if info.name not in ("main", "__main__"))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the command module ``only`` alone (what one run needs)."""
    parser = argparse.ArgumentParser(
        prog="jkncost",
        description="Hospital costing under JKN: unit cost, allocation, tariffs, JKN rules, reproduced studies.",
        epilog=OUTPUT_POLICY, formatter_class=argparse.RawDescriptionHelpFormatter,
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


def os_error_line(exc: OSError) -> str:
    """One line for an error of the operating system: the path, the reason, and that nothing was half-written.

    >>> import errno
    >>> os_error_line(OSError(errno.EROFS, "Read-only file system", "results"))
    'results: read-only file system; nothing written, earlier outputs kept'
    """
    where = exc.filename if exc.filename is not None else "output"
    reason = (exc.strerror or str(exc)).splitlines()[0] if (exc.strerror or str(exc)) else type(exc).__name__
    reason = reason[:1].lower() + reason[1:]
    return f"{where}: {reason}; nothing written, earlier outputs kept"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # `--version` needs no command at all; a command needs only its own module
    parser = build_parser(only="" if argv[:1] == ["--version"] else _module_of(argv))
    args = parser.parse_args(argv)
    try:
        status = args.handler(args)
    except (InputError, FileNotFoundError, NotADirectoryError) as exc:
        lang = getattr(args, "lang", None) if getattr(args, "lang", None) in ("en", "id") else "en"
        # the line in the language the user asked for (--lang id): the catalogue's words, else English
        print(f"jkncost {args.command}: {label('error.prefix', lang)}: {error_line(exc, lang)}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:  # read-only, disk full, permission, name too long: the system's reason, one line
        print(f"jkncost {args.command}: error: {os_error_line(exc)}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        # every writer stages its outputs and drops the staging on the way out: nothing half-written
        print(f"jkncost {args.command}: interrupted: earlier outputs kept", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if _is_allocation_error(exc):
            print(f"jkncost {args.command}: error: {exc}", file=sys.stderr)
            return EXIT_INPUT
        raise
    return int(status or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
