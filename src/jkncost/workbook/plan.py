"""The layout of an audit workbook, worked out in numbers before a single cell is written.

A :class:`Plan` says which cost centers appear in which order, which allocation rule sets exist,
how the costs split into *blocks* that move together, and, for every block, every amount the
workbook's formulas compute: direct cost, the spreading of shared pools, each stage of the chosen
method and the cost of every center after allocation. The sheet writers turn the plan into
formulas (or, for very large hospitals, into these values, with the same layout); the tests
compare the plan with the engine, and the recalculated workbook with both.

Rule sets and blocks (hospital-folder format, version 2)
--------------------------------------------------------
A rule set is the rows of ``allocation_bases`` with one ``(support_center, category, component)``;
empty category or component means "any". A cost of category *c* and component *k* sent by center
*s* moves by the most specific rule set of *s* that exists: ``(c, k)``, else ``("", k)``, else
``(c, "")``, else ``("", "")``. Costs keep their category and component as they move, so all the
``(c, k)`` pairs whose senders all use the same rule sets (the same *signature*) move together; a
block is one category within one such group. A version 1 hospital has one rule set per support
center, hence one block per category.

The share that center *j* receives from a rule set of sender *s* in a context is
``w_j / sum of w over the centers eligible in that context`` (a center never receives from itself):

=============  ==================================================================
context        eligible receivers
=============  ==================================================================
``pool``       support and production centers (a shared pool, first of all)
``production`` production centers (``direct``; stage 2 of ``double``)
``others``     every support and production center but the sender (stage 1 of ``double``, ``reciprocal``)
``open``       production centers and the support centers closed after the sender (``stepdown``)
=============  ==================================================================

References
----------
Kepmenkes RI 582/MENKES/SK/VI/1997 (double distribution); Shepard, Hodgkin & Anthony (2000), WHO
(step-down and reciprocal); ``shared/spec/hospital-folder.md`` (version 2) for rule sets and pools.

Examples
--------
>>> from jkncost.core import paths
>>> from jkncost.costing import read_hospital
>>> plan = build_plan(read_hospital(paths.raw("example_hospital")), "double")
>>> [b.title for b in plan.blocks]
['FC', 'SVC', 'VC']
>>> plan.contexts_of(plan.rules[0])
['others', 'production']
>>> round(float(plan.after_by_category().to_numpy().sum())) == round(plan.hospital.total_cost())
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from jkncost.costing.allocation import METHODS

CATEGORIES = ("FC", "SVC", "VC")
CONTEXTS = ("pool", "production", "others", "open")
#: the sharing contexts each method uses for a support center's rule set
METHOD_CONTEXTS = {"direct": ("production",), "stepdown": ("open",), "double": ("others", "production"),
                   "reciprocal": ("others",)}


@dataclass
class Rule:
    """One rule set of ``allocation_bases``: the rows of one sender, category and component."""

    sender: str
    category: str  # "" = any category
    component: str  # "" = any component
    basis: str
    weights: np.ndarray  # per center, display order (the self weight kept as given)


@dataclass
class Stage:
    """One stage of the method within a block: who sends how much, and the flows."""

    name: str  # pool, direct, step, stage 1, stage 2, reciprocal
    context: str
    senders: list[int]  # display positions, in the order they send
    sent: np.ndarray  # amount each sender distributes
    flows: np.ndarray  # (len(senders), n): amount from each sender to each center
    after: np.ndarray  # (n,) cost of each center after the stage (production; zero for closed senders)


@dataclass
class Block:
    """The costs of one category whose (category, component) pairs share their senders' rule sets."""

    category: str
    components: tuple[str, ...]  # the components of costs.csv in the block
    whole_category: bool  # True when it holds every component of the category
    rule_of: dict[int, int]  # sender display position -> rule index
    direct: np.ndarray  # (n,)
    stages: list[Stage] = field(default_factory=list)
    inverse_input: np.ndarray | None = None  # reciprocal: I - Q over the support centers

    @property
    def title(self) -> str:
        return self.category if self.whole_category else f"{self.category}: {', '.join(self.components)}"

    @property
    def after(self) -> np.ndarray:
        return self.stages[-1].after if self.stages else self.direct


@dataclass
class Plan:
    """Everything the workbook shows, in numbers.

    Attributes
    ----------
    names, kinds : list of str
        Centers in display order: shared pools, support centers (in step-down order for
        ``stepdown``, else file order), production centers (file order).
    shared, support, production : list of int
        Display positions of each kind.
    rules : list of Rule
    blocks : list of Block
    """

    hospital: object
    method: str
    names: list[str]
    kinds: list[str]
    shared: list[int]
    support: list[int]
    production: list[int]
    rules: list[Rule]
    blocks: list[Block]
    costs: pd.DataFrame  # center, category, component, amount (FC from the asset register when there is one)

    @property
    def n(self) -> int:
        return len(self.names)

    def components_of(self, category: str) -> set[str]:
        """Every component of ``category`` in the costs."""
        return set(self._components.get(category, ()))

    @cached_property
    def _components(self) -> dict[str, set[str]]:
        return {c: set(part["component"]) for c, part in self.costs.groupby("category")}

    @cached_property
    def case_clash(self) -> bool:
        """True when two centers, or two components, differ only by case: spreadsheet criteria
        (``SUMIFS``) ignore case, so the workbook compares with ``EXACT`` instead."""
        for values in (self.names, list(self.costs["component"].unique()),
                       [r.component for r in self.rules]):
            distinct = set(values)
            if len({v.casefold() for v in distinct}) < len(distinct):
                return True
        return False

    def contexts_of(self, rule: Rule) -> list[str]:
        """Sharing contexts in which ``rule``'s normalized weights are needed."""
        sender = self.names.index(rule.sender)
        return ["pool"] if sender in self.shared else list(METHOD_CONTEXTS[self.method])

    def eligible(self, context: str, sender: int) -> np.ndarray:
        """Boolean mask over display positions: the centers that may receive from ``sender``."""
        mask = np.zeros(self.n, dtype=bool)
        mask[self.production] = True
        if context in ("pool", "others"):
            mask[self.support] = True
        elif context == "open":
            mask[self.support[self.support.index(sender) + 1:]] = True
        mask[sender] = False
        return mask

    def share(self, rule_index: int, context: str) -> np.ndarray:
        """Normalized weights of one rule set over the centers eligible in ``context``."""
        rule = self.rules[rule_index]
        mask = self.eligible(context, self.names.index(rule.sender))
        w = np.where(mask, rule.weights, 0.0)
        total = w.sum()
        if not total > 0:
            raise ValueError(f"rule set of {rule.sender!r} (category {rule.category or 'any'}, component "
                             f"{rule.component or 'any'}) has no weight to any eligible receiver ({context})")
        return w / total

    def after_by_category(self) -> pd.DataFrame:
        """Cost per production center (rows, file order) and category (columns) after allocation."""
        out = pd.DataFrame(0.0, index=[self.names[i] for i in self.production], columns=list(CATEGORIES))
        for b in self.blocks:
            out[b.category] += b.after[self.production]
        return out


# --------------------------------------------------------------------------------------------

def _column(df: pd.DataFrame, name: str) -> pd.Series:
    """A column of ``df`` as text, empty strings where it is absent (version 1 folders) or blank."""
    if name not in df.columns:
        return pd.Series([""] * len(df), index=df.index, dtype=object)
    return df[name].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())


def hospital_costs(hospital, fc_method: str = "inflation", rate: float = 0.0) -> pd.DataFrame:
    """``center, category, component, amount``; FC from the asset register when the hospital has one."""
    costs = hospital.costs[["center", "category", "component", "amount"]].copy()
    if getattr(hospital, "assets", None) is not None:
        from jkncost.costing.annualize import annualize_assets

        fc = annualize_assets(hospital.assets, method=fc_method, rate=rate)
        costs = pd.concat([costs[costs["category"] != "FC"], fc.assign(category="FC")[costs.columns]],
                          ignore_index=True)
    return costs


def display_order(hospital, method: str) -> tuple[list[str], list[str]]:
    """Centers and kinds in display order: shared, support (step order for stepdown), production."""
    centers = hospital.centers
    kinds = centers["kind"].tolist()
    names = centers["center"].tolist()
    shared = [i for i, k in enumerate(kinds) if k == "shared"]
    support = [i for i, k in enumerate(kinds) if k == "support"]
    production = [i for i, k in enumerate(kinds) if k == "production"]
    if method == "stepdown" and support:
        support = [support[k] for k in np.asarray(hospital.step_order()).tolist()]
    order = shared + support + production
    return [names[i] for i in order], [kinds[i] for i in order]


def _rules(hospital, names: list[str]) -> list[Rule]:
    bases = hospital.bases
    pos = {c: i for i, c in enumerate(names)}
    frame = pd.DataFrame({"sender": _column(bases, "support_center"), "category": _column(bases, "category").str.upper(),
                          "component": _column(bases, "component"), "basis": _column(bases, "basis"),
                          "center": _column(bases, "center"), "weight": bases["weight"].astype(float)})
    rules: list[Rule] = []
    for (sender, cat, comp), rows in frame.groupby(["sender", "category", "component"], sort=False):
        w = np.zeros(len(names))
        np.add.at(w, rows["center"].map(pos).to_numpy(dtype=int), rows["weight"].to_numpy())
        rules.append(Rule(sender, cat, comp, rows["basis"].iloc[0], w))
    return rules


def _resolve(rule_keys: dict[tuple[str, str, str], int], sender: str, cat: str, comp: str) -> int | None:
    for key in ((sender, cat, comp), (sender, "", comp), (sender, cat, ""), (sender, "", "")):
        if key in rule_keys:
            return rule_keys[key]
    return None


def build_plan(hospital, method: str = "double", fc_method: str = "inflation", rate: float = 0.0) -> Plan:
    """Work out the workbook's layout and every amount it computes.

    Parameters
    ----------
    hospital : Hospital
        From :func:`jkncost.costing.read_hospital` (format version 1 or 2).
    method : {'direct', 'stepdown', 'double', 'reciprocal'}
    fc_method, rate
        Annualization of the asset register, when the hospital has one.

    Returns
    -------
    Plan

    Notes
    -----
    A sender without a rule set for a block, or whose rule set gives no weight to an eligible
    receiver, sends nothing in that block (the engine's placeholder row): the hospital reader
    refuses a hospital where such a sender holds cost, and the workbook's ``check`` sheet shows
    FALSE if a user later gives it some.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    names, kinds = display_order(hospital, method)
    n = len(names)
    pos = {c: i for i, c in enumerate(names)}
    shared = [i for i, k in enumerate(kinds) if k == "shared"]
    support = [i for i, k in enumerate(kinds) if k == "support"]
    production = [i for i, k in enumerate(kinds) if k == "production"]
    rules = _rules(hospital, names)
    rule_keys = {(r.sender, r.category, r.component): i for i, r in enumerate(rules)}
    costs = hospital_costs(hospital, fc_method, rate)
    senders = shared + support

    # group the (category, component) pairs by the rule sets their senders use
    groups: dict[tuple, list[tuple[str, str]]] = {}
    pairs = costs[["category", "component"]].drop_duplicates()
    for cat, comp in pairs.itertuples(index=False):
        signature = tuple(_resolve(rule_keys, names[s], cat, comp) for s in senders)
        groups.setdefault(signature, []).append((cat, comp))
    plan = Plan(hospital, method, names, kinds, shared, support, production, rules, [], costs)
    all_components = {cat: set(costs.loc[costs["category"] == cat, "component"]) for cat in CATEGORIES}
    amounts = costs.groupby(["center", "category", "component"], sort=False)["amount"].sum()
    blocks = []
    for signature, members in groups.items():
        for cat in CATEGORIES:
            comps = tuple(sorted(k for c, k in members if c == cat))
            if not comps:
                continue
            direct = np.zeros(n)
            for (center, c, k), amount in amounts.items():
                if c == cat and k in comps:
                    direct[pos[center]] += amount
            rule_of = {s: r for s, r in zip(senders, signature) if r is not None}
            blocks.append(Block(cat, comps, set(comps) == all_components[cat], rule_of, direct))
    blocks.sort(key=lambda b: CATEGORIES.index(b.category))  # stable: group order within a category
    for b in blocks:
        _compute(plan, b)
    plan.blocks = blocks
    return plan


def _shares_for(plan: Plan, block: Block, senders: list[int], context: str) -> np.ndarray:
    """Each sender's shares in ``context``; a zero row for a sender with no usable rule set in the block.

    Such a sender can hold none of the block's cost (the hospital reader refuses the hospital
    otherwise): its row moves nothing, as the engine's placeholder row does.
    """
    rows = np.zeros((len(senders), plan.n))
    for k, s in enumerate(senders):
        rule = block.rule_of.get(s)
        if rule is not None and np.where(plan.eligible(context, s), plan.rules[rule].weights, 0.0).sum() > 0:
            rows[k] = plan.share(rule, context)
    return rows


def _compute(plan: Plan, block: Block) -> None:
    """Fill ``block.stages`` with the amounts the method moves (the numbers behind every formula)."""
    before = block.direct
    if plan.shared:
        sent = before[plan.shared]
        before = _append(block, "pool", "pool", plan.shared, sent,
                         sent[:, None] * _shares_for(plan, block, plan.shared, "pool"), before).after
    S = plan.support
    if not S:
        return
    if plan.method == "direct":
        _append(block, "direct", "production", S, before[S],
                before[S][:, None] * _shares_for(plan, block, S, "production"), before)
    elif plan.method == "double":
        stage1 = _append(block, "stage 1", "others", S, before[S],
                         before[S][:, None] * _shares_for(plan, block, S, "others"), before)
        received = stage1.after[S]  # a support center holds, after stage 1, what the others sent it
        _append(block, "stage 2", "production", S, received,
                received[:, None] * _shares_for(plan, block, S, "production"), stage1.after)
    elif plan.method == "reciprocal":
        Q = _shares_for(plan, block, S, "others")
        block.inverse_input = np.eye(len(S)) - Q[:, S]
        full = np.linalg.solve(block.inverse_input.T, before[S])  # x (I - Q) = d: full cost of each support center
        _append(block, "reciprocal", "others", S, full, full[:, None] * Q, before)
    else:  # stepdown: each center sends what it holds, its own plus what it received, to the centers still open
        Q = _shares_for(plan, block, S, "open")
        carried = before.copy()
        flows = np.zeros((len(S), plan.n))
        sent = np.zeros(len(S))
        for k, s in enumerate(S):
            sent[k] = carried[s]
            flows[k] = sent[k] * Q[k]
            carried = carried + flows[k]
        _append(block, "step", "open", S, sent, flows, before)


def _append(block: Block, name: str, context: str, senders: list[int], sent: np.ndarray, flows: np.ndarray,
            before: np.ndarray) -> Stage:
    """Record a stage: each center ends with what it had, plus what it received, less what it sent."""
    after = before + flows.sum(axis=0)
    after[senders] -= sent
    stage = Stage(name, context, list(senders), sent, flows, after)
    block.stages.append(stage)
    return stage
