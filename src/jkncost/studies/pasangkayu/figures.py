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


def _grouped_bars(wide: pd.DataFrame, *, ylabel: str, title: str, note: str | None, lang: str):
    import matplotlib.pyplot as plt
    import numpy as np

    from jkncost.plots import caption

    cols = [c for c in wide.columns if wide[c].notna().any()]
    fig, ax = plt.subplots(figsize=(max(6.0, 1.6 * len(wide) + 2), 4.2))
    x = np.arange(len(wide))
    width = 0.8 / max(len(cols), 1)
    for k, col in enumerate(cols):
        ax.bar(x + (k - (len(cols) - 1) / 2) * width, wide[col] / 1e3, width, label=label(col, lang))
    ax.set_xticks(x, wide.index)
    ax.set_ylabel(f"{ylabel} ('000)")
    ax.set_title(title)
    ax.legend(fontsize=8)
    caption(fig, note)
    fig.tight_layout()
    return fig


def tariff_bars(tariffs: pd.DataFrame, *, lang: str = "en", note: str | None = None):
    """UC3, ATP, WTP, Perda (both sets) and rational tariff per class (thousand Rp per patient-day)."""
    cols = [c for c in ("UC3", "ATP", "WTP", "perda_main", "perda_intro", "rational_tariff") if c in tariffs]
    return _grouped_bars(tariffs.set_index("class")[cols], ylabel=label("rp_day", lang),
                         title=label("tariffs", lang), note=note, lang=lang)


def per_case_bars(t5: pd.DataFrame, *, lang: str = "en", note: str | None = None):
    """Tabel 5: INA-CBG, rational and Perda tariff per case, per class (thousand Rp)."""
    return _grouped_bars(t5.set_index("class")[["inacbg", "rational_per_case", "perda_per_case"]],
                         ylabel=label("rp_case", lang), title=label("per_case", lang), note=note, lang=lang)


def sensitivity_plot(sens: pd.DataFrame, *, lang: str = "en", note: str | None = None):
    """Change of UC3 from the base case per scenario (rows) and class (bars)."""
    import matplotlib.pyplot as plt
    import numpy as np

    from jkncost.plots import caption

    sens = sens.assign(row=sens["group"].map(lambda g: label(g, lang)) + ": " + sens["scenario"])
    wide = sens.pivot(index="row", columns="class", values="change_percent")
    classes = list(dict.fromkeys(sens["class"]))
    wide = wide.reindex(index=list(dict.fromkeys(sens["row"])), columns=classes)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(wide) + 1.8))
    y = np.arange(len(wide))
    h = 0.8 / len(classes)
    for k, c in enumerate(classes):
        ax.barh(y + (k - (len(classes) - 1) / 2) * h, wide[c], h, label=c)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, wide.index, fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("symlog", linthresh=10)
    ax.set_xlabel(label("change", lang))
    ax.set_title(label("sensitivity", lang))
    ax.legend(fontsize=8)
    caption(fig, note)
    fig.tight_layout()
    return fig
