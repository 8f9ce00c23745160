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

The line is in ``lang`` (``check(..., lang="id")``: ``Latihan 1.1: belum dijawab ...``): its sentences are
labels of the catalogue (``teaching.check.*`` in ``src/jkncost/labels/teaching.csv``), its numbers written
with the marks of ``lang`` (``41.388`` in Indonesian).

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

from jkncost.display import number
from jkncost.labels import check_lang
from jkncost.labels import label as _label


@dataclass(frozen=True)
class Result:
    """Outcome of one check: ``status`` is ``unanswered``, ``right`` or ``wrong``; ``message`` what was printed."""

    status: str
    message: str

    @property
    def right(self) -> bool:
        return self.status == "right"


def _fmt(x: float, lang: str = "en") -> str:
    """``x`` with thousands marks (whole above 1,000 or when whole, else 4 significant digits) in ``lang``."""
    if abs(x) >= 1000 or float(x).is_integer():
        return number(x, lang, 0)
    text = f"{x:,.4g}"
    if lang == "id" and "e" not in text:
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def check(answer, expected, tolerance: float = 0.01, *, relative: bool = True, hint: str | None = None,
          label: str | None = None, quiet: bool = False, lang: str = "en") -> Result:
    """Compare a student's ``answer`` with ``expected`` and print a friendly right/wrong line in ``lang``.

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
        Printed after a wrong answer (give it in ``lang``).
    label : str, optional
        Start of the line (e.g. ``"Exercise 2.1"``); default ``Exercise`` (``Latihan`` in Indonesian).
    quiet : bool
        Return without printing.
    lang : {'en', 'id'}
        Language of the message (messages from the label catalogue, ``teaching.check.*``).

    Returns
    -------
    Result

    Examples
    --------
    >>> _ = check(None, 41388.46, label="Latihan 1.1", lang="id")
    Latihan 1.1: belum dijawab (isi variabel jawabannya, lalu jalankan ulang sel ini).
    >>> _ = check(41400, 41388.46, lang="id")
    Latihan: benar (41.400 dibanding 41.388, dalam batas 1%).
    >>> _ = check(0.8, 0.7512, tolerance=0.01, relative=False, hint="BOR* = Q* / (tempat tidur x 365)", lang="id")
    Latihan: belum tepat: 0,8 berselisih 0,0488 dari nilai yang diharapkan. Petunjuk: BOR* = Q* / (tempat tidur x 365)
    """
    check_lang(lang)
    if tolerance < 0:
        raise ValueError("tolerance must be >= 0")
    start = label if label is not None else _label("teaching.check.exercise", lang)
    tail = " " + _label("teaching.check.hint", lang, hint=hint) if hint else ""
    if answer is None:
        res = Result("unanswered", _label("teaching.check.unanswered", lang, label=start))
    elif isinstance(expected, (str, list, tuple)):
        accepted = [expected] if isinstance(expected, str) else list(expected)
        norm = [str(e).strip().casefold() for e in accepted]
        if str(answer).strip().casefold() in norm:
            res = Result("right", _label("teaching.check.right_text", lang, label=start,
                                         answer=accepted[norm.index(str(answer).strip().casefold())]))
        else:
            res = Result("wrong", _label("teaching.check.wrong_text", lang, label=start,
                                         answer=repr(str(answer).strip())) + tail)
    else:
        if isinstance(answer, bool) or not isinstance(answer, (int, float)) or not math.isfinite(answer):
            res = Result("wrong", _label("teaching.check.not_a_number", lang, label=start, answer=repr(answer)) + tail)
        else:
            exp = float(expected)
            gap = abs(float(answer) - exp)
            limit = tolerance * abs(exp) if relative else tolerance
            within = _label("teaching.check.within", lang,
                            tolerance=(f"{tolerance:.0%}" if lang == "en" else number(100 * tolerance, lang, 0, "%"))
                            if relative else _fmt(tolerance, lang))
            if gap <= limit:
                res = Result("right", _label("teaching.check.right_number", lang, label=start,
                                             answer=_fmt(answer, lang), expected=_fmt(exp, lang), within=within))
            else:
                if relative and exp != 0:
                    share = 100 * gap / abs(exp)
                    how = f"{share:.1f}%" if lang == "en" else number(share, lang, 1, "%")
                else:
                    how = _fmt(gap, lang)
                res = Result("wrong", _label("teaching.check.wrong_number", lang, label=start, answer=_fmt(answer, lang),
                                             gap=how) + tail)
    if not quiet:
        print(res.message)
    return res
