"""A failed notebook run keeps its partly executed notebook beside the untouched earlier outputs (issue 26, item 6).

The notebook raises in a chosen code cell: the earlier outputs stay byte for byte, the failed notebook is kept as
``<stem>.FAILED.ipynb`` with the cells up to the failing one executed and the error in it, the one-line error
names the cell, the line, the exception and the file; the next good run removes it; a user's file of that name
is not overwritten without ``--force``.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from jkncost.cli.main import main
from jkncost.compendium.notebook import NotebookFailed, run_notebook, study_notebook
from jkncost.core import staging

pytestmark = pytest.mark.slow  # each test starts a kernel


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A miniature compendium whose notebook fails in its fifth code cell when ``fail`` is true."""
    root = tmp_path / "proj"
    (root / "data" / "raw" / "demo").mkdir(parents=True)
    (root / "data" / "processed").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname='demo'\n")
    nb = study_notebook(root / "notebooks" / "demo.ipynb",
                        'fail: bool = False  # raise in the fifth cell\n'
                        'output_dir: str = "data/processed/demo"  # where outputs go',
                        "out = paths.resolve(output_dir)\nout.mkdir(parents=True, exist_ok=True)\n"
                        "(out / 'first.csv').write_text('x\\n1\\n')", inputs=[])
    book = nbformat.read(nb, as_version=4)
    book.cells += [nbformat.v4.new_code_cell("value = 41\nprint('before the failure')"),
                   nbformat.v4.new_code_cell("value += 1\nif fail:\n    raise ValueError('the 42nd cell went wrong')\n"
                                             "(out / 'second.csv').write_text(f'x\\n{value}\\n')"),
                   nbformat.v4.new_code_cell("print('after the failure')")]
    nbformat.write(book, nb)
    monkeypatch.setenv("JKNCOST_ROOT", str(root))
    return root


def _folder(root: Path) -> dict[str, bytes]:
    folder = root / "data" / "processed" / "demo"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
            and not p.name.endswith(".FAILED.ipynb") and p.name != staging.MARKER}


def _run(root: Path, *extra: str) -> int:
    return main(["run", str(root / "notebooks" / "demo.ipynb"), *extra])


def test_a_failed_run_keeps_the_partly_run_notebook_beside_the_untouched_outputs(project, capsys):
    assert _run(project) == 0
    good = _folder(project)
    assert set(good) == {"demo.ipynb", "first.csv", "second.csv"}
    capsys.readouterr()

    assert _run(project, "-p", "fail", "true") == 1
    err = capsys.readouterr().err.strip()
    failed = project / "data" / "processed" / "demo" / "demo.FAILED.ipynb"
    assert _folder(project) == good  # the earlier outputs, byte for byte
    # one line: the cell as Jupyter numbers it, the line in it, the exception and where the notebook is
    assert len(err.splitlines()) == 1
    assert "demo.ipynb: cell In [7], line 3: ValueError: the 42nd cell went wrong" in err
    assert "partly run notebook: data/processed/demo/demo.FAILED.ipynb" in err and "earlier outputs kept" in err

    book = nbformat.read(failed, as_version=4)
    code = [c for c in book.cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    assert counts == [1, 2, 3, 4, 5, 6, 7, None]  # the injected parameters cell counts; nothing after the error
    errors = [o for o in code[6].outputs if o.output_type == "error"]
    assert errors and errors[0].ename == "ValueError" and "42nd" in errors[0].evalue
    assert "before the failure" in "".join(o.get("text", "") for o in code[5].outputs)
    assert not code[7].outputs
    assert "/tmp/" not in json.dumps(book.metadata)  # normalized like every executed notebook
    # recorded as the notebook's own file in the folder's marker
    assert staging.read_marker(failed.parent).files["demo.FAILED.ipynb"]["by"] == "notebook:demo"

    assert _run(project) == 0  # a good run removes it, and the marker forgets it
    assert not failed.exists() and "demo.FAILED.ipynb" not in staging.read_marker(failed.parent).files
    after = _folder(project)
    assert after["first.csv"] == good["first.csv"] and after["second.csv"] == good["second.csv"]


def test_a_users_file_of_that_name_is_not_overwritten_without_force(project, capsys):
    mine = project / "data" / "processed" / "demo" / "demo.FAILED.ipynb"
    mine.parent.mkdir(parents=True)
    mine.write_text("my notes")
    assert _run(project, "-p", "fail", "true") == 1
    err = capsys.readouterr().err
    assert mine.read_text() == "my notes"
    assert "partly run notebook not kept" in err and "--force" in err and "ValueError" in err
    assert _run(project) == 0 and mine.read_text() == "my notes"  # a good run does not remove it either
    assert _run(project, "-p", "fail", "true", "--force") == 1
    assert mine.read_text() != "my notes" and "partly run notebook: " in capsys.readouterr().err


def test_a_run_elsewhere_keeps_it_beside_the_executed_notebook_and_its_output_folder_stays_new(project, tmp_path):
    out = tmp_path / "mine" / "run.ipynb"
    with pytest.raises(NotebookFailed) as e:
        run_notebook(project / "notebooks" / "demo.ipynb", out,
                     {"fail": True, "output_dir": str(tmp_path / "mine" / "outputs")})
    assert e.value.failed is not None and Path(e.value.failed) == tmp_path / "mine" / "run.FAILED.ipynb"
    assert e.value.exec_count == 7 and e.value.line == 3
    assert (tmp_path / "mine" / "run.FAILED.ipynb").is_file() and not out.exists()
    assert not (tmp_path / "mine" / "outputs").exists()  # created for the run, removed again
    run_notebook(project / "notebooks" / "demo.ipynb", out, {"output_dir": str(tmp_path / "mine" / "outputs")})
    assert not (tmp_path / "mine" / "run.FAILED.ipynb").exists() and out.is_file()


def test_the_failure_travels_between_processes_with_its_fields():
    import pickle

    exc = NotebookFailed("a.ipynb", 4, "ValueError", "bad", 4, 2, "data/processed/a/a.FAILED.ipynb")
    back = pickle.loads(pickle.dumps(exc))
    assert str(back) == str(exc) and back.failed == exc.failed and back.line == 2
