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
against 1.077, 1.077 against 1220) are source checks (:func:`jkncost.studies.jkn_rules.audit.source_checks`, outcome ``consistent`` or
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
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from jkncost.core import comparison as cmp
from jkncost.jkn.lookup import coverage, in_force
from jkncost.jkn.rules import load_table
from jkncost.jkn.contributions import contribution
from jkncost.jkn.penalties import due_date, late_penalty
from jkncost.jkn.upgrade import upgrade_copayment
from jkncost.studies.jkn_rules.readers import read_published

#: the day seed 001's rates are looked up for (its 2014 regime)
SEED001_DAY = "2014-06-01"
#: an illustrative wage, below any 2014 ceiling: rates are amounts divided by it
WAGE = 10_000_000
_RESTATEMENT = ("restatement check: rule {rule} (in force on {day}) was transcribed from this seed item, so the "
                "engine giving the figure back tests the lookup and the arithmetic, not the figure")


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
    vet_rule = in_force(load_table("contributions"), day, "contribution", segment="veteran", care_class=None)
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
            rule = in_force(load_table("class_upgrade"), _upgrade_day(), "class-upgrade", kind="copayment",
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


def _upgrade_day() -> str:
    """The first day the class-upgrade rules are in force (Permenkes 3/2023), read from the data."""
    return coverage(load_table("class_upgrade"))[0][0].isoformat()
