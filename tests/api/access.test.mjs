// access.test.mjs - roles (403) and tenancy (404, indistinguishable from a
// missing object), wrong methods and unknown paths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem, BACKEND } from './harness.mjs';

const srv = new Server();
const s = {};
before(async () => {
  srv.setupTenants();
  await srv.start();
  for (const u of ['a-admin', 'a-home_pedagogue', 'a-evaluator', 'a-coordinator', 'b-admin']) s[u] = await srv.login(u);
});
after(() => srv.stop());

test('roles without the right get 403 and nothing changes', async () => {
  const units = srv.count('unit');
  for (const who of ['a-home_pedagogue', 'a-evaluator', 'a-coordinator']) {
    assertProblem(await srv.req('GET', '/api/v1/users', { session: s[who] }), 403);
    assertProblem(await srv.req('POST', '/api/v1/units', { body: { kind: 'daycare', name: `Nej ${who}` }, session: s[who] }), 403);
    assertProblem(await srv.req('POST', '/api/v1/users', { body: { username: 'xx-yy', display_name: 'X', password: 'a-long-password-1', roles: ['admin'] }, session: s[who] }), 403);
  }
  assert.equal(srv.count('unit'), units);
  // everyone signed in may list their municipality's units
  assert.equal((await srv.req('GET', '/api/v1/units', { session: s['a-evaluator'] })).status, 200);
});

test('another municipality\'s objects answer exactly like missing ones', async () => {
  const mine = await srv.req('GET', '/api/v1/users', { session: s['a-admin'] });
  const theirs = await srv.req('GET', '/api/v1/users', { session: s['b-admin'] });
  assert.ok(mine.json.items.every((u) => u.username.startsWith('a-')));
  assert.ok(theirs.json.items.every((u) => u.username.startsWith('b-')));
  const foreign = theirs.json.items[0].id;
  const missing = 999999;
  const a = await srv.req('GET', `/api/v1/users/${foreign}`, { session: s['a-admin'] });
  const b = await srv.req('GET', `/api/v1/users/${missing}`, { session: s['a-admin'] });
  assertProblem(a, 404);
  assert.equal(a.text, b.text);
  assertProblem(await srv.req('PATCH', `/api/v1/users/${foreign}`, { body: { display_name: 'Kapret' }, session: s['a-admin'], headers: { 'If-Match': '*' } }), 404);
  assertProblem(await srv.req('POST', `/api/v1/users/${foreign}/end-sessions`, { session: s['a-admin'] }), 404);
  assertProblem(await srv.req('POST', `/api/v1/users/${foreign}/password`, { body: { password: 'a-long-password-2' }, session: s['a-admin'] }), 404);
  const foreignUnit = srv.units['Andenby Forvaltning'];
  const u1 = await srv.req('GET', `/api/v1/units/${foreignUnit}`, { session: s['a-admin'] });
  const u2 = await srv.req('GET', '/api/v1/units/999999', { session: s['a-admin'] });
  assertProblem(u1, 404);
  assert.equal(u1.text, u2.text);
  const stillThere = await srv.req('GET', `/api/v1/users/${foreign}`, { session: s['b-admin'] });
  assert.equal(stillThere.json.display_name, theirs.json.items[0].display_name);
  // non-numeric ids are simply not found
  assertProblem(await srv.req('GET', '/api/v1/users/abc', { session: s['a-admin'] }), 404);
  assertProblem(await srv.req('GET', '/api/v1/users/-1', { session: s['a-admin'] }), 404);
});

test('wrong method is 405 with Allow; unknown API paths are 404 problems', async () => {
  const r = await srv.req('PUT', '/api/v1/units', { session: s['a-admin'] });
  assertProblem(r, 405);
  assert.equal(r.headers.get('allow'), 'GET, POST');
  assertProblem(await srv.req('GET', '/api/v1/nothing-here', { session: s['a-admin'] }), 404);
  assertProblem(await srv.req('GET', '/api/v2/units', { session: s['a-admin'] }), 404);
});

test('health check needs no login', async () => {
  const r = await srv.req('GET', '/healthz');
  assert.equal(r.status, 200);
  // with --replica (the replica pass) also each replica's state
  const { replicas, ...rest } = r.json;
  assert.deepEqual(rest, { status: 'ok' });
  assert.equal(replicas === undefined, !process.env.REDE_TEST_API_REPLICA || BACKEND !== 'postgres');
});
