"""Reading and validating a patient cohort (one row per patient).

A *cohort* is one row per patient (one caesarean-section stay in the seed-000 study): care class,
secondary diagnosis yes/no, length of stay, age, the cost of care by component (room, procedure,
drugs, supplies, tests, other), the hospital tariff charged, the INA-CBG tariff paid and the
INA-CBG code. The columns are documented in ``data/raw/caesarean/cohort_columns.csv`` and a
template is ``data/raw/caesarean/cohort_template.csv``; :func:`read_cohort` reads a file with the one reader
(:func:`jkncost.tables.read_table`) and checks it with the cohort's schema (:func:`cohort_schema`, applied by
:func:`jkncost.tables.check`, as hospital tables are), naming the row (header = row 1) and column of every
problem.
"""

from __future__ import annotations

import math
import os

import numpy as np
import pandas as pd

from jkncost.core import paths
from jkncost.errors import InputError, Problem
from jkncost.jkn.inacbg import InacbgCodeError
from jkncost.jkn.inacbg import parse as parse_inacbg
from jkncost.tables import LINE_INDEX, Column, Schema, Table, check, normalize_word, read_table
from jkncost.tables.checks import show
from jkncost.tables.reading import by_distinct, header_row, row_numbers

COMPONENTS = ("cost_room", "cost_procedure", "cost_drugs", "cost_supplies", "cost_tests", "cost_other")
REQUIRED = ("care_class", "secondary_diagnosis", "length_of_stay", "age", "hospital_tariff", "inacbg_tariff")
CLASSES = (1, 2, 3)
AGE_RANGE = (12.0, 60.0)

_YES = ("yes", "ya", "y", "1", "true", "ada", "t")
_NO = ("no", "tidak", "n", "0", "false", "tidak ada", "f", "tdk")
#: secondary_diagnosis: the words a person types for yes and no (``1.0``: a spreadsheet's number as text)
YES_NO = {normalize_word(w) + end: value for words, value in ((_YES, True), (_NO, False)) for w in words
          for end in ("", ".0")}
#: care_class: ``1``, ``I``, ``Kelas III``, ``class 3``, ``kls. 2``, ``03``, ``3.0`` (case, spaces, ``_`` and ``-`` aside)
CARE_CLASSES = {f"{prefix}{token}": number
                for prefix in ("", "kelas", "class", "kls", "kelas.", "class.", "kls.")
                for number, roman in zip(CLASSES, ("i", "ii", "iii"))
                for token in (roman, *(f"{zeros}{number}{end}" for zeros in ("", "0", "00") for end in ("", ".0")))}

_COHORT_COLUMNS = "(see data/raw/caesarean/cohort_columns.csv)"
_COST = {"missing": "missing cost ({name}; write 0 when nothing was spent)", "invalid": "not an amount: {value}",
         "range": "negative cost {number:,.0f} (a cost cannot be below zero)"}


def _tariff(what: str) -> dict[str, str]:
    return {"missing": f"missing {what}", "invalid": "not an amount: {value}",
            "range": f"{what} {{number:,.0f}} must be above zero"}


def cohort_schema(columns) -> Schema:
    """The schema of a cohort whose header has ``columns``: the cost components present, and ``cost_total``
    required (not blank) only without them; the messages are the cohort's own (see :func:`validate_cohort`)."""
    components = [c for c in COMPONENTS if c in columns]
    return Schema("cohort", (
        Column("patient_id", required=False, unique=True, what="patient_id",
               messages={"duplicate": "duplicate patient_id {value} (also row {first})"}),
        Column("care_class", "word", words=CARE_CLASSES, what="care class",
               messages={"missing": "missing care class",
                         "unknown": "unknown care class {value}; expected 1, 2 or 3 (or I, II, III)"}),
        Column("secondary_diagnosis", "word", words=YES_NO, what="secondary diagnosis",
               messages={"missing": "missing secondary diagnosis (yes/no)",
                         "unknown": "{value} is not yes/no (yes, no, ya, tidak, 1, 0, true, false)"}),
        Column("length_of_stay", "number", minimum=1, integer=True, what="length of stay",
               messages={"missing": "missing length of stay", "invalid": "not a number: {value}",
                         "range": "length of stay {number:g} must be a whole number of days >= 1"}),
        Column("age", "number", minimum=AGE_RANGE[0], maximum=AGE_RANGE[1], what="age",
               messages={"missing": "missing age", "invalid": "not a number: {value}",
                         "range": f"age {{number:g}} is outside {AGE_RANGE[0]:g}-{AGE_RANGE[1]:g} years for a "
                                  f"caesarean section"}),
        *(Column(c, "number", minimum=0, what="amount", messages=_COST) for c in components),
        Column("cost_total", "number", required=False, blank=bool(components), minimum=0, what="amount",
               messages={**_COST, "missing": "missing total cost"}),
        Column("hospital_tariff", "number", minimum=0, above=True, what="amount", messages=_tariff("hospital tariff")),
        Column("inacbg_tariff", "number", minimum=0, above=True, what="amount", messages=_tariff("INA-CBG tariff")),
    ))


def _header_problems(table: Table) -> list[Problem]:
    columns = list(table.frame.columns)
    missing = [c for c in REQUIRED if c not in columns]
    components = [c for c in COMPONENTS if c in columns]
    extra_costs = sorted(c for c in columns if c.startswith("cost_") and c not in COMPONENTS and c != "cost_total")
    problems = []
    if missing:
        problems.append(Problem(table.label, f"missing column(s): {', '.join(missing)} {_COHORT_COLUMNS}",
                                row=table.header))
    if not components and "cost_total" not in columns:
        problems.append(Problem(table.label, f"no cost column: give cost_total or components ({', '.join(COMPONENTS)})",
                                row=table.header))
    if extra_costs:
        problems.append(Problem(table.label, f"unknown cost column(s) {', '.join(extra_costs)}; components are "
                                             f"{', '.join(COMPONENTS)} (or cost_total)", row=table.header))
    return problems


def check_cohort(table: Table) -> pd.DataFrame:
    """Check a cohort :class:`~jkncost.tables.Table` against :func:`cohort_schema` and return it typed
    (see :func:`validate_cohort`, which takes a frame)."""
    problems = _header_problems(table)
    if problems:
        raise InputError(problems)
    if table.frame.empty:
        raise InputError(Problem(table.label, "the cohort has no patients", row=None))
    frame = table.frame
    rows = frame.index.to_numpy()
    given = frame["patient_id"] if "patient_id" in frame.columns else pd.Series("", index=frame.index)
    given = pd.Series(by_distinct(given, lambda v: v.strip() if isinstance(v, str) else show(v).strip("'"),
                                  missing=""), index=frame.index)
    # a patient without an id is named by its row (row 2 is patient 1); the id given is what an auditor looks up
    ids = given.where(given != "", pd.Series(rows - 1, index=frame.index).astype(str))
    frame = frame.assign(patient_id=ids)
    components = [c for c in COMPONENTS if c in frame.columns]
    schema = cohort_schema(frame.columns)
    # each column settles its own numbers (or the file's ';' does): amounts typed by hand beside exported floats
    checked = check(Table(table.name, table.label, frame, table.header, table.separator, table.source,
                          table.columns_found, table.text_only), schema, file_convention=False)
    ambiguous = [p for p in checked.problems if p.message.startswith("ambiguous ")]
    if ambiguous:  # one problem for the file, alone: no number of it can be trusted before it is settled
        raise InputError(ambiguous)
    out = checked.frame
    order = {c.name: i for i, c in enumerate(schema.columns)}
    ranked = [(order.get(p.column, len(order)), p) for p in checked.problems]

    def add(rank: float, mask: np.ndarray, column: str, message) -> None:
        for i in np.flatnonzero(mask):
            ranked.append((rank, Problem(table.label, message(i), row=int(rows[i]), column=column)))

    # the total: the sum of the components, or the total given; both given: they must agree (to the rupiah)
    parts_ok = ~np.logical_or.reduce([checked.bad_cells(c) for c in components]) if components else None
    total = out[components].to_numpy(float).sum(axis=1) if components else out["cost_total"].to_numpy(float)
    if components:
        total = np.where(parts_ok, total, np.nan)
    if components and "cost_total" in frame.columns:
        given_total = out["cost_total"].to_numpy(float)
        differs = (~np.isnan(given_total) & ~checked.bad_cells("cost_total") & ~np.isnan(total)
                   & (np.abs(given_total - np.nan_to_num(total)) > 1))
        add(order["cost_total"] + 0.1, differs, "cost_total",
            lambda i: f"total cost {given_total[i]:,.0f} differs from the sum of the components {total[i]:,.0f}")
    if not components:
        total = np.where(checked.bad_cells("cost_total"), np.nan, total)
    zero = ~np.isnan(total) & (total <= 0)
    add(order["cost_total"] + 0.2, zero, components[0] if components else "cost_total",
        lambda i: "total cost of care is zero")

    codes = frame["inacbg_code"] if "inacbg_code" in frame.columns else pd.Series("", index=frame.index)
    parsed = by_distinct(codes, _parse_code, missing=("", -1, None))
    errors = np.array([p[2] is not None for p in parsed], dtype=bool)
    add(len(order), errors, "inacbg_code", lambda i: parsed[i][2])

    if ranked:
        who = {int(r): f" (patient {pid})" for r, pid in zip(rows, given) if pid}
        ranked.sort(key=lambda rp: (math.inf if rp[1].row is None else rp[1].row, rp[0]))  # row by row, as read
        raise InputError([Problem(p.file, p.message + who.get(p.row, ""), row=p.row, column=p.column)
                          for _, p in ranked])
    result = pd.DataFrame({"patient_id": ids.to_numpy(dtype=object)})
    result["care_class"] = out["care_class"].to_numpy().astype(int)
    result["secondary_diagnosis"] = out["secondary_diagnosis"].to_numpy().astype(bool)
    result["length_of_stay"] = out["length_of_stay"].to_numpy().astype(int)
    for c in ("age", "hospital_tariff", "inacbg_tariff", *components):
        result[c] = out[c].to_numpy(dtype=float)
    result["cost_total"] = total.astype(float)
    result["inacbg_code"] = [p[0] for p in parsed]
    result["severity"] = np.array([p[1] for p in parsed], dtype=np.int64)
    return result


def _parse_code(value: object) -> tuple[str, int, str | None]:
    """(canonical code, severity level, None), or ("", -1, the reason) for a code that does not parse."""
    text = value if isinstance(value, str) else show(value)
    if not text.strip():
        return "", -1, None
    try:
        code = parse_inacbg(text)
    except InacbgCodeError as exc:
        return "", -1, str(exc)
    return code.code, code.severity_level, None


def validate_cohort(df: pd.DataFrame, file: str = "<cohort>") -> pd.DataFrame:
    """Check a raw cohort table and return it typed and normalized.

    Every problem is collected (row as a person counts it, header = row 1) and raised together as
    :class:`~jkncost.errors.InputError`, row by row; a problem of a patient whose ``patient_id`` is given ends
    with it (``(patient P2)``). The cells are checked by the cohort's :class:`~jkncost.tables.Schema`
    (:func:`cohort_schema`) through :func:`jkncost.tables.check`, as every table a user gives is; the total
    cost and the INA-CBG code are checked across columns here. Amounts may be numbers or rupiah text
    (``Rp 6.000.000,-``; :mod:`jkncost.money`); care classes ``1``-``3``, ``I``-``III``, ``Kelas III``,
    ``class 3``; yes/no in English or Indonesian (``ya``, ``tidak``, ``ada``, ``tidak ada``, ``1``, ``0``).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per patient, the columns of ``data/raw/caesarean/cohort_columns.csv``; rows numbered by the
        reader (:data:`jkncost.tables.LINE_INDEX`) keep their numbers, others are rows 2, 3, ...
    file : str
        The name messages give the table.

    Returns
    -------
    pandas.DataFrame
        ``patient_id`` (str), ``care_class`` (1/2/3), ``secondary_diagnosis`` (bool),
        ``length_of_stay`` (int), ``age`` (float), the cost components present, ``cost_total``,
        ``hospital_tariff``, ``inacbg_tariff``, ``inacbg_code`` (canonical text or "") and
        ``severity`` (0-3, or -1 without a code).

    Examples
    --------
    >>> bad = pd.DataFrame({"care_class": ["VIP"], "secondary_diagnosis": ["no"],
    ...     "length_of_stay": [3], "age": [30], "cost_room": [-5], "hospital_tariff": [""],
    ...     "inacbg_tariff": [4000000]})
    >>> try:
    ...     validate_cohort(bad, "cohort.csv")
    ... except InputError as exc:
    ...     print("\\n".join(str(p) for p in exc.problems))
    cohort.csv:2: column 'care_class': unknown care class 'VIP'; expected 1, 2 or 3 (or I, II, III)
    cohort.csv:2: column 'cost_room': negative cost -5 (a cost cannot be below zero)
    cohort.csv:2: column 'hospital_tariff': missing hospital tariff
    """
    frame = df.set_axis([str(c).strip() for c in df.columns], axis=1)  # a copy: the caller's frame keeps its names
    frame.index = pd.Index(row_numbers(frame), name=LINE_INDEX)
    return check_cohort(Table("cohort", file, frame, header=header_row(df)))


def read_cohort(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read and validate a cohort CSV (see :func:`validate_cohort`); relative paths are from the repository root."""
    full = paths.resolve(path)
    name = paths.relative(full)
    if not full.is_file():
        raise InputError(Problem(name, "no such cohort file"))
    # any CSV (',' or ';', BOM, Windows-1252, title rows) or .xlsx; amounts read by the file's number convention
    table = read_table(full, required=REQUIRED, label=name)
    table.label = name
    return check_cohort(table)
