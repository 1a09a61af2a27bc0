# leafprint: `make` sets everything up and builds every example leaflet into dist/;
# `make test` runs the test suite (every core), `make test-fast` the tests that render nothing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Libraries WeasyPrint needs, fonts for Latin and Arabic scripts, poppler for the tests.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
	fonts-noto-core poppler-utils

NEEDED_PACKAGES = $(SYSTEM_PACKAGES)

.PHONY: all build test test-fast lint bench system clean

all: build

build: system $(STAMP)
	$(BIN)/leafprint build

# The browser tests drive Debian's chromium (never a browser downloaded by a test tool).
test: NEEDED_PACKAGES = $(SYSTEM_PACKAGES) chromium
test: system $(STAMP)
	$(BIN)/pytest -n auto --durations=25

# The fast lane: every test that renders no PDF, builds nothing and starts no browser.
test-fast: system $(STAMP)
	$(BIN)/pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

bench: system $(STAMP)
	$(BIN)/python tests/benchmarks/bench.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $@

# Install missing system packages with apt-get when running as root; otherwise
# stop and print the exact command to run.
system:
	@missing=""; \
	for package in $(NEEDED_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; \
	    exit 1; \
	  fi; \
	fi

clean:
	rm -rf dist $(VENV) .pytest_cache .mypy_cache .ruff_cache
