# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test screens install messages makemessages lint format check-deploy bench clean assets

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the requirement files change.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Developer defaults for plain `manage.py` (see README); never created in production.
.env:
	printf '# Local development settings (git-ignored). Production uses real environment variables.\nDJANGO_DEBUG=true\n' > .env

install: $(STAMP) .env

messages: install
	$(PY) -m cop_portal.i18n_compile

run: messages
	mkdir -p var
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py seed_demo --if-empty
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} bash scripts/run-all.sh

# The suite in two parts (README, "Tests"): the tests that may run side by side, on every CPU
# (pytest-xdist), then the browser, worker and race tests: their Chromium half and their other
# half at the same time, one test at a time in each (scripts/test-parts.sh). A part that
# PYTEST_ARGS leaves empty is skipped (pytest's exit code 5); all empty is an error.
TEST_PROCESSES ?= auto
TEST_ENV := DJANGO_DEBUG=true COP_VAR_DIR=$${COP_VAR_DIR:-var/test} DJANGO_ALLOW_ASYNC_UNSAFE=true

test: messages
	@$(TEST_ENV) TEST_PROCESSES=$(TEST_PROCESSES) bash scripts/test-parts.sh $(PYTEST_ARGS)

# The visual harness with its screenshots for reviewers (docs/screens.md), in var/screenshots/.
screens: messages
	VISUAL_SCREENSHOTS=1 $(TEST_ENV) $(PY) -m pytest --part=serial tests/browser/test_visual.py

# Developers adding strings (needs GNU gettext): refresh locale/mn, then translate.
makemessages: install
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l mn --no-obsolete --ignore=.venv --ignore=var --ignore=bench

# The Bootstrap subset in static/vendor/bootstrap/ from its vendored sources (README, "Front-end
# assets"): needs Node.js and npm; the built files are committed, so nothing else here does.
assets: install
	bash scripts/build-assets.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: install
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')} \
		COP_BALLOT_KEY=$${COP_BALLOT_KEY:-check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')} \
		COP_BACKUP_KEY=$${COP_BACKUP_KEY:-check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')} \
		DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-cop.example.mn} \
		$(PY) manage.py check --deploy --fail-level WARNING

bench: install
	DJANGO_DEBUG=true $(PY) bench/healthz.py

clean:
	rm -rf var/test var/broker var/cache
