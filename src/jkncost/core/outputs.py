"""The output policy of every command that writes: one place that says where a command may write.

Every command that writes files (``unitcost``, ``workbook``, ``batch``, ``template``, ``abc``, the
notebook runs of ``run``, ``reproduce`` and ``sweep``, ``report``) goes through
:func:`output_folder` (a folder of files) or :func:`output_file` (one file), which

1. refuse, before anything is computed or written, a place under ``data/raw/`` (the immutable
   inputs) or holding it, ``data/processed/`` itself, a study's ``data/processed/<study>/`` or the
   report's folder for any other writer, a folder that another command owns (its marker says
   which), and a place inside or onto an input of the run;
2. stage the files in a hidden folder and move them in one rename each when the command succeeds
   (:mod:`jkncost.core.staging`): a command replaces only files it wrote itself (recorded in
   the folder's marker ``.jkncost-output``), removes only those of its own previous run, and never
   deletes or overwrites a file it did not write, unless ``force`` (``--force``) says to overwrite;
3. leave, on any error, every earlier file as it was and no temporary folder behind.

A new command that writes a few files calls::

    with output_folder(args.out, "abc", force=args.force, inputs=[args.hospital]) as out:
        write_csv(table, out / "abc.csv")

and writes every file under ``out`` (the staging folder); they are put in place when the block ends
without an error.

Examples
--------
>>> import tempfile, pathlib
>>> results = pathlib.Path(tempfile.mkdtemp()) / "results"
>>> with output_folder(results, "unitcost") as out:
...     _ = (out / "unit_cost.csv").write_text("center,UC1\\n")
>>> with output_file(results / "audit.xlsx", "workbook") as tmp:
...     _ = tmp.write_bytes(b"PK")
>>> with output_folder(results, "unitcost") as out:  # the second run keeps the workbook
...     _ = (out / "unit_cost.csv").write_text("center,UC1\\n")
>>> sorted(p.name for p in results.iterdir())
['.jkncost-output', 'audit.xlsx', 'unit_cost.csv']
>>> with output_folder(results, "batch") as out:
...     pass
Traceback (most recent call last):
...
jkncost.errors.InputError: ...results: output folder holds the outputs of jkncost unitcost; ...
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from jkncost.core import staging
from jkncost.errors import InputError, Problem

REPORT = "report"


def notebook_owner(stem: str) -> str:
    """The owner name of a notebook's outputs (``notebook:bone``), as markers record it."""
    return f"notebook:{stem}"


def _real(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.realpath(path))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _compendium() -> tuple[Path, Path, set[str]] | None:
    """``data/raw``, ``data/processed`` and the study names of the repository, or None outside one."""
    from jkncost.core import paths

    try:
        raw, processed = _real(paths.raw()), _real(paths.processed())
        folder = paths.notebooks()
    except FileNotFoundError:  # an installed package used on its own: no raw data to protect
        return None
    studies = {p.stem for p in folder.glob("*.ipynb") if not p.name.startswith(".")} if folder.is_dir() else set()
    return raw, processed, studies


def implied_owner(path: str | os.PathLike[str]) -> str | None:
    """Who owns ``path`` by where it is: a study's ``data/processed/<study>/`` or the report's folder."""
    found = _compendium()
    if found is None:
        return None
    _, processed, studies = found
    p = _real(path)
    if not _within(p, processed) or p == processed:
        return None
    top = p.relative_to(processed).parts[0]
    return REPORT if top == REPORT else notebook_owner(top) if top in studies else None


def check_target(target: str | os.PathLike[str], command: str, *, file: bool = False,
                 inputs: Iterable[str | os.PathLike[str]] = ()) -> bool:
    """Refuse a place ``command`` must not write (see the module docstring); True when it owns it by place.

    Raises
    ------
    InputError
        One problem naming the place, whose it is and how to choose another.
    """
    shown = str(target)
    p = _real(target)
    folder = p.parent if file else p
    instead = "give another --out (a new folder of your own, e.g. results)"
    found = _compendium()
    if found is not None:
        raw, processed, studies = found
        if _within(p, raw):
            raise InputError(Problem(shown, f"is inside data/raw/, the immutable inputs: nothing is ever written "
                                            f"there; {instead}"))
        if _within(raw, p):
            raise InputError(Problem(shown, f"holds data/raw/, the immutable inputs; {instead}"))
        if _within(processed, folder):
            raise InputError(Problem(shown, f"holds data/processed/ (every study's outputs and the manifest); "
                                            f"{instead}"))
        owner = implied_owner(folder)
        if owner is not None and owner != command:
            what = "the report's folder" if owner == REPORT else \
                f"the folder of study {owner.removeprefix('notebook:')!r}"
            raise InputError(Problem(shown, f"is {what} ({folder.relative_to(processed.parent.parent).as_posix()}), "
                                            f"written by {staging.describe(owner)}; {instead}"))
    for given in inputs:
        i = _real(given)
        if _within(p, i):
            what = "is" if p == i else "is inside"
            raise InputError(Problem(shown, f"{what} {given}, an input of this run: an input is never written "
                                            f"over; give another --out"))
    owner = implied_owner(folder) if found is not None else None
    return owner is not None and owner == command


@contextlib.contextmanager
def output_folder(target: str | os.PathLike[str], command: str, *, force: bool = False,
                  inputs: Iterable[str | os.PathLike[str]] = (), prune: bool = True, marked: bool = True,
                  owned: bool = False) -> Iterator[Path]:
    """Yield a staging folder; on success its files go into ``target`` under the policy of this module.

    Parameters
    ----------
    target : the output folder (created when missing).
    command : who writes (``unitcost``, ``abc``, ``notebook:bone``): recorded in the folder's marker.
    force : overwrite existing files that ``command`` did not write (never inputs, never data/raw).
    inputs : files and folders the run reads; the output may not be one of them or inside one.
    prune : remove the files of ``command``'s previous run that this run did not write.
    marked : write the marker (False for a folder that the user goes on to fill: a template).
    owned : the caller owns the folder whatever is in it (a sweep's run folder).
    """
    owned = check_target(target, command, inputs=inputs) or owned
    with staging.staged_dir(target, owned=owned, marked=marked, owner=command, force=force, prune=prune) as tmp:
        yield tmp


@contextlib.contextmanager
def output_file(target: str | os.PathLike[str], command: str, *, force: bool = False,
                inputs: Iterable[str | os.PathLike[str]] = ()) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``target``, recorded as ``command``'s in its folder's marker.

    An existing ``target`` that ``command`` did not write is refused unless ``force``; the folder is
    not claimed (other commands' files and the folder's owner stay as they are).
    """
    owned = check_target(target, command, file=True, inputs=inputs)
    with staging.staged_file(target, owner=command, force=force, owned=owned) as tmp:
        yield tmp


def check_folder(target: str | os.PathLike[str], command: str, files: Iterable[str] = (), *, force: bool = False,
                 inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Every check :func:`output_folder` makes, and whether ``files`` may be written, before any work starts.

    A command calls it first, so that a refused place costs nothing (the same checks are made again
    when the files are put in place).
    """
    target = Path(os.path.abspath(target))
    owned = check_target(target, command, inputs=inputs)
    record = staging.check_owner(target, command, owned)
    problems = staging.collisions(target, files, record, command, owned, force)
    if problems:
        raise staging.one_problem(problems)


def check_file(target: str | os.PathLike[str], command: str, *, force: bool = False,
               inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Every check :func:`output_file` makes, before any work starts."""
    target = Path(os.path.abspath(target))
    owned = check_target(target, command, file=True, inputs=inputs)
    problems = staging.collisions(target.parent, [target.name], staging.read_marker(target.parent), command, owned,
                                  force)
    if problems:
        raise staging.one_problem(problems)


#: The lock file in ``data/processed`` held while a command writes the compendium's outputs.
LOCK = ".jkncost-lock"
_held: dict[str, int] = {}  # folders this process holds the lock of, and how many times (re-entrant)


@contextlib.contextmanager
def processed_lock(command: str, processed: str | os.PathLike[str] | None = None) -> Iterator[None]:
    """Hold the lock of ``data/processed`` (or ``processed``) while ``command`` writes there.

    A second ``jkncost reproduce`` (or ``report``, or a ``run`` into a study's folder) in the same
    clone, while the first runs, is refused with one line naming the command and process that hold the
    lock, instead of both writing the same folders. The lock is ``fcntl.flock`` on
    ``data/processed/.jkncost-lock`` (released by the system when the process ends, even killed); it
    is re-entrant within one process (``reproduce`` rebuilds the report under its own lock). Where
    ``fcntl`` is missing (Windows) ``msvcrt.locking`` stands in.

    Raises
    ------
    InputError
        The lock is held by another process.
    """
    from jkncost.core import paths

    folder = Path(os.path.abspath(processed if processed is not None else paths.processed()))
    key = str(folder)
    if _held.get(key):
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    folder.mkdir(parents=True, exist_ok=True)
    f = open(folder / LOCK, "a+", encoding="utf-8")  # noqa: SIM115 (closed in the finally below)
    try:
        if not _try_lock(f):
            f.seek(0)
            holder = f.read().strip() or "jkncost"
            raise InputError(Problem(str(folder), f"another command is writing here ({holder}); wait until it ends, "
                                                  f"then run again"))
        f.seek(0)
        f.truncate()
        f.write(f"jkncost {command}, process {os.getpid()}\n")
        f.flush()
        _held[key] = 1
        try:
            yield
        finally:
            _held.pop(key, None)
            f.seek(0)
            f.truncate()
            _unlock(f)
    finally:
        f.close()


def _try_lock(f) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _unlock(f) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        with contextlib.suppress(OSError):
            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(f.fileno(), fcntl.LOCK_UN)
