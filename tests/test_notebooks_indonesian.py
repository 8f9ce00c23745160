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

import ast
import csv
import html
import re
from pathlib import Path

import nbformat
import pytest

from jkncost.core import paths
from jkncost.compendium.notebook import declared_parameters, defaults
from jkncost.compendium.report import REMOVE_TAG
from jkncost.core.statuses import STATUSES
from jkncost.labels import data_texts, label
from tests.label_check import Checker

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (REPO / "notebooks").glob("*.ipynb") if "lang" in declared_parameters(p))

_TH = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_TD = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
_TAG = re.compile(r"<[^>]+>")


#: Columns of the bundled tables that hold prose a reader reads (a rationale, a note, a reason, a figure's
#: name): not names that stay as they are in any language, so their texts need an Indonesian entry in
#: ``src/jkncost/labels/data/*.csv`` (:func:`jkncost.labels.data_text`).
PROSE_COLUMNS = {"figure", "note", "rationale", "reason", "parameter", "status", "where", "what", "handling",
                 "description", "context", "quantity", "evidence", "label_en", "regulation"}
_NUMBER_TOKEN = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)+(?![\w.,]*\d)")


def other_decimals(text: str, lang: str) -> list[str]:
    """Numbers of ``text`` written with the other language's decimal mark: ``0.05`` in Indonesian, ``0,05``
    in English (``1.234.567`` is Indonesian thousands, ``1,234,567`` English; a leading ``0`` is a decimal)."""
    point, thousands = (".", ",") if lang == "id" else (",", ".")
    found = []
    for token in _NUMBER_TOKEN.findall(text):
        if point not in token:
            continue
        grouped = re.fullmatch(rf"[1-9]\d{{0,2}}(\{point}\d{{3}})+(\{thousands}\d+)?", token)
        if not grouped:
            found.append(token)
    return found


def _bundled_data_values() -> set[str]:
    """Short texts of every bundled input table (center, class, tariff, segment names): data, not labels;
    not the prose of :data:`PROSE_COLUMNS`, which a reader of the Indonesian report reads in Indonesian."""
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
                rows = csv.reader(fh)
                header = next(rows, [])
                prose = {i for i, name in enumerate(header) if name.strip() in PROSE_COLUMNS}
                values.update(header)
                for row in rows:
                    values.update(v.strip() for i, v in enumerate(row) if v.strip() and len(v) <= 80 and i not in prose)
    values.update(data_texts().values())
    return values


def _plain_text_table(text: str) -> bool:
    """Three or more lines with three or more columns aligned by runs of spaces: a printed DataFrame."""
    lines = [ln for ln in text.splitlines() if len(re.findall(r"\S+(?:\s\S+)*", ln)) >= 3
             and re.search(r"\S {2,}\S", ln)]
    return len(lines) >= 3


MISSING = "text of a table not in Indonesian (add it to src/jkncost/labels/data/<study>.csv): "


def missing_texts(problems: list[str]) -> str:
    """The English texts of ``problems`` as lines of ``labels/data/*.csv`` to fill in (``en,id``)."""
    import io

    texts = sorted({ast.literal_eval(p.split(MISSING, 1)[1]) for p in problems if MISSING in p})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for text in texts:
        writer.writerow([text, ""])
    return out.getvalue()


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
                    elif text and not check.ok(text):
                        problems.append(f"cell {i}: {MISSING}{text!r}")
            shown = out.get("data", {}).get("text/markdown", "") or (page if page and "<table" not in page else "")
            for number in other_decimals(_TAG.sub(" ", shown), "id"):
                problems.append(f"cell {i}: decimal point in an Indonesian text: {number!r}")
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


def test_reader_problems_finds_english_data_text_and_the_other_decimal_mark():
    check = Checker({"Kelas III"})
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "<table><tr><td>Kelas III</td><td>1.234.567</td>"
                                                                   "<td>support, production split</td></tr></table>"}),
        nbformat.v4.new_output("display_data", data={"text/markdown": "p = 0,050; dibaca p < 0.0005, Rp 1.234.567"}),
    ]
    nb.cells = [cell]
    found = reader_problems(nb, check)
    assert found == [f"cell 0: {MISSING}'support, production split'",
                     "cell 0: decimal point in an Indonesian text: '0.0005'"], found
    assert missing_texts(found) == '"support, production split",\n'
    assert other_decimals("p = 0.050, Rp 1,234,567", "en") == [] and other_decimals("p = 0,050", "en") == ["0,050"]
    assert other_decimals("Rp 1.234.567,50 dan 0,05 (Tabel 4, p2.5)", "id") == []


_QUOTED = re.compile(r"(?<!\w)'[^']*'(?!\w)")
#: A table or section number ("Tabel 4.6") is not a decimal in either language.
_NUMBERED = re.compile(r"\b(?:Tabel|Table|Gambar|Figure|Bab|Section)\s+\d+(?:\.\d+)+")
#: Prose columns that transcribe the source as printed (cited.csv's context: the sentence of the paper).
TRANSCRIBED = {"context"}


def _own_words(text: str) -> str:
    """``text`` without what it quotes as printed and without table numbers."""
    return _NUMBERED.sub(" ", _QUOTED.sub(" ", text))


def _prose_of_data() -> list[tuple[str, str]]:
    """``(where, text)`` of every prose cell (:data:`PROSE_COLUMNS`) of the bundled tables: English as given."""
    found = []
    for folder in (paths.raw(), REPO / "src" / "jkncost"):
        for f in sorted(folder.rglob("*.csv")):
            if "labels" in f.parts:
                continue
            with open(f, encoding="utf-8-sig", newline="") as fh:
                rows = csv.reader(fh)
                header = [h.strip() for h in next(rows, [])]
                prose = [i for i, name in enumerate(header) if name in PROSE_COLUMNS - TRANSCRIBED]
                for row_no, row in enumerate(rows, start=2):
                    found += [(f"{f.relative_to(REPO)}:{row_no} {header[i]}", row[i]) for i in prose if i < len(row)]
    return found


def test_texts_from_data_use_one_decimal_mark_per_language():
    """English texts a reader sees from data (rationales, notes, discrepancies) write 0.05, Indonesian ones 0,05.

    A quoted published value (``'p=0,000'``, as the Indonesian abstract prints it) is a transcription and stays
    as printed; everything else in a sentence follows the sentence's language (issue 27).
    """
    english = _prose_of_data() + [(f"labels/data: {en[:40]!r}", en) for en in data_texts()]
    wrong = [f"{where}: {number}" for where, text in english for number in other_decimals(_own_words(text), "en")]
    wrong += [f"labels/data (id): {id_[:40]!r}: {number}" for id_ in data_texts().values()
              for number in other_decimals(_own_words(id_), "id")]
    assert not wrong, wrong
    assert other_decimals(_own_words("'p=0,000' is a p below 0.0005 (Table 4.6)"), "en") == []
    assert other_decimals(_own_words("the comparison's p below 0,0005"), "en") == ["0,0005"]


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
    missing = missing_texts(problems)
    assert not problems, "\n".join(dict.fromkeys(problems)) + \
        (f"\n\ntexts to translate (en,id), exactly as shown:\n{missing}" if missing else "")


@pytest.mark.slow  # seconds: make test-fast leaves it to make test
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
