"""``jkncost template DIR``: an empty hospital folder to fill, plus a filled ``example.xlsx`` (format version 3)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jkncost.errors import InputError, Problem

README = """# Hospital folder (format version 3)

Fill these CSV files (or the sheets of one .xlsx workbook with the same names) for one hospital and
one period (normally a budget year), then run

    jkncost validate .
    jkncost unitcost . --method double --bor 0.8 --out results

To see a run before filling anything, pass the filled example itself:

    jkncost unitcost example.xlsx --method double --out results

A folder that holds no CSV table and one .xlsx workbook is read as that workbook. Column names may be
typed in Indonesian (pusat biaya, jenis, kategori, komponen, jumlah, bobot, tarif, pendapatan ...), and
in a ';'-separated file the comma marks decimals (1.740 is one thousand seven hundred forty).

`example.xlsx` is a filled example (an invented hospital, RS Contoh v2; its numbers are illustrative,
not from any study): a shared cost pool (`Gedung dan Listrik`), a category-specific basis (Kantor's
variable cost by documents), a component-specific basis (`listrik` by kWh), the hospital's tariffs,
and a production center whose output is not measured (ICU). The whole format, with the rules and the
formulas, is in docs/hospital-folder.md of the jkncost repository.

## cost_centers.csv (required)
center: unique name of the cost center (pusat biaya) | kind: support (penunjang), production (produksi)
or shared (bersama: a hospital-wide pool such as building depreciation or the electricity meter) |
output: units of service in the period (patient-days, visits, procedures); empty for support and shared
centers, and for a production center whose output is not measured (it gets TC1-3, no unit cost, and a
warning) | output_unit: what one unit is | beds: optional, inpatient classes, for normative output at a
target BOR | order: optional step-down position of a support center (1 closes first).

## costs.csv (required)
center | category: FC (fixed/investment, annualized), SVC (semi-variable: salaries, maintenance),
VC (variable: consumables, electricity, water, telephone, food) | component: free text, e.g. `AIC gedung`,
`gaji pegawai`, `listrik` | amount: rupiah >= 0 (numbers, or text such as `Rp 1.234.567,-` or
`1.234.567,50`; an ambiguous `1.234` is refused).

## allocation_bases.csv (required when there are support or shared centers)
support_center: the support or shared center whose cost is distributed | category: optional, FC, SVC or
VC (empty = every category) | component: optional, a component of costs.csv (empty = every component) |
basis: what the weight measures (staff, floor area m2, kWh, linen kg ...) | center: a receiving center |
weight: >= 0. A cost of category c and component k moves by the sender's most specific rows: category c
and component k; else component k; else category c; else the rows with both empty. A share is the
center's weight over the weights of the centers eligible at that step; a center never receives from
itself; shared pools go first, to every support and production center.

## basis_weights.csv (optional)
basis | center | weight: one table per basis (floor area, staff, kWh), typed once. A row of
allocation_bases with center and weight empty and a basis named here distributes by that table.

## tariffs.csv (optional)
center | tariff: rupiah per unit of the center's output | source: the regulation (Perda, Perbup) and
year | tariff_set: optional name of the set (Perda 2016, INA-CBG, usulan), one tariff per center and set.
With it, crr.csv gives CRR1-3 = 100 x tariff / UC1-3 (percent) per center and set (and unit_cost.csv
too when there is one set).

## revenue.csv (optional)
center | revenue: rupiah received in the period. With it, cost_recovery.csv gives 100 x revenue / TC1
and revenue - TC1 (a deficit when negative) per center and in total.

## assets.csv (optional)
center | asset | group: gedung, alat medis, alat non medis, kendaraan | purchase_value | years_in_use |
useful_life. When present, FC is computed from it (jkncost unitcost --fc-method inflation|annuity --rate R).

Extra columns (source, note ...) are allowed: they document, they do not compute.
"""

def example_tables() -> dict[str, pd.DataFrame]:
    """The template's filled example (``src/jkncost/costing/data/example_v2``, invented) as one frame per table."""
    from jkncost.core import paths
    from jkncost.tables import infer_numbers, read_frame

    folder = paths.template_example()
    return {name: infer_numbers(read_frame(folder / f"{name}.csv")) for name in ("cost_centers", "costs", "allocation_bases",
                                                                  "tariffs")}


def register(sub) -> None:
    p = sub.add_parser("template", help="write an empty hospital folder and a filled example.xlsx",
                       description="Write DIR with the hospital-folder CSV files (headers only, format version 3), "
                                   "a README on what goes in each column, and example.xlsx (a filled, invented "
                                   "example with a shared cost pool, a category and a component basis, tariffs "
                                   "and a center without output).")
    p.add_argument("dir", type=Path, help="folder to create (must not exist or be empty)")
    p.set_defaults(handler=run)


def _header(name: str, cols: dict) -> list[str]:
    """Columns in the order a person fills them (a rule's category and component next to its sender)."""
    columns = [*cols["required"], *cols["optional"]]
    if name == "allocation_bases":
        columns = ["support_center", "category", "component", "basis", "center", "weight"]
    return columns


def run(args) -> int:
    from jkncost.costing.folder import SCHEMA
    from jkncost.core.outputs import output_folder

    target: Path = args.dir
    if target.exists() and not target.is_dir():
        raise InputError(Problem(str(target), "is a file, not a folder; choose a new folder name"))
    if target.exists() and any(target.iterdir()):
        raise InputError(Problem(str(target), "is a folder that already holds files; choose a new folder"))
    with output_folder(target, "template", marked=False) as tmp:  # the user's folder to fill, not an output
        for name, cols in SCHEMA.items():
            header = ",".join(_header(name, cols))
            (tmp / f"{name}.csv").write_text(header + "\n", encoding="utf-8")
        (tmp / "README.md").write_text(README, encoding="utf-8")
        with pd.ExcelWriter(tmp / "example.xlsx", engine="openpyxl") as xl:
            for name, frame in example_tables().items():
                frame.to_excel(xl, sheet_name=name, index=False)
    print(f"wrote {target}/: {', '.join(f'{n}.csv' for n in SCHEMA)} (headers), README.md, example.xlsx")
    print(f"next: fill the CSV files (jkncost validate {target}), or try the filled example first: "
          f"jkncost unitcost {target}/example.xlsx --out results")
    return 0
