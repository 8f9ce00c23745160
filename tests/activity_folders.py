"""A small activity folder (invented) and the forms real files come in, for the activity tests.

``EXAMPLE`` holds the tables as Python values; :func:`write_folder` writes them as a clean CSV
folder, as Excel in an Indonesian locale writes them (``;``, decimal comma, thousands dots, ``Rp``),
with a byte-order mark, in Windows-1252, below title rows, with loose file and column names and
Indonesian words, or as one ``.xlsx`` workbook with loose sheet names.
"""

from __future__ import annotations

import copy
from pathlib import Path

# Invented numbers, chosen so that every result can be worked by hand (tests/test_activity_*.py).
EXAMPLE: dict[str, tuple[list[str], list[list[object]]]] = {
    "activities": (["activity", "level", "driver", "cost", "capacity"], [
        ["Pendaftaran pasien", "unit", "jumlah pasien", 1_000_000, None],
        ["Visite dokter", "patient", "hari rawat", 3_000_000, None],
        ["Pelayanan makan", "unit", "hari rawat", 1_500_000, None],
        ["Administrasi gedung", "facility", "luas lantai m2", 2_000_000, None],
        ["Linen – cuci", "batch", "kg linen", 500_000, 1_000],
    ]),
    "resources": (["resource", "category", "amount"], [
        ["gaji perawat", "SVC", 6_000_000],
        ["listrik", "VC", 1_200_000],
    ]),
    "resource_drivers": (["resource", "activity", "weight"], [
        ["gaji perawat", "Visite dokter", 3],
        ["gaji perawat", "Pendaftaran pasien", 1],
        ["listrik", "Pelayanan makan", 1],
        ["listrik", "Linen – cuci", 1],
        ["listrik", "Administrasi gedung", 2],
    ]),
    "cost_objects": (["cost_object", "output", "output_unit", "tariff", "markup"], [
        ["VIP", 100, "hari rawat", 250_000, "20%"],
        ["Kelas I", 200, "hari rawat", 150_000, None],
        ["Kelas III", 500, "hari rawat", 60_000, 0.1],
    ]),
    "driver_quantities": (["driver", "cost_object", "quantity"], [
        ["jumlah pasien", "VIP", 20], ["jumlah pasien", "Kelas I", 50], ["jumlah pasien", "Kelas III", 130],
        ["hari rawat", "VIP", 100], ["hari rawat", "Kelas I", 200], ["hari rawat", "Kelas III", 500],
        ["luas lantai m2", "VIP", 300], ["luas lantai m2", "Kelas I", 300], ["luas lantai m2", "Kelas III", 400],
        ["kg linen", "VIP", 200], ["kg linen", "Kelas I", 300], ["kg linen", "Kelas III", 400.5],
    ]),
    "capacity": (["resource", "cost", "minutes", "practical_share"], [
        ["Bidan", 48_000_000, 100_000, None],
        ["Kamar operasi", 96_000_000, 50_000, "90%"],
    ]),
    "processes": (["service", "resource", "minutes", "times"], [
        ["Operasi SC", "Kamar operasi", 90, None],
        ["Operasi SC", "Bidan", 30, 2],
        ["Persalinan normal", "Bidan", 240, 1],
    ]),
    "materials": (["service", "item", "quantity", "price"], [
        ["Operasi SC", "benang", 2, 75_000],
        ["Operasi SC", "ceftriaxone 1 g", 1, 30_000.5],
    ]),
    "volumes": (["service", "volume"], [["Operasi SC", 300], ["Persalinan normal", 200]]),
    "pathways": (["pathway", "item", "source", "quantity", "price"], [
        ["SC O82.0 kelas III", "hari rawat kelas III", "object:Kelas III", 3, None],
        ["SC O82.0 kelas III", "operasi", "service:Operasi SC", 1, None],
        ["SC O82.0 kelas III", "pemeriksaan darah lengkap", "price", 2, 85_000],
        ["Persalinan normal kelas III", "persalinan", "service:Persalinan normal", 1, None],
        ["Persalinan normal kelas III", "hari rawat kelas III", "object:Kelas III", 2, None],
    ]),
    "pathway_tariffs": (["pathway", "inacbg_code", "tariff", "hospital_tariff"], [
        ["SC O82.0 kelas III", "O-6-10-I", 4_500_000, 5_200_000],
        ["Persalinan normal kelas III", "O-6-13-I", 2_800_000, None],
    ]),
    "cases": (["case", "pathway", "inacbg_code", "class", "los", "tariff"], [
        ["P1", "SC O82.0 kelas III", None, "III", 3, None],
        ["P2", "SC O82.0 kelas III", "O-6-10-II", "III", 5, 5_100_000],
        ["P3", None, "O-6-13-I", "III", 2, 2_800_000],
    ]),
    "case_items": (["case", "item", "quantity", "source", "price"], [
        ["P2", "hari rawat kelas III", 5, None, None],
        ["P2", "operasi", 1, None, None],
        ["P2", "pemeriksaan darah lengkap", 3, None, None],
        ["P2", "transfusi", 1, "price", 350_000],
        ["P3", "persalinan", 1, "service:Persalinan normal", None],
    ]),
}

FORMS = ("clean", "semicolon", "bom", "cp1252", "title", "loose", "xlsx")
LOOSE_FILES = {"activities": "Activities", "cost_objects": "Cost Objects", "driver_quantities": "Driver-Quantities",
               "resource_drivers": "RESOURCE_DRIVERS", "pathway_tariffs": "Pathway Tariffs", "case_items": "Case Items"}
LOOSE_COLUMNS = {"cost_object": "Cost Object", "inacbg_code": "INA-CBG code", "practical_share": "Practical Share",
                 "output_unit": "Output unit", "hospital_tariff": "Hospital Tariff"}
LEVELS_ID = {"unit": "unit", "patient": "pasien", "facility": "fasilitas", "batch": "batch"}


def tables(**changes) -> dict:
    """A deep copy of :data:`EXAMPLE`, with tables replaced or removed (``name=None``)."""
    out = copy.deepcopy(EXAMPLE)
    for name, value in changes.items():
        if value is None:
            out.pop(name, None)
        else:
            out[name] = value
    return out


def _english(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    if isinstance(value, (int, float)):
        return str(int(value))
    return str(value)


def _indonesian(value, column: str) -> str:
    """A number as Excel writes it in an Indonesian locale: 1.234.567,5 (rupiah columns with 'Rp')."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace(".", ",") if value.endswith("%") else value
    whole = int(abs(value))
    text = f"{whole:,}".replace(",", ".")
    frac = abs(value) - whole
    if frac:
        text += "," + repr(round(frac, 6))[2:]
    if column in ("cost", "amount", "price", "tariff", "hospital_tariff") and value >= 1000:
        text = "Rp " + text + ("" if frac else ",-")
    return ("-" if value < 0 else "") + text


def _csv_line(cells: list[str], sep: str) -> str:
    return sep.join(f'"{c}"' if sep in c or '"' in c else c for c in cells)


def write_folder(data: dict, folder: Path, form: str = "clean") -> Path:
    """Write ``data`` (as :data:`EXAMPLE`) to ``folder`` in one of :data:`FORMS`; returns what to pass to
    ``jkncost abc`` (the folder, or the workbook)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if form == "xlsx":
        return _workbook(data, folder / "activity.xlsx")
    for name, (header, rows) in data.items():
        sep = ";" if form == "semicolon" else ","
        names = [LOOSE_COLUMNS.get(c, c) for c in header] if form == "loose" else header
        lines = []
        if form == "title":
            lines += ["RSUD Contoh (data karangan)" + sep * (len(header) - 1), f"Tabel {name}", ""]
        lines.append(_csv_line(names, sep))
        for row in rows:
            if form == "semicolon":
                cells = [_indonesian(v, c) for v, c in zip(row, header)]
            else:
                cells = [_english(v) for v in row]
            if form == "loose" and name == "activities":
                cells[1] = LEVELS_ID[cells[1]]
            lines.append(_csv_line(cells, sep))
        text = "\r\n".join(lines) + "\r\n" if form in ("semicolon", "cp1252") else "\n".join(lines) + "\n"
        encoding = {"bom": "utf-8-sig", "cp1252": "cp1252", "semicolon": "cp1252"}.get(form, "utf-8")
        file = LOOSE_FILES.get(name, name) if form == "loose" else name
        (folder / f"{file}.csv").write_bytes(text.encode(encoding))
    return folder


def _workbook(data: dict, path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, (header, rows) in data.items():
        ws = wb.create_sheet(LOOSE_FILES.get(name, name.replace("_", " ").title()))
        ws.append(["Data karangan: RSUD Contoh"])  # a title row above the header
        ws.append([LOOSE_COLUMNS.get(c, c) for c in header])
        for row in rows:
            cells = []
            for v, c in zip(row, header):
                if isinstance(v, str) and v.endswith("%"):
                    v = float(v[:-1]) / 100  # a percent cell holds its fraction
                if c == "level":
                    v = LEVELS_ID[v]
                cells.append(v)
            ws.append(cells)
    wb.save(path)
    return path
