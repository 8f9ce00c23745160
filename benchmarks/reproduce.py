"""`jkncost reproduce` in parallel (``--jobs``, one notebook per core) against the serial run (``--jobs 1``).

Two measurements:

* ``scratch_compendium``: six small notebooks (each starts a kernel, imports pandas and computes for
  about a second) in a throw-away compendium, so the comparison needs neither the real studies nor
  their outputs; quick enough for ``make bench --quick``;
* ``real_reproduce``: the six study notebooks, serial and parallel, each in a fresh process (writes
  ``data/processed/`` as ``make reproduce`` does).

Run alone: ``.venv/bin/python benchmarks/reproduce.py [--real]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


from common import print_table

from jkncost.compendium.notebook import study_notebook

BODY = ("import numpy as np, pandas as pd\n"
        "from jkncost.core import io\n"
        "rng = np.random.default_rng(0)\n"
        "x = rng.normal(size=(600, 600))\n"
        "for _ in range(8):\n    x = np.tanh(x @ x.T / 600)\n"
        "io.write_csv(pd.DataFrame({'s': [float(x.sum())]}), paths.resolve(output_dir) / 'out.csv')\n")


def _reproduce(root: Path | None, jobs: int) -> float:
    env = dict(os.environ)
    if root is not None:
        env["JKNCOST_ROOT"] = str(root)
    exe = Path(sys.executable).with_name("jkncost")
    t = time.perf_counter()
    subprocess.run([str(exe), "reproduce", "--no-progress", "--jobs", str(jobs)], check=True, capture_output=True,
                   env=env)
    return time.perf_counter() - t


def scratch_compendium(n: int = 6) -> list[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "proj"
        (root / "data" / "raw").mkdir(parents=True)
        (root / "data" / "processed").mkdir(parents=True)
        (root / "notebooks").mkdir()
        (root / "pyproject.toml").write_text("[project]\nname='bench'\n")
        for k in range(n):
            study_notebook(root / "notebooks" / f"nb{k}.ipynb", f'output_dir: str = "data/processed/nb{k}"  # outputs',
                           BODY, inputs=[])
        serial = _reproduce(root, 1)
        jobs = os.cpu_count() or 1
        parallel = _reproduce(root, jobs)
    return [(f"reproduce, {n} small notebooks, --jobs 1", serial, "serial baseline"),
            (f"reproduce, {n} small notebooks, --jobs {jobs}", parallel, f"{serial / parallel:.2f}x the serial speed")]


def real_reproduce() -> list[tuple[str, float, str]]:
    serial = _reproduce(None, 1)
    jobs = os.cpu_count() or 1
    parallel = _reproduce(None, jobs)
    return [("jkncost reproduce --jobs 1 (six studies, report, manifest)", serial, "serial baseline"),
            (f"jkncost reproduce --jobs {jobs}", parallel, f"{serial / parallel:.2f}x the serial speed")]


if __name__ == "__main__":
    rows = scratch_compendium()
    if "--real" in sys.argv:
        rows += real_reproduce()
    print_table(rows)
