"""Seeds 001 and 003 against the package: each status says what was tested (issue 13)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from jkncost.compendium import comparison as cmp
from jkncost.jkn import published as jp
from jkncost.jkn import rules as R


@pytest.fixture(scope="module")
def table():
    return jp.comparison().set_index("figure", drop=False)


def test_one_row_per_quantity_and_honest_notes(table):
    assert cmp.accounting_problems(table.reset_index(drop=True)) == []
    assert len(table) == len(jp.read_published())
    assert (table["locations"] != "").all()


def test_rates_transcribed_from_seed_001_are_restatements_by_construction(table):
    rates = table[table["note"].str.startswith("restatement check")]
    seed001 = rates[rates["source"].str.contains("001_129bd64a29fd196a")]
    # the 2014 contribution shares, amounts, the veterans' rate and share, the due day and the fines
    assert len(seed001) == 17 and (seed001["status"] == cmp.BY_CONSTRUCTION).all()
    assert (seed001["published"] == seed001["reproduced"]).all()


def test_seed_003_copayments_are_results_of_the_rules(table):
    copay = table[table["figure"].str.startswith("upgrade co-payment")]
    assert copay["status"].tolist() == [cmp.EXACT] * 3
    assert copay["reproduced"].tolist() == [289_700, 1_751_400, 2_041_100]
    inputs = table[table["figure"].str.startswith("worked example")]
    assert (inputs["status"] == cmp.BY_CONSTRUCTION).all() and len(inputs) == 3


def test_inacbg_contradictions_of_seed_001_are_found(table):
    # 22 + 2 + 1 + 1 + 4 + 1 = 31 CMGs listed in the sentence that says 30
    stated = table.loc["CMGs in the UNU Grouper (as stated in the sentence)"]
    assert (stated["published"], stated["reproduced"], stated["status"]) == (30, 31, cmp.NOT_REPRODUCIBLE)
    # 1,220 CBGs against the 789 + 288 = 1,077 groups printed twice
    assert table.loc["INA-CBG tariff groups", "status"] == cmp.EXACT
    assert table.loc["CBGs to date", "status"] == cmp.NOT_REPRODUCIBLE
    # the counts that agree with src/jkncost/jkn/data/inacbg/cmg.csv are exact, the special CMGs (4 vs 5) are not
    assert table.loc["acute-care CMGs", "status"] == cmp.EXACT
    assert table.loc["special CMGs", "status"] == cmp.NOT_REPRODUCIBLE


def test_discrepancies_of_seed_001_are_recorded():
    d = pd.read_csv(R.rules_dir() / "discrepancies.csv").set_index("id")
    assert "sum to 31" in d.loc["D17", "what"]
    assert "1220" in d.loc["D18", "what"] and "1.077" in d.loc["D18", "what"]
    assert "31 September 2010" in d.loc["D19", "what"]
    assert "due_dates.csv" in d.loc["D20", "handling"]


def test_due_date_rule_is_data_with_source():
    (rule,) = R.load_table("due_dates")
    assert rule["due_day"] == "10" and rule.effective_from.isoformat() == "2014-01-01"
    assert "seed 001" in rule["source"] and rule["regulation"]


@pytest.mark.slow
def test_notebook_summary_counts_equal_the_comparison_table(reproduced_en):
    out = reproduced_en.processed("jkn_rules")  # the defaults: the session's shared run (tests/reproduced.py)
    table = pd.read_csv(out / "comparison.csv")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary == cmp.summary_counts(table)
    assert summary["n_by_construction"] > summary["n_exact"] > 0
