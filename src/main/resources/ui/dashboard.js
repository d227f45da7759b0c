// mfgsync operations dashboard: vanilla JS on the admin JSON APIs (no build, no framework, nothing from a CDN).
// Every value from an API is put into the page as text (textContent), never as HTML. The admin token lives in this
// tab's sessionStorage; business keys travel in API query strings and bodies only, never in the page's own URL.
'use strict';

const TOKEN_KEY = 'mfgsync.adminToken';
const REFRESH_MILLIS = 5000;
const TRACE_KEYS = ['purchaseOrder', 'lot', 'supplier', 'plant', 'item', 'inspectionLot', 'nonconformance',
  'correctiveAction', 'shipment', 'fileName', 'stagingBatch'];

const state = { page: null, timeline: null, exceptionQuery: null, detailId: null, target: null, job: null, dryRun: null };

// ---- small helpers ---------------------------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);

/** Builds an element: el('td', {class: 'num'}, 'text', childElement, ...). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name === 'style') node.style.cssText = value; // CSSOM: allowed by the page's content security policy
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function fill(container, ...children) {
  container.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

function pad(n) { return String(n).padStart(2, '0'); }

/** An ISO time as local "YYYY-MM-DD HH:MM:SS". */
function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function short(text, max) { return text && text.length > max ? `${text.slice(0, max)}…` : text || ''; }

function badge(text) { return el('span', { class: `badge ${text}` }, text); }

function keys(map) {
  return el('span', { class: 'keys' }, Object.entries(map || {}).map(([k, v]) =>
    el('span', {}, el('b', {}, k), ' ', Array.isArray(v) ? v.join(', ') : v)));
}

function table(headers, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))), el('tbody', {}, rows));
}

function notice(text) { return el('p', { class: 'notice' }, text); }

function showError(text) {
  const banner = $('error');
  banner.textContent = text;
  banner.hidden = !text;
}

// ---- the API ---------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) ? `${problem.title || ''}${problem.detail ? ': ' + problem.detail : ''}` : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Calls an admin API with the bearer token; a 401/403 asks for the token again. */
async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ''}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store', credentials: 'omit' });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (response.status === 401 || response.status === 403) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin((json && json.title) || 'The admin token was refused');
    throw new ApiError(response.status, json);
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && String(v).trim() !== '') q.set(k, String(v).trim());
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---- sign in, navigation, refresh ------------------------------------------------------------------------------

function showLogin(reason) {
  $('app').hidden = true;
  $('sign-out').hidden = true;
  $('login').hidden = false;
  showError(reason || '');
  $('token').focus();
}

function signedIn() {
  $('login').hidden = true;
  $('app').hidden = false;
  $('sign-out').hidden = false;
  showError('');
  route();
  refreshCounters();
}

function route() {
  const page = (location.hash || '#flows').slice(1).split('/')[0];
  const known = ['flows', 'exceptions', 'targets', 'sla', 'files', 'kpis', 'scorecards'];
  state.page = known.includes(page) ? page : 'flows';
  for (const name of known) $(`page-${name}`).hidden = name !== state.page;
  for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('active', link.dataset.page === state.page);
  showError('');
  refreshPage(true);
}

async function refreshPage(first) {
  if (!sessionStorage.getItem(TOKEN_KEY)) return;
  try {
    switch (state.page) {
      case 'flows': if (state.timeline && !first) await openFlow(state.timeline, true); break;
      case 'exceptions': await loadExceptions(); if (state.job) await loadJob(state.job); break;
      case 'targets': await loadTargets(); break;
      case 'sla': await loadSla(); break;
      case 'files': await loadFiles(); break;
      default: break;
    }
  } catch (e) {
    if (!(e instanceof ApiError && (e.status === 401 || e.status === 403))) showError(e.message);
  }
}

async function refreshCounters() {
  if (!sessionStorage.getItem(TOKEN_KEY)) return;
  const set = (id, value, alert) => {
    const node = $(id);
    node.querySelector('b').textContent = value;
    node.classList.toggle('alert', !!alert);
  };
  const results = await Promise.allSettled([
    api('GET', '/api/v1/exceptions?status=OPEN&limit=500'),
    api('GET', '/api/v1/targets'),
    api('GET', '/api/v1/sla-breaches?status=OPEN&limit=500'),
  ]);
  const [exceptions, targets, sla] = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
  if (exceptions) set('counter-exceptions', exceptions.count >= 500 ? '500+' : exceptions.count, exceptions.count > 0);
  if (targets) {
    const waiting = (targets.targets || []).reduce((sum, t) => sum + (t.waiting || 0), 0);
    set('counter-waiting', waiting, (targets.targets || []).some((t) => t.heldSince));
  }
  if (sla) set('counter-sla', sla.count >= 500 ? '500+' : sla.count, sla.count > 0);
  $('refreshed').textContent = `updated ${when(new Date().toISOString()).slice(11)}`;
}

// ---- flows: search by any business key, timeline -----------------------------------------------------------------

async function searchFlows(event) {
  event.preventDefault();
  const key = $('flow-key').value;
  const value = $('flow-value').value.trim();
  if (!value) return;
  state.timeline = null;
  fill($('flow-timeline'));
  fill($('flow-results'), notice('Searching…'));
  try {
    let flows;
    if (key === 'correlationId') {
      flows = [await api('GET', `/api/v1/traces/${encodeURIComponent(value)}`).catch((e) => {
        if (e.status === 404) return null;
        throw e;
      })].filter(Boolean);
    } else {
      // any key: the trace API names the key searched, so ask each key and merge the flows found
      const names = key ? [key] : TRACE_KEYS;
      const pages = await Promise.all(names.map((name) => api('GET', `/api/v1/traces${query({ [name]: value, size: 50 })}`)));
      const byId = new Map();
      for (const page of pages) for (const flow of page.flows || []) byId.set(flow.correlationId, flow);
      flows = [...byId.values()].sort((a, b) => String(b.lastAt).localeCompare(String(a.lastAt)));
    }
    renderFlows(flows);
    if (flows.length === 1) await openFlow(flows[0].correlationId);
  } catch (e) {
    fill($('flow-results'), notice(`Search failed: ${e.message}`));
  }
}

function renderFlows(flows) {
  if (!flows.length) {
    fill($('flow-results'), notice('No flow carries that key in the search window.'));
    return;
  }
  fill($('flow-results'), table(['last step', 'workflows', 'business keys', 'steps', 'exceptions', 'correlation id'],
    flows.map((f) => el('tr', { class: 'clickable flow-row', 'data-correlation-id': f.correlationId, onclick: () => openFlow(f.correlationId) },
      el('td', {}, when(f.lastAt)),
      el('td', {}, (f.workflows || []).join(', ')),
      el('td', {}, keys(f.businessKeys)),
      el('td', { class: 'num' }, f.summary ? f.summary.steps : ''),
      el('td', { class: 'num' }, f.summary && f.summary.openExceptions ? badge(`${f.summary.openExceptions} open`) : '0'),
      el('td', {}, el('code', {}, f.correlationId))))));
}

async function openFlow(correlationId, quiet) {
  state.timeline = correlationId;
  let flow;
  try {
    flow = await api('GET', `/api/v1/traces/${encodeURIComponent(correlationId)}`);
  } catch (e) {
    if (!quiet) fill($('flow-timeline'), notice(`Could not load the flow: ${e.message}`));
    return;
  }
  const outcomes = Object.entries((flow.summary && flow.summary.outcomes) || {}).map(([k, v]) => `${v} ${k}`).join(', ');
  fill($('flow-timeline'), el('div', { class: 'card', id: 'timeline' },
    el('h3', {}, 'Timeline of ', el('code', {}, flow.correlationId)),
    el('p', {}, keys(flow.businessKeys)),
    el('p', { class: 'muted' }, `${when(flow.firstAt)} → ${when(flow.lastAt)} · ${outcomes}`,
      flow.summary && flow.summary.slaBreaches ? ` · ${flow.summary.slaBreaches} SLA breach(es)` : ''),
    el('ol', { class: 'timeline' }, (flow.steps || []).map((s) => {
      const bad = /FAIL|DEAD|BREACH|REFUSED|ERROR/i.test(s.outcome || '') || s.slaBreached;
      return el('li', { class: bad ? 'bad step' : 'step' },
        el('span', { class: 'when' }, when(s.recordedAt)),
        el('b', {}, s.step), ' ', badge(s.outcome || ''),
        s.target ? el('span', {}, ` → ${s.target}`) : null,
        el('span', { class: 'muted' }, ` ${s.workflow || ''}${s.eventType ? ' · ' + s.eventType : ''}`,
          s.elapsedMillis !== undefined && s.elapsedMillis !== null ? ` · ${s.elapsedMillis} ms` : '',
          s.slaBreached ? ' · SLA breached' : ''),
        s.detail ? el('div', { class: 'detail' }, s.detail) : null);
    })),
    flow.stepsTruncated ? notice('More steps than shown.') : null,
    (flow.exceptions || []).length ? el('div', {}, el('h3', {}, 'Exceptions of this flow'),
      table(['status', 'step', 'target', 'reason', 'playbook', 'attempts'], flow.exceptions.map((x) => el('tr', {},
        el('td', {}, badge(x.status)), el('td', {}, x.step), el('td', {}, x.target || ''),
        el('td', { class: 'error-text' }, `${x.errorClass}: ${x.error}`), el('td', {}, x.decision), el('td', { class: 'num' }, x.attempts))))) : null));
}

// ---- exceptions: list, replay one, discard with reason ------------------------------------------------------------

function exceptionFilter() {
  const form = $('exception-filter');
  const filter = {};
  for (const name of ['status', 'purchaseOrder', 'lot', 'supplier', 'plant', 'item', 'workflow']) {
    // by selector: form.elements.item is the collection's item() method, not the field named "item"
    const value = form.querySelector(`[name="${name}"]`).value.trim();
    if (value) filter[name] = value;
  }
  return filter;
}

async function loadExceptions() {
  if (document.querySelector('.discard-form')) return; // do not redraw under an operator typing a reason
  const filter = exceptionFilter();
  const list = await api('GET', `/api/v1/exceptions${query({ ...filter, limit: 200 })}`);
  const rows = list.exceptions.map((x) => {
    const k = x.businessKeys || {};
    return el('tr', { class: 'exception-row', 'data-id': x.id, 'data-lot': k.lot || '', 'data-po': k.purchaseOrder || '' },
      el('td', {}, when(x.lastSeen)),
      el('td', {}, badge(x.status), x.status === 'RESOLVED' ? el('div', { class: 'muted' }, 'delivered') : null,
        x.statusReason ? el('div', { class: 'muted' }, x.statusReason) : null),
      el('td', {}, k.purchaseOrder || ''), el('td', {}, k.lot || ''), el('td', {}, k.supplier || ''), el('td', {}, k.plant || ''),
      el('td', {}, x.workflow, el('div', { class: 'muted' }, x.step)),
      el('td', {}, x.target || ''),
      el('td', { class: 'error-text', title: x.error }, el('b', {}, x.errorClass), ' ', short(x.error, 140)),
      el('td', {}, x.decision),
      el('td', { class: 'num' }, x.attempts),
      el('td', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary', onclick: () => showException(x.id) }, 'Details'), ' ',
        x.status === 'OPEN' ? el('button', { type: 'button', class: 'replay', onclick: (e) => replayOne(x.id, e.target) }, 'Replay') : null, ' ',
        x.status === 'OPEN' ? el('button', { type: 'button', class: 'danger discard', onclick: (e) => askDiscard(x.id, e.target) }, 'Discard') : null));
  });
  fill($('exception-list'), rows.length
    ? table(['last seen', 'status', 'PO', 'lot', 'supplier', 'plant', 'workflow / step', 'target', 'reason', 'playbook', 'attempts', ''], rows)
    : notice('No exception matches.'));
}

async function replayOne(id, button) {
  button.disabled = true;
  try {
    await api('POST', `/api/v1/exceptions/${encodeURIComponent(id)}/replay`);
  } catch (e) {
    showError(`Replay refused: ${e.message}`);
  }
  await loadExceptions();
}

function askDiscard(id, button) {
  const cell = button.parentElement;
  if (cell.querySelector('.discard-form')) return;
  const input = el('input', { name: 'reason', placeholder: 'reason (required)', required: true, 'aria-label': 'discard reason' });
  const form = el('form', { class: 'discard-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await api('POST', `/api/v1/exceptions/${encodeURIComponent(id)}/discard`, { reason: input.value });
      form.remove();
    } catch (err) {
      showError(`Discard refused: ${err.message}`);
      return;
    }
    await loadExceptions();
  } }, input, el('button', { type: 'submit', class: 'danger' }, 'Discard'),
  el('button', { type: 'button', class: 'secondary', onclick: () => form.remove() }, 'Cancel'));
  cell.append(form);
  input.focus();
}

async function showException(id) {
  const x = await api('GET', `/api/v1/exceptions/${encodeURIComponent(id)}`);
  let payload = x.payload || '';
  try { payload = JSON.stringify(JSON.parse(payload), null, 2); } catch (e) { /* not JSON: shown as it is */ }
  fill($('exception-detail'), el('div', { class: 'card' },
    el('h3', {}, `Exception ${x.id}`),
    el('p', {}, badge(x.status), ' ', keys(x.businessKeys), ' correlation ', el('code', {}, x.correlationId || '')),
    el('p', { class: 'error-text' }, `${x.errorClass}: ${x.error}`),
    table(['when', 'what', 'by', 'detail'], (x.history || []).map((h) => el('tr', {},
      el('td', {}, when(h.at)), el('td', {}, badge(h.kind)), el('td', {}, h.actor || ''), el('td', { class: 'error-text' }, h.detail || '')))),
    el('h3', {}, 'Original message'), el('pre', {}, payload)));
}

// ---- bulk replay: dry run first, then a job that replays one record at a time -----------------------------------

function bulkFilter() {
  const { status, ...filter } = exceptionFilter();
  return filter;
}

async function dryRun() {
  const filter = bulkFilter();
  if (!Object.keys(filter).length) {
    showError('Name at least one of PO, lot, supplier, plant, item or workflow to replay by filter.');
    return;
  }
  showError('');
  state.job = null;
  let run;
  try {
    run = await api('POST', '/api/v1/replay-jobs/dry-run', filter);
  } catch (e) {
    showError(`Dry run refused: ${e.message}`);
    return;
  }
  state.dryRun = { filter, run };
  const targets = Object.entries(run.targets || {}).map(([t, n]) => `${n} to ${t}`).join(', ');
  const toSend = run.records.filter((r) => r.wouldBe === 'REPLAYED');
  fill($('bulk'), el('div', { class: 'card', id: 'dry-run' },
    el('h3', {}, `Dry run: ${run.count} open exception(s) match`),
    el('p', {}, `${toSend.length} would be replayed (${targets || 'no target'}), ${run.duplicates} already done (duplicates, not sent), ${run.notReplayable} cannot be replayed.`,
      run.truncated ? ' Only the first records are listed; narrow the filter.' : ''),
    table(['exception', 'would be', 'target / step', 'business keys', 'would send', 'why'], run.records.map((r) => el('tr', { class: 'dry-run-row' },
      el('td', {}, el('code', {}, r.exceptionId.slice(0, 8))),
      el('td', {}, badge(r.wouldBe)),
      el('td', {}, r.target || '', el('div', { class: 'muted' }, r.step)),
      el('td', {}, keys(r.businessKeys)),
      el('td', {}, r.topic ? `${r.eventType || 'message'} (${r.payloadBytes} bytes) on ${r.topic}` : '',
        r.idempotencyKey ? el('div', { class: 'muted' }, `key ${r.idempotencyKey}`) : null),
      el('td', { class: 'error-text' }, r.reason || '')))),
    el('p', {},
      el('button', { type: 'button', id: 'bulk-start', disabled: toSend.length === 0, onclick: startJob }, `Replay ${toSend.length} now, one at a time`), ' ',
      el('button', { type: 'button', class: 'secondary', onclick: () => { state.dryRun = null; fill($('bulk')); } }, 'Cancel'))));
}

async function startJob() {
  const { filter, run } = state.dryRun;
  try {
    const job = await api('POST', '/api/v1/replay-jobs', { ...filter, exceptionIds: run.records.map((r) => r.exceptionId) });
    state.job = job.id;
    renderJob(job);
  } catch (e) {
    showError(`Replay job refused: ${e.message}`);
  }
}

async function loadJob(id) {
  renderJob(await api('GET', `/api/v1/replay-jobs/${encodeURIComponent(id)}`));
}

async function jobAction(id, action) {
  try {
    renderJob(await api('POST', `/api/v1/replay-jobs/${encodeURIComponent(id)}/${action}`));
  } catch (e) {
    showError(`${action} refused: ${e.message}`);
  }
}

function renderJob(job) {
  const counts = Object.entries(job.outcomes || {}).map(([k, v]) => `${v} ${k.toLowerCase()}`).join(', ');
  fill($('bulk'), el('div', { class: 'card', id: 'replay-job', 'data-status': job.status },
    el('h3', {}, 'Replay job ', el('code', {}, job.id.slice(0, 8)), ' ', badge(job.status)),
    el('div', { class: 'progress' }, el('div', { style: `width:${job.total ? Math.round((100 * job.done) / job.total) : 100}%` })),
    el('p', {}, `${job.done} of ${job.total} done${counts ? ' — ' + counts : ''}. Started ${when(job.createdAt)} by ${job.createdBy}.`),
    el('p', {},
      job.status === 'RUNNING' ? el('button', { type: 'button', class: 'danger', id: 'job-stop', onclick: () => jobAction(job.id, 'stop') }, 'Stop') : null,
      job.status === 'STOPPED' ? el('button', { type: 'button', id: 'job-resume', onclick: () => jobAction(job.id, 'resume') }, 'Resume') : null, ' ',
      job.status !== 'RUNNING' ? el('button', { type: 'button', class: 'secondary', onclick: () => { state.job = null; fill($('bulk')); } }, 'Close') : null),
    table(['#', 'exception', 'target', 'business keys', 'replay', 'exception now', 'detail'], (job.items || []).map((i) => el('tr', { class: 'job-item' },
      el('td', { class: 'num' }, i.position + 1),
      el('td', {}, el('code', {}, i.exceptionId.slice(0, 8))),
      el('td', {}, i.target || ''),
      el('td', {}, keys(i.businessKeys)),
      el('td', {}, badge(i.outcome || i.state)),
      el('td', {}, i.exceptionStatus ? badge(i.exceptionStatus) : ''),
      el('td', { class: 'error-text' }, i.detail || ''))))));
}

// ---- held work per target -----------------------------------------------------------------------------------------

async function loadTargets() {
  const answer = await api('GET', '/api/v1/targets');
  fill($('target-list'), (answer.targets || []).map((t) => el('div', { class: 'card target', 'data-target': t.target },
    el('h3', {}, t.target, ' ', t.heldSince ? badge('HELD') : null, ' ', t.breaker ? badge(t.breaker) : null),
    el('p', { class: 'impact' }, `${t.waiting} waiting`),
    el('p', { class: 'muted' }, t.oldestWaitingSince ? `oldest since ${when(t.oldestWaitingSince)}` : 'nothing waiting',
      t.heldSince ? ` · held since ${when(t.heldSince)}` : ''),
    el('button', { type: 'button', class: 'secondary', onclick: () => loadTarget(t.target) }, 'Impact'))));
  if (state.target) await loadTarget(state.target);
  await loadPartners();
}

// partner connectivity (connectors.PartnerConnectivity, on this port: the health group partners is on the management
// port only): each inbound file connector route UP, DOWN with the partner's answer, STANDBY (another instance leads and
// polls it) or NOT_POLLING
async function loadPartners() {
  let answer;
  try {
    answer = await api('GET', '/api/v1/partner-connections');
  } catch (e) {
    fill($('partner-list'), notice(`Could not read the partner connections: ${e.message}`));
    return;
  }
  const connections = answer.connections || [];
  if (connections.length === 0) {
    fill($('partner-list'), notice('No partner connector is configured.'));
    return;
  }
  fill($('partner-list'), el('table', {},
    el('thead', {}, el('tr', {}, el('th', {}, 'Connector route'), el('th', {}, 'State'))),
    el('tbody', {}, ...connections.map((c) => el('tr', { class: 'partner', 'data-route': c.route, 'data-state': c.state },
      el('td', {}, c.route),
      el('td', {}, badge(c.state), ' ', el('span', { class: 'error-text' }, c.detail || '')))))));
}

async function loadTarget(target) {
  state.target = target;
  let backlog;
  try {
    backlog = await api('GET', `/api/v1/targets/${encodeURIComponent(target)}/waiting?limit=50`);
  } catch (e) {
    fill($('target-detail'), notice(`Could not read ${target}'s backlog: ${e.message}`));
    return;
  }
  const impact = backlog.impact || {};
  fill($('target-detail'), el('div', { class: 'card', id: 'target-impact' },
    el('h3', {}, `Waiting on ${target}`),
    el('p', { class: 'impact' }, impact.summary || `${backlog.read} waiting`),
    backlog.complete ? null : notice('More deliveries wait than were read; the impact counts those read.'),
    (backlog.deliveries || []).length ? table(['since', 'operation', 'workflow / step', 'plant', 'business keys', 'correlation id'],
      backlog.deliveries.map((d) => el('tr', {}, el('td', {}, when(d.requestedAt)), el('td', {}, d.operation || ''),
        el('td', {}, d.workflow || '', el('div', { class: 'muted' }, d.step || '')), el('td', {}, d.plant || ''),
        el('td', {}, keys(d.businessKeys)), el('td', {}, el('code', {}, d.correlationId || ''))))) : notice('Nothing waits on this target.')));
}

// ---- SLA board --------------------------------------------------------------------------------------------------

async function loadSla() {
  const answer = await api('GET', '/api/v1/sla-breaches?status=OPEN&limit=200');
  fill($('sla-list'), answer.breaches.length ? table(['due', 'raised', 'kind', 'workflow / expected step', 'plant', 'business keys', 'playbook', 'detail'],
    answer.breaches.map((b) => el('tr', { class: 'sla-row' }, el('td', {}, when(b.dueAt)), el('td', {}, when(b.raisedAt)), el('td', {}, b.kind),
      el('td', {}, b.workflow || '', el('div', { class: 'muted' }, b.expectedStep || '')), el('td', {}, b.plant || ''),
      el('td', {}, keys(b.businessKeys)), el('td', {}, b.playbookDecision || ''), el('td', { class: 'error-text' }, b.detail || ''))))
    : notice('No open SLA breach.'));
}

// ---- file jobs: rows read / published / rejected per inbound file ---------------------------------------------------

async function loadFiles() {
  let answer;
  try {
    answer = await api('GET', '/api/v1/file-jobs');
  } catch (e) {
    if (e.status === 404) { fill($('file-list'), el('p', { class: 'notice not-available' }, 'File job progress is not available on this server.')); return; }
    throw e;
  }
  fill($('file-list'), answer.files.length ? table(['started', 'instance', 'file', 'state', 'rows read', 'published', 'rejected', 'finished', 'reason'],
    answer.files.map((f) => el('tr', { class: 'file-row' }, el('td', {}, when(f.startedAt)), el('td', {}, f.instance || ''), el('td', {}, f.file || ''),
      el('td', {}, badge(f.state)), el('td', { class: 'num' }, f.rowsRead ?? (f.finishedAt ? '—' : '…')), el('td', { class: 'num' }, f.published),
      el('td', { class: 'num' }, f.rejected ?? (f.finishedAt ? '—' : '…')), el('td', {}, when(f.finishedAt)), el('td', { class: 'error-text' }, f.reason || ''))))
    : notice('No inbound file taken in since this instance started.'));
}

// ---- KPIs and scorecards: whatever JSON object the API answers, flattened into labelled rows ------------------------

/** Flattens nested objects and arrays into [label, value] rows: {a: {b: 1}, c: [{d: 2}]} → a › b = 1, c › 1 › d = 2. */
function flatten(value, label, rows) {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i + 1), v]) : Object.entries(value);
    if (!entries.length) rows.push([label, Array.isArray(value) ? '(none)' : '']);
    for (const [k, v] of entries) flatten(v, label ? `${label} › ${k}` : k, rows);
  } else {
    rows.push([label, value === null ? '—' : typeof value === 'number' ? value.toLocaleString('en') : String(value)]);
  }
  return rows;
}

function humanLabel(path) {
  return path.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ');
}

function dayStart(date) { return date ? new Date(`${date}T00:00:00`).toISOString() : undefined; }

async function showGeneric(container, path, what) {
  fill(container, notice('Loading…'));
  try {
    const json = await api('GET', path);
    const rows = flatten(json, '', []);
    fill(container, el('table', { class: 'kv generic' }, el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('th', {}, humanLabel(k)), el('td', {}, v))))));
  } catch (e) {
    if (e.status === 404) fill(container, el('p', { class: 'notice not-available' }, `${what} not available: this server does not answer ${path.split('?')[0]}.`));
    else fill(container, notice(`${what} could not be loaded: ${e.message}`));
  }
}

function showKpis(event) {
  event.preventDefault();
  const f = event.target.elements;
  showGeneric($('kpi-result'), `/api/v1/kpis${query({ from: dayStart(f.from.value), to: dayStart(f.to.value), plant: f.plant.value })}`, 'KPIs');
}

function showScorecard(event) {
  event.preventDefault();
  const f = event.target.elements;
  showGeneric($('scorecard-result'), `/api/v1/suppliers/${encodeURIComponent(f.supplier.value.trim())}/scorecard${query({ from: dayStart(f.from.value), to: dayStart(f.to.value) })}`,
    'Supplier scorecard');
}

// ---- wiring -----------------------------------------------------------------------------------------------------

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('token').value = '';
  signedIn();
});
$('sign-out').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); showLogin(''); });
$('flow-search').addEventListener('submit', searchFlows);
$('exception-filter').addEventListener('submit', (e) => { e.preventDefault(); loadExceptions().catch((err) => showError(err.message)); });
$('bulk-dry-run').addEventListener('click', dryRun);
$('kpi-form').addEventListener('submit', showKpis);
$('scorecard-form').addEventListener('submit', showScorecard);
window.addEventListener('hashchange', route);
setInterval(() => { refreshCounters(); refreshPage(false); }, REFRESH_MILLIS);

if (sessionStorage.getItem(TOKEN_KEY)) signedIn();
else showLogin('');
