"""The exercise checker: not answered, right, wrong with a hint that names the mistake; numbers and texts.

And the nine exercises of ``methods.ipynb``, built from the notebook's own pipeline: each accepts every right
answer (ties, both languages, decimal comma, percent or fraction where the question allows it) and rejects
each plausible wrong answer, unit error and sign error with its own hint.
"""

from __future__ import annotations

import pandas as pd
import pytest

from jkncost.display import number
from jkncost.labels import label
from jkncost.teaching.exercises import METHOD_NAMES, Exercise, Wrong, check, derive_tolerance, read_number


def test_unanswered_is_not_an_error(capsys):
    r = check(None, 123.0, label="Exercise 1.1")
    assert r.status == "unanswered" and not r.right
    assert capsys.readouterr().out.strip() == "Exercise 1.1: not answered yet (set the answer variable and rerun this cell)."
    assert check("  ", 123.0, quiet=True).status == "unanswered"


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
    assert r.status == "wrong" and "far from the expected value" in out and "Hint: UC = TC / Q" in out
    assert "close to the expected value" in check(103.0, 100.0, quiet=True).message
    assert "100" not in out  # the message names the answer (150), never the expected value (100)


def test_texts_ignore_case_spaces_and_filler_words():
    assert check("  RECIPROCAL ", "reciprocal", quiet=True).right
    assert check("Kelas 3", ["Kelas III"], quiet=True).right
    assert check("class III", ["Kelas III"], quiet=True).right
    assert check("metode distribusi ganda", "double", names=METHOD_NAMES, quiet=True).right
    assert not check("VIP", "Kelas III", quiet=True).right


@pytest.mark.parametrize("answer", ["stepdown", "step-down", "Step down", "bertahap", "double", "distribusi ganda",
                                    "double distribution", "Metode Distribusi Ganda", "reciprocal", "resiprokal",
                                    "timbal balik", "simultaneous equations", ["double", "reciprocal"],
                                    "step-down, double distribution and reciprocal", "resiprokal dan distribusi ganda"])
def test_a_tie_accepts_every_tied_method_in_both_languages(answer):
    assert check(answer, ["stepdown", "double", "reciprocal"], names=METHOD_NAMES, quiet=True).right


@pytest.mark.parametrize("answer", ["direct", "langsung", "direct, double", "triple", "stepdown and direct"])
def test_a_tie_rejects_a_method_outside_it(answer):
    assert not check(answer, ["stepdown", "double", "reciprocal"], names=METHOD_NAMES, quiet=True).right


def test_an_unknown_name_lists_the_names_expected(capsys):
    check("triple", ["double"], names=METHOD_NAMES, lang="id")
    out = capsys.readouterr().out
    assert "bukan salah satu nama" in out and "distribusi ganda" in out and "langsung" in out


def test_text_answers_are_read_as_people_write_them():
    assert read_number("2,37", "id") == (2.37, False)
    assert read_number("2.37", "id") == (2.37, False)  # not a grouping of thousands: a decimal point
    assert read_number("Rp 146.205", "id") == (146205.0, False)
    assert read_number("146,205", "en") == (146205.0, False)
    assert read_number("79%", "id") == (79.0, True)
    assert read_number("-1,5", "id") == (-1.5, False)
    assert read_number("1,234", "id") == (1.234, False) and read_number("1,234", "en") == (1234.0, False)
    assert read_number(True) == (None, False) and read_number(float("nan")) == (None, False)


def test_decimal_comma_is_accepted_under_indonesian(capsys):
    assert check("2,37", 2.37, lang="id").right
    assert "benar" in capsys.readouterr().out
    r = check("dua koma tiga", 2.37, lang="id")
    assert not r.right and "misalnya 2,37" in r.message and "koma sebagai tanda desimal" in r.message


def test_sign_error_gets_a_sign_hint():
    r = check(53805, -53805.0, quiet=True)
    assert not r.right and "wrong sign" in r.message
    assert "tandanya terbalik" in check(53805, -53805.0, lang="id", quiet=True).message


@pytest.mark.parametrize("answer", [0.782, 7820])
def test_percent_and_fraction_mixups_get_a_unit_hint(answer):
    r = check(answer, 78.2, quiet=True)
    assert not r.right and "a percent and a fraction differ by a factor 100" in r.message
    assert "78.2" not in r.message  # the hint does not give the answer away


def test_share_accepts_a_fraction_with_a_note():
    r = check(0.782, 78.2, share=True, quiet=True)
    assert r.right and "0.782 read as 78.2%" in r.message
    assert check("78,2%", 78.2, share=True, lang="id", quiet=True).right
    assert not check(0.70, 78.2, share=True, quiet=True).right


def test_rupiah_in_thousands_or_millions_gets_a_unit_hint():
    assert "thousands of rupiah" in check(146.205, 146205.0, quiet=True).message
    assert "millions of rupiah" in check(1.55, 1.55e6, quiet=True).message


def test_a_plausible_wrong_answer_gets_its_own_hint():
    r = check(145643, 146205.0, tolerance=None, wrong=[Wrong(145643, "teaching.wrong.1_3_default")], quiet=True)
    assert not r.right and "folder's own order" in r.message


def test_derived_tolerance_rejects_every_wrong_answer_and_keeps_a_floor():
    tol = derive_tolerance(146205, [145643, 140064])
    assert 146205 * tol < 146205 - 145643
    assert derive_tolerance(100, [100.001], floor=0.001) == 0.001
    assert derive_tolerance(100, []) == 0.01


def test_bad_answers_and_tolerance(capsys):
    assert check(True, 1.0, quiet=True).status == "wrong"
    assert check("abc", 1.0, quiet=True).status == "wrong"
    assert check(float("nan"), 1.0, quiet=True).status == "wrong"
    with pytest.raises(ValueError):
        check(1.0, 1.0, tolerance=-1)
    check(1.0, 1.0, quiet=True)
    assert capsys.readouterr().out == ""


def test_an_exercise_shows_no_answer():
    e = Exercise("9.9", 123456.0, hint="teaching.hint.1_3")
    assert "123456" not in repr(e) and "9.9" in repr(e)


# ------------------------------------------------------------------------------------------------------------
# The exercises of methods.ipynb, built by the notebook's pipeline (fewer Monte Carlo draws)


def check_numeric_exercise(ex, lang: str = "en") -> None:
    """Right as printed (rounded), with a decimal comma in Indonesian; each wrong answer, the opposite sign and a
    factor 100 or 1000 rejected, each with its own hint."""
    e = float(ex.expected)
    decimals = 0 if abs(e) >= 1000 else 2
    shown = round(e, decimals)
    assert ex.check(shown, lang, quiet=True).right, (ex.key, shown)
    assert ex.check(number(shown, "id", decimals), "id", quiet=True).right, (ex.key, number(shown, "id", decimals))
    for w in ex.wrong:
        r = ex.check(w.value, lang, quiet=True)
        assert not r.right, (ex.key, w)
        assert label(w.hint, lang) in r.message, (ex.key, w, r.message)
    if e != 0:
        r = ex.check(-e, lang, quiet=True)
        assert not r.right and "wrong sign" in r.message, (ex.key, r.message)
        for factor in (100, 1000):
            r = ex.check(e * factor, lang, quiet=True)
            assert not r.right and "the unit does not" in r.message, (ex.key, r.message)
        r = ex.check(e / 100, lang, quiet=True)
        assert r.right == ex.share, (ex.key, r.message)
    else:
        assert not ex.check(e + 10 * ex.tolerance + 1, lang, quiet=True).right


@pytest.fixture(scope="module")
def methods_results():
    """What methods.ipynb computes before its exercises, on its default inputs (200 Monte Carlo draws)."""
    from jkncost.core import paths
    from jkncost.costing.breakeven import break_even_table, cross_subsidy
    from jkncost.costing.unitcost import compare_methods, unit_cost
    from jkncost.sensitivity import default_inputs, monte_carlo, read_asset_assumptions, stepdown_orders, tornado
    from jkncost.studies.methods import model as teaching
    from jkncost.compendium.notebook import defaults

    p = defaults(paths.notebooks("methods.ipynb"))
    assets = read_asset_assumptions(paths.resolve(p["asset_assumptions"]))
    tariffs = pd.read_csv(paths.resolve(p["tariff_file"]))
    hospitals = {}
    for spec in (p["hospital_dir"], p["compare_hospital_dir"]):
        H = teaching.load(spec, assets=assets, tariffs=tariffs, method=p["method"], los_days=p["los_days"])
        hospitals[H.key] = H
    methods_table = pd.concat([compare_methods(H.hospital).assign(hospital=H.key) for H in hospitals.values()])
    stepdown_table = pd.concat([stepdown_orders(H.hospital).assign(hospital=H.key) for H in hospitals.values()])
    dist = {k: tuple(v) for k, v in p["distributions"].items()}
    be_frames, cs_frames = [], []
    for H in hospitals.values():
        inputs = default_inputs(H.model, basis=p["basis_change"], output=p["output_change"], rate=tuple(p["rate_range"]),
                                life=p["life_change"], bor=tuple(p["bor_range"]))
        H.results["tornado"] = tornado(H.model, inputs, tariff=H.tariff)
        H.results["mc_summary"] = monte_carlo(H.model, dist, n_draws=200, seed=p["seed"],
                                              tariff=H.tariff).summary(centers=H.classes)
        uc = unit_cost(H.hospital, p["method"], flows=False).unit_cost
        be_frames.append(break_even_table(uc, H.tariffs, beds=H.hospital.centers.set_index("center")["beds"])
                         .assign(hospital=H.key))
        u = uc.set_index("center").reindex(H.classes)
        perda = H.tariffs[H.tariffs["tariff_name"] == H.tariffs["tariff_name"].iloc[0]].set_index("center")["tariff"]
        ina = H.tariffs[H.tariffs["tariff_name"] == "INA-CBG"].set_index("center")["tariff"]
        if len(ina):
            t = ina.combine_first(perda)
            classes = [c for c in H.classes if c in t.index]
            _, flows = cross_subsidy(u.loc[classes, "UC3"], t.reindex(classes), u.loc[classes, "output"])
            cs_frames.append(flows.assign(hospital=H.key, scenario="JKN mix", level=3))
    return hospitals, methods_table, stepdown_table, pd.concat(be_frames), pd.concat(cs_frames)


@pytest.fixture(scope="module")
def methods_exercises(methods_results):
    from jkncost.studies.methods import exercises as mx

    hospitals, methods_table, stepdown_table, be_table, csf_table = methods_results
    out = {}
    for lang in ("en", "id"):
        for ex in (mx.section_1(hospitals, methods_table, stepdown_table, lang),
                   mx.section_2(hospitals, lang), mx.section_3(hospitals, be_table, csf_table, lang)):
            out.update({(k, lang): ex.exercise(k) for k in ex.keys()})
    return out


def test_1_1_accepts_the_tie_in_every_form_and_rejects_direct(methods_exercises):
    ex = methods_exercises[("1.1", "en")]
    assert set(ex.expected) == {"stepdown", "double", "reciprocal"}  # the three give the same VIP UC3
    for lang in ("en", "id"):
        for answer in ("stepdown", "distribusi ganda", "double distribution", "reciprocal", "resiprokal",
                       "timbal balik", "bertahap", label("costing.method.double", lang), ["double", "reciprocal"]):
            assert ex.check(answer, lang, quiet=True).right, (answer, lang)
        r = ex.check("direct", lang, quiet=True)
        assert not r.right and label("teaching.wrong.1_1", lang) in r.message
        assert not ex.check("langsung", lang, quiet=True).right


@pytest.mark.parametrize("key", ["1.2", "1.3", "2.3", "3.1", "3.2"])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_numeric_exercise_accepts_the_right_and_rejects_the_wrong(methods_exercises, key, lang):
    check_numeric_exercise(methods_exercises[(key, lang)], lang="en")


def test_1_3_rejects_the_default_order(methods_exercises):
    """The misconception the exercise tests: the folder's order is one of many, and not the largest."""
    ex = methods_exercises[("1.3", "en")]
    default = [w.value for w in ex.wrong if w.hint == "teaching.wrong.1_3_default"][0]
    assert default < ex.expected and (ex.expected - default) / ex.expected < 0.01  # inside a naive 1%
    assert not ex.check(default, quiet=True).right
    assert not ex.check(round(default, -2), quiet=True).right


def test_3_2_takes_percent_or_fraction(methods_exercises):
    ex = methods_exercises[("3.2", "id")]
    pct = round(float(ex.expected), 1)
    assert ex.check(pct, "id", quiet=True).right
    assert ex.check(pct / 100, "id", quiet=True).right
    assert ex.check(f"{number(pct, 'id', 1)}%", "id", quiet=True).right
    assert "dibaca sebagai" in ex.check(pct / 100, "id", quiet=True).message


def test_2_1_accepts_the_printed_and_the_translated_name(methods_exercises):
    from jkncost.sensitivity import input_label

    ex = methods_exercises[("2.1", "en")]
    top = ex.expected[0]
    for lang in ("en", "id"):
        assert ex.check(top, lang, quiet=True).right
        assert ex.check(input_label(top, lang), lang, quiet=True).right
    for w in ex.wrong:
        r = ex.check(w.value, quiet=True)
        assert not r.right and label(w.hint, "en") in r.message


def test_2_2_zero_swing(methods_exercises):
    ex = methods_exercises[("2.2", "en")]
    assert ex.expected == pytest.approx(0, abs=1e-6)
    assert ex.check(0, quiet=True).right and ex.check("0", "id", quiet=True).right
    r = ex.check(ex.wrong[0].value, quiet=True)
    assert not r.right and "swing of UC1" in r.message


def test_3_3_names_the_covered_class_and_rejects_the_givers(methods_exercises):
    ex = methods_exercises[("3.3", "en")]
    assert list(ex.expected) == ["VIP"]
    assert ex.check("vip", quiet=True).right
    for w in ex.wrong:
        r = ex.check(w.value, quiet=True)
        assert not r.right and "it covers others" in r.message
    assert not ex.check("none", quiet=True).right


def test_methods_notebook_ships_its_exercises_unanswered():
    """The committed notebook (and so the report) shows every exercise and no answer: each answer variable
    is None, each check printed 'not answered yet', and no cell computes an expected value."""
    import re

    import nbformat

    from jkncost.core import paths

    nb = nbformat.read(paths.notebooks("methods.ipynb"), as_version=4)
    source = "\n".join(c.source for c in nb.cells)
    answers = re.findall(r"^(answer_\d_\d) = (.*?)(?:  #.*)?$", source, re.M)
    assert len(answers) >= 9 and all(value == "None" for _, value in answers), answers
    assert "expected_" not in source
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" and ".check(" in c.source
                      for o in c.get("outputs", []))
    assert printed.count("not answered yet") >= 8
    assert "right (" not in printed and "not quite" not in printed


def test_a_name_with_a_separator_is_read_whole():
    names = {"basis Farmasi/ Apotek -> VIP": ()}
    assert check("basis Farmasi/ Apotek -> VIP", ["basis Farmasi/ Apotek -> VIP"], names=names, quiet=True).right
