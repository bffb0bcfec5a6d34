# Everyday targets: `make run` (set up and show today's plan), `make test` (set up and run the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint fmt stress bench clean

# Setting up is quiet: its output goes to $(LOG), shown only if a step fails. The compat
# editable mode keeps start-up lean (a plain path entry, no import hook), though setuptools
# warns that it is transitional.
LOG := $(VENV)/install.log

$(STAMP): pyproject.toml
	@mkdir -p $(VENV)
	@{ $(PYTHON) -m venv $(VENV) \
	  && $(BIN)/python -m pip install --quiet --upgrade pip \
	  && $(BIN)/python -m pip install --quiet --config-settings editable_mode=compat --editable '.[test]' \
	  && $(BIN)/python -m compileall -q glutelog; } > $(LOG) 2>&1 \
	  || { cat $(LOG) >&2; echo "Setting up $(VENV) failed (the log above is kept in $(LOG))." >&2; exit 1; }
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/glutelog plan

test: $(STAMP)
	$(BIN)/python -m pytest -m "not stress" -n auto --dist worksteal

# The heavier battery: the stress tests, and every generated (Hypothesis) test with its full
# count of fresh examples (`make test` tries a fifth of them, from a fixed seed).
stress: $(STAMP)
	GLUTELOG_FULL_EXAMPLES=1 $(BIN)/python -m pytest -m "stress or generated" -n auto --dist worksteal

check: lint test

lint: $(STAMP)
	$(BIN)/ruff check glutelog tests scripts
	$(BIN)/ruff format --check glutelog tests scripts

fmt: $(STAMP)
	$(BIN)/ruff format glutelog tests scripts
	$(BIN)/ruff check --fix glutelog tests scripts

bench: $(STAMP)
	@$(BIN)/python -m compileall -q glutelog  # measure the code as installed, never a stale .pyc
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
