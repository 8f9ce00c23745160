"""Narrative in both languages: every notebook that takes ``lang`` tells its story in English and Indonesian.

A markdown cell with words is tagged ``lang-en`` and followed at once by its Indonesian twin tagged
``lang-id`` (:data:`jkncost.compendium.report.LANG_TAG`); the reader's view keeps the cells of the language the
notebook ran in (``jkncost reproduce --lang id`` gives the whole report in Indonesian), and a student in
JupyterLab reads each paragraph in both languages, one under the other. A cell of formulas alone needs no twin.
The twins say the same things: they hold the same formulas, links and code names.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from jkncost.compendium.notebook import declared_parameters
from jkncost.compendium.report import LANG_TAG

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (REPO / "notebooks").glob("*.ipynb") if "lang" in declared_parameters(p))
EN, ID = LANG_TAG.format("en"), LANG_TAG.format("id")
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)
_WORD = re.compile(r"[A-Za-z]{3,}")


def _tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def _has_words(source: str) -> bool:
    return bool(_WORD.search(_MATH.sub("", source)))


def _shared(source: str) -> dict[str, list[str]]:
    """What a translation keeps as it is: formulas, link targets, code spans."""
    return {"formulas": sorted(m.replace(" ", "") for m in _MATH.findall(source)),
            "links": sorted(re.findall(r"\]\(([^)]+)\)", source)),
            "code": sorted(re.findall(r"`([^`]+)`", source))}


def language_problems(nb) -> list[str]:
    """Markdown cells without a language, without a twin, or whose twin drops a formula, link or code name."""
    problems = []
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        tags = _tags(cell)
        if EN in tags:
            twin = cells[i + 1] if i + 1 < len(cells) else None
            if twin is None or twin.cell_type != "markdown" or ID not in _tags(twin):
                problems.append(f"cell {i}: {EN} without a {ID} twin right after it")
            elif _shared(cell.source) != _shared(twin.source):
                a, b = _shared(cell.source), _shared(twin.source)
                diff = {k: sorted(set(a[k]) ^ set(b[k])) for k in a if a[k] != b[k]}
                problems.append(f"cell {i}: the twins differ in what a translation keeps: {diff}")
        elif ID in tags:
            if i == 0 or EN not in _tags(cells[i - 1]):
                problems.append(f"cell {i}: {ID} without its {EN} original right before it")
        elif _has_words(cell.source):
            problems.append(f"cell {i}: prose in no language (tag it {EN} and add its {ID} twin)")
    return problems


def test_language_problems_finds_untagged_prose_lonely_twins_and_dropped_formulas():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("The unit cost $UC = TC / Q$", metadata={"tags": [EN]}),
                nbformat.v4.new_markdown_cell("Biaya satuan", metadata={"tags": [ID]}),
                nbformat.v4.new_markdown_cell("$$UC_3 = VC / Q$$"),
                nbformat.v4.new_markdown_cell("Untagged words here"),
                nbformat.v4.new_markdown_cell("Alone", metadata={"tags": [EN]}),
                nbformat.v4.new_markdown_cell("Sendiri", metadata={"tags": [ID]}),
                nbformat.v4.new_markdown_cell("Sendiri lagi", metadata={"tags": [ID]})]
    found = language_problems(nb)
    assert len(found) == 3, found
    assert "cell 0" in found[0] and "formulas" in found[0]
    assert "cell 3" in found[1] and "no language" in found[1]
    assert "cell 6" in found[2]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_paragraph_has_its_indonesian_twin(notebook):
    problems = language_problems(nbformat.read(notebook, as_version=4))
    assert not problems, f"{notebook.name}:\n" + "\n".join(problems)
