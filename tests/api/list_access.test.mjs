// list_access.test.mjs - the lists hold exactly the families the access
// rule lets the caller read (store/access.h). A home pedagogue's, health
// visitor's or daycare user's lists (referrals, courses, health-visit
// offers) start from the families reached through their own work
// (store_access_family_list_sql); a single family is checked by the rule
// itself. Each ground of the rule - created the family, referred it, staff
// on its course, health visitor of its visit offer - is one family here,
// beside a family with none, a deleted one and another municipality's, and
// each list must equal the families GET /families/{id} answers 200 for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, BACKEND } from './harness.mjs';
import { today, addDays } from './fixtures.mjs';

const srv = new Server();
const s = {};
const uid = {};
const fams = {}; // ground -> { family, child }
let mA;
let mB;

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
function insert(table, row) {
  const cols = Object.keys(row);
  const out = srv.sql((BACKEND === 'sqlite' ? 'PRAGMA busy_timeout = 10000; ' : '')
    + `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => q(row[c])).join(', ')}) RETURNING id`);
  return Number(out.split('\n').pop());
}

const now = Math.floor(Date.now() / 1000);
function family(name, { municipality = mA, createdBy = uid['a-coordinator'] } = {}) {
  const f = insert('family', { municipality_id: municipality, name, search_key: name.toLowerCase(), created_at: now, created_by: createdBy });
  const child = insert('person', {
    municipality_id: municipality, family_id: f, kind: 'child', given_name: 'Åge', family_name: name.split(' ').pop(),
    search_key: `åge ${name.toLowerCase()}`, birth_date: addDays(today(), -450), created_at: now,
  });
  return { family: f, child, municipality };
}
// One referral, course and visit offer per family, by the coordinator
// (whose grounds are not under test) unless a ground names someone else.
function casework(fx, { referredBy = uid['a-coordinator'], staff = uid['a-coordinator'], visitor = uid['a-coordinator'] } = {}) {
  const m = fx.municipality;
  insert('referral', {
    municipality_id: m, family_id: fx.family, child_id: fx.child, programme: 'home_pedagogue', source: 'health_visiting',
    reason: 'Søvn og døgnrytme', referred_on: addDays(today(), -60), status: 'accepted', created_at: now, referred_by: referredBy,
  });
  const e = insert('enrolment', {
    municipality_id: m, family_id: fx.family, child_id: fx.child, programme: 'home_pedagogue', status: 'planned', created_at: now,
  });
  srv.sql(`INSERT INTO enrolment_staff (enrolment_id, user_id) VALUES (${e}, ${staff})`);
  insert('hv_offer', {
    municipality_id: m, family_id: fx.family, child_id: fx.child, programme: 'visit_1_5y', criterion: 'first_child',
    offered_on: addDays(today(), -30), channel: 'phone', social_measures: 0, health_visitor_id: visitor, status: 'offered', created_at: now,
  });
}

before(async () => {
  srv.setupTenants();
  srv.addUser('a-hv2', 'health_visitor', '0101', srv.units.Forvaltningen);
  await srv.start();
  for (const u of ['a-coordinator', 'a-health_visitor', 'a-hv2', 'a-home_pedagogue', 'a-daycare', 'a-leader', 'b-coordinator']) {
    s[u] = await srv.login(u);
    assert.equal(s[u].status, 201, u);
    uid[u] = s[u].user.id;
  }
  mA = Number(srv.sql("SELECT id FROM municipality WHERE code = '0101'"));
  mB = Number(srv.sql("SELECT id FROM municipality WHERE code = '0202'"));
  fams.created = family('Familien Ærbødig', { createdBy: uid['a-health_visitor'] });
  casework(fams.created);
  fams.referred = family('Familien Østergård');
  casework(fams.referred, { referredBy: uid['a-hv2'] });
  fams.staff = family('Familien Ågård');
  casework(fams.staff, { staff: uid['a-home_pedagogue'] });
  fams.visitor = family('Familien Søndergaard');
  casework(fams.visitor, { visitor: uid['a-hv2'] });
  fams.none = family('Familien Ingen');
  casework(fams.none);
  fams.deleted = family('Familien Slettet', { createdBy: uid['a-health_visitor'] });
  casework(fams.deleted, { staff: uid['a-home_pedagogue'], visitor: uid['a-hv2'] });
  srv.sql(`UPDATE family SET deleted_at = ${now} WHERE id = ${fams.deleted.family}`);
  fams.other = family('Familien Andenby', { municipality: mB, createdBy: uid['a-health_visitor'] });
  casework(fams.other, { referredBy: uid['a-hv2'], staff: uid['a-home_pedagogue'], visitor: uid['a-hv2'] });
});
after(() => srv.stop());

const LISTS = ['/api/v1/referrals', '/api/v1/enrolments', '/api/v1/health-visits/offers'];

for (const who of ['a-health_visitor', 'a-hv2', 'a-home_pedagogue', 'a-daycare']) {
  test(`${who}: every list holds exactly the families the rule lets it read`, async () => {
    const ours = new Set(Object.values(fams).map((f) => f.family));
    const readable = [];
    for (const [ground, fx] of Object.entries(fams)) {
      const r = await srv.req('GET', `/api/v1/families/${fx.family}`, { session: s[who] });
      assert.ok(r.status === 200 || r.status === 404 || r.status === 403, `${ground}: ${r.status}`);
      if (r.status === 200) readable.push(fx.family);
    }
    readable.sort((x, y) => x - y);
    const expect = {
      'a-health_visitor': [fams.created.family],
      'a-hv2': [fams.referred.family, fams.visitor.family].sort((x, y) => x - y),
      'a-home_pedagogue': [fams.staff.family],
      'a-daycare': [],
    }[who];
    assert.deepEqual(readable, expect, 'the rule itself');
    for (const path of LISTS) {
      const r = await srv.req('GET', path, { session: s[who] });
      if (r.status === 403) continue; // the role may not use this list
      assert.equal(r.status, 200, `${path}: ${r.text}`);
      const seen = [...new Set(r.json.items.map((x) => x.family_id).filter((id) => ours.has(id)))].sort((x, y) => x - y);
      assert.deepEqual(seen, readable, `${who} ${path}`);
    }
  });
}

test('the wide callers: a coordinator lists the municipality\'s families, not the deleted or another municipality\'s', async () => {
  const live = ['created', 'referred', 'staff', 'visitor', 'none'].map((g) => fams[g].family).sort((x, y) => x - y);
  for (const path of LISTS) {
    const r = await srv.req('GET', path, { session: s['a-coordinator'] });
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    const ours = new Set(Object.values(fams).map((f) => f.family));
    const seen = [...new Set(r.json.items.map((x) => x.family_id).filter((id) => ours.has(id)))].sort((x, y) => x - y);
    assert.deepEqual(seen, live, path);
    const b = await srv.req('GET', path, { session: s['b-coordinator'] });
    assert.ok(!b.json.items.some((x) => live.includes(x.family_id)), `b-coordinator ${path}`);
  }
});
