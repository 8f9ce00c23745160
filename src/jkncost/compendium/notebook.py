"""Running the study notebooks: checked parameters, guarded and staged outputs, byte-stable results.

:func:`run_notebook` (behind ``jkncost run``, ``reproduce``, ``sweep`` and ``make notebooks``)

1. checks the parameters against the notebook's ``parameters`` cell (names, types, choices and
   ranges: :mod:`jkncost.compendium.parameters`) before any kernel starts;
2. checks where the run would write (:mod:`jkncost.compendium.guards`): never into ``data/raw/``,
   another study's folder, or a folder holding the notebook or an input;
3. executes the notebook through papermill into a staging folder beside the output folder
   (``output_dir`` resolves to it inside the kernel: :func:`jkncost.core.paths.resolve`);
4. makes the executed notebook byte-stable (:func:`normalize`): consecutive stream outputs of a
   cell merged, times and machine paths dropped;
5. on success moves the staged files into the output folder, one rename each, replacing and removing
   only the files of the notebook's previous run there (:mod:`jkncost.core.staging`; other
   files are never touched); on failure or Ctrl-C the previous outputs stay, whole;
6. on a failing cell keeps the partly executed notebook beside them as ``<stem>.FAILED.ipynb``
   (:func:`failed_notebook_path`), recorded as the run's file so that the next good run removes it,
   and raises :class:`NotebookFailed`, whose one line names the cell, the line, the error and that file.

Inside every notebook, :class:`ParameterGuard` checks what papermill injected, so a notebook run
with plain ``papermill -p`` is refused too.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import signal
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jkncost.core import paths, staging
from jkncost.errors import InputError
from jkncost.compendium.guards import check_outputs
from jkncost.core.outputs import implied_owner, notebook_owner
from jkncost.compendium.parameters import (  # noqa: F401  (the names notebooks and callers import from here)
    ParameterError,
    ParameterGuard,
    check_parameters,
    check_paths,
    declared_parameters,
    defaults,
)

#: Notebook metadata that differs between two identical runs (papermill's times and machine paths).
VOLATILE_NOTEBOOK = ("input_path", "output_path", "start_time", "end_time", "duration", "environment_variables")
VOLATILE_CELL = ("start_time", "end_time", "duration")
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
#: The matplotlib backend of every kernel: figures go into the notebook even when the caller's MPLBACKEND (Agg in
#: the Makefile) would otherwise reach the kernel. Given through the kernel's environment, not as
#: ``--IPKernelApp.matplotlib=inline``, which imports matplotlib at every kernel start (0.8 s of CPU) even for a
#: notebook that draws nothing; the backend sets up the same inline display when a notebook first draws.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


class NotebookFailed(RuntimeError):
    """A notebook cell raised: names the notebook, the cell, the error and where the failed notebook is kept.

    ``cell_index`` is the cell's place in the executed notebook (from 0, papermill's injected cell
    counted); ``exec_count`` is the number Jupyter shows beside it (``In [7]``), ``line`` the line of the
    cell that raised (None when the traceback does not say). ``failed`` is the partly executed notebook
    kept beside the earlier outputs (:func:`failed_notebook_path`), or None; ``note`` says why it was
    not kept.

    >>> str(NotebookFailed("bone.ipynb", 5, "ValueError", "bad\\nmore", exec_count=5, line=2,
    ...                    failed="data/processed/bone/bone.FAILED.ipynb"))
    'bone.ipynb: cell In [5], line 2: ValueError: bad more; partly run notebook: data/processed/bone/bone.FAILED.ipynb'
    """

    def __init__(self, notebook: str, cell_index: int, ename: str, evalue: str, exec_count: int | None = None,
                 line: int | None = None, failed: str | None = None, note: str = ""):
        self.notebook, self.cell_index, self.ename, self.evalue = notebook, cell_index, ename, evalue
        self.exec_count, self.line, self.failed, self.note = exec_count, line, failed, note
        cell = f"In [{exec_count}]" if exec_count is not None else f"{cell_index}"
        at = f", line {line}" if line is not None else ""
        one_line = " ".join(str(evalue).split())
        kept = f"; partly run notebook: {failed}" if failed else (f"; {note}" if note else "")
        super().__init__(f"{notebook}: cell {cell}{at}: {ename}: {one_line}{kept}")

    def __reduce__(self):  # travels from a worker process (reproduce --jobs, dask) with its fields
        return (type(self), (self.notebook, self.cell_index, self.ename, self.evalue, self.exec_count, self.line,
                             self.failed, self.note))

    def kept(self, failed: str | None, note: str = "") -> NotebookFailed:
        """The same failure, saying where the partly executed notebook is kept (or why it is not)."""
        return NotebookFailed(self.notebook, self.cell_index, self.ename, self.evalue, self.exec_count, self.line,
                              failed, note)


#: What marks a failed run's notebook: ``bone.ipynb`` -> ``bone.FAILED.ipynb``.
FAILED_SUFFIX = ".FAILED.ipynb"


def failed_notebook_path(notebook: Path, executed: Path, out_dir: Path | None, in_place: bool = False) -> Path | None:
    """Where a failed run keeps its partly executed notebook: ``<executed stem>.FAILED.ipynb`` beside ``executed``.

    A run into ``data/processed/bone/bone.ipynb`` keeps ``data/processed/bone/bone.FAILED.ipynb``, next to
    the earlier good notebook it leaves alone. A re-execution in place (``make notebooks``) keeps it in the
    notebook's output folder, not in ``notebooks/`` (where it would be taken for a study); None when the
    notebook has no output folder.

    >>> failed_notebook_path(Path("notebooks/bone.ipynb"), Path("data/processed/bone/bone.ipynb"), None).as_posix()
    'data/processed/bone/bone.FAILED.ipynb'
    >>> failed_notebook_path(Path("notebooks/bone.ipynb"), Path("notebooks/bone.ipynb"), Path("out"), True).as_posix()
    'out/bone.FAILED.ipynb'
    """
    if in_place:
        return out_dir / (notebook.stem + FAILED_SUFFIX) if out_dir is not None else None
    return executed.with_name(executed.name.removesuffix(".ipynb") + FAILED_SUFFIX)


_CELL_LINE = re.compile(r"Cell In\s*\[\s*(\d*)\s*\],\s*line (\d+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _line_of(traceback: list[str] | None, exec_count: int | None) -> int | None:
    """The line of the failing cell in IPython's traceback (``Cell In[4], line 2``), None when it is not there."""
    found = _CELL_LINE.findall(_ANSI.sub("", "\n".join(traceback or [])))
    return next((int(line) for count, line in found if count == str(exec_count)), None)


def _merge_streams(outputs: list) -> list:
    merged: list = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            merged[-1]["text"] = merged[-1]["text"] + out["text"]
        else:
            merged.append(out)
    return merged


def normalize(nb) -> Any:
    """Make an executed notebook (an ``nbformat`` node) the same bytes for the same run.

    Consecutive stream outputs of one cell are merged (how the kernel splits printed text
    depends on timing), papermill's times and paths and the ``execution`` timings are removed,
    the cell papermill injects gets a fixed id instead of a random one, and the kernel is named
    ``python3``. Returns ``nb``, changed in place.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("print(1); print(2)", outputs=[
    ...     nbformat.v4.new_output("stream", name="stdout", text="1\\n"),
    ...     nbformat.v4.new_output("stream", name="stdout", text="2\\n")])]
    >>> normalize(nb).cells[0].outputs
    [{'output_type': 'stream', 'name': 'stdout', 'text': '1\\n2\\n'}]
    """
    pm_meta = nb.metadata.get("papermill", {})
    for key in VOLATILE_NOTEBOOK:
        pm_meta.pop(key, None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a new random id at every run
        cell.metadata.pop("execution", None)
        for key in VOLATILE_CELL:
            cell.metadata.get("papermill", {}).pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(cell.outputs)
    return nb


def clean_metadata(path: str | Path) -> None:
    """Rewrite the notebook at ``path`` with :func:`normalize` (read and written with nbformat)."""
    import nbformat

    path = Path(path)
    nb = nbformat.read(str(path), as_version=4)
    nbformat.write(normalize(nb), str(path))


@dataclass
class RunResult:
    """What one run wrote: the executed notebook, the output folder, and every file with its SHA-256."""

    executed: Path
    output_dir: Path | None
    files: dict[str, str] = field(default_factory=dict)  # repository-relative path -> SHA-256


def output_dir_of(notebook: str | Path, parameters: dict[str, Any]) -> Path | None:
    """The folder a run writes into: its ``output_dir`` parameter (or the default), resolved; else None."""
    declared = declared_parameters(notebook)
    if "output_dir" not in declared:
        return None
    value = {**defaults(notebook), **parameters}.get("output_dir")
    return Path(os.path.abspath(paths.resolve(value))) if isinstance(value, str) and value else None


def _kernel_manager(env: dict[str, str], stderr) -> type:
    """A kernel manager that starts the kernel with ``env`` added and its stderr sent to ``stderr``.

    Per run, not through ``os.environ``: runs in threads (dask workers) do not see each other's
    folders, and what a kernel prints on its own stderr (a traceback when it is shut down by
    Ctrl-C, low-level warnings) does not land on the user's terminal.
    """
    from jupyter_client import AsyncKernelManager

    class RunKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw):
            kw["env"] = {**os.environ, **kw.get("env", {}), **env}
            kw["stderr"] = stderr
            return await super().start_kernel(**kw)

    return RunKernelManager


class _UnknownParameterFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Passed unknown parameter")


@contextlib.contextmanager
def _quiet_unknown_parameter():
    """Drop papermill's logged "Passed unknown parameter" (it logs it, not only warns) for this run."""
    logger, quiet = logging.getLogger("papermill"), _UnknownParameterFilter()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


#: How often a kernel that dies while it starts (before it answers ``kernel_info``) is started again.
KERNEL_START_TRIES = 3
#: The error jupyter_client raises when the kernel process exits before its first reply.
KERNEL_DIED_AT_START = "Kernel died before replying to kernel_info"


def _died_at_start(exc: BaseException) -> bool:
    """Whether ``exc`` (or an error it was raised from) is a kernel that died before any cell ran."""
    while exc is not None:
        if isinstance(exc, RuntimeError) and str(exc).startswith(KERNEL_DIED_AT_START):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _execute(notebook: Path, executed: Path, parameters: dict[str, Any], progress_bar: bool, cwd: Path,
             env: dict[str, str], kernel_log: Path | None) -> None:
    """:func:`_execute_once`, started again (at most :data:`KERNEL_START_TRIES` times in all) when the kernel
    dies before it replies to ``kernel_info``.

    Notes
    -----
    A kernel process can exit while it starts for reasons outside the notebook (several kernels
    starting at once on a loaded machine: a port taken between its choice and its bind, memory). No
    cell has run then and nothing was written into the output folder, so starting again is safe; a
    kernel that dies later, in a cell, is the notebook's failure and is not retried.
    """
    for attempt in range(1, KERNEL_START_TRIES + 1):
        try:
            return _execute_once(notebook, executed, parameters, progress_bar, cwd, env, kernel_log)
        except Exception as exc:
            if attempt == KERNEL_START_TRIES or not _died_at_start(exc):
                raise
            time.sleep(0.5 * attempt)  # let whatever crowded the start go by


@contextlib.contextmanager
def _ctrl_c_stops_at_once():
    """Ctrl-C during a run raises KeyboardInterrupt at once, whichever thread the system hands the signal to.

    The run waits in the event loop of jupyter_client (an ``epoll`` wait). Python runs a signal's handler
    only in the main thread, and only once that thread runs Python code again: a SIGINT delivered to another
    thread (the client's heartbeat thread) waited until the kernel next sent a message, at the end of a long
    cell, or was lost (tests/test_runs.py::test_ctrl_c_says_one_line_exits_130_and_keeps_earlier_outputs
    failed now and then on a loaded machine). A handler registered on the loop itself wakes it through its
    self-pipe. Outside the main thread (a dask worker's thread) nothing changes: signals are not theirs.
    """
    import asyncio

    try:
        asyncio.get_running_loop()
        running = True  # called from inside a loop (a notebook's kernel): its signals are its own
    except RuntimeError:
        running = False
    if running or threading.current_thread() is not threading.main_thread():
        yield
        return
    from jupyter_core.utils import ensure_event_loop

    loop, previous = ensure_event_loop(), signal.getsignal(signal.SIGINT)

    def interrupt() -> None:
        raise KeyboardInterrupt

    try:
        loop.add_signal_handler(signal.SIGINT, interrupt)
    except (NotImplementedError, RuntimeError, ValueError):  # Windows; a loop that cannot take signals
        yield
        return
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGINT)
        signal.signal(signal.SIGINT, previous)


def _execute_once(notebook: Path, executed: Path, parameters: dict[str, Any], progress_bar: bool, cwd: Path,
                  env: dict[str, str], kernel_log: Path | None) -> None:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    with warnings.catch_warnings(), open(kernel_log or os.devnull, "wb") as stderr, _quiet_unknown_parameter(), \
            _ctrl_c_stops_at_once():
        # papermill's own reader of the parameters cell does not know Literal[...] or Range[...]; the
        # names were checked against the cell above, so its "unknown parameter" warning is noise
        warnings.filterwarnings("ignore", message="Passed unknown parameter")
        try:
            pm.execute_notebook(
                str(notebook), str(executed), parameters=parameters, kernel_name="python3",
                progress_bar=progress_bar, cwd=str(cwd), log_output=False,
                # papermill would write the whole notebook (figures included) before and after every cell:
                # a tenth of a reproduce's CPU. It writes it once at the end, and on a failing cell before
                # it raises, so a failed run still keeps its partly run notebook.
                request_save_on_cell_execute=False,
                kernel_manager_class=_kernel_manager({**env, "MPLBACKEND": INLINE_BACKEND}, stderr),
                # ipykernel warns at every start that TCP on localhost is unencrypted; only errors matter
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        except PapermillExecutionError as exc:
            raise NotebookFailed(notebook.name, exc.cell_index, exc.ename, exc.evalue, exc.exec_count,
                                 _line_of(exc.traceback, exc.exec_count)) from None
    if kernel_log is not None and kernel_log.is_file() and kernel_log.stat().st_size == 0:
        kernel_log.unlink()


def _carry_direct_writes(out_dir: Path, stage: Path, since_ns: int, before: set[Path] = frozenset()) -> list[Path]:
    """Move into ``stage`` the files this run wrote straight into ``out_dir``; return them.

    A notebook that builds its output path without :func:`jkncost.core.paths.resolve`
    (``Path(output_dir) / "x.csv"``) writes into the real folder: its new files are carried into the
    staging folder, so that they are recorded as the run's. A file that was there ``before`` the run
    (someone's own, even when changed meanwhile) is never carried.
    """
    if not out_dir.is_dir():
        return []
    carried = []
    for f in _files(out_dir):
        dest = stage / f.relative_to(out_dir)
        if f not in before and f.stat().st_mtime_ns >= since_ns and not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(f, dest)
            carried.append(dest)
    return carried


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(folder).parts))


def preflight(notebook: str | Path, output: str | Path, parameters: dict[str, Any] | None = None,
              in_place: bool = False, owned_output: bool = False) -> Path | None:
    """Every check :func:`run_notebook` makes before it starts a kernel; returns the output folder.

    Parameters (names, types, choices, ranges), where the run would write, and whether the output
    folder may be replaced. Raises :class:`ParameterError` or :class:`~jkncost.errors.InputError`.
    """
    notebook = Path(notebook)
    parameters = dict(parameters or {})
    check_parameters(notebook, parameters)
    check_paths(notebook, parameters)  # files and folders it reads exist; a hospital folder validates
    out_dir = output_dir_of(notebook, parameters)
    check_outputs(notebook, out_dir, Path(os.path.abspath(output)), {**defaults(notebook), **parameters},
                  in_place=in_place)
    if out_dir is not None:
        staging.check_owner(out_dir, notebook_owner(notebook.stem), owned=_owned(notebook, out_dir, owned_output))
    return out_dir


def _owned(notebook: Path, out_dir: Path, owned_output: bool) -> bool:
    """Whether the run owns ``out_dir`` by its place (its study's folder) or because the caller says so."""
    return owned_output or implied_owner(out_dir) == notebook_owner(notebook.stem)


def run_notebook(
    notebook: str | Path,
    output: str | Path,
    parameters: dict[str, Any] | None = None,
    *,
    progress_bar: bool = False,
    cwd: str | Path | None = None,
    in_place: bool = False,
    kernel_log: str | Path | None = None,
    owned_output: bool = False,
    force: bool = False,
) -> RunResult:
    """Execute ``notebook`` with ``parameters`` into ``output`` (the executed notebook) via papermill.

    See the module docstring for the steps. The output folder is the notebook's ``output_dir``
    parameter; a folder outside ``data/processed/`` that is not empty must have been written by
    jkncost before (it is replaced whole). ``in_place`` allows ``output`` to be the notebook itself.
    What the kernel process prints on its own stderr goes to ``kernel_log`` (removed when empty),
    or nowhere. ``owned_output``: the caller owns the output folder (a sweep's run folder) and it
    may be replaced whatever it holds. ``force`` overwrites files in the output folder that the run
    did not write before (``jkncost run --force``). A re-execution in place (``make notebooks``)
    replaces the files it writes and removes none, so the executed notebook that ``reproduce``
    left in the study's folder (the report's page) stays.

    Returns
    -------
    RunResult
        The executed notebook, the output folder and every file the run wrote, with SHA-256.

    Raises
    ------
    ParameterError, InputError
        Bad parameters or a forbidden output place, before anything runs.
    NotebookFailed
        A cell raised; earlier outputs are left whole, the partly executed notebook is kept as
        ``<stem>.FAILED.ipynb`` beside them (removed again by the next good run).
    """

    notebook = Path(notebook)
    parameters = dict(parameters or {})
    out_dir = preflight(notebook, output, parameters, in_place, owned_output)
    executed = Path(os.path.abspath(output))
    since = time.time_ns()
    kernel_log = Path(kernel_log) if kernel_log is not None else None
    inside = out_dir is not None and (out_dir in executed.parents)
    # a notebook that writes straight into output_dir (not through paths.resolve) finds it there;
    # an output folder created only for that is removed again if the run fails
    created = out_dir is not None and not out_dir.exists()
    if created:
        out_dir.mkdir(parents=True)
    try:
        return _run_staged(notebook, executed, out_dir, parameters, progress_bar, cwd, kernel_log, owned_output,
                           inside, since, force, in_place)
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                out_dir.rmdir()  # only when still empty
        raise


def _run_staged(notebook, executed, out_dir, parameters, progress_bar, cwd, kernel_log, owned_output, inside,
                since, force=False, in_place=False) -> RunResult:
    from jkncost.compendium.manifest import sha256

    owner = notebook_owner(notebook.stem)
    failed = failed_notebook_path(notebook, executed, out_dir, in_place)
    written: list[Path] = []
    with contextlib.ExitStack() as stack:
        stage = None
        if out_dir is not None:
            stage = stack.enter_context(staging.staged_dir(out_dir, owned=_owned(notebook, out_dir, owned_output),
                                                           owner=owner, force=force, prune=not in_place))
        if inside:
            staged_exec = stage / executed.relative_to(out_dir)
        elif in_place:  # make notebooks: the notebook itself, replaced in one rename
            staged_exec = stack.enter_context(staging.staged_file(executed))
        else:
            staged_exec = stack.enter_context(staging.staged_file(executed, owner=owner, force=force))
        staged_exec.parent.mkdir(parents=True, exist_ok=True)
        before = set(_files(out_dir)) if out_dir is not None and out_dir.is_dir() else set()
        env = {}
        if out_dir is not None:  # inside the kernel, paths.resolve(output_dir) is the staging folder
            env[paths.STAGED_ENV] = json.dumps({str(out_dir): str(stage), os.path.realpath(out_dir): str(stage)},
                                               sort_keys=True)
        try:
            _execute(notebook, staged_exec, parameters, progress_bar, Path(cwd or notebook.parent), env, kernel_log)
        except NotebookFailed as exc:
            raise _keep_failed(exc, staged_exec, failed, owner, force) from None
        clean_metadata(staged_exec)
        if stage is not None:
            _carry_direct_writes(out_dir, stage, since, before)
            written = [out_dir / rel for rel in staging.staged_files(stage)]
    if not inside:
        written.append(executed)
    if failed is not None:  # an earlier failed run's notebook is this command's file: gone with a good run
        staging.remove_recorded(failed, owner)
    files = {paths.relative(f): sha256(f) for f in sorted(set(written))}
    return RunResult(executed, out_dir, files)


def _keep_failed(exc: NotebookFailed, staged_exec: Path, failed: Path | None, owner: str,
                 force: bool) -> NotebookFailed:
    """Keep the partly executed notebook of a failed run at ``failed``; return the failure saying where.

    It is written like any output of the run (:func:`jkncost.core.staging.staged_file` with the
    notebook's owner): recorded in its folder's marker, so the next good run removes it, and a file
    of that name that the notebook's runs did not write is not overwritten (unless ``force``). The
    earlier outputs are not touched.
    """
    if failed is None or not staged_exec.is_file():
        return exc
    import shutil

    try:
        clean_metadata(staged_exec)
        with staging.staged_file(failed, owner=owner, force=force) as tmp:
            shutil.copyfile(staged_exec, tmp)
    except (InputError, OSError, ValueError) as refused:  # a user's file of that name, a full disk
        return exc.kept(None, f"partly run notebook not kept: {refused}")
    return exc.kept(paths.relative(failed))


def study_notebook(path: str | Path, parameters: str, body: str, inputs: list[str] | None = None) -> Path:
    """Write a notebook in the compendium's shape: the guard, one ``parameters`` cell, the check, ``body``.

    The smallest notebook that ``run_notebook``, ``reproduce``, the manifest and the sweep accept,
    for a new study's skeleton, for tests and for benchmarks.

    Parameters
    ----------
    path : the ``.ipynb`` to write (its stem is the study's name).
    parameters : the ``parameters`` cell, one typed and commented line per parameter
        (``output_dir: str = "data/processed/demo"  # where outputs go``).
    body : the code that follows the parameter check.
    inputs : files the study reads (the manifest hashes them); None leaves the list out.

    Examples
    --------
    >>> import tempfile
    >>> nb = study_notebook(Path(tempfile.mkdtemp()) / "demo.ipynb", 'output_dir: str = "data/processed/demo"  # out',
    ...                     "print(output_dir)")
    >>> sorted(declared_parameters(nb))
    ['output_dir']
    """
    import nbformat

    path = Path(path)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    if inputs is not None:
        nb.metadata["jkncost"] = {"inputs": list(inputs)}
    nb.cells = [nbformat.v4.new_code_cell("from jkncost.core import paths\n"
                                          "from jkncost.compendium.notebook import ParameterGuard\n"
                                          "_guard = ParameterGuard(globals())"),
                nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(f'params = _guard.check(globals(), "{path.name}")'),
                nbformat.v4.new_code_cell(body)]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def execute_in_place(notebook: str | Path, parameters: dict[str, Any] | None = None) -> RunResult:
    """Re-execute a committed notebook with its defaults (or ``parameters``) and keep outputs in it."""
    notebook = Path(notebook)
    return run_notebook(notebook, notebook, parameters, cwd=notebook.parent, in_place=True)


if __name__ == "__main__":  # python -m jkncost.compendium.notebook NOTEBOOK... (what `make notebooks` runs)
    import sys

    for nb_path in sys.argv[1:]:
        print(f"executing {nb_path}", flush=True)
        execute_in_place(nb_path)
