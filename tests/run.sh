#!/usr/bin/env bash
# The whole test suite: lint, the VS Code extension's checks, then every Python test.
# Sets up its own virtual environment (.venv) on first run; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test,mcp,stats,org]'  # org: pyarrow, duckdb, ray (tests/org)

echo "== ruff"
.venv/bin/ruff check server tests bench
.venv/bin/ruff format --check server tests bench

echo "== import-linter (layers point one way: pyproject.toml [tool.importlinter])"
.venv/bin/lint-imports

if [ -f client-vscode/package.json ]; then
  echo "== client-vscode (type-check, lint, unit + protocol tests, .vsix, end-to-end)"
  AIDECAY_PYTHON="$PWD/.venv/bin/python" bash client-vscode/scripts/ci.sh
fi

echo "== pytest"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
