"""Reading and writing rupiah amounts.

Indonesian documents write ``Rp 1.234.567,-`` (dot groups thousands, ``,-`` means "no cents") and
``1.234.567,50`` (comma before decimals); tables typed in English-language software write
``1,234,567``. :func:`parse_rupiah` reads both when the text leaves no doubt and refuses otherwise:
``1.234`` could be one thousand two hundred and thirty-four or one point two three four, so it is
rejected rather than guessed.

Examples
--------
>>> parse_rupiah("Rp 1.234.567,-")
1234567.0
>>> parse_rupiah("1.234.567,50")
1234567.5
>>> parse_rupiah("140,706,146")
140706146.0
>>> parse_rupiah("1.234")
Traceback (most recent call last):
...
ValueError: ambiguous amount '1.234': one separator followed by three digits may group thousands or mark decimals; write a whole amount as '1234' or 'Rp 1.234,-', a decimal fraction as '1,2340'
"""

from __future__ import annotations

import math
import re

_GROUPED = re.compile(r"^\d{1,3}(?:(?P<sep>[.,])\d{3})(?:(?P=sep)\d{3})*$")
_PLAIN = re.compile(r"^\d+$")


def parse_rupiah(value: object) -> float:
    """Parse a rupiah amount written as a number or as Indonesian- or English-style text.

    Parameters
    ----------
    value : str, int or float
        ``1234567``, ``"1234567"``, ``"Rp 1.234.567,-"``, ``"Rp. 1.234.567,50"``, ``"1,234,567.50"``,
        ``"-1.500,25"``, ``"(1.500)"`` (accounting negative).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Empty text, stray characters, or an ambiguous separator (``"1.234"``, ``"1,234"``).
    """
    if isinstance(value, bool):
        raise ValueError(f"not an amount: {value!r}")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"not a finite amount: {value!r}")
        return float(value)
    text = str(value).strip()
    original = text
    if not text:
        raise ValueError("empty amount")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text = re.sub(r"^(?i:rp)\.?\s*", "", text)
    if text.startswith("-"):
        negative, text = not negative, text[1:].strip()
    text = text.replace(" ", "").replace("\u00a0", "")
    no_cents = False
    for suffix in (",-", ".-", ",—", ",–"):
        if text.endswith(suffix):
            no_cents, text = True, text[: -len(suffix)]
            break
    number = _parse_digits(text, no_cents=no_cents, original=original)
    return -number if negative else number


def _parse_digits(text: str, *, no_cents: bool, original: str) -> float:
    if not text:
        raise ValueError(f"not an amount: {original!r}")
    if _PLAIN.match(text):
        return float(text)
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        # Both present: the last one marks decimals, the other groups thousands.
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if decimal == "," else ","
        whole, _, cents = text.rpartition(decimal)
        if no_cents or not _GROUPED.match(whole) or (group not in whole) or not cents.isdigit():
            raise ValueError(f"not an amount: {original!r}")
        return float(whole.replace(group, "") + "." + cents)
    sep = "." if dots else ","
    count = dots or commas
    if _GROUPED.match(text):
        if count > 1 or no_cents:
            return float(text.replace(sep, ""))
        raise ValueError(
            f"ambiguous amount {original!r}: one separator followed by three digits may group "
            f"thousands or mark decimals; write a whole amount as '1234' or 'Rp 1.234,-', a decimal "
            f"fraction as '1,2340'"
        )
    if count == 1 and not no_cents:
        whole, _, cents = text.partition(sep)
        if whole.isdigit() and cents.isdigit():
            return float(f"{whole}.{cents}")
    raise ValueError(f"not an amount: {original!r}")


def format_rupiah(amount: float, *, decimals: int = 0, prefix: str = "Rp ") -> str:
    """Format an amount the Indonesian way: ``Rp 1.234.567`` (``decimals`` after a comma).

    >>> format_rupiah(1234567.5, decimals=2)
    'Rp 1.234.567,50'
    """
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return ""
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.{decimals}f}"
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{sign}{prefix}{text}"
