"""Benchmarks for `make bench`: timings printed as a table, with the machine they came from.

Not tests: nothing here passes or fails on speed. Targets from the issues are shown beside the
measurements so a reader can judge them.
"""

from __future__ import annotations

import subprocess
import time

import numpy as np
import pandas as pd

from common import best_of, print_table, random_batch

from jkncost.costing.allocation import allocate
from jkncost.costing.unitcost import unit_cost_batch


def pandas_loop(cost, weights, is_support, output):
    """The straightforward way: one hospital at a time, double distribution written with pandas."""
    n = len(is_support)
    names = [f"c{i}" for i in range(n)]
    sup = [names[i] for i in range(n) if is_support[i]]
    prod = [names[i] for i in range(n) if not is_support[i]]
    results = []
    for h in range(cost.shape[0]):
        d = pd.DataFrame(cost[h].T, index=names, columns=["FC", "SVC", "VC"])
        w = pd.DataFrame(weights[h], index=names, columns=names)
        for s in sup:
            w.loc[s, s] = 0.0
        stage1 = w.loc[sup].div(w.loc[sup].sum(axis=1), axis=0)
        stage2 = w.loc[sup, prod].div(w.loc[sup, prod].sum(axis=1), axis=0)
        after = d.loc[prod].copy()
        received = stage1[sup].T.dot(d.loc[sup])
        after += stage1[prod].T.dot(d.loc[sup]) + stage2.T.dot(received)
        tc1 = after.sum(axis=1)
        results.append(tc1 / output[h])
    return results


def papermill_overhead(tmp):
    """The unit_cost notebook through papermill against the same calls made directly."""
    import matplotlib.pyplot as plt

    from jkncost.core import paths
    from jkncost.costing import read_hospital
    from jkncost.core.io import save_figure, write_csv
    from jkncost.compendium.notebook import run_notebook
    from jkncost.plots import cost_composition, flow_heatmap, methods_bars
    from jkncost.costing.unitcost import compare_methods, unit_cost

    nb = paths.notebooks("unit_cost.ipynb")
    t_nb = best_of(lambda: run_notebook(nb, tmp / "uc.ipynb", {"output_dir": str(tmp / "nb")}), repeat=2)

    def direct():
        out = tmp / "direct"
        h = read_hospital(paths.raw("example_hospital"))
        r = unit_cost(h, "double", bor=0.8)
        m = compare_methods(h, bor=0.8)
        for fig, name in [(cost_composition(h.direct_costs()), "a.png"), (flow_heatmap(r.flows, h.names), "b.png"),
                          (methods_bars(m, 1), "c.png"), (methods_bars(m, 3), "d.png")]:
            save_figure(fig, out / name)
            plt.close(fig)
        write_csv(r.unit_cost, out / "unit_cost.csv")
        write_csv(r.flows, out / "allocation.csv")
        write_csv(m, out / "methods.csv")

    t_direct = best_of(direct, repeat=2)
    return t_nb, t_direct


def cold_make_reproduce():
    """`make reproduce` in a fresh clone of HEAD: new virtual environment, install, kernel, every notebook.

    This is what a new user waits for. The install step depends on the network and the package index's
    caches, so the figure varies more between machines than the others.
    """
    import tempfile
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "jkncost"
        subprocess.run(["git", "clone", "--quiet", str(repo), str(clone)], check=True)
        t = time.perf_counter()
        done = subprocess.run(["make", "reproduce"], cwd=clone, capture_output=True, text=True)
        elapsed = time.perf_counter() - t
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
        raise RuntimeError(f"make reproduce failed in a fresh clone: {' '.join(tail)}")
    return elapsed


def main(argv=None):
    import argparse
    import tempfile
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the slow ones (full and cold reproduce, sweeps)")
    args = parser.parse_args(argv)
    rows = []
    # 1. reciprocal allocation, 1,000 cost centers (200 support)
    cost, weights, is_support, _ = random_batch(1, 1000, 200)
    t = best_of(lambda: allocate(cost[0], weights[0], is_support, "reciprocal"))
    rows.append(("reciprocal allocation, 1,000 centers (200 support), 3 categories", t, "< 0.1 s"))
    # 2. batch of 10,000 hospitals x 40 centers, double distribution
    cost, weights, is_support, output = random_batch(10_000, 40, 8)
    t_batch = best_of(lambda: unit_cost_batch(cost, weights, is_support, output, "double"), repeat=2)
    rows.append(("double distribution, 10,000 hospitals x 40 centers (batched)", t_batch, "< 5 s"))
    for method in ("direct", "stepdown", "reciprocal"):
        t = best_of(lambda: unit_cost_batch(cost, weights, is_support, output, method), repeat=1)
        rows.append((f"{method}, 10,000 hospitals x 40 centers (batched)", t, ""))
    # 3. batched engine vs a per-hospital pandas loop on the same data (1,000 hospitals, then scaled)
    sub = slice(0, 1000)
    t_loop = best_of(lambda: pandas_loop(cost[sub], weights[sub], is_support, output[sub]), repeat=1)
    t_vec = best_of(lambda: unit_cost_batch(cost[sub], weights[sub], is_support, output[sub], "double"))
    check_loop = np.array([r.to_numpy() for r in pandas_loop(cost[:5], weights[:5], is_support, output[:5])])
    check_vec = unit_cost_batch(cost[:5], weights[:5], is_support, output[:5], "double")[1][:, 0, :]
    assert np.allclose(check_loop, check_vec), "the pandas loop and the engine disagree"
    rows.append(("pandas loop, 1,000 hospitals x 40 centers (double)", t_loop, ""))
    rows.append(("batched engine, same 1,000 hospitals", t_vec, f"ratio {t_loop / t_vec:,.0f}x faster"))
    # 3b. the format v2 engine: one operator per distinct set of bases (benchmarks/engine_v2.py)
    from engine_v2 import engine_v2_benchmarks

    rows.extend(engine_v2_benchmarks())
    # 3c. output contracts: the numpy pass against pandera (benchmarks/contracts.py)
    from contracts import contract_benchmarks

    rows.extend(contract_benchmarks())
    # 3d. the study code the notebooks call most (benchmarks/studies.py)
    from studies import study_benchmarks

    rows.extend(study_benchmarks())
    # 4. papermill overhead per notebook
    with tempfile.TemporaryDirectory() as tmp:
        t_nb, t_direct = papermill_overhead(Path(tmp))
    rows.append(("unit_cost notebook through papermill", t_nb, f"overhead {t_nb - t_direct:.1f} s per notebook"))
    rows.append(("the same calls made directly (tables and figures)", t_direct, ""))
    # 5. reproduce in parallel against the serial run (six small notebooks in a scratch compendium)
    from reproduce import real_reproduce, scratch_compendium

    rows.extend(scratch_compendium())
    if not args.quick:
        # 6. the whole compendium (serial, then one notebook per core), and sweeps on dask
        rows.extend(real_reproduce())
        try:
            rows.append(("cold make reproduce: fresh clone of HEAD, venv, install, run", cold_make_reproduce(),
                         "what a new user waits for"))
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:  # no git or no network
            rows.append((f"cold make reproduce skipped: {exc}", float("nan"), ""))
        from workbook_bench import workbook_benchmarks

        rows.extend(workbook_benchmarks())
        try:
            from sweep import sweep_benchmarks
        except ImportError as exc:  # the sweep module needs dask.distributed
            rows.append((f"sweeps skipped: {exc}", float("nan"), ""))
        else:
            rows.extend(sweep_benchmarks(quick=False))

    # 5b. activity costing: ABC, TDABC and patient records against plain numpy (benchmarks/activity.py)
    from activity import activity_benchmarks

    rows.extend(activity_benchmarks(quick=args.quick))
    # 6. reading and validating hospital folders at scale, whole processes (benchmarks/reading.py)
    from reading import reading_benchmarks

    rows.extend(reading_benchmarks(quick=args.quick))
    print_table(rows)


if __name__ == "__main__":
    main()
