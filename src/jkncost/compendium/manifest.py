"""Provenance of every run: ``data/processed/manifest.json``, and ``jkncost verify``.

For each study run the manifest records the input files with their SHA-256 (the notebook, every
file under ``data/raw/`` and any file a parameter points to, and a digest of the package source),
the parameters, the package versions, the git commit, the start and end time, and the outputs
written with their SHA-256. :func:`verify` recomputes the hashes and says which runs are stale
(an input changed since) and which outputs were changed or removed.
"""

from __future__ import annotations

import ast
import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from jkncost.compendium import paths
from jkncost.compendium.io import write_text

MANIFEST = "manifest.json"
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
    return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and not p.name.startswith("."))


def package_digest() -> str:
    """One SHA-256 over the package's source and data (path and content of every file, sorted).

    The data shipped inside the package (JKN rule and INA-CBG tables, the example hospital, labels) is
    an input of the notebooks as much as ``data/raw`` is, so an edit to it marks them stale.
    """
    h = hashlib.sha256()
    src = Path(__file__).resolve().parent.parent  # the whole jkncost package
    for f in _files(src):
        if f.suffix != ".pyc":
            h.update(f.relative_to(src).as_posix().encode())
            h.update(sha256(f).encode())
    return h.hexdigest()


def _parameter_paths(values: dict[str, Any]) -> list[Path]:
    found = []
    for value in values.values():
        if isinstance(value, str) and value and len(value) < 500:
            p = paths.resolve(value)
            try:
                inside = p.resolve().is_relative_to(paths.root()) and "processed" not in p.resolve().parts
            except OSError:
                continue
            if p.exists() and inside:
                found.append(p)
    return found


def notebook_defaults(notebook: Path) -> dict[str, Any]:
    from jkncost.compendium.notebook import declared_parameters

    out = {}
    for name, info in declared_parameters(notebook).items():
        try:
            out[name] = ast.literal_eval(info["default"]) if info["default"] is not None else None
        except (ValueError, SyntaxError):
            out[name] = info["default"]
    return out


def input_hashes(notebook: Path, parameters: dict[str, Any]) -> dict[str, str]:
    files = {notebook.resolve()}
    files.update(f.resolve() for f in _files(paths.raw()))
    for p in _parameter_paths(parameters):
        files.update(f.resolve() for f in _files(p))
    hashes = {paths.relative(f): sha256(f) for f in sorted(files)}
    hashes["src/jkncost (package source)"] = package_digest()
    return hashes


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.root(), capture_output=True, text=True,
                             check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=paths.root(),
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return sha + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"


def run_entry(notebook: Path, executed: Path, overrides: dict[str, Any], output_dir: Path, start: str,
              end: str) -> dict[str, Any]:
    params = {**notebook_defaults(notebook), **overrides}
    outputs = {paths.relative(f): sha256(f) for f in _files(output_dir)} if output_dir.exists() else {}
    return {
        "notebook": paths.relative(notebook),
        "executed": paths.relative(executed),
        "parameters": params,
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
                       "outputs_changed": outputs_changed, "git_commit": entry.get("git_commit", "")})
    return report
