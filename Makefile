# Duikou: every target sets up what it needs (a .venv at the repository root) on a machine with only
# Python 3.11+, git and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST   ?= 127.0.0.1:8000

.PHONY: demo test setup messages lint check-deploy bench e2e clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP) messages

# Compile the translations with Babel (pure Python), so no GNU gettext is needed.
messages: $(STAMP)
	$(BIN)/python -m duikou.core.i18n compile

## Serve the platform with demo data on the embedded SQLite at http://$(HOST)
demo: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	@echo "Open http://$(HOST)/ (public portal) and http://$(HOST)/work/ (back office)"
	$(BIN)/python manage.py runserver $(HOST)

## Run the whole test suite (DATABASE_URL selects PostgreSQL; default SQLite)
test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m duikou.core.i18n check

check-deploy: setup
	DUIKOU_PRODUCTION=1 DUIKOU_SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-but-long-enough-for-the-check \
	DUIKOU_ALLOWED_HOSTS=duikou.example.gov.cn $(BIN)/python manage.py check --deploy --fail-level WARNING

## Benchmarks (not run by the tests): make bench SCALE=small|national
bench: setup
	$(BIN)/python -m bench.run --scale $(or $(SCALE),small)

## Browser tests only
e2e: setup
	$(BIN)/python -m pytest tests/e2e -m e2e

clean:
	rm -rf $(VENV) staticfiles
