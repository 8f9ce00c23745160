"""The command line: template, help, and what a new user sees."""

from __future__ import annotations

import subprocess
from pathlib import Path
import sys

import pandas as pd
import pytest

import jkncost

from jkncost.cli.main import build_parser, main
from jkncost.costing import read_hospital


def test_template_writes_empty_folder_and_filled_example(tmp_path, example_dir, capsys):
    target = tmp_path / "new"
    assert main(["template", str(target)]) == 0
    names = sorted(p.name for p in target.iterdir())
    assert names == ["README.md", "allocation_bases.csv", "assets.csv", "basis_weights.csv", "cost_centers.csv",
                     "costs.csv", "example.xlsx", "revenue.csv", "tariffs.csv"]
    assert (target / "tariffs.csv").read_text() == "center,tariff,source,tariff_set\n"
    assert (target / "costs.csv").read_text() == "center,category,component,amount\n"
    assert (target / "allocation_bases.csv").read_text().startswith("support_center,category,component,basis,")
    example = read_hospital(target / "example.xlsx")
    # a v2 example: a shared pool, a category and a component basis, tariffs, a center without output
    assert example.shared_centers == ["Gedung dan Listrik"]
    assert set(example.bases["category"]) == {"", "VC"} and set(example.bases["component"]) == {"", "listrik"}
    assert example.tariffs is not None and example.without_output == ["ICU"]
    # the example runs end to end, for every method, with normative output and CRR
    for method in ("direct", "stepdown", "double", "reciprocal"):
        out = tmp_path / method
        assert main(["unitcost", str(target / "example.xlsx"), "--method", method, "--bor", "0.8",
                     "--out", str(out)]) == 0
        uc = pd.read_csv(out / "unit_cost.csv").set_index("center")
        assert list(uc.index) == ["IGD", "Laboratorium", "Kelas III", "VIP", "ICU"]
        assert uc["TC1"].sum() == pytest.approx(example.total_cost())
        assert uc.loc["ICU", ["UC1", "CRR1"]].isna().all() and uc.loc["ICU", "TC1"] > 0
        assert uc.loc["Kelas III", "CRR3"] > 0
    assert "ICU" in capsys.readouterr().err  # the warning names the center without output


def test_template_refuses_a_non_empty_folder(tmp_path, capsys):
    (tmp_path / "x.txt").write_text("keep me")
    assert main(["template", str(tmp_path)]) == 2
    assert "already holds files; choose a new folder" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_every_command_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        assert p.format_help().strip(), name
    for expected in ("unitcost", "validate", "template", "run", "reproduce", "verify"):
        assert expected in sub.choices


def test_console_script_is_installed():
    # The script pip installed beside this interpreter, not the module: a broken entry point fails here.
    script = Path(sys.executable).with_name("jkncost")
    assert script.exists(), f"no console script at {script}"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"jkncost {jkncost.__version__}"
    module = subprocess.run([sys.executable, "-m", "jkncost.cli", "--version"], capture_output=True, text=True)
    assert module.stdout == done.stdout


def test_unknown_method_is_a_usage_error(example_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["unitcost", str(example_dir), "--method", "triple", "--out", str(tmp_path)])
    assert exc.value.code == 2


@pytest.mark.parametrize("rate", ["5", "-1", "x"])
def test_unitcost_rate_must_be_a_fraction(example_dir, tmp_path, capsys, rate):
    with pytest.raises(SystemExit) as exc:
        main(["unitcost", str(example_dir), "--rate", rate, "--out", str(tmp_path / "o")])
    assert exc.value.code == 2
    assert "--rate" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_unitcost_prints_the_total_it_allocated(hospital_copy, tmp_path, capsys):
    """With an asset register and a rate, the printed total is the conserved total of the run (sum of TC1)."""
    (hospital_copy / "assets.csv").write_text(
        "center,asset,group,purchase_value,years_in_use,useful_life\nKantor,gedung,gedung,1000000000,10,50\n")
    out = tmp_path / "o"
    assert main(["unitcost", str(hospital_copy), "--rate", "0.05", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()[0]
    total = pd.read_csv(out / "unit_cost.csv")["TC1"].sum()
    assert printed.endswith(f"total cost Rp {total:,.0f}")
