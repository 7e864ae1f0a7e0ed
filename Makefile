# Two commands on a fresh machine with Python >= 3.11 and make:
#   make run    install, ingest corpus/ into ./instance (builds the index), serve the site
#               at http://127.0.0.1:5000/
#   make test   install with test tools (and, as root, Debian's chromium for tests/e2e and
#               postgresql for the tests on PostgreSQL), lint, run the whole test suite
PYTHON ?= python3
TEST_WORKERS ?= 2
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install browser postgres redis documents lint bench eval clean translations

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,postgres]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP) documents
	$(BIN)/archive ingest corpus
	$(BIN)/archive list
	$(BIN)/archive serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# tests/e2e drive Debian's headless chromium through chromedriver, with Thai fonts; installed
# here when missing and possible (root with apt-get), else those tests skip saying why.
BROWSER_PACKAGES := chromium chromium-driver fonts-thai-tlwg

browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null \
	    && fc-list :lang=th family 2>/dev/null | grep -q .; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	        apt-get install -y -qq --no-install-recommends $(BROWSER_PACKAGES) >/dev/null) \
	    || echo "browser not installed: the e2e tests will skip"; \
	else echo "no root or apt-get to install $(BROWSER_PACKAGES): the e2e tests will skip"; fi

# The store, tracking, ingest, index-following and API tests also run on PostgreSQL: the tests
# initdb a throwaway server of Debian's postgresql into a temporary folder (as the postgres
# user under root: the server refuses root). Installed here when missing and possible.
postgres:
	@if command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	        apt-get install -y -qq --no-install-recommends postgresql >/dev/null) \
	    || echo "postgresql not installed: the PostgreSQL tests will skip"; \
	else echo "no root or apt-get to install postgresql: the PostgreSQL tests will skip"; fi

# tests/webapp/test_auth.py checks that two nodes share the sign-in limits through Redis
# (RATELIMIT_STORAGE_URI, README "Several nodes"): a throwaway redis-server on a loopback port.
redis:
	@if command -v redis-server >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	        apt-get install -y -qq --no-install-recommends redis-server >/dev/null) \
	    || echo "redis-server not installed: the shared-limit test will skip"; \
	else echo "no root or apt-get to install redis-server: the shared-limit test will skip"; fi

# Scans and image-only PDF pages are read by Tesseract (Thai and English models); Word 97-2003
# .doc files by LibreOffice in headless mode. `make run` and `make test` install them when
# missing and possible, else those files are refused with the reason and the tests skip.
DOCUMENT_PACKAGES := tesseract-ocr tesseract-ocr-tha tesseract-ocr-eng libreoffice-writer-nogui \
    fonts-thai-tlwg

documents:
	@if command -v tesseract >/dev/null && command -v soffice >/dev/null \
	    && tesseract --list-langs 2>/dev/null | grep -qx tha; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	        apt-get install -y -qq --no-install-recommends $(DOCUMENT_PACKAGES) >/dev/null) \
	    || echo "tesseract/libreoffice not installed: OCR and .doc tests will skip"; \
	else echo "no root or apt-get to install $(DOCUMENT_PACKAGES): OCR and .doc tests will skip"; fi

test: $(STAMP) browser postgres redis documents
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) -m "not timed"
	$(BIN)/python -m pytest -q -m timed

bench: $(STAMP) postgres documents
	$(BIN)/python benchmarks/ingest.py --articles 3000
	$(BIN)/python benchmarks/search.py --queries 200
	$(BIN)/python benchmarks/postgres.py --articles 3000
	$(BIN)/python benchmarks/pdf.py --articles 10 --scans 4

eval: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[eval]' || echo "PyICU not installed: the ICU baseline is skipped"
	$(BIN)/python -m evaluation

# The web interface's English catalogue (Thai wording is the msgid, see webapp/i18n.py):
# extract the messages, merge them into the .po (translate the new ones there), compile the
# .mo that is committed beside it (tests/webapp/test_i18n.py fails when the two disagree).
CATALOG := webapp/translations/en/LC_MESSAGES/messages

translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output \
	    --project thai-meeting-archive -o webapp/translations/messages.pot .
	$(BIN)/pybabel update -i webapp/translations/messages.pot -d webapp/translations -l en \
	    --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d webapp/translations -l en --statistics

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
