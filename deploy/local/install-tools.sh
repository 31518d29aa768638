#!/usr/bin/env bash
# Installs with apt what deploy/local and the tests need and the machine lacks: Java 17+, Maven,
# Go, Chromium (the gateway's browser tests); fetches axe-core with npm.
# Without root, says in one line what to install instead.
set -euo pipefail
missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
# The gateway's browser tests: Debian's Chromium (never `playwright install`) and axe-core.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
"$(dirname "${BASH_SOURCE[0]}")/fetch-axe-core.sh"
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "tools: missing ${missing[*]}: install Java 17+, Maven 3.8+ and Go 1.22+ (Debian: apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "tools: installing ${missing[*]} with apt"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
