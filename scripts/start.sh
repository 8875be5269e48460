#!/usr/bin/env bash
# npm start: bring up a complete desk on this machine, from a fresh clone.
# npm run start:web / start:worker / start:bot: one role of a scaled-out desk (passed on as "$1").
# Installs what is missing (Node packages; redis-server on Debian/Ubuntu when run as
# root and REDIS_URL is unset), then starts the desk. The all-in-one desk migrates its
# database, seeds the demo union and starts its own redis-server unless REDIS_URL is set;
# the web, worker and bot roles need REDIS_URL and a database migrated by `npm run db:migrate`;
# the bot role (and the all-in-one desk, when it is set) runs the WeChat account WECHATY_PUPPET names.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Niangjia needs Node.js 20.19 or newer (this is $(node --version))." >&2
  exit 1
fi

# A .env file, when present, fills in what the environment does not already say.
if [ -f .env ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    [[ "$line" =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    name=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
    [ -n "${!name+x}" ] && continue
    value=${value%\"}; value=${value#\"}; value=${value%\'}; value=${value#\'}
    export "$name=$value"
  done < .env
fi

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
[ -f src/generated/prisma/client.ts ] && [ -f src/generated/prisma-postgresql/client.ts ] || npm run --silent db:generate >/dev/null

export CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
exec node --import tsx src/main.ts "$@"
