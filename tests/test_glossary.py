"""The course glossary (docs/glossary.csv): well formed, holds the course's Indonesian textbook and Kemenkes terms,
and the label catalogue uses its terms where they apply."""

from __future__ import annotations

import csv
import re

import pytest

from jkncost.core import paths
from jkncost.labels import catalogue

GLOSSARY = paths.root() / "docs" / "glossary.csv"
#: Terms a hospital-costing course in Indonesia cannot do without (the textbook's and Kemenkes' words).
REQUIRED = ["biaya satuan", "distribusi ganda", "tarif rasional", "BOR", "ALOS", "TOI", "BTO", "AIC", "ATP", "WTP",
            "CRR", "INA-CBG", "pusat biaya penunjang", "pusat biaya produksi", "biaya asli", "distribusi I",
            "distribusi II", "biaya tetap", "biaya semi variabel", "biaya variabel", "luaran normatif",
            "tingkat pemulihan biaya", "kemampuan membayar", "kemauan membayar"]
#: Labels whose English side uses a glossary word in another sense.
OTHER_SENSE = {"bone.print.output_folder": "a folder of output files, not the output of a cost center"}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with open(GLOSSARY, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["indonesian", "english", "definition"]
        return list(reader)


def _variants(indonesian: str) -> list[str]:
    return [v.strip() for v in indonesian.split(" / ")]


def _abbreviation(english: str) -> str | None:
    m = re.search(r"\(([A-Z][A-Za-z0-9-]+)\)", english)
    return m.group(1) if m else None


def test_glossary_is_well_formed(rows):
    assert len(rows) >= 40
    for i, r in enumerate(rows, start=2):
        assert all(r[k] and r[k].strip() == r[k] for k in ("indonesian", "english", "definition")), f"row {i}: {r}"
        assert r["definition"].endswith("."), f"row {i}: a definition is a sentence"
    keys = [r["indonesian"].casefold() for r in rows]
    assert len(keys) == len(set(keys)), "an Indonesian term is defined twice"


def test_glossary_holds_the_course_terms(rows):
    text = " | ".join(f"{r['indonesian']} | {r['english']}" for r in rows)
    missing = [t for t in REQUIRED if not re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", text)]
    assert missing == []


def test_the_catalogue_uses_the_glossary_terms(rows):
    """A label whose English side uses a glossary term says it in Indonesian with the glossary's term (every word
    of it, or its abbreviation), or keeps the English words as a quotation of a source or a loan word."""
    problems = []
    for r in rows:
        english = re.sub(r"\s*\(.*?\)", "", r["english"]).strip().lower()
        short = _abbreviation(r["english"])
        for key, text in catalogue().items():
            if key in OTHER_SENSE or not re.search(rf"\b{re.escape(english)}\b", text["en"].lower()):
                continue
            indonesian = text["id"].lower()
            if english in indonesian or (short and short.lower() in indonesian):
                continue
            if any(all(re.search(rf"\b{re.escape(w)}\b", indonesian) for w in v.lower().split())
                   for v in _variants(r["indonesian"])):
                continue
            problems.append(f"{key}: {text['id']!r} lacks {r['indonesian']!r} ({english})")
    assert problems == []


def test_the_course_labels_name_the_double_distribution_columns(rows):
    terms = {r["indonesian"] for r in rows}
    for key in ("course.col.asli", "course.col.distribusi_I", "course.col.distribusi_II"):
        assert catalogue()[key]["id"] in terms
