#!/usr/bin/env bash
# The browser tests inject axe-core (npm `axe-core`) into each page they check. Fetched once with
# `npm pack` into the cache (nothing vendored, no CDN at test time); prints nothing when present.
set -euo pipefail
VERSION=4.14.1
CACHE="${MMC_CACHE_DIR:-$HOME/.cache/mmc-platform}/axe-core-$VERSION"
[ -f "$CACHE/axe.min.js" ] && exit 0
command -v npm >/dev/null 2>&1 || { echo "tools: npm is needed to fetch axe-core $VERSION (Debian: apt-get install npm)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$VERSION" >/dev/null && tar xzf "axe-core-$VERSION.tgz")
mkdir -p "$CACHE"
cp "$work/package/axe.min.js" "$work/package/LICENSE" "$CACHE/"
echo "tools: axe-core $VERSION in $CACHE"
