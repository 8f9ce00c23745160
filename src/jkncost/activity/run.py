"""One activity folder costed whole: ABC, TDABC, pathways and patient records, in that order.

:func:`run_activity` runs every part the folder holds and returns its tables keyed by the output file
stems of ``docs/activity-folder.md`` (the contract's ``activity_rates``, ``cost_objects``,
``capacity_rates``, ``services``, ``cost_per_case``, and the project's extras ``activity_costs``,
``object_levels``, ``resource_costs``, ``process_steps``, ``pathway_items``, ``patient_costs``,
``assumptions``), only those whose inputs exist. Later parts price their items from earlier ones:
``service:NAME`` from the TDABC services, ``object:NAME`` from the ABC unit costs, ``center:NAME``
from a hospital folder's UC1 (:func:`~jkncost.activity.pathway.hospital_unit_costs`), so one call
goes from a hospital's cost tables through double distribution to the cost of one case.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "capacity.csv").write_text("resource,cost,minutes\\nBidan,48000000,100000\\n")
>>> _ = (d / "processes.csv").write_text("service,resource,minutes\\nANC,Bidan,20\\n")
>>> _ = (d / "pathways.csv").write_text("pathway,item,source,quantity,price\\n"
...                                      "ANC,kunjungan,service:ANC,4,\\nANC,tablet Fe,price,30,500\\n")
>>> r = run_activity(read_activity_folder(d))
>>> sorted(r.tables)
['assumptions', 'capacity_rates', 'cost_per_case', 'pathway_items', 'process_steps', 'services']
>>> r.tables["cost_per_case"][["pathway", "cost"]].to_dict("records")
[{'pathway': 'ANC', 'cost': 63000.0}]
>>> r.warnings[0][:40]
'practical_share not given for 1 resource'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pandas as pd

from jkncost.labels import catalogue, label

from jkncost.activity.abc import ACTIVITY_COSTS, ACTIVITY_RATES, COST_OBJECTS, activity_based_costing
from jkncost.activity.folder import ActivityFolder, read_activity_folder
from jkncost.activity.pathway import (
    COST_PER_CASE,
    PATHWAY_ITEMS,
    PATIENT_COSTS,
    cost_per_case,
    patient_costs,
    price_pathways,
)
from jkncost.activity.tdabc import CAPACITY_RATES, SERVICES, time_driven_costing

#: The contract's outputs, in the order they are written.
SPEC_TABLES = ("activity_rates", "cost_objects", "capacity_rates", "services", "cost_per_case")
#: The project's extras (docs/activity-folder.md, "What a run writes").
EXTRA_TABLES = ("activity_costs", "object_levels", "resource_costs", "process_steps", "pathway_items",
                "patient_costs", "assumptions")
COLUMNS = {"activity_rates": ACTIVITY_RATES, "cost_objects": COST_OBJECTS, "capacity_rates": CAPACITY_RATES,
           "services": SERVICES, "cost_per_case": COST_PER_CASE, "activity_costs": ACTIVITY_COSTS,
           "pathway_items": PATHWAY_ITEMS, "patient_costs": PATIENT_COSTS}


@dataclass
class ActivityResult:
    """The tables of one run (keyed by output file stem) and what the reader must know.

    Attributes
    ----------
    tables : dict of str to DataFrame
        Only the tables whose inputs exist, contract tables first.
    warnings : list of str
        Assumptions (the default practical share), over-applied pools, resources used beyond their
        capacity, markups above 1 (read as fractions).
    folder : ActivityFolder
        The folder that was costed.

    Examples
    --------
    >>> from jkncost.activity import hospital_unit_costs, read_activity_folder
    >>> from jkncost.core import paths
    >>> folder = read_activity_folder(paths.raw("activity_example"))
    >>> r = run_activity(folder, hospital_unit_costs=hospital_unit_costs(paths.raw("example_hospital")))
    >>> list(r.tables)[:3]
    ['activity_rates', 'cost_objects', 'capacity_rates']
    """

    tables: dict[str, pd.DataFrame]
    warnings: list[str] = field(default_factory=list)
    folder: ActivityFolder | None = None


def column_labels(columns, lang: str = "en") -> dict[str, str]:
    """Headers for a table of this package in ``lang`` (``en`` or ``id``), from the label catalogue.

    Parameters
    ----------
    columns : iterable of str
        Column names.
    lang : {'en', 'id'}, default 'en'
        The language.

    Returns
    -------
    dict of str to str
        Column -> header (``src/jkncost/labels/activity.csv``); columns without a label keep their name.

    Examples
    --------
    >>> column_labels(["cost_object", "unit_cost", "x"], "id")
    {'cost_object': 'objek biaya', 'unit_cost': 'biaya satuan (Rp)', 'x': 'x'}
    """
    known = catalogue()
    return {c: label(f"activity.{c}", lang) if f"activity.{c}" in known else c for c in columns}


def _series(frame: pd.DataFrame | None, key: str, value: str) -> pd.Series | None:
    if frame is None:
        return None
    return pd.Series(frame[value].to_numpy(dtype=float), index=pd.Index(frame[key].to_numpy(dtype=object)))


def run_activity(folder: ActivityFolder | str | os.PathLike[str], markup: float | None = None,
                 hospital_unit_costs: pd.DataFrame | None = None, hospital_name: str | None = None) -> ActivityResult:
    """Cost every part of an activity folder.

    Parameters
    ----------
    folder : ActivityFolder or path-like
        From :func:`~jkncost.activity.folder.read_activity_folder` (a path is read with it).
    markup : float, optional
        ABC markup (fraction, 0.2 for 20%) for the cost objects whose ``markup`` cell is empty.
    hospital_unit_costs : DataFrame, optional
        ``center, UC1, ...`` of a hospital folder (:func:`~jkncost.activity.pathway.hospital_unit_costs`),
        for pathway items with source ``center:NAME``.
    hospital_name : str, optional
        How messages name the hospital folder.

    Returns
    -------
    ActivityResult
        The output tables (ABC, TDABC, cost per case, patient costs: those whose inputs exist) and the
        warnings.

    Raises
    ------
    InputError
        An item that cannot be priced (``center:`` without a hospital, an unknown center, a case item
        that names no pathway item), naming file, row and column.

    Notes
    -----
    ABC (:func:`jkncost.activity.abc.activity_based_costing`), TDABC
    (:func:`jkncost.activity.tdabc.time_driven_costing`) and the pathways
    (:func:`jkncost.activity.pathway.cost_per_case`) each follow their module's formulas.

    References
    ----------
    Kaplan R.S., Anderson S.R. (2004), Time-driven activity-based costing, *Harvard Business Review*
    82(11):131-138. Kaplan R.S., Porter M.E. (2011), How to solve the cost crisis in health care,
    *Harvard Business Review* 89(9):46-64.

    Examples
    --------
    >>> from jkncost.activity import hospital_unit_costs, read_activity_folder
    >>> from jkncost.core import paths
    >>> folder = read_activity_folder(paths.raw("activity_example"))
    >>> r = run_activity(folder, hospital_unit_costs=hospital_unit_costs(paths.raw("example_hospital")))
    >>> r.tables["cost_per_case"][["pathway", "cost"]].round(0).values.tolist()[:2]
    [['SC kelas III', 4161626.0], ['SC kelas III (ABC)', 4156308.0]]
    """
    if not isinstance(folder, ActivityFolder):
        folder = read_activity_folder(folder)
    tables: dict[str, pd.DataFrame] = {}
    extras: dict[str, pd.DataFrame] = {}
    warnings: list[str] = []
    assumptions: list[str] = []
    objects = services = None
    if folder.activities is not None:
        abc = activity_based_costing(folder.activities, folder.cost_objects, folder.driver_quantities,
                                     folder.resources, folder.resource_drivers, markup=markup)
        tables["activity_rates"] = abc.activity_rates
        tables["cost_objects"] = abc.cost_objects
        extras["activity_costs"] = abc.activity_costs
        extras["object_levels"] = abc.object_levels
        if abc.resource_costs is not None:
            extras["resource_costs"] = abc.resource_costs
        warnings.extend(abc.warnings)
        objects = _series(abc.cost_objects, "cost_object", "unit_cost")
    if folder.capacity is not None:
        td = time_driven_costing(folder.capacity, folder.processes, folder.materials, folder.volumes)
        tables["capacity_rates"] = td.capacity_rates
        if td.services is not None:
            tables["services"] = td.services
            extras["process_steps"] = td.steps
            services = _series(td.services, "service", "cost")
        assumptions.extend(td.assumptions)
        warnings.extend(td.assumptions + td.warnings)
    centers = _series(hospital_unit_costs, "center", "UC1") if hospital_unit_costs is not None else None
    lookups = dict(services=services, objects=objects, centers=centers, hospital=hospital_name)
    items = per_path = None
    if folder.pathways is not None:
        items = price_pathways(folder.pathways, rows=folder.rows["pathways"], label=folder.label("pathways"),
                               **lookups)
        per_path = cost_per_case(items, folder.pathway_tariffs)
        tables["cost_per_case"] = per_path
        extras["pathway_items"] = items
    if folder.cases is not None:
        extras["patient_costs"] = patient_costs(folder.cases, folder.case_items, items, per_path,
                                                folder.pathway_tariffs,
                                                case_rows=folder.rows.get("case_items"),
                                                label=folder.label("case_items"), **lookups)
    if assumptions:
        extras["assumptions"] = pd.DataFrame({"assumption": assumptions})
    for name in EXTRA_TABLES:
        if name in extras:
            tables[name] = extras[name]
    return ActivityResult(tables, warnings, folder)


__all__ = ["ActivityResult", "EXTRA_TABLES", "SPEC_TABLES", "column_labels", "run_activity"]
