// idempotency.test.mjs - Idempotency-Key (issue 14): the key is kept with
// a fingerprint of its request (method, path, body); the same request again
// gets the first answer and creates nothing, the same key with another body
// or another path is refused with 422 naming the header - never answered
// with the first request's result while the second is dropped. Both
// backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Server, assertProblem } from './harness.mjs';

const srv = new Server();
let hv, hv2;

const family = (name) => ({ name, persons: [{ kind: 'child', given_name: 'Ida', family_name: name,
  expected_birth_date: '2027-03-01' }] });
const key = (k) => ({ 'Idempotency-Key': k });

before(async () => {
  srv.setupTenants();
  await srv.start();
  hv = await srv.login('a-health_visitor');
  hv2 = await srv.login('a-coordinator');
});
after(() => srv.stop());

test('the same request again is answered as the first and creates nothing', async () => {
  const before = srv.count('family');
  const a = await srv.req('POST', '/api/v1/families', { body: family('Gentaget'), session: hv, headers: key('fam-1') });
  assert.equal(a.status, 201, a.text);
  // the same data, laid out differently, is the same request
  const raw = JSON.stringify({ persons: family('Gentaget').persons, name: 'Gentaget' }, null, 2);
  const b = await srv.req('POST', '/api/v1/families', { raw, session: hv,
    headers: { ...key('fam-1'), 'Content-Type': 'application/json' } });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.id, a.json.id);
  assert.equal(srv.count('family'), before + 1);
});

test('the same key with another body is refused, and the other body is not lost silently', async () => {
  const before = srv.count('family');
  const a = await srv.req('POST', '/api/v1/families', { body: family('Første'), session: hv, headers: key('fam-2') });
  assert.equal(a.status, 201);
  const b = await srv.req('POST', '/api/v1/families', { body: family('Anden'), session: hv, headers: key('fam-2') });
  assertProblem(b, 422, 'Idempotency-Key');
  assert.match(b.json.title, /Idempotency-Key/);
  assert.match(b.json.title, /andet indhold/);
  assert.equal(srv.count('family'), before + 1);
  assert.equal(srv.sql("SELECT count(*) FROM family WHERE name = 'Anden'"), '0');
  // the first request can still be retried
  const c = await srv.req('POST', '/api/v1/families', { body: family('Første'), session: hv, headers: key('fam-2') });
  assert.equal(c.status, 201);
  assert.equal(c.json.id, a.json.id);
});

test('the same key on another object of the same route is refused', async () => {
  const f1 = await srv.req('POST', '/api/v1/families', { body: family('Objekt1'), session: hv });
  const f2 = await srv.req('POST', '/api/v1/families', { body: family('Objekt2'), session: hv });
  const person = { kind: 'guardian', given_name: 'Mor', family_name: 'Objekt', relation: 'mother' };
  const a = await srv.req('POST', `/api/v1/families/${f1.json.id}/persons`, { body: person, session: hv, headers: key('person-1') });
  assert.equal(a.status, 201, a.text);
  const before = srv.count('person');
  assertProblem(await srv.req('POST', `/api/v1/families/${f2.json.id}/persons`, { body: person, session: hv, headers: key('person-1') }),
    422, 'Idempotency-Key');
  assert.equal(srv.count('person'), before);
});

test('two different bodies sent at once with one key: one is stored, the other refused', async () => {
  const before = srv.count('family');
  const rs = await Promise.all(['Samtidig A', 'Samtidig B', 'Samtidig A', 'Samtidig B'].map((n) =>
    srv.req('POST', '/api/v1/families', { body: family(n), session: hv, headers: key('fam-race') })));
  const ok = rs.filter((r) => r.status === 201);
  const refused = rs.filter((r) => r.status === 422);
  assert.equal(ok.length + refused.length, 4, rs.map((r) => r.status).join(','));
  assert.ok(ok.length >= 1 && refused.length >= 1);
  assert.equal(new Set(ok.map((r) => r.json.id)).size, 1);
  const name = ok[0].json.name;
  assert.ok(ok.every((r) => r.json.name === name));
  assert.equal(srv.count('family'), before + 1);
});

test('keys are per user, and the fingerprint is keyed: no plain hash of the body', async () => {
  const body = family('Hver sin');
  const a = await srv.req('POST', '/api/v1/families', { body, session: hv, headers: key('mine') });
  const b = await srv.req('POST', '/api/v1/families', { body, session: hv2, headers: key('mine') });
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.notEqual(a.json.id, b.json.id);
  const fps = srv.sql("SELECT fingerprint FROM idempotency WHERE key = 'mine'").split('\n');
  assert.equal(fps.length, 2);
  for (const fp of fps) assert.match(fp, /^[0-9a-f]{64}$/);
  // the same request by two users: the same fingerprint (per server key)
  assert.equal(fps[0], fps[1]);
  const canon = JSON.stringify(body);
  for (const alg of ['sha256', 'sha3-256']) {
    assert.ok(!fps.includes(createHash(alg).update(canon).digest('hex')));
  }
});
