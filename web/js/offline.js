// offline.js - working without a network (issue 20): the layer under
// api.js that keeps and reads the encrypted copy on the device and queues
// new records, the service worker's registration, syncing, the wipe rules,
// the status bar above each page and the outbox page.
//
// What is kept (only the signed-in user's own work, nothing more): the
// session (who is signed in), the caseload and each of its open courses
// with goals and contacts; the health visitor's own offers and the ones
// with a visit due (with the materials catalogue of their age group); the
// daycare's children of today. It is primed in the
// background after sign-in while online, and refreshed by every page the
// user opens.
//
// Wipe rules: sign-out erases the user's data (key first), as does a
// browser whose user has been disabled (GET /session says so) and a device
// that has not reached the server for offline.max_days days (the server's
// setting, delivered in /me). An expired session keeps the outbox until
// the same user signs in again; another user's sign-in never touches it.
import { api, ApiError, setOfflineLayer, request } from './api.js';
import { t, formatDate, formatDateTime, parseDate } from './i18n.js';
import { h, clear, add, $ } from './dom.js';
import { icon } from './forms.js';
import * as vault from './vault.js';
import * as outbox from './outbox.js';

const state = { user: null, me: null, persisted: null, lastSync: null };
const DAY = 86400000;

// ---- what may be kept ----
const COURSE = /^\/api\/v1\/enrolments\/(\d+)(\/contacts)?$/;
const OFFER = /^\/api\/v1\/health-visits\/offers\/(\d+)$/;
let courseIds = null; // open courses of the cached caseload

async function openCourses() {
  if (!courseIds) {
    const cl = await vault.getData(state.user, '/api/v1/caseload');
    courseIds = new Set((cl?.data?.items || []).filter((c) => c.status !== 'closed').map((c) => c.id));
  }
  return courseIds;
}

async function allowed(path, data) {
  if (path === '/api/v1/caseload') return true;
  if (path === '/api/v1/health-visits/offers?mine=1') return true;
  if (path === '/api/v1/daycare/children') return true;
  if (path === '/api/v1/vocabulary') return true; // the closed lists the forms offer
  if (/^\/api\/v1\/materials\?age_group=[a-z0-9_]+$/.test(path)) return true; // a catalogue
  let m = COURSE.exec(path);
  if (m) return (await openCourses()).has(Number(m[1]));
  m = OFFER.exec(path);
  if (m) return data?.health_visitor?.id === state.user && ['offered', 'accepted'].includes(data?.status);
  return false;
}

const layer = {
  queueable: (method, path) => !!state.user && outbox.queueable(method, path),

  async queue(method, path, opts) {
    await outbox.queue(state.user, { path, body: opts.body, key: opts.key, etag: opts.offlineEtag ?? opts.etag, label: opts.label });
    return { status: 202, data: null, etag: null, location: null, queued: true };
  },

  async read(path) {
    try {
      const user = state.user ?? await vault.currentUser();
      if (user == null) return null;
      const hit = await vault.getData(user, path === '/api/v1/session' ? 'session' : path);
      return hit ? { data: hit.data, etag: hit.etag } : null;
    } catch { return null; }
  },

  async keep(path, data, etag) {
    if (state.user == null || !data) return;
    try {
      if (path === '/api/v1/caseload') courseIds = null;
      if (await allowed(path, data)) await vault.putData(state.user, path, { data, etag, at: Date.now() });
      if (path === '/api/v1/caseload') courseIds = null;
    } catch { /* storage full or refused: the page still has its answer */ }
  },

  reached(status) {
    if (state.user == null || status === 0) return;
    const now = Date.now();
    if (now - (layer.lastMark || 0) < 60000) return;
    layer.lastMark = now;
    vault.setMeta(state.user, { last_contact: now }).catch(() => {});
  },
};

// ---- start, sign-in, sign-out ----

// Before the first request: the layer is active from here. Returns nothing.
export function initOffline() {
  if (!vault.available()) return;
  setOfflineLayer(layer);
  registerWorker();
  window.addEventListener('online', () => { render(); syncNow({ auto: true }); });
  window.addEventListener('offline', () => render());
  outbox.onChange(() => { render(); maybeActivateWorker(); });
}

// GET /session said nobody is signed in; disabled: the server says the
// browser's user has been disabled - erase what the device holds of them.
export async function signedOutAnswer(data) {
  if (!vault.available() || !data?.disabled) return;
  const user = await vault.currentUser().catch(() => null);
  if (user != null) await vault.wipeUser(user);
}

// A user is signed in (online, or offline from the cached session).
// online: the answer came from the server (keep it, prime the cache).
export async function signedIn(me, { online = true, csrf } = {}) {
  if (!vault.available()) return;
  state.me = me;
  state.user = me.id;
  courseIds = null;
  try {
    const before = await vault.currentUser();
    if (before != null && before !== me.id) await vault.dropData(before);
    // offline too long: nothing may be kept (the server would refuse the
    // records anyway); offline.max_days comes from /me
    const m = await vault.meta(me.id);
    const maxDays = me.offline?.max_days ?? 7;
    if (m.last_contact && Date.now() - m.last_contact > maxDays * DAY) {
      await vault.wipeUser(me.id);
      if (!online) {
        state.user = null;
        return 'expired';
      }
    }
    await vault.ensureKey(me.id);
    await vault.setCurrentUser(me.id);
    if (online) {
      await vault.putData(me.id, 'session', { data: { ...me, signed_in: true, csrf_token: csrf ?? me.csrf_token }, at: Date.now() });
      await vault.setMeta(me.id, { last_contact: Date.now() });
    }
  } catch { /* storage refused: work online only */ }
  requestPersistence();
  render();
  // on opening: send what waits, then refresh the copy (not awaited: the
  // page shows meanwhile)
  if (online) syncNow({ auto: true }).catch(() => null).then(() => prime());
  return 'ok';
}

// Sign-out: unsent records are lost with the data, so the user is asked
// first. Resolves false when they keep them (the sign-out is cancelled).
export async function beforeSignOut() {
  if (!vault.available() || state.user == null) return true;
  const left = await outbox.unsent(state.user).catch(() => 0);
  if (left && !(await confirmDialog(t('outbox.signout_title'), t('outbox.signout_text', { count: left }), t('outbox.signout_yes')))) return false;
  return true;
}

export async function signedOut() {
  if (!vault.available()) return;
  const user = state.user ?? await vault.currentUser().catch(() => null);
  state.user = null;
  state.me = null;
  courseIds = null;
  if (user != null) await vault.wipeUser(user).catch(() => {});
  render();
}

// ---- priming the copy while online ----
async function prime() {
  const me = state.me;
  if (!me || navigator.onLine === false) return;
  const quiet = (p) => p.catch(() => null);
  try {
    if (me.roles.includes('home_pedagogue')) {
      const cl = await quiet(api.get('/api/v1/caseload', { noReauth: true }));
      for (const c of (cl?.data?.items || []).filter((x) => x.status === 'active')) {
        await quiet(api.get(`/api/v1/enrolments/${c.id}`, { noReauth: true }));
        await quiet(api.get(`/api/v1/enrolments/${c.id}/contacts`, { noReauth: true }));
      }
    }
    if (me.roles.includes('health_visitor')) {
      const of = await quiet(api.get('/api/v1/health-visits/offers?mine=1', { noReauth: true }));
      const groups = new Set();
      for (const o of (of?.data?.items || []).filter((x) => x.status === 'accepted')) {
        await quiet(api.get(`/api/v1/health-visits/offers/${o.id}`, { noReauth: true }));
        groups.add(o.programme === 'visit_3y' ? '3y' : '1_5y');
      }
      for (const g of groups) await quiet(api.get(`/api/v1/materials?age_group=${g}`, { noReauth: true }));
    }
    if (me.roles.includes('daycare')) await quiet(api.get('/api/v1/daycare/children', { noReauth: true }));
  } catch { /* a partial copy is still a copy */ }
}

// ---- sync ----
async function send(e) {
  try {
    const r = await request('POST', e.path, { body: e.body, key: e.key, etag: e.etag || undefined, noReauth: true, noQueue: true });
    return { status: r.status };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { status: err.status, problem: err.problem, etag: err.etag };
  }
}

// auto: on opening and on "online" (quiet); otherwise the button.
export async function syncNow({ auto = false } = {}) {
  if (state.user == null || navigator.onLine === false) { render(); return null; }
  const res = await outbox.sync(state.user, send);
  state.lastSync = res;
  render();
  maybeActivateWorker();
  if (!auto && res.stopped === 'session') announce(t('outbox.need_login'));
  return res;
}

function announce(text) {
  const live = $('#live');
  if (!live) return;
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

// ---- storage persistence ----
async function requestPersistence() {
  if (state.persisted !== null || !navigator.storage?.persist) return;
  try {
    state.persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch { state.persisted = false; }
  render();
}

// ---- service worker ----
let registration = null;

async function registerWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  try {
    registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    registration.addEventListener('updatefound', () => {
      registration.installing?.addEventListener('statechange', () => maybeActivateWorker());
    });
    maybeActivateWorker();
  } catch { /* no worker: the app works online as before */ }
}

// A new version of the app waits until no unsent record could be lost.
async function maybeActivateWorker() {
  const waiting = registration?.waiting;
  if (!waiting) return;
  const left = state.user == null ? 0 : await outbox.unsent(state.user).catch(() => 1);
  if (!left) waiting.postMessage({ type: 'outbox-empty' });
}

// ---- the status bar above the page ----
let bar = null;
let renderSeq = 0;

function ensureBar() {
  if (bar && document.contains(bar)) return bar;
  bar = h('div', { id: 'offline-bar', class: 'container offline-bar', role: 'region', 'aria-label': t('offline.region') });
  $('#main')?.before(bar);
  return bar;
}

async function render() {
  const seq = ++renderSeq;
  const el = ensureBar();
  if (state.user == null) { clear(el); el.hidden = true; return; }
  const entries = await outbox.list(state.user).catch(() => []);
  if (seq !== renderSeq) return;
  const pending = entries.filter((e) => e.state === 'pending').length;
  const refused = entries.filter((e) => e.state === 'refused').length;
  const off = navigator.onLine === false;
  const parts = [];
  if (off) {
    parts.push(h('div', { class: 'alert alert-warning', id: 'offline-note' }, icon('warning', t('alert.warning')),
      h('div', { class: 'alert-body' }, h('p', { class: 'alert-heading' }, t('offline.heading')),
        h('p', { class: 'alert-text' }, t('offline.text')))));
  }
  if (pending || refused) {
    parts.push(h('div', { class: 'alert alert-info', id: 'outbox-note' }, icon('info', t('alert.info')),
      h('div', { class: 'alert-body' },
        h('p', { class: 'alert-text' },
          pending ? t('outbox.pending_count', { count: pending }) : null,
          pending && refused ? ' ' : null,
          refused ? t('outbox.refused_count', { count: refused }) : null, ' ',
          h('a', { href: '#/outbox' }, t('outbox.open'))),
        !off && pending ? h('button', { type: 'button', class: 'secondary', id: 'sync-now', onclick: () => syncNow() }, t('outbox.send_now')) : null)));
  }
  if (state.persisted === false) {
    parts.push(h('p', { class: 'note', id: 'persist-note' }, t('offline.not_persisted')));
  }
  clear(el, ...parts);
  el.hidden = parts.length === 0;
}

function confirmDialog(title, text, yesText) {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: 'primary' }, yesText);
    const no = h('button', { type: 'button', class: 'secondary' }, t('form.cancel'));
    const dlg = h('dialog', { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      h('h2', { id: 'confirm-title' }, title), h('p', { id: 'confirm-text' }, text), h('div', { class: 'actions' }, yes, no));
    const end = (ok) => { dlg.close(); dlg.remove(); resolve(ok); };
    yes.addEventListener('click', () => end(true));
    no.addEventListener('click', () => end(false));
    dlg.addEventListener('cancel', (ev) => { ev.preventDefault(); end(false); });
    document.body.append(dlg);
    dlg.showModal();
    no.focus();
  });
}

// ---- the outbox page (#/outbox) ----
const KINDS = [
  [/\/contacts$/, 'contact'], [/\/ratings$/, 'rating'], [/\/visit$/, 'hv_visit'],
  [/\/attendance$/, 'attendance'], [/\/daycare\/scores$/, 'score'],
];
const kindOf = (path) => (KINDS.find(([re]) => re.test(path)) || [null, 'contact'])[1];

const madeText = (e) => formatDateTime(new Date(e.made).toISOString());

// Plain fields of a record's body the user may correct (dates, numbers,
// texts); lists and the client time stay as they were.
function editable(body) {
  return Object.entries(body).filter(([k, v]) => k !== 'recorded_at' && ['string', 'number'].includes(typeof v));
}

const isDate = (k) => /_on$/.test(k);

export async function outboxView(root) {
  const list = h('div', { id: 'outbox' });
  const status = h('p', { class: 'status', role: 'status', tabindex: '-1' });
  const draw = async () => {
    const entries = await outbox.list(state.user);
    const off = navigator.onLine === false;
    clear(list,
      h('p', {}, t('outbox.intro')),
      entries.length === 0 ? h('p', { class: 'note' }, t('outbox.empty')) : null,
      entries.length ? h('ol', { class: 'outbox-list' }, entries.map((e) => entryItem(e, draw, status))) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'outbox-sync', disabled: off || !entries.some((e) => e.state === 'pending'),
          onclick: async () => {
            const r = await syncNow();
            await draw();
            if (r) status.textContent = r.stopped === 'session' ? t('outbox.need_login') : t('outbox.synced', { sent: r.sent, refused: r.refused });
          } }, t('outbox.send_now'))),
      h('h2', {}, t('offline.help_heading')),
      h('p', {}, t('offline.help_what')),
      h('p', {}, t('offline.help_network')),
      h('p', {}, t('offline.help_limits')));
  };
  add(root, status, list);
  await draw();
  const stop = outbox.onChange(() => { if (document.contains(list)) draw(); else stop(); });
}

function entryItem(e, redraw, status) {
  const kind = kindOf(e.path);
  const stateText = e.state === 'pending' ? t('outbox.state.pending') : e.state === 'sent' ? t('outbox.state.sent') : t('outbox.state.refused');
  const item = h('li', { class: `outbox-entry outbox-${e.state}`, dataset: { state: e.state, id: e.id } },
    h('p', { class: 'outbox-what' }, h('strong', {}, t(`outbox.kind.${kind}`)), e.label ? ` – ${e.label}` : null,
      e.body?.happened_on || e.body?.visited_on || e.body?.rated_on
        ? ` (${formatDate(e.body.happened_on || e.body.visited_on || e.body.rated_on)})` : null),
    h('p', { class: 'outbox-state' }, h('span', { class: `badge badge-${e.state}` }, stateText), ' ',
      t('outbox.made', { when: madeText(e) })));
  if (e.state !== 'refused') return item;
  add(item,
    h('div', { class: 'alert alert-error outbox-reason' }, icon('error', t('alert.error')),
      h('div', { class: 'alert-body' }, h('p', { class: 'alert-heading' }, e.reason),
        e.errors?.length ? h('ul', {}, e.errors.map((x) => h('li', {}, x.message))) : null)));
  const fix = h('form', { class: 'outbox-fix', novalidate: true },
    editable(e.body).map(([k, v]) => {
      const id = `fix-${e.id}-${k}`;
      return h('div', { class: 'form-group' }, h('label', { class: 'form-label', for: id }, t(`outbox.field.${k}`) === `outbox.field.${k}` ? k : t(`outbox.field.${k}`)),
        h('input', { class: 'form-input', id, name: k, value: isDate(k) ? formatDate(v) : String(v), type: typeof v === 'number' ? 'number' : 'text' }));
    }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, e.status === 412 ? t('outbox.resend_current') : t('outbox.resend')),
      h('button', { type: 'button', class: 'secondary', onclick: async () => {
        if (!(await confirmDialog(t('outbox.discard_title'), t('outbox.discard_text'), t('outbox.discard')))) return;
        await outbox.discard(state.user, e.id);
        status.textContent = t('outbox.discarded');
        await redraw();
      } }, t('outbox.discard'))));
  fix.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {};
    for (const [k, v] of editable(e.body)) {
      const raw = fix.elements[k].value.trim();
      // dates as people type them (dd-mm-åååå); one that does not parse
      // goes as typed and the server names it
      body[k] = typeof v === 'number' ? Number(raw) : isDate(k) ? (parseDate(raw) || raw) : raw;
    }
    await outbox.resend(state.user, e, { body, etag: e.status === 412 ? e.current_etag : undefined });
    const r = await syncNow();
    await redraw();
    if (r) status.textContent = t('outbox.synced', { sent: r.sent, refused: r.refused });
  });
  return add(item, fix);
}

// For tests and the help text: is the app running from the device's copy?
export function isOffline() { return navigator.onLine === false; }
