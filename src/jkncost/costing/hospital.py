"""The hospital folder: reading and validating one hospital's costing inputs.

The format is specified in ``shared/spec/hospital-folder.md`` (summarised in ``docs`` of the
README): a folder of CSV files ``cost_centers.csv``, ``costs.csv``, ``allocation_bases.csv`` and
optionally ``assets.csv``, or one ``.xlsx`` workbook whose sheets carry the same names.

Every problem is reported as one line naming the file, the row (as a spreadsheet shows it: the
header is row 1) and the column. :func:`validate_hospital` returns all problems;
:func:`read_hospital` raises :class:`~jkncost.errors.InputError` carrying all of them.

Extra columns (``source``, ``note`` ...) are allowed and kept; they document, they do not compute.

Examples
--------
>>> from jkncost.compendium import paths
>>> h = read_hospital(paths.example_hospital())
>>> h.support_centers[:2]
['Kantor', 'Instalasi Gizi']
>>> round(h.total_cost())
5377000000
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from jkncost.costing.allocation import METHODS, AllocationError, allocation_operator, default_step_order
from jkncost.errors import InputError, Problem
from jkncost.compendium.io import header_row, number_rows, read_text_csv, row_numbers
from jkncost.money import parse_rupiah

CATEGORIES = ("FC", "SVC", "VC")
CATEGORY_NAMES = {"FC": "fixed cost (biaya tetap, AIC)", "SVC": "semi-variable cost (biaya semi variabel)",
                  "VC": "variable cost (biaya variabel)"}
KINDS = {"support": "support", "penunjang": "support", "production": "production", "produksi": "production"}
ASSET_GROUPS = ("gedung", "alat medis", "alat non medis", "kendaraan")

# Columns each file must have, and the optional ones the reader understands.
SCHEMA: dict[str, dict[str, tuple[str, ...]]] = {
    "cost_centers": {"required": ("center", "kind"), "optional": ("output", "output_unit", "beds", "order")},
    "costs": {"required": ("center", "category", "component", "amount"), "optional": ()},
    "allocation_bases": {"required": ("support_center", "basis", "center", "weight"), "optional": ()},
    "assets": {"required": ("center", "asset", "group", "purchase_value", "years_in_use", "useful_life"),
               "optional": ()},
}
REQUIRED_FILES = ("cost_centers", "costs")


@dataclass
class Hospital:
    """One hospital's inputs for one period, validated.

    Attributes
    ----------
    name : str
        Folder or workbook name.
    centers : DataFrame
        ``center, kind (support|production), output, output_unit, beds, order`` in file order.
    costs : DataFrame
        ``center, category, component, amount`` (long format).
    bases : DataFrame
        ``support_center, basis, center, weight``.
    assets : DataFrame or None
        The asset register, when given.
    """

    name: str
    centers: pd.DataFrame
    costs: pd.DataFrame
    bases: pd.DataFrame
    assets: pd.DataFrame | None = None
    source: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return self.centers["center"].tolist()

    @property
    def is_support(self) -> np.ndarray:
        return (self.centers["kind"] == "support").to_numpy()

    @property
    def support_centers(self) -> list[str]:
        return self.centers.loc[self.is_support, "center"].tolist()

    @property
    def production_centers(self) -> list[str]:
        return self.centers.loc[~self.is_support, "center"].tolist()

    def direct_costs(self, fc_method: str = "inflation", rate: float = 0.0) -> pd.DataFrame:
        """Direct cost per center (rows, file order) and category (columns FC, SVC, VC).

        When an asset register is present, FC comes from it (:func:`jkncost.costing.annualize.annualize_assets`
        with ``fc_method`` and ``rate``) and any FC rows of ``costs.csv`` are ignored.
        """
        costs = self.costs
        if self.assets is not None:
            from jkncost.costing.annualize import annualize_assets

            fc = annualize_assets(self.assets, method=fc_method, rate=rate)
            costs = pd.concat([costs[costs["category"] != "FC"],
                               fc.assign(category="FC")[["center", "category", "component", "amount"]]],
                              ignore_index=True)
        table = costs.pivot_table(index="center", columns="category", values="amount", aggfunc="sum",
                                  fill_value=0.0)
        return table.reindex(index=self.names, columns=list(CATEGORIES), fill_value=0.0).astype(float)

    def weight_matrix(self) -> np.ndarray:
        """``W[s, c]``: weight of center ``c`` in support center ``s``'s basis (file order)."""
        pos = {c: i for i, c in enumerate(self.names)}
        W = np.zeros((len(pos), len(pos)))
        for s, c, w in self.bases[["support_center", "center", "weight"]].itertuples(index=False):
            W[pos[s], pos[c]] += w
        return W

    def step_order(self) -> np.ndarray:
        """Step-down sequence (positions among support centers): the ``order`` column when given, else the
        conventional order of :func:`jkncost.costing.allocation.default_step_order` with ties broken by name, so
        that every path through the engine (unit cost, sensitivity, sweeps) closes centers alike."""
        sup = self.centers[self.is_support]
        if "order" not in sup or sup["order"].isna().all():
            return default_step_order(self.weight_matrix(), self.is_support, self.names)
        return np.argsort(sup["order"].to_numpy(), kind="stable")

    def method_problems(self, method: str) -> list[tuple[str, str]]:
        """``(center, message)`` for each support center that ``method`` cannot close with these bases.

        The contract between reading (:mod:`jkncost.costing.hospital` readers, which turn each pair into a
        file/row/column problem on ``cost_centers``) and the engine, which alone knows what a method needs:
        ``direct`` and ``double`` need a positive weight to a production center, ``stepdown`` a receiver not yet
        closed, ``reciprocal`` a path out of every loop of mutual service.
        """
        W = self.weight_matrix()
        np.fill_diagonal(W, 0.0)
        is_support = self.is_support
        found: list[tuple[str, str]] = []
        for i in np.flatnonzero(is_support):
            name = self.names[i]
            to_any = (W[i] > 0).any()
            to_prod = (W[i, ~is_support] > 0).any()
            if method in ("direct", "double") and not to_prod:
                why = ("no allocation_bases row gives it a positive weight to a production center"
                       if to_any else "it has no positive weight in allocation_bases")
                found.append((name, f"support center {name!r} has no weight to any eligible receiver "
                                    f"under {method!r}: {why}"))
            elif method in ("stepdown", "reciprocal") and not to_any:
                found.append((name, f"support center {name!r} has no weight to any eligible receiver: "
                                    f"it has no positive weight in allocation_bases"))
        if found:
            return found
        try:
            allocation_operator(self.weight_matrix(), is_support, method, order=self.step_order(), names=self.names)
        except AllocationError as exc:
            return [(exc.center, f"{exc} under {method!r}")]
        return []

    def total_cost(self, fc_method: str = "inflation", rate: float = 0.0) -> float:
        """Total direct cost of every center (what allocation conserves), FC annualized as in :meth:`direct_costs`."""
        return float(self.direct_costs(fc_method=fc_method, rate=rate).to_numpy().sum())


# --------------------------------------------------------------------------------------------
# Reading raw tables
# --------------------------------------------------------------------------------------------

@dataclass
class _Table:
    name: str  # cost_centers, costs, ...
    label: str  # what a person sees: cost_centers.csv or hospital.xlsx[costs]
    frame: pd.DataFrame  # raw cells (str or numbers), columns lower-cased and stripped
    header: int = 1  # row of the header line


def _read_raw_tables(path: Path) -> tuple[dict[str, _Table], list[Problem]]:
    problems: list[Problem] = []
    tables: dict[str, _Table] = {}
    if path.is_dir():
        for name in SCHEMA:
            f = path / f"{name}.csv"
            if not f.exists():
                continue
            try:
                df = read_text_csv(f, encoding="utf-8-sig", skipinitialspace=True)
            except (pd.errors.ParserError, UnicodeDecodeError) as exc:
                problems.append(Problem(f.name, f"cannot read as CSV: {exc}".splitlines()[0]))
                continue
            except pd.errors.EmptyDataError:
                problems.append(Problem(f.name, "file is empty (it needs at least a header row)"))
                continue
            tables[name] = _Table(name, f.name, df, header_row(df))
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many kinds for a broken workbook
            return {}, [Problem(path.name, f"cannot read the workbook: {exc}")]
        for sheet, df in sheets.items():
            name = str(sheet).strip().lower().removesuffix(".csv")
            if name in SCHEMA:
                df = df.map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else v)
                tables[name] = _Table(name, f"{path.name}[{sheet}]", number_rows(df))
    elif not path.exists():
        raise FileNotFoundError(f"{path}: no such hospital folder or workbook")
    else:
        return {}, [Problem(path.name, "a hospital is a folder of CSV files or one .xlsx workbook")]
    for t in tables.values():
        t.frame.columns = [str(c).strip().lower() for c in t.frame.columns]
        t.frame = t.frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    for name in REQUIRED_FILES:
        if name not in tables and not problems:
            where = f"{name}.csv" if path.is_dir() else f"{path.name}[{name}]"
            problems.append(Problem(where, "required file is missing" if path.is_dir() else "required sheet is missing"))
    for t in tables.values():
        missing = [c for c in SCHEMA[t.name]["required"] if c not in t.frame.columns]
        for c in missing:
            problems.append(Problem(t.label, f"required column is missing (columns found: "
                                             f"{', '.join(map(str, t.frame.columns)) or 'none'})", row=t.header, column=c))
    return tables, problems


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and v == "") or (isinstance(v, float) and math.isnan(v))


def _number(t: _Table, row: int, col: str, value, problems: list[Problem], *, allow_blank: bool,
            parser: Callable = parse_rupiah, minimum: float | None = 0.0, strict_min: bool = False,
            what: str = "amount") -> float:
    if _blank(value):
        if not allow_blank:
            problems.append(Problem(t.label, "value is missing", row=row, column=col))
        return math.nan
    try:
        x = parser(value)
    except ValueError as exc:
        problems.append(Problem(t.label, str(exc), row=row, column=col))
        return math.nan
    if minimum is not None and (x <= minimum if strict_min else x < minimum):
        op = ">" if strict_min else ">="
        problems.append(Problem(t.label, f"{'negative ' if x < 0 else ''}{what} {value!r}: must be {op} {minimum:g}",
                                row=row, column=col))
    return x


def _parse_count(value) -> float:
    """Outputs, beds, weights: plain numbers (decimal point or Indonesian comma), grouped thousands allowed."""
    return parse_rupiah(value)


def _parse_int(value) -> float:
    x = parse_rupiah(value)
    if x != int(x):
        raise ValueError(f"not a whole number: {value!r}")
    return x


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

def _validate(path: Path, method: str = "double") -> tuple[Hospital | None, list[Problem]]:
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    tables, problems = _read_raw_tables(path)
    cc = tables.get("cost_centers")
    if cc is None or any(c not in cc.frame.columns for c in SCHEMA["cost_centers"]["required"]):
        return None, problems
    # with another file unreadable or short of a column, the rows of cost_centers are still checked,
    # so one run of `validate` reports as much as it can; the rest needs the files' structure
    structural = bool(problems) or "costs" not in tables

    # cost_centers ------------------------------------------------------------------------
    t = tables["cost_centers"]
    rows = []
    first_row: dict[str, int] = {}
    for r, rec in zip(row_numbers(t.frame), t.frame.to_dict("records")):
        center = str(rec.get("center", "")).strip()
        if not center:
            problems.append(Problem(t.label, "cost center name is missing", row=r, column="center"))
            continue
        if center in first_row:
            problems.append(Problem(t.label, f"duplicate center {center!r} (first at row {first_row[center]})",
                                    row=r, column="center"))
            continue
        first_row[center] = r
        kind_raw = str(rec.get("kind", "")).strip().lower()
        kind = KINDS.get(kind_raw)
        if kind is None:
            problems.append(Problem(t.label, f"unknown kind {rec.get('kind')!r}: use support (penunjang) or "
                                             f"production (produksi)", row=r, column="kind"))
        # zero would make a unit cost (or a normative output) undefined: leave the cell blank instead
        output = _number(t, r, "output", rec.get("output", ""), problems, allow_blank=True, parser=_parse_count,
                         strict_min=True, what="output (leave blank when there is none)")
        beds = _number(t, r, "beds", rec.get("beds", ""), problems, allow_blank=True, parser=_parse_count,
                       strict_min=True, what="beds (leave blank when there are none)")
        order = _number(t, r, "order", rec.get("order", ""), problems, allow_blank=True, parser=_parse_int,
                        minimum=1, what="order")
        rows.append({"center": center, "kind": kind, "output": output, "output_unit": str(rec.get("output_unit", "")),
                     "beds": beds, "order": order, "_row": r})
    centers = pd.DataFrame(rows, columns=["center", "kind", "output", "output_unit", "beds", "order", "_row"])
    known = set(centers["center"])
    kind_of = dict(zip(centers["center"], centers["kind"]))
    support_rows = centers[centers["kind"] == "support"]
    if centers.empty:
        problems.append(Problem(t.label, "no cost centers listed"))
    elif (centers["kind"] == "production").sum() == 0 and centers["kind"].notna().all():
        problems.append(Problem(t.label, "no production center: costs have nowhere to go", column="kind"))
    if support_rows["order"].notna().any():
        missing = support_rows[support_rows["order"].isna()]
        for _, s in missing.iterrows():
            problems.append(Problem(t.label, f"support center {s['center']!r} has no step-down order while others "
                                             f"have one", row=int(s["_row"]), column="order"))
        dup = support_rows[support_rows["order"].notna() & support_rows["order"].duplicated(keep="first")]
        for _, s in dup.iterrows():
            problems.append(Problem(t.label, f"step-down order {int(s['order'])} is used twice", row=int(s["_row"]),
                                    column="order"))

    if structural:
        return None, problems

    # costs -------------------------------------------------------------------------------
    t = tables["costs"]
    cost_rows = []
    seen: dict[tuple, int] = {}
    for r, rec in zip(row_numbers(t.frame), t.frame.to_dict("records")):
        center = str(rec.get("center", "")).strip()
        if center not in known:
            problems.append(Problem(t.label, f"unknown center {center!r} (not in cost_centers)", row=r, column="center"))
        cat = str(rec.get("category", "")).strip().upper()
        if cat not in CATEGORIES:
            problems.append(Problem(t.label, f"unknown category {rec.get('category')!r}: use FC, SVC or VC", row=r,
                                    column="category"))
        component = str(rec.get("component", "")).strip()
        key = (center, cat, component)
        if key in seen:
            problems.append(Problem(t.label, f"duplicate row for {center!r} {cat} {component!r} (first at row "
                                             f"{seen[key]}); give components distinct names", row=r, column="component"))
        seen.setdefault(key, r)
        amount = _number(t, r, "amount", rec.get("amount", ""), problems, allow_blank=False)
        cost_rows.append({"center": center, "category": cat, "component": component, "amount": amount})
    costs = pd.DataFrame(cost_rows, columns=["center", "category", "component", "amount"])

    # allocation bases --------------------------------------------------------------------
    base_rows = []
    if "allocation_bases" in tables:
        t = tables["allocation_bases"]
        seen = {}
        for r, rec in zip(row_numbers(t.frame), t.frame.to_dict("records")):
            s = str(rec.get("support_center", "")).strip()
            c = str(rec.get("center", "")).strip()
            if s not in known:
                problems.append(Problem(t.label, f"unknown center {s!r} (not in cost_centers)", row=r,
                                        column="support_center"))
            elif kind_of.get(s) == "production":
                problems.append(Problem(t.label, f"{s!r} is a production center; only support centers distribute cost",
                                        row=r, column="support_center"))
            if c not in known:
                problems.append(Problem(t.label, f"unknown center {c!r} (not in cost_centers)", row=r, column="center"))
            if (s, c) in seen:
                problems.append(Problem(t.label, f"duplicate weight for {s!r} -> {c!r} (first at row {seen[(s, c)]})",
                                        row=r, column="center"))
            seen.setdefault((s, c), r)
            w = _number(t, r, "weight", rec.get("weight", ""), problems, allow_blank=False, parser=_parse_count,
                        what="weight")
            base_rows.append({"support_center": s, "basis": str(rec.get("basis", "")), "center": c, "weight": w,
                              "_row": r})
    bases = pd.DataFrame(base_rows, columns=["support_center", "basis", "center", "weight", "_row"])
    cc_label = tables["cost_centers"].label

    # a support center must be able to send its cost somewhere under the method
    valid_bases = bases[bases["center"].isin(known) & bases["support_center"].isin(known)
                        & (bases["center"] != bases["support_center"]) & (bases["weight"] > 0)]
    for _, s in support_rows.iterrows():
        name = s["center"]
        mine = valid_bases[valid_bases["support_center"] == name]
        to_prod = mine["center"].map(kind_of).eq("production").any()
        to_any = not mine.empty
        if method in ("direct", "double") and not to_prod:
            why = ("no allocation_bases row gives it a positive weight to a production center"
                   if to_any else "it has no positive weight in allocation_bases")
            problems.append(Problem(cc_label, f"support center {name!r} has no weight to any eligible receiver "
                                              f"under {method!r}: {why}", row=int(s["_row"]), column="center"))
        elif method in ("stepdown", "reciprocal") and not to_any:
            problems.append(Problem(cc_label, f"support center {name!r} has no weight to any eligible receiver: "
                                              f"it has no positive weight in allocation_bases", row=int(s["_row"]),
                                    column="center"))
    if not support_rows.empty and "allocation_bases" not in tables:
        where = "allocation_bases.csv" if path.is_dir() else f"{path.name}[allocation_bases]"
        problems.append(Problem(where, "required when there are support centers; the file is missing"))

    # assets ------------------------------------------------------------------------------
    assets = None
    if "assets" in tables and not tables["assets"].frame.empty:  # a header-only register (the template) is no register
        t = tables["assets"]
        arows = []
        for r, rec in zip(row_numbers(t.frame), t.frame.to_dict("records")):
            center = str(rec.get("center", "")).strip()
            if center not in known:
                problems.append(Problem(t.label, f"unknown center {center!r} (not in cost_centers)", row=r,
                                        column="center"))
            group = str(rec.get("group", "")).strip().lower()
            if group not in ASSET_GROUPS:
                problems.append(Problem(t.label, f"unknown asset group {rec.get('group')!r}: use "
                                                 f"{', '.join(ASSET_GROUPS)}", row=r, column="group"))
            pv = _number(t, r, "purchase_value", rec.get("purchase_value", ""), problems, allow_blank=False)
            years = _number(t, r, "years_in_use", rec.get("years_in_use", ""), problems, allow_blank=False,
                            parser=_parse_count, what="years in use")
            life = _number(t, r, "useful_life", rec.get("useful_life", ""), problems, allow_blank=False,
                           parser=_parse_count, strict_min=True, what="useful life")
            arows.append({"center": center, "asset": str(rec.get("asset", "")), "group": group,
                          "purchase_value": pv, "years_in_use": years, "useful_life": life})
        assets = pd.DataFrame(arows, columns=["center", "asset", "group", "purchase_value", "years_in_use",
                                              "useful_life"])

    # production centers with cost but no output ------------------------------------------
    direct = costs[costs["amount"] > 0].groupby("center")["amount"].sum() if not costs.empty else pd.Series(dtype=float)
    if assets is not None and not assets.empty:
        asset_centers = set(assets.loc[assets["purchase_value"] > 0, "center"])
    else:
        asset_centers = set()
    receives = set(valid_bases["center"])
    for _, c in centers[centers["kind"] == "production"].iterrows():
        has_cost = direct.get(c["center"], 0.0) > 0 or c["center"] in asset_centers
        if (has_cost or c["center"] in receives) and not (c["output"] > 0):
            what = "has cost" if has_cost else "receives allocated cost"
            problems.append(Problem(cc_label, f"production center {c['center']!r} {what} but no output "
                                              f"(unit cost would be undefined)", row=int(c["_row"]), column="output"))

    if problems:
        return None, problems
    hospital = Hospital(
        name=path.stem if path.is_file() else path.name,
        centers=centers.drop(columns="_row").reset_index(drop=True),
        costs=costs,
        bases=bases.drop(columns="_row").reset_index(drop=True),
        assets=assets,
        source=str(path),
    )
    # the method itself must be able to close every support center (step-down order, reciprocal loops)
    try:
        allocation_operator(hospital.weight_matrix(), hospital.is_support, method, order=hospital.step_order(),
                            names=hospital.names)
    except AllocationError as exc:
        return None, [Problem(cc_label, f"{exc} under {method!r}", row=first_row.get(exc.center), column="center")]
    if assets is not None and (costs["category"] == "FC").any():
        hospital.notes.append("FC is computed from assets.csv; the FC rows of costs.csv are ignored")
    return hospital, []


def validate_hospital(path: str | os.PathLike[str], method: str = "double") -> list[Problem]:
    """Every problem in a hospital folder or workbook (empty list when it is valid)."""
    _, problems = _validate(Path(path), method)
    return problems


def read_hospital(path: str | os.PathLike[str], method: str = "double") -> Hospital:
    """Read and validate a hospital folder (CSV files) or workbook (``.xlsx``).

    Parameters
    ----------
    path : path-like
        A folder holding ``cost_centers.csv``, ``costs.csv``, ``allocation_bases.csv``
        (and optionally ``assets.csv``), or an ``.xlsx`` workbook with sheets of those names.
    method : str
        The allocation method the data will be used with; it decides which receivers are
        eligible (``direct`` and ``double`` need a production receiver for each support center).

    Raises
    ------
    InputError
        With every problem found, each naming file, row and column.
    FileNotFoundError
        When ``path`` does not exist.
    """
    hospital, problems = _validate(Path(path), method)
    if problems:
        raise InputError(problems)
    assert hospital is not None
    return hospital
