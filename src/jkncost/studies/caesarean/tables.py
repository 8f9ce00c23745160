"""Tables of the caesarean study for readers: the same numbers as the notebook's checks, as HTML, en or id.

Each function returns a :func:`jkncost.display.show` table (a pandas ``Styler``): headers, row names and
captions come from the label catalogue (``src/jkncost/labels/cohort.csv``), numbers are formatted with the
marks of ``lang``, statuses read in ``lang``. The notebook keeps the plain-text print of the same numbers in
a ``# NBVAL_CHECK_OUTPUT`` cell hidden from readers; the numbers here are computed, never typed. The tables
of any cohort (summary, association tests, implied mean costs) are :mod:`jkncost.cohort.tables`.

Examples
--------
>>> from jkncost.studies.caesarean.readers import read_published
>>> html = published_table(read_published(), "id").to_html()
>>> "sebagaimana tertulis di abstrak" in html and "-Rp 1.236.793" in html
True
"""

from __future__ import annotations

import pandas as pd

from jkncost.cohort.tables import name_or, unit_text, value_text, yes_no_text
from jkncost.display import number, show
from jkncost.labels import check_lang, label, status_label


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
        "figure": [name_or(f"cohort.figure.{f}", n, lang) for f, n in zip(published["figure_id"], published["figure"])],
        "value": [value_text(v, u, lang, int(d)) for v, u, d in
                  zip(published["value"], published["unit"], published["decimals"])],
        "unit": [unit_text(u, lang) for u in published["unit"]],
        "reported_as": published["reported_as"].tolist(),
    })
    return show(df, lang=lang, headers={"figure": "table.figure", "value": "cohort.col.value",
                                        "unit": "cohort.col.unit", "reported_as": "cohort.col.reported_as"},
                caption=label("cohort.caption.published", lang))


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
        "target": [name_or(f"cohort.figure.{t}", t, lang) for t in report["target"]],
        "published": [value_text(v, units[t], lang, decimals.get(t, 3 if t.startswith("p_") else 0))
                      for t, v in zip(report["target"], report["published"])],
        "achieved": [value_text(v, units[t], lang, decimals.get(t, 4 if t.startswith("p_") else 2))
                     for t, v in zip(report["target"], report["achieved"])],
        "hit": [yes_no_text(bool(h), lang) for h in report["hit"]],
    })
    return show(df, lang=lang, headers={"target": "cohort.col.target", "published": "table.published",
                                        "achieved": "cohort.col.achieved", "hit": "cohort.col.hit"},
                caption=label("cohort.caption.calibration", lang, cohort=label("cohort_synthetic", lang), seed=seed))


def knobs_table(knobs: dict[str, float], seed: int, lang: str = "en"):
    """The quantities the calibration of a synthetic cohort solved for (``SyntheticCohort.knobs``)."""
    df = pd.DataFrame({"knob": [name_or(f"cohort.knob.{k}", k, lang) for k in knobs], "value": list(knobs.values())})
    return show(df, lang=lang, numbers={"value": 3}, headers={"knob": "cohort.col.knob", "value": "cohort.col.value"},
                caption=label("cohort.caption.knobs", lang, cohort=label("cohort_synthetic", lang), seed=seed))


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


def comparison_reader_table(table: pd.DataFrame, published: pd.DataFrame, provenance: str, lang: str = "en"):
    """:func:`~jkncost.studies.caesarean.comparison.comparison_table` for readers: figure, published, reproduced, status.

    ``published`` is the table the comparison was made from (one comparison row per published figure, in
    its order): it names the figures and gives their decimals.
    """
    rows = []
    for fid, dec, r in zip(published["figure_id"], published["decimals"], table.itertuples()):
        d = int(dec) + (2 if r.unit == "%" else 1 if str(fid).startswith("p_") else 0)
        rows.append({"figure": name_or(f"cohort.figure.{fid}", r.figure, lang),
                     "published": value_text(r.published, r.unit, lang, int(dec)),
                     "reproduced": value_text(r.reproduced, r.unit, lang, d),
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
    df = pd.DataFrame({"account": [name_or(f"cohort.account.{k}", k, lang) for k in order],
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
