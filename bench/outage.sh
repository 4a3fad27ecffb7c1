#!/usr/bin/env bash
# PostgreSQL outage under load: clients write through a restart of the local PostgreSQL; then
# every answer is checked against the rows. Needs root (it stops and starts the local cluster),
# node, and target/connector-service.jar. Not part of the test command: it stops the PostgreSQL
# every other test uses.
set -euo pipefail
usage() {
  cat <<'HELP'
Usage: bench/outage.sh [--clients N] [--seconds S] [--down S]
  --clients N   writers, each with its own connector (default 32)
  --seconds S   how long the writers run (default 16)
  --down S      how long PostgreSQL stays stopped, starting 4 s in (default 4)
Prints, per check, PASS or FAIL:
  - no write answered 2xx is missing, and none answered "not applied" is stored
  - during the outage every request was answered within 2 s (503 unavailable_exception)
  - the service served again within 5 s of PostgreSQL's return
HELP
}
CLIENTS=32; SECONDS_RUN=16; DOWN=4
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) CLIENTS=$2; shift 2 ;; --seconds) SECONDS_RUN=$2; shift 2 ;; --down) DOWN=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;; *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
CLUSTER="$(ls /etc/postgresql) main"
DB=connector_outage; PORT=18090; REPORT=$(mktemp -t outage.XXXX.json)
export PGHOST=127.0.0.1 PGUSER=postgres
psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$DB HTTP_PORT=$PORT HTTP_HOST=127.0.0.1 STORE_TIMEOUT_MS=2000 \
  LOG_LEVEL=ERROR SECURITY_ENABLED=false java -jar target/connector-service.jar >/tmp/outage-service.log 2>&1 &
SERVICE=$!
finish() {
  kill $SERVICE 2>/dev/null || true
  pg_isready -q -h 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect $CLUSTER start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
}
trap finish EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/_health/ready" >/dev/null && break; sleep 1; done
psql -q -d $DB -c "INSERT INTO connectors (id) SELECT 'outage-' || g FROM generate_series(0, $CLIENTS - 1) g"

node bench/outage-client.mjs "http://127.0.0.1:$PORT" "$CLIENTS" "$SECONDS_RUN" "$REPORT" &
CLIENT=$!
sleep 4
STOPPED=$(date +%s%3N); pg_ctlcluster --skip-systemctl-redirect $CLUSTER stop -m fast
READY_DURING=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/_health/ready")
sleep "$DOWN"
pg_ctlcluster --skip-systemctl-redirect $CLUSTER start; STARTED=$(date +%s%3N)
wait $CLIENT
kill -0 $SERVICE 2>/dev/null && ALIVE=yes || ALIVE=no

psql -At -d $DB -c "SELECT id, error FROM connectors" >"$REPORT.rows"
node - "$REPORT" "$REPORT.rows" "$STOPPED" "$STARTED" "$READY_DURING" "$ALIVE" <<'JS'
const fs = require('node:fs')
const [report, rowsFile, stopped, started, readyDuring, alive] = process.argv.slice(2)
const log = JSON.parse(fs.readFileSync(report))
const rows = Object.fromEntries(fs.readFileSync(rowsFile, 'utf8').trim().split('\n').map(l => l.split('|')))
let lost = 0, phantom = 0, slow = 0, total = 0, ok = 0, unavailable = 0, other = 0, firstOkAfter = Infinity
for (const [id, requests] of Object.entries(log)) {
  const stored = rows[id]
  const storedN = stored ? Number(stored.replace('write ', '')) : 0
  const acked = requests.filter(r => r.status === 200).map(r => r.n)
  const lastAcked = acked.length ? Math.max(...acked) : 0
  if (storedN < lastAcked) lost++                       // an acknowledged write is missing
  const storedRequest = requests.find(r => r.n === storedN)
  if (storedRequest && storedRequest.status !== 200 && /not applied/.test(storedRequest.reason)) phantom++
  for (const r of requests) {
    total++
    if (r.status === 200) { ok++; if (r.started >= Number(started)) firstOkAfter = Math.min(firstOkAfter, r.started + r.ms - Number(started)) }
    else if (r.status === 503) unavailable++
    else other++
    if (r.started >= Number(stopped) && r.started < Number(started) && r.ms > 2000) slow++
  }
}
const check = (ok, what) => console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`)
console.log(`requests ${total}: 200 ${ok}, 503 ${unavailable}, other ${other}`)
check(lost === 0, `acknowledged writes missing: ${lost}`)
check(phantom === 0, `writes answered "not applied" that were stored: ${phantom}`)
check(other === 0, `answers other than 200/503: ${other}`)
check(slow === 0, `requests during the outage answered after more than 2 s: ${slow}`)
check(readyDuring === '503', `/_health/ready during the outage: ${readyDuring}`)
check(alive === 'yes', `service process still running: ${alive}`)
check(firstOkAfter <= 5000, `first 200 after PostgreSQL returned: ${firstOkAfter} ms`)
process.exit(lost + phantom + other + slow === 0 && readyDuring === '503' && alive === 'yes' && firstOkAfter <= 5000 ? 0 : 1)
JS
