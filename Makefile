# The README's commands. `make run` and `make test` work on a fresh machine.
PYTHON_VERSION := $(shell cat .python-version)
PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/$(PYTHON_VERSION)/bin/python) $(shell command -v python3.12 python3.13 2>/dev/null) python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
APT_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 gettext
BROWSER_PACKAGES := chromium

.PHONY: run test bench lint system-packages browser-packages venv migrate messages worker clean

$(VENV)/.installed-runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed-runtime
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed-runtime

# Debian packages WeasyPrint needs for Chinese PDFs (and msgfmt). Skipped when present.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "请先安装系统软件包：sudo apt-get install$$missing"; exit 1; fi; fi

browser-packages:
	@dpkg -s chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; } || echo "chromium 未安装：浏览器测试将跳过（apt-get install chromium）"

messages: $(VENV)/.installed-runtime
	$(PY) manage.py compilemessages --ignore=.venv -v 0

migrate: venv system-packages messages
	$(PY) manage.py migrate --no-input -v 0

run: migrate
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py print_demo_logins
	deploy/keep-running.sh 5 $(PY) manage.py run_worker & echo $$! > var/worker.pid; \
	trap 'kill $$(cat var/worker.pid) 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed-dev system-packages messages
	@if [ -x /usr/bin/chromium ]; then echo "浏览器测试：使用 /usr/bin/chromium"; \
	else echo "浏览器测试：未找到 /usr/bin/chromium，跳过 tests/e2e（apt-get install chromium 后即可运行）"; fi
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev system-packages
	$(PY) bench/household_list.py
	$(PY) bench/ledgers.py
	$(PY) bench/archives.py
	$(PY) bench/import_roster.py --scale small
	$(PY) bench/db_fast_paths.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) staticfiles
