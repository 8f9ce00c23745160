"""Writing outputs without ever leaving a half-written file.

(Reading user tables is :mod:`jkncost.tables`.)

Everything is written to a temporary file in the destination folder and renamed into place
(``os.replace`` is atomic on one file system), so a crash or a bad input leaves the previous
output, or nothing, never a partial table.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd


# Reading helpers live with the reader of every user table (jkncost.tables); these names stay importable here.
from jkncost.tables.reading import LINE_INDEX, header_row, row_numbers  # noqa: E402,F401


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path; on success rename it to ``path``, on error delete it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes owner-only files; outputs get the usual permissions
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
def atomic_dir(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Build a whole folder in a temporary sibling, then put it in place of ``path``.

    Files already in ``path`` that the new run does not write are kept; files it writes replace
    the old ones only once every file was written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        yield tmp
        path.mkdir(parents=True, exist_ok=True)
        for item in sorted(tmp.rglob("*")):
            if item.is_file():
                dest = path / item.relative_to(tmp)
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(item, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
