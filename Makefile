# Two commands for a fresh machine with Python 3.11+, pip and make:
#   make demo   create .venv, install, check the bundled examples, write reports
#   make test   the whole suite: Rego unit tests, pytest, ruff
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# The demo needs only the runtime package; the tests add their extras and real OPA.
DEMO_STAMP := $(VENV)/.installed-demo
TEST_STAMP := $(VENV)/.installed-test
# The examples carry evidence dated November 2026; a fixed evaluation time keeps
# the demo's verdicts (and its reports) the same whenever it runs.
AS_OF := 2026-11-26T00:00:00Z
REPORTS := reports

.PHONY: demo test docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(DEMO_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

# Real OPA (v1.x Go evaluator) for the OPA differential tests: its metadata asks for
# Python 3.14, but it is a ctypes wrapper that runs on 3.11.
$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[test]'
	$(PIP) --ignore-requires-python --no-deps opa-golib-python-bindings==0.4.4
	@touch $@ $(DEMO_STAMP)

# examples/verified/ holds evidence the real tools wrote on 2026-12-03
# (examples/verified/README.md): it is checked at its own fixed time, with --verify.
VERIFIED_AS_OF := 2026-12-07T00:00:00Z

# The declared examples are named file by file: a search of examples/ would also find
# examples/verified/, whose evidence postdates AS_OF.
demo: $(DEMO_STAMP)
	@mkdir -p $(REPORTS)
	@echo "== ftcomply check examples/*.yaml (the failing example is meant to fail)"
	@$(BIN)/ftcomply check examples/*.yaml --as-of $(AS_OF) --no-color --no-config \
		--report json=$(REPORTS)/examples.json --report sarif=$(REPORTS)/examples.sarif \
		--report junit=$(REPORTS)/examples.junit.xml --report markdown=$(REPORTS)/examples.md \
		--report html=$(REPORTS)/examples.html --report oscal=$(REPORTS)/examples.oscal.json; \
	rc=$$?; echo "== exit code $$rc (0 pass, 1 failing controls, 2 not evaluated)"; \
	test $$rc -le 1
	@echo "== ftcomply check examples/verified/ --verify (artifacts, signatures and tool reports checked; must pass)"
	@$(BIN)/ftcomply check examples/verified/ --verify --as-of $(VERIFIED_AS_OF) --no-color \
		--no-config --report json=$(REPORTS)/verified.json \
		--report sarif=$(REPORTS)/verified.sarif --report junit=$(REPORTS)/verified.junit.xml \
		--report markdown=$(REPORTS)/verified.md --report html=$(REPORTS)/verified.html \
		--report oscal=$(REPORTS)/verified.oscal.json; \
	rc=$$?; echo "== exit code $$rc (must be 0)"; \
	test $$rc -eq 0
	@echo "== reports written to $(REPORTS)/"
	@echo "== to run ftcomply yourself: . $(BIN)/activate   (then: ftcomply --help)"

test: $(TEST_STAMP)
	$(BIN)/ftcomply test
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) $(REPORTS) build dist

# docs/controls.md is generated from the policies' metadata (a test keeps it current).
docs: $(DEMO_STAMP)
	$(BIN)/ftcomply controls --format markdown > docs/controls.md
