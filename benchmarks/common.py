"""Shared pieces of the benchmarks: synthetic hospital batches, timing, the printed table."""

from __future__ import annotations

import os
import platform
import time

import numpy as np
import pandas as pd


def best_of(fn, repeat=3):
    """Shortest wall time of ``repeat`` calls (the least disturbed by other work on the machine)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def random_batch(H, n, s, seed=0):
    """H synthetic hospitals with n centers of which s support (every support center reaches production)."""
    rng = np.random.default_rng(seed)
    is_support = np.zeros(n, dtype=bool)
    is_support[:s] = True
    weights = rng.uniform(0.0, 10.0, size=(H, n, n)) * (rng.uniform(size=(H, n, n)) < 0.6)
    weights[:, :s, s] += 1.0
    cost = rng.uniform(0, 1e9, size=(H, 3, n))
    output = rng.uniform(100, 10000, size=(H, n - s))
    return cost, weights, is_support, output


def print_table(rows, note_header="target / note"):
    """Rows of (name, seconds, note) with the machine they were measured on."""
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {np.__version__}, pandas {pd.__version__}")
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'seconds':>9}  {note_header}")
    for name, secs, note in rows:
        print(f"{name:<{width}}  {secs:>9.4f}  {note}")
