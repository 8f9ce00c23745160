"""The synthetic cohort calibrated to the published aggregates (jkncost.studies.caesarean.model) and the caesarean notebook."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from jkncost import cohort as co
from jkncost.core import comparison as cmp
from jkncost.core import paths
from jkncost.studies import caesarean as cs
from jkncost.studies.caesarean import model as synthetic
from jkncost.compendium.notebook import ParameterError, run_notebook


@pytest.fixture(scope="module")
def default():
    return synthetic.generate(synthetic.DEFAULT_SEED, strict=True)


@pytest.fixture(scope="module")
def published():
    return cs.read_published()


def test_default_seed_hits_every_target(default, published):
    s = default.summary
    pv = dict(zip(published["figure_id"], published["value"]))
    assert len(default.cohort) == pv["n_patients"] == 89
    # both mean differences to the rupiah (exactly: whole-rupiah amounts with exact sums)
    assert s["mean_diff_hospital"] == pv["mean_diff_hospital"] == -1_236_793
    assert s["mean_diff_inacbg"] == pv["mean_diff_inacbg"] == 1_974_050
    # both CRRs to the published percent (ratio of means by default)
    assert round(100 * s["crr_hospital_ratio_of_means"]) == 120
    assert round(100 * s["crr_inacbg_ratio_of_means"]) == 68
    p = co.chosen_p_values(default.tests)
    assert p["care_class"] < 0.0005                      # printed 0.000
    assert 0.040 <= p["secondary_diagnosis"] <= 0.050    # published 0.050, significant
    assert 0.036 <= p["length_of_stay"] < 0.050          # published 0.046
    assert 0.946 <= p["age"] <= 0.966                    # published 0.956, far from significant
    assert default.ok and default.report["hit"].all()


def test_mean_of_ratios_calibration_hits_too():
    syn = synthetic.generate(synthetic.DEFAULT_SEED, crr_definition="mean_of_ratios", strict=True)
    assert round(100 * syn.summary["crr_hospital_mean_of_ratios"]) == 120
    assert round(100 * syn.summary["crr_inacbg_mean_of_ratios"]) == 68
    assert syn.summary["mean_diff_hospital"] == -1_236_793 and syn.summary["mean_diff_inacbg"] == 1_974_050


def test_mean_cost_is_the_one_both_crrs_imply(default):
    imp = co.implied_mean_cost(-1_236_793, 1.20, 1_974_050, 0.68)
    assert abs(default.summary["mean_cost"] - imp.from_gap) < 100  # INA-CBG tariffs rounded to Rp 100
    lo, hi = imp.joint_range
    assert lo < default.summary["mean_cost"] < hi


def test_deterministic_and_seed_dependent(default):
    again = synthetic.generate(synthetic.DEFAULT_SEED)
    pd.testing.assert_frame_equal(again.cohort, default.cohort)
    other = synthetic.generate(2)
    assert not other.cohort["cost_total"].equals(default.cohort["cost_total"])
    assert other.summary["mean_diff_inacbg"] == default.summary["mean_diff_inacbg"]


def test_targets_are_read_from_published_not_hard_coded(published):
    changed = published.copy()
    changed.loc[changed.figure_id == "mean_diff_hospital", "value"] = -1_500_000.0
    changed.loc[changed.figure_id == "crr_hospital", "value"] = 124.0
    syn = synthetic.generate(synthetic.DEFAULT_SEED, published=changed)
    assert syn.summary["mean_diff_hospital"] == -1_500_000
    assert round(100 * syn.summary["crr_hospital_ratio_of_means"]) == 124


def test_plausible_patients(default):
    c = default.cohort
    assert set(c["care_class"]) == {1, 2, 3}
    assert c["length_of_stay"].between(3, 8).all()
    assert c["age"].between(18, 44).all()
    assert (c[list(co.COMPONENTS)] >= 0).all().all()
    assert c["inacbg_code"].isin(["O-6-10-I", "O-6-10-II", "O-6-10-III"]).all()
    # one INA-CBG tariff per group and class: a tariff, not a per-patient amount
    assert (c.groupby(["inacbg_code", "care_class"])["inacbg_tariff"].nunique() == 1).all()
    assert (c["cost_total"] == c[list(co.COMPONENTS)].sum(axis=1)).all()
    assert c["cost_total"].between(3e6, 12e6).all()


def test_a_missed_target_is_reported_and_strict_raises():
    syn = synthetic.generate(synthetic.DEFAULT_SEED, n=60)
    assert not syn.ok
    assert syn.report.set_index("target").loc["n_patients", "hit"] == False  # noqa: E712
    with pytest.raises(synthetic.CalibrationError, match="n_patients"):
        synthetic.generate(synthetic.DEFAULT_SEED, n=60, strict=True)


@pytest.mark.slow  # seconds: make test-fast leaves it to make test
def test_find_seeds_is_reproducible():
    assert synthetic.find_seeds(2, stop=10) == synthetic.find_seeds(2, stop=10)
    assert synthetic.find_seeds(1)[0] == synthetic.DEFAULT_SEED


def test_assumptions_have_rationale():
    a = pd.read_csv(paths.raw("caesarean", "assumptions.csv"))
    assert {"parameter", "value", "unit", "rationale", "source"} <= set(a.columns)
    assert a["parameter"].is_unique and a["rationale"].notna().all()
    assert {"inacbg_O-6-10-I_class_3", "inacbg_O-6-10-II_class_3", "inacbg_O-6-10-III_class_3"} <= set(a["parameter"])


def test_output_is_labelled_and_reads_back(default, tmp_path):
    out = synthetic.cohort_for_output(default)
    assert out["provenance"].str.startswith(cs.SYNTHETIC_LABEL).all()
    path = tmp_path / "cohort.csv"
    out.to_csv(path, index=False)
    back = co.read_cohort(path)  # an auditor's file in the same columns reads the same
    assert back["cost_total"].sum() == default.cohort["cost_total"].sum()


def test_comparison_statuses(default, published):
    table = cs.comparison_table(published, default.summary, default.tests, crr_definition="ratio_of_means",
                                synthetic=True, assumption=cs.SYNTHETIC_LABEL)
    # every figure the synthetic cohort hits was its parameter or calibration target: by construction
    assert len(table) == len(published) and (table["status"] == cmp.BY_CONSTRUCTION).all()
    assert table["note"].str.contains(cs.SYNTHETIC_LABEL).all()
    assert table["note"].str.contains("calibration target").all()
    assert cmp.accounting_problems(table) == []
    assert (table["locations"] == "abstract (Indonesian); abstract (English)").all()
    hosp = table.set_index("figure").loc["mean difference cost of care minus hospital tariff"]
    assert hosp["published"] == hosp["reproduced"] == -1_236_793
    # as counted for summary.json and the report: nine figures, none independently reproduced
    assert cmp.summary_counts(table) == {"n_exact": 0, "n_reproduced_under_stated_assumptions": 0,
                                         "n_by_construction": 9, "n_not_reproducible": 0, "n_figures": 9}


# ----------------------------------------------------------------------------------------------
# The notebook, run through papermill (slow)
# ----------------------------------------------------------------------------------------------

NOTEBOOK = paths.notebooks("caesarean.ipynb")


@pytest.mark.slow
def test_notebook_runs_with_mean_of_ratios_in_indonesian(tmp_path):
    out = run_notebook(NOTEBOOK, tmp_path / "caesarean.ipynb",
                       {"crr_definition": "mean_of_ratios", "lang": "id", "output_dir": str(tmp_path / "out")})
    table = pd.read_csv(tmp_path / "out" / "comparison.csv")
    assert list(table.columns[:5]) == ["figure", "published", "reproduced", "difference", "status"]
    assert table["figure"].str.contains("mean of ratios").any()
    assert (table["status"] != cmp.EXACT).all()
    # summary.json counts what comparison.csv holds, the four statuses apart
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert {k: summary[k] for k in cmp.summary_counts(table)} == cmp.summary_counts(table)
    assert summary["n_by_construction"] == len(table) and summary["n_exact"] == 0
    nb = json.loads(out.executed.read_text(encoding="utf-8"))
    outputs = json.dumps([o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])])
    assert str(paths.root()) not in outputs  # no machine paths of the repository in the outputs
    assert "kohort sintetis" in outputs
    assert (tmp_path / "out" / "headline_cost_vs_tariffs.png").is_file()  # the card figure of the report


@pytest.mark.slow
def test_notebook_runs_on_an_auditors_cohort(tmp_path):
    cohort = synthetic.cohort_for_output(synthetic.generate(3)).drop(columns="provenance")
    path = tmp_path / "real.csv"
    cohort.to_csv(path, index=False)
    run_notebook(NOTEBOOK, tmp_path / "nb.ipynb", {"cohort_csv": str(path), "output_dir": str(tmp_path / "out")})
    table = pd.read_csv(tmp_path / "out" / "comparison.csv")
    assert set(table["status"]) <= {cmp.EXACT, cmp.NOT_REPRODUCIBLE}
    counts = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert {k: counts[k] for k in cmp.summary_counts(table)} == cmp.summary_counts(table)
    assert counts["cohort"] == "real"
    summary = pd.read_csv(tmp_path / "out" / "summary.csv")
    assert "provenance" in summary.columns and not summary["provenance"].str.contains("synthetic").any()


@pytest.mark.slow
def test_notebook_refuses_unknown_parameter(tmp_path):
    with pytest.raises(ParameterError, match="crr_defintion"):
        run_notebook(NOTEBOOK, tmp_path / "nb.ipynb", {"crr_defintion": "mean_of_ratios"})
    assert not (tmp_path / "nb.ipynb").exists()


def test_committed_notebook_declares_its_parameters():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    source = "".join(tagged[0]["source"])
    for name in ("cohort_csv: str", "seed: Range[int, 0, None]", "n_patients: Range[int, 1, None]",
                 'crr_definition: Literal["ratio_of_means", "mean_of_ratios"]', "output_dir: str",
                 'lang: Literal["en", "id"]'):
        assert name in source
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert str(paths.root()) not in NOTEBOOK.read_text(encoding="utf-8")
