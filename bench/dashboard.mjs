// Times the fleet dashboard in Debian's headless Chromium, driven through chromedriver's
// WebDriver protocol (no npm package): the page shell, the login to tiles and to the first
// table page, then table pages by cursor and by filter. Prints a Markdown table.
//
//   node bench/dashboard.mjs http://127.0.0.1:18080 <elastic password>
import { spawn } from 'node:child_process';

const base = process.argv[2] ?? 'http://127.0.0.1:18080';
const password = process.argv[3];
const driverPort = 9515 + Math.floor(Math.random() * 400);
const driver = spawn(process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver', [`--port=${driverPort}`], { stdio: 'ignore' });
const wd = `http://127.0.0.1:${driverPort}`;

async function call(method, path, body) {
  const response = await fetch(wd + path, { method, headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

async function until(session, script, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await call('POST', `/session/${session}/execute/sync`, { script, args: [] });
    if (value !== null && value !== false && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${script}`);
  }
}

const rows = [];
let session;
try {
  for (let i = 0; i < 100; i++) { // chromedriver starting
    try { await fetch(`${wd}/status`); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  ({ sessionId: session } = await call('POST', '/session', { capabilities: { alwaysMatch: {
    'goog:chromeOptions': { binary: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--window-size=1280,1000'] } } } }));
  await call('POST', `/session/${session}/url`, { url: `${base}/_fleet/` });
  const shell = await until(session, `const n = performance.getEntriesByType('navigation')[0];
    return document.querySelector('#password') && n.domContentLoadedEventEnd > 0 ? n.domContentLoadedEventEnd : null;`);
  rows.push(['page shell (navigation → DOMContentLoaded)', shell]);
  await call('POST', `/session/${session}/execute/sync`, { args: [password], script: `
    document.querySelector('#password').value = arguments[0];
    window.t0 = performance.now(); document.querySelector('#login').requestSubmit(); return true;` });
  const first = await until(session, `const a = performance.getEntriesByName('fleet:authenticated')[0],
    t = performance.getEntriesByName('fleet:tiles')[0], p = performance.getEntriesByName('fleet:table')[0];
    return a && t && p ? [a.startTime - t0, t.startTime - a.startTime, p.startTime - a.startTime] : null;`);
  rows.push(['login: the password checked (PBKDF2, 600,000 rounds: slow on purpose, once per process)', first[0]],
    ['logged in → tiles shown', first[1]], ['logged in → first table page shown', first[2]]);
  const page = async (label, action) => {
    const before = await call('POST', `/session/${session}/execute/sync`, { args: [],
      script: `return performance.getEntriesByName('fleet:page').length;` });
    await call('POST', `/session/${session}/execute/sync`, { args: [], script: `${action}; return true;` });
    const took = await until(session, `const m = performance.getEntriesByName('fleet:page');
      return m.length > ${before} ? m[m.length - 1].duration : null;`);
    const shown = await call('POST', `/session/${session}/execute/sync`, { args: [],
      script: `return document.querySelectorAll('#connectors tbody tr').length;` });
    rows.push([`${label} (${shown} rows)`, took]);
  };
  for (let i = 2; i <= 6; i++) await page(`needing attention, page ${i} (next)`, `document.querySelector('#next-page').click()`);
  for (const filter of ['offline', 'connected', 'all']) {
    await page(`filter ${filter}, page 1`, `const s = document.querySelector('#filter'); s.value = '${filter}';
      s.dispatchEvent(new Event('change'))`);
    await page(`filter ${filter}, page 2 (next)`, `document.querySelector('#next-page').click()`);
  }
  await page('text "connector 4242", page 1', `document.querySelector('#query').value = 'connector 4242';
    document.querySelector('#filters').requestSubmit()`);
} finally {
  if (session) await call('DELETE', `/session/${session}`).catch(() => {});
  driver.kill();
}
console.log('| step | ms |');
console.log('|---|---:|');
for (const [label, ms] of rows) console.log(`| ${label} | ${Math.round(ms)} |`);
