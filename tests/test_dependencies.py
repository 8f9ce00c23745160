"""Every third-party package that src/ imports is declared in pyproject.toml; a missing optional one says so.

The scan reads every ``import`` of ``src/jkncost`` (inside functions too), keeps the top-level modules that
are neither the standard library nor jkncost, and maps each to the distributions that provide it
(:func:`importlib.metadata.packages_distributions`: ``yaml`` is PyYAML, ``jinja2`` is Jinja2). Each must be
a dependency of pyproject.toml or of one of its extras (``sweep``: dask and distributed).
"""

from __future__ import annotations

import ast
import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from jkncost.core import paths


def imported_modules(source: str) -> set[str]:
    """The top-level names of the absolute imports of ``source``, wherever they stand (functions included)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def third_party_imports(folder: Path) -> dict[str, list[str]]:
    """Third-party top-level module -> the files under ``folder`` that import it."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for module in imported_modules(path.read_text(encoding="utf-8")):
            if module in sys.stdlib_module_names or module == "jkncost" or module == "__future__":
                continue
            found.setdefault(module, []).append(path.relative_to(folder.parent).as_posix())
    return found


def declared_distributions() -> dict[str, str]:
    """Canonical distribution name -> where pyproject.toml declares it (``dependencies`` or ``extra NAME``)."""
    project = tomllib.loads((paths.root() / "pyproject.toml").read_text())["project"]
    declared = {canonicalize_name(Requirement(s).name): "dependencies" for s in project["dependencies"]}
    for extra, specs in project["optional-dependencies"].items():
        for s in specs:
            declared.setdefault(canonicalize_name(Requirement(s).name), f"extra {extra}")
    return declared


def test_the_scan_reads_imports_inside_functions_and_skips_the_standard_library():
    source = ("import os, numpy as np\nfrom yaml import safe_load\nfrom . import sibling\n"
              "from jkncost.errors import InputError\n\ndef f():\n    import jinja2.sandbox\n"
              "    from distributed import Client\n")
    assert imported_modules(source) == {"os", "numpy", "yaml", "jkncost", "jinja2", "distributed"}


def test_every_imported_package_is_declared():
    imports = third_party_imports(paths.root() / "src" / "jkncost")
    # the scan sees the imports that stand only inside functions (report templates, kernels, dask)
    assert {"numpy", "pandas", "jinja2", "jupyter_client", "distributed"} <= set(imports)
    providers = importlib.metadata.packages_distributions()
    declared = declared_distributions()
    problems = []
    for module, files in sorted(imports.items()):
        dists = {canonicalize_name(d) for d in providers.get(module, ())}
        if not dists:
            problems.append(f"{module} (imported by {files[0]}) is not installed, so its distribution is unknown")
        elif not dists & set(declared):
            problems.append(f"{module} (imported by {files[0]}) comes from {', '.join(sorted(dists))}, "
                            f"which pyproject.toml does not declare")
    assert problems == [], "declare them in [project] dependencies or an extra (and environment.yml):\n" + \
        "\n".join(problems)


def test_sweep_packages_are_the_sweep_extra_only():
    """dask and distributed are the optional extra jkncost[sweep], not dependencies of every install."""
    declared = declared_distributions()
    assert declared["dask"] == declared["distributed"] == "extra sweep"


def test_without_dask_batch_says_how_to_install_it_in_one_line(tmp_path):
    """With neither dask nor distributed installed, the package imports and `jkncost batch` stops with one line."""
    code = ("import sys\nsys.modules['dask'] = sys.modules['distributed'] = None  # as if not installed\n"
            "import jkncost.compendium.sweep, jkncost.costing.batch\n"
            "from jkncost.cli.main import main\n"
            "sys.exit(main(['batch', sys.argv[1], '--out', sys.argv[2]]))\n")
    out = tmp_path / "batch"
    done = subprocess.run([sys.executable, "-c", code, str(paths.raw()), str(out)],
                          capture_output=True, text=True)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert lines == ["jkncost batch: error: dask.distributed: not installed; jkncost sweep and batch need it: "
                     "pip install 'jkncost[sweep]'"]
    assert not out.exists()
