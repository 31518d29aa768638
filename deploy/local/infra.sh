#!/usr/bin/env bash
# Real Kafka (KRaft, single node) and FerretDB (MongoDB wire protocol) as plain local processes,
# for machines without a Docker engine. FerretDB stores its data in a private PostgreSQL cluster
# (MMC_FERRETDB_BACKEND=postgresql, the default) or in SQLite files (MMC_FERRETDB_BACKEND=sqlite).
#
#   deploy/local/infra.sh up       build what is missing (cached), start them, wait until ready
#   deploy/local/infra.sh down     stop them all; no process is left behind
#   deploy/local/infra.sh status   what runs where
#   deploy/local/infra.sh env      print the addresses as shell exports
#
# Every setting is an environment variable with a default that keeps clear of a Kafka (9092), a
# MongoDB (27017) or a PostgreSQL (5432) the user may already run.
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
FERRETDB_BACKEND=${MMC_FERRETDB_BACKEND:-postgresql}
POSTGRES_PORT=${MMC_POSTGRES_PORT:-35432}
# FerretDB v1 on PostgreSQL holds one pooled connection per update while it waits for a second:
# as many updates in flight as the pool has connections never finish. The pool must exceed the
# updates in flight (PyMongo's default pool is 100 per client) and stay below max_connections.
FERRETDB_PG_POOL=${MMC_FERRETDB_PG_POOL:-200}
POSTGRES_MAX_CONNECTIONS=${MMC_POSTGRES_MAX_CONNECTIONS:-$((FERRETDB_PG_POOL + 50))}
# Each partition costs the broker heap: a full test run creates thousands (every test has topics
# of its own), and 512 MB ran out after a few runs on one broker.
KAFKA_HEAP=${MMC_KAFKA_HEAP:-1g}
WAIT_SECONDS=${MMC_INFRA_WAIT_SECONDS:-120}

KAFKA_LIBS="$CACHE_DIR/kafka-$KAFKA_VERSION/libs"
FERRETDB_BIN="$CACHE_DIR/ferretdb-$FERRETDB_VERSION/ferretdb"
KAFKA_STATE="$STATE_DIR/kafka"
FERRETDB_STATE="$STATE_DIR/ferretdb"
PG_STATE="$STATE_DIR/postgresql"
PG_DATA="$PG_STATE/data"
PG_DATABASE=ferretdb
PG_ROLE=mmc

case "$FERRETDB_BACKEND" in
  postgresql|sqlite) ;;
  *) printf 'infra: MMC_FERRETDB_BACKEND=%s: choose postgresql or sqlite\n' "$FERRETDB_BACKEND" >&2; exit 2 ;;
esac

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

# --- PostgreSQL: FerretDB's storage when MMC_FERRETDB_BACKEND=postgresql ---------------------

# Debian puts the server's programs outside PATH, in /usr/lib/postgresql/<major>/bin. A cluster
# keeps the major version it was created with: prefer that one, else the newest installed.
pg_bin_dir() {
  if [ -n "${MMC_POSTGRES_BIN:-}" ]; then
    echo "$MMC_POSTGRES_BIN"
    return
  fi
  local dir=""
  if [ -f "$PG_DATA/PG_VERSION" ]; then
    dir="/usr/lib/postgresql/$(cat "$PG_DATA/PG_VERSION")/bin"
  fi
  if [ -z "$dir" ] || [ ! -x "$dir/pg_ctl" ]; then
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
  elif command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
  fi
}

need_postgres() {
  PG_BIN=$(pg_bin_dir)
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/initdb" ] \
    || die "PostgreSQL's server programs not found (looked in MMC_POSTGRES_BIN, /usr/lib/postgresql/*/bin and PATH): install them (Debian: apt-get install postgresql, or 'make tools' as root) or choose MMC_FERRETDB_BACKEND=sqlite"
}

pg_version() { "$PG_BIN/postgres" --version | awk '{print $3}'; }

# PostgreSQL refuses to run as root: then the cluster belongs to an unprivileged user (Debian's
# package creates `postgres`), and initdb and pg_ctl run as that user. Otherwise as oneself.
PG_OS_USER=""
if [ "$(id -u)" -eq 0 ]; then
  PG_OS_USER=${MMC_POSTGRES_OS_USER:-postgres}
fi

as_pg() {
  if [ -n "$PG_OS_USER" ]; then
    (cd "$PG_STATE" && runuser -u "$PG_OS_USER" -- "$@")
  else
    (cd "$PG_STATE" && "$@")
  fi
}

pg_prepare_dirs() {
  mkdir -p "$PG_STATE/run"
  [ -n "$PG_OS_USER" ] || return 0
  if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$PG_OS_USER" \
      || die "could not create the system user $PG_OS_USER that PostgreSQL runs as"
    say "created the system user $PG_OS_USER to run PostgreSQL (it refuses to run as root)"
  fi
  chmod go+x "$STATE_DIR"
  if [ "$(stat -c %U "$PG_STATE")" != "$PG_OS_USER" ] \
    || { [ -e "$PG_DATA" ] && [ "$(stat -c %U "$PG_DATA")" != "$PG_OS_USER" ]; }; then
    chown -R "$PG_OS_USER:" "$PG_STATE"
  fi
  runuser -u "$PG_OS_USER" -- test -w "$PG_STATE" 2>/dev/null \
    || die "PostgreSQL runs as $PG_OS_USER (it refuses root), who cannot enter $PG_STATE: let others traverse its parent directories (chmod o+x) or set MMC_STATE_DIR to a directory it can reach"
}

pg_running() {
  [ -f "$PG_DATA/postmaster.pid" ] && kill -0 "$(head -n 1 "$PG_DATA/postmaster.pid")" 2>/dev/null
}

pg_pid() { head -n 1 "$PG_DATA/postmaster.pid"; }

pg_url() {
  echo "postgres://$PG_ROLE@127.0.0.1:$POSTGRES_PORT/$PG_DATABASE?pool_max_conns=$FERRETDB_PG_POOL&pool_max_conn_idle_time=1m"
}

pg_psql() { "$PG_BIN/psql" -X -q -A -t -h 127.0.0.1 -p "$POSTGRES_PORT" -U "$PG_ROLE" "$@"; }

# Written at every start, so that a changed port or pool size applies to an existing cluster.
write_pg_config() {
  local sockets="$PG_STATE/run"
  # A Unix socket path longer than 107 bytes cannot be bound; everything here uses TCP anyway.
  [ ${#sockets} -le 90 ] || sockets=""
  cat > "$PG_DATA/mmc.conf" <<EOF
# Written by deploy/local/infra.sh at every start: a private development cluster.
listen_addresses = '127.0.0.1'
port = $POSTGRES_PORT
unix_socket_directories = '$sockets'
max_connections = $POSTGRES_MAX_CONNECTIONS
# FerretDB sends prepared statements whose JSON key is a parameter (_jsonb->\$1 @> \$2): only a
# plan made for the actual key can use the _id index below (see tune_ferretdb_tables).
plan_cache_mode = force_custom_plan
EOF
  [ -z "$PG_OS_USER" ] || chown "$PG_OS_USER:" "$PG_DATA/mmc.conf"
}

init_postgres() {
  [ -f "$PG_DATA/PG_VERSION" ] && return
  local started=$SECONDS
  rm -rf "$PG_DATA"
  # Trust authentication is safe only because the cluster listens on 127.0.0.1 alone.
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_ROLE" --auth=trust -E UTF8 --no-locale \
    --no-instructions > "$PG_STATE/initdb.log" 2>&1 \
    || die "initdb failed: see $PG_STATE/initdb.log"
  echo "include_if_exists = 'mmc.conf'" >> "$PG_DATA/postgresql.conf"
  say "postgresql cluster created in $PG_DATA in $((SECONDS - started))s (initdb, superuser $PG_ROLE)"
}

start_postgres() {
  need_postgres
  if pg_running; then
    say "postgresql already running (pid $(pg_pid)) on 127.0.0.1:$POSTGRES_PORT"
    return
  fi
  if port_open "$POSTGRES_PORT"; then
    die "port $POSTGRES_PORT is taken by another process: set MMC_POSTGRES_PORT to a free port"
  fi
  pg_prepare_dirs
  init_postgres
  write_pg_config
  local started=$SECONDS
  say "waiting up to ${WAIT_SECONDS}s for PostgreSQL $(pg_version) to start on 127.0.0.1:$POSTGRES_PORT (log: $PG_STATE/postgresql.log)"
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_STATE/postgresql.log" -w -t "$WAIT_SECONDS" -s start \
    || die "postgresql did not start within ${WAIT_SECONDS}s: see $PG_STATE/postgresql.log"
  if [ "$(pg_psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != 1 ]; then
    pg_psql -d postgres -c "CREATE DATABASE $PG_DATABASE" \
      || die "could not create the database $PG_DATABASE: see $PG_STATE/postgresql.log"
  fi
  tune_ferretdb_tables
  say "postgresql $(pg_version) ready (pid $(pg_pid)) on 127.0.0.1:$POSTGRES_PORT, database $PG_DATABASE, max_connections $POSTGRES_MAX_CONNECTIONS, in $((SECONDS - started))s"
}

# FerretDB keeps each document in one jsonb value of a table per collection. Two things about
# those tables cost every write, so every table FerretDB creates (an event trigger on CREATE TABLE)
# and every one it created before is tuned:
# - PostgreSQL compresses a row over about 2 KB and moves it out of line (TOAST): an aggregate
#   document with an event in its outbox crosses that, and each write then costs a compression and
#   a second table's writes. Measured, 2,000 upserts of a city document at 32 in flight: 850/s
#   plain and 570/s with its outbox entry by default; 1,770/s and 1,520/s with rows kept inline up
#   to 8 KB. So toast_tuple_target = 8160.
# - FerretDB v1 finds a document by _id with `_jsonb->'_id' @> '"id"'`, which its own btree index
#   on _jsonb->'_id' cannot serve: every find, update and delete by _id scanned the whole table
#   (measured: 8 ms for a find_one and 10 ms for an update_one in 10,000 documents, growing with
#   the collection). A GIN index on _jsonb->'_id' serves @>: 1.8 ms and 4.6 ms, as in 50.
tune_ferretdb_tables() {
  pg_psql -d "$PG_DATABASE" -v ON_ERROR_STOP=1 > /dev/null <<'SQL' \
    || die "could not tune FerretDB's tables: see $PG_STATE/postgresql.log"
SET client_min_messages = warning;
CREATE OR REPLACE FUNCTION mmc_tune_table(t regclass) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT coalesce((SELECT reloptions @> ARRAY['toast_tuple_target=8160'] FROM pg_class
                   WHERE oid = t), false) THEN
    EXECUTE format('ALTER TABLE %s SET (toast_tuple_target = 8160)', t);
  END IF;
  IF EXISTS (SELECT 1 FROM pg_attribute
             WHERE attrelid = t AND attname = '_jsonb' AND NOT attisdropped) THEN
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> ''_id'') jsonb_path_ops)',
                   'mmc_id_' || t::oid, t);
  END IF;
END $fn$;
CREATE OR REPLACE FUNCTION mmc_tune_created_tables() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands()
                 WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
    PERFORM mmc_tune_table(created.objid::regclass);
  END LOOP;
END $fn$;
DROP EVENT TRIGGER IF EXISTS mmc_documents_inline;
DROP FUNCTION IF EXISTS mmc_documents_inline();
DROP EVENT TRIGGER IF EXISTS mmc_tune_created_tables;
CREATE EVENT TRIGGER mmc_tune_created_tables ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
  EXECUTE FUNCTION mmc_tune_created_tables();
SELECT mmc_tune_table(c.oid::regclass) FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg_toast%';
SQL
}

stop_postgres() {
  if ! pg_running; then
    say "postgresql: not running"
    return
  fi
  need_postgres
  local pid waited=0
  pid=$(pg_pid)
  # fast: disconnect the clients (FerretDB is stopped already) and shut down cleanly.
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 -s stop; then
    say "postgresql (pid $pid) did not stop in 30s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  while kill -0 "$pid" 2>/dev/null && [ $waited -lt 50 ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  say "postgresql: stopped (pid $pid)"
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

# The backend FerretDB runs on now ("" when it does not run): it may differ from the one chosen.
ferretdb_running_backend() {
  if pid_alive "$FERRETDB_STATE/pid"; then
    cat "$FERRETDB_STATE/backend" 2>/dev/null || echo sqlite
  fi
}

start_ferretdb() {
  local running
  running=$(ferretdb_running_backend)
  if [ "$running" = "$FERRETDB_BACKEND" ]; then
    say "ferretdb already running (pid $(cat "$FERRETDB_STATE/pid")) on 127.0.0.1:$FERRETDB_PORT over $running"
    return
  fi
  if [ -n "$running" ]; then
    say "ferretdb runs over $running but MMC_FERRETDB_BACKEND=$FERRETDB_BACKEND: restarting it"
    stop_one ferretdb "$FERRETDB_STATE/pid"
  fi
  if port_open "$FERRETDB_PORT"; then
    die "port $FERRETDB_PORT is taken by another process: set MMC_FERRETDB_PORT to a free port"
  fi
  # Each backend keeps its own data and FerretDB state, so switching back and forth loses nothing.
  local storage
  case "$FERRETDB_BACKEND" in
    sqlite)
      mkdir -p "$FERRETDB_STATE/sqlite"
      storage=(--handler=sqlite "--sqlite-url=file:$FERRETDB_STATE/sqlite/")
      ;;
    postgresql)
      storage=(--handler=postgresql "--postgresql-url=$(pg_url)")
      ;;
  esac
  mkdir -p "$FERRETDB_STATE/state-$FERRETDB_BACKEND"
  nohup "$FERRETDB_BIN" "${storage[@]}" \
    --listen-addr="127.0.0.1:$FERRETDB_PORT" --telemetry=disable \
    --state-dir="$FERRETDB_STATE/state-$FERRETDB_BACKEND" --debug-addr=- --log-level=warn \
    > "$FERRETDB_STATE/ferretdb.log" 2>&1 < /dev/null &
  echo $! > "$FERRETDB_STATE/pid"
  echo "$FERRETDB_BACKEND" > "$FERRETDB_STATE/backend"
  local started=$SECONDS
  say "waiting up to ${WAIT_SECONDS}s for FerretDB to answer a ping on 127.0.0.1:$FERRETDB_PORT (log: $FERRETDB_STATE/ferretdb.log)"
  until ping_ferretdb; do
    pid_alive "$FERRETDB_STATE/pid" || die "ferretdb exited during start-up: see $FERRETDB_STATE/ferretdb.log"
    [ $((SECONDS - started)) -lt "$WAIT_SECONDS" ] \
      || die "ferretdb did not answer a ping after ${WAIT_SECONDS}s: see $FERRETDB_STATE/ferretdb.log"
    sleep 0.3
  done
  say "ferretdb $FERRETDB_VERSION over $FERRETDB_BACKEND answered ping {ok: 1} on 127.0.0.1:$FERRETDB_PORT in $((SECONDS - started))s"
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
  local rc=0 running
  if pid_alive "$KAFKA_STATE/pid"; then
    say "kafka      $KAFKA_VERSION    running  pid $(cat "$KAFKA_STATE/pid")  127.0.0.1:$KAFKA_PORT  log $KAFKA_STATE/kafka.log"
  else
    say "kafka      $KAFKA_VERSION    stopped"; rc=1
  fi
  if pg_running; then
    need_postgres
    say "postgresql $(pg_version)    running  pid $(pg_pid)  127.0.0.1:$POSTGRES_PORT  database $PG_DATABASE  log $PG_STATE/postgresql.log"
  elif [ "$FERRETDB_BACKEND" = postgresql ]; then
    say "postgresql          stopped"; rc=1
  else
    say "postgresql          stopped  (not needed: MMC_FERRETDB_BACKEND=sqlite)"
  fi
  running=$(ferretdb_running_backend)
  if [ -z "$running" ]; then
    say "ferretdb   $FERRETDB_VERSION  stopped"; rc=1
  else
    say "ferretdb   $FERRETDB_VERSION  running  pid $(cat "$FERRETDB_STATE/pid")  127.0.0.1:$FERRETDB_PORT  over $running  log $FERRETDB_STATE/ferretdb.log"
    if [ "$running" != "$FERRETDB_BACKEND" ]; then
      say "ferretdb runs over $running, not over MMC_FERRETDB_BACKEND=$FERRETDB_BACKEND: 'up' restarts it"; rc=1
    fi
  fi
  say "backend $FERRETDB_BACKEND (MMC_FERRETDB_BACKEND); caches in $CACHE_DIR, state in $STATE_DIR"
  return $rc
}

print_env() {
  echo "export MMC_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT"
  echo "export MMC_MONGODB_URL=mongodb://127.0.0.1:$FERRETDB_PORT/"
  echo "export MMC_FERRETDB_BACKEND=$FERRETDB_BACKEND"
}

case "${1:-}" in
  up)
    mkdir -p "$CACHE_DIR" "$STATE_DIR"
    started=$SECONDS
    if [ "$FERRETDB_BACKEND" = postgresql ]; then
      need_postgres
      pg_prepare_dirs # fails here, before anything starts, if PostgreSQL's user cannot enter it
    fi
    fetch_kafka
    build_ferretdb
    start_kafka
    if [ "$FERRETDB_BACKEND" = postgresql ]; then
      start_postgres
    fi
    start_ferretdb
    if [ "$FERRETDB_BACKEND" = sqlite ] && pg_running; then
      stop_postgres # left by a run over postgresql; nothing uses it now
    fi
    say "up in $((SECONDS - started))s: kafka 127.0.0.1:$KAFKA_PORT, mongodb://127.0.0.1:$FERRETDB_PORT/ (ferretdb over $FERRETDB_BACKEND)"
    ;;
  down)
    stop_one ferretdb "$FERRETDB_STATE/pid"
    stop_postgres
    stop_one kafka "$KAFKA_STATE/pid"
    ;;
  status) status ;;
  env) print_env ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
