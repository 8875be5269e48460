#!/usr/bin/env bash
# npm test: type-check, check the structure (import cycles, area surfaces, buildApp free of
# Node-only modules, file sizes), then run every test twice against real services: once on
# SQLite (the embedded default) and once on PostgreSQL (TEST_POSTGRES_URL, by default the
# server on 127.0.0.1:5432, user postgres). Each test file gets its own database, cloned
# from one migrated per pass, and its own redis-server. TEST_DATABASES="sqlite" runs one pass.
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
[ -f src/generated/prisma/client.ts ] && [ -f src/generated/prisma-postgresql/client.ts ] || npm run --silent db:generate >/dev/null
export CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
databases="${TEST_DATABASES:-sqlite postgresql}"

echo "Type-checking…"
npx tsc -p . --noEmit || { echo "0 passed, 1 failed"; exit 1; }

echo "Checking the structure…"
bash scripts/check-structure.sh
structure_failed=$?
passed=$((3 - structure_failed))
failed=$structure_failed
skipped=0
times=""
rc=0
[ "$structure_failed" -eq 0 ] || rc=1

for db in $databases; do
  report=".vitest-report-$db.json"
  rm -f "$report"
  echo
  echo "━━ The suite on $db ━━"
  if [ "$db" = postgresql ] && ! node -e '
      const pg = require("pg"); const c = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
      c.connect().then(() => c.end(), (e) => { console.error(e.message); process.exit(1) })'; then
    echo "PostgreSQL is not reachable at $TEST_POSTGRES_URL: start it (.ci/run does), set TEST_POSTGRES_URL, or run TEST_DATABASES=sqlite npm test." >&2
    failed=$((failed + 1)); rc=1
    continue
  fi
  started=$(date +%s)
  TEST_DATABASE=$db npx vitest run --reporter=default --reporter=json --outputFile="$report" "$@" || rc=1
  times="$times $db $(( $(date +%s) - started )) s;"
  if [ -f "$report" ]; then
    read -r p f s < <(node -e 'const r=require("./'"$report"'");console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests)')
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  else
    failed=$((failed + 1)); rc=1
  fi
done

# The failures again, at the end, where a truncated log still shows them.
for db in $databases; do
  report=".vitest-report-$db.json"
  [ -f "$report" ] && node -e '
    const r = require("./'"$report"'");
    for (const file of r.testResults) for (const t of file.assertionResults)
      if (t.status === "failed") console.log(`FAILED on '"$db"': ${file.name.replace(process.cwd() + "/", "")} > ${t.fullName}\n  ${(t.failureMessages[0] ?? "").split("\n")[0].slice(0, 300)}`);
    for (const file of r.testResults) if (file.status === "failed" && file.assertionResults.length === 0)
      console.log(`FAILED on '"$db"': ${file.name.replace(process.cwd() + "/", "")}\n  ${(file.message ?? "").split("\n")[0].slice(0, 300)}`);'
done

echo
echo "Suite time:${times%;}"
if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
[ "$failed" -eq 0 ] || rc=1
exit $rc
