# One entry point for people and CI. Python 3.11+; everything else is installed here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-future lint review bench bench-smoke system-deps clean

# `make serve LANG=zh` (or LANG=en) builds only that language: faster rebuilds for writers.
# Any other LANG (the shell's locale, e.g. C.UTF-8) means both languages.
ONLY_LANG := $(filter en zh,$(LANG))

## serve: set up on first use, then serve the site at http://127.0.0.1:8000 (LANG=zh: Chinese only)
serve: $(VENV)/.site
	AP_ONLY_LANG=$(ONLY_LANG) $(BIN)/mkdocs serve -a 127.0.0.1:8000

## review: list checklists and knowledge checks whose yearly review is due (exit 1 if any)
review: $(VENV)/.site
	PYTHONPATH=hooks $(BIN)/python -m apbook.review

## build: strict build into site/ (deploy that folder to any static web server)
build: $(VENV)/.site
	$(BIN)/mkdocs build --strict --clean

## test: set up on first use (venv, Debian chromium + poppler-utils), then lint and run every test
test: $(VENV)/.dev system-deps
	$(BIN)/ruff check hooks tests bench
	$(BIN)/ruff format --check hooks tests bench
	$(BIN)/mypy hooks
	$(BIN)/python -m pytest

## test-future: the non-browser tests with the clock set to 2028 (libfaketime), proving that no
## test depends on today's date. tests/test_serve.py is left out: under libfaketime the
## threads of `mkdocs serve` never wake from their timed waits, whatever the date.
test-future: $(VENV)/.dev
	@command -v faketime >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -qq faketime >/dev/null; }
	faketime -f '@2028-06-01 12:00:00' $(BIN)/python -m pytest -m "not browser" --ignore=tests/test_serve.py -p no:cacheprovider

lint: $(VENV)/.dev
	$(BIN)/ruff check hooks tests bench
	$(BIN)/ruff format --check hooks tests bench
	$(BIN)/mypy hooks

## bench: build-speed, scaling, authoring-latency and page-weight benchmark (see BENCHMARK.md)
bench: $(VENV)/.dev system-deps
	$(BIN)/python bench/run.py

bench-smoke: $(VENV)/.dev
	$(BIN)/python bench/run.py --smoke

$(VENV)/.site: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %d.%d)" % sys.version_info[:2])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.site requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

## system-deps: Debian's chromium (browser tests), poppler-utils (pdfinfo), a Chinese font (so
## Chinese pages print with real glyphs) and nginx (the
## deployment example is tested for real), if missing
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdfinfo >/dev/null || [ ! -x /usr/sbin/nginx ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium poppler-utils nginx-light fonts-wqy-microhei >/dev/null; \
	fi

clean:
	rm -rf site .pytest_cache .ruff_cache
