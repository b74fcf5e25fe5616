// report_grouped.test.mjs - issue 22: a family build (every municipality's
// report for the joint small-number protection, src/report/request.c) runs
// each heavy report query once, grouped by municipality, and hands every
// municipality its own rows (src/store/rq_rows.c) - instead of one query per
// municipality - on PostgreSQL; on SQLite, in process, the one-municipality
// queries on their municipality keys cost less and stay. Checked two ways:
// the statements `rede report` runs (REDE_SLOW_SQL_MS=0 logs every one) show
// on PostgreSQL the grouped form once and the one-municipality form never
// (on SQLite the reverse); and the numbers are those of the
// one-municipality queries: `rede report merge` of each municipality's exact
// export (no family, so one query per municipality) equals the family's
// report over all of them, suppression included. Runs on SQLite and
// PostgreSQL (REDE_TEST_BACKEND).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Server, BIN, BACKEND } from './harness.mjs';
import { scopesFixture } from './report_fixture.mjs';

const srv = new Server();
const FROM = '2019-09-30', TO = '2020-09-05';
const MUNIS = ['0101', '0202', '0303', '0404'];
const REPORTS = ['visits', 'materials', 'cosp', 'home-pedagogue', 'costs', 'evaluation-kit'];
let dir;

before(async () => {
  srv.setupTenants();
  scopesFixture(srv);
  dir = mkdtempSync(join(tmpdir(), 'rede-grouped-'));
});

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await srv.stop();
});

// `rede report ...` with every statement logged (stderr).
function logged(args) {
  const r = spawnSync(BIN, ['report', ...args], {
    env: { ...process.env, REDE_DB: srv.db, REDE_KEY_FILE: srv.key, REDE_SLOW_SQL_MS: '0' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

const statements = (stderr, part) => stderr.split('\n').filter((l) => l.includes('slow sql') && l.includes(part));
const strip = (j) => { const c = structuredClone(j); delete c.generated_at; return c; };

const PG = BACKEND === 'postgres';
const GROUPED = ['FROM referral r', "d.programme = 'home_pedagogue' AND d.decided_on",
  'sum(CASE WHEN e.state_active_on >= ?', 'FROM enrolment e JOIN closure cl',
  'FROM goal g JOIN closure cl', 'FROM closure cl LEFT JOIN contact_effort ef', 'FROM hv_offer o LEFT JOIN hv_visit v', 'FROM hv_visit v JOIN hv_offer o',
  'FROM cosp_session se JOIN cosp_course cc', 'count(*) FROM app_user u', 'FROM hv_material_staff ms',
  // each person's work (rq_sparring.c: its grouped forms are written out)
  'ef.user_key, sum(ef.minutes)', 'vi.health_visitor_id, sum(vi.minutes)', 'f.user_id, count(*) * ?',
  'FROM staff_competence sc', 'FROM sparring_session s JOIN sparring_participant p'];
// Queries whose WHERE lies beyond what the log keeps of a statement (1 023
// characters): told apart by how each form begins, [one, grouped].
const GROUPED_LONG = [
  ['SELECT month, accepted, completed, rating, count(*)', 'SELECT rq_m, month, accepted, completed, rating, count(*)'],
  ['SELECT count(*) FROM (SELECT o.id AS id, (SELECT cs.course_id',
    'SELECT y.rq_m, count(*) FROM (SELECT o.municipality_id AS rq_m, o.id AS id, (SELECT cs.course_id'],
];

test(`a family build runs each grouped query ${PG ? 'once for all municipalities' : 'per municipality (SQLite)'}`, () => {
  const { stderr } = logged(['evaluation-kit', '--from', FROM, '--to', TO, '--municipality', 'all']);
  const states = statements(stderr, 'sum(CASE WHEN e.state_active_on >= ?');
  if (PG) {
    assert.equal(states.length, 1, states.join('\n'));
    assert.match(states[0], /SELECT e\.municipality_id, sum\(/);
    assert.match(states[0], /GROUP BY e\.municipality_id ORDER BY e\.municipality_id/);
  } else {
    assert.equal(states.length, MUNIS.length, states.join('\n'));
  }
  // every grouped query: run, and only in its grouped form (PostgreSQL) or
  // only in its one-municipality form (SQLite)
  for (const from of GROUPED) {
    const runs = statements(stderr, from);
    assert.ok(runs.length > 0, from);
    for (const st of runs) {
      if (PG) assert.doesNotMatch(st, /municipality_id = \?/, `one query per municipality: ${st}`);
      else assert.match(st, /municipality_id = \?/, `a grouped query on SQLite: ${st}`);
    }
  }
  for (const [one, grouped] of GROUPED_LONG) {
    assert.ok(statements(stderr, PG ? grouped : one).length > 0, PG ? grouped : one);
    assert.equal(statements(stderr, PG ? one : grouped).length, 0, PG ? one : grouped);
  }
  // the kit's home-pedagogue and cost reports both read the goals of the
  // courses closed: once per municipality on SQLite (kept for the read
  // transaction, src/store/rq_rows.c), once for all on PostgreSQL
  const goals = statements(stderr, 'FROM goal g JOIN closure cl');
  assert.equal(goals.length, PG ? 1 : MUNIS.length, goals.join('\n'));
});

test('one municipality of the family reads the grouped rows too', () => {
  const { stderr, stdout } = logged(['home-pedagogue', '--from', FROM, '--to', TO, '--municipality', '0202']);
  assert.equal(statements(stderr, 'GROUP BY e.municipality_id').length, PG ? 1 : 0);
  assert.ok(JSON.parse(stdout).tables.length > 0);
});

// Each municipality's exact export (one query per municipality, no family)
// and their merge, against the family's report over all of them.
function mergeAgainstAll(name) {
  const exports = MUNIS.map((code) => srv.cliOk(['report', name, '--from', FROM, '--to', TO,
    '--municipality', code, '--format', 'merge']).stdout);
  const files = exports.map((text, i) => {
    const f = join(dir, `${name}-${MUNIS[i]}.json`);
    writeFileSync(f, text);
    return f;
  });
  const merged = JSON.parse(srv.cliOk(['report', 'merge', ...files]).stdout);
  const all = JSON.parse(srv.cliOk(['report', name, '--from', FROM, '--to', TO, '--municipality', 'all']).stdout);
  assert.deepEqual(strip(all).tables, strip(merged).tables);
  return Object.fromEntries(exports.map((text, i) => [MUNIS[i], JSON.parse(text)]));
}

for (const name of REPORTS) {
  test(`${name}: the family's report over all municipalities is the merge of each one's own queries`, () => {
    mergeAgainstAll(name);
  });
}

// The municipalities' reports of a family are built on several connections
// at once (src/report/parallel.c; the CLI's pool has two): the answer is the
// one a single connection builds, for all municipalities and for one of the
// family, suppression included. The evaluation kit holds every report the
// family builds (visits, materials, COS-P, home pedagogue, costs).
test('built on one connection or several, every view of the family is the same', () => {
  const views = [['--municipality', 'all'], ['--municipality', '0303']];
  const answers = (threads) => {
    srv.cliOk(['setting', 'set', 'server.report_threads', threads]);
    return views.map((v) => strip(JSON.parse(srv.cliOk(['report', 'evaluation-kit', '--from', FROM,
      '--to', TO, ...v]).stdout)));
  };
  try {
    const one = answers('1');
    const several = answers('0');
    assert.equal(several.length, views.length);
    assert.deepEqual(several, one);
    assert.ok(one.some((r) => r.tables.some((t) => t.rows.length > 0)));
  } finally {
    srv.cliOk(['setting', 'set', 'server.report_threads', '0']);
  }
});

// The cost report spreads a person's sparring and training over their own
// work (src/report/r_support.c); a municipality where nobody has either
// reads no work at all, and the grouped work queries (PostgreSQL) read only
// the municipalities where someone has (src/store/rq_sparring.c,
// SUPPORT_MUNIS_SQL). Here 0404 loses its sparring and 0303 has training
// hours instead: the family's numbers are still each municipality's own.
test('support time is spread only where someone has it: none in one municipality, training only in another', () => {
  const muni = (code) => Number(srv.sql(`SELECT id FROM municipality WHERE code = '${code}'`));
  const [m3, m4] = [muni('0303'), muni('0404')];
  const visitor3 = Number(srv.sql(`SELECT sp.user_id FROM sparring_participant sp JOIN sparring_session s
    ON s.id = sp.session_id WHERE s.municipality_id = ${m3} ORDER BY sp.user_id LIMIT 1`));
  srv.sql(`DELETE FROM sparring_participant WHERE session_id IN
    (SELECT id FROM sparring_session WHERE municipality_id IN (${m3}, ${m4}))`);
  srv.sql(`DELETE FROM sparring_session WHERE municipality_id IN (${m3}, ${m4})`);
  srv.sql(`INSERT INTO staff_competence (municipality_id, user_id, competence, obtained_on, ended_on,
    hours, created_at) VALUES (${m3}, ${visitor3}, 'cosp', '2019-05-01', '2020-02-14', 14, 1)`);
  const own = mergeAgainstAll('costs');
  mergeAgainstAll('evaluation-kit');
  const support = (code) => {
    const t = own[code].tables.find((x) => x.name === 'costs.support');
    assert.ok(t, `${code}: no costs.support`);
    return t.rows.find((r) => r.id === 'total').cells;
  };
  // [staff, minutes, cost, ...] exactly (the merge export): 14 hours of
  // training in 0303, nothing in 0404
  assert.equal(support('0303')[1].n, 14 * 60);
  assert.equal(support('0404')[1].n, 0);
  assert.ok(support('0101')[1].n > 0);
});
