import math

import numpy as np
import pandas as pd
import pytest

from jkncost.money import COMMA, POINT, format_rupiah, parse_rupiah, readings, scan_numbers


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rp 1.234.567,-", 1234567.0),
        ("Rp. 1.234.567,-", 1234567.0),
        ("rp1.234.567", 1234567.0),
        ("1.234.567,50", 1234567.5),
        ("1.234.567", 1234567.0),
        ("140,706,146", 140706146.0),
        ("1,234,567.25", 1234567.25),
        ("1234567", 1234567.0),
        ("1234567,5", 1234567.5),
        ("1234.5", 1234.5),
        ("1234.567", 1234.567),  # leading group of 4 digits cannot be thousands grouping
        ("Rp 1.234,-", 1234.0),  # ",-" says there are no cents, so the dot groups thousands
        ("-1.500.000", -1500000.0),
        ("(1.500.000)", -1500000.0),
        ("  Rp 25.500,- ", 25500.0),
        (42, 42.0),
        (42.5, 42.5),
    ],
)
def test_parse_rupiah_accepts_unambiguous_forms(text, expected):
    assert parse_rupiah(text) == expected


@pytest.mark.parametrize("text", ["1.234", "1,234", "Rp 25.500", "12,345"])
def test_parse_rupiah_rejects_ambiguous_single_group(text):
    with pytest.raises(ValueError, match="ambiguous"):
        parse_rupiah(text)


@pytest.mark.parametrize("text", ["", "abc", "1.23.456", "1,234.567,89", "12 34x", "Rp", "1.234,5.6", True,
                                  float("nan"), float("inf")])
def test_parse_rupiah_rejects_garbage(text):
    with pytest.raises(ValueError):
        parse_rupiah(text)


def test_format_rupiah_roundtrips():
    for value in [0, 7, 1234, 1234567.5, 9489287591]:
        text = format_rupiah(value, decimals=2)
        assert math.isclose(parse_rupiah(text), value)
    assert format_rupiah(-2500) == "-Rp 2.500"
    assert format_rupiah(float("nan")) == ""


# ---- a column's convention, from its unambiguous values ----------------------------------------


@pytest.mark.parametrize("text, point, comma", [
    ("0.125", 0.125, math.nan),  # a thousands group never starts with a lone zero
    ("3.5", 3.5, math.nan),
    ("1234.567", 1234.567, math.nan),
    ("1.107", 1.107, 1107.0),  # ambiguous on its own
    ("58,239", 58239.0, 58.239),
    ("1,5", math.nan, 1.5),
    ("1.234.567", math.nan, 1234567.0),
    ("1,234,567", 1234567.0, math.nan),
    ("Rp 1.234,-", 1234.0, 1234.0),  # ',-' says no cents: the dot groups, whichever the convention
    ("12", 12.0, 12.0),
])
def test_readings_under_each_convention(text, point, comma):
    np.testing.assert_array_equal(readings(text), (point, comma))


def test_the_column_decides_then_the_fallback():
    assert scan_numbers(["1.107", "0.125"]).convention() == POINT
    assert scan_numbers(["1.107", "2,5"]).convention() == COMMA
    assert scan_numbers(["1.107", "12"]).convention() is None
    assert scan_numbers(["1.107", "12"]).convention(None, COMMA) == COMMA  # e.g. a ';' file
    assert scan_numbers(["1.107", "0.125", "2,5"]).convention(COMMA) is None  # mixed: nothing from outside settles
    values = scan_numbers(["1.107", "12", ""]).resolve()
    assert np.isnan(values[0]) and values[1] == 12 and np.isnan(values[2])


def test_percent_and_whole_numbers():
    scan = scan_numbers(["25%", "12,5%", "7"], percent=True)
    np.testing.assert_allclose(scan.resolve(COMMA), [0.25, 0.125, 7.0])
    assert scan_numbers(["25%"]).invalid == {0: "percent"}
    whole = scan_numbers(["1.500", "2", "2.5"], whole=True)  # 1.5 is no step-down position: 1500 is
    assert whole.resolve().tolist()[:2] == [1500.0, 2.0] and whole.invalid == {2: "not a whole number"}


def test_workbook_numbers_are_never_ambiguous():
    scan = scan_numbers(pd.Series([1.107, 58239, None, "1.107"], dtype=object))
    assert scan.ambiguous.tolist() == [False, False, False, True] and scan.blank.tolist() == [False, False, True,
                                                                                               False]
