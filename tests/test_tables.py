"""Spreadsheets as they arrive: the same hospital in every everyday form reads exactly like the clean folder."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from jkncost.cli.main import main
from jkncost.costing import read_hospital, validate_hospital
from jkncost.errors import InputError
from jkncost.tables import read_table

from .conftest import write_hospital

TABLES = ("cost_centers", "costs", "allocation_bases")
KIND_ID = {"support": "Penunjang", "production": "PRODUKSI"}
CATEGORY_ID = {"FC": "Biaya Tetap", "SVC": "biaya semi variabel", "VC": "BV"}


def indonesian(text: str) -> str:
    """A number as Excel shows it in an Indonesian locale: '.' groups thousands, ',' marks decimals."""
    if text == "":
        return text
    shown = f"{float(text):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return shown.removesuffix(",00")


def raw(example_dir, name) -> pd.DataFrame:
    return pd.read_csv(example_dir / f"{name}.csv", dtype=str, keep_default_na=False)


def assert_same_hospital(a, b):
    """Every frame the engine uses, identical (values and types)."""
    for attr in ("centers", "costs", "bases"):
        pd.testing.assert_frame_equal(getattr(a, attr), getattr(b, attr), check_exact=True)
    assert (a.assets is None) == (b.assets is None) and (a.tariffs is None) == (b.tariffs is None)
    assert a.notes == b.notes


def unit_cost_files(hospital, out, method="reciprocal"):
    assert main(["unitcost", str(hospital), "--method", method, "--bor", "0.8", "--out", str(out)]) == 0
    return {name: (out / name).read_bytes() for name in ("unit_cost.csv", "allocation.csv")}


@pytest.fixture
def semicolon_folder(example_dir, tmp_path):
    """Excel in an Indonesian locale: ';', a BOM, a title row, decimal commas, grouped thousands, Indonesian words."""
    folder = tmp_path / "rs_titik_koma"
    folder.mkdir()
    for name in TABLES:
        df = raw(example_dir, name)
        if "kind" in df:
            df["kind"] = df["kind"].map(KIND_ID)
        if "category" in df:
            df["category"] = df["category"].map(CATEGORY_ID)
        for column in ("output", "beds", "amount", "weight"):
            if column in df:
                df[column] = df[column].map(indonesian)
        text = "Data RSUD Contoh, tahun anggaran 2024;;\n" + df.to_csv(sep=";", index=False)
        (folder / f"{name}.csv").write_bytes(text.encode("utf-8-sig"))
    return folder


def test_semicolon_bom_decimal_commas_and_indonesian_words_read_identically(semicolon_folder, example_dir, tmp_path):
    text = (semicolon_folder / "costs.csv").read_text(encoding="utf-8-sig")
    assert "Biaya Tetap;AIC gedung;120.000.000" in text  # the form under test, not a clean copy
    assert "9.000" in (semicolon_folder / "cost_centers.csv").read_text(encoding="utf-8-sig")
    assert_same_hospital(read_hospital(semicolon_folder), read_hospital(example_dir))
    assert unit_cost_files(semicolon_folder, tmp_path / "a") == unit_cost_files(example_dir, tmp_path / "b")


def test_windows_1252_with_a_non_ascii_center_name(example_dir, tmp_path):
    clean, legacy = tmp_path / "clean", tmp_path / "legacy"
    for folder in (clean, legacy):
        folder.mkdir()
    for name in TABLES:
        text = (example_dir / f"{name}.csv").read_text(encoding="utf-8").replace("Poli Umum", "Poli Umum – Café Sehat")
        (clean / f"{name}.csv").write_text(text, encoding="utf-8")
        (legacy / f"{name}.csv").write_bytes(text.encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        (legacy / "costs.csv").read_bytes().decode("utf-8")
    a, b = read_hospital(clean), read_hospital(legacy)
    assert "Poli Umum – Café Sehat" in b.names
    assert_same_hospital(a, b)
    assert unit_cost_files(legacy, tmp_path / "a", "double") == unit_cost_files(clean, tmp_path / "b", "double")


def workbook(example_dir, book, sheet_names, title_rows=2, edit=None):
    """The example hospital as a workbook with title rows above each header and sheets named as given."""
    with pd.ExcelWriter(book) as xl:
        for name in TABLES:
            df = pd.read_csv(example_dir / f"{name}.csv")
            if edit is not None:
                df = edit(name, df)
            df.to_excel(xl, sheet_name=sheet_names[name], index=False, startrow=title_rows)
            if title_rows:
                xl.sheets[sheet_names[name]]["A1"] = f"RSUD Contoh - {name}"
    return book


def test_workbook_with_title_rows_and_loose_sheet_names(example_dir, tmp_path):
    def as_text(name, df):  # numbers stored as text, as people paste them
        if name == "costs":
            df["amount"] = [f"Rp {v:,.0f},-".replace(",", ".").replace(".-", ",-") for v in df["amount"]]
        return df

    book = workbook(example_dir, tmp_path / "rs.xlsx",
                    {"cost_centers": "Cost Centers", "costs": "COSTS", "allocation_bases": "allocation-bases "},
                    edit=as_text)
    assert openpyxl.load_workbook(book)["COSTS"]["D4"].value == "Rp 120.000.000,-"
    assert_same_hospital(read_hospital(book), read_hospital(example_dir))
    assert unit_cost_files(book, tmp_path / "a", "stepdown") == unit_cost_files(example_dir, tmp_path / "b", "stepdown")


def test_workbook_error_names_the_row_below_title_rows(example_dir, tmp_path):
    def negative(name, df):
        if name == "costs":
            df.loc[3, "amount"] = -1
        return df

    book = workbook(example_dir, tmp_path / "rs.xlsx", {n: n for n in TABLES}, title_rows=2, edit=negative)
    # header on row 3, first data row 4: the fourth cost is on row 7
    assert [str(p) for p in validate_hospital(book)] == ["rs.xlsx[costs]:7: column 'amount': negative amount -1: "
                                                         "must be >= 0"]


def test_missing_sheet_names_those_found_and_expected(example_dir, tmp_path):
    book = workbook(example_dir, tmp_path / "rs.xlsx",
                    {"cost_centers": "Daftar Unit", "costs": "costs", "allocation_bases": "bases"})
    line = str(validate_hospital(book)[0])
    assert line.startswith("rs.xlsx[cost_centers]: required sheet is missing")
    assert "sheets found: Daftar Unit, costs, bases" in line and "expected: cost_centers, costs" in line


def test_indonesian_sheet_names_are_read(example_dir, tmp_path):
    book = workbook(example_dir, tmp_path / "rs.xlsx",
                    {"cost_centers": "Pusat Biaya", "costs": "Biaya", "allocation_bases": "Dasar Alokasi"})
    assert validate_hospital(book) == []


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_xls_and_ods_are_told_to_save_as_xlsx(tmp_path, capsys, suffix):
    book = tmp_path / f"rs{suffix}"
    book.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    assert main(["validate", str(book)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f": rs{suffix}: " in err[0] and "save it as .xlsx" in err[0]


def test_formulas_without_saved_values_are_refused_in_one_line(example_dir, tmp_path, capsys):
    book = workbook(example_dir, tmp_path / "rs.xlsx", {n: n for n in TABLES}, title_rows=0)
    wb = openpyxl.load_workbook(book)
    wb["costs"]["D3"] = "=D2/2"  # openpyxl writes the formula, never its value
    wb.save(book)
    out = tmp_path / "out"
    assert main(["unitcost", str(book), "--method", "double", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "rs.xlsx[costs]:3: column 'amount': formula cells have no saved values" in err[0]
    assert "open it in Excel or LibreOffice, save it" in err[0]
    assert not out.exists()


def test_title_rows_above_a_csv_header(example_dir, hospital_copy):
    path = hospital_copy / "costs.csv"
    path.write_text("Rincian biaya RSUD Contoh\nTahun 2024,,,\n\n" + path.read_text())
    assert_same_hospital(read_hospital(hospital_copy), read_hospital(example_dir))
    t = read_table(path, required=("center", "amount"))
    assert t.header == 4 and t.frame.index[0] == 5


def test_loosely_named_files_and_columns(example_dir, hospital_copy):
    (hospital_copy / "cost_centers.csv").rename(hospital_copy / "Cost Centers.CSV")
    path = hospital_copy / "costs.csv"
    path.write_text(path.read_text().replace("center,category,component,amount", "Center,Category,Component,Amount"))
    assert_same_hospital(read_hospital(hospital_copy), read_hospital(example_dir))


# ---- numbers as people type them ---------------------------------------------------------------

def bases_with(tmp_path, weights: list[str], sep=",", name="h"):
    """Support A spreads to production P1..Pn by ``weights`` (typed text)."""
    n = len(weights)
    centers = "center,kind,output\nA,support,\n" + "\n".join(f"P{i},production,10" for i in range(1, n + 1))
    costs = "center,category,component,amount\nA,SVC,gaji,1000000\n" + "\n".join(
        f"P{i},VC,bhp,100" for i in range(1, n + 1))
    lines = [sep.join(["support_center", "basis", "center", "weight"])]
    lines += [sep.join(["A", "floor area m2", f"P{i}", w]) for i, w in enumerate(weights, 1)]
    return write_hospital(tmp_path / name, centers, costs, "\n".join(lines))


def weights_of(folder):
    return read_hospital(folder).bases["weight"].tolist()


def test_a_decimal_fraction_settles_the_file_for_its_ambiguous_weights(tmp_path):
    """0.125 can never be a thousands group: '.' is the decimal point, so 58.239 is 58.239 m2."""
    assert weights_of(bases_with(tmp_path, ["0.125", "58.239", "1.107"])) == [0.125, 58.239, 1.107]


def test_a_decimal_comma_settles_the_file(tmp_path):
    assert weights_of(bases_with(tmp_path, ['"1,5"', "1.107", "2.000"])) == [1.5, 1107.0, 2000.0]


def test_a_semicolon_file_reads_58_239_with_a_decimal_comma(tmp_path):
    """Excel writes ';' where ',' is the decimal mark: 58,239 m2 is fifty-eight point two three nine."""
    assert weights_of(bases_with(tmp_path, ["58,239", "12", "0,5"], sep=";")) == [58.239, 12.0, 0.5]
    assert weights_of(bases_with(tmp_path, ["58,239", "1.107"], sep=";", name="h2")) == [58.239, 1107.0]


def test_percent_weights(tmp_path):
    folder = bases_with(tmp_path, ["25%", "75%", "12,5%"], sep=";")
    assert weights_of(folder) == pytest.approx([0.25, 0.75, 0.125])


def test_percent_is_refused_for_an_amount(hospital_copy):
    path = hospital_copy / "costs.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",10%"
    path.write_text("\n".join(lines) + "\n")
    [problem] = validate_hospital(hospital_copy)
    assert (problem.row, problem.column) == (2, "amount") and "a percent is not accepted here" in problem.message


def test_an_ambiguous_file_is_refused_once_with_rows_and_weights_advice(tmp_path, capsys):
    weights = [f"{i}.{(37 * i) % 1000:03d}" for i in range(1, 41)]
    folder = bases_with(tmp_path, weights)
    out = tmp_path / "out"
    assert main(["unitcost", str(folder), "--method", "double", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    line = err[0]
    assert "allocation_bases.csv:2: column 'weight': ambiguous weight '1.037'" in line
    assert "also rows 3, 4, 5, 6, 7 and 34 more" in line
    assert "floor area" in line and "rupiah" not in line  # advice about weights
    assert not out.exists()
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and err[1] == f"1 problem(s) in {folder}"


def test_an_ambiguous_amount_gets_rupiah_advice(hospital_copy):
    path = hospital_copy / "costs.csv"
    path.write_text(path.read_text().replace(",120000000\n", ",1.234\n", 1))
    [problem] = validate_hospital(hospital_copy)
    assert problem.message.startswith("ambiguous amount '1.234': ") and "rupiah" in problem.message


def test_no_follow_on_error_for_a_value_already_reported(example_dir, hospital_copy):
    """Farmasi's weights are all unreadable: that is the problem, not 'Farmasi has no receiver'."""
    df = raw(example_dir, "allocation_bases")
    df.loc[df["support_center"] == "Farmasi", "weight"] = "banyak"
    df.to_csv(hospital_copy / "allocation_bases.csv", index=False)
    problems = validate_hospital(hospital_copy)
    assert problems and all(p.column == "weight" and "not a number: 'banyak'" in p.message for p in problems)
    assert len(problems) == int((df["support_center"] == "Farmasi").sum())


def test_unknown_word_lists_the_accepted_ones(hospital_copy):
    path = hospital_copy / "costs.csv"
    path.write_text(path.read_text().replace(",FC,", ",Biaya Modal,", 1))
    [problem] = validate_hospital(hospital_copy)
    assert problem.message.startswith("unknown category 'Biaya Modal': use FC (biaya tetap, BT, biaya investasi)")
    assert "biaya operasional tidak tetap" in problem.message


@pytest.mark.parametrize("word, category", [("biaya tetap", "FC"), ("BT", "FC"), ("Biaya Investasi", "FC"),
                                            ("BIAYA SEMI VARIABEL", "SVC"), ("bsv", "SVC"),
                                            ("biaya operasional tetap", "SVC"), ("Biaya Pemeliharaan", "SVC"),
                                            ("biaya variabel", "VC"), ("BV", "VC"),
                                            ("biaya operasional tidak tetap", "VC"), (" svc ", "SVC")])
def test_indonesian_categories(tmp_path, word, category):
    folder = write_hospital(tmp_path / "h", "center,kind,output\nP,produksi,10",
                            f"center,category,component,amount\nP,{word},x,100")
    assert read_hospital(folder).costs["category"].tolist() == [category]


@pytest.mark.parametrize("word, kind", [("Penunjang", "support"), ("produksi", "production"),
                                        ("BERSAMA", "shared"), ("biaya bersama", "shared")])
def test_indonesian_kinds(tmp_path, word, kind):
    output = "5" if kind == "production" else ""
    folder = write_hospital(tmp_path / "h", f"center,kind,output\nX,{word},{output}\nP,production,10",
                            "center,category,component,amount\nX,SVC,x,100\nP,VC,x,1",
                            "support_center,basis,center,weight\nX,staff,P,1" if kind != "production" else None)
    assert read_hospital(folder).centers["kind"].tolist() == [kind, "production"]


# ---- other tables through the same reader ----------------------------------------------------

def test_a_cohort_with_semicolons_and_indonesian_numbers_reads_like_the_clean_one(tmp_path):
    from jkncost.cohort import read_cohort
    from jkncost.core import paths

    clean = paths.raw("caesarean", "cohort_template.csv")
    df = pd.read_csv(clean, dtype=str, keep_default_na=False)
    money = [c for c in df.columns if c.startswith("cost_") or c.endswith("_tariff")]
    for c in money:
        df[c] = df[c].map(indonesian)
    df["age"] = df["age"].map(lambda a: a.replace(".", ","))
    local = tmp_path / "kohort.csv"
    local.write_bytes(("Ekspor SIMRS;;\n" + df.to_csv(sep=";", index=False)).encode("cp1252"))
    assert "450.000" in local.read_text(encoding="cp1252")  # single-group thousands: ambiguous on its own
    pd.testing.assert_frame_equal(read_cohort(local), read_cohort(clean))


def test_a_published_figure_file_as_a_workbook_sheet(tmp_path):
    book = tmp_path / "published.xlsx"
    with pd.ExcelWriter(book) as xl:
        pd.DataFrame({"x": [1]}).to_excel(xl, sheet_name="notes", index=False)
        pd.DataFrame({"figure": ["UC3 VIP"], "published": ["Rp 1.234.567,-"]}).to_excel(
            xl, sheet_name="Published Figures", index=False, startrow=1)
    t = read_table(book, sheet="published_figures", required=("figure", "published"))
    assert t.label == "published.xlsx[Published Figures]" and t.header == 2
    assert t.frame.loc[3].tolist() == ["UC3 VIP", "Rp 1.234.567,-"]


def test_a_csv_that_cannot_be_parsed_names_the_line(hospital_copy):
    path = hospital_copy / "costs.csv"
    path.write_text(path.read_text() + 'Kantor,VC,"unclosed,5\n')
    [problem] = validate_hospital(hospital_copy)
    assert problem.file == "costs.csv" and "cannot read as CSV" in problem.message
    with pytest.raises(InputError):
        read_hospital(hospital_copy)


def test_raw_files_are_never_modified(semicolon_folder, tmp_path):
    before = {p.name: p.read_bytes() for p in semicolon_folder.iterdir()}
    unit_cost_files(semicolon_folder, tmp_path / "o")
    assert {p.name: p.read_bytes() for p in semicolon_folder.iterdir()} == before


def test_weights_round_trip_exactly(tmp_path):
    """Vectorized and per-value readings agree on every form."""
    from jkncost.money import readings, scan_numbers

    texts = ["12", "0.125", "1.107", "58,239", "1.234.567,5", "1,234,567.5", "Rp 25.000,-", "(1.500)", "25%", "",
             "3,5", "1e-05", "x"]
    scan = scan_numbers(pd.Series(texts, dtype="str"), percent=True)
    for i, text in enumerate(texts):
        r = readings(text, percent=True)
        if isinstance(r, str):
            assert scan.blank[i] or i in scan.invalid
        else:
            np.testing.assert_array_equal([scan.point[i], scan.comma[i]], list(r))



def test_trailing_empty_cells_are_fine_but_a_split_value_is_refused(example_dir, hospital_copy):
    path = hospital_copy / "costs.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], *(line + ",," for line in lines[1:])]) + "\n")  # as Excel exports
    assert_same_hospital(read_hospital(hospital_copy), read_hospital(example_dir))
    lines[5] = lines[5].rsplit(",", 1)[0] + ",1,234,567"  # an amount with unquoted thousands separators
    path.write_text("\n".join(lines) + "\n")
    [problem] = validate_hospital(hospital_copy)
    assert (problem.file, problem.row) == ("costs.csv", 6) and "line has 6 cells but the header names 4" in \
        problem.message


def test_a_date_where_a_number_belongs(example_dir, tmp_path):
    import datetime

    def dated(name, df):
        if name == "allocation_bases":
            df["weight"] = df["weight"].astype(object)
            df.loc[0, "weight"] = datetime.datetime(2024, 10, 1)
        return df

    book = workbook(example_dir, tmp_path / "rs.xlsx", {n: n for n in TABLES}, title_rows=0, edit=dated)
    [problem] = validate_hospital(book)
    assert (problem.row, problem.column) == (2, "weight") and "turned the number into a date" in problem.message


def test_a_command_imports_only_what_it_needs(example_dir):
    """`jkncost validate` loads no notebook machinery, plotting, dask or pandera (start-up time counts)."""
    import subprocess
    import sys

    code = ("import sys; from jkncost.cli.main import main; assert main(['validate', sys.argv[1]]) == 0; "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", code, str(example_dir)], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split()[-1:] and done.stdout.strip().splitlines()[-1].split())
    assert {"pandas", "numpy"} <= loaded
    assert not loaded & {"pandera", "matplotlib", "papermill", "nbformat", "dask", "distributed", "scipy",
                         "openpyxl", "yaml", "hypothesis"}, loaded


def test_the_sheets_of_a_workbook_settle_each_other(example_dir, tmp_path):
    """A workbook is one file: 'Rp 120.000.000,-' on one sheet says how '9.000' (stored as text) reads on another."""
    def as_text(name, df):
        if name == "costs":
            df["amount"] = [f"{v:,.0f}".replace(",", ".") + ",00" for v in df["amount"]]
        if name == "cost_centers":
            df["output"] = [f"{v:,.0f}".replace(",", ".") if v == v else "" for v in df["output"]]
        return df

    book = workbook(example_dir, tmp_path / "rs.xlsx", {n: n for n in TABLES}, title_rows=0, edit=as_text)
    assert openpyxl.load_workbook(book)["cost_centers"]["C6"].value == "9.000"
    assert_same_hospital(read_hospital(book), read_hospital(example_dir))


def test_a_column_may_bound_its_numbers_above_ask_for_whole_ones_and_word_its_messages():
    from jkncost.tables import Column, Schema, Table, check

    t = Table("t", "t.csv", pd.DataFrame({"days": ["2.5", "0", "3", ""], "age": ["70", "30", "x", "40"]},
                                          index=pd.Index([2, 3, 4, 5], name="line")), text_only=True)
    plain = Schema("t", (Column("days", "number", minimum=1, integer=True, what="days"),
                         Column("age", "number", maximum=60, what="age")))
    assert [str(p) for p in check(t, plain).problems] == [
        "t.csv:5: column 'days': value is missing",
        "t.csv:2: column 'days': days '2.5' is not a whole number",
        "t.csv:3: column 'days': days '0': must be >= 1",
        "t.csv:4: column 'age': not a number: 'x' (column 'age' holds an age)",
        "t.csv:2: column 'age': age '70': must be <= 60"]
    worded = Schema("t", (Column("days", "number", minimum=1, integer=True, what="days",
                                 messages={"range": "{number:g} days: a stay is whole days >= 1",
                                           "missing": "missing {what}"}),
                          Column("age", "number", maximum=60, messages={"invalid": "not a number: {value}"})))
    assert [p.message for p in check(t, worded).problems] == [
        "missing days", "2.5 days: a stay is whole days >= 1", "0 days: a stay is whole days >= 1",
        "not a number: 'x'", "value '70': must be <= 60"]


def test_every_bundled_and_user_csv_is_read_through_the_one_reader():
    # pandas.read_csv only inside the reader itself, and where a comment says why the reader is not for that file
    import re

    from jkncost.core import paths

    allowed = {"tables/reading.py": 2, "compendium/report.py": 2, "compendium/coverage.py": 1}
    found = {}
    for f in sorted(paths.package().rglob("*.py")):
        n = len(re.findall(r"\bpd\.read_csv\(", f.read_text(encoding="utf-8")))
        if n:
            found[f.relative_to(paths.package()).as_posix()] = n
    assert found == allowed


def test_the_notebooks_read_csv_files_through_the_one_reader():
    # the study and course notebooks read their tables as any user file is read (semicolons, BOM, Windows-1252)
    import re

    from jkncost.core import paths

    notebooks = sorted((paths.root() / "notebooks").rglob("*.ipynb"))
    assert len(notebooks) >= 7
    direct = [f.name for f in notebooks if re.search(r"\bpd\.read_csv\(", f.read_text(encoding="utf-8"))]
    assert direct == []


def test_read_frame_keeps_frames_per_process_but_rereads_a_changed_file_and_hands_out_copies(tmp_path):
    import copy

    from jkncost.tables import read_frame, read_numbers

    f = tmp_path / "t.csv"
    f.write_text("kelas;atp\nVIP;250000\nI;100000\n", encoding="utf-8")
    first = read_frame(f)
    first.loc[0, "atp"] = "changed by a caller"
    first.attrs["rows"].append(99)
    again = read_frame(f)
    assert again["atp"].tolist() == ["250000", "100000"] and again.attrs["rows"] == [2, 3]
    numbers = read_numbers(f)
    numbers.loc[0, "atp"] = -1
    assert read_numbers(f)["atp"].tolist() == [250000, 100000]
    f.write_text("kelas;atp\nVIP;300000\nI;100000\n", encoding="utf-8")  # same size, other bytes
    assert read_frame(f)["atp"].tolist() == ["300000", "100000"]
    assert read_numbers(f)["atp"].tolist() == [300000, 100000]
    rows = read_frame(f).attrs["rows"]
    copied = copy.deepcopy(rows)  # what pandas does to attrs in every operation: a real copy, still a list
    copied.append(4)
    assert rows == [2, 3] and isinstance(copied, list) and copied == [2, 3, 4]
