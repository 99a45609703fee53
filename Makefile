# The book's two everyday commands are `make book` and `make test`; both set up
# .venv from requirements-dev.txt on first use (and again when it changes).
PYTHON ?= python3
# VENV may be another checkout's, by absolute path (make test VENV=/path/to/.venv,
# as tests/test_ci_stage.py runs it in a copy): PATH gets $(abspath $(BIN)).
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book results notebooks catalogues test test-without-shared site-test bench determinism colab-lane lint clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

## book: build the rendered book (full mode) into _build/html, warnings as errors:
## tools/build_book.py runs the notebooks one per CPU core into the execution
## cache, then `jupyter-book build . -W --keep-going -n` renders the pages; then
## tools/results.py compares every glued value with results/glued.json. The build's
## environment (mode, PATH, strict claims) is tools/build_book.book_env's alone.
book: $(STAMP)
	$(BIN)/python -m tools.build_book
	$(BIN)/python -m tools.results check

## results: record the last full `make book`'s glued values in results/glued.json,
## and its date, mode and versions in results/build_info.json (on purpose, when a
## change of the book's numbers is meant; commit both files)
results: $(STAMP)
	NNBOOK_QUICK=0 $(BIN)/python -m tools.results update
	$(BIN)/python -m tools.notebooks build-info --from-build _build

## notebooks: the student edition of every chapter (tools/notebooks.py) into
## _build/notebooks/chapters/ (English) and _build/notebooks/zh_CN/chapters/ (Chinese):
## the numbers of results/glued.json in the text, plumbing folded, exercises open,
## the helpers pinned to this commit
notebooks: $(STAMP)
	$(BIN)/python -m tools.notebooks edition --out _build/notebooks

## catalogues: bring the Chinese catalogues up to date after a change of English prose
## (CONTRIBUTING.md): the gettext templates from the last build's runs (tools/i18n.py),
## merged into locales/zh_CN by sphinx-intl; the helpers' messages into helpers/locales.
## Then translate what comes back empty or fuzzy: tests/test_i18n.py fails until then.
catalogues: $(STAMP)
	$(BIN)/python -m tools.i18n extract
	$(BIN)/sphinx-intl update -p _build/gettext -l zh_CN -d locales -w 0
	$(BIN)/python -m tools.i18n helpers

## test: lint, unit tests of helpers/, and nbval over every notebook in quick mode,
## one test process per core (pytest-xdist; each notebook's cells stay on one process)
test: $(STAMP) lint
	NNBOOK_QUICK=1 PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m pytest tests chapters \
		--nbval-lax --nbval-current-env -n auto --dist loadscope

## test-without-shared: .ci/run's test stage (CI=true) again, in a copy of the repository
## with nothing beside it (no ../shared, as on GitHub), with this venv
## (tests/test_ci_stage.py, marked ci_stage: `make test` leaves it out)
test-without-shared: $(STAMP)
	$(BIN)/python -m pytest -m ci_stage -s tests/test_ci_stage.py

## site-test: open every page of the built book (_build/html, after `make book`) in
## headless Chromium (/usr/bin/chromium); screenshots go to _build/screenshots/
site-test: $(STAMP)
	$(BIN)/python -m pytest tests/site

## bench: time notebooks (full and quick mode), a cold and a warm book build and training
## throughput against the targets; report in _build/bench/report.txt. Run it on a quiet machine.
## Whole commands are timed with hyperfine (a Debian package: installed here when missing,
## with sudo unless root), training throughput with pyperf (requirements-dev.txt).
bench: $(STAMP)
	@command -v hyperfine >/dev/null || { \
		sudo=""; if [ "$$(id -u)" -ne 0 ]; then sudo="sudo"; fi; \
		echo "make bench: installing hyperfine (apt-get install hyperfine)"; \
		{ $$sudo apt-get update -qq && \
		  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null; } || { \
		echo "make bench needs hyperfine: sudo apt-get install hyperfine (Debian/Ubuntu)," \
		     "brew install hyperfine (macOS) or cargo install hyperfine"; exit 1; }; }
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m tools.bench

## determinism: two cold full-mode builds into _build/determinism; every glued value must match
determinism: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m tools.check_determinism

## colab-lane: the student edition (written first) under nbval with Colab's versions
## (TF 2.20, Keras 3.13) in .venv-colab; quick mode unless NNBOOK_QUICK=0
colab-lane:
	bash tools/colab_lane.sh

## lint: ruff over the code and notebooks; every notebook in its normal form
## (tools/notebooks.py); the GitHub workflows against their schema (offline)
lint: $(STAMP)
	$(BIN)/python -m tools.notebooks normalise --check
	$(BIN)/ruff check helpers tests tools _ext chapters
	$(BIN)/ruff format --check helpers tests tools _ext chapters
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

clean:
	rm -rf _build
