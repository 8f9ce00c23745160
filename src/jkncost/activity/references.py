"""Checks of an activity folder's tables against each other, as set operations (linear in the rows).

After each table passed its own schema (:mod:`jkncost.activity.folder`), the names must agree:
stage 1 weights name known resources and activities, and every resource has weights; every activity's
driver has quantities, and a pool without capacity has some; quantities name known cost objects;
process steps name a resource of ``capacity``; materials and volumes name a service with process
steps; pathway items name their source (``price`` with a price, ``service:NAME`` a service,
``object:NAME`` a cost object with an output); pathway tariffs name a pathway and carry a valid
INA-CBG code (:func:`jkncost.jkn.inacbg.parse`); cases name a pathway or have items, and their items
can be priced. ``center:NAME`` items are checked against the hospital folder when it is given
(:func:`jkncost.activity.pathway.price_items`). Every problem names file, row and column.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from jkncost.errors import Problem
from jkncost.jkn.inacbg import InacbgCodeError
from jkncost.jkn.inacbg import parse as parse_inacbg
from jkncost.tables.checks import Collector, normalize_word

#: Words of the ``source`` column (compared ignoring case and spaces) -> the kind of source.
SOURCE_WORDS = {"price": "price", "harga": "price",
                "service": "service", "layanan": "service", "tdabc": "service",
                "object": "object", "objek": "object", "obyek": "object", "costobject": "object",
                "center": "center", "centre": "center", "pusat": "center", "pusatbiaya": "center",
                "costcenter": "center"}
SOURCES_ACCEPTED = "price (harga), service:NAME (layanan:), object:NAME (objek:) or center:NAME (pusat:)"
_SOURCE = re.compile(r"^\s*([^:]+?)\s*(?::\s*(.*?)\s*)?$", re.S)


def parse_source(text: str) -> tuple[str, str] | None:
    """``(kind, name)`` of a ``source`` cell, or None when it is not one of :data:`SOURCES_ACCEPTED`.

    >>> parse_source("service: Persalinan SC"), parse_source("Harga"), parse_source("object:VIP")
    (('service', 'Persalinan SC'), ('price', ''), ('object', 'VIP'))
    >>> parse_source("center:"), parse_source("gudang:x")
    (None, None)
    """
    m = _SOURCE.match(str(text))
    if not m:
        return None
    kind = SOURCE_WORDS.get(normalize_word(m.group(1)))
    name = (m.group(2) or "").strip()
    if kind is None or (kind == "price") != (name == "") or (kind == "price" and m.group(2) is not None and name):
        return None
    return kind, name


def parse_sources(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kinds, names and a mask of the cells that are not a source, each distinct cell parsed once."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    parsed = [parse_source(u) for u in uniques]
    kinds = np.array([p[0] if p else "" for p in parsed] + [""], dtype=object)[codes]
    names = np.array([p[1] if p else "" for p in parsed] + [""], dtype=object)[codes]
    bad = np.array([p is None for p in parsed] + [True], dtype=bool)[codes]
    return kinds, names, bad


def _isin(values, known) -> np.ndarray:
    """``values`` found in ``known``, by hashing (``numpy.isin`` compares object arrays pairwise)."""
    return pd.Index(pd.unique(np.asarray(list(known), dtype=object))).get_indexer(values) >= 0


def _unknown(rows, column: str, values, known, out: Collector, message) -> np.ndarray:
    """Mask of ``values`` not in ``known``; one problem each at ``rows`` (the rows of those values)."""
    values = np.asarray(values, dtype=object)
    mask = ~_isin(values, known) & (values != "")
    if mask.any():
        names = values[mask]
        out.add(np.asarray(rows)[mask], column, lambda i: message(names[i]), check=f"unknown {column}")
    return mask


def _abc(folder) -> list[Problem]:
    problems: list[Problem] = []
    acts, objects, qty = folder.activities, folder.cost_objects, folder.driver_quantities
    if folder.resources is not None:
        rd = folder.resource_drivers
        out = Collector(folder.label("resource_drivers"))
        _unknown(folder.rows["resource_drivers"], "resource", rd["resource"], folder.resources["resource"], out,
                 lambda n: f"unknown resource {n!r} (not in resources)")
        _unknown(folder.rows["resource_drivers"], "activity", rd["activity"], acts["activity"], out,
                 lambda n: f"unknown activity {n!r} (not in activities)")
        problems.extend(out.problems)
        total = rd.groupby("resource")["weight"].sum()
        sums = folder.resources["resource"].map(total).fillna(0.0).to_numpy()
        none = sums <= 0
        if none.any():
            out = Collector(folder.label("resources"))
            names = folder.resources["resource"].to_numpy()[none]
            has = folder.resources["resource"].isin(rd["resource"]).to_numpy()[none]
            out.add(folder.rows["resources"][none], "resource",
                    lambda i: (f"the weights of resource {names[i]!r} in resource_drivers sum to 0: it cannot be "
                               f"traced to any activity" if has[i] else
                               f"resource {names[i]!r} has no weights in resource_drivers: give the activities it "
                               f"serves"), check="resource without weights")
            problems.extend(out.problems)
    out = Collector(folder.label("driver_quantities"))
    _unknown(folder.rows["driver_quantities"], "driver", qty["driver"], acts["driver"], out,
             lambda n: f"unknown driver {n!r} (no activity in activities has it)")
    _unknown(folder.rows["driver_quantities"], "cost_object", qty["cost_object"], objects["cost_object"], out,
             lambda n: f"unknown cost object {n!r} (not in cost_objects)")
    problems.extend(out.problems)
    total = qty.groupby("driver")["quantity"].sum()
    out = Collector(folder.label("activities"))
    drivers = acts["driver"]
    missing = ~drivers.isin(qty["driver"]).to_numpy()
    if missing.any():
        names = drivers.to_numpy()[missing]
        out.add(folder.rows["activities"][missing], "driver",
                lambda i: f"driver {names[i]!r} has no quantities in driver_quantities", check="driver without quantities")
    zero = ~missing & (drivers.map(total).fillna(0.0).to_numpy() <= 0) & acts["capacity"].isna().to_numpy()
    if zero.any():
        names = drivers.to_numpy()[zero]
        out.add(folder.rows["activities"][zero], "driver",
                lambda i: f"the quantities of driver {names[i]!r} sum to 0 and the activity has no capacity: its "
                          f"rate is undefined", check="driver with zero quantity")
    problems.extend(out.problems)
    return problems


def services(folder) -> pd.Index:
    """The services of a folder's TDABC part: those with process steps, in order of first appearance."""
    if folder.processes is None:
        return pd.Index([], dtype=object)
    return pd.Index(pd.unique(folder.processes["service"].to_numpy(dtype=object)))


def _tdabc(folder) -> list[Problem]:
    problems: list[Problem] = []
    if folder.capacity is not None:
        share = folder.capacity["practical_share"].to_numpy(dtype=float)
        over = share > 1
        if over.any():
            out = Collector(folder.label("capacity"))
            values = share[over]
            out.add(folder.rows["capacity"][over], "practical_share",
                    lambda i: f"practical share {values[i]:g} is more than 1: it is the fraction of the theoretical "
                              f"minutes that is practical (0.8 or 80%)", check="practical share above 1")
            problems.extend(out.problems)
    if folder.processes is None:
        return problems
    out = Collector(folder.label("processes"))
    _unknown(folder.rows["processes"], "resource", folder.processes["resource"], folder.capacity["resource"], out,
             lambda n: f"unknown resource {n!r} (not in capacity)")
    problems.extend(out.problems)
    known = services(folder)
    for table in ("materials", "volumes"):
        frame = getattr(folder, table)
        if frame is not None:
            out = Collector(folder.label(table))
            _unknown(folder.rows[table], "service", frame["service"], known, out,
                     lambda n: f"unknown service {n!r} (no steps in processes)")
            problems.extend(out.problems)
    return problems


def _check_sources(folder, table: str, frame: pd.DataFrame, out: Collector, mask=None) -> None:
    """Sources of pathway or case items: the word, the name they reference, the price they need."""
    n = len(frame)
    mask = np.ones(n, dtype=bool) if mask is None else mask
    kinds, names, bad = parse_sources(frame["source"])
    rows = folder.rows[table]
    wrong = bad & mask
    if wrong.any():
        cells = frame["source"].to_numpy()[wrong]
        out.add(rows[wrong], "source", lambda i: f"unknown source {cells[i]!r}: use {SOURCES_ACCEPTED}",
                check="unknown source")
    no_price = mask & ~bad & (kinds == "price") & frame["price"].isna().to_numpy()
    if no_price.any():
        out.add(rows[no_price], "price", "value is missing (source 'price' needs the price per unit)",
                check="price missing")
    known_services = services(folder)
    objects = folder.cost_objects
    for kind, known, what, where in (("service", known_services, "service", "no steps in processes"),
                                     ("object", objects["cost_object"] if objects is not None else [], "cost object",
                                      "not in cost_objects")):
        sel = mask & ~bad & (kinds == kind)
        if not sel.any():
            continue
        unknown = sel & ~_isin(names, known)
        if unknown.any():
            refs = names[unknown]
            out.add(rows[unknown], "source", lambda i, refs=refs, what=what, where=where:
                    f"unknown {what} {refs[i]!r} ({where})", check=f"unknown {what}")
        if kind == "object" and objects is not None:
            no_output = set(objects.loc[objects["output"].isna(), "cost_object"])
            lacking = sel & ~unknown & _isin(names, no_output)
            if lacking.any():
                refs = names[lacking]
                out.add(rows[lacking], "source",
                        lambda i, refs=refs: f"cost object {refs[i]!r} has no output in cost_objects, so no unit cost",
                        check="cost object without output")


def _codes(folder, table: str, frame: pd.DataFrame, out: Collector) -> None:
    codes = frame["inacbg_code"].to_numpy(dtype=object)
    distinct = {c for c in codes if c}
    errors = {}
    for c in distinct:
        try:
            parse_inacbg(c)
        except InacbgCodeError as exc:
            errors[c] = str(exc)
    if errors:
        bad = np.array([c in errors for c in codes], dtype=bool)
        cells = codes[bad]
        out.add(folder.rows[table][bad], "inacbg_code", lambda i: errors[cells[i]], check="invalid INA-CBG code")


def _pathways(folder) -> list[Problem]:
    problems: list[Problem] = []
    paths = folder.pathways
    known = pd.Index(pd.unique(paths["pathway"].to_numpy(dtype=object))) if paths is not None else pd.Index([])
    if paths is not None:
        out = Collector(folder.label("pathways"))
        _check_sources(folder, "pathways", paths, out)
        problems.extend(out.problems)
    if folder.pathway_tariffs is not None:
        out = Collector(folder.label("pathway_tariffs"))
        _unknown(folder.rows["pathway_tariffs"], "pathway", folder.pathway_tariffs["pathway"], known, out,
                 lambda n: f"unknown pathway {n!r} (not in pathways)")
        _codes(folder, "pathway_tariffs", folder.pathway_tariffs, out)
        problems.extend(out.problems)
    if folder.cases is not None:
        cases = folder.cases
        out = Collector(folder.label("cases"))
        named = cases["pathway"].to_numpy(dtype=object) != ""
        if named.any():
            _unknown(np.asarray(folder.rows["cases"])[named], "pathway", cases["pathway"].to_numpy(dtype=object)[named],
                     known, out, lambda n: f"unknown pathway {n!r} (not in pathways)")
        _codes(folder, "cases", cases, out)
        items = folder.case_items
        itemized = cases["case"].isin(items["case"]).to_numpy() if items is not None else np.zeros(len(cases), bool)
        alone = ~named & ~itemized
        if alone.any():
            ids = cases["case"].to_numpy()[alone]
            out.add(folder.rows["cases"][alone], "pathway",
                    lambda i: f"case {ids[i]!r} has neither a pathway nor items in case_items", check="case without items")
        problems.extend(out.problems)
        if items is not None:
            out = Collector(folder.label("case_items"))
            _unknown(folder.rows["case_items"], "case", items["case"], cases["case"], out,
                     lambda n: f"unknown case {n!r} (not in cases)")
            given = items["source"].to_numpy(dtype=object) != ""
            _check_sources(folder, "case_items", items, out, mask=given)
            problems.extend(out.problems)
    return problems


def check_references(folder) -> list[Problem]:
    """Every problem between the tables of a folder whose tables each passed their schema."""
    problems: list[Problem] = []
    if folder.activities is not None:
        problems.extend(_abc(folder))
    problems.extend(_tdabc(folder))
    problems.extend(_pathways(folder))
    return problems
