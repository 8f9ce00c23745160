"""A wheel installed outside the repository works: every command, run from another folder.

The package once read the JKN rule tables through the repository's ``data/raw``, so a plain
``pip install .`` gave a ``jkncost contribution`` that raised FileNotFoundError. This test builds a
wheel from a copy of the sources, installs it into a fresh virtual environment (``--no-deps``; the
dependencies come from the project's own environment through a path entry, so nothing is
downloaded), and runs each command from an empty folder far from the repository. Commands that need
the repository (``reproduce``, ``run``, ``sweep``, ``verify``) must say so in one line and exit 2.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from jkncost.core import paths
from jkncost.costing import read_hospital, unit_cost

pytestmark = pytest.mark.slow

#: files a command reads at run time, relative to the package: each must be inside the wheel
SHIPPED = [
    "jkncost/jkn/data/rules/contributions.csv",
    "jkncost/jkn/data/rules/late_payment.csv",
    "jkncost/jkn/data/rules/class_upgrade.csv",
    "jkncost/jkn/data/rules/segments.csv",
    "jkncost/jkn/data/rules/discrepancies.csv",
    "jkncost/jkn/data/rules/README.md",
    "jkncost/jkn/data/inacbg/cmg.csv",
    "jkncost/jkn/data/inacbg/case_types.csv",
    "jkncost/jkn/data/inacbg/severity.csv",
    "jkncost/jkn/data/inacbg/groups.csv",
    "jkncost/jkn/data/inacbg/README.md",
    "jkncost/costing/data/example_v2/cost_centers.csv",
    "jkncost/costing/data/example_v2/costs.csv",
    "jkncost/costing/data/example_v2/allocation_bases.csv",
    "jkncost/costing/data/example_v2/tariffs.csv",
    "jkncost/costing/data/example_v2/README.md",
    "jkncost/labels/common.csv",
    "jkncost/py.typed",
]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``(bin folder, empty working folder, wheel)`` of jkncost installed from a wheel into a new venv."""
    base = tmp_path_factory.mktemp("packaging")
    src = _mkdir(base / "src_copy")
    root = paths.root()
    # Build from a copy, so that setuptools' build/ and egg-info never land in the checkout.
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(root / name, src / name)
    shutil.copytree(root / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = base / "wheels"
    # uv (a dev dependency, as make setup installs it) builds with the same setuptools backend and installs
    # the same files as pip, for a third of pip's CPU
    uv = [sys.executable, "-m", "uv", "--quiet"]
    subprocess.run([*uv, "build", "--wheel", "--no-build-isolation", "--python", sys.executable,
                    "--out-dir", str(wheels), str(src)], check=True, cwd=base)
    (wheel,) = wheels.glob("jkncost-*.whl")

    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([*uv, "pip", "install", "--python", str(py), "--no-deps", "--no-index", str(wheel)],
                   check=True, cwd=base)
    # The dependencies: the project's environment, appended after the new venv's own site-packages (a
    # plain path line: .pth files there, such as the editable install's, are not run).
    new_site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              check=True, capture_output=True, text=True).stdout.strip()
    Path(new_site, "project_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = _mkdir(base / "elsewhere")
    return env_dir / "bin", work, wheel


def _mkdir(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


def _run(installed, *argv: str) -> subprocess.CompletedProcess:
    bindir, work, _ = installed
    env = {k: v for k, v in os.environ.items() if k not in ("JKNCOST_ROOT", "PYTHONPATH")}
    env["MPLBACKEND"] = "Agg"
    return subprocess.run([str(bindir / "jkncost"), *argv], cwd=work, env=env, capture_output=True, text=True,
                          timeout=300)


def test_wheel_holds_the_data_commands_read(installed):
    names = set(zipfile.ZipFile(installed[2]).namelist())
    assert [f for f in SHIPPED if f not in names] == []
    # ... and no study data: data/raw stays in the repository
    assert not [n for n in names if "/raw/" in n or n.startswith("data/")]


def test_the_installed_package_is_the_wheel_not_the_checkout(installed):
    bindir, work, _ = installed
    out = subprocess.run([str(bindir / "python"), "-c", "import jkncost; print(jkncost.__file__)"], cwd=work,
                         capture_output=True, text=True, check=True).stdout
    assert str(bindir.parent) in out and str(paths.root()) not in out


def test_help_and_version(installed):
    r = _run(installed, "--help")
    assert r.returncode == 0, r.stderr
    for command in ("contribution", "late-penalty", "upgrade", "inacbg", "template", "validate", "unitcost",
                    "batch", "reproduce", "run", "sweep", "verify"):
        assert command in r.stdout
    assert _run(installed, "--version").stdout.startswith("jkncost ")


def test_jkn_commands(installed):
    r = _run(installed, "contribution", "--segment", "pbpu", "--date", "2014-06-01", "--care-class", "3", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["rule"] == "C-PBPU-2014-3" and out["total"] == 25_500  # seed 001: Rp 25,500 for class III
    r = _run(installed, "contribution", "--list-segments")
    assert r.returncode == 0 and "pbpu" in r.stdout, r.stderr
    r = _run(installed, "late-penalty", "--segment", "ppu_government", "--date", "2015-02-01",
             "--months-in-arrears", "4", "--monthly-contribution", "250000")
    assert r.returncode == 0 and "Rp 60.000" in r.stdout, r.stderr  # 2% x 3 months x Rp 1,000,000
    r = _run(installed, "upgrade", "--entitled", "2", "--to", "1", "--inacbg-class1", "2335200",
             "--inacbg-class2", "2045500", "--date", "2024-01-01")
    assert r.returncode == 0 and "Rp 289.700" in r.stdout, r.stderr  # seed 003's worked example
    r = _run(installed, "inacbg", "O-6-10-I")
    assert r.returncode == 0 and "O-6-10-I" in r.stdout, r.stderr


def test_bad_input_is_one_line_and_exit_2(installed):
    r = _run(installed, "contribution", "--segment", "nobody", "--date", "2020-01-01")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "nobody" in r.stderr
    assert "Traceback" not in r.stderr


def test_template_validate_unitcost_batch(installed):
    _, work, _ = installed
    r = _run(installed, "template", "my_hospital")
    assert r.returncode == 0, r.stderr
    example = work / "my_hospital" / "example.xlsx"
    assert example.is_file()
    r = _run(installed, "validate", "my_hospital/example.xlsx")
    assert r.returncode == 0 and r.stdout.startswith("OK"), r.stderr
    r = _run(installed, "unitcost", "my_hospital/example.xlsx", "--method", "reciprocal", "--bor", "0.8",
             "--out", "results")
    assert r.returncode == 0, r.stderr
    got = pd.read_csv(work / "results" / "unit_cost.csv").set_index("center")
    want = unit_cost(read_hospital(paths.template_example()), "reciprocal", bor=0.8).unit_cost.set_index("center")
    pd.testing.assert_frame_equal(got[["UC1", "UC2", "UC3"]], want[["UC1", "UC2", "UC3"]], atol=1e-6)
    # the empty template itself is refused with its reasons, exit 2
    r = _run(installed, "validate", "my_hospital")
    assert r.returncode == 2 and "Traceback" not in r.stderr

    (work / "many").mkdir()
    shutil.copy2(example, work / "many" / "rs_a.xlsx")
    r = _run(installed, "batch", "many", "--method", "double", "--workers", "1", "--no-progress", "--out",
             "batch_out")
    assert r.returncode == 0, r.stderr
    assert set(pd.read_csv(next((work / "batch_out").glob("*.csv")))["status"]) == {"ok"}


@pytest.mark.parametrize("argv", [["reproduce", "--no-progress"], ["verify"],
                                  ["run", "unit_cost.ipynb", "--list"]])
def test_commands_that_need_the_repository_say_so(installed, argv):
    r = _run(installed, *argv)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1


def test_errors_name_a_shipped_table_without_machine_paths(installed):
    bindir, work, _ = installed
    code = ("from jkncost.jkn.lookup import in_force\n"
            "from jkncost.jkn.rules import load_table\n"
            "in_force(load_table('contributions'), '2020-01-01', 'contribution', segment='nobody')\n")
    r = subprocess.run([str(bindir / "python"), "-c", code], cwd=work, capture_output=True, text=True)
    last = r.stderr.strip().splitlines()[-1]
    assert "src/jkncost/jkn/data/rules/contributions.csv: no contribution rule" in last
    assert str(bindir.parent) not in last
