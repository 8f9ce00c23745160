"""Plain frames of the small tables the package reads itself, through the one reader.

The bundled tables (rule tables, transcriptions under ``data/raw``, the template's example) and the small
files a user gives beside a folder (tariffs, published figures, an ATP/WTP survey) are read by
:func:`jkncost.tables.read_table`, like every table a user gives: any separator, BOM, Windows-1252, title
rows, cells stripped, empty rows dropped, header names compared loosely. :func:`read_frame` hands the
result on as the plain frame the callers work with (rows 0, 1, ...; the rows a person sees in
``attrs["rows"]``), and :func:`infer_numbers` types the columns whose every filled cell is a number, as
``pandas.read_csv`` would, for tables that hold numbers (not amounts typed by people: those go through a
:class:`~jkncost.tables.Schema`).

Examples
--------
>>> import pathlib, tempfile
>>> f = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = f.write_bytes("Judul\\nKelas;ATP;n\\nVIP; 250000 ;3\\n;;\\nI;;2\\n".encode("cp1252"))
>>> df = read_frame(f, required=("kelas",))
>>> df.to_dict("list"), df.attrs["rows"]
({'kelas': ['VIP', 'I'], 'atp': ['250000', ''], 'n': ['3', '2']}, [3, 5])
>>> infer_numbers(df).dtypes.astype(str).to_dict()
{'kelas': 'str', 'atp': 'float64', 'n': 'int64'}
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from jkncost.tables.names import Aliases
from jkncost.tables.reading import read_table


class Rows(list):
    """``attrs["rows"]`` of a frame: row numbers (ints) that pandas copies cheaply.

    pandas deep-copies a frame's ``attrs`` in every operation that makes a new frame or series (a column,
    a selection, a comparison); :func:`copy.deepcopy` walks a list element by element, which made the
    hundreds of such operations of a study cost seconds. Ints are immutable, so a shallow copy is a deep one.
    """

    def __deepcopy__(self, memo: dict) -> Rows:
        return Rows(self)


#: The frames of the last files :func:`read_frame` read, by :func:`_cache_key` (least recently used first).
_READ: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_READ_SIZE = 64
_READ_MAX_BYTES = 1 << 20  # small tables only (transcriptions, rule tables): a large file is read each time
_READ_LOCK = threading.Lock()  # threads of one process (a dask worker) share the frames


def _cache_key(path: str | os.PathLike[str], required: Sequence[str], label: str | None,
               aliases: Aliases | None) -> tuple | None:
    """What decides the frame :func:`read_frame` gives: the file's bytes, its path and the arguments; ``None``
    (read without the cache) when the file cannot be read here, is larger than 1 MiB or the arguments are not
    plain."""
    try:
        p = Path(path)
        data = p.read_bytes()
        if len(data) > _READ_MAX_BYTES:
            return None
        digest = hashlib.blake2b(data, digest_size=20).digest()
        names = tuple(sorted((str(k), tuple(v)) for k, v in aliases.items())) if aliases else ()
        key = (str(p.resolve()), digest, tuple(required), label, names)
        hash(key)
    except (OSError, TypeError, ValueError):
        return None
    return key


def _keep(key: tuple, frame: pd.DataFrame) -> None:
    frame = frame.copy()
    with _READ_LOCK:
        _READ[key] = frame
        while len(_READ) > _READ_SIZE:
            _READ.popitem(last=False)


def _kept(key: tuple | None) -> pd.DataFrame | None:
    """A copy of the frame kept under ``key``, else ``None``."""
    if key is None:
        return None
    with _READ_LOCK:
        frame = _READ.get(key)
        if frame is None:
            return None
        _READ.move_to_end(key)
    return frame.copy()


def read_frame(path: str | os.PathLike[str], *, required: Sequence[str] = (), label: str | None = None,
               aliases: Aliases | None = None) -> pd.DataFrame:
    """A CSV (or ``.xlsx``) table through :func:`~jkncost.tables.read_table` as a plain frame.

    Parameters
    ----------
    path : path-like
    required : columns that locate the header below title rows (see :func:`~jkncost.tables.read_table`).
    label : how messages name the file.
    aliases : other names of columns.

    Returns
    -------
    pandas.DataFrame
        Every cell text (pandas' text dtype), stripped, ``""`` when empty (a workbook's cells as typed); columns named as
        :func:`~jkncost.tables.normalize_name` gives them (``ATP`` is ``atp``); index 0, 1, ...;
        ``attrs["rows"]``: the row of each as a person sees it (header = ``attrs["header_row"]``).

    Notes
    -----
    The study notebooks read the same small tables many times; the frames of the last 64 files (of up to 1 MiB)
    read are kept per process, keyed by the file's bytes (their BLAKE2 digest), its path and the arguments, and each call gets
    its own copy: a file changed on disk is read again, a caller that changes its frame changes no other's.
    """
    key = _cache_key(path, required, label, aliases)
    kept = _kept(key)
    if kept is not None:
        return kept
    table = read_table(path, required=required, label=label, aliases=aliases)
    frame = table.frame
    rows = Rows(int(i) for i in frame.index)
    frame = frame.reset_index(drop=True)
    if table.text_only:  # a CSV: text columns of pandas' text dtype, as pandas.read_csv(dtype=str) gives them
        frame = frame.astype(str)
    frame.attrs["rows"] = rows
    frame.attrs["header_row"] = table.header
    if key is not None and _cache_key(path, required, label, aliases) == key:  # unchanged while it was read
        _keep(key, frame)
    return frame


def infer_numbers(frame: pd.DataFrame, *, keep: Sequence[str] = ()) -> pd.DataFrame:
    """``frame`` with each column whose every filled cell is a number (``pandas.to_numeric``) as numbers:
    ``int64`` when whole and complete, else ``float64`` with NaN for the empty cells (an empty column too); the
    other columns stay text (pandas' text dtype) with NaN for the empty cells. Columns in ``keep`` (text as printed) stay text whatever they hold.

    Returns
    -------
    pandas.DataFrame
        A new frame (``attrs`` kept).
    """
    out = frame.copy()
    for c in out.columns:
        cells = out[c]
        filled = (cells.astype(str) != "") & cells.notna()
        if c in keep:
            out[c] = cells.where(filled, np.nan).astype(str)
            continue
        try:
            numbers = pd.to_numeric(cells[filled])
        except (ValueError, TypeError):
            out[c] = cells.where(filled, np.nan).astype(str)
            continue
        if not filled.any():
            out[c] = pd.Series(np.nan, index=out.index, dtype=float)  # an empty column: pandas reads NaN
        elif filled.all():
            out[c] = numbers
        else:
            column = pd.Series(np.nan, index=out.index, dtype=float)
            column[filled] = numbers.astype(float)
            out[c] = column
    return out


def read_numbers(path: str | os.PathLike[str], *, keep: Sequence[str] = (), required: Sequence[str] = (),
                 label: str | None = None, aliases: Aliases | None = None) -> pd.DataFrame:
    """``infer_numbers(read_frame(path, ...), keep=keep)``, for tables that hold numbers.

    Parameters
    ----------
    path : path-like
    keep : columns that stay text (see :func:`infer_numbers`).
    required, label, aliases : as for :func:`read_frame`.

    Returns
    -------
    pandas.DataFrame
        A new frame, kept per process like :func:`read_frame`'s (by the file's bytes and the arguments).
    """
    key = _cache_key(path, required, label, aliases)
    key = None if key is None else (*key, "numbers", tuple(keep))
    kept = _kept(key)
    if kept is not None:
        return kept
    frame = infer_numbers(read_frame(path, required=required, label=label, aliases=aliases), keep=keep)
    again = _cache_key(path, required, label, aliases)
    if key is not None and again is not None and (*again, "numbers", tuple(keep)) == key:  # unchanged meanwhile
        _keep(key, frame)
    return frame
