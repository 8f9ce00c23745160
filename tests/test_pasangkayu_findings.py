"""Pasangkayu (seed 002): the findings of issue 13 and the study on other hospitals (issue 12 item 5)."""

from __future__ import annotations

import shutil

import matplotlib
import numpy as np
import nbformat
import pandas as pd
import pytest

from jkncost.core import paths
from jkncost.compendium.notebook import NotebookFailed, run_notebook
from jkncost.costing import read_hospital
from jkncost.costing.unitcost import unit_cost
from jkncost.studies import pasangkayu as pk

from . import pasangkayu_results as shared

matplotlib.use("Agg")
NOTEBOOK = paths.notebooks("pasangkayu.ipynb")


# --- Tabel 5: two columns follow from other published numbers -------------------------------------
def test_tabel5_rational_per_case_is_uc3_plus_one_constant():
    t = pk.table5().set_index("class")
    # by hand: 1,275,821 - 265,778 = 1,010,043; 1,190,948 - 180,905 = 1,010,043; 1,160,518 - 150,474 = 1,010,044
    assert t["per_case_minus_UC3"].tolist() == [1_010_043, 1_010_043, 1_010_044]
    # and not the per-day rational tariff: Tabel 4's 252,489 / 171,859 / 142,951 leave no constant
    assert (t["rational_per_case"] - pk.table4().loc[t.index, "rational tariff"]).nunique() == 3


def test_tabel5_inacbg_is_class_iii_times_an_equal_step():
    t = pk.table5().set_index("class")
    # 1,097,000 x 1.4 = 1,535,800 and x 1.2 = 1,316,400, exactly
    assert t["inacbg_over_class_III"].round(12).tolist() == [1.4, 1.2, 1.0]
    r = pk.table5_rules().set_index("parameter")["value"]
    assert r["a"] == pytest.approx(1_097_000) and r["b"] == pytest.approx(219_400)


def test_every_fitted_rule_predicts_the_class_left_out_within_one_rupiah():
    loo = pk.leave_one_out()
    assert loo.groupby("rule").size().to_dict() == {"INA-CBG = a + b x rank": 3, "rational per case = UC3 + c": 3,
                                                     "rational tariff = f x UC3": 4}
    assert loo["within"].all() and loo["error"].abs().max() <= 1
    # each prediction really leaves its class out
    assert all(r["class"] not in r["fitted_on"].split(", ") for r in loo.to_dict("records"))
    # hand-worked: f from VIP, Kelas I, Kelas III = mean(407,365/428,805, 252,489/265,778, 142,951/150,474)
    f = np.mean([407_365 / 428_805, 252_489 / 265_778, 142_951 / 150_474])
    kelas2 = loo[(loo["rule"] == "rational tariff = f x UC3") & (loo["class"] == "Kelas II")].iloc[0]
    assert kelas2["predicted"] == round(f * 180_905)


def test_the_perda_column_follows_no_rule():
    t = pk.table5().set_index("class")
    diffs = t["perda_per_case"] - t["UC3"]
    assert diffs.nunique() == 3
    ratios = t["perda_per_case"] / t["perda_per_case"].iloc[-1]
    assert not np.allclose(ratios.diff().dropna().abs(), ratios.diff().dropna().abs().iloc[0])


# --- the 1,190,948 reading and the method paragraph -----------------------------------------------
@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_dropped_digit_is_read_as_tabel5_and_recorded_as_a_typo():
    p = pk.published()
    row = p[(p["figure"] == "rational tariff per case") & (p["class_or_center"] == "Kelas II")
            & p["source"].str.contains("Hasil")].iloc[0]
    assert row["printed"] == "Rp.1.190.94,-" and row["value"] == 1_190_948
    assert pk.printed_digits_malformed(row["printed"]) and not pk.printed_digits_malformed("Rp. 1.160.518,")
    a = shared.source_audit()  # pk.source_audit(), once per process
    typo = a[a["kind"] == "typo"]
    assert len(typo) == 1 and typo["printed"].iloc[0] == 119_094 and typo["recomputed"].iloc[0] == 1_190_948
    assert np.isnan(typo["difference"].iloc[0])  # a dropped digit is not a gap of Rp -1,071,854
    assert not (a["difference"].abs() == 1_071_854).any()


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_default_split_follows_the_method_paragraph():
    a = shared.source_audit()  # pk.source_audit(), once per process
    row = a[a["kind"] == "method vs assumption"].iloc[0]
    assert "unit produksi (rawat inap)" in row["note"] and "A01" in row["note"]
    assert pk.DEFAULT_SPLIT == "inpatient_only" and pk.SPLITS[pk.DEFAULT_SPLIT] == "A02"
    assert pk.load_hospital("assumed").production_centers == pk.CLASSES
    a02 = pk.assumptions().set_index("id").loc["A02", "status"]
    assert a02.startswith("stated by the paper")


# --- figures and other hospitals ---------------------------------------------------------------------
def test_sensitivity_bars_are_centred_for_any_number_of_classes():
    # failed before the fix: the offsets used the module's four CLASSES, so three bars sat off centre
    sens = pd.DataFrame([{"group": "outputs", "scenario": s, "class": c, "change_percent": 1.0}
                         for s in ("x 0.8", "x 1.2") for c in ("A", "B", "C")])
    fig = pk.sensitivity_plot(sens)
    ax = fig.axes[0]
    centres = sorted(p.get_y() + p.get_height() / 2 for p in ax.patches)
    for row in (0, 1):
        assert np.mean(centres[3 * row:3 * row + 3]) == pytest.approx(row)


def _example_copy(tmp_path, name="h"):
    d = tmp_path / name
    shutil.copytree(paths.raw("example_hospital"), d)
    return d


def test_alternative_bases_do_not_stop_on_a_receiver_without_cost(tmp_path):
    # a valid folder whose Laundry serves only a ward with no cost of its own: the 'direct_cost' and 'vc'
    # alternative bases give that rule zero weight; they used to raise AllocationError from the middle
    d = _example_copy(tmp_path)
    centers = pd.read_csv(d / "cost_centers.csv")
    centers.loc[len(centers)] = ["Ruang Isolasi", "production", 100, "patient-day", None, None]
    centers.to_csv(d / "cost_centers.csv", index=False)
    bases = pd.read_csv(d / "allocation_bases.csv")
    bases = bases[bases["support_center"] != "Laundry"]
    bases.loc[len(bases)] = ["Laundry", "linen kg", "Ruang Isolasi", 5]
    bases.to_csv(d / "allocation_bases.csv", index=False)
    h = read_hospital(d)
    s = pk.sensitivity(h, classes=pk.inpatient_classes(h))
    assert set(s["group"]) == {"outputs", "method", "bases"}
    assert s.loc[s["group"] == "bases", "UC3"].notna().all()


def test_a_folder_without_inpatient_classes_is_refused_in_one_line(tmp_path):
    d = _example_copy(tmp_path)
    centers = pd.read_csv(d / "cost_centers.csv")
    centers["output_unit"] = centers["output_unit"].replace("patient-day", "visit")
    centers.to_csv(d / "cost_centers.csv", index=False)
    with pytest.raises(pk.StudyNotApplicable, match="no production center with a measured output in patient-days") as e:
        pk.check_applicable(read_hospital(d), "double", "h")
    assert "\n" not in str(e.value)


def test_the_papers_rule_is_not_applied_to_another_hospital():
    assert pk.resolve_rule("study", 0.95, study=True)[:2] == ("fraction_of_uc", 0.95)
    rule, fraction, why = pk.resolve_rule("study", 0.95, study=False)
    assert (rule, fraction) == ("uc", 1.0) and "not this hospital's" in why
    assert pk.resolve_rule("markup", 0.95, study=False)[0] == "markup"


def test_own_tariffs_and_published_comparison_of_another_hospital(tmp_path):
    d = _example_copy(tmp_path)
    (d / "tariffs.csv").write_text("center;tariff;source\nVIP;Rp 400.000,-;Perda 2020\nKelas III;90000;Perda 2020\n",
                                   encoding="utf-8-sig")
    h = read_hospital(d)
    own = pk.own_tariffs(h, d)
    assert own.to_dict() == {"VIP": 400_000.0, "Kelas III": 90_000.0}
    uc = unit_cost(h, "double", flows=False).unit_cost
    t = pk.tariff_table(uc, pk.inpatient_classes(h), rule="uc", pasangkayu=False, own=own).set_index("class")
    assert t.loc["VIP", "CRR_tariff"] == pytest.approx(100 * 400_000 / t.loc["VIP", "UC3"])
    assert np.isnan(t.loc["Kelas I", "tariff"])
    assert pk.published_comparison(uc, d).empty
    uc3 = float(uc.set_index("center").loc["Kelas III", "UC3"])
    (d / "published.csv").write_text(f"figure,center,value\nUC3,Kelas III,{uc3:.0f}\nUC3,VIP,1\nATP,VIP,5\n")
    c = pk.published_comparison(uc, d).set_index("figure")
    assert c.loc["UC3 Kelas III", "status"] == "exact"
    assert c.loc["UC3 VIP", "status"] == "not reproducible" and c.loc["ATP VIP", "status"] == "not reproducible"


@pytest.mark.slow
def test_notebook_stops_in_the_parameters_check_on_a_folder_it_cannot_apply_to(tmp_path):
    d = _example_copy(tmp_path)
    centers = pd.read_csv(d / "cost_centers.csv")
    centers["output_unit"] = "visit"
    centers.loc[centers["kind"] == "support", "output_unit"] = None
    centers.to_csv(d / "cost_centers.csv", index=False)
    with pytest.raises(NotebookFailed) as e:
        run_notebook(NOTEBOOK, tmp_path / "nb.ipynb", {"hospital_dir": str(d), "assumptions_file": "",
                                                       "output_dir": str(tmp_path / "out")})
    # the cell that checks the parameters (one further down in the executed notebook: papermill's injected cell)
    check_cell = next(i for i, c in enumerate(nbformat.read(NOTEBOOK, as_version=4).cells)
                      if "_guard.check(" in c.source) + 1
    assert e.value.ename == "StudyNotApplicable" and e.value.cell_index == check_cell
    assert "patient-days" in e.value.evalue and not (tmp_path / "out").exists()


def test_a_v2_hospital_with_pools_and_a_center_without_output_runs_the_study_parts(tmp_path):
    from .test_hospital import v2_folder

    d = v2_folder(tmp_path)
    h = read_hospital(d)
    classes = pk.check_applicable(h, "double", "v2")
    assert classes == ["Rawat Inap"]  # ICU has no output, IGD counts visits
    uc = unit_cost(h, "double", flows=False).unit_cost
    own = pk.own_tariffs(h, d)
    assert own.to_dict() == {"Rawat Inap": 250_000.0, "IGD": 75_000.0}
    t = pk.tariff_table(uc, classes, rule="uc", pasangkayu=False, own=own).set_index("class")
    assert t.loc["Rawat Inap", "CRR_tariff"] == pytest.approx(100 * 250_000 / t.loc["Rawat Inap", "UC3"])
    s = pk.sensitivity(h, classes=classes)
    assert set(s["group"]) == {"outputs", "method", "bases"} and s["UC3"].notna().all()


@pytest.mark.slow
@pytest.mark.parametrize("which", ["v2", "template"])
def test_notebook_runs_to_the_end_on_other_hospitals(tmp_path, which):
    import json

    from jkncost.cli.main import main

    from .test_hospital import v2_folder

    if which == "v2":
        source = v2_folder(tmp_path)
    else:
        assert main(["template", str(tmp_path / "tpl")]) == 0  # `jkncost template`, in this process
        source = tmp_path / "tpl" / "example.xlsx"
    out = tmp_path / "out"
    run_notebook(NOTEBOOK, tmp_path / "nb.ipynb", {"hospital_dir": str(source), "assumptions_file": "",
                                                   "output_dir": str(out)})
    summary = json.loads((out / "summary.json").read_text())
    assert summary["study_folder"] is False and "n_figures" not in summary  # no published.csv: no comparison
    rt = pd.read_csv(out / "rational_tariff.csv")
    assert (rt["rule"] == "uc").all() and "tariff" in rt  # not the paper's 0.95; the folder's own tariffs
    assert not (out / "source_audit.csv").exists() and not (out / "leave_one_out.csv").exists()


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_comparison_tables_pass_the_accounting_check():
    from jkncost.core.comparison import check_accounting
    from jkncost.studies import bone

    r = unit_cost(pk.load_hospital(), "double", flows=False)
    t = pk.tariff_table(r.unit_cost, pk.CLASSES).set_index("class")
    # the same tariffs as those of the shared headline comparison (computed with flows), so it is this t's
    pd.testing.assert_frame_equal(t, shared.tariffs())
    check_accounting(shared.headline())  # pk.headline_comparison(t["UC3"], t["rational_tariff"]), once per process
    from jkncost.core import comparison

    data = bone.load()
    check_accounting(comparison.table(bone.comparison_rows(data, markup=0.4, step=5_000, direction="nearest", bor=0.8)))


def test_every_transcribed_figure_is_printed_in_the_seed():
    from jkncost.compendium.coverage import default_seeds_dir

    seed = default_seeds_dir() / pk.SEED
    if not seed.is_file():  # a fresh clone has only the transcription; the tests of it run everywhere
        pytest.skip(f"the source text {pk.SEED} is not beside the repository (../shared/seeds): "
                    "the transcription is checked against it only where it is")
    text = seed.read_text(encoding="utf-8")
    missing = [r.printed for r in pk.published().itertuples() if str(r.printed) not in text]
    assert not missing
    costs = pk.costs()
    lines = {i: line for i, line in enumerate(text.splitlines())}
    for r in costs.itertuples():
        assert any(f"{r.amount:,.0f}" in line and r.printed_center in line for line in lines.values()), r
