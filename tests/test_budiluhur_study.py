"""RS Bersalin Budi Luhur (issue 24): transcription, engine reproduction, statuses, source audit, the CLI."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from jkncost.core.comparison import (ASSUMED, BY_CONSTRUCTION, EXACT, NOT_REPRODUCIBLE, check_accounting,
                                           status_counts)
from jkncost.studies import budiluhur as bl


@pytest.fixture(scope="module")
def runs():
    return bl.run("printed"), bl.run("A03")


@pytest.fixture(scope="module")
def comparison(runs):
    return bl.headline_comparison(*runs)


# --- the transcription --------------------------------------------------------------------------
def parse_rupiah(text) -> float:
    """The copy prints whole rupiah with thousands dots (``33.785.621``); jkncost.money rightly refuses a lone
    ``612.235`` as ambiguous, but the study's tables print no decimals."""
    text = str(text)
    assert text.replace(".", "").isdigit(), text
    return float(text.replace(".", ""))


def test_numbers_are_the_printed_texts():
    t = bl.tahap1().dropna(subset=["rate"])
    for col in ("cost", "driver_total", "rate"):
        assert [parse_rupiah(s) for s in t[f"printed_{col}"]] == t[col].tolist()
    t46 = bl.table_4_6().dropna(subset=["rate"])
    for col in ("quantity", "rate", "total", "per_day"):
        assert [parse_rupiah(str(s)) for s in t46[f"printed_{col}"]] == t46[col].tolist()
    p = bl.published()
    assert [parse_rupiah(s) for s in p["printed"]] == p["value"].tolist()
    assert p["source"].str.startswith("budiluhur stored copy, ").all()


def test_activity_folder_is_the_transcription():
    f = bl.load_folder()
    pools = bl.tahap1().dropna(subset=["rate"]).set_index("printed_name")
    acts = f.activities.set_index("activity")
    assert list(acts.index) == list(pools.index)
    np.testing.assert_array_equal(acts["cost"], pools["cost"])
    np.testing.assert_array_equal(acts["capacity"], pools["driver_total"])  # A01
    q = f.driver_quantities.assign(pool=f.driver_quantities["driver"].map(f.activities.set_index("driver")["activity"]))
    for table, cls in ((bl.table_4_6(), "Kelas I A"), (bl.table_4_7(), "Kelas I B")):
        printed = table[table["pool"].isin(pools.index)].set_index("pool")["quantity"]
        mine = q[q["cost_object"] == cls].set_index("pool")["quantity"]
        pd.testing.assert_series_equal(mine.reindex(printed.index), printed.astype(float), check_names=False)
    assert f.cost_objects.set_index("cost_object")["output"].to_dict() == {"Kelas I A": 264.0, "Kelas I B": 989.0}


def test_every_assumption_has_a_rationale():
    a = bl.assumptions()
    assert list(a["id"]) == ["A01", "A02", "A03", "A04", "A05"]
    assert (a["rationale"].str.len() > 80).all()


# --- the engine's reproduction -----------------------------------------------------------------
def test_pool_rates_by_hand(runs):
    printed, a03 = runs
    rates = bl.pool_rates(printed)
    assert rates["Gaji Karyawan"] == pytest.approx(33785621 / 5304)
    assert rates["Penyusutan kamar rawat"] == pytest.approx(1097169 / 7)
    assert rates["Subsidi makan karyawan"] == pytest.approx(9532092 / 2752)  # as printed: not the study's 1,797
    a = bl.pool_rates(a03)
    assert a["Subsidi makan karyawan"] == pytest.approx(9532092 / 5304)
    assert round(a["Subsidi makan karyawan"]) == 1797
    assert (a.drop("Subsidi makan karyawan") == rates.drop("Subsidi makan karyawan")).all()


def test_kelas_ia_total_by_hand(runs):
    _, a03 = runs
    c = bl.charged(a03)
    rates = bl.pool_rates(a03)
    gaji = c.set_index("pool").loc["Gaji Karyawan"]
    assert gaji["cost"] == pytest.approx(624 * rates["Gaji Karyawan"])
    price = 264 * 4090 + 264 * 345 + 185 * 1952  # A05: the three pools at their printed rates
    engine = sum(q * rates[p] for p, q in zip(c.loc[c["kind"] == "engine", "pool"], c.loc[c["kind"] == "engine", "quantity"]))
    assert bl.class_total(a03) == pytest.approx(engine + price)
    assert bl.class_total(a03) == pytest.approx(9_730_424.93, abs=0.01)


def test_over_applied_pools_are_reported_not_scaled(runs):
    printed, _ = runs
    over = [w for w in printed.warnings if "over-applied" in w]
    assert len(over) == 2 and "penyusutan kamar rawat" in over[0] and "14 against a capacity of 7" in over[0]
    r = printed.tables["activity_rates"].set_index("activities")
    assert r.loc["Penyusutan kamar rawat", "rate"] == pytest.approx(1097169 / 7)  # not rescaled to the 14 used


# --- statuses ----------------------------------------------------------------------------------
def test_one_row_per_published_quantity_with_honest_statuses(comparison):
    check_accounting(comparison)
    assert len(comparison) == len(bl.quantities()) == 38
    assert status_counts(comparison) == {EXACT: 15, ASSUMED: 10, BY_CONSTRUCTION: 7, NOT_REPRODUCIBLE: 6}
    by = comparison.set_index("figure")
    # a rate printed in Tahap I and again in Tabel 4.6 is one quantity, both places listed
    assert by.loc["pool rate, Gaji Karyawan", "locations"] == "Tahap I; Tabel 4.6; Tabel 4.7"
    assert by.loc["pool rate, Subsidi makan karyawan", "status"] == BY_CONSTRUCTION
    assert by.loc["total cost, Kelas I A", "status"] == NOT_REPRODUCIBLE
    assert by.loc["cost per patient-day, Kelas I A, Dana Astek", "status"] == NOT_REPRODUCIBLE
    for r in comparison[comparison["status"] == EXACT].itertuples():
        assert abs(r.difference) <= max(0.5, 0.5 * 624 / 264 + 0.5) * 624  # within a rate's rounding at most
    assumed = comparison[comparison["status"] == ASSUMED]
    assert assumed["note"].str.contains("A02|A03|A05").all()


def test_exact_rates_round_to_the_print(comparison):
    rates = comparison[comparison["figure"].str.startswith("pool rate") & (comparison["status"] == EXACT)]
    assert len(rates) == 8
    assert (rates["reproduced"].round() == rates["published"]).all()


# --- the source audit --------------------------------------------------------------------------
def test_source_audit_lists_the_contradictions():
    a = bl.source_audit().set_index("location")
    total = a.loc["Tabel 4.6, baris Total, kolom 3"]
    assert total["printed"] == 8651629 and total["recomputed"] == 9730310
    assert a.loc["Tahap I, baris 5: Subsidi makan karyawan", "printed"] == 1797
    assert a.loc["pool Penyusutan kamar rawat", "recomputed"] == 14
    assert a.loc["pool Penyusutan alat medis", "recomputed"] == 18
    assert a.loc["Tabel 4.6, baris 4: Dana Astek", "printed"] == 3400
    checks = bl.source_checks()
    assert not checks.loc[checks["check"] == "cost = quantity x rate", "discrepancy"].any()  # every row's product holds


# --- the command line --------------------------------------------------------------------------
def test_cli_runs_the_study_folder(tmp_path):
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "jkncost.cli", "abc", str(bl.activity_dir()), "--out", str(out)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "over-applied" in p.stderr + p.stdout
    rates = pd.read_csv(out / "activity_rates.csv").set_index("activities")
    assert rates.loc["Gaji Karyawan", "rate"] == pytest.approx(33785621 / 5304)
    per_case = pd.read_csv(out / "cost_per_case.csv")
    assert per_case["cost"].iloc[0] == pytest.approx(bl.class_total(bl.run("printed")))
