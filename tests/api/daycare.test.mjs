// daycare.test.mjs - the cooperation with daycare over the API (issue 6
// items 6-8): handover conversations only with the parents' consent, and
// a daycare user seeing exactly what was shared and nothing else (never a
// contact note, never another institution's handover, nothing after the
// consent is withdrawn); consultant visits on the annual wheel; the Aarhus
// family groups with daily daycare scores and status meetings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem, BACKEND } from './harness.mjs';
import { assertCourseDays } from './summary_checks.mjs';
import { today, addDays } from './fixtures.mjs';

const srv = new Server();
const s = {};
const uid = {};
let mA;
const dc = []; // daycare institutions

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
function sqlWrite(query) {
  const out = srv.sql((BACKEND === 'sqlite' ? 'PRAGMA busy_timeout = 10000; ' : '') + query);
  return out.split('\n').pop();
}
function insert(table, row) {
  const cols = Object.keys(row);
  return Number(sqlWrite(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => q(row[c])).join(', ')}) RETURNING id`));
}

// Families, consents and a home-pedagogue course with journal notes are
// other issues' work: fixtures written directly (synthetic, no CPR).
let famNo = 0;
const SECRET = 'FORTROLIG-JOURNALNOTE';
function family({ consent = true, createdBy = uid['a-health_visitor'] } = {}) {
  famNo++;
  const now = Math.floor(Date.now() / 1000);
  const name = `Familien Dagtilbudsen ${famNo}`;
  const fam = insert('family', { municipality_id: mA, name, search_key: name.toLowerCase(), created_at: now, created_by: createdBy });
  const child = insert('person', {
    municipality_id: mA, family_id: fam, kind: 'child', given_name: `Alma${famNo}`, family_name: 'Dagtilbudsen',
    search_key: `alma${famNo} dagtilbudsen`, birth_date: addDays(today(), -300), created_at: now,
  });
  const guardian = insert('person', {
    municipality_id: mA, family_id: fam, kind: 'guardian', given_name: 'Forælder', family_name: 'Dagtilbudsen',
    search_key: 'forælder dagtilbudsen', relation: 'mother', created_at: now,
  });
  let consentId = null;
  if (consent) {
    consentId = insert('consent', { municipality_id: mA, family_id: fam, purpose: 'share_daycare', guardian_id: guardian, given_on: addDays(today(), -60), created_at: now });
  }
  // a home-pedagogue course with a journal note that was NOT shared
  const enr = insert('enrolment', { municipality_id: mA, family_id: fam, child_id: child, programme: 'home_pedagogue', status: 'active', created_at: now });
  insert('contact', {
    municipality_id: mA, enrolment_id: enr, happened_on: addDays(today(), -5), minutes: 60, kind: 'home_session',
    activities: 'observation', note: `${SECRET} om forældrenes konflikter`, shared_with_daycare: 0, created_at: now,
  });
  return { family: fam, child, guardian, consentId, enrolment: enr };
}

before(async () => {
  srv.setupTenants();
  for (let i = 1; i <= 3; i++) {
    const out = srv.cliOk(['unit', 'add', '--municipality', '0101', '--kind', 'daycare', '--name', `Børnehuset ${i}`]).stdout;
    dc.push(Number(/id (\d+)/.exec(out)[1]));
  }
  srv.addUser('a-dc1', 'daycare', '0101', dc[0]);
  srv.addUser('a-dc2', 'daycare', '0101', dc[1]);
  srv.addUser('a-hv2', 'health_visitor', '0101', srv.units.Forvaltningen);
  srv.addUser('b-daycare', 'daycare', '0202');
  await srv.start();
  for (const u of ['a-admin', 'a-coordinator', 'a-home_pedagogue', 'a-health_visitor', 'a-hv2', 'a-leader', 'a-daycare', 'a-dc1', 'a-dc2',
    'a-evaluator', 'b-coordinator', 'b-daycare']) {
    s[u] = await srv.login(u);
    assert.equal(s[u].status, 201, u);
    uid[u] = s[u].user.id;
  }
  mA = Number(srv.sql("SELECT id FROM municipality WHERE code = '0101'"));
});
after(() => srv.stop());

function handoverBody(fx, over = {}) {
  return {
    family_id: fx.family, child_id: fx.child, unit_id: dc[0], held_on: addDays(today(), -2),
    participants: ['parents', 'health_visitor', 'daycare'],
    items: [
      { topic: 'sleep', text: 'Sover bedst med sin bamse efter frokost' },
      { topic: 'food', text: 'Spiser ikke æg' },
    ],
    ...over,
  };
}

test('handover: only with the consent, every field checked, nothing half-written', async () => {
  const hv = s['a-health_visitor'];
  const without = family({ consent: false });
  const fx = family();
  const before = [srv.count('handover'), srv.count('handover_item')];
  let r = await srv.req('POST', '/api/v1/handovers', { body: handoverBody(without), session: hv });
  assertProblem(r, 409, 'family_id');
  assert.match(r.json.errors[0].message, /samtykke/);
  // consent given after the conversation does not cover it
  assertProblem(await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx, { held_on: addDays(today(), -90) }), session: hv }), 409, 'family_id');
  assertProblem(await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx, { held_on: addDays(today(), 1) }), session: hv }), 400, 'held_on');
  assertProblem(await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx, { unit_id: srv.units.Forvaltningen }), session: hv }), 400, 'unit_id');
  assertProblem(await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx, { child_id: without.child }), session: hv }), 400, 'child_id');
  assertProblem(await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx, { participants: ['health_visitor', 'daycare'] }), session: hv }), 400, 'participants');
  assertProblem(await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx, { participants: ['parents', 'daycare', 'neighbour'] }), session: hv }), 400, 'participants');
  assertProblem(await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx, { items: [] }), session: hv }), 400, 'items');
  assertProblem(await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx, { items: [{ topic: 'gossip', text: 'x' }] }), session: hv }), 400, 'items');
  assertProblem(await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx, { items: [{ topic: 'sleep', text: '' }] }), session: hv }), 400, 'items');
  // a family the caller may not see
  const hidden = family({ createdBy: uid['a-coordinator'] });
  assertProblem(await srv.req('POST', '/api/v1/handovers', { body: handoverBody(hidden), session: hv }), 400, 'family_id');
  assert.equal((await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx), session: s['a-dc1'] })).status, 403);
  assert.deepEqual([srv.count('handover'), srv.count('handover_item')], before);

  r = await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx), session: hv });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.participants, ['parents', 'health_visitor', 'daycare']);
  assert.equal(r.json.items.length, 2);
  r = await srv.req('GET', `/api/v1/handovers?family_id=${fx.family}`, { session: hv });
  assert.equal(r.json.items.length, 1);
  assert.equal((await srv.req('GET', `/api/v1/handovers?family_id=${fx.family}`, { session: s['a-hv2'] })).status, 404);
});

test('a daycare user sees exactly what was shared, and nothing else', async () => {
  const hv = s['a-health_visitor'];
  const fx = family();
  let r = await srv.req('POST', '/api/v1/handovers', { body: handoverBody(fx), session: hv });
  assert.equal(r.status, 201, r.text);
  const h = r.json;
  const other = family();
  r = await srv.req('POST', '/api/v1/handovers', { body: handoverBody(other, { unit_id: dc[1], items: [{ topic: 'language', text: 'Taler mest arabisk derhjemme' }] }), session: hv });
  assert.equal(r.status, 201, r.text);
  const h2 = r.json;

  const dcs = s['a-dc1'];
  r = await srv.req('GET', `/api/v1/handovers/${h.id}`, { session: dcs });
  assert.equal(r.status, 200, r.text);
  // exactly these keys: when, where, which child, and the shared items
  assert.deepEqual(Object.keys(r.json).sort(), ['child', 'held_on', 'id', 'items', 'unit_id']);
  assert.deepEqual(Object.keys(r.json.child).sort(), ['family_name', 'given_name']);
  assert.deepEqual(r.json.items, handoverBody(fx).items);
  assert.ok(!r.text.includes(SECRET));

  // the list shows its own institution's handovers only
  r = await srv.req('GET', '/api/v1/daycare/handovers', { session: dcs });
  assert.ok(r.json.items.some((x) => x.id === h.id));
  assert.ok(!r.json.items.some((x) => x.id === h2.id));
  assert.ok(!r.text.includes(SECRET));
  assert.ok(!r.text.includes('participants'));
  assert.equal((await srv.req('GET', `/api/v1/handovers/${h2.id}`, { session: dcs })).status, 404);
  r = await srv.req('GET', '/api/v1/daycare/handovers', { session: s['a-dc2'] });
  assert.deepEqual(r.json.items.map((x) => x.id), [h2.id]);
  // a daycare user without the institution, or of another municipality, sees nothing
  assert.equal((await srv.req('GET', `/api/v1/handovers/${h.id}`, { session: s['a-daycare'] })).status, 404);
  assert.equal((await srv.req('GET', `/api/v1/handovers/${h.id}`, { session: s['b-daycare'] })).status, 404);
  r = await srv.req('GET', '/api/v1/daycare/handovers', { session: s['b-daycare'] });
  assert.deepEqual(r.json.items, []);

  // every other way into the case is closed to the daycare user
  assert.equal((await srv.req('GET', `/api/v1/families/${fx.family}`, { session: dcs })).status, 404);
  assert.equal((await srv.req('GET', `/api/v1/enrolments/${fx.enrolment}/contacts`, { session: dcs })).status, 403);
  assert.equal((await srv.req('GET', `/api/v1/handovers?family_id=${fx.family}`, { session: dcs })).status, 403);
  for (const path of ['/api/v1/cosp/offers', '/api/v1/groups', '/api/v1/enrolments', '/api/v1/caseload']) {
    const x = await srv.req('GET', path, { session: dcs });
    assert.ok(x.status === 403 || !x.text.includes(SECRET), path);
  }

  // the parents withdraw their consent: what was shared is no longer shown
  r = await srv.req('POST', `/api/v1/consents/${fx.consentId}/withdraw`, { body: { withdrawn_on: today() }, session: hv });
  assert.ok(r.status < 300, r.text);
  assert.equal((await srv.req('GET', `/api/v1/handovers/${h.id}`, { session: dcs })).status, 404);
  r = await srv.req('GET', '/api/v1/daycare/handovers', { session: dcs });
  assert.ok(!r.json.items.some((x) => x.id === h.id));
  // staff still see their own record
  r = await srv.req('GET', `/api/v1/handovers/${h.id}`, { session: hv });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.participants, ['parents', 'health_visitor', 'daycare']);
  // every daycare look-up is audited (reads reach the log within moments)
  let n = 0;
  for (let i = 0; i < 50 && n < 5; i++) {
    n = Number(srv.sql(`SELECT count(*) FROM audit_log WHERE entity = 'handover' AND user_id = ${uid['a-dc1']}`));
    if (n < 5) await new Promise((res) => setTimeout(res, 50));
  }
  assert.ok(n >= 5, `${n} audit entries`);
});

test('consultant visits: the annual wheel, moved, topics, done and missed', async () => {
  const year = Number(today().slice(0, 4));
  const co = s['a-coordinator'];
  // the fixed health visitor of each institution
  assertProblem(await srv.req('PUT', `/api/v1/institutions/${dc[0]}/health-visitor`, { body: { user_id: uid['a-dc1'] }, session: s['a-leader'] }), 400, 'user_id');
  assertProblem(await srv.req('PUT', `/api/v1/institutions/${srv.units.Forvaltningen}/health-visitor`, { body: { user_id: uid['a-health_visitor'] }, session: s['a-leader'] }), 409, 'id');
  assert.equal((await srv.req('PUT', `/api/v1/institutions/${dc[0]}/health-visitor`, { body: { user_id: uid['a-health_visitor'] }, session: s['b-coordinator'] })).status, 404);
  assert.equal((await srv.req('PUT', `/api/v1/institutions/${dc[0]}/health-visitor`, { body: { user_id: uid['a-health_visitor'] }, session: s['a-dc1'] })).status, 403);
  for (const [unit, hv] of [[dc[0], 'a-health_visitor'], [dc[1], 'a-health_visitor'], [dc[2], 'a-hv2']]) {
    const r = await srv.req('PUT', `/api/v1/institutions/${unit}/health-visitor`, { body: { user_id: uid[hv] }, session: s['a-leader'] });
    assert.equal(r.status, 200, r.text);
  }
  assertProblem(await srv.req('POST', '/api/v1/consultant-visits/plan', { body: { year: 1999 }, session: co }), 400, 'year');
  let r = await srv.req('POST', '/api/v1/consultant-visits/plan', { body: { year: year + 1 }, session: co });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.created, 12);
  assert.equal(r.json.visits_per_year, 4);
  // four per institution, one per quarter, on weekdays, each with its fixed health visitor
  for (const unit of dc) {
    const vs = r.json.items.filter((v) => v.unit_id === unit);
    assert.deepEqual(vs.map((v) => v.quarter), [1, 2, 3, 4]);
    for (const v of vs) {
      const d = new Date(`${v.planned_on}T00:00:00Z`);
      assert.ok(d.getUTCDay() >= 1 && d.getUTCDay() <= 5, v.planned_on);
      assert.equal(Math.floor(d.getUTCMonth() / 3) + 1, v.quarter);
      assert.equal(v.in_period, true);
      assert.equal(v.state, 'planned');
      assert.equal(v.health_visitor_id, unit === dc[2] ? uid['a-hv2'] : uid['a-health_visitor']);
    }
  }
  // running it again adds nothing
  r = await srv.req('POST', '/api/v1/consultant-visits/plan', { body: { year: year + 1 }, session: co });
  assert.equal(r.json.created, 0);
  assert.equal(r.json.items.length, 12);

  // each sees their own: the health visitor hers, the daycare its institution's
  r = await srv.req('GET', `/api/v1/consultant-visits?year=${year + 1}`, { session: s['a-hv2'] });
  assert.deepEqual([...new Set(r.json.items.map((v) => v.unit_id))], [dc[2]]);
  r = await srv.req('GET', `/api/v1/consultant-visits?year=${year + 1}`, { session: s['a-dc1'] });
  assert.equal(r.json.items.length, 4);
  assert.ok(r.json.items.every((v) => v.unit_id === dc[0]));
  const visit = r.json.items[0];
  r = await srv.req('GET', `/api/v1/consultant-visits?year=${year + 1}`, { session: s['a-daycare'] });
  assert.deepEqual(r.json.items, []);
  assertProblem(await srv.req('GET', '/api/v1/consultant-visits?year=abc', { session: co }), 400, 'year');

  // parents propose topics through daycare; another institution's daycare cannot
  r = await srv.req('POST', `/api/v1/consultant-visits/${visit.id}/topics`, { body: { text: 'Søvn og hvile efter frokost', proposed_by: 'parents' }, session: s['a-dc1'] });
  assert.equal(r.status, 200, r.text);
  r = await srv.req('POST', `/api/v1/consultant-visits/${visit.id}/topics`, { body: { text: 'Overgang fra vuggestue til børnehave' }, session: s['a-health_visitor'] });
  const [t1, t2] = r.json.topics;
  assert.equal(t1.proposed_by, 'parents');
  assert.equal(t2.covered, false);
  assert.equal((await srv.req('POST', `/api/v1/consultant-visits/${visit.id}/topics`, { body: { text: 'x' }, session: s['a-dc2'] })).status, 404);
  assertProblem(await srv.req('POST', `/api/v1/consultant-visits/${visit.id}/topics`, { body: { text: 'x', proposed_by: 'mayor' }, session: s['a-dc1'] }), 400, 'proposed_by');

  // moved within the year by its health visitor (If-Match honoured)
  const etag = r.headers.get('etag');
  const moved = addDays(visit.planned_on, 3);
  assert.equal((await srv.req('PATCH', `/api/v1/consultant-visits/${visit.id}`, { body: { planned_on: moved }, session: s['a-hv2'] })).status, 404);
  assertProblem(await srv.req('PATCH', `/api/v1/consultant-visits/${visit.id}`, { body: { planned_on: `${year + 2}-01-15` }, session: s['a-health_visitor'] }), 400, 'planned_on');
  r = await srv.req('PATCH', `/api/v1/consultant-visits/${visit.id}`, { body: { planned_on: moved }, session: s['a-health_visitor'], headers: { 'If-Match': etag } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.planned_on, moved);
  assert.equal(r.json.moved, true);
  assert.equal(r.json.first_planned_on, visit.planned_on);
  assertProblem(await srv.req('PATCH', `/api/v1/consultant-visits/${visit.id}`, { body: { planned_on: visit.planned_on }, session: s['a-health_visitor'], headers: { 'If-Match': etag } }), 412);
  assert.equal((await srv.req('PATCH', `/api/v1/consultant-visits/${visit.id}`, { body: { planned_on: moved }, session: s['a-dc1'] })).status, 403);

  // done, with the topics covered; a done visit is final
  assertProblem(await srv.req('POST', `/api/v1/consultant-visits/${visit.id}/outcome`, { body: { status: 'done' }, session: s['a-health_visitor'] }), 400, 'done_on');
  assertProblem(await srv.req('POST', `/api/v1/consultant-visits/${visit.id}/outcome`, { body: { status: 'done', done_on: addDays(today(), 1) }, session: s['a-health_visitor'] }), 400, 'done_on');
  assertProblem(await srv.req('POST', `/api/v1/consultant-visits/${visit.id}/outcome`, { body: { status: 'done', done_on: today(), covered_topic_ids: [999999] }, session: s['a-health_visitor'] }), 400, 'covered_topic_ids');
  assert.equal(srv.sql(`SELECT count(*) FROM consultant_topic WHERE visit_id = ${visit.id} AND covered = 1`), '0');
  r = await srv.req('POST', `/api/v1/consultant-visits/${visit.id}/outcome`, { body: { status: 'done', done_on: today(), covered_topic_ids: [t1.id], note: 'God dialog med personalet' }, session: s['a-health_visitor'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'done');
  assert.deepEqual(r.json.topics.map((t) => t.covered), [true, false]);
  assertProblem(await srv.req('POST', `/api/v1/consultant-visits/${visit.id}/outcome`, { body: { status: 'missed' }, session: s['a-health_visitor'] }), 409, 'status');
  assertProblem(await srv.req('PATCH', `/api/v1/consultant-visits/${visit.id}`, { body: { planned_on: moved }, session: s['a-health_visitor'] }), 409, 'planned_on');
  const other = (await srv.req('GET', `/api/v1/consultant-visits?year=${year + 1}&unit_id=${dc[1]}`, { session: co })).json.items[0];
  r = await srv.req('POST', `/api/v1/consultant-visits/${other.id}/outcome`, { body: { status: 'missed', note: 'Sygdom' }, session: co });
  assert.equal(r.json.state, 'missed');

  // this year's plan: visits in the past that were not registered show as overdue
  r = await srv.req('POST', '/api/v1/consultant-visits/plan', { body: { year }, session: s['a-health_visitor'] });
  assert.equal(r.json.created, 8); // her two institutions only
  const past = r.json.items.filter((v) => v.planned_on < today());
  assert.ok(past.every((v) => v.state === 'overdue'));
  // a new fixed health visitor takes over the planned, future visits
  r = await srv.req('PUT', `/api/v1/institutions/${dc[1]}/health-visitor`, { body: { user_id: uid['a-hv2'] }, session: s['a-leader'] });
  r = await srv.req('GET', `/api/v1/consultant-visits?year=${year + 1}&unit_id=${dc[1]}`, { session: co });
  for (const v of r.json.items) assert.equal(v.health_visitor_id, v.status === 'planned' ? uid['a-hv2'] : uid['a-health_visitor']);
});

// The list reads its visits' topics and health visitors' names for 64
// visits per query (store/consult.c); a topic put on the wrong visit at a
// batch's edge, or a list that differs from the visit's own answer, fails.
test('consultant visits list: each visit as in its own answer, across batches of 64', async () => {
  const year = Number(today().slice(0, 4));
  const co = s['a-coordinator'];
  for (let y = year + 2; y < year + 14; y++) {
    const r = await srv.req('POST', '/api/v1/consultant-visits/plan', { body: { year: y }, session: co });
    assert.equal(r.status, 200, r.text);
  }
  let list = (await srv.req('GET', '/api/v1/consultant-visits', { session: co })).json.items;
  const fresh = list.filter((v) => v.year >= year + 2);
  assert.equal(fresh.length, 144);
  assert.ok(list.length > 128, `${list.length} visits`);
  const answers = new Map();
  for (const at of [0, 62, 63, 64, 127, 128, list.length - 1]) {
    const v = list[at];
    if (v.year < year + 2) continue;
    let r;
    for (const text of [`Emne ${at}: søvn, spisning og trivsel`, `Emne ${at}: Æbler og små skridt`]) {
      r = await srv.req('POST', `/api/v1/consultant-visits/${v.id}/topics`, { body: { text, proposed_by: 'daycare' }, session: co });
      assert.equal(r.status, 200, r.text);
    }
    answers.set(v.id, r.json);
  }
  assert.ok(answers.size >= 5);
  const names = new Map(srv.sql(`SELECT id, display_name FROM app_user WHERE id IN (${uid['a-health_visitor']}, ${uid['a-hv2']})`)
    .split('\n').map((l) => l.split('|')).map(([id, name]) => [Number(id), name]));
  list = (await srv.req('GET', '/api/v1/consultant-visits', { session: co })).json.items;
  for (const v of list) {
    if (names.has(v.health_visitor_id)) assert.deepEqual(v.health_visitor, { id: v.health_visitor_id, display_name: names.get(v.health_visitor_id) });
    if (answers.has(v.id)) assert.deepEqual(v, answers.get(v.id), `visit ${v.id}`);
    else if (v.year >= year + 2) assert.deepEqual(v.topics, [], `visit ${v.id}`);
  }
  // the same visits through the leader's and the health visitor's lists
  for (const who of ['a-leader', 'a-hv2']) {
    const mine = (await srv.req('GET', '/api/v1/consultant-visits', { session: s[who] })).json.items;
    assert.ok(mine.length > 0, who);
    for (const v of mine) assert.deepEqual(v, list.find((x) => x.id === v.id), `${who}: visit ${v.id}`);
  }
});

test('family groups: 4-8 families, goals at the start meeting, daily scores, status meetings', async () => {
  const w = s['a-home_pedagogue'];
  const start = addDays(today(), -50);
  const base = { name: 'Familiegruppen Nord', start_on: start, weeks: 14, place: 'Familiehuset', worker_ids: [uid['a-home_pedagogue']] };
  const before = srv.count('family_group');
  assertProblem(await srv.req('POST', '/api/v1/family-groups', { body: { ...base, weeks: 11 }, session: w }), 400, 'weeks');
  assertProblem(await srv.req('POST', '/api/v1/family-groups', { body: { ...base, weeks: 17 }, session: w }), 400, 'weeks');
  assertProblem(await srv.req('POST', '/api/v1/family-groups', { body: { ...base, worker_ids: [uid['a-dc1']] }, session: w }), 400, 'worker_ids');
  assert.equal((await srv.req('POST', '/api/v1/family-groups', { body: base, session: s['a-dc1'] })).status, 403);
  assert.equal(srv.count('family_group'), before);
  let r = await srv.req('POST', '/api/v1/family-groups', { body: base, session: w });
  assert.equal(r.status, 201, r.text);
  const g = r.json;
  assert.equal(g.end_on, addDays(start, 98));
  assert.equal(g.below_minimum, true);

  // rolling intake of up to 8 families, each with consent to share with daycare
  const fams = [];
  const url = `/api/v1/family-groups/${g.id}/members`;
  const join = (fx, over = {}, who = w) => srv.req('POST', url, {
    body: { family_id: fx.family, child_id: fx.child, daycare_unit_id: dc[fams.length % 2], joined_on: addDays(start, 2 * fams.length), ...over }, session: who,
  });
  const noConsent = family({ consent: false, createdBy: uid['a-home_pedagogue'] });
  assertProblem(await join(noConsent), 409, 'family_id');
  const f0 = family({ createdBy: uid['a-home_pedagogue'] });
  assertProblem(await join(f0, { joined_on: addDays(start, -1) }), 400, 'joined_on');
  assertProblem(await join(f0, { daycare_unit_id: srv.units.Forvaltningen }), 400, 'daycare_unit_id');
  assert.equal((await join(f0, {}, s['a-hv2'])).status, 403);
  for (let i = 0; i < 8; i++) {
    const fx = i === 0 ? f0 : family({ createdBy: uid['a-home_pedagogue'] });
    r = await join(fx);
    assert.equal(r.status, 201, r.text);
    fams.push({ ...fx, member: r.json });
  }
  assertProblem(await join(family({ createdBy: uid['a-home_pedagogue'] })), 409, 'family_id');
  r = await srv.req('GET', `/api/v1/family-groups/${g.id}`, { session: w });
  assert.equal(r.json.active_families, 8);
  assert.equal(r.json.full, true);
  assert.equal(r.json.below_minimum, false);
  assert.equal(r.json.members.length, 8);
  // another health visitor sees the group but none of its families
  r = await srv.req('GET', `/api/v1/family-groups/${g.id}`, { session: s['a-hv2'] });
  assert.equal(r.json.members.length, 0);
  assert.equal((await srv.req('GET', `/api/v1/family-group-members/${fams[0].member.id}`, { session: s['a-hv2'] })).status, 404);

  // the start meeting: parents, daycare and a group worker agree goals for the child
  const m0 = fams[0].member; // institution dc[0]
  const sm = `/api/v1/family-group-members/${m0.id}/start-meeting`;
  const held = addDays(start, 1);
  const goals = [{ text: 'Alma siger farvel til far uden at græde længe' }, { text: 'Alma deltager i samling' }];
  assertProblem(await srv.req('POST', sm, { body: { held_on: held, participants: ['parents', 'group_worker'], goals }, session: w }), 400, 'participants');
  assertProblem(await srv.req('POST', sm, { body: { held_on: held, participants: ['parents', 'daycare', 'group_worker'], goals: [] }, session: w }), 400, 'goals');
  assertProblem(await srv.req('POST', sm, { body: { held_on: held, participants: ['parents', 'daycare', 'group_worker'], goals: [{ text: '' }] }, session: w }), 400, 'goals');
  r = await srv.req('POST', sm, { body: { held_on: held, participants: ['parents', 'daycare', 'group_worker'], goals }, session: w });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.goals.map((x) => x.text), goals.map((x) => x.text));
  assert.equal(r.json.next_status_meeting_on, addDays(held, 42));
  assert.equal(r.json.status_meeting_due, true);
  assertProblem(await srv.req('POST', sm, { body: { held_on: held, participants: ['parents', 'daycare', 'group_worker'], goals }, session: w }), 409, 'held_on');
  const [g1, g2] = r.json.goals;
  // a second child, other institution, with a goal
  const m1 = fams[1].member; // institution dc[1]
  r = await srv.req('POST', `/api/v1/family-group-members/${m1.id}/start-meeting`, { body: { held_on: addDays(start, 3), participants: ['parents', 'daycare', 'group_worker'], goals: [{ text: 'Leger med andre børn' }] }, session: w });
  assert.equal(r.status, 200, r.text);
  const gOther = r.json.goals[0];

  // the daycare's daily form: its own children after the start meeting, goals and today's score
  r = await srv.req('GET', '/api/v1/daycare/children', { session: s['a-dc1'] });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items.map((x) => x.member_id), [m0.id]);
  assert.deepEqual(Object.keys(r.json.items[0]).sort(), ['child', 'daycare_unit_id', 'goals', 'member_id']);
  assert.equal(r.json.items[0].goals[0].today, null);
  assert.ok(!r.text.includes(SECRET));
  r = await srv.req('GET', '/api/v1/daycare/children', { session: s['a-dc2'] });
  assert.deepEqual(r.json.items.map((x) => x.member_id), [m1.id]);

  // scoring takes one call; the same day again replaces the score
  const score = (body, who = 'a-dc1') => srv.req('POST', '/api/v1/daycare/scores', { body, session: s[who] });
  assertProblem(await score({ goal_id: g1.id, score: 5 }), 400, 'score');
  assertProblem(await score({ goal_id: g1.id, score: 0 }), 400, 'score');
  assertProblem(await score({ goal_id: gOther.id, score: 3 }), 400, 'goal_id');
  assertProblem(await score({ goal_id: g1.id, score: 3, scored_on: addDays(today(), 1) }), 400, 'scored_on');
  assertProblem(await score({ goal_id: g1.id, score: 3, scored_on: addDays(held, -1) }), 400, 'scored_on');
  assert.equal((await score({ goal_id: g1.id, score: 3 }, 'a-home_pedagogue')).status, 403);
  r = await score({ goal_id: g1.id, score: 2, did: 'Vi tog imod ham i døren' });
  assert.equal(r.status, 200, r.text);
  r = await score({ goal_id: g1.id, score: 3, did: 'Vi sang farvel-sangen' });
  assert.equal(r.json.score, 3);
  for (const [d, v] of [[-3, 1], [-2, 2], [-1, 2]]) {
    r = await score({ goal_id: g1.id, score: v, scored_on: addDays(today(), d) });
    assert.equal(r.status, 200, r.text);
  }
  await score({ goal_id: g2.id, score: 4 });
  assert.equal(srv.sql(`SELECT count(*) FROM daycare_score WHERE goal_id = ${g1.id}`), '4');
  r = await srv.req('GET', '/api/v1/daycare/children', { session: s['a-dc1'] });
  assert.deepEqual(r.json.items[0].goals.map((x) => x.today?.score), [3, 4]);

  // the status meeting returns the series for the chart and moves the next one 6 weeks on
  assertProblem(await srv.req('POST', `/api/v1/family-group-members/${fams[2].member.id}/status-meetings`, { body: { held_on: today() }, session: w }), 409, 'held_on');
  r = await srv.req('POST', `/api/v1/family-group-members/${m0.id}/status-meetings`, { body: { held_on: today(), note: 'Stabil fremgang' }, session: w });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.goals[0].scores.map((x) => [x.scored_on, x.score]),
    [[addDays(today(), -3), 1], [addDays(today(), -2), 2], [addDays(today(), -1), 2], [today(), 3]]);
  assert.equal(r.json.goals[0].scores[3].did, 'Vi sang farvel-sangen');
  assert.equal(r.json.status_meetings.length, 1);
  assert.equal(r.json.next_status_meeting_on, addDays(held, 84));
  assert.equal(r.json.status_meeting_due, false);

  // consent withdrawn: the daycare no longer sees or scores the child
  r = await srv.req('POST', `/api/v1/consents/${fams[0].consentId}/withdraw`, { body: { withdrawn_on: today() }, session: w });
  assert.ok(r.status < 300, r.text);
  r = await srv.req('GET', '/api/v1/daycare/children', { session: s['a-dc1'] });
  assert.deepEqual(r.json.items, []);
  assertProblem(await score({ goal_id: g1.id, score: 2 }), 400, 'goal_id');

  // leaving: dated with a reason, closes the enrolment, frees a place
  const m2 = fams[2].member;
  assertProblem(await srv.req('POST', `/api/v1/family-group-members/${m2.id}/leave`, { body: { left_on: today(), reason: '' }, session: w }), 400, 'reason');
  r = await srv.req('POST', `/api/v1/family-group-members/${m2.id}/leave`, { body: { left_on: today(), reason: 'Familien flytter' }, session: w });
  assert.equal(r.status, 200, r.text);
  assert.equal(srv.sql(`SELECT status FROM enrolment WHERE id = ${m2.enrolment_id}`), 'closed');
  assertProblem(await srv.req('POST', `/api/v1/family-group-members/${m2.id}/leave`, { body: { left_on: today(), reason: 'igen' }, session: w }), 409, 'left_on');
  r = await srv.req('GET', '/api/v1/family-groups', { session: s['a-leader'] });
  const listed = r.json.items.find((x) => x.id === g.id);
  assert.equal(listed.active_families, 7);
});

// migration 0030: the status days copied onto each course by every write
// above equal the course's history (summary_checks.mjs)
// The list reads its groups' workers and active members for 64 groups per
// query and each worker's name once (store/fgroups.c, h_fgroups.c); a
// group given another's workers or count at a batch's edge fails here.
test('family groups list: each group as its own GET says, across batches of 64', async () => {
  const [fam, child, unit] = srv.sql('SELECT family_id, child_id, daycare_unit_id FROM family_group_member ORDER BY id LIMIT 1').split('|').map(Number);
  const now = Math.floor(Date.now() / 1000);
  const n = 130;
  const ids = srv.sql(`INSERT INTO family_group (municipality_id, name, start_on, weeks, created_at) VALUES ${
    Array.from({ length: n }, (_, i) => `(${mA}, ${q(`Gruppe Ø ${i}`)}, ${q(addDays(today(), -200 + i))}, 12, ${now})`).join(', ')} RETURNING id`)
    .split('\n').filter((l) => /^\d+$/.test(l)).map(Number);
  assert.equal(ids.length, n);
  const workers = (i) => [[uid['a-health_visitor']], [uid['a-health_visitor'], uid['a-hv2']], [], [uid['a-hv2']]][i % 4];
  const rows = ids.flatMap((g, i) => workers(i).map((u) => `(${g}, ${u})`));
  srv.sql(`INSERT INTO family_group_worker (group_id, user_id) VALUES ${rows.join(', ')}`);
  // members on the batch edges: active today, left yesterday, joining tomorrow
  // (each member owns an enrolment of its own)
  const enrolments = srv.sql(`INSERT INTO enrolment (municipality_id, family_id, child_id, programme, status, created_at) VALUES ${
    Array.from({ length: 21 }, () => `(${mA}, ${fam}, ${child}, 'family_group', 'active', ${now})`).join(', ')} RETURNING id`)
    .split('\n').filter((l) => /^\d+$/.test(l)).map(Number);
  const member = (g, joined, left) => `(${g}, ${fam}, ${child}, ${enrolments.pop()}, ${unit}, ${q(joined)}, ${q(left)}, ${now})`;
  const active = new Map([[62, 2], [63, 1], [64, 3], [65, 0], [127, 1], [128, 2]]);
  const members = [];
  for (const [i, k] of active) {
    for (let j = 0; j < k; j++) members.push(member(ids[i], addDays(today(), -10 - j), null));
    members.push(member(ids[i], addDays(today(), -30), addDays(today(), -1)), member(ids[i], addDays(today(), 1), null));
  }
  srv.sql(`INSERT INTO family_group_member (group_id, family_id, child_id, enrolment_id, daycare_unit_id, joined_on, left_on, created_at) VALUES ${members.join(', ')}`);

  const list = await srv.req('GET', '/api/v1/family-groups', { session: s['a-coordinator'] });
  assert.equal(list.status, 200, list.text);
  const byId = new Map(list.json.items.map((g) => [g.id, g]));
  assert.ok(list.json.items.length > 128, `${list.json.items.length} groups`);
  for (const [i, k] of active) assert.equal(byId.get(ids[i]).active_families, k, `group ${i}`);
  for (const [i, g] of ids.entries()) {
    assert.deepEqual(byId.get(g).worker_ids, workers(i).slice().sort((x, y) => x - y), `group ${i}`);
    if (i % 7 && !active.has(i)) continue; // every seventh and the edges in full
    const one = await srv.req('GET', `/api/v1/family-groups/${g}`, { session: s['a-coordinator'] });
    assert.equal(one.status, 200, one.text);
    delete one.json.members;
    assert.deepEqual(byId.get(g), one.json, `group ${i}`);
  }
});

test('every course written above carries the days of its status history', () => assertCourseDays(srv));
