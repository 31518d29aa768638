#!/usr/bin/env bash
# `make run`: the local Kafka and FerretDB, every service that exists, demo data, then waits.
# Ctrl-C (or SIGTERM) stops the services and the infrastructure.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOGS="${MMC_STATE_DIR:-$ROOT/.local-infra}/services"
mkdir -p "$LOGS"

# name:port, in start order (a service consumes the events of those before it).
SERVICES=(cities:8101 board:8102 advocacy:8103 outreach:8104 webhooks:8105 gateway:8100)

# The staff UI's address comes first, before the infrastructure's and services' output.
echo "MMC gateway (staff UI): http://127.0.0.1:8100   (starting: infrastructure, services, demo data; the demo accounts' passwords follow)"

pids=()
# The infrastructure is stopped at the end only if this run started it.
infra_was_up=false
"$HERE/infra.sh" status >/dev/null 2>&1 && infra_was_up=true
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "run: stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  $infra_was_up || "$HERE/infra.sh" down
}
trap stop_all INT TERM EXIT

"$HERE/infra.sh" up
eval "$("$HERE/infra.sh" env)"
export MMC_ENVIRONMENT=${MMC_ENVIRONMENT:-development}
# Locally the webhooks service may call 127.0.0.1 (its demo partner); anywhere else an admin lists
# the partners' hosts.
export MMC_WEBHOOK_ALLOWED_TARGETS=${MMC_WEBHOOK_ALLOWED_TARGETS:-'["127.0.0.1"]'}

wait_ready() { # wait_ready <name> <port> <pid>
  local started=$SECONDS
  until curl -fsS "http://127.0.0.1:$2/readyz" >/dev/null 2>&1; do
    kill -0 "$3" 2>/dev/null || { echo "run: $1 exited: see $LOGS/$1.log" >&2; tail -20 "$LOGS/$1.log" >&2; exit 1; }
    [ $((SECONDS - started)) -lt 60 ] || { echo "run: $1 not ready after 60s: see $LOGS/$1.log" >&2; exit 1; }
    sleep 0.5
  done
}

started=()
for entry in "${SERVICES[@]}"; do
  name=${entry%%:*} port=${entry##*:}
  [ -f "$ROOT/services/$name/mmc_$name/app.py" ] || continue
  MMC_HTTP_PORT=$port python -m "mmc_$name.app" > "$LOGS/$name.log" 2>&1 &
  pids+=($!)
  wait_ready "$name" "$port" "$!"
  if [ -f "$ROOT/services/$name/mmc_$name/demo/load.py" ]; then
    python -m "mmc_$name.demo.load" --url "http://127.0.0.1:$port" || echo "run: demo data for $name failed (see above)"
  fi
  started+=("  $name  http://127.0.0.1:$port   (API docs: http://127.0.0.1:$port/docs, log: $LOGS/$name.log)")
done

echo
echo "MMC platform is running; the staff UI (gateway): http://127.0.0.1:8100"
printf '%s\n' "${started[@]}"
eval "$("$HERE/infra.sh" env | sed 's/^export //; s/^/echo "  /; s/$/"/')"
echo "Press Ctrl-C to stop everything."
wait
