"""The static report: built from a processed folder, checked in a real headless browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from jkncost.core import paths
from jkncost.core.comparison import ASSUMED, EXACT, NOT_REPRODUCIBLE, STATUSES
from jkncost.compendium.notebook import declared_parameters, study_notebook
from jkncost.compendium.report import build_report, report_language

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no headless browser installed "
                                                           "(Debian: apt-get install chromium)")


def _processed(folder: Path, notebook: Path | None = None) -> Path:
    """A processed folder with one study, ``demo``: a comparison of each status, a figure, and as its executed
    notebook a copy of ``notebook`` (else a small notebook in the studies' shape, with ``lang``)."""
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
    if notebook is not None:
        shutil.copy(notebook, demo / "demo.ipynb")
    else:
        study_notebook(demo / "demo.ipynb", 'lang: Literal["en", "id"] = "en"  # labels', "print('demo')")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    fig.savefig(demo / "figure.png")
    plt.close(fig)
    (folder / "teaching").mkdir()
    return folder


@pytest.fixture
def processed(tmp_path) -> Path:
    """:func:`_processed` with a small notebook: for the tests of the index (no rendering of a long notebook page
    for each of them)."""
    return _processed(tmp_path / "processed")


@pytest.fixture(scope="module")
def unit_cost_report(tmp_path_factory) -> Path:
    """:func:`_processed` with the committed unit_cost notebook as the study's notebook, and its report (English),
    built once for the tests that only read it."""
    folder = _processed(tmp_path_factory.mktemp("unit_cost_report") / "processed", paths.notebooks("unit_cost.ipynb"))
    return build_report(folder)


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_report_has_cards_counts_and_links(unit_cost_report):
    index = unit_cost_report
    text = index.read_text()
    assert text.count('class="card"') == 2
    assert "1 exact" in text and f"1 {ASSUMED}" in text and f"1 {NOT_REPRODUCIBLE}" in text
    assert "0 by construction" in text  # the four statuses are counted apart, absent ones as zero
    assert 'href="demo.html"' in text and 'href="../demo/comparison.csv"' in text and "../demo/figure.png" in text
    page = (index.parent / "demo.html").read_text()
    assert "Biaya satuan" in page and "https://cdnjs" not in page


_LINK = re.compile(r'<(?:a|img|script|link)\b[^>]*\b(?:href|src)="([^"]*)"', re.I)


def broken_links(report: Path) -> list[str]:
    """Every relative link or source of every page of ``report`` whose target does not exist."""
    import html

    broken = []
    for page in sorted(report.glob("*.html")):
        for link in _LINK.findall(page.read_text(encoding="utf-8")):
            target = html.unescape(link).split("#")[0].split("?")[0]
            if not target or re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):
                continue  # an anchor on the page, a data: image, a web address
            if not (page.parent / target).exists():
                broken.append(f"{page.name}: {link}")
    return broken


def test_every_link_of_the_report_resolves(unit_cost_report, tmp_path):
    (tmp_path / "lonely.html").write_text('<a href="../nowhere.md">x</a><img src="data:image/png;base64,AA">')
    assert broken_links(tmp_path) == ["lonely.html: ../nowhere.md"]  # the check itself
    index = unit_cost_report
    assert broken_links(index.parent) == []
    page = (index.parent / "demo.html").read_text(encoding="utf-8")  # the unit_cost notebook links to the format
    assert 'href="files/docs/hospital-folder.md"' in page and "../docs/hospital-folder.md" not in page
    assert (index.parent / "files" / "docs" / "hospital-folder.md").read_bytes() == \
        (paths.root() / "docs" / "hospital-folder.md").read_bytes()


def browser_console(page: Path, tmp_path: Path, wait_ms: int = 0) -> tuple[str, list[str]]:
    """DOM after load (and ``wait_ms`` of virtual time, for MathJax) and the console messages of a headless Chromium."""
    profile = tmp_path / f"profile-{page.stem}-{wait_ms}"
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--dump-dom",
           *([f"--virtual-time-budget={wait_ms}"] if wait_ms else []), page.as_uri()]
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


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@needs_browser
def test_report_loads_in_a_browser_without_console_errors(unit_cost_report, tmp_path):
    dom, console = browser_console(unit_cost_report, tmp_path)
    assert console == [], console
    assert dom.count('class="card"') == 2
    assert '<span id="nstudies">2</span>' in dom  # the page's script ran


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@needs_browser
def test_notebook_page_loads_without_console_errors(unit_cost_report, tmp_path):
    dom, console = browser_console(unit_cost_report.parent / "demo.html", tmp_path)
    assert not [ln for ln in console if "Uncaught" in ln or "Failed" in ln], console
    assert "Biaya satuan" in dom


# What the page's own script cannot tell: the computed style of the first code input, before and after the
# reader ticks "show the code" (appended to a copy of the page, so the page under test is unchanged).
PROBE = """<script>window.addEventListener('load', function () {
  var input = document.querySelector('.jp-CodeCell .jp-Cell-inputWrapper');
  document.body.setAttribute('data-probe-hidden', getComputedStyle(input).display);
  var box = document.getElementById('jk-toggle-code');
  box.checked = true; box.dispatchEvent(new Event('change'));
  document.body.setAttribute('data-probe-shown', getComputedStyle(input).display);
});</script>"""


@pytest.fixture(scope="module")
def bone_report(tmp_path_factory) -> Path:
    """The report over the committed, executed bone notebook (its formula section is what readers saw raw)."""
    processed = tmp_path_factory.mktemp("bone") / "processed"
    (processed / "bone").mkdir(parents=True)
    shutil.copy(paths.notebooks("bone.ipynb"), processed / "bone" / "bone.ipynb")
    build_report(processed)
    return processed / "report"


def _without_scripts(dom: str) -> str:
    """What a reader sees of ``dom``: no scripts, styles, nor the TeX that MathML keeps as an unseen annotation."""
    return re.sub(r"<(script|style|annotation)\b.*?</\1>", "", dom, flags=re.S | re.I)


def test_reader_page_bundles_mathjax_and_hides_checks(bone_report):
    page = (bone_report / "bone.html").read_text(encoding="utf-8")
    assert "mathjax/MathJax.js" in page and (bone_report / "mathjax" / "MathJax.js").exists()
    assert not re.search(r"<script[^>]*src=\"https?://", page)  # nothing from the internet
    assert "jk-toggle-code" in page


def test_report_remove_tag_leaves_a_cell_out(tmp_path):
    import nbformat

    from jkncost.compendium.report import REMOVE_TAG, notebook_html

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("Narrative"),
                nbformat.v4.new_code_cell("print('check 12345')", metadata={"tags": [REMOVE_TAG]}),
                nbformat.v4.new_code_cell("print('kept 67890')")]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="check 12345\n")]
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="kept 67890\n")]
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    page = notebook_html(path)
    assert "kept 67890" in page and "check 12345" not in page


@pytest.mark.parametrize("ran_in", ["en", "id", None])
def test_reader_view_keeps_the_narrative_of_the_language_the_notebook_ran_in(tmp_path, ran_in):
    import nbformat

    from jkncost.compendium.report import LANG_TAG, notebook_html, notebook_language

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('lang: Literal["en", "id"] = "en"  # labels', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_markdown_cell("The unit cost", metadata={"tags": [LANG_TAG.format("en")]}),
                nbformat.v4.new_markdown_cell("Biaya satuan", metadata={"tags": [LANG_TAG.format("id")]}),
                nbformat.v4.new_markdown_cell("$UC = TC / Q$")]
    if ran_in is not None:
        nb.metadata["papermill"] = {"parameters": {"lang": ran_in}}
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    expected = ran_in or "en"  # not run through papermill: the parameter's default
    assert notebook_language(path) == expected
    page = notebook_html(path)
    assert ("The unit cost" in page) == (expected == "en") and ("Biaya satuan" in page) == (expected == "id")
    assert "UC = TC / Q" in page  # a cell in no language is kept


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@needs_browser
def test_bone_page_renders_formulas_hides_code_and_logs_nothing(bone_report, tmp_path):
    probe = bone_report / "bone_probe.html"
    probe.write_text((bone_report / "bone.html").read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                     encoding="utf-8")
    dom, console = browser_console(probe, tmp_path, wait_ms=20000)
    assert console == [], console
    assert 'data-probe-hidden="none"' in dom  # code hidden by default
    assert re.search(r'data-probe-shown="(block|flex)"', dom)  # and shown on request
    # the display formula rendered: by the browser's MathML (Chromium 109+) or by MathJax's HTML-CSS output
    assert "<math" in dom and ('display="block"' in dom or 'class="MathJax_Display"' in dom)
    text = _without_scripts(dom)
    assert "$$" not in text and "\\frac{TC}" not in text  # no raw TeX left for the reader


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_report_ships_only_the_mathjax_its_pages_load(bone_report):
    mathjax = bone_report / "mathjax"
    assert (mathjax / "MathJax.js").is_file() and (mathjax / "config" / "TeX-AMS-MML_HTMLorMML-full.js").is_file()
    assert _folder_size(mathjax) < 3_000_000, f"{_folder_size(mathjax):,} bytes of MathJax"
    assert not (mathjax / "localization" / "de").exists() and not (mathjax / "jax" / "output" / "SVG").exists()


@pytest.fixture(scope="module")
def methods_report(tmp_path_factory) -> Path:
    """The report over the committed teaching notebook: its break-even section is set in TeX."""
    processed = tmp_path_factory.mktemp("methods") / "processed"
    (processed / "methods").mkdir(parents=True)
    shutil.copy(paths.notebooks("methods.ipynb"), processed / "methods" / "methods.ipynb")
    build_report(processed)
    return processed / "report"


# Registered before MathJax starts (first thing in the body): every file MathJax could not load, and after
# typesetting the number of formulas rendered and of MathJax's own error boxes.
MATHJAX_PROBE = """<script>var jkFailed = [];
MathJax.Hub.Register.MessageHook("file load error", function (m) { jkFailed.push(String(m[1])); });
MathJax.Hub.Register.StartupHook("End", function () {
  document.body.setAttribute('data-failed', jkFailed.join(' ') || 'none');
  document.body.setAttribute('data-tex', document.querySelectorAll('script[type^="math/tex"]').length);
  document.body.setAttribute('data-typeset', document.querySelectorAll('.MathJax_MathML, .MathJax, .MathJax_SVG').length);
  document.body.setAttribute('data-output', MathJax.Hub.outputJax["jax/mml"][0].id);
  document.body.setAttribute('data-errors', document.querySelectorAll('.MathJax_Error, .merror').length);
});</script>"""


def _typeset(report: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """The methods page with :data:`MATHJAX_PROBE`, loaded in a headless browser: its DOM and console."""
    html = (report / "methods.html").read_text(encoding="utf-8")
    probe = report / "methods_probe.html"
    probe.write_text(re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + MATHJAX_PROBE, html, count=1), encoding="utf-8")
    return browser_console(probe, tmp_path, wait_ms=30000)


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@needs_browser
def test_mathjax_probe_catches_a_missing_file(methods_report, tmp_path):
    # The detector itself: with a file MathJax loads taken away, the probe must say so.
    broken = tmp_path / "report"
    shutil.copytree(methods_report, broken)
    (broken / "mathjax" / "extensions" / "Safe.js").unlink()  # the Safe configuration loads it as a file
    dom, _ = _typeset(broken, tmp_path)
    assert "Safe.js" in re.search(r'data-failed="([^"]*)"', dom).group(1)


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
@needs_browser
def test_methods_page_typesets_every_formula_offline(methods_report, tmp_path):
    html = (methods_report / "methods.html").read_text(encoding="utf-8")
    assert "Q^*" in html and "\\frac{F_k}{T - v}" in html  # the break-even formula is TeX in the narrative
    dom, console = _typeset(methods_report, tmp_path)
    assert console == [], console
    failed = re.search(r'data-failed="([^"]*)"', dom).group(1)
    assert failed == "none", failed
    assert 'data-errors="0"' in dom
    tex, typeset = (int(re.search(rf'data-{k}="(\d+)"', dom).group(1)) for k in ("tex", "typeset"))
    assert typeset == tex >= 40, (tex, typeset)  # every $...$ of the narrative became a rendered formula
    assert 'data-output="NativeMML"' in dom  # the browser's own MathML: no web fonts, refused from disk
    text = _without_scripts(dom)
    assert "Q^*" not in text and "\\frac{F_k}" not in text and "TC_1(Q)" not in text  # no raw TeX left


@needs_browser
def test_bone_index_loads_without_console_errors(bone_report, tmp_path):
    dom, console = browser_console(bone_report / "index.html", tmp_path)
    assert console == [], console
    assert 'href="bone.html"' in dom


def test_index_in_indonesian_uses_the_catalogue(processed):
    text = build_report(processed, lang="id").read_text(encoding="utf-8")
    assert "1 tepat" in text and "1 direproduksi dengan asumsi" in text and "1 tidak dapat direproduksi" in text
    assert "428.805" in text  # Indonesian thousands separator
    assert '<html lang="id">' in text


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_index_escapes_data(processed):
    df = pd.read_csv(processed / "demo" / "comparison.csv")
    df.loc[0, "figure"] = "<script>alert(1)</script>"
    df.to_csv(processed / "demo" / "comparison.csv", index=False)
    text = build_report(processed).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_card_shows_the_headline_figure_and_only_the_manifest_outputs(processed):
    import json

    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.bar([0], [1])
    fig.savefig(processed / "demo" / "headline_summary.png")
    fig.savefig(processed / "demo" / "stale_leftover.png")
    plt.close(fig)
    rel = lambda name: paths.relative(processed / "demo" / name)  # noqa: E731
    outputs = {rel(n): "x" for n in ("comparison.csv", "figure.png", "headline_summary.png")}
    (processed / "manifest.json").write_text(json.dumps({"runs": {"demo": {"outputs": outputs}}}))
    text = build_report(processed).read_text(encoding="utf-8")
    assert '<img class="thumb" alt="headline_summary"' in text
    assert "stale_leftover" not in text and "../demo/figure.png" in text


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_report_command_in_indonesian_then_the_language_of_the_runs(processed, capsys):
    from jkncost.cli.main import main

    assert main(["report", "--processed", str(processed), "--lang", "id"]) == 0
    assert '<html lang="id">' in (processed / "report" / "index.html").read_text(encoding="utf-8")
    assert "(id)" in capsys.readouterr().out
    assert report_language(processed) == "id"
    # no --lang: the language the notebooks ran in (here English), not an earlier report's: never a mixed report
    assert main(["report", "--processed", str(processed)]) == 0
    assert report_language(processed) == "en"
    assert main(["report", "--processed", str(processed), "--lang", "id"]) == 0
    assert report_language(processed) == "id"
    assert main(["report", "--processed", str(processed), "--lang", "en"]) == 0
    assert report_language(processed) == "en"


def test_report_command_without_runs_says_what_to_do(tmp_path, capsys):
    from jkncost.cli.main import main

    (tmp_path / "empty").mkdir()
    assert main(["report", "--processed", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "jkncost reproduce" in err
    assert not (tmp_path / "empty" / "report").exists()


def test_language_goes_only_to_notebooks_that_take_it(tmp_path):
    import nbformat

    from jkncost.compendium.reproduce import with_language

    def notebook(name, parameters):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})]
        nbformat.write(nb, tmp_path / name)
        return tmp_path / name

    a = notebook("a.ipynb", 'lang: Literal["en", "id"] = "en"  # labels')
    b = notebook("b.ipynb", "x: int = 1  # no labels")
    c = notebook("c.ipynb", 'lang: Literal["en", "id"] = "en"  # labels')
    given = {"c": {"lang": "en"}}
    assert with_language([a, b, c], given, "id") == {"a": {"lang": "id"}, "c": {"lang": "en"}}
    assert given == {"c": {"lang": "en"}}  # the caller's parameters are not changed
    assert with_language([a, b], {}, None) == {}


@pytest.mark.slow
def test_reproduce_end_to_end_gives_every_study_and_a_report_that_loads(reproduced_id, tmp_path):
    """What `make reproduce` runs, on a copy of the bundled data: every study's outputs, the manifest,
    a fresh `verify`, and the real report (checked in a browser where one is installed); in Indonesian,
    the language a teacher or a reader in Indonesia asks for (nbval runs the English defaults).
    The run is the session's shared one (tests/reproduced.py)."""
    from jkncost.compendium import manifest
    from jkncost.compendium.reproduce import study_notebooks

    run = reproduced_id
    assert run.status == 0, run.err
    studies = [nb.stem for nb in study_notebooks()]  # every study notebook of the repository
    assert len(studies) >= 6 and run.studies == studies
    with run.active():
        for stem in studies:
            assert (run.processed(stem) / f"{stem}.ipynb").exists(), stem
        for stem in ("pasangkayu", "bone", "caesarean", "activity_costing"):
            comparison = pd.read_csv(run.processed(stem, "comparison.csv"))
            assert list(comparison.columns[:5]) == ["figure", "published", "reproduced", "difference", "status"]
            assert set(comparison["status"]) <= set(STATUSES) and len(comparison) > 0
        runs = manifest.load()["runs"]
        assert sorted(runs) == sorted(studies)
        assert [s for s in studies if runs[s]["parameters"].get("lang") == "id"] == \
            [s for s in studies if "lang" in declared_parameters(paths.notebooks(f"{s}.ipynb"))]
        assert {r["status"] for r in manifest.verify()} == {"fresh"}
    index = run.processed("report", "index.html")
    text = index.read_text()
    assert '<html lang="id">' in text
    for stem in studies:  # every card shows one figure legible at card size, chosen by its study
        assert len(list(run.processed(stem).glob("headline*.png"))) == 1, stem
    for stem in studies:
        assert f'href="{stem}.html"' in text, stem
    if BROWSER is not None:
        dom, console = browser_console(index, tmp_path)
        assert console == [], console
        assert f'<span id="nstudies">{len(studies)}</span>' in dom


@pytest.mark.slow
def test_reproduce_in_english_gives_an_english_report_and_fresh_manifest(reproduced_en):
    """`make reproduce` without a language: every notebook's own defaults, an English report, nothing stale."""
    from jkncost.compendium import manifest

    run = reproduced_en
    assert run.status == 0, run.err
    assert f"{len(run.studies)} notebook(s) reproduced" in run.out
    with run.active():
        runs = manifest.load()["runs"]
        assert sorted(runs) == sorted(run.studies)
        # each notebook's own defaults: English wherever a notebook takes lang
        assert [s for s in run.studies if runs[s]["parameters"].get("lang") == "en"] == \
            [s for s in run.studies if "lang" in declared_parameters(paths.notebooks(f"{s}.ipynb"))]
        assert {r["status"] for r in manifest.verify()} == {"fresh"}
    text = run.processed("report", "index.html").read_text()
    assert '<html lang="en">' in text and all(f'href="{stem}.html"' in text for stem in run.studies)


def test_index_in_indonesian_gives_data_texts_in_indonesian(processed):
    # figure names and notes come from the studies' data and code: the cards show them from labels/data
    text = build_report(processed, lang="id").read_text(encoding="utf-8")
    assert "tarif rasional VIP" in text and "rational tariff VIP" not in text
