"""One place that knows where the compendium's folders are.

Notebooks run from different working folders (papermill runs them where it is called, nbval from
the notebook's own folder), so nothing in the project builds a path from the current folder: it
asks this module. The repository root is found from this file's location (editable install) or,
failing that, from the working folder upwards; ``JKNCOST_ROOT`` overrides both.

Examples
--------
>>> from jkncost.compendium import paths
>>> paths.raw("example_hospital").name
'example_hospital'
"""

from __future__ import annotations

import json
import os
from pathlib import Path

_MARKER = "pyproject.toml"
#: Set by :func:`jkncost.compendium.notebook.run_notebook` for the notebook's kernel: a JSON mapping of
#: output folders to the staging folders that stand for them during the run (see ``staging``).
STAGED_ENV = "JKNCOST_STAGED"


def _staged() -> list[tuple[Path, Path]]:
    text = os.environ.get(STAGED_ENV)
    if not text:
        return []
    return [(Path(target), Path(staging)) for target, staging in json.loads(text).items()]


def _moved(p: Path, pairs: list[tuple[Path, Path]]) -> Path:
    for old, new in pairs:
        if p == old or old in p.parents:
            return new / p.relative_to(old)
    return p


def _looks_like_root(folder: Path) -> bool:
    return (folder / _MARKER).is_file() and (folder / "data").is_dir()


def root() -> Path:
    """The repository root (the folder holding ``pyproject.toml`` and ``data/``)."""
    env = os.environ.get("JKNCOST_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for folder in here.parents:
        if _looks_like_root(folder):
            return folder
    for folder in [Path.cwd().resolve(), *Path.cwd().resolve().parents]:
        if _looks_like_root(folder):
            return folder
    raise FileNotFoundError(
        "cannot find the jkncost repository root; set JKNCOST_ROOT to the folder holding pyproject.toml"
    )


def data() -> Path:
    return root() / "data"


def raw(*parts: str) -> Path:
    """A path under ``data/raw`` (immutable inputs)."""
    return data() / "raw" / Path(*parts) if parts else data() / "raw"


def processed(*parts: str) -> Path:
    """A path under ``data/processed`` (everything the compendium computes)."""
    return data() / "processed" / Path(*parts) if parts else data() / "processed"


def notebooks(*parts: str) -> Path:
    """A path under ``notebooks/``."""
    return root() / "notebooks" / Path(*parts) if parts else root() / "notebooks"


def resolve(path: str | os.PathLike[str]) -> Path:
    """Resolve a user-given path: absolute as is, relative to the repository root otherwise.

    Notebook parameters such as ``hospital_dir="data/raw/example_hospital"`` then mean the same
    thing whatever folder the notebook runs in. During a run started by ``jkncost run``,
    ``reproduce`` or ``sweep``, the run's output folder resolves to its staging folder, which
    replaces the output folder in one rename when the run succeeds.
    """
    p = Path(path)
    p = p if p.is_absolute() else root() / p
    pairs = _staged()
    if pairs:
        p = _moved(Path(os.path.abspath(p)), pairs)
    return p


def relative(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the repository root when inside it (for tables and logs without machine paths)."""
    p = Path(path).resolve()
    pairs = _staged()
    if pairs:  # a staging folder is shown as the output folder it stands for
        p = _moved(p, [(staging.resolve(), target) for target, staging in pairs])
    try:
        return p.relative_to(root()).as_posix()
    except ValueError:
        return p.as_posix()
