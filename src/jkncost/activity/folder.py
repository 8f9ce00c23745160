"""The activity folder: tables for activity-based, time-driven and per-case costing, read and checked.

The format is ``docs/activity-folder.md``: CSV files of a folder, or sheets of one ``.xlsx`` workbook,
read as people make them by the same reader as the hospital folder (:mod:`jkncost.tables.reading`:
``;`` or ``,``, BOM, Windows-1252, title rows, loose file, sheet and column names, Indonesian numbers
and words) and checked by one declarative :class:`~jkncost.tables.checks.Schema` per table
(:data:`SCHEMAS`), then against each other with set operations (:mod:`jkncost.activity.references`).
A folder may hold any of three parts:

1. activity-based costing: ``activities``, ``cost_objects``, ``driver_quantities`` (required together),
   ``resources`` with ``resource_drivers`` (stage 1, optional);
2. time-driven ABC: ``capacity``, ``processes``, optionally ``materials`` and ``volumes``;
3. cost per case: ``pathways``, optionally ``pathway_tariffs``, and the project's patient-level
   extension ``cases`` with ``case_items``.

:func:`read_activity_folder` returns an :class:`ActivityFolder` (typed frames, None for absent tables)
or raises :class:`~jkncost.errors.InputError` with every problem, each naming file, row and column.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "activities.csv").write_text("activity;level;driver;cost\\nVisite;pasien;visit;1.500.000\\n")
>>> _ = (d / "cost_objects.csv").write_text("cost_object,output\\nVIP,10\\n")
>>> _ = (d / "driver_quantities.csv").write_text("driver,cost_object,quantity\\nvisit,VIP,30\\n")
>>> f = read_activity_folder(d)
>>> f.activities[["activity", "level", "cost"]].to_dict("records")
[{'activity': 'Visite', 'level': 'patient', 'cost': 1500000.0}]
>>> f.parts
('abc',)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from jkncost.costing.folder import CATEGORIES_ACCEPTED, CATEGORY_WORDS
from jkncost.activity.headers import compact, header_by_aliases, locate, loose_columns
from jkncost.errors import InputError, Problem
from jkncost.tables.checks import Checked, Column, Schema, check, evidence
from jkncost.tables.names import folder_files, normalize_name
from jkncost.tables.reading import (
    WORKBOOK_SUFFIXES,
    Table,
    read_csv_table,
    read_workbook,
    refuse_other_spreadsheet,
    require_columns,
)

#: Activity levels of the cost hierarchy (Cooper & Kaplan 1988; Cooper 1990), in English and Indonesian.
LEVELS = ("unit", "batch", "patient", "facility")
LEVEL_WORDS = {
    "unit": "unit", "unitlevel": "unit", "tingkatunit": "unit", "levelunit": "unit",
    "batch": "batch", "batchlevel": "batch", "tingkatbatch": "batch", "levelbatch": "batch",
    "patient": "patient", "patientlevel": "patient", "pasien": "patient", "produk": "patient",
    "product": "patient", "productsustaining": "patient", "productlevel": "patient", "tingkatproduk": "patient",
    "tingkatpasien": "patient", "levelproduk": "patient", "levelpasien": "patient",
    "facility": "facility", "facilitylevel": "facility", "facilitysustaining": "facility",
    "fasilitas": "facility", "tingkatfasilitas": "facility", "levelfasilitas": "facility",
}
LEVELS_ACCEPTED = "unit, batch, patient (produk, pasien) or facility (fasilitas)"

#: The practical share of theoretical minutes assumed when ``capacity.csv`` gives none (Kaplan & Anderson 2007).
DEFAULT_PRACTICAL_SHARE = 0.8

_RP = dict(rupiah=True)

SCHEMAS: dict[str, Schema] = {
    "activities": Schema("activities", (
        Column("activity", unique=True, what="activity"),
        Column("level", "word", words=LEVEL_WORDS, accepted=LEVELS_ACCEPTED, what="activity level"),
        Column("driver", what="driver"),
        Column("cost", "number", required=False, blank=True, minimum=0, what="cost", **_RP),
        Column("capacity", "number", required=False, blank=True, minimum=0, above=True, what="capacity",
               blank_hint=" (leave the cell blank when the capacity is not known)"),
    )),
    "resources": Schema("resources", (
        Column("resource", unique=True, what="resource"),
        Column("category", "word", required=False, blank=True, words=CATEGORY_WORDS, accepted=CATEGORIES_ACCEPTED,
               what="category"),
        Column("amount", "number", minimum=0, what="amount", **_RP),
    )),
    "resource_drivers": Schema("resource_drivers", (
        Column("resource", what="resource"),
        Column("activity", what="activity"),
        Column("weight", "number", minimum=0, percent=True, what="weight"),
    ), key=("resource", "activity"), key_message="duplicate row for the same resource and activity"),
    "cost_objects": Schema("cost_objects", (
        Column("cost_object", unique=True, what="cost object"),
        Column("output", "number", required=False, blank=True, minimum=0, above=True, what="output",
               blank_hint=" (leave the cell blank when the output is not measured)"),
        Column("output_unit", required=False, blank=True),
        Column("tariff", "number", required=False, blank=True, minimum=0, what="tariff", **_RP),
        Column("markup", "number", required=False, blank=True, minimum=-1, above=True, percent=True,
               what="markup"),
    )),
    "driver_quantities": Schema("driver_quantities", (
        Column("driver", what="driver"),
        Column("cost_object", what="cost object"),
        Column("quantity", "number", minimum=0, what="quantity"),
    ), key=("driver", "cost_object"), key_message="duplicate row for the same driver and cost object"),
    "capacity": Schema("capacity", (
        Column("resource", unique=True, what="resource"),
        Column("cost", "number", minimum=0, what="cost", **_RP),
        Column("minutes", "number", minimum=0, above=True, what="minutes"),
        Column("practical_share", "number", required=False, blank=True, minimum=0, above=True, percent=True,
               what="practical share"),
    )),
    "processes": Schema("processes", (
        Column("service", what="service"),
        Column("resource", what="resource"),
        Column("minutes", "number", minimum=0, what="minutes"),
        Column("times", "number", required=False, blank=True, minimum=0, what="times"),
    )),
    "materials": Schema("materials", (
        Column("service", what="service"),
        Column("item", blank=True),
        Column("quantity", "number", minimum=0, what="quantity"),
        Column("price", "number", minimum=0, what="price", **_RP),
    )),
    "volumes": Schema("volumes", (
        Column("service", unique=True, what="service"),
        Column("volume", "number", minimum=0, what="volume"),
    )),
    "pathways": Schema("pathways", (
        Column("pathway", what="pathway"),
        Column("item", what="item"),
        Column("source", what="source"),
        Column("quantity", "number", minimum=0, what="quantity"),
        Column("price", "number", required=False, blank=True, minimum=0, what="price", **_RP),
    )),
    "pathway_tariffs": Schema("pathway_tariffs", (
        Column("pathway", unique=True, what="pathway"),
        Column("inacbg_code", blank=True, what="INA-CBG code"),
        Column("tariff", "number", blank=True, minimum=0, what="tariff", **_RP),
        Column("hospital_tariff", "number", required=False, blank=True, minimum=0, what="hospital tariff", **_RP),
    )),
    # the project's extension (docs/activity-folder.md): patient-level records costed like pathways
    "cases": Schema("cases", (
        Column("case", unique=True, what="case"),
        Column("pathway", required=False, blank=True, what="pathway"),
        Column("inacbg_code", required=False, blank=True, what="INA-CBG code"),
        Column("class", required=False, blank=True, what="class"),
        Column("los", "number", required=False, blank=True, minimum=0, what="length of stay"),
        Column("tariff", "number", required=False, blank=True, minimum=0, what="tariff", **_RP),
        Column("hospital_tariff", "number", required=False, blank=True, minimum=0, what="hospital tariff", **_RP),
    )),
    "case_items": Schema("case_items", (
        Column("case", what="case"),
        Column("item", what="item"),
        Column("quantity", "number", minimum=0, what="quantity"),
        Column("source", required=False, blank=True, what="source"),
        Column("price", "number", required=False, blank=True, minimum=0, what="price", **_RP),
    )),
}

#: The parts of a folder: the tables that make a part present, and those it then requires.
PARTS = {
    "abc": (("activities", "cost_objects", "driver_quantities", "resources", "resource_drivers"),
            ("activities", "cost_objects", "driver_quantities")),
    "tdabc": (("capacity", "processes", "materials", "volumes"), ("capacity",)),
    "pathway": (("pathways", "pathway_tariffs", "cases", "case_items"), ()),
}
#: table -> the tables it needs beside it.
NEEDS = {
    "resources": ("resource_drivers",), "resource_drivers": ("resources",),
    "processes": ("capacity",), "materials": ("processes",), "volumes": ("processes",),
    "pathway_tariffs": ("pathways",), "case_items": ("cases",),
}


@dataclass
class ActivityFolder:
    """An activity folder as read and checked: one typed frame per table, None for an absent table.

    Each frame has the schema's columns (optional ones filled: NaN or ``""``) and a RangeIndex;
    :attr:`rows` keeps each table's row numbers as a person sees them (header = row 1) and
    :attr:`labels` how messages name the table (``pathways.csv`` or ``book.xlsx[pathways]``), so that
    later checks (a ``center:`` item against a hospital folder) can still point at the cell.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> folder = read_activity_folder(paths.raw("activity_example"))
    >>> folder.name, folder.activities.shape[0] > 0
    ('activity_example', True)
    """

    path: Path
    activities: pd.DataFrame | None = None
    resources: pd.DataFrame | None = None
    resource_drivers: pd.DataFrame | None = None
    cost_objects: pd.DataFrame | None = None
    driver_quantities: pd.DataFrame | None = None
    capacity: pd.DataFrame | None = None
    processes: pd.DataFrame | None = None
    materials: pd.DataFrame | None = None
    volumes: pd.DataFrame | None = None
    pathways: pd.DataFrame | None = None
    pathway_tariffs: pd.DataFrame | None = None
    cases: pd.DataFrame | None = None
    case_items: pd.DataFrame | None = None
    rows: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    labels: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        """The folder's (or workbook's) name.

        Returns
        -------
        str
            The last part of :attr:`path`.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> folder = read_activity_folder(paths.raw("activity_example"))
        >>> folder.name
        'activity_example'
        """
        return self.path.stem if self.path.is_file() else self.path.name

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables present, by name.

        Returns
        -------
        dict of str to DataFrame
            Each table the folder has, in the order of the format.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> folder = read_activity_folder(paths.raw("activity_example"))
        >>> list(folder.tables)[:3]
        ['activities', 'resources', 'resource_drivers']
        """
        return {n: getattr(self, n) for n in SCHEMAS if getattr(self, n) is not None}

    @property
    def parts(self) -> tuple[str, ...]:
        """Which of ``abc``, ``tdabc``, ``pathway`` the folder holds.

        Returns
        -------
        tuple of str
            The parts whose tables are present.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> folder = read_activity_folder(paths.raw("activity_example"))
        >>> folder.parts
        ('abc', 'tdabc', 'pathway')
        """
        present = self.tables
        return tuple(p for p, (members, _) in PARTS.items() if any(m in present for m in members))

    def label(self, table: str) -> str:
        """How messages name ``table``: ``pathways.csv`` or ``book.xlsx[pathways]``.

        Parameters
        ----------
        table : str
            A table of the format.

        Returns
        -------
        str
            The name a person sees.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> folder = read_activity_folder(paths.raw("activity_example"))
        >>> folder.label("pathways")
        'pathways.csv'
        """
        return self.labels.get(table) or where(self.path, table)

    def row(self, table: str, position) -> int:
        """The row a person sees for position(s) of a table's frame.

        Parameters
        ----------
        table : str
            A table of the format.
        position : int or array of int
            Position(s) in the table's frame.

        Returns
        -------
        int or ndarray of int
            The spreadsheet row(s), header = row 1.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> folder = read_activity_folder(paths.raw("activity_example"))
        >>> int(folder.row("pathways", 0))
        2
        """
        return self.rows[table][position]


def where(path: Path, table: str) -> str:
    """How a person sees a table: ``pathways.csv`` or ``book.xlsx[pathways]``.

    Parameters
    ----------
    path : pathlib.Path
        The folder or workbook.
    table : str
        A table of the format.

    Returns
    -------
    str
        The file name, or the workbook and sheet (``path`` a workbook file).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> where(paths.raw("activity_example"), "pathways")
    'pathways.csv'
    """
    return f"{path.name}[{table}]" if path.is_file() else f"{table}.csv"


def _folder_files(path: Path) -> tuple[dict[str, Path], list[Problem]]:
    """The CSV file of each table: the exact name first, else one whose name matches loosely (``_`` ignored too)."""
    return folder_files(path, SCHEMAS, key=lambda name: compact(normalize_name(name)))


def _read_tables(path: Path) -> tuple[Path, dict[str, Table], list[Problem]]:
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    if path.is_dir():
        files, problems = _folder_files(path)
        books = sorted(f for f in path.iterdir() if f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES
                       and not f.name.startswith("~$"))
        if not files and len(books) == 1:  # a folder holding just the workbook
            return _read_tables(books[0])
        for name, f in files.items():
            try:
                tables[name] = read_csv_table(f, required=locate(SCHEMAS[name]), name=name)
            except InputError as exc:
                problems.extend(exc.problems)
    elif not path.exists():
        raise FileNotFoundError(f"{path}: no such activity folder or workbook")
    elif path.suffix.lower() in WORKBOOK_SUFFIXES:
        wanted = {name: locate(SCHEMAS[name]) for name in SCHEMAS}
        tables, problems = read_workbook(path, wanted, optional=tuple(SCHEMAS))
    else:
        refuse_other_spreadsheet(path)
        problems.append(Problem(path.name, "an activity folder is a folder of CSV files or one .xlsx workbook"))
    return path, tables, problems


def _structure(path: Path, tables: dict[str, Table], empty: frozenset[str] = frozenset()) -> list[Problem]:
    """Tables a part needs that are missing (or have no rows), and required columns missing from the headers."""
    problems: list[Problem] = []
    if not tables:
        rows = f" (the tables found have no rows: {', '.join(sorted(empty))})" if empty else ""
        problems.append(Problem(path.name, f"no table of an activity folder found (activities, cost_objects, "
                                           f"driver_quantities, capacity, processes, pathways ...; "
                                           f"docs/activity-folder.md){rows}"))
        return problems
    for part, (members, required) in PARTS.items():
        if any(m in tables for m in members):
            for name in required:
                if name in empty:
                    problems.append(Problem(where(path, name), "the table has no rows (its part needs them)"))
                elif name not in tables:
                    problems.append(Problem(where(path, name), f"required file is missing (the folder has "
                                                               f"tables of this part: "
                                                               f"{', '.join(m for m in members if m in tables)})"))
    for name, needs in NEEDS.items():
        if name in tables:
            for other in needs:
                if other not in tables and not any(p.file == where(path, other) for p in problems):
                    problems.append(Problem(where(path, other), f"required file is missing ({where(path, name)} "
                                                                f"needs it)"))
    for name in SCHEMAS:
        if name in tables:
            problems.extend(require_columns(tables[name], SCHEMAS[name].required))
    return problems


def check_activity_tables(path: Path, tables: dict[str, Table]) -> dict[str, Checked]:
    """Every table whose header holds its required columns, checked cell by cell against its schema.

    Parameters
    ----------
    path : pathlib.Path
        The folder or workbook, for messages.
    tables : dict of str to Table
        The tables as read.

    Returns
    -------
    dict of str to Checked
        The typed table and its problems, by table name.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> path, tables, _ = _read_tables(paths.raw("activity_example"))
    >>> checked = check_activity_tables(path, tables)
    >>> sorted(checked)[:2]
    ['activities', 'capacity']
    """
    ready = {name: t for name, t in tables.items() if not t.missing(SCHEMAS[name].required)}
    fallback = None
    if path.is_file():  # one workbook: its sheets settle each other's ambiguous numbers
        found = set().union(*(evidence(t, SCHEMAS[name]) for name, t in ready.items())) if ready else set()
        fallback = next(iter(found)) if len(found) == 1 else None
    return {name: check(t, SCHEMAS[name], fallback=fallback) for name, t in ready.items()}


def validate_activity_folder(path: str | os.PathLike[str]) -> tuple[ActivityFolder | None, list[Problem]]:
    """The folder and every problem found (the folder only when there is none).

    Parameters
    ----------
    path : path-like
        A folder of CSV files or a workbook.

    Returns
    -------
    folder : ActivityFolder or None
        The folder, when there is no problem.
    problems : list of Problem
        Every problem found, each naming file, row and column, in the order of the format.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> folder, problems = validate_activity_folder(paths.raw("activity_example"))
    >>> folder is not None, problems
    (True, [])
    """
    from jkncost.activity.references import check_references, match_spellings

    path, tables = Path(path), {}
    path, tables, problems = _read_tables(path)
    for name, t in tables.items():
        tables[name] = loose_columns(t, SCHEMAS[name])
        if t.missing(SCHEMAS[name].required):
            tables[name] = header_by_aliases(path, t, SCHEMAS[name])
    # a table with a header and no rows (a template's sheet left empty) is a table the folder does not have
    empty = frozenset(n for n, t in tables.items() if not len(t.frame) and not t.missing(SCHEMAS[n].required))
    tables = {n: t for n, t in tables.items() if n not in empty}
    problems.extend(_structure(path, tables, empty))
    checked = check_activity_tables(path, tables)
    for name in SCHEMAS:
        if name in checked:
            problems.extend(checked[name].problems)
    if len(checked) < len(tables) or any(p.row is None for p in problems):
        return None, problems  # a table missing or unreadable: the checks across tables need them all
    folder = ActivityFolder(path)
    for name, c in checked.items():
        frame = c.frame[[col.name for col in SCHEMAS[name].columns]]
        folder.rows[name] = frame.index.to_numpy().copy()
        folder.labels[name] = c.label
        setattr(folder, name, frame.reset_index(drop=True))
    # with bad cells, the names are still checked, so one run reports as much as it can (blank names and
    # bad numbers are left to their own message)
    match_spellings(folder)
    problems.extend(check_references(folder))
    # one table after another, in the order of the format, each from its first row down
    order = {folder.label(name): i for i, name in enumerate(SCHEMAS)}
    problems.sort(key=lambda p: (order.get(p.file, len(order)), p.row or 0))
    return (None, problems) if problems else (folder, [])


def read_activity_folder(path: str | os.PathLike[str]) -> ActivityFolder:
    """Read and validate an activity folder (CSV files) or workbook (``.xlsx``).

    Parameters
    ----------
    path : path-like
        A folder of the CSV files of ``docs/activity-folder.md`` (or holding one ``.xlsx`` workbook),
        or an ``.xlsx`` workbook with sheets of the same names.

    Returns
    -------
    ActivityFolder
        One typed table per table of the format (None for an absent one).

    Raises
    ------
    InputError
        With every problem found, each naming file, row and column.
    FileNotFoundError
        When ``path`` does not exist.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> read_activity_folder(paths.raw("activity_example")).parts
    ('abc', 'tdabc', 'pathway')
    """
    folder, problems = validate_activity_folder(path)
    if problems:
        raise InputError(problems)
    return folder


__all__ = ["ActivityFolder", "DEFAULT_PRACTICAL_SHARE", "LEVELS", "SCHEMAS", "read_activity_folder",
           "validate_activity_folder", "where"]
