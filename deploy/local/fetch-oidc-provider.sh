#!/usr/bin/env bash
# The gateway's OpenID Connect sign-in is tested against a real provider run locally: the npm
# package `oidc-provider`, pinned by tests/oidc/package-lock.json and installed with `npm ci`
# into tests/oidc/node_modules (not committed); prints nothing when already installed.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../tests/oidc" && pwd)"
STAMP="$DIR/node_modules/.package-lock.json"
[ -f "$STAMP" ] && [ "$STAMP" -nt "$DIR/package-lock.json" ] && exit 0
command -v npm >/dev/null 2>&1 || { echo "tools: npm is needed to install oidc-provider (Debian: apt-get install npm)" >&2; exit 1; }
(cd "$DIR" && npm ci --silent --no-audit --no-fund >/dev/null)
echo "tools: oidc-provider installed in $DIR/node_modules"
