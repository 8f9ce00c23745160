"""Provenance: manifest entries, verification of stale runs, and reproduce stopping on a failed notebook."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from jkncost.compendium import manifest, paths


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A miniature compendium (own root, raw data, notebooks) so runs never touch the real outputs."""
    root = tmp_path / "proj"
    (root / "data" / "raw" / "demo").mkdir(parents=True)
    (root / "data" / "processed").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "pyproject.toml").write_text("[project]\nname='demo'\n")
    (root / "data" / "raw" / "demo" / "input.csv").write_text("a,b\n1,2\n")

    def notebook(name, body):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        cells = [nbformat.v4.new_code_cell("from jkncost.compendium.notebook import ParameterGuard\n_guard = ParameterGuard(globals())"),
                 nbformat.v4.new_code_cell('output_dir: str = "data/processed/X"  # where outputs go'.replace("X", name)),
                 nbformat.v4.new_code_cell(f'params = _guard.check(globals(), "{name}.ipynb")'),
                 nbformat.v4.new_code_cell(body)]
        cells[1].metadata["tags"] = ["parameters"]
        nb.cells = cells
        nbformat.write(nb, root / "notebooks" / f"{name}.ipynb")

    notebook("a_good", "from jkncost import paths, io\nimport pandas as pd\n"
                       "io.write_csv(pd.read_csv(paths.raw('demo', 'input.csv')), paths.resolve(output_dir) / 'out.csv')")
    notebook("b_bad", "x = 1\nraise RuntimeError('deliberate failure')")
    monkeypatch.setenv("JKNCOST_ROOT", str(root))
    return root


@pytest.mark.slow
def test_reproduce_records_manifest_and_stops_on_failure(project):
    from jkncost.compendium.notebook import NotebookFailed
    from jkncost.compendium.reproduce import reproduce, study_notebooks

    nbs = study_notebooks()
    assert [nb.stem for nb in nbs] == ["a_good", "b_bad"]
    with pytest.raises(NotebookFailed) as err:
        reproduce(nbs, progress=False, report=False)
    assert "b_bad.ipynb: cell 3 failed: RuntimeError: deliberate failure" in str(err.value)
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


def test_package_digest_is_stable():
    assert manifest.package_digest() == manifest.package_digest()
    assert len(manifest.package_digest()) == 64
    assert paths.root().is_dir()
    assert shutil.which("git") is None or manifest.git_commit()


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
