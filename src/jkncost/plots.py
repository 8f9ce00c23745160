"""Figures shared by the notebooks: cost composition, allocation flows, methods side by side, break-even.

Every function returns the matplotlib ``Figure`` and takes ``lang`` (``"en"`` or ``"id"``): every
text it draws comes from the label catalogue (:mod:`jkncost.labels`) or from the data (center
names), so ``lang="id"`` gives a figure entirely in Indonesian. ``note`` is a caption line under
the figure (e.g. "allocation bases assumed: see assumptions.csv"), so a figure that rests on an
assumption says so on its face.

The house style (CONTRIBUTING.md, "Figures"): bars start at zero on a linear axis; rupiah axes in
readable units through :func:`rupiah_axis` (``Rp 400 rb``, ``Rp 1,2 jt`` in Indonesian; ``Rp 400k``,
``Rp 1.2M`` in English); seaborn's colour-blind palette (:data:`PALETTE`); long center names wrapped
(:func:`wrap`), never overlapping.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt  # the backend is the caller's: inline in notebooks, MPLBACKEND elsewhere
import numpy as np
import pandas as pd
from matplotlib.ticker import Formatter, FuncFormatter

from jkncost import labels as catalogue

#: seaborn's "colorblind" palette (Okabe-Ito-like), fixed here so that figures need not import seaborn.
PALETTE = ["#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161", "#fbafe4", "#949494", "#ece133",
           "#56b4e9"]
COLORS = {"FC": PALETTE[0], "SVC": PALETTE[1], "VC": PALETTE[2]}
_STEPS = ((1e12, "unit.trillion"), (1e9, "unit.billion"), (1e6, "unit.million"), (1e3, "unit.thousand"))


def label(key: str, lang: str = "en", **fields) -> str:
    """The label ``costing.<key>`` (or ``key``) of the catalogue in ``lang``.

    >>> label("FC", "id")
    'biaya tetap (FC)'
    """
    table = catalogue.catalogue()
    return catalogue.label(f"costing.{key}" if f"costing.{key}" in table else key, lang, **fields)


def method_label(method: str, lang: str = "en") -> str:
    """An allocation method's name in ``lang`` (``double`` -> ``distribusi ganda``); unknown names as given."""
    key = f"costing.method.{method}"
    return catalogue.label(key, lang) if key in catalogue.catalogue() else method


def stage_label(stage: str, lang: str = "en") -> str:
    """A flow stage (``stage 1``, ``step 3``, ``reciprocal``) in ``lang``."""
    if stage.startswith("step ") and stage[5:].isdigit():
        return catalogue.label("costing.stage.step", lang, n=stage[5:])
    key = f"costing.stage.{stage}"
    return catalogue.label(key, lang) if key in catalogue.catalogue() else stage


def rupiah_short(value: float, lang: str = "en", *, prefix: str = "Rp ") -> str:
    """An amount in readable units: ``Rp 400 rb``, ``Rp 1,2 jt`` (id); ``Rp 400k``, ``Rp 1.2M`` (en).

    Three significant digits at most, trailing zeros dropped; the decimal mark is a comma in
    Indonesian. Units: thousand (rb / k), million (jt / M), billion (M / B), trillion (T).

    >>> rupiah_short(400_000, "id"), rupiah_short(1_234_567, "id"), rupiah_short(1_234_567, "en")
    ('Rp 400 rb', 'Rp 1,23 jt', 'Rp 1.23M')
    >>> rupiah_short(0), rupiah_short(-2_500_000_000, "id"), rupiah_short(750, "id")
    ('Rp 0', '-Rp 2,5 M', 'Rp 750')
    """
    catalogue.check_lang(lang)
    if value is None or not np.isfinite(value):
        return ""
    sign, v = ("-" if value < 0 else ""), abs(float(value))
    unit = ""
    for size, key in _STEPS:
        if v >= size * 0.9995:  # 999,950 shows as 1 jt, not 1.000 rb
            v, unit = v / size, catalogue.label(key, lang)
            break
    digits = max(0, 2 - int(np.floor(np.log10(v)))) if v > 0 else 0
    text = f"{v:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{v:.0f}"
    if lang == "id":
        text = text.replace(".", ",")
    gap = " " if (lang == "id" and unit) else ""
    return f"{sign}{prefix}{text}{gap}{unit}"


def rupiah_axis(ax, which: str = "y", lang: str = "en"):
    """Format the ``which`` axis ("x" or "y") of ``ax`` in readable rupiah (:func:`rupiah_short`)."""
    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_formatter(FuncFormatter(lambda v, _: rupiah_short(v, lang)))
    return ax


class _NumberFormatter(Formatter):
    """Tick labels with the decimal and thousands marks of ``lang``, as few decimals as the ticks need."""

    def __init__(self, lang: str, percent: bool):
        self.lang, self.percent, self.decimals = catalogue.check_lang(lang), percent, 0

    def set_locs(self, locs):
        super().set_locs(locs)
        values = np.asarray(locs, dtype=float) * (100 if self.percent else 1)
        steps = np.diff(np.sort(values))
        step = steps[steps > 0].min() if (steps > 0).any() else 1.0
        # enough decimals that neighbouring ticks differ, never more than three
        self.decimals = int(min(3, max(0, -np.floor(np.log10(step) + 1e-9))))

    def __call__(self, x, pos=None):
        return number_text(x * (100 if self.percent else 1), self.lang, self.decimals) + ("%" if self.percent else "")


def number_text(value: float, lang: str = "en", decimals: int = 0) -> str:
    """A number with the marks of ``lang``: ``1.234,5`` (id), ``1,234.5`` (en); ``0`` never ``-0``.

    >>> number_text(1234.5, "id", 1), number_text(1234.5, "en", 1), number_text(-0.001, "id")
    ('1.234,5', '1,234.5', '0')
    """
    text = f"{float(value):,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]
    if catalogue.check_lang(lang) == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def number_axis(ax, which: str = "y", lang: str = "en", *, percent: bool = False):
    """Format the ``which`` axis ("x", "y") of ``ax`` with the marks of ``lang``: ``1,5`` and ``7.300`` in Indonesian.

    For an axis that is not in rupiah (BOR, shares, output counts): matplotlib's default ticks read
    ``1.5`` and ``7300`` whatever the language. ``percent`` shows a fraction as a percent (``0.8`` -> ``80%``).

    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1.5], [0, 7300]); _ = number_axis(ax, "x", "id"); _ = number_axis(ax, "y", "id")
    >>> fig.canvas.draw(); "1,2" in [t.get_text() for t in ax.get_xticklabels()]
    True
    >>> "6.000" in [t.get_text() for t in ax.get_yticklabels()]; plt.close(fig)
    True
    """
    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_formatter(_NumberFormatter(lang, percent))
    return ax


def wrap(name: str, width: int = 16) -> str:
    """A long center name on several lines (``Instalasi Pemeliharaan Sarana`` -> two lines)."""
    return "\n".join(textwrap.wrap(str(name), width)) or str(name)


def caption(fig, note: str | list[str] | tuple | None, fontsize: float = 8):
    """Put ``note`` (e.g. the assumptions a figure rests on) under the figure, in italics.

    ``note`` is one text or several (each its own line, e.g. the hospital and the tariff source), each
    wrapped to the figure's width and stacked so that no two overlap. ``fontsize``: larger on a report
    card's figure (:data:`CARD_FONT`), which is shown smaller than the notebook's.
    """
    # a text's own line breaks start new lines too (textwrap below would fold them into spaces)
    notes = [ln for n in ([note] if isinstance(note, str) else (note or ())) if n for ln in str(n).splitlines() if ln]
    width = max(30, int(fig.get_figwidth() * 15 * 8 / fontsize))  # characters of italic per line of the figure
    line = fontsize * 1.3 / 72 / fig.get_figheight()  # one line in figure coordinates
    y = -0.02
    for n in notes:
        # never break inside "A03-A06" or a path: readers (and the label check) see the words whole
        text = "\n".join(textwrap.wrap(str(n), width, break_on_hyphens=False, break_long_words=False)) or str(n)
        fig.text(0.01, y, text, fontsize=fontsize, style="italic", ha="left", va="top")
        y -= (text.count("\n") + 1.25) * line


def cost_composition(direct: pd.DataFrame, *, lang: str = "en", title: str | None = None, note: str | None = None):
    """Horizontal stacked bars of FC, SVC and VC per center (``direct``: centers x categories), from zero."""
    data = direct[["FC", "SVC", "VC"]]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(data) + 1.5))
    left = np.zeros(len(data))
    names = [wrap(c, 28) for c in data.index]
    for cat in ("FC", "SVC", "VC"):
        ax.barh(names, data[cat], left=left, color=COLORS[cat], label=label(cat, lang))
        left += data[cat].to_numpy()
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    rupiah_axis(ax, "x", lang)
    ax.set_xlabel(label("rupiah", lang))
    ax.set_title(title or label("composition", lang))
    ax.legend(loc="lower right", fontsize=8)
    caption(fig, note)
    fig.tight_layout()
    return fig


def flow_matrix(flows: pd.DataFrame, order: list[str] | None = None, stage: str | None = None) -> pd.DataFrame:
    """Amount moved from each support center (rows) to each receiving center (columns), all categories."""
    f = flows if stage is None else flows[flows["stage"] == stage]
    m = f.pivot_table(index="from", columns="to", values="amount", aggfunc="sum", fill_value=0.0)
    if order is not None:
        m = m.reindex(index=[c for c in order if c in m.index], columns=[c for c in order if c in m.columns],
                      fill_value=0.0)
    return m


def flow_heatmap(flows: pd.DataFrame, order: list[str] | None = None, *, lang: str = "en", title: str | None = None,
                 note: str | None = None):
    """Heat map of the allocation flows (million Rp), one panel per stage, stacked so labels have room.

    Each cell is wide enough for its number (the figure grows with the number of receiving centers);
    numbers are printed in millions to at most three significant digits, and left out of cells too
    small to hold them legibly (the colour still shows the amount).
    """
    stages = list(dict.fromkeys(flows["stage"]))
    mats = [flow_matrix(flows, order, s) / 1e6 for s in stages]
    ncols = max(m.shape[1] for m in mats)
    heights = [max(1.0, 0.5 * m.shape[0]) + 2.1 for m in mats]
    fig, axes = plt.subplots(len(stages), 1, figsize=(max(6.5, 0.75 * ncols + 3), sum(heights) + 0.6),
                             squeeze=False, gridspec_kw={"height_ratios": heights})
    for ax, stage, m in zip(axes[:, 0], stages, mats):
        values = m.to_numpy()
        im = ax.imshow(values, cmap="Blues", aspect="auto")
        ax.set_xticks(range(m.shape[1]), [wrap(c) for c in m.columns], rotation=60, ha="right", fontsize=8,
                      rotation_mode="anchor")
        ax.set_yticks(range(m.shape[0]), [wrap(c, 22) for c in m.index], fontsize=8)
        top = values.max() if values.size else 0.0
        for (i, j), v in np.ndenumerate(values):
            if v > 0 and v >= 0.005 * top:
                text = rupiah_short(v * 1e6, lang, prefix="").replace(" ", "\u2009")
                ax.text(j, i, text, ha="center", va="center", fontsize=8,
                        color="white" if v > 0.6 * top else "black")
        ax.set_title(stage_label(stage, lang), fontsize=9)
        ax.set_xlabel(label("to", lang), fontsize=8)
        ax.set_ylabel(label("from_pool" if stage == "shared pools" else "from", lang), fontsize=8)
        bar = fig.colorbar(im, ax=ax, shrink=0.8, pad=0.01)
        bar.set_label(label("million", lang), fontsize=8)
        number_axis(bar.ax, "y", lang)
    fig.suptitle(title or label("flows", lang))
    caption(fig, note)
    fig.tight_layout()
    return fig


def _share_panel(ax, shares: pd.DataFrame, lang: str) -> None:
    """One panel of :func:`share_heatmap`: a heat map drawn as seaborn's ``heatmap`` draws it.

    Cells of 1 x 1 from the top left (white lines between them), tick labels at the cells' centres,
    every cell annotated (dark text on light cells, white on dark ones, by relative luminance), no
    spines. Drawn with matplotlib alone: seaborn's import (it loads scipy.stats) and the full draw it
    makes of the figure for every panel cost three seconds of a unit-cost notebook's nine.
    """
    values = shares.to_numpy(dtype=float)
    mesh = ax.pcolormesh(values, cmap="Blues", vmin=0.0, vmax=1.0, linewidths=0.5, edgecolor="white")
    mesh.update_scalarmappable()
    for (row, col), value in np.ndenumerate(values):
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                   for c in mesh.cmap(mesh.norm(value))[:3])
        luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b  # WCAG's relative luminance, as seaborn's
        ax.text(col + 0.5, row + 0.5, number_text(100 * value, lang) + "%" if value >= 0.005 else "",
                ha="center", va="center", fontsize=8, color=".15" if luminance > 0.408 else "w")
    ax.set(xlim=(0, values.shape[1]), ylim=(0, values.shape[0]))
    ax.set_xticks(np.arange(values.shape[1]) + 0.5, [wrap(c) for c in shares.columns])
    ax.set_yticks(np.arange(values.shape[0]) + 0.5, [wrap(c, 22) for c in shares.index], va="center")
    ax.invert_yaxis()
    for spine in ax.spines.values():
        spine.set_visible(False)


def share_heatmap(shares: dict[str, pd.DataFrame], *, lang: str = "en", title: str | None = None,
                  note: str | None = None):
    """Heat map of where each support center's own cost ends up, one panel per allocation method.

    Parameters
    ----------
    shares : dict of str to DataFrame
        Method name -> shares (support centers x production centers, rows summing to 1), as
        :func:`jkncost.costing.unitcost.allocation_shares` gives them.
    lang : {'en', 'id'}, default 'en'
        Language of every text.
    title : str, optional
        Figure title; the catalogue's ``costing.shares`` by default.
    note : str, optional
        Caption under the figure (:func:`caption`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure: heat maps on one colour scale (0 to 100 percent), shares printed in whole percent
        (cells under half a percent left blank, the colour still shows them).

    Examples
    --------
    >>> shares = pd.DataFrame([[0.25, 0.75], [1.0, 0.0]], index=["Laundry", "Kantor"], columns=["VIP", "Kelas I"])
    >>> fig = share_heatmap({"direct": shares}, lang="id")
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['25%', '75%', '100%', '']
    >>> plt.close(fig)
    """
    methods = list(shares)
    ncols = max(m.shape[1] for m in shares.values())
    heights = [0.45 * m.shape[0] + 0.9 for m in shares.values()]
    fig, axes = plt.subplots(len(methods), 1, figsize=(max(6.5, 0.8 * ncols + 3.0), sum(heights) + 2.2),
                             squeeze=False, sharex=True, layout="constrained", gridspec_kw={"height_ratios": heights})
    for i, (ax, method) in enumerate(zip(axes[:, 0], methods)):
        m = shares[method]
        last = i == len(methods) - 1
        _share_panel(ax, m, lang)
        ax.set_title(method_label(method, lang), fontsize=9)
        ax.set_ylabel(label("support_center", lang), fontsize=8)
        ax.set_xlabel(label("production_center", lang) if last else "", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.tick_params(axis="y", rotation=0)
        if last:
            ax.tick_params(axis="x", rotation=60)
            for tick in ax.get_xticklabels():
                tick.set_ha("right")
                tick.set_rotation_mode("anchor")
    # one colour bar for every panel, beside them all, so the panels keep one width and their columns line up
    bar = fig.colorbar(axes[-1, 0].collections[0], ax=list(axes[:, 0]), shrink=0.6, pad=0.02)
    bar.set_label(label("share_of_cost", lang), fontsize=8)
    number_axis(bar.ax, "y", lang, percent=True)
    bar.ax.tick_params(labelsize=8)
    fig.suptitle(title or label("shares", lang))
    caption(fig, note)
    return fig


def methods_bars(table: pd.DataFrame, level: int = 3, *, lang: str = "en", centers: list[str] | None = None,
                 title: str | None = None, note: str | None = None):
    """Grouped bars of UC``level`` per production center, one bar per method, on a linear axis from zero.

    ``table`` is long (``center, method, UC1, UC2, UC3``), e.g.
    :func:`jkncost.costing.unitcost.compare_methods`. A log axis would make the bars start nowhere and
    small differences look large; the differences between methods are printed in the notebook instead.
    """
    col = f"UC{level}"
    order = centers if centers is not None else list(dict.fromkeys(table["center"]))
    methods = list(dict.fromkeys(table["method"]))
    wide = table.pivot_table(index="center", columns="method", values=col, aggfunc="first").reindex(
        index=order, columns=methods)
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(order) + 2), 4))
    x = np.arange(len(order))
    width = 0.8 / max(len(methods), 1)
    for k, m in enumerate(methods):
        ax.bar(x + (k - (len(methods) - 1) / 2) * width, wide[m].to_numpy(dtype=float), width,
               color=PALETTE[k % len(PALETTE)], label=method_label(m, lang))
    ax.set_xticks(x, [wrap(c) for c in order], rotation=30, ha="right", rotation_mode="anchor")
    ax.set_ylim(bottom=0)
    rupiah_axis(ax, "y", lang)
    ax.set_ylabel(label("uc_level", lang, level=col))
    ax.set_title(title or label("methods_level", lang, level=col))
    ax.legend(fontsize=8, title=None)
    caption(fig, note)
    fig.tight_layout()
    return fig


#: Width in inches of a report card's figure and its smallest type: the card shows a figure about 450 px
#: wide, so a figure of 5 in (500 px at the inline 100 dpi) keeps 10 pt text above 8 pt as shown.
CARD_WIDTH, CARD_FONT = 5.0, 10


def card_bars(wide: pd.DataFrame, *, lang: str = "en", title: str, series: dict[str, str] | None = None,
              subtitle: str | None = None, xlabel: str | None = None):
    """The figure of a report card: one message, readable at card size (text 8 pt or more shown 450 px wide).

    ``wide`` has one row per group (a class, a center) and one column per series (a method, a tariff);
    each group is a cluster of horizontal bars from zero on a linear rupiah axis (names need no rotation),
    with a legend of the series (``series`` maps a column to its label) below the panel. No caption:
    the detailed figure, with its notes, is in the notebook one click away; ``subtitle`` (one short
    line, e.g. that the data are synthetic) goes under the title, ``xlabel`` under the axis.
    """
    series = series or {c: str(c) for c in wide.columns}
    n, k = len(wide), max(len(wide.columns), 1)
    ncol = 2 if max((len(series.get(c, str(c))) for c in wide.columns), default=0) <= 26 else 1
    rows = -(-k // ncol)  # legend rows: two short names a row, else one
    legend_in = 0.25 * rows + 0.1
    fig, ax = plt.subplots(figsize=(CARD_WIDTH, 1.5 + legend_in + n * (0.14 * k + 0.18)))
    y = np.arange(n)
    h = 0.8 / k
    for j, col in enumerate(wide.columns):
        ax.barh(y + (j - (k - 1) / 2) * h, wide[col].to_numpy(dtype=float), h, color=PALETTE[j % len(PALETTE)],
                label=series.get(col, str(col)))
    ax.set_yticks(y, [wrap(c, 14) for c in wide.index], fontsize=CARD_FONT)
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    rupiah_axis(ax, "x", lang)
    ax.xaxis.set_major_locator(plt.MaxNLocator(4))
    ax.tick_params(labelsize=CARD_FONT)
    heading = "\n".join(textwrap.wrap(title, 42))
    ax.set_title(heading, fontsize=CARD_FONT + 1, loc="left",
                 pad=6 + (14 * len(textwrap.wrap(subtitle, 52)) if subtitle else 0))
    if subtitle:  # what the figure rests on (a synthetic cohort, assumptions), in the title's place
        ax.text(0, 1.02, "\n".join(textwrap.wrap(subtitle, 52)), transform=ax.transAxes, fontsize=CARD_FONT,
                style="italic", ha="left", va="bottom")
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=CARD_FONT)
    fig.legend(*ax.get_legend_handles_labels(), fontsize=CARD_FONT, loc="lower center", ncol=ncol, frameon=False)
    fig.tight_layout(rect=(0, legend_in / fig.get_figheight(), 1, 1))
    return fig


def methods_card(table: pd.DataFrame, level: int = 3, *, lang: str = "en", centers: list[str] | None = None,
                 title: str | None = None):
    """The report card's figure of a methods comparison: UC``level`` per center, one bar per method.

    The same numbers as :func:`methods_bars` (``table`` long: ``center, method, UC1, UC2, UC3``) drawn by
    :func:`card_bars`: horizontal, 5 in wide, no caption, readable at card size.
    """
    col = f"UC{level}"
    order = centers if centers is not None else list(dict.fromkeys(table["center"]))
    methods = list(dict.fromkeys(table["method"]))
    wide = table.pivot_table(index="center", columns="method", values=col, aggfunc="first").reindex(
        index=order, columns=methods)
    return card_bars(wide, lang=lang, title=title or label("methods_level", lang, level=col),
                     series={m: method_label(m, lang) for m in methods})


def tariff_vs_unit_cost(table: pd.DataFrame, *, lang: str = "en", title: str | None = None,
                        note: str | None = None):
    """UC1, UC2, UC3 per production center as bars, the tariff as a marker: the cost recovery picture.

    ``table`` is a ``unit_cost.csv`` with ``tariff``. A center without a unit cost (output not
    measured) is left out and named under the figure, never drawn with a placeholder; a center
    without a tariff is left out. Labels come from the catalogue (:mod:`jkncost.labels`, area ``costing``).
    """
    from jkncost.labels import label as text

    shown = table.dropna(subset=["UC1", "tariff"]).reset_index(drop=True)
    left_out = table.loc[table["UC1"].isna(), "center"].tolist()  # (centers without a tariff are simply absent)
    x = np.arange(len(shown))
    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(shown) + 2), 4))
    for k, color in zip((1, 2, 3), PALETTE):
        ax.bar(x + (k - 2) * 0.27, shown[f"UC{k}"], width=0.27, color=color, label=text(f"unitcost_uc{k}", lang))
    ax.scatter(x, shown["tariff"], marker="D", s=60, color="black", zorder=3, label=text("unitcost_tariff", lang))
    ax.set_xticks(x, shown["center"], rotation=30, ha="right")
    ax.set_ylabel(text("unitcost_rp_per_unit", lang))
    ax.set_ylim(bottom=0)  # bars start at zero on a linear axis (CONTRIBUTING: figures)
    rupiah_axis(ax, "y", lang)
    ax.set_title(title or text("unitcost_tariff_vs_uc", lang))
    ax.legend(fontsize=8)
    lines = ([note] if isinstance(note, str) else list(note or ()))
    if left_out:
        lines.append(text("unitcost_no_output", lang, centers=", ".join(left_out)))
    caption(fig, lines)
    fig.tight_layout()
    return fig


def break_even(center: str, fixed: dict, vc_per_unit: float, tariffs: dict, *, beds: float | None = None,
               actual: float | None = None, days: float = 365.0, lang: str = "en", title: str | None = None,
               note: str | None = None):
    """Average cost ``F_k / Q + v`` against output (or BOR with ``beds``), the tariffs as horizontal lines.

    The cost-volume-profit picture (:func:`jkncost.costing.breakeven.break_even_table` gives the numbers):
    ``fixed`` maps a level label (``UC1``...) to the cost F_k of the period that does not follow output
    (FC + SVC for UC1, SVC for UC2, 0 for UC3), ``vc_per_unit`` is the variable cost per unit v,
    ``tariffs`` maps a name to a tariff per unit, ``actual`` is the actual output (dotted line). Where a
    curve crosses a tariff line is the break-even point Q* = F / (T - v); a tariff below v is never reached.
    """
    fig, ax = plt.subplots(figsize=(6.5, 4))
    margins = [t - vc_per_unit for t in tariffs.values() if t > vc_per_unit]
    finite = [f / m for f in fixed.values() for m in margins if f > 0]
    top = max(finite) * 1.3 if finite else (actual or 1.0) * 2
    if actual:
        top = max(top, actual * 1.5)
    q = np.linspace(top / 200, top, 400)
    x = q / (beds * days) if beds else q
    for k, (name, f) in enumerate(fixed.items()):
        ax.plot(x, f / q + vc_per_unit, color=PALETTE[k % len(PALETTE)], label=label(name, lang))
    for name, t in tariffs.items():
        ax.axhline(t, ls="--", lw=1, color="grey")
        ax.text(x[-1], t, f" {name}", va="bottom", ha="right", fontsize=8)
    if actual:
        ax.axvline(actual / (beds * days) if beds else actual, color="black", lw=0.8, ls=":",
                   label=label("actual", lang))
    ax.set_ylim(0, max(max(tariffs.values()), vc_per_unit) * 4)
    ax.set_xlim(left=0)
    number_axis(ax, "x", lang, percent=bool(beds))
    rupiah_axis(ax, "y", lang)
    ax.set_xlabel(label("be_bor" if beds else "be_output", lang))
    ax.set_ylabel(label("rp_day", lang))
    ax.set_title(title or label("be_title", lang, center=center), fontsize=10)
    ax.legend(fontsize=8)
    caption(fig, note)
    fig.tight_layout()
    return fig
