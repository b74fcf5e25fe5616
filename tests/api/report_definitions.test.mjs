// report_definitions.test.mjs - the report definitions of issue 15, with
// every record made through the API (families, offers, answers, visits,
// courses, COS-P groups, contacts), on SQLite and PostgreSQL
// (REDE_TEST_BACKEND):
//   1. a state "at the end of the period" is the one in force on its last
//      day, whatever happened later: an offer accepted in the period and
//      cancelled after it is a yes; a COS-P rating given again after the
//      period is the earlier one; a family leaving COS-P the day after the
//      period completed in it (the COS-P and the cost report alike);
//   2. a course has started when its start meeting is held: planned
//      courses and courses the family left before the start have rows of
//      their own;
//   3. free text is grouped folded (Å/å, white space): one referral
//      channel, and name search finds folded names, also after the
//      migration rebuilt the search keys;
//   4. staff cost is summed exactly and rounded once (a total the old per-
//      visit truncation showed a krone too low);
//   7. the typology report says suppression was not applied.
// Events sit on the first and the last day of the periods and on the day
// after. All dates are relative to today (nothing may lie in the future).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem } from './harness.mjs';

const srv = new Server();
const s = {};
const uid = {};

const DAY = 86400000;
const today = () => new Date(Date.now()).toISOString().slice(0, 10);
const T = (n) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const pad = (n) => String(n).padStart(2, '0');
function addMonths(d, n) {
  const [y, m, day] = d.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12), nm = total - ny * 12 + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${pad(nm)}-${pad(Math.min(day, last))}`;
}

// A synthetic CPR number for a birth date (century digit by the CPR rule).
let cprSeq = 200;
function cprFor(date) {
  const [y, m, d] = date.split('-');
  const d7 = Number(y) >= 2000 ? 5 : 1;
  return `${d}${m}${y.slice(2)}${d7}${String(cprSeq++).padStart(3, '0')}`;
}

async function ok(method, path, who, body, status = [200, 201]) {
  const r = await srv.req(method, path, { body, session: s[who] });
  assert.ok([].concat(status).includes(r.status), `${method} ${path}: ${r.status} ${r.text}`);
  return r.json;
}

// A family with a child born on birth and a guardian, over the API.
let famNo = 0;
async function family(birth, who = 'a-health_visitor', name) {
  famNo++;
  const f = await ok('POST', '/api/v1/families', who, {
    name: name ?? `Familien Rapportsen ${famNo}`,
    persons: [
      { kind: 'child', given_name: 'Barn', family_name: `Rapportsen${famNo}`, cpr: cprFor(birth) },
      { kind: 'guardian', given_name: 'Forælder', family_name: `Rapportsen${famNo}`, cpr: cprFor('1990-05-05'), relation: 'mother' },
    ],
  });
  return { family: f.id, child: f.persons.find((p) => p.kind === 'child').id, guardian: f.persons.find((p) => p.kind === 'guardian').id };
}

// The exact counts and sums of a report for the whole municipality 0101
// (the merge export: no suppression, no unit filter): {table: {row: [n...]}}.
function exact(name, from, to) {
  const j = JSON.parse(srv.cliOk(['report', name, '--municipality', '0101', '--from', from, '--to', to, '--format', 'merge']).stdout);
  return Object.fromEntries(j.tables.map((t) => [t.name, Object.fromEntries(t.rows
    .map((r) => [r.id, r.cells.map((c) => (c && 'n' in c ? c.n : null))]))]));
}

// The shown cells of a report as a leader of the unit sees them (own unit,
// unsuppressed): {table: {row: [cell...]}}.
async function shown(name, from, to) {
  const r = await srv.req('GET', `/api/v1/reports/${name}?from=${from}&to=${to}`, { session: s['a-leader'] });
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json.tables.map((t) => [t.name, Object.fromEntries(t.rows.map((x) => [x.id, x.cells]))]));
}

before(async () => {
  srv.setupTenants();
  srv.addUser('a-hv2', 'health_visitor', '0101', srv.units.Forvaltningen);
  await srv.start();
  for (const u of ['a-admin', 'a-coordinator', 'a-home_pedagogue', 'a-health_visitor', 'a-hv2', 'a-leader', 'a-evaluator']) {
    s[u] = await srv.login(u);
    assert.equal(s[u].status, 201, u);
    uid[u] = s[u].user.id;
  }
});
after(() => srv.stop());

// ---- 1. visit offers: the answer in force on the period's last day ----

// An offer of the 1½-year visit on day `on`, to a child in its window then.
async function hvOffer(on, who = 'a-health_visitor') {
  const fx = await family(addMonths(on, -19), who);
  await ok('POST', '/api/v1/health-visits/criteria', who, { child_id: fx.child, kind: 'topi', topi: 'yellow', recorded_on: addDays(on, -30) });
  const o = await ok('POST', '/api/v1/health-visits/offers', who, {
    child_id: fx.child, programme: 'visit_1_5y', offered_on: on, channel: 'letter', social_measures: false, unit_id: srv.units.Forvaltningen,
  });
  return o.id;
}
const answer = (id, ans, on, who = 'a-health_visitor') => ok('POST', `/api/v1/health-visits/offers/${id}/answer`, who,
  { answer: ans, answered_on: on, ...(ans === 'declined' ? { decline_reason: 'too_busy' } : {}) });
const visit = (id, on, minutes = 60, who = 'a-health_visitor') => ok('POST', `/api/v1/health-visits/offers/${id}/visit`, who, {
  visited_on: on, minutes, topics: ['sleep'], materials: ['DAY_WHEEL_1_5Y'], referral_within: false, referral_outside: false, parent_rating: 1,
});

test('1. visits: an answer cancelled or given after the period does not change what the period reports', async () => {
  const from = T(-300), to = T(-250);
  const cancelledAfter = await hvOffer(from); // first day of the period
  await answer(cancelledAfter, 'accepted', addDays(from, 5));
  await answer(cancelledAfter, 'declined', addDays(to, 1)); // the family cancels the day after
  const cancelledOnLast = await hvOffer(addDays(from, 2));
  await answer(cancelledOnLast, 'accepted', addDays(from, 3));
  await answer(cancelledOnLast, 'declined', to); // cancelled on the last day
  const yesOnLast = await hvOffer(to);
  await answer(yesOnLast, 'accepted', to);
  const noAfter = await hvOffer(addDays(from, 10));
  await answer(noAfter, 'declined', addDays(to, 1));
  const visitedAfter = await hvOffer(addDays(from, 20));
  await answer(visitedAfter, 'accepted', addDays(from, 21));
  await visit(visitedAfter, addDays(to, 3));
  const visitedOnLast = await hvOffer(addDays(from, 30));
  await answer(visitedOnLast, 'accepted', addDays(from, 31));
  await visit(visitedOnLast, to);
  await hvOffer(addDays(from, -1)); // the day before: not in the period
  await hvOffer(addDays(to, 1)); // the day after: not in the period
  // a cancellation cannot be dated before the yes it cancels
  const r = await srv.req('POST', `/api/v1/health-visits/offers/${yesOnLast}/answer`,
    { body: { answer: 'declined', answered_on: addDays(to, -1), decline_reason: 'too_busy' }, session: s['a-health_visitor'] });
  assertProblem(r, 400, 'answered_on');

  let a = exact('visits', from, to)['visits.answers'];
  assert.deepEqual(a.awaiting, [1, 0, 1]); // noAfter
  assert.deepEqual(a.accepted, [3, 0, 3]); // cancelledAfter, yesOnLast, visitedAfter
  assert.deepEqual(a.visited, [1, 0, 1]);
  assert.deepEqual(a.declined, [1, 0, 1]); // cancelledOnLast
  assert.deepEqual(a.total, [6, 0, 6]);
  let d = exact('visits', from, to)['visits.decline_reasons'];
  assert.deepEqual(d.too_busy, [1, 0, 1]);
  const sum = exact('visits', from, to)['visits.summary'];
  assert.deepEqual(sum.visited, [1, 0, 1]);
  // up to today: the later answers count (and the offer of the day after)
  a = exact('visits', from, today())['visits.answers'];
  assert.deepEqual([a.awaiting[0], a.accepted[0], a.visited[0], a.declined[0]], [1, 1, 2, 3]);
  // the day before the cancellation on the last day it was still a yes
  a = exact('visits', from, addDays(to, -1))['visits.answers'];
  assert.deepEqual([a.awaiting[0], a.accepted[0], a.visited[0], a.declined[0]], [1, 4, 0, 0]);
  // the history is in the database, dated as given
  assert.equal(srv.sql(`SELECT count(*) FROM hv_offer_state WHERE offer_id = ${cancelledAfter}`), '2');
});

// ---- 1. COS-P: the rating and the answer as they stood ----

test('1. COS-P: a rating given again after the period, and a yes after it, do not count', async () => {
  const from = T(-190), to = T(-120);
  await ok('POST', `/api/v1/users/${uid['a-health_visitor']}/competences`, 'a-leader', { competence: 'cosp', obtained_on: T(-400) });
  const start = addDays(from, 5); // 8 weekly sessions: the last on start + 49, inside the period
  const group = await ok('POST', '/api/v1/groups', 'a-coordinator', {
    name: 'Hold rapport', start_on: start, time_slot: 'morning', group_type: 'mixed', unit_id: srv.units.Forvaltningen,
    facilitator_ids: [uid['a-health_visitor']],
  });
  const offers = [];
  for (let i = 0; i < 3; i++) {
    const fx = await family(T(-600));
    offers.push((await ok('POST', '/api/v1/cosp/offers', 'a-health_visitor', { family_id: fx.family, child_id: fx.child, offered_on: from })).id);
  }
  const [rerated, ratedAfter, yesAfter] = offers;
  for (const o of [rerated, ratedAfter]) await ok('POST', `/api/v1/cosp/offers/${o}/answer`, 'a-health_visitor', { answer: 'accepted', answered_on: from });
  await ok('POST', `/api/v1/cosp/offers/${yesAfter}/answer`, 'a-health_visitor', { answer: 'accepted', answered_on: addDays(to, 1) });
  const plan = await ok('POST', '/api/v1/groups/plan', 'a-coordinator', { course_ids: [group.id], offer_ids: [rerated, ratedAfter], commit: true, placed_on: addDays(from, 1) });
  assert.equal(plan.placed_count, 2, JSON.stringify(plan));
  for (let n = 1; n <= 8; n++) {
    await ok('POST', `/api/v1/groups/${group.id}/attendance`, 'a-health_visitor',
      { session: n, records: [{ offer_id: rerated, attended: true }, { offer_id: ratedAfter, attended: n <= 6 }] });
  }
  await ok('POST', `/api/v1/cosp/offers/${rerated}/rating`, 'a-health_visitor', { rating: 2, rated_on: to }); // last day
  await ok('POST', `/api/v1/cosp/offers/${rerated}/rating`, 'a-health_visitor', { rating: 1, rated_on: addDays(to, 1) });
  await ok('POST', `/api/v1/cosp/offers/${ratedAfter}/rating`, 'a-health_visitor', { rating: 1, rated_on: addDays(to, 1) });
  // the family leaves the day after the period: it completed in the period,
  // and has left by the end of a period that ends on that day
  await ok('POST', `/api/v1/cosp/offers/${ratedAfter}/dropout`, 'a-health_visitor', { dropout_on: addDays(to, 1), reason: 'Flyttet' });

  const e = exact('cosp', from, to);
  assert.deepEqual([e['cosp.funnel'].offered[0], e['cosp.funnel'].accepted[0], e['cosp.funnel'].completed[0]], [3, 2, 2]);
  // the cost report counts the families completing as the COS-P report does
  assert.equal(exact('costs', from, to)['costs.by_programme'].cosp[0], 2);
  assert.equal(exact('cosp', from, addDays(to, 1))['cosp.funnel'].completed[0], 1);
  assert.equal(exact('costs', from, addDays(to, 1))['costs.by_programme'].cosp[0], 1);
  assert.deepEqual(e['cosp.parent_rating'], { 1: [0], 2: [1], 3: [0], 4: [0], none: [1], total: [2] });
  const later = exact('cosp', from, addDays(to, 1));
  assert.deepEqual(later['cosp.parent_rating'], { 1: [2], 2: [0], 3: [0], 4: [0], none: [1], total: [3] });
  assert.equal(later['cosp.funnel'].accepted[0], 3);
});

// The cost report's COS-P families completing: those whose course's last
// session falls in the period - on its first and its last day too, and by
// the session's day as it stands after a move (the course keeps that day
// for the reports, migration 0035).
test('1. COS-P costs: a course ending on the first or the last day of the period, and one whose last session moved into it', async () => {
  const from = T(-345), to = T(-320);
  await ok('POST', `/api/v1/users/${uid['a-health_visitor']}/competences`, 'a-leader', { competence: 'cosp', obtained_on: T(-700) });
  const course = async (name, last) => ok('POST', '/api/v1/groups', 'a-coordinator', {
    name, start_on: addDays(last, -49), time_slot: 'evening', group_type: 'mixed', unit_id: srv.units.Forvaltningen,
    facilitator_ids: [uid['a-health_visitor']],
  });
  const onFirst = await course('Hold første dag', from);
  const onLast = await course('Hold sidste dag', to);
  const after = await course('Hold dagen efter', addDays(to, 1));
  const moved = await course('Hold flyttet ind', addDays(to, 1));
  for (const g of [onFirst, onLast, after, moved]) {
    const fx = await family(T(-700));
    const o = await ok('POST', '/api/v1/cosp/offers', 'a-health_visitor', { family_id: fx.family, child_id: fx.child, offered_on: T(-420) });
    await ok('POST', `/api/v1/cosp/offers/${o.id}/answer`, 'a-health_visitor', { answer: 'accepted', answered_on: T(-420) });
    const plan = await ok('POST', '/api/v1/groups/plan', 'a-coordinator', { course_ids: [g.id], offer_ids: [o.id], commit: true, placed_on: T(-410) });
    assert.equal(plan.placed_count, 1, JSON.stringify(plan));
    for (let n = 1; n <= 8; n++) {
      await ok('POST', `/api/v1/groups/${g.id}/attendance`, 'a-health_visitor', { session: n, records: [{ offer_id: o.id, attended: true }] });
    }
  }
  const completing = (f, t) => exact('costs', f, t)['costs.by_programme'].cosp[0];
  assert.equal(completing(from, to), 2);
  assert.equal(completing(addDays(from, 1), to), 1);
  assert.equal(completing(from, addDays(to, -1)), 1);
  assert.equal(completing(from, addDays(to, 1)), 4);
  // the last session of one course moves a day earlier, onto the last day
  await ok('PATCH', `/api/v1/groups/${moved.id}/sessions/8`, 'a-health_visitor', { held_on: to });
  assert.equal(completing(from, to), 3);
  assert.equal(completing(addDays(to, 1), addDays(to, 1)), 1);
});

// ---- 2. courses: started at the start meeting ----

// An accepted referral (decided on `accepted`) and its course planned to
// start on startOn; returns the course id.
async function plannedCourse(accepted, startOn) {
  const fx = await family(addDays(accepted, -300), 'a-coordinator');
  await ok('POST', `/api/v1/families/${fx.family}/consents`, 'a-coordinator', { purpose: 'participation', guardian_id: fx.guardian, given_on: addDays(accepted, -5) });
  const ref = await ok('POST', '/api/v1/referrals', 'a-coordinator', {
    family_id: fx.family, child_id: fx.child, source: 'health_visiting', reason: 'Syntetisk', risk_factors: ['C_CIRCADIAN'], referred_on: addDays(accepted, -2),
  });
  await ok('POST', `/api/v1/referrals/${ref.id}/decision`, 'a-coordinator', { outcome: 'accepted', decided_on: accepted });
  const c = await ok('POST', '/api/v1/enrolments', 'a-coordinator', {
    referral_id: ref.id, staff_ids: [uid['a-home_pedagogue']], unit_id: srv.units.Forvaltningen, legal_frame: 'dagtilbudsloven_8_9',
    start_on: startOn, planned_end_on: addDays(startOn, 200), minutes_per_week: 120,
  });
  return c.id;
}
const startMeeting = (id, on) => ok('POST', `/api/v1/enrolments/${id}/start`, 'a-home_pedagogue', { start_meeting_on: on });
const closeCourse = (id, on, reason = 'goals_met') => ok('POST', `/api/v1/enrolments/${id}/close`, 'a-home_pedagogue',
  { closed_on: on, reason, attainment: {} });

test('2. courses: started when the start meeting is held; planned and never started on their own rows', async () => {
  const from = T(-240), to = T(-200);
  const onFirst = await plannedCourse(addDays(from, -10), from);
  await startMeeting(onFirst, from); // started on the first day, active at the end
  const onLast = await plannedCourse(addDays(from, -10), addDays(from, 10));
  await startMeeting(onLast, to); // planned start inside, meeting on the last day
  const after = await plannedCourse(addDays(from, 1), addDays(from, 15));
  await startMeeting(after, addDays(to, 1)); // meeting the day after: planned at the end
  const stillPlanned = await plannedCourse(addDays(from, 2), addDays(from, 20)); // never started yet
  const leftBefore = await plannedCourse(addDays(from, 3), addDays(from, 10));
  await closeCourse(leftBefore, addDays(from, 12), 'family_withdrew'); // left before the start meeting
  const closedOnLast = await plannedCourse(addDays(from, -60), addDays(from, -40));
  await startMeeting(closedOnLast, addDays(from, -40));
  await closeCourse(closedOnLast, to); // started before, closed on the last day
  const acceptedAfter = await plannedCourse(addDays(to, 1), addDays(to, 5)); // not yet accepted at the end
  await startMeeting(acceptedAfter, addDays(to, 5));

  const e = exact('home-pedagogue', from, to);
  assert.deepEqual(e['home_pedagogue.courses'], { started: [2], active: [2], planned: [2], closed: [2] });
  assert.deepEqual(e['home_pedagogue.closed_courses'], { started: [1], never_started: [1], total: [2] });
  assert.deepEqual(e['home_pedagogue.closure_reasons'].family_withdrew, [1]);
  assert.equal(e['home_pedagogue.duration'].weeks[0], 1, 'weeks and hours over the courses that ran');
  // the same leader's view (own unit) says the same
  const v = await shown('home-pedagogue', from, to);
  assert.deepEqual(v['home_pedagogue.courses'], { started: [2], active: [2], planned: [2], closed: [2] });
  // a day later: the meeting the day after counts; stillPlanned still waits
  const next = exact('home-pedagogue', addDays(to, 1), addDays(to, 1))['home_pedagogue.courses'];
  assert.deepEqual(next, { started: [1], active: [3], planned: [2], closed: [0] });
  // the status history is dated as given
  assert.equal(srv.sql(`SELECT status || ':' || effective_on FROM enrolment_state WHERE enrolment_id = ${leftBefore} ORDER BY status`),
    `closed:${addDays(from, 12)}\nplanned:${addDays(from, 3)}`);
  assert.equal(srv.sql(`SELECT effective_on FROM enrolment_state WHERE enrolment_id = ${stillPlanned} AND status = 'planned'`), addDays(from, 2));
});

// ---- 3. free text folded: channels and name search ----

test('3. referral channels are grouped folded: Å/å and white space make one channel', async () => {
  const from = T(-80), to = T(-70);
  const texts = ['Åbent hus i sundhedsplejen', 'Åbent hus i sundhedsplejen', 'åbent hus i sundhedsplejen',
    ' ÅBENT  HUS I SUNDHEDSPLEJEN ', 'A\u030Abent hus\u00a0i sundhedsplejen', 'Folder'];
  for (const [i, channel] of texts.entries()) {
    const fx = await family(T(-400), 'a-coordinator');
    await ok('POST', '/api/v1/referrals', 'a-coordinator', {
      family_id: fx.family, child_id: fx.child, source: 'daycare', channel, reason: 'Syntetisk', risk_factors: [],
      referred_on: i === 0 ? from : i === 1 ? to : addDays(from, i),
    });
  }
  const ch = JSON.parse(srv.cliOk(['report', 'home-pedagogue', '--municipality', '0101', '--from', from, '--to', to, '--format', 'merge']).stdout)
    .tables.find((t) => t.name === 'home_pedagogue.referrals_by_channel');
  assert.deepEqual(ch.rows.map((r) => [r.id, r.label, r.cells[0].n]), [
    ['c:åbent hus i sundhedsplejen', 'åbent hus i sundhedsplejen', 5],
    ['~other', 'Andre kanaler eller ikke oplyst', 1],
    ['total', 'Henvisninger i alt', 6]]);
});

test('3. name search folds the same way (beyond Latin-1, decomposed letters, no-break space)', async () => {
  const fx = await family(T(-400), 'a-coordinator', 'Familien ŁUKASIEWICZ\u00a0ŠŤASTNÁ');
  const find = async (q) => (await srv.req('GET', `/api/v1/families?q=${encodeURIComponent(q)}`, { session: s['a-coordinator'] })).json.items.map((f) => f.id);
  assert.ok((await find('łukas')).includes(fx.family));
  assert.ok((await find('ŠŤAST')).includes(fx.family));
  assert.ok((await find('s\u030Ct\u030Castna\u0301')).includes(fx.family), 'typed with combining accents');
  assert.equal(srv.sql(`SELECT search_key FROM family WHERE id = ${fx.family}`), 'familien łukasiewicz šťastná');
});

test('3. migration 0010 rebuilds search keys made with the old folding', async () => {
  // a family as the old folding stored it: capitals beyond Latin-1 kept
  const fx = await family(T(-400), 'a-coordinator', 'Familien ŻÓŁW');
  const old = 'familien ŻóŁw';
  await srv.halt();
  srv.sql(`UPDATE family SET search_key = '${old}' WHERE id = ${fx.family}`);
  srv.sql(`DELETE FROM search_word WHERE family_id = ${fx.family} AND person_id IS NULL`);
  srv.sql(`INSERT INTO search_word (municipality_id, word, family_id, person_id) SELECT municipality_id, 'familien', id, NULL FROM family WHERE id = ${fx.family}`);
  srv.sql(`INSERT INTO search_word (municipality_id, word, family_id, person_id) SELECT municipality_id, 'ŻóŁw', id, NULL FROM family WHERE id = ${fx.family}`);
  // back to schema 9 (the history tables are rebuilt from the rows too;
  // what came after 0010 is undone and made again as well)
  const later = srv.rewindSchema(9);
  assert.match(srv.cliOk(['migrate']).stdout, new RegExp(`\\(${later} applied now\\)`));
  assert.equal(srv.sql(`SELECT search_key FROM family WHERE id = ${fx.family}`), 'familien żółw');
  assert.equal(srv.sql(`SELECT word FROM search_word WHERE family_id = ${fx.family} AND person_id IS NULL ORDER BY word`), 'familien\nżółw');
  await srv.start();
  for (const u of Object.keys(s)) s[u] = await srv.login(u);
  const r = await srv.req('GET', `/api/v1/families?q=${encodeURIComponent('żół')}`, { session: s['a-coordinator'] });
  assert.ok(r.json.items.some((f) => f.id === fx.family));
  // the rebuilt history: the reports of the earlier tests read the same
  const e = exact('home-pedagogue', T(-240), T(-200));
  assert.deepEqual(e['home_pedagogue.courses'], { started: [2], active: [2], planned: [2], closed: [2] });
  assert.deepEqual(e['home_pedagogue.closed_courses'], { started: [1], never_started: [1], total: [2] });
  // before 0010 a rating given again replaced the earlier one: the
  // rebuilt history knows only the latest (dated the day after the period)
  const c = exact('cosp', T(-190), T(-120));
  assert.deepEqual([c['cosp.parent_rating'][1][0], c['cosp.parent_rating'][2][0], c['cosp.parent_rating'].none[0]], [0, 0, 2]);
});

// ---- 4. money: exact sums, rounded once ----

test('4. staff cost: minutes times hourly cost summed exactly, rounded once to whole kroner', async () => {
  const from = T(-110), to = T(-90);
  // 400.25 kr an hour: 45 and 75 minutes are 300.1875 and 500.3125 kr; the
  // sum 800.50 kr shows as 801 (half away from zero). Truncating each
  // visit to whole øre first gave 800.49 kr, shown as 800.
  for (const u of ['a-hv2', 'a-home_pedagogue']) {
    const g = await srv.req('GET', `/api/v1/users/${uid[u]}`, { session: s['a-admin'] });
    const r = await srv.req('PATCH', `/api/v1/users/${uid[u]}`, { body: { hourly_cost_ore: 40025 }, session: s['a-admin'], headers: { 'If-Match': g.headers.get('etag') } });
    assert.equal(r.status, 200, r.text);
  }
  for (const [on, minutes] of [[from, 45], [to, 75]]) {
    const o = await hvOffer(addDays(on, -3), 'a-hv2');
    await answer(o, 'accepted', addDays(on, -2), 'a-hv2');
    await visit(o, on, minutes, 'a-hv2');
  }
  // two home-pedagogue courses closed in the period, 45 and 75 minutes
  for (const [on, minutes] of [[from, 45], [to, 75]]) {
    const c = await plannedCourse(addDays(on, -30), addDays(on, -20));
    await startMeeting(c, addDays(on, -20));
    await ok('POST', `/api/v1/enrolments/${c}/contacts`, 'a-home_pedagogue',
      { happened_on: addDays(on, -10), minutes, kind: 'home_session', activities: ['advice'], goal_ids: [] });
    await closeCourse(c, on);
  }
  const v = await shown('costs', from, to);
  const c = v['costs.by_programme'];
  assert.deepEqual(c.visit_1_5y.slice(0, 4), [2, 2, 801, 400]);
  assert.deepEqual(c.home_pedagogue.slice(0, 4), [2, 2, 801, 400]);
  assert.equal(c.total[2], 1601);
  const x = exact('costs', from, to)['costs.by_programme'];
  assert.equal(x.visit_1_5y[2], 120 * 40025, 'the exact sum: minutes x hourly øre');
});

// ---- 7. typology: nothing to protect, nothing applied ----

test('7. the typology report says suppression was not applied; a report of counts says it was', async () => {
  const t = await srv.req('GET', '/api/v1/reports/typology', { session: s['a-evaluator'] });
  assert.equal(t.status, 200, t.text);
  assert.deepEqual(t.json.suppression, { applied: false });
  const csv = await srv.req('GET', '/api/v1/reports/typology?format=csv', { session: s['a-evaluator'] });
  assert.equal(csv.status, 200);
  assert.doesNotMatch(csv.text, /Små tal/);
  const v = await srv.req('GET', '/api/v1/reports/visits', { session: s['a-evaluator'] });
  assert.equal(v.json.suppression.applied, true);
});

test('1. typology: the assessment in force at the end of the period, not a later one', async () => {
  const q = (await ok('GET', '/api/v1/typology/questions', 'a-leader')).elements;
  const all = (yes) => q.flatMap((e) => e.questions.map((x) => ({ question_id: x.id, yes })));
  const p = await ok('POST', '/api/v1/practices', 'a-leader', { name: 'Åben legestue (rapport)' });
  await ok('POST', `/api/v1/practices/${p.id}/assessments`, 'a-leader', { assessed_on: T(-50), answers: all(true) });
  await ok('POST', `/api/v1/practices/${p.id}/assessments`, 'a-leader', { assessed_on: T(-10), answers: all(false) });
  const total = async (to) => {
    const r = await srv.req('GET', `/api/v1/reports/typology?from=${T(-60)}&to=${to}`, { session: s['a-evaluator'] });
    const row = r.json.tables[0].rows.find((x) => x.label.startsWith('Åben legestue (rapport)'));
    return row && row.cells[11];
  };
  assert.equal(await total(T(-51)), undefined, 'not assessed yet');
  assert.equal(await total(T(-50)), 11);
  assert.equal(await total(T(-11)), 11);
  assert.equal(await total(T(-10)), 0);
});
