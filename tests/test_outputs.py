"""The output policy: no command ever loses or corrupts a file it did not write (issue 21).

A command replaces only the files it wrote itself (listed in its folder's marker), never deletes
another file, refuses folders another command owns, data/raw/ and its own inputs, overwrites an
existing file it did not write only with --force, and fails on an error of the system with one line
(exit 2), leaving the earlier files as they were and no temporary folder. Notebook runs are checked
with a stand-in for the kernel (the policy is the same code; the kernel is tested in test_runs.py).
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import nbformat
import pytest

from jkncost.cli.main import main
from jkncost.core import io, paths, staging
from jkncost.compendium import manifest, notebook as nbmod
from jkncost.compendium.notebook import run_notebook, study_notebook
from jkncost.errors import InputError

EXAMPLE = str(paths.raw("example_hospital"))


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) with its SHA-256."""
    return {p.relative_to(folder).as_posix(): manifest.sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def err_lines(capsys) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


@pytest.fixture
def fake_kernel(monkeypatch):
    """Notebook runs without a kernel: the executed notebook is the notebook with its parameters, and the
    run writes ``flows_<method>.csv`` into its output folder (where ``paths.resolve(output_dir)`` points)."""

    def execute(notebook, executed, parameters, progress_bar, cwd, env, kernel_log):
        nb = nbformat.read(str(notebook), as_version=4)
        nb.metadata["papermill"] = {"parameters": dict(parameters)}
        nbformat.write(nb, str(executed))
        for stage in set(json.loads(env.get(paths.STAGED_ENV, "{}")).values()):
            method = parameters.get("method", "double")
            (Path(stage) / f"flows_{method}.csv").write_text(f"method\n{method}\n")

    monkeypatch.setattr(nbmod, "_execute", execute)


# --------------------------------------------------------------------------------------------
# The README's steps, in any order, with any method
# --------------------------------------------------------------------------------------------

@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_the_readme_steps_rerun_with_another_method_lose_no_file(tmp_path, fake_kernel, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    unit_cost_nb, study_nb = str(paths.notebooks("unit_cost.ipynb")), str(paths.notebooks("pasangkayu.ipynb"))
    assert main(["unitcost", EXAMPLE, "--method", "double", "--out", "results"]) == 0
    assert main(["workbook", EXAMPLE, "--method", "double", "--out", "results/audit.xlsx"]) == 0
    results = tmp_path / "results"  # a notebook's relative output_dir is the repository's: give it whole
    assert main(["run", unit_cost_nb, "-p", "method", "reciprocal", "-p", "output_dir", str(results / "unit_cost"),
                 "--out", "results/unit_cost/unit_cost.ipynb"]) == 0
    assert main(["run", study_nb, "-p", "output_dir", str(results / "study"),
                 "--out", "results/study/pasangkayu.ipynb"]) == 0
    (tmp_path / "results" / "my notes.txt").write_text("the auditor's own file")
    before = snapshot(tmp_path / "results")
    assert main(["unitcost", EXAMPLE, "--method", "reciprocal", "--out", "results"]) == 0
    after = snapshot(tmp_path / "results")
    mine = {"unit_cost.csv", "allocation.csv", ".jkncost-output"}
    assert {k: v for k, v in after.items() if k not in mine} == {k: v for k, v in before.items() if k not in mine}
    assert after["unit_cost.csv"] != before["unit_cost.csv"]  # the new method's numbers
    # the notebook run again with the other method: its own old file goes, nothing else
    assert main(["run", unit_cost_nb, "-p", "output_dir", str(results / "unit_cost"),
                 "--out", "results/unit_cost/unit_cost.ipynb"]) == 0
    assert tree(tmp_path / "results" / "unit_cost") == [".jkncost-output", "flows_double.csv", "unit_cost.ipynb"]
    assert set(snapshot(tmp_path / "results")) == set(after) - {"unit_cost/flows_reciprocal.csv"} | {
        "unit_cost/flows_double.csv"}
    assert not list(tmp_path.rglob(staging.TMP))  # no temporary folder anywhere


# --------------------------------------------------------------------------------------------
# Places no command writes: data/raw, another study's or the report's folder, an input of the run
# --------------------------------------------------------------------------------------------

def _untouched(folder: Path):
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*")} if folder.exists() else None


@pytest.mark.parametrize("out, message", [
    ("data/raw/x", "inside data/raw/"),
    ("data/raw", "inside data/raw/"),
    ("data", "holds data/raw/"),
    ("data/processed", "holds data/processed/"),
    ("data/processed/bone", "the folder of study 'bone'"),
    ("data/processed/report", "the report's folder"),
])
def test_unitcost_never_writes_into_raw_data_a_study_or_the_report(out, message, capsys):
    target = paths.root() / out
    raw_before, target_before = _untouched(paths.raw()), _untouched(target)
    assert main(["unitcost", EXAMPLE, "--out", str(target)]) == 2
    err = err_lines(capsys)
    assert len(err) == 1 and message in err[0] and "--out" in err[0], err
    assert _untouched(paths.raw()) == raw_before and _untouched(target) == target_before
    assert not (target.parent / staging.TMP).exists()


@pytest.mark.parametrize("out, message", [
    ("data/raw/bone/audit.xlsx", "inside data/raw/"),
    ("data/processed/bone/audit.xlsx", "the folder of study 'bone'"),
])
def test_workbook_never_writes_into_raw_data_or_a_study(out, message, capsys):
    target = paths.root() / out
    assert main(["workbook", EXAMPLE, "--out", str(target)]) == 2
    err = err_lines(capsys)
    assert len(err) == 1 and message in err[0], err
    assert not target.exists() and not (target.parent / staging.TMP).exists()


def test_workbook_never_overwrites_its_own_input(tmp_path, capsys):
    assert main(["template", str(tmp_path / "h")]) == 0
    book = tmp_path / "h" / "example.xlsx"
    before = book.read_bytes()
    for force in ([], ["--force"]):
        assert main(["workbook", str(book), "--out", str(book), *force]) == 2
        err = err_lines(capsys)
        assert len(err) == 1 and "an input of this run" in err[-1], err
    assert book.read_bytes() == before
    assert main(["unitcost", str(tmp_path / "h"), "--out", str(tmp_path / "h")]) == 2  # into the hospital folder
    assert "an input of this run" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "h").iterdir()) == [
        "README.md", "allocation_bases.csv", "assets.csv", "cost_centers.csv", "costs.csv", "example.xlsx",
        "tariffs.csv"] or not (tmp_path / "h" / "unit_cost.csv").exists()


def test_run_into_raw_data_writes_nothing_there(capsys):
    """`jkncost run` refused raw data before; no hidden folder appears there either."""
    assert main(["unitcost", EXAMPLE, "--out", str(paths.raw("x"))]) == 2
    assert not (paths.raw() / staging.TMP).exists() and not paths.raw("x").exists()


# --------------------------------------------------------------------------------------------
# Files the command did not write: never deleted, overwritten only with --force
# --------------------------------------------------------------------------------------------

def test_an_existing_file_is_overwritten_only_with_force(tmp_path, capsys):
    out = tmp_path / "results"
    out.mkdir()
    (out / "unit_cost.csv").write_text("my own table")
    (out / "audit.xlsx").write_text("my own workbook")
    (out / "thesis.docx").write_text("years of work")
    assert main(["unitcost", EXAMPLE, "--out", str(out)]) == 2
    err = err_lines(capsys)
    assert len(err) == 1 and "unit_cost.csv: exists and was not written by this command" in err[0] \
        and "--force" in err[0], err
    assert main(["workbook", EXAMPLE, "--out", str(out / "audit.xlsx")]) == 2
    err = err_lines(capsys)
    assert len(err) == 1 and "audit.xlsx: exists and was not written" in err[0] and "--force" in err[0], err
    assert (out / "unit_cost.csv").read_text() == "my own table" and (out / "audit.xlsx").read_text() == "my own workbook"
    assert main(["unitcost", EXAMPLE, "--out", str(out), "--force"]) == 0
    assert main(["workbook", EXAMPLE, "--out", str(out / "audit.xlsx"), "--force"]) == 0
    assert (out / "thesis.docx").read_text() == "years of work"
    assert (out / "unit_cost.csv").read_text().startswith("center,")
    # from now on they are the commands' own: no --force needed
    assert main(["unitcost", EXAMPLE, "--out", str(out)]) == 0
    assert main(["workbook", EXAMPLE, "--out", str(out / "audit.xlsx")]) == 0


def test_a_file_changed_since_the_command_wrote_it_is_kept(tmp_path, capsys):
    out = tmp_path / "results"
    assert main(["unitcost", EXAMPLE, "--out", str(out)]) == 0
    (out / "unit_cost.csv").write_text("edited in a spreadsheet, with comments")
    assert main(["unitcost", EXAMPLE, "--method", "reciprocal", "--out", str(out)]) == 2
    err = err_lines(capsys)
    assert len(err) == 1 and "was changed since jkncost unitcost wrote it" in err[0] and "--force" in err[0], err
    assert (out / "unit_cost.csv").read_text() == "edited in a spreadsheet, with comments"


def test_a_folder_owned_by_another_command_is_refused(tmp_path, capsys):
    out = tmp_path / "results"
    assert main(["unitcost", EXAMPLE, "--out", str(out)]) == 0
    before = snapshot(out)
    (tmp_path / "hospitals").mkdir()
    assert main(["batch", str(tmp_path / "hospitals"), "--out", str(out)]) == 2
    err = err_lines(capsys)
    assert len(err) == 1 and "holds the outputs of jkncost unitcost" in err[0] and "another output folder" in err[0]
    assert snapshot(out) == before


def test_a_notebook_run_keeps_the_users_files_and_removes_only_its_own(tmp_path, fake_kernel, capsys):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_text("years of work")
    nb = paths.notebooks("unit_cost.ipynb")
    run = ["run", str(nb), "-p", "output_dir", str(out), "--out", str(out / "unit_cost.ipynb")]
    assert main(run) == 0
    assert tree(out) == [".jkncost-output", "chapter1.docx", "flows_double.csv", "unit_cost.ipynb"]
    assert main([*run, "-p", "method", "reciprocal"]) == 0
    assert tree(out) == [".jkncost-output", "chapter1.docx", "flows_reciprocal.csv", "unit_cost.ipynb"]
    assert (out / "chapter1.docx").read_text() == "years of work"
    # a file of the user's with the name of an output: refused when the run ends, nothing changed; --force
    (out / "flows_double.csv").write_text("mine")
    before = snapshot(out)
    assert main(run) == 2
    err = err_lines(capsys)
    assert len(err) == 1 and "flows_double.csv: exists and was not written" in err[0], err
    assert snapshot(out) == before and not (tmp_path / staging.TMP).exists()
    assert main([*run, "--force"]) == 0 and (out / "flows_double.csv").read_text() == "method\ndouble\n"


def test_an_executed_notebook_outside_its_folder_does_not_overwrite_a_users_file(tmp_path, fake_kernel, capsys):
    mine = tmp_path / "report.ipynb"
    mine.write_text("my own notebook")
    assert main(["run", str(paths.notebooks("unit_cost.ipynb")), "-p", "output_dir", str(tmp_path / "o"),
                 "--out", str(mine)]) == 2
    assert "--force" in capsys.readouterr().err and mine.read_text() == "my own notebook"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A miniature compendium with one study notebook."""
    root = tmp_path / "proj"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "processed").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname='demo'\n")
    study_notebook(root / "notebooks" / "demo.ipynb",
                   'method: Literal["double", "reciprocal"] = "double"  # method\n'
                   'output_dir: str = "data/processed/demo"  # where outputs go', "pass", inputs=[])
    monkeypatch.setenv("JKNCOST_ROOT", str(root))
    return root


def test_re_execution_in_place_keeps_the_executed_notebook_of_the_report(project, fake_kernel):
    """`make notebooks` re-executes notebooks/demo.ipynb in place: data/processed/demo/demo.ipynb, which
    `reproduce` wrote and the report's page is made from, stays."""
    nb = project / "notebooks" / "demo.ipynb"
    run_notebook(nb, paths.processed("demo", "demo.ipynb"))
    study = project / "data" / "processed" / "demo"
    assert tree(study) == [".jkncost-output", "demo.ipynb", "flows_double.csv"]
    nbmod.execute_in_place(nb, {"method": "reciprocal"})
    assert tree(study) == [".jkncost-output", "demo.ipynb", "flows_double.csv", "flows_reciprocal.csv"]


def test_a_study_folder_of_an_earlier_version_is_still_the_studys(project, fake_kernel):
    study = project / "data" / "processed" / "demo"
    study.mkdir()
    (study / staging.MARKER).write_text("written by jkncost: the next run into this folder replaces the whole folder\n")
    (study / "flows_double.csv").write_text("old")
    run_notebook(project / "notebooks" / "demo.ipynb", paths.processed("demo", "demo.ipynb"))
    assert (study / "flows_double.csv").read_text() == "method\ndouble\n"


# --------------------------------------------------------------------------------------------
# Errors of the system: one line, exit 2, nothing half-written, no temporary folder
# --------------------------------------------------------------------------------------------

def test_a_failed_commit_puts_every_earlier_file_back(tmp_path, monkeypatch):
    from jkncost.core import outputs

    out = tmp_path / "results"
    with outputs.output_folder(out, "unitcost") as tmp:
        (tmp / "a.csv").write_text("old a")
        (tmp / "b.csv").write_text("old b")
    before = snapshot(out)
    real, calls = os.rename, []

    def fail_third(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "rename", fail_third)
    with pytest.raises(OSError), outputs.output_folder(out, "unitcost") as tmp:
        (tmp / "a.csv").write_text("new a")
        (tmp / "b.csv").write_text("new b")
    monkeypatch.setattr(os, "rename", real)
    assert snapshot(out) == before
    assert not (tmp_path / staging.TMP).exists()


@pytest.mark.parametrize("err", [errno.EROFS, errno.ENOSPC, errno.EACCES])
def test_os_errors_are_one_line_and_keep_earlier_outputs(err, tmp_path, monkeypatch, capsys):
    out = tmp_path / "results"
    assert main(["unitcost", EXAMPLE, "--out", str(out)]) == 0
    before = snapshot(out)
    real = os.rename

    def failing(src, dst):
        raise OSError(err, os.strerror(err), str(dst))

    monkeypatch.setattr(os, "rename", failing)
    assert main(["unitcost", EXAMPLE, "--method", "reciprocal", "--out", str(out)]) == 2
    monkeypatch.setattr(os, "rename", real)
    lines = err_lines(capsys)
    assert len(lines) == 1 and os.strerror(err).lower() in lines[0] and "earlier outputs kept" in lines[0], lines
    assert snapshot(out) == before and not (tmp_path / staging.TMP).exists()


def test_disk_full_while_writing_the_workbook(tmp_path, monkeypatch, capsys):
    from jkncost.workbook import writer

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer, "save_stable", full)
    assert main(["workbook", EXAMPLE, "--out", str(tmp_path / "audit.xlsx")]) == 2
    lines = err_lines(capsys)
    assert len(lines) == 1 and "no space left on device" in lines[0], lines
    assert tree(tmp_path) == []


def test_a_path_too_long_is_one_line(tmp_path, capsys):
    out = tmp_path / ("x" * 300)
    assert main(["unitcost", EXAMPLE, "--out", str(out)]) == 2
    lines = err_lines(capsys)
    assert len(lines) == 1 and "file name too long" in lines[0], lines
    assert tree(tmp_path) == []


def test_no_temporary_folder_is_left_beside_outputs(tmp_path, capsys):
    assert main(["unitcost", EXAMPLE, "--out", str(tmp_path / "r")]) == 0
    assert main(["workbook", EXAMPLE, "--out", str(tmp_path / "r" / "audit.xlsx")]) == 0
    assert main(["template", str(tmp_path / "t")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r", "t"]
    assert not list(tmp_path.rglob(staging.TMP))


def test_the_policy_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "replaces only the files it wrote itself" in text and "--force" in text and "data/raw/" in text


def test_atomic_dir_of_another_owner_is_refused(tmp_path):
    with io.atomic_dir(tmp_path / "r", owner="unitcost") as tmp:
        (tmp / "a.csv").write_text("1")
    with pytest.raises(InputError, match="holds the outputs of jkncost unitcost"), \
            io.atomic_dir(tmp_path / "r", owner="abc"):
        pass


# --------------------------------------------------------------------------------------------
# One writer of data/processed at a time
# --------------------------------------------------------------------------------------------

@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_a_second_reproduce_is_refused_while_one_runs(project, fake_kernel, capsys):
    import subprocess
    import sys

    code = ("import time\nfrom jkncost.core.outputs import processed_lock\n"
            "with processed_lock('reproduce'):\n    print('locked', flush=True)\n    time.sleep(120)\n")
    first = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "JKNCOST_ROOT": str(project)},
                             stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline().strip() == "locked"
        assert main(["reproduce", "--no-progress", "--jobs", "1"]) == 2
        err = err_lines(capsys)
        assert len(err) == 1 and f"another command is writing here (jkncost reproduce, process {first.pid})" in err[0]
        assert main(["run", str(project / "notebooks" / "demo.ipynb")]) == 2  # into the study's folder: the same
        assert "another command is writing here" in capsys.readouterr().err
        assert not (project / "data" / "processed" / "demo").exists()
    finally:
        first.kill()
        first.wait()
    assert main(["reproduce", "--no-progress", "--jobs", "1"]) == 0  # the lock goes with its process
    assert (project / "data" / "processed" / "demo" / "demo.ipynb").is_file()


# --------------------------------------------------------------------------------------------
# The report: in the language of its runs, cards in reproduce's order, covered by verify
# --------------------------------------------------------------------------------------------

@pytest.fixture
def two_studies(project):
    """The project with a second study, ``unit_cost`` (listed first by reproduce), both taking ``lang``."""
    for stem in ("demo", "unit_cost"):
        study_notebook(project / "notebooks" / f"{stem}.ipynb",
                       'lang: Literal["en", "id"] = "en"  # labels\n'
                       f'output_dir: str = "data/processed/{stem}"  # where outputs go', "pass", inputs=[])
    return project


def _index(project: Path) -> str:
    return (project / "data" / "processed" / "report" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_the_report_speaks_the_language_of_its_runs(two_studies, fake_kernel, capsys):
    assert main(["reproduce", "--no-progress", "--jobs", "1", "--lang", "id"]) == 0
    assert '<html lang="id">' in _index(two_studies)
    assert {r["lang"] for r in manifest.load()["runs"].values()} == {"id"}  # each run says its language
    assert main(["reproduce", "--no-progress", "--jobs", "1"]) == 0  # the notebooks' default, English
    assert '<html lang="en">' in _index(two_studies)  # was: Indonesian index over English notebooks
    assert main(["reproduce", "--no-progress", "--jobs", "1", "--lang", "id"]) == 0
    assert main(["report"]) == 0  # rebuilt from the runs: their language
    assert '<html lang="id">' in _index(two_studies)


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_the_report_command_keeps_the_card_order_of_reproduce(two_studies, fake_kernel, capsys):
    assert main(["reproduce", "--no-progress", "--jobs", "1"]) == 0
    first = _index(two_studies)
    assert first.index('href="unit_cost.html"') < first.index('href="demo.html"')
    assert main(["report"]) == 0
    again = _index(two_studies)
    assert again.index('href="unit_cost.html"') < again.index('href="demo.html"')  # was: by name


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_verify_says_when_the_report_is_missing_or_older_than_its_runs(two_studies, fake_kernel, capsys):
    from jkncost.compendium.reproduce import reproduce

    assert main(["reproduce", "--no-progress", "--jobs", "1"]) == 0
    capsys.readouterr()
    assert main(["verify"]) == 0
    assert "report       fresh" in capsys.readouterr().out
    reproduce([two_studies / "notebooks" / "demo.ipynb"], progress=False, report=False, parameters={
        "demo": {"lang": "id"}})
    assert main(["verify"]) == 1
    out = capsys.readouterr().out
    assert "report       stale" in out and "data/processed/demo/demo.ipynb (run after the report was built" in out
    assert main(["report"]) == 0
    assert main(["verify"]) == 0
    (two_studies / "data" / "processed" / "report" / "index.html").unlink()
    assert main(["verify"]) == 1
    assert "report       missing" in capsys.readouterr().out


# --------------------------------------------------------------------------------------------
# Sweeps
# --------------------------------------------------------------------------------------------

def test_a_sweep_refuses_a_users_sweep_csv_and_a_folder_another_command_owns(tmp_path, capsys):
    grid = tmp_path / "grid.yaml"
    grid.write_text("parameters:\n  bor: [0.8]\n")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "sweep.csv").write_text("my own table")
    sweep = ["sweep", str(paths.notebooks("unit_cost.ipynb")), "--grid", str(grid), "--no-progress", "--out"]
    assert main([*sweep, str(mine)]) == 2
    err = err_lines(capsys)
    assert len(err) == 1 and "sweep.csv: exists and was not written by this command" in err[0], err
    assert tree(mine) == ["sweep.csv"]
    assert main(["unitcost", EXAMPLE, "--out", str(tmp_path / "results")]) == 0
    capsys.readouterr()
    assert main([*sweep, str(tmp_path / "results")]) == 2
    assert "holds the outputs of jkncost unitcost" in capsys.readouterr().err
    assert not (tmp_path / "results" / "runs").exists()


def test_removing_an_earlier_runs_folder_keeps_files_jkncost_did_not_write(tmp_path):
    run = tmp_path / "runs" / "002"
    with staging.staged_dir(run, owner="notebook:unit_cost") as tmp:
        (tmp / "unit_cost.csv").write_text("1")
        (tmp / "figures").mkdir()
        (tmp / "figures" / "a.png").write_text("png")
    (run / "my_notes.txt").write_text("mine")
    staging.remove_own(run)
    assert tree(run) == ["my_notes.txt"]
    staging.remove_own(tmp_path / "runs" / "003")  # nothing there: nothing to do


def test_a_file_the_user_edits_during_a_run_is_never_taken_for_the_runs(tmp_path, monkeypatch):
    out = tmp_path / "results"
    out.mkdir()
    (out / "notes.txt").write_text("before")

    def execute(notebook, executed, parameters, progress_bar, cwd, env, kernel_log):
        nbformat.write(nbformat.read(str(notebook), as_version=4), str(executed))
        (out / "notes.txt").write_text("edited by the user while the run ran")
        (out / "direct.csv").write_text("written by the notebook without paths.resolve")

    monkeypatch.setattr(nbmod, "_execute", execute)
    nb = paths.notebooks("unit_cost.ipynb")
    run_notebook(nb, out / "unit_cost.ipynb", {"output_dir": str(out)})
    files = staging.read_marker(out).files
    assert "direct.csv" in files and "notes.txt" not in files
    monkeypatch.setattr(nbmod, "_execute", lambda notebook, executed, *a: nbformat.write(
        nbformat.read(str(notebook), as_version=4), str(executed)))
    run_notebook(nb, out / "unit_cost.ipynb", {"output_dir": str(out)})  # writes neither: its own goes
    assert tree(out) == [".jkncost-output", "notes.txt", "unit_cost.ipynb"]
    assert (out / "notes.txt").read_text() == "edited by the user while the run ran"


def test_template_never_writes_into_raw_data(capsys):
    target = paths.raw("my_hospital")
    assert main(["template", str(target)]) == 2
    err = err_lines(capsys)
    assert len(err) == 1 and "inside data/raw/" in err[0], err
    assert not target.exists() and not (paths.raw() / staging.TMP).exists()


@pytest.mark.slow
def test_the_readme_steps_with_real_kernels_lose_no_file(tmp_path, monkeypatch):
    """The README's "Your own hospital" steps as a user runs them, notebooks included, then unitcost again."""
    monkeypatch.chdir(tmp_path)
    results = tmp_path / "results"
    assert main(["template", "my_hospital"]) == 0
    hospital = str(paths.template_example())  # the filled example stands for the user's filled folder
    assert main(["unitcost", hospital, "--method", "double", "--bor", "0.8", "--out", "results"]) == 0
    assert main(["workbook", hospital, "--method", "double", "--bor", "0.8", "--out", "results/audit.xlsx"]) == 0
    assert main(["run", str(paths.notebooks("unit_cost.ipynb")), "-p", "hospital_dir", hospital, "-p", "method",
                 "reciprocal", "-p", "output_dir", str(results / "unit_cost"),
                 "--out", "results/unit_cost/unit_cost.ipynb"]) == 0
    before = snapshot(results)
    assert main(["unitcost", hospital, "--method", "stepdown", "--out", "results"]) == 0
    after = snapshot(results)
    mine = {"unit_cost.csv", "allocation.csv", ".jkncost-output"}
    assert {k: v for k, v in after.items() if k not in mine} == {k: v for k, v in before.items() if k not in mine}
    assert any(k.startswith("unit_cost/") and k.endswith(".png") for k in after)
    assert not list(tmp_path.rglob(staging.TMP))


# --------------------------------------------------------------------------------------------
# jkncost abc follows the same policy
# --------------------------------------------------------------------------------------------

@pytest.fixture
def activity_folder(tmp_path):
    from tests.activity_folders import EXAMPLE as ACTIVITY_EXAMPLE, write_folder

    return write_folder(ACTIVITY_EXAMPLE, tmp_path / "activity")


def test_abc_keeps_the_users_files_and_refuses_a_folder_another_command_owns(tmp_path, activity_folder, capsys):
    out = tmp_path / "results"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert main(["abc", str(activity_folder), "--out", str(out)]) == 0
    assert (out / "notes.txt").read_text() == "mine" and (out / "cost_objects.csv").is_file()
    assert main(["abc", str(activity_folder), "--out", str(out), "--markup", "0.3"]) == 0  # a rerun: its own files
    assert (out / "notes.txt").read_text() == "mine"
    capsys.readouterr()
    unit = tmp_path / "unit"
    assert main(["unitcost", EXAMPLE, "--out", str(unit)]) == 0
    before = snapshot(unit)
    capsys.readouterr()
    assert main(["abc", str(activity_folder), "--out", str(unit)]) == 2
    err = err_lines(capsys)
    assert len(err) == 1 and "holds the outputs of jkncost unitcost" in err[0], err
    assert snapshot(unit) == before


def test_abc_never_writes_into_raw_data_nor_over_its_input(activity_folder, capsys):
    target = paths.root() / "data/raw/x"
    assert main(["abc", str(activity_folder), "--out", str(target)]) == 2
    assert "inside data/raw/" in err_lines(capsys)[0] and not target.exists()
    before = snapshot(activity_folder)
    assert main(["abc", str(activity_folder), "--out", str(activity_folder)]) == 2
    assert len(err_lines(capsys)) == 1 and snapshot(activity_folder) == before


def test_abc_overwrites_a_users_file_of_the_same_name_only_with_force(tmp_path, activity_folder, capsys):
    out = tmp_path / "results"
    out.mkdir()
    (out / "cost_objects.csv").write_text("my own table\n")
    assert main(["abc", str(activity_folder), "--out", str(out)]) == 2
    err = err_lines(capsys)
    assert len(err) == 1 and "--force" in err[0], err
    assert (out / "cost_objects.csv").read_text() == "my own table\n"
    assert main(["abc", str(activity_folder), "--out", str(out), "--force"]) == 0
    assert (out / "cost_objects.csv").read_text().startswith("cost_object,")
