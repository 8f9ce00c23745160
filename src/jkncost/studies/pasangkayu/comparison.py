"""Pasangkayu (seed 002): every published quantity beside its reproduction, and ``summary.json``.

The comparison holds the paper's results (unit costs, tariffs, the survey's ATP and WTP, the hospital's
cost recovery), one row per distinct quantity with ``locations`` listing every place the paper prints
it; where the places disagree the row keeps the table's value and the disagreement is in the source
audit (:func:`jkncost.studies.pasangkayu.source_audit`). The cells of Tabel 1-3 and their totals and
shares are the paper checked against itself: they are source checks (:func:`source_checks`), not
results. Rules identified from the paper's own numbers are tested out of sample (:func:`leave_one_out`):
their rows are ``by construction`` and carry the held-out prediction in ``held_out`` columns.
"""

from __future__ import annotations

import math

import pandas as pd

from jkncost.core.comparison import (BY_CONSTRUCTION, EXACT, NOT_REPRODUCIBLE, Comparison,
                                           classify)
from jkncost.core.comparison import table as comparison_table
from jkncost.tables import read_frame

from .audit import source_checks
from .model import BACKSOLVE_METHOD, DEFAULT_SPLIT, SPLITS, _uc3_published
from .readers import RULE, SEED, TABLES, costs, published
from .tariffs import hospital_cost_recovery, leave_one_out, rule_label, table5_rules

#: Which rule of :func:`leave_one_out` predicts which figure (its held-out test is a column of the figure's row).
_HELD_OUT_RULE = {"rational tariff": "rational tariff = f x UC3", "rational tariff per case": "rational per case = UC3 + c",
                  "INA-CBG tariff": "INA-CBG = a + b x rank"}

#: Figures of the paper that are results or quoted inputs (everything but the Tabel 1-3 cost cells).
HEADLINE_FIGURES = ("UC3", "ATP", "WTP", "rational tariff", "rational tariff per case", "INA-CBG tariff",
                    "Perda tariff", "Perda tariff per case", "operating cost", "revenue", "operating deficit",
                    "operating deficit share", "ATP/WTP sample size")

_BACKSOLVE_NOTE = ("by construction: the patient-days are back-solved from this published UC3 (A08, A17), so "
                   "agreement tests nothing")

#: Order of places when one quantity is printed in several: tables first, then the text in reading order.
_PLACE_ORDER = ("Tabel", "Abstrak", "Abstract", "Pendahuluan", "Hasil", "Pembahasan", "Kesimpulan")


def _where(source: str) -> str:
    return source.replace(f"{SEED}, ", "").split(" (")[0]


def _place_rank(source: str) -> int:
    w = _where(source)
    return next((k for k, p in enumerate(_PLACE_ORDER) if w.startswith(p)), len(_PLACE_ORDER))


def quantities() -> pd.DataFrame:
    """``published.csv`` reduced to one row per distinct quantity (figure, class or center, year).

    Columns: ``figure, class_or_center, year, value`` (the first table that prints it, else the value
    printed most often, else the first place in reading order), ``unit, source, locations`` (every place, ``; ``-separated),
    ``values_differ`` (True when the places print different values: see the source audit).

    >>> q = quantities()
    >>> len(published()), len(q)
    (274, 190)
    """
    p = published()
    groups: dict[tuple, list[tuple]] = {}  # (figure, class or center, year) -> its places, in file order
    for k, (fig, who, year, value, unit, source) in enumerate(zip(
            p["figure"], p["class_or_center"], p["year"].fillna(""), p["value"], p["unit"], p["source"])):
        if pd.isna(fig) or pd.isna(who):  # as groupby leaves them out
            continue
        groups.setdefault((fig, who, year), []).append((_place_rank(source), k, float(value), unit, source))
    rows = []
    for (fig, who, year), g in groups.items():
        g.sort(key=lambda place: place[:2])  # tables first, then reading order
        values = [v for _, _, v, _, _ in g if not math.isnan(v)]
        differ = len(set(values)) > 1
        first = g[0]
        if not _where(first[4]).startswith("Tabel") and differ:
            # no table prints it and the places disagree: the value printed most often (the Perda set of the
            # discussion and conclusion, A16), ties to reading order
            counts = dict.fromkeys(values, 0)
            for v in values:
                counts[v] += 1
            most = max(counts, key=counts.get)
            first = next(place for place in g if place[2] == most)
        places = list(dict.fromkeys(_where(place[4]) for place in g))
        rows.append({"figure": fig, "class_or_center": who, "year": year, "value": first[2],
                     "unit": first[3], "source": first[4], "locations": "; ".join(places),
                     "values_differ": differ})
    return pd.DataFrame(rows)


def _audit_notes() -> dict[str, str]:
    ch = source_checks()
    ch = ch[ch["kind"].isin(["text vs table", "text vs text"]) & ch["discrepancy"].astype(bool)]
    out: dict[str, str] = {}
    for loc, note in zip(ch["location"], ch["note"].fillna("")):
        # "Kesimpulan dan Saran: UC3, VIP" -> key (UC3, VIP)
        fig_who = loc.split(": ", 1)[1] if ": " in loc else loc
        out.setdefault(fig_who, f"{loc.split(':')[0]} prints another value" + (f" ({note})" if note else ""))
    return out


def _cost_cell(fig: str, who: str, value: float, c: pd.DataFrame) -> tuple[float, str, float]:
    """Reproduced value, note and tolerance of one Tabel 1-3 quantity from the transcribed parts (costs.csv)."""
    cat = fig.split(" ")[0]
    part = c[c["category"] == cat]
    if fig == cat:  # a center's row total, or the grand total
        sel = part if who == "TOTAL" else part[part["center"] == who]
        n = len(sel)
        return float(sel["amount"].sum()), f"sum of the {n} printed parts (costs.csv)", 0.5 * n
    if fig == f"{cat} component total":
        sel = part[part["component"] == who]
        return float(sel["amount"].sum()), f"column sum of the {len(sel)} printed rows (costs.csv)", 0.5 * len(sel)
    # share, percent: 100 x the center's sum of parts / the sum of all parts
    grand = float(part["amount"].sum())
    rep = 100.0 if who == "TOTAL" else 100.0 * float(part.loc[part["center"] == who, "amount"].sum()) / grand
    return rep, "100 x the center's sum of parts / the sum of all parts, printed to 2 decimals", 0.005 + 1e-9


def headline_comparison(uc3: pd.Series, rational: pd.Series, method: str = BACKSOLVE_METHOD,
                        split: str = DEFAULT_SPLIT, rule: str = RULE["rule"], fraction: float = RULE["fraction"],
                        markup: float = 0.0) -> pd.DataFrame:
    """Every distinct published quantity of the paper beside its reproduction, with an honest status.

    ``uc3`` and ``rational``: the reproduced UC3 and rational tariff per class (Series indexed by
    class), from the engine run with the notebook's parameters. One row per quantity of
    :func:`quantities` that is a result (with its ``locations``); the cells, totals and shares of Tabel 1-3
    are source checks (:func:`source_checks`), not rows here. The out-of-sample test of a fitted rule
    (:func:`leave_one_out`) is in the ``held_out`` columns of the rows it predicts. Columns of
    :data:`jkncost.core.comparison.COLUMNS` and ``HELD_OUT_COLUMNS``.
    """
    audit = _audit_notes()
    hcr = hospital_cost_recovery()
    hcr = hcr.set_index(hcr["year"].astype(int).astype(str))
    c = costs()
    fitted = table5_rules().set_index("parameter")["value"]
    t5_c, ina_a, ina_b = fitted["c"], fitted["a"], fitted["b"]
    rank = {"Kelas I": 2, "Kelas II": 1, "Kelas III": 0}
    rule_l = rule_label(rule, fraction, markup)
    assumed_run = f"method {method}, split {split} ({SPLITS.get(split, '?')})"
    uc3_pub = _uc3_published()
    loo = {(r["rule"], r["class"]): r for r in leave_one_out().to_dict("records")}

    def held(fig: str, who: str) -> dict:
        r = loo.get((_HELD_OUT_RULE.get(fig, ""), who))
        if r is None:
            return {}
        return {"held_out": r["predicted"], "held_out_status": r["held_out_status"],
                "held_out_note": f"{r['parameter']} fitted on {r['fitted_on']}; {r['held_out_note']}"
                                 + (f"; {r['alternatives']}" if r["alternatives"] else "")}

    respondents = float(published().query("figure == 'ATP/WTP sample size'")["value"].iloc[0])
    operating = float(c.loc[c["category"].isin(["SVC", "VC"]), "amount"].sum())
    rows: list[Comparison] = []
    for q in quantities().itertuples(index=False):
        fig, who, year = q.figure, q.class_or_center, q.year
        name = f"{fig} {who}" + (f" {year}" if year else "")
        kw = {"unit": q.unit, "source": q.source, "locations": q.locations}
        src_note = audit.get(f"{fig}, {who}", "") if q.values_differ else ""
        tail = f"; discrepancy in the source: {src_note}" if src_note else ""
        if fig.split(" ")[0] in TABLES and fig not in HEADLINE_FIGURES:
            continue  # a cell, total or share of Tabel 1-3: the paper checked against itself (source_checks)
        elif fig == "UC3":
            rep = float(uc3.get(who, math.nan))
            close = abs(rep - q.value) <= 1
            if close:
                rows.append(Comparison(name, q.value, rep, BY_CONSTRUCTION, note=f"{_BACKSOLVE_NOTE}; {assumed_run}"
                                       + tail, **kw))
            else:
                rows.append(Comparison(name, q.value, rep, NOT_REPRODUCIBLE, **kw,
                                       note=f"UC3 with the patient-days back-solved under {BACKSOLVE_METHOD} but "
                                            f"{assumed_run}: the published UC3 is not obtained under these "
                                            "parameters" + tail))
        elif fig == "rational tariff":
            rep = float(rational.get(who, math.nan))
            st = BY_CONSTRUCTION if abs(rep - q.value) <= 1 else NOT_REPRODUCIBLE
            note = (f"{rule_l} of the reproduced UC3: the rule was fitted to these four tariffs (A15) and UC3 is "
                    f"back-solved (A17), so agreement tests nothing; the rule's out-of-sample test is in "
                    f"held_out; {assumed_run}")
            if st == NOT_REPRODUCIBLE:
                note = "outside Rp 1 with these parameters: " + note
            rows.append(Comparison(name, q.value, rep, st, note=note + tail, **kw, **held(fig, who)))
        elif fig == "rational tariff per case":
            rep = float(uc3_pub[who]) + t5_c
            rows.append(Comparison(name, q.value, round(rep), BY_CONSTRUCTION, **kw,
                                   note=f"UC3 (Tabel 4) + {t5_c:,.1f}, the constant fitted to these three classes; "
                                        "the rule's out-of-sample test is in held_out" + tail, **held(fig, who)))
        elif fig == "INA-CBG tariff":
            rep = ina_a + ina_b * rank[who]
            rows.append(Comparison(name, q.value, round(rep), BY_CONSTRUCTION, **kw,
                                   note=f"{ina_a:,.0f} + {ina_b:,.0f} x rank (class III 0, II 1, I 2), the line fitted "
                                        "to these three classes (class I 140, II 120 percent of class III); an "
                                        "input of the paper (Permenkes 52/2016, class D, group not named); the "
                                        "rule's out-of-sample test is in held_out" + tail, **held(fig, who)))
        elif fig in ("ATP", "WTP", "ATP/WTP sample size"):
            rows.append(Comparison(name, q.value, None, NOT_REPRODUCIBLE, **kw,
                                   note=f"survey result ({respondents:.0f} respondents, accidental sampling); the "
                                        "responses are not published, so it can only be used as an input, not "
                                        "reproduced" + tail))
        elif fig in ("Perda tariff", "Perda tariff per case"):
            rows.append(Comparison(name, q.value, None, NOT_REPRODUCIBLE, **kw,
                                   note="an input quoted from Perda No. 4/2016, not a result; the Perda text is not in "
                                        "the project" + (" (the per-case tariff follows no rule of the other columns)"
                                                         if fig.endswith("per case") else "") + tail))
        elif fig in ("operating cost", "revenue"):
            rows.append(Comparison(name, q.value, None, NOT_REPRODUCIBLE, **kw,
                                   note="from the hospital's 2016/2017 financial report, which is not published; used "
                                        "as given. Not comparable with Tabel 1-3 (FC is annualized investment; SVC + VC = "
                                        f"Rp {operating / 1e9:.2f} billion)" + tail))
        elif fig == "operating deficit":
            rep = float(hcr.loc[year, "deficit_recomputed"])
            rows.append(Comparison(name, q.value, rep, classify(q.value, rep), **kw,
                                   note="arithmetic from the two printed inputs: operating cost - revenue" + tail))
        elif fig == "operating deficit share":
            rep = float(hcr.loc[year, "deficit_share_percent"])
            st = classify(q.value, rep, tolerance=0.05)
            rows.append(Comparison(name, q.value, rep, st, **kw,
                                   note=("(cost - revenue) / cost x 100 = 100 - CRR, printed to 1 decimal" if st == EXACT
                                         else "does not hold: (cost - revenue) / cost x 100") + tail))
        else:  # pragma: no cover - every figure of published.csv is handled above
            raise KeyError(f"no comparison rule for published figure {fig!r}")
    return comparison_table(rows)


def summary(result_uc: pd.DataFrame, tariffs: pd.DataFrame, comparison: pd.DataFrame | None, *, hospital: str,
            study: bool, method: str, split: str, rule: str, fraction: float, markup: float, bor: float,
            audit: pd.DataFrame | None = None, checks: pd.DataFrame | None = None) -> dict:
    """A flat dict of key numbers for ``summary.json`` (read by sweep tools): keys sorted, numbers rounded.

    With a comparison: the results counted per status (``n_results``, also as ``n_figures``); with ``checks``
    (:func:`source_checks`) the checks of the source against itself counted apart (``n_source_checks``,
    ``n_consistent``, ``n_discrepancies``; :func:`jkncost.core.comparison.counts`).
    """
    from jkncost.core.comparison import counts, status_counts

    def key(s: str) -> str:
        return s.replace(" ", "_").replace("/", "_")

    out: dict = {"hospital": hospital, "study_folder": bool(study), "method": method, "split": split if study else "",
                 "rule": rule_label(rule, fraction, markup), "bor": float(bor)}
    for r in result_uc.itertuples(index=False):
        out[f"output_{key(r.center)}"] = round(float(r.output), 4)
        out[f"UC3_{key(r.center)}"] = round(float(r.UC3), 2)
    for r in tariffs.to_dict("records"):
        out[f"rational_tariff_{key(r['class'])}"] = round(float(r["rational_tariff"]), 2)
        for col in ("CRR_perda_main", "CRR_rational"):
            if col in r:
                out[f"{col}_{key(r['class'])}"] = round(float(r[col]), 4)
    if comparison is not None:
        for s, n in status_counts(comparison).items():
            out[f"n_{key(s)}"] = n
        out["n_figures"] = int(len(comparison))
        if checks is not None:
            out.update({k: v for k, v in counts(comparison, checks).items() if k not in out})
    if audit is not None:
        out["n_source_discrepancies"] = int(len(audit))
    if study:
        for r in hospital_cost_recovery().itertuples():
            out[f"hospital_CRR_{int(r.year)}"] = round(float(r.CRR_percent), 4)
            out[f"deficit_share_{int(r.year)}"] = round(float(r.deficit_share_percent), 4)
    return {k: out[k] for k in sorted(out)}




#: Columns of a unit-cost run that a hospital folder's own ``published.csv`` may give a value for.
RUN_FIGURES = ("output", "TC1", "TC2", "TC3", "UC1", "UC2", "UC3")


def published_comparison(unit_cost_table: pd.DataFrame, source, tolerance: float = 1.0) -> pd.DataFrame:
    """Another hospital's own published figures beside this run (empty table when there are none).

    Reads ``published.csv`` in the hospital folder ``source`` (columns ``figure``, ``center`` or
    ``class_or_center``, ``value``; optional ``unit``, ``source``). A figure of :data:`RUN_FIGURES`
    is ``exact`` within ``tolerance`` and ``not reproducible`` otherwise; any other figure is not
    something this study computes and is ``not reproducible`` with that reason. The Pasangkayu
    paper's own findings (its rules, its Tabel 5) are never applied here.
    """
    from pathlib import Path

    from jkncost.money import parse_rupiah

    from jkncost.core.comparison import COLUMNS

    f = Path(source) / "published.csv"
    if not f.is_file():
        return pd.DataFrame(columns=COLUMNS)
    df = read_frame(f, required=("figure", "value"))  # the one reader: ',' or ';', BOM, Windows-1252, title rows
    who_col = "center" if "center" in df.columns else "class_or_center"
    run = unit_cost_table.set_index("center")
    rows = []
    for k, r in zip(df.attrs["rows"], df.to_dict("records")):
        fig, who = r["figure"].strip(), r[who_col].strip()
        value = parse_rupiah(r["value"])
        kw = {"unit": r.get("unit", "") or "Rp", "source": r.get("source", "") or f"published.csv row {k}",
              "locations": r.get("source", "") or f"published.csv row {k}"}
        name = f"{fig} {who}"
        if fig in RUN_FIGURES and who in run.index and pd.notna(run.loc[who, fig]):
            rep = float(run.loc[who, fig])
            st = classify(value, rep, tolerance=tolerance)
            rows.append(Comparison(name, value, rep, st, **kw,
                                   note="" if st == EXACT else f"this run differs by Rp {rep - value:,.0f}"))
        else:
            rows.append(Comparison(name, value, None, NOT_REPRODUCIBLE, **kw,
                                   note="not a figure this run computes (output, TC1-3, UC1-3 of a center)"))
    return comparison_table(rows)


def seed_quantities() -> pd.DataFrame:
    """Every number seed 002 prints that the study accounts for, each at its place, for
    :mod:`jkncost.compendium.coverage`.

    Columns ``figure, value, unit, quote, group, text``. A ``group`` is one printed sequence in reading
    order (:func:`jkncost.compendium.coverage.locate_in_order`):

    * each row of Tabel 1-3 (``Tabel 1 baris 6``): its parts, as the transcribed inputs of ``costs.csv``
      (``input: costs.csv row K``), then ``Jumlah`` and ``%``, which are checks of the source against
      itself (``check: ...``, in the source audit); the TOTAL row's cells are all checks;
    * Tabel 4 and Tabel 5, cell by cell, under the names of the comparison (``UC3 VIP``);
    * each place of the text (``published.csv`` ``source``), its figures in reading order: a result under
      its comparison name, a text figure of Tabel 1-3 as the check of the text against the table. Each
      figure must be printed as transcribed (``text``: the digits of ``printed``), so a misprint such as
      ``Rp.1.190.94,-`` is placed where it is.
    """
    from jkncost.core.printed import extract_numbers

    from .readers import printed_table

    p = published().reset_index(drop=True)
    year = p["year"].fillna("")
    names = p["figure"] + " " + p["class_or_center"] + year.map(lambda y: f" {y}" if y else "")
    where = p["source"].map(_where)
    rows: list[dict] = []
    c = costs().reset_index(drop=True)
    for cat, table in TABLES.items():
        t = printed_table(cat)
        t = t.set_index("center") if "center" in t.columns else t
        for k, (center, r) in enumerate(t.iterrows(), start=1):
            group = f"{table} baris {'TOTAL' if center == 'TOTAL' else k}"
            for col in t.columns:
                if center != "TOTAL" and col not in ("Jumlah", "%"):
                    hit = c[(c["category"] == cat) & (c["center"] == center) & (c["component"] == col)]
                    if hit.empty:  # no such cost: nothing printed in that cell
                        continue
                    figure = f"input: costs.csv row {hit.index[0] + 2} ({table}, {center}, {col})"
                else:
                    figure = f"check: {table}, baris {center}, kolom {col}"
                rows.append({"figure": figure, "value": float(r[col]), "unit": "%" if col == "%" else "Rp",
                             "quote": "", "group": group, "text": "", "one_line": True})
    is_cell = p["figure"].str.split(" ").str[0].isin(list(TABLES)) & ~p["figure"].isin(HEADLINE_FIGURES)
    for i, r in p.iterrows():
        w = where[i]
        if w.startswith("Tabel") and is_cell[i]:
            continue  # Tabel 1-3 cells: placed above, row by row
        digits = [n.text for n in extract_numbers(str(r["printed"]))]
        figure = f"check: {w}: {r['figure']}, {r['class_or_center']}" if is_cell[i] else names[i]
        rows.append({"figure": figure, "value": float(r["value"]),
                     "unit": str(r["unit"]).replace("/patient-day", "").replace("/case", ""), "quote": "",
                     "group": f"{w} {r['class_or_center']}" if w.startswith("Tabel") else w,
                     "text": digits[0] if len(digits) == 1 else "", "one_line": True})
    return pd.DataFrame(rows)
