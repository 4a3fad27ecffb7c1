#!/usr/bin/env bash
# Times the fleet dashboard (/_fleet) over a seeded fleet in Debian's headless Chromium.
# Usage: bench/dashboard.sh [connectors, default 100000]   (needs chromium, chromium-driver, node)
set -euo pipefail
CONNECTORS=${1:-100000}
cd "$(dirname "$0")/.."
JAR=target/connector-service.jar; PORT=18080; DB=connector_bench; PW=bench-admin-password
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B package -DskipTests first" >&2; exit 2; }
command -v chromedriver >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }
export PGUSER=postgres PGHOST=127.0.0.1 PGPORT=5432
psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
env DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" HTTP_PORT=$PORT HTTP_HOST=127.0.0.1 LOG_LEVEL=WARN \
  ADMIN_PASSWORD=$PW HOUSEKEEPING_INTERVAL=2s java -jar "$JAR" >/tmp/dashboard-bench.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null; psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/_health/ready" >/dev/null && break; sleep 1; done
echo "seeding $CONNECTORS connectors: 10% failing, 30% offline, the rest connected ..." >&2
psql -q -d "$DB" -c "ALTER TABLE connectors DISABLE TRIGGER connectors_created" -c "
  INSERT INTO connectors (id, name, index_name, service_type, status, error, last_seen)
  SELECT 'c-' || g, 'connector ' || g, 'search-' || g, (ARRAY['google_drive','jira','sharepoint_online','s3'])[1 + g % 4],
    CASE WHEN g % 10 = 0 THEN 'error' ELSE 'connected' END,
    CASE WHEN g % 10 = 0 THEN 'sync failed: ' || md5(g::text) END,
    CASE WHEN g % 10 IN (1, 2, 3) THEN now() - interval '2 hours' ELSE now() END
  FROM generate_series(1, $CONNECTORS) g" -c "ALTER TABLE connectors ENABLE TRIGGER connectors_created" -c "VACUUM ANALYZE connectors"
sleep 5 # a housekeeping pass counts the fleet for _stats
echo "warming up the service (JIT): the dashboard's requests, 20 s ..." >&2
end=$(( $(date +%s) + 20 ))
while [ "$(date +%s)" -lt "$end" ]; do
  for path in "/_connector/_stats" "/_connector?size=50&status=error" "/_connector?size=50&offline=true" \
      "/_connector?size=50&status=connected" "/_connector?size=50" "/_connector?size=50&query=connector%2042"; do
    curl -fs -u "elastic:$PW" "http://127.0.0.1:$PORT$path" >/dev/null
  done
done
echo "dashboard over $CONNECTORS connectors:"
node bench/dashboard.mjs "http://127.0.0.1:$PORT" "$PW"
