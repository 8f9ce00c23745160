"""Outputs that are exactly one run's, written without touching anything else.

A run never writes into its output folder directly. It writes into a *staging* folder inside one
hidden folder next to the target (``<parent>/.jkncost-tmp/``); when the run succeeded, its files
are moved into the target one rename each (:func:`commit`):

* the target keeps every file the run did not write: files of other commands, of the user, of
  other runs; only the files that the *previous run of the same command* wrote and this run did
  not are removed (they would be mistaken for this run's);
* an existing file is replaced only when this command wrote it (and it is unchanged since), when
  the folder is the compendium's own (``owned``: ``data/processed/<study>/``), or with ``force``;
  anything else is refused before a single file moves;
* a failed or interrupted run, or a refused one, leaves the target as it was: files replaced so far
  are put back (the old ones wait in the hidden folder until the end);
* the hidden folder is removed on success and on failure (unless another run is using it).

Which files a command wrote is kept in the folder's marker, the hidden file :data:`MARKER` (JSON:
the command that owns the folder and, for every file jkncost wrote there, the command that wrote
it with its size and time). A folder owned by one command is refused to another
(:func:`check_owner`), so ``unitcost --out results`` after ``jkncost run ... -p output_dir
results`` says which command owns ``results`` instead of mixing their files. Single files (the
audit workbook) are recorded in the marker of their folder without claiming the folder
(:func:`staged_file` with ``owner``).

Every staging entry is named after the host and process that made it. Each start cleans the hidden
folder of entries whose process is gone (a run killed with SIGKILL leaves its staging folder
behind; the next start next to it removes it).

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "results"
>>> with staged_dir(target, owner="unitcost") as tmp:
...     _ = (tmp / "a.csv").write_text("x\\n1\\n")
>>> _ = (target / "notes.txt").write_text("mine")
>>> with staged_dir(target, owner="unitcost") as tmp:
...     _ = (tmp / "b.csv").write_text("x\\n2\\n")
>>> sorted(p.name for p in target.parent.iterdir())  # no temporary folder left beside it
['results']
>>> sorted(p.name for p in target.iterdir())  # a.csv was the earlier run's only; notes.txt is the user's
['.jkncost-output', 'b.csv', 'notes.txt']
>>> read_marker(target).files["b.csv"]["by"]
'unitcost'
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import socket
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jkncost.errors import InputError, Problem

#: The one hidden folder, beside each target, that holds every temporary file of a run.
TMP = ".jkncost-tmp"
#: Hidden file in every folder jkncost writes into: which command owns the folder, which files it wrote.
MARKER = ".jkncost-output"
_ABOUT = ("written by jkncost: each command replaces or removes only the files listed here as its own; "
          "it never touches other files")


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
    path = hidden / f"{_host()}-{os.getpid()}-{uuid.uuid4().hex[:12]}-{name}"[:200]
    for _ in range(3):  # a concurrent clean() may remove the empty hidden folder between the two calls
        hidden.mkdir(parents=True, exist_ok=True)
        try:
            if directory:
                path.mkdir(mode=usual_mode(True))
                os.chmod(path, usual_mode(True))  # mkdir's mode is masked; say it plainly
            return path
        except FileNotFoundError:
            continue
    raise OSError(errno.ENOENT, "cannot create a staging folder", str(hidden))


def discard(path: str | os.PathLike[str]) -> None:
    """Remove a staging entry and, when it was the last one, the hidden folder."""
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()


# --------------------------------------------------------------------------------------------
# The marker: who owns a folder, which files each command wrote
# --------------------------------------------------------------------------------------------

@dataclass
class Record:
    """What a folder's marker says: the command owning the folder (None: no folder command yet, or a
    marker of an earlier version) and, per file (relative POSIX path), who wrote it, its size and time."""

    owner: str | None = None
    files: dict[str, dict] = field(default_factory=dict)
    exists: bool = False  # a marker is there (an earlier version's plain text marker included)

    def own(self, owner: str | None) -> set[str]:
        return {f for f, info in self.files.items() if info.get("by") == owner}


def read_marker(folder: str | os.PathLike[str]) -> Record:
    """The marker of ``folder`` (an empty record when there is none or it is not readable JSON)."""
    marker = Path(folder) / MARKER
    try:
        text = marker.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Record()
    try:
        data = json.loads(text)
    except ValueError:
        return Record(exists=True)  # an earlier version's marker: the folder is jkncost's, its files unknown
    if not isinstance(data, dict):
        return Record(exists=True)
    files = data.get("files") if isinstance(data.get("files"), dict) else {}
    owner = data.get("owner") if isinstance(data.get("owner"), str) else None
    return Record(owner, {str(k): dict(v) for k, v in files.items() if isinstance(v, dict)}, True)


def _stamp(path: Path, by: str | None) -> dict:
    st = path.stat()
    return {"by": by, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def changed_since(path: Path, info: dict) -> bool:
    """Whether the file at ``path`` differs from what the marker recorded (someone edited it since)."""
    if "size" not in info or "mtime_ns" not in info:
        return False
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_size != info["size"] or st.st_mtime_ns != info["mtime_ns"]


def write_marker(folder: Path, record: Record, stage_parent: Path) -> None:
    """Write ``record`` as the marker of ``folder`` (atomically, through the hidden folder)."""
    text = json.dumps({"about": _ABOUT, "owner": record.owner, "files": dict(sorted(record.files.items()))},
                      indent=1, sort_keys=False) + "\n"
    tmp = new_entry(stage_parent, MARKER, directory=False)
    try:
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, usual_mode())
        os.replace(tmp, folder / MARKER)
    finally:
        discard(tmp)


def describe(owner: str | None) -> str:
    """``unitcost`` -> ``jkncost unitcost``; ``notebook:bone`` -> ``the notebook bone.ipynb``."""
    if owner in (None, "jkncost"):
        return "an earlier jkncost run"
    if owner.startswith("notebook:"):
        return f"runs of the notebook {owner.removeprefix('notebook:')}.ipynb"
    return f"jkncost {owner}"


def check_owner(target: str | os.PathLike[str], owner: str | None, owned: bool = False) -> Record:
    """Refuse a target that is a file or a link, or a folder another command owns; return its record.

    ``owned``: the caller knows the folder is this owner's (``data/processed/<study>/``), whatever
    its marker says (an earlier version wrote a plain one).
    """
    target = Path(target)
    shown = str(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InputError(Problem(shown, "output folder is a file or a link; give a folder"))
    record = read_marker(target)
    if not owned and owner is not None and record.owner not in (None, owner):
        raise InputError(Problem(shown, f"output folder holds the outputs of {describe(record.owner)}; a command "
                                        f"writes only into a folder of its own: give another output folder "
                                        f"(e.g. {target / owner.replace('notebook:', '')})"))
    return record


def check_replaceable(target: str | os.PathLike[str], owned: bool = False, owner: str | None = None) -> None:
    """Refuse a target that is a file or a link, or a folder another command owns (see :func:`check_owner`)."""
    check_owner(target, owner, owned)


def usual_permissions(folder: str | os.PathLike[str]) -> None:
    """Give every file and folder under ``folder`` the usual permissions (temporary files are owner-only)."""
    folder = Path(folder)
    os.chmod(folder, usual_mode(True))
    for path in folder.rglob("*"):
        if not path.is_symlink():
            os.chmod(path, usual_mode(path.is_dir()))


def staged_files(stage: Path) -> list[str]:
    """Every file under ``stage`` (relative POSIX paths), hidden temporaries and the marker left out."""
    found = []
    for path in stage.rglob("*"):
        rel = path.relative_to(stage)
        if rel.parts[0] in (TMP, MARKER) or TMP in rel.parts or (path.is_dir() and not path.is_symlink()):
            continue
        found.append(rel.as_posix())
    return sorted(found)


def collisions(target: Path, files: Iterable[str], record: Record, owner: str | None, owned: bool,
                force: bool) -> list[Problem]:
    """Files the commit would overwrite without the right to (see the module docstring)."""
    # an earlier version's plain marker: the folder was written whole by one jkncost run, so its
    # files may be overwritten (none is removed: which ones it wrote is not known)
    owned = owned or (record.exists and record.owner is None and not record.files)
    problems = []
    for rel in files:
        dest = target / rel
        between = [target / part for part in reversed(Path(rel).parents) if part != Path(".")]
        blocked = next((p for p in between if p.is_symlink() or (p.exists() and not p.is_dir())), None)
        if blocked is not None:
            problems.append(Problem(str(blocked), "is a file where the run writes a folder; give another output"))
            continue
        if not (dest.exists() or dest.is_symlink()):
            continue
        if dest.is_dir() and not dest.is_symlink():
            problems.append(Problem(str(dest), "is a folder where the run writes a file; give another output folder"))
            continue
        info = record.files.get(rel)
        if force:
            continue
        if info is not None and info.get("by") == owner:
            if changed_since(dest, info):
                problems.append(Problem(str(dest), f"was changed since {describe(owner)} wrote it; not overwritten: "
                                                   f"move it away, give another output, or --force to overwrite it"))
        elif info is not None:
            problems.append(Problem(str(dest), f"was written by {describe(info.get('by'))}; not overwritten: give "
                                               f"another output, or --force to overwrite it"))
        elif not owned:
            problems.append(Problem(str(dest), "exists and was not written by this command; not overwritten: move "
                                               "it away, give another output, or --force to overwrite it"))
    return problems


def one_problem(problems: list[Problem]) -> InputError:
    """One line for the user: the first problem, with the count of the others."""
    first = problems[0]
    more = f" ({len(problems) - 1} more file(s) like it)" if len(problems) > 1 else ""
    return InputError(Problem(first.file, first.message + more))


def commit(stage: Path, target: Path, owner: str | None, *, record: Record | None = None, owned: bool = False,
           force: bool = False, prune: bool = True, marked: bool = True, claim: bool = True) -> list[str]:
    """Move the files of ``stage`` into ``target``; return them (relative POSIX paths).

    ``prune`` removes the files the previous run of ``owner`` wrote and this one did not (unless
    changed since: then they are the user's and stay). ``claim`` makes ``owner`` the folder's owner
    (folder commands); single files do not claim their folder. Nothing moves when one file may not
    be overwritten (:class:`~jkncost.errors.InputError`); on any error the files moved so far are put
    back. ``stage`` stays where it is (the caller discards it).
    """
    record = record if record is not None else read_marker(target)
    files = staged_files(stage)
    problems = collisions(target, files, record, owner, owned, force)
    if problems:
        raise one_problem(problems)
    removed = [rel for rel in sorted(record.own(owner) - set(files)) if prune
               and (target / rel).is_file() and not changed_since(target / rel, record.files[rel])]
    created = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    hidden_parent = stage.parent.parent  # the folder holding the hidden folder: same file system as the target
    backup = new_entry(hidden_parent, f"old-{target.name}")
    made: list[Path] = []  # folders this commit created, removed again on failure
    done: list[tuple[str, bool]] = []  # (file, had an old one)
    try:
        for rel in files:
            dest = target / rel
            for folder in [*reversed(dest.relative_to(target).parents)][1:]:
                if not (target / folder).exists():
                    (target / folder).mkdir(mode=usual_mode(True))
                    made.append(target / folder)
            had = dest.exists() or dest.is_symlink()
            if had:
                (backup / rel).parent.mkdir(parents=True, exist_ok=True)
                os.rename(dest, backup / rel)
            done.append((rel, had))
            os.rename(stage / rel, dest)
        for rel in removed:
            (backup / rel).parent.mkdir(parents=True, exist_ok=True)
            os.rename(target / rel, backup / rel)
            done.append((rel, True))
        if marked:
            new = Record(owner if claim else record.owner, dict(record.files))
            for rel in removed:
                new.files.pop(rel, None)
            for rel in files:
                new.files[rel] = _stamp(target / rel, owner)
            write_marker(target, new, hidden_parent)
    except BaseException:
        for rel, had in reversed(done):  # put back what was there
            with contextlib.suppress(OSError):
                if (target / rel).exists() and rel in files:
                    os.rename(target / rel, stage / rel)
                if had:
                    os.rename(backup / rel, target / rel)
        for folder in reversed(made + ([target] if created else [])):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty again
        raise
    finally:
        discard(backup)
    for rel in removed:  # folders emptied by the removal, up to the target
        for folder in Path(rel).parents:
            if folder != Path("."):
                with contextlib.suppress(OSError):
                    (target / folder).rmdir()
    return files


def remove_recorded(path: str | os.PathLike[str], owner: str | None) -> bool:
    """Remove the file ``path`` when its folder's marker records it as ``owner``'s and it is unchanged since.

    The marker then forgets it. Returns whether the file was removed: a file of anyone else, or one
    edited since, stays (a failed run's notebook that the user went on to edit is theirs).
    """
    path = Path(os.path.abspath(path))
    record = read_marker(path.parent)
    info = record.files.get(path.name)
    if info is None or info.get("by") != owner or not path.is_file() or changed_since(path, info):
        return False
    path.unlink()
    record.files.pop(path.name)
    write_marker(path.parent, record, path.parent.parent)
    return True


def remove_own(folder: str | os.PathLike[str], keep: Iterable[str] = ()) -> None:
    """Remove what jkncost wrote into ``folder`` (the files its marker lists, unchanged since, and the
    marker), then the folders left empty; a file of anyone else stays, and so does the folder holding it.

    ``keep`` (relative POSIX paths): files to leave with their record in the marker (a failed run's notebook).
    """
    folder = Path(folder)
    record = read_marker(folder)
    if not record.exists:
        return
    keep = set(keep)
    for rel, info in record.files.items():
        path = folder / rel
        if rel not in keep and path.is_file() and not changed_since(path, info):
            path.unlink()
    kept = {rel: info for rel, info in record.files.items() if rel in keep and (folder / rel).is_file()}
    if kept:
        write_marker(folder, Record(record.owner, kept), folder.parent)
    else:
        (folder / MARKER).unlink(missing_ok=True)
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink()), reverse=True):
        with contextlib.suppress(OSError):
            sub.rmdir()
    with contextlib.suppress(OSError):
        folder.rmdir()


@contextlib.contextmanager
def staged_dir(target: str | os.PathLike[str], owned: bool = False, marked: bool = True, *,
               owner: str | None = "jkncost", force: bool = False, prune: bool = True) -> Iterator[Path]:
    """Yield a new staging folder; on success its files go into ``target`` (:func:`commit`), on error it is dropped.

    ``target`` is checked (:func:`check_owner`) before anything is written, and the hidden folder
    beside it is cleaned of what killed runs left. ``marked=False`` leaves out the marker: a folder
    the user goes on to fill (a hospital template) is theirs, not an output.
    """
    target = Path(os.path.abspath(target))
    check_owner(target, owner, owned)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean(target.parent)
    tmp = new_entry(target.parent, target.name)
    try:
        yield tmp
        usual_permissions(tmp)
        commit(tmp, target, owner, owned=owned, force=force, prune=prune, marked=marked)
    finally:
        discard(tmp)


@contextlib.contextmanager
def staged_file(target: str | os.PathLike[str], owner: str | None = None, force: bool = False,
                owned: bool = False) -> Iterator[Path]:
    """Yield a temporary path in the hidden folder beside ``target``; on success rename it onto ``target``.

    With ``owner`` (a command writing one file, such as the audit workbook) the file is checked and
    recorded in the marker of its folder like the files of a folder command (:func:`commit`), without
    claiming the folder; without it (a file inside a staging folder, the manifest) it simply replaces
    ``target``.
    """
    target = Path(os.path.abspath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    if owner is not None:
        if target.is_symlink() or target.is_dir():
            raise InputError(Problem(str(target), "is a folder or a link; give a file name"))
        problems = collisions(target.parent, [target.name], read_marker(target.parent), owner, owned, force)
        if problems:
            raise one_problem(problems)
    clean(target.parent)
    stage = new_entry(target.parent, target.name) if owner is not None else None
    tmp = stage / target.name if stage is not None else new_entry(target.parent, target.name, directory=False)
    try:
        yield tmp
        if not tmp.exists():
            return
        os.chmod(tmp, usual_mode())
        if stage is None:
            os.replace(tmp, target)
        else:
            commit(stage, target.parent, owner, owned=owned, force=force, prune=False, claim=False)
    finally:
        discard(stage if stage is not None else tmp)
