"""The JKN rules (seeds 001 and 003): every published quantity against the rule tables, with an honest status.

Sources: seed 001 (Perpres 12/2013 ... 64/2020: contributions, fines, INA-CBG and CMG counts) and seed 003
(Permenkes 3/2023: the class-upgrade co-payment and its worked example). The rules themselves, which any user
needs (contributions, penalties, upgrade, INA-CBG, with their legal sources and dates), are :mod:`jkncost.jkn`;
what belongs to this study is here.

Modules (everything is re-exported here, so ``from jkncost.studies import jkn_rules as jp`` is enough):

- :mod:`.readers`: ``data/raw/jkn_rules/published.csv`` as a table (:func:`read_published`);
- :mod:`.comparison`: one row per published quantity with its status (:func:`comparison`), the seeds'
  quantities for the coverage check (:func:`seed001_quantities`, :func:`seed003_quantities`);
- :mod:`.audit`: :func:`source_checks`, seed 001 against itself and cross-checked against secondary lists;
- :mod:`.tables`: the notebook's tables and sentences for readers, en or id;
- :mod:`.figures`: contributions by segment and payer, the upgrade co-payment curve.

The study has no ``model``: its model is the rule tables of :mod:`jkncost.jkn`.

Examples
--------
>>> from jkncost.core.comparison import status_counts
>>> status_counts(comparison())["exact"]
4
"""

from .audit import CROSS_AGREES, CROSS_DISAGREES, source_checks
from .comparison import SEED001_DAY, WAGE, comparison, seed001_quantities, seed003_quantities
from .figures import PAYERS, contributions_by_segment, contributions_headline, rule_starts, upgrade_copayment_figure
from .readers import read_published
from .tables import (comparison_reader_table, contribution_change_table, discrepancies_reader_table, due_date_sentence,
                     month_name, penalties_reader_table, penalty_periods_markdown, refusal_sentence,
                     regimes_reader_table, seed003_example_sentence, segments_reader_table, upgrade_reader_table,
                     worked_cases_table)

__all__ = [
    "CROSS_AGREES", "CROSS_DISAGREES", "PAYERS", "SEED001_DAY", "WAGE", "comparison", "comparison_reader_table",
    "contribution_change_table", "contributions_by_segment", "contributions_headline", "discrepancies_reader_table",
    "due_date_sentence", "month_name", "penalties_reader_table", "penalty_periods_markdown", "read_published",
    "refusal_sentence", "regimes_reader_table", "rule_starts", "seed001_quantities", "seed003_quantities",
    "seed003_example_sentence", "segments_reader_table", "source_checks", "upgrade_copayment_figure",
    "upgrade_reader_table", "worked_cases_table",
]
