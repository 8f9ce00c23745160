"""The values a user gives a JKN rule (command-line flags or function arguments), checked.

A date (refused before JKN began), a rupiah amount in Indonesian or English notation, a count, a class of
care: each refused with an :class:`~jkncost.errors.InputError` naming the flag, never guessed.

Examples
--------
>>> parse_date("2025-01-01"), parse_count("2", "--family")
(datetime.date(2025, 1, 1), 2)
>>> parse_date("2013-12-31")
Traceback (most recent call last):
...
jkncost.errors.InputError: --date: 2013-12-31 is before JKN began on 2014-01-01 (Perpres 12/2013); no JKN rule applies
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from jkncost.errors import InputError, Problem
from jkncost.jkn.rules import JKN_START
from jkncost.money import parse_rupiah


def parse_date(value: date | str, what: str = "--date") -> date:
    """A date from ``YYYY-MM-DD`` text (or a date), refusing days before JKN began.

    Parameters
    ----------
    value : datetime.date or str
        The date.
    what : str, default '--date'
        What the message names.

    Returns
    -------
    datetime.date
        The day.

    Raises
    ------
    InputError
        Text that is not a date, or a day before 1 January 2014.

    References
    ----------
    Perpres RI 12/2013 on Jaminan Kesehatan and its amendments; Perpres 82/2018 (amended by Perpres 75/2019
    and 64/2020); Permenkes 3/2023 (class upgrades).

    Examples
    --------
    >>> parse_date("2025-01-01")
    datetime.date(2025, 1, 1)
    """
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise InputError(Problem(what, f"not a date: {value!r}; write YYYY-MM-DD")) from None
    if day < JKN_START:
        raise InputError(Problem(what, f"{day.isoformat()} is before JKN began on {JKN_START.isoformat()} "
                                       f"(Perpres 12/2013); no JKN rule applies"))
    return day


def parse_amount(value: object, what: str, *, required: bool = False) -> Decimal | None:
    """A non-negative rupiah amount from a number or text (``2045500``, ``'Rp 2.045.500'``).

    Parameters
    ----------
    value : object
        A number or text in Indonesian or English notation.
    what : str
        What the message names (a command-line flag).
    required : bool, default False
        Refuse an empty value.

    Returns
    -------
    Decimal or None
        The amount, exact; None when empty and not required.

    Raises
    ------
    InputError
        Not a number, not finite, negative, or empty when required.

    Examples
    --------
    >>> parse_amount("Rp 2.045.500", "--inacbg-class2")
    Decimal('2045500')
    >>> parse_amount(-1, "--wage")
    Traceback (most recent call last):
    ...
    jkncost.errors.InputError: --wage: must not be negative, got -1
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(Problem(what, "is required here"))
        return None
    try:
        number = parse_rupiah(value)
    except ValueError as exc:
        raise InputError(Problem(what, str(exc))) from None
    if not math.isfinite(number):
        raise InputError(Problem(what, f"not a finite amount: {value!r}"))
    if number < 0:
        raise InputError(Problem(what, f"must not be negative, got {value}"))
    return Decimal(str(number)).normalize() if number != int(number) else Decimal(int(number))


def parse_count(value: object, what: str) -> int:
    """A whole number >= 0 (months in arrears, family members).

    Parameters
    ----------
    value : object
        A number or text.
    what : str
        What the message names.

    Returns
    -------
    int
        The count.

    Raises
    ------
    InputError
        Not a whole number, or negative.

    Examples
    --------
    >>> parse_count("2", "--family")
    2
    """
    if isinstance(value, bool):
        raise InputError(Problem(what, f"not a whole number: {value!r}"))
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InputError(Problem(what, f"not a whole number: {value!r}")) from None
    if number < 0:
        raise InputError(Problem(what, f"must not be negative, got {number}"))
    return number


def parse_class(value: object, what: str, label: str, *, required: bool = True) -> int | None:
    """A class of care 1, 2 or 3 (``'I'``, ``'II'``, ``'III'`` read as 1, 2, 3); ``None`` when empty and optional.

    Parameters
    ----------
    value : object
        The class, as a number or text.
    what : str
        What the message names (a command-line flag).
    label : str
        The class's name in the message.
    required : bool, default True
        Refuse an empty value.

    Returns
    -------
    int or None
        1, 2 or 3; None when empty and not required.

    Raises
    ------
    InputError
        Any other value.

    Examples
    --------
    >>> parse_class("II", "--care-class", "care class"), parse_class("", "--care-class", "care class", required=False)
    (2, None)
    >>> parse_class(4, "--entitled", "entitled class")
    Traceback (most recent call last):
    ...
    jkncost.errors.InputError: --entitled: entitled class must be 1, 2 or 3, got 4
    """
    if not required and (value is None or (isinstance(value, str) and not value.strip())):
        return None
    text = str(value).strip().upper()
    text = {"I": "1", "II": "2", "III": "3"}.get(text, text)
    if text not in ("1", "2", "3"):
        raise InputError(Problem(what, f"{label} must be 1, 2 or 3, got {value!r}"))
    return int(text)
