"""Patient cohorts: reading, cost recovery rate (CRR), association tests, synthetic cohorts, figures."""

from jkncost.cohort.core import *  # noqa: F403
