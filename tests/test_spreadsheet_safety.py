"""Text a spreadsheet would run and amounts no hospital has: refused where a hospital folder is read (issue 21).

The policy (README, docs/hospital-folder.md): a text cell of a hospital folder that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is refused at validation, with file, row, column and
the fix, so neither writer (``unit_cost.csv``, the audit workbook) ever receives one; dashes alone
(``-``) and negative numbers are not formulas. The workbook also types every text cell as a string.
An amount (any number) above 10^15 in one cell is refused, naming row and column.
"""

from __future__ import annotations

import openpyxl
import pytest

from jkncost.cli.main import main
from jkncost.costing import read_hospital, validate_hospital
from tests.conftest import write_hospital

CENTERS = "center,kind,output\nKantor,support,\nRawat Inap,production,100\n"
COSTS = "center,category,component,amount\nKantor,SVC,gaji,1000\nRawat Inap,VC,{component},{amount}\n"
BASES = "support_center,basis,center,weight\nKantor,staff,Rawat Inap,1\n"


def hospital(tmp_path, component="obat", amount="500", centers=CENTERS):
    return write_hospital(tmp_path / "h", centers, COSTS.format(component=component, amount=amount), BASES)


@pytest.mark.parametrize("name", ["=1+1", "+62 811", "@SUM(A1)", "-2+3+cmd|' /C calc'!A0", "=HYPERLINK(\"x\")",
                                  "\t=1+1", "- listrik"])
def test_a_name_a_spreadsheet_would_run_is_refused_and_nothing_is_written(name, tmp_path, capsys):
    folder = hospital(tmp_path, component=f'"{name}"' if "," in name or '"' in name else name)
    if '"' in name:
        (folder / "costs.csv").write_text(COSTS.format(component='"' + name.replace('"', '""') + '"', amount=500))
    problems = validate_hospital(folder)
    assert len(problems) == 1, problems
    p = problems[0]
    assert p.file.endswith("costs.csv") and p.row == 3 and p.column == "component"
    assert "a spreadsheet opening the outputs would run it as a formula" in p.message
    out = tmp_path / "results"
    assert main(["unitcost", str(folder), "--out", str(out)]) == 2
    assert main(["workbook", str(folder), "--out", str(tmp_path / "audit.xlsx")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("costs.csv:3: column 'component'" in line for line in err), err
    assert not out.exists() and not (tmp_path / "audit.xlsx").exists()


def test_a_center_named_as_a_formula_is_refused(tmp_path):
    folder = write_hospital(tmp_path / "h", "center,kind,output\n=1+1,support,\nRawat Inap,production,100\n",
                            "center,category,component,amount\n=1+1,SVC,gaji,1000\nRawat Inap,VC,obat,5\n",
                            "support_center,basis,center,weight\n=1+1,staff,Rawat Inap,1\n")
    problems = validate_hospital(folder)
    assert any(p.file.endswith("cost_centers.csv") and p.row == 2 and p.column == "center" for p in problems)


@pytest.mark.parametrize("component", ["-", "listrik - AC", "AC (-)"])
def test_dashes_alone_and_dashes_inside_are_not_formulas(component, tmp_path):
    assert validate_hospital(hospital(tmp_path, component=component)) == []


def test_negative_numbers_are_reported_as_amounts_not_as_formulas(tmp_path):
    from jkncost.tables.checks import formula_like

    problems = validate_hospital(hospital(tmp_path, amount="-5"))
    assert len(problems) == 1 and "negative amount" in problems[0].message and problems[0].column == "amount"
    assert not formula_like("-5") and not formula_like("-1.234,5")


@pytest.mark.parametrize("amount", ["1e300", "2e15", "1" + "0" * 39, "Rp 2.000.000.000.000.000"])
def test_an_amount_no_hospital_has_is_refused_with_row_and_column(amount, tmp_path, capsys):
    folder = hospital(tmp_path, amount=f'"{amount}"' if "," in amount else amount)
    problems = validate_hospital(folder)
    assert len(problems) == 1, problems
    p = problems[0]
    assert p.row == 3 and p.column == "amount" and "more than Rp 10^15" in p.message
    assert main(["workbook", str(folder), "--out", str(tmp_path / "audit.xlsx")]) == 2  # was an AssertionError
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "costs.csv:3: column 'amount'" in err[0]
    assert not (tmp_path / "audit.xlsx").exists()


def test_an_amount_just_below_the_limit_is_read_to_the_rupiah(tmp_path):
    hospital_ = read_hospital(hospital(tmp_path, amount="999999999999999"))
    assert hospital_ is not None


def test_the_workbook_types_text_cells_as_text(tmp_path):
    from jkncost.workbook.cells import Sheet

    wb = openpyxl.Workbook()
    sheet = Sheet(wb.active, formulas=True)
    sheet.text(1, 1, "=1+1")
    sheet.header(2, ["=SUM(A1)", "plain"])
    wb.save(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert (ws["A1"].value, ws["A1"].data_type) == ("=1+1", "s")
    assert (ws["A2"].value, ws["A2"].data_type) == ("=SUM(A1)", "s")


def test_the_workbook_of_a_hospital_with_dashes_keeps_them_as_text(tmp_path):
    folder = hospital(tmp_path, component="-")
    assert main(["workbook", str(folder), "--out", str(tmp_path / "audit.xlsx")]) == 0
    wb = openpyxl.load_workbook(tmp_path / "audit.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == "-"]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("name", ["=1+1", "+62 811", "@SUM(A1)", "-cmd"])
def test_batch_refuses_a_hospital_named_as_a_formula_before_anything_runs(name, tmp_path, capsys):
    """A hospital's folder name goes into every row of unit_cost_batch.csv (and a sweep's table): refused, with
    the fix, exit 2 and nothing written, like a center named as a formula."""
    from jkncost.compendium.sweep import hospital_folders

    folders = tmp_path / "hospitals"
    write_hospital(folders / "rs_ok", CENTERS, COSTS.format(component="obat", amount=500), BASES)
    write_hospital(folders / name, CENTERS, COSTS.format(component="obat", amount=500), BASES)
    out = tmp_path / "out"
    assert main(["batch", str(folders), "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"hospital name {name!r} starts with {name[:1]!r}" in err
    assert "rename it without the leading" in err and not out.exists()
    (folders / name).rename(folders / f"rs {name}")  # inside the name a sign is plain text
    assert [p.name for p in hospital_folders(folders)] == [f"rs {name}", "rs_ok"]
