"""The reproduced studies, one package each, all of the same shape, so that a new study is added by copying one.

======================  =================================================================================
study                   source
======================  =================================================================================
``pasangkayu``          seed 002: RSUD Kabupaten Pasangkayu, double distribution and the rational tariff
``bone``                seed 004: RSUD Tenriawaru, Bone, procedure tariffs and the BOR analysis
``caesarean``           seed 000: sectio caesarea, 89 BPJS patients (abstract only), a synthetic cohort
``jkn_rules``           seeds 001 and 003: contributions, penalties, the class-upgrade co-payment
``budiluhur``           RS Bersalin Budi Luhur Surakarta: an activity-based costing thesis
``methods``             teaching: allocation methods, sensitivity and break-even on Pasangkayu and RS Contoh
======================  =================================================================================

The shape of ``studies/<study>/`` (a module exists where the study has something of its kind):

``__init__.py``
    The source (authors, seed file, what it publishes), a list of the modules and a runnable example;
    re-exports the public names, so ``from jkncost.studies import bone`` is enough in a notebook.
``readers.py``
    ``data/raw/<study>/`` read as tables: the transcription, ``published.csv`` (compared against only),
    ``assumptions.csv`` (what the source does not give, with a rationale each).
``model.py``
    What the study computes from its inputs with the package's methods: the hospital in memory, the
    rules identified from the published numbers and their leave-one-out tests, a synthetic cohort
    calibrated to published aggregates.
``audit.py``
    The source checked against itself (totals, shares, text against tables): ``source_checks`` /
    ``source_audit``, each check ``consistent`` or ``discrepancy``.
``comparison.py``
    One row per distinct published quantity with its status (:mod:`jkncost.core.comparison`), and the
    seed's quantities for the coverage check (``seed_quantities``, registered in
    ``jkncost.compendium.coverage.REGISTRY``).
``tables.py``
    The notebook's tables (and sentences) for readers, en or id, through :func:`jkncost.display.show`
    and the label catalogue.
``figures.py``
    The notebook's figures, en or id, in the house style of :mod:`jkncost.plots`.

Departures, each for a reason: ``pasangkayu`` splits its model in two (``model.py``, the hospital;
``tariffs.py``, the tariff and cost-recovery rules), to keep modules under about 500 lines; ``caesarean``
has no audit or figures module (its checks of the abstract and its figures are those of any cohort,
:mod:`jkncost.cohort`); ``jkn_rules`` has no model (its model is the rule tables, :mod:`jkncost.jkn`);
``methods`` publishes nothing, so it has no comparison or audit, and adds ``exercises.py``.

Layers: a study imports the methods (:mod:`jkncost.costing`, :mod:`jkncost.jkn`, :mod:`jkncost.cohort`,
:mod:`jkncost.activity`, :mod:`jkncost.sensitivity`), :mod:`jkncost.core` and the bottom (tables, labels,
errors, money), and another study where it builds on it (``methods`` on ``pasangkayu``); never
:mod:`jkncost.compendium`, :mod:`jkncost.workbook` or :mod:`jkncost.cli`, which sit above it.
CONTRIBUTING.md, "How to add a study", lists the steps.
"""
