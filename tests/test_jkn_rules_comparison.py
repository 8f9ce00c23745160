"""Seeds 001 and 003 against the package: each status says what was tested (issue 13)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from jkncost.core import comparison as cmp
from jkncost.core import paths
from jkncost.studies import jkn_rules as jp
from jkncost.jkn.rules import load_table, rules_dir


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
    checks = jp.source_checks()
    by = {(r.check, r.printed): r for r in checks.itertuples()}
    # 22 + 2 + 1 + 1 + 4 + 1 = 31 CMGs listed in the sentence that says 30: a check of the seed against itself
    stated = by[("the six CMG categories sum to the total", 30.0)]
    assert (stated.recomputed, stated.outcome) == (31.0, "discrepancy")
    assert by[("the six CMG categories sum to the total", 31.0)].outcome == "consistent"
    # 1,220 CBGs against the 789 + 288 = 1,077 groups printed twice
    assert by[("inpatient + outpatient groups = the total", 1077.0)].outcome == "consistent"
    assert by[("CBGs to date = the group total", 1220.0)].outcome == "discrepancy"
    # no status rests on the secondary list: its agreement or disagreement is a cross-check, apart
    for figure in ("acute-care CMGs", "special CMGs", "CMGs in INA-CBGs (next bullet)", "case types (second part of the code)",
                   "INA-CBG tariff groups", "CBGs to date"):
        assert table.loc[figure, "status"] == cmp.NOT_REPRODUCIBLE, figure
    cross = checks[checks["outcome"].str.startswith("cross-check")]
    assert set(cross["outcome"]) == {jp.CROSS_AGREES, jp.CROSS_DISAGREES}
    special = cross[cross["check"].str.contains("'special'")].iloc[0]
    assert (special.printed, special.recomputed, special.outcome) == (4.0, 5.0, jp.CROSS_DISAGREES)
    assert cmp.counts(table.reset_index(drop=True), checks)["n_source_checks"] == (
        checks["outcome"].isin(["consistent", "discrepancy"]).sum())


def test_the_cob_premium_after_efficiency_is_a_quantity_not_an_exclusion(table):
    row = table.loc["COB example: total after efficiency"]
    assert row["published"] == 220_000 and row["status"] == cmp.NOT_REPRODUCIBLE and "D7" in row["note"]
    excl = pd.read_csv(paths.raw("jkn_rules", "exclusions_001.csv"), dtype=str, keep_default_na=False)
    assert not (excl["text"] == "220.000").any()
    assert "D22" in " ".join(excl.loc[excl["context"] == "berlaku pada tanggal 1 Januari 2014", "reason"])


def test_discrepancies_of_seed_001_are_recorded():
    d = pd.read_csv(rules_dir() / "discrepancies.csv").set_index("id")
    assert "sum to 31" in d.loc["D17", "what"]
    assert "1220" in d.loc["D18", "what"] and "1.077" in d.loc["D18", "what"]
    assert "31 September 2010" in d.loc["D19", "what"]
    assert "due_dates.csv" in d.loc["D20", "handling"]
    assert "2 June 2014" in d.loc["D22", "what"] and "1 Januari 2014" in d.loc["D22", "what"]


def test_due_date_rule_is_data_with_source():
    (rule,) = load_table("due_dates")
    assert rule["due_day"] == "10" and rule.effective_from.isoformat() == "2014-01-01"
    assert "seed 001" in rule["source"] and rule["regulation"]


@pytest.mark.slow
def test_notebook_summary_counts_equal_the_comparison_table(reproduced_en):
    out = reproduced_en.processed("jkn_rules")  # the defaults: the session's shared run (tests/reproduced.py)
    table = pd.read_csv(out / "comparison.csv")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    checks = pd.read_csv(out / "source_checks.csv")
    assert summary == {**cmp.summary_counts(table), **cmp.counts(table, checks)}
    assert summary["n_by_construction"] > summary["n_exact"] > 0
