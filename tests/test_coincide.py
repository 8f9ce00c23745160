"""When the four allocation methods coincide, the reader is told why (issue 26, item 3), and a study with
two cost classes says what TC2 and UC2 then mean (item 2)."""

from __future__ import annotations

import math

import pytest

from jkncost.cli.main import main
from jkncost.costing.allocation import METHODS
from jkncost.costing.coincide import why_methods_coincide
from jkncost.costing.unitcost import compare_methods

from .v2_hospitals import make_hospital

NAN = math.nan
CENTERS = [("S1", "support", NAN, NAN, NAN), ("S2", "support", NAN, NAN, NAN), ("P1", "production", 10, NAN, NAN),
           ("P2", "production", 20, NAN, NAN)]
COSTS = [("S1", "SVC", "gaji", 100), ("S2", "VC", "BHP", 60), ("P1", "VC", "BHP", 10), ("P2", "VC", "BHP", 20)]


def _spread(h) -> float:
    t = compare_methods(h).pivot(index="center", columns="method", values="UC1")[list(METHODS)]
    return float((t.max(axis=1) - t.min(axis=1)).max())


def test_one_floor_area_table_for_every_sender_makes_the_methods_coincide_and_says_why():
    # both support centers send by floor area: P1 1,000 m2, P2 3,000 m2, and to each other
    bases = [("S1", "", "", "S2", 200), ("S1", "", "", "P1", 1000), ("S1", "", "", "P2", 3000),
             ("S2", "", "", "S1", 500), ("S2", "", "", "P1", 1000), ("S2", "", "", "P2", 3000)]
    h = make_hospital(CENTERS, COSTS, bases)
    assert _spread(h) < 1e-9
    why = why_methods_coincide(h)
    assert why.key == "costing.methods_coincide.one_basis" and "one basis" in why
    assert "satu dasar alokasi" in why.in_lang("id")


def test_no_service_between_support_centers_makes_the_methods_coincide_and_says_why():
    bases = [("S1", "", "", "P1", 1), ("S1", "", "", "P2", 1), ("S2", "", "", "P1", 1), ("S2", "", "", "P2", 3)]
    h = make_hospital(CENTERS, COSTS, bases)
    assert _spread(h) < 1e-9
    assert why_methods_coincide(h).key == "costing.methods_coincide.no_mutual"


def test_methods_that_differ_get_no_explanation():
    bases = [("S1", "", "", "S2", 1), ("S1", "", "", "P1", 1), ("S1", "", "", "P2", 1),
             ("S2", "", "", "S1", 1), ("S2", "", "", "P1", 1), ("S2", "", "", "P2", 3)]
    h = make_hospital(CENTERS, COSTS, bases)
    assert _spread(h) > 0.01
    assert why_methods_coincide(h) is None


def test_two_cost_classes_are_said_by_unitcost_validate_and_the_hospital_notes(tmp_path, capsys):
    folder = tmp_path / "rs"
    folder.mkdir()
    (folder / "cost_centers.csv").write_text("center,kind,output\nHD,production,100\n")
    (folder / "costs.csv").write_text("center,category,component,amount\nHD,biaya tetap,gaji dan AIC,5000\n"
                                      "HD,biaya variabel,BHP,1000\n")
    assert main(["unitcost", str(folder), "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "warning: costs.csv has two cost classes only (FC and VC, no SVC): TC2 = SVC + VC equals TC3" in err
    assert main(["validate", str(folder)]) == 0
    assert "warning: costs.csv has two cost classes only" in capsys.readouterr().out


def test_three_cost_classes_give_no_such_warning(example_dir):
    from jkncost.costing import read_hospital

    assert not any(getattr(n, "key", "") == "costing.note.two_classes" for n in read_hospital(example_dir).notes)


@pytest.mark.parametrize("method", ["double"])
def test_example_hospital_methods_differ_and_no_reason_is_given(example_dir, method):
    from jkncost.costing import read_hospital

    h = read_hospital(example_dir)
    assert _spread(h) > 1 and why_methods_coincide(h) is None
