"""Build format-v2 Hospital objects directly (the reader's contract), and an independent engine to check them.

``make_hospital`` builds the object the reader produces, so the engine is tested without files.
``reference`` recomputes TC per production center from first principles with plain loops over
dictionaries: the most specific rule picked by four lookups, pools spread first, then each method
as its textbook describes it; reciprocal solves the mutual-service equations over ALL centers
(production rows zero) with one ``numpy.linalg.solve``, a different system from the engine's.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from jkncost.costing.hospital import Hospital

CATS = ("FC", "SVC", "VC")


def make_hospital(centers, costs, bases, tariffs=None, name="h") -> Hospital:
    """``centers``: (center, kind, output, beds, order); ``costs``: (center, category, component, amount);
    ``bases``: (support_center, category, component, center, weight); ``tariffs``: (center, tariff)."""
    c = pd.DataFrame(centers, columns=["center", "kind", "output", "beds", "order"])
    c.insert(3, "output_unit", "")
    for col in ("output", "beds", "order"):
        c[col] = c[col].astype(float)
    k = pd.DataFrame(costs, columns=["center", "category", "component", "amount"]).astype({"amount": float})
    b = pd.DataFrame(bases, columns=["support_center", "category", "component", "center", "weight"])
    b.insert(3, "basis", "w")
    b = b.astype({"weight": float})
    t = None if tariffs is None else pd.DataFrame([(x, float(y), "") for x, y in tariffs],
                                                  columns=["center", "tariff", "source"])
    return Hospital(name=name, centers=c, costs=k, bases=b, tariffs=t)


def _rule(bases, sender, cat, comp):
    for key in ((cat, comp), ("", comp), (cat, ""), ("", "")):
        rows = {to: w for s, c, k, to, w in bases if s == sender and (c, k) == key}
        if rows:
            return rows
    return None


def reference(centers, costs, bases, method):
    """TC1, TC2, TC3 per production center: dict center -> (TC1, TC2, TC3)."""
    names = [c[0] for c in centers]
    kind = {c[0]: c[1] for c in centers}
    shared = [c for c in names if kind[c] == "shared"]
    support = [c for c in names if kind[c] == "support"]
    prod = [c for c in names if kind[c] == "production"]
    if method == "stepdown":
        order = {c[0]: c[4] for c in centers if c[1] == "support"}
        support = sorted(support, key=lambda s: order[s])
    by_cat = {p: {cat: 0.0 for cat in CATS} for p in prod}
    streams = sorted({(c, k) for _, c, k, _ in costs})
    for cat, comp in streams:
        d = {c: 0.0 for c in names}
        for c, ca, co, a in costs:
            if (ca, co) == (cat, comp):
                d[c] += a
        w = {}
        for s in shared + support:
            rows = _rule(bases, s, cat, comp) or {}
            w[s] = {t: x for t, x in rows.items() if t != s and kind[t] != "shared" and x > 0}

        def share(s, eligible):
            tot = sum(x for t, x in w[s].items() if t in eligible)
            return {t: x / tot for t, x in w[s].items() if t in eligible}

        for h in shared:  # pools first, to every support and production center
            if d[h]:
                for t, q in share(h, support + prod).items():
                    d[t] += d[h] * q
                d[h] = 0.0
        final = {p: d[p] for p in prod}
        if method == "direct":
            for s in support:
                if d[s]:
                    for t, q in share(s, prod).items():
                        final[t] += d[s] * q
        elif method == "double":
            got = {s: 0.0 for s in support}
            for s in support:
                if d[s]:
                    for t, q in share(s, support + prod).items():
                        if t in final:
                            final[t] += d[s] * q
                        else:
                            got[t] += d[s] * q
            for s in support:
                if got[s]:
                    for t, q in share(s, prod).items():
                        final[t] += got[s] * q
        elif method == "stepdown":
            carried = dict(d)
            for i, s in enumerate(support):
                if carried[s]:
                    for t, q in share(s, support[i + 1:] + prod).items():
                        if t in final:
                            final[t] += carried[s] * q
                        else:
                            carried[t] += carried[s] * q
        else:  # reciprocal: x = d + x Q over every non-pool center, production rows of Q zero
            allc = support + prod
            pos = {c: i for i, c in enumerate(allc)}
            Q = np.zeros((len(allc), len(allc)))
            for s in support:
                for t, q in share(s, allc).items():
                    Q[pos[s], pos[t]] = q
            x = np.linalg.solve((np.eye(len(allc)) - Q).T, np.array([d[c] for c in allc]))
            for p in prod:
                final[p] = x[pos[p]]
        for p in prod:
            by_cat[p][cat] += final[p]
    return {p: (v["FC"] + v["SVC"] + v["VC"], v["SVC"] + v["VC"], v["VC"]) for p, v in by_cat.items()}


def random_v2(rng: np.random.Generator):
    """A random valid v2 hospital as (centers, costs, bases, tariffs): pools, mixed rule specificity,
    centers without output, beds, tariffs. Every rule gives a positive weight to every production
    center, so every method can close every sender."""
    n_pool, n_sup, n_prod = int(rng.integers(0, 3)), int(rng.integers(0, 5)), int(rng.integers(1, 5))
    pools = [f"G{i}" for i in range(n_pool)]
    sups = [f"S{i}" for i in range(n_sup)]
    prods = [f"P{i}" for i in range(n_prod)]
    order = rng.permutation(n_sup) + 1
    centers = [(g, "shared", math.nan, math.nan, math.nan) for g in pools]
    centers += [(s, "support", math.nan, math.nan, float(order[i])) for i, s in enumerate(sups)]
    for i, p in enumerate(prods):
        out = math.nan if (i > 0 and rng.random() < 0.25) else float(rng.integers(1, 5000))
        beds = float(rng.integers(1, 40)) if rng.random() < 0.5 else math.nan
        centers.append((p, "production", out, beds, math.nan))
    comps = ["gaji", "listrik", "BHP", "AIC gedung"][: int(rng.integers(1, 5))]
    costs = []
    for c in pools + sups + prods:
        for cat in CATS:
            for k in comps:
                if rng.random() < 0.4:
                    costs.append((c, cat, k, float(np.round(rng.uniform(0, 1e6), 2))))
    if not costs:
        costs.append((prods[0], "VC", comps[0], 1000.0))
    bases = []
    for s in pools + sups:
        keys = [("", "")]
        for cat in CATS:
            if rng.random() < 0.3:
                keys.append((cat, ""))
        for k in comps:
            if rng.random() < 0.3:
                keys.append(("", k))
            if rng.random() < 0.15:
                keys.append((str(rng.choice(CATS)), k))
        for cat, k in dict.fromkeys(keys):
            for t in sups + prods:
                if t == s:
                    continue
                x = float(rng.integers(1, 100)) if t in prods else float(rng.integers(0, 3)) * float(rng.random() < 0.6)
                bases.append((s, cat, k, t, x))
    tariffs = [(p, float(rng.integers(1000, 500000))) for p in prods if rng.random() < 0.7]
    return centers, costs, bases, tariffs
