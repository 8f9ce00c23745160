import numpy as np
import pandas as pd
import pytest

from jkncost.costing.annualize import aic_inflation, annualize_assets, annuity_factor, eac_annuity


def test_published_worked_sheet():
    # 30,000,000 x 1.05^7 / 8 = 5,276,626.58 (worked AIC sheet, see shared notes)
    assert aic_inflation(30_000_000, 0.05, 7, 8) == pytest.approx(5_276_626.58, abs=0.01)


def test_annuity_factor_reference_values():
    # Values of standard present-value annuity tables (4 decimals), and the same factor summed as a
    # geometric series, an independent computation of the closed form.
    for n, r, ref in [(5, 0.03, 4.5797), (10, 0.03, 8.5302), (20, 0.03, 14.8775), (10, 0.05, 7.7217)]:
        assert annuity_factor(n, r) == pytest.approx(ref, abs=1e-4)
        assert annuity_factor(n, r) == pytest.approx(sum((1 + r) ** -t for t in range(1, n + 1)))


def test_zero_rate_limits():
    assert annuity_factor(8, 0.0) == 8
    assert eac_annuity(800, 8, 0.0) == 100
    assert eac_annuity(800, 8, 1e-9) == pytest.approx(100, rel=1e-6)
    assert aic_inflation(800, 0.0, 5, 8) == 100


def test_vectorized():
    np.testing.assert_allclose(eac_annuity([100, 200], [10, 10], 0.03), np.array([100, 200]) / 8.530202837)


def test_invalid_inputs():
    with pytest.raises(ValueError):
        annuity_factor(0, 0.03)
    with pytest.raises(ValueError):
        aic_inflation(1, 0.05, 1, 0)


def test_annualize_assets_groups_by_center_and_group():
    assets = pd.DataFrame({"center": ["A", "A", "B"], "asset": ["x", "y", "z"], "group": ["gedung", "gedung", "kendaraan"],
                           "purchase_value": [100.0, 300.0, 80.0], "years_in_use": [0, 0, 0], "useful_life": [10, 10, 8]})
    out = annualize_assets(assets, method="inflation", rate=0.0)
    assert out.to_dict("records") == [{"center": "A", "component": "AIC gedung", "amount": 40.0},
                                      {"center": "B", "component": "AIC kendaraan", "amount": 10.0}]
    with pytest.raises(ValueError):
        annualize_assets(assets, method="sum-of-years")
