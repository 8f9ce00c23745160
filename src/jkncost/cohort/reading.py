"""Reading and validating a patient cohort (one row per patient).

A *cohort* is one row per patient (one caesarean-section stay in the seed-000 study): care class,
secondary diagnosis yes/no, length of stay, age, the cost of care by component (room, procedure,
drugs, supplies, tests, other), the hospital tariff charged, the INA-CBG tariff paid and the
INA-CBG code. The columns are documented in ``data/raw/caesarean/cohort_columns.csv`` and a
template is ``data/raw/caesarean/cohort_template.csv``; :func:`read_cohort` validates a file and
names the row (header = row 1) and column of every problem.
"""

from __future__ import annotations

import math
import os
import re

import numpy as np
import pandas as pd

from jkncost.core import paths
from jkncost.core.io import header_row, row_numbers
from jkncost.errors import InputError, Problem
from jkncost.jkn.inacbg import InacbgCodeError
from jkncost.jkn.inacbg import parse as parse_inacbg
from jkncost.money import parse_rupiah

COMPONENTS = ("cost_room", "cost_procedure", "cost_drugs", "cost_supplies", "cost_tests", "cost_other")
REQUIRED = ("care_class", "secondary_diagnosis", "length_of_stay", "age", "hospital_tariff", "inacbg_tariff")
CLASSES = (1, 2, 3)
AGE_RANGE = (12.0, 60.0)

_YES = {"yes", "ya", "y", "1", "true", "ada", "t"}
_NO = {"no", "tidak", "n", "0", "false", "tidak ada", "f", "tdk"}
_ROMAN = {"I": 1, "II": 2, "III": 3}


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _care_class(value: object) -> int:
    text = str(value).strip()
    m = re.fullmatch(r"(?i:(?:kelas|class|kls)\.?\s*)?([0-9]+(?:\.0)?|[IVX]+)", text)
    if m:
        token = m.group(1).upper()
        number = _ROMAN.get(token) if token in _ROMAN else (int(float(token)) if token[0].isdigit() else None)
        if number in CLASSES:
            return number
    raise ValueError(f"unknown care class {text!r}; expected 1, 2 or 3 (or I, II, III)")


def _yes_no(value: object) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    text = str(value).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"{value!r} is not yes/no (yes, no, ya, tidak, 1, 0, true, false)")


def _number(value: object) -> float:
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if not math.isfinite(float(value)):
            raise ValueError(f"not a finite number: {value!r}")
        return float(value)
    text = str(value).strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"not a number: {value!r}") from None


def validate_cohort(df: pd.DataFrame, file: str = "<cohort>") -> pd.DataFrame:
    """Check a raw cohort table and return it typed and normalized.

    Every problem is collected (row as a person counts it, header = row 1) and raised together as
    :class:`~jkncost.errors.InputError`. Amounts may be numbers or rupiah text
    (:func:`jkncost.money.parse_rupiah`).

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
    header = header_row(df)
    columns = [str(c).strip() for c in df.columns]
    df = df.set_axis(columns, axis=1)  # a copy: the caller's frame keeps its column names
    missing = [c for c in REQUIRED if c not in columns]
    components = [c for c in COMPONENTS if c in columns]
    extra_costs = sorted(c for c in columns if c.startswith("cost_") and c not in COMPONENTS and c != "cost_total")
    problems: list[Problem] = []
    if missing:
        problems.append(Problem(file, f"missing column(s): {', '.join(missing)} "
                                      f"(see data/raw/caesarean/cohort_columns.csv)", row=header))
    if not components and "cost_total" not in columns:
        problems.append(Problem(file, f"no cost column: give cost_total or components ({', '.join(COMPONENTS)})",
                                row=header))
    if extra_costs:
        problems.append(Problem(file, f"unknown cost column(s) {', '.join(extra_costs)}; components are "
                                      f"{', '.join(COMPONENTS)} (or cost_total)", row=header))
    if problems:
        raise InputError(problems)
    if df.empty:
        raise InputError(Problem(file, "the cohort has no patients", row=None))

    out: dict[str, list] = {k: [] for k in ("patient_id", *REQUIRED, *components, "cost_total",
                                            "inacbg_code", "severity")}
    seen: dict[str, int] = {}
    for row, rec in zip(row_numbers(df), df.to_dict("records")):
        given_id = rec.get("patient_id", "")
        pid = str(row - 1) if _blank(given_id) else str(given_id).strip()
        who = "" if _blank(given_id) else f" (patient {pid})"  # the id an auditor looks up in the source data

        def problem(column: str, message: str) -> None:
            problems.append(Problem(file, message + who, row=row, column=column))

        if pid in seen:
            problem("patient_id", f"duplicate patient_id {pid!r} (also row {seen[pid]})")
        seen.setdefault(pid, row)
        out["patient_id"].append(pid)

        def field(column: str, convert, what: str):
            value = rec.get(column)
            if _blank(value):
                problem(column, f"missing {what}")
                return None
            try:
                return convert(value)
            except ValueError as exc:
                problem(column, str(exc))
                return None

        out["care_class"].append(field("care_class", _care_class, "care class"))
        out["secondary_diagnosis"].append(field("secondary_diagnosis", _yes_no, "secondary diagnosis (yes/no)"))
        los = field("length_of_stay", _number, "length of stay")
        if los is not None and (los < 1 or los != int(los)):
            problem("length_of_stay", f"length of stay {los:g} must be a whole number of days >= 1")
            los = None
        out["length_of_stay"].append(None if los is None else int(los))
        age = field("age", _number, "age")
        if age is not None and not AGE_RANGE[0] <= age <= AGE_RANGE[1]:
            problem("age", f"age {age:g} is outside {AGE_RANGE[0]:g}-{AGE_RANGE[1]:g} years for a caesarean section")
            age = None
        out["age"].append(age)

        total = 0.0
        for c in components:
            amount = field(c, parse_rupiah, f"cost ({c}; write 0 when nothing was spent)")
            if amount is not None and amount < 0:
                problem(c, f"negative cost {amount:,.0f} (a cost cannot be below zero)")
                amount = None
            out[c].append(amount)
            total = math.nan if amount is None else total + amount
        if "cost_total" in columns and not (components and _blank(rec.get("cost_total"))):
            given = field("cost_total", parse_rupiah, "total cost")
            if given is not None and given < 0:
                problem("cost_total", f"negative cost {given:,.0f} (a cost cannot be below zero)")
                given = None
            if given is not None and components and math.isfinite(total) and abs(given - total) > 1:
                problem("cost_total", f"total cost {given:,.0f} differs from the sum of the components "
                                      f"{total:,.0f}")
            total = total if components else (math.nan if given is None else given)
        if math.isfinite(total) and total <= 0:
            problem("cost_total" if not components else components[0], "total cost of care is zero")
        out["cost_total"].append(total)

        for c, what in (("hospital_tariff", "hospital tariff"), ("inacbg_tariff", "INA-CBG tariff")):
            amount = field(c, parse_rupiah, what)
            if amount is not None and amount <= 0:
                problem(c, f"{what} {amount:,.0f} must be above zero")
                amount = None
            out[c].append(amount)

        code = rec.get("inacbg_code")
        if _blank(code):
            out["inacbg_code"].append("")
            out["severity"].append(-1)
        else:
            try:
                parsed = parse_inacbg(str(code))
                out["inacbg_code"].append(parsed.code)
                out["severity"].append(parsed.severity_level)
            except InacbgCodeError as exc:
                problem("inacbg_code", str(exc))
                out["inacbg_code"].append("")
                out["severity"].append(-1)
    if problems:
        raise InputError(problems)
    result = pd.DataFrame(out)
    result["care_class"] = result["care_class"].astype(int)
    result["secondary_diagnosis"] = result["secondary_diagnosis"].astype(bool)
    result["length_of_stay"] = result["length_of_stay"].astype(int)
    for c in ("age", *components, "cost_total", "hospital_tariff", "inacbg_tariff"):
        result[c] = result[c].astype(float)
    return result


def read_cohort(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read and validate a cohort CSV (see :func:`validate_cohort`); relative paths are from the repository root."""
    full = paths.resolve(path)
    name = paths.relative(full)
    if not full.is_file():
        raise InputError(Problem(name, "no such cohort file"))
    from jkncost.tables import read_numbers, read_table

    # any CSV (',' or ';', BOM, Windows-1252, title rows) or .xlsx; amounts read by the file's number convention
    table = read_table(full, required=REQUIRED, label=name)
    table.label = name
    raw = read_numbers(table, [*COMPONENTS, "cost_total", "hospital_tariff", "inacbg_tariff"]).frame
    return validate_cohort(raw, name)
