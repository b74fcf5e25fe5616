// municipality_keys.test.mjs - the municipality key on closure (migration
// 0018, issue 22): the reports find a municipality's courses closed in a
// period by closure.municipality_id, so it must equal the course's
// municipality on every row - written with the row by the store (the demo
// and the API both close courses through it) and filled in for existing
// rows by the migration, which gives the same reports as before.
// Runs on SQLite and PostgreSQL (REDE_TEST_BACKEND).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';

const srv = new Server();
after(async () => { await srv.stop(); });

const KIT = ['report', 'evaluation-kit', '--municipality', 'all', '--from', '2022-01-01', '--to', '2030-12-31',
  '--format', 'merge'];
const exact = (out) => { const j = JSON.parse(out); delete j.generated_at; return JSON.stringify(j); };
// closures whose municipality is not their course's, and how many there are
const wrong = () => Number(srv.sql('SELECT count(*) FROM closure cl JOIN enrolment e ON e.id = cl.enrolment_id ' +
  'WHERE cl.municipality_id <> e.municipality_id'));
const closures = () => Number(srv.sql('SELECT count(*) FROM closure'));

test('the demo writes each closure with its course\'s municipality', () => {
  srv.cliOk(['init', '--db', srv.db, '--key', srv.key]);
  srv.cliOk(['demo', '--scale', '0.05', '--seed', '7']);
  assert.ok(closures() > 20, `${closures()} closures`);
  assert.equal(wrong(), 0);
  // the column's default (0) is no municipality
  assert.equal(Number(srv.sql('SELECT count(*) FROM closure WHERE municipality_id = 0')), 0);
});

test('a wrong key is noticed, and the reports read it (the check can fail)', () => {
  const before = exact(srv.cliOk(KIT).stdout);
  srv.sql('UPDATE closure SET municipality_id = 0');
  assert.equal(wrong(), closures());
  assert.notEqual(exact(srv.cliOk(KIT).stdout), before);
  srv.sql('UPDATE closure SET municipality_id = (SELECT e.municipality_id FROM enrolment e WHERE e.id = closure.enrolment_id)');
  assert.equal(exact(srv.cliOk(KIT).stdout), before);
});

test('a course closed through the API gets its municipality on the closure', async () => {
  await srv.start();
  const hp = await srv.login('hjemmepaedagog', 'rede-demo-2026');
  const list = await srv.req('GET', '/api/v1/caseload', { session: hp });
  assert.equal(list.status, 200);
  const course = list.json.items.find((c) => c.status === 'active');
  assert.ok(course, 'an active course in the demo caseload');
  const full = await srv.req('GET', `/api/v1/enrolments/${course.id}`, { session: hp });
  assert.equal(full.status, 200, full.text);
  const attainment = Object.fromEntries(full.json.goals.map((g) => [g.id, 'met']));
  const day = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  const r = await srv.req('POST', `/api/v1/enrolments/${course.id}/close`, {
    body: { closed_on: day, reason: 'goals_met', other_intervention: null, attainment, handover_on: day,
      onward_referral: null, evaluation: { parenting: 1, learning_environment: 1, child_development: 1,
        daycare_cooperation: 1, good_parent: 1 } }, session: hp });
  assert.equal(r.status, 200, r.text);
  const [cm, em] = srv.sql(`SELECT cl.municipality_id, e.municipality_id FROM closure cl JOIN enrolment e
    ON e.id = cl.enrolment_id WHERE cl.enrolment_id = ${course.id}`).split('|').map(Number);
  assert.ok(em > 0);
  assert.equal(cm, em);
  assert.equal(wrong(), 0);
});

test('migration 0018 fills the key for existing closures: the same reports as before', () => {
  const before = exact(srv.cliOk(KIT).stdout);
  srv.undoMigration(18);
  assert.match(srv.cli(KIT).stderr, /rede migrate/);
  assert.match(srv.cliOk(['migrate']).stdout, /\(1 applied now\)/);
  assert.equal(wrong(), 0);
  assert.equal(exact(srv.cliOk(KIT).stdout), before);
});
