# Rathaus: the only commands a newcomer needs.
#   make run    set up, migrate, load the demo town, start a job worker and the web server
#   make test   the whole test suite (SQLite; set DATABASE_URL for PostgreSQL)
#   make lint   ruff lint and format check
#   make bench  benchmarks against the production server; writes var/bench/*.json

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-packages run test test-browser lint format bench messages clean

install: system-packages $(VENV)/.installed node_modules/.installed var/vendor/.installed messages

# OCR (tesseract with German, ghostscript) and gettext: installed as root, else a hint.
system-packages:
	@bash scripts/system_packages.sh

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# KERN's stylesheet keeps only the rules the templates and code can match: rebuilt when they change.
KERN_CONTENT := $(shell find rathaus -name '*.html' -o -name '*.py' -o -name '*.js')

var/vendor/.installed: node_modules/.installed scripts/install_frontend.py scripts/purge_kern.mjs $(KERN_CONTENT) $(VENV)/.installed
	$(PY) scripts/install_frontend.py
	touch $@

messages: $(VENV)/.installed
	@cd rathaus && ../$(PY) ../manage.py compilemessages --verbosity 0

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Starting the job worker and the web server on http://$(HOST):$(PORT)/ (Ctrl-C stops both)"
	@$(PY) manage.py db_worker --queue-name default & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest -n auto --durations=15 $(PYTEST_ARGS)

test-browser: install
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules var/vendor var/static
