"""Allocation of support-center costs to production centers.

Four methods, all on the same inputs: the direct cost of every center (per category FC, SVC, VC)
and a weight matrix ``W`` where ``W[s, c]`` is the weight of receiving center ``c`` in the basis of
support center ``s`` (staff, floor area, kg of linen ...). A center never receives from itself.

Let ``S`` be the support and ``P`` the production centers, ``d`` the direct cost vector and
``Q`` the row-normalized weights over the centers eligible at a step.

``direct``
    ``cost_P = d_P + d_S Q_SP`` with ``Q_SP`` normalized over production centers only.
``stepdown``
    Support centers close in sequence (``order``); center ``s_k`` sends its direct plus received
    cost to the centers still open (later supports and all production centers).
``double`` (distribusi ganda, Kepmenkes 582/1997)
    Stage 1: ``d_S`` goes to every other center, support and production, by ``Q1`` normalized over
    all centers except the sender. Stage 2: what each support center received in stage 1,
    ``r_S = d_S Q1_SS``, goes to production centers only by ``Q2_SP``.
    ``cost_P = d_P + d_S Q1_SP + r_S Q2_SP``.
``reciprocal``
    The full cost ``x_S`` of the support centers solves ``x_S = d_S + x_S Q_SS`` exactly
    (``(I - Q_SS)^T x_S = d_S``, one linear solve, no iteration); ``cost_P = d_P + x_S Q_SP``.

``shared`` pools (format v2)
    Before any method, each shared center ``h`` (a hospital-wide pool: building depreciation, the
    electricity meter) sends its cost to every support and production center by its own row of
    ``W``, normalized over those centers (never to another shared center); from then on each
    center's pool share is part of its own direct cost: ``d' = d_K + d_H S_HK`` where ``K`` are
    the other centers, and the method runs on ``d'``. The operator of a hospital with pools is
    ``A_K`` for the kept centers and ``S_HK A_K`` for the pools.

Every method is linear in ``d``: ``cost_P = d A`` for an ``n x |P|`` *allocation operator* ``A``.
:func:`allocation_operator` builds ``A`` for a batch of same-shaped hospitals at once (arrays with a
leading hospital axis), so a sensitivity run or a national sweep is one tensor contraction;
:func:`jkncost.costing.flows.allocation_flows` gives the individual flows (from, to, stage, amount) for one
hospital.

References
----------
Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (double distribution).
Shepard DS, Hodgkin D, Anthony YE (2000). *Analysis of Hospital Costs: A Manual for Managers*. WHO.
Conteh L, Walker D (2004). Cost and unit cost calculations using step-down accounting.
*Health Policy and Planning* 19(2):127-135.
Drummond MF et al. (2015). *Methods for the Economic Evaluation of Health Care Programmes*, 4th ed.
(reciprocal method as simultaneous equations).

Examples
--------
Two support centers that serve each other and two production centers (worked by hand in
``tests/test_allocation.py``):

>>> import numpy as np
>>> W = np.array([[0, 1, 1, 2],      # support 0 sends 1:1:2 to centers 1, 2, 3
...               [1, 0, 1, 1],      # support 1 sends 1:1:1 to centers 0, 2, 3
...               [0, 0, 0, 0],
...               [0, 0, 0, 0]], dtype=float)
>>> is_support = np.array([True, True, False, False])
>>> d = np.array([100.0, 60.0, 10.0, 20.0])
>>> for m in METHODS:
...     A = allocation_operator(W, is_support, m)
...     print(m, np.round(d @ A, 4), round(float((d @ A).sum()), 6))
direct [ 73.3333 116.6667] 190.0
stepdown [ 77.5 112.5] 190.0
double [ 74.1667 115.8333] 190.0
reciprocal [ 73.6364 116.3636] 190.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

METHODS = ("direct", "stepdown", "double", "reciprocal")

#: Relative tolerance for the conservation check (float64 round-off on sums of rupiah).
CONSERVATION_RTOL = 1e-9


class AllocationError(ValueError):
    """The weights cannot distribute a support center's cost (no eligible receiver).

    ``center`` names the support center when the caller gave names (else ``None``), so a reader of
    input files can point at its row.

    Parameters
    ----------
    message : str
        What is wrong, in one line.
    center : str, optional
        The support center concerned.

    Examples
    --------
    >>> try:
    ...     allocate(np.ones(3), np.zeros((3, 3)), np.array([True, False, False]), "direct", names=["Laundry", "A", "B"])
    ... except AllocationError as error:
    ...     print(error.center)
    Laundry
    """

    def __init__(self, message: str, center: str | None = None):
        super().__init__(message)
        self.center = center


def _check_method(method: str) -> str:
    if method not in METHODS:
        raise ValueError(f"unknown allocation method {method!r}; choose one of {', '.join(METHODS)}")
    return method


def _normalize(weights: np.ndarray, mask: np.ndarray, what: str, names=None, kind: str = "support") -> np.ndarray:
    """Row-normalize ``weights`` over the columns allowed by ``mask`` (same shape, broadcastable).

    A row with no positive weight among allowed columns cannot send its cost anywhere.
    """
    w = np.where(mask, weights, 0.0)
    total = w.sum(axis=-1, keepdims=True)
    bad = ~(total > 0)
    if np.any(bad):
        rows = np.argwhere(bad[..., 0])
        first = rows[0][-1]
        label = names[first] if names is not None else f"{kind} #{first}"
        raise AllocationError(f"{kind} center {label!r} has no weight to any eligible receiver ({what})",
                              center=names[first] if names is not None else None)
    return w / total


def default_step_order(weights: np.ndarray, is_support: np.ndarray, names=None) -> np.ndarray:
    """Conventional step-down order: the support center that serves the most other centers first.

    Ties are broken by the larger number of other support centers served, then by the support
    centers' ``names`` (their position when no names are given), so the order, and the result,
    do not depend on the order of rows in the input files. Returns indices into the support
    centers (0-based positions among ``np.flatnonzero(is_support)``).

    Parameters
    ----------
    weights : ndarray, shape (n, n) or (H, n, n)
        The allocation weights (the first hospital's of a batch are used).
    is_support : ndarray of bool, shape (n,)
        Which centers are support centers.
    names : sequence of str, optional
        Center names, to break ties.

    Returns
    -------
    ndarray of int
        The closing sequence, as positions among the support centers.

    References
    ----------
    Conteh L., Walker D. (2004), Cost and unit cost calculations using step-down accounting, *Health
    Policy and Planning* 19(2):127-135 (close first the center that serves the most others).

    Examples
    --------
    >>> W = np.array([[0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]], dtype=float)
    >>> default_step_order(W, np.array([True, True, False, False]), ["Laundry", "Dapur", "A", "B"]).tolist()
    [1, 0]
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim == 3:
        w = w[0]
    sup = np.flatnonzero(is_support)
    wS = w[sup].copy()
    wS[np.arange(len(sup)), sup] = 0.0
    served = (wS > 0).sum(axis=1)
    to_support = (wS[:, sup] > 0).sum(axis=1)
    tie = [str(names[i]) for i in sup] if names is not None else list(range(len(sup)))
    return np.array(sorted(range(len(sup)), key=lambda k: (-served[k], -to_support[k], tie[k], k)))


def _prepare(weights, is_support):
    W = np.asarray(weights, dtype=float)
    batched = W.ndim == 3
    if not batched:
        W = W[None]
    n = W.shape[-1]
    if W.shape[-2:] != (n, n):
        raise ValueError(f"weights must be square (n x n), got {W.shape[-2:]}")
    is_support = np.asarray(is_support, dtype=bool)
    if is_support.shape != (n,):
        raise ValueError(f"is_support must have length {n}")
    if np.any(W < 0) or not np.all(np.isfinite(W)):
        raise ValueError("weights must be finite and >= 0")
    W = W.copy()
    W[:, np.arange(n), np.arange(n)] = 0.0  # a center never receives from itself
    return W, batched, is_support


@dataclass
class _Shares:
    """Row-normalized shares of a method, for a batch: what one rupiah of a support center sends where.

    ``stages`` maps a stage name to shares of shape (H, s, n) over the centers eligible at that
    stage (``direct``: production; ``double``: all others, then production; ``reciprocal``: all
    others). For ``stepdown``, ``steps`` lists (support position, shares (H, n)) in closing order.
    """

    sup: np.ndarray
    prod: np.ndarray
    stages: dict
    steps: list


def _shares(W: np.ndarray, is_support: np.ndarray, method: str, order, names) -> _Shares:
    n = W.shape[-1]
    sup, prod = np.flatnonzero(is_support), np.flatnonzero(~is_support)
    if prod.size == 0:
        raise AllocationError("there is no production center to receive costs")
    s_names = [names[i] for i in sup] if names is not None else None
    WS = W[:, sup, :]  # (H, s, n)
    to_prod, everyone = ~is_support, np.ones(n, dtype=bool)
    stages, steps = {}, []
    if sup.size == 0:
        pass
    elif method == "direct":
        stages["stage 1"] = _normalize(WS, to_prod, "direct: production centers", s_names)
    elif method == "double":
        stages["stage 1"] = _normalize(WS, everyone, "double, stage 1: all other centers", s_names)
        stages["stage 2"] = _normalize(WS, to_prod, "double, stage 2: production centers", s_names)
    elif method == "reciprocal":
        Q = _normalize(WS, everyone, "reciprocal: all other centers", s_names)
        _require_path_to_production(Q[:, :, sup], Q[:, :, prod], s_names)
        stages["reciprocal"] = Q
    else:  # stepdown: each support center closes onto the centers still open
        seq = default_step_order(W[0], is_support, names) if order is None else np.asarray(order)
        if sorted(seq.tolist()) != list(range(sup.size)):
            raise ValueError("step-down order must list every support center exactly once")
        open_mask = everyone.copy()
        for k in seq:
            open_mask[sup[k]] = False
            steps.append((int(k), _normalize(WS[:, k : k + 1, :], open_mask.copy(), "step-down: centers not yet closed",
                                             [s_names[k]] if s_names else None)[:, 0, :]))
    return _Shares(sup, prod, stages, steps)


def allocation_operator(
    weights: np.ndarray,
    is_support: np.ndarray,
    method: str,
    order: np.ndarray | None = None,
    names=None,
    is_shared: np.ndarray | None = None,
    parts: dict | None = None,
) -> np.ndarray:
    """Matrix ``A`` such that the cost of the production centers after allocation is ``d @ A``.

    Parameters
    ----------
    weights : ndarray, shape (n, n) or (H, n, n)
        ``weights[s, c]``: weight of center ``c`` in support (or shared) center ``s``'s allocation
        basis (rows of production centers are ignored, the diagonal is ignored).
    is_support : ndarray of bool, shape (n,)
        Which centers are support centers (same for every hospital in a batch).
    method : {'direct', 'stepdown', 'double', 'reciprocal'}
    order : ndarray of int, optional
        Step-down sequence as positions among the support centers (0 closes first). Defaults to
        :func:`default_step_order` of the first hospital.
    names : sequence of str, optional
        Center names, for error messages.
    is_shared : ndarray of bool, shape (n,), optional
        Which centers are shared cost pools (spread first to every support and production center).
        Production centers are those neither support nor shared.
    parts : dict, optional
        Filled with what :func:`flow_arrays` needs to list the flows without recomputing them: the
        shares of the method, the pools' shares and, for ``reciprocal``, ``(I - Q_SS)^-1`` (solved
        in the same call as the operator, whose columns come out the same).

    Returns
    -------
    ndarray, shape (n, p) or (H, n, p)
        Row ``i`` tells where one rupiah of center ``i``'s direct cost ends up; rows sum to 1.

    Examples
    --------
    A shared pool (center 0) spread 1:1 over a support center and a production center; the support
    center sends everything to the two production centers 1:3:

    >>> W = np.array([[0, 1, 1, 0], [0, 0, 1, 3], [0, 0, 0, 0], [0, 0, 0, 0]], dtype=float)
    >>> A = allocation_operator(W, np.array([False, True, False, False]), "direct",
    ...                         is_shared=np.array([True, False, False, False]))
    >>> A[0].tolist()            # a pool rupiah: 1/2 direct to center 2, 1/2 via the support 1:3
    [0.625, 0.375]
    """
    _check_method(method)
    W, batched, is_support = _prepare(weights, is_support)
    shared = _shared_mask(is_shared, is_support)
    if not shared.any():
        A = _method_operator(W, is_support, method, order, names, parts)
    else:
        keep = np.flatnonzero(~shared)
        S = _pool_shares(W, shared, names)  # (H, pools, n), zero on shared columns
        if parts is not None:
            parts["pool_shares"] = S
        sub_names = [names[i] for i in keep] if names is not None else None
        A_keep = _method_operator(W[:, keep][:, :, keep], is_support[keep], method, order, sub_names, parts)
        A = np.zeros((W.shape[0], W.shape[-1], A_keep.shape[-1]))
        A[:, keep] = A_keep
        A[:, shared] = S[:, :, keep] @ A_keep
    return A if batched else A[0]


def _shared_mask(is_shared, is_support) -> np.ndarray:
    if is_shared is None:
        return np.zeros(is_support.shape, dtype=bool)
    shared = np.asarray(is_shared, dtype=bool)
    if shared.shape != is_support.shape:
        raise ValueError(f"is_shared must have length {is_support.size}")
    if np.any(shared & is_support):
        raise ValueError("a center cannot be both support and shared")
    return shared


def _pool_shares(W: np.ndarray, shared: np.ndarray, names) -> np.ndarray:
    """Shares of each shared pool over every support and production center (never another pool)."""
    pool_names = [names[i] for i in np.flatnonzero(shared)] if names is not None else None
    return _normalize(W[:, shared, :], ~shared, "shared pool: support and production centers", pool_names,
                      kind="shared")


def _method_operator(W, is_support, method, order, names, parts: dict | None = None) -> np.ndarray:
    """:func:`allocation_operator` without shared pools, on batched (H, n, n) weights."""
    sh = _shares(W, is_support, method, order, names)
    if parts is not None:
        parts["shares"] = sh
    sup, prod = sh.sup, sh.prod
    A = np.zeros((W.shape[0], W.shape[-1], prod.size))
    A[:, prod, np.arange(prod.size)] = 1.0
    if method == "direct" and sup.size:
        A[:, sup, :] = sh.stages["stage 1"][:, :, prod]
    elif method == "double" and sup.size:
        Q1, Q2 = sh.stages["stage 1"], sh.stages["stage 2"][:, :, prod]
        A[:, sup, :] = Q1[:, :, prod] + Q1[:, :, sup] @ Q2
    elif method == "reciprocal" and sup.size:
        Q = sh.stages["reciprocal"]
        if parts is None:
            A[:, sup, :] = np.linalg.solve(np.eye(sup.size) - Q[:, :, sup], Q[:, :, prod])
        else:  # the inverse too, for the flows: one factorization, the operator's columns unchanged
            eye = np.broadcast_to(np.eye(sup.size), (Q.shape[0], sup.size, sup.size))
            X = np.linalg.solve(np.eye(sup.size) - Q[:, :, sup], np.concatenate([Q[:, :, prod], eye], axis=2))
            A[:, sup, :] = X[:, :, : prod.size]
            parts["inverse"] = X[:, :, prod.size:]
    # backward over the step-down sequence: a closed center's rupiah lands where its receivers' land
    for k, row in reversed(sh.steps):
        A[:, sup[k], :] = np.einsum("hn,hnp->hp", row, A)
    return A


def _require_path_to_production(Q_SS, Q_SP, names):
    """Reciprocal needs every support center's cost to leak to production eventually.

    Otherwise ``I - Q_SS`` is singular (a closed loop of support centers serving only each other).
    """
    s = Q_SS.shape[-1]
    reach = (Q_SP.sum(axis=-1) > 0)  # (H, s)
    adj = Q_SS > 0
    for _ in range(s):  # until nothing changes: as many rounds as the longest chain, not s every time
        grown = reach | np.any(adj & reach[:, None, :], axis=-1)
        if np.array_equal(grown, reach):
            break
        reach = grown
    if not np.all(reach):
        k = np.argwhere(~reach)[0][-1]
        label = names[k] if names is not None else f"support #{k}"
        raise AllocationError(
            f"support center {label!r} serves only support centers that never reach a production center",
            center=names[k] if names is not None else None,
        )


def allocate(
    direct_cost: np.ndarray,
    weights: np.ndarray,
    is_support: np.ndarray,
    method: str,
    order: np.ndarray | None = None,
    names=None,
    is_shared: np.ndarray | None = None,
) -> np.ndarray:
    r"""Cost of each production center after allocating support-center costs.

    Parameters
    ----------
    direct_cost : ndarray, shape (..., n) or (H, ..., n)
        Direct cost per center; any middle axes (e.g. categories FC/SVC/VC) are carried along.
        With batched ``weights`` of shape (H, n, n) the first axis is the hospital.
    weights : ndarray, shape (n, n) or (H, n, n)
        As in :func:`allocation_operator`.
    is_support : ndarray of bool, shape (n,)
        As in :func:`allocation_operator`.
    method : {'direct', 'stepdown', 'double', 'reciprocal'}
        The allocation method.
    order : ndarray of int, optional
        Step-down sequence, as in :func:`allocation_operator`.
    names : sequence of str, optional
        Center names, for error messages.
    is_shared : ndarray of bool, shape (n,), optional
        Which centers are shared cost pools.

    Returns
    -------
    ndarray, shape (..., p)
        Cost per production center (in the order of the centers neither support nor shared). The
        total is conserved; a violation raises ``AssertionError``.

    Notes
    -----
    .. math:: cost_P = d\,A

    with :math:`A` the allocation operator of the method (module docstring for each method's formula).

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (double distribution). Conteh L.,
    Walker D. (2004), Cost and unit cost calculations using step-down accounting, *Health Policy and
    Planning* 19(2):127-135. Drummond M.F. et al. (2015), *Methods for the Economic Evaluation of Health
    Care Programmes*, 4th ed. (reciprocal method).

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[0, 1, 3], [0, 0, 0], [0, 0, 0]], dtype=float)
    >>> allocate(np.array([100.0, 10.0, 0.0]), W, np.array([True, False, False]), "direct")
    array([35., 75.])
    """
    A = allocation_operator(weights, is_support, method, order, names, is_shared)
    d = np.asarray(direct_cost, dtype=float)
    if A.ndim == 3:
        out = np.einsum("h...n,hnp->h...p", d, A)
    else:
        out = d @ A
    check_conservation(d, out)
    return out


def check_conservation(before: np.ndarray, after: np.ndarray) -> None:
    r"""Total cost before allocation equals total over production centers after (per row).

    Parameters
    ----------
    before : ndarray, shape (..., n)
        Direct cost per center.
    after : ndarray, shape (..., p)
        Cost per production center after allocation.

    Raises
    ------
    AssertionError
        When a row's totals differ by more than :data:`CONSERVATION_RTOL` of the total (at least Rp 1).

    Notes
    -----
    .. math:: \left|\sum_c after_c - \sum_c before_c\right| \le 10^{-9} \max\left(\left|\sum_c before_c\right|, 1\right)

    Examples
    --------
    >>> check_conservation(np.array([100.0, 10.0, 0.0]), np.array([35.0, 75.0]))
    """
    b, a = np.sum(before, axis=-1), np.sum(after, axis=-1)
    scale = np.maximum(np.abs(b), 1.0)
    if not np.all(np.abs(a - b) <= CONSERVATION_RTOL * scale):
        worst = float(np.max(np.abs(a - b)))
        raise AssertionError(f"allocation does not conserve cost: off by up to {worst:.6g}")
