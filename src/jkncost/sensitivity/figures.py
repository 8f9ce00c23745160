"""Figures of the sensitivity analyses: tornado, Monte Carlo intervals, Sobol indices, support-center flows.

Every text comes from the label catalogue (:mod:`jkncost.labels`, area ``sensitivity``) in ``lang``
or from the data (center and asset-group names); rupiah axes use :func:`jkncost.plots.rupiah_axis`;
colours are :data:`jkncost.plots.PALETTE` (colour-blind safe).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from jkncost.labels import label
from jkncost.plots import PALETTE, caption, method_label, rupiah_axis, rupiah_short, stage_label, wrap

_INPUT_PATTERNS = [  # the names default_inputs gives, so that a figure can show them in another language
    (re.compile(r"^basis (?P<support>.+) -> (?P<center>.+)$"), "sensitivity.input.weight"),
    (re.compile(r"^output (?P<center>.+)$"), "sensitivity.input.output"),
    (re.compile(r"^inflation rate \(assets\)$"), "sensitivity.input.inflation"),
    (re.compile(r"^discount rate \(assets\)$"), "sensitivity.input.discount"),
    (re.compile(r"^useful life (?P<group>.+)$"), "sensitivity.input.life"),
    (re.compile(r"^BOR \(all bed-holding centers\)$"), "sensitivity.input.bor"),
    (re.compile(r"^(?P<category>FC|SVC|VC) (?P<center>.+)$"), "sensitivity.input.cost"),
]


def input_label(name: str, lang: str = "en") -> str:
    """The name of a one-way input (as :func:`jkncost.sensitivity.oneway.default_inputs` gives it) in ``lang``.

    Parameters
    ----------
    name : str
        The input's name.
    lang : {'en', 'id'}, default 'en'
        Language of every text.

    Returns
    -------
    str
        The name in ``lang`` (unknown names as given).

    Examples
    --------
    >>> input_label("basis Kantor -> Kelas III", "id")
    'dasar alokasi Kantor -> Kelas III'
    >>> input_label("useful life gedung", "id")
    'umur ekonomis gedung'
    """
    for pattern, key in _INPUT_PATTERNS:
        m = pattern.match(name)
        if m:
            return label(key, lang, **m.groupdict())
    return name


def distributions_label(distributions: dict, lang: str = "en") -> str:
    """The Monte Carlo distributions in words, for captions (``{"output": ("triangular", -0.1, 0.1)}``).

    Parameters
    ----------
    distributions : dict
        ``{group: (kind, *params)}`` as for :func:`jkncost.sensitivity.montecarlo.monte_carlo`.
    lang : {'en', 'id'}, default 'en'
        Language of every text.

    Returns
    -------
    str
        One clause per group, joined by semicolons.

    Examples
    --------
    >>> distributions_label({"output": ["triangular", -0.1, 0.1], "rate": ("uniform", -0.02, 0.04)}, "id")
    'luaran: segitiga -10% sampai +10% (modus 0); laju inflasi atau diskonto: seragam -2% sampai +4%'
    """
    from jkncost.sensitivity.montecarlo import check_spec

    parts = []
    for group, spec in distributions.items():
        kind, args = check_spec(group, spec)
        if kind == "lognormal":
            values = [f"{a:g}".replace(".", ",") if lang == "id" else f"{a:g}" for a in args]
        else:
            values = [f"{100 * a:+g}%".replace(".", ",") if lang == "id" else f"{100 * a:+g}%" for a in args]
        text = label(f"sensitivity.kind.{kind}", lang, **dict(zip("ab", values)))
        parts.append(label("sensitivity.distribution", lang, group=label(f"sensitivity.group.{group}", lang), kind=text))
    return "; ".join(parts)


def quantity_label(quantity: str, lang: str = "en") -> str:
    """``UC1``..``UC3`` as they are; ``tariff`` -> ``tarif``.

    Parameters
    ----------
    quantity : str
        ``UC1``, ``UC2``, ``UC3`` or ``tariff``.
    lang : {'en', 'id'}, default 'en'
        Language of every text.

    Returns
    -------
    str
        The quantity's name in ``lang``.

    Examples
    --------
    >>> quantity_label("tariff", "id"), quantity_label("UC3", "id")
    ('tarif', 'UC3')
    """
    return label("costing.tariff", lang) if quantity == "tariff" else quantity


def _finish_panels(fig, axes, used: int, title: str, note):
    """The end of a grid of one panel per center: spare panels hidden, one legend, title, caption."""
    for ax in list(axes.flat)[used:]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=8, loc="lower right")
    fig.suptitle(title)
    caption(fig, note)
    fig.tight_layout()
    return fig


def plot_tornado(table: pd.DataFrame, quantity: str, centers: list[str], *, top: int = 8, title: str = "",
                 note: str | None = None, lang: str = "en"):
    """One tornado panel per center: the ``top`` largest bars of ``quantity`` around the base value.

    Parameters
    ----------
    table : DataFrame
        :func:`jkncost.sensitivity.oneway.tornado`.
    quantity : str
        ``UC1``, ``UC2``, ``UC3`` or ``tariff``.
    centers : list of str
        One panel per center.
    top : int, default 8
        Bars per panel.
    title : str, default ''
        Figure title (a default from the catalogue when empty).
    note : str, optional
        Caption under the figure (:func:`jkncost.plots.caption`).
    lang : {'en', 'id'}, default 'en'
        Language of every text.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> from jkncost.sensitivity import Model
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
    >>> from jkncost.sensitivity import default_inputs, tornado
    >>> fig = plot_tornado(tornado(m, default_inputs(m)), "UC1", ["Kelas III"], lang="id")
    >>> fig.axes[0].get_title()
    'Kelas III (dasar Rp 145 rb)'
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    # one column: the report shows a figure at most about 10 inches wide, and text must stay 8 pt there
    cols = 1
    rows = len(centers)
    fig, axes = plt.subplots(rows, cols, figsize=(8.5, 0.42 * top * rows + 1.7 * rows), squeeze=False)
    for ax, c in zip(axes.flat, centers):
        t = table[(table["quantity"] == quantity) & (table["center"] == c)].head(top).iloc[::-1]
        base = float(t["base"].iloc[0]) if len(t) else 0.0
        y = np.arange(len(t))
        lo, hi = t["at_low"].to_numpy(), t["at_high"].to_numpy()
        ax.barh(y, lo - base, left=base, color=PALETTE[0], label=label("sensitivity.input_low", lang))
        ax.barh(y, hi - base, left=base, color=PALETTE[1], label=label("sensitivity.input_high", lang))
        ax.axvline(base, color="black", lw=0.8)
        ax.set_yticks(y, [wrap(input_label(n, lang), 34) for n in t["input"]], fontsize=8)
        ax.set_title(label("sensitivity.panel", lang, center=c, base=rupiah_short(base, lang)), fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
        rupiah_axis(ax, "x", lang)
        ax.set_xlabel(label("sensitivity.rp_unit", lang), fontsize=8)
    return _finish_panels(fig, axes, len(centers),
                          title or label("sensitivity.tornado", lang, quantity=quantity_label(quantity, lang)), note)


def plot_intervals(summary: pd.DataFrame, quantity: str, centers: list[str], *, lo: str = "p2.5",
                   hi: str = "p97.5", reference: dict[str, dict[str, float]] | None = None, title: str = "",
                   note: str | None = None, lang: str = "en"):
    """Deterministic value and Monte Carlo interval per center, with reference lines (e.g. tariffs).

    ``reference``: tariff name -> {center: value}; drawn as short horizontal marks labelled
    ``<name> tariff`` (``tarif <name>``). The axis starts at zero so intervals compare honestly.

    Parameters
    ----------
    summary : DataFrame
        :meth:`jkncost.sensitivity.montecarlo.MonteCarloResult.summary`.
    quantity : str
        ``UC1``, ``UC2``, ``UC3`` or ``tariff``.
    centers : list of str
        The centers, one bar each.
    lo, hi : str, default 'p2.5', 'p97.5'
        The summary columns of the interval.
    reference : dict, optional
        Tariff name -> {center: value}.
    title : str, default ''
        Figure title (a default from the catalogue when empty).
    note : str, optional
        Caption under the figure (:func:`jkncost.plots.caption`).
    lang : {'en', 'id'}, default 'en'
        Language of every text.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> from jkncost.sensitivity import Model
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
    >>> from jkncost.sensitivity import monte_carlo
    >>> mc = monte_carlo(m, {"output": ("triangular", -0.1, 0.1)}, n_draws=200, seed=1)
    >>> fig = plot_intervals(mc.summary(), "UC3", ["Kelas II", "Kelas III"], reference={"Perda": {"Kelas III": 60000.0}})
    >>> float(fig.axes[0].get_ylim()[0])
    0.0
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    s = summary[summary["quantity"] == quantity].set_index("center").reindex(centers)
    fig, ax = plt.subplots(figsize=(max(5, 1.4 * len(centers) + 2), 4))
    x = np.arange(len(centers))
    ax.errorbar(x, s["p50"], yerr=[s["p50"] - s[lo], s[hi] - s["p50"]], fmt="o", capsize=6, color=PALETTE[0],
                label=label("sensitivity.median_interval", lang, lo=lo.removeprefix("p") + "%",
                            hi=hi.removeprefix("p") + "%"))
    ax.scatter(x, s["deterministic"], marker="x", color="black", zorder=3, label=label("sensitivity.deterministic", lang))
    for k, (name, vals) in enumerate((reference or {}).items()):
        xs = [i for i, c in enumerate(centers) if c in vals]
        ax.scatter(xs, [vals[centers[i]] for i in xs], marker="_", s=500, linewidths=2,
                   color=PALETTE[(k + 1) % len(PALETTE)], label=label("sensitivity.reference", lang, name=name))
    ax.set_xticks(x, [wrap(c) for c in centers])
    ax.set_ylim(bottom=0)
    rupiah_axis(ax, "y", lang)
    ax.set_ylabel(label("sensitivity.rp_unit", lang))
    ax.set_title(title or label("sensitivity.mc_title", lang, quantity=quantity_label(quantity, lang)))
    ax.legend(fontsize=8)
    caption(fig, note)
    fig.tight_layout()
    return fig


def plot_sobol(indices: pd.DataFrame, centers: list[str], *, quantity: str = "UC3", title: str = "",
               note: str | None = None, lang: str = "en", confidence_level: float = 0.95):
    """First-order and total Sobol indices per group of inputs, one panel per center, bars from zero.

    Parameters
    ----------
    indices : DataFrame
        :func:`jkncost.sensitivity.sobol.sobol_indices` (with its bootstrap bounds, drawn as error bars
        when present).
    centers : list of str
        One panel per center.
    quantity : str, default 'UC3'
        The quantity the indices are of (for the title).
    title : str, default ''
        Figure title (a default from the catalogue when empty).
    note : str, optional
        Caption under the figure (:func:`jkncost.plots.caption`).
    lang : {'en', 'id'}, default 'en'
        Language of every text.
    confidence_level : float, default 0.95
        The level of the intervals, for the legend.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> from jkncost.sensitivity import Model
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
    >>> from jkncost.sensitivity import sobol_indices
    >>> spread = {"bases": ("lognormal", 0.2), "output": ("triangular", -0.1, 0.1)}
    >>> s = sobol_indices(m, spread, n=64, n_resamples=0, centers=["Kelas II", "Kelas III"])
    >>> fig = plot_sobol(s, ["Kelas II", "Kelas III"])
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['Kelas II', 'Kelas III']
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    cols = 1  # one column, as the tornado: 8 pt text at the width the report shows
    rows = len(centers)
    fig, axes = plt.subplots(rows, cols, figsize=(7.5, 2.6 * rows + 0.8), squeeze=False, sharex=True)
    for ax, c in zip(axes.flat, centers):
        t = indices[indices["center"] == c]
        y = np.arange(len(t))
        for k, (col, key) in enumerate((("S1", "sensitivity.sobol_first"), ("ST", "sensitivity.sobol_total"))):
            v = t[col].to_numpy(dtype=float)
            err = None
            if f"{col}_low" in t and t[f"{col}_low"].notna().all():
                err = [np.clip(v - t[f"{col}_low"].to_numpy(dtype=float), 0, None),
                       np.clip(t[f"{col}_high"].to_numpy(dtype=float) - v, 0, None)]
            ax.barh(y + (k - 0.5) * 0.4, np.clip(v, 0, None), 0.4, xerr=err, color=PALETTE[k], capsize=2,
                    label=label(key, lang))
        ax.set_yticks(y, [label(f"sensitivity.group.{g}", lang) for g in t["group"]], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 1.05)
        ax.set_title(c, fontsize=9)
        ax.set_xlabel(label("sensitivity.sobol_axis", lang, level=f"{confidence_level:.0%}"), fontsize=8)
    return _finish_panels(fig, axes, len(centers),
                          title or label("sensitivity.sobol_title", lang, quantity=quantity_label(quantity, lang)), note)


def plot_support_flows(flows: dict[str, pd.DataFrame], support: str, receivers: list[str], *, title: str = "",
                       note: str | None = None, lang: str = "en"):
    """Where one support center's cost goes under each method (one panel per method, bars stacked by stage).

    Parameters
    ----------
    flows : dict of str to DataFrame
        Method -> the ``flows`` table of :func:`jkncost.costing.unitcost.unit_cost`.
    support : str
        The support center.
    receivers : list of str
        The receiving centers to show, in order.
    title : str, default ''
        Figure title (a default from the catalogue when empty).
    note : str, optional
        Caption under the figure (:func:`jkncost.plots.caption`).
    lang : {'en', 'id'}, default 'en'
        Language of every text.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> from jkncost.costing.unitcost import unit_cost
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> flows = {m: unit_cost(h, m).flows for m in ("direct", "reciprocal")}
    >>> fig = plot_support_flows(flows, "Laundry", h.production_centers, lang="id")
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['langsung (dikirim: Rp 185 jt)', 'timbal balik (reciprocal) (dikirim: Rp 243 jt)']
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    # two panels a row: four in one row made a figure 18 inches wide, shown at half size with 3-pt text
    cols = min(2, len(flows))
    rows = int(np.ceil(len(flows) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.8 * cols, 4.6 * rows), sharey=True, squeeze=False)
    for ax in axes.flat[len(flows):]:
        ax.set_visible(False)
    highest = 0.0  # the panels share one y-axis (like with like: one sender's cost), so it must hold every stack
    for ax, (method, f) in zip(axes.flat, flows.items()):
        mine = f[f["from"] == support]
        m = mine.pivot_table(index="to", columns="stage", values="amount", aggfunc="sum", fill_value=0.0)
        m = m.reindex([r for r in receivers if r in m.index])
        bottom = np.zeros(len(m))
        for k, stage in enumerate(m.columns):
            ax.bar(range(len(m)), m[stage], bottom=bottom, color=PALETTE[k % len(PALETTE)],
                   label=stage_label(stage, lang))
            bottom += m[stage].to_numpy()
        highest = max(highest, float(bottom.max(initial=0.0)))
        ax.set_xticks(range(len(m)), [wrap(c, 14) for c in m.index], rotation=70, ha="right", fontsize=8,
                      rotation_mode="anchor")
        ax.set_title(label("sensitivity.sent", lang, method=method_label(method, lang),
                           amount=rupiah_short(mine["amount"].sum(), lang)), fontsize=9)
        if len(m.columns) <= 6:
            ax.legend(fontsize=8)
    # Set once, after every panel is drawn: a limit set inside the loop froze the axis at the first
    # panel's height and clipped the taller stacks of the other methods.
    axes[0][0].set_ylim(0, highest * 1.05 if highest > 0 else 1.0)
    rupiah_axis(axes[0][0], "y", lang)
    for row in axes:
        row[0].set_ylabel(label("costing.rupiah", lang))
    fig.suptitle(title or label("sensitivity.flows_title", lang, support=support))
    caption(fig, note)
    fig.tight_layout()
    return fig
