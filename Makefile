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

# Test tools in environments of their own (pyproject's [dependency-groups]: each pins a boto3
# other than the project's). checkov is part of `make test` (tests/functions/test_template.py).
TOOLS := $(VENV)/tools

$(TOOLS)/checkov/.installed: pyproject.toml | $(BIN)/python
	$(PY) -m venv $(TOOLS)/checkov
	$(TOOLS)/checkov/bin/python -m pip install --quiet --upgrade pip==25.3
	$(TOOLS)/checkov/bin/pip install --quiet --group checkov
	touch $@

setup-test: $(TOOLS)/checkov/.installed

# Opt-in: the signed POST form against LocalStack's S3, which enforces POST policies (moto does
# not). LocalStack runs as a local process on 127.0.0.1, no Docker (tests_s3policy/). It needs
# Python >= 3.12: the first found below, or LS_PY=/path/to/python3.12.
LS_PY ?= $(firstword $(wildcard /usr/bin/python3.13 /usr/bin/python3.12 \
	$(HOME)/.pyenv/versions/3.13*/bin/python3.13 $(HOME)/.pyenv/versions/3.12*/bin/python3.12))

$(TOOLS)/localstack/.installed: pyproject.toml | $(BIN)/python
	@test -n "$(LS_PY)" || { echo "LocalStack needs Python >= 3.12: make test-s3-policy LS_PY=/path/to/python3.12" >&2; exit 2; }
	$(LS_PY) -m venv $(TOOLS)/localstack
	$(TOOLS)/localstack/bin/python -m pip install --quiet --upgrade pip==25.3
	$(TOOLS)/localstack/bin/pip install --quiet --group s3policy
	touch $@

.PHONY: test-s3-policy
test-s3-policy: $(VENV)/.installed $(VENV)/.installed-test $(TOOLS)/localstack/.installed
	LOCALSTACK_PYTHON=$(TOOLS)/localstack/bin/python $(BIN)/python -m pytest -q tests_s3policy
