#!/usr/bin/env bash
# npm start: bring up a complete desk on this machine, from a fresh clone.
# npm run start:web / start:worker: one role of a scaled-out desk (passed on as "$1").
# Installs what is missing (Node packages; redis-server on Debian/Ubuntu when run as
# root and REDIS_URL is unset), then starts the desk: it migrates the SQLite database,
# seeds the demo union and starts its own redis-server unless REDIS_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Niangjia needs Node.js 20.19 or newer (this is $(node --version))." >&2
  exit 1
fi

# A .env file, when present, fills in what the environment does not already say.
if [ -f .env ]; then set -a; . ./.env; set +a; fi

if [ -z "${REDIS_URL:-}" ] && [ -n "${1:-}" ]; then
  echo "The $1 role shares one Redis with the other processes: set REDIS_URL (e.g. redis://127.0.0.1:6379)." >&2
  exit 78
fi
if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing redis-server (Debian package)…"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "Niangjia needs redis-server, or REDIS_URL pointing at a Redis you run." >&2
    echo "  Debian/Ubuntu: sudo apt-get install -y redis-server" >&2
    echo "  macOS:         brew install redis" >&2
    exit 69
  fi
fi

# Native modules (better-sqlite3) build against Debian's Node headers instead of downloading them.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
[ -f src/generated/prisma/client.ts ] || npx prisma generate >/dev/null

export CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
exec node --import tsx src/main.ts "$@"
