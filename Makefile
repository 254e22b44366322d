# CXM: `make run` sets everything up and serves the demo; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format messages screenshots bench clean lock

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $@

install: $(VENV)/.installed

# Links and QR codes carry the address served on (SITE_URL unless set); HOST=0.0.0.0 serves
# the local network, e.g. make run HOST=0.0.0.0 PORT=8301.
run: install
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py rundemo $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# One process per core; a process that runs out of tests takes some from another
# (worksteal: the long browser tests no longer leave one core idle at the end).
# make test XDIST= runs in one process, e.g. to read a failure's output in order.
XDIST ?= -n auto --dist worksteal

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

# The speed ratios (README "Benchmark"); e.g. make bench BENCH_ARGS="--responses 300000".
bench: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bench $(BENCH_ARGS)

screenshots: install
	UPDATE_SCREENSHOTS=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest tests/e2e

messages: install
	$(PY) manage.py makemessages -l pl -l ru -l ro --ignore=.venv --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

# requirements.lock, what the image installs with --require-hashes: the production
# dependencies of pyproject.toml (its ranges stay there) and its build backend, pinned with
# their hashes for the image's Python on Linux. Run it after changing a dependency.
lock: install
	$(PY) -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['build-system']['requires'], sep='\n')" \
		| $(VENV)/bin/uv pip compile pyproject.toml - --generate-hashes --python-version 3.11 \
		--python-platform linux --custom-compile-command "make lock" --quiet -o requirements.lock

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
