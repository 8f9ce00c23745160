"""Numbers as a source prints them: every number of a text with its place, kind and readings.

A seed (a study's source text) prints numbers in Indonesian style (``1.234.567``, ``75,4%``,
``Rp.1.190.94,-``, ``0,05``), sometimes in English style (``Rp 1,236,793,-``). :func:`extract_numbers`
finds every one with its line, column and context, and :func:`readings` gives every value a reader
could mean (the rules are in :mod:`jkncost.compendium.coverage`, which accounts for each number; a study
uses the same tokens to check that a figure is transcribed as printed).

Examples
--------
>>> [(n.text, n.kind, n.readings) for n in extract_numbers("CRR 120% dan Rp 1.236.793,- (p=0,046)")]
[('120', 'percent', (120.0,)), ('1.236.793', 'rupiah', (1236793.0,)), ('0,046', 'plain', (0.046,))]
>>> readings("1.077"), readings("1.190.94")
((1077.0, 1.077), (119094.0, 1190.94))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: digits with ``.`` or ``,`` strictly between digit groups (a trailing ``,-`` or full stop is not part of it)
_TOKEN = re.compile(r"(?<![0-9])[0-9]+(?:[.,][0-9]+)*")
_RUPIAH_BEFORE = re.compile(r"Rp\s*\.?\s*$", re.I)
_PERCENT_AFTER = re.compile(r"^\s*%")
_CONTEXT = 40


@dataclass(frozen=True)
class Number:
    """One number as printed: ``line`` and ``column`` count from 1, ``context`` is the text around it."""

    text: str
    line: int
    column: int
    kind: str  # "rupiah", "percent" or "plain"
    readings: tuple[float, ...]
    irregular: bool
    context: str
    line_text: str

    @property
    def span(self) -> tuple[int, int]:
        """Start and end offsets of the token in its line (0-based, end exclusive)."""
        return self.column - 1, self.column - 1 + len(self.text)


def readings(token: str) -> tuple[float, ...]:
    """Every value ``token`` may mean (see the module docstring); first the thousands reading if any."""
    parts = re.split(r"[.,]", token)
    seps = re.findall(r"[.,]", token)
    if len(parts) == 1:
        return (float(token),)
    out: list[float] = []
    grouped = 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]) and not (
        len(parts[0]) > 1 and parts[0].startswith("0")) and parts[0] != "0"
    if grouped and len(set(seps)) == 1:
        out.append(float("".join(parts)))
    if len(parts) == 2:
        out.append(float(f"{parts[0]}.{parts[1]}"))
    elif not out:  # irregular: digits run together, and the last separator as the decimal mark
        out.append(float("".join(parts)))
        out.append(float("".join(parts[:-1]) + "." + parts[-1]))
    seen: list[float] = []
    for v in out:
        if v not in seen:
            seen.append(v)
    return tuple(seen)


def _irregular(token: str) -> bool:
    parts = re.split(r"[.,]", token)
    if len(parts) <= 2:
        return False
    return not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])
                and len(set(re.findall(r"[.,]", token))) == 1)


def extract_numbers(text: str) -> list[Number]:
    """Every number of ``text`` in reading order, with its kind, readings and context."""
    found: list[Number] = []
    for i, line in enumerate(text.splitlines(), start=1):
        for m in _TOKEN.finditer(line):
            token = m.group(0)
            before, after = line[:m.start()], line[m.end():]
            kind = ("rupiah" if _RUPIAH_BEFORE.search(before) else
                    "percent" if _PERCENT_AFTER.match(after) else "plain")
            context = line[max(0, m.start() - _CONTEXT):m.end() + _CONTEXT].strip()
            found.append(Number(token, i, m.start() + 1, kind, readings(token), _irregular(token), context, line))
    return found
