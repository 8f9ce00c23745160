"""jkncost.core.audit: recomputed totals and percentages of a transcribed table."""

import math

import pandas as pd
import pytest

from jkncost.core.audit import (COLUMNS, audit_table, check_column_totals, check_percentages, check_row_totals,
                           compare, discrepancies)
from jkncost.errors import InputError


@pytest.fixture
def clean():
    return pd.DataFrame({"center": ["A", "B", "TOTAL"], "x": [10, 30, 40], "y": [5, 5, 10],
                         "Jumlah": [15, 35, 50], "%": [30.0, 70.0, 100.0]})


def test_clean_table_has_no_discrepancy(clean):
    checks = audit_table(clean, ["x", "y"], "Jumlah", "%", label="center", table="T")
    assert list(checks.columns) == COLUMNS
    # 3 row totals + 3 column totals + 2 percentages + 1 percentage sum
    assert len(checks) == 9
    assert discrepancies(checks).empty


def test_row_total_off_by_one_is_reported_with_sign_and_location(clean):
    clean.loc[0, "Jumlah"] = 16
    d = discrepancies(check_row_totals(clean, ["x", "y"], "Jumlah", label="center", table="Tabel 9"))
    assert d["location"].tolist() == ["Tabel 9, baris A, kolom Jumlah (row total)"]
    assert d["printed"].tolist() == [16.0] and d["recomputed"].tolist() == [15.0]
    assert d["difference"].tolist() == [1.0]


def test_tolerance_hides_nothing_by_default_but_can_be_set(clean):
    clean.loc[2, "x"] = 41
    strict = discrepancies(check_column_totals(clean, ["x"], label="center"))
    loose = discrepancies(check_column_totals(clean, ["x"], label="center", tolerance=1))
    assert len(strict) == 1 and strict["difference"].iloc[0] == 1.0
    assert loose.empty


def test_percentages_use_printed_grand_total_and_printed_decimals():
    t = pd.DataFrame({"c": ["A", "B", "C", "TOTAL"], "v": [1, 1, 1, 3], "p": [33.33, 33.33, 33.34, 100.0]})
    checks = check_percentages(t, "v", "p", label="c", decimals=2)
    d = discrepancies(checks)
    # 33.34 is 0.0067 away from 33.3333: more than half a unit of the second decimal
    assert d["row"].tolist() == ["C"]
    assert d["difference"].iloc[0] == pytest.approx(33.34 - 100 / 3)
    # the printed shares add to 100.00 exactly: no percentage-sum discrepancy
    assert not checks.loc[checks["check"] == "percentage sum", "discrepancy"].iloc[0]


def test_percentage_sum_short_of_100_is_reported():
    t = pd.DataFrame({"c": ["A", "B", "C", "TOTAL"], "v": [1, 1, 1, 3], "p": [33.33, 33.33, 33.33, 100]})
    d = discrepancies(check_percentages(t, "v", "p", label="c"))
    assert d["check"].tolist() == ["percentage sum"]
    assert d["difference"].iloc[0] == pytest.approx(0.01)


def test_table_without_total_row_uses_sum_for_percentages():
    t = pd.DataFrame({"c": ["A", "B"], "v": [1, 3], "p": [25.0, 75.0]})
    assert discrepancies(check_percentages(t, "v", "p", label="c", total_label=None)).empty


def test_bad_input_raises_input_error(clean):
    with pytest.raises(InputError, match="no column 'z'"):
        audit_table(clean, ["x", "z"], "Jumlah", label="center")
    clean["x"] = clean["x"].astype(object)
    clean.loc[1, "x"] = "abc"
    with pytest.raises(InputError) as e:
        check_row_totals(clean, ["x", "y"], "Jumlah", label="center")
    assert e.value.problems[0].row == 3 and e.value.problems[0].column == "x"
    with pytest.raises(InputError, match="no 'TOTAL' row"):
        check_column_totals(clean.iloc[:2], ["y"], label="center")


def test_compare_text_against_table():
    r = compare("Kesimpulan", 266778, 265778, check="text vs table")
    assert r["difference"] == 1000.0 and r["discrepancy"]
    assert not compare("x", 5, 5, check="same")["discrepancy"]
    assert compare("x", None, 5, check="missing")["discrepancy"]
    assert math.isnan(compare("x", None, 5, check="missing")["difference"])
