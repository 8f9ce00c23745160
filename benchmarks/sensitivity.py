"""Sobol intervals of the methods notebook (`make bench` does not run it; run it alone).

The notebook's Sobol cell: four calls of :func:`jkncost.sensitivity.sobol_indices` (two hospitals, UC1 and
UC3; 2,048 base draws, five groups, 999 bootstrap resamples). Their BCa intervals need the indices of the
999 resamples and of the 2,048 jackknife samples: once through scipy's ``SobolResult.bootstrap`` (one
Python call of its statistic per row set, what the package did before), once through
:func:`jkncost.sensitivity.sobol.saltelli_resamples` (every row set at once), on the same model runs and
the same resamples. Also the whole ``sobol_indices`` call (model runs included).

Run alone: ``.venv/bin/python benchmarks/sensitivity.py``.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from common import best_of, print_table

from jkncost.core import paths
from jkncost.sensitivity import read_asset_assumptions, sobol_estimates, sobol_indices
from jkncost.sensitivity.sobol import _seeded_global_state
from jkncost.studies.methods import model as teaching

SPREAD = {"bases": ("lognormal", 0.2), "output": ("triangular", -0.1, 0.1), "costs": ("uniform", -0.05, 0.05),
          "rate": ("uniform", -0.02, 0.04), "life": ("triangular", -0.25, 0.25)}


def main():
    assets = read_asset_assumptions(paths.raw("methods", "asset_assumptions_illustrative.csv"))
    H = teaching.load("pasangkayu", assets=assets)
    rng = np.random.default_rng(0)
    n, k, d = 2048, len(H.classes), len(SPREAD)
    fA, fB = rng.normal(1.0, 0.1, (2, n, k))  # stand-ins of the runs: the cost is in the resampling
    fAB = {g: fA + rng.normal(0.0, 0.05, (n, k)) for g in range(d)}
    scipy_res = stats.sobol_indices(func={"f_A": fA.T, "f_B": fB.T, "f_AB": np.stack([v.T for v in fAB.values()])}, n=n)

    def per_row_set():
        with _seeded_global_state(1):
            scipy_res.bootstrap(n_resamples=999)

    rows = [
        ("BCa intervals, scipy's statistic per row set", best_of(per_row_set, 1), "what sobol_estimates did"),
        ("BCa intervals, every row set at once", best_of(lambda: sobol_estimates(fA, fB, fAB, n_resamples=999, seed=1)),
         "sobol_estimates now (estimates included)"),
        ("sobol_indices, Pasangkayu UC3 (runs included)",
         best_of(lambda: sobol_indices(H.model, SPREAD, n=n, level=3, centers=H.classes, n_resamples=999)),
         "one of the notebook's four calls"),
    ]
    print_table(rows)


if __name__ == "__main__":
    main()
