"""Pasangkayu results that several tests check, each computed once per test process (seconds of CPU each).

Under the study's defaults (double distribution, split A02, the paper's rule): the tariff table, the headline
comparison, the source checks and the source audit, as ``tests/test_pasangkayu_study.py``,
``test_pasangkayu_findings.py`` and ``test_pasangkayu_data.py`` computed them in each test before. Every function
returns a fresh copy, so what one test does with it changes nothing for another, whatever their order. That the
library gives the same audit on every call is itself tested, against a fresh computation
(``test_pasangkayu_data.py::test_source_audit_finds_the_known_text_discrepancies``).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from jkncost.costing.unitcost import unit_cost
from jkncost.studies import pasangkayu as pk


@cache
def _tariffs() -> pd.DataFrame:
    r = unit_cost(pk.load_hospital(), "double")
    return pk.tariff_table(r.unit_cost, pk.CLASSES).set_index("class")


@cache
def _headline() -> pd.DataFrame:
    t = _tariffs()
    return pk.headline_comparison(t["UC3"], t["rational_tariff"])


@cache
def _source_checks() -> pd.DataFrame:
    return pk.source_checks()


@cache
def _source_audit() -> pd.DataFrame:
    return pk.source_audit()


def tariffs() -> pd.DataFrame:
    """``pk.tariff_table`` of the defaults (``unit_cost(pk.load_hospital(), "double")``), indexed by class."""
    return _tariffs().copy()


def headline() -> pd.DataFrame:
    """``pk.headline_comparison(t["UC3"], t["rational_tariff"])`` of :func:`tariffs`."""
    return _headline().copy()


def source_checks() -> pd.DataFrame:
    """``pk.source_checks()``."""
    return _source_checks().copy()


def source_audit() -> pd.DataFrame:
    """``pk.source_audit()``."""
    return _source_audit().copy()
