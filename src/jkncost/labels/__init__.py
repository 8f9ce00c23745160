"""One catalogue of labels, English and Indonesian, for figures, tables and reports.

Every label a figure, table header, caption or report shows comes from here, so that ``lang="id"``
gives Indonesian everywhere. The catalogue is data: one CSV per area in this folder
(``common.csv``, ``costing.csv``, ``cohort.csv``, ``pasangkayu.csv`` ...), columns ``key, en, id``;
a key is unique across all files. Labels may hold ``str.format`` fields (``{method}``).

Examples
--------
>>> label("center", "id")
'pusat biaya'
>>> label("center", "en")
'cost center'
>>> label("nonsense", "en")
Traceback (most recent call last):
...
KeyError: "no label 'nonsense' in the catalogue (src/jkncost/labels/*.csv)"
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

LANGS = ("en", "id")


def check_lang(lang: str) -> str:
    """``lang`` if it is ``en`` or ``id``; else ValueError naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """``key -> {"en": ..., "id": ...}`` over every CSV of the catalogue; a duplicate key is an error."""
    table: dict[str, dict[str, str]] = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".csv"):
            continue
        with entry.open(encoding="utf-8", newline="") as f:
            for row_no, row in enumerate(csv.DictReader(f), start=2):
                key = row["key"]
                if key in table:
                    raise ValueError(f"labels/{entry.name}:{row_no}: label {key!r} is defined twice")
                if not row.get("en") or not row.get("id"):
                    raise ValueError(f"labels/{entry.name}:{row_no}: label {key!r} needs both en and id")
                table[key] = {"en": row["en"], "id": row["id"]}
    return table


def label(key: str, lang: str = "en", **fields: object) -> str:
    """The label ``key`` in ``lang`` (``en`` or ``id``), with ``fields`` filled in."""
    check_lang(lang)
    try:
        text = catalogue()[key][lang]
    except KeyError:
        raise KeyError(f"no label {key!r} in the catalogue (src/jkncost/labels/*.csv)") from None
    return text.format(**fields) if fields else text


def labels(keys, lang: str = "en") -> dict[str, str]:
    """``{key: label}`` for several keys at once (e.g. to rename table columns)."""
    return {k: label(k, lang) for k in keys}


#: The catalogue key of each status of a published figure (the statuses are defined in
#: :mod:`jkncost.core.statuses`; this module sits below it, so it names them by their text).
STATUS_KEY = {"exact": "exact", "reproduced under stated assumptions": "assumed",
              "by construction": "by_construction", "not reproducible": "not_reproducible"}


def status_label(status: str, lang: str = "en") -> str:
    """A comparison status in ``lang``: ``exact`` -> ``tepat``, ``by construction`` -> ``berdasarkan konstruksi``.

    A text that is not a status is returned unchanged.

    >>> status_label("by construction", "id")
    'berdasarkan konstruksi'
    >>> status_label("exact", "en")
    'exact'
    """
    return label(f"status.{STATUS_KEY[status]}", lang) if status in STATUS_KEY else str(status)


def indonesian_labels() -> frozenset[str]:
    """Every Indonesian label, for tests that check a figure shows no text outside the catalogue."""
    return frozenset(v["id"] for v in catalogue().values())


@cache
def data_texts() -> dict[str, str]:
    """English text of a data file or a study's table -> its Indonesian, from ``labels/data/*.csv`` (``en, id``).

    One file per study (``pasangkayu.csv``, ``bone.csv`` ...) so that studies add their texts apart; the
    English side is the text exactly as the data or the study's code gives it (spaces collapsed).
    """
    table: dict[str, str] = {}
    folder = resources.files(__name__).joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".csv"):
            continue
        with entry.open(encoding="utf-8", newline="") as f:
            for row_no, row in enumerate(csv.DictReader(f), start=2):
                en, id_ = " ".join(row["en"].split()), row["id"].strip()
                if not en or not id_:
                    raise ValueError(f"labels/data/{entry.name}:{row_no}: a text needs both en and id")
                if table.get(en, id_) != id_:
                    raise ValueError(f"labels/data/{entry.name}:{row_no}: {en!r} has two Indonesian texts")
                table[en] = id_
    return table


@cache
def _data_templates() -> list[tuple]:
    import re

    found = []
    for en, id_ in data_texts().items():
        fields = re.findall(r"\{([A-Za-z_][A-Za-z_0-9]*)\}", en)
        if fields:
            parts = re.split(r"\{[A-Za-z_][A-Za-z_0-9]*\}", en)
            found.append((re.compile("^" + "(.+?)".join(re.escape(p) for p in parts) + "$"), fields, id_))
    return found


def data_text(text, lang: str = "en"):
    """A text from a data file (an assumption's rationale, a figure's name, a note) in ``lang``.

    English is the text as given; Indonesian is its entry in :func:`data_texts`, else the text unchanged
    (the language test lists every such text a reader of the Indonesian report would see). Anything
    that is not a string (a number, a missing value) comes back as it is.

    >>> data_text("assumed", "id"), data_text("assumed"), data_text(12.5, "id")
    ('diasumsikan', 'assumed', 12.5)

    A figure's name followed by what it is of is read word group by word group:

    >>> data_text("rational tariff VIP", "id"), data_text("operating cost hospital 2016", "id")
    ('tarif rasional VIP', 'biaya operasional rumah sakit 2016')

    and a text the code composes by its template, each field read again:

    >>> data_text("rational tariff VIP [left out: rational tariff = f x UC3 fitted on Kelas I, Kelas II]", "id")
    'tarif rasional VIP [ditinggalkan: tarif rasional = f x UC3 dicocokkan pada Kelas I, Kelas II]'
    """
    if check_lang(lang) == "en" or not isinstance(text, str):
        return text
    table = data_texts()
    words = text.split()
    whole = " ".join(words)
    if whole in table:
        return table[whole]
    # a text the code composes: an entry with {fields} ("{figure} [left out: {rule} fitted on {others}]"),
    # each field read again
    for pattern, fields, target in _data_templates():
        m = pattern.match(whole)
        if m:
            return target.format(**{f: data_text(v, lang) for f, v in zip(fields, m.groups())})
    # a figure's name followed by what it is of: "rational tariff VIP", "operating cost hospital 2016"
    for k in range(len(words) - 1, 0, -1):
        head = " ".join(words[:k])
        if head in table:
            return f"{table[head]} {data_text(' '.join(words[k:]), lang)}"
    return text


class Text(str):
    """A message from the catalogue: it *is* the English text (``str``), and :meth:`in_lang` gives it in another.

    The engine reports notes for the command line in English; a notebook run with ``lang="id"`` shows the
    same note in Indonesian without the engine knowing the reader's language.

    Examples
    --------
    >>> note = Text("center")
    >>> note == "cost center", note.in_lang("id")
    (True, 'pusat biaya')
    >>> in_lang("plain text", "id")  # any other string stays as it is
    'plain text'
    """

    key: str
    fields: dict

    def __new__(cls, key: str, **fields: object) -> Text:
        text = super().__new__(cls, label(key, "en", **fields))
        text.key, text.fields = key, fields
        return text

    def __reduce__(self):  # travels to worker processes with its key and fields
        return (_text, (self.key, self.fields))

    def in_lang(self, lang: str) -> str:
        """The text in ``lang``; fields that are themselves :class:`Text` are given in ``lang`` too."""
        return label(self.key, lang, **{k: in_lang(v, lang) if hasattr(v, "in_lang") else v
                                        for k, v in self.fields.items()})


class Figure(str):
    """A number as English writes it (``1,234.5``, ``Rp 10,800,000``) that :meth:`in_lang` gives with the marks of
    another language: a field of a :class:`Text` whose figures follow the reader's language.

    Examples
    --------
    >>> Figure("Rp 10,800,000"), Figure("113,400.5").in_lang("id")
    ('Rp 10,800,000', '113.400,5')
    >>> Text("error.more_problems", n=Figure("1,200")).in_lang("id")
    '(dan 1.200 masalah lain)'
    """

    def in_lang(self, lang: str) -> str:
        return str(self) if check_lang(lang) == "en" else str(self).translate(_MARKS)


_MARKS = str.maketrans(",.", ".,")


def _text(key: str, fields: dict) -> Text:
    return Text(key, **fields)


def in_lang(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it is a :class:`Text` (or has ``in_lang``), else unchanged."""
    return text.in_lang(lang) if hasattr(text, "in_lang") else str(text)
