# praktijkbot: `make run` starts everything, `make test` tests everything.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
RASA  := $(VENV)/bin/rasa
MODEL := models/praktijkbot.tar.gz
# The portal's own environment: a current aiohttp, no Rasa (requirements-portal.txt).
PORTAL := .venv-portal/.installed
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false

TRAINING_INPUTS := domain.yml config.yml $(wildcard bot/data/*/*.yml) bot/data/nlu/knowledge.yml

.PHONY: run run-prod shell test test-fast test-postgres install chromium services axe nlds-vendor train gaps kb-check validate eval bench fuzz lint format clean

$(VENV)/.installed: requirements.txt constraints.txt pyproject.toml
	@PYBIN=$$(scripts/find_python.sh) || exit 1; \
	  echo "Python 3.10: $$PYBIN"; \
	  [ -x $(PY) ] || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip wheel
	$(PY) -m pip install --quiet -c constraints.txt -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

$(PORTAL): requirements-portal.txt
	@PYBIN=$$(scripts/find_python.sh) || exit 1; \
	  [ -x .venv-portal/bin/python ] || $$PYBIN -m venv .venv-portal
	.venv-portal/bin/python -m pip install --quiet --upgrade pip
	.venv-portal/bin/python -m pip install --quiet -r requirements-portal.txt
	@touch $@

install: $(VENV)/.installed $(PORTAL)

bot/data/nlu/knowledge.yml: $(wildcard knowledge/entries/*.yml) $(wildcard knowledge/out_of_scope.yml) tools/build_nlu.py $(VENV)/.installed
	$(PY) -m tools.build_nlu

# Retrain only when the model is older than its training data.
$(MODEL): $(TRAINING_INPUTS) $(VENV)/.installed
	$(RASA) train --data bot/data --fixed-model-name praktijkbot --out models

train: $(MODEL)

gaps: $(VENV)/.installed
	$(PY) -m bot.knowledge.gaps

kb-check: $(VENV)/.installed
	$(PY) -m tools.knowledge_check

validate: $(MODEL)
	$(RASA) data validate --data bot/data --fail-on-warnings

run: $(MODEL) $(PORTAL)
	ADMIN_PASSWORD="$(ADMIN_PASSWORD)" $(PY) -m bot.run

# The production shape on this machine: two Rasa instances and two action servers behind
# nginx, PostgreSQL and Redis (PRAKTIJKBOT_DB_URL, TRACKER_DB_URL, REDIS_URL, or started in
# var/prod/), two schedulers.
run-prod: services $(MODEL) $(PORTAL)
	ADMIN_PASSWORD="$(ADMIN_PASSWORD)" $(PY) -m bot.launch.run_prod

shell: $(MODEL) $(PORTAL)
	$(PY) -m bot.run --shell

# The browser tests need Debian's chromium: installed when missing and root, else one line
# saying what to install, before anything else runs.
chromium:
	@scripts/need_chromium.sh

# The production-shape tests start Debian's PostgreSQL, Redis and nginx themselves
# (bot/launch/services.py, bot/launch/prod.py):
# installed when missing and root, else one line saying what to install.
services:
	@scripts/need_services.sh

# axe-core (pinned, checked) for the accessibility check in the browser tests: var/axe/.
axe:
	@scripts/need_axe.sh

# The NL Design System's component CSS the portal pages use, kept in the repository
# (bot/portal/static/vendor/): refreshed from npm at the version pinned in the script.
nlds-vendor:
	@scripts/vendor_nlds.sh

test: chromium services axe $(MODEL) $(PORTAL)
	$(VENV)/bin/ruff check bot tests tools
	$(PY) -m tools.knowledge_check
	$(RASA) data validate --data bot/data --fail-on-warnings
	$(RASA) test core --stories tests/stories --model $(MODEL) --fail-on-prediction-errors --out var/test-results --no-plot
	$(PY) -m pytest -q

test-fast: services $(VENV)/.installed $(PORTAL)
	$(PY) -m pytest -q -m "not server"

# The in-process tests that use the project database, once more on PostgreSQL (each test its
# own database; tests/services.py starts the server).
PG_TESTS := tests/unit/store tests/unit/candidates tests/unit/escalations tests/unit/portal \
	tests/unit/actions tests/unit/channels
test-postgres: services $(VENV)/.installed $(PORTAL)
	TEST_DATABASE=postgresql $(PY) -m pytest -q -m "not server" $(PG_TESTS)

eval: $(MODEL) $(PORTAL)
	$(PY) -m tools.eval_consultant
	$(PY) -m tools.evaluate --bot --response-selector
	$(PY) -m tools.eval_intents

# Both shapes in one run (SQLite; PostgreSQL+Redis+nginx with 1 and 2 Rasa instances), the
# kill test, storage and retention, then the schedulers (SQLite; 1 and 2 copies on PostgreSQL).
# `make bench BENCH=--quick`: a smoke run on tiny sizes. `BENCH=--train` also times training.
bench: $(MODEL) $(PORTAL) services
	$(PY) -m tools.bench $(BENCH)
	$(PY) -m tools.bench_dispatch $(BENCH)

fuzz: $(MODEL) $(PORTAL)
	$(PY) -m tools.fuzz -n 10000

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check bot tests tools
	$(VENV)/bin/ruff format --check bot tests tools

format: $(VENV)/.installed
	$(VENV)/bin/ruff format bot tests tools
	$(VENV)/bin/ruff check --fix bot tests tools

clean:
	rm -rf models var/test-results .pytest_cache
