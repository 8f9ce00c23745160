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

import os
from pathlib import Path

_MARKER = "pyproject.toml"


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
    thing whatever folder the notebook runs in.
    """
    p = Path(path)
    return p if p.is_absolute() else root() / p


def relative(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the repository root when inside it (for tables and logs without machine paths)."""
    p = Path(path).resolve()
    try:
        return p.relative_to(root()).as_posix()
    except ValueError:
        return p.as_posix()
