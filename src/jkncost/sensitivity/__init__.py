"""Sensitivity of unit cost: the model, one-way (tornado), Monte Carlo, Sobol indices, figures."""

from jkncost.sensitivity.core import *  # noqa: F403
