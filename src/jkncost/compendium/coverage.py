"""Every number a source prints, accounted for: compared, or excluded with a reason.

A seed (``shared/seeds/<prefix>_*.txt``) prints numbers in Indonesian style (``1.234.567``,
``75,4%``, ``Rp.1.190.94,-``, ``0,05``), sometimes in English style (``Rp 1,236,793,-``), beside
years, regulation numbers, table numbers and page numbers. :func:`extract_numbers` finds every one
with its line, column and context; :func:`account` says, for each, which published quantity of the
study covers it or which exclusion (``data/raw/<study>/exclusions.csv``) removes it, and
:func:`uncovered` lists those that are neither. ``tests/test_seed_coverage.py`` fails on any.

Readings of a number
--------------------
A token is digits with ``.`` or ``,`` between digit groups. Its readings (:func:`readings`) are every
value a reader could mean:

* groups of three after a first group of one to three digits: thousands (``1.234.567``, ``1,236,793``);
* one separator: a decimal (``75,4``, ``0,05``, ``4.5``), and also thousands when three digits follow
  (``1.077`` is 1077 or 1.077: both are readings);
* anything else (``1.190.94``) is *irregular*: its readings are the digits run together and, with
  the last separator as the decimal mark, the decimal reading. Irregular tokens are flagged; they are
  typically misprints and belong in the study's source audit.

Matching by place
-----------------
A number is accounted for *at its place* (line and column), never by its value alone. A row of the
frame given to :func:`account` (``figure, value, unit`` plus ``quote``, ``group``, ``text``) covers a
number when

* its ``quote`` (the text as printed around the number; several separated by `` | ``) occurs on the
  number's line and contains the number; with a quote, the value need not match (a misprint such as
  ``Rp.1.190.94,-`` is covered by the quantity it misprints);
* or it belongs to a ``group``: the rows of one group are the cells of one printed sequence in reading
  order (a table row's cells, a paragraph's figures), and :func:`locate_in_order` finds the shortest
  run of the seed's numbers that prints them one after the other (each number matching its row's
  ``text`` as printed, else one of its readings equal to ``value`` with the kinds agreeing: a number
  printed with ``%`` only matches a quantity in ``%``, one after ``Rp`` only one in ``Rp``). Each row
  covers the one number at its place in that run; a group not found whole covers nothing and is
  reported by :func:`unplaced`. A group whose rows say ``one_line`` (a paragraph, a table row printed
  on one line) must lie on one line, in order or else each row at the first free number of the line
  that matches it. A number is placed once: a later group takes the next free place. Groups with the same
  ``sequence`` (the sections of a text, in reading order) are found one after another. A row with
  ``anchor`` (a table's row number) only says where its group is and covers nothing: it is excluded or
  not like any other number.

A row with neither covers nothing. ``figure`` may start with ``check:`` (a check of the source against
itself, in the study's source audit) or ``input:`` (a transcribed input with its printed cell); the
account then says ``check: ...`` or ``input: ...`` instead of ``published: ...``.

An exclusion (row of ``exclusions.csv``: ``text, context, locations, reason``) removes a number
whose token equals ``text`` and that lies inside an occurrence of ``context`` on its line
(``Nomor 4456``, ``Tahun 2004``). Only a year (four digits, 1900-2099) may be excluded with an empty
``context`` (every occurrence). An exclusion that removes nothing is reported by
:func:`unused_exclusions`: it is stale or mistyped.

Examples
--------
>>> [(n.text, n.kind, n.readings) for n in extract_numbers("CRR 120% dan Rp 1.236.793,- (p=0,046)")]
[('120', 'percent', (120.0,)), ('1.236.793', 'rupiah', (1236793.0,)), ('0,046', 'plain', (0.046,))]
>>> readings("1.077"), readings("1.190.94")
((1077.0, 1.077), (119094.0, 1190.94))
>>> pub = pd.DataFrame({"figure": ["CRR"], "value": [120.0], "unit": ["%"], "group": ["abstract"]})
>>> exc = pd.DataFrame({"text": ["2014"], "context": [""], "locations": [""], "reason": ["a year"]})
>>> uncovered(extract_numbers("CRR 120% in 2014, 3 wards"), pub, exc)[["text", "line"]].to_dict("records")
[{'text': '3', 'line': 1}]
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jkncost.core import paths
from jkncost.compendium.seedindex import (SEED_INDEX_DIR, _seed_file, build_seed_index, default_seeds_dir,  # noqa: F401
                                          dump_seed_index, read_seed_index, seed_index_path, seed_text_from_index,
                                          write_seed_index)
from jkncost.core.printed import Number, extract_numbers, readings  # noqa: F401  (readings: part of this API)
from jkncost.errors import InputError, Problem

_YEAR = re.compile(r"(19|20)[0-9]{2}")
EXCLUSION_COLUMNS = ("text", "context", "locations", "reason")
ACCOUNT_COLUMNS = ["line", "column", "text", "kind", "readings", "irregular", "covered_by", "context"]


def read_seed(prefix: str, seeds_dir: str | os.PathLike[str] | None = None) -> tuple[Path, str]:
    """The seed ``prefix``'s file and text.

    Without ``seeds_dir``, from the committed index (:func:`read_seed_index`; works on any clone): the path is
    the seed's file name and the text has every line holding a digit at its number (others empty), so every
    number keeps its line and column. With ``seeds_dir``, the file ``<prefix>_*.txt`` there, read whole (UTF-8).
    """
    if seeds_dir is None:
        index = read_seed_index(prefix)
        return Path(index["seed"]), seed_text_from_index(index)
    path = _seed_file(prefix, Path(seeds_dir))
    return path, path.read_text(encoding="utf-8")


def read_exclusions(path: str | os.PathLike[str]) -> pd.DataFrame:
    """``exclusions.csv`` (``text, context, locations, reason``), every cell as text; a missing reason is refused."""
    full = paths.resolve(path)
    name = paths.relative(full)
    # not the one reader, which strips cells: a context's spaces and tabs ("\t1") are the seed line as printed
    df = pd.read_csv(full, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in ("text", "reason") if c not in df.columns]
    if missing:
        raise InputError(Problem(name, f"missing column(s): {', '.join(missing)}", row=1))
    for c in EXCLUSION_COLUMNS:
        if c not in df.columns:
            df[c] = ""
    problems = [Problem(name, "an exclusion needs a reason", row=i + 2, column="reason")
                for i, r in enumerate(df["reason"]) if not r.strip()]
    problems += [Problem(name, "no number to exclude", row=i + 2, column="text")
                 for i, t in enumerate(df["text"]) if not t.strip()]
    if problems:
        raise InputError(problems)
    return df[list(EXCLUSION_COLUMNS)]


def _quotes(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [q.strip() for q in str(value).split(" | ") if q.strip()]


def _inside_quote(n: Number, quote: str) -> bool:
    start, end = n.span
    i = n.line_text.find(quote)
    while i >= 0:
        if i <= start and end <= i + len(quote):
            return True
        i = n.line_text.find(quote, i + 1)
    return False


def _unit_kind(unit: object) -> str:
    u = str(unit or "").strip().lower()
    return "percent" if u in ("%", "percent") else "rupiah" if u.startswith("rp") else "plain"


def _role(figure: str) -> str:
    for role in ("check", "input"):
        if figure.startswith(role + ":"):
            return figure
    return f"published: {figure}"


def _cell(text: object) -> str:
    return "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text).strip()


def matches(n: Number, value: object, unit: object = "", text: object = "") -> bool:
    """Whether number ``n`` prints this cell: its token equals ``text`` when given, else one of its readings
    equals ``value`` (sign ignored: a deficit is printed without its minus) and the kinds agree."""
    printed = _cell(text)
    if printed:
        return n.text == printed
    if value is None or pd.isna(value):
        return False
    if n.kind != "plain" and n.kind != _unit_kind(unit):
        return False
    v = abs(float(value))
    return any(abs(r - v) <= 1e-9 * max(1.0, v) for r in n.readings)


def locate_in_order(numbers: list[Number], cells: list[dict]) -> list[Number] | None:
    """The shortest run of ``numbers`` that prints ``cells`` one after the other (``None`` if there is none).

    Each cell is a dict with ``value``, ``unit`` and optionally ``text`` (:func:`matches`). Numbers between
    two cells may be other things (row numbers, years); the run is the one whose first and last numbers are
    closest, the earliest among equals.

    >>> nums = extract_numbers("1 Kantor 10 20 30\\n2 IGD 5 20 25")
    >>> [(n.line, n.text) for n in locate_in_order(nums, [{"value": 5, "unit": "Rp"}, {"value": 25, "unit": "Rp"}])]
    [(2, '5'), (2, '25')]
    """
    if not cells:
        return []
    best: tuple[int, list[Number]] | None = None
    first = cells[0]
    for start, n in enumerate(numbers):
        if not matches(n, first.get("value"), first.get("unit"), first.get("text")):
            continue
        run, k = [n], start
        for cell in cells[1:]:
            k += 1
            while k < len(numbers) and not matches(numbers[k], cell.get("value"), cell.get("unit"), cell.get("text")):
                k += 1
            if k == len(numbers):
                break
            run.append(numbers[k])
        if len(run) == len(cells) and (best is None or k - start < best[0]):
            best = (k - start, run)
    return None if best is None else best[1]


def _flag(value: object) -> bool:
    """A yes/no cell: only a true boolean is yes (an empty cell of a mixed column is NaN, which is not)."""
    return value is True or (hasattr(value, "dtype") and value.dtype == bool and bool(value))


def _groups(published: pd.DataFrame):
    if "group" not in published.columns:
        return
    grouped = published[published["group"].map(_cell) != ""]
    for name, g in grouped.groupby(grouped["group"].map(_cell), sort=False):
        yield name, g.to_dict("records")


def _any_order(nums: list[Number], cells: list[dict]) -> list[Number] | None:
    run, used = [], set()
    for cell in cells:
        hit = next((n for n in nums if id(n) not in used
                    and matches(n, cell.get("value"), cell.get("unit"), cell.get("text"))), None)
        if hit is None:
            return None
        used.add(id(hit))
        run.append(hit)
    return run


def _on_one_line(numbers: list[Number], cells: list[dict]) -> list[Number] | None:
    """The cells on one line: the first line that prints them in order, else the first line where each cell is
    the first matching number not yet used (cells in their order)."""
    by_line: dict[int, list[Number]] = {}
    for n in numbers:
        by_line.setdefault(n.line, []).append(n)
    for find in (locate_in_order, _any_order):
        for line in sorted(by_line):
            run = find(by_line[line], cells)
            if run is not None:
                return run
    return None


def _placements(numbers: list[Number], published: pd.DataFrame):
    """Every group with its run (``None`` when not found), groups in order; a number is placed once, and the
    groups of one ``sequence`` are found one after another in reading order."""
    position = {id(n): i for i, n in enumerate(numbers)}
    taken: set[tuple[int, int]] = set()
    after: dict[str, int] = {}
    for name, records in _groups(published):
        sequence = _cell(records[0].get("sequence"))
        start = after.get(sequence, 0) if sequence else 0
        pool = [n for n in numbers[start:] if (n.line, n.column) not in taken]
        one_line = any(_flag(r.get("one_line")) for r in records)
        run = _on_one_line(pool, records) if one_line else locate_in_order(pool, records)
        if run is not None:
            for rec, n in zip(records, run):
                if not _flag(rec.get("anchor")):
                    taken.add((n.line, n.column))
            if sequence:
                after[sequence] = position[id(run[-1])] + 1
        yield name, records, run


def placed(numbers: list[Number], published: pd.DataFrame) -> dict[tuple[int, int], str]:
    """``(line, column)`` -> what covers the number there, for every row placed through its ``group`` (an
    ``anchor`` row, such as a row number that only says where a table row is, covers nothing)."""
    out: dict[tuple[int, int], str] = {}
    for _, records, run in _placements(numbers, published):
        for rec, n in zip(records, run or []):
            if not _flag(rec.get("anchor")):
                out.setdefault((n.line, n.column), _role(str(rec["figure"])))
    return out


def unplaced(numbers: list[Number], published: pd.DataFrame) -> list[str]:
    """The groups of ``published`` whose printed sequence is not found in ``numbers`` (each covers nothing)."""
    return [name for name, _, run in _placements(numbers, published) if run is None]


def _quoted(n: Number, published: pd.DataFrame) -> str:
    if "quote" not in published.columns:
        return ""
    for figure, quote in zip(published["figure"], published["quote"]):
        if any(_inside_quote(n, q) for q in _quotes(quote)):
            return _role(str(figure))
    return ""


def _excluding_row(n: Number, exclusions: pd.DataFrame) -> int | None:
    for i, rec in enumerate(exclusions.to_dict("records")):
        context = (rec.get("context") or "").strip("\n")
        if rec["text"].strip() == n.text and (context.strip() == "" and _YEAR.fullmatch(n.text)
                                               or context.strip() != "" and _inside_quote(n, context)):
            return i
    return None


def _covers(numbers: list[Number], published: pd.DataFrame, exclusions: pd.DataFrame,
            cited: pd.DataFrame | None = None):
    where = placed(numbers, published)
    for n in numbers:
        covered = where.get((n.line, n.column)) or _quoted(n, published)
        hit = cited_hit = None
        if not covered:
            hit = _excluding_row(n, exclusions)
            if hit is not None:
                covered = f"excluded: {exclusions.iloc[hit]['reason']}"
            elif cited is not None:
                cited_hit = _excluding_row(n, cited)
                if cited_hit is not None:
                    covered = f"cited: {cited.iloc[cited_hit]['reason']}"
        yield n, covered, hit, cited_hit


def account(numbers: list[Number], published: pd.DataFrame, exclusions: pd.DataFrame,
            cited: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per number: ``covered_by`` names what accounts for it at its place ("" if nothing does).

    A published quantity (or a source check, an input) wins over an exclusion, so a figure compared in the
    study is never reported as excluded. ``cited`` (same columns as an exclusions file) lists numbers that
    are quantities but not of the study (a figure quoted from another study, a condition the package does
    not model): they are accounted for as ``cited: <reason>``, never as identifiers.
    """
    rows = [{"line": n.line, "column": n.column, "text": n.text, "kind": n.kind,
             "readings": "; ".join(f"{r:g}" for r in n.readings), "irregular": n.irregular,
             "covered_by": covered, "context": n.context}
            for n, covered, _, _ in _covers(numbers, published, exclusions, cited)]
    return pd.DataFrame(rows, columns=ACCOUNT_COLUMNS)


def uncovered(numbers: list[Number], published: pd.DataFrame, exclusions: pd.DataFrame,
              cited: pd.DataFrame | None = None) -> pd.DataFrame:
    """The numbers that nothing accounts for at their place."""
    df = account(numbers, published, exclusions, cited)
    return df[df["covered_by"] == ""].reset_index(drop=True)


def unused_exclusions(numbers: list[Number], published: pd.DataFrame, exclusions: pd.DataFrame,
                      cited: pd.DataFrame | None = None) -> pd.DataFrame:
    """Exclusions (and, with ``cited``, cited rows, marked ``file == 'cited'``) that remove no number: stale or
    mistyped, with their row as a person counts it (header = 1)."""
    used, used_cited = set(), set()
    for _, _, hit, cited_hit in _covers(numbers, published, exclusions, cited):
        if hit is not None:
            used.add(hit)
        if cited_hit is not None:
            used_cited.add(cited_hit)
    rows = [i for i in range(len(exclusions)) if i not in used]
    out = exclusions.iloc[rows].assign(row=[i + 2 for i in rows], file="exclusions")
    if cited is not None:
        rows = [i for i in range(len(cited)) if i not in used_cited]
        out = pd.concat([out, cited.iloc[rows].assign(row=[i + 2 for i in rows], file="cited")])
    return out


#: What an exclusion may be: an identifier, never a quantity (issue 25). A quantity that is not the study's
#: (a figure quoted from elsewhere) goes to the seed's ``cited`` file instead.
IDENTIFIER = re.compile(r"\b(?:year|date|day|month|century|regulation|gazette|table|row|page|affiliation|endnote|"
                        r"article|paragraph|item|name|e-mail|postal code|telephone|web address|volume|ordinal|"
                        r"ICD-10|code|time of publication|identifier|number)\b", re.I)


# ----------------------------------------------------------------------------------------------- registry

@dataclass(frozen=True)
class SeedEntry:
    """How one seed is accounted for: the function (``"module:function"``) returning its published
    quantities (``figure, value, unit[, quote]``), its exclusions file (identifiers) and its cited file
    (quantities that are not the study's), relative to the repository root. ``published`` is empty while the
    study has not been wired in."""

    study: str
    published: str
    exclusions: str
    cited: str = ""


#: seed file prefix -> how its numbers are accounted for
REGISTRY: dict[str, SeedEntry] = {
    "000": SeedEntry("caesarean", "jkncost.studies.caesarean.comparison:seed_quantities",
                     "data/raw/caesarean/exclusions.csv"),
    "001": SeedEntry("jkn_rules", "jkncost.studies.jkn_rules.comparison:seed001_quantities",
                     "data/raw/jkn_rules/exclusions_001.csv", "data/raw/jkn_rules/cited_001.csv"),
    "002": SeedEntry("pasangkayu", "jkncost.studies.pasangkayu.comparison:seed_quantities",
                     "data/raw/pasangkayu/exclusions.csv", "data/raw/pasangkayu/cited.csv"),
    "003": SeedEntry("jkn_rules", "jkncost.studies.jkn_rules.comparison:seed003_quantities",
                     "data/raw/jkn_rules/exclusions_003.csv", "data/raw/jkn_rules/cited_003.csv"),
    "004": SeedEntry("bone", "jkncost.studies.bone.comparison:seed_quantities", "data/raw/bone/exclusions.csv",
                     "data/raw/bone/cited.csv"),
}


def published_quantities(prefix: str) -> pd.DataFrame:
    """The published quantities of seed ``prefix`` through its registry entry."""
    import importlib

    entry = REGISTRY[prefix]
    if not entry.published:
        raise NotImplementedError(f"seed {prefix} ({entry.study}) has no published-quantities function yet")
    module, _, name = entry.published.partition(":")
    return getattr(importlib.import_module(module), name)()


def seed_account(prefix: str, seeds_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """:func:`account` of seed ``prefix`` against its study's published quantities and exclusions."""
    _, text = read_seed(prefix, seeds_dir)
    entry = REGISTRY[prefix]
    return account(extract_numbers(text), published_quantities(prefix), read_exclusions(entry.exclusions),
                   read_cited(prefix))


def read_cited(prefix: str) -> pd.DataFrame | None:
    """The cited file of seed ``prefix`` (:func:`read_exclusions` format), or None when it has none."""
    entry = REGISTRY[prefix]
    return read_exclusions(entry.cited) if entry.cited else None


def main(argv: list[str] | None = None) -> int:
    """``python -m jkncost.compendium.coverage [SEEDS_DIR]``: (re)write the index of every registered seed."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else default_seeds_dir()
    for prefix in sorted(REGISTRY):
        print(paths.relative(write_seed_index(prefix, folder)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
