# `make run` starts Huddlebot (console, demo trust, SQLite); `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench install clean docs-images

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

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest

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
