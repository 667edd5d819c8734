# msj — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test databases: SQLite always, PostgreSQL too when DATABASE_URL is set.
TEST_DBS ?= sqlite $(if $(DATABASE_URL),postgres)
PYTEST_WORKERS ?= 2

.PHONY: run test lint typecheck migrations-check i18n-check i18n unit-test browser-test bench bench-indicators bench-public smoke lock clean

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

run: $(VENV)/.installed
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo  # idempotent: the second run adds nothing
	@DEBUG=1 $(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	@trap 'kill 0' EXIT INT TERM; \
	  DEBUG=1 $(PY) manage.py db_worker --queue-name '*' & \
	  DEBUG=1 $(PY) manage.py runserver --noreload $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	DEBUG=1 $(VENV)/bin/mypy msj config

migrations-check: $(VENV)/.installed
	DEBUG=1 DATABASE_URL= $(PY) manage.py makemigrations --check --dry-run

i18n-check: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py check_translations

# Refresh the Spanish catalogue after changing strings (needs GNU gettext), translate what is
# new in locale/es/LC_MESSAGES/django.po, then run it again to compile. The compiled django.mo
# is committed with the .po (compiled by polib, no gettext needed), so `make run` and deploys
# work without compilemessages; i18n-check fails when the .mo and the .po disagree.
i18n: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py check_translations --update

unit-test: $(VENV)/.installed
	@for db in $(TEST_DBS); do \
	  echo "== tests on $$db =="; \
	  if [ $$db = sqlite ]; then url=""; else url="$(DATABASE_URL)"; fi; \
	  DATABASE_URL=$$url $(VENV)/bin/pytest -q -n $(PYTEST_WORKERS) -m "not browser" || exit $$?; \
	done

test: lint typecheck migrations-check i18n-check unit-test

browser-test: $(VENV)/.installed
	$(VENV)/bin/pytest -q -m browser tests/browser

# The performance benchmark of docs/performance.md (bench/run.py): a fresh PostgreSQL database
# with the national dataset, gunicorn with the production settings, the coordinator's pages at 1
# and 16 clients. Never part of `make test`. BENCH_SCALE=0.1 makes a tenth of the Mesas for a quick
# check (its report goes to var/bench/); the full scale rewrites docs/performance.md. The server
# is DATABASE_URL's, or the local one.
BENCH_SCALE ?= 1
BENCH_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/postgres)
bench: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/run.py --scale $(BENCH_SCALE)

# The indicators benchmark of docs/performance.md (bench/indicators.py): the national SESNSP file
# imported by msj into a fresh PostgreSQL database against pandas and DuckDB, in the same run.
# Never part of `make test`. BENCH_SCALE=0.1 keeps a tenth of the municipalities (report in var/bench/).
bench-indicators: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/indicators.py --scale $(BENCH_SCALE)

# The public pages' benchmark of docs/performance.md (bench/public.py): the public page, its feed and CSV
# against a trivial view on one gunicorn worker, in the same run, and a publication seen at once. Never
# part of `make test`. BENCH_PUBLIC_ARGS=--sqlite measures on a temporary SQLite file; --also-sqlite both.
bench-public: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/public.py $(BENCH_PUBLIC_ARGS)

# gunicorn with production settings on a fresh database (PostgreSQL when DATABASE_URL is set).
smoke: $(VENV)/.installed
	$(PY) scripts/smoke_gunicorn.py

lock:
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
