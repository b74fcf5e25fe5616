// reports.test.mjs - the reports (DOMAIN §3): each computed on a fixture
// with known answers, the seed's visit table reproduced exactly, who sees
// suppressed and unsuppressed numbers, the formats read back, and the
// cross-municipal merge equal to the report over the union. Runs on SQLite
// and PostgreSQL (REDE_TEST_BACKEND).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, assertProblem } from './harness.mjs';
import { hvOffers, hpCourses, cospCourse, insert, municipalityId, userId } from './report_fixture.mjs';

const srv = new Server();
let leader, evaluator, daycare, hv, admin, other;
const PERIOD = 'from=2019-09-30&to=2020-09-05';

// The table of a report by name, as {rowId: [cells]}.
function table(rep, name) {
  const t = rep.tables.find((x) => x.name === name);
  assert.ok(t, `no table ${name}`);
  return Object.fromEntries(t.rows.map((r) => [r.id, r.cells]));
}

before(async () => {
  srv.setupTenants();
  const m1 = municipalityId(srv, '0101'), m2 = municipalityId(srv, '0202');
  const unit = srv.units.Forvaltningen;
  const visitor = userId(srv, 'a-health_visitor');
  srv.addUser('b-health_visitor', 'health_visitor', '0202', srv.units['Andenby Forvaltning']);
  const visitorB = userId(srv, 'b-health_visitor');
  // The seed's status table (seed 003): 1305 / 808 offered, 689 / 404
  // visited; 6 % / 7 % under social measures; 15 % / 13 % referred within
  // and 7 % / 9 % outside health visiting.
  const v15 = hvOffers(srv, { municipality: m1, unit, visitor, programme: 'visit_1_5y', offered: 1305,
    visited: 689, social: 78, within: 103, outside: 48 });
  const v3 = hvOffers(srv, { municipality: m1, unit, visitor, programme: 'visit_3y', offered: 808,
    visited: 404, social: 57, within: 53, outside: 36 });
  // materials: used in the first 100 / 40 / 50 visits; one health visitor's answers
  insert(srv, 'hv_visit_material', [
    ...v15.visits.slice(0, 100).map((v) => ({ visit_id: v.id, material_code: 'DAY_WHEEL_1_5Y' })),
    ...v15.visits.slice(0, 40).map((v) => ({ visit_id: v.id, material_code: 'TOY_BOX_1_5Y' })),
    ...v3.visits.slice(0, 50).map((v) => ({ visit_id: v.id, material_code: 'DAY_WHEEL_3Y' }))]);
  insert(srv, 'hv_material_staff', [
    { user_id: visitor, material_code: 'DAY_WHEEL_1_5Y', municipality_id: m1, knows: 1, uses: 1, updated_at: 1 },
    { user_id: visitor, material_code: 'TOY_BOX_1_5Y', municipality_id: m1, knows: 1, uses: 0, updated_at: 1 }]);
  // staff costs: 400 kr/h for the home pedagogue, 450 kr/h for the health visitor
  const pedagogue = userId(srv, 'a-home_pedagogue');
  srv.sql(`UPDATE app_user SET hourly_cost_ore = 40000 WHERE id = ${pedagogue}`);
  srv.sql(`UPDATE app_user SET hourly_cost_ore = 45000 WHERE id = ${visitor}`);
  // home-pedagogue courses: 12 referrals, 8 accepted, 6 closed in the period
  const closed = (days, minutes, reason = 'goals_met') => ({ days, minutes, reason });
  const goalsOf = [['met', 'met'], ['met', 'partly'], ['met', 'met'], ['partly', 'not_met'], ['met', 'met'], ['partly', 'met']];
  const days = [70, 140, 210, 240, 140, 175], mins = [600, 1200, 1800, 2400, 1200, 900];
  const courses = [];
  for (let i = 0; i < 12; i++) {
    courses.push({
      source: i < 7 ? 'health_visiting' : 'daycare',
      channel: i < 6 ? (i % 2 ? 'Sundhedsplejersken ' : 'sundhedsplejersken') : i < 11 ? 'Opslag i dagtilbud' : 'Via naboen',
      outcome: i < 8 ? 'accepted' : i < 10 ? 'rejected' : undefined,
      closed: i < 6 ? closed(days[i], mins[i], i === 5 ? 'needs_other_intervention' : 'goals_met') : undefined,
      goals: i < 6 ? goalsOf[i] : [],
    });
  }
  hpCourses(srv, { municipality: m1, unit, pedagogue, courses });
  // COS-P: 20 offered, 10 accepted (8 placed), 6 completed
  const attended = [8, 8, 7, 6, 6, 6, 5, 8], ratings = [1, 1, 1, 2, 2, 1, null, null];
  const offers = [];
  for (let i = 0; i < 20; i++) {
    if (i < 8) offers.push({ status: 'accepted', placed: true, attended: attended[i], rating: ratings[i], dropout: i === 7 ? '2020-04-20' : null });
    else if (i < 10) offers.push({ status: 'accepted' });
    else if (i < 16) offers.push({ status: 'declined' });
    else offers.push({ status: 'offered' });
  }
  cospCourse(srv, { municipality: m1, unit, facilitator: visitor, offers });
  insert(srv, 'staff_competence', [
    { id: 9_000_001, municipality_id: m1, user_id: visitor, competence: 'cosp', obtained_on: '2019-06-01', created_at: 1 },
    { id: 9_000_002, municipality_id: m1, user_id: pedagogue, competence: 'cosp', obtained_on: '2021-01-01', created_at: 1 }]);
  srv.cliOk(['setting', 'set', 'cost.alternative_intervention_kr', '20000', '--municipality', '0101']);
  // The second municipality: a small one, for tenancy and merging.
  hvOffers(srv, { municipality: m2, unit: srv.units['Andenby Forvaltning'], visitor: visitorB,
    programme: 'visit_1_5y', offered: 40, visited: 23, social: 3, within: 4, outside: 2, tag: 'b15' });
  hvOffers(srv, { municipality: m2, unit: srv.units['Andenby Forvaltning'], visitor: visitorB,
    programme: 'visit_3y', offered: 9, visited: 6, social: 1, within: 1, outside: 0, tag: 'b3' });
  srv.cliOk(['setting', 'set', 'project.round', '1', '--municipality', '0101']);
  srv.cliOk(['setting', 'set', 'project.round', '2', '--municipality', '0202']);
  await srv.start();
  leader = await srv.login('a-leader');
  evaluator = await srv.login('a-evaluator');
  daycare = await srv.login('a-daycare');
  hv = await srv.login('a-health_visitor');
  admin = await srv.login('a-admin');
  other = await srv.login('b-coordinator');
});

after(async () => { await srv.stop(); });

test('the seed visit table is reproduced exactly (1305 / 808 / 2.113 offered, 689 / 404 / 1.093 visited)', async () => {
  for (const who of [leader, evaluator]) {
    const r = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}`, { session: who });
    assert.equal(r.status, 200, r.text);
    const s = table(r.json, 'visits.summary');
    assert.deepEqual(s.offered, [1305, 808, 2113]);
    assert.deepEqual(s.visited, [689, 404, 1093]);
  }
  // The print view shows them the Danish way, as the seed does.
  const h = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&format=html`, { session: evaluator });
  assert.equal(h.status, 200);
  assert.match(h.headers.get('content-type'), /^text\/html/);
  for (const n of ['1.305', '808', '2.113', '689', '404', '1.093']) assert.ok(h.text.includes(`<td>${n}</td>`), n);
});

test('visits: shares under social measures and referred on, answers, months, ratings', async () => {
  const r = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}`, { session: leader });
  const rep = r.json;
  assert.equal(rep.suppression.applied, false, 'a leader sees the own unit unsuppressed');
  const sm = table(rep, 'visits.social_measures');
  assert.deepEqual(sm['1_5y'].slice(0, 2), [1305, 78]);
  assert.equal(Math.round(sm['1_5y'][2]), 6);
  assert.equal(Math.round(sm['3y'][2]), 7);
  const ro = table(rep, 'visits.referred_on');
  assert.deepEqual([ro['1_5y'][1], ro['3y'][1], ro['1_5y'][3], ro['3y'][3]], [103, 53, 48, 36]);
  assert.deepEqual([ro['1_5y'][2], ro['3y'][2], ro['1_5y'][4], ro['3y'][4]].map(Math.round), [15, 13, 7, 9]);
  const ans = table(rep, 'visits.answers');
  assert.deepEqual(ans.visited, [689, 404, 1093]);
  assert.deepEqual(ans.total, [1305, 808, 2113]);
  // non-visited offers cycle declined / never reached / accepted
  const declined15 = [...Array(1305).keys()].filter((i) => i >= 689 && i % 3 === 0).length;
  assert.equal(ans.declined[0], declined15);
  const months = table(rep, 'visits.by_month');
  assert.equal(Object.keys(months).length, 14, 'Sep 2019 .. Sep 2020 and the total');
  assert.deepEqual(months['2019-09'], [0, 0, 0, 0]);
  assert.equal(months['2019-10'][0], Math.ceil(1305 / 11));
  assert.deepEqual(months.total, [1305, 808, 689, 404]);
  const rating = table(rep, 'visits.parent_rating');
  assert.equal(rating['1'][0], Math.ceil(689 / 6));
  assert.deepEqual(rating.total, [689, 404, 1093]);
  const rounds = table(rep, 'visits.by_round');
  assert.deepEqual(rounds['1'], [1305, 808, 689, 404]);
  assert.deepEqual(rep.period, { from: '2019-09-30', to: '2020-09-05' });
  assert.equal(rep.filters.municipalities[0].code, '0101');
  assert.equal(rep.filters.unit, 'mine');
  assert.equal(rep.parameters[0].values['health_visit.visit_1_5y.age_from_months'], 18);
  assert.match(rep.generated_at, /^\d{4}-\d\d-\d\dT/);
});

test('materials: knowledge, use and use per visit type', async () => {
  const rep = (await srv.req('GET', `/api/v1/reports/materials?${PERIOD}`, { session: leader })).json;
  const k = table(rep, 'materials.knowledge');
  assert.deepEqual(k.DAY_WHEEL_1_5Y, [1, 1, 100, 0]);
  assert.deepEqual(k.TOY_BOX_1_5Y, [1, 0, 40, 0]);
  assert.deepEqual(k.DAY_WHEEL_3Y, [0, 0, 0, 50]);
  assert.equal(Object.keys(k).length, 14, 'the built-in catalog');
  assert.deepEqual(table(rep, 'materials.staff').answered, [1]);
  const v = table(rep, 'materials.per_visit');
  assert.deepEqual(v['1_5y'], [689, 100, 140, 0.2]);
  assert.deepEqual(v['3y'], [404, 50, 50, 0.1]);
  assert.deepEqual(v.total, [1093, 150, 190, 0.2]);
});

test('COS-P: trained staff, offered -> accepted -> completed, by month, ratings', async () => {
  const rep = (await srv.req('GET', `/api/v1/reports/cosp?${PERIOD}`, { session: leader })).json;
  assert.deepEqual(table(rep, 'cosp.trained_staff'), { 1: [1], total: [1] });
  const f = table(rep, 'cosp.funnel');
  assert.deepEqual(f, { offered: [20, 100], accepted: [10, 50], completed: [6, 30] });
  assert.deepEqual(table(rep, 'cosp.by_round')['1'], [20, 10, 6, 50]);
  assert.deepEqual(table(rep, 'cosp.by_month')['2020-03'], [20, 10, 6, 50]);
  assert.deepEqual(table(rep, 'cosp.by_month').total, [20, 10, 6, 50]);
  const r = table(rep, 'cosp.parent_rating');
  assert.deepEqual([r['1'][0], r['2'][0], r['3'][0], r.none[0], r.total[0]], [4, 2, 0, 4, 10]);
  assert.equal(rep.parameters[0].values['cosp.completion_min_attended'], 6);
  const svg = await srv.req('GET', `/api/v1/reports/cosp?${PERIOD}&format=svg&chart=cosp.funnel`, { session: leader });
  assert.match(svg.text, /<desc[^>]*>Tilbudt et forløb: 20\. Sagt ja: 10\. Gennemført: 6\. <\/desc>/);
  assert.match(svg.text, />10 \(50 %\)</);
});

test('home-pedagogue courses: referrals, visitation, closures, weeks and hours, goals, evaluation', async () => {
  const rep = (await srv.req('GET', `/api/v1/reports/home-pedagogue?${PERIOD}`, { session: leader })).json;
  // A leader's own units hold the referrals that became courses there.
  const src = table(rep, 'home_pedagogue.referrals_by_source');
  assert.deepEqual([src.health_visiting[0], src.daycare[0], src.total[0]], [7, 1, 8]);
  // The whole municipality, exactly: the merge export carries the counts.
  const exact = JSON.parse(srv.cliOk(['report', 'home-pedagogue', '--municipality', '0101', '--from', '2019-09-30',
    '--to', '2020-09-05', '--format', 'merge']).stdout);
  const n = (name) => Object.fromEntries(exact.tables.find((t) => t.name === name).rows
    .map((r) => [r.id, r.cells.map((c) => (c && 'n' in c ? c.n : null))]));
  const all = n('home_pedagogue.referrals_by_source');
  assert.deepEqual([all.health_visiting[0], all.daycare[0], all.total[0]], [7, 5, 12]);
  const ch = exact.tables.find((t) => t.name === 'home_pedagogue.referrals_by_channel');
  assert.deepEqual(ch.rows.map((r) => [r.label, r.cells[0].n]),
    [['opslag i dagtilbud', 5], ['sundhedsplejersken', 6], ['Andre kanaler eller ikke oplyst', 1], ['Henvisninger i alt', 12]],
    'a channel used once is never shown by name, not even in an exact export');
  const vis = n('home_pedagogue.visitation');
  assert.deepEqual([vis.accepted[0], vis.rejected[0], vis.pending[0], vis.total[0]], [8, 2, 2, 12]);
  const reasons = n('home_pedagogue.visitation_reasons');
  assert.deepEqual(reasons.risk_factors, [8, 2, 10]);
  assert.deepEqual(reasons.child_age, [10, 0, 10]);
  assert.deepEqual(table(rep, 'home_pedagogue.courses'), { started: [8], active: [2], planned: [0], closed: [6] });
  assert.deepEqual(table(rep, 'home_pedagogue.closed_courses'), { started: [6], never_started: [0], total: [6] });
  const cr = table(rep, 'home_pedagogue.closure_reasons');
  assert.deepEqual([cr.goals_met[0], cr.needs_other_intervention[0], cr.total[0]], [5, 1, 6]);
  const d = table(rep, 'home_pedagogue.duration');
  assert.deepEqual(d.weeks, [6, 20, 22.5, 28.8]);
  assert.deepEqual(d.hours, [6, 16.3, 20, 27.5]);
  const g = table(rep, 'home_pedagogue.goals');
  assert.deepEqual(g['1'], [6, 4, 2, 0, 0]);
  assert.deepEqual(g['2'], [6, 4, 1, 1, 0]);
  assert.deepEqual(g.total, [12, 8, 3, 1, 0]);
  const e = table(rep, 'home_pedagogue.parent_evaluation');
  assert.deepEqual(e.parenting, [6, 0, 0, 0, 0, 0, 6]);
  assert.deepEqual(e.learning_environment, [0, 6, 0, 0, 0, 0, 6]);
  assert.deepEqual(e.daycare_cooperation, [0, 0, 0, 0, 0, 6, 6]);
  assert.deepEqual(e.good_parent, [0, 0, 0, 0, 6, 0, 6]);
});

test('costs: hours times hourly cost per course, programme and goal reached, against the alternative', async () => {
  const rep = (await srv.req('GET', `/api/v1/reports/costs?${PERIOD}`, { session: leader })).json;
  const c = table(rep, 'costs.by_programme');
  assert.deepEqual(c.home_pedagogue, [6, 135, 54000, 9000, 8, 6750, 0]);
  assert.deepEqual(c.visit_1_5y, [689, 1033.5, 465075, 675, null, null, 0]);
  assert.deepEqual(c.visit_3y, [404, 606, 272700, 675, null, null, 0]);
  assert.deepEqual(c.cosp, [6, 20, 9000, 1500, null, null, 0]);
  assert.deepEqual(c.total, [null, 1794.5, 800775, null, null, null, 0]);
  const a = table(rep, 'costs.alternative');
  assert.deepEqual(a.home_pedagogue, [6, 9000, 120000, 20000, -11000]);
  assert.deepEqual(a.cosp, [6, 1500, 120000, 20000, -18500]);
  const p = rep.parameters[0].values;
  assert.equal(p['cost.alternative_intervention_kr'], 20000);
  assert.equal(p['cost.cosp_session_minutes'], 150);
});

test('evaluation kit: every report for the period, the delivery date, and merge equal to the union', async () => {
  const r = await srv.req('GET', `/api/v1/reports/evaluation-kit?${PERIOD}`, { session: leader });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.delivery, { kind: 'autumn', due_on: '2020-09-05', label: '5. september 2020' });
  const names = r.json.tables.map((t) => t.name.split('.')[0]);
  for (const part of ['visits', 'materials', 'cosp', 'home_pedagogue', 'costs']) assert.ok(names.includes(part), part);
  assert.deepEqual(table(r.json, 'visits.summary').offered, [1305, 808, 2113]);
  const spring = await srv.req('GET', '/api/v1/reports/evaluation-kit?from=2020-09-06&to=2021-04-30', { session: leader });
  assert.equal(spring.json.delivery.label, '5. maj 2021');
  const fin = await srv.req('GET', '/api/v1/reports/evaluation-kit?from=2019-09-30&to=2021-12-31&final=1', { session: leader });
  assert.equal(fin.json.delivery.kind, 'final');
  // merge of the two municipalities' kits equals the kit over both
  const dir = srv.dir;
  for (const code of ['0101', '0202']) {
    srv.cliOk(['report', 'evaluation-kit', '--municipality', code, '--from', '2019-09-30', '--to', '2020-09-05',
      '--format', 'merge', '--out', join(dir, `kit-${code}.json`)]);
  }
  const merged = JSON.parse(srv.cliOk(['report', 'merge', join(dir, 'kit-0101.json'), join(dir, 'kit-0202.json')]).stdout);
  const union = JSON.parse(srv.cliOk(['report', 'evaluation-kit', '--municipality', '0101,0202', '--from', '2019-09-30', '--to', '2020-09-05']).stdout);
  assert.deepEqual(merged.tables, union.tables);
  assert.deepEqual(merged.suppression, union.suppression);
  assert.ok(union.suppression.primary > 0);
  // the merged kit as a workbook and a Danish CSV
  const x = srv.cliOk(['report', 'merge', join(dir, 'kit-0101.json'), join(dir, 'kit-0202.json'), '--format', 'xlsx', '--out', join(dir, 'kit.xlsx')]);
  assert.equal(x.status, 0);
  const wb = await readXlsx(readFileSync(join(dir, 'kit.xlsx')));
  assert.equal(wb.length, 1 + union.tables.length);
  const summary = wb.find((s) => s.rows[0]?.[0] === union.tables[0].title);
  assert.deepEqual(summary.rows[2].slice(1), union.tables[0].rows[0].cells);
});

test('who may see reports: daycare none; tenancy; evaluators across municipalities', async () => {
  assertProblem(await srv.req('GET', `/api/v1/reports/visits?${PERIOD}`, { session: daycare }), 403);
  assertProblem(await srv.req('GET', `/api/v1/reports/nope?${PERIOD}`, { session: leader }), 404);
  // another municipality's coordinator sees only their own families
  const o = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&unit=all`, { session: other });
  assert.equal(o.status, 200);
  assert.equal(o.json.suppression.applied, true, 'municipality-wide numbers are suppressed for staff');
  assert.equal(table(o.json, 'visits.summary').offered[0], 40);
  // a leader cannot ask for another municipality or its unit
  assertProblem(await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&municipality=0202`, { session: leader }), 404, 'municipality');
  assertProblem(await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&unit=${srv.units['Andenby Forvaltning']}`, { session: leader }), 404, 'unit');
  // an evaluator may, and always gets suppressed numbers
  const e = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&municipality=all`, { session: evaluator });
  assert.equal(e.status, 200);
  assert.equal(e.json.suppression.applied, true);
  assert.deepEqual(e.json.filters.municipalities.map((m) => m.code), ['0101', '0202']);
  // Both municipalities' offers: 1 305 + 40 for 1½ years. Their total (2 113 + 49)
  // is hidden: 0202's 9 three-year offers fall one in each of nine months, all
  // '<5' in 0202's own report, which therefore hides its 9; 0101 shows its 808
  // and 2 113, so all's 817 or 2 162 would give 0202's 9 and with it every one
  // of those nine '<5' (= 1) - the union must not show what its parts hide.
  const eSummary = table(e.json, 'visits.summary');
  assert.equal(eSummary.offered[0], 1305 + 40);
  assert.equal(eSummary.offered[1], 'x');
  assert.equal(eSummary.offered[2], 'x');
  const e2 = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&municipality=0202`, { session: evaluator });
  assert.equal(table(e2.json, 'visits.summary').offered[1], 'x');
  assert.deepEqual(e2.json.tables.find((t) => t.name === 'visits.by_month').rows.filter((r) => !r.total).map((r) => r.cells[1]),
    [0, '<5', '<5', '<5', '<5', '<5', '<5', '<5', '<5', '<5', 0, 0, 0]);
  const r2 = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&municipality=all&round=2`, { session: evaluator });
  assert.deepEqual(r2.json.filters.municipalities.map((m) => m.code), ['0202']);
  // the admin sees suppressed aggregates
  const a = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}`, { session: admin });
  assert.equal(a.json.suppression.applied, true);
  // bad input
  assertProblem(await srv.req('GET', '/api/v1/reports/visits?from=2020-13-01', { session: leader }), 400, 'from');
  assertProblem(await srv.req('GET', '/api/v1/reports/visits?from=2020-02-01&to=2020-01-01', { session: leader }), 400, 'from');
  assertProblem(await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&format=pdf`, { session: leader }), 400, 'format');
  assertProblem(await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&format=merge`, { session: evaluator }), 400, 'format');
  // every report run is on the audit log, downloads as exports
  await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&format=csv`, { session: leader });
  await new Promise((res) => setTimeout(res, 300));
  assert.ok(Number(srv.sql("SELECT count(*) FROM audit_log WHERE entity = 'report' AND action = 'export'")) >= 1);
});

test('small numbers: the other municipality\'s evaluation numbers are suppressed and cannot be worked out', async () => {
  const e = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&municipality=0202`, { session: evaluator });
  const rep = e.json;
  assert.equal(rep.suppression.applied, true);
  assert.ok(rep.suppression.primary > 0);
  const hidden = (v) => v === '<5' || v === 'x';
  // No table shows a count from 1 to 4.
  for (const t of rep.tables) for (const r of t.rows) for (const v of r.cells) {
    if (typeof v === 'number' && Number.isInteger(v) && !t.columns.some((c) => /share|Andel/.test(c.label))) {
      assert.ok(v === 0 || v >= 5 || t.name === 'visits.social_measures', `${t.name} ${r.id} shows ${v}`);
    }
  }
  // Every row/column sum with exactly one hidden cell would give it away.
  for (const name of ['visits.summary', 'visits.answers', 'visits.parent_rating', 'visits.criteria', 'visits.decline_reasons']) {
    const t = rep.tables.find((x) => x.name === name);
    for (const r of t.rows) {
      const n = r.cells.filter(hidden).length;
      assert.ok(n !== 1, `${name} row ${r.id} has a single hidden cell`);
    }
    const total = t.rows.find((r) => r.total);
    if (total) for (let j = 0; j < t.columns.length; j++) {
      const n = t.rows.filter((r) => hidden(r.cells[j])).length;
      assert.ok(n !== 1, `${name} column ${j} has a single hidden cell`);
    }
  }
});

test('CSV (plain and Danish Excel) and XLSX carry the same numbers as JSON', async () => {
  const j = (await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&unit=all`, { session: evaluator })).json;
  const csv = await fetch(`${srv.base}/api/v1/reports/visits?${PERIOD}&unit=all&format=csv`, { headers: { Cookie: evaluator.cookie } });
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="rede-visits-2019-09-30-2020-09-05.csv"/);
  const plain = await csv.text();
  assert.ok(plain.includes('\r\n'));
  assert.ok(plain.includes('Familier tilbudt besøg,1305,808,2113'));
  const da = Buffer.from(await (await fetch(`${srv.base}/api/v1/reports/visits?${PERIOD}&unit=all&format=csv-da`, { headers: { Cookie: evaluator.cookie } })).arrayBuffer());
  assert.deepEqual([...da.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
  const text = da.toString('utf8');
  assert.ok(text.includes('Familier tilbudt besøg;1305;808;2113'));
  const share = table(j, 'visits.social_measures')['1_5y'][2];
  assert.ok(text.includes(`;${String(share).replace('.', ',')}`), 'decimal comma');
  // Every table's numbers in both CSV dialects equal the JSON's.
  for (const [src, sep] of [[plain, ','], [text.slice(1), ';']]) {
    const recs = parseCsv(src, sep);
    for (const t of j.tables) {
      const at = recs.findIndex((r) => r.length === 1 && r[0] === t.title);
      assert.ok(at >= 0, `csv table ${t.title}`);
      assert.deepEqual(recs[at + 1].slice(1), t.columns.map((c) => c.label));
      t.rows.forEach((r, i) => {
        const rec = recs[at + 2 + i];
        assert.equal(rec[0], r.label);
        r.cells.forEach((v, k) => {
          if (v === null) assert.equal(rec[k + 1], '-');
          else if (typeof v === 'number') assert.equal(Number(rec[k + 1].replace(',', '.')), v, `${t.name} ${r.id} ${k}`);
          else assert.equal(rec[k + 1], v);
        });
      });
    }
  }
  const x = await fetch(`${srv.base}/api/v1/reports/visits?${PERIOD}&unit=all&format=xlsx`, { headers: { Cookie: evaluator.cookie } });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const wb = await readXlsx(Buffer.from(await x.arrayBuffer()));
  assert.equal(wb.length, 1 + j.tables.length, 'one sheet per table after the about sheet');
  // Sheets are named in Danish from the tables' titles: at most Excel's 31
  // characters, never an internal id, each name once.
  const names = wb.map((s) => s.name);
  assert.equal(new Set(names).size, names.length, 'unique sheet names');
  for (const n of names) {
    assert.ok([...n].length <= 31, `${n} is longer than 31 characters`);
    assert.doesNotMatch(n, /^[a-z_]+\.[a-z_]/, `${n} is an id, not Danish`);
  }
  assert.equal(names[0], 'Om rapporten');
  for (const t of j.tables) {
    const sheet = wb.find((s) => s.rows[0]?.[0] === t.title);
    assert.ok(sheet, `sheet for ${t.name}`);
    assert.ok(t.title.startsWith(sheet.name.replace(/…$|\s\(\d+\)$/, '')) || sheet.name.endsWith(')'), `${sheet.name} from ${t.title}`);
    t.rows.forEach((r, i) => {
      const row = sheet.rows[i + 2];
      assert.equal(row[0], r.label);
      r.cells.forEach((v, k) => {
        if (v === null) return;
        if (typeof v === 'number') assert.equal(Math.round(Number(row[k + 1]) * 10), Math.round(v * 10), `${t.name} ${r.id} ${k}`);
        else assert.equal(row[k + 1], v);
      });
    });
  }
});

// "05-12-2026 kl. 01:50" within two minutes of now in Europe/Copenhagen
// (the report's "Dannet" is Danish local time, not UTC).
function assertDanishNow(text) {
  const m = /^(\d\d)-(\d\d)-(\d{4}) kl\. (\d\d):(\d\d)$/.exec(text);
  assert.ok(m, `"${text}" is not dd-mm-åååå kl. tt:mm`);
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date()).map((x) => [x.type, x.value]));
  const asUtc = (y, mo, d, hh, mi) => Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mi));
  const diff = Math.abs(asUtc(m[3], m[2], m[1], m[4], m[5]) - asUtc(p.year, p.month, p.day, p.hour, p.minute));
  assert.ok(diff <= 2 * 60000, `"${text}" is not Danish time now (${p.day}-${p.month}-${p.year} ${p.hour}:${p.minute})`);
}

test('SVG charts: a funnel and monthly bars with a text alternative, no script or style', async () => {
  const f = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&format=svg`, { session: leader });
  assert.equal(f.status, 200);
  assert.match(f.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(f.text, /<svg[^>]*role="img"/);
  assert.match(f.text, /<title id="[^"]+">Familier tilbudt og besøgt<\/title>/);
  assert.match(f.text, /<desc id="[^"]+">Familier tilbudt besøg: 2\.113\. Familier, der har fået besøg: 1\.093\. <\/desc>/);
  const m = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&format=svg&chart=visits.by_month`, { session: leader });
  assert.equal(m.status, 200);
  assert.match(m.text, /<desc[^>]*>sep\. 2019: Tilbudt 1½ år 0, Tilbudt 3 år 0/);
  assert.equal((m.text.match(/<rect /g) || []).length >= 12 * 4, true);
  for (const t of [f.text, m.text]) {
    assert.doesNotMatch(t, /<script|style=|<style/);
  }
  assertProblem(await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&format=svg&chart=visits.criteria`, { session: leader }), 404, 'chart');
  const h = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&format=html`, { session: leader });
  assert.doesNotMatch(h.text, /<script|style=|<style/);
  assert.match(h.text, /<link rel="stylesheet" href="\/css\/report.css">/);
  // Danish dates and Danish local time in the files people read.
  assert.match(h.text, /<dt>Periode<\/dt><dd>30-09-2019 til 05-09-2020<\/dd>/);
  assert.match(h.text, /Programparametre i kraft/);
  assertDanishNow(/<dt>Dannet<\/dt><dd>([^<]*)<\/dd>/.exec(h.text)[1]);
  const csv = await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&format=csv`, { session: leader });
  assert.match(csv.text, /^Periode,30-09-2019 til 05-09-2020\r?$/m);
  assertDanishNow(/^Dannet,(.*?)\r?$/m.exec(csv.text)[1]);
  const css = await fetch(`${srv.base}/css/report.css`);
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /text\/css/);
  assert.match(h.text, /<svg[^>]*role="img"/);
});

test('rede report on the CLI gives the API\'s numbers, and merge of two exports equals the report over both', async () => {
  const dir = srv.dir;
  const cli = srv.cliOk(['report', 'visits', '--municipality', '0101', '--from', '2019-09-30', '--to', '2020-09-05']);
  const api = (await srv.req('GET', `/api/v1/reports/visits?${PERIOD}&unit=all`, { session: evaluator })).json;
  const c = JSON.parse(cli.stdout);
  assert.deepEqual(c.tables, api.tables);
  for (const code of ['0101', '0202']) {
    srv.cliOk(['report', 'visits', '--municipality', code, '--from', '2019-09-30', '--to', '2020-09-05',
      '--format', 'merge', '--out', join(dir, `${code}.json`)]);
  }
  const merged = JSON.parse(srv.cliOk(['report', 'merge', join(dir, '0101.json'), join(dir, '0202.json')]).stdout);
  const union = JSON.parse(srv.cliOk(['report', 'visits', '--municipality', '0101,0202', '--from', '2019-09-30', '--to', '2020-09-05']).stdout);
  assert.deepEqual(merged.tables, union.tables);
  assert.deepEqual(merged.suppression, union.suppression);
  assert.deepEqual(merged.filters.municipalities, union.filters.municipalities);
  assert.deepEqual(merged.parameters, union.parameters);
  // merge refuses a suppressed export
  writeFileSync(join(dir, 'plain.json'), cli.stdout);
  const bad = srv.cli(['report', 'merge', join(dir, '0101.json'), join(dir, 'plain.json')]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /not a merge export/);
  // the same municipality twice is refused
  const twice = srv.cli(['report', 'merge', join(dir, '0101.json'), join(dir, '0101.json')]);
  assert.match(twice.stderr, /0101 is in two exports/);
  // exports are audited
  assert.ok(Number(srv.sql("SELECT count(*) FROM audit_log WHERE purpose LIKE 'cli report visits%'")) >= 3);
  readFileSync(join(dir, '0101.json'));
});

// RFC 4180 records (quoted fields, doubled quotes) with separator sep.
function parseCsv(text, sep) {
  const recs = [];
  let rec = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) { rec.push(field); field = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { rec.push(field); recs.push(rec); rec = []; field = ''; i++; }
    else field += ch;
  }
  return recs;
}

// ---- a minimal XLSX reader for the test: unzip with the platform's
// zlib and read the sheets' XML (numbers, shared and inline strings).
import { inflateRawSync } from 'node:zlib';

function unzip(buf) {
  const files = {};
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const lnl = buf.readUInt16LE(local + 26), lextra = buf.readUInt16LE(local + 28);
    const data = buf.subarray(local + 30 + lnl + lextra, local + 30 + lnl + lextra + size);
    files[name] = method === 8 ? inflateRawSync(data) : data;
    p += 46 + nameLen + extra + comment;
  }
  return files;
}

const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

async function readXlsx(buf) {
  const files = unzip(buf);
  const shared = [...(files['xl/sharedStrings.xml']?.toString() ?? '').matchAll(/<si>(.*?)<\/si>/gs)]
    .map((m) => unxml([...m[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((x) => x[1]).join('')));
  const wbXml = files['xl/workbook.xml'].toString();
  const rels = files['xl/_rels/workbook.xml.rels'].toString();
  const sheets = [];
  for (const m of wbXml.matchAll(/<sheet name="([^"]*)" sheetId="\d+" r:id="([^"]+)"\/>/g)) {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]+)"`).exec(rels)[1];
    const xml = files[`xl/${target}`].toString();
    const rows = [];
    for (const r of xml.matchAll(/<row r="(\d+)"[^>]*>(.*?)<\/row>/gs)) {
      const row = [];
      for (const c of r[2].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
        const col = [...c[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const v = /<v>(.*?)<\/v>/s.exec(c[3] ?? '')?.[1];
        row[col] = /t="s"/.test(c[2]) ? shared[Number(v)] : v === undefined ? undefined : Number(v);
      }
      rows[Number(r[1]) - 1] = row;
    }
    sheets.push({ name: unxml(m[1]), rows });
  }
  return sheets;
}
