// outbox.js - records made without a network, waiting to be sent (issue 20).
//
// Only NEW records of five kinds go here (QUEUEABLE): a home visit
// (contact), a goal rating, a 1½-/3-year visit, COS-P attendance and a
// daycare's daily score. Changes to shared data (family master data,
// consents, closure) need the network and are refused offline.
//
// An entry keeps what the request needs to be sent exactly once: method,
// path, body (with "recorded_at", the moment it was saved on the device),
// its Idempotency-Key (made once, kept until the server has acknowledged
// it) and, where the server's rule depends on the object's state, the ETag
// the device saw (If-Match). The outbox belongs to one user (vault.js keys
// it by user id and encrypts it with that user's key): another user signed
// in on the same device never sees or sends it.
//
// sync() sends the pending entries in the order they were made. Each ends
// as sent, or refused with the server's reason - a refused entry stays
// until the user corrects and re-sends or discards it, and never holds up
// the ones behind it. A lost connection or a server error stops the run
// (what is left stays pending, keys unchanged: a retry can create nothing
// twice); an expired session stops it too, and the entries wait for the
// same user to sign in again.
import * as vault from './vault.js';

const QUEUEABLE = [
  /^\/api\/v1\/enrolments\/\d+\/contacts$/,
  /^\/api\/v1\/goals\/\d+\/ratings$/,
  /^\/api\/v1\/health-visits\/offers\/\d+\/visit$/,
  /^\/api\/v1\/groups\/\d+\/attendance$/,
  /^\/api\/v1\/daycare\/scores$/,
];

export function queueable(method, path) {
  return method === 'POST' && QUEUEABLE.some((re) => re.test(path));
}

const listeners = new Set();
export function onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
function changed() { for (const fn of listeners) fn(); }

// Adds a record; returns its outbox id.
export async function queue(user, { path, body, key, etag, label }) {
  const id = await vault.outboxAdd(user, {
    method: 'POST', path, key, etag: etag || null, label: label || null,
    body: { ...body, recorded_at: new Date().toISOString() },
    made: Date.now(),
  });
  changed();
  return id;
}

export async function list(user) {
  return user ? vault.outboxList(user) : [];
}

// How many entries are not sent (pending or refused).
export async function unsent(user) {
  return (await list(user)).filter((e) => e.state !== 'sent').length;
}

function payload(e) {
  const { id: _id, state: _state, ...p } = e;
  return p;
}

export async function discard(user, id) {
  await vault.outboxDelete(id);
  changed();
}

// Back to pending after the user has corrected it (body fields changed,
// or - after 412 - accepted the object as it is now: the new ETag).
export async function resend(user, entry, { body, etag } = {}) {
  const p = payload(entry);
  delete p.reason;
  delete p.errors;
  delete p.current_etag;
  if (body) p.body = { ...p.body, ...body };
  if (etag !== undefined) p.etag = etag;
  await vault.outboxUpdate(user, entry.id, 'pending', p);
  changed();
}

// Sent entries are kept for a day so the user sees them go through.
const SENT_KEPT_MS = 24 * 3600 * 1000;

let running = null;

// send(entry) -> {status, problem, etag}: status 0 when the network failed.
// Resolves {sent, refused, left, stopped: null|'network'|'session'|'server'}.
export function sync(user, send) {
  if (!user) return Promise.resolve({ sent: 0, refused: 0, left: 0, stopped: null });
  if (running) return running;
  const run = async () => {
    const res = { sent: 0, refused: 0, left: 0, stopped: null };
    for (const e of await list(user)) {
      if (e.state === 'sent') {
        if (Date.now() - (e.sent_at || 0) > SENT_KEPT_MS) await vault.outboxDelete(e.id);
        continue;
      }
      if (e.state !== 'pending') continue;
      if (res.stopped) { res.left++; continue; }
      const r = await send(e);
      if (r.status >= 200 && r.status < 300) {
        // Only what the list shows is kept; the record itself is the server's now.
        await vault.outboxUpdate(user, e.id, 'sent', { label: e.label, path: e.path, made: e.made, sent_at: Date.now() });
        res.sent++;
      } else if (r.status >= 400 && r.status < 500 && ![401, 408, 429].includes(r.status)) {
        const p = payload(e);
        p.reason = r.problem?.title || `HTTP ${r.status}`;
        p.errors = Array.isArray(r.problem?.errors) ? r.problem.errors : [];
        p.status = r.status;
        if (r.status === 412) p.current_etag = r.etag || (r.problem?.current_etag ? `"${r.problem.current_etag}"` : null);
        await vault.outboxUpdate(user, e.id, 'refused', p);
        res.refused++;
      } else {
        res.stopped = r.status === 0 ? 'network' : r.status === 401 ? 'session' : 'server';
        res.left++;
      }
      changed();
    }
    return res;
  };
  const locked = navigator.locks?.request ? () => navigator.locks.request('rede-outbox', run) : run;
  running = locked().finally(() => { running = null; changed(); });
  return running;
}
