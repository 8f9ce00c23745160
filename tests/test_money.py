import math

import pytest

from jkncost.money import format_rupiah, parse_rupiah


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
