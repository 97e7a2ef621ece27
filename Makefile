# The two commands that matter:
#   make run    set up, create the demo salon (once), and run Salonkeep
#   make test   set up, then run every test on SQLite and on PostgreSQL
# The other targets are conveniences for developers.

VENV := .venv
BIN := $(VENV)/bin
# bench/ joins once it holds benchmark scripts (git keeps no empty folder).
CODE := salonkeep tests $(wildcard bench)
SCRIPTS := scripts/test scripts/with-postgres

.DEFAULT_GOAL := help
.PHONY: help run test setup setup-tests lint format clean

help:
	@echo "make run     set up, create a demo salon (once) and run Salonkeep"
	@echo "make test    set up, then run every test on SQLite and on PostgreSQL"
	@echo "make lint    ruff check, ruff format --check, mypy (also part of make test)"
	@echo "make format  reformat the code with ruff"
	@echo "make setup   only set up (.venv, Python and Debian packages)"
	@echo "make clean   remove .venv and caches (your salon data is not touched)"

run: setup
	$(BIN)/salonkeep demo
	$(BIN)/salonkeep serve

test: setup-tests
	$(BIN)/python scripts/test

setup:
	scripts/setup

setup-tests:
	scripts/setup --for-tests

lint: setup
	$(BIN)/ruff check $(CODE) $(SCRIPTS)
	$(BIN)/ruff format --check $(CODE) $(SCRIPTS)
	$(BIN)/mypy salonkeep
	for script in $(SCRIPTS); do $(BIN)/mypy --strict $$script || exit 1; done

format: setup
	$(BIN)/ruff check --fix $(CODE) $(SCRIPTS)
	$(BIN)/ruff format $(CODE) $(SCRIPTS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
