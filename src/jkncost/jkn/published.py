"""Published versus reproduced for the JKN rules: every quantity of seeds 001 and 003, with an honest status.

The quantities are transcribed in ``data/raw/jkn_rules/published.csv`` (one row per distinct quantity,
``quote`` as printed and ``locations`` where), and compared here with what the package computes:

* **by construction**: the rates of seed 001 (contribution shares, self-paying amounts, fines, the
  due day) were transcribed from the seed into the rule tables, so reading them back through
  :func:`~jkncost.jkn.contributions.contribution` and :func:`~jkncost.jkn.penalties.late_penalty`
  checks the lookup and the arithmetic, not the rate (a *restatement check*); likewise the 75% cap
  and the tariffs of seed 003's worked example, which are inputs;
* **exact**: results of the rules: the three class-upgrade co-payments of seed 003 and the COB total;
* **not reproducible**: what nothing primary in the project can give (the group and CMG counts, the case
  types, the example's premium "after efficiency").

Checks of the seed against itself (the six CMG categories against the totals 30 and 31, 789 + 288
against 1.077, 1.077 against 1220) are source checks (:func:`source_checks`, outcome ``consistent`` or
``discrepancy``), not results. Agreement or disagreement with ``src/jkncost/jkn/data/inacbg/cmg.csv`` and
``case_types.csv``, secondary lists transcribed from notes that mix Permenkes 27/2014 and 76/2016, is a
*cross-check* (its own outcome, ``cross-check: agrees`` / ``cross-check: disagrees``), never a status.

Examples
--------
>>> t = comparison()
>>> t.loc[t["figure"] == "upgrade co-payment: class 2 to class 1", "status"].item()
'exact'
>>> t.loc[t["figure"] == "acute-care CMGs", "status"].item()
'not reproducible'
>>> source_checks().groupby("outcome").size().to_dict()["cross-check: agrees"]
6
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from jkncost.core import comparison as cmp
from jkncost.core import paths
from jkncost.jkn import inacbg
from jkncost.jkn import rules as R
from jkncost.jkn.contributions import contribution
from jkncost.jkn.penalties import due_date, late_penalty
from jkncost.jkn.upgrade import upgrade_copayment

#: the day seed 001's rates are looked up for (its 2014 regime)
SEED001_DAY = "2014-06-01"
#: an illustrative wage, below any 2014 ceiling: rates are amounts divided by it
WAGE = 10_000_000
_RESTATEMENT = ("restatement check: rule {rule} (in force on {day}) was transcribed from this seed item, so the "
                "engine giving the figure back tests the lookup and the arithmetic, not the figure")


def read_published(seed: str | None = None) -> pd.DataFrame:
    """``data/raw/jkn_rules/published.csv`` (``value`` as float), optionally only seed ``'001'`` or ``'003'``."""
    df = pd.read_csv(paths.raw("jkn_rules", "published.csv"), dtype=str, keep_default_na=False)
    df["value"] = df["value"].astype(float)
    if seed is not None:
        df = df[df["seed"] == seed].reset_index(drop=True)
    return df


def _quantities(seed: str) -> pd.DataFrame:
    return read_published(seed)[["figure", "value", "unit", "quote", "locations"]]


def seed001_quantities() -> pd.DataFrame:
    """Seed 001's published quantities for :mod:`jkncost.compendium.coverage`."""
    return _quantities("001")


def seed003_quantities() -> pd.DataFrame:
    """Seed 003's published quantities for :mod:`jkncost.compendium.coverage`."""
    return _quantities("003")


def _pct(amount, wage=WAGE) -> float:
    return round(100 * float(amount) / wage, 6)


def _reproduced_rates() -> dict[str, tuple[float, str]]:
    """figure_id -> (value the engine gives back, rule it came from), for seed 001's transcribed rates."""
    day = SEED001_DAY
    gov = contribution("ppu_government", day, wage=WAGE)
    priv = contribution("ppu_private", day, wage=WAGE)
    fam = contribution("ppu_private", day, wage=WAGE, family=1)
    vet_rule = R.in_force(R.load_table("contributions"), day, "contribution", segment="veteran", care_class=None)
    vet = contribution("veteran", day, wage=WAGE)
    share = vet_rule.number("reference_share") or Decimal(1)
    fine_ppu = late_penalty("ppu_private", day, 1, monthly_contribution=100_000)
    fine_self = late_penalty("pbpu", day, 1, monthly_contribution=100_000)
    out = {
        "ppu_gov_total": (_pct(gov.total), gov.rule), "ppu_gov_employer": (_pct(gov.employer), gov.rule),
        "ppu_gov_worker": (_pct(gov.worker), gov.rule), "ppu_private_total": (_pct(priv.total), priv.rule),
        "ppu_private_employer": (_pct(priv.employer), priv.rule),
        "ppu_private_worker": (_pct(priv.worker), priv.rule),
        "family_rate": (_pct(fam.worker - priv.worker), fam.rule),
        # the government's amount over the reference salary (share x wage) is the rate; share is the rule's own
        "veteran_rate": (_pct(vet.government, float(share) * WAGE), vet.rule),
        "veteran_reference_share": (100 * float(share), vet_rule.rule_id),
        "due_day": (float(due_date("2014-06").day), "DUE-2014"),
        "fine_rate_ppu": (_pct(fine_ppu.penalty, 100_000), fine_ppu.rule),
        "fine_rate_self": (_pct(fine_self.penalty, 100_000), fine_self.rule),
        "fine_months_ppu": (float(late_penalty("ppu_private", day, 12, monthly_contribution=1).months_counted),
                            fine_ppu.rule),
        "fine_months_self": (float(late_penalty("pbpu", day, 12, monthly_contribution=1).months_counted),
                             fine_self.rule),
    }
    for klass, fid in ((3, "pbpu_class3"), (2, "pbpu_class2"), (1, "pbpu_class1")):
        c = contribution("pbpu", day, care_class=klass)
        out[fid] = (float(c.total), c.rule)
    return out


def _cmg_counts() -> dict[str, int]:
    table = inacbg.load_table("cmg")
    return table["kind"].value_counts().to_dict()


def comparison() -> pd.DataFrame:
    """Every quantity of ``published.csv`` against the package, one row each (see the module docstring)."""
    pub = read_published()
    value = dict(zip(pub["figure_id"], pub["value"]))
    rates = _reproduced_rates()
    listed = sum(value[k] for k in ("cmg_acute", "cmg_ambulatory", "cmg_subacute", "cmg_chronic", "cmg_special",
                                    "cmg_error"))
    cmg_table = "src/jkncost/jkn/data/inacbg/cmg.csv (Permenkes 27/2014 and 76/2016 as summarised in the domain notes)"
    cmg_kind = {"cmg_acute": "main", "cmg_ambulatory": "ambulatory", "cmg_subacute": "subacute",
                "cmg_chronic": "chronic", "cmg_special": "special", "cmg_error": "error"}
    rows: list[cmp.Comparison] = []
    for rec in pub.to_dict("records"):
        fid, pv = rec["figure_id"], rec["value"]
        base = dict(figure=rec["figure"], published=pv, unit=rec["unit"], source=rec["source"],
                    locations=rec["locations"])

        def add(reproduced, status, note, **kw):
            rows.append(cmp.Comparison(reproduced=reproduced, status=status, note=note, **{**base, **kw}))

        if fid in rates:
            rep, rule = rates[fid]
            hit = abs(rep - pv) <= (1e-9 if rec["unit"] != "Rp" else 0.5)
            add(rep, cmp.BY_CONSTRUCTION if hit else cmp.NOT_REPRODUCIBLE,
                _RESTATEMENT.format(rule=rule, day=SEED001_DAY) if hit else
                f"rule {rule} gives {rep:g}, not the seed's {pv:g}")
        elif fid == "cob_commercial_premium":
            add(pv, cmp.BY_CONSTRUCTION, "an input of the COB example (the commercial premium it assumes)")
        elif fid == "cob_total":
            rep = rates["pbpu_class3"][0] + value["cob_commercial_premium"]
            add(rep, cmp.classify(pv, rep), "class III contribution (rule tables) plus the example's commercial "
                                            "premium; the example's 'Rp 220.000 after COB' states no rule (D7)")
        elif fid == "cob_after_efficiency":
            add(None, cmp.NOT_REPRODUCIBLE, "the example's premium 'after efficiency' states no rule: nothing "
                                            "computes it from the Rp 225.500 before it (discrepancies.csv D7)")
        elif fid in ("inacbg_groups_inpatient", "inacbg_groups_outpatient", "inacbg_groups_total", "cbg_total"):
            add(None, cmp.NOT_REPRODUCIBLE, "no INA-CBG group list is public in machine-readable form; the seed's "
                                            "own sums and contradictions are source checks (789 + 288 = 1.077; "
                                            "1220 against 1.077, discrepancies.csv D18)")
        elif fid in cmg_kind or fid in ("cmg_total_stated", "cmg_total_list", "case_types"):
            add(None, cmp.NOT_REPRODUCIBLE, f"no primary list of CMGs and case types in the project: {cmg_table} "
                                            "and case_types.csv are secondary lists, so agreeing or not with them is "
                                            "a cross-check in source_checks, not a reproduction; the seed's six "
                                            f"categories sum to {listed:g} (a source check, D17)")
        elif fid == "upgrade_cap_share":
            rule = R.in_force(R.load_table("class_upgrade"), _upgrade_day(), "class-upgrade", kind="copayment",
                              entitled_class="1", to_class="vip")
            rep = 100 * float(rule.number("cap_share_of_inacbg_class1"))
            add(rep, cmp.BY_CONSTRUCTION if rep == pv else cmp.NOT_REPRODUCIBLE,
                f"restatement check: rule {rule.rule_id} was transcribed with this cap; the co-payments below test it")
        elif fid.startswith("example_"):
            add(pv, cmp.BY_CONSTRUCTION, "an input of seed 003's worked example (the notebook's default parameters)")
        elif fid.startswith("copay_"):
            entitled, to = {"copay_2_to_1": (2, "1"), "copay_1_to_vip": (1, "vip"), "copay_2_to_vip": (2, "vip")}[fid]
            r = upgrade_copayment(entitled, to, _upgrade_day(), inacbg_class1=value["example_inacbg_class1"],
                                  inacbg_class2=value["example_inacbg_class2"],
                                  hospital_tariff=value["example_vip_tariff"])
            add(float(r.copayment), cmp.classify(pv, r.copayment),
                f"rule {r.rule} applied to the example's tariffs: a result of the rules, computed here")
        else:
            raise KeyError(f"published.csv: no comparison for figure_id {fid!r}")
    return cmp.table(rows)


CROSS_AGREES, CROSS_DISAGREES = "cross-check: agrees", "cross-check: disagrees"


def source_checks() -> pd.DataFrame:
    """Seed 001 checked against itself, and its counts cross-checked against the project's secondary lists.

    Columns ``check, location, printed, recomputed, outcome, note``. ``outcome`` is ``consistent`` or
    ``discrepancy`` for a check of the seed against itself (counted as source checks), and
    ``cross-check: agrees`` / ``cross-check: disagrees`` against ``cmg.csv`` and ``case_types.csv``, lists
    transcribed from notes that mix Permenkes 27/2014 and 76/2016 and not verified against the regulation
    (reported, never counted as a reproduction). Every discrepancy of ``discrepancies.csv`` not checked
    here by arithmetic is listed as a ``discrepancy`` with its id.
    """
    pub = read_published()
    value = dict(zip(pub["figure_id"], pub["value"]))
    where = dict(zip(pub["figure_id"], pub["locations"]))
    parts = ("cmg_acute", "cmg_ambulatory", "cmg_subacute", "cmg_chronic", "cmg_special", "cmg_error")
    listed = sum(value[k] for k in parts)
    rows = []

    def add(check, location, printed, recomputed, outcome, note=""):
        rows.append({"check": check, "location": location, "printed": printed, "recomputed": recomputed,
                     "outcome": outcome, "note": note})

    for fid in ("cmg_total_stated", "cmg_total_list"):
        add("the six CMG categories sum to the total", where[fid], value[fid], listed,
            "consistent" if value[fid] == listed else "discrepancy", "D17" if value[fid] != listed else "")
    groups = value["inacbg_groups_inpatient"] + value["inacbg_groups_outpatient"]
    add("inpatient + outpatient groups = the total", where["inacbg_groups_total"], value["inacbg_groups_total"], groups,
        "consistent" if value["inacbg_groups_total"] == groups else "discrepancy")
    add("CBGs to date = the group total", where["cbg_total"], value["cbg_total"], value["inacbg_groups_total"],
        "consistent" if value["cbg_total"] == value["inacbg_groups_total"] else "discrepancy", "D18")
    cob = value["cob_total"]
    add("COB example: the premium 'after efficiency' = the total before it", where["cob_after_efficiency"],
        value["cob_after_efficiency"], cob, "consistent" if value["cob_after_efficiency"] == cob else "discrepancy",
        "D7: 'menjadi Rp 220.000 saja karena ada efisiensi' states no rule")
    cmg = _cmg_counts()
    kinds = {"cmg_acute": "main", "cmg_ambulatory": "ambulatory", "cmg_subacute": "subacute",
             "cmg_chronic": "chronic", "cmg_special": "special", "cmg_error": "error"}
    secondary = "cmg.csv (secondary: domain notes mixing Permenkes 27/2014 and 76/2016, not verified)"
    for fid, kind in kinds.items():
        n = float(cmg.get(kind, 0))
        add(f"CMGs of kind '{kind}' against {secondary}", where[fid], value[fid], n,
            CROSS_AGREES if n == value[fid] else CROSS_DISAGREES)
    total = float(sum(cmg.values()))
    for fid in ("cmg_total_stated", "cmg_total_list"):
        add(f"CMG total against {secondary}", where[fid], value[fid], total,
            CROSS_AGREES if total == value[fid] else CROSS_DISAGREES)
    case_types = inacbg.load_table("case_types")
    n_types = float((case_types["case_type"].astype(int) >= 1).sum())
    add("case types 1-9 against case_types.csv (secondary, not verified)", where["case_types"], value["case_types"],
        n_types, CROSS_AGREES if n_types == value["case_types"] else CROSS_DISAGREES)
    listed_ids = {"D7", "D17", "D18"}
    notes = pd.read_csv(R.rules_dir() / "discrepancies.csv", dtype=str, keep_default_na=False)
    for r in notes.to_dict("records"):
        if r["id"] not in listed_ids:
            add("listed discrepancy of the seed", r["where"], None, None, "discrepancy", f"{r['id']}: {r['what']}")
    return pd.DataFrame(rows, columns=["check", "location", "printed", "recomputed", "outcome", "note"])


def _upgrade_day() -> str:
    """The first day the class-upgrade rules are in force (Permenkes 3/2023), read from the data."""
    return R.coverage(R.load_table("class_upgrade"))[0][0].isoformat()


# --- tables for readers ------------------------------------------------------------------------------------
# The notebook prints the same numbers in a hidden nbval check; these show them as HTML tables with headers
# from the label catalogue (src/jkncost/labels/jkn.csv) and statuses in ``lang``. Regulation, segment and rule
# names are data and stay as the rule tables write them.


def _amount(value, unit: str, lang: str) -> str:
    """A published or reproduced value in its unit (rupiah with the marks of ``lang``; others as numbers)."""
    from jkncost.display import number, rupiah

    if value is None or pd.isna(value):
        return ""
    if unit == "Rp":
        return rupiah(value, lang)
    return number(value, lang, 0 if float(value) == int(value) else 1)


def comparison_reader_table(table: pd.DataFrame, lang: str = "en", *, caption_key: str = "jkn.caption.comparison",
                            locations: bool = True):
    """:func:`comparison` (or some of its rows) for readers: values in their units, statuses in ``lang``.

    >>> html = comparison_reader_table(comparison(), "id").to_html()
    >>> "berdasarkan konstruksi" in html and "terbit" in html
    True
    """
    from jkncost.labels import status_label
    from jkncost.display import show
    from jkncost.labels import label

    df = pd.DataFrame({
        "figure": table["figure"].tolist(),
        "published": [_amount(v, u, lang) for v, u in zip(table["published"], table["unit"])],
        "reproduced": [_amount(v, u, lang) for v, u in zip(table["reproduced"], table["unit"])],
        "unit": table["unit"].tolist(),
        "status": [status_label(s, lang) for s in table["status"]],
    })
    if locations:
        df["locations"] = table["locations"].tolist()
    headers = {"figure": "table.figure", "published": "table.published", "reproduced": "table.reproduced",
               "unit": "jkn.col.unit", "status": "table.status", "locations": "jkn.col.locations"}
    return show(df, lang=lang, headers=headers, caption=label(caption_key, lang))


def segments_reader_table(lang: str = "en"):
    """The participant segments (code, Indonesian name, penalty group), as the rule tables name them.

    >>> "kelompok denda" in segments_reader_table("id").to_html()
    True
    """
    from jkncost.display import show
    from jkncost.jkn.contributions import segments_table
    from jkncost.labels import label

    df = segments_table()[["segment", "label_id", "penalty_group"]]
    return show(df, lang=lang, headers={"segment": "jkn.col.segment", "label_id": "jkn.col.segment_name",
                                        "penalty_group": "jkn.col.penalty_group"},
                caption=label("jkn.caption.segments", lang))


def upgrade_reader_table(results: list, published: list[float], lang: str = "en"):
    """Seed 003's co-payments: each :class:`~jkncost.jkn.upgrade.UpgradeResult` beside the printed amount.

    >>> from jkncost.jkn.upgrade import upgrade_copayment
    >>> r = upgrade_copayment(2, "1", "2023-06-01", inacbg_class1=2_335_200, inacbg_class2=2_045_500)
    >>> "Rp 289.700" in upgrade_reader_table([r], [289_700], "id").to_html()
    True
    """
    from jkncost.display import show
    from jkncost.labels import label

    df = pd.DataFrame([{"entitled": r.entitled_class, "to": r.to_class, "published": p, "reproduced": r.copayment,
                        "rule": r.rule} for r, p in zip(results, published)])
    return show(df, lang=lang, rupiah=["published", "reproduced"],
                headers={"entitled": "jkn.col.entitled_class", "to": "jkn.col.to_class", "published": "table.published",
                         "reproduced": "table.reproduced", "rule": "jkn.col.rule"},
                caption=label("jkn.caption.seed003", lang))


def discrepancies_reader_table(discrepancies: pd.DataFrame, lang: str = "en"):
    """``discrepancies.csv`` of the rule tables for readers (the texts are data, as recorded)."""
    from jkncost.display import show
    from jkncost.labels import label

    df = discrepancies[["id", "where", "what", "handling"]]
    return show(df, lang=lang, headers={c: f"jkn.col.{c}" for c in df.columns},
                caption=label("jkn.caption.discrepancies", lang))


def regimes_reader_table(lang: str = "en"):
    """The contribution rules per segment: rule, segment, class, dates in force, source, verified.

    >>> "berlaku dari" in regimes_reader_table("id").to_html()
    True
    """
    from jkncost.display import show
    from jkncost.labels import label

    df = pd.DataFrame([{"rule": r.rule_id, "segment": r["segment"], "care_class": r["care_class"],
                        "from": r.effective_from.isoformat(), "to": r.effective_to.isoformat() if r.effective_to else "",
                        "source": r.source, "verified": r["verified"]} for r in R.load_table("contributions")])
    return show(df, lang=lang, headers={c: f"jkn.col.{c}" for c in df.columns},
                caption=label("jkn.caption.regimes", lang))


def contribution_change_table(cases: list[tuple[str, dict]], before: str, after: str, wage: float, lang: str = "en"):
    """The monthly contribution of each ``(segment, inputs)`` on ``before`` and ``after``, with the payers on ``after``.

    >>> t = contribution_change_table([("pbpu", {"care_class": 3})], "2014-06-01", "2025-06-01", 0, "id")
    >>> "Rp 25.500" in t.to_html() and "Rp 42.000" in t.to_html()
    True
    """
    from jkncost.display import show
    from jkncost.labels import label
    from jkncost.plots import rupiah_short

    rows = []
    for seg, kw in cases:
        a, b = contribution(seg, before, **kw), contribution(seg, after, **kw)
        rows.append({"segment": seg, "care_class": kw.get("care_class", ""), "total_before": a.total,
                     "rule_before": a.rule, "total_after": b.total, "rule_after": b.rule, "employer": b.employer,
                     "worker": b.worker, "member": b.member, "government": b.government})
    df = pd.DataFrame(rows)
    y0, y1 = before[:4], after[:4]
    headers = {"segment": "jkn.col.segment", "care_class": "jkn.col.care_class", **{p: f"jknplot.{p}" for p in
               ("employer", "worker", "member", "government")}}
    styler = show(df, lang=lang, rupiah=["total_before", "total_after", "employer", "worker", "member", "government"],
                  caption=label("jkn.caption.contributions", lang, before=before, after=after,
                                                 wage=rupiah_short(wage, lang)))
    # headers with the year in them: the labels take the year as a field
    names = [label("jkn.col.contribution_year", lang, year=y0), label("jkn.col.rule_year", lang, year=y0),
             label("jkn.col.contribution_year", lang, year=y1), label("jkn.col.rule_year", lang, year=y1)]
    columns = [label(headers[c], lang) if c in headers else c for c in df.columns]
    columns[2:6] = names
    return styler.relabel_index(columns, axis="columns")


def penalties_reader_table(penalties: pd.DataFrame, case_tariff: float, lang: str = "en"):
    """Penalties (rows ``date, months_in_arrears, penalty``) as months in arrears x date, in rupiah."""
    from jkncost.display import show
    from jkncost.labels import label
    from jkncost.plots import rupiah_short

    wide = penalties.pivot(index="months_in_arrears", columns="date", values="penalty").reset_index()
    wide.columns.name = None
    dates = [c for c in wide.columns if c != "months_in_arrears"]
    return show(wide, lang=lang, rupiah=dates, headers={"months_in_arrears": "jkn.col.months_in_arrears"},
                caption=label("jkn.caption.penalties", lang, tariff=rupiah_short(case_tariff, lang)))


def worked_cases_table(results: dict, segment: str, on: str, lang: str = "en"):
    """The line items of worked results (``{"contribution": result, "penalty": ..., "upgrade": ...}``) for readers.

    >>> r = contribution("pbpu", "2025-06-01", care_class=3)
    >>> "komponen" in worked_cases_table({"contribution": r}, "pbpu", "2025-06-01", "id").to_html()
    True
    """
    from jkncost.display import show
    from jkncost.labels import label

    rows = [{"case": label(f"jkn.case.{case}", lang), "item": i.item, "payer": label(f"jknplot.{i.payer}", lang)
             if f"jknplot.{i.payer}" in _catalogue() else i.payer, "amount": i.amount, "formula": i.formula,
             "rule": r.rule} for case, r in results.items() if r is not None for i in r.items]
    df = pd.DataFrame(rows, columns=["case", "item", "payer", "amount", "formula", "rule"])
    return show(df, lang=lang, rupiah=["amount"], headers={c: f"jkn.col.{c}" for c in df.columns},
                caption=label("jkn.caption.worked", lang, segment=segment, date=on))



# --- sentences for readers ---------------------------------------------------------------------------------
# The sentences the notebook writes for readers, in ``lang``: templates from the label catalogue
# (src/jkncost/labels/jkn.csv), numbers with the marks of ``lang``, amounts as ``Rp 1.234.567`` in both
# languages (as the check cells print them). Regulation and rule names are data and stay as written.


def _percent(rate, lang: str) -> str:
    """A rate of the rule tables as a percentage in ``lang``: ``0.025`` -> ``'2.5%'`` or ``'2,5%'``."""
    text = R.fmt_percent(rate)
    return text.replace(".", ",") if lang == "id" else text


def _value_label(prefix: str, value: str, lang: str) -> str:
    """The label ``prefix.value`` in ``lang``; a value without a label as the table writes it, ``_`` as spaces."""
    from jkncost.labels import label

    key = f"{prefix}.{value}"
    return label(key, lang) if key in _catalogue() else value.replace("_", " ")


def seed003_example_sentence(example: dict, vip, cap_share: float, copayment: float, lang: str = "en") -> str:
    """Seed 003's class 1 to VIP case in one sentence: the tariffs, the difference before the cap, the cap.

    ``example`` holds ``inacbg_class1``, ``inacbg_class2`` and ``hospital_tariff``; ``vip`` is the
    :class:`~jkncost.jkn.upgrade.UpgradeResult` of class 1 to VIP; ``cap_share`` the cap in percent.

    >>> r = upgrade_copayment(1, "vip", "2023-06-01", inacbg_class1=2_335_200, inacbg_class2=2_045_500,
    ...                       hospital_tariff=4_500_000)
    >>> ex = dict(inacbg_class1=2_335_200, inacbg_class2=2_045_500, hospital_tariff=4_500_000)
    >>> seed003_example_sentence(ex, r, 75.0, 1_751_400, "id")[:60]
    'INA-CBG kelas 2 Rp 2.045.500, kelas 1 Rp 2.335.200, tarif VI'
    """
    from jkncost.display import number
    from jkncost.labels import label
    from jkncost.money import format_rupiah

    share = number(cap_share, lang, 0 if float(cap_share) == int(cap_share) else 1, suffix="%")
    return label("jkn.seed003_example", lang, class2=format_rupiah(example["inacbg_class2"]),
                 class1=format_rupiah(example["inacbg_class1"]), vip=format_rupiah(example["hospital_tariff"]),
                 uncapped=format_rupiah(vip.above_class1_uncapped), share=share,
                 binds=label("jkn.true" if vip.cap_binds else "jkn.false", lang),
                 copayment=format_rupiah(copayment))


def penalty_periods_markdown(rules, lang: str = "en") -> str:
    """The late-payment rules of self-paying members, one list item per period, and the wage earners' cap.

    ``rules`` are the rows of ``late_payment.csv`` (:func:`jkncost.jkn.rules.load_table`).

    >>> text = penalty_periods_markdown(R.load_table("late_payment"), "id")
    >>> text.splitlines()[0], "2,5% per bulan" in text
    ('Peserta mandiri, per periode:', True)
    """
    from jkncost.display import number
    from jkncost.labels import data_text, label
    from jkncost.money import format_rupiah

    lines = []
    for r in sorted(rules, key=lambda r: (r.effective_from, r["penalty_group"])):
        if r["penalty_group"] != "self":
            continue
        end = r.effective_to.isoformat() if r.effective_to else label("jkn.penalty.open", lang)
        period = label("jkn.penalty.period", lang, start=r.effective_from.isoformat(), end=end)
        cap = (label("jkn.penalty.cap", lang, amount=format_rupiah(r.number("max_amount")))
               if r.number("max_amount") else "")
        window = (label("jkn.penalty.window", lang, days=number(int(r.number("window_days")), lang))
                  if r["window_days"] else "")
        lines.append(label("jkn.penalty.line", lang, period=period,
                           kind=_value_label("jkn.penalty.kind", r["kind"], lang),
                           rate=_percent(r.number("rate_per_month"), lang),
                           base=_value_label("jkn.penalty.base", r["base"], lang),
                           months=number(int(r.number("max_months")), lang), cap=cap, window=window,
                           regulation=data_text(r["regulation"], lang), rule=r.rule_id))
    wage_earners = [r for r in rules if r["penalty_group"] == "ppu" and r["kind"] == "contribution_fine"]
    lines.append(label("jkn.penalty.wage_earners", lang, months=number(int(wage_earners[0].number("max_months")), lang),
                       rule=wage_earners[0].rule_id))
    return label("jkn.penalty.heading", lang) + "\n\n" + "\n".join(lines)


def refusal_sentence(refused: Exception, lang: str = "en") -> str:
    """An :class:`~jkncost.jkn.upgrade.UpgradeRefused` for readers, in ``lang``: the rule's text, source and id.

    >>> from jkncost.jkn.upgrade import UpgradeRefused
    >>> try:
    ...     upgrade_copayment(2, "1", "2023-06-01", segment="pbi", inacbg_class1=2, inacbg_class2=1)
    ... except UpgradeRefused as exc:
    ...     text = refusal_sentence(exc, "id")
    >>> text.startswith("naik kelas: tidak diizinkan: Peserta PBI") and text.endswith("; aturan UP-2023-NO-PBI)")
    True
    """
    from jkncost.labels import label

    found = getattr(refused, "rule_id", None)
    if found is None:
        return str(refused)
    rule = next(r for r in R.load_table("class_upgrade") if r.rule_id == found)
    key = f"jkn.refusal.{rule.rule_id}"
    refusal = label(key, lang) if lang != "en" and key in _catalogue() else rule["refusal"]  # en: the data's text
    return label("jkn.refused", lang, refusal=refusal, source=rule.source, rule=rule.rule_id)


def month_name(month: str, lang: str = "en") -> str:
    """``'2014-06'`` -> ``'June 2014'`` (``'Juni 2014'`` in Indonesian)."""
    from jkncost.labels import label

    year, number = month.split("-")[:2]
    return f"{label('jkn.months', lang).split(',')[int(number) - 1]} {year}"


def due_date_sentence(month: str, lang: str = "en") -> str:
    """The due date of the contribution of ``month`` (``YYYY-MM``), as a sentence.

    >>> due_date_sentence("2014-06", "id")
    'tanggal jatuh tempo iuran bulan Juni 2014: 2014-06-10'
    """
    from jkncost.labels import label

    return label("jkn.due_date_line", lang, month=month_name(month, lang), date=due_date(month).isoformat())

def _catalogue():
    from jkncost.labels import catalogue

    return catalogue()
