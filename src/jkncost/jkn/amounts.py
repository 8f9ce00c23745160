"""The amounts of a JKN result: itemised lines, whole rupiah, rates as percent text.

Examples
--------
>>> rate = fmt_percent(Decimal("0.04"))
>>> item = LineItem("employer share", "employer", round_rupiah(Decimal("200000.4")), "5,000,000 x " + rate)
>>> item.amount, item.formula
(200000, '5,000,000 x 4%')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ROUNDING = ("each payer's amount is rounded to the whole rupiah, half up (regulations state whole rupiah "
            "but no rounding rule: jkncost's assumption)")



@dataclass
class LineItem:
    """One line of an itemised result: who pays what, and by which formula.

    Examples
    --------
    >>> LineItem("employer share", "employer", 200000, "5,000,000 x 4%").amount
    200000
    """

    item: str
    payer: str
    amount: int
    formula: str


def round_rupiah(amount: Decimal) -> int:
    """Whole rupiah, half up (see :data:`ROUNDING`).

    Parameters
    ----------
    amount : Decimal
        An amount in rupiah.

    Returns
    -------
    int
        The amount rounded to the whole rupiah, halves up.

    Examples
    --------
    >>> round_rupiah(Decimal("12500.5")), round_rupiah(Decimal("12500.49"))
    (12501, 12500)
    """
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fmt_percent(rate: Decimal) -> str:
    """``0.005`` -> ``'0.5%'``.

    Parameters
    ----------
    rate : Decimal
        A rate as a fraction.

    Returns
    -------
    str
        The rate in percent, without trailing zeros.

    Examples
    --------
    >>> fmt_percent(Decimal("0.025"))
    '2.5%'
    """
    text = f"{(rate * 100).normalize():f}"
    return f"{text}%"
