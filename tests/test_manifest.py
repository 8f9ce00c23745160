"""Provenance: manifest entries, verification of stale runs, declared inputs, and reproduce over failures."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from jkncost.core import paths
from jkncost.compendium import manifest
from jkncost.compendium.notebook import study_notebook


def project_notebook():
    """Holder of the fixture's notebook writer (``project_notebook.make(name, body, inputs)``)."""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A miniature compendium (own root, raw data, notebooks) so runs never touch the real outputs."""
    root = tmp_path / "proj"
    (root / "data" / "raw" / "demo").mkdir(parents=True)
    (root / "data" / "processed").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "pyproject.toml").write_text("[project]\nname='demo'\n")
    (root / "data" / "raw" / "demo" / "input.csv").write_text("a,b\n1,2\n")

    def notebook(name, body, inputs=None):
        study_notebook(root / "notebooks" / f"{name}.ipynb", f'output_dir: str = "data/processed/{name}"  # where outputs go',
                       body, inputs)

    project_notebook.make = notebook
    notebook("a_good", "from jkncost.core import paths, io\nimport pandas as pd\n"
                       "io.write_csv(pd.read_csv(paths.raw('demo', 'input.csv')), paths.resolve(output_dir) / 'out.csv')")
    notebook("b_bad", "x = 1\nraise RuntimeError('deliberate failure')")
    monkeypatch.setenv("JKNCOST_ROOT", str(root))
    return root


@pytest.mark.slow
def test_reproduce_records_manifest_and_stops_on_failure(project, capsys):
    from jkncost.compendium.notebook import NotebookFailed
    from jkncost.compendium.reproduce import reproduce, study_notebooks

    nbs = study_notebooks()
    assert [nb.stem for nb in nbs] == ["a_good", "b_bad"]
    with pytest.raises(NotebookFailed) as err:
        reproduce(nbs, progress=True, report=False, jobs=2)  # both at once, each in its own process
    assert "b_bad.ipynb: cell In [4], line 2: RuntimeError: deliberate failure" in str(err.value)
    assert "partly run notebook: data/processed/b_bad/b_bad.FAILED.ipynb" in str(err.value)
    lines = capsys.readouterr().err.strip().splitlines()  # one line per notebook as it finishes
    assert len(lines) == 2 and {ln[:5] for ln in lines} == {"[1/2]", "[2/2]"}
    assert any("a_good" in ln and " ok " in ln for ln in lines) and any("b_bad" in ln and "failed:" in ln
                                                                       for ln in lines)
    # the earlier notebook's outputs are intact, the failed one left no executed copy
    assert (project / "data" / "processed" / "a_good" / "out.csv").exists()
    assert not (project / "data" / "processed" / "b_bad" / "b_bad.ipynb").exists()
    entry = json.loads((project / "data" / "processed" / "manifest.json").read_text())["runs"]["a_good"]
    assert entry["parameters"] == {"output_dir": "data/processed/a_good"}
    assert entry["inputs"]["data/raw/demo/input.csv"] == manifest.sha256(project / "data/raw/demo/input.csv")
    assert "data/processed/a_good/out.csv" in entry["outputs"]
    assert entry["versions"]["numpy"] and entry["start"] <= entry["end"]
    assert [r["status"] for r in manifest.verify()] == ["fresh"]
    (project / "data" / "raw" / "demo" / "input.csv").write_text("a,b\n1,3\n")
    report = manifest.verify()
    assert report[0]["status"] == "stale" and report[0]["inputs_changed"] == ["data/raw/demo/input.csv"]


@pytest.mark.slow
def test_reproduce_refuses_unknown_parameters_before_running(project):
    from jkncost.compendium.notebook import ParameterError
    from jkncost.compendium.reproduce import reproduce, study_notebooks

    with pytest.raises(ParameterError, match="unknown parameter 'colour'"):
        reproduce(study_notebooks(), progress=False, report=False, parameters={"b_bad": {"colour": "red"}})
    assert not (project / "data" / "processed" / "a_good").exists()


def test_verify_reports_missing_outputs(project):
    out = project / "data" / "processed" / "demo"
    out.mkdir()
    (out / "x.csv").write_text("1\n")
    nb = project / "notebooks" / "a_good.ipynb"
    manifest.record("a_good", manifest.run_entry(nb, out / "a_good.ipynb", {}, out, "t0", "t1"))
    assert manifest.verify()[0]["status"] == "fresh"
    (out / "x.csv").unlink()
    assert manifest.verify()[0]["outputs_changed"] == ["data/processed/demo/x.csv (missing)"]


def test_package_digest_follows_content_not_place_or_time(tmp_path):
    src = tmp_path / "pkg"
    (src / "sub").mkdir(parents=True)
    (src / "a.py").write_text("x = 1\n")
    (src / "sub" / "table.csv").write_text("k,v\n1,2\n")
    first = manifest.package_digest(src)
    assert len(first) == 64
    moved = tmp_path / "elsewhere" / "pkg"
    shutil.copytree(src, moved)
    assert manifest.package_digest(moved) == first  # the folder's place does not matter
    (moved / "sub" / "table.csv").write_text("k,v\n1,3\n")
    assert manifest.package_digest(moved) != first  # a data table of the package is part of it
    (moved / "sub" / "table.csv").write_text("k,v\n1,2\n")
    assert manifest.package_digest(moved) == first
    (moved / "a.py").rename(moved / "b.py")
    assert manifest.package_digest(moved) != first  # a renamed module is a change
    assert manifest.package_digest() != first  # the installed package is hashed by default


def test_git_commit_is_none_outside_a_checkout_and_the_commit_inside(tmp_path):
    outside = tmp_path / "copy"
    outside.mkdir()
    assert manifest.git_commit(outside) is None
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    assert manifest.git_commit(repo) is None  # no commit yet
    (repo / "f.txt").write_text("1\n")
    subprocess.run([*git, "-C", str(repo), "add", "f.txt"], check=True)
    subprocess.run([*git, "-C", str(repo), "commit", "-q", "-m", "one"], check=True)
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    assert manifest.git_commit(repo) == head
    (repo / "f.txt").write_text("2\n")
    assert manifest.git_commit(repo) == head + "-dirty"
    inner = repo / "unpacked"
    inner.mkdir()
    assert manifest.git_commit(inner) is None  # a folder inside someone else's repository is not a checkout


def test_editing_one_studys_raw_file_marks_only_that_study_stale(project):
    raw = project / "data" / "raw"
    (raw / "other").mkdir()
    (raw / "other" / "x.csv").write_text("a\n1\n")
    project_notebook.make("c_demo", "pass", inputs=["data/raw/demo"])
    project_notebook.make("d_other", "pass", inputs=["data/raw/other"])
    project_notebook.make("e_undeclared", "pass")
    out = project / "data" / "processed"
    for stem in ("c_demo", "d_other", "e_undeclared"):
        nb = project / "notebooks" / f"{stem}.ipynb"
        manifest.record(stem, manifest.run_entry(nb, out / stem / f"{stem}.ipynb", {}, out / stem, "t0", "t1"))
    entry = manifest.load()["runs"]["c_demo"]
    assert "data/raw/demo/input.csv" in entry["inputs"] and "data/raw/other/x.csv" not in entry["inputs"]
    assert {r["status"] for r in manifest.verify()} == {"fresh"}
    (raw / "other" / "x.csv").write_text("a\n2\n")
    status = {r["study"]: r["status"] for r in manifest.verify()}
    # the study that declares it, and the one that declares nothing (taken to read all of data/raw)
    assert status == {"c_demo": "fresh", "d_other": "stale", "e_undeclared": "stale"}


def test_every_study_notebook_declares_its_inputs():
    for nb in sorted(paths.notebooks().glob("*.ipynb")):
        declared = manifest.declared_inputs(nb)
        assert declared is not None, f"{nb.name}: metadata.jkncost.inputs is missing"
        assert all(p.exists() for p in declared), nb.name


def test_the_lock_file_is_an_input_when_there_is_one(project):
    nb = project / "notebooks" / "a_good.ipynb"
    assert not any(k.endswith(".lock") for k in manifest.input_hashes(nb, {}))
    (project / "requirements.lock").write_text("numpy==2.0.0\n")
    hashes = manifest.input_hashes(nb, {})
    assert hashes["requirements.lock"] == manifest.sha256(project / "requirements.lock")


@pytest.mark.slow
def test_run_into_the_study_folder_updates_manifest_and_report(project, tmp_path, capsys):
    """`jkncost run` that replaces a study's outputs records them; a run elsewhere leaves the manifest alone."""
    from jkncost.cli.main import main

    nb = str(project / "notebooks" / "a_good.ipynb")
    elsewhere = tmp_path / "mine"
    assert main(["run", nb, "-p", "output_dir", str(elsewhere), "--out", str(elsewhere / "a_good.ipynb")]) == 0
    assert (elsewhere / "out.csv").exists()
    assert manifest.load() == {"runs": {}}
    assert main(["run", nb]) == 0
    assert "manifest entry 'a_good' and the report now reflect this run" in capsys.readouterr().out
    entry = manifest.load()["runs"]["a_good"]
    assert entry["executed"] == "data/processed/a_good/a_good.ipynb"
    assert "data/processed/a_good/out.csv" in entry["outputs"]
    assert (project / "data" / "processed" / "report" / "index.html").exists()
    assert [r["status"] for r in manifest.verify()] == ["fresh"]


def test_package_digest_covers_package_data(tmp_path, monkeypatch):
    """The rule tables ship inside the package now: editing one must change the digest, as a .py edit does."""
    pkg = tmp_path / "jkncost"
    (pkg / "compendium").mkdir(parents=True)
    (pkg / "jkn" / "data" / "rules").mkdir(parents=True)
    (pkg / "compendium" / "manifest.py").write_text("# stand-in\n")
    table = pkg / "jkn" / "data" / "rules" / "contributions.csv"
    table.write_text("rule_id,amount\nC1,25500\n")
    monkeypatch.setattr(manifest, "__file__", str(pkg / "compendium" / "manifest.py"))
    before = manifest.package_digest()
    table.write_text("rule_id,amount\nC1,42000\n")
    assert manifest.package_digest() != before
