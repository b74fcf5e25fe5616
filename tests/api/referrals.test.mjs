// referrals.test.mjs - referral with risk factors, the core's assessment
// with reasons, and the coordinator's visitation decision (§ 52 rule).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem } from './harness.mjs';

const srv = new Server();
const s = {};
let fam, child, mother;
before(async () => {
  srv.setupTenants();
  await srv.start();
  for (const u of ['a-coordinator', 'a-health_visitor', 'a-home_pedagogue', 'a-leader', 'b-coordinator']) s[u] = await srv.login(u);
  const r = await srv.req('POST', '/api/v1/families', { session: s['a-health_visitor'], body: {
    name: 'Familien Testesen',
    persons: [
      { kind: 'child', given_name: 'Bo', family_name: 'Testesen', cpr: '010325-4011' },
      { kind: 'guardian', given_name: 'Anne', family_name: 'Testesen', cpr: '020292-4002', relation: 'mother' },
    ] } });
  assert.equal(r.status, 201, r.text);
  fam = r.json;
  child = fam.persons.find((p) => p.kind === 'child');
  mother = fam.persons.find((p) => p.kind === 'guardian');
});
after(() => srv.stop());

const referral = (extra = {}) => ({
  family_id: fam.id, child_id: child.id, source: 'health_visiting', channel: 'sundhedsplejen',
  reason: 'Uro og svingende døgnrytme; mor usikker i forældrerollen',
  risk_factors: ['C_CIRCADIAN', 'P_LACKING_KNOWLEDGE'], topi: 'yellow', section52: false,
  referred_on: '2026-11-02', ...extra,
});

test('risk factors are data with stable codes', async () => {
  const r = await srv.req('GET', '/api/v1/risk-factors', { session: s['a-health_visitor'] });
  assert.equal(r.status, 200);
  assert.ok(r.json.items.some((f) => f.code === 'P_POSTNATAL_DEPRESSION' && f.kind === 'parent'));
  assert.ok(r.json.items.some((f) => f.code === 'C_RESTLESS' && f.kind === 'child'));
});

test('bad referrals name the field and write nothing', async () => {
  const before = srv.count('referral');
  for (const [patch, field] of [
    [{ source: 'neighbour' }, 'source'], [{ risk_factors: ['X_UNKNOWN'] }, 'risk_factors'],
    [{ topi: 'blue' }, 'topi'], [{ reason: '' }, 'reason'], [{ child_id: mother.id }, 'child_id'],
    [{ referred_on: '2026-13-01' }, 'referred_on'], [{ family_id: 999999 }, 'family_id'],
  ]) {
    assertProblem(await srv.req('POST', '/api/v1/referrals', { body: referral(patch), session: s['a-health_visitor'] }), 400, field);
  }
  assert.equal(srv.count('referral'), before);
  assert.equal(srv.count('referral_risk'), 0);
});

let ref;
test('a referral carries the assessment with its reasons', async () => {
  const r = await srv.req('POST', '/api/v1/referrals', { body: referral(), session: s['a-health_visitor'] });
  assert.equal(r.status, 201, r.text);
  ref = r.json;
  assert.equal(ref.status, 'pending');
  assert.deepEqual(ref.risk_factors.sort(), ['C_CIRCADIAN', 'P_LACKING_KNOWLEDGE']);
  const reasons = Object.fromEntries(ref.assessment.reasons.map((x) => [x.code, x]));
  assert.equal(reasons.child_age.ok, true); // 20 months old
  assert.match(reasons.child_age.text, /20 måneder/);
  assert.equal(reasons.risk_factors.ok, true);
  assert.equal(reasons.section52.ok, true);
  assert.equal(reasons.consent.ok, false); // no participation consent yet
  assert.equal(ref.assessment.in_target_group, false);
  // the consent arrives; the assessment is computed fresh
  await srv.req('POST', `/api/v1/families/${fam.id}/consents`, { body: { purpose: 'participation', guardian_id: mother.id, given_on: '2026-11-03' }, session: s['a-health_visitor'] });
  const again = await srv.req('GET', `/api/v1/referrals/${ref.id}`, { session: s['a-coordinator'] });
  assert.equal(again.json.assessment.in_target_group, true);
});

test('the pending list: coordinators see the municipality, others only theirs', async () => {
  const coord = await srv.req('GET', '/api/v1/referrals?status=pending', { session: s['a-coordinator'] });
  assert.deepEqual(coord.json.items.map((x) => x.id), [ref.id]);
  const hp = await srv.req('GET', '/api/v1/referrals?status=pending', { session: s['a-home_pedagogue'] });
  assert.deepEqual(hp.json.items, []);
  const other = await srv.req('GET', '/api/v1/referrals?status=pending', { session: s['b-coordinator'] });
  assert.deepEqual(other.json.items, []);
  assertProblem(await srv.req('GET', `/api/v1/referrals/${ref.id}`, { session: s['b-coordinator'] }), 404);
  assertProblem(await srv.req('GET', '/api/v1/referrals?status=maybe', { session: s['a-coordinator'] }), 400, 'status');
});

test('decisions: only coordinators; reasons required; § 52 needs a justification', async () => {
  const url = `/api/v1/referrals/${ref.id}/decision`;
  assertProblem(await srv.req('POST', url, { body: { outcome: 'accepted', decided_on: '2026-11-10' }, session: s['a-health_visitor'] }), 403);
  assertProblem(await srv.req('POST', url, { body: { outcome: 'rejected', decided_on: '2026-11-10' }, session: s['a-coordinator'] }), 400, 'reason');
  assertProblem(await srv.req('POST', url, { body: { outcome: 'referred_elsewhere', decided_on: '2026-11-10' }, session: s['a-coordinator'] }), 400, 'other_intervention');
  assertProblem(await srv.req('POST', url, { body: { outcome: 'maybe', decided_on: '2026-11-10' }, session: s['a-coordinator'] }), 400, 'outcome');
  assert.equal(srv.count('visitation_decision'), 0);
  // waitlist, then accepted
  let r = await srv.req('POST', url, { body: { outcome: 'waitlist', decided_on: '2026-11-10' }, session: s['a-coordinator'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'waitlist');
  r = await srv.req('POST', url, { body: { outcome: 'accepted', decided_on: '2026-11-12' }, session: s['a-coordinator'] });
  assert.equal(r.json.status, 'accepted');
  assertProblem(await srv.req('POST', url, { body: { outcome: 'rejected', reason: 'x', decided_on: '2026-11-13' }, session: s['a-coordinator'] }), 409);
  assert.equal(srv.count('visitation_decision'), 2);
  const snap = JSON.parse(srv.sql(`SELECT assessment FROM visitation_decision WHERE outcome = 'accepted'`));
  assert.equal(snap.in_target_group, true);

  // a § 52 family: accepted only with a justification
  const r52 = await srv.req('POST', '/api/v1/referrals', { body: referral({ section52: true, referred_on: '2026-11-05' }), session: s['a-health_visitor'] });
  assert.equal(r52.json.assessment.reasons.find((x) => x.code === 'section52').ok, false);
  const u52 = `/api/v1/referrals/${r52.json.id}/decision`;
  assertProblem(await srv.req('POST', u52, { body: { outcome: 'accepted', decided_on: '2026-11-12' }, session: s['a-coordinator'] }), 400, 'section52_justification');
  r = await srv.req('POST', u52, { body: { outcome: 'accepted', section52_justification: 'Forløbet understøtter den besluttede indsats', decided_on: '2026-11-12' }, session: s['a-coordinator'] });
  assert.equal(r.status, 200);
});
