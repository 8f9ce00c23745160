"""Checks of a hospital folder's tables against each other, as set operations (linear in the rows).

After each table passed its own schema (:mod:`jkncost.costing.folder`), the tables must agree:
every center named in ``costs``, ``allocation_bases``, ``assets`` and ``tariffs`` is in
``cost_centers``; only support and shared centers distribute cost; a shared pool (biaya bersama)
has no output and no step-down order and never sends to another shared center; a rule names a
component of ``costs.csv``; a tariff belongs to a production center; the step-down order, when given,
is given for every support center once. A cell already reported by its schema is not reported
again here (no follow-on errors), and the method's own feasibility
(:meth:`~jkncost.costing.hospital.Hospital.method_problems`) is asked only of a folder with no other
problem.

The read path of a folder goes one way (:mod:`jkncost.costing.reader`): its tables are read and each
checked against its schema (:mod:`jkncost.costing.folder`), then checked against each other here, then
built into a :class:`~jkncost.costing.hospital.Hospital`. This module reads nothing itself.

Examples
--------
>>> from jkncost.core import paths
>>> from jkncost.costing.folder import check_tables, read_folder
>>> folder, problems = read_folder(paths.raw("example_hospital"))
>>> cc = check_tables(folder)["cost_centers"]
>>> check_centers(cc, centers_frame(cc))
[]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jkncost.errors import Problem
from jkncost.tables.checks import Checked, Collector

CENTER_COLUMNS = ["center", "kind", "output", "output_unit", "beds", "order"]
COST_COLUMNS = ["center", "category", "component", "amount"]
BASIS_COLUMNS = ["support_center", "category", "component", "basis", "center", "weight"]
ASSET_COLUMNS = ["center", "asset", "group", "purchase_value", "years_in_use", "useful_life"]
TARIFF_COLUMNS = ["center", "tariff", "source", "tariff_set"]
REVENUE_COLUMNS = ["center", "revenue"]
DEFAULT_TARIFF_SET = "tariff"  # the set of a tariff whose tariff_set is empty (hospital folder v3)


def _rows(checked: Checked, mask) -> np.ndarray:
    return checked.frame.index.to_numpy()[np.asarray(mask, dtype=bool)]


def _unknown_centers(checked: Checked, column: str, known: pd.Index, out: Collector,
                     skip: np.ndarray | None = None) -> np.ndarray:
    """Rows naming a center that cost_centers lacks (cells already reported, and ``skip``, left alone)."""
    values = checked.frame[column]
    mask = (~values.isin(known)).to_numpy() & ~checked.bad_cells(column)
    if skip is not None:
        mask &= ~skip
    if mask.any():
        names = values.to_numpy()[mask]
        out.add(_rows(checked, mask), column, lambda i: f"unknown center {names[i]!r} (not in cost_centers)",
                check="unknown center")
    return mask


def centers_frame(cc: Checked) -> pd.DataFrame:
    """The cost centers that later checks can rely on: named, first of their name; ``_row`` kept."""
    keep = ~cc.bad_cells("center")
    frame = cc.frame.loc[keep, CENTER_COLUMNS].copy()
    frame["_row"] = frame.index.to_numpy()
    return frame.reset_index(drop=True)


def check_centers(cc: Checked, centers: pd.DataFrame) -> list[Problem]:
    out = Collector(cc.label)
    kinds = centers["kind"]
    if centers.empty:
        out.problems.append(Problem(cc.label, "no cost centers listed"))
        return out.problems
    if not (kinds == "production").any() and (kinds != "").all():
        out.problems.append(Problem(cc.label, "no production center: costs have nowhere to go", column="kind"))
    shared = (kinds == "shared").to_numpy()
    for column, what in (("output", "an output"), ("order", "a step-down order")):
        mask = shared & centers[column].notna().to_numpy()
        if mask.any():
            names = centers["center"].to_numpy()[mask]
            out.add(centers["_row"].to_numpy()[mask], column,
                    lambda i, names=names, what=what: f"shared center {names[i]!r} has {what}; a shared cost pool "
                                                      f"(biaya bersama) has none: leave the cell blank",
                    check=f"shared center with {column}")
    support = centers[kinds == "support"]
    if support["order"].notna().any():
        missing = support[support["order"].isna()]
        names = missing["center"].to_numpy()
        out.add(missing["_row"].to_numpy(), "order",
                lambda i: f"support center {names[i]!r} has no step-down order while others have one",
                check="step-down order missing")
        given = support[support["order"].notna()]
        dup = given[given["order"].duplicated(keep="first")]
        orders = dup["order"].to_numpy()
        out.add(dup["_row"].to_numpy(), "order", lambda i: f"step-down order {int(orders[i])} is used twice",
                check="step-down order used twice")
    return out.problems


def check_costs(costs: Checked, known: pd.Index) -> list[Problem]:
    out = Collector(costs.label)
    _unknown_centers(costs, "center", known, out)
    return out.problems


def table_references(bases: Checked) -> np.ndarray:
    """Rows of allocation_bases whose ``center`` and ``weight`` are both empty: they refer to the table of
    their basis in basis_weights (hospital folder v3)."""
    frame = bases.frame
    return ((frame["center"] == "").to_numpy() & np.isnan(frame["weight"].to_numpy(dtype=float))
            & ~bases.bad_cells("center") & ~bases.bad_cells("weight"))


def check_references(bases: Checked, tables: Checked | None, where: str) -> list[Problem]:
    """Rows of allocation_bases with one of center and weight empty; references to a basis without a table;
    a rule given both by rows and by a reference."""
    out = Collector(bases.label)
    frame = bases.frame
    ref = table_references(bases)
    no_center = (frame["center"] == "").to_numpy() & ~ref & ~bases.bad_cells("center")
    no_weight = np.isnan(frame["weight"].to_numpy(dtype=float)) & ~ref & ~bases.bad_cells("weight")
    hint = f" (leave center and weight both empty to distribute by the basis' table in {where})"
    out.add(_rows(bases, no_center), "center", "value is missing" + hint, check="center missing")
    out.add(_rows(bases, no_weight), "weight", "value is missing" + hint, check="weight missing")
    names = sorted(set(tables.frame["basis"]) - {""}) if tables is not None else []
    listed = ", ".join(repr(n) for n in names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    unknown = ref & ~frame["basis"].isin(names).to_numpy()
    if unknown.any():
        basis = frame["basis"].to_numpy()[unknown]
        out.add(_rows(bases, unknown), "basis",
                lambda i: (f"center and weight are empty but the basis is empty too: name a table of {where}, or "
                           f"give a center and a weight" if not basis[i] else
                           f"basis {basis[i]!r} has no table in {where} (tables there: {listed or 'none'}); center "
                           f"and weight are empty, so the row needs one"), check="basis without a table")
    rule = pd.MultiIndex.from_frame(frame[["support_center", "category", "component"]])
    explicit = ~ref & ~(frame["center"] == "").to_numpy()
    explicit_rules = pd.Series(frame.index.to_numpy()[explicit], index=rule[explicit])
    first_explicit = explicit_rules.groupby(level=[0, 1, 2]).first()
    both = ref & rule.isin(first_explicit.index)
    if both.any():
        keys = rule[both]
        firsts = [int(first_explicit.loc[k]) for k in keys]
        out.add(_rows(bases, both), "basis",
                lambda i: (f"the rule of {keys[i][0]!r} (category {keys[i][1] or 'any'}, component "
                           f"{keys[i][2] or 'any'}) is given both by rows with centers and weights (first at row "
                           f"{firsts[i]}) and by this reference to a basis table; keep one"),
                check="explicit rows and a table reference")
    return out.problems


def expand_references(bases: pd.DataFrame, tables: pd.DataFrame | None, kind: dict[str, str]) -> pd.DataFrame:
    """allocation_bases with each reference row replaced by the rows of its basis table: one row per center of
    the table that may receive (not the sender itself, never a shared pool). Linear in the rows written."""
    ref = (bases["center"] == "").to_numpy() & np.isnan(bases["weight"].to_numpy(dtype=float))
    if not ref.any() or tables is None:
        return bases[~ref].reset_index(drop=True)
    refs = bases[ref].drop(columns=["center", "weight"])
    table = tables[["basis", "center", "weight"]]
    table = table[table["center"].map(kind).fillna("") != "shared"]
    rows = refs.merge(table, on="basis", how="inner", sort=False)
    rows = rows[rows["center"] != rows["support_center"]]
    return pd.concat([bases[~ref], rows[bases.columns]], ignore_index=True)


def check_basis_tables(tables: Checked, known: pd.Index) -> list[Problem]:
    out = Collector(tables.label)
    _unknown_centers(tables, "center", known, out)
    return out.problems


def _production_only(table: Checked, centers: pd.DataFrame, what: str, why: str) -> list[Problem]:
    """Each row's center must be known and a production center: ``{what} for support center 'X': {why}``."""
    out = Collector(table.label)
    known = pd.Index(centers["center"])
    unknown = _unknown_centers(table, "center", known, out)
    kind = table.frame["center"].map(pd.Series(centers["kind"].to_numpy(), index=known)).fillna("").to_numpy()
    wrong = ~unknown & ~table.bad_cells("center") & np.isin(kind, ["support", "shared"])
    if wrong.any():
        names, kinds = table.frame["center"].to_numpy()[wrong], kind[wrong]
        out.add(_rows(table, wrong), "center", lambda i: f"{what} for {kinds[i]} center {names[i]!r}: {why}",
                check=f"{what} for a center that is not production")
    return out.problems


def check_revenue(revenue: Checked, centers: pd.DataFrame) -> list[Problem]:
    return _production_only(revenue, centers, "revenue", "cost recovery compares a production center's revenue "
                                                         "with its full cost after allocation (TC1)")


def check_bases(bases: Checked, centers: pd.DataFrame, components: set[str]) -> list[Problem]:
    out = Collector(bases.label)
    known = pd.Index(centers["center"])
    kind = pd.Series(centers["kind"].to_numpy(), index=known)
    frame = bases.frame
    blank_receiver = (frame["center"] == "").to_numpy()  # references and missing cells: reported apart
    unknown_sender = _unknown_centers(bases, "support_center", known, out)
    unknown_receiver = _unknown_centers(bases, "center", known, out, skip=blank_receiver)
    sender_kind = frame["support_center"].map(kind).fillna("").to_numpy()
    receiver_kind = frame["center"].map(kind).fillna("").to_numpy()
    ok_sender = ~unknown_sender & ~bases.bad_cells("support_center")
    production = ok_sender & (sender_kind == "production")
    if production.any():
        names = frame["support_center"].to_numpy()[production]
        out.add(_rows(bases, production), "support_center",
                lambda i: f"{names[i]!r} is a production center; only support and shared centers distribute cost",
                check="production center as sender")
    shared_to_shared = (ok_sender & ~unknown_receiver & ~bases.bad_cells("center") & ~blank_receiver
                        & (sender_kind == "shared")
                        & (receiver_kind == "shared") & (frame["support_center"] != frame["center"]).to_numpy())
    if shared_to_shared.any():
        senders = frame["support_center"].to_numpy()[shared_to_shared]
        receivers = frame["center"].to_numpy()[shared_to_shared]
        out.add(_rows(bases, shared_to_shared), "center",
                lambda i: f"shared center {senders[i]!r} sends to shared center {receivers[i]!r}; a shared pool "
                          f"goes to support and production centers only", check="shared to shared")
    component = frame["component"]
    stray = ((component != "") & ~component.isin(list(components))).to_numpy() & ~bases.bad_cells("component")
    if stray.any():
        names = component.to_numpy()[stray]
        listed = sorted(components)
        shown = ", ".join(repr(c) for c in listed[:8]) + (f" and {len(listed) - 8} more" if len(listed) > 8 else "")
        out.add(_rows(bases, stray), "component",
                lambda i: f"component {names[i]!r} is not in costs.csv (components there: {shown or 'none'})",
                check="component not in costs.csv")
    return out.problems


def check_tariffs(tariffs: Checked, centers: pd.DataFrame) -> list[Problem]:
    return _production_only(tariffs, centers, "tariff", "tariffs belong to production centers, whose output they "
                                                         "price")


def _components(checked: dict[str, Checked]) -> set[str]:
    found = set(checked["costs"].frame["component"].unique())
    if "assets" in checked and len(checked["assets"].frame):
        # an asset register gives FC components named after the asset group (jkncost.costing.annualize)
        found |= {f"AIC {g}" for g in checked["assets"].frame["group"].unique() if g}
    return found


def check_across(checked: dict[str, Checked], centers: pd.DataFrame, where) -> list[Problem]:
    """The tables of a folder against each other, once every table's structure was read (``costs`` among them).

    Parameters
    ----------
    checked : dict of str to Checked
        Each table of the folder checked against its schema (:func:`jkncost.costing.folder.check_tables`).
    centers : DataFrame
        :func:`centers_frame` of ``checked["cost_centers"]``.
    where : callable
        A table's name as a person sees it when it is missing (:meth:`jkncost.costing.folder.Folder.where`).

    Returns
    -------
    list of Problem
        Unknown centers, senders that may not send, stray components, references to missing basis
        tables, tariffs and revenue of centers that are not production; empty when the tables agree.
    """
    problems: list[Problem] = []
    known = pd.Index(centers["center"])
    problems.extend(check_costs(checked["costs"], known))
    senders = centers["kind"].isin(["support", "shared"])
    if "basis_weights" in checked:
        problems.extend(check_basis_tables(checked["basis_weights"], known))
    if "allocation_bases" in checked:
        problems.extend(check_bases(checked["allocation_bases"], centers, _components(checked)))
        problems.extend(check_references(checked["allocation_bases"], checked.get("basis_weights"),
                                         where("basis_weights")))
    elif senders.any():
        problems.append(Problem(where("allocation_bases"),
                                "required when there are support or shared centers; the file is missing"))
    if "assets" in checked:
        out = Collector(checked["assets"].label)
        _unknown_centers(checked["assets"], "center", known, out)
        problems.extend(out.problems)
    if "tariffs" in checked:
        problems.extend(check_tariffs(checked["tariffs"], centers))
    if "revenue" in checked:
        problems.extend(check_revenue(checked["revenue"], centers))
    return problems
