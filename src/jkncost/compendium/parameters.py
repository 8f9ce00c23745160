"""Notebook parameters: names, types, choices and ranges, checked before a kernel starts and inside it.

Every parameter is declared on one line of the cell tagged ``parameters``, with a type annotation
and a comment that says what it is::

    method: Literal["direct", "stepdown", "double", "reciprocal"] = "double"  # allocation method
    bor: Range[float, 0, 1] = 0.8  # target bed occupancy rate; 0 leaves it out
    n_draws: Range[int, 1, None] = 10000  # Monte Carlo draws
    los_days: Range[float, 0, None, "(]"] = 5.0  # length of stay, more than 0 days
    hospital_dir: str = "data/raw/example_hospital"  # hospital folder or .xlsx workbook

Annotations
-----------
``str``, ``int``, ``float`` (an ``int`` is accepted), ``bool``, ``list``, ``dict``, unions with ``|``
(``str | None``), and two forms that say which *values* are allowed:

``Literal[a, b, ...]``
    one of the values listed (``typing.Literal``);
``Range[type, low, high]``
    a number of ``type`` (``int`` or ``float``) with ``low <= value <= high``; ``None`` leaves
    that end open; a fourth item ``"(]"``, ``"[)"`` or ``"()"`` excludes the end(s) on the round
    bracket's side (the default is ``"[]"``, both ends included).

The same annotation is checked twice: by :func:`check_parameters` on the notebook file (behind
``jkncost run``, ``reproduce`` and ``sweep``, before any kernel starts) and by
:class:`ParameterGuard` inside the notebook (so a plain ``papermill -p`` run is refused too).
``ParameterGuard(globals())`` puts ``Literal`` and ``Range`` in the notebook's namespace, so the
parameters cell needs no import of its own.

The cell is read with Python's own parser (:mod:`ast`), not papermill's regular expression, which
does not understand quoted choices; keep one parameter per line and keep comments free of ``%``
and of empty string quotes, which papermill's parser rejects.
"""

from __future__ import annotations

import ast
import io
import json
import tokenize
import typing
from pathlib import Path
from typing import Any, Literal

from jkncost.errors import InputError, Problem


class ParameterError(InputError):
    """A notebook was given a parameter it does not declare, or a value it does not allow."""

    def __reduce__(self):  # travels from a worker process with every problem
        return (type(self), (self.problems,))


class RangeSpec:
    """The numbers a parameter allows: ``kind`` between ``low`` and ``high`` (see the module docstring)."""

    def __init__(self, kind: type, low: float | None, high: float | None, bounds: str = "[]"):
        if kind not in (int, float):
            raise TypeError(f"Range[...]: the type is int or float, got {kind!r}")
        if bounds not in ("[]", "(]", "[)", "()"):
            raise ValueError(f"Range[...]: bounds are one of [], (], [) and (), got {bounds!r}")
        self.kind, self.low, self.high, self.bounds = kind, low, high, bounds

    def accepts(self, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float) if self.kind is float else int):
            return False
        if value != value:  # NaN is in no range
            return False
        if self.low is not None and (value < self.low or (self.bounds[0] == "(" and value == self.low)):
            return False
        return not (self.high is not None and (value > self.high or (self.bounds[1] == ")" and value == self.high)))

    def describe(self) -> str:
        name = {"int": "an int", "float": "a float"}[self.kind.__name__]
        if self.low is not None and self.high is not None:
            return f"{name} in {self.bounds[0]}{self.low:g}, {self.high:g}{self.bounds[1]}"
        if self.low is not None:
            return f"{name} {'>' if self.bounds[0] == '(' else '>='} {self.low:g}"
        if self.high is not None:
            return f"{name} {'<' if self.bounds[1] == ')' else '<='} {self.high:g}"
        return name

    def __repr__(self) -> str:
        return f"Range[{self.kind.__name__}, {self.low!r}, {self.high!r}, {self.bounds!r}]"


class _RangeFactory:
    """``Range[float, 0, 1]`` in a parameters cell makes a :class:`RangeSpec`."""

    def __getitem__(self, item) -> RangeSpec:
        items = item if isinstance(item, tuple) else (item,)
        if not 3 <= len(items) <= 4:
            raise TypeError("Range[type, low, high] or Range[type, low, high, bounds]")
        return RangeSpec(*items)


Range = _RangeFactory()

_NAMES: dict[str, Any] = {"Literal": Literal, "Range": Range, "Any": Any, "str": str, "int": int, "float": float,
                          "bool": bool, "list": list, "dict": dict, "tuple": tuple, "None": None,
                          "Optional": typing.Optional}
_NODES = (ast.Expression, ast.Subscript, ast.Name, ast.Load, ast.Constant, ast.Tuple, ast.BinOp, ast.BitOr,
          ast.UnaryOp, ast.USub, ast.List)


def evaluate(annotation: str) -> Any:
    """The annotation written in a parameters cell as an object (only the forms above; no code runs).

    >>> evaluate('Literal["a", "b"]')
    typing.Literal['a', 'b']
    >>> evaluate("Range[float, 0, 1]").describe()
    'a float in [0, 1]'
    """
    tree = ast.parse(annotation, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _NODES) or (isinstance(node, ast.Name) and node.id not in _NAMES):
            raise ValueError(f"annotation {annotation!r}: only {', '.join(sorted(_NAMES))}, numbers and text")
    return eval(compile(tree, "<annotation>", "eval"), {"__builtins__": {}}, dict(_NAMES))


def accepts(annotation: Any, value: Any) -> bool:
    """Whether ``value`` is allowed by ``annotation`` (an object, or its text)."""
    if isinstance(annotation, str):
        try:
            annotation = evaluate(annotation)
        except (ValueError, SyntaxError, TypeError):
            return True  # a form we cannot read is not the user's error
    if annotation is Any:
        return True
    if annotation is None or annotation is type(None):
        return value is None
    if isinstance(annotation, RangeSpec):
        return annotation.accepts(value)
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return any(value == v and type(value) is type(v) for v in typing.get_args(annotation))
    if origin is typing.Union or (origin is not None and str(origin) == "<class 'types.UnionType'>"):
        return any(accepts(a, value) for a in typing.get_args(annotation))
    if annotation is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    if origin in (list, tuple, dict):
        return isinstance(value, origin)
    return True


def describe(annotation: Any) -> str:
    """What an annotation allows, for a message: ``one of 'direct', 'double'``, ``a float in [0, 1]``."""
    if isinstance(annotation, str):
        try:
            annotation = evaluate(annotation)
        except (ValueError, SyntaxError, TypeError):
            return annotation
    if isinstance(annotation, RangeSpec):
        return annotation.describe()
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return "one of " + ", ".join(repr(v) for v in typing.get_args(annotation))
    if origin is typing.Union or (origin is not None and str(origin) == "<class 'types.UnionType'>"):
        return " or ".join(describe(a) for a in typing.get_args(annotation))
    if annotation is None or annotation is type(None):
        return "None"
    return getattr(annotation, "__name__", str(annotation))


def _problem(notebook: str, name: str, annotation: Any, value: Any) -> Problem:
    return Problem(notebook, f"parameter {name!r} must be {describe(annotation)}, got {type(value).__name__} {value!r}")


def parameters_cell(notebook: str | Path) -> str:
    """The source of the cell tagged ``parameters`` (empty when there is none).

    Read as plain JSON: importing nbformat (its schema validator) takes seconds, and the checks
    must answer before that.
    """
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else source
    return ""


def parse_cell(source: str, label: str = "<parameters>") -> dict[str, dict[str, Any]]:
    """Declared parameters of a parameters cell: name -> {'type', 'default', 'help'} (texts).

    >>> parse_cell('bor: Range[float, 0, 1] = 0.8  # target BOR')["bor"]
    {'type': 'Range[float, 0, 1]', 'default': '0.8', 'help': 'target BOR'}
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise InputError(Problem(label, f"parameters cell is not valid Python: {exc.msg}", row=exc.lineno)) from None
    comments = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string.lstrip("#").strip()
    found: dict[str, dict[str, Any]] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found[node.target.id] = {
                "type": ast.get_source_segment(source, node.annotation),
                "default": ast.get_source_segment(source, node.value) if node.value is not None else None,
                "help": comments.get(node.end_lineno, ""),
            }
    return found


def declared_parameters(notebook: str | Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares: name -> {'type', 'default', 'help'} (texts, in cell order)."""
    return parse_cell(parameters_cell(notebook), Path(notebook).name)


def defaults(notebook: str | Path) -> dict[str, Any]:
    """The default value of every declared parameter (the literal in the cell; its text if not a literal)."""
    out = {}
    for name, info in declared_parameters(notebook).items():
        try:
            out[name] = ast.literal_eval(info["default"]) if info["default"] is not None else None
        except (ValueError, SyntaxError):
            out[name] = info["default"]
    return out


def check_parameters(notebook: str | Path, parameters: dict[str, Any]) -> None:
    """Refuse names the notebook does not declare and values it does not allow, before running.

    Raises
    ------
    ParameterError
        One problem per bad parameter: unknown name, wrong type, a value not among the choices or
        outside the range, each with the reason.
    """
    declared = {key: info["type"] for key, info in declared_parameters(notebook).items()}
    problems = parameter_problems(Path(notebook).name, declared, parameters)
    if problems:
        raise ParameterError(problems)


def parameter_problems(notebook: str, declared: dict[str, Any], values: dict[str, Any]) -> list[Problem]:
    """The one rule set of parameters, for :func:`check_parameters` (before a kernel starts, from the cell's
    text) and :class:`ParameterGuard` (inside it, from the same cell's annotations): a name the notebook does
    not declare, a value its annotation (``declared``: name -> annotation, an object or its text) does not allow.

    >>> parameter_problems("x.ipynb", {"bor": "Range[float, 0, 1]"}, {"bor": 2.0, "bro": 1})[0].message
    "parameter 'bor' must be a float in [0, 1], got float 2.0"
    """
    problems = []
    for key, value in values.items():
        if key not in declared:
            problems.append(Problem(notebook, f"unknown parameter {key!r}; this notebook declares: "
                                              f"{', '.join(sorted(declared))}"))
            continue
        annotation = declared[key]
        if annotation and not accepts(annotation, value):
            problems.append(_problem(notebook, key, annotation, value))
    return problems


class ParameterGuard:
    """Catch parameters papermill injected that the notebook does not declare or does not allow.

    ``jkncost run``, ``reproduce`` and ``sweep`` refuse a bad value before any kernel starts
    (:func:`check_parameters`); a notebook run by plain papermill or opened in Jupyter has no such check,
    so the guard applies the same rules (:func:`parameter_problems`) to the same cell's annotations inside
    the kernel. A notebook states nothing more: no ``if`` repeats what an annotation says.

    Create it in the cell *before* the ``parameters`` cell, call :meth:`check` in the cell after
    (papermill inserts its ``injected-parameters`` cell in between). Declared parameters are the
    annotated names (``name: type = default``); an injected name without annotation is unknown.
    Creating the guard makes ``Literal`` and ``Range`` available to the parameters cell.

    Examples
    --------
    >>> ns = {}
    >>> guard = ParameterGuard(ns)
    >>> exec("method: Literal['direct', 'double'] = 'double'", ns)  # the parameters cell
    >>> exec("method = 'triple'", ns)                                # what papermill injected
    >>> guard.check(ns)
    Traceback (most recent call last):
    ...
    jkncost.compendium.parameters.ParameterError: <notebook>: parameter 'method' must be one of 'direct', 'double', got str 'triple'
    """

    def __init__(self, namespace: dict[str, Any]):
        namespace.setdefault("Literal", Literal)
        namespace.setdefault("Range", Range)
        self._before = set(namespace)

    def check(self, namespace: dict[str, Any], notebook: str = "<notebook>") -> dict[str, Any]:
        annotations = namespace.get("__annotations__", {})
        new = [k for k in namespace if k not in self._before and not k.startswith("_")]
        values = {k: namespace[k] for k in new if k not in annotations}  # unknown names first, then the declared
        values.update((k, namespace[k]) for k in annotations if k in namespace)
        problems = parameter_problems(notebook, annotations, values)
        if problems:
            raise ParameterError(problems)
        return {k: namespace[k] for k in annotations if k in namespace}


#: Parameters whose names end so name a file or folder the notebook reads (``output_dir`` is written, not read).
PATH_SUFFIXES = ("_dir", "_file", "_csv", "_xlsx", "_path")
#: Parameters that name a hospital folder or workbook: validated as one before a kernel starts.
HOSPITAL_PARAMETERS = ("hospital_dir", "compare_hospital_dir")


def _names_a_path(default: Any) -> bool:
    """Whether a parameter's default says it is a path (empty: optional file; a ``/``: a path)."""
    return isinstance(default, str) and (default == "" or "/" in default or "\\" in default)


def check_paths(notebook: str | Path, parameters: dict[str, Any]) -> None:
    """Refuse, before a kernel starts, a file or folder parameter that does not exist, and a hospital
    folder that does not validate (an empty template: no cost centers).

    Only values given (not the defaults) of parameters whose name ends in ``_dir``, ``_file``,
    ``_csv`` ... and whose default is a path or empty are checked; a value that is a keyword of the
    notebook (``hospital_dir="pasangkayu"`` in ``methods``, whose default is no path) is left to it.

    Raises
    ------
    ParameterError
        The parameter, the path and what is wrong (the hospital folder's first problem, with file, row
        and column).
    """
    from jkncost.core import paths

    declared = declared_parameters(notebook)
    default = defaults(notebook)
    name = Path(notebook).name
    for key, value in parameters.items():
        if (key not in declared or key == "output_dir" or not key.endswith(PATH_SUFFIXES) or not isinstance(value, str)
                or not value or not _names_a_path(default.get(key))):
            continue
        where = paths.resolve(value)
        if not where.exists():
            raise ParameterError(Problem(name, f"parameter {key!r}: {value}: no such file or folder"))
        if key in HOSPITAL_PARAMETERS:
            from jkncost.costing import validate_hospital

            method = parameters.get("method", default.get("method", "double"))
            problems = validate_hospital(where, method=method if isinstance(method, str) else "double")
            if problems:
                more = f" (and {len(problems) - 1} more; `jkncost validate {value}` lists them)" if len(problems) > 1 \
                    else ""
                raise ParameterError(Problem(name, f"parameter {key!r}: {problems[0]}{more}"))
