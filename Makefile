# The two commands of the README: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app meet
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
export MEET_PUBLIC_URL ?= http://$(HOST):$(PORT)

# Debian packages: Pango and HarfBuzz's subsetter for WeasyPrint, CJK fonts (Noto, and Hanazono for
# Extension B names), poppler and zbar to read PDFs back in tests, Chromium for browser tests,
# Redis for the rate limits shared by two processes (tests/system), Node for the pads' helpers.
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-hanazono
TEST_PACKAGES := $(RUN_PACKAGES) poppler-utils zbar-tools chromium postgresql-client redis-server \
	nodejs

.PHONY: run test js-test system-run system-test translations lint clean

run: system-run $(VENV)/.runtime translations
	mkdir -p instance
	$(FLASK) db upgrade heads
	$(FLASK) meet demo --if-empty
	$(VENV)/bin/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) --threads 4 \
		--access-logfile - wsgi:app

test: system-test $(VENV)/.dev translations lint js-test
	$(PY) -m pytest $(PYTEST_ARGS)

# The pads' pure helpers (meet/sports/*/*.js) against the known answers the Python tests use.
# Files, not the folder: newer Node reads a --test argument as a pattern of files.
js-test: system-test
	node --test tests/js/*.test.mjs

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

system-run:
	@bash scripts/apt-install.sh $(RUN_PACKAGES)

system-test:
	@bash scripts/apt-install.sh $(TEST_PACKAGES)

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Catalogs are compiled here, never committed as .mo files: the app's, and each sport's own.
translations: $(VENV)/.runtime
	for catalogs in meet/translations meet/sports/*/translations; do \
		$(VENV)/bin/pybabel compile -d $$catalogs >/dev/null || exit 1; \
	done

# For translators: refresh the catalogs from the source.
extract: $(VENV)/.runtime
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -o meet/translations/messages.pot --no-location --sort-output -w 100 .
	$(VENV)/bin/pybabel update -i meet/translations/messages.pot -d meet/translations --no-fuzzy-matching --ignore-obsolete -w 100
	for sport in meet/sports/*/rules.py; do \
		folder=$$(dirname $$sport); pot=$$(mktemp); \
		$(VENV)/bin/pybabel extract -F meet/sports/babel.cfg -k _l -o $$pot --no-location --sort-output -w 100 $$folder; \
		if [ -d $$folder/translations ]; then \
			$(VENV)/bin/pybabel update -i $$pot -d $$folder/translations -l zh_Hans_CN --no-fuzzy-matching --ignore-obsolete -w 100; \
		else \
			$(VENV)/bin/pybabel init -i $$pot -d $$folder/translations -l zh_Hans_CN -w 100; \
		fi; \
		rm -f $$pot; \
	done

clean:
	rm -rf $(VENV) .pytest_cache
