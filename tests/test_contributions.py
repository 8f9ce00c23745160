"""Contributions (iuran): seed 001 rates on a 2014 date, Perpres 64/2020 rates on a 2025 date."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jkncost.cli.main import main
from jkncost.jkn.contributions import contribution, history, required_inputs
from jkncost.errors import InputError

D2014 = "2014-06-01"
D2025 = "2025-06-01"


def test_seed001_government_employees_2014():
    r = contribution("ppu_government", D2014, wage=5_000_000)
    assert (r.total, r.employer, r.worker, r.government) == (250_000, 150_000, 100_000, 0)
    assert r.rule == "C-PPUG-2014" and "Perpres 111/2013" in r.source


def test_seed001_private_employees_2014_is_4_5_percent():
    r = contribution("ppu_private", D2014, wage=4_000_000)
    assert (r.total, r.employer, r.worker) == (180_000, 160_000, 20_000)


def test_seed001_extra_family_one_percent_each():
    r = contribution("ppu_private", D2014, wage=4_000_000, family=3)
    assert r.worker == 20_000 + 3 * 40_000
    assert r.total == r.employer + r.worker


@pytest.mark.parametrize("klass, amount", [(1, 59_500), (2, 42_500), (3, 25_500)])
def test_seed001_self_paying_2014(klass, amount):
    r = contribution("pbpu", D2014, care_class=klass)
    assert (r.total, r.member, r.government) == (amount, amount, 0)


def test_seed001_veterans_5_percent_of_45_percent():
    r = contribution("veteran", D2014, wage=2_000_000)
    assert (r.total, r.government, r.employer, r.worker) == (45_000, 45_000, 0, 0)


def test_pbi_paid_by_government():
    r = contribution("pbi", D2014)
    assert (r.total, r.government, r.member) == (19_225, 19_225, 0)
    assert contribution("pbi", D2025).government == 42_000


@pytest.mark.parametrize("klass, member, government", [(1, 150_000, 0), (2, 100_000, 0), (3, 35_000, 7_000)])
def test_perpres_64_2020_self_paying_2025(klass, member, government):
    r = contribution("pbpu", D2025, care_class=klass)
    assert (r.member, r.government, r.total) == (member, government, member + government)
    assert "Perpres 64/2020" in r.source and "Art. 34" in r.source


def test_2020_transition():
    assert contribution("pbpu", "2020-02-01", care_class=3).member == 42_000
    assert contribution("pbpu", "2020-05-01", care_class=3).member == 25_500
    r = contribution("pbpu", "2020-08-01", care_class=3)
    assert (r.member, r.government, r.total) == (25_500, 16_500, 42_000)
    assert contribution("pbpu", "2020-02-01", care_class=1).total == 160_000
    assert contribution("pbpu", "2020-05-01", care_class=1).total == 80_000


def test_perpres_64_2020_wage_earners_2025_split_4_1():
    for segment in ("ppu_private", "ppu_government"):
        r = contribution(segment, D2025, wage=10_000_000)
        assert (r.total, r.employer, r.worker) == (500_000, 400_000, 100_000)


def test_wage_above_ceiling_is_capped():
    r = contribution("ppu_private", D2025, wage=20_000_000, family=1)
    assert r.wage_base == 12_000_000
    assert (r.employer, r.worker) == (480_000, 120_000 + 120_000)
    assert any("above the ceiling" in n for n in r.notes)
    assert contribution("ppu_private", "2017-01-01", wage=20_000_000).total == 400_000  # Rp 8 million ceiling


def test_rounding_half_up_each_payer():
    r = contribution("ppu_private", D2014, wage=1_234_567)  # 4% = 49382.68, 0.5% = 6172.835
    assert (r.employer, r.worker) == (49_383, 6_173)
    assert r.total == 55_556


@pytest.mark.parametrize("kwargs, message", [
    (dict(segment="ppu_private", on=D2025, wage=-1), "--wage: must not be negative"),
    (dict(segment="ppu_private", on=D2025, wage=0), "--wage: segment .ppu_private. pays a percentage of a wage: a wage of 0"),
    (dict(segment="ppu_private", on=D2025), "give --wage"),
    (dict(segment="pns", on=D2025), "unknown segment 'pns'"),
    (dict(segment="pbpu", on=D2025), "give --care-class"),
    (dict(segment="pbpu", on=D2025, care_class=4), "care class must be 1, 2 or 3"),
    (dict(segment="ppu_private", on=D2025, wage=1, care_class=1), "does not depend on the care class"),
    (dict(segment="pbpu", on="2013-12-31", care_class=1), "before JKN began"),
    (dict(segment="veteran", on=D2025, wage=1, family=1), "no contribution for extra family"),
    (dict(segment="ppu_laid_off", on=D2025), "no contribution rule for segment"),
])
def test_impossible_input_is_refused(kwargs, message):
    with pytest.raises(InputError, match=message):
        contribution(kwargs.pop("segment"), kwargs.pop("on"), **kwargs)


@settings(max_examples=60, deadline=None)
@given(wage=st.integers(min_value=1, max_value=60_000_000), family=st.integers(min_value=0, max_value=5),
       day=st.sampled_from(["2014-03-01", "2015-09-01", "2018-01-01", "2020-03-01", "2024-12-31"]),
       segment=st.sampled_from(["ppu_private", "ppu_government"]))
def test_totals_add_up_and_stop_at_the_ceiling(wage, family, day, segment):
    r = contribution(segment, day, wage=wage, family=family)
    assert r.total == r.employer + r.worker + r.member + r.government == sum(i.amount for i in r.items)
    assert r.wage_base <= wage
    higher = contribution(segment, day, wage=wage + 1_000_000, family=family)
    assert higher.total >= r.total


def test_history_has_one_row_per_month():
    df = history("pbpu", "2019-11-01", "2021-02-01", care_class=3)
    assert len(df) == 16
    assert df.set_index("date").loc["2020-07-01", "government"] == 16_500


def test_cli_json(capsys):
    assert main(["contribution", "--segment", "ppu_private", "--date", D2025, "--wage", "15000000", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["total"], out["employer"], out["worker"], out["government"]) == (600_000, 480_000, 120_000, 0)
    assert out["rule"] == "C-PPUP-2020" and "Perpres" in out["source"]


def test_cli_table_and_list(capsys):
    assert main(["contribution", "--segment", "pbpu", "--date", D2014, "--care-class", "2"]) == 0
    out = capsys.readouterr().out
    assert "Rp 42.500" in out and "C-PBPU-2014-2" in out
    assert main(["contribution", "--list-segments"]) == 0
    out = capsys.readouterr().out
    for segment in ("pbi", "ppu_government", "ppu_private", "pbpu", "veteran"):
        assert segment in out


@pytest.mark.parametrize("argv, message", [
    (["--segment", "ppu_private", "--date", D2025, "--wage", "-100"], "--wage: must not be negative"),
    (["--segment", "nobody", "--date", D2025], "unknown segment 'nobody'"),
    (["--segment", "pbpu", "--date", D2025, "--care-class", "4"], "care class must be 1, 2 or 3"),
    (["--segment", "pbpu", "--date", "2013-01-01", "--care-class", "1"], "before JKN began"),
    (["--date", D2025], "--segment: is required"),
    (["--segment", "ppu_private", "--date", D2025, "--wage", "lots"], "--wage: not an amount"),
])
def test_cli_errors_exit_2_with_one_line(capsys, argv, message):
    assert main(["contribution", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("jkncost contribution: error: ")
    assert message in err


@pytest.mark.parametrize("segment, day, needed", [
    ("pbpu", D2014, ("care_class",)),
    ("pbi", D2025, ()),
    ("veteran", D2014, ("wage",)),
    ("ppu_government", D2025, ("wage",)),
])
def test_required_inputs_come_from_the_rules(segment, day, needed):
    assert required_inputs(segment, day) == needed
    kwargs = {"wage": 5_000_000, "care_class": 1}
    assert contribution(segment, day, **{k: kwargs[k] for k in needed}).total > 0


def test_ceiling_note_only_where_the_segment_has_a_ceiling_in_some_period():
    no_ceiling = "no wage ceiling is on record for this rule; none applied"
    assert no_ceiling in contribution("ppu_private", D2014, wage=20_000_000).notes  # ceiling from 2016 on
    assert no_ceiling in contribution("ppu_government", D2014, wage=20_000_000).notes  # ceiling from 2019 on
    assert no_ceiling not in contribution("veteran", D2014, wage=20_000_000).notes  # never a ceiling


def test_roman_care_class():
    assert contribution("pbpu", D2014, care_class="II").total == 42_500
