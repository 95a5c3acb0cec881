#!/usr/bin/env bash
# The lint gate: OCA's 18.0 checks from .pre-commit-config.yaml (ruff and ruff-format,
# pylint-odoo with OCA's mandatory set, oca-checks-odoo-module, oca-checks-po, prettier
# for XML, whitespace/XML sanity) on every file git tracks. Fails on any finding; the
# fixers (ruff --fix, ruff format, prettier --write, whitespace) leave their fixes in the
# work tree, to review and commit.
#   scripts/lint.sh                      the whole repository
#   scripts/lint.sh --files a.py b.xml   only these files (arguments go to pre-commit run)
#   scripts/lint.sh ruff                 only one hook (its id)
# Installs the pinned tools when they are missing or at another version:
# scripts/requirements-lint.txt into the Python that runs the tests (LINT_PYTHON overrides),
# package.json's prettier into node_modules/ (npm ci, from the npm registry).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

# The Python of the tests (the first one that imports Odoo 18, as find_odoo looks for it,
# without installing Odoo), else python3.
PY="${LINT_PYTHON:-}"
if [ -z "$PY" ]; then
    for candidate in ${ODOO_PYTHON:-} python3 "$VENV/bin/python"; do
        if _odoo_python_candidate "$candidate"; then
            PY="$candidate"
            break
        fi
    done
fi
PY="${PY:-python3}"

# Installs scripts/requirements-lint.txt unless every pin is already installed.
if ! "$PY" - scripts/requirements-lint.txt <<'PY' 2>/dev/null; then
import re, sys
from importlib.metadata import PackageNotFoundError, version
for line in open(sys.argv[1]):
    pin = re.match(r"\s*([A-Za-z0-9_.-]+)==([^\s#;]+)", line)
    if pin:
        try:
            installed = version(pin[1])
        except PackageNotFoundError:
            sys.exit(1)
        if installed != pin[2]:
            sys.exit(1)
PY
    log "installing the lint tools (scripts/requirements-lint.txt) into $PY"
    PIP_CONSTRAINT="" "$PY" -m pip install -q -r scripts/requirements-lint.txt >&2
fi
# The hooks are plain commands (language: system): the tools' scripts come first in PATH.
PATH="$("$PY" -c 'import os, sys; print(os.path.dirname(sys.executable))'):$PATH"
export PATH

if ! command -v npm >/dev/null 2>&1; then
    log "npm is missing: install Node.js 18+ with npm (prettier runs on it)."
    exit 1
fi
if ! npm ls --depth=0 >/dev/null 2>&1; then
    log "installing prettier and its XML plugin (package-lock.json) into node_modules/"
    npm ci --no-audit --no-fund --loglevel=error >&2
fi

start=$SECONDS
status=0
scope=(--all-files)
case " $* " in *" --files "*) scope=() ;; esac
"$PY" -m pre_commit run "${scope[@]}" --show-diff-on-failure --color=never "$@" || status=$?
if [ "$status" -eq 0 ]; then
    log "lint gate: no finding ($((SECONDS - start)) s)"
else
    log "lint gate: findings above ($((SECONDS - start)) s); fixers may have changed files:" \
        "review with git diff"
fi
exit "$status"
