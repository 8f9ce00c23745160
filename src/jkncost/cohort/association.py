"""Association of the cost of care with patient characteristics: a parametric and a rank-based test each.

For every variable both tests are computed (:func:`association_tests`), and one is *chosen* by the
variable's type and distribution (Shapiro-Wilk normality at ``alpha``, judged only on groups of at
least :data:`MIN_NORMALITY_N` patients; Levene for equal variances):

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
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

#: Variables tested against cost, with their type (decides the tests, see the module docstring).
VARIABLES = {
    "care_class": "categorical",
    "secondary_diagnosis": "binary",
    "length_of_stay": "count",
    "age": "continuous",
}

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
