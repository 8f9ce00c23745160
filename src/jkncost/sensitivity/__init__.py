"""Sensitivity of unit cost and tariff to the inputs, on the batched unit-cost engine.

=====================  ===========================================================================
module                 what
=====================  ===========================================================================
:mod:`.model`          :class:`Model` (one hospital as arrays, scenarios as changes), the
                       illustrative asset register (:func:`register_from_fc`)
:mod:`.oneway`         :func:`tornado` (one-way, each bar checked by :func:`rerun`),
                       :func:`stepdown_orders`
:mod:`.montecarlo`     :func:`monte_carlo` (probabilistic, distributions as a parameter)
:mod:`.sobol`          :func:`sobol_indices` (first-order and total, by :func:`scipy.stats.sobol_indices`,
                       with bootstrap intervals)
:mod:`.figures`        tornado, Monte Carlo intervals, Sobol indices, support-center flows (en/id)
=====================  ===========================================================================

Everything public is importable from ``jkncost.sensitivity``.
"""

from jkncost.sensitivity.figures import distributions_label, input_label, plot_intervals, plot_sobol, plot_support_flows, plot_tornado
from jkncost.sensitivity.model import LEVELS, Model, read_asset_assumptions, register_from_fc, tariff_of
from jkncost.sensitivity.montecarlo import GROUPS, KINDS, MonteCarloResult, check_spec, draw, monte_carlo
from jkncost.sensitivity.oneway import TORNADO_COLUMNS, Input, default_inputs, rerun, stepdown_orders, tornado
from jkncost.sensitivity.sobol import SOBOL_COLUMNS, next_power_of_two, sobol_estimates, sobol_indices

__all__ = [
    "GROUPS", "KINDS", "LEVELS", "SOBOL_COLUMNS", "TORNADO_COLUMNS", "Input", "Model", "MonteCarloResult",
    "check_spec", "default_inputs", "distributions_label", "draw", "input_label", "monte_carlo", "next_power_of_two", "plot_intervals",
    "plot_sobol", "plot_support_flows", "plot_tornado", "read_asset_assumptions", "register_from_fc", "rerun",
    "sobol_estimates", "sobol_indices", "stepdown_orders", "tariff_of", "tornado",
]
