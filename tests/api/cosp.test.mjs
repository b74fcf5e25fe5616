// cosp.test.mjs - COS-P group courses over the API (issue 6 items 1-5):
// training records; courses whose facilitators must be COS-P trained;
// offers with answers, preferences and ties; the group planner on hand-made
// cases (each reason explained) and on generated instances checked for
// every rule (no shared institution or acquaintance in a course, capacity
// never exceeded, preferences kept, identical result on re-run); committed
// placements; attendance, completion by rule, dropout and rating; access.
// Each refusal is problem+json naming the field, and nothing is written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem, BACKEND } from './harness.mjs';
import { assertCourseDays } from './summary_checks.mjs';
import { today, addDays } from './fixtures.mjs';

const srv = new Server();
const s = {};
const uid = {};
let mA;
let mB;
const dc = []; // daycare institution unit ids

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

function sqlWrite(query) {
  const out = srv.sql((BACKEND === 'sqlite' ? 'PRAGMA busy_timeout = 10000; ' : '') + query);
  return out.split('\n').pop();
}
function insert(table, row) {
  const cols = Object.keys(row);
  return Number(sqlWrite(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => q(row[c])).join(', ')}) RETURNING id`));
}

// Families are the families issue's work; here they are fixtures written
// directly (synthetic names, no CPR), created by the given user so that
// user may see them.
let famNo = 0;
function family({ municipality = mA, createdBy = uid['a-health_visitor'] } = {}) {
  famNo++;
  const now = Math.floor(Date.now() / 1000);
  const name = `Familien Cirkelsen ${famNo}`;
  const fam = insert('family', { municipality_id: municipality, name, search_key: name.toLowerCase(), created_at: now, created_by: createdBy });
  const child = insert('person', {
    municipality_id: municipality, family_id: fam, kind: 'child', given_name: 'Barn', family_name: `Cirkelsen${famNo}`,
    search_key: `barn cirkelsen${famNo}`, birth_date: addDays(today(), -500), created_at: now,
  });
  return { family: fam, child };
}

async function offer(fx, over = {}, who = 'a-health_visitor') {
  const r = await srv.req('POST', '/api/v1/cosp/offers', {
    body: { family_id: fx.family, child_id: fx.child, offered_on: addDays(today(), -20), channel: 'phone', ...over },
    session: s[who],
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function accept(o, who = 'a-health_visitor') {
  const r = await srv.req('POST', `/api/v1/cosp/offers/${o.id}/answer`, { body: { answer: 'accepted', answered_on: addDays(today(), -19) }, session: s[who] });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

let courseNo = 0;
async function course(over = {}, who = 'a-coordinator') {
  courseNo++;
  const r = await srv.req('POST', '/api/v1/groups', {
    body: { name: `Hold ${courseNo}`, start_on: addDays(today(), 30), time_slot: 'morning', group_type: 'mixed', place: 'Sundhedshuset', facilitator_ids: [uid['a-health_visitor']], ...over },
    session: s[who],
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function plan(body, who = 'a-coordinator') {
  const r = await srv.req('POST', '/api/v1/groups/plan', { body, session: s[who] });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

before(async () => {
  srv.setupTenants();
  for (let i = 1; i <= 8; i++) {
    const out = srv.cliOk(['unit', 'add', '--municipality', '0101', '--kind', 'daycare', '--name', `Vuggestuen ${i}`]).stdout;
    dc.push(Number(/id (\d+)/.exec(out)[1]));
  }
  srv.addUser('a-hv2', 'health_visitor', '0101', srv.units.Forvaltningen);
  srv.addUser('a-hv-untrained', 'health_visitor', '0101', srv.units.Forvaltningen);
  srv.addUser('b-hv', 'health_visitor', '0202');
  await srv.start();
  for (const u of ['a-admin', 'a-coordinator', 'a-home_pedagogue', 'a-health_visitor', 'a-hv2', 'a-hv-untrained', 'a-leader',
    'a-daycare', 'a-evaluator', 'b-admin', 'b-coordinator', 'b-hv']) {
    s[u] = await srv.login(u);
    assert.equal(s[u].status, 201, u);
    uid[u] = s[u].user.id;
  }
  mA = Number(srv.sql("SELECT id FROM municipality WHERE code = '0101'"));
  mB = Number(srv.sql("SELECT id FROM municipality WHERE code = '0202'"));
  // COS-P training: two health visitors and the pedagogue, a year ago
  for (const u of ['a-health_visitor', 'a-hv2', 'a-home_pedagogue']) {
    const r = await srv.req('POST', `/api/v1/users/${uid[u]}/competences`, { body: { competence: 'cosp', obtained_on: addDays(today(), -365) }, session: s['a-leader'] });
    assert.equal(r.status, 201, r.text);
  }
});
after(() => srv.stop());

test('training records: recorded, listed, refused with the field named', async () => {
  let r = await srv.req('GET', `/api/v1/competences?user_id=${uid['a-hv2']}`, { session: s['a-coordinator'] });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items.map((c) => [c.competence, c.obtained_on]), [['cosp', addDays(today(), -365)]]);
  const before = srv.count('staff_competence');
  const url = `/api/v1/users/${uid['a-hv-untrained']}/competences`;
  assertProblem(await srv.req('POST', url, { body: { competence: 'cosp', obtained_on: addDays(today(), 3) }, session: s['a-admin'] }), 400, 'obtained_on');
  assertProblem(await srv.req('POST', url, { body: { competence: 'yoga', obtained_on: today() }, session: s['a-admin'] }), 400, 'competence');
  assertProblem(await srv.req('POST', url, { body: { competence: 'cosp' }, session: s['a-admin'] }), 400, 'obtained_on');
  assertProblem(await srv.req('POST', `/api/v1/users/${uid['a-hv2']}/competences`, { body: { competence: 'cosp', obtained_on: addDays(today(), -365) }, session: s['a-admin'] }), 409, 'obtained_on');
  assertProblem(await srv.req('POST', `/api/v1/users/${uid['b-hv']}/competences`, { body: { competence: 'cosp', obtained_on: today() }, session: s['a-admin'] }), 404);
  assert.equal((await srv.req('POST', url, { body: { competence: 'cosp', obtained_on: today() }, session: s['a-daycare'] })).status, 403);
  assert.equal((await srv.req('GET', '/api/v1/competences', { session: s['a-evaluator'] })).status, 403);
  assert.equal(srv.count('staff_competence'), before);
  // another municipality sees none of ours
  r = await srv.req('GET', '/api/v1/competences', { session: s['b-admin'] });
  assert.deepEqual(r.json.items, []);
});

test('a course: facilitators must be COS-P trained, sessions follow the programme', async () => {
  const before = srv.count('cosp_course');
  const base = { name: 'Tryghedscirklen forår', start_on: addDays(today(), 40), time_slot: 'evening', group_type: 'couples' };
  // untrained facilitator: 409 naming the field
  let r = await srv.req('POST', '/api/v1/groups', { body: { ...base, facilitator_ids: [uid['a-health_visitor'], uid['a-hv-untrained']] }, session: s['a-coordinator'] });
  assertProblem(r, 409, 'facilitator_ids');
  assert.match(r.json.errors[0].message, /COS-P/);
  // trained only after the start
  r = await srv.req('POST', '/api/v1/groups', { body: { ...base, start_on: addDays(today(), -400), facilitator_ids: [uid['a-health_visitor']] }, session: s['a-coordinator'] });
  assertProblem(r, 409, 'facilitator_ids');
  // a pedagogue alone may not run it; three facilitators are too many
  assertProblem(await srv.req('POST', '/api/v1/groups', { body: { ...base, facilitator_ids: [uid['a-home_pedagogue']] }, session: s['a-coordinator'] }), 400, 'facilitator_ids');
  assertProblem(await srv.req('POST', '/api/v1/groups', { body: { ...base, facilitator_ids: [uid['a-health_visitor'], uid['a-hv2'], uid['a-home_pedagogue']] }, session: s['a-coordinator'] }), 400, 'facilitator_ids');
  assertProblem(await srv.req('POST', '/api/v1/groups', { body: { ...base, facilitator_ids: [uid['a-daycare']] }, session: s['a-coordinator'] }), 400, 'facilitator_ids');
  assertProblem(await srv.req('POST', '/api/v1/groups', { body: { ...base, facilitator_ids: [uid['b-hv']] }, session: s['a-coordinator'] }), 400, 'facilitator_ids');
  // bad fields, all named at once
  r = await srv.req('POST', '/api/v1/groups', { body: { ...base, time_slot: 'night', group_type: 'kids', capacity: 11, facilitator_ids: [uid['a-health_visitor']] }, session: s['a-coordinator'] });
  assertProblem(r, 400, 'time_slot');
  assertProblem(r, 400, 'group_type');
  assertProblem(r, 400, 'capacity');
  assertProblem(await srv.req('POST', '/api/v1/groups', { body: { ...base, session_dates: [base.start_on], facilitator_ids: [uid['a-health_visitor']] }, session: s['a-coordinator'] }), 400, 'session_dates');
  assertProblem(await srv.req('POST', '/api/v1/groups', { body: { ...base, unknown: 1, facilitator_ids: [uid['a-health_visitor']] }, session: s['a-coordinator'] }), 400, 'unknown');
  assert.equal((await srv.req('POST', '/api/v1/groups', { body: { ...base, facilitator_ids: [uid['a-health_visitor']] }, session: s['a-daycare'] })).status, 403);
  assert.equal(srv.count('cosp_course'), before);

  // a health visitor and a pedagogue: 8 weekly sessions, default capacity 10
  r = await srv.req('POST', '/api/v1/groups', { body: { ...base, childcare: true, meal: true, facilitator_ids: [uid['a-health_visitor'], uid['a-home_pedagogue']] }, session: s['a-health_visitor'] });
  assert.equal(r.status, 201, r.text);
  const c = r.json;
  assert.equal(c.capacity, 10);
  assert.equal(c.free, 10);
  assert.equal(c.sessions.length, 8);
  assert.equal(c.sessions[0].held_on, base.start_on);
  assert.equal(c.sessions[7].held_on, addDays(base.start_on, 49));
  assert.equal(c.end_on, addDays(base.start_on, 49));
  assert.equal(c.childcare, true);
  assert.deepEqual(c.facilitator_ids.sort(), [uid['a-health_visitor'], uid['a-home_pedagogue']].sort());
  assert.match(r.headers.get('location'), /^\/api\/v1\/groups\/\d+$/);

  // a session moves, but stays between its neighbours
  assertProblem(await srv.req('PATCH', `/api/v1/groups/${c.id}/sessions/3`, { body: { held_on: addDays(base.start_on, 30) }, session: s['a-health_visitor'] }), 400, 'held_on');
  r = await srv.req('PATCH', `/api/v1/groups/${c.id}/sessions/3`, { body: { held_on: addDays(base.start_on, 15) }, session: s['a-health_visitor'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.sessions[2].held_on, addDays(base.start_on, 15));
  assert.equal((await srv.req('PATCH', `/api/v1/groups/${c.id}/sessions/9`, { body: { held_on: base.start_on }, session: s['a-health_visitor'] })).status, 404);
  assert.equal((await srv.req('PATCH', `/api/v1/groups/${c.id}/sessions/3`, { body: { held_on: addDays(base.start_on, 16) }, session: s['a-hv2'] })).status, 403);
  // the last session moved later: the course's last day (kept for the
  // reports, migration 0035) follows
  const lastDay = () => srv.sql(`SELECT last_held_on FROM cosp_course WHERE id = ${c.id}`);
  assert.equal(lastDay(), addDays(base.start_on, 49));
  r = await srv.req('PATCH', `/api/v1/groups/${c.id}/sessions/8`, { body: { held_on: addDays(base.start_on, 53) }, session: s['a-health_visitor'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.end_on, addDays(base.start_on, 53));
  assert.equal(lastDay(), addDays(base.start_on, 53));

  // custom dates; a municipality's own capacity setting
  const dates = Array.from({ length: 8 }, (_, i) => addDays(base.start_on, i * 14));
  sqlWrite(`INSERT INTO setting (municipality_id, key, value) VALUES (${mA}, 'cosp.capacity', '12')`);
  r = await srv.req('POST', '/api/v1/groups', { body: { ...base, capacity: 12, session_dates: dates, facilitator_ids: [uid['a-hv2']] }, session: s['a-coordinator'] });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.sessions.map((x) => x.held_on), dates);
  assert.equal(r.json.capacity, 12);
  sqlWrite(`DELETE FROM setting WHERE municipality_id = ${mA} AND key = 'cosp.capacity'`);

  // read by every COS-P role of the municipality, by no one else
  r = await srv.req('GET', '/api/v1/groups', { session: s['a-leader'] });
  assert.ok(r.json.items.some((x) => x.id === c.id));
  assert.equal((await srv.req('GET', `/api/v1/groups/${c.id}`, { session: s['b-coordinator'] })).status, 404);
  assert.equal((await srv.req('GET', `/api/v1/groups/${c.id}`, { session: s['a-evaluator'] })).status, 403);
});

test('offers: answer once, preferences and ties checked, enrolment follows', async () => {
  const fx = family();
  const other = family();
  const before = srv.count('cosp_offer');
  const hv = s['a-health_visitor'];
  const body = { family_id: fx.family, child_id: fx.child, offered_on: addDays(today(), -3) };
  assertProblem(await srv.req('POST', '/api/v1/cosp/offers', { body: { ...body, family_id: 999999 }, session: hv }), 400, 'family_id');
  assertProblem(await srv.req('POST', '/api/v1/cosp/offers', { body: { ...body, child_id: other.child }, session: hv }), 400, 'child_id');
  assertProblem(await srv.req('POST', '/api/v1/cosp/offers', { body: { ...body, offered_on: addDays(today(), 2) }, session: hv }), 400, 'offered_on');
  assertProblem(await srv.req('POST', '/api/v1/cosp/offers', { body: { ...body, time_slots: ['night'] }, session: hv }), 400, 'time_slots');
  assertProblem(await srv.req('POST', '/api/v1/cosp/offers', { body: { ...body, group_types: [] }, session: hv }), 400, 'group_types');
  assertProblem(await srv.req('POST', '/api/v1/cosp/offers', { body: { ...body, institution_ids: [srv.units.Forvaltningen] }, session: hv }), 400, 'institution_ids');
  assertProblem(await srv.req('POST', '/api/v1/cosp/offers', { body: { ...body, institution_ids: [dc[0], dc[0]] }, session: hv }), 400, 'institution_ids');
  assertProblem(await srv.req('POST', '/api/v1/cosp/offers', { body: { ...body, acquaintance_family_ids: [fx.family] }, session: hv }), 400, 'acquaintance_family_ids');
  // a family the caller may not see reads like one that does not exist
  const hidden = family({ createdBy: uid['a-coordinator'] });
  assertProblem(await srv.req('POST', '/api/v1/cosp/offers', { body: { ...body, acquaintance_family_ids: [hidden.family] }, session: hv }), 400, 'acquaintance_family_ids');
  assertProblem(await srv.req('POST', '/api/v1/cosp/offers', { body: { family_id: hidden.family, child_id: hidden.child, offered_on: today() }, session: hv }), 400, 'family_id');
  assert.equal(srv.count('cosp_offer'), before);

  const o = await offer(fx, { time_slots: ['evening', 'morning'], group_types: ['mixed'], institution_ids: [dc[0]], acquaintance_family_ids: [other.family] });
  assert.equal(o.stage, 'offered');
  assert.deepEqual(o.preferences, { time_slots: ['morning', 'evening'], group_types: ['mixed'] });
  assert.deepEqual(o.institution_ids, [dc[0]]);
  assert.deepEqual(o.acquaintance_family_ids, [other.family]);
  assert.equal(o.completed, null);
  assert.equal(srv.sql(`SELECT programme || ' ' || status FROM enrolment WHERE id = ${o.enrolment_id}`), 'cosp planned');
  // the offering health visitor sees it; another health visitor does not
  assert.equal((await srv.req('GET', `/api/v1/cosp/offers/${o.id}`, { session: s['a-hv2'] })).status, 404);
  assert.equal((await srv.req('GET', `/api/v1/cosp/offers/${o.id}`, { session: s['b-coordinator'] })).status, 404);
  let r = await srv.req('GET', `/api/v1/cosp/offers/${o.id}`, { session: hv });
  assert.equal(r.status, 200);
  const etag = r.headers.get('etag');

  // preferences change with If-Match
  assertProblem(await srv.req('PATCH', `/api/v1/cosp/offers/${o.id}`, { body: { time_slots: ['afternoon'] }, session: hv }), 428);
  r = await srv.req('PATCH', `/api/v1/cosp/offers/${o.id}`, { body: { time_slots: ['afternoon'], institution_ids: [dc[0], dc[1]] }, session: hv, headers: { 'If-Match': etag } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.preferences.time_slots, ['afternoon']);
  assert.deepEqual(r.json.institution_ids, [dc[0], dc[1]]);
  assertProblem(await srv.req('PATCH', `/api/v1/cosp/offers/${o.id}`, { body: { time_slots: ['morning'] }, session: hv, headers: { 'If-Match': etag } }), 412);

  // answer: once; not before the offer
  assertProblem(await srv.req('POST', `/api/v1/cosp/offers/${o.id}/answer`, { body: { answer: 'maybe', answered_on: today() }, session: hv }), 400, 'answer');
  assertProblem(await srv.req('POST', `/api/v1/cosp/offers/${o.id}/answer`, { body: { answer: 'accepted', answered_on: addDays(today(), -30) }, session: hv }), 400, 'answered_on');
  r = await srv.req('POST', `/api/v1/cosp/offers/${o.id}/answer`, { body: { answer: 'accepted', answered_on: today() }, session: hv });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.stage, 'accepted');
  assertProblem(await srv.req('POST', `/api/v1/cosp/offers/${o.id}/answer`, { body: { answer: 'declined', answered_on: today() }, session: hv }), 409, 'answer');
  // rating and dropout need a course
  assertProblem(await srv.req('POST', `/api/v1/cosp/offers/${o.id}/rating`, { body: { rating: 1, rated_on: today() }, session: hv }), 409, 'rating');
  assertProblem(await srv.req('POST', `/api/v1/cosp/offers/${o.id}/dropout`, { body: { dropout_on: today(), reason: 'Flyttet' }, session: hv }), 409, 'dropout_on');

  // declined: a normal outcome that closes the enrolment
  const d = await offer(family());
  r = await srv.req('POST', `/api/v1/cosp/offers/${d.id}/answer`, { body: { answer: 'declined', answered_on: today(), reason: 'For travlt lige nu' }, session: hv });
  assert.equal(r.json.stage, 'declined');
  assert.equal(r.json.decline_reason, 'For travlt lige nu');
  assert.equal(srv.sql(`SELECT status FROM enrolment WHERE id = ${d.enrolment_id}`), 'closed');
  r = await srv.req('GET', '/api/v1/cosp/offers?stage=declined', { session: hv });
  assert.ok(r.json.items.some((x) => x.id === d.id));
  assert.ok(!r.json.items.some((x) => x.id === o.id));
  assertProblem(await srv.req('GET', '/api/v1/cosp/offers?status=maybe', { session: hv }), 400, 'status');
  assert.equal((await srv.req('POST', '/api/v1/cosp/offers', { body, session: s['a-daycare'] })).status, 403);
});

test('planner: each placement and each family left out is explained', async () => {
  // an isolated slot/type so other tests' courses do not interfere
  const c1 = await course({ time_slot: 'afternoon', group_type: 'individual', capacity: 2 });
  const [f1, f2, f3, f4, f5] = [family(), family(), family(), family(), family()];
  const o1 = await accept(await offer(f1, { time_slots: ['afternoon'], group_types: ['individual'], institution_ids: [dc[2]] }));
  const o2 = await accept(await offer(f2, { time_slots: ['afternoon'], group_types: ['individual'], institution_ids: [dc[2]] }));
  const o3 = await accept(await offer(f3, { time_slots: ['afternoon'], group_types: ['individual'], acquaintance_family_ids: [f1.family] }));
  const o4 = await accept(await offer(f4, { time_slots: ['evening'], group_types: ['individual'] }));
  const ids = [o1.id, o2.id, o3.id, o4.id];
  const p = await plan({ course_ids: [c1.id], offer_ids: ids });
  // f1 is tied to f2 (same daycare) and to f3 (acquainted); f2 and f3 are
  // not tied: the most placed is f2 and f3 together
  assert.equal(p.placed_count, 2, JSON.stringify(p));
  assert.equal(p.proven_optimal, true);
  assert.equal(p.committed, false);
  assert.deepEqual(p.placements.map((x) => x.offer_id).sort((a, b) => a - b), [o2.id, o3.id].sort((a, b) => a - b));
  for (const pl of p.placements) {
    assert.equal(pl.course_id, c1.id);
    assert.match(pl.explanation, /^Placeret på holdet "Hold \d+"/);
  }
  const left = Object.fromEntries(p.unplaced.map((u) => [u.offer_id, u]));
  assert.equal(left[o1.id].reason, 'all_full');
  assert.match(left[o1.id].explanation, /fulde/);
  assert.equal(left[o4.id].reason, 'no_matching_course');
  assert.match(left[o4.id].explanation, /Intet åbent hold/);
  // nothing was stored without commit
  assert.equal(Number(srv.sql(`SELECT count(*) FROM cosp_offer WHERE course_id = ${c1.id}`)), 0);
  // identical on re-run
  assert.deepEqual(await plan({ course_ids: [c1.id], offer_ids: ids }), p);

  // with room for three, f1 still cannot join: the reason names the tie
  const c2 = await course({ time_slot: 'afternoon', group_type: 'individual', capacity: 3 });
  const p2 = await plan({ course_ids: [c2.id], offer_ids: [o1.id, o2.id] });
  const u1 = p2.unplaced[0];
  assert.equal(u1.reason, 'conflict');
  assert.ok([f1.family, f2.family].includes(u1.conflict_family_id));
  assert.equal(u1.conflict_institution_id, dc[2]);
  assert.match(u1.explanation, /samme dagtilbud/);
  const p3 = await plan({ course_ids: [c2.id], offer_ids: [o1.id, o3.id] });
  assert.equal(p3.unplaced[0].reason, 'conflict');
  assert.equal(p3.unplaced[0].conflict_institution_id, null);
  assert.match(p3.unplaced[0].explanation, /kender hinanden/);

  // commit: stored with the explanation, enrolments active with the facilitator as staff
  const pc = await plan({ course_ids: [c1.id], offer_ids: ids, commit: true });
  assert.equal(pc.committed, true);
  assert.deepEqual(pc.placements, p.placements);
  for (const pl of pc.placements) {
    const r = await srv.req('GET', `/api/v1/cosp/offers/${pl.offer_id}`, { session: s['a-coordinator'] });
    assert.equal(r.json.course_id, c1.id);
    assert.equal(r.json.stage, 'placed');
    assert.equal(r.json.placement_note, pl.explanation);
    assert.equal(srv.sql(`SELECT status FROM enrolment WHERE id = ${r.json.enrolment_id}`), 'active');
    assert.equal(srv.sql(`SELECT count(*) FROM enrolment_staff WHERE enrolment_id = ${r.json.enrolment_id} AND user_id = ${uid['a-health_visitor']}`), '1');
  }
  // the placed families count in later plans: f1 is tied to both of them
  const c3 = await course({ time_slot: 'afternoon', group_type: 'individual', capacity: 5 });
  const o5 = await accept(await offer(f5, { time_slots: ['afternoon'], group_types: ['individual'], institution_ids: [dc[2]] }));
  const again = await plan({ course_ids: [c1.id, c3.id], offer_ids: [o1.id, o5.id] });
  assert.equal(again.placed_count, 1);
  // o1 and o5 share a daycare: one goes to c3, the other has nowhere to go
  assert.equal(again.placements[0].course_id, c3.id);
  assert.equal(again.unplaced[0].reason, 'conflict');
  // a re-plan over c1 alone: the full course is full; over c2 the tie to a placed family is named
  const only = await plan({ course_ids: [c1.id], offer_ids: [o5.id] });
  assert.equal(only.unplaced[0].reason, 'conflict');
  assert.ok([f2.family].includes(only.unplaced[0].conflict_family_id), JSON.stringify(only));
  assert.match(only.unplaced[0].explanation, /allerede har plads/);

  // bad bodies and roles
  assertProblem(await srv.req('POST', '/api/v1/groups/plan', { body: { course_ids: [999999] }, session: s['a-coordinator'] }), 400, 'course_ids');
  assertProblem(await srv.req('POST', '/api/v1/groups/plan', { body: { offer_ids: [o2.id] }, session: s['a-coordinator'] }), 400, 'offer_ids');
  assertProblem(await srv.req('POST', '/api/v1/groups/plan', { body: { commit: 'yes' }, session: s['a-coordinator'] }), 400, 'commit');
  assert.equal((await srv.req('POST', '/api/v1/groups/plan', { body: {}, session: s['a-health_visitor'] })).status, 403);
});

test('planner: an explanation never names another municipality\'s family, whatever the rows say', async () => {
  const c = await course({ time_slot: 'evening', group_type: 'individual', capacity: 3 });
  const [f1, f2] = [family(), family()];
  const o1 = await accept(await offer(f1, { time_slots: ['evening'], group_types: ['individual'] }));
  const o2 = await accept(await offer(f2, { time_slots: ['evening'], group_types: ['individual'], acquaintance_family_ids: [f1.family] }));
  assert.equal((await plan({ course_ids: [c.id], offer_ids: [o1.id], commit: true })).placed_count, 1);
  // Rows the API would refuse (an import or a hand edit could write them):
  // the placed family, and o2's acquaintance, is another municipality's.
  const foreign = family({ municipality: mB, createdBy: uid['b-hv'] });
  const foreignName = srv.sql(`SELECT name FROM family WHERE id = ${foreign.family}`);
  sqlWrite(`UPDATE cosp_offer SET family_id = ${foreign.family} WHERE id = ${o1.id}`);
  sqlWrite(`UPDATE cosp_offer_acquaintance SET family_id = ${foreign.family} WHERE offer_id = ${o2.id}`);
  const p = await plan({ course_ids: [c.id], offer_ids: [o2.id] });
  assert.equal(p.unplaced[0].reason, 'conflict', JSON.stringify(p));
  assert.match(p.unplaced[0].explanation, /kender hinanden/);
  assert.ok(!p.unplaced[0].explanation.includes(foreignName), p.unplaced[0].explanation);
  assert.match(p.unplaced[0].explanation, new RegExp(`familie ${foreign.family}`));
});

test('planner: generated instances never break a rule and re-run identically', async () => {
  let seed = 20261123;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const slots = ['morning', 'afternoon', 'evening'];
  const types = ['mothers', 'couples', 'mixed'];
  const courses = [];
  for (let i = 0; i < 8; i++) {
    courses.push(await course({ time_slot: slots[i % 3], group_type: types[rnd(3)], capacity: 2 + rnd(5), start_on: addDays(today(), 60 + i) }));
  }
  const offers = [];
  for (let i = 0; i < 60; i++) {
    const fx = family();
    const knows = offers.length && rnd(4) === 0 ? [offers[rnd(offers.length)].family_id] : [];
    const inst = [...new Set(Array.from({ length: 1 + rnd(2) }, () => dc[rnd(dc.length)]))];
    const ts = [...new Set([slots[rnd(3)], slots[rnd(3)]])];
    const gt = [...new Set(['mixed', types[rnd(3)]])];
    offers.push(await accept(await offer(fx, { time_slots: ts, group_types: gt, institution_ids: inst, acquaintance_family_ids: knows })));
  }
  const byOffer = Object.fromEntries(offers.map((o) => [o.id, o]));
  const byCourse = Object.fromEntries(courses.map((c) => [c.id, c]));

  function check(p, courseIds) {
    const members = {};
    for (const pl of p.placements) {
      assert.ok(courseIds.includes(pl.course_id));
      (members[pl.course_id] ||= []).push(byOffer[pl.offer_id]);
      const c = byCourse[pl.course_id];
      const o = byOffer[pl.offer_id];
      assert.ok(o.preferences.time_slots.includes(c.time_slot), 'time slot kept');
      assert.ok(o.preferences.group_types.includes(c.group_type), 'group type kept');
    }
    for (const [cid, ms] of Object.entries(members)) {
      assert.ok(ms.length <= byCourse[cid].capacity, 'capacity never exceeded');
      for (const a of ms) {
        for (const b of ms) {
          if (a === b) continue;
          assert.ok(!a.institution_ids.some((x) => b.institution_ids.includes(x)), `offers ${a.id} and ${b.id} share an institution in course ${cid}`);
          assert.ok(!a.acquaintance_family_ids.includes(b.family_id), `offers ${a.id} and ${b.id} know each other in course ${cid}`);
        }
      }
    }
    if (!p.merged) assert.equal(p.placed_count + p.unplaced_count, p.placements.length + p.unplaced.length);
    for (const u of p.unplaced) assert.ok(['no_matching_course', 'all_full', 'conflict'].includes(u.reason));
  }

  for (let round = 0; round < 6; round++) {
    const cs = courses.filter(() => rnd(3) > 0).map((c) => c.id);
    const os = offers.filter(() => rnd(4) > 0).map((o) => o.id);
    if (!cs.length || !os.length) continue;
    const p = await plan({ course_ids: cs, offer_ids: os });
    check(p, cs);
    assert.equal(p.placements.length + p.unplaced.length, os.length);
    assert.deepEqual(await plan({ course_ids: cs, offer_ids: os }), p, 'identical on re-run');
  }
  // commit one plan, then a second plan over the rest must respect the placed families
  const ids = courses.map((c) => c.id);
  const first = await plan({ course_ids: ids, offer_ids: offers.slice(0, 30).map((o) => o.id), commit: true });
  check(first, ids);
  const second = await plan({ course_ids: ids, offer_ids: offers.slice(30).map((o) => o.id) });
  const merged = { ...second, merged: true, placements: [...first.placements, ...second.placements] };
  check(merged, ids);
  // the course reports its places taken
  for (const c of courses) {
    const r = await srv.req('GET', `/api/v1/groups/${c.id}`, { session: s['a-coordinator'] });
    const n = first.placements.filter((x) => x.course_id === c.id).length;
    assert.equal(r.json.taken, n);
    assert.equal(r.json.members.length, n);
  }
});

test('attendance, completion by rule, dropout and rating', async () => {
  // a course that ran in the past, with the pedagogue as co-facilitator
  const start = addDays(today(), -70);
  const c = await course({ start_on: start, time_slot: 'evening', group_type: 'mothers', facilitator_ids: [uid['a-hv2'], uid['a-home_pedagogue']] });
  const fx = [family(), family(), family()];
  const os = [];
  for (const f of fx) os.push(await accept(await offer(f, { time_slots: ['evening'], group_types: ['mothers'] })));
  const p = await plan({ course_ids: [c.id], offer_ids: os.map((o) => o.id), commit: true, placed_on: addDays(start, -7) });
  assert.equal(p.placed_count, 3);
  const [a, b, d] = os;
  const hv = s['a-hv2'];
  // the facilitator now sees the families (staff of their enrolments)
  let r = await srv.req('GET', `/api/v1/groups/${c.id}`, { session: hv });
  assert.equal(r.json.members.length, 3);
  // a: 6 of 8 (completed), b: 5 of 8 (not completed), d: drops out after session 2
  for (let n = 1; n <= 8; n++) {
    const records = [
      { offer_id: a.id, attended: n <= 6 },
      { offer_id: b.id, attended: n <= 5 },
    ];
    if (n <= 2) records.push({ offer_id: d.id, attended: true });
    r = await srv.req('POST', `/api/v1/groups/${c.id}/attendance`, { body: { session: n, records }, session: n % 2 ? hv : s['a-home_pedagogue'] });
    assert.equal(r.status, 200, r.text);
  }
  // a correction is a change of the record, not a second one
  r = await srv.req('POST', `/api/v1/groups/${c.id}/attendance`, { body: { session: 8, records: [{ offer_id: b.id, attended: false }] }, session: hv });
  assert.equal(r.status, 200);
  r = await srv.req('POST', `/api/v1/cosp/offers/${d.id}/dropout`, { body: { dropout_on: addDays(start, 10), reason: 'Familien flyttede' }, session: hv });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.stage, 'dropped_out');
  assert.equal(r.json.completed, false);
  assert.equal(srv.sql(`SELECT status FROM enrolment WHERE id = ${d.enrolment_id}`), 'closed');
  assertProblem(await srv.req('POST', `/api/v1/cosp/offers/${d.id}/dropout`, { body: { dropout_on: addDays(start, 11), reason: 'igen' }, session: hv }), 409, 'dropout_on');
  assertProblem(await srv.req('POST', `/api/v1/groups/${c.id}/attendance`, { body: { session: 3, records: [{ offer_id: d.id, attended: true }] }, session: hv }), 409, 'records');

  r = await srv.req('GET', `/api/v1/cosp/offers/${a.id}`, { session: hv });
  assert.deepEqual([r.json.attendance.attended, r.json.attendance.recorded, r.json.attendance.required], [6, 8, 6]);
  assert.equal(r.json.stage, 'completed');
  assert.equal(r.json.completed, true);
  r = await srv.req('GET', `/api/v1/cosp/offers/${b.id}`, { session: hv });
  assert.equal(r.json.attendance.attended, 5);
  assert.equal(r.json.stage, 'not_completed');
  assert.equal(r.json.completed, false);
  // the programme's rule is data: 5 of 8 completes when the municipality says so
  sqlWrite(`INSERT INTO setting (municipality_id, key, value) VALUES (${mA}, 'cosp.completion_min_attended', '5')`);
  r = await srv.req('GET', `/api/v1/cosp/offers/${b.id}`, { session: hv });
  assert.equal(r.json.stage, 'completed');
  sqlWrite(`DELETE FROM setting WHERE municipality_id = ${mA} AND key = 'cosp.completion_min_attended'`);

  // refusals: future session, unknown session, a family not on the course, bad record shape, not a facilitator
  const future = await course({ time_slot: 'evening', group_type: 'mothers', start_on: addDays(today(), 5) });
  const before = srv.count('cosp_attendance');
  assertProblem(await srv.req('POST', `/api/v1/groups/${future.id}/attendance`, { body: { session: 1, records: [{ offer_id: a.id, attended: true }] }, session: s['a-coordinator'] }), 400, 'session');
  assertProblem(await srv.req('POST', `/api/v1/groups/${c.id}/attendance`, { body: { session: 9, records: [{ offer_id: a.id, attended: true }] }, session: hv }), 400, 'session');
  const stranger = await accept(await offer(family()));
  assertProblem(await srv.req('POST', `/api/v1/groups/${c.id}/attendance`, { body: { session: 1, records: [{ offer_id: stranger.id, attended: true }] }, session: hv }), 400, 'records');
  assertProblem(await srv.req('POST', `/api/v1/groups/${c.id}/attendance`, { body: { session: 1, records: [{ offer_id: a.id, attended: 'ja' }] }, session: hv }), 400, 'records');
  assertProblem(await srv.req('POST', `/api/v1/groups/${c.id}/attendance`, { body: { session: 1, records: [] }, session: hv }), 400, 'records');
  assert.equal((await srv.req('POST', `/api/v1/groups/${c.id}/attendance`, { body: { session: 1, records: [{ offer_id: a.id, attended: true }] }, session: s['a-health_visitor'] })).status, 403);
  assert.equal(srv.count('cosp_attendance'), before);

  // the parents' rating afterwards, on the programme's 4-point scale
  assertProblem(await srv.req('POST', `/api/v1/cosp/offers/${a.id}/rating`, { body: { rating: 5, rated_on: today() }, session: hv }), 400, 'rating');
  assertProblem(await srv.req('POST', `/api/v1/cosp/offers/${a.id}/rating`, { body: { rating: 0, rated_on: today() }, session: hv }), 400, 'rating');
  r = await srv.req('POST', `/api/v1/cosp/offers/${a.id}/rating`, { body: { rating: 1, rated_on: today() }, session: hv });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rating, 1);
  assert.equal(r.json.rated_on, today());
});

// The lists read each offer's ties, attendance, family name and course end
// for STORE_BATCH (64) offers per query (store/cosp.c); a fact put on the
// wrong offer at a batch's edge, or a list that differs from the single
// offer, fails here.
test('offers lists: every item equals its own GET, across batches of 64', async () => {
  const hv = s['a-health_visitor'];
  const now = Math.floor(Date.now() / 1000);
  const n = 140;
  const names = Array.from({ length: n }, (_, i) => `Familien Ærø-Søndergård ${i}`);
  const fams = srv.sql(`INSERT INTO family (municipality_id, name, search_key, created_at, created_by) VALUES ${
    names.map((nm) => `(${mA}, ${q(nm)}, ${q(nm.toLowerCase())}, ${now}, ${uid['a-health_visitor']})`).join(', ')} RETURNING id`)
    .split('\n').filter((l) => /^\d+$/.test(l)).map(Number);
  assert.equal(fams.length, n);
  const kids = srv.sql(`INSERT INTO person (municipality_id, family_id, kind, given_name, family_name, search_key, birth_date, created_at) VALUES ${
    fams.map((f, i) => `(${mA}, ${f}, 'child', 'Åse', 'Søndergård${i}', 'åse søndergård${i}', ${q(addDays(today(), -400))}, ${now})`).join(', ')} RETURNING id`)
    .split('\n').filter((l) => /^\d+$/.test(l)).map(Number);
  assert.equal(kids.length, n);
  const made = [];
  for (let i = 0; i < n; i++) {
    const ties = i % 3 === 0 ? { institution_ids: [dc[i % 8], dc[(i + 3) % 8]].sort((x, y) => x - y) } : {};
    if (i % 5 === 1) ties.acquaintance_family_ids = [fams[i - 1]];
    made.push(await offer({ family: fams[i], child: kids[i] }, { time_slots: ['evening'], group_types: ['mothers'], ...ties }));
  }
  // two courses that ran, the first's members with attendance recorded out
  // of session order, and a placed offer without any record
  const start = addDays(today(), -80);
  const courses = [await course({ start_on: start, time_slot: 'evening', group_type: 'mothers', facilitator_ids: [uid['a-health_visitor']] }),
    await course({ start_on: addDays(start, 7), time_slot: 'evening', group_type: 'mothers', facilitator_ids: [uid['a-health_visitor']] })];
  const placed = [63, 64, 65, 127, 128].map((i) => made[i]);
  for (const o of placed) await accept(o);
  let p = await plan({ course_ids: [courses[0].id], offer_ids: placed.slice(0, 3).map((o) => o.id), commit: true, placed_on: addDays(start, -7) });
  assert.equal(p.placed_count, 3);
  p = await plan({ course_ids: [courses[1].id], offer_ids: placed.slice(3).map((o) => o.id), commit: true, placed_on: addDays(start, -7) });
  assert.equal(p.placed_count, 2);
  for (const nr of [3, 1, 2, 7]) {
    const records = [{ offer_id: placed[0].id, attended: nr !== 2 }, { offer_id: placed[1].id, attended: true }, { offer_id: placed[3].id, attended: nr === 1 }];
    const r = await srv.req('POST', `/api/v1/groups/${courses[0].id}/attendance`, { body: { session: nr, records: records.slice(0, 2) }, session: hv });
    assert.equal(r.status, 200, r.text);
    const r2 = await srv.req('POST', `/api/v1/groups/${courses[1].id}/attendance`, { body: { session: nr, records: records.slice(2) }, session: hv });
    assert.equal(r2.status, 200, r2.text);
  }

  for (const who of ['a-coordinator', 'a-health_visitor', 'a-leader']) {
    const list = await srv.req('GET', '/api/v1/cosp/offers', { session: s[who] });
    assert.equal(list.status, 200, list.text);
    if (who !== 'a-leader') { // a unit leader sees only the unit's families
      assert.equal(list.json.items.filter((x) => made.some((o) => o.id === x.id)).length, n, who);
      assert.ok(list.json.items.length > 2 * 64, `${who}: ${list.json.items.length} offers`);
    }
    for (const item of list.json.items) {
      const one = await srv.req('GET', `/api/v1/cosp/offers/${item.id}`, { session: s[who] });
      assert.equal(one.status, 200, one.text);
      assert.deepEqual(item, one.json, `${who}: offer ${item.id}`);
    }
  }
  const list = (await srv.req('GET', '/api/v1/cosp/offers', { session: s['a-coordinator'] })).json.items;
  const byId = new Map(list.map((x) => [x.id, x]));
  made.forEach((o, i) => assert.equal(byId.get(o.id).family_name, names[i]));
  assert.deepEqual(byId.get(made[3].id).institution_ids, [dc[3], dc[6]].sort((x, y) => x - y));
  assert.deepEqual(byId.get(made[66].id).acquaintance_family_ids, [fams[65]]);
  assert.deepEqual(byId.get(made[64].id).acquaintance_family_ids, []);
  const first = byId.get(placed[0].id).attendance;
  assert.deepEqual(first.sessions, [1, 2, 3, 7].map((nr) => ({ session: nr, attended: nr !== 2 })));
  assert.deepEqual([first.attended, first.recorded], [3, 4]);
  assert.deepEqual(byId.get(placed[3].id).attendance.sessions.map((x) => x.attended), [true, false, false, false]);
  assert.deepEqual(byId.get(placed[2].id).attendance, { attended: 0, recorded: 0, required: 6, sessions: [] });
  assert.equal(byId.get(placed[2].id).stage, 'not_completed');
  // the course's members are the same offers
  for (const c of courses) {
    const g = await srv.req('GET', `/api/v1/groups/${c.id}`, { session: hv });
    assert.equal(g.status, 200, g.text);
    for (const m of g.json.members) assert.deepEqual(m, byId.get(m.id));
  }
});

test('every change is audited; a failed one writes nothing but its audit entry', async () => {
  const n = Number(srv.sql("SELECT count(*) FROM audit_log WHERE entity = 'cosp_offer' AND action = 'create' AND outcome = 'ok'"));
  assert.ok(n > 10);
  const plans = srv.sql("SELECT detail FROM audit_log WHERE entity = 'cosp_plan' AND outcome = 'ok' ORDER BY id DESC LIMIT 1");
  assert.match(plans, /^placed \d+ of \d+ in \d+ courses/);
  const bad = Number(srv.sql("SELECT count(*) FROM audit_log WHERE entity = 'cosp_course' AND outcome = 'invalid'"));
  assert.ok(bad > 0);
  assert.equal(srv.cli(['audit', 'verify']).status, 0);
});

test('roles: each COS-P route refuses the roles it is not for', async () => {
  const o = await offer(family());
  const c = await course({ start_on: addDays(today(), 90) });
  const routes = [
    ['GET', '/api/v1/competences', null, ['admin', 'coordinator', 'leader', 'health_visitor', 'home_pedagogue']],
    ['POST', `/api/v1/users/${uid['a-hv2']}/competences`, { competence: 'other', obtained_on: today() }, ['admin', 'coordinator', 'leader']],
    ['POST', '/api/v1/groups/plan', { course_ids: [c.id], offer_ids: [] }, ['coordinator']],
    ['GET', '/api/v1/groups', null, ['coordinator', 'health_visitor', 'home_pedagogue', 'leader']],
    ['GET', `/api/v1/groups/${c.id}`, null, ['coordinator', 'health_visitor', 'home_pedagogue', 'leader']],
    ['GET', '/api/v1/cosp/offers', null, ['coordinator', 'health_visitor', 'home_pedagogue', 'leader']],
    ['POST', '/api/v1/cosp/offers', {}, ['coordinator', 'health_visitor']],
    ['POST', `/api/v1/cosp/offers/${o.id}/answer`, {}, ['coordinator', 'health_visitor']],
    ['POST', `/api/v1/cosp/offers/${o.id}/rating`, {}, ['coordinator', 'health_visitor', 'home_pedagogue']],
  ];
  for (const [method, path, body, allowed] of routes) {
    for (const role of ['admin', 'coordinator', 'home_pedagogue', 'health_visitor', 'daycare', 'leader', 'evaluator']) {
      const r = await srv.req(method, path, { body: body ?? undefined, session: s[`a-${role}`] });
      if (allowed.includes(role)) assert.notEqual(r.status, 403, `${role} ${method} ${path}: ${r.text}`);
      else assert.equal(r.status, 403, `${role} ${method} ${path}: ${r.status}`);
    }
  }
  // a COS-P enrolment is not a home-pedagogue course
  assert.equal((await srv.req('GET', `/api/v1/enrolments/${o.enrolment_id}`, { session: s['a-coordinator'] })).status, 404);
  assert.equal((await srv.req('POST', `/api/v1/enrolments/${o.enrolment_id}/contacts`, { body: {}, session: s['a-home_pedagogue'] })).status, 404);
});

// migration 0030: the status days copied onto each course by every write
// above equal the course's history (summary_checks.mjs)
test('every course written above carries the days of its status history', () => assertCourseDays(srv));
