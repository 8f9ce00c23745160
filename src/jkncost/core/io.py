"""Writing outputs without ever leaving a half-written file.

(Reading user tables is :mod:`jkncost.tables`.)

Everything is written to a temporary file (or folder) in the hidden staging folder beside the
destination and renamed into place (one rename, atomic on one file system:
:mod:`jkncost.core.staging`), so a crash or a bad input leaves the previous output, or
nothing, never a partial table.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from jkncost.core import staging


# Reading helpers live with the reader of every user table (jkncost.tables); these names stay importable here.
from jkncost.tables.reading import LINE_INDEX, header_row, row_numbers  # noqa: F401


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path; on success rename it to ``path`` (usual permissions), on error delete it.

    The temporary file lives in the one hidden folder beside ``path`` that every start cleans
    (:func:`jkncost.core.staging.staged_file`), so a killed writer leaves nothing in sight.
    """
    with staging.staged_file(path) as tmp:
        yield tmp


def write_csv(df: pd.DataFrame, path: str | os.PathLike[str], **kwargs) -> Path:
    """Write ``df`` to CSV atomically (UTF-8, no index unless asked, ``\\n`` line endings)."""
    kwargs.setdefault("index", False)
    kwargs.setdefault("lineterminator", "\n")
    with atomic_path(path) as tmp:
        df.to_csv(tmp, **kwargs)
    return Path(path)


def write_text(text: str, path: str | os.PathLike[str]) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def save_figure(fig, path: str | os.PathLike[str], **kwargs) -> Path:
    """Save a matplotlib figure atomically (PNG by the suffix of ``path``)."""
    kwargs.setdefault("dpi", 120)
    kwargs.setdefault("bbox_inches", "tight")
    path = Path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=path.suffix.lstrip(".") or "png", metadata={"Software": None} if path.suffix in (".png", "") else None, **kwargs)
    return path


@contextlib.contextmanager
def atomic_dir(path: str | os.PathLike[str], marked: bool = True, owner: str = "jkncost",
               force: bool = False) -> Iterator[Path]:
    """Build a folder's files beside ``path``, then move them into ``path``, one rename each.

    Only this writer's files are replaced: files of ``owner``'s previous build that this one does
    not write are removed, every other file stays, and a build that fails leaves the previous files
    as they were (:func:`jkncost.core.staging.staged_dir`). Folders under ``data/processed/``
    are the compendium's: a file there may be overwritten even when no marker says who wrote it.
    ``marked=False``: the folder is the user's to fill (a template), so it carries no marker.
    Commands use :func:`jkncost.core.outputs.output_folder`, which adds the checks of where
    they may write.
    """
    from jkncost.core import paths

    target = Path(os.path.abspath(path))
    try:
        owned = Path(os.path.abspath(paths.processed())) in target.parents
    except FileNotFoundError:  # outside any compendium (an installed package used on its own)
        owned = False
    with staging.staged_dir(target, owned=owned, marked=marked, owner=owner, force=force) as tmp:
        yield tmp
