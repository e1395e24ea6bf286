# Ambit: two commands on a fresh machine.
#   make site   sets everything up and builds the site into site/
#   make test   sets up what the tests need and runs the whole suite
# Dependencies are pinned with hashes in requirements/*.lock (regenerate with `make lock`). The
# installer itself (uv) is pinned and hashed in requirements/bootstrap.lock and installed first with
# whatever pip the interpreter bundles, so no pip release decides whether the locks install.

PYTHON ?= python3
# pytest-xdist workers for `make test`: one per core of the 2-core machine the suite is measured on.
TEST_WORKERS ?= 2
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
# --compile-bytecode: installed packages are compiled once here, so no later process compiles them
# again (with PYTHONDONTWRITEBYTECODE set, every `ambit` run and test subprocess otherwise compiled
# WeasyPrint, MkDocs and the rest from source: `import weasyprint` 1.45 s of CPU instead of 0.7 s).
UV_PIP := $(UV) pip install --quiet --compile-bytecode --python $(BIN)/python
DIST_WHEEL := $(UV) build --wheel --no-build-isolation --python $(BIN)/python
SITE_STAMP := $(VENV)/.site-installed
DEV_STAMP  := $(VENV)/.dev-installed
NODE_STAMP := node_modules/.installed
LIGHTHOUSE_STAMP := tools/lighthouse/node_modules/.installed

.PHONY: site test test-setup serve bench lighthouse dist lint typecheck unit lock clean system-deps-site system-deps-test \
        system-deps-lighthouse \
        bootstrap deps-site deps-test

site: $(SITE_STAMP) system-deps-site
	$(BIN)/ambit validate
	$(BIN)/ambit build

test: test-setup lint typecheck unit

test-setup: $(DEV_STAMP) system-deps-test $(NODE_STAMP)

serve: $(SITE_STAMP)
	$(BIN)/ambit serve

bench: $(DEV_STAMP) system-deps-site
	$(BIN)/python -m generator.bench

# Lighthouse's mobile scores of the home page, the largest control, every checklist and the mapper,
# served with gzip (generator/site/lighthouse.py), on a freshly built site. A measuring tool like
# `make bench`, pinned in tools/lighthouse/: no part of `make site` or `make test`; its first
# install is the only step that reaches the npm registry. Options: LIGHTHOUSE_ARGS="--runs 1 --page /".
lighthouse: site $(LIGHTHOUSE_STAMP)
	$(BIN)/python -m generator.site.lighthouse $(LIGHTHOUSE_ARGS)

# A wheel carrying the catalogue and templates: `pipx install dist/ambit-*.whl` works anywhere.
# uv runs setuptools from the locked environment (no download) and shows its log, so a new
# warning is seen; PYTHONDONTWRITEBYTECODE only makes setuptools warn that it skips byte-compiling,
# which a wheel never does anyway. tests/packaging/test_wheel.py builds it the same way, warning-free.
dist: $(SITE_STAMP)
	rm -rf dist build/lib build/bdist.*  # no stale module from an earlier build reaches the wheel
	env -u PYTHONDONTWRITEBYTECODE $(DIST_WHEEL) --out-dir dist .

lint: $(DEV_STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

unit: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --durations=15

# The Python side alone, step by step (no system packages, no npm): what
# scripts/check-fresh-install.py runs on a brand-new venv (`make VENV=/tmp/x deps-test`) in CI.
bootstrap: $(UV)
deps-site: $(SITE_STAMP)
deps-test: $(DEV_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# One wheel, no dependencies, checked against its hash: any pip since 8 installs it the same way.
$(UV): requirements/bootstrap.lock | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/bootstrap.lock
	touch $@

$(SITE_STAMP): requirements/site.lock pyproject.toml $(UV)
	$(UV_PIP) --require-hashes -r requirements/site.lock
	$(UV_PIP) --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): requirements/dev.lock pyproject.toml $(UV)
	$(UV_PIP) --require-hashes -r requirements/dev.lock
	$(UV_PIP) --no-deps --no-build-isolation -e .
	touch $@ $(SITE_STAMP)

$(NODE_STAMP): package.json package-lock.json | system-deps-test
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(LIGHTHOUSE_STAMP): tools/lighthouse/package.json tools/lighthouse/package-lock.json | system-deps-lighthouse
	cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-deps-site:
	@scripts/system-deps.sh site

system-deps-test:
	@scripts/system-deps.sh test

system-deps-lighthouse:
	@scripts/system-deps.sh lighthouse

# --no-strip-extras writes `fonttools[woff]==...`: a lock that names the extras its dependants ask
# for installs with every pip, not only with those that treat a plain pin as satisfying an extra.
LOCK := $(UV) pip compile --quiet --python-version 3.11 --generate-hashes --no-strip-extras
lock: $(UV)
	cd requirements && ../$(LOCK) bootstrap.in -o bootstrap.lock
	cd requirements && ../$(LOCK) site.in -o site.lock
	cd requirements && ../$(LOCK) dev.in -o dev.lock

clean:
	rm -rf site .site-* build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis .bench
