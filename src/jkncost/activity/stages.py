"""The two stages of activity-based costing as array operations: trace, pool rates, assign, conservation.

:func:`trace_resources` (stage 1: resources to activities), :func:`pool_capacity` and :func:`pool_rates`
(the rate of each homogeneous cost pool), :func:`assign` (stage 2: pools to cost objects), each a
:func:`numpy.bincount` over the rows of a long table: linear in its length, no loop over rows.
:mod:`jkncost.activity.abc` runs them on an activity folder's tables; its Notes give the formulas.

References
----------
Cooper R, Kaplan RS (1988). Measure costs right: make the right decisions. Harvard Business Review
66(5):96-103.
Kaplan RS, Cooper R (1998). Cost & Effect. Harvard Business School Press (chapters 5-6: resource and
activity drivers, practical capacity).

Examples
--------
>>> import numpy as np
>>> assign(np.array([30.0, 50.0]), np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([10.0, 20, 3]), 2).tolist()
[450.0, 600.0]
"""

from __future__ import annotations

import numpy as np

CONSERVATION_RTOL = 1e-9


def trace_resources(amount: np.ndarray, resource: np.ndarray, activity: np.ndarray, weight: np.ndarray,
                    n_activities: int) -> tuple[np.ndarray, np.ndarray]:
    """Stage 1: each resource's amount spread over activities in proportion to its weights.

    Parameters
    ----------
    amount : ndarray (R,)
        Amount of each resource.
    resource, activity : ndarray of int (W,)
        The resource and activity of each weight (positions).
    weight : ndarray (W,)
        Weights >= 0; every resource's weights must sum to more than 0.
    n_activities : int
        Number of activities :math:`A`.

    Returns
    -------
    cost : ndarray (A,)
        :math:`\\sum_r R_r w_{ra} / \\sum_{a'} w_{ra'}` per activity.
    flows : ndarray (W,)
        The amount of each weight row.

    Raises
    ------
    ValueError
        A resource whose weights do not sum to more than 0.

    References
    ----------
    Kaplan R.S., Cooper R. (1998), *Cost & Effect*, Harvard Business School Press, chapters 5-6 (resource and
    activity drivers, practical capacity).

    Examples
    --------
    >>> import numpy as np
    >>> trace_resources(np.array([100.0, 50.0]), np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([3.0, 1, 2]), 2)[0]
    array([75., 75.])
    """
    total = np.bincount(resource, weights=weight, minlength=len(amount))
    if np.any(total <= 0):
        raise ValueError("every resource needs weights summing to more than 0")
    flows = amount[resource] * weight / total[resource]
    return np.bincount(activity, weights=flows, minlength=n_activities), flows


def pool_rates(cost: np.ndarray, pool: np.ndarray, capacity: np.ndarray, used: np.ndarray,
               n_pools: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rates of activities and pools.

    Parameters
    ----------
    cost : ndarray (A,)
        Cost of each activity (after stage 1).
    pool : ndarray of int (A,)
        The pool (driver) of each activity.
    capacity : ndarray (A,)
        Practical capacity of each activity in driver units, NaN when not given.
    used : ndarray (P,)
        Total driver quantity of each pool over all cost objects.
    n_pools : int
        Number of pools :math:`P`.

    Returns
    -------
    activity_rate : ndarray (A,)
        :math:`\\rho_a = c_a / (\\kappa_a \\text{ or } Q)`.
    pool_rate : ndarray (P,)
        :math:`\\rho_d = \\sum_{a \\in d} \\rho_a`.
    unused : ndarray (A,)
        The unused cost :math:`c_a - \\rho_a Q` of each activity (negative when over-applied).

    References
    ----------
    Kaplan R.S., Cooper R. (1998), *Cost & Effect*, Harvard Business School Press, chapters 5-6 (resource and
    activity drivers, practical capacity).

    Examples
    --------
    >>> import numpy as np
    >>> rates = pool_rates(np.array([600.0, 300, 200]), np.array([0, 0, 1]), np.full(3, np.nan), np.array([30.0, 4]), 2)
    >>> [x.tolist() for x in rates]
    [[20.0, 10.0, 50.0], [30.0, 50.0], [0.0, 0.0, 0.0]]
    """
    denominator = np.where(np.isnan(capacity), used[pool], capacity)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(denominator > 0, cost / denominator, 0.0)
    unused = cost - rate * used[pool]
    return rate, np.bincount(pool, weights=rate, minlength=n_pools), unused


def pool_capacity(capacity: np.ndarray, pool: np.ndarray, n_pools: int) -> np.ndarray:
    """Each activity's capacity, a pool's one capacity filled in where its other activities leave it blank.

    A capacity is in units of the pool's driver, so the activities of one pool that give it give one value;
    when they give different values each keeps its own (see the module's notes).

    Parameters
    ----------
    capacity : ndarray (A,)
        Capacity of each activity in driver units, NaN when not given.
    pool : ndarray of int (A,)
        The pool of each activity.
    n_pools : int
        Number of pools.

    Returns
    -------
    ndarray (A,)
        The capacities, blanks filled with their pool's single capacity.

    Examples
    --------
    >>> import numpy as np
    >>> pool_capacity(np.array([np.nan, 10.0, np.nan, 4.0, 5.0]), np.array([0, 0, 1, 2, 2]), 3).tolist()
    [10.0, 10.0, nan, 4.0, 5.0]
    """
    given = ~np.isnan(capacity)
    if not given.any():
        return capacity
    low = np.full(n_pools, np.inf)
    high = np.full(n_pools, -np.inf)
    np.minimum.at(low, pool[given], capacity[given])
    np.maximum.at(high, pool[given], capacity[given])
    one = np.where(low == high, low, np.nan)
    return np.where(given, capacity, one[pool])


def assign(pool_rate: np.ndarray, pool: np.ndarray, obj: np.ndarray, quantity: np.ndarray,
           n_objects: int) -> np.ndarray:
    """Stage 2: :math:`C_o = \\sum_d \\rho_d q_{do}` over the rows ``(pool, obj, quantity)`` of the quantities.

    Parameters
    ----------
    pool_rate : ndarray (P,)
        Rate :math:`\\rho_d` of each pool.
    pool : ndarray of int (Q,)
        The pool of each quantity row.
    obj : ndarray of int (Q,)
        The cost object of each quantity row.
    quantity : ndarray (Q,)
        Driver quantity :math:`q_{do}` of each row.
    n_objects : int
        Number of cost objects.

    Returns
    -------
    ndarray (O,)
        Cost :math:`C_o` of each cost object.

    References
    ----------
    Kaplan R.S., Cooper R. (1998), *Cost & Effect*, Harvard Business School Press, chapters 5-6 (resource and
    activity drivers, practical capacity).

    Examples
    --------
    >>> import numpy as np
    >>> assign(np.array([30.0, 50.0]), np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([10.0, 20, 3]), 2)
    array([450., 600.])
    """
    return np.bincount(obj, weights=pool_rate[pool] * quantity, minlength=n_objects)


def check_conservation(before: float, after: float, what: str) -> None:
    """``after`` equals ``before`` within rounding, else AssertionError (a defect of the engine, not the input).

    Parameters
    ----------
    before : float
        Total cost before a stage.
    after : float
        Total cost after it.
    what : str
        The stage, for the message.

    Raises
    ------
    AssertionError
        When :math:`|after - before| > 10^{-9} \\max(|before|, 1)`.

    Examples
    --------
    >>> check_conservation(1100.0, 1100.0, "stage 2")
    """
    if abs(after - before) > CONSERVATION_RTOL * max(abs(before), 1.0):
        raise AssertionError(f"{what} does not conserve cost: {before:.6f} before, {after:.6f} after")
