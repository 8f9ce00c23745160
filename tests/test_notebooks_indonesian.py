"""Every notebook that takes ``lang``, run with ``lang="id"``: every figure text and table header is Indonesian.

Each notebook is read from the session's one ``jkncost reproduce --lang id`` (``tests/reproduced.py``),
whose kernels load a spy at start (an IPython startup file): every figure the notebook draws, whether
shown inline or saved, reports its texts before it is drawn. Then

- every text of every figure (titles, axes, ticks, legends, captions, annotations) and
- every header and caption of every HTML table the reader sees (cells not tagged ``report-remove``)

must be a label from the catalogue's Indonesian side, a data value from the bundled input files (center
names, tariff names), or a number, date or rupiah amount; no table cell the reader sees may be an English
status word; and no reader sees a plain-text table (a check cell printing one is tagged ``report-remove``
and the next cell shows the same numbers with :func:`jkncost.display.show`).
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import nbformat
import pytest

from jkncost.compendium import paths
from jkncost.compendium.notebook import declared_parameters, defaults
from jkncost.compendium.report import REMOVE_TAG
from jkncost.compendium.statuses import STATUSES
from jkncost.labels import label
from tests.label_check import Checker

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (REPO / "notebooks").glob("*.ipynb") if "lang" in declared_parameters(p))

_TH = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_TD = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _bundled_data_values() -> set[str]:
    """Short texts of every bundled input table (center, class, tariff, segment names): data, not labels."""
    values: set[str] = set()
    folders = [paths.raw(), REPO / "src" / "jkncost"]
    # hospital and study folder names (the teaching notebook names each hospital by its folder)
    values.update(p.name for p in paths.raw().iterdir() if p.is_dir())
    values.update(p.name for p in (REPO / "src" / "jkncost").rglob("*") if p.is_dir() and p.parent.name == "data")
    for folder in folders:
        for f in folder.rglob("*.csv"):
            if "labels" in f.parts:
                continue
            with open(f, encoding="utf-8-sig", newline="") as fh:
                for row in csv.reader(fh):
                    values.update(v.strip() for v in row if v.strip() and len(v) <= 80)
    return values


def _plain_text_table(text: str) -> bool:
    """Three or more lines with three or more columns aligned by runs of spaces: a printed DataFrame."""
    lines = [ln for ln in text.splitlines() if len(re.findall(r"\S+(?:\s\S+)*", ln)) >= 3
             and re.search(r"\S {2,}\S", ln)]
    return len(lines) >= 3


def reader_problems(nb, check: Checker) -> list[str]:
    """What a reader of ``nb`` (run with lang id) would see that is not Indonesian, or is a text table."""
    english_status = set(STATUSES)
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or REMOVE_TAG in cell.metadata.get("tags", []):
            continue
        for out in cell.get("outputs", []):
            page = out.get("data", {}).get("text/html", "")
            if page:
                for header in _TH.findall(page) + _CAPTION.findall(page):
                    text = html.unescape(_TAG.sub("", header)).strip()
                    if text and not check.ok(text):
                        problems.append(f"cell {i}: table header {text!r}")
                for cell_text in _TD.findall(page):
                    text = html.unescape(_TAG.sub("", cell_text)).strip()
                    if text in english_status:
                        problems.append(f"cell {i}: English status word {text!r} in a table")
            if out.get("output_type") == "stream" and _plain_text_table(out.get("text", "")):
                problems.append(f"cell {i}: a plain-text table shown to readers (tag the cell {REMOVE_TAG!r} "
                                "and show the numbers with jkncost.display.show in the next cell)")
    return problems


def test_reader_problems_finds_english_headers_status_words_and_text_tables():
    check = Checker({"Kelas III"})
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "<table><tr><th>unit cost</th><th>Kelas III</th>"
                                                                   "</tr><tr><td>exact</td></tr></table>"}),
        nbformat.v4.new_output("stream", name="stdout", text="center   UC1   UC3\nVIP   1   2\nKelas III   3   4\n"),
    ]
    hidden = nbformat.v4.new_code_cell("y", metadata={"tags": [REMOVE_TAG]})
    hidden.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a  b  c\n1  2  3\n4  5  6\n")]
    nb.cells = [cell, hidden]
    found = reader_problems(nb, check)
    assert any("'unit cost'" in p for p in found)
    assert not any("Kelas III" in p for p in found)
    assert any("status word 'exact'" in p for p in found)
    assert sum("plain-text table" in p for p in found) == 1  # the hidden cell's table is the nbval check


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_in_indonesian(notebook, reproduced_id):
    """The notebook as `jkncost reproduce --lang id` ran it (the session's shared run, tests/reproduced.py)."""
    run = reproduced_id
    assert notebook.stem in run.studies, f"{notebook.name} was not reproduced"
    nb = nbformat.read(run.executed(notebook.stem), as_version=4)
    parameters = {"lang": "id"}
    assert nb.metadata["papermill"]["parameters"].get("lang") == "id"

    # the notebook's own parameter values (a hospital folder, a rule name the reader chose) are data too
    chosen = {v for v in {**defaults(notebook), **parameters}.values() if isinstance(v, str)}
    check = Checker(_bundled_data_values() | chosen)
    figures = run.figure_texts().get(notebook.stem, [])
    assert figures, "the spy saw no figure: was the startup file loaded?"
    problems = [f"figure {k}: {t!r}" for k, texts in enumerate(figures) for t in texts if not check.ok(t)]
    problems += reader_problems(nb, check)
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_every_figure_of_the_shared_run_belongs_to_a_study(reproduced_id):
    """The spy names the study of each figure by the folder its run stages; none may go unattributed."""
    figures = reproduced_id.figure_texts()
    assert figures and set(figures) <= set(reproduced_id.studies), sorted(figures)


def test_checker_takes_captions_joined_from_labels_and_refuses_english():
    check = Checker({"Kelas III", "pasangkayu"})
    caption = label("teaching.caption_pasangkayu", "id") + " " + label("teaching.los_note", "id", days=5)
    assert ". " in label("teaching.caption_pasangkayu", "id")[:-1]  # a label that holds a sentence mark itself
    assert check.ok(caption)
    assert check.ok(label("center", "id") + "; " + caption)
    assert check.ok(label("center", "id") + "\n" + label("center", "id"))
    assert not check.ok(caption + " Hospital: pasangkayu")
    assert not check.ok("bertahap (step-down): 24 orders")
