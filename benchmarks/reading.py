"""Benchmarks of reading and validating hospital folders at scale (issues 12 and 15), for `make bench`.

Each case is a whole ``jkncost`` process on a generated hospital folder, timed from outside (wall time)
with its peak memory (the child's maximum resident set size), beside a plain numpy script that reads the
same CSV files with the standard library and solves the reciprocal system, as a baseline of what the
work costs without the project's reading, validation and outputs.

Run alone: ``.venv/bin/python benchmarks/reading.py [--quick]`` (``--quick`` skips the 2,000,000-row case).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

BASELINE = r'''
import csv, sys
import numpy as np
folder = sys.argv[1]
with open(f"{folder}/cost_centers.csv", newline="") as f:
    rows = list(csv.DictReader(f))
names = [r["center"] for r in rows]
pos = {c: i for i, c in enumerate(names)}
support = np.array([r["kind"] == "support" for r in rows])
output = np.array([float(r["output"]) if r["output"] else np.nan for r in rows])
n = len(names)
cost = np.zeros((n, 3))
cat = {"FC": 0, "SVC": 1, "VC": 2}
with open(f"{folder}/costs.csv", newline="") as f:
    for r in csv.DictReader(f):
        cost[pos[r["center"]], cat[r["category"]]] += float(r["amount"])
W = np.zeros((n, n))
with open(f"{folder}/allocation_bases.csv", newline="") as f:
    for r in csv.DictReader(f):
        W[pos[r["support_center"]], pos[r["center"]]] += float(r["weight"])
np.fill_diagonal(W, 0.0)
S = W[support] / W[support].sum(axis=1, keepdims=True)          # shares of each support center
full = np.linalg.solve(np.eye(support.sum()) - S[:, support].T, cost[support])   # x = d_S + Q^T x
tc = cost[~support] + S[:, ~support].T @ full
uc = tc / output[~support, None]
np.savetxt(sys.stdout, uc[:3], fmt="%.2f")
'''


def generate(folder: Path, n: int, n_support: int, receivers: int, seed: int = 0) -> int:
    """A hospital folder: ``n`` centers of which ``n_support`` support, each sending to ``receivers`` centers.

    Weights are written as people type them (``0.125``, ``58.239``, ``12``); amounts as plain rupiah.
    Returns the number of basis rows.
    """
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"S{i:05d}" if i < n_support else f"P{i:05d}" for i in range(n)]
    with open(folder / "cost_centers.csv", "w") as f:
        f.write("center,kind,output,output_unit,beds,order\n")
        for i, c in enumerate(names):
            out = "" if i < n_support else str(int(rng.integers(100, 100_000)))
            f.write(f"{c},{'support' if i < n_support else 'production'},{out},unit,,\n")
    amounts = rng.integers(1_000_000, 900_000_000, size=(n, 3))
    with open(folder / "costs.csv", "w") as f:
        f.write("center,category,component,amount\n")
        for i, c in enumerate(names):
            for k, cat in enumerate(("FC", "SVC", "VC")):
                f.write(f"{c},{cat},item {k},{amounts[i, k]}\n")
    rows = 0
    with open(folder / "allocation_bases.csv", "w") as f:
        f.write("support_center,basis,center,weight\n")
        production = np.arange(n_support, n)
        for s in range(n_support):
            # one production receiver always, the rest drawn among all other centers
            others = np.setdiff1d(np.arange(n), [s])
            pick = rng.choice(others, size=receivers - 1, replace=False)
            pick = np.unique(np.concatenate([pick, [production[s % len(production)]]]))
            weights = rng.uniform(0.1, 999.0, size=len(pick))
            lines = [f"{names[s]},floor area m2,{names[c]},{w:.3f}" for c, w in zip(pick, weights)]
            f.write("\n".join(lines) + "\n")
            rows += len(pick)
    return rows


def run_process(argv: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system), peak resident memory (MB) and exit status of one child.

    On a machine shared with other work the CPU time is the steadier measure; both are shown."""
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, p.returncode


def best(argv, repeat=3):
    """Shortest wall time, shortest CPU time and largest peak memory of ``repeat`` runs."""
    runs = [run_process(argv) for _ in range(repeat)]
    if any(r[3] != 0 for r in runs):
        raise RuntimeError(f"{' '.join(argv)} failed")
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


def reading_benchmarks(quick: bool = False) -> list[tuple[str, float, str]]:
    exe = str(Path(sys.executable).with_name("jkncost"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        script = tmp / "baseline.py"
        script.write_text(BASELINE)
        h1 = tmp / "h1000"
        n_rows = generate(h1, 1000, 200, 150)
        t_plain, c_plain, m_plain = best([sys.executable, str(script), str(h1)])
        t_whole, c_whole, m_whole = best([exe, "unitcost", str(h1), "--method", "reciprocal", "--out",
                                          str(tmp / "o1")])
        rows.append((f"plain numpy script: read CSVs, solve reciprocal (1,000 centers, {n_rows:,} basis rows)",
                     t_plain, f"CPU {c_plain:.2f} s, {m_plain:,.0f} MB"))
        rows.append(("jkncost unitcost --method reciprocal, same folder (whole process)", t_whole,
                     f"CPU {c_whole:.2f} s, {m_whole:,.0f} MB; {t_whole / t_plain:.1f}x the plain script's wall, "
                     f"{c_whole / c_plain:.1f}x its CPU (target <= 3x)"))
        t_val, c_val, m_val = best([exe, "validate", str(h1), "--method", "reciprocal"])
        rows.append(("  jkncost validate, same folder (whole process)", t_val, f"CPU {c_val:.2f} s, {m_val:,.0f} MB"))
        t_import, c_import, _ = best([sys.executable, "-c", "import pandas, jkncost.cli.main"])
        rows.append(("  python start + pandas + the command line, nothing else", t_import, f"CPU {c_import:.2f} s"))
        h2 = tmp / "h2000"
        n_rows = generate(h2, 2000, 400, 500)
        t_val, c_val, m_val = best([exe, "validate", str(h2), "--method", "reciprocal"], repeat=2)
        t_uc, c_uc, m_uc = best([exe, "unitcost", str(h2), "--method", "reciprocal", "--out", str(tmp / "o2")],
                                repeat=2)
        rows.append((f"jkncost validate, 2,000 centers, {n_rows:,} basis rows", t_val,
                     f"CPU {c_val:.2f} s, {m_val:,.0f} MB"))
        rows.append(("jkncost unitcost --method reciprocal, same folder", t_uc,
                     f"CPU {c_uc:.2f} s, {m_uc:,.0f} MB (target < 3 s, < 500 MB)"))
        if not quick:
            h3 = tmp / "dense"
            n_rows = generate(h3, 2000, 1000, 2000)
            t_dv, c_dv, m_dv = best([exe, "validate", str(h3), "--method", "reciprocal"], repeat=1)
            rows.append((f"jkncost validate, dense basis file: {n_rows:,} rows (1,000 support x 2,000)", t_dv,
                         f"CPU {c_dv:.2f} s, {m_dv:,.0f} MB"))
            t_dense, c_dense, m_dense = best([exe, "unitcost", str(h3), "--method", "reciprocal", "--out",
                                              str(tmp / "o3")], repeat=1)
            rows.append(("jkncost unitcost --method reciprocal, same dense folder", t_dense,
                         f"CPU {c_dense:.2f} s, {m_dense:,.0f} MB (target < 30 s, < 2 GB)"))
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    from common import print_table

    print_table(reading_benchmarks(quick="--quick" in sys.argv))
