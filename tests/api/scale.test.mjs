// scale.test.mjs - `rede demo --scale N` (issue 9) at a tiny scale: the
// generated municipality is complete and usable through the API, every CPR
// number is stored like the normal path (decrypts under the key file and is
// found by its keyed hash), the same seed gives the same rows, and bad
// --scale values are refused. At scale 1 (0.4 on PostgreSQL) the COS-P funnel, the planner's
// ties, the consent rule for handovers and family groups, the trained-
// facilitator rule and the consultant visits' wheel are checked against the
// proportions stated in src/demo/demo_scale_cosp.c, and the COS-P report
// sees the data. No timings are asserted here.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Server, BIN, BACKEND } from './harness.mjs';
import { today as dkToday } from './fixtures.mjs';

const DEMO_PASSWORD = 'rede-demo-2026';
const a = new Server();
const b = new Server();
const plain = new Server();
let c = new Server();
after(async () => { await a.stop(); await b.stop(); await plain.stop(); await c.stop(); });

test('--scale refuses bad values', () => {
  a.cliOk(['init', '--db', a.db, '--key', a.key]);
  for (const v of ['0', '-1', 'abc', '1x', 'nationwide', '5000']) {
    const r = a.cli(['demo', '--scale', v]);
    assert.equal(r.status, 2, v);
  }
  assert.equal(a.count('family'), 0);
});

test('--scale 0.02 adds a small municipality to the demo, audited and verifiable', async () => {
  // The plain demo's size grows as programmes land: what --scale adds is
  // measured against a plain demo made beside it.
  plain.cliOk(['init', '--db', plain.db, '--key', plain.key]);
  plain.cliOk(['demo']);
  const families0 = plain.count('family');
  const audited0 = Number(plain.sql("SELECT count(*) FROM audit_log WHERE entity = 'family'"));
  const offers0 = plain.count('hv_offer');
  const r = a.cliOk(['demo', '--scale', '0.02', '--seed', '7']);
  assert.match(r.stdout, /scaled demo data \(SYNTHETIC\): 1 municipalities, 51 families/);
  // progress goes to stderr as plain lines when it is not a terminal
  assert.match(r.stderr, /demo: 100% \(51\/51 families/);
  assert.equal(a.count('family'), families0 + 51);
  // every family has its audit entry and the chain verifies
  assert.equal(Number(a.sql("SELECT count(*) FROM audit_log WHERE entity = 'family'")), audited0 + 51);
  assert.equal(a.cli(['audit', 'verify']).status, 0);
  // every stored CPR number is encrypted and hashed, hashes unique
  assert.equal(Number(a.sql('SELECT count(*) FROM person WHERE (cpr_box IS NULL) <> (cpr_hash IS NULL)')), 0);
  assert.equal(Number(a.sql('SELECT count(*) FROM person WHERE cpr_hash IS NOT NULL AND birth_date IS NULL')), 0);
  assert.equal(Number(a.sql('SELECT count(DISTINCT cpr_hash) FROM person')),
    Number(a.sql('SELECT count(cpr_hash) FROM person')));
  // the programme's states are all there
  const statuses = a.sql("SELECT DISTINCT status FROM enrolment ORDER BY status").split('\n');
  assert.ok(statuses.includes('closed') && statuses.includes('active'), statuses.join());
  assert.ok(a.count('contact') > 200);
  assert.ok(a.count('goal_rating') > 50);
  // the 1½- and 3-year visits too: offers with answers, visits for some
  assert.ok(a.count('hv_offer') > offers0, `${a.count('hv_offer')} offers`);
  assert.ok(Number(a.sql("SELECT count(*) FROM hv_visit v JOIN hv_offer o ON o.id = v.offer_id WHERE o.status = 'visited'")) > 0);
  assert.equal(Number(a.sql("SELECT count(*) FROM hv_offer o WHERE o.status = 'visited' AND NOT EXISTS (SELECT 1 FROM hv_visit v WHERE v.offer_id = o.id)")), 0);
  // nothing real: no number outside the unassigned 00 phone prefix
  assert.equal(Number(a.sql("SELECT count(*) FROM person WHERE phone IS NOT NULL AND phone NOT LIKE '00%'")), 0);

  await a.start();
  const hp = await a.login('hjemmepaedagog', DEMO_PASSWORD);
  assert.equal(hp.status, 201);
  const cl = await a.req('GET', '/api/v1/caseload', { session: hp });
  assert.equal(cl.status, 200);
  assert.ok(cl.json.items.length >= 5);
  const fam = await a.req('GET', `/api/v1/families/${cl.json.items[0].family_id}`, { session: hp });
  assert.equal(fam.status, 200);

  // a generated colleague can sign in and sees her own courses only
  const other = await a.login('k0999-hp02', DEMO_PASSWORD);
  if (other.status === 201) {
    const mine = await a.req('GET', '/api/v1/caseload', { session: other });
    assert.equal(mine.status, 200);
    const ids = new Set(cl.json.items.map((i) => i.id));
    for (const i of mine.json.items) if (ids.has(i.id)) assert.ok(i.staff.length > 1);
  }

  // a generated CPR number decrypts under the key file and is found by its hash
  const child = fam.json.persons.find((p) => p.cpr);
  assert.ok(child, 'a person with a CPR number');
  const rev = await a.req('GET', `/api/v1/persons/${child.id}/cpr?purpose=casework`, { session: hp });
  assert.equal(rev.status, 200);
  const found = await a.req('POST', '/api/v1/persons/lookup', { session: hp, body: { cpr: rev.json.cpr, purpose: 'identity' } });
  assert.equal(found.status, 200);
  assert.equal(found.json.person.id, child.id);
  await a.halt();
});

test('the same seed gives the same rows', () => {
  b.cliOk(['init', '--db', b.db, '--key', b.key]);
  // same key file as the first database, so the keyed hashes compare too
  const r = spawnSync(BIN, ['demo', '--scale', '0.02', '--seed', '7'], {
    env: { ...process.env, REDE_DB: b.db, REDE_KEY_FILE: a.key }, encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  for (const q of [
    'SELECT name FROM family ORDER BY id',
    'SELECT given_name, family_name, birth_date, cpr_hash FROM person ORDER BY id',
    'SELECT source, channel, topi, status, referred_on FROM referral ORDER BY id',
    'SELECT status, start_on, closed_on FROM enrolment ORDER BY id',
    'SELECT enrolment_id, happened_on, kind, minutes FROM contact ORDER BY id',
    'SELECT goal_id, rated_on, value FROM goal_rating ORDER BY id',
    // COS-P and daycare cooperation (demo_scale_cosp.c)
    'SELECT user_id, obtained_on FROM staff_competence ORDER BY id',
    'SELECT start_on, time_slot, group_type, childcare, meal FROM cosp_course ORDER BY id',
    'SELECT course_id, user_id FROM cosp_facilitator ORDER BY course_id, user_id',
    'SELECT family_id, offered_on, channel, status, answered_on, decline_reason, slots, types, course_id, placed_on, dropout_on, rating FROM cosp_offer ORDER BY id',
    'SELECT offer_id, unit_id FROM cosp_offer_institution ORDER BY offer_id, unit_id',
    'SELECT session_id, offer_id, attended FROM cosp_attendance ORDER BY session_id, offer_id',
    'SELECT family_id, unit_id, held_on, participants FROM handover ORDER BY id',
    'SELECT handover_id, topic FROM handover_item ORDER BY id',
    'SELECT start_on, weeks FROM family_group ORDER BY id',
    'SELECT group_id, family_id, daycare_unit_id, joined_on, start_meeting_on, left_on FROM family_group_member ORDER BY id',
    'SELECT goal_id, scored_on, score FROM daycare_score ORDER BY goal_id, scored_on',
    'SELECT member_id, held_on FROM status_meeting ORDER BY id',
    'SELECT unit_id, health_visitor_id, year, quarter, planned_on, status, done_on FROM consultant_visit ORDER BY id',
  ]) assert.equal(b.sql(q), a.sql(q), q);
  // the tiny run has some of each, so the comparisons above compare rows
  for (const t of ['cosp_offer', 'handover', 'family_group_member', 'daycare_score', 'consultant_visit'])
    assert.ok(Number(a.sql(`SELECT count(*) FROM ${t}`)) > Number(plain.sql(`SELECT count(*) FROM ${t}`)), t);
  // another seed gives other people
  assert.notEqual(b.sql('SELECT cpr_hash FROM person ORDER BY id'), '');
});

// --- COS-P and daycare cooperation at scale (demo_scale_cosp.c) ---

// A share of k in n drawn with the stated percentage: within 3.5 standard
// errors of a binomial draw (plus one point), so a changed proportion fails
// and an honest seed passes.
const within = (what, k, n, want) => {
  const got = n ? (100 * k) / n : NaN;
  const tol = 350 * Math.sqrt((want / 100) * (1 - want / 100) / n) + 1;
  assert.ok(Math.abs(got - want) <= tol, `${what}: ${k} of ${n} = ${got.toFixed(1)} % (stated ${want} % ± ${tol.toFixed(1)})`);
};

// Scale 1 on SQLite. On PostgreSQL the run is one SERIALIZABLE transaction
// per 5 000 families, and a long one keeps every concurrent serializable
// transaction of the server in memory (and may be refused with SQLSTATE
// 40001 on a busy shared server): there the check runs at 0.4, and minimum
// counts scale with it; the shares' tolerances follow from the counts.
const SCALE = BACKEND === 'postgres' ? 0.4 : 1;
const FAMILIES = Math.round(2550 * SCALE);
const atLeast = (what, got, min) => assert.ok(got >= Math.ceil(min * SCALE), `${what}: ${got} < ${Math.ceil(min * SCALE)}`);

test(`--scale ${SCALE}: the COS-P funnel, the planner's ties, the consent rule and the wheel`, async () => {
  // A "retryable" refusal (40001) is not re-run by the generator: try
  // again on a fresh database.
  let r;
  for (let attempt = 1; ; attempt++) {
    c.cliOk(['init', '--db', c.db, '--key', c.key]);
    r = c.cli(['demo', '--scale', String(SCALE), '--seed', '11']);
    if (r.status === 0 || attempt === 3 || !/retryable/.test(r.stderr)) break;
    console.log(`# demo --scale ${SCALE} refused as retryable (attempt ${attempt}); again on a fresh database`);
    await c.stop();
    c = new Server();
  }
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /COS-P and daycare \(SYNTHETIC\): \d+ trained staff, \d+ courses, \d+ offers/);
  const today = dkToday();
  const n = (q) => Number(c.sql(q));
  // the plain demo's own COS-P families are left out of the proportions
  const scaled = "JOIN family f ON f.id = o.family_id AND f.name NOT LIKE 'Familien Cirkelsen%'";

  // offered: 12 % of the families
  const offered = n(`SELECT count(*) FROM cosp_offer o ${scaled}`);
  within('offered', offered, FAMILIES, 12);
  // accepted: 27 % of the answered (seed 003: 177 of 657)
  const answered = n(`SELECT count(*) FROM cosp_offer o ${scaled} WHERE o.status <> 'offered'`);
  const accepted = n(`SELECT count(*) FROM cosp_offer o ${scaled} WHERE o.status = 'accepted'`);
  within('accepted', accepted, answered, 27);
  assert.ok(offered - answered > 0, 'some recent offers wait for their answer');
  // decline reasons: time of day and work 35 %, childcare 20 %
  const declined = answered - accepted;
  within('declined for the time of day', n(`SELECT count(*) FROM cosp_offer o ${scaled} WHERE o.status = 'declined' AND o.decline_reason LIKE 'Tidspunktet%'`), declined, 35);
  within('declined for childcare', n(`SELECT count(*) FROM cosp_offer o ${scaled} WHERE o.status = 'declined' AND o.decline_reason LIKE 'Kan ikke få passet%'`), declined, 20);
  assert.equal(n("SELECT count(*) FROM cosp_offer WHERE status = 'declined' AND (decline_reason IS NULL OR decline_reason = '')"), 0);

  // started: 85 % of those placed in a course that has begun; dropout: 20 % of the started
  const begun = `FROM cosp_offer o ${scaled} JOIN cosp_session s1 ON s1.course_id = o.course_id AND s1.number = 1 AND s1.held_on <= '${today}'`;
  const placed = n(`SELECT count(*) ${begun}`);
  const started = n(`SELECT count(*) ${begun} WHERE EXISTS (SELECT 1 FROM cosp_attendance a WHERE a.offer_id = o.id AND a.attended = 1)`);
  atLeast('placed in courses that began', placed, 30);
  within('started', started, placed, 85);
  const droppedAfterStart = n(`SELECT count(*) ${begun} WHERE o.dropout_on IS NOT NULL AND EXISTS (SELECT 1 FROM cosp_attendance a WHERE a.offer_id = o.id AND a.attended = 1)`);
  within('dropped out after starting', droppedAfterStart, started, 20);
  // those who never came are recorded as dropped out on the first session's day
  assert.equal(n(`SELECT count(*) ${begun} WHERE o.dropout_on IS NULL AND NOT EXISTS (SELECT 1 FROM cosp_attendance a WHERE a.offer_id = o.id AND a.attended = 1)`), 0);

  // attendance is consistent: nothing after a dropout or in the future, every
  // held session recorded for those still in, ratings only after the course
  assert.equal(n(`SELECT count(*) FROM cosp_attendance a JOIN cosp_session s ON s.id = a.session_id JOIN cosp_offer o ON o.id = a.offer_id WHERE s.held_on > '${today}' OR (o.dropout_on IS NOT NULL AND s.held_on > o.dropout_on) OR s.course_id <> o.course_id`), 0);
  assert.equal(n(`SELECT count(*) FROM cosp_offer o JOIN cosp_session s ON s.course_id = o.course_id WHERE o.dropout_on IS NULL AND s.held_on <= '${today}' AND NOT EXISTS (SELECT 1 FROM cosp_attendance a WHERE a.offer_id = o.id AND a.session_id = s.id)`), 0);
  assert.equal(n(`SELECT count(*) FROM cosp_offer o WHERE o.rating IS NOT NULL AND (o.course_id IS NULL OR (SELECT max(s.held_on) FROM cosp_session s WHERE s.course_id = o.course_id) >= '${today}' OR o.rated_on > '${today}')`), 0);
  // completed (attended >= cosp.completion_min_attended, no dropout) among
  // those who started in a course that ended: 80 % x ~97 %
  const ended = `FROM cosp_offer o ${scaled} WHERE (SELECT max(s.held_on) FROM cosp_session s WHERE s.course_id = o.course_id) < '${today}' AND EXISTS (SELECT 1 FROM cosp_attendance a WHERE a.offer_id = o.id AND a.attended = 1)`;
  const completed = n(`SELECT count(*) ${ended} AND o.dropout_on IS NULL AND (SELECT count(*) FROM cosp_attendance a WHERE a.offer_id = o.id AND a.attended = 1) >= 6`);
  within('completed of the started', completed, n(`SELECT count(*) ${ended}`), 78);
  // the parents' rating: 70 % "i høj grad"
  const rated = n(`SELECT count(*) FROM cosp_offer o ${scaled} WHERE o.rating IS NOT NULL`);
  atLeast('rated', rated, 20);
  within('rated 1 (i høj grad)', n(`SELECT count(*) FROM cosp_offer o ${scaled} WHERE o.rating = 1`), rated, 70);

  // the planner's rule: never two families tied to one institution or
  // acquainted in one course - and ties exist, so this is not vacuous
  atLeast('institution ties', n('SELECT count(*) FROM cosp_offer_institution'), 50);
  atLeast('acquaintances', n('SELECT count(*) FROM cosp_offer_acquaintance'), 5);
  assert.equal(n(`SELECT count(*) FROM cosp_offer a JOIN cosp_offer b ON b.course_id = a.course_id AND b.id > a.id
    JOIN cosp_offer_institution ia ON ia.offer_id = a.id JOIN cosp_offer_institution ib ON ib.offer_id = b.id AND ib.unit_id = ia.unit_id`), 0);
  assert.equal(n(`SELECT count(*) FROM cosp_offer a JOIN cosp_offer_acquaintance q ON q.offer_id = a.id
    JOIN cosp_offer b ON b.family_id = q.family_id AND b.course_id = a.course_id`), 0);
  // capacity, slot and type as the family accepted them
  assert.equal(n('SELECT count(*) FROM cosp_course k WHERE (SELECT count(*) FROM cosp_offer o WHERE o.course_id = k.id) > k.capacity'), 0);
  assert.equal(n(`SELECT count(*) FROM cosp_offer o JOIN cosp_course k ON k.id = o.course_id
    WHERE ',' || o.slots || ',' NOT LIKE '%,' || k.time_slot || ',%' OR ',' || o.types || ',' NOT LIKE '%,' || k.group_type || ',%'`), 0);
  assert.ok(n('SELECT max(cnt) FROM (SELECT count(*) AS cnt FROM cosp_offer WHERE course_id IS NOT NULL GROUP BY course_id) t') >= 3);
  // the trained-facilitator rule: every facilitator trained by the start
  assert.equal(n(`SELECT count(*) FROM cosp_facilitator fa JOIN cosp_course k ON k.id = fa.course_id
    WHERE NOT EXISTS (SELECT 1 FROM staff_competence sc WHERE sc.user_id = fa.user_id AND sc.competence = 'cosp' AND sc.obtained_on <= k.start_on)`), 0);

  // handovers and family groups only with the share_daycare consent in force
  const inForce = (fam, on) => `EXISTS (SELECT 1 FROM consent k WHERE k.family_id = ${fam} AND k.purpose = 'share_daycare'
    AND k.given_on <= ${on} AND (k.withdrawn_on IS NULL OR k.withdrawn_on > ${on}))`;
  atLeast('handovers', n('SELECT count(*) FROM handover'), 40);
  atLeast('families without the consent', n("SELECT count(*) FROM family f WHERE NOT EXISTS (SELECT 1 FROM consent k WHERE k.family_id = f.id AND k.purpose = 'share_daycare')"), 500);
  assert.equal(n(`SELECT count(*) FROM handover h WHERE NOT ${inForce('h.family_id', 'h.held_on')}`), 0);
  assert.equal(n(`SELECT count(*) FROM handover h WHERE h.held_on > '${today}'`), 0);
  assert.equal(n('SELECT count(*) FROM handover h WHERE NOT EXISTS (SELECT 1 FROM handover_item i WHERE i.handover_id = h.id)'), 0);
  atLeast('family-group members', n('SELECT count(*) FROM family_group_member'), 60);
  assert.equal(n(`SELECT count(*) FROM family_group_member m WHERE NOT ${inForce('m.family_id', 'm.joined_on')}`), 0);
  // family groups: at most family_group.max_families, goals from the start
  // meeting, 1-4 scores from it on, status meetings
  assert.equal(n('SELECT count(*) FROM family_group g WHERE (SELECT count(*) FROM family_group_member m WHERE m.group_id = g.id) > 8'), 0);
  atLeast('daily scores', n('SELECT count(*) FROM daycare_score'), 2000);
  assert.equal(n(`SELECT count(*) FROM daycare_score s JOIN family_group_goal g ON g.id = s.goal_id JOIN family_group_member m ON m.id = g.member_id
    WHERE s.score < 1 OR s.score > 4 OR s.scored_on < m.start_meeting_on OR s.scored_on > '${today}'`), 0);
  atLeast('status meetings', n('SELECT count(*) FROM status_meeting'), 20);

  // consultant visits: at most one per quarter per institution, past ones done or missed
  atLeast('consultant visits', n('SELECT count(*) FROM consultant_visit'), 400);
  assert.equal(n(`SELECT count(*) FROM consultant_visit WHERE planned_on < '${today}' AND status = 'planned'`), 0);
  assert.ok(n("SELECT count(*) FROM consultant_visit WHERE status = 'missed'") > 0);
  within('visits done', n("SELECT count(*) FROM consultant_visit v JOIN unit u ON u.id = v.unit_id WHERE v.status = 'done' AND u.name LIKE 'Syntetisk dagtilbud%'"),
    n("SELECT count(*) FROM consultant_visit v JOIN unit u ON u.id = v.unit_id WHERE v.status <> 'planned' AND u.name LIKE 'Syntetisk dagtilbud%'"), 90);

  // the COS-P report on the scale database sees the funnel
  const from = new Date(Date.now() - 4 * 365 * 86400e3).toISOString().slice(0, 10);
  const rep = JSON.parse(c.cliOk(['report', 'cosp', '--municipality', 'all', '--from', from, '--to', today]).stdout);
  const funnel = rep.tables.find((t) => t.name === 'cosp.funnel');
  const cell = (id) => funnel.rows.find((row) => row.id === id).cells[0];
  for (const id of ['offered', 'accepted', 'completed'])
    assert.ok(typeof cell(id) === 'number' && cell(id) > 0, `${id}: ${cell(id)}`);
  assert.ok(cell('offered') >= offered && cell('accepted') <= cell('offered') && cell('completed') <= cell('accepted'));
  const trained = rep.tables.find((t) => t.name === 'cosp.trained_staff');
  // six trained at scale 1; at 0.4 three, which the report shows as "<5"
  const nTrained = trained.rows.find((row) => row.total).cells[0];
  assert.ok(SCALE === 1 ? nTrained >= 4 : nTrained === '<5' || nTrained >= 3, `trained: ${nTrained}`);
});
