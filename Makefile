# The two commands of the README: `make run` and `make test`.
SHELL := /bin/sh
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
# Runs a command with the database ready: the embedded PostgreSQL, started once for the
# whole command and stopped when it ends, unless DATABASE_URL points elsewhere.
WITH_DB := $(PY) -m os2portal.embedded_db exec
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

# A production-like environment for `check --deploy`; nothing here connects anywhere.
DEPLOY_ENV := DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=portal.example.org \
	DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-aQ8vLm2Zr5Tx1Wc7Ny4Kp0Hs3Jd6Fg9Bb2Vn5Mq8Xe1Ru4 \
	DATABASE_URL=postgres://portal@db.example.org/portal SMTP_HOST=smtp.example.org

.PHONY: help run test bench lint fmt check messages install chromium bench-tools _serve _test

help:
	@echo "make run    install, migrate, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   install, lint, checks and the whole test suite"
	@echo "make bench  load benchmark as in production (BENCH_ARGS=--large adds 100,000 products)"
	@echo "make lint | fmt | check | messages"

$(STAMP): pyproject.toml
	@py=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(STAMP)

# Translation catalogues, compiled by the build (GNU gettext's msgfmt).
%.mo: %.po
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq gettext >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }; \
	  else echo "Missing GNU gettext (msgfmt): install the 'gettext' package."; exit 1; fi; }
	msgfmt --check -o $@ $<

messages: $(MO_FILES)

run: $(STAMP) messages
	@$(WITH_DB) $(MAKE) --no-print-directory _serve

_serve:
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "  OS2-portalen: http://127.0.0.1:$(PORT)/   (Ctrl-C stops the server and the database)"
	@echo "  Secretariat login: $(PY) manage.py createsuperuser, then http://127.0.0.1:$(PORT)/admin/"
	@echo ""
	$(VENV)/bin/gunicorn os2portal.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - \
	  --no-control-socket

# The browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }; \
	  else echo "Missing Chromium for the browser tests: install Debian's 'chromium' package."; exit 1; fi; }

test: $(STAMP) messages chromium lint
	$(PY) manage.py check --fail-level WARNING
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	@$(WITH_DB) $(MAKE) --no-print-directory _test

_test:
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest --cov --cov-report=term $(PYTEST_ARGS)

# The load benchmark (bench/load/, settings in bench/settings.py): not part of `make test`.
bench: $(STAMP) messages bench-tools
	@$(WITH_DB) $(PY) -m bench.load $(BENCH_ARGS)

# wrk drives the load (without it a slower Python generator stands in); Redis is the
# shared cache of the two-server check, which cannot do without it.
bench-tools:
	@command -v redis-server >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }; \
	  else echo "Missing Redis for the benchmark's two-server check: install Debian's 'redis-server' package."; exit 1; fi; }
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } || true; \
	  fi; }

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(STAMP)
	$(PY) manage.py check
