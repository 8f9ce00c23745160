"""Provenance of every run: ``data/processed/manifest.json``, and ``jkncost verify``.

For each study run the manifest records the input files with their SHA-256, the parameters, the
package versions, the git commit, the start and end time, and the outputs written with their
SHA-256. :func:`verify` recomputes the hashes and says which runs are stale (an input changed
since) and which outputs were changed or removed.

The inputs of a run are

* the notebook;
* every file or folder a parameter points to (``hospital_dir``, ``data_dir``, ``tariff_file`` ...);
* the inputs the notebook *declares* in its metadata, for what it reads without a parameter
  (a study loader reading ``data/raw/pasangkayu``)::

      "metadata": {"jkncost": {"inputs": ["data/raw/pasangkayu"]}}

  A notebook that declares nothing is taken to read all of ``data/raw/`` (safe, but any edit
  there then marks it stale);
* the package (one digest over every file of ``src/jkncost``) and the environment's lock file
  when the repository has one (:data:`LOCK_FILES`).

Structure of ``data/processed/manifest.json`` (what the report and ``jkncost verify`` read)::

    {"runs": {"<study>": {
        "notebook": "notebooks/<study>.ipynb",       # repository-relative paths throughout
        "executed": "data/processed/<study>/<study>.ipynb",
        "parameters": {...},                         # defaults overlaid with the run's parameters
        "inputs": {"<path>": "<sha256>", ..., "src/jkncost (package source)": "<sha256>"},
        "outputs": {"<path>": "<sha256>", ...},      # exactly the files of this run
        "versions": {"python": ..., "numpy": ...},
        "git_commit": "<sha>[-dirty]" or null,       # null outside a git checkout
        "start": "<UTC ISO 8601>", "end": "<UTC ISO 8601>",
        "lang": "en" | "id" | null}},                # the run's language (null: the notebook takes none)
     "report": {"lang": "en" | "id",                 # written by every build of data/processed/report/
                "notebooks": {"<study>": "<sha256 of the executed notebook shown>"}}}

:func:`verify_report` says whether the report is missing or older than its runs.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from jkncost.core import paths
from jkncost.core.io import write_text

MANIFEST = "manifest.json"
#: Lock files of the environment, first found wins; its hash is one of every run's inputs.
LOCK_FILES = ("requirements.lock", "requirements-lock.txt", "requirements.lock.txt", "uv.lock", "pylock.toml",
              "conda-lock.yml")
PACKAGE_SOURCE = "src/jkncost (package source)"
PACKAGES = ("jkncost", "numpy", "pandas", "scipy", "matplotlib", "seaborn", "papermill", "nbformat", "pandera",
            "dask", "distributed")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    # hidden files and folders (staging, markers, caches) are no one's input or output
    return sorted(p for p in path.rglob("*") if p.is_file() and not any(
        part.startswith(".") or part == "__pycache__" for part in p.relative_to(path).parts))


def package_digest(src: Path | None = None) -> str:
    """One SHA-256 over the package's source and data (path and content of every file, sorted).

    The data shipped inside the package (JKN rule and INA-CBG tables, the template's example, labels) is
    an input of the notebooks as much as ``data/raw`` is, so an edit to it marks them stale. ``src``
    defaults to the installed ``jkncost`` package. Where the folder lies and when its files were touched
    do not matter; a changed byte or a renamed file does.
    """
    h = hashlib.sha256()
    src = Path(src) if src is not None else Path(__file__).resolve().parent.parent  # the jkncost package
    for f in _files(src):
        if f.suffix not in (".pyc", ".pyo"):
            h.update(f.relative_to(src).as_posix().encode() + b"\0")
            h.update(sha256(f).encode())
    return h.hexdigest()


def lock_file(root: Path | None = None) -> Path | None:
    """The environment's lock file in the repository root (:data:`LOCK_FILES`), or None."""
    root = root or paths.root()
    return next((root / name for name in LOCK_FILES if (root / name).is_file()), None)


def declared_inputs(notebook: Path) -> list[Path] | None:
    """The inputs the notebook declares in ``metadata.jkncost.inputs`` (None when it declares none)."""
    meta = json.loads(Path(notebook).read_text(encoding="utf-8")).get("metadata", {}).get("jkncost", {})
    if "inputs" not in meta:
        return None
    return [paths.resolve(p) for p in meta["inputs"]]


def _parameter_paths(values: dict[str, Any]) -> list[Path]:
    found = []
    for name, value in values.items():
        if name != "output_dir" and isinstance(value, str) and value and len(value) < 500:
            p = paths.resolve(value)
            try:
                inside = p.resolve().is_relative_to(paths.root()) and "processed" not in p.resolve().parts
            except OSError:
                continue
            if p.exists() and inside:
                found.append(p)
    return found


def notebook_defaults(notebook: Path) -> dict[str, Any]:
    """The default parameters of ``notebook`` (the literals of its parameters cell)."""
    from jkncost.compendium.parameters import defaults

    return defaults(notebook)


def input_hashes(notebook: Path, parameters: dict[str, Any]) -> dict[str, str]:
    """SHA-256 of every input of a run of ``notebook`` with ``parameters`` (see the module docstring)."""
    files = {notebook.resolve()}
    declared = declared_inputs(notebook) if notebook.is_file() else None
    for folder in (declared if declared is not None else [paths.raw()]):
        if folder.exists():
            files.update(f.resolve() for f in _files(folder))
    for p in _parameter_paths(parameters):
        files.update(f.resolve() for f in _files(p))
    lock = lock_file()
    if lock is not None:
        files.add(lock.resolve())
    hashes = {paths.relative(f): sha256(f) for f in sorted(files)}
    hashes[PACKAGE_SOURCE] = package_digest()
    return hashes


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_commit(root: Path | None = None) -> str | None:
    """The commit of the repository at ``root`` (``-dirty`` when tracked files changed); None outside git.

    A folder inside another git checkout (a copy of the compendium unpacked in someone's
    repository) is not a checkout of the compendium: only a work tree whose top is ``root`` counts.
    """
    root = Path(root or paths.root()).resolve()
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True,
                             timeout=10)
        if top.returncode != 0 or Path(top.stdout.strip()).resolve() != root:
            return None
        sha = subprocess.run(["git", "rev-parse", "--verify", "HEAD"], cwd=root, capture_output=True, text=True,
                             timeout=10)
        if sha.returncode != 0:
            return None  # a repository without a commit yet
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return sha.stdout.strip() + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def run_entry(notebook: Path, executed: Path, overrides: dict[str, Any], output_dir: Path | None, start: str,
              end: str, files: dict[str, str] | None = None) -> dict[str, Any]:
    """The manifest entry of one run; ``files`` are the run's outputs (default: the files in ``output_dir``)."""
    params = {**notebook_defaults(notebook), **overrides}
    if files is not None:
        outputs = dict(sorted(files.items()))
    else:
        outputs = ({paths.relative(f): sha256(f) for f in _files(output_dir)}
                   if output_dir is not None and output_dir.exists() else {})
    return {
        "notebook": paths.relative(notebook),
        "executed": paths.relative(executed),
        "parameters": params,
        "lang": params.get("lang"),  # the language the run's figures, tables and narrative are in (None: no lang)
        "inputs": input_hashes(notebook, params),
        "outputs": outputs,
        "versions": versions(),
        "git_commit": git_commit(),
        "start": start,
        "end": end,
    }


def load(folder: Path | None = None) -> dict[str, Any]:
    path = (folder or paths.processed()) / MANIFEST
    if not path.exists():
        return {"runs": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def record(study: str, entry: dict[str, Any], folder: Path | None = None) -> Path:
    """Add or replace the entry of ``study`` in the manifest (written atomically)."""
    folder = folder or paths.processed()
    manifest = load(folder)
    manifest.setdefault("runs", {})[study] = entry
    manifest["runs"] = dict(sorted(manifest["runs"].items()))
    return write_text(json.dumps(manifest, indent=1, sort_keys=False) + "\n", folder / MANIFEST)


def verify(folder: Path | None = None) -> list[dict[str, Any]]:
    """Per run: ``fresh`` or ``stale`` with the inputs that changed and the outputs changed or missing."""
    manifest = load(folder)
    report = []
    for study, entry in manifest.get("runs", {}).items():
        notebook = paths.resolve(entry["notebook"])
        now = input_hashes(notebook, entry["parameters"]) if notebook.exists() else {}
        changed = sorted(k for k, v in entry["inputs"].items() if now.get(k) != v)
        added = sorted(set(now) - set(entry["inputs"]))
        outputs_changed = []
        for rel, digest in entry.get("outputs", {}).items():
            p = paths.resolve(rel)
            if not p.exists():
                outputs_changed.append(f"{rel} (missing)")
            elif sha256(p) != digest:
                outputs_changed.append(f"{rel} (modified)")
        status = "stale" if (changed or added) else ("outputs changed" if outputs_changed else "fresh")
        report.append({"study": study, "status": status, "inputs_changed": changed + [f"{a} (new)" for a in added],
                       "outputs_changed": outputs_changed, "git_commit": entry.get("git_commit") or ""})
    return report


def record_report(lang: str, notebooks: dict[str, str], folder: Path | None = None) -> Path:
    """Record in the manifest what the report was built from: its language and each executed notebook's SHA-256."""
    folder = folder or paths.processed()
    manifest = load(folder)
    manifest["report"] = {"lang": lang, "notebooks": dict(sorted(notebooks.items()))}
    return write_text(json.dumps(manifest, indent=1, sort_keys=False) + "\n", folder / MANIFEST)


def verify_report(folder: Path | None = None) -> dict[str, Any] | None:
    """The report's row for ``jkncost verify``: ``fresh``, ``missing`` or ``stale`` (older than a run), with why.

    None when the manifest records no run (nothing to report on).
    """
    folder = folder or paths.processed()
    manifest = load(folder)
    runs = manifest.get("runs", {})
    if not runs:
        return None
    row = {"study": "report", "status": "fresh", "inputs_changed": [], "outputs_changed": [], "git_commit": ""}
    if not (folder / "report" / "index.html").is_file():
        row.update(status="missing", inputs_changed=["data/processed/report/index.html is missing; run `jkncost report`"])
        return row
    shown = manifest.get("report", {}).get("notebooks", {})
    for study, entry in sorted(runs.items()):
        executed = entry.get("executed", "")
        digest = entry.get("outputs", {}).get(executed)
        if digest is None and paths.resolve(executed).is_file():
            digest = sha256(paths.resolve(executed))
        if digest is not None and shown.get(study) != digest:
            row["inputs_changed"].append(f"{executed} (run after the report was built; run `jkncost report`)")
    if row["inputs_changed"]:
        row["status"] = "stale"
    return row
