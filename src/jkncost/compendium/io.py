"""Writing outputs without ever leaving a half-written file.

Everything is written to a temporary file (or folder) in the hidden staging folder beside the
destination and renamed into place (one rename, atomic on one file system:
:mod:`jkncost.compendium.staging`), so a crash or a bad input leaves the previous output, or
nothing, never a partial table.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from jkncost.compendium import staging


LINE_INDEX = "line"  # name of the index that holds the row number a person sees (header = 1)


def number_rows(df: pd.DataFrame, first: int = 2) -> pd.DataFrame:
    """Number the rows as a spreadsheet shows them (header row 1), then drop the empty ones.

    Empty rows (blank lines, or only separators as spreadsheets export them) are dropped *after*
    numbering, so a message about a later row still names the line the user sees.

    >>> df = pd.DataFrame({"a": ["1", "", "3"], "b": ["2", " ", "4"]})
    >>> number_rows(df).index.tolist()
    [2, 4]
    """
    df = df.copy()
    df.index = pd.RangeIndex(first, len(df) + first, name=LINE_INDEX)
    blank = df.map(lambda v: v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip()))
    return df[~blank.all(axis=1)] if len(df.columns) else df


def row_numbers(df: pd.DataFrame) -> list[int]:
    """The row numbers :func:`number_rows` gave ``df``; for any other frame, 2, 3, ... in order."""
    if df.index.name == LINE_INDEX:
        return [int(i) for i in df.index]
    return list(range(2, len(df) + 2))


def _leading_empty_lines(path: str | os.PathLike[str], encoding: str) -> int:
    """Empty lines (blank, or separators only) before the header."""
    count = 0
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        for line in f:
            if line.strip().strip(",;").strip():
                break
            count += 1
    return count


def read_text_csv(path: str | os.PathLike[str], **kwargs) -> pd.DataFrame:
    """Read a CSV with every cell as text (nothing turned into NaN), rows numbered by :func:`number_rows`.

    The header is the first non-empty line; empty lines before it are skipped and counted, so row
    numbers stay those of the file.
    """
    skip = _leading_empty_lines(path, kwargs.get("encoding") or "utf-8")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, skip_blank_lines=False, skiprows=skip, **kwargs)
    df = number_rows(df, first=skip + 2)
    df.attrs["header_row"] = skip + 1
    return df


def header_row(df: pd.DataFrame) -> int:
    """The row of the header line as a person sees it (1 unless empty lines came before it)."""
    return int(df.attrs.get("header_row", 1))


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path; on success rename it to ``path`` (usual permissions), on error delete it.

    The temporary file lives in the one hidden folder beside ``path`` that every start cleans
    (:func:`jkncost.compendium.staging.staged_file`), so a killed writer leaves nothing in sight.
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
def atomic_dir(path: str | os.PathLike[str], marked: bool = True) -> Iterator[Path]:
    """Build a whole folder beside ``path``, then put it in place of ``path`` in one rename.

    The new folder replaces the old one whole: files of the previous build that this one does not
    write are gone with it, and a build that fails leaves the previous folder as it was. An
    existing folder of someone's own files (not built by jkncost, not empty) is refused before
    anything is written (:func:`jkncost.compendium.staging.staged_dir`); folders under
    ``data/processed/`` are the compendium's and always replaceable. ``marked=False``: the folder
    is the user's to fill (a template), so it carries no marker and no later run may replace it.
    """
    from jkncost.compendium import paths

    target = Path(os.path.abspath(path))
    try:
        owned = Path(os.path.abspath(paths.processed())) in target.parents
    except FileNotFoundError:  # outside any compendium (an installed package used on its own)
        owned = False
    with staging.staged_dir(target, owned=owned, marked=marked) as tmp:
        yield tmp
