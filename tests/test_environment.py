"""environment.yml (conda) and pyproject.toml (pip) must list the same direct dependencies."""

import re
import tomllib

import yaml

from jkncost.compendium import paths


def _split(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert m, spec
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_and_pyproject_agree():
    project = tomllib.loads((paths.root() / "pyproject.toml").read_text())["project"]
    pip_specs = dict(_split(s) for s in project["dependencies"] + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((paths.root() / "environment.yml").read_text())
    conda_specs = dict(_split(s) for s in env["dependencies"] if isinstance(s, str) and not s.startswith("python"))
    conda_specs.pop("pip", None)
    assert conda_specs == pip_specs, (
        f"only in environment.yml: {sorted(set(conda_specs) - set(pip_specs))}; "
        f"only in pyproject.toml: {sorted(set(pip_specs) - set(conda_specs))}; "
        f"different pins: {sorted(k for k in set(conda_specs) & set(pip_specs) if conda_specs[k] != pip_specs[k])}"
    )


def test_python_requirement_agrees():
    project = tomllib.loads((paths.root() / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((paths.root() / "environment.yml").read_text())
    python = [s for s in env["dependencies"] if isinstance(s, str) and s.startswith("python")]
    assert python == [f"python{project['requires-python']}"]
