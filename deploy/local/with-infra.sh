#!/usr/bin/env bash
# Runs a command with MMC_KAFKA_BOOTSTRAP_SERVERS and MMC_MONGODB_URL set. When they are not
# given, starts the local Kafka and FerretDB (unless they already run) and stops what it started
# when the command ends, whether it passed or failed.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ -n "${MMC_KAFKA_BOOTSTRAP_SERVERS:-}" ] && [ -n "${MMC_MONGODB_URL:-}" ]; then
  echo "infra: using the given addresses: Kafka $MMC_KAFKA_BOOTSTRAP_SERVERS, MongoDB $MMC_MONGODB_URL"
else
  if ! "$HERE/infra.sh" status >/dev/null 2>&1; then
    trap '"$HERE/infra.sh" down' EXIT
  fi
  "$HERE/infra.sh" up
  eval "$("$HERE/infra.sh" env)"
fi
"$@"
