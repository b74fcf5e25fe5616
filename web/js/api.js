// api.js - the one way the UI talks to /api/v1.
//
// JSON in and out, cookies same-origin, X-CSRF-Token on every write,
// Accept-Language the UI's language, Idempotency-Key on every POST (the
// caller passes the key it wants reused when the same submission is
// retried), If-Match on PATCH. A 401 hands over
// to the re-login handler (the page and its unsaved input stay as they are)
// and the request is retried once the user is signed in again. A read the
// server answers with "give the purpose" (400 naming `purpose`: a CPR
// reveal, a family outside one's caseload; issue 18) asks the purpose
// handler for one and is retried with it. Errors are thrown as ApiError
// carrying the problem+json body.
//
// Without a network (issue 20) an offline layer (offline.js) takes over:
// a GET that cannot reach the server is answered from the encrypted copy
// on the device when there is one ({offline: true}), a new record of a
// kind that may be made offline goes to the outbox ({queued: true}, status
// 202), and any other write fails saying it needs the network. An answer
// saying the user or this device has been disabled (problem "code"
// user_disabled / device_disabled) lets the layer erase the device's copy
// and outbox first, and asks for no new sign-in.
import { t, currentLang } from './i18n.js';

let csrfToken = null;
let reauthHandler = null;
let purposeHandler = null;
let offline = null;

export function setOfflineLayer(layer) { offline = layer; }

export function setCsrf(token) { csrfToken = token || null; }
export function onUnauthorized(fn) { reauthHandler = fn; }
// fn() resolves to a purpose code (GET /api/v1/purposes) or rejects.
export function onPurposeNeeded(fn) { purposeHandler = fn; }

const asksPurpose = (status, data) => status === 400 && Array.isArray(data?.errors)
  && data.errors.some((e) => e.field === 'purpose');

export function newKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  // Plain-HTTP hosts are not a secure context: randomUUID is missing there.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  // [{field, message}] as the server named them ("" = the whole request).
  get errors() { return Array.isArray(this.problem.errors) ? this.problem.errors : []; }

  // A Danish sentence for the top of a form when no field explains it.
  get summary() {
    switch (this.status) {
      case 0: return this.problem.title || t('error.network');
      case 401: return this.problem.title || t('error.unauthorized');
      case 403: return this.problem.title || t('error.forbidden');
      case 412: return t('error.stale');
      default:
        if (this.problem.title) return this.problem.title;
        return this.status >= 500 ? t('error.server') : t('error.generic', { status: this.status });
    }
  }
}

async function parseBody(r) {
  if (r.status === 204) return null;
  const text = await r.text();
  if (!text) return null;
  try { return JSON.parse(text); } catch { return { title: text.slice(0, 200) }; }
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// The server's answers for a disabled user or device (issue 20).
const DISABLED = new Set(['user_disabled', 'device_disabled']);

// request('POST', '/api/v1/users', {body, key}) ->
//   {status, data, etag, location}; throws ApiError. {raw: true} gives the
//   answer's body as a Blob in `blob` instead (a download). {file: Blob}
//   sends the file itself as the body (an upload), not JSON.
export async function request(method, path, opts = {}) {
  const { body, etag, noReauth = false, raw = false, file } = opts;
  const key = method === 'POST' ? (opts.key || newKey()) : null;
  const canQueue = offline && !opts.noQueue && offline.queueable(method, path);
  if (canQueue && navigator.onLine === false) return offline.queue(method, path, { ...opts, key });
  let purposeAsked = false;
  for (let attempt = 0; ; attempt++) {
    // The server answers its messages in the UI's language (Danish or English).
    const headers = { Accept: 'application/json, application/problem+json', 'Accept-Language': currentLang() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (file !== undefined) headers['Content-Type'] = 'application/octet-stream';
    if (WRITE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (key) headers['Idempotency-Key'] = key;
    if (etag) headers['If-Match'] = etag;
    let r;
    try {
      r = await fetch(path, {
        method,
        headers,
        body: file !== undefined ? file : body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      if (offline && method === 'GET') {
        const hit = await offline.read(path);
        if (hit) return { status: 200, data: hit.data, etag: hit.etag, location: null, offline: true };
      }
      if (canQueue) return offline.queue(method, path, { ...opts, key });
      // offline: say the change needs the network; a connection lost on
      // the way (online) is the plain "could not reach the server"
      throw new ApiError(0, offline && WRITE.has(method) && navigator.onLine === false
        ? { title: t('offline.needs_network') } : {});
    }
    offline?.reached(r.status);
    let early;
    if (r.status === 401 || r.status === 403) {
      early = await parseBody(r);
      if (DISABLED.has(early?.code)) {
        if (offline) await offline.disabled(early);
        throw new ApiError(r.status, early);
      }
    }
    if (r.status === 401 && !noReauth && reauthHandler && attempt < 2) {
      // Rejects when the user gives up; then the caller sees the 401.
      const ok = await reauthHandler().then(() => true, () => false);
      if (ok) continue;
      throw new ApiError(401, {});
    }
    if (raw && r.ok) {
      return { status: r.status, blob: await r.blob(), etag: r.headers.get('ETag'), location: r.headers.get('Location') };
    }
    const data = early !== undefined ? early : await parseBody(r);
    if (method === 'GET' && !purposeAsked && purposeHandler && asksPurpose(r.status, data)) {
      purposeAsked = true;
      // Rejects when the user gives up; then the caller sees the 400.
      const code = await purposeHandler().catch(() => null);
      if (code) {
        path += `${path.includes('?') ? '&' : '?'}purpose=${encodeURIComponent(code)}`;
        continue;
      }
    }
    if (!r.ok) {
      const e = new ApiError(r.status, data && typeof data === 'object' ? data : {});
      e.retryAfter = Number(r.headers.get('Retry-After')) || null;
      e.etag = r.headers.get('ETag');
      throw e;
    }
    if (offline && method === 'GET') await offline.keep(path, data, r.headers.get('ETag'));
    return { status: r.status, data, etag: r.headers.get('ETag'), location: r.headers.get('Location') };
  }
}

export const api = {
  get: (path, opts) => request('GET', path, opts),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  patch: (path, body, etag, opts = {}) => request('PATCH', path, { ...opts, body, etag }),
  put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
  // A file as the body (POST /api/v1/imports): bytes, not JSON.
  upload: (path, file, opts = {}) => request('POST', path, { ...opts, file }),
};

// A CPR number in free text (as the server's core_cpr_find): ten digits, or
// six and four with a dash or a space.
const CPR_SHAPE = /(?<!\d)(\d{6})[- ]?(\d{4})(?!\d)/;

// Find families by a search text -> {items: [{id, name}], more}. A text
// holding a CPR number is a CPR look-up sent in the body (POST
// /persons/lookup): a CPR number never goes into a URL (DESIGN §5), where
// proxies and browser history would keep it. Errors name the field "q".
export async function findFamilies(q) {
  const m = CPR_SHAPE.exec(q);
  if (!m) return (await api.get(`/api/v1/families?q=${encodeURIComponent(q)}`)).data;
  try {
    // a CPR look-up is made for a stated purpose (issue 18): asked for when
    // the server wants it, and used for reading the family found too
    const body = { cpr: m[1] + m[2] };
    let found;
    try {
      found = await api.post('/api/v1/persons/lookup', body);
    } catch (e) {
      if (!(e instanceof ApiError) || !purposeHandler || !asksPurpose(e.status, e.problem)) throw e;
      body.purpose = await purposeHandler().catch(() => null);
      if (!body.purpose) throw e;
      found = await api.post('/api/v1/persons/lookup', body);
    }
    const id = found.data.family_id;
    const fam = await api.get(`/api/v1/families/${id}${body.purpose ? `?purpose=${encodeURIComponent(body.purpose)}` : ''}`);
    return { items: [{ id, name: fam.data.name }], more: false };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 404) return { items: [], more: false };
    const moved = new ApiError(e.status, { ...e.problem, errors: e.errors.map((x) => ({ ...x, field: 'q' })) });
    throw moved;
  }
}
