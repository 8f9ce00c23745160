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


def read_published(seed: str | None = None) -> pd.DataFrame:
    """``data/raw/jkn_rules/published.csv`` (``value`` as float), optionally only seed ``'001'`` or ``'003'``."""
    df = pd.read_csv(paths.raw("jkn_rules", "published.csv"), dtype=str, keep_default_na=False)
    df["value"] = df["value"].astype(float)
    if seed is not None:
        df = df[df["seed"] == seed].reset_index(drop=True)
    return df
