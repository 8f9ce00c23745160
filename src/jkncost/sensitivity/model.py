"""The sensitivity model: one hospital as arrays, every scenario a set of changes, one engine call per batch.

A :class:`Model` holds one hospital for :func:`jkncost.costing.unitcost.unit_cost_batch`; :meth:`Model.run`
evaluates H scenarios given as *changes* to the arrays:

=================  ==========================  ====================================================
change             shape                       meaning
=================  ==========================  ====================================================
``weight_factor``  (H, n, n)                   multiplies ``W[s, c]``, the weight of center c in
                                               support center s's allocation basis
``output_factor``  (H, p)                      multiplies the output of each production center
``cost_factor``    (H, 3, n)                   multiplies the direct FC, SVC, VC of each center
``rate``           (H,)                        inflation rate (AIC) or discount rate (annuity) of
                                               the asset register (absolute, e.g. 0.05)
``life_factor``    (H, m)                      multiplies the useful life of each asset
``bor``            (H,)                        bed occupancy: the bed-holding centers' output is
                                               ``beds x days x bor`` (NaN: actual output)
=================  ==========================  ====================================================

Asset register: the annualization parameters move FC only when FC comes from an asset register.
A hospital without one gets an *illustrative* register from :func:`register_from_fc`: purchase
values back-solved from the printed FC (``AIC <group>`` components) under stated years in use,
useful lives and base rate (``data/raw/methods/asset_assumptions_illustrative.csv``), so that FC at
the base rate equals the printed FC exactly.

Examples
--------
>>> from jkncost.core import paths
>>> from jkncost.costing import read_hospital
>>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")), "double")
>>> tc, uc = m.run(output_factor=np.array([[1.0] * len(m.production), [0.5] * len(m.production)]))
>>> uc.shape == (2, 3, len(m.production)), bool(np.allclose(uc[1], 2 * uc[0]))
(True, True)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jkncost.costing.allocation import METHODS
from jkncost.costing.annualize import FC_METHODS, aic_inflation, eac_annuity
from jkncost.costing.hospital import ASSET_GROUPS, Hospital
from jkncost.costing.unitcost import DAYS_PER_YEAR, normative_unit_costs, unit_cost_batch
from jkncost.tables import infer_numbers, read_frame

#: Unit-cost levels of every result (UC1 full cost, UC2 without investment, UC3 variable cost only).
LEVELS = ("UC1", "UC2", "UC3")


# --------------------------------------------------------------------------------------------
# Asset register (illustrative, back-solved from the printed FC)
# --------------------------------------------------------------------------------------------

def read_asset_assumptions(path) -> pd.DataFrame:
    """``group, years_in_use, useful_life, base_rate`` per asset group (plus documentation columns).

    Parameters
    ----------
    path : path
        A CSV such as ``data/raw/methods/asset_assumptions_illustrative.csv``.

    Returns
    -------
    DataFrame
        One row per asset group (``gedung``, ``alat medis``, ``alat non medis``, ``kendaraan``).

    Raises
    ------
    ValueError
        A missing column or an unknown asset group (naming the file).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> a = read_asset_assumptions(paths.raw("methods", "asset_assumptions_illustrative.csv"))
    >>> a["group"].tolist()
    ['gedung', 'alat medis', 'alat non medis', 'kendaraan']
    """
    df = infer_numbers(read_frame(path))  # the one reader: a register saved by Excel (';', Windows-1252) too
    missing = {"group", "years_in_use", "useful_life", "base_rate"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    unknown = set(df["group"]) - set(ASSET_GROUPS)
    if unknown:
        raise ValueError(f"{path}: unknown asset groups {sorted(unknown)}; use {', '.join(ASSET_GROUPS)}")
    return df


def register_from_fc(hospital: Hospital, assumptions: pd.DataFrame, fc_method: str = "inflation",
                     rate: float | None = None) -> pd.DataFrame:
    r"""An illustrative asset register whose annualized cost at ``rate`` equals the hospital's printed FC.

    For every FC row of ``costs.csv`` whose component is ``AIC <group>``, one asset with the
    group's ``years_in_use`` *t* and ``useful_life`` *L* and the purchase value that gives back the
    printed amount:

    ``inflation``: ``K = FC L / (1 + i)^t`` (inverse of ``AIC = K (1+i)^t / L``);
    ``annuity``: ``K = FC A(L, r)`` (inverse of ``EAC = K / A(L, r)``).

    Parameters
    ----------
    hospital : Hospital
        The hospital whose printed FC the register reproduces.
    assumptions : DataFrame
        :func:`read_asset_assumptions`.
    fc_method : {'inflation', 'annuity'}, default 'inflation'
        The annualization convention (:mod:`jkncost.costing.annualize`).
    rate : float, optional
        Base rate; default the ``base_rate`` of the assumptions (must be one value).

    Returns
    -------
    DataFrame
        ``center, asset, group, purchase_value, years_in_use, useful_life`` (the ``assets.csv``
        schema), one row per FC component.

    Raises
    ------
    ValueError
        An unknown method, several base rates without ``rate``, or an FC component that is not
        ``AIC <group>`` of a known group.

    Notes
    -----
    .. math:: K = \frac{FC \cdot L}{(1 + i)^t} \quad \text{(inflation)}, \qquad
              K = FC \cdot A(L, r) \quad \text{(annuity)}

    References
    ----------
    Shepard D.S., Hodgkin D., Anthony Y.E. (2000), *Analysis of Hospital Costs: A Manual for Managers*, WHO
    (annualization factors); Gani A. et al. (1997), *Analisis biaya rumah sakit* (the AIC form).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> h = read_hospital(paths.raw("example_hospital"))
    >>> a = read_asset_assumptions(paths.raw("methods", "asset_assumptions_illustrative.csv"))
    >>> reg = register_from_fc(h, a)
    >>> h2 = dataclasses.replace(h, assets=reg)
    >>> bool(np.allclose(h2.direct_costs(rate=0.036), h.direct_costs()))
    True
    """
    if fc_method not in FC_METHODS:
        raise ValueError(f"unknown annualization method {fc_method!r}; choose one of {', '.join(FC_METHODS)}")
    a = assumptions.set_index("group")
    if rate is None:
        rates = a["base_rate"].unique()
        if len(rates) != 1:
            raise ValueError("the asset assumptions give several base rates; pass rate=")
        rate = float(rates[0])
    fc = hospital.costs[(hospital.costs["category"] == "FC") & (hospital.costs["amount"] > 0)]
    rows = []
    for center, component, amount in fc[["center", "component", "amount"]].itertuples(index=False):
        group = component.removeprefix("AIC ").strip().lower()
        if group not in a.index:
            raise ValueError(f"FC component {component!r} of {center!r} is not 'AIC <group>' with a group in the "
                             f"asset assumptions ({', '.join(a.index)})")
        t, life = float(a.loc[group, "years_in_use"]), float(a.loc[group, "useful_life"])
        per_rupiah = aic_inflation(1.0, rate, t, life) if fc_method == "inflation" else eac_annuity(1.0, life, rate)
        rows.append({"center": center, "asset": f"{component} (illustrative)", "group": group,
                     "purchase_value": amount / per_rupiah, "years_in_use": t, "useful_life": life})
    return pd.DataFrame(rows, columns=["center", "asset", "group", "purchase_value", "years_in_use", "useful_life"])


# --------------------------------------------------------------------------------------------
# The model: one hospital as arrays, scenarios as changes, one engine call per batch
# --------------------------------------------------------------------------------------------

@dataclass
class Model:
    """One hospital and one allocation method as arrays for :func:`jkncost.costing.unitcost.unit_cost_batch`.

    Build with :meth:`from_hospital`; :meth:`run` evaluates a batch of scenarios.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
    >>> m.production[-1], m.has_beds.tolist()[-4:]
    ('Kelas III', [True, True, True, True])
    """

    names: list[str]
    is_support: np.ndarray  # (n,)
    weights: np.ndarray  # (n, n)
    direct: np.ndarray  # (3, n): FC from costs.csv, or from the register at the base rate
    output: np.ndarray  # (p,)
    beds: np.ndarray  # (p,), NaN where none
    method: str = "double"
    order: np.ndarray | None = None
    days: float = DAYS_PER_YEAR
    fc_method: str = "inflation"
    rate: float = 0.0
    assets: pd.DataFrame | None = None  # center, asset, group, purchase_value, years_in_use, useful_life
    hospital: Hospital | None = field(default=None, repr=False)

    @classmethod
    def from_hospital(cls, hospital: Hospital, method: str = "double", *, assets: pd.DataFrame | None = None,
                      fc_method: str = "inflation", rate: float = 0.0, days: float = DAYS_PER_YEAR) -> Model:
        """Arrays of ``hospital`` (with ``assets`` as its register when given, e.g. :func:`register_from_fc`).

        Parameters
        ----------
        hospital : Hospital
            A hospital with one weight matrix (format version 1).
        method : {'direct', 'stepdown', 'double', 'reciprocal'}, default 'double'
            The allocation method.
        assets : DataFrame, optional
            An asset register to use instead of the hospital's.
        fc_method : {'inflation', 'annuity'}, default 'inflation'
            Annualization of the register.
        rate : float, default 0.0
            Base inflation or discount rate.
        days : float, default 365
            Days in the period.

        Returns
        -------
        Model
            The model.

        Raises
        ------
        ValueError
            An unknown method.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
        >>> m.method, len(m.names)
        ('double', 11)
        """
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
        if assets is not None:
            hospital = dataclasses.replace(hospital, assets=assets.reset_index(drop=True))
        prod = hospital.centers[~hospital.is_support]
        direct = hospital.direct_costs(fc_method=fc_method, rate=rate).to_numpy().T.copy()
        return cls(names=hospital.names, is_support=hospital.is_support.copy(), weights=hospital.weight_matrix(),
                   direct=direct, output=prod["output"].to_numpy(dtype=float),
                   beds=prod["beds"].to_numpy(dtype=float), method=method, order=hospital.step_order(),
                   days=days, fc_method=fc_method, rate=rate, assets=hospital.assets, hospital=hospital)

    @property
    def production(self) -> list[str]:  # numpydoc ignore=GL08
        return [c for c, s in zip(self.names, self.is_support) if not s]

    @property
    def has_beds(self) -> np.ndarray:  # numpydoc ignore=GL08
        return np.isfinite(self.beds) & (self.beds > 0)

    def _fc(self, rate: np.ndarray, life_factor: np.ndarray) -> np.ndarray:
        """FC per center (H, n) from the register at ``rate`` (H,) and ``life_factor`` (H, m)."""
        a = self.assets
        pos = {c: i for i, c in enumerate(self.names)}
        to_center = np.zeros((len(a), len(self.names)))
        to_center[np.arange(len(a)), a["center"].map(pos).to_numpy()] = 1.0
        life = a["useful_life"].to_numpy(dtype=float) * life_factor
        if self.fc_method == "inflation":
            per_asset = aic_inflation(a["purchase_value"].to_numpy(dtype=float), rate[:, None],
                                      a["years_in_use"].to_numpy(dtype=float), life)
        else:
            per_asset = eac_annuity(a["purchase_value"].to_numpy(dtype=float), life, rate[:, None])
        return np.asarray(per_asset) @ to_center

    def run(self, *, weight_factor=None, output_factor=None, cost_factor=None, rate=None, life_factor=None,
            bor=None) -> tuple[np.ndarray, np.ndarray]:
        """TC and UC, each (H, 3, p), for H scenarios given as changes (see the module docstring).

        Unchanged inputs stay at base; with no change at all H = 1 (the deterministic result).

        Parameters
        ----------
        weight_factor : ndarray, shape (H, n, n), optional
            Factors on the allocation weights.
        output_factor : ndarray, shape (H, p), optional
            Factors on the outputs.
        cost_factor : ndarray, shape (H, 3, n), optional
            Factors on the direct FC, SVC, VC.
        rate : ndarray, shape (H,), optional
            Inflation or discount rate of the register (absolute).
        life_factor : ndarray, shape (H, m), optional
            Factors on each asset's useful life.
        bor : ndarray, shape (H,), optional
            Bed occupancy: the bed-holding centers' output becomes ``beds x days x bor`` (NaN: actual).

        Returns
        -------
        tc : ndarray, shape (H, 3, p)
            TC1, TC2, TC3 per scenario and production center.
        uc : ndarray, shape (H, 3, p)
            UC1, UC2, UC3 (normative for the bed-holding centers when ``bor`` is given).

        Raises
        ------
        ValueError
            ``rate`` or ``life_factor`` without an asset register, or ``bor`` without beds.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
        >>> tc, uc = m.run(bor=np.array([0.8]))
        >>> round(float(uc[0, 0, -1]))
        145081
        """
        given = [np.asarray(x, dtype=float) for x in (weight_factor, output_factor, cost_factor, rate, life_factor, bor)
                 if x is not None]
        H = max((g.shape[0] for g in given), default=1)
        n = len(self.names)
        direct = np.broadcast_to(self.direct, (H, 3, n)).copy()
        if rate is not None or life_factor is not None:
            if self.assets is None or self.assets.empty:
                raise ValueError("rate and life_factor need an asset register (Model.from_hospital(assets=...))")
            r = np.full(H, self.rate) if rate is None else np.broadcast_to(np.asarray(rate, float), (H,))
            lf = (np.ones((H, len(self.assets))) if life_factor is None
                  else np.broadcast_to(np.asarray(life_factor, float), (H, len(self.assets))))
            direct[:, 0, :] = self._fc(r, lf)
        if cost_factor is not None:
            direct = direct * np.asarray(cost_factor, dtype=float)
        W = self.weights if weight_factor is None else self.weights * np.asarray(weight_factor, dtype=float)
        if W.ndim == 3 and W.shape[0] != H:
            W = np.broadcast_to(W, (H, n, n))
        out = np.broadcast_to(self.output, (H, len(self.output))).copy()
        if output_factor is not None:
            out = out * np.asarray(output_factor, dtype=float)
        if bor is not None:
            b = np.broadcast_to(np.asarray(bor, dtype=float), (H,))
            if np.any(np.isfinite(b)) and not self.has_beds.any():
                raise ValueError("bor needs beds: no production center of this hospital has beds")
            normative = self.beds[None, :] * self.days * b[:, None]
            use = self.has_beds[None, :] & np.isfinite(b)[:, None]
            tc, uc = unit_cost_batch(direct, W, self.is_support, out, self.method, self.order)
            # the hospital-folder convention: FC and SVC over normative output, VC per actual unit
            uc_n = normative_unit_costs(tc, out, np.where(use, normative, np.nan))
            return tc, np.where(use[:, None, :], uc_n, uc)
        return unit_cost_batch(direct, W, self.is_support, out, self.method, self.order)


def tariff_of(uc: np.ndarray, model: Model, tariff: dict) -> tuple[list[str], np.ndarray]:
    """Rational tariff (..., k) of the centers ``tariff['centers']`` from unit costs (..., p).

    ``tariff``: ``{"rule", "fraction", "markup", "atp": {center: v}, "wtp": {...}, "centers": [...]}``,
    the arguments of :func:`jkncost.costing.tariff.rational_tariff`; ``uc`` holds one level of unit
    cost for every production center of ``model`` (the caller picks the level).

    Parameters
    ----------
    uc : ndarray, shape (..., p)
        One level of unit cost per production center.
    model : Model
        The model (for the production centers' order).
    tariff : dict
        The rule and its arguments, as above.

    Returns
    -------
    centers : list of str
        The centers of the tariff.
    tariff : ndarray, shape (..., k)
        Their rational tariff.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
    >>> _, uc = m.run()
    >>> centers, t = tariff_of(uc[:, 2], m, {"rule": "fraction_of_uc", "fraction": 0.95, "centers": ["Kelas III"]})
    >>> centers, t.round(2).tolist()
    (['Kelas III'], [[39319.04]])
    """
    from jkncost.costing.tariff import rational_tariff

    centers = tariff.get("centers", model.production)
    idx = [model.production.index(c) for c in centers]
    kw = {k: tariff[k] for k in ("rule", "fraction", "markup") if k in tariff}
    atp = tariff.get("atp")
    wtp = tariff.get("wtp")
    atp = None if atp is None else np.array([atp[c] for c in centers], dtype=float)
    wtp = None if wtp is None else np.array([wtp[c] for c in centers], dtype=float)
    return centers, np.asarray(rational_tariff(uc[..., idx], atp, wtp, **kw), dtype=float)


