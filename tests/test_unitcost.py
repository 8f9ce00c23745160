"""Unit cost end to end, against an independent computation written here from first principles.

The reference below uses plain Python loops and dictionaries over the CSV rows (no numpy, no
engine code): each method is coded straight from its textbook description, and reciprocal by
fixed-point iteration of the mutual-service equations rather than a linear solve.
"""

from __future__ import annotations

import csv
import random

import pandas as pd
import pytest

from jkncost.cli.main import main
from jkncost.costing import read_hospital
from jkncost.money import format_rupiah
from jkncost.costing.unitcost import UNIT_COST_COLUMNS, compare_methods, normative_output, unit_cost

METHODS = ("direct", "stepdown", "double", "reciprocal")


def reference_unit_cost(centers, costs, bases, method):
    """Independent TC1-3 and UC1-3 per production center. ``centers``: list of (name, kind, output, order)."""
    support = [c for c, k, _, _ in centers if k == "support"]
    production = [c for c, k, _, _ in centers if k == "production"]
    output = {c: o for c, k, o, _ in centers if k == "production"}
    out = {}
    for cat in ("FC", "SVC", "VC"):
        d = {c: 0.0 for c, *_ in centers}
        for c, k, a in costs:
            if k == cat:
                d[c] += a
        w = {s: {} for s in support}
        for s, c, x in bases:
            if s != c:
                w[s][c] = w[s].get(c, 0.0) + x

        def share(s, eligible):
            tot = sum(x for c, x in w[s].items() if c in eligible)
            return {c: x / tot for c, x in w[s].items() if c in eligible and x > 0}

        final = {p: d[p] for p in production}
        if method == "direct":
            for s in support:
                for c, q in share(s, production).items():
                    final[c] += d[s] * q
        elif method == "double":
            received = {s: 0.0 for s in support}
            others = [c for c, *_ in centers]
            for s in support:
                for c, q in share(s, [o for o in others if o != s]).items():
                    if c in final:
                        final[c] += d[s] * q
                    else:
                        received[c] += d[s] * q
            for s in support:
                for c, q in share(s, production).items():
                    final[c] += received[s] * q
        elif method == "stepdown":
            seq = sorted(support, key=lambda s: next(o for c, _, _, o in centers if c == s))
            pool = dict(d)
            for i, s in enumerate(seq):
                still_open = seq[i + 1:] + production
                for c, q in share(s, still_open).items():
                    pool[c] += pool[s] * q
                pool[s] = 0.0
            final = {p: pool[p] for p in production}
        else:  # reciprocal by iteration
            everyone = [c for c, *_ in centers]
            full = {s: d[s] for s in support}
            for _ in range(2000):
                new = {s: d[s] for s in support}
                for s in support:
                    for c, q in share(s, [o for o in everyone if o != s]).items():
                        if c in new:
                            new[c] += full[s] * q
                full = new
            for s in support:
                for c, q in share(s, [o for o in everyone if o != s]).items():
                    if c in final:
                        final[c] += full[s] * q
        out[cat] = final
    rows = []
    for p in production:
        tc1 = out["FC"][p] + out["SVC"][p] + out["VC"][p]
        tc2 = out["SVC"][p] + out["VC"][p]
        tc3 = out["VC"][p]
        rows.append({"center": p, "TC1": tc1, "TC2": tc2, "TC3": tc3,
                     "UC1": tc1 / output[p], "UC2": tc2 / output[p], "UC3": tc3 / output[p]})
    return pd.DataFrame(rows).set_index("center")


def random_hospital(folder, seed):
    """A hospital folder nobody has seen: random centers, costs written as Indonesian text, random bases."""
    rng = random.Random(seed)
    n_sup, n_prod = rng.randint(2, 5), rng.randint(2, 6)
    support = [f"Penunjang {i}" for i in range(n_sup)]
    production = [f"Produksi {i}" for i in range(n_prod)]
    order = list(range(1, n_sup + 1))
    rng.shuffle(order)
    centers = [(s, "support", None, o) for s, o in zip(support, order)]
    centers += [(p, "production", float(rng.randint(50, 20000)), None) for p in production]
    costs, bases = [], []
    for c, *_ in centers:
        for cat in ("FC", "SVC", "VC"):
            for j in range(rng.randint(1, 3)):
                costs.append((c, cat, float(rng.randint(0, 900_000_000))))
    for s in support:
        targets = [c for c, *_ in centers if c != s]
        for c in rng.sample(targets, rng.randint(1, len(targets))):
            bases.append((s, c, float(rng.randint(0, 500))))
        bases.append((s, rng.choice(production), float(rng.randint(1, 500))))
    bases = list({(s, c): (s, c, w) for s, c, w in bases}.values())
    folder.mkdir(parents=True)
    with open(folder / "cost_centers.csv", "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["center", "kind", "output", "output_unit", "beds", "order"])
        for c, k, o, od in centers:
            wr.writerow([c, "penunjang" if k == "support" else "produksi", "" if o is None else int(o), "unit", "",
                         "" if od is None else od])
    with open(folder / "costs.csv", "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["center", "category", "component", "amount"])
        for i, (c, k, a) in enumerate(costs):
            wr.writerow([c, k, f"item {i}", format_rupiah(a) + ",-"])
    with open(folder / "allocation_bases.csv", "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["support_center", "basis", "center", "weight"])
        for s, c, w in bases:
            wr.writerow([s, "random", c, int(w)])
    return centers, costs, bases


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("method", METHODS)
def test_cli_matches_independent_computation_within_one_rupiah(tmp_path, seed, method):
    centers, costs, bases = random_hospital(tmp_path / "rs", seed)
    out = tmp_path / "out"
    assert main(["unitcost", str(tmp_path / "rs"), "--method", method, "--out", str(out)]) == 0
    got = pd.read_csv(out / "unit_cost.csv").set_index("center")
    assert list(pd.read_csv(out / "unit_cost.csv").columns) == UNIT_COST_COLUMNS
    want = reference_unit_cost(centers, costs, bases, method)
    for col in ("TC1", "TC2", "TC3", "UC1", "UC2", "UC3"):
        diff = (got[col] - want.loc[got.index, col]).abs().max()
        assert diff <= 1.0, f"{method} {col} differs by Rp {diff}"


def test_allocation_csv_holds_the_flows(tmp_path, example_dir):
    assert main(["unitcost", str(example_dir), "--method", "double", "--out", str(tmp_path)]) == 0
    flows = pd.read_csv(tmp_path / "allocation.csv")
    assert list(flows.columns) == ["from", "to", "category", "component", "stage", "amount"]
    # no rule names a component, yet every flow keeps its item's name (an item-by-item audit)
    h = read_hospital(example_dir)
    assert set(zip(flows["category"], flows["component"])) <= set(zip(h.costs["category"], h.costs["component"]))
    assert flows["component"].notna().all()
    assert set(flows["stage"]) == {"stage 1", "stage 2"}
    h = read_hospital(example_dir)
    support_cost = h.direct_costs().loc[h.support_centers].to_numpy().sum()
    into_production = flows[flows["to"].isin(h.production_centers)]["amount"].sum()
    assert into_production == pytest.approx(support_cost)


def test_normative_columns_with_bor(tmp_path, example_dir):
    assert main(["unitcost", str(example_dir), "--method", "double", "--bor", "0.8", "--out", str(tmp_path)]) == 0
    uc = pd.read_csv(tmp_path / "unit_cost.csv").set_index("center")
    assert list(uc.columns[-4:]) == ["output_normative", "UC1_normative", "UC2_normative", "UC3_normative"]
    assert uc.loc["Kelas III", "output_normative"] == 30 * 365 * 0.8
    # fixed and semi-variable cost over normative output, variable cost per actual patient-day
    k3 = uc.loc["Kelas III"]
    assert k3["UC1_normative"] == pytest.approx((k3["TC1"] - k3["TC3"]) / (30 * 365 * 0.8) + k3["TC3"] / k3["output"])
    assert k3["UC2_normative"] == pytest.approx((k3["TC2"] - k3["TC3"]) / (30 * 365 * 0.8) + k3["UC3"])
    assert k3["UC3_normative"] == pytest.approx(k3["UC3"])
    assert pd.isna(uc.loc["IGD", "output_normative"])  # no beds, no normative output


def test_bor_out_of_range_is_refused(example_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["unitcost", str(example_dir), "--bor", "80", "--out", str(tmp_path / "o")])
    assert exc.value.code == 2
    assert "BOR is a fraction" in capsys.readouterr().err


def test_normative_output():
    assert normative_output(10, 365, 0.8) == 2920
    assert normative_output(10, days=366, bor=0.75) == 2745
    with pytest.raises(ValueError):
        normative_output(10, 365, 1.5)


def test_scaling_every_amount_scales_uc(example_dir):
    h = read_hospital(example_dir)
    base = unit_cost(h, "reciprocal").unit_cost.set_index("center")
    h.costs = h.costs.assign(amount=h.costs["amount"] * 1.1)
    scaled = unit_cost(h, "reciprocal").unit_cost.set_index("center")
    for col in ("UC1", "UC2", "UC3"):
        pd.testing.assert_series_equal(scaled[col], base[col] * 1.1, check_exact=False, rtol=1e-12)


def test_uc_levels_are_nested(example_dir):
    table = compare_methods(read_hospital(example_dir))
    assert (table["UC1"] >= table["UC2"]).all() and (table["UC2"] >= table["UC3"]).all()
    assert sorted(table["method"].unique()) == sorted(METHODS)


def test_assets_replace_fc(tmp_path, example_dir):
    import shutil

    folder = tmp_path / "h"
    shutil.copytree(example_dir, folder)
    (folder / "assets.csv").write_text(
        "center,asset,group,purchase_value,years_in_use,useful_life\n"
        "IGD,Gedung IGD,gedung,\"Rp 1.000.000.000,-\",10,20\n"
        "IGD,USG,alat medis,300000000,2,5\n"
        "Kantor,Ambulans,kendaraan,400000000,3,8\n"
    )
    h = read_hospital(folder)
    assert "FC rows of costs.csv are ignored" in h.notes[0]
    fc = h.direct_costs(fc_method="inflation", rate=0.05)["FC"]
    assert fc["IGD"] == pytest.approx(1e9 * 1.05 ** 10 / 20 + 3e8 * 1.05 ** 2 / 5)
    assert fc["Kantor"] == pytest.approx(4e8 * 1.05 ** 3 / 8)
    assert fc["VIP"] == 0
    assert unit_cost(h, "double", fc_method="annuity", rate=0.03).unit_cost["TC1"].sum() == pytest.approx(
        h.direct_costs(fc_method="annuity", rate=0.03).to_numpy().sum())


def test_written_tables_are_byte_for_byte_those_of_to_csv(tmp_path, example_dir):
    # the one writer's column-wise path (the command line's tables) must give exactly what DataFrame.to_csv gives
    import numpy as np

    from jkncost.core.io import write_csv

    def write_table(frame, path, **kwargs):  # pandas' own writer, cell by cell
        frame.to_csv(path, index=False, lineterminator="\n", **kwargs)

    r = unit_cost(read_hospital(example_dir), "reciprocal", bor=0.8)
    awkward = pd.DataFrame({"center": ["a,b", 'say "hi"', "line\nbreak", "Ruang Anggrek é", None],
                            "x": [1.5, np.nan, -0.0, 1e12, 3.0], "n": [1, 2, 3, 4, 5],
                            "o": pd.Series([1, "x", None, 2.5, True], dtype=object),
                            "i": pd.array([1, None, 3, 4, 5], dtype="Int64"), "b": [True, False, True, True, False]})
    for frame in (r.unit_cost, r.flows, awkward, awkward.drop(columns="o"), awkward.drop(columns=["o", "i"]),
                  awkward[["center"]]):
        write_csv(frame, tmp_path / "a.csv", float_format="%.6f", na_rep="")
        write_table(frame, tmp_path / "b.csv", float_format="%.6f", na_rep="")
        assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_validation_and_run_share_one_plan_but_never_a_stale_one(example_dir, monkeypatch):
    from jkncost.costing import Hospital, allocation

    h = read_hospital(example_dir, method="reciprocal")  # validation built the operator
    calls = []
    real = allocation.allocation_operator
    monkeypatch.setattr("jkncost.costing.unitcost.allocation_operator",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    before = unit_cost(h, "reciprocal")
    assert calls == []  # the run applied the operator that validation built
    i = h.bases.index[h.bases["center"] == h.production_centers[0]][0]  # a weight that moves rupiah
    h.bases.loc[i, "weight"] = h.bases.loc[i, "weight"] * 10  # edited in place: a new plan is made
    after = unit_cost(h, "reciprocal")
    assert calls == [1]
    assert (before.unit_cost["TC1"] - after.unit_cost["TC1"]).abs().max() > 1.0  # rupiah moved
    fresh = unit_cost(Hospital(h.name, h.centers, h.costs, h.bases.copy()), "reciprocal")
    pd.testing.assert_frame_equal(after.unit_cost, fresh.unit_cost)


@pytest.mark.slow
def test_notebook_in_indonesian_on_a_folder_without_tariffs_or_beds(tmp_path):
    """unit_cost.ipynb runs on any hospital folder: here one with no tariffs.csv, no beds and a center
    without output, in Indonesian; readers see HTML tables with Indonesian headers and no text table."""
    import shutil

    import nbformat

    from jkncost.core import paths
    from jkncost.compendium.notebook import run_notebook
    from tests.label_check import Checker
    from tests.test_notebooks_indonesian import _bundled_data_values, reader_problems

    folder = tmp_path / "rs_tanpa_tarif"
    shutil.copytree(paths.package("costing", "data", "example_v2"), folder)
    (folder / "tariffs.csv").unlink()
    centers = pd.read_csv(folder / "cost_centers.csv")
    centers["beds"] = pd.NA
    centers.to_csv(folder / "cost_centers.csv", index=False)
    out = tmp_path / "out"
    result = run_notebook(paths.notebooks("unit_cost.ipynb"), out / "unit_cost.ipynb",
                          {"hospital_dir": str(folder), "lang": "id", "output_dir": str(out)})
    nb = nbformat.read(result.executed, as_version=4)
    assert reader_problems(nb, Checker(_bundled_data_values() | {folder.name})) == []
    uc = pd.read_csv(out / "unit_cost.csv")
    assert "tariff" not in uc and uc["UC1"].isna().sum() == 1  # ICU: no output, no unit cost
    assert not (out / "tariff_vs_unit_cost.png").exists()
