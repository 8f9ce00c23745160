"""Notebook parameters: unknown names and wrong types are refused, by the runner and inside the notebook."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from jkncost.core import paths
from jkncost.cli.main import main
from jkncost.compendium.notebook import (
    ParameterError,
    ParameterGuard,
    check_parameters,
    clean_metadata,
    declared_parameters,
    run_notebook,
)

from .conftest import machine_paths_in

UNIT_COST = paths.notebooks("unit_cost.ipynb")


def test_guard_accepts_declared_and_rejects_unknown():
    ns: dict = {}
    guard = ParameterGuard(ns)
    exec("method: str = 'double'\nbor: float = 0.8", ns)
    exec("method = 'stepdown'\nbor = 1", ns)  # an int where a float is declared is fine
    assert guard.check(ns) == {"method": "stepdown", "bor": 1}
    exec("colour = 'red'", ns)
    with pytest.raises(ParameterError, match="unknown parameter 'colour'"):
        guard.check(ns)


def test_guard_rejects_wrong_type():
    ns: dict = {}
    guard = ParameterGuard(ns)
    exec("bor: float = 0.8\nseed: int = 1", ns)
    exec("bor = 'high'", ns)
    with pytest.raises(ParameterError, match="parameter 'bor' must be float"):
        guard.check(ns)
    exec("bor = 0.5\nseed = True", ns)
    with pytest.raises(ParameterError, match="parameter 'seed' must be int"):
        guard.check(ns)


def test_check_parameters_against_the_notebook():
    check_parameters(UNIT_COST, {"method": "direct", "bor": 0.75})
    with pytest.raises(ParameterError, match="unknown parameter 'mehtod'"):
        check_parameters(UNIT_COST, {"mehtod": "direct"})
    with pytest.raises(ParameterError, match="'bor' must be a float in \\[0, 1\\], got str '0.8'"):
        check_parameters(UNIT_COST, {"bor": "0.8"})
    with pytest.raises(ParameterError, match="'bor' must be a float in \\[0, 1\\], got float 7.5"):
        check_parameters(UNIT_COST, {"bor": 7.5})
    with pytest.raises(ParameterError, match="'method' must be one of 'direct', 'stepdown', 'double', 'reciprocal'"):
        check_parameters(UNIT_COST, {"method": "triple"})


def test_guard_enforces_choices_and_ranges_inside_the_kernel():
    ns: dict = {}
    guard = ParameterGuard(ns)  # gives the parameters cell Literal and Range
    exec('method: Literal["direct", "double"] = "double"\nbor: Range[float, 0, 1] = 0.8\n'
         'n: Range[int, 1, None] = 5\nlos: Range[float, 0, None, "(]"] = 5.0', ns)
    exec("method = 'direct'\nbor = 1\nn = 10**9", ns)
    assert guard.check(ns) == {"method": "direct", "bor": 1, "n": 10**9, "los": 5.0}
    for bad, message in [("method = 'triple'", "one of 'direct', 'double'"), ("bor = 1.5", "a float in [0, 1]"),
                         ("n = 0", "an int >= 1"), ("n = 2.0", "an int >= 1"), ("los = 0.0", "a float > 0"),
                         ("bor = float('nan')", "a float in [0, 1]"), ("bor = True", "a float in [0, 1]")]:
        trial = dict(ns)
        exec(bad, trial)
        with pytest.raises(ParameterError, match=re.escape(message)):
            guard.check(trial)


def test_every_default_is_allowed_by_its_own_annotation():
    from jkncost.compendium.parameters import defaults, evaluate

    for nb_path in sorted(paths.notebooks().glob("*.ipynb")):
        declared = declared_parameters(nb_path)
        for name, info in declared.items():
            evaluate(info["type"])  # every annotation is one the checks can read
        check_parameters(nb_path, defaults(nb_path))


def test_the_annotations_are_the_packages_choices():
    # the notebooks check nothing by hand after the guard: their annotations must say what the package allows
    import typing

    from jkncost.compendium.parameters import evaluate
    from jkncost.costing.allocation import METHODS
    from jkncost.costing.tariff import RULES
    from jkncost.studies import pasangkayu as pk

    def choices(notebook, name):
        return list(typing.get_args(evaluate(declared_parameters(paths.notebooks(notebook))[name]["type"])))

    for notebook in ("unit_cost.ipynb", "pasangkayu.ipynb", "methods.ipynb"):
        assert choices(notebook, "method") == list(METHODS), notebook
    assert choices("pasangkayu.ipynb", "split") == list(pk.SPLITS)
    assert choices("pasangkayu.ipynb", "rational_rule") == ["study", *RULES]
    assert choices("methods.ipynb", "tariff_rule") == list(RULES)
    assert set(choices("unit_cost.ipynb", "tariff_rule")) <= set(RULES)


def test_no_notebook_checks_its_parameters_again_by_hand():
    # parameters are checked once, from the annotations: before the kernel (check_parameters) or, run without
    # jkncost, by the guard inside it with the same rules (parameter_problems); never by an if of the notebook
    for nb_path in sorted(p for p in paths.notebooks().glob("**/*.ipynb") if not p.name.startswith(".")):
        nb = json.loads(nb_path.read_text())
        declared = declared_parameters(nb_path)
        for cell in nb["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] != "code" or "_guard.check(globals()" not in source:
                continue
            for line in source.splitlines():
                if re.match(r"\s*if\b", line):
                    named = [n for n in declared if re.search(rf"\b{n}\b", line)]
                    assert not named, f"{nb_path.name}: {line.strip()!r} checks {named} again"
            assert "check_lang(lang)" not in source, nb_path.name


def test_guard_and_runner_apply_one_rule_set(monkeypatch):
    from jkncost.compendium import parameters

    calls = []
    real = parameters.parameter_problems
    monkeypatch.setattr(parameters, "parameter_problems", lambda *a: calls.append(a[0]) or real(*a))
    check_parameters(UNIT_COST, {"bor": 0.5})
    ns: dict = {}
    guard = ParameterGuard(ns)
    exec("bor: Range[float, 0, 1] = 0.8", ns)
    guard.check(ns, "x.ipynb")
    assert calls == ["unit_cost.ipynb", "x.ipynb"]
    for bad in ({"bor": 1.5}, {"bro": 1}):  # the same messages both ways
        trial = dict(ns)
        trial.update(bad)
        with pytest.raises(ParameterError) as inside:
            guard.check(trial, "unit_cost.ipynb")
        with pytest.raises(ParameterError) as before:
            check_parameters(UNIT_COST, bad)
        assert str(inside.value.problems[0]).split(";")[0] == str(before.value.problems[0]).split(";")[0]


def test_parameters_cell_is_read_with_pythons_parser():
    from jkncost.compendium.parameters import parse_cell

    cell = ('# a comment line\nmethod: Literal["a", "b"] = "a"  # choice; with = and # inside\n'
            'xs: list = [1,\n    2]  # spans two lines\nplain = 3\n')
    found = parse_cell(cell)
    assert found == {"method": {"type": 'Literal["a", "b"]', "default": '"a"', "help": "choice; with = and # inside"},
                     "xs": {"type": "list", "default": "[1,\n    2]", "help": "spans two lines"}}
    with pytest.raises(ValueError, match="only"):
        from jkncost.compendium.parameters import evaluate

        evaluate("__import__('os').system('true')")


def test_every_notebook_declares_typed_parameters_and_uses_the_guard():
    for nb_path in sorted(p for p in paths.notebooks().glob("*.ipynb") if not p.name.startswith(".")):
        nb = json.loads(nb_path.read_text())
        assert nb["metadata"]["kernelspec"]["name"] == "python3", nb_path.name
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{nb_path.name}: exactly one cell tagged 'parameters'"
        lines = [ln for ln in "".join(tagged[0]["source"]).splitlines() if ln.strip() and not ln.startswith("#")]
        for ln in lines:
            assert ":" in ln.split("=")[0] and "#" in ln, f"{nb_path.name}: '{ln}' needs a type annotation and a comment"
            comment = ln.split("  # ", 1)[1]
            assert "%" not in comment and '""' not in comment and "''" not in comment, f"{nb_path.name}: {ln}"
        source = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        assert "ParameterGuard(globals())" in source and "_guard.check(globals()" in source, nb_path.name
        assert any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), f"{nb_path.name} has no outputs"


def test_no_machine_paths_in_committed_notebooks():
    for nb_path in sorted(p for p in paths.notebooks().glob("*.ipynb") if not p.name.startswith(".")):
        assert not machine_paths_in(nb_path.read_text()), f"{nb_path.name} contains a machine path"


def test_clean_metadata_strips_paths(tmp_path):
    nb = {"cells": [], "metadata": {"papermill": {"input_path": "/x/a.ipynb", "output_path": "/y", "parameters": {}}},
          "nbformat": 4, "nbformat_minor": 5}
    p = tmp_path / "a.ipynb"
    p.write_text(json.dumps(nb))
    clean_metadata(p)
    meta = json.loads(p.read_text())["metadata"]
    assert "input_path" not in meta["papermill"] and meta["kernelspec"]["name"] == "python3"


@pytest.mark.slow
def test_unit_cost_notebook_with_other_parameters(tmp_path):
    out = tmp_path / "out"
    run_notebook(UNIT_COST, tmp_path / "uc.ipynb", {"method": "stepdown", "bor": 0.0, "output_dir": str(out)})
    uc = pd.read_csv(out / "unit_cost.csv")
    assert "output_normative" not in uc.columns
    from jkncost.costing import read_hospital
    from jkncost.costing.unitcost import unit_cost

    expected = unit_cost(read_hospital(paths.template_example()), "stepdown").unit_cost
    # unit_cost.csv is written with six decimals: equal to the engine within half a unit of the last one
    pd.testing.assert_frame_equal(uc, expected, check_exact=False, rtol=0, atol=5e-7)
    assert uc.set_index("center").loc["ICU", ["UC1", "CRR1"]].isna().all()  # no output: no placeholder
    summary = json.loads((out / "summary.json").read_text())
    assert "UC1_ICU" not in summary and summary["without_output"] == "ICU"
    rational = pd.read_csv(out / "rational_tariff.csv").set_index("center")
    np.testing.assert_allclose(rational["rational_tariff"], uc.set_index("center")["UC1"].dropna())  # rule uc


@pytest.mark.slow
def test_unit_cost_notebook_on_a_v1_hospital_without_tariffs(tmp_path):
    out = tmp_path / "out"
    run_notebook(UNIT_COST, tmp_path / "uc.ipynb", {"hospital_dir": "data/raw/example_hospital", "method": "double",
                                                    "tariff_rule": "markup", "tariff_level": 3, "lang": "id",
                                                    "output_dir": str(out)})
    from jkncost.costing import read_hospital
    from jkncost.costing.unitcost import unit_cost

    expected = unit_cost(read_hospital(paths.raw("example_hospital")), "double", bor=0.8).unit_cost
    pd.testing.assert_frame_equal(pd.read_csv(out / "unit_cost.csv"), expected, check_exact=False, rtol=1e-9)
    assert not (out / "tariff_vs_unit_cost.png").exists()  # no tariffs.csv: no CRR figure
    rational = pd.read_csv(out / "rational_tariff.csv").set_index("center")
    np.testing.assert_allclose(rational["rational_tariff"], 1.1 * expected.set_index("center")["UC3"])


@pytest.mark.slow
def test_executed_notebook_shows_its_figures_whatever_the_callers_backend(reproduced_en):
    """The Makefile sets MPLBACKEND=Agg for tests and scripts; the kernel must still draw inline (the shared
    run of tests/reproduced.py runs with MPLBACKEND=Agg)."""
    from jkncost.compendium import manifest

    cells = json.loads(reproduced_en.executed("unit_cost").read_text())["cells"]
    images = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 6  # cost composition, allocation flows, shares heat map, UC1 and UC3 by method, tariff vs unit cost
    with reproduced_en.active():
        files = manifest.load()["runs"]["unit_cost"]["outputs"]
    assert files and all(k.startswith("data/processed/unit_cost/") for k in files)
    assert "data/processed/unit_cost/unit_cost.ipynb" in files


@pytest.mark.slow
def test_plain_papermill_with_unknown_parameter_fails_inside_the_notebook(tmp_path):
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError, match="unknown parameter 'mehtod'"):
        pm.execute_notebook(str(UNIT_COST), str(tmp_path / "x.ipynb"), parameters={"mehtod": "direct"},
                            kernel_name="python3", progress_bar=False, cwd=str(tmp_path))


@pytest.mark.slow
def test_cli_run_rejects_unknown_parameter_before_running(tmp_path, capsys):
    status = main(["run", str(UNIT_COST), "-p", "mehtod", "direct", "--out", str(tmp_path / "x.ipynb")])
    assert status == 2
    assert "unknown parameter 'mehtod'" in capsys.readouterr().err
    assert not (tmp_path / "x.ipynb").exists()
