"""Class-upgrade co-payment (selisih biaya naik kelas) under Permenkes 3/2023.

A JKN member may be treated in a higher class than their entitlement by paying the difference
(themselves, or through their employer, a supplementary insurance or another party). The rules are
rows of ``jkn/data/rules/class_upgrade.csv``: refusals first, then one co-payment rule per
(entitled class, target class).

Formulas (Permenkes 3/2023, Art. 48 as reported; seed ``003_50c513ab619cdc6e.txt``)
--------------------------------------------------------------------------------------
With ``C1``, ``C2`` the INA-CBG tariffs of classes 1 and 2 and ``H`` the hospital tariff of the class
above class 1 (VIP)::

    class 2 -> 1            copayment = C1 - C2
    class 1 -> above 1      copayment = min(max(H - C1, 0), 0.75 x C1)
    class 2 -> above 1      copayment = (C1 - C2) + min(max(H - C1, 0), 0.75 x C1)
    executive outpatient    copayment = min(max(H - INA-CBG outpatient, 0), Rp 400.000)

Without ``H`` the maximum is shown (the cap), as the seed's worked example does. PBI members,
members registered by a regional government, laid-off wage earners and members entitled to class 3
are refused with the rule that forbids it (:class:`UpgradeRefused`, exit status 2 on the command line).
BPJS Kesehatan pays the INA-CBG tariff of the entitled class either way.

Examples
--------
The diarrhoea example of seed 003 (class 2 Rp 2.045.500, class 1 Rp 2.335.200, VIP Rp 4.500.000):

>>> kw = dict(inacbg_class1=2_335_200, inacbg_class2=2_045_500, hospital_tariff=4_500_000)
>>> [upgrade_copayment(e, t, "2025-01-01", **kw).copayment for e, t in [(2, "1"), (1, "vip"), (2, "vip")]]
[289700, 1751400, 2041100]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

from jkncost.jkn.amounts import fmt_percent, round_rupiah, LineItem
from jkncost.jkn.inputs import parse_amount, parse_class, parse_date
from jkncost.jkn.lookup import coverage, describe_periods, single
from jkncost.jkn.rules import WILDCARD, load_table
from jkncost.jkn.segments import get_segment
from jkncost.jkn import results
from jkncost.errors import InputError, Problem
from jkncost.money import format_rupiah

PAYER = "member (or employer, supplementary insurance, other party)"


class UpgradeRefused(InputError):
    """The rules do not allow this member to upgrade; the message states the rule (``rule_id``).

    Parameters
    ----------
    problems : list of Problem, Problem or str
        What :class:`~jkncost.errors.InputError` takes: the refusal's message (naming the rule, its legal
        source and start).
    rule_id : str, optional
        The id of the rule in ``class_upgrade.csv`` that refuses the upgrade (``UP-2023-NO-3`` ...), so a
        reader's sentence can be written in another language without parsing the message.

    Examples
    --------
    >>> try:
    ...     upgrade_copayment(3, "1", "2025-01-01", inacbg_class1=2_335_200, inacbg_class2=2_045_500)
    ... except UpgradeRefused as refused:
    ...     print(refused.rule_id, str(refused)[:44])
    UP-2023-NO-3 class upgrade from class 3 to 1: not allowed
    """

    def __init__(self, problems, rule_id: str | None = None):
        super().__init__(problems)
        self.rule_id = rule_id

    def __reduce__(self):
        return (type(self), (self.problems, self.rule_id))


@dataclass(kw_only=True)
class UpgradeResult(results.RuleResult):
    """An itemised class-upgrade co-payment with the rule and its source.

    Examples
    --------
    >>> r = upgrade_copayment(2, "vip", "2025-01-01", inacbg_class1=2_335_200, inacbg_class2=2_045_500,
    ...                       hospital_tariff=4_500_000)
    >>> r.class_difference, r.above_class1, r.cap_binds, r.copayment, r.bpjs_pays
    (289700, 1751400, True, 2041100, 2045500)
    """

    TITLE: ClassVar[str] = "JKN class upgrade co-payment (selisih biaya naik kelas)"

    entitled_class: int
    to_class: str
    segment: str | None
    date: str
    inacbg_class1: int | None
    inacbg_class2: int | None
    hospital_tariff: int | None
    inacbg_outpatient: int | None
    class_difference: int
    above_class1: int
    above_class1_uncapped: int | None
    cap: int | None
    cap_binds: bool
    copayment: int
    bpjs_pays: int | None
    payer: str
    items: list[LineItem]

    def _fields(self) -> list[tuple[str, object]]:
        money = lambda v: "not given" if v is None else format_rupiah(v)  # noqa: E731
        return [
            ("entitled class", str(self.entitled_class)), ("to", self.to_class),
            ("segment", self.segment or "not given"), ("date", self.date),
            ("INA-CBG class 1", money(self.inacbg_class1)), ("INA-CBG class 2", money(self.inacbg_class2)),
            ("hospital tariff", money(self.hospital_tariff)),
            ("cap", money(self.cap)), ("cap binds", "yes" if self.cap_binds else "no"),
            ("co-payment", format_rupiah(self.copayment)), ("paid by", self.payer),
            ("BPJS pays", money(self.bpjs_pays)),
        ]


def upgrade_copayment(entitled: object, to: object, on: date | str, *, inacbg_class1: object = None,
                      inacbg_class2: object = None, hospital_tariff: object = None,
                      inacbg_outpatient: object = None, segment: str | None = None, folder=None) -> UpgradeResult:
    r"""The co-payment to move from the ``entitled`` class to ``to`` (``'1'``, ``'vip'``, ``'executive'``).

    Parameters
    ----------
    entitled : 1, 2 or 3
        The class of care the member is entitled to (hak kelas rawat).
    to : str
        ``'1'`` (class 1), ``'vip'`` (any class above class 1) or ``'executive'`` (executive outpatient).
    on : date or 'YYYY-MM-DD'
        Date of the care; rules are held from 9 January 2023 (Permenkes 3/2023).
    inacbg_class1, inacbg_class2 : number
        INA-CBG tariffs of the case group for classes 1 and 2 (rupiah).
    hospital_tariff : number, optional
        The hospital's tariff for the higher class (or the executive clinic); without it the
        maximum co-payment is returned.
    inacbg_outpatient : number, optional
        INA-CBG outpatient tariff (executive outpatient only).
    segment : str, optional
        Participant segment, checked against the refusals (PBI, pemda, ppu_laid_off).
    folder : path, optional
        A folder of rule tables to use instead of the bundled ``jkn/data/rules`` (``jkncost rules``).

    Returns
    -------
    UpgradeResult
        The co-payment (whole rupiah) with its parts (class difference, the part above class 1 before and
        after the cap, whether the cap binds), what BPJS Kesehatan pays, the rule and its source.

    Raises
    ------
    UpgradeRefused
        When a refusal rule applies (class 3, PBI ...): the message states the rule and its source.
    InputError
        Unknown class, negative tariff, class 1 tariff below class 2, date without a rule.

    Notes
    -----
    With :math:`C_1, C_2` the INA-CBG tariffs of classes 1 and 2 and :math:`H` the hospital tariff of the
    higher class:

    .. math::
        \text{class 2} \to 1:\; C_1 - C_2, \qquad
        \text{class 1} \to \text{VIP}:\; \min(\max(H - C_1, 0),\, 0.75\, C_1),

    class 2 to VIP the sum of the two, executive outpatient :math:`\min(\max(H - G_{out}, 0), 400\,000)`.

    References
    ----------
    Peraturan Menteri Kesehatan RI No. 3 Tahun 2023 tentang Standar Tarif Pelayanan Kesehatan dalam
    Penyelenggaraan Program Jaminan Kesehatan, Art. 48 (as reported in the source document of seed 003).

    Examples
    --------
    >>> r = upgrade_copayment(2, "1", "2025-01-01", inacbg_class1=2_335_200, inacbg_class2=2_045_500)
    >>> r.copayment
    289700
    """
    klass = parse_class(entitled, "--entitled", "entitled class")
    target = str(to).strip().lower()
    day = parse_date(on)
    if segment is not None:
        get_segment(segment, folder)
    c1 = parse_amount(inacbg_class1, "--inacbg-class1")
    c2 = parse_amount(inacbg_class2, "--inacbg-class2")
    hospital = parse_amount(hospital_tariff, "--hospital-tariff")
    outpatient = parse_amount(inacbg_outpatient, "--inacbg-outpatient")
    table = load_table("class_upgrade", folder)
    targets = sorted({r["to_class"] for r in table if r["to_class"] != WILDCARD})
    if target not in targets:
        raise InputError(Problem("--to", f"target class must be one of {', '.join(targets)}, got {to!r}"))
    live = [r for r in table if r.applies_on(day)]
    if not live:
        raise InputError(Problem("--date", f"no class-upgrade rule in force on {day.isoformat()}: jkncost holds "
                                           f"the rules of {describe_periods(coverage(table))} (Permenkes 3/2023); "
                                           f"earlier upgrade rules (Permenkes 51/2018 and before) are not "
                                           f"transcribed"))
    for r in live:
        if (r["kind"] == "refusal" and r["entitled_class"] in (WILDCARD, str(klass))
                and r["to_class"] in (WILDCARD, target)
                and (r["segment"] == WILDCARD or (segment is not None and r["segment"] == segment))):
            # which rule refuses, from when, on what legal ground, and how sure the transcription is
            checked = "" if r.verified else "; transcribed from reports, not verified against the regulation text"
            who = f"segment {segment}, " if segment is not None and r["segment"] == segment else ""
            raise UpgradeRefused(Problem(f"class upgrade from class {klass} to {target}",
                                         f"not allowed ({who}entitled class {klass}): rule {r.rule_id}, {r.source}, "
                                         f"in force from {r.effective_from.isoformat()}: {r['refusal']}{checked}"),
                                 rule_id=r.rule_id)
    matching = [r for r in live if r["kind"] == "copayment" and r["to_class"] == target
                and r["entitled_class"] in (WILDCARD, str(klass))
                and (r["segment"] == WILDCARD or r["segment"] == segment)]
    if not matching:
        why = "that is not an upgrade" if target == str(klass) else "no rule allows it"
        raise InputError(Problem("--to", f"no class-upgrade rule from class {klass} to {target}: {why}"))
    rule = single(matching, "class-upgrade co-payment", day)

    notes: list[str] = []
    items: list[LineItem] = []
    difference = Decimal(0)
    above = Decimal(0)
    above_uncapped: Decimal | None = None
    cap: Decimal | None = None
    cap_binds = False
    if rule["class_difference"] == "yes":
        if c1 is None or c2 is None:
            raise InputError(Problem("--inacbg-class1" if c1 is None else "--inacbg-class2",
                                     f"rule {rule.rule_id} needs the INA-CBG tariffs of class 1 and class 2"))
        if c1 < c2:
            raise InputError(Problem("--inacbg-class1", f"INA-CBG class 1 tariff {format_rupiah(c1)} is below the "
                                                        f"class 2 tariff {format_rupiah(c2)}; check the tariffs"))
        difference = c1 - c2
        items.append(LineItem("INA-CBG class 1 minus class 2", "member", round_rupiah(difference),
                              f"{format_rupiah(c1)} - {format_rupiah(c2)}"))
    share = rule.number("cap_share_of_inacbg_class1")
    if share is not None:
        if c1 is None:
            raise InputError(Problem("--inacbg-class1", f"rule {rule.rule_id} needs the INA-CBG class 1 tariff"))
        cap = share * c1
        if hospital is None:
            above = cap
            notes.append("hospital tariff not given: the maximum co-payment is shown "
                         f"({fmt_percent(share)} of the INA-CBG class 1 tariff)")
            formula = f"at most {fmt_percent(share)} x {format_rupiah(c1)}"
            cap_binds = True
        else:
            above_uncapped = max(hospital - c1, Decimal(0))
            above = min(above_uncapped, cap)
            cap_binds = above_uncapped > cap
            formula = (f"min({format_rupiah(hospital)} - {format_rupiah(c1)}, {fmt_percent(share)} x "
                       f"{format_rupiah(c1)})")
            if above_uncapped == 0:
                notes.append("the hospital tariff does not exceed the INA-CBG class 1 tariff: nothing to pay "
                             "for the part above class 1")
        items.append(LineItem("hospital tariff above INA-CBG class 1", "member", round_rupiah(above), formula))
    cap_amount = rule.number("cap_amount")
    if cap_amount is not None:
        cap = cap_amount
        if hospital is None or outpatient is None:
            above = cap_amount
            cap_binds = True
            notes.append("hospital and INA-CBG outpatient tariffs not both given: the maximum co-payment is shown")
            formula = f"at most {format_rupiah(cap_amount)}"
        else:
            above_uncapped = max(hospital - outpatient, Decimal(0))
            above = min(above_uncapped, cap_amount)
            cap_binds = above_uncapped > cap_amount
            formula = f"min({format_rupiah(hospital)} - {format_rupiah(outpatient)}, {format_rupiah(cap_amount)})"
        items.append(LineItem("executive outpatient clinic", "member", round_rupiah(above), formula))
    bpjs = {1: c1, 2: c2}.get(klass) if target != "executive" else outpatient
    if rule["note"]:
        notes.append(rule["note"])
    as_int = lambda v: None if v is None else round_rupiah(v)  # noqa: E731
    return UpgradeResult(
        entitled_class=klass, to_class=target, segment=segment, date=day.isoformat(), inacbg_class1=as_int(c1),
        inacbg_class2=as_int(c2), hospital_tariff=as_int(hospital), inacbg_outpatient=as_int(outpatient),
        class_difference=round_rupiah(difference), above_class1=round_rupiah(above),
        above_class1_uncapped=as_int(above_uncapped), cap=as_int(cap), cap_binds=cap_binds,
        copayment=sum(i.amount for i in items), bpjs_pays=as_int(bpjs), payer=PAYER, items=items, notes=notes,
        **rule.citation(),
    )


def copayment_curve(entitled: int, inacbg_class1: float, inacbg_class2: float, hospital_tariffs, on="2025-01-01"):
    r"""Co-payment to a class above class 1 for each hospital tariff in ``hospital_tariffs`` (a table).

    Parameters
    ----------
    entitled : {1, 2}
        The class the member is entitled to.
    inacbg_class1, inacbg_class2 : float
        INA-CBG tariffs of the case group for classes 1 and 2 (rupiah).
    hospital_tariffs : iterable of float
        Hospital tariffs of the class above class 1 to evaluate.
    on : date or 'YYYY-MM-DD', default '2025-01-01'
        Date of the care.

    Returns
    -------
    DataFrame
        ``hospital_tariff, copayment, above_class1_uncapped, cap_binds``, one row per tariff: the teaching
        notebook plots where the 75% cap starts to bind.

    Notes
    -----
    The cap binds from :math:`H = 1.75\, C_1` on (:func:`upgrade_copayment`).

    References
    ----------
    Peraturan Menteri Kesehatan RI No. 3 Tahun 2023 tentang Standar Tarif Pelayanan Kesehatan dalam
    Penyelenggaraan Program Jaminan Kesehatan, Art. 48 (as reported in the source document of seed 003).

    Examples
    --------
    >>> copayment_curve(1, 2_000_000, 1_800_000, [3_000_000, 4_000_000])[["copayment", "cap_binds"]].values.tolist()
    [[1000000, False], [1500000, True]]
    """
    import pandas as pd

    rows = []
    for h in hospital_tariffs:
        r = upgrade_copayment(entitled, "vip", on, inacbg_class1=inacbg_class1, inacbg_class2=inacbg_class2,
                              hospital_tariff=float(h))
        rows.append({"hospital_tariff": float(h), "copayment": r.copayment,
                     "above_class1_uncapped": r.above_class1_uncapped, "cap_binds": r.cap_binds})
    return pd.DataFrame(rows)
