"""Run every study notebook with its defaults: what ``make reproduce`` and ``jkncost reproduce`` do.

The notebooks are found in ``notebooks/`` (``unit_cost`` first, the others in name order); each runs
through papermill into ``data/processed/<study>/<study>.ipynb`` and writes its tidy outputs under
``data/processed/<study>/``. Parameters of every notebook are checked before anything runs. A failing
notebook stops the run with a message naming the notebook and cell; outputs of earlier notebooks,
and the previous executed copy of the failing one, are left intact. Each run is recorded in
``data/processed/manifest.json`` (:mod:`jkncost.compendium.manifest`), and the static report is rebuilt at the
end (:mod:`jkncost.compendium.report`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jkncost.compendium import paths
from jkncost.compendium.notebook import check_parameters, run_notebook

#: Notebooks that others build on run first; the rest follow in name order.
FIRST = ("unit_cost",)


def study_notebooks(folder: Path | None = None) -> list[Path]:
    """The study notebooks in the order they are reproduced."""
    folder = folder or paths.notebooks()
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    rank = {name: i for i, name in enumerate(FIRST)}
    return sorted(found, key=lambda p: (rank.get(p.stem, len(FIRST)), p.stem))


@dataclass
class RunRecord:
    notebook: str
    executed: str
    parameters: dict[str, Any]
    seconds: float


def utc_now() -> str:
    """The time now, UTC, ISO 8601 to the second (as the manifest records runs)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def reproduce(notebooks: list[Path] | None = None, progress: bool = True,
              parameters: dict[str, dict[str, Any]] | None = None, report: bool = True,
              manifest: bool = True) -> list[RunRecord]:
    """Execute each notebook with its default parameters (or ``parameters[stem]``)."""
    from tqdm.auto import tqdm

    from jkncost.compendium import manifest as provenance

    notebooks = notebooks if notebooks is not None else study_notebooks()
    parameters = parameters or {}
    unknown = sorted(set(parameters) - {nb.stem for nb in notebooks})
    if unknown:
        raise ValueError(f"parameters given for unknown studies: {', '.join(unknown)}")
    for nb in notebooks:  # refuse bad parameters before anything runs
        check_parameters(nb, parameters.get(nb.stem, {}))
    records = []
    bar = tqdm(notebooks, desc="studies", unit="notebook", disable=not progress)
    for nb in bar:
        bar.set_postfix_str(nb.stem)
        params = parameters.get(nb.stem, {})
        executed = paths.processed(nb.stem, nb.name)
        start, t0 = utc_now(), time.perf_counter()
        run_notebook(nb, executed, params, progress_bar=progress, cwd=nb.parent)
        seconds = time.perf_counter() - t0
        if manifest:
            provenance.record(nb.stem, provenance.run_entry(nb, executed, params, paths.processed(nb.stem),
                                                            start, utc_now()))
        records.append(RunRecord(paths.relative(nb), paths.relative(executed), params, seconds))
    if report:
        rebuild_report()
    return records


def rebuild_report() -> Path:
    """The HTML report over every study whose executed notebook is in ``data/processed/``."""
    from jkncost.compendium.report import build_report

    return build_report(studies=[nb.stem for nb in study_notebooks() if paths.processed(nb.stem, nb.name).exists()])


def writes_study_outputs(notebook: Path, executed: Path, parameters: dict[str, Any]) -> bool:
    """Whether a run puts its executed notebook and its outputs where ``reproduce`` does.

    Such a run replaces the study's outputs, so the manifest and the report must follow it.
    """
    from jkncost.compendium import manifest as provenance

    output_dir = {**provenance.notebook_defaults(notebook), **parameters}.get("output_dir")
    home = paths.processed(notebook.stem).resolve()
    return (notebook.resolve().parent == paths.notebooks().resolve()  # a study notebook, not a copy elsewhere
            and executed.resolve() == paths.processed(notebook.stem, notebook.name).resolve()
            and isinstance(output_dir, str) and paths.resolve(output_dir).resolve() == home)
