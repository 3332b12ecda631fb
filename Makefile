# Two commands set everything up on a fresh machine with Python 3.11:
#   make demo   installs newssift into .venv and analyzes the bundled example article
#   make test   installs the test tools into .venv and runs the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: demo test install install-test benchmark schema clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .

install-test: $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test]'

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
