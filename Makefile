# qikit: two commands.
#   make serve   set up .venv (first time only) and serve the workbooks at http://127.0.0.1:8866
#   make test    set up .venv with the test tools, make sure Chromium is there, run every test

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8866
LINTED := qikit tests benchmarks
NOTEBOOK_DIRS := $(wildcard workbooks exercises)

.PHONY: serve test lint unit browser chromium benchmarks exercises clean

serve: $(VENV)/.installed
	$(VENV)/bin/qikit serve --port $(PORT)

# Tests never touch your own workspace: they get a fresh folder of their own.
# The shared-store tests also run against a throwaway PostgreSQL (installed when missing, as root).
test: $(VENV)/.installed-test chromium lint
	QIKIT_WORKSPACE=$$(mktemp -d) QIKIT_TEST_DATABASE_URL="$$(sh scripts/ensure-postgres.sh)" \
		$(PY) -m pytest tests $(NOTEBOOK_DIRS) --nbval-lax
	@echo "All qikit tests passed."

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

unit: $(VENV)/.installed-test
	QIKIT_WORKSPACE=$$(mktemp -d) $(PY) -m pytest tests $(NOTEBOOK_DIRS) --nbval-lax -m "not browser"

# Regenerate the learner notebooks and the facilitator answer key from the exercise sources.
exercises: $(VENV)/.installed
	$(PY) -m qikit.exercises.build

browser: $(VENV)/.installed-test chromium
	$(PY) -m pytest tests -m browser

chromium:
	@sh scripts/ensure-chromium.sh

benchmarks: $(VENV)/.installed-test chromium
	$(PY) benchmarks/voila_startup.py

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
