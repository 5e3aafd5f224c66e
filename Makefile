# Two commands do everything (README): `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The published demo key of the sample data (SPEC §4); a real deployment sets its own.
export ESF_PSEUDONYM_KEY ?= esf-demo-key-not-for-production

# Debian packages: Pango, HarfBuzz and a font for the PDF reports (WeasyPrint); Chromium for
# the accessibility test; LibreOffice Calc for the test that the ESF+ workbook opens cleanly. Installed only when missing (needs root or sudo).
REPORT_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_DEBS   := chromium libreoffice-calc-nogui
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
define apt_ensure
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	  if [ -n "$$missing" ]; then echo "installing Debian packages:" $$missing; \
	    $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends $$missing; fi
endef
AXE := tests/accessibility

.PHONY: install test-install demo test lint bench lock samples dagster clean

# dbt's manifest is prepared here (and again only after a model changes), never when the
# Definitions are imported (docs/architecture.md).
install: $(VENV)/.installed
	$(call apt_ensure,$(REPORT_DEBS))
	$(BIN)/python -m esf.dbt_manifest

# What only the tests need: Chromium from Debian, axe-core from the npm registry (package-lock.json).
test-install: install $(AXE)/node_modules/.installed
	$(call apt_ensure,$(TEST_DEBS))

$(AXE)/node_modules/.installed: $(AXE)/package.json $(AXE)/package-lock.json
	@command -v npm >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends npm)
	npm ci --prefix $(AXE) --no-audit --no-fund
	touch $@

# The venv from the lock: exact versions of every package, then this project without deps.
$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null \
	  || (apt-get update && apt-get install -y python3-venv)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Install, then show each sample project at its last project month: one `esf run` per month
# (its final report), oldest first, each printing its summary (README).
demo: install
	$(BIN)/esf demo --landing data_samples/landing --warehouse warehouse/esf.duckdb --reports reports

# Install, lint (ruff for Python, sqlfluff with dbt's templater for the models) and run the whole
# test suite on one worker per core (pytest-xdist; tests/conftest.py says how they share it).
test: test-install lint
	$(BIN)/pytest -n auto --dist loadgroup --no-loadscope-reorder

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project/models dbt_project/tests

# Regenerate the committed sample data (deterministic).
samples: install
	$(BIN)/esf generate-samples --out data_samples --scale 1

# Time and peak memory of issue 16's scenarios, as one table (not a test). Options, e.g.
# make bench BENCH_ARGS="--only small,county --markdown bench.md" (--national: ten times county).
bench: install
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# The Dagster UI on the same Definitions as `esf run`.
dagster: install
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home} ; mkdir -p $$DAGSTER_HOME ; \
	  test -f $$DAGSTER_HOME/dagster.yaml || cp deploy/dagster.yaml $$DAGSTER_HOME/ ; \
	  DAGSTER_HOME=$$DAGSTER_HOME $(BIN)/dagster dev -m esf.definitions

# Re-resolve the lock after changing pyproject.toml's dependencies.
lock:
	rm -rf /tmp/esf-lock && $(PYTHON) -m venv /tmp/esf-lock
	/tmp/esf-lock/bin/pip install --quiet ".[test]"
	/tmp/esf-lock/bin/pip freeze --exclude-editable | grep -v '^esf-warehouse' > requirements.lock

clean:
	rm -rf $(VENV) $(AXE)/node_modules warehouse reports dbt_project/target dbt_project/logs
