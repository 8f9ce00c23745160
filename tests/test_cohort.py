"""Patient-level analysis (jkncost.cohort) on a small hand-made cohort, checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jkncost import cohort as co
from jkncost.core import comparison as cmp
from jkncost.core import paths
from jkncost.errors import InputError
from jkncost.studies import caesarean as cs

# Eight hand-made patients (amounts in million rupiah below, multiplied by 1e6).
#             class sec   los age cost  R     G
HAND = [
    ("P1", 3, "no", 3, 25, 5.0, 6.0, 4.0),
    ("P2", 3, "yes", 4, 31, 6.0, 7.0, 4.5),
    ("P3", 3, "no", 3, 28, 5.5, 6.5, 4.0),
    ("P4", 2, "no", 3, 35, 6.5, 7.8, 4.8),
    ("P5", 2, "yes", 5, 22, 7.5, 9.0, 5.4),
    ("P6", 2, "no", 4, 30, 7.0, 8.4, 4.8),
    ("P7", 1, "yes", 4, 27, 8.5, 10.0, 6.3),
    ("P8", 1, "no", 3, 33, 8.0, 9.6, 5.6),
]
M = 1_000_000


def hand_frame(components: bool = True) -> pd.DataFrame:
    rows = []
    for pid, cls, sec, los, age, c, r, g in HAND:
        row = {"patient_id": pid, "care_class": cls, "secondary_diagnosis": sec, "length_of_stay": los, "age": age}
        if components:  # split the cost: room 10%, procedure 50%, drugs 20%, supplies 10%, tests 5%, other 5%
            for comp, share in zip(co.COMPONENTS, (0.10, 0.50, 0.20, 0.10, 0.05, 0.05)):
                row[comp] = round(c * M * share)
        else:
            row["cost_total"] = c * M
        row.update(hospital_tariff=r * M, inacbg_tariff=g * M, inacbg_code="O-6-10-II" if sec == "yes" else "O-6-10-I")
        rows.append(row)
    return pd.DataFrame(rows)


@pytest.fixture
def hand():
    return co.validate_cohort(hand_frame(), "hand.csv")


def test_validated_cohort_types(hand):
    assert list(hand["care_class"]) == [3, 3, 3, 2, 2, 2, 1, 1]
    assert hand["secondary_diagnosis"].dtype == bool and hand["secondary_diagnosis"].sum() == 3
    assert list(hand["cost_total"] / M) == [5.0, 6.0, 5.5, 6.5, 7.5, 7.0, 8.5, 8.0]
    assert list(hand["severity"]) == [1, 2, 1, 1, 2, 1, 2, 1]
    assert co.validate_cohort(hand_frame(components=False))["cost_total"].sum() == 54 * M


def test_differences_and_crrs_by_hand(hand):
    s = co.summarize(hand)
    # sums: cost 54.0, hospital 64.3, INA-CBG 39.4 (million)
    assert s["mean_cost"] == pytest.approx(6.75 * M)
    assert s["mean_diff_hospital"] == pytest.approx(-1_287_500)
    assert s["mean_diff_inacbg"] == pytest.approx(1_825_000)
    assert s["crr_hospital_ratio_of_means"] == pytest.approx(64.3 / 54)
    assert s["crr_inacbg_ratio_of_means"] == pytest.approx(39.4 / 54)
    assert s["crr_hospital_mean_of_ratios"] == pytest.approx(
        (6 / 5 + 7 / 6 + 6.5 / 5.5 + 7.8 / 6.5 + 9 / 7.5 + 8.4 / 7 + 10 / 8.5 + 9.6 / 8) / 8)
    assert s["crr_inacbg_mean_of_ratios"] == pytest.approx(
        (4 / 5 + 4.5 / 6 + 4 / 5.5 + 4.8 / 6.5 + 5.4 / 7.5 + 4.8 / 7 + 6.3 / 8.5 + 5.6 / 8) / 8)
    assert s["share_cost_below_hospital_tariff"] == 1.0
    per = co.patient_table(hand)
    assert list(per["diff_hospital"] / M) == pytest.approx([-1.0, -1.0, -1.0, -1.3, -1.5, -1.4, -1.5, -1.6])
    assert per.loc[0, "ratio_inacbg"] == pytest.approx(0.8)


def test_crr_definitions():
    assert co.crr([150, 200], [100, 200], "ratio_of_means") == pytest.approx(350 / 300)
    assert co.crr([150, 200], [100, 200], "mean_of_ratios") == pytest.approx(1.25)
    with pytest.raises(ValueError, match="unknown CRR definition"):
        co.crr([1], [1], "median")


def test_definitions_agree_when_every_ratio_is_equal():
    cost = np.array([2.0, 5.0, 9.0])
    assert co.crr(1.2 * cost, cost, "ratio_of_means") == pytest.approx(co.crr(1.2 * cost, cost, "mean_of_ratios"))


def _t_two_sided(t: float, df: float) -> float:
    """Two-sided p of Student's t by the regularized incomplete beta: p = I_{df/(df+t^2)}(df/2, 1/2)."""
    from scipy.special import betainc  # the special function, not the test under test

    return float(betainc(df / 2, 0.5, df / (df + t * t)))


def _ranks(x):
    order = np.argsort(x, kind="stable")
    r = np.empty(len(x))
    r[order] = np.arange(1, len(x) + 1)
    return r  # no ties in the hand cohort's cost and age; length of stay ties are handled below


def test_tests_by_hand(hand):
    """Every statistic and p-value worked out by hand, not by the scipy calls the module makes."""
    import itertools

    t = co.association_tests(hand).set_index(["variable", "test"])
    cost = hand["cost_total"].to_numpy() / M
    # Kruskal-Wallis: rank sums 6 (class 3), 15 (class 2), 15 (class 1), no ties;
    # H = 12 / (8 x 9) (36/3 + 225/3 + 225/2) - 3 x 9 = 6.25; chi-square with 2 df: p = exp(-H / 2)
    kw = t.loc[("care_class", "Kruskal-Wallis")]
    assert kw["statistic"] == pytest.approx(6.25)
    assert kw["effect_size"] == pytest.approx(6.25 / 7)
    assert kw["p_value"] == pytest.approx(math.exp(-6.25 / 2))
    # ANOVA: SS_between 9.375, SS_within 1.125 (million^2); F(2, 5) has sf(f) = (1 + 2 f / 5)^(-5/2)
    an = t.loc[("care_class", "one-way ANOVA")]
    f = (9.375 / 2) / (1.125 / 5)
    assert an["statistic"] == pytest.approx(f)
    assert an["effect_size"] == pytest.approx(9.375 / 10.5)
    assert an["p_value"] == pytest.approx((1 + 2 * f / 5) ** -2.5)
    # Mann-Whitney: U(yes) = 2 + 4 + 5 = 11 of 15 pairs; exact p by enumerating the 56 ways to place
    # the three "yes" ranks among eight: p = 2 P(U >= 11)
    mw = t.loc[("secondary_diagnosis", "Mann-Whitney U")]
    assert mw["statistic"] == 11
    assert mw["effect_size"] == pytest.approx(2 * 11 / 15 - 1)
    us = [sum(ranks) - 6 for ranks in itertools.combinations(range(1, 9), 3)]
    assert mw["p_value"] == pytest.approx(2 * sum(u >= 11 for u in us) / len(us))
    # Welch t: means 22/3 and 6.4, variances 1.583333 and 1.425 (n 3 and 5); Welch-Satterthwaite df
    wt = t.loc[("secondary_diagnosis", "Welch t-test")]
    a, b = 1.5833333333 / 3, 1.425 / 5
    t_hand = (22 / 3 - 6.4) / math.sqrt(a + b)
    df_hand = (a + b) ** 2 / (a**2 / 2 + b**2 / 4)
    assert wt["statistic"] == pytest.approx(t_hand, rel=1e-6)
    assert wt["p_value"] == pytest.approx(_t_two_sided(t_hand, df_hand), rel=1e-6)
    pooled = math.sqrt((2 * 1.583333333 + 4 * 1.425) / 6)
    assert wt["effect_size"] == pytest.approx((22 / 3 - 6.4) / pooled, rel=1e-6)
    # Pearson r = cov / (sd sd); Spearman rho = Pearson r of the (mid)ranks; both p from t = r sqrt(6 / (1 - r^2))
    los = hand["length_of_stay"].to_numpy(float)
    los_ranks = np.array([2.5, 6, 2.5, 2.5, 8, 6, 6, 2.5])  # of [3, 4, 3, 3, 5, 4, 4, 3]: 3 x4 -> 2.5, 4 x3 -> 6, 5 -> 8
    age = hand["age"].to_numpy(float)
    for variable, x, rx in (("length_of_stay", los, los_ranks), ("age", age, _ranks(age))):
        for test, u, w in (("Pearson correlation", x, cost), ("Spearman correlation", rx, _ranks(cost))):
            du, dw = u - u.mean(), w - w.mean()
            r = float((du * dw).sum() / math.sqrt((du**2).sum() * (dw**2).sum()))
            row = t.loc[(variable, test)]
            assert row["statistic"] == pytest.approx(r)
            assert row["p_value"] == pytest.approx(_t_two_sided(r * math.sqrt(6 / (1 - r * r)), 6))


def test_one_chosen_test_per_variable_with_reason(hand):
    t = co.association_tests(hand)
    assert t.groupby("variable")["chosen"].sum().to_dict() == {
        "age": 1, "care_class": 1, "length_of_stay": 1, "secondary_diagnosis": 1}
    chosen = t[t.chosen].set_index("variable")
    assert chosen.loc["length_of_stay", "test"] == "Spearman correlation"  # a count is always ranked
    assert chosen.loc["care_class", "test"] == "Kruskal-Wallis"  # groups of 2-3 cannot be shown normal
    assert (t["reason"] != "").all()
    assert set(t["family"]) == {"parametric", "rank-based"}


def test_choice_follows_the_distribution():
    rng = np.random.default_rng(1)
    n = 60
    normal = pd.DataFrame({"cost_total": rng.normal(6e6, 5e5, n), "care_class": np.repeat([1, 2, 3], 20),
                           "secondary_diagnosis": np.tile([True, False], 30),
                           "length_of_stay": rng.integers(3, 6, n), "age": rng.normal(29, 5, n)})
    chosen = co.association_tests(normal)
    chosen = dict(zip(chosen[chosen.chosen]["variable"], chosen[chosen.chosen]["test"]))
    assert chosen["secondary_diagnosis"] == "Welch t-test"
    assert chosen["age"] == "Pearson correlation"
    skewed = normal.assign(cost_total=np.exp(rng.normal(0, 1.2, n)) * 1e6)
    chosen = co.association_tests(skewed)
    chosen = dict(zip(chosen[chosen.chosen]["variable"], chosen[chosen.chosen]["test"]))
    assert chosen == {"care_class": "Kruskal-Wallis", "secondary_diagnosis": "Mann-Whitney U",
                      "length_of_stay": "Spearman correlation", "age": "Spearman correlation"}


def test_untestable_variable_is_reported_not_crashed(hand):
    one_class = hand.assign(care_class=3, secondary_diagnosis=False)
    t = co.association_tests(one_class).set_index("variable")
    assert math.isnan(t.loc["care_class", "p_value"])
    assert "fewer than two" in t.loc["secondary_diagnosis", "reason"]


def test_implied_mean_cost_of_the_abstract():
    imp = co.implied_mean_cost(-1_236_793, 1.20, 1_974_050, 0.68)
    assert imp.from_hospital == pytest.approx(1_236_793 / 0.20)
    assert imp.from_inacbg == pytest.approx(1_974_050 / 0.32)
    assert imp.from_gap == pytest.approx((1_974_050 + 1_236_793) / 0.52)
    assert imp.gap == pytest.approx(6_183_965 - 6_168_906.25)
    assert not imp.consistent_exact()
    assert imp.consistent_rounded
    lo, hi = imp.joint_range
    assert lo == pytest.approx(1_974_050 / 0.325) and hi == pytest.approx(1_236_793 / 0.195 if
                                                                           1_236_793 / 0.195 < 1_974_050 / 0.315
                                                                           else 1_974_050 / 0.315)
    # Inside the range both CRRs round to the printed percent.
    for c in (lo + 1, imp.from_gap, hi - 1):
        assert round(100 * (c + 1_236_793) / c) == 120 and round(100 * (c - 1_974_050) / c) == 68
    table = co.consistency_table(imp)
    assert len(table) == 5


def test_exactly_consistent_figures():
    imp = co.implied_mean_cost(-200.0, 1.2, 300.0, 0.7)
    assert imp.consistent_exact() and imp.from_gap == pytest.approx(1000.0)
    assert co.implied_mean_cost(-100.0, 1.5, 300.0, 0.9).joint_range is None


def write(tmp_path, df: pd.DataFrame, name="cohort.csv"):
    path = tmp_path / name
    df.to_csv(path, index=False)
    return path


def test_read_cohort_csv(tmp_path, hand):
    path = write(tmp_path, hand_frame())
    read = co.read_cohort(path)
    pd.testing.assert_frame_equal(read, hand)


def test_template_reads_and_documents_every_column():
    template = co.read_cohort("data/raw/caesarean/cohort_template.csv")
    assert len(template) == 3
    header = pd.read_csv(paths.raw("caesarean", "cohort_template.csv"), nrows=0).columns
    documented = set(pd.read_csv(paths.raw("caesarean", "cohort_columns.csv"))["column"])
    assert set(header) <= documented
    assert set(co.REQUIRED) | set(co.COMPONENTS) | {"cost_total", "inacbg_code", "patient_id"} == documented


def problems_of(tmp_path, df):
    with pytest.raises(InputError) as info:
        co.read_cohort(write(tmp_path, df))
    return [str(p).replace(f"{paths.relative(tmp_path)}/", "") for p in info.value.problems]


def test_bad_rows_are_named(tmp_path):
    df = hand_frame()
    df["cost_drugs"] = df["cost_drugs"].astype(object)
    df["hospital_tariff"] = df["hospital_tariff"].astype(object)
    df["care_class"] = df["care_class"].astype(object)
    df.loc[1, "cost_drugs"] = -1000          # row 3
    df.loc[2, "care_class"] = "VIP"          # row 4
    df.loc[3, "hospital_tariff"] = ""        # row 5
    msgs = problems_of(tmp_path, df)
    assert msgs == [
        "cohort.csv:3: column 'cost_drugs': negative cost -1,000 (a cost cannot be below zero) (patient P2)",
        "cohort.csv:4: column 'care_class': unknown care class 'VIP'; expected 1, 2 or 3 (or I, II, III) (patient P3)",
        "cohort.csv:5: column 'hospital_tariff': missing hospital tariff (patient P4)",
    ]


def test_rows_keep_their_line_numbers_across_blank_lines(tmp_path):
    """Blank lines and separator-only lines (spreadsheet exports) are skipped but still counted."""
    df = hand_frame()
    df["care_class"] = df["care_class"].astype(object)
    df.loc[2, "care_class"] = "VIP"
    lines = df.to_csv(index=False).splitlines()
    lines.insert(2, "")                               # a blank line after the first patient
    lines.insert(0, "")                               # and one before the header
    lines.append("," * (len(df.columns) - 1))         # a trailing row of separators only
    path = tmp_path / "cohort.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as exc:
        co.read_cohort(path)
    assert [p.row for p in exc.value.problems] == [6]
    assert str(exc.value.problems[0]).startswith(f"{paths.relative(path)}:6: column 'care_class': unknown care class")
    df.loc[2, "care_class"] = 2
    lines = df.to_csv(index=False).splitlines()
    path.write_text("\n".join(["", *lines[:2], "", *lines[2:], "," * (len(df.columns) - 1)]) + "\n")
    assert len(co.read_cohort(path)) == len(df)


@pytest.mark.parametrize("column,value,fragment", [
    ("inacbg_tariff", "", "row 2|:2: column 'inacbg_tariff': missing INA-CBG tariff"),
    ("inacbg_tariff", "0", ":2: column 'inacbg_tariff': INA-CBG tariff 0 must be above zero"),
    ("secondary_diagnosis", "maybe", ":2: column 'secondary_diagnosis': 'maybe' is not yes/no"),
    ("length_of_stay", "2.5", ":2: column 'length_of_stay': length of stay 2.5 must be a whole number"),
    ("length_of_stay", "0", ":2: column 'length_of_stay': length of stay 0 must be"),
    ("age", "7", ":2: column 'age': age 7 is outside 12-60 years"),
    ("age", "", ":2: column 'age': missing age"),
    ("inacbg_code", "O-6-10-IV", ":2: column 'inacbg_code': INA-CBG code 'O-6-10-IV': severity 'IV'"),
    ("cost_room", "1.234", ":2: column 'cost_room': ambiguous amount '1.234'"),
    ("cost_room", "", ":2: column 'cost_room': missing cost (cost_room; write 0 when nothing was spent)"),
    ("patient_id", "P2", ":2: column 'patient_id': duplicate patient_id 'P2'|:3: column 'patient_id': duplicate"),
])
def test_each_bad_value_is_named(tmp_path, column, value, fragment):
    df = hand_frame().astype(object)
    df.loc[0, column] = value
    msgs = problems_of(tmp_path, df)
    assert any(f in m for m in msgs for f in fragment.split("|")), msgs


def test_class_spellings_and_rupiah_text(tmp_path):
    df = hand_frame().astype(object)
    df.loc[0, "care_class"] = "Kelas III"
    df.loc[1, "care_class"] = "class 3"
    df.loc[2, "care_class"] = "III"
    df.loc[0, "hospital_tariff"] = "Rp 6.000.000,-"
    df.loc[1, "secondary_diagnosis"] = "Ya"
    read = co.read_cohort(write(tmp_path, df))
    assert list(read["care_class"][:3]) == [3, 3, 3]
    assert read.loc[0, "hospital_tariff"] == 6 * M


def test_missing_columns_and_totals(tmp_path):
    msgs = problems_of(tmp_path, hand_frame().drop(columns=["hospital_tariff", "age"]))
    assert msgs == ["cohort.csv:1: missing column(s): age, hospital_tariff (see data/raw/caesarean/cohort_columns.csv)"]
    df = hand_frame()
    df["cost_total"] = df[list(co.COMPONENTS)].sum(axis=1)
    df.loc[0, "cost_total"] += 10
    assert problems_of(tmp_path, df) == [
        "cohort.csv:2: column 'cost_total': total cost 5,000,010 differs from the sum of the components 5,000,000 "
        "(patient P1)"]
    df = hand_frame().rename(columns={"cost_other": "cost_misc"})
    assert "unknown cost column(s) cost_misc" in problems_of(tmp_path, df)[0]
    with pytest.raises(InputError, match="no such cohort file"):
        co.read_cohort(tmp_path / "absent.csv")


def test_published_and_p_windows():
    pub = cs.read_published()
    assert list(pub["figure_id"]) == ["n_patients", "mean_diff_hospital", "crr_hospital", "mean_diff_inacbg",
                                      "crr_inacbg", "p_care_class", "p_secondary_diagnosis", "p_length_of_stay",
                                      "p_age"]
    assert (pub["source"].str.contains("000_762e23117f4b614d")).all()
    assert cs.p_value_window(0.050, True) == (0.04, 0.05)
    assert cs.p_value_window(0.046, True) == (0.036, 0.05)
    assert cs.p_value_window(0.956, False) == (0.946, 0.966)
    assert cs.p_value_window(0.000, True) == (0.0, 0.01)


def test_comparison_for_a_real_cohort_is_exact_or_not_reproducible(hand):
    table = cs.comparison_table(cs.read_published(), co.summarize(hand), co.association_tests(hand),
                                synthetic=False)
    assert list(table.columns[:5]) == ["figure", "published", "reproduced", "difference", "status"]
    assert set(table["status"]) <= {cmp.EXACT, cmp.NOT_REPRODUCIBLE}
    assert (table.loc[table.status == cmp.NOT_REPRODUCIBLE, "note"] != "").all()
    n_row = table[table.figure.str.startswith("patients")].iloc[0]
    assert n_row["status"] == cmp.NOT_REPRODUCIBLE and "8 patients" in n_row["note"]


@pytest.mark.slow  # a second or more: make test runs it, make test-fast leaves it
def test_figures_and_labels(hand):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for lang in ("en", "id"):
        for plot in (co.plot_cost_vs_tariffs, co.plot_cost_by_class, co.plot_cost_vs_los, co.plot_components,
                     co.plot_distributions):
            provenance = co.labels(lang)["synthetic"]
            fig = plot(hand, lang=lang, provenance=provenance)
            # the provenance is the figure's caption, under the axes, where every figure states what it rests on
            # (wrapped to the figure's width: compare the words)
            assert [" ".join(t.get_text().split()) for t in fig.texts] == [provenance]
            assert cs.SYNTHETIC_LABEL in " ".join(fig.texts[0].get_text().split())
            if plot in (co.plot_cost_vs_tariffs, co.plot_components):  # amounts against each other: from zero
                assert fig.axes[0].get_ylim()[0] == 0
            if plot is co.plot_distributions:  # patients per day of stay: counts from zero, one bar per class and day
                counts = sorted(p.get_height() for p in fig.axes[1].patches if p.get_height() > 0)
                assert fig.axes[1].get_ylim()[0] == 0
                assert sum(counts) == len(hand)
            plt.close(fig)
    assert co.labels("id")["cost"] == "biaya layanan"
    with pytest.raises(ValueError):
        co.labels("fr")
    comp = co.component_table(hand)
    assert set(comp["care_class"]) == {"1", "2", "3", "all"}
    overall = comp[comp.care_class == "all"]["mean_cost"].sum()
    assert overall == pytest.approx(6.75 * M, abs=1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(1e5, 1e8), st.floats(1e5, 1e8), st.floats(1e5, 1e8)), min_size=1, max_size=30))
def test_identities_hold_for_any_cohort(rows):
    c = pd.DataFrame(rows, columns=["cost_total", "hospital_tariff", "inacbg_tariff"])
    s = co.summarize(c)
    for name in ("hospital", "inacbg"):
        d = s[f"mean_diff_{name}"]
        assert d == pytest.approx(s["mean_cost"] - s[f"mean_{name}_tariff"], rel=1e-9, abs=1e-3)
        # ratio of means: CRR = 1 - D / mean(C), the identity behind implied_mean_cost
        assert s[f"crr_{name}_ratio_of_means"] == pytest.approx(1 - d / s["mean_cost"], rel=1e-9)
        if abs(s[f"crr_{name}_ratio_of_means"] - 1) > 1e-3:
            assert d / (1 - s[f"crr_{name}_ratio_of_means"]) == pytest.approx(s["mean_cost"], rel=1e-6)


def test_validation_leaves_the_callers_frame_alone():
    df = hand_frame().rename(columns={"age": " age "})
    co.validate_cohort(df, "cohort.csv")
    assert " age " in df.columns


def test_spellings_the_schema_accepts(tmp_path):
    # the cohort's schema (jkncost.tables) compares words ignoring case, spaces, '_' and '-': beside the
    # spellings of the former row loop (Kelas III, class 3, III, 3.0, 03, ya, tidak ada), lower-case roman
    # numerals and a hyphen are accepted too
    df = hand_frame().astype(object)
    for i, spelling in enumerate(["kelas iii", "Kls. 3", "3.0", "03", "KELAS-III", "ii", "I", "class 1"]):
        df.loc[i, "care_class"] = spelling
    for i, word in enumerate(["Ya", "tidak ada", "TIDAK", "1", "0", "true", "Tdk", "ada"]):
        df.loc[i, "secondary_diagnosis"] = word
    read = co.read_cohort(write(tmp_path, df))
    assert list(read["care_class"]) == [3, 3, 3, 3, 3, 2, 1, 1]
    assert list(read["secondary_diagnosis"]) == [True, False, False, True, False, True, False, True]
    assert co.CARE_CLASSES["kelasiii"] == 3 and co.YES_NO["tidakada"] is False


def test_the_cohort_is_checked_by_its_tables_schema(monkeypatch):
    import jkncost.cohort.reading as reading

    seen = []
    real = reading.check
    monkeypatch.setattr(reading, "check", lambda table, schema, **kw: seen.append(schema) or real(table, schema, **kw))
    co.validate_cohort(hand_frame(), "hand.csv")
    assert [c.name for c in seen[0].columns[:5]] == ["patient_id", "care_class", "secondary_diagnosis",
                                                      "length_of_stay", "age"]
    assert seen[0].name == "cohort"


def test_problems_are_listed_row_by_row_with_the_patient(tmp_path):
    df = hand_frame().astype(object)
    df.loc[1, "age"] = "70"              # row 3
    df.loc[0, "length_of_stay"] = "x"    # row 2
    df.loc[0, "inacbg_tariff"] = "-5"    # row 2, after length_of_stay
    df.loc[1, "patient_id"] = ""         # row 3 has no id: named by its row, no patient in the message
    assert problems_of(tmp_path, df) == [
        "cohort.csv:2: column 'length_of_stay': not a number: 'x' (patient P1)",
        "cohort.csv:2: column 'inacbg_tariff': INA-CBG tariff -5 must be above zero (patient P1)",
        "cohort.csv:3: column 'age': age 70 is outside 12-60 years for a caesarean section",
    ]
