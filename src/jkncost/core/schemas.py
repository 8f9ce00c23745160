"""Contracts of the tables the compendium writes, checked with pandera.

Inputs are checked by :mod:`jkncost.costing.folder` (to name the file, row and column in
Indonesian-style text); outputs are checked here, as whole tables, before they are written, so a
defect in the engine or a study cannot leave a malformed ``unit_cost.csv`` or ``comparison.csv``:

- ``unit_cost.csv``: exactly the columns of the hospital-folder spec (format v2), one row per production
  center, TC1 >= TC2 >= TC3 >= 0, UC_k = TC_k / output (empty where output is empty), with a target
  BOR the normative columns, with tariffs ``tariff`` > 0 and CRR_k = 100 x tariff / UC_k;
- ``allocation.csv``: flows from a center to another, category FC/SVC/VC, component, amount >= 0;
- ``comparison.csv``: the published-vs-reproduced table with one of the four statuses.

Each contract is one list of rules (:class:`Contract`: its columns, :class:`Field`, and the rules across
columns, :class:`Rule`, each a numpy function of the columns). Two checks are generated from it: the pandera
schema (:func:`pandera_schema`, built on first use: pandera and what it imports cost about half a second
at start, nearly two under load, more than a whole small ``jkncost unitcost`` run), and a vectorized numpy
pass (:func:`holds`; ~90,000 flow rows in milliseconds, ``benchmarks/contracts.py``) that ``unit_cost.csv``,
``allocation.csv`` and ``comparison.csv`` go through first: a table that passes it passes the schema, and a table that does
not is handed to the schema, which names the column, the rule and the first failing row. The schema stays
the contract; the numpy pass cannot say anything else, since it applies the same rules.

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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Field:
    """One column of a contract: text (``str``) or a number (float, converted), its bounds and choices."""

    name: str
    number: bool = False
    nullable: bool = False
    minimum: float | None = None  # >= minimum, or > minimum when above
    above: bool = False
    unique: bool = False
    isin: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Rule:
    """A rule across columns: ``holds`` maps the columns (numpy arrays; numbers as float64) to one bool per row.
    It applies when the table has every column of ``needs``."""

    name: str
    holds: Callable[[Mapping[str, np.ndarray]], np.ndarray]
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contract:
    """The rules of one table. ``strict``: exactly these columns (``"filter"``: others dropped); ``ordered``:
    in this order; ``groups``: columns present all together or not at all."""

    name: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    strict: bool | str = True
    ordered: bool = True
    groups: tuple[tuple[str, ...], ...] = ()

    def columns(self, df: pd.DataFrame) -> list[str]:
        """The columns ``df`` must have, in order: every field but those of a group it lacks a column of."""
        left_out = {c for g in self.groups if any(c not in df.columns for c in g) for c in g}
        return [f.name for f in self.fields if f.name not in left_out]


def _nonneg(name: str, nullable: bool = False) -> Field:
    return Field(name, number=True, nullable=nullable, minimum=-_TOL)


def _close(value: np.ndarray, expected: np.ndarray) -> np.ndarray:
    return np.abs(value - expected) <= _TOL * np.maximum(np.abs(expected), 1.0)


def _unit_cost_identity(level: int) -> Rule:
    # a production center whose output is not measured has TC but no unit cost (never a placeholder)
    def holds(v):
        expected = v[f"TC{level}"] / v["output"]
        return np.where(np.isnan(v["output"]), np.isnan(v[f"UC{level}"]), _close(v[f"UC{level}"], expected))
    return Rule(f"UC{level} = TC{level} / output", holds)


def _crr_identity(level: int) -> Rule:
    def holds(v):
        uc = v[f"UC{level}"]
        expected = 100.0 * v["tariff"] / np.where(uc > 0, uc, np.nan)
        return np.where(np.isnan(expected), np.isnan(v[f"CRR{level}"]), _close(v[f"CRR{level}"], expected))
    return Rule(f"CRR{level} = 100 x tariff / UC{level}", holds, needs=("tariff",))


def _not_below(high: str, low: str) -> Rule:
    return Rule(f"{high} >= {low}", lambda v: v[high] >= v[low] - _TOL * np.abs(v[high]))


#: ``unit_cost.csv``: one row per production center (the hospital-folder spec, format v2)
UNIT_COST_CONTRACT = Contract(
    "unit cost table",
    (Field("center", unique=True), Field("output", number=True, nullable=True, minimum=0, above=True),
     *(_nonneg(c) for c in ("TC1", "TC2", "TC3")), *(_nonneg(c, nullable=True) for c in ("UC1", "UC2", "UC3")),
     *(_nonneg(c, nullable=True) for c in NORMATIVE_COLUMNS),
     Field("tariff", number=True, nullable=True, minimum=0, above=True),
     *(_nonneg(c, nullable=True) for c in CRR_COLUMNS[1:])),
    (_not_below("TC1", "TC2"), _not_below("TC2", "TC3"), *(_unit_cost_identity(k) for k in (1, 2, 3)),
     *(_crr_identity(k) for k in (1, 2, 3))),
    groups=(tuple(NORMATIVE_COLUMNS), tuple(CRR_COLUMNS)),
)

#: ``allocation.csv``: every flow of an allocation
FLOWS_CONTRACT = Contract(
    "allocation flows",
    (Field("from"), Field("to"), Field("category", isin=("FC", "SVC", "VC")), Field("component"), Field("stage"),
     _nonneg("amount")),
    (Rule("no center sends to itself", lambda v: v["from"] != v["to"]),),
)

#: ``comparison.csv``: published vs reproduced with one of the four statuses
COMPARISON_CONTRACT = Contract(
    "comparison table",
    (Field("figure"), *(Field(c, number=True, nullable=True) for c in ("published", "reproduced", "difference")),
     Field("status", isin=tuple(STATUSES)), *(Field(c, nullable=True) for c in ("unit", "source", "note")),
     Field("locations", nullable=True, required=False)),
    (Rule("a status other than exact carries a note",
          lambda v: (v["status"] == EXACT) | (pd.Series(v["note"]).fillna("").str.len().to_numpy() > 0)),),
    strict="filter", ordered=False,
)

CONTRACTS = {"UNIT_COST": UNIT_COST_CONTRACT, "FLOWS": FLOWS_CONTRACT, "COMPARISON": COMPARISON_CONTRACT}


def _arrays(contract: Contract, df: pd.DataFrame) -> dict[str, np.ndarray]:
    """The columns a rule sees: numbers as float64, text as objects."""
    numbers = {f.name for f in contract.fields if f.number}
    return {c: df[c].to_numpy(dtype=float if c in numbers else object) for c in df.columns}


def _applies(rule: Rule, df: pd.DataFrame) -> bool:
    return all(c in df.columns for c in rule.needs)


@lru_cache(maxsize=None)
def pandera_schema(which: str):
    """The pandera schema of ``CONTRACTS[which]``, built once, on first use (pandera is imported only here)."""
    import pandera.pandas as pa

    contract = CONTRACTS[which]

    def column(f: Field):
        checks = []
        if f.minimum is not None:
            checks.append(pa.Check.gt(f.minimum) if f.above else pa.Check.ge(f.minimum))
        if f.isin:
            checks.append(pa.Check.isin(list(f.isin)))
        return pa.Column(float if f.number else str, checks, nullable=f.nullable, unique=f.unique, coerce=f.number,
                         required=f.required)

    def check(rule: Rule):
        def holds(d: pd.DataFrame) -> pd.Series:
            if not _applies(rule, d):
                return pd.Series(True, index=d.index)
            return pd.Series(rule.holds(_arrays(contract, d)), index=d.index)
        return pa.Check(holds, name=rule.name)

    return pa.DataFrameSchema({f.name: column(f) for f in contract.fields}, checks=[check(r) for r in contract.rules],
                              strict=contract.strict, ordered=contract.ordered, name=contract.name)


def _texts_ok(df: pd.DataFrame, columns, nullable: bool = False) -> bool:
    """Text columns, each value a ``str`` (the schema's ``pa.Column(str)``), without missing values unless
    ``nullable``."""
    for c in columns:
        col = df[c]
        if isinstance(col.dtype, pd.StringDtype):  # pandas' text dtype holds only str or a missing value
            if not nullable and col.isna().any():
                return False
        elif not (pd.api.types.is_object_dtype(col.dtype)
                  and pd.api.types.infer_dtype(col, skipna=nullable) in ("string", "empty")):
            return False
    return True


def _columns_ok(contract: Contract, df: pd.DataFrame) -> bool:
    """The columns of ``df`` are the contract's: exactly, in order (strict and ordered); for the ``"filter"``
    contract, unordered (``comparison.csv``), every required field and nothing else (the caller filters)."""
    if contract.strict is True and contract.ordered:
        return list(df.columns) == contract.columns(df)
    if contract.strict == "filter" and not contract.ordered and not contract.groups:
        names = {f.name for f in contract.fields}
        required = [f.name for f in contract.fields if f.required]
        return set(df.columns) <= names and all(c in df.columns for c in required) and df.columns.is_unique
    return False


def holds(contract: Contract, df: pd.DataFrame) -> bool:
    """True when ``df`` keeps every rule of ``contract`` (vectorized; False means: ask the pandera schema).

    The columns as :func:`_columns_ok` says (a ``"filter"`` contract: the caller keeps only its columns first,
    as :func:`check_comparison` does); text columns hold ``str`` only, missing values only where nullable
    (stricter than the schema, which may still pass a column this refuses).
    """
    if not _columns_ok(contract, df):
        return False
    fields = [f for f in contract.fields if f.name in df.columns]
    if not _texts_ok(df, [f.name for f in fields if not f.number and not f.nullable]) or \
            not _texts_ok(df, [f.name for f in fields if not f.number and f.nullable], nullable=True):
        return False
    try:
        v = _arrays(contract, df)
    except (TypeError, ValueError):  # a column the schema's coercion would refuse
        return False
    with np.errstate(invalid="ignore", divide="ignore"):
        for f in fields:
            x = v[f.name]
            if f.unique and not df[f.name].is_unique:
                return False
            if f.isin and not np.isin(x, list(f.isin)).all():
                return False
            if f.number:
                missing = np.isnan(x)
                if not f.nullable and missing.any():
                    return False
                if f.minimum is not None and not np.all(missing | ((x > f.minimum) if f.above else (x >= f.minimum))):
                    return False
        return all(np.all(rule.holds(v)) for rule in contract.rules if _applies(rule, df))


def _validate(which: str, df: pd.DataFrame) -> pd.DataFrame:
    import pandera.pandas as pa

    schema = pandera_schema(which)
    optional = [c for c in schema.columns if c not in CONTRACTS[which].columns(df)]
    if optional:
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


def _unit_cost_ok(df: pd.DataFrame) -> bool:
    return holds(UNIT_COST_CONTRACT, df)


def _flows_ok(df: pd.DataFrame) -> bool:
    return holds(FLOWS_CONTRACT, df)


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
    kept = df[[c for c in COMPARISON_COLUMNS if c in df.columns]]
    if holds(COMPARISON_CONTRACT, kept):
        return kept
    return _validate("COMPARISON", kept)
