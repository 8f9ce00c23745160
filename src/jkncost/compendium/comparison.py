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
from dataclasses import asdict, dataclass

import pandas as pd

EXACT = "exact"
ASSUMED = "reproduced under stated assumptions"
BY_CONSTRUCTION = "by construction"
NOT_REPRODUCIBLE = "not reproducible"
STATUSES = (EXACT, ASSUMED, BY_CONSTRUCTION, NOT_REPRODUCIBLE)
COLUMNS = ["figure", "published", "reproduced", "difference", "status", "unit", "source", "note", "locations"]


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
    from jkncost.compendium.schemas import check_comparison

    records = []
    for r in rows:
        d = asdict(r)
        d["difference"] = r.difference
        records.append(d)
    df = pd.DataFrame.from_records(records, columns=COLUMNS)
    check_comparison(df)
    return df


def status_counts(df: pd.DataFrame) -> dict[str, int]:
    """How many figures have each status (every status present, zero when absent)."""
    counts = df["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}
