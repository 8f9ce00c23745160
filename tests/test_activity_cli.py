"""``jkncost abc``: the contract's files and columns, every file form giving the same bytes, bad input.

The folder is the worked example of tests/activity_folders.py (values worked by hand in
tests/test_activity_abc.py, test_activity_tdabc.py and test_activity_pathway.py); here the command is
run on it as people's files come: clean CSV, ``;`` with decimal commas and ``Rp 1.234.567,-``, a BOM,
Windows-1252, title rows, loose file and column names with Indonesian level words, one ``.xlsx``
workbook with loose sheet names.
"""

from __future__ import annotations

from importlib.resources import files

import pandas as pd
import pytest

from jkncost.cli.main import main

from .activity_folders import EXAMPLE, FORMS, tables, write_folder

HOSPITAL = files("jkncost.costing") / "data" / "example_v2"
SPEC = {
    "activity_rates.csv": "driver,activities,cost,quantity,rate,unused_cost",
    "cost_objects.csv": "cost_object,cost,output,unit_cost,markup,abc_tariff,tariff,difference",
    "capacity_rates.csv": "resource,rate_per_minute,practical_minutes,used_minutes,unused_minutes,unused_cost",
    "services.csv": "service,time_cost,materials_cost,cost",
    "cost_per_case.csv": "pathway,inacbg_code,cost,tariff,difference,CRR,hospital_tariff",
}
EXTRAS = {"activity_costs.csv", "object_levels.csv", "resource_costs.csv", "process_steps.csv", "pathway_items.csv",
          "patient_costs.csv", "assumptions.csv"}


def run(*argv):
    return main(["abc", *map(str, argv)])


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    base = tmp_path_factory.mktemp("clean")
    folder = write_folder(EXAMPLE, base / "in")
    assert run(folder, "--out", base / "out") == 0
    return base / "out"


def test_writes_the_contract_files_with_exactly_its_columns(clean):
    written = {p.name for p in clean.iterdir() if not p.name.startswith(".")}  # the marker of a jkncost folder
    assert written == set(SPEC) | EXTRAS
    for name, header in SPEC.items():
        assert (clean / name).read_text(encoding="utf-8").splitlines()[0] == header


def test_numbers_to_the_rupiah(clean):
    objects = pd.read_csv(clean / "cost_objects.csv").set_index("cost_object")
    assert objects.loc["VIP", "cost"] == 2_352_500
    assert objects.loc["Kelas III", "unit_cost"] == pytest.approx(17_595.8, abs=1e-6)
    case = pd.read_csv(clean / "cost_per_case.csv").set_index("pathway").loc["SC O82.0 kelas III"]
    assert case["cost"] == pytest.approx(630_787.9, abs=1e-6)
    line = (clean / "cost_objects.csv").read_text().splitlines()[2]
    assert line == "Kelas I,3970000.000000,200.000000,19850.000000,,,150000.000000,130150.000000"


@pytest.mark.parametrize("form", [f for f in FORMS if f != "clean"])
def test_every_file_form_gives_the_same_bytes(clean, tmp_path, form):
    source = write_folder(EXAMPLE, tmp_path / "in", form)
    assert run(source, "--out", tmp_path / "out") == 0
    for name in sorted(SPEC) + sorted(EXTRAS):
        assert (tmp_path / "out" / name).read_bytes() == (clean / name).read_bytes(), (form, name)


def test_a_folder_holding_only_the_workbook(clean, tmp_path):
    write_folder(EXAMPLE, tmp_path / "in", "xlsx")
    assert run(tmp_path / "in", "--out", tmp_path / "out") == 0
    assert (tmp_path / "out" / "cost_per_case.csv").read_bytes() == (clean / "cost_per_case.csv").read_bytes()


def test_only_the_tables_whose_inputs_exist(tmp_path):
    data = {k: v for k, v in EXAMPLE.items() if k in ("activities", "cost_objects", "driver_quantities")}
    assert run(write_folder(data, tmp_path / "in"), "--out", tmp_path / "out") == 0
    assert {p.name for p in (tmp_path / "out").glob("*.csv")} == {"activity_rates.csv", "cost_objects.csv",
                                                              "activity_costs.csv", "object_levels.csv"}


@pytest.mark.parametrize("markup", ["0.25", "25%", "0,25"])
def test_markup_option(tmp_path, markup):
    assert run(write_folder(EXAMPLE, tmp_path / "in"), "--out", tmp_path / "out", "--markup", markup) == 0
    objects = pd.read_csv(tmp_path / "out" / "cost_objects.csv").set_index("cost_object")
    assert objects["markup"].tolist() == pytest.approx([0.2, 0.25, 0.1])
    assert objects.loc["Kelas I", "abc_tariff"] == pytest.approx(19_850 * 1.25)


def test_bad_markup_option_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        run(write_folder(EXAMPLE, tmp_path / "in"), "--out", tmp_path / "out", "--markup", "banyak")
    assert exc.value.code == 2 and not (tmp_path / "out").exists()


def test_one_command_from_hospital_cost_tables_to_a_caesarean_case(tmp_path):
    data = tables()
    data["pathways"][1].append(["SC O82.0 kelas III", "hari rawat (RS)", "center:Kelas III", 2, None])
    folder = write_folder(data, tmp_path / "in")
    assert run(folder, "--out", tmp_path / "out", "--hospital", HOSPITAL, "--method", "double") == 0
    uc = pd.read_csv(tmp_path / "out" / "pathway_items.csv").set_index("item").loc["hari rawat (RS)", "unit_cost"]
    main(["unitcost", str(HOSPITAL), "--method", "double", "--out", str(tmp_path / "uc")])
    expected = pd.read_csv(tmp_path / "uc" / "unit_cost.csv").set_index("center").loc["Kelas III", "UC1"]
    assert uc == pytest.approx(expected, abs=1e-6)
    case = pd.read_csv(tmp_path / "out" / "cost_per_case.csv").set_index("pathway").loc["SC O82.0 kelas III"]
    assert case["cost"] == pytest.approx(630_787.9 + 2 * expected, abs=1e-5)


def _bad(tmp_path, data, capsys, *extra, form="clean"):
    folder = write_folder(data, tmp_path / "in", form)
    status = run(folder, "--out", tmp_path / "out", *extra)
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert not (tmp_path / "out").exists()
    return err


@pytest.mark.parametrize("edit, line", [
    (lambda d: d["activities"][1][1].__setitem__(1, "kelompok"),
     "activities.csv:3: column 'level': unknown activity level 'kelompok': use unit, batch, patient (produk, "
     "pasien) or facility (fasilitas)"),
    (lambda d: d["driver_quantities"][1][4].__setitem__(2, "dua ratus"),
     "driver_quantities.csv:6: column 'quantity': not a number: 'dua ratus' (column 'quantity' holds a quantity)"),
    (lambda d: d["cost_objects"][1][2].__setitem__(1, 0),
     "cost_objects.csv:4: column 'output': output '0': must be > 0 (leave the cell blank when the output is not "
     "measured)"),
    (lambda d: d["pathways"][1][1].__setitem__(2, "service:Operasi Caesar"),
     "pathways.csv:3: column 'source': unknown service 'Operasi Caesar' (no steps in processes)"),
    (lambda d: d["pathway_tariffs"][1][0].__setitem__(1, "O-6-10"),
     "pathway_tariffs.csv:2: column 'inacbg_code': INA-CBG code 'O-6-10': expected four parts L-T-NN-S (e.g. "
     "'O-6-10-I'), got 3"),
    (lambda d: d["processes"][1][2].__setitem__(1, "Perawat"),
     "processes.csv:4: column 'resource': unknown resource 'Perawat' (not in capacity)"),
    (lambda d: d.pop("driver_quantities"), "driver_quantities.csv: required file is missing (the folder has tables "
                                           "of this part: activities, cost_objects, resources, resource_drivers)"),
])
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, capsys, edit, line):
    data = tables()
    edit(data)
    assert _bad(tmp_path, data, capsys) == [f"jkncost abc: error: {line}"]


def test_bad_input_in_every_form_names_the_same_cell(tmp_path, capsys):
    data = tables()
    data["resource_drivers"][1][2][2] = -1
    for form in ("semicolon", "xlsx"):
        err = _bad(tmp_path / form, data, capsys, form=form)
        where = "activity.xlsx[RESOURCE_DRIVERS]:5" if form == "xlsx" else "resource_drivers.csv:4"
        assert len(err) == 1 and err[0].startswith(f"jkncost abc: error: {where}: column 'weight': negative weight")


def test_center_items_without_hospital(tmp_path, capsys):
    data = tables()
    data["pathways"][1].append(["SC O82.0 kelas III", "kamar", "center:Kelas III", 1, None])
    assert _bad(tmp_path, data, capsys) == [
        "jkncost abc: error: pathways.csv:7: column 'source': center:Kelas III needs a hospital folder: run with "
        "--hospital DIR --method M"]


def test_bad_hospital_folder_is_reported_with_its_own_files(tmp_path, capsys):
    import shutil

    hospital = tmp_path / "rs"
    shutil.copytree(HOSPITAL, hospital)
    text = (hospital / "costs.csv").read_text().splitlines()
    text[1] = text[1].rsplit(",", 1)[0] + ",banyak"
    (hospital / "costs.csv").write_text("\n".join(text) + "\n")
    err = _bad(tmp_path, tables(), capsys, "--hospital", hospital)
    assert len(err) == 1 and err[0].startswith("jkncost abc: error: costs.csv:2: column 'amount': not a number")


def test_not_an_activity_folder(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.csv").write_text("a,b\n1,2\n")
    status = run(tmp_path / "in", "--out", tmp_path / "out")
    err = capsys.readouterr().err
    assert status == 2 and "no table of an activity folder found" in err and not (tmp_path / "out").exists()


INDONESIAN_HEADERS = {"activities": ["Aktivitas", "Tingkat Aktivitas", "Pemicu Biaya", "Biaya", "Kapasitas"],
                      "cost_objects": ["Objek Biaya", "Keluaran", "Satuan", "Tarif", "Margin Laba"],
                      "driver_quantities": ["Pemicu", "Objek biaya", "Kuantitas"]}


@pytest.mark.parametrize("form", ["title", "semicolon", "xlsx"])
def test_indonesian_column_names_below_title_rows(clean, tmp_path, form):
    data = {k: v for k, v in tables().items() if k in INDONESIAN_HEADERS or k in ("resources", "resource_drivers")}
    for name, header in INDONESIAN_HEADERS.items():
        data[name] = (header, data[name][1])
    data["cost_objects"][0][2] = "output_unit"
    if form == "semicolon":  # Excel in an Indonesian locale, with a title row above the header
        source = write_folder(data, tmp_path / "in", form)
        f = source / "activities.csv"
        f.write_bytes(b"RSUD Contoh;;;;\r\n" + f.read_bytes())
    else:
        source = write_folder(data, tmp_path / "in", form)
    assert run(source, "--out", tmp_path / "out") == 0
    for name in ("activity_rates.csv", "cost_objects.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (clean / name).read_bytes(), name


def test_sheets_left_empty_are_tables_the_folder_does_not_have(clean, tmp_path):
    data = tables()
    data["cases"] = (data["cases"][0], [])
    data["case_items"] = (data["case_items"][0], [])
    source = write_folder(data, tmp_path / "in", "xlsx")
    assert run(source, "--out", tmp_path / "out") == 0
    assert not (tmp_path / "out" / "patient_costs.csv").exists()
    assert (tmp_path / "out" / "cost_per_case.csv").read_bytes() == (clean / "cost_per_case.csv").read_bytes()


def test_a_required_table_without_rows(tmp_path, capsys):
    data = tables()
    data["cost_objects"] = (data["cost_objects"][0], [])
    err = _bad(tmp_path, data, capsys)
    assert "jkncost abc: error: cost_objects.csv: the table has no rows (its part needs them)" in err


def test_workbook_option_writes_the_audit_workbook(tmp_path):
    import openpyxl

    assert run(write_folder(EXAMPLE, tmp_path / "in"), "--out", tmp_path / "out", "--workbook") == 0
    wb = openpyxl.load_workbook(tmp_path / "out" / "activity_audit.xlsx")
    assert wb["cost_objects"]["B2"].value.startswith("=SUMIF(driver_quantities!")


def test_every_problem_on_its_own_line_table_by_table(tmp_path, capsys):
    data = tables()
    data["pathways"][1][1][2] = "service:Operasi Caesar"
    data["activities"][1][3][1] = "gedung"
    data["driver_quantities"][1][0][2] = -3
    data["pathway_tariffs"][1][0][1] = "O-6-10-IV"
    data["pathways"][1][0][3] = "tiga"
    err = _bad(tmp_path, data, capsys)
    assert [line.split(": column")[0] for line in err] == [
        "jkncost abc: error: activities.csv:5", "jkncost abc: error: driver_quantities.csv:2",
        "jkncost abc: error: pathways.csv:2", "jkncost abc: error: pathways.csv:3",
        "jkncost abc: error: pathway_tariffs.csv:2"]
