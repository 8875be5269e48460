#!/usr/bin/env bash
# The architecture, checked: no import cycles, desk areas used through their index.ts,
# buildApp free of Node-only modules (.dependency-cruiser*.cjs), and no source file over
# 300 lines. Prints one line per check and exits non-zero when any fails.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=0

if npx depcruise --config .dependency-cruiser.cjs --output-type err src workers >/tmp/niangjia-depcruise.txt 2>&1; then
  echo "structure: no import cycles; areas used through their index.ts"
else
  cat /tmp/niangjia-depcruise.txt; failed=$((failed + 1))
fi
if npx depcruise --config .dependency-cruiser.edge.cjs --output-type err src >/tmp/niangjia-depcruise.txt 2>&1; then
  echo "structure: buildApp and the edge entry reach no Node-only module"
else
  cat /tmp/niangjia-depcruise.txt; failed=$((failed + 1))
fi
long=$(git ls-files 'src/*.ts' 'src/**/*.ts' 'workers/*.ts' | grep -v '^src/generated/' | xargs wc -l | awk '$2 != "total" && $1 > 300 { print "  " $2 ": " $1 " lines" }')
if [ -z "$long" ]; then
  echo "structure: no file in src/ or workers/ over 300 lines"
else
  echo "Files over 300 lines (split them by what they hold):"; echo "$long"; failed=$((failed + 1))
fi
exit $failed
