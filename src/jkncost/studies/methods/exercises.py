"""The exercises of ``methods.ipynb``, built from the notebook's own results, so no cell holds an answer.

Each section's function takes what the notebook computed (the hospitals and their tables) and returns
:class:`jkncost.teaching.exercises.Exercises`; the check cell is ``ex.check("1.3", answer_1_3)``. Every
exercise lists its plausible wrong answers (the misconception it tests) with a hint each, and its tolerance
is derived from them (:func:`jkncost.teaching.exercises.derive_tolerance`), so that each is rejected;
``tests/test_exercises.py`` checks right, wrong, tie, unit and sign answers of every exercise.

The first hospital is the study's (Pasangkayu by default), the second the invented RS Contoh.
"""

from __future__ import annotations

import pandas as pd

from jkncost.costing.allocation import METHODS
from jkncost.sensitivity import input_label
from jkncost.teaching.exercises import METHOD_NAMES, Exercise, Exercises, Wrong, derive_tolerance

#: Ties: methods whose value differs by less than this (Rp) give the same answer.
TIE_RUPIAH = 0.5


def _pair(hospitals: dict) -> tuple[str, str]:
    keys = list(hospitals)
    return keys[0], keys[-1]


def section_1(hospitals: dict, methods_table: pd.DataFrame, stepdown_table: pd.DataFrame,
              lang: str = "en") -> Exercises:
    """1.1 method with the highest UC3 of the first class (ties), 1.2 percent change direct -> reciprocal of
    the last class's UC1, 1.3 the largest UC1 of the last class over all step-down orders."""
    first, second = _pair(hospitals)
    mt = methods_table.set_index(["hospital", "method", "center"])
    vip = hospitals[first].classes[0]
    uc3 = {m: float(mt.loc[(first, m, vip), "UC3"]) for m in METHODS}
    top = max(uc3.values())
    best = tuple(m for m in METHODS if top - uc3[m] <= TIE_RUPIAH)
    e11 = Exercise("1.1", best, hint="teaching.hint.1_1", names=METHOD_NAMES,
                   wrong=tuple(Wrong(m, "teaching.wrong.1_1") for m in METHODS if m not in best))

    c3 = hospitals[second].classes[-1]
    uc1 = {m: float(mt.loc[(second, m, c3), "UC1"]) for m in METHODS}
    uc3b = {m: float(mt.loc[(second, m, c3), "UC3"]) for m in METHODS}
    expected = (uc1["reciprocal"] / uc1["direct"] - 1) * 100
    wrong = [Wrong((uc3b["reciprocal"] / uc3b["direct"] - 1) * 100, "teaching.wrong.1_2_uc3"),
             Wrong((uc1["direct"] / uc1["reciprocal"] - 1) * 100, "teaching.wrong.1_2_base"),
             *[Wrong((uc1[m] / uc1["direct"] - 1) * 100, "teaching.wrong.1_2_method") for m in ("stepdown", "double")
               if abs(uc1[m] - uc1["reciprocal"]) > TIE_RUPIAH]]
    # a student reads the table to Rp 1 and writes the percent to two decimals
    e12 = Exercise("1.2", expected, hint="teaching.hint.1_2", wrong=tuple(wrong),
                   tolerance=derive_tolerance(expected, [w.value for w in wrong], cap=0.01,
                                              floor=0.006 / abs(expected)))

    orders = stepdown_table[(stepdown_table["hospital"] == second) & (stepdown_table["center"] == c3)]["UC1"]
    expected = float(orders.max())
    wrong = [Wrong(uc1["stepdown"], "teaching.wrong.1_3_default"), Wrong(float(orders.min()), "teaching.wrong.1_3_min"),
             *[Wrong(uc1[m], "teaching.wrong.1_3_method") for m in ("direct", "double", "reciprocal")]]
    e13 = Exercise("1.3", expected, hint="teaching.hint.1_3", wrong=tuple(w for w in wrong if w.value != expected),
                   tolerance=derive_tolerance(expected, [w.value for w in wrong], floor=0.6 / expected))
    return Exercises([e11, e12, e13], lang)


def section_2(hospitals: dict, lang: str = "en") -> Exercises:
    """2.1 the input with the largest swing on UC3 of the last class, 2.2 the swing of UC3 of the first class
    against the inflation rate (none: it moves FC only), 2.3 the width of the Monte Carlo interval (p2.5 to
    p97.5) of UC3 of the last class, in percent of its median."""
    first, _ = _pair(hospitals)
    H = hospitals[first]
    tp = H.results["tornado"]
    k3, vip = H.classes[-1], H.classes[0]
    bars = tp[(tp["quantity"] == "UC3") & (tp["center"] == k3)]
    top, second_bar = bars.iloc[0]["input"], bars.iloc[1]["input"]
    names = {i: (input_label(i, "en"), input_label(i, "id")) for i in bars["input"]}
    rate_inputs = tp[(tp["kind"] == "rate")]["input"].unique().tolist()
    for i in rate_inputs:
        names.setdefault(i, (input_label(i, "en"), input_label(i, "id")))
    e21 = Exercise("2.1", (top,), hint="teaching.hint.2_1", names=names,
                   wrong=(Wrong(second_bar, "teaching.wrong.2_1_second"),
                          *[Wrong(i, "teaching.wrong.2_1_rate") for i in rate_inputs]))

    rate_bar = tp[(tp["quantity"] == "UC3") & (tp["center"] == vip) & (tp["kind"] == "rate")]
    expected = float(rate_bar["swing"].iloc[0])
    uc1_bar = tp[(tp["quantity"] == "UC1") & (tp["center"] == vip) & (tp["kind"] == "rate")]
    e22 = Exercise("2.2", expected, hint="teaching.hint.2_2", relative=False, tolerance=1.0,
                   wrong=(Wrong(float(uc1_bar["swing"].iloc[0]), "teaching.wrong.2_2_uc1"),))

    s = H.results["mc_summary"].set_index(["quantity", "center"])
    r3, r1 = s.loc[("UC3", k3)], s.loc[("UC1", k3)]
    expected = 100 * float((r3["p97.5"] - r3["p2.5"]) / r3["p50"])
    wrong = [Wrong(expected / 2, "teaching.wrong.2_3_half"),
             Wrong(100 * float((r1["p97.5"] - r1["p2.5"]) / r1["p50"]), "teaching.wrong.2_3_uc1")]
    e23 = Exercise("2.3", expected, hint="teaching.hint.2_3", wrong=tuple(wrong),
                   tolerance=derive_tolerance(expected, [w.value for w in wrong], floor=0.06 / expected))
    return Exercises([e21, e22, e23], lang)


def section_3(hospitals: dict, be_table: pd.DataFrame, csf_table: pd.DataFrame, lang: str = "en") -> Exercises:
    """3.1 the contribution margin T - v of the last class at the first tariff, 3.2 the break-even BOR of UC2
    of the second-to-last class of the second hospital (percent; a fraction is right too), 3.3 which classes'
    deficits the others cover in the JKN payer mix against UC3."""
    first, second = _pair(hospitals)
    bt = be_table.set_index(["hospital", "center", "level", "tariff_name"])
    k3 = hospitals[first].classes[-1]
    perda = hospitals[first].tariffs["tariff_name"].iloc[0]
    r3 = bt.loc[(first, k3, 3, perda)]
    expected = float(r3["margin_per_unit"])
    wrong = [Wrong(float(r3["tariff"] - bt.loc[(first, k3, lv, perda), "UC"]), "teaching.wrong.3_1_full")
             for lv in (1, 2)]
    exercises = [Exercise("3.1", expected, hint="teaching.hint.3_1", wrong=tuple(wrong),
                          tolerance=derive_tolerance(expected, [w.value for w in wrong], floor=0.6 / abs(expected)))]

    if second != first:
        c2 = hospitals[second].classes[-2]
        name = hospitals[second].tariffs["tariff_name"].iloc[0]
        r2 = bt.loc[(second, c2, 2, name)]
        expected = 100 * float(r2["BOR_star"])
        wrong = [Wrong(100 * float(r2["BOR_star_accounting"]), "teaching.wrong.3_2_accounting"),
                 Wrong(100 * float(r2["BOR_actual"]), "teaching.wrong.3_2_actual"),
                 Wrong(100 * float(bt.loc[(second, c2, 1, name), "BOR_star"]), "teaching.wrong.3_2_uc1")]
        exercises.append(Exercise("3.2", expected, hint="teaching.hint.3_2", share=True, wrong=tuple(wrong),
                                  tolerance=derive_tolerance(expected, [w.value for w in wrong],
                                                             floor=0.06 / expected)))

    mix = csf_table[(csf_table["hospital"] == first) & csf_table["scenario"].str.startswith("JKN")
                    & (csf_table["level"] == 3)]
    covered = tuple(sorted(set(mix["to"]))) or ("none",)
    givers = sorted(set(mix["from"]) - set(covered))
    names = {c: () for c in hospitals[first].classes}
    names["none"] = ("none", "no class", "tidak ada", "tidak ada kelas")
    exercises.append(Exercise("3.3", covered, hint="teaching.hint.3_3", names=names,
                              wrong=tuple(Wrong(g, "teaching.wrong.3_3_giver") for g in givers)))
    return Exercises(exercises, lang)
