"""Seed 004: short tables for readers, with their words in English or Indonesian.

The notebook's ``# NBVAL_CHECK_OUTPUT`` cells print the full numbers for nbval; readers get these
short tables instead (through :func:`jkncost.display.show`, which formats numbers and headers). The
functions here only pick and name rows: every number comes from the study's own functions, and
words the code writes (check names, units, rules, statuses) are looked up in the label catalogue.

Examples
--------
>>> check_label("largest UC3 of production centers >= largest UC3 of classes", "id")
'UC3 terbesar pusat produksi >= UC3 terbesar kelas'
>>> check_label("text contradicts itself: data year", "id")
'teks bertentangan dengan dirinya sendiri: tahun data'
"""

from __future__ import annotations

import re

import pandas as pd

from jkncost.core.statuses import STATUSES
from jkncost.display import number

from .readers import label

#: Audit checks (``source_audit``) by their English name -> catalogue key ``bone.check.<key>``.
_CHECKS = {
    "asumsi tarif = factor x unit cost": "asumsi_factor",
    "table rows numbered 1..n": "numbering",
    "text tariff = table proposal": "text_tariff",
    "abstract 'asumsi tarif' = table asumsi tarif": "abstract_asumsi",
    "repeated figure agrees": "repeated",
    "'normative BOR 80%' figure = Tabel 5 BOR normatif": "normative_vs_t5_normative",
    "'normative BOR 80%' figure = Tabel 5 Tarif Rasional": "normative_vs_t5_rational",
    "text 'BOR aktual' tariff = Tabel 5 BOR aktual": "text_bor_aktual",
    "Tabel 5 'BOR normatif' computed as Unit Cost x BOR (wrong formula)": "wrong_formula",
    "Tabel 5 'BOR aktual' follows from 'Unit Cost'": "bor_aktual_factor",
    "class UC-3 extreme = Tabel 5 Unit Cost": "class_uc3_extreme",
    "Hasil UC-3 of Kelas VIP Utama = Tabel 5 Unit Cost": "hasil_uc3_vip",
    "UC-1 >= UC-2 >= UC-3": "uc_order",
    "Perda tariff Kelas III implied": "perda_implied",
    "TC1 - TC2 = FC": "tc1_tc2",
    "smallest FC >= Laundry FC (TC1 - TC2)": "laundry_fc",
    "smallest SVC >= Laundry SVC (TC2 - TC3)": "laundry_svc",
    "TC3 = VC": "tc3_vc",
    "salary SVC <= SVC": "salary_svc",
    "same figure, same definition": "same_definition",
    "largest SVC center": "largest_svc",
    "unit UC within its procedure UCs (RVU identity)": "rvu_identity",
}
#: Checks whose name carries a quantity (UC1, FC ...): pattern -> catalogue key with a ``{q}`` field.
_CHECK_PATTERNS = (
    (re.compile(r"^largest (\w+) of production centers >= largest \1 of classes$"), "largest"),
    (re.compile(r"^smallest (\w+) of production centers <= smallest \1 of classes$"), "smallest"),
    (re.compile(r"^(\w+) shares imply one total$"), "shares"),
)
_CONTRADICTION = "text contradicts itself: "

#: Comparison rows (``comparison_rows``) by the part of ``figure`` before `` | `` -> ``bone.kind.<key>``.
_KINDS = {
    "unit cost": "unit_cost", "asumsi tarif": "asumsi", "usulan tarif": "usulan",
    "Tabel 5 Unit Cost (UC-3)": "t5_unit_cost", "Tabel 5 BOR normatif (80%)": "t5_normative",
    "Tabel 5 BOR aktual": "t5_actual", "Tabel 5 Tarif rasional": "t5_rational",
    "smallest proposal": "extremes", "largest proposal": "extremes",
}
_LEFT_OUT = {"asumsi tarif": "loo_asumsi", "proposal": "loo_proposal", "BOR normatif": "loo_bor"}
#: Rules of :func:`jkncost.studies.bone.leave_one_out` -> ``bone.loo.<key>``.
_LOO_RULES = {"asumsi tarif = factor x unit cost": "factor", "proposal = rounded asumsi tarif": "rounding",
              "BOR normatif = f x Unit Cost": "bor"}
#: Columns of Tabel 5 as :func:`jkncost.studies.bone.class_columns` names them -> ``bone.reading.<key>``.
_READINGS = {"Unit Cost": "unit_cost", "BOR Aktual": "bor_aktual", "BOR Normatif (80%)": "bor_normatif"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def check_label(check: str, lang: str = "en") -> str:
    """An audit check's name in ``lang``; a name the catalogue does not know is returned as it is."""
    if check in _CHECKS:
        return label(f"check.{_CHECKS[check]}", lang)
    for pattern, key in _CHECK_PATTERNS:
        m = pattern.match(check)
        if m:
            return label(f"check.{key}", lang, q=m.group(1))
    if check.startswith(_CONTRADICTION):
        what = check[len(_CONTRADICTION):]
        try:
            what = label(f"contradiction.{_slug(what)}", lang)
        except KeyError:
            pass
        return label("check.text", lang, what=what)
    return check


def _amount(value, lang: str) -> str:
    """Whole numbers without decimals, others with two (the audit mixes rupiah, counts and percents)."""
    if value is None or pd.isna(value):
        return ""
    v = float(value)
    return number(v, lang, 0 if v == round(v) else 2)


def audit_status_counts(audit: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """How many checks of :func:`jkncost.studies.bone.source_audit` end in each result.

    Columns ``status`` (``consistent``, ``derived``, ``discrepancy`` in ``lang``) and ``checks``.
    """
    counts = audit["status"].value_counts().sort_index()
    return pd.DataFrame({"status": [label(f"audit.{s}", lang) for s in counts.index],
                         "checks": counts.to_numpy()})


def discrepancy_summary(audit: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per audit check with discrepancies: the check in ``lang``, its rows and its first row's numbers.

    Columns ``check, rows, location, published, expected, difference``; the numbers are text in the
    marks of ``lang`` (the checks mix rupiah, counts and percentage points; empty where a check
    compares words, not numbers).

    Examples
    --------
    >>> from jkncost.studies import bone
    >>> s = discrepancy_summary(bone.source_audit(bone.load(), bor=0.8), "id")
    >>> s.iloc[0][["check", "published", "expected"]].tolist()
    ['asumsi tarif = faktor x biaya satuan', '13.800', '12.075']
    """
    disc = audit[audit["status"] == "discrepancy"]
    first = disc.drop_duplicates("check")
    rows = disc.groupby("check", sort=False).size()
    return pd.DataFrame({
        "check": [check_label(c, lang) for c in first["check"]],
        "rows": rows.reindex(first["check"]).to_numpy(),
        "location": first["location"].to_numpy(),
        "published": [_amount(v, lang) for v in first["published"]],
        "expected": [_amount(v, lang) for v in first["expected"]],
        "difference": [_amount(v, lang) for v in first["difference"]],
    })


def unit_names(units: pd.Series, lang: str = "en") -> pd.Series:
    """Unit codes (``radiologi``) as names in ``lang`` (``Radiology`` / ``Radiologi``)."""
    return units.map(lambda u: label(u, lang))


def direction_names(directions: pd.Series, lang: str = "en") -> pd.Series:
    """Rounding directions (``nearest``, ``up``, ``down``) in ``lang``."""
    return directions.map(lambda d: label(f"direction.{d}", lang))


def tariff_hits(tariffs: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Per unit, how many reproduced asumsi tarif lie within Rp 1 and how many proposals are equal.

    Columns ``unit`` (name in ``lang``), ``n``, ``asumsi_hits``, ``proposal_hits``.
    """
    t = tariffs.assign(a=tariffs["asumsi_difference"].abs() <= 1, p=tariffs["proposal_difference"] == 0)
    out = t.groupby("unit", sort=False).agg(n=("a", "size"), asumsi_hits=("a", "sum"),
                                             proposal_hits=("p", "sum")).reset_index()
    out["unit"] = unit_names(out["unit"], lang)
    return out


def loo_summary(loo: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Per rule of :func:`jkncost.studies.bone.leave_one_out`: predictions, hits and misses.

    Columns ``rule`` (in ``lang``), ``predictions``, ``hits``, ``misses``.
    """
    g = loo.groupby("rule", sort=False)["within"]
    out = pd.DataFrame({"predictions": g.size(), "hits": g.sum()}).reset_index()
    out["misses"] = out["predictions"] - out["hits"]
    out["rule"] = [label(f"loo.{_LOO_RULES[r]}", lang) if r in _LOO_RULES else r for r in out["rule"]]
    return out


def column_matches(view: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """For each Tabel 5 column of ``view``: how many classes' abstract figure (``abstract_bor80``) equal it.

    Columns ``column`` (as given) and ``classes_equal``.
    """
    return pd.DataFrame({"column": columns,
                         "classes_equal": [int((view["abstract_bor80"] == view[c]).sum()) for c in columns]})


def column_readings(cols: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`jkncost.studies.bone.class_columns` with its reading and verdict in ``lang`` (no evidence text).

    Columns ``column`` (the paper's column head), ``reading``, ``holds`` (yes / no in ``lang``).
    """
    return pd.DataFrame({
        "column": cols["column"].to_numpy(),
        "reading": [label(f"reading.{_READINGS[c]}", lang) if c in _READINGS else r
                    for c, r in zip(cols["column"], cols["reading"])],
        "holds": [label("yes" if h else "no", lang) for h in cols["holds"]],
    })


def rvu_extremes(implied: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Per unit: the procedure of RVU 1 (the cheapest) and the one with the largest implied RVU.

    ``implied`` has ``unit, procedure, rvu_implied``. Columns ``unit`` (in ``lang``), ``rvu_one``,
    ``rvu_top``, ``rvu_largest``.
    """
    rows = []
    for unit, g in implied.groupby("unit", sort=False):
        top = g.loc[g["rvu_implied"].idxmax()]
        rows.append({"unit": label(unit, lang), "rvu_one": g.loc[g["rvu_implied"].idxmin(), "procedure"],
                     "rvu_top": top["procedure"], "rvu_largest": float(top["rvu_implied"])})
    return pd.DataFrame(rows)


def figure_kind(figure: str) -> str:
    """The catalogue key (``bone.kind.<key>``) of the kind of a comparison row's published figure.

    >>> figure_kind("usulan tarif | Tabel 1 no 1 Scapula"), figure_kind("proposal | Tabel 4 no 2 X [left out]")
    ('usulan', 'loo_proposal')
    """
    head = figure.split(" | ")[0]
    if figure.endswith("[left out]"):
        return _LEFT_OUT.get(head, head)
    if head.startswith("text "):
        return "text"
    return _KINDS.get(head, head)


def comparison_summary(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Rows of ``comparison.csv`` counted per kind of published figure (in ``lang``) and status, with totals.

    Columns ``kind``, one per status (named by the English status, which the caller labels in
    ``lang``), ``total``; the last row holds the totals.

    Examples
    --------
    >>> t = pd.DataFrame({"figure": ["unit cost | a", "asumsi tarif | a", "asumsi tarif | b"],
    ...                   "status": ["not reproducible", "by construction", "by construction"]})
    >>> comparison_summary(t, "id")[["kind", "by construction", "total"]].to_dict("list")
    {'kind': ['biaya satuan tindakan (Tabel 1-4)', 'asumsi tarif (Tabel 1-4)', 'jumlah'], 'by construction': [0, 2, 2], 'total': [1, 2, 3]}
    """
    kinds = table["figure"].map(figure_kind)
    counts = pd.crosstab(kinds, table["status"]).reindex(index=list(dict.fromkeys(kinds)), columns=list(STATUSES),
                                                         fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts.loc["__total__"] = counts.sum(axis=0)
    names = [label("col.total", lang) if k == "__total__" else label(f"kind.{k}", lang) if _known_kind(k) else k
             for k in counts.index]
    out = counts.reset_index(drop=True)
    out.columns.name = None
    out.insert(0, "kind", names)
    return out


def _known_kind(key: str) -> bool:
    from jkncost.labels import catalogue

    return f"bone.kind.{key}" in catalogue()


def short_number(value: float, lang: str = "en") -> str:
    """A parameter as short as it is exact (up to six decimals), in the marks of ``lang``.

    >>> short_number(1.4, "id"), short_number(0.80000, "en"), short_number(1.25, "id")
    ('1,4', '0.8', '1,25')
    """
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number(float(value), lang, decimals)
