"""jkncost.core.paths: package data is found wherever the package is, study data under the root."""

from __future__ import annotations

from jkncost.core import paths


def test_package_data_resolves_into_the_package_under_another_root(tmp_path, monkeypatch):
    """JKNCOST_ROOT may point at a copy of data/ and notebooks/ without src/: the notebooks' default
    ``hospital_dir="src/jkncost/costing/data/example_v2"`` must still find the shipped example."""
    monkeypatch.setenv("JKNCOST_ROOT", str(tmp_path))
    target = paths.resolve("src/jkncost/costing/data/example_v2")
    assert target == paths.template_example() and (target / "cost_centers.csv").is_file()
    assert paths.relative(target) == "src/jkncost/costing/data/example_v2"
    assert paths.resolve("data/raw/bone") == tmp_path / "data" / "raw" / "bone"
    assert paths.relative(tmp_path / "data" / "raw" / "bone") == "data/raw/bone"


def test_shipped_tables_are_inside_the_package():
    assert (paths.package("jkn", "data", "rules") / "contributions.csv").is_file()
    assert (paths.package("jkn", "data", "inacbg") / "cmg.csv").is_file()
    assert not paths.raw("rules").exists() and not paths.raw("inacbg").exists()
    assert paths.relative(paths.package("jkn", "data", "rules", "segments.csv")) == \
        "src/jkncost/jkn/data/rules/segments.csv"
