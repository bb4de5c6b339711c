# One target per task. `make test` and `make demo` work on a fresh machine with Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

-include .env
export COPILOTE_LANDING_DIR ?= var/landing
export COPILOTE_WAREHOUSE_DIR ?= var/warehouse

.PHONY: install test lint format pipeline status demo clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

pipeline: $(STAMP)
	$(BIN)/python -m pipelines run

status: $(STAMP)
	$(BIN)/python -m pipelines status

demo: $(STAMP)
	$(BIN)/python -m pipelines sample-landing --out $(COPILOTE_LANDING_DIR)
	$(BIN)/python -m pipelines run
	$(BIN)/python -m pipelines status

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
