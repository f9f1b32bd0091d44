# Two commands set everything up: `make site` and `make test`. Each creates .venv when needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Reinstall only when pyproject.toml's content changes (not its mtime), so a copy of the
# repository with this .venv symlinked in builds without reinstalling anything.
DEPS_HASH := $(shell cat pyproject.toml | sha256sum | cut -c1-16)

.PHONY: site serve generate test golden lint bench bench-quick bench-hostile bench-against eval eval-conll clean venv measure-reload

venv:
	@if [ "$$(cat $(STAMP) 2>/dev/null)" != "$(DEPS_HASH)" ]; then \
		echo "Setting up $(VENV) ..."; \
		test -x $(PY) || $(PYTHON) -m venv $(VENV); \
		$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]' && \
		echo "$(DEPS_HASH)" > $(STAMP); \
	fi

site: venv
	$(PY) -m generator build --strict

serve: venv
	$(PY) -m generator serve --dev-addr 127.0.0.1:8000

# Time from a seed edit / new seed / removed seed to the open page in Chromium showing it.
measure-reload: venv
	$(PY) tools/measure_reload.py

generate: venv
	$(PY) -m generator generate

test: venv
	$(PY) -m pytest -q

# Rewrite tests/golden/ (the real seed's briefing page and briefing.json entry) after an intended change.
golden: venv
	$(PY) tools/regen_golden.py

# End to end at 1,000 and 10,000 articles: `make site` cold and after a one-seed edit (generate, pages,
# search), the fast build against plain mkdocs build, peak memory, the live preview's wait, the search
# download per query, Hugo on the same Markdown; then the generator's own stages at 100 to 10,000
# (bench/run.py), this generator against the one before issue 15 (bench/against.py, also with the
# detection speed-up 940ad8a on both sides) and the hostile seeds. About 50 minutes here.
bench: venv
	$(PY) bench/site.py --sizes 1000,10000 --rounds 2 --reload
	$(PY) bench/run.py --sizes 100,1000,10000 --no-mkdocs
	$(PY) bench/against.py --size 10000 --rounds 3
	$(PY) bench/against.py --size 10000 --rounds 3 --with 940ad8a
	$(PY) bench/hostile.py

# The quick variant, about a minute: `make site` at 1,000 articles, cold and after a one-seed edit.
bench-quick: venv
	$(PY) bench/site.py --sizes 1000 --rounds 1 --no-plain

# Hostile and oversized seeds (issue 13): time, peak memory and docs/ size per case, against the budgets. ~3 min.
bench-hostile: venv
	$(PY) bench/hostile.py

# The generator against the commit before issue 15 (4aa8f5c), both at once on the same seeds, CPU
# seconds per round; with COUNT=1 also instructions counted by callgrind (about 35 minutes more);
# WITH=940ad8a applies that commit (a speed-up of entity detection, code both have) to 4aa8f5c too,
# so that what is left is the cost of issue 15's own work.
bench-against: venv
	$(PY) bench/against.py --size 10000 --rounds 3 $(if $(WITH),--with $(WITH)) $(if $(COUNT),--callgrind)

lint: venv
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# Entity precision and recall on ../shared/corpus plus the seed, against gold.yaml (fails below 0.95).
eval: venv
	$(PY) tools/eval_entities.py

# Entity detection against CoNLL-2003 gold: make eval-conll CONLL=/path/to/eng.testa [CONLL_ARGS="--per-doc --errors 30"]
# (the data stays outside the repository; never eng.testb, the held-out split; see README, Entities).
eval-conll: venv
	@if [ -z "$(CONLL)" ]; then \
		echo "make eval-conll needs CONLL=path/to/eng.testa (a CoNLL-2003 file; see README, Entities)" >&2; exit 2; \
	fi
	$(PY) tools/eval_conll.py $(CONLL) $(CONLL_ARGS)

clean:
	rm -rf site
