"""Every division by a computed or transcribed quantity in ``jkncost.studies`` (issue 26, item 5), one test each.

Those that run on another hospital (Pasangkayu's sensitivity and CRR per class) give an empty cell and a
word where the denominator is zero: tests/test_pasangkayu_study.py (``*_without_variable_cost*``). Those that
run on another transcription (Bone's ``data_dir``) refuse a unit cost or assumed tariff that is not positive
where it is read: tests/test_bone_data.py. The rest divide by figures of the bundled Pasangkayu source;
each test below states the denominator, shows it is positive there and the result finite, so a
transcription that broke it would fail here and not as a ZeroDivisionError in a notebook.
"""

from __future__ import annotations

import numpy as np
import pytest

from jkncost.studies import pasangkayu as pk


def test_hospital_cost_recovery_divides_by_operating_cost():
    hcr = pk.hospital_cost_recovery()
    assert (hcr["operating_cost"] > 0).all() and np.isfinite(hcr["CRR_percent"]).all()


def test_source_audit_share_divides_by_revenue_and_cost():
    hcr = pk.hospital_cost_recovery()
    assert (hcr["revenue"] > 0).all()  # audit.py: deficit_printed / revenue, the printed share's reading


def test_share_of_parts_divides_by_the_sum_of_parts():
    costs = pk.costs()
    assert costs.groupby("category")["amount"].sum().gt(0).all()  # comparison.py: 100 x part / grand


def test_table5_divides_by_the_class_iii_inacbg_tariff():
    t5 = pk.table5()
    assert t5["inacbg"].iloc[-1] > 0 and np.isfinite(t5["inacbg_over_class_III"]).all()


def test_table5_rules_divide_by_the_rank_spread_and_the_intercept():
    rules = pk.table5_rules().set_index("parameter")
    assert rules.loc["a", "value"] != 0 and np.isfinite(rules.loc["b/a", "value"])
    ranks = np.array(list(pk.CLASS_RANK.values()), dtype=float)
    assert ((ranks - ranks.mean()) ** 2).sum() > 0  # the slope's denominator


def test_leave_one_out_divides_by_uc3_of_table4():
    assert (pk.table4()["UC3"] > 0).all()
    loo = pk.leave_one_out()
    assert np.isfinite(loo["predicted"].astype(float)).all()


def test_backsolve_divides_by_the_whole_patient_days_and_the_days_at_bor():
    b = pk.backsolve_table(methods=["double"], splits=["inpatient_only"], bor=0.0)
    assert (b["integer_days"] > 0).all() and np.isfinite(b["UC3_at_integer"]).all()
    assert b["beds_at_bor"].isna().all()  # bor 0: no beds at that occupancy, an empty cell, not a division


def test_change_percent_and_crr_or_nan_meet_a_zero():
    assert np.isnan(pk.change_percent(1.0, 0.0)) and pk.change_percent(120.0, 100.0) == pytest.approx(20.0)
    assert np.isnan(pk.crr_or_nan([100.0], [0.0])[0])
