"""Audit workbook benchmarks: time to write a hospital's workbook, against plain baselines.

Not tests: nothing here passes or fails on speed. ``workbook_benchmarks()`` returns rows
``(name, seconds, note)`` in the format of ``benchmarks/run.py``; run as a script it prints them::

    .venv/bin/python benchmarks/workbook_bench.py            # 100 centers, and LibreOffice opening it (~1 min)
    .venv/bin/python benchmarks/workbook_bench.py --quick    # without LibreOffice
    .venv/bin/python benchmarks/workbook_bench.py --large    # also 300 centers (several minutes)
    .venv/bin/python benchmarks/workbook_bench.py --scale    # 2,000 centers: workbook (values) against unitcost

Issue 26's target: the workbook of a 2,000-center hospital (values, the layout above 300 centers)
within 10x the time of ``jkncost unitcost`` on the same folder, and under 600 MB. Each command runs in
its own process, so its peak memory (max RSS) is its own.

Issue 17's target: a 100-center hospital's workbook written in under 5 s. The baselines are
the floor under any workbook of that size (openpyxl writing as many plain numbers, no formulas
and no formats) and the engine's own unit-cost run on the same hospital. On a shared machine the
wall time counts the other processes' work too, so the note gives the CPU time of the process.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from common import print_table

from jkncost.costing import read_hospital, unit_cost
from jkncost.workbook import write_workbook


def synthetic_folder(folder: Path, n: int, support: int, seed: int = 0) -> Path:
    """A hospital folder of ``n`` centers (``support`` of them support), 2 components per category,
    each support center weighting every production center and half the other support centers."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"Unit {i:03d}" for i in range(n)]
    prod = n - support
    beds = [str(int(b)) if i % 3 == 0 else "" for i, b in enumerate(rng.integers(5, 40, prod))]
    pd.DataFrame({"center": names, "kind": ["support"] * support + ["production"] * prod,
                  "output": [""] * support + [str(int(q)) for q in rng.integers(100, 10000, prod)],
                  "output_unit": "", "beds": [""] * support + beds}).to_csv(folder / "cost_centers.csv", index=False)
    pd.DataFrame([(c, cat, f"{cat} item {k}", int(rng.uniform(1e6, 1e9))) for c in names
                  for cat in ("FC", "SVC", "VC") for k in range(2)],
                 columns=["center", "category", "component", "amount"]).to_csv(folder / "costs.csv", index=False)
    rows = [(names[i], "staff", names[j], int(rng.integers(1, 100))) for i in range(support) for j in range(n)
            if i != j and (j >= support or rng.uniform() < 0.5)]
    pd.DataFrame(rows, columns=["support_center", "basis", "center", "weight"]).to_csv(
        folder / "allocation_bases.csv", index=False)
    return folder


def plain_cells(path: Path, cells: int) -> None:
    """The floor: openpyxl writing ``cells`` plain numbers (no formulas, no formats), 100 to a row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    row = list(range(100))
    for _ in range(cells // 100):
        ws.append(row)
    wb.save(path)


def count_cells(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    return sum(1 for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r if v is not None)


def libreoffice_open(path: Path, tmp: Path) -> float:
    """Seconds for headless LibreOffice to open, recalculate and save ``path`` (a fresh profile: a cold start)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return float("nan")
    profile = tmp / "lo-profile"
    t = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(tmp / "lo"), str(path)], check=True, capture_output=True, timeout=900)
    elapsed = time.perf_counter() - t
    if not (tmp / "lo" / path.name).exists():
        raise RuntimeError("LibreOffice did not open the workbook")
    return elapsed


def timed(fn, repeat: int = 2) -> tuple[float, float]:
    """Best wall time and the CPU time of that same call."""
    best = (float("inf"), float("nan"))
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        best = min(best, (wall, cpu))
    return best


def workbook_benchmarks(quick: bool = False, large: bool = False) -> list[tuple[str, float, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        sizes = [(100, 25)] + ([(300, 60)] if large else [])
        for n, s in sizes:
            repeat = 2 if n <= 100 else 1
            folder = synthetic_folder(tmp / f"h{n}", n, s)
            hospital = read_hospital(folder, method="double")
            for method in ("double", "reciprocal"):
                out = tmp / f"h{n}-{method}.xlsx"
                wall, cpu = timed(lambda: write_workbook(hospital, out, method, bor=0.8), repeat)
                target = "target < 5 s; " if n == 100 else ""
                rows.append((f"workbook, {n} centers ({s} support), {method}, formulas", wall,
                             f"{target}cpu {cpu:.2f} s; {count_cells(out):,} cells"))
            out = tmp / f"h{n}-values.xlsx"
            wall, cpu = timed(lambda: write_workbook(hospital, out, "double", bor=0.8, formulas=False), repeat)
            rows.append((f"workbook, {n} centers, double, values (same layout)", wall, f"cpu {cpu:.2f} s"))
            cells = count_cells(tmp / f"h{n}-double.xlsx")
            wall, cpu = timed(lambda: plain_cells(tmp / "plain.xlsx", cells), repeat)
            rows.append((f"baseline: openpyxl writing {cells:,} plain numbers", wall,
                         f"cpu {cpu:.2f} s; the floor for that many cells"))
            wall, cpu = timed(lambda: unit_cost(hospital, "double", bor=0.8), repeat)
            rows.append((f"baseline: engine unit_cost, {n} centers, double (flows included)", wall, f"cpu {cpu:.2f} s"))
            if n == 100 and not quick:
                rows.append(("LibreOffice opens, recalculates and saves the 100-center workbook (double)",
                             libreoffice_open(tmp / "h100-double.xlsx", tmp), "cold start of soffice included"))
    return rows


_MEASURE = """
import resource, sys, time
from jkncost.cli.main import main
t = time.perf_counter()
code = main(sys.argv[1:])
print(f"{time.perf_counter() - t:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {code}")
"""


def command(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one ``jkncost`` command in a process of its own."""
    import sys

    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, check=True)
    seconds, mb, code = done.stdout.strip().splitlines()[-1].split()
    if code != "0":
        raise RuntimeError(f"jkncost {' '.join(args)} exited {code}: {done.stderr.strip()[-500:]}")
    return float(seconds), float(mb)


def scale_benchmarks(n: int = 2000, support: int = 100) -> list[tuple[str, float, str]]:
    """The workbook of an ``n``-center hospital (values) against ``jkncost unitcost`` on the same folder."""
    rows = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        folder = synthetic_folder(tmp / "h", n, support)
        uc_s, uc_mb = command(["unitcost", str(folder), "--method", "double", "--bor", "0.8", "--out", str(tmp / "o")])
        rows.append((f"jkncost unitcost, {n} centers ({support} support), double", uc_s, f"peak {uc_mb:.0f} MB"))
        wb_s, wb_mb = command(["workbook", str(folder), "--method", "double", "--bor", "0.8",
                               "--out", str(tmp / "w.xlsx")])
        rows.append((f"jkncost workbook, {n} centers, double, values", wb_s,
                     f"target <= 10x unitcost and < 600 MB: {wb_s / uc_s:.1f}x, peak {wb_mb:.0f} MB"))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="no LibreOffice")
    parser.add_argument("--large", action="store_true", help="also a 300-center hospital (several minutes)")
    parser.add_argument("--scale", action="store_true", help="only the 2,000-center comparison with unitcost")
    args = parser.parse_args(argv)
    if args.scale:
        print_table(scale_benchmarks())
        return
    print_table(workbook_benchmarks(quick=args.quick, large=args.large))


if __name__ == "__main__":
    main()
