"""Patient-level cost of care against the hospital tariff and the INA-CBG tariff.

A *cohort* is one row per patient (one caesarean-section stay in the seed-000 study): care class,
secondary diagnosis yes/no, length of stay, age, the cost of care by component (room, procedure,
drugs, supplies, tests, other), the hospital tariff charged, the INA-CBG tariff paid and the
INA-CBG code. The columns are documented in ``data/raw/caesarean/cohort_columns.csv`` and a
template is ``data/raw/caesarean/cohort_template.csv``; :func:`read_cohort` validates a file and
names the row (header = row 1) and column of every problem.

Formulas
--------
For patient ``i`` with cost of care ``C_i`` (sum of the components) and a tariff ``T_i`` (the
hospital tariff ``R_i`` or the INA-CBG tariff ``G_i``):

* difference ``D_i = C_i - T_i`` (the study's *selisih*: negative = cost below tariff, "efficient");
  mean difference ``D = mean(C_i - T_i) = mean(C) - mean(T)``;
* cost recovery rate, two definitions (:data:`CRR_DEFINITIONS`):

  - ``ratio_of_means``: ``CRR = sum(T_i) / sum(C_i) = mean(T) / mean(C)`` (revenue over cost of the
    whole group, the usual hospital-accounting definition);
  - ``mean_of_ratios``: ``CRR = mean(T_i / C_i)`` (the average patient's recovery).

  They agree when every patient has the same ratio ``T_i / C_i``; otherwise they differ by a term
  driven by the dispersion of cost (Jensen's inequality: with one fixed tariff ``T``,
  ``mean(T / C_i) >= T / mean(C)``).

* Under ``ratio_of_means`` a mean difference and a CRR pin the mean cost:
  ``CRR = mean(T) / mean(C) = 1 - D / mean(C)``, so ``mean(C) = D / (1 - CRR)``; and the two CRRs
  together give ``CRR_R - CRR_G = (D_G - D_R) / mean(C)``. :func:`implied_mean_cost` uses this to
  check whether published figures are mutually consistent. Under ``mean_of_ratios`` no such
  identity holds and the aggregates do not identify the mean cost.

Association of cost with patient characteristics (:func:`association_tests`): for every variable
both a parametric and a rank-based test are computed, and one is *chosen* by the variable's type
and distribution (Shapiro-Wilk normality at ``alpha``, judged only on groups of at least
:data:`MIN_NORMALITY_N` patients; Levene for equal variances):

============== ===================== ======================= ===================================
variable        type                  parametric (effect)     rank-based (effect)
============== ===================== ======================= ===================================
care class      categorical, k >= 3   one-way ANOVA (eta^2)   Kruskal-Wallis H (epsilon^2)
secondary dx    binary                Welch t (Cohen's d)     Mann-Whitney U (rank-biserial r)
length of stay  count (few values)    Pearson r (r)           Spearman rho (rho)
age             continuous            Pearson r (r)           Spearman rho (rho)
============== ===================== ======================= ===================================

Chosen: ANOVA when every class is normal and variances are equal, else Kruskal-Wallis; Welch t when
both groups are normal, else Mann-Whitney; Spearman for a count with few distinct values (ties,
not continuous); Pearson for a continuous variable when both it and cost are normal, else Spearman.
Effect sizes: ``eta^2 = SS_between / SS_total``; ``epsilon^2 = H / (n - 1)`` (Tomczak & Tomczak
2014); ``d = (mean_yes - mean_no) / s_pooled``; rank-biserial ``r = 2 U / (n_yes n_no) - 1``
(Kerby 2014), positive when the "yes" group costs more.

References
----------
Seed 000 abstract (``shared/seeds/000_762e23117f4b614d.txt``): sectio caesarea, O34.2, 89 BPJS patients.
Tomczak M, Tomczak E (2014). The need to report effect size estimates revisited. *Trends in Sport
Sciences* 21(1):19-25 (epsilon squared for Kruskal-Wallis).
Razali NM, Wah YB (2011). Power comparisons of Shapiro-Wilk, Kolmogorov-Smirnov, Lilliefors and
Anderson-Darling tests. *Journal of Statistical Modeling and Analytics* 2(1):21-33.
Kerby DS (2014). The simple difference formula: an approach to teaching nonparametric correlation.
*Comprehensive Psychology* 3:11.IT.3.1 (rank-biserial correlation).

Examples
--------
>>> import pandas as pd
>>> c = pd.DataFrame({"cost_total": [100.0, 200.0], "hospital_tariff": [150.0, 200.0],
...                   "inacbg_tariff": [50.0, 100.0]})
>>> crr(c["hospital_tariff"], c["cost_total"], "ratio_of_means")
1.1666666666666667
>>> crr(c["hospital_tariff"], c["cost_total"], "mean_of_ratios")
1.25
>>> imp = implied_mean_cost(-1236793, 1.20, 1974050, 0.68)
>>> round(imp.from_hospital), round(imp.from_inacbg), round(imp.from_gap)
(6183965, 6168906, 6174698)
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from jkncost.compendium import comparison as cmp
from jkncost.compendium import paths
from jkncost.errors import InputError, Problem
from jkncost.jkn.inacbg import InacbgCodeError
from jkncost.jkn.inacbg import parse as parse_inacbg
from jkncost.compendium.io import header_row, row_numbers
from jkncost.money import parse_rupiah

CRR_DEFINITIONS = ("ratio_of_means", "mean_of_ratios")
COMPONENTS = ("cost_room", "cost_procedure", "cost_drugs", "cost_supplies", "cost_tests", "cost_other")
REQUIRED = ("care_class", "secondary_diagnosis", "length_of_stay", "age", "hospital_tariff", "inacbg_tariff")
CLASSES = (1, 2, 3)
#: Variables tested against cost, with their type (decides the tests, see the module docstring).
VARIABLES = {
    "care_class": "categorical",
    "secondary_diagnosis": "binary",
    "length_of_stay": "count",
    "age": "continuous",
}
AGE_RANGE = (12.0, 60.0)
SYNTHETIC_LABEL = "synthetic cohort calibrated to published aggregates"
#: Said of every figure a synthetic cohort hits: it was a calibration target (or, for the cohort size, a parameter).
BY_CONSTRUCTION = ("a calibration target of the synthetic cohort: agreement by construction, it shows the figure is "
                   "attainable, not that it is reproduced")

_YES = {"yes", "ya", "y", "1", "true", "ada", "t"}
_NO = {"no", "tidak", "n", "0", "false", "tidak ada", "f", "tdk"}
_ROMAN = {"I": 1, "II": 2, "III": 3}


# --------------------------------------------------------------------------------------------
# Reading and validating a cohort
# --------------------------------------------------------------------------------------------

def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _care_class(value: object) -> int:
    text = str(value).strip()
    m = re.fullmatch(r"(?i:(?:kelas|class|kls)\.?\s*)?([0-9]+(?:\.0)?|[IVX]+)", text)
    if m:
        token = m.group(1).upper()
        number = _ROMAN.get(token) if token in _ROMAN else (int(float(token)) if token[0].isdigit() else None)
        if number in CLASSES:
            return number
    raise ValueError(f"unknown care class {text!r}; expected 1, 2 or 3 (or I, II, III)")


def _yes_no(value: object) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    text = str(value).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"{value!r} is not yes/no (yes, no, ya, tidak, 1, 0, true, false)")


def _number(value: object) -> float:
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if not math.isfinite(float(value)):
            raise ValueError(f"not a finite number: {value!r}")
        return float(value)
    text = str(value).strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"not a number: {value!r}") from None


def validate_cohort(df: pd.DataFrame, file: str = "<cohort>") -> pd.DataFrame:
    """Check a raw cohort table and return it typed and normalized.

    Every problem is collected (row as a person counts it, header = row 1) and raised together as
    :class:`~jkncost.errors.InputError`. Amounts may be numbers or rupiah text
    (:func:`jkncost.money.parse_rupiah`).

    Returns
    -------
    pandas.DataFrame
        ``patient_id`` (str), ``care_class`` (1/2/3), ``secondary_diagnosis`` (bool),
        ``length_of_stay`` (int), ``age`` (float), the cost components present, ``cost_total``,
        ``hospital_tariff``, ``inacbg_tariff``, ``inacbg_code`` (canonical text or "") and
        ``severity`` (0-3, or -1 without a code).

    Examples
    --------
    >>> bad = pd.DataFrame({"care_class": ["VIP"], "secondary_diagnosis": ["no"],
    ...     "length_of_stay": [3], "age": [30], "cost_room": [-5], "hospital_tariff": [""],
    ...     "inacbg_tariff": [4000000]})
    >>> try:
    ...     validate_cohort(bad, "cohort.csv")
    ... except InputError as exc:
    ...     print("\\n".join(str(p) for p in exc.problems))
    cohort.csv:2: column 'care_class': unknown care class 'VIP'; expected 1, 2 or 3 (or I, II, III)
    cohort.csv:2: column 'cost_room': negative cost -5 (a cost cannot be below zero)
    cohort.csv:2: column 'hospital_tariff': missing hospital tariff
    """
    header = header_row(df)
    columns = [str(c).strip() for c in df.columns]
    df = df.set_axis(columns, axis=1)  # a copy: the caller's frame keeps its column names
    missing = [c for c in REQUIRED if c not in columns]
    components = [c for c in COMPONENTS if c in columns]
    extra_costs = sorted(c for c in columns if c.startswith("cost_") and c not in COMPONENTS and c != "cost_total")
    problems: list[Problem] = []
    if missing:
        problems.append(Problem(file, f"missing column(s): {', '.join(missing)} "
                                      f"(see data/raw/caesarean/cohort_columns.csv)", row=header))
    if not components and "cost_total" not in columns:
        problems.append(Problem(file, f"no cost column: give cost_total or components ({', '.join(COMPONENTS)})",
                                row=header))
    if extra_costs:
        problems.append(Problem(file, f"unknown cost column(s) {', '.join(extra_costs)}; components are "
                                      f"{', '.join(COMPONENTS)} (or cost_total)", row=header))
    if problems:
        raise InputError(problems)
    if df.empty:
        raise InputError(Problem(file, "the cohort has no patients", row=None))

    out: dict[str, list] = {k: [] for k in ("patient_id", *REQUIRED, *components, "cost_total",
                                            "inacbg_code", "severity")}
    seen: dict[str, int] = {}
    for row, rec in zip(row_numbers(df), df.to_dict("records")):
        given_id = rec.get("patient_id", "")
        pid = str(row - 1) if _blank(given_id) else str(given_id).strip()
        who = "" if _blank(given_id) else f" (patient {pid})"  # the id an auditor looks up in the source data

        def problem(column: str, message: str) -> None:
            problems.append(Problem(file, message + who, row=row, column=column))

        if pid in seen:
            problem("patient_id", f"duplicate patient_id {pid!r} (also row {seen[pid]})")
        seen.setdefault(pid, row)
        out["patient_id"].append(pid)

        def field(column: str, convert, what: str):
            value = rec.get(column)
            if _blank(value):
                problem(column, f"missing {what}")
                return None
            try:
                return convert(value)
            except ValueError as exc:
                problem(column, str(exc))
                return None

        out["care_class"].append(field("care_class", _care_class, "care class"))
        out["secondary_diagnosis"].append(field("secondary_diagnosis", _yes_no, "secondary diagnosis (yes/no)"))
        los = field("length_of_stay", _number, "length of stay")
        if los is not None and (los < 1 or los != int(los)):
            problem("length_of_stay", f"length of stay {los:g} must be a whole number of days >= 1")
            los = None
        out["length_of_stay"].append(None if los is None else int(los))
        age = field("age", _number, "age")
        if age is not None and not AGE_RANGE[0] <= age <= AGE_RANGE[1]:
            problem("age", f"age {age:g} is outside {AGE_RANGE[0]:g}-{AGE_RANGE[1]:g} years for a caesarean section")
            age = None
        out["age"].append(age)

        total = 0.0
        for c in components:
            amount = field(c, parse_rupiah, f"cost ({c}; write 0 when nothing was spent)")
            if amount is not None and amount < 0:
                problem(c, f"negative cost {amount:,.0f} (a cost cannot be below zero)")
                amount = None
            out[c].append(amount)
            total = math.nan if amount is None else total + amount
        if "cost_total" in columns and not (components and _blank(rec.get("cost_total"))):
            given = field("cost_total", parse_rupiah, "total cost")
            if given is not None and given < 0:
                problem("cost_total", f"negative cost {given:,.0f} (a cost cannot be below zero)")
                given = None
            if given is not None and components and math.isfinite(total) and abs(given - total) > 1:
                problem("cost_total", f"total cost {given:,.0f} differs from the sum of the components "
                                      f"{total:,.0f}")
            total = total if components else (math.nan if given is None else given)
        if math.isfinite(total) and total <= 0:
            problem("cost_total" if not components else components[0], "total cost of care is zero")
        out["cost_total"].append(total)

        for c, what in (("hospital_tariff", "hospital tariff"), ("inacbg_tariff", "INA-CBG tariff")):
            amount = field(c, parse_rupiah, what)
            if amount is not None and amount <= 0:
                problem(c, f"{what} {amount:,.0f} must be above zero")
                amount = None
            out[c].append(amount)

        code = rec.get("inacbg_code")
        if _blank(code):
            out["inacbg_code"].append("")
            out["severity"].append(-1)
        else:
            try:
                parsed = parse_inacbg(str(code))
                out["inacbg_code"].append(parsed.code)
                out["severity"].append(parsed.severity_level)
            except InacbgCodeError as exc:
                problem("inacbg_code", str(exc))
                out["inacbg_code"].append("")
                out["severity"].append(-1)
    if problems:
        raise InputError(problems)
    result = pd.DataFrame(out)
    result["care_class"] = result["care_class"].astype(int)
    result["secondary_diagnosis"] = result["secondary_diagnosis"].astype(bool)
    result["length_of_stay"] = result["length_of_stay"].astype(int)
    for c in ("age", *components, "cost_total", "hospital_tariff", "inacbg_tariff"):
        result[c] = result[c].astype(float)
    return result


def read_cohort(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read and validate a cohort CSV (see :func:`validate_cohort`); relative paths are from the repository root."""
    full = paths.resolve(path)
    name = paths.relative(full)
    if not full.is_file():
        raise InputError(Problem(name, "no such cohort file"))
    from jkncost.tables import read_numbers, read_table

    # any CSV (',' or ';', BOM, Windows-1252, title rows) or .xlsx; amounts read by the file's number convention
    table = read_table(full, required=REQUIRED, label=name)
    table.label = name
    raw = read_numbers(table, [*COMPONENTS, "cost_total", "hospital_tariff", "inacbg_tariff"]).frame
    return validate_cohort(raw, name)


# --------------------------------------------------------------------------------------------
# Differences and cost recovery rates
# --------------------------------------------------------------------------------------------

def check_definition(definition: str) -> str:
    if definition not in CRR_DEFINITIONS:
        raise ValueError(f"unknown CRR definition {definition!r}; choose one of {', '.join(CRR_DEFINITIONS)}")
    return definition


def crr(tariff, cost, definition: str = "ratio_of_means") -> float:
    """Cost recovery rate of ``tariff`` over ``cost`` (a fraction: 1.2 means 120%).

    ``ratio_of_means``: ``sum(T) / sum(C)``; ``mean_of_ratios``: ``mean(T_i / C_i)``.
    """
    check_definition(definition)
    t = np.asarray(tariff, dtype=float)
    c = np.asarray(cost, dtype=float)
    if definition == "ratio_of_means":
        return float(t.sum() / c.sum())
    return float(np.mean(t / c))


def patient_table(cohort: pd.DataFrame) -> pd.DataFrame:
    """Per patient: cost, both tariffs, the differences ``cost - tariff`` and the ratios ``tariff / cost``."""
    out = cohort[["patient_id", "care_class", "secondary_diagnosis", "length_of_stay", "age",
                  "inacbg_code", "cost_total", "hospital_tariff", "inacbg_tariff"]].copy()
    out["diff_hospital"] = out["cost_total"] - out["hospital_tariff"]
    out["diff_inacbg"] = out["cost_total"] - out["inacbg_tariff"]
    out["ratio_hospital"] = out["hospital_tariff"] / out["cost_total"]
    out["ratio_inacbg"] = out["inacbg_tariff"] / out["cost_total"]
    return out


def summarize(cohort: pd.DataFrame) -> dict[str, float]:
    """Cohort aggregates: means, mean differences, and both CRR definitions against both tariffs.

    >>> c = pd.DataFrame({"cost_total": [100.0, 300.0], "hospital_tariff": [120.0, 330.0],
    ...                   "inacbg_tariff": [80.0, 150.0]})
    >>> s = summarize(c)
    >>> s["mean_diff_hospital"], s["mean_diff_inacbg"], s["crr_inacbg_ratio_of_means"], s["crr_inacbg_mean_of_ratios"]
    (-25.0, 85.0, 0.575, 0.65)
    """
    c, r, g = (cohort[k].to_numpy(float) for k in ("cost_total", "hospital_tariff", "inacbg_tariff"))
    out = {
        "n_patients": float(len(cohort)),
        "mean_cost": float(c.mean()),
        "mean_hospital_tariff": float(r.mean()),
        "mean_inacbg_tariff": float(g.mean()),
        "mean_diff_hospital": float((c - r).mean()),
        "mean_diff_inacbg": float((c - g).mean()),
        "share_cost_below_hospital_tariff": float((c < r).mean()),
        "share_cost_above_inacbg_tariff": float((c > g).mean()),
    }
    for name, t in (("hospital", r), ("inacbg", g)):
        for d in CRR_DEFINITIONS:
            out[f"crr_{name}_{d}"] = crr(t, c, d)
    return out


def summary_table(summary: dict[str, float], provenance: str = "") -> pd.DataFrame:
    """:func:`summarize` as a tidy table ``measure, value, unit[, provenance]`` (CRRs in percent)."""
    rows = []
    for k, v in summary.items():
        if k.startswith("crr_") or k.startswith("share_"):
            rows.append((k, 100 * v, "%"))
        elif k == "n_patients":
            rows.append((k, v, "patients"))
        else:
            rows.append((k, v, "Rp"))
    df = pd.DataFrame(rows, columns=["measure", "value", "unit"])
    if provenance:
        df["provenance"] = provenance
    return df


@dataclass(frozen=True)
class ImpliedMeanCost:
    """The mean cost that published differences and CRRs imply under the ratio of means.

    ``from_hospital = D_R / (1 - CRR_R)``, ``from_inacbg = D_G / (1 - CRR_G)``,
    ``from_gap = (D_G - D_R) / (CRR_R - CRR_G)``; the ranges widen the CRRs by their rounding
    (``crr_half_width``), ``joint_range`` is their overlap (``None`` when empty).
    """

    from_hospital: float
    from_inacbg: float
    from_gap: float
    hospital_range: tuple[float, float]
    inacbg_range: tuple[float, float]
    joint_range: tuple[float, float] | None

    @property
    def gap(self) -> float:
        """``from_hospital - from_inacbg``: zero when the printed CRRs are exactly consistent."""
        return self.from_hospital - self.from_inacbg

    def consistent_exact(self, tolerance: float = 1.0) -> bool:
        """One mean cost satisfies all four figures with the CRRs read as exact."""
        return abs(self.gap) <= tolerance

    @property
    def consistent_rounded(self) -> bool:
        """One mean cost satisfies all four figures with the CRRs read as rounded."""
        return self.joint_range is not None


def implied_mean_cost(diff_hospital: float, crr_hospital: float, diff_inacbg: float, crr_inacbg: float,
                      *, crr_half_width: float = 0.005) -> ImpliedMeanCost:
    """Mean cost implied by the published mean differences (``cost - tariff``) and CRRs (fractions).

    Under the ratio of means ``CRR = 1 - D / mean(C)``, hence ``mean(C) = D / (1 - CRR)``; the two
    CRRs together give ``mean(C) = (D_G - D_R) / (CRR_R - CRR_G)``, the cost at which both CRRs
    miss their printed value by the same amount.

    Examples
    --------
    >>> imp = implied_mean_cost(-1236793, 1.20, 1974050, 0.68)
    >>> round(imp.gap), imp.consistent_exact(), imp.consistent_rounded
    (15059, False, True)
    >>> [round(x) for x in imp.joint_range]
    [6074000, 6266825]
    """
    def implied(d: float, c: float) -> float:
        return d / (1.0 - c)

    def span(d: float, c: float) -> tuple[float, float]:
        a, b = implied(d, c - crr_half_width), implied(d, c + crr_half_width)
        return (min(a, b), max(a, b))

    hr, gr = span(diff_hospital, crr_hospital), span(diff_inacbg, crr_inacbg)
    lo, hi = max(hr[0], gr[0]), min(hr[1], gr[1])
    return ImpliedMeanCost(
        from_hospital=implied(diff_hospital, crr_hospital),
        from_inacbg=implied(diff_inacbg, crr_inacbg),
        from_gap=(diff_inacbg - diff_hospital) / (crr_hospital - crr_inacbg),
        hospital_range=hr,
        inacbg_range=gr,
        joint_range=(lo, hi) if lo <= hi else None,
    )


def consistency_table(imp: ImpliedMeanCost) -> pd.DataFrame:
    """The implied mean costs as a table (``quantity, value, low, high, formula``)."""
    rows = [
        ("mean cost implied by the hospital-tariff difference and CRR", imp.from_hospital,
         *imp.hospital_range, "D_R / (1 - CRR_R)"),
        ("mean cost implied by the INA-CBG difference and CRR", imp.from_inacbg, *imp.inacbg_range,
         "D_G / (1 - CRR_G)"),
        ("mean cost implied by the CRR gap", imp.from_gap, math.nan, math.nan, "(D_G - D_R) / (CRR_R - CRR_G)"),
        ("gap between the two implied mean costs", imp.gap, math.nan, math.nan, "from_hospital - from_inacbg"),
        ("mean cost consistent with both CRRs as rounded", math.nan,
         *(imp.joint_range if imp.joint_range else (math.nan, math.nan)), "overlap of the two ranges"),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value", "low", "high", "formula"])


# --------------------------------------------------------------------------------------------
# Association tests
# --------------------------------------------------------------------------------------------

_TEST_COLUMNS = ["variable", "variable_type", "test", "family", "statistic_name", "statistic", "df",
                 "p_value", "effect_measure", "effect_size", "n", "chosen", "reason"]


# Below this many observations Shapiro-Wilk has too little power to show non-normality (Razali & Wah
# 2011: under 30% against most alternatives at n = 10), so "not rejected" is no evidence of normality
# and the rank-based test is chosen.
MIN_NORMALITY_N = 10


def _normal(x, alpha: float) -> bool:
    x = np.asarray(x, dtype=float)
    if len(x) < MIN_NORMALITY_N or np.ptp(x) == 0:
        return False
    return bool(stats.shapiro(x).pvalue > alpha)


def _small(*groups) -> str:
    """Why normality was not judged, when a group is too small; empty otherwise."""
    n = min(len(g) for g in groups)
    return f"a group of {n} < {MIN_NORMALITY_N}: normality not judged, " if n < MIN_NORMALITY_N else ""


def _row(variable, vtype, test, family, stat_name, stat, df, p, eff_name, eff, n, chosen, reason):
    return dict(variable=variable, variable_type=vtype, test=test, family=family, statistic_name=stat_name,
                statistic=float(stat), df=df, p_value=float(p), effect_measure=eff_name,
                effect_size=float(eff), n=int(n), chosen=bool(chosen), reason=reason)


def _categorical(variable, groups, cost, alpha):
    n = sum(len(g) for g in groups)
    f, p_f = stats.f_oneway(*groups)
    grand = cost.mean()
    ss_between = sum(len(g) * (g.mean() - grand) ** 2 for g in groups)
    ss_total = float(((cost - grand) ** 2).sum())
    eta2 = ss_between / ss_total if ss_total > 0 else math.nan
    h, p_h = stats.kruskal(*groups)
    eps2 = h / (n - 1)
    normal = all(_normal(g, alpha) for g in groups)
    equal_var = bool(stats.levene(*groups, center="median").pvalue > alpha) if normal else False
    use_anova = normal and equal_var
    reason = ("every group normal (Shapiro-Wilk) and variances equal (Levene)" if use_anova else
              _small(*groups) + "not every group normal (Shapiro-Wilk)" if not normal else
              "variances unequal (Levene)")
    k = len(groups)
    return [
        _row(variable, "categorical", "one-way ANOVA", "parametric", "F", f, f"{k - 1}, {n - k}", p_f,
             "eta squared", eta2, n, use_anova, reason),
        _row(variable, "categorical", "Kruskal-Wallis", "rank-based", "H", h, f"{k - 1}", p_h,
             "epsilon squared", eps2, n, not use_anova, reason),
    ]


def _binary(variable, yes, no, alpha):
    n1, n0 = len(yes), len(no)
    t = stats.ttest_ind(yes, no, equal_var=False)
    s_pooled = math.sqrt(((n1 - 1) * yes.var(ddof=1) + (n0 - 1) * no.var(ddof=1)) / (n1 + n0 - 2))
    d = (yes.mean() - no.mean()) / s_pooled if s_pooled > 0 else math.nan
    u = stats.mannwhitneyu(yes, no, alternative="two-sided")
    r_rb = 2 * u.statistic / (n1 * n0) - 1
    normal = _normal(yes, alpha) and _normal(no, alpha)
    reason = "both groups normal (Shapiro-Wilk)" if normal else _small(yes, no) + "not both groups normal (Shapiro-Wilk)"
    return [
        _row(variable, "binary", "Welch t-test", "parametric", "t", t.statistic, f"{float(t.df):.1f}", t.pvalue,
             "Cohen's d", d, n1 + n0, normal, reason),
        _row(variable, "binary", "Mann-Whitney U", "rank-based", "U", u.statistic, "", u.pvalue,
             "rank-biserial r", r_rb, n1 + n0, not normal, reason),
    ]


def _numeric(variable, vtype, x, cost, alpha):
    n = len(x)
    pr = stats.pearsonr(x, cost)
    sr = stats.spearmanr(x, cost)
    if vtype == "count":
        use_pearson = False
        reason = f"count with {len(np.unique(x))} distinct values (ties): rank correlation"
    else:
        use_pearson = _normal(x, alpha) and _normal(cost, alpha)
        reason = ("variable and cost normal (Shapiro-Wilk)" if use_pearson
                  else _small(x) + "variable or cost not normal (Shapiro-Wilk)")
    return [
        _row(variable, vtype, "Pearson correlation", "parametric", "r", pr.statistic, f"{n - 2}", pr.pvalue,
             "r", pr.statistic, n, use_pearson, reason),
        _row(variable, vtype, "Spearman correlation", "rank-based", "rho", sr.statistic, f"{n - 2}", sr.pvalue,
             "rho", sr.statistic, n, not use_pearson, reason),
    ]


def association_tests(cohort: pd.DataFrame, *, alpha: float = 0.05, cost: str = "cost_total") -> pd.DataFrame:
    """Test the association of ``cost`` with care class, secondary diagnosis, length of stay and age.

    Two rows per variable (parametric and rank-based), ``chosen`` marks the test the variable's
    type and distribution call for (see the module docstring). A variable that cannot be tested
    (one class only, no patient with a secondary diagnosis, constant values) gets one row with
    ``NaN`` and the reason.

    Examples
    --------
    >>> c = pd.DataFrame({"cost_total": [1.0, 2, 3, 4, 5, 6], "care_class": [3, 3, 2, 2, 1, 1],
    ...     "secondary_diagnosis": [False, True, False, True, False, True],
    ...     "length_of_stay": [3, 3, 4, 3, 4, 5], "age": [30.0, 25, 35, 28, 33, 40]})
    >>> t = association_tests(c)
    >>> for row in t[t.chosen].itertuples():
    ...     print(row.variable, "|", row.test, "|", round(row.p_value, 4))
    care_class | Kruskal-Wallis | 0.1017
    secondary_diagnosis | Mann-Whitney U | 0.7
    length_of_stay | Spearman correlation | 0.0723
    age | Spearman correlation | 0.208

    With six patients no group reaches :data:`MIN_NORMALITY_N`, so every chosen test is rank-based.
    """
    y = cohort[cost].to_numpy(float)
    rows: list[dict] = []
    for variable, vtype in VARIABLES.items():
        if variable not in cohort:
            continue
        x = cohort[variable].to_numpy()
        if vtype == "categorical":
            levels = sorted(pd.unique(x))
            groups = [y[x == lv] for lv in levels]
            if len(groups) < 2 or any(len(g) < 2 for g in groups):
                rows.append(_untestable(variable, vtype, len(y), "fewer than two classes with two patients each"))
                continue
            rows += _categorical(variable, groups, y, alpha)
        elif vtype == "binary":
            x = x.astype(bool)
            yes, no = y[x], y[~x]
            if len(yes) < 2 or len(no) < 2:
                rows.append(_untestable(variable, vtype, len(y), "fewer than two patients in a group"))
                continue
            rows += _binary(variable, yes, no, alpha)
        else:
            x = x.astype(float)
            if np.ptp(x) == 0 or len(x) < 3:
                rows.append(_untestable(variable, vtype, len(y), "constant variable or fewer than three patients"))
                continue
            rows += _numeric(variable, vtype, x, y, alpha)
    return pd.DataFrame(rows, columns=_TEST_COLUMNS)


def _untestable(variable, vtype, n, reason):
    return dict(variable=variable, variable_type=vtype, test="", family="", statistic_name="",
                statistic=math.nan, df="", p_value=math.nan, effect_measure="", effect_size=math.nan,
                n=n, chosen=True, reason=reason)


def chosen_p_values(tests: pd.DataFrame) -> dict[str, float]:
    """``variable -> p`` of the chosen test of each variable."""
    chosen = tests[tests["chosen"]]
    return dict(zip(chosen["variable"], chosen["p_value"].astype(float)))


# --------------------------------------------------------------------------------------------
# Published versus reproduced
# --------------------------------------------------------------------------------------------

def read_published(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The published figures (``data/raw/caesarean/published.csv``), ``value`` as float."""
    full = paths.resolve(path) if path else paths.raw("caesarean", "published.csv")
    df = pd.read_csv(full, dtype=str, keep_default_na=False)
    need = {"figure_id", "figure", "value", "unit", "decimals", "significant", "source"}
    if need - set(df.columns):
        raise InputError(Problem(paths.relative(full), f"missing column(s): {', '.join(sorted(need - set(df.columns)))}",
                                 row=1))
    df["value"] = df["value"].astype(float)
    df["decimals"] = df["decimals"].astype(int)
    return df


def published_value(published: pd.DataFrame, figure_id: str) -> float:
    hit = published.loc[published["figure_id"] == figure_id, "value"]
    if hit.empty:
        raise KeyError(f"published.csv has no figure {figure_id!r}")
    return float(hit.iloc[0])


def p_value_window(published_p: float, significant: bool, *, alpha: float = 0.05,
                   within: float = 0.01) -> tuple[float, float]:
    """Acceptable reproduced p-values: within ``within`` of the published one, same side of ``alpha``.

    A significant result needs ``p <= alpha`` (a published ``0.050`` called significant stays at or below 0.05).

    >>> p_value_window(0.050, True), p_value_window(0.956, False)
    ((0.04, 0.05), (0.946, 0.966))
    """
    lo, hi = max(0.0, published_p - within), min(1.0, published_p + within)
    if significant:
        hi = min(hi, alpha)
    else:
        lo = max(lo, alpha + 1e-12)
    return (round(lo, 12), round(hi, 12))


def comparison_table(published: pd.DataFrame, summary: dict[str, float], tests: pd.DataFrame, *,
                     crr_definition: str = "ratio_of_means", synthetic: bool = True,
                     assumption: str = "", alpha: float = 0.05) -> pd.DataFrame:
    """Published versus reproduced for every figure of ``published.csv`` plus the implied mean costs.

    ``synthetic=True``: the figures come from a cohort built to match them, so a hit is
    ``reproduced under stated assumptions`` (``assumption`` names the cohort and its files), never
    ``exact``. ``synthetic=False`` (an auditor's real cohort): a hit within the published rounding
    is ``exact``. A miss is ``not reproducible`` with the reason. P-values are hits when on the
    same side of ``alpha`` and within 0.01 of the published value (:func:`p_value_window`).
    """
    check_definition(crr_definition)
    if synthetic and not assumption:
        assumption = SYNTHETIC_LABEL
    p_values = chosen_p_values(tests)
    chosen = tests[tests["chosen"]].set_index("variable")
    rows: list[cmp.Comparison] = []

    def add(figure, published_v, reproduced, hit, unit, source, how, miss_reason):
        if hit:
            status = cmp.ASSUMED if synthetic else cmp.EXACT
            note = f"{assumption}; {BY_CONSTRUCTION}; {how}" if synthetic else how
        else:
            status, note = cmp.NOT_REPRODUCIBLE, miss_reason
        rows.append(cmp.Comparison(figure=figure, published=published_v, reproduced=reproduced, status=status,
                                   unit=unit, source=source, note=note))

    for rec in published.to_dict("records"):
        fid, pub, unit, src = rec["figure_id"], float(rec["value"]), rec["unit"], rec["source"]
        tol = 0.5 * 10 ** (-int(rec["decimals"]))
        if fid == "n_patients":
            rep = summary["n_patients"]
            add(rec["figure"], pub, rep, abs(rep - pub) <= tol, unit, src, "cohort size",
                f"the cohort has {rep:.0f} patients, the study {pub:.0f}")
        elif fid.startswith("mean_diff_"):
            rep = summary[fid]
            add(rec["figure"], pub, rep, abs(rep - pub) <= tol, unit, src,
                "mean of cost - tariff over patients, to the rupiah",
                f"mean difference {rep:,.0f} is not {pub:,.0f} at the published rounding")
        elif fid.startswith("crr_"):
            rep = 100 * summary[f"{fid}_{crr_definition}"]
            add(f"{rec['figure']} ({crr_definition.replace('_', ' ')})", pub, rep, abs(rep - pub) <= tol, unit, src,
                f"CRR as {crr_definition.replace('_', ' ')}, equal to the published whole percent",
                f"CRR {rep:.2f}% does not round to {pub:g}% ({crr_definition.replace('_', ' ')})")
        elif fid.startswith("p_"):
            variable = fid[2:]
            rep = p_values.get(variable, math.nan)
            significant = rec["significant"].strip().lower() == "yes"
            lo, hi = p_value_window(pub, significant, alpha=alpha)
            test = chosen.loc[variable, "test"] if variable in chosen.index else ""
            hit = not math.isnan(rep) and lo <= rep <= hi
            if not synthetic and hit:
                hit = round(rep, int(rec["decimals"])) == round(pub, int(rec["decimals"]))
            if math.isnan(rep):
                why = chosen.loc[variable, "reason"] if variable in chosen.index else "the variable is absent"
                miss = f"this cohort cannot test {variable}: {why}"
            elif synthetic:
                miss = f"p = {rep:.4f} ({test}) is outside [{lo:.3f}, {hi:.3f}] (same side of {alpha}, within 0.01)"
            else:
                miss = f"p = {rep:.4f} ({test}) does not equal the published {pub:.3f}"
            add(f"{rec['figure']} ({test})" if test else rec["figure"], pub, rep, hit, unit, src,
                f"{test}; same side of {alpha} and within 0.01 of the published p", miss)
    rows += _implied_rows(published, summary, crr_definition, synthetic, assumption)
    return cmp.table(rows)


def _implied_rows(published, summary, crr_definition, synthetic, assumption) -> list[cmp.Comparison]:
    pv = {k: published_value(published, k) for k in ("mean_diff_hospital", "crr_hospital",
                                                         "mean_diff_inacbg", "crr_inacbg")}
    imp = implied_mean_cost(pv["mean_diff_hospital"], pv["crr_hospital"] / 100,
                            pv["mean_diff_inacbg"], pv["crr_inacbg"] / 100)
    mean_cost = summary["mean_cost"]
    src = "derived from published figures: mean difference / (1 - CRR), ratio of means"
    joint = (f"with the CRRs read as rounded to whole percent every mean cost in "
             f"[{imp.joint_range[0]:,.0f}; {imp.joint_range[1]:,.0f}] fits all four figures"
             if imp.joint_range else "even with the CRRs read as rounded no mean cost fits all four figures")
    rows = []
    for label, value, other in (("hospital tariff", imp.from_hospital, imp.from_inacbg),
                                ("INA-CBG tariff", imp.from_inacbg, imp.from_hospital)):
        figure = f"mean cost implied by the {label} difference and CRR (CRR read as exact)"
        hit = abs(mean_cost - value) <= 1.0
        if crr_definition == "mean_of_ratios":
            reason = ("under the mean of ratios the published aggregates do not identify the mean cost; "
                      "this implied value holds for the ratio of means only")
        elif imp.consistent_exact():
            reason = f"the cohort's mean cost {mean_cost:,.0f} differs from the implied {value:,.0f}"
        else:
            reason = (f"the abstract's figures are not exactly consistent: read as exact, the two CRRs imply "
                      f"mean costs {imp.from_hospital:,.0f} and {imp.from_inacbg:,.0f} (gap {imp.gap:,.0f}, "
                      f"{100 * abs(imp.gap) / other:.2f}%), so no cohort hits both; {joint}; the cohort's mean "
                      f"cost is {mean_cost:,.0f}")
        if hit:
            status = cmp.ASSUMED if synthetic else cmp.EXACT
            note = f"{assumption}; {BY_CONSTRUCTION}; " if synthetic else ""
            rows.append(cmp.Comparison(figure, value, mean_cost, status, "Rp", src,
                                       note + "mean cost equals the implied value"))
        else:
            rows.append(cmp.Comparison(figure, value, mean_cost, cmp.NOT_REPRODUCIBLE, "Rp", src, reason))
    return rows


# --------------------------------------------------------------------------------------------
# Labels and figures
# --------------------------------------------------------------------------------------------

LABELS = {
    "en": {
        "cost": "cost of care", "hospital_tariff": "hospital tariff", "inacbg_tariff": "INA-CBG tariff",
        "patient": "patients, sorted by cost of care", "rupiah": "Rp (million)", "care_class": "care class",
        "class": "class", "length_of_stay": "length of stay (days)", "secondary_yes": "secondary diagnosis",
        "secondary_no": "no secondary diagnosis", "component": "mean cost per patient by component",
        "cost_room": "room", "cost_procedure": "procedure", "cost_drugs": "drugs", "cost_supplies": "supplies",
        "cost_tests": "tests", "cost_other": "other",
        "title_tariffs": "Cost of care against the hospital and INA-CBG tariffs per patient",
        "title_class": "Cost of care by care class", "title_los": "Cost of care by length of stay",
        "title_components": "Cost components by care class",
        "synthetic": SYNTHETIC_LABEL, "real": "cohort data",
    },
    "id": {
        "cost": "biaya layanan", "hospital_tariff": "tarif rumah sakit", "inacbg_tariff": "tarif INA-CBG",
        "patient": "pasien, diurutkan menurut biaya layanan", "rupiah": "Rp (juta)", "care_class": "kelas rawat",
        "class": "kelas", "length_of_stay": "lama hari rawat (hari)", "secondary_yes": "ada diagnosis sekunder",
        "secondary_no": "tanpa diagnosis sekunder", "component": "rata-rata biaya per pasien menurut komponen",
        "cost_room": "kamar", "cost_procedure": "tindakan", "cost_drugs": "obat", "cost_supplies": "BHP",
        "cost_tests": "pemeriksaan penunjang", "cost_other": "lain-lain",
        "title_tariffs": "Biaya layanan terhadap tarif rumah sakit dan tarif INA-CBG per pasien",
        "title_class": "Biaya layanan menurut kelas rawat", "title_los": "Biaya layanan menurut lama hari rawat",
        "title_components": "Komponen biaya menurut kelas rawat",
        "synthetic": f"kohort sintetis dikalibrasi ke agregat terpublikasi ({SYNTHETIC_LABEL})",
        "real": "data kohort",
    },
}


def labels(lang: str = "en") -> dict[str, str]:
    """Figure and table labels in English (``en``) or Indonesian (``id``)."""
    if lang not in LABELS:
        raise ValueError(f"lang must be one of {', '.join(LABELS)}, got {lang!r}")
    return LABELS[lang]


def _title(ax, text: str, provenance: str) -> None:
    ax.set_title(f"{text}\n({provenance})" if provenance else text, fontsize=10)


def plot_cost_vs_tariffs(cohort: pd.DataFrame, *, lang: str = "en", provenance: str = ""):
    """Per patient (sorted by cost): cost of care, hospital tariff and INA-CBG tariff."""
    import matplotlib.pyplot as plt

    lab = labels(lang)
    d = cohort.sort_values(["cost_total", "patient_id"]).reset_index(drop=True)
    x = np.arange(1, len(d) + 1)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    ax.plot(x, d["cost_total"] / 1e6, "o-", ms=3, lw=1, color="black", label=lab["cost"])
    ax.scatter(x, d["hospital_tariff"] / 1e6, s=12, marker="^", color="tab:blue", label=lab["hospital_tariff"])
    ax.scatter(x, d["inacbg_tariff"] / 1e6, s=12, marker="s", color="tab:red", label=lab["inacbg_tariff"])
    ax.set_xlabel(lab["patient"])
    ax.set_ylabel(lab["rupiah"])
    ax.legend(frameon=False, fontsize=8)
    _title(ax, lab["title_tariffs"], provenance)
    fig.tight_layout()
    return fig


def plot_cost_by_class(cohort: pd.DataFrame, *, lang: str = "en", provenance: str = ""):
    """Box plot of cost of care by care class, with every patient as a point."""
    import matplotlib.pyplot as plt

    lab = labels(lang)
    classes = sorted(cohort["care_class"].unique())
    data = [cohort.loc[cohort["care_class"] == k, "cost_total"] / 1e6 for k in classes]
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    ax.boxplot(data, showfliers=False)
    ax.set_xticks(range(1, len(classes) + 1), [f"{lab['class']} {k}" for k in classes])
    for i, values in enumerate(data, start=1):
        offsets = np.linspace(-0.15, 0.15, len(values)) if len(values) > 1 else np.zeros(1)
        ax.scatter(i + offsets, np.sort(values.to_numpy()), s=8, alpha=0.6, color="tab:gray")
    ax.set_xlabel(lab["care_class"])
    ax.set_ylabel(f"{lab['cost']}, {lab['rupiah']}")
    _title(ax, lab["title_class"], provenance)
    fig.tight_layout()
    return fig


def plot_cost_vs_los(cohort: pd.DataFrame, *, lang: str = "en", provenance: str = ""):
    """Cost of care against length of stay, marked by secondary diagnosis."""
    import matplotlib.pyplot as plt

    lab = labels(lang)
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    for flag, marker, color, name in ((False, "o", "tab:gray", lab["secondary_no"]),
                                      (True, "D", "tab:orange", lab["secondary_yes"])):
        d = cohort[cohort["secondary_diagnosis"] == flag]
        shift = 0.08 if flag else -0.08
        ax.scatter(d["length_of_stay"] + shift, d["cost_total"] / 1e6, s=14, marker=marker, color=color,
                   alpha=0.7, label=name)
    ax.set_xticks(sorted(int(v) for v in cohort["length_of_stay"].unique()))
    ax.set_xlabel(lab["length_of_stay"])
    ax.set_ylabel(f"{lab['cost']}, {lab['rupiah']}")
    ax.legend(frameon=False, fontsize=8)
    _title(ax, lab["title_los"], provenance)
    fig.tight_layout()
    return fig


def component_table(cohort: pd.DataFrame) -> pd.DataFrame:
    """Mean cost per patient of each component by care class and overall (``care_class`` 'all')."""
    comps = [c for c in COMPONENTS if c in cohort]
    by = cohort.groupby("care_class")[comps].mean()
    by.index = by.index.astype(str)
    by.loc["all"] = cohort[comps].mean()
    by = by.reset_index().melt(id_vars="care_class", var_name="component", value_name="mean_cost")
    return by.sort_values(["care_class", "component"]).reset_index(drop=True)


def plot_components(cohort: pd.DataFrame, *, lang: str = "en", provenance: str = ""):
    """Stacked bars: mean cost per patient by component, per care class and overall."""
    import matplotlib.pyplot as plt

    lab = labels(lang)
    table = component_table(cohort).pivot(index="care_class", columns="component", values="mean_cost")
    order = [c for c in COMPONENTS if c in table.columns]
    table = table[order]
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    bottom = np.zeros(len(table))
    names = [f"{lab['class']} {k}" if k != "all" else ("all" if lang == "en" else "semua") for k in table.index]
    for comp in order:
        ax.bar(names, table[comp] / 1e6, bottom=bottom, label=lab[comp])
        bottom += table[comp].to_numpy() / 1e6
    ax.set_ylabel(f"{lab['component']}, {lab['rupiah']}")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _title(ax, lab["title_components"], provenance)
    fig.tight_layout()
    return fig
