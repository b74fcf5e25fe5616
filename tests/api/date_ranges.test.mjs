// date_ranges.test.mjs - implausible dates are refused by the server, not
// only by the form (issue 21, item 4): every J_DATE field of a body, the
// COS-P session dates and a report's period are checked against the
// ranges in web/data/date_ranges.json - the very file the web UI reads -
// relative to the Danish today. A date outside is a 400 problem+json with
// the Danish title, the field and "Datoen skal ligge mellem dd-mm-åååå og
// dd-mm-åååå" (English with Accept-Language: en), and nothing is written;
// the range's own first and last day are accepted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Server, assertProblem, BACKEND } from './harness.mjs';
import { today, addDays } from './fixtures.mjs';

const RANGES = JSON.parse(readFileSync(new URL('../../web/data/date_ranges.json', import.meta.url), 'utf8'));
const srv = new Server();
const s = {};
const da = (iso) => iso.split('-').reverse().join('-');
const range = (key) => {
  const r = RANGES[key] || RANGES.default;
  return { min: addDays(today(), -r.past_days), max: addDays(today(), r.future_days) };
};
const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
function insert(table, row) {
  const cols = Object.keys(row);
  const out = srv.sql(`${BACKEND === 'sqlite' ? 'PRAGMA busy_timeout = 10000; ' : ''}INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => q(row[c])).join(', ')}) RETURNING id`);
  return Number(out.split('\n').pop());
}
// The day a child born on d turns n months (month-end clamped).
function addMonths(d, n) {
  const [y, m, day] = d.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

before(async () => {
  srv.setupTenants();
  await srv.start();
  for (const u of ['a-health_visitor', 'a-leader']) s[u] = await srv.login(u);
});
after(() => srv.stop());

function assertRange(r, field, key, lang = 'da') {
  assertProblem(r, 400, field);
  const { min, max } = range(key);
  const e = r.json.errors.find((x) => x.field === field);
  if (lang === 'da') {
    assert.equal(r.json.title, 'Ugyldige data');
    assert.equal(e.message, `Datoen skal ligge mellem ${da(min)} og ${da(max)}`);
  } else {
    assert.equal(e.message, `The date must lie between ${da(min)} and ${da(max)}`);
  }
}

test('an expected birth date in 2099 (or a day past either end of its range) is refused and nothing is written', async () => {
  const hv = s['a-health_visitor'];
  const body = (d) => ({ name: 'Familien Datosen', persons: [{ kind: 'child', given_name: 'Ufødt', family_name: 'Datosen', expected_birth_date: d }] });
  const before = [srv.count('family'), srv.count('person')];
  const { min, max } = range('expected_birth_date');
  for (const d of ['2099-01-01', addDays(max, 1), addDays(min, -1), '1990-05-05']) {
    const r = await srv.req('POST', '/api/v1/families', { body: body(d), session: hv });
    assertRange(r, 'expected_birth_date', 'expected_birth_date');
  }
  assert.deepEqual([srv.count('family'), srv.count('person')], before);
  // English when the client asks for it, the dates still Danish-style
  const en = await srv.req('POST', '/api/v1/families', { body: body('2099-01-01'), session: hv, headers: { 'Accept-Language': 'en' } });
  assertRange(en, 'expected_birth_date', 'expected_birth_date', 'en');
  // the ends of the range are plausible
  for (const d of [min, max]) {
    const r = await srv.req('POST', '/api/v1/families', { body: body(d), session: hv });
    assert.equal(r.status, 201, r.text);
  }
  // adding a person to a family checks the same way
  const fam = (await srv.req('POST', '/api/v1/families', { body: body(today()), session: hv })).json;
  const add = await srv.req('POST', `/api/v1/families/${fam.id}/persons`, {
    body: { kind: 'child', given_name: 'Tvilling', family_name: 'Datosen', expected_birth_date: '2099-12-24' }, session: hv,
  });
  assertRange(add, 'expected_birth_date', 'expected_birth_date');
});

test('a health visit in 1990 is refused; a recent one is saved', async () => {
  const hv = s['a-health_visitor'];
  const mA = Number(srv.sql("SELECT id FROM municipality WHERE code = '0101'"));
  const uid = Number(srv.sql("SELECT id FROM app_user WHERE username = 'a-health_visitor'"));
  const now = Math.floor(Date.now() / 1000);
  const fam = insert('family', { municipality_id: mA, name: 'Familien Besøgsdato', search_key: 'familien besøgsdato', created_at: now, created_by: uid });
  const child = insert('person', {
    municipality_id: mA, family_id: fam, kind: 'child', given_name: 'Barn', family_name: 'Besøgsdato',
    search_key: 'barn besøgsdato', birth_date: addMonths(today(), -19), created_at: now,
  });
  // a criterion recorded in 1990 is refused as well
  let r = await srv.req('POST', '/api/v1/health-visits/criteria', { body: { child_id: child, kind: 'topi', topi: 'yellow', recorded_on: '1990-11-12' }, session: hv });
  assertRange(r, 'recorded_on', 'recorded_on');
  r = await srv.req('POST', '/api/v1/health-visits/criteria', { body: { child_id: child, kind: 'topi', topi: 'yellow', recorded_on: addDays(today(), -20) }, session: hv });
  assert.equal(r.status, 201, r.text);
  r = await srv.req('POST', '/api/v1/health-visits/offers', {
    body: { child_id: child, programme: 'visit_1_5y', offered_on: addDays(today(), -10), channel: 'letter', social_measures: false, unit_id: srv.units.Forvaltningen },
    session: hv,
  });
  assert.equal(r.status, 201, r.text);
  const offer = r.json;
  r = await srv.req('POST', `/api/v1/health-visits/offers/${offer.id}/answer`, { body: { answer: 'accepted', answered_on: addDays(today(), -8) }, session: hv });
  assert.equal(r.status, 200, r.text);
  const visit = (visited_on) => ({
    visited_on, minutes: 75, topics: ['sleep'], materials: ['DAY_WHEEL_1_5Y'], referral_within: false, referral_outside: false, parent_rating: 1,
  });
  const visits = srv.count('hv_visit');
  r = await srv.req('POST', `/api/v1/health-visits/offers/${offer.id}/visit`, { body: visit('1990-05-05'), session: hv });
  assertRange(r, 'visited_on', 'visited_on');
  assert.equal(srv.count('hv_visit'), visits);
  r = await srv.req('POST', `/api/v1/health-visits/offers/${offer.id}/visit`, { body: visit(addDays(today(), -2)), session: hv });
  assert.equal(r.status, 201, r.text);
  assert.equal(srv.count('hv_visit'), visits + 1);
});

test("a report's period must be plausible too (both ends named at once)", async () => {
  const lead = s['a-leader'];
  const r = await srv.req('GET', '/api/v1/reports/visits?from=1901-01-01&to=2099-12-31', { session: lead });
  assertRange(r, 'from', 'from');
  assertRange(r, 'to', 'to');
  const ok = await srv.req('GET', `/api/v1/reports/visits?from=${range('from').min}&to=${today()}`, { session: lead });
  assert.equal(ok.status, 200, ok.text);
});
