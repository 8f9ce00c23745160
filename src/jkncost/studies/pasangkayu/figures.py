"""Pasangkayu (seed 002): figures (labels from :mod:`jkncost.labels`, area ``pasangkayu``)."""

from __future__ import annotations

import pandas as pd

def label(key: str, lang: str = "en") -> str:
    """Label in ``lang`` (``en``/``id``): this study's catalogue entry ``pasangkayu.<key>``, else :func:`jkncost.plots.label`.

    >>> label("rational_tariff", "id")
    'tarif rasional'
    """
    from jkncost import labels, plots

    labels.check_lang(lang)
    if f"pasangkayu.{key}" in labels.catalogue():
        return labels.label(f"pasangkayu.{key}", lang)
    return plots.label(key, lang)


def scenario_label(group: str, scenario: str, lang: str = "en") -> str:
    """A sensitivity scenario (:func:`~jkncost.studies.pasangkayu.model.sensitivity`) in words of ``lang``.

    >>> scenario_label("outputs", "x 0.8", "id"), scenario_label("method", "direct", "id")
    ('hari rawat x 0,8', 'metode: langsung')
    >>> scenario_label("split", "convention (A01)", "id")
    'pembagian: lazim (A01)'
    """
    from jkncost import labels
    from jkncost.plots import method_label, number_text

    table = labels.catalogue()
    if group == "outputs" and scenario.startswith("x "):
        factor = float(scenario[2:])
        return labels.label("pasangkayu.scn_outputs", lang, factor=number_text(factor, lang, len(f"{factor:g}".partition(".")[2])))
    if group == "method":
        return labels.label("pasangkayu.scn_method", lang, method=method_label(scenario, lang))
    if group == "bases" and f"pasangkayu.basis.{scenario}" in table:
        return labels.label("pasangkayu.scn_bases", lang, basis=labels.label(f"pasangkayu.basis.{scenario}", lang))
    split = scenario.split(" ")[0]
    if group == "split" and f"pasangkayu.scn_split_{split}" in table:
        return labels.label(f"pasangkayu.scn_split_{split}", lang)
    return f"{label(group, lang)}: {scenario}"  # a scenario this module does not know: its own name


def _grouped_bars(wide: pd.DataFrame, *, ylabel: str, title: str, note, lang: str):
    import matplotlib.pyplot as plt
    import numpy as np

    from jkncost.plots import PALETTE, caption, rupiah_axis

    cols = [c for c in wide.columns if wide[c].notna().any()]
    fig, ax = plt.subplots(figsize=(max(6.0, 1.6 * len(wide) + 2), 4.2))
    x = np.arange(len(wide))
    width = 0.8 / max(len(cols), 1)
    for k, col in enumerate(cols):
        ax.bar(x + (k - (len(cols) - 1) / 2) * width, wide[col], width, color=PALETTE[k % len(PALETTE)],
               label=label(col, lang))
    ax.set_xticks(x, wide.index)
    ax.set_ylim(bottom=0)  # bars from zero on a linear axis (CONTRIBUTING: figures)
    rupiah_axis(ax, "y", lang)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8)
    caption(fig, note)
    fig.tight_layout()
    return fig


def tariff_bars(tariffs: pd.DataFrame, *, lang: str = "en", note=None):
    """UC3, ATP, WTP, Perda (both sets) and rational tariff per class (Rp per patient-day, from zero).

    ``note``: a caption line, or several (each its own line), saying what the figure rests on.
    """
    cols = [c for c in ("UC3", "ATP", "WTP", "perda_main", "perda_intro", "rational_tariff") if c in tariffs]
    return _grouped_bars(tariffs.set_index("class")[cols], ylabel=label("rp_day", lang),
                         title=label("tariffs", lang), note=note, lang=lang)


def tariff_card(tariffs: pd.DataFrame, *, lang: str = "en"):
    """The report card's figure: UC3, the Perda tariff and the rational tariff per class (Rp per patient-day).

    One message (does the rational tariff cover the cost, against the Perda tariff?), readable at card
    size (:func:`jkncost.plots.card_bars`); :func:`tariff_bars`, with ATP, WTP and the notes, is the
    notebook's detailed figure.
    """
    from jkncost.labels import label as text
    from jkncost.plots import card_bars

    cols = [c for c in ("UC3", "perda_main", "rational_tariff") if c in tariffs and tariffs[c].notna().any()]
    return card_bars(tariffs.set_index("class")[cols], lang=lang, title=text("card.pasangkayu_title", lang),
                     series={c: label(c, lang) for c in cols}, subtitle=text("card.pasangkayu_subtitle", lang),
                     xlabel=label("rp_day", lang))


def per_case_bars(t5: pd.DataFrame, *, lang: str = "en", note=None):
    """Tabel 5: INA-CBG, rational and Perda tariff per case, per class (Rp, from zero)."""
    return _grouped_bars(t5.set_index("class")[["inacbg", "rational_per_case", "perda_per_case"]],
                         ylabel=label("rp_case", lang), title=label("per_case", lang), note=note, lang=lang)


def sensitivity_plot(sens: pd.DataFrame, *, lang: str = "en", note=None):
    """Change of UC3 from the base case per scenario (rows) and class (bars), in percent.

    The bars are deviations from the base case (the line at zero) on a linear axis, so a change of
    +40% looks twice as long as one of +20%; tick labels carry the decimal marks of ``lang``.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from jkncost.plots import PALETTE, caption, number_axis

    sens = sens.assign(row=[scenario_label(g, s, lang) for g, s in zip(sens["group"], sens["scenario"])])
    wide = sens.pivot(index="row", columns="class", values="change_percent")
    classes = list(dict.fromkeys(sens["class"]))
    wide = wide.reindex(index=list(dict.fromkeys(sens["row"])), columns=classes)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(wide) + 1.8))
    y = np.arange(len(wide))
    h = 0.8 / len(classes)
    for k, c in enumerate(classes):
        ax.barh(y + (k - (len(classes) - 1) / 2) * h, wide[c], h, color=PALETTE[k % len(PALETTE)], label=c)
    ax.axvline(0, color="black", lw=0.8)  # the base case
    ax.set_yticks(y, wide.index, fontsize=8)
    ax.invert_yaxis()
    number_axis(ax, "x", lang)
    ax.set_xlabel(label("change", lang))
    ax.set_title(label("sensitivity", lang))
    ax.legend(fontsize=8)
    caption(fig, note)
    fig.tight_layout()
    return fig
