"""The four statuses of a published figure and the columns of ``comparison.csv``: the contract that
:mod:`jkncost.core.comparison` builds and :mod:`jkncost.core.schemas` checks (both import
it, neither imports the other's internals, so there is no import cycle).

``exact``
    Reproduced from the transcribed inputs through the package's code, equal to the published value
    within the tolerance (by default the published rounding).
``reproduced under stated assumptions``
    Reproduced, but only through inputs the source does not give (allocation bases, outputs ...); the
    note names the assumption.
``by construction``
    The figure was an input, a fitting target or a calibration target of the reproduction, so
    agreement tests nothing; the note says what it was an input or a target of.
``not reproducible``
    The published value cannot be obtained from what is published; the note says why.
"""

from __future__ import annotations

EXACT = "exact"
ASSUMED = "reproduced under stated assumptions"
BY_CONSTRUCTION = "by construction"
NOT_REPRODUCIBLE = "not reproducible"
STATUSES = (EXACT, ASSUMED, BY_CONSTRUCTION, NOT_REPRODUCIBLE)
COLUMNS = ["figure", "published", "reproduced", "difference", "status", "unit", "source", "note", "locations"]


def count_key(status: str) -> str:
    """The ``summary.json`` key of a status count: ``n_exact``, ``n_by_construction`` ...

    >>> [count_key(s) for s in STATUSES]
    ['n_exact', 'n_reproduced_under_stated_assumptions', 'n_by_construction', 'n_not_reproducible']
    """
    return "n_" + status.replace(" ", "_").replace("/", "_")
