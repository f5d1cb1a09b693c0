# dockersdk — every workflow is a target here; README.md documents the two that matter most.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STATE ?= /tmp/dsdk
ENGINES_ENV := $(STATE)/engines.env

.PHONY: all venv test unit integration lint typecheck codegen codegen-check update-schema \
	engines-install engines-up engines-down record-fixtures demo bench compat clean \
	docs docs-serve docs-check api-check

all: test

# The virtualenv is (re)built when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@test -x $(VPY) || $(PY) -m venv $(VENV)
	$(VPY) -m pip install -q -U pip
	$(VPY) -m pip install -q -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed

lint: venv
	$(VENV)/bin/ruff check src tests codegen scripts benchmarks
	$(VENV)/bin/ruff format --check src tests codegen scripts benchmarks

# mypy --strict and pyright --strict: on the package (config in pyproject.toml), then on code
# as users write it, examples/ and tests/typing/ (tests/typing/pyrightconfig.json; mypy covers
# both in one run). The pyright wheel bundles its JavaScript and runs it with node.
PYRIGHT := PYRIGHT_PYTHON_IGNORE_WARNINGS=1 $(VENV)/bin/pyright
typecheck: venv
	$(VENV)/bin/mypy
	$(PYRIGHT)
	$(PYRIGHT) -p tests/typing

codegen: venv
	$(VPY) -m codegen

codegen-check: venv
	$(VPY) -m codegen --check

# OFFLINE=1 skips Debian's package (no network); MOBY_SPECS=DIR imports newer moby specs from
# DIR (v1.NN.yaml.gz + SHA256SUMS + LICENSE); either way every recorded file is verified.
update-schema: venv
	$(VPY) -m codegen.update_schema $(if $(OFFLINE),--offline) $(if $(MOBY_SPECS),--moby $(MOBY_SPECS))

engines-install:
	bash scripts/engines/install.sh

engines-up: engines-install
	bash scripts/engines/up.sh

engines-down:
	bash scripts/engines/down.sh

unit: venv
	$(VPY) -m pytest tests/unit -q

# The documentation site (mkdocs.yml): guides from docs/ with the examples' code, the API
# reference generated from the package (scripts/docs/hooks.py). Open site/index.html, or
# `make docs-serve` for a live preview at http://127.0.0.1:8000.
docs: venv
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

docs-serve: venv
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve

# The site builds in strict mode (a warning, a broken link or anchor, a missing example
# section fails), every public name is in the reference, the guides' Python is examples/.
docs-check: venv
	$(VPY) -m pytest -q tests/docs

# The public API against the previous release tag (API_BASE, a git ref): every removed or
# changed name or signature must be named in CHANGELOG.md's Unreleased section. A tag the
# clone lacks is read from scripts/docs/releases.txt; a base not in the history fails.
API_BASE ?= v0.1.0
api-check: venv
	$(VPY) scripts/docs/api_check.py $(API_BASE)

# The whole suite against the private engines (two dockerds, Podman) that this target starts
# and always stops. tests/docs ran in docs-check, before the engines. The property tests run
# derandomized here (tests/conftest.py's "ci" profile); `make unit` draws new examples.
test: venv engines-install
	$(MAKE) lint typecheck codegen-check docs-check api-check
	bash scripts/engines/up.sh
	set -a; . $(ENGINES_ENV); set +a; \
	  $(VPY) -m pytest -q -ra --ignore=tests/docs --hypothesis-profile=ci; rc=$$?; \
	  if [ $$rc -ne 0 ]; then bash scripts/engines/logs.sh; fi; \
	  bash scripts/engines/down.sh; exit $$rc

record-fixtures: venv engines-up
	set -a; . $(ENGINES_ENV); set +a; $(VPY) -m tests.fixtures.record; rc=$$?; \
	  bash scripts/engines/down.sh; exit $$rc

demo: venv
	bash scripts/demo.sh

# Benchmarks against a private engine it starts and always stops (never a timed test:
# nothing here asserts). Quick mode (< 5 min) by default; BENCH=full for issue #7's sizes;
# BENCH_JSON=path moves the JSON results (default benchmarks/results.json).
bench: venv engines-install
	bash scripts/engines/up.sh
	trap 'bash scripts/engines/down.sh' EXIT INT TERM; \
	  set -a; . $(ENGINES_ENV); set +a; \
	  BENCH=$(BENCH) $(VPY) -m benchmarks

# docker-py 7.1.0's own integration suite (../shared/compat, never copied here) with docker-py
# and with dockersdk (install_as_docker()), on fresh private engines A and B it starts and
# always stops; fails when dockersdk fails a test docker-py passes, unless
# tests/compat/deviations.toml (permanent, with reasons) or tests/compat/baseline.toml
# (TEMPORARY known failures) lists it. The suite's pinned test deps live in .venv-compat.
COMPAT_VENV := .venv-compat
$(COMPAT_VENV)/.installed: pyproject.toml
	@test -x $(COMPAT_VENV)/bin/python || $(PY) -m venv $(COMPAT_VENV)
	$(COMPAT_VENV)/bin/python -m pip install -q -U pip
	$(COMPAT_VENV)/bin/python -m pip install -q "pytest==7.4.2" "pytest-timeout==2.1.0" \
	  paramiko websocket-client requests "docker==7.1.0" -e .
	@touch $@

compat: $(COMPAT_VENV)/.installed engines-install
	DOCKERSDK_COMPAT_VENV=$(COMPAT_VENV) bash tests/compat/run.sh

clean:
	rm -rf $(VENV) $(COMPAT_VENV) build dist site *.egg-info .pytest_cache .mypy_cache .ruff_cache
