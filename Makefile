# leadpipe — every target sets itself up on first use (.venv + dependencies).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test fuzz bench lint setup clean-venv

# setup.py and the native sources: a change rebuilds them (pip install -e compiles them in place)
$(STAMP): pyproject.toml setup.py $(wildcard processors/website_intelligence/_*.pyx processors/website_intelligence/_*.pxi)
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

# CMD reaches the program through the environment, unexpanded, so quotes and "$5" stay as typed
override CMD := $(value CMD)
export CMD
run: $(STAMP)
ifeq ($(strip $(CMD)),)
	@$(BIN)/python -m engine examples
else
	@$(BIN)/python -m engine run "$$CMD" $(ARGS)
endif

test: $(STAMP)
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

# property tests only, with random seeds (make test draws the same examples every run)
FUZZ_ROUNDS ?= 5
fuzz: $(STAMP)
	@for round in $$(seq $(FUZZ_ROUNDS)); do \
		$(BIN)/python -m pytest -m hypothesis --hypothesis-profile=fuzz $(PYTEST_ARGS) || exit 1; \
	done

lint: $(STAMP)
	@$(BIN)/ruff check .

bench: $(STAMP)
	@$(BIN)/python -m bench $(BENCH_ARGS)

clean-venv:
	rm -rf $(VENV)
