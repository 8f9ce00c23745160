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

from jkncost.core.schemas import check_comparison
from jkncost.core.statuses import (
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
    #: the out-of-sample test of the rule behind this figure, when there is one (:func:`held_out_status`):
    #: the prediction of the rule fitted without this figure, its status and what it was tested against
    held_out: float | None = None
    held_out_status: str = ""
    held_out_note: str = ""

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if self.status == NOT_REPRODUCIBLE and not self.note:
            raise ValueError(f"{self.figure}: a 'not reproducible' figure needs a note saying why")
        if self.status == ASSUMED and not self.note:
            raise ValueError(f"{self.figure}: name the assumption behind this figure in the note")
        if self.status == BY_CONSTRUCTION and not self.note:
            raise ValueError(f"{self.figure}: say what this figure was an input or a fitting target of, in the note")
        if self.held_out_status and self.held_out_status not in STATUSES:
            raise ValueError(f"{self.figure}: held_out_status must be one of {STATUSES}")

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


#: Columns added after :data:`COLUMNS` when a row carries an out-of-sample test (one row per quantity: the
#: held-out prediction is a column of the fitted figure's row, never a row of its own).
HELD_OUT_COLUMNS = ["held_out", "held_out_status", "held_out_note"]


def table(rows: list[Comparison]) -> pd.DataFrame:
    """The comparison table in the fixed column order (plus :data:`HELD_OUT_COLUMNS` when a row has an
    out-of-sample test), checked against its contract (:func:`jkncost.core.schemas.check_comparison`)."""
    records = []
    for r in rows:
        d = asdict(r)
        d["difference"] = r.difference
        records.append(d)
    held = any(r.held_out_status for r in rows)
    df = pd.DataFrame.from_records(records, columns=COLUMNS + (HELD_OUT_COLUMNS if held else []))
    check_comparison(df)
    return df


def held_out_status(within: bool, alternatives: dict[str, bool] | None = None, *,
                    no_basis: str = "") -> tuple[str, str]:
    """Status and note of one out-of-sample prediction (a rule fitted without the figure, predicting it).

    Parameters
    ----------
    within : bool
        The prediction equals the published figure within its rounding.
    alternatives : dict, optional
        Other rules of the same form a reader could have fitted (``"nearest Rp 10,000"``, ``"x 1.3"``)
        -> whether each also predicts the figure. The test could have failed only if they miss.
    no_basis : str
        Set when the project finds the formula has no basis (the reason): such a rule is never reproduced.

    Returns
    -------
    (str, str)
        ``not reproducible`` when the prediction misses or the formula has no basis; ``by construction``
        when an alternative predicts the figure as well (the test cannot tell the rules apart, so the hit
        tests nothing); else ``reproduced under stated assumptions`` (the form of the rule is assumed),
        the note naming the alternatives it beats.

    Examples
    --------
    >>> held_out_status(True, {"nearest Rp 1,000": False, "nearest Rp 10,000": True})[0]
    'by construction'
    >>> held_out_status(True, {"x 1.3": False, "x 1.5": False})
    ('reproduced under stated assumptions', 'out of sample; beats x 1.3, x 1.5 (they miss)')
    >>> held_out_status(True, no_basis="UC-3 does not change with occupancy")[0]
    'not reproducible'
    """
    alternatives = alternatives or {}
    if no_basis:
        return NOT_REPRODUCIBLE, f"the formula has no basis ({no_basis}): matching it reproduces no method"
    if not within:
        return NOT_REPRODUCIBLE, "out of sample: the rule fitted without this figure misses it"
    also = [k for k, hit in alternatives.items() if hit]
    if also:
        return BY_CONSTRUCTION, (f"out of sample, but {', '.join(also)} predicts it as well: the held-out test "
                                 "cannot tell the rules apart, so agreement tests nothing")
    beaten = ", ".join(alternatives)
    return ASSUMED, "out of sample" + (f"; beats {beaten} (they miss)" if beaten else
                                       "; the prediction could have missed (no other rule of this form fits)")


def status_counts(df: pd.DataFrame) -> dict[str, int]:
    """How many figures have each status (every status present, zero when absent; the four counted apart).

    >>> t = table([Comparison("a", 1.0, 1.0, EXACT), Comparison("b", 2.0, 2.0, BY_CONSTRUCTION, note="an input")])
    >>> status_counts(t)
    {'exact': 1, 'reproduced under stated assumptions': 0, 'by construction': 1, 'not reproducible': 0}
    """
    counts = df["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def summary_counts(df: pd.DataFrame) -> dict[str, int]:
    """The counts as ``summary.json`` keys (:func:`jkncost.core.statuses.count_key`) plus ``n_figures``.

    >>> t = table([Comparison("a", 1.0, 1.0, EXACT)])
    >>> summary_counts(t)["n_exact"], summary_counts(t)["n_by_construction"], summary_counts(t)["n_figures"]
    (1, 0, 1)
    """
    out = {count_key(s): n for s, n in status_counts(df).items()}
    out["n_figures"] = int(len(df))
    return out


#: Outcomes of a check of a source against itself (totals, shares, cross-references), counted apart from results.
CONSISTENT, DISCREPANCY = "consistent", "discrepancy"


def check_outcomes(checks: pd.DataFrame) -> pd.Series:
    """``consistent`` / ``discrepancy`` per check of a source audit: its ``outcome`` or ``status`` column, else
    its boolean ``discrepancy``; other statuses (``derived``: a figure implied, not checked) are dropped.

    >>> check_outcomes(pd.DataFrame({"discrepancy": [True, False, False]})).value_counts().to_dict()
    {'consistent': 2, 'discrepancy': 1}
    """
    if "outcome" in checks.columns:
        out = checks["outcome"].astype(str)
    elif "status" in checks.columns:
        out = checks["status"].astype(str)
    else:
        flag = checks["discrepancy"].map(lambda v: str(v).strip().lower() in ("true", "1"))
        out = flag.map({True: DISCREPANCY, False: CONSISTENT})
    return out[out.isin([CONSISTENT, DISCREPANCY])]


def counts(comparison: pd.DataFrame, checks: pd.DataFrame | None = None) -> dict[str, int]:
    """Results and source checks counted apart: ``n_results`` (one per distinct quantity) and one count per
    status, then, with ``checks``, ``n_source_checks``, ``n_consistent``, ``n_discrepancies``.

    >>> t = table([Comparison("a", 1.0, 1.0, EXACT)])
    >>> c = counts(t, pd.DataFrame({"discrepancy": [False, True, False]}))
    >>> c["n_results"], c["n_exact"], c["n_source_checks"], c["n_consistent"], c["n_discrepancies"]
    (1, 1, 3, 2, 1)
    """
    out = {count_key(s): n for s, n in status_counts(comparison).items()}
    out["n_results"] = int(len(comparison))
    if checks is None:
        return out
    outcomes = check_outcomes(checks) if len(checks) else pd.Series([], dtype=str)
    out["n_source_checks"] = int(len(outcomes))
    out["n_consistent"] = int((outcomes == CONSISTENT).sum())
    out["n_discrepancies"] = int((outcomes == DISCREPANCY).sum())
    return out


def counts_sentence(c: dict[str, int], lang: str = "en") -> str:
    """``N results: a exact, b reproduced under stated assumptions, c by construction, d not reproducible;
    M source checks: e consistent, f discrepancies`` in ``lang`` (numbers as the language writes them; the
    source checks only when ``c`` counts them).

    >>> counts_sentence({"n_results": 3, "n_exact": 1, "n_reproduced_under_stated_assumptions": 0,
    ...                  "n_by_construction": 2, "n_not_reproducible": 0, "n_source_checks": 5,
    ...                  "n_consistent": 4, "n_discrepancies": 1})
    '3 results: 1 exact, 0 reproduced under stated assumptions, 2 by construction, 0 not reproducible; 5 source checks: 4 consistent, 1 discrepancies'
    """
    from jkncost.display import number
    from jkncost.labels import label

    results = label("report.counts_results", lang, results=number(c["n_results"], lang),
                    exact=number(c["n_exact"], lang),
                    assumed=number(c["n_reproduced_under_stated_assumptions"], lang),
                    construction=number(c["n_by_construction"], lang),
                    unreproducible=number(c["n_not_reproducible"], lang))
    if "n_source_checks" not in c:
        return results
    return results + "; " + label("report.counts_checks", lang, checks=number(c["n_source_checks"], lang),
                                  consistent=number(c["n_consistent"], lang),
                                  discrepancies=number(c["n_discrepancies"], lang))


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
