"""Tables of the caesarean study for readers: the same numbers as the notebook's checks, as HTML, en or id.

Each function returns a :func:`jkncost.display.show` table (a pandas ``Styler``): headers, row names and
captions come from the label catalogue (``src/jkncost/labels/cohort.csv``), numbers are formatted with the
marks of ``lang``, statuses read in ``lang``. The notebook keeps the plain-text print of the same numbers in
a ``# NBVAL_CHECK_OUTPUT`` cell hidden from readers; the numbers here are computed, never typed.

Examples
--------
>>> from jkncost.cohort.published import read_published
>>> html = published_table(read_published(), "id").to_html()
>>> "sebagaimana tertulis di abstrak" in html and "-Rp 1.236.793" in html
True
"""

from __future__ import annotations

import math

import pandas as pd

from jkncost.display import number, rupiah, show
from jkncost.labels import catalogue, check_lang, label


def _name(key: str, fallback: str, lang: str) -> str:
    """The label ``key`` in ``lang`` if the catalogue has it, else ``fallback`` (a name from the data)."""
    return label(key, lang) if key in catalogue() else fallback


def _value(value: float, unit: str, lang: str, decimals: int = 0) -> str:
    """One value in its unit: rupiah, percent, a p-value or a count, with the marks of ``lang``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if unit == "Rp":
        return rupiah(value, lang)
    if unit == "%":
        return number(value, lang, decimals, "%")
    return number(value, lang, decimals)


def _unit(unit: str, lang: str) -> str:
    return _name(f"cohort.unit.{unit}", unit, lang)


def _yes_no(flag: bool, lang: str) -> str:
    return label("cohort.yes" if flag else "cohort.no", lang)


def provenance_label(seed: int | None, lang: str = "en", cohort_file: str = "") -> str:
    """What a cohort's tables and figures rest on: the synthetic cohort and its seed, or the cohort file.

    >>> provenance_label(0, "en")
    'synthetic cohort calibrated to published aggregates, random seed 0'
    >>> provenance_label(None, "id", "cohort.csv")
    'data kohort: cohort.csv'
    """
    check_lang(lang)
    if seed is None:
        return f"{label('cohort_real', lang)}: {cohort_file}"
    return label("cohort.provenance_seed", lang, cohort=label("cohort_synthetic", lang), seed=seed)


def published_table(published: pd.DataFrame, lang: str = "en"):
    """The abstract's figures (``read_published()``): name, value in its unit, and the text as printed."""
    df = pd.DataFrame({
        "figure": [_name(f"cohort.figure.{f}", n, lang) for f, n in zip(published["figure_id"], published["figure"])],
        "value": [_value(v, u, lang, int(d)) for v, u, d in
                  zip(published["value"], published["unit"], published["decimals"])],
        "unit": [_unit(u, lang) for u in published["unit"]],
        "reported_as": published["reported_as"].tolist(),
    })
    return show(df, lang=lang, headers={"figure": "table.figure", "value": "cohort.col.value",
                                        "unit": "cohort.col.unit", "reported_as": "cohort.col.reported_as"},
                caption=label("cohort.caption.published", lang))


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


def discrepancy_table(discrepancies: pd.DataFrame, lang: str = "en"):
    """``data/raw/caesarean/discrepancies.csv`` for readers (the texts are data, as transcribed)."""
    df = discrepancies[["id", "where", "what", "handling"]]
    return show(df, lang=lang, headers={c: f"cohort.col.{c}" for c in df.columns},
                caption=label("cohort.caption.discrepancies", lang))


def calibration_table(report: pd.DataFrame, seed: int, lang: str = "en"):
    """The calibration targets of a synthetic cohort (``SyntheticCohort.report``): published, achieved, hit."""
    decimals = {"n_patients": 0}
    units = {t: ("Rp" if t.startswith("mean_diff") else "%" if t.startswith("crr") else "") for t in report["target"]}
    df = pd.DataFrame({
        "target": [_name(f"cohort.figure.{t}", t, lang) for t in report["target"]],
        "published": [_value(v, units[t], lang, decimals.get(t, 3 if t.startswith("p_") else 0))
                      for t, v in zip(report["target"], report["published"])],
        "achieved": [_value(v, units[t], lang, decimals.get(t, 4 if t.startswith("p_") else 2))
                     for t, v in zip(report["target"], report["achieved"])],
        "hit": [_yes_no(bool(h), lang) for h in report["hit"]],
    })
    return show(df, lang=lang, headers={"target": "cohort.col.target", "published": "table.published",
                                        "achieved": "cohort.col.achieved", "hit": "cohort.col.hit"},
                caption=label("cohort.caption.calibration", lang, cohort=label("cohort_synthetic", lang), seed=seed))


def knobs_table(knobs: dict[str, float], seed: int, lang: str = "en"):
    """The quantities the calibration of a synthetic cohort solved for (``SyntheticCohort.knobs``)."""
    df = pd.DataFrame({"knob": [_name(f"cohort.knob.{k}", k, lang) for k in knobs], "value": list(knobs.values())})
    return show(df, lang=lang, numbers={"value": 3}, headers={"knob": "cohort.col.knob", "value": "cohort.col.value"},
                caption=label("cohort.caption.knobs", lang, cohort=label("cohort_synthetic", lang), seed=seed))


def summary_reader_table(summary: dict[str, float], provenance: str, lang: str = "en"):
    """:func:`~jkncost.cohort.crr.summarize` for readers: one row per measure, in its unit."""
    rows = []
    for k, v in summary.items():
        if k.startswith(("crr_", "share_")):
            rows.append((k, _value(100 * v, "%", lang, 2)))
        elif k == "n_patients":
            rows.append((k, _value(v, "", lang)))
        else:
            rows.append((k, _value(v, "Rp", lang)))
    df = pd.DataFrame([(_name(f"cohort.measure.{k}", k, lang), text) for k, text in rows], columns=["measure", "value"])
    return show(df, lang=lang, headers={"measure": "cohort.col.measure", "value": "cohort.col.value"},
                caption=label("cohort.caption.summary", lang, provenance=provenance))


def crr_definitions_table(summary: dict[str, float], published_crr: dict[str, float], crr_definition: str,
                          provenance: str, lang: str = "en"):
    """Both CRR definitions per tariff on one cohort, beside the published CRR (``{"hospital": 120, ...}``)."""
    tariff_key = {"hospital": "cohort_hospital_tariff", "inacbg": "cohort_inacbg_tariff"}
    df = pd.DataFrame([{"tariff": label(tariff_key[t], lang),
                        "ratio_of_means": 100 * summary[f"crr_{t}_ratio_of_means"],
                        "mean_of_ratios": 100 * summary[f"crr_{t}_mean_of_ratios"],
                        "published": number(published_crr[t], lang, 0, "%")} for t in ("hospital", "inacbg")])
    return show(df, lang=lang, percent=["ratio_of_means", "mean_of_ratios"],
                headers={"tariff": "cohort.col.tariff", "ratio_of_means": "cohort.col.ratio_of_means",
                         "mean_of_ratios": "cohort.col.mean_of_ratios", "published": "cohort.col.published_crr"},
                caption=label("cohort.caption.crr", lang, provenance=provenance,
                              definition=label(f"cohort.definition.{crr_definition}", lang)),
                percent_decimals=2)


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
    df["variable"] = [_name(f"cohort.variable.{v}", v, lang) for v in df["variable"]]
    # degrees of freedom: one number, a pair ("2, 86") or a Welch fraction, in the marks of lang
    df["df"] = [_df_text(v, lang) for v in df["df"]]
    df["chosen"] = ["*" if c else "" for c in df["chosen"]]
    cols = ("variable", "test", "statistic", "df", "p_value", "effect_measure", "effect_size", "chosen")
    return show(df, lang=lang, numbers={"statistic": 3, "p_value": 4, "effect_size": 3},
                headers={c: f"cohort.col.{c}" for c in cols},
                caption=label("cohort.caption.associations", lang, provenance=provenance))


def comparison_reader_table(table: pd.DataFrame, published: pd.DataFrame, provenance: str, lang: str = "en"):
    """:func:`~jkncost.cohort.published.comparison_table` for readers: figure, published, reproduced, status.

    ``published`` is the table the comparison was made from (one comparison row per published figure, in
    its order): it names the figures and gives their decimals.
    """
    from jkncost.labels import status_label

    rows = []
    for fid, dec, r in zip(published["figure_id"], published["decimals"], table.itertuples()):
        d = int(dec) + (2 if r.unit == "%" else 1 if str(fid).startswith("p_") else 0)
        rows.append({"figure": _name(f"cohort.figure.{fid}", r.figure, lang),
                     "published": _value(r.published, r.unit, lang, int(dec)),
                     "reproduced": _value(r.reproduced, r.unit, lang, d),
                     "status": status_label(r.status, lang)})
    return show(pd.DataFrame(rows), lang=lang,
                headers={"figure": "table.figure", "published": "table.published", "reproduced": "table.reproduced",
                         "status": "table.status"},
                caption=label("cohort.caption.comparison", lang, provenance=provenance))


def seed_account_table(account: pd.DataFrame, seed: str, lang: str = "en"):
    """How every number a seed prints is accounted for (:func:`jkncost.compendium.coverage.seed_account`).

    >>> account = pd.DataFrame({"covered_by": ["published: n", "excluded: E1", "published: x", ""]})
    >>> seed_account_table(account, "000", "en").data.values.tolist()
    [['a published figure (compared above)', 2], ['excluded with a reason (exclusions.csv)', 1], ['not accounted for', 1]]
    """
    kinds = account["covered_by"].str.split(":").str[0].replace("", "unaccounted")
    counts = kinds.value_counts()
    order = [k for k in ("published", "excluded", "unaccounted") if k in counts] + \
        sorted(k for k in counts.index if k not in ("published", "excluded", "unaccounted"))
    df = pd.DataFrame({"account": [_name(f"cohort.account.{k}", k, lang) for k in order],
                       "count": [int(counts[k]) for k in order]})
    return show(df, lang=lang, headers={"account": "cohort.col.account", "count": "cohort.col.count"},
                caption=label("cohort.caption.account", lang, seed=seed))


def crr_gap_sentence(gap: dict[str, float], crr_definition: str, published_crr_hospital: float, lang: str = "en") -> str:
    """What the gap between the two CRR definitions (points, ``{"hospital": .., "inacbg": ..}``) tells a reader.

    >>> crr_gap_sentence({"hospital": 0.04, "inacbg": 0.21}, "ratio_of_means", 120, "id")[:60]
    'Pada kohort ini, yang dikalibrasi sebagai rasio rata-rata, r'
    """
    other = next(d for d in ("ratio_of_means", "mean_of_ratios") if d != crr_definition)
    points = {k: ("+" if v >= 0 else "-") + number(abs(v), lang, 2) for k, v in gap.items()}
    small = max(abs(v) for v in gap.values()) < 0.5  # half a point: what rounding to whole percents hides
    return label("cohort.crr_gap_text", lang, definition=label(f"cohort.definition.{crr_definition}", lang),
                 other=label(f"cohort.definition.{other}", lang), hospital=points["hospital"],
                 inacbg=points["inacbg"], verdict=label("cohort.crr_gap_small" if small else "cohort.crr_gap_large", lang),
                 crr=number(published_crr_hospital, lang, 0 if published_crr_hospital == int(published_crr_hospital)
                            else 1, "%"))
