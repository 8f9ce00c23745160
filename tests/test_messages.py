"""What a new user meets first: the template folder, a folder holding one workbook, and messages that say
what is wrong in plain words (issue 26, items 7 and 9)."""

from __future__ import annotations

import shutil

from jkncost.cli.main import main
from jkncost.costing import validate_hospital


def test_template_then_validate_says_fill_the_csvs_or_pass_the_example(tmp_path, capsys):
    folder = tmp_path / "rs"
    assert main(["template", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"jkncost unitcost {folder}/example.xlsx" in out
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("cost_centers.csv: every table holds only its header (as jkncost template writes them): fill "
                      "the CSV files with this hospital's rows or pass a filled workbook instead of the folder "
                      "(jkncost validate rs/example.xlsx)")
    assert len(err) == 2  # that line and the count
    assert main(["validate", str(folder / "example.xlsx")]) == 0  # the example, passed, validates
    readme = (folder / "README.md").read_text()
    assert "format version 3" in readme and "jkncost unitcost example.xlsx" in readme


def test_a_folder_holding_one_filled_workbook_is_read(tmp_path, capsys):
    assert main(["template", str(tmp_path / "t")]) == 0
    folder = tmp_path / "rs"
    folder.mkdir()
    shutil.copy(tmp_path / "t" / "example.xlsx", folder / "RS Contoh 2024.xlsx")
    assert validate_hospital(folder) == []
    assert main(["unitcost", str(folder), "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "unit_cost.csv").exists()
    shutil.copy(tmp_path / "t" / "example.xlsx", folder / "copy.xlsx")
    line = str(validate_hospital(folder)[0])
    assert line.startswith("rs: holds no CSV tables but 2 workbooks") and "pass the one to read" in line


def test_template_on_an_existing_file_says_it_is_a_file(tmp_path, capsys):
    (tmp_path / "afile").write_text("")
    assert main(["template", str(tmp_path / "afile")]) == 2
    err = capsys.readouterr().err
    assert "afile: is a file, not a folder" in err and "not empty" not in err


def test_a_folder_in_place_of_costs_csv_is_named_as_such(hospital_copy):
    (hospital_copy / "costs.csv").unlink()
    (hospital_copy / "costs.csv").mkdir()
    assert str(validate_hospital(hospital_copy)[0]) == ("costs.csv: is a folder, not a file: the table must be a "
                                                        "CSV file of that name")


def test_not_a_number_message_uses_an_before_amount(hospital_copy):
    text = (hospital_copy / "costs.csv").read_text().splitlines()
    parts = text[1].split(",")
    parts[-1] = "banyak"
    text[1] = ",".join(parts)
    (hospital_copy / "costs.csv").write_text("\n".join(text) + "\n")
    line = str(validate_hospital(hospital_copy)[0])
    assert line == "costs.csv:2: column 'amount': not a number: 'banyak' (column 'amount' holds an amount)"


def test_a_rule_without_positive_weight_reads_as_one_sentence(tmp_path):
    folder = tmp_path / "rs"
    folder.mkdir()
    (folder / "cost_centers.csv").write_text("center,kind,output\nKantor,support,\nA,production,1\n")
    (folder / "costs.csv").write_text("center,category,component,amount\nKantor,SVC,gaji,10\nA,VC,BHP,5\n")
    (folder / "allocation_bases.csv").write_text("support_center,basis,center,weight\nKantor,staff,A,0\n")
    line = str(validate_hospital(folder, "reciprocal")[0])
    assert "its rule in allocation_bases (category and component empty) has no positive weight" in line
    assert "rows has" not in line


def test_days_flag_is_checked_as_a_flag(example_dir, tmp_path, capsys):
    import pytest

    with pytest.raises(SystemExit) as exc:
        main(["unitcost", str(example_dir), "--bor", "0.8", "--days", "0", "--out", str(tmp_path / "o")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "argument --days: days in the period must be positive, e.g. 365; got 0" in err
    assert "<occupancy>" not in err and "column 'days'" not in err


def test_fc_method_and_rate_without_assets_are_warned(example_dir, tmp_path, capsys):
    assert main(["unitcost", str(example_dir), "--fc-method", "annuity", "--rate", "0.05",
                 "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert ("warning: --fc-method annuity and --rate 0.05 annualize assets.csv, and this hospital has no asset "
            "register: FC is read from costs.csv as it is, so these options change nothing") in err
    assert main(["unitcost", str(example_dir), "--out", str(tmp_path / "p")]) == 0
    assert "annualize assets.csv" not in capsys.readouterr().err


def test_days_without_bor_is_warned(example_dir, tmp_path, capsys):
    assert main(["unitcost", str(example_dir), "--days", "366", "--out", str(tmp_path / "o")]) == 0
    assert ("warning: --days 366 counts the days of the normative output, which only --bor asks for: without --bor "
            "it changes nothing") in capsys.readouterr().err
