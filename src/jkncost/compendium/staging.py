"""Outputs that are exactly one run's: a folder built beside its target and put in place in one rename.

A run never writes into its output folder directly. It writes into a *staging* folder inside one
hidden folder next to the target (``<parent>/.jkncost-tmp/``) and, when it succeeded, the staging
folder takes the target's place in one rename:

* on Linux, ``renameat2(RENAME_EXCHANGE)`` swaps the two folders atomically, so a reader always
  sees either the whole previous run or the whole new one; elsewhere (or on a file system without
  the call) the old folder is first renamed into the hidden folder, then the new one into place;
* a failed or interrupted run leaves the target as it was (the previous run's files, all of them);
* files of an earlier run that this run did not write are gone with the old folder, so nothing in
  the target can be mistaken for this run's output.

Every staging entry is named after the host and process that made it. Each start cleans the hidden
folder of entries whose process is gone (a run killed with SIGKILL leaves its staging folder
behind; the next start next to it removes it).

A folder that jkncost replaces carries a hidden marker file (:data:`MARKER`); an existing, non-empty
folder without it (someone's own files) is never replaced: :func:`check_replaceable` refuses it.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "results"
>>> with staged_dir(target) as tmp:
...     _ = (tmp / "a.csv").write_text("x\\n1\\n")
>>> sorted(p.name for p in target.iterdir())
['.jkncost-output', 'a.csv']
>>> with staged_dir(target) as tmp:
...     _ = (tmp / "b.csv").write_text("x\\n2\\n")
>>> sorted(p.name for p in target.iterdir())  # a.csv belonged to the earlier run only
['.jkncost-output', 'b.csv']
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

from jkncost.errors import InputError, Problem

#: The one hidden folder, beside each target, that holds every temporary file of a run.
TMP = ".jkncost-tmp"
#: Hidden file in every folder jkncost builds: such a folder may be replaced by the next run.
MARKER = ".jkncost-output"
_MARKER_TEXT = "written by jkncost: the next run into this folder replaces the whole folder\n"


def usual_mode(directory: bool = False) -> int:
    """Permissions of a new file (0644 under umask 022) or folder (0755): what ``open`` would give."""
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if directory else 0o666) & ~mask


def _host() -> str:
    return "".join(c if c.isalnum() else "_" for c in socket.gethostname())[:40] or "host"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process, or a platform that cannot say: keep its files
    return True


def clean(parent: str | os.PathLike[str]) -> list[Path]:
    """Remove from ``parent/.jkncost-tmp`` what no running process of this host owns; return it.

    Entries are ``<host>-<pid>-<token>-<name>``: an entry of this host whose process is gone was
    left by a killed run. Entries of other hosts (a shared file system) are left alone.
    """
    hidden = Path(parent) / TMP
    removed: list[Path] = []
    if not hidden.is_dir():
        return removed
    host = _host()
    for entry in sorted(hidden.iterdir()):
        parts = entry.name.split("-", 3)
        try:
            mine, pid = parts[0] == host, int(parts[1])
        except (IndexError, ValueError):
            mine, pid = True, -1  # not a name this module makes: nobody owns it
        if mine and (pid < 0 or not _alive(pid)):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
    with contextlib.suppress(OSError):
        hidden.rmdir()  # only when empty: another run may be using it
    return removed


def new_entry(parent: str | os.PathLike[str], name: str, directory: bool = True) -> Path:
    """A fresh staging path in ``parent/.jkncost-tmp`` (a folder made with the usual permissions)."""
    hidden = Path(parent) / TMP
    path = hidden / f"{_host()}-{os.getpid()}-{uuid.uuid4().hex[:12]}-{name}"
    for _ in range(3):  # a concurrent clean() may remove the empty hidden folder between the two calls
        hidden.mkdir(parents=True, exist_ok=True)
        try:
            if directory:
                path.mkdir(mode=usual_mode(True))
                os.chmod(path, usual_mode(True))  # mkdir's mode is masked; say it plainly
            return path
        except FileNotFoundError:
            continue
    raise OSError(f"{hidden}: cannot create a staging folder")


def discard(path: str | os.PathLike[str]) -> None:
    """Remove a staging entry and, when it was the last one, the hidden folder."""
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()


def is_replaceable(target: str | os.PathLike[str]) -> bool:
    """Whether a run may replace ``target``: absent, an empty folder, or a folder jkncost built."""
    target = Path(target)
    if not target.exists():
        return not target.is_symlink()
    if not target.is_dir() or target.is_symlink():
        return False
    if (target / MARKER).is_file():
        return True
    return not any(target.iterdir())


def check_replaceable(target: str | os.PathLike[str], owned: bool = False) -> None:
    """Refuse a target that is a file, or a non-empty folder of someone's own files.

    ``owned``: the caller knows the folder is the compendium's (``data/processed/<study>/``,
    written by earlier versions without the marker), so it may be replaced all the same.
    """
    target = Path(target)
    if target.exists() and (not target.is_dir() or target.is_symlink()):
        raise InputError(Problem(str(target), "output folder is a file or a link; give a folder"))
    if owned or is_replaceable(target):
        return
    raise InputError(Problem(str(target), "output folder is not empty and was not written by jkncost; a run "
                                          "replaces its whole output folder, so give a new or empty folder "
                                          "(or remove this one)"))


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False when this system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_dir(staged: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Put the folder ``staged`` in place of ``target`` in one rename; the old folder is removed."""
    staged, target = Path(staged), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        try:
            os.rename(staged, target)
            return
        except OSError as exc:  # created meanwhile by a concurrent run: swap with it below
            if not target.is_dir():
                raise exc
    if _exchange(staged, target):
        discard(staged)  # now the old folder
        return
    old = new_entry(target.parent, f"old-{target.name}", directory=False)
    os.rename(target, old)
    os.rename(staged, target)
    discard(old)


def mark(folder: str | os.PathLike[str]) -> None:
    """Write the hidden marker that lets the next run replace ``folder``."""
    marker = Path(folder) / MARKER
    marker.write_text(_MARKER_TEXT, encoding="utf-8")
    os.chmod(marker, usual_mode())


def usual_permissions(folder: str | os.PathLike[str]) -> None:
    """Give every file and folder under ``folder`` the usual permissions (temporary files are owner-only)."""
    folder = Path(folder)
    os.chmod(folder, usual_mode(True))
    for path in folder.rglob("*"):
        if not path.is_symlink():
            os.chmod(path, usual_mode(path.is_dir()))


@contextlib.contextmanager
def staged_dir(target: str | os.PathLike[str], owned: bool = False, marked: bool = True) -> Iterator[Path]:
    """Yield a new staging folder; on success it replaces ``target`` whole, on any error it is dropped.

    The hidden folder beside ``target`` is cleaned first (leftovers of killed runs), and ``target``
    is checked with :func:`check_replaceable` before anything is written. ``marked=False`` leaves
    out the marker: a folder the user goes on to fill (a hospital template) is theirs, not an output.
    """
    target = Path(target)
    check_replaceable(target, owned)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean(target.parent)
    tmp = new_entry(target.parent, target.name)
    try:
        yield tmp
        if marked:
            mark(tmp)
        usual_permissions(tmp)
        replace_dir(tmp, target)
    except BaseException:
        discard(tmp)
        raise


@contextlib.contextmanager
def staged_file(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the hidden folder beside ``target``; on success rename it onto ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean(target.parent)
    tmp = new_entry(target.parent, target.name, directory=False)
    try:
        yield tmp
        if tmp.exists():
            os.chmod(tmp, usual_mode())
        os.replace(tmp, target)
        with contextlib.suppress(OSError):
            tmp.parent.rmdir()
    except BaseException:
        discard(tmp)
        raise
