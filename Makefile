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

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.PHONY: help setup reproduce test test-fast lint notebooks lab bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	@touch $@

setup: $(STAMP) ## Create .venv, install jkncost with its dependencies, register the python3 kernel

JOBS ?=
reproduce: $(STAMP) ## Run every study notebook on the bundled data, in parallel (JOBS=1: one after another)
	$(VENV)/bin/jkncost reproduce $(if $(JOBS),--jobs $(JOBS))

test: $(STAMP) ## Run every test: lint, unit, property, command line, doctests and nbval over notebooks/
	$(VENV)/bin/ruff check src tests benchmarks
	$(PY) -m pytest tests src/jkncost --doctest-modules --nbval-lax notebooks --ignore-glob="notebooks/.*" -p no:cacheprovider

test-fast: $(STAMP) ## Unit tests only (no notebooks)
	$(PY) -m pytest tests -m "not slow" -p no:cacheprovider

lint: $(STAMP) ## Pyflakes checks (unused imports, undefined names) with ruff
	$(VENV)/bin/ruff check src tests benchmarks

notebooks: $(STAMP) ## Re-execute the committed notebooks in place (after changing code or data)
	$(PY) -m jkncost.compendium.notebook $(NOTEBOOKS)

lab: $(STAMP) ## JupyterLab on notebooks/ (prints the URL; as root adds --allow-root; no display: --no-browser)
	$(PY) -m jkncost.compendium.lab notebooks $(LAB_ARGS)

bench: $(STAMP) ## Benchmarks: engine at scale, batched vs pandas loop, papermill overhead
	$(PY) benchmarks/run.py

clean: ## Remove computed outputs (data/processed) and caches; keeps .venv and raw data
	find data/processed -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf .pytest_cache .hypothesis
