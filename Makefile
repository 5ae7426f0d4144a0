# Two entry points that set everything up on a fresh machine:
#   make demo   - the bundled corpus in, a briefing out (SQLite, no server)
#   make test   - ruff, mypy and the test suite
#   make docs   - the documentation site in site/ (MkDocs, --strict), the CLI reference regenerated
#   make fuzz   - coverage-guided fuzzing of the readers and extractors (atheris), FUZZ_SECONDS long
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint typecheck pytest bench docs fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.core: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[pdf,parquet]'
	touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,web,scale,parquet,pdf]'
	touch $(VENV)/.core $@

$(VENV)/.fuzz: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[fuzz]'
	touch $@

$(VENV)/.docs: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[docs]'
	touch $@

demo: $(VENV)/.core
	$(BIN)/telcoradar demo --out demo-output

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests benchmarks

typecheck: $(VENV)/.dev
	$(BIN)/mypy src

pytest: $(VENV)/.dev
	$(BIN)/pytest --cov=telcoradar --cov-report=term --cov-fail-under=$$(cat tests/coverage-floor.txt)

test: lint typecheck pytest

bench: $(VENV)/.dev
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

docs: $(VENV)/.docs
	$(BIN)/python -m telcoradar.cli._reference docs/cli.md
	$(BIN)/mkdocs build --strict

FUZZ_SECONDS ?= 3600
fuzz: $(VENV)/.core $(VENV)/.fuzz
	mkdir -p .fuzz-corpus
	$(BIN)/python tests/fuzz/coverage_guided.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 \
		.fuzz-corpus tests/fuzz/seeds

clean:
	rm -rf $(VENV) demo-output site .fuzz-corpus .pytest_cache .mypy_cache .ruff_cache
