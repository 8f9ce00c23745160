"""The static report: ``data/processed/report/index.html``, opened in a browser with no server.

An index with one card per study (headline figures published vs reproduced, how many figures are
exact / reproduced under stated assumptions / by construction / not reproducible, counted
apart), each study's executed notebook rendered to HTML (nbconvert, with no script loaded from the internet), its figures and links to
its CSV outputs. Everything links relatively, so the folder can be zipped and mailed.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from jkncost.compendium import paths
from jkncost.compendium.comparison import ASSUMED, BY_CONSTRUCTION, EXACT, NOT_REPRODUCIBLE, STATUSES, status_counts
from jkncost.compendium.io import atomic_dir

TITLES = {
    "unit_cost": "Unit cost of one hospital (example hospital, invented)",
    "pasangkayu": "RSUD Kabupaten Pasangkayu: unit cost, rational tariff, INA-CBG and Perda (seed 002)",
    "bone": "RSUD Tenriawaru Bone: RVU cost per procedure, tariffs, BOR (seed 004)",
    "caesarean": "Sectio caesarea O34.2: cost vs INA-CBG and hospital tariff (seed 000)",
    "jkn_rules": "JKN rules: contributions, late-payment penalties, class-upgrade co-payment (seeds 001, 003)",
    "methods": "Teaching: allocation methods, sensitivity, break-even",
}
STATUS_CLASS = {EXACT: "exact", ASSUMED: "assumed", BY_CONSTRUCTION: "byconstruction", NOT_REPRODUCIBLE: "notrepro"}
STATUS_SHORT = {EXACT: "exact", ASSUMED: "assumed", BY_CONSTRUCTION: "by construction",
                NOT_REPRODUCIBLE: "not reproducible"}
_EXTERNAL_SCRIPT = re.compile(r"<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I)
# nbconvert's lab template imports mermaid from a CDN in a module script; the notebooks draw no diagrams.
_MERMAID_SCRIPT = re.compile(r"<script type=\"module\">(?:(?!</script>).)*?cdnjs(?:(?!</script>).)*</script>", re.S)

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}.lead{color:#555}
.cards{display:grid;grid-template-columns:1fr;gap:1rem}
.card{border:1px solid #ddd;border-radius:8px;padding:1rem;background:#fafafa}
.card h2{font-size:1.05rem;margin:0 0 .5rem}
.badges span{display:inline-block;border-radius:10px;padding:2px 8px;margin:2px;font-size:.8rem;color:#fff}
.exact{background:#2e7d32}.assumed{background:#ef6c00}.byconstruction{background:#757575}.notrepro{background:#c62828}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.78rem;width:100%}
.tag{color:#fff;border-radius:6px;padding:0 4px;white-space:nowrap}td,th{border-bottom:1px solid #e5e5e5;padding:3px 4px;text-align:right}
td:first-child,th:first-child{text-align:left}.links a{margin-right:.6rem;font-size:.85rem}
img.thumb{max-width:100%;max-height:320px;border:1px solid #eee;margin-top:.5rem}
.body{display:flex;gap:1rem;flex-wrap:wrap}.body>.main{flex:3 1 480px;min-width:0}.body>.side{flex:2 1 300px}
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


def _fmt(x) -> str:
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return ""
    if isinstance(x, (int, float)):
        if x != int(x) and abs(x) < 1:
            return f"{x:.3f}"
        return f"{x:,.2f}" if abs(x) < 100 and x != int(x) else f"{x:,.0f}"
    return html.escape(str(x))


def notebook_html(executed: Path) -> str:
    """The executed notebook as a standalone HTML page that loads nothing from the internet."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_filename(str(executed))
    body = _MERMAID_SCRIPT.sub("", _EXTERNAL_SCRIPT.sub("", body))
    return body


def _headline_rows(df: pd.DataFrame, max_rows: int) -> pd.DataFrame:
    """The rows a card shows: those a study marks ``headline``, else a few of each status."""
    if "headline" in df.columns and df["headline"].astype(str).str.lower().isin(["true", "1"]).any():
        return df[df["headline"].astype(str).str.lower().isin(["true", "1"])].head(max_rows)
    per_status = max(1, max_rows // len(STATUSES))
    picked = [df[df["status"] == s].head(per_status) for s in STATUSES]
    return pd.concat(picked).sort_index()


def _card(stem: str, folder: Path, max_rows: int = 9) -> str:
    title = TITLES.get(stem, stem)
    parts = [f'<div class="card" id="study-{html.escape(stem)}"><h2>{html.escape(title)}</h2>',
             '<div class="body"><div class="main">']
    comparison = folder / "comparison.csv"
    if comparison.exists():
        df = pd.read_csv(comparison)
        counts = status_counts(df)
        parts.append('<div class="badges">' + "".join(
            f'<span class="{STATUS_CLASS[s]}">{counts[s]} {html.escape(s)}</span>' for s in STATUSES) + "</div>")
        rows = _headline_rows(df, max_rows)
        parts.append('<div class="scroll"><table><tr><th>figure</th><th>published</th><th>reproduced</th>'
                     "<th>status</th></tr>")
        for _, r in rows.iterrows():
            cls = STATUS_CLASS.get(r["status"], "")
            note = "" if pd.isna(r.get("note")) else str(r.get("note"))
            parts.append(f'<tr class="fig" data-status="{cls}" title="{html.escape(note)}">'
                         f'<td>{html.escape(str(r["figure"]))}</td>'
                         f'<td>{_fmt(r["published"])}</td><td>{_fmt(r["reproduced"])}</td>'
                         f'<td><span class="tag {cls}">{html.escape(STATUS_SHORT.get(r["status"], str(r["status"])))}'
                         f"</span></td></tr>")
        parts.append("</table></div>")
        if len(df) > len(rows):
            parts.append(f"<p>{len(rows)} of {len(df)} figures shown (hover a row for its note); all in "
                         f'<a href="../{html.escape(stem)}/comparison.csv">comparison.csv</a>.</p>')
    else:
        parts.append("<p>No published figures to compare (a method or teaching notebook).</p>")
    links = []
    if (folder / f"{stem}.ipynb").exists():
        links.append(f'<a href="{stem}.html">notebook</a>')
    for csv in sorted(folder.glob("*.csv")):
        links.append(f'<a href="../{html.escape(stem)}/{html.escape(csv.name)}">{html.escape(csv.name)}</a>')
    parts.append('<div class="links">' + " ".join(links) + "</div>")
    parts.append('</div><div class="side">')
    figures = sorted(folder.glob("*.png"))
    if figures:
        f = figures[0]
        parts.append(f'<a href="../{stem}/{f.name}"><img class="thumb" alt="{html.escape(f.stem)}" '
                     f'src="../{stem}/{f.name}"></a>')
        if len(figures) > 1:
            parts.append('<div class="links">' + " ".join(
                f'<a href="../{stem}/{g.name}">{html.escape(g.stem)}</a>' for g in figures[1:]) + "</div>")
    parts.append("</div></div></div>")
    return "\n".join(parts)


def build_report(processed: Path | None = None, studies: list[str] | None = None) -> Path:
    """Write ``<processed>/report/`` (index.html plus one HTML page per executed notebook)."""
    processed = processed or paths.processed()
    if studies is None:
        studies = sorted(p.name for p in processed.iterdir() if p.is_dir() and p.name != "report"
                         and not p.name.startswith("."))
    cards = []
    with atomic_dir(processed / "report") as tmp:
        for stem in studies:
            folder = processed / stem
            executed = folder / f"{stem}.ipynb"
            if executed.exists():
                (tmp / f"{stem}.html").write_text(notebook_html(executed), encoding="utf-8")
            cards.append(_card(stem, folder))
        index = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>jkncost: reproduced studies</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style>
<script>{SCRIPT}</script></head>
<body><h1>jkncost: reproduced studies</h1>
<p class="lead">Each card sets the published figures beside the reproduced ones. Status
<b>exact</b>: reproduced from the transcribed inputs; <b>reproduced under stated assumptions</b>: needed
inputs the source does not give (see each study's assumptions); <b>by construction</b>: the figure was an
input, a fitting or a calibration target, so agreement tests nothing; <b>not reproducible</b>: the published
value cannot be obtained from what is published (the reason is in comparison.csv).
<span id="nstudies">?</span> studies.</p>
<label class="filter"><input type="checkbox" id="only-issues"> hide exact figures</label>
<div class="cards">
{''.join(cards)}
</div>
<p class="lead">Provenance of every run (input hashes, parameters, versions, commit): <a href="../manifest.json">manifest.json</a>.</p>
</body></html>
"""
        (tmp / "index.html").write_text(index, encoding="utf-8")
    return processed / "report" / "index.html"
