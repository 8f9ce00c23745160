"""Figures that communicate: every text in Indonesian with lang id, bars from zero, readable rupiah axes.

Each figure function of the package that the notebooks call with ``lang`` (methods, unit_cost,
Pasangkayu's shared figures) is rendered with ``lang="id"`` and every text it draws (titles, axis
labels, tick labels, legends, captions, annotations) must be a label from the catalogue's Indonesian
side (with its fields filled by other allowed texts), a data value (center names, tariff names) or a
number / rupiah value.
"""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import Rectangle

from jkncost import plots
from jkncost.core import paths
from jkncost.costing import read_hospital
from jkncost.costing.allocation import METHODS
from jkncost.costing.unitcost import allocation_shares, compare_methods, unit_cost
from jkncost.labels import label
from jkncost.sensitivity import (Model, default_inputs, monte_carlo, plot_intervals, plot_sobol,
                                 plot_support_flows, plot_tornado, read_asset_assumptions, register_from_fc,
                                 sobol_indices, tornado)
from tests.label_check import Checker
from tests.label_check import figure_texts as texts


@pytest.fixture(scope="module")
def hospital():
    return read_hospital(paths.raw("example_hospital"))


@pytest.fixture(scope="module")
def model(hospital):
    reg = register_from_fc(hospital, read_asset_assumptions(paths.raw("methods", "asset_assumptions_illustrative.csv")))
    return Model.from_hospital(hospital, "double", assets=reg, rate=0.036)


def test_checker_catches_english_and_mixed_text():
    c = Checker({"Kelas III"})
    assert c.ok("biaya tetap (FC)") and c.ok("Rp 1,2 jt") and c.ok("dasar alokasi Kelas III -> Kelas III")
    assert not c.ok("unit cost (Rp per unit)")
    assert not c.ok("Tornado: UC3 per kelas, Kelas III input low")
    assert not c.ok("basis Kelas III -> Kelas III")


def figures_in_indonesian(hospital, model):
    """Every figure function the notebooks call with lang, rendered with lang id (notes from the catalogue)."""
    note = label("teaching.caption_example", "id")
    classes = ["VIP", "Kelas I", "Kelas II", "Kelas III"]
    r = unit_cost(hospital, "double")
    yield "cost_composition", plots.cost_composition(hospital.direct_costs(), lang="id", note=note)
    yield "flow_heatmap", plots.flow_heatmap(r.flows, hospital.names, lang="id", note=note)
    yield "methods_bars", plots.methods_bars(compare_methods(hospital), 3, lang="id", centers=classes, note=note)
    yield "share_heatmap", plots.share_heatmap({m: allocation_shares(hospital, m) for m in METHODS}, lang="id", note=note)
    u = r.unit_cost.set_index("center")
    fixed = {f"UC{k}": u.loc["Kelas III", f"TC{k}"] - u.loc["Kelas III", "TC3"] for k in (1, 2, 3)}
    vc = u.loc["Kelas III", "TC3"] / u.loc["Kelas III", "output"]
    yield "break_even", plots.break_even("Kelas III", fixed, vc, {"Perda": 60000.0}, beds=30, actual=u.loc["Kelas III", "output"], lang="id",
                                         note=note)
    t = tornado(model, default_inputs(model), tariff={"rule": "fraction_of_uc", "fraction": 0.95, "centers": classes})
    yield "tornado", plot_tornado(t, "UC1", classes, lang="id", note=note)
    yield "tornado_tariff", plot_tornado(t, "tariff", classes, lang="id", note=note)
    mc = monte_carlo(model, {"output": ("triangular", -0.1, 0.1)}, n_draws=200, seed=1)
    yield "intervals", plot_intervals(mc.summary(centers=classes), "UC3", classes, lang="id", note=note,
                                      reference={"Perda": {"Kelas III": 60000.0}})
    s = sobol_indices(model, {"output": ("triangular", -0.1, 0.1), "rate": ("uniform", -0.02, 0.04)}, n=64,
                      n_resamples=20, level=1, centers=classes)
    yield "sobol", plot_sobol(s, classes, quantity="UC1", lang="id", note=note)
    flows = {m: unit_cost(hospital, m).flows for m in ("direct", "stepdown", "double", "reciprocal")}
    support = hospital.support_centers[0]
    yield "support_flows", plot_support_flows(flows, support, [c for c in hospital.names if c != support],
                                              lang="id", note=note)


@pytest.fixture(scope="module")
def indonesian_figures(hospital, model):
    """:func:`figures_in_indonesian`, drawn once for the four checks that read them (each check draws or saves a
    figure as it did when it drew its own: drawing again changes nothing they read); closed after the module."""
    figures = list(figures_in_indonesian(hospital, model))
    yield figures
    for _, fig in figures:
        plt.close(fig)


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_every_text_of_every_figure_is_indonesian_with_lang_id(hospital, model, indonesian_figures):
    data = set(hospital.names) | {"Perda", "INA-CBG", "VIP", "Kelas I", "Kelas II", "Kelas III", "FC", "SVC", "VC"}
    data |= set(model.assets["group"]) if model.assets is not None else set()
    check = Checker(data)
    bad = {}
    for name, fig in indonesian_figures:
        wrong = [t for t in texts(fig) if not check.ok(t)]
        if wrong:
            bad[name] = wrong
    assert not bad, bad


def _bar_axes(fig):
    for ax in fig.axes:
        bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() * p.get_height() != 0]
        if bars:
            yield ax, bars


def bars_start_at_zero(fig) -> list[str]:
    """Problems of a bar chart: a value axis not linear, or not starting at zero."""
    problems = []
    for ax, bars in _bar_axes(fig):
        # a bar chart's value axis is the one the bars grow along: where their lengths vary
        widths = {round(b.get_width(), 9) for b in bars}
        along_x = len(widths) > 1 or (len(bars) == 1 and bars[0].get_width() > bars[0].get_height())
        lo = ax.get_xlim()[0] if along_x else ax.get_ylim()[0]
        scale = ax.get_xscale() if along_x else ax.get_yscale()
        if scale != "linear":
            problems.append(f"{ax.get_title()}: {scale} value axis")
        elif lo != 0:
            problems.append(f"{ax.get_title()}: value axis starts at {lo:g}")
    return problems


def test_bar_check_catches_a_log_axis_and_a_cut_axis():
    fig, ax = plt.subplots()
    ax.bar([0, 1, 2], [400_000, 420_000, 430_000])
    ax.set_yscale("log")
    assert bars_start_at_zero(fig)
    ax.set_yscale("linear")
    ax.set_ylim(390_000, 440_000)
    assert bars_start_at_zero(fig)
    ax.set_ylim(0, 440_000)
    assert not bars_start_at_zero(fig)
    plt.close(fig)


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_bar_charts_start_at_zero_on_a_linear_axis(indonesian_figures):
    checked = 0
    for name, fig in indonesian_figures:
        if name in ("cost_composition", "methods_bars", "sobol", "support_flows"):
            problems = bars_start_at_zero(fig)
            assert not problems, (name, problems)
            checked += 1
    assert checked == 4


@pytest.mark.parametrize("value, lang, expected", [
    (400_000, "id", "Rp 400 rb"), (1_200_000, "id", "Rp 1,2 jt"), (400_000, "en", "Rp 400k"),
    (1_200_000, "en", "Rp 1.2M"), (999_999, "id", "Rp 1 jt"), (3_450_000_000, "id", "Rp 3,45 M"),
    (3_450_000_000, "en", "Rp 3.45B"), (12.5, "en", "Rp 12.5"), (-50_000, "id", "-Rp 50 rb"),
])
def test_readable_rupiah_units(value, lang, expected):
    assert plots.rupiah_short(value, lang) == expected


def test_rupiah_axis_ticks_are_readable():
    fig, ax = plt.subplots()
    ax.bar([0, 1], [250_000, 1_500_000])
    plots.rupiah_axis(ax, "y", "id")
    ticks = [t.get_text() for t in (fig.canvas.draw() or ax.get_yticklabels())]
    assert "Rp 0" in ticks and any(t.endswith(" jt") for t in ticks) and any(t.endswith(" rb") for t in ticks)
    plt.close(fig)


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_heatmap_numbers_do_not_overlap(hospital):
    from jkncost.studies import pasangkayu as pk

    h = pk.load_hospital()
    fig = plots.flow_heatmap(unit_cost(h, "double").flows, h.names, lang="id")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        boxes = [t.get_window_extent(renderer) for t in ax.texts]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not a.overlaps(b), (a, b)
        ticks = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
        assert not any(t.overlaps(b) for t in ticks for b in boxes)  # numbers clear of the axis labels
    plt.close(fig)


def test_palette_is_seaborn_colorblind():
    import seaborn as sns

    assert plots.PALETTE == sns.color_palette("colorblind").as_hex()


def test_no_figure_module_hard_codes_an_english_axis_label():
    # the figure modules take every text from the catalogue; a literal "set_xlabel('...')" would bypass it
    import inspect

    from jkncost.sensitivity import figures

    for module in (plots, figures):
        src = inspect.getsource(module)
        assert not re.search(r"set_[xy]label\(\s*[\"']", src), module.__name__
        assert not re.search(r"set_title\(\s*[\"']", src), module.__name__


def test_flows_bars_are_in_rupiah_not_millions(hospital):
    fig = plot_support_flows({"double": unit_cost(hospital, "double").flows}, hospital.support_centers[0],
                             list(hospital.names), lang="en")
    fig.canvas.draw()
    assert any(t.get_text().startswith("Rp ") for t in fig.axes[0].get_yticklabels())
    plt.close(fig)


def _clipped_bars(fig) -> list[str]:
    """Bars whose top (or bottom) lies outside the y-limits of their axes: data a reader cannot see."""
    from matplotlib.patches import Rectangle

    out = []
    for ax in fig.axes:
        low, high = sorted(ax.get_ylim())
        for bar in ax.patches:
            if not isinstance(bar, Rectangle) or bar.get_height() == 0:
                continue
            top = max(bar.get_y(), bar.get_y() + bar.get_height())
            bottom = min(bar.get_y(), bar.get_y() + bar.get_height())
            if top > high * (1 + 1e-9) or bottom < low - 1e-9 * abs(low):
                out.append(f"{ax.get_title()!r}: bar at x={bar.get_x():g} spans {bottom:g}..{top:g}, axis {low:g}..{high:g}")
    return out


@pytest.mark.slow  # seconds: make test-fast leaves it to make test
def test_no_figure_clips_its_bars(indonesian_figures):
    """Every bar's top is inside its axes, in every figure of the catalogue (the flows panels share one y-axis:
    a limit frozen at the first method's height once cut off the taller stacks of the others)."""
    clipped = {}
    for name, fig in indonesian_figures:
        fig.canvas.draw()
        if bad := _clipped_bars(fig):
            clipped[name] = bad
    assert not clipped, clipped


@pytest.mark.parametrize("folder", ["example_hospital", "pasangkayu"])
def test_flows_panels_hold_the_tallest_stack_of_any_method(folder):
    """Pasangkayu's Kelas III receives more of the first support center's cost under step-down, double and
    reciprocal than under direct, the first panel: those bars once ran off the top."""
    hospital = read_hospital(paths.raw(folder))
    flows = {m: unit_cost(hospital, m).flows for m in ("direct", "stepdown", "double", "reciprocal")}
    support = hospital.support_centers[0]
    fig = plot_support_flows(flows, support, [c for c in hospital.names if c != support], lang="en")
    tallest = max(f[f["from"] == support].groupby("to")["amount"].sum().max() for f in flows.values())
    assert fig.axes[0].get_ylim()[1] >= tallest and not _clipped_bars(fig)
    plt.close(fig)


@pytest.fixture(scope="module")
def contributions():
    from jkncost.jkn.contributions import history

    s, e = "2014-01-01", "2026-01-01"
    series = {"pbi": history("pbi", s, e), "ppu_government": history("ppu_government", s, e, wage=15e6),
              "ppu_private": history("ppu_private", s, e, wage=15e6), "veteran": history("veteran", s, e, wage=3e6)}
    return series, {k: history("pbpu", s, e, care_class=k) for k in (1, 2, 3)}


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_jkn_figures_are_indonesian_and_the_headline_is_one_panel(contributions):
    from jkncost.studies.jkn_rules.figures import contributions_by_segment, contributions_headline

    series, pbpu = contributions
    check = Checker(set())
    six = contributions_by_segment(series, pbpu, wage=15e6, veteran_base_salary=3e6, lang="id")
    headline = contributions_headline(pbpu, lang="id")
    for fig in (six, headline):
        wrong = [t for t in texts(fig) if not check.ok(t)]
        assert not wrong, wrong
        assert all(ax.get_ylim()[0] == 0 for ax in fig.axes)
    assert len(six.axes) == 6 and len(headline.axes) == 1
    # the headline's lines are the data: the class 3 total on 2026-01-01 is the rule's amount
    line = headline.axes[0].get_lines()[2]
    assert line.get_ydata()[-1] == pbpu[3]["total"].iloc[-1]
    plt.close(six)
    plt.close(headline)


# --- Indonesian decimal marks on axes that are not in rupiah ---------------------------------------
_ID_NUMBER = re.compile(r"^[-\u2212]?\d{1,3}(\.\d{3})*(,\d+)?%?$")  # 7.300 and 1,5: Indonesian marks only


@pytest.mark.parametrize("lang, small, large", [("id", "1,2", "7.000"), ("en", "1.2", "7,000")])
def test_number_axis_uses_the_marks_of_lang(lang, small, large):
    fig, ax = plt.subplots()
    ax.plot([0, 1.5], [0, 7300])
    plots.number_axis(ax, "x", lang)
    plots.number_axis(ax, "y", lang)
    fig.canvas.draw()
    assert small in [t.get_text() for t in ax.get_xticklabels()]
    assert large in [t.get_text() for t in ax.get_yticklabels()]
    plots.number_axis(ax, "x", lang, percent=True)
    ax.set_xlim(0, 0.9)
    fig.canvas.draw()
    assert "80%" in [t.get_text() for t in ax.get_xticklabels()]
    plt.close(fig)


def test_number_text_never_shows_minus_zero():
    assert plots.number_text(-0.0004, "id", 2) == "0,00"
    assert plots.number_text(-1234.5, "id", 1) == "-1.234,5"


def test_break_even_output_and_bor_axes_use_indonesian_marks(hospital):
    u = unit_cost(hospital, "double").unit_cost.set_index("center")
    fixed = {f"UC{k}": u.loc["Kelas III", f"TC{k}"] - u.loc["Kelas III", "TC3"] for k in (1, 2, 3)}
    vc = u.loc["Kelas III", "TC3"] / u.loc["Kelas III", "output"]
    for beds in (None, 30):
        fig = plots.break_even("Kelas III", fixed, vc, {"Perda": 60000.0}, beds=beds,
                               actual=u.loc["Kelas III", "output"], lang="id")
        fig.canvas.draw()
        ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
        assert ticks and all(_ID_NUMBER.match(t) for t in ticks), ticks
        if beds is None:
            assert any("." in t for t in ticks), ticks  # thousands of patient-days carry the Indonesian mark
        plt.close(fig)


def test_heatmap_colour_bar_uses_indonesian_marks(hospital):
    fig = plots.flow_heatmap(unit_cost(hospital, "double").flows, hospital.names, lang="id")
    fig.canvas.draw()
    bars = [ax for ax in fig.axes if ax.get_ylabel() == label("costing.million", "id")]
    ticks = [t.get_text() for ax in bars for t in ax.get_yticklabels() if t.get_text()]
    assert bars and ticks and all(_ID_NUMBER.match(t) for t in ticks), ticks
    plt.close(fig)


def test_caption_lines_are_separate_texts_that_do_not_overlap():
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar([0, 1], [1, 2])
    long = label("pasangkayu.caption", "id", split=label("pasangkayu.split.inpatient_only", "id"))
    plots.caption(fig, [long, label("pasangkayu.assumed_tariffs", "id"), ""])
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert [" ".join(t.get_text().split()) for t in fig.texts] == [long, label("pasangkayu.assumed_tariffs", "id")]
    a, b = (t.get_window_extent(renderer) for t in fig.texts)
    assert not a.overlaps(b) and a.y0 > b.y1
    assert "A03-A06" in fig.texts[0].get_text()  # never broken at a hyphen
    plt.close(fig)


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
def test_pasangkayu_figures_are_indonesian_from_zero_and_linear():
    from jkncost.studies import pasangkayu as pk

    h = pk.load_hospital()
    uc = unit_cost(h, "double").unit_cost
    tariffs = pk.tariff_table(uc, pk.CLASSES)
    sens = pk.sensitivity(h, classes=pk.CLASSES)
    note = [label("pasangkayu.caption", "id", split=label("pasangkayu.split.inpatient_only", "id")),
            label("pasangkayu.assumed_sensitivity", "id")]
    check = Checker(set(pk.CLASSES))
    for name, fig in [("tariff_bars", pk.tariff_bars(tariffs, lang="id", note=note)),
                      ("per_case_bars", pk.per_case_bars(pk.table5(), lang="id", note=label("pasangkayu.note_per_case", "id"))),
                      ("sensitivity", pk.sensitivity_plot(sens, lang="id", note=note))]:
        wrong = [t for t in texts(fig) if not check.ok(t)]
        assert not wrong, (name, wrong)
        if name == "sensitivity":  # deviations from the base case, drawn from the zero line on a linear axis
            assert fig.axes[0].get_xscale() == "linear"
        else:
            assert not bars_start_at_zero(fig), name
            assert any(t.get_text().startswith("Rp ") for t in fig.axes[0].get_yticklabels())
        plt.close(fig)


def test_a_caption_with_line_breaks_keeps_its_lines():
    fig, ax = plt.subplots()
    plots.caption(fig, label("costing.caption_example", "id") + "\n" + label("unitcost_no_output", "id", centers="ICU"))
    assert [t.get_text() for t in fig.texts] == [label("costing.caption_example", "id"),
                                                 label("unitcost_no_output", "id", centers="ICU")]
    plt.close(fig)


#: Width in CSS pixels at which the report's notebook pages show a figure at most (the page is 1100 px wide,
#: less the prompt column and padding); a narrower figure is shown at its own size (``max-width: 100%``).
PAGE_PX = 1000
#: Pixels per inch of the figures the notebooks show inline (the inline backend's ``figure.dpi``).
INLINE_DPI = 100
#: The smallest text a reader should have to read: 8 pt, in CSS pixels (96 px per 72 pt).
MIN_PX = 8 * 96 / 72


def text_sizes_as_shown(fig, shown_px: float = PAGE_PX, dpi: float = INLINE_DPI) -> list[tuple[str, float]]:
    """Every text of ``fig`` with its height in CSS pixels when the figure is saved as the notebooks save
    it (tight bounding box at ``dpi``) and shown at most ``shown_px`` wide."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    natural = Image.open(buffer).size[0]
    scale = min(1.0, shown_px / natural)
    found = []
    for artist in fig.findobj(matplotlib.text.Text):
        if artist.get_visible() and artist.get_text().strip() and artist.get_figure() is not None:
            found.append((artist.get_text(), artist.get_fontsize() * dpi / 72 * scale))
    return found


def test_text_size_check_catches_a_wide_figure():
    fig, ax = plt.subplots(figsize=(20, 3))
    ax.set_title("wide")
    assert min(px for _, px in text_sizes_as_shown(fig)) < MIN_PX
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6.5, 4))
    ax.set_title("narrow")
    assert min(px for _, px in text_sizes_as_shown(fig)) >= MIN_PX
    plt.close(fig)


@pytest.mark.slow  # seconds: make test-fast leaves it to make test
def test_every_text_is_at_least_8_pt_as_the_report_shows_it(indonesian_figures):
    small = {}
    for name, fig in indonesian_figures:
        tiny = sorted({f"{text!r}: {px / 96 * 72:.1f} pt" for text, px in text_sizes_as_shown(fig) if px < MIN_PX - 1e-9})
        if tiny:
            small[name] = tiny[:5] + ([f"... {len(tiny) - 5} more"] if len(tiny) > 5 else [])
    assert not small, small


def test_allocation_shares_trace_each_support_center_to_the_production_centers(hospital):
    direct = allocation_shares(hospital, "direct")
    assert list(direct.index) == hospital.support_centers and list(direct.columns) == hospital.production_centers
    for method in METHODS:
        shares = allocation_shares(hospital, method)
        assert shares.to_numpy().min() >= 0 and shares.sum(axis=1).to_numpy() == pytest.approx(1.0, abs=1e-12)
    # direct: a support center's cost goes to the production centers in the proportions of its basis
    W = hospital.weight_matrix()
    prod = [hospital.names.index(c) for c in hospital.production_centers]
    for s, name in enumerate(hospital.names[: len(hospital.support_centers)]):
        assert direct.loc[name].to_numpy() == pytest.approx(W[s, prod] / W[s, prod].sum(), rel=1e-12)
    # the shares times each support center's cost are what the production centers receive from it, in total
    r = unit_cost(hospital, "reciprocal")
    own = hospital.direct_costs().sum(axis=1)
    received = r.after.sum(axis=1) - own[hospital.production_centers]
    spread = allocation_shares(hospital, "reciprocal").mul(own[hospital.support_centers], axis=0).sum()
    assert spread.to_numpy() == pytest.approx(received.to_numpy(), rel=1e-9)


def test_share_heatmap_is_one_colour_scale_with_percent_cells(hospital):
    shares = {m: allocation_shares(hospital, m) for m in ("direct", "reciprocal")}
    fig = plots.share_heatmap(shares, lang="id")
    heat = [ax for ax in fig.axes if ax.collections and ax.get_title()]
    assert [ax.get_title() for ax in heat] == [plots.method_label(m, "id") for m in shares]
    assert all(ax.collections[0].get_clim() == (0.0, 1.0) for ax in heat)
    cells = [t.get_text() for t in heat[0].texts]
    expected = [f"{100 * v:.0f}%" if v >= 0.005 else "" for v in shares["direct"].to_numpy().ravel()]
    assert cells == expected
    plt.close(fig)
