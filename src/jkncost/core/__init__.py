"""What every layer uses: paths of the compendium, reading and atomic writing of tables, the output
policy of writing commands, statuses of a published figure and the published-vs-reproduced comparison,
output schemas and source-audit records.

This package sits just above :mod:`jkncost.tables`, :mod:`jkncost.labels`, :mod:`jkncost.errors` and
:mod:`jkncost.money`, and below the domain packages (costing, jkn, cohort, activity, sensitivity), the
studies and the compendium. It never imports any of them.
"""
