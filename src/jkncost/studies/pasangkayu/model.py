"""Pasangkayu (seed 002): the hospital in memory, support/production splits, back-solved patient-days, sensitivity."""

from __future__ import annotations

import math

import pandas as pd

from .readers import CLASSES, cost_centers, costs, folder, table4

#: Supported support/production splits: name -> assumption id. ``inpatient_only`` (A02) is what the
#: paper's method paragraph says (both stages end in the inpatient wards; source_audit.csv, kind
#: ``method vs assumption``); ``convention`` (A01) is the usual split of Indonesian studies.
SPLITS = {"inpatient_only": "A02", "convention": "A01"}
#: The split the study runs under unless told otherwise: the paper's own (A02).
DEFAULT_SPLIT = "inpatient_only"
#: The method the paper used (A11); the back-solve used for the reproduction runs under it.
BACKSOLVE_METHOD = "double"
#: Output unit written on the back-solved inpatient centers.
BACKSOLVED_UNIT = "patient-day (back-solved from Tabel 4 UC3, A17)"
#: Alternative allocation bases for the sensitivity analysis (A19): name -> description.
ALTERNATIVE_BASES = {
    "equal": "equal shares among the same receivers",
    "direct_cost": "receiver's direct total cost (FC + SVC + VC, Tabel 1-3)",
    "vc": "receiver's direct VC (Tabel 3)",
}
def _assume(*ids: str) -> str:
    return "data/raw/pasangkayu/assumptions.csv " + ", ".join(ids)


def _bhp_medis() -> pd.Series:
    c = costs()
    return c[(c["category"] == "VC") & (c["component"] == "BHP medis")].set_index("center")["amount"]


def apply_split(hospital, split: str = DEFAULT_SPLIT):
    """The Pasangkayu hospital (any outputs) under a support/production split, in memory.

    ``convention`` (A01, the split of ``cost_centers.csv``) returns ``hospital`` unchanged. ``inpatient_only`` (A02) makes every center
    except the four inpatient classes a support center; the 14 centers that become support send
    their cost to the four classes in proportion to each class's BHP medis (Tabel 3; assumption
    A18), and close after the four A07 support centers in step-down (in printed order). The
    bases of the A01 support centers (A03-A06) are kept.

    >>> h = apply_split(load_hospital("assumed"), "inpatient_only")
    >>> h.production_centers == CLASSES, len(h.support_centers)
    (True, 18)
    """
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    if split == "convention":
        return hospital
    import dataclasses

    centers = hospital.centers.copy()
    new = centers["kind"].eq("production") & ~centers["center"].isin(CLASSES)
    centers.loc[new, "kind"] = "support"
    centers.loc[new, "output"] = math.nan
    centers.loc[new, "output_unit"] = ""
    start = int(centers["order"].max()) if centers["order"].notna().any() else 0
    centers.loc[new, "order"] = range(start + 1, start + 1 + int(new.sum()))
    w = _bhp_medis().reindex(CLASSES)
    rows = [{"support_center": s, "basis": "clinical services to inpatients (proxy: ward BHP medis, Rp; A18)",
             "center": c, "weight": float(w[c])} for s in centers.loc[new, "center"] for c in CLASSES]
    bases = pd.concat([hospital.bases, pd.DataFrame(rows)], ignore_index=True)
    return dataclasses.replace(hospital, centers=centers, bases=bases, notes=[*hospital.notes, f"split {split} (A02)"])


def alternative_bases(hospital, basis: str):
    """The hospital with every support center's weights replaced, same receivers (A19).

    ``basis``: a key of :data:`ALTERNATIVE_BASES` (``equal``, ``direct_cost``, ``vc``) or
    ``default`` (unchanged).
    """
    if basis == "default":
        return hospital
    if basis not in ALTERNATIVE_BASES:
        raise ValueError(f"unknown basis {basis!r}; choose default or one of {', '.join(ALTERNATIVE_BASES)}")
    import dataclasses

    b = hospital.bases[hospital.bases["weight"] > 0].copy()
    direct = hospital.direct_costs()
    if basis == "equal":
        b["weight"] = 1.0
    elif basis == "direct_cost":
        b["weight"] = b["center"].map(direct.sum(axis=1)).fillna(0.0).astype(float)
    else:
        b["weight"] = b["center"].map(direct["VC"]).fillna(0.0).astype(float)
    # a rule whose receivers all have zero of the new basis would send cost nowhere: equal shares there
    keys = [c for c in ("support_center", "category", "component") if c in b.columns]
    total = b.groupby(keys, dropna=False, sort=False)["weight"].transform("sum")
    b.loc[total <= 0, "weight"] = 1.0
    b["basis"] = ALTERNATIVE_BASES[basis] + " (A19)"
    return dataclasses.replace(hospital, bases=b.reset_index(drop=True))


def _uc3_published() -> pd.Series:
    return table4()["UC3"]


def load_hospital(outputs: str = "backsolved", split: str = DEFAULT_SPLIT, method: str = BACKSOLVE_METHOD):
    """The Pasangkayu folder as a :class:`~jkncost.costing.hospital.Hospital`, never writing ``data/raw``.

    Parameters
    ----------
    outputs : {'backsolved', 'assumed'}
        ``backsolved``: the inpatient outputs replaced in memory by the patient-days that give
        Tabel 4's UC3 under ``split`` and ``method`` (A17); ``assumed``: the A08 placeholders.
    split : {'inpatient_only', 'convention'}
        Support/production split A02 (the paper's method paragraph, default) or A01 (:func:`apply_split`).
    method : str
        Allocation method of the back-solve (the paper's ``double`` by default, A11).

    >>> h = load_hospital()
    >>> h.centers.set_index("center").loc[CLASSES, "output"].round(1).tolist()
    [555.4, 859.2, 1304.7, 5109.4]
    """
    from jkncost.costing.backsolve import backsolve_outputs, with_outputs
    from jkncost.costing import read_hospital

    if outputs not in ("backsolved", "assumed"):
        raise ValueError(f"outputs must be 'backsolved' or 'assumed', got {outputs!r}")
    h = apply_split(read_hospital(folder(), method="double"), split)
    if outputs == "assumed":
        return h
    b = backsolve_outputs(h, _uc3_published(), method=method, level=3)
    return with_outputs(h, b.set_index("center")["output"], unit=BACKSOLVED_UNIT)


def is_pasangkayu(path) -> bool:
    """True when ``path`` is this study's hospital folder (``data/raw/pasangkayu``)."""
    from pathlib import Path

    try:
        return Path(path).resolve() == folder().resolve()
    except OSError:
        return False


def backsolve_table(bor: float = 0.8, methods=None, splits=None, days: int = 365) -> pd.DataFrame:
    """Patient-days per inpatient class implied by Tabel 4 UC3, under every method and split.

    ``patient_days = TC3 / UC3_published`` (exact: TC3 does not depend on output).
    ``patient_days_low/high``: the interval that still rounds to the printed UC3.
    ``integer_days``: the nearest whole number, ``UC3_at_integer`` the UC3 it gives.
    Beds are not published (A10), so occupancy cannot be computed; instead
    ``occupied_beds = patient_days / days`` (average beds in use) and ``beds_at_bor`` = the beds
    that would be ``bor`` full (``patient_days / (days x bor)``; empty when ``bor`` is 0).
    ``used`` marks the row set the reproduction uses (:data:`DEFAULT_SPLIT`, double).
    """
    from jkncost.costing.allocation import METHODS
    from jkncost.costing.backsolve import backsolve_outputs

    methods = list(METHODS) if methods is None else list(methods)
    splits = list(SPLITS) if splits is None else list(splits)
    frames = []
    for split in splits:
        h = load_hospital("assumed", split)
        for m in methods:
            b = backsolve_outputs(h, _uc3_published(), method=m)
            f = pd.DataFrame({"split": split, "assumption": SPLITS[split], "method": m, "class": b["center"],
                              "TC3": b["TC"], "UC3_published": b["target_UC"], "patient_days": b["output"],
                              "patient_days_low": b["output_low"], "patient_days_high": b["output_high"]})
            f["integer_days"] = f["patient_days"].round()
            f["UC3_at_integer"] = (f["TC3"] / f["integer_days"]).where(f["integer_days"] > 0)  # no day, no UC3
            f["occupied_beds"] = f["patient_days"] / days
            f["beds_at_bor"] = f["patient_days"] / (days * bor) if bor and bor > 0 else math.nan
            f["used"] = (m == BACKSOLVE_METHOD) & (split == DEFAULT_SPLIT)
            frames.append(f)
    return pd.concat(frames, ignore_index=True)


def sensitivity(hospital, method: str = BACKSOLVE_METHOD, factors=(0.8, 0.9, 1.1, 1.2),
                classes: list[str] | None = None) -> pd.DataFrame:
    """UC3 per inpatient class when one input moves, all else as in ``hospital``.

    ``hospital`` is the base case (normally :func:`load_hospital`, outputs back-solved). Scenarios
    (``group``): ``outputs`` (patient-days x each factor), ``method`` (each allocation method),
    ``bases`` (:data:`ALTERNATIVE_BASES`, A19), ``split`` (the other of A01/A02 with the same
    patient-days; only for the Pasangkayu centers). ``classes``: the centers reported (default :data:`CLASSES`);
    any hospital works. Columns: ``group, scenario, class, UC3, UC3_base, change_percent, note``
    (``note``: why a scenario could not run on this hospital; its UC3 is then empty).
    """
    classes = list(CLASSES if classes is None else classes)
    from jkncost.costing.allocation import METHODS
    from jkncost.costing.backsolve import with_outputs
    from jkncost.costing.unitcost import unit_cost

    def uc3(h, m=method):
        return unit_cost(h, m, flows=False).uc(3).reindex(classes)

    def attempt(group, scen, make):
        # a scenario the hospital's structure cannot carry is reported, not raised from the middle of a run
        try:
            runs.append((group, scen, uc3(*make()), ""))
        except ValueError as exc:
            runs.append((group, scen, pd.Series(math.nan, index=classes), str(exc).splitlines()[0]))

    base = uc3(hospital)
    q = hospital.centers.set_index("center").loc[classes, "output"]
    runs: list = []
    for f in factors:
        attempt("outputs", f"x {f:g}", lambda f=f: (with_outputs(hospital, q * f),))
    for m in METHODS:
        attempt("method", m, lambda m=m: (hospital, m))
    for b in ALTERNATIVE_BASES:
        attempt("bases", b, lambda b=b: (alternative_bases(hospital, b),))
    names_match = set(hospital.names) == set(cost_centers()["center"])
    if names_match and set(hospital.production_centers) == set(CLASSES):
        from jkncost.costing import read_hospital

        attempt("split", "convention (A01)", lambda: (with_outputs(read_hospital(folder(), method="double"), q),))
    elif names_match and set(CLASSES) < set(hospital.production_centers):
        attempt("split", "inpatient_only (A02)", lambda: (apply_split(hospital, "inpatient_only"),))
    rows = []
    for group, scen, s, why in runs:
        for c in classes:
            rows.append({"group": group, "scenario": scen, "class": c, "UC3": float(s[c]),
                         "UC3_base": float(base[c]), "change_percent": change_percent(float(s[c]), float(base[c])),
                         "note": why or _no_change_note(float(base[c]))})
    return pd.DataFrame(rows)


def change_percent(value: float, base: float) -> float:
    """``(value / base - 1) x 100``; NaN when the base is not a positive number (a class without variable
    cost has UC3 = 0, and no change in percent from it is defined).

    >>> change_percent(110.0, 100.0), change_percent(5.0, 0.0)
    (10.000000000000009, nan)
    """
    if not base > 0 or math.isnan(value):
        return math.nan
    return (value / base - 1) * 100


def _no_change_note(base: float) -> str:
    if base == 0:
        return "UC3 of the base case is 0 (the class has no variable cost): no change in percent"
    return ""
