"""Figures shared by the notebooks: cost composition, allocation flows, methods side by side.

Every function returns the matplotlib ``Figure`` and takes ``lang`` (``"en"`` or ``"id"``) for
labels, and ``note`` for a caption line (e.g. "allocation bases assumed: see assumptions.csv"),
so a figure that rests on an assumption says so on its face.
"""

from __future__ import annotations

import matplotlib.pyplot as plt  # the backend is the caller's: inline in notebooks, MPLBACKEND elsewhere
import numpy as np
import pandas as pd

LABELS = {
    "en": {"FC": "fixed (FC)", "SVC": "semi-variable (SVC)", "VC": "variable (VC)", "center": "cost center",
           "million": "million Rp", "from": "from support center", "to": "to center", "uc": "unit cost (Rp per unit)",
           "composition": "Direct cost per cost center", "flows": "Allocation flows", "methods": "Unit cost by method"},
    "id": {"FC": "biaya tetap (FC)", "SVC": "biaya semi variabel (SVC)", "VC": "biaya variabel (VC)",
           "center": "pusat biaya", "million": "juta Rp", "from": "dari pusat biaya penunjang",
           "to": "ke pusat biaya", "uc": "biaya satuan (Rp per unit)", "composition": "Biaya langsung per pusat biaya",
           "flows": "Aliran distribusi biaya", "methods": "Biaya satuan per metode"},
}
COLORS = {"FC": "#4c72b0", "SVC": "#dd8452", "VC": "#55a868"}


def label(key: str, lang: str = "en") -> str:
    if lang not in LABELS:
        raise ValueError(f"lang must be one of {sorted(LABELS)}, got {lang!r}")
    return LABELS[lang][key]


def caption(fig, note: str | None):
    """Put ``note`` (e.g. the assumptions a figure rests on) under the figure, in italics."""
    if note:
        fig.text(0.01, -0.02, note, fontsize=8, style="italic", ha="left", va="top", wrap=True)


def cost_composition(direct: pd.DataFrame, *, lang: str = "en", title: str | None = None, note: str | None = None):
    """Horizontal stacked bars of FC, SVC and VC per center (``direct``: centers x categories)."""
    data = direct[["FC", "SVC", "VC"]] / 1e6
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(data) + 1.5))
    left = np.zeros(len(data))
    for cat in ("FC", "SVC", "VC"):
        ax.barh(data.index, data[cat], left=left, color=COLORS[cat], label=label(cat, lang))
        left += data[cat].to_numpy()
    ax.invert_yaxis()
    ax.set_xlabel(label("million", lang))
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
    """Heat map of the allocation flows (million Rp), one panel per stage."""
    stages = list(dict.fromkeys(flows["stage"]))
    fig, axes = plt.subplots(1, len(stages), figsize=(max(6, 4.5 * len(stages)), 4.2), squeeze=False)
    for ax, stage in zip(axes[0], stages):
        m = flow_matrix(flows, order, stage) / 1e6
        im = ax.imshow(m.to_numpy(), cmap="Blues", aspect="auto")
        ax.set_xticks(range(m.shape[1]), m.columns, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(m.shape[0]), m.index, fontsize=8)
        for (i, j), v in np.ndenumerate(m.to_numpy()):
            if v > 0:
                ax.text(j, i, f"{v:,.0f}", ha="center", va="center", fontsize=6,
                        color="white" if v > 0.6 * m.to_numpy().max() else "black")
        ax.set_title(stage, fontsize=9)
        ax.set_xlabel(label("to", lang), fontsize=8)
        ax.set_ylabel(label("from", lang), fontsize=8)
        fig.colorbar(im, ax=ax, shrink=0.7, label=label("million", lang))
    fig.suptitle(title or label("flows", lang))
    caption(fig, note)
    fig.tight_layout()
    return fig


def methods_bars(table: pd.DataFrame, level: int = 3, *, lang: str = "en", centers: list[str] | None = None,
                 title: str | None = None, note: str | None = None):
    """Grouped bars of UC``level`` per production center, one bar per method (``table`` long format)."""
    import seaborn as sns

    col = f"UC{level}"
    order = centers if centers is not None else list(dict.fromkeys(table["center"]))
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(order) + 2), 4))
    sns.barplot(data=table, x="center", y=col, hue="method", order=order,
                hue_order=list(dict.fromkeys(table["method"])), ax=ax, errorbar=None)
    ax.set_xticks(range(len(order)), order, rotation=30, ha="right")
    ax.set_xlabel("")
    ax.set_ylabel(f"{col}: {label('uc', lang)}")
    ax.set_yscale("log")
    ax.set_title(title or f"{label('methods', lang)} ({col})")
    ax.legend(fontsize=8, title=None)
    caption(fig, note)
    fig.tight_layout()
    return fig


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
    for k, color in zip((1, 2, 3), ("#4c72b0", "#dd8452", "#55a868")):
        ax.bar(x + (k - 2) * 0.27, shown[f"UC{k}"], width=0.27, color=color, label=text(f"unitcost_uc{k}", lang))
    ax.scatter(x, shown["tariff"], marker="D", s=60, color="black", zorder=3, label=text("unitcost_tariff", lang))
    ax.set_xticks(x, shown["center"], rotation=30, ha="right")
    ax.set_ylabel(text("unitcost_rp_per_unit", lang))
    ax.set_yscale("log")
    ax.set_title(title or text("unitcost_tariff_vs_uc", lang))
    ax.legend(fontsize=8)
    lines = [note] if note else []
    if left_out:
        lines.append(text("unitcost_no_output", lang, centers=", ".join(left_out)))
    caption(fig, "\n".join(lines) or None)
    fig.tight_layout()
    return fig
