"""Global sensitivity: first-order and total Sobol indices per group of inputs, with bootstrap intervals.

The runs come from the batched unit-cost engine (:meth:`jkncost.sensitivity.model.Model.run`); the
estimation is :func:`scipy.stats.sobol_indices` given the model evaluations (its ``func`` dictionary):
two independent samples A and B of every group of inputs (:func:`jkncost.sensitivity.montecarlo.draw`),
and for each group g the sample A_B^g, A with group g taken from B. With ``V = Var[f]`` over A and B,

.. math:: S_g = \\frac{\\overline{f(B)\\,(f(A_B^g) - f(A))}}{V}, \\qquad
          ST_g = \\frac{\\overline{(f(A) - f(A_B^g))^2}}{2V}

(Saltelli et al. 2010, table 2, estimators b and f; the total index is Jansen's 1999 estimator).
``n (G + 2)`` runs for G groups. Confidence intervals are scipy's BCa bootstrap over the n rows
(:func:`scipy.stats.bootstrap`, as ``SobolResult.bootstrap`` calls it), its statistic the indices of
every resample at once (:func:`saltelli_resamples`) rather than one Python call per resample.

scipy needs ``n`` to be a power of two (the balance of Sobol' points), so :func:`sobol_indices` rounds
``n`` up to the next one and reports the ``n`` it used. scipy's bootstrap draws from numpy's global
random state; it is seeded here for the call and restored afterwards, so a seed gives the same
intervals on every run and the caller's random state is left alone.

References
----------
Saltelli A et al. (2010). Variance based sensitivity analysis of model output. *Computer Physics
Communications* 181:259-270. Jansen MJW (1999). Analysis of variance designs for model output.
*Computer Physics Communications* 117:35-43. Ishigami T, Homma T (1990). An importance quantification
technique in uncertainty analysis for computer models. *ISUMA '90*, 398-403 (the test function).

Examples
--------
The Ishigami function, whose indices are known in closed form (S1 = 0.314, 0.442, 0):

>>> rng = np.random.default_rng(1)
>>> ishigami = lambda x: np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
>>> A, B = rng.uniform(-np.pi, np.pi, (2, 2 ** 17, 3))
>>> est = sobol_estimates(ishigami(A), ishigami(B), {i: ishigami(np.where(np.arange(3) == i, B, A)) for i in range(3)})
>>> [round(float(est[i]["S1"]), 2) + 0.0 for i in range(3)]
[0.31, 0.44, 0.0]
"""

from __future__ import annotations

import contextlib
import warnings

import numpy as np
import pandas as pd

from jkncost.sensitivity.model import Model
from jkncost.sensitivity.montecarlo import GROUPS, check_spec, draw

SOBOL_COLUMNS = ["center", "group", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high", "n"]


def next_power_of_two(n: int) -> int:
    r"""The smallest power of two >= ``n`` (scipy's sample size for Sobol indices).

    Parameters
    ----------
    n : int
        A sample size, at least 1.

    Returns
    -------
    int
        :math:`2^{\lceil \log_2 n \rceil}`.

    Raises
    ------
    ValueError
        When ``n`` is below 1.

    Examples
    --------
    >>> next_power_of_two(2000), next_power_of_two(2048), next_power_of_two(1)
    (2048, 2048, 1)
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    return 1 << (int(n) - 1).bit_length()


@contextlib.contextmanager
def _seeded_global_state(seed: int):
    """numpy's legacy global random state seeded for the block, then put back as it was."""
    saved = np.random.get_state()
    np.random.seed(seed % 2**32)
    try:
        yield
    finally:
        np.random.set_state(saved)


def _centred(f_A: np.ndarray, f_B: np.ndarray, f_AB: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The runs minus each output's mean over A and B, as :func:`scipy.stats.sobol_indices` centres them.

    Centring does not change the indices; it makes their estimate better conditioned (Sobol' and
    Levitan 1999, variance-reducing multipliers).
    """
    mean = np.mean([f_A, f_B], axis=(0, -1)).reshape(-1, 1)
    return f_A - mean, f_B - mean, f_AB - mean


def saltelli_resamples(f_A: np.ndarray, f_B: np.ndarray, f_AB: np.ndarray, idx) -> np.ndarray:
    r"""First-order and total Sobol indices of many row sets (resamples of the n rows) at once.

    Row set ``idx[..., :]`` gives the estimates on ``f_A[:, idx]``, ``f_B[:, idx]`` and ``f_AB[..., idx]``:
    the estimators of :func:`scipy.stats.sobol_indices` (``saltelli_2010``). This is the statistic that
    :func:`scipy.stats.bootstrap` resamples (``vectorized=True``) for the intervals of
    :func:`sobol_estimates`. A row set enters the estimators only through how many times it holds
    each row, so every row set's sums come from one product of those counts with per-row terms
    (a jackknife's: all rows less the one left out), instead of one pass over the gathered rows per
    row set, which cost seconds for a bootstrap and its jackknife; the results agree with scipy's per-row-set computation to rounding (about
    1e-15).

    Parameters
    ----------
    f_A, f_B : ndarray, shape (k, n)
        Outputs on the samples A and B, ``k`` outputs.
    f_AB : ndarray, shape (d, k, n)
        Outputs on A with group ``g`` from B, for each of ``d`` groups.
    idx : array_like of int, shape (..., m)
        Row sets: the rows (0 to n - 1) of each resample (a bootstrap resample, a jackknife sample).

    Returns
    -------
    ndarray, shape (2, k, d, ...)
        ``[S, ST]`` per output, group and row set (``...`` the leading shape of ``idx``). A row set
        whose outputs do not vary gives NaN, as scipy's.

    Notes
    -----
    With :math:`c_r` the times row :math:`r` is in the row set (:math:`\sum_r c_r = m`) and :math:`V`
    the variance of the :math:`2m` outputs of A and B (Saltelli et al. 2010, table 2, estimators b and f):

    .. math:: V = \frac{\sum_r c_r (f(A)_r^2 + f(B)_r^2)}{2m}
                  - \left(\frac{\sum_r c_r (f(A)_r + f(B)_r)}{2m}\right)^2

    .. math:: S_g = \frac{\sum_r c_r f(B)_r (f(A_B^g)_r - f(A)_r)}{m V}, \qquad
              ST_g = \frac{\sum_r c_r (f(A)_r - f(A_B^g)_r)^2}{2 m V}

    References
    ----------
    Saltelli A. et al. (2010), Variance based sensitivity analysis of model output, *Computer Physics
    Communications* 181:259-270.

    Examples
    --------
    :math:`f = x_0`, with a second group that does nothing; a row set taken twice over gives the
    indices of the rows themselves, and each of two row sets its own:

    >>> rng = np.random.default_rng(0)
    >>> A, B = rng.uniform(size=(2, 1, 512))
    >>> f_AB = np.stack([B, A])  # group 0 taken from B changes f, group 1 does not
    >>> est = saltelli_resamples(A, B, f_AB, np.arange(512))
    >>> est.shape, est[1, 0].round(1).tolist()  # ST of the two groups
    ((2, 1, 2), [1.0, 0.0])
    >>> twice = saltelli_resamples(A, B, f_AB, np.tile(np.arange(512), 2))
    >>> bool(np.allclose(twice, est, rtol=1e-12, atol=0))
    True
    >>> jackknife = np.array([np.delete(np.arange(512), r) for r in range(512)])  # each row left out once
    >>> leave_one_out = saltelli_resamples(A, B, f_AB, jackknife)
    >>> twice_7 = saltelli_resamples(A, B, f_AB, np.tile(jackknife[7], 2))  # by counts: the same rows, twice
    >>> bool(np.allclose(leave_one_out[..., 7], twice_7, rtol=1e-12, atol=0))
    True
    >>> sets = np.stack([np.arange(256), np.arange(256, 512)])
    >>> both = saltelli_resamples(A, B, f_AB, sets)
    >>> bool(np.allclose(both[..., 1], saltelli_resamples(A, B, f_AB, np.arange(256, 512)), rtol=1e-12, atol=0))
    True
    """
    idx = np.asarray(idx)
    d, k, n = f_AB.shape
    rows = idx.reshape(-1, idx.shape[-1])
    m = rows.shape[1]
    terms = np.concatenate([f_A + f_B, f_A * f_A + f_B * f_B,  # (k, n) each
                            (f_B * (f_AB - f_A)).reshape(d * k, n), ((f_A - f_AB) ** 2).reshape(d * k, n)])
    if m == n - 1 and (np.diff(rows, axis=1) > 0).all():
        # jackknife samples (n - 1 distinct rows each): the sums of all rows less the row left out,
        # which is the one missing from the sum 0 + 1 + ... + (n - 1)
        sums = terms.sum(axis=1) - terms[:, n * (n - 1) // 2 - rows.sum(axis=1)].T
    else:
        counts = np.bincount((rows + n * np.arange(len(rows))[:, None]).ravel(), minlength=len(rows) * n)
        sums = counts.reshape(len(rows), n).astype(float) @ terms.T  # (row sets, 2k + 2dk)
    mean = sums[:, :k] / (2 * m)
    var = sums[:, k:2 * k] / (2 * m) - mean * mean  # (rows, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = sums[:, 2 * k:2 * k + d * k].reshape(-1, d, k) / m / var[:, None, :]
        st = 0.5 * sums[:, 2 * k + d * k:].reshape(-1, d, k) / m / var[:, None, :]
    out = np.stack([s, st]).transpose(0, 3, 2, 1)  # (2, k, d, rows)
    return out.reshape(2, k, d, *idx.shape[:-1])


def sobol_estimates(fA: np.ndarray, fB: np.ndarray, fAB: dict, *, n_resamples: int = 0,
                    confidence_level: float = 0.95, seed: int = 0) -> dict:
    r"""First-order and total Sobol indices (with bootstrap intervals) from model runs, by scipy.

    Parameters
    ----------
    fA, fB : ndarray (n,) or (n, k)
        Outputs on two independent samples; ``n`` a power of two; ``k`` outputs.
    fAB : dict
        ``{g: outputs on A with input (group) g taken from B}``, each shaped like ``fA``.
    n_resamples : int
        Bootstrap resamples for the intervals; 0 for none (the bounds are NaN).
    confidence_level : float, default 0.95
        Confidence level of the bootstrap intervals (BCa).
    seed : int, default 0
        Seeds scipy's bootstrap (numpy's global state, restored afterwards).

    Returns
    -------
    dict
        ``{g: {"S1", "ST", "S1_low", "S1_high", "ST_low", "ST_high"}}``, arrays shaped like one row
        of ``fA``. A zero-variance output has indices 0 (scipy's convention); a bound whose bootstrap
        distribution has no spread equals the estimate.

    Notes
    -----
    With :math:`V` the variance of :math:`f` over A and B (Saltelli et al. 2010, table 2, estimators b
    and f; the total index is Jansen's):

    .. math:: S_g = \frac{\overline{f(B)\,(f(A_B^g) - f(A))}}{V}, \qquad
              ST_g = \frac{\overline{(f(A) - f(A_B^g))^2}}{2V}

    References
    ----------
    Saltelli A. et al. (2010), Variance based sensitivity analysis of model output, *Computer Physics
    Communications* 181:259-270. Jansen M.J.W. (1999), Analysis of variance designs for model output,
    *Computer Physics Communications* 117:35-43.

    Examples
    --------
    A linear model :math:`f = 2 x_0 + x_1` with independent uniform inputs: :math:`S_0 = 4/5`, :math:`S_1 = 1/5`.

    >>> rng = np.random.default_rng(0)
    >>> A, B = rng.uniform(size=(2, 2 ** 14, 2))
    >>> f = lambda x: 2 * x[:, 0] + x[:, 1]
    >>> est = sobol_estimates(f(A), f(B), {i: f(np.where(np.arange(2) == i, B, A)) for i in range(2)})
    >>> [round(float(est[i]["S1"]), 1) for i in range(2)], [round(float(est[i]["ST"]), 1) for i in range(2)]
    ([0.8, 0.2], [0.8, 0.2])
    """
    fA, fB = np.asarray(fA, dtype=float), np.asarray(fB, dtype=float)
    groups = list(fAB)
    one = fA.ndim == 1
    fA2, fB2 = (fA[:, None], fB[:, None]) if one else (fA, fB)
    f_ab = np.stack([np.asarray(fAB[g], dtype=float).reshape(fA2.shape).T for g in groups])  # (d, k, n)
    n, k = fA2.shape
    if k == 1 and len(groups) == 1:
        # scipy's indices come out as a scalar for one output and one group, and it then fails on them: the
        # output goes in twice and the first copy is kept (each output's indices and intervals use its own
        # runs only; the bootstrap's resamples do not depend on the number of outputs)
        fA2, fB2, f_ab = np.repeat(fA2, 2, axis=1), np.repeat(fB2, 2, axis=1), np.repeat(f_ab, 2, axis=1)
    from scipy import stats  # here, not at the top: importing scipy.stats costs most of a second

    res = stats.sobol_indices(func={"f_A": fA2.T, "f_B": fB2.T, "f_AB": f_ab}, n=n)
    k_run = fA2.shape[1]
    s1 = np.asarray(res.first_order, dtype=float).reshape(k_run, len(groups))[:k]
    st = np.asarray(res.total_order, dtype=float).reshape(k_run, len(groups))[:k]
    bounds = {name: np.full((k, len(groups)), np.nan) for name in ("S1_low", "S1_high", "ST_low", "ST_high")}
    if n_resamples > 0:
        with _seeded_global_state(seed), warnings.catch_warnings():
            # a group that cannot move the output has a bootstrap distribution of zeros: BCa warns and
            # returns NaN; its bounds are the estimate itself (set below)
            warnings.simplefilter("ignore", stats.DegenerateDataWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            # what res.bootstrap() does (BCa over the n rows, the same resamples from the global state),
            # with every resample's indices computed at once instead of one Python call per resample
            f_a, f_b, f_ab_c = _centred(fA2.T, fB2.T, f_ab)
            boot = stats.bootstrap([np.arange(n)], lambda i, axis=-1: saltelli_resamples(f_a, f_b, f_ab_c, i),
                                   vectorized=True, method="BCa", n_resamples=n_resamples,
                                   confidence_level=confidence_level)
        for j, (key, est) in enumerate((("S1", s1), ("ST", st))):
            flat = np.asarray(boot.standard_error[j], dtype=float).reshape(k_run, len(groups))[:k] == 0
            for side in ("low", "high"):
                b = np.asarray(getattr(boot.confidence_interval, side)[j], dtype=float).reshape(k_run, len(groups))[:k]
                bounds[f"{key}_{side}"] = np.where(flat, est, b)
    out = {}
    for i, g in enumerate(groups):
        entry = {"S1": s1[:, i], "ST": st[:, i], **{name: b[:, i] for name, b in bounds.items()}}
        out[g] = {name: (v[0] if one else v) for name, v in entry.items()}
    return out


def sobol_indices(model: Model, distributions: dict, n: int = 2048, seed: int = 20240608, *, level: int = 3,
                  centers: list[str] | None = None, n_resamples: int = 999,
                  confidence_level: float = 0.95) -> pd.DataFrame:
    """First-order and total Sobol indices of UC``level`` per group of inputs, with bootstrap intervals.

    Parameters
    ----------
    model : Model
        One hospital as arrays (:meth:`jkncost.sensitivity.model.Model.from_hospital`).
    distributions : dict
        As for :func:`jkncost.sensitivity.montecarlo.monte_carlo`; groups with no spread are left out.
    n : int, default 2048
        Base sample, rounded up to a power of two; ``n (G + 2)`` engine runs.
    seed : int, default 20240608
        Seeds the draws (``numpy.random.default_rng``) and the bootstrap.
    level : {1, 2, 3}, default 3
        Which unit cost (UC1, UC2, UC3).
    centers : list of str, optional
        Production centers to report (default all).
    n_resamples : int, default 999
        Bootstrap resamples (0: no intervals).
    confidence_level : float, default 0.95
        Confidence level of the bootstrap intervals.

    Returns
    -------
    DataFrame
        :data:`SOBOL_COLUMNS`: ``center, group, S1, S1_low, S1_high, ST, ST_low, ST_high, n``. Indices
        are estimates: small negative values and a sum of S1 above 1 are sampling noise, which the
        intervals show.

    Raises
    ------
    ValueError
        When no group of ``distributions`` has a spread.

    Notes
    -----
    Two independent samples A and B of every group of inputs (:func:`jkncost.sensitivity.montecarlo.draw`)
    and for each group :math:`g` the sample :math:`A_B^g` (A with group :math:`g` from B) are run through the
    batched engine; :func:`sobol_estimates` gives :math:`S_g` and :math:`ST_g`.

    References
    ----------
    Saltelli A. et al. (2010), Variance based sensitivity analysis of model output, *Computer Physics
    Communications* 181:259-270. Jansen M.J.W. (1999), Analysis of variance designs for model output,
    *Computer Physics Communications* 117:35-43.

    Examples
    --------
    >>> from jkncost.core import paths
    >>> from jkncost.costing import read_hospital
    >>> m = Model.from_hospital(read_hospital(paths.raw("example_hospital")))
    >>> s = sobol_indices(m, {"output": ("triangular", -0.1, 0.1)}, n=256, seed=1, n_resamples=99)
    >>> row = s.set_index("center").loc["Kelas III"]
    >>> int(row["n"]), bool(row["ST_low"] <= row["ST"] <= row["ST_high"]), round(float(row["ST"]), 1)
    (256, True, 1.0)
    """
    groups = []
    for g in GROUPS:
        if g in distributions:
            kind, args = check_spec(g, distributions[g])
            if kind != "fixed" and any(a != 0 for a in args):
                groups.append(g)
    if not groups:
        raise ValueError("no group with a spread")
    n = next_power_of_two(n)
    rng = np.random.default_rng(seed)
    A = {g: draw(model, {g: distributions[g]}, n, rng) for g in groups}
    B = {g: draw(model, {g: distributions[g]}, n, rng) for g in groups}
    want = centers or model.production
    cols = [model.production.index(c) for c in want]

    def f(parts):  # numpydoc ignore=GL08
        changes = {}
        for part in parts.values():
            changes.update(part)
        return model.run(**changes)[1][:, level - 1][:, cols]

    est = sobol_estimates(f(A), f(B), {g: f({**A, g: B[g]}) for g in groups}, n_resamples=n_resamples,
                          confidence_level=confidence_level, seed=seed)
    rows = [{"center": c, "group": g, **{k: float(est[g][k][j]) for k in SOBOL_COLUMNS[2:-1]}, "n": n}
            for g in groups for j, c in enumerate(want)]
    return pd.DataFrame(rows, columns=SOBOL_COLUMNS)
