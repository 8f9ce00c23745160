"""Hospital folder format v3: Indonesian column names, numbers of a ';' file, basis tables, tariff sets,
revenue. One small hospital typed in every form a person makes (CSV ',' and ';', BOM, Windows-1252,
title rows, one .xlsx workbook) gives identical outputs, equal to the arithmetic done by hand below;
each bad input gives one line naming file, row and column, and exit status 2."""

from __future__ import annotations

import pandas as pd
import pytest

from jkncost.cli.main import main

# ---------------------------------------------------------------------------------------------
# The hospital, as values; each form writes it its own way
# ---------------------------------------------------------------------------------------------

CENTERS = (["Pusat Biaya", "Jenis", "Jumlah Output", "Satuan", "Urutan"],
           [["Gedung", "bersama", None, "", None], ["Kantor", "penunjang", None, "", 1],
            ["Laundry", "penunjang", None, "", 2], ["Kelas I", "produksi", 1000, "hari rawat", None],
            ["Hemodialisa", "produksi", 500, "tindakan", None]])
COSTS = (["pusat_biaya", "Kategori", "Komponen Biaya", "Jumlah"],
         [["Gedung", "biaya tetap", "AIC gedung (m²)", 1_000_000], ["Kantor", "biaya semi variabel", "gaji", 400_000],
          ["Kantor", "BV", "ATK", 100_000], ["Laundry", "biaya variabel", "BHP", 200_000],
          ["Kelas I", "BT", "AIC alat", 300_000], ["Kelas I", "BSV", "gaji", 500_000],
          ["Kelas I", "BV", "BHP", 250_000], ["Hemodialisa", "BT", "AIC alat", 600_000],
          ["Hemodialisa", "BSV", "gaji", 200_000], ["Hemodialisa", "BV", "BHP", 150_000.5]])
BASES = (["Unit Penunjang", "Kategori", "Komponen", "Dasar Alokasi", "Unit", "Bobot"],
         [["Gedung", "", "", "luas lantai", "", None], ["Kantor", "", "", "pegawai", "", None],
          ["Laundry", "", "", "kg linen", "Kelas I", 80], ["Laundry", "", "", "kg linen", "Hemodialisa", 20]])
BASIS_WEIGHTS = (["Dasar", "Pusat Biaya", "Nilai Dasar"],
                 [["luas lantai", "Gedung", 10], ["luas lantai", "Kantor", 20], ["luas lantai", "Laundry", 30],
                  ["luas lantai", "Kelas I", 1740], ["luas lantai", "Hemodialisa", 50],
                  ["pegawai", "Kantor", 2], ["pegawai", "Laundry", 3], ["pegawai", "Kelas I", 10.5],
                  ["pegawai", "Hemodialisa", 4.5]])
TARIFFS = (["Unit", "Kelompok Tarif", "Tarif", "Sumber"],
           [["Kelas I", "Perda 2016", 1_500, "Perda"], ["Kelas I", "INA-CBG", 2_000, "Permenkes"],
            ["Hemodialisa", "single use", 600_000, "RS"], ["Hemodialisa", "reuse", 520_000, "RS"]])
REVENUE = (["Unit", "Realisasi Pendapatan"], [["Kelas I", 2_000_000], ["Hemodialisa", 1_000_000]])
TABLES = {"cost_centers": CENTERS, "costs": COSTS, "allocation_bases": BASES, "basis_weights": BASIS_WEIGHTS,
          "tariffs": TARIFFS, "revenue": REVENUE}


def _indonesian(x: float) -> str:
    """1740 -> '1.740', 10.5 -> '10,5', 150000.5 -> '150.000,5' (what Excel writes in an Indonesian locale)."""
    whole, _, frac = f"{x:.6f}".rstrip("0").rstrip(".").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + frac if frac else "")


def _cell(v, style: str) -> str:
    if v is None:
        return ""
    if isinstance(v, (int, float)):
        return _indonesian(v) if style == ";" else str(int(v)) if float(v).is_integer() else str(v)
    return str(v)


def write_form(folder, form: str):
    """The hospital in one form: 'comma', 'semicolon', 'bom', 'cp1252', 'title' (CSV) or 'xlsx'."""
    folder.mkdir(parents=True, exist_ok=True)
    if form == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for name, (header, rows) in TABLES.items():
            ws = wb.create_sheet(name.replace("_", " ").title())  # 'Cost Centers': names match loosely
            ws.append([f"RSUD Contoh, {name}"])  # a title row above the header
            ws.append(header)
            for row in rows:
                ws.append(row)
        path = folder / "rs.xlsx"
        wb.save(path)
        return path
    sep = "," if form == "comma" else ";"
    for name, (header, rows) in TABLES.items():
        lines = [sep.join(header)] + [sep.join(_cell(v, sep) for v in row) for row in rows]
        if form == "title":
            lines = ["Rumah Sakit Contoh - Tahun 2024", ""] + lines
        text = "\r\n".join(lines) + "\r\n"
        data = (text.encode("utf-8-sig") if form == "bom" else text.encode("cp1252") if form == "cp1252" else
                text.encode("utf-8"))
        (folder / f"{name}.csv").write_bytes(data)
    return folder


FORMS = ["comma", "semicolon", "bom", "cp1252", "title", "xlsx"]


# ---------------------------------------------------------------------------------------------
# The arithmetic by hand (double distribution)
# ---------------------------------------------------------------------------------------------
# Pool Gedung (FC 1,000,000) by floor area over support and production (never itself): Kantor 20,
# Laundry 30, Kelas I 1,740, Hemodialisa 50 of 1,840. Stage 1: Kantor's own cost by staff over the
# others: Laundry 3, Kelas I 10.5, Hemodialisa 4.5 of 18; Laundry's own cost by linen kg: Kelas I 0.8,
# Hemodialisa 0.2. Stage 2: what Laundry received from Kantor (3/18) by linen kg again.

def by_hand() -> dict[str, dict[str, float]]:
    direct = {  # category -> (Kantor, Laundry, Kelas I, Hemodialisa, Gedung)
        "FC": (0.0, 0.0, 300_000.0, 600_000.0, 1_000_000.0),
        "SVC": (400_000.0, 0.0, 500_000.0, 200_000.0, 0.0),
        "VC": (100_000.0, 200_000.0, 250_000.0, 150_000.5, 0.0),
    }
    out = {"Kelas I": {}, "Hemodialisa": {}}
    for cat, (k, lau, ki, hd, pool) in direct.items():
        k, lau = k + pool * 20 / 1840, lau + pool * 30 / 1840
        ki, hd = ki + pool * 1740 / 1840, hd + pool * 50 / 1840
        received = k * 3 / 18
        out["Kelas I"][cat] = ki + k * 10.5 / 18 + (lau + received) * 0.8
        out["Hemodialisa"][cat] = hd + k * 4.5 / 18 + (lau + received) * 0.2
    result = {}
    for center, q in (("Kelas I", 1000.0), ("Hemodialisa", 500.0)):
        c = out[center]
        tc = (c["FC"] + c["SVC"] + c["VC"], c["SVC"] + c["VC"], c["VC"])
        result[center] = {"TC1": tc[0], "TC2": tc[1], "TC3": tc[2], "UC1": tc[0] / q, "UC2": tc[1] / q,
                          "UC3": tc[2] / q}
    return result


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Each form run through `jkncost unitcost`: its four output files as text."""
    got = {}
    for form in FORMS:
        base = tmp_path_factory.mktemp(form)
        hospital = write_form(base / "rs", form)
        out = base / "out"
        assert main(["unitcost", str(hospital), "--method", "double", "--out", str(out)]) == 0, form
        got[form] = {f: (out / f).read_text() for f in ("unit_cost.csv", "allocation.csv", "crr.csv",
                                                          "cost_recovery.csv")}
    return got


def test_every_form_gives_identical_outputs(outputs):
    first = outputs["comma"]
    for form in FORMS[1:]:
        assert outputs[form] == first, form


def test_unit_costs_crr_per_tariff_set_and_cost_recovery_equal_the_arithmetic_by_hand(outputs, tmp_path):
    (tmp_path / "uc.csv").write_text(outputs["semicolon"]["unit_cost.csv"])
    (tmp_path / "crr.csv").write_text(outputs["semicolon"]["crr.csv"])
    (tmp_path / "cr.csv").write_text(outputs["semicolon"]["cost_recovery.csv"])
    uc = pd.read_csv(tmp_path / "uc.csv").set_index("center")
    want = by_hand()
    for center, values in want.items():
        for col, v in values.items():
            assert uc.loc[center, col] == pytest.approx(v, abs=1e-4), (center, col)
    # several tariff sets: unit_cost.csv has no tariff columns, crr.csv one row per center and set
    assert "tariff" not in uc.columns
    crr = pd.read_csv(tmp_path / "crr.csv")
    assert list(crr.columns) == ["center", "tariff_set", "tariff", "UC1", "UC2", "UC3", "CRR1", "CRR2", "CRR3"]
    assert list(zip(crr["center"], crr["tariff_set"])) == [("Kelas I", "INA-CBG"), ("Kelas I", "Perda 2016"),
                                                           ("Hemodialisa", "reuse"), ("Hemodialisa", "single use")]
    tariff = {"INA-CBG": 2000, "Perda 2016": 1500, "reuse": 520_000, "single use": 600_000}
    for row in crr.itertuples(index=False):
        for k in (1, 2, 3):
            assert getattr(row, f"CRR{k}") == pytest.approx(100 * tariff[row.tariff_set] / want[row.center][f"UC{k}"],
                                                            abs=1e-4)
    cr = pd.read_csv(tmp_path / "cr.csv")
    assert list(cr.columns) == ["center", "TC1", "revenue", "cost_recovery", "surplus"]
    assert cr["center"].tolist() == ["Kelas I", "Hemodialisa", "TOTAL"]
    tc1 = [want["Kelas I"]["TC1"], want["Hemodialisa"]["TC1"]]
    revenue = [2_000_000, 1_000_000]
    assert cr["surplus"].tolist() == pytest.approx([revenue[0] - tc1[0], revenue[1] - tc1[1],
                                                    sum(revenue) - sum(tc1)], abs=1e-4)
    assert cr["cost_recovery"].iloc[-1] == pytest.approx(100 * sum(revenue) / sum(tc1), abs=1e-6)


def test_basis_table_reference_equals_the_rows_typed_out(tmp_path):
    # the same hospital with the two tables typed out row by row, as v2 needed
    global_tables = dict(TABLES)
    rows = [r for r in BASES[1] if r[4]]
    for basis, sender in (("luas lantai", "Gedung"), ("pegawai", "Kantor")):
        for b, center, w in BASIS_WEIGHTS[1]:
            if b == basis and center != sender and center != "Gedung":
                rows.append([sender, "", "", basis, center, w])
    TABLES["allocation_bases"] = (BASES[0], rows)
    del TABLES["basis_weights"]
    try:
        folder = write_form(tmp_path / "typed_out", "comma")
    finally:
        TABLES.clear()
        TABLES.update(global_tables)
    ref = write_form(tmp_path / "by_table", "comma")
    for f, o in ((folder, tmp_path / "o1"), (ref, tmp_path / "o2")):
        assert main(["unitcost", str(f), "--out", str(o)]) == 0
    for name in ("unit_cost.csv", "allocation.csv"):
        assert (tmp_path / "o1" / name).read_text() == (tmp_path / "o2" / name).read_text()


def test_one_tariff_set_keeps_tariff_and_crr_in_unit_cost_and_writes_crr_csv(tmp_path):
    saved = TABLES["tariffs"]
    TABLES["tariffs"] = (["center", "tariff"], [["Kelas I", 1500], ["Hemodialisa", 600_000]])
    try:
        folder = write_form(tmp_path / "rs", "comma")
    finally:
        TABLES["tariffs"] = saved
    assert main(["unitcost", str(folder), "--out", str(tmp_path / "o")]) == 0
    uc = pd.read_csv(tmp_path / "o" / "unit_cost.csv").set_index("center")
    crr = pd.read_csv(tmp_path / "o" / "crr.csv")
    assert crr["tariff_set"].tolist() == ["tariff", "tariff"]
    assert uc.loc["Kelas I", "CRR1"] == pytest.approx(100 * 1500 / by_hand()["Kelas I"]["UC1"])
    assert crr.set_index("center").loc["Kelas I", "CRR1"] == pytest.approx(uc.loc["Kelas I", "CRR1"])


def test_semicolon_file_reads_dot_as_thousands_and_comma_as_decimals_even_beside_a_point_decimal(tmp_path):
    from jkncost.costing import read_hospital

    folder = write_form(tmp_path / "rs", "semicolon")
    text = (folder / "basis_weights.csv").read_text()
    (folder / "basis_weights.csv").write_text(text.replace("10,5", "10.5"))  # a point decimal only one way reads
    h = read_hospital(folder)
    w = h.bases[(h.bases["support_center"] == "Gedung")].set_index("center")["weight"]
    assert w["Kelas I"] == 1740  # '1.740' is one thousand seven hundred forty
    w = h.bases[(h.bases["support_center"] == "Kantor")].set_index("center")["weight"]
    assert w["Kelas I"] == 10.5
    assert h.costs.set_index(["center", "category"]).loc[("Hemodialisa", "VC"), "amount"] == 150_000.5


# ---------------------------------------------------------------------------------------------
# Bad input: one line naming file, row and column; exit 2; nothing written
# ---------------------------------------------------------------------------------------------

def _broken(tmp_path, table: str, header=None, rows=None, edit=None):
    saved = TABLES[table]
    TABLES[table] = (header or saved[0], rows if rows is not None else saved[1])
    try:
        folder = write_form(tmp_path / "rs", "semicolon")
    finally:
        TABLES[table] = saved
    return folder


def _one_error(folder, capsys, tmp_path) -> str:
    out = tmp_path / "out"
    assert main(["unitcost", str(folder), "--out", str(out)]) == 2
    assert not out.exists()
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1, err
    return err[0].removeprefix("jkncost unitcost: error: ")


def test_a_header_matching_no_name_is_reported_with_the_expected_names_and_the_closest(tmp_path, capsys):
    folder = _broken(tmp_path, "costs", header=["Pusat Biaya", "Kategori", "Komponen", "Jumlh"])
    line = _one_error(folder, capsys, tmp_path)
    assert line.startswith("costs.csv:1: column 'amount': required column is missing")
    assert "'jumlah'" in line and "did you mean 'Jumlh'?" in line


def test_explicit_rows_and_a_table_reference_for_one_rule_are_refused(tmp_path, capsys):
    rows = BASES[1] + [["Kantor", "", "", "pegawai", "Kelas I", 3]]
    line = _one_error(_broken(tmp_path, "allocation_bases", rows=rows), capsys, tmp_path)
    assert line.startswith("allocation_bases.csv:3: column 'basis': the rule of 'Kantor'")
    assert "first at row 6" in line and "keep one" in line


def test_a_reference_to_a_basis_without_a_table_is_refused(tmp_path, capsys):
    rows = [list(r) for r in BASES[1]]
    rows[1][3] = "staf"
    line = _one_error(_broken(tmp_path, "allocation_bases", rows=rows), capsys, tmp_path)
    assert line.startswith("allocation_bases.csv:3: column 'basis': basis 'staf' has no table in basis_weights.csv")
    assert "'luas lantai', 'pegawai'" in line


def test_a_duplicate_center_and_tariff_set_is_refused(tmp_path, capsys):
    rows = TARIFFS[1] + [["Kelas I", "INA-CBG", 2_100, ""]]
    line = _one_error(_broken(tmp_path, "tariffs", rows=rows), capsys, tmp_path)
    assert line.startswith("tariffs.csv:6: column 'tariff_set': duplicate tariff for the same center and tariff_set")
    assert "first at row 3" in line


def test_revenue_of_a_support_center_is_refused(tmp_path, capsys):
    line = _one_error(_broken(tmp_path, "revenue", rows=[["Kantor", 5_000]]), capsys, tmp_path)
    assert line.startswith("revenue.csv:2: column 'center': revenue for support center 'Kantor'")


def test_a_basis_table_naming_an_unknown_center_is_refused(tmp_path, capsys):
    rows = BASIS_WEIGHTS[1] + [["pegawai", "Farmasi", 2]]
    line = _one_error(_broken(tmp_path, "basis_weights", rows=rows), capsys, tmp_path)
    assert line == "basis_weights.csv:11: column 'center': unknown center 'Farmasi' (not in cost_centers)"


def test_two_headers_meaning_one_column_are_refused(tmp_path, capsys):
    header = ["Pusat Biaya", "Unit", "Kategori", "Komponen", "Jumlah"]
    rows = [[r[0], r[0], *r[1:]] for r in COSTS[1]]
    line = _one_error(_broken(tmp_path, "costs", header=header, rows=rows), capsys, tmp_path)
    assert line.startswith("costs.csv:1: column 'center': columns 'Pusat Biaya' and 'Unit' both mean 'center'")


# ---------------------------------------------------------------------------------------------
# The audit workbook on a v3 folder
# ---------------------------------------------------------------------------------------------

def test_workbook_accepts_a_v3_folder_with_crr_per_tariff_set_and_cost_recovery(tmp_path, outputs):
    import openpyxl

    folder = write_form(tmp_path / "rs", "semicolon")
    book = tmp_path / "audit.xlsx"
    assert main(["workbook", str(folder), "--out", str(book)]) == 0
    wb = openpyxl.load_workbook(book)
    assert {"tariffs", "revenue", "crr", "cost_recovery"} <= set(wb.sheetnames)
    crr = wb["crr"]
    assert [c.value for c in crr[1]] == ["center", "tariff_set", "tariff", "UC1", "UC2", "UC3", "CRR1", "CRR2",
                                         "CRR3"]
    assert crr["C2"].value.startswith("=tariffs!B") and crr["G2"].value == '=IF(OR(C2="",D2="",D2=0),"",100*C2/D2)'
    rec = wb["cost_recovery"]
    assert rec["A4"].value == "TOTAL" and rec["C4"].value == "=SUM(C2:C3)" and rec["E2"].value == "=C2-B2"
    # the values layout holds the engine's numbers, those of crr.csv and cost_recovery.csv
    values = tmp_path / "values.xlsx"
    assert main(["workbook", str(folder), "--values", "--out", str(values)]) == 0
    wb = openpyxl.load_workbook(values)
    (tmp_path / "crr.csv").write_text(outputs["semicolon"]["crr.csv"])
    want = pd.read_csv(tmp_path / "crr.csv")
    got = pd.DataFrame(list(wb["crr"].iter_rows(min_row=2, values_only=True)), columns=list(want.columns))
    pd.testing.assert_frame_equal(got, want, check_dtype=False, atol=1e-4)
    # the basis tables are written out as the rows they stand for, the engine's own
    bases = pd.DataFrame(list(wb["allocation_bases"].iter_rows(min_row=2, values_only=True)))
    assert (bases[0] == "Kantor").sum() == 3 and (bases[0] == "Gedung").sum() == 4


def test_workbook_lang_id_has_indonesian_sheets_and_headers_and_still_reads_as_the_hospital(tmp_path):
    import re

    import openpyxl

    from jkncost.costing import read_hospital, unit_cost

    folder = write_form(tmp_path / "rs", "comma")
    book = tmp_path / "audit_id.xlsx"
    assert main(["workbook", str(folder), "--lang", "id", "--bor", "0.8", "--out", str(book)]) == 0
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:4] == ["baca_saya", "parameter", "pusat_biaya", "biaya"]
    assert {"dasar_alokasi", "tarif", "pendapatan", "biaya_satuan", "crr", "pemulihan_biaya", "periksa"} <= \
        set(wb.sheetnames)
    assert [c.value for c in wb["biaya_satuan"][1]][:2] == ["pusat biaya", "luaran"]
    assert [c.value for c in wb["dasar_alokasi"][1]] == ["unit penunjang", "kategori", "komponen", "dasar alokasi",
                                                         "pusat biaya", "bobot"]
    english = re.compile(r"(?<![\w.'])(unit_cost|after_allocation|cost_centers|costs|tariffs|shares|stage_1|"
                         r"stage_2|parameters|revenue)!")
    formulas = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(formulas) > 100 and not [f for f in formulas if english.search(f)]
    assert wb["biaya_satuan"]["C2"].value.startswith("=setelah_alokasi!")
    assert not [d for d in wb.defined_names.values() if english.search(d.attr_text)]
    # the Indonesian workbook is itself a hospital workbook: its input sheets give the same unit costs
    a = unit_cost(read_hospital(book)).unit_cost
    b = unit_cost(read_hospital(folder)).unit_cost
    pd.testing.assert_frame_equal(a.drop(columns=["tariff", "CRR1", "CRR2", "CRR3"], errors="ignore"),
                                  b.drop(columns=["tariff", "CRR1", "CRR2", "CRR3"], errors="ignore"))
    # English stays the default: the format's names
    assert main(["workbook", str(folder), "--out", str(tmp_path / "en.xlsx")]) == 0
    assert "unit_cost" in openpyxl.load_workbook(tmp_path / "en.xlsx").sheetnames


def test_allocation_bases_of_table_references_only_may_leave_out_center_and_weight(tmp_path):
    saved = TABLES["allocation_bases"]
    TABLES["allocation_bases"] = (["Unit Penunjang", "Dasar Alokasi"], [["Gedung", "luas lantai"],
                                                                        ["Kantor", "pegawai"],
                                                                        ["Laundry", "pegawai"]])
    try:
        folder = write_form(tmp_path / "rs", "title")
    finally:
        TABLES["allocation_bases"] = saved
    from jkncost.costing import read_hospital

    h = read_hospital(folder)
    laundry = h.bases[h.bases["support_center"] == "Laundry"].set_index("center")["weight"]
    assert laundry.to_dict() == {"Kantor": 2.0, "Kelas I": 10.5, "Hemodialisa": 4.5}  # the staff table, not itself
    # without basis_weights the two columns are required, as before
    (folder / "basis_weights.csv").unlink()
    from jkncost.costing import validate_hospital

    lines = [str(p) for p in validate_hospital(folder)]
    assert any("column 'center': required column is missing" in line for line in lines)
