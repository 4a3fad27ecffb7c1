#!/usr/bin/env bash
# Overload: a burst far above the service's bounds, then normal load. Shows that the excess is
# refused with 429 at once, that memory stays bounded, and that the service answers normally
# right after. Needs target/connector-service.jar, wrk and a local PostgreSQL.
set -euo pipefail
usage() {
  cat <<'HELP'
Usage: bench/burst.sh [--bound N] [--factor F] [--seconds S]
  --bound N    MAX_IN_FLIGHT_REQUESTS per HTTP verticle (default 100; two verticles: 2N in all)
  --factor F   burst connections = F × 2N (default 20)
  --seconds S  burst length (default 10)
HELP
}
BOUND=100; FACTOR=20; SECONDS_RUN=10
while [ $# -gt 0 ]; do
  case "$1" in
    --bound) BOUND=$2; shift 2 ;; --factor) FACTOR=$2; shift 2 ;; --seconds) SECONDS_RUN=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;; *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
ulimit -n 65536 2>/dev/null || true
export PGHOST=127.0.0.1 PGUSER=postgres
DB=connector_burst; PORT=18095; CONNECTIONS=$((FACTOR * 2 * BOUND))
psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$DB HTTP_PORT=$PORT HTTP_HOST=127.0.0.1 EVENT_LOOPS=2 \
  MAX_IN_FLIGHT_REQUESTS=$BOUND LOG_LEVEL=ERROR SECURITY_ENABLED=false java -jar target/connector-service.jar >/tmp/burst-service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true; psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/_health/ready" >/dev/null && break; sleep 1; done
psql -q -d $DB -c "INSERT INTO connectors (id) SELECT 'c-' || g FROM generate_series(1, 10000) g"
rss() { awk -v k="$1" '$1 == k":" {printf "%.0f", $2 / 1024}' "/proc/$SERVICE/status"; }
load() { CONNECTORS=10000 wrk -t 2 -c "$1" -d "${2}s" --timeout 10s -s bench/put_error.lua "http://127.0.0.1:$PORT" | grep '^RESULT'; }

load 64 5 >/dev/null   # warm up
echo "before the burst: RSS $(rss VmRSS) MiB"
echo "burst: $CONNECTIONS connections for ${SECONDS_RUN}s against a bound of $((2 * BOUND)) requests in flight"
echo "  $(load "$CONNECTIONS" "$SECONDS_RUN")   (non2xx: refused with 429)"
echo "after the burst: RSS $(rss VmRSS) MiB, peak RSS $(rss VmHWM) MiB"
AFTER=$(load 64 5)
echo "right after, 64 connections: $AFTER"
grep -q 'non2xx=0 socket_errors=0' <<<"$AFTER" && echo "PASS  normal answers right after the burst" || { echo "FAIL  errors after the burst"; exit 1; }
