// vault.js - the encrypted offline store on the device (issue 20).
//
// One IndexedDB database, "rede-offline", with four stores:
//   keys    {user, key}            the user's AES-GCM key: a CryptoKey made
//                                  non-extractable at sign-in, so no script
//                                  (and no copy of the database) gets the
//                                  raw key bytes; IndexedDB keeps the object.
//   data    {user, path, iv, ct}   API answers kept for offline reading.
//   outbox  {id, user, state, iv, ct}  records made offline, in order.
//   meta    {user, ...}            per user: last contact with the server;
//                                  the row "device" names the signed-in user.
// Everything a person could read (names, goal texts, notes, answers) is in
// ct, encrypted with the user's key and a fresh 96-bit IV; only numbers
// (user id, outbox id and state) are in clear, for lookups. Without the key
// the ciphertext is unreadable: wiping a user removes the key first.
const DB = 'rede-offline';
const STORES = ['keys', 'data', 'outbox', 'meta'];
let dbp = null;

export function available() {
  return typeof indexedDB !== 'undefined' && !!globalThis.crypto?.subtle;
}

function db() {
  dbp ??= new Promise((ok, fail) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => {
      const d = r.result;
      d.createObjectStore('keys', { keyPath: 'user' });
      d.createObjectStore('data', { keyPath: ['user', 'path'] });
      d.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true }).createIndex('user', 'user');
      d.createObjectStore('meta', { keyPath: 'user' });
    };
    r.onsuccess = () => {
      // Another tab deleting or upgrading the database: let it.
      r.result.onversionchange = () => { r.result.close(); dbp = null; };
      ok(r.result);
    };
    r.onerror = () => fail(r.error);
  });
  return dbp;
}

const done = (req) => new Promise((ok, fail) => { req.onsuccess = () => ok(req.result); req.onerror = () => fail(req.error); });

// Runs fn(stores) in one transaction over the named stores; resolves with
// fn's result once the transaction has committed.
async function tx(names, mode, fn) {
  const d = await db();
  const t = d.transaction(names, mode);
  const committed = new Promise((ok, fail) => { t.oncomplete = ok; t.onerror = () => fail(t.error); t.onabort = () => fail(t.error); });
  const stores = Object.fromEntries(names.map((n) => [n, t.objectStore(n)]));
  const result = await fn(stores);
  await committed;
  return result;
}

const keyCache = new Map();

// The user's key, made at the first sign-in on this device (and again after
// a wipe). extractable=false: exportKey is refused for it.
export async function ensureKey(user) {
  if (keyCache.has(user)) return keyCache.get(user);
  let row = await tx(['keys'], 'readonly', (s) => done(s.keys.get(user)));
  if (!row) {
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    row = { user, key };
    await tx(['keys'], 'readwrite', (s) => done(s.keys.put(row)));
  }
  keyCache.set(user, row.key);
  return row.key;
}

async function existingKey(user) {
  if (keyCache.has(user)) return keyCache.get(user);
  const row = await tx(['keys'], 'readonly', (s) => done(s.keys.get(user)));
  if (row) keyCache.set(user, row.key);
  return row?.key || null;
}

async function seal(user, value) {
  const key = await ensureKey(user);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(value)));
  return { iv, ct };
}

async function unseal(user, row) {
  const key = await existingKey(user);
  if (!key || !row) return null;
  try {
    const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: row.iv }, key, row.ct);
    return JSON.parse(new TextDecoder().decode(pt));
  } catch {
    return null; // sealed with a key that is gone: as good as absent
  }
}

// ---- the device's signed-in user ----
export async function currentUser() {
  const row = await tx(['meta'], 'readonly', (s) => done(s.meta.get('device')));
  return row?.current ?? null;
}

export async function setCurrentUser(user) {
  await tx(['meta'], 'readwrite', (s) => done(s.meta.put({ user: 'device', current: user })));
}

// ---- per-user meta (clear numbers only) ----
export async function meta(user) {
  return (await tx(['meta'], 'readonly', (s) => done(s.meta.get(user)))) || { user };
}

export async function setMeta(user, patch) {
  await tx(['meta'], 'readwrite', async (s) => {
    const cur = (await done(s.meta.get(user))) || { user };
    await done(s.meta.put({ ...cur, ...patch, user }));
  });
}

// ---- cached answers ----
export async function putData(user, path, value) {
  const { iv, ct } = await seal(user, value);
  await tx(['data'], 'readwrite', (s) => done(s.data.put({ user, path, iv, ct })));
}

export async function getData(user, path) {
  const row = await tx(['data'], 'readonly', (s) => done(s.data.get([user, path])));
  return unseal(user, row);
}

async function deleteWhere(store, user) {
  await tx([store], 'readwrite', async (s) => {
    const all = await done(s[store].getAll());
    for (const r of all) if (r.user === user) await done(s[store].delete(s[store].keyPath === 'id' ? r.id : [r.user, r.path]));
  });
}

export async function dropData(user) { await deleteWhere('data', user); }

// ---- outbox rows ----
export async function outboxAdd(user, payload) {
  const { iv, ct } = await seal(user, payload);
  return tx(['outbox'], 'readwrite', (s) => done(s.outbox.add({ user, state: 'pending', iv, ct })));
}

// [{id, state, ...payload}] of one user, oldest first.
export async function outboxList(user) {
  const rows = await tx(['outbox'], 'readonly', (s) => done(s.outbox.index('user').getAll(user)));
  rows.sort((a, b) => a.id - b.id);
  const out = [];
  for (const r of rows) {
    const p = await unseal(user, r);
    if (p) out.push({ ...p, id: r.id, state: r.state });
  }
  return out;
}

export async function outboxUpdate(user, id, state, payload) {
  const { iv, ct } = await seal(user, payload);
  await tx(['outbox'], 'readwrite', (s) => done(s.outbox.put({ id, user, state, iv, ct })));
}

export async function outboxDelete(id) {
  await tx(['outbox'], 'readwrite', (s) => done(s.outbox.delete(id)));
}

// Everything of one user: key first (what is left is unreadable), then
// the rows.
export async function wipeUser(user) {
  keyCache.delete(user);
  await tx(['keys'], 'readwrite', (s) => done(s.keys.delete(user)));
  await deleteWhere('data', user);
  await deleteWhere('outbox', user);
  await tx(['meta'], 'readwrite', async (s) => {
    await done(s.meta.delete(user));
    const dev = await done(s.meta.get('device'));
    if (dev?.current === user) await done(s.meta.delete('device'));
  });
}

// The number of rows in every store (for the wipe check and the tests).
export async function counts() {
  return tx(STORES, 'readonly', async (s) => Object.fromEntries(
    await Promise.all(STORES.map(async (n) => [n, await done(s[n].count())]))));
}
