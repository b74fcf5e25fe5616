// ui_support.test.mjs - what the case pages read besides the core resources:
// the staff directory a coordinator picks home pedagogues from, names and
// the course id on referrals, dates on the family's timeline, the course's
// programme parameters and the closure's attainment by goal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem } from './harness.mjs';

const srv = new Server();
const s = {};
let fam, child, ref, course;
before(async () => {
  srv.setupTenants();
  srv.addUser('a-hp-disabled', 'home_pedagogue', '0101');
  srv.cliOk(['user', 'disable', '--username', 'a-hp-disabled']);
  await srv.start();
  for (const u of ['a-coordinator', 'a-health_visitor', 'a-home_pedagogue', 'a-leader', 'a-admin', 'b-coordinator']) s[u] = await srv.login(u);
  let r = await srv.req('POST', '/api/v1/families', { session: s['a-health_visitor'], body: {
    name: 'Familien Åberg',
    persons: [
      { kind: 'child', given_name: 'Ea', family_name: 'Åberg', cpr: '010325-4511' },
      { kind: 'guardian', given_name: 'Ulla', family_name: 'Åberg', cpr: '020292-4502', relation: 'mother' },
    ] } });
  assert.equal(r.status, 201, r.text);
  fam = r.json;
  child = fam.persons.find((p) => p.kind === 'child');
  const mother = fam.persons.find((p) => p.kind === 'guardian');
  r = await srv.req('POST', `/api/v1/families/${fam.id}/consents`, { session: s['a-health_visitor'],
    body: { purpose: 'participation', guardian_id: mother.id, given_on: '2026-10-01' } });
  assert.equal(r.status, 201, r.text);
  r = await srv.req('POST', '/api/v1/referrals', { session: s['a-health_visitor'], body: {
    family_id: fam.id, child_id: child.id, source: 'health_visiting', reason: 'Søvn og rutiner',
    risk_factors: ['C_CIRCADIAN'], referred_on: '2026-10-02' } });
  assert.equal(r.status, 201, r.text);
  ref = r.json;
});
after(() => srv.stop());

test('the staff directory lists enabled people with a role, names only', async () => {
  const r = await srv.req('GET', '/api/v1/staff?role=home_pedagogue', { session: s['a-coordinator'] });
  assert.equal(r.status, 200, r.text);
  const names = r.json.items.map((x) => x.display_name);
  assert.equal(r.json.items.length, 1, 'the disabled home pedagogue is not offered');
  assert.deepEqual(Object.keys(r.json.items[0]).sort(), ['display_name', 'id', 'units']);
  assert.ok(names[0]);
  // Another municipality's coordinator sees only its own (none here).
  const b = await srv.req('GET', '/api/v1/staff?role=home_pedagogue', { session: s['b-coordinator'] });
  assert.deepEqual(b.json.items, []);
  assertProblem(await srv.req('GET', '/api/v1/staff?role=nobody', { session: s['a-coordinator'] }), 400, 'role');
  assertProblem(await srv.req('GET', '/api/v1/staff', { session: s['a-coordinator'] }), 400, 'role');
  // Health visitors pick COS-P co-facilitators, leaders read who runs what;
  // home pedagogues have no use for the directory.
  for (const u of ['a-health_visitor', 'a-leader']) {
    assert.equal((await srv.req('GET', '/api/v1/staff?role=home_pedagogue', { session: s[u] })).status, 200, u);
  }
  assert.equal((await srv.req('GET', '/api/v1/staff?role=home_pedagogue', { session: s['a-home_pedagogue'] })).status, 403);
});

test('referrals carry the family and child names and, once made, the course', async () => {
  const one = await srv.req('GET', `/api/v1/referrals/${ref.id}`, { session: s['a-coordinator'] });
  assert.equal(one.json.family_name, 'Familien Åberg');
  assert.equal(one.json.child_name, 'Ea Åberg');
  assert.equal(one.json.enrolment_id, null);
  const list = await srv.req('GET', '/api/v1/referrals?status=pending', { session: s['a-coordinator'] });
  assert.equal(list.json.items.find((x) => x.id === ref.id).family_name, 'Familien Åberg');
  let r = await srv.req('POST', `/api/v1/referrals/${ref.id}/decision`, { session: s['a-coordinator'],
    body: { outcome: 'accepted', decided_on: '2026-10-05' } });
  assert.equal(r.status, 200, r.text);
  const staff = (await srv.req('GET', '/api/v1/staff?role=home_pedagogue', { session: s['a-coordinator'] })).json.items;
  r = await srv.req('POST', '/api/v1/enrolments', { session: s['a-coordinator'], body: {
    referral_id: ref.id, staff_ids: [staff[0].id], unit_id: srv.units.Forvaltningen, legal_frame: 'dagtilbudsloven_8_9',
    start_on: '2026-10-12', planned_end_on: '2027-05-01', minutes_per_week: 120 } });
  assert.equal(r.status, 201, r.text);
  course = r.json;
  const after1 = await srv.req('GET', `/api/v1/referrals/${ref.id}`, { session: s['a-coordinator'] });
  assert.equal(after1.json.enrolment_id, course.id);
});

test('the family timeline has dates; the course its programme parameters', async () => {
  const f = await srv.req('GET', `/api/v1/families/${fam.id}`, { session: s['a-coordinator'] });
  assert.deepEqual(f.json.referrals, [{ id: ref.id, programme: 'home_pedagogue', status: 'accepted', referred_on: '2026-10-02' }]);
  assert.deepEqual(f.json.enrolments, [{ id: course.id, programme: 'home_pedagogue', status: 'planned',
    start_on: '2026-10-12', planned_end_on: '2027-05-01', closed_on: null }]);
  assert.equal(course.max_weeks, 40);
  assert.equal(course.warning_week, 32);
  assert.deepEqual(course.rating_scale, { min: 1, max: 4 });
  // The numbers are the settings in force, not constants of the page.
  const setting = (k) => Number(/(\d+)\s*$/.exec(srv.cliOk(['setting', 'get', k, '--municipality', '0101']).stdout.trim())[1]);
  assert.equal(course.max_weeks, setting('home_pedagogue.max_weeks'));
  assert.equal(course.warning_week, setting('home_pedagogue.warning_week'));
});

test('a closed course shows each goal\'s attainment in the closure', async () => {
  const hp = s['a-home_pedagogue'];
  let r = await srv.req('POST', `/api/v1/enrolments/${course.id}/start`, { session: hp, body: { start_meeting_on: '2026-10-12' } });
  assert.equal(r.status, 200, r.text);
  const goals = [];
  for (const text of ['Ea sover hele natten', 'Leg på gulvet hver dag']) {
    r = await srv.req('POST', `/api/v1/enrolments/${course.id}/goals`, { session: hp, body: {
      theme: 1, focus_area: 'routines', text, baseline: 1, target: 3, agreed_on: '2026-10-12' } });
    assert.equal(r.status, 201, r.text);
    goals.push(r.json.id);
  }
  r = await srv.req('POST', `/api/v1/enrolments/${course.id}/close`, { session: hp, body: {
    closed_on: '2026-11-20', reason: 'goals_met', attainment: { [goals[0]]: 'met', [goals[1]]: 'not_met' } } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.closure.attainment, { [goals[0]]: 'met', [goals[1]]: 'not_met' });
  const g = await srv.req('GET', `/api/v1/enrolments/${course.id}`, { session: s['a-leader'] });
  assert.deepEqual(g.json.closure.attainment, { [goals[0]]: 'met', [goals[1]]: 'not_met' });
});
