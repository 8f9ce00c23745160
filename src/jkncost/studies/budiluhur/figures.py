"""RS Bersalin Budi Luhur: figures (labels from :mod:`jkncost.labels`, area ``activity_study``)."""

from __future__ import annotations

import pandas as pd


def per_day_bars(charged: pd.DataFrame, published: pd.DataFrame, *, lang: str = "en", note=None):
    """Kelas I A's cost per patient-day by pool: printed in Tabel 4.6 beside the engine's value.

    ``charged``: :func:`jkncost.studies.budiluhur.model.charged` (one row per pool); ``published``:
    :func:`jkncost.studies.budiluhur.readers.published`. Horizontal bars from zero, one pair per pool.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from jkncost.labels import label
    from jkncost.plots import PALETTE, caption, rupiah_axis, wrap

    p = published[published["figure"] == "cost per patient-day"].set_index("pool")["value"]
    c = charged.set_index("pool")["per_day"]
    pools = [x for x in p.index if x in c.index]
    y = np.arange(len(pools))
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(pools) + 1.8))
    ax.barh(y - 0.2, p.reindex(pools), 0.4, color=PALETTE[0], label=label("activity_study.printed", lang))
    ax.barh(y + 0.2, c.reindex(pools), 0.4, color=PALETTE[1], label=label("activity_study.engine", lang))
    ax.set_yticks(y, [wrap(x, 28) for x in pools])
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    rupiah_axis(ax, "x", lang)
    ax.set_xlabel(label("activity_study.per_day_axis", lang))
    ax.set_title(label("activity_study.budiluhur_per_day_title", lang))
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    caption(fig, note)
    return fig
