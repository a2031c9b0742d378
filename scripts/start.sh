#!/usr/bin/env bash
# `npm start`: installs what is missing (redis-server, npm packages, the web build) and runs the console.
set -euo pipefail
cd "$(dirname "$0")/.."

node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || {
	echo "问政台 needs Node.js 20.19 or newer (found $(node --version)): install a newer Node.js" >&2
	exit 1
}
bash scripts/system-deps.sh redis-server

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "Installing npm packages…"
	bash scripts/npm-deps.sh
fi

# Rebuild the web app when any of its sources is newer than the build.
if [ ! -f build/handler.js ] || [ -n "$(find web shared svelte.config.js vite.config.ts package-lock.json -newer build/handler.js -print -quit)" ]; then
	echo "Building the web app…"
	npm run --silent build >/dev/null
fi

exec node --import tsx realtime/main.ts
