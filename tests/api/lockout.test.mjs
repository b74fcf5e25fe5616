// lockout.test.mjs - an attacker without a password cannot keep a real
// user out (issue 14, item 1), and --trusted-proxy (X-Forwarded-For only
// from a trusted peer, right-most untrusted address).
//
// The server trusts 127.0.0.1 as its proxy, as behind the TLS proxy that
// docs/OPERATIONS.md recommends; the attack and the real users come from
// the SAME client address (an office behind one NAT, or a proxy that is not
// configured as trusted): the worst case.
//
// Stated delay (docs/OPERATIONS.md "Sign-in"): a known device gets in at
// once; a new device within max(login.account_max_delay_seconds,
// login.address_slow_seconds) after the guessing stops. Here 4 s and 2 s
// (defaults 60 s and 5 s), so the test does not wait a minute; the time
// the server spends answering (Argon2id under a sanitizer, nine users one
// after another) is counted apart from the time a user is kept waiting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Server, PASSWORD } from './harness.mjs';

const ACCOUNT_MAX_DELAY = 4;
const ADDRESS_SLOW = 2;
const STATED_MS = Math.max(ACCOUNT_MAX_DELAY, ADDRESS_SLOW) * 1000;
const OFFICE = '203.0.113.66';

const srv = new Server();
const REAL = ['a-admin', 'a-coordinator', 'a-home_pedagogue', 'a-health_visitor', 'a-daycare',
  'a-leader', 'a-evaluator', 'b-admin', 'b-coordinator'];
const devices = {};

before(async () => {
  srv.setupTenants();
  srv.cliOk(['setting', 'set', 'login.account_max_delay_seconds', String(ACCOUNT_MAX_DELAY)]);
  srv.cliOk(['setting', 'set', 'login.address_slow_seconds', String(ADDRESS_SLOW)]);
  await srv.start(['--threads', '16', '--trusted-proxy', '127.0.0.1/32', '--trusted-proxy', '::1/128']);
  // each real user has signed in from their own browser before
  for (const u of REAL) {
    const s = await signIn(u, PASSWORD, { from: OFFICE });
    assert.equal(s.status, 201, u);
    devices[u] = s.device;
  }
});
after(() => srv.stop());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function signIn(username, password, { from, device } = {}) {
  const headers = {};
  if (from) headers['X-Forwarded-For'] = from;
  if (device) headers.Cookie = device;
  const r = await srv.req('POST', '/api/v1/session', { body: { username, password }, headers });
  const dev = r.headers.getSetCookie().find((c) => c.startsWith('rede_device='));
  return { status: r.status, retry: Number(r.headers.get('retry-after') || 0), device: dev ? dev.split(';')[0] : device, json: r.json };
}

test('1 000 failed sign-ins from one address keep no real user out', async () => {
  // real usernames first (so their accounts are slowed too), then made-up
  // ones, with real ones among them, in both sign-in forms
  const names = [];
  for (let i = 0; i < 7; i++) for (const u of REAL) names.push(u);
  for (let i = 0; names.length < 1000; i++) {
    names.push(i % 10 === 0 ? `${REAL[i % REAL.length]}@0101` : `guess-${i}-${Math.random().toString(36).slice(2, 8)}`);
  }
  const statuses = {};
  const t0 = Date.now();
  for (let i = 0; i < names.length; i += 50) {
    const batch = names.slice(i, i + 50).map((n) => signIn(n, `wrong-password-${i}`, { from: OFFICE }));
    for (const r of await Promise.all(batch)) statuses[r.status] = (statuses[r.status] || 0) + 1;
  }
  const attackEnd = Date.now();
  assert.equal((statuses[401] || 0) + (statuses[429] || 0), 1000, JSON.stringify(statuses));
  // the address was slowed, not opened: 50 free failures, then one try per ADDRESS_SLOW s
  const allowed = 50 + Math.ceil((attackEnd - t0) / 1000 / ADDRESS_SLOW) + 1;
  assert.ok(statuses[401] <= allowed, `${statuses[401]} passwords checked, at most ${allowed} allowed`);
  assert.ok(statuses[429] > 900, JSON.stringify(statuses));

  // Time spent being served (Argon2id is slow under a sanitizer) is not
  // time kept out: count it apart.
  let servedMs = 0;
  const timed = async (fn) => {
    const t = Date.now();
    const r = await fn();
    servedMs += Date.now() - t;
    return r;
  };

  // each real user, from the device they used before: in at once
  for (const u of REAL) {
    const r = await timed(() => signIn(u, PASSWORD, { from: OFFICE, device: devices[u] }));
    assert.equal(r.status, 201, `${u} on a known device: ${r.status} ${JSON.stringify(r.json)}`);
  }

  // and from a new device: in within the stated delay after the attack
  for (const u of REAL) {
    let r;
    for (;;) {
      r = await timed(() => signIn(u, PASSWORD, { from: OFFICE }));
      if (r.status !== 429) break;
      assert.ok(r.retry > 0 && r.retry <= Math.max(ACCOUNT_MAX_DELAY, ADDRESS_SLOW), `Retry-After ${r.retry}`);
      await sleep(r.retry * 1000);
    }
    assert.equal(r.status, 201, `${u} on a new device: ${r.status}`);
    const keptOut = Date.now() - attackEnd - servedMs;
    // Retry-After is whole seconds: up to one more on top
    assert.ok(keptOut <= STATED_MS + 2000, `${u} was kept out ${keptOut} ms after the attack`);
  }
});

test('behind a trusted proxy, the attacker\'s client address is slowed, not everyone\'s', async () => {
  // the office address is still slowed from the attack above: of six
  // guesses at once, not all are tried
  const guesses = await Promise.all([1, 2, 3, 4, 5, 6].map((i) =>
    signIn(`guess-${Date.now()}-${i}`, 'wrong-password-x', { from: OFFICE })));
  assert.ok(guesses.some((g) => g.status === 429), JSON.stringify(guesses.map((g) => g.status)));
  // another client behind the same proxy signs in at once from a new device
  const r = await signIn('a-leader', PASSWORD, { from: '198.51.100.20' });
  assert.equal(r.status, 201);
  // a client-forged left part of the header does not move the count
  const forged = await signIn('a-evaluator', PASSWORD, { from: `${OFFICE}, 198.51.100.21` });
  assert.equal(forged.status, 201);
  const keys = srv.sql("SELECT key FROM login_throttle WHERE scope = 'address' ORDER BY key").split('\n');
  assert.ok(keys.includes(OFFICE), keys.join());
  assert.ok(!keys.includes('127.0.0.1'), 'the proxy itself was counted');
});

test('X-Forwarded-For from a peer that is not a trusted proxy is ignored', async () => {
  // from 127.0.0.2 (not trusted) claiming to be someone else
  const status = await new Promise((resolve, reject) => {
    const body = JSON.stringify({ username: 'nobody-here', password: 'wrong-password-y' });
    const q = http.request({ host: '127.0.0.1', port: srv.port, localAddress: '127.0.0.2', method: 'POST',
      path: '/api/v1/session', agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Forwarded-For': '192.0.2.99' } },
    (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    q.on('error', reject);
    q.end(body);
  });
  assert.equal(status, 401);
  const keys = srv.sql("SELECT key FROM login_throttle WHERE scope = 'address'").split('\n');
  assert.ok(keys.includes('127.0.0.2'), keys.join());
  assert.ok(!keys.includes('192.0.2.99'), 'a forged header was believed');
});
