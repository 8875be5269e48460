#!/usr/bin/env bash
# npm test: type-check, check the structure (import cycles, area surfaces, buildApp free of
# Node-only modules, file sizes), then run every test against real redis-server processes
# and real SQLite databases that the test setup starts and removes.
# Ends with "N passed, N failed" (the structure checks count as tests).
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  echo "The tests start their own redis-server, and it is not installed." >&2
  echo "  Debian/Ubuntu: sudo apt-get install -y redis-server" >&2
  exit 69
fi
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
[ -d node_modules ] || npm install --no-audit --no-fund
[ -f src/generated/prisma/client.ts ] || npx prisma generate >/dev/null
export CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1

echo "Type-checking…"
npx tsc -p . --noEmit || { echo "0 passed, 1 failed"; exit 1; }

echo "Checking the structure…"
bash scripts/check-structure.sh
structure_failed=$?
structure_passed=$((3 - structure_failed))

rm -f .vitest-report.json
npx vitest run --reporter=default --reporter=json --outputFile=.vitest-report.json "$@"
rc=$?
[ "$structure_failed" -eq 0 ] || rc=1
if [ -f .vitest-report.json ]; then
  STRUCTURE_PASSED=$structure_passed STRUCTURE_FAILED=$structure_failed node -e 'const r=require("./.vitest-report.json");const e=process.env;console.log(`${r.numPassedTests+Number(e.STRUCTURE_PASSED)} passed, ${r.numFailedTests+Number(e.STRUCTURE_FAILED)} failed`+(r.numPendingTests?`, ${r.numPendingTests} skipped`:""))'
else
  echo "0 passed, 1 failed"
  rc=1
fi
exit $rc
