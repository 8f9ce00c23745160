"""Sweeps: grid files, validation before anything runs, a real LocalCluster sweep, the batched engine path."""

from __future__ import annotations

import functools

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jkncost.core import paths
from jkncost.costing.allocation import METHODS
from jkncost.cli.main import main
from jkncost.errors import InputError
from jkncost.costing import read_hospital
from jkncost.compendium.notebook import ParameterError
from jkncost.compendium.sweep import (
    BATCH_CSV,
    Grid,
    Combination,
    expand_grid,
    finished_runs,
    hospital_arrays,
    hospital_folders,
    load_grid,
    run_one,
    sweep_hospital_batch,
    sweep_table,
    unit_cost_chunk,
    validate_combinations,
)
from jkncost.compendium.manifest import sha256
from jkncost.costing.unitcost import unit_cost

UNIT_COST = paths.notebooks("unit_cost.ipynb")
EXAMPLE = paths.raw("example_hospital")
RESULT_COLUMNS = ["center", "output", "TC1", "TC2", "TC3", "UC1", "UC2", "UC3"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def broken_copy(dest: Path) -> Path:
    shutil.copytree(EXAMPLE, dest)
    costs = (dest / "costs.csv").read_text().splitlines()
    costs[2] = costs[2].rsplit(",", 1)[0] + ",not a number"
    (dest / "costs.csv").write_text("\n".join(costs) + "\n")
    return dest


# --------------------------------------------------------------------------------------------
# Grid files (no cluster)
# --------------------------------------------------------------------------------------------

def test_grid_expansion_order(tmp_path):
    grid = load_grid(write(tmp_path / "g.yaml", """
parameters:
  method: [direct, double]
  bor: [0.6, 0.8, 1.0]
fixed: {hospital_dir: data/raw/example_hospital}
runs:
  - {method: reciprocal}
  - {method: stepdown, hospital_dir: elsewhere}
"""))
    combos = expand_grid(grid)
    assert [c.run_id for c in combos] == [f"{i:03d}" for i in range(1, 9)]
    assert [(c.parameters["method"], c.parameters.get("bor")) for c in combos] == [
        ("direct", 0.6), ("direct", 0.8), ("direct", 1.0), ("double", 0.6), ("double", 0.8), ("double", 1.0),
        ("reciprocal", None), ("stepdown", None)]
    assert all(c.parameters["hospital_dir"] == "data/raw/example_hospital" for c in combos[:7])
    assert combos[7].parameters["hospital_dir"] == "elsewhere"  # a run's own value wins over fixed
    assert combos[4].origin == {"hospital_dir": "fixed.hospital_dir", "method": "parameters.method[1]",
                                "bor": "parameters.bor[1]"}
    assert combos[7].origin["hospital_dir"] == "runs[1].hospital_dir"
    assert expand_grid(grid) == combos  # deterministic


def test_grid_with_only_runs_or_only_fixed(tmp_path):
    only_runs = expand_grid(load_grid(write(tmp_path / "a.yaml", "runs: [{method: direct}, {method: double}]")))
    assert [c.parameters for c in only_runs] == [{"method": "direct"}, {"method": "double"}]
    only_fixed = expand_grid(load_grid(write(tmp_path / "b.yaml", "fixed: {method: direct}")))
    assert [c.parameters for c in only_fixed] == [{"method": "direct"}]


def test_hospitals_are_the_outermost_axis(tmp_path):
    for name in ("b_hospital", "a_hospital", ".hidden", "_skip"):
        (tmp_path / "hs" / name).mkdir(parents=True)
    write(tmp_path / "hs" / "c.xlsx", "")
    write(tmp_path / "hs" / "notes.txt", "")
    found = hospital_folders(tmp_path / "hs")
    assert [p.name for p in found] == ["a_hospital", "b_hospital", "c.xlsx"]
    combos = expand_grid(Grid("g.yaml", parameters={"method": ["direct", "double"]}), found)
    assert [(Path(c.parameters["hospital_dir"]).name, c.parameters["method"]) for c in combos] == [
        ("a_hospital", "direct"), ("a_hospital", "double"), ("b_hospital", "direct"), ("b_hospital", "double"),
        ("c.xlsx", "direct"), ("c.xlsx", "double")]
    assert list(combos[0].parameters) == ["hospital_dir", "method"]
    with pytest.raises(InputError, match=r"fixed.hospital_dir: 'hospital_dir' is given by --hospitals"):
        expand_grid(Grid("g.yaml", fixed={"hospital_dir": "x"}), found)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no hospital folders"):
        hospital_folders(tmp_path / "empty")


@pytest.mark.parametrize("text, message", [
    ("paramters: {method: [direct]}", "unknown key 'paramters'"),
    ("parameters: {bor: 0.8}", "parameters.bor: must be a non-empty list"),
    ("parameters: {bor: []}", "parameters.bor: must be a non-empty list"),
    ("parameters: {method: [direct]}\nfixed: {method: double}", "fixed.method: also listed under 'parameters'"),
    ("fixed: {output_dir: somewhere}", "'output_dir' is set by the sweep"),
    ("runs: {method: direct}", "'runs' must be a list of mappings"),
    ("- direct\n- double", "a grid file is a mapping"),
    ("parameters:\n  method: [direct\n  bor: [0.8]", "not valid YAML"),
])
def test_grid_file_errors(tmp_path, text, message):
    path = write(tmp_path / "grid.yaml", text)
    with pytest.raises(InputError, match=message) as info:
        load_grid(path)
    assert str(info.value).startswith(str(path))


def test_validation_names_grid_file_place_and_parameter(tmp_path):
    grid = write(tmp_path / "grid.yaml", "parameters:\n  method: [direct]\n  bor: [0.8, '0.9']\n"
                                         "runs: [{mehtod: double}]\n")
    with pytest.raises(ParameterError) as info:
        validate_combinations(UNIT_COST, expand_grid(load_grid(grid)), str(grid))
    lines = [str(p) for p in info.value.problems]
    assert len(lines) == 2
    assert lines[0].startswith(f"{grid}: parameters.bor[1]: parameter 'bor' must be a float in [0, 1], got str '0.9'")
    assert lines[1].startswith(f"{grid}: runs[0].mehtod: unknown parameter 'mehtod'")
    assert all("(unit_cost.ipynb)" in line for line in lines)
    validate_combinations(UNIT_COST, expand_grid(load_grid(paths.root() / "examples" / "sweep_grid.yaml")), "ok")


def test_example_grid_is_the_twenty_runs():
    combos = expand_grid(load_grid(paths.root() / "examples" / "sweep_grid.yaml"))
    assert len(combos) == 20
    assert {c.parameters["method"] for c in combos} == set(METHODS)


def test_cli_bad_grid_exits_2_before_anything_runs(tmp_path, capsys):
    grid = write(tmp_path / "grid.yaml", "parameters: {mehtod: [direct, double]}\n")
    out = tmp_path / "out"
    assert main(["sweep", str(UNIT_COST), "--grid", str(grid), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "grid.yaml: parameters.mehtod[0]: unknown parameter 'mehtod'" in err
    assert not out.exists()
    assert main(["sweep", str(UNIT_COST), "--out", str(out)]) == 2
    assert "--grid" in capsys.readouterr().err
    assert main(["sweep", str(UNIT_COST), "--grid", str(tmp_path / "missing.yaml"), "--out", str(out)]) == 2
    assert not out.exists()


def test_sweep_table_order_and_summary_columns():
    rows = [
        {"run_id": "002", "method": "double", "status": "failed", "error": "x", "seconds": 1.0, "output": "runs/002"},
        {"run_id": "001", "method": "direct", "status": "ok", "error": "", "seconds": 2.0, "output": "runs/001",
         "UC1_IGD": 10.0, "total_cost": 5.0},
    ]
    table = sweep_table(rows, ["method", "bor"])
    assert list(table.columns) == ["run_id", "method", "bor", "status", "error", "seconds", "output", "UC1_IGD",
                                   "total_cost"]
    assert table["run_id"].tolist() == ["001", "002"]
    assert table["UC1_IGD"].isna().tolist() == [False, True]


# --------------------------------------------------------------------------------------------
# The batched engine path
# --------------------------------------------------------------------------------------------

BROKEN = 13  # costs.csv has a text amount: fails validation under every method
LOOP = 29  # two support centers serve only each other: fails validation or allocation, depending on the method


def _perturbed_copy(src: Path, dest: Path, i: int, rng) -> None:
    shutil.copytree(src, dest)
    centers = pd.read_csv(dest / "cost_centers.csv", dtype=str, keep_default_na=False)
    costs = pd.read_csv(dest / "costs.csv")
    bases = pd.read_csv(dest / "allocation_bases.csv")
    costs["amount"] = (costs["amount"] * rng.uniform(0.5, 1.5, len(costs))).round(0)
    bases["weight"] = (bases["weight"] * rng.uniform(0.5, 1.5, len(bases))).round(2)
    prod = centers["kind"] == "production"
    centers.loc[prod, "output"] = (centers.loc[prod, "output"].astype(float)
                                   * rng.uniform(0.7, 1.3, prod.sum())).round(0).astype(int).astype(str)
    if i % 10 == 3:  # another structure: a renamed center
        centers["center"] = centers["center"].replace("Kelas III", "Kelas 3")
        costs["center"] = costs["center"].replace("Kelas III", "Kelas 3")
        bases["center"] = bases["center"].replace("Kelas III", "Kelas 3")
    if i % 10 == 7:  # another step-down sequence
        centers["order"] = centers["order"].replace({"1": "2", "2": "1"})
    if i == LOOP:
        bases = bases[~bases["support_center"].isin(["Instalasi Gizi", "Laundry"])]
        extra = pd.DataFrame({"support_center": ["Instalasi Gizi", "Laundry"], "basis": "x",
                              "center": ["Laundry", "Instalasi Gizi"], "weight": [1.0, 1.0]})
        bases = pd.concat([bases, extra], ignore_index=True)
    centers.to_csv(dest / "cost_centers.csv", index=False)
    costs.to_csv(dest / "costs.csv", index=False)
    bases.to_csv(dest / "allocation_bases.csv", index=False)
    if i == BROKEN:
        text = (dest / "costs.csv").read_text().splitlines()
        text[3] = text[3].rsplit(",", 1)[0] + ",lots"
        (dest / "costs.csv").write_text("\n".join(text) + "\n")


@pytest.fixture(scope="module")
def fifty_hospitals(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("hospitals")
    rng = np.random.default_rng(7)
    for i in range(50):
        _perturbed_copy(EXAMPLE, root / f"rs_{i:02d}", i, rng)
    return hospital_folders(root)


def expected_rows(folders, method, bor):
    """Per-hospital reference: jkncost.costing.unitcost.unit_cost on each folder; None for the ones that fail.

    Computed once per (folders, method, bor) in a test run: eight checks compare against the same fifty
    references (the folders are the module fixture's, never changed)."""
    return dict(_expected_rows(tuple(folders), method, bor))


@functools.lru_cache(maxsize=None)
def _expected_rows(folders, method, bor):
    found = {}
    for folder in folders:
        hospital = _read_for_reference(folder, method)
        try:
            found[folder.name] = unit_cost(hospital, method, bor=bor, flows=False).unit_cost if hospital is not None else None
        except Exception:
            found[folder.name] = None
    return found


@functools.lru_cache(maxsize=None)
def _read_for_reference(folder, method):
    """``read_hospital(folder, method)``, None when it fails: read once for the references of one method at two
    BORs (step-down and reciprocal), as a folder is read once for validation and the run. Reading is four fifths
    of a reference's cost; the engine does not change the hospital it costs."""
    try:
        return read_hospital(folder, method)
    except Exception:
        return None


def check_batch(table: pd.DataFrame, folders, method, bor):
    expected = expected_rows(folders, method, bor)
    assert table["hospital"].drop_duplicates().tolist() == [f.name for f in folders]  # input order
    failed = sorted(table.loc[table["status"] == "failed", "hospital"].unique())
    assert failed == sorted(name for name, e in expected.items() if e is None)
    assert failed == [f"rs_{BROKEN:02d}", f"rs_{LOOP:02d}"]
    errors = table.loc[table["status"] == "failed"].set_index("hospital")["error"]
    assert "costs.csv" in errors[f"rs_{BROKEN:02d}"] and "amount" in errors[f"rs_{BROKEN:02d}"]
    assert errors.str.len().gt(0).all()
    columns = RESULT_COLUMNS + (["output_normative", "UC1_normative", "UC2_normative", "UC3_normative"] if bor else [])
    for name, exp in expected.items():
        if exp is None:
            continue
        got = table[table["hospital"] == name].reset_index(drop=True)[columns]
        assert (table.loc[table["hospital"] == name, "status"] == "ok").all()
        pd.testing.assert_frame_equal(got, exp[columns].reset_index(drop=True), check_exact=False, rtol=1e-9,
                                      check_dtype=False)


def test_hospital_arrays_match_the_hospital():
    arr = hospital_arrays(EXAMPLE, "stepdown")
    h = read_hospital(EXAMPLE)
    assert arr.centers == tuple(h.names) and arr.order == tuple(h.step_order())
    assert np.array_equal(arr.direct, h.direct_costs().to_numpy().T)
    assert hospital_arrays(EXAMPLE, "double").order is None  # the sequence only matters for step-down


def test_unit_cost_chunk_isolates_a_hospital_that_cannot_be_allocated():
    arr = hospital_arrays(EXAMPLE, "reciprocal")
    H = 4
    d = np.stack([arr.direct * (1 + k / 10) for k in range(H)])
    W = np.stack([arr.weights] * H)
    gizi, laundry = arr.centers.index("Instalasi Gizi"), arr.centers.index("Laundry")
    W[2, gizi, :] = 0
    W[2, laundry, :] = 0
    W[2, gizi, laundry] = W[2, laundry, gizi] = 1.0  # a closed loop: never reaches production
    output = np.stack([arr.output] * H)
    tc, uc, errors = unit_cost_chunk(d, W, np.array(arr.is_support), output, "reciprocal")
    assert list(errors) == [2] and "never reach a production center" in errors[2]
    assert np.isnan(uc[2]).all() and not np.isnan(uc[[0, 1, 3]]).any()
    ref = unit_cost(read_hospital(EXAMPLE), "reciprocal", flows=False).unit_cost
    assert np.allclose(uc[0, 0], ref["UC1"], rtol=1e-12)
    assert np.allclose(uc[3, 2], 1.3 * ref["UC3"], rtol=1e-12)


@pytest.mark.slow  # seconds of CPU: make test-fast stays under a minute
@pytest.mark.parametrize("method, bor", [("double", 0.8), ("stepdown", None), ("reciprocal", 0.9)])
def test_batch_in_process_matches_per_hospital_unit_cost(fifty_hospitals, method, bor):
    table = sweep_hospital_batch(fifty_hospitals, method, bor, chunk_size=7, client=None)
    check_batch(table, fifty_hospitals, method, bor)


class _Future:
    def __init__(self, client, value):
        client.count += 1
        self.key, self.status, self._client, self._value = f"task-{client.count}", "finished", client, value

    def result(self):
        self._client.fetched.append((self.key, self._value))
        return self._value


class RecordingClient:
    """Runs each task at once, here, and records every value that comes back to the client."""

    def __init__(self):
        self.count, self.fetched = 0, []

    def _on_worker(self, value):
        if isinstance(value, _Future):
            return value._value  # a future given to a task is resolved where the task runs
        if isinstance(value, list):
            return [self._on_worker(v) for v in value]
        return value

    def submit(self, fn, *args, pure=True, **kwargs):
        return _Future(self, fn(*(self._on_worker(a) for a in args), **kwargs))

    def scatter(self, *args, **kwargs):
        raise AssertionError("arrays sent from the client to the workers")

    def scheduler_info(self):
        return {"workers": {"w1": {}, "w2": {}}}


def _holds_arrays(value) -> bool:
    from jkncost.compendium.sweep import HospitalArrays

    if isinstance(value, HospitalArrays):
        return True
    return isinstance(value, (list, tuple)) and any(_holds_arrays(v) for v in value)


@pytest.mark.slow  # seconds: make test-fast leaves it to make test
def test_batch_keeps_hospital_arrays_on_the_workers_and_fetches_each_result_once(fifty_hospitals, monkeypatch):
    import distributed

    monkeypatch.setattr(distributed, "as_completed", lambda futures: iter(list(futures)))
    client = RecordingClient()
    table = sweep_hospital_batch(fifty_hospitals, "double", 0.8, chunk_size=9, client=client)
    check_batch(table, fifty_hospitals, "double", 0.8)
    keys = [k for k, _ in client.fetched]
    assert len(keys) == len(set(keys)), "a result was fetched from the workers twice"
    assert not any(_holds_arrays(v) for _, v in client.fetched), "hospital arrays came back to the client"


@pytest.fixture(scope="module")
def local_cluster():
    """One LocalCluster for the batch and the tiny-notebook sweep, made as ``jkncost sweep`` and ``jkncost batch``
    make theirs (:func:`make_client`: two worker processes, one thread each, no dashboard). Each worker process
    costs seconds of CPU to start (a Python that imports dask, pandas and jkncost): the three tests that started
    their own (2 + 2 + 1 workers) now share two; the real notebook's sweep still starts its own, as a user's does."""
    from jkncost.compendium.sweep import make_client

    client, cluster = make_client(None, 2, 2)
    assert len(cluster.workers) == 2
    yield client, cluster
    client.close()
    cluster.close()


@pytest.mark.slow
def test_batch_on_a_local_cluster_matches_per_hospital_unit_cost(fifty_hospitals, local_cluster, tmp_path, capsys):
    client, cluster = local_cluster
    for method in METHODS:
        table = sweep_hospital_batch(fifty_hospitals, method, 0.8, chunk_size=9, client=client)
        check_batch(table, fifty_hospitals, method, 0.8)
    # the command line on the same cluster (--scheduler; one cluster start less): same table, written
    # atomically; exit 1 with the failures named
    out = tmp_path / "batch"
    status = main(["batch", str(fifty_hospitals[0].parent), "--method", "stepdown", "--out", str(out),
                   "--scheduler", cluster.scheduler_address, "--chunk-size", "20", "--no-progress"])
    assert status == 1
    captured = capsys.readouterr()
    assert "48 of 50 hospitals costed" in captured.out
    assert f"rs_{BROKEN:02d}: costs.csv" in captured.err and "2 of 50 hospitals failed" in captured.err
    check_batch(pd.read_csv(out / BATCH_CSV, keep_default_na=False, na_values=[""]).fillna({"center": ""}),
                fifty_hospitals, "stepdown", None)


# --------------------------------------------------------------------------------------------
# Notebook sweeps
# --------------------------------------------------------------------------------------------

TINY = {
    "cells": [
        {"cell_type": "code", "id": "params", "metadata": {"tags": ["parameters"]}, "execution_count": None,
         "outputs": [],
         "source": "x: int = 1  # a number\noutput_dir: str = '.'  # where to write\n"},
        {"cell_type": "code", "id": "work", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "import json, pathlib\nif x == 3:\n    raise ValueError('three is\\nnot allowed')\n"
                   "pathlib.Path(output_dir, 'summary.json').write_text(json.dumps({'x': -1, 'double': 2 * x, "
                   "'nested': {'a': 1}}))\n"},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                 "language_info": {"name": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


@pytest.mark.slow
def test_run_one_collects_summary_and_records_failures(tmp_path):
    nb = write(tmp_path / "tiny.ipynb", json.dumps(TINY))
    out = tmp_path / "out"
    stale = write(out / "runs" / "002" / "summary.json", json.dumps({"double": 99}))
    ok = run_one(str(nb), "001", {"x": 5}, str(out))
    assert ok["status"] == "ok" and ok["error"] == "" and ok["output"] == "runs/001"
    assert ok["double"] == 10 and ok["x"] == 5 and "nested" not in ok  # parameters win; flat values only
    assert (out / "runs" / "001" / "tiny.ipynb").is_file()
    bad = run_one(str(nb), "002", {"x": 3}, str(out))
    # the earlier file is not this run's: never read as its numbers, and not deleted either (no marker says
    # jkncost wrote it: the output policy deletes only what a run of jkncost recorded as its own)
    assert bad["status"] == "failed" and "double" not in bad and stale.exists()
    assert bad["error"] == ("tiny.ipynb: cell In [3], line 3: ValueError: three is not allowed; partly run notebook: "
                            "runs/002/tiny.FAILED.ipynb")  # one line, the notebook relative to OUT
    assert (out / "runs" / "002" / "tiny.FAILED.ipynb").is_file()
    table = sweep_table([bad, ok], ["x"])
    assert table.columns.tolist() == ["run_id", "x", "status", "error", "seconds", "output", "double"]


def test_the_example_shaped_grid_expands_to_twenty_runs_in_order(tmp_path):
    """4 x 4 product then 4 explicit runs, the last on another hospital: ids 001-020 in grid order (the
    order sweep.csv keeps), fixed values first among the columns, a run's own value winning over fixed."""
    grid = write(tmp_path / "grid.yaml", """
parameters:
  method: [direct, stepdown, double, reciprocal]
  bor: [0.6, 0.7, 0.8, 0.9]
fixed:
  hospital_dir: data/raw/example_hospital
runs:
  - {method: direct, bor: 1.0}
  - {method: stepdown, bor: 1.0}
  - {method: double, bor: 1.0}
  - {method: reciprocal, bor: 1.0, hospital_dir: broken}
""")
    combos = expand_grid(load_grid(grid))
    validate_combinations(UNIT_COST, combos, str(grid))
    assert [c.run_id for c in combos] == [f"{i:03d}" for i in range(1, 21)]
    assert [(c.parameters["method"], c.parameters["bor"]) for c in combos[:16]] == [
        (m, b) for m in METHODS for b in (0.6, 0.7, 0.8, 0.9)]
    assert [c.parameters["bor"] for c in combos[16:]] == [1.0] * 4
    assert [c.parameters["hospital_dir"] for c in combos] == ["data/raw/example_hospital"] * 19 + ["broken"]
    names = list(dict.fromkeys(k for c in combos for k in c.parameters))  # the parameter columns of sweep.csv
    rows = [{"run_id": c.run_id, **c.parameters, "status": "ok", "error": "", "seconds": 1.0,
             "output": f"runs/{c.run_id}"} for c in reversed(combos)]
    table = sweep_table(rows, names)
    assert table.columns[:8].tolist() == ["run_id", "hospital_dir", "method", "bor", "status", "error", "seconds",
                                          "output"]
    assert table["run_id"].tolist() == [c.run_id for c in combos]


# A notebook that takes a second to run: the sweep machinery (dask, run folders, sweep.csv, failures,
# --resume) is the same whatever the notebook, so it is tested here; one real notebook runs below.
TINY_PARAMETERS = ('scale: Range[int, 1, None] = 1  # multiplies the amounts\n'
                   'word: Literal["a", "b"] = "a"  # a label\n'
                   'input_csv: str = "amounts.csv"  # the amounts\n'
                   'output_dir: str = "data/processed/tiny"  # where outputs go')
TINY_BODY = """import json
from pathlib import Path
import pandas as pd
from jkncost.errors import InputError, Problem
amounts = pd.read_csv(input_csv, dtype=str)["amount"]
bad = pd.to_numeric(amounts, errors="coerce").isna()
if bad.any():
    raise InputError(Problem(Path(input_csv).name, "not a number", row=int(bad.idxmax()) + 2, column="amount"))
total = scale * amounts.astype(float).sum()
out = paths.resolve(output_dir)
(out / "result.csv").write_text(f"word,total\\n{word},{total}\\n")
(out / "summary.json").write_text(json.dumps({"total": total, "nested": {"a": 1}}))
"""


@pytest.mark.slow
def test_sweep_of_a_tiny_notebook_on_a_local_cluster_and_resume(local_cluster, tmp_path, capsys):
    from jkncost.compendium.notebook import study_notebook

    notebook = study_notebook(tmp_path / "nb" / "tiny.ipynb", TINY_PARAMETERS, TINY_BODY, inputs=[])
    good = write(tmp_path / "amounts.csv", "item,amount\nx,10\ny,32\n")
    broken = write(tmp_path / "broken.csv", "item,amount\nx,10\ny,lots\n")
    grid = write(tmp_path / "grid.yaml", f"""
parameters:
  scale: [1, 2]
  word: [a, b]
fixed:
  input_csv: {json.dumps(str(good))}
runs:
  - {{scale: 3, input_csv: {json.dumps(str(broken))}}}
""")
    out = tmp_path / "sweep"
    scheduler = local_cluster[1].scheduler_address  # the module's two workers (--scheduler: no cluster start)
    status = main(["sweep", str(notebook), "--grid", str(grid), "--out", str(out), "--scheduler", scheduler,
                   "--no-progress"])
    captured = capsys.readouterr()
    assert status == 1, captured.err
    assert "4 of 5 runs ok" in captured.out and "1 of 5 runs failed" in captured.err
    table = pd.read_csv(out / "sweep.csv", dtype={"run_id": str}, keep_default_na=False, na_values=[""])
    assert table["run_id"].tolist() == ["001", "002", "003", "004", "005"]
    assert table.columns[:8].tolist() == ["run_id", "input_csv", "scale", "word", "status", "error", "seconds",
                                          "output"]
    assert [(r.scale, r.word) for r in table.itertuples()][:4] == [(1, "a"), (1, "b"), (2, "a"), (2, "b")]
    assert table["scale"].iloc[4] == 3 and pd.isna(table["word"].iloc[4])  # an explicit run sets only its own
    failed = table[table["status"] == "failed"]
    assert failed["run_id"].tolist() == ["005"]
    error = failed["error"].iloc[0]
    assert "\n" not in error and error.startswith("tiny.ipynb: cell ") and "InputError" in error
    assert "broken.csv:3: column 'amount': not a number" in error
    assert not (out / "runs" / "005" / "tiny.ipynb").exists()  # a failed run keeps no executed notebook
    ok = table[table["status"] == "ok"]
    assert len(ok) == 4 and ok["error"].isna().all() and "nested" not in table  # flat summary values only
    for row in ok.itertuples(index=False):
        run_dir = out / row.output
        assert (run_dir / "tiny.ipynb").is_file()
        assert pd.read_csv(run_dir / "result.csv").to_dict("records") == [{"word": row.word, "total": 42.0 * row.scale}]
        assert row.total == 42.0 * row.scale  # summary.json's numbers are columns of sweep.csv
    # --resume after the failing input is mended: only run 005 runs again, the 4 others are taken over
    write(broken, "item,amount\nx,10\ny,11\n")
    first = {rid: (out / "runs" / rid / "tiny.ipynb").stat().st_mtime_ns for rid in ok["run_id"]}
    status = main(["sweep", str(notebook), "--grid", str(grid), "--out", str(out), "--scheduler", scheduler,
                   "--no-progress", "--resume"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "4 run(s) reused" in captured.out and "5 of 5 runs ok" in captured.out
    assert {rid: (out / "runs" / rid / "tiny.ipynb").stat().st_mtime_ns for rid in ok["run_id"]} == first
    again = pd.read_csv(out / "sweep.csv", dtype={"run_id": str}, keep_default_na=False, na_values=[""])
    assert again["run_id"].tolist() == table["run_id"].tolist() and (again["status"] == "ok").all()
    assert again.set_index("run_id").loc["005", "total"] == 3 * 21.0
    pd.testing.assert_frame_equal(again[again["run_id"] != "005"].reset_index(drop=True),
                                  table[table["run_id"] != "005"].reset_index(drop=True),
                                  check_dtype=False)  # 'error' is empty everywhere now, so read as float
    assert len((out / "progress.jsonl").read_text().splitlines()) == 5


@pytest.mark.slow
def test_sweep_of_the_unit_cost_notebook_on_a_local_cluster(local_cluster, tmp_path, capsys, recwarn):
    """The one sweep of a real notebook: two runs on two dask workers, one on a broken hospital folder; its
    cluster starts while the module's is up, and neither takes port 8787 (no "already in use" warning)."""
    broken = broken_copy(tmp_path / "broken_hospital")
    grid = write(tmp_path / "grid.yaml", f"""
fixed:
  hospital_dir: data/raw/example_hospital
runs:
  - {{method: reciprocal, bor: 0.9}}
  - {{method: double, bor: 1.0, hospital_dir: {json.dumps(str(broken))}}}
""")
    out = tmp_path / "sweep"
    status = main(["sweep", str(UNIT_COST), "--grid", str(grid), "--out", str(out), "--workers", "2",
                   "--no-progress"])
    captured = capsys.readouterr()
    assert status == 1, captured.err
    assert "1 of 2 runs ok" in captured.out and "1 of 2 runs failed" in captured.err
    table = pd.read_csv(out / "sweep.csv", dtype={"run_id": str}, keep_default_na=False, na_values=[""])
    assert table["run_id"].tolist() == ["001", "002"] and table["status"].tolist() == ["ok", "failed"]
    error = table["error"].iloc[1]
    # refused before its kernel started (parameters naming a hospital folder are validated up front)
    assert error.startswith("unit_cost.ipynb: ") and "hospital_dir" in error and "costs.csv:3" in error
    row = table.iloc[0]
    run_dir = out / row["output"]
    assert (run_dir / "unit_cost.ipynb").is_file()
    expected = unit_cost(read_hospital(EXAMPLE), "reciprocal", bor=0.9, flows=False).unit_cost
    pd.testing.assert_frame_equal(pd.read_csv(run_dir / "unit_cost.csv"), expected, check_exact=False, rtol=1e-9)
    assert not [str(w.message) for w in recwarn if "already in use" in str(w.message)]
    summary = run_dir / "summary.json"
    if summary.is_file():  # when the notebook writes one, its numbers are columns of sweep.csv
        for key, value in json.loads(summary.read_text()).items():
            if key not in ("run_id", "hospital_dir", "method", "bor", "status", "error", "seconds", "output") \
                    and isinstance(value, (int, float)):
                assert row[key] == pytest.approx(value)


def test_without_dask_sweep_and_batch_say_how_to_install_it(tmp_path, monkeypatch, capsys):
    """dask.distributed is the optional extra jkncost[sweep]: without it, one line and nothing written."""
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    grid = write(tmp_path / "grid.yaml", "parameters:\n  bor: [0.8]\n")
    assert main(["sweep", str(UNIT_COST), "--grid", str(grid), "--out", str(tmp_path / "sweep")]) == 2
    assert main(["batch", str(paths.raw()), "--method", "double", "--out", str(tmp_path / "batch")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all("pip install 'jkncost[sweep]'" in line for line in lines), lines
    assert lines[0].startswith("jkncost sweep: error: dask.distributed: not installed")
    assert not (tmp_path / "sweep").exists() and not (tmp_path / "batch").exists()


def test_local_clusters_start_without_a_dashboard(monkeypatch):
    """No dashboard on port 8787: two clusters at once (parallel tests, two sweeps) never collide."""
    import distributed

    from jkncost.compendium.sweep import make_client

    made = {}

    class Recorder:
        def __init__(self, **kwargs):
            made.update(kwargs)

    monkeypatch.setattr(distributed, "LocalCluster", Recorder)
    monkeypatch.setattr(distributed, "Client", lambda cluster: ("client", cluster))
    client, cluster = make_client(None, 2, 5)
    assert isinstance(cluster, Recorder) and client == ("client", cluster)
    assert made["dashboard_address"] is None and made["n_workers"] == 2 and made["processes"] is True
    # the scheduler's health pages (served even without a dashboard) on a free port, not on 8787
    assert made["scheduler_kwargs"] == {"dashboard_address": "127.0.0.1:0"}


def test_resume_takes_over_only_runs_that_still_stand(tmp_path):
    """Runs are reused only when they succeeded with the same parameters and notebook, and their folder holds
    the executed notebook; a later entry for a run supersedes an earlier one; a torn last line is ignored."""
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text("{}")
    combos = [Combination(f"00{i}", {"bor": b}, {}) for i, b in ((1, 0.7), (2, 0.8), (3, 0.9), (4, 1.0))]
    for rid in ("001", "002", "003"):
        (tmp_path / "runs" / rid).mkdir(parents=True)
        (tmp_path / "runs" / rid / "nb.ipynb").write_text("{}")
    digest = sha256(notebook)

    def entry(rid, bor, status="ok", nb=digest):
        return json.dumps({"run_id": rid, "parameters": {"bor": bor}, "notebook": nb,
                           "row": {"run_id": rid, "bor": bor, "status": status}})

    (tmp_path / "progress.jsonl").write_text("\n".join([
        entry("001", 0.7),                 # reused
        entry("002", 0.8),
        entry("002", 0.8, "failed"),       # superseded by a later failure: run again
        entry("003", 0.5),                 # other parameters than now: run again
        entry("004", 1.0),                 # its folder is gone: run again
        '{"run_id": "005", "param',        # torn last line of a killed sweep
    ]) + "\n")
    assert list(finished_runs(tmp_path, notebook, combos)) == ["001"]
    notebook.write_text('{"changed": true}')
    assert finished_runs(tmp_path, notebook, combos) == {}
