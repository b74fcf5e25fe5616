// matrix.test.mjs - every role against the foundation, family and referral
// routes, generated from one table: 403 when the role may not use the
// route, 404 when it may but the object is not its to see, 2xx otherwise.
// (The course routes have their own matrix in courses.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';

const ROLES = ['admin', 'coordinator', 'home_pedagogue', 'health_visitor', 'daycare', 'leader', 'evaluator'];
const FAMILY_WRITE = ['coordinator', 'home_pedagogue', 'health_visitor', 'daycare'];
const FAMILY_READ = [...FAMILY_WRITE, 'leader'];
const CPR_REVEAL = ['coordinator', 'home_pedagogue', 'health_visitor'];
// who may see the test family: the municipality's coordinators and the
// health visitor who created and referred it
const SEES_FAMILY = ['coordinator', 'health_visitor'];

const srv = new Server();
const s = {};
const ids = {};
before(async () => {
  srv.setupTenants();
  await srv.start();
  for (const r of ROLES) s[r] = await srv.login(`a-${r}`);
  const f = await srv.req('POST', '/api/v1/families', { session: s.health_visitor, body: {
    name: 'Familien Matrix', persons: [
      { kind: 'child', given_name: 'Mia', family_name: 'Matrix', cpr: '050525-4042' },
      { kind: 'guardian', given_name: 'Mads', family_name: 'Matrix', cpr: '060690-4055', relation: 'father' }] } });
  ids.family = f.json.id;
  ids.child = f.json.persons.find((p) => p.kind === 'child').id;
  ids.guardian = f.json.persons.find((p) => p.kind === 'guardian').id;
  const r = await srv.req('POST', '/api/v1/referrals', { session: s.health_visitor, body: {
    family_id: ids.family, child_id: ids.child, source: 'health_visiting', reason: 'Test',
    risk_factors: ['C_RESTLESS'], referred_on: '2026-11-01' } });
  ids.referral = r.json.id;
  ids.admin = s.admin.user.id;
  ids.unit = srv.units.Forvaltningen;
  const users = await srv.req('GET', '/api/v1/users', { session: s.admin });
  ids.leader = users.json.items.find((u) => u.username === 'a-leader').id;
  srv.addUser('a-temp', 'leader', '0101');
  ids.temp = (await srv.req('GET', '/api/v1/users', { session: s.admin })).json.items.find((u) => u.username === 'a-temp').id;
  // a-temp's browser: a device an admin may disable (issue 20)
  assert.equal((await srv.login('a-temp')).status, 201);
  ids.tempDevice = (await srv.req('GET', `/api/v1/users/${ids.temp}/devices`, { session: s.admin })).json.items[0].id;
  // one consent per role that may withdraw one (a consent is withdrawn once)
  ids.consents = {};
  for (const role of ROLES) {
    const c = await srv.req('POST', `/api/v1/families/${ids.family}/consents`, { session: s.health_visitor,
      body: { purpose: 'share_daycare', guardian_id: ids.guardian, given_on: '2026-11-02' } });
    ids.consents[role] = c.json.id;
  }
});
after(() => srv.stop());

// [method, path, body (or a function of the role), allowed roles, roles that
//  see the object (null = no object check), ok status, extra headers, status
//  for a role that may use the route but not see the object (default 404)]
const table = () => [
  ['GET', '/api/v1/me', null, ROLES, null, 200],
  ['GET', '/api/v1/units', null, ROLES, null, 200],
  ['GET', '/api/v1/users', null, ['admin'], null, 200],
  ['GET', `/api/v1/users/${ids.admin}`, null, ['admin'], null, 200],
  ['GET', '/api/v1/families?q=matrix', null, FAMILY_READ, null, 200],
  ['GET', `/api/v1/families/${ids.family}`, null, FAMILY_READ, SEES_FAMILY, 200],
  ['POST', `/api/v1/families/${ids.family}/consents`, { purpose: 'evaluation_contact', guardian_id: ids.guardian, given_on: '2026-11-02' }, FAMILY_WRITE, SEES_FAMILY, 201],
  ['POST', `/api/v1/families/${ids.family}/persons`, { kind: 'child', given_name: 'X', family_name: 'Matrix', expected_birth_date: '2027-03-01' }, FAMILY_WRITE, SEES_FAMILY, 201],
  ['POST', '/api/v1/persons/lookup', { cpr: '050525-4042', purpose: 'identity' }, FAMILY_READ, SEES_FAMILY, 200],
  ['GET', `/api/v1/persons/${ids.child}/cpr?purpose=casework`, null, CPR_REVEAL, SEES_FAMILY, 200],
  ['GET', '/api/v1/risk-factors', null, FAMILY_READ, null, 200],
  ['GET', '/api/v1/referrals?status=pending', null, FAMILY_READ, null, 200],
  ['GET', `/api/v1/referrals/${ids.referral}`, null, FAMILY_READ, SEES_FAMILY, 200],
  ['POST', `/api/v1/referrals/${ids.referral}/decision`, { outcome: 'waitlist', decided_on: '2026-11-05' }, ['coordinator'], SEES_FAMILY, 200],
  ['GET', `/api/v1/units/${ids.unit}`, null, ROLES, null, 200],
  ['POST', '/api/v1/units', (role) => ({ kind: 'daycare', name: `Matrix ${role}` }), ['admin'], null, 201],
  ['POST', '/api/v1/users', (role) => ({ username: `matrix-${role.replace('_', '-')}`, display_name: 'M', password: 'a-long-password-1', roles: ['leader'] }), ['admin'], null, 201],
  ['PATCH', `/api/v1/users/${ids.leader}`, { display_name: 'Lars' }, ['admin'], null, 200, { 'If-Match': '*' }],
  ['POST', `/api/v1/users/${ids.temp}/password`, { password: 'another-long-password' }, ['admin'], null, 204],
  ['POST', `/api/v1/users/${ids.temp}/end-sessions`, null, ['admin'], null, 204],
  ['GET', `/api/v1/users/${ids.temp}/devices`, null, ['admin'], null, 200],
  ['POST', `/api/v1/users/${ids.temp}/devices/${ids.tempDevice}/disable`, null, ['admin'], null, 200],
  ['POST', '/api/v1/families', (role) => ({ name: `Matrix ${role}` }), FAMILY_WRITE, null, 201],
  ['PATCH', `/api/v1/families/${ids.family}`, { name: 'Familien Matrix' }, FAMILY_WRITE, SEES_FAMILY, 200, { 'If-Match': '*' }],
  ['PATCH', `/api/v1/persons/${ids.guardian}`, { phone: '11223344' }, FAMILY_WRITE, SEES_FAMILY, 200, { 'If-Match': '*' }],
  ['POST', `/api/v1/consents/${ids.consent}/withdraw`, { withdrawn_on: '2026-11-20' }, FAMILY_WRITE, SEES_FAMILY, 200],
  // a family named in the body that is not yours is a bad field (400), the
  // same answer as for a family id that does not exist
  ['POST', '/api/v1/referrals', { family_id: ids.family, child_id: ids.child, source: 'daycare', reason: 'Matrix', referred_on: '2026-11-03' }, FAMILY_WRITE, SEES_FAMILY, 201, {}, 400],
];

test('role x route matrix', async () => {
  const failures = [];
  for (const [method, rawPath, body, allowed, sees, ok, headers, hidden = 404] of table()) {
    for (const role of ROLES) {
      const want = !allowed.includes(role) ? 403 : sees && !sees.includes(role) ? hidden : ok;
      const path = rawPath.replace(`/consents/${ids.consent}/`, `/consents/${ids.consents[role]}/`);
      const b = typeof body === 'function' ? body(role) : body ?? undefined;
      const r = await srv.req(method, path, { body: b, session: s[role], headers: headers ?? {} });
      if (r.status !== want) failures.push(`${role} ${method} ${path}: want ${want}, got ${r.status} ${r.text.slice(0, 120)}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('signing in and out, own password: every role', async () => {
  for (const role of ROLES) {
    const fresh = await srv.login(`a-${role}`);
    assert.equal(fresh.status, 201, role);
    const pw = await srv.req('PUT', '/api/v1/me/password', { body: { current_password: 'wrong-password-0', new_password: 'another-long-password' }, session: fresh });
    assert.equal(pw.status, 400, role); // allowed for every role; the current password is checked
    assert.equal((await srv.req('DELETE', '/api/v1/session', { session: fresh })).status, 204, role);
  }
});
