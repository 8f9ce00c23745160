r"""The individual transfers of cost an allocation method makes: from, to, stage, amount.

:mod:`jkncost.costing.allocation` gives where each rupiah ends up (the allocation operator ``A``);
this module lists the transfers on the way, with the same shares, for the allocation report and the
flow figures. A flow of stage :math:`k` from :math:`s` to :math:`c` is :math:`x_s\, Q^{(k)}_{sc}`: what
:math:`s` holds at that stage times its share to :math:`c` (the stages and their formulas are in
:mod:`jkncost.costing.allocation`).

References
----------
Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (double distribution).
Conteh L, Walker D (2004). Cost and unit cost calculations using step-down accounting.
*Health Policy and Planning* 19(2):127-135.

Examples
--------
>>> import numpy as np
>>> W = np.array([[0, 1, 3], [0, 0, 0], [0, 0, 0]], dtype=float)
>>> [(f.source, f.target, f.amount) for f in allocation_flows(np.array([100.0, 10.0, 0.0]), W,
...                                                            np.array([True, False, False]), "direct")]
[(0, 1, 25.0), (0, 2, 75.0)]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# the shares of the methods, computed once for the operator and the flows alike
from jkncost.costing.allocation import _check_method, _pool_shares, _prepare, _shared_mask, _shares


@dataclass(frozen=True)
class Flow:
    """One transfer of cost: ``amount`` from ``source`` to ``target`` at ``stage``.

    Examples
    --------
    >>> W = np.array([[0, 1, 3], [0, 0, 0], [0, 0, 0]], dtype=float)
    >>> allocation_flows(np.array([100.0, 10.0, 0.0]), W, np.array([True, False, False]), "direct")[0]
    Flow(source=0, target=1, stage='stage 1', amount=25.0)
    """

    source: int
    target: int
    stage: str
    amount: float


def flow_arrays(
    direct_cost: np.ndarray,
    weights: np.ndarray,
    is_support: np.ndarray,
    method: str,
    order: np.ndarray | None = None,
    names=None,
    is_shared: np.ndarray | None = None,
    built: dict | None = None,
) -> dict[str, np.ndarray]:
    r"""Every transfer of cost for several cost vectors that share one weight matrix, as arrays.

    ``direct_cost`` has shape (m, n) (one row per category and component that uses these weights).
    Returns a dict of equal-length arrays ``row`` (which of the m vectors), ``source``, ``target``
    (center positions), ``stage`` (str) and ``amount``, in a deterministic order: stage by stage,
    then sender, then receiver, then row. Only positive shares are listed (amounts may be zero).

    Stages: ``shared pools`` (the pools' spread, before the method); ``direct`` and ``double``
    name theirs ``stage 1``/``stage 2``; ``stepdown`` names each step by its position
    (``step 1`` ...); ``reciprocal`` reports the transfers of the solved full costs, including the
    mutual support flows. ``built`` (the ``parts`` of :func:`allocation_operator` of the same weights) saves
    recomputing the shares and, for ``reciprocal``, a second linear solve.

    Parameters
    ----------
    direct_cost : ndarray, shape (m, n)
        One cost vector per row (category and component).
    weights : ndarray, shape (n, n)
        The allocation weights.
    is_support : ndarray of bool, shape (n,)
        Which centers are support centers.
    method : {'direct', 'stepdown', 'double', 'reciprocal'}
        The allocation method.
    order : ndarray of int, optional
        Step-down sequence (:func:`allocation_operator`).
    names : sequence of str, optional
        Center names, for error messages.
    is_shared : ndarray of bool, shape (n,), optional
        Which centers are shared cost pools.
    built : dict, optional
        The ``parts`` filled by :func:`allocation_operator` for the same weights and method.

    Returns
    -------
    dict of str to ndarray
        ``row, source, target, stage, amount``, equal-length arrays.

    Notes
    -----
    A flow of stage :math:`k` from :math:`s` to :math:`c` is :math:`x_s\, Q^{(k)}_{sc}`: what :math:`s`
    holds at that stage times its share to :math:`c`; for ``reciprocal`` :math:`x_S` solves
    :math:`x_S = d_S + x_S Q_{SS}`.

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (double distribution). Conteh L.,
    Walker D. (2004), Cost and unit cost calculations using step-down accounting, *Health Policy and
    Planning* 19(2):127-135. Drummond M.F. et al. (2015), *Methods for the Economic Evaluation of Health
    Care Programmes*, 4th ed. (reciprocal method).

    Examples
    --------
    >>> W = np.array([[0, 1, 3], [0, 0, 0], [0, 0, 0]], dtype=float)
    >>> f = flow_arrays(np.array([[100.0, 10.0, 0.0], [40.0, 0.0, 0.0]]), W, np.array([True, False, False]), "direct")
    >>> f["row"].tolist(), f["target"].tolist(), f["amount"].tolist()
    ([0, 1, 0, 1], [1, 1, 2, 2], [25.0, 10.0, 75.0, 30.0])
    """
    _check_method(method)
    W, _, is_support = _prepare(weights, is_support)
    shared = _shared_mask(is_shared, is_support)
    d = np.atleast_2d(np.asarray(direct_cost, dtype=float))
    m, n = d.shape
    parts: list[tuple] = []

    def emit(senders, shares, amounts, stage):  # numpydoc ignore=GL08
        # senders (k,), shares (k, n), amounts (m, k): one flow per positive share and row
        ks, ts = np.nonzero(shares > 0)
        if ks.size == 0:
            return
        amt = amounts[:, ks] * shares[ks, ts]  # (m, nnz)
        parts.append((np.tile(np.arange(m), ks.size), np.repeat(senders[ks], m), np.repeat(ts, m),
                      stage, amt.T.ravel()))

    if shared.any():
        pools = np.flatnonzero(shared)
        S = (built["pool_shares"] if built and "pool_shares" in built else _pool_shares(W, shared, names))[0]
        emit(pools, S, d[:, pools], "shared pools")
        d = d + d[:, pools] @ S
        d[:, pools] = 0.0
    keep = np.flatnonzero(~shared)
    sub_names = [names[i] for i in keep] if names is not None else None
    Wk = W[:, keep][:, :, keep]
    sk = is_support[keep]
    sh = built["shares"] if built and "shares" in built else _shares(Wk, sk, method, order, sub_names)
    sup = sh.sup
    dk = d[:, keep]
    if sup.size:
        if method == "direct":
            sent = {"stage 1": dk[:, sup]}
        elif method == "double":
            # stage 2 sends on what each support center received in stage 1
            sent = {"stage 1": dk[:, sup], "stage 2": dk[:, sup] @ sh.stages["stage 1"][0][:, sup]}
        elif method == "reciprocal":
            Q = sh.stages["reciprocal"][0]
            if built and "inverse" in built:  # x_S (I - Q_SS) = d_S
                sent = {"reciprocal": dk[:, sup] @ built["inverse"][0]}
            else:
                sent = {"reciprocal": np.linalg.solve((np.eye(sup.size) - Q[:, sup]).T, dk[:, sup].T).T}
        else:
            sent = {}
        for stage, amounts in sent.items():
            emit(sup, sh.stages[stage][0], amounts, stage)
        carried = dk.copy()
        for step, (k, row) in enumerate(sh.steps, start=1):
            s = sup[k]
            emit(np.array([s]), row[0][None], carried[:, s:s + 1], f"step {step}")
            carried = carried + carried[:, s:s + 1] * row[0]
            carried[:, s] = 0.0
    if not parts:
        empty = np.array([], dtype=int)
        return {"row": empty, "source": empty, "target": empty, "stage": np.array([], dtype=object),
                "amount": np.array([], dtype=float)}
    row = np.concatenate([p[0] for p in parts])
    src = np.concatenate([p[1] for p in parts])
    tgt = np.concatenate([p[2] for p in parts])
    stage_names = np.array([p[3] for p in parts], dtype=object)
    stage = stage_names[np.repeat(np.arange(len(parts)), [p[0].size for p in parts])]
    amount = np.concatenate([p[4] for p in parts])
    # the method ran on the kept centers; map positions back to the full list
    in_pool_stage = stage == "shared pools"
    tgt = np.where(in_pool_stage, tgt, keep[np.where(in_pool_stage, 0, tgt)])
    src = np.where(in_pool_stage, src, keep[np.where(in_pool_stage, 0, src)])
    return {"row": row, "source": src, "target": tgt, "stage": stage, "amount": amount}


def allocation_flows(
    direct_cost: np.ndarray,
    weights: np.ndarray,
    is_support: np.ndarray,
    method: str,
    order: np.ndarray | None = None,
    names=None,
    is_shared: np.ndarray | None = None,
) -> list[Flow]:
    """Every transfer of cost made by a method, for one hospital and one cost vector.

    Stages as in :func:`flow_arrays`. The amounts arriving at production centers sum to the
    support and shared centers' direct cost.

    Parameters
    ----------
    direct_cost : ndarray, shape (n,)
        Direct cost per center.
    weights : ndarray, shape (n, n)
        The allocation weights.
    is_support : ndarray of bool, shape (n,)
        Which centers are support centers.
    method : {'direct', 'stepdown', 'double', 'reciprocal'}
        The allocation method.
    order : ndarray of int, optional
        Step-down sequence (:func:`allocation_operator`).
    names : sequence of str, optional
        Center names, for error messages.
    is_shared : ndarray of bool, shape (n,), optional
        Which centers are shared cost pools.

    Returns
    -------
    list of Flow
        One :class:`Flow` per transfer, in the order of :func:`flow_arrays`.

    References
    ----------
    Kepmenkes RI 582/MENKES/SK/VI/1997, Pola Tarif Rumah Sakit Pemerintah (double distribution). Conteh L.,
    Walker D. (2004), Cost and unit cost calculations using step-down accounting, *Health Policy and
    Planning* 19(2):127-135. Drummond M.F. et al. (2015), *Methods for the Economic Evaluation of Health
    Care Programmes*, 4th ed. (reciprocal method).

    Examples
    --------
    >>> W = np.array([[0, 1, 3], [0, 0, 0], [0, 0, 0]], dtype=float)
    >>> [f.amount for f in allocation_flows(np.array([100.0, 10.0, 0.0]), W, np.array([True, False, False]), "direct")]
    [25.0, 75.0]
    """
    f = flow_arrays(np.asarray(direct_cost, dtype=float)[None], weights, is_support, method, order, names, is_shared)
    return [Flow(int(s), int(t), str(g), float(a)) for s, t, g, a in zip(f["source"], f["target"], f["stage"],
                                                                        f["amount"])]
