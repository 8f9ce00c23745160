"""`make course`: the student version holds no solution and no answer, the lecturer version the solutions; each
edition is in one language; the masters tell their story in both languages, twin by twin."""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest

from jkncost.core import paths
from jkncost.compendium.course import SOLUTION_TAG, build_course, course_notebooks, edition
from jkncost.compendium.notebook import declared_parameters, study_notebook
from jkncost.compendium.report import REMOVE_TAG
from jkncost.teaching import course
from tests.test_notebook_languages import language_problems

MASTERS = course_notebooks()


def _tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def test_the_course_has_its_meetings_in_order():
    assert [p.name for p in MASTERS] == ["01_costs.ipynb", "02_allocation.ipynb", "03_unit_cost_tariff.ipynb",
                                         "04_s2_sensitivity.ipynb"]


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.name)
def test_master_has_objectives_exercises_solutions_and_both_languages(master):
    nb = nbformat.read(master, as_version=4)
    assert language_problems(nb) == []
    assert "lang" in declared_parameters(master)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for words in ("Learning objectives", "Tujuan pembelajaran", "Prerequisites", "Prasyarat", "(compute)",
                  "(interpret)", "(critique)", "(menghitung)", "(menafsirkan)", "(mengkritisi)"):
        assert words in text, words
    assert not re.search(r"\bA\d\d\b|by construction|berdasarkan konstruksi", text)  # no research-audit codes
    assert any(SOLUTION_TAG in _tags(c) for c in nb.cells)


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_student_edition_has_no_solution_no_answer_and_one_language(master, lang):
    nb = edition(nbformat.read(master, as_version=4), lang, "student")
    other = "lang-id" if lang == "en" else "lang-en"
    assert not [c for c in nb.cells if _tags(c) & {SOLUTION_TAG, REMOVE_TAG, other}]
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    answers = re.findall(r"^(answer_\d_\d+) = (.*?)(?:  #.*)?$", source, re.M)
    assert answers and all(v == "None" for _, v in answers)
    assert "expected_" not in source and ".expected" not in source
    # no expected value of the meeting appears in the student's notebook
    meeting = {"01": course.meeting_1, "02": course.meeting_2, "03": course.meeting_3,
               "04": course.meeting_4}[master.name[:2]]()
    for key in meeting.keys():
        e = meeting.exercise(key).expected
        if isinstance(e, float) and abs(e) >= 100:
            assert f"{e:.0f}" not in source and f"{e:,.0f}" not in source, key


def test_lecturer_edition_keeps_the_solutions():
    nb = edition(nbformat.read(MASTERS[0], as_version=4), "id", "lecturer")
    assert any(SOLUTION_TAG in _tags(c) for c in nb.cells)
    assert not any("lang-en" in _tags(c) for c in nb.cells)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``build_course`` of the first meeting, both languages and versions: four runs, read by the tests below."""
    out = tmp_path_factory.mktemp("built") / "course"
    return out, build_course(out, notebooks=MASTERS[:1], progress=None)


@pytest.mark.slow
def test_build_course_writes_both_versions_executed(built, tmp_path):
    out, files = built
    assert sorted(p.relative_to(out).as_posix() for p in files) == [
        f"{v}/{lang}/01_costs.ipynb" for v in ("lecturer", "student") for lang in ("en", "id")]
    printed = {}
    for f in files:
        nb = nbformat.read(f, as_version=4)
        printed[f.relative_to(out).parts[:2]] = "".join(
            o.get("text", "") for c in nb.cells if c.cell_type == "code" and "ex.check" in c.source
            for o in c.get("outputs", []))
    assert printed[("student", "en")].count("not answered yet") == 5
    assert printed[("student", "id")].count("belum dijawab") == 5
    assert printed[("lecturer", "en")].count(": right (") == 5
    assert printed[("lecturer", "id")].count(": benar (") == 5
    assert (out / "README.md").is_file()
    # the course's folder is replaced whole: a second build into the same place is allowed (into a copy of the
    # built folder, which the other tests read; a one-cell master: the replacing is what is checked here)
    again = tmp_path / "course"
    shutil.copytree(out, again)
    master = study_notebook(tmp_path / "masters" / "01_tiny.ipynb", 'lang: Literal["en", "id"] = "en"  # language',
                            "print(lang)")
    assert build_course(again, langs=("en",), notebooks=[master], progress=None) == [
        again / v / "en" / "01_tiny.ipynb" for v in ("student", "lecturer")]
    assert not (again / "student" / "id").exists() and not (again / "lecturer" / "en" / "01_costs.ipynb").exists()
    assert (again / "student" / "en" / "01_tiny.ipynb").is_file() and (again / "README.md").is_file()


def test_course_notebooks_are_committed_executed_without_machine_paths():
    from tests.conftest import machine_paths_in

    for master in MASTERS:
        text = master.read_text(encoding="utf-8")
        assert machine_paths_in(text) == [], master.name
        nb = nbformat.read(master, as_version=4)
        assert all(c.execution_count for c in nb.cells if c.cell_type == "code"), master.name
    assert paths.notebooks("course") == MASTERS[0].parent


@pytest.mark.slow
@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.name)
def test_the_indonesian_edition_shows_only_indonesian_tables(master, tmp_path, request):
    """Every table header and caption a student of the Indonesian edition sees is a label's Indonesian side, data
    or a number (the check of tests/test_notebooks_indonesian.py)."""
    from jkncost.compendium.notebook import defaults, run_notebook
    from tests.label_check import Checker
    from tests.test_notebooks_indonesian import _bundled_data_values, reader_problems

    if master == MASTERS[0]:
        # the first meeting's lecturer edition in Indonesian is one of the four runs of `built`: build_course ran
        # the same edition, with the same parameters ({"lang": "id"}) and folder (the master's), as the run below
        out, _ = request.getfixturevalue("built")
        executed = out / "lecturer" / "id" / master.name
    else:
        source = tmp_path / master.name
        nbformat.write(edition(nbformat.read(master, as_version=4), "id", "lecturer"), str(source))
        executed = run_notebook(source, tmp_path / "out" / master.name, {"lang": "id"}, cwd=master.parent).executed
    nb = nbformat.read(executed, as_version=4)
    chosen = {v for v in defaults(master).values() if isinstance(v, str)}
    assert reader_problems(nb, Checker(_bundled_data_values() | chosen)) == []
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" and "ex.check" in c.source
                      for o in c.get("outputs", []))
    assert "Latihan" in printed and "benar" in printed and "Exercise" not in printed
