# The README's two commands are `make run` and `make test`; each sets up everything it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ARGS ?=

.PHONY: run demo test test-faketime lint typecheck i18n bench sysdeps clean installer test-installer

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
	@# import-linter reads a package from its folder: give it hattama/ with db/ inside, as installed (links).
	rm -rf build/import-graph && mkdir -p build/import-graph/hattama
	ln -s $(CURDIR)/desktop/* build/import-graph/hattama/ && ln -s $(CURDIR)/db build/import-graph/hattama/db
	PYTHONPATH=build/import-graph $(BIN)/lint-imports

# mypy over the same view (strict for the layers below the UI, the default checks above: pyproject's [tool.mypy]);
# its cache lives beside the view, which `make lint` makes anew each time.
typecheck: lint
	cd build/import-graph && $(abspath $(BIN))/mypy --config-file $(CURDIR)/pyproject.toml -p hattama \
	    --cache-dir $(CURDIR)/build/mypy-cache

test: sysdeps $(STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The suite again with the system clock moved (libfaketime) to each of FAKE_DATES: no test and no result may depend
# on the real date (the officer's date comes from desktop/clock.py, which the tests pin). The wall clock is moved by
# a relative offset, so it keeps running (a frozen clock stalls every timeout) and every process the tests start —
# the CLI, openssl, pdfsig — reads the same time (with a start-at time each child restarts the clock). The
# monotonic clock, which carries no date, stays real: faked, it hangs Python's timed waits; tests/faketime/
# sitecustomize.py, loaded by every Python process here, works around what libfaketime 0.9.10 then gets wrong
# in `time.sleep` (see there). No bytecode or pytest cache is written with shifted times.
FAKE_DATES ?= 2027-01-02T10:00:00 2030-06-15T10:00:00
test-faketime: sysdeps $(STAMP)
	@for moment in $(FAKE_DATES); do \
	    offset=$$(( $$(date -d "$$moment" +%s) - $$(date +%s) )); \
	    case $$offset in -*) ;; *) offset="+$$offset" ;; esac; \
	    echo "test-faketime: the system clock at $$moment ($$offset s)"; \
	    PYTHONPATH=$(CURDIR)/tests/faketime PYTHONDONTWRITEBYTECODE=1 QT_QPA_PLATFORM=offscreen \
	        faketime -m --exclude-monotonic -f "$$offset" \
	        $(BIN)/python -m pytest -q -p no:cacheprovider --timeout-method=thread $(PYTEST_ARGS) || exit 1; \
	done

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
