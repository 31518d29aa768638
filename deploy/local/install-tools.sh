#!/usr/bin/env bash
# Installs with apt what deploy/local, deploy/tools and the tests need and the machine lacks:
# Java 17+, Maven, Go, Node.js with npm, Chromium (the gateway's browser tests; axe-core is then
# fetched with npm), and PostgreSQL's server when FerretDB stores its data there
# (MMC_FERRETDB_BACKEND=postgresql, the default of infra.sh). Without root, says in one line what
# to install instead.
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
# ... and the OpenID Connect provider (npm `oidc-provider`) the gateway's sign-in tests run.
fetch_axe_core() {
  "$(dirname "${BASH_SOURCE[0]}")/fetch-axe-core.sh"
  "$(dirname "${BASH_SOURCE[0]}")/fetch-oidc-provider.sh"
}
if [ "${MMC_FERRETDB_BACKEND:-postgresql}" = postgresql ] && ! has_postgres; then
  missing+=(postgresql)
fi
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)  # the AsyncAPI parser (deploy/tools)
if [ ${#missing[@]} -eq 0 ]; then fetch_axe_core; exit 0; fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "tools: missing ${missing[*]}: install Java 17+, Maven 3.8+, Go 1.22+, Node.js with npm, Chromium and PostgreSQL (Debian: apt-get install ${missing[*]}), or choose MMC_FERRETDB_BACKEND=sqlite to do without PostgreSQL" >&2
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
fetch_axe_core
