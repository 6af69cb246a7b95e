# `make run` starts Huddlebot (console, demo trust, SQLite); `make test` runs every test in
# parallel; `make check` is the quick look before a commit (lint, types, the core's tests).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test check lint types bench install clean docs-images

# pytest-xdist workers: many tests wait on sockets and subprocesses, so more than the cores pay.
WORKERS ?= 4
# The core's quick tests: boundaries, migrations, config, SPC and the patient guard. Commands
# run inside the test's process (tests/kit/cli.py); a few start the installed program for real.
CHECK_TESTS := tests/foundation tests/spc tests/privacy

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# The console demo starts at the README's first conversation: Mon 1 Mar 2027, 08:29.
run: install
	$(BIN)/huddlebot run --now 2027-03-01T08:29

lint: install
	$(BIN)/ruff check .

types: install
	$(BIN)/mypy

test: lint types
	$(BIN)/pytest -n $(WORKERS) --dist loadgroup

# SQLite only, whatever TEST_DATABASE_URL says: the PostgreSQL runs are `make test`'s.
check: lint types
	TEST_DATABASE_URL= $(BIN)/pytest -n 2 --dist loadgroup $(CHECK_TESTS)

bench: install
	for b in bench/*_bench.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# The README's images, drawn from the demo trust (docs/images.py), the architecture picture
# (docs/architecture.py); then the board pack's screenshot (needs chromium).
DOCS_DB := $(CURDIR)/huddlebot-out/docs.db
docs-images: install
	$(BIN)/python docs/images.py
	$(BIN)/python docs/architecture.py
	mkdir -p docs huddlebot-out
	rm -f $(DOCS_DB)
	HUDDLEBOT_DATABASE_URL=sqlite:///$(DOCS_DB) $(BIN)/huddlebot demo --today 2027-03-01
	HUDDLEBOT_DATABASE_URL=sqlite:///$(DOCS_DB) $(BIN)/huddlebot report --as-of 2027-03-01 \
		--out huddlebot-out/board-pack
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1400 \
		--screenshot=docs/board-pack.png \
		"file://$(CURDIR)/huddlebot-out/board-pack/board-pack-trust-2027-03-01.html"

clean:
	rm -rf $(VENV) huddlebot-out .pytest_cache
