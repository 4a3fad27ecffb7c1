#!/usr/bin/env python3
"""The attacker's list of the security issue, re-run against three instances on one database.

Starts three instances of target/connector-service.jar on loopback (ports 18101-18103) over a
fresh database of the local PostgreSQL, plays every item, prints one line per check (PASS/FAIL
with what was measured) and exits non-zero when any check fails. Bounded in time; loopback only.
Usage: bench/attack.py [--keep-db]
"""
import base64, http.client, json, os, socket, statistics, subprocess, sys, time, uuid

PORTS = [18101, 18102, 18103]
DB = "connector_attack"
ADMIN = ("elastic", "attack-admin-password")
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}  {name}  {detail}", flush=True)


def auth_basic(user, password):
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def auth_key(key):
    return {"Authorization": "ApiKey " + key["encoded"]}


def call(port, method, path, body=None, headers=None, raw_body=None, content_type="application/json"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    h = dict(headers or {})
    data = raw_body if raw_body is not None else (json.dumps(body).encode() if body is not None else None)
    if data is not None:
        h["Content-Type"] = content_type
    conn.request(method, path, body=data, headers=h)
    r = conn.getresponse()
    text = r.read()
    conn.close()
    return r.status, text, dict(r.getheaders())


def raw(port, data, wait=3.0):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(wait)
    s.sendall(data)
    out, closed = b"", False
    try:
        while True:
            b = s.recv(65536)
            if not b:
                closed = True
                break
            out += b
    except socket.timeout:
        pass
    except ConnectionResetError:
        closed = True
    s.close()
    return out.decode("latin-1"), closed


def admin(port, method, path, body=None):
    return call(port, method, path, body, auth_basic(*ADMIN))


def new_key(port, creator, request):
    status, text, _ = call(port, "POST", "/_security/api_key", request, creator)
    assert status == 200, text
    return json.loads(text)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


def start():
    env = dict(os.environ, ADMIN_PASSWORD=ADMIN[1], HTTP_HOST="127.0.0.1", LOG_LEVEL="ERROR",
               DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{DB}")
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c",
                    f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"], check=True)
    procs = [subprocess.Popen(["java", "-jar", "target/connector-service.jar"], env=dict(env, HTTP_PORT=str(p)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for p in PORTS]
    deadline = time.time() + 90
    for p in PORTS:
        while True:
            try:
                if call(p, "GET", "/_health/ready")[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise SystemExit("instances did not start")
            time.sleep(0.2)
    return procs


def connector(port=PORTS[0]):
    cid = "attack-" + uuid.uuid4().hex[:12]
    status, text, _ = admin(port, "PUT", f"/_connector/{cid}", {})
    assert status in (200, 201), text
    return cid


def poll_401(port, key, cid, limit=1.0):
    t0 = time.time()
    while time.time() - t0 < limit + 1:
        if call(port, "GET", f"/_connector/{cid}", headers=auth_key(key))[0] == 401:
            return time.time() - t0
        time.sleep(0.01)
    return None


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    procs = start()
    try:
        one, two, three = PORTS
        a, b, x = connector(), connector(), connector()

        # 1. revocation across instances
        key = new_key(one, auth_basic(*ADMIN), {"name": "k", "role_descriptors": {
            "r": {"cluster": ["manage_connector"], "connectors": [a]}}})
        for p in PORTS:
            call(p, "GET", f"/_connector/{a}", headers=auth_key(key))
        admin(one, "DELETE", "/_security/api_key", {"ids": [key["id"]]})
        took = [poll_401(p, key, a) for p in (two, three)]
        check("1 revocation reaches other instances within 1 s", all(t is not None and t <= 1.0 for t in took),
              "seconds: " + ", ".join("never" if t is None else f"{t:.3f}" for t in took))

        # 2. connector scope escalation
        scoped = new_key(one, auth_basic(*ADMIN), {"name": "s", "role_descriptors": {
            "r": {"cluster": ["manage_connector", "manage_security"], "connectors": [a]}}})
        st, _, _ = call(two, "POST", "/_security/api_key", {"name": "for-b", "role_descriptors": {
            "r": {"cluster": ["manage_connector"], "connectors": [b]}}}, auth_key(scoped))
        check("2 a key scoped to a cannot mint a key for b", st == 403, f"status {st}")

        # 3. roles merged
        two_roles = new_key(one, auth_basic(*ADMIN), {"name": "t", "role_descriptors": {
            "watch": {"cluster": ["monitor_connector"]},
            "own": {"cluster": ["manage_connector"], "connectors": [x]}}})
        st, _, _ = call(three, "PUT", f"/_connector/{a}/_error", {"error": "x"}, auth_key(two_roles))
        check("3 monitor everywhere + manage on x cannot write a", st == 403, f"status {st}")

        # 4. keys minted by keys
        parent = new_key(one, auth_basic(*ADMIN), {"name": "p", "role_descriptors": {
            "r": {"cluster": ["manage_connector", "manage_own_api_key"]}}})
        child = new_key(two, auth_key(parent), {"name": "c"})
        call(three, "GET", f"/_connector/{a}", headers=auth_key(child))
        admin(one, "DELETE", "/_security/api_key", {"ids": [parent["id"]]})
        took = [poll_401(p, child, a) for p in PORTS]
        check("4 a child key stops working with its parent, on every instance",
              all(t is not None and t <= 1.0 for t in took), "seconds: " + ", ".join(
                  "never" if t is None else f"{t:.3f}" for t in took))

        # 5. anonymous bodies
        before = rss_mib(procs[0].pid)
        socks = []
        for _ in range(400):
            s = socket.create_connection(("127.0.0.1", one))
            s.sendall(b"PUT /_connector/x/_error HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 1048576\r\n\r\n" + b" " * 65536)
            socks.append(s)
        answered = 0
        for s in socks:
            s.settimeout(5)
            try:
                if s.recv(12).startswith(b"HTTP/1.1 401"):
                    answered += 1
            except OSError:
                pass
        after = rss_mib(procs[0].pid)
        for s in socks:
            s.close()
        check("5 400 anonymous 1 MiB bodies: 401 before reading, memory flat", answered == 400 and after - before < 150,
              f"401s {answered}/400, RSS {before} -> {after} MiB")
        out, _ = raw(one, b"PUT /_connector/x/_error HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 10\r\nExpect: 100-continue\r\n\r\n", 2)
        check("5 Expect: 100-continue gets 401, no 100, without credentials",
              out.startswith("HTTP/1.1 401") and "100 Continue" not in out, out.split("\r\n")[0])

        # 6. nesting
        deep = b'{"pipeline":' + b'{"a":' * 998 + b"1" + b"}" * 998 + b"}"
        st, _, _ = call(one, "PUT", f"/_connector/{a}/_pipeline", raw_body=deep, headers=auth_basic(*ADMIN))
        st_list, _, _ = admin(two, "GET", "/_connector?size=100")
        check("6 998-deep JSON refused with 400; lists keep answering", st == 400 and st_list == 200,
              f"statuses {st} / {st_list}")

        # 7. metrics labels
        size0 = len(call(one, "GET", "/_metrics")[1])
        for i in range(2000):
            raw(one, f"M{uuid.uuid4().hex[:10]} /_connector HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode(), 1)
        size1 = len(call(one, "GET", "/_metrics")[1])
        check("7 2,000 random method tokens leave /_metrics bounded", size1 - size0 < 20_000,
              f"{size0} -> {size1} bytes")

        # 8. expirations
        bad = ["3000000d", "9223372036854775807ms", "99999999999999999999d", "0s", "-1d", "1.5h"]
        codes = [admin(one, "POST", "/_security/api_key", {"name": "e", "expiration": e})[0] for e in bad]
        listed = admin(two, "GET", "/_security/api_key")[0]
        check("8 out-of-range or non-positive expirations: 400; the key list answers", set(codes) == {400} and listed == 200,
              f"{codes}, list {listed}")

        # 9. smaller holes
        out, closed = raw(one, b"POST /_connector HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n"
                               b"\r\n2\r\n{}\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n")
        check("9 Content-Length + Transfer-Encoding: 400 and closed", out.startswith("HTTP/1.1 400") and closed
              and out.count("HTTP/1.1") == 1, out.split("\r\n")[0])
        out, _ = raw(one, b"GET /_connector HTTP/1.1\r\n\r\n")
        out2, _ = raw(one, b"GET ?x HTTP/1.1\r\nHost: t\r\n\r\n")
        check("9 no Host, or target ?x: 400", out.startswith("HTTP/1.1 400") and out2.startswith("HTTP/1.1 400"),
              f"{out.split(chr(13))[0]} / {out2.split(chr(13))[0]}")
        codes = [admin(one, "POST", "/_security/api_key", {"name": "r", "role_descriptors": {"r": d}})[0]
                 for d in ({"cluster": "all"}, {"cluster": [None]})]
        check("9 wrongly typed role_descriptors: 400", codes == [400, 400], str(codes))
        nul = {"Authorization": "ApiKey " + base64.b64encode(b"a\x00b:secret").decode()}
        check("9 NUL in an ApiKey id: 401", call(one, "GET", "/_connector/x", headers=nul)[0] == 401)
        known = new_key(one, auth_basic(*ADMIN), {"name": "timing"})

        def timed(headers):
            t0 = time.perf_counter()
            call(two, "GET", f"/_connector/{a}", headers=headers)
            return (time.perf_counter() - t0) * 1000
        wrong = {"Authorization": "ApiKey " + base64.b64encode(f"{known['id']}:wrong".encode()).decode()}
        unknown_ids = [{"Authorization": "ApiKey " + base64.b64encode(b"unknownkeyid0000000" + bytes([65 + i % 20])
                                                                      + b":x").decode()} for i in range(200)]
        t_wrong = statistics.median(timed(wrong) for _ in range(200))
        t_unknown = statistics.median(timed(h) for h in unknown_ids)
        check("9 unknown key id answers like a wrong secret", t_unknown < t_wrong * 1.5 + 0.3,
              f"median {t_unknown:.2f} ms (unknown, 20 ids) vs {t_wrong:.2f} ms (wrong secret)")
        statuses = [call(three, "GET", "/_security/_authenticate", headers=auth_basic("elastic", f"guess{i}"))
                    for i in range(25)]
        last = statuses[-1]
        check("9 password guessing throttled: 429 with Retry-After", last[0] == 429 and "Retry-After" in last[2],
              f"statuses {[s[0] for s in statuses[18:]]}")
        check("9 overlong UTF-8 body: 400", call(one, "PUT", f"/_connector/{a}/_error", raw_body=b'{"error":"\xc1\x81"}',
                                                 headers=auth_basic(*ADMIN))[0] == 400)
        check("9 blank or NUL list filters: 400", [admin(one, "GET", q)[0] for q in
                                                    ("/_connector?index_name=", "/_connector?query=%00")] == [400, 400])
        check("9 multipart body: 406", call(one, "PUT", f"/_connector/{a}/_error", raw_body=b"--b--\r\n",
                                            content_type="multipart/form-data; boundary=b",
                                            headers=auth_basic(*ADMIN))[0] == 406)
        out, _ = raw(one, b"HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        check("9 HEAD /: 200, no body", out.startswith("HTTP/1.1 200") and out.endswith("\r\n\r\n"))
        codes = [admin(one, "PUT", p, {})[0] for p in ("/_connector/_sync_job", "/_connector/%2E")]
        check("9 ids colliding with path words: 400", codes == [400, 400], str(codes))

        # 10. Elasticsearch's role-descriptor shape
        cli = new_key(one, auth_basic(*ADMIN), {"name": "cli", "role_descriptors": {"connector-role": {
            "cluster": ["monitor", "manage_connector"],
            "indices": [{"names": [".elastic-connectors*"], "privileges": ["all"]}]}}})
        st = call(three, "PUT", f"/_connector/{a}/_check_in", headers=auth_key(cli))[0]
        check("10 a key in Kibana's / the CLI's shape works", st == 200, f"status {st}")

        # nothing answered 5xx: every instance still ready
        check("no instance failed", all(call(p, "GET", "/_health/ready")[0] == 200 for p in PORTS))
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(30)
        if "--keep-db" not in sys.argv:
            subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c",
                            f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"])
    print(f"{results.count(True)} passed, {results.count(False)} failed")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
