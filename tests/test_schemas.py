"""Output contracts: the tables the compendium writes are checked before they are written."""

import numpy as np
import pandas as pd
import pytest

from jkncost.core import comparison
from jkncost.costing import read_hospital
from jkncost.core.schemas import SchemaError, check_comparison, check_flows, check_unit_cost
from jkncost.costing.unitcost import unit_cost


@pytest.fixture
def result(example_dir):
    return unit_cost(read_hospital(example_dir), "double", bor=0.8)


def test_engine_output_meets_the_contract(result):
    check_unit_cost(result.unit_cost)
    check_flows(result.flows)


@pytest.mark.parametrize("breakage, words", [
    (lambda t: t.assign(UC1=t["UC1"] * 1.01), "UC1 = TC1 / output"),
    (lambda t: t.assign(TC2=t["TC1"] * 2, UC2=t["TC1"] * 2 / t["output"]), "TC1 >= TC2"),
    (lambda t: t.assign(TC3=-t["TC3"], UC3=-t["UC3"]), "column 'TC3'"),
    (lambda t: pd.concat([t, t.iloc[[0]]], ignore_index=True), "column 'center'"),
    (lambda t: t.assign(extra=1.0), "extra"),
    (lambda t: t[["output", "center", *t.columns[2:]]], "column_ordered"),
])
def test_broken_unit_cost_tables_are_refused(result, breakage, words):
    with pytest.raises(SchemaError, match="unit cost table") as err:
        check_unit_cost(breakage(result.unit_cost.copy()))
    assert words in str(err.value)


def test_center_without_output_has_cost_but_no_unit_cost():
    # format v2: a production center whose output is not measured keeps its TC, its UC stays empty
    t = pd.DataFrame({"center": ["A", "B"], "output": [10.0, np.nan], "TC1": [100.0, 5.0], "TC2": [50.0, 4.0],
                      "TC3": [20.0, 1.0], "UC1": [10.0, np.nan], "UC2": [5.0, np.nan], "UC3": [2.0, np.nan]})
    check_unit_cost(t)
    with pytest.raises(SchemaError, match="UC1 = TC1 / output"):
        check_unit_cost(t.assign(UC1=[10.0, 5.0]))  # a placeholder unit cost is a defect


def test_crr_columns_follow_the_tariff():
    t = pd.DataFrame({"center": ["A", "B"], "output": [10.0, np.nan], "TC1": [100.0, 5.0], "TC2": [50.0, 4.0],
                      "TC3": [20.0, 1.0], "UC1": [10.0, np.nan], "UC2": [5.0, np.nan], "UC3": [2.0, np.nan],
                      "tariff": [8.0, 3.0], "CRR1": [80.0, np.nan], "CRR2": [160.0, np.nan], "CRR3": [400.0, np.nan]})
    check_unit_cost(t)
    with pytest.raises(SchemaError, match="CRR2 = 100 x tariff / UC2"):
        check_unit_cost(t.assign(CRR2=[1.6, np.nan]))  # a ratio, not percent
    with pytest.raises(SchemaError, match="tariff"):
        check_unit_cost(t.assign(tariff=[0.0, 3.0]))


def test_flows_to_self_are_refused(result):
    bad = result.flows.copy()
    bad.loc[0, "to"] = bad.loc[0, "from"]
    with pytest.raises(SchemaError, match="no center sends to itself"):
        check_flows(bad)


def test_comparison_contract():
    ok = comparison.table([comparison.Comparison("UC3 VIP", 100.0, 100.4, comparison.EXACT),
                           comparison.Comparison("ATP VIP", 5.0, None, comparison.NOT_REPRODUCIBLE, note="no data")])
    assert list(ok["status"]) == ["exact", "not reproducible"]
    bad = ok.copy()
    bad.loc[1, "note"] = ""
    with pytest.raises(SchemaError, match="carries a note"):
        check_comparison(bad)


def test_pandera_is_imported_only_when_a_contract_is_broken_or_asked_for():
    # pandera and what it imports cost about half a second: not paid by a run whose outputs keep the rules
    import subprocess
    import sys

    code = ("import sys; from jkncost.costing import read_hospital; from jkncost.costing.unitcost import unit_cost; "
            "from jkncost.core import paths; unit_cost(read_hospital(paths.raw('example_hospital')), "
            "'reciprocal', bor=0.8); print('pandera' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_numpy_pass_and_the_pandera_schema_agree_on_every_rule(result):
    # both are generated from one rule list (schemas.Contract): a table passes the one exactly when it passes
    # the other, for each way of breaking a rule
    from jkncost.core import schemas

    def pandera_passes(which, t):
        try:
            schemas._validate(which, t)
        except SchemaError:
            return False
        return True

    uc, flows = result.unit_cost, result.flows
    rng = np.random.default_rng(3)
    tables = [uc, uc.drop(columns=schemas.NORMATIVE_COLUMNS), uc.assign(UC1=uc["UC1"] * 1.01),
              uc.assign(TC3=-uc["TC3"]), uc.assign(output=0.0), uc.assign(center=uc["center"].iloc[0]),
              uc.assign(UC2=np.nan), uc.assign(output_normative=-1.0), uc.assign(TC1=uc["TC2"] * 0.5),
              uc.assign(tariff=uc["UC1"] * 2, CRR1=200.0, CRR2=100 * uc["UC1"] * 2 / uc["UC2"],
                        CRR3=100 * uc["UC1"] * 2 / uc["UC3"]),
              uc.assign(tariff=uc["UC1"] * 2, CRR1=2.0, CRR2=2.0, CRR3=2.0)]
    for t in tables:
        assert schemas.holds(schemas.UNIT_COST_CONTRACT, t) == pandera_passes("UNIT_COST", t)
    bad = flows.copy()
    bad.loc[0, "to"] = bad.loc[0, "from"]
    for t in (flows, bad, flows.assign(category="XX"), flows.assign(amount=-1.0),
              flows.assign(amount=rng.normal(size=len(flows))), flows.assign(stage=None)):
        assert schemas.holds(schemas.FLOWS_CONTRACT, t) == pandera_passes("FLOWS", t)
    assert sum(schemas.holds(schemas.UNIT_COST_CONTRACT, t) for t in tables) == 3  # the good ones pass both


def test_the_numpy_pass_of_the_comparison_contract_never_passes_what_pandera_refuses():
    # comparison.csv goes through the numpy pass first (no pandera import for a good table); the pass may
    # refuse more than the schema (then the schema decides), never less
    from jkncost.core import schemas

    def pandera_passes(t):
        try:
            schemas._validate("COMPARISON", t)
        except SchemaError:
            return False
        return True

    ok = comparison.table([comparison.Comparison("UC3 VIP", 100.0, 100.4, comparison.EXACT),
                           comparison.Comparison("ATP VIP", 5.0, None, comparison.NOT_REPRODUCIBLE, note="no data")])
    ok = ok[[c for c in schemas.COMPARISON_COLUMNS if c in ok.columns]]
    without_note = ok.copy()
    without_note.loc[1, "note"] = None
    tables = [ok, ok.drop(columns="locations", errors="ignore"), ok.assign(locations="Tabel 4; Abstrak"),
              ok.assign(status="close enough"), without_note, ok.assign(figure=[None, "x"]),
              ok.assign(published=["a", "b"]), ok.assign(published=["1", "2"]), ok.drop(columns="status"),
              ok.assign(note=[None, "no data"]), ok.assign(unit=[1.0, None]), ok[ok.columns[::-1]]]
    fast = [schemas.holds(schemas.COMPARISON_CONTRACT, t) for t in tables]
    for t, f in zip(tables, fast):
        assert not f or pandera_passes(t), t
    assert fast[:3] == [True, True, True] and fast[-1] and fast[-3]
    assert not any(fast[3:7]) and not fast[8]
