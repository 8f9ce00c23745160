"""Cost per procedure from relative value units (RVU).

A production unit (radiology, physiotherapy, NICU ...) has one total cost ``TC`` but performs many
kinds of procedure. The RVU method shares ``TC`` among the procedures in proportion to a weight
per procedure and its volume:

.. math::

    UC_j = TC \\cdot \\frac{RVU_j}{\\sum_k RVU_k \\, Q_k}

with ``Q_k`` the number of procedures ``k`` in the year. The weight of a procedure is its direct
resource cost, materials plus staff time plus equipment, divided by a constant:

.. math::

    RVU_j = \\frac{M_j + S_j + E_j}{c}

The constant cancels in ``UC_j``; by convention it makes one reference procedure worth 1.

Two consequences used by the study notebooks:

* conservation: ``sum_j UC_j Q_j = TC`` (the unit's cost is shared out exactly once);
* the output-weighted mean of the ``UC_j`` is ``TC / sum_j Q_j``, so it lies between the smallest
  and the largest ``UC_j`` whatever the counts (:func:`mean_unit_cost_attainable`).

References
----------
Putra RS, Arifin MA, Nurhayani, Amir MY (2013). Analisis biaya satuan (unit cost) per jenis
tindakan berdasarkan relative value unit (RVU) pada bagian persalinan RSUD Ajjappange Kabupaten
Soppeng tahun 2011. *Jurnal AKK* 2(1):35-41.
Abadi MY et al. Penentuan tarif rasional berdasarkan unit cost, ATP, WTP dan FTP pada Rumah Sakit
Umum Anutapura Kota Palu (RVU per procedure, normative output at BOR 80%).
Seed 004 (RSUD Tenriawaru Bone, 2016 data): "RVU adalah nilai pembobotan untuk masing-masing jenis
tindakan yang merupakan nilai dari penjumlahan biaya bahan, gaji dan peralatan yang kemudian
dibagi dengan konstanta."

Examples
--------
Three procedures; the hand-worked numbers are in ``tests/test_rvu.py``:

>>> w = rvu_weights(materials=[10, 30, 50], staff=[20, 20, 40], equipment=[10, 10, 30])
>>> w.tolist()
[1.0, 1.5, 3.0]
>>> uc = unit_costs(total_cost=1_200, rvu=w, quantity=[15, 20, 10])
>>> uc.tolist()
[16.0, 24.0, 48.0]
>>> float((uc * [15, 20, 10]).sum())
1200.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from jkncost.errors import InputError, Problem

ArrayLike = Sequence[float] | np.ndarray


def _vector(values: ArrayLike, name: str, source: str, *, allow_zero: bool = True) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InputError(Problem(source, f"{name} must be numbers", column=name)) from None
    if arr.ndim != 1:
        raise InputError(Problem(source, f"{name} must be a one-dimensional list of numbers", column=name))
    problems = []
    for i, v in enumerate(arr):
        if not np.isfinite(v):
            problems.append(Problem(source, f"{name} is not a finite number ({v})", row=i + 2, column=name))
        elif v < 0 or (v == 0 and not allow_zero):
            need = "non-negative" if allow_zero else "positive"
            problems.append(Problem(source, f"{name} must be {need}, got {v:g}", row=i + 2, column=name))
    if problems:
        raise InputError(problems)
    return arr


def _same_length(source: str, **arrays: np.ndarray) -> None:
    lengths = {k: len(v) for k, v in arrays.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{k}: {n}" for k, n in lengths.items())
        raise InputError(Problem(source, f"one value per procedure is needed in each list ({described})"))


def rvu_weights(materials: ArrayLike, staff: ArrayLike, equipment: ArrayLike, *,
                constant: float | None = None, source: str = "<rvu>") -> np.ndarray:
    """RVU per procedure from its direct resource cost.

    .. math:: RVU_j = (M_j + S_j + E_j) / c

    Parameters
    ----------
    materials, staff, equipment : sequence of float
        Cost per procedure of materials (BHP), staff time (salary per minute x minutes) and
        equipment (annualized cost per use), in rupiah, one value per procedure.
    constant : float, optional
        The divisor ``c``. Default: the smallest positive resource cost, so the cheapest
        procedure has RVU 1. It cancels in :func:`unit_costs`.
    source : str
        Name used in error messages (a file name when the costs come from a table).

    Returns
    -------
    numpy.ndarray
        The weight ``RVU_j`` of each procedure, in the order given.

    Raises
    ------
    InputError
        Negative or missing costs, lists of different lengths, no procedure with a positive cost,
        or a non-positive constant.

    References
    ----------
    Seed 004 (Bone), Hasil, "Unit Radiologi"; Putra et al. (2013), *Jurnal AKK* 2(1):35-41.

    Examples
    --------
    >>> rvu_weights([5, 15], [10, 10], [5, 15], constant=10).tolist()
    [2.0, 4.0]
    """
    m = _vector(materials, "materials", source)
    s = _vector(staff, "staff", source)
    e = _vector(equipment, "equipment", source)
    _same_length(source, materials=m, staff=s, equipment=e)
    total = m + s + e
    if not (total > 0).any():
        raise InputError(Problem(source, "no procedure has a positive resource cost; RVU weights are undefined"))
    if constant is None:
        constant = float(total[total > 0].min())
    elif not np.isfinite(constant) or constant <= 0:
        raise InputError(Problem(source, f"the RVU constant must be positive, got {constant!r}", column="constant"))
    return total / float(constant)


def unit_costs(total_cost: float, rvu: ArrayLike, quantity: ArrayLike, *, source: str = "<rvu>") -> np.ndarray:
    """Unit cost of each procedure of a unit by relative value units.

    .. math:: UC_j = TC \\cdot RVU_j / \\sum_k RVU_k Q_k

    Parameters
    ----------
    total_cost : float
        Total cost ``TC`` of the unit after allocation (TC1, TC2 or TC3 for UC1, UC2, UC3).
    rvu : sequence of float
        Weight per procedure (:func:`rvu_weights`), non-negative.
    quantity : sequence of float
        Number of procedures per year ``Q_j``, non-negative. A procedure with ``Q_j = 0`` still
        gets a unit cost (what it would cost), but takes no share of ``TC``.

    source : str, default '<rvu>'
        Name used in error messages.

    Returns
    -------
    numpy.ndarray
        ``UC_j`` in rupiah; ``sum(UC * Q) == TC``.

    Raises
    ------
    InputError
        Negative or missing values, lists of different lengths, a negative total cost, or
        ``sum_k RVU_k Q_k == 0`` (no weighted output to share the cost over).

    References
    ----------
    Putra RS et al. (2013), *Jurnal AKK* 2(1):35-41 (RSUD Ajjappange Soppeng); Abadi MY et al.
    (RSU Anutapura Palu); seed 004 (RSUD Tenriawaru Bone), Pembahasan.

    Examples
    --------
    >>> unit_costs(900, [1, 2], [100, 100]).round(2).tolist()
    [3.0, 6.0]
    """
    w = _vector(rvu, "rvu", source)
    q = _vector(quantity, "quantity", source)
    _same_length(source, rvu=w, quantity=q)
    if not np.isfinite(total_cost) or total_cost < 0:
        raise InputError(Problem(source, f"total cost must be a non-negative number, got {total_cost!r}",
                                 column="total_cost"))
    weighted = float((w * q).sum())
    if weighted <= 0:
        raise InputError(Problem(source, "sum of RVU x quantity is zero: no procedure with a weight was performed, "
                                         "so the total cost cannot be shared out"))
    return float(total_cost) * w / weighted


def implied_rvu(unit_cost: ArrayLike, *, reference: int | None = None, source: str = "<rvu>") -> np.ndarray:
    """RVU weights implied by published unit costs, up to the constant.

    Within one unit ``UC_j / UC_r = RVU_j / RVU_r``, so published unit costs identify the weights
    relative to a reference procedure ``r`` (nothing more: ``TC`` and the counts are not
    identified).

    Parameters
    ----------
    unit_cost : sequence of float
        Published unit costs of one unit, positive.
    reference : int, optional
        Position of the reference procedure (RVU 1). Default: the cheapest.
    source : str, default '<rvu>'
        Name used in error messages.

    Returns
    -------
    numpy.ndarray
        :math:`RVU_j / RVU_r = UC_j / UC_r`, 1 for the reference procedure.

    Raises
    ------
    InputError
        No unit cost, a unit cost that is not positive, or a reference outside the list.

    Notes
    -----
    From :math:`UC_j = TC \\cdot RVU_j / \\sum_k RVU_k Q_k` the factor :math:`TC / \\sum_k RVU_k Q_k` is common
    to every procedure of the unit, so

    .. math:: \\frac{RVU_j}{RVU_r} = \\frac{UC_j}{UC_r}.

    References
    ----------
    Putra R.S., Arifin M.A., Nurhayani, Amir M.Y. (2013), *Jurnal AKK* 2(1):35-41.

    Examples
    --------
    >>> implied_rvu([16, 24, 48]).tolist()
    [1.0, 1.5, 3.0]
    """
    uc = _vector(unit_cost, "unit_cost", source, allow_zero=False)
    if len(uc) == 0:
        raise InputError(Problem(source, "no unit costs given"))
    ref = int(np.argmin(uc)) if reference is None else reference
    if not 0 <= ref < len(uc):
        raise InputError(Problem(source, f"reference position {reference} is outside 0..{len(uc) - 1}",
                                 column="reference"))
    return uc / uc[ref]


def mean_unit_cost_attainable(unit_cost: ArrayLike, mean: float, *, tolerance: float = 0.0,
                              source: str = "<rvu>") -> bool:
    """Whether ``mean`` can be the output-weighted mean of these procedure unit costs.

    Under the RVU method ``sum_j UC_j Q_j = TC``, so ``TC / sum_j Q_j`` (the unit cost per
    procedure of the whole unit) is a weighted mean of the ``UC_j`` with weights ``Q_j >= 0``:
    it lies in ``[min UC_j, max UC_j]`` for *any* counts. A published unit-level unit cost outside
    that interval cannot come from the same total cost and output as the procedure unit costs.

    Parameters
    ----------
    unit_cost : sequence of float
        Procedure unit costs of one unit.
    mean : float
        A published unit cost of the whole unit (TC / total output).
    tolerance : float, default 0.0
        Slack for the published rounding (rupiah).
    source : str, default '<rvu>'
        Name used in error messages.

    Returns
    -------
    bool
        True when ``min UC_j - tolerance <= mean <= max UC_j + tolerance``.

    Raises
    ------
    InputError
        No unit cost, or a negative or missing one.

    Notes
    -----
    .. math:: \\frac{TC}{\\sum_j Q_j} = \\sum_j UC_j \\frac{Q_j}{\\sum_k Q_k} \\in [\\min_j UC_j, \\max_j UC_j]

    References
    ----------
    Putra R.S., Arifin M.A., Nurhayani, Amir M.Y. (2013), *Jurnal AKK* 2(1):35-41.

    Examples
    --------
    >>> mean_unit_cost_attainable([16, 24, 48], 30)
    True
    >>> mean_unit_cost_attainable([16, 24, 48], 60)
    False
    """
    uc = _vector(unit_cost, "unit_cost", source)
    if len(uc) == 0:
        raise InputError(Problem(source, "no unit costs given"))
    return bool(uc.min() - tolerance <= mean <= uc.max() + tolerance)
