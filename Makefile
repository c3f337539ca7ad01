# China's Rustbelt — the verbs. `make book` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha256sum | cut -c1-12)
VENDOR := _vendor/VERSIONS.json
AXE := node_modules/axe-core/axe.min.js
HTML := _build/html
JOBS ?= 2

WHEEL := _build/wheel/rustbelt-$(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)-py3-none-any.whl

.PHONY: wheel book book-student pdf pdf-student dist dist-student test unit lint serve lab bench clean venv vendor check-npm check-chromium check-poppler

book: $(STAMP) $(VENDOR) $(WHEEL)  ## build the web book into _build/html (English) and _build/html/zh (中文), executing every chapter (and the package's wheel)
	$(BIN)/python -m rustbelt.book.cache_guard
	RUSTBELT_CHART_OUTPUT=book RUSTBELT_LIVE_WIDGETS=off $(BIN)/jupyter-book build -W -n --keep-going .
	$(BIN)/python -m rustbelt.book.build --lang zh
	@echo "Built: $(HTML)/index.html and $(HTML)/zh/index.html  (read them with: make serve)"

wheel: $(WHEEL)  ## the book's package with its datasets, installable anywhere: _build/wheel/rustbelt-<version>-py3-none-any.whl
$(WHEEL): $(STAMP) pyproject.toml $(shell find rustbelt -name '*.py' -o -name '*.j2') $(wildcard data/*)
	rm -rf _build/wheel build rustbelt.egg-info
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir _build/wheel . 2>&1 | grep -v "^WARNING: Location" || true
	rm -rf build
	@test -f $@ || { echo "the wheel was not built: $@"; exit 1; }

book-student: $(STAMP) $(VENDOR) $(WHEEL)  ## the student edition (no solutions anywhere) into _build/student/html (English) and _build/student/html/zh (中文)
	$(BIN)/python -m rustbelt.book.build --edition student
	$(BIN)/python -m rustbelt.book.build --edition student --lang zh

pdf: $(STAMP) $(VENDOR) check-chromium  ## the whole book as a PDF: _build/pdf/chinas-rustbelt.pdf and chinas-rustbelt-zh.pdf (中文)
	$(BIN)/python -m rustbelt.book.pdf --edition full
	$(BIN)/python -m rustbelt.book.pdf --edition full --lang zh

pdf-student: $(STAMP) $(VENDOR) check-chromium  ## the student edition as a PDF: _build/pdf/chinas-rustbelt-student.pdf and chinas-rustbelt-student-zh.pdf
	$(BIN)/python -m rustbelt.book.pdf --edition student
	$(BIN)/python -m rustbelt.book.pdf --edition student --lang zh

dist: book pdf  ## offline edition (site, PDF, notebooks, data) in one zip: _build/dist/chinas-rustbelt-offline.zip
	$(BIN)/python -m rustbelt.book.dist --edition full --wheelhouse

dist-student: book-student pdf-student  ## the same for students: _build/dist/chinas-rustbelt-student-offline.zip
	$(BIN)/python -m rustbelt.book.dist --edition student

test: lint book check-chromium check-poppler $(AXE)  ## lint, the strict build above, then every test (unit, papermill, HTML, browser, editions)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup --durations=25 tests

UNIT := not book and not browser and not papermill
unit: $(STAMP)  ## the fast loop: tests that need no built book, no browser and no notebook execution
	$(BIN)/python -m pytest -n $(JOBS) -m "$(UNIT)" tests

lint: $(STAMP)  ## ruff over the package, the tests and the scripts
	$(BIN)/ruff check .

venv: $(STAMP)
$(STAMP):
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11 is required"' || \
	  { echo "Python 3.11 is required (found $$($(PYTHON) --version)). Install python3.11."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	rm -f $(VENV)/.installed-* && touch $@

vendor: $(VENDOR)
$(VENDOR): package.json package-lock.json rustbelt/book/vendor.py js/vega-book.mjs | check-npm $(STAMP)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(BIN)/python -m rustbelt.book.vendor

# axe-core (accessibility checks in the browser tests) is an npm devDependency
$(AXE): package.json package-lock.json | check-npm
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

check-npm:
	@command -v npm > /dev/null || { echo "make book needs npm (Node.js) to fetch vega, vega-lite, vega-embed and MathJax from the npm registry."; \
	  echo "Install it with:  sudo apt-get install -y nodejs npm   (or from https://nodejs.org)"; exit 1; }

check-chromium:
	@test -x /usr/bin/chromium || { echo "The browser tests drive Debian's Chromium at /usr/bin/chromium."; \
	  echo "Install it with:  sudo apt-get install -y chromium   (never 'playwright install')"; exit 1; }

check-poppler:
	@command -v pdftotext > /dev/null || { echo "The PDF tests read the printed book with pdftotext (poppler)."; \
	  echo "Install it with:  sudo apt-get install -y poppler-utils"; exit 1; }

serve: ## read the built book at http://127.0.0.1:8000
	$(BIN)/python -m http.server --bind 127.0.0.1 8000 --directory $(HTML)

lab: $(STAMP) ## open the chapters in JupyterLab (right-click a chapter .md > Open With > Notebook), prose rendered by jupyterlab-myst
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.contents_manager_class=rustbelt.book.lab_server.ContentsManager \
	  --LabApp.app_settings_dir=rustbelt/book/lab_settings chapters/

bench: book check-chromium ## performance figures: build times, papermill grid, page weight, browser (charts, controls, bytes)
	$(BIN)/python -m rustbelt.book.bench

clean:
	rm -rf _build _generated _vendor reports
