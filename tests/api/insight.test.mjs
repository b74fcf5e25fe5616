// insight.test.mjs - a citizen's request for insight (GDPR art. 15; issue
// 18): POST /api/v1/insight (admin) and `rede insight` give every personal
// datum on the person, their children and their cases, the recipients, the
// retention periods and the look-ups with dates and purposes - staff named
// only when the municipality's setting says so, another guardian's own data
// left out - as JSON or printable Danish HTML; producing it is on record.
// SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Server, assertProblem } from './harness.mjs';

const srv = new Server();
const s = {};
const CHILD = '150624-4737';
const MOTHER = '120893-2424';
const FATHER = '040488-1717';
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
let fam; let child; let mother; let course;

before(async () => {
  srv.setupTenants();
  await srv.start();
  for (const u of ['a-admin', 'a-coordinator', 'a-home_pedagogue', 'a-health_visitor', 'b-admin']) s[u] = await srv.login(u);
  const hv = s['a-health_visitor'];
  const co = s['a-coordinator'];
  const hp = s['a-home_pedagogue'];
  let r = await srv.req('POST', '/api/v1/families', { session: hv, body: {
    name: 'Familien Indsigt', persons: [
      { kind: 'child', given_name: 'Mynte', family_name: 'Indsigt', cpr: CHILD },
      { kind: 'guardian', given_name: 'Sigrun', family_name: 'Indsigt', cpr: MOTHER, relation: 'mother', phone: '11223344' },
      { kind: 'guardian', given_name: 'Torbjørn', family_name: 'Indsigt', cpr: FATHER, relation: 'father', phone: '99887766' },
    ] } });
  assert.equal(r.status, 201, r.text);
  fam = r.json;
  child = fam.persons.find((p) => p.kind === 'child');
  mother = fam.persons.find((p) => p.given_name === 'Sigrun');
  for (const purpose of ['participation', 'share_daycare']) {
    r = await srv.req('POST', `/api/v1/families/${fam.id}/consents`, { session: hv, body: { purpose, guardian_id: mother.id, given_on: day(-60) } });
    assert.equal(r.status, 201, r.text);
  }
  r = await srv.req('POST', '/api/v1/referrals', { session: hv, body: {
    family_id: fam.id, child_id: child.id, source: 'health_visiting', reason: 'Søvnproblemer i familien', risk_factors: ['C_CIRCADIAN'], referred_on: day(-50) } });
  assert.equal(r.status, 201, r.text);
  const referral = r.json.id;
  r = await srv.req('POST', `/api/v1/referrals/${referral}/decision`, { session: co, body: { outcome: 'accepted', decided_on: day(-45) } });
  assert.equal(r.status, 200, r.text);
  const users = Object.fromEntries((await srv.req('GET', '/api/v1/users', { session: s['a-admin'] })).json.items.map((u) => [u.username, u.id]));
  r = await srv.req('POST', '/api/v1/enrolments', { session: co, body: {
    referral_id: referral, staff_ids: [users['a-home_pedagogue']], unit_id: srv.units.Forvaltningen, legal_frame: 'dagtilbudsloven_8_9',
    start_meeting_on: day(-40), start_on: day(-40), planned_end_on: day(100), minutes_per_week: 120 } });
  assert.equal(r.status, 201, r.text);
  course = r.json.id;
  r = await srv.req('POST', `/api/v1/enrolments/${course}/goals`, { session: hp, body: {
    theme: 1, focus_area: 'routines', text: 'Faste rutiner ved sengetid', baseline: 1, target: 3, agreed_on: day(-40) } });
  assert.equal(r.status, 201, r.text);
  r = await srv.req('POST', `/api/v1/enrolments/${course}/contacts`, { session: hp, body: {
    happened_on: day(-20), minutes: 60, kind: 'home_session', activities: ['observation'], stance: 'beside', goal_ids: [], note: 'Talte om <b>søvn</b> & ro' } });
  assert.equal(r.status, 201, r.text);
  r = await srv.req('POST', '/api/v1/handovers', { session: hv, body: {
    family_id: fam.id, child_id: child.id, unit_id: srv.units.Solsikken, held_on: day(-10),
    participants: ['parents', 'health_visitor', 'daycare'], items: [{ topic: 'sleep', text: 'Sover til middag med sin bamse' }] } });
  assert.equal(r.status, 201, r.text);
  // look-ups: the coordinator reads the family, the health visitor shows the child's CPR number
  assert.equal((await srv.req('GET', `/api/v1/families/${fam.id}`, { session: co })).status, 200);
  assert.equal((await srv.req('GET', `/api/v1/persons/${child.id}/cpr?purpose=parent_request`, { session: hv })).status, 200);
  await new Promise((res) => setTimeout(res, 300));
});
after(() => srv.stop());

test('the insight holds the person, the children and the cases, the recipients and the look-ups with dates and purposes', async () => {
  const before = srv.count('audit_log');
  const r = await srv.req('POST', '/api/v1/insight', { session: s['a-admin'], body: { cpr: MOTHER } });
  assert.equal(r.status, 200, r.text);
  const d = r.json;
  assert.equal(d.person.given_name, 'Sigrun');
  assert.equal(d.person.cpr, '120893-2424');
  assert.equal(d.person.phone, '11223344');
  assert.ok(!('cpr_box' in d.person));
  assert.equal(d.children.length, 1);
  assert.equal(d.children[0].cpr, CHILD);
  assert.equal(d.family.name, 'Familien Indsigt');
  // the other guardian by name and relation only
  const father = d.members.find((m) => m.given_name === 'Torbjørn');
  assert.equal(father.relation, 'father');
  assert.ok(!r.text.includes('99887766') && !r.text.includes('0404881717') && !r.text.includes(FATHER));
  assert.deepEqual(d.consents.map((c) => c.purpose).sort(), ['participation', 'share_daycare']);
  assert.equal(d.referrals[0].reason, 'Søvnproblemer i familien');
  assert.equal(d.referrals[0].risk_factors[0].label, 'Ingen eller svingende døgnrytme');
  assert.equal(d.referrals[0].decisions[0].outcome, 'accepted');
  assert.equal(d.courses[0].goals[0].text, 'Faste rutiner ved sengetid');
  assert.equal(d.courses[0].contacts[0].note, 'Talte om <b>søvn</b> & ro');
  assert.equal(d.handovers[0].institution, 'Solsikken');
  assert.equal(d.handovers[0].items[0].text, 'Sover til middag med sin bamse');
  assert.ok(d.retention.some((x) => x.kind === 'health_visit' && x.months === 120 && /§ 25/.test(x.legal_basis)));
  // look-ups: dates and purposes, no staff identities by default
  assert.ok(d.lookups.length >= 8, `${d.lookups.length} look-ups`);
  for (const l of d.lookups) {
    assert.match(l.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(l.time, /^\d{2}:\d{2}$/);
    assert.ok(l.purpose_label.length > 5, JSON.stringify(l));
    assert.ok(!('staff' in l));
  }
  const reveal = d.lookups.find((l) => l.action === 'reveal');
  assert.equal(reveal.purpose, 'parent_request');
  assert.equal(reveal.purpose_label, 'Forældrene har selv henvendt sig');
  assert.ok(d.lookups.some((l) => l.action === 'read' && l.entity === 'family' && l.purpose === 'casework'));
  assert.equal(d.shows_staff, false);
  assert.ok(!/Hanne|a-coordinator|a-health_visitor/.test(JSON.stringify(d.lookups)));
  // producing it is on record
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE id > ${before} AND action = 'insight' AND entity = 'person' AND entity_id = '${mother.id}' AND purpose_code = 'insight' AND outcome = 'ok'`), '1');
});

test('the municipality decides whether the staff who looked are named', async () => {
  srv.cliOk(['setting', 'set', 'insight.show_staff', '1', '--municipality', '0101']);
  const r = await srv.req('POST', '/api/v1/insight', { session: s['a-admin'], body: { cpr: MOTHER } });
  assert.equal(r.json.shows_staff, true);
  const names = new Set(r.json.lookups.map((l) => l.staff));
  assert.ok(names.size >= 2 && ![...names].includes(undefined), [...names].join(', '));
  srv.cliOk(['setting', 'set', 'insight.show_staff', '0', '--municipality', '0101']);
});

test('as a printable Danish page: escaped, a download', async () => {
  const r = await srv.req('POST', '/api/v1/insight', { session: s['a-admin'], body: { cpr: MOTHER, format: 'html' } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="indsigt.html"/);
  assert.match(r.text, /<html lang="da">/);
  assert.match(r.text, /Talte om &lt;b&gt;søvn&lt;\/b&gt; &amp; ro/);
  assert.ok(!r.text.includes('<b>søvn</b>'));
  assert.match(r.text, /Solsikken/);
  assert.match(r.text, /Forældrene har selv henvendt sig/);
  assert.match(r.text, /10 år efter seneste notat i sagen/);
  assert.ok(!r.text.includes('<script'));
});

test('bad requests are refused without echoing the number; only the admin of the municipality', async () => {
  let r = await srv.req('POST', '/api/v1/insight', { session: s['a-admin'], body: { cpr: '3113934242' } });
  assertProblem(r, 400, 'cpr');
  assert.ok(!r.text.includes('311393'));
  assertProblem(await srv.req('POST', '/api/v1/insight', { session: s['a-admin'], body: { cpr: MOTHER, format: 'pdf' } }), 400, 'format');
  assertProblem(await srv.req('POST', '/api/v1/insight', { session: s['a-admin'], body: { cpr: MOTHER, x: 1 } }), 400, 'x');
  r = await srv.req('POST', '/api/v1/insight', { session: s['a-admin'], body: { cpr: '010101-1234' } });
  assertProblem(r, 404);
  assert.ok(!r.text.includes('010101'));
  assertProblem(await srv.req('POST', '/api/v1/insight', { session: s['a-coordinator'], body: { cpr: MOTHER } }), 403);
  assertProblem(await srv.req('POST', '/api/v1/insight', { session: s['b-admin'], body: { cpr: MOTHER } }), 404);
  assert.ok(!srv.stderr.includes('120893'));
});

test('rede insight writes the same for the parent to a new file, the number on stdin', () => {
  const out = join(srv.dir, 'indsigt.html');
  const r = srv.cliOk(['insight', '--municipality', '0101', '--out', out], `${MOTHER}\n`);
  assert.match(r.stdout, /insight written/);
  assert.equal(statSync(out).mode & 0o777, 0o600);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /Sigrun/);
  assert.match(html, /Mynte/);
  assert.equal(srv.cli(['insight', '--municipality', '0101', '--out', out], `${MOTHER}\n`).status, 1);
  const json = join(srv.dir, 'indsigt.json');
  srv.cliOk(['insight', '--municipality', '0101', '--format', 'json', '--out', json], `${CHILD}\n`);
  const d = JSON.parse(readFileSync(json, 'utf8'));
  assert.equal(d.person.cpr, CHILD);
  assert.equal(d.children.length, 0, 'a child\'s insight holds no other person\'s data');
  assert.ok(!readFileSync(json, 'utf8').includes('11223344'), 'nor the mother\'s phone');
  assert.equal(srv.cli(['insight', '--municipality', '0101', '--out', join(srv.dir, 'x.html')], '123\n').status, 2);
  const none = srv.cliOk(['insight', '--municipality', '0101', '--out', join(srv.dir, 'none.html')], '010101-1234\n');
  assert.match(none.stdout, /holds no one/);
  assert.ok(!existsSync(join(srv.dir, 'none.html')));
  assert.ok(Number(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'insight' AND purpose = 'cli insight' AND purpose_code = 'insight'")) >= 2);
  assert.equal(srv.cli(['audit', 'verify']).status, 0);
});
