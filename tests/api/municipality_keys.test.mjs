// municipality_keys.test.mjs - what issue 22 changed for a national
// service, on real demo data: the municipality key on closure (migration
// 0018): the reports find a municipality's courses closed in a period by
// closure.municipality_id, so it must equal the course's municipality on
// every row - written with the row by the store (the demo and the API both
// close courses through it) and filled in for existing rows by the
// migration, which gives the same reports as before. And name search,
// which now applies the access rule as a set gathered once
// (store_access_family_set_sql): its hits are exactly the matching
// families the per-family rule (GET /families/{id}) lets the user see.
// Runs on SQLite and PostgreSQL (REDE_TEST_BACKEND).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';
import { demoActiveCourse, addDays, today } from './fixtures.mjs';

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
  const { hp, course } = await demoActiveCourse(srv);
  const full = await srv.req('GET', `/api/v1/enrolments/${course.id}`, { session: hp });
  assert.equal(full.status, 200, full.text);
  const attainment = Object.fromEntries(full.json.goals.map((g) => [g.id, 'met']));
  const day = addDays(today(), -1);
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
  // 0033's closure_closed names the column 0018 adds: a database without
  // 0018 never had it either
  srv.undoMigration(33);
  srv.undoMigration(18);
  assert.match(srv.cli(KIT).stderr, /rede migrate/);
  assert.match(srv.cliOk(['migrate']).stdout, /\(2 applied now\)/);
  assert.equal(wrong(), 0);
  assert.equal(exact(srv.cliOk(KIT).stdout), before);
});

test('name search with the access rule as a set finds exactly the families the per-family rule shows', async () => {
  const muni = srv.sql("SELECT id FROM municipality WHERE code = '0999'");
  // the two-letter prefix matching the most families
  const [prefix] = srv.sql(`SELECT substr(word, 1, 2), count(DISTINCT family_id) FROM search_word WHERE municipality_id = ${muni}
    GROUP BY substr(word, 1, 2) ORDER BY 2 DESC, 1 LIMIT 1`).split('|');
  assert.match(prefix, /^[a-z]{2}$/);
  const upper = prefix[0] + String.fromCharCode(prefix.charCodeAt(1) + 1);
  const candidates = srv.sql(`SELECT DISTINCT family_id FROM search_word WHERE municipality_id = ${muni}
    AND word >= '${prefix}' AND word < '${upper}'`).split('\n').map(Number);
  assert.ok(candidates.length > 20, `${candidates.length} families match ${prefix}`);
  let shown = 0;
  for (const user of ['hjemmepaedagog', 'sundhedsplejerske', 'leder', 'koordinator']) {
    const s = await srv.login(user, 'rede-demo-2026');
    const visible = [];
    for (const id of candidates) {
      const r = await srv.req('GET', `/api/v1/families/${id}?purpose=casework`, { session: s });
      assert.ok([200, 404].includes(r.status), `${r.status}`);
      if (r.status === 200) visible.push(id);
    }
    visible.sort((a, b) => b - a);
    const r = await srv.req('GET', `/api/v1/families?q=${prefix}`, { session: s });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((f) => f.id), visible.slice(0, 50), user);
    assert.equal(r.json.more, visible.length > 50, user);
    if (visible.length && visible.length < candidates.length) shown++;
  }
  assert.ok(shown >= 1, 'a user who sees some of the families but not all');
});
