"""The course unit: every exercise of the three meetings accepts its right answers and rejects its plausible wrong
ones, unit and sign errors; the hand example's double-distribution table, worked by hand in the course, agrees
with the engine and with the audit workbook (LibreOffice recalculation, slow)."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import openpyxl
import pandas as pd
import pytest

from jkncost.core import paths
from jkncost.costing import read_hospital
from jkncost.labels import label
from jkncost.teaching import course
from jkncost.workbook import write_workbook
from tests.test_exercises import check_numeric_exercise

HAND = paths.raw("hand_example")
#: The double-distribution table as the hand example's README works it, in Rp million:
#: Administrasi 400 by staff 25/25/10/30/10; Gizi 125 by portions 20/64/16; Laundry 125 by linen 20/64/16.
BY_HAND = {  # center: (biaya asli, distribusi I, distribusi II, total)
    "Administrasi": (400, -400 + 25, -25, 0),
    "Gizi": (125, -125 + 100 + 25, -125, 0),
    "Laundry": (125, -125 + 100, -100, 0),
    "Rawat Inap": (500, 40 + 80 + 80, 25 * 0.2 + 125 * 0.8 + 100 * 0.8, 885),
    "Rawat Jalan": (250, 120 + 20, 25 * 0.6 + 125 * 0.2, 430),
    "Laboratorium": (150, 40 + 20, 25 * 0.2 + 100 * 0.2, 235),
}


@pytest.fixture(scope="module")
def meetings():
    out = {}
    for lang in ("en", "id"):
        for ex in (course.meeting_1(lang=lang), course.meeting_2(lang=lang), course.meeting_3(lang=lang),
                   course.meeting_4(lang=lang)):
            out.update({(k, lang): ex.exercise(k) for k in ex.keys()})
    return out


NUMERIC = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "4.2"]
CHOICE = {"1.4": ("SVC", ["biaya semi variabel", "semi-variable cost", "svc"]), "1.5": ("b", ["B", "(b)"]),
          "2.4": ("more", ["lebih besar", "higher"]), "2.5": ("a", ["a)", "A"]),
          "3.9": ("no", ["tidak", "No"]), "3.10": ("a", ["(a)"]), "4.3": ("a", ["a"]),
          "4.1": ("basis Administrasi -> Rawat Jalan", ["dasar alokasi Administrasi -> Rawat Jalan",
                                                        "Basis Administrasi -> Rawat Jalan"])}


def test_every_exercise_is_numeric_or_a_choice(meetings):
    assert sorted({k for k, _ in meetings}) == sorted(NUMERIC + list(CHOICE))


@pytest.mark.parametrize("key", NUMERIC)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_numeric_exercise_right_wrong_unit_and_sign(meetings, key, lang):
    ex = meetings[(key, lang)]
    assert ex.wrong, f"{key}: no plausible wrong answer listed"
    check_numeric_exercise(ex)


@pytest.mark.parametrize("key", sorted(CHOICE))
def test_choice_exercise_accepts_every_way_of_writing_the_answer(meetings, key):
    right, forms = CHOICE[key]
    for lang in ("en", "id"):
        ex = meetings[(key, lang)]
        assert list(ex.expected) == [right]
        for answer in (right, *forms):
            assert ex.check(answer, lang, quiet=True).right, (key, answer)
        for w in ex.wrong:
            r = ex.check(w.value, lang, quiet=True)
            assert not r.right and label(w.hint, lang) in r.message, (key, w)


def test_the_misconceptions_are_rejected_with_their_hint(meetings):
    """The wrong answers the course is about: the default AIC without inflation, distribusi I alone, the ward days
    alone against INA-CBG, TC over the normative output (some studies' convention), cost / tariff."""
    for key, hint in [("1.3", "course.wrong.1.3_no_inflation"), ("2.3", "course.wrong.2.3_stage1"),
                      ("3.8", "course.wrong.3.8_ward"), ("3.3", "course.wrong.3.3_all"), ("3.4", "course.wrong.3.4_upside"),
                      ("2.2", "course.wrong.2.2_stepdown")]:
        ex = meetings[(key, "en")]
        value = [w.value for w in ex.wrong if w.hint == hint][0]
        r = ex.check(value, quiet=True)
        assert not r.right and label(hint, "en") in r.message, key


def test_3_2_percent_answers_and_the_decimal_comma(meetings):
    assert meetings[("1.2", "id")].check("30%", "id", quiet=True).right
    assert meetings[("1.2", "id")].check(0.3, "id", quiet=True).right  # a fraction, read as percent
    assert meetings[("3.4", "id")].check("86,6", "id", quiet=True).right


def test_the_exercises_follow_the_parameters():
    a = course.meeting_1(purchase_value=1e8, rate=0.0, years_in_use=3, useful_life=5).exercise("1.3")
    assert a.expected == pytest.approx(2e7)
    b = course.meeting_3(bor=0.6).exercise("3.2")
    assert b.expected == pytest.approx(20 * 365 * 0.6)


def test_the_inacbg_lesson_per_day_looks_generous_but_the_episode_is_not_covered():
    s = course.episode_summary()
    assert s["payment_per_day"] > s["ward_uc1"]  # the misleading reading
    assert s["payment"] < s["episode_cost"]  # the whole episode
    assert s["ward_cost"] < s["payment"]


# ------------------------------------------------------------------------------------------------------------
# The hand example: by hand = engine = audit workbook


def test_hand_table_equals_engine():
    t = course.double_distribution_table(read_hospital(HAND))
    hand = pd.DataFrame(BY_HAND, index=["biaya_asli", "distribusi_I", "distribusi_II", "total"]).T * 1e6
    pd.testing.assert_frame_equal(t.loc[hand.index], hand, check_names=False, atol=0.5, rtol=0)
    assert t["total"].sum() == pytest.approx(t["biaya_asli"].sum())


def test_hand_example_is_a_valid_hospital_folder_labelled_invented():
    from jkncost.costing import validate_hospital

    assert validate_hospital(HAND) == []
    assert "invented" in (HAND / "README.md").read_text()
    assert "synthetic" in (paths.raw("course_survey") / "README.md").read_text().lower()
    survey = pd.read_csv(paths.raw("course_survey", "survey.csv"))
    assert survey["source"].str.contains("synthetic").all()


def _unit_cost_sheet(path) -> pd.DataFrame:
    ws = openpyxl.load_workbook(path, data_only=True)["unit_cost"]
    rows = list(ws.values)
    return pd.DataFrame(rows[1:], columns=rows[0]).set_index("center")


def test_hand_example_workbook_values_equal_the_hand_totals(tmp_path):
    """The workbook written with values (no LibreOffice needed) shows the hand totals."""
    out = tmp_path / "latihan.xlsx"
    write_workbook(HAND, out, "double", bor=0.8, max_formula_centers=1)
    sheet = _unit_cost_sheet(out)
    for center, (*_, total) in BY_HAND.items():
        if total:
            assert float(sheet.loc[center, "TC1"]) == pytest.approx(total * 1e6, abs=0.5)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: the Debian package "
                                            "libreoffice-calc-nogui provides it")
def test_hand_example_workbook_formulas_recalculate_to_the_hand_totals(tmp_path):
    """The audit workbook a lecturer hands out (live formulas), recalculated by LibreOffice, gives the hand totals."""
    out = tmp_path / "latihan.xlsx"
    write_workbook(HAND, out, "double", bor=0.8)
    recalc = tmp_path / "recalculated"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(recalc), str(out)], check=True, capture_output=True,
                   timeout=600)
    sheet = _unit_cost_sheet(recalc / out.name)
    got = np.array([float(sheet.loc[c, "TC1"]) for c, v in BY_HAND.items() if v[3]])
    np.testing.assert_allclose(got, [v[3] * 1e6 for v in BY_HAND.values() if v[3]], atol=1.0, rtol=0)
