"""Published versus reproduced: one row per headline figure, with an honest status.

Every study notebook ends with this table and writes it as ``comparison.csv`` with the columns
``figure, published, reproduced, difference, status`` (plus ``unit``, ``source`` and ``note``).

Statuses
--------
``exact``
    Reproduced from the transcribed inputs through the package's code, equal to the published
    value within the tolerance (by default the published rounding, Rp 1).
``reproduced under stated assumptions``
    Reproduced, but only through inputs the source does not give (allocation bases, outputs,
    a synthetic cohort ...); the note names the assumption file.
``by construction``
    The figure was an input, a fitting target or a calibration target of the reproduction, so
    agreement tests nothing; the note says what it was fitted or calibrated to.
``not reproducible``
    The published value cannot be obtained from what is published; the note says why.

One row per distinct published quantity: ``locations`` lists every place the source prints it
(``"Tabel 4; abstract"``); disagreements between those places belong in the study's source audit.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass

import pandas as pd

from jkncost.compendium.schemas import check_comparison
from jkncost.compendium.statuses import (
    ASSUMED,
    BY_CONSTRUCTION,
    COLUMNS,
    EXACT,
    NOT_REPRODUCIBLE,
    STATUSES,
    count_key,
)

#: A note that says the agreement tests nothing: such a row must have status ``by construction``.
_SAYS_BY_CONSTRUCTION = re.compile(r"by construction|calibration target|fitting target|restatement check", re.I)


@dataclass
class Comparison:
    figure: str
    published: float
    reproduced: float | None
    status: str
    unit: str = "Rp"
    source: str = ""
    note: str = ""
    locations: str = ""

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if self.status == NOT_REPRODUCIBLE and not self.note:
            raise ValueError(f"{self.figure}: a 'not reproducible' figure needs a note saying why")
        if self.status == ASSUMED and not self.note:
            raise ValueError(f"{self.figure}: name the assumption behind this figure in the note")
        if self.status == BY_CONSTRUCTION and not self.note:
            raise ValueError(f"{self.figure}: say what this figure was an input or a fitting target of, in the note")

    @property
    def difference(self) -> float:
        if self.reproduced is None or self.published is None:
            return math.nan
        return float(self.reproduced) - float(self.published)


def classify(published: float, reproduced: float, *, tolerance: float = 1.0, assumed: bool = False,
             note: str = "") -> str:
    """``exact`` when within ``tolerance`` and no assumption was needed, else the weaker status.

    A figure that needed an assumption is never called exact, even when it matches.
    A figure outside the tolerance is ``not reproducible`` unless the caller explains otherwise.
    """
    if reproduced is None or (isinstance(reproduced, float) and math.isnan(reproduced)):
        return NOT_REPRODUCIBLE
    close = abs(float(reproduced) - float(published)) <= tolerance
    if close and not assumed:
        return EXACT
    if close and assumed:
        return ASSUMED
    return NOT_REPRODUCIBLE


def table(rows: list[Comparison]) -> pd.DataFrame:
    """The comparison table in the fixed column order, checked against its contract
    (:func:`jkncost.compendium.schemas.check_comparison`)."""
    records = []
    for r in rows:
        d = asdict(r)
        d["difference"] = r.difference
        records.append(d)
    df = pd.DataFrame.from_records(records, columns=COLUMNS)
    check_comparison(df)
    return df


def status_counts(df: pd.DataFrame) -> dict[str, int]:
    """How many figures have each status (every status present, zero when absent; the four counted apart).

    >>> t = table([Comparison("a", 1.0, 1.0, EXACT), Comparison("b", 2.0, 2.0, BY_CONSTRUCTION, note="an input")])
    >>> status_counts(t)
    {'exact': 1, 'reproduced under stated assumptions': 0, 'by construction': 1, 'not reproducible': 0}
    """
    counts = df["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def summary_counts(df: pd.DataFrame) -> dict[str, int]:
    """The counts as ``summary.json`` keys (:func:`jkncost.compendium.statuses.count_key`) plus ``n_figures``.

    >>> t = table([Comparison("a", 1.0, 1.0, EXACT)])
    >>> summary_counts(t)["n_exact"], summary_counts(t)["n_by_construction"], summary_counts(t)["n_figures"]
    (1, 0, 1)
    """
    out = {count_key(s): n for s, n in status_counts(df).items()}
    out["n_figures"] = int(len(df))
    return out


class AccountingError(AssertionError):
    """A comparison table that overstates what is reproduced: a defect of the study code."""


def accounting_problems(df: pd.DataFrame) -> list[str]:
    """What makes a comparison table dishonest, one line each (empty when it is sound).

    * two rows for the same quantity (``figure``): one row per distinct published quantity, with
      every place it is printed in ``locations``;
    * a row called ``exact`` or ``reproduced ...`` whose note says the agreement is by construction
      (a calibration or fitting target, a restatement): its status must be ``by construction``;
    * a status other than the four.

    >>> t = table([Comparison("UC3 VIP", 5.0, 5.0, ASSUMED, note="back-solved, agreement by construction"),
    ...            Comparison("UC3 VIP", 5.0, 5.0, EXACT)])
    >>> for p in accounting_problems(t):
    ...     print(p)
    row 1 (UC3 VIP): status 'reproduced under stated assumptions' but the note says the agreement is by construction
    figure 'UC3 VIP' has 2 rows: one row per distinct quantity (list every place it is printed in 'locations')
    """
    problems = []
    for i, r in enumerate(df.itertuples(index=False), start=1):
        note = "" if pd.isna(r.note) else str(r.note)
        if r.status not in STATUSES:
            problems.append(f"row {i} ({r.figure}): unknown status {r.status!r}")
        elif r.status in (EXACT, ASSUMED) and _SAYS_BY_CONSTRUCTION.search(note):
            problems.append(f"row {i} ({r.figure}): status {r.status!r} but the note says the agreement is "
                            f"by construction")
    dup = df["figure"].value_counts()
    for figure, n in dup[dup > 1].items():
        problems.append(f"figure {figure!r} has {n} rows: one row per distinct quantity (list every place it is "
                        f"printed in 'locations')")
    return problems


def check_accounting(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` unchanged if :func:`accounting_problems` finds nothing, else :class:`AccountingError` listing them."""
    problems = accounting_problems(df)
    if problems:
        raise AccountingError("comparison table: " + "; ".join(problems))
    return df
