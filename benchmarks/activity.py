"""Activity costing at scale (`make bench`): ABC, TDABC and patient records against plain numpy.

- ABC: 2,000 activities (one driver each) x 200 cost objects, 200 resources traced to every activity
  (400,000 weights and 400,000 driver quantities), through :func:`jkncost.activity.abc.activity_based_costing`
  (long tables with names, checks of conservation, activity levels) against the same two products on
  dense numpy matrices with integer positions;
- TDABC: 200 services x 2,000 resources (400,000 process steps), volumes, through
  :func:`jkncost.activity.tdabc.time_driven_costing` against ``M @ rate`` and ``M.T @ volume``;
- patients: 100,000 cases of 10 pathways, 8 items each (800,000 case items priced by name from their
  pathway), through :func:`jkncost.activity.pathway.patient_costs` against a ``numpy.bincount`` on codes
  known in advance.

Run alone: ``.venv/bin/python benchmarks/activity.py`` (``--quick`` for a tenth of the sizes).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from common import best_of, print_table

from jkncost.activity.abc import activity_based_costing
from jkncost.activity.pathway import cost_per_case, patient_costs, price_pathways
from jkncost.activity.tdabc import time_driven_costing


def abc_case(n_act=2000, n_obj=200, n_res=200, seed=0):
    rng = np.random.default_rng(seed)
    acts = [f"activity {i}" for i in range(n_act)]
    objs = [f"object {i}" for i in range(n_obj)]
    res = [f"resource {i}" for i in range(n_res)]
    W = rng.uniform(0, 10, (n_res, n_act)) + 0.01
    Q = rng.uniform(0, 100, (n_act, n_obj)) + 0.01
    direct = rng.uniform(0, 1e8, n_act)
    amount = rng.uniform(0, 1e9, n_res)
    frames = dict(
        activities=pd.DataFrame({"activity": acts, "level": np.array(["unit", "batch", "patient", "facility"])[
            np.arange(n_act) % 4], "driver": [f"driver {i}" for i in range(n_act)], "cost": direct,
            "capacity": np.nan}),
        cost_objects=pd.DataFrame({"cost_object": objs, "output": rng.uniform(100, 1e4, n_obj), "output_unit": "",
                                   "tariff": np.nan, "markup": 0.2}),
        driver_quantities=pd.DataFrame({"driver": np.repeat([f"driver {i}" for i in range(n_act)], n_obj),
                                        "cost_object": np.tile(objs, n_act), "quantity": Q.ravel()}),
        resources=pd.DataFrame({"resource": res, "category": "SVC", "amount": amount}),
        resource_drivers=pd.DataFrame({"resource": np.repeat(res, n_act), "activity": np.tile(acts, n_res),
                                       "weight": W.ravel()}),
    )
    return frames, (direct, amount, W, Q)


def abc_plain(activities, cost_objects, driver_quantities, resources, resource_drivers):
    """What a person would write from the same long tables: names to positions (pandas' hash index), dense
    matrices, the two products."""
    acts, objs, res = (pd.Index(activities["activity"]), pd.Index(cost_objects["cost_object"]),
                       pd.Index(resources["resource"]))
    drivers = pd.Index(activities["driver"])
    W = np.zeros((len(res), len(acts)))
    W[res.get_indexer(resource_drivers["resource"]), acts.get_indexer(resource_drivers["activity"])] = \
        resource_drivers["weight"].to_numpy()
    Q = np.zeros((len(drivers), len(objs)))
    Q[drivers.get_indexer(driver_quantities["driver"]), objs.get_indexer(driver_quantities["cost_object"])] = \
        driver_quantities["quantity"].to_numpy()
    cost = abc_numpy(activities["cost"].to_numpy(), resources["amount"].to_numpy(), W, Q)
    return cost, cost / cost_objects["output"].to_numpy()


def abc_numpy(direct, amount, W, Q):
    """The two stages on dense matrices: c = d + S'R, rate = c / Q1, C = Q' rate."""
    S = W / W.sum(axis=1, keepdims=True)
    cost = direct + S.T @ amount
    rate = cost / Q.sum(axis=1)
    return Q.T @ rate


def tdabc_case(n_services=200, n_resources=2000, seed=1):
    rng = np.random.default_rng(seed)
    res = [f"resource {i}" for i in range(n_resources)]
    svc = [f"service {i}" for i in range(n_services)]
    M = rng.uniform(0, 30, (n_services, n_resources))
    cost, minutes = rng.uniform(1e6, 1e9, n_resources), rng.uniform(1e5, 1e6, n_resources)
    volume = rng.uniform(10, 1000, n_services)
    frames = dict(
        capacity=pd.DataFrame({"resource": res, "cost": cost, "minutes": minutes, "practical_share": 0.8}),
        processes=pd.DataFrame({"service": np.repeat(svc, n_resources), "resource": np.tile(res, n_services),
                                "minutes": M.ravel(), "times": np.nan}),
        volumes=pd.DataFrame({"service": svc, "volume": volume}),
    )
    return frames, (cost, minutes, M, volume)


def tdabc_plain(capacity, processes, volumes):
    """From the same long tables: names to positions, a dense minutes matrix, the products."""
    res = pd.Index(capacity["resource"])
    codes, services = pd.factorize(processes["service"])
    M = np.zeros((len(services), len(res)))
    M[codes, res.get_indexer(processes["resource"])] = processes["minutes"].to_numpy()
    volume = np.zeros(len(services))
    volume[pd.Index(services).get_indexer(volumes["service"])] = volumes["volume"].to_numpy()
    return tdabc_numpy(capacity["cost"].to_numpy(), capacity["minutes"].to_numpy(), M, volume)


def tdabc_numpy(cost, minutes, M, volume):
    rate = cost / (minutes * 0.8)
    used = M.T @ volume
    return M @ rate, used, (minutes * 0.8 - used) * rate


def patients_case(n_cases=100_000, n_paths=10, n_items=8, seed=2):
    rng = np.random.default_rng(seed)
    paths = [f"pathway {p}" for p in range(n_paths)]
    items = [f"item {k}" for k in range(n_items)]
    price = rng.uniform(1e4, 1e6, (n_paths, n_items))
    pathways = pd.DataFrame({"pathway": np.repeat(paths, n_items), "item": np.tile(items, n_paths), "source": "price",
                             "quantity": 1.0, "price": price.ravel()})
    tariffs = pd.DataFrame({"pathway": paths, "inacbg_code": "O-6-10-I", "tariff": 5e6, "hospital_tariff": np.nan})
    which = rng.integers(0, n_paths, n_cases)
    ids = [f"case {i}" for i in range(n_cases)]
    cases = pd.DataFrame({"case": ids, "pathway": np.asarray(paths, dtype=object)[which], "inacbg_code": "",
                          "class": "III", "los": rng.integers(1, 8, n_cases).astype(float), "tariff": np.nan,
                          "hospital_tariff": np.nan})
    qty = rng.integers(1, 5, n_cases * n_items).astype(float)
    case_items = pd.DataFrame({"case": np.repeat(ids, n_items), "item": np.tile(items, n_cases), "quantity": qty,
                               "source": "", "price": np.nan})
    return (pathways, tariffs, cases, case_items), (which, price, qty, n_items)


def patients_plain(pathways, tariffs, cases, case_items):
    """From the same tables: case and item names to positions, the unit cost of each (pathway, item), one
    bincount per case, the CRR against the pathway's tariff."""
    paths = pd.Index(pd.unique(pathways["pathway"]))
    item_codes, items = pd.factorize(case_items["item"])
    price = np.full((len(paths), len(items)), np.nan)
    price[paths.get_indexer(pathways["pathway"]), pd.Index(items).get_indexer(pathways["item"])] = \
        pathways["price"].to_numpy() * pathways["quantity"].to_numpy()
    case = pd.Index(cases["case"]).get_indexer(case_items["case"])
    path = paths.get_indexer(cases["pathway"])
    unit = price[path[case], item_codes]
    cost = np.bincount(case, weights=case_items["quantity"].to_numpy() * unit, minlength=len(cases))
    tariff = tariffs.set_index("pathway")["tariff"].reindex(paths).to_numpy()[path]
    return cost, 100 * tariff / cost


def patients_numpy(which, price, qty, n_items):
    n = len(which)
    unit = price[np.repeat(which, n_items), np.tile(np.arange(n_items), n)]
    cost = np.bincount(np.repeat(np.arange(n), n_items), weights=qty * unit, minlength=n)
    return cost, 100 * 5e6 / cost


def patients_engine(pathways, tariffs, cases, case_items):
    items = price_pathways(pathways)
    return patient_costs(cases, case_items, items, cost_per_case(items, tariffs), tariffs)


PLAIN_SCRIPT = """
import sys
import numpy as np
import pandas as pd
d = sys.argv[1]
acts = pd.read_csv(f"{d}/activities.csv")
objs = pd.read_csv(f"{d}/cost_objects.csv")
res = pd.read_csv(f"{d}/resources.csv")
rd = pd.read_csv(f"{d}/resource_drivers.csv")
dq = pd.read_csv(f"{d}/driver_quantities.csv")
a, o, r, dr = (pd.Index(acts["activity"]), pd.Index(objs["cost_object"]), pd.Index(res["resource"]),
               pd.Index(acts["driver"]))
W = np.zeros((len(r), len(a)))
W[r.get_indexer(rd["resource"]), a.get_indexer(rd["activity"])] = rd["weight"].to_numpy()
Q = np.zeros((len(dr), len(o)))
Q[dr.get_indexer(dq["driver"]), o.get_indexer(dq["cost_object"])] = dq["quantity"].to_numpy()
cost = acts["cost"].to_numpy() + (W / W.sum(axis=1, keepdims=True)).T @ res["amount"].to_numpy()
C = Q.T @ (cost / Q.sum(axis=1))
pd.DataFrame({"cost_object": o, "cost": C, "unit_cost": C / objs["output"].to_numpy()}).to_csv(
    f"{sys.argv[2]}/cost_objects.csv", index=False, float_format="%.6f")
"""


def whole_process(frames, quick: bool):
    """``jkncost abc`` as a user runs it (read CSVs, check, cost, write) against a plain pandas + numpy script
    reading the same files (benchmarks/reading.py measures the same way: wall and CPU of the child)."""
    import tempfile
    from pathlib import Path

    from reading import best

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "abc"
        folder.mkdir()
        for name, frame in frames.items():
            frame.to_csv(folder / f"{name}.csv", index=False)
        script = tmp / "plain.py"
        script.write_text(PLAIN_SCRIPT)
        (tmp / "plain_out").mkdir()
        exe = str(Path(sys.executable).with_name("jkncost"))
        repeat = 3 if quick else 2
        t_plain, c_plain, m_plain = best([sys.executable, str(script), str(folder), str(tmp / "plain_out")], repeat)
        t_abc, c_abc, m_abc = best([exe, "abc", str(folder), "--out", str(tmp / "out")], repeat)
        n = len(frames["driver_quantities"]) + len(frames["resource_drivers"])
        rows.append((f"plain script: read the CSVs ({n:,} rows), both stages, write", t_plain,
                     f"CPU {c_plain:.2f} s, {m_plain:,.0f} MB"))
        rows.append(("jkncost abc, same folder (whole process: read, check, cost, write 6 tables)", t_abc,
                     f"CPU {c_abc:.2f} s, {m_abc:,.0f} MB; {t_abc / t_plain:.1f}x the script's wall, "
                     f"{c_abc / c_plain:.1f}x its CPU (goal within 3x)"))
    return rows


def activity_benchmarks(quick: bool = False):
    """Rows (name, seconds, note) for benchmarks/run.py: each engine beside its plain numpy baseline."""
    k = 10 if quick else 1
    rows = []
    frames, arrays = abc_case(2000 // k, 200, 200 // k)
    got = activity_based_costing(**frames).cost_objects["cost"].to_numpy()
    assert np.allclose(got, abc_numpy(*arrays), rtol=1e-9), "the ABC engine and numpy disagree"
    assert np.allclose(got, abc_plain(**frames)[0], rtol=1e-9)
    t_engine = best_of(lambda: activity_based_costing(**frames))
    t_plain = best_of(lambda: abc_plain(**frames))
    t_numpy = best_of(lambda: abc_numpy(*arrays))
    size = f"{2000 // k:,} activities x 200 objects, {200 // k} resources"
    rows.append((f"ABC engine, {size} (400,000 weights and quantities by name)", t_engine,
                 f"{t_engine / t_plain:.1f}x the plain script (goal within 3x)"))
    rows.append(("plain numpy script, same tables (names to positions, dense products)", t_plain, ""))
    rows.append(("  of which the products alone (positions known)", t_numpy, ""))

    rows.extend(whole_process(frames, quick))

    frames, arrays = tdabc_case(200, 2000 // k)
    got = time_driven_costing(**frames)
    want = tdabc_numpy(*arrays)
    assert np.allclose(got.services["time_cost"], want[0]) and np.allclose(got.capacity_rates["unused_cost"], want[2])
    assert np.allclose(tdabc_plain(**frames)[0], want[0])
    t_engine = best_of(lambda: time_driven_costing(**frames))
    t_plain = best_of(lambda: tdabc_plain(**frames))
    t_numpy = best_of(lambda: tdabc_numpy(*arrays))
    rows.append((f"TDABC engine, 200 services x {2000 // k:,} resources (400,000 steps by name)", t_engine,
                 f"{t_engine / t_plain:.1f}x the plain script (goal within 3x)"))
    rows.append(("plain numpy script, same tables", t_plain, ""))
    rows.append(("  of which the products alone (positions known)", t_numpy, ""))

    tables, arrays = patients_case(100_000 // k)
    got = patients_engine(*tables)["cost"].to_numpy()
    assert np.allclose(got, patients_numpy(*arrays)[0]), "patient costs and numpy disagree"
    assert np.allclose(got, patients_plain(*tables)[0])
    t_engine = best_of(lambda: patients_engine(*tables), repeat=2)
    t_plain = best_of(lambda: patients_plain(*tables), repeat=2)
    t_numpy = best_of(lambda: patients_numpy(*arrays))
    rows.append((f"patient records, {100_000 // k:,} cases x 8 items ({800_000 // k:,} item rows by name)",
                 t_engine, f"{t_engine / t_plain:.1f}x the plain script (goal within 3x)"))
    rows.append(("plain numpy script, same tables", t_plain, ""))
    rows.append(("  of which the arithmetic alone (codes known)", t_numpy, ""))
    return rows


if __name__ == "__main__":
    print_table(activity_benchmarks(quick="--quick" in sys.argv))
