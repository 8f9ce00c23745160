"""Pasangkayu (seed 002): rational tariff, cost recovery, Tabel 5, for the study and for any hospital."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from jkncost.core.comparison import ASSUMED, Comparison, classify, held_out_status
from jkncost.core.comparison import table as comparison_table
from jkncost.costing.tariff import cost_recovery_rate, rational_tariff, rule_evidence
from jkncost.tables import read_frame

from .readers import CLASSES, PERDA_INTRO, PERDA_MAIN, RULE, SEED, published, published_value, table4


# --- rational tariff -------------------------------------------------------------------------
def rational_tariff_evidence(tolerance: float = 1.0) -> pd.DataFrame:
    """Every rule of :mod:`jkncost.costing.tariff` tested against Table 4 (see :func:`jkncost.costing.tariff.rule_evidence`).

    The parameters of ``fraction_of_uc`` and ``markup`` are fitted from Table 4; the note of
    ``fraction_of_uc`` gives the interval of fractions that reproduce all four classes.
    """
    t = table4()
    return rule_evidence(t["UC3"], t["ATP"], t["WTP"], t["rational tariff"], tolerance=tolerance)


def reproduce_rational_tariffs(rule: str = RULE["rule"], fraction: float = RULE["fraction"],
                               markup: float = 0.0) -> pd.DataFrame:
    """Table 4's rational tariffs recomputed from its UC3, ATP and WTP with one rule.

    Returns ``class, UC3, ATP, WTP, published, reproduced, difference`` (reproduced unrounded;
    difference = reproduced - published).
    """
    t = table4()
    rep = rational_tariff(t["UC3"], t["ATP"], t["WTP"], rule=rule, fraction=fraction, markup=markup)
    out = pd.DataFrame({"class": CLASSES, "UC3": t["UC3"].to_numpy(), "ATP": t["ATP"].to_numpy(),
                        "WTP": t["WTP"].to_numpy(), "published": t["rational tariff"].to_numpy(),
                        "reproduced": rep.to_numpy()})
    out["difference"] = out["reproduced"] - out["published"]
    return out


def rational_tariff_comparison(tolerance: float = 1.0) -> pd.DataFrame:
    """The four rational tariffs as a :mod:`jkncost.core.comparison` table.

    Status is at best ``reproduced under stated assumptions``: the inputs are the published UC3
    and the rule (assumption A15) was identified from the same table.
    """
    rows = []
    note = ("0.95 x published UC3; rule identified from Tabel 4, not stated in the paper "
            "(data/raw/pasangkayu/assumptions.csv A15)")
    for r in reproduce_rational_tariffs().to_dict("records"):
        status = classify(r["published"], r["reproduced"], tolerance=tolerance, assumed=True)
        rows.append(Comparison(f"rational tariff {r['class']}", r["published"], r["reproduced"], status,
                               unit="Rp/patient-day", source=f"{SEED}, Tabel 4",
                               note=note if status == ASSUMED else note + "; outside the tolerance"))
    return comparison_table(rows)


# --- cost recovery ---------------------------------------------------------------------------
def crr_by_class() -> pd.DataFrame:
    """CRR per inpatient class (percent): Perda tariff / UC3 (both printed Perda sets) and rational / UC3.

    Columns: ``class, UC3, perda_main, perda_intro, rational, CRR_perda_main, CRR_perda_intro,
    CRR_rational``. ``perda_main`` is the Pembahasan/Kesimpulan set (assumption A16),
    ``perda_intro`` the Pendahuluan set; both cite Perda No. 4/2016.
    """
    t = table4()
    main = pd.Series({c: published_value("Perda tariff", c, source=PERDA_MAIN) for c in CLASSES})
    intro = pd.Series({c: published_value("Perda tariff", c, source=PERDA_INTRO) for c in CLASSES})
    out = pd.DataFrame({"class": CLASSES, "UC3": t["UC3"].to_numpy(), "perda_main": main.to_numpy(),
                        "perda_intro": intro.to_numpy(), "rational": t["rational tariff"].to_numpy()})
    for col in ("perda_main", "perda_intro", "rational"):
        out[f"CRR_{col}"] = cost_recovery_rate(out[col], out["UC3"]).to_numpy()
    return out


def hospital_cost_recovery() -> pd.DataFrame:
    """Hospital-wide cost recovery in 2016 and 2017 from the introduction's financial figures.

    Columns: ``year, operating_cost, revenue, deficit_printed, deficit_recomputed,
    CRR_percent, deficit_share_percent, share_printed, share_holds``. The printed "75,4%" is the
    share of operating cost not covered by revenue, ``(cost - revenue) / cost = 100 - CRR``;
    ``share_holds`` says whether it rounds to the printed value (one decimal).
    """
    rows = []
    for year in (2016, 2017):
        cost = published_value("operating cost", "hospital", year=year)
        rev = published_value("revenue", "hospital", year=year)
        deficit = published_value("operating deficit", "hospital", year=year)
        share = published_value("operating deficit share", "hospital", year=year)
        crr = cost_recovery_rate(rev, cost)
        rows.append({"year": float(year), "operating_cost": cost, "revenue": rev, "deficit_printed": deficit,
                     "deficit_recomputed": cost - rev, "CRR_percent": crr, "deficit_share_percent": 100.0 - crr,
                     "share_printed": share, "share_holds": bool(round(100.0 - crr, 1) == share)})
    return pd.DataFrame(rows)



# --- tariffs for any hospital -----------------------------------------------------------------
class StudyNotApplicable(ValueError):
    """The study's method cannot be applied to this hospital folder (one line saying why)."""


def inpatient_classes(hospital) -> list[str]:
    """Production centers measured in patient-days with a measured output (the tariff classes)."""
    prod = hospital.centers[~hospital.is_support]
    unit = prod["output_unit"].fillna("").astype(str).str.lower()
    days = unit.str.contains("patient-day") | unit.str.contains("hari")
    measured = pd.to_numeric(prod["output"], errors="coerce").fillna(0) > 0
    return prod.loc[days & measured, "center"].tolist()


def check_applicable(hospital, method: str, where: str) -> list[str]:
    """The tariff classes of ``hospital``, or :class:`StudyNotApplicable` with one line saying why not.

    The study prices inpatient classes per patient-day from UC3 after allocation, so it needs at
    least one production center whose output is patient-days (``output_unit`` naming
    ``patient-day`` or ``hari``) and measured, and an allocation ``method`` that can close every
    support center (:meth:`jkncost.costing.Hospital.method_problems`).
    """
    classes = inpatient_classes(hospital)
    if not classes:
        raise StudyNotApplicable(
            f"{where}: the Pasangkayu method prices inpatient classes per patient-day, and this folder has no "
            "production center with a measured output in patient-days (output_unit 'patient-day' or 'hari rawat')")
    problems = hospital.method_problems(method) if hasattr(hospital, "method_problems") else []
    if problems:
        raise StudyNotApplicable(f"{where}: {problems[0][1]}")
    return classes


def resolve_rule(rule: str, fraction: float, study: bool) -> tuple[str, float, str]:
    """``(rule, fraction, why)`` for the notebook's ``rational_rule``.

    ``study`` means the paper's rule, identified from its own Tabel 4 (0.95 x UC3, A15): applied
    to Pasangkayu only. For another hospital it is not that hospital's rule, so ``study`` falls
    back to ``uc`` (the tariff at UC3, the variable cost per day) and says so.
    """
    if rule != "study":
        return rule, fraction, ""
    if study:
        return RULE["rule"], RULE["fraction"], "the paper's rule, identified from its Tabel 4 (A15)"
    return "uc", 1.0, ("no rule given for this hospital: the rational tariff is shown at UC3; the 0.95 x UC3 rule "
                       "was identified from the Pasangkayu paper's Tabel 4 and is not this hospital's")


def own_tariffs(hospital, source) -> pd.Series:
    """The hospital's own tariff per unit of output (``tariffs.csv`` of format v2), by center; empty if none.
    With several tariff sets (format v3), a center's first tariff in the file.

    Taken from the reader when it provides them (``hospital.tariffs``), else read from
    ``tariffs.csv`` in the folder (``center, tariff``; rupiah as numbers or Indonesian text).
    """
    from pathlib import Path

    from jkncost.money import parse_rupiah

    t = getattr(hospital, "tariffs", None)
    if isinstance(t, pd.DataFrame) and len(t):
        # several tariff sets (hospital folder v3): the first set of each center in file order
        return t.drop_duplicates("center", keep="first").set_index("center")["tariff"].astype(float)
    f = Path(source) / "tariffs.csv"
    if not f.is_file():
        return pd.Series(dtype=float)
    df = read_frame(f, required=("center", "tariff"))  # the one reader: ',' or ';', BOM, Windows-1252, title rows
    return pd.Series([parse_rupiah(v) for v in df["tariff"]], index=df["center"], dtype=float)


def read_atp_wtp(path) -> pd.DataFrame:
    """An optional ATP/WTP file for another hospital: columns ``class, ATP, WTP`` (Rp per patient-day)."""
    from jkncost.errors import InputError, Problem
    from jkncost.money import parse_rupiah

    # the one reader: ',' or ';', BOM, Windows-1252, title rows; header names compared loosely (ATP is atp)
    df = read_frame(path, required=("class", "atp", "wtp"), label=getattr(path, "name", str(path)))
    missing = [c for c in ("class", "ATP", "WTP") if c.lower() not in df.columns]
    if missing:
        raise InputError(Problem(getattr(path, "name", str(path)), f"required columns missing: {', '.join(missing)}",
                                 row=df.attrs["header_row"]))
    out = pd.DataFrame({"class": df["class"]})
    for col in ("ATP", "WTP"):
        out[col] = [parse_rupiah(v) if v else math.nan for v in df[col.lower()]]
    return out.set_index("class")


def tariff_table(uc: pd.DataFrame, classes: list[str], rule: str = RULE["rule"], fraction: float = RULE["fraction"],
                 markup: float = 0.0, atp_wtp: pd.DataFrame | None = None, pasangkayu: bool = True,
                 own: pd.Series | None = None) -> pd.DataFrame:
    """Rational tariff per class from the reproduced UC3, and the CRRs.

    ``uc`` is a ``unit_cost`` table (center, UC3 ...). ATP and WTP come from ``atp_wtp`` (index
    class) when given; for Pasangkayu (``pasangkayu=True``) from Tabel 4. A rule that needs ATP or
    WTP fails (:class:`~jkncost.errors.InputError`) when they are not given.

    ``own``: the hospital's own tariffs by center (:func:`own_tariffs`), giving ``tariff`` and
    ``CRR_tariff`` (percent of UC3).

    Columns: ``class, UC3, ATP, WTP, rule, rational_tariff``, and for Pasangkayu
    ``perda_main, perda_intro, CRR_perda_main, CRR_perda_intro, CRR_rational`` (percent, tariff /
    UC3; A16), ``published_rational, difference`` (against Tabel 4).
    """
    u = uc.set_index("center")["UC3"].reindex(classes).astype(float)
    out = pd.DataFrame({"class": classes, "UC3": u.to_numpy()})
    if atp_wtp is not None:
        aw = atp_wtp.reindex(classes)
        out["ATP"], out["WTP"] = aw["ATP"].to_numpy(dtype=float), aw["WTP"].to_numpy(dtype=float)
    elif pasangkayu:
        t = table4().reindex(classes)
        out["ATP"], out["WTP"] = t["ATP"].to_numpy(), t["WTP"].to_numpy()
    else:
        out["ATP"], out["WTP"] = math.nan, math.nan
    from jkncost.costing.tariff import RULES

    needs = RULES[rule].needs if rule in RULES else ()
    cols = {"uc": "UC3", "atp": "ATP", "wtp": "WTP"}
    args = {k: (pd.Series(out[col].to_numpy(dtype=float), index=classes)
                if k in needs and out[col].notna().any() else None) for k, col in cols.items()}
    out["rule"] = rule_label(rule, fraction, markup)
    out["rational_tariff"] = rational_tariff(args["uc"], args["atp"], args["wtp"], rule=rule, fraction=fraction,
                                             markup=markup).to_numpy()
    if pasangkayu:
        out["perda_main"] = [published_value("Perda tariff", c, source=PERDA_MAIN) for c in classes]
        out["perda_intro"] = [published_value("Perda tariff", c, source=PERDA_INTRO) for c in classes]
        for col in ("perda_main", "perda_intro"):
            out[f"CRR_{col}"] = crr_or_nan(out[col], out["UC3"])
        out["CRR_rational"] = crr_or_nan(out["rational_tariff"], out["UC3"])
        out["published_rational"] = table4().reindex(classes)["rational tariff"].to_numpy()
        out["difference"] = out["rational_tariff"] - out["published_rational"]
    else:
        out["CRR_rational"] = crr_or_nan(out["rational_tariff"], out["UC3"])
    if own is not None and len(own):
        out["tariff"] = own.reindex(classes).to_numpy(dtype=float)
        # CRR = tariff / UC3 x 100 (percent); a class without its own tariff has none
        out["CRR_tariff"] = crr_or_nan(out["tariff"], out["UC3"])
    return out


def crr_or_nan(tariff, uc) -> np.ndarray:
    """CRR = 100 x tariff / UC3 per class (percent), NaN where UC3 is not positive (a class without variable
    cost on another hospital) or a value is missing, instead of an error for the whole table.

    >>> crr_or_nan(pd.Series([95.0, 50.0]), pd.Series([100.0, 0.0])).tolist()
    [95.0, nan]
    """
    t = np.asarray(tariff, dtype=float)
    u = np.asarray(uc, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(u > 0, 100.0 * t / u, np.nan)


def rule_label(rule: str, fraction: float, markup: float) -> str:
    if rule == "fraction_of_uc":
        return f"fraction_of_uc (fraction={fraction:g})"
    if rule == "markup":
        return f"markup (markup={markup:g})"
    return rule


def table5() -> pd.DataFrame:
    """Tabel 5 per class (Rp per case) beside the Tabel 4 figures its rules use.

    Columns: ``class, rational_per_case, inacbg, perda_per_case, UC3`` (Tabel 4, Rp per day),
    ``per_case_minus_UC3`` (constant across classes: the rational tariff per case is UC3 plus
    one amount, :func:`table5_rules`), ``inacbg_over_class_III`` (1.4, 1.2, 1: the INA-CBG column is
    the class III tariff times a class step) and ``CRR_inacbg_vs_rational`` (percent).

    >>> table5()["per_case_minus_UC3"].tolist()
    [1010043.0, 1010043.0, 1010044.0]
    """
    p = published()
    t5 = p[p["source"] == f"{SEED}, Tabel 5"].pivot(index="class_or_center", columns="figure", values="value")
    classes = [c for c in CLASSES if c in t5.index]
    t5 = t5.reindex(classes)
    t4 = table4().reindex(classes)
    out = pd.DataFrame({"class": classes, "rational_per_case": t5["rational tariff per case"].to_numpy(),
                        "inacbg": t5["INA-CBG tariff"].to_numpy(), "perda_per_case": t5["Perda tariff per case"].to_numpy(),
                        "UC3": t4["UC3"].to_numpy()})
    out["per_case_minus_UC3"] = out["rational_per_case"] - out["UC3"]
    out["inacbg_over_class_III"] = out["inacbg"] / float(out["inacbg"].iloc[-1])
    out["CRR_inacbg_vs_rational"] = cost_recovery_rate(out["inacbg"], out["rational_per_case"]).to_numpy()
    return out


#: Rank of a class in the INA-CBG class step (class III = 0); used by the linear rule of the INA-CBG column.
CLASS_RANK = {"Kelas I": 2, "Kelas II": 1, "Kelas III": 0}


def _fit_constant(x: pd.Series, y: pd.Series) -> float:
    """``c`` of ``y = x + c`` by least squares (the mean of ``y - x``)."""
    return float((y - x).mean())


def _fit_line(r: pd.Series, y: pd.Series) -> tuple[float, float]:
    """``a, b`` of ``y = a + b r`` by least squares (exact through two points)."""
    rr, yy = r.to_numpy(dtype=float), y.to_numpy(dtype=float)
    b = float(((rr - rr.mean()) * (yy - yy.mean())).sum() / ((rr - rr.mean()) ** 2).sum())
    return float(yy.mean() - b * rr.mean()), b


def table5_rules() -> pd.DataFrame:
    """The two rules behind Tabel 5, fitted on all three classes.

    - ``rational_per_case``: rational tariff per case = UC3 (Tabel 4, Rp per day) + ``c``; one
      constant for every class (the per-day *rational tariff* does not give a constant, UC3 does).
    - ``inacbg``: INA-CBG tariff = ``a + b x rank`` (class III rank 0, II 1, I 2), i.e. class III
      times 1, 1 + b/a, 1 + 2b/a; the fit gives b/a = 0.2 (class II 120 percent, class I 140 percent
      of class III).

    The Perda per-case column follows no such rule (it is the Perda, an input). Columns:
    ``column, rule, parameter, value``. Out-of-sample tests: :func:`leave_one_out`.

    >>> r = table5_rules().set_index("parameter")["value"]
    >>> round(float(r["c"])), round(float(r["b/a"]), 6)
    (1010043, 0.2)
    """
    t = table5().set_index("class")
    c = _fit_constant(t["UC3"], t["rational_per_case"])
    rank = pd.Series(CLASS_RANK).reindex(t.index)
    a, b = _fit_line(rank, t["inacbg"])
    return pd.DataFrame([
        {"column": "rational_per_case", "rule": "UC3 (Tabel 4) + c", "parameter": "c", "value": c},
        {"column": "inacbg", "rule": "a + b x rank (class III 0, II 1, I 2)", "parameter": "a", "value": a},
        {"column": "inacbg", "rule": "a + b x rank (class III 0, II 1, I 2)", "parameter": "b", "value": b},
        {"column": "inacbg", "rule": "a + b x rank (class III 0, II 1, I 2)", "parameter": "b/a", "value": b / a},
    ])


#: Fractions of UC3 other than the fitted 0.95 that a reader could have chosen (the held-out test's alternatives).
ALTERNATIVE_FRACTIONS = (0.90, 1.00)


def leave_one_out(tolerance: float = 1.0) -> pd.DataFrame:
    """Every rule identified from the paper's numbers, tested out of sample: fit on all classes but one,
    predict the one left out.

    Rules: ``fraction_of_uc`` (Tabel 4 rational tariff = f x UC3, A15; f the mean ratio of the
    other three classes), ``UC3 + c`` (Tabel 5 rational tariff per case), ``a + b x rank`` (Tabel 5
    INA-CBG; two classes fix the line). ``predicted`` is rounded to the rupiah as the paper prints;
    ``error = predicted - published``; ``within`` when ``|error| <= tolerance``; ``alternatives``,
    ``held_out_status`` and ``held_out_note`` say whether the hit tests anything
    (:func:`jkncost.core.comparison.held_out_status`; for f x UC3 the alternatives are 0.90 and 1.00).

    >>> loo = leave_one_out()
    >>> loo.groupby("rule")["within"].all().to_dict()
    {'INA-CBG = a + b x rank': True, 'rational per case = UC3 + c': True, 'rational tariff = f x UC3': True}
    """
    rows = []
    t4 = table4()
    for left in t4.index:
        train = t4.drop(index=left)
        f = float((train["rational tariff"] / train["UC3"]).mean())
        rows.append({"rule": "rational tariff = f x UC3", "table": "Tabel 4", "class": left,
                     "fitted_on": ", ".join(train.index), "parameter": f"f = {f:.6f}",
                     "published": float(t4.loc[left, "rational tariff"]), "predicted": round(f * t4.loc[left, "UC3"])})
    t5 = table5().set_index("class")
    rank = pd.Series(CLASS_RANK).reindex(t5.index)
    for left in t5.index:
        train = t5.drop(index=left)
        c = _fit_constant(train["UC3"], train["rational_per_case"])
        rows.append({"rule": "rational per case = UC3 + c", "table": "Tabel 5", "class": left,
                     "fitted_on": ", ".join(train.index), "parameter": f"c = {c:,.1f}",
                     "published": float(t5.loc[left, "rational_per_case"]), "predicted": round(t5.loc[left, "UC3"] + c)})
        a, b = _fit_line(rank.drop(index=left), train["inacbg"])
        rows.append({"rule": "INA-CBG = a + b x rank", "table": "Tabel 5", "class": left,
                     "fitted_on": ", ".join(train.index), "parameter": f"a = {a:,.0f}, b = {b:,.0f} (b/a = {b / a:.4f})",
                     "published": float(t5.loc[left, "inacbg"]), "predicted": round(a + b * rank[left])})
    out = pd.DataFrame(rows)
    out["predicted"] = out["predicted"].astype(float)
    out["error"] = out["predicted"] - out["published"]
    out["within"] = out["error"].abs() <= tolerance
    # the other round fractions a reader could have fitted: a hit is a test only if they miss
    alternatives, statuses, notes = [], [], []
    for r in out.to_dict("records"):
        others = {}
        if r["rule"].startswith("rational tariff = f"):
            uc3 = float(t4.loc[r["class"], "UC3"])
            others = {f"{f:.2f} x UC3": float(round(f * uc3)) for f in ALTERNATIVE_FRACTIONS}
        hits = {k: abs(v - r["published"]) <= tolerance for k, v in others.items()}
        alternatives.append("; ".join(f"{k}: {v:,.0f} ({'also fits' if hits[k] else 'misses'})"
                                      for k, v in others.items()))
        st, note = held_out_status(bool(r["within"]), hits)
        statuses.append(st)
        notes.append(note)
    out["alternatives"], out["held_out_status"], out["held_out_note"] = alternatives, statuses, notes
    return out.sort_values(["rule", "class"], kind="stable").reset_index(drop=True)
