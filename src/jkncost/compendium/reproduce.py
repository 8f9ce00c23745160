"""Run every study notebook with its defaults: what ``make reproduce`` and ``jkncost reproduce`` do.

The notebooks are found in ``notebooks/`` (``unit_cost`` first, the others in name order); each runs
through papermill into ``data/processed/<study>/<study>.ipynb`` and writes its tidy outputs under
``data/processed/<study>/`` (:func:`jkncost.compendium.notebook.run_notebook`: staged, replaced in
one rename). The notebooks read only ``data/raw`` and the package, never each other's outputs, so
they run in parallel: ``jobs`` processes (default: one per core), one line printed per notebook as it
finishes. Parameters of every notebook are checked before anything runs. A failing notebook does
not stop the others; the first failure (in notebook order) is raised at the end, naming the notebook
and cell, and its previous outputs are left whole. Each successful run is recorded in
``data/processed/manifest.json`` (:mod:`jkncost.compendium.manifest`), and the static report is
rebuilt at the end (:mod:`jkncost.compendium.report`).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jkncost.core import paths
from jkncost.compendium.notebook import NotebookFailed, RunResult, output_dir_of, preflight, run_notebook

#: Notebooks listed first when the order matters to a reader (the auditor's notebook); the rest in name order.
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


def default_jobs() -> int:
    """One notebook per core (each notebook runs in its own kernel process)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _run_one(notebook: str, parameters: dict[str, Any]) -> tuple[RunResult, str, str, float]:
    """One notebook (in a worker process): its result, start and end time, and seconds."""
    nb = Path(notebook)
    start, t0 = utc_now(), time.perf_counter()
    result = run_notebook(nb, paths.processed(nb.stem, nb.name), parameters, cwd=nb.parent)
    return result, start, utc_now(), time.perf_counter() - t0


def _runs(notebooks: list[Path], parameters: dict[str, dict[str, Any]], jobs: int):
    """Yield ``(notebook, outcome)`` as each notebook finishes; outcome is a result tuple or an exception."""
    if jobs <= 1 or len(notebooks) <= 1:
        for nb in notebooks:
            try:
                yield nb, _run_one(str(nb), parameters.get(nb.stem, {}))
            except (NotebookFailed, OSError, ValueError) as exc:
                yield nb, exc
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn: a fresh interpreter per worker, no state (or threads) forked from this one
    with ProcessPoolExecutor(max_workers=min(jobs, len(notebooks)),
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(_run_one, str(nb), parameters.get(nb.stem, {})): nb for nb in notebooks}
        try:
            for fut in as_completed(futures):
                try:
                    yield futures[fut], fut.result()
                except (NotebookFailed, OSError, ValueError) as exc:
                    yield futures[fut], exc
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def with_language(notebooks: list[Path], parameters: dict[str, dict[str, Any]], lang: str | None
                  ) -> dict[str, dict[str, Any]]:
    """``parameters`` with ``lang`` added for every notebook that declares a ``lang`` parameter.

    A ``lang`` the caller gave for one study wins; notebooks without ``lang`` are left as they are.
    """
    from jkncost.compendium.notebook import declared_parameters

    if lang is None:
        return parameters
    out = {k: dict(v) for k, v in parameters.items()}
    for nb in notebooks:
        if "lang" in declared_parameters(nb):
            out.setdefault(nb.stem, {}).setdefault("lang", lang)
    return out


def reproduce(notebooks: list[Path] | None = None, progress: bool = True,
              parameters: dict[str, dict[str, Any]] | None = None, report: bool = True,
              manifest: bool = True, jobs: int | None = None, lang: str | None = None) -> list[RunRecord]:
    """Execute each notebook with its default parameters (or ``parameters[stem]``), ``jobs`` at a time.

    ``progress`` prints one line per notebook as it finishes (to stderr). ``lang`` (``en`` or ``id``)
    is given to every notebook that takes ``lang``, and the report is written in it. Returns the
    records of the runs in notebook order; raises the first :class:`NotebookFailed` after every
    notebook ran.
    """
    from jkncost.core.outputs import processed_lock

    with processed_lock("reproduce"):  # a second reproduce in this clone is refused while this one runs
        return _reproduce(notebooks, progress, parameters, report, manifest, jobs, lang)


def _reproduce(notebooks, progress, parameters, report, manifest, jobs, lang) -> list[RunRecord]:
    from jkncost.compendium import manifest as provenance
    from jkncost.labels import check_lang

    if lang is not None:
        check_lang(lang)
    notebooks = notebooks if notebooks is not None else study_notebooks()
    parameters = with_language(notebooks, parameters or {}, lang)
    unknown = sorted(set(parameters) - {nb.stem for nb in notebooks})
    if unknown:
        raise ValueError(f"parameters given for unknown studies: {', '.join(unknown)}")
    for nb in notebooks:  # refuse bad parameters and output places before anything runs
        preflight(nb, paths.processed(nb.stem, nb.name), parameters.get(nb.stem, {}))
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    records: dict[str, RunRecord] = {}
    failures: dict[str, BaseException] = {}
    width = max((len(nb.stem) for nb in notebooks), default=0)
    done = 0
    for nb, outcome in _runs(notebooks, parameters, jobs):
        done += 1
        params = parameters.get(nb.stem, {})
        if isinstance(outcome, BaseException):
            failures[nb.stem] = outcome
            line = f"failed: {outcome}"
        else:
            result, start, end, seconds = outcome
            if manifest:
                provenance.record(nb.stem, provenance.run_entry(nb, result.executed, params, result.output_dir,
                                                                start, end, files=result.files))
            records[nb.stem] = RunRecord(paths.relative(nb), paths.relative(result.executed), params, seconds)
            line = f"ok {seconds:6.1f} s -> {paths.relative(result.executed)}"
        if progress:
            print(f"[{done}/{len(notebooks)}] {nb.stem:<{width}}  {line}", file=sys.stderr, flush=True)
    if report and records:
        rebuild_report(lang)
    for nb in notebooks:
        if nb.stem in failures:
            raise failures[nb.stem]
    return [records[nb.stem] for nb in notebooks if nb.stem in records]


def rebuild_report(lang: str | None = None) -> Path:
    """The HTML report over every study whose executed notebook is in ``data/processed/``.

    ``lang`` None: the language of the runs (:func:`jkncost.compendium.report.runs_language`), so the
    index and controls speak the language of the notebooks shown; when no run takes one, the language
    of the report already there, else English.
    """
    from jkncost.compendium.report import build_report, report_language, runs_language

    studies = [nb.stem for nb in study_notebooks() if paths.processed(nb.stem, nb.name).exists()]
    lang = lang or runs_language(paths.processed(), studies) or report_language(paths.processed()) or "en"
    return build_report(studies=studies, lang=lang)


def report_order(names: list[str]) -> list[str]:
    """Study folders in the order ``reproduce`` shows their cards: the notebooks' order, then any other by name."""
    rank = {nb.stem: i for i, nb in enumerate(study_notebooks())}
    return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))


def writes_study_outputs(notebook: Path, executed: Path, parameters: dict[str, Any]) -> bool:
    """Whether a run puts its executed notebook and its outputs where ``reproduce`` does.

    Such a run replaces the study's outputs, so the manifest and the report must follow it.
    """
    home = paths.processed(notebook.stem).resolve()
    out = output_dir_of(notebook, parameters)
    return (notebook.resolve().parent == paths.notebooks().resolve()  # a study notebook, not a copy elsewhere
            and executed.resolve() == paths.processed(notebook.stem, notebook.name).resolve()
            and out is not None and out.resolve() == home)
