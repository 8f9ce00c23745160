"""Runs you can trust: guarded output folders, outputs that are exactly one run's, clean interruptions,
parameter values checked before a kernel, byte-stable executed notebooks, `make lab` anywhere."""

from __future__ import annotations

import logging
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from jkncost.cli.main import main
from jkncost.core import io, paths, staging
from jkncost.compendium import manifest
from jkncost.compendium.notebook import normalize, run_notebook, study_notebook
from jkncost.errors import InputError

REPO = paths.root()


def _write_notebook(path: Path, parameters: str, body: str, name: str) -> Path:
    assert path.stem == name
    return study_notebook(path, parameters, body, inputs=[])


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A miniature compendium with a fast notebook whose outputs depend on its method."""
    root = tmp_path / "proj"
    (root / "data" / "raw" / "demo").mkdir(parents=True)
    (root / "data" / "processed").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname='demo'\n")
    (root / "data" / "raw" / "demo" / "input.csv").write_text("a,b\n1,2\n")
    _write_notebook(root / "notebooks" / "demo.ipynb",
                    'method: Literal["double", "reciprocal"] = "double"  # allocation method\n'
                    'pause: Range[float, 0, 60] = 0.0  # seconds to wait before writing\n'
                    'output_dir: str = "data/processed/demo"  # where outputs go',
                    "import time\nfrom pathlib import Path\nout = paths.resolve(output_dir)\n"
                    "out.mkdir(parents=True, exist_ok=True)\n(out / 'started').write_text('1')\ntime.sleep(pause)\n"
                    "(out / f'flows_{method}.csv').write_text(f'method\\n{method}\\n')\n"
                    "print('wrote', paths.relative(out))", "demo")
    _write_notebook(root / "notebooks" / "other.ipynb", 'output_dir: str = "data/processed/other"  # outputs',
                    "pass", "other")
    monkeypatch.setenv("JKNCOST_ROOT", str(root))
    return root


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# --------------------------------------------------------------------------------------------
# Guards and parameter values: refused before any kernel starts
# --------------------------------------------------------------------------------------------

@pytest.fixture
def no_kernel(monkeypatch):
    """Any attempt to start a kernel fails the test."""
    import papermill

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", refuse)


@pytest.mark.parametrize("out, message", [
    ("data/raw/pasangkayu", "inside data/raw/"),
    ("data/raw", "inside data/raw/"),
    ("data", "holds data/raw/"),
    (".", "holds data/raw/"),
    ("data/processed/bone", "belongs to study 'bone'"),
    ("data/processed/bone/mine", "belongs to study 'bone'"),
    ("data/processed", "holds data/processed/"),
    ("notebooks", "holds the notebook being run"),
])
def test_output_folder_guards(out, message, no_kernel, capsys):
    raw_before = {p: manifest.sha256(p) for p in manifest._files(paths.raw("pasangkayu"))}
    status = main(["run", str(paths.notebooks("pasangkayu.ipynb")), "-p", "output_dir", out])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and message in err[0], err
    assert {p: manifest.sha256(p) for p in manifest._files(paths.raw("pasangkayu"))} == raw_before


def test_output_folder_may_not_hold_an_input(tmp_path, no_kernel, capsys):
    import shutil

    hospital = tmp_path / "mine" / "hospital"
    shutil.copytree(paths.raw("example_hospital"), hospital)  # a valid hospital: only the place is wrong
    status = main(["run", str(paths.notebooks("unit_cost.ipynb")), "-p", "hospital_dir", str(hospital),
                   "-p", "output_dir", str(tmp_path / "mine"), "--out", str(tmp_path / "x.ipynb")])
    assert status == 2 and "holds an input of this run" in capsys.readouterr().err


def test_executed_notebook_may_not_go_into_raw_data(no_kernel, capsys):
    status = main(["run", str(paths.notebooks("unit_cost.ipynb")), "--out", "data/raw/unit_cost.ipynb"])
    assert status == 2 and "inside data/raw/" in capsys.readouterr().err


def test_a_folder_owned_by_another_command_is_refused_before_a_kernel(tmp_path, no_kernel, capsys):
    mine = tmp_path / "results"
    with io.atomic_dir(mine, owner="unitcost") as tmp:
        (tmp / "unit_cost.csv").write_text("center\n")
    (mine / "chapter1.docx").write_text("years of work")
    status = main(["run", str(paths.notebooks("unit_cost.ipynb")), "-p", "output_dir", str(mine),
                   "--out", str(tmp_path / "x.ipynb")])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and "holds the outputs of jkncost unitcost" in err[0], err
    assert _tree(mine) == [".jkncost-output", "chapter1.docx", "unit_cost.csv"]


@pytest.mark.parametrize("name, value, reason", [
    ("method", "triple", "must be one of 'direct', 'stepdown', 'double', 'reciprocal'"),
    ("bor", "7.5", "must be a float in [0, 1]"),
    ("bor", "-0.1", "must be a float in [0, 1]"),
])
def test_parameter_values_refused_before_a_kernel(name, value, reason, tmp_path, no_kernel, capsys):
    status = main(["run", str(paths.notebooks("unit_cost.ipynb")), "-p", name, value,
                   "-p", "output_dir", str(tmp_path / "o"), "--out", str(tmp_path / "o" / "x.ipynb")])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and reason in err[0], err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("notebook, name, value, reason", [
    ("unit_cost.ipynb", "hospital_dir", "/nonexistent", "parameter 'hospital_dir': /nonexistent: no such file or folder"),
    ("unit_cost.ipynb", "hospital_dir", "TEMPLATE", "parameter 'hospital_dir': cost_centers.csv: every table holds only its header"),
    ("caesarean.ipynb", "cohort_csv", "MISSING", "parameter 'cohort_csv': "),
    ("pasangkayu.ipynb", "atp_wtp_file", "MISSING", "no such file or folder"),
])
def test_files_and_folders_a_notebook_reads_are_checked_before_a_kernel(notebook, name, value, reason, tmp_path,
                                                                        no_kernel, capsys):
    assert main(["template", str(tmp_path / "tpl")]) == 0  # headers only: not a hospital yet
    capsys.readouterr()
    value = {"TEMPLATE": str(tmp_path / "tpl"), "MISSING": str(tmp_path / "nothere.csv")}.get(value, value)
    status = main(["run", str(paths.notebooks(notebook)), "-p", name, value,
                   "-p", "output_dir", str(tmp_path / "o"), "--out", str(tmp_path / "o" / "x.ipynb")])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and reason in err[0], err
    assert not (tmp_path / "o").exists()


def test_a_keyword_where_a_path_may_go_is_left_to_the_notebook():
    from jkncost.compendium.parameters import check_paths

    check_paths(paths.notebooks("methods.ipynb"), {"hospital_dir": "pasangkayu"})  # the study loader, not a path


def test_reproduce_and_sweep_check_values_up_front(tmp_path, no_kernel, capsys):
    from jkncost.compendium.notebook import ParameterError
    from jkncost.compendium.reproduce import reproduce

    with pytest.raises(ParameterError, match="'method' must be one of"):
        reproduce([paths.notebooks("unit_cost.ipynb")], parameters={"unit_cost": {"method": "triple"}},
                  progress=False, report=False, manifest=False)
    grid = tmp_path / "grid.yaml"
    grid.write_text("parameters:\n  bor: [0.8, 7.5]\n")
    status = main(["sweep", str(paths.notebooks("unit_cost.ipynb")), "--grid", str(grid),
                   "--out", str(tmp_path / "sweep")])
    err = capsys.readouterr().err
    assert status == 2 and "parameters.bor[1]" in err and "a float in [0, 1]" in err
    assert not (tmp_path / "sweep").exists()


# --------------------------------------------------------------------------------------------
# Staging: one rename, exactly this run's files, leftovers of killed runs cleaned
# --------------------------------------------------------------------------------------------

def test_atomic_dir_replaces_the_folder_whole(tmp_path):
    target = tmp_path / "report"
    with io.atomic_dir(target) as tmp:
        (tmp / "old.html").write_text("1")
    with io.atomic_dir(target) as tmp:
        (tmp / "new.html").write_text("2")
        assert _tree(target) == [".jkncost-output", "old.html"]  # nothing changes until the rename
    assert _tree(target) == [".jkncost-output", "new.html"]
    with pytest.raises(RuntimeError), io.atomic_dir(target) as tmp:
        (tmp / "half.html").write_text("3")
        raise RuntimeError("failed half way")
    assert _tree(target) == [".jkncost-output", "new.html"]  # a failed build keeps the previous one whole
    assert not (tmp_path / staging.TMP).exists()


def test_each_file_is_put_in_place_in_one_rename(tmp_path, monkeypatch):
    """Readers never see a half-written file: each staged file is moved, not copied, and files the
    run did not write (the user's) are not touched."""
    target = tmp_path / "out"
    with staging.staged_dir(target, owner="unitcost") as tmp:
        (tmp / "a.csv").write_text("1")
    (target / "mine.txt").write_text("mine")
    inode_of = {}
    real_rename = os.rename

    def spy(src, dst, *a, **kw):
        inode_of[Path(dst).name] = os.stat(src).st_ino
        return real_rename(src, dst, *a, **kw)

    monkeypatch.setattr(os, "rename", spy)
    with staging.staged_dir(target, owner="unitcost") as tmp:
        (tmp / "b.csv").write_text("2")
        staged_inode = os.stat(tmp / "b.csv").st_ino
    assert os.stat(target / "b.csv").st_ino == staged_inode == inode_of["b.csv"]
    assert _tree(target) == [".jkncost-output", "b.csv", "mine.txt"]
    assert not (tmp_path / staging.TMP).exists()


def test_every_start_cleans_what_killed_runs_left(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    hidden = tmp_path / staging.TMP
    left = hidden / f"{staging._host()}-{dead.pid}-abc-out"
    left.mkdir(parents=True)
    (left / "half.csv").write_text("1")
    alive = hidden / f"{staging._host()}-{os.getpid()}-def-out"
    alive.mkdir()
    with staging.staged_dir(tmp_path / "out") as tmp:
        (tmp / "x.csv").write_text("1")
    assert not left.exists() and alive.exists()  # a running process's staging is left alone


def test_outputs_get_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        with staging.staged_dir(tmp_path / "out") as tmp:
            (tmp / "a.csv").write_text("1")
            os.chmod(tmp / "a.csv", 0o600)  # as mkstemp and papermill's temporaries make them
        with staging.staged_file(tmp_path / "nb.ipynb") as tmp:
            tmp.write_text("{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "out" / "a.csv").st_mode) == 0o644
    assert stat.S_IMODE(os.stat(tmp_path / "out").st_mode) == 0o755
    assert stat.S_IMODE(os.stat(tmp_path / "nb.ipynb").st_mode) == 0o644


@pytest.mark.slow
def test_a_reciprocal_run_after_a_double_run_leaves_no_double_files(project, capsys):
    nb = str(project / "notebooks" / "demo.ipynb")
    assert main(["run", nb]) == 0
    out = project / "data" / "processed" / "demo"
    assert _tree(out) == [".jkncost-output", "demo.ipynb", "flows_double.csv", "started"]
    assert main(["run", nb, "-p", "method", "reciprocal"]) == 0
    assert _tree(out) == [".jkncost-output", "demo.ipynb", "flows_reciprocal.csv", "started"]
    entry = manifest.load()["runs"]["demo"]
    assert sorted(entry["outputs"]) == ["data/processed/demo/demo.ipynb", "data/processed/demo/flows_reciprocal.csv",
                                        "data/processed/demo/started"]
    assert entry["parameters"]["method"] == "reciprocal"
    executed = (out / "demo.ipynb").read_text()
    assert "wrote data/processed/demo" in executed and staging.TMP not in executed  # printed as the real folder
    assert stat.S_IMODE(os.stat(out / "demo.ipynb").st_mode) == 0o666 & ~_umask()
    assert not (project / "data" / "processed" / staging.TMP).exists()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _start_slow_run(project: Path) -> tuple[subprocess.Popen, Path]:
    """`jkncost run` of the demo notebook that waits in its last cell; returns once the kernel is writing."""
    env = {**os.environ, "JKNCOST_ROOT": str(project)}
    proc = subprocess.Popen([sys.executable, "-m", "jkncost.cli", "run", str(project / "notebooks" / "demo.ipynb"),
                             "-p", "pause", "30"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    hidden = project / "data" / "processed" / staging.TMP
    for _ in range(1200):
        if list(hidden.glob("*/started")):
            return proc, hidden
        if proc.poll() is not None:
            pytest.fail(f"run ended early: {proc.communicate()}")
        time.sleep(0.1)
    proc.kill()
    pytest.fail("the run never started writing")


@pytest.mark.slow
def test_ctrl_c_says_one_line_exits_130_and_keeps_earlier_outputs(project):
    assert main(["run", str(project / "notebooks" / "demo.ipynb")]) == 0
    out = project / "data" / "processed" / "demo"
    before = {p: manifest.sha256(out / p) for p in _tree(out)}
    proc, hidden = _start_slow_run(project)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert err.strip().splitlines() == ["jkncost run: interrupted: earlier outputs kept"]
    assert {p: manifest.sha256(out / p) for p in _tree(out)} == before
    assert not hidden.exists() or not any(hidden.iterdir())


@pytest.mark.slow
def test_a_killed_runs_staging_is_gone_after_the_next_start(project):
    proc, hidden = _start_slow_run(project)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert any(hidden.iterdir())  # SIGKILL leaves its staging folder behind
    assert main(["run", str(project / "notebooks" / "demo.ipynb")]) == 0
    assert not hidden.exists() or not any(hidden.iterdir())
    assert _tree(project / "data" / "processed" / "demo") == [".jkncost-output", "demo.ipynb", "flows_double.csv",
                                                              "started"]


# --------------------------------------------------------------------------------------------
# Byte-stable executed notebooks
# --------------------------------------------------------------------------------------------

def test_normalize_merges_streams_and_drops_times():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"start_time": "t", "end_time": "u", "duration": 1.0, "input_path": "/x",
                                "output_path": "/y", "parameters": {"a": 1}}
    cell = nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
        nbformat.v4.new_output("stream", name="stderr", text="w\n"),
        nbformat.v4.new_output("stream", name="stdout", text="c\n")])
    cell.metadata["execution"] = {"iopub.execute_input": "t"}
    cell.metadata["papermill"] = {"start_time": "t", "end_time": "u", "duration": 1.0, "status": "completed"}
    nb.cells = [cell]
    normalize(nb)
    assert [o["text"] for o in nb.cells[0].outputs] == ["a\nb\n", "w\n", "c\n"]
    assert nb.metadata["papermill"] == {"parameters": {"a": 1}}
    assert nb.cells[0].metadata == {"papermill": {"status": "completed"}}


@pytest.mark.slow
def test_two_identical_runs_give_identical_notebooks(project, tmp_path):
    nb = _write_notebook(project / "notebooks" / "chunks.ipynb", 'output_dir: str = "data/processed/chunks"  # out',
                         "import time\nfor i in range(3):\n    print('line', i, flush=True)\n"
                         "    time.sleep(0.3)  # the kernel sends each piece apart\n", "chunks")
    first = run_notebook(nb, tmp_path / "a" / "chunks.ipynb", {"output_dir": str(tmp_path / "a")})
    second = run_notebook(nb, tmp_path / "b" / "chunks.ipynb", {"output_dir": str(tmp_path / "b")})
    a, b = first.executed.read_bytes(), second.executed.read_bytes()
    cell = next(c for c in nbformat.reads(a.decode(), as_version=4).cells if "print('line'" in c.source)
    assert [(o["name"], o["text"]) for o in cell.outputs] == [("stdout", "line 0\nline 1\nline 2\n")]
    # the two runs differ only by the output_dir each was given
    assert a.replace(str(tmp_path / "a").encode(), b"X") == b.replace(str(tmp_path / "b").encode(), b"X")


# --------------------------------------------------------------------------------------------
# make lab
# --------------------------------------------------------------------------------------------

def _lab_dry_run() -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["JKNCOST_LAB_PORT"] = str(_free_port())
    result = subprocess.run([sys.executable, "-m", "jkncost.compendium.lab", "notebooks", "--dry-run"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_command_line_as_root_and_not(monkeypatch, capsys):
    out = _lab_dry_run()  # the real thing, as whoever runs the tests
    assert "open http://127.0.0.1:" in out and "/lab?token=" in out
    assert ("--allow-root" in out) == (os.geteuid() == 0)
    assert "--no-browser" in out  # no display in this environment
    from jkncost.compendium import lab

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    for euid, root in [(0, True), (1000, False)]:
        monkeypatch.setattr(os, "geteuid", lambda euid=euid: euid)
        assert lab.main(["notebooks", "--dry-run"]) == 0
        printed = capsys.readouterr().out
        assert ("--allow-root" in printed) == root and "--no-browser" in printed
    monkeypatch.setenv("DISPLAY", ":0")
    assert lab.main(["notebooks", "--dry-run"]) == 0
    assert "--no-browser" not in capsys.readouterr().out


def test_make_lab_calls_the_helper():
    dry = subprocess.run(["make", "-n", "lab"], cwd=REPO, capture_output=True, text=True, timeout=60)
    if dry.returncode != 0:
        pytest.skip(f"make is not usable here: {dry.stderr.strip()[:200]}")
    assert "-m jkncost.compendium.lab notebooks" in dry.stdout


def test_staging_refuses_a_file_as_output_folder(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(InputError, match="is a file"):
        staging.check_replaceable(f)


def test_folders_of_the_compendium_are_replaced_even_without_the_marker(project):
    """A report folder written by an earlier version (no marker) is still the compendium's own."""
    report = project / "data" / "processed" / "report"
    report.mkdir()
    (report / "index.html").write_text("old")
    with io.atomic_dir(report) as tmp:
        (tmp / "index.html").write_text("new")
    assert (report / "index.html").read_text() == "new"


def test_sweep_into_raw_data_is_refused_before_anything_runs(tmp_path, no_kernel, capsys):
    grid = tmp_path / "grid.yaml"
    grid.write_text("parameters:\n  bor: [0.8]\n")
    status = main(["sweep", str(paths.notebooks("unit_cost.ipynb")), "--grid", str(grid),
                   "--out", "data/raw/example_hospital/sweep"])
    assert status == 2 and "inside data/raw/" in capsys.readouterr().err
    assert not paths.raw("example_hospital", "sweep").exists()


def test_a_refused_value_loads_neither_a_kernel_nor_the_heavy_libraries():
    """What keeps `-p method triple` under a second: no kernel, no pandas, no nbformat (its schema
    validator alone takes seconds to import); measured in the report, asserted here without a clock."""
    code = ("import sys\nfrom jkncost.cli.main import main\n"
            "rc = main(['run', 'notebooks/unit_cost.ipynb', '-p', 'method', 'triple'])\n"
            "print(rc, sorted(m for m in ('pandas', 'nbformat', 'papermill', 'jupyter_client') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "2 []", done.stdout + done.stderr
    assert "must be one of" in done.stderr


@pytest.mark.slow
def test_a_literal_parameter_gives_no_unknown_parameter_warning(tmp_path, caplog):
    # papermill's reader of the parameters cell does not know Literal[...] and logged "Passed unknown
    # parameter: lang" for every `jkncost reproduce --lang id`; the names are checked before the run
    nb = study_notebook(tmp_path / "nb" / "labels.ipynb", 'lang: Literal["en", "id"] = "en"  # labels',
                        "print('lang is', lang)")
    with caplog.at_level("WARNING"):
        result = run_notebook(nb, tmp_path / "out" / "labels.ipynb", {"lang": "id"})
    assert "lang is id" in result.executed.read_text(encoding="utf-8")
    assert not [r for r in caplog.records if "unknown parameter" in r.getMessage()]
    assert not logging.getLogger("papermill").filters  # the filter is gone after the run
