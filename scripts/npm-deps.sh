#!/usr/bin/env bash
# Installs the npm packages exactly as package-lock.json pins them. `npm ci` first; npm 11 refuses it when
# the lock file lacks other platforms' optional packages (which it writes that way with some registries),
# and then `npm install`, which installs the same locked versions and leaves the lock file as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error 2>/dev/null || npm install --no-audit --no-fund --loglevel=error
