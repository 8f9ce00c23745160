"""Study-specific glue: one package per reproduced study, its readers, source audit, model and figures apart.

``jkncost.studies.pasangkayu`` (seed 002) and ``jkncost.studies.bone`` (seed 004); each re-exports its
public names, so ``from jkncost.studies import pasangkayu as pk`` is enough. The generic methods live in
the topic modules (``jkncost.core.audit``, ``jkncost.costing.tariff``, ``jkncost.costing.unitcost`` ...).
"""
