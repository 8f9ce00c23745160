"""Seed 004 (RSUD Tenriawaru Bone): transcription, findings, and the notebook end to end."""

import re
import shutil

import pandas as pd
import pytest

from jkncost.compendium import comparison, paths
from jkncost.costing import occupancy
from jkncost.errors import InputError
from jkncost.compendium.notebook import ParameterError, declared_parameters, run_notebook
from jkncost.studies import bone

SEED_FILE = paths.root().parent / "shared" / "seeds" / bone.SEED
NOTEBOOK = paths.notebooks("bone.ipynb")


@pytest.fixture(scope="module")
def data():
    return bone.load()


# ------------------------------------------------------------------------------------ transcription

def test_counts_and_numbering(data):
    proc = data["procedures"]
    assert proc.groupby("unit", sort=False).size().to_dict() == {
        "radiologi": 29, "fisioterapi": 19, "hemodialisa": 1, "nicu": 18}
    assert proc[proc["unit"] == "nicu"]["no"].tolist() == list(range(1, 17)) + [18, 22]
    assert data["classes"]["class"].tolist() == list(bone.CLASSES)
    assert len(data["text"]) == data["text"]["figure"].nunique()


def test_every_raw_row_names_the_seed():
    for name in ["procedure_unit_costs.csv", "published_procedures.csv", "class_unit_costs.csv",
                 "published_classes.csv", "published_text.csv"]:
        df = pd.read_csv(paths.raw("bone", name), dtype=str)
        assert df["source"].str.startswith(bone.SEED).all(), name
    a = pd.read_csv(paths.raw("bone", "assumptions.csv"), dtype=str)
    assert a["rationale"].str.len().gt(40).all()


def _fmt(v: float) -> str:
    return f"{abs(int(v)):,}".replace(",", ".")


@pytest.mark.skipif(not SEED_FILE.is_file(), reason="seed text not available next to the repository")
def test_rows_match_the_seed_text(data):
    seed = SEED_FILE.read_text(encoding="utf-8")
    for _, r in data["procedures"].iterrows():
        pattern = (re.escape(r["procedure"]) + r"\s*\n\t\s*\n\t" + re.escape(_fmt(r["unit_cost"])) + r"\n\t"
                   + re.escape(_fmt(r["asumsi_tarif"])) + r"\n\t" + re.escape(_fmt(r["usulan_tarif"])))
        assert re.search(pattern, seed), r["procedure"]
    for _, r in data["classes"].iterrows():
        pattern = re.escape(r["class"]) + r"\n\t" + r"\n\t".join(
            re.escape(_fmt(r[c])) for c in ["unit_cost", "bor_aktual", "bor_normatif_80", "tarif_rasional"])
        assert re.search(pattern, seed), r["class"]
    for _, t in data["text"].iterrows():
        assert _fmt(float(t["value"])) in seed, t["figure"]
        if t["share_pct"]:
            assert t["share_pct"].replace(".", ",") + "%" in seed, t["figure"]


def test_load_refuses_a_bad_number(tmp_path):
    shutil.copytree(paths.raw("bone"), tmp_path / "bone")
    f = tmp_path / "bone" / "procedure_unit_costs.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("141915", "Rp141915")
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        bone.load(tmp_path / "bone")
    p = err.value.problems[0]
    assert (p.row, p.column) == (4, "unit_cost")
    assert "not a number" in p.message


def test_load_refuses_a_lonely_procedure(tmp_path):
    shutil.copytree(paths.raw("bone"), tmp_path / "bone")
    f = tmp_path / "bone" / "published_procedures.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    f.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="only one of"):
        bone.load(tmp_path / "bone")


# ------------------------------------------------------------------------------------------ findings

def test_factor_and_departures(data):
    fit = bone.markup_fit(data["procedures"])
    assert fit["factor"] == 1.4 and fit["markup"] == pytest.approx(0.4)
    assert fit["explained"] == 66
    deps = bone.departures(data["procedures"], fit["factor"])
    assert deps[["unit", "no", "procedure"]].values.tolist() == [["nicu", 14, "Pemasangan Oksigen"]]
    assert deps["implied_factor"].tolist() == [1.6]


def test_reproduced_asumsi_within_rp1_where_the_factor_holds(data):
    fit = bone.markup_fit(data["procedures"])
    t = bone.procedure_tariffs(data["procedures"], fit["markup"], 5_000, "nearest")
    holds = fit["consistent"]
    assert (t.loc[holds, "asumsi_difference"].abs() <= 1).all()
    # and the departures are exactly the rows where it does not
    off = t.loc[t["asumsi_difference"].abs() > 1, "procedure"].tolist()
    assert off == ["Pemasangan Oksigen"]


def test_rounding_rule_and_judgment_calls(data):
    rule = bone.rounding_evidence(data["procedures"])
    assert (rule["step"], rule["direction"], rule["reproduced"], rule["common_step"]) == (5_000.0, "nearest", 44, 5_000)
    calls = bone.judgment_calls(data["procedures"], rule["step"], rule["direction"])
    assert len(calls) == 67 - 44
    assert calls.groupby("unit", sort=False).size().to_dict() == {
        "radiologi": 3, "fisioterapi": 6, "hemodialisa": 1, "nicu": 13}


def test_notebook_defaults_are_the_values_found(data):
    declared = declared_parameters(NOTEBOOK)
    fit = bone.markup_fit(data["procedures"])
    rule = bone.rounding_evidence(data["procedures"])
    assert float(declared["markup"]["default"]) == pytest.approx(fit["markup"])
    assert float(declared["rounding_step"]["default"]) == rule["step"]
    assert declared["rounding_direction"]["default"].strip("'\"") == rule["direction"]
    assert set(declared) == {"data_dir", "markup", "rounding_step", "rounding_direction", "bor", "output_dir", "lang"}


def test_classes_abstract_comes_from_tarif_rasional(data):
    text, classes = data["text"], data["classes"].set_index("class")
    abstract = text[text["figure"].str.startswith("abs_id_class")].set_index("subject")["value"].astype(float)
    assert (abstract == classes["tarif_rasional"].reindex(abstract.index)).all()
    assert not (abstract == classes["bor_normatif_80"].reindex(abstract.index)).any()


def test_paper_normative_column_is_uc_times_bor(data):
    ct = bone.class_tariffs(data["classes"], bor=0.8, actual_bor=0.7, markup=0.4, step=5_000, direction="nearest")
    assert ((ct["paper_normative_reproduced"] - ct["paper_normative_published"]).abs() <= 1).all()
    assert ct["implied_bor_of_paper_normative"].round(3).eq(0.64).all()
    assert ct["normative_uc_correct"].tolist() == [
        round(float(occupancy.to_normative(u, 0.7, 0.8))) for u in data["classes"]["unit_cost"]]


def test_source_audit_finds_the_discrepancies(data):
    audit = bone.source_audit(data)
    assert set(audit["status"]) <= {"consistent", "discrepancy", "derived"}
    disc = audit[audit["status"] == "discrepancy"]
    found = set(disc["check"])
    for check in ["asumsi tarif = factor x unit cost", "table rows numbered 1..n", "TC1 - TC2 = FC",
                  "smallest FC >= Laundry FC (TC1 - TC2)", "smallest SVC >= Laundry SVC (TC2 - TC3)",
                  "FC shares imply one total", "largest UC3 of production centers >= largest UC3 of classes",
                  "Hasil UC-3 of Kelas VIP Utama = Tabel 5 Unit Cost",
                  "unit UC within its procedure UCs (RVU identity)"]:
        assert check in found, check
    kantor = audit[audit["check"] == "TC1 - TC2 = FC"].iloc[0]
    assert kantor["difference"] == pytest.approx(3_448_171_484 - (19_041_943_129 - 16_001_521_502))
    # nothing consistent is called a discrepancy: repeated figures agree, SVC and VC shares fit
    assert audit[audit["check"] == "repeated figure agrees"]["status"].eq("consistent").all()
    assert audit[audit["check"].isin(["SVC shares imply one total", "VC shares imply one total"])]["status"].eq(
        "consistent").all()


def test_comparison_rows(data):
    table = comparison.table(bone.comparison_rows(data, markup=0.4, step=5_000, direction="nearest", bor=0.8,
                                                  actual_bor=0.7))
    assert list(table.columns[:5]) == ["figure", "published", "reproduced", "difference", "status"]
    assert table["figure"].is_unique
    counts = comparison.status_counts(table)
    # 67 asumsi + 67 usulan + 4 Tabel 5 columns x 5 classes + 7 text proposals + 2 class UC-3 + 25 cost-center figures
    assert sum(counts.values()) == len(table) == 67 + 67 + 4 * 5 + 7 + 2 + 25
    # the factor 1.4 is identified from the same published asumsi tarif: a hit is never "exact"
    asumsi = table[table["figure"].str.startswith("asumsi tarif")]
    assert (asumsi["status"] == comparison.ASSUMED).sum() == 66
    assert comparison.EXACT not in set(asumsi["status"])
    assert asumsi.loc[asumsi["status"] == comparison.ASSUMED, "note"].str.contains(
        "not an independent reproduction").all()
    oxygen = asumsi[asumsi["figure"].str.endswith("Pemasangan Oksigen")].iloc[0]
    assert oxygen["status"] == comparison.NOT_REPRODUCIBLE and oxygen["reproduced"] == round(8_625 * 1.4)
    usulan = table[table["figure"].str.startswith("usulan tarif")]
    assert (usulan["status"] == comparison.ASSUMED).sum() == 44
    # hand-checked: Thorax 141,883 x 1.4 = 198,636.2 -> 198,636 -> nearest 5,000: 200,000
    thorax = table.set_index("figure").loc[["asumsi tarif | Tabel 1 no 2 Thorax", "usulan tarif | Tabel 1 no 2 Thorax"]]
    assert thorax["reproduced"].tolist() == [198_636.0, 200_000.0]
    # nothing is exact: the paper publishes no cost data, so every reproduction rests on a factor or a rule
    # identified from its own numbers (the 'UC x 0.8' formula of the 'BOR normatif' column included), and the
    # text's class UC-3 extremes only restate Tabel 5
    assert comparison.EXACT not in set(table["status"])
    extremes = table[table["figure"].str.startswith("text class UC-3")]
    assert (extremes["status"] == comparison.NOT_REPRODUCIBLE).all() and extremes["note"].str.contains("agrees").all()
    normative = table[table["figure"].str.startswith("Tabel 5 BOR normatif")]
    assert (normative["status"] == comparison.ASSUMED).all() and len(normative) == len(bone.CLASSES)


def test_comparison_follows_a_changed_markup(data):
    # another markup: nothing is a hit, and the note says the factor was identified as 1.4
    table = comparison.table(bone.comparison_rows(data, markup=0.5, step=5_000, direction="nearest", bor=0.8,
                                                  actual_bor=0.7))
    asumsi = table[table["figure"].str.startswith("asumsi tarif")]
    assert (asumsi["status"] == comparison.NOT_REPRODUCIBLE).all()
    assert asumsi.iloc[0]["reproduced"] == round(155_328 * 1.5)


def test_class_uc3_extreme_that_names_another_class_is_not_reproduced(data):
    changed = {**data, "text": data["text"].copy()}
    t = changed["text"]
    t.loc[t["figure"] == "dis_class_uc3_max", "subject"] = "Kelas I"
    table = comparison.table(bone.comparison_rows(changed, markup=0.4, step=5_000, direction="nearest", bor=0.8,
                                                  actual_bor=0.7)).set_index("figure")
    row = table.loc["text class UC-3 largest | Kelas I"]
    assert row["status"] == comparison.NOT_REPRODUCIBLE and "Kelas II" in row["note"]


def test_audit_notes_follow_the_data(data):
    changed = {**data, "text": data["text"].copy()}
    t = changed["text"]
    t.loc[t["figure"] == "dis_svc_salary_min", "value"] = 1.0
    audit = bone.source_audit(changed).set_index("check")
    assert audit.loc["same figure, same definition", "status"] == "consistent"
    assert "3,448,171,484" in audit.loc["TC1 - TC2 = FC", "location"]


def test_labels():
    assert bone.label("unit_cost", "en") == "Unit cost"
    with pytest.raises(InputError, match="lang must be one of"):
        bone.label("unit_cost", "fr")


# ------------------------------------------------------------------------------------ the notebook

@pytest.mark.slow
def test_notebook_another_markup_changes_every_tariff(tmp_path, data):
    run_notebook(NOTEBOOK, tmp_path / "bone.ipynb", {"markup": 1.0, "output_dir": str(tmp_path / "out")})
    new = pd.read_csv(tmp_path / "out" / "procedure_tariffs.csv")
    base = bone.procedure_tariffs(data["procedures"], 0.4, 5_000, "nearest")
    assert len(new) == len(base) == 67
    assert (new["asumsi_reproduced"].to_numpy() != base["asumsi_reproduced"].to_numpy()).all()
    assert new["asumsi_reproduced"].tolist() == (2.0 * data["procedures"]["unit_cost"]).round().tolist()
    assert new.loc[0, "proposal_reproduced"] == 310_000  # Scapula 155,328 x 2 = 310,656 -> nearest 5,000
    assert (new["proposal_reproduced"].to_numpy() != base["proposal_reproduced"].to_numpy()).all()
    classes_new = pd.read_csv(tmp_path / "out" / "class_tariffs.csv")
    classes_base = bone.class_tariffs(data["classes"], bor=0.8, actual_bor=0.7, markup=0.4, step=5_000,
                                      direction="nearest")
    assert (classes_new["tariff_from_normative_uc"].to_numpy() != classes_base["tariff_from_normative_uc"].to_numpy()).all()
    comp = pd.read_csv(tmp_path / "out" / "comparison.csv")
    assert list(comp.columns[:5]) == ["figure", "published", "reproduced", "difference", "status"]


@pytest.mark.slow
def test_notebook_refuses_an_unknown_parameter(tmp_path):
    with pytest.raises(ParameterError, match="mark_up"):
        run_notebook(NOTEBOOK, tmp_path / "bone.ipynb", {"mark_up": 0.5, "output_dir": str(tmp_path / "out")})
    assert not (tmp_path / "bone.ipynb").exists()
