// vocabulary.test.mjs - the allowed-value lists (GET /api/v1/vocabulary) and
// the caller's permitted web pages (views in /me and in the sign-in answer),
// which the web UI reads instead of keeping copies (issue 16 item 2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem } from './harness.mjs';
import { today } from './fixtures.mjs';

const srv = new Server();
const ROLES = ['admin', 'coordinator', 'home_pedagogue', 'health_visitor', 'daycare', 'leader', 'evaluator'];
const s = {};
before(async () => {
  srv.setupTenants();
  await srv.start();
  for (const r of ROLES) s[r] = await srv.login(`a-${r}`);
});
after(() => srv.stop());

// Who opens which page: the matrix the web UI showed before it asked the
// server (web/js/app.js at the time), now derived from the route table.
const FRONT = ['coordinator', 'home_pedagogue', 'health_visitor', 'daycare'];
const PAGES = {
  '/caseload': ['home_pedagogue'],
  '/visitation': ['coordinator'],
  '/courses': ['coordinator', 'leader'],
  '/families': [...FRONT, 'leader'],
  '/families/:id': [...FRONT, 'leader'],
  '/referrals/new/:id': FRONT,
  '/referrals/:id': [...FRONT, 'leader'],
  '/courses/:id': ['coordinator', 'home_pedagogue', 'leader'],
  '/health-visits': ['health_visitor', 'coordinator', 'leader'],
  '/health-visits/offers/:id': ['health_visitor', 'coordinator', 'leader'],
  '/toyboxes': ['health_visitor', 'coordinator', 'leader'],
  '/materials': ['health_visitor'],
  '/cosp': ['coordinator', 'health_visitor', 'home_pedagogue', 'leader'],
  '/cosp/groups/:id': ['coordinator', 'health_visitor', 'home_pedagogue', 'leader'],
  '/cosp/offers/:id': ['coordinator', 'health_visitor', 'home_pedagogue', 'leader'],
  '/daycare': ['daycare'],
  '/consultant-visits': ['coordinator', 'leader', 'health_visitor', 'daycare'],
  '/family-groups': ['coordinator', 'health_visitor', 'home_pedagogue', 'leader'],
  '/family-groups/:id': ['coordinator', 'health_visitor', 'home_pedagogue', 'leader'],
  '/sparring': ['home_pedagogue', 'health_visitor', 'coordinator', 'leader'],
  '/sparring/overview': ['leader'],
  '/reports': ['admin', 'evaluator', 'leader', 'coordinator', 'home_pedagogue', 'health_visitor'],
  '/admin': ['admin'],
  '/outbox': FRONT,
  '/imports': ['coordinator', 'admin'],
};
// the list each page reads first: a role given the page is not refused it
const READS = {
  '/caseload': '/api/v1/caseload', '/visitation': '/api/v1/referrals', '/courses': '/api/v1/enrolments',
  '/health-visits': '/api/v1/health-visits/offers', '/toyboxes': '/api/v1/toyboxes', '/materials': '/api/v1/materials',
  '/cosp': '/api/v1/groups', '/daycare': '/api/v1/daycare/children', '/consultant-visits': '/api/v1/consultant-visits',
  '/family-groups': '/api/v1/family-groups', '/reports': '/api/v1/reports', '/admin': '/api/v1/users',
  '/sparring': '/api/v1/sparring/sessions', '/sparring/overview': '/api/v1/sparring/overview',
  '/imports': '/api/v1/imports/kinds',
};

test('each role gets the pages it may open in /me, /session and the sign-in answer', async () => {
  for (const r of ROLES) {
    const want = Object.keys(PAGES).filter((p) => PAGES[p].includes(r));
    const me = await srv.req('GET', '/api/v1/me', { session: s[r] });
    assert.equal(me.status, 200);
    assert.deepEqual(me.json.views, want, `${r}: /me views`);
    const sess = await srv.req('GET', '/api/v1/session', { session: s[r] });
    assert.deepEqual(sess.json.views, want, `${r}: /session views`);
    assert.deepEqual(s[r].user.views, want, `${r}: sign-in answer views`);
    for (const p of want) {
      if (!READS[p]) continue;
      const a = await srv.req('GET', READS[p], { session: s[r] });
      assert.notEqual(a.status, 403, `${r} may open ${p}, so ${READS[p]} must not refuse it`);
    }
  }
});

test('a combined role gets the union of the pages', async () => {
  srv.addUser('a-two', 'daycare,evaluator', '0101', srv.units.Forvaltningen);
  const two = await srv.login('a-two');
  const me = await srv.req('GET', '/api/v1/me', { session: two });
  const want = Object.keys(PAGES).filter((p) => PAGES[p].includes('daycare') || PAGES[p].includes('evaluator'));
  assert.deepEqual(me.json.views, want);
});

test('GET /vocabulary: the closed lists with Danish labels, for signed-in callers only', async () => {
  assertProblem(await srv.req('GET', '/api/v1/vocabulary'), 401);
  const v = await srv.req('GET', '/api/v1/vocabulary', { session: s.daycare });
  assert.equal(v.status, 200);
  const L = v.json.lists;
  for (const [name, items] of Object.entries(L)) {
    assert.ok(items.length > 0, `${name} is not empty`);
    const codes = items.map((x) => x.code);
    assert.equal(new Set(codes).size, codes.length, `${name} has no duplicate code`);
    for (const x of items) assert.ok(x.label === null || (typeof x.label === 'string' && x.label.length > 0), `${name}.${x.code} label`);
  }
  assert.deepEqual(L.contact_kinds.map((x) => x.code), ['home_session', 'network_meeting', 'phone', 'other_place', 'cancelled', 'no_show']);
  assert.equal(L.contact_kinds[0].label, 'Besøg i hjemmet');
  assert.deepEqual(L.activities.map((x) => x.code), ['observation', 'advice', 'guidance', 'play', 'other']);
  assert.deepEqual(L.closure_reasons.map((x) => x.code), ['goals_met', 'max_weeks_reached', 'family_withdrew', 'needs_other_intervention', 'moved', 'other']);
  assert.deepEqual(L.hv_channels.map((x) => x.code), ['letter', 'phone', 'sms']);
  assert.deepEqual(L.cosp_channels.map((x) => x.code), ['letter', 'phone', 'sms', 'in_person']);
  assert.equal(L.hv_decline_reasons[0].code, 'fear_of_stigma');
  assert.equal(L.hv_decline_reasons[0].label, 'Frygt for at blive stemplet');
  assert.deepEqual(L.roles.map((x) => x.code), ROLES);
  assert.deepEqual(L.sparring_forms.map((x) => x.code), ['individual', 'group', 'ppr', 'health_visiting', 'family_department', 'leader']);
  assert.deepEqual(L.competences.map((x) => x.code), ['cosp', 'marte_meo', 'icdp', 'nbo', 'other']);
  for (const name of ['contact_kinds', 'activities', 'stances', 'closure_reasons', 'focus_areas', 'legal_frames', 'hv_decline_reasons', 'hv_topics', 'hv_criteria', 'hv_programmes', 'lookup_purposes']) {
    assert.ok(L[name].every((x) => typeof x.label === 'string'), `${name} has Danish labels`);
  }
});

test('a value outside the vocabulary is refused where the list is checked (the same table)', async () => {
  const L = (await srv.req('GET', '/api/v1/vocabulary', { session: s.admin })).json.lists;
  // units: the admin creates one of each kind the vocabulary names; another kind is a 400
  for (const k of L.unit_kinds.map((x) => x.code)) {
    const r = await srv.req('POST', '/api/v1/units', { session: s.admin, body: { kind: k, name: `Enhed ${k}` } });
    assert.equal(r.status, 201, `unit kind ${k}`);
  }
  assertProblem(await srv.req('POST', '/api/v1/units', { session: s.admin, body: { kind: 'castle', name: 'Borgen' } }), 400, 'kind');
});

test('every sparring form the vocabulary names is accepted by POST /sparring/sessions; another is a 400', async () => {
  const L = (await srv.req('GET', '/api/v1/vocabulary', { session: s.home_pedagogue })).json.lists;
  const body = (form) => ({ held_on: today(), minutes: 30, form, participant_ids: [s.home_pedagogue.user.id] });
  for (const f of L.sparring_forms.map((x) => x.code)) {
    const r = await srv.req('POST', '/api/v1/sparring/sessions', { session: s.home_pedagogue, body: body(f) });
    assert.equal(r.status, 201, `form ${f}: ${r.text}`);
  }
  assertProblem(await srv.req('POST', '/api/v1/sparring/sessions', { session: s.home_pedagogue, body: body('coffee') }), 400, 'form');
});
