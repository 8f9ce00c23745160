"""Writing outputs without ever leaving a half-written file.

(Reading user tables is :mod:`jkncost.tables`.)

Everything is written to a temporary file (or folder) in the hidden staging folder beside the
destination and renamed into place (one rename, atomic on one file system:
:mod:`jkncost.core.staging`), so a crash or a bad input leaves the previous output, or
nothing, never a partial table.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
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


_CHUNK = 100_000  # rows formatted at a time by the column-wise path of write_csv


def _quoted(values) -> list[str]:
    """Cells as the csv module writes them (minimal quoting): only cells with a comma, a quote or a line
    break are quoted, so those few go through the csv module itself and the rest stay as they are."""
    out = []
    for v in values:
        if any(ch in v for ch in ',"\r\n'):
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow([v, ""])
            v = buf.getvalue()[:-2]  # drop the dummy empty field and the line end
        out.append(v)
    return out


def _text_cells(col, na_rep: str) -> list[str]:
    codes, distinct = pd.factorize(col, use_na_sentinel=True)  # a few hundred names for 90,000 flows
    cells = np.asarray(_quoted([str(v) for v in distinct]) + [na_rep], dtype=object)
    return cells[codes].tolist()  # code -1 (missing) takes the last cell, na_rep


def _kind(col: pd.Series) -> str | None:
    numpy = isinstance(col.dtype, np.dtype)  # pandas' nullable Int64, Float64 ... hold pd.NA: the plain path
    if numpy and col.dtype.kind == "f":
        return "float"
    if numpy and col.dtype.kind in "iub":
        return "int"
    if isinstance(col.dtype, pd.StringDtype) or pd.api.types.infer_dtype(col, skipna=True) in ("string", "empty"):
        return "text"
    return None  # mixed cells (numbers among text): the csv module renders them as pandas would


def _write_columns(df: pd.DataFrame, tmp: Path, kinds: list[str], float_format: str, na_rep: str) -> None:
    """The bytes ``df.to_csv(index=False, lineterminator="\\n", float_format=..., na_rep=...)`` writes, column
    by column: each float column formatted in one pass, each text column through its distinct values.

    ``DataFrame.to_csv`` formats every cell through pandas' formatter objects, about 0.8 s for the 90,000
    flows of a 1,000-center hospital, longer than the allocation.
    """
    def cells(part) -> list:
        columns = []
        for name, k in zip(part.columns, kinds):
            col = part[name]
            if k == "float":
                columns.append([na_rep if v != v else float_format % v for v in col.to_numpy(dtype=float).tolist()])
            elif k == "int":
                columns.append([str(v) for v in col.to_numpy().tolist()])
            else:
                columns.append(_text_cells(col, na_rep))
        return columns

    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(_quoted([str(c) for c in df.columns])) + "\n")
        # a chunk of rows at a time: the text of 2,000,000 flows is never all in memory at once
        for start in range(0, len(df), _CHUNK):
            f.write("\n".join(map(",".join, zip(*cells(df.iloc[start:start + _CHUNK])))) + "\n")


def write_csv(df: pd.DataFrame, path: str | os.PathLike[str], **kwargs) -> Path:
    """Write ``df`` to CSV atomically (UTF-8, no index unless asked, ``\\n`` line endings).

    ``kwargs`` are those of :meth:`pandas.DataFrame.to_csv`. With only ``float_format`` (a ``%`` format)
    and ``na_rep`` (the engine's tables, 90,000 flows and more), the same bytes are written column by
    column, several times faster than pandas' cell-by-cell formatter; any other option, a table of one
    column or a column of mixed cells takes ``to_csv`` itself.
    """
    kwargs.setdefault("index", False)
    kwargs.setdefault("lineterminator", "\n")
    float_format, na_rep = kwargs.get("float_format"), kwargs.get("na_rep", "")
    plain = {k: v for k, v in kwargs.items() if k not in ("float_format", "na_rep")}
    kinds = [_kind(df[c]) for c in df.columns] if df.columns.is_unique else [None]
    fast = (plain == {"index": False, "lineterminator": "\n"} and isinstance(float_format, str)
            and isinstance(na_rep, str) and len(df.columns) >= 2 and None not in kinds)
    with atomic_path(path) as tmp:
        if fast:
            _write_columns(df, tmp, kinds, float_format, na_rep)
        else:
            df.to_csv(tmp, **kwargs)
    return Path(path)


def write_text(text: str, path: str | os.PathLike[str]) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def save_figure(fig, path: str | os.PathLike[str], *, show: bool = False, **kwargs) -> Path:
    """Save a matplotlib figure atomically (PNG by the suffix of ``path``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : path
        Where to write it; the suffix gives the format (PNG without one).
    show : bool, default False
        In a notebook: close the figure and display the PNG just written, at the size the inline
        backend would show the figure (``fig.dpi``), so that the figure is drawn once instead of a
        second time by the inline backend at the end of the cell (each draw lays out every text again;
        drawing is most of a notebook's figure cells). Another format than PNG leaves the figure open
        for the inline backend.
    **kwargs
        Passed on to :meth:`matplotlib.figure.Figure.savefig` (``dpi`` 120 and ``bbox_inches='tight'``
        unless given).

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = save_figure(fig, Path(folder) / "bars.png", show=True)  # outside a notebook: the image's repr
    ...     written.read_bytes()[:4]
    <IPython.core.display.Image object>
    b'\\x89PNG'
    >>> plt.fignum_exists(fig.number)  # closed: the inline backend will not draw it again
    False
    """
    kwargs.setdefault("dpi", 120)
    kwargs.setdefault("bbox_inches", "tight")
    path = Path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=path.suffix.lstrip(".") or "png", metadata={"Software": None} if path.suffix in (".png", "") else None, **kwargs)
    if show and path.suffix in (".png", ""):
        import matplotlib.pyplot as plt
        from IPython.display import Image, display

        data = path.read_bytes()
        width = int.from_bytes(data[16:20], "big")  # of the PNG header (IHDR), in pixels at the saved dpi
        plt.close(fig)
        display(Image(data=data, format="png", width=round(width * fig.dpi / kwargs["dpi"])))
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
