#!/usr/bin/env bash
# Failover under write load: etcd + two Patroni-managed PostgreSQL 15 nodes + HAProxy routing to
# the primary (Patroni's REST /primary check), three service instances behind a second HAProxy
# that checks /_health/ready. Every request of the write load carries a unique value per
# connector; each fault runs with synchronous_mode on and off, and one table is printed:
# fault, replication mode, client errors by status, seconds until writes succeed again,
# acknowledged writes missing afterwards, non-JSON answers seen by clients.
# Everything runs on loopback under a temporary directory; nothing is left running.
set -euo pipefail
usage() {
  cat <<'HELP'
Usage: bench/failover.sh [--faults switchover,kill-postmaster,node-loss,rolling-restart] [--modes sync,async] [--writers N]
  --faults   which faults to force (default: all four; rolling-restart: SIGTERM and restart each
             service instance in turn, SHUTDOWN_DRAIN_MS=2000)
  --modes    synchronous_mode on (sync) and/or off (async) (default: both)
  --writers  concurrent writers, one connector each (default 16)
Needs target/connector-service.jar (mvn -B package -DskipTests), PostgreSQL 15 binaries, python3;
installs etcd-server, patroni and haproxy from Debian's packages when missing. Run as root.
HELP
}
FAULTS=switchover,kill-postmaster,node-loss,rolling-restart; MODES=sync,async; WRITERS=16
while [ $# -gt 0 ]; do
  case "$1" in
    --faults) FAULTS=$2; shift 2 ;; --modes) MODES=$2; shift 2 ;; --writers) WRITERS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;; *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
[ -f target/connector-service.jar ] || { echo "build first: mvn -B package -DskipTests" >&2; exit 2; }
missing=""
for tool in etcd:etcd-server patroni:patroni haproxy:haproxy; do
  command -v "${tool%%:*}" >/dev/null || missing="$missing ${tool#*:}"
done
if [ -n "$missing" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

WORK=$(mktemp -d /tmp/failover.XXXXXX)
chown postgres: "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  pkill -f "patroni $WORK" 2>/dev/null || true
  for node in node1 node2; do
    [ -f "$WORK/$node/postmaster.pid" ] && kill -9 "$(head -1 "$WORK/$node/postmaster.pid")" 2>/dev/null || true
  done
  sleep 1
  rm -rf "$WORK"
}
trap cleanup EXIT
export WORK

# --- etcd -------------------------------------------------------------------------------------
etcd --name fo --data-dir "$WORK/etcd" --listen-client-urls http://127.0.0.1:12379 \
  --advertise-client-urls http://127.0.0.1:12379 --listen-peer-urls http://127.0.0.1:12380 \
  --initial-advertise-peer-urls http://127.0.0.1:12380 --initial-cluster fo=http://127.0.0.1:12380 \
  >"$WORK/etcd.log" 2>&1 &
PIDS+=($!)

# --- two Patroni nodes ----------------------------------------------------------------------------
node_config() { # name pg-port rest-port
  cat <<YAML
scope: connector-failover
name: $1
restapi: {listen: 127.0.0.1:$3, connect_address: 127.0.0.1:$3}
etcd3: {hosts: 127.0.0.1:12379}
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 3
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters: {wal_level: replica, hot_standby: 'on', max_wal_senders: 10, max_replication_slots: 10, wal_log_hints: 'on'}
  initdb: [{encoding: UTF8}, data-checksums]
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:$2
  connect_address: 127.0.0.1:$2
  data_dir: $WORK/$1
  bin_dir: /usr/lib/postgresql/15/bin
  pgpass: $WORK/pgpass-$1
  authentication:
    replication: {username: replicator, password: rep}
    superuser: {username: postgres, password: pg}
    rewind: {username: postgres, password: pg}
  parameters: {unix_socket_directories: '$WORK', max_connections: 200}
YAML
}
node_config node1 15431 18009 >"$WORK/node1.yml"
node_config node2 15432 18010 >"$WORK/node2.yml"
chown postgres: "$WORK"/*.yml
start_node() { runuser -u postgres -- patroni "$WORK/$1.yml" >>"$WORK/$1.log" 2>&1 & disown; }
start_node node1
for _ in $(seq 1 60); do curl -fs http://127.0.0.1:18009/primary >/dev/null 2>&1 && break; sleep 1; done
start_node node2
for _ in $(seq 1 90); do curl -fs http://127.0.0.1:18010/replica >/dev/null 2>&1 && break; sleep 1; done
curl -fs http://127.0.0.1:18010/replica >/dev/null || { echo "the replica did not come up" >&2; tail -20 "$WORK/node2.log" >&2; exit 1; }

# --- HAProxy: the primary on 15000; the service's instances on 18200 -----------------------------
mkdir -p "$WORK/errors"
for code in 502 503 504; do
  body="{\"error\":{\"root_cause\":[{\"type\":\"unavailable_exception\",\"reason\":\"no instance of connector-service answered ($code from the load balancer); the request was not applied\"}],\"type\":\"unavailable_exception\",\"reason\":\"no instance of connector-service answered ($code from the load balancer); the request was not applied\"},\"status\":503}"
  printf 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nX-Elastic-Product: Elasticsearch\r\nRetry-After: 1\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s' "${#body}" "$body" >"$WORK/errors/$code.http"
done
cat >"$WORK/haproxy.cfg" <<CFG
global
  maxconn 4000
defaults
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout check 1s
listen postgres
  mode tcp
  bind 127.0.0.1:15000
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
  server node1 127.0.0.1:15431 check port 18009
  server node2 127.0.0.1:15432 check port 18010
listen service
  mode http
  bind 127.0.0.1:18200
  option httpchk GET /_health/ready
  default-server inter 500ms fall 2 rise 1
  errorfile 502 $WORK/errors/502.http
  errorfile 503 $WORK/errors/503.http
  errorfile 504 $WORK/errors/504.http
  server s1 127.0.0.1:18201 check
  server s2 127.0.0.1:18202 check
  server s3 127.0.0.1:18203 check
CFG
haproxy -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
PIDS+=($!)

# --- three service instances ----------------------------------------------------------------------
start_service() {
  DATABASE_URL="postgresql://postgres@127.0.0.1:15000/connectors" HTTP_HOST=127.0.0.1 HTTP_PORT=1820$1 \
    SECURITY_ENABLED=false LOG_LEVEL=WARN EVENT_LOOPS=2 DB_POOL_SIZE=8 STORE_TIMEOUT_MS=4000 SHUTDOWN_DRAIN_MS=2000 \
    java -jar target/connector-service.jar >>"$WORK/service$1.log" 2>&1 &
  echo $! >"$WORK/service$1.pid"
  PIDS+=($!)
}
service_ready() { for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:1820$1/_health/ready" >/dev/null 2>&1 && return 0; sleep 0.5; done; return 1; }
for i in 1 2 3; do start_service $i; done
for i in 1 2 3; do service_ready $i; done

leader() { curl -fs http://127.0.0.1:18009/primary >/dev/null 2>&1 && echo node1 || echo node2; }
other() { [ "$1" = node1 ] && echo node2 || echo node1; }
wait_healthy() { # a primary and a streaming replica, whatever their names
  for _ in $(seq 1 120); do
    if curl -fs http://127.0.0.1:18009/health >/dev/null 2>&1 && curl -fs http://127.0.0.1:18010/health >/dev/null 2>&1 \
      && { curl -fs http://127.0.0.1:18009/replica >/dev/null 2>&1 || curl -fs http://127.0.0.1:18010/replica >/dev/null 2>&1; }; then
      return 0
    fi
    sleep 1
  done
  echo "the cluster did not recover" >&2; return 1
}
set_mode() {
  local value=false; [ "$1" = sync ] && value=true
  runuser -u postgres -- patronictl -c "$WORK/node1.yml" edit-config --force -s "synchronous_mode=$value" >/dev/null
  sleep 3
}
fault() { # kind
  local primary; primary=$(leader)
  case "$1" in
    switchover)
      runuser -u postgres -- patronictl -c "$WORK/node1.yml" switchover --leader "$primary" \
        --candidate "$(other "$primary")" --force >"$WORK/switchover.log" 2>&1 ;;
    kill-postmaster)
      kill -9 "$(head -1 "$WORK/$primary/postmaster.pid")" ;;
    node-loss)
      pkill -9 -f "patroni $WORK/$primary.yml"
      kill -9 "$(head -1 "$WORK/$primary/postmaster.pid")" 2>/dev/null || true
      echo "$primary" >"$WORK/lost" ;;
    rolling-restart)
      for i in 1 2 3; do
        pid=$(cat "$WORK/service$i.pid"); kill -TERM "$pid"
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
        start_service $i; service_ready $i
      done ;;
  esac
}
revive() {
  if [ -f "$WORK/lost" ]; then
    start_node "$(cat "$WORK/lost")"; rm -f "$WORK/lost"
  fi
  wait_healthy
}

printf '| fault | replication | requests | client errors (by status) | s until writes succeed again | acknowledged writes missing | non-JSON answers |\n'
printf '|---|---|---:|---|---:|---:|---:|\n'
for mode in ${MODES//,/ }; do
  set_mode "$mode"
  for kind in ${FAULTS//,/ }; do
    wait_healthy
    seconds=20; [ "$kind" = rolling-restart ] && seconds=45
    python3 bench/failover_load.py --writers "$WRITERS" --seconds "$seconds" --fault-time-file "$WORK/fault-time" \
      --label "$kind | $mode" &
    LOAD=$!
    sleep 5
    date +%s.%N >"$WORK/fault-time"
    fault "$kind"
    wait "$LOAD" || true
    revive
  done
done
