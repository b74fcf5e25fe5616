// offline.test.mjs - the server side of recording without a network (issue
// 20 item 5), on the demo data: records made offline carry the client's
// time ("recorded_at", checked against offline.clock_skew_seconds and
// offline.max_days) beside their arrival time; a replayed Idempotency-Key
// gets the first answer - also after the server has restarted - and
// creates nothing; a stale If-Match answers 412 with the object as it is
// now; /me tells the web app how many days it may stay offline. Both
// backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem } from './harness.mjs';

const DEMO_PASSWORD = 'rede-demo-2026';
const srv = new Server();
const s = {};
const iso = (ms) => new Date(ms).toISOString();
// The user's "today" is the Copenhagen day.
const cphDay = (ms) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(new Date(ms));
const today = () => cphDay(Date.now());
const yesterday = () => cphDay(Date.now() - 86400000);
let course; // an active course of the demo home pedagogue
let courseEtag;

async function login(u) {
  const r = await srv.login(u, DEMO_PASSWORD);
  assert.equal(r.status, 201, u);
  return r;
}

before(async () => {
  srv.cliOk(['init', '--db', srv.db, '--key', srv.key]);
  srv.cliOk(['demo']);
  await srv.start();
  for (const u of ['hjemmepaedagog', 'sundhedsplejerske', 'dagtilbud']) s[u] = await login(u);
  const r = await srv.req('GET', '/api/v1/caseload', { session: s.hjemmepaedagog });
  course = r.json.items.find((c) => c.status === 'active');
  assert.ok(course, 'the demo home pedagogue has an active course');
  courseEtag = (await srv.req('GET', `/api/v1/enrolments/${course.id}`, { session: s.hjemmepaedagog })).headers.get('etag');
});
after(() => srv.stop());

const visit = (over = {}) => ({ happened_on: yesterday(), minutes: 45, kind: 'home_session', activities: ['play'], ...over });
const post = (who, path, body, headers = {}) => srv.req('POST', path, { body, session: s[who], headers });

test('/me and /session tell the web app how many days it may stay offline (a setting)', async () => {
  let r = await srv.req('GET', '/api/v1/me', { session: s.hjemmepaedagog });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.offline, { max_days: 7 });
  srv.cliOk(['setting', 'set', 'offline.max_days', '3']);
  r = await srv.req('GET', '/api/v1/session', { session: s.hjemmepaedagog });
  assert.equal(r.json.signed_in, true);
  assert.deepEqual(r.json.offline, { max_days: 3 });
  srv.cliOk(['setting', 'set', 'offline.max_days', '7']);
});

test('a contact made offline keeps the client time and its arrival time', async () => {
  const made = Date.now() - 3 * 3600 * 1000;
  const r = await post('hjemmepaedagog', `/api/v1/enrolments/${course.id}/contacts`, visit({ recorded_at: iso(made) }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.recorded_at, iso(Math.floor(made / 1000) * 1000));
  const arrived = Date.parse(r.json.arrived_at);
  assert.ok(Math.abs(arrived - Date.now()) < 60000, r.json.arrived_at);
  const [rec, created] = srv.sql(`SELECT recorded_at, created_at FROM contact WHERE id = ${r.json.id}`).split('|').map(Number);
  assert.equal(rec, Math.floor(made / 1000));
  assert.ok(created - rec >= 3 * 3600 - 5, 'arrival stored apart from the client time');
  // the list shows both times; a contact made online has no client time
  const online = await post('hjemmepaedagog', `/api/v1/enrolments/${course.id}/contacts`, visit());
  assert.equal(online.status, 201, online.text);
  assert.equal(online.json.recorded_at, null);
  assert.equal(srv.sql(`SELECT count(*) FROM contact WHERE id = ${online.json.id} AND recorded_at IS NULL`), '1');
  const list = await srv.req('GET', `/api/v1/enrolments/${course.id}/contacts`, { session: s.hjemmepaedagog });
  const mine = list.json.items.find((c) => c.id === r.json.id);
  assert.equal(mine.recorded_at, r.json.recorded_at);
  assert.equal(mine.arrived_at, r.json.arrived_at);
  // an offset time is the same instant
  const off = await post('hjemmepaedagog', `/api/v1/enrolments/${course.id}/contacts`,
    visit({ recorded_at: '2026-01-01T10:00:00+01:00'.replace('2026-01-01', yesterday()) }));
  assert.equal(off.status, 201, off.text);
  assert.equal(off.json.recorded_at, `${yesterday()}T09:00:00.000Z`);
});

test('a client time in the future, too old or malformed is refused and nothing is written', async () => {
  const before = srv.count('contact');
  const path = `/api/v1/enrolments/${course.id}/contacts`;
  let r = await post('hjemmepaedagog', path, visit({ recorded_at: iso(Date.now() + 3600 * 1000) }));
  assertProblem(r, 400, 'recorded_at');
  assert.match(r.json.errors[0].message, /fremtiden/);
  // a device clock a minute ahead is within offline.clock_skew_seconds (300)
  r = await post('hjemmepaedagog', path, visit({ recorded_at: iso(Date.now() + 60 * 1000) }));
  assert.equal(r.status, 201, r.text);
  r = await post('hjemmepaedagog', path, visit({ recorded_at: iso(Date.now() - 8 * 86400 * 1000) }));
  assertProblem(r, 400, 'recorded_at');
  assert.match(r.json.errors[0].message, /mere end 7 dage/);
  // the limit is the setting
  srv.cliOk(['setting', 'set', 'offline.max_days', '10']);
  r = await post('hjemmepaedagog', path, visit({ recorded_at: iso(Date.now() - 8 * 86400 * 1000) }));
  assert.equal(r.status, 201, r.text);
  srv.cliOk(['setting', 'set', 'offline.max_days', '7']);
  for (const bad of ['2026-12-01', `${today()}T10:00:00`, 'i går', `${today()}T25:00:00Z`, 17]) {
    r = await post('hjemmepaedagog', path, visit({ recorded_at: bad }));
    assertProblem(r, 400, 'recorded_at');
  }
  // English when the client asks for it
  r = await post('hjemmepaedagog', path, visit({ recorded_at: iso(Date.now() + 3600 * 1000) }), { 'Accept-Language': 'en' });
  assert.match(r.json.errors[0].message, /future/);
  assert.equal(srv.count('contact'), before + 2);
});

test('a replayed Idempotency-Key gets the first answer, also after a server restart', async () => {
  const path = `/api/v1/enrolments/${course.id}/contacts`;
  const body = visit({ minutes: 75, recorded_at: iso(Date.now() - 600000), note: 'Sendt fra udbakken' });
  const key = { 'Idempotency-Key': 'outbox-7f1c2a' };
  const a = await post('hjemmepaedagog', path, body, key);
  assert.equal(a.status, 201, a.text);
  const count = srv.count('contact');
  // the answer was lost on the way: the outbox sends the same record again
  const b = await post('hjemmepaedagog', path, body, key);
  assert.equal(b.status, 201);
  assert.deepEqual(b.json, a.json);
  assert.equal(srv.count('contact'), count);
  // the server restarts (deploy, crash) before the device gets through
  await srv.halt();
  await srv.start();
  s.hjemmepaedagog = await login('hjemmepaedagog');
  const c = await post('hjemmepaedagog', path, body, key);
  assert.equal(c.status, 201, c.text);
  assert.deepEqual(c.json, a.json);
  assert.equal(srv.count('contact'), count);
  // another record under the same key is refused, not answered with the first
  assertProblem(await post('hjemmepaedagog', path, { ...body, minutes: 80 }, key), 422, 'Idempotency-Key');
  assert.equal(srv.count('contact'), count);
});

test('a contact sent with a stale course ETag gets 412 and the course as it is now', async () => {
  const path = `/api/v1/enrolments/${course.id}/contacts`;
  // someone changes the course after the device saw it
  let r = await srv.req('GET', `/api/v1/enrolments/${course.id}`, { session: s.hjemmepaedagog });
  const seen = r.headers.get('etag');
  assert.equal(seen, courseEtag);
  r = await srv.req('POST', `/api/v1/enrolments/${course.id}/hours`, { session: s.hjemmepaedagog,
    body: { from_date: today(), minutes_per_week: 150 }, headers: { 'If-Match': seen } });
  assert.equal(r.status, 201, r.text);
  const now = r.headers.get('etag');
  assert.notEqual(now, seen);
  const before = srv.count('contact');
  r = await post('hjemmepaedagog', path, visit({ recorded_at: iso(Date.now() - 60000) }), { 'If-Match': seen });
  assertProblem(r, 412, 'If-Match');
  assert.equal(r.json.current.id, course.id);
  assert.equal(r.json.current.status, 'active');
  assert.equal(r.json.current.minutes_per_week, 150);
  assert.equal(`"${r.json.current_etag}"`, now);
  assert.equal(r.headers.get('etag'), now);
  assert.equal(srv.count('contact'), before);
  // the user has seen the course as it is now and sends again
  r = await post('hjemmepaedagog', path, visit({ recorded_at: iso(Date.now() - 60000) }), { 'If-Match': now });
  assert.equal(r.status, 201, r.text);
  assert.equal(srv.count('contact'), before + 1);
});

test('a goal rating made offline keeps its client time; a stale goal ETag gets 412 with the goal', async () => {
  const r0 = await srv.req('GET', `/api/v1/enrolments/${course.id}`, { session: s.hjemmepaedagog });
  const goal = r0.json.goals.find((g) => !g.attainment);
  assert.ok(goal, 'the demo course has an open goal');
  const made = Date.now() - 7200000;
  let r = await post('hjemmepaedagog', `/api/v1/goals/${goal.id}/ratings`, { rated_on: today(), value: 2, by: 'staff', recorded_at: iso(made) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.recorded_at, iso(Math.floor(made / 1000) * 1000));
  assert.ok(r.json.arrived_at);
  assert.equal(srv.sql(`SELECT recorded_at FROM goal_rating WHERE id = ${r.json.id}`), String(Math.floor(made / 1000)));
  const before = srv.count('goal_rating');
  r = await post('hjemmepaedagog', `/api/v1/goals/${goal.id}/ratings`, { rated_on: today(), value: 3, by: 'staff' },
    { 'If-Match': `"goal-${goal.id}-v999"` });
  assertProblem(r, 412, 'If-Match');
  assert.equal(r.json.current.id, goal.id);
  assert.equal(r.json.current.text, goal.text);
  assert.match(r.json.current_etag, new RegExp(`^goal-${goal.id}-v\\d+$`));
  assert.equal(srv.count('goal_rating'), before);
});

test('a 1½-/3-year visit made offline keeps its client time; a stale offer ETag gets 412 with the offer', async () => {
  const offers = (await srv.req('GET', '/api/v1/health-visits/offers', { session: s.sundhedsplejerske })).json.items
    .filter((o) => o.status === 'accepted');
  assert.ok(offers.length >= 2, 'the demo has accepted offers');
  const [o1, o2] = offers;
  const body = () => ({ visited_on: today(), minutes: 60, topics: ['sleep'], referral_within: false, referral_outside: false });
  const full = await srv.req('GET', `/api/v1/health-visits/offers/${o1.id}`, { session: s.sundhedsplejerske });
  const visitedOn = full.json.answered_on && full.json.answered_on > today() ? full.json.answered_on : today();
  // stale: the ETag the device had is not the offer's now
  const before = srv.count('hv_visit');
  let r = await post('sundhedsplejerske', `/api/v1/health-visits/offers/${o1.id}/visit`, { ...body(), visited_on: visitedOn },
    { 'If-Match': `"hv_offer-${o1.id}-v999"` });
  assertProblem(r, 412, 'If-Match');
  assert.equal(r.json.current.id, o1.id);
  assert.equal(r.json.current.status, 'accepted');
  assert.equal(`"${r.json.current_etag}"`, full.headers.get('etag'));
  assert.equal(srv.count('hv_visit'), before);
  const made = Date.now() - 1800000;
  r = await post('sundhedsplejerske', `/api/v1/health-visits/offers/${o1.id}/visit`, { ...body(), visited_on: visitedOn, recorded_at: iso(made) },
    { 'If-Match': full.headers.get('etag') });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.recorded_at, iso(Math.floor(made / 1000) * 1000));
  assert.equal(srv.sql(`SELECT recorded_at FROM hv_visit WHERE id = ${r.json.id}`), String(Math.floor(made / 1000)));
  // a client time in the future is refused here too
  assertProblem(await post('sundhedsplejerske', `/api/v1/health-visits/offers/${o2.id}/visit`,
    { ...body(), recorded_at: iso(Date.now() + 86400000) }), 400, 'recorded_at');
});

test('COS-P attendance and daily daycare scores made offline keep their client time', async () => {
  const made = Date.now() - 900000;
  const g = (await srv.req('GET', '/api/v1/groups/1', { session: s.sundhedsplejerske })).json;
  const member = g.members[0];
  let r = await post('sundhedsplejerske', '/api/v1/groups/1/attendance',
    { session: 1, records: [{ offer_id: member.id, attended: true }], recorded_at: iso(made) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.recorded_at, iso(Math.floor(made / 1000) * 1000));
  assert.equal(srv.sql(`SELECT a.recorded_at FROM cosp_attendance a JOIN cosp_session s ON s.id = a.session_id ` +
    `WHERE s.course_id = 1 AND s.number = 1 AND a.offer_id = ${member.id}`), String(Math.floor(made / 1000)));
  // corrected online later: the client time goes, the record is not an offline one any more
  r = await post('sundhedsplejerske', '/api/v1/groups/1/attendance', { session: 1, records: [{ offer_id: member.id, attended: false }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(srv.sql(`SELECT count(*) FROM cosp_attendance a JOIN cosp_session s ON s.id = a.session_id ` +
    `WHERE s.course_id = 1 AND s.number = 1 AND a.offer_id = ${member.id} AND a.recorded_at IS NULL`), '1');
  assertProblem(await post('sundhedsplejerske', '/api/v1/groups/1/attendance',
    { session: 1, records: [{ offer_id: member.id, attended: true }], recorded_at: 'nu' }), 400, 'recorded_at');

  const children = (await srv.req('GET', '/api/v1/daycare/children', { session: s.dagtilbud })).json.items;
  const goal = children[0].goals[0];
  r = await post('dagtilbud', '/api/v1/daycare/scores', { goal_id: goal.id, score: 3, recorded_at: iso(made) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.recorded_at, iso(Math.floor(made / 1000) * 1000));
  assert.equal(srv.sql(`SELECT recorded_at FROM daycare_score WHERE goal_id = ${goal.id} AND scored_on = '${r.json.scored_on}'`),
    String(Math.floor(made / 1000)));
  const before = srv.count('daycare_score');
  assertProblem(await post('dagtilbud', '/api/v1/daycare/scores',
    { goal_id: goal.id, score: 2, recorded_at: iso(Date.now() - 30 * 86400000) }), 400, 'recorded_at');
  assert.equal(srv.count('daycare_score'), before);
  assert.equal(srv.sql(`SELECT score FROM daycare_score WHERE goal_id = ${goal.id} AND scored_on = '${r.json.scored_on}'`), '3');
});

test('GET /session tells a browser whose user has been disabled, so the web app erases its offline data', async () => {
  srv.cliOk(['user', 'add', '--username', 'offline-hp', '--role', 'home_pedagogue', '--municipality', srv.sql('SELECT min(code) FROM municipality')], `${DEMO_PASSWORD}-x\n`);
  const who = await srv.login('offline-hp', `${DEMO_PASSWORD}-x`);
  assert.equal(who.status, 201, JSON.stringify(who.json));
  let r = await srv.req('GET', '/api/v1/session', { session: who });
  assert.equal(r.json.signed_in, true);
  srv.cliOk(['user', 'disable', '--username', 'offline-hp']);
  r = await srv.req('GET', '/api/v1/session', { session: who });
  assert.deepEqual(r.json, { signed_in: false, disabled: true });
  // an unknown or signed-out session is just signed out (the outbox stays)
  r = await srv.req('GET', '/api/v1/session', { headers: { Cookie: 'rede_session=unknown-token' } });
  assert.deepEqual(r.json, { signed_in: false });
  const me = await login('hjemmepaedagog');
  assert.equal((await srv.req('DELETE', '/api/v1/session', { session: me })).status, 204);
  r = await srv.req('GET', '/api/v1/session', { session: me });
  assert.deepEqual(r.json, { signed_in: false });
});

test('the service worker and the manifest are served for an installable app under the strict CSP', async () => {
  let r = await srv.req('GET', '/sw.js');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/javascript/);
  assert.equal(r.headers.get('cache-control'), 'no-cache', 'a new version is seen at the next check');
  assert.match(r.headers.get('content-security-policy'), /script-src 'self'/);
  assert.match(r.text, /const VERSION = 'rede-shell-v\d+'/);
  r = await srv.req('GET', '/manifest.webmanifest');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/manifest\+json/);
  const m = JSON.parse(r.text);
  assert.equal(m.start_url, '/');
  assert.equal(m.scope, '/');
  assert.equal(m.display, 'standalone');
  assert.ok(m.icons.length >= 1);
  r = await srv.req('GET', '/');
  assert.match(r.text, /<link rel="manifest" href="\/manifest.webmanifest">/);
  assert.doesNotMatch(r.text, /<script>(?!<)/, 'no inline script');
});
