"""Every study's card figure reads at card size (issue 27, item 3).

The report's index shows one figure per study, the one saved as ``headline_*.png``
(:mod:`jkncost.compendium.report`), about 450 px wide. Each is drawn here by the function its notebook
calls, from the bundled data, in Indonesian, and measured as the report shows it
(:func:`tests.test_figures.text_sizes_as_shown`): every text 8 pt or more, one panel, bars from zero.
The detailed figures stay in the notebooks (``tests/test_figures.py`` measures them at page width).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from jkncost.core import paths
from tests.label_check import Checker, figure_texts
from tests.test_figures import MIN_PX, text_sizes_as_shown

CARD_PX = 450
REPO = Path(__file__).resolve().parents[1]

#: The function that draws each study's card figure, as its notebook calls it.
CARD_FUNCTIONS = {"unit_cost": "methods_card", "methods": "methods_card", "pasangkayu": "pk.tariff_card",
                  "caesarean": "co.plot_card", "activity_costing": "ta.side_by_side_card",
                  "jkn_rules": "contributions_headline", "bone": "bone.headline_figure"}


def _unit_cost():
    from jkncost import plots
    from jkncost.costing import read_hospital
    from jkncost.costing.unitcost import compare_methods

    h = read_hospital(paths.raw("example_hospital"))
    measured = [c for c in h.production_centers if c not in h.without_output]
    m = compare_methods(h)
    return plots.methods_card(m[m["center"].isin(measured)], 1, lang="id", centers=measured)


def _methods():
    from jkncost import plots
    from jkncost.costing.unitcost import compare_methods
    from jkncost.labels import label
    from jkncost.studies import pasangkayu as pk

    return plots.methods_card(compare_methods(pk.load_hospital()), 3, lang="id", centers=pk.CLASSES,
                              title=label("teaching.methods", "id", level="UC3", hospital="pasangkayu"))


def _pasangkayu():
    from jkncost.costing.unitcost import unit_cost
    from jkncost.studies import pasangkayu as pk

    return pk.tariff_card(pk.tariff_table(unit_cost(pk.load_hospital(), "double").unit_cost, pk.CLASSES), lang="id")


def _caesarean():
    from jkncost import cohort as co
    from jkncost.studies.caesarean import model as synthetic
    from jkncost.studies.caesarean.tables import provenance_label

    return co.plot_card(synthetic.generate(20240601, 60).cohort, lang="id", provenance=provenance_label(20240601, "id"))


def _activity_costing():
    from jkncost.activity import hospital_unit_costs, read_activity_folder, run_activity
    from jkncost.teaching import activity as ta

    ucs = hospital_unit_costs(paths.raw("example_hospital"), "double")
    result = run_activity(read_activity_folder(paths.raw("activity_example")), markup=0.2, hospital_unit_costs=ucs)
    return ta.side_by_side_card(ta.side_by_side(result.tables["cost_objects"], ucs), "double", lang="id")


def _jkn_rules():
    from jkncost.jkn.contributions import history
    from jkncost.studies.jkn_rules.figures import contributions_headline

    return contributions_headline({k: history("pbpu", "2014-01-01", "2026-01-01", care_class=k) for k in (1, 2, 3)},
                                  lang="id")


def _bone():
    from jkncost.studies import bone

    t = bone.procedure_tariffs(bone.load()["procedures"], 0.4, 5000.0, "nearest")
    return bone.headline_figure(t, lang="id", markup=0.4)


CARDS = {"unit_cost": _unit_cost, "methods": _methods, "pasangkayu": _pasangkayu, "caesarean": _caesarean,
         "activity_costing": _activity_costing, "jkn_rules": _jkn_rules, "bone": _bone}


#: Names from the data that a card shows outside its axes' ticks (a hospital's folder, a procedure annotated).
DATA_NAMES = {"methods": {"pasangkayu"}}


def _bone_names() -> set[str]:
    from jkncost.studies import bone

    return set(bone.load()["procedures"]["procedure"])


@pytest.mark.slow  # a second or two each: the studies' data are computed
@pytest.mark.parametrize("study", sorted(CARDS))
def test_the_card_figure_reads_at_card_size(study):
    fig = CARDS[study]()
    small = sorted({(text[:40], round(px / 96 * 72, 1)) for text, px in text_sizes_as_shown(fig, shown_px=CARD_PX)
                    if px < MIN_PX - 1e-9})
    assert not small, small  # (text, pt as shown)
    assert len(fig.axes) == 1  # one panel, one message
    ax = fig.axes[0]
    # Indonesian throughout (lang id): every text a label, a number or a name of the data (the bars' groups)
    names = {t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()} | DATA_NAMES.get(study, set())
    names |= _bone_names() if study == "bone" else set()
    texts = figure_texts(fig) + [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert [t for t in texts if not Checker(names).ok(t)] == []
    if ax.patches:  # bars: from zero on a linear axis, none cut off
        horizontal = ax.get_xlim()[0] == 0 and ax.get_xscale() == "linear"
        vertical = ax.get_ylim()[0] == 0 and ax.get_yscale() == "linear"
        assert horizontal or vertical
        top = ax.get_xlim()[1] if horizontal else ax.get_ylim()[1]
        assert all((p.get_width() if horizontal else p.get_height()) <= top for p in ax.patches)
    plt.close(fig)


def test_the_detailed_figure_would_not_read_at_card_size():
    """Why the card has a figure of its own: the notebook's methods figure, 7 centers x 4 methods, is 5.9 pt."""
    from jkncost import plots
    from jkncost.costing import read_hospital
    from jkncost.costing.unitcost import compare_methods

    h = read_hospital(paths.raw("example_hospital"))
    fig = plots.methods_bars(compare_methods(h), 3, lang="id", note="catatan")
    assert min(px for _, px in text_sizes_as_shown(fig, shown_px=CARD_PX)) < MIN_PX
    plt.close(fig)


def test_every_notebook_saves_its_card_figure_with_the_card_function():
    """A notebook's ``headline_*.png`` (the card's figure) comes from the function measured above."""
    found = {}
    for nb in sorted((REPO / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            source = "".join(cell["source"]) if cell["cell_type"] == "code" else ""
            for line_no, line in enumerate(source.splitlines()):
                if re.search(r"save_figure\(\s*(\w+)\s*,[^)]*headline_", line):
                    figure = re.search(r"save_figure\(\s*(\w+)", line).group(1)
                    made = [ln for ln in source.splitlines()[:line_no] if re.match(rf"\s*{figure}\s*=", ln)]
                    found.setdefault(nb.stem, []).append(made[-1] if made else "")
    assert set(found) == set(CARD_FUNCTIONS), found
    for study, made in found.items():
        assert all(CARD_FUNCTIONS[study] + "(" in m for m in made), (study, made)
