"""The exercise checker: not answered, right, wrong with a hint; numbers and texts."""

from __future__ import annotations

import pytest

from jkncost.teaching.exercises import check


def test_unanswered_is_not_an_error(capsys):
    r = check(None, 123.0, label="Exercise 1.1")
    assert r.status == "unanswered" and not r.right
    assert capsys.readouterr().out.strip() == "Exercise 1.1: not answered yet (set the answer variable and rerun this cell)."


def test_numbers_relative_and_absolute_tolerance(capsys):
    assert check(101.0, 100.0).right  # within 1%
    assert not check(102.0, 100.0).right
    assert check(102.0, 100.0, tolerance=0.05).right
    assert check(0.4, 0.0, tolerance=0.5, relative=False).right
    assert not check(0.6, 0.0, tolerance=0.5, relative=False).right
    assert check(0.0, 0.0).right
    capsys.readouterr()
    r = check(150.0, 100.0, hint="UC = TC / Q")
    out = capsys.readouterr().out
    assert r.status == "wrong" and "50.0% away" in out and "Hint: UC = TC / Q" in out


def test_texts_ignore_case_and_spaces():
    assert check("  RECIPROCAL ", "reciprocal", quiet=True).right
    assert check("Kelas 3", ["Kelas III", "Kelas 3"], quiet=True).right
    assert not check("VIP", "Kelas III", quiet=True).right


def test_bad_answers_and_tolerance(capsys):
    assert check(True, 1.0, quiet=True).status == "wrong"
    assert check("abc", 1.0, quiet=True).status == "wrong"
    assert check(float("nan"), 1.0, quiet=True).status == "wrong"
    with pytest.raises(ValueError):
        check(1.0, 1.0, tolerance=-1)
    check(1.0, 1.0, quiet=True)
    assert capsys.readouterr().out == ""


def test_methods_notebook_ships_its_exercises_unanswered():
    """The committed notebook (and so the report) shows every exercise and no answer: each answer variable
    is None and each check printed 'not answered yet', never the expected value."""
    import re

    import nbformat

    from jkncost.compendium import paths

    nb = nbformat.read(paths.notebooks("methods.ipynb"), as_version=4)
    answers = re.findall(r"^(answer_\d_\d) = (.*?)(?:  #.*)?$", "\n".join(c.source for c in nb.cells), re.M)
    assert len(answers) >= 9 and all(value == "None" for _, value in answers), answers
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" and "check(" in c.source
                      for o in c.get("outputs", []))
    assert printed.count("not answered yet") >= 8
    assert "right (" not in printed and "not quite" not in printed
