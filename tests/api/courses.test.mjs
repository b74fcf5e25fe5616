// courses.test.mjs - the home-pedagogue course over the API (issue 3 items
// 5-9): a course walked through its whole life, each rule with its error
// case (problem+json naming the field, nothing written - checked with raw
// counts), the 40-week limit and its extension, consent-checked network
// meetings and handover, stale updates (412/428), idempotent retries, the
// caseload alerts, and access (not assigned / other municipality -> 404,
// leader reads but cannot write, other roles 403).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { summaryMismatches, NO_MISMATCHES, maskMismatches } from './summary_checks.mjs';
import { Server, assertProblem, BACKEND } from './harness.mjs';
import { today, addDays } from './fixtures.mjs';

const srv = new Server();
const s = {};
const uid = {};
let mA; // municipality ids
let mB;

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

// Writes beside the running server wait for its lock instead of failing
// (the sqlite3 shell does not wait by default).
function sqlWrite(query) {
  const out = srv.sql((BACKEND === 'sqlite' ? 'PRAGMA busy_timeout = 10000; ' : '') + query);
  return out.split('\n').pop();
}

function insert(table, row) {
  const cols = Object.keys(row);
  return Number(sqlWrite(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => q(row[c])).join(', ')}) RETURNING id`));
}

// A family with a child, a guardian, consents and a referral in the given
// status. Families, persons, consents and referrals belong to the
// families/referrals work; the course tests need them as fixtures only, so
// they are written directly (synthetic names, no CPR).
let famNo = 0;
function fixture({ municipality = mA, status = 'accepted', consents = ['participation', 'share_daycare'], consentFrom } = {}) {
  famNo++;
  const now = Math.floor(Date.now() / 1000);
  const name = `Familien Testesen ${famNo}`;
  const family = insert('family', { municipality_id: municipality, name, search_key: name.toLowerCase(), created_at: now });
  const child = insert('person', {
    municipality_id: municipality, family_id: family, kind: 'child', given_name: 'Barn', family_name: `Testesen${famNo}`,
    search_key: `barn testesen${famNo}`, birth_date: addDays(today(), -400), created_at: now,
  });
  const guardian = insert('person', {
    municipality_id: municipality, family_id: family, kind: 'guardian', given_name: 'Forælder', family_name: `Testesen${famNo}`,
    search_key: `forælder testesen${famNo}`, relation: 'mother', created_at: now,
  });
  const consentIds = {};
  for (const purpose of consents) {
    consentIds[purpose] = insert('consent', {
      municipality_id: municipality, family_id: family, purpose, guardian_id: guardian,
      given_on: consentFrom ?? addDays(today(), -365), created_at: now,
    });
  }
  const referral = insert('referral', {
    municipality_id: municipality, family_id: family, child_id: child, programme: 'home_pedagogue', source: 'health_visiting',
    reason: 'Syntetisk testhenvisning', referred_on: addDays(today(), -60), status, created_at: now,
  });
  return { family, child, guardian, referral, consentIds };
}

function courseBody(referral, over = {}) {
  const start = over.start_on ?? addDays(today(), -14);
  return {
    referral_id: referral,
    staff_ids: [uid['a-home_pedagogue']],
    unit_id: srv.units.Forvaltningen,
    legal_frame: 'dagtilbudsloven_8_9',
    start_meeting_on: start,
    start_on: start,
    planned_end_on: addDays(start, 200),
    minutes_per_week: 180,
    ...over,
  };
}

async function createCourse(over = {}, fx = fixture()) {
  const r = await srv.req('POST', '/api/v1/enrolments', { body: courseBody(fx.referral, over), session: s['a-coordinator'] });
  assert.equal(r.status, 201, r.text);
  return { ...fx, course: r.json, etag: r.headers.get('etag') };
}

async function startCourse(id, on = addDays(today(), -14)) {
  const r = await srv.req('POST', `/api/v1/enrolments/${id}/start`, { body: { start_meeting_on: on }, session: s['a-home_pedagogue'] });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function addGoal(id, over = {}) {
  const r = await srv.req('POST', `/api/v1/enrolments/${id}/goals`, {
    body: { theme: 1, focus_area: 'routines', text: 'Vi vil have faste rutiner ved sengetid', baseline: 1, target: 3, agreed_on: addDays(today(), -14), ...over },
    session: s['a-home_pedagogue'],
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  srv.setupTenants();
  srv.addUser('a-hp2', 'home_pedagogue', '0101', srv.units.Forvaltningen);
  srv.addUser('a-leader-solsikken', 'leader', '0101', srv.units.Solsikken);
  srv.addUser('b-hp', 'home_pedagogue', '0202', srv.units['Andenby Forvaltning']);
  await srv.start();
  for (const u of ['a-admin', 'a-coordinator', 'a-home_pedagogue', 'a-hp2', 'a-leader', 'a-leader-solsikken', 'a-evaluator',
    'a-daycare', 'a-health_visitor', 'b-admin', 'b-coordinator', 'b-hp']) {
    s[u] = await srv.login(u);
    assert.equal(s[u].status, 201, u);
    uid[u] = s[u].user.id;
  }
  mA = Number(srv.sql("SELECT id FROM municipality WHERE code = '0101'"));
  mB = Number(srv.sql("SELECT id FROM municipality WHERE code = '0202'"));
});
after(() => srv.stop());

// A synthetic CPR number for a birth date (century digit by the CPR rule).
let cprSeq = 100;
function cprFor(date) {
  const [y, m, d] = date.split('-');
  const d7 = Number(y) >= 2000 ? 5 : 1;
  return `${d}${m}${y.slice(2)}${d7}${String(cprSeq++).padStart(3, '0')}`;
}

// The family side of the whole life over the API: family with child and
// guardian, consents, referral, visitation decision.
async function familyOverApi() {
  const co = s['a-coordinator'];
  let r = await srv.req('POST', '/api/v1/families', {
    body: {
      name: 'Familien Livsforløbsen',
      persons: [
        { kind: 'child', given_name: 'Ella', family_name: 'Livsforløbsen', cpr: cprFor(addDays(today(), -420)) },
        { kind: 'guardian', given_name: 'Maja', family_name: 'Livsforløbsen', cpr: cprFor('1994-03-17'), relation: 'mother', lives_with_child: true },
      ],
    },
    session: co,
  });
  assert.equal(r.status, 201, r.text);
  const family = r.json.id;
  const child = r.json.persons.find((p) => p.kind === 'child').id;
  const guardian = r.json.persons.find((p) => p.kind === 'guardian').id;
  for (const purpose of ['participation', 'share_daycare']) {
    r = await srv.req('POST', `/api/v1/families/${family}/consents`, { body: { purpose, guardian_id: guardian, given_on: addDays(today(), -30) }, session: co });
    assert.equal(r.status, 201, r.text);
  }
  r = await srv.req('POST', '/api/v1/referrals', {
    body: { family_id: family, child_id: child, source: 'health_visiting', reason: 'Uro ved sengetid og usikkerhed om leg', risk_factors: ['C_CIRCADIAN', 'P_LACKING_KNOWLEDGE'], referred_on: addDays(today(), -28) },
    session: co,
  });
  assert.equal(r.status, 201, r.text);
  const referral = r.json.id;
  // not accepted yet: no course
  assertProblem(await srv.req('POST', '/api/v1/enrolments', { body: courseBody(referral), session: co }), 409, 'referral_id');
  r = await srv.req('POST', `/api/v1/referrals/${referral}/decision`, { body: { outcome: 'accepted', decided_on: addDays(today(), -21) }, session: co });
  assert.equal(r.status < 300, true, r.text);
  return { family, child, guardian, referral };
}

test('a course walked through its whole life', async () => {
  const fx = await familyOverApi();
  const start = addDays(today(), -14);
  // coordinator creates the course from the accepted referral: planned
  let r = await srv.req('POST', '/api/v1/enrolments', { body: courseBody(fx.referral, { start_meeting_on: undefined }), session: s['a-coordinator'] });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.status, 'planned');
  assert.equal(r.headers.get('location'), `/api/v1/enrolments/${id}`);
  assert.match(r.headers.get('etag'), /^"enrolment-\d+-v1"$/);
  assert.equal(r.json.latest_end_on, addDays(start, 280));
  assert.equal(r.json.minutes_per_week, 180);
  assert.deepEqual(r.json.staff.map((x) => x.id), [uid['a-home_pedagogue']]);

  // the assigned pedagogue sees it in "mine"
  r = await srv.req('GET', '/api/v1/enrolments?mine=1', { session: s['a-home_pedagogue'] });
  assert.equal(r.status, 200);
  assert.ok(r.json.items.some((c) => c.id === id));

  // start meeting -> active
  r = await srv.req('POST', `/api/v1/enrolments/${id}/start`, { body: { start_meeting_on: start }, session: s['a-home_pedagogue'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'active');
  assert.equal(r.json.start_meeting_on, start);
  assert.equal(r.json.week, 3);
  assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/start`, { body: { start_meeting_on: start }, session: s['a-home_pedagogue'] }), 409, 'status');

  // two goals agreed at the start meeting
  const g1 = await addGoal(id);
  const g2 = await addGoal(id, { theme: 3, focus_area: 'daycare_cooperation', text: 'Vi vil tale mere med vuggestuen', baseline: 2, target: 4 });
  assert.equal(g1.theme, 1);
  assert.deepEqual(g1.ratings, []);

  // three contacts: a home session, a phone call, a network meeting (consent given)
  const contacts = [
    { happened_on: addDays(today(), -10), minutes: 90, kind: 'home_session', activities: ['observation', 'guidance'], stance: 'beside', goal_ids: [g1.id], note: 'Aftenrutine gennemgået' },
    { happened_on: addDays(today(), -7), minutes: 20, kind: 'phone', activities: ['advice'], goal_ids: [] },
    { happened_on: addDays(today(), -3), minutes: 60, kind: 'network_meeting', activities: ['advice'], stance: 'in_front', goal_ids: [g2.id], shared_with_daycare: true },
  ];
  for (const body of contacts) {
    r = await srv.req('POST', `/api/v1/enrolments/${id}/contacts`, { body, session: s['a-home_pedagogue'] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.kind, body.kind);
  }
  r = await srv.req('GET', `/api/v1/enrolments/${id}/contacts`, { session: s['a-home_pedagogue'] });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items.map((c) => c.kind), ['network_meeting', 'phone', 'home_session']);
  assert.deepEqual(r.json.items[2].activities, ['observation', 'guidance']);
  assert.deepEqual(r.json.items[2].goal_ids, [g1.id]);

  // ratings by staff and parent
  for (const [goal, value, by] of [[g1.id, 2, 'staff'], [g1.id, 3, 'parent'], [g2.id, 3, 'staff']]) {
    r = await srv.req('POST', `/api/v1/goals/${goal}/ratings`, { body: { rated_on: addDays(today(), -1), value, by }, session: s['a-home_pedagogue'] });
    assert.equal(r.status, 201, r.text);
  }

  // weekly hours change from a date: history kept
  r = await srv.req('POST', `/api/v1/enrolments/${id}/hours`, { body: { from_date: addDays(today(), -2), minutes_per_week: 120 }, session: s['a-home_pedagogue'] });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.hours.map((h) => h.minutes_per_week), [180, 120]);
  assert.equal(r.json.minutes_per_week, 120);

  // the full course
  r = await srv.req('GET', `/api/v1/enrolments/${id}`, { session: s['a-home_pedagogue'] });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('etag'), `"enrolment-${id}-v${r.json.version}"`);
  assert.equal(r.json.goals.length, 2);
  assert.equal(r.json.goals[0].ratings.length, 2);
  assert.equal(r.json.weeks_left, 38);
  assert.deepEqual(r.json.alerts, []);
  assert.equal(r.json.closure, null);

  // close with attainment and the parents' evaluation
  const closure = {
    closed_on: today(), reason: 'goals_met', attainment: { [g1.id]: 'met', [g2.id]: 'partly' },
    handover_on: today(), onward_referral: null,
    evaluation: { parenting: 1, learning_environment: 2, child_development: 1, daycare_cooperation: 0, good_parent: 1 },
  };
  r = await srv.req('POST', `/api/v1/enrolments/${id}/close`, { body: closure, session: s['a-home_pedagogue'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'closed');
  assert.equal(r.json.closed_on, today());
  assert.equal(r.json.closure.reason, 'goals_met');
  assert.equal(r.json.closure.evaluation.daycare_cooperation, 0);
  assert.deepEqual(r.json.goals.map((g) => g.attainment), ['met', 'partly']);
  assert.deepEqual(r.json.alerts, []);

  // closing twice is a conflict; a closed course takes no more work
  assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/close`, { body: closure, session: s['a-home_pedagogue'] }), 409, 'status');
  assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/contacts`, { body: contacts[1], session: s['a-home_pedagogue'] }), 409);
  assert.equal(Number(srv.sql(`SELECT count(*) FROM contact WHERE enrolment_id = ${id}`)), 3);
  assert.equal(Number(srv.sql(`SELECT count(*) FROM closure WHERE enrolment_id = ${id}`)), 1);
  assert.equal(Number(srv.sql(`SELECT count(*) FROM goal_rating r JOIN goal g ON g.id = r.goal_id WHERE g.enrolment_id = ${id}`)), 3);
  // every step is on the audit record
  assert.ok(Number(srv.sql(`SELECT count(*) FROM audit_log WHERE entity = 'enrolment' AND entity_id = '${id}'`)) >= 6);
});

test('creating a course: each rule refused with the field named, nothing written', async () => {
  const fx = fixture();
  const before = srv.count('enrolment');
  const cases = [
    [{ legal_frame: 'serviceloven_52' }, 400, 'legal_frame'],
    [{ staff_ids: [uid['a-coordinator']] }, 400, 'staff_ids'],
    [{ staff_ids: [uid['b-hp']] }, 400, 'staff_ids'],
    [{ staff_ids: [] }, 400, 'staff_ids'],
    [{ unit_id: srv.units['Andenby Forvaltning'] }, 400, 'unit_id'],
    [{ minutes_per_week: 0 }, 400, 'minutes_per_week'],
    [{ planned_end_on: addDays(today(), -20) }, 400, 'planned_end_on'],
    [{ start_on: '2026-02-30' }, 400, 'start_on'],
    [{ colour: 'blå' }, 400, 'colour'],
    [{ referral_id: 999999 }, 400, 'referral_id'],
  ];
  for (const [over, status, field] of cases) {
    assertProblem(await srv.req('POST', '/api/v1/enrolments', { body: courseBody(fx.referral, over), session: s['a-coordinator'] }), status, field);
  }
  // referral of another municipality: as if missing
  const other = fixture({ municipality: mB });
  assertProblem(await srv.req('POST', '/api/v1/enrolments', { body: courseBody(other.referral), session: s['a-coordinator'] }), 400, 'referral_id');
  // only accepted referrals, and only once
  for (const status of ['pending', 'rejected', 'waitlist']) {
    const f = fixture({ status });
    assertProblem(await srv.req('POST', '/api/v1/enrolments', { body: courseBody(f.referral), session: s['a-coordinator'] }), 409, 'referral_id');
  }
  assert.equal(srv.count('enrolment'), before);
  await createCourse({}, fx);
  assertProblem(await srv.req('POST', '/api/v1/enrolments', { body: courseBody(fx.referral), session: s['a-coordinator'] }), 409, 'referral_id');
  assert.equal(srv.count('enrolment'), before + 1);
  // every course has its planned weekly hours from the start
  assert.equal(srv.sql('SELECT count(*) FROM enrolment e WHERE NOT EXISTS (SELECT 1 FROM enrolment_hours h WHERE h.enrolment_id = e.id)'), '0');
});

test('the 40-week limit and the recorded extension', async () => {
  const start = addDays(today(), -7);
  const latest = addDays(start, 280);
  // beyond start + 40 weeks: 400 naming planned_end_on, with the limit and the latest date
  const fx = fixture();
  const before = srv.count('enrolment');
  const r0 = await srv.req('POST', '/api/v1/enrolments', { body: courseBody(fx.referral, { start_on: start, planned_end_on: addDays(latest, 1) }), session: s['a-coordinator'] });
  assertProblem(r0, 400, 'planned_end_on');
  const msg = r0.json.errors.find((e) => e.field === 'planned_end_on').message;
  assert.match(msg, /40 uger/);
  assert.ok(msg.includes(latest.split('-').reverse().join('-')), `the latest date, dd-mm-åååå, in: ${msg}`);
  assert.equal(srv.count('enrolment'), before);
  // exactly 40 weeks is allowed
  const { course } = await createCourse({ start_on: start, planned_end_on: latest }, fx);
  const id = course.id;
  let etag = `"enrolment-${id}-v${course.version}"`;
  let r = await srv.req('PATCH', `/api/v1/enrolments/${id}`, { body: { planned_end_on: addDays(latest, 1) }, session: s['a-home_pedagogue'], headers: { 'If-Match': etag } });
  assertProblem(r, 400, 'planned_end_on');
  // only a coordinator records an extension, which must pass the limit and have a reason
  assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/extension`, { body: { until: addDays(latest, 28), reason: 'Behov' }, session: s['a-home_pedagogue'] }), 403);
  assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/extension`, { body: { until: latest, reason: 'Behov' }, session: s['a-coordinator'] }), 400, 'until');
  assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/extension`, { body: { until: addDays(latest, 28), reason: '' }, session: s['a-coordinator'] }), 400, 'reason');
  assert.equal(srv.sql(`SELECT count(*) FROM enrolment WHERE id = ${id} AND extension_until IS NULL`), '1');
  r = await srv.req('POST', `/api/v1/enrolments/${id}/extension`, { body: { until: addDays(latest, 28), reason: 'Forældrene er først nu klar til mål 2' }, session: s['a-coordinator'] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.extension.until, addDays(latest, 28));
  assert.equal(r.json.latest_end_on, addDays(latest, 28));
  etag = r.headers.get('etag');
  r = await srv.req('PATCH', `/api/v1/enrolments/${id}`, { body: { planned_end_on: addDays(latest, 28) }, session: s['a-home_pedagogue'], headers: { 'If-Match': etag } });
  assert.equal(r.status, 200, r.text);
  etag = r.headers.get('etag');
  assertProblem(await srv.req('PATCH', `/api/v1/enrolments/${id}`, { body: { planned_end_on: addDays(latest, 29) }, session: s['a-home_pedagogue'], headers: { 'If-Match': etag } }), 400, 'planned_end_on');
  assert.equal(srv.sql(`SELECT planned_end_on FROM enrolment WHERE id = ${id}`), addDays(latest, 28));
});

test('stale updates answer 412, missing If-Match 428', async () => {
  const { course } = await createCourse();
  const id = course.id;
  const a = await srv.req('GET', `/api/v1/enrolments/${id}`, { session: s['a-home_pedagogue'] });
  const b = await srv.req('GET', `/api/v1/enrolments/${id}`, { session: s['a-coordinator'] });
  assert.equal(a.headers.get('etag'), b.headers.get('etag'));
  assertProblem(await srv.req('PATCH', `/api/v1/enrolments/${id}`, { body: { legal_frame: 'serviceloven_11_3' }, session: s['a-home_pedagogue'] }), 428);
  const [r1, r2] = await Promise.all([
    srv.req('PATCH', `/api/v1/enrolments/${id}`, { body: { legal_frame: 'serviceloven_11_3' }, session: s['a-home_pedagogue'], headers: { 'If-Match': a.headers.get('etag') } }),
    srv.req('PATCH', `/api/v1/enrolments/${id}`, { body: { staff_ids: [uid['a-home_pedagogue'], uid['a-hp2']] }, session: s['a-coordinator'], headers: { 'If-Match': b.headers.get('etag') } }),
  ]);
  assert.deepEqual([r1.status, r2.status].sort(), [200, 412]);
  assertProblem(r1.status === 412 ? r1 : r2, 412);
  assert.equal(srv.sql(`SELECT version FROM enrolment WHERE id = ${id}`), '2');
  // a pedagogue may not reassign staff
  const cur = await srv.req('GET', `/api/v1/enrolments/${id}`, { session: s['a-home_pedagogue'] });
  assertProblem(await srv.req('PATCH', `/api/v1/enrolments/${id}`, { body: { staff_ids: [uid['a-hp2']] }, session: s['a-home_pedagogue'], headers: { 'If-Match': cur.headers.get('etag') } }), 403, 'staff_ids');
  // goals too
  const g = await addGoal(id);
  const etag = `"goal-${g.id}-v1"`;
  let r = await srv.req('PATCH', `/api/v1/goals/${g.id}`, { body: { text: 'Rolig sengetid' }, session: s['a-home_pedagogue'], headers: { 'If-Match': etag } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('etag'), `"goal-${g.id}-v2"`);
  assertProblem(await srv.req('PATCH', `/api/v1/goals/${g.id}`, { body: { text: 'Noget andet' }, session: s['a-home_pedagogue'], headers: { 'If-Match': etag } }), 412);
  assertProblem(await srv.req('PATCH', `/api/v1/goals/${g.id}`, { body: { text: 'Noget andet' }, session: s['a-home_pedagogue'] }), 428);
  r = await srv.req('GET', `/api/v1/goals/${g.id}`, { session: s['a-home_pedagogue'] });
  assert.equal(r.json.text, 'Rolig sengetid');
});

test('goals, ratings, contacts and closure: each rule refused with the field named, nothing written', async () => {
  const { course } = await createCourse();
  const id = course.id;
  await startCourse(id);
  const g = await addGoal(id);
  const other = await createCourse();
  const foreignGoal = await addGoal(other.course.id);
  const counts = () => ['goal', 'goal_rating', 'contact', 'contact_goal', 'closure'].map((t) => srv.count(t));
  const before = counts();
  const hp = s['a-home_pedagogue'];
  const goal = (over) => ({ theme: 1, focus_area: 'routines', text: 'Mål', baseline: 1, target: 3, agreed_on: today(), ...over });
  for (const [over, field] of [[{ theme: 4 }, 'theme'], [{ theme: 0 }, 'theme'], [{ focus_area: 'sleep' }, 'focus_area'], [{ baseline: 5 }, 'baseline'],
    [{ target: 0 }, 'target'], [{ text: '' }, 'text'], [{ agreed_on: addDays(today(), 3) }, 'agreed_on'], [{ agreed_on: 'i går' }, 'agreed_on']]) {
    assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/goals`, { body: goal(over), session: hp }), 400, field);
  }
  const rating = (over) => ({ rated_on: today(), value: 2, by: 'staff', ...over });
  for (const [over, field] of [[{ value: 0 }, 'value'], [{ value: 5 }, 'value'], [{ by: 'teacher' }, 'by'], [{ rated_on: addDays(today(), 1) }, 'rated_on'],
    [{ rated_on: addDays(today(), -30) }, 'rated_on'], [{ value: '2' }, 'value']]) {
    assertProblem(await srv.req('POST', `/api/v1/goals/${g.id}/ratings`, { body: rating(over), session: hp }), 400, field);
  }
  const contact = (over) => ({ happened_on: today(), minutes: 60, kind: 'home_session', activities: ['play'], stance: 'behind', goal_ids: [g.id], ...over });
  for (const [over, field] of [[{ kind: 'visit' }, 'kind'], [{ activities: ['dance'] }, 'activities'], [{ stance: 'above' }, 'stance'],
    [{ minutes: -5 }, 'minutes'], [{ minutes: 2000 }, 'minutes'], [{ goal_ids: [foreignGoal.id] }, 'goal_ids'], [{ happened_on: addDays(today(), 2) }, 'happened_on'],
    [{ note: 7 }, 'note']]) {
    assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/contacts`, { body: contact(over), session: hp }), 400, field);
  }
  const close = (over) => ({ closed_on: today(), reason: 'goals_met', attainment: { [g.id]: 'met' }, ...over });
  for (const [over, field] of [[{ reason: 'bored' }, 'reason'], [{ reason: 'needs_other_intervention' }, 'other_intervention'],
    [{ attainment: {} }, `attainment.${g.id}`], [{ attainment: { [g.id]: 'maybe' } }, `attainment.${g.id}`],
    [{ attainment: { [g.id]: 'met', [foreignGoal.id]: 'met' } }, `attainment.${foreignGoal.id}`],
    [{ evaluation: { parenting: 7 } }, 'evaluation.parenting'], [{ evaluation: { happiness: 1 } }, 'evaluation.happiness'],
    [{ closed_on: addDays(today(), 5) }, 'closed_on']]) {
    assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/close`, { body: close(over), session: hp }), 400, field);
  }
  assert.deepEqual(counts(), before);
  assert.equal(srv.sql(`SELECT status FROM enrolment WHERE id = ${id}`), 'active');
  // closing because another intervention is needed, with it named
  const r = await srv.req('POST', `/api/v1/enrolments/${id}/close`, { body: close({ reason: 'needs_other_intervention', other_intervention: 'Familiebehandling', attainment: { [g.id]: 'not_met' } }), session: hp });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.closure.other_intervention, 'Familiebehandling');
});

test('a retried POST with the same Idempotency-Key creates one record', async () => {
  const { course } = await createCourse();
  await startCourse(course.id);
  const before = srv.count('contact');
  const body = { happened_on: today(), minutes: 45, kind: 'home_session', activities: ['play'] };
  const headers = { 'Idempotency-Key': `contact-${course.id}-1` };
  const r1 = await srv.req('POST', `/api/v1/enrolments/${course.id}/contacts`, { body, session: s['a-home_pedagogue'], headers });
  const r2 = await srv.req('POST', `/api/v1/enrolments/${course.id}/contacts`, { body, session: s['a-home_pedagogue'], headers });
  assert.equal(r1.status, 201, r1.text);
  assert.equal(r2.status, 201);
  assert.equal(r2.json.id, r1.json.id);
  assert.equal(srv.count('contact'), before + 1);
  // the same for creating a course
  const fx = fixture();
  const enrolments = srv.count('enrolment');
  const h = { 'Idempotency-Key': `course-${fx.referral}` };
  const c1 = await srv.req('POST', '/api/v1/enrolments', { body: courseBody(fx.referral), session: s['a-coordinator'], headers: h });
  const c2 = await srv.req('POST', '/api/v1/enrolments', { body: courseBody(fx.referral), session: s['a-coordinator'], headers: h });
  assert.equal(c1.status, 201);
  assert.equal(c2.status, 201);
  assert.equal(c2.json.id, c1.json.id);
  assert.equal(srv.count('enrolment'), enrolments + 1);
});

test('network meetings, sharing and handover need the share_daycare consent on the date', async () => {
  const fx = fixture({ consents: ['participation'] });
  const { course } = await createCourse({}, fx);
  const id = course.id;
  await startCourse(id);
  const hp = s['a-home_pedagogue'];
  const before = srv.count('contact');
  const meeting = { happened_on: today(), minutes: 60, kind: 'network_meeting', activities: ['advice'] };
  let r = await srv.req('POST', `/api/v1/enrolments/${id}/contacts`, { body: meeting, session: hp });
  assertProblem(r, 409, 'kind');
  assert.match(r.json.errors[0].message, /samtykke/);
  assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/contacts`, { body: { happened_on: today(), minutes: 60, kind: 'home_session', activities: ['play'], shared_with_daycare: true }, session: hp }), 409, 'shared_with_daycare');
  assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/close`, { body: { closed_on: today(), reason: 'family_withdrew', handover_on: today() }, session: hp }), 409, 'handover_on');
  assert.equal(srv.count('contact'), before);
  assert.equal(srv.count('closure'), Number(srv.sql("SELECT count(*) FROM enrolment WHERE status = 'closed'")));
  // consent given today: the meeting today is fine, and a planned one in two weeks
  const consent = insert('consent', { municipality_id: mA, family_id: fx.family, purpose: 'share_daycare', guardian_id: fx.guardian, given_on: today(), created_at: 1 });
  r = await srv.req('POST', `/api/v1/enrolments/${id}/contacts`, { body: meeting, session: hp });
  assert.equal(r.status, 201, r.text);
  // a meeting before the consent was given is still refused
  assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/contacts`, { body: { ...meeting, happened_on: addDays(today(), -1) }, session: hp }), 409, 'kind');
  r = await srv.req('POST', `/api/v1/enrolments/${id}/contacts`, { body: { ...meeting, happened_on: addDays(today(), 14), minutes: 0, activities: [] }, session: hp });
  assert.equal(r.status, 201, r.text);
  r = await srv.req('GET', `/api/v1/enrolments/${id}`, { session: hp });
  assert.ok(!r.json.alerts.some((a) => a.kind === 'consent_missing'));
  // the parents withdraw the consent from tomorrow: the planned meeting now lacks it
  sqlWrite(`UPDATE consent SET withdrawn_on = '${addDays(today(), 1)}' WHERE id = ${consent}`);
  r = await srv.req('GET', '/api/v1/caseload', { session: hp });
  const mine = r.json.items.find((c) => c.id === id);
  assert.ok(mine.alerts.some((a) => a.kind === 'consent_missing' && /samtykke/.test(a.text)), JSON.stringify(mine.alerts));
});

test('caseload: my planned and active courses with alerts', async () => {
  // a course in week 35 (past the warning week 32), with no contact since the start
  const start = addDays(today(), -34 * 7);
  const { course } = await createCourse({ start_on: start, start_meeting_on: start, planned_end_on: addDays(start, 275) });
  await startCourse(course.id, start);
  // a fresh course: no alerts
  const fresh = await createCourse({ start_on: today(), start_meeting_on: today(), planned_end_on: addDays(today(), 100) });
  // a closed one is not in the caseload
  const closed = await createCourse();
  assert.equal((await srv.req('POST', `/api/v1/enrolments/${closed.course.id}/close`, { body: { closed_on: today(), reason: 'moved' }, session: s['a-home_pedagogue'] })).status, 200);
  // not assigned to a-hp2
  const r = await srv.req('GET', '/api/v1/caseload', { session: s['a-home_pedagogue'] });
  assert.equal(r.status, 200);
  const byId = Object.fromEntries(r.json.items.map((c) => [c.id, c]));
  const old = byId[course.id];
  assert.equal(old.week, 35);
  assert.equal(old.in_warning_period, true);
  // never discussed in faglig sparring in 34 weeks, with alerts: the
  // gentle prompt of issue 23 follows them
  assert.deepEqual(old.alerts.map((a) => a.kind), ['warning_week', 'no_contact', 'not_discussed']);
  assert.match(old.alerts[0].text, /uge 35 af 40/);
  assert.equal(byId[fresh.course.id].status, 'planned');
  assert.deepEqual(byId[fresh.course.id].alerts, []);
  assert.equal(byId[closed.course.id], undefined);
  assert.ok(r.json.items.every((c) => c.status !== 'closed'));
  const other = await srv.req('GET', '/api/v1/caseload', { session: s['a-hp2'] });
  assert.ok(!other.json.items.some((c) => c.id === course.id));
  // goal not rated for 6 weeks
  const g = await addGoal(course.id, { agreed_on: addDays(today(), -50) });
  const r2 = await srv.req('GET', `/api/v1/enrolments/${course.id}`, { session: s['a-home_pedagogue'] });
  assert.ok(r2.json.alerts.some((a) => a.kind === 'goal_unrated'));
  await srv.req('POST', `/api/v1/goals/${g.id}/ratings`, { body: { rated_on: today(), value: 2, by: 'parent' }, session: s['a-home_pedagogue'] });
  const r3 = await srv.req('GET', `/api/v1/enrolments/${course.id}`, { session: s['a-home_pedagogue'] });
  assert.ok(!r3.json.alerts.some((a) => a.kind === 'goal_unrated'));
});

test('access: not assigned or another municipality is 404; the unit leader reads but cannot write; other roles 403', async () => {
  const { course } = await createCourse();
  const id = course.id;
  await startCourse(id);
  const g = await addGoal(id);
  const contact = { happened_on: today(), minutes: 30, kind: 'phone', activities: ['advice'] };
  const writes = [
    ['POST', `/api/v1/enrolments/${id}/contacts`, contact],
    ['POST', `/api/v1/enrolments/${id}/goals`, { theme: 1, focus_area: 'other', text: 'x', baseline: 1, target: 2, agreed_on: today() }],
    ['POST', `/api/v1/goals/${g.id}/ratings`, { rated_on: today(), value: 2, by: 'staff' }],
    ['POST', `/api/v1/enrolments/${id}/close`, { closed_on: today(), reason: 'moved', attainment: { [g.id]: 'not_met' } }],
  ];
  const reads = [`/api/v1/enrolments/${id}`, `/api/v1/enrolments/${id}/contacts`, `/api/v1/goals/${g.id}`];
  const counts = () => ['goal', 'goal_rating', 'contact', 'closure'].map((t) => srv.count(t));
  const before = counts();
  // another pedagogue (not assigned), the leader of another unit, and another municipality: 404 as if missing
  for (const who of ['a-hp2', 'a-leader-solsikken', 'b-hp', 'b-coordinator']) {
    for (const path of reads) {
      const r = await srv.req('GET', path, { session: s[who] });
      assertProblem(r, 404);
      const missing = await srv.req('GET', path.replace(/\/(\d+)(\/|$)/, '/999999$2'), { session: s[who] });
      assert.equal(r.text, missing.text);
    }
    const list = await srv.req('GET', '/api/v1/enrolments', { session: s[who] });
    assert.equal(list.status, 200);
    assert.ok(!list.json.items.some((c) => c.id === id), who);
  }
  for (const who of ['a-hp2', 'b-hp']) {
    for (const [m, path, body] of writes) assertProblem(await srv.req(m, path, { body, session: s[who] }), 404);
  }
  // the leader of the course's unit reads, but writes are refused
  for (const path of reads) assert.equal((await srv.req('GET', path, { session: s['a-leader'] })).status, 200, path);
  assert.ok((await srv.req('GET', '/api/v1/enrolments', { session: s['a-leader'] })).json.items.some((c) => c.id === id));
  for (const [m, path, body] of writes) assertProblem(await srv.req(m, path, { body, session: s['a-leader'] }), 403);
  const etag = (await srv.req('GET', `/api/v1/enrolments/${id}`, { session: s['a-leader'] })).headers.get('etag');
  assertProblem(await srv.req('PATCH', `/api/v1/enrolments/${id}`, { body: { legal_frame: 'serviceloven_11_3' }, session: s['a-leader'], headers: { 'If-Match': etag } }), 403);
  // the coordinator reads and plans, but does not record the pedagogue's work
  assert.equal((await srv.req('GET', `/api/v1/enrolments/${id}`, { session: s['a-coordinator'] })).status, 200);
  assertProblem(await srv.req('POST', `/api/v1/enrolments/${id}/contacts`, { body: contact, session: s['a-coordinator'] }), 403);
  // roles without case content
  for (const who of ['a-admin', 'a-evaluator', 'a-daycare', 'a-health_visitor', 'b-admin']) {
    for (const path of [...reads, '/api/v1/enrolments', '/api/v1/caseload']) assertProblem(await srv.req('GET', path, { session: s[who] }), 403);
    for (const [m, path, body] of writes) assertProblem(await srv.req(m, path, { body, session: s[who] }), 403);
    assertProblem(await srv.req('POST', '/api/v1/enrolments', { body: courseBody(fixture().referral), session: s[who] }), 403);
  }
  // a pedagogue cannot create a course
  assertProblem(await srv.req('POST', '/api/v1/enrolments', { body: courseBody(fixture().referral), session: s['a-home_pedagogue'] }), 403);
  assert.deepEqual(counts(), before);
  // once assigned, the second pedagogue sees and works in it
  const cur = await srv.req('GET', `/api/v1/enrolments/${id}`, { session: s['a-coordinator'] });
  const r = await srv.req('PATCH', `/api/v1/enrolments/${id}`, { body: { staff_ids: [uid['a-home_pedagogue'], uid['a-hp2']] }, session: s['a-coordinator'], headers: { 'If-Match': cur.headers.get('etag') } });
  assert.equal(r.status, 200, r.text);
  assert.equal((await srv.req('POST', `/api/v1/enrolments/${id}/contacts`, { body: contact, session: s['a-hp2'] })).status, 201);
  assert.ok((await srv.req('GET', '/api/v1/enrolments?mine=1', { session: s['a-hp2'] })).json.items.some((c) => c.id === id));
});

// Every role against every course route, generated from one table:
// expected status per role, in the order of `roles`. A cell expecting 2xx on
// a write gets a fresh course, so cells never depend on each other.
test('role x route matrix for the course endpoints', async () => {
  const roles = ['a-admin', 'a-coordinator', 'a-home_pedagogue', 'a-hp2', 'a-health_visitor', 'a-daycare', 'a-leader',
    'a-leader-solsikken', 'a-evaluator', 'b-coordinator', 'b-hp'];
  const ext = (c) => ({ until: addDays(c.start_on, 300), reason: 'Besluttet på teammøde' });
  const routes = [
    // method, path, body(course, goal), expected per role
    ['POST', () => '/api/v1/enrolments', () => courseBody(fixture().referral), [403, 201, 403, 403, 403, 403, 403, 403, 403, 400, 403]],
    ['GET', () => '/api/v1/enrolments', null, [403, 200, 200, 200, 403, 403, 200, 200, 403, 200, 200]],
    ['GET', () => '/api/v1/enrolments?mine=1', null, [403, 200, 200, 200, 403, 403, 200, 200, 403, 200, 200]],
    ['GET', () => '/api/v1/caseload', null, [403, 200, 200, 200, 403, 403, 200, 200, 403, 200, 200]],
    ['GET', (c) => `/api/v1/enrolments/${c.id}`, null, [403, 200, 200, 404, 403, 403, 200, 404, 403, 404, 404]],
    ['PATCH', (c) => `/api/v1/enrolments/${c.id}`, () => ({ legal_frame: 'serviceloven_11_3' }), [403, 200, 200, 404, 403, 403, 403, 403, 403, 404, 404]],
    ['POST', (c) => `/api/v1/enrolments/${c.id}/hours`, (c) => ({ from_date: today(), minutes_per_week: 60 }), [403, 201, 201, 404, 403, 403, 403, 403, 403, 404, 404]],
    ['POST', (c) => `/api/v1/enrolments/${c.id}/extension`, ext, [403, 201, 403, 403, 403, 403, 403, 403, 403, 404, 403]],
    ['POST', (c) => `/api/v1/enrolments/${c.id}/start`, () => ({ start_meeting_on: today() }), [403, 200, 200, 404, 403, 403, 403, 403, 403, 404, 404], 'planned'],
    ['POST', (c) => `/api/v1/enrolments/${c.id}/goals`, () => ({ theme: 2, focus_area: 'play_presence', text: 'Leg hver dag', baseline: 1, target: 3, agreed_on: today() }), [403, 403, 201, 404, 403, 403, 403, 403, 403, 403, 404]],
    ['GET', (c) => `/api/v1/enrolments/${c.id}/contacts`, null, [403, 200, 200, 404, 403, 403, 200, 404, 403, 404, 404]],
    ['POST', (c) => `/api/v1/enrolments/${c.id}/contacts`, () => ({ happened_on: today(), minutes: 30, kind: 'phone', activities: ['advice'] }), [403, 403, 201, 404, 403, 403, 403, 403, 403, 403, 404]],
    ['GET', (c, g) => `/api/v1/goals/${g.id}`, null, [403, 200, 200, 404, 403, 403, 200, 404, 403, 404, 404]],
    ['PATCH', (c, g) => `/api/v1/goals/${g.id}`, () => ({ text: 'Leg hver eftermiddag' }), [403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 404]],
    ['POST', (c, g) => `/api/v1/goals/${g.id}/ratings`, () => ({ rated_on: today(), value: 3, by: 'parent' }), [403, 403, 201, 404, 403, 403, 403, 403, 403, 403, 404]],
    ['POST', (c) => `/api/v1/enrolments/${c.id}/close`, (c, g) => ({ closed_on: today(), reason: 'goals_met', attainment: { [g.id]: 'met' } }), [403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 404]],
  ];
  const fresh = async (state) => {
    const { course } = await createCourse({ start_on: today(), start_meeting_on: today(), planned_end_on: addDays(today(), 100) });
    if (state !== 'planned') await startCourse(course.id, today());
    const g = await addGoal(course.id, { agreed_on: today() });
    return { c: course, g };
  };
  const shared = { planned: await fresh('planned'), active: await fresh('active') };
  const versions = Object.fromEntries(Object.entries(shared).map(([k, { c }]) => [k, srv.sql(`SELECT version FROM enrolment WHERE id = ${c.id}`)]));
  const failures = [];
  for (const [method, path, body, expected, state = 'active'] of routes) {
    for (let i = 0; i < roles.length; i++) {
      const want = expected[i];
      const write = method !== 'GET';
      const { c, g } = write && want < 300 ? await fresh(state) : shared[state];
      const headers = {};
      if (method === 'PATCH') {
        const cur = await srv.req('GET', path(c, g), { session: s['a-home_pedagogue'] });
        headers['If-Match'] = cur.headers.get('etag');
      }
      const r = await srv.req(method, path(c, g), { body: body ? body(c, g) : undefined, session: s[roles[i]], headers });
      if (r.status !== want) failures.push(`${roles[i]} ${method} ${path(c, g)}: ${r.status}, expected ${want} ${r.text.slice(0, 160)}`);
      else if (want >= 400) assertProblem(r, want);
    }
  }
  assert.deepEqual(failures, []);
  // the shared courses were never changed by a refused cell
  for (const [k, { c }] of Object.entries(shared)) assert.equal(srv.sql(`SELECT version FROM enrolment WHERE id = ${c.id}`), versions[k]);
});

test('the contacts recorded through the API are in the course totals the reports read', () => {
  // every contact above (home sessions, phone calls, cancelled and no-show
  // visits, by several staff) went through POST .../contacts
  assert.ok(srv.count('contact') > 5);
  assert.ok(Number(srv.sql("SELECT count(*) FROM contact WHERE kind IN ('cancelled', 'no_show')")) > 0
    || Number(srv.sql('SELECT count(DISTINCT COALESCE(recorded_by, 0)) FROM contact')) > 1);
  assert.deepEqual(summaryMismatches(srv), NO_MISMATCHES);
  assert.deepEqual(maskMismatches(srv).bad, []);
});
