# Two commands on a fresh machine with Python >= 3.11 and make:
#   make run    install, ingest corpus/ into ./instance (builds the index), serve the site
#               at http://127.0.0.1:5000/
#   make test   install with test tools, lint, run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install lint bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/archive ingest corpus
	$(BIN)/archive list
	$(BIN)/archive serve

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py --articles 3000
	$(BIN)/python benchmarks/search.py --queries 200

eval: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[eval]' || echo "PyICU not installed: the ICU baseline is skipped"
	$(BIN)/python -m indexer.evaluate

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
