"""Output contracts (jkncost.core.schemas): the numpy pass against pandera on the engine's largest tables.

The numpy pass and the pandera schemas are generated from one rule list; this measures whether the numpy
pass is worth keeping: what a run whose outputs keep the rules pays with it (no pandera import) and without.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from common import best_of
from engine_v2 import _v1

from jkncost.core import schemas
from jkncost.costing.unitcost import unit_cost


def contract_benchmarks():
    rows = []
    code = "import time; t = time.perf_counter(); import pandera.pandas; print(time.perf_counter() - t)"
    t_import = min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                        check=True).stdout) for _ in range(3))
    rows.append(("import pandera (fresh process), paid by a run only when it validates with pandera", t_import, ""))
    r = unit_cost(_v1(np.random.default_rng(12)), "reciprocal")
    for what, table, fast, schema in (("unit_cost", r.unit_cost, schemas._unit_cost_ok, "UNIT_COST"),
                                      ("allocation", r.flows, schemas._flows_ok, "FLOWS")):
        assert fast(table)
        t_fast = best_of(lambda: fast(table))
        t_schema = best_of(lambda: schemas._validate(schema, table))
        rows.append((f"{what} contract, {len(table):,} rows: numpy pass", t_fast,
                     f"pandera schema {t_schema:.3f} s (+ import)"))
    return rows


if __name__ == "__main__":
    from common import print_table

    print_table(contract_benchmarks())
