// The fleet dashboard (beyond Elasticsearch): tiles from GET /_connector/_stats, a table of
// connectors paged by cursor, a connector's fields, error history and recent jobs, all kept live
// by GET /_connector/_watch. Read-only: it shows what the logged-in key may read.
import { ApiError, auth, enc, get, watch } from './api.js';

const CONNECTOR_STATUSES = ['created', 'needs_configuration', 'configured', 'connected', 'error'];
const JOB_STATUSES = ['pending', 'in_progress', 'completed', 'canceling', 'canceled', 'error', 'suspended'];
const PAGE = 50;
const $ = (selector) => document.querySelector(selector);

const state = {
  counts: null,       // the tiles' numbers, kept up to date by the watch stream
  statusOf: new Map(), // connector id → status last known here, to move tile counts on a change
  offline: new Set(),  // connector ids known offline
  pages: [],           // how to ask for each page shown so far: {phase, cursor}
  next: null,          // how to ask for the page after this one, or null
  stream: null,
  wasDisconnected: false,
};

// ---- login ---------------------------------------------------------------------------------

async function start() {
  $('#login').addEventListener('submit', login);
  $('#logout').addEventListener('click', () => { auth.clear(); location.reload(); });
  try {
    await get('/_security/_authenticate'); // security off, or a credential already in this tab
    show();
  } catch (failed) {
    if (!(failed instanceof ApiError) || failed.status !== 401) throw failed;
    auth.clear();
    $('#login').hidden = false;
    $('#connection').textContent = 'not logged in';
    $('#api-key').focus();
  }
}

async function login(event) {
  event.preventDefault();
  const key = $('#api-key').value.trim();
  auth.set(key ? auth.apiKey(key) : auth.basic($('#username').value, $('#password').value));
  try {
    await get('/_security/_authenticate');
    performance.mark('fleet:authenticated');
    $('#login').hidden = true;
    show();
  } catch (failed) {
    auth.clear();
    $('#login-error').textContent = failed.status === 401 ? 'Those credentials were refused.' : failed.message;
  }
}

function show() {
  $('#dashboard').hidden = false;
  $('#logout').hidden = !auth.get();
  $('#filters').addEventListener('submit', (event) => { event.preventDefault(); firstPage(); });
  $('#filter').addEventListener('change', firstPage);
  $('#first-page').addEventListener('click', firstPage);
  $('#next-page').addEventListener('click', nextPage);
  $('#close-details').addEventListener('click', closeDetails);
  setInterval(refreshTimes, 30_000);
  reload();
  state.stream = watch(onChange, setConnection);
}

function reload() {
  loadStats();
  firstPage();
}

function setConnection(live) {
  const element = $('#connection');
  element.dataset.state = live;
  element.textContent = live === 'live' ? 'live' : 'disconnected — reconnecting…';
  if (live === 'live' && state.wasDisconnected) reload(); // resumed by id, but tiles may have moved meanwhile
  state.wasDisconnected = live !== 'live';
}

// ---- tiles ---------------------------------------------------------------------------------

async function loadStats() {
  const stats = await get('/_connector/_stats');
  state.counts = {
    total: stats.connectors.total, offline: stats.connectors.offline,
    ...Object.fromEntries(CONNECTOR_STATUSES.map((s) => [s, stats.connectors.by_status[s]])),
    jobs: stats.sync_jobs.by_status, idle: stats.sync_jobs.idle,
  };
  state.offlineAfter = stats.offline_after;
  renderTiles();
  if (!performance.getEntriesByName('fleet:tiles').length) performance.mark('fleet:tiles');
}

function tile(name, label, value) {
  return `<div class="tile" data-tile="${name}"><span class="label">${label}</span>`
    + `<span class="value">${value}</span></div>`;
}

function renderTiles() {
  const c = state.counts;
  $('#connector-tiles').innerHTML = tile('connectors-total', 'connectors', c.total)
    + CONNECTOR_STATUSES.map((s) => tile(`connectors-${s}`, s.replace('_', ' '), c[s])).join('')
    + tile('connectors-offline', `offline (${state.offlineAfter})`, c.offline);
  $('#job-tiles').innerHTML = JOB_STATUSES.map((s) => tile(`jobs-${s}`, `jobs ${s.replace('_', ' ')}`, c.jobs[s])).join('')
    + tile('jobs-idle', 'jobs idle', c.idle);
}

function count(name, delta) {
  if (state.counts && name in state.counts) state.counts[name] = Math.max(0, state.counts[name] + delta);
}

// ---- the table -----------------------------------------------------------------------------

/** The list request of a filter's phase: "needing attention" is errors first, then offline. */
function listPath(phase, cursor) {
  if (cursor) return `/_connector?size=${PAGE}&search_after=${enc(cursor)}`;
  const filter = $('#filter').value;
  const query = $('#query').value.trim();
  let path = `/_connector?size=${PAGE}`;
  if (filter === 'attention') {
    path += phase === 0 ? '&status=error' : `&offline=true&status=${CONNECTOR_STATUSES.filter((s) => s !== 'error').join(',')}`;
  } else if (filter === 'offline') {
    path += '&offline=true';
  } else if (filter !== 'all') {
    path += `&status=${filter}`;
  }
  return query ? `${path}&query=${enc(query)}` : path;
}

function firstPage() {
  state.pages = [];
  loadPage({ phase: 0, cursor: null });
}

function nextPage() {
  if (state.next) loadPage(state.next);
}

async function loadPage(request) {
  const started = performance.now();
  let page = await get(listPath(request.phase, request.cursor));
  let { phase } = request;
  let results = page.results;
  // needing attention: when the errors end, the offline ones follow on the same page
  if (!page.next && $('#filter').value === 'attention' && phase === 0 && results.length < PAGE) {
    phase = 1;
    page = await get(listPath(phase, null).replace(`size=${PAGE}`, `size=${PAGE - results.length}`));
    results = results.concat(page.results);
  }
  state.pages.push(request);
  state.next = page.next ? { phase, cursor: page.next } : null;
  $('#next-page').disabled = !state.next;
  $('#first-page').disabled = state.pages.length <= 1;
  $('#table-caption').textContent = `${$('#filter').selectedOptions[0].textContent}: page ${state.pages.length}`
    + (results.length ? '' : ' — none');
  $('#connectors tbody').replaceChildren(...results.map(row));
  // how long each page took, from asking to shown (bench/dashboard.sh reads these)
  performance.measure('fleet:page', { start: started, end: performance.now() });
  if (!performance.getEntriesByName('fleet:table').length) performance.mark('fleet:table');
}

function ago(time) {
  if (!time) return 'never';
  const seconds = Math.max(0, (Date.now() - Date.parse(time)) / 1000);
  if (seconds < 60) return `${Math.floor(seconds)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

function cell(field, text) {
  const td = document.createElement('td');
  td.dataset.field = field;
  td.textContent = text ?? '';
  return td;
}

function row(connector) {
  state.statusOf.set(connector.id, connector.status);
  const tr = document.createElement('tr');
  tr.dataset.id = connector.id;
  tr.tabIndex = 0;
  tr.setAttribute('aria-label', `connector ${connector.id}, ${connector.status}`);
  const lastSeen = cell('last_seen', ago(connector.last_seen));
  lastSeen.dataset.time = connector.last_seen ?? '';
  const status = cell('status', connector.status);
  status.classList.add('status');
  tr.append(cell('id', connector.id), cell('name', connector.name), cell('service_type', connector.service_type),
    status, cell('error', connector.error), lastSeen);
  tr.addEventListener('click', () => openDetails(connector.id));
  tr.addEventListener('keydown', (event) => { if (event.key === 'Enter') openDetails(connector.id); });
  return tr;
}

function rowOf(id) {
  return [...document.querySelectorAll('#connectors tbody tr')].find((tr) => tr.dataset.id === id);
}

function refreshTimes() {
  document.querySelectorAll('td[data-field="last_seen"]').forEach((td) => { td.textContent = ago(td.dataset.time); });
}

// ---- live changes --------------------------------------------------------------------------

async function onChange(type, id, data) {
  if (type === 'reset') { reload(); return; }
  if (type === 'offline' || type === 'online') {
    // an online connector was counted offline (by the snapshot, or by an earlier event) either way
    if (type === 'online') { state.offline.delete(data.id); count('offline', -1); }
    else if (!state.offline.has(data.id)) { state.offline.add(data.id); count('offline', 1); }
    rowOf(data.id)?.classList.toggle('offline', type === 'offline');
    renderTiles();
    return;
  }
  await moveCounts(data);
  renderTiles();
  const tr = rowOf(data.id);
  if (data.change === 'deleted') { tr?.remove(); return; }
  if (tr) {
    tr.querySelector('[data-field="status"]').textContent = data.status;
    tr.querySelector('[data-field="error"]').textContent = data.error ?? '';
    tr.classList.remove('changed');
    void tr.offsetWidth; // restart the highlight
    tr.classList.add('changed');
  } else if (data.status === 'error' && ['attention', 'error'].includes($('#filter').value) && state.pages.length === 1) {
    // a connector that just failed joins the first page of the errors
    const connector = await get(`/_connector/${enc(data.id)}`).catch(() => null);
    if (connector && !rowOf(data.id)) $('#connectors tbody').prepend(row(connector));
  }
  if ($('#details').dataset.id === data.id) openDetails(data.id);
}

/** Moves the tile counts from the connector's status before the change to the one after. */
async function moveCounts(data) {
  if (data.change === 'created') {
    count('total', 1); count(data.status, 1); state.statusOf.set(data.id, data.status);
    return;
  }
  if (data.change === 'deleted') {
    count('total', -1); count(data.status, -1); state.statusOf.delete(data.id);
    if (state.offline.delete(data.id)) count('offline', -1);
    return;
  }
  let before = state.statusOf.get(data.id);
  if (before === undefined) {
    // not seen here yet: its error history says what the status was before this change
    const history = await get(`/_connector/${enc(data.id)}/_error_history?size=1`).catch(() => null);
    const last = history?.results?.[0];
    before = last && Date.parse(last.at) === Date.parse(data.at) ? last.previous_status : data.status;
  }
  if (before !== data.status) { count(before, -1); count(data.status, 1); }
  state.statusOf.set(data.id, data.status);
}

// ---- details -------------------------------------------------------------------------------

async function openDetails(id) {
  const [connector, history, jobs] = await Promise.all([
    get(`/_connector/${enc(id)}`),
    get(`/_connector/${enc(id)}/_error_history?size=20`).catch(() => ({ results: [] })),
    get(`/_connector/_sync_job?connector_id=${enc(id)}&size=10`).catch(() => ({ results: [] })),
  ]);
  const details = $('#details');
  details.dataset.id = id;
  $('#details-title').textContent = `Connector ${id}`;
  const fields = ['name', 'description', 'index_name', 'service_type', 'status', 'error', 'last_seen', 'last_synced',
    'last_sync_status', 'last_sync_error', 'is_native'];
  $('#fields').replaceChildren(...fields.flatMap((field) => {
    const dt = document.createElement('dt');
    dt.textContent = field;
    const dd = document.createElement('dd');
    dd.textContent = connector[field] === null || connector[field] === undefined ? '—' : String(connector[field]);
    return [dt, dd];
  }));
  $('#history').replaceChildren(...(history.results.length ? history.results : [null]).map((entry) => {
    const li = document.createElement('li');
    li.textContent = entry
      ? `${entry.at}: ${entry.previous_status} → ${entry.status}${entry.error ? ` — ${entry.error}` : ''}`
      : 'no changes recorded';
    return li;
  }));
  $('#jobs tbody').replaceChildren(...jobs.results.map((job) => {
    const tr = document.createElement('tr');
    tr.append(cell('id', job.id), cell('job_type', job.job_type), cell('status', job.status),
      cell('created_at', job.created_at), cell('error', job.error));
    return tr;
  }));
  details.hidden = false;
}

function closeDetails() {
  const details = $('#details');
  details.hidden = true;
  delete details.dataset.id;
  rowOf(details.dataset.id)?.focus();
}

start();
