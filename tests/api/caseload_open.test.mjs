// caseload_open.test.mjs - the caseload's open assignments (migration 0028,
// issue 22 goal 4) kept on every write path outside the API: the demo
// generators (CLI, through store_enrolment_insert/update), the migration
// filling it from existing rows, and `rede migrate` run again. The API
// paths (create, staff change, start, close) are in caseload.test.mjs.
// Runs on SQLite and PostgreSQL (REDE_TEST_BACKEND).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';

const srv = new Server();
after(async () => { await srv.stop(); });

// caseload_open against the rows it is made from, both ways
const mismatches = () => Number(srv.sql(`SELECT
  (SELECT count(*) FROM caseload_open a WHERE NOT EXISTS (SELECT 1 FROM enrolment_staff s JOIN enrolment e ON e.id = s.enrolment_id
     WHERE s.user_id = a.user_id AND s.enrolment_id = a.enrolment_id AND e.programme = 'home_pedagogue' AND e.status IN ('planned', 'active')))
  + (SELECT count(*) FROM enrolment_staff s JOIN enrolment e ON e.id = s.enrolment_id WHERE e.programme = 'home_pedagogue'
     AND e.status IN ('planned', 'active') AND NOT EXISTS (SELECT 1 FROM caseload_open a WHERE a.user_id = s.user_id AND a.enrolment_id = s.enrolment_id))`));

test('the demo (CLI, through the store) writes caseload_open with the courses', () => {
  srv.cliOk(['init', '--db', srv.db, '--key', srv.key]);
  srv.cliOk(['demo', '--scale', '0.05', '--seed', '7']);
  assert.ok(srv.count('caseload_open') > 5, `${srv.count('caseload_open')} open assignments`);
  // closed courses with staff exist too, and are not in it
  assert.ok(Number(srv.sql("SELECT count(*) FROM enrolment_staff s JOIN enrolment e ON e.id = s.enrolment_id WHERE e.status = 'closed'")) > 0);
  assert.equal(mismatches(), 0);
  // the check can fail
  srv.sql('DELETE FROM caseload_open WHERE enrolment_id = (SELECT max(enrolment_id) FROM caseload_open)');
  assert.equal(mismatches(), 1);
});

test('migration 0028 fills caseload_open from existing rows: the same caseload as before', async () => {
  srv.undoMigration(28);
  assert.match(srv.cliOk(['migrate']).stdout, /\(1 applied now\)/);
  assert.equal(mismatches(), 0);
  await srv.start();
  const hp = await srv.login('hjemmepaedagog', 'rede-demo-2026');
  const cl = await srv.req('GET', '/api/v1/caseload', { session: hp });
  assert.equal(cl.status, 200, cl.text);
  assert.ok(cl.json.items.length > 3, `${cl.json.items.length} courses`);
  const list = await srv.req('GET', '/api/v1/enrolments?mine=1&status=active', { session: hp });
  const planned = await srv.req('GET', '/api/v1/enrolments?mine=1&status=planned', { session: hp });
  const expected = [...list.json.items, ...planned.json.items].sort((a, b) => b.id - a.id);
  assert.deepEqual(cl.json.items, expected);
  assert.match(srv.cliOk(['migrate']).stdout, /\(0 applied now\)/);
});
