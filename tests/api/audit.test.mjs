// audit.test.mjs - what goes into the audit log, what never does, and that
// `rede audit verify` proves the chain and finds a tampered or removed row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, PASSWORD } from './harness.mjs';

const srv = new Server();
// Reads are put on record by a batcher within ~100 ms (see audit_queue.h).
const settle = () => new Promise((r) => setTimeout(r, 250));
before(async () => { srv.setupTenants(); await srv.start(); });
after(() => srv.stop());

test('sign-ins, failures, changes and reads of personal data are on record', async () => {
  const admin = await srv.login('a-admin');
  await srv.req('POST', '/api/v1/session', { body: { username: 'a-admin', password: 'not-the-password' } });
  const created = await srv.req('POST', '/api/v1/users', {
    body: { username: 'revideret', display_name: 'Revi Deret', password: 'a-long-password-7', roles: ['leader'] }, session: admin });
  assert.equal(created.status, 201);
  await srv.req('GET', `/api/v1/users/${created.json.id}`, { session: admin });
  await srv.req('GET', '/api/v1/users', { session: admin });
  const hp = await srv.login('a-home_pedagogue');
  await srv.req('GET', '/api/v1/users', { session: hp }); // denied
  await srv.req('DELETE', '/api/v1/session', { session: admin });
  await settle();

  const rows = srv.sql("SELECT action || '|' || COALESCE(entity,'') || '|' || COALESCE(entity_id,'') || '|' || outcome || '|' || COALESCE(purpose,'') || '|' || COALESCE(user_id, 0) FROM audit_log ORDER BY id").split('\n');
  const has = (re) => assert.ok(rows.some((r) => re.test(r)), `no audit row like ${re}:\n${rows.join('\n')}`);
  has(/^login\|user\|\d+\|ok\|POST \/api\/v1\/session\|\d+$/);
  has(/^login\|user\|\d+\|denied\|POST \/api\/v1\/session\|[1-9]\d*$/); // wrong password, user known
  has(new RegExp(`^create\\|user\\|${created.json.id}\\|ok\\|POST /api/v1/users\\|`));
  has(new RegExp(`^read\\|user\\|${created.json.id}\\|ok\\|GET /api/v1/users/\\{id\\}\\|`));
  has(/^search\|user\|\|ok\|GET \/api\/v1\/users\|/);
  has(/^read\|\|\|denied\|GET \/api\/v1\/users\|/);
  has(/^logout\|user\|\d+\|ok\|DELETE \/api\/v1\/session\|/);
  // a failed login for an unknown user is recorded without guessing who
  await srv.req('POST', '/api/v1/session', { body: { username: 'ghost', password: 'not-the-password' } });
  await settle();
  assert.equal(srv.sql("SELECT COALESCE(user_id, 0) FROM audit_log ORDER BY id DESC LIMIT 1"), '0');
});

test('no password, token or username guess ends up in the log or on stderr', async () => {
  const s = await srv.login('a-coordinator');
  const everything = srv.sql('SELECT * FROM audit_log');
  for (const secret of [PASSWORD, 'not-the-password', 'a-long-password-7', s.csrf, s.cookie.split('=')[1]]) {
    assert.ok(!everything.includes(secret), `audit log contains a secret`);
    assert.ok(!srv.stderr.includes(secret), `server log contains a secret`);
  }
  assert.ok(!srv.stderr.includes('ghost'));
});

test('rede audit verify proves the chain and finds a changed row', async () => {
  await settle();
  let r = srv.cli(['audit', 'verify']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /intact/);
  const original = srv.sql('SELECT outcome FROM audit_log WHERE id = 3');
  srv.sql("UPDATE audit_log SET outcome = 'tampered' WHERE id = 3");
  r = srv.cli(['audit', 'verify']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /entry 3\b/);
  srv.sql(`UPDATE audit_log SET outcome = '${original}' WHERE id = 3`);
  assert.equal(srv.cli(['audit', 'verify']).status, 0);
});

test('removing the newest entries is detected too', async () => {
  const last = Number(srv.sql('SELECT max(id) FROM audit_log'));
  srv.sql(`DELETE FROM audit_log WHERE id = ${last}`);
  const r = srv.cli(['audit', 'verify']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`entry ${last}\\b`));
});
