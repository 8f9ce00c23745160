"""Figures of a cohort: cost against both tariffs, by class, by length of stay, by component.

Labels come from the catalogue (:func:`jkncost.labels.label`, ``src/jkncost/labels/cohort.csv``), English or
Indonesian; every figure's caption carries the cohort's provenance (a synthetic cohort says so). House style of
:mod:`jkncost.plots`: the colour-blind palette, rupiah axes in readable units (``Rp 6 jt``), bars from zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jkncost.cohort.reading import COMPONENTS
from jkncost.labels import check_lang, label
from jkncost.plots import PALETTE, caption, rupiah_axis

#: the keys of the cohort's labels (``cohort_<key>`` in ``src/jkncost/labels/cohort.csv``)
LABEL_KEYS = ("cost", "hospital_tariff", "inacbg_tariff", "patient", "rupiah", "care_class", "class", "length_of_stay",
              "secondary_yes", "secondary_no", "component", "cost_room", "cost_procedure", "cost_drugs",
              "cost_supplies", "cost_tests", "cost_other", "title_tariffs", "title_class", "title_los",
              "title_components", "synthetic", "real", "all")


def labels(lang: str = "en") -> dict[str, str]:
    """Figure and table labels in English (``en``) or Indonesian (``id``), from the catalogue.

    >>> labels("id")["care_class"]
    'kelas rawat'
    """
    check_lang(lang)
    return {k: label(f"cohort_{k}", lang) for k in LABEL_KEYS}


def _title(ax, text: str, provenance: str) -> None:
    # the provenance goes under the figure, where every figure of the compendium states what it rests on
    ax.set_title(text, fontsize=10)
    caption(ax.figure, provenance)


def _class_name(k, lang: str) -> str:
    return label("cohort.class_k", lang, k=k)


def plot_cost_vs_tariffs(cohort: pd.DataFrame, *, lang: str = "en", provenance: str = ""):
    """Per patient (sorted by cost): cost of care, hospital tariff and INA-CBG tariff."""
    import matplotlib.pyplot as plt

    lab = labels(lang)
    d = cohort.sort_values(["cost_total", "patient_id"]).reset_index(drop=True)
    x = np.arange(1, len(d) + 1)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    ax.plot(x, d["cost_total"], "o-", ms=3, lw=1, color="black", label=lab["cost"])
    ax.scatter(x, d["hospital_tariff"], s=12, marker="^", color=PALETTE[0], label=lab["hospital_tariff"])
    ax.scatter(x, d["inacbg_tariff"], s=12, marker="s", color=PALETTE[3], label=lab["inacbg_tariff"])
    ax.set_ylim(bottom=0)
    rupiah_axis(ax, "y", lang)
    ax.set_xlabel(lab["patient"])
    ax.set_ylabel(label("cohort.rupiah_per_patient", lang))
    ax.legend(frameon=False, fontsize=8)
    _title(ax, lab["title_tariffs"], provenance)
    fig.tight_layout()
    return fig


def plot_card(cohort: pd.DataFrame, *, lang: str = "en", provenance: str = ""):
    """The report card's figure: mean cost of care, hospital tariff and INA-CBG tariff per patient, by class.

    One message (where cost sits against the two tariffs), readable at card size
    (:func:`jkncost.plots.card_bars`), the cohort's provenance under the title (a synthetic cohort says
    so on the card too); :func:`plot_cost_vs_tariffs`, patient by patient, is the notebook's detailed figure.
    """
    from jkncost.plots import card_bars

    lab = labels(lang)
    means = cohort.groupby("care_class")[["cost_total", "hospital_tariff", "inacbg_tariff"]].mean().sort_index()
    means.index = [_class_name(k, lang) for k in means.index]
    return card_bars(means, lang=lang, title=label("card.caesarean_title", lang), subtitle=provenance or None,
                     series={"cost_total": lab["cost"], "hospital_tariff": lab["hospital_tariff"],
                             "inacbg_tariff": lab["inacbg_tariff"]}, xlabel=label("cohort.rupiah_per_patient", lang))


def plot_cost_by_class(cohort: pd.DataFrame, *, lang: str = "en", provenance: str = ""):
    """Box plot of cost of care by care class, with every patient as a point."""
    import matplotlib.pyplot as plt

    lab = labels(lang)
    classes = sorted(cohort["care_class"].unique())
    data = [cohort.loc[cohort["care_class"] == k, "cost_total"] for k in classes]
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    ax.boxplot(data, showfliers=False)
    ax.set_xticks(range(1, len(classes) + 1), [_class_name(k, lang) for k in classes])
    for i, values in enumerate(data, start=1):
        offsets = np.linspace(-0.15, 0.15, len(values)) if len(values) > 1 else np.zeros(1)
        ax.scatter(i + offsets, np.sort(values.to_numpy()), s=8, alpha=0.6, color=PALETTE[7])
    rupiah_axis(ax, "y", lang)
    ax.set_xlabel(lab["care_class"])
    ax.set_ylabel(lab["cost"])
    _title(ax, lab["title_class"], provenance)
    fig.tight_layout()
    return fig


def plot_distributions(cohort: pd.DataFrame, *, lang: str = "en", provenance: str = ""):
    """How cost of care and length of stay are distributed in each care class (seaborn).

    Parameters
    ----------
    cohort : DataFrame
        The cohort (columns ``care_class``, ``cost_total``, ``length_of_stay``), as
        :func:`jkncost.cohort.reading.read_cohort` or the synthetic generator give it.
    lang : {'en', 'id'}, default 'en'
        Language of every text (:func:`labels`).
    provenance : str, default ''
        What the cohort rests on (real or synthetic), the figure's caption.

    Returns
    -------
    matplotlib.figure.Figure
        Left: violins of cost of care per care class (cut at the observed range, quartiles drawn) with
        every patient as a point (a swarm, so no random jitter: the figure is byte-stable). Right: the
        number of patients per length of stay (whole days), one bar per care class, from zero.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> c = pd.DataFrame({"care_class": [1, 1, 2, 3, 3, 3], "length_of_stay": [3, 4, 3, 3, 4, 5],
    ...                   "cost_total": [7.1e6, 7.9e6, 6.5e6, 5.9e6, 6.2e6, 6.8e6]})
    >>> fig = plot_distributions(c, lang="id")
    >>> fig.axes[1].get_xlabel(), fig.axes[1].get_ylabel()
    ('lama hari rawat (hari)', 'jumlah pasien')
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    lab = labels(lang)
    classes = sorted(cohort["care_class"].unique())
    names = [_class_name(k, lang) for k in classes]
    d = pd.DataFrame({"class": cohort["care_class"].map(dict(zip(classes, names))),
                      "cost": cohort["cost_total"].astype(float), "los": cohort["length_of_stay"].astype(int)})
    colors = dict(zip(names, PALETTE))
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 4.2), gridspec_kw={"width_ratios": [1, 1.2]})
    sns.violinplot(d, x="class", y="cost", hue="class", order=names, hue_order=names, palette=colors, ax=left,
                   cut=0, inner="quart", linewidth=0.8, saturation=0.6, legend=False)
    sns.swarmplot(d, x="class", y="cost", order=names, color="black", size=2.5, ax=left, warn_thresh=1.0)
    rupiah_axis(left, "y", lang)
    left.set_xlabel(lab["care_class"])
    left.set_ylabel(lab["cost"])
    days = np.arange(d["los"].min(), d["los"].max() + 1)
    sns.histplot(d, x="los", hue="class", hue_order=names, palette=colors, discrete=True, multiple="dodge",
                 shrink=0.85, ax=right, alpha=0.85)
    right.set_xticks(days)
    right.set_ylim(bottom=0)
    right.yaxis.get_major_locator().set_params(integer=True)
    right.set_xlabel(lab["length_of_stay"])
    right.set_ylabel(label("cohort.n_patients_axis", lang))
    legend = right.get_legend()
    legend.set_title(lab["care_class"], prop={"size": 8})
    legend.set_frame_on(False)
    for text in legend.get_texts():
        text.set_fontsize(8)
    left.set_title(lab["title_class"], fontsize=10)
    right.set_title(label("cohort.title_los_by_class", lang), fontsize=10)
    caption(fig, provenance)
    fig.tight_layout()
    return fig


def plot_cost_vs_los(cohort: pd.DataFrame, *, lang: str = "en", provenance: str = ""):
    """Cost of care against length of stay, marked by secondary diagnosis."""
    import matplotlib.pyplot as plt

    lab = labels(lang)
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    for flag, marker, color, name in ((False, "o", PALETTE[7], lab["secondary_no"]),
                                      (True, "D", PALETTE[1], lab["secondary_yes"])):
        d = cohort[cohort["secondary_diagnosis"] == flag]
        shift = 0.08 if flag else -0.08
        ax.scatter(d["length_of_stay"] + shift, d["cost_total"], s=14, marker=marker, color=color,
                   alpha=0.7, label=name)
    ax.set_xticks(sorted(int(v) for v in cohort["length_of_stay"].unique()))
    rupiah_axis(ax, "y", lang)
    ax.set_xlabel(lab["length_of_stay"])
    ax.set_ylabel(lab["cost"])
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
    names = [_class_name(k, lang) if k != "all" else lab["all"] for k in table.index]
    for comp, color in zip(order, PALETTE):
        ax.bar(names, table[comp], bottom=bottom, label=lab[comp], color=color)
        bottom += table[comp].to_numpy()
    rupiah_axis(ax, "y", lang)
    ax.set_ylabel(lab["component"])
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _title(ax, lab["title_components"], provenance)
    fig.tight_layout()
    return fig
