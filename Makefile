# icttools — the two commands: `make report` (the main job) and `make test`.
# Everything is set up from nothing: a .venv is created and the package installed on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
YEAR     ?= 2018
PROVINCE ?= 02
RUN_DIR  ?= outputs

.PHONY: help venv report check-html screenshots test test-fast test-unit lab refresh-refs demo bench clean

help:
	@echo "make report        set up, run all reports for $(PROVINCE)/$(YEAR), print outputs/index.html"
	@echo "make check-html    open every HTML report of $(RUN_DIR)/ in headless Chromium: offline, lang,"
	@echo "                   alt texts, print (the brief on at most 2 A4 pages); ARGS=... passes options"
	@echo "make screenshots   check-html, and save screenshots of the reports into docs/screenshots/"
	@echo "make test          set up, run every test: unit, end-to-end, nbval notebook checks"
	@echo "make test-fast     the unit tier only (no notebooks, no slow optimiser checks), under 30 s"
	@echo "make lab           JupyterLab on notebooks/ with the project's kernel"
	@echo "make refresh-refs  re-execute the nbval reference notebooks (review the diff!)"
	@echo "make demo          regenerate the SYNTHETIC demo data (byte-identical)"
	@echo "make bench         speed benchmarks (figures in the README)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

report: $(STAMP)
	$(BIN)/icttools run --year $(YEAR) --province $(PROVINCE)
	@echo "Reports: $(CURDIR)/outputs/index.html"

# Needs Debian's chromium (apt-get install -y chromium); playwright drives it, never a browser of its own.
check-html: $(STAMP)
	$(BIN)/python -m icttools.run.browsercheck $(RUN_DIR) $(ARGS)

screenshots: $(STAMP)
	$(BIN)/python -m icttools.run.browsercheck $(RUN_DIR) --screenshots docs/screenshots $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto tests \
	  --ignore=tests/notebooks
	$(BIN)/python -m pytest -q --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg tests/notebooks
	$(BIN)/python -m pytest -q --nbval-lax --nbval-current-env notebooks

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 tests --ignore=tests/notebooks -m "not e2e and not slow"

test-unit: $(STAMP)
	$(BIN)/python -m pytest -q tests --ignore=tests/notebooks

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

refresh-refs: $(STAMP)
	$(BIN)/python tests/make_refs.py

demo: $(STAMP)
	$(BIN)/icttools demo

bench: $(STAMP)
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_sensitivity.py
	$(BIN)/python bench/bench_uncertainty.py
	$(BIN)/python bench/bench_targets.py
	$(BIN)/python bench/bench_runner.py
	$(BIN)/python bench/bench_plots.py

clean:
	rm -rf outputs/20* outputs/index.html data/processed/*/
