# ParkOps: `make run` starts the platform with a demo park; `make test` runs every check.
# Both set everything up on a fresh machine with Python 3.11+ and Node 20+.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL run of the test suite (a database of that name is created if missing).
TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/parkops
PYTEST_WORKERS ?= 2
# Tests of one xdist_group (those sharing one demo park) run on one worker.
PYTEST_DIST := --dist loadgroup


.PHONY: setup assets messages run test preflight lint check test-sqlite test-postgres test-browser test-clocks test-reliability bench proof clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

parkops/static/vendor/.built: node_modules/.installed frontend/build.mjs
	npm run --silent build
	touch $@

assets: parkops/static/vendor/.built

# Translations: the .po files are the source, compiled with gettext's msgfmt.
# One project catalogue plus, for an app that keeps its own, parkops/<app>/locale/.
PO_FILES := $(wildcard parkops/locale/*/LC_MESSAGES/django.po parkops/*/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
%.mo: %.po
	msgfmt --check-format -o $@ $<

messages: $(MO_FILES)

setup: $(VENV)/.installed assets messages

run: setup
	$(BIN)/parkops migrate --noinput -v0
	$(BIN)/parkops collectstatic --noinput -v0
	$(BIN)/parkops demo
	@echo "ParkOps: http://$(HOST):$(PORT)/"
	$(BIN)/parkops runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(VENV)/.installed
	$(BIN)/parkops check --fail-level WARNING
	$(BIN)/parkops makemigrations --check --dry-run

test-sqlite: setup
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_DIST) -m "not postgres and not browser"

# Browser journeys in headless Chromium against a served demo park, in a run of their own
# (Playwright's sync API keeps an event loop in the test process, which Django refuses
# database calls beside).
test-browser: setup
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "browser"

# The browser journeys again with the platform's clock set to moments where date rules bite
# (a Monday morning, a Wednesday 03:00, a Sunday 23:30, the last evening of a month).
test-clocks: setup
	@for at in $$($(BIN)/python -m parkops.testing.clocks); do \
		echo "== browser journeys at $$at"; \
		PARKOPS_TEST_CLOCK=$$at $(BIN)/pytest -n $(PYTEST_WORKERS) -m "browser" -q || exit 1; \
	done

# The database suite again on PostgreSQL, plus its own tests (triggers, locking); tests that
# use no database, and those parkops/testing/selection.py names, run once, on SQLite.
# Without a reachable server the run is skipped with a note, or fails under
# PARKOPS_REQUIRE_SERVICES=1.
test-postgres: setup
	@if $(BIN)/python -m parkops.testing.postgres "$(TEST_POSTGRES_URL)"; then \
		PARKOPS_TEST_RUN=postgres PARKOPS_DATABASE_URL="$(TEST_POSTGRES_URL)" $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_DIST) -m "not sqlite and not browser and not single_db and not reliability"; \
	elif [ "$$PARKOPS_REQUIRE_SERVICES" = "1" ]; then exit 1; fi

# Broker and ingest-worker kills during a 10,000-reading MQTT stream, on PostgreSQL. CI runs
# the same faults (parkops/testing/faults.py) as suite 8 of `make proof`.
test-reliability: setup
	PARKOPS_DATABASE_URL="$(TEST_POSTGRES_URL)" $(BIN)/pytest -p no:xdist -m "reliability" -v

# The system's part (Chromium, a CJK font, msgfmt), checked before a run of many minutes.
preflight: $(VENV)/.installed
	$(BIN)/python -m parkops.testing.preflight

# The SQLite and PostgreSQL runs side by side (each on PYTEST_WORKERS workers), so that no core
# idles while one run waits (a template build, its last long test); on two cores the total CPU
# (about 26 minutes) still sets the time. Each run's output is printed when it ends.
# The demo park the crawl, the demo's tests and the journeys share is built in the background
# from the start (var/demo-prebuild.log), not on one worker when the first of them comes up.
# The browser journeys come after, on their own (Chromium is the heaviest process of all).
test: setup preflight lint check
	@mkdir -p var; \
	$(BIN)/python -m parkops.testing.browser >var/demo-prebuild.log 2>&1 & prebuild=$$!; \
	$(MAKE) --no-print-directory -j2 --output-sync=target test-postgres test-sqlite; status=$$?; \
	wait $$prebuild; exit $$status
	@$(MAKE) --no-print-directory test-browser

bench: setup
	$(BIN)/python -m bench

# Figures that show the platform keeps data safe (issue 15), measured on a demo park under
# `parkops serve`, on PostgreSQL when it answers (else SQLite): var/proof/report.json.
PROOF_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/parkops_proof
proof: setup
	@if $(BIN)/python -m parkops.testing.postgres "$(PROOF_DATABASE_URL)"; then \
		PARKOPS_PROOF_DATABASE_URL="$(PROOF_DATABASE_URL)" $(BIN)/python -m proof; \
	elif [ "$$PARKOPS_REQUIRE_SERVICES" = "1" ]; then exit 1; \
	else $(BIN)/python -m proof; fi

clean:
	rm -rf $(VENV) node_modules parkops/static/vendor var/static
