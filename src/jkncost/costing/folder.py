"""The hospital folder (format version 2): its tables, their schemas, reading and validation.

The format is ``docs/hospital-folder.md`` (version 2): ``cost_centers``, ``costs``,
``allocation_bases`` (when there are support or shared centers) and optionally ``assets`` and
``tariffs``, as CSV files of a folder or as sheets of one ``.xlsx`` workbook. Files arrive as people
make them (:mod:`jkncost.tables.reading`: ``;`` or ``,``, BOM, Windows-1252, title rows, loose sheet
names, numbers as text) with Indonesian words (:data:`KINDS`, :data:`CATEGORY_WORDS`).

Each table has one declarative schema (:data:`SCHEMAS`): :func:`read_folder` reads the tables and the
problems of their structure, :func:`check_tables` checks each cell by cell
(:func:`jkncost.tables.checks.check`). This is the first step of the one read path of a hospital
folder (:mod:`jkncost.costing.reader`: read the tables here, check them against each other in
:mod:`jkncost.costing.validation`, build the :class:`~jkncost.costing.hospital.Hospital`); it imports
neither. Every step is linear in the number of rows. Extra columns (``source``, ``note`` ...) are
allowed: they document, they do not compute.

Examples
--------
>>> from jkncost.core import paths
>>> folder, problems = read_folder(paths.raw("example_hospital"))
>>> problems, sorted(folder.tables)[:3]
([], ['allocation_bases', 'cost_centers', 'costs'])
>>> len(check_tables(folder)["cost_centers"].frame)
11
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jkncost.costing.hospital import ASSET_GROUPS
from jkncost.errors import InputError, Problem
from jkncost.labels import Text
from jkncost.tables.checks import Checked, Column, Schema, check, evidence
from jkncost.tables.names import folder_files
from jkncost.tables.reading import (
    WORKBOOK_SUFFIXES,
    Table,
    read_csv_table,
    read_workbook,
    refuse_other_spreadsheet,
    require_columns,
)

# Words people write, compared ignoring case, spaces, '_' and '-' (jkncost.tables.checks.normalize_word).
KINDS = {"support": "support", "penunjang": "support", "production": "production", "produksi": "production",
         "shared": "shared", "bersama": "shared", "biayabersama": "shared"}
KINDS_ACCEPTED = "support (penunjang), production (produksi) or shared (bersama)"
CATEGORY_WORDS = {
    "fc": "FC", "biayatetap": "FC", "bt": "FC", "biayainvestasi": "FC",
    "svc": "SVC", "biayasemivariabel": "SVC", "bsv": "SVC", "biayaoperasionaltetap": "SVC",
    "biayapemeliharaan": "SVC",
    "vc": "VC", "biayavariabel": "VC", "bv": "VC", "biayaoperasionaltidaktetap": "VC",
}
CATEGORIES_ACCEPTED = ("FC (biaya tetap, BT, biaya investasi), SVC (biaya semi variabel, BSV, biaya operasional "
                       "tetap, biaya pemeliharaan) or VC (biaya variabel, BV, biaya operasional tidak tetap)")

_BLANK_IF_NONE = " (leave the cell blank when there is none)"

# Column names staff type (hospital folder v3), matched ignoring case, spaces, '_' and '-'.
CENTER = ("pusat biaya", "unit")
CATEGORY = ("kategori", "jenis biaya")
COMPONENT = ("komponen", "komponen biaya", "item biaya")
WEIGHT = ("bobot", "nilai dasar")
BASIS = ("dasar alokasi", "dasar")

SCHEMAS: dict[str, Schema] = {
    "cost_centers": Schema("cost_centers", (
        Column("center", unique=True, what="center", aliases=CENTER),
        Column("kind", "word", words=KINDS, accepted=KINDS_ACCEPTED, what="kind", aliases=("jenis", "jenis pusat biaya")),
        # zero would make a unit cost (or a normative output) undefined: a blank cell means "none"
        Column("output", "number", required=False, blank=True, minimum=0, above=True, what="output",
               blank_hint=_BLANK_IF_NONE, aliases=("luaran", "jumlah output")),
        Column("output_unit", required=False, blank=True, aliases=("satuan", "satuan output")),
        Column("beds", "number", required=False, blank=True, minimum=0, above=True, what="beds",
               blank_hint=_BLANK_IF_NONE, aliases=("tempat tidur", "TT", "jumlah TT")),
        Column("order", "whole", required=False, blank=True, minimum=1, what="order", aliases=("urutan",)),
    )),
    "costs": Schema("costs", (
        Column("center", what="center", aliases=CENTER),
        Column("category", "word", words=CATEGORY_WORDS, accepted=CATEGORIES_ACCEPTED, what="category",
               aliases=CATEGORY),
        Column("component", blank=True, aliases=COMPONENT),
        Column("amount", "number", minimum=0, what="amount", rupiah=True,
               aliases=("jumlah", "biaya", "nilai", "jumlah biaya")),
    ), key=("center", "category", "component"),
        key_message="duplicate row for the same center, category and component; give components distinct names"),
    "allocation_bases": Schema("allocation_bases", (
        Column("support_center", what="center", aliases=("pusat penunjang", "unit penunjang", "pusat biaya penunjang")),
        Column("category", "word", required=False, blank=True, words=CATEGORY_WORDS, accepted=CATEGORIES_ACCEPTED,
               what="category", aliases=CATEGORY),
        Column("component", required=False, blank=True, aliases=COMPONENT),
        Column("basis", blank=True, aliases=BASIS),
        # both blank: the row refers to the table of its basis in basis_weights (checked in validation)
        Column("center", blank=True, what="center", aliases=CENTER),
        Column("weight", "number", blank=True, minimum=0, percent=True, what="weight", aliases=WEIGHT),
    ), key=("support_center", "category", "component", "center"),
        key_message="duplicate rule: the same support_center, category, component and center"),
    "basis_weights": Schema("basis_weights", (
        Column("basis", what="basis", aliases=BASIS),
        Column("center", what="center", aliases=CENTER),
        Column("weight", "number", minimum=0, percent=True, what="weight", aliases=WEIGHT),
    ), key=("basis", "center"), key_message="duplicate row: the same basis and center"),
    "assets": Schema("assets", (
        Column("center", what="center", aliases=CENTER),
        Column("asset", blank=True),
        Column("group", "word", words={g.replace(" ", ""): g for g in ASSET_GROUPS}, accepted=", ".join(ASSET_GROUPS),
               what="asset group"),
        Column("purchase_value", "number", minimum=0, what="purchase value", rupiah=True),
        Column("years_in_use", "number", minimum=0, what="years in use"),
        Column("useful_life", "number", minimum=0, above=True, what="useful life"),
    )),
    "tariffs": Schema("tariffs", (
        Column("center", what="center", aliases=CENTER),
        Column("tariff", "number", minimum=0, above=True, what="tariff", rupiah=True, aliases=("tarif",)),
        Column("source", required=False, blank=True, aliases=("sumber",)),
        Column("tariff_set", required=False, blank=True, aliases=("kelompok tarif", "jenis tarif")),
    ), key=("center", "tariff_set"),
        key_message="duplicate tariff for the same center and tariff_set (an empty tariff_set is the set 'tariff'); "
                    "name each set in the column tariff_set"),
    "revenue": Schema("revenue", (
        Column("center", unique=True, what="center", aliases=CENTER),
        Column("revenue", "number", minimum=0, what="revenue", rupiah=True,
               aliases=("pendapatan", "realisasi pendapatan")),
    )),
}
# Other names of the files or sheets (the Indonesian audit workbook's input sheets among them).
TABLE_ALIASES = {"cost_centers": ("pusat biaya",), "costs": ("biaya",), "allocation_bases": ("dasar alokasi",),
                 "basis_weights": ("bobot dasar",), "tariffs": ("tarif",), "revenue": ("pendapatan",),
                 "assets": ("aset",)}
REQUIRED_TABLES = ("cost_centers", "costs")
OPTIONAL_TABLES = ("allocation_bases", "basis_weights", "assets", "tariffs", "revenue")

# Columns each file must have, and the optional ones the reader understands (what `jkncost template` writes).
SCHEMA: dict[str, dict[str, tuple[str, ...]]] = {
    name: {"required": s.required, "optional": s.optional} for name, s in SCHEMAS.items()
}


@dataclass
class Folder:
    """A hospital folder or workbook as read: its tables and what it is called."""

    path: Path
    tables: dict[str, Table]

    @property
    def name(self) -> str:
        return self.path.stem if self.path.is_file() else self.path.name

    def where(self, table: str) -> str:
        """How a person sees a table that is missing: ``allocation_bases.csv`` or ``rs.xlsx[allocation_bases]``."""
        return f"{table}.csv" if self.path.is_dir() else f"{self.path.name}[{table}]"


def _folder_files(path: Path) -> tuple[dict[str, Path], list[Problem]]:
    """The CSV file of each table: the exact name first, else a name that matches loosely (``Costs.CSV``)."""
    return folder_files(path, SCHEMAS, aliases=TABLE_ALIASES)


def _locating(name: str) -> tuple[str, ...]:
    """The columns that find a table's header below title rows: the required ones, but for allocation_bases
    only those every row has (a folder of table references may leave out center and weight)."""
    if name == "allocation_bases":
        return ("support_center", "basis")
    return SCHEMAS[name].required


def required_columns(name: str, tables) -> tuple[str, ...]:
    """The columns a table must have: allocation_bases may leave out center and weight when basis_weights
    exists (every row then names a basis table)."""
    required = SCHEMAS[name].required
    if name == "allocation_bases" and "basis_weights" in tables:
        required = tuple(c for c in required if c not in ("center", "weight"))
    return required


def _workbooks(path: Path) -> list[Path]:
    """The ``.xlsx`` workbooks of a folder (Excel's ``~$`` lock files aside)."""
    return sorted(f for f in path.iterdir() if f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES
                  and not f.name.startswith("~$"))


def read_folder(path: str | os.PathLike[str]) -> tuple[Folder, list[Problem]]:
    """Read the tables of a hospital folder or workbook, and the problems of their structure: files or
    sheets missing or unreadable, required columns missing. A folder with no CSV table and one ``.xlsx``
    workbook is read as that workbook."""
    path = Path(path)
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    if path.is_dir():
        files, problems = _folder_files(path)
        books = _workbooks(path)
        if not files and not problems and len(books) == 1:  # a folder holding one filled workbook
            return read_folder(books[0])
        if not files and len(books) > 1:
            return Folder(path, {}), [Problem(path.name, f"holds no CSV tables but {len(books)} workbooks "
                                                         f"({', '.join(b.name for b in books)}): pass the one to "
                                                         f"read, e.g. {path.name}/{books[0].name}")]
        for name, f in files.items():
            try:
                tables[name] = read_csv_table(f, required=_locating(name), name=name,
                                              aliases=SCHEMAS[name].aliases)
            except InputError as exc:
                problems.extend(exc.problems)
        for name in REQUIRED_TABLES:
            if name not in files:
                if (path / f"{name}.csv").is_dir():
                    problems.append(Problem(f"{name}.csv", "is a folder, not a file: the table must be a CSV "
                                                           "file of that name"))
                else:
                    problems.append(Problem(f"{name}.csv", Text("error.required_file")))
    elif not path.exists():
        raise FileNotFoundError(f"{path}: no such hospital folder or workbook")
    elif path.suffix.lower() in WORKBOOK_SUFFIXES:
        wanted = {name: _locating(name) for name in SCHEMAS}
        tables, problems = read_workbook(path, wanted, optional=OPTIONAL_TABLES,
                                         aliases={name: s.aliases for name, s in SCHEMAS.items()},
                                         sheet_aliases=TABLE_ALIASES)
    else:
        refuse_other_spreadsheet(path)
        problems.append(Problem(path.name, "a hospital is a folder of CSV files or one .xlsx workbook"))
    for name in SCHEMAS:  # table order, whatever the order of reading
        if name in tables:
            problems.extend(require_columns(tables[name], required_columns(name, tables), SCHEMAS[name].aliases))
    return Folder(path, tables), problems


def check_tables(folder: Folder) -> dict[str, Checked]:
    """Every table whose header holds its required columns, checked cell by cell against its schema."""
    ready = {name: t for name, t in folder.tables.items() if not t.missing(required_columns(name, folder.tables))}
    fallback = None
    if folder.path.is_file():  # a workbook is one file: its sheets settle each other's ambiguous numbers
        found = set().union(*(evidence(t, SCHEMAS[name]) for name, t in ready.items()))
        fallback = next(iter(found)) if len(found) == 1 else None
    return {name: check(t, SCHEMAS[name], fallback=fallback) for name, t in ready.items()}
