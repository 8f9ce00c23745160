"""Cost per case along a clinical pathway, and per patient from patient-level records.

Each item of a pathway (a step or resource of the case: patient-days, a test, a drug, the operating
theatre) is priced from one source: a ``price`` given in the table, the TDABC cost of a ``service``,
the ABC unit cost of a cost ``object`` or the unit cost UC1 of a production ``center`` of a hospital
folder (through the hospital engine: :func:`hospital_unit_costs`). The case's cost is compared with
its INA-CBG tariff and the hospital's tariff.

Notes
-----
.. math::

    \\text{cost}_p = \\sum_{i \\in p} q_i \\, u_i, \\qquad
    \\text{difference}_p = \\text{tariff}_p - \\text{cost}_p, \\qquad
    \\text{CRR}_p = 100 \\, \\frac{\\text{tariff}_p}{\\text{cost}_p}

with :math:`q_i` the quantity of item :math:`i` per case and :math:`u_i` its unit cost. Patient-level
records (``cases`` and ``case_items``, the project's extension in ``docs/activity-folder.md``) are costed
the same way: a case with rows in ``case_items`` costs the sum of its own items (an item without a
``source`` takes the unit cost of the item of that name in the case's pathway, else of the one pathway
item of that name); a case without items costs its pathway. Its tariff, INA-CBG code and hospital
tariff are its own when given, else its pathway's. Every sum is a :func:`numpy.bincount` over the rows.

References
----------
Kaplan RS, Porter ME (2011). How to solve the cost crisis in health care. Harvard Business Review 89(9):46-64.
Permenkes RI 52/2016 and 3/2023, Standar tarif pelayanan kesehatan dalam penyelenggaraan program
Jaminan Kesehatan (INA-CBG tariffs).

Examples
--------
>>> import pandas as pd
>>> items = pd.DataFrame({"pathway": ["SC", "SC"], "item": ["hari rawat", "obat"], "source": ["price", "price"],
...                       "quantity": [3.0, 1.0], "price": [250_000.0, 400_000.0]})
>>> tariffs = pd.DataFrame({"pathway": ["SC"], "inacbg_code": ["O-6-10-I"], "tariff": [4_500_000.0],
...                         "hospital_tariff": [float("nan")]})
>>> priced = price_pathways(items)
>>> cost_per_case(priced, tariffs)[["pathway", "cost", "difference", "CRR"]].to_dict("records")
[{'pathway': 'SC', 'cost': 1150000.0, 'difference': 3350000.0, 'CRR': 391.30434782608694}]
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from jkncost.activity.references import parse_sources
from jkncost.errors import InputError
from jkncost.tables.checks import Collector

COST_PER_CASE = ["pathway", "inacbg_code", "cost", "tariff", "difference", "CRR", "hospital_tariff"]
PATHWAY_ITEMS = ["pathway", "item", "source", "quantity", "unit_cost", "cost"]
PATIENT_COSTS = ["case", "pathway", "inacbg_code", "class", "los", "items", "cost", "tariff", "difference", "CRR",
                 "hospital_tariff"]


def hospital_unit_costs(hospital_dir: str | os.PathLike[str], method: str = "double") -> pd.DataFrame:
    """Unit cost per production center of a hospital folder, through the hospital engine.

    The folder is read and validated by :func:`jkncost.costing.read_hospital` (its problems raise
    :class:`~jkncost.errors.InputError` naming its own files) and costed by
    :func:`jkncost.costing.unitcost.unit_cost` with ``method`` (double distribution by default).

    Parameters
    ----------
    hospital_dir : path
        A hospital folder or workbook.
    method : {'direct', 'stepdown', 'double', 'reciprocal'}, default 'double'
        The allocation method.

    Returns
    -------
    DataFrame
        ``center, output, TC1, TC2, TC3, UC1, UC2, UC3`` (``unit_cost.csv`` of ``jkncost unitcost``).

    Examples
    --------
    >>> from importlib.resources import files
    >>> uc = hospital_unit_costs(files("jkncost.costing") / "data" / "example_v2", "double")
    >>> list(uc.columns[:3]), bool(uc["UC1"].notna().any())
    (['center', 'output', 'TC1'], True)
    """
    from jkncost.costing.reader import read_hospital
    from jkncost.costing.unitcost import unit_cost

    hospital = read_hospital(hospital_dir, method=method)
    return unit_cost(hospital, method, flows=False).unit_cost.copy()


def _lookup(kinds: np.ndarray, names: np.ndarray, prices: np.ndarray, services: pd.Series | None,
            objects: pd.Series | None, centers: pd.Series | None) -> tuple[np.ndarray, np.ndarray]:
    """Unit cost of each row, and a code per row for what is wrong (0 fine, 1 unknown, 2 no unit cost, 3 no
    hospital)."""
    unit = np.where(kinds == "price", prices, np.nan)
    why = np.zeros(len(kinds), dtype=np.int8)
    for kind, table in (("service", services), ("object", objects), ("center", centers)):
        sel = kinds == kind
        if not sel.any():
            continue
        if table is None:
            why[sel] = 3
            continue
        at = pd.Index(table.index).get_indexer(names[sel])
        values = np.where(at >= 0, table.to_numpy(dtype=float)[np.maximum(at, 0)], np.nan)
        unit[sel] = values
        why[sel] = np.where(at < 0, 1, np.where(np.isnan(values), 2, 0))
    return unit, why


def _raise(why: np.ndarray, kinds, names, rows, label: str, hospital: str | None) -> None:
    if not why.any():
        return
    out = Collector(label)
    what = {"service": "service", "object": "cost object", "center": "production center"}
    for code in (1, 2, 3):
        sel = why == code
        if not sel.any():
            continue
        k, n = kinds[sel], names[sel]

        def message(i, k=k, n=n, code=code):
            if code == 1:
                where = f"of hospital folder {hospital}" if k[i] == "center" else "of this folder"
                return f"unknown {what[k[i]]} {n[i]!r} (not a {what[k[i]]} {where})"
            if code == 2:
                return f"{what[k[i]]} {n[i]!r} has no unit cost (no output)"
            if k[i] == "center":
                return f"center:{n[i]} needs a hospital folder: run with --hospital DIR --method M"
            return f"{k[i]}:{n[i]} needs the {'TDABC' if k[i] == 'service' else 'ABC'} tables in this folder"
        out.add(np.asarray(rows)[sel], "source", message, check="item that cannot be priced")
    raise InputError(out.problems)


def price_items(frame: pd.DataFrame, *, services: pd.Series | None = None, objects: pd.Series | None = None,
                centers: pd.Series | None = None, rows=None, label: str = "pathways.csv",
                hospital: str | None = None) -> pd.DataFrame:
    """``frame`` (``item, source, quantity, price`` ...) with ``unit_cost`` and ``cost = quantity x unit_cost``.

    ``services``, ``objects`` and ``centers`` map names to unit costs (TDABC services, ABC cost objects,
    a hospital's UC1). A source that cannot be priced raises :class:`~jkncost.errors.InputError` naming
    ``label``, the row (``rows``: the rows a person sees, default 2, 3, ...) and the column ``source``.

    Parameters
    ----------
    frame : DataFrame
        ``item, source, quantity[, price]``; ``source`` is ``price``, ``service:NAME``, ``object:NAME`` or
        ``center:NAME``.
    services : Series, optional
        TDABC service -> cost per unit (``service:NAME`` items).
    objects : Series, optional
        ABC cost object -> unit cost (``object:NAME`` items).
    centers : Series, optional
        Production center -> UC1 of a hospital folder (``center:NAME`` items, :func:`hospital_unit_costs`).
    rows : sequence of int, optional
        The rows of ``frame`` as a person sees them in the file, for messages.
    label : str, default 'pathways.csv'
        The file named in messages.
    hospital : str, optional
        The hospital folder named in messages about ``center:`` items.

    Returns
    -------
    DataFrame
        ``frame`` with ``unit_cost`` (:math:`u_i`) and ``cost`` (:math:`q_i u_i`).

    Raises
    ------
    InputError
        A source that cannot be priced (an unknown service, object or center, or a missing price).

    References
    ----------
    Kaplan R.S., Porter M.E. (2011), How to solve the cost crisis in health care, *Harvard Business Review*
    89(9):46-64. Permenkes RI 52/2016 and 3/2023 (INA-CBG tariffs).

    Examples
    --------
    >>> items = pd.DataFrame({"pathway": ["SC", "SC"], "item": ["hari rawat", "operasi"],
    ...                       "source": ["price", "service:SC operasi"], "quantity": [3.0, 1.0],
    ...                       "price": [250_000.0, float("nan")]})
    >>> services = pd.Series({"SC operasi": 1_200_000.0})
    >>> price_items(items, services=services)[["item", "unit_cost", "cost"]].values.tolist()
    [['hari rawat', 250000.0, 750000.0], ['operasi', 1200000.0, 1200000.0]]
    """
    kinds, names, bad = parse_sources(frame["source"])
    if bad.any():
        raise ValueError("unchecked sources: read the folder with read_activity_folder")
    prices = frame["price"].to_numpy(dtype=float) if "price" in frame else np.full(len(frame), np.nan)
    unit, why = _lookup(kinds, names, prices, services, objects, centers)
    _raise(why, kinds, names, rows if rows is not None else np.arange(2, len(frame) + 2), label, hospital)
    out = frame.copy()
    out["unit_cost"] = unit
    out["cost"] = frame["quantity"].to_numpy(dtype=float) * unit
    return out


def price_pathways(pathways: pd.DataFrame, **lookups) -> pd.DataFrame:
    """``pathway_items``: one row per pathway item, ``pathway, item, source, quantity, unit_cost, cost``.

    Parameters
    ----------
    pathways : DataFrame
        The typed ``pathways`` table: ``pathway, item, source, quantity[, price]``.
    **lookups
        ``services``, ``objects``, ``centers``, ``rows``, ``label``, ``hospital`` as for :func:`price_items`.

    Returns
    -------
    DataFrame
        ``pathway, item, source, quantity, unit_cost, cost``.

    Examples
    --------
    >>> items = pd.DataFrame({"pathway": ["SC", "SC"], "item": ["hari rawat", "operasi"],
    ...                       "source": ["price", "service:SC operasi"], "quantity": [3.0, 1.0],
    ...                       "price": [250_000.0, float("nan")]})
    >>> services = pd.Series({"SC operasi": 1_200_000.0})
    >>> float(price_pathways(items, services=services)["cost"].sum())
    1950000.0
    """
    return price_items(pathways, **lookups)[PATHWAY_ITEMS].reset_index(drop=True)


def _case_tariffs(keys: pd.Series, tariffs: pd.DataFrame | None) -> dict[str, np.ndarray]:
    columns = {"inacbg_code": np.full(len(keys), "", dtype=object), "tariff": np.full(len(keys), np.nan),
               "hospital_tariff": np.full(len(keys), np.nan)}
    if tariffs is None or not len(tariffs):
        return columns
    at = pd.Index(tariffs["pathway"]).get_indexer(keys.to_numpy(dtype=object))
    found = at >= 0
    for column in columns:
        if column in tariffs:
            values = tariffs[column].to_numpy()
            if column == "inacbg_code":
                values = np.array([_canonical(v) for v in values], dtype=object)
            columns[column][found] = values[at[found]]
    return columns


def _canonical(code: str) -> str:
    from jkncost.jkn.inacbg import parse

    return parse(code).code if code else ""


def _compare(cost: np.ndarray, tariff: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        crr = np.where(cost > 0, 100.0 * tariff / cost, np.nan)
    return tariff - cost, crr


def cost_per_case(items: pd.DataFrame, tariffs: pd.DataFrame | None = None) -> pd.DataFrame:
    r"""``cost_per_case.csv`` from priced pathway items, one row per pathway in order of first appearance.

    Parameters
    ----------
    items : DataFrame
        :func:`price_pathways`.
    tariffs : DataFrame, optional
        ``pathway_tariffs``: ``pathway, inacbg_code, tariff, hospital_tariff``.

    Returns
    -------
    DataFrame
        ``pathway, inacbg_code, cost, tariff, difference, CRR, hospital_tariff``.

    Notes
    -----
    .. math::
        \text{cost}_p = \sum_{i \in p} q_i \, u_i, \qquad
        \text{difference}_p = \text{tariff}_p - \text{cost}_p, \qquad
        \text{CRR}_p = 100 \, \frac{\text{tariff}_p}{\text{cost}_p}

    References
    ----------
    Kaplan R.S., Porter M.E. (2011), How to solve the cost crisis in health care, *Harvard Business Review*
    89(9):46-64. Permenkes RI 52/2016 and 3/2023 (INA-CBG tariffs).

    Examples
    --------
    >>> items = pd.DataFrame({"pathway": ["SC", "SC"], "item": ["hari rawat", "operasi"],
    ...                       "source": ["price", "service:SC operasi"], "quantity": [3.0, 1.0],
    ...                       "price": [250_000.0, float("nan")]})
    >>> services = pd.Series({"SC operasi": 1_200_000.0})
    >>> tariffs = pd.DataFrame({"pathway": ["SC"], "inacbg_code": ["O-6-10-I"], "tariff": [4_500_000.0],
    ...                         "hospital_tariff": [float("nan")]})
    >>> cost_per_case(price_pathways(items, services=services), tariffs)[["cost", "difference"]].values.tolist()
    [[1950000.0, 2550000.0]]
    """
    paths = pd.Index(pd.unique(items["pathway"].to_numpy(dtype=object)))
    cost = np.bincount(paths.get_indexer(items["pathway"].to_numpy(dtype=object)),
                       weights=items["cost"].to_numpy(dtype=float), minlength=len(paths))
    t = _case_tariffs(pd.Series(paths.to_numpy(dtype=object)), tariffs)
    difference, crr = _compare(cost, t["tariff"])
    return pd.DataFrame({"pathway": paths.to_numpy(dtype=object), "inacbg_code": t["inacbg_code"], "cost": cost,
                         "tariff": t["tariff"], "difference": difference, "CRR": crr,
                         "hospital_tariff": t["hospital_tariff"]})


def patient_costs(cases: pd.DataFrame, case_items: pd.DataFrame | None, pathway_items: pd.DataFrame | None,
                  cost_by_pathway: pd.DataFrame | None, tariffs: pd.DataFrame | None = None, *,
                  case_rows=None, label: str = "case_items.csv", **lookups) -> pd.DataFrame:
    r"""``patient_costs.csv``: one row per case (see the module's notes for how items are priced).

    Parameters
    ----------
    cases, case_items : DataFrame
        The typed tables ``cases`` and ``case_items`` (None when there are no item rows).
    pathway_items, cost_by_pathway : DataFrame or None
        :func:`price_pathways` and :func:`cost_per_case` of the folder's pathways.
    tariffs : DataFrame, optional
        ``pathway_tariffs``.
    case_rows : sequence of int, optional
        Rows of ``case_items`` as a person sees them, for messages.
    label : str, default 'case_items.csv'
        The file named in messages.
    **lookups
        As :func:`price_items`, for case items that give a source.

    Returns
    -------
    DataFrame
        ``case, pathway, inacbg_code, class, los, items, cost, tariff, difference, CRR, hospital_tariff``.

    Raises
    ------
    InputError
        A case item that cannot be priced, naming ``label`` and its row.

    Notes
    -----
    A case with items costs :math:`\sum_{i \in case} q_i u_i`; a case without items costs its pathway.

    References
    ----------
    Kaplan R.S., Porter M.E. (2011), How to solve the cost crisis in health care, *Harvard Business Review*
    89(9):46-64. Permenkes RI 52/2016 and 3/2023 (INA-CBG tariffs).

    Examples
    --------
    >>> items = pd.DataFrame({"pathway": ["SC", "SC"], "item": ["hari rawat", "operasi"],
    ...                       "source": ["price", "service:SC operasi"], "quantity": [3.0, 1.0],
    ...                       "price": [250_000.0, float("nan")]})
    >>> services = pd.Series({"SC operasi": 1_200_000.0})
    >>> priced = price_pathways(items, services=services)
    >>> cases = pd.DataFrame({"case": ["P1", "P2"], "pathway": ["SC", "SC"]})
    >>> case_items = pd.DataFrame({"case": ["P2"], "item": ["hari rawat"], "quantity": [5.0]})
    >>> patient_costs(cases, case_items, priced, cost_per_case(priced))[["case", "items", "cost"]].values.tolist()
    [['P1', 2, 1950000.0], ['P2', 1, 1250000.0]]
    """
    ids = cases["case"].to_numpy(dtype=object)
    n = len(ids)
    path = cases["pathway"].to_numpy(dtype=object) if "pathway" in cases else np.full(n, "", dtype=object)
    path = np.asarray(path, dtype=object)
    # every case's pathway as a position among the pathways, found once and used for all that follows
    per_path = cost_by_pathway if cost_by_pathway is not None else pd.DataFrame(columns=COST_PER_CASE)
    paths = pd.Index(per_path["pathway"])
    p_case = paths.get_indexer(path)
    known = p_case >= 0
    at = np.maximum(p_case, 0)

    def of_pathway(column, blank):  # numpydoc ignore=GL08
        values = per_path[column].to_numpy()
        return np.where(known, values[at], blank) if len(values) else np.full(n, blank, dtype=object)

    cost = of_pathway("cost", np.nan).astype(float)
    count = np.zeros(n)
    if len(paths):
        sizes = pathway_items.groupby("pathway", sort=False).size().reindex(paths).to_numpy(dtype=float)
        count = np.where(known, sizes[at], 0.0)
    if case_items is not None and len(case_items):
        c_idx = pd.Index(ids).get_indexer(case_items["case"])
        unit = _case_item_units(case_items, p_case[c_idx], paths, pathway_items, case_rows, label, lookups)
        item_cost = np.bincount(c_idx, weights=case_items["quantity"].to_numpy(dtype=float) * unit, minlength=n)
        has = np.bincount(c_idx, minlength=n)
        cost = np.where(has > 0, item_cost, cost)
        count = np.where(has > 0, has, count)
    code = cases["inacbg_code"].to_numpy(dtype=object) if "inacbg_code" in cases else np.full(n, "", dtype=object)
    back, distinct = pd.factorize(code)
    code = np.array([_canonical(c) for c in distinct] + [""], dtype=object)[back]
    code = np.where(code != "", code, of_pathway("inacbg_code", ""))
    tariff = of_pathway("tariff", np.nan).astype(float)
    hospital = of_pathway("hospital_tariff", np.nan).astype(float)
    if "tariff" in cases:
        tariff = np.where(cases["tariff"].isna().to_numpy(), tariff, cases["tariff"].to_numpy(dtype=float))
    if "hospital_tariff" in cases:
        hospital = np.where(cases["hospital_tariff"].isna().to_numpy(), hospital,
                            cases["hospital_tariff"].to_numpy(dtype=float))
    difference, crr = _compare(cost, tariff)
    return pd.DataFrame({"case": cases["case"].reset_index(drop=True), "pathway": path, "inacbg_code": code,
                         "class": cases["class"].reset_index(drop=True) if "class" in cases else "",
                         "los": cases["los"].to_numpy(dtype=float) if "los" in cases else np.nan,
                         "items": count.astype(int), "cost": cost, "tariff": tariff, "difference": difference,
                         "CRR": crr, "hospital_tariff": hospital})


def _case_item_units(items: pd.DataFrame, p_case: np.ndarray, paths: pd.Index, pathway_items: pd.DataFrame | None,
                     rows, label: str, lookups: dict) -> np.ndarray:
    """Unit cost of each case item: its own source, else the item of that name in the case's pathway, else
    the one pathway item of that name (as integer codes: one hashing pass over the item names). ``p_case`` is
    the position of each item's case's pathway in ``paths`` (-1 for none)."""
    rows = np.asarray(rows if rows is not None else np.arange(2, len(items) + 2))
    given = (items["source"] != "").to_numpy() if "source" in items else np.zeros(len(items), dtype=bool)
    unit = np.full(len(items), np.nan)
    if given.any():
        priced = price_items(items[given], rows=rows[given], label=label, **lookups)
        unit[given] = priced["unit_cost"].to_numpy(dtype=float)
    rest = ~given
    if not rest.any():
        return unit
    codes, names = pd.factorize(items["item"])
    found = np.full(len(items), np.nan)
    if pathway_items is not None and len(pathway_items):
        p_of_item = paths.get_indexer(pathway_items["pathway"])
        u_of_item = pd.Index(names).get_indexer(pathway_items["item"])
        ok = u_of_item >= 0
        value = pathway_items["unit_cost"].to_numpy(dtype=float)[ok]
        # one unit cost per (pathway, item) and per item, NaN where the pathways price a name differently
        low = np.full((len(paths) + 1, len(names)), np.inf)
        high = np.full((len(paths) + 1, len(names)), -np.inf)
        for row in (p_of_item[ok], np.full(int(ok.sum()), len(paths))):
            np.minimum.at(low, (row, u_of_item[ok]), value)
            np.maximum.at(high, (row, u_of_item[ok]), value)
        table = np.where(low == high, low, np.nan)
        pair = np.where(p_case >= 0, table[np.where(p_case >= 0, p_case, len(paths)), codes], np.nan)
        found = np.where(np.isnan(pair), table[len(paths), codes], pair)
    bad = rest & np.isnan(found)
    if bad.any():
        out = Collector(label)
        names_of = np.append(paths.to_numpy(dtype=object), "")
        cells, paths_of = items["item"].to_numpy(dtype=object)[bad], names_of[p_case[bad]]
        out.add(rows[bad], "item",
                lambda i: f"item {cells[i]!r} cannot be priced: it is not an item of "
                          f"{'pathway ' + repr(paths_of[i]) if paths_of[i] else 'the case (no pathway)'} nor, at one "
                          f"unit cost, of the pathways; give its source (price, service:, object:, center:)",
                check="item that cannot be priced")
        raise InputError(out.problems)
    unit[rest] = found[rest]
    return unit


__all__ = ["COST_PER_CASE", "PATHWAY_ITEMS", "PATIENT_COSTS", "cost_per_case", "hospital_unit_costs",
           "patient_costs", "price_items", "price_pathways"]
