// archive.test.mjs - `rede archive export` writes an arkiveringsversion
// (bekendtgørelse nr. 128 af 12. februar 2020) of the cases that had ended by
// a date: every XML file validates against its schema (xmllint), every file
// is in fileIndex.xml with its MD5, the row counts agree with tableIndex.xml
// and with the database, every foreign key resolves inside the version, and
// nothing of another municipality is in it. `rede archive delivered` records
// a delivery only of a version that was exported. SQLite and PostgreSQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Server } from './harness.mjs';

const srv = new Server();
after(async () => { await srv.stop(); });

// A day two years back (the demo spreads its cases over four years up to
// today), so some cases had ended by it and others had not.
const through = (() => {
  const d = new Date(Date.now() - 730 * 86400000);
  return d.toISOString().slice(0, 10);
})();

function files(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p)); else out.push(p);
  }
  return out;
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&apos;/g, "'").replace(/&#13;/g, '\r').replace(/&amp;/g, '&');

// rows of a tableN.xml as arrays of values (null for xsi:nil)
function tableRows(path) {
  const xml = readFileSync(path, 'utf8');
  const rows = [];
  for (const m of xml.matchAll(/<row>([\s\S]*?)<\/row>/g)) {
    const row = [];
    for (const c of m[1].matchAll(/<c(\d+)(?: xsi:nil="true"\/>|>([\s\S]*?)<\/c\d+>)/g)) row[Number(c[1]) - 1] = c[2] === undefined ? null : unescape(c[2]);
    rows.push(row);
  }
  return rows;
}

function tableIndex(dir) {
  const xml = readFileSync(join(dir, 'Indices', 'tableIndex.xml'), 'utf8');
  const tables = {};
  for (const m of xml.matchAll(/<table>([\s\S]*?)<\/table>/g)) {
    const t = m[1];
    const name = /<name>(.*?)<\/name>/.exec(t)[1];
    const folder = /<folder>(.*?)<\/folder>/.exec(t)[1];
    const rows = Number(/<rows>(\d+)<\/rows>/.exec(t)[1]);
    const columns = [...t.matchAll(/<column>\s*<name>(.*?)<\/name>\s*<columnID>c(\d+)<\/columnID>\s*<type>(.*?)<\/type>/g)]
      .map((c) => ({ name: c[1], idx: Number(c[2]) - 1, type: c[3] }));
    const fks = [...t.matchAll(/<foreignKey>[\s\S]*?<referencedTable>(.*?)<\/referencedTable>\s*<reference>\s*<column>(.*?)<\/column>\s*<referenced>(.*?)<\/referenced>/g)]
      .map((f) => ({ table: f[1], column: f[2], referenced: f[3] }));
    tables[name] = { folder, rows, columns, fks };
  }
  return tables;
}

let M; let dir; let version;
test('an archive version of a municipality validates, is complete and agrees with the database', () => {
  srv.cliOk(['init', '--db', srv.db, '--key', srv.key]);
  srv.cliOk(['demo', '--scale', '0.05', '--seed', '5']);
  M = Number(srv.sql("SELECT id FROM municipality WHERE code = '0999'"));
  dir = join(srv.dir, 'AVID.SA.18005.1');
  const r = srv.cliOk(['archive', 'export', '--municipality', '0999', '--through', through, '--out', dir, '--avid', 'AVID.SA.18005']);
  assert.match(r.stdout, /archive version AVID\.SA\.18005 of 0999/);
  assert.equal(statSync(dir).mode & 0o077, 0, 'the version is readable only by its owner');

  // every XML file validates against its schema
  for (const name of ['archiveIndex', 'tableIndex', 'fileIndex', 'contextDocumentationIndex']) {
    const v = spawnSync('xmllint', ['--noout', '--schema', join(dir, 'Schemas', 'standard', `${name}.xsd`), join(dir, 'Indices', `${name}.xml`)], { encoding: 'utf8' });
    assert.equal(v.status, 0, `${name}.xml: ${v.stderr}`);
  }
  version = tableIndex(dir);
  assert.equal(Object.keys(version).length, 40);
  for (const [name, t] of Object.entries(version)) {
    const base = join(dir, 'Tables', t.folder, t.folder);
    const v = spawnSync('xmllint', ['--noout', '--schema', `${base}.xsd`, `${base}.xml`], { encoding: 'utf8' });
    assert.equal(v.status, 0, `${name}: ${v.stderr}`);
    t.data = tableRows(`${base}.xml`);
    assert.equal(t.data.length, t.rows, `${name}: rows in the file and in tableIndex.xml`);
    for (const c of t.columns) {
      const m = /VARYING\((\d+)\)/.exec(c.type);
      if (m) assert.ok(t.data.every((row) => row[c.idx] === null || [...row[c.idx]].length <= Number(m[1])), `${name}.${c.name} longer than its type`);
    }
  }

  // fileIndex.xml lists every other file with its MD5
  const fi = readFileSync(join(dir, 'Indices', 'fileIndex.xml'), 'utf8');
  const listed = [...fi.matchAll(/<foN>(.*?)<\/foN>\s*<fiN>(.*?)<\/fiN>\s*<md5>([0-9A-F]{32})<\/md5>/g)];
  const onDisk = files(dir).map((p) => relative(dir, p)).filter((p) => p !== join('Indices', 'fileIndex.xml')).sort();
  const inIndex = listed.map((m) => join(...m[1].split('\\').slice(1), m[2])).sort();
  assert.deepEqual(inIndex, onDisk);
  for (const m of listed) {
    const p = join(dir, ...m[1].split('\\').slice(1), m[2]);
    assert.ok(m[1].startsWith('AVID.SA.18005.1\\'), m[1]);
    assert.equal(createHash('md5').update(readFileSync(p)).digest('hex').toUpperCase(), m[3], p);
  }
  assert.match(readFileSync(join(dir, 'Indices', 'archiveIndex.xml'), 'utf8'), new RegExp(`<archivePeriodEnd>${through}</archivePeriodEnd>`));

  // every foreign key resolves inside the version
  for (const [name, t] of Object.entries(version)) {
    for (const fk of t.fks) {
      const ref = version[fk.table];
      const refIdx = ref.columns.find((c) => c.name === fk.referenced).idx;
      const have = new Set(ref.data.map((row) => row[refIdx]));
      const idx = t.columns.find((c) => c.name === fk.column).idx;
      const missing = t.data.filter((row) => row[idx] !== null && !have.has(row[idx]));
      assert.equal(missing.length, 0, `${name}.${fk.column} -> ${fk.table}: ${missing.length} dangling`);
    }
    // nothing of another municipality
    const mcol = t.columns.find((c) => c.name === 'municipality_id');
    if (mcol && !['risk_factor', 'hv_material'].includes(name)) assert.ok(t.data.every((row) => Number(row[mcol.idx]) === M), `${name} holds another municipality's rows`);
  }
});

const exported = (name) => version[name].data.map((row) => row[0]);
const sqlIds = (q) => srv.sql(q).split('\n').filter(Boolean).sort();

test('the version holds exactly the cases that had ended by its date', () => {
  const D = `'${through}'`;
  const courses = sqlIds(`SELECT id FROM enrolment WHERE municipality_id = ${M} AND programme = 'home_pedagogue' AND closed_on <= ${D}`);
  const inVersion = version.enrolment.data.filter((row) => row[4] === 'home_pedagogue').map((row) => row[0]).sort();
  assert.deepEqual(inVersion, courses);
  assert.ok(courses.length > 5, `${courses.length} closed courses`);
  const open = Number(srv.sql(`SELECT count(*) FROM enrolment WHERE municipality_id = ${M} AND programme = 'home_pedagogue' AND (closed_on IS NULL OR closed_on > ${D})`));
  assert.ok(open > 0, 'there are courses the version must leave out');
  assert.equal(version.contact.rows, Number(srv.sql(`SELECT count(*) FROM contact k JOIN enrolment e ON e.id = k.enrolment_id WHERE e.municipality_id = ${M} AND e.programme = 'home_pedagogue' AND e.closed_on <= ${D}`)));
  assert.deepEqual(exported('hv_offer').sort(), sqlIds(`SELECT o.id FROM hv_offer o LEFT JOIN hv_visit v ON v.offer_id = o.id WHERE o.municipality_id = ${M} AND ((o.status = 'visited' AND v.visited_on <= ${D}) OR (o.status IN ('declined', 'never_reached') AND o.answered_on <= ${D}))`));
  assert.deepEqual(exported('handover').sort(), sqlIds(`SELECT id FROM handover WHERE municipality_id = ${M} AND held_on <= ${D}`));
  assert.deepEqual(exported('referral').sort(), sqlIds(`SELECT r.id FROM referral r WHERE r.municipality_id = ${M} AND (r.id IN (SELECT referral_id FROM enrolment WHERE municipality_id = ${M} AND programme = 'home_pedagogue' AND closed_on <= ${D}) OR (NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.referral_id = r.id) AND r.status IN ('rejected', 'referred_elsewhere', 'declined_by_family') AND r.last_decided_on <= ${D}))`));
  // the families of those cases, with all their persons and CPR numbers in clear
  const fams = new Set(exported('family'));
  for (const t of ['enrolment', 'hv_offer', 'handover', 'referral']) {
    const idx = version[t].columns.find((c) => c.name === 'family_id').idx;
    for (const row of version[t].data) assert.ok(fams.has(row[idx]));
  }
  const famList = [...fams].join(',');
  assert.equal(version.person.rows, Number(srv.sql(`SELECT count(*) FROM person WHERE family_id IN (${famList})`)));
  const cprIdx = version.person.columns.find((c) => c.name === 'cpr').idx;
  const cprs = version.person.data.map((row) => row[cprIdx]).filter((v) => v !== null);
  assert.equal(cprs.length, Number(srv.sql(`SELECT count(*) FROM person WHERE family_id IN (${famList}) AND cpr_box IS NOT NULL`)));
  assert.ok(cprs.length > 10 && cprs.every((c) => /^\d{10}$/.test(c)));
  assert.equal(version.unit.rows, Number(srv.sql(`SELECT count(*) FROM unit WHERE municipality_id = ${M}`)));
  assert.equal(version.municipality.rows, 1);
});

test('a delivery is recorded only for an exported version, and both are on record', () => {
  let r = srv.cli(['archive', 'delivered', '--municipality', '0999', '--through', '2001-01-01', '--reference', 'RA 2026-123']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no archive version/);
  r = srv.cli(['archive', 'delivered', '--municipality', '0999', '--through', through]);
  assert.equal(r.status, 2, 'a delivery needs the archive\'s reference');
  r = srv.cliOk(['archive', 'delivered', '--municipality', '0999', '--through', through, '--reference', 'RA 2026-123']);
  assert.match(r.stdout, /AVID\.SA\.18005/);
  assert.equal(srv.sql(`SELECT through_on || '|' || reference FROM archive_delivery WHERE municipality_id = ${M}`), `${through}|RA 2026-123`);
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'export' AND entity = 'archive_export' AND purpose_code = 'archive'"), '1');
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'delivered' AND purpose_code = 'archive'"), '1');
  const list = srv.cliOk(['archive', 'list', '--municipality', '0999']).stdout;
  assert.match(list, /export .*AVID\.SA\.18005/);
  assert.match(list, /delivery .*RA 2026-123/);
  assert.equal(srv.cli(['audit', 'verify']).status, 0);
});

test('export refuses a folder in use, a future date and a malformed AVID', () => {
  const used = join(srv.dir, 'used');
  mkdirSync(used);
  writeFileSync(join(used, 'x'), 'x');
  let r = srv.cli(['archive', 'export', '--municipality', '0999', '--through', through, '--out', used]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not empty/);
  r = srv.cli(['archive', 'export', '--municipality', '0999', '--through', '2999-01-01', '--out', join(srv.dir, 'f')]);
  assert.equal(r.status, 2);
  r = srv.cli(['archive', 'export', '--municipality', '0999', '--through', through, '--out', join(srv.dir, 'g'), '--avid', 'AVID.x.0']);
  assert.equal(r.status, 2);
  // a second version of the same period gets its own AVID and names the delivered one before it
  const second = join(srv.dir, 'second');
  srv.cliOk(['archive', 'export', '--municipality', '0999', '--through', through, '--out', second]);
  assert.match(readFileSync(join(second, 'Indices', 'archiveIndex.xml'), 'utf8'), /<archiveInformationPackageIDPrevious>AVID\.SA\.18005<\/archiveInformationPackageIDPrevious>/);
});
