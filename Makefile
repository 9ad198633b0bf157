# The kit's commands. Each sets up .venv (Python venv with the kit and its dev tools) when needed.
#   make lab      start JupyterLab on lectures/ (students; the formgrader is there for instructors)
#   make test     run the whole test suite (what CI runs) on $(PYTHON), then again on the newest
#                 supported Python from pyenv ($(NEWEST), in .venv-$(NEWEST)) when the machine has it
#   make course   instructor: regenerate lectures/, execute solutions, autograde demo submissions
#                 (in grading/demo, a gradebook of their own); `edulab course --help` grades a class
#   make autograde ASSIGNMENT=01_dkt [SCHEDULER=tcp://host:8786] [DB=postgresql+psycopg://...] [WORKERS=n]
#                 instructor: autograde every collected submission in parallel on Dask (a local
#                 cluster, or the running one at SCHEDULER), the gradebook in SQLite or at DB
#   make bench    run the benchmark scripts and print their figures (hours on a first run;
#                 each resumes from benchmarks/results/; one script: make bench BENCH=benchmarks/x.py)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.edulab-installed
LAB_FLAGS ?=
# JupyterLab refuses to run as root unless told; containers and CI machines often are root.
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PYTEST_FLAGS ?=
# make test spreads the suite over two processes (pytest-xdist), one test module per process at a
# time so a module's shared fixtures (a graded course) are built once; PYTEST_WORKERS=0 runs serially.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadscope)
# The slowest tests are listed at the end of each run: where the time goes, for whoever trims it.
PYTEST_REPORT ?= --durations=15
# The newest Python the kit supports, tested next to $(PYTHON) (Colab's 3.12 has a rehearsal of
# its own in tests/test_colab.py). Found in pyenv; where it is missing the run says so and skips.
NEWEST ?= 3.13
NEWEST_VENV ?= .venv-$(NEWEST)
NEWEST_PYTHON ?= $(lastword $(sort $(wildcard $(shell pyenv root 2>/dev/null)/versions/$(NEWEST).*/bin/python3)))
# Every benchmark script; common.py is the helpers they import.
BENCH ?= $(filter-out %/common.py,$(wildcard benchmarks/*.py))

.PHONY: lab test test-newest lint system-packages course autograde bench install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/lectures $(ALLOW_ROOT) $(LAB_FLAGS)

# Debian packages the grading tests use: bubblewrap (the sandbox of student code) and PostgreSQL (a
# throw-away gradebook server). Installed when missing if we are root with apt-get, else named.
system-packages:
	@missing=""; \
	command -v bwrap >/dev/null || missing="$$missing bubblewrap"; \
	command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing$$missing (Debian packages the grading tests need)"; \
		apt-get update -qq && apt-get install -y -qq $$missing; \
	else \
		echo "make test needs the system packages$$missing: sudo apt-get install$$missing"; exit 1; \
	fi

# The linter and the formatter (ruff, configured in pyproject.toml): `ruff format` and
# `ruff check --fix` mend most of what they report.
lint: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/ruff format --check

test: $(STAMP) system-packages lint
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_REPORT) $(PYTEST_FLAGS)
	@$(MAKE) --no-print-directory test-newest

test-newest:
ifeq ($(NEWEST_PYTHON),)
	@echo "make test: SKIPPED the second run: no Python $(NEWEST) in pyenv here ('pyenv install $(NEWEST)' adds it); only $$($(BIN)/python -V) was tested"
else
	@$(MAKE) --no-print-directory VENV=$(NEWEST_VENV) PYTHON=$(NEWEST_PYTHON) install
	@echo "== the same suite on $$($(NEWEST_VENV)/bin/python -V) (the Colab rehearsal, the 30-student grading and the checks marked once, the untouched student versions among them, ran in the first run)"
	$(NEWEST_VENV)/bin/python -m pytest -m "not colab and not scale and not once" $(PYTEST_PARALLEL) $(PYTEST_REPORT) $(PYTEST_FLAGS)
endif

course: $(STAMP)
	$(BIN)/python -m edulab.course

# The one grading command of the README: `edulab course autograde` with the options given.
autograde: $(STAMP)
	$(if $(ASSIGNMENT),,$(error make autograde: name the assignment, e.g. make autograde ASSIGNMENT=01_dkt))
	$(BIN)/edulab course autograde $(ASSIGNMENT)$(if $(SCHEDULER), --scheduler $(SCHEDULER))$(if $(DB), --db $(DB))$(if $(WORKERS), --workers $(WORKERS))

bench: $(STAMP)
	@for script in $(BENCH); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf grading .pytest_cache
