# kesos-analysis front door. Two commands do all the set-up on a fresh machine:
#   make reports   bootstrap .venv, build data/processed, run every notebook, write reports/
#   make test      bootstrap .venv, run the whole test suite (notebooks included)
#   make lab       JupyterLab on notebooks/ with the project kernel
# A no-change `make reports` takes seconds: data/processed is rebuilt only when data/raw or the data layer
# changed, and `kesos run` reuses every report whose notebook, parameters, inputs, library and environment
# are unchanged (`kesos run --all --force` re-runs everything).
# Needs only Python >= 3.11 with venv (no conda). Override the interpreter with PYTHON=/path/to/python3.11.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
KERNEL := kesos-analysis
STAMP  := $(VENV)/.kesos-installed

.PHONY: all reports test data lab verify nbval lock clean clean-reports help
.DEFAULT_GOAL := help

help:
	@echo "make reports  - set up .venv, build data/processed, execute all notebooks, write reports/"
	@echo "make test     - set up .venv, run ruff, then the full test suite (pytest, notebooks with nbval)"
	@echo "make data     - only (re)build data/processed from data/raw"
	@echo "make lab      - open JupyterLab on notebooks/ with the project kernel"
	@echo "make verify   - re-execute every notebook and compare its recorded values (reports/values/)"
	@echo "make nbval    - re-run the executed reports with nbval (sanitised outputs)"
	@echo "make lock     - regenerate requirements.lock from a fresh environment (maintainers)"
	@echo "make clean    - remove .venv, data/processed and reports"

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; v=sys.version_info; sys.exit(0 if v >= (3, 11) else "kesos-analysis needs Python >= 3.11; found %d.%d. Run: make PYTHON=/path/to/python3.11 ..." % v[:2])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (kesos-analysis)" > /dev/null
	@touch $(STAMP)

# data/processed is rebuilt when a raw file, the data layer or the environment changed (stamp file).
BUILT       := data/processed/.kesos-built
RAW_FILES   := $(shell find data/raw -type f 2>/dev/null | sed 's/ /\\ /g')
DATA_CODE   := $(wildcard kesos_analysis/data/*.py kesos_analysis/data/*/*.py)

$(BUILT): $(STAMP) $(RAW_FILES) $(DATA_CODE)
	$(BIN)/kesos data build
	@touch $(BUILT)

data: $(STAMP)
	$(BIN)/kesos data build
	@touch $(BUILT)

reports: $(BUILT)
	$(BIN)/kesos run --all

verify: $(BUILT)
	$(BIN)/kesos verify

nbval: $(STAMP)
	$(BIN)/python -m pytest -o addopts="" -p no:cacheprovider --nbval --nbval-kernel-name=$(KERNEL) \
		--nbval-sanitize-with nbval_sanitize.cfg reports/notebooks/*.ipynb

lab: $(BUILT)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks

test: $(STAMP)
	$(BIN)/ruff check kesos_analysis tests benchmarks
	$(BIN)/python -m pytest

lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -e ".[test]"
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
	rm -rf .venv-lock

clean-reports:
	rm -rf reports/notebooks reports/html reports/en reports/logs reports/pdf reports/docx reports/index.html reports/manifest.json

clean: clean-reports
	rm -rf $(VENV) data/processed/*.parquet data/processed/*.json $(BUILT)
