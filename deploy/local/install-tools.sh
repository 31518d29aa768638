#!/usr/bin/env bash
# Installs with apt what deploy/local and the tests need and the machine lacks: Java 17+, Maven,
# Go, Chromium (the gateway's browser tests; axe-core is fetched with npm), and PostgreSQL's
# server when FerretDB stores its data there (MMC_FERRETDB_BACKEND=postgresql, the default of
# infra.sh). Without root, says in one line what to install instead.
set -euo pipefail
has_postgres() {
  [ -x "${MMC_POSTGRES_BIN:-/nonexistent}/pg_ctl" ] \
    || compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null \
    || command -v pg_ctl >/dev/null 2>&1
}
missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
# The gateway's browser tests: Debian's Chromium (never `playwright install`) and axe-core.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
"$(dirname "${BASH_SOURCE[0]}")/fetch-axe-core.sh"
if [ "${MMC_FERRETDB_BACKEND:-postgresql}" = postgresql ] && ! has_postgres; then
  missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "tools: missing ${missing[*]}: install Java 17+, Maven 3.8+, Go 1.22+ and PostgreSQL (Debian: apt-get install ${missing[*]}), or choose MMC_FERRETDB_BACKEND=sqlite to do without PostgreSQL" >&2
  exit 1
fi
echo "tools: installing ${missing[*]} with apt"
apt-get update -qq
# policy-rc.d exit 101: the package must not start the system's own cluster (port 5432); the
# project runs a private one under its state directory.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
