#!/usr/bin/env bash
# Real Kafka (KRaft, single node) and FerretDB (MongoDB wire protocol over SQLite) as plain local
# processes, for machines without a Docker engine.
#
#   deploy/local/infra.sh up       build what is missing (cached), start both, wait until ready
#   deploy/local/infra.sh down     stop both; no process is left behind
#   deploy/local/infra.sh status   what runs where
#   deploy/local/infra.sh env      print the addresses as shell exports
#
# Every setting is an environment variable with a default that keeps clear of a Kafka (9092) or a
# MongoDB (27017) the user may already run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/kafka/pom.xml")
FERRETDB_VERSION=${MMC_FERRETDB_VERSION:-v1.24.2}

# Caches are shared by every checkout on the machine (the user's cache), state is per checkout.
CACHE_DIR=${MMC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mmc-platform}
STATE_DIR=${MMC_STATE_DIR:-$ROOT/.local-infra}
KAFKA_PORT=${MMC_KAFKA_PORT:-39092}
KAFKA_CONTROLLER_PORT=${MMC_KAFKA_CONTROLLER_PORT:-39093}
FERRETDB_PORT=${MMC_FERRETDB_PORT:-37017}
KAFKA_HEAP=${MMC_KAFKA_HEAP:-512m}
WAIT_SECONDS=${MMC_INFRA_WAIT_SECONDS:-120}

KAFKA_LIBS="$CACHE_DIR/kafka-$KAFKA_VERSION/libs"
FERRETDB_BIN="$CACHE_DIR/ferretdb-$FERRETDB_VERSION/ferretdb"
KAFKA_STATE="$STATE_DIR/kafka"
FERRETDB_STATE="$STATE_DIR/ferretdb"

say() { printf 'infra: %s\n' "$*"; }
die() { printf 'infra: %s\n' "$*" >&2; exit 1; }

need() { # need <command> <what to install>
  command -v "$1" >/dev/null 2>&1 || die "$1 not found: install $2 (Debian: apt-get install $2)"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- build steps (cached) -------------------------------------------------------------------

fetch_kafka() {
  if [ -f "$KAFKA_LIBS/.complete" ]; then
    say "kafka $KAFKA_VERSION jars: cached in $KAFKA_LIBS"
    return
  fi
  need java openjdk-17-jre-headless
  need mvn maven
  say "kafka $KAFKA_VERSION jars: fetching from Maven Central into $KAFKA_LIBS"
  local started=$SECONDS
  rm -rf "$KAFKA_LIBS" && mkdir -p "$KAFKA_LIBS"
  mvn -q -B -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS" \
    || die "maven could not resolve Kafka $KAFKA_VERSION (see the output above)"
  touch "$KAFKA_LIBS/.complete"
  say "kafka jars: $(ls "$KAFKA_LIBS" | wc -l) files, $(du -sh "$KAFKA_LIBS" | cut -f1), in $((SECONDS - started))s"
}

build_ferretdb() {
  if [ -x "$FERRETDB_BIN" ]; then
    say "ferretdb $FERRETDB_VERSION: cached at $FERRETDB_BIN"
    return
  fi
  need go golang-go
  say "ferretdb $FERRETDB_VERSION: building from the Go module proxy"
  local started=$SECONDS src work
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
        | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || die "go mod download gave no module directory for FerretDB $FERRETDB_VERSION"
  work="$CACHE_DIR/ferretdb-$FERRETDB_VERSION/src"
  rm -rf "$work" && mkdir -p "$(dirname "$work")"
  cp -r "$src" "$work" && chmod -R u+w "$work"
  # The module download lacks build/version/version.txt, and the binary panics without it.
  printf '%s\n' "$FERRETDB_VERSION" > "$work/build/version/version.txt"
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb) \
    || die "go build of FerretDB failed (see the output above)"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$work"
  say "ferretdb built in $((SECONDS - started))s: $FERRETDB_BIN"
}

# --- processes ------------------------------------------------------------------------------

write_kafka_config() {
  mkdir -p "$KAFKA_STATE/data"
  cat > "$KAFKA_STATE/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_STATE/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
}

start_kafka() {
  if pid_alive "$KAFKA_STATE/pid"; then
    say "kafka already running (pid $(cat "$KAFKA_STATE/pid")) on 127.0.0.1:$KAFKA_PORT"
    return
  fi
  if port_open "$KAFKA_PORT"; then
    die "port $KAFKA_PORT is taken by another process: set MMC_KAFKA_PORT to a free port"
  fi
  write_kafka_config
  if [ ! -f "$KAFKA_STATE/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format --standalone --ignore-formatted \
      -t "$cluster_id" -c "$KAFKA_STATE/server.properties" > "$KAFKA_STATE/format.log" 2>&1 \
      || die "formatting Kafka storage failed: see $KAFKA_STATE/format.log"
    say "kafka storage formatted (cluster $cluster_id)"
  fi
  : > "$KAFKA_STATE/kafka.log"
  nohup java "-Xmx$KAFKA_HEAP" "-Xms$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dkafka.logs.dir=$KAFKA_STATE" "-Dlog4j2.configurationFile=$HERE/kafka/log4j2.yaml" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_STATE/server.properties" \
    > "$KAFKA_STATE/stdout.log" 2>&1 < /dev/null &
  echo $! > "$KAFKA_STATE/pid"
  local started=$SECONDS
  say "waiting up to ${WAIT_SECONDS}s for 'Kafka Server started' in $KAFKA_STATE/kafka.log"
  until grep -q "Kafka Server started" "$KAFKA_STATE/kafka.log" 2>/dev/null; do
    pid_alive "$KAFKA_STATE/pid" || die "kafka exited during start-up: see $KAFKA_STATE/kafka.log and $KAFKA_STATE/stdout.log"
    [ $((SECONDS - started)) -lt "$WAIT_SECONDS" ] \
      || die "kafka not ready after ${WAIT_SECONDS}s: see $KAFKA_STATE/kafka.log"
    sleep 0.5
  done
  say "$(grep -m1 -o "\[KafkaRaftServer nodeId=1\] Kafka Server started" "$KAFKA_STATE/kafka.log" || echo "Kafka Server started"): Apache Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT in $((SECONDS - started))s"
}

start_ferretdb() {
  if pid_alive "$FERRETDB_STATE/pid"; then
    say "ferretdb already running (pid $(cat "$FERRETDB_STATE/pid")) on 127.0.0.1:$FERRETDB_PORT"
    return
  fi
  if port_open "$FERRETDB_PORT"; then
    die "port $FERRETDB_PORT is taken by another process: set MMC_FERRETDB_PORT to a free port"
  fi
  mkdir -p "$FERRETDB_STATE/sqlite" "$FERRETDB_STATE/state"
  nohup "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$FERRETDB_STATE/sqlite/" \
    --listen-addr="127.0.0.1:$FERRETDB_PORT" --telemetry=disable \
    --state-dir="$FERRETDB_STATE/state" --debug-addr=- --log-level=warn \
    > "$FERRETDB_STATE/ferretdb.log" 2>&1 < /dev/null &
  echo $! > "$FERRETDB_STATE/pid"
  local started=$SECONDS
  say "waiting up to ${WAIT_SECONDS}s for FerretDB to answer a ping on 127.0.0.1:$FERRETDB_PORT (log: $FERRETDB_STATE/ferretdb.log)"
  until ping_ferretdb; do
    pid_alive "$FERRETDB_STATE/pid" || die "ferretdb exited during start-up: see $FERRETDB_STATE/ferretdb.log"
    [ $((SECONDS - started)) -lt "$WAIT_SECONDS" ] \
      || die "ferretdb did not answer a ping after ${WAIT_SECONDS}s: see $FERRETDB_STATE/ferretdb.log"
    sleep 0.3
  done
  say "ferretdb $FERRETDB_VERSION answered ping {ok: 1} on 127.0.0.1:$FERRETDB_PORT in $((SECONDS - started))s"
}

# A real MongoDB-protocol ping: a hand-built OP_MSG {ping: 1} sent over bash's /dev/tcp, so that
# the wait needs neither a mongo shell nor Python packages. The reply must contain ok: 1.0.
ping_ferretdb() {
  port_open "$FERRETDB_PORT" || return 1
  local python=${MMC_PYTHON:-python3}
  "$python" - "$FERRETDB_PORT" <<'EOF' 2>/dev/null
import socket, struct, sys
body = b"\x10ping\x00\x01\x00\x00\x00" + b"\x02$db\x00\x06\x00\x00\x00admin\x00" + b"\x00"
doc = struct.pack("<i", len(body) + 4) + body
msg = struct.pack("<I", 0) + b"\x00" + doc
header = struct.pack("<iiii", 16 + len(msg), 1, 0, 2013)
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
    s.sendall(header + msg)
    reply = s.recv(4096)
ok = reply.find(b"\x01ok\x00")
sys.exit(0 if ok > 0 and struct.unpack("<d", reply[ok + 4: ok + 12])[0] == 1.0 else 1)
EOF
}

stop_one() { # stop_one <name> <pidfile>
  local name=$1 pidfile=$2
  if ! pid_alive "$pidfile"; then
    rm -f "$pidfile"
    say "$name: not running"
    return
  fi
  local pid started=$SECONDS
  pid=$(cat "$pidfile")
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if [ $((SECONDS - started)) -ge 30 ]; then
      say "$name (pid $pid) did not stop in 30s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile"
  say "$name: stopped (pid $pid)"
}

status() {
  local rc=0
  if pid_alive "$KAFKA_STATE/pid"; then
    say "kafka    $KAFKA_VERSION  running  pid $(cat "$KAFKA_STATE/pid")  127.0.0.1:$KAFKA_PORT  log $KAFKA_STATE/kafka.log"
  else
    say "kafka    $KAFKA_VERSION  stopped"; rc=1
  fi
  if pid_alive "$FERRETDB_STATE/pid"; then
    say "ferretdb $FERRETDB_VERSION running  pid $(cat "$FERRETDB_STATE/pid")  127.0.0.1:$FERRETDB_PORT  log $FERRETDB_STATE/ferretdb.log"
  else
    say "ferretdb $FERRETDB_VERSION stopped"; rc=1
  fi
  say "caches in $CACHE_DIR, state in $STATE_DIR"
  return $rc
}

print_env() {
  echo "export MMC_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT"
  echo "export MMC_MONGODB_URL=mongodb://127.0.0.1:$FERRETDB_PORT/"
}

case "${1:-}" in
  up)
    mkdir -p "$CACHE_DIR" "$STATE_DIR"
    started=$SECONDS
    fetch_kafka
    build_ferretdb
    start_kafka
    start_ferretdb
    say "up in $((SECONDS - started))s: kafka 127.0.0.1:$KAFKA_PORT, mongodb://127.0.0.1:$FERRETDB_PORT/"
    ;;
  down)
    stop_one ferretdb "$FERRETDB_STATE/pid"
    stop_one kafka "$KAFKA_STATE/pid"
    ;;
  status) status ;;
  env) print_env ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
