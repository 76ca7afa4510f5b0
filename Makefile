# perflib: the council's quarterly Strategic Performance Report.
#   make report                      set up (first time) and render the default quarter
#   make report QUARTER="2022-23 Q4" render another quarter
#   make test                        set up, check the code (make lint) and run every test
#   make test-fast                   the inner loop: lint and the tests without browser or notebook runs
#   make lint                        ruff (lint and format), mypy, import-linter, notebook pairing
#   make lab QUARTER="2024-25 Q1"    open JupyterLab on the notebooks, on that quarter
#   make bench                       measure speed (benchmarks/results.json)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.perflib-setup
QUARTER ?= 2023-24 Q3

.PHONY: setup report test test-fast lint format lab bench screenshots lock sample-data clean

$(STAMP): requirements.lock scripts/pip.lock pyproject.toml scripts/setup.sh scripts/jupyter/jupyter_server_config.json tests/js/package-lock.json
	PYTHON=$(PYTHON) bash scripts/setup.sh
	@touch $(STAMP)

setup: $(STAMP)

report: $(STAMP)
	$(BIN)/python -m perflib run --quarter "$(QUARTER)"

test: lint
	$(BIN)/python -m pytest

# The inner loop: everything but the end-to-end notebook runs and the browser checks.
test-fast: lint
	$(BIN)/python -m pytest -m "not e2e and not browser"

# Code checks, as pre-commit runs them: lint, format, types, import layers, notebook pairs in sync.
lint: $(STAMP)
	$(BIN)/ruff check perflib tests benchmarks scripts notebooks
	$(BIN)/ruff format --check perflib tests benchmarks scripts notebooks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_notebooks.py

# Apply the formatter and the safe lint fixes.
format: $(STAMP)
	$(BIN)/ruff check --fix perflib tests benchmarks scripts notebooks
	$(BIN)/ruff format perflib tests benchmarks scripts notebooks

# JupyterLab on the notebooks, opened on QUARTER (saving never dirties the repository).
lab: $(STAMP)
	$(BIN)/python -m perflib lab --quarter "$(QUARTER)"

# Timings against the obvious way and the floor; writes benchmarks/results.json.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# Regenerate the README's pictures of the report (HTML first screen, PDF first page).
screenshots: report
	$(BIN)/python scripts/screenshots.py

# Re-resolve the pinned lock file from pyproject.toml (needs network to PyPI).
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

# Regenerate the illustrative sample returns (deterministic).
sample-data: $(STAMP)
	$(BIN)/python scripts/make_sample_data.py
	$(BIN)/python scripts/make_benchmark_data.py

clean:
	rm -rf data/processed/* outputs/* .pytest_cache
	@touch data/processed/.gitkeep outputs/.gitkeep
