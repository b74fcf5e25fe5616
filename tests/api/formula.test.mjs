// formula.test.mjs - spreadsheet formula injection (issue 14): free text
// typed through the API - material labels, practice names, referral
// channels - that starts with =, +, -, @, tab or CR reaches the CSV
// downloads (csv, csv-da) neutralised with a leading ' (OWASP), also when
// another municipality's evaluator pulls it with municipality=all; XLSX
// cells of text are strings, never formulas. (Computed numbers, negative
// ones included, staying numbers: tests/unit/test_report_csv.c.) Both
// backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { Server } from './harness.mjs';

const srv = new Server();
const TODAY = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const YEAR_START = `${TODAY.slice(0, 4)}-01-01`;
const PERIOD = `from=${YEAR_START}&to=${TODAY}`;
// one label per dangerous first character
const LABELS = ['=1+2', '+3+4', '-5+6', '@SUM(7)', '\t=8', '\r=9'];
const PRACTICE = ['=HYPERLINK("http://example.invalid")', '-Praksis'];
const CHANNEL = '@kanal';
let evaluatorA, leaderB;

// RFC 4180 as Rede writes it: sep between fields, "" inside quotes, CRLF.
function parseCsv(text, sep) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// A cell a spreadsheet would run: starts with = + - @ tab CR and is not a
// plain number (a computed negative number is fine) nor the report's own
// "-" (not computable), which is no formula.
function runnable(cell, danish) {
  if (!/^[=+\-@\t\r]/.test(cell) || cell === '-') return false;
  return !(danish ? /^-\d+(,\d+)?$/ : /^-\d+(\.\d+)?$/).test(cell);
}

async function download(session, path) {
  const r = await fetch(srv.base + path, { headers: { Cookie: session.cookie } });
  assert.equal(r.status, 200, path);
  return Buffer.from(await r.arrayBuffer());
}

function unzip(buf) {
  const files = {};
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0, n = buf.readUInt16LE(eocd + 10); i < n; i++) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files[name] = method === 8 ? inflateRawSync(data) : data;
    p += 46 + nameLen + extra + comment;
  }
  return files;
}

before(async () => {
  srv.setupTenants();
  srv.addUser('b-health_visitor', 'health_visitor', '0202', srv.units['Andenby Forvaltning']);
  srv.addUser('b-leader', 'leader', '0202', srv.units['Andenby Forvaltning']);
  await srv.start();
  evaluatorA = await srv.login('a-evaluator');
  leaderB = await srv.login('b-leader');
  const hvB = await srv.login('b-health_visitor');
  const coordB = await srv.login('b-coordinator');
  // the texts are typed in municipality 0202; the evaluator of 0101 pulls them
  for (const [i, label] of LABELS.entries()) {
    const r = await srv.req('POST', '/api/v1/materials', { session: hvB,
      body: { code: `FORMEL_${i}_3Y`, age_group: '3y', kind: 'other', label } });
    assert.equal(r.status, 201, r.text);
  }
  const q = (await srv.req('GET', '/api/v1/typology/questions', { session: leaderB })).json;
  const answers = q.elements.flatMap((el) => el.questions.map((x) => ({ question_id: x.id, yes: true })));
  for (const name of PRACTICE) {
    const p = await srv.req('POST', '/api/v1/practices', { session: leaderB, body: { name } });
    assert.equal(p.status, 201, p.text);
    const a = await srv.req('POST', `/api/v1/practices/${p.json.id}/assessments`, { session: leaderB,
      body: { assessed_on: TODAY, answers } });
    assert.equal(a.status, 201, a.text);
  }
  // channels used fewer times than the threshold are pooled: use it 5 times
  for (let i = 0; i < 5; i++) {
    const f = await srv.req('POST', '/api/v1/families', { session: coordB, body: {
      name: `Formel ${i}`, persons: [{ kind: 'child', given_name: 'Barn', family_name: `Formel${i}`,
        expected_birth_date: TODAY }] } });
    assert.equal(f.status, 201, f.text);
    const r = await srv.req('POST', '/api/v1/referrals', { session: coordB, body: {
      family_id: f.json.id, child_id: f.json.persons[0].id, source: 'daycare', reason: 'Formel',
      channel: CHANNEL, referred_on: TODAY } });
    assert.equal(r.status, 201, r.text);
  }
});

after(() => srv.stop());

const REPORTS = [['materials', LABELS], ['typology', PRACTICE], ['home-pedagogue', [CHANNEL]]];

for (const [format, sep, danish] of [['csv', ',', false], ['csv-da', ';', true]]) {
  test(`${format}: free text that would run as a formula is neutralised, across municipalities`, async () => {
    for (const [report, texts] of REPORTS) {
      for (const [who, scope] of [[evaluatorA, 'municipality=all'], [leaderB, 'unit=all']]) {
        let text = (await download(who, `/api/v1/reports/${report}?${PERIOD}&${scope}&format=${format}`)).toString('utf8');
        if (danish) {
          assert.ok(text.startsWith('\uFEFF'));
          text = text.slice(1);
        }
        const cells = parseCsv(text, sep).flat();
        for (const t of texts) {
          // a label may go on ("name (municipality, date)")
          assert.ok(cells.some((c) => c.startsWith(`'${t}`)), `${report} ${format} (${scope}) lacks '${JSON.stringify(t)}`);
          assert.ok(!cells.some((c) => c.startsWith(t)), `${report} ${format} (${scope}) holds ${JSON.stringify(t)} as it was typed`);
        }
        const bad = cells.filter((c) => runnable(c, danish));
        assert.deepEqual(bad, [], `${report} ${format} (${scope}): cells a spreadsheet would run`);
      }
    }
  });
}

test('xlsx: the same texts are string cells, never formulas', async () => {
  for (const [report, texts] of REPORTS) {
    const files = unzip(await download(evaluatorA, `/api/v1/reports/${report}?${PERIOD}&municipality=all&format=xlsx`));
    const shared = files['xl/sharedStrings.xml'].toString();
    for (const [name, data] of Object.entries(files)) {
      if (name.startsWith('xl/worksheets/')) assert.ok(!/<f[ >]/.test(data.toString()), `${report}: a formula in ${name}`);
    }
    for (const t of texts.filter((x) => !/[\t\r]/.test(x))) {
      const xml = t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      assert.ok(shared.includes(`>${xml}`) || shared.includes(`>${t}`), `${report}: ${t} is not a shared string`);
    }
  }
});
