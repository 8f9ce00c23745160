"""The committed index of each seed: what the coverage checks need from a source text, on any clone.

A seed (``../shared/seeds/<prefix>_*.txt``, beside the repository in CI and on the project machine, absent
beside a user's clone) is indexed once into ``data/raw/seeds/<prefix>.lines.json``: its file name, its
SHA-256 and every line that holds a digit, at its number (:func:`build_seed_index`). The checks of
:mod:`jkncost.compendium.coverage` read the index (:func:`seed_text_from_index` puts every kept line back at its
number, so each number keeps its line and column); ``python -m jkncost.compendium.coverage SEEDS_DIR``
rewrites the indexes after a seed changes, and ``tests/test_seed_coverage.py`` checks them against the texts
where the texts are present.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from jkncost.core import paths

#: where the committed seed indexes live (relative to the repository root)
SEED_INDEX_DIR = "data/raw/seeds"
_DIGIT = re.compile(r"[0-9]")


def build_seed_index(prefix: str, seeds_dir: str | os.PathLike[str] | None = None) -> dict:
    """What the coverage checks need from seed ``prefix``, derived from its text.

    Parameters
    ----------
    prefix : str
        Seed file prefix (``"002"`` for ``002_*.txt``).
    seeds_dir : path, optional
        The folder of the source texts (default :func:`default_seeds_dir`).

    Returns
    -------
    dict
        ``seed`` (the file name), ``sha256`` (of its bytes), ``n_lines`` (``len(text.splitlines())``) and
        ``lines``: ``[line number, exact text]`` of every line that holds a digit, in order.

    Notes
    -----
    Lines are numbered as :func:`extract_numbers` numbers them (``str.splitlines``, from 1), so every
    number token keeps its line and column: :func:`seed_text_from_index` puts the kept lines back at
    their numbers and leaves the others empty. A line without a digit holds no number to account for.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "009_x.txt").write_text("Judul\\nCRR 120%\\n", encoding="utf-8")
    >>> index = build_seed_index("009", d)
    >>> index["seed"], index["n_lines"], index["lines"]
    ('009_x.txt', 2, [[2, 'CRR 120%']])
    >>> seed_text_from_index(index).splitlines()
    ['', 'CRR 120%']
    """
    path = _seed_file(prefix, Path(seeds_dir) if seeds_dir is not None else default_seeds_dir())
    data = path.read_bytes()
    lines = data.decode("utf-8").splitlines()
    return {"seed": path.name, "sha256": hashlib.sha256(data).hexdigest(), "n_lines": len(lines),
            "lines": [[i, line] for i, line in enumerate(lines, start=1) if _DIGIT.search(line)]}


def seed_index_path(prefix: str) -> Path:
    """The committed index of seed ``prefix``: ``data/raw/seeds/<prefix>.lines.json``."""
    return paths.root() / SEED_INDEX_DIR / f"{prefix}.lines.json"


def dump_seed_index(index: dict) -> str:
    """The index as JSON text, one kept line of the seed per line of the file (readable diffs)."""
    head = {k: index[k] for k in ("seed", "sha256", "n_lines")}
    body = ",\n".join("    " + json.dumps(entry, ensure_ascii=False) for entry in index["lines"])
    return (json.dumps(head, ensure_ascii=False)[:-1] + ',\n  "lines": [\n' + body + "\n  ]\n}\n")


def write_seed_index(prefix: str, seeds_dir: str | os.PathLike[str] | None = None) -> Path:
    """Build the index of seed ``prefix`` (:func:`build_seed_index`) and write it where :func:`seed_index_path` says."""
    out = seed_index_path(prefix)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump_seed_index(build_seed_index(prefix, seeds_dir)), encoding="utf-8")
    return out


def read_seed_index(prefix: str) -> dict:
    """The committed index of seed ``prefix`` (:func:`seed_index_path`)."""
    path = seed_index_path(prefix)
    if not path.is_file():
        raise FileNotFoundError(f"no seed index {paths.relative(path)}: run "
                                f"'python -m jkncost.compendium.coverage SEEDS_DIR' where the seeds are")
    return json.loads(path.read_text(encoding="utf-8"))


def seed_text_from_index(index: dict) -> str:
    """The seed's text as the checks see it: every line with a digit at its number, the others empty."""
    lines = [""] * index["n_lines"]
    for number, text in index["lines"]:
        lines[number - 1] = text
    return "\n".join(lines)


def _seed_file(prefix: str, folder: Path) -> Path:
    hits = sorted(folder.glob(f"{prefix}_*.txt"))
    if not hits:
        raise FileNotFoundError(f"no seed {prefix}_*.txt in {folder}")
    return hits[0]


def default_seeds_dir() -> Path:
    """``../shared/seeds`` relative to the repository root: the source texts, present in CI and on the project
    machine but not beside a user's clone (the checks read the committed index, :func:`read_seed`)."""
    return paths.root().parent / "shared" / "seeds"
