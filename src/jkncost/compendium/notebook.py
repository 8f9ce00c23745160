"""Running the study notebooks: parameter checks, papermill execution, clean metadata.

Papermill only *warns* about a parameter the notebook does not declare; a misspelt ``mehtod=``
would then silently run the default. The compendium refuses instead, twice over:

* :func:`run_notebook` (behind ``jkncost run`` and ``jkncost reproduce``) checks names and types
  against the notebook's ``parameters`` cell before anything runs;
* inside every notebook, :class:`ParameterGuard` checks what papermill injected, so a notebook run
  with plain ``papermill -p`` fails too.

Every parameter is declared with a type annotation in the cell tagged ``parameters``::

    method: str = "double"  # allocation method: direct, stepdown, double or reciprocal
"""

from __future__ import annotations

import json
import os
import typing
from pathlib import Path
from typing import Any

from jkncost.errors import InputError, Problem

_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
    "list": (list, tuple),
    "dict": (dict,),
}


class ParameterError(InputError):
    """A notebook was given a parameter it does not declare, or one of the wrong type."""


def _accepts(annotation: Any, value: Any) -> bool:
    if annotation is Any or annotation is None:
        return True
    if isinstance(annotation, str):
        name = annotation.replace(" ", "")
        options = [o for o in name.split("|")]
        ok = False
        for opt in options:
            if opt == "None":
                ok |= value is None
            elif opt.split("[")[0] in _TYPES:
                types = _TYPES[opt.split("[")[0]]
                ok |= isinstance(value, types) and not (opt != "bool" and isinstance(value, bool) and bool not in types)
            else:
                ok = True  # an annotation we cannot check is not an error
        return ok
    origin = typing.get_origin(annotation)
    if origin is typing.Union or (origin is not None and str(origin) == "<class 'types.UnionType'>"):
        return any(_accepts(a, value) for a in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    if annotation is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    if origin in (list, tuple, dict):
        return isinstance(value, origin)
    return True


class ParameterGuard:
    """Catch parameters papermill injected that the notebook does not declare.

    Create it in the cell *before* the ``parameters`` cell, call :meth:`check` in the cell after
    (papermill inserts its ``injected-parameters`` cell in between). Declared parameters are the
    annotated names (``name: type = default``); an injected name without annotation is unknown.

    Examples
    --------
    >>> ns = {}
    >>> guard = ParameterGuard(ns)
    >>> exec("method: str = 'double'", ns)         # the parameters cell
    >>> exec("method = 'stepdown'\\nmehtod = 'x'", ns)  # what papermill injected
    >>> guard.check(ns)
    Traceback (most recent call last):
    ...
    jkncost.compendium.notebook.ParameterError: <notebook>: unknown parameter 'mehtod'; this notebook declares: method
    """

    def __init__(self, namespace: dict[str, Any]):
        self._before = set(namespace)

    def check(self, namespace: dict[str, Any], notebook: str = "<notebook>") -> dict[str, Any]:
        annotations = namespace.get("__annotations__", {})
        new = [k for k in namespace if k not in self._before and not k.startswith("_")]
        unknown = [k for k in new if k not in annotations]
        problems = [
            Problem(notebook, f"unknown parameter {k!r}; this notebook declares: {', '.join(sorted(annotations))}")
            for k in unknown
        ]
        for name, annotation in annotations.items():
            if name in namespace and not _accepts(annotation, namespace[name]):
                problems.append(Problem(
                    notebook,
                    f"parameter {name!r} must be {getattr(annotation, '__name__', annotation)}, "
                    f"got {type(namespace[name]).__name__} {namespace[name]!r}",
                ))
        if problems:
            raise ParameterError(problems)
        return {k: namespace[k] for k in annotations if k in namespace}


def declared_parameters(notebook: str | Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares: name -> {'type', 'default', 'help'} (papermill's inspection)."""
    import papermill as pm

    return {name: {"type": info.get("inferred_type_name"), "default": info.get("default"), "help": info.get("help")}
            for name, info in pm.inspect_notebook(str(notebook)).items()}


def check_parameters(notebook: str | Path, parameters: dict[str, Any]) -> None:
    """Refuse names the notebook does not declare and values of the wrong type, before running."""
    declared = declared_parameters(notebook)
    name = Path(notebook).name
    problems = []
    for key, value in parameters.items():
        if key not in declared:
            problems.append(Problem(name, f"unknown parameter {key!r}; this notebook declares: "
                                          f"{', '.join(sorted(declared))}"))
            continue
        annotation = declared[key]["type"]
        if annotation and annotation != "None" and not _accepts(annotation, value):
            problems.append(Problem(name, f"parameter {key!r} must be {annotation}, got "
                                          f"{type(value).__name__} {value!r}"))
    if problems:
        raise ParameterError(problems)


def clean_metadata(path: str | Path) -> None:
    """Drop what would leak machine paths or times into a committed notebook (papermill's paths)."""
    path = Path(path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    pm_meta = nb.get("metadata", {}).get("papermill", {})
    for key in ("input_path", "output_path", "start_time", "end_time", "duration", "environment_variables"):
        pm_meta.pop(key, None)
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)
        papermill_cell = cell.get("metadata", {}).get("papermill")
        if papermill_cell:
            for key in ("start_time", "end_time", "duration"):
                papermill_cell.pop(key, None)
    nb.setdefault("metadata", {})["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def run_notebook(
    notebook: str | Path,
    output: str | Path,
    parameters: dict[str, Any] | None = None,
    *,
    progress_bar: bool = False,
    cwd: str | Path | None = None,
) -> Path:
    """Execute ``notebook`` with ``parameters`` into ``output`` via papermill (kernel ``python3``).

    Parameters are checked first (:func:`check_parameters`). The executed notebook is written to a
    temporary file next to ``output`` and renamed when the run succeeded, so a failed run leaves
    any earlier output intact. A failing cell raises :class:`NotebookFailed` naming the cell.
    """
    import tempfile

    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    parameters = dict(parameters or {})
    check_parameters(notebook, parameters)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.stem}-", suffix=".ipynb", dir=output.parent)
    os.close(fd)
    try:
        pm.execute_notebook(
            str(notebook), tmp, parameters=parameters, kernel_name="python3",
            progress_bar=progress_bar, cwd=str(cwd or Path(notebook).parent), log_output=False,
            extra_arguments=[
                # ipykernel warns at every start that TCP on localhost is unencrypted; only errors matter here
                "--IPKernelApp.log_level=ERROR",
                # figures go into the notebook even when the caller's MPLBACKEND (Agg in the Makefile, so
                # that tests and scripts need no screen) would otherwise reach the kernel
                "--IPKernelApp.matplotlib=inline",
            ],
        )
    except PapermillExecutionError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise NotebookFailed(Path(notebook).name, exc.cell_index, exc.ename, exc.evalue) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    clean_metadata(tmp)
    os.replace(tmp, output)
    return output


class NotebookFailed(RuntimeError):
    """A notebook cell raised: names the notebook, the cell and the error."""

    def __init__(self, notebook: str, cell_index: int, ename: str, evalue: str):
        self.notebook, self.cell_index, self.ename, self.evalue = notebook, cell_index, ename, evalue
        super().__init__(f"{notebook}: cell {cell_index} failed: {ename}: {evalue}")


def execute_in_place(notebook: str | Path, parameters: dict[str, Any] | None = None) -> Path:
    """Re-execute a committed notebook with its defaults (or ``parameters``) and keep outputs in it."""
    notebook = Path(notebook)
    return run_notebook(notebook, notebook, parameters, cwd=notebook.parent)


if __name__ == "__main__":  # python -m jkncost.compendium.notebook NOTEBOOK... (what `make notebooks` runs)
    import sys

    for nb_path in sys.argv[1:]:
        print(f"executing {nb_path}", flush=True)
        execute_in_place(nb_path)
