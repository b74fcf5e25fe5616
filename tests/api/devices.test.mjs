// devices.test.mjs - an administrator disables one device of a user (issue
// 20 item 2: a lost tablet): the user's devices are listed (a device is a
// browser that has signed in with a password, known by its device cookie);
// disabling one ends the sessions opened on it, answers its requests 401
// with code "device_disabled" (GET /session: device_disabled), refuses a
// sign-in from it 403 "device_disabled" after a right password only, and
// leaves the user's other devices working; the act is audited. A disabled
// user's session gets its own answer too ("user_disabled"). Both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem } from './harness.mjs';

const DEMO_PASSWORD = 'rede-demo-2026';
const srv = new Server();
let admin;
let hp; // the home pedagogue's user id

const signIn = async (u, device, ua = 'Mozilla/5.0 (Linux; Android 14; Tablet A) Chrome/120') => {
  const headers = { 'User-Agent': ua };
  if (device) headers.Cookie = device;
  const r = await srv.req('POST', '/api/v1/session', { body: { username: u, password: DEMO_PASSWORD }, headers });
  if (r.status !== 201) return r;
  const cookies = r.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith('rede_session='));
  const dev = cookies.find((c) => c.startsWith('rede_device='));
  return { status: 201, cookie: session.split(';')[0], device: dev ? dev.split(';')[0] : device, csrf: r.json.csrf_token, user: r.json.user };
};

before(async () => {
  srv.cliOk(['init', '--db', srv.db, '--key', srv.key]);
  srv.cliOk(['demo']);
  await srv.start();
  admin = await signIn('admin');
  assert.equal(admin.status, 201);
  hp = Number(srv.sql("SELECT id FROM app_user WHERE username = 'hjemmepaedagog'"));
});
after(() => srv.stop());

const devices = async (who = admin, user = hp) => srv.req('GET', `/api/v1/users/${user}/devices`, { session: who });

test('the devices of a user are listed for an admin; signing in again from one adds none', async () => {
  const a = await signIn('hjemmepaedagog', null, 'Mozilla/5.0 (iPad; CPU OS 17_0) Safari/605');
  const b = await signIn('hjemmepaedagog', null, 'Mozilla/5.0 (Linux; Android 14) Chrome/120');
  assert.ok(a.device && b.device && a.device !== b.device, 'each new browser gets its own device cookie');
  const again = await signIn('hjemmepaedagog', a.device);
  assert.equal(again.status, 201);
  assert.equal(again.device, a.device, 'a known device gets no new cookie');
  const r = await devices();
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, 2);
  const labels = r.json.items.map((d) => d.label).sort();
  assert.deepEqual(labels, ['Mozilla/5.0 (Linux; Android 14) Chrome/120', 'Mozilla/5.0 (iPad; CPU OS 17_0) Safari/605']);
  for (const d of r.json.items) {
    assert.equal(d.disabled, false);
    assert.equal(d.disabled_at, null);
    assert.match(d.created_at, /^\d{4}-\d\d-\d\dT/);
    assert.match(d.last_seen_at, /^\d{4}-\d\d-\d\dT/);
  }
  // the list is for the user's own municipality's admins only
  const other = await signIn('nabo-admin');
  assert.equal(other.status, 201);
  assert.equal((await devices(other)).status, 404);
  const self = await signIn('hjemmepaedagog');
  assertProblem(await devices(self), 403);
});

test('a disabled device is shut out with its own answer; the user\'s other devices go on', async () => {
  const lost = await signIn('hjemmepaedagog', null, 'Mozilla/5.0 (Lost tablet)');
  const lost2 = await signIn('hjemmepaedagog', lost.device, 'Mozilla/5.0 (Lost tablet)');
  const office = await signIn('hjemmepaedagog', null, 'Mozilla/5.0 (Office PC)');
  assert.equal((await srv.req('GET', '/api/v1/caseload', { session: lost })).status, 200);
  const dev = (await devices()).json.items.find((d) => d.label === 'Mozilla/5.0 (Lost tablet)');
  const audits = Number(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'device_disable'"));

  let r = await srv.req('POST', `/api/v1/users/${hp}/devices/${dev.id}/disable`, { session: admin });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.disabled, true);
  assert.match(r.json.disabled_at, /^\d{4}-/);
  assert.equal(r.json.disabled_by, admin.user.id);
  const firstAt = r.json.disabled_at;
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'device_disable' AND entity = 'device' AND entity_id = '${dev.id}' AND outcome = 'ok' AND user_id = ${admin.user.id}`), '1');
  assert.equal(Number(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'device_disable'")), audits + 1);

  // both sessions opened on it are refused, reads and writes alike
  for (const s of [lost, lost2]) {
    r = await srv.req('GET', '/api/v1/caseload', { session: s });
    assertProblem(r, 401);
    assert.equal(r.json.code, 'device_disabled');
    assert.equal(r.json.type, 'urn:rede:problem:device-disabled');
    assert.equal(r.json.title, 'Enheden er spærret');
  }
  r = await srv.req('POST', '/api/v1/daycare/scores', { session: lost, body: {} });
  assert.equal(r.json.code, 'device_disabled');
  r = await srv.req('GET', '/api/v1/session', { session: lost });
  assert.deepEqual(r.json, { signed_in: false, device_disabled: true });
  // in English when asked
  r = await srv.req('GET', '/api/v1/caseload', { session: lost, headers: { 'Accept-Language': 'en' } });
  assert.equal(r.json.title, 'This device has been disabled');

  // the user's other device is not touched
  assert.equal((await srv.req('GET', '/api/v1/caseload', { session: office })).status, 200);

  // a sign-in from it: a wrong password is the plain failure (nothing
  // told to a guesser), a right one is refused as the disabled device
  r = await srv.req('POST', '/api/v1/session', { body: { username: 'hjemmepaedagog', password: 'wrong' }, headers: { Cookie: lost.device } });
  assertProblem(r, 401);
  assert.equal(r.json.code, undefined);
  r = await srv.req('POST', '/api/v1/session', { body: { username: 'hjemmepaedagog', password: DEMO_PASSWORD }, headers: { Cookie: lost.device } });
  assertProblem(r, 403);
  assert.equal(r.json.code, 'device_disabled');
  assert.equal(r.headers.getSetCookie().filter((c) => c.startsWith('rede_session=')).length, 0, 'no session');

  // disabling again changes nothing
  await new Promise((ok) => setTimeout(ok, 1100));
  r = await srv.req('POST', `/api/v1/users/${hp}/devices/${dev.id}/disable`, { session: admin });
  assert.equal(r.status, 200);
  assert.equal(r.json.disabled_at, firstAt);
  assert.equal((await devices()).json.items.find((d) => d.id === dev.id).disabled_at, firstAt);
  assert.equal(Number(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'device_disable' AND outcome = 'ok'")), audits + 2);
});

test('a device is found only under its own user and municipality', async () => {
  const hv = await signIn('sundhedsplejerske', null, 'Mozilla/5.0 (HV tablet)');
  assert.equal(hv.status, 201);
  const hvId = hv.user.id;
  const hvDev = (await devices(admin, hvId)).json.items[0];
  // another user's device under this user's path, an unknown id, not a number
  for (const path of [`/api/v1/users/${hp}/devices/${hvDev.id}/disable`, `/api/v1/users/${hp}/devices/999999/disable`,
    `/api/v1/users/${hp}/devices/abc/disable`]) {
    assertProblem(await srv.req('POST', path, { session: admin }), 404);
  }
  // another municipality's admin
  const other = await signIn('nabo-admin');
  assertProblem(await srv.req('POST', `/api/v1/users/${hvId}/devices/${hvDev.id}/disable`, { session: other }), 404);
  // not an admin
  assertProblem(await srv.req('POST', `/api/v1/users/${hvId}/devices/${hvDev.id}/disable`, { session: hv }), 403);
  assert.equal((await devices(admin, hvId)).json.items[0].disabled, false);
  assert.equal((await srv.req('GET', '/api/v1/caseload', { session: hv })).status !== 401, true);
});

test('a disabled user\'s session is answered with its own code too', async () => {
  srv.cliOk(['user', 'add', '--username', 'dev-hp', '--role', 'home_pedagogue', '--municipality', srv.sql('SELECT min(code) FROM municipality')], `${DEMO_PASSWORD}-x\n`);
  const r0 = await srv.req('POST', '/api/v1/session', { body: { username: 'dev-hp', password: `${DEMO_PASSWORD}-x` } });
  assert.equal(r0.status, 201);
  const s = { cookie: r0.headers.getSetCookie().find((c) => c.startsWith('rede_session=')).split(';')[0], csrf: r0.json.csrf_token };
  srv.cliOk(['user', 'disable', '--username', 'dev-hp']);
  const r = await srv.req('GET', '/api/v1/caseload', { session: s });
  assertProblem(r, 401);
  assert.equal(r.json.code, 'user_disabled');
  assert.equal(r.json.type, 'urn:rede:problem:user-disabled');
});
