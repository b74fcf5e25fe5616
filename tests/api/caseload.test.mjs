// caseload.test.mjs - GET /api/v1/caseload has its own fast path
// (h_caseload.c writes the answer itself, store_caseload reads the facts in
// three queries); it must answer exactly what the course list's short form
// gives for the same courses: the same items, byte for byte, with every
// kind of fact present (extension, weekly hours changed in the past and
// planned ahead, goals rated and unrated, a planned network meeting without
// consent, contacts that do and do not count, several staff) and family
// names jansson must escape. More than 64 courses cross a batch boundary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, BACKEND } from './harness.mjs';
import { today, addDays } from './fixtures.mjs';

const srv = new Server();
const s = {};
const uid = {};
let mA;

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

function sqlWrite(query) {
  const out = srv.sql((BACKEND === 'sqlite' ? 'PRAGMA busy_timeout = 10000; ' : '') + query);
  return out.split('\n').pop();
}

function insert(table, row) {
  const cols = Object.keys(row);
  return Number(sqlWrite(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => q(row[c])).join(', ')}) RETURNING id`));
}

// Fixtures as in courses.test.mjs (synthetic names, no CPR).
let famNo = 0;
function fixture({ consents = ['participation', 'share_daycare'] } = {}) {
  famNo++;
  const now = Math.floor(Date.now() / 1000);
  const name = `Familien Sagsesen ${famNo}`;
  const family = insert('family', { municipality_id: mA, name, search_key: name.toLowerCase(), created_at: now });
  const child = insert('person', {
    municipality_id: mA, family_id: family, kind: 'child', given_name: 'Barn', family_name: `Sagsesen${famNo}`,
    search_key: `barn sagsesen${famNo}`, birth_date: addDays(today(), -400), created_at: now,
  });
  const guardian = insert('person', {
    municipality_id: mA, family_id: family, kind: 'guardian', given_name: 'Forælder', family_name: `Sagsesen${famNo}`,
    search_key: `forælder sagsesen${famNo}`, relation: 'mother', created_at: now,
  });
  for (const purpose of consents) {
    insert('consent', {
      municipality_id: mA, family_id: family, purpose, guardian_id: guardian, given_on: addDays(today(), -365), created_at: now,
    });
  }
  const referral = insert('referral', {
    municipality_id: mA, family_id: family, child_id: child, programme: 'home_pedagogue', source: 'health_visiting',
    reason: 'Syntetisk testhenvisning', referred_on: addDays(today(), -60), status: 'accepted', created_at: now,
  });
  return { family, child, guardian, referral };
}

async function createCourse(over = {}, fx = fixture()) {
  const start = over.start_on ?? addDays(today(), -14);
  const r = await srv.req('POST', '/api/v1/enrolments', {
    body: {
      referral_id: fx.referral, staff_ids: [uid['c-hp']], unit_id: srv.units.Forvaltningen, legal_frame: 'dagtilbudsloven_8_9',
      start_meeting_on: start, start_on: start, planned_end_on: addDays(start, 200), minutes_per_week: 180, ...over,
    },
    session: s['a-coordinator'],
  });
  assert.equal(r.status, 201, r.text);
  return { ...fx, id: r.json.id };
}

async function ok(method, path, body, who = 'c-hp', status = [200, 201]) {
  const r = await srv.req(method, path, { body, session: s[who] });
  assert.ok(status.includes(r.status), `${method} ${path}: ${r.status} ${r.text}`);
  return r.json;
}

before(async () => {
  srv.setupTenants();
  srv.addUser('c-hp', 'home_pedagogue', '0101', srv.units.Forvaltningen);
  srv.addUser('c-hp2', 'home_pedagogue', '0101', srv.units.Forvaltningen);
  await srv.start();
  for (const u of ['a-coordinator', 'c-hp', 'c-hp2']) {
    s[u] = await srv.login(u);
    assert.equal(s[u].status, 201, u);
    uid[u] = s[u].user.id;
  }
  mA = Number(srv.sql("SELECT id FROM municipality WHERE code = '0101'"));
});
after(() => srv.stop());

test('the caseload answers byte for byte what the course list gives for the same courses', async () => {
  const hp = 'c-hp';
  // an old course in the warning period with an extension, hours changed twice (one ahead)
  const oldStart = addDays(today(), -34 * 7);
  const old = await createCourse({ start_on: oldStart, start_meeting_on: oldStart, planned_end_on: addDays(oldStart, 275) });
  await ok('POST', `/api/v1/enrolments/${old.id}/start`, { start_meeting_on: oldStart });
  await ok('POST', `/api/v1/enrolments/${old.id}/extension`, { until: addDays(oldStart, 300), reason: 'Behov for "mere" tid\\ekstra' }, 'a-coordinator');
  await ok('POST', `/api/v1/enrolments/${old.id}/hours`, { from_date: addDays(today(), -20), minutes_per_week: 120 });
  await ok('POST', `/api/v1/enrolments/${old.id}/hours`, { from_date: addDays(today(), 10), minutes_per_week: 90 });
  // goals: one rated recently, one rated long ago, one never rated
  for (const [agreed, rated] of [[-60, -3], [-80, -70], [-50, null]]) {
    const g = await ok('POST', `/api/v1/enrolments/${old.id}/goals`, { theme: 1, focus_area: 'routines', text: 'Faste rutiner', baseline: 1, target: 3, agreed_on: addDays(today(), agreed) });
    if (rated !== null) await ok('POST', `/api/v1/goals/${g.id}/ratings`, { rated_on: addDays(today(), rated), value: 2, by: 'parent' });
  }
  // contacts: one that counts, and a later cancelled one that does not
  await ok('POST', `/api/v1/enrolments/${old.id}/contacts`, { happened_on: addDays(today(), -30), minutes: 60, kind: 'home_session', activities: ['play'] });
  await ok('POST', `/api/v1/enrolments/${old.id}/contacts`, { happened_on: addDays(today(), -2), minutes: 0, kind: 'cancelled', activities: [] });
  // a course with a planned network meeting whose consent is withdrawn before it, two staff
  const meet = await createCourse({ staff_ids: [uid['c-hp'], uid['c-hp2']] });
  await ok('POST', `/api/v1/enrolments/${meet.id}/start`, { start_meeting_on: addDays(today(), -14) });
  await ok('POST', `/api/v1/enrolments/${meet.id}/contacts`, { happened_on: addDays(today(), 14), minutes: 0, kind: 'network_meeting', activities: [] });
  await ok('POST', `/api/v1/enrolments/${meet.id}/contacts`, { happened_on: addDays(today(), 14), minutes: 0, kind: 'network_meeting', activities: [] });
  sqlWrite(`UPDATE consent SET withdrawn_on = '${addDays(today(), 1)}' WHERE family_id = ${meet.family} AND purpose = 'share_daycare'`);
  // a planned course starting ahead, and one whose family name needs escaping
  await createCourse({ start_on: addDays(today(), 20), start_meeting_on: addDays(today(), 20) });
  const odd = await createCourse();
  const ctl = BACKEND === 'sqlite' ? 'char(9) || char(10) || char(1) || char(31)' : 'chr(9) || chr(10) || chr(1) || chr(31)';
  sqlWrite(`UPDATE family SET name = 'Familien "Æblø" \\ / ' || ${ctl} || ' 🙂 slut' WHERE id = ${odd.family}`);
  // more than one batch of 64, and a closed course that is not in the caseload
  for (let i = 0; i < 64; i++) await createCourse();
  const closed = await createCourse();
  await ok('POST', `/api/v1/enrolments/${closed.id}/close`, { closed_on: today(), reason: 'moved' });
  // a course of someone else is not mine
  await createCourse({ staff_ids: [uid['c-hp2']] });

  const cl = await srv.req('GET', '/api/v1/caseload', { session: s[hp] });
  assert.equal(cl.status, 200, cl.text);
  assert.match(cl.headers.get('content-type'), /^application\/json; charset=utf-8$/);
  const list = await srv.req('GET', '/api/v1/enrolments?mine=1&status=active', { session: s[hp] });
  const planned = await srv.req('GET', '/api/v1/enrolments?mine=1&status=planned', { session: s[hp] });
  assert.equal(list.status, 200, list.text);
  const expected = [...list.json.items, ...planned.json.items].sort((a, b) => b.id - a.id);
  assert.equal(cl.json.items.length, 68);
  assert.equal(expected.length, 68);
  assert.deepEqual(cl.json.items, expected);
  // byte for byte: each item as the list's jansson dump wrote it
  const raw = (text) => {
    // the items of {"items":[...],...} as their JSON texts, by id
    const out = new Map();
    const body = text.slice(text.indexOf('[') + 1);
    let depth = 0; let start = 0; let inStr = false;
    for (let i = 0; i < body.length; i++) {
      const ch = body[i];
      if (inStr) { if (ch === '\\') i++; else if (ch === '"') inStr = false; continue; }
      if (ch === '"') inStr = true;
      else if (ch === '{') { if (depth++ === 0) start = i; }
      else if (ch === '}') { if (--depth === 0) { const t = body.slice(start, i + 1); out.set(JSON.parse(t).id, t); } }
      else if (ch === ']' && depth === 0) break;
    }
    return out;
  };
  const mine = raw(cl.text);
  const theirs = new Map([...raw(list.text), ...raw(planned.text)]);
  assert.equal(mine.size, 68);
  for (const [id, t] of mine) assert.equal(t, theirs.get(id), `course ${id}`);
  assert.ok(cl.text.startsWith('{"items":[{') && cl.text.endsWith('}]}'));
  // the facts are there
  const byId = Object.fromEntries(cl.json.items.map((c) => [c.id, c]));
  assert.equal(byId[old.id].minutes_per_week, 120);
  assert.equal(byId[old.id].extension.reason, 'Behov for "mere" tid\\ekstra');
  assert.ok(byId[old.id].alerts.some((a) => a.kind === 'goal_unrated'));
  assert.ok(byId[meet.id].alerts.some((a) => a.kind === 'consent_missing'));
  assert.equal(byId[meet.id].staff.length, 2);
  assert.match(byId[odd.id].family_name, /^Familien "Æblø" \\ \/ \t\n\u0001\u001f 🙂 slut$/);
  assert.ok(cl.text.includes('\\t\\n\\u0001\\u001F'));
  assert.equal(byId[closed.id], undefined);

  // someone with nothing assigned
  srv.addUser('c-hp3', 'home_pedagogue', '0101', srv.units.Forvaltningen);
  const s3 = await srv.login('c-hp3');
  const none = await srv.req('GET', '/api/v1/caseload', { session: s3 });
  assert.equal(none.status, 200);
  assert.equal(none.text, '{"items":[]}');
});

// caseload_open (migration 0028) is kept on write: every API write that
// changes a course's status or staff shows in the next caseload, and the
// table stays exactly the open assignments the rows give.
const openMismatches = () => Number(srv.sql(`SELECT
  (SELECT count(*) FROM caseload_open a WHERE NOT EXISTS (SELECT 1 FROM enrolment_staff s JOIN enrolment e ON e.id = s.enrolment_id
     WHERE s.user_id = a.user_id AND s.enrolment_id = a.enrolment_id AND e.programme = 'home_pedagogue' AND e.status IN ('planned', 'active')))
  + (SELECT count(*) FROM enrolment_staff s JOIN enrolment e ON e.id = s.enrolment_id WHERE e.programme = 'home_pedagogue'
     AND e.status IN ('planned', 'active') AND NOT EXISTS (SELECT 1 FROM caseload_open a WHERE a.user_id = s.user_id AND a.enrolment_id = s.enrolment_id))`));

async function caseloadIds(who) {
  const r = await srv.req('GET', '/api/v1/caseload', { session: s[who] });
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((c) => c.id);
}

test('every write that changes a course\'s status or staff shows in the next caseload (caseload_open kept on write)', async () => {
  // created (planned) through the API: in the caseload of its staff only
  const c = await createCourse();
  assert.ok((await caseloadIds('c-hp')).includes(c.id));
  assert.ok(!(await caseloadIds('c-hp2')).includes(c.id));
  assert.equal(openMismatches(), 0);
  // the staff changed by the coordinator (PATCH): moves to the other caseload
  let g = await srv.req('GET', `/api/v1/enrolments/${c.id}`, { session: s['a-coordinator'] });
  let r = await srv.req('PATCH', `/api/v1/enrolments/${c.id}`, {
    body: { staff_ids: [uid['c-hp2']] }, session: s['a-coordinator'], headers: { 'If-Match': g.headers.get('etag') },
  });
  assert.equal(r.status, 200, r.text);
  assert.ok(!(await caseloadIds('c-hp')).includes(c.id));
  assert.ok((await caseloadIds('c-hp2')).includes(c.id));
  assert.equal(openMismatches(), 0);
  // both assigned
  g = await srv.req('GET', `/api/v1/enrolments/${c.id}`, { session: s['a-coordinator'] });
  r = await srv.req('PATCH', `/api/v1/enrolments/${c.id}`, {
    body: { staff_ids: [uid['c-hp'], uid['c-hp2']] }, session: s['a-coordinator'], headers: { 'If-Match': g.headers.get('etag') },
  });
  assert.equal(r.status, 200, r.text);
  assert.ok((await caseloadIds('c-hp')).includes(c.id));
  assert.ok((await caseloadIds('c-hp2')).includes(c.id));
  // started (planned -> active): still there, now active
  await ok('POST', `/api/v1/enrolments/${c.id}/start`, { start_meeting_on: addDays(today(), -14) });
  const cl = await srv.req('GET', '/api/v1/caseload', { session: s['c-hp'] });
  assert.equal(cl.json.items.find((x) => x.id === c.id).status, 'active');
  assert.equal(openMismatches(), 0);
  // closed: gone from both caseloads, and from caseload_open
  await ok('POST', `/api/v1/enrolments/${c.id}/close`, { closed_on: today(), reason: 'moved' });
  assert.ok(!(await caseloadIds('c-hp')).includes(c.id));
  assert.ok(!(await caseloadIds('c-hp2')).includes(c.id));
  assert.equal(Number(srv.sql(`SELECT count(*) FROM caseload_open WHERE enrolment_id = ${c.id}`)), 0);
  assert.equal(openMismatches(), 0);
  // a write that fails changes nothing: a stale If-Match on the closed course
  r = await srv.req('PATCH', `/api/v1/enrolments/${c.id}`, {
    body: { staff_ids: [uid['c-hp']] }, session: s['a-coordinator'], headers: { 'If-Match': g.headers.get('etag') },
  });
  assert.ok(r.status >= 400, r.text);
  assert.ok(!(await caseloadIds('c-hp')).includes(c.id));
  assert.equal(openMismatches(), 0);
});

test('a row missing from caseload_open is noticed (the check can fail), and only narrows the caseload', async () => {
  const c = await createCourse();
  assert.ok((await caseloadIds('c-hp')).includes(c.id));
  sqlWrite(`DELETE FROM caseload_open WHERE enrolment_id = ${c.id}`);
  assert.equal(openMismatches(), 1);
  assert.ok(!(await caseloadIds('c-hp')).includes(c.id));
  // a stray row for a closed course adds nothing: the course's own status is checked
  const closed = await createCourse();
  await ok('POST', `/api/v1/enrolments/${closed.id}/close`, { closed_on: today(), reason: 'moved' });
  sqlWrite(`INSERT INTO caseload_open (user_id, enrolment_id) VALUES (${uid['c-hp']}, ${closed.id})`);
  assert.ok(!(await caseloadIds('c-hp')).includes(closed.id));
  sqlWrite(`DELETE FROM caseload_open WHERE enrolment_id = ${closed.id}`);
  sqlWrite(`INSERT INTO caseload_open (user_id, enrolment_id) VALUES (${uid['c-hp']}, ${c.id})`);
  assert.equal(openMismatches(), 0);
  assert.ok((await caseloadIds('c-hp')).includes(c.id));
});
