"""Probabilistic sensitivity (Monte Carlo): every uncertain input drawn at once, one engine call.

Distributions are a parameter, e.g.::

    {"bases": ("lognormal", 0.2),          # each weight x LogNormal(mean 1, sigma 0.2)
     "output": ("triangular", -0.1, 0.1),  # each output x (1 + Tri(-10%, 0, +10%))
     "costs": ("uniform", -0.05, 0.05),    # each direct FC/SVC/VC x (1 + U(-5%, +5%))
     "rate": ("uniform", -0.02, 0.04),     # base rate + U(-2, +4 percentage points)
     "life": ("triangular", -0.25, 0.25)}  # each asset group's useful life x (1 + Tri(...))

``bases``, ``output``, ``costs`` and ``life`` are relative changes (``lognormal`` is the factor
itself, with mean 1: ``exp(N(-sigma^2/2, sigma))``), ``rate`` an additive change in the rate.
Kinds: ``fixed`` (no spread), ``lognormal`` sigma, ``uniform`` lo hi, ``triangular`` lo hi (mode 0),
``normal`` sd (additive, for ``rate`` only). Draws come from ``numpy.random.default_rng(seed)`` in a
fixed order, so a seed gives the same intervals on every machine. With zero spread every draw
equals the deterministic result.

References
----------
Briggs A, Claxton K, Sculpher M (2006). *Decision Modelling for Health Economic Evaluation*, ch. 5
(probabilistic sensitivity analysis).

Examples
--------
>>> from jkncost.core import paths
>>> from jkncost.costing import read_hospital
>>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")), "double")
>>> mc = monte_carlo(m, {"bases": ("lognormal", 0.0)}, n_draws=100, seed=1)
>>> bool(np.allclose(mc.uc[:, 2], m.run()[1][0, 2]))
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jkncost.sensitivity.model import LEVELS, Model, tariff_of

#: Groups of uncertain inputs of :func:`monte_carlo`, in the order they are drawn.
GROUPS = ("bases", "output", "costs", "rate", "life")
KINDS = ("fixed", "lognormal", "uniform", "triangular", "normal")


def check_spec(group: str, spec) -> tuple[str, tuple[float, ...]]:
    """``(kind, params)`` of one group's distribution, or ValueError saying what is wrong with it.

    Parameters
    ----------
    group : str
        One of :data:`GROUPS`.
    spec : str or sequence
        ``kind`` or ``(kind, *params)``, kinds :data:`KINDS` (module docstring).

    Returns
    -------
    tuple
        ``(kind, params)`` with the parameters as floats.

    Raises
    ------
    ValueError
        An unknown group or kind, the wrong number of parameters, a negative spread, a range that does
        not hold 0, a lognormal rate or a normal factor.

    Examples
    --------
    >>> check_spec("output", ["triangular", -0.1, 0.1])
    ('triangular', (-0.1, 0.1))
    """
    if group not in GROUPS:
        raise ValueError(f"unknown distribution group {group!r}; use {', '.join(GROUPS)}")
    if isinstance(spec, str):
        spec = (spec,)
    kind, *args = spec
    need = {"fixed": 0, "lognormal": 1, "uniform": 2, "triangular": 2, "normal": 1}
    if kind not in need:
        raise ValueError(f"{group}: unknown distribution {kind!r}; use {', '.join(KINDS)}")
    if len(args) != need[kind]:
        raise ValueError(f"{group}: {kind} needs {need[kind]} parameter(s), got {len(args)}")
    args = tuple(float(a) for a in args)
    if kind in ("lognormal", "normal") and args[0] < 0:
        raise ValueError(f"{group}: {kind} spread must be >= 0")
    if kind in ("uniform", "triangular") and not args[0] <= 0 <= args[1]:
        raise ValueError(f"{group}: {kind} needs low <= 0 <= high (relative change), got {args}")
    if group == "rate" and kind == "lognormal":
        raise ValueError("rate: the change is additive; use uniform, triangular or normal")
    if group != "rate" and kind == "normal":
        raise ValueError(f"{group}: normal is only for rate (a factor must stay positive); use lognormal")
    return kind, args


def _sample(rng, kind: str, args: tuple, shape, additive: bool) -> np.ndarray:
    """Factors (or additive changes) of one group; no draw is consumed for a zero spread."""
    neutral = 0.0 if additive else 1.0
    if kind == "fixed" or all(a == 0 for a in args):
        return np.full(shape, neutral)
    if kind == "lognormal":
        s = args[0]
        return rng.lognormal(-0.5 * s * s, s, size=shape)
    if kind == "normal":
        return rng.normal(0.0, args[0], size=shape)
    lo, hi = args
    x = rng.uniform(lo, hi, size=shape) if kind == "uniform" else rng.triangular(lo, 0.0, hi, size=shape)
    return x if additive else 1.0 + x


def draw(model: Model, distributions: dict, n_draws: int, seed: int | np.random.Generator) -> dict[str, np.ndarray]:
    r"""Change arrays for ``n_draws`` scenarios (keys of :meth:`Model.run`), drawn in :data:`GROUPS` order.

    ``bases``: one factor per positive off-diagonal weight of a support center; ``output``: one per
    production center; ``costs``: one per (category, center); ``rate``: one additive change per
    draw; ``life``: one factor per asset group, shared by the group's assets.

    Parameters
    ----------
    model : Model
        One hospital as arrays.
    distributions : dict
        ``{group: (kind, *params)}`` (:func:`check_spec`).
    n_draws : int
        Number of scenarios, at least 1.
    seed : int or numpy.random.Generator
        Seed of ``numpy.random.default_rng``, or a generator to draw from.

    Returns
    -------
    dict of str to ndarray
        ``weight_factor`` (N, n, n), ``output_factor`` (N, p), ``cost_factor`` (N, 3, n), ``rate`` (N,),
        ``life_factor`` (N, assets): only the groups given.

    Raises
    ------
    ValueError
        ``n_draws`` below 1, a bad distribution, or ``rate`` / ``life`` without an asset register.

    Notes
    -----
    A relative change :math:`x` gives the factor :math:`1 + x`; a lognormal factor is
    :math:`\exp(Z)`, :math:`Z \sim N(-\sigma^2/2, \sigma)`, whose mean is 1.

    References
    ----------
    Briggs A., Claxton K., Sculpher M. (2006), *Decision Modelling for Health Economic Evaluation*, Oxford
    University Press, ch. 4-5 (choosing distributions; probabilistic sensitivity analysis).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
    >>> ch = draw(m, {"output": ("triangular", -0.1, 0.1), "bases": ("lognormal", 0.2)}, 5, seed=1)
    >>> {k: v.shape for k, v in ch.items()}
    {'weight_factor': (5, 11, 11), 'output_factor': (5, 7)}
    """
    if n_draws < 1:
        raise ValueError("n_draws must be >= 1")
    specs = {g: check_spec(g, s) for g, s in distributions.items()}
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    n, p = len(model.names), len(model.output)
    ch: dict[str, np.ndarray] = {}
    for g in GROUPS:
        if g not in specs:
            continue
        kind, args = specs[g]
        if g == "bases":
            mask = np.zeros((n, n), dtype=bool)
            mask[model.is_support] = model.weights[model.is_support] > 0
            np.fill_diagonal(mask, False)
            f = np.ones((n_draws, n, n))
            f[:, mask] = _sample(rng, kind, args, (n_draws, int(mask.sum())), False)
            ch["weight_factor"] = f
        elif g == "output":
            ch["output_factor"] = _sample(rng, kind, args, (n_draws, p), False)
        elif g == "costs":
            ch["cost_factor"] = _sample(rng, kind, args, (n_draws, 3, n), False)
        elif g in ("rate", "life"):
            if model.assets is None or model.assets.empty:
                raise ValueError(f"{g}: needs an asset register (Model.from_hospital(assets=...))")
            if g == "rate":
                ch["rate"] = model.rate + _sample(rng, kind, args, (n_draws,), True)
            else:
                groups = list(dict.fromkeys(model.assets["group"]))
                fg = _sample(rng, kind, args, (n_draws, len(groups)), False)
                col = model.assets["group"].map({x: i for i, x in enumerate(groups)}).to_numpy()
                ch["life_factor"] = fg[:, col]
    return ch


@dataclass
class MonteCarloResult:
    """Draws and their summary. ``uc`` (N, 3, p); ``tariff`` (N, k) for ``tariff_centers``.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
    >>> r = monte_carlo(m, {"output": ("triangular", -0.1, 0.1)}, n_draws=500, seed=7)
    >>> r.uc.shape, r.production[-1]
    ((500, 3, 7), 'Kelas III')
    """

    production: list[str]
    uc: np.ndarray
    deterministic: np.ndarray  # (3, p)
    tariff: np.ndarray | None = None
    tariff_centers: list[str] | None = None
    tariff_deterministic: np.ndarray | None = None

    def summary(self, percentiles=(2.5, 50.0, 97.5), centers: list[str] | None = None) -> pd.DataFrame:
        """``quantity, center, deterministic, mean, sd, p<q>...`` per level (and tariff).

        Parameters
        ----------
        percentiles : sequence of float, default (2.5, 50.0, 97.5)
            Percentiles of the draws to report (columns ``p2.5``, ``p50``, ``p97.5``).
        centers : list of str, optional
            Centers to report (default all).

        Returns
        -------
        DataFrame
            One row per quantity (UC1, UC2, UC3, tariff) and center.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
        >>> r = monte_carlo(m, {"output": ("triangular", -0.1, 0.1)}, n_draws=500, seed=7)
        >>> r.summary(centers=["Kelas III"])[["quantity", "deterministic", "p2.5", "p97.5"]].round(0).values.tolist()
        [['UC1', 144609.0, 134374.0, 155860.0], ['UC2', 121613.0, 113005.0, 131074.0], ['UC3', 41388.0, 38459.0, 44609.0]]
        """
        rows = []
        want = centers or self.production

        def add(q, names, det, draws):  # numpydoc ignore=GL08
            for j, c in enumerate(names):
                if c not in want:
                    continue
                x = draws[:, j]
                r = {"quantity": q, "center": c, "deterministic": det[j], "mean": x.mean(), "sd": x.std(ddof=1)
                     if len(x) > 1 else 0.0}
                for pc, v in zip(percentiles, np.percentile(x, percentiles)):
                    r[f"p{pc:g}"] = v
                rows.append(r)

        for k, q in enumerate(LEVELS):
            add(q, self.production, self.deterministic[k], self.uc[:, k])
        if self.tariff is not None:
            add("tariff", self.tariff_centers, self.tariff_deterministic, self.tariff)
        return pd.DataFrame(rows)

    def probability_above(self, threshold: dict, level: int = 3) -> pd.Series:
        """Share of draws in which UC``level`` exceeds ``threshold[center]`` (e.g. a tariff).

        Parameters
        ----------
        threshold : dict
            ``{center: amount}``, e.g. the tariff of each class.
        level : {1, 2, 3}, default 3
            Which unit cost.

        Returns
        -------
        Series
            :math:`P(UC_{level} > threshold)` per center, estimated as the share of draws.

        Examples
        --------
        >>> from jkncost.core import paths
        >>> from jkncost.costing import read_hospital
        >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
        >>> r = monte_carlo(m, {"output": ("triangular", -0.1, 0.1)}, n_draws=500, seed=7)
        >>> r.probability_above({"Kelas III": 41388.0}).to_dict()
        {'Kelas III': 0.462}
        """
        out = {}
        for c, v in threshold.items():
            j = self.production.index(c)
            out[c] = float(np.mean(self.uc[:, level - 1, j] > v))
        return pd.Series(out, name=f"P(UC{level} > threshold)")


def monte_carlo(model: Model, distributions: dict, n_draws: int = 10_000, seed: int = 20240608, *,
                tariff: dict | None = None) -> MonteCarloResult:
    """Probabilistic sensitivity: ``n_draws`` scenarios from ``distributions``, one engine call.

    Parameters
    ----------
    model : Model
        One hospital as arrays (:meth:`jkncost.sensitivity.model.Model.from_hospital`).
    distributions : dict
        ``{group: (kind, *params)}``, groups :data:`GROUPS`, kinds :data:`KINDS` (module docstring).
    n_draws : int, default 10000
        Number of scenarios.
    seed : int, default 20240608
        For ``numpy.random.default_rng``.
    tariff : dict, optional
        As in :func:`tornado`: the rational tariff per draw.

    Returns
    -------
    MonteCarloResult
        The unit costs of every draw, the deterministic result and, with ``tariff``, the tariffs.

    Notes
    -----
    Every draw is one scenario of the batched engine (:meth:`jkncost.sensitivity.model.Model.run`); the
    intervals are percentiles of the :math:`N` results, not a normal approximation.

    References
    ----------
    Briggs A., Claxton K., Sculpher M. (2006), *Decision Modelling for Health Economic Evaluation*, Oxford
    University Press, ch. 4-5 (choosing distributions; probabilistic sensitivity analysis).

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
    >>> r = monte_carlo(m, {"output": ("triangular", -0.1, 0.1)}, n_draws=2000, seed=7)
    >>> s = r.summary().set_index(["quantity", "center"])
    >>> bool(s.loc[("UC3", "Kelas III"), "p2.5"] < 41388 < s.loc[("UC3", "Kelas III"), "p97.5"])
    True
    """
    ch = draw(model, distributions, n_draws, seed)
    if not ch:
        ch = {"output_factor": np.ones((n_draws, len(model.output)))}
    _, uc = model.run(**ch)
    _, base = model.run()
    res = MonteCarloResult(model.production, uc, base[0])
    if tariff is not None:
        level = int(tariff.get("level", 3)) - 1
        res.tariff_centers, res.tariff = tariff_of(uc[:, level], model, tariff)
        _, res.tariff_deterministic = tariff_of(base[0, level], model, tariff)
    return res
