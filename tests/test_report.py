"""The static report: built from a processed folder, checked in a real headless browser."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from jkncost.compendium import paths
from jkncost.compendium.comparison import ASSUMED, EXACT, NOT_REPRODUCIBLE, STATUSES
from jkncost.compendium.report import build_report

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no headless browser installed "
                                                           "(Debian: apt-get install chromium)")


@pytest.fixture
def processed(tmp_path) -> Path:
    folder = tmp_path / "processed"
    demo = folder / "demo"
    demo.mkdir(parents=True)
    pd.DataFrame({
        "figure": ["UC3 VIP", "rational tariff VIP", "Table 5 Kelas I"],
        "published": [428805, 407365, 1275821],
        "reproduced": [428805.2, 407364.75, None],
        "difference": [0.2, -0.25, None],
        "status": [EXACT, ASSUMED, NOT_REPRODUCIBLE],
        "unit": ["Rp"] * 3, "source": ["t4"] * 3, "note": ["", "rule A15", "case mix not published"],
    }).to_csv(demo / "comparison.csv", index=False)
    shutil.copy(paths.notebooks("unit_cost.ipynb"), demo / "demo.ipynb")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    fig.savefig(demo / "figure.png")
    plt.close(fig)
    (folder / "teaching").mkdir()
    return folder


def test_report_has_cards_counts_and_links(processed):
    index = build_report(processed)
    text = index.read_text()
    assert text.count('class="card"') == 2
    assert "1 exact" in text and f"1 {ASSUMED}" in text and f"1 {NOT_REPRODUCIBLE}" in text
    assert "0 by construction" in text  # the four statuses are counted apart, absent ones as zero
    assert 'href="demo.html"' in text and 'href="../demo/comparison.csv"' in text and "../demo/figure.png" in text
    page = (processed / "report" / "demo.html").read_text()
    assert "Biaya satuan" in page and "https://cdnjs" not in page


def browser_console(page: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """DOM after load and the console messages of a headless Chromium."""
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0", "--dump-dom",
           page.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    console = [ln for ln in done.stderr.splitlines() if ":CONSOLE" in ln]
    return done.stdout, console


@needs_browser
def test_console_check_catches_errors(tmp_path):
    # The detector itself: a page with an error must be caught, or the real check proves nothing.
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>notDefined();</script></body></html>")
    _, console = browser_console(bad, tmp_path)
    assert any("Uncaught" in ln for ln in console)


@needs_browser
def test_report_loads_in_a_browser_without_console_errors(processed, tmp_path):
    index = build_report(processed)
    dom, console = browser_console(index, tmp_path)
    assert console == [], console
    assert dom.count('class="card"') == 2
    assert '<span id="nstudies">2</span>' in dom  # the page's script ran


@needs_browser
def test_notebook_page_loads_without_console_errors(processed, tmp_path):
    build_report(processed)
    dom, console = browser_console(processed / "report" / "demo.html", tmp_path)
    assert not [ln for ln in console if "Uncaught" in ln or "Failed" in ln], console
    assert "Biaya satuan" in dom


@pytest.mark.slow
def test_reproduce_end_to_end_gives_every_study_and_a_report_that_loads(tmp_path, monkeypatch, capsys):
    """What `make reproduce` runs, on a copy of the bundled data: every study's outputs, the manifest,
    a fresh `verify`, and the real report (checked in a browser where one is installed)."""
    from jkncost.compendium import manifest
    from jkncost.cli.main import main
    from jkncost.compendium.reproduce import study_notebooks

    root = tmp_path / "compendium"
    shutil.copytree(paths.raw(), root / "data" / "raw")
    shutil.copytree(paths.notebooks(), root / "notebooks", ignore=shutil.ignore_patterns(".*"))
    shutil.copy(paths.root() / "pyproject.toml", root)
    (root / "data" / "processed").mkdir()
    monkeypatch.setenv("JKNCOST_ROOT", str(root))
    assert main(["reproduce", "--no-progress"]) == 0
    studies = [nb.stem for nb in study_notebooks()]
    assert len(studies) == 6
    for stem in studies:
        assert (root / "data" / "processed" / stem / f"{stem}.ipynb").exists(), stem
    for stem in ("pasangkayu", "bone", "caesarean"):
        comparison = pd.read_csv(root / "data" / "processed" / stem / "comparison.csv")
        assert list(comparison.columns[:5]) == ["figure", "published", "reproduced", "difference", "status"]
        assert set(comparison["status"]) <= set(STATUSES) and len(comparison) > 0
    assert sorted(manifest.load()["runs"]) == sorted(studies)
    assert {r["status"] for r in manifest.verify()} == {"fresh"}
    index = root / "data" / "processed" / "report" / "index.html"
    text = index.read_text()
    for stem in studies:
        assert f'href="{stem}.html"' in text, stem
    if BROWSER is not None:
        dom, console = browser_console(index, tmp_path)
        assert console == [], console
        assert f'<span id="nstudies">{len(studies)}</span>' in dom
