"""Headers as people write them: column names matched loosely and by their other names, below title rows.

The reader (:mod:`jkncost.tables.reading`) finds a header by the contract's names and matches names
ignoring case, spaces, ``_`` and ``-``. Here, for the activity folder, a column is also found without
its ``_`` (``INA-CBG code``, ``CostObject``) and by the other names of :data:`COLUMN_ALIASES`, English
and Indonesian (``Pemicu Biaya`` is ``driver``, ``Objek Biaya`` is ``cost_object``), also when title rows
stand above such a header.

Examples
--------
>>> import pandas as pd
>>> from jkncost.activity.folder import SCHEMAS
>>> from jkncost.tables.reading import Table
>>> t = Table("activities", "activities.csv", pd.DataFrame(columns=["aktivitas", "tingkat", "pemicu_biaya"]),
...           columns_found=["aktivitas", "tingkat", "pemicu_biaya"])
>>> list(loose_columns(t, SCHEMAS["activities"]).frame.columns)
['activity', 'level', 'driver']
"""

from __future__ import annotations

import csv
from pathlib import Path

from jkncost.errors import InputError
from jkncost.tables.checks import Schema
from jkncost.tables.names import normalize_name
from jkncost.tables.reading import Table, read_csv_table, read_workbook

HEADER_ROWS = 10  # rows below a header not found where a header of other names is looked for

#: Other names people give the columns (compared without case, spaces, ``_`` and ``-``), English and Indonesian.
COLUMN_ALIASES = {
    "activity": ("aktivitas", "kegiatan", "activityname", "namaaktivitas"),
    "level": ("activitylevel", "tingkat", "tingkataktivitas", "levelaktivitas", "hierarchy", "costhierarchy"),
    "driver": ("costdriver", "activitydriver", "pemicu", "pemicubiaya", "driveraktivitas"),
    "cost": ("biaya",),
    "capacity": ("kapasitas", "practicalcapacity", "kapasitaspraktis"),
    "resource": ("sumberdaya",),
    "amount": ("nilai", "biaya"),
    "weight": ("bobot", "resourcedriver", "pemicusumberdaya"),
    "cost_object": ("objekbiaya", "obyekbiaya", "object"),
    "output": ("keluaran", "volumeoutput"),
    "tariff": ("tarif",),
    "markup": ("marginlaba", "margin", "profitmargin"),
    "quantity": ("kuantitas", "qty"),
    "minutes": ("menit",),
    "practical_share": ("practicalcapacityshare", "porsipraktis", "persentasepraktis"),
    "service": ("layanan",),
    "times": ("frequency", "frekuensi", "kali"),
    "price": ("harga",),
    "volume": ("volume", "jumlahlayanan"),
    "pathway": ("clinicalpathway", "alurklinis", "jalurklinis"),
    "source": ("sumber",),
    "inacbg_code": ("inacbg", "kodeinacbg", "kodeinacbgs", "inacbgscode", "cbgcode"),
    "hospital_tariff": ("tarifrs", "tarifrumahsakit"),
    "case": ("caseid", "kasus", "nomorkasus", "idkasus"),
    "los": ("lengthofstay", "lamarawat", "lamahariperawatan", "lamadirawat"),
    "class": ("kelas", "careclass", "kelasperawatan"),
}


def compact(name: str) -> str:
    return name.replace("_", "")


def loose_columns(table: Table, schema: Schema) -> Table:
    """Header names matched without their ``_`` too (``INA-CBG code`` is ``inacbg_code``), and the other names
    of :data:`COLUMN_ALIASES` (``Pemicu Biaya`` is ``driver``) when the header lacks the column itself."""
    wanted = {compact(c.name): c.name for c in schema.columns}
    for c in schema.columns:
        for alias in COLUMN_ALIASES.get(c.name, ()):
            wanted.setdefault(alias, c.name)
    rename: dict[str, str] = {}
    for c in table.frame.columns:
        target = wanted.get(compact(c)) if isinstance(c, str) and c not in wanted.values() else None
        if target and target not in table.frame.columns and target not in rename.values():
            rename[c] = target
    if rename:
        table.frame = table.frame.rename(columns=rename)
        table.columns_found = [rename.get(c, c) for c in table.columns_found]
    return table


def header_by_aliases(path: Path, table: Table, schema: Schema) -> Table:
    """A table whose header was not found by the contract's names (title rows above a header of other names,
    ``Aktivitas; Tingkat; Pemicu biaya``): the header is looked for again among the first rows by the names of
    :data:`COLUMN_ALIASES`, and the table read again below it. The table as read when none is found."""
    wanted = {compact(c.name): c.name for c in schema.columns}
    for c in schema.columns:
        for alias in COLUMN_ALIASES.get(c.name, ()):
            wanted.setdefault(alias, c.name)
    rows = [list(table.columns_found)] + table.frame.head(HEADER_ROWS).astype(str).to_numpy().tolist()
    if table.text_only and table.source is not None:  # a CSV whose separator was guessed from a title row
        data = table.source.read_bytes()[:65536]
        text = next((data.decode(e) for e in ("utf-8-sig", "cp1252", "latin-1") if _decodes(data, e)), "")
        lines = text.splitlines()[:HEADER_ROWS + 5]
        rows = [next(csv.reader([line], delimiter=sep), []) for sep in (",", ";", "\t") for line in lines]
    for cells in rows:
        names = [normalize_name(v) for v in cells if v is not None and str(v).strip()]
        covered = {wanted.get(compact(n)) for n in names}
        if set(schema.required) <= covered:
            found = [n for n in names if wanted.get(compact(n)) in schema.required]
            try:
                if table.text_only:
                    again = read_csv_table(table.source, required=found, name=table.name, label=table.label)
                else:
                    sheet = table.label[table.label.index("[") + 1:-1]
                    tables, problems = read_workbook(table.source, {normalize_name(sheet): found})
                    if problems:
                        return table
                    again = tables[normalize_name(sheet)]
                    again.name = table.name
            except InputError:
                return table
            return loose_columns(again, schema)
    return table


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def locate(schema: Schema) -> tuple[str, ...]:
    """Columns that find the header below title rows: the plain required names, which rarely come mangled."""
    plain = tuple(c for c in schema.required if "_" not in c)
    return plain or schema.required[:1]
