# The README's two commands are `make run` and `make test`; each sets up everything it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ARGS ?=

.PHONY: run demo test lint i18n bench sysdeps clean installer test-installer

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

sysdeps:
	@packaging/install-system-deps.sh

run: sysdeps $(STAMP)
	$(BIN)/hattama $(ARGS)

# A separate store, so demo data never mixes with the unit's real one; filled on the first run only.
DEMO_DB ?= $(VENV)/demo.sqlite3
demo: sysdeps $(STAMP)
	[ -f $(DEMO_DB) ] || $(BIN)/hattama --db $(DEMO_DB) demo
	$(BIN)/hattama --db $(DEMO_DB)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: sysdeps $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Extract the template, merge it into the kk and ru catalogs, compile them (the app itself reads the .po files).
i18n: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -F i18n/babel.cfg -k N_ -k ngettext:1,2 -k translate_in:2 \
	    --project=Hattama --copyright-holder=Hattama -o i18n/hattama.pot desktop db
	for lang in kk ru; do \
	    if [ -f i18n/$$lang/LC_MESSAGES/hattama.po ]; then \
	        $(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i i18n/hattama.pot -d i18n -D hattama -l $$lang; \
	    else \
	        $(BIN)/pybabel init -i i18n/hattama.pot -d i18n -D hattama -l $$lang; \
	    fi; \
	done
	$(BIN)/pybabel compile --statistics -d i18n -D hattama

# The Windows installer dist/Hattama-<version>-win64.exe, built here from registry packages (packaging/windows/).
installer:
	@packaging/install-installer-deps.sh
	$(PYTHON) packaging/windows/build_installer.py

# Installs it silently under Wine in a throwaway prefix and runs the installed Hattama headless (tests/packaging).
test-installer: installer $(STAMP)
	HATTAMA_INSTALLER=$$($(PYTHON) packaging/windows/build_installer.py --print-path) \
	    QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/packaging/test_windows_installer.py

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
