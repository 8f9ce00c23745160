"""A tiny answer checker for the teaching notebooks.

A student sets a variable (``answer_1 = 41388``) and a check cell calls :func:`check` with the value
the notebook computed from the engine (never a hard-coded solution). The result is printed as one
friendly line and returned, so a notebook runs from top to bottom whether or not the exercises are
answered:

- ``None`` (not answered): ``not answered yet``;
- a number: right when ``|answer - expected| <= tolerance x |expected|`` (``relative=True``, the
  default; 0.01 = within 1%) or ``<= tolerance`` (``relative=False``);
- a text (a method, a class name): right when equal to the expected text ignoring case and
  surrounding spaces; ``expected`` may be a list of accepted texts.

Examples
--------
>>> r = check(None, 41388.46)
Exercise: not answered yet (set the answer variable and rerun this cell).
>>> r.status
'unanswered'
>>> check(41400, 41388.46).status
Exercise: right (41,400 vs 41,388, within 1%).
'right'
>>> _ = check(50000, 41388.46, hint="UC3 = TC3 / output")
Exercise: not quite: 50,000 is 20.8% away from the expected value. Hint: UC3 = TC3 / output
>>> check(" kelas iii", "Kelas III").status
Exercise: right (Kelas III).
'right'
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """Outcome of one check: ``status`` is ``unanswered``, ``right`` or ``wrong``; ``message`` what was printed."""

    status: str
    message: str

    @property
    def right(self) -> bool:
        return self.status == "right"


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 or float(x).is_integer() else f"{x:,.4g}"


def check(answer, expected, tolerance: float = 0.01, *, relative: bool = True, hint: str | None = None,
          label: str = "Exercise", quiet: bool = False) -> Result:
    """Compare a student's ``answer`` with ``expected`` and print a friendly right/wrong line.

    Parameters
    ----------
    answer : None, number or str
        What the student set; ``None`` means not answered yet.
    expected : number, str or list of str
        Computed by the notebook from the engine.
    tolerance : float
        Relative (share of ``|expected|``, default 1%) or absolute (``relative=False``).
    relative : bool
    hint : str, optional
        Printed after a wrong answer.
    label : str
        Start of the line (e.g. ``"Exercise 2.1"``).
    quiet : bool
        Return without printing.

    Returns
    -------
    Result
    """
    if tolerance < 0:
        raise ValueError("tolerance must be >= 0")
    tail = f" Hint: {hint}" if hint else ""
    if answer is None:
        res = Result("unanswered", f"{label}: not answered yet (set the answer variable and rerun this cell).")
    elif isinstance(expected, (str, list, tuple)):
        accepted = [expected] if isinstance(expected, str) else list(expected)
        norm = [str(e).strip().casefold() for e in accepted]
        if str(answer).strip().casefold() in norm:
            res = Result("right", f"{label}: right ({accepted[norm.index(str(answer).strip().casefold())]}).")
        else:
            res = Result("wrong", f"{label}: not quite: {str(answer).strip()!r} is not the expected answer.{tail}")
    else:
        if isinstance(answer, bool) or not isinstance(answer, (int, float)) or not math.isfinite(answer):
            res = Result("wrong", f"{label}: please give a finite number, got {answer!r}.{tail}")
        else:
            exp = float(expected)
            gap = abs(float(answer) - exp)
            limit = tolerance * abs(exp) if relative else tolerance
            within = f"within {tolerance:.0%}" if relative else f"within {_fmt(tolerance)}"
            if gap <= limit:
                res = Result("right", f"{label}: right ({_fmt(answer)} vs {_fmt(exp)}, {within}).")
            else:
                how = f"{100 * gap / abs(exp):.1f}% away from" if relative and exp != 0 else f"{_fmt(gap)} away from"
                res = Result("wrong", f"{label}: not quite: {_fmt(answer)} is {how} the expected value.{tail}")
    if not quiet:
        print(res.message)
    return res
