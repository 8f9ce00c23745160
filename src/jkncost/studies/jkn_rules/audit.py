"""Seed 001 checked against itself, and its counts cross-checked against the project's secondary lists.

Checks of the seed against itself (the six CMG categories against the totals 30 and 31, 789 + 288 against
1.077, 1.077 against 1220) are source checks, outcome ``consistent`` or ``discrepancy``, not results.
Agreement or disagreement with ``src/jkncost/jkn/data/inacbg/cmg.csv`` and ``case_types.csv``, secondary
lists transcribed from notes that mix Permenkes 27/2014 and 76/2016, is a *cross-check* (its own outcome,
``cross-check: agrees`` / ``cross-check: disagrees``), never a status.

Examples
--------
>>> source_checks().groupby("outcome").size().to_dict()["cross-check: agrees"]
6
"""

from __future__ import annotations

import pandas as pd

from jkncost.jkn import inacbg
from jkncost.jkn.rules import rules_dir
from jkncost.studies.jkn_rules.readers import read_published
from jkncost.tables import read_frame


def _cmg_counts() -> dict[str, int]:
    table = inacbg.load_table("cmg")
    return table["kind"].value_counts().to_dict()


CROSS_AGREES, CROSS_DISAGREES = "cross-check: agrees", "cross-check: disagrees"


def source_checks() -> pd.DataFrame:
    """Seed 001 checked against itself, and its counts cross-checked against the project's secondary lists.

    Columns ``check, location, printed, recomputed, outcome, note``. ``outcome`` is ``consistent`` or
    ``discrepancy`` for a check of the seed against itself (counted as source checks), and
    ``cross-check: agrees`` / ``cross-check: disagrees`` against ``cmg.csv`` and ``case_types.csv``, lists
    transcribed from notes that mix Permenkes 27/2014 and 76/2016 and not verified against the regulation
    (reported, never counted as a reproduction). Every discrepancy of ``discrepancies.csv`` not checked
    here by arithmetic is listed as a ``discrepancy`` with its id.
    """
    pub = read_published()
    value = dict(zip(pub["figure_id"], pub["value"]))
    where = dict(zip(pub["figure_id"], pub["locations"]))
    parts = ("cmg_acute", "cmg_ambulatory", "cmg_subacute", "cmg_chronic", "cmg_special", "cmg_error")
    listed = sum(value[k] for k in parts)
    rows = []

    def add(check, location, printed, recomputed, outcome, note=""):
        rows.append({"check": check, "location": location, "printed": printed, "recomputed": recomputed,
                     "outcome": outcome, "note": note})

    for fid in ("cmg_total_stated", "cmg_total_list"):
        add("the six CMG categories sum to the total", where[fid], value[fid], listed,
            "consistent" if value[fid] == listed else "discrepancy", "D17" if value[fid] != listed else "")
    groups = value["inacbg_groups_inpatient"] + value["inacbg_groups_outpatient"]
    add("inpatient + outpatient groups = the total", where["inacbg_groups_total"], value["inacbg_groups_total"], groups,
        "consistent" if value["inacbg_groups_total"] == groups else "discrepancy")
    add("CBGs to date = the group total", where["cbg_total"], value["cbg_total"], value["inacbg_groups_total"],
        "consistent" if value["cbg_total"] == value["inacbg_groups_total"] else "discrepancy", "D18")
    cob = value["cob_total"]
    add("COB example: the premium 'after efficiency' = the total before it", where["cob_after_efficiency"],
        value["cob_after_efficiency"], cob, "consistent" if value["cob_after_efficiency"] == cob else "discrepancy",
        "D7: 'menjadi Rp 220.000 saja karena ada efisiensi' states no rule")
    cmg = _cmg_counts()
    kinds = {"cmg_acute": "main", "cmg_ambulatory": "ambulatory", "cmg_subacute": "subacute",
             "cmg_chronic": "chronic", "cmg_special": "special", "cmg_error": "error"}
    secondary = "cmg.csv (secondary: domain notes mixing Permenkes 27/2014 and 76/2016, not verified)"
    for fid, kind in kinds.items():
        n = float(cmg.get(kind, 0))
        add(f"CMGs of kind '{kind}' against {secondary}", where[fid], value[fid], n,
            CROSS_AGREES if n == value[fid] else CROSS_DISAGREES)
    total = float(sum(cmg.values()))
    for fid in ("cmg_total_stated", "cmg_total_list"):
        add(f"CMG total against {secondary}", where[fid], value[fid], total,
            CROSS_AGREES if total == value[fid] else CROSS_DISAGREES)
    case_types = inacbg.load_table("case_types")
    n_types = float((case_types["case_type"].astype(int) >= 1).sum())
    add("case types 1-9 against case_types.csv (secondary, not verified)", where["case_types"], value["case_types"],
        n_types, CROSS_AGREES if n_types == value["case_types"] else CROSS_DISAGREES)
    listed_ids = {"D7", "D17", "D18"}
    notes = read_frame(rules_dir() / "discrepancies.csv")
    for r in notes.to_dict("records"):
        if r["id"] not in listed_ids:
            add("listed discrepancy of the seed", r["where"], None, None, "discrepancy", f"{r['id']}: {r['what']}")
    return pd.DataFrame(rows, columns=["check", "location", "printed", "recomputed", "outcome", "note"])
