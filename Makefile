# The verbs of the MMC platform. `make run` starts everything; `make test` proves it.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WITH_INFRA := deploy/local/with-infra.sh
PYTEST_ARGS ?=
BENCH_ARGS ?=
LINT_PATHS := contracts chassis services tests bench examples

.PHONY: help venv tools deploy-tools run test test-unit lint format bench infra-up infra-down infra-status clean

help: ## list the verbs
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): requirements.lock requirements-dev.txt contracts/pyproject.toml chassis/pyproject.toml services/*/pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	@touch $@

venv: $(STAMP) ## create or update the virtual environment with the pinned dependencies

tools: ## install Java, Maven, Go and PostgreSQL with apt where they are missing (needs root)
	@deploy/local/install-tools.sh

deploy-tools: tools ## build or install the deployment checkers (kustomize, kubeconform, kube-score, promtool, compose, AsyncAPI parser; cached)
	@deploy/tools/install.sh

run: venv tools ## start Kafka, FerretDB and every service with demo data; Ctrl-C stops it all
	@PATH="$(CURDIR)/$(BIN):$$PATH" deploy/local/run.sh

test: venv tools deploy-tools ## lint, type-check and run every test against real Kafka and MongoDB-wire servers
	@PATH="$(CURDIR)/$(BIN):$$PATH" $(WITH_INFRA) $(MAKE) --no-print-directory lint pytest

pytest: venv
	$(BIN)/pytest $(PYTEST_ARGS)

test-unit: venv ## the pure unit tests alone (no infrastructure)
	$(BIN)/pytest tests/unit $(PYTEST_ARGS)

lint: venv ## ruff and mypy
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/mypy contracts/mmc_contracts chassis/mmc_chassis services tests bench examples/subscriber

format: venv ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix $(LINT_PATHS)
	$(BIN)/ruff format $(LINT_PATHS)

bench: venv tools ## (a)-(e) against raw aiokafka/PyMongo baselines, on each FerretDB backend
	@PATH="$(CURDIR)/$(BIN):$$PATH" $(WITH_INFRA) $(BIN)/python -m bench.backends $(BENCH_ARGS)

infra-up: tools ## start the local Kafka, PostgreSQL and FerretDB (built and cached on first use)
	@deploy/local/infra.sh up

infra-down: ## stop them; no process is left behind
	@deploy/local/infra.sh down

infra-status: ## what runs where
	@deploy/local/infra.sh status

clean: infra-down ## stop everything and remove the venv and local state (caches stay)
	rm -rf $(VENV) .local-infra .mypy_cache .ruff_cache .pytest_cache
