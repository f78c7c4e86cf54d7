# Two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run edit test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/workbench edit samples/chinalco-demo.mt.txt --source samples/chinalco-demo.zh.txt --glossary glossaries/

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Open any article: make edit FILE=path/to/article.txt [ARGS="--source FILE ..."]
edit: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make edit FILE=path/to/article [ARGS=...]" >&2; exit 2; }
	$(BIN)/workbench edit "$(FILE)" $(ARGS)

# The suite runs on TEST_WORKERS processes (pytest-xdist; 3 on 2 cores: many tests wait on
# pauses and subprocesses; the PostgreSQL tests share one
# worker and one server); TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= 3

test: lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup
	@if command -v tmux >/dev/null 2>&1; then $(BIN)/python tests/tmux_smoke.py; \
	else echo "tmux smoke: tmux is not installed here, skipped"; fi

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/harness.py
	$(BIN)/python bench/apply.py $(BENCH_ARGS)
	$(BIN)/python bench/apply_vocabulary.py $(BENCH_ARGS)
	$(BIN)/python bench/offers.py
	$(BIN)/python bench/book.py
	$(BIN)/python bench/qa.py $(BENCH_ARGS)
	$(BIN)/python bench/qa_languages.py $(BENCH_ARGS)
	$(BIN)/python bench/score.py $(BENCH_ARGS)
	$(BIN)/python bench/bounds.py $(BENCH_ARGS)
	$(BIN)/python bench/bounds.py --skip-article --one-line-texts random,vocabulary \
		--commands 'qa,apply --near' $(BENCH_ARGS)
	$(BIN)/python bench/tui.py
	$(BIN)/python bench/memory.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
