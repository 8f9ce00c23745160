"""The caesarean study's transcriptions read as tables: ``data/raw/caesarean/published.csv`` and ``assumptions.csv``.

Seed 000 (sectio caesarea O34.2, 89 BPJS patients) publishes only an abstract: its aggregates are in
``published.csv`` (compared against only), the starting values of the synthetic cohort the abstract does not
give in ``assumptions.csv`` (a rationale each).

Examples
--------
>>> published_value(read_published(), "n_patients")
89.0
"""

from __future__ import annotations

import os

import pandas as pd

from jkncost.core import paths
from jkncost.errors import InputError, Problem
from jkncost.tables import infer_numbers, read_frame


def read_published(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The published figures (``data/raw/caesarean/published.csv``), ``value`` as float."""
    full = paths.resolve(path) if path else paths.raw("caesarean", "published.csv")
    df = read_frame(full, label=paths.relative(full))
    need = {"figure_id", "figure", "value", "unit", "decimals", "significant", "source"}
    if need - set(df.columns):
        raise InputError(Problem(paths.relative(full), f"missing column(s): {', '.join(sorted(need - set(df.columns)))}",
                                 row=1))
    df["value"] = df["value"].astype(float)
    df["decimals"] = df["decimals"].astype(int)
    return df


def published_value(published: pd.DataFrame, figure_id: str) -> float:
    hit = published.loc[published["figure_id"] == figure_id, "value"]
    if hit.empty:
        raise KeyError(f"published.csv has no figure {figure_id!r}")
    return float(hit.iloc[0])


def read_assumptions(path=None) -> dict[str, float]:
    """``parameter -> value`` from ``data/raw/caesarean/assumptions.csv`` (every row has a rationale)."""
    full = paths.resolve(path) if path else paths.raw("caesarean", "assumptions.csv")
    df = infer_numbers(read_frame(full, label=paths.relative(full)))
    missing = df["rationale"].isna() | (df["rationale"].astype(str).str.strip() == "")
    if missing.any():
        raise ValueError(f"{paths.relative(full)}: parameter(s) without rationale: "
                         f"{', '.join(df.loc[missing, 'parameter'])}")
    return dict(zip(df["parameter"], df["value"].astype(float)))
