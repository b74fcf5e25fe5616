// report_cache.test.mjs - issue 22: the family of every municipality's
// views (src/report/family.c) is kept per report, period and data version
// (src/report/cache.c), so an evaluator's report for one municipality does
// not compute all municipalities again on every request. The cache must
// never serve numbers from before a write: an evaluator asks, a health
// visitor writes through the API, the evaluator asks again and sees the
// change - for the municipality, and for all municipalities - and every
// answer is the one a fresh process (`rede report`, no cache) computes.
// Runs on SQLite and PostgreSQL (REDE_TEST_BACKEND).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';

const srv = new Server();
const s = {};
const DAY = 86400000;
const today = () => new Date(Date.now()).toISOString().slice(0, 10);
const T = (n) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const FROM = T(-200), TO = T(-100);

let cprSeq = 300;
function cprFor(date) {
  const [y, m, d] = date.split('-');
  return `${d}${m}${y.slice(2)}${Number(y) >= 2000 ? 5 : 1}${String(cprSeq++).padStart(3, '0')}`;
}

async function ok(method, path, who, body) {
  const r = await srv.req(method, path, { body, session: s[who] });
  assert.ok([200, 201].includes(r.status), `${method} ${path}: ${r.status} ${r.text}`);
  return r.json;
}

// One offer of the 1½-year visit on day `on` (a new family with a child
// in its window), through the API: audited like every write.
async function hvOffer(on) {
  const birth = new Date(Date.parse(`${on}T00:00:00Z`) - 570 * DAY).toISOString().slice(0, 10);
  const f = await ok('POST', '/api/v1/families', 'a-health_visitor', {
    name: `Familien Cachesen ${cprSeq}`,
    persons: [
      { kind: 'child', given_name: 'Barn', family_name: 'Cachesen', cpr: cprFor(birth) },
      { kind: 'guardian', given_name: 'Forælder', family_name: 'Cachesen', cpr: cprFor('1990-05-05'), relation: 'mother' },
    ],
  });
  const child = f.persons.find((p) => p.kind === 'child').id;
  const criterionOn = new Date(Date.parse(`${on}T00:00:00Z`) - 30 * DAY).toISOString().slice(0, 10);
  await ok('POST', '/api/v1/health-visits/criteria', 'a-health_visitor',
    { child_id: child, kind: 'topi', topi: 'yellow', recorded_on: criterionOn });
  await ok('POST', '/api/v1/health-visits/offers', 'a-health_visitor', {
    child_id: child, programme: 'visit_1_5y', offered_on: on, channel: 'letter', social_measures: false,
    unit_id: srv.units.Forvaltningen,
  });
}

const strip = (j) => { const c = structuredClone(j); delete c.generated_at; return c; };

async function viaApi(name, muni) {
  const r = await srv.req('GET', `/api/v1/reports/${name}?from=${FROM}&to=${TO}&municipality=${muni}`,
    { session: s['a-evaluator'] });
  assert.equal(r.status, 200, r.text);
  return strip(r.json);
}
// The same view computed by a fresh process: no cache can answer it.
function fresh(name, muni) {
  return strip(JSON.parse(srv.cliOk(['report', name, '--municipality', muni, '--from', FROM, '--to', TO,
    '--format', 'json']).stdout));
}

before(async () => {
  srv.setupTenants();
  await srv.start();
  for (const u of ['a-health_visitor', 'a-evaluator']) s[u] = await srv.login(u);
});
after(() => srv.stop());

test('a cached report family is never served after a write: the next answer shows the change', async () => {
  for (const name of ['visits', 'evaluation-kit']) {
    const before1 = await viaApi(name, '0101');
    const beforeAll = await viaApi(name, 'all');
    // asked again with nothing written: the same answer (from the cache)
    assert.deepEqual(await viaApi(name, '0101'), before1);
    assert.deepEqual(before1, fresh(name, '0101'));
    assert.deepEqual(beforeAll, fresh(name, 'all'));
    // six offers in 0101 in the period: a count the reader sees change
    for (let i = 0; i < 6; i++) await hvOffer(T(-150 + i));
    const after1 = await viaApi(name, '0101');
    const afterAll = await viaApi(name, 'all');
    assert.notDeepEqual(after1, before1, `${name}: the municipality's answer after the write`);
    assert.notDeepEqual(afterAll, beforeAll, `${name}: all municipalities' answer after the write`);
    assert.deepEqual(after1, fresh(name, '0101'));
    assert.deepEqual(afterAll, fresh(name, 'all'));
  }
});

test('a setting changed through the CLI (audited) reaches the next answer', async () => {
  const before1 = await viaApi('visits', '0101');
  srv.cliOk(['setting', 'set', 'report.suppression_threshold', '9', '--municipality', '0101']);
  const after1 = await viaApi('visits', '0101');
  assert.equal(after1.suppression.threshold, 9);
  assert.notDeepEqual(after1, before1);
  assert.deepEqual(after1, fresh('visits', '0101'));
});
