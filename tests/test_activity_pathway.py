"""Cost per case along clinical pathways and per patient (jkncost.activity.pathway), worked by hand.

The worked example (tests/activity_folders.py, invented): the ABC unit cost of ``Kelas III`` is
(130 x 12,500 + 500 x 11,625 + 400 x 2,600 + 400.5 x 800) / 500 = 8,797,900 / 500 = 17,595.8 per day;
the TDABC cost of ``Operasi SC`` is 408,000.5 and of ``Persalinan normal`` 144,000. The pathway
``SC O82.0 kelas III`` is 3 days + the operation + 2 blood counts at Rp 85,000:
3 x 17,595.8 + 408,000.5 + 170,000 = 630,787.9 against an INA-CBG tariff (O-6-10-I) of 4,500,000:
difference 3,869,212.1, CRR 100 x 4,500,000 / 630,787.9 = 713.39%.
"""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import pandas as pd
import pytest

from jkncost.activity import hospital_unit_costs, read_activity_folder, run_activity
from jkncost.costing import read_hospital
from jkncost.costing.unitcost import unit_cost
from jkncost.errors import InputError

from .activity_folders import EXAMPLE, tables, write_folder

HOSPITAL = files("jkncost.costing") / "data" / "example_v2"
K3 = (130 * 12_500 + 500 * 11_625 + 400 * 2_600 + 400.5 * 800) / 500
SC_SERVICE = 90 * 96_000_000 / 45_000 + 2 * 30 * 600 + 2 * 75_000 + 30_000.5
NORMAL_SERVICE = 240 * 600


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run_activity(read_activity_folder(write_folder(EXAMPLE, tmp_path_factory.mktemp("path"))))


def test_cost_per_case_against_the_inacbg_tariff(result):
    table = result.tables["cost_per_case"]
    assert list(table.columns) == ["pathway", "inacbg_code", "cost", "tariff", "difference", "CRR",
                                   "hospital_tariff"]
    sc = table.set_index("pathway").loc["SC O82.0 kelas III"]
    cost = 3 * K3 + SC_SERVICE + 2 * 85_000
    assert cost == pytest.approx(630_787.9)
    assert sc["cost"] == pytest.approx(cost)
    assert sc["inacbg_code"] == "O-6-10-I"
    assert sc["difference"] == pytest.approx(4_500_000 - cost)
    assert sc["CRR"] == pytest.approx(100 * 4_500_000 / cost)
    assert sc["hospital_tariff"] == pytest.approx(5_200_000)
    normal = table.set_index("pathway").loc["Persalinan normal kelas III"]
    assert normal["cost"] == pytest.approx(NORMAL_SERVICE + 2 * K3)
    assert np.isnan(normal["hospital_tariff"])


def test_pathway_items_are_the_steps_of_the_waterfall(result):
    items = result.tables["pathway_items"]
    assert list(items.columns) == ["pathway", "item", "source", "quantity", "unit_cost", "cost"]
    sc = items[items["pathway"] == "SC O82.0 kelas III"]
    assert sc["unit_cost"].tolist() == pytest.approx([K3, SC_SERVICE, 85_000])
    assert sc["cost"].sum() == pytest.approx(result.tables["cost_per_case"]["cost"].iloc[0])


def test_patient_records_are_costed_the_same_way(result):
    p = result.tables["patient_costs"].set_index("case")
    assert list(result.tables["patient_costs"].columns) == ["case", "pathway", "inacbg_code", "class", "los", "items",
                                                            "cost", "tariff", "difference", "CRR", "hospital_tariff"]
    # P1: no items of its own, so its pathway; tariff and code from pathway_tariffs
    assert p.loc["P1", "cost"] == pytest.approx(3 * K3 + SC_SERVICE + 2 * 85_000)
    assert p.loc["P1", "inacbg_code"] == "O-6-10-I" and p.loc["P1", "tariff"] == pytest.approx(4_500_000)
    # P2: its own items (5 days, 3 blood counts, a transfusion at a price), its own code and tariff
    p2 = 5 * K3 + SC_SERVICE + 3 * 85_000 + 350_000
    assert p.loc["P2", "cost"] == pytest.approx(p2)
    assert p.loc["P2", "items"] == 4
    assert p.loc["P2", "inacbg_code"] == "O-6-10-II"
    assert p.loc["P2", "CRR"] == pytest.approx(100 * 5_100_000 / p2)
    assert p.loc["P2", "hospital_tariff"] == pytest.approx(5_200_000)  # its pathway's
    # P3: no pathway, one item with its own source
    assert p.loc["P3", "cost"] == pytest.approx(NORMAL_SERVICE)
    assert p.loc["P3", "difference"] == pytest.approx(2_800_000 - NORMAL_SERVICE)


def _with_center(data, item="kamar bersalin", source="center:Kelas III"):
    data["pathways"][1].append(["SC O82.0 kelas III", item, source, 1, None])
    return data


def test_center_items_take_the_hospital_unit_cost(tmp_path):
    folder = read_activity_folder(write_folder(_with_center(tables()), tmp_path))
    centers = hospital_unit_costs(HOSPITAL, "double")
    r = run_activity(folder, hospital_unit_costs=centers)
    engine = unit_cost(read_hospital(HOSPITAL, method="double"), "double").uc(1)["Kelas III"]
    item = r.tables["pathway_items"].set_index("item").loc["kamar bersalin"]
    assert item["unit_cost"] == pytest.approx(engine)
    sc = r.tables["cost_per_case"].set_index("pathway").loc["SC O82.0 kelas III", "cost"]
    assert sc == pytest.approx(3 * K3 + SC_SERVICE + 2 * 85_000 + engine)
    other = hospital_unit_costs(HOSPITAL, "reciprocal").set_index("center").loc["Kelas III", "UC1"]
    assert other == pytest.approx(unit_cost(read_hospital(HOSPITAL, method="reciprocal"), "reciprocal")
                                  .uc(1)["Kelas III"])


def test_center_item_without_a_hospital_names_its_cell(tmp_path):
    folder = read_activity_folder(write_folder(_with_center(tables()), tmp_path))
    with pytest.raises(InputError) as exc:
        run_activity(folder)
    assert [str(p) for p in exc.value.problems] == [
        "pathways.csv:7: column 'source': center:Kelas III needs a hospital folder: run with --hospital DIR "
        "--method M"]


def test_unknown_center_names_its_cell(tmp_path):
    folder = read_activity_folder(write_folder(_with_center(tables(), source="center:Kelas IV"), tmp_path))
    with pytest.raises(InputError, match=r"pathways.csv:7: column 'source': unknown production center 'Kelas IV'"):
        run_activity(folder, hospital_unit_costs=hospital_unit_costs(HOSPITAL))


@pytest.mark.parametrize("edit, expected", [
    (lambda d: d["pathways"][1][1].__setitem__(2, "service:Operasi Caesar"),
     "pathways.csv:3: column 'source': unknown service 'Operasi Caesar'"),
    (lambda d: d["pathways"][1][0].__setitem__(2, "object:Kelas IV"),
     "pathways.csv:2: column 'source': unknown cost object 'Kelas IV'"),
    (lambda d: d["pathways"][1][0].__setitem__(2, "gudang"),
     "pathways.csv:2: column 'source': unknown source 'gudang'"),
    (lambda d: d["pathways"][1][2].__setitem__(4, None),
     "pathways.csv:4: column 'price': value is missing"),
    (lambda d: d["pathway_tariffs"][1][0].__setitem__(1, "O-6-10-IV"),
     "pathway_tariffs.csv:2: column 'inacbg_code': INA-CBG code 'O-6-10-IV': severity 'IV'"),
    (lambda d: d["pathway_tariffs"][1][1].__setitem__(0, "SC kelas II"),
     "pathway_tariffs.csv:3: column 'pathway': unknown pathway 'SC kelas II'"),
    (lambda d: d["cases"][1][0].__setitem__(1, "SC kelas II"),
     "cases.csv:2: column 'pathway': unknown pathway 'SC kelas II'"),
    (lambda d: d["cases"][1][2].__setitem__(2, "O-6-1-I"),
     "cases.csv:4: column 'inacbg_code': INA-CBG code 'O-6-1-I': specific group '1'"),
    (lambda d: d["case_items"][1][0].__setitem__(0, "P9"),
     "case_items.csv:2: column 'case': unknown case 'P9'"),
    (lambda d: d["cases"][1].append(["P4", None, None, "II", 1, None]),
     "cases.csv:5: column 'pathway': case 'P4' has neither a pathway nor items"),
])
def test_bad_input_names_file_row_and_column(tmp_path, edit, expected):
    data = tables()
    edit(data)
    with pytest.raises(InputError) as exc:
        read_activity_folder(write_folder(data, tmp_path))
    assert any(str(p).startswith(expected) for p in exc.value.problems), [str(p) for p in exc.value.problems]


def test_case_item_that_no_pathway_prices_names_its_cell(tmp_path):
    data = tables()
    data["case_items"][1].append(["P2", "oksigen", 1, None, None])
    folder = read_activity_folder(write_folder(data, tmp_path))
    with pytest.raises(InputError, match=r"case_items.csv:7: column 'item': item 'oksigen' cannot be priced"):
        run_activity(folder)


def test_indonesian_source_words(tmp_path):
    data = tables()
    data["pathways"][1][1][2] = "Layanan: Operasi SC"
    data["pathways"][1][2][2] = "Harga"
    data["pathways"][1][0][2] = "objek:Kelas III"
    r = run_activity(read_activity_folder(write_folder(data, tmp_path)))
    assert r.tables["cost_per_case"]["cost"].iloc[0] == pytest.approx(630_787.9)


def test_pathways_alone_with_prices(tmp_path):
    data = {"pathways": (["pathway", "item", "source", "quantity", "price"],
                         [["HD", "sesi hemodialisis", "price", 1, 850_000], ["HD", "dializer", "price", 0.5, 400_000]]),
            "pathway_tariffs": (["pathway", "inacbg_code", "tariff"], [["HD", "N-3-15-0", 900_000]])}
    r = run_activity(read_activity_folder(write_folder(data, tmp_path)))
    row = r.tables["cost_per_case"].iloc[0]
    assert row["cost"] == pytest.approx(1_050_000)
    assert row["CRR"] == pytest.approx(100 * 900_000 / 1_050_000)
    assert set(r.tables) == {"cost_per_case", "pathway_items"}


def test_many_patients_vectorized(tmp_path):
    rng = np.random.default_rng(1)
    n = 5_000
    cases = pd.DataFrame({"case": [f"C{i}" for i in range(n)], "pathway": "SC O82.0 kelas III",
                          "inacbg_code": "", "class": "III", "los": rng.integers(2, 7, n).astype(float),
                          "tariff": np.nan, "hospital_tariff": np.nan})
    items = pd.DataFrame({"case": np.repeat(cases["case"], 2), "item": ["hari rawat kelas III", "operasi"] * n,
                          "quantity": np.ravel(np.column_stack([cases["los"], np.ones(n)])), "source": "",
                          "price": np.nan})
    from jkncost.activity.pathway import patient_costs, price_pathways

    folder = read_activity_folder(write_folder(EXAMPLE, tmp_path))
    r = run_activity(folder)
    lookups = {"services": r.tables["services"].set_index("service")["cost"],
               "objects": r.tables["cost_objects"].set_index("cost_object")["unit_cost"]}
    priced = price_pathways(folder.pathways, **lookups)
    out = patient_costs(cases, items, priced, r.tables["cost_per_case"], folder.pathway_tariffs, **lookups)
    assert out["cost"].to_numpy() == pytest.approx(cases["los"].to_numpy() * K3 + SC_SERVICE)
    assert (out["tariff"] == 4_500_000).all()
