"""Reproduction of seed 004: RSUD Tenriawaru, Kabupaten Bone (2016 data).

The paper publishes, per procedure of four units (radiology 29, physiotherapy 19, hemodialysis 1,
NICU 18), a unit cost from relative value units, an "asumsi tarif" and a proposed tariff; per
inpatient class a unit cost, tariffs "at actual BOR" and "at normative BOR (80%)" and a rational
tariff. This module reads the transcription in ``data/raw/bone/``, reproduces what can be
reproduced with :mod:`jkncost.costing.pricing` and :mod:`jkncost.costing.occupancy`, checks the source against
itself (:func:`source_audit`) and builds the published-vs-reproduced rows
(:func:`comparison_rows`). ``notebooks/bone.ipynb`` tells the story. Generic methods live in :mod:`jkncost.costing.rvu`,
:mod:`jkncost.costing.pricing` and :mod:`jkncost.costing.occupancy`.

Files (``data/raw/bone/``)
--------------------------
``procedure_unit_costs.csv``
    Tabel 1-4, column "Unit Cost": the paper's RVU output, the *input* of the tariff stage (the
    RVU inputs behind it are not published; see ``assumptions.csv``).
``published_procedures.csv``
    Tabel 1-4, "Asumsi Tarif" and "Usulan Berdasarkan Unit Cost": compared against only.
``class_unit_costs.csv``
    Tabel 5, column "Unit Cost" (input).
``published_classes.csv``
    Tabel 5, "BOR Aktual", "BOR Normatif (80%)", "Tarif Rasional": compared against only.
``published_text.csv``
    Every figure of the abstract, results, discussion and conclusion.
``assumptions.csv``
    What the paper does not give, with a rationale per row.

Examples
--------
>>> data = load()
>>> len(data["procedures"]), len(data["classes"])
(67, 5)
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pandas as pd

from jkncost.compendium import comparison as cmp
from jkncost.costing import occupancy, pricing
from jkncost.compendium import paths
from jkncost.costing import rvu as rvu_mod
from jkncost.errors import InputError, Problem

STUDY = "bone"
SEED = "004_98ec5204a984cc6d.txt"
UNITS = ("radiologi", "fisioterapi", "hemodialisa", "nicu")
UNIT_TABLE = {"radiologi": 1, "fisioterapi": 2, "hemodialisa": 3, "nicu": 4}
#: Cost-center names of the results text for each procedure unit (for the UC bound check).
UNIT_COST_CENTER = {"radiologi": "Radiologi", "fisioterapi": "Fisioterapi", "hemodialisa": "Hemodialisa",
                    "nicu": "Perina (NICU)"}
CLASSES = ("Kelas VIP Utama", "Kelas VIP", "Kelas I", "Kelas II", "Kelas III")

_FILES = {
    "unit_costs": ("procedure_unit_costs.csv", ["unit", "no", "procedure", "unit_cost", "source"], ["no", "unit_cost"]),
    "published_procedures": ("published_procedures.csv",
                             ["unit", "no", "procedure", "asumsi_tarif", "usulan_tarif", "source"],
                             ["no", "asumsi_tarif", "usulan_tarif"]),
    "class_unit_costs": ("class_unit_costs.csv", ["no", "class", "unit_cost", "source"], ["no", "unit_cost"]),
    "published_classes": ("published_classes.csv",
                          ["no", "class", "bor_aktual", "bor_normatif_80", "tarif_rasional", "source"],
                          ["no", "bor_aktual", "bor_normatif_80", "tarif_rasional"]),
    "text": ("published_text.csv",
             ["figure", "section", "quantity", "scope", "subject", "extreme", "procedures", "value", "share_pct",
              "source"], ["value"]),
    "assumptions": ("assumptions.csv", ["name", "value", "unit", "applies_to", "rationale", "source"], []),
}

LABELS = {
    "en": {
        "unit_cost": "Unit cost", "asumsi": "Assumed tariff (UC x factor)", "proposal": "Proposal (rule)",
        "published_proposal": "Published proposal", "procedure": "Procedure", "unit": "Unit", "class": "Class",
        "rupiah": "Rupiah", "bor_actual": "Actual BOR (assumed)", "normative_correct": "Normative UC, TC/(beds x days x BOR)",
        "paper_normative": "Paper's 'BOR normatif' = UC x BOR", "paper_bor_aktual": "Paper's 'BOR aktual' column",
        "rational": "Paper's rational tariff", "class_tariff": "Tariff at normative UC (markup, rounding)",
        "fig_procedures": "Unit cost, assumed tariff and proposal per procedure",
        "fig_classes": "Inpatient classes: published columns and the normative unit cost done right",
        "fig_bor": "Normative unit cost against the actual BOR it assumes",
        "assumption_note": "depends on assumptions: actual BOR {bor_act:.0%} (assumptions.csv)",
        "identified_note": "assumptions, not stated in the paper; identified from its numbers",
        "bor_legend": "dotted: paper = UC x {bor:g}; dashed: {be:.0%}; dash-dot",
        "departure": "departs from the factor", "judgment": "judgment call",
        "radiologi": "Radiology", "fisioterapi": "Physiotherapy", "hemodialisa": "Hemodialysis", "nicu": "NICU",
    },
    "id": {
        "unit_cost": "Biaya satuan", "asumsi": "Asumsi tarif (UC x faktor)", "proposal": "Usulan (aturan)",
        "published_proposal": "Usulan terbit", "procedure": "Tindakan", "unit": "Unit", "class": "Kelas",
        "rupiah": "Rupiah", "bor_actual": "BOR aktual (asumsi)", "normative_correct": "UC normatif, TC/(TT x hari x BOR)",
        "paper_normative": "'BOR normatif' makalah = UC x BOR", "paper_bor_aktual": "Kolom 'BOR aktual' makalah",
        "rational": "Tarif rasional makalah", "class_tariff": "Tarif dari UC normatif (markup, pembulatan)",
        "fig_procedures": "Biaya satuan, asumsi tarif dan usulan per tindakan",
        "fig_classes": "Kelas perawatan: kolom terbit dan biaya satuan normatif yang benar",
        "fig_bor": "Biaya satuan normatif terhadap BOR aktual yang diasumsikan",
        "assumption_note": "bergantung pada asumsi: BOR aktual {bor_act:.0%} (assumptions.csv)",
        "identified_note": "asumsi, tidak dinyatakan makalah; diidentifikasi dari angkanya",
        "bor_legend": "titik: makalah = UC x {bor:g}; putus-putus: {be:.0%}; titik-garis",
        "departure": "menyimpang dari faktor", "judgment": "pertimbangan penulis",
        "radiologi": "Radiologi", "fisioterapi": "Fisioterapi", "hemodialisa": "Hemodialisa", "nicu": "NICU",
    },
}


def label(key: str, lang: str = "en", **fmt) -> str:
    """A display label in English (``en``) or Indonesian (``id``).

    >>> label("unit_cost", "id")
    'Biaya satuan'
    """
    if lang not in LABELS:
        raise InputError(Problem("<bone>", f"lang must be one of {', '.join(LABELS)}, got {lang!r}", column="lang"))
    text = LABELS[lang][key]
    return text.format(**fmt) if fmt else text


# --------------------------------------------------------------------------------------------- loading

def _read(folder: Path, key: str) -> pd.DataFrame:
    name, columns, numeric = _FILES[key]
    path = folder / name
    shown = paths.relative(path)
    if not path.is_file():
        raise InputError(Problem(shown, "file not found"))
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(Problem(shown, f"not a readable CSV file: {exc}")) from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(Problem(shown, f"missing column(s): {', '.join(missing)}", row=1))
    problems = []
    for col in numeric:
        values = []
        for i, text in enumerate(df[col]):
            try:
                number = float(text)
                if not math.isfinite(number):
                    raise ValueError(text)
                values.append(number)
            except ValueError:
                values.append(math.nan)
                problems.append(Problem(shown, f"not a number: {text!r}", row=i + 2, column=col))
        df[col] = values
    for i, text in enumerate(df["source"]):
        if not str(text).startswith(SEED) and key != "assumptions":
            problems.append(Problem(shown, f"source must name the seed file {SEED}", row=i + 2, column="source"))
    if problems:
        raise InputError(problems)
    return df


def load(data_dir: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read and check the transcription; ``data_dir`` defaults to ``data/raw/bone``.

    Returns
    -------
    dict
        ``procedures`` (Tabel 1-4 with ``unit_cost``, ``asumsi_tarif``, ``usulan_tarif``),
        ``classes`` (Tabel 5), ``text``, ``assumptions``.

    Raises
    ------
    InputError
        A missing file or column, a value that is not a number, an unknown unit, a procedure in
        one file but not the other, or a repeated row.
    """
    folder = paths.resolve(data_dir) if data_dir is not None else paths.raw(STUDY)
    raw = {key: _read(folder, key) for key in _FILES}
    uc, pub = raw["unit_costs"], raw["published_procedures"]
    problems = []
    for key, df in (("unit_costs", uc), ("published_procedures", pub)):
        shown = paths.relative(folder / _FILES[key][0])
        for i, unit in enumerate(df["unit"]):
            if unit not in UNITS:
                problems.append(Problem(shown, f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}",
                                        row=i + 2, column="unit"))
        dup = df.duplicated(["unit", "no"], keep="first")
        for i in np.flatnonzero(dup.to_numpy()):
            problems.append(Problem(shown, f"repeated row for {df['unit'].iloc[i]} no {df['no'].iloc[i]:g}",
                                    row=int(i) + 2, column="no"))
    if problems:
        raise InputError(problems)
    merged = uc.drop(columns="source").merge(pub.drop(columns="source"), on=["unit", "no"], how="outer",
                                             suffixes=("", "_pub"), indicator=True)
    lonely = merged[merged["_merge"] != "both"]
    if len(lonely):
        r = lonely.iloc[0]
        raise InputError(Problem(paths.relative(folder / _FILES["published_procedures"][0]),
                                 f"{r['unit']} no {r['no']:g} is in only one of procedure_unit_costs.csv "
                                 f"and published_procedures.csv"))
    clash = merged[merged["procedure"] != merged["procedure_pub"]]
    if len(clash):
        r = clash.iloc[0]
        raise InputError(Problem(paths.relative(folder / _FILES["published_procedures"][0]),
                                 f"{r['unit']} no {r['no']:g}: procedure {r['procedure_pub']!r} does not match "
                                 f"{r['procedure']!r} in procedure_unit_costs.csv", column="procedure"))
    order = {u: k for k, u in enumerate(UNITS)}
    procedures = merged.drop(columns=["_merge", "procedure_pub"])
    procedures = procedures.assign(_o=procedures["unit"].map(order)).sort_values(["_o", "no"]).drop(columns="_o")
    procedures["no"] = procedures["no"].astype(int)
    procedures["table"] = procedures["unit"].map(UNIT_TABLE)
    classes = raw["class_unit_costs"].drop(columns="source").merge(
        raw["published_classes"].drop(columns="source"), on=["no", "class"], how="outer", indicator=True)
    if (classes["_merge"] != "both").any():
        raise InputError(Problem(paths.relative(folder / "published_classes.csv"),
                                 "class rows differ between class_unit_costs.csv and published_classes.csv"))
    classes = classes.drop(columns="_merge").sort_values("no").reset_index(drop=True)
    classes["no"] = classes["no"].astype(int)
    return {"procedures": procedures.reset_index(drop=True), "classes": classes, "text": raw["text"],
            "assumptions": raw["assumptions"]}


def assumption(data: dict[str, pd.DataFrame], name: str) -> str:
    """The ``value`` of one row of ``assumptions.csv``."""
    a = data["assumptions"]
    hit = a[a["name"] == name]
    if hit.empty:
        raise InputError(Problem("assumptions.csv", f"no assumption named {name!r}", column="name"))
    return str(hit["value"].iloc[0])


# ----------------------------------------------------------------------------------- findings: factor

def markup_fit(procedures: pd.DataFrame) -> dict:
    """The factor linking "asumsi tarif" to unit cost, found from the numbers.

    Uses :func:`jkncost.costing.pricing.infer_factor` (both columns rounded to whole rupiah). Returns its
    dict plus ``markup`` (``factor - 1``) and ``per_unit`` (median ratio and rows explained per unit).
    """
    fit = pricing.infer_factor(procedures["unit_cost"], procedures["asumsi_tarif"])
    ratio = procedures["asumsi_tarif"] / procedures["unit_cost"]
    per_unit = (procedures.assign(ratio=ratio, consistent=fit["consistent"])
                .groupby("unit", sort=False)
                .agg(n=("ratio", "size"), median_ratio=("ratio", "median"), min_ratio=("ratio", "min"),
                     max_ratio=("ratio", "max"), explained=("consistent", "sum"))
                .reset_index())
    fit["per_unit"] = per_unit
    fit["markup"] = round(fit["factor"] - 1.0, 10)
    return fit


def departures(procedures: pd.DataFrame, factor: float) -> pd.DataFrame:
    """Procedures whose "asumsi tarif" cannot be ``factor x unit cost`` at the published rounding."""
    ok = pricing.factor_consistent(procedures["unit_cost"], procedures["asumsi_tarif"], factor)
    out = procedures.loc[~ok, ["unit", "table", "no", "procedure", "unit_cost", "asumsi_tarif"]].copy()
    out["expected"] = (out["unit_cost"] * factor).round(0)
    out["difference"] = out["asumsi_tarif"] - out["expected"]
    out["implied_factor"] = (out["asumsi_tarif"] / out["unit_cost"]).round(4)
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------------- findings: rounding

def rounding_evidence(procedures: pd.DataFrame) -> dict:
    """Infer the rule that turns the published "asumsi tarif" into the published proposal."""
    return pricing.infer_rounding(procedures["asumsi_tarif"], procedures["usulan_tarif"])


def judgment_calls(procedures: pd.DataFrame, step: float, direction: str) -> pd.DataFrame:
    """Published proposals that the rounding rule applied to the published "asumsi tarif" does not give."""
    rule = pricing.round_tariff(procedures["asumsi_tarif"].to_numpy(), step, direction)
    out = procedures.assign(rule=rule)
    out = out.loc[out["rule"] != out["usulan_tarif"],
                  ["unit", "table", "no", "procedure", "unit_cost", "asumsi_tarif", "rule", "usulan_tarif"]].copy()
    out["difference"] = out["usulan_tarif"] - out["rule"]
    out["proposal_over_asumsi"] = (out["usulan_tarif"] / out["asumsi_tarif"]).round(3)
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------- reproduction

def procedure_tariffs(procedures: pd.DataFrame, markup: float, step: float, direction: str) -> pd.DataFrame:
    """Assumed tariff ``round(UC x (1 + markup))`` and proposal by the rounding rule, beside the published ones."""
    asumsi = np.round(pricing.markup_tariff(procedures["unit_cost"].to_numpy(), markup))
    proposal = pricing.round_tariff(asumsi, step, direction)
    out = procedures[["unit", "table", "no", "procedure", "unit_cost"]].copy()
    out["asumsi_reproduced"] = asumsi
    out["asumsi_published"] = procedures["asumsi_tarif"].to_numpy()
    out["asumsi_difference"] = out["asumsi_reproduced"] - out["asumsi_published"]
    out["proposal_reproduced"] = proposal
    out["proposal_published"] = procedures["usulan_tarif"].to_numpy()
    out["proposal_difference"] = out["proposal_reproduced"] - out["proposal_published"]
    return out.reset_index(drop=True)


def class_tariffs(classes: pd.DataFrame, *, bor: float, actual_bor: float, markup: float, step: float,
                  direction: str) -> pd.DataFrame:
    """Tabel 5 reproduced, and the normative unit cost done right.

    Columns: the paper's "BOR normatif" reproduced as ``UC x bor``; the correct normative unit
    cost ``UC x actual_bor / bor`` (:func:`jkncost.costing.occupancy.to_normative`, depends on the assumed
    actual BOR); the actual BOR each published column would imply under the correct formula; the
    rational tariff by the rounding rule applied to the published "BOR aktual" column; and a
    tariff from the correct normative unit cost by the markup and rounding rule.
    """
    uc = classes["unit_cost"].to_numpy(dtype=float)
    out = classes[["no", "class", "unit_cost"]].copy()
    out["paper_normative_reproduced"] = np.round(uc * bor)
    out["paper_normative_published"] = classes["bor_normatif_80"].to_numpy()
    out["paper_normative_ratio"] = (classes["bor_normatif_80"] / classes["unit_cost"]).round(5)
    out["implied_bor_of_paper_normative"] = np.round(
        occupancy.implied_actual_bor(uc, classes["bor_normatif_80"].to_numpy(), bor), 4)
    out["bor_aktual_published"] = classes["bor_aktual"].to_numpy()
    out["bor_aktual_ratio"] = (classes["bor_aktual"] / classes["unit_cost"]).round(4)
    out["implied_bor_if_bor_aktual_were_normative"] = np.round(
        occupancy.implied_actual_bor(uc, classes["bor_aktual"].to_numpy(), bor), 4)
    out["actual_bor_assumed"] = actual_bor
    out["normative_uc_correct"] = np.round(occupancy.to_normative(uc, actual_bor, bor))
    out["rational_rule"] = pricing.round_tariff(classes["bor_aktual"].to_numpy(dtype=float), step, direction)
    out["rational_published"] = classes["tarif_rasional"].to_numpy()
    out["tariff_from_normative_uc"] = pricing.round_tariff(
        np.round(pricing.markup_tariff(out["normative_uc_correct"].to_numpy(), markup)), step, direction)
    return out


def bor_sensitivity(classes: pd.DataFrame, *, bor: float, grid=None) -> pd.DataFrame:
    """Correct normative unit cost per class for actual BOR on ``grid`` (default 0.40 to 1.00 by 0.05)."""
    grid = np.round(np.arange(0.40, 1.0001, 0.05), 2) if grid is None else np.asarray(grid, dtype=float)
    rows = []
    for _, r in classes.iterrows():
        for b in grid:
            rows.append({"class": r["class"], "actual_bor": float(b),
                         "normative_uc_correct": round(float(occupancy.to_normative(r["unit_cost"], b, bor))),
                         "paper_normative": round(float(r["unit_cost"]) * bor)})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------- the audit

_AUDIT_COLUMNS = ["check", "location", "published", "expected", "difference", "status", "note"]


def _row(check, location, published, expected, status, note):
    diff = (float(published) - float(expected)) if published is not None and expected is not None else math.nan
    return {"check": check, "location": location, "published": published, "expected": expected,
            "difference": diff, "status": status, "note": note}


def _text(text: pd.DataFrame, figure: str) -> pd.Series:
    hit = text[text["figure"] == figure]
    if hit.empty:
        raise InputError(Problem("published_text.csv", f"no figure {figure!r}", column="figure"))
    return hit.iloc[0]


def _share_interval(value: float, share_pct: float) -> tuple[float, float]:
    """Totals consistent with ``value`` being ``share_pct`` % (rounded to 0.1) of the total."""
    return value / ((share_pct + 0.05) / 100), value / ((share_pct - 0.05) / 100)


def source_audit(data: dict[str, pd.DataFrame], *, factor: float | None = None, bor: float = 0.8) -> pd.DataFrame:
    """Check the paper against itself: totals, cross-references, repeated figures, identities.

    Every row is one check with ``status`` ``consistent``, ``discrepancy`` or ``derived`` (a figure
    the text implies but does not print). ``difference`` is ``published - expected``; the
    ``note`` says where and why.
    """
    proc, classes, text = data["procedures"], data["classes"], data["text"]
    if factor is None:
        factor = markup_fit(proc)["factor"]
    rows = []
    V = {f: float(_text(text, f)["value"]) for f in text["figure"]}

    # 1. asumsi tarif = factor x unit cost
    for _, r in departures(proc, factor).iterrows():
        rows.append(_row("asumsi tarif = factor x unit cost", f"Tabel {r['table']} no {r['no']} {r['procedure']}",
                         r["asumsi_tarif"], r["expected"], "discrepancy",
                         f"published / unit cost = {r['implied_factor']:.4f}, not {factor:g}"))
    n_ok = len(proc) - len(departures(proc, factor))
    rows.append(_row("asumsi tarif = factor x unit cost", "Tabel 1-4, all other rows", None, None, "consistent",
                     f"{n_ok} of {len(proc)} rows equal {factor:g} x unit cost at the published rounding"))

    # 2. numbering of the tables
    for unit, group in proc.groupby("unit", sort=False):
        nos = sorted(group["no"])
        gaps = sorted(set(range(1, max(nos) + 1)) - set(nos))
        if gaps:
            rows.append(_row("table rows numbered 1..n", f"Tabel {UNIT_TABLE[unit]}", len(nos), max(nos),
                             "discrepancy", f"numbers {', '.join(map(str, gaps))} are missing: {len(nos)} rows, "
                                            f"numbered up to {max(nos)}"))

    # 3. text tariffs per unit vs the tables
    tariff_text = text[text["quantity"] == "tariff_procedure"]
    for _, t in tariff_text.iterrows():
        group = proc[proc["unit"] == t["subject"]]
        target = group["usulan_tarif"].max() if t["extreme"] in ("largest", "only") else group["usulan_tarif"].min()
        at = set(group.loc[group["usulan_tarif"] == target, "procedure"])
        named = {p.strip() for p in t["procedures"].split(";") if p.strip()}
        ok = float(t["value"]) == target and named == at
        note = f"{t['extreme']} proposal of Tabel {UNIT_TABLE[t['subject']]}"
        if named != at:
            note += f"; text names {len(named)} procedures, the table has {len(at)} at this value"
        rows.append(_row("text tariff = table proposal", f"{t['section']} ({t['figure']})", float(t["value"]),
                         float(target), "consistent" if ok else "discrepancy", note))
        if t["section"] in ("Abstrak", "Abstract"):
            a_target = (group["asumsi_tarif"].max() if t["extreme"] in ("largest", "only")
                        else group["asumsi_tarif"].min())
            rows.append(_row("abstract 'asumsi tarif' = table asumsi tarif", f"{t['section']} ({t['figure']})",
                             float(t["value"]), float(a_target),
                             "consistent" if float(t["value"]) == a_target else "discrepancy",
                             "the abstract calls it 'asumsi tarif ... berdasarkan unit cost' but prints the "
                             "proposal ('usulan'), not the 'asumsi tarif' column"))

    # 4. repeated figures agree across sections
    keyed = text.assign(key=text["quantity"] + "|" + text["scope"] + "|" + text["subject"] + "|" + text["extreme"])
    for key, group in keyed.groupby("key", sort=True):
        if len(group) > 1:
            vals = group["value"].astype(float).unique()
            rows.append(_row("repeated figure agrees", "; ".join(group["section"]), float(group["value"].iloc[0]),
                             float(group["value"].iloc[-1]), "consistent" if len(vals) == 1 else "discrepancy",
                             key.replace("|", " / ")))

    # 5. inpatient classes: abstract and conclusion vs Tabel 5
    for _, c in classes.iterrows():
        for f in text[(text["quantity"] == "uc_class_normative_bor80") & (text["subject"] == c["class"])]["figure"]:
            t = _text(text, f)
            rows.append(_row("'normative BOR 80%' figure = Tabel 5 BOR normatif", f"{t['section']} {c['class']}",
                             float(t["value"]), c["bor_normatif_80"],
                             "consistent" if float(t["value"]) == c["bor_normatif_80"] else "discrepancy",
                             "the text says unit cost at normative output (BOR 80%)"))
            rows.append(_row("'normative BOR 80%' figure = Tabel 5 Tarif Rasional", f"{t['section']} {c['class']}",
                             float(t["value"]), c["tarif_rasional"],
                             "consistent" if float(t["value"]) == c["tarif_rasional"] else "discrepancy",
                             "the figure is the rational tariff, i.e. the 'BOR aktual' column rounded"))
        for f in text[(text["quantity"] == "tariff_class_bor_actual") & (text["subject"] == c["class"])]["figure"]:
            t = _text(text, f)
            rows.append(_row("text 'BOR aktual' tariff = Tabel 5 BOR aktual", f"{t['section']} {c['class']}",
                             float(t["value"]), c["bor_aktual"],
                             "consistent" if float(t["value"]) == c["bor_aktual"] else "discrepancy", ""))
        expected = round(c["unit_cost"] * bor)
        rows.append(_row("Tabel 5 'BOR normatif' computed as Unit Cost x BOR (wrong formula)", f"Tabel 5 {c['class']}", c["bor_normatif_80"],
                         expected, "discrepancy" if abs(c["bor_normatif_80"] - expected) <= 1 else "consistent",
                         f"equals UC x {bor:g} (method error): the normative unit cost is TC/(beds x days x {bor:g}) "
                         f"= UC x BOR_actual / {bor:g}; the two agree only if actual BOR = "
                         f"{occupancy.break_even_actual_bor(bor):.0%}"))
    ratio = classes["bor_aktual"] / classes["unit_cost"]
    rows.append(_row("Tabel 5 'BOR aktual' follows from 'Unit Cost'", "Tabel 5, all classes", None, None,
                     "discrepancy" if ratio.max() - ratio.min() > 0.01 else "consistent",
                     f"'BOR aktual' / 'Unit Cost' ranges {ratio.min():.3f} to {ratio.max():.3f} "
                     f"({', '.join(f'{c}: {x:.3f}' for c, x in zip(classes['class'], ratio))}); no common factor"))
    imp = occupancy.implied_actual_bor(classes["unit_cost"].to_numpy(), classes["bor_aktual"].to_numpy(), bor)
    for c, b in zip(classes["class"], np.atleast_1d(imp)):
        if b > 1:
            rows.append(_row("'BOR aktual' column as a BOR conversion of 'Unit Cost'", f"Tabel 5 {c}", None, None,
                             "discrepancy", f"would need an actual BOR of {b:.1%} (> 100%)"))

    # 6. class UC extremes (Pembahasan) vs Tabel 5 and vs the production-center extremes (Hasil)
    uc3_max = classes.loc[classes["unit_cost"].idxmax()]
    uc3_min = classes.loc[classes["unit_cost"].idxmin()]
    for f, row in (("dis_class_uc3_max", uc3_max), ("dis_class_uc3_min", uc3_min)):
        t = _text(text, f)
        ok = t["subject"] == row["class"] and float(t["value"]) == row["unit_cost"]
        rows.append(_row("class UC-3 extreme = Tabel 5 Unit Cost", f"Pembahasan ({f})", float(t["value"]),
                         row["unit_cost"], "consistent" if ok else "discrepancy",
                         f"text: {t['subject']}; Tabel 5: {row['class']}"))
    for q in ("UC1", "UC2", "UC3"):
        pc_max, cl_max = _text(text, f"res_{q.lower()}_max"), _text(text, f"dis_class_{q.lower()}_max")
        pc_min, cl_min = _text(text, f"res_{q.lower()}_min"), _text(text, f"dis_class_{q.lower()}_min")
        ok = float(pc_max["value"]) >= float(cl_max["value"])
        rows.append(_row(f"largest {q} of production centers >= largest {q} of classes",
                         f"Hasil ({pc_max['subject']}) vs Pembahasan ({cl_max['subject']})", float(pc_max["value"]),
                         float(cl_max["value"]), "consistent" if ok else "discrepancy",
                         "" if ok else f"the classes are production centers, so {cl_max['subject']} "
                                       f"({float(cl_max['value']):,.0f}) cannot exceed the largest {q}"))
        ok = float(pc_min["value"]) <= float(cl_min["value"])
        rows.append(_row(f"smallest {q} of production centers <= smallest {q} of classes",
                         f"Hasil ({pc_min['subject']}) vs Pembahasan ({cl_min['subject']})", float(pc_min["value"]),
                         float(cl_min["value"]), "consistent" if ok else "discrepancy", ""))
    t = _text(text, "res_uc3_max")
    vip = classes[classes["class"] == "Kelas VIP Utama"].iloc[0]
    rows.append(_row("Hasil UC-3 of Kelas VIP Utama = Tabel 5 Unit Cost", "Hasil: Biaya Satuan (res_uc3_max)",
                     float(t["value"]), vip["unit_cost"],
                     "consistent" if float(t["value"]) == vip["unit_cost"] else "discrepancy",
                     f"the Hasil's {float(t['value']):,.0f} is Tabel 5's 'BOR aktual' value "
                     f"({vip['bor_aktual']:,.0f}), not its Unit Cost ({vip['unit_cost']:,.0f})"
                     if float(t["value"]) == vip["bor_aktual"] else ""))
    for cls in ("Kelas III",):
        u1, u2, u3 = (V[f"dis_class_uc{k}_min"] for k in (1, 2, 3))
        ok = u1 >= u2 >= u3
        rows.append(_row("UC-1 >= UC-2 >= UC-3", f"Pembahasan {cls}", None, None, "consistent" if ok else "discrepancy",
                         f"{u1:,.0f} >= {u2:,.0f} >= {u3:,.0f}"))
    gap = V["dis_class_3_perda_gap"]
    rows.append(_row("Perda tariff Kelas III implied", "Pembahasan (dis_class_3_perda_gap)", gap,
                     None, "derived", f"UC-3 {V['dis_class_uc3_min']:,.0f} + ({gap:,.0f}) = Perda tariff "
                                      f"Rp {V['dis_class_uc3_min'] + gap:,.0f}"))

    # 7. cost identities TC1 = FC + SVC + VC, TC2 = SVC + VC, TC3 = VC
    fc_k, svc_k = V["res_fc_max"], V["res_svc_max"]
    tc1_k, tc2_k = V["res_tc1_max"], V["res_tc2_max"]
    rows.append(_row("TC1 - TC2 = FC", f"Hasil, {_text(text, 'res_fc_max')['subject']} (FC {fc_k:,.0f}; TC1; TC2)",
                     fc_k, tc1_k - tc2_k,
                     "consistent" if abs(fc_k - (tc1_k - tc2_k)) <= 1 else "discrepancy",
                     f"TC1 - FC - SVC gives VC {tc1_k - fc_k - svc_k:,.0f}, TC2 - SVC gives VC {tc2_k - svc_k:,.0f}"))
    fc_l = V["res_tc1_min"] - V["res_tc2_min"]
    svc_l = V["res_tc2_min"] - V["res_tc3_min"]
    rows.append(_row("smallest FC >= Laundry FC (TC1 - TC2)", "Hasil: Biaya Tetap vs Biaya Total (Laundry)",
                     V["res_fc_min"], fc_l, "consistent" if V["res_fc_min"] <= fc_l else "discrepancy",
                     f"Laundry FC = TC1 - TC2 = {fc_l:,.0f} is below the 'smallest' FC (Hemodialisa)"))
    rows.append(_row("smallest SVC >= Laundry SVC (TC2 - TC3)", "Hasil: Biaya Semi Variabel vs Biaya Total (Laundry)",
                     V["res_svc_min"], svc_l, "consistent" if V["res_svc_min"] <= svc_l else "discrepancy",
                     f"Laundry SVC = TC2 - TC3 = {svc_l:,.0f} is below the 'smallest' SVC (Rawat Inap Kelas II)"))
    for tc, vc in (("res_tc3_max", "res_vc_max"), ("res_tc3_min", "res_vc_min")):
        a, b = _text(text, tc), _text(text, vc)
        ok = a["subject"] == b["subject"] and float(a["value"]) == float(b["value"])
        rows.append(_row("TC3 = VC", f"Hasil ({tc} vs {vc})", float(a["value"]), float(b["value"]),
                         "consistent" if ok else "discrepancy", f"{a['subject']} / {b['subject']}"))
    rows.append(_row("salary SVC <= SVC", "Pembahasan vs Hasil (Kantor)", V["dis_svc_salary_max"], V["res_svc_max"],
                     "consistent" if V["dis_svc_salary_max"] <= V["res_svc_max"] else "discrepancy", ""))
    a, b = _text(text, "res_svc_min"), _text(text, "dis_svc_salary_min")
    same = a["subject"] == b["subject"] and V["res_svc_min"] == V["dis_svc_salary_min"]
    rows.append(_row("same figure, same definition", "Hasil (res_svc_min) vs Pembahasan (dis_svc_salary_min)",
                     V["res_svc_min"], V["dis_svc_salary_min"], "discrepancy" if same else "consistent",
                     f"Rp {V['res_svc_min']:,.0f} for {a['subject']} is total SVC ({a['quantity']}) in the Hasil and "
                     f"salary-only SVC ({b['quantity']}) in the Pembahasan" if same else ""))
    rows.append(_row("largest SVC center", "Pembahasan ('Biaya semi variabel tertinggi ... kelas III') vs Hasil",
                     V["dis_svc_salary_second"], V["res_svc_max"], "discrepancy",
                     f"the Pembahasan calls Kelas III the largest SVC; the Hasil gives "
                     f"{_text(text, 'res_svc_max')['subject']} ({V['res_svc_max']:,.0f}); Kelas III's only SVC figure "
                     f"is its salary ({V['dis_svc_salary_second']:,.0f})"))

    # 8. shares: both extremes must imply the same total
    for q, hi, lo in (("FC", "res_fc_max", "res_fc_min"), ("SVC", "res_svc_max", "res_svc_min"),
                      ("VC", "res_vc_max", "res_vc_min")):
        a, b = _text(text, hi), _text(text, lo)
        ta = _share_interval(float(a["value"]), float(a["share_pct"]))
        tb = _share_interval(float(b["value"]), float(b["share_pct"]))
        ok = ta[0] <= tb[1] and tb[0] <= ta[1]
        total = float(a["value"]) / (float(a["share_pct"]) / 100)
        implied_share = round(float(b["value"]) / total * 100, 2)
        rows.append(_row(f"{q} shares imply one total", f"Hasil ({b['subject']} {b['share_pct']}% vs "
                         f"{a['subject']} {a['share_pct']}%)", float(b["share_pct"]), implied_share,
                         "consistent" if ok else "discrepancy",
                         f"total from {a['subject']}: {total:,.0f}; {b['subject']} is then {implied_share}% "
                         f"(percentage points)"))

    # 9. RVU bound: a unit's UC per procedure lies between its smallest and largest procedure UC
    for unit in ("fisioterapi", "nicu"):
        group = proc[proc["unit"] == unit]
        lo, hi = group["unit_cost"].min(), group["unit_cost"].max()
        for f in text[(text["quantity"].isin(["UC1", "UC2", "UC3"])) & (text["subject"] == UNIT_COST_CENTER[unit])
                      ]["figure"]:
            t = _text(text, f)
            v = float(t["value"])
            ok = rvu_mod.mean_unit_cost_attainable(group["unit_cost"], v, tolerance=0.5)
            nearest = min(max(v, lo), hi)
            rows.append(_row("unit UC within its procedure UCs (RVU identity)", f"Hasil ({f}) vs Tabel {UNIT_TABLE[unit]}",
                             v, nearest, "consistent" if ok else "discrepancy",
                             f"{t['quantity']} of {t['subject']} must lie in [{lo:,.0f}, {hi:,.0f}] if the procedure "
                             f"unit costs share the same total cost over the same output"))
    return pd.DataFrame(rows, columns=_AUDIT_COLUMNS)


# ---------------------------------------------------------------------------------------- comparison

def comparison_rows(data: dict[str, pd.DataFrame], *, markup: float, step: float, direction: str, bor: float,
                    actual_bor: float) -> list[cmp.Comparison]:
    """Published vs reproduced for every headline figure, with an honest status."""
    proc, classes, text = data["procedures"], data["classes"], data["text"]
    tariffs = procedure_tariffs(proc, markup, step, direction)
    rule = f"nearest Rp {step:,.0f}" if direction == "nearest" else f"{direction} to Rp {step:,.0f}"
    fitted = markup_fit(proc)["factor"]
    factor_note = ("the paper states no factor (notebook parameter markup); "
                   + (f"{fitted:g} is the factor identified from these same published asumsi tarif (markup_fit.csv), "
                      "so a hit shows that one factor fits the row, not an independent reproduction"
                      if abs(1 + markup - fitted) < 1e-9 else
                      f"the factor identified from the published asumsi tarif is {fitted:g}"))
    rows: list[cmp.Comparison] = []
    for _, r in tariffs.iterrows():
        where = f"Tabel {r['table']} no {r['no']} {r['procedure']}"
        src = f"{SEED} Tabel {r['table']}"
        status = cmp.classify(r["asumsi_published"], r["asumsi_reproduced"], tolerance=1.0, assumed=True)
        note = (f"unit cost x {1 + markup:g}: {factor_note}" if status == cmp.ASSUMED else
                f"published / unit cost = {r['asumsi_published'] / r['unit_cost']:.4f}; unit cost x {1 + markup:g} "
                f"= {r['asumsi_reproduced']:,.0f}")
        rows.append(cmp.Comparison(f"asumsi tarif | {where}", r["asumsi_published"], r["asumsi_reproduced"],
                                   status, source=src, note=note))
    for _, r in tariffs.iterrows():
        where = f"Tabel {r['table']} no {r['no']} {r['procedure']}"
        same = r["proposal_reproduced"] == r["proposal_published"]
        rows.append(cmp.Comparison(
            f"usulan tarif | {where}", r["proposal_published"], r["proposal_reproduced"],
            cmp.ASSUMED if same else cmp.NOT_REPRODUCIBLE, source=f"{SEED} Tabel {r['table']}",
            note=(f"rounding rule inferred from the numbers ({rule} of the assumed tariff), assumptions.csv: "
                  f"rounding_rule" if same else
                  f"judgment call: the rule ({rule}) gives {r['proposal_reproduced']:,.0f}")))
    ct = class_tariffs(classes, bor=bor, actual_bor=actual_bor, markup=markup, step=step, direction=direction)
    for _, r in ct.iterrows():
        # the formula is identified from the column itself (the paper prints none): an assumption, like the markup
        status = cmp.classify(r["paper_normative_published"], r["paper_normative_reproduced"], tolerance=1.0,
                              assumed=True)
        rows.append(cmp.Comparison(
            f"Tabel 5 BOR normatif (80%) | {r['class']}", r["paper_normative_published"],
            r["paper_normative_reproduced"], status, source=f"{SEED} Tabel 5",
            note=(f"reproduced as Unit Cost x {bor:g}, the formula identified from this column (the paper "
                  f"prints none); it is a method error: the normative unit cost is Unit Cost x actual BOR / {bor:g} "
                  f"(source_audit.csv)") if status == cmp.ASSUMED else
                 f"Unit Cost x {bor:g} = {r['paper_normative_reproduced']:,.0f}"))
    for _, r in ct.iterrows():
        rows.append(cmp.Comparison(
            f"Tabel 5 BOR aktual | {r['class']}", r["bor_aktual_published"], None, cmp.NOT_REPRODUCIBLE,
            source=f"{SEED} Tabel 5",
            note=f"no factor links it to the Unit Cost column (ratio {r['bor_aktual_ratio']:.3f} here); beds, "
                 f"patient-days and total cost per class are not published"))
    for _, r in ct.iterrows():
        same = r["rational_rule"] == r["rational_published"]
        rows.append(cmp.Comparison(
            f"Tabel 5 Tarif rasional | {r['class']}", r["rational_published"], r["rational_rule"],
            cmp.ASSUMED if same else cmp.NOT_REPRODUCIBLE, source=f"{SEED} Tabel 5",
            note=(f"{rule} of its input, the published 'BOR aktual' column (itself not reproducible); rule "
                  f"inferred from Tabel 1-4" if same else
                  f"judgment call: {rule} of 'BOR aktual' {r['bor_aktual_published']:,.0f} gives "
                  f"{r['rational_rule']:,.0f}")))
    for _, r in ct.iterrows():
        t = text[(text["figure"].str.startswith("abs_id_class")) & (text["subject"] == r["class"])].iloc[0]
        rows.append(cmp.Comparison(
            f"abstract unit cost at normative BOR 80% | {r['class']}", float(t["value"]),
            r["paper_normative_reproduced"], cmp.NOT_REPRODUCIBLE, source=f"{SEED} Abstrak",
            note=f"the abstract's figure is Tabel 5's 'Tarif Rasional' (rounded 'BOR aktual'), not its "
                 f"'BOR normatif (80%)' column ({r['paper_normative_published']:,.0f})"))
    # text tariffs: largest / smallest proposal per unit, from the reproduced proposals
    for _, t in text[(text["quantity"] == "tariff_procedure") & (text["section"].str.startswith("Hasil"))].iterrows():
        group = tariffs[tariffs["unit"] == t["subject"]]
        v = group["proposal_reproduced"].max() if t["extreme"] in ("largest", "only") else group["proposal_reproduced"].min()
        same = float(v) == float(t["value"])
        rows.append(cmp.Comparison(
            f"text {t['extreme']} proposal | {t['subject']}", float(t["value"]), float(v),
            cmp.ASSUMED if same else cmp.NOT_REPRODUCIBLE, source=t["source"],
            note=(f"from the reproduced proposals ({rule})" if same else
                  f"the rule ({rule}) gives {v:,.0f}; the published proposal is a judgment call")))
    # class UC-3 extremes: the text restates Tabel 5, whose unit costs are published results with no cost data
    # behind them; agreement with the table is a check of the source, not a reproduction
    for f, pick in (("dis_class_uc3_max", "idxmax"), ("dis_class_uc3_min", "idxmin")):
        t = text[text["figure"] == f].iloc[0]
        extreme = classes.loc[getattr(classes["unit_cost"], pick)()]
        agrees = extreme["class"] == t["subject"] and float(extreme["unit_cost"]) == float(t["value"])
        rows.append(cmp.Comparison(
            f"text class UC-3 {t['extreme']} | {t['subject']}", float(t["value"]), None, cmp.NOT_REPRODUCIBLE,
            source=t["source"],
            note=("the class costs, beds and patient-days are not published, so no class unit cost can be "
                  f"computed; the text {'agrees with' if agrees else 'departs from'} the {t['extreme']} of Tabel "
                  f"5's Unit Cost column ({extreme['class']}, {extreme['unit_cost']:,.0f})")))
    # cost-center figures: nothing to reproduce them from
    for _, t in text[text["quantity"].isin(["FC", "SVC", "VC", "TC1", "TC2", "TC3", "UC1", "UC2", "UC3", "SVC_salary"])
                     & ~text["figure"].str.startswith("dis_class_uc3")].drop_duplicates(
                         ["quantity", "scope", "subject", "extreme", "value"]).iterrows():
        rows.append(cmp.Comparison(
            f"text {t['quantity']} {t['extreme']} | {t['subject']}", float(t["value"]), None, cmp.NOT_REPRODUCIBLE,
            source=t["source"], note="cost-center costs, allocation bases and outputs are not published"))
    return rows
