"""jkncost.costing.tariff: rational-tariff rules, rule evidence and the cost recovery rate."""

import numpy as np
import pandas as pd
import pytest

from jkncost.errors import InputError
from jkncost.costing.tariff import RULES, cost_recovery_rate, deficit_share, feasible_fraction, rational_tariff, rule_evidence

IDX = ["VIP", "Kelas I"]
UC = pd.Series([200.0, 100.0], IDX)
ATP = pd.Series([150.0, 120.0], IDX)
WTP = pd.Series([180.0, 90.0], IDX)


@pytest.mark.parametrize("rule, expected", [
    ("uc", [200.0, 100.0]),
    ("fraction_of_uc", [190.0, 95.0]),
    ("markup", [200.0, 100.0]),
    ("mean_uc_atp_wtp", [530 / 3, 310 / 3]),
    ("mean_uc_atp", [175.0, 110.0]),
    ("mean_atp_wtp", [165.0, 105.0]),
    ("min_uc_atp", [150.0, 100.0]),
    ("min_uc_atp_wtp", [150.0, 90.0]),
    ("between_atp_wtp", [180.0, 100.0]),
    ("atp", [150.0, 120.0]),
    ("wtp", [180.0, 90.0]),
])
def test_every_rule_by_hand(rule, expected):
    out = rational_tariff(UC, ATP, WTP, rule=rule)
    assert isinstance(out, pd.Series) and list(out.index) == IDX
    np.testing.assert_allclose(out.to_numpy(), expected)


def test_rules_table_is_documented():
    assert set(RULES) == {"uc", "fraction_of_uc", "markup", "mean_uc_atp_wtp", "mean_uc_atp", "mean_atp_wtp",
                          "min_uc_atp", "min_uc_atp_wtp", "between_atp_wtp", "atp", "wtp"}
    assert all(r.source and r.formula for r in RULES.values())


def test_parameters_and_scalars():
    assert rational_tariff(100.0, rule="fraction_of_uc", fraction=0.8) == pytest.approx(80.0)
    assert rational_tariff(100.0, rule="markup", markup=0.25) == pytest.approx(125.0)
    assert rational_tariff(100.0, rule="markup", markup=-0.05) == pytest.approx(rational_tariff(100.0))
    np.testing.assert_allclose(rational_tariff(np.array([10.0, 20.0]), rule="uc"), [10.0, 20.0])


def test_errors():
    with pytest.raises(InputError, match="unknown rule"):
        rational_tariff(1.0, rule="magic")
    with pytest.raises(InputError, match="needs ATP, WTP"):
        rational_tariff(1.0, rule="mean_uc_atp_wtp")
    with pytest.raises(InputError, match=">= 0"):
        rational_tariff(-1.0, rule="uc")
    with pytest.raises(InputError, match="fraction must be > 0"):
        rational_tariff(1.0, fraction=0)
    with pytest.raises(InputError, match="markup must be > -1"):
        rational_tariff(1.0, rule="markup", markup=-1)


def test_feasible_fraction():
    lo, hi = feasible_fraction([1000.0, 2000.0], [950.0, 1900.0], tolerance=1)
    assert lo <= 0.95 <= hi
    assert (lo, hi) == pytest.approx((0.9495, 0.9505))
    assert feasible_fraction([1000.0, 2000.0], [950.0, 1800.0]) is None


def test_rule_evidence_finds_the_rule_used_to_make_the_data():
    pub = rational_tariff(UC, ATP, WTP, rule="mean_uc_atp_wtp").round()
    ev = rule_evidence(UC, ATP, WTP, pub)
    assert ev.loc[ev["reproduces"], "rule"].tolist() == ["mean_uc_atp_wtp"]
    assert ev.iloc[0]["rule"] == "mean_uc_atp_wtp"
    assert {"VIP", "Kelas I", "max_abs_difference", "source", "note"} <= set(ev.columns)


def test_rule_evidence_fits_the_fraction():
    pub = (UC * 0.9).round()
    ev = rule_evidence(UC, ATP, WTP, pub).set_index("rule")
    assert ev.loc["fraction_of_uc", "parameter"] == "fraction=0.9"
    assert ev.loc["fraction_of_uc", "reproduces"] and ev.loc["markup", "reproduces"]
    assert "[0.89" in ev.loc["fraction_of_uc", "note"]


def test_rule_evidence_wants_aligned_series():
    with pytest.raises(InputError, match="different index"):
        rule_evidence(UC, ATP, WTP, pd.Series([1.0, 2.0], ["a", "b"]))
    with pytest.raises(InputError, match="pandas Series"):
        rule_evidence([1.0], ATP, WTP, UC)


def test_cost_recovery_rate():
    assert cost_recovery_rate(50, 200) == pytest.approx(25.0)
    s = cost_recovery_rate(pd.Series([90.0, 300.0], ["a", "b"]), pd.Series([100.0, 200.0], ["a", "b"]))
    assert s.to_dict() == pytest.approx({"a": 90.0, "b": 150.0})
    assert deficit_share(25, 100) == pytest.approx(75.0)
    with pytest.raises(InputError, match="cost must be > 0"):
        cost_recovery_rate(1, 0)
    with pytest.raises(InputError, match="revenue must be >= 0"):
        cost_recovery_rate(-1, 10)
