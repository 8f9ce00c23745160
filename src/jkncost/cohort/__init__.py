"""Patient cohorts, any cohort CSV: reading (:mod:`~jkncost.cohort.reading`), differences and cost recovery rates
(:mod:`~jkncost.cohort.crr`), association tests (:mod:`~jkncost.cohort.association`), figures
(:mod:`~jkncost.cohort.figures`) and tables for readers (:mod:`~jkncost.cohort.tables`, imported on its own).

``from jkncost import cohort as co`` gives the public API. The caesarean study (seed 000: its published figures,
the synthetic cohort calibrated to them, its comparison) is :mod:`jkncost.studies.caesarean`.
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
    plot_distributions,
)
from jkncost.cohort.reading import (  # noqa: F401
    AGE_RANGE,
    CARE_CLASSES,
    CLASSES,
    COMPONENTS,
    REQUIRED,
    YES_NO,
    check_cohort,
    cohort_schema,
    read_cohort,
    validate_cohort,
)
