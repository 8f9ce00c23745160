"""Published versus reproduced for a cohort study: the abstract's figures of seed 000 and the implied mean costs.
"""

from __future__ import annotations

import math
import os

import pandas as pd

from jkncost.cohort.association import chosen_p_values
from jkncost.cohort.crr import check_definition
from jkncost.core import comparison as cmp
from jkncost.core import paths
from jkncost.errors import InputError, Problem
from jkncost.tables import read_frame

SYNTHETIC_LABEL = "synthetic cohort calibrated to published aggregates"
#: Said of every figure a synthetic cohort hits: it was a calibration target (or, for the cohort size, a parameter).
BY_CONSTRUCTION = ("a calibration target of the synthetic cohort: agreement by construction, it shows the figure is "
                   "attainable, not that it is reproduced")


def read_published(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The published figures (``data/raw/caesarean/published.csv``), ``value`` as float."""
    full = paths.resolve(path) if path else paths.raw("caesarean", "published.csv")
    df = read_frame(full, label=paths.relative(full))
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
    """Published versus reproduced for every figure of ``published.csv``, one row each.

    ``synthetic=True``: the figures come from a cohort calibrated to them (the cohort size is its
    parameter, the rest its calibration targets), so a hit is ``by construction``: it shows the figure
    is attainable, it tests nothing (``assumption`` names the cohort and its files). ``synthetic=False``
    (an auditor's real cohort): a hit within the published rounding is ``exact``. A miss is ``not
    reproducible`` with the reason. P-values are hits when on the same side of ``alpha`` and within 0.01
    of the published value (:func:`p_value_window`). The mean costs the published figures imply are a
    consistency check of the abstract (:func:`jkncost.cohort.crr.consistency_table`), not published
    quantities, so they are not rows here.

    Examples
    --------
    >>> pub = read_published()
    >>> s = {"n_patients": 89.0, "mean_diff_hospital": -1236793.2, "mean_diff_inacbg": 1974050.4,
    ...      "crr_hospital_ratio_of_means": 1.2, "crr_inacbg_ratio_of_means": 0.68}
    >>> import pandas as pd
    >>> tests = pd.DataFrame({"variable": ["care_class"], "test": ["Kruskal-Wallis"], "p_value": [0.0001],
    ...                       "chosen": [True], "reason": [""]})
    >>> t = comparison_table(pub, s, tests, synthetic=False)
    >>> t[["published", "status"]].head(3).values.tolist()
    [[89.0, 'exact'], [-1236793.0, 'exact'], [120.0, 'exact']]
    >>> comparison_table(pub, s, tests, synthetic=True)["status"].iloc[0]
    'by construction'
    """
    check_definition(crr_definition)
    if synthetic and not assumption:
        assumption = SYNTHETIC_LABEL
    p_values = chosen_p_values(tests)
    chosen = tests[tests["chosen"]].set_index("variable")
    rows: list[cmp.Comparison] = []

    def add(rec, figure, reproduced, hit, how, miss_reason):
        if hit:
            status = cmp.BY_CONSTRUCTION if synthetic else cmp.EXACT
            note = f"{BY_CONSTRUCTION} ({assumption}); {how}" if synthetic else how
        else:
            status, note = cmp.NOT_REPRODUCIBLE, miss_reason
        rows.append(cmp.Comparison(figure=figure, published=float(rec["value"]), reproduced=reproduced, status=status,
                                   unit=rec["unit"], source=rec["source"], note=note,
                                   locations=rec.get("locations", "")))

    for rec in published.to_dict("records"):
        fid, pub = rec["figure_id"], float(rec["value"])
        tol = 0.5 * 10 ** (-int(rec["decimals"]))
        if fid == "n_patients":
            rep = summary["n_patients"]
            add(rec, rec["figure"], rep, abs(rep - pub) <= tol,
                "cohort size" + (": a parameter of the synthetic cohort" if synthetic else ""),
                f"the cohort has {rep:.0f} patients, the study {pub:.0f}")
        elif fid.startswith("mean_diff_"):
            rep = summary[fid]
            add(rec, rec["figure"], rep, abs(rep - pub) <= tol, "mean of cost - tariff over patients, to the rupiah",
                f"mean difference {rep:,.0f} is not {pub:,.0f} at the published rounding")
        elif fid.startswith("crr_"):
            rep = 100 * summary[f"{fid}_{crr_definition}"]
            add(rec, f"{rec['figure']} ({crr_definition.replace('_', ' ')})", rep, abs(rep - pub) <= tol,
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
            add(rec, f"{rec['figure']} ({test})" if test else rec["figure"], rep, hit,
                f"{test}; same side of {alpha} and within 0.01 of the published p", miss)
    return cmp.table(rows)


def seed_quantities() -> pd.DataFrame:
    """Seed 000's published quantities for :mod:`jkncost.compendium.coverage` (``figure, value, unit, quote``)."""
    df = read_published()
    return df[["figure", "value", "unit", "quote", "locations"]]
