"""The bundled example activity folder and the activity notebook's tables and figures (issue 24)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from jkncost.activity import hospital_unit_costs, read_activity_folder, run_activity
from jkncost.core import paths
from jkncost.costing import read_hospital
from jkncost.jkn.inacbg import is_caesarean, parse
from jkncost.labels import label
from jkncost.studies import budiluhur as bl
from jkncost.teaching import activity as ta
from tests.label_check import Checker
from tests.label_check import figure_texts as texts

EXAMPLE = paths.raw("activity_example")
HOSPITAL = paths.raw("example_hospital")


@pytest.fixture(scope="module")
def uc():
    return hospital_unit_costs(HOSPITAL, "double")


@pytest.fixture(scope="module")
def result(uc):
    return run_activity(read_activity_folder(EXAMPLE), markup=0.2, hospital_unit_costs=uc)


def test_example_is_the_same_hospital(result):
    h = read_hospital(HOSPITAL)
    f = result.folder
    assert f.resources["amount"].sum() == pytest.approx(h.direct_costs().to_numpy().sum())  # the same money
    centers = h.centers[h.centers["kind"] == "production"].set_index("center")["output"]
    objects = f.cost_objects.set_index("cost_object")["output"]
    pd.testing.assert_series_equal(objects, centers.reindex(objects.index).astype(float), check_names=False)
    # conservation: what the cost objects carry plus the unused capacity is every resource
    unused = result.tables["activity_rates"]["unused_cost"].sum()
    assert result.tables["cost_objects"]["cost"].sum() + unused == pytest.approx(f.resources["amount"].sum())
    assert unused > 0  # the kitchen's capacity


def test_example_is_labelled_invented_and_its_codes_are_valid(result):
    f = result.folder
    for name in ("activities", "resources", "cost_objects", "driver_quantities", "capacity", "processes", "cases"):
        note = pd.read_csv(EXAMPLE / f"{name}.csv")["note"]
        assert note.str.contains("invented|data/raw/example_hospital|the whole resource|buildings|consumables",
                                 regex=True).all(), name
    tariffs = pd.read_csv(EXAMPLE / "pathway_tariffs.csv")
    assert tariffs["note"].str.contains("assumed value invented for the example").all()
    codes = set(tariffs["inacbg_code"]) | set(f.cases["inacbg_code"])
    assert all(parse(c) for c in codes)
    assert is_caesarean("O-6-10-I") and not is_caesarean("O-6-13-I")
    assert len(f.cases) == 80


def test_caesarean_priced_from_the_hospital_cost_tables(result, uc):
    items = result.tables["pathway_items"]
    sc = items[items["pathway"] == "SC kelas III"].set_index("item")
    assert sc.loc["hari rawat kelas III", "unit_cost"] == pytest.approx(uc.set_index("center").loc["Kelas III", "UC1"])
    per_case = result.tables["cost_per_case"].set_index("pathway")
    assert per_case.loc["SC kelas III", "cost"] == pytest.approx(sc["cost"].sum())
    assert per_case.loc["SC kelas III", "CRR"] == pytest.approx(100 * 4_200_000 / sc["cost"].sum())


def test_side_by_side_and_pool_costs(result, uc):
    t = ta.side_by_side(result.tables["cost_objects"], uc)
    assert list(t["cost_object"]) == ["IGD", "Poli Umum", "Laboratorium", "VIP", "Kelas I", "Kelas II", "Kelas III"]
    np.testing.assert_allclose(t["difference"], t["abc"] - t["traditional"])
    pools = ta.pool_costs(result)
    unit = result.tables["cost_objects"].set_index("cost_object")["unit_cost"]
    np.testing.assert_allclose(pools.sum().to_numpy(), unit.reindex(pools.columns).to_numpy())


def test_case_summary(result):
    s = ta.case_summary(result.tables["patient_costs"])
    assert s["cases"].sum() == 80
    pc = result.tables["patient_costs"]
    one = pc[pc["inacbg_code"] == "O-6-10-I"]
    row = s.set_index("inacbg_code").loc["O-6-10-I"]
    assert row["CRR_aggregate"] == pytest.approx(100 * one["tariff"].sum() / one["cost"].sum())
    assert 0 < row["loss_share"] < 100  # some mild cases cost more than their (assumed) tariff, some less


def _figures(result, uc):
    note = label("activity_study.budiluhur_note", "id")
    t = ta.side_by_side(result.tables["cost_objects"], uc)
    yield ta.side_by_side_bars(t, "double", lang="id", note=note)
    yield ta.level_bars(result.tables["object_levels"], result.tables["cost_objects"], lang="id")
    yield ta.process_map(result.tables["process_steps"], "Sectio caesarea", 1_755_000, lang="id")
    yield ta.capacity_bars(result.tables["capacity_rates"], lang="id")
    yield ta.waterfall(result.tables["pathway_items"], "SC kelas III", 4_200_000, 6_500_000, lang="id")
    yield ta.case_distribution(result.tables["patient_costs"], lang="id")
    yield bl.per_day_bars(bl.charged(bl.run("A03")), bl.published(), lang="id", note=note)


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_figures_speak_indonesian_and_bars_start_at_zero(result, uc):
    data = set(result.folder.processes["resource"]) | set(result.folder.cost_objects["cost_object"])
    data |= set(result.tables["pathway_items"]["item"]) | set(result.folder.cases["inacbg_code"])
    data |= set(bl.published()["pool"]) | {"SC kelas III", "Sectio caesarea"}
    check = Checker(data)
    for fig in _figures(result, uc):
        bad = [t for t in texts(fig) if not check.ok(t)]
        assert not bad, bad
        for ax in fig.axes:
            if ax.patches and ax.get_ylim()[0] != 0 and ax.get_xlim()[0] != 0:
                raise AssertionError("bars must start at zero")
        plt.close(fig)


# --- the notebook on other folders ---------------------------------------------------------------
def _tdabc_only(folder):
    folder.mkdir()
    (folder / "capacity.csv").write_text("resource;cost;minutes\nBidan;Rp 48.000.000;100000\n", encoding="utf-8")
    (folder / "processes.csv").write_text("service;resource;minutes\nANC;Bidan;20\n", encoding="utf-8")
    (folder / "volumes.csv").write_text("service;volume\nANC;3000\n", encoding="utf-8")
    (folder / "pathways.csv").write_text("pathway;item;source;quantity;price\nANC;kunjungan;service:ANC;4;\n"
                                         "ANC;tablet Fe;price;30;500\n", encoding="utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("which", ["budiluhur", "tdabc_only"])
def test_notebook_runs_on_any_folder(which, tmp_path):
    """Folders without an ABC part, a hospital, tariffs or patients: each section says what it skips."""
    import json

    from jkncost.compendium.notebook import run_notebook

    folder = bl.activity_dir() if which == "budiluhur" else _tdabc_only(tmp_path / "anc")
    out = tmp_path / "out"
    run_notebook(paths.notebooks("activity_costing.ipynb"), out / "activity_costing.ipynb",
                 {"activity_dir": str(folder), "hospital_dir": "", "output_dir": str(out), "lang": "id"},
                 cwd=paths.root())
    summary = json.loads((out / "summary.json").read_text())
    assert summary["budiluhur_n_exact"] == 15  # the published study's table is the same on any folder
    if which == "budiluhur":
        assert summary["parts"] == "abc, pathway" and not (out / "side_by_side.csv").exists()
        assert (out / "activity_rates.csv").exists()
    else:
        assert summary["parts"] == "tdabc, pathway"
        assert summary["cost_per_case_ANC"] == pytest.approx(4 * 20 * 48_000_000 / (100_000 * 0.8) + 30 * 500)
        assert (out / "tdabc_process_map.png").exists() and not (out / "cost_objects.csv").exists()
