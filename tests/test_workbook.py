"""The audit workbook (issue 17): layout, formulas, values mode, command line, and, recalculated by
LibreOffice, the same numbers as the engine for every method, before and after a user edits inputs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from jkncost.cli.main import main
from jkncost.core import paths
from jkncost.costing import read_hospital, unit_cost
from jkncost.costing.allocation import METHODS
from jkncost.workbook import build_plan, write_workbook
from jkncost.workbook import writer as writer_module
from jkncost.workbook.cells import criterion
from jkncost.workbook.results import unit_cost_table

from .conftest import write_hospital

HOSPITALS = ["example_hospital", "pasangkayu", "example_v2", "v2"]
RESULT_COLUMNS = ["TC1", "TC2", "TC3", "UC1", "UC2", "UC3"]

# A format-v2 hospital: two shared pools (building, electricity), bases per category (Kantor's FC by
# floor area) and per component (Kantor's 'listrik' by kWh, Dapur's VC 'bahan makanan' by portions),
# a production center without output (Laboratorium), beds for two classes, and the hospital's tariffs.
V2_FILES = {
    "cost_centers.csv": """center,kind,output,output_unit,beds,order
Gedung,shared,,,,
Listrik,shared,,,,
Kantor,support,,,,
Laundry,support,,,,
Dapur,support,,,,
IGD,production,9000,visit,,
Laboratorium,production,,test,,
Kelas I,production,2400,patient-day,10,
Kelas III,production,8800,patient-day,30,
""",
    "costs.csv": """center,category,component,amount
Gedung,FC,AIC gedung,600000000
Listrik,VC,listrik,240000000
Kantor,SVC,gaji pegawai,900000000
Kantor,VC,ATK,50000000
Kantor,FC,AIC kendaraan,60000000
Laundry,SVC,gaji pegawai,150000000
Laundry,VC,linen,80000000
Dapur,SVC,gaji pegawai,200000000
Dapur,VC,bahan makanan,400000000
IGD,SVC,gaji pegawai,700000000
IGD,VC,BHP medis,300000000
Laboratorium,SVC,gaji pegawai,250000000
Laboratorium,VC,reagen,350000000
Kelas I,SVC,gaji pegawai,400000000
Kelas I,VC,BHP medis,90000000
Kelas III,SVC,gaji pegawai,800000000
Kelas III,VC,BHP medis,210000000
""",
    "allocation_bases.csv": """support_center,category,component,basis,center,weight
Gedung,,,floor area m2,Kantor,300
Gedung,,,floor area m2,Laundry,120
Gedung,,,floor area m2,Dapur,150
Gedung,,,floor area m2,IGD,400
Gedung,,,floor area m2,Laboratorium,200
Gedung,,,floor area m2,Kelas I,350
Gedung,,,floor area m2,Kelas III,900
Listrik,,,kWh,Kantor,30000
Listrik,,,kWh,Laundry,45000
Listrik,,,kWh,Dapur,25000
Listrik,,,kWh,IGD,60000
Listrik,,,kWh,Laboratorium,80000
Listrik,,,kWh,Kelas I,40000
Listrik,,,kWh,Kelas III,70000
Kantor,,,staff,Kantor,25
Kantor,,,staff,Laundry,4
Kantor,,,staff,Dapur,8
Kantor,,,staff,IGD,30
Kantor,,,staff,Laboratorium,12
Kantor,,,staff,Kelas I,15
Kantor,,,staff,Kelas III,40
Kantor,,listrik,kWh,Laundry,45000
Kantor,,listrik,kWh,IGD,60000
Kantor,,listrik,kWh,Kelas I,40000
Kantor,,listrik,kWh,Kelas III,70000
Kantor,FC,,floor area m2,IGD,400
Kantor,FC,,floor area m2,Laboratorium,200
Kantor,FC,,floor area m2,Kelas I,350
Kantor,FC,,floor area m2,Kelas III,900
Laundry,,,linen kg,Kantor,1
Laundry,,,linen kg,IGD,2000
Laundry,,,linen kg,Kelas I,3000
Laundry,,,linen kg,Kelas III,9000
Laundry,,,linen kg,Dapur,500
Dapur,,,portions,Kelas I,7000
Dapur,,,portions,Kelas III,26000
Dapur,,,portions,Laundry,300
Dapur,VC,bahan makanan,portions,Kelas I,7200
Dapur,VC,bahan makanan,portions,Kelas III,25000
""",
    "tariffs.csv": """center,tariff,source
IGD,150000,Perda 2019
Kelas I,350000,Perda 2019
Kelas III,120000,Perda 2019
""",
}


def v2_folder(root: Path) -> Path:
    folder = root / "v2"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in V2_FILES.items():
        (folder / name).write_text(text)
    return folder


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hospitals")
    return {"example_hospital": paths.raw("example_hospital"), "pasangkayu": paths.raw("pasangkayu"),
            "example_v2": paths.template_example(), "v2": v2_folder(root)}


def _engine(folder, method, bor=None, **kwargs) -> pd.DataFrame:
    return unit_cost(read_hospital(folder, method=method), method, bor=bor, flows=False, **kwargs).unit_cost \
        .set_index("center")


def _sheet_frame(path: Path, sheet: str = "unit_cost", data_only: bool = True) -> pd.DataFrame:
    ws = openpyxl.load_workbook(path, data_only=data_only)[sheet]
    rows = list(ws.values)
    return pd.DataFrame(rows[1:], columns=rows[0]).set_index("center")


# ---------------------------------------------------------------------------------------------
# The plan (the layout in numbers) against the engine: no LibreOffice needed
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("hospital", HOSPITALS)
@pytest.mark.parametrize("method", METHODS)
def test_plan_equals_engine(folders, hospital, method):
    folder = folders[hospital]
    h = read_hospital(folder, method=method)
    plan = build_plan(h, method)
    table = unit_cost_table(plan)
    engine = _engine(folder, method)
    both = table[RESULT_COLUMNS].to_numpy(float), engine.loc[table.index, RESULT_COLUMNS].to_numpy(float)
    np.testing.assert_array_equal(np.isnan(both[0]), np.isnan(both[1]))
    np.testing.assert_allclose(np.nan_to_num(both[0]), np.nan_to_num(both[1]), rtol=0, atol=1e-3)
    # every block conserves its cost through every stage
    for block in plan.blocks:
        assert block.after[plan.production].sum() == pytest.approx(block.direct.sum(), rel=1e-12)


def test_plan_layout_of_a_version_1_hospital():
    plan = build_plan(read_hospital(paths.raw("example_hospital"), method="stepdown"), "stepdown")
    assert [b.title for b in plan.blocks] == ["FC", "SVC", "VC"]
    # step-down shows support centers in closing order (the order column: Kantor, Laundry, Gizi, Farmasi)
    assert [plan.names[i] for i in plan.support] == ["Kantor", "Laundry", "Instalasi Gizi", "Farmasi"]
    # Kantor lists a weight for itself (25 staff): shown in the weights, never in a share
    kantor = plan.rules[0]
    assert kantor.weights[plan.names.index("Kantor")] == 25
    assert plan.share(0, "open")[plan.names.index("Kantor")] == 0


def test_component_rule_sets_make_their_own_blocks(tmp_path):
    """A rule set for one component (version 2 bases) splits that component into its own block."""
    bases = pd.DataFrame({"support_center": ["S", "S", "S", "S"], "category": ["", "", "VC", "VC"],
                          "component": ["", "", "listrik", "listrik"], "basis": ["staff", "staff", "kWh", "kWh"],
                          "center": ["A", "B", "A", "B"], "weight": [1.0, 1.0, 3.0, 1.0]})
    from jkncost.costing.hospital import Hospital

    centers = pd.DataFrame({"center": ["S", "A", "B"], "kind": ["support", "production", "production"],
                            "output": [np.nan, 10.0, 20.0], "output_unit": "", "beds": np.nan, "order": np.nan})
    costs = pd.DataFrame({"center": ["S", "S", "S"], "category": ["VC", "VC", "FC"],
                          "component": ["listrik", "BHP", "gedung"], "amount": [400.0, 100.0, 50.0]})
    plan = build_plan(Hospital("t", centers, costs, bases), "direct")
    assert sorted(b.title for b in plan.blocks) == ["FC", "VC: BHP", "VC: listrik"]
    after = plan.after_by_category()
    assert after.loc["A", "VC"] == pytest.approx(300 + 50)  # listrik 3:1, BHP 1:1
    assert after.loc["B", "FC"] == pytest.approx(25)


def test_criterion_escapes_wildcards_and_comparisons():
    assert criterion("Poli KIA/KB") == '"Poli KIA/KB"'
    assert criterion("R. ~rawat?") == '"=R. ~~rawat~?"'
    assert criterion("<Gudang>") == '"=<Gudang>"'
    assert criterion('Ruang "A"') == '"Ruang ""A"""'


# ---------------------------------------------------------------------------------------------
# The written workbook
# ---------------------------------------------------------------------------------------------

def test_result_cells_are_formulas(tmp_path):
    out = tmp_path / "w.xlsx"
    write_workbook(paths.raw("example_hospital"), out, "reciprocal", bor=0.8)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["read_me", "parameters", "cost_centers", "costs", "allocation_bases", "shares",
                             "direct_cost", "reciprocal", "after_allocation", "unit_cost", "check"]
    uc = wb["unit_cost"]
    header = [c.value for c in uc[1]]
    assert header == ["center", "output", "TC1", "TC2", "TC3", "UC1", "UC2", "UC3", "output_normative",
                      "UC1_normative", "UC2_normative", "UC3_normative"]
    assert uc.max_row == 8
    for row in uc.iter_rows(min_row=2):
        assert isinstance(row[0].value, str)
        for cell in row[1:]:
            assert isinstance(cell.value, str) and cell.value.startswith("="), (cell.coordinate, cell.value)
    # every allocated amount on the stage sheet is a formula; the full costs are one MMULT/MINVERSE array formula
    ws = wb["reciprocal"]
    arrays = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, ArrayFormula)]
    assert len(arrays) == 3 and all("MMULT(" in a.text and "MINVERSE(" in a.text for a in arrays)
    numbers = [c.coordinate for row in ws.iter_rows(min_row=3, min_col=5) for c in row
               if isinstance(c.value, (int, float)) and c.value != 1]  # 1: the diagonal of I - Q
    assert numbers == []
    assert wb["check"]["E7"].value == "=AND(E2:E4)"
    # named ranges make the formulas readable
    assert {"costs_amount", "bases_weight", "target_bor", "days_in_period"} <= set(wb.defined_names)
    assert "SUMIFS(bases_weight,bases_support_center," in wb["shares"]["F4"].value
    assert wb["unit_cost"].freeze_panes == "B2" and wb["shares"].freeze_panes == "F3"


@pytest.mark.parametrize("method", METHODS)
def test_every_computed_cell_is_a_formula(tmp_path, method):
    """On every calculation and result sheet, no number is typed in: only formulas (and the 1s of I - Q)."""
    out = tmp_path / "w.xlsx"
    write_workbook(paths.template_example(), out, method, bor=0.8)
    wb = openpyxl.load_workbook(out)
    stages = {"direct": ["direct"], "stepdown": ["stepdown"], "double": ["stage_1", "stage_2"],
              "reciprocal": ["reciprocal"]}[method]
    assert wb.sheetnames[6:] == ["shares", "direct_cost", "shared_pools", *stages, "after_allocation", "unit_cost",
                                 "crr", "check"]  # crr: the example has tariffs.csv (hospital folder v3)
    formulas = 0
    for name in wb.sheetnames[6:]:
        for row in wb[name].iter_rows(min_row=2):
            for cell in row:
                v = cell.value
                if isinstance(v, (ArrayFormula,)) or (isinstance(v, str) and v.startswith("=")):
                    formulas += 1
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    assert name == "reciprocal" and v == 1, (name, cell.coordinate, v)
    assert formulas > 300


def test_values_mode_has_the_same_layout(tmp_path, monkeypatch):
    folder = paths.raw("pasangkayu")
    f, v = tmp_path / "f.xlsx", tmp_path / "v.xlsx"
    write_workbook(folder, f, "double", bor=0.8)
    result = write_workbook(folder, v, "double", bor=0.8, max_formula_centers=10)
    assert not result.formulas
    wf, wv = openpyxl.load_workbook(f), openpyxl.load_workbook(v)
    assert wf.sheetnames == wv.sheetnames
    for name in wf.sheetnames:
        if name == "read_me":
            continue
        a, b = wf[name], wv[name]
        assert (a.max_row, a.max_column) == (b.max_row, b.max_column), name
        for ra, rb in zip(a.iter_rows(), b.iter_rows()):
            for ca, cb in zip(ra, rb):
                if isinstance(ca.value, str) and ca.value.startswith("="):
                    assert cb.value is None or isinstance(cb.value, (int, float, str)), (name, ca.coordinate)
                    assert not (isinstance(cb.value, str) and cb.value.startswith("="))
                else:
                    assert ca.value == cb.value, (name, ca.coordinate)
    values = _sheet_frame(v, data_only=False)
    engine = _engine(folder, "double")
    np.testing.assert_allclose(values[RESULT_COLUMNS].astype(float), engine.loc[values.index, RESULT_COLUMNS], atol=1)


def test_workbook_is_byte_stable(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(paths.raw("example_hospital"), a, "stepdown", lang="id")
    write_workbook(paths.raw("example_hospital"), b, "stepdown", lang="id")
    assert a.read_bytes() == b.read_bytes()


def test_read_me_in_indonesian(tmp_path):
    out = tmp_path / "id.xlsx"
    write_workbook(paths.raw("example_hospital"), out, "double", lang="id")
    ws = openpyxl.load_workbook(out)["baca_saya"]
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "Buku kerja audit biaya satuan" in text and "distribusi ganda" in text
    assert "tahap_1" in text and "tahap_2" in text


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

def test_cli_writes_the_workbook(tmp_path, capsys):
    out = tmp_path / "sub" / "audit.xlsx"
    assert main(["workbook", str(paths.raw("example_hospital")), "--method", "double", "--bor", "0.8",
                 "--out", str(out)]) == 0
    assert out.exists()
    assert "results as formulas" in capsys.readouterr().out
    # no temporary file left behind; the marker records that the workbook wrote audit.xlsx
    assert sorted(p.name for p in out.parent.iterdir()) == [".jkncost-output", "audit.xlsx"]


def test_cli_bad_input_is_one_line_and_writes_nothing(hospital_copy, tmp_path, capsys):
    costs = hospital_copy / "costs.csv"
    costs.write_text(costs.read_text().replace("120000000", "12O000000", 1))
    out = tmp_path / "audit.xlsx"
    assert main(["workbook", str(hospital_copy), "--method", "double", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "costs.csv" in err[0] and "costs.csv:2:" in err[0] and "amount" in err[0]
    assert not out.exists() and list(tmp_path.glob("*.xlsx")) == []


def test_cli_large_hospital_writes_values_and_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(writer_module, "MAX_FORMULA_CENTERS", 5)
    out = tmp_path / "big.xlsx"
    assert main(["workbook", str(paths.raw("example_hospital")), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "11 cost centers is more than 5" in captured.err and "results as values" in captured.out
    cell = openpyxl.load_workbook(out)["unit_cost"]["C2"].value
    assert isinstance(cell, float)


def test_cli_refuses_a_non_xlsx_output(tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["workbook", str(paths.raw("example_hospital")), "--out", str(tmp_path / "x.csv")])
    assert exc.value.code == 2


# ---------------------------------------------------------------------------------------------
# Recalculated by LibreOffice: the workbook's formulas give the engine's numbers
# ---------------------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                                           "the Debian package libreoffice-calc-nogui provides it")


def recalculate(files: list[Path], outdir: Path, profile: Path) -> dict[Path, Path]:
    """Recalculate workbooks in one headless LibreOffice run (formulas without cached values are computed)."""
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=600)
    done = {f: outdir / f.name for f in files}
    missing = [f.name for f, o in done.items() if not o.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return done


ASSETS = """center,asset,group,purchase_value,years_in_use,useful_life
Kantor,gedung,gedung,1000000000,10,50
IGD,usg,alat medis,300000000,3,8
IGD,gedung igd,gedung,800000000,4,40
"""
CHANGED = [("example_hospital", "double"), ("v2", "reciprocal"), ("v2", "stepdown")]
EDITS = {  # one weight and one amount, per hospital: (file, row match, column, new value)
    "example_hospital": [("allocation_bases.csv", {"support_center": "Kantor", "center": "IGD"}, "weight", 3.5),
                         ("costs.csv", {"center": "Laundry", "category": "SVC"}, "amount", 987_654_321.0)],
    # a weight of a component rule set (electricity by kWh) and a shared pool's amount
    "v2": [("allocation_bases.csv", {"support_center": "Kantor", "component": "listrik", "center": "IGD"}, "weight",
            5_000.0),
           ("costs.csv", {"center": "Gedung", "category": "FC"}, "amount", 1_234_567_890.0)],
}


def _edit(folder: Path, wb_path: Path, edits) -> None:
    """Make the same edits in the hospital folder and in the workbook's input sheets (openpyxl)."""
    wb = openpyxl.load_workbook(wb_path)
    for file, match, column, new in edits:
        frame = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
        hit = np.flatnonzero(np.logical_and.reduce([frame[k] == v for k, v in match.items()]))
        assert len(hit) == 1, (file, match)
        frame.loc[hit[0], column] = str(new)
        frame.to_csv(folder / file, index=False)
        ws = wb[file.removesuffix(".csv")]
        header = [c.value for c in ws[1]]
        rows = [row for row in ws.iter_rows(min_row=2)
                if all(row[header.index(k)].value == v for k, v in match.items())]
        assert len(rows) == 1, (ws.title, match)
        rows[0][header.index(column)].value = new
    wb.save(wb_path)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, folders):
    """Every workbook the LibreOffice tests need, recalculated in one soffice run (each run starts LibreOffice,
    seconds of CPU: the odd names' four workbooks are converted with the others)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    root = tmp_path_factory.mktemp("workbooks")
    cases = {}
    for hospital in HOSPITALS:
        for method in METHODS:
            path = root / f"{hospital}-{method}.xlsx"
            write_workbook(folders[hospital], path, method, bor=0.8)
            cases[(hospital, method, "as given")] = (folders[hospital], path)
    for hospital, method in CHANGED:
        folder = root / f"changed-{hospital}-{method}"
        shutil.copytree(folders[hospital], folder)
        path = root / f"changed-{hospital}-{method}.xlsx"
        write_workbook(folder, path, method, bor=0.8)
        _edit(folder, path, EDITS[hospital])
        cases[(hospital, method, "changed")] = (folder, path)
    # FC from an asset register, annualized as an annuity at 5 percent: each asset's AIC is a formula too
    folder = root / "assets"
    shutil.copytree(folders["example_hospital"], folder)
    (folder / "assets.csv").write_text(ASSETS)
    path = root / "assets-double.xlsx"
    write_workbook(folder, path, "double", bor=0.8, fc_method="annuity", rate=0.05)
    cases[("assets", "double", "as given")] = (folder, path)
    odd = odd_names_workbooks(root / "odd")
    done = recalculate([p for _, p in cases.values()] + [out for _, _, _, out, _ in odd], root / "recalculated",
                       root / "profile")
    found = {key: (folder, done[path], path) for key, (folder, path) in cases.items()}
    found["odd names"] = [(*case, done[case[3]]) for case in odd]
    return found


def _compare(recalc: Path, folder: Path, method: str, **kwargs) -> None:
    """Every cell of the recalculated ``unit_cost`` sheet equals the engine's unit_cost within Rp 1 (empty = NaN)."""
    got = _sheet_frame(recalc)
    expected = _engine(folder, method, bor=0.8, **kwargs)
    assert list(got.index) == list(expected.index)
    assert list(got.columns) == [c for c in expected.columns if c != "center"]
    for column in got.columns:
        a = pd.to_numeric(got[column], errors="coerce").astype(float).to_numpy()
        b = expected[column].astype(float).to_numpy()
        assert np.array_equal(np.isnan(a), np.isnan(b)), column
        np.testing.assert_allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=0, atol=1.0, err_msg=column)


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("hospital", HOSPITALS)
@pytest.mark.parametrize("method", METHODS)
def test_recalculated_workbook_equals_engine(recalculated, hospital, method):
    folder, recalc, original = recalculated[(hospital, method, "as given")]
    _compare(recalc, folder, method)
    check = openpyxl.load_workbook(recalc, data_only=True)["check"]
    assert [check[f"E{r}"].value for r in (2, 3, 4, 7)] == [True, True, True, True]


@pytest.mark.slow
@needs_soffice
def test_recalculated_asset_register_equals_engine(recalculated):
    folder, recalc, original = recalculated[("assets", "double", "as given")]
    _compare(recalc, folder, "double", fc_method="annuity", rate=0.05)
    assert openpyxl.load_workbook(original)["assets"]["H2"].value.startswith("=IF(asset_rate=0,")
    check = openpyxl.load_workbook(recalc, data_only=True)["check"]
    assert check["E7"].value is True


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("hospital,method", CHANGED)
def test_changed_inputs_follow_after_recalculation(recalculated, folders, hospital, method):
    folder, recalc, original = recalculated[(hospital, method, "changed")]
    before = _engine(folders[hospital], method, bor=0.8)
    after = _engine(folder, method, bor=0.8)
    assert not np.allclose(before["UC1"], after["UC1"])  # the edits matter
    _compare(recalc, folder, method)
    # the edited workbook still holds formulas, not the values of its first writing
    assert openpyxl.load_workbook(original)["unit_cost"]["F2"].value.startswith("=")


def test_tiny_hospital_without_support_centers(tmp_path):
    folder = write_hospital(tmp_path / "h", "center,kind,output\nA,production,10\nB,production,\n",
                            "center,category,component,amount\nA,VC,x,100\n")
    out = tmp_path / "t.xlsx"
    result = write_workbook(folder, out, "double")
    assert result.unit_cost.loc["A", "UC3"] == 10
    assert np.isnan(result.unit_cost.loc["B", "UC3"])
    assert openpyxl.load_workbook(out).sheetnames[-3:] == ["after_allocation", "unit_cost", "check"]


def odd_names_workbooks(root: Path) -> list[tuple[str, Path, str, Path, object]]:
    """Names SUMIFS would misread (wildcards, '~', a leading '<'), with and without components that differ only by
    case, and a category of many components split by component rules: ``(name, folder, method, workbook, result)``
    for double and reciprocal, written for :func:`recalculated` (one LibreOffice run for every workbook)."""
    comps = [f"item {k}" for k in range(60)]
    base_costs = "center,category,component,amount\n" + "".join(
        f"{c},VC,{k},{1000 + 10 * i + j}\n" for j, c in enumerate(["Dapur*", "<Gudang>"])
        for i, k in enumerate(comps)) + "Poli ?,VC,obat,40\nRuang ~A,SVC,gaji,90\n"
    centers = "center,kind,output\nDapur*,support,\n<Gudang>,support,\nPoli ?,production,10\nRuang ~A,production,20\n"
    bases = ("support_center,category,component,basis,center,weight\n"
             "Dapur*,,,portions,Poli ?,1\nDapur*,,,portions,Ruang ~A,3\nDapur*,,,portions,<Gudang>,1\n"
             "Dapur*,,bhp,portions,Poli ?,5\nDapur*,,bhp,portions,Ruang ~A,1\n"
             "<Gudang>,,,m2,Poli ?,2\n<Gudang>,,,m2,Ruang ~A,1\n<Gudang>,,item 7,m2,Poli ?,1\n"
             "<Gudang>,,item 7,m2,Ruang ~A,9\n")
    folders = {"plain": write_hospital(root / "plain", centers, base_costs + "Dapur*,VC,bhp,700\n", bases),
               "clash": write_hospital(root / "clash", centers,
                                       base_costs + "Dapur*,VC,BHP,500\nDapur*,VC,bhp,700\n", bases)}
    written = []
    for name, folder in folders.items():
        for method in ("double", "reciprocal"):
            out = root / f"{name}-{method}.xlsx"
            written.append((name, folder, method, out, write_workbook(folder, out, method)))
    return written


@pytest.mark.slow
@needs_soffice
def test_odd_names_and_many_components(recalculated):
    """Names SUMIFS would misread (wildcards, '~', a leading '<'), with and without components that differ
    only by case, and a category of many components split by component rules: recalculated, the engine's numbers."""
    odd = recalculated["odd names"]
    assert sorted((name, method) for name, _, method, _, _, _ in odd) == [
        ("clash", "double"), ("clash", "reciprocal"), ("plain", "double"), ("plain", "reciprocal")]
    for name, folder, method, out, result, recalc in odd:
        assert result.plan.case_clash == (name == "clash")
        sheet = openpyxl.load_workbook(out)["direct_cost"]
        assert max(len(str(c.value)) for row in sheet.iter_rows() for c in row) < 8192
        got = _sheet_frame(recalc)
        expected = _engine(folder, method)
        np.testing.assert_allclose(got[RESULT_COLUMNS].astype(float), expected.loc[got.index, RESULT_COLUMNS],
                                   rtol=0, atol=1, err_msg=out.name)


def test_values_mode_writes_buffered_cells_with_their_formats_and_indonesian_headers(tmp_path):
    """Values mode (large hospitals) writes its sheets from a buffer, not openpyxl cells (issue 26, item 8):
    the same numbers, formats and headers as openpyxl would write, in either language."""
    out = tmp_path / "v.xlsx"
    write_workbook(paths.template_example(), out, "double", bor=0.8, formulas=False, lang="id")
    wb = openpyxl.load_workbook(out)
    uc = wb["biaya_satuan"]
    assert [c.value for c in uc[1]][:3] == ["pusat biaya", "luaran", "TC1"]
    engine = unit_cost(read_hospital(paths.template_example()), "double", bor=0.8).unit_cost.set_index("center")
    first = uc["A2"].value
    assert uc["C2"].value == pytest.approx(engine.loc[first, "TC1"], abs=1)
    assert uc["C2"].number_format == '#,##0;-#,##0;"-"' and uc["A1"].font.bold
    assert wb["periksa"]["E7"].value is True  # booleans stay booleans
    assert wb["pusat_biaya"]["C2"].fill.fgColor.rgb.endswith("FFF2CC")  # an input a user may change, even empty
    assert wb["pusat_biaya"]["A2"].fill.fgColor.rgb != wb["pusat_biaya"]["C2"].fill.fgColor.rgb
