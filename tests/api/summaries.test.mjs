// summaries.test.mjs - the running totals the reports read (migration
// 0006, issue 9): per-course contact minutes, each referral's newest
// decision and each decision's reason masks (and migration 0035's closed
// course minutes and programme, decision programme, COS-P course's last
// session) stay equal to the rows they summarise when the demo generators
// write through the store, and the migration computes them for a database
// that had none, giving the same reports. Runs on SQLite and PostgreSQL (REDE_TEST_BACKEND).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';
import { demoActiveCourse, addDays, today } from './fixtures.mjs';
import { summaryMismatches, NO_MISMATCHES, maskMismatches } from './summary_checks.mjs';

const srv = new Server();
after(async () => { await srv.stop(); });

const KIT = ['report', 'evaluation-kit', '--municipality', 'all', '--from', '2022-01-01', '--to', '2030-12-31',
  '--format', 'merge'];
const exact = (out) => { const j = JSON.parse(out); delete j.generated_at; return JSON.stringify(j); };

test('the demo writes the running totals with the rows they summarise', () => {
  srv.cliOk(['init', '--db', srv.db, '--key', srv.key]);
  srv.cliOk(['demo', '--scale', '0.05', '--seed', '5']); // the plain demo and a scaled municipality
  assert.deepEqual(summaryMismatches(srv), NO_MISMATCHES);
  const m = maskMismatches(srv);
  assert.ok(m.decisions > 20, `${m.decisions} decisions`);
  assert.deepEqual(m.bad, []);
  // decisions whose reasons were not all met are there too
  assert.ok(Number(srv.sql('SELECT count(*) FROM visitation_decision WHERE reasons_failed <> 0')) > 0);
});

test('a wrong total is noticed (the check can fail)', () => {
  srv.sql('UPDATE contact_effort SET minutes = minutes + 1 WHERE enrolment_id = (SELECT min(enrolment_id) FROM contact_effort)');
  assert.ok(summaryMismatches(srv).effort >= 1);
  srv.sql('UPDATE contact_effort SET minutes = minutes - 1 WHERE enrolment_id = (SELECT min(enrolment_id) FROM contact_effort)');
  srv.sql('UPDATE referral SET last_outcome = NULL WHERE id = (SELECT min(referral_id) FROM visitation_decision)');
  assert.equal(summaryMismatches(srv).referrals, 1);
  const started = "(SELECT min(enrolment_id) FROM enrolment_state WHERE status = 'active')";
  const was = srv.sql(`SELECT state_active_on FROM enrolment WHERE id = ${started}`);
  srv.sql(`UPDATE enrolment SET state_active_on = NULL WHERE id = ${started}`);
  assert.equal(summaryMismatches(srv).courses, 1);
  srv.sql(`UPDATE enrolment SET state_active_on = '${was}' WHERE id = ${started}`);
  assert.equal(summaryMismatches(srv).courses, 0);
  // migration 0035: a closed course's minutes, a decision's programme
  const closed = '(SELECT min(enrolment_id) FROM closure)';
  srv.sql(`UPDATE closure SET held_minutes = held_minutes + 1 WHERE enrolment_id = ${closed}`);
  assert.equal(summaryMismatches(srv).closures, 1);
  srv.sql(`UPDATE closure SET held_minutes = held_minutes - 1 WHERE enrolment_id = ${closed}`);
  srv.sql(`UPDATE closure SET programme = 'cosp' WHERE enrolment_id = ${closed}`);
  assert.equal(summaryMismatches(srv).closures, 1);
  srv.sql(`UPDATE closure SET programme = 'home_pedagogue' WHERE enrolment_id = ${closed}`);
  const decision = '(SELECT min(id) FROM visitation_decision)';
  const programme = srv.sql(`SELECT programme FROM visitation_decision WHERE id = ${decision}`);
  srv.sql(`UPDATE visitation_decision SET programme = 'cosp' WHERE id = ${decision}`);
  assert.equal(summaryMismatches(srv).decisions, 1);
  srv.sql(`UPDATE visitation_decision SET programme = '${programme}' WHERE id = ${decision}`);
  assert.equal(summaryMismatches(srv).decisions, 0);
  const cosp = '(SELECT min(id) FROM cosp_course)';
  const last = srv.sql(`SELECT last_held_on FROM cosp_course WHERE id = ${cosp}`);
  assert.match(last, /^\d{4}-\d\d-\d\d$/);
  srv.sql(`UPDATE cosp_course SET last_held_on = NULL WHERE id = ${cosp}`);
  assert.equal(summaryMismatches(srv).cospCourses, 1);
  srv.sql(`UPDATE cosp_course SET last_held_on = '${last}' WHERE id = ${cosp}`);
  assert.equal(summaryMismatches(srv).cospCourses, 0);
});

test('migration 0006 computes the totals of existing rows: the same reports as before', () => {
  // put the referral back as the store keeps it, then take the report
  srv.sql(`UPDATE referral SET last_outcome = (SELECT d.outcome FROM visitation_decision d WHERE d.referral_id = referral.id
    ORDER BY d.decided_on DESC, d.id DESC LIMIT 1) WHERE id = (SELECT min(referral_id) FROM visitation_decision)`);
  assert.deepEqual(summaryMismatches(srv), NO_MISMATCHES);
  // Going back drops what 0019 made (sparring sessions, training hours), which
  // the costs' support table reads; without them first, the kit is the same.
  for (const t of ['sparring_case', 'sparring_session_theme', 'sparring_participant', 'sparring_session']) srv.sql(`DELETE FROM ${t}`);
  srv.sql('UPDATE staff_competence SET hours = NULL');
  const before = exact(srv.cliOk(KIT).stdout);
  // back to schema 5: no totals at all (and without what the later
  // migrations made, which they make again)
  const later = srv.rewindSchema(5);
  assert.match(srv.cli(KIT).stderr, /version 5, this rede needs [0-9]+/);
  assert.match(srv.cliOk(['migrate']).stdout, new RegExp(`${later} applied now`));
  assert.deepEqual(summaryMismatches(srv), NO_MISMATCHES);
  assert.deepEqual(maskMismatches(srv).bad, []);
  assert.equal(exact(srv.cliOk(KIT).stdout), before);
});

test('contacts recorded through the API: a cancelled visit counts as staff time, not as time with the family', async () => {
  await srv.start();
  const { hp, course } = await demoActiveCourse(srv);
  const eff = () => srv.sql(`SELECT contacts, minutes, held_minutes FROM contact_effort WHERE enrolment_id = ${course.id}
    AND user_key = (SELECT id FROM app_user WHERE username = 'hjemmepaedagog')`).split('|').map(Number);
  const [n0 = 0, m0 = 0, h0 = 0] = srv.sql(`SELECT count(*) FROM contact_effort WHERE enrolment_id = ${course.id}
    AND user_key = (SELECT id FROM app_user WHERE username = 'hjemmepaedagog')`) === '1' ? eff() : [];
  const day = addDays(today(), -1);
  for (const body of [
    { happened_on: day, minutes: 25, kind: 'cancelled', activities: [], goal_ids: [] },
    { happened_on: day, minutes: 60, kind: 'home_session', activities: ['advice'], goal_ids: [] }]) {
    const r = await srv.req('POST', `/api/v1/enrolments/${course.id}/contacts`, { body, session: hp });
    assert.equal(r.status, 201, r.text);
  }
  assert.deepEqual(eff(), [n0 + 2, m0 + 85, h0 + 60]);
  assert.deepEqual(summaryMismatches(srv), NO_MISMATCHES);

  // closed, the course keeps its held minutes on the closure (0035); a
  // closed course takes no more contacts, so they stay
  const full = await srv.req('GET', `/api/v1/enrolments/${course.id}`, { session: hp });
  assert.equal(full.status, 200, full.text);
  const attainment = Object.fromEntries(full.json.goals.map((g) => [g.id, 'met']));
  const closed = await srv.req('POST', `/api/v1/enrolments/${course.id}/close`, {
    body: { closed_on: day, reason: 'goals_met', other_intervention: null, attainment,
      onward_referral: null, evaluation: { parenting: 1, learning_environment: 1, child_development: 1,
        daycare_cooperation: 1, good_parent: 1 } }, session: hp });
  assert.equal(closed.status, 200, closed.text);
  const held = () => Number(srv.sql(`SELECT held_minutes FROM closure WHERE enrolment_id = ${course.id}`));
  const all = Number(srv.sql(`SELECT sum(held_minutes) FROM contact_effort WHERE enrolment_id = ${course.id}`));
  assert.ok(all >= 60);
  assert.equal(held(), all);
  const late = await srv.req('POST', `/api/v1/enrolments/${course.id}/contacts`, {
    body: { happened_on: day, minutes: 40, kind: 'phone', activities: ['advice'], goal_ids: [] }, session: hp });
  assert.equal(late.status, 409, late.text);
  assert.equal(held(), all);
  assert.deepEqual(summaryMismatches(srv), NO_MISMATCHES);
});

test('REDE_SLOW_SQL_MS logs statements by their text with placeholders, never the values bound to them', () => {
  process.env.REDE_SLOW_SQL_MS = '0';
  try {
    const r = srv.cli(['audit', 'person'], '0101901234\n');
    assert.match(r.stderr, /slow sql [0-9.]+ ms: SELECT .*\?/);
    assert.doesNotMatch(r.stderr, /0101901234|010190-1234/);
    const k = srv.cliOk(KIT);
    assert.match(k.stderr, /slow sql [0-9.]+ ms: SELECT .*JOIN closure cl ON/);
    assert.doesNotMatch(k.stderr, /2022-01-01|2030-12-31/); // the period is bound, not written into the SQL
  } finally {
    delete process.env.REDE_SLOW_SQL_MS;
  }
});

test('a migration numbered below the highest that the database has not had is applied, and nothing runs before it', () => {
  // work on several branches lands in any order: 0007 missing under 0013
  srv.undoMigration(7);
  const r = srv.cli(KIT);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /run 'rede migrate'/);
  assert.match(srv.cliOk(['migrate']).stdout, /\(1 applied now\)/);
  assert.equal(srv.sql('SELECT count(*) FROM schema_version WHERE version = 7'), '1');
  assert.match(srv.cliOk(['migrate']).stdout, /\(0 applied now\)/);
  srv.cliOk(KIT);
});

