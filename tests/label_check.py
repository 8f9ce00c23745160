"""Is a text Indonesian? Shared by the figure test and the notebook test (``lang="id"``).

A text passes when it is a label from the catalogue's Indonesian side (its ``{fields}`` filled by other
texts that pass), a data value the caller allows (center names, tariff names), or a number, date,
percent or rupiah amount.
"""

from __future__ import annotations

import re

from jkncost.labels import catalogue, data_texts

NUMBER = re.compile(r"^[-+\u2212]?(Rp\s?)?[\d.,\s\u2009]*\d[\d.,\s\u2009]*\s?(rb|jt|M|T|k|B|%)?$|^$")
DATE = re.compile(r"^\d{4}(-\d{2}){0,2}$")
#: a file or folder the text names (an input the figure rests on): data, not a label
PATH = re.compile(r"^[\w.-]+(/[\w.-]+)*\.(csv|xlsx|json|txt)$|^[\w.-]+(/[\w.-]+){2,}/?$")  # a folder: two slashes at least ("cost/case" is no path)


#: a name in code (``days_2016``, ``table5_unit_cost_basis``) and a word of a language (three letters or more)
IDENTIFIER = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
WORD = re.compile(r"[a-z]{3,}")  # CRR_R, UC3, D_G / (1 - CRR_G) hold none


def _pattern(text: str) -> tuple[str, str, re.Pattern]:
    """The label's fixed start and end (a cheap test before the regex) and the regex of the whole label."""
    parts = re.split(r"\{[A-Za-z_][A-Za-z_0-9]*\}", text)
    return parts[0], parts[-1], re.compile("^" + "(.+?)".join(re.escape(p) for p in parts) + "$", re.S)


class Checker:
    """Is a text Indonesian: a catalogue label (fields filled by allowed texts), data or a number?"""

    def __init__(self, data: set[str]):
        ids = {v["id"] for v in catalogue().values()} | set(data_texts().values())
        self.plain = {t for t in ids if "{" not in t}
        self.patterns = [_pattern(t) for t in ids if "{" in t]
        self.data = {" ".join(d.split()) for d in data}
        # figures repeat their texts (ticks, legends) and captions share clauses: each answer is kept
        self._known: dict[tuple[str, int, bool], bool] = {}

    def ok(self, text: str, depth: int = 0) -> bool:
        """``text`` passes whole, or as a label followed by a line break, ``; `` or ``. `` and a text that passes.

        Captions join labels into lines, clauses and sentences; a label may itself hold ``. `` (``dkk. 2019``),
        so every place a separator occurs is tried.
        """
        key = (text, depth, True)
        if key not in self._known:
            self._known[key] = self._whole(text, depth)
        return self._known[key]

    def _whole(self, text: str, depth: int) -> bool:
        text = text.strip()
        if self._one(" ".join(text.split()), depth):
            return True
        for separator, keep in (("\n", ""), ("; ", ""), (". ", "."), (", ", "")):
            start = text.find(separator)
            while start > 0:
                head, tail = text[:start] + keep, text[start + len(separator):]
                if tail.strip() and self._one(" ".join(head.split()), depth) and self.ok(tail, depth):
                    return True
                start = text.find(separator, start + 1)
        return False

    def _one(self, text: str, depth: int) -> bool:
        key = (text, depth, False)
        if key not in self._known:
            self._known[key] = self._label(text, depth)
        return self._known[key]

    def _label(self, text: str, depth: int) -> bool:
        text = text.strip()
        if text in self.plain or text in self.data or NUMBER.match(text) or DATE.match(text) or PATH.match(text):
            return True
        if IDENTIFIER.match(text) or not WORD.search(text):  # days_2016, D_R / (1 - CRR_R): no language
            return True
        if depth > 3:
            return False
        # a name followed by what it is of ("tarif rasional VIP", "biaya operasional rumah sakit 2016")
        words = text.split(" ")
        for k in range(1, len(words)):
            head = " ".join(words[:k])
            if (head in self.plain or head in self.data) and self._one(" ".join(words[k:]), depth + 1):
                return True
        for start, end, p in self.patterns:
            if not (text.startswith(start) and text.endswith(end)):
                continue
            m = p.match(text)
            if m and all(self.ok(g, depth + 1) for g in m.groups()):
                return True
        return False


def figure_texts(fig, draw: bool = True) -> list[str]:
    """Every text a figure draws: titles, axis labels, tick labels, texts, legends.

    ``draw=False`` for a figure about to be drawn anyway (the spy of tests/reproduced.py): tick labels
    update themselves when asked for, and the 54 figures of a reproduce --lang id gave the same texts.
    """
    if draw:
        fig.canvas.draw()
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [ax.get_title(loc) for loc in ("left", "center", "right")]
        found += [ax.get_xlabel(), ax.get_ylabel()]
        found += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        found += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            found += [t.get_text() for t in legend.get_texts()]
            found.append(legend.get_title().get_text())
    return [t for t in found if t.strip()]
