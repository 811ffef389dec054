#!/usr/bin/env bash
# CI for the VS Code client: install, type-check, lint, test, package; the end-to-end run
# too when code-server has been installed (npm run e2e:setup), else it says it skipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npm ci --no-audit --no-fund
npm run typecheck
npm run lint
npm test
npm run package
if [ "${AIDECAY_E2E:-auto}" != "0" ]; then
  # A real workbench driven through a browser: one retry, as Playwright suites do, for
  # timing under load; a failure that repeats fails CI.
  if ! npm run e2e; then
    echo "e2e: first attempt failed (artifacts in test-artifacts/e2e); retrying once"
    npm run e2e
  fi
fi
