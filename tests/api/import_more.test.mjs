// import_more.test.mjs - the import kinds beyond families and courses
// (issue 19): 1½-/3-year health-visit offers with attempts, answer and
// visit; COS-P offers with answer, a place on a group, dropout and rating;
// staff users with roles and units and no password. Each through `rede
// import` on a real database (SQLite, or PostgreSQL with
// REDE_TEST_BACKEND=postgres) beside a running server: a good file imports
// and the objects read back through the API with the file's values, the
// same file again creates nothing, a changed row is a conflict, and a file
// with one bad row imports nothing and names sheet, row, column and a
// Danish message. Also POST /api/v1/users without a password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Server, PASSWORD } from './harness.mjs';

const srv = new Server();
const s = {};
const uid = {};

const DAY = 86400000;
// the Danish calendar day (the server's "today")
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const da = (iso) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
const ago = (n) => da(addDays(today(), -n));

let cprSeq = 300;
function cprFor(iso) {
  const [y, m, d] = iso.split('-');
  const n = `${d}${m}${y.slice(2)}${Number(y) >= 2000 ? 5 : 1}${String(cprSeq++).padStart(3, '0')}`;
  srv.cprs.add(n);
  return n;
}

let fileNo = 0;
function file(ext, content) {
  const p = join(srv.dir, `import-more-${++fileNo}.${ext}`);
  writeFileSync(p, content);
  return p;
}

function imp(kind, path, { dry = false, as = 'a-coordinator' } = {}) {
  const args = ['import', kind, '--municipality', '0101', '--as', as, '--file', path, '--json'];
  if (dry) args.push('--dry-run');
  const r = srv.cli(args);
  let report = null;
  try { report = JSON.parse(r.stdout); } catch { report = null; }
  assert.ok(report, `no JSON report (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  return { status: r.status, report };
}
const probs = (rep) => JSON.stringify(rep.errors);
function hasError(rep, { row, column, header, message }) {
  return rep.errors.some((e) => (row === undefined || e.row === row) && (column === undefined || e.column === column) &&
    (header === undefined || e.header === header) && (message === undefined || message.test(e.message)));
}

// A CSV (;) from a header list and rows given as {header: value}.
function csv(head, rows) {
  const q = (v) => (/[";,\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [head, ...rows.map((r) => head.map((h) => String(r[h] ?? '')))]
    .map((r) => r.map(q).join(';')).join('\r\n') + '\r\n';
}

const FAM_HEAD = ['Familie-ID', 'Familienavn', 'Rolle', 'Fornavn', 'Efternavn', 'CPR-nummer', 'Registreret af'];
// A family with one child born on birth, registered by `by` ('' = the importer).
function family(key, birth, by) {
  const cpr = cprFor(birth);
  const r = imp('families', file('csv', csv(FAM_HEAD, [{ 'Familie-ID': key, Familienavn: `Importsen ${key}`, Rolle: 'Barn',
    Fornavn: `Barn${key}`, Efternavn: 'Importsen', 'CPR-nummer': cpr, 'Registreret af': by }])));
  assert.equal(r.status, 0, probs(r.report));
  return cpr;
}

before(async () => {
  srv.setupTenants();
  await srv.start();
  for (const u of ['a-coordinator', 'a-health_visitor', 'a-admin', 'a-leader']) {
    s[u] = await srv.login(u);
    assert.equal(s[u].status, 201, u);
    uid[u] = s[u].user.id;
  }
});
after(() => srv.stop());

test('the kinds are listed and each template has its sheet with Danish headers, notes and drop-downs', async () => {
  const r = await srv.req('GET', '/api/v1/imports/kinds', { session: s['a-admin'] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((k) => k.kind).slice(-3), ['health_visits', 'cosp', 'users']);
  for (const [kind, sheet, first, coded] of [['health_visits', 'Besøgstilbud', 'Tilbud-ID', 'C'], ['cosp', 'COS-P', 'Kilde-ID', 'D'],
    ['users', 'Medarbejdere', 'Brugernavn', 'C']]) {
    const out = join(srv.dir, `${kind}.xlsx`);
    srv.cliOk(['import', 'template', kind, '--format', 'xlsx', '--out', out]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    assert.deepEqual(wb.worksheets.map((w) => w.name), [sheet]);
    const ws = wb.getWorksheet(sheet);
    assert.equal(ws.getRow(1).values[1], first);
    assert.match(String(ws.getCell('A2').value), /^# Noter/);
    const lists = Object.entries(ws.dataValidations.model).filter(([, v]) => v.type === 'list');
    assert.ok(lists.some(([k]) => k.startsWith(coded)), `${kind}: no drop-down on ${coded}`);
  }
  // the role drop-down lists the server's roles by their Danish labels
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(srv.dir, 'users.xlsx'));
  const roles = Object.entries(wb.getWorksheet('Medarbejdere').dataValidations.model).find(([k]) => k.startsWith('C'))[1];
  assert.match(roles.formulae[0], /Administrator,Koordinator,Hjemmepædagog,Sundhedsplejerske,Dagtilbud,Leder,Evaluator/);
});

// ---- health-visit offers ----

const HV_HEAD = ['Tilbud-ID', 'Barnets CPR-nummer', 'Besøg', 'Sundhedsplejerske', 'Kriterium', 'TOPI', 'Besøg i første leveår',
  'Tilbudt den', 'Kanal', 'Sociale foranstaltninger', 'Enhed', 'Kontaktforsøg den', 'Forsøgets kanal', 'Truffet', 'Svar',
  'Svar den', 'Grund til nej tak', 'Anden grund', 'Besøgt den', 'Minutter', 'Emner', 'Andet emne', 'Materialer',
  'Henvist internt', 'Henvist internt til', 'Henvist eksternt', 'Henvist eksternt til', 'Forælderens vurdering', 'Note om besøget'];

function hvOffer(key, cpr, over = {}) {
  return { 'Tilbud-ID': key, 'Barnets CPR-nummer': cpr, Besøg: 'Besøg ved 1½ år', Sundhedsplejerske: 'a-health_visitor',
    Kriterium: 'TOPI gul eller rød', TOPI: 'Gul', 'Tilbudt den': ago(20), Kanal: 'Brev', 'Sociale foranstaltninger': 'nej',
    Enhed: 'Forvaltningen', ...over };
}

test('health visits: offer, attempts, answer and visit as the health visitor; re-import unchanged; a changed row a conflict', async () => {
  const cpr = family('HV1', addDays(today(), -590), 'a-health_visitor');
  const rows = [
    hvOffer('TB1', cpr, { 'Kontaktforsøg den': ago(18), 'Forsøgets kanal': 'Telefon', Truffet: 'nej', Svar: 'Ja tak', 'Svar den': ago(15),
      'Besøgt den': ago(5), Minutter: 75, Emner: 'Søvn, Andet', 'Andet emne': 'Søskende', 'Henvist eksternt': 'ja',
      'Henvist eksternt til': 'Familieafdelingen', 'Forælderens vurdering': 1, 'Note om besøget': 'Syntetisk note' }),
    { 'Tilbud-ID': 'TB1', 'Kontaktforsøg den': ago(17), 'Forsøgets kanal': 'SMS', Truffet: 'ja' },
  ];
  const path = file('csv', csv(HV_HEAD, rows));
  const offers = srv.count('hv_offer');
  let r = imp('health_visits', path, { dry: true });
  assert.equal(r.status, 0, probs(r.report));
  assert.equal(srv.count('hv_offer'), offers);
  r = imp('health_visits', path);
  assert.equal(r.status, 0, probs(r.report));
  assert.deepEqual(r.report.created, { hv_criterion: 1, hv_offer: 1, hv_offer_attempt: 2, hv_offer_answer: 1, hv_visit: 1 });
  const oid = srv.sql("SELECT entity_id FROM import_key WHERE kind = 'health_visits' AND source_key = 'TB1'");
  assert.equal(srv.sql("SELECT entity FROM import_key WHERE kind = 'health_visits' AND source_key = 'TB1'"), 'hv_offer');
  // read back through the API as the health visitor
  const o = await srv.req('GET', `/api/v1/health-visits/offers/${oid}`, { session: s['a-health_visitor'] });
  assert.equal(o.status, 200, o.text);
  assert.equal(o.json.status, 'visited');
  assert.equal(o.json.programme, 'visit_1_5y');
  assert.equal(o.json.criterion, 'topi');
  assert.equal(o.json.offered_on, addDays(today(), -20));
  assert.equal(o.json.channel, 'letter');
  assert.equal(o.json.social_measures, false);
  assert.equal(o.json.health_visitor.id, uid['a-health_visitor']);
  assert.equal(o.json.answered_on, addDays(today(), -15));
  assert.deepEqual(o.json.attempts.map((a) => [a.attempted_on, a.channel, a.reached]).sort(),
    [[addDays(today(), -18), 'phone', false], [addDays(today(), -17), 'sms', true]]);
  assert.equal(o.json.visit.minutes, 75);
  assert.deepEqual(o.json.visit.topics, ['sleep', 'other']);
  assert.equal(o.json.visit.topic_other, 'Søskende');
  assert.equal(o.json.visit.referral_within, false);
  assert.equal(o.json.visit.referral_outside_to, 'Familieafdelingen');
  assert.equal(o.json.visit.parent_rating, 1);

  // the same file again: nothing new
  const n = srv.count('hv_offer_attempt');
  r = imp('health_visits', path);
  assert.equal(r.status, 0, probs(r.report));
  assert.equal(r.report.unchanged, 1);
  assert.deepEqual(r.report.created, {});
  assert.equal(srv.count('hv_offer_attempt'), n);
  // a changed row under the same key: a conflict, nothing written
  rows[0].Minutter = 90;
  r = imp('health_visits', file('csv', csv(HV_HEAD, rows)));
  assert.equal(r.status, 1);
  assert.equal(r.report.conflicts, 1);
  assert.ok(hasError(r.report, { row: 2, column: 'A', message: /importeret før med andre oplysninger/ }), probs(r.report));
  assert.equal(srv.sql(`SELECT minutes FROM hv_visit WHERE offer_id = ${oid}`), '75');
});

test('health visits: one bad row imports nothing - the API\'s rules on the row\'s cells', () => {
  const good = family('HV2', addDays(today(), -590), 'a-health_visitor');
  const other = family('HV3', addDays(today(), -590), 'a-health_visitor');
  const coords = family('HV4', addDays(today(), -590), '');
  const young = family('HV5', addDays(today(), -200), 'a-health_visitor');
  const before0 = [srv.count('hv_offer'), srv.count('hv_criterion'), srv.count('import_key')];
  const r = imp('health_visits', file('csv', csv(HV_HEAD, [
    hvOffer('TB2', good, { Svar: 'Ja tak', 'Svar den': ago(10) }),
    // never reached without the attempts the setting asks for
    hvOffer('TB3', other, { Svar: 'Ikke truffet', 'Svar den': ago(10) }),
    // a family the health visitor cannot see (registered by the coordinator)
    hvOffer('TB4', coords),
    // too young for the 1½-year visit
    hvOffer('TB5', young),
    hvOffer('TB6', good, { Sundhedsplejerske: 'ukendt-bruger' }),
    hvOffer('TB7', good, { Kanal: 'Brevdue' }),
  ])));
  assert.equal(r.status, 1);
  assert.equal(r.report.imported, false);
  assert.ok(hasError(r.report, { row: 3, column: 'O', header: 'Svar', message: /forgæves kontaktforsøg/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 4, column: 'B', message: /Barnet findes ikke/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 5, column: 'H', header: 'Tilbudt den', message: /for ungt/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 6, column: 'D', message: /Ukendt medarbejder/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 7, column: 'I', message: /Ukendt værdi - vælg en af: Brev, Telefon, SMS/ }), probs(r.report));
  assert.deepEqual([srv.count('hv_offer'), srv.count('hv_criterion'), srv.count('import_key')], before0);
});

test('families: "Registreret af" creates the family as that staff member; an unknown one is a problem on its cell', () => {
  const cpr = cprFor(addDays(today(), -100));
  let r = imp('families', file('csv', csv(FAM_HEAD, [{ 'Familie-ID': 'RA1', Familienavn: 'Registreretsen', Rolle: 'Barn', Fornavn: 'Rie',
    Efternavn: 'Registreretsen', 'CPR-nummer': cpr, 'Registreret af': 'ukendt-bruger' }])));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { row: 2, column: 'G', header: 'Registreret af', message: /Ukendt medarbejder/ }), probs(r.report));
  r = imp('families', file('csv', csv(FAM_HEAD, [{ 'Familie-ID': 'RA1', Familienavn: 'Registreretsen', Rolle: 'Barn', Fornavn: 'Rie',
    Efternavn: 'Registreretsen', 'CPR-nummer': cpr, 'Registreret af': 'a-health_visitor' }])));
  assert.equal(r.status, 0, probs(r.report));
  const fid = srv.sql("SELECT entity_id FROM import_key WHERE kind = 'families' AND source_key = 'RA1'");
  assert.equal(srv.sql(`SELECT created_by FROM family WHERE id = ${fid}`), String(uid['a-health_visitor']));
});

// ---- COS-P ----

const COSP_HEAD = ['Kilde-ID', 'Barnets CPR-nummer', 'Tilbudt den', 'Kanal', 'Tilbudt af', 'Svar', 'Svar den', 'Begrundelse', 'Hold',
  'Placeret den', 'Stoppet den', 'Årsag til stop', 'Forældrenes vurdering', 'Vurderet den'];

test('COS-P: offers with answer, a place on a group by the planner\'s rules and a rating; re-import; conflict; a bad row imports nothing', async () => {
  let r = await srv.req('POST', `/api/v1/users/${uid['a-health_visitor']}/competences`,
    { body: { competence: 'cosp', obtained_on: addDays(today(), -400) }, session: s['a-coordinator'] });
  assert.equal(r.status, 201, r.text);
  r = await srv.req('POST', '/api/v1/groups', { body: { name: 'Hold Import', start_on: addDays(today(), 14), time_slot: 'evening',
    group_type: 'mixed', facilitator_ids: [uid['a-health_visitor']] }, session: s['a-coordinator'] });
  assert.equal(r.status, 201, r.text);
  const group = r.json.id;
  const c1 = family('CP1', addDays(today(), -300), 'a-health_visitor');
  const c2 = family('CP2', addDays(today(), -300), '');
  const rows = [
    { 'Kilde-ID': 'CO1', 'Barnets CPR-nummer': c1, 'Tilbudt den': ago(10), Kanal: 'Telefon', 'Tilbudt af': 'a-health_visitor',
      Svar: 'Ja tak', 'Svar den': ago(8), Hold: 'hold import', 'Forældrenes vurdering': 2, 'Vurderet den': ago(0) },
    { 'Kilde-ID': 'CO2', 'Barnets CPR-nummer': c2, 'Tilbudt den': ago(10), Kanal: 'Personligt', Svar: 'Nej tak', 'Svar den': ago(9),
      Begrundelse: 'Har ikke tid' },
  ];
  const path = file('csv', csv(COSP_HEAD, rows));
  r = imp('cosp', path);
  assert.equal(r.status, 0, probs(r.report));
  assert.deepEqual(r.report.created, { cosp_offer: 2, cosp_offer_answer: 2, cosp_plan_update: 1, cosp_offer_rate: 1 });
  const o1 = srv.sql("SELECT entity_id FROM import_key WHERE kind = 'cosp' AND source_key = 'CO1'");
  let o = await srv.req('GET', `/api/v1/cosp/offers/${o1}`, { session: s['a-coordinator'] });
  assert.equal(o.status, 200, o.text);
  assert.equal(o.json.status, 'accepted');
  assert.equal(o.json.offered_by, uid['a-health_visitor']);
  assert.equal(o.json.channel, 'phone');
  assert.equal(o.json.course_id, group);
  assert.equal(o.json.placed_on, today());
  assert.equal(o.json.rating, 2);
  const o2 = srv.sql("SELECT entity_id FROM import_key WHERE kind = 'cosp' AND source_key = 'CO2'");
  o = await srv.req('GET', `/api/v1/cosp/offers/${o2}`, { session: s['a-coordinator'] });
  assert.equal(o.json.status, 'declined');
  assert.equal(o.json.decline_reason, 'Har ikke tid');
  assert.equal(o.json.offered_by, uid['a-coordinator']);
  // the group's members
  const g = await srv.req('GET', `/api/v1/groups/${group}`, { session: s['a-coordinator'] });
  assert.deepEqual(g.json.members.map((m) => m.id), [Number(o1)]);

  const n = srv.count('cosp_offer');
  r = imp('cosp', path);
  assert.equal(r.status, 0, probs(r.report));
  assert.equal(r.report.unchanged, 2);
  assert.equal(srv.count('cosp_offer'), n);
  rows[1].Begrundelse = 'Flytter';
  r = imp('cosp', file('csv', csv(COSP_HEAD, rows)));
  assert.equal(r.status, 1);
  assert.equal(r.report.conflicts, 1);
  assert.ok(hasError(r.report, { row: 3, column: 'A' }), probs(r.report));

  const c3 = family('CP3', addDays(today(), -300), '');
  const before0 = [srv.count('cosp_offer'), srv.count('import_key')];
  r = imp('cosp', file('csv', csv(COSP_HEAD, [
    { 'Kilde-ID': 'CO3', 'Barnets CPR-nummer': c3, 'Tilbudt den': ago(5), Svar: 'Ja tak', 'Svar den': ago(4) },
    { 'Kilde-ID': 'CO4', 'Barnets CPR-nummer': c3, 'Tilbudt den': ago(5), Svar: 'Ja tak', 'Svar den': ago(4), Hold: 'Månehold' },
    { 'Kilde-ID': 'CO5', 'Barnets CPR-nummer': c3, 'Tilbudt den': ago(5), Svar: 'Nej tak', 'Svar den': ago(7) },
    { 'Kilde-ID': 'CO6', 'Barnets CPR-nummer': c3, 'Tilbudt den': ago(5), 'Forældrenes vurdering': 1, 'Vurderet den': ago(1) },
    { 'Kilde-ID': 'CO7', 'Barnets CPR-nummer': c3, 'Tilbudt den': ago(5), 'Tilbudt af': 'a-leader' },
  ])));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { row: 3, column: 'I', header: 'Hold', message: /Ukendt hold/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 4, column: 'G', header: 'Svar den', message: /før tilbuddet/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 5, column: 'I', message: /plads på et hold/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 6, column: 'E', message: /rolle/ }), probs(r.report));
  assert.deepEqual([srv.count('cosp_offer'), srv.count('import_key')], before0);
});

// ---- staff users ----

const USER_HEAD = ['Brugernavn', 'Navn', 'Roller', 'Enheder'];

test('POST /api/v1/users without a password: no local password until an admin sets one', async () => {
  let r = await srv.req('POST', '/api/v1/users', { body: { username: 'uden.kode', display_name: 'Uden Kode', roles: ['leader'] }, session: s['a-admin'] });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(srv.sql(`SELECT password_hash FROM app_user WHERE id = ${id}`), '');
  // no password signs in: neither empty nor any other
  for (const pw of ['', PASSWORD]) {
    r = await srv.req('POST', '/api/v1/session', { body: { username: 'uden.kode@0101', password: pw } });
    assert.notEqual(r.status, 201, `signed in with "${pw}"`);
  }
  // the admin sets one: now it does
  r = await srv.req('POST', `/api/v1/users/${id}/password`, { body: { password: 'et-langt-kodeord-1' }, session: s['a-admin'] });
  assert.equal(r.status, 204, r.text);
  r = await srv.req('POST', '/api/v1/session', { body: { username: 'uden.kode@0101', password: 'et-langt-kodeord-1' } });
  assert.equal(r.status, 201, r.text);
  // a password given is still checked
  r = await srv.req('POST', '/api/v1/users', { body: { username: 'kort.kode', display_name: 'Kort', roles: ['leader'], password: 'kort' }, session: s['a-admin'] });
  assert.equal(r.status, 400);
  assert.equal(r.json.errors[0].field, 'password');
});

test('users: roles by Danish label and units by name, never a password; re-import; conflict; a bad row imports nothing', async () => {
  const rows = [
    { Brugernavn: 'imp.hanne', Navn: 'Hanne Import', Roller: 'Hjemmepædagog, Sundhedsplejerske', Enheder: 'Forvaltningen, Solsikken' },
    { Brugernavn: 'imp.leo', Navn: 'Leo Import', Roller: 'leader' },
  ];
  // the template filled in as Excel would: a dry run finds nothing wrong
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(srv.dir, 'users.xlsx'));
  wb.getWorksheet('Medarbejdere').getRow(3).values = ['imp.xlsx', 'Xenia Import', 'Koordinator', 'Forvaltningen'];
  const filled = join(srv.dir, 'medarbejdere.xlsx');
  await wb.xlsx.writeFile(filled);
  let x = imp('users', filled, { as: 'a-admin', dry: true });
  assert.equal(x.status, 0, probs(x.report));
  assert.equal(x.report.sheet, 'Medarbejdere');
  assert.deepEqual(x.report.created, { user: 1 });
  assert.equal(srv.sql("SELECT count(*) FROM app_user WHERE username = 'imp.xlsx'"), '0');
  const path = file('csv', csv(USER_HEAD, rows));
  // creating users is the admins' (the route's rule), even for a coordinator who may import
  let r = imp('users', path);
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { row: 2, message: /ikke en rolle, der må oprette/ }), probs(r.report));
  r = imp('users', path, { as: 'a-admin' });
  assert.equal(r.status, 0, probs(r.report));
  assert.deepEqual(r.report.created, { user: 2 });
  const id = srv.sql("SELECT entity_id FROM import_key WHERE kind = 'users' AND source_key = 'imp.hanne'");
  const u = await srv.req('GET', `/api/v1/users/${id}`, { session: s['a-admin'] });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.display_name, 'Hanne Import');
  assert.deepEqual(u.json.roles.sort(), ['health_visitor', 'home_pedagogue']);
  assert.deepEqual(u.json.units.map((x) => x.name).sort(), ['Forvaltningen', 'Solsikken']);
  assert.equal(u.json.sign_in, 'imp.hanne@0101');
  assert.equal(srv.sql(`SELECT password_hash FROM app_user WHERE id = ${id}`), '');
  r = await srv.req('POST', '/api/v1/session', { body: { username: 'imp.hanne@0101', password: PASSWORD } });
  assert.notEqual(r.status, 201);

  const n = srv.count('app_user');
  r = imp('users', path, { as: 'a-admin' });
  assert.equal(r.status, 0, probs(r.report));
  assert.equal(r.report.unchanged, 2);
  assert.equal(srv.count('app_user'), n);
  rows[1].Navn = 'Leo Omdøbt';
  r = imp('users', file('csv', csv(USER_HEAD, rows)), { as: 'a-admin' });
  assert.equal(r.status, 1);
  assert.equal(r.report.conflicts, 1);
  assert.ok(hasError(r.report, { row: 3, column: 'A', message: /importeret før/ }), probs(r.report));

  r = imp('users', file('csv', csv(USER_HEAD, [
    { Brugernavn: 'imp.ok', Navn: 'Ok Import', Roller: 'Leder' },
    { Brugernavn: 'imp.rolle', Navn: 'Rolle', Roller: 'Direktør' },
    { Brugernavn: 'imp.enhed', Navn: 'Enhed', Roller: 'Leder', Enheder: 'Månebasen' },
    { Brugernavn: 'X', Navn: 'Kort', Roller: 'Leder' },
    { Brugernavn: 'a-leader', Navn: 'Findes', Roller: 'Leder' },
    { Brugernavn: 'imp.navn', Navn: '', Roller: 'Leder' },
  ])), { as: 'a-admin' });
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { row: 3, column: 'C', message: /Ukendt værdi i listen/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 4, column: 'D', message: /Ukendt enhed/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 5, column: 'A', header: 'Brugernavn', message: /3-64 tegn/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 6, column: 'A', message: /optaget/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 7, column: 'B', message: /udfyldes/ }), probs(r.report));
  assert.equal(srv.count('app_user'), n);
  assert.equal(srv.sql("SELECT count(*) FROM app_user WHERE username = 'imp.ok'"), '0');
});
