"""The course unit (``notebooks/course/``): the hand example's tables and the graded exercises of each meeting.

Three meetings, in the order a hospital-costing course teaches them, on the invented hand example
(``data/raw/hand_example``: 3 support and 3 production centers):

1. cost classification (FC, SVC, VC) and the annualized investment cost (AIC);
2. allocation: the double-distribution table (*biaya asli, distribusi I, distribusi II, total*);
3. unit cost (TC, UC), normative output at a target BOR, cost recovery rate (CRR), ability and willingness to
   pay (ATP, WTP) from a small synthetic survey, the rational tariff, the methods compared, and the INA-CBG
   case payment against the cost of the whole episode.

Every exercise's expected value is computed here from the notebook's parameters (never in a notebook cell, so
the student version holds no answer), with the plausible wrong answers it must reject, each with its hint
(:mod:`jkncost.teaching.exercises`). :func:`double_distribution_table` is the engine's side of the hand
calculation the second meeting does step by step.

Examples
--------
>>> from jkncost.core import paths
>>> t = double_distribution_table(read_hospital(paths.raw("hand_example")))
>>> (t["total"] / 1e6).round(2).to_dict()
{'Administrasi': 0.0, 'Gizi': 0.0, 'Laundry': 0.0, 'Rawat Inap': 885.0, 'Rawat Jalan': 430.0, 'Laboratorium': 235.0}
>>> ex = meeting_2(paths.raw("hand_example"))
>>> ex.check("2.3", "885.000.000", quiet=True).right
True
"""

from __future__ import annotations

import pandas as pd

from jkncost.core import paths
from jkncost.costing import read_hospital
from jkncost.costing.allocation import METHODS
from jkncost.costing.annualize import aic_inflation
from jkncost.costing.occupancy import normative_output
from jkncost.costing.tariff import rational_tariff
from jkncost.costing.unitcost import compare_methods, unit_cost
from jkncost.tables import infer_numbers, read_frame
from jkncost.teaching.exercises import Exercise, Exercises, Wrong, derive_tolerance

#: The centers the exercises name (the hand example's).
ADMIN, KITCHEN, LAUNDRY = "Administrasi", "Gizi", "Laundry"
INPATIENT, OUTPATIENT, LAB = "Rawat Inap", "Rawat Jalan", "Laboratorium"
DAYS = 365

CATEGORY_NAMES = {
    "FC": ("fixed cost", "fixed", "biaya tetap", "tetap", "investment cost", "biaya investasi", "AIC"),
    "SVC": ("semi-variable cost", "semi variable", "semivariable", "biaya semi variabel", "semi variabel",
            "semi-variabel"),
    "VC": ("variable cost", "variable", "biaya variabel", "variabel"),
}
CHOICES = {"a": ("(a)", "a)"), "b": ("(b)", "b)"), "c": ("(c)", "c)")}
YES_NO = {"yes": ("ya", "iya", "y", "covers", "menutup", "cukup"),
          "no": ("tidak", "n", "does not", "does not cover", "tidak menutup", "tidak cukup", "kurang")}
MORE_LESS = {"more": ("higher", "larger", "lebih besar", "lebih tinggi", "lebih banyak", "besar"),
             "less": ("lower", "smaller", "lebih kecil", "lebih rendah", "lebih sedikit", "kecil")}


def _hospital(hospital_dir):
    return read_hospital(paths.resolve(str(hospital_dir)))


def _tol(expected: float, wrong: list[Wrong], decimals_shown: float = 0.6) -> float:
    """Tolerance below half the gap to the nearest wrong answer, at least the rounding of a value as printed."""
    return derive_tolerance(expected, [w.value for w in wrong], floor=decimals_shown / abs(expected))


def _number(key: str, expected: float, wrong: list[Wrong], *, share: bool = False, rounding: float = 0.6) -> Exercise:
    wrong = [w for w in wrong if abs(float(w.value) - expected) > 1e-9 * max(1.0, abs(expected))]
    return Exercise(key, expected, hint=f"course.hint.{key}", wrong=tuple(wrong), share=share,
                    tolerance=_tol(expected, wrong, rounding))


def _choice(key: str, right: str, names: dict, wrong_hint: dict | None = None) -> Exercise:
    wrong = tuple(Wrong(k, (wrong_hint or {}).get(k, f"course.wrong.{key}")) for k in names if k != right)
    return Exercise(key, (right,), hint=f"course.hint.{key}", names=names, wrong=wrong)


def category_totals(hospital) -> pd.DataFrame:
    """Direct cost (*biaya asli*) per center and category: ``FC, SVC, VC, total`` in the file's order."""
    t = hospital.costs.pivot_table(index="center", columns="category", values="amount", aggfunc="sum", fill_value=0.0)
    t = t.reindex(index=hospital.names, columns=["FC", "SVC", "VC"], fill_value=0.0)
    return t.assign(total=t.sum(axis=1))


def double_distribution_table(hospital) -> pd.DataFrame:
    """The engine's double-distribution table: ``biaya_asli, distribusi_I, distribusi_II, total`` per center.

    From the flows of :func:`jkncost.costing.unitcost.unit_cost` (``method="double"``): a center's
    distribusi I is what it received in stage 1 less what it sent (a support center sends its own cost),
    distribusi II likewise for stage 2 (a support center sends what it received in stage 1); a support
    center's total is 0, a production center's total is its TC1.
    """
    flows = unit_cost(hospital, "double").flows
    asli = category_totals(hospital)["total"]
    out = pd.DataFrame({"biaya_asli": asli})
    for stage, column in (("stage 1", "distribusi_I"), ("stage 2", "distribusi_II")):
        f = flows[flows["stage"] == stage]
        received = f.groupby("to")["amount"].sum().reindex(asli.index, fill_value=0.0)
        sent = f.groupby("from")["amount"].sum().reindex(asli.index, fill_value=0.0)
        out[column] = received - sent
    out["total"] = out.sum(axis=1)
    return out


def meeting_1(hospital_dir="data/raw/hand_example", *, rate: float = 0.05, purchase_value: float = 150_000_000,
              years_in_use: float = 4, useful_life: float = 10, lang: str = "en") -> Exercises:
    """1.1 total FC, 1.2 VC share of the inpatient ward's own cost, 1.3 AIC of the asset of the parameters,
    1.4 the category of salaries, 1.5 (critique) a purchase counted whole as one year's FC."""
    t = category_totals(_hospital(hospital_dir))
    fc, svc, vc, total = (float(t[c].sum()) for c in ("FC", "SVC", "VC", "total"))
    e11 = _number("1.1", fc, [Wrong(svc, "course.wrong.1.1_svc"), Wrong(vc, "course.wrong.1.1_vc"),
                              Wrong(total, "course.wrong.1.1_total")])
    w = t.loc[INPATIENT]
    e12 = _number("1.2", 100 * w["VC"] / w["total"], [
        Wrong(100 * w["FC"] / w["total"], "course.wrong.1.2_other"), Wrong(100 * w["SVC"] / w["total"], "course.wrong.1.2_other"),
        Wrong(100 * vc / total, "course.wrong.1.2_hospital")], share=True, rounding=0.06)
    aic = aic_inflation(purchase_value, rate, years_in_use, useful_life)
    e13 = _number("1.3", aic, [
        Wrong(purchase_value / useful_life, "course.wrong.1.3_no_inflation"),
        Wrong(purchase_value * (1 + rate * years_in_use) / useful_life, "course.wrong.1.3_simple"),
        Wrong(purchase_value * (1 + rate) ** useful_life / useful_life, "course.wrong.1.3_life"),
        Wrong(purchase_value * (1 + rate) ** years_in_use, "course.wrong.1.3_not_divided")])
    e14 = _choice("1.4", "SVC", CATEGORY_NAMES, {"FC": "course.wrong.1.4_fc", "VC": "course.wrong.1.4_vc"})
    e15 = _choice("1.5", "b", CHOICES)
    return Exercises([e11, e12, e13, e14, e15], lang)


def meeting_2(hospital_dir="data/raw/hand_example", *, lang: str = "en") -> Exercises:
    """2.1 the share of Administrasi's cost Rawat Jalan receives in distribusi I, 2.2 what Laundry passes on
    in distribusi II, 2.3 Rawat Inap's total after double distribution, 2.4 whether direct allocation gives
    Rawat Jalan more or less, 2.5 (critique) why."""
    h = _hospital(hospital_dir)
    b = h.bases
    admin = b[b["support_center"] == ADMIN].set_index("center")["weight"].astype(float)
    production = admin.reindex(h.production_centers).dropna()
    e21 = _number("2.1", 100 * admin[OUTPATIENT] / admin.sum(), [
        Wrong(100 * admin[OUTPATIENT] / production.sum(), "course.wrong.2.1_production"),
        Wrong(100 * admin[INPATIENT] / admin.sum(), "course.wrong.2.1_center")], share=True, rounding=0.06)
    dd = double_distribution_table(h)
    asli = dd["biaya_asli"]
    passed = float(-dd.loc[LAUNDRY, "distribusi_II"])
    e22 = _number("2.2", passed, [Wrong(float(asli[LAUNDRY]), "course.wrong.2.2_asli"),
                                  Wrong(float(asli[LAUNDRY]) + passed, "course.wrong.2.2_stepdown")])
    tc1 = compare_methods(h).pivot(index="center", columns="method", values="TC1")
    stage1 = float(asli[INPATIENT] + dd.loc[INPATIENT, "distribusi_I"])
    e23 = _number("2.3", float(dd.loc[INPATIENT, "total"]), [
        Wrong(float(tc1.loc[INPATIENT, "direct"]), "course.wrong.2.3_method"),
        Wrong(float(tc1.loc[INPATIENT, "stepdown"]), "course.wrong.2.3_method"),
        Wrong(float(tc1.loc[INPATIENT, "reciprocal"]), "course.wrong.2.3_method"),
        Wrong(stage1, "course.wrong.2.3_stage1")])
    more = tc1.loc[OUTPATIENT, "direct"] > tc1.loc[OUTPATIENT, "double"]
    e24 = _choice("2.4", "more" if more else "less", MORE_LESS)
    e25 = _choice("2.5", "a", CHOICES)
    return Exercises([e21, e22, e23, e24, e25], lang)


def read_survey(path) -> pd.DataFrame:
    """The ATP/WTP survey (``data/raw/course_survey/survey.csv``) with ``ATP1`` (5 percent of monthly non-food
    expenditure) and ``ATP2`` (monthly spending on non-essentials) per household."""
    s = infer_numbers(read_frame(paths.resolve(str(path))))
    return s.assign(ATP1=0.05 * s["nonfood_expenditure_month"], ATP2=s["nonessential_month"])


def read_episode(path) -> tuple[pd.DataFrame, float]:
    """The services of one episode (``center, quantity``) and its INA-CBG case payment (Rp)."""
    e = infer_numbers(read_frame(paths.resolve(str(path))))
    pay = float(e.loc[e["item"] == "inacbg_case_payment", "quantity"].iloc[0])
    return e[e["item"] != "inacbg_case_payment"][["item", "center", "quantity", "unit"]].reset_index(drop=True), pay


def episode_cost(services: pd.DataFrame, uc: pd.Series) -> float:
    """Cost of one episode: sum over its services of quantity x unit cost of the center giving it."""
    return float((services["quantity"].astype(float) * services["center"].map(uc).astype(float)).sum())


def meeting_3(hospital_dir="data/raw/hand_example", *, method: str = "double", bor: float = 0.8,
              survey="data/raw/course_survey/survey.csv", episode="data/raw/hand_example/episode.csv",
              uc_level: str = "UC2", tariff_rule: str = "mean_uc_atp_wtp", lang: str = "en") -> Exercises:
    """3.1 UC1 of the ward, 3.2 its normative output at ``bor``, 3.3 its normative UC1, 3.4 CRR1 at its tariff,
    3.5 mean ATP1, 3.6 the rational tariff, 3.7 the outpatient UC1 under direct against double distribution,
    3.8 the cost of the INA-CBG episode, 3.9 whether the case payment covers it, 3.10 (critique) LOS x ward UC."""
    h = _hospital(hospital_dir)
    r = unit_cost(h, method, bor=bor, flows=False).unit_cost.set_index("center")
    w = r.loc[INPATIENT]
    beds = float(h.centers.set_index("center").loc[INPATIENT, "beds"])
    qn = float(normative_output(beds, DAYS, bor))
    e31 = _number("3.1", float(w["UC1"]), [Wrong(float(w["UC2"]), "course.wrong.3.1_level"),
                                           Wrong(float(w["UC3"]), "course.wrong.3.1_level"),
                                           Wrong(float(w["TC1"]) / qn, "course.wrong.3.1_normative"),
                                           Wrong(float(w["TC1"]) / (beds * DAYS), "course.wrong.3.1_beds")])
    e32 = _number("3.2", qn, [Wrong(float(w["output"]), "course.wrong.3.2_actual"),
                              Wrong(beds * DAYS, "course.wrong.3.2_full")])
    e33 = _number("3.3", float(w["UC1_normative"]), [Wrong(float(w["TC1"]) / qn, "course.wrong.3.3_all"),
                                                     Wrong(float(w["UC1"]), "course.wrong.3.3_actual")])
    tariff = float(w["tariff"])
    e34 = _number("3.4", 100 * tariff / w["UC1"], [Wrong(100 * w["UC1"] / tariff, "course.wrong.3.4_upside"),
                                                   Wrong(100 * tariff / w["UC3"], "course.wrong.3.4_level"),
                                                   Wrong(100 * tariff / w["UC2"], "course.wrong.3.4_level"),
                                                   Wrong(100 * tariff / w["UC1_normative"], "course.wrong.3.4_normative")],
                  share=True, rounding=0.06)
    s = read_survey(survey)
    atp1, atp2, wtp = float(s["ATP1"].mean()), float(s["ATP2"].mean()), float(s["wtp_patient_day"].mean())
    e35 = _number("3.5", atp1, [Wrong(0.05 * float(s["income_month"].mean()), "course.wrong.3.5_income"),
                                Wrong(atp2, "course.wrong.3.5_atp2"),
                                Wrong(float(s["nonfood_expenditure_month"].mean()), "course.wrong.3.5_whole")])
    rt = float(rational_tariff(float(w[uc_level]), atp1, wtp, rule=tariff_rule))
    others = [lv for lv in ("UC1", "UC2", "UC3") if lv != uc_level]
    e36 = _number("3.6", rt, [*[Wrong(float(rational_tariff(float(w[lv]), atp1, wtp, rule=tariff_rule)),
                                      "course.wrong.3.6_level") for lv in others],
                              Wrong(float(rational_tariff(float(w[uc_level]), atp2, wtp, rule=tariff_rule)),
                                    "course.wrong.3.6_atp2")])
    uc1 = compare_methods(h).pivot(index="center", columns="method", values="UC1")
    d, dbl = float(uc1.loc[OUTPATIENT, "direct"]), float(uc1.loc[OUTPATIENT, "double"])
    e37 = _number("3.7", (d / dbl - 1) * 100, [Wrong((dbl / d - 1) * 100, "course.wrong.3.7_base"),
                                               *[Wrong((float(uc1.loc[OUTPATIENT, m]) / dbl - 1) * 100,
                                                       "course.wrong.3.7_method") for m in METHODS
                                                 if m not in ("direct", "double")]], rounding=0.006)
    services, pay = read_episode(episode)
    cost = episode_cost(services, r["UC1"])
    ward = services[services["center"] == INPATIENT]
    ward_only = episode_cost(ward, r["UC1"])
    e38 = _number("3.8", cost, [Wrong(ward_only, "course.wrong.3.8_ward"),
                                Wrong(episode_cost(services, r["UC3"]), "course.wrong.3.8_level")])
    e39 = _choice("3.9", "yes" if pay >= cost else "no", YES_NO)
    e310 = _choice("3.10", "a", CHOICES)
    return Exercises([e31, e32, e33, e34, e35, e36, e37, e38, e39, e310], lang)


def episode_summary(hospital_dir="data/raw/hand_example", *, method: str = "double",
                    episode="data/raw/hand_example/episode.csv") -> dict:
    """What the INA-CBG lesson shows: the case payment, the episode's cost at UC1, the ward days' cost alone,
    and the per-day reading (payment / length of stay) against the ward's UC1."""
    r = unit_cost(_hospital(hospital_dir), method, flows=False).unit_cost.set_index("center")
    services, pay = read_episode(episode)
    los = float(services.loc[services["center"] == INPATIENT, "quantity"].sum())
    return {"payment": pay, "episode_cost": episode_cost(services, r["UC1"]),
            "ward_cost": episode_cost(services[services["center"] == INPATIENT], r["UC1"]),
            "los": los, "payment_per_day": pay / los, "ward_uc1": float(r.loc[INPATIENT, "UC1"])}


def ward_tornado(hospital_dir="data/raw/hand_example", *, method: str = "double", basis_change: float = 0.2,
                 output_change: float = 0.1, bor_range=(0.6, 0.9)) -> pd.DataFrame:
    """The one-way sensitivity (tornado) of the hand example: every allocation weight x (1 -/+ ``basis_change``),
    every output x (1 -/+ ``output_change``), the BOR of the bed-holding centers over ``bor_range``
    (:func:`jkncost.sensitivity.tornado`; the S2 meeting). Needs scipy (the full environment)."""
    from jkncost.sensitivity import Model, default_inputs, tornado

    model = Model.from_hospital(_hospital(hospital_dir), method)
    return tornado(model, default_inputs(model, basis=basis_change, output=output_change, bor=tuple(bor_range)))


def meeting_4(hospital_dir="data/raw/hand_example", *, method: str = "double", basis_change: float = 0.2,
              output_change: float = 0.1, bor_range=(0.6, 0.9), lang: str = "en") -> Exercises:
    """S2: 4.1 the allocation weight that moves Rawat Inap's UC1 most, 4.2 the swing of its UC1 against its own
    output, 4.3 (critique) why a weight moved by a fifth moves the unit cost so much less."""
    from jkncost.sensitivity import input_label

    t = ward_tornado(hospital_dir, method=method, basis_change=basis_change, output_change=output_change,
                     bor_range=bor_range)
    bars = t[(t["quantity"] == "UC1") & (t["center"] == INPATIENT)].reset_index(drop=True)
    weights = bars[bars["kind"] == "weight"]["input"].tolist()
    names = {i: (input_label(i, "en"), input_label(i, "id")) for i in bars["input"]}
    e41 = Exercise("4.1", (weights[0],), hint="course.hint.4.1", names=names,
                   wrong=(Wrong(weights[1], "course.wrong.4.1_second"),
                          *[Wrong(i, "course.wrong.4.1_not_weight") for i in bars[bars["kind"] != "weight"]["input"]]))
    own = bars[bars["input"] == f"output {INPATIENT}"].iloc[0]
    bor = bars[bars["kind"] == "bor"]
    wrong = [Wrong(float(own["swing_percent"]), "course.wrong.4.2_percent")]
    if len(bor):
        wrong.append(Wrong(float(bor["swing"].iloc[0]), "course.wrong.4.2_bor"))
    e42 = _number("4.2", float(own["swing"]), wrong)
    e43 = _choice("4.3", "a", CHOICES)
    return Exercises([e41, e42, e43], lang)
