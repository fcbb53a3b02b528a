# The README's vocabulary: `make run` sets up and serves the demo site, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test test-browser browser-tools lint format check translations install demo clean

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25"
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

# The interface catalogues, compiled whenever a .po is newer than its .mo.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

$(MO_FILES): %.mo: %.po $(VENV)/.installed
	$(PY) manage.py compile_translations

install: $(VENV)/.installed $(MO_FILES)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

run: demo
	$(PY) manage.py runserver $(HOST)

# Two processes (pytest-xdist), each test file whole in one of them (module fixtures run once).
test: install
	$(VENV)/bin/pytest -n 2 --dist loadfile

# The browser and HTML checks' tools from npm (axe-core, vnu-jar), pinned by package-lock.json;
# vnu-jar's install script, which would download a Java runtime, is not run: the machine's is used.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

browser-tools: node_modules/.installed

# The slow suites alone: Chromium (axe, keyboard, right to left, forms) and the Nu Html Checker.
test-browser: install browser-tools
	$(VENV)/bin/pytest -m browser -n 2 --dist loadfile

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

translations: install
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=staticfiles --ignore=bench
	$(PY) manage.py compile_translations

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
