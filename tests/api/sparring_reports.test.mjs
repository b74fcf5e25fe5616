// sparring_reports.test.mjs - faglig sparring in the numbers (issue 23
// items 3-4) on a fixture with known answers: the sparring report (staff
// against the target, flagged, refreshers, by month and form, training
// coverage), small numbers shown to the unit's leader and suppressed for
// evaluators and in downloads, and the cost report's support table -
// sparring and training time spread over the programmes by the stated
// rule, so a course's cost includes its support. Both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';
import { hvOffers, hpCourses, id, insert, municipalityId, userId } from './report_fixture.mjs';

const srv = new Server();
let leader, evaluator;
// 91 days: the target is 60 minutes per 14 days pro rata, 390 minutes
const PERIOD = 'from=2020-01-01&to=2020-03-31';

function table(rep, name) {
  const t = rep.tables.find((x) => x.name === name);
  assert.ok(t, `no table ${name}`);
  return Object.fromEntries(t.rows.map((r) => [r.id, r.cells]));
}

before(async () => {
  srv.setupTenants();
  srv.addUser('a-hp3', 'home_pedagogue', '0101', srv.units.Forvaltningen);
  const m1 = municipalityId(srv, '0101');
  const unit = srv.units.Forvaltningen;
  const hp = userId(srv, 'a-home_pedagogue'), hv = userId(srv, 'a-health_visitor');
  const hp3 = userId(srv, 'a-hp3'), lead = userId(srv, 'a-leader');
  srv.sql(`UPDATE app_user SET hourly_cost_ore = 40000 WHERE id = ${hp}`);
  srv.sql(`UPDATE app_user SET hourly_cost_ore = 45000 WHERE id = ${hv}`);
  srv.sql(`UPDATE app_user SET created_at = 1546300800 WHERE id IN (${hp}, ${hv}, ${hp3}, ${lead})`);
  // work in the period: the pedagogue's course (contact 2020-01-20, 600
  // minutes, closed 2020-03-16); the health visitor's visits: two at 1½
  // years and one at 3 years of 90 minutes
  hpCourses(srv, { municipality: m1, unit, pedagogue: hp,
    courses: [{ source: 'health_visiting', outcome: 'accepted', closed: { days: 70, minutes: 600, reason: 'goals_met' }, goals: ['met'] }] });
  const v15 = hvOffers(srv, { municipality: m1, unit, visitor: hv, programme: 'visit_1_5y', offered: 2, visited: 2, months: 1, tag: 's15' });
  const v3 = hvOffers(srv, { municipality: m1, unit, visitor: hv, programme: 'visit_3y', offered: 1, visited: 1, months: 1, tag: 's3' });
  srv.sql(`UPDATE hv_visit SET visited_on = '2020-02-10' WHERE id IN (${[...v15.visits, ...v3.visits].map((v) => v.id).join(',')})`);
  // sparring: S1 group 120 (pedagogue, health visitor), S2 individual 300
  // (pedagogue), S3 PPR 60 (both), S4 before the period (hp3), S5 the
  // leader's own 30 minutes
  const S = [id(), id(), id(), id(), id()];
  const rows = [[S[0], '2020-01-10', 'group', 120, [hp, hv]], [S[1], '2020-02-14', 'individual', 300, [hp]],
    [S[2], '2020-03-20', 'ppr', 60, [hp, hv]], [S[3], '2019-12-20', 'group', 90, [hp3]], [S[4], '2020-02-01', 'leader', 30, [lead]]];
  // (insert takes its columns from the first row: every row has them all)
  insert(srv, 'sparring_session', rows.map(([sid, on, form, minutes, who]) => ({ id: sid, municipality_id: m1, held_on: on,
    minutes, form, recorded_by: who[0], created_at: 1 })));
  insert(srv, 'sparring_participant', rows.flatMap(([sid, , , , who]) => who.map((u) => ({ session_id: sid, user_id: u }))));
  // training: the pedagogue's COS-P from 2016 (refresher due 2019); the
  // health visitor's ICDP in the period (21 hours); hp3's ICDP from 2018
  insert(srv, 'staff_competence', [
    { id: id(), municipality_id: m1, user_id: hp, competence: 'cosp', obtained_on: '2016-01-01', ended_on: null, hours: null, created_at: 1 },
    { id: id(), municipality_id: m1, user_id: hv, competence: 'icdp', obtained_on: '2020-02-01', ended_on: '2020-02-03', hours: 21, created_at: 1 },
    { id: id(), municipality_id: m1, user_id: hp3, competence: 'icdp', obtained_on: '2018-05-01', ended_on: null, hours: 10, created_at: 1 }]);
  await srv.start();
  leader = await srv.login('a-leader');
  evaluator = await srv.login('a-evaluator');
});
after(() => srv.stop());

test('the sparring report: known answers for the unit\'s leader', async () => {
  const r = await srv.req('GET', `/api/v1/reports/sparring?${PERIOD}`, { session: leader });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.suppression.applied, false);
  const st = table(r.json, 'sparring.staff');
  // pedagogue 480 >= 390 met; health visitor 180 below; hp3 none
  assert.deepEqual(st.met.slice(0, 1), [1]);
  assert.deepEqual(st.below.slice(0, 1), [1]);
  assert.deepEqual(st.none.slice(0, 1), [1]);
  assert.equal(st.total[0], 3);
  assert.equal(Math.round(st.met[1] * 10), 333);
  const at = table(r.json, 'sparring.attention');
  assert.deepEqual(at.flagged, [1]); // hp3: 102 days since 2019-12-20
  assert.deepEqual(at.refresher, [1]); // the pedagogue's COS-P
  const mo = table(r.json, 'sparring.by_month');
  assert.deepEqual(mo['2020-01'], [1, 2, 4]);
  assert.deepEqual(mo['2020-02'], [2, 2, 5.5]);
  assert.deepEqual(mo['2020-03'], [1, 2, 2]);
  assert.deepEqual(mo.total, [4, 6, 11.5]);
  const fo = table(r.json, 'sparring.by_form');
  assert.deepEqual(fo.individual, [1, 1, 5]);
  assert.deepEqual(fo.group, [1, 2, 4]);
  assert.deepEqual(fo.ppr, [1, 2, 2]);
  assert.deepEqual(fo.health_visiting, [0, 0, 0]);
  assert.deepEqual(fo.leader, [1, 1, 0.5]);
  assert.deepEqual(fo.total, [4, 6, 11.5]);
  const tr = table(r.json, 'sparring.training');
  assert.deepEqual(tr.cosp, [1, 1, 0, 0]);
  assert.deepEqual(tr.icdp, [2, 0, 1, 21]);
  assert.deepEqual(tr.nbo, [0, 0, 0, 0]);
  const p = r.json.parameters[0].values;
  assert.equal(p['sparring.target_minutes'], 60);
  assert.equal(p['training.refresher_months.cosp'], 36);
});

test('the sparring report: suppressed for evaluators and in every download', async () => {
  const e = await srv.req('GET', `/api/v1/reports/sparring?${PERIOD}`, { session: evaluator });
  assert.equal(e.status, 200, e.text);
  assert.equal(e.json.suppression.applied, true);
  const st = table(e.json, 'sparring.staff');
  for (const row of ['met', 'below', 'none']) assert.ok(['<5', 'x'].includes(st[row][0]), `${row}: ${st[row][0]}`);
  const at = table(e.json, 'sparring.attention');
  assert.ok(['<5', 'x'].includes(at.flagged[0]));
  for (const format of ['csv', 'xlsx']) {
    const d = await srv.req('GET', `/api/v1/reports/sparring?${PERIOD}&format=${format}`, { session: leader });
    assert.equal(d.status, 200, format);
    assert.match(d.headers.get('content-disposition') || '', /attachment/);
  }
  const csv = await srv.req('GET', `/api/v1/reports/sparring?${PERIOD}&format=csv`, { session: leader });
  assert.match(csv.text, /Faglig sparring pr\. måned/);
  assert.ok(!/Sparring mindst som målet",?1\b/.test(csv.text));
  assert.match(csv.text, /<5/);
});

test('costs: sparring and training as overhead per programme and per course', async () => {
  const r = await srv.req('GET', `/api/v1/reports/costs?${PERIOD}`, { session: leader });
  assert.equal(r.status, 200, r.text);
  const c = table(r.json, 'costs.by_programme');
  // the programmes' own cost is unchanged: 600 min at 400 kr/h, visits at 450 kr/h
  assert.deepEqual(c.home_pedagogue.slice(0, 3), [1, 10, 4000]);
  assert.deepEqual(c.visit_1_5y.slice(0, 3), [2, 3, 1350]);
  assert.deepEqual(c.visit_3y.slice(0, 3), [1, 1.5, 675]);
  const s = table(r.json, 'costs.support');
  // [staff, hours, cost, units, per unit, cost incl., per unit incl., uncosted]
  // pedagogue: 480 min sparring at 400 kr/h = 3200 kr, all on home pedagogy
  assert.deepEqual(s.home_pedagogue, [1, 8, 3200, 1, 3200, 7200, 7200, 0]);
  // health visitor: 180 min sparring + 21 h training = 1440 min at 450 kr/h
  // = 10800 kr, spread 180:90 over the visits at 1½ and 3 years
  assert.deepEqual(s.visit_1_5y, [1, 16, 7200, 2, 3600, 8550, 4275, 0]);
  assert.deepEqual(s.visit_3y, [1, 8, 3600, 1, 3600, 4275, 4275, 0]);
  assert.deepEqual(s.cosp.slice(0, 4), [0, 0, 0, 0]);
  // the leader's own 30 minutes: no programme work, no hourly cost
  assert.deepEqual(s.unallocated.slice(0, 3), [1, 0.5, 0]);
  assert.equal(s.unallocated[7], 0.5);
  assert.deepEqual([s.total[1], s.total[2], s.total[7]], [32.5, 14000, 0.5]);
});
