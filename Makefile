PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# import-linter's own venv: see [dependency-groups] in pyproject.toml for why it is apart
LINT := $(VENV)/lint
LINT_STAMP := $(LINT)/.installed

.PHONY: run test lint bench clean snapshot-update

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The install compiles the people extractor in place (pyproject.toml, hooks.mypyc): an edit to
# its sources installs again, so no stale compiled module shadows them.
$(STAMP): $(BIN)/python pyproject.toml $(wildcard reader/people/*.py)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(LINT_STAMP): $(STAMP) pyproject.toml
	$(PYTHON) -m venv --without-pip $(LINT)
	$(BIN)/python -m pip --python $(LINT)/bin/python install --quiet --group lint
	touch $(LINT_STAMP)

run: $(STAMP)
	$(BIN)/byline

test: $(STAMP) $(LINT_STAMP)
	$(BIN)/ruff check .
	$(LINT)/bin/lint-imports
	$(BIN)/python -m pytest -n 2 -q

# Rewrite the SVG snapshots from the screens as they are now; look at every changed one before committing.
snapshot-update: $(STAMP)
	$(BIN)/python -m pytest -q --snapshot-update $(shell grep -l snap_compare tests/test_*.py)

lint: $(STAMP) $(LINT_STAMP)
	$(BIN)/ruff check .
	$(LINT)/bin/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/startup.py --articles 100000 --json
	$(BIN)/python bench/people.py --json
	$(BIN)/python bench/search.py --articles 100000 --json
	$(BIN)/python bench/refresh.py --feeds 200 --items 50 --json

clean:
	rm -rf $(VENV) build dist .pytest_cache
	rm -f reader/people/*.so
