// import.test.mjs - importing existing registrations from XLSX and CSV
// (issue 19): `rede import` on a real database (SQLite, or PostgreSQL with
// REDE_TEST_BACKEND=postgres) beside a running server.
//
// Fixtures are made here: the template writer's own file filled in with
// exceljs, workbooks as Excel writes them (exceljs: shared strings, dates
// as serial numbers, a CPR number typed into a number cell), CSV in both
// dialects and encodings, and hand-broken files (jszip): a zip bomb, a
// billion-laughs DTD, a truncated archive, a workbook without the sheet.
// Every error class is checked to change nothing (raw counts), a file with
// one bad row imports nothing, a re-import creates nothing, a changed row
// is a conflict; contacts go through the course's rules as the pedagogue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Server } from './harness.mjs';

const srv = new Server();
const s = {};
const uid = {};
let mA;

const DAY = 86400000;
const today = () => new Date(Date.now()).toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const da = (iso) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

// Synthetic CPR numbers (never real: day/month of test dates, high serials).
let cprSeq = 700;
function cprFor(iso) {
  const [y, m, d] = iso.split('-');
  const n = `${d}${m}${y.slice(2)}${Number(y) >= 2000 ? 5 : 1}${String(cprSeq++).padStart(3, '0')}`;
  srv.cprs.add(n);
  return n;
}

let fileNo = 0;
function file(ext, content) {
  const p = join(srv.dir, `import-${++fileNo}.${ext}`);
  writeFileSync(p, content);
  return p;
}

// rede import ... --json; returns {status, report, stderr}.
function imp(kind, path, { dry = false, as = 'a-coordinator', extra = [] } = {}) {
  const args = ['import', kind, '--municipality', '0101', '--as', as, '--file', path, '--json', ...extra];
  if (dry) args.push('--dry-run');
  const r = srv.cli(args);
  let report = null;
  try { report = JSON.parse(r.stdout); } catch { report = null; }
  assert.ok(report, `no JSON report (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  return { status: r.status, report, stderr: r.stderr };
}

const counts = () => ({
  family: srv.count('family'), person: srv.count('person'), contact: srv.count('contact'),
  import_key: srv.count('import_key'),
});

// The problems of a report as "row/column: message" for assertion messages.
const probs = (rep) => JSON.stringify(rep.errors);

function hasError(rep, { row, column, header, message }) {
  return rep.errors.some((e) => (row === undefined || e.row === row) && (column === undefined || e.column === column) &&
    (header === undefined || e.header === header) && (message === undefined || message.test(e.message)));
}

// A families CSV: rows [key, familyName, role, given, family, cpr, expected, relation].
const FAM_HEAD = ['Familie-ID', 'Familienavn', 'Rolle', 'Fornavn', 'Efternavn', 'CPR-nummer', 'Forventet fødselsdato', 'Relation'];
function famCsv(rows, sep = ';') {
  const q = (v) => (/[";,\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [FAM_HEAD, ...rows].map((r) => r.map((v) => q(String(v ?? ''))).join(sep)).join('\r\n') + '\r\n';
}

before(async () => {
  srv.setupTenants();
  srv.addUser('a-hp2', 'home_pedagogue', '0101', srv.units.Forvaltningen);
  await srv.start();
  for (const u of ['a-coordinator', 'a-home_pedagogue', 'a-hp2', 'a-admin']) {
    s[u] = await srv.login(u);
    assert.equal(s[u].status, 201, u);
    uid[u] = s[u].user.id;
  }
  mA = Number(srv.sql("SELECT id FROM municipality WHERE code = '0101'"));
});
after(() => srv.stop());

test('the template: one sheet, Danish headers, a notes row, drop-downs, date and text formats; filled in it imports', async () => {
  const out = join(srv.dir, 'familier.xlsx');
  srv.cliOk(['import', 'template', 'families', '--format', 'xlsx', '--out', out]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['Familier']);
  const ws = wb.getWorksheet('Familier');
  const headers = ws.getRow(1).values.slice(1);
  assert.deepEqual(headers, ['Familie-ID', 'Familienavn', 'Rolle', 'Fornavn', 'Efternavn', 'CPR-nummer',
    'Forventet fødselsdato', 'Telefon', 'Relation', 'Bor med barnet', 'Sprog', 'Tolk', 'Registreret af']);
  assert.match(String(ws.getCell('A2').value), /^# Noter/);
  // drop-downs on the coded columns (Rolle C, Relation I) and the yes/no ones
  const dv = ws.dataValidations.model;
  const lists = Object.entries(dv).filter(([, v]) => v.type === 'list');
  const cols = new Set(lists.map(([k]) => k.replace(/[0-9:]+.*$/, '')));
  for (const c of ['C', 'I', 'J', 'L']) assert.ok(cols.has(c), `no drop-down on column ${c}: ${[...cols]}`);
  const rolle = lists.find(([k]) => k.startsWith('C'))[1];
  assert.match(rolle.formulae[0], /Barn,Forælder/);
  assert.equal(ws.getColumn(6).numFmt, '@');           // CPR as text
  assert.equal(ws.getColumn(7).numFmt, 'dd-mm-yyyy');  // dates dd-mm-åååå

  // fill it in as a person would and import it
  const birth = addDays(today(), -300);
  const cpr = cprFor(birth);
  ws.getRow(3).values = ['T1', 'Skabelonsen', 'Barn', 'Alma', 'Skabelonsen', cpr, null, null, null];
  ws.getRow(4).values = ['T1', null, 'Forælder', 'Bodil', 'Skabelonsen', null, null, null, 'Mor', 'ja'];
  ws.getRow(5).values = ['T2', 'Ventesen', 'Barn', 'Ufødt', 'Ventesen', null, new Date(`${addDays(today(), 60)}T00:00:00Z`)];
  const filled = join(srv.dir, 'familier-udfyldt.xlsx');
  await wb.xlsx.writeFile(filled);
  const before0 = counts();
  const { status, report } = imp('families', filled);
  assert.equal(status, 0, probs(report));
  assert.equal(report.imported, true);
  assert.equal(report.sheet, 'Familier');
  assert.deepEqual(report.created, { family: 2, person: 3 });
  const after0 = counts();
  assert.equal(after0.family, before0.family + 2);
  assert.equal(after0.person, before0.person + 3);
  assert.equal(srv.sql("SELECT expected_birth_date FROM person WHERE given_name = 'Ufødt'"), addDays(today(), 60));
  assert.equal(srv.sql("SELECT lives_with_child FROM person WHERE given_name = 'Bodil'").replace('t', '1'), '1');
  // the CPR number is found by the API's look-up, stored encrypted only
  const r = await srv.req('POST', '/api/v1/persons/lookup', { body: { cpr, purpose: 'identity' }, session: s['a-coordinator'] });
  assert.equal(r.status, 200, r.text);
});

test('a workbook as Excel writes it: shared strings, date serials, a CPR number that lost its leading 0', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Familier');
  ws.addRow(FAM_HEAD);
  const birth = '2025-03-05'; // day 05: a leading zero to lose
  const cpr = cprFor(birth);
  assert.equal(cpr[0], '0');
  ws.addRow(['X1', 'Excelsen', 'Barn', 'Carl', 'Excelsen', Number(cpr), null, null]);
  ws.addRow(['X2', 'Datosen', 'Barn', 'Dorit', 'Datosen', null, new Date(`${addDays(today(), 30)}T00:00:00Z`), null]);
  ws.addRow(['X3', 'Tekstdato', 'Barn', 'Ejnar', 'Tekstdato', null, `${Number(addDays(today(), 40).slice(8))}.${Number(addDays(today(), 40).slice(5, 7))}.${addDays(today(), 40).slice(0, 4)}`, null]);
  const p = join(srv.dir, 'excel.xlsx');
  await wb.xlsx.writeFile(p);
  // exceljs writes text as shared strings and the date as a serial number
  const zip = await JSZip.loadAsync(readFileSync(p));
  assert.ok(zip.file('xl/sharedStrings.xml'), 'exceljs wrote no shared strings');
  const sheetXml = await zip.file('xl/worksheets/sheet1.xml').async('string');
  assert.match(sheetXml, /<c r="G3"[^>]*><v>\d{5}<\/v>/);
  assert.match(sheetXml, new RegExp(`<v>${Number(cpr)}</v>`));

  const { status, report } = imp('families', p);
  assert.equal(status, 0, probs(report));
  assert.deepEqual(report.created, { family: 3, person: 3 });
  assert.equal(report.notes.length, 1);
  assert.equal(report.notes[0].row, 2);
  assert.equal(report.notes[0].column, 'F');
  assert.match(report.notes[0].message, /mistet sit første 0/);
  assert.ok(!JSON.stringify(report).includes(cpr.slice(1)), 'the report shows the CPR number');
  assert.equal(srv.sql("SELECT expected_birth_date FROM person WHERE given_name = 'Dorit'"), addDays(today(), 30));
  assert.equal(srv.sql("SELECT expected_birth_date FROM person WHERE given_name = 'Ejnar'"), addDays(today(), 40));
  assert.equal(srv.sql("SELECT birth_date FROM person WHERE given_name = 'Carl'"), birth);
  const r = await srv.req('POST', '/api/v1/persons/lookup', { body: { cpr, purpose: 'identity' }, session: s['a-coordinator'] });
  assert.equal(r.status, 200, r.text);
});

test('CSV: comma and semicolon, UTF-8 with and without BOM, Windows-1252 detected and stated', () => {
  const exp = da(addDays(today(), 20));
  let r = imp('families', file('csv', famCsv([['C1', 'Kommasen', 'Barn', 'Åse', 'Kommasen', '', exp, '']], ',')));
  assert.equal(r.status, 0, probs(r.report));
  assert.equal(r.report.delimiter, ',');
  assert.equal(r.report.encoding, 'UTF-8');

  r = imp('families', file('csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(famCsv([['C2', 'Bomsen', 'Barn', 'Øjvind', 'Bomsen', '', exp, '']]))])));
  assert.equal(r.status, 0, probs(r.report));
  assert.equal(r.report.delimiter, ';');
  assert.equal(r.report.encoding, 'UTF-8 (BOM)');
  assert.equal(srv.sql("SELECT count(*) FROM person WHERE given_name = 'Øjvind'"), '1');

  // old Danish Excel: ';' and Windows-1252 (æ ø å as single bytes)
  const latin1 = Buffer.from(famCsv([['C3', 'Ærøsen', 'Barn', 'Søren', 'Ærøsen', '', exp, '']]), 'latin1');
  assert.ok(latin1.includes(0xc6)); // Æ as one byte
  r = imp('families', file('csv', latin1));
  assert.equal(r.status, 0, probs(r.report));
  assert.equal(r.report.encoding, 'Windows-1252');
  assert.equal(srv.sql("SELECT family_name FROM person WHERE given_name = 'Søren'"), 'Ærøsen');
  // the text report states it too
  const t = srv.cli(['import', 'families', '--municipality', '0101', '--as', 'a-coordinator', '--dry-run', '--file', file('csv', latin1)]);
  assert.match(t.stdout, /read as Windows-1252, delimiter ';'/);
  assert.match(t.stdout, /every row was imported before/);
});

test('a dry run reports what would be created and changes nothing', () => {
  const before0 = counts();
  const audits = srv.count('audit_log');
  const r = imp('families', file('csv', famCsv([
    ['D1', 'Prøvesen', 'Barn', 'Pia', 'Prøvesen', '', da(addDays(today(), 10)), ''],
    ['D1', '', 'Forælder', 'Per', 'Prøvesen', '', '', 'Far'],
  ])), { dry: true });
  assert.equal(r.status, 0, probs(r.report));
  assert.equal(r.report.dry_run, true);
  assert.equal(r.report.imported, false);
  assert.deepEqual(r.report.created, { family: 1, person: 2 });
  assert.deepEqual(counts(), before0);
  // the check itself is on record, nothing else
  assert.equal(srv.count('audit_log'), audits + 1);
  assert.match(srv.sql("SELECT action || '|' || entity || '|' || detail FROM audit_log ORDER BY id DESC LIMIT 1"),
    /^check\|import\|kind families; file import-\d+\.csv; sha256 ([0-9a-f]{8}:){7}[0-9a-f]{8}; rows 2; created \{"family":1,"person":2\}.*dry run$/);
});

test('one bad row imports nothing, and every problem has sheet, row, column and a Danish message', () => {
  const before0 = counts();
  const exp = da(addDays(today(), 15));
  const r = imp('families', file('csv', famCsv([
    ['B1', 'Godsen', 'Barn', 'God', 'Godsen', '', exp, ''],
    ['B2', 'Godsen2', 'Barn', 'God2', 'Godsen2', '', exp, ''],
    ['B3', 'Dårligsen', 'Barn', 'Dårlig', 'Dårligsen', '3213991234', '', ''],
    ['B4', 'Datosen', 'Barn', 'Dato', 'Datosen', '', '31-02-2026', ''],
    ['B5', 'Kodesen', 'Hund', 'Kode', 'Kodesen', '', exp, ''],
    ['B6', 'Relsen', 'Forælder', 'Rel', 'Relsen', '', '', 'Onkel'],
    ['B7', 'Tomsen', 'Barn', 'Tom', 'Tomsen', '', '', ''],
  ])));
  assert.equal(r.status, 1);
  assert.equal(r.report.imported, false);
  assert.deepEqual(counts(), before0, 'a file with bad rows changed the database');
  assert.ok(hasError(r.report, { row: 4, column: 'F', header: 'CPR-nummer', message: /CPR-nummeret er ikke gyldigt/ }), probs(r.report));
  assert.ok(!probs(r.report).includes('3213991234'));
  assert.ok(hasError(r.report, { row: 5, column: 'G', message: /Ugyldig dato/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 6, column: 'C', message: /Ukendt værdi - vælg en af: Barn, Forælder/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 7, column: 'H', message: /Ukendt værdi/ }), probs(r.report));
  // the API's own rule (core): a child needs a CPR number or an expected birth date
  assert.ok(hasError(r.report, { row: 8, column: 'F', message: /Et barn skal have CPR-nummer eller forventet fødselsdato/ }), probs(r.report));
  for (const e of r.report.errors) assert.equal(e.sheet, 'CSV');
});

test('a CPR number already registered to someone else is refused by the API rule, nothing imported', () => {
  const cpr = cprFor(addDays(today(), -200));
  let r = imp('families', file('csv', famCsv([['R1', 'Førstesen', 'Barn', 'Første', 'Førstesen', cpr, '', '']])));
  assert.equal(r.status, 0, probs(r.report));
  const before0 = counts();
  r = imp('families', file('csv', famCsv([
    ['R2', 'Nysen', 'Barn', 'Ny', 'Nysen', '', da(addDays(today(), 5)), ''],
    ['R3', 'Andensen', 'Barn', 'Anden', 'Andensen', cpr, '', ''],
  ])));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { row: 3, column: 'F', message: /allerede registreret/ }), probs(r.report));
  assert.deepEqual(counts(), before0);
});

test('re-importing creates nothing and says so; a changed row with a known key is a conflict', () => {
  const rows = [['I1', 'Igensen', 'Barn', 'Igen', 'Igensen', '', da(addDays(today(), 25)), ''],
    ['I1', '', 'Forælder', 'Ingrid', 'Igensen', '', '', 'Mor']];
  let r = imp('families', file('csv', famCsv(rows)));
  assert.equal(r.status, 0, probs(r.report));
  assert.deepEqual(r.report.created, { family: 1, person: 2 });
  const before0 = counts();
  r = imp('families', file('csv', famCsv(rows)));
  assert.equal(r.status, 0, probs(r.report));
  assert.deepEqual(r.report.created, {});
  assert.equal(r.report.unchanged, 1);
  assert.deepEqual(counts(), before0);

  rows[1][3] = 'Inger'; // the guardian's name changed in the source system
  rows.push(['I2', 'Nyfamilie', 'Barn', 'Ny', 'Nyfamilie', '', da(addDays(today(), 25)), '']);
  r = imp('families', file('csv', famCsv(rows)));
  assert.equal(r.status, 1);
  assert.equal(r.report.conflicts, 1);
  assert.ok(hasError(r.report, { row: 2, column: 'A', header: 'Familie-ID', message: /importeret før med andre oplysninger/ }), probs(r.report));
  assert.deepEqual(counts(), before0, 'a conflict let the new family in');
  assert.equal(srv.sql("SELECT count(*) FROM person WHERE given_name = 'Inger'"), '0');
});

// ---- broken files ----

async function excelWorkbook(sheetName = 'Familier') {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(FAM_HEAD);
  ws.addRow(['Z1', 'Zipsen', 'Barn', 'Zia', 'Zipsen', null, da(addDays(today(), 12)), null]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('broken files: zip bomb, billion laughs, truncated, missing sheet, not a workbook - a clear error each, nothing changed', async () => {
  const before0 = counts();
  const good = await excelWorkbook();

  // a zip bomb: the sheet expands to 80 MiB of blanks from ~80 KiB
  let zip = await JSZip.loadAsync(good);
  const sheet = await zip.file('xl/worksheets/sheet1.xml').async('string');
  zip.file('xl/worksheets/sheet1.xml', sheet.replace('<sheetData>', `<sheetData>${' '.repeat(80 * 1024 * 1024)}`));
  const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  assert.ok(bomb.length < 1024 * 1024, `the bomb is ${bomb.length} bytes`);
  let r = imp('families', file('xlsx', bomb));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { message: /fylder for meget udpakket.*zip-bombe/ }), probs(r.report));

  // billion laughs in the shared strings
  zip = await JSZip.loadAsync(good);
  let ents = '<!ENTITY l0 "ha">';
  for (let i = 1; i < 10; i++) ents += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
  const sst = await zip.file('xl/sharedStrings.xml').async('string');
  zip.file('xl/sharedStrings.xml', sst.replace(/^(<\?xml[^>]*\?>)?/, `$1<!DOCTYPE sst [${ents}]>`).replace('<t>Zipsen</t>', '<t>&l9;</t>'));
  r = imp('families', file('xlsx', await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { message: /DTD\/entiteter.*ikke er tilladt/ }), probs(r.report));

  // truncated
  r = imp('families', file('xlsx', good.subarray(0, Math.floor(good.length * 0.6))));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { message: /beskadiget eller afkortet/ }), probs(r.report));

  // damaged inside: a compressed part's bytes changed (CRC)
  const damaged = Buffer.from(good);
  const at = damaged.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 40;
  for (let i = at; i < at + 20; i++) damaged[i] ^= 0x5a;
  r = imp('families', file('xlsx', damaged));
  assert.equal(r.status, 1);
  assert.ok(r.report.errors.length > 0);

  // the workbook has no sheet of that name
  r = imp('families', file('xlsx', await excelWorkbook('Ark1')));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { message: /intet ark med navnet "Familier" \(den har: "Ark1"\)/ }), probs(r.report));
  // ... which --sheet reads
  r = imp('families', file('xlsx', await excelWorkbook('Ark1')), { dry: true, extra: ['--sheet', 'Ark1'] });
  assert.equal(r.status, 0, probs(r.report));

  // a quote never closed in a CSV
  r = imp('families', file('csv', `${FAM_HEAD.join(';')}\nQ1;"Citatsen;Barn\n`));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { message: /citationstegn/ }), probs(r.report));

  // unknown and missing columns
  r = imp('families', file('csv', 'Familie-ID;Skostørrelse\nU1;42\n'));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { row: 1, message: /Ukendt kolonne i kolonne B/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 1, message: /Kolonnen "Fornavn" mangler/ }), probs(r.report));
  assert.deepEqual(counts(), before0);
});

test('the caps are settings: rows and cell length', () => {
  const before0 = counts();
  srv.cliOk(['setting', 'set', 'import.max_rows', '3', '--municipality', '0101']);
  srv.cliOk(['setting', 'set', 'import.max_cell_len', '40', '--municipality', '0101']);
  try {
    const exp = da(addDays(today(), 8));
    let r = imp('families', file('csv', famCsv([1, 2, 3, 4].map((i) => [`M${i}`, 'Mangesen', 'Barn', 'M', 'Mangesen', '', exp, '']))));
    assert.equal(r.status, 1);
    assert.ok(hasError(r.report, { message: /mere end 3 rækker/ }), probs(r.report));
    r = imp('families', file('csv', famCsv([['L1', 'L'.repeat(41), 'Barn', 'L', 'Langsen', '', exp, '']])));
    assert.equal(r.status, 1);
    assert.ok(hasError(r.report, { message: /længere end 40 tegn/ }), probs(r.report));
  } finally {
    srv.sql(`DELETE FROM setting WHERE municipality_id = ${mA} AND key LIKE 'import.%'`);
  }
  assert.deepEqual(counts(), before0);
});

// ---- contacts, through the course's rules ----

const csv = (head, rows) => [head, ...rows].map((r) => r.join(';')).join('\n') + '\n';
const CONSENT_HEAD = ['Kilde-ID', 'Familie', 'Forælder', 'Formål', 'Givet den'];
const REF_HEAD = ['Kilde-ID', 'Barnets CPR-nummer', 'Henvist den', 'Henvist af', 'Begrundelse', 'Indsats', 'Afgørelse',
  'Afgjort den', 'Begrundelse for afgørelsen'];

// A family (imported), its consent and accepted referral (imported), and a
// course over the API; returns the course's id.
async function course() {
  const key = `K${++fileNo}`;
  const childCpr = cprFor(addDays(today(), -250));
  let r = imp('families', file('csv', famCsv([[key, 'Kontaktsen', 'Barn', 'Kim', 'Kontaktsen', childCpr, '', ''],
    [key, '', 'Forælder', 'Karin', 'Kontaktsen', '', '', 'Mor']])));
  assert.equal(r.status, 0, probs(r.report));
  r = imp('consents', file('csv', csv(CONSENT_HEAD, [[`${key}-S`, key, 'Karin', 'Deltagelse i forløb', da(addDays(today(), -60))]])));
  assert.equal(r.status, 0, probs(r.report));
  r = imp('referrals', file('csv', csv(REF_HEAD, [[`${key}-H`, childCpr, da(addDays(today(), -50)), 'Sundhedsplejen', 'Syntetisk',
    'Hjemmepædagogisk forløb', 'Bevilget', da(addDays(today(), -45)), '']])));
  assert.equal(r.status, 0, probs(r.report));
  const start = addDays(today(), -30);
  r = imp('courses', file('csv', csv(COURSE_HEAD, [
    [`${key}-F`, `${key}-H`, 'a-home_pedagogue', 'Forvaltningen', 'Dagtilbudsloven §§ 8-9', da(start), da(start), da(addDays(start, 200)), 180,
      1, 'Hjælp med de faste rutiner', 'Faste rutiner ved sengetid', 1, 3, da(start), da(addDays(start, 20)), 2, 'Hjemmepædagog'],
    [`${key}-F`, '', '', '', '', '', '', '', '', 3, 'Samarbejde med dagtilbud', 'Tale mere med vuggestuen', 2, 4, da(start), '', '', ''],
  ])));
  assert.equal(r.status, 0, probs(r.report));
  assert.deepEqual(r.report.created, { enrolment: 1, goal: 2, goal_rate: 1 });
  return Number(srv.sql(`SELECT entity_id FROM import_key WHERE kind = 'courses' AND source_key = '${key}-F'`));
}

const COURSE_HEAD = ['Forløb-ID', 'Henvisning', 'Hjemmepædagog', 'Enhed', 'Lovgrundlag', 'Startmøde', 'Start', 'Planlagt slut',
  'Minutter pr. uge', 'Tema', 'Fokusområde', 'Mål', 'Udgangspunkt', 'Mål-værdi', 'Aftalt den', 'Vurderet den', 'Vurdering', 'Vurderet af'];

test('courses: the 40-week rule, unknown staff and unit, a referral not accepted - the API\'s rules, nothing imported', () => {
  const key = 'KX';
  const childCpr = cprFor(addDays(today(), -240));
  let r = imp('families', file('csv', famCsv([[key, 'Forløbsen', 'Barn', 'Fie', 'Forløbsen', childCpr, '', '']])));
  assert.equal(r.status, 0, probs(r.report));
  r = imp('referrals', file('csv', csv(REF_HEAD, [[`${key}-H`, childCpr, da(addDays(today(), -50)), 'Sundhedsplejen', 'Syntetisk',
    'Hjemmepædagogisk forløb', 'Bevilget', da(addDays(today(), -45)), '']])));
  assert.equal(r.status, 0, probs(r.report));
  const start = addDays(today(), -30);
  const row = (over) => {
    const base = [`${key}-F`, `${key}-H`, 'a-home_pedagogue', 'Forvaltningen', 'dagtilbudsloven_8_9', da(start), da(start),
      da(addDays(start, 200)), 180, 1, 'routines', 'Faste rutiner', 1, 3, da(start), '', '', ''];
    for (const [i, v] of Object.entries(over)) base[i] = v;
    return base;
  };
  const before0 = srv.count('enrolment');
  r = imp('courses', file('csv', csv(COURSE_HEAD, [row({ 7: da(addDays(start, 7 * 45)) })])));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { row: 2, column: 'H', header: 'Planlagt slut', message: /40 uger/ }), probs(r.report));
  r = imp('courses', file('csv', csv(COURSE_HEAD, [row({ 2: 'ukendt-bruger' })])));
  assert.ok(hasError(r.report, { row: 2, column: 'C', message: /Ukendt medarbejder/ }), probs(r.report));
  r = imp('courses', file('csv', csv(COURSE_HEAD, [row({ 3: 'Månebasen' })])));
  assert.ok(hasError(r.report, { row: 2, column: 'D', message: /Ukendt enhed/ }), probs(r.report));
  r = imp('courses', file('csv', csv(COURSE_HEAD, [row({ 10: 'Rumfart' })])));
  assert.ok(hasError(r.report, { row: 2, column: 'K', message: /Ukendt værdi/ }), probs(r.report));
  assert.equal(srv.count('enrolment'), before0);
});

test('consents and referrals with their decision, through the families\' and visitation\'s rules', () => {
  const key = 'SR1';
  const childCpr = cprFor(addDays(today(), -180));
  let r = imp('families', file('csv', famCsv([[key, 'Samtykkesen', 'Barn', 'Sif', 'Samtykkesen', childCpr, '', ''],
    [key, '', 'Forælder', 'Sanne', 'Samtykkesen', '', '', 'Mor']])));
  assert.equal(r.status, 0, probs(r.report));
  const family = srv.sql(`SELECT entity_id FROM import_key WHERE kind = 'families' AND source_key = '${key}'`);
  const d = da(addDays(today(), -20));

  let before0 = srv.count('consent');
  r = imp('consents', file('csv', csv(CONSENT_HEAD, [
    ['SR1-a', key, 'Sanne', 'Deltagelse i forløb', d],
    ['SR1-b', family, 'sanne', 'share_daycare', d],
  ])));
  assert.equal(r.status, 0, probs(r.report));
  assert.deepEqual(r.report.created, { consent: 2 });
  assert.equal(srv.count('consent'), before0 + 2);
  before0 = srv.count('consent');
  r = imp('consents', file('csv', csv(CONSENT_HEAD, [
    ['SR1-c', 'NOPE', 'Sanne', 'Deltagelse i forløb', d],
    ['SR1-d', key, 'Sif', 'Deltagelse i forløb', d],
    ['SR1-e', key, 'Sanne', 'Reklame', d],
    ['SR1-f', key, 'Sanne', 'Deltagelse i forløb', ''],
  ])));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { row: 2, column: 'B', message: /Ukendt familie/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 3, column: 'C', message: /Ingen forælder i familien har dette fornavn/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 4, column: 'D', message: /Ukendt værdi/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 5, column: 'E', message: /skal udfyldes/ }), probs(r.report));
  assert.equal(srv.count('consent'), before0);

  before0 = srv.count('referral');
  r = imp('referrals', file('csv', csv(REF_HEAD, [
    ['SR1-h1', childCpr, da(addDays(today(), -15)), 'Sundhedsplejen', 'Syntetisk', '', 'Bevilget', da(addDays(today(), -10)), ''],
  ])));
  assert.equal(r.status, 0, probs(r.report));
  assert.deepEqual(r.report.created, { referral: 1, referral_decide: 1 });
  assert.equal(srv.sql("SELECT status FROM referral r JOIN import_key k ON k.entity_id = r.id AND k.kind = 'referrals' AND k.source_key = 'SR1-h1'"), 'accepted');
  before0 = srv.count('referral');
  r = imp('referrals', file('csv', csv(REF_HEAD, [
    ['SR1-h2', cprFor(addDays(today(), -100)), d, 'Sundhedsplejen', 'Syntetisk', '', '', '', ''],
    ['SR1-h3', childCpr, d, 'Naboen', 'Syntetisk', '', '', '', ''],
    ['SR1-h4', childCpr, d, 'Dagtilbud', 'Syntetisk', '', 'Afslået', d, ''],
  ])));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { row: 2, column: 'B', message: /Intet barn med dette CPR-nummer/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 3, column: 'D', message: /Ukendt værdi/ }), probs(r.report));
  // the decision's own rule: a rejection needs its reason (the API's field "reason")
  assert.ok(hasError(r.report, { row: 4, column: 'I', header: 'Begrundelse for afgørelsen' }), probs(r.report));
  assert.equal(srv.count('referral'), before0);
});

const CON_HEAD = ['Kilde-ID', 'Forløb', 'Dato', 'Minutter', 'Type', 'Aktiviteter', 'Position', 'Note', 'Delt med dagtilbud', 'Registreret af'];
const conCsv = (rows) => [CON_HEAD, ...rows].map((r) => r.join(';')).join('\n') + '\n';

test('contacts: created as the pedagogue on the course, with the API rules; unknown staff, not on the course, a future date refused', async () => {
  const eid = await course();
  const d = (n) => da(addDays(today(), -n));
  const before0 = counts();
  const audits = srv.count('audit_log');
  const courseKey = srv.sql(`SELECT source_key FROM import_key WHERE kind = 'courses' AND entity_id = ${eid}`);
  let r = imp('contacts', file('csv', conCsv([
    ['K-1', courseKey, d(20), 60, 'Besøg i hjemmet', 'Observation, Leg og aktivitet', 'Gå ved siden af', 'Synt. note', 'nej', 'a-home_pedagogue'],
    ['K-2', eid, d(13), 30, 'phone', '', '', '', '', 'a-home_pedagogue'],
  ])));
  assert.equal(r.status, 0, probs(r.report));
  assert.deepEqual(r.report.created, { contact: 2 });
  assert.equal(srv.count('contact'), before0.contact + 2);
  assert.equal(srv.sql(`SELECT activities || '|' || stance || '|' || recorded_by FROM contact WHERE enrolment_id = ${eid} AND minutes = 60`),
    `observation,play|beside|${uid['a-home_pedagogue']}`);
  // on record: the API's entry per contact (by the importer) and the import's own
  assert.equal(srv.count('audit_log'), audits + 3);
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE id > 0 AND entity = 'contact' AND action = 'create' AND purpose LIKE 'cli import (import) POST /api/v1/enrolments/{id}/contacts' AND user_id = ${uid['a-coordinator']}`), '2');
  assert.match(srv.sql("SELECT detail FROM audit_log WHERE entity = 'import' AND action = 'import' ORDER BY id DESC LIMIT 1"),
    /kind contacts; file import-\d+\.csv; sha256 ([0-9a-f]{8}:){7}[0-9a-f]{8}; rows 2; created \{"contact":2\}; unchanged 0; conflicts 0; errors 0$/);

  const mid = counts();
  r = imp('contacts', file('csv', conCsv([
    ['K-3', eid, d(5), 45, 'home_session', '', '', '', '', 'ukendt-bruger'],
    ['K-4', eid, d(5), 45, 'home_session', '', '', '', '', 'a-hp2'],
    ['K-5', eid, da(addDays(today(), 3)), 45, 'home_session', '', '', '', '', 'a-home_pedagogue'],
    ['K-6', 999999, d(5), 45, 'home_session', '', '', '', '', 'a-home_pedagogue'],
    ['K-7', eid, d(5), 9999, 'home_session', '', '', '', '', 'a-home_pedagogue'],
    ['K-1', eid, d(20), 60, 'home_session', '', '', '', '', 'a-home_pedagogue'],
  ])));
  assert.equal(r.status, 1);
  assert.ok(hasError(r.report, { row: 2, column: 'J', message: /Ukendt medarbejder/ }), probs(r.report));
  // a pedagogue not on the course does not see it: the API's 404
  assert.ok(hasError(r.report, { row: 3, column: 'B', message: /Findes ikke.*medarbejderen har ikke adgang/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 4, column: 'C', message: /fremtidig dato/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 5, column: 'B', message: /Findes ikke/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 6, column: 'D', message: /minutter/ }), probs(r.report));
  assert.ok(hasError(r.report, { row: 7, column: 'A' }), probs(r.report));
  assert.deepEqual(counts(), mid);
});

// ---- over HTTP: POST /api/v1/imports with the file as the body ----

async function upload(query, body, session = s['a-coordinator'], headers = { 'Content-Type': 'text/csv' }) {
  return srv.req('POST', `/api/v1/imports?${query}`, { raw: body, session, headers });
}

test('HTTP: kinds and the template download, for coordinators and admins only', async () => {
  let r = await srv.req('GET', '/api/v1/imports/kinds', { session: s['a-coordinator'] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((k) => k.kind), ['families', 'consents', 'referrals', 'courses', 'contacts', 'health_visits', 'cosp', 'users']);
  assert.equal(r.json.items[0].sheet, 'Familier');
  assert.equal((await srv.req('GET', '/api/v1/imports/kinds', { session: s['a-home_pedagogue'] })).status, 403);
  r = await fetch(`${srv.base}/api/v1/imports/templates/contacts`, { headers: { Cookie: s['a-admin'].cookie } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  assert.match(r.headers.get('content-disposition'), /rede-import-contacts\.xlsx/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await r.arrayBuffer()));
  assert.deepEqual(wb.getWorksheet('Kontakter').getRow(1).values.slice(1), CON_HEAD);
  assert.equal((await srv.req('GET', '/api/v1/imports/templates/nope', { session: s['a-admin'] })).status, 404);
});

test('HTTP: dry run 200, import 201, a bad file 422 problem+json naming sheet, cell and message - nothing changed', async () => {
  const exp = da(addDays(today(), 18));
  const good = famCsv([['H1', 'Webbesen', 'Barn', 'Web', 'Webbesen', '', exp, ''], ['H1', '', 'Forælder', 'Wenche', 'Webbesen', '', '', 'Mor']]);
  const before0 = counts();
  let r = await upload('kind=families&dry_run=1&name=web.csv', good);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dry_run, true);
  assert.deepEqual(r.json.created, { family: 1, person: 2 });
  assert.equal(r.json.file, 'web.csv');
  assert.deepEqual(counts(), before0);

  r = await upload('kind=families&name=web.csv', good);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.imported, true);
  assert.equal(counts().family, before0.family + 1);
  assert.match(srv.sql("SELECT detail FROM audit_log WHERE entity = 'import' AND action = 'import' ORDER BY id DESC LIMIT 1"), /file web\.csv/);
  assert.match(srv.sql("SELECT detail FROM audit_log WHERE entity = 'import' AND action = 'upload' ORDER BY id DESC LIMIT 1"), /^families; \d+ bytes$/);
  // the API's entries: the family and its two persons
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE purpose LIKE 'POST /api/v1/imports (import) POST /api/v1/families%'"), '3');

  const mid = counts();
  r = await upload('kind=families&name=bad.csv', famCsv([['H2', 'Fejlsen', 'Barn', 'Fejl', 'Fejlsen', '', '30-02-2026', '']]));
  assert.equal(r.status, 422, r.text);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.match(r.json.title, /intet er ændret/);
  assert.deepEqual(r.json.errors, [{ field: 'CSV!G2', message: 'Ugyldig dato - skriv dd-mm-åååå (fx 04-12-2026)' }]);
  assert.equal(r.json.report.imported, false);
  assert.deepEqual(counts(), mid);

  // the same body unknown kind / empty
  assert.equal((await upload('kind=pets', good)).status, 400);
  assert.equal((await upload('kind=families', '')).status, 400);
});

test('HTTP: who may import - signed in, CSRF, coordinator or admin; an admin still needs each row\'s own role', async () => {
  const body = famCsv([['W1', 'Rollesen', 'Barn', 'Rolle', 'Rollesen', '', da(addDays(today(), 9)), '']]);
  const before0 = counts();
  assert.equal((await upload('kind=families', body, null)).status, 401);
  assert.equal((await upload('kind=families', body, { ...s['a-coordinator'], csrf: undefined })).status, 403);
  assert.equal((await upload('kind=families', body, s['a-home_pedagogue'])).status, 403);
  // admins may import, but creating families is not an admin's (the route's rule)
  const r = await upload('kind=families', body, s['a-admin']);
  assert.equal(r.status, 422, r.text);
  assert.match(r.json.errors[0].message, /ikke en rolle, der må oprette/);
  assert.deepEqual(counts(), before0);
});

test('HTTP: the upload cap is raised for the import route only', async () => {
  // 1.5 MiB: over the JSON routes' 1 MiB, under import.max_bytes
  const pad = '\n'.repeat(1536 * 1024);
  const body = famCsv([['P1', 'Storsen', 'Barn', 'Stor', 'Storsen', '', da(addDays(today(), 9)), '']]) + pad;
  const r = await upload('kind=families&dry_run=1', body);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.created, { family: 1, person: 1 });
  const j = await srv.req('POST', '/api/v1/families', { raw: JSON.stringify({ name: 'x'.repeat(1536 * 1024) }),
    session: s['a-coordinator'], headers: { 'Content-Type': 'application/json' } });
  assert.equal(j.status, 413);
});
