# One target per task. `make test` and `make demo` work on a fresh machine with Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

-include .env
# every setting of .env reaches the commands (not only the folders below)
export $(shell sed -n 's/^\([A-Z_][A-Z0-9_]*\)=.*/\1/p' .env 2>/dev/null)
export COPILOTE_LANDING_DIR ?= var/landing
export COPILOTE_WAREHOUSE_DIR ?= var/warehouse

# `make demo` keeps its own folders, so that it never writes demo data into a real landing.
DEMO_DIR := var/demo
DEMO_DEFECT_RATE ?= 0.002
# the demo's own warehouse and accounts (admin, comite, direction-<région>, financeur-<funder>)
DEMO_ENV := COPILOTE_ENV=demo COPILOTE_WAREHOUSE_DIR=$(DEMO_DIR)/warehouse COPILOTE_APP_DB=$(DEMO_DIR)/app.sqlite
HOST ?= 127.0.0.1
PORT ?= 8050
GUNICORN = $(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 --threads 4 dashboard.app:server

.PHONY: install test lint format pipeline status serve demo bench clean

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

serve: $(STAMP)
	$(GUNICORN)

demo: $(STAMP)
	rm -rf $(DEMO_DIR)/landing
	$(BIN)/python -m pipelines demo-data --out $(DEMO_DIR)/landing --defect-rate $(DEMO_DEFECT_RATE)
	$(BIN)/python -m pipelines run --landing $(DEMO_DIR)/landing --warehouse $(DEMO_DIR)/warehouse
	$(DEMO_ENV) $(BIN)/python -m dashboard users demo
	@echo "Copilote (démo) : http://$(HOST):$(PORT)  — Ctrl+C pour arrêter"
	$(DEMO_ENV) $(GUNICORN)

bench: $(STAMP)
	$(BIN)/python -m pipelines.bench
	$(BIN)/python -m dashboard.bench --readme README.md
	$(BIN)/python -m dashboard.bench.load --readme README.md

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
