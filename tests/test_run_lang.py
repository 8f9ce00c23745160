"""``jkncost run --lang id`` (issue 26, item 4): the notebook's parameter ``lang`` set from the option, the command's own
lines in Indonesian; a notebook without ``lang`` is run as it is, and told. No kernel starts in these tests."""

from __future__ import annotations

import pytest

from jkncost.cli.main import main
from jkncost.compendium import notebook as nb
from jkncost.core import paths


@pytest.fixture
def no_kernel(monkeypatch):
    """The run stops where a kernel would start: a notebook failure, with the parameters it was given."""
    given = {}

    def fail(notebook, out, params, **kwargs):
        given.update(params)
        raise nb.NotebookFailed(str(notebook.name), 3, "ValueError", "boom", exec_count=3)

    monkeypatch.setattr(nb, "run_notebook", fail)
    return given


def _run(tmp_path, *extra):
    return main(["run", str(paths.notebooks("unit_cost.ipynb")), "-p", "output_dir", str(tmp_path / "o"),
                 "--out", str(tmp_path / "o" / "x.ipynb"), *extra])


def test_lang_sets_the_notebook_parameter_and_speaks_indonesian(tmp_path, no_kernel, capsys):
    assert _run(tmp_path, "--lang", "id") == 1
    assert no_kernel["lang"] == "id"
    err = capsys.readouterr().err.strip()
    assert err.startswith("jkncost run: kesalahan: unit_cost.ipynb: cell In [3]") and \
        err.endswith("; keluaran sebelumnya tetap disimpan")


def test_english_stays_the_default(tmp_path, no_kernel, capsys):
    assert _run(tmp_path) == 1
    assert "lang" not in no_kernel  # the notebook's own default
    err = capsys.readouterr().err.strip()
    assert err.startswith("jkncost run: error: unit_cost.ipynb") and err.endswith("; earlier outputs kept")


def test_bad_input_lines_are_indonesian(tmp_path, no_kernel, capsys):
    assert _run(tmp_path, "--lang", "id", "-p", "lang", "en") == 2
    assert capsys.readouterr().err.strip() == ("jkncost run: kesalahan: --lang: --lang id dan parameter lang = en "
                                               "tidak sama: berikan salah satu")
    assert _run(tmp_path, "--lang", "id", "-p", "bor", "7.5") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("jkncost run: kesalahan: ") and no_kernel == {}
    assert not (tmp_path / "o").exists()


def test_a_notebook_without_lang_is_told(tmp_path, no_kernel, capsys):
    plain = nb.study_notebook(tmp_path / "plain.ipynb", 'output_dir: str = "out"  # outputs', "pass", inputs=[])
    main(["run", str(plain), "--lang", "id", "--out", str(tmp_path / "o" / "plain.ipynb")])
    err = capsys.readouterr().err
    assert "peringatan: plain.ipynb tidak memiliki parameter lang: --lang id hanya mengubah baris perintah" in err
    assert "lang" not in no_kernel
