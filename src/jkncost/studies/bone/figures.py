"""Seed 004 (RSUD Tenriawaru, Bone): the two figures of ``notebooks/bone.ipynb``, in English or Indonesian.

Every text comes from the label catalogue (``src/jkncost/labels/bone.csv``) or from the data
(procedure and class names), so ``lang="id"`` draws a figure entirely in Indonesian. Both figures
rest on rules or ranges the paper does not state, and say so in a caption under the figure.

Examples
--------
>>> from jkncost.studies import bone
>>> data = bone.load()
>>> tariffs = bone.procedure_tariffs(data["procedures"], 0.4, 5000.0, "nearest")
>>> fig = tariff_figure(tariffs, lang="id", markup=0.4, step=5000.0, direction="nearest")
>>> [ax.get_title(loc="left") for ax in fig.axes]
['Radiologi', 'Fisioterapi', 'Hemodialisa', 'NICU']
>>> rule_text(5000.0, "nearest", "id")
'ke Rp 5.000 terdekat'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jkncost.display import number, rupiah

from .readers import UNITS, label


def percent(fraction: float, lang: str = "en") -> str:
    """A fraction as a percent in the marks of ``lang``: ``0.4`` -> ``40%``, ``0.425`` -> ``42,5%`` (id).

    >>> percent(0.8, "id"), percent(0.425, "id"), percent(0.425, "en")
    ('80%', '42,5%', '42.5%')
    """
    value = 100.0 * float(fraction)
    return number(value, lang, 0 if abs(value - round(value)) < 1e-9 else 1, "%")


def rule_text(step: float, direction: str, lang: str = "en") -> str:
    """The rounding rule in words: ``to the nearest Rp 5,000`` / ``ke Rp 5.000 terdekat``."""
    return label(f"rule.{direction}", lang, step=rupiah(step, lang))


def tariff_figure(tariffs: pd.DataFrame, *, lang: str = "en", markup: float, step: float, direction: str):
    """Unit cost (bars from zero), assumed tariff and proposals per procedure, one panel per unit.

    Parameters
    ----------
    tariffs : DataFrame
        :func:`jkncost.studies.bone.procedure_tariffs` (``unit, procedure, unit_cost, asumsi_reproduced,
        proposal_reproduced, proposal_published``).
    lang : {'en', 'id'}
    markup, step, direction : the parameters the tariffs were reproduced with (named in the caption,
        which says they are identified from the paper's numbers, not stated by it).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    from jkncost.plots import PALETTE, caption, rupiah_axis

    units = [u for u in UNITS if (tariffs["unit"] == u).any()]
    rows = [int((tariffs["unit"] == u).sum()) for u in units]
    # panel heights follow the number of procedures (a one-row panel still needs room for its title)
    heights = [max(n, 3) for n in rows]
    fig, axes = plt.subplots(len(units), 1, figsize=(12, 0.24 * sum(heights) + 2.5), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    for ax, unit in zip(axes[:, 0], units):
        g = tariffs[tariffs["unit"] == unit].sort_values("unit_cost", kind="stable")
        y = np.arange(len(g))
        ax.barh(y, g["unit_cost"], color=PALETTE[9], label=label("unit_cost", lang))
        ax.plot(g["asumsi_reproduced"], y, "|", color=PALETTE[0], markersize=11, mew=2, label=label("asumsi", lang))
        ax.plot(g["proposal_reproduced"], y, "o", mfc="none", color=PALETTE[2], label=label("proposal", lang))
        ax.plot(g["proposal_published"], y, "x", color=PALETTE[3], label=label("published_proposal", lang))
        ax.set_yticks(y, g["procedure"], fontsize=7)
        ax.set_ylim(-0.7, max(len(g), 3) - 0.3)
        top = g[["unit_cost", "asumsi_reproduced", "proposal_reproduced", "proposal_published"]].to_numpy().max()
        ax.set_xlim(0, top * 1.05)
        rupiah_axis(ax, "x", lang)
        ax.set_title(label(unit, lang), loc="left", fontsize=10)
    axes[0, 0].legend(loc="lower right", fontsize=8)
    axes[-1, 0].set_xlabel(label("rupiah", lang))
    fig.suptitle(label("fig_procedures", lang))
    caption(fig, label("fig_procedures_note", lang, markup=percent(markup, lang), rule=rule_text(step, direction, lang)))
    fig.tight_layout()
    return fig


def class_figure(norm: pd.DataFrame, *, lang: str = "en", bor: float):
    """Normative unit cost per class against the assumed actual BOR, with each class's rational tariff.

    One colour per class; UC-1 solid, UC-2 dash-dot, UC-3 dotted (flat: variable cost per day does not
    change with occupancy); the class's rational tariff dashed; the normative BOR a vertical line.

    Parameters
    ----------
    norm : DataFrame
        :func:`jkncost.studies.bone.normative_by_convention` (``class, level, actual_bor,
        uc_normative, tariff``).
    lang : {'en', 'id'}
    bor : the normative BOR (a fraction).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from jkncost.studies import bone
    >>> data = bone.load()
    >>> fig = class_figure(bone.normative_by_convention(data["classes"], data["text"]), lang="id", bor=0.8)
    >>> float(fig.axes[0].get_ylim()[0])
    0.0
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    from jkncost.plots import PALETTE, caption, rupiah_axis

    styles = {1: "-", 2: "-.", 3: ":"}
    classes = list(dict.fromkeys(norm["class"]))
    colors = {c: PALETTE[k % len(PALETTE)] for k, c in enumerate(classes)}
    fig, ax = plt.subplots(figsize=(10, 5.5))
    for (cls, level), g in norm.groupby(["class", "level"], sort=False):
        ax.plot(g["actual_bor"], g["uc_normative"], color=colors[cls], ls=styles.get(int(level), "-"),
                label=label("uc_line", lang, cls=cls, level=int(level)))
    for cls in classes:
        ax.axhline(float(norm.loc[norm["class"] == cls, "tariff"].iloc[0]), color=colors[cls], ls="--", lw=0.7)
    ax.axvline(bor, color="black", lw=0.8)
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: percent(round(v, 4), lang)))
    rupiah_axis(ax, "y", lang)
    ax.set_xlabel(label("bor_actual", lang))
    ax.set_ylabel(label("normative_correct", lang), fontsize=8)
    ax.legend(fontsize=7, ncol=2, loc="upper left")
    ax.set_title(label("fig_bor", lang), fontsize=9)
    low, high = norm["actual_bor"].min(), norm["actual_bor"].max()
    caption(fig, label("bor_note", lang, bor=percent(bor, lang), low=percent(low, lang), high=percent(high, lang)))
    fig.tight_layout()
    return fig


def headline_figure(tariffs: pd.DataFrame, *, lang: str = "en", markup: float):
    """The card's figure: one message, the published *asumsi tarif* over unit cost for every procedure.

    Every procedure is a point at its ratio ``asumsi / unit cost``, cheapest first; those within the
    published rounding of ``1 + markup`` follow the factor, the others (Tabel 4's Pemasangan Oksigen)
    stand out and are named. The detailed figures (procedures per unit, classes against the BOR) are in
    the notebook, one click from the card.

    Parameters
    ----------
    tariffs : DataFrame
        :func:`jkncost.studies.bone.procedure_tariffs` (``procedure, unit_cost, asumsi_published,
        asumsi_difference``).
    lang : {'en', 'id'}
    markup : the markup the tariffs were reproduced with (the factor is ``1 + markup``).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from jkncost.studies import bone
    >>> t = bone.procedure_tariffs(bone.load()["procedures"], 0.4, 5000.0, "nearest")
    >>> fig = headline_figure(t, lang="id", markup=0.4)
    >>> len(fig.axes), fig.axes[0].get_title().startswith("Asumsi tarif = 1,4 x biaya satuan")
    (1, True)
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MultipleLocator

    from jkncost.plots import PALETTE

    t = tariffs.sort_values("unit_cost", kind="stable").reset_index(drop=True)
    ratio = t["asumsi_published"] / t["unit_cost"]
    follows = t["asumsi_difference"].abs() <= 1
    factor = number(1 + markup, lang, 1)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    x = np.arange(len(t))
    ax.axhline(1 + markup, color="black", lw=0.8)
    ax.plot(x[follows], ratio[follows], "o", ms=4, color=PALETTE[0], label=label("headline_follows", lang))
    ax.plot(x[~follows], ratio[~follows], "o", ms=7, color=PALETTE[3], label=label("headline_departs", lang))
    for i in x[~follows]:
        ax.annotate(str(t.loc[i, "procedure"]), (i, ratio[i]), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=11)
    ax.set_ylim(0, max(float(ratio.max()), 1 + markup) * 1.15)
    ax.yaxis.set_major_locator(MultipleLocator(0.5))
    ax.yaxis.set_major_formatter(lambda v, _: number(v, lang, 1))
    ax.set_xticks([])
    ax.set_xlabel(label("headline_procedures", lang), fontsize=11)
    ax.set_ylabel(label("headline_ratio", lang), fontsize=11)
    ax.tick_params(labelsize=11)
    ax.legend(fontsize=11, loc="lower right")
    ax.set_title(label("fig_headline", lang, factor=factor, n=int(follows.sum()), total=len(t)), fontsize=12)
    fig.tight_layout()
    return fig
