#!/usr/bin/env python3
"""Write load for bench/failover.sh: one writer per connector, through the load balancer, each
request carrying the next value of its own sequence; prints one Markdown table row.
Every answer is recorded: status, whether it was JSON, whether a 503 said "not applied".
Afterwards each connector's stored value is read from the primary and compared with the last
value acknowledged (200) for it, and with the values answered "not applied"."""
import argparse, http.client, json, subprocess, threading, time, uuid

p = argparse.ArgumentParser()
p.add_argument("--writers", type=int, default=16)
p.add_argument("--seconds", type=float, default=16)
p.add_argument("--fault-time-file", required=True)
p.add_argument("--label", required=True)
p.add_argument("--lb", default="127.0.0.1:18200")
p.add_argument("--db", default="127.0.0.1:15000")
args = p.parse_args()
host, port = args.lb.split(":")
run = uuid.uuid4().hex[:8]


def request(conn, method, path, body):
    conn.request(method, path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    return r.status, r.read()


answers = []  # (time, connector index, n, status, is_json, not_applied)
lock = threading.Lock()
acked = {}
not_applied = {}
stop_at = time.time() + args.seconds


def writer(i):
    cid = f"fo-{run}-{i}"
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    while True:
        try:
            status, _ = request(conn, "PUT", f"/_connector/{cid}", {})
            if status in (200, 201):
                break
        except OSError:
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
        time.sleep(0.2)
    n = 0
    while time.time() < stop_at:
        n += 1
        t = time.time()
        try:
            status, body = request(conn, "PUT", f"/_connector/{cid}/_error", {"error": f"w{n}"})
            try:
                parsed = json.loads(body)
                is_json = True
            except ValueError:
                parsed, is_json = None, False
            na = status == 503 and is_json and "not applied" in json.dumps(parsed)
        except OSError:
            status, is_json, na = "conn", True, False
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
        with lock:
            answers.append((t, i, n, status, is_json, na))
            if status == 200:
                acked[i] = n
            if na:
                not_applied.setdefault(i, set()).add(n)
        if status != 200:
            time.sleep(0.05)


threads = [threading.Thread(target=writer, args=(i,)) for i in range(args.writers)]
for t in threads:
    t.start()
for t in threads:
    t.join()

fault_time = float(open(args.fault_time_file).read().strip())
failures = [a for a in answers if a[3] != 200]
by_status = {}
for a in failures:
    by_status[str(a[3])] = by_status.get(str(a[3]), 0) + 1
after_fault_failures = [a for a in failures if a[0] >= fault_time]
if after_fault_failures:
    last_failure = max(a[0] for a in after_fault_failures)
    successes_after = [a[0] for a in answers if a[3] == 200 and a[0] > last_failure]
    recovery = (min(successes_after) - fault_time) if successes_after else float("nan")
else:
    recovery = 0.0

stored = {}
dbhost, dbport = args.db.split(":")
for _ in range(60):
    out = subprocess.run(["psql", "-At", "-h", dbhost, "-p", dbport, "-U", "postgres", "-d", "connectors", "-c",
                          f"SELECT id, error FROM connectors WHERE id LIKE 'fo-{run}-%'"], capture_output=True, text=True)
    if out.returncode == 0:
        for line in out.stdout.splitlines():
            cid, _, error = line.partition("|")
            stored[int(cid.rsplit("-", 1)[1])] = int(error[1:]) if error.startswith("w") else 0
        break
    time.sleep(1)
missing = sum(max(0, acked.get(i, 0) - stored.get(i, 0)) for i in range(args.writers))
stored_not_applied = sum(1 for i in range(args.writers) if stored.get(i) in not_applied.get(i, set()))
non_json = sum(1 for a in answers if not a[4])
errors = ", ".join(f"{k}: {v}" for k, v in sorted(by_status.items())) or "none"
print(f"| {args.label} | {len(answers)} | {errors} | {recovery:.1f} | {missing} | {non_json} |"
      + (f" {stored_not_applied} 'not applied' writes stored |" if stored_not_applied else ""), flush=True)
