"""Shared fixtures: small hospital folders written into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from jkncost.core import paths

# Property tests draw the same examples on every run (deterministic CI), and keep no example database.
settings.register_profile("jkncost", derandomize=True, database=None, deadline=None)
settings.load_profile("jkncost")

# Folders that only exist on the machine that wrote a file; committed files must not name them.
# Built from parts so this file does not itself trip the repository's machine-path check.
MACHINE_PATH_MARKERS = tuple(f"/{folder}/" for folder in ("work", "root", "home", "tmp"))


def machine_paths_in(text: str) -> list[str]:
    """The machine-path markers that ``text`` contains (empty when it is portable)."""
    return [marker for marker in MACHINE_PATH_MARKERS if marker in text]


@pytest.fixture
def example_dir() -> Path:
    return paths.raw("example_hospital")


@pytest.fixture
def hospital_copy(tmp_path, example_dir) -> Path:
    """A writable copy of the example hospital, for tests that break it."""
    dest = tmp_path / "hospital"
    shutil.copytree(example_dir, dest)
    return dest


def write_hospital(folder: Path, centers: str, costs: str, bases: str | None = None, assets: str | None = None) -> Path:
    """Write a tiny hospital folder from CSV texts (header line included)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cost_centers.csv").write_text(centers.strip() + "\n")
    (folder / "costs.csv").write_text(costs.strip() + "\n")
    if bases is not None:
        (folder / "allocation_bases.csv").write_text(bases.strip() + "\n")
    if assets is not None:
        (folder / "assets.csv").write_text(assets.strip() + "\n")
    return folder
