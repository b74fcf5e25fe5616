// auth.test.mjs - signing in and out, sessions, CSRF, bearer tokens,
// disabling users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem, PASSWORD } from './harness.mjs';

const srv = new Server();
before(async () => { srv.setupTenants(); await srv.start(); });
after(() => srv.stop());

test('login answers 201 with a hardened cookie and a CSRF token', async () => {
  const s = await srv.login('a-admin');
  assert.equal(s.status, 201);
  const cookie = s.setCookies.find((c) => c.startsWith('rede_session='));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
  assert.doesNotMatch(cookie, /Secure/); // plain HTTP in the test
  assert.match(s.csrf, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(s.user.username, 'a-admin');
  assert.deepEqual(s.user.roles, ['admin']);
  assert.equal(s.user.password_hash, undefined);
  const me = await srv.req('GET', '/api/v1/me', { session: s });
  assert.equal(me.status, 200);
  assert.equal(me.json.username, 'a-admin');
  assert.equal(me.json.municipality.code, '0101');
  assert.equal(me.json.csrf_token, s.csrf);
});

test('wrong password and unknown user answer the same 401', async () => {
  const a = await srv.req('POST', '/api/v1/session', { body: { username: 'a-leader', password: 'wrong-password-1' } });
  const b = await srv.req('POST', '/api/v1/session', { body: { username: 'nobody-here', password: 'wrong-password-1' } });
  assertProblem(a, 401);
  assertProblem(b, 401);
  assert.equal(a.json.title, b.json.title);
  assert.equal(a.headers.get('set-cookie'), null);
});

test('no session, a garbage session or a bad Authorization header is 401', async () => {
  assertProblem(await srv.req('GET', '/api/v1/me'), 401);
  assertProblem(await srv.req('GET', '/api/v1/me', { headers: { Cookie: 'rede_session=garbage' } }), 401);
  assertProblem(await srv.req('GET', '/api/v1/me', { headers: { Authorization: 'Basic abc' } }), 401);
  assertProblem(await srv.req('GET', '/api/v1/units', { headers: { Authorization: 'Bearer nope' } }), 401);
});

test('logout ends the session', async () => {
  const s = await srv.login('a-leader');
  const r = await srv.req('DELETE', '/api/v1/session', { session: s });
  assert.equal(r.status, 204);
  assert.match(r.headers.get('set-cookie'), /Max-Age=0/);
  assertProblem(await srv.req('GET', '/api/v1/me', { session: s }), 401);
});

test('cookie-authenticated writes need the CSRF header', async () => {
  const s = await srv.login('a-admin');
  const body = { kind: 'daycare', name: 'CSRF-test' };
  const before = srv.count('unit');
  assertProblem(await srv.req('POST', '/api/v1/units', { body, session: { cookie: s.cookie } }), 403, 'X-CSRF-Token');
  assertProblem(await srv.req('POST', '/api/v1/units', { body, session: { cookie: s.cookie, csrf: 'x'.repeat(43) } }), 403);
  assert.equal(srv.count('unit'), before);
  const ok = await srv.req('POST', '/api/v1/units', { body, session: s });
  assert.equal(ok.status, 201);
  assert.equal(srv.count('unit'), before + 1);
  // reads need no CSRF header
  assert.equal((await srv.req('GET', '/api/v1/units', { session: { cookie: s.cookie } })).status, 200);
});

test('a service account uses a bearer token without CSRF', async () => {
  const out = srv.cliOk(['user', 'add', '--username', 'svc-export', '--role', 'evaluator', '--municipality', '0101', '--service']).stdout;
  const token = /API token[^:]*: (\S+)/.exec(out)[1];
  const r = await srv.req('GET', '/api/v1/units', { session: { bearer: token } });
  assert.equal(r.status, 200);
  // a service account cannot sign in with a password
  assertProblem(await srv.req('POST', '/api/v1/session', { body: { username: 'svc-export', password: PASSWORD } }), 401);
  // disabling it revokes the token at once
  srv.cliOk(['user', 'disable', '--username', 'svc-export']);
  assertProblem(await srv.req('GET', '/api/v1/units', { session: { bearer: token } }), 401);
});

test('disabling a user ends their sessions at once (API and CLI)', async () => {
  srv.addUser('a-temp1', 'home_pedagogue', '0101');
  srv.addUser('a-temp2', 'home_pedagogue', '0101');
  const admin = await srv.login('a-admin');
  const t1 = await srv.login('a-temp1');
  const t2 = await srv.login('a-temp2');
  const list = await srv.req('GET', '/api/v1/users', { session: admin });
  const u1 = list.json.items.find((u) => u.username === 'a-temp1');
  const got = await srv.req('GET', `/api/v1/users/${u1.id}`, { session: admin });
  const etag = got.headers.get('etag');
  assert.ok(etag);
  const r = await srv.req('PATCH', `/api/v1/users/${u1.id}`, { body: { disabled: true }, session: admin, headers: { 'If-Match': etag } });
  assert.equal(r.status, 200);
  assert.equal(r.json.disabled, true);
  assertProblem(await srv.req('GET', '/api/v1/me', { session: t1 }), 401);
  assertProblem(await srv.req('POST', '/api/v1/session', { body: { username: 'a-temp1', password: PASSWORD } }), 401);
  srv.cliOk(['user', 'disable', '--username', 'a-temp2']);
  assertProblem(await srv.req('GET', '/api/v1/me', { session: t2 }), 401);
  srv.cliOk(['user', 'enable', '--username', 'a-temp2']);
  assert.equal((await srv.login('a-temp2')).status, 201);
});

test('changing one\'s own password', async () => {
  srv.addUser('a-pw', 'leader', '0101');
  const s = await srv.login('a-pw');
  assertProblem(await srv.req('PUT', '/api/v1/me/password', { body: { current_password: 'wrong-password-9', new_password: 'another-long-password' }, session: s }), 400, 'current_password');
  assertProblem(await srv.req('PUT', '/api/v1/me/password', { body: { current_password: PASSWORD, new_password: 'short' }, session: s }), 400, 'new_password');
  assert.equal((await srv.req('PUT', '/api/v1/me/password', { body: { current_password: PASSWORD, new_password: 'another-long-password' }, session: s })).status, 204);
  assert.equal((await srv.login('a-pw')).status, 401);
  assert.equal((await srv.login('a-pw', 'another-long-password')).status, 201);
});

test('changing one\'s password ends every other session of the user; this one and API tokens stay', async () => {
  srv.addUser('a-pw2', 'leader', '0101');
  const out = srv.cliOk(['user', 'add', '--username', 'svc-pw2', '--role', 'evaluator', '--municipality', '0101', '--service']).stdout;
  const token = /API token[^:]*: (\S+)/.exec(out)[1];
  const here = await srv.login('a-pw2');
  const laptop = await srv.login('a-pw2');
  const phone = await srv.login('a-pw2');
  const other = await srv.login('a-leader');
  for (const s of [here, laptop, phone, other]) assert.equal(s.status, 201);
  assert.equal((await srv.req('PUT', '/api/v1/me/password', { body: { current_password: PASSWORD, new_password: 'a-brand-new-password' }, session: here })).status, 204);
  // the session that changed it goes on, reads and writes
  assert.equal((await srv.req('GET', '/api/v1/me', { session: here })).status, 200);
  assert.equal((await srv.req('PUT', '/api/v1/me/password', { body: { current_password: 'a-brand-new-password', new_password: 'and-yet-another-one' }, session: here })).status, 204);
  // the others opened with the old password are over
  assertProblem(await srv.req('GET', '/api/v1/me', { session: laptop }), 401);
  assertProblem(await srv.req('GET', '/api/v1/me', { session: phone }), 401);
  // other users' sessions and API tokens are untouched
  assert.equal((await srv.req('GET', '/api/v1/me', { session: other })).status, 200);
  assert.equal((await srv.req('GET', '/api/v1/units', { session: { bearer: token } })).status, 200);
  // and a new sign-in works with the new password
  assert.equal((await srv.login('a-pw2', 'and-yet-another-one')).status, 201);
});
