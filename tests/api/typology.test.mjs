// typology.test.mjs - the typology self-assessment of promising practice
// (DOMAIN §1.7, seed 004): the questions as data with seed 004's wording,
// municipalities' own questions for the editable elements, practices and
// their assessments scored 0-1 per element and 0-11 in all, monitoring and
// economy answered by Rede from its records, and the comparison of several
// practices (mean, median, min, max). Both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem } from './harness.mjs';
import { today as dkToday } from './fixtures.mjs';
import { families, id, insert, municipalityId, userId } from './report_fixture.mjs';

const srv = new Server();
let leader, evaluator, daycare, otherCoord;
const today = dkToday();
const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

before(async () => {
  srv.setupTenants();
  const m1 = municipalityId(srv, '0101');
  const pedagogue = userId(srv, 'a-home_pedagogue');
  srv.sql(`UPDATE app_user SET hourly_cost_ore = 40000 WHERE id = ${pedagogue}`);
  // One home-pedagogue course in the last year: rated goals, a costed
  // contact, closed with a goal met.
  const [k] = families(srv, m1, 1, 'typ');
  const eid = id(), gid = id();
  insert(srv, 'enrolment', [{ id: eid, municipality_id: m1, family_id: k.family, child_id: k.child,
    programme: 'home_pedagogue', unit_id: srv.units.Forvaltningen, status: 'closed', start_on: daysAgo(120),
    closed_on: daysAgo(10), created_at: 1 }]);
  insert(srv, 'goal', [{ id: gid, enrolment_id: eid, theme: 1, focus_area: 'routines', text: 'mål', baseline: 1,
    target: 4, agreed_on: daysAgo(118), attainment: 'met', created_at: 1 }]);
  insert(srv, 'goal_rating', [
    { id: id(), goal_id: gid, rated_on: daysAgo(60), value: 2, rated_by_kind: 'staff', created_at: 1 },
    { id: id(), goal_id: gid, rated_on: daysAgo(12), value: 4, rated_by_kind: 'parent', created_at: 1 }]);
  insert(srv, 'contact', [{ id: id(), municipality_id: m1, enrolment_id: eid, happened_on: daysAgo(50), minutes: 90,
    kind: 'home_session', activities: 'advice', recorded_by: pedagogue, created_at: 1 }]);
  insert(srv, 'closure', [{ enrolment_id: eid, municipality_id: m1, programme: 'home_pedagogue', closed_on: daysAgo(10),
    reason: 'goals_met', created_at: 1 }]);
  srv.cliOk(['setting', 'set', 'cost.alternative_intervention_kr', '25000', '--municipality', '0101']);
  // Faglig refleksion (issue 23): the pedagogue's sparring in the last
  // year - four sessions of 400 minutes (at least the year's target of an
  // hour a fortnight, ~1570 minutes), one discussing the course - and a
  // COS-P training of two years ago no colleague in the programme shares.
  const sessions = [id(), id(), id(), id()];
  insert(srv, 'sparring_session', sessions.map((sid, i) => ({ id: sid, municipality_id: m1, held_on: daysAgo(30 + 60 * i),
    minutes: 400, form: 'group', recorded_by: pedagogue, created_at: 1 })));
  insert(srv, 'sparring_participant', sessions.map((sid) => ({ session_id: sid, user_id: pedagogue })));
  insert(srv, 'sparring_case', [{ session_id: sessions[1], enrolment_id: eid, note: 'Målet om rutiner' }]);
  insert(srv, 'staff_competence', [{ id: id(), municipality_id: m1, user_id: pedagogue, competence: 'cosp', obtained_on: daysAgo(730), created_at: 1 }]);
  await srv.start();
  leader = await srv.login('a-leader');
  evaluator = await srv.login('a-evaluator');
  daycare = await srv.login('a-daycare');
  otherCoord = await srv.login('b-coordinator');
});

after(async () => { await srv.stop(); });

async function questions(session) {
  const r = await srv.req('GET', '/api/v1/typology/questions', { session });
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json.elements.map((e) => [e.code, e]));
}

// Answer every question a person answers: yes to the first `yes[code]`
// of each element (default all).
function answers(q, yes = {}) {
  const out = [];
  for (const [code, el] of Object.entries(q)) {
    el.questions.forEach((x, i) => out.push({ question_id: x.id, yes: i < (yes[code] ?? el.questions.length) }));
  }
  return out;
}

test('the typology: 11 elements, seed 004 wording for four, placeholders for the rest', async () => {
  const q = await questions(leader);
  assert.equal(Object.keys(q).length, 11);
  assert.equal(q.faglig_refleksion.questions.length, 3);
  assert.equal(q.individuel_tilrettelaeggelse.questions.length, 7);
  assert.equal(q.oekonomi.questions.length, 3);
  assert.equal(q.monitorering.questions.length, 5);
  assert.match(q.faglig_refleksion.questions[1].text, /supervision eller anden form for faglig sparring/);
  assert.match(q.monitorering.questions[3].text, /Aggregerede data/);
  assert.deepEqual(q.oekonomi.questions.map((x) => x.evidence), ['costs_known', 'costs_vs_results', 'costs_compared']);
  assert.deepEqual(q.faglig_refleksion.questions.map((x) => x.evidence), ['cases_discussed', 'sparring_regular', 'shared_training']);
  assert.equal(q.oekonomi.editable, false);
  assert.equal(q.virkning.editable, true);
  assert.equal(q.virkning.questions[0].placeholder, true);
});

test('a municipality writes its own questions for an editable element, never for a locked one', async () => {
  assertProblem(await srv.req('PUT', '/api/v1/typology/elements/oekonomi/questions',
    { session: leader, body: { questions: ['Er det billigt?'] } }), 409, 'code');
  assertProblem(await srv.req('PUT', '/api/v1/typology/elements/nope/questions',
    { session: leader, body: { questions: ['x'] } }), 404);
  assertProblem(await srv.req('PUT', '/api/v1/typology/elements/virkning/questions',
    { session: leader, body: { questions: [] } }), 400, 'questions');
  assertProblem(await srv.req('PUT', '/api/v1/typology/elements/virkning/questions',
    { session: evaluator, body: { questions: ['x'] } }), 403);
  const r = await srv.req('PUT', '/api/v1/typology/elements/virkning/questions',
    { session: leader, body: { questions: ['Er der dokumenteret virkning for familierne?', 'Er virkningen målt før og efter?'] } });
  assert.equal(r.status, 200, r.text);
  const q = await questions(leader);
  assert.deepEqual(q.virkning.questions.map((x) => [x.own, x.placeholder]), [[true, false], [true, false]]);
  // another municipality still has the placeholder
  const other = await questions(otherCoord);
  assert.equal(other.virkning.questions.length, 1);
  assert.equal(other.virkning.questions[0].placeholder, true);
});

test('assessing practices: scores 0-1 per element, 0-11 in all; Rede evidences monitoring and economy', async () => {
  const q = await questions(leader);
  const inRede = await srv.req('POST', '/api/v1/practices', { session: leader,
    body: { name: 'Hjemmepædagogiske forløb', programme: 'home_pedagogue', description: 'Vores forløb' } });
  assert.equal(inRede.status, 201, inRede.text);
  assertProblem(await srv.req('POST', '/api/v1/practices', { session: leader,
    body: { name: 'Hjemmepædagogiske forløb' } }), 409, 'name');
  assertProblem(await srv.req('POST', '/api/v1/practices', { session: leader,
    body: { name: 'X', programme: 'bowling' } }), 400, 'programme');
  // Person-answered questions only: the evidenced ones are Rede's.
  const byHand = answers(q, { individuel_tilrettelaeggelse: 5, faglig_refleksion: 3, virkning: 1 })
    .filter((a) => !['oekonomi', 'monitorering', 'faglig_refleksion'].includes(Object.entries(q).find(([, el]) => el.questions.some((x) => x.id === a.question_id))[0]));
  const r = await srv.req('POST', `/api/v1/practices/${inRede.json.id}/assessments`,
    { session: leader, body: { assessed_on: today, answers: byHand } });
  assert.equal(r.status, 201, r.text);
  const el = Object.fromEntries(r.json.elements.map((e) => [e.code, e]));
  // Faglig refleksion from the records, with the figures: the course was
  // discussed, sparring met the target, but no training is shared
  assert.ok(el.faglig_refleksion.answers.every((a) => a.source === 'rede' && a.evidence), JSON.stringify(el.faglig_refleksion.answers));
  assert.deepEqual(el.faglig_refleksion.answers.map((a) => a.yes), [true, true, false]);
  assert.match(el.faglig_refleksion.answers[0].evidence, /^1 faglige sparringer drøftede 1 af programmets 1 forløb/);
  assert.match(el.faglig_refleksion.answers[1].evidence, /^1 af 1 medarbejdere i programmet fik faglig sparring mindst som målet \(60 minutter pr\. 14 dage\).*; 4 deltagelser i alt\. Kravet er 75 %\./);
  assert.match(el.faglig_refleksion.answers[2].evidence, /^1 af 1 medarbejdere i programmet har en registreret uddannelse; 0 uddannelsestyper deles af mindst to; 0 har taget en uddannelse/);
  assert.ok(Math.abs(el.faglig_refleksion.score - 2 / 3) < 1e-9);
  assert.equal(Math.round(el.individuel_tilrettelaeggelse.score * 100), 71, '5 of 7, as in seed 004');
  assert.equal(el.virkning.score, 0.5);
  assert.equal(el.oekonomi.score, 1, JSON.stringify(el.oekonomi.answers));
  assert.ok(el.oekonomi.answers.every((a) => a.source === 'rede' && a.evidence));
  assert.match(el.oekonomi.answers[2].evidence, /25000 kr/);
  // Monitoring: measured, fixed scale, IT system, aggregated - and reported
  // once the report has been made (the audit log shows it).
  assert.equal(el.monitorering.score, 0.8, JSON.stringify(el.monitorering.answers));
  assert.equal(el.monitorering.answers[4].yes, false);
  const rep = await srv.req('GET', `/api/v1/reports/home-pedagogue?from=${daysAgo(300)}&to=${today}`, { session: leader });
  assert.equal(rep.status, 200);
  await new Promise((res) => setTimeout(res, 400)); // the read's audit entry is written in a batch
  const again = await srv.req('POST', `/api/v1/practices/${inRede.json.id}/assessments`,
    { session: leader, body: { assessed_on: today, answers: byHand } });
  const el2 = Object.fromEntries(again.json.elements.map((e) => [e.code, e]));
  assert.equal(el2.monitorering.score, 1, JSON.stringify(el2.monitorering.answers));
  assert.ok(Math.abs(again.json.total - Object.values(el2).reduce((sum, e) => sum + e.score, 0)) < 1e-9);

  // A practice outside Rede answers everything by hand; a missing answer is refused.
  const outside = await srv.req('POST', '/api/v1/practices', { session: leader, body: { name: 'Åben legestue' } });
  assert.equal(outside.status, 201);
  const all = answers(q, { oekonomi: 0, monitorering: 2 });
  assertProblem(await srv.req('POST', `/api/v1/practices/${outside.json.id}/assessments`,
    { session: leader, body: { assessed_on: today, answers: all.slice(1) } }), 400, 'answers');
  assertProblem(await srv.req('POST', `/api/v1/practices/${outside.json.id}/assessments`,
    { session: leader, body: { assessed_on: today, answers: [...all, all[0]] } }), 400, 'answers[' + all.length + '].question_id');
  assertProblem(await srv.req('POST', `/api/v1/practices/${outside.json.id}/assessments`,
    { session: leader, body: { assessed_on: 'i går', answers: all } }), 400, 'assessed_on');
  const o = await srv.req('POST', `/api/v1/practices/${outside.json.id}/assessments`,
    { session: leader, body: { assessed_on: today, answers: all } });
  assert.equal(o.status, 201, o.text);
  const oel = Object.fromEntries(o.json.elements.map((e) => [e.code, e]));
  assert.equal(oel.oekonomi.score, 0);
  assert.equal(oel.monitorering.score, 0.4, 'the seed\'s average: 2 of 5');
  assert.ok(Math.abs(o.json.total - 9.4) < 1e-9, String(o.json.total));

  // Comparing the practices: mean, median, min, max.
  const cmp = await srv.req('GET', '/api/v1/typology/compare', { session: evaluator });
  assert.equal(cmp.status, 200, cmp.text);
  assert.equal(cmp.json.n, 2);
  const totals = cmp.json.practices.map((p) => p.total).sort((a, b) => a - b);
  assert.equal(cmp.json.stats.total.min, totals[0]);
  assert.equal(cmp.json.stats.total.max, totals[1]);
  assert.ok(Math.abs(cmp.json.stats.total.mean - (totals[0] + totals[1]) / 2) < 1e-9);
  assert.ok(Math.abs(cmp.json.stats.total.median - (totals[0] + totals[1]) / 2) < 1e-9);
  assert.equal(cmp.json.stats.elements.oekonomi.min, 0);
  assert.equal(cmp.json.stats.elements.oekonomi.max, 1);
  const only = await srv.req('GET', `/api/v1/typology/compare?practices=${outside.json.id}`, { session: leader });
  assert.equal(only.json.n, 1);

  // The same as a report, in every format.
  const tr = await srv.req('GET', '/api/v1/reports/typology', { session: evaluator });
  assert.equal(tr.status, 200);
  const t = tr.json.tables[0];
  assert.equal(t.name, 'typology.scores');
  assert.equal(t.columns.length, 12);
  const rows = Object.fromEntries(t.rows.map((x) => [x.id, x.cells]));
  assert.equal(rows.max[11], Math.round(totals[1] * 100) / 100);
  assert.equal(rows.mean[5], 0.5);
  const csv = srv.cliOk(['report', 'typology', '--municipality', '0101', '--format', 'csv-da']).stdout;
  assert.match(csv, /Åben legestue/);
  assert.match(csv, /Største;/);

  // tenancy and roles
  assertProblem(await srv.req('GET', `/api/v1/practices/${outside.json.id}`, { session: otherCoord }), 404);
  assertProblem(await srv.req('GET', '/api/v1/practices', { session: daycare }), 403);
  const got = await srv.req('GET', `/api/v1/practices/${inRede.json.id}`, { session: evaluator });
  assert.equal(got.status, 200);
  assert.equal(got.json.assessment.id, again.json.id);
  const list = await srv.req('GET', '/api/v1/practices', { session: leader });
  assert.deepEqual(list.json.items.map((p) => p.name), ['Hjemmepædagogiske forløb', 'Åben legestue']);
  assert.ok(Number(srv.sql("SELECT count(*) FROM audit_log WHERE entity = 'practice' AND action = 'create'")) >= 4);
});

test('rede typology lists the questions and lets the operator write a municipality\'s own', async () => {
  const out = srv.cliOk(['typology', 'questions', '--municipality', '0202']).stdout;
  assert.match(out, /Økonomi \(oekonomi\)\n  1\. Er organisationen bekendt med omkostningerne ved praksis\?  \[Rede: costs_known\]/);
  srv.cliOk(['typology', 'set-questions', 'maal', '--municipality', '0202'], 'Er målene skrevet ned?\n\nEr målene aftalt med familien?\n');
  const q = await questions(otherCoord);
  assert.deepEqual(q.maal.questions.map((x) => x.text), ['Er målene skrevet ned?', 'Er målene aftalt med familien?']);
  const locked = srv.cli(['typology', 'set-questions', 'monitorering', '--municipality', '0202'], 'x\n');
  assert.equal(locked.status, 2);
});
