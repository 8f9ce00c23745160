"""Patient cohorts: reading (:mod:`~jkncost.cohort.reading`), differences and cost recovery rates
(:mod:`~jkncost.cohort.crr`), association tests (:mod:`~jkncost.cohort.association`), the published
comparison (:mod:`~jkncost.cohort.published`), figures (:mod:`~jkncost.cohort.figures`) and synthetic
cohorts (:mod:`~jkncost.cohort.synthetic`, imported on its own).

``from jkncost import cohort as co`` gives the public API of all but the synthetic module.
"""

from jkncost.cohort.association import (  # noqa: F401
    MIN_NORMALITY_N,
    VARIABLES,
    association_tests,
    chosen_p_values,
)
from jkncost.cohort.crr import (  # noqa: F401
    CRR_DEFINITIONS,
    ImpliedMeanCost,
    check_definition,
    consistency_table,
    crr,
    implied_mean_cost,
    patient_table,
    summarize,
    summary_table,
)
from jkncost.cohort.figures import (  # noqa: F401
    component_table,
    labels,
    plot_components,
    plot_card,
    plot_cost_by_class,
    plot_cost_vs_los,
    plot_cost_vs_tariffs,
)
from jkncost.cohort.published import (  # noqa: F401
    BY_CONSTRUCTION,
    SYNTHETIC_LABEL,
    comparison_table,
    p_value_window,
    published_value,
    read_published,
    seed_quantities,
)
from jkncost.cohort.reading import (  # noqa: F401
    AGE_RANGE,
    CLASSES,
    COMPONENTS,
    REQUIRED,
    read_cohort,
    validate_cohort,
)
