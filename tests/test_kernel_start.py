"""A kernel that dies while it starts is started again, a bounded number of times; nothing else is retried."""

from __future__ import annotations

import pytest

from jkncost.compendium import notebook as runner
from jkncost.compendium.notebook import KERNEL_DIED_AT_START, KERNEL_START_TRIES, NotebookFailed, run_notebook, study_notebook

# An IPython startup file runs while the kernel initializes, before it answers kernel_info: exiting there is
# a kernel that dies at start, as seen when many kernels start at once. It dies while a counter is below DIE.
DYING_START = '''
import os, pathlib
count = pathlib.Path(os.environ["JKNCOST_TEST_STARTS"])
starts = int(count.read_text()) + 1 if count.exists() else 1
count.write_text(str(starts))
if starts <= int(os.environ["JKNCOST_TEST_DIE"]):
    os._exit(1)
'''


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """A one-cell study notebook in a miniature compendium, whose kernel dies at start JKNCOST_TEST_DIE times."""
    root = tmp_path / "proj"
    (root / "data" / "processed").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname='demo'\n")
    monkeypatch.setenv("JKNCOST_ROOT", str(root))
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-die.py").write_text(DYING_START)
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("JKNCOST_TEST_STARTS", str(tmp_path / "starts"))
    nb = study_notebook(root / "notebooks" / "tiny.ipynb", 'output_dir: str = "data/processed/tiny"  # outputs',
                        "out = paths.resolve(output_dir)\nout.mkdir(parents=True, exist_ok=True)\n"
                        "(out / 'done.txt').write_text('done')", inputs=[])
    return root, nb, tmp_path / "starts"


@pytest.mark.slow
def test_a_kernel_that_dies_at_start_is_started_again(tiny, monkeypatch):
    root, nb, starts = tiny
    monkeypatch.setenv("JKNCOST_TEST_DIE", str(KERNEL_START_TRIES - 1))
    result = run_notebook(nb, root / "data" / "processed" / "tiny" / "tiny.ipynb")
    assert starts.read_text() == str(KERNEL_START_TRIES)  # died every time but the last, which ran
    assert (root / "data" / "processed" / "tiny" / "done.txt").read_text() == "done"
    assert "data/processed/tiny/done.txt" in result.files


def _fake_runs(monkeypatch, errors):
    """Replace the single execution by one that raises ``errors`` in turn (then succeeds); count the calls."""
    calls = []

    def once(*args, **kwargs):
        calls.append(args)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]

    monkeypatch.setattr(runner, "_execute_once", once)
    monkeypatch.setattr(runner.time, "sleep", lambda seconds: None)
    return calls


def _execute():
    runner._execute(None, None, {}, False, None, {}, None)


def test_death_at_start_is_retried_until_a_start_succeeds(monkeypatch):
    calls = _fake_runs(monkeypatch, [RuntimeError(KERNEL_DIED_AT_START)] * (KERNEL_START_TRIES - 1))
    _execute()
    assert len(calls) == KERNEL_START_TRIES


def test_death_at_start_gives_up_after_the_bound(monkeypatch):
    calls = _fake_runs(monkeypatch, [RuntimeError(KERNEL_DIED_AT_START)] * (KERNEL_START_TRIES + 5))
    with pytest.raises(RuntimeError, match=KERNEL_DIED_AT_START):
        _execute()
    assert len(calls) == KERNEL_START_TRIES


def test_death_at_start_is_recognized_behind_a_wrapping_error(monkeypatch):
    wrapped = ValueError("papermill failed")
    wrapped.__cause__ = RuntimeError(KERNEL_DIED_AT_START)
    calls = _fake_runs(monkeypatch, [wrapped])
    _execute()
    assert len(calls) == 2


@pytest.mark.parametrize("error", [
    NotebookFailed("x.ipynb", 3, "ZeroDivisionError", "division by zero"),  # a cell failed
    RuntimeError("Kernel didn't respond in 60 seconds"),  # a slow start is not a death
    RuntimeError("Kernel died"),  # nbclient's DeadKernelError text: died in a cell
])
def test_other_failures_are_not_retried(monkeypatch, error):
    calls = _fake_runs(monkeypatch, [error])
    with pytest.raises(type(error)):
        _execute()
    assert len(calls) == 1
