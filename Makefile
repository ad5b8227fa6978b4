# Two entry points for people (see README): `make run` and `make test`.
# Everything else here is the plumbing they share.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
APT := apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: run test setup setup-test site lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || { $(APT) python3-venv && $(PY) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml package.json package-lock.json | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	command -v npm >/dev/null || { $(APT) nodejs npm; }
	npm ci --silent --no-audit --no-fund
	touch $@

/usr/bin/chromium:
	$(APT) chromium

/usr/bin/unzip:
	$(APT) unzip

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed $(VENV)/.installed-test /usr/bin/chromium

site: setup
	$(BIN)/python -m generator build

run: site
	$(BIN)/python -m functions.upload serve --port $(PORT) --site site

test: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

lint: setup-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup-test /usr/bin/unzip
	$(BIN)/python bench/build.py
	$(BIN)/python bench/validate.py
	$(BIN)/python bench/selfcheck.py

clean:
	rm -rf site build .pytest_cache

# Proof of issue 7 (load, faults, fuzzing, audits): writes bench/report.md, never edited by hand.
.PHONY: proof
proof: setup-test
	$(BIN)/python bench/report.py
