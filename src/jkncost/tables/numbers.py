"""Number columns of a table read by the file's convention, for readers that check cells themselves.

:func:`read_numbers` turns the cells of the named columns that are numbers into floats, by the
convention the file's unambiguous values (or its ``;`` separator) decide (:mod:`jkncost.money`), and
leaves every other cell as typed, so the caller's own checks still name it. A file whose numbers stay
ambiguous is refused once, with the rows and the way out.

Examples
--------
>>> import pandas as pd
>>> from jkncost.tables.reading import Table
>>> t = Table("cohort", "cohort.csv", pd.DataFrame({"cost": ["750.000", "1.250.000", "x"]}), separator=";")
>>> read_numbers(t, ["cost"]).frame["cost"].tolist()
[750000.0, 1250000.0, 'x']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from jkncost.errors import InputError
from jkncost.tables.checks import Column, Schema, check
from jkncost.tables.reading import Table


def read_numbers(table: Table, columns: Sequence[str], *, what: str = "amount") -> Table:
    """``table`` with the number cells of ``columns`` (those present) as floats.

    Raises
    ------
    InputError
        One problem for all the ambiguous cells of the file (``750.000`` with nothing to settle it).
    """
    present = [c for c in columns if c in table.frame.columns]
    if not present:
        return table
    schema = Schema(table.name, tuple(Column(c, "number", blank=True, what=what) for c in present))
    # each column settles itself (or the file's ';' does): amounts typed by hand beside exported floats such
    # as 5500000.0 must not be read by the floats' decimal point
    result = check(table, schema, file_convention=False)
    ambiguous = [p for p in result.problems if p.message.startswith(f"ambiguous {what}")]
    if ambiguous:
        raise InputError(ambiguous)
    frame = table.frame.copy()
    for c in present:
        values = result.frame[c].to_numpy()
        ok = ~np.isnan(values)
        column = np.array(frame[c].to_numpy(), dtype=object)
        column[ok] = values[ok]
        frame[c] = column
    return Table(table.name, table.label, frame, table.header, table.separator, table.source, table.columns_found)
