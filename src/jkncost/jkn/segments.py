"""The participant segments of JKN (``jkn/data/rules/segments.csv``) and the penalty group of each.

A segment (PBI, PPU, PBPU, ...) decides which contribution rules apply and which late-payment penalty group a
member falls in. The table is read and checked here, with a message naming file, row and column for a bad row.

References
----------
Perpres 82/2018 (amended by Perpres 75/2019 and 64/2020), the participant segments. See
``src/jkncost/jkn/data/rules/README.md``.

Examples
--------
>>> get_segment("pbpu").penalty_group
'self'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from jkncost.core import paths
from jkncost.errors import InputError, Problem
from jkncost.jkn.rules import rules_dir
from jkncost.tables import read_frame

#: penalty groups of ``segments.csv``: wage earners (employer pays), self-paying members, and none
PENALTY_GROUPS = ("ppu", "self", "none")


@dataclass(frozen=True)
class Segment:
    """A participant segment (``jkn/data/rules/segments.csv``).

    Examples
    --------
    >>> get_segment("pbpu").penalty_group
    'self'
    """

    segment: str
    label_en: str
    label_id: str
    penalty_group: str
    description: str
    source: str



@functools.lru_cache(maxsize=None)
def _segments(folder: str) -> dict[str, Segment]:
    path = Path(folder) / "segments.csv"
    if not path.is_file():
        raise InputError(Problem(paths.relative(path), "segment table not found"))
    shown = paths.relative(path)
    df = read_frame(path, label=shown)  # the one reader: every cell text, attrs["rows"]
    missing = [c for c in Segment.__dataclass_fields__ if c not in df.columns]
    if missing:
        raise InputError(Problem(shown, f"missing column(s): {', '.join(missing)}"))
    problems: list[Problem] = []
    segments: dict[str, Segment] = {}
    rows: dict[str, int] = {}
    for i, rec in enumerate(df.to_dict("records")):
        row = df.attrs["rows"][i]
        rec = {k: str(rec[k]).strip() for k in Segment.__dataclass_fields__}
        for col in ("segment", "penalty_group", "source"):
            if not rec[col]:
                problems.append(Problem(shown, f"empty {col}", row=row, column=col))
        if rec["penalty_group"] and rec["penalty_group"] not in PENALTY_GROUPS:
            problems.append(Problem(shown, f"penalty_group must be one of {', '.join(PENALTY_GROUPS)}, got "
                                           f"{rec['penalty_group']!r}", row=row, column="penalty_group"))
        if rec["segment"] in rows:
            problems.append(Problem(shown, f"segment {rec['segment']!r} repeats row {rows[rec['segment']]}", row=row,
                                    column="segment"))
        rows.setdefault(rec["segment"], row)
        segments.setdefault(rec["segment"], Segment(**rec))
    if problems:
        raise InputError(problems)
    return segments


def load_segments(folder: str | Path | None = None) -> dict[str, Segment]:
    """The participant segments by identifier (``jkn/data/rules/segments.csv``).

    Parameters
    ----------
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    dict of str to Segment
        The segments.

    Examples
    --------
    >>> list(load_segments())[:2]
    ['pbi', 'pemda']
    """
    return _segments(str(Path(folder) if folder else rules_dir()))


def get_segment(name: str, folder: str | Path | None = None) -> Segment:
    """The segment called ``name``; an :class:`InputError` listing the known ones otherwise.

    Parameters
    ----------
    name : str
        The segment's identifier.
    folder : path, optional
        A folder of rule tables instead of the bundled ``jkn/data/rules``.

    Returns
    -------
    Segment
        The segment.

    Raises
    ------
    InputError
        For an unknown segment.

    Examples
    --------
    >>> get_segment("pbpu").label_id
    'Pekerja Bukan Penerima Upah (PBPU) dan Bukan Pekerja (BP) / peserta mandiri'
    """
    segments = load_segments(folder)
    if name not in segments:
        raise InputError(Problem("--segment", f"unknown segment {name!r}; known segments: "
                                              f"{', '.join(sorted(segments))}"))
    return segments[name]
