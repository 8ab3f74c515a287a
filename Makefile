# Two commands for a fresh machine: `make run` (the bot; the local sandbox without BOT_TOKEN)
# and `make test`. Both create ./.venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test sandbox db-upgrade clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tirek run

sandbox: $(STAMP)
	$(BIN)/tirek sandbox

db-upgrade: $(STAMP)
	$(BIN)/tirek db upgrade

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

# The same suite on a throwaway PostgreSQL cluster (installed from Debian's packages if missing,
# when run as root); see .ci/postgres-test.sh.
.PHONY: test-postgres
test-postgres: $(STAMP)
	BIN=$(BIN) bash .ci/postgres-test.sh

# Benchmarks (not part of `make test`): each prints its figures and its ratio against a baseline
# measured in the same run; see docs/performance.md. PostgreSQL figures: `make bench-postgres`.
.PHONY: bench bench-postgres
bench: $(STAMP)
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/cold_start.py
	$(BIN)/python bench/growth.py
	$(BIN)/python bench/memory.py
	$(BIN)/python bench/fanout.py

bench-postgres: $(STAMP)
	BIN=$(BIN) bash .ci/postgres-test.sh --run $(BIN)/python bench/throughput.py --no-sqlite
	BIN=$(BIN) bash .ci/postgres-test.sh --run $(BIN)/python bench/growth.py
	BIN=$(BIN) bash .ci/postgres-test.sh --run $(BIN)/python bench/processes.py
