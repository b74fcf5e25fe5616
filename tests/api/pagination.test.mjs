// pagination.test.mjs - course lists in pages (issue 9): GET
// /api/v1/enrolments answers at most `limit` courses (default 100, at most
// 500), newest first, with `next`, the cursor of the following page (null
// on the last). Walking the pages returns every course the caller may see
// exactly once, also when a course is created between two pages; filters
// (status, open=1, mine=1) and the access rule apply on every page; bad
// limit/cursor values are refused naming the parameter. The caseload stays
// one unpaginated answer.
//
// The courses are written directly (one SQL statement for many): the list
// is what is tested here, the course rules are in courses.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem, BACKEND } from './harness.mjs';

const srv = new Server();
const s = {};
const uid = {};
let mA;
let mB;

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
function sqlWrite(query) {
  return srv.sql((BACKEND === 'sqlite' ? 'PRAGMA busy_timeout = 10000; ' : '') + query).split('\n').pop();
}
function insert(table, row) {
  const cols = Object.keys(row);
  return Number(sqlWrite(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => q(row[c])).join(', ')}) RETURNING id`));
}

// n courses of one synthetic family in municipality m, each status taken
// in turn from statuses, assigned to staff (a user id or null); returns
// their ids.
let famNo = 0;
function courses(n, { m = mA, statuses = ['active'], staff = null } = {}) {
  famNo++;
  const now = Math.floor(Date.now() / 1000);
  const family = insert('family', { municipality_id: m, name: `Familien Sidesen ${famNo}`, search_key: `familien sidesen ${famNo}`, created_at: now });
  const child = insert('person', { municipality_id: m, family_id: family, kind: 'child', given_name: 'Barn', family_name: 'Sidesen', search_key: 'barn sidesen', birth_date: '2025-09-01', created_at: now });
  const ids = [];
  for (let i = 0; i < n; i++) {
    const status = statuses[i % statuses.length];
    ids.push(insert('enrolment', {
      municipality_id: m, family_id: family, child_id: child, programme: 'home_pedagogue', status,
      start_on: status === 'planned' ? null : '2026-06-01', closed_on: status === 'closed' ? '2026-10-01' : null, created_at: now,
    }));
  }
  if (staff) sqlWrite(`INSERT INTO enrolment_staff (enrolment_id, user_id) SELECT id, ${staff} FROM enrolment WHERE family_id = ${family}`);
  // the caseload's open assignments, as the store keeps them (migration 0028)
  if (staff) sqlWrite(`INSERT INTO caseload_open (user_id, enrolment_id) SELECT ${staff}, id FROM enrolment WHERE family_id = ${family} AND status IN ('planned', 'active')`);
  return ids;
}

async function page(path, session = 'a-coordinator') {
  const r = await srv.req('GET', path, { session: s[session] });
  assert.equal(r.status, 200, r.text);
  assert.ok('next' in r.json, 'a paged answer always has next');
  return r.json;
}

// Every page of path (with its own query), checking each page's size and order.
async function walk(path, limit, session) {
  const sep = path.includes('?') ? '&' : '?';
  const seen = [];
  let next = null;
  let pages = 0;
  do {
    const p = await page(`${path}${sep}${limit ? `limit=${limit}&` : ''}${next ? `cursor=${encodeURIComponent(next)}` : ''}`, session);
    pages++;
    assert.ok(p.items.length <= (limit || 100));
    if (p.next !== null) assert.equal(p.items.length, limit || 100, 'only the last page is short');
    seen.push(...p.items.map((c) => c.id));
    next = p.next;
    assert.ok(pages < 1000);
  } while (next !== null);
  return { seen, pages };
}

const desc = (a) => [...a].sort((x, y) => y - x);

before(async () => {
  srv.setupTenants();
  srv.addUser('a-hp2', 'home_pedagogue', '0101', srv.units.Forvaltningen);
  await srv.start();
  for (const u of ['a-coordinator', 'a-home_pedagogue', 'a-hp2', 'a-leader', 'b-coordinator']) {
    s[u] = await srv.login(u);
    uid[u] = s[u].user.id;
  }
  mA = Number(srv.sql("SELECT id FROM municipality WHERE code = '0101'"));
  mB = Number(srv.sql("SELECT id FROM municipality WHERE code = '0202'"));
});
after(() => srv.stop());

let mine = [];
let others = [];
let inB = [];
test('every course exactly once across pages, newest first; default page 100', async () => {
  mine = courses(130, { statuses: ['active', 'planned', 'closed'], staff: uid['a-home_pedagogue'] });
  others = courses(7, { statuses: ['active'] });
  inB = courses(5, { m: mB });
  const all = desc([...mine, ...others]);
  const first = await page('/api/v1/enrolments');
  assert.equal(first.items.length, 100);
  assert.ok(typeof first.next === 'string' && first.next.length > 0);
  assert.deepEqual(first.items.map((c) => c.id), all.slice(0, 100));
  for (const limit of [0, 1, 7, 100, 136, 137, 500]) {
    const { seen, pages } = await walk('/api/v1/enrolments', limit);
    assert.deepEqual(seen, all, `limit ${limit}`); // each once, in order
    const per = limit || 100;
    assert.equal(pages, Math.max(1, Math.ceil(all.length / per)), `limit ${limit}`);
  }
  // a page's items are the full short form of a course
  assert.ok(first.items[0].family_name.startsWith('Familien Sidesen'));
  assert.ok(Array.isArray(first.items[0].alerts));
});

test('filters and the access rule hold on every page', async () => {
  const active = desc([...mine.filter((_, i) => i % 3 === 0), ...others]);
  assert.deepEqual((await walk('/api/v1/enrolments?status=active', 9)).seen, active);
  const open = desc([...mine.filter((_, i) => i % 3 !== 2), ...others]);
  assert.deepEqual((await walk('/api/v1/enrolments?open=1', 11)).seen, open);
  // the home pedagogue sees only the courses assigned to them
  assert.deepEqual((await walk('/api/v1/enrolments', 13, 'a-home_pedagogue')).seen, desc(mine));
  assert.deepEqual((await walk('/api/v1/enrolments?mine=1', 50, 'a-home_pedagogue')).seen, desc(mine));
  assert.deepEqual((await walk('/api/v1/enrolments', 10, 'a-hp2')).seen, []);
  // the other municipality: only its own, never ours
  assert.deepEqual((await walk('/api/v1/enrolments', 2, 'b-coordinator')).seen, desc(inB));
  // a cursor from another list or caller does not open anything up
  const p = await page('/api/v1/enrolments?limit=3');
  const hp2 = await page(`/api/v1/enrolments?cursor=${p.next}`, 'a-hp2');
  assert.deepEqual(hp2.items, []);
  assert.equal(hp2.next, null);
});

test('a course created between two pages does not shift the walk', async () => {
  const before = desc([...mine, ...others]);
  const p1 = await page('/api/v1/enrolments?limit=20');
  const added = courses(3, { statuses: ['active'] });
  let next = p1.next;
  const seen = p1.items.map((c) => c.id);
  while (next) {
    const p = await page(`/api/v1/enrolments?limit=20&cursor=${next}`);
    seen.push(...p.items.map((c) => c.id));
    next = p.next;
  }
  assert.deepEqual(seen, before); // nothing twice, nothing missed
  const again = await page('/api/v1/enrolments?limit=3');
  assert.deepEqual(again.items.map((c) => c.id), desc(added)); // a fresh walk starts with them
  others.push(...added);
});

test('bad limit or cursor is refused naming the parameter', async () => {
  for (const v of ['0', '-1', '501', 'x', '1.5', '', '10abc', '99999999999999999999']) {
    assertProblem(await srv.req('GET', `/api/v1/enrolments?limit=${encodeURIComponent(v)}`, { session: s['a-coordinator'] }), 400, 'limit');
  }
  for (const v of ['0', '-5', 'abc', '', '12x']) {
    assertProblem(await srv.req('GET', `/api/v1/enrolments?cursor=${encodeURIComponent(v)}`, { session: s['a-coordinator'] }), 400, 'cursor');
  }
  assertProblem(await srv.req('GET', '/api/v1/enrolments?status=open', { session: s['a-coordinator'] }), 400, 'status');
  const max = await page('/api/v1/enrolments?limit=500');
  assert.equal(max.items.length, mine.length + others.length);
  assert.equal(max.next, null);
});

test('the caseload stays one answer without pages', async () => {
  const r = await srv.req('GET', '/api/v1/caseload', { session: s['a-home_pedagogue'] });
  assert.equal(r.status, 200, r.text);
  assert.ok(!('next' in r.json));
  const open = mine.filter((_, i) => i % 3 !== 2);
  assert.equal(open.length > 80, true);
  assert.deepEqual(r.json.items.map((c) => c.id).sort((a, b) => b - a), desc(open));
});
