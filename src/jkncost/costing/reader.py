"""The one read path of a hospital folder: read the tables, check them, build the :class:`Hospital`.

A hospital folder (format ``docs/hospital-folder.md``: CSV files of a folder or sheets of one ``.xlsx``
workbook) goes one way, each step in its own module and none calling back:

1. **read** the tables and check each against its schema, cell by cell (:mod:`jkncost.costing.folder`:
   :func:`~jkncost.costing.folder.read_folder`, :func:`~jkncost.costing.folder.check_tables`);
2. **check** the tables against each other with set operations (:mod:`jkncost.costing.validation`);
3. **build** the :class:`~jkncost.costing.hospital.Hospital` and ask the engine whether the method can close
   every sender (:meth:`~jkncost.costing.hospital.Hospital.method_problems`), only for a folder with no
   other problem.

Every step is linear in the number of rows. :func:`validate_hospital` returns every problem;
:func:`read_hospital` raises :class:`~jkncost.errors.InputError` carrying them. Both are importable from
:mod:`jkncost.costing`.

Examples
--------
>>> from jkncost.core import paths
>>> h = read_hospital(paths.raw("example_hospital"))
>>> h.support_centers[:2]
['Kantor', 'Instalasi Gizi']
>>> round(h.total_cost())
5377000000
>>> hospital, problems = validate(paths.raw("example_hospital"), "reciprocal")
>>> problems, len(hospital.names)
([], 11)
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from jkncost.costing.allocation import METHODS
from jkncost.costing.folder import SCHEMAS, Folder, check_tables, read_folder
from jkncost.costing.hospital import Hospital
from jkncost.costing.validation import (
    ASSET_COLUMNS,
    BASIS_COLUMNS,
    CENTER_COLUMNS,
    COST_COLUMNS,
    DEFAULT_TARIFF_SET,
    REVENUE_COLUMNS,
    TARIFF_COLUMNS,
    check_across,
    check_centers,
    centers_frame,
    expand_references,
)
from jkncost.errors import InputError, Problem
from jkncost.labels import Text
from jkncost.tables.checks import Checked, formula_problems


def validate(path: str | os.PathLike[str], method: str = "double") -> tuple[Hospital | None, list[Problem]]:
    """The hospital of a folder or workbook and every problem (the hospital only when there is none).

    Parameters
    ----------
    path : path-like
        A hospital folder of CSV files, or one ``.xlsx`` workbook with sheets of the same names
        (``docs/hospital-folder.md``).
    method : {'direct', 'stepdown', 'double', 'reciprocal'}, default 'double'
        The allocation method the hospital will be costed with: the engine checks that it can close every
        support center (a support center with no eligible receiver is a problem).

    Returns
    -------
    hospital : Hospital or None
        The hospital, built only when there is no problem.
    problems : list of Problem
        Every problem found, each naming file, row and column; empty when the folder is valid.

    Raises
    ------
    ValueError
        An unknown ``method``.

    Notes
    -----
    Three steps, none calling back (this module's docstring): each table against its schema, the tables
    against each other, then the hospital and the method's check. Each step is linear in the rows.

    References
    ----------
    .. [1] The hospital folder, format 3: ``docs/hospital-folder.md`` of this repository.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> hospital, problems = validate(paths.raw("example_hospital"), "stepdown")
    >>> problems, hospital.name
    ([], 'example_hospital')
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    # 1. read the tables, each checked against its schema
    folder, problems = read_folder(Path(path))
    checked = check_tables(folder)
    for name in SCHEMAS:
        if name in checked:
            problems.extend(checked[name].problems)
            problems.extend(formula_problems(checked[name], SCHEMAS[name]))  # text a spreadsheet would run
    cc = checked.get("cost_centers")
    if cc is None:
        return None, problems
    if not problems and all(len(t.frame) == 0 for t in checked.values()):
        return None, [_only_headers(folder)]
    # 2. check them against each other
    centers = centers_frame(cc)
    problems.extend(check_centers(cc, centers))
    # with another table unreadable or short of a column, the rows of cost_centers are still checked, so one
    # run of `validate` reports as much as it can; the checks across tables need every table's structure
    structural = any(name in folder.tables and name not in checked for name in SCHEMAS) or "costs" not in checked
    if structural:
        return None, problems
    problems.extend(check_across(checked, centers, folder.where))
    if problems:
        return None, problems
    # 3. build the hospital; the engine says whether the method can close every sender
    hospital = _hospital(folder, checked, centers)
    return _method_checked(hospital, method, centers, cc.label)


def validate_hospital(path: str | os.PathLike[str], method: str = "double") -> list[Problem]:
    """Every problem in a hospital folder or workbook (empty list when it is valid).

    Parameters
    ----------
    path : path-like
        A hospital folder of CSV files, or one ``.xlsx`` workbook (``docs/hospital-folder.md``).
    method : {'direct', 'stepdown', 'double', 'reciprocal'}, default 'double'
        The allocation method the hospital will be costed with (see :func:`validate`).

    Returns
    -------
    list of Problem
        Every problem, each naming file, row and column; empty when the folder is valid.

    See Also
    --------
    validate : The same check, with the hospital when there is no problem.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> validate_hospital(paths.raw("example_hospital"))
    []
    """
    return validate(path, method)[1]


def read_hospital(path: str | os.PathLike[str], method: str = "double") -> Hospital:
    """Read and validate a hospital folder (CSV files) or workbook (``.xlsx``).

    Parameters
    ----------
    path : path-like
        A folder holding ``cost_centers.csv``, ``costs.csv``, ``allocation_bases.csv`` (and optionally
        ``assets.csv``, ``tariffs.csv``), or an ``.xlsx`` workbook with sheets of those names.
    method : str
        The allocation method the data will be used with; it decides which receivers are eligible
        (``direct`` and ``double`` need a production receiver for each support center).

    Returns
    -------
    Hospital
        The cost centers, costs, allocation bases (and assets, tariffs, revenue when given) ready for
        :func:`~jkncost.costing.unitcost.unit_cost`.

    Raises
    ------
    InputError
        With every problem found, each naming file, row and column.
    FileNotFoundError
        When ``path`` does not exist.

    See Also
    --------
    validate : Every problem as a list, without raising.

    Notes
    -----
    The one read path of a hospital folder (this module's docstring): read, check, build.

    References
    ----------
    .. [1] The hospital folder, format 3: ``docs/hospital-folder.md`` of this repository.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> len(h.names), round(h.total_cost())
    (11, 5377000000)
    """
    hospital, problems = validate(path, method)
    if problems:
        raise InputError(problems)
    return hospital


def _only_headers(folder: Folder) -> Problem:
    """A folder whose tables hold headers and no rows (what ``jkncost template`` writes): say what to do."""
    where = folder.where("cost_centers")
    if folder.path.is_dir():
        books = sorted(f.name for f in folder.path.iterdir() if f.suffix.lower() == ".xlsx")
        example = (f" or pass a filled workbook instead of the folder (jkncost validate "
                   f"{folder.path.name}/{books[0]})" if books else "")
        return Problem(where, f"every table holds only its header (as jkncost template writes them): fill the CSV "
                              f"files with this hospital's rows{example}")
    return Problem(where, "every sheet holds only its header: fill the sheets with this hospital's rows")


def _hospital(folder: Folder, checked: dict[str, Checked], centers: pd.DataFrame) -> Hospital:
    costs = checked["costs"].frame[COST_COLUMNS].reset_index(drop=True)
    if "allocation_bases" in checked:
        tables = checked["basis_weights"].frame if "basis_weights" in checked else None
        kind = dict(zip(centers["center"], centers["kind"]))
        bases = expand_references(checked["allocation_bases"].frame[BASIS_COLUMNS].reset_index(drop=True), tables,
                                  kind)
    else:
        bases = pd.DataFrame({c: pd.Series(dtype=float if c == "weight" else object) for c in BASIS_COLUMNS})
    assets = None
    if "assets" in checked and len(checked["assets"].frame):  # a header-only register (the template) is none
        assets = checked["assets"].frame[ASSET_COLUMNS].reset_index(drop=True)
    tariffs = None
    if "tariffs" in checked and len(checked["tariffs"].frame):
        tariffs = checked["tariffs"].frame[TARIFF_COLUMNS].reset_index(drop=True)
        tariffs["tariff_set"] = tariffs["tariff_set"].where(tariffs["tariff_set"] != "", DEFAULT_TARIFF_SET)
    revenue = None
    if "revenue" in checked and len(checked["revenue"].frame):
        revenue = checked["revenue"].frame[REVENUE_COLUMNS].reset_index(drop=True)
    # text columns keep the type pandas gives text (str in pandas 3), as every frame built from a file does
    table = centers[CENTER_COLUMNS].reset_index(drop=True)
    hospital = Hospital(name=folder.name, centers=table, costs=costs, bases=bases, assets=assets,
                        source=str(folder.path), tariffs=tariffs, revenue=revenue)
    no_output = table[(table["kind"] == "production") & table["output"].isna()]["center"].tolist()
    if no_output:
        hospital.notes.append(Text("costing.note.no_output", centers=", ".join(no_output)))
    if assets is not None and (costs["category"] == "FC").any():
        hospital.notes.append(Text("costing.note.fc_from_assets"))
    classes = set(costs.loc[costs["amount"] > 0, "category"]) | ({"FC"} if assets is not None else set())
    if "SVC" not in classes and {"FC", "VC"} <= classes:  # a study with biaya tetap and biaya variabel only
        hospital.notes.append(Text("costing.note.two_classes"))
    return hospital


def _method_checked(hospital: Hospital, method: str, centers: pd.DataFrame,
                    label: str) -> tuple[Hospital | None, list[Problem]]:
    """The engine's word on whether ``method`` can close every sender, as problems on cost_centers rows."""
    row_of = dict(zip(centers["center"], centers["_row"]))
    found = hospital.method_problems(method)
    if not found:
        return hospital, []
    return None, [Problem(label, message, row=None if row_of.get(center) is None else int(row_of[center]),
                          column="center") for center, message in found]
