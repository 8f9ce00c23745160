"""Run every study notebook with its defaults: what ``make reproduce`` and ``jkncost reproduce`` do.

The notebooks are found in ``notebooks/`` (sorted, ``unit_cost`` first since the others build on its
engine); each runs through papermill into ``data/processed/<study>/<study>.ipynb`` and writes its
tidy outputs under ``data/processed/<study>/``. A failing notebook stops the run with a message
naming the notebook and cell; outputs of earlier notebooks, and the previous executed copy of the
failing one, are left intact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jkncost import paths
from jkncost.notebook import run_notebook

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


def reproduce(notebooks: list[Path] | None = None, progress: bool = True,
              parameters: dict[str, dict[str, Any]] | None = None) -> list[RunRecord]:
    """Execute each notebook with its default parameters (or ``parameters[stem]``)."""
    import time

    from tqdm.auto import tqdm

    notebooks = notebooks if notebooks is not None else study_notebooks()
    records = []
    bar = tqdm(notebooks, desc="studies", unit="notebook", disable=not progress)
    for nb in bar:
        bar.set_postfix_str(nb.stem)
        params = (parameters or {}).get(nb.stem, {})
        executed = paths.processed(nb.stem, nb.name)
        start = time.perf_counter()
        run_notebook(nb, executed, params, progress_bar=progress, cwd=nb.parent)
        records.append(RunRecord(paths.relative(nb), paths.relative(executed), params, time.perf_counter() - start))
    return records
