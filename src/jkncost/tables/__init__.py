"""Every table a user gives the project, read as people make them and checked declaratively.

:mod:`jkncost.tables.reading` reads CSV files (``,``/``;``/tab, UTF-8 with or without BOM, Windows-1252)
and ``.xlsx`` sheets (names matched loosely by :mod:`jkncost.tables.names`, header found below title rows);
:mod:`jkncost.tables.checks` applies one declarative schema per table, vectorized, every problem naming file,
row and column.
Hospital folders (:mod:`jkncost.costing.folder`), patient cohorts (:func:`jkncost.cohort.read_cohort`)
and published-figure files use them.
"""

from jkncost.tables.checks import Checked, Column, Schema, check, normalize_word
from jkncost.tables.names import normalize_name
from jkncost.tables.reading import (
    LINE_INDEX,
    Table,
    read_csv_table,
    read_table,
    read_workbook,
    require_columns,
    row_numbers,
)
from jkncost.tables.frames import infer_numbers, read_frame, read_numbers

__all__ = ["Checked", "Column", "LINE_INDEX", "Schema", "Table", "check", "infer_numbers", "normalize_name",
           "normalize_word", "read_csv_table", "read_frame", "read_numbers", "read_table", "read_workbook",
           "require_columns", "row_numbers"]
