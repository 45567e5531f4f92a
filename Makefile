# The README's contract: `make run` and `make test` set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt 2>/dev/null | sha1sum | cut -c1-12)
export QT_QPA_PLATFORM ?= offscreen

.PHONY: help setup sysdeps-test sysdeps-run sysdeps-package test-pg run test lint typecheck contracts pytest bench screenshots package translations format clean

help:
	@echo "make run          set up, then start the app in demo mode (embedded mock, seeded data)"
	@echo "make test         set up, then lint, type-check, import contracts and the whole suite"
	@echo "make bench        performance benchmarks (figures go into issue notes)"
	@echo "make test-pg      the mock's tests on a throw-away local PostgreSQL (installs it on Debian)"
	@echo "make screenshots  drive the demo offscreen and write PNGs to docs/screenshots/"
	@echo "make package      bundle (PyInstaller), self-test it, time its start, compile the NSIS installer"
	@echo "make translations extract UI strings into resources/translations/*.ts, compile the .qm"

$(STAMP): pyproject.toml constraints.txt scripts/bootstrap.sh
	@bash scripts/bootstrap.sh venv "$(PYTHON)"
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: sysdeps-test $(STAMP)

sysdeps-test:
	@bash scripts/bootstrap.sh sysdeps test

sysdeps-run:
	@bash scripts/bootstrap.sh sysdeps run

sysdeps-package:
	@bash scripts/bootstrap.sh sysdeps package

run: sysdeps-run $(STAMP)
	@bash scripts/run_demo.sh

test: sysdeps-test $(STAMP) lint typecheck contracts pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/python -m pytest --cov --cov-report=term:skip-covered --cov-report=json:.coverage.json
	$(BIN)/python scripts/check_coverage.py .coverage.json

# The mock's store and API tests again, each instance on its own database of a throw-away
# PostgreSQL cluster (scripts/bootstrap.sh pg; tests/contract/pg_store.py swaps the URLs).
test-pg: sysdeps-test $(STAMP)
	@bash scripts/bootstrap.sh sysdeps pg
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,pg]'
	@bash scripts/bootstrap.sh pg $(BIN)/python -m pytest -p tests.contract.pg_store tests/mock -q

bench: sysdeps-test $(STAMP)
	$(BIN)/python -m benchmarks

screenshots: sysdeps-test $(STAMP)
	$(BIN)/python -m exam_client.screenshots docs/screenshots

package: sysdeps-package $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[package]'
	@bash packaging/build.sh

# Vietnamese is the source language; English lives in exam_client_en.ts (merged, never
# overwritten) and ships as exam_client_en.qm. Both are committed.
translations: $(STAMP)
	$(BIN)/python scripts/translations.py

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .coverage .coverage.json
