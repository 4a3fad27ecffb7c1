#!/usr/bin/env bash
# Side-by-side benchmark: connector-service against pgbench running the equivalent statement,
# on the same PostgreSQL, in the same run. Prints one table per endpoint.
set -euo pipefail

usage() {
  cat <<'HELP'
Usage: bench/run.sh [options]

Seeds a fresh database with N connectors, starts target/connector-service.jar on it and, for each
concurrency C, runs wrk against the service (PUT /_connector/{id}/_error with a mix of messages
and null resets; then GET /_connector/{id}), and pgbench with the equivalent single statement
(-M prepared) at each pgbench client count, each for the same duration. Prints, per endpoint:
C, service rps, best pgbench TPS, ratio, service p50/p99/max latency, non-2xx answers, socket
errors, and the service's peak RSS.

Options:
  --connectors N        connectors to seed (default 10000; 1000000 works)
  --duration S          seconds per wrk or pgbench run (default 10)
  --concurrency "C..."  wrk connection counts (default "64 256 1024")
  --pgbench "C..."      pgbench client counts; the best TPS is the baseline (default "16 32 64")
  --endpoints "E..."    which tables: error, get, checkin, list (default "error get"; list: pages of
                        100 at random offsets in the first 10,000, unfiltered), get-bigpages (the
                        get table while one more client lists pages of 10,000 all along: what one
                        large page costs every other request), stats (GET /_connector/_stats vs
                        pgbench reading its snapshot row), error-watched (the error table while
                        WATCHERS streams of GET /_connector/_watch are open, default 1000, each
                        following one connector, FILTER=all: every change; plus their events and
                        delivery lag; needs node), index-search (the connectors framework's
                        _search for its connector on the index view vs the SELECT), index-connected
                        (its {status, error} _update, coalesced, vs the UPDATE), index-doc (its
                        reload, GET _doc, vs the SELECT)
  --server-url URL     PostgreSQL server as postgresql://user@host:port (default postgresql://postgres@127.0.0.1:5432)
  --port P              service port (default 18080)
  --jar PATH            the service jar (default target/connector-service.jar)
  --env "K=V ..."       extra environment for the service (e.g. "DB_POOL_SIZE=32 EVENT_LOOPS=2")
  --keep                keep the benchmark database afterwards
  -h, --help            this text

Build the jar first: mvn -B package -DskipTests
HELP
}

CONNECTORS=10000; DURATION=10; CONCURRENCY="64 256 1024"; PGBENCH_CLIENTS="16 32 64"
ENDPOINTS="error get"; JAR=target/connector-service.jar; SERVER_URL="postgresql://postgres@127.0.0.1:5432"; PORT=18080; EXTRA_ENV=""; KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --connectors) CONNECTORS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --pgbench) PGBENCH_CLIENTS=$2; shift 2 ;;
    --endpoints) ENDPOINTS=$2; shift 2 ;;
    --server-url) SERVER_URL=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --env) EXTRA_ENV=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

JAR=$(realpath "$JAR" 2>/dev/null || echo "$JAR")
cd "$(dirname "$0")/.."
BENCH=bench
DB=connector_bench
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B package -DskipTests first" >&2; exit 2; }
if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
command -v pgbench >/dev/null || { echo "pgbench is missing (Debian: postgresql-contrib or postgresql-client)" >&2; exit 2; }

# postgresql://user[:pw]@host:port → libpq environment for psql and pgbench
hostport=${SERVER_URL#*@}; userinfo=${SERVER_URL#postgresql://}; userinfo=${userinfo%%@*}
export PGUSER=${userinfo%%:*} PGHOST=${hostport%%:*} PGPORT=${hostport##*:}
[ "$userinfo" != "${userinfo#*:}" ] && export PGPASSWORD=${userinfo#*:}

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
LOG=$(mktemp -t connector-bench.XXXX.log)
ADMIN=bench-admin-password
env DATABASE_URL="$SERVER_URL/$DB" HTTP_PORT="$PORT" HTTP_HOST=127.0.0.1 LOG_LEVEL=WARN ADMIN_PASSWORD=$ADMIN $EXTRA_ENV \
  java -jar "$JAR" >"$LOG" 2>&1 &
SERVICE=$!
cleanup() {
  kill "$SERVICE" 2>/dev/null || true; wait "$SERVICE" 2>/dev/null || true
  [ "$KEEP" = 1 ] || psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
}
trap cleanup EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/_health/ready" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$PORT/" >/dev/null || { echo "service did not start:" >&2; cat "$LOG" >&2; exit 1; }

# the load authenticates as a connector fleet does: with an API key (security is on by default)
AUTH="ApiKey $(curl -fs -u "elastic:$ADMIN" -H 'Content-Type: application/json' -XPOST \
  "http://127.0.0.1:$PORT/_security/api_key" -d '{"name":"bench"}' | sed 's/.*"encoded":"\([^"]*\)".*/\1/')"
export AUTH

echo "seeding $CONNECTORS connectors ..." >&2
psql -q -d "$DB" -c "INSERT INTO connectors (id, name, index_name, service_type)
  SELECT 'c-' || g, 'connector ' || g, 'search-' || g, 'google_drive' FROM generate_series(1, $CONNECTORS) g" \
  -c "VACUUM ANALYZE connectors"

echo "warming up the service (JIT) ..." >&2
for lua in $BENCH/put_error.lua $BENCH/get_connector.lua; do
  CONNECTORS=$CONNECTORS wrk -t 2 -c 64 -d 8s -s "$lua" "http://127.0.0.1:$PORT" >/dev/null 2>&1
done

PGB_DIR=$(mktemp -d)
cat >"$PGB_DIR/error.sql" <<SQL
\set n random(1, $CONNECTORS)
\set r random(0, 3)
UPDATE connectors SET error = CASE WHEN :r = 0 THEN NULL ELSE 'message ' || :r END,
  status = CASE WHEN :r = 0 THEN 'connected' ELSE 'error' END, updated_at = now()
  WHERE id = 'c-' || :n AND NOT deleted;
SQL
cat >"$PGB_DIR/checkin.sql" <<SQL
\set n random(1, $CONNECTORS)
UPDATE connectors SET last_seen = now(), updated_at = now() WHERE id = 'c-' || :n AND NOT deleted;
SQL
LAST_FROM=$(( (CONNECTORS < 10000 ? CONNECTORS : 10000) - 100 )); [ "$LAST_FROM" -lt 0 ] && LAST_FROM=0
cat >"$PGB_DIR/list.sql" <<SQL
\set f random(0, $LAST_FROM)
SELECT (SELECT count(*) FROM (SELECT 1 FROM connectors WHERE NOT deleted LIMIT 10000) AS counted) AS total, page.*
  FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM connectors WHERE NOT deleted
  ORDER BY index_name, id OFFSET :f LIMIT 100) AS page ON true;
SQL
cat >"$PGB_DIR/stats.sql" <<SQL
SELECT counts, computed_at FROM fleet_stats WHERE id = 1;
SQL
cat >"$PGB_DIR/index-search.sql" <<SQL
\set n random(1, $CONNECTORS)
SELECT (SELECT count(*) FROM (SELECT 1 FROM connectors WHERE id = ANY(ARRAY['c-' || :n]) AND NOT deleted LIMIT 10000) AS counted) AS total,
  page.* FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT *, xmin::text::bigint FROM connectors
  WHERE id = ANY(ARRAY['c-' || :n]) AND NOT deleted ORDER BY id LIMIT 100) AS page ON true;
SQL
cp "$PGB_DIR/error.sql" "$PGB_DIR/index-connected.sql"
cat >"$PGB_DIR/index-doc.sql" <<SQL
\set n random(1, $CONNECTORS)
SELECT *, xmin::text::bigint FROM connectors WHERE id = 'c-' || :n;
SQL
cat >"$PGB_DIR/get.sql" <<SQL
\set n random(1, $CONNECTORS)
SELECT * FROM connectors WHERE id = 'c-' || :n AND NOT deleted;
SQL

rss_mib() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SERVICE/status"; }

best_pgbench() {  # $1 script → best TPS over the pgbench client counts
  local best=0 tps
  for c in $PGBENCH_CLIENTS; do
    tps=$(pgbench -n -M prepared -c "$c" -j 2 -T "$DURATION" -f "$1" "$DB" 2>/dev/null \
      | awk '/^tps = / {printf "%.0f", $3}')
    echo "  pgbench -c $c: $tps TPS" >&2
    [ "${tps:-0}" -gt "$best" ] && best=$tps
  done
  echo "$best"
}

for endpoint in $ENDPOINTS; do
  case "$endpoint" in
    error) lua=$BENCH/put_error.lua; title="PUT /_connector/{id}/_error vs pgbench UPDATE" ;;
    get) lua=$BENCH/get_connector.lua; title="GET /_connector/{id} vs pgbench SELECT" ;;
    checkin) lua=$BENCH/check_in.lua; title="PUT /_connector/{id}/_check_in vs pgbench UPDATE" ;;
    list) lua=$BENCH/list_connectors.lua; title="GET /_connector?size=100 vs pgbench the list SELECT" ;;
    stats) lua=$BENCH/fleet_stats.lua; title="GET /_connector/_stats vs pgbench reading the snapshot" ;;
    get-bigpages) lua=$BENCH/get_connector.lua; title="GET /_connector/{id} while one client lists pages of 10,000, vs pgbench SELECT" ;;
    index-search) lua=$BENCH/index_search.lua; title="POST /.elastic-connectors/_search (the framework's query for its connector) vs pgbench the SELECT" ;;
    index-doc) lua=$BENCH/index_doc.lua; title="GET /.elastic-connectors/_doc/{id} (the framework's reload) vs pgbench SELECT" ;;
    index-connected) lua=$BENCH/index_connected.lua; title="POST /.elastic-connectors/_update/{id} {status, error} (coalesced) vs pgbench UPDATE" ;;
    error-watched) lua=$BENCH/put_error.lua; title="PUT /_connector/{id}/_error while ${WATCHERS:-1000} watch streams are open, vs pgbench UPDATE" ;;
    *) echo "unknown endpoint $endpoint" >&2; exit 2 ;;
  esac
  rows=(); watched=()
  for c in $CONCURRENCY; do
    curl -fs "http://127.0.0.1:$PORT/" >/dev/null
    big=""
    if [ "$endpoint" = get-bigpages ]; then  # the big pages start first and end after the measured run
      CONNECTORS=$CONNECTORS LIST_SIZE=10000 wrk -t 1 -c 1 -d "$(( DURATION + 2 ))s" --timeout 30s \
        -s $BENCH/list_connectors.lua "http://127.0.0.1:$PORT" >"$PGB_DIR/big.out" 2>&1 &
      big=$!
      sleep 1
    fi
    if [ "$endpoint" = error-watched ]; then  # the streams open first and close after the measured run
      AUTH=$AUTH WATCHERS=${WATCHERS:-1000} CONNECTORS=$CONNECTORS DURATION=$(( DURATION + 4 )) \
        node $BENCH/watchers.mjs "http://127.0.0.1:$PORT" >"$PGB_DIR/watchers.out" 2>&1 &
      big=$!
      sleep 3
    fi
    out=$(CONNECTORS=$CONNECTORS wrk -t "$(( c < 2 ? c : 2 ))" -c "$c" -d "${DURATION}s" --timeout 10s -s "$lua" "http://127.0.0.1:$PORT" 2>&1)
    result=$(grep '^RESULT' <<<"$out" || true)
    [ -n "$result" ] || { echo "$out" >&2; exit 1; }
    echo "  wrk -c $c: $result" >&2
    if [ "$endpoint" = get-bigpages ]; then
      wait "$big"; echo "  big pages alongside: $(grep '^RESULT' "$PGB_DIR/big.out")" >&2
    elif [ "$endpoint" = error-watched ]; then
      wait "$big"; w=$(grep '^RESULT' "$PGB_DIR/watchers.out" || cat "$PGB_DIR/watchers.out"); echo "  watchers: $w" >&2
      eval "$(sed 's/^RESULT //' <<<"$w")"
      watched+=("$(printf '| %5s | %8s | %6s | %6s | %8s | %10s | %10s | %10s |' "$c" "${WATCHERS:-1000}" "$opened" \
        "$failed" "$events" "$lag_p50_ms" "$lag_p99_ms" "$lag_max_ms")")
    fi
    script=${endpoint%-bigpages}; script=${script%-watched}
    baseline=$(best_pgbench "$PGB_DIR/$script.sql")
    eval "$(sed 's/^RESULT //' <<<"$result")"
    ratio=$(awk -v a="$rps" -v b="$baseline" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    rows+=("$(printf '| %5s | %10s | %13s | %5s | %8s | %8s | %8s | %7s | %7s | %9s |' \
      "$c" "$rps" "$baseline" "$ratio" "$p50_ms" "$p99_ms" "$max_ms" "$non2xx" "$socket_errors" "$(rss_mib)")")
  done
  echo
  echo "$title — $CONNECTORS connectors, ${DURATION}s per run, pgbench clients {$PGBENCH_CLIENTS}"
  echo "|     C | service rps | best pgbench TPS | ratio | p50 ms | p99 ms | max ms | non-2xx | sock err | peak RSS MiB |"
  echo "|------:|------------:|----------------:|------:|-------:|-------:|-------:|--------:|---------:|-------------:|"
  printf '%s\n' "${rows[@]}"
  if [ "${#watched[@]}" -gt 0 ]; then
    echo
    echo "The watch streams during those runs (lag: arrival minus the change's \"at\", the writing transaction's start)"
    echo "|     C | watchers | opened | failed |   events | lag p50 ms | lag p99 ms | lag max ms |"
    echo "|------:|---------:|-------:|-------:|---------:|-----------:|-----------:|-----------:|"
    printf '%s\n' "${watched[@]}"
  fi
done
