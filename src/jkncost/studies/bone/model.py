"""Seed 004: the rules identified from the published numbers (factor, rounding), with leave-one-out tests, and the inpatient classes."""

from __future__ import annotations


import numpy as np
import pandas as pd

from jkncost.core.comparison import held_out_status
from jkncost.costing import pricing

#: Other factors and rounding steps a reader could have fitted: a held-out prediction is a test only when they
#: miss where the fitted rule hits (issue 25: "the alternatives it beats").
ALTERNATIVE_FACTORS = (1.3, 1.4, 1.5)
ALTERNATIVE_STEPS = (1_000, 5_000, 10_000)
#: Why the "BOR normatif (80%)" formula reproduces no method (source_audit.csv): it is never *reproduced*.
BOR_NORMATIVE_NO_BASIS = ("Unit Cost x 0.8, and the Unit Cost column is UC-3, variable cost per actual patient-day, "
                          "which does not change with occupancy")

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


def loo_factor(procedures: pd.DataFrame) -> pd.DataFrame:
    """The asumsi-tarif factor tested out of sample: fitted on the other 66 procedures, predicts the one left out.

    ``predicted = round(unit cost x factor fitted without this row)``; ``error = predicted -
    published``; ``within`` when ``|error| <= 1`` (the published rounding).
    """
    rows = []
    uc, asumsi = procedures["unit_cost"].to_numpy(float), procedures["asumsi_tarif"].to_numpy(float)
    for i in range(len(procedures)):
        keep = np.arange(len(procedures)) != i
        f = pricing.infer_factor(pd.Series(uc[keep]), pd.Series(asumsi[keep]))["factor"]
        pred = float(np.round(uc[i] * f))
        r = procedures.iloc[i]
        others = {f"x {a:g}": float(np.round(uc[i] * a)) for a in ALTERNATIVE_FACTORS if abs(a - f) > 0.05}
        rows.append({"unit": r["unit"], "table": int(r["table"]), "no": int(r["no"]), "procedure": r["procedure"],
                     "rule": "asumsi tarif = factor x unit cost", "parameter": f"factor {f:g}",
                     "published": asumsi[i], "predicted": pred, "_alternatives": others})
    return _finish(rows, 1.0)


def loo_rounding(procedures: pd.DataFrame) -> pd.DataFrame:
    """The rounding rule tested out of sample: inferred from the other 66 proposals, applied to the one left out."""
    rows = []
    for i in range(len(procedures)):
        train = procedures.drop(index=procedures.index[i])
        rule = pricing.infer_rounding(train["asumsi_tarif"], train["usulan_tarif"])
        r = procedures.iloc[i]
        pred = float(pricing.round_tariff(float(r["asumsi_tarif"]), rule["step"], rule["direction"]))
        others = {f"nearest Rp {step:,.0f}": float(pricing.round_tariff(float(r["asumsi_tarif"]), step, "nearest"))
                  for step in ALTERNATIVE_STEPS if not (step == rule["step"] and rule["direction"] == "nearest")}
        rows.append({"unit": r["unit"], "table": int(r["table"]), "no": int(r["no"]), "procedure": r["procedure"],
                     "rule": "proposal = rounded asumsi tarif", "parameter": f"{rule['direction']} Rp {rule['step']:,.0f}",
                     "published": float(r["usulan_tarif"]), "predicted": pred, "_alternatives": others})
    return _finish(rows, 0.0)


def loo_bor_column(classes: pd.DataFrame) -> pd.DataFrame:
    """Tabel 5's "BOR normatif (80%)" as ``f x Unit Cost``, ``f`` fitted on the other four classes."""
    rows = []
    ratio = classes["bor_normatif_80"] / classes["unit_cost"]
    for i in range(len(classes)):
        f = float(ratio.drop(index=classes.index[i]).mean())
        r = classes.iloc[i]
        rows.append({"unit": "rawat inap", "table": 5, "no": int(r["no"]), "procedure": r["class"],
                     "rule": "BOR normatif = f x Unit Cost", "parameter": f"f {f:.5f}",
                     "published": float(r["bor_normatif_80"]), "predicted": float(np.round(f * r["unit_cost"])),
                     "_no_basis": BOR_NORMATIVE_NO_BASIS})
    return _finish(rows, 1.0)


def _finish(rows: list[dict], tolerance: float) -> pd.DataFrame:
    """``error``, ``within``, and the held-out verdict: ``alternatives`` (what each other rule predicts),
    ``held_out_status`` and ``held_out_note`` (:func:`jkncost.core.comparison.held_out_status`)."""
    for r in rows:
        others = r.pop("_alternatives", {})
        no_basis = r.pop("_no_basis", "")
        r["error"] = r["predicted"] - r["published"]
        r["within"] = bool(abs(r["error"]) <= tolerance)
        hits = {k: abs(v - r["published"]) <= tolerance for k, v in others.items()}
        r["alternatives"] = "; ".join(f"{k}: {v:,.0f} ({'also fits' if hits[k] else 'misses'})"
                                      for k, v in others.items())
        r["held_out_status"], r["held_out_note"] = held_out_status(r["within"], hits, no_basis=no_basis)
    return pd.DataFrame(rows)


def leave_one_out(procedures: pd.DataFrame, classes: pd.DataFrame) -> pd.DataFrame:
    """Every rule identified from the paper's numbers, each row predicted by the rule fitted without it.

    Rules: the 1.4 factor (:func:`loo_factor`), the rounding to Rp 5,000 (:func:`loo_rounding`),
    the "UC x 0.8" column (:func:`loo_bor_column`). Columns: ``unit, table, no, procedure, rule,
    parameter, published, predicted, error, within``.
    """
    return pd.concat([loo_factor(procedures), loo_rounding(procedures), loo_bor_column(classes)],
                     ignore_index=True)


def class_columns(classes: pd.DataFrame, text: pd.DataFrame) -> pd.DataFrame:
    """Which unit cost each Tabel 5 column is, with the evidence from the text.

    Returns ``column, reading, evidence, holds``: the "Unit Cost" column is UC-3 (variable cost per
    actual patient-day) when the Pembahasan's largest and smallest class UC-3 are its values; the
    "BOR aktual" column is what the Hasil calls the largest UC-3 and what the Pembahasan calls the
    tariff at actual BOR; "BOR normatif (80%)" is Unit Cost x 0.8 (:func:`loo_bor_column`).
    """
    t = text.set_index("figure")
    cls = classes.set_index("class")
    rows = []
    hits = []
    for f in ("dis_class_uc3_max", "dis_class_uc3_min"):
        who, v = t.loc[f, "subject"], float(t.loc[f, "value"])
        hits.append(bool(who in cls.index and float(cls.loc[who, "unit_cost"]) == v))
        rows.append({"column": "Unit Cost", "reading": "UC-3 = VC / actual patient-days",
                     "evidence": f"Pembahasan: {t.loc[f, 'extreme']} UC-3 of the classes is {who} Rp {v:,.0f}; "
                                 f"Tabel 5 Unit Cost of {who}: Rp {float(cls.loc[who, 'unit_cost']):,.0f}",
                     "holds": hits[-1]})
    v = float(t.loc["res_uc3_max", "value"])
    rows.append({"column": "BOR Aktual", "reading": "called UC-3 by the Hasil, a tariff by the Pembahasan",
                 "evidence": f"Hasil: largest UC-3 of production centers is {t.loc['res_uc3_max', 'subject']} Rp {v:,.0f}, "
                             f"Tabel 5 'BOR aktual' of Kelas VIP Utama is Rp {float(cls.loc['Kelas VIP Utama', 'bor_aktual']):,.0f}; "
                             "the Pembahasan calls the same column 'asumsi tarif berdasarkan nilai BOR Aktual'",
                 "holds": bool(v == float(cls.loc["Kelas VIP Utama", "bor_aktual"]))})
    ratio = classes["bor_normatif_80"] / classes["unit_cost"]
    rows.append({"column": "BOR Normatif (80%)", "reading": "Unit Cost x 0.8",
                 "evidence": f"ratio to Unit Cost {ratio.min():.5f} to {ratio.max():.5f} in all five classes",
                 "holds": bool((ratio - 0.8).abs().max() < 1e-3)})
    return pd.DataFrame(rows)


def class_unit_costs(classes: pd.DataFrame, text: pd.DataFrame) -> pd.DataFrame:
    """UC-1, UC-2, UC-3 per class where the paper prints them (at actual output), long format.

    UC-3 from Tabel 5's Unit Cost column (:func:`class_columns`); UC-1 and UC-2 from the Pembahasan's
    largest and smallest of the classes. Columns ``class, level, uc, source``.
    """
    rows = [{"class": r["class"], "level": 3, "uc": float(r["unit_cost"]), "source": "Tabel 5 Unit Cost"}
            for _, r in classes.iterrows()]
    for f in ("dis_class_uc1_max", "dis_class_uc1_min", "dis_class_uc2_max", "dis_class_uc2_min"):
        t = text[text["figure"] == f].iloc[0]
        rows.append({"class": t["subject"], "level": int(t["quantity"][-1]), "uc": float(t["value"]),
                     "source": f"Pembahasan ({f})"})
    return pd.DataFrame(rows)


def normative_by_convention(classes: pd.DataFrame, text: pd.DataFrame, *, bor: float = 0.8,
                            grid=None) -> pd.DataFrame:
    """Normative unit cost by the spec's convention, for every published class UC and assumed actual BOR.

    .. math:: UC_k^{norm} = (UC_k - UC_3) \\frac{BOR_{act}}{BOR_{norm}} + UC_3

    (fixed and semi-variable cost per actual day, UC_k - UC_3, spread over the normative output;
    variable cost UC_3 per actual day unchanged; ``../shared/spec/hospital-folder.md``). UC-3 is
    therefore the same at every BOR: its rows are flat. ``grid``: actual BOR values (default 0.40 to
    1.00 by 0.05); the paper publishes no actual BOR, so every row is conditional on one.
    Columns ``class, level, uc_actual, actual_bor, uc_normative, tariff, crr_percent`` (the
    paper's rational tariff of the class over the normative UC).
    """
    grid = np.round(np.arange(0.40, 1.0001, 0.05), 2) if grid is None else np.asarray(grid, dtype=float)
    ucs = class_unit_costs(classes, text)
    uc3 = ucs[ucs["level"] == 3].set_index("class")["uc"]
    tariff = classes.set_index("class")["tarif_rasional"]
    rows = []
    for r in ucs.sort_values(["class", "level"], kind="stable").to_dict("records"):
        if r["class"] not in uc3.index:
            continue
        fixed = r["uc"] - float(uc3[r["class"]])
        for b in grid:
            norm = fixed * float(b) / bor + float(uc3[r["class"]])
            rows.append({"class": r["class"], "level": r["level"], "uc_actual": r["uc"], "actual_bor": float(b),
                         "uc_normative": norm, "tariff": float(tariff[r["class"]]),
                         "crr_percent": 100.0 * float(tariff[r["class"]]) / norm})
    return pd.DataFrame(rows)


def class_tariffs(classes: pd.DataFrame, *, bor: float, step: float, direction: str) -> pd.DataFrame:
    """Tabel 5 beside what can be computed from it.

    Columns: ``class, unit_cost`` (UC-3 per actual patient-day, :func:`class_columns`),
    ``bor_aktual_published``, ``paper_normative_published`` and ``paper_normative_reproduced``
    (Unit Cost x ``bor``, the formula identified from that column), ``uc3_normative`` (the spec's
    convention: variable cost stays per actual day, so it equals ``unit_cost`` at any BOR),
    ``rational_published``, ``rational_rule`` (the rounding rule of Tabel 1-4 applied to "BOR
    aktual") and ``crr_rational_vs_uc3`` (percent; below 100 the tariff does not cover the variable
    cost of a day, whatever the occupancy).
    """
    uc = classes["unit_cost"].to_numpy(dtype=float)
    out = classes[["no", "class", "unit_cost"]].copy()
    out["bor_aktual_published"] = classes["bor_aktual"].to_numpy()
    out["paper_normative_published"] = classes["bor_normatif_80"].to_numpy()
    out["paper_normative_reproduced"] = np.round(uc * bor)
    out["paper_normative_ratio"] = (classes["bor_normatif_80"] / classes["unit_cost"]).round(5)
    out["uc3_normative"] = uc
    out["bor_aktual_ratio"] = (classes["bor_aktual"] / classes["unit_cost"]).round(4)
    out["rational_published"] = classes["tarif_rasional"].to_numpy()
    out["rational_rule"] = pricing.round_tariff(classes["bor_aktual"].to_numpy(dtype=float), step, direction)
    out["crr_rational_vs_uc3"] = 100.0 * out["rational_published"] / out["unit_cost"]
    return out.reset_index(drop=True)
