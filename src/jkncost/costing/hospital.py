"""One hospital's costing inputs for one period, validated: the :class:`Hospital` the engine computes with.

Reading and validating a hospital folder or workbook (format version 2) is :mod:`jkncost.costing.reader`
(``read_hospital``, ``validate_hospital``, also importable from :mod:`jkncost.costing`): the tables
(:mod:`jkncost.costing.folder`), checked against each other (:mod:`jkncost.costing.validation`), built
into a :class:`Hospital`.

Examples
--------
>>> from jkncost.costing import read_hospital
>>> from jkncost.core import paths
>>> h = read_hospital(paths.raw("example_hospital"))
>>> h.support_centers[:2]
['Kantor', 'Instalasi Gizi']
>>> round(h.total_cost())
5377000000
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jkncost.costing.allocation import METHODS, AllocationError

CATEGORIES = ("FC", "SVC", "VC")
CATEGORY_NAMES = {"FC": "fixed cost (biaya tetap, AIC)", "SVC": "semi-variable cost (biaya semi variabel)",
                  "VC": "variable cost (biaya variabel)"}
ASSET_GROUPS = ("gedung", "alat medis", "alat non medis", "kendaraan")


@dataclass
class Hospital:
    """One hospital's inputs for one period, validated (hospital folder format version 2).

    Attributes
    ----------
    name : str
        Folder or workbook name.
    centers : DataFrame
        ``center, kind (support|production|shared), output, output_unit, beds, order`` in file order;
        ``output`` is NaN for support and shared centers and for a production center whose output is
        not measured, ``beds`` and ``order`` NaN when absent.
    costs : DataFrame
        ``center, category (FC|SVC|VC), component, amount`` (long format).
    bases : DataFrame
        ``support_center, category, component, basis, center, weight``; ``category`` and
        ``component`` empty mean every one (a version 1 table without those columns reads as empty).
    assets : DataFrame or None
        The asset register, when given.
    notes : list of str
        Warnings for the user (e.g. production centers without output).
    tariffs : DataFrame or None
        ``center, tariff, source, tariff_set``: the hospital's own tariffs per unit of output, when given,
        one per center and tariff set (``tariff`` when the file names no set).
    revenue : DataFrame or None
        ``center, revenue``: what each production center received in the period (``revenue.csv``).

    Examples
    --------
    >>> from jkncost.costing import read_hospital
    >>> from jkncost.core import paths
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> h.name, len(h.names), h.tariffs is None
    ('example_hospital', 11, True)
    """

    name: str
    centers: pd.DataFrame
    costs: pd.DataFrame
    bases: pd.DataFrame
    assets: pd.DataFrame | None = None
    source: str = ""
    notes: list[str] = field(default_factory=list)
    tariffs: pd.DataFrame | None = None
    revenue: pd.DataFrame | None = None
    # plans already made (validation asks the engine, then the run uses the same plan and operators)
    _plans: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def names(self) -> list[str]:
        """Center names in file order.

        Returns
        -------
        list of str
            One name per row of ``cost_centers``.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.names[:3]
        ['Kantor', 'Instalasi Gizi', 'Laundry']
        """
        return self.centers["center"].tolist()

    @property
    def kinds(self) -> list[str]:
        """Kind of each center (``support``, ``production`` or ``shared``), in file order.

        Returns
        -------
        list of str
            One kind per center.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.kinds[:1]
        ['support']
        """
        return self.centers["kind"].tolist()

    @property
    def is_support(self) -> np.ndarray:
        """Which centers are support centers (pusat biaya penunjang).

        Returns
        -------
        ndarray of bool
            One flag per center.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.is_support.tolist()[:5]
        [True, True, True, True, False]
        """
        return (self.centers["kind"] == "support").to_numpy()

    @property
    def is_shared(self) -> np.ndarray:
        """Shared cost pools (biaya bersama), spread to every support and production center first.

        Returns
        -------
        ndarray of bool
            One flag per center.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> bool(h.is_shared.any())
        False
        """
        return (self.centers["kind"] == "shared").to_numpy()

    @property
    def is_production(self) -> np.ndarray:
        """Which centers are production centers (pusat biaya produksi).

        Returns
        -------
        ndarray of bool
            One flag per center.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> int(h.is_production.sum())
        7
        """
        return (self.centers["kind"] == "production").to_numpy()

    @property
    def support_centers(self) -> list[str]:
        """Names of the support centers, in file order.

        Returns
        -------
        list of str
            The support centers.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.support_centers
        ['Kantor', 'Instalasi Gizi', 'Laundry', 'Farmasi']
        """
        return self.centers.loc[self.is_support, "center"].tolist()

    @property
    def shared_centers(self) -> list[str]:
        """Names of the shared cost pools, in file order.

        Returns
        -------
        list of str
            The shared centers (empty for a version 1 hospital).

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.shared_centers
        []
        """
        return self.centers.loc[self.is_shared, "center"].tolist()

    @property
    def production_centers(self) -> list[str]:
        """Names of the production centers, in file order.

        Returns
        -------
        list of str
            The production centers.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.production_centers[:2]
        ['IGD', 'Poli Umum']
        """
        return self.centers.loc[self.is_production, "center"].tolist()

    @property
    def without_output(self) -> list[str]:
        """Production centers whose output is not measured: TC1-3 but no unit cost.

        Returns
        -------
        list of str
            Their names (empty when every output is measured).

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.without_output
        []
        """
        prod = self.centers[self.is_production]
        return prod.loc[~(prod["output"].astype(float) > 0), "center"].tolist()

    @property
    def is_v1(self) -> bool:
        """True when one weight matrix describes the hospital: no shared pool, one rule set per sender.

        Returns
        -------
        bool
            Whether the hospital is a version 1 hospital.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.is_v1
        True
        """
        from jkncost.costing.bases import RuleSets

        rules = RuleSets.from_bases(self.bases)
        return not self.is_shared.any() and all(keys == {("", "")} for keys in rules.by_sender.values())

    def cost_items(self, fc_method: str = "inflation", rate: float = 0.0) -> pd.DataFrame:
        """``center, category, component, amount``: the direct costs, FC from the asset register when given.

        When an asset register is present, FC comes from it (:func:`jkncost.costing.annualize.annualize_assets`
        with ``fc_method`` and ``rate``, one component ``AIC <group>`` per asset group) and any FC rows of
        ``costs.csv`` are ignored.

        Parameters
        ----------
        fc_method : {'inflation', 'annuity'}, default 'inflation'
            Annualization of the asset register, when there is one (:mod:`jkncost.costing.annualize`).
        rate : float, default 0.0
            Its inflation or discount rate.

        Returns
        -------
        DataFrame
            ``center, category, component, amount`` (component empty where the file gives none).

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.cost_items().head(2).values.tolist()
        [['Kantor', 'FC', 'AIC gedung', 120000000.0], ['Kantor', 'FC', 'AIC kendaraan', 60000000.0]]
        """
        costs = self.costs[["center", "category", "component", "amount"]]
        if self.assets is not None:
            from jkncost.costing.annualize import annualize_assets

            fc = annualize_assets(self.assets, method=fc_method, rate=rate)
            costs = pd.concat([costs[costs["category"] != "FC"],
                               fc.assign(category="FC")[["center", "category", "component", "amount"]]],
                              ignore_index=True)
        return costs.assign(component=costs["component"].fillna("").astype(str))

    def direct_costs(self, fc_method: str = "inflation", rate: float = 0.0) -> pd.DataFrame:
        """Direct cost per center (rows, file order) and category (columns FC, SVC, VC); see :meth:`cost_items`.

        Parameters
        ----------
        fc_method : {'inflation', 'annuity'}, default 'inflation'
            Annualization of the asset register, when there is one (:mod:`jkncost.costing.annualize`).
        rate : float, default 0.0
            Its inflation or discount rate.

        Returns
        -------
        DataFrame
            Centers x FC, SVC, VC.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.direct_costs().loc["Kantor"].tolist()
        [180000000.0, 925000000.0, 112000000.0]
        """
        costs = self.cost_items(fc_method=fc_method, rate=rate)
        table = costs.pivot_table(index="center", columns="category", values="amount", aggfunc="sum",
                                  fill_value=0.0)
        return table.reindex(index=self.names, columns=list(CATEGORIES), fill_value=0.0).astype(float)

    def weight_matrix(self) -> np.ndarray:
        """``W[s, c]``: weight of center ``c`` in support center ``s``'s basis (file order).

        One matrix describes a hospital only when it has no shared pool and one basis per support
        center (a version 1 hospital); otherwise this raises, since a single matrix would silently
        mix bases (floor area with kWh) and count pools as production centers: use
        :func:`jkncost.costing.unitcost.unit_cost`, which builds one matrix per distinct set of bases.

        Returns
        -------
        ndarray, shape (n, n)
            The weights, summed over the rule sets of each sender.

        Raises
        ------
        AllocationError
            For a hospital with shared pools or bases per category or component.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.weight_matrix()[1, :5].tolist()
        [3000.0, 0.0, 500.0, 0.0, 1000.0]
        """
        if not self.is_v1:
            raise AllocationError(
                f"{self.name}: this hospital has shared cost pools or allocation bases per category or component "
                f"(format v2), which one weight matrix cannot describe; this path supports version 1 hospitals "
                f"only (jkncost unitcost handles both)")
        from jkncost.costing.bases import RuleSets, union_weights

        return union_weights(RuleSets.from_bases(self.bases), self.names)

    def step_order(self) -> np.ndarray:
        """Step-down sequence (positions among support centers): the ``order`` column when given, else the
        conventional order of :func:`jkncost.costing.allocation.default_step_order` with ties broken by name, so
        that every path through the engine (unit cost, sensitivity, sweeps) closes centers alike. With bases
        per category or component, a center counts as served when any rule of the sender serves it
        (:func:`jkncost.costing.bases.step_order`), so every cost closes the centers in one sequence.

        Returns
        -------
        ndarray of int
            Positions among the support centers, the first closed first.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.step_order().tolist()
        [0, 2, 1, 3]
        """
        from jkncost.costing.bases import step_order

        order = self.centers["order"] if "order" in self.centers else None
        return step_order(self.names, self.kinds, self.bases, order)

    def _fingerprint(self) -> tuple:
        """A hash of every input a plan depends on (linear, a fraction of the plan's own cost), so that a
        plan is reused only for the very same inputs, even when a table was edited in place."""
        def digest(frame):
            if frame is None:
                return None
            return (tuple(map(str, frame.columns)), len(frame),
                    int(pd.util.hash_pandas_object(frame, index=False).to_numpy().sum(dtype=np.uint64)))

        return tuple(digest(f) for f in (self.centers, self.costs, self.bases, self.assets))

    def plan(self, method: str, fc_method: str = "inflation", rate: float = 0.0):
        """The streams of cost (category, component) grouped by the weights they use
        (:func:`jkncost.costing.bases.plan`), with every problem the method meets.

        Made once per method and inputs: validation (:meth:`method_problems`) and the run
        (:func:`jkncost.costing.unitcost.unit_cost`) share the plan and its allocation operators.

        Parameters
        ----------
        method : {'direct', 'stepdown', 'double', 'reciprocal'}
            The allocation method.
        fc_method : {'inflation', 'annuity'}, default 'inflation'
            Annualization of the asset register, when there is one (:mod:`jkncost.costing.annualize`).
        rate : float, default 0.0
            Its inflation or discount rate.

        Returns
        -------
        jkncost.costing.bases.Plan
            The streams, their groups (one per distinct weight matrix) and the problems found.

        Raises
        ------
        ValueError
            For an unknown method.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> p = h.plan("double")
        >>> len(p.streams), len(p.groups)
        (14, 1)
        """
        from jkncost.costing.bases import plan

        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
        key = (method, fc_method, float(rate), self._fingerprint())
        if key not in self._plans:
            order = self.step_order() if method == "stepdown" and self.is_support.any() else None
            self._plans.clear()  # one plan of the current inputs at a time: memory stays that of one run
            self._plans[key] = plan(self.names, self.kinds, self.cost_items(fc_method=fc_method, rate=rate),
                                    self.bases, method, order)
        return self._plans[key]

    def method_problems(self, method: str) -> list[tuple[str, str]]:
        """``(center, message)`` for each support or shared center that ``method`` cannot close with these bases.

        The contract between reading (which turns each pair into a file/row/column problem on
        ``cost_centers``) and the engine, which alone knows what a method needs. Every rule set that some
        cost actually uses (a cost of its category and component that the center holds: its own, a pool
        share, or what the method sends it) must let the method close the center: ``direct`` and ``double``
        need a positive weight to a production center, ``stepdown`` a receiver not yet closed,
        ``reciprocal`` a path out of every loop of mutual service, a shared pool a support or production
        center; and a center holding a cost needs a rule that covers its category and component.

        Parameters
        ----------
        method : {'direct', 'stepdown', 'double', 'reciprocal'}
            The allocation method.

        Returns
        -------
        list of tuple of str
            ``(center, message)`` pairs; empty when the method can run.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> h.method_problems("double")
        []
        """
        from jkncost.costing.bases import group_operator

        try:
            p = self.plan(method)
            if p.problems:
                return p.problems
            for g in p.groups:
                group_operator(p, g, method)
        except AllocationError as exc:
            return [(exc.center, f"{exc} under {method!r}")]
        return []

    def total_cost(self, fc_method: str = "inflation", rate: float = 0.0) -> float:
        """Total direct cost of every center (what allocation conserves), FC annualized as in :meth:`direct_costs`.

        Parameters
        ----------
        fc_method : {'inflation', 'annuity'}, default 'inflation'
            Annualization of the asset register, when there is one (:mod:`jkncost.costing.annualize`).
        rate : float, default 0.0
            Its inflation or discount rate.

        Returns
        -------
        float
            The sum of every direct cost.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> h = read_hospital(paths.raw("example_hospital"))
        >>> round(h.total_cost())
        5377000000
        """
        return float(self.direct_costs(fc_method=fc_method, rate=rate).to_numpy().sum())
