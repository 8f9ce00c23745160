"""Where a run may write: checked before anything runs, refused with one line (exit status 2).

A run replaces the files of its previous run in its output folder (:mod:`jkncost.core.staging`;
the policy of every writing command: :mod:`jkncost.core.outputs`), so the folder must be one
that belongs to the run. Refused:

* an output folder inside ``data/raw/`` (immutable transcribed sources), or one that holds it
  (``data``, the repository root, any folder above it);
* ``data/processed/<study>/`` (or a folder inside it) of *another* study, ``data/processed/``
  itself, or its report folder;
* an output folder that holds the notebook being run, or a file or folder a parameter points to
  (``-p output_dir my_hospital`` with ``-p hospital_dir my_hospital``);
* an executed notebook (``--out``) inside ``data/raw/`` or another study's folder, or onto the
  notebook itself (except ``make notebooks``, which re-executes in place on purpose).

Examples
--------
>>> from jkncost.core import paths
>>> check_outputs(paths.notebooks("unit_cost.ipynb"), paths.raw("pasangkayu"),
...               paths.processed("unit_cost", "unit_cost.ipynb"))
Traceback (most recent call last):
...
jkncost.errors.InputError: data/raw/pasangkayu: output folder is inside data/raw/, the immutable inputs; write to data/processed/unit_cost or a folder of your own
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jkncost.core import paths
from jkncost.errors import InputError, Problem

REPORT = "report"


def _abs(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.realpath(paths.resolve(path)))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def study_names() -> list[str]:
    """The studies of the compendium: the stems of the notebooks in ``notebooks/``."""
    folder = paths.notebooks()
    return sorted(p.stem for p in folder.glob("*.ipynb") if not p.name.startswith(".")) if folder.is_dir() else []


def _input_paths(parameters: dict[str, Any]) -> list[Path]:
    found = []
    for name, value in parameters.items():
        if name != "output_dir" and isinstance(value, str) and value and len(value) < 500:
            try:
                p = _abs(value)
            except (OSError, ValueError):
                continue
            if p.exists():
                found.append(p)
    return found


def check_outputs(notebook: str | os.PathLike[str], output_dir: str | os.PathLike[str] | None,
                  executed: str | os.PathLike[str], parameters: dict[str, Any] | None = None,
                  in_place: bool = False) -> None:
    """Refuse an output folder or executed-notebook path a run must not write (see the module docstring).

    Raises
    ------
    InputError
        One problem naming the folder, what it would overwrite and where to write instead.
    """
    notebook = Path(os.path.realpath(notebook))
    stem = notebook.stem
    raw, processed = _abs(paths.raw()), _abs(paths.processed())
    home = processed / stem
    instead = f"write to {paths.relative(home)} or a folder of your own"
    studies = set(study_names()) | {stem}
    problems = []
    if output_dir is not None:
        out = _abs(output_dir)
        shown = paths.relative(out)
        if _within(out, raw):
            problems.append(Problem(shown, f"output folder is inside data/raw/, the immutable inputs; {instead}"))
        elif _within(raw, out):
            problems.append(Problem(shown, f"output folder holds data/raw/ (the immutable inputs), which the run "
                                           f"would replace; {instead}"))
        elif _within(processed, out):
            problems.append(Problem(shown, f"output folder holds data/processed/ (every study's outputs); {instead}"))
        elif _within(out, processed / REPORT):
            problems.append(Problem(shown, f"output folder is the report's; {instead}"))
        else:
            owner = out.relative_to(processed).parts[0] if _within(out, processed) else None
            if owner is not None and owner != stem and owner in studies:
                problems.append(Problem(shown, f"output folder belongs to study {owner!r} "
                                               f"({paths.relative(processed / owner)}); {instead}"))
        if _within(notebook, out):
            problems.append(Problem(shown, f"output folder holds the notebook being run ({notebook.name}), which "
                                           f"the run would replace; {instead}"))
        for p in _input_paths(parameters or {}):
            if _within(p, out):
                problems.append(Problem(shown, f"output folder holds an input of this run ({paths.relative(p)}), "
                                               f"which the run would replace; {instead}"))
                break
    exe = Path(os.path.realpath(executed))
    if _within(exe, raw):
        problems.append(Problem(paths.relative(exe), f"executed notebook would be written inside data/raw/; "
                                                     f"{instead}"))
    elif _within(exe, processed) and exe != processed:
        owner = exe.relative_to(processed).parts[0]
        if owner != stem and owner in studies | {REPORT}:
            problems.append(Problem(paths.relative(exe), f"executed notebook would be written into the folder of "
                                                         f"{owner!r}; {instead}"))
    if exe == notebook and not in_place:
        problems.append(Problem(paths.relative(exe), "executed notebook would overwrite the notebook being run; "
                                                     "give another --out"))
    if problems:
        raise InputError(problems)
