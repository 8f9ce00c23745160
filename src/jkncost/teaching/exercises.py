"""The answer checker of the teaching notebooks: right, wrong with a hint that names the mistake, or unanswered.

A student sets a variable (``answer_1 = 41388``) and a check cell compares it with a value the package
computed (never a hard-coded solution). The line is printed and returned, so a notebook runs from top to
bottom whether or not the exercises are answered.

Numbers
    Right when ``|answer - expected| <= tolerance x |expected|`` (``relative=True``) or ``<= tolerance``.
    A text answer is read as a person writes it: ``"2,37"`` (decimal comma, as in Bahasa Indonesia),
    ``"Rp 146.205"``, ``"79%"``; an answer whose reading depends on the decimal mark (``"1,234"``) is read
    in the convention of ``lang``. A wrong number is called close (within 10%) or far, never by its exact gap,
    which would give the answer away. It is looked at before the verdict: the right size with the
    wrong sign, the right digits a hundred, thousand or million times off (a percent written as a fraction,
    rupiah in thousands), or one of the plausible wrong answers the exercise lists (:class:`Wrong`, each with
    its own hint) each give their own hint. ``share=True``: the expected value is a percent, and the same
    value written as a fraction (``0.79`` for ``79``) is right too, with a note.
Texts (a method, a class)
    ``names`` maps each canonical answer to the ways people write it (both languages, textbook forms:
    :data:`METHOD_NAMES`); ``expected`` is one canonical answer or several (a tie: every method that gives
    the same value is right, alone or together). Case, spaces, hyphens and words like *metode* or *method*
    do not matter.

Tolerances
    :func:`derive_tolerance` takes the tolerance from the plausible wrong answers: less than half the gap to
    the nearest of them, so that each is rejected, and no more than ``cap``.

Messages are labels of the catalogue (``teaching.check.*``), numbers written with the marks of ``lang``.

Examples
--------
>>> r = check(None, 41388.46)
Exercise: not answered yet (set the answer variable and rerun this cell).
>>> check(41400, 41388.46).status
Exercise: right (41,400 vs 41,388, within 1%).
'right'
>>> _ = check(50000, 41388.46, hint="UC3 = TC3 / output")
Exercise: not quite: 50,000 is far from the expected value (more than 10% off). Hint: UC3 = TC3 / output
>>> _ = check(-41388, 41388.46)
Exercise: not quite: -41,388 has the right size but the wrong sign: check which quantity is subtracted from which.
>>> check("distribusi ganda", ["stepdown", "double", "reciprocal"], names=METHOD_NAMES).status
Exercise: right (double distribution; step-down, double distribution and reciprocal give the same value).
'right'
>>> _ = check("2,37", 2.37, lang="id")
Latihan: benar (2,37 dibanding 2,37, dalam batas 1%).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from jkncost.display import number
from jkncost.labels import check_lang
from jkncost.labels import label as _label
from jkncost.money import readings

#: How people write the allocation methods, in English, Indonesian and the textbooks' words.
METHOD_NAMES: dict[str, tuple[str, ...]] = {
    "direct": ("direct", "direct allocation", "langsung", "alokasi langsung", "distribusi langsung",
               "simple distribution", "distribusi sederhana"),
    "stepdown": ("stepdown", "step down", "step-down", "step-down allocation", "bertahap", "alokasi bertahap",
                 "anak tangga", "step ladder", "sequential", "berurutan"),
    "double": ("double", "double distribution", "distribusi ganda", "double-distribution", "ganda",
               "double apportionment"),
    "reciprocal": ("reciprocal", "resiprokal", "resiprokal (timbal balik)", "timbal balik", "reciprocal allocation",
                   "simultaneous equations", "persamaan simultan", "algebraic", "aljabar", "multiple distribution",
                   "distribusi multipel"),
}
#: Words that say nothing about which answer is meant ("metode distribusi ganda" is "distribusi ganda").
_FILLER = {"metode", "method", "the", "cara", "allocation", "alokasi", "kelas", "class"}
_ROMAN = {"1": "i", "2": "ii", "3": "iii", "one": "i", "two": "ii", "three": "iii", "satu": "i", "dua": "ii",
          "tiga": "iii"}
_SCALES = ((100.0, "percent"), (1000.0, "thousand"), (1e6, "million"))
#: A wrong number within this share of the expected value is called close (rounding, a small slip).
CLOSE = 0.1


@dataclass(frozen=True)
class Result:
    """Outcome of one check: ``status`` is ``unanswered``, ``right`` or ``wrong``; ``message`` what was printed."""

    status: str
    message: str

    @property
    def right(self) -> bool:
        return self.status == "right"


@dataclass(frozen=True)
class Wrong:
    """A plausible wrong answer of an exercise (a value or a canonical name) and the hint it deserves.

    ``hint`` is a label key of the catalogue (``teaching.wrong.*``) or a text.
    """

    value: float | str
    hint: str


def _text(key_or_text: str, lang: str, **fields) -> str:
    try:
        return _label(key_or_text, lang, **fields)
    except KeyError:
        return key_or_text


def _fmt(x: float, lang: str = "en") -> str:
    """``x`` with thousands marks (whole above 1,000 or when whole, else 4 significant digits) in ``lang``."""
    if abs(x) >= 1000 or float(x).is_integer():
        return number(x, lang, 0)
    text = f"{x:,.4g}"
    if lang == "id" and "e" not in text:
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def read_number(answer, lang: str = "en") -> tuple[float | None, bool]:
    """``(value, written_as_percent)`` of a student's answer; value None when it is not a number.

    Numbers pass as they are. A text is read as a person writes it: ``Rp``, spaces and a trailing ``%``
    are dropped, ``2,37`` and ``2.37`` are 2.37, ``1.234.567`` and ``1,234,567`` are 1234567; a text that
    reads differently in the two conventions (``1,234``) is read in the convention of ``lang``.

    >>> read_number("2,37", "id"), read_number("Rp 146.205", "id"), read_number("79%"), read_number("abc")
    ((2.37, False), (146205.0, False), (79.0, True), (None, False))
    >>> read_number("1,234", "en"), read_number("1,234", "id")
    ((1234.0, False), (1.234, False))
    """
    if isinstance(answer, bool):
        return None, False
    if isinstance(answer, (int, float)):
        return (float(answer), False) if math.isfinite(answer) else (None, False)
    if not isinstance(answer, str):
        return None, False
    text = answer.strip()
    pct = text.endswith("%")
    if pct:
        text = text[:-1].strip()
    got = readings(text)
    if isinstance(got, str):
        return None, False
    dot, comma = got
    if math.isnan(dot) and math.isnan(comma):
        return None, False
    if math.isnan(dot) or math.isnan(comma) or dot == comma:
        value = comma if math.isnan(dot) else dot
    else:
        value = comma if lang == "id" else dot
    return (value, pct) if math.isfinite(value) else (None, False)


def _norm(text: str) -> str:
    words = re.sub(r"[^0-9a-z]+", " ", str(text).casefold()).split()
    words = [_ROMAN.get(w, w) for w in words if w not in _FILLER]
    return "".join(words)


def _name_index(names: Mapping[str, Sequence[str]] | None, expected: Sequence[str]) -> dict[str, str]:
    index = {}
    for canonical, forms in (names or {}).items():
        for form in (canonical, *forms):
            index.setdefault(_norm(form), canonical)
    for e in expected:
        index.setdefault(_norm(e), e)
    return index


def _split_answer(answer) -> list[str]:
    if isinstance(answer, (list, tuple, set)):
        return [str(a) for a in answer]
    return [p for p in re.split(r"\s*(?:,|;|/|&|\band\b|\bdan\b|\bor\b|\batau\b)\s*", str(answer)) if p.strip()]


def _join(items: list[str], lang: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + (" and " if lang == "en" else " dan ") + items[-1]


def _shown(canonical: str, lang: str) -> str:
    """How a canonical answer is written to the student: a method's label in ``lang``, else itself."""
    for key in (f"costing.method.{canonical}", f"course.answer.{canonical}"):
        try:
            return _label(key, lang)
        except KeyError:
            pass
    return canonical


def derive_tolerance(expected: float, wrong: Sequence[float], *, cap: float = 0.01, share: float = 0.45,
                     floor: float = 0.0, relative: bool = True) -> float:
    """The largest tolerance (up to ``cap``) that still rejects every plausible wrong answer.

    ``share`` of the gap between ``expected`` and the nearest wrong answer (relative to ``|expected|``
    when ``relative``), never below ``floor`` (the rounding a student reads the value with).

    >>> round(derive_tolerance(146205, [145643, 140064]), 5)   # the default order is 0.38% away
    0.00173
    >>> derive_tolerance(100, [200])
    0.01
    """
    gaps = [abs(float(w) - expected) for w in wrong if isinstance(w, (int, float)) and float(w) != expected]
    if relative and expected != 0:
        gaps = [g / abs(expected) for g in gaps]
    tol = min([cap, *[share * g for g in gaps]])
    return max(tol, floor)


def _near(a: float, b: float, tolerance: float, relative: bool, ref: float) -> bool:
    limit = tolerance * abs(ref) if relative and ref != 0 else tolerance
    return abs(a - b) <= limit


def check(answer, expected, tolerance: float | None = 0.01, *, relative: bool = True, hint: str | None = None,
          label: str | None = None, quiet: bool = False, lang: str = "en", wrong: Sequence[Wrong] = (),
          share: bool = False, names: Mapping[str, Sequence[str]] | None = None) -> Result:
    """Compare a student's ``answer`` with ``expected`` and print a friendly right/wrong line in ``lang``.

    Parameters
    ----------
    answer : None, number or str
        What the student set; ``None`` means not answered yet.
    expected : number, str or list of str
        Computed by the package; a list of texts: every one is right (a tie).
    tolerance : float or None
        Relative (share of ``|expected|``, default 1%) or absolute (``relative=False``); None derives it
        from the plausible wrong answers (:func:`derive_tolerance`).
    relative : bool
    hint : str, optional
        Printed after a wrong answer that no more specific hint explains (a label key or a text in ``lang``).
    label : str, optional
        Start of the line (e.g. ``"Exercise 2.1"``); default ``Exercise`` (``Latihan`` in Indonesian).
    quiet : bool
        Return without printing.
    lang : {'en', 'id'}
        Language of the message and convention of a text answer's decimal mark.
    wrong : sequence of Wrong
        Plausible wrong answers, each with its hint.
    share : bool
        ``expected`` is a percent; the same value as a fraction is right too.
    names : mapping, optional
        For text answers: canonical answer -> the ways it is written (e.g. :data:`METHOD_NAMES`).

    Returns
    -------
    Result

    Examples
    --------
    >>> _ = check(None, 41388.46, label="Latihan 1.1", lang="id")
    Latihan 1.1: belum dijawab (isi variabel jawabannya, lalu jalankan ulang sel ini).
    >>> _ = check(41400, 41388.46, lang="id")
    Latihan: benar (41.400 dibanding 41.388, dalam batas 1%).
    >>> _ = check(0.782, 78.2, share=True, lang="id")
    Latihan: benar (0,782 dibaca sebagai 78,2% dibanding 78,2, dalam batas 1%).
    >>> _ = check(7820, 78.2)
    Exercise: not quite: the digits of 7,820 look right, the unit does not: a percent and a fraction differ by a factor 100 (25% is 0.25).
    """
    check_lang(lang)
    start = label if label is not None else _label("teaching.check.exercise", lang)
    tail = " " + _label("teaching.check.hint", lang, hint=_text(hint, lang)) if hint else ""
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        res = Result("unanswered", _label("teaching.check.unanswered", lang, label=start))
    elif isinstance(expected, (str, list, tuple)):
        res = _check_text(answer, [expected] if isinstance(expected, str) else list(expected), names, wrong, start,
                          tail, lang)
    else:
        if tolerance is None:
            tolerance = derive_tolerance(float(expected), [w.value for w in wrong], relative=relative)
        if tolerance < 0:
            raise ValueError("tolerance must be >= 0")
        res = _check_number(answer, float(expected), tolerance, relative, wrong, share, start, tail, lang)
    if not quiet:
        print(res.message)
    return res


def _check_text(answer, accepted: list[str], names, wrong, start: str, tail: str, lang: str) -> Result:
    index = _name_index(names, accepted)
    # a name may hold a separator ("Farmasi/ Apotek"): the whole answer first, then its parts
    parts = [str(answer)] if isinstance(answer, str) and _norm(answer) in index else _split_answer(answer)
    given = [index.get(_norm(p)) for p in parts]
    tie = ""
    if len(accepted) > 1:
        tie = _label("teaching.check.tie", lang, names=_join([_shown(a, lang) for a in accepted], lang))
    if parts and all(g is not None for g in given) and set(given) <= set(accepted):
        shown = _join([_shown(g, lang) for g in dict.fromkeys(given)], lang)
        return Result("right", _label("teaching.check.right_text", lang, label=start, answer=shown + tie))
    for w in wrong:
        if isinstance(w.value, str) and index.get(_norm(w.value), w.value) in given:
            return Result("wrong", _label("teaching.check.wrong_text", lang, label=start, answer=repr(str(answer).strip()))
                          + " " + _label("teaching.check.hint", lang, hint=_text(w.hint, lang)))
    if any(g is None for g in given) and names:
        known = _join(sorted({_shown(k, lang) for k in names}), lang)
        return Result("wrong", _label("teaching.check.unknown_name", lang, label=start,
                                      answer=repr(str(answer).strip()), names=known) + tail)
    return Result("wrong", _label("teaching.check.wrong_text", lang, label=start, answer=repr(str(answer).strip())) + tail)


def _check_number(answer, exp: float, tolerance: float, relative: bool, wrong, share: bool, start: str, tail: str,
                  lang: str) -> Result:
    value, written_pct = read_number(answer, lang)
    if value is None:
        example = "2.37" if lang == "en" else "2,37"
        return Result("wrong", _label("teaching.check.not_a_number", lang, label=start, answer=repr(answer),
                                      example=example) + tail)
    within = _label("teaching.check.within", lang,
                    tolerance=(number(100 * tolerance, lang, _decimals(100 * tolerance), "%")
                               if relative and exp != 0 else _fmt(tolerance, lang)))
    if _near(value, exp, tolerance, relative, exp):
        return Result("right", _label("teaching.check.right_number", lang, label=start, answer=_fmt(value, lang),
                                      expected=_fmt(exp, lang), within=within))
    if share and not written_pct and _near(100 * value, exp, tolerance, relative, exp):
        note = _label("teaching.check.read_as_percent", lang, answer=_fmt(value, lang),
                      percent=_fmt(round(100 * value, 4), lang))
        return Result("right", _label("teaching.check.right_number", lang, label=start, answer=note,
                                      expected=_fmt(exp, lang), within=within))
    said = _fmt(value, lang) + ("%" if written_pct else "")
    for w in wrong:
        if isinstance(w.value, (int, float)) and _near(value, float(w.value), tolerance, relative, exp):
            return Result("wrong", _label("teaching.check.wrong_known", lang, label=start, answer=said)
                          + " " + _label("teaching.check.hint", lang, hint=_text(w.hint, lang)))
    if exp != 0 and _near(value, -exp, tolerance, relative, exp):
        return Result("wrong", _label("teaching.check.sign", lang, label=start, answer=said))
    if exp != 0:
        for factor, unit in _SCALES:
            for f, way in ((factor, "times"), (1 / factor, "part")):
                if _near(value, exp * f, tolerance, relative, exp * f):
                    scale_hint = _label(f"teaching.check.scale_{unit}", lang)  # names no expected value
                    return Result("wrong", _label(f"teaching.check.scale_{way}", lang, label=start, answer=said,
                                                  factor=number(factor, lang)) + " " + scale_hint)
    # how far, only coarsely: an exact gap would give the expected value away in one try
    close = abs(value - exp) <= CLOSE * abs(exp) if exp != 0 else abs(value - exp) <= 10 * tolerance
    key = "teaching.check.wrong_close" if close else "teaching.check.wrong_far"
    return Result("wrong", _label(key, lang, label=start, answer=said) + tail)


def _decimals(pct: float) -> int:
    """Decimals enough to show a tolerance in percent (1% -> 0, 0.17% -> 2)."""
    return 0 if pct >= 1 and float(pct).is_integer() else max(1, min(3, 1 - math.floor(math.log10(pct)))) if pct > 0 else 0


@dataclass(frozen=True)
class Exercise:
    """One exercise: what is right, the plausible wrong answers, the hint; checked with :meth:`check`.

    ``tolerance`` None: derived from ``wrong`` (:func:`derive_tolerance`). Its ``repr`` shows no answer.
    """

    key: str
    expected: float | str | tuple[str, ...] = field(repr=False)
    hint: str = field(default="", repr=False)
    wrong: tuple[Wrong, ...] = field(default=(), repr=False)
    tolerance: float | None = field(default=None, repr=False)
    relative: bool = True
    share: bool = False
    names: Mapping[str, Sequence[str]] | None = field(default=None, repr=False)

    def check(self, answer, lang: str = "en", quiet: bool = False) -> Result:
        expected = list(self.expected) if isinstance(self.expected, tuple) else self.expected
        return check(answer, expected, self.tolerance, relative=self.relative, hint=self.hint or None,
                     label=_label("teaching.exercise", lang, n=self.key), quiet=quiet, lang=lang, wrong=self.wrong,
                     share=self.share, names=self.names)


class Exercises:
    """The exercises of one notebook section, by key; ``ex.check("1.3", answer_1_3)`` prints the verdict.

    Built by the package from the notebook's parameters and results, so the notebook's cells never hold
    an expected value; printing the object shows the keys only.
    """

    def __init__(self, exercises: Sequence[Exercise], lang: str = "en"):
        self._by_key = {e.key: e for e in exercises}
        self.lang = check_lang(lang)

    def keys(self) -> list[str]:
        return list(self._by_key)

    def __repr__(self) -> str:
        return f"Exercises({', '.join(self._by_key)})"

    def check(self, key: str, answer, quiet: bool = False) -> Result:
        return self._by_key[key].check(answer, self.lang, quiet=quiet)

    def exercise(self, key: str) -> Exercise:
        """The exercise ``key`` (for tests and for the lecturer)."""
        return self._by_key[key]
