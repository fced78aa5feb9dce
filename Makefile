# The district congress portal. `make run` and `make test` work on a fresh machine with
# only Python 3.11+; DATABASE_URL / REDIS_URL switch to PostgreSQL / Redis.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

# `make run` serves the portal the way a district runs it (DEBUG off, static files collected into
# var/static and served by WhiteNoise, Chinese error pages) on this machine over plain HTTP:
# CONGRESS_LOCAL=1 generates a SECRET_KEY into var/secret_key, allows localhost only, and leaves
# out the HTTPS redirect, secure-only cookies and the admin's TOTP (see README).
LOCAL := CONGRESS_LOCAL=1

.PHONY: run test install migrate demo static lint format bench bench-peak messages clean check-deploy backup restore

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(LOCAL) $(PY) manage.py migrate --noinput
	$(LOCAL) $(PY) manage.py bootstrap

demo: migrate
	$(LOCAL) CONGRESS_ALLOW_DEMO_DATA=1 $(PY) manage.py load_demo

static: install
	$(LOCAL) $(PY) manage.py collectstatic --noinput --verbosity 0

run: demo static
	@echo "门户 / portal: http://127.0.0.1:$(PORT)/   管理后台 / admin: http://127.0.0.1:$(PORT)/admin/   API: http://127.0.0.1:$(PORT)/api/docs/"
	$(LOCAL) CONGRESS_ALLOW_DEMO_DATA=1 PORT=$(PORT) $(PY) manage.py runall

test: install
	CONGRESS_TESTING=1 DJANGO_DEBUG=1 $(PY) -m pytest -q $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Compiled catalogs are committed; this rebuilds them with polib (no system gettext needed).
messages: install
	DJANGO_DEBUG=1 $(PY) manage.py compile_catalogs

check-deploy: install
	SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-secret-value-0123456789 ALLOWED_HOSTS=congress.example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

# The database (pg_dump -Fc, or SQLite's online backup) and the uploaded files in one archive
# under var/backups; `make restore ARCHIVE=var/backups/congress-….tar.gz` puts one back (stop the
# portal first). See README → Backups.
backup: install
	$(LOCAL) $(PY) manage.py backup

restore: install
	@test -n "$(ARCHIVE)" || (echo "usage: make restore ARCHIVE=var/backups/congress-….tar.gz" && exit 2)
	$(LOCAL) $(PY) manage.py restore $(ARCHIVE)

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Issue 16: the congress-session peak, open-loop at stepped rates (bench/peak.py).
bench-peak: install
	$(PY) bench/peak.py $(PEAK_ARGS)

clean:
	rm -rf var staticfiles
