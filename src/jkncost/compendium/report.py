"""The static report: ``data/processed/report/index.html``, opened in a browser with no server, offline.

An index with one card per study (headline figures published vs reproduced, how many figures have
each status, one headline figure, links to every output) and each study's executed notebook in a
*reader's view*: narrative, HTML tables and figures first, code hidden behind a "show the code"
switch, formulas rendered by the MathJax files copied beside the pages (from the
``jupyter-server-mathjax`` package), nothing loaded from the internet. Everything links relatively,
so the folder can be zipped, mailed or opened from a USB stick.

Conventions for notebook authors (CONTRIBUTING.md):

- a cell tagged :data:`REMOVE_TAG` (``report-remove``) is left out of the reader's view: the plain-text
  ``# NBVAL_CHECK_OUTPUT`` cells that nbval compares, shown to readers as HTML tables by
  :func:`jkncost.display.show` in the next cell;
- a figure whose file name starts with :data:`HEADLINE_PREFIX` (``headline``) is the one the study's card
  shows (else the first figure by name); the others are linked.

The outputs of a study are those its manifest entry lists (:mod:`jkncost.compendium.manifest`), so a
file left over from an earlier run is not shown; a study without a manifest entry shows its folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd

from jkncost.core import paths
from jkncost.compendium import manifest
from jkncost.core.comparison import ASSUMED, BY_CONSTRUCTION, EXACT, NOT_REPRODUCIBLE, STATUSES, status_counts
from jkncost.core.outputs import REPORT, output_folder, processed_lock
from jkncost.core.comparison import counts as comparison_counts
from jkncost.core.comparison import counts_sentence
from jkncost.labels import LANGS, STATUS_KEY, catalogue, check_lang, data_text, label, status_label
from jkncost.money import format_rupiah

TEMPLATES = Path(__file__).with_name("templates")
#: Cells with this tag are left out of the reader's view (the plain-text check cells of nbval).
REMOVE_TAG = "report-remove"
#: Narrative cells in one language carry ``lang-en`` or ``lang-id``; the reader's view keeps those of the
#: language the notebook ran in (its ``lang`` parameter) and cells without such a tag.
LANG_TAG = "lang-{}"
#: A figure whose name starts with this is the one shown on the study's card.
HEADLINE_PREFIX = "headline"
MATHJAX_DIR = "mathjax"
MATHJAX_URL = f"{MATHJAX_DIR}/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
#: What of MathJax 2 the pages load with :data:`MATHJAX_URL` (found by recording ``MathJax.Ajax.loaded`` in a
#: browser): the core, the two configurations, the extensions the combined configuration and the Safe
#: configuration name, the TeX input, the element jax with its operator tables, the HTML-CSS output with its
#: font metrics and the English messages, plus what they load on demand (operator tables, TeX extensions,
#: HTML-CSS autoloads). Not copied: the web fonts (a page opened from disk may not load them), 50 other
#: languages, the SVG output and the accessibility explorer: 1.8 of the package's 12 MB.
MATHJAX_PARTS = ("MathJax.js", "LICENSE", "config/*.js", "extensions/*.js", "extensions/TeX/*.js",
                 "extensions/a11y/accessibility-menu.js", "jax/input/TeX/*",
                 "jax/element/**/*", "jax/output/HTML-CSS/**/*", "localization/en/*")
STATUS_CLASS = {EXACT: "exact", ASSUMED: "assumed", BY_CONSTRUCTION: "construction", NOT_REPRODUCIBLE: "notrepro"}
_EXTERNAL_SCRIPT = re.compile(r"<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I)

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}.lead{color:#555}.legend{color:#555;font-size:.9rem}
.cards{display:grid;grid-template-columns:1fr;gap:1rem}
.card{border:1px solid #ddd;border-radius:8px;padding:1rem;background:#fafafa}
.card h2{font-size:1.05rem;margin:0 0 .5rem}
.badges span{display:inline-block;border-radius:10px;padding:2px 8px;margin:2px;font-size:.8rem;color:#fff}
.exact{background:#029e73}.assumed{background:#de8f05}.construction{background:#949494}.notrepro{background:#d55e00}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.78rem;width:100%}
.tag{color:#fff;border-radius:6px;padding:0 4px;white-space:nowrap}td,th{border-bottom:1px solid #e5e5e5;padding:3px 4px;text-align:right}
td:first-child,th:first-child{text-align:left}.links a{margin-right:.6rem;font-size:.85rem}.links a.nb{font-weight:600}
img.thumb{width:100%;border:1px solid #eee;margin-top:.5rem;background:#fff}
.body{display:flex;gap:1rem;flex-wrap:wrap}.body>.main{flex:3 1 460px;min-width:0}.body>.side{flex:2 1 380px}
.filter{margin:1rem 0}
"""

SCRIPT = """
document.addEventListener('DOMContentLoaded', function () {
  var box = document.getElementById('only-issues');
  if (!box) { return; }
  box.addEventListener('change', function () {
    document.querySelectorAll('tr.fig').forEach(function (row) {
      row.style.display = (box.checked && row.dataset.status === 'exact') ? 'none' : '';
    });
  });
  document.getElementById('nstudies').textContent = document.querySelectorAll('.card').length;
});
"""


def _number(x, lang: str) -> str:
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return ""
    if isinstance(x, (int, float)):
        decimals = 3 if (x != int(x) and abs(x) < 1) else (2 if (x != int(x) and abs(x) < 100) else 0)
        if lang == "id":
            return format_rupiah(float(x), decimals=decimals, prefix="")
        return f"{x:,.{decimals}f}"
    return str(x)


def mathjax_source() -> Path:
    """The MathJax 2 files that ``jupyter-server-mathjax`` ships (copied beside the report's pages)."""
    import jupyter_server_mathjax

    return Path(jupyter_server_mathjax.__file__).parent / "static"


def copy_mathjax(folder: Path) -> Path:
    """Copy the parts of MathJax the reader's pages load (:data:`MATHJAX_PARTS`) into ``folder``; returns it."""
    source = mathjax_source()
    for pattern in MATHJAX_PARTS:
        found = sorted(p for p in source.glob(pattern) if p.is_file() and "__pycache__" not in p.parts)
        if not found:  # a MathJax release without this part: the pages would fail quietly
            raise FileNotFoundError(f"MathJax part {pattern!r} not found in {source}")
        for path in found:
            target = folder / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return folder


def notebook_language(executed: Path) -> str:
    """The language an executed notebook ran in: its ``lang`` parameter as run, else its default, else ``en``."""
    import nbformat

    from jkncost.compendium.parameters import defaults

    nb = nbformat.read(executed, as_version=4)
    ran = nb.metadata.get("papermill", {}).get("parameters", {}).get("lang")
    if ran is None:
        ran = defaults(executed).get("lang")
    return ran if ran in LANGS else "en"


def notebook_html(executed: Path, lang: str = "en") -> str:
    """The executed notebook as a reader's page: code hidden behind a switch, no ``report-remove`` cells.

    The page expects MathJax in ``mathjax/`` beside it (:func:`build_report` copies it) and loads
    nothing from the internet.
    """
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    check_lang(lang)
    ran_in = notebook_language(executed)
    other_languages = {LANG_TAG.format(code) for code in LANGS if code != ran_in}
    exporter = HTMLExporter(template_name="reader", extra_template_basedirs=[str(TEMPLATES)],
                            mathjax_url=MATHJAX_URL)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={REMOVE_TAG} | other_languages,
                                                         enabled=True), enabled=True)
    resources = {"jk_back": label("report.back", lang), "jk_show_code": label("report.show_code", lang)}
    body, _ = exporter.from_filename(str(executed), resources=resources)
    return _EXTERNAL_SCRIPT.sub("", body)


def study_outputs(stem: str, processed: Path) -> list[Path]:
    """The files of a study's run: its manifest entry's outputs, or (no entry) every file of its folder."""
    entry = manifest.load(processed).get("runs", {}).get(stem)
    if entry and entry.get("outputs"):
        found = [paths.resolve(rel) for rel in entry["outputs"]]
        return sorted(p for p in found if p.exists())
    folder = processed / stem
    return sorted(p for p in folder.glob("*") if p.is_file() and not p.name.startswith(".")) if folder.exists() else []


def _href(path: Path, processed: Path) -> str:
    """Link from ``report/`` to ``path`` (inside ``processed``)."""
    try:
        return "../" + path.resolve().relative_to(processed.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()


def _headline_rows(df: pd.DataFrame, max_rows: int) -> pd.DataFrame:
    """The rows a card shows: those a study marks ``headline``, else a few of each status."""
    if "headline" in df.columns and df["headline"].astype(str).str.lower().isin(["true", "1"]).any():
        return df[df["headline"].astype(str).str.lower().isin(["true", "1"])].head(max_rows)
    per_status = max(1, max_rows // len(STATUSES))
    picked = [df[df["status"] == s].head(per_status) for s in STATUSES]
    return pd.concat(picked).sort_index()


#: Files of a study's source checks, first found wins: every check with its outcome (consistent / discrepancy).
SOURCE_CHECK_FILES = ("source_checks.csv", "source_audit.csv")


def _card(stem: str, processed: Path, lang: str, has_page: bool, max_rows: int = 9) -> dict:
    title_key = f"report.title.{stem}"
    outputs = study_outputs(stem, processed)
    card = {"stem": stem, "title": label(title_key, lang) if title_key in catalogue() else stem,
            "notebook": f"{stem}.html" if has_page else None, "counts": None, "rows": [], "total": 0,
            "summary": ""}
    comparison = next((p for p in outputs if p.name == "comparison.csv"), None)
    if comparison is not None:
        # the compendium's own outputs (comparison.csv, the source checks below; written by core.io.write_csv):
        # not tables a person made, so pandas reads them as written; the one reader is for bundled and user tables
        df = pd.read_csv(comparison)
        counts = status_counts(df)
        card["counts"] = [{"css": STATUS_CLASS[s], "count": counts.get(s, 0), "label": status_label(s, lang)}
                          for s in STATUSES]
        card["rows"] = [{"css": STATUS_CLASS.get(r["status"], ""), "figure": data_text(r["figure"], lang),
                         "note": "" if pd.isna(r.get("note")) else data_text(str(r.get("note")), lang),
                         "published": _number(r["published"], lang), "reproduced": _number(r["reproduced"], lang),
                         "status": status_label(r["status"], lang)}
                        for _, r in _headline_rows(df, max_rows).iterrows()]
        card["total"] = len(df)
        card["comparison"] = _href(comparison, processed)
        # results and the checks of the source against itself, counted apart (source_checks.csv: every check;
        # else source_audit.csv when it lists every check with its outcome)
        checks = next((p for name in SOURCE_CHECK_FILES for p in outputs if p.name == name), None)
        card["summary"] = counts_sentence(comparison_counts(df, pd.read_csv(checks) if checks is not None else None),
                                          lang)
    card["csvs"] = [{"href": _href(p, processed), "name": p.name} for p in outputs if p.suffix == ".csv"]
    figures = [p for p in outputs if p.suffix == ".png"]
    headline = next((p for p in figures if p.name.startswith(HEADLINE_PREFIX)), figures[0] if figures else None)
    card["headline"] = None if headline is None else {"href": _href(headline, processed), "name": headline.stem}
    card["figures"] = [{"href": _href(p, processed), "name": p.stem} for p in figures if p != headline]
    return card


#: Where the repository files a notebook's narrative links to (``../docs/hospital-folder.md``) are copied.
LINKED_DIR = "files"
_RELATIVE_HREF = re.compile(r'(<a\b[^>]*\bhref=")(?![a-z][a-z0-9+.-]*:|#|/)([^"#?]+)([^"]*")', re.I)


def localize_links(page: str, folder: Path) -> str:
    """Make the relative links of a notebook page resolve inside the report.

    The narrative links relative to ``notebooks/`` (``../docs/hospital-folder.md``); beside the report
    such a link leads nowhere. A target that is a file of the repository is copied to
    ``<folder>/files/<its path in the repository>`` and the link rewritten to it, so the report can be
    zipped or opened from a USB stick with its links; other links are left as they are.
    """
    import html

    base, top = paths.notebooks().resolve(), paths.root().resolve()

    def rewrite(m: re.Match) -> str:
        target = (base / html.unescape(m.group(2))).resolve()
        if not target.is_file() or not target.is_relative_to(top) or target.is_relative_to(paths.processed().resolve()):
            return m.group(0)
        rel = target.relative_to(top).as_posix()
        copy = folder / LINKED_DIR / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, copy)
        return f"{m.group(1)}{LINKED_DIR}/{html.escape(rel)}{m.group(3)}"

    return _RELATIVE_HREF.sub(rewrite, page)


_HTML_LANG = re.compile(r'<html lang="(en|id)"')


def report_language(processed: Path) -> str | None:
    """The language of the report in ``processed`` (from its index page), or None when there is none."""
    index = processed / "report" / "index.html"
    if not index.is_file():
        return None
    with open(index, encoding="utf-8") as f:
        found = _HTML_LANG.search(f.read(400))
    return found.group(1) if found else None


def runs_language(processed: Path, studies: list[str]) -> str | None:
    """The language the runs of ``studies`` were made in: what most of them record (the manifest's ``lang``,
    else the executed notebook's ``lang``), among those that take a language; None when none does.

    ``jkncost report`` and ``reproduce`` build the report in it, so that its index and controls speak
    the language of the notebooks it shows (a report is never half Indonesian, half English because an
    earlier report was).
    """
    import nbformat

    from jkncost.compendium.parameters import defaults

    runs = manifest.load(processed).get("runs", {})
    found = []
    for stem in studies:
        entry = runs.get(stem, {})
        if entry.get("lang") in LANGS or entry.get("parameters", {}).get("lang") in LANGS:
            found.append(entry.get("lang") or entry["parameters"]["lang"])
            continue
        executed = processed / stem / f"{stem}.ipynb"
        if executed.is_file():
            nb = nbformat.read(executed, as_version=4)
            ran = nb.metadata.get("papermill", {}).get("parameters", {}).get("lang")
            ran = ran if ran is not None else defaults(executed).get("lang")
            if ran in LANGS:
                found.append(ran)
    if not found:
        return None
    counts = {code: found.count(code) for code in LANGS}
    best = max(counts.values())
    return next(code for code in ("en", *LANGS) if counts.get(code) == best) if list(counts.values()).count(best) > 1 \
        else max(counts, key=counts.get)


#: Folders of data/processed that are not studies: the report itself and the course unit (``make course``).
NOT_STUDIES = ("report", "course")


def study_folders(processed: Path) -> list[str]:
    """The study folders of ``processed`` (every visible folder but :data:`NOT_STUDIES`), sorted.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("bone", "course", "report", ".jkncost-tmp"):
    ...     (root / name).mkdir()
    >>> study_folders(root)
    ['bone']
    """
    return sorted(p.name for p in processed.iterdir() if p.is_dir() and p.name not in NOT_STUDIES
                  and not p.name.startswith("."))


def build_report(processed: Path | None = None, studies: list[str] | None = None, lang: str = "en") -> Path:
    """Write ``<processed>/report/``: index.html, one reader's page per executed notebook, MathJax.

    Parameters
    ----------
    processed : Path, optional
        The processed folder (default ``data/processed``).
    studies : list of str, optional
        Study folders to show (default :func:`study_folders`: every folder but the report's and the course's).
    lang : {'en', 'id'}
        Language of the index and the pages' controls (the notebooks are shown as executed).
    """
    import jinja2

    check_lang(lang)
    processed = processed or paths.processed()
    if studies is None:
        studies = study_folders(processed)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    texts = {k.removeprefix("report."): label(k, lang) for k in catalogue()
             if k.startswith("report.") and not k.startswith("report.title.")}
    statuses = [{"css": STATUS_CLASS[s], "label": status_label(s, lang),
                 "meaning": label(f"report.status_{STATUS_KEY[s]}", lang)} for s in STATUSES]
    headers = [label(f"table.{k}", lang) for k in ("figure", "published", "reproduced", "status")]
    cards = []
    with processed_lock("report", processed), \
            output_folder(processed / "report", REPORT, owned=True) as tmp:  # the report's own folder
        pages = False
        for stem in studies:
            executed = processed / stem / f"{stem}.ipynb"
            if executed.exists():
                page = localize_links(notebook_html(executed, lang), tmp)
                (tmp / f"{stem}.html").write_text(page, encoding="utf-8")
                pages = True
            cards.append(_card(stem, processed, lang, executed.exists()))
        if pages:
            copy_mathjax(tmp / MATHJAX_DIR)
        html = env.get_template("index.html.j2").render(lang=lang, t=texts, css=CSS, script=SCRIPT,
                                                         statuses=statuses, headers=headers, cards=cards,
                                                         has_manifest=(processed / manifest.MANIFEST).is_file())
        (tmp / "index.html").write_text(html, encoding="utf-8")
        if (processed / manifest.MANIFEST).is_file():  # what it shows, for `jkncost verify`
            manifest.record_report(lang, {stem: manifest.sha256(processed / stem / f"{stem}.ipynb") for stem in studies
                                          if (processed / stem / f"{stem}.ipynb").is_file()}, processed)
    return processed / "report" / "index.html"
