// Opens WATCHERS streams of GET /_connector/_watch on the service and holds them for DURATION
// seconds, counting the events they get and how late each arrives (now - the change's "at").
// Each watcher follows one connector (?ids=c-<k>, k spread over CONNECTORS) unless FILTER=all,
// where every watcher gets every change. Prints one RESULT line for bench/run.sh.
//
//   AUTH="ApiKey ..." WATCHERS=1000 CONNECTORS=10000 DURATION=10 node bench/watchers.mjs http://127.0.0.1:18080
import http from 'node:http';

const base = new URL(process.argv[2] ?? 'http://127.0.0.1:18080');
const watchers = Number(process.env.WATCHERS ?? 1000);
const connectors = Number(process.env.CONNECTORS ?? 10000);
const duration = Number(process.env.DURATION ?? 10) * 1000;
const everything = process.env.FILTER === 'all';
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

let opened = 0, failed = 0, events = 0, comments = 0;
const lags = [];
const requests = [];

function watch(k) {
  const path = '/_connector/_watch' + (everything ? '' : `?ids=c-${k}`);
  const req = http.get({ host: base.hostname, port: base.port, path, agent,
    headers: process.env.AUTH ? { Authorization: process.env.AUTH } : {} }, (res) => {
    if (res.statusCode !== 200) { failed++; res.resume(); return; }
    opened++;
    let pending = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      pending += chunk;
      let end;
      while ((end = pending.indexOf('\n\n')) >= 0) {
        const block = pending.slice(0, end);
        pending = pending.slice(end + 2);
        if (block.startsWith(':')) { comments++; continue; }
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        events++;
        const at = Date.parse(JSON.parse(data.slice(6)).at);
        if (!Number.isNaN(at)) lags.push(Date.now() - at);
      }
    });
    res.on('error', () => {});
  });
  req.on('error', () => { failed++; });
  requests.push(req);
}

for (let i = 0; i < watchers; i++) watch(1 + Math.floor((i * connectors) / watchers));

setTimeout(() => {
  requests.forEach((req) => req.destroy());
  lags.sort((a, b) => a - b);
  const pct = (p) => (lags.length ? lags[Math.min(lags.length - 1, Math.floor(lags.length * p))] : 0);
  console.log(`RESULT opened=${opened} failed=${failed} events=${events} comments=${comments} `
    + `lag_p50_ms=${pct(0.5)} lag_p99_ms=${pct(0.99)} lag_max_ms=${lags.length ? lags[lags.length - 1] : 0}`);
  process.exit(0);
}, duration);
