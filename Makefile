# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app webapp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run scheduler test lint format install install-dev system-packages migrate demo clean bench bench-quick install-bench

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/activate
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# WeasyPrint needs Pango and a CJK font; installed when missing and we are allowed to (root).
system-packages:
	@scripts/system-packages.sh

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo

run: system-packages demo
	HOST=$(HOST) PORT=$(PORT) scripts/run-dev.sh

scheduler: install
	$(FLASK) scheduler run

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: system-packages install-dev lint
	$(BIN)/pytest

# Benchmarks (not tests; never part of `make test`): BENCHMARKS.md says what they measure.
# They need PostgreSQL at 127.0.0.1:5432 (BENCH_POSTGRES to change it); without it only the
# SQLite parts run.
$(VENV)/.installed-bench: requirements-bench.txt $(VENV)/.installed-dev
	$(BIN)/pip install -q -r requirements-bench.txt
	touch $@

install-bench: $(VENV)/.installed-bench

bench: system-packages install-bench
	$(BIN)/python -m bench.run

bench-quick: system-packages install-bench
	$(BIN)/python -m bench.run --quick

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
