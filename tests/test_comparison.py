"""The accounting of published vs reproduced: four statuses counted apart, one row per quantity, honest notes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jkncost.compendium import comparison as cmp


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


@pytest.mark.parametrize("first", ["jkncost.compendium.schemas", "jkncost.compendium.comparison"])
def test_no_import_cycle_between_comparison_and_schemas(first):
    # each imports alone, at module level, and schemas does not import comparison at all
    code = (f"import sys, {first}; import jkncost.compendium.schemas as s; "
            "assert 'jkncost.compendium.comparison' not in sys.modules or "
            f"'{first}' == 'jkncost.compendium.comparison'; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
