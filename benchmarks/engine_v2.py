"""Format v2 engine at scale: one operator per distinct set of bases, against plain baselines.

1. A version 1 hospital, 1,000 centers (200 support), 30,000 basis rows, 3 categories:
   ``unit_cost`` (reciprocal, with every flow and the output contracts) against a plain numpy
   solve of the same equations (normalize, one solve, one product).
2. A version 2 hospital, 1,000 centers (5 shared pools), 60 components, rules per category and
   component giving 4 distinct weight matrices: ``unit_cost`` (4 operators) against the same engine
   run once per component (60 operators), what the engine would cost without grouping.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from common import best_of
from jkncost.costing.hospital import Hospital
from jkncost.costing.unitcost import unit_cost


def _v1(rng, n_sup=200, n_prod=800, per_sender=150):
    names = [f"S{i}" for i in range(n_sup)] + [f"P{i}" for i in range(n_prod)]
    centers = pd.DataFrame({"center": names, "kind": ["support"] * n_sup + ["production"] * n_prod,
                            "output": [np.nan] * n_sup + list(rng.integers(1, 10_000, n_prod).astype(float)),
                            "output_unit": "", "beds": np.nan, "order": np.nan})
    costs = pd.DataFrame([(c, cat, "item", float(rng.uniform(0, 1e8))) for c in names for cat in ("FC", "SVC", "VC")],
                         columns=["center", "category", "component", "amount"])
    rows = []
    for i in range(n_sup):
        for t in rng.choice(len(names), size=per_sender, replace=False):
            if t != i:
                rows.append((names[i], "", "", "w", names[t], float(rng.integers(1, 100))))
        rows.append((names[i], "", "", "w", names[-1], 1.0))
    bases = pd.DataFrame(rows, columns=["support_center", "category", "component", "basis", "center", "weight"])
    bases = bases.drop_duplicates(["support_center", "center"])
    return Hospital("v1", centers, costs, bases)


def _plain_reciprocal(h: Hospital) -> np.ndarray:
    """The reciprocal method in a few numpy lines (the baseline)."""
    n = len(h.names)
    pos = {c: i for i, c in enumerate(h.names)}
    W = np.zeros((n, n))
    W[h.bases["support_center"].map(pos).to_numpy(), h.bases["center"].map(pos).to_numpy()] = h.bases["weight"]
    np.fill_diagonal(W, 0.0)
    s, p = h.is_support, ~h.is_support
    Q = W[s] / W[s].sum(axis=1, keepdims=True)
    d = h.direct_costs().to_numpy().T
    x = np.linalg.solve((np.eye(int(s.sum())) - Q[:, s]).T, d[:, s].T).T
    return d[:, p] + x @ Q[:, p]


def _v2(rng, n_pool=5, n_sup=195, n_prod=800, n_comp=60):
    names = [f"G{i}" for i in range(n_pool)] + [f"S{i}" for i in range(n_sup)] + [f"P{i}" for i in range(n_prod)]
    kinds = ["shared"] * n_pool + ["support"] * n_sup + ["production"] * n_prod
    centers = pd.DataFrame({"center": names, "kind": kinds, "output_unit": "", "beds": np.nan, "order": np.nan,
                            "output": [np.nan] * (n_pool + n_sup) + list(rng.integers(1, 10_000, n_prod).astype(float))})
    comps = [f"item {i:02d}" for i in range(n_comp)]
    costs = pd.DataFrame([(c, cat, comps[int(rng.integers(n_comp))], float(rng.uniform(0, 1e8)))
                          for c in names for cat in ("FC", "SVC", "VC")],
                         columns=["center", "category", "component", "amount"]).drop_duplicates(
        ["center", "category", "component"])
    rows = []
    # every sender: a basis for everything; the pools also one for VC, one for item 01 and one for VC item 02
    for i, s in enumerate(names[: n_pool + n_sup]):
        rules = [("", "")] + ([("VC", ""), ("", comps[1]), ("VC", comps[2])] if i < n_pool else [])
        for cat, comp in rules:
            for t in rng.choice(np.arange(n_pool, len(names)), size=30, replace=False):
                if t != i:
                    rows.append((s, cat, comp, "w", names[t], float(rng.integers(1, 100))))
            rows.append((s, cat, comp, "w", names[-1], 1.0))
    bases = pd.DataFrame(rows, columns=["support_center", "category", "component", "basis", "center", "weight"])
    bases = bases.drop_duplicates(["support_center", "category", "component", "center"])
    return Hospital("v2", centers, costs, bases)


def engine_v2_benchmarks():
    rng = np.random.default_rng(12)
    rows = []
    h1 = _v1(rng)
    r = unit_cost(h1, "reciprocal")
    assert np.allclose(r.after.to_numpy().T, _plain_reciprocal(h1), rtol=1e-9), "engine and baseline disagree"
    t_plain = best_of(lambda: _plain_reciprocal(h1), repeat=2)
    t_engine = best_of(lambda: unit_cost(h1, "reciprocal"), repeat=2)
    rows.append((f"unit_cost v1, 1,000 centers, {len(h1.bases):,} basis rows, reciprocal, {len(r.flows):,} flows",
                 t_engine, f"plain numpy solve {t_plain:.2f} s"))
    h2 = _v2(rng)
    r2 = unit_cost(h2, "double", flows=False)
    t_grouped = best_of(lambda: unit_cost(h2, "double", flows=False), repeat=2)

    def per_component():
        # the same engine once per component: what building one operator per component costs
        for comp in h2.costs["component"].unique():
            unit_cost(Hospital("c", h2.centers, h2.costs[h2.costs["component"] == comp], h2.bases), "double",
                      flows=False)

    t_each = best_of(per_component, repeat=1)
    rows.append((f"unit_cost v2, 1,000 centers, 60 components, {r2.operators} operators (double)", t_grouped,
                 f"one run per component: {t_each:.1f} s"))
    return rows


if __name__ == "__main__":
    from common import print_table

    print_table(engine_v2_benchmarks())
