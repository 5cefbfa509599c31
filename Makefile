PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean snapshot-update

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/byline

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -q

# Rewrite the SVG snapshots from the screens as they are now; look at every changed one before committing.
snapshot-update: $(STAMP)
	$(BIN)/python -m pytest -q --snapshot-update $(shell grep -l snap_compare tests/test_*.py)

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/startup.py --articles 100000 --json
	$(BIN)/python bench/people.py --json
	$(BIN)/python bench/search.py --articles 100000 --json
	$(BIN)/python bench/refresh.py --feeds 200 --items 50 --json

clean:
	rm -rf $(VENV) build dist .pytest_cache
