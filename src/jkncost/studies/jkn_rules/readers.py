"""The JKN rules study's transcription read as a table: ``data/raw/jkn_rules/published.csv``.

Every quantity of seeds 001 and 003 is one row (``quote`` as printed, ``locations`` where); the rule tables
themselves (``src/jkncost/jkn/data/rules/``) are read by :mod:`jkncost.jkn.rules`.

Examples
--------
>>> sorted(set(read_published()["seed"]))
['001', '003']
"""

from __future__ import annotations

import pandas as pd

from jkncost.core import paths
from jkncost.tables import read_frame


def read_published(seed: str | None = None) -> pd.DataFrame:
    """``data/raw/jkn_rules/published.csv`` (``value`` as float), optionally only seed ``'001'`` or ``'003'``."""
    df = read_frame(paths.raw("jkn_rules", "published.csv"), label=paths.relative(paths.raw("jkn_rules", "published.csv")))
    df["value"] = df["value"].astype(float)
    if seed is not None:
        df = df[df["seed"] == seed].reset_index(drop=True)
    return df
