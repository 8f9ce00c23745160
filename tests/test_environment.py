"""The environment stays in step: environment.yml (conda) and pyproject.toml (pip) list the same direct
dependencies; requirements.lock pins each of them inside its range; ruff targets the oldest Python."""

import re
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from jkncost.core import paths

LOCK = "requirements.lock"
#: the platform the lock is made for (Makefile `lock`): markers are evaluated there
TARGET = {"python_version": "3.11", "python_full_version": "3.11.0", "sys_platform": "linux",
          "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64",
          "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}


def _split(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert m, spec
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_and_pyproject_agree():
    project = tomllib.loads((paths.root() / "pyproject.toml").read_text())["project"]
    extras = [s for specs in project["optional-dependencies"].values() for s in specs]
    pip_specs = dict(_split(s) for s in project["dependencies"] + extras)
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


def _pyproject() -> dict:
    return tomllib.loads((paths.root() / "pyproject.toml").read_text())


def parse_lock(text: str) -> dict[str, tuple[Version, list[str]]]:
    """``name -> (version, hashes)`` of a pip requirements file of exact pins with ``--hash`` lines.

    Refuses any requirement line that is not an exact pin, so that a loose line cannot slip into the lock.
    """
    pins: dict[str, tuple[Version, list[str]]] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip().rstrip("\\").strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("--hash="):
            assert current is not None, f"a hash before any requirement: {line!r}"
            pins[current][1].append(stripped.removeprefix("--hash="))
            continue
        req = Requirement(stripped)
        spec = list(req.specifier)
        assert len(spec) == 1 and spec[0].operator == "==", f"not an exact pin in the lock: {line!r}"
        current = canonicalize_name(req.name)
        assert current not in pins, f"{current} pinned twice in the lock"
        pins[current] = (Version(spec[0].version), [])
    return pins


@pytest.fixture(scope="module")
def lock():
    return parse_lock((paths.root() / LOCK).read_text(encoding="utf-8"))


def test_lock_satisfies_pyproject(lock):
    """Every dependency of pyproject.toml (every extra and the build requirements included) is pinned in its range."""
    data = _pyproject()
    project = data["project"]
    extras = [s for specs in project["optional-dependencies"].values() for s in specs]
    specs = [*project["dependencies"], *extras, *data["build-system"]["requires"]]
    problems = []
    for text in specs:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate(TARGET):
            continue
        name = canonicalize_name(req.name)
        if name not in lock:
            problems.append(f"{text}: not in {LOCK}")
        elif not req.specifier.contains(lock[name][0], prereleases=True):
            problems.append(f"{text}: {LOCK} pins {lock[name][0]}")
    assert problems == [], "run `make lock` after changing pyproject.toml: " + "; ".join(problems)


def test_lock_pins_every_package_with_hashes(lock):
    assert len(lock) > 50  # the whole closure (jupyter, dask ...), not only the direct dependencies
    unhashed = [name for name, (_, hashes) in lock.items() if not hashes]
    assert unhashed == []
    assert all(h.startswith("sha256:") for _, hashes in lock.values() for h in hashes)


def test_parse_lock_reads_pins_and_hashes():
    text = "# made by make lock\nnumpy==2.1.0 \\\n    --hash=sha256:ab12 \\\n    --hash=sha256:cd34\n    # via x\n"
    assert parse_lock(text) == {"numpy": (Version("2.1.0"), ["sha256:ab12", "sha256:cd34"])}


def test_parse_lock_refuses_a_loose_line():
    with pytest.raises(AssertionError, match="not an exact pin"):
        parse_lock("numpy>=1.26\n")


def test_ruff_targets_the_oldest_supported_python():
    data = _pyproject()
    m = re.fullmatch(r">=\s*(\d+)\.(\d+)", data["project"]["requires-python"])
    assert m, data["project"]["requires-python"]
    assert data["tool"]["ruff"]["target-version"] == f"py{m.group(1)}{m.group(2)}"


def test_every_noqa_code_is_a_selected_rule():
    """An annotation ``# noqa: CODE`` for a rule that is not checked hides nothing (ruff's RUF100 also says so)."""
    selected = _pyproject()["tool"]["ruff"]["lint"]["select"]
    root = paths.root()
    codes = set()
    for folder in ("src", "tests", "benchmarks"):
        for path in (root / folder).rglob("*.py"):
            for m in re.finditer(r"#\s*noqa:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)", path.read_text()):
                codes.update(c.strip() for c in m.group(1).split(","))
    assert codes, "the code annotates no rule: this test would check nothing"
    unchecked = sorted(c for c in codes if not any(c.startswith(s) for s in selected))
    assert unchecked == []


# ------------------------------------------------------------------------------------------------------------
# The students' lock: every platform, no dask, no development tools

STUDENT_LOCK = "requirements-student.lock"
#: Students' laptops the universal lock must cover: Windows and macOS (Intel and Apple), Linux; Python 3.11-3.13.
PLATFORMS = {
    "windows": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"},
    "macos-arm": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix", "platform_machine": "arm64"},
    "macos-intel": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix",
                    "platform_machine": "x86_64"},
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64"},
}
PYTHONS = ("3.11", "3.12", "3.13")
NOT_FOR_STUDENTS = ("dask", "distributed", "scipy", "pytest", "nbval", "hypothesis", "ruff", "uv", "papermill")


def parse_universal_lock(text: str) -> list[tuple[str, Version, object, list[str]]]:
    """``(name, version, marker, hashes)`` per pin of a universal lock (a package may be pinned per Python version)."""
    pins: list = []
    for line in text.splitlines():
        stripped = line.strip().rstrip("\\").strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("--hash="):
            assert pins, f"a hash before any requirement: {line!r}"
            pins[-1][3].append(stripped.removeprefix("--hash="))
            continue
        req = Requirement(stripped)
        spec = list(req.specifier)
        assert len(spec) == 1 and spec[0].operator == "==", f"not an exact pin in the lock: {line!r}"
        pins.append((canonicalize_name(req.name), Version(spec[0].version), req.marker, []))
    return pins


def _environment(platform: str, python: str) -> dict[str, str]:
    return {**TARGET, **PLATFORMS[platform], "python_version": python, "python_full_version": f"{python}.0"}


@pytest.fixture(scope="module")
def student_lock():
    return parse_universal_lock((paths.root() / STUDENT_LOCK).read_text(encoding="utf-8"))


def _resolved(pins, env) -> dict[str, Version]:
    chosen: dict[str, Version] = {}
    for name, version, marker, _ in pins:
        if marker is None or marker.evaluate(env):
            assert name not in chosen, f"{name} pinned twice for {env['sys_platform']} {env['python_version']}"
            chosen[name] = version
    return chosen


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_student_lock_covers_every_platform(student_lock, platform, python):
    """On each platform and Python, every requirement of the student extra resolves to exactly one pin in its range."""
    env = _environment(platform, python)
    chosen = _resolved(student_lock, env)
    problems = []
    for text in _pyproject()["project"]["optional-dependencies"]["student"]:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        if name not in chosen:
            problems.append(f"{text}: not pinned")
        elif not req.specifier.contains(chosen[name], prereleases=True):
            problems.append(f"{text}: pinned {chosen[name]}")
    assert problems == [], "regenerate requirements-student.lock (pyproject.toml, student extra): " + "; ".join(problems)


def test_student_lock_is_slim_and_hashed(student_lock):
    names = {name for name, *_ in student_lock}
    assert not names & {canonicalize_name(n) for n in NOT_FOR_STUDENTS}
    assert all(hashes and all(h.startswith("sha256:") for h in hashes) for *_, hashes in student_lock)
    # Windows-only and macOS-only dependencies are there, under their markers: the lock was made --universal
    assert {"colorama", "appnope"} <= names


def test_student_extra_is_a_slice_of_the_dependencies():
    """The student extra asks for nothing the package does not support: each is a dependency, in the same range."""
    project = _pyproject()["project"]
    core = dict(_split(s) for s in project["dependencies"])
    student = dict(_split(s) for s in project["optional-dependencies"]["student"])
    assert {k: v for k, v in student.items() if core.get(k) != v} == {}


def test_student_lock_gives_the_tested_versions_on_the_tested_platform(student_lock, lock):
    """On Linux with Python 3.11 (what requirements.lock and the tests use) the students get the same versions."""
    chosen = _resolved(student_lock, _environment("linux", "3.11"))
    differ = {n: (str(v), str(lock[n][0])) for n, v in chosen.items() if n in lock and lock[n][0] != v}
    assert differ == {}, "regenerate requirements-student.lock after `make lock`: " + str(differ)


def test_student_conda_environment_agrees_with_the_student_extra():
    student = dict(_split(s) for s in _pyproject()["project"]["optional-dependencies"]["student"])
    env = yaml.safe_load((paths.root() / "environment-student.yml").read_text())
    conda = dict(_split(s) for s in env["dependencies"] if isinstance(s, str) and not s.startswith("python"))
    conda.pop("pip", None)
    assert conda == student
