// families.test.mjs - families, persons, CPR handling, lookup, reveal and
// consents: rules, access (404 for not-yours), nothing written on errors,
// and no CPR number in plain text in the database files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { Server, assertProblem, BACKEND } from './harness.mjs';
import { today, addDays } from './fixtures.mjs';

const srv = new Server();
const s = {};
const CHILD_CPR = '150625-4321';
const MOTHER_CPR = '010190-4000';
before(async () => {
  srv.setupTenants();
  await srv.start();
  for (const u of ['a-coordinator', 'a-health_visitor', 'a-home_pedagogue', 'a-admin', 'a-evaluator', 'a-leader', 'b-coordinator']) s[u] = await srv.login(u);
});
after(() => srv.stop());

const family = () => ({
  name: 'Familien Ærøsen',
  persons: [
    { kind: 'child', given_name: 'Ida', family_name: 'Ærøsen', cpr: CHILD_CPR },
    { kind: 'guardian', given_name: 'Mette', family_name: 'Ærøsen', cpr: MOTHER_CPR, relation: 'mother', phone: '12345678' },
  ],
});

let fam;
test('a health visitor creates a family; CPR numbers are masked in the answer', async () => {
  const r = await srv.req('POST', '/api/v1/families', { body: family(), session: s['a-health_visitor'] });
  assert.equal(r.status, 201, r.text);
  fam = r.json;
  assert.equal(fam.persons.length, 2);
  const child = fam.persons.find((p) => p.kind === 'child');
  assert.equal(child.cpr, '150625-xxxx');
  assert.equal(child.birth_date, '2025-06-15');
  assert.ok(!r.text.includes('4321'));
  assert.ok(!r.text.includes('4000'));
});

test('CPR numbers are never stored in plain text', async () => {
  if (BACKEND === 'postgres') {
    const dump = srv.sql("SELECT string_agg(coalesce(cpr_box,'') || coalesce(cpr_hash,''), ',') FROM person");
    assert.ok(!dump.includes('1506254321') && !dump.includes('0101904000'));
    return;
  }
  for (const f of [srv.db, `${srv.db}-wal`]) {
    if (!existsSync(f)) continue;
    const raw = readFileSync(f).toString('latin1');
    for (const needle of ['1506254321', '150625-4321', '0101904000', '010190-4000']) assert.ok(!raw.includes(needle), `${needle} in ${f}`);
  }
});

test('bad persons are refused with the field named and nothing written', async () => {
  const before = [srv.count('family'), srv.count('person')];
  let r = await srv.req('POST', '/api/v1/families', { body: { name: 'X', persons: [{ kind: 'child', given_name: 'A', family_name: 'B', cpr: '310412-4000' }] }, session: s['a-health_visitor'] });
  assertProblem(r, 400, 'persons[0].cpr');
  assert.ok(!r.text.includes('310412')); // the number is not echoed
  r = await srv.req('POST', '/api/v1/families', { body: { name: 'X', persons: [{ kind: 'child', given_name: 'A', family_name: 'B' }] }, session: s['a-health_visitor'] });
  assertProblem(r, 400, 'persons[0].cpr'); // a child needs CPR or expected birth date
  r = await srv.req('POST', '/api/v1/families', { body: { name: 'X', persons: [{ kind: 'pet', given_name: 'A', family_name: 'B', expected_birth_date: '2027-01-01' }] }, session: s['a-health_visitor'] });
  assertProblem(r, 400, 'persons[0].kind');
  r = await srv.req('POST', '/api/v1/families', { body: { ...family(), name: 'Dublet' }, session: s['a-health_visitor'] });
  assertProblem(r, 409, 'persons'); // the CPR numbers are registered already
  r = await srv.req('POST', '/api/v1/families', { body: { name: '' }, session: s['a-health_visitor'] });
  assertProblem(r, 400, 'name');
  assert.deepEqual([srv.count('family'), srv.count('person')], before);
  // a child expected, not yet born, is fine
  r = await srv.req('POST', `/api/v1/families/${fam.id}/persons`, { body: { kind: 'child', given_name: 'Ufødt', family_name: 'Ærøsen', expected_birth_date: '2027-02-01' }, session: s['a-health_visitor'] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.cpr, null);
});

test('only those with access find or read the family; others get 404', async () => {
  const mine = await srv.req('GET', `/api/v1/families/${fam.id}`, { session: s['a-health_visitor'] });
  assert.equal(mine.status, 200);
  assert.ok(mine.headers.get('etag'));
  const coord = await srv.req('GET', `/api/v1/families/${fam.id}?purpose=visitation`, { session: s['a-coordinator'] });
  assert.equal(coord.status, 200); // visitation sees the municipality's families (for a purpose: issue 18)
  const missing = await srv.req('GET', '/api/v1/families/999999', { session: s['a-home_pedagogue'] });
  const notMine = await srv.req('GET', `/api/v1/families/${fam.id}`, { session: s['a-home_pedagogue'] });
  assertProblem(notMine, 404);
  assert.equal(notMine.text, missing.text);
  assertProblem(await srv.req('GET', `/api/v1/families/${fam.id}`, { session: s['b-coordinator'] }), 404);
  assertProblem(await srv.req('GET', `/api/v1/families/${fam.id}`, { session: s['a-admin'] }), 403);
  assertProblem(await srv.req('GET', `/api/v1/families/${fam.id}`, { session: s['a-evaluator'] }), 403);
  // search: Danish letters in any case; no hits leak to others
  const hit = await srv.req('GET', `/api/v1/families?q=${encodeURIComponent('ÆRØ')}`, { session: s['a-health_visitor'] });
  assert.deepEqual(hit.json.items.map((f) => f.id), [fam.id]);
  const byMember = await srv.req('GET', `/api/v1/families?q=mette`, { session: s['a-health_visitor'] });
  assert.deepEqual(byMember.json.items.map((f) => f.id), [fam.id]);
  const other = await srv.req('GET', `/api/v1/families?q=${encodeURIComponent('ærø')}`, { session: s['a-home_pedagogue'] });
  assert.deepEqual(other.json.items, []);
  assertProblem(await srv.req('GET', '/api/v1/families?q=a', { session: s['a-health_visitor'] }), 400, 'q');
  // wildcards in the criterion are taken literally
  const wild = await srv.req('GET', '/api/v1/families?q=%25%25', { session: s['a-coordinator'] });
  assert.deepEqual(wild.json.items, []);
});

test('CPR lookup finds the person only for those with access; reveal is audited', async () => {
  let r = await srv.req('POST', '/api/v1/persons/lookup', { body: { cpr: '1506254321', purpose: 'identity' }, session: s['a-health_visitor'] });
  assert.equal(r.status, 200);
  assert.equal(r.json.family_id, fam.id);
  assert.equal(r.json.person.cpr, '150625-xxxx');
  assertProblem(await srv.req('POST', '/api/v1/persons/lookup', { body: { cpr: '1506254321', purpose: 'identity' }, session: s['a-home_pedagogue'] }), 404);
  assertProblem(await srv.req('POST', '/api/v1/persons/lookup', { body: { cpr: '1506254321', purpose: 'identity' }, session: s['b-coordinator'] }), 404);
  r = await srv.req('POST', '/api/v1/persons/lookup', { body: { cpr: '15062543', purpose: 'identity' }, session: s['a-health_visitor'] });
  assertProblem(r, 400, 'cpr');
  assert.ok(!r.text.includes('15062543'));
  const child = fam.persons.find((p) => p.kind === 'child');
  r = await srv.req('GET', `/api/v1/persons/${child.id}/cpr?purpose=casework`, { session: s['a-health_visitor'] });
  assert.equal(r.status, 200);
  assert.equal(r.json.cpr, CHILD_CPR);
  assertProblem(await srv.req('GET', `/api/v1/persons/${child.id}/cpr?purpose=casework`, { session: s['a-leader'] }), 403);
  assertProblem(await srv.req('GET', `/api/v1/persons/${child.id}/cpr?purpose=casework`, { session: s['a-home_pedagogue'] }), 404);
  await new Promise((res) => setTimeout(res, 250)); // reads are audited in batches
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'reveal' AND entity = 'person' AND entity_id = '${child.id}' AND outcome = 'ok' AND purpose_code = 'casework'`), '1');
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'search' AND entity = 'person' AND outcome = 'ok' AND purpose_code = 'identity'"), '1');
  assert.ok(!srv.stderr.includes('1506254321') && !srv.stderr.includes('4321'));
});

test('a CPR look-up and a CPR reveal need a purpose from the short list (issue 18)', async () => {
  const hv = s['a-health_visitor'];
  const child = fam.persons.find((p) => p.kind === 'child');
  const purposes = await srv.req('GET', '/api/v1/purposes', { session: hv });
  assert.equal(purposes.status, 200);
  assert.deepEqual(purposes.json.items.map((p) => p.code), ['casework', 'visitation', 'identity', 'parent_request', 'authority', 'correction']);
  assert.ok(purposes.json.items.every((p) => p.label.length > 5));
  const before = srv.count('audit_log');
  let r = await srv.req('POST', '/api/v1/persons/lookup', { body: { cpr: '1506254321' }, session: hv });
  assertProblem(r, 400, 'purpose');
  assert.ok(!r.text.includes('4321'));
  assertProblem(await srv.req('POST', '/api/v1/persons/lookup', { body: { cpr: '1506254321', purpose: 'statistics' }, session: hv }), 400, 'purpose');
  assertProblem(await srv.req('GET', `/api/v1/persons/${child.id}/cpr`, { session: hv }), 400, 'purpose');
  r = await srv.req('GET', `/api/v1/persons/${child.id}/cpr?purpose=nonsense`, { session: hv });
  assertProblem(r, 400, 'purpose');
  assert.ok(!r.text.includes('4321'));
  // the refused attempts are on record, and revealed nothing
  await new Promise((res) => setTimeout(res, 250));
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE id > ${before} AND outcome = 'invalid'`), '4');
  r = await srv.req('GET', `/api/v1/persons/${child.id}/cpr?purpose=parent_request`, { session: hv });
  assert.equal(r.status, 200);
  await new Promise((res) => setTimeout(res, 250));
  assert.equal(srv.sql(`SELECT purpose_code FROM audit_log WHERE action = 'reveal' AND outcome = 'ok' ORDER BY id DESC LIMIT 1`), 'parent_request');
});

test('a coordinator reads a family outside her caseload only with a purpose; her own without', async () => {
  // the health visitor's family has no open case: the coordinator sees it only through her role
  const co = s['a-coordinator'];
  let r = await srv.req('GET', `/api/v1/families/${fam.id}`, { session: co });
  assertProblem(r, 400, 'purpose');
  r = await srv.req('GET', `/api/v1/families/${fam.id}?purpose=authority`, { session: co });
  assert.equal(r.status, 200);
  // its creator needs none; a family the coordinator created herself neither
  assert.equal((await srv.req('GET', `/api/v1/families/${fam.id}`, { session: s['a-health_visitor'] })).status, 200);
  const own = await srv.req('POST', '/api/v1/families', { body: { name: 'Familien Egenkoordinator', persons: [{ kind: 'child', given_name: 'Alf', family_name: 'Egen', expected_birth_date: addDays(today(), 120) }] }, session: co });
  assert.equal(own.status, 201, own.text);
  assert.equal((await srv.req('GET', `/api/v1/families/${own.json.id}`, { session: co })).status, 200);
  // a family with a case awaiting visitation is the coordinator's daily work
  const child = fam.persons.find((p) => p.kind === 'child');
  r = await srv.req('POST', '/api/v1/referrals', { body: { family_id: fam.id, child_id: child.id, source: 'health_visiting', reason: 'Syntetisk', risk_factors: [], referred_on: '2026-01-05' }, session: s['a-health_visitor'] });
  assert.equal(r.status, 201, r.text);
  assert.equal((await srv.req('GET', `/api/v1/families/${fam.id}`, { session: co })).status, 200);
  await new Promise((res) => setTimeout(res, 250));
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'read' AND entity = 'family' AND entity_id = '${fam.id}' AND outcome = 'ok' AND purpose_code = 'authority'`), '1');
});

test('consents: given by a guardian of the family, withdrawn once, not before given', async () => {
  const mother = fam.persons.find((p) => p.kind === 'guardian');
  const child = fam.persons.find((p) => p.kind === 'child');
  const url = `/api/v1/families/${fam.id}/consents`;
  const before = srv.count('consent');
  assertProblem(await srv.req('POST', url, { body: { purpose: 'share_everything', guardian_id: mother.id, given_on: '2026-11-01' }, session: s['a-health_visitor'] }), 400, 'purpose');
  assertProblem(await srv.req('POST', url, { body: { purpose: 'share_daycare', guardian_id: child.id, given_on: '2026-11-01' }, session: s['a-health_visitor'] }), 400, 'guardian_id');
  assertProblem(await srv.req('POST', url, { body: { purpose: 'share_daycare', guardian_id: mother.id, given_on: '2026-02-30' }, session: s['a-health_visitor'] }), 400, 'given_on');
  assert.equal(srv.count('consent'), before);
  const given = await srv.req('POST', url, { body: { purpose: 'share_daycare', guardian_id: mother.id, given_on: '2026-11-01' }, session: s['a-health_visitor'] });
  assert.equal(given.status, 201, given.text);
  assert.equal(given.json.active, true);
  const w = `/api/v1/consents/${given.json.id}/withdraw`;
  assertProblem(await srv.req('POST', w, { body: { withdrawn_on: '2026-10-01' }, session: s['a-health_visitor'] }), 400, 'withdrawn_on');
  assertProblem(await srv.req('POST', w, { body: { withdrawn_on: '2026-11-20' }, session: s['a-home_pedagogue'] }), 404);
  const ok = await srv.req('POST', w, { body: { withdrawn_on: '2026-11-20' }, session: s['a-health_visitor'] });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.active, false);
  assertProblem(await srv.req('POST', w, { body: { withdrawn_on: '2026-11-21' }, session: s['a-health_visitor'] }), 409, 'withdrawn_on');
  const f = await srv.req('GET', `/api/v1/families/${fam.id}`, { session: s['a-health_visitor'] });
  assert.equal(f.json.consents[0].withdrawn_on, '2026-11-20');
});

test('rede audit person lists the accesses to a citizen, from stdin', async () => {
  await new Promise((res) => setTimeout(res, 250));
  const r = srv.cli(['audit', 'person'], '1506254321\n');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /reveal/);
  assert.match(r.stdout, /GET \/api\/v1\/families\/\{id\}/);
  assert.match(r.stdout, /\d+ accesses/);
  assert.ok(!r.stdout.includes('1506254321'));
  const none = srv.cli(['audit', 'person'], '0101700000\n');
  assert.match(none.stdout, /no person/);
  assert.equal(srv.cli(['audit', 'person'], 'nonsense\n').status, 2);
});

test('changing a family or a person needs If-Match; stale changes answer 412', async () => {
  const f = await srv.req('GET', `/api/v1/families/${fam.id}`, { session: s['a-health_visitor'] });
  const etag = f.headers.get('etag');
  assertProblem(await srv.req('PATCH', `/api/v1/families/${fam.id}`, { body: { name: 'Uden' }, session: s['a-health_visitor'] }), 428);
  let r = await srv.req('PATCH', `/api/v1/families/${fam.id}`, { body: { name: 'Familien Ærøsen-Hansen' }, session: s['a-health_visitor'], headers: { 'If-Match': etag } });
  assert.equal(r.status, 200);
  assert.equal(r.json.name, 'Familien Ærøsen-Hansen');
  assertProblem(await srv.req('PATCH', `/api/v1/families/${fam.id}`, { body: { name: 'Gammel' }, session: s['a-health_visitor'], headers: { 'If-Match': etag } }), 412);
  const mother = f.json.persons.find((p) => p.kind === 'guardian');
  const url = `/api/v1/persons/${mother.id}`;
  r = await srv.req('PATCH', url, { body: { phone: '87654321', interpreter_needed: true, language: 'arabisk' }, session: s['a-health_visitor'], headers: { 'If-Match': `"${mother.etag}"` } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.phone, '87654321');
  assert.equal(r.json.cpr, '010190-xxxx'); // the CPR number is untouched and still masked
  assertProblem(await srv.req('PATCH', url, { body: { phone: '1' }, session: s['a-health_visitor'], headers: { 'If-Match': `"${mother.etag}"` } }), 412);
  assertProblem(await srv.req('PATCH', url, { body: { cpr: '0101904000' }, session: s['a-health_visitor'], headers: { 'If-Match': `"${r.json.etag}"` } }), 400, 'cpr');
  assertProblem(await srv.req('PATCH', url, { body: { relation: 'uncle' }, session: s['a-health_visitor'], headers: { 'If-Match': `"${r.json.etag}"` } }), 400, 'relation');
  assertProblem(await srv.req('PATCH', url, { body: { phone: '2' }, session: s['a-home_pedagogue'], headers: { 'If-Match': `"${r.json.etag}"` } }), 404);
  const again = await srv.req('GET', `/api/v1/families/${fam.id}`, { session: s['a-health_visitor'] });
  assert.equal(again.json.persons.find((p) => p.id === mother.id).phone, '87654321');
});
