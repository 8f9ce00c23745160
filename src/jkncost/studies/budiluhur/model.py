"""RS Bersalin Budi Luhur: the transcribed tables run through the activity engine (:mod:`jkncost.activity`).

The activity folder ``data/raw/budiluhur/activity`` holds the nine pools of Tahap I that the stored
copy shows, with their printed cost and their printed driver total as ``capacity`` (A01), and the
driver quantities of Kelas I A (Tabel 4.6) and Kelas I B (Tabel 4.7). Stage 2 of ABC then gives

    rate_d = cost_d / capacity_d,        cost charged to class o by pool d = rate_d x quantity(d, o),

and the pathway part adds the three pools whose rate is printed only in Tabel 4.6, at that rate (A05),
so that Kelas I A's year costs what its table sums. Two runs: ``printed`` (every figure as printed)
and ``A03`` (the Subsidi makan karyawan pool divided by 5.304, the divisor its printed rate implies).
"""

from __future__ import annotations

import pandas as pd

from jkncost.activity import read_activity_folder, run_activity
from jkncost.activity.run import ActivityResult

from .readers import A03_DIVISOR, A03_POOL, CLASS, CLASSES, PRICE_POOLS, activity_dir

VARIANTS = ("printed", "A03")


def load_folder(variant: str = "printed", path=None):
    """The activity folder, as transcribed (``printed``) or with A03's divisor for the Subsidi makan pool.

    ``path`` (default :func:`~jkncost.studies.budiluhur.readers.activity_dir`) lets a reader run the
    same study on an activity folder of their own.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {', '.join(VARIANTS)}, got {variant!r}")
    folder = read_activity_folder(path or activity_dir())
    if variant == "A03":
        acts = folder.activities.copy()
        acts.loc[acts["activity"] == A03_POOL, "capacity"] = A03_DIVISOR
        folder.activities = acts
    return folder


def run(variant: str = "printed", path=None) -> ActivityResult:
    """One engine run of the study's activity folder (see :func:`load_folder`).

    >>> r = run()
    >>> r.tables["cost_objects"].set_index("cost_object")["output"].to_dict()
    {'Kelas I A': 264.0, 'Kelas I B': 989.0}
    >>> [w.split(" is ")[0] for w in r.warnings]
    ["pool 'pemicu: penyusutan kamar rawat'", "pool 'pemicu: penyusutan alat medis'"]
    """
    return run_activity(load_folder(variant, path))


def pool_rates(result: ActivityResult) -> pd.Series:
    """The engine's rate of each pool (one activity per pool here: A04), indexed by activity."""
    a = result.tables["activity_costs"]
    return pd.Series(a["rate"].to_numpy(dtype=float), index=pd.Index(a["activity"], name="pool"), name="rate")


def charged(result: ActivityResult, cost_object: str = CLASS) -> pd.DataFrame:
    """What each pool charges one class: ``pool, quantity, rate, cost, per_day, kind``.

    ``kind`` is ``engine`` for the pools of Tahap I (rate from the engine, quantity from the folder) and
    ``printed rate`` for the three pools priced at their Tabel 4.6 rate (A05, only for Kelas I A, from
    the pathway's items). ``per_day`` divides by the class's patient-days (``cost_objects.output``).

    >>> c = charged(run("A03"))
    >>> c.groupby("kind")["pool"].count().to_dict()
    {'engine': 9, 'printed rate': 3}
    """
    folder = result.folder
    acts = folder.activities.set_index("driver")["activity"]
    q = folder.driver_quantities
    q = q[q["cost_object"] == cost_object]
    rates = pool_rates(result)
    rows = [{"pool": acts[d], "quantity": float(x), "rate": float(rates[acts[d]]), "kind": "engine"}
            for d, x in zip(q["driver"], q["quantity"])]
    items = result.tables.get("pathway_items")
    if items is not None and cost_object == CLASS:
        price = items[items["item"].isin(PRICE_POOLS)]
        rows += [{"pool": r.item, "quantity": float(r.quantity), "rate": float(r.unit_cost), "kind": "printed rate"}
                 for r in price.itertuples(index=False)]
    out = pd.DataFrame(rows, columns=["pool", "quantity", "rate", "kind"])
    days = float(result.tables["cost_objects"].set_index("cost_object").loc[cost_object, "output"])
    out["cost"] = out["quantity"] * out["rate"]
    out["per_day"] = out["cost"] / days
    return out[["pool", "quantity", "rate", "cost", "per_day", "kind"]]


def class_total(result: ActivityResult) -> float:
    """Kelas I A's year through the engine: the pathway ``Kelas I A (Tabel 4.6)`` (nine pools + A05's three)."""
    per_case = result.tables["cost_per_case"].set_index("pathway")
    return float(per_case["cost"].iloc[0])


def patient_days(cost_object: str = CLASS) -> float:
    """Patient-days of a class as printed (the divisor of its per-day column)."""
    return float(CLASSES[cost_object])


def beside_table_4_6(result: ActivityResult) -> pd.DataFrame:
    """Tabel 4.6 as printed beside the engine's figures, row by row (a reader's table of the notebook).

    Columns ``printed_row, pool, quantity, printed_rate, rate, printed_cost, cost, printed_per_day, per_day``;
    the engine's side comes from :func:`charged` (pools of Tahap I from the engine, the three pools of A05 at
    their printed rate).

    >>> t = beside_table_4_6(run("A03"))
    >>> t.loc[t["pool"] == "Gaji Karyawan", ["printed_cost", "cost"]].round(0).values.tolist()
    [[3974880.0, 3974779.0]]
    """
    from .readers import table_4_6

    printed = table_4_6().dropna(subset=["rate"])
    mine = charged(result).set_index("pool")
    out = pd.DataFrame({"printed_row": printed["printed_row"].astype(int).to_numpy(), "pool": printed["pool"].to_numpy(),
                        "quantity": printed["quantity"].astype(float).to_numpy(),
                        "printed_rate": printed["rate"].astype(float).to_numpy(),
                        "rate": mine["rate"].reindex(printed["pool"]).to_numpy(),
                        "printed_cost": printed["total"].astype(float).to_numpy(),
                        "cost": mine["cost"].reindex(printed["pool"]).to_numpy(),
                        "printed_per_day": printed["per_day"].astype(float).to_numpy(),
                        "per_day": mine["per_day"].reindex(printed["pool"]).to_numpy()})
    return out
