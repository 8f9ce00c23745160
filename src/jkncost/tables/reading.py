"""Reading a table as people make them: CSV from any Excel locale, or a sheet of an ``.xlsx`` workbook.

One reader serves every table a user gives the project (hospital folders, patient cohorts,
published-figure files):

- CSV separated by ``,``, ``;`` (Excel where the decimal mark is a comma) or a tab, detected per file;
  UTF-8 with or without a byte-order mark, UTF-16 with one, else Windows-1252 (what Excel writes as
  "CSV" on Windows);
- ``.xlsx`` sheets found by name ignoring case, spaces, ``_`` and ``-`` (``Cost Centers`` is
  ``cost_centers``); cells keep their type (numbers stay numbers, text is parsed later);
- the header is the first row, among the first ten that are not empty, holding the required columns,
  so title rows above it are skipped; column names match the same loose way, and a table may declare
  other names for a column (``aliases``: ``{"center": ("pusat biaya", "unit")}``, the Indonesian words
  staff type), matched ignoring case, spaces, ``_`` and ``-``; the frame's column is then the canonical
  name, whatever was typed;
- rows are numbered as a person sees them (a file's line, a sheet's row number), empty rows are
  dropped after numbering, so a message about row 12 points at row 12;
- ``.xls`` and ``.ods`` are refused with the way out (save as ``.xlsx``), and so is a workbook whose
  formulas have no saved values (written by a program that does not calculate).

Every refusal is an :class:`~jkncost.errors.InputError` with one line naming the file (and row).

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "costs.csv").write_bytes("RSUD Contoh 2024;;\\ncenter;Category;amount\\nKantor;BT;1.234,5\\n"
...                                          .encode("utf-8-sig"))
>>> t = read_table(folder / "costs.csv", required=("center", "category", "amount"))
>>> t.label, t.header, t.separator, list(t.frame.columns)
('costs.csv', 2, ';', ['center', 'category', 'amount'])
>>> t.frame.loc[3, "amount"]
'1.234,5'
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from jkncost.errors import InputError, Problem
from jkncost.labels import Text
from jkncost.tables.names import Aliases, alias_lookup, canonical, closest, normalize_name

HEADER_SEARCH = 10  # rows (not empty) among which the header is looked for
SEPARATORS = (",", ";", "\t")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OTHER_SPREADSHEETS = {".xls": "an .xls workbook (Excel 97-2003)", ".ods": "an .ods workbook (OpenDocument)",
                      ".xlsb": "a binary .xlsb workbook", ".numbers": "a Numbers document"}
LINE_INDEX = "line"  # name of the index that holds the row number a person sees


@dataclass
class Table:
    """One table as read, before any value is interpreted.

    Attributes
    ----------
    name : str
        What the table is (``costs``), or the file's normalized stem.
    label : str
        What a person sees in messages: ``costs.csv`` or ``rs.xlsx[Biaya]``.
    frame : DataFrame
        Cells as typed: text (stripped) from CSV; text, numbers or None from a workbook. Columns are the
        header's names, normalized (:func:`normalize_name`); the index holds row numbers as a person sees
        them (header row + 1, ...), empty rows dropped.
    header : int
        The header's row.
    separator : str or None
        The CSV separator found (None for a workbook): ``;`` hints that ``,`` is the decimal mark.
    source : Path
    """

    name: str
    label: str
    frame: pd.DataFrame
    header: int = 1
    separator: str | None = None
    source: Path | None = None
    columns_found: list[str] = field(default_factory=list)
    text_only: bool = False  # every cell is stripped text ("" when blank): a CSV file
    typed: dict[str, str] = field(default_factory=dict)  # column -> the header as typed, when it differs

    @property
    def decimal_hint(self) -> str | None:
        """``,`` for a ``;``-separated file (Excel writes ``;`` where ``,`` is the decimal mark), else None."""
        return "," if self.separator == ";" else None

    def missing(self, required: Iterable[str]) -> list[str]:
        return [c for c in required if c not in self.frame.columns]


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------

def _encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return "latin-1"


def _head_lines(text_head: str) -> list[str]:
    """Physical lines of the beginning of a file, up to the ``HEADER_SEARCH``-th that is not empty."""
    lines, filled = [], 0
    for line in io.StringIO(text_head, newline=None):
        line = line.rstrip("\r\n")
        lines.append(line)
        if line.strip(" ,;\t"):
            filled += 1
            if filled >= HEADER_SEARCH:
                break
    return lines


def _find_header(rows: Sequence[Sequence[object]], required: Sequence[str],
                 lookup: Mapping[str, str] | None = None) -> int | None:
    """Index of the first row (among the first ``HEADER_SEARCH`` not empty) holding every required column
    (by its name or an alias); with nothing required, the first row that is not empty."""
    seen = 0
    for i, row in enumerate(rows):
        cells = {canonical(c, lookup or {}) for c in row if c is not None and str(c).strip()}
        if not cells:
            continue
        if not required or set(required) <= cells:
            return i
        seen += 1
        if seen >= HEADER_SEARCH:
            break
    return None


def _first_filled(rows: Sequence[Sequence[object]]) -> int:
    for i, row in enumerate(rows):
        if any(c is not None and str(c).strip() for c in row):
            return i
    return 0


def _detect_csv(lines: list[str], required: Sequence[str],
                lookup: Mapping[str, str] | None = None) -> tuple[str, int]:
    """Separator and header line index: the separator under which the header holds the required columns;
    failing that, the one that splits the first non-empty line into the most fields."""
    best: tuple[int, str, int] | None = None
    for sep in SEPARATORS:
        rows = list(csv.reader(lines, delimiter=sep))
        at = _find_header(rows, required, lookup) if required else None
        if at is not None:
            width = len(rows[at])
            if best is None or width > best[0]:
                best = (width, sep, at)
    if best is not None:
        return best[1], best[2]
    widths = {}
    for sep in SEPARATORS:
        rows = list(csv.reader(lines, delimiter=sep))
        first = _first_filled(rows)
        widths[sep] = (len(rows[first]) if rows else 0, first)
    sep = max(SEPARATORS, key=lambda s: widths[s][0])  # ties keep the first: ','
    return sep, widths[sep][1]


def _header_names(cells: Sequence[object], label: str, row: int,
                  lookup: Mapping[str, str] | None = None) -> tuple[list[str], dict[str, str]]:
    """The columns' names (canonical where an alias matched) and, for those, the header as typed."""
    names, typed = [], {}
    for i, c in enumerate(cells):
        if c is None or not str(c).strip():
            names.append(f"column {i + 1}")
            continue
        name = canonical(c, lookup or {})
        names.append(name)
        if name != normalize_name(c):
            typed[name] = str(c).strip()
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen and not name.startswith("column "):
            first, second = str(cells[seen[name]]).strip(), str(cells[i]).strip()
            what = (f"column {name!r} appears twice in the header" if first.lower() == second.lower() else
                    f"columns {first!r} and {second!r} both mean {name!r}")
            raise InputError(Problem(label, f"{what} (columns {seen[name] + 1} and {i + 1}); keep one", row=row,
                                     column=name))
        seen.setdefault(name, i)
    return names, typed


def by_distinct(values, fn, missing=None) -> np.ndarray:
    """``fn`` applied to each distinct cell once and spread back (cost: one hashing pass over the rows).

    Missing cells (None, NaN) get ``missing``. Returns an object array.
    """
    cells = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else np.asarray(values, dtype=object)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[:-1] = [fn(v) for v in uniques]
    mapped[-1] = missing
    return mapped[codes]


def _strip_and_number(df: pd.DataFrame, first: int, blank_as: object = "") -> pd.DataFrame:
    """Strip text cells, number rows from ``first`` and drop the empty ones.

    Each distinct cell is handled once (a column of 200,000 rows holds a few thousand names), so the cost
    is a hashing pass per column. Cells stay Python objects: text, a workbook's numbers, ``blank_as``.
    """
    index = pd.RangeIndex(first, first + len(df), name=LINE_INDEX)
    columns = {}
    empty = np.ones(len(df), dtype=bool)
    for col in df.columns:
        codes, uniques = pd.factorize(df[col].to_numpy(dtype=object), use_na_sentinel=True)
        mapped = np.empty(len(uniques) + 1, dtype=object)
        mapped[:-1] = [v.strip() if type(v) is str else v for v in uniques]
        mapped[-1] = blank_as
        blank = pd.isna(mapped) | (mapped == "")
        columns[col] = mapped[codes]
        empty &= blank[codes]
    out = pd.DataFrame({c: pd.Series(v, index=index, dtype=object) for c, v in columns.items()}, index=index,
                       columns=list(df.columns))
    return out[~empty] if len(df.columns) and empty.any() else out


def _wider_rows(data: bytes, encoding: str, sep: str, at: int, width: int) -> tuple[tuple[int, int] | None, int]:
    """(line, cells) of the first line below the header with a non-empty cell beyond the header's ``width``
    (None when there is none), and the largest number of cells of any line."""
    text = io.StringIO(data.decode(encoding, errors="replace"), newline="")
    widest = width
    for i, row in enumerate(csv.reader(text, delimiter=sep)):
        if i > at:
            widest = max(widest, len(row))
            if len(row) > width and any(c.strip() for c in row[width:]):
                return (i + 1, len(row)), widest
    return None, widest


def _read_body(data: bytes, encoding: str, sep: str, at: int, names: list[str], label: str) -> pd.DataFrame:
    """The rows below the header, every cell text. Trailing empty cells (``a;b;c;;``, as Excel exports) are
    dropped; a row with more cells than the header is refused with its line, since a value split by an
    unquoted separator (``1,234,567`` in a ``,`` file) would otherwise be read as another number."""
    width = len(names)
    options = dict(sep=sep, header=None, skiprows=at + 1, dtype=str, keep_default_na=False, na_filter=False,
                   skip_blank_lines=False, encoding=encoding, quotechar='"')
    try:
        try:
            df = pd.read_csv(io.BytesIO(data), **options)
        except pd.errors.ParserError:  # a longer row further down: find it, or read only the named columns
            wide, widest = _wider_rows(data, encoding, sep, at, width)
            if wide is not None:
                raise InputError(Problem(label, f"line has {wide[1]} cells but the header names {width}: a value "
                                                f"with an unquoted {sep!r} inside (write \"1.234.567\" in quotes, "
                                                f"or without separators), or a column without a name",
                                         row=wide[0])) from None
            df = pd.read_csv(io.BytesIO(data), names=range(widest), **options).iloc[:, :width]
    except pd.errors.EmptyDataError:
        return pd.DataFrame(columns=names, dtype=object)
    except InputError:
        raise
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(Problem(label, f"cannot read as CSV ({sep!r}-separated): "
                                        f"{str(exc).strip().splitlines()[0]}")) from None
    if df.shape[1] > width:
        extra = df.iloc[:, width:]
        filled = (extra.apply(lambda c: c.fillna("").str.strip() != "")).any(axis=1).to_numpy()
        if filled.any():
            wide, _ = _wider_rows(data, encoding, sep, at, width)
            raise InputError(Problem(label, f"line has more cells than the header names ({width}): a value with "
                                            f"an unquoted {sep!r} inside, or a column without a name",
                                     row=wide[0] if wide else None))
        df = df.iloc[:, :width]
    for i in range(df.shape[1], width):
        df[i] = ""
    df.columns = names
    return df


def read_csv_table(path: str | os.PathLike[str], *, required: Sequence[str] = (), name: str | None = None,
                   label: str | None = None, aliases: Aliases | None = None) -> Table:
    """Read one CSV file (see the module's notes); every cell is text. ``aliases``: other names of columns.

    Raises
    ------
    InputError
        An empty file, a file CSV cannot parse (with the line), a header named twice.
    """
    path = Path(path)
    label = label or path.name
    data = path.read_bytes()
    encoding = _encoding(data)
    text_head = data[:65536].decode(encoding if encoding != "utf-16" else "utf-16", errors="ignore")
    lines = _head_lines(text_head)
    if not any(line.strip(" ,;\t") for line in lines):
        raise InputError(Problem(label, Text("error.file_empty")))
    lookup = alias_lookup(aliases)
    sep, at = _detect_csv(lines, [normalize_name(c) for c in required], lookup)
    header_cells = next(csv.reader([lines[at]], delimiter=sep))
    names, typed = _header_names(header_cells, label, at + 1, lookup)
    df = _read_body(data, encoding, sep, at, names, label)
    df = _strip_and_number(df, at + 2)
    df.attrs["header_row"] = at + 1
    return Table(name or normalize_name(path.stem), label, df, header=at + 1, separator=sep, source=path,
                 columns_found=_found(header_cells, names), text_only=True, typed=typed)


def _found(cells: Sequence[object], names: list[str]) -> list[str]:
    """The header's cells as a message lists them: as typed (stripped), blank ones by position."""
    return [str(c).strip() if c is not None and str(c).strip() else n for c, n in zip(cells, names)]


# --------------------------------------------------------------------------------------------
# Workbooks
# --------------------------------------------------------------------------------------------

def refuse_other_spreadsheet(path: Path) -> None:
    """``.xls``, ``.ods`` ...: one line saying how to turn it into ``.xlsx``."""
    what = OTHER_SPREADSHEETS.get(path.suffix.lower())
    if what:
        raise InputError(Problem(path.name, f"{what} cannot be read: open it in Excel or LibreOffice and save it "
                                            f"as .xlsx (Excel Workbook), then use that file"))


def _sheet_rows(ws) -> list[tuple]:
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def _formula_without_value(path: Path, sheet: str, header: int, rows: list[tuple]) -> tuple[int, int] | None:
    """(row, column index) of the first formula whose value was never saved, or None."""
    empties = [(r, c) for r, row in enumerate(rows) if r >= header for c, v in enumerate(row) if v is None]
    if not empties:
        return None
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        formulas = _sheet_rows(wb[sheet])
    finally:
        wb.close()
    for r, c in empties:
        if r < len(formulas) and c < len(formulas[r]):
            v = formulas[r][c]
            if isinstance(v, str) and v.startswith("="):
                return r, c
    return None


def read_workbook(path: str | os.PathLike[str], wanted: Mapping[str, Sequence[str]], *,
                  optional: Iterable[str] = (), aliases: Mapping[str, Aliases] | None = None,
                  sheet_aliases: Aliases | None = None) -> tuple[dict[str, Table], list[Problem]]:
    """The sheets of an ``.xlsx`` workbook named (loosely) as the keys of ``wanted``.

    Parameters
    ----------
    wanted : mapping
        Table name -> its required columns (to find the header below title rows).
    optional : names of ``wanted`` that may be missing without a problem.
    aliases : mapping, optional
        Table name -> the other names of its columns (see :func:`read_csv_table`).
    sheet_aliases : mapping, optional
        Table name -> other names of its sheet (``{"costs": ("biaya",)}``), matched as loosely.

    Returns
    -------
    tables, problems
        A missing sheet is reported with the names found and those expected.
    """
    import openpyxl

    path = Path(path)
    refuse_other_spreadsheet(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken or non-xlsx file
        return {}, [Problem(path.name, f"cannot read the workbook: {str(exc).strip().splitlines()[0]}")]
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    try:
        by_name: dict[str, str] = {}
        for sheet in wb.sheetnames:
            by_name.setdefault(normalize_name(sheet), sheet)
        for name, others in (sheet_aliases or {}).items():
            for other in others:
                if name not in by_name and normalize_name(other) in by_name:
                    by_name[name] = by_name[normalize_name(other)]
        optional = set(optional)
        for name, required in wanted.items():
            sheet = by_name.get(name)
            if sheet is None:
                if name not in optional:
                    expected = ", ".join(n for n in wanted if n not in optional)
                    problems.append(Problem(f"{path.name}[{name}]", f"required sheet is missing (sheets found: "
                                                                   f"{', '.join(wb.sheetnames) or 'none'}; expected: "
                                                                   f"{expected}; names match ignoring case, spaces, "
                                                                   f"'_' and '-')"))
                continue
            label = f"{path.name}[{sheet}]"
            try:
                tables[name] = _sheet_table(path, wb[sheet], sheet, name, label, required,
                                            alias_lookup((aliases or {}).get(name)))
            except InputError as exc:
                problems.extend(exc.problems)
    finally:
        wb.close()
    return tables, problems


def _sheet_table(path: Path, ws, sheet: str, name: str, label: str, required: Sequence[str],
                 lookup: Mapping[str, str] | None = None) -> Table:
    rows = _sheet_rows(ws)
    if not any(any(v is not None and str(v).strip() for v in row) for row in rows):
        raise InputError(Problem(label, Text("error.sheet_empty")))
    at = _find_header(rows, [normalize_name(c) for c in required], lookup)
    if at is None:
        at = _first_filled(rows)
    names, typed = _header_names(rows[at], label, at + 1, lookup)
    width = len(names)
    body = [tuple(row[:width]) + (None,) * (width - len(row)) for row in rows[at + 1:]]
    formula = _formula_without_value(path, sheet, at + 1, rows)
    if formula is not None:
        r, c = formula
        raise InputError(Problem(label, "formula cells have no saved values (the workbook was written by a program "
                                        "that does not calculate): open it in Excel or LibreOffice, save it, and try "
                                        "again", row=r + 1, column=names[c] if c < width else None))
    df = pd.DataFrame(body, columns=names, dtype=object)
    df = _strip_and_number(df, at + 2, blank_as=None)
    df.attrs["header_row"] = at + 1
    return Table(name, label, df, header=at + 1, separator=None, source=path,
                 columns_found=_found(rows[at], names), typed=typed)


# --------------------------------------------------------------------------------------------
# One table, whatever the file
# --------------------------------------------------------------------------------------------

def read_table(path: str | os.PathLike[str], *, required: Sequence[str] = (), sheet: str | None = None,
               name: str | None = None, label: str | None = None, aliases: Aliases | None = None) -> Table:
    """Read one table from a CSV file or from one sheet of an ``.xlsx`` workbook.

    Parameters
    ----------
    path : path-like
    required : column names that locate the header (title rows above it are skipped); missing ones are
        reported by :func:`require_columns`, not here.
    sheet : the sheet of a workbook (matched loosely); default the first sheet.
    label : how messages name a CSV file (default its name).
    aliases : other names of columns, ``{"center": ("pusat biaya", "unit")}`` (a schema's
        :attr:`~jkncost.tables.checks.Schema.aliases`): a header cell that is one of them names that column.

    Raises
    ------
    InputError
        Unreadable file, ``.xls``/``.ods``, missing sheet, formulas without saved values.
    FileNotFoundError
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    refuse_other_spreadsheet(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        if sheet is None:
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True)
            sheet = wb.sheetnames[0]
            wb.close()
        key = normalize_name(sheet)
        tables, problems = read_workbook(path, {key: required}, aliases={key: aliases or {}})
        if problems:
            raise InputError(problems)
        table = tables[key]
        table.name = name or key
        return table
    return read_csv_table(path, required=required, name=name, label=label, aliases=aliases)


def require_columns(table: Table, required: Sequence[str], aliases: Aliases | None = None) -> list[Problem]:
    """One problem per required column the header lacks, naming the header row, the columns found, the names
    the column may have (with ``aliases``) and the closest header that matched no name ("did you mean")."""
    found = ", ".join(table.columns_found or map(str, table.frame.columns)) or "none"
    hint = ""
    if table.separator == "," and any(";" in c for c in table.columns_found):
        hint = " (the file looks ';'-separated but was read as ','; check the separators of the header)"
    known = {normalize_name(c) for c in required} | {normalize_name(c) for c in (aliases or {})}
    lookup = alias_lookup(aliases)
    unmatched = [typed for typed, col in zip(table.columns_found, table.frame.columns)
                 if col not in known and canonical(typed, lookup) not in known]
    problems = []
    for c in table.missing([normalize_name(r) for r in required]):
        names = [c, *(aliases or {}).get(c, ())]
        expected = " or ".join(repr(n) for n in names) if len(names) > 1 else repr(c)
        near = closest(names, unmatched)
        guess = Text("error.did_you_mean", near=repr(near)) if near else ""
        problems.append(Problem(table.label, Text("error.required_column", expected=expected, found=found,
                                                  guess=guess, hint=hint), row=table.header, column=c))
    return problems


def header_row(df: pd.DataFrame) -> int:
    """The row of the header line of a frame a reader gave (``attrs['header_row']``), else 1."""
    return int(df.attrs.get("header_row", 1))


def row_numbers(df: pd.DataFrame) -> list[int]:
    """The row numbers a reader gave ``df`` (header = row 1); for any other frame, 2, 3, ... in order."""
    if df.index.name == LINE_INDEX:
        return [int(i) for i in df.index]
    return list(range(2, len(df) + 2))
