"""Tables of a cohort for readers: its summary, association tests and the mean costs published aggregates imply.

Each function returns a :func:`jkncost.display.show` table (a pandas ``Styler``) of any cohort (a study's or an
auditor's ``cohort_csv``): headers, row names and captions come from the label catalogue, numbers are formatted
with the marks of ``lang``. The caesarean study's own tables are :mod:`jkncost.studies.caesarean.tables`.

Examples
--------
>>> html = summary_reader_table({"n_patients": 2, "mean_cost": 1500000.0}, "cohort.csv", "id").to_html()
>>> "Rp 1.500.000" in html
True
"""

from __future__ import annotations

import math

import pandas as pd

from jkncost.display import number, rupiah, show
from jkncost.labels import catalogue, label


def name_or(key: str, fallback: str, lang: str) -> str:
    """The label ``key`` in ``lang`` if the catalogue has it, else ``fallback`` (a name from the data)."""
    return label(key, lang) if key in catalogue() else fallback


def value_text(value: float, unit: str, lang: str, decimals: int = 0) -> str:
    """One value in its unit: rupiah, percent, a p-value or a count, with the marks of ``lang``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if unit == "Rp":
        return rupiah(value, lang)
    if unit == "%":
        return number(value, lang, decimals, "%")
    return number(value, lang, decimals)


def unit_text(unit: str, lang: str) -> str:
    """The name of a unit (``Rp``, ``%`` ...) in ``lang``, else the unit as written."""
    return name_or(f"cohort.unit.{unit}", unit, lang)


def yes_no_text(flag: bool, lang: str) -> str:
    """Yes or no in ``lang``."""
    return label("cohort.yes" if flag else "cohort.no", lang)


def consistency_reader_table(imp, lang: str = "en"):
    """The mean costs the published differences and CRRs imply (:class:`~jkncost.cohort.crr.ImpliedMeanCost`).

    >>> from jkncost.cohort.crr import implied_mean_cost
    >>> imp = implied_mean_cost(-1_236_793, 1.20, 1_974_050, 0.68)
    >>> "Rp 6.183.965" in consistency_reader_table(imp, "id").to_html()
    True
    """
    joint = imp.joint_range if imp.joint_range else (math.nan, math.nan)
    rows = [("from_hospital", imp.from_hospital, *imp.hospital_range, "D_R / (1 - CRR_R)"),
            ("from_inacbg", imp.from_inacbg, *imp.inacbg_range, "D_G / (1 - CRR_G)"),
            ("from_gap", imp.from_gap, math.nan, math.nan, "(D_G - D_R) / (CRR_R - CRR_G)"),
            ("gap", imp.gap, math.nan, math.nan, "D_R / (1 - CRR_R) - D_G / (1 - CRR_G)"),
            ("joint", math.nan, *joint, "")]
    df = pd.DataFrame(rows, columns=["quantity", "value", "low", "high", "formula"])
    df["quantity"] = [label(f"cohort.consistency.{q}", lang) for q in df["quantity"]]
    return show(df, lang=lang, rupiah=["value", "low", "high"],
                headers={"quantity": "cohort.col.quantity", "value": "cohort.col.mean_cost",
                         "low": "cohort.col.low", "high": "cohort.col.high", "formula": "cohort.col.formula"},
                caption=label("cohort.caption.consistency", lang))


def summary_reader_table(summary: dict[str, float], provenance: str, lang: str = "en"):
    """:func:`~jkncost.cohort.crr.summarize` for readers: one row per measure, in its unit."""
    rows = []
    for k, v in summary.items():
        if k.startswith(("crr_", "share_")):
            rows.append((k, value_text(100 * v, "%", lang, 2)))
        elif k == "n_patients":
            rows.append((k, value_text(v, "", lang)))
        else:
            rows.append((k, value_text(v, "Rp", lang)))
    df = pd.DataFrame([(name_or(f"cohort.measure.{k}", k, lang), text) for k, text in rows], columns=["measure", "value"])
    return show(df, lang=lang, headers={"measure": "cohort.col.measure", "value": "cohort.col.value"},
                caption=label("cohort.caption.summary", lang, provenance=provenance))


def _df_text(value, lang: str) -> str:
    """Degrees of freedom as the tests give them (``'87'``, ``'40.9'``, ``'2, 86'``) in the marks of ``lang``.

    >>> _df_text("40.9", "id"), _df_text("2, 86", "id"), _df_text("", "id")
    ('40,9', '2; 86', '')
    """
    parts = [p.strip() for p in str(value).split(",") if p.strip()]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return str(value)
    texts = [number(v, lang, 0 if v == int(v) else 1) for v in numbers]
    return ("; " if lang == "id" else ", ").join(texts)  # a comma is the decimal mark in Indonesian


def association_reader_table(tests: pd.DataFrame, provenance: str, lang: str = "en"):
    """:func:`~jkncost.cohort.association.association_tests` for readers (test names are statistics' names)."""
    df = tests[["variable", "test", "statistic", "df", "p_value", "effect_measure", "effect_size", "chosen"]].copy()
    df["variable"] = [name_or(f"cohort.variable.{v}", v, lang) for v in df["variable"]]
    # degrees of freedom: one number, a pair ("2, 86") or a Welch fraction, in the marks of lang
    df["df"] = [_df_text(v, lang) for v in df["df"]]
    df["chosen"] = ["*" if c else "" for c in df["chosen"]]
    cols = ("variable", "test", "statistic", "df", "p_value", "effect_measure", "effect_size", "chosen")
    return show(df, lang=lang, numbers={"statistic": 3, "p_value": 4, "effect_size": 3},
                headers={c: f"cohort.col.{c}" for c in cols},
                caption=label("cohort.caption.associations", lang, provenance=provenance))
