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

Matching
--------
A published quantity (a row of the frame given to :func:`account`: ``figure, value, unit`` and an
optional ``quote``) covers a number when

* its ``quote`` (the text as printed around the number; several separated by `` | ``) occurs on the
  number's line and contains the number; with a quote, the value need not match (a misprint such as
  ``Rp.1.190.94,-`` is covered by the quantity it misprints);
* or, without a quote, one reading equals ``value`` and the kinds agree: a number printed with ``%``
  only matches a quantity in ``%``, one printed after ``Rp`` only a quantity in ``Rp``.

An exclusion (row of ``exclusions.csv``: ``text, context, locations, reason``) removes a number
whose token equals ``text`` and that lies inside an occurrence of ``context`` on its line
(``Nomor 4456``, ``Tahun 2004``; every occurrence of the token when ``context`` is empty). An
exclusion that removes nothing is reported by :func:`unused_exclusions`: it is stale or mistyped.

Examples
--------
>>> [(n.text, n.kind, n.readings) for n in extract_numbers("CRR 120% dan Rp 1.236.793,- (p=0,046)")]
[('120', 'percent', (120.0,)), ('1.236.793', 'rupiah', (1236793.0,)), ('0,046', 'plain', (0.046,))]
>>> readings("1.077"), readings("1.190.94")
((1077.0, 1.077), (119094.0, 1190.94))
>>> pub = pd.DataFrame({"figure": ["CRR"], "value": [120.0], "unit": ["%"]})
>>> exc = pd.DataFrame({"text": ["2014"], "context": [""], "locations": [""], "reason": ["a year"]})
>>> uncovered(extract_numbers("CRR 120% in 2014, 3 wards"), pub, exc)[["text", "line"]].to_dict("records")
[{'text': '3', 'line': 1}]
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jkncost.compendium import paths
from jkncost.errors import InputError, Problem

#: digits with ``.`` or ``,`` strictly between digit groups (a trailing ``,-`` or full stop is not part of it)
_TOKEN = re.compile(r"(?<![0-9])[0-9]+(?:[.,][0-9]+)*")
_RUPIAH_BEFORE = re.compile(r"Rp\s*\.?\s*$", re.I)
_PERCENT_AFTER = re.compile(r"^\s*%")
_CONTEXT = 40
EXCLUSION_COLUMNS = ("text", "context", "locations", "reason")
ACCOUNT_COLUMNS = ["line", "column", "text", "kind", "readings", "irregular", "covered_by", "context"]


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


#: where the committed seed indexes live (relative to the repository root)
SEED_INDEX_DIR = "data/raw/seeds"
_DIGIT = re.compile(r"[0-9]")


def build_seed_index(prefix: str, seeds_dir: str | os.PathLike[str] | None = None) -> dict:
    """What the coverage checks need from seed ``prefix``, derived from its text.

    Parameters
    ----------
    prefix : str
        Seed file prefix (``"002"`` for ``002_*.txt``).
    seeds_dir : path, optional
        The folder of the source texts (default :func:`default_seeds_dir`).

    Returns
    -------
    dict
        ``seed`` (the file name), ``sha256`` (of its bytes), ``n_lines`` (``len(text.splitlines())``) and
        ``lines``: ``[line number, exact text]`` of every line that holds a digit, in order.

    Notes
    -----
    Lines are numbered as :func:`extract_numbers` numbers them (``str.splitlines``, from 1), so every
    number token keeps its line and column: :func:`seed_text_from_index` puts the kept lines back at
    their numbers and leaves the others empty. A line without a digit holds no number to account for.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "009_x.txt").write_text("Judul\\nCRR 120%\\n", encoding="utf-8")
    >>> index = build_seed_index("009", d)
    >>> index["seed"], index["n_lines"], index["lines"]
    ('009_x.txt', 2, [[2, 'CRR 120%']])
    >>> seed_text_from_index(index).splitlines()
    ['', 'CRR 120%']
    """
    path = _seed_file(prefix, Path(seeds_dir) if seeds_dir is not None else default_seeds_dir())
    data = path.read_bytes()
    lines = data.decode("utf-8").splitlines()
    return {"seed": path.name, "sha256": hashlib.sha256(data).hexdigest(), "n_lines": len(lines),
            "lines": [[i, line] for i, line in enumerate(lines, start=1) if _DIGIT.search(line)]}


def seed_index_path(prefix: str) -> Path:
    """The committed index of seed ``prefix``: ``data/raw/seeds/<prefix>.lines.json``."""
    return paths.root() / SEED_INDEX_DIR / f"{prefix}.lines.json"


def dump_seed_index(index: dict) -> str:
    """The index as JSON text, one kept line of the seed per line of the file (readable diffs)."""
    head = {k: index[k] for k in ("seed", "sha256", "n_lines")}
    body = ",\n".join("    " + json.dumps(entry, ensure_ascii=False) for entry in index["lines"])
    return (json.dumps(head, ensure_ascii=False)[:-1] + ',\n  "lines": [\n' + body + "\n  ]\n}\n")


def write_seed_index(prefix: str, seeds_dir: str | os.PathLike[str] | None = None) -> Path:
    """Build the index of seed ``prefix`` (:func:`build_seed_index`) and write it where :func:`seed_index_path` says."""
    out = seed_index_path(prefix)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump_seed_index(build_seed_index(prefix, seeds_dir)), encoding="utf-8")
    return out


def read_seed_index(prefix: str) -> dict:
    """The committed index of seed ``prefix`` (:func:`seed_index_path`)."""
    path = seed_index_path(prefix)
    if not path.is_file():
        raise FileNotFoundError(f"no seed index {paths.relative(path)}: run "
                                f"'python -m jkncost.compendium.coverage SEEDS_DIR' where the seeds are")
    return json.loads(path.read_text(encoding="utf-8"))


def seed_text_from_index(index: dict) -> str:
    """The seed's text as the checks see it: every line with a digit at its number, the others empty."""
    lines = [""] * index["n_lines"]
    for number, text in index["lines"]:
        lines[number - 1] = text
    return "\n".join(lines)


def _seed_file(prefix: str, folder: Path) -> Path:
    hits = sorted(folder.glob(f"{prefix}_*.txt"))
    if not hits:
        raise FileNotFoundError(f"no seed {prefix}_*.txt in {folder}")
    return hits[0]


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


def default_seeds_dir() -> Path:
    """``../shared/seeds`` relative to the repository root: the source texts, present in CI and on the project
    machine but not beside a user's clone (the checks read the committed index, :func:`read_seed`)."""
    return paths.root().parent / "shared" / "seeds"


def read_exclusions(path: str | os.PathLike[str]) -> pd.DataFrame:
    """``exclusions.csv`` (``text, context, locations, reason``), every cell as text; a missing reason is refused."""
    full = paths.resolve(path)
    name = paths.relative(full)
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


def _covering_quantity(n: Number, published: pd.DataFrame) -> str:
    for rec in published.to_dict("records"):
        quotes = _quotes(rec.get("quote"))
        if quotes:
            if any(_inside_quote(n, q) for q in quotes):
                return f"published: {rec['figure']}"
            continue
        value = rec.get("value")
        if value is None or pd.isna(value):
            continue
        if n.kind != "plain" and n.kind != _unit_kind(rec.get("unit")):
            continue
        v = float(value)
        if any(abs(r - v) <= 1e-9 * max(1.0, abs(v)) for r in n.readings):
            return f"published: {rec['figure']}"
    return ""


def _excluding_row(n: Number, exclusions: pd.DataFrame) -> int | None:
    for i, rec in enumerate(exclusions.to_dict("records")):
        context = (rec.get("context") or "").strip()
        if rec["text"].strip() == n.text and (not context or _inside_quote(n, context)):
            return i
    return None


def account(numbers: list[Number], published: pd.DataFrame, exclusions: pd.DataFrame) -> pd.DataFrame:
    """One row per number: ``covered_by`` names the published quantity or the exclusion's reason ("" if neither).

    A published quantity wins over an exclusion, so a figure compared in the study is never reported as excluded.
    """
    rows = []
    for n in numbers:
        covered = _covering_quantity(n, published)
        if not covered:
            hit = _excluding_row(n, exclusions)
            if hit is not None:
                covered = f"excluded: {exclusions.iloc[hit]['reason']}"
        rows.append({"line": n.line, "column": n.column, "text": n.text, "kind": n.kind,
                     "readings": "; ".join(f"{r:g}" for r in n.readings), "irregular": n.irregular,
                     "covered_by": covered, "context": n.context})
    return pd.DataFrame(rows, columns=ACCOUNT_COLUMNS)


def uncovered(numbers: list[Number], published: pd.DataFrame, exclusions: pd.DataFrame) -> pd.DataFrame:
    """The numbers that no published quantity covers and no exclusion removes."""
    df = account(numbers, published, exclusions)
    return df[df["covered_by"] == ""].reset_index(drop=True)


def unused_exclusions(numbers: list[Number], published: pd.DataFrame, exclusions: pd.DataFrame) -> pd.DataFrame:
    """Exclusions that remove no number (stale or mistyped), with their row as a person counts it (header = 1)."""
    used = set()
    for n in numbers:
        if not _covering_quantity(n, published):
            hit = _excluding_row(n, exclusions)
            if hit is not None:
                used.add(hit)
    rows = [i for i in range(len(exclusions)) if i not in used]
    return exclusions.iloc[rows].assign(row=[i + 2 for i in rows])


# ----------------------------------------------------------------------------------------------- registry

@dataclass(frozen=True)
class SeedEntry:
    """How one seed is accounted for: the function (``"module:function"``) returning its published
    quantities (``figure, value, unit[, quote]``) and its exclusions file (relative to the repository root).
    ``published`` is empty while the study has not been wired in."""

    study: str
    published: str
    exclusions: str


#: seed file prefix -> how its numbers are accounted for
REGISTRY: dict[str, SeedEntry] = {
    "000": SeedEntry("caesarean", "jkncost.cohort.published:seed_quantities", "data/raw/caesarean/exclusions.csv"),
    "001": SeedEntry("jkn_rules", "jkncost.jkn.published:seed001_quantities", "data/raw/jkn_rules/exclusions_001.csv"),
    "002": SeedEntry("pasangkayu", "jkncost.studies.pasangkayu.comparison:seed_quantities",
                     "data/raw/pasangkayu/exclusions.csv"),
    "003": SeedEntry("jkn_rules", "jkncost.jkn.published:seed003_quantities", "data/raw/jkn_rules/exclusions_003.csv"),
    "004": SeedEntry("bone", "jkncost.studies.bone.comparison:seed_quantities", "data/raw/bone/exclusions.csv"),
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
    return account(extract_numbers(text), published_quantities(prefix), read_exclusions(entry.exclusions))


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
