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

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from jkncost.tables.names import Aliases
from jkncost.tables.reading import read_table


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
    """
    table = read_table(path, required=required, label=label, aliases=aliases)
    frame = table.frame
    rows = [int(i) for i in frame.index]
    frame = frame.reset_index(drop=True)
    if table.text_only:  # a CSV: text columns of pandas' text dtype, as pandas.read_csv(dtype=str) gives them
        frame = frame.astype(str)
    frame.attrs["rows"] = rows
    frame.attrs["header_row"] = table.header
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
