// cpr_scan.test.mjs - no CPR number in clear anywhere (DESIGN §5, issue
// 14). Makes many families with CPR numbers through the API, looks them up
// and searches for them in every form staff type (ten digits, with a dash
// or a space, inside a name search), reveals, changes and exports, asks
// for a citizen's insight on the CLI - and then looks for every one of
// those numbers in every column of every table (the catalog's list), the
// raw SQLite file and its WAL, and the server's stdout and stderr. The
// harness does the same scan for every API test file that sends a CPR
// number (harness.mjs, stop()). Both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem, cprForms, BACKEND } from './harness.mjs';

const srv = new Server();
const N = 24;
const settle = () => new Promise((r) => setTimeout(r, 300));
let hv, coordB;
const fams = [];

// Synthetic, valid CPR numbers: children born in 2024 (7th digit 4),
// guardians born in 1990 (7th digit 1).
const pad = (n, w) => String(n).padStart(w, '0');
const childCpr = (i) => `${pad(1 + (i % 28), 2)}${pad(1 + (i % 12), 2)}24${4000 + i}`;
const parentCpr = (i) => `${pad(1 + (i % 28), 2)}${pad(1 + ((i + 5) % 12), 2)}90${1000 + i}`;
const dashed = (c) => `${c.slice(0, 6)}-${c.slice(6)}`;

before(async () => {
  srv.setupTenants();
  await srv.start();
  hv = await srv.login('a-health_visitor');
  coordB = await srv.login('b-coordinator');
  for (let i = 0; i < N; i++) {
    const child = childCpr(i), parent = parentCpr(i);
    const r = await srv.req('POST', '/api/v1/families', { session: hv, headers: { 'Idempotency-Key': `scan-${i}` }, body: {
      name: `Skanning ${i}`, persons: [
        { kind: 'child', given_name: 'Barn', family_name: `Skanning${i}`, cpr: i % 2 ? dashed(child) : child },
        { kind: 'guardian', given_name: 'Forælder', family_name: `Skanning${i}`, relation: 'mother',
          cpr: i % 2 ? parent : dashed(parent) }] } });
    assert.equal(r.status, 201, r.text);
    fams.push({ id: r.json.id, child, parent, persons: r.json.persons });
  }
});

after(() => srv.stop());

test('a search text holding a CPR number finds the family as a CPR look-up would', async () => {
  for (const [i, f] of fams.entries()) {
    const forms = cprForms(i % 3 ? f.child : f.parent);
    const q = [forms[0], forms[1], forms[2], `Skanning ${forms[1]}`][i % 4];
    const r = await srv.req('GET', `/api/v1/families?q=${encodeURIComponent(q)}`, { session: hv });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((x) => x.id), [f.id], q);
  }
  // another municipality's user: no hit, as for a name
  const other = await srv.req('GET', `/api/v1/families?q=${fams[0].child}`, { session: coordB });
  assert.equal(other.status, 200);
  assert.deepEqual(other.json.items, []);
  // no person with that number: no hit
  const none = await srv.req('GET', '/api/v1/families?q=0101204999', { session: hv });
  assert.deepEqual(none.json.items, []);
  // shaped like one but no date: refused as the look-up refuses it
  assertProblem(await srv.req('GET', '/api/v1/families?q=3102241234', { session: hv }), 400, 'q');
  // a name search with other digits keeps no digit in clear
  const named = await srv.req('GET', '/api/v1/families?q=Skanning%2012345', { session: hv });
  assert.equal(named.status, 200);
  await settle();
  const details = srv.sql("SELECT DISTINCT COALESCE(detail, '') || '|' || COALESCE(entity, '') FROM audit_log " +
    "WHERE action = 'search' AND purpose = 'GET /api/v1/families'").split('\n');
  assert.ok(details.includes('cpr lookup|person'), details.join('\n'));
  // a name search is on record as a keyed hash of its folded text (issue 18), never as text
  assert.ok(details.some((d) => /^name search #[0-9a-f]{16}\|family$/.test(d)), details.join('\n'));
  assert.ok(details.every((d) => !d.includes('Skanning')), details.join('\n'));
  assert.ok(details.every((d) => !/\d{4}/.test(d.replace(/#[0-9a-f]{16}/, '#'))), details.join('\n'));
});

test('look-ups, reveals, changes and exports of CPR numbers', async () => {
  for (const f of fams.slice(0, 6)) {
    const r = await srv.req('POST', '/api/v1/persons/lookup', { session: hv, body: { cpr: dashed(f.parent), purpose: 'identity' } });
    assert.equal(r.status, 200, r.text);
    const child = f.persons.find((p) => p.kind === 'child');
    const rev = await srv.req('GET', `/api/v1/persons/${child.id}/cpr?purpose=casework`, { session: hv });
    assert.equal(rev.json.cpr, dashed(f.child));
  }
  // a registered number again: refused without echoing it
  const dup = await srv.req('POST', `/api/v1/families/${fams[1].id}/persons`, { session: hv,
    body: { kind: 'guardian', given_name: 'Far', family_name: 'Igen', relation: 'father', cpr: fams[0].parent } });
  assert.ok(dup.status >= 400, dup.text);
  assert.ok(!dup.text.includes(fams[0].parent) && !dup.text.includes(dashed(fams[0].parent)));
  // a person added later with a CPR number; a CPR number in a change is refused
  const later = await srv.req('POST', '/api/v1/families', { session: hv, body: { name: 'Senere',
    persons: [{ kind: 'child', given_name: 'Ny', family_name: 'Senere', expected_birth_date: '2027-01-10' }] } });
  const added = await srv.req('POST', `/api/v1/families/${later.json.id}/persons`, { session: hv,
    body: { kind: 'guardian', given_name: 'Mor', family_name: 'Senere', relation: 'mother', cpr: '100190-1234' } });
  assert.equal(added.status, 201, added.text);
  const p = later.json.persons[0];
  const patch = await srv.req('PATCH', `/api/v1/persons/${p.id}`, { session: hv,
    headers: { 'If-Match': `"${p.etag}"` }, body: { cpr: '1001274321' } });
  assertProblem(patch, 400, 'cpr');
  assert.ok(!patch.text.includes('1001274321'));
  // exports of the period
  const rep = await srv.req('GET', '/api/v1/reports/home-pedagogue?format=csv', { session: await srv.login('a-leader') });
  assert.equal(rep.status, 200);
  // a citizen's insight: the number on stdin
  const ins = srv.cli(['audit', 'person'], `${fams[2].child}\n`);
  assert.equal(ins.status, 0, ins.stderr);
  assert.ok(!ins.stdout.includes(fams[2].child));
});

test('a CPR number put into a URL does not go on record as an id', async () => {
  const cpr = fams[9].child; // no leading zero: read as a number it is the same digits
  assert.match(cpr, /^[1-9]/);
  assertProblem(await srv.req('GET', `/api/v1/families/${cpr}`, { session: hv }), 404);
  assertProblem(await srv.req('GET', `/api/v1/reports/${cpr}`, { session: await srv.login('a-leader') }), 404);
  await settle();
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE entity_id LIKE '%${cpr.slice(0, 6)}%'`), '0');
});

test('none of the CPR numbers sent is in any table, the file, the WAL or the server output', async () => {
  await settle();
  assert.ok(srv.cprs.size >= 2 * N, `the harness noted ${srv.cprs.size} numbers`);
  const found = srv.scanForCprs();
  assert.deepEqual(found.map((f) => f.where), []);
  // the scan is real: a number written in clear into any column is found
  const planted = '2412246000';
  srv.sql(`UPDATE family SET name = 'Plantet ${dashed(planted)}' WHERE id = ${fams[0].id}`);
  const hit = srv.scanForCprs({ cprs: new Set([planted]), output: false });
  assert.ok(hit.some((f) => f.where === 'table family'), JSON.stringify(hit));
  if (BACKEND === 'sqlite') assert.ok(hit.some((f) => /wal|\.db$/.test(f.where)), JSON.stringify(hit));
  srv.sql(`UPDATE family SET name = 'Skanning 0' WHERE id = ${fams[0].id}`);
  const tables = srv.dumpTables().map(([t]) => t);
  for (const t of ['audit_log', 'person', 'family', 'idempotency', 'session']) assert.ok(tables.includes(t), t);
});
