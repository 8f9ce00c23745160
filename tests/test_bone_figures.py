"""Seed 004 (Bone): the notebook's figures and reader tables, in Indonesian with lang id and honest to the numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from jkncost.core import comparison
from jkncost.core.statuses import STATUSES
from jkncost.costing import rvu
from jkncost.studies import bone
from jkncost.studies.bone import tables as bt
from jkncost.studies.bone.figures import percent, rule_text
from tests.label_check import Checker, figure_texts


@pytest.fixture(scope="module")
def data():
    return bone.load()


@pytest.fixture(scope="module")
def checker(data):
    # data values a bone figure may show: procedure and class names
    return Checker(set(data["procedures"]["procedure"]) | set(data["classes"]["class"]))


@pytest.fixture(scope="module")
def tariffs(data):
    return bone.procedure_tariffs(data["procedures"], 0.4, 5000.0, "nearest")


@pytest.fixture(scope="module")
def norm(data):
    return bone.normative_by_convention(data["classes"], data["text"], bor=0.8)


@pytest.fixture(scope="module")
def audit(data):
    return bone.source_audit(data, bor=0.8)


def test_percent_and_rule_text_use_the_marks_of_the_language():
    assert percent(0.4, "id") == "40%" and percent(0.425, "id") == "42,5%" and percent(0.425) == "42.5%"
    assert rule_text(5000.0, "nearest", "id") == "ke Rp 5.000 terdekat"
    assert rule_text(10000.0, "up", "en") == "up to a multiple of Rp 10,000"


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_tariff_figure_in_indonesian_from_zero_with_rupiah_axes(tariffs, checker):
    fig = bone.tariff_figure(tariffs, lang="id", markup=0.4, step=5000.0, direction="nearest")
    texts = figure_texts(fig)
    assert [t for t in texts if not checker.ok(t)] == []
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["Radiologi", "Fisioterapi", "Hemodialisa", "NICU"]
    for ax in fig.axes:
        assert ax.get_xlim()[0] == 0  # bars from zero
        ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert ticks and all(t.startswith("Rp") for t in ticks)
        assert ax.get_xlim()[1] >= max(p.get_width() for p in ax.patches)  # no bar cut off
    assert any("asumsi" in t.get_text() and "40%" in t.get_text() and "Rp 5.000" in t.get_text() for t in fig.texts)
    plt.close(fig)


def test_tariff_figure_says_in_english_that_the_rules_are_identified(tariffs):
    fig = bone.tariff_figure(tariffs, lang="en", markup=0.4, step=5000.0, direction="nearest")
    captions = [t.get_text() for t in fig.texts]
    assert any("not stated in the paper" in t and "40%" in t and "Rp 5,000" in t for t in captions)
    assert sum(len(ax.get_yticklabels()) for ax in fig.axes) == len(tariffs)
    plt.close(fig)


def test_class_figure_in_indonesian_says_the_bor_range_is_assumed(norm, checker):
    fig = bone.class_figure(norm, lang="id", bor=0.8)
    texts = figure_texts(fig)
    assert [t for t in texts if not checker.ok(t)] == []
    ax = fig.axes[0]
    assert ax.get_ylim()[0] == 0
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) == norm.groupby(["class", "level"]).ngroups and "Kelas III UC-1" in legend
    note = " ".join(t.get_text() for t in fig.texts)
    assert "40%" in note and "100%" in note and "asumsi" in note and "80%" in note
    plt.close(fig)


def test_class_figure_draws_uc3_flat_and_each_tariff(norm):
    fig = bone.class_figure(norm, lang="en", bor=0.8)
    ax = fig.axes[0]
    curves = [ln for ln in ax.lines if len(ln.get_xdata()) > 2]
    flat = [ln for ln in curves if ln.get_linestyle() == ":"]
    assert len(flat) == (norm["level"] == 3).groupby(norm["class"]).any().sum()
    assert all(len(set(ln.get_ydata())) == 1 for ln in flat)  # UC-3 does not move with the BOR
    assert len(ax.lines) == len(curves) + norm["class"].nunique() + 1  # one tariff line per class, one BOR line
    plt.close(fig)


def test_every_audit_check_has_an_indonesian_name(audit):
    for check in audit["check"].unique():
        assert bt.check_label(check, "id") != check or check in {"UC-1 >= UC-2 >= UC-3", "TC1 - TC2 = FC", "TC3 = VC"}
        assert bt.check_label(check, "en") == check
    assert bt.check_label("a check nobody wrote", "id") == "a check nobody wrote"


def test_discrepancy_summary_one_row_per_check_with_the_first_rows_numbers(audit):
    s = bt.discrepancy_summary(audit, "en")
    disc = audit[audit["status"] == "discrepancy"]
    assert len(s) == disc["check"].nunique() and s["rows"].sum() == len(disc)
    first = disc.iloc[0]
    assert s.iloc[0]["published"] == f"{first['published']:,.0f}" and s.iloc[0]["location"] == first["location"]
    words = s[s["check"].str.startswith("text contradicts itself")]
    assert (words["published"] == "").all()  # contradictions in words carry no numbers


def test_audit_status_counts_in_indonesian(audit):
    counts = bt.audit_status_counts(audit, "id")
    assert set(counts["status"]) == {"konsisten", "ketidaksesuaian", "turunan"}
    assert counts["checks"].sum() == len(audit)


def test_comparison_summary_counts_every_row_once(data):
    table = comparison.table(bone.comparison_rows(data, markup=0.4, step=5000.0, direction="nearest", bor=0.8))
    s = bt.comparison_summary(table, "id")
    total = s.iloc[-1]
    assert total["kind"] == "jumlah" and total["total"] == len(table)
    assert {st: int(total[st]) for st in STATUSES} == {k: int(v) for k, v in comparison.status_counts(table).items()}
    assert (s.iloc[:-1][list(STATUSES)].sum(axis=1) == s.iloc[:-1]["total"]).all()
    assert not any(k.startswith(("text ", "unit cost")) for k in s["kind"])  # every kind has its Indonesian name


def test_figure_kind():
    assert bt.figure_kind("text UC3 largest (inpatient_classes) | Kelas II") == "text"
    assert bt.figure_kind("smallest proposal | nicu") == "extremes"
    assert bt.figure_kind("BOR normatif | Tabel 5 no 1 Kelas VIP Utama [left out]") == "loo_bor"


def test_loo_summary_and_tariff_hits(data, tariffs):
    loo = bone.leave_one_out(data["procedures"], data["classes"])
    s = bt.loo_summary(loo, "id")
    assert s["predictions"].sum() == len(loo) and s["hits"].sum() == int(loo["within"].sum())
    assert (s["hits"] + s["misses"] == s["predictions"]).all()
    assert s["rule"].iloc[0] == "asumsi tarif = faktor x biaya satuan"
    hits = bt.tariff_hits(tariffs, "id")
    assert list(hits["unit"]) == ["Radiologi", "Fisioterapi", "Hemodialisa", "NICU"]
    assert hits["n"].sum() == len(tariffs)
    assert hits["proposal_hits"].sum() == int((tariffs["proposal_difference"] == 0).sum())


def test_column_readings_and_matches(data):
    cols = bone.class_columns(data["classes"], data["text"])
    r = bt.column_readings(cols, "id")
    assert list(r["column"]) == list(cols["column"]) and set(r["holds"]) <= {"ya", "tidak"}
    view = data["classes"].set_index("class").assign(abstract_bor80=lambda d: d["tarif_rasional"])
    m = bt.column_matches(view, ["unit_cost", "tarif_rasional"])
    assert m["classes_equal"].tolist() == [0, len(view)]


def test_rvu_extremes(data):
    proc = data["procedures"]
    implied = pd.concat([g.assign(rvu_implied=rvu.implied_rvu(g["unit_cost"])) for _, g in proc.groupby("unit", sort=False)])
    r = bt.rvu_extremes(implied, "en")
    assert list(r["unit"]) == ["Radiology", "Physiotherapy", "Hemodialysis", "NICU"]
    assert (r["rvu_largest"] >= 1).all()
    nicu = r[r["unit"] == "NICU"].iloc[0]
    assert nicu["rvu_one"] == proc.loc[proc.loc[proc["unit"] == "nicu", "unit_cost"].idxmin(), "procedure"]


def test_short_number():
    assert bt.short_number(1.4, "id") == "1,4" and bt.short_number(2.0, "en") == "2"


#: Width in CSS pixels of a card's figure in the report's index (the side column of a 1100-px page).
CARD_PX = 450


def test_the_card_figure_has_one_message_readable_at_card_size():
    """The report's card shows one figure at about 450 px: Bone's was 15 lines and a caption. The headline is
    one panel, two groups of points and a line, no caption, every text 8 pt or more at card width."""
    import matplotlib.pyplot as plt

    from jkncost.studies import bone
    from tests.test_figures import MIN_PX, text_sizes_as_shown

    t = bone.procedure_tariffs(bone.load()["procedures"], 0.4, 5000.0, "nearest")
    fig = bone.headline_figure(t, lang="id", markup=0.4)
    assert len(fig.axes) == 1 and not fig.texts  # one panel, no caption
    assert len(fig.axes[0].lines) <= 3
    small = [(text, round(px, 1)) for text, px in text_sizes_as_shown(fig, shown_px=CARD_PX) if px < MIN_PX]
    assert not small, small
    plt.close(fig)
    fig = bone.class_figure(bone.normative_by_convention(bone.load()["classes"], bone.load()["text"]), lang="id", bor=0.8)
    assert [px for _, px in text_sizes_as_shown(fig, shown_px=CARD_PX) if px < MIN_PX]  # why it is not the card's
    plt.close(fig)
