# jkncost: the two commands a new user needs are `make reproduce` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The python3 kernel registered inside the venv wins over any other python3 kernel on the machine.
export JUPYTER_PATH := $(abspath $(VENV))/share/jupyter
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0
# Python writes the bytecode of what it imports (an environment that says otherwise, PYTHONDONTWRITEBYTECODE=1,
# would have every test process and kernel compile pandas and matplotlib again): `make setup` then need not
# compile the whole environment ahead (uv's --compile-bytecode: 17 s of the 25 s set-up on 2 cores).
export PYTHONDONTWRITEBYTECODE :=

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.PHONY: help setup lock reproduce test test-fast lint notebooks lab bench clean course

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

# The exact versions (with hashes) that `make setup` installs, for Linux and Python 3.11; made by `make lock`
# from the loose ranges of pyproject.toml. tests/test_environment.py checks that it satisfies pyproject.toml.
LOCK := requirements.lock
LOCK_PYTHON := 3.11
LOCK_PLATFORM := x86_64-unknown-linux-gnu

# Dependencies from the lock only (every hash checked), then jkncost itself without dependencies and
# without build isolation (its build requirements, setuptools and wheel, are pinned in the lock too).
# pip installs only uv, at the lock's version and hashes; uv installs the rest (in parallel, from its cache:
# about 15 s where pip took 1.5-4 min, most of `make test` on a fresh clone).
UV := $(VENV)/bin/uv
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(UV) || awk '/^uv==/ {on = 1} on {print} on && !/\\$$/ {exit}' $(LOCK) > $(VENV)/uv.lock.txt
	@test -x $(UV) || $(PY) -m pip install --quiet --require-hashes --no-deps -r $(VENV)/uv.lock.txt
	$(UV) pip install --quiet --python $(PY) --require-hashes --no-deps -r $(LOCK)
	$(UV) pip install --quiet --python $(PY) --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	@touch $@

setup: $(STAMP) ## Create .venv, install the locked dependencies and jkncost, register the python3 kernel

lock: $(STAMP) ## Regenerate requirements.lock from pyproject.toml's ranges (uv, from PyPI); commit the result
	$(PY) -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))' \
		| $(VENV)/bin/uv pip compile pyproject.toml - --all-extras --generate-hashes --quiet \
		--python-version $(LOCK_PYTHON) --python-platform $(LOCK_PLATFORM) \
		--custom-compile-command "make lock" --output-file $(LOCK)

JOBS ?=
REPORT_LANG ?=
reproduce: $(STAMP) ## Run every study notebook on the bundled data, in parallel (JOBS=1: one after another; REPORT_LANG=id: in Indonesian)
	$(VENV)/bin/jkncost reproduce $(if $(JOBS),--jobs $(JOBS)) $(if $(REPORT_LANG),--lang $(REPORT_LANG))

# Tests run on every core (pytest-xdist; TEST_JOBS=1 or 0: in this process, one after another). Tests that share
# a fixture, a notebook's nbval cells or a shared `jkncost reproduce` run stay on one worker (conftest.py).
TEST_JOBS ?= auto
PYTEST_PARALLEL = $(if $(filter 0 1,$(TEST_JOBS)),,-n $(TEST_JOBS) --dist loadgroup --no-loadscope-reorder)
# The user-facing API whose docstrings numpydoc validates (checks and exclusions: [tool.numpydoc_validation] in pyproject.toml)
DOCSTRING_FILES := $(sort $(wildcard src/jkncost/costing/*.py src/jkncost/jkn/*.py src/jkncost/sensitivity/*.py src/jkncost/activity/*.py))

test: $(STAMP) ## Run every test: lint, unit, property, command line, doctests and nbval over notebooks/ (subfolders too)
	$(VENV)/bin/ruff check src tests benchmarks conftest.py
	$(VENV)/bin/lint-imports
	$(PY) -m numpydoc lint $(DOCSTRING_FILES)
	$(PY) -m pytest tests src/jkncost --doctest-modules --nbval-lax notebooks --ignore-glob="notebooks/.*" \
		-p no:cacheprovider $(PYTEST_PARALLEL)

test-fast: $(STAMP) ## Unit, property and command-line tests without notebooks or long runs (under a minute)
	$(PY) -m pytest tests -m "not slow" -p no:cacheprovider $(PYTEST_PARALLEL)

# lint-imports (import-linter) checks the layers of [tool.importlinter] in pyproject.toml: no import runs up a
# layer or round a cycle, imports inside functions included (CONTRIBUTING.md, "Layers").
lint: $(STAMP) ## ruff with the defect rules of pyproject.toml, and lint-imports with its layers (no import up, no cycle)
	$(VENV)/bin/ruff check src tests benchmarks conftest.py
	$(VENV)/bin/lint-imports
	$(PY) -m numpydoc lint $(DOCSTRING_FILES)

notebooks: $(STAMP) ## Re-execute the committed notebooks in place (after changing code or data)
	$(PY) -m jkncost.compendium.notebook $(NOTEBOOKS)

course: $(STAMP) ## The course (notebooks/course) per language into data/processed/course: student/ without solutions, lecturer/ with them
	$(PY) -m jkncost.compendium.course

lab: $(STAMP) ## JupyterLab on notebooks/ (prints the URL; as root adds --allow-root; no display: --no-browser)
	$(PY) -m jkncost.compendium.lab notebooks $(LAB_ARGS)

bench: $(STAMP) ## Benchmarks: engine at scale, batched vs pandas loop, papermill overhead
	$(PY) benchmarks/run.py

clean: ## Remove computed outputs (data/processed) and caches; keeps .venv and raw data
	find data/processed -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf .pytest_cache .hypothesis
