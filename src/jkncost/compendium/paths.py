"""One place that knows where the compendium's folders are.

Notebooks run from different working folders (papermill runs them where it is called, nbval from
the notebook's own folder), so nothing in the project builds a path from the current folder: it
asks this module. The repository root is found from this file's location (editable install) or,
failing that, from the working folder upwards; ``JKNCOST_ROOT`` overrides both.

Two kinds of data, two places. What a command needs (the JKN rule and INA-CBG tables, the invented
format-v2 example behind ``jkncost template``) ships inside the package and is found with
:func:`package` (``importlib.resources``), so an installed ``jkncost`` works from any folder. A
study's transcribed sources stay under the repository's ``data/raw/<study>/`` (:func:`raw`), read by
the study notebooks, which need the repository anyway.

Examples
--------
>>> from jkncost.compendium import paths
>>> paths.raw("bone").name
'bone'
>>> paths.template_example().name
'example_v2'
>>> (paths.package("jkn", "data", "rules") / "contributions.csv").is_file()
True
>>> paths.resolve("src/jkncost/costing/data/example_v2") == paths.template_example()
True
>>> paths.relative(paths.template_example())
'src/jkncost/costing/data/example_v2'
"""

from __future__ import annotations

import os
from importlib import resources
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


def package(*parts: str) -> Path:
    """A file or folder shipped inside the ``jkncost`` package (package data), as a filesystem path.

    ``package("jkn", "data", "rules")`` is ``src/jkncost/jkn/data/rules`` in a checkout and
    ``site-packages/jkncost/jkn/data/rules`` in an installed wheel.
    """
    base = resources.files("jkncost")
    if not isinstance(base, Path):  # pragma: no cover - a zipped install; wheels install as folders
        raise FileNotFoundError("jkncost is installed in a form without a folder (zip); install it from a wheel")
    return base.joinpath(*parts)


def template_example() -> Path:
    """The invented format-v2 example hospital (RS Contoh v2: a shared pool, category and component bases,
    tariffs, a center without output), shipped with the package for ``jkncost template``."""
    return package("costing", "data", "example_v2")


def processed(*parts: str) -> Path:
    """A path under ``data/processed`` (everything the compendium computes)."""
    return data() / "processed" / Path(*parts) if parts else data() / "processed"


def notebooks(*parts: str) -> Path:
    """A path under ``notebooks/``."""
    return root() / "notebooks" / Path(*parts) if parts else root() / "notebooks"


#: a relative path starting here names a file shipped in the package, wherever the package is
PACKAGE_PREFIX = ("src", "jkncost")


def resolve(path: str | os.PathLike[str]) -> Path:
    """Resolve a user-given path: absolute as is, relative to the repository root otherwise.

    Notebook parameters such as ``hospital_dir="data/raw/pasangkayu"`` then mean the same thing
    whatever folder the notebook runs in. A path under ``src/jkncost/`` names package data
    (``hospital_dir="data/raw/example_hospital"``): it resolves into the package
    itself, so it holds when ``JKNCOST_ROOT`` points at a copy of the data or jkncost is installed.
    """
    p = Path(path)
    if p.is_absolute():
        return p
    if p.parts[:2] == PACKAGE_PREFIX:
        return package(*p.parts[2:])
    return root() / p


def relative(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the repository root when inside it (for tables and logs without machine paths).

    Files shipped in the package are shown as ``src/jkncost/...`` wherever the package is (a checkout,
    a copy of the data under ``JKNCOST_ROOT``, an installed wheel), the form :func:`resolve` reads
    back; any other path outside the repository as given, resolved.
    """
    p = Path(path).resolve()
    try:
        return Path(*PACKAGE_PREFIX, p.relative_to(package().resolve())).as_posix()
    except ValueError:
        pass
    try:
        return p.relative_to(root()).as_posix()
    except (ValueError, FileNotFoundError):
        return p.as_posix()
