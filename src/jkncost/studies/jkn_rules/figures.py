"""Figures of the JKN rules: contributions (iuran) over time, by segment and payer, en/id.

The rates come from the rule tables (:mod:`jkncost.jkn.contributions`, ``history``); these functions
only draw them. :func:`contributions_headline` is the one-panel figure a report card shows;
:func:`contributions_by_segment` the six panels of the notebook. Texts come from the label catalogue
(area ``jkn_plots``); rupiah axes from :func:`jkncost.plots.rupiah_axis`.
"""

from __future__ import annotations

import pandas as pd

from jkncost.labels import label
from jkncost.plots import PALETTE, caption, rupiah_axis, rupiah_short

PAYERS = ("employer", "worker", "member", "government")
_PAYER_COLORS = dict(zip(PAYERS, PALETTE))


def rule_starts(segments: list[str]) -> list:
    """Days on which a new contribution rule of ``segments`` came into force after JKN began (from the data)."""
    from jkncost.jkn.rules import JKN_START, load_table

    table = load_table("contributions")
    return sorted({r.effective_from for r in table if r["segment"] in segments and r.effective_from > JKN_START})


# top of the y axis as a multiple of the highest amount: the legend sits above the data, not on it
_HEADROOM = 1.3
_PBPU_HEADROOM = 1.6  # four legend entries


def _pbpu_top(pbpu: dict) -> float:
    return max(float(df["total"].max()) for df in pbpu.values())


def _stacked(ax, df: pd.DataFrame, lang: str):
    bottom = 0
    for payer in PAYERS:
        if df[payer].any():
            ax.fill_between(df["date"], bottom, bottom + df[payer], step="post", alpha=0.8,
                            label=label(f"jknplot.{payer}", lang), color=_PAYER_COLORS[payer])
            bottom = bottom + df[payer]


def _pbpu(ax, pbpu: dict, lang: str):
    for k, df in pbpu.items():
        ax.step(df["date"], df["total"], where="post", color=PALETTE[(int(k) + 2) % len(PALETTE)], lw=2,
                label=label("jknplot.pbpu_class", lang, k=k))
    if 3 in pbpu:
        ax.step(pbpu[3]["date"], pbpu[3]["member"], where="post", linestyle="--", color="black",
                label=label("jknplot.pbpu_member", lang))


def contributions_by_segment(series: dict, pbpu: dict, *, wage: float, veteran_base_salary: float,
                             lang: str = "en"):
    """Six panels: PBI, PPU government, PPU private, veterans (stacked by payer), PBPU per class, PPU % of wage.

    ``series``: segment (``pbi``, ``ppu_government``, ``ppu_private``, ``veteran``) -> ``history(...)``
    frame (``date, employer, worker, member, government, total``); ``pbpu``: care class -> frame.
    Dotted lines mark the days a new rule of the panel's segments came into force.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(3, 2, figsize=(13, 11), sharex=True)
    titles = {"pbi": label("jknplot.pbi", lang),
              "ppu_government": label("jknplot.ppu_government", lang, wage=rupiah_short(wage, lang)),
              "ppu_private": label("jknplot.ppu_private", lang, wage=rupiah_short(wage, lang)),
              "veteran": label("jknplot.veteran", lang, salary=rupiah_short(veteran_base_salary, lang))}
    for ax, (seg, df) in zip(axes.flat, series.items()):
        _stacked(ax, df, lang)
        ax.set_ylim(0, _HEADROOM * df["total"].max())  # room above the data for the legend
        ax.set_title(titles[seg], fontsize=9, wrap=True)
        ax.set_ylabel(label("jknplot.iuran_axis", lang))
        ax.legend(fontsize=8, loc="upper left")
    ax = axes.flat[4]
    _pbpu(ax, pbpu, lang)
    ax.set_ylim(0, _PBPU_HEADROOM * _pbpu_top(pbpu))
    ax.set_title(label("jknplot.pbpu", lang), fontsize=9)
    ax.set_ylabel(label("jknplot.iuran_axis", lang))
    ax.legend(fontsize=8, loc="upper left")
    ax = axes.flat[5]
    for k, seg in enumerate(("ppu_government", "ppu_private")):
        df = series[seg]
        ax.step(df["date"], 100 * df["total"] / wage, where="post", color=PALETTE[k],
                label=label(f"jknplot.segment.{seg}", lang))
    ax.set_title(label("jknplot.share", lang, wage=rupiah_short(wage, lang)), fontsize=9)
    ax.set_ylabel(label("jknplot.percent_axis", lang))
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    panels = [["pbi"], ["ppu_government"], ["ppu_private"], ["veteran"], ["pbpu"], ["ppu_government", "ppu_private"]]
    for ax, segs in zip(axes.flat, panels):
        for boundary in rule_starts(segs):
            ax.axvline(pd.Timestamp(boundary), color="grey", linewidth=0.5, linestyle=":")
    for ax in axes.flat[:5]:
        ax.set_ylim(bottom=0)
        rupiah_axis(ax, "y", lang)
    fig.suptitle(label("jknplot.suptitle", lang), fontsize=11)
    caption(fig, label("jknplot.caption", lang))
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def contributions_headline(pbpu: dict, *, lang: str = "en"):
    """One panel legible at card size: the monthly contribution of a self-paying member per care class."""
    import matplotlib.pyplot as plt

    import textwrap

    from jkncost.plots import CARD_FONT, CARD_WIDTH

    # card width and type: every text 8 pt or more as the report's card shows it (about 450 px wide)
    fig, ax = plt.subplots(figsize=(CARD_WIDTH, 4.2))
    _pbpu(ax, pbpu, lang)
    ax.set_ylim(0, _PBPU_HEADROOM * _pbpu_top(pbpu))
    for boundary in rule_starts(["pbpu"]):
        ax.axvline(pd.Timestamp(boundary), color="grey", linewidth=0.5, linestyle=":")
    ax.set_ylim(bottom=0)
    rupiah_axis(ax, "y", lang)
    ax.tick_params(labelsize=CARD_FONT)
    ax.set_ylabel(label("jknplot.iuran_axis", lang), fontsize=CARD_FONT)
    heading = "\n".join(textwrap.wrap(label("jknplot.headline", lang), 44))
    ax.set_title(heading, fontsize=CARD_FONT + 1)
    ax.legend(fontsize=CARD_FONT - 1, loc="upper left")
    caption(fig, label("jknplot.headline_caption", lang), fontsize=CARD_FONT)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def upgrade_copayment_figure(curves: dict, *, inacbg_class1: float, inacbg_class2: float, vip_tariff: float,
                             on: str, lang: str = "en"):
    """The class-upgrade co-payment against the hospital tariff above class 1, with the knee where the cap binds.

    ``curves``: entitled class (1, 2) -> :func:`jkncost.jkn.upgrade.copayment_curve` frame
    (``hospital_tariff, copayment``). The cap share comes from the class-upgrade rule in force ``on``
    (:func:`jkncost.jkn.lookup.in_force`): the cap binds from ``(1 + share) x`` the INA-CBG class 1 tariff.

    Examples
    --------
    >>> import numpy as np
    >>> from jkncost.jkn.upgrade import copayment_curve
    >>> grid = np.linspace(2e6, 7e6, 11)
    >>> curves = {k: copayment_curve(k, 2_335_200, 2_045_500, grid, on="2023-06-01") for k in (1, 2)}
    >>> fig = upgrade_copayment_figure(curves, inacbg_class1=2_335_200, inacbg_class2=2_045_500,
    ...                                vip_tariff=4_500_000, on="2023-06-01", lang="id")
    >>> fig.axes[0].get_title().startswith("Selisih biaya naik kelas")
    True
    """
    import textwrap

    import matplotlib.pyplot as plt

    from jkncost.jkn.amounts import fmt_percent
    from jkncost.jkn.lookup import in_force
    from jkncost.jkn.rules import load_table

    rule = in_force(load_table("class_upgrade"), on, "class-upgrade", kind="copayment", entitled_class="1",
                    to_class="vip")
    share = float(rule.number("cap_share_of_inacbg_class1"))
    knee = (1 + share) * inacbg_class1
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for k, df in curves.items():
        ax.plot(df["hospital_tariff"], df["copayment"], color=PALETTE[int(k) - 1], lw=2,
                label=label("jknplot.upgrade_line", lang, k=k))
    ax.set_ylim(bottom=0)
    ax.axvline(knee, color=PALETTE[3], linestyle="--", linewidth=1)
    knee_text = label("jknplot.upgrade_knee", lang, share=fmt_percent(rule.number("cap_share_of_inacbg_class1")),
                      amount=rupiah_short(knee, lang), factor=f"{1 + share:g}".replace(".", "," if lang == "id" else "."),
                      rule=rule.rule_id)
    ax.annotate(textwrap.fill(knee_text, 34), (knee, 0), xytext=(8, 20), textcoords="offset points",
                color=PALETTE[3], fontsize=9)
    ax.axvline(vip_tariff, color="grey", linestyle=":", linewidth=1)
    ax.annotate(label("jknplot.upgrade_vip", lang, amount=rupiah_short(vip_tariff, lang)),
                (vip_tariff, ax.get_ylim()[1] * 0.55), xytext=(4, 0), textcoords="offset points", fontsize=9,
                color="grey")
    rupiah_axis(ax, "x", lang)
    rupiah_axis(ax, "y", lang)
    ax.set_xlabel(label("jknplot.upgrade_x", lang))
    ax.set_ylabel(label("jknplot.upgrade_y", lang))
    ax.set_title(label("jknplot.upgrade_title", lang, regulation=rule["regulation"],
                       class_one=rupiah_short(inacbg_class1, lang), class_two=rupiah_short(inacbg_class2, lang)), fontsize=10)
    ax.legend(loc="upper left")
    caption(fig, label("jknplot.upgrade_caption", lang))
    fig.tight_layout()
    return fig
