"""One hospital's costing inputs for one period, validated: the :class:`Hospital` the engine computes with.

Reading and validating a hospital folder or workbook (format version 2) is
:mod:`jkncost.costing.folder` (``read_hospital``, ``validate_hospital``, also importable from
:mod:`jkncost.costing`) and :mod:`jkncost.costing.validation`.

Examples
--------
>>> from jkncost.costing import read_hospital
>>> from jkncost.compendium import paths
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

from jkncost.costing.allocation import AllocationError, allocation_operator, default_step_order

CATEGORIES = ("FC", "SVC", "VC")
CATEGORY_NAMES = {"FC": "fixed cost (biaya tetap, AIC)", "SVC": "semi-variable cost (biaya semi variabel)",
                  "VC": "variable cost (biaya variabel)"}
ASSET_GROUPS = ("gedung", "alat medis", "alat non medis", "kendaraan")


@dataclass
class Hospital:
    """One hospital's inputs for one period, validated.

    Attributes
    ----------
    name : str
        Folder or workbook name.
    centers : DataFrame
        ``center, kind (support|production), output, output_unit, beds, order`` in file order.
    costs : DataFrame
        ``center, category, component, amount`` (long format).
    bases : DataFrame
        ``support_center, category, component, basis, center, weight``; an empty ``category`` or
        ``component`` applies to every category or component.
    assets : DataFrame or None
        The asset register, when given.
    tariffs : DataFrame or None
        ``center, tariff, source``: the hospital's own tariff per unit of output, when given.
    notes : list of str
        Warnings found while reading (e.g. production centers without output).
    """

    name: str
    centers: pd.DataFrame
    costs: pd.DataFrame
    bases: pd.DataFrame
    assets: pd.DataFrame | None = None
    source: str = ""
    notes: list[str] = field(default_factory=list)
    tariffs: pd.DataFrame | None = None

    @property
    def names(self) -> list[str]:
        return self.centers["center"].tolist()

    @property
    def is_support(self) -> np.ndarray:
        return (self.centers["kind"] == "support").to_numpy()

    @property
    def support_centers(self) -> list[str]:
        return self.centers.loc[self.is_support, "center"].tolist()

    @property
    def production_centers(self) -> list[str]:
        return self.centers.loc[~self.is_support, "center"].tolist()

    def direct_costs(self, fc_method: str = "inflation", rate: float = 0.0) -> pd.DataFrame:
        """Direct cost per center (rows, file order) and category (columns FC, SVC, VC).

        When an asset register is present, FC comes from it (:func:`jkncost.costing.annualize.annualize_assets`
        with ``fc_method`` and ``rate``) and any FC rows of ``costs.csv`` are ignored.
        """
        costs = self.costs
        if self.assets is not None:
            from jkncost.costing.annualize import annualize_assets

            fc = annualize_assets(self.assets, method=fc_method, rate=rate)
            costs = pd.concat([costs[costs["category"] != "FC"],
                               fc.assign(category="FC")[["center", "category", "component", "amount"]]],
                              ignore_index=True)
        table = costs.pivot_table(index="center", columns="category", values="amount", aggfunc="sum",
                                  fill_value=0.0)
        return table.reindex(index=self.names, columns=list(CATEGORIES), fill_value=0.0).astype(float)

    def weight_matrix(self) -> np.ndarray:
        """``W[s, c]``: weight of center ``c`` in support center ``s``'s basis (file order)."""
        pos = {c: i for i, c in enumerate(self.names)}
        W = np.zeros((len(pos), len(pos)))
        for s, c, w in self.bases[["support_center", "center", "weight"]].itertuples(index=False):
            W[pos[s], pos[c]] += w
        return W

    def step_order(self) -> np.ndarray:
        """Step-down sequence (positions among support centers): the ``order`` column when given, else the
        conventional order of :func:`jkncost.costing.allocation.default_step_order` with ties broken by name, so
        that every path through the engine (unit cost, sensitivity, sweeps) closes centers alike."""
        sup = self.centers[self.is_support]
        if "order" not in sup or sup["order"].isna().all():
            return default_step_order(self.weight_matrix(), self.is_support, self.names)
        return np.argsort(sup["order"].to_numpy(), kind="stable")

    def method_problems(self, method: str) -> list[tuple[str, str]]:
        """``(center, message)`` for each support center that ``method`` cannot close with these bases.

        The contract between reading (:mod:`jkncost.costing.hospital` readers, which turn each pair into a
        file/row/column problem on ``cost_centers``) and the engine, which alone knows what a method needs:
        ``direct`` and ``double`` need a positive weight to a production center, ``stepdown`` a receiver not yet
        closed, ``reciprocal`` a path out of every loop of mutual service.
        """
        W = self.weight_matrix()
        np.fill_diagonal(W, 0.0)
        is_support = self.is_support
        found: list[tuple[str, str]] = []
        for i in np.flatnonzero(is_support):
            name = self.names[i]
            to_any = (W[i] > 0).any()
            to_prod = (W[i, ~is_support] > 0).any()
            if method in ("direct", "double") and not to_prod:
                why = ("no allocation_bases row gives it a positive weight to a production center"
                       if to_any else "it has no positive weight in allocation_bases")
                found.append((name, f"support center {name!r} has no weight to any eligible receiver "
                                    f"under {method!r}: {why}"))
            elif method in ("stepdown", "reciprocal") and not to_any:
                found.append((name, f"support center {name!r} has no weight to any eligible receiver: "
                                    f"it has no positive weight in allocation_bases"))
        if found:
            return found
        try:
            allocation_operator(self.weight_matrix(), is_support, method, order=self.step_order(), names=self.names)
        except AllocationError as exc:
            return [(exc.center, f"{exc} under {method!r}")]
        return []

    def total_cost(self, fc_method: str = "inflation", rate: float = 0.0) -> float:
        """Total direct cost of every center (what allocation conserves), FC annualized as in :meth:`direct_costs`."""
        return float(self.direct_costs(fc_method=fc_method, rate=rate).to_numpy().sum())
