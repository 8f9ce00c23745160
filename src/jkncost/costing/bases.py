"""Allocation rules per category and component (hospital folder format v2): which weights move which cost.

A row of ``allocation_bases.csv`` belongs to a *rule set*, named by its sender and by the
``category`` and ``component`` it is restricted to (empty = every one). A cost of category *c* and
component *k* held by sender *s* (a support or shared center) moves by the most specific rule set
of *s* that exists:

1. category *c* and component *k*;
2. component *k* (any category);
3. category *c* (any component);
4. neither (the rows with both empty: the version 1 basis).

A cost keeps its category and component as it moves, so cost that a support center received is
passed on by that center's rule for the same category and component. Each (category, component)
pair present in the costs is a *stream*; the streams that select the same rule set at every sender
share one weight matrix, hence one allocation operator (:func:`plan`): a hospital with 60
components and 4 distinct sets of bases builds 4 operators, not 60.

A sender only needs a working rule for the streams that actually reach it (its own cost, what the
shared pools and, under the method, other support centers send it). A sender that holds no cost
of a stream gets a placeholder row (its rupiah would go to the production centers) that moves
nothing: the amounts it multiplies are zero.

The default step-down order is decided once for the hospital, from the union of every rule set of
each sender (a center counts as served when any of the sender's rules gives it a positive weight),
so every stream closes the support centers in the same sequence; the ``order`` column overrides it.

References
----------
Hospital folder format, version 2 (``docs/hospital-folder.md``). Kepmenkes RI 582/MENKES/SK/VI/1997
(distribution by basis per cost item). Shepard, Hodgkin & Anthony (2000), WHO, ch. 4 (one basis per
type of cost).

Examples
--------
>>> import pandas as pd
>>> bases = pd.DataFrame({"support_center": ["Umum"] * 3, "category": ["", "", "VC"],
...                       "component": ["", "listrik", ""], "basis": ["staff", "kWh", "m2"],
...                       "center": ["A", "A", "A"], "weight": [1.0, 1.0, 1.0]})
>>> rs = RuleSets.from_bases(bases)
>>> [rs.select("Umum", c, k) for c, k in [("SVC", "gaji"), ("VC", "gaji"), ("VC", "listrik")]]
[('Umum', '', ''), ('Umum', 'VC', ''), ('Umum', '', 'listrik')]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jkncost.costing.allocation import AllocationError, allocation_operator, default_step_order

CATEGORIES = ("FC", "SVC", "VC")


def _text(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A category/component column as text: absent or NaN is empty (version 1 folders).

    The reader gives canonical, stripped values (``FC``/``SVC``/``VC``); this only fills the gaps,
    in numpy (pandas string methods cost more than the whole allocation on 30,000 rows).
    """
    if column not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    values = frame[column].to_numpy(dtype=object)
    missing = pd.isna(values)
    if missing.any():
        values = values.copy()
        values[missing] = ""
    return values


@dataclass
class RuleSets:
    """The rule sets of every sender: key ``(sender, category, component)`` -> (receivers, weights).

    Examples
    --------
    >>> bases = pd.DataFrame({"support_center": ["Umum"] * 3, "category": ["", "", "VC"],
    ...                       "component": ["", "listrik", ""], "basis": ["staff", "kWh", "m2"],
    ...                       "center": ["A", "A", "A"], "weight": [1.0, 1.0, 1.0]})
    >>> sorted(RuleSets.from_bases(bases).by_sender["Umum"])
    [('', ''), ('', 'listrik'), ('VC', '')]
    """

    rows: dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]]
    by_sender: dict[str, set[tuple[str, str]]]

    @classmethod
    def from_bases(cls, bases: pd.DataFrame) -> RuleSets:
        """The rule sets of ``allocation_bases`` (one pass after one sort).

        Parameters
        ----------
        bases : DataFrame
            ``support_center, category, component, basis, center, weight``.

        Returns
        -------
        RuleSets
            The rule sets.

        Examples
        --------
        >>> bases = pd.DataFrame({"support_center": ["Umum"] * 3, "category": ["", "", "VC"],
        ...                       "component": ["", "listrik", ""], "basis": ["staff", "kWh", "m2"],
        ...                       "center": ["A", "A", "A"], "weight": [1.0, 1.0, 1.0]})
        >>> len(RuleSets.from_bases(bases).rows)
        3
        """
        s = bases["support_center"].to_numpy(dtype=object)
        c = _text(bases, "category")
        k = _text(bases, "component")
        to = bases["center"].to_numpy(dtype=object)
        w = bases["weight"].to_numpy(dtype=float)
        # integer codes per column, one code per (sender, category, component), one sort and one split:
        # linear in the rows after the sort, no groupby loop
        cs, us = pd.factorize(s, sort=True)
        cc, uc = pd.factorize(c, sort=True)
        ck, uk = pd.factorize(k, sort=True)
        codes = (cs.astype(np.int64) * max(len(uc), 1) + cc) * max(len(uk), 1) + ck
        order = np.argsort(codes, kind="stable")
        bounds = np.flatnonzero(np.diff(codes[order])) + 1
        rows: dict = {}
        by_sender: dict[str, set] = {}
        for idx in (np.split(order, bounds) if len(order) else []):
            i = idx[0]
            key = (str(us[cs[i]]), str(uc[cc[i]]), str(uk[ck[i]]))
            rows[key] = (to[idx], w[idx])
            by_sender.setdefault(key[0], set()).add(key[1:])
        return cls(rows, by_sender)

    @property
    def named_components(self) -> set[str]:
        """Components that some rule names: the others always move with their category.

        Returns
        -------
        set of str
            The named components.

        Examples
        --------
        >>> bases = pd.DataFrame({"support_center": ["Umum"] * 3, "category": ["", "", "VC"],
        ...                       "component": ["", "listrik", ""], "basis": ["staff", "kWh", "m2"],
        ...                       "center": ["A", "A", "A"], "weight": [1.0, 1.0, 1.0]})
        >>> RuleSets.from_bases(bases).named_components
        {'listrik'}
        """
        return {k for keys in self.by_sender.values() for _, k in keys if k}

    def select(self, sender: str, category: str, component: str) -> tuple[str, str, str] | None:
        """The most specific rule set of ``sender`` for a cost of ``category`` and ``component``.

        Parameters
        ----------
        sender : str
            A support or shared center.
        category : str
            ``FC``, ``SVC`` or ``VC``.
        component : str
            The cost's component (may be empty).

        Returns
        -------
        tuple of str or None
            ``(sender, category, component)`` of the rule set, or None when the sender has none that covers it.

        Examples
        --------
        >>> bases = pd.DataFrame({"support_center": ["Umum"] * 3, "category": ["", "", "VC"],
        ...                       "component": ["", "listrik", ""], "basis": ["staff", "kWh", "m2"],
        ...                       "center": ["A", "A", "A"], "weight": [1.0, 1.0, 1.0]})
        >>> RuleSets.from_bases(bases).select("Umum", "VC", "listrik")
        ('Umum', '', 'listrik')
        """
        have = self.by_sender.get(sender, ())
        for key in ((category, component), ("", component), (category, ""), ("", "")):
            if key in have:
                return (sender, *key)
        return None


@dataclass
class Group:
    """Streams that share one weight matrix (hence one allocation operator).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> g = h.plan("double").groups[0]
    >>> g.weights.shape, len(g.streams)
    ((11, 11), 14)
    """

    weights: np.ndarray  # (n, n), placeholders for senders holding nothing
    streams: list[int]  # positions in Plan.streams
    rules: list  # rule-set key of each sender, in center order of the senders (None when it has none)
    operator: np.ndarray | None = None  # the allocation operator, once built (group_operator)
    parts: dict = field(default_factory=dict)  # what the flows reuse of the operator's build


@dataclass
class Plan:
    """One hospital ready for the engine: streams of cost and the groups of streams sharing weights.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> p = h.plan("double")
    >>> p.direct.shape, p.problems
    ((14, 11), [])
    """

    names: list[str]
    is_support: np.ndarray
    is_shared: np.ndarray
    order: np.ndarray | None  # step-down sequence (positions among support centers)
    streams: list[tuple[str, str]]  # (category, component)
    direct: np.ndarray  # (m, n): direct cost per stream and center
    groups: list[Group] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    named_components: set[str] = field(default_factory=set)  # components some rule names

    @property
    def is_production(self) -> np.ndarray:  # numpydoc ignore=GL08
        return ~(self.is_support | self.is_shared)


def union_weights(rules: RuleSets, names: list[str]) -> np.ndarray:
    """``W[s, c]`` summed over every rule set of ``s``: positive where any rule serves ``c``.

    Parameters
    ----------
    rules : RuleSets
        The rule sets.
    names : list of str
        Center names in file order.

    Returns
    -------
    ndarray, shape (n, n)
        The summed weights.

    Examples
    --------
    >>> bases = pd.DataFrame({"support_center": ["Umum"] * 3, "category": ["", "", "VC"],
    ...                       "component": ["", "listrik", ""], "basis": ["staff", "kWh", "m2"],
    ...                       "center": ["A", "A", "A"], "weight": [1.0, 1.0, 1.0]})
    >>> union_weights(RuleSets.from_bases(bases), ["Umum", "A"]).tolist()
    [[0.0, 3.0], [0.0, 0.0]]
    """
    pos = {c: i for i, c in enumerate(names)}
    W = np.zeros((len(names), len(names)))
    for (s, _, _), (to, w) in rules.rows.items():
        np.add.at(W[pos[s]], [pos[c] for c in to], w)
    return W


def stream_costs(items: pd.DataFrame, names: list[str]) -> tuple[list[tuple[str, str]], np.ndarray]:
    """Streams (category, component) sorted by category then component, and the (m, n) cost matrix.

    Parameters
    ----------
    items : DataFrame
        ``center, category, component, amount``.
    names : list of str
        Center names in file order.

    Returns
    -------
    streams : list of tuple of str
        ``(category, component)`` per stream.
    costs : ndarray, shape (m, n)
        Direct cost of each stream and center.

    Examples
    --------
    >>> items = pd.DataFrame({"center": ["A", "B", "A"], "category": ["VC", "FC", "VC"],
    ...                       "component": ["obat", "AIC gedung", "obat"], "amount": [1.0, 2.0, 3.0]})
    >>> streams, costs = stream_costs(items, ["A", "B"])
    >>> streams, costs.tolist()
    ([('FC', 'AIC gedung'), ('VC', 'obat')], [[0.0, 2.0], [4.0, 0.0]])
    """
    frame = pd.DataFrame({"center": items["center"].astype(str), "category": items["category"].astype(str),
                          "component": _text(items, "component").astype(str), "amount": items["amount"].astype(float)})
    frame["_c"] = frame["category"].map({c: i for i, c in enumerate(CATEGORIES)})
    keys = frame[["_c", "category", "component"]].drop_duplicates().sort_values(["_c", "component"])
    streams = list(zip(keys["category"], keys["component"]))
    row = {s: i for i, s in enumerate(streams)}
    pos = {c: i for i, c in enumerate(names)}
    D = np.zeros((len(streams), len(names)))
    r = np.array([row[(c, k)] for c, k in zip(frame["category"], frame["component"])], dtype=int)
    col = frame["center"].map(pos).to_numpy(dtype=int)
    np.add.at(D, (r, col), frame["amount"].to_numpy())
    return streams, D


def plan(names: list[str], kinds: list[str], items: pd.DataFrame, bases: pd.DataFrame, method: str,
         order: np.ndarray | None) -> Plan:
    """Group the streams of ``items`` (center, category, component, amount) by the weights they use.

    ``order`` is the step-down sequence (used only by ``stepdown``). Problems (a sender that holds
    cost of a stream and has no rule for it, or whose rule the method cannot close) are collected in
    ``Plan.problems`` as ``(center, message)``; the groups are complete only when there are none.

    Parameters
    ----------
    names : list of str
        Center names in file order.
    kinds : list of str
        ``support``, ``production`` or ``shared`` per center.
    items : DataFrame
        ``center, category, component, amount``.
    bases : DataFrame
        ``allocation_bases``.
    method : {'direct', 'stepdown', 'double', 'reciprocal'}
        The allocation method.
    order : ndarray of int or None
        Step-down sequence.

    Returns
    -------
    Plan
        Streams, their groups and the problems found.

    References
    ----------
    Hospital folder format, version 2 (``docs/hospital-folder.md``). Shepard D.S., Hodgkin D., Anthony Y.E.
    (2000), *Analysis of Hospital Costs: A Manual for Managers*, WHO, ch. 4 (one basis per type of cost).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> p = plan(h.names, h.kinds, h.cost_items(), h.bases, "double", None)
    >>> len(p.groups), len(p.streams)
    (1, 14)
    """
    kinds_arr = np.asarray(kinds, dtype=object)
    is_support, is_shared = kinds_arr == "support", kinds_arr == "shared"
    streams, D = stream_costs(items, names)
    rules = RuleSets.from_bases(bases)
    senders = np.flatnonzero(is_support | is_shared)
    result = Plan(list(names), is_support, is_shared, order, streams, D, named_components=rules.named_components)
    # a sender with only the neither rule (or none) selects the same rule set for every stream
    varying = [s for s in senders if rules.by_sender.get(names[s], {("", "")}) != {("", "")}]
    fixed = {s: rules.select(names[s], "", "") for s in senders}
    signatures: dict[tuple, list[int]] = {}
    for i, (cat, comp) in enumerate(streams):
        sig = tuple(rules.select(names[s], cat, comp) for s in varying)
        signatures.setdefault(sig, []).append(i)
    pos = {c: i for i, c in enumerate(names)}
    seen: set = set()
    for varying_sig, members in signatures.items():
        chosen = dict(fixed)
        chosen.update(zip(varying, varying_sig))
        sig = tuple(chosen[s] for s in senders)
        W = np.zeros((len(names), len(names)))
        for s, key in zip(senders, sig):
            if key is not None:
                to, w = rules.rows[key]
                np.add.at(W[s], [pos[c] for c in to], w)
        held = (D[members] > 0).any(axis=0)
        found = _close(W, is_support, is_shared, method, order, held, names, list(zip(senders, sig)),
                       [streams[i] for i in members], rules, D[members])
        for p in found:
            if p not in seen:
                seen.add(p)
                result.problems.append(p)
        result.groups.append(Group(W, members, list(sig)))
    return result


def group_operator(plan: Plan, group: Group, method: str) -> np.ndarray:
    """The allocation operator of ``group`` under ``method`` (:func:`allocation_operator`), built once.

    A plan belongs to one method (:meth:`jkncost.costing.hospital.Hospital.plan`), so the operator that
    validation builds to see that the method closes every center is the one the run applies.

    Parameters
    ----------
    plan : Plan
        The plan.
    group : Group
        One of its groups.
    method : {'direct', 'stepdown', 'double', 'reciprocal'}
        The plan's method.

    Returns
    -------
    ndarray, shape (n, p)
        The operator (kept on ``group``).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> p = h.plan("double")
    >>> group_operator(p, p.groups[0], "double").shape
    (11, 7)
    """
    if group.operator is None:
        group.operator = allocation_operator(group.weights, plan.is_support, method, plan.order, plan.names,
                                             is_shared=plan.is_shared, parts=group.parts)
    return group.operator


def _holding(W, is_support, is_shared, method, order, held) -> np.ndarray:
    """Which senders end up holding cost of the group (own cost, or received under the method)."""
    pos_w = W > 0
    hold = held.copy()
    pools = np.flatnonzero(is_shared & hold)
    if pools.size:
        hold |= pos_w[pools].any(axis=0) & is_support
    sup = np.flatnonzero(is_support)
    if method == "double":  # stage 1 sends own cost (with pool shares) to other support centers
        hold |= pos_w[sup[hold[sup]]].any(axis=0) & is_support
    elif method == "stepdown" and sup.size:
        seq = sup[np.asarray(order)]
        closed = np.zeros_like(hold)
        for s in seq:
            closed[s] = True
            if hold[s]:
                hold |= pos_w[s] & is_support & ~closed
    elif method == "reciprocal":
        frontier = sup[hold[sup]]
        while frontier.size:
            new = pos_w[frontier].any(axis=0) & is_support & ~hold
            hold |= new
            frontier = np.flatnonzero(new)
    return hold & (is_support | is_shared)


def _close(W, is_support, is_shared, method, order, held, names, sender_rules, streams,
           rules: RuleSets, D_members: np.ndarray) -> list[tuple[str, str]]:
    """Check every holding sender's rule; give the others a placeholder row. Edits ``W`` in place."""
    n = len(names)
    W[np.arange(n), np.arange(n)] = 0.0
    W[:, is_shared] = 0.0  # a pool never receives
    is_prod = ~(is_support | is_shared)
    hold = _holding(W, is_support, is_shared, method, order, held)
    problems: list[tuple[str, str]] = []
    rank = np.full(n, -1)
    if method == "stepdown" and is_support.any():
        rank[np.flatnonzero(is_support)[np.asarray(order)]] = np.arange(int(is_support.sum()))
    for s, key in sender_rules:
        name = names[s]
        kind = "shared" if is_shared[s] else "support"
        if not hold[s]:
            W[s] = np.where(is_prod, 1.0, 0.0)
            continue
        if key is None and name not in rules.by_sender:
            problems.append((name, f"{kind} center {name!r} has no weight to any eligible receiver under {method!r}: "
                                   f"it has no positive weight in allocation_bases"))
            continue
        if key is None:
            # name the streams it holds itself; cost it only receives may be of any stream of the group
            own = [st for st, x in zip(streams, D_members[:, s]) if x > 0] or streams
            what = ", ".join(f"{c} {k!r}" for c, k in own[:3]) + (" ..." if len(own) > 3 else "")
            problems.append((name, f"{kind} center {name!r} holds cost that none of its allocation_bases rules "
                                   f"covers ({what}): add rows for that category or component, or rows with both "
                                   f"category and component empty"))
            continue
        rule = _rule_label(key)
        row = W[s] > 0
        if is_shared[s]:
            if not row.any():
                problems.append((name, f"shared center {name!r} has no weight to any eligible receiver: {rule} gives "
                                       f"no positive weight to a support or production center"))
        elif method in ("direct", "double") and not (row & is_prod).any():
            why = (f"no row of {rule} gives it a positive weight to a production center" if row.any()
                   else f"{rule} has no positive weight")
            problems.append((name, f"support center {name!r} has no weight to any eligible receiver under "
                                   f"{method!r}: {why}"))
        elif method == "stepdown" and not (row & (is_prod | (rank > rank[s]))).any():
            problems.append((name, f"support center {name!r} has no weight to any eligible receiver (step-down: "
                                   f"centers not yet closed) under 'stepdown'"))
        elif method == "reciprocal" and not row.any():
            problems.append((name, f"support center {name!r} has no weight to any eligible receiver: {rule} has no "
                                   f"positive weight"))
    if method == "reciprocal" and not problems:
        sup = np.flatnonzero(is_support & hold)
        reach = (W[sup][:, is_prod] > 0).any(axis=1)
        adj = W[sup][:, sup] > 0
        # backwards from the centers that reach production: each center joins once, so the work is
        # that of the (support x support) weights once, not once per round
        frontier = np.flatnonzero(reach)
        while frontier.size:
            new = adj[:, frontier].any(axis=1) & ~reach
            reach |= new
            frontier = np.flatnonzero(new)
        for k in np.flatnonzero(~reach)[:1]:  # one line per dead loop is enough: its first center
            name = names[sup[k]]
            problems.append((name, f"support center {name!r} serves only support centers that never reach a "
                                   f"production center under 'reciprocal'"))
    return problems


def _rule_label(key: tuple[str, str, str]) -> str:
    _, cat, comp = key
    if cat and comp:
        return f"its rule for {cat} {comp!r}"
    if comp:
        return f"its rule for component {comp!r}"
    if cat:
        return f"its rule for {cat}"
    return "its rule in allocation_bases (category and component empty)"


def step_order(names: list[str], kinds: list[str], bases: pd.DataFrame, order_column) -> np.ndarray:
    """Step-down sequence: the ``order`` column when given, else :func:`default_step_order` of the union.

    Parameters
    ----------
    names : list of str
        Center names in file order.
    kinds : list of str
        Kind of each center.
    bases : DataFrame
        ``allocation_bases``.
    order_column : array_like or None
        The ``order`` column of ``cost_centers``, when given.

    Returns
    -------
    ndarray of int
        Positions among the support centers, the first closed first.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> step_order(h.names, h.kinds, h.bases, None).tolist()
    [0, 2, 1, 3]
    """
    kinds_arr = np.asarray(kinds, dtype=object)
    is_support = kinds_arr == "support"
    if order_column is not None:
        sup_order = np.asarray(order_column, dtype=float)[is_support]
        if sup_order.size and not np.isnan(sup_order).all():
            return np.argsort(sup_order, kind="stable")
    keep = kinds_arr != "shared"
    W = union_weights(RuleSets.from_bases(bases), list(names))
    sub_names = [c for c, k in zip(names, keep) if k]
    return default_step_order(W[keep][:, keep], is_support[keep], sub_names)


def raise_problems(found: list[tuple[str, str]], method: str) -> None:
    """Raise the first problem as :class:`AllocationError` naming its center.

    Parameters
    ----------
    found : list of tuple of str
        ``(center, message)`` pairs (:attr:`Plan.problems`).
    method : str
        The method, added to the message when it does not name it.

    Raises
    ------
    AllocationError
        For the first problem, when there is one.

    Examples
    --------
    >>> try:
    ...     raise_problems([("Laundry", "no rule for VC")], "direct")
    ... except AllocationError as error:
    ...     print(error, "|", error.center)
    no rule for VC under 'direct' | Laundry
    """
    if found:
        center, message = found[0]
        raise AllocationError(message if method in message else f"{message} under {method!r}", center=center)
