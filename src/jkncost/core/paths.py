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
>>> from jkncost.core import paths
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

import json
import os
from importlib import resources
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
    (``hospital_dir="src/jkncost/costing/data/example_v2"``): it resolves into the package
    itself, so it holds when ``JKNCOST_ROOT`` points at a copy of the data or jkncost is installed.
    During a run started by ``jkncost run``, ``reproduce`` or ``sweep``, the run's output folder
    resolves to its staging folder, which replaces the output folder in one rename when the run succeeds.
    """
    p = Path(path)
    if not p.is_absolute():
        p = package(*p.parts[2:]) if p.parts[:2] == PACKAGE_PREFIX else root() / p
    pairs = _staged()
    if pairs:
        p = _moved(Path(os.path.abspath(p)), pairs)
    return p


def relative(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the repository root when inside it (for tables and logs without machine paths).

    Files shipped in the package are shown as ``src/jkncost/...`` wherever the package is (a checkout,
    a copy of the data under ``JKNCOST_ROOT``, an installed wheel), the form :func:`resolve` reads
    back; any other path outside the repository as given, resolved.
    """
    p = Path(path).resolve()
    pairs = _staged()
    if pairs:  # a staging folder is shown as the output folder it stands for
        p = _moved(p, [(staging.resolve(), target) for target, staging in pairs])
    try:
        return Path(*PACKAGE_PREFIX, p.relative_to(package().resolve())).as_posix()
    except ValueError:
        pass
    try:
        return p.relative_to(root()).as_posix()
    except (ValueError, FileNotFoundError):
        return p.as_posix()
