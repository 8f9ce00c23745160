"""Late-payment penalties (denda): the 2014 fine caps, the service penalty regimes and their caps."""

from __future__ import annotations

import json

import pytest

from jkncost.cli.main import main
from jkncost.errors import InputError
from jkncost.jkn.penalties import due_date, late_penalty, months_in_arrears


def test_2014_fine_wage_earners_at_most_three_months():
    r = late_penalty("ppu_private", "2015-01-15", 5, monthly_contribution=100_000)
    assert r.months_counted == 3
    assert r.base_amount == 500_000
    assert r.penalty == 30_000  # 2% x 3 x 500,000
    assert r.payer == "employer" and r.rule == "LP-2014-PPU"


def test_2014_fine_others_at_most_six_months():
    r = late_penalty("pbpu", "2014-10-01", 8, monthly_contribution=25_500)
    assert r.months_counted == 6
    assert r.base_amount == 204_000  # 8 x 25,500
    assert r.penalty == 24_480  # 2% x 6 months counted x 204,000
    assert r.payer == "member"
    assert late_penalty("pbpu", "2014-10-01", 2, monthly_contribution=25_500).penalty == 2_040  # 2% x 2 x 51,000


def test_service_penalty_2016_is_2_5_percent_of_cost():
    r = late_penalty("pbpu", "2017-03-01", 4, inacbg_tariff=10_000_000)
    assert r.penalty == 1_000_000 and r.base == "cost_of_inpatient_care" and r.rule == "LP-2016-SELF"


def test_service_penalty_2020_still_2_5_then_5_percent_from_2021():
    assert late_penalty("pbpu", "2020-10-01", 4, inacbg_tariff=10_000_000).penalty == 1_000_000
    r = late_penalty("pbpu", "2021-01-01", 4, inacbg_tariff=10_000_000)
    assert r.penalty == 2_000_000 and "Perpres 64/2020" in r.source and r.rule == "LP-2021-SELF"


def test_service_penalty_caps_12_months_and_30_million():
    r = late_penalty("ppu_private", "2025-01-01", 20, inacbg_tariff=20_000_000)
    assert r.months_counted == 12 and r.penalty == 12_000_000 and not r.cap_binds and r.payer == "employer"
    r = late_penalty("ppu_private", "2025-01-01", 20, inacbg_tariff=100_000_000)
    assert r.uncapped == 60_000_000 and r.penalty == 30_000_000 and r.cap_binds
    assert any("45 days" in c for c in r.conditions)


def test_zero_months_no_penalty():
    assert late_penalty("pbpu", "2025-01-01", 0, inacbg_tariff=5_000_000).penalty == 0


@pytest.mark.parametrize("segment", ["pbi", "pemda", "veteran"])
def test_government_paid_segments_are_refused(segment):
    with pytest.raises(InputError, match="no late-payment penalty applies"):
        late_penalty(segment, "2025-01-01", 3, inacbg_tariff=1)


def test_segment_without_contribution_rules_is_refused():
    """Laid-off wage earners are listed for the upgrade exclusion only: no contribution, so no penalty."""
    with pytest.raises(InputError, match="no late-payment penalty applies to segment 'ppu_laid_off'"):
        late_penalty("ppu_laid_off", "2025-01-15", 3, inacbg_tariff=1000)


@pytest.mark.parametrize("args, kwargs, message", [
    (("pbpu", "2025-01-01", 3), {}, "give --inacbg-tariff"),
    (("pbpu", "2015-01-01", 3), {}, "give --monthly-contribution"),
    (("pbpu", "2025-01-01", -1), dict(inacbg_tariff=1), "must not be negative"),
    (("pbpu", "2025-01-01", 3), dict(inacbg_tariff=-1), "must not be negative"),
    (("pbpu", "2013-06-01", 3), dict(monthly_contribution=1), "before JKN began"),
    (("nobody", "2025-01-01", 3), dict(inacbg_tariff=1), "unknown segment"),
])
def test_impossible_input_is_refused(args, kwargs, message):
    with pytest.raises(InputError, match=message):
        late_penalty(*args, **kwargs)


def test_cli_json(capsys):
    argv = ["late-penalty", "--segment", "pbpu", "--date", "2025-03-01", "--months-in-arrears", "20",
            "--inacbg-tariff", "100000000", "--json"]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["penalty"] == 30_000_000 and out["rule"] == "LP-2021-SELF" and "Art. 42" in out["source"]


def test_cli_table(capsys):
    assert main(["late-penalty", "--segment", "ppu_government", "--date", "2015-02-01", "--months-in-arrears",
                 "4", "--monthly-contribution", "250000"]) == 0
    out = capsys.readouterr().out
    assert "Rp 60.000" in out and "employer" in out  # 2% x 3 x 1,000,000


@pytest.mark.parametrize("argv, message", [
    (["--segment", "pbi", "--date", "2025-01-01", "--months-in-arrears", "2"], "no late-payment penalty"),
    (["--segment", "pbpu", "--date", "2025-01-01", "--months-in-arrears", "two"], "not a whole number"),
    (["--segment", "pbpu", "--date", "2025-01-01"], "--months-in-arrears: give the months in arrears or the first"),
    (["--segment", "pbpu", "--date", "2025-01-01", "--first-unpaid", "2024-13"], "--first-unpaid: not a month"),
])
def test_cli_errors_exit_2_with_one_line(capsys, argv, message):
    assert main(["late-penalty", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_service_penalty_names_its_base_and_window_from_the_data():
    r = late_penalty("pbpu", "2019-01-01", 2, inacbg_tariff=4_000_000, monthly_contribution=25_500)
    assert (r.rule, r.base, r.penalty) == ("LP-2018-SELF", "inacbg_estimate", 200_000)  # 2.5% x 2 x 4,000,000
    assert r.conditions == ["due only for inpatient care received within 45 days of the reactivation of the "
                            "membership"]
    assert any(n.startswith("--monthly-contribution does not enter the service penalty") for n in r.notes)
    fine = late_penalty("pbpu", "2015-01-01", 2, monthly_contribution=25_500, inacbg_tariff=4_000_000)
    assert fine.conditions == [] and any(n.startswith("--inacbg-tariff does not enter the contribution fine")
                                         for n in fine.notes)


# ------------------------------------------------------------------------------------------------
# Months in arrears counted from due dates (seed 001 item 7: paid at the latest on the 10th of each month)
# ------------------------------------------------------------------------------------------------


def test_due_date_is_the_tenth_of_the_month_from_the_rule_table():
    assert due_date("2014-01").isoformat() == "2014-01-10"
    assert due_date("2023-12").isoformat() == "2023-12-10"


@pytest.mark.parametrize("first_unpaid, paid_on, months", [
    ("2014-06", "2014-06-10", 0),   # paid on the due date itself: on time
    ("2014-06", "2014-06-11", 1),   # one day late: June is in arrears
    ("2014-06", "2014-07-10", 1),   # July's due date not yet passed
    ("2014-06", "2014-07-11", 2),
    ("2014-11", "2015-02-28", 4),   # November, December, January, February: across a year end
    ("2015-01", "2014-12-31", 0),   # paid before the first due date
])
def test_months_in_arrears_from_dated_cases(first_unpaid, paid_on, months):
    assert months_in_arrears(first_unpaid, paid_on) == months


def test_late_penalty_counts_months_from_due_dates():
    # January to March 2015 unpaid, paid on 11 March 2015: three due dates passed; 2% x 3 x (3 x 25,500)
    r = late_penalty("pbpu", "2015-03-11", first_unpaid="2015-01", monthly_contribution=25_500)
    assert (r.months_in_arrears, r.penalty) == (3, 4_590)
    # the same arrears paid on the 10th: March is not yet late, two months count
    assert late_penalty("pbpu", "2015-03-10", first_unpaid="2015-01", monthly_contribution=25_500).months_in_arrears == 2
    with pytest.raises(InputError, match="not both"):
        late_penalty("pbpu", "2015-03-10", 2, first_unpaid="2015-01", monthly_contribution=25_500)


def test_cli_first_unpaid(capsys):
    assert main(["late-penalty", "--segment", "pbpu", "--date", "2015-03-11", "--first-unpaid", "2015-01",
                 "--monthly-contribution", "25500", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["months_in_arrears"] == 3 and out["penalty"] == 4590
