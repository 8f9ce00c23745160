"""``jkncost template DIR``: an empty hospital folder to fill, plus a filled ``example.xlsx``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jkncost.errors import InputError, Problem

README = """# Hospital folder

Fill these CSV files (or the sheets of one .xlsx workbook with the same names) for one hospital and
one period (normally a budget year), then run

    jkncost validate .
    jkncost unitcost . --method double --bor 0.8 --out results

`example.xlsx` is a filled example (an invented teaching hospital, RS Contoh).

## cost_centers.csv (required)
center: unique name of the cost center (pusat biaya) | kind: support (penunjang) or production (produksi) |
output: units of service in the period (patient-days, visits, procedures), empty for support centers |
output_unit: what one unit is | beds: optional, inpatient classes, for normative output at a target BOR |
order: optional step-down position of a support center (1 closes first).

## costs.csv (required)
center | category: FC (fixed/investment, annualized), SVC (semi-variable: salaries, maintenance),
VC (variable: consumables, electricity, water, telephone, food) | component: free text | amount: rupiah >= 0
(numbers, or text such as `Rp 1.234.567,-` or `1.234.567,50`; an ambiguous `1.234` is refused).

## allocation_bases.csv (required when there are support centers)
support_center | basis: what the weight measures (staff, floor area m2, linen kg ...) | center: a receiving
center | weight: >= 0. A support center's share to a center is its weight over the weights of the centers
eligible at that step; a center never receives from itself.

## assets.csv (optional)
center | asset | group: gedung, alat medis, alat non medis, kendaraan | purchase_value | years_in_use |
useful_life. When present, FC is computed from it (jkncost unitcost --fc-method inflation|annuity --rate R).

Extra columns (source, note ...) are allowed: they document, they do not compute.
"""


def register(sub) -> None:
    p = sub.add_parser("template", help="write an empty hospital folder and a filled example.xlsx",
                       description="Write DIR with the hospital-folder CSV files (headers only), a README on "
                                   "what goes in each column, and example.xlsx (a filled, invented example).")
    p.add_argument("dir", type=Path, help="folder to create (must not exist or be empty)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from jkncost.compendium import paths
    from jkncost.costing.folder import SCHEMA
    from jkncost.compendium.io import atomic_dir

    target: Path = args.dir
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(Problem(str(target), "already exists and is not empty; choose a new folder"))
    example = paths.raw("example_hospital")
    with atomic_dir(target) as tmp:
        for name, cols in SCHEMA.items():
            header = ",".join([*cols["required"], *cols["optional"]])
            (tmp / f"{name}.csv").write_text(header + "\n", encoding="utf-8")
        (tmp / "README.md").write_text(README, encoding="utf-8")
        with pd.ExcelWriter(tmp / "example.xlsx", engine="openpyxl") as xl:
            for name in ("cost_centers", "costs", "allocation_bases"):
                pd.read_csv(example / f"{name}.csv").to_excel(xl, sheet_name=name, index=False)
    print(f"wrote {target}/: cost_centers.csv, costs.csv, allocation_bases.csv, assets.csv (headers), "
          f"README.md, example.xlsx")
    return 0
