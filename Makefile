# kesos-analysis front door. Two commands do all the set-up on a fresh machine:
#   make reports   bootstrap .venv, build data/processed, run every notebook, write reports/
#   make test      bootstrap .venv, run the whole test suite (notebooks included)
# Needs only Python >= 3.11 with venv (no conda). Override the interpreter with PYTHON=/path/to/python3.11.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
KERNEL := kesos-analysis
STAMP  := $(VENV)/.kesos-installed

.PHONY: all reports test data lock clean clean-reports help
.DEFAULT_GOAL := help

help:
	@echo "make reports  - set up .venv, build data/processed, execute all notebooks, write reports/"
	@echo "make test     - set up .venv, run ruff, then the full test suite (pytest, notebooks with nbval)"
	@echo "make data     - only (re)build data/processed from data/raw"
	@echo "make lock     - regenerate requirements.lock from a fresh environment (maintainers)"
	@echo "make clean    - remove .venv, data/processed and reports"

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; v=sys.version_info; sys.exit(0 if v >= (3, 11) else "kesos-analysis needs Python >= 3.11; found %d.%d. Run: make PYTHON=/path/to/python3.11 ..." % v[:2])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (kesos-analysis)" > /dev/null
	@touch $(STAMP)

data: $(STAMP)
	$(BIN)/kesos data build

reports: $(STAMP)
	$(BIN)/kesos data build
	$(BIN)/kesos run --all

test: $(STAMP)
	$(BIN)/ruff check kesos_analysis tests
	$(BIN)/python -m pytest

lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -e ".[test]"
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
	rm -rf .venv-lock

clean-reports:
	rm -rf reports/notebooks reports/html reports/en reports/manifest.json

clean: clean-reports
	rm -rf $(VENV) data/processed/*.parquet data/processed/*.json
