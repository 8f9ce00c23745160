"""Tables and sentences of the JKN rules study for readers, en or id.

The notebook prints the same numbers in a hidden nbval check; these show them as HTML tables with headers
from the label catalogue (``src/jkncost/labels/jkn.csv``) and statuses in ``lang``, and write the
sentences of the story (templates from the catalogue, numbers with the marks of ``lang``, amounts as
``Rp 1.234.567`` in both languages, as the check cells print them). Regulation, segment and rule names are data
and stay as the rule tables write them.

Examples
--------
>>> from jkncost.studies.jkn_rules.comparison import comparison
>>> "berdasarkan konstruksi" in comparison_reader_table(comparison(), "id").to_html()
True
"""

from __future__ import annotations


import pandas as pd

from jkncost.display import number, rupiah, show
from jkncost.jkn.amounts import fmt_percent
from jkncost.jkn.rules import load_table
from jkncost.jkn.contributions import contribution, segments_table
from jkncost.jkn.penalties import due_date
from jkncost.labels import catalogue, data_text, label, status_label
from jkncost.money import format_rupiah
from jkncost.plots import rupiah_short


def _amount(value, unit: str, lang: str) -> str:
    """A published or reproduced value in its unit (rupiah with the marks of ``lang``; others as numbers)."""

    if value is None or pd.isna(value):
        return ""
    if unit == "Rp":
        return rupiah(value, lang)
    return number(value, lang, 0 if float(value) == int(value) else 1)


def comparison_reader_table(table: pd.DataFrame, lang: str = "en", *, caption_key: str = "jkn.caption.comparison",
                            locations: bool = True):
    """:func:`~jkncost.studies.jkn_rules.comparison.comparison` (or some of its rows) for readers: values in their units, statuses in ``lang``.

    >>> from jkncost.studies.jkn_rules.comparison import comparison
    >>> html = comparison_reader_table(comparison(), "id").to_html()
    >>> "berdasarkan konstruksi" in html and "terbit" in html
    True
    """
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
    df = pd.DataFrame([{"entitled": r.entitled_class, "to": r.to_class, "published": p, "reproduced": r.copayment,
                        "rule": r.rule} for r, p in zip(results, published)])
    return show(df, lang=lang, rupiah=["published", "reproduced"],
                headers={"entitled": "jkn.col.entitled_class", "to": "jkn.col.to_class", "published": "table.published",
                         "reproduced": "table.reproduced", "rule": "jkn.col.rule"},
                caption=label("jkn.caption.seed003", lang))


def discrepancies_reader_table(discrepancies: pd.DataFrame, lang: str = "en"):
    """``discrepancies.csv`` of the rule tables for readers (the texts are data, as recorded)."""

    df = discrepancies[["id", "where", "what", "handling"]]
    return show(df, lang=lang, headers={c: f"jkn.col.{c}" for c in df.columns},
                caption=label("jkn.caption.discrepancies", lang))


def regimes_reader_table(lang: str = "en"):
    """The contribution rules per segment: rule, segment, class, dates in force, source, verified.

    >>> "berlaku dari" in regimes_reader_table("id").to_html()
    True
    """
    df = pd.DataFrame([{"rule": r.rule_id, "segment": r["segment"], "care_class": r["care_class"],
                        "from": r.effective_from.isoformat(), "to": r.effective_to.isoformat() if r.effective_to else "",
                        "source": r.source, "verified": r["verified"]} for r in load_table("contributions")])
    return show(df, lang=lang, headers={c: f"jkn.col.{c}" for c in df.columns},
                caption=label("jkn.caption.regimes", lang))


def contribution_change_table(cases: list[tuple[str, dict]], before: str, after: str, wage: float, lang: str = "en"):
    """The monthly contribution of each ``(segment, inputs)`` on ``before`` and ``after``, with the payers on ``after``.

    >>> t = contribution_change_table([("pbpu", {"care_class": 3})], "2014-06-01", "2025-06-01", 0, "id")
    >>> "Rp 25.500" in t.to_html() and "Rp 42.000" in t.to_html()
    True
    """
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
    rows = [{"case": label(f"jkn.case.{case}", lang), "item": i.item, "payer": label(f"jknplot.{i.payer}", lang)
             if f"jknplot.{i.payer}" in catalogue() else i.payer, "amount": i.amount, "formula": i.formula,
             "rule": r.rule} for case, r in results.items() if r is not None for i in r.items]
    df = pd.DataFrame(rows, columns=["case", "item", "payer", "amount", "formula", "rule"])
    return show(df, lang=lang, rupiah=["amount"], headers={c: f"jkn.col.{c}" for c in df.columns},
                caption=label("jkn.caption.worked", lang, segment=segment, date=on))


# --- sentences for readers ---------------------------------------------------------------------------------


def _percent(rate, lang: str) -> str:
    """A rate of the rule tables as a percentage in ``lang``: ``0.025`` -> ``'2.5%'`` or ``'2,5%'``."""
    text = fmt_percent(rate)
    return text.replace(".", ",") if lang == "id" else text


def _value_label(prefix: str, value: str, lang: str) -> str:
    """The label ``prefix.value`` in ``lang``; a value without a label as the table writes it, ``_`` as spaces."""

    key = f"{prefix}.{value}"
    return label(key, lang) if key in catalogue() else value.replace("_", " ")


def seed003_example_sentence(example: dict, vip, cap_share: float, copayment: float, lang: str = "en") -> str:
    """Seed 003's class 1 to VIP case in one sentence: the tariffs, the difference before the cap, the cap.

    ``example`` holds ``inacbg_class1``, ``inacbg_class2`` and ``hospital_tariff``; ``vip`` is the
    :class:`~jkncost.jkn.upgrade.UpgradeResult` of class 1 to VIP; ``cap_share`` the cap in percent.

    >>> from jkncost.jkn.upgrade import upgrade_copayment
    >>> r = upgrade_copayment(1, "vip", "2023-06-01", inacbg_class1=2_335_200, inacbg_class2=2_045_500,
    ...                       hospital_tariff=4_500_000)
    >>> ex = dict(inacbg_class1=2_335_200, inacbg_class2=2_045_500, hospital_tariff=4_500_000)
    >>> seed003_example_sentence(ex, r, 75.0, 1_751_400, "id")[:60]
    'INA-CBG kelas 2 Rp 2.045.500, kelas 1 Rp 2.335.200, tarif VI'
    """
    share = number(cap_share, lang, 0 if float(cap_share) == int(cap_share) else 1, suffix="%")
    return label("jkn.seed003_example", lang, class2=format_rupiah(example["inacbg_class2"]),
                 class1=format_rupiah(example["inacbg_class1"]), vip=format_rupiah(example["hospital_tariff"]),
                 uncapped=format_rupiah(vip.above_class1_uncapped), share=share,
                 binds=label("jkn.true" if vip.cap_binds else "jkn.false", lang),
                 copayment=format_rupiah(copayment))


def penalty_periods_markdown(rules, lang: str = "en") -> str:
    """The late-payment rules of self-paying members, one list item per period, and the wage earners' cap.

    ``rules`` are the rows of ``late_payment.csv`` (:func:`jkncost.jkn.rules.load_table`).

    >>> text = penalty_periods_markdown(load_table("late_payment"), "id")
    >>> text.splitlines()[0], "2,5% per bulan" in text
    ('Peserta mandiri, per periode:', True)
    """
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

    >>> from jkncost.jkn.upgrade import UpgradeRefused, upgrade_copayment
    >>> try:
    ...     upgrade_copayment(2, "1", "2023-06-01", segment="pbi", inacbg_class1=2, inacbg_class2=1)
    ... except UpgradeRefused as exc:
    ...     text = refusal_sentence(exc, "id")
    >>> text.startswith("naik kelas: tidak diizinkan: Peserta PBI") and text.endswith("; aturan UP-2023-NO-PBI)")
    True
    """
    found = getattr(refused, "rule_id", None)
    if found is None:
        return str(refused)
    rule = next(r for r in load_table("class_upgrade") if r.rule_id == found)
    key = f"jkn.refusal.{rule.rule_id}"
    refusal = label(key, lang) if lang != "en" and key in catalogue() else rule["refusal"]  # en: the data's text
    return label("jkn.refused", lang, refusal=refusal, source=rule.source, rule=rule.rule_id)


def month_name(month: str, lang: str = "en") -> str:
    """``'2014-06'`` -> ``'June 2014'`` (``'Juni 2014'`` in Indonesian)."""

    year, number = month.split("-")[:2]
    return f"{label('jkn.months', lang).split(',')[int(number) - 1]} {year}"


def due_date_sentence(month: str, lang: str = "en") -> str:
    """The due date of the contribution of ``month`` (``YYYY-MM``), as a sentence.

    >>> due_date_sentence("2014-06", "id")
    'tanggal jatuh tempo iuran bulan Juni 2014: 2014-06-10'
    """
    return label("jkn.due_date_line", lang, month=month_name(month, lang), date=due_date(month).isoformat())
