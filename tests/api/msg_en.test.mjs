// msg_en.test.mjs - server messages in English (issue 21, item 10): every
// Danish title and field message the server's handlers can put in a
// problem+json answer has an English text in src/http/msg_en.c, and an
// English-speaking client gets it (Accept-Language: en).
//
// The catalogue walk reads the sources: every string literal given to a
// message function (http_problem, http_problem_field, http_field_error,
// http_conflict, http_failed, hv_bad, course_bad, (hv_)not_future, the checkers'
// fail), the message column of a table of checks, each
// printf format written into a message buffer (snprintf(msg, ...)), each
// *_DA constant and each literal assigned to a msg/message/title variable,
// in src/http/ and src/report/request.c. A literal is turned into the table's
// pattern form (numbers and %d -> {n}, dd-mm-åååå -> {d}, %s -> {s}) and
// must be a Danish key of the table. Field names and log lines are skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Server, BACKEND } from './harness.mjs';
import { today, addDays } from './fixtures.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (p) => readFileSync(join(ROOT, p), 'utf8');

// the C string literal runs in text (adjacent literals joined), unescaped
function literals(text) {
  const out = [];
  for (const run of text.match(/"(?:[^"\\\n]|\\.)*"(?:\s*"(?:[^"\\\n]|\\.)*")*/g) || []) {
    out.push([...run.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]).join('')
      .replace(/\\"/g, '"').replace(/\\n/g, '\n').replace(/\\\\/g, '\\'));
  }
  return out;
}

// the text between the parentheses of a call starting at i (just after "(")
function callArgs(src, i) {
  let depth = 1;
  let inStr = false;
  const start = i;
  for (; i < src.length && depth; i++) {
    const c = src[i];
    if (inStr) { if (c === '\\') i++; else if (c === '"') inStr = false; } else if (c === '"') inStr = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return src.slice(start, i - 1);
}

// the table's pattern form of a Danish message or printf format
export function pattern(s) {
  return s
    .replace(/%(?:l{0,2}|z|j|h{0,2})[diu]|%" PRI[du]64 "/g, '{n}')
    .replace(/%s|%\.\*s|%\.\d+s/g, '{s}')
    .replace(/%%/g, '%')
    .replace(/\b\d\d-\d\d-\d{4}\b/g, '{d}')
    .replace(/\d+/g, '{n}');
}

// a message has a space (field names, header names and codes have none)
const isMessage = (s) => /[A-Za-zÆØÅæøå]{2}/.test(s) && /\s/.test(s.trim()) && !s.includes('/api/');

export function catalogue() {
  const files = readdirSync(join(ROOT, 'src/http')).filter((f) => /\.[ch]$/.test(f) && f !== 'msg_en.c')
    .map((f) => `src/http/${f}`).concat(['src/report/request.c']);
  const CALL = /\b(http_problem|http_problem_field|http_field_error|http_conflict|http_failed|hv_bad|course_bad|fail|(?:hv_)?not_future)\s*\(/g;
  const found = new Map();
  const add = (s, where) => { if (isMessage(s) && !found.has(s)) found.set(s, where); };
  for (const f of files) {
    const src = read(f);
    let m;
    while ((m = CALL.exec(src))) {
      const args = callArgs(src, m.index + m[0].length);
      // fail(e, field, msg) / http_problem_field(resp, field, msg): a literal
      // field name is not a message (isMessage drops snake_case names)
      for (const s of literals(args)) add(s, f);
    }
    for (const m2 of src.matchAll(/snprintf\(\s*(?:msg|message|title|text|m)\w*\s*,[^,]+,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)/g)) {
      for (const s of literals(m2[1])) add(s, f);
    }
    for (const m2 of src.matchAll(/#define\s+\w+_DA\s+((?:"(?:[^"\\]|\\.)*"\s*)+)/g)) for (const s of literals(m2[1])) add(s, f);
    for (const m2 of src.matchAll(/\b(?:msg|message|title)\w*\s*=\s*([^;]*"[^;]*);/g)) for (const s of literals(m2[1])) add(s, f);
    for (const m2 of src.matchAll(/\b\w*_msg\[[^\]]*\]\s*=\s*\{([\s\S]*?)\};/g)) for (const s of literals(m2[1])) add(s, f);
    // a table of checks whose rows carry their message: struct { ...; const char *msg; } t[] = {...};
    for (const m2 of src.matchAll(/const char \*(?:msg|message)(?:_da)?;\s*\}\s*\w+\[\]\s*=\s*\{([\s\S]*?)\};/g)) for (const s of literals(m2[1])) add(s, f);
  }
  return found;
}

// the Danish keys of msg_en.c's table
export function table() {
  const src = read('src/http/msg_en.c');
  const body = src.slice(src.indexOf('msgs[] = {'), src.indexOf('\n};', src.indexOf('msgs[] = {')));
  const keys = new Map();
  for (const m of body.matchAll(/\{((?:\s*"(?:[^"\\]|\\.)*")+)\s*,((?:\s*"(?:[^"\\]|\\.)*")+)\s*\}/g)) {
    keys.set(literals(m[1])[0], literals(m[2])[0]);
  }
  return keys;
}

test('every Danish server message has an English text (catalogue walk over the sources)', () => {
  const cat = catalogue();
  const en = table();
  assert.ok(cat.size > 200, `the walk found only ${cat.size} messages - is the extraction broken?`);
  const keys = new Set([...en.keys()].map(pattern));
  const missing = [...cat].filter(([s]) => !keys.has(pattern(s))).map(([s, f]) => `${f}: ${pattern(s)}`);
  if (process.env.MSG_EN_LIST) for (const x of missing) console.log(`MISSING\t${x.replace(/^[^:]*: /, '')}`);
  assert.deepEqual(missing, []);
  // each English text carries the same placeholders as its Danish key
  for (const [da, e] of en) {
    const ph = (x) => (x.match(/\{[nds]\}/g) || []).sort().join();
    assert.equal(ph(e), ph(da), `${da} -> ${e}`);
    assert.ok(!/[æøåÆØÅ]/.test(e), `English text with Danish letters: ${e}`);
  }
});

// An English-speaking client gets the handlers' messages in English - with
// the numbers and names from the Danish message in place - and a Danish
// one gets Danish; the same request changes nothing either way.
const srv = new Server();
let admin;
let hv;
before(async () => {
  srv.setupTenants();
  await srv.start();
  admin = await srv.login('a-admin');
  hv = await srv.login('a-health_visitor');
});
after(() => srv.stop());

test('Accept-Language: en turns handler messages (with their numbers and names) into English', async () => {
  const post = (path, body, lang, session = admin) => srv.req('POST', path, { body, session, headers: { 'Accept-Language': lang } });
  const users = srv.count('app_user');
  let r = await post('/api/v1/users', { username: 'X!', display_name: 'Ny Bruger', password: 'a-long-password-1', roles: ['leader'] }, 'en-GB,en;q=0.8');
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.title, 'Please correct the following');
  assert.deepEqual(r.json.errors.find((e) => e.field === 'username'),
    { field: 'username', message: 'The username must have 3-64 characters: a-z, 0-9, full stop, hyphen or underscore' });
  r = await post('/api/v1/users', { username: 'X!', display_name: 'Ny Bruger', password: 'a-long-password-1', roles: ['leader'] }, 'da');
  assert.equal(r.json.errors.find((e) => e.field === 'username').message, 'Brugernavnet skal have 3-64 tegn: a-z, 0-9, punktum, bindestreg eller understreg');
  assert.equal(srv.count('app_user'), users);
  r = await post('/api/v1/units', { name: 'Enhed X', kind: 'moon_base' }, 'en');
  assert.equal(r.status, 400, r.text);
  assert.ok(r.json.errors.some((e) => e.message === 'Unknown unit type (daycare, health visiting, administration, family department or PPR)'), r.text);
  // dates inside a message keep their place (the plausible range)
  const fam = await post('/api/v1/families', { name: 'Familien Engelsk', persons: [{ kind: 'child', given_name: 'Ida', family_name: 'Engelsk', expected_birth_date: '2099-01-01' }] }, 'en', hv);
  assert.equal(fam.status, 400, fam.text);
  assert.match(fam.json.errors[0].message, /^The date must lie between \d\d-\d\d-\d{4} and \d\d-\d\d-\d{4}$/);
  // a name inside a message is English too: the programme of a health visit
  const mA = Number(srv.sql("SELECT id FROM municipality WHERE code = '0101'"));
  const now = Math.floor(Date.now() / 1000);
  const ins = (table, row) => Number(srv.sql(`${BACKEND === 'sqlite' ? 'PRAGMA busy_timeout = 10000; ' : ''}INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.values(row).map((v) => (typeof v === 'number' ? v : `'${v}'`)).join(', ')}) RETURNING id`).split('\n').pop());
  const famId = ins('family', { municipality_id: mA, name: 'Familien Ung', search_key: 'familien ung', created_at: now });
  const child = ins('person', { municipality_id: mA, family_id: famId, kind: 'child', given_name: 'Ung', family_name: 'Ung', search_key: 'ung ung', birth_date: addDays(today(), -40), created_at: now });
  const offer = await post('/api/v1/health-visits/offers', { child_id: child, programme: 'visit_1_5y', offered_on: today(), channel: 'letter', social_measures: false, unit_id: srv.units.Forvaltningen }, 'en', hv);
  assert.equal(offer.status, 400, offer.text);
  assert.match(offer.json.errors.find((e) => e.field === 'offered_on').message,
    /^The child is too young for the visit at 1½ years: the offer can be given \d\d-\d\d-\d{4} at the earliest$/, offer.text);
  // titles too: a 404 and a report that does not exist
  r = await srv.req('GET', '/api/v1/families/999999', { session: hv, headers: { 'Accept-Language': 'en' } });
  assert.equal(r.status, 404);
  assert.equal(r.json.title, 'Not found');
  for (const m of [r.json.title, ...(fam.json.errors || []).map((e) => e.message)]) assert.ok(!/[æøåÆØÅ]/.test(m), m);
});
