#!/usr/bin/env bash
# npm test: type-check, then run every test against real redis-server processes and real
# SQLite databases that the test setup starts and removes. Ends with "N passed, N failed".
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

rm -f .vitest-report.json
npx vitest run --reporter=default --reporter=json --outputFile=.vitest-report.json "$@"
rc=$?
if [ -f .vitest-report.json ]; then
  node -e 'const r=require("./.vitest-report.json");console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`+(r.numPendingTests?`, ${r.numPendingTests} skipped`:""))'
else
  echo "0 passed, 1 failed"
  rc=1
fi
exit $rc
