#!/usr/bin/env bash
# `npm test`: type checks, Vitest (unit and integration, on a real Redis it starts), the build, and the
# Playwright browser tests in Debian's Chromium. Runs every suite even when one fails, then prints one
# line with the counts of all of them together.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=.test-output
rm -rf "$OUT" && mkdir -p "$OUT"

# fonts-noto-cjk: Chinese text in the PDFs of the meeting record (read back by the browser tests).
bash scripts/system-deps.sh redis-server chromium fonts-noto-cjk || exit 1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	bash scripts/npm-deps.sh || exit 1
fi

step() { # name, command…
	local name=$1; shift
	echo "── $name"
	if "$@"; then echo "pass" > "$OUT/$name.status"; else echo "fail" > "$OUT/$name.status"; fi
}

step typecheck npm run --silent check
step vitest npx vitest run --reporter=default --reporter=json --outputFile.json="$OUT/vitest.json"
step build npm run --silent build
if [ "$(cat "$OUT/build.status")" = pass ]; then
	step e2e npx playwright test
fi

node scripts/test-summary.mjs "$OUT"
