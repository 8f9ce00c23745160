"""The documentation's relative links resolve: README.md and every docs/*.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")  # [text](target "title")


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def relative_links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)  # code is not a link
    links = [m.group(1) for m in LINK.finditer(text)]
    return [t for t in links if not re.match(r"^[a-z][a-z0-9+.-]*:", t) and not t.startswith("#")]


@pytest.mark.parametrize("doc", documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(doc):
    broken = [t for t in relative_links(doc) if not (doc.parent / t.split("#")[0]).exists()]
    assert not broken, f"{doc.relative_to(ROOT)}: broken links {broken}"


def test_the_format_document_is_linked_from_the_readme():
    assert "docs/hospital-folder.md" in relative_links(ROOT / "README.md")
    assert "../README.md" in relative_links(ROOT / "docs" / "hospital-folder.md")


def test_the_checker_sees_a_broken_link(tmp_path):
    (tmp_path / "a.md").write_text("see [b](b.md) and [web](https://example.org) and [top](#x)\n")
    assert relative_links(tmp_path / "a.md") == ["b.md"]
