"""The activity-costing notebook's tables and figures: ABC beside double distribution, TDABC, cost per case.

Every function takes the tables of :func:`jkncost.activity.run_activity` (and of
:func:`jkncost.activity.hospital_unit_costs`) and returns a DataFrame or a matplotlib ``Figure``
whose texts come from the label catalogue (area ``activity_study``) or from the data, so that
``lang="id"`` gives Indonesian figures.

Examples
--------
>>> import pandas as pd
>>> abc = pd.DataFrame({"cost_object": ["VIP", "Poli"], "output": [10.0, 5.0], "unit_cost": [120.0, 40.0]})
>>> uc = pd.DataFrame({"center": ["VIP", "Poli"], "UC1": [100.0, 50.0]})
>>> side_by_side(abc, uc)[["cost_object", "traditional", "abc", "difference", "change_percent"]].values.tolist()
[['VIP', 100.0, 120.0, 20.0, 20.0], ['Poli', 50.0, 40.0, -10.0, -20.0]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jkncost.labels import label
from jkncost.plots import PALETTE, caption, number_text, rupiah_axis, rupiah_short, wrap

LEVELS = ("unit", "batch", "patient", "facility")


def side_by_side(cost_objects: pd.DataFrame, hospital_uc: pd.DataFrame) -> pd.DataFrame:
    """ABC unit cost beside the hospital folder's UC1, for the cost objects that are production centers.

    Returns ``cost_object, output, traditional, abc, difference, change_percent`` (difference = ABC -
    traditional; change in percent of the traditional unit cost), in the order of ``cost_objects``;
    objects without a unit cost on either side are left out.
    """
    uc = hospital_uc.set_index("center")["UC1"]
    t = cost_objects[["cost_object", "output", "unit_cost"]].rename(columns={"unit_cost": "abc"})
    t = t.assign(traditional=t["cost_object"].map(uc))
    t = t[t["abc"].notna() & t["traditional"].notna()].reset_index(drop=True)
    t["difference"] = t["abc"] - t["traditional"]
    t["change_percent"] = 100 * t["difference"] / t["traditional"]
    return t[["cost_object", "output", "traditional", "abc", "difference", "change_percent"]]


def side_by_side_bars(table: pd.DataFrame, method: str, *, lang: str = "en", note=None):
    """Grouped bars: the traditional unit cost (``method``) and the ABC unit cost of each cost object."""
    import matplotlib.pyplot as plt

    from jkncost.plots import method_label

    x = np.arange(len(table))
    fig, ax = plt.subplots(figsize=(max(6.5, 1.1 * len(table) + 2.5), 4.4))
    ax.bar(x - 0.2, table["traditional"], 0.4, color=PALETTE[0],
           label=label("activity_study.traditional", lang, method=method_label(method, lang)))
    ax.bar(x + 0.2, table["abc"], 0.4, color=PALETTE[1], label=label("activity_study.abc", lang))
    ax.set_xticks(x, [wrap(c, 12) for c in table["cost_object"]])
    ax.set_ylim(bottom=0)
    rupiah_axis(ax, "y", lang)
    ax.set_ylabel(label("activity_study.unit_cost_axis", lang))
    ax.set_title(label("activity_study.side_by_side_title", lang))
    ax.legend(frameon=False)
    fig.tight_layout()
    caption(fig, note)
    return fig


def side_by_side_card(table: pd.DataFrame, method: str, *, lang: str = "en"):
    """The report card's figure: the traditional and the ABC unit cost of each cost object, readable at card size.

    The numbers of :func:`side_by_side_bars` (the notebook's figure, with its note) drawn by
    :func:`jkncost.plots.card_bars`: horizontal bars, 5 in wide, no caption.
    """
    from jkncost.plots import card_bars, method_label

    wide = table.set_index("cost_object")[["traditional", "abc"]]
    return card_bars(wide, lang=lang, title=label("activity_study.side_by_side_title", lang),
                     series={"traditional": label("activity_study.traditional", lang, method=method_label(method, lang)),
                             "abc": label("activity_study.abc", lang)},
                     xlabel=label("activity_study.unit_cost_axis", lang))


def pool_costs(result) -> pd.DataFrame:
    """Cost per unit of output of each cost object by pool: ``pool x cost_object`` (rate x quantity / output).

    A pool is named by its activities (``activity_rates.activities``). Explains where ABC and a
    traditional allocation part: which drivers a cost object consumes more or less of.
    """
    rates = result.tables["activity_rates"].set_index("driver")
    q = result.folder.driver_quantities
    out = result.tables["cost_objects"].set_index("cost_object")["output"]
    cost = q.assign(pool=q["driver"].map(rates["activities"]),
                    cost=q["quantity"].to_numpy(float) * q["driver"].map(rates["rate"]).to_numpy(float))
    cost["per_unit"] = cost["cost"] / cost["cost_object"].map(out)
    wide = cost.pivot_table(index="pool", columns="cost_object", values="per_unit", aggfunc="sum", sort=False)
    return wide.reindex(columns=[c for c in out.index if c in wide.columns]).fillna(0.0)


def level_bars(object_levels: pd.DataFrame, cost_objects: pd.DataFrame, *, lang: str = "en", note=None):
    """Stacked bars: each cost object's unit cost by activity level (unit, batch, patient, facility)."""
    import matplotlib.pyplot as plt

    out = cost_objects.set_index("cost_object")["output"]
    wide = object_levels.pivot_table(index="cost_object", columns="level", values="cost", aggfunc="sum", sort=False)
    wide = wide.reindex(index=[c for c in out.index if c in wide.index and pd.notna(out[c])],
                        columns=[lv for lv in LEVELS if lv in wide.columns]).fillna(0.0)
    per_unit = wide.div(out.reindex(wide.index), axis=0)
    fig, ax = plt.subplots(figsize=(max(6.5, 1.1 * len(per_unit) + 2.5), 4.4))
    bottom = np.zeros(len(per_unit))
    for k, lv in enumerate(per_unit.columns):
        ax.bar(np.arange(len(per_unit)), per_unit[lv], 0.6, bottom=bottom, color=PALETTE[k],
               label=label(f"activity_study.level.{lv}", lang))
        bottom += per_unit[lv].to_numpy()
    ax.set_xticks(np.arange(len(per_unit)), [wrap(c, 12) for c in per_unit.index])
    ax.set_ylim(bottom=0)
    rupiah_axis(ax, "y", lang)
    ax.set_ylabel(label("activity_study.unit_cost_axis", lang))
    ax.set_title(label("activity_study.levels_title", lang))
    ax.legend(frameon=False, title=label("activity_study.level", lang))
    fig.tight_layout()
    caption(fig, note)
    return fig


def process_map(steps: pd.DataFrame, service: str, materials: float = 0.0, *, lang: str = "en", note=None):
    """A TDABC process map of one service: its steps one after another (minutes x times), each with its cost.

    ``steps``: the ``process_steps`` table of a run; ``materials``: the service's materials cost, shown
    as a last line. Each bar starts where the previous step ends (the steps as listed in processes.csv).
    """
    import matplotlib.pyplot as plt

    s = steps[steps["service"] == service].reset_index(drop=True)
    length = (s["minutes"] * s["times"]).to_numpy(float)
    start = np.concatenate([[0.0], np.cumsum(length)[:-1]])
    fig, ax = plt.subplots(figsize=(8.5, 0.6 * len(s) + 2.0))
    for k, r in s.iterrows():
        ax.barh(k, length[k], left=start[k], color=PALETTE[k % len(PALETTE)], height=0.6)
        ax.text(start[k] + length[k] + length.sum() * 0.01, k,
                label("activity_study.step_text", lang, minutes=number_text(r["minutes"], lang),
                      times=number_text(r["times"], lang, 0 if float(r["times"]).is_integer() else 2),
                      cost=rupiah_short(r["cost"], lang)), va="center", fontsize=9)
    ax.set_yticks(np.arange(len(s)), [wrap(x, 24) for x in s["resource"]])
    ax.invert_yaxis()
    ax.set_xlim(0, length.sum() * 1.45)
    ax.set_xlabel(label("activity_study.minutes_axis", lang))
    ax.set_title(label("activity_study.process_title", lang, service=service,
                       time=rupiah_short(float(s["cost"].sum()), lang), materials=rupiah_short(materials, lang)))
    fig.tight_layout()
    caption(fig, note)
    return fig


def capacity_bars(capacity_rates: pd.DataFrame, *, lang: str = "en", note=None):
    """Used and unused practical minutes per resource; a resource used beyond capacity shows its excess."""
    import matplotlib.pyplot as plt

    c = capacity_rates.reset_index(drop=True)
    used = c["used_minutes"].to_numpy(float)
    practical = c["practical_minutes"].to_numpy(float)
    y = np.arange(len(c))
    fig, ax = plt.subplots(figsize=(8.0, 0.55 * len(c) + 2.0))
    ax.barh(y, np.minimum(used, practical), 0.6, color=PALETTE[0], label=label("activity_study.used", lang))
    ax.barh(y, np.maximum(practical - used, 0), 0.6, left=np.minimum(used, practical), color=PALETTE[7],
            label=label("activity_study.unused", lang))
    over = used > practical
    if over.any():
        ax.barh(y[over], (used - practical)[over], 0.6, left=practical[over], color=PALETTE[3],
                label=label("activity_study.beyond", lang))
    ax.set_yticks(y, [wrap(x, 24) for x in c["resource"]])
    ax.invert_yaxis()
    ax.set_xlim(0, max(used.max(), practical.max()) * 1.5)  # room at the right for the legend
    ax.set_xlabel(label("activity_study.minutes_axis", lang))
    from jkncost.plots import number_axis

    number_axis(ax, "x", lang)
    ax.set_title(label("activity_study.capacity_title", lang))
    ax.legend(frameon=False, loc="upper right")
    fig.tight_layout()
    caption(fig, note)
    return fig


def waterfall(items: pd.DataFrame, pathway: str, tariff: float | None = None, hospital_tariff: float | None = None,
              *, lang: str = "en", note=None):
    """The cost of one case built item by item (a waterfall), against its INA-CBG and hospital tariffs."""
    import matplotlib.pyplot as plt

    s = items[items["pathway"] == pathway].reset_index(drop=True)
    cost = s["cost"].to_numpy(float)
    start = np.concatenate([[0.0], np.cumsum(cost)[:-1]])
    n = len(s)
    fig, ax = plt.subplots(figsize=(max(7.5, 0.95 * (n + 1) + 2.5), 4.8))
    x = np.arange(n + 1)
    ax.bar(x[:n], cost, 0.6, bottom=start, color=PALETTE[0])
    ax.bar(x[n], cost.sum(), 0.6, color=PALETTE[1])
    for k in range(n):
        ax.text(x[k], start[k] + cost[k], rupiah_short(cost[k], lang), ha="center", va="bottom", fontsize=8)
    ax.text(x[n], cost.sum(), rupiah_short(cost.sum(), lang), ha="center", va="bottom", fontsize=9)
    for value, key, color in ((tariff, "activity_study.inacbg_tariff", PALETTE[3]),
                              (hospital_tariff, "activity_study.hospital_tariff", PALETTE[2])):
        if value is not None and np.isfinite(value):
            ax.axhline(value, color=color, linestyle="--", linewidth=1.4,
                       label=label(key, lang, amount=rupiah_short(value, lang)))
    ax.set_xticks(x, [wrap(i, 14) for i in s["item"]] + [label("activity_study.case_total", lang)], fontsize=8)
    top = max([cost.sum()] + [v for v in (tariff, hospital_tariff) if v is not None and np.isfinite(v)])
    ax.set_ylim(0, top * 1.3)  # room above the tariff lines for the legend
    rupiah_axis(ax, "y", lang)
    ax.set_ylabel(label("activity_study.cost_per_case_axis", lang))
    ax.set_title(label("activity_study.waterfall_title", lang, pathway=pathway))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(frameon=False, loc="upper left")
    fig.tight_layout()
    caption(fig, note)
    return fig


def case_summary(patient_costs: pd.DataFrame) -> pd.DataFrame:
    """Per INA-CBG code: cases, mean cost, mean tariff, mean difference, aggregate CRR, share of cases at a loss.

    The aggregate CRR is 100 x total tariff / total cost (the caesarean study's second definition); the
    mean of the per-case CRRs is given beside it.

    >>> pc = pd.DataFrame({"inacbg_code": ["A", "A"], "cost": [100.0, 300.0], "tariff": [200.0, 200.0],
    ...                    "CRR": [200.0, 66.7]})
    >>> row = case_summary(pc).iloc[0]
    >>> int(row["cases"]), float(row["CRR_aggregate"]), float(row["loss_share"])
    (2, 100.0, 50.0)
    """
    g = patient_costs.assign(loss=patient_costs["cost"] > patient_costs["tariff"]).groupby("inacbg_code", sort=True)
    out = pd.DataFrame({"cases": g.size(), "cost_mean": g["cost"].mean(), "tariff_mean": g["tariff"].mean(),
                        "CRR_aggregate": 100 * g["tariff"].sum() / g["cost"].sum(), "CRR_mean": g["CRR"].mean(),
                        "loss_share": 100 * g["loss"].mean()})
    out["difference_mean"] = out["tariff_mean"] - out["cost_mean"]
    return out.reset_index()[["inacbg_code", "cases", "cost_mean", "tariff_mean", "difference_mean", "CRR_aggregate",
                              "CRR_mean", "loss_share"]]


def case_distribution(patient_costs: pd.DataFrame, *, lang: str = "en", note=None):
    """Histogram of the cost per case, stacked by INA-CBG code, each code's tariff as a dashed line of its colour."""
    import matplotlib.pyplot as plt

    pc = patient_costs[patient_costs["cost"].notna()]
    codes = sorted(pc["inacbg_code"].fillna("").unique())
    bins = np.histogram_bin_edges(pc["cost"], bins=min(20, max(5, len(pc) // 4)))
    fig, ax = plt.subplots(figsize=(8.0, 4.4))
    groups = [pc.loc[pc["inacbg_code"].fillna("") == code, "cost"] for code in codes]
    colors = [PALETTE[k % len(PALETTE)] for k in range(len(codes))]
    ax.hist(groups, bins=bins, stacked=True, color=colors, label=[code or "-" for code in codes])
    for k, code in enumerate(codes):  # each code's tariff(s), dashed, in the code's colour
        for t in pc.loc[pc["inacbg_code"].fillna("") == code, "tariff"].dropna().unique():
            ax.axvline(t, color=colors[k], linestyle="--", linewidth=1.3)
    from matplotlib.ticker import MaxNLocator

    from jkncost.plots import number_axis

    rupiah_axis(ax, "x", lang)
    number_axis(ax, "y", lang)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # cases are counted
    ax.set_xlabel(label("activity_study.cost_per_case_axis", lang))
    ax.set_ylabel(label("activity_study.cases_axis", lang))
    ax.set_title(label("activity_study.distribution_title", lang))
    ax.legend(frameon=False, title=label("activity_study.inacbg_code", lang))
    fig.tight_layout()
    caption(fig, note)
    return fig
