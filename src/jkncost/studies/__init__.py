"""Study-specific glue: reading one study's transcribed tables and checking them against the source.

One module per reproduced study (``jkncost.studies.<study>``); the generic methods live in the
topic modules (``jkncost.compendium.audit``, ``jkncost.costing.tariff``, ``jkncost.costing.unitcost`` ...).
"""
