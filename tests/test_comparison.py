"""The accounting of published vs reproduced: four statuses counted apart, one row per quantity, honest notes."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from jkncost.core import comparison as cmp


def _table():
    return cmp.table([
        cmp.Comparison("UC3 VIP", 5.0, 5.0, cmp.BY_CONSTRUCTION, note="patient-days back-solved from it"),
        cmp.Comparison("Tabel 5 INA-CBG Kelas I", 7.0, 7.0, cmp.EXACT, locations="Tabel 5; abstract"),
        cmp.Comparison("ATP Kelas III", 3.0, 3.1, cmp.ASSUMED, note="A05"),
        cmp.Comparison("Perda VIP", 9.0, None, cmp.NOT_REPRODUCIBLE, note="two Perda sets"),
    ])


def test_four_statuses_counted_apart():
    t = _table()
    assert cmp.status_counts(t) == {cmp.EXACT: 1, cmp.ASSUMED: 1, cmp.BY_CONSTRUCTION: 1, cmp.NOT_REPRODUCIBLE: 1}
    assert cmp.summary_counts(t) == {"n_exact": 1, "n_reproduced_under_stated_assumptions": 1,
                                     "n_by_construction": 1, "n_not_reproducible": 1, "n_figures": 4}
    assert cmp.accounting_problems(t) == []
    assert t.loc[1, "locations"] == "Tabel 5; abstract"


@pytest.mark.parametrize("status", [cmp.EXACT, cmp.ASSUMED])
@pytest.mark.parametrize("note", ["agreement by construction", "a calibration target of the cohort",
                                  "restatement check: the rule was transcribed from the seed"])
def test_a_row_that_agrees_by_construction_cannot_claim_reproduction(status, note):
    t = cmp.table([cmp.Comparison("UC3 VIP", 5.0, 5.0, status, note=note)])
    with pytest.raises(cmp.AccountingError, match="note says the agreement is by construction"):
        cmp.check_accounting(t)
    ok = cmp.table([cmp.Comparison("UC3 VIP", 5.0, 5.0, cmp.BY_CONSTRUCTION, note=note)])
    assert cmp.check_accounting(ok) is ok


def test_two_rows_for_one_quantity_are_refused():
    t = cmp.table([cmp.Comparison("UC3 VIP", 5.0, 5.0, cmp.EXACT), cmp.Comparison("UC3 VIP", 5.0, 5.0, cmp.EXACT)])
    with pytest.raises(cmp.AccountingError, match="'UC3 VIP' has 2 rows"):
        cmp.check_accounting(t)


def test_by_construction_needs_a_note():
    with pytest.raises(ValueError, match="input or a fitting target"):
        cmp.Comparison("UC3 VIP", 5.0, 5.0, cmp.BY_CONSTRUCTION)


@pytest.mark.parametrize("first", ["jkncost.core.schemas", "jkncost.core.comparison"])
def test_no_import_cycle_between_comparison_and_schemas(first):
    # each imports alone, at module level, and schemas does not import comparison at all
    code = (f"import sys, {first}; import jkncost.core.schemas as s; "
            "assert 'jkncost.core.comparison' not in sys.modules or "
            f"'{first}' == 'jkncost.core.comparison'; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_results_and_source_checks_are_counted_apart():
    t = cmp.table([cmp.Comparison("a", 1.0, 1.0, cmp.EXACT),
                   cmp.Comparison("b", 2.0, 2.0, cmp.BY_CONSTRUCTION, note="a fitting target",
                                  held_out=2.0, held_out_status=cmp.ASSUMED, held_out_note="out of sample")])
    assert list(t.columns[-3:]) == cmp.HELD_OUT_COLUMNS and len(t) == 2  # a held-out test is columns, not a row
    checks = pd.DataFrame({"status": ["consistent", "discrepancy", "derived", "consistent"]})
    c = cmp.counts(t, checks)
    assert (c["n_results"], c["n_exact"], c["n_by_construction"]) == (2, 1, 1)
    assert (c["n_source_checks"], c["n_consistent"], c["n_discrepancies"]) == (3, 2, 1)  # 'derived' is no check
    assert cmp.counts_sentence(c, "id") == ("2 hasil: 1 tepat, 0 direproduksi dengan asumsi, 1 berdasarkan konstruksi, "
                                             "0 tidak dapat direproduksi; 3 pemeriksaan sumber: 2 konsisten, "
                                             "1 ketidaksesuaian")
    assert "source checks" not in cmp.counts_sentence(cmp.counts(t), "en")  # none given: none claimed


def test_a_held_out_hit_is_reproduced_only_when_it_could_have_missed():
    assert cmp.held_out_status(True, {"x 1.3": False, "x 1.5": False})[0] == cmp.ASSUMED
    assert cmp.held_out_status(True, {"nearest Rp 10,000": True})[0] == cmp.BY_CONSTRUCTION
    assert cmp.held_out_status(False, {"x 1.3": False})[0] == cmp.NOT_REPRODUCIBLE
    assert cmp.held_out_status(True, {}, no_basis="no basis")[0] == cmp.NOT_REPRODUCIBLE


def test_a_report_card_counts_results_and_source_checks_apart(tmp_path):
    from jkncost.compendium import report

    study = tmp_path / "study"
    study.mkdir()
    t = cmp.table([cmp.Comparison("a", 1.0, 1.0, cmp.EXACT),
                   cmp.Comparison("b", 2.0, None, cmp.NOT_REPRODUCIBLE, note="inputs not published")])
    t.to_csv(study / "comparison.csv", index=False)
    pd.DataFrame({"check": ["row total", "share"], "discrepancy": [False, True]}).to_csv(
        study / "source_checks.csv", index=False)
    card = report._card("study", tmp_path, "en", has_page=False)
    assert card["summary"] == ("2 results: 1 exact, 0 reproduced under stated assumptions, 0 by construction, "
                               "1 not reproducible; 2 source checks: 1 consistent, 1 discrepancies")
