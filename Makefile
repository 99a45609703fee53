# The book's two everyday commands are `make book` and `make test`; both set up
# .venv from requirements-dev.txt on first use (and again when it changes).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test lint unit notebooks clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

## book: build the rendered book (full mode) into _build/html, warnings as errors
book: $(STAMP)
	NNBOOK_QUICK=0 PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter-book build . -W --keep-going -n

## test: lint, unit tests of helpers/, and nbval over every notebook in quick mode
test: $(STAMP) lint
	NNBOOK_QUICK=1 PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest tests chapters \
		--nbval-lax --nbval-current-env -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check helpers tests chapters
	$(BIN)/ruff format --check helpers tests

clean:
	rm -rf _build
