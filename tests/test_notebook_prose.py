"""Prose that cannot drift from the numbers: markdown cells state no number that code does not compute.

A number in a notebook's narrative is rendered from a variable (``IPython.display.Markdown`` in a code
cell), so a change of data or code changes the prose with it. Markdown cells may still hold digits
that are names, not quantities: years, regulation numbers (``3/2023``), table and section numbers,
seed numbers and file names, identifiers such as ``UC3``, ``A15``, ``D8`` or ``O34.2``, dates, and
the numbering of lists and headings. Everything else is reported with the cell and the text around it.
"""

from __future__ import annotations

import json
import re

import pytest

from jkncost.core import paths

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember")
#: Digits that name something rather than state a quantity; removed before looking for numbers.
ALLOWED = [
    re.compile(p) for p in (
        r"`[^`\n\d]*(?:(?<![\d.,])[01](?![\d.,])[^`\n\d]*)*`",  # a formula in code whose only constants are 0 and 1
        r"\$\$?[^$\d]*(?:(?<![\d.,])[01](?![\d.,])[^$\d]*)*\$?\$",  # the same in TeX ($UC_3 = VC / Q$, $1 - D / C$)
        r"\b\d{3}_[0-9a-f]{16}(?:\.txt)?",                     # seed file names
        r"\b[Ss]eeds? \d{3}(?:(?:,| and| dan|/) ?\d{3})*",     # seed numbers
        r"\b[Nn]askah\s+sumber \d{3}(?:(?:,| dan|/) ?\d{3})*",  # seed numbers, in Indonesian
        rf"\b\d{{1,2}} (?:{_MONTHS}) (?:19|20)\d{{2}}",        # dates
        r"\b\d{1,3}/(?:19|20)\d{2}\b",                         # regulation numbers (Permenkes 3/2023)
        r"\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2,4})?\b",  # years and year ranges
        r"\b(?:Tabel|Table|Tables|Tabel-tabel|Gambar|Figure|Section|section|sections|Pasal|Art\.|Article|"
        r"issue|Issue|step|Step|stage|stage s|Bab|BAB|item|items|exercise|Exercise|Exercises|part|Part|version|"
        # the same names in Indonesian twins: bagian (section), langkah (step), tahap (stage), butir (item),
        # nomor (number), latihan (exercise), versi
        r"[Bb]agian|[Ll]angkah|[Tt]ahap|[Bb]utir|[Nn]omor|[Ll]atihan|[Vv]ersi)"
        r" #?\d+(?:\s*(?:[-–,]|and|dan|to|sampai)\s*\d+)*",     # table, section, article, item numbers
        r"#\d+",                                               # issue numbers
        r"\b(?:[Cc]lass(?:es)?|[Kk]elas)\s+[1-3](?:\s*(?:,|and|or|to|dan)\s*[1-3])*\b",  # classes of care: names
        r"\b[A-Za-z][A-Za-z_]*-?\d+(?:\.\d+)?[a-z]?\b",        # identifiers: UC3, TC1, A15, D8, O34.2, INA-CBG codes
        r"\b[A-Z]-\d+-\d+-[IV]+\b",                            # INA-CBG codes O-6-10-I
        r"(?m)^\s*#+\s*\d+(?:\.\d+)*\.?",                      # numbered headings
        r"(?m)^\s*(?:[-*]\s*)?\d+[.)]\s",                      # numbered lists
        r"(?m)^\s*\d+\.\d+\s",                                  # numbered sub-items (exercise 2.1)
    )
]
_DIGITS = re.compile(r"\d[\d.,]*")

#: Notebooks whose owners have not yet moved the numbers of their prose into code (the reason says whose).
PENDING: dict[str, str] = {}


def stray_numbers(markdown: str) -> list[str]:
    """The numbers of ``markdown`` that :data:`ALLOWED` does not explain, each with a little context."""
    text = markdown
    for pattern in ALLOWED:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    found = []
    for m in _DIGITS.finditer(text):
        a, b = max(0, m.start() - 30), min(len(markdown), m.end() + 30)
        found.append(f"{m.group(0)!r} in '...{markdown[a:b]}...'".replace("\n", " "))
    return found


def test_stray_numbers_finds_quantities_and_spares_names():
    assert stray_numbers("Tabel 4 of seed 002, Permenkes 3/2023, UC3 and A15 (2017 data)") == []
    assert stray_numbers("## 2. Seed 003\n1. the VIP tariff") == []
    assert stray_numbers("entitled to class 2 moving to Kelas 1; classes 1 and 2") == []
    assert stray_numbers("so `C = D / (1 − CRR)`") == []
    assert stray_numbers("so $C = D / (1 - CRR)$ and $$UC_3^{norm} = \\frac{VC}{Q}$$") == []
    assert len(stray_numbers("a fraction $0.95 \\cdot UC_3$")) == 1
    assert len(stray_numbers("a fraction `0.95 x UC3`")) == 1
    assert stray_numbers("### Exercises 2\n\n2.1 For Pasangkayu, which input (format version 2)?") == []
    assert len(stray_numbers("2.1 is the answer")) == 0 and len(stray_numbers("the answer is 2.1")) == 1
    found = stray_numbers("the cap of 75% binds from Rp 4.086.600")
    assert [f.split(" in ")[0] for f in found] == ["'75'", "'4.086.600'"]


NOTEBOOKS = sorted(p.name for p in paths.notebooks().glob("*.ipynb") if not p.name.startswith("."))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_markdown_states_no_number_that_code_does_not_compute(name, request):
    if name in PENDING:
        request.applymarker(pytest.mark.xfail(reason=PENDING[name], strict=False))
    nb = json.loads(paths.notebooks(name).read_text(encoding="utf-8"))
    problems = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            problems += [f"cell {i}: {s}" for s in stray_numbers("".join(cell["source"]))]
    assert not problems, f"{name}: numbers in markdown (render them from variables):\n" + "\n".join(problems)
