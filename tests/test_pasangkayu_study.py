"""Pasangkayu (seed 002), issue #4: back-solved patient-days, tariffs, comparison, the notebook end to end."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from jkncost.core import paths
from jkncost.costing.backsolve import backsolve_outputs, output_interval, with_outputs
from jkncost.core.comparison import STATUSES
from jkncost.costing import read_hospital
from jkncost.compendium.notebook import ParameterError, check_parameters, run_notebook
from jkncost.studies import pasangkayu as pk
from jkncost.costing.unitcost import unit_cost

from . import pasangkayu_results as shared
from .conftest import machine_paths_in

NOTEBOOK = paths.notebooks("pasangkayu.ipynb")


# --- back-solve --------------------------------------------------------------------------------
@pytest.mark.parametrize("split", list(pk.SPLITS))
@pytest.mark.parametrize("method", ["direct", "stepdown", "double", "reciprocal"])
def test_backsolve_is_exact(split, method):
    h = pk.apply_split(pk.load_hospital("assumed"), split)
    target = pk.table4()["UC3"]
    b = backsolve_outputs(h, target, method=method)
    uc3 = unit_cost(with_outputs(h, b.set_index("center")["output"]), method, flows=False).uc(3)
    np.testing.assert_allclose(uc3[pk.CLASSES].to_numpy(), target.to_numpy(), rtol=1e-12)
    assert (b["output_low"] < b["output"]).all() and (b["output"] < b["output_high"]).all()


def test_backsolve_hand_worked_on_the_example_hospital():
    h = read_hospital(paths.raw("example_hospital"))
    uc3 = unit_cost(h, "double", flows=False).uc(3)
    before = h.centers.set_index("center")["output"]
    # the current UC3 as target gives back the current output; half the UC3 needs twice the output
    b = backsolve_outputs(h, {"Kelas III": uc3["Kelas III"], "VIP": uc3["VIP"] / 2}).set_index("center")
    assert b.loc["Kelas III", "output"] == pytest.approx(before["Kelas III"], rel=1e-12)
    assert b.loc["VIP", "output"] == pytest.approx(2 * before["VIP"], rel=1e-12)
    assert b["output_before"].tolist() == [before["Kelas III"], before["VIP"]]
    # level 1 divides TC1, not TC3
    b1 = backsolve_outputs(h, {"VIP": 1000.0}, level=1)
    tc1 = unit_cost(h, "double", flows=False).unit_cost.set_index("center").loc["VIP", "TC1"]
    assert b1["output"].iloc[0] == pytest.approx(tc1 / 1000.0)


def test_backsolve_and_with_outputs_refuse_bad_targets():
    h = read_hospital(paths.raw("example_hospital"))
    support = h.support_centers[0]
    with pytest.raises(KeyError, match=f"not production centers of .*{support}"):
        backsolve_outputs(h, {support: 100.0})
    with pytest.raises(ValueError, match="target unit costs must be > 0"):
        backsolve_outputs(h, {"VIP": 0.0})
    with pytest.raises(ValueError, match="level must be 1, 2 or 3"):
        backsolve_outputs(h, {"VIP": 100.0}, level=4)
    with pytest.raises(KeyError, match="unknown centers: Nowhere"):
        with_outputs(h, {"Nowhere": 10.0})
    with pytest.raises(ValueError, match="outputs must be > 0"):
        with_outputs(h, {"VIP": -1.0})
    h2 = with_outputs(h, {"VIP": 123.0}, unit="patient-days")
    row = h2.centers.set_index("center").loc["VIP"]
    assert (row["output"], row["output_unit"]) == (123.0, "patient-days")
    assert h.centers.set_index("center").loc["VIP", "output"] != 123.0  # the original is unchanged


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_comparison_notes_are_computed_from_the_data():
    c = shared.headline().set_index("figure")  # pk.headline_comparison of the defaults (double), once per process
    # SVC + VC of Tabel 2-3 by hand: 4,675,221,108 + 1,471,364,667 (the transcribed parts) = 6,146,585,775
    assert "SVC + VC = Rp 6.15 billion" in c.loc["operating cost hospital 2017", "note"]
    assert "(40 respondents" in c.loc["ATP VIP", "note"]
    obs = shared.source_checks()
    note = obs.loc[obs["kind"] == "observation", "note"].iloc[0]
    # printed totals 4,675,221,109 + 1,471,364,668 = 6,146,585,777; / 17,525,627,580 = 35%
    assert "Rp 6,146,585,777, 35% of the reported operating cost" in note


def test_tc_does_not_depend_on_output():
    h = pk.load_hospital("assumed")
    tc_a = unit_cost(h, "double", flows=False).unit_cost.set_index("center")["TC3"]
    tc_b = unit_cost(with_outputs(h, {"Kelas III": 1.0, "VIP": 12345.0}), "double", flows=False).unit_cost
    np.testing.assert_allclose(tc_b.set_index("center")["TC3"].to_numpy(), tc_a.to_numpy())


def test_load_hospital_never_writes_raw_and_keeps_placeholders():
    before = {f.name: f.read_bytes() for f in pk.folder().iterdir()}
    h = pk.load_hospital()
    q = h.centers.set_index("center").loc[pk.CLASSES, "output"]
    assert q.round(1).tolist() == [555.4, 859.2, 1304.7, 5109.4]  # split A02, the paper's method paragraph
    assert pk.load_hospital("assumed").centers.set_index("center").loc[pk.CLASSES, "output"].tolist() == \
        [400.0, 600.0, 800.0, 3000.0]
    assert {f.name: f.read_bytes() for f in pk.folder().iterdir()} == before
    with pytest.raises(ValueError):
        pk.load_hospital("guessed")
    with pytest.raises(ValueError):
        pk.load_hospital(split="everything")


def test_inpatient_only_split_loads_all_cost_on_the_wards():
    h = pk.load_hospital(split="inpatient_only")
    assert h.production_centers == pk.CLASSES and len(h.support_centers) == 18
    r = unit_cost(h, "double", flows=False)
    assert r.after.to_numpy().sum() == pytest.approx(h.total_cost(), rel=1e-12)
    np.testing.assert_allclose(r.uc(3)[pk.CLASSES].to_numpy(), pk.table4()["UC3"].to_numpy(), rtol=1e-12)
    a01 = pk.backsolve_table(methods=["double"]).pivot(index="split", columns="class", values="patient_days")
    assert (a01.loc["inpatient_only"] > 1.5 * a01.loc["convention"]).all()
    assert pk.DEFAULT_SPLIT == "inpatient_only"
    conv = pk.load_hospital(split="convention")
    assert len(conv.production_centers) == 18


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_backsolve_table_and_interval():
    b = pk.backsolve_table(bor=0.8)
    assert len(b) == 2 * 4 * 4 and b["used"].sum() == 4
    used = b[b["used"]].set_index("class")
    np.testing.assert_allclose(used["beds_at_bor"], used["patient_days"] / (365 * 0.8))
    lo, hi = output_interval(100.0, 10.0)
    assert lo == pytest.approx(100 / 10.5) and hi == pytest.approx(100 / 9.5)
    assert pk.backsolve_table(bor=0)["beds_at_bor"].isna().all()


def test_sensitivity_outputs_scale_inversely_and_bases_matter():
    s = pk.sensitivity(pk.load_hospital())
    out = s[s["group"] == "outputs"]
    for scen, f in (("x 0.8", 0.8), ("x 1.2", 1.2)):
        np.testing.assert_allclose(out.loc[out["scenario"] == scen, "change_percent"], (1 / f - 1) * 100)
    m = s[s["group"] == "method"].set_index(["scenario", "class"])["change_percent"]
    assert m.loc["double"].abs().max() < 1e-9  # the base case
    assert s.loc[s["group"] == "bases", "change_percent"].abs().max() > 1
    assert set(s["group"]) == {"outputs", "method", "bases", "split"}
    # any hospital: the example hospital has no split scenario
    ex = read_hospital(paths.raw("example_hospital"))
    se = pk.sensitivity(ex, classes=pk.inpatient_classes(ex))
    assert set(se["group"]) == {"outputs", "method", "bases"}


# --- tariffs and comparisons -------------------------------------------------------------------
def test_rational_tariffs_equal_table4_within_one_rupiah_under_defaults():
    r = unit_cost(pk.load_hospital(), "double")
    t = pk.tariff_table(r.unit_cost, pk.CLASSES)
    assert t["difference"].abs().max() <= 1.0
    np.testing.assert_allclose(t["CRR_rational"], 95.0)
    assert (pk.reproduce_rational_tariffs()["difference"].abs() <= 1.0).all()


def test_crr_per_class_matches_hand_computation():
    r = unit_cost(pk.load_hospital(), "double")
    t = pk.tariff_table(r.unit_cost, pk.CLASSES).set_index("class")
    assert t.loc["Kelas III", "CRR_perda_main"] == pytest.approx(100000 / 150474 * 100)
    assert t.loc["VIP", "CRR_perda_intro"] == pytest.approx(250000 / 428805 * 100)


def test_rule_needing_atp_without_atp_is_refused():
    from jkncost.errors import InputError

    ex = read_hospital(paths.raw("example_hospital"))
    r = unit_cost(ex, "double")
    classes = pk.inpatient_classes(ex)
    assert classes == ["VIP", "Kelas I", "Kelas II", "Kelas III"]
    t = pk.tariff_table(r.unit_cost, classes, pasangkayu=False)
    assert "perda_main" not in t and t["ATP"].isna().all()
    with pytest.raises(InputError, match="needs ATP"):
        pk.tariff_table(r.unit_cost, classes, rule="min_uc_atp", pasangkayu=False)


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_headline_comparison_is_honest():
    c = shared.headline()  # pk.headline_comparison of the defaults (double), once per process
    assert set(c["status"]) <= set(STATUSES) and c["figure"].is_unique
    assert not c["figure"].str.contains("[left out", regex=False).any()  # out of sample: columns, not rows
    # one row per distinct published result, every place it is printed listed; the cells, totals and shares
    # of Tabel 1-3 are the paper checked against itself: source checks, not results
    q = pk.quantities()
    is_cell = q["figure"].str.split(" ").str[0].isin(["FC", "SVC", "VC"])
    assert len(c) == (~is_cell).sum() == 190 - (3 * 22 * 2 + 14 + 3 + 3)
    assert not c["figure"].str.match(r"^(FC|SVC|VC)( share| component total)? ").any()
    assert c["locations"].str.len().gt(0).all()
    rt = c.set_index("figure").loc["rational tariff VIP"]
    assert rt["locations"].split("; ")[:3] == ["Tabel 4", "Abstrak", "Abstract"]
    # fitted or back-solved: by construction, never "reproduced"
    fitted = c[c["figure"].str.match(r"^(UC3|rational tariff|rational tariff per case|INA-CBG tariff) (VIP|Kelas)")]
    assert len(fitted) == 4 + 4 + 3 + 3 and (fitted["status"] == "by construction").all()
    # out of sample, on the rows of the fitted rules: every class left out once, all within Rp 1
    held = c[c["held_out_status"] != ""]
    assert len(held) == 4 + 3 + 3 and (held["held_out_status"] == "reproduced under stated assumptions").all()
    assert ((held["held_out"] - held["published"]).abs() <= 1).all()
    assert held.loc[held["figure"].str.match(r"rational tariff (VIP|Kelas)"), "held_out_note"].str.contains(
        "beats 0.90 x UC3, 1.00 x UC3").all()
    # no row called exact or reproduced says it agrees by construction
    ok = c["status"].isin(["exact", "reproduced under stated assumptions"])
    assert not c.loc[ok, "note"].str.contains("by construction").any()
    # every Tabel 1-3 cell is checked against its printed parts, and agrees within their rounding
    checks = shared.source_checks()
    arithmetic = checks[checks["kind"] == "table arithmetic"]
    amounts = arithmetic[arithmetic["check"].isin(["row total", "column total"])]
    assert len(amounts) == 3 * 23 + 14 + 3 and (amounts["difference"].abs() <= 3).all()
    share = c[c["figure"].str.startswith("operating deficit share")]
    assert len(share) == 2 and (share["status"] == "exact").all()
    wtp = c.set_index("figure").loc["WTP Kelas I"]
    assert wtp["published"] == 217000 and "Kesimpulan" in wtp["note"]
    assert (c.loc[c["status"] != "exact", "note"].str.len() > 0).all()


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_other_method_makes_uc3_disagree_honestly():
    r = unit_cost(pk.load_hospital(), "direct")
    t = pk.tariff_table(r.unit_cost, pk.CLASSES).set_index("class")
    c = pk.headline_comparison(t["UC3"], t["rational_tariff"], method="direct")
    uc = c[c["figure"] == "UC3 Kelas III"].iloc[0]
    assert uc["status"] == "not reproducible" and abs(uc["difference"]) > 1000


def test_labels_both_languages():
    assert pk.label("rational_tariff", "id") == "tarif rasional"
    assert pk.label("FC", "en") == "fixed (FC)"  # falls back to jkncost.plots
    with pytest.raises(ValueError):
        pk.label("UC3", "fr")


# --- the notebook ------------------------------------------------------------------------------
def test_unknown_parameter_is_an_error():
    with pytest.raises(ParameterError, match="unknown parameter 'mehtod'"):
        check_parameters(NOTEBOOK, {"mehtod": "direct"})
    with pytest.raises(ParameterError, match="'bor' must be a float"):
        check_parameters(NOTEBOOK, {"bor": "0.8"})


def _run(tmp_path, name, **params):
    out = tmp_path / name
    params.setdefault("output_dir", str(out))
    run_notebook(NOTEBOOK, tmp_path / f"{name}.ipynb", params)
    return out


@pytest.mark.slow
def test_notebook_defaults_and_another_method(tmp_path, reproduced_en):
    base = reproduced_en.processed("pasangkayu")  # the defaults: the session's shared run (tests/reproduced.py)
    other = _run(tmp_path, "direct", method="direct", lang="id")
    uc_b = pd.read_csv(base / "unit_cost.csv").set_index("center")
    uc_d = pd.read_csv(other / "unit_cost.csv").set_index("center")
    assert not np.allclose(uc_b.loc[pk.CLASSES, "UC3"], uc_d.loc[pk.CLASSES, "UC3"])
    np.testing.assert_allclose(uc_b.loc[pk.CLASSES, "output"], uc_d.loc[pk.CLASSES, "output"])  # same patient-days
    rt = pd.read_csv(base / "rational_tariff.csv")
    assert rt["difference"].abs().max() <= 1.0
    comp = pd.read_csv(base / "comparison.csv")
    assert list(comp.columns[:5]) == ["figure", "published", "reproduced", "difference", "status"]
    assert (base / "source_audit.csv").exists() and (base / "backsolved_outputs.csv").exists()
    summary = json.loads((base / "summary.json").read_text())
    assert summary["rational_tariff_VIP"] == pytest.approx(407364.75)
    assert summary["n_exact"] + summary["n_reproduced_under_stated_assumptions"] + summary["n_by_construction"] \
        + summary["n_not_reproducible"] == summary["n_figures"] == len(comp)
    assert (base / "leave_one_out.csv").exists() and comp["locations"].notna().all()
    text = reproduced_en.executed("pasangkayu").read_text()
    assert not machine_paths_in(text.replace(str(reproduced_en.root), ""))


@pytest.mark.slow
def test_notebook_rule_and_split_change_the_tariffs(tmp_path):
    out = _run(tmp_path, "rule", rational_rule="min_uc_atp_wtp", split="inpatient_only", bor=0.6)
    rt = pd.read_csv(out / "rational_tariff.csv").set_index("class")
    t4 = pk.table4()
    np.testing.assert_allclose(rt["rational_tariff"], t4[["UC3", "ATP", "WTP"]].min(axis=1))
    b = pd.read_csv(out / "backsolved_outputs.csv")
    used = b[(b["split"] == "inpatient_only") & (b["method"] == "double")]
    np.testing.assert_allclose(used["beds_at_bor"], used["patient_days"] / (365 * 0.6))
    uc = pd.read_csv(out / "unit_cost.csv")
    assert set(uc["center"]) == set(pk.CLASSES)


@pytest.mark.slow
def test_notebook_runs_on_the_example_hospital(tmp_path):
    out = _run(tmp_path, "example", hospital_dir="data/raw/example_hospital", assumptions_file="",
               method="reciprocal", rational_rule="markup", markup=0.1, bor=0.8)
    uc = pd.read_csv(out / "unit_cost.csv").set_index("center")
    ex = unit_cost(read_hospital(paths.raw("example_hospital")), "reciprocal", bor=0.8).unit_cost.set_index("center")
    np.testing.assert_allclose(uc["UC3"], ex["UC3"])
    assert uc["UC3_normative"].notna().sum() == 4  # the four wards have beds
    rt = pd.read_csv(out / "rational_tariff.csv").set_index("class")
    np.testing.assert_allclose(rt["rational_tariff"], rt["UC3"] * 1.1)
    comp = pd.read_csv(out / "comparison.csv")
    assert comp.empty and list(comp.columns[:5]) == ["figure", "published", "reproduced", "difference", "status"]
    assert not (out / "source_audit.csv").exists()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["study_folder"] is False and summary["hospital"] == "data/raw/example_hospital"
    assert "not the Pasangkayu folder" in (tmp_path / "example.ipynb").read_text()


@pytest.mark.slow
def test_notebook_refuses_an_unknown_parameter(tmp_path):
    with pytest.raises(ParameterError):
        _run(tmp_path, "bad", colour="red")


def test_scenario_labels_name_every_sensitivity_scenario_in_both_languages():
    sens = pk.sensitivity(pk.load_hospital(), classes=pk.CLASSES)
    for lang in ("en", "id"):
        names = [pk.scenario_label(g, s, lang) for g, s in sens[["group", "scenario"]].drop_duplicates().itertuples(index=False)]
        assert len(set(names)) == len(names)  # one name per scenario
    assert pk.scenario_label("outputs", "x 1.2", "id") == "hari rawat x 1,2"
    assert pk.scenario_label("outputs", "x 1.2", "en") == "patient-days x 1.2"
    assert pk.scenario_label("bases", "equal", "id") == "dasar alokasi: bagian sama rata"
    assert pk.scenario_label("split", "inpatient_only (A02)", "en") == "split: inpatient wards as production (A02)"
    assert pk.scenario_label("bases", "unknown", "en") == "allocation bases: unknown"  # an unknown one keeps its name


# ---------------------------------------------------------------------------------------------
# Another hospital with a class without variable cost (issue 26, item 5): every division by a
# computed quantity of the study meets a zero somewhere; each gives an empty cell and a word, not a crash
# ---------------------------------------------------------------------------------------------

def _no_vc_hospital(folder):
    folder.mkdir()
    (folder / "cost_centers.csv").write_text("center,kind,output,output_unit,beds\nKantor,support,,,\n"
                                             "Kelas I,production,1000,patient-day,5\n"
                                             "Kelas II,production,2000,patient-day,8\n")
    (folder / "costs.csv").write_text("center,category,component,amount\nKantor,FC,AIC,1000000\n"
                                      "Kantor,SVC,gaji,2000000\nKelas I,FC,AIC,500000\nKelas I,SVC,gaji,800000\n"
                                      "Kelas II,SVC,gaji,900000\nKelas II,VC,BHP,300000\n")
    (folder / "allocation_bases.csv").write_text("support_center,basis,center,weight\nKantor,staff,Kelas I,1\n"
                                                 "Kantor,staff,Kelas II,2\n")
    (folder / "tariffs.csv").write_text("center,tariff\nKelas I,300000\nKelas II,200000\n")
    return folder


def test_sensitivity_of_a_class_without_variable_cost_is_empty_with_a_note(tmp_path):
    h = read_hospital(_no_vc_hospital(tmp_path / "rs"))
    classes = pk.check_applicable(h, "double", "rs")
    sens = pk.sensitivity(h, classes=classes)  # model.py divided by the base UC3 here (ZeroDivisionError)
    zero = sens[sens["class"] == "Kelas I"]
    assert (zero["UC3_base"] == 0).all() and zero["change_percent"].isna().all()
    assert zero["note"].str.contains("no variable cost").all()
    other = sens[(sens["class"] == "Kelas II") & (sens["scenario"] == "x 0.8")]
    assert other["change_percent"].iloc[0] == pytest.approx(25.0)  # 300,000 over 0.8 x 2,000 days: +25 %
    assert pk.change_percent(110.0, 100.0) == pytest.approx(10.0) and np.isnan(pk.change_percent(1.0, 0.0))


def test_crr_of_a_class_without_variable_cost_is_empty_not_an_error(tmp_path):
    folder = _no_vc_hospital(tmp_path / "rs")
    h = read_hospital(folder)
    uc = unit_cost(h, "double").unit_cost
    t = pk.tariff_table(uc, ["Kelas I", "Kelas II"], rule="fraction_of_uc", fraction=0.95, pasangkayu=False,
                        own=pk.own_tariffs(h, folder))
    t = t.set_index("class")
    assert np.isnan(t.loc["Kelas I", "CRR_rational"]) and np.isnan(t.loc["Kelas I", "CRR_tariff"])
    assert t.loc["Kelas II", "CRR_tariff"] == pytest.approx(100 * 200_000 / 150.0)
    assert pk.crr_or_nan([1.0, 1.0], [0.0, float("nan")]).tolist() == [pytest.approx(float("nan"), nan_ok=True)] * 2


def test_backsolve_leaves_uc3_at_zero_days_empty():
    b = pk.backsolve_table(methods=["double"], splits=["inpatient_only"])
    assert (b["integer_days"] > 0).all() and b["UC3_at_integer"].notna().all()  # Pasangkayu: every class has days


@pytest.mark.slow
def test_notebook_runs_on_a_hospital_whose_class_has_no_variable_cost(tmp_path):
    folder = _no_vc_hospital(tmp_path / "rs")
    out = _run(tmp_path, "novc", hospital_dir=str(folder), assumptions_file="")
    sens = pd.read_csv(out / "sensitivity.csv")
    assert sens.loc[sens["class"] == "Kelas I", "change_percent"].isna().all()
    assert "no change in percent for Kelas I" in (tmp_path / "novc.ipynb").read_text()
