"""Grid files of ``jkncost sweep``: parsing, expansion into runs, checks before anything runs.

Grid file
---------
A YAML mapping with up to three keys (every one optional, at least one run in total)::

    parameters:            # Cartesian product, in the order written; the last name varies fastest
      method: [direct, stepdown, double, reciprocal]
      bor: [0.6, 0.7, 0.8, 0.9, 1.0]
    fixed:                 # the same value in every run (product and explicit runs)
      hospital_dir: data/raw/example_hospital
    runs:                  # explicit combinations, after the product (a run's values win over fixed)
      - {method: double, bor: 0.0}

Each value under ``parameters`` is a list (a list-valued parameter is a list of lists). With only
``runs``, the product is left out; with neither ``parameters`` nor ``runs``, ``fixed`` is one run.
``--hospitals FOLDER`` adds one more axis, outermost: every sub-folder (and every ``.xlsx``
workbook) of FOLDER, sorted by name, as the notebook's ``hospital_dir``. ``output_dir`` is set by
the sweep (each run writes into its own folder) and may not be given in the grid.

Every combination is checked against the notebook's declared parameters
(:func:`jkncost.compendium.notebook.check_parameters`) before anything is submitted: an unknown name or a
wrong type is a :class:`~jkncost.compendium.notebook.ParameterError` naming the grid file, where in it the
value is, and the parameter.

Examples
--------
>>> import tempfile, pathlib
>>> grid = pathlib.Path(tempfile.mkdtemp()) / "grid.yaml"
>>> _ = grid.write_text("parameters: {method: [direct, double], bor: [0.7, 0.8]}\\nruns: [{method: stepdown}]\\n")
>>> [c.parameters for c in expand_grid(load_grid(grid))]  # doctest: +NORMALIZE_WHITESPACE
[{'method': 'direct', 'bor': 0.7}, {'method': 'direct', 'bor': 0.8},
 {'method': 'double', 'bor': 0.7}, {'method': 'double', 'bor': 0.8}, {'method': 'stepdown'}]
"""


from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jkncost.errors import InputError, Problem

GRID_KEYS = ("parameters", "fixed", "runs")
RESERVED = ("output_dir",)  # set by the sweep, one folder per run
HOSPITAL_PARAMETER = "hospital_dir"



@dataclass
class Grid:
    """A parsed grid file: the product axes, the fixed values and the explicit runs."""

    source: str
    parameters: dict[str, list[Any]] = field(default_factory=dict)
    fixed: dict[str, Any] = field(default_factory=dict)
    runs: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Combination:
    """One run of a sweep: its id, its parameters and where each value came from in the grid file."""

    run_id: str
    parameters: dict[str, Any]
    origin: dict[str, str]  # parameter -> "parameters.bor[2]", "fixed.method", "runs[1].bor", "--hospitals"


def load_grid(path: str | Path) -> Grid:
    """Read and check the structure of a grid file (see the module docstring for the format).

    Raises
    ------
    InputError
        One line per problem, naming the file (and the line for YAML syntax errors).
    FileNotFoundError
        When the file does not exist.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such grid file")
    label = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise InputError(Problem(label, f"not valid YAML: {getattr(exc, 'problem', None) or exc}", row=row)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(Problem(label, "a grid file is a mapping with keys parameters, fixed and/or runs"))
    problems = [Problem(label, f"unknown key {k!r}; a grid file has: {', '.join(GRID_KEYS)}")
                for k in data if k not in GRID_KEYS]
    params = data.get("parameters") or {}
    fixed = data.get("fixed") or {}
    runs = data.get("runs") or []
    if not isinstance(params, dict):
        problems.append(Problem(label, "'parameters' must map each parameter name to a list of values"))
        params = {}
    if not isinstance(fixed, dict):
        problems.append(Problem(label, "'fixed' must map parameter names to single values"))
        fixed = {}
    if not isinstance(runs, list) or not all(isinstance(r, dict) for r in runs):
        problems.append(Problem(label, "'runs' must be a list of mappings, e.g. [{method: double, bor: 0.8}]"))
        runs = []
    for name, values in params.items():
        if not isinstance(values, list) or not values:
            problems.append(Problem(label, f"parameters.{name}: must be a non-empty list of values, e.g. "
                                           f"{name}: [{values!r}] (single values go under 'fixed')"))
    for name in fixed:
        if name in params:
            problems.append(Problem(label, f"fixed.{name}: also listed under 'parameters'; give it in one place"))
    names = [*params, *fixed, *(k for r in runs for k in r)]
    for name in dict.fromkeys(names):
        if not isinstance(name, str):
            problems.append(Problem(label, f"parameter name {name!r} must be text"))
        elif name in RESERVED:
            problems.append(Problem(label, f"{name!r} is set by the sweep (each run writes into OUT/runs/<run_id>/); "
                                           f"leave it out of the grid"))
    if problems:
        raise InputError(problems)
    return Grid(label, {k: list(v) for k, v in params.items()}, dict(fixed), [dict(r) for r in runs])


def hospital_folders(folder: str | Path) -> list[Path]:
    """The hospitals in ``folder``: every sub-folder and ``.xlsx`` workbook, sorted by name.

    Names starting with ``.``, ``_`` or ``~$`` (hidden files, Excel lock files) are skipped; a name a
    spreadsheet would run as a formula (``=x``, ``+x``, ``@x``: :func:`jkncost.tables.checks.formula_like`)
    is refused (:class:`~jkncost.errors.InputError`).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder of hospital folders")
    found = sorted((p for p in folder.iterdir()
                    if not p.name.startswith((".", "_", "~$"))
                    and (p.is_dir() or p.suffix.lower() in (".xlsx", ".xlsm"))), key=lambda p: p.name)
    if not found:
        raise InputError(Problem(str(folder), "no hospital folders or .xlsx workbooks in this folder"))
    from jkncost.tables.checks import formula_like

    # a hospital's name goes into every row of the batch table and the sweep's: a spreadsheet opening them
    # would run "=1+1" (or worse) as a formula, so such a name is refused before anything runs
    risky = [p for p in found if formula_like(p.stem if p.is_file() else p.name)]
    if risky:
        name = risky[0].stem if risky[0].is_file() else risky[0].name
        more = f" ({len(risky) - 1} more like it)" if len(risky) > 1 else ""
        raise InputError(Problem(str(risky[0]), f"hospital name {name!r} starts with {name[:1]!r}: a spreadsheet "
                                                f"opening the outputs would run it as a formula; rename it without "
                                                f"the leading {name[:1]!r}{more}"))
    return found


def _hospital_value(path: Path) -> str:
    """How a hospital path is passed to a notebook: repository-relative when inside it (no machine path)."""
    from jkncost.core import paths

    return paths.relative(path)


def expand_grid(grid: Grid | None, hospitals: Sequence[str | Path] | None = None) -> list[Combination]:
    """Every run of a sweep, in a stable order.

    Order: hospitals (outermost, as given), then the product of ``parameters`` in the order the
    names are written (the last varies fastest), then the explicit ``runs``; ``fixed`` values are
    added to every run unless the run sets them itself.
    """
    grid = grid or Grid("<no grid>")
    base: list[tuple[dict[str, Any], dict[str, str]]] = []
    if grid.parameters or not grid.runs:
        names = list(grid.parameters)
        for idx in itertools.product(*(range(len(grid.parameters[n])) for n in names)):
            values = {n: grid.parameters[n][i] for n, i in zip(names, idx)}
            origin = {n: f"parameters.{n}[{i}]" for n, i in zip(names, idx)}
            base.append(({**grid.fixed, **values}, {**{k: f"fixed.{k}" for k in grid.fixed}, **origin}))
    for j, run in enumerate(grid.runs):
        base.append(({**grid.fixed, **run},
                     {**{k: f"fixed.{k}" for k in grid.fixed}, **{k: f"runs[{j}].{k}" for k in run}}))
    if hospitals is not None:
        hospitals = list(hospitals)
        clash = [o for _, origin in base for k, o in origin.items() if k == HOSPITAL_PARAMETER]
        if clash:
            raise InputError(Problem(grid.source, f"{clash[0]}: {HOSPITAL_PARAMETER!r} is given by --hospitals; "
                                                  f"leave it out of the grid"))
        base = [({HOSPITAL_PARAMETER: _hospital_value(Path(h)), **p}, {HOSPITAL_PARAMETER: "--hospitals", **o})
                for h in hospitals for p, o in base]
    width = max(3, len(str(len(base))))
    return [Combination(f"{i + 1:0{width}d}", p, o) for i, (p, o) in enumerate(base)]


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str) + type(value).__name__


def validate_combinations(notebook: str | Path, combinations: Sequence[Combination], source: str) -> None:
    """Check every combination against the notebook's declared parameters, before anything runs.

    Every distinct value of every parameter is checked once with
    :func:`jkncost.compendium.notebook.check_parameters` (a handful of calls, however large the grid).

    Raises
    ------
    ParameterError
        One problem per bad (parameter, value), naming ``source`` (the grid file), where in it the
        value is, and the notebook's complaint.
    """
    from jkncost.compendium.notebook import ParameterError, check_parameters

    if not combinations:
        raise InputError(Problem(source, "the grid has no runs"))
    nb_name = Path(notebook).name
    found: list[tuple[tuple[int, int], Problem]] = []
    distinct: dict[str, dict[str, tuple[Any, str, tuple[int, int]]]] = {}
    for i, combo in enumerate(combinations):
        for j, (name, value) in enumerate(combo.parameters.items()):
            distinct.setdefault(name, {}).setdefault(_key(value), (value, combo.origin.get(name, name), (i, j)))
    columns = {name: list(values.values()) for name, values in distinct.items()}
    depth = max((len(v) for v in columns.values()), default=0)
    for i in range(depth):
        batch = {name: vals[i] for name, vals in columns.items() if i < len(vals)}
        try:
            check_parameters(notebook, {name: value for name, (value, _, _) in batch.items()})
        except ParameterError:
            for name, (value, where, rank) in batch.items():  # find which ones (error path only)
                try:
                    check_parameters(notebook, {name: value})
                except ParameterError as exc:
                    found += [(rank, Problem(source, f"{where}: {p.message} ({nb_name})")) for p in exc.problems]
    problems = [p for _, p in sorted(found, key=lambda item: item[0])]  # in grid order
    if problems:
        raise ParameterError(problems)


