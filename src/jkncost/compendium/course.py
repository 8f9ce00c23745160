"""``make course``: the course notebooks built per language, in a student and a lecturer version.

The notebooks of ``notebooks/course/`` are the lecturer's masters: narrative in both languages (cells tagged
``lang-en`` and ``lang-id``), worked solutions in cells tagged :data:`SOLUTION_TAG`. :func:`build_course` writes,
under ``data/processed/course/``,

- ``lecturer/<lang>/<notebook>.ipynb``: one language's narrative, the solutions, every check saying *right*;
- ``student/<lang>/<notebook>.ipynb``: one language's narrative, no solution cell and none of the plain-text
  checking prints (``report-remove``), every check saying *not answered yet*;

each executed with ``lang`` set, so tables and messages are in that language too. The expected answers are not in
any cell of either version: the check cells ask :mod:`jkncost.teaching.course`, which computes them from the
notebook's parameters. The folder is replaced whole, in one rename, when every notebook has run.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> nb.cells = [nbformat.v4.new_markdown_cell("Hello", metadata={"tags": ["lang-en"]}),
...             nbformat.v4.new_markdown_cell("Halo", metadata={"tags": ["lang-id"]}),
...             nbformat.v4.new_code_cell("answer_1 = 2", metadata={"tags": ["solution"]})]
>>> [c.source for c in edition(nb, "id", "student").cells]
['Halo']
>>> [c.source for c in edition(nb, "en", "lecturer").cells]
['Hello', 'answer_1 = 2']
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from jkncost.core import paths, staging
from jkncost.compendium.notebook import run_notebook
from jkncost.compendium.report import LANG_TAG, REMOVE_TAG
from jkncost.labels import LANGS, check_lang

#: Cells holding a worked solution: in the lecturer's version only.
SOLUTION_TAG = "solution"
VERSIONS = ("student", "lecturer")
README = """# The course unit, built by `make course`

- `student/<lang>/`: the notebooks to hand out, in one language (`en` English, `id` Bahasa Indonesia), without
  solutions: students set `answer_... = ...` and rerun the check cell.
- `lecturer/<lang>/`: the same notebooks with the worked solutions, every check saying right.

Built from `notebooks/course/` (the lecturer's masters, both languages); rebuild with `make course`.
"""


def course_notebooks() -> list[Path]:
    """The masters of the course, in the order of the meetings (their file names start with the number)."""
    return sorted(p for p in paths.notebooks("course").glob("*.ipynb") if not p.name.startswith("."))


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def edition(nb, lang: str, version: str):
    """A copy of the master ``nb`` for one language and version, outputs cleared.

    Drops the narrative of the other language; the student version also drops the solution cells and the
    plain-text prints meant for nbval (``report-remove``).
    """
    check_lang(lang)
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {', '.join(VERSIONS)}, got {version!r}")
    drop = {LANG_TAG.format(other) for other in LANGS if other != lang}
    if version == "student":
        drop |= {SOLUTION_TAG, REMOVE_TAG}
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells if not (_tags(c) & drop)]
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    out.metadata.setdefault("jkncost", {})["edition"] = {"lang": lang, "version": version}
    return out


def build_course(out: str | Path | None = None, langs=LANGS, notebooks: list[Path] | None = None,
                 progress=print) -> list[Path]:
    """Execute every edition of the course into ``out`` (default ``data/processed/course``); return the files.

    Parameters
    ----------
    out : folder replaced whole when every notebook has run.
    langs : the languages to build.
    notebooks : the masters (default :func:`course_notebooks`).
    progress : called with one line per notebook executed (None: quiet).
    """
    import nbformat

    out = Path(out) if out is not None else paths.processed("course")
    masters = list(notebooks) if notebooks is not None else course_notebooks()
    written = []
    with staging.staged_dir(out, owned=paths.processed() in out.resolve().parents) as stage, \
            tempfile.TemporaryDirectory() as tmp:
        (stage / "README.md").write_text(README, encoding="utf-8")
        for master in masters:
            nb = nbformat.read(str(master), as_version=4)
            for lang in langs:
                for version in VERSIONS:
                    source = Path(tmp) / version / lang / master.name
                    source.parent.mkdir(parents=True, exist_ok=True)
                    nbformat.write(edition(nb, lang, version), str(source))
                    dest = stage / version / lang / master.name
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    run_notebook(source, dest, {"lang": lang}, cwd=master.parent)
                    written.append(out / version / lang / master.name)
                    if progress:
                        progress(f"{version}/{lang}/{master.name}")
    return written


if __name__ == "__main__":  # python -m jkncost.compendium.course (what `make course` runs)
    build_course()
