// sparring.test.mjs - faglig sparring and competence development over the
// API (issue 23 items 1-3): recording a session (own sessions only; the
// themes list; a discussed course by reference, its note shown only to
// readers the access rule lets see the family, and a note that names the
// family refused when a participant may not see it); who sees a session
// (participants, leader, recorder, leaders of a participant's unit); the
// training records extended (every role, hours, certificate, refresher
// due by setting); and the leader's overview with known answers (minutes
// against the target, flagged staff, training coverage). Bad input changes
// nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem, BACKEND } from './harness.mjs';

const srv = new Server();
const s = {};
const uid = {};
let mA;
let E1; // a course of a-home_pedagogue's (unit Forvaltningen)
let E2; // a course of a-hp2's (unit Solsikken)

const DAY = 86400000;
// the user's today is the Danish day
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
function sqlWrite(query) {
  const out = srv.sql((BACKEND === 'sqlite' ? 'PRAGMA busy_timeout = 10000; ' : '') + query);
  return out.split('\n').pop();
}
function insert(table, row) {
  const cols = Object.keys(row);
  return Number(sqlWrite(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => q(row[c])).join(', ')}) RETURNING id`));
}
// A family with a home-pedagogue course (other issues' work: written
// directly, synthetic, no CPR).
function course(surname, unit, staff) {
  const now = Math.floor(Date.now() / 1000);
  const fam = insert('family', { municipality_id: mA, name: `Familien ${surname}`, search_key: surname.toLowerCase(), created_at: now });
  const child = insert('person', {
    municipality_id: mA, family_id: fam, kind: 'child', given_name: 'Alma', family_name: surname,
    search_key: `alma ${surname.toLowerCase()}`, birth_date: addDays(today(), -300), created_at: now,
  });
  const enr = insert('enrolment', { municipality_id: mA, family_id: fam, child_id: child, programme: 'home_pedagogue', unit_id: unit, status: 'active', start_on: addDays(today(), -120), created_at: now });
  sqlWrite(`INSERT INTO enrolment_staff (enrolment_id, user_id) VALUES (${enr}, ${staff})`);
  // the caseload's open assignments, as the store keeps them (migration 0028)
  sqlWrite(`INSERT INTO caseload_open (user_id, enrolment_id) VALUES (${staff}, ${enr})`);
  return enr;
}

before(async () => {
  srv.setupTenants();
  srv.addUser('a-hp2', 'home_pedagogue', '0101', srv.units.Solsikken);
  srv.addUser('a-hp3', 'home_pedagogue', '0101', srv.units.Forvaltningen);
  srv.addUser('a-leader2', 'leader', '0101', srv.units.Solsikken);
  srv.addUser('b-hp', 'home_pedagogue', '0202', srv.units['Andenby Forvaltning']);
  await srv.start();
  for (const u of ['a-admin', 'a-coordinator', 'a-home_pedagogue', 'a-health_visitor', 'a-leader', 'a-daycare', 'a-evaluator',
    'a-hp2', 'a-hp3', 'a-leader2', 'b-admin', 'b-coordinator', 'b-hp']) {
    s[u] = await srv.login(u);
    assert.equal(s[u].status, 201, u);
    uid[u] = s[u].user.id;
  }
  mA = Number(srv.sql("SELECT id FROM municipality WHERE code = '0101'"));
  E1 = course('Sparringsen', srv.units.Forvaltningen, uid['a-home_pedagogue']);
  E2 = course('Solvang', srv.units.Solsikken, uid['a-hp2']);
});
after(() => srv.stop());

const post = (who, path, body) => srv.req('POST', path, { session: s[who], body });
const get = (who, path) => srv.req('GET', path, { session: s[who] });

let themeA;
test('themes: defaults for all, a municipality adds and retires its own', async () => {
  let r = await get('a-home_pedagogue', '/api/v1/sparring/themes');
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, 7);
  assert.ok(r.json.items.every((t) => t.default && !t.retired));
  r = await post('a-leader', '/api/v1/sparring/themes', { name: 'Søvn og rutiner' });
  assert.equal(r.status, 201, r.text);
  themeA = r.json.id;
  assertProblem(await post('a-leader', '/api/v1/sparring/themes', { name: 'Søvn og rutiner' }), 409, 'name');
  assertProblem(await post('a-admin', '/api/v1/sparring/themes', { name: 'Relationen til forældrene' }), 409, 'name');
  assertProblem(await post('a-leader', '/api/v1/sparring/themes', { name: '' }), 400, 'name');
  assert.equal((await post('a-home_pedagogue', '/api/v1/sparring/themes', { name: 'X' })).status, 403);
  // another municipality does not see it
  r = await get('b-admin', '/api/v1/sparring/themes');
  assert.ok(!r.json.items.some((t) => t.id === themeA));
  assert.equal((await srv.req('PATCH', `/api/v1/sparring/themes/${themeA}`, { session: s['b-admin'], body: { retired: true } })).status, 404);
  // a default cannot be retired; an own theme can, and comes back
  const def = (await get('a-leader', '/api/v1/sparring/themes')).json.items.find((t) => t.default).id;
  assertProblem(await srv.req('PATCH', `/api/v1/sparring/themes/${def}`, { session: s['a-leader'], body: { retired: true } }), 409);
  r = await srv.req('PATCH', `/api/v1/sparring/themes/${themeA}`, { session: s['a-leader'], body: { retired: true } });
  assert.equal(r.status, 200);
  assert.equal(r.json.retired, true);
  r = await get('a-leader', '/api/v1/sparring/themes');
  assert.ok(!r.json.items.some((t) => t.id === themeA));
  r = await get('a-leader', '/api/v1/sparring/themes?all=1');
  assert.ok(r.json.items.find((t) => t.id === themeA).retired);
  r = await srv.req('PATCH', `/api/v1/sparring/themes/${themeA}`, { session: s['a-leader'], body: { retired: false } });
  assert.equal(r.json.retired, false);
});

let session1;
test('recording a session: own sessions, a discussed course by reference', async () => {
  const themes = (await get('a-home_pedagogue', '/api/v1/sparring/themes')).json.items;
  const body = {
    held_on: today(), minutes: 90, form: 'group', participant_ids: [uid['a-home_pedagogue'], uid['a-hp3']],
    led_by: uid['a-leader'], theme_ids: [themes[0].id, themeA], note: 'Gennemgang af mål',
    cases: [{ enrolment_id: E1, note: 'Målet om søvn står stille; prøv en ny aftale' }],
  };
  const r = await post('a-home_pedagogue', '/api/v1/sparring/sessions', body);
  assert.equal(r.status, 201, r.text);
  session1 = r.json.id;
  assert.equal(r.headers.get('location'), `/api/v1/sparring/sessions/${session1}`);
  assert.equal(r.json.minutes, 90);
  assert.equal(r.json.led_by.id, uid['a-leader']);
  assert.deepEqual(r.json.participants.map((p) => p.id).sort(), [uid['a-home_pedagogue'], uid['a-hp3']].sort());
  assert.deepEqual(r.json.themes.map((t) => t.id).sort(), [themes[0].id, themeA].sort());
  assert.equal(r.json.cases.length, 1);
  assert.equal(r.json.cases[0].family_name, 'Familien Sparringsen');
  assert.equal(r.json.cases_hidden, 0);
});

test('recording a session: bad input is refused and changes nothing', async () => {
  const before = ['sparring_session', 'sparring_participant', 'sparring_case', 'sparring_session_theme'].map((t) => srv.count(t));
  const ok = { held_on: today(), minutes: 60, form: 'individual', participant_ids: [uid['a-hp2']] };
  const bad = async (who, patch, field, status = 400) =>
    assertProblem(await post(who, '/api/v1/sparring/sessions', { ...ok, ...patch }), status, field);
  await bad('a-hp2', { held_on: addDays(today(), 1) }, 'held_on');
  await bad('a-hp2', { held_on: '2026-02-30' }, 'held_on');
  await bad('a-hp2', { minutes: 0 }, 'minutes');
  await bad('a-hp2', { minutes: 601 }, 'minutes');
  await bad('a-hp2', { form: 'yoga' }, 'form');
  await bad('a-hp2', { participant_ids: [] }, 'participant_ids');
  await bad('a-hp2', { participant_ids: [uid['a-hp3']] }, 'participant_ids'); // not one's own
  await bad('a-hp2', { participant_ids: [uid['a-hp2'], uid['b-hp']] }, 'participant_ids'); // another municipality
  await bad('a-hp2', { participant_ids: [uid['a-hp2'], uid['a-hp2']] }, 'participant_ids');
  await bad('a-hp2', { led_by: uid['a-hp2'] }, 'led_by');
  await bad('a-hp2', { led_by: uid['a-leader'], led_by_name: 'PPR-psykolog' }, 'led_by_name');
  await bad('a-hp2', { theme_ids: [999999] }, 'theme_ids');
  await bad('a-hp2', { cases: [{ enrolment_id: E1 }] }, 'cases'); // not a course a-hp2 may see
  await bad('a-hp2', { cases: [{ enrolment_id: E2, note: 'x', extra: 1 }] }, 'cases');
  await bad('a-hp2', { cases: [{ enrolment_id: E2, note: 'æ'.repeat(501) }] }, 'cases');
  await bad('a-hp2', { note: 'æ'.repeat(1001) }, 'note');
  await bad('a-hp2', { surprise: 1 }, 'surprise');
  // a note naming the family when a participant may not see it
  await bad('a-hp2', { participant_ids: [uid['a-hp2'], uid['a-hp3']], cases: [{ enrolment_id: E2, note: 'Far Solvang er presset' }] }, 'cases');
  assert.equal((await post('a-daycare', '/api/v1/sparring/sessions', ok)).status, 403);
  assert.equal((await post('a-evaluator', '/api/v1/sparring/sessions', ok)).status, 403);
  const after = ['sparring_session', 'sparring_participant', 'sparring_case', 'sparring_session_theme'].map((t) => srv.count(t));
  assert.deepEqual(after, before);
  // the same note is fine when every participant may see the family
  const r = await post('a-hp2', '/api/v1/sparring/sessions', { ...ok, form: 'ppr', led_by_name: 'PPR-psykolog Hansen', cases: [{ enrolment_id: E2, note: 'Far Solvang er presset' }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.led_by, null);
  assert.equal(r.json.led_by_name, 'PPR-psykolog Hansen');
});

test('who sees a session, and whose course notes', async () => {
  // a participant who may not see the family: the session, not the course
  let r = await get('a-hp3', `/api/v1/sparring/sessions/${session1}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.cases, []);
  assert.equal(r.json.cases_hidden, 1);
  assert.ok(!r.text.includes('Sparringsen') && !r.text.includes('søvn'));
  // the recorder (staff of the course) and the unit's leader see the note
  for (const who of ['a-home_pedagogue', 'a-leader']) {
    r = await get(who, `/api/v1/sparring/sessions/${session1}`);
    assert.equal(r.status, 200, who);
    assert.equal(r.json.cases[0].note, 'Målet om søvn står stille; prøv en ny aftale', who);
  }
  // not a participant, nor a leader of a participant's unit: not found
  for (const who of ['a-hp2', 'a-leader2', 'a-coordinator', 'a-health_visitor', 'b-coordinator']) {
    assert.equal((await get(who, `/api/v1/sparring/sessions/${session1}`)).status, 404, who);
  }
  for (const who of ['a-admin', 'a-daycare', 'a-evaluator']) {
    assert.equal((await get(who, `/api/v1/sparring/sessions/${session1}`)).status, 403, who);
    assert.equal((await get(who, '/api/v1/sparring/sessions')).status, 403, who);
  }
  // lists follow the same rule
  const ids = async (who, qs = '') => (await get(who, `/api/v1/sparring/sessions${qs}`)).json.items.map((x) => x.id);
  assert.ok((await ids('a-hp3')).includes(session1));
  assert.ok((await ids('a-leader')).includes(session1));
  assert.ok(!(await ids('a-hp2')).includes(session1));
  assert.ok(!(await ids('a-leader2')).includes(session1));
  assert.equal((await ids('a-leader2')).length, 1); // a-hp2's, in Solsikken
  assert.deepEqual(await ids('a-leader', `?from=${addDays(today(), 1)}`), []);
  assert.deepEqual(await ids('a-leader', `?user_id=${uid['a-hp2']}`), []);
  assertProblem(await get('a-leader', '/api/v1/sparring/sessions?from=igår'), 400, 'from');
});

test('training records: every role, certificate, refresher by setting', async () => {
  const url = (u) => `/api/v1/users/${uid[u]}/competences`;
  const before = srv.count('staff_competence');
  const bad = async (who, u, body, field, status = 400) => assertProblem(await post(who, url(u), body), status, field);
  await bad('a-home_pedagogue', 'a-home_pedagogue', { competence: 'icdp', obtained_on: today(), certificate: 'maybe' }, 'certificate');
  await bad('a-home_pedagogue', 'a-home_pedagogue', { competence: 'icdp', obtained_on: today(), ended_on: addDays(today(), -1) }, 'ended_on');
  await bad('a-home_pedagogue', 'a-home_pedagogue', { competence: 'icdp', obtained_on: today(), hours: 0 }, 'hours');
  await bad('a-home_pedagogue', 'a-home_pedagogue', { competence: 'icdp', obtained_on: today(), certificate: 'no', certificate_ref: 'X1' }, 'certificate_ref');
  assert.equal((await post('a-home_pedagogue', url('a-hp3'), { competence: 'icdp', obtained_on: today() })).status, 403);
  assert.equal(srv.count('staff_competence'), before);
  // front-line staff record their own training
  const done = addDays(today(), -30);
  let r = await post('a-home_pedagogue', url('a-home_pedagogue'), {
    competence: 'icdp', name: 'ICDP-uddannelse trin 1', provider: 'ICDP Danmark', obtained_on: addDays(done, -2), ended_on: done,
    hours: 21, certificate: 'yes', certificate_ref: 'ICDP-2026-17' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.hours, 21);
  assert.equal(r.json.certificate, 'yes');
  // a refresher 24 months (training.refresher_months.icdp) after the last day
  const [y, m, d] = done.split('-').map(Number);
  assert.equal(r.json.refresher_due_on, `${y + 2}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`.replace(/-02-29$/, '-02-28'));
  // a leader records a COS-P training four years ago: its refresher (36 months) is due
  r = await post('a-leader', url('a-home_pedagogue'), { competence: 'cosp', name: 'COS-P facilitator', obtained_on: addDays(today(), -4 * 365) });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.json.refresher_due_on < today());
  // no refresher for marte_meo (setting 0); a municipality may set one
  r = await post('a-leader', url('a-hp3'), { competence: 'marte_meo', obtained_on: addDays(today(), -400) });
  assert.equal(r.json.refresher_due_on, null);
  srv.cliOk(['setting', 'set', '--municipality', '0101', 'training.refresher_months.marte_meo', '12']);
  r = await get('a-leader', `/api/v1/competences?user_id=${uid['a-hp3']}`);
  assert.equal(r.json.items[0].refresher_due_on, addDays(today(), -400).replace(/^(\d+)/, (x) => String(Number(x) + 1)));
  srv.cliOk(['setting', 'set', '--municipality', '0101', 'training.refresher_months.marte_meo', '0']);
});

test("the leader's overview: minutes against the target, flagged staff, training", async () => {
  // a-hp3: a 45-minute session today (on top of session1's 90) and one
  // 50 days ago; a-health_visitor: none, and on record for 10 weeks
  const t = today();
  let r = await post('a-hp3', '/api/v1/sparring/sessions', { held_on: t, minutes: 45, form: 'leader', participant_ids: [uid['a-hp3']] });
  assert.equal(r.status, 201, r.text);
  r = await post('a-hp3', '/api/v1/sparring/sessions', { held_on: addDays(t, -50), minutes: 30, form: 'individual', participant_ids: [uid['a-hp3']] });
  assert.equal(r.status, 201, r.text);
  sqlWrite(`UPDATE app_user SET created_at = ${Math.floor(Date.now() / 1000) - 70 * 86400} WHERE id = ${uid['a-health_visitor']}`);

  r = await get('a-leader', `/api/v1/sparring/overview?unit_id=${srv.units.Forvaltningen}`);
  assert.equal(r.status, 200, r.text);
  const days = Number(t.slice(8, 10)); // the month so far
  const target = Math.floor((120 * days + 14) / 28); // 60 min per 14 days, rounded
  assert.equal(r.json.month, t.slice(0, 7));
  assert.equal(r.json.rule.period_target_minutes, target);
  const by = Object.fromEntries(r.json.staff.map((x) => [x.user_id, x]));
  assert.deepEqual(Object.keys(by).map(Number).sort(), [uid['a-home_pedagogue'], uid['a-health_visitor'], uid['a-hp3']].sort());
  const hp = by[uid['a-home_pedagogue']];
  assert.equal(hp.minutes, 90);
  assert.equal(hp.sessions, 1);
  assert.equal(hp.target_met, 90 >= target);
  assert.equal(hp.flagged, false);
  assert.equal(hp.last_sparring_on, t);
  assert.equal(hp.refreshers_due, 1); // the COS-P training of four years ago
  const hp3 = by[uid['a-hp3']];
  const inMonth = addDays(t, -50).slice(0, 7) === t.slice(0, 7) ? 30 : 0;
  assert.equal(hp3.minutes, 135 + inMonth);
  const hv = by[uid['a-health_visitor']];
  assert.equal(hv.minutes, 0);
  assert.equal(hv.flagged, true);
  assert.equal(hv.last_sparring_on, null);
  assert.equal(r.json.totals.staff, 3);
  assert.equal(r.json.totals.flagged, 1);
  assert.equal(r.json.totals.refresher_due, 1);
  const cov = Object.fromEntries(r.json.training_coverage.map((c) => [c.competence, c.staff]));
  assert.deepEqual(cov, { cosp: 1, marte_meo: 1, icdp: 1, nbo: 0, other: 0 });

  // a whole past month: its full target; the session 50 days ago counts there
  const past = addDays(t, -50).slice(0, 7);
  r = await get('a-leader', `/api/v1/sparring/overview?unit_id=${srv.units.Forvaltningen}&month=${past}`);
  assert.equal(r.status, 200);
  const [py, pm] = past.split('-').map(Number);
  const len = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  assert.equal(r.json.rule.period_target_minutes, Math.floor((120 * len + 14) / 28));
  assert.equal(r.json.staff.find((x) => x.user_id === uid['a-hp3']).minutes, 30);
  // a leader of another unit, other roles, bad input
  assert.equal((await get('a-leader2', `/api/v1/sparring/overview?unit_id=${srv.units.Forvaltningen}`)).status, 404);
  assert.equal((await get('a-home_pedagogue', `/api/v1/sparring/overview?unit_id=${srv.units.Forvaltningen}`)).status, 403);
  // without unit_id: the first of the leader's units, and the list of them
  r = await get('a-leader', '/api/v1/sparring/overview');
  assert.equal(r.status, 200);
  assert.equal(r.json.unit_id, srv.units.Forvaltningen);
  assert.deepEqual(r.json.units, [{ id: srv.units.Forvaltningen, name: 'Forvaltningen' }]);
  srv.addUser('a-leader-nounit', 'leader', '0101');
  const lone = await srv.login('a-leader-nounit');
  assertProblem(await srv.req('GET', '/api/v1/sparring/overview', { session: lone }), 400, 'unit_id');
  assertProblem(await get('a-leader', `/api/v1/sparring/overview?unit_id=${srv.units.Forvaltningen}&month=2026-13`), 400, 'month');
  assertProblem(await get('a-leader', `/api/v1/sparring/overview?unit_id=${srv.units.Forvaltningen}&month=2999-01`), 400, 'month');
});

test('caseload: a course with alerts not discussed in sparring gets a gentle prompt', async () => {
  // started 120 days ago, no contact: the no-contact alert; never discussed
  const E3 = course('Promptsen', srv.units.Forvaltningen, uid['a-home_pedagogue']);
  const alerts = async (who, path) => {
    const r = await get(who, path);
    assert.equal(r.status, 200, r.text);
    const items = r.json.items ?? [r.json];
    return items.find((c) => c.id === E3).alerts.map((a) => a.kind);
  };
  let kinds = await alerts('a-home_pedagogue', '/api/v1/caseload');
  assert.ok(kinds.includes('no_contact'));
  assert.ok(kinds.includes('not_discussed'));
  const text = (await get('a-home_pedagogue', '/api/v1/caseload')).json.items.find((c) => c.id === E3)
    .alerts.find((a) => a.kind === 'not_discussed').text;
  assert.equal(text, 'Ikke drøftet i faglig sparring siden start i 17 uger – måske et forløb at tage med til faglig sparring');
  // the leader of the course's unit sees it in the course list
  kinds = await alerts('a-leader', '/api/v1/enrolments?programme=home_pedagogue');
  assert.ok(kinds.includes('not_discussed'));
  // E1 was discussed today: no prompt though it has alerts too
  const e1 = (await get('a-home_pedagogue', '/api/v1/caseload')).json.items.find((c) => c.id === E1);
  assert.ok(e1.alerts.some((a) => a.kind === 'no_contact'));
  assert.ok(!e1.alerts.some((a) => a.kind === 'not_discussed'));
  // discussed nine weeks ago: the prompt counts from then
  let r = await post('a-home_pedagogue', '/api/v1/sparring/sessions', { held_on: addDays(today(), -63), minutes: 30, form: 'individual', participant_ids: [uid['a-home_pedagogue']], cases: [{ enrolment_id: E3 }] });
  assert.equal(r.status, 201, r.text);
  r = (await get('a-home_pedagogue', '/api/v1/caseload')).json.items.find((c) => c.id === E3);
  assert.equal(r.alerts.find((a) => a.kind === 'not_discussed').text, 'Ikke drøftet i faglig sparring i 9 uger – måske et forløb at tage med til faglig sparring');
  // a municipality may set the weeks: 10 weeks, no prompt yet
  srv.cliOk(['setting', 'set', '--municipality', '0101', 'sparring.case_prompt_weeks', '10']);
  assert.ok(!(await alerts('a-home_pedagogue', '/api/v1/caseload')).includes('not_discussed'));
  srv.cliOk(['setting', 'set', '--municipality', '0101', 'sparring.case_prompt_weeks', '8']);
  // discussed today: gone
  r = await post('a-home_pedagogue', '/api/v1/sparring/sessions', { held_on: today(), minutes: 30, form: 'individual', participant_ids: [uid['a-home_pedagogue']], cases: [{ enrolment_id: E3 }] });
  assert.equal(r.status, 201, r.text);
  assert.ok(!(await alerts('a-home_pedagogue', '/api/v1/caseload')).includes('not_discussed'));
  assert.ok((await alerts('a-home_pedagogue', '/api/v1/caseload')).includes('no_contact'));
});

test('colleagues a session can name: the municipality\'s staff, names and roles only', async () => {
  const r = await get('a-home_pedagogue', '/api/v1/sparring/colleagues');
  assert.equal(r.status, 200);
  const ids = r.json.items.map((x) => x.id);
  for (const u of ['a-home_pedagogue', 'a-hp2', 'a-health_visitor', 'a-coordinator', 'a-leader']) assert.ok(ids.includes(uid[u]), u);
  for (const u of ['a-admin', 'a-daycare', 'a-evaluator', 'b-hp']) assert.ok(!ids.includes(uid[u]), u);
  assert.deepEqual(Object.keys(r.json.items[0]).sort(), ['id', 'name', 'roles']);
  for (const who of ['a-daycare', 'a-evaluator', 'a-admin']) assert.equal((await get(who, '/api/v1/sparring/colleagues')).status, 403, who);
});
