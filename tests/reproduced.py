"""Every study notebook executed once per language per test run, shared by the tests that inspect the results.

``make reproduce`` (``jkncost reproduce``) is run once in English and once in Indonesian (``--lang id``),
each into a temporary copy of the compendium (``data/raw``, ``notebooks``, ``pyproject.toml``), the first
time a test asks for :func:`reproduced_en` or :func:`reproduced_id` (session fixtures, registered by
the root ``conftest.py``). Tests read the executed notebooks, the outputs, the manifest and the report from there
instead of running the notebooks again; nbval still executes the committed notebooks and compares them.

The notebooks are whatever ``jkncost reproduce`` finds (:func:`jkncost.compendium.reproduce.study_notebooks`),
so a new notebook is covered without editing this file.

The Indonesian run loads a spy into every kernel (an IPython startup file): each figure a notebook draws,
inline or saved, reports its texts before it is drawn, with the study it belongs to (the output folder
the run stages, ``JKNCOST_STAGED``), for ``tests/test_notebooks_indonesian.py``.

Under pytest-xdist each worker has its own session: the root ``conftest.py`` puts the tests that use
one of these fixtures in one ``xdist_group`` per language, so each language runs once, on one worker.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from jkncost.core import paths

SPY = '''
# Loaded by the kernels of tests/reproduced.py (lang id): every figure reports its texts before it is drawn.
import json, os, sys
sys.path.insert(0, {tests!r})
from matplotlib.backend_bases import FigureCanvasBase
from label_check import figure_texts

_print_figure = FigureCanvasBase.print_figure


def _study():
    staged = json.loads(os.environ.get("JKNCOST_STAGED") or "{{}}")
    return os.path.basename(sorted(staged)[0].rstrip("/")) if staged else ""


def _spy(self, *args, **kwargs):
    with open(os.environ["JKNCOST_FIGURE_TEXTS"], "a", encoding="utf-8") as f:
        f.write(json.dumps({{"study": _study(), "texts": figure_texts(self.figure, draw=False)}}, ensure_ascii=False) + "\\n")
    return _print_figure(self, *args, **kwargs)


FigureCanvasBase.print_figure = _spy
'''


@dataclass
class Reproduced:
    """One ``jkncost reproduce`` of every study notebook into a temporary compendium."""

    lang: str
    root: Path
    status: int
    out: str
    err: str
    figure_log: Path | None = None
    studies: list[str] = field(default_factory=list)

    def processed(self, *parts: str) -> Path:
        return self.root / "data" / "processed" / Path(*parts) if parts else self.root / "data" / "processed"

    def executed(self, stem: str) -> Path:
        """The executed notebook of study ``stem``."""
        return self.processed(stem, f"{stem}.ipynb")

    def notebook(self, stem: str):
        """The executed notebook of ``stem``, read with nbformat."""
        import nbformat

        return nbformat.read(self.executed(stem), as_version=4)

    def figure_texts(self) -> dict[str, list[list[str]]]:
        """The texts of every figure drawn, per study (Indonesian run only)."""
        found: dict[str, list[list[str]]] = {}
        if self.figure_log is None or not self.figure_log.is_file():
            return found
        for line in self.figure_log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            found.setdefault(entry["study"], []).append(entry["texts"])
        return found

    @contextlib.contextmanager
    def active(self):
        """``paths.root()`` is this compendium inside the block (for the manifest, verify, the report)."""
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("JKNCOST_ROOT", str(self.root))
            yield self


def copy_compendium(root: Path) -> Path:
    """What a run needs of the repository: raw data, notebooks (subfolders too) and the root marker."""
    shutil.copytree(paths.raw(), root / "data" / "raw")
    shutil.copytree(paths.notebooks(), root / "notebooks", ignore=shutil.ignore_patterns(".*"))
    shutil.copy(paths.root() / "pyproject.toml", root)
    (root / "data" / "processed").mkdir()
    return root


def reproduce_into(base: Path, lang: str) -> Reproduced:
    """Run ``jkncost reproduce`` (``--lang id`` for Indonesian; English: the defaults) into ``base``."""
    from jkncost.cli.main import main
    from jkncost.compendium.reproduce import study_notebooks

    root = copy_compendium(base / "compendium")
    argv = ["reproduce", "--no-progress"] + (["--lang", lang] if lang != "en" else [])
    figure_log = None
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JKNCOST_ROOT", str(root))
        # what the Makefile sets: the kernels must still draw their figures inline
        mp.setenv("MPLBACKEND", "Agg")
        if lang == "id":
            ipython = base / "ipython"
            startup = ipython / "profile_default" / "startup"
            startup.mkdir(parents=True)
            (startup / "00-figure-texts.py").write_text(SPY.format(tests=str(Path(__file__).parent)),
                                                        encoding="utf-8")
            figure_log = base / "figure_texts.jsonl"
            mp.setenv("IPYTHONDIR", str(ipython))
            mp.setenv("JKNCOST_FIGURE_TEXTS", str(figure_log))
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
        studies = [nb.stem for nb in study_notebooks()]
    return Reproduced(lang, root, status, out.getvalue(), err.getvalue(), figure_log, studies)


def _shared(tmp_path_factory, lang: str) -> Reproduced:
    run = reproduce_into(tmp_path_factory.mktemp(f"reproduced-{lang}"), lang)
    if run.status != 0:
        pytest.fail(f"jkncost {'reproduce' if lang == 'en' else 'reproduce --lang id'} failed "
                    f"(exit {run.status}): {run.err.strip()[-2000:]}")
    return run


@pytest.fixture(scope="session")
def reproduced_en(tmp_path_factory) -> Reproduced:
    """``jkncost reproduce`` (English, every notebook's defaults), once per test session."""
    return _shared(tmp_path_factory, "en")


@pytest.fixture(scope="session")
def reproduced_id(tmp_path_factory) -> Reproduced:
    """``jkncost reproduce --lang id`` (Indonesian), once per test session, with every figure's texts."""
    return _shared(tmp_path_factory, "id")
