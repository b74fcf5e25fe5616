// input.test.mjs - bad input gets problem+json naming the field and changes
// nothing; conflicts, stale writes and idempotent retries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem } from './harness.mjs';

const srv = new Server();
let admin;
before(async () => { srv.setupTenants(); await srv.start(); admin = await srv.login('a-admin'); });
after(() => srv.stop());

function counts() {
  return { users: srv.count('app_user'), units: srv.count('unit'), members: srv.count('unit_member') };
}

const goodUser = () => ({ username: 'ny.bruger', display_name: 'Ny Bruger', password: 'a-long-password-1', roles: ['leader'] });

test('malformed JSON, non-object bodies and wrong content types change nothing', async () => {
  const before = counts();
  const post = (raw, headers = { 'Content-Type': 'application/json' }) =>
    srv.req('POST', '/api/v1/users', { raw, session: admin, headers });
  assertProblem(await post('{"username": '), 400, '');
  assertProblem(await post('[1,2,3]'), 400, '');
  assertProblem(await post('"text"'), 400, '');
  assertProblem(await post('{"a":1,"a":2}'), 400, '');
  assertProblem(await post('{"username":"x"}', { 'Content-Type': 'text/plain' }), 415, 'Content-Type');
  assertProblem(await post('\u0000\u0001'), 400);
  assert.deepEqual(counts(), before);
});

test('unknown fields, wrong types and missing fields are all named', async () => {
  const before = counts();
  let r = await srv.req('POST', '/api/v1/users', { body: { ...goodUser(), colour: 'blue' }, session: admin });
  assertProblem(r, 400, 'colour');
  r = await srv.req('POST', '/api/v1/users', { body: { ...goodUser(), roles: 'leader', display_name: 7 }, session: admin });
  assertProblem(r, 400, 'roles');
  assertProblem(r, 400, 'display_name');
  r = await srv.req('POST', '/api/v1/users', { body: { display_name: 'X' }, session: admin });
  assertProblem(r, 400, 'username');
  assertProblem(r, 400, 'roles');
  r = await srv.req('POST', '/api/v1/users', { body: { ...goodUser(), password: 'short' }, session: admin });
  assertProblem(r, 400, 'password');
  assert.match(r.json.errors[0].message, /12/);
  r = await srv.req('POST', '/api/v1/users', { body: { ...goodUser(), roles: ['king'] }, session: admin });
  assertProblem(r, 400, 'roles');
  r = await srv.req('POST', '/api/v1/users', { body: { ...goodUser(), username: 'Bad Name!' }, session: admin });
  assertProblem(r, 400, 'username');
  r = await srv.req('POST', '/api/v1/users', { body: { ...goodUser(), unit_ids: [srv.units['Andenby Forvaltning']] }, session: admin });
  assertProblem(r, 400, 'unit_ids'); // another municipality's unit
  r = await srv.req('POST', '/api/v1/users', { body: { ...goodUser(), display_name: 'x'.repeat(201) }, session: admin });
  assertProblem(r, 400, 'display_name');
  r = await srv.req('POST', '/api/v1/units', { body: { kind: 'castle', name: 'X' }, session: admin });
  assertProblem(r, 400, 'kind');
  assert.deepEqual(counts(), before);
});

test('bodies over 1 MiB answer 413 and change nothing', async () => {
  const before = counts();
  const big = JSON.stringify({ ...goodUser(), display_name: 'x'.repeat(1024 * 1024 + 10) });
  assertProblem(await srv.req('POST', '/api/v1/users', { raw: big, session: admin, headers: { 'Content-Type': 'application/json' } }), 413);
  assert.deepEqual(counts(), before);
});

test('a valid user is created once; a taken username is 409', async () => {
  const r = await srv.req('POST', '/api/v1/users', { body: { ...goodUser(), unit_ids: [srv.units.Solsikken], hourly_cost_ore: 45050 }, session: admin });
  assert.equal(r.status, 201);
  assert.equal(r.json.hourly_cost_ore, 45050);
  assert.equal(r.json.units[0].name, 'Solsikken');
  assert.match(r.headers.get('location'), /^\/api\/v1\/users\/\d+$/);
  const before = counts();
  assertProblem(await srv.req('POST', '/api/v1/users', { body: goodUser(), session: admin }), 409, 'username');
  assert.deepEqual(counts(), before);
});

test('changes need If-Match; a stale one answers 412 and changes nothing', async () => {
  const list = await srv.req('GET', '/api/v1/users', { session: admin });
  const u = list.json.items.find((x) => x.username === 'a-leader');
  const r1 = await srv.req('GET', `/api/v1/users/${u.id}`, { session: admin });
  const etag = r1.headers.get('etag');
  assertProblem(await srv.req('PATCH', `/api/v1/users/${u.id}`, { body: { display_name: 'Uden If-Match' }, session: admin }), 428);
  const ok = await srv.req('PATCH', `/api/v1/users/${u.id}`, { body: { display_name: 'Leder Ny' }, session: admin, headers: { 'If-Match': etag } });
  assert.equal(ok.status, 200);
  assert.notEqual(ok.headers.get('etag'), etag);
  // the second writer still holds the old ETag
  const stale = await srv.req('PATCH', `/api/v1/users/${u.id}`, { body: { display_name: 'Overskriver' }, session: admin, headers: { 'If-Match': etag } });
  assertProblem(stale, 412, 'If-Match');
  const now = await srv.req('GET', `/api/v1/users/${u.id}`, { session: admin });
  assert.equal(now.json.display_name, 'Leder Ny');
  // concurrent writers with the same ETag: exactly one wins
  const e2 = now.headers.get('etag');
  const results = await Promise.all([1, 2, 3, 4].map((i) => srv.req('PATCH', `/api/v1/users/${u.id}`,
    { body: { display_name: `Samtidig ${i}` }, session: admin, headers: { 'If-Match': e2 } })));
  assert.equal(results.filter((r) => r.status === 200).length, 1);
  assert.equal(results.filter((r) => r.status === 412).length, 3);
});

test('a retried POST with the same Idempotency-Key creates one record', async () => {
  const before = srv.count('unit');
  const h = { 'Idempotency-Key': 'unit-create-0001' };
  const body = { kind: 'daycare', name: 'Idempotent Børnehus' };
  const a = await srv.req('POST', '/api/v1/units', { body, session: admin, headers: h });
  const b = await srv.req('POST', '/api/v1/units', { body, session: admin, headers: h });
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.deepEqual(b.json, a.json);
  assert.equal(srv.count('unit'), before + 1);
  // parallel double-submit
  const h2 = { 'Idempotency-Key': 'unit-create-0002' };
  const body2 = { kind: 'daycare', name: 'Dobbeltklik' };
  const [c, d] = await Promise.all([
    srv.req('POST', '/api/v1/units', { body: body2, session: admin, headers: h2 }),
    srv.req('POST', '/api/v1/units', { body: body2, session: admin, headers: h2 })]);
  assert.deepEqual([c.status, d.status], [201, 201]);
  assert.equal(srv.count('unit'), before + 2);
  // the same key for another action
  assertProblem(await srv.req('POST', '/api/v1/users', { body: goodUser(), session: admin, headers: h }), 422, 'Idempotency-Key');
  assertProblem(await srv.req('POST', '/api/v1/units', { body, session: admin, headers: { 'Idempotency-Key': 'x'.repeat(200) } }), 400, 'Idempotency-Key');
});

test('messages in English when the client asks for English; limits count characters, not bytes', async () => {
  const post = (path, body, lang) => srv.req('POST', path, { body, session: admin, headers: { 'Accept-Language': lang } });
  const en = await post('/api/v1/users', { username: 'x' }, 'en-GB,en;q=0.9,da;q=0.5');
  assert.equal(en.status, 400);
  assert.equal(en.json.title, 'Please correct the following');
  assert.ok(en.json.errors.some((e) => e.message === 'This field is required'), JSON.stringify(en.json));
  const da = await post('/api/v1/users', { username: 'x' }, 'da-DK,da;q=0.9,en;q=0.5');
  assert.equal(da.json.title, 'Ugyldige data');
  assert.ok(da.json.errors.some((e) => e.message === 'Feltet skal udfyldes'));
  // a number inside a message survives the translation
  const long = await post('/api/v1/units', { name: 'x'.repeat(5000), kind: 'daycare' }, 'en');
  assert.equal(long.status, 400);
  assert.match(JSON.stringify(long.json.errors), /The text is too long \(at most \d+ characters\)/);
  // Danish letters are one character each, as the UI counts them
  const before = counts();
  const max = Number(/at most (\d+)/.exec(JSON.stringify(long.json.errors))[1]);
  const ok = await post('/api/v1/units', { name: 'æ'.repeat(max), kind: 'daycare' }, 'da');
  assert.equal(ok.status, 201, JSON.stringify(ok.json));
  assert.equal(counts().units, before.units + 1);
  assertProblem(await post('/api/v1/units', { name: 'ø'.repeat(max + 1), kind: 'daycare' }, 'da'), 400, 'name');
});
