"""The rule tables shipped in jkncost/jkn/data/rules/: well-formed, cited, no overlaps, no gaps; date lookup."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pandas as pd
import pytest

from jkncost.jkn.inputs import parse_amount, parse_class, parse_count, parse_date
from jkncost.jkn.lookup import coverage, gaps, in_force
from jkncost.jkn.rules import JKN_START, WILDCARD, load_table, rules_dir
from jkncost.jkn.segments import get_segment, load_segments
from jkncost.errors import InputError

from .conftest import machine_paths_in

TABLES = ("contributions", "late_payment", "class_upgrade")


@pytest.mark.parametrize("name", TABLES)
def test_tables_load_and_every_row_is_cited(name):
    table = load_table(name)
    assert table
    for rule in table:
        assert rule["regulation"] and rule["article"] and rule["source"] and rule["evidence"]
        assert rule["verified"] in ("yes", "no")
        assert rule.effective_from >= JKN_START


def test_segments_named_in_tables_exist():
    segments = load_segments()
    for name in TABLES:
        for rule in load_table(name):
            if "segment" in rule.data and rule["segment"] != WILDCARD:
                assert rule["segment"] in segments, (name, rule.rule_id)
    groups = {r["penalty_group"] for r in load_table("late_payment")}
    assert {s.penalty_group for s in segments.values()} - {"none"} <= groups


def test_contributions_have_no_gap_from_jkn_start():
    table = load_table("contributions")
    keys = {(r["segment"], r["care_class"]) for r in table}
    for key in keys:
        rows = [r for r in table if (r["segment"], r["care_class"]) == key]
        assert gaps(rows) == [], key
        assert any(r.effective_to is None for r in rows), f"{key}: no rule in force today"


def test_penalties_have_no_gap_from_jkn_start():
    table = load_table("late_payment")
    for group in ("ppu", "self"):
        assert gaps([r for r in table if r["penalty_group"] == group]) == []


def test_gaps_and_coverage():
    table = load_table("class_upgrade")
    assert gaps(table) == [(JKN_START, date(2023, 1, 8))]
    assert coverage(table) == [(date(2023, 1, 9), None)]


def test_in_force_picks_the_rule_of_the_date():
    table = load_table("contributions")
    assert in_force(table, "2020-02-15", "c", segment="pbpu", care_class="1").number("amount_member") == 160000
    assert in_force(table, "2020-05-15", "c", segment="pbpu", care_class="1").number("amount_member") == 80000
    assert in_force(table, "2020-07-01", "c", segment="pbpu", care_class="1").number("amount_member") == 150000
    assert in_force(table, date(2015, 6, 30), "c", segment="ppu_private").rule_id == "C-PPUP-2014"
    assert in_force(table, date(2015, 7, 1), "c", segment="ppu_private").rule_id == "C-PPUP-2015"


@pytest.mark.parametrize("text, message", [
    ("2013-12-31", "before JKN began on 2014-01-01"),
    ("31-12-2020", "not a date"),
    ("2020-02-30", "not a date"),
])
def test_bad_dates_are_refused(text, message):
    with pytest.raises(InputError, match=message):
        parse_date(text)


def test_gap_message_names_the_covered_dates():
    table = load_table("class_upgrade")
    with pytest.raises(InputError, match="the rules cover 2023-01-09 to open"):
        in_force(table, "2022-12-31", "class-upgrade", kind="copayment")


def test_unknown_segment_lists_the_known_ones():
    with pytest.raises(InputError, match="unknown segment 'pns'; known segments: pbi, pbpu"):
        get_segment("pns")


def _copy(tmp_path):
    dest = tmp_path / "rules"
    shutil.copytree(rules_dir(), dest)
    return dest


def test_overlapping_rules_are_refused_with_row(tmp_path):
    folder = _copy(tmp_path)
    df = pd.read_csv(folder / "contributions.csv", dtype=str, keep_default_na=False)
    df.loc[df.rule_id == "C-PBI-2014", "effective_to"] = "2016-06-30"
    df.to_csv(folder / "contributions.csv", index=False)
    with pytest.raises(InputError) as err:
        load_table("contributions", folder)
    assert "contributions.csv:3: column 'effective_from': rule C-PBI-2016" in str(err.value)
    assert "overlaps rule C-PBI-2014" in str(err.value)


def test_row_without_source_is_refused(tmp_path):
    folder = _copy(tmp_path)
    df = pd.read_csv(folder / "late_payment.csv", dtype=str, keep_default_na=False)
    df.loc[0, "regulation"] = ""
    df.to_csv(folder / "late_payment.csv", index=False)
    with pytest.raises(InputError, match=r"late_payment.csv:2: column 'regulation': empty regulation"):
        load_table("late_payment", folder)


def test_parse_amount_and_count():
    assert parse_amount("Rp 2.045.500,-", "x") == 2045500
    assert parse_amount(None, "x") is None
    with pytest.raises(InputError, match="--wage: must not be negative"):
        parse_amount(-1, "--wage")
    with pytest.raises(InputError, match="ambiguous"):
        parse_amount("1.234", "--wage")
    with pytest.raises(InputError, match="not a whole number"):
        parse_count("2.5", "--family")
    with pytest.raises(InputError, match="must not be negative"):
        parse_count(-1, "--family")


def test_no_machine_paths_in_rule_data():
    for path in rules_dir().iterdir():
        assert not machine_paths_in(path.read_text(encoding="utf-8")), path.name


def test_discrepancy_references_point_at_the_right_entry():
    """A rule's note that cites ``discrepancies.csv Dn`` cites the entry whose handling names that rule."""
    discrepancies = pd.read_csv(rules_dir() / "discrepancies.csv", dtype=str).set_index("id")
    cited = 0
    for name in TABLES:
        for rule in load_table(name):
            for ref in re.findall(r"discrepancies\.csv (D\d+)", rule["note"]):
                cited += 1
                assert ref in discrepancies.index, (rule.rule_id, ref)
                assert rule.rule_id in discrepancies.loc[ref, "handling"], (rule.rule_id, ref)
    assert cited >= 6


def _edit(folder, table, rule_id, **values):
    df = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    for column, value in values.items():
        df.loc[df.rule_id == rule_id, column] = value
    df.to_csv(folder / f"{table}.csv", index=False)


@pytest.mark.parametrize("table, rule_id, values, message", [
    ("late_payment", "LP-2021-SELF", dict(max_months=""),
     r"late_payment.csv:9: column 'max_months': empty max_months"),
    ("late_payment", "LP-2021-SELF", dict(max_months="12.5"),
     r"late_payment.csv:9: column 'max_months': not a whole number: '12.5'"),
    ("late_payment", "LP-2014-PPU", dict(kind="fine"),
     r"late_payment.csv:2: column 'kind': kind must be one of contribution_fine, service_penalty, got 'fine'"),
    ("late_payment", "LP-2014-PPU", dict(base="arrears"), r"late_payment.csv:2: column 'base': base must be one of"),
    ("contributions", "C-VET-2014", dict(basis="percentage"), r"contributions.csv:\d+: column 'basis': basis must be"),
    ("class_upgrade", "UP-2023-2-1", dict(class_difference="y"),
     r"class_upgrade.csv:6: column 'class_difference': class_difference must be one of yes, no, \(empty\)"),
    ("contributions", "C-PBI-2016", dict(effective_to="2019-31-07"),
     r"contributions.csv:3: column 'effective_to': not an ISO date: '2019-31-07'"),
])
def test_values_the_computation_needs_are_checked_on_load(tmp_path, table, rule_id, values, message):
    """A value the modules cannot compute with is refused when the table is read, with its row and column."""
    folder = _copy(tmp_path)
    _edit(folder, table, rule_id, **values)
    with pytest.raises(InputError, match=message):
        load_table(table, folder)


def test_segment_table_is_checked(tmp_path):
    folder = _copy(tmp_path)
    df = pd.read_csv(folder / "segments.csv", dtype=str, keep_default_na=False)
    df.loc[1, "segment"] = "pbi"
    df.loc[2, "penalty_group"] = "employer"
    df.to_csv(folder / "segments.csv", index=False)
    with pytest.raises(InputError) as err:
        load_segments(folder)
    text = "\n".join(map(str, err.value.problems))
    assert "segments.csv:3: column 'segment': segment 'pbi' repeats row 2" in text
    assert "segments.csv:4: column 'penalty_group': penalty_group must be one of ppu, self, none, got 'employer'" in text


def test_unknown_key_names_the_table_file():
    shown = r"^src/jkncost/jkn/data/rules/contributions.csv: "
    with pytest.raises(InputError, match=shown + "no contribution rule for segment=nobody"):
        in_force(load_table("contributions"), "2020-01-01", "contribution", segment="nobody")


def test_several_rules_on_one_day_are_refused_naming_the_rows():
    table = load_table("late_payment")
    with pytest.raises(InputError, match=r"several late-payment rules apply on 2025-01-01: LP-2021-PPU \(row 8\), "
                                         r"LP-2021-SELF \(row 9\)"):
        in_force(table, "2025-01-01", "late-payment", penalty_group=None)


@pytest.mark.parametrize("value, expected", [("1", 1), (2, 2), ("III", 3), (" ii ", 2)])
def test_parse_class_reads_arabic_and_roman(value, expected):
    assert parse_class(value, "--care-class", "care class") == expected


def test_result_json_keeps_own_fields_first_and_the_citation_last():
    from jkncost.jkn.upgrade import upgrade_copayment

    keys = list(upgrade_copayment(2, "1", "2025-01-01", inacbg_class1=2, inacbg_class2=1).to_dict())
    assert keys[0] == "entitled_class"
    assert keys[-8:] == ["rule", "source", "effective", "verified", "evidence", "transcribed_from", "rounding",
                         "notes"]
