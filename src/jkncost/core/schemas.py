"""Contracts of the tables the compendium writes, checked with pandera.

Inputs are checked by :mod:`jkncost.costing.folder` (to name the file, row and column in
Indonesian-style text); outputs are checked here, as whole tables, before they are written, so a
defect in the engine or a study cannot leave a malformed ``unit_cost.csv`` or ``comparison.csv``:

- ``unit_cost.csv``: exactly the columns of the hospital-folder spec (format v2), one row per production
  center, TC1 >= TC2 >= TC3 >= 0, UC_k = TC_k / output (empty where output is empty), with a target
  BOR the normative columns, with tariffs ``tariff`` > 0 and CRR_k = 100 x tariff / UC_k;
- ``allocation.csv``: flows from a center to another, category FC/SVC/VC, component, amount >= 0;
- ``comparison.csv``: the published-vs-reproduced table with one of the four statuses.

The contracts are pandera schemas, built on first use (:func:`pandera_schema`; pandera and what it
imports cost about half a second at start, more than a whole small ``jkncost unitcost`` run).
``unit_cost.csv`` and ``allocation.csv`` are first checked by a vectorized numpy pass over the same rules
(:func:`_unit_cost_ok`, :func:`_flows_ok`; ~90,000 flow rows in milliseconds): a table that passes it
passes the schema, and a table that does not is handed to the schema, which names the column, the
rule and the first failing row. The schema stays the contract.

Examples
--------
>>> import pandas as pd
>>> bad = pd.DataFrame({"figure": ["UC3 VIP"], "published": [1.0], "reproduced": [1.0], "difference": [0.0],
...                     "status": ["close enough"], "unit": ["Rp"], "source": [""], "note": [""]})
>>> check_comparison(bad)
Traceback (most recent call last):
...
jkncost.core.schemas.SchemaError: comparison table: column 'status' fails isin(...) for 'close enough' (row 0)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from jkncost.core.statuses import COLUMNS as COMPARISON_COLUMNS
from jkncost.core.statuses import EXACT, STATUSES

UNIT_COST_COLUMNS = ["center", "output", "TC1", "TC2", "TC3", "UC1", "UC2", "UC3"]
NORMATIVE_COLUMNS = ["output_normative", "UC1_normative", "UC2_normative", "UC3_normative"]
CRR_COLUMNS = ["tariff", "CRR1", "CRR2", "CRR3"]
FLOW_COLUMNS = ["from", "to", "category", "component", "stage", "amount"]
_TOL = 1e-6  # relative, for float identities


class SchemaError(AssertionError):
    """A computed table breaks its contract: a defect of the code, not of the user's input."""


@lru_cache(maxsize=None)
def _schemas() -> dict:
    """The pandera schemas, built once, on first use (pandera is imported only here)."""
    import pandera.pandas as pa

    def _nonneg(nullable: bool = False) -> pa.Column:
        return pa.Column(float, pa.Check.ge(-_TOL), nullable=nullable, coerce=True)


    def _identity(level: int):
        def check(df: pd.DataFrame) -> pd.Series:
            # a production center whose output is not measured has TC but no unit cost (never a placeholder)
            no_output = df["output"].isna()
            expected = df[f"TC{level}"] / df["output"]
            ok = (df[f"UC{level}"] - expected).abs() <= _TOL * expected.abs().clip(lower=1.0)
            return ok.where(~no_output, df[f"UC{level}"].isna())
        return pa.Check(check, name=f"UC{level} = TC{level} / output")


    def _crr(level: int):
        def check(df: pd.DataFrame) -> pd.Series:
            if "tariff" not in df.columns:
                return pd.Series(True, index=df.index)
            expected = 100.0 * df["tariff"] / df[f"UC{level}"].where(df[f"UC{level}"] > 0)
            ok = (df[f"CRR{level}"] - expected).abs() <= _TOL * expected.abs().clip(lower=1.0)
            return ok.where(expected.notna(), df[f"CRR{level}"].isna())
        return pa.Check(check, name=f"CRR{level} = 100 x tariff / UC{level}")


    UNIT_COST = pa.DataFrameSchema(
        {
            "center": pa.Column(str, unique=True),
            "output": pa.Column(float, pa.Check.gt(0), nullable=True, coerce=True),
            **{c: _nonneg() for c in ("TC1", "TC2", "TC3")},
            **{c: _nonneg(nullable=True) for c in ("UC1", "UC2", "UC3")},
            **{c: _nonneg(nullable=True) for c in NORMATIVE_COLUMNS},
            "tariff": pa.Column(float, pa.Check.gt(0), nullable=True, coerce=True),
            **{c: _nonneg(nullable=True) for c in CRR_COLUMNS[1:]},
        },
        checks=[
            pa.Check(lambda d: d["TC1"] >= d["TC2"] - _TOL * d["TC1"].abs(), name="TC1 >= TC2"),
            pa.Check(lambda d: d["TC2"] >= d["TC3"] - _TOL * d["TC2"].abs(), name="TC2 >= TC3"),
            *(_identity(k) for k in (1, 2, 3)),
            *(_crr(k) for k in (1, 2, 3)),
        ],
        strict=True,
        ordered=True,
        name="unit cost table",
    )

    FLOWS = pa.DataFrameSchema(
        {
            "from": pa.Column(str),
            "to": pa.Column(str),
            "category": pa.Column(str, pa.Check.isin(["FC", "SVC", "VC"])),
            "component": pa.Column(str),
            "stage": pa.Column(str),
            "amount": _nonneg(),
        },
        checks=[pa.Check(lambda d: d["from"] != d["to"], name="no center sends to itself")],
        strict=True,
        ordered=True,
        name="allocation flows",
    )

    COMPARISON = pa.DataFrameSchema(
        {
            "figure": pa.Column(str),
            "published": pa.Column(float, nullable=True, coerce=True),
            "reproduced": pa.Column(float, nullable=True, coerce=True),
            "difference": pa.Column(float, nullable=True, coerce=True),
            "status": pa.Column(str, pa.Check.isin(list(STATUSES))),
            "unit": pa.Column(str, nullable=True),
            "source": pa.Column(str, nullable=True),
            "note": pa.Column(str, nullable=True),
            "locations": pa.Column(str, nullable=True, required=False),
        },
        checks=[pa.Check(lambda d: (d["status"] == EXACT) | (d["note"].fillna("").str.len() > 0),
                         name="a status other than exact carries a note")],
        strict="filter",
        name="comparison table",
    )

    return {"pa": pa, "UNIT_COST": UNIT_COST, "FLOWS": FLOWS, "COMPARISON": COMPARISON}


def pandera_schema(name: str):
    """The pandera schema of a contract, ``"UNIT_COST"``, ``"FLOWS"`` or ``"COMPARISON"``, built on first use.

    A function, not a module attribute: ``jkncost validate`` and ``jkncost unitcost`` import this module and
    never import pandera unless a table fails the fast path (``tests/test_tables.py``).

    Examples
    --------
    >>> pandera_schema("FLOWS").name
    'allocation flows'
    """
    if name not in ("UNIT_COST", "FLOWS", "COMPARISON"):
        raise KeyError(f"no schema {name!r}; there are UNIT_COST, FLOWS and COMPARISON")
    return _schemas()[name]


def _validate(which: str, df: pd.DataFrame) -> pd.DataFrame:
    found = _schemas()
    pa, schema = found["pa"], found[which]
    if which == "UNIT_COST":
        optional = [c for group in (NORMATIVE_COLUMNS, CRR_COLUMNS) if any(c not in df.columns for c in group)
                    for c in group]
        schema = schema.remove_columns(optional)
    try:
        return schema.validate(df, lazy=False)
    except pa.errors.SchemaError as exc:
        column = getattr(exc.schema, "name", None) if exc.schema is not schema else None
        check = getattr(exc.check, "name", None) or str(exc.check or "").split("(")[0] or "schema"
        where = f" column '{column}'" if column else ""
        cases = exc.failure_cases
        if isinstance(cases, pd.DataFrame) and len(cases):
            first = cases.iloc[0]
            row = first.get("index")
            value = first.get("failure_case")
            at = f" (row {int(row)})" if row is not None and not pd.isna(row) else ""
            detail = f"{where} fails {check}(...) for {value!r}{at}"
        else:
            detail = f"{where} {str(exc).splitlines()[0]}"
        raise SchemaError(f"{schema.name}:{detail}") from None
    except pa.errors.SchemaErrors as exc:  # pandera reports column-set problems (strict, ordered) together
        first = exc.failure_cases.iloc[0]
        raise SchemaError(f"{schema.name}: {first['check']} fails for {first['failure_case']!r}") from None


def _floats(df: pd.DataFrame, column: str) -> np.ndarray | None:
    """A column as float64 (what the schema's ``coerce=True`` gives), or None when it does not convert."""
    try:
        return df[column].to_numpy(dtype=float)
    except (TypeError, ValueError):
        return None


def _texts_ok(df: pd.DataFrame, columns) -> bool:
    """Text columns without missing values, each value a ``str`` (the schema's ``pa.Column(str)``)."""
    for c in columns:
        col = df[c]
        if isinstance(col.dtype, pd.StringDtype):  # pandas' text dtype holds only str or a missing value
            if col.isna().any():
                return False
        elif not (pd.api.types.is_object_dtype(col.dtype)
                  and pd.api.types.infer_dtype(col, skipna=False) in ("string", "empty")):
            return False
    return True


def _unit_cost_columns(df: pd.DataFrame) -> list[str]:
    cols = list(UNIT_COST_COLUMNS)
    for group in (NORMATIVE_COLUMNS, CRR_COLUMNS):
        if all(c in df.columns for c in group):
            cols += group
    return cols


def _unit_cost_ok(df: pd.DataFrame) -> bool:
    """True when ``df`` keeps every rule of the unit-cost schema (vectorized; False means: ask the schema)."""
    if list(df.columns) != _unit_cost_columns(df) or not _texts_ok(df, ["center"]):
        return False
    if not df["center"].is_unique:
        return False
    v = {c: _floats(df, c) for c in df.columns if c != "center"}
    if any(x is None for x in v.values()):
        return False
    with np.errstate(invalid="ignore", divide="ignore"):
        out = v["output"]
        if not np.all(np.isnan(out) | (out > 0)):
            return False
        for c, x in v.items():
            nullable = c not in ("TC1", "TC2", "TC3")
            if (not nullable and np.isnan(x).any()) or np.any(x < -_TOL):
                return False
        tc1, tc2, tc3 = v["TC1"], v["TC2"], v["TC3"]
        if not (np.all(tc1 >= tc2 - _TOL * np.abs(tc1)) and np.all(tc2 >= tc3 - _TOL * np.abs(tc2))):
            return False
        for k in (1, 2, 3):
            uc = v[f"UC{k}"]
            expected = v[f"TC{k}"] / out
            ok = np.abs(uc - expected) <= _TOL * np.maximum(np.abs(expected), 1.0)
            if not np.all(np.where(np.isnan(out), np.isnan(uc), ok)):
                return False
        if "tariff" in v:
            t = v["tariff"]
            if not np.all(np.isnan(t) | (t > 0)):
                return False
            for k in (1, 2, 3):
                uc = v[f"UC{k}"]
                expected = 100.0 * t / np.where(uc > 0, uc, np.nan)
                crr = v[f"CRR{k}"]
                ok = np.abs(crr - expected) <= _TOL * np.maximum(np.abs(expected), 1.0)
                if not np.all(np.where(np.isnan(expected), np.isnan(crr), ok)):
                    return False
    return True


def _flows_ok(df: pd.DataFrame) -> bool:
    """True when ``df`` keeps every rule of the flow schema (vectorized; False means: ask the schema)."""
    if list(df.columns) != FLOW_COLUMNS or not _texts_ok(df, FLOW_COLUMNS[:-1]):
        return False
    amount = _floats(df, "amount")
    if amount is None or np.isnan(amount).any() or np.any(amount < -_TOL):
        return False
    if not df["category"].isin(["FC", "SVC", "VC"]).all():
        return False
    return not (df["from"].to_numpy(dtype=object) == df["to"].to_numpy(dtype=object)).any()


def check_unit_cost(df: pd.DataFrame) -> pd.DataFrame:
    """``unit_cost.csv`` as the spec defines it (raises :class:`SchemaError`)."""
    if _unit_cost_ok(df):
        return df
    return _validate("UNIT_COST", df)


def check_flows(df: pd.DataFrame) -> pd.DataFrame:
    """``allocation.csv``: every flow of an allocation."""
    if _flows_ok(df):
        return df
    return _validate("FLOWS", df)


def check_comparison(df: pd.DataFrame) -> pd.DataFrame:
    """``comparison.csv``: published vs reproduced with one of the four statuses."""
    return _validate("COMPARISON", df[[c for c in COMPARISON_COLUMNS if c in df.columns]])
