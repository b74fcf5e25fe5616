// daycare_names.test.mjs - the names the daycare-cooperation pages show
// beside ids: a consultant visit carries its health visitor's name (the
// daycare sees who comes) and a family group its workers' names (only
// coordinators have the staff directory). Both on every answer that
// carries the object: plan, list, and the group's create, list and get.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';
import { today as dkToday } from './fixtures.mjs';

const srv = new Server();
const s = {};
let unit;

before(async () => {
  srv.setupTenants();
  const out = srv.cliOk(['unit', 'add', '--municipality', '0101', '--kind', 'daycare', '--name', 'Vuggestuen Navnet']).stdout;
  unit = Number(/id (\d+)/.exec(out)[1]);
  srv.addUser('a-dcn', 'daycare', '0101', unit);
  await srv.start();
  for (const u of ['a-coordinator', 'a-leader', 'a-health_visitor', 'a-home_pedagogue', 'a-dcn']) {
    s[u] = await srv.login(u);
    assert.equal(s[u].status, 201, u);
  }
});
after(() => srv.stop());

const ref = (u) => ({ id: s[u].user.id, display_name: s[u].user.display_name });

test('a consultant visit names its health visitor, for staff and for the daycare', async () => {
  let r = await srv.req('PUT', `/api/v1/institutions/${unit}/health-visitor`, { body: { user_id: ref('a-health_visitor').id }, session: s['a-coordinator'] });
  assert.equal(r.status, 200, r.text);
  const year = new Date().getFullYear() + 1;
  r = await srv.req('POST', '/api/v1/consultant-visits/plan', { body: { year }, session: s['a-coordinator'] });
  assert.equal(r.status, 200, r.text);
  const mine = r.json.items.filter((v) => v.unit_id === unit);
  assert.equal(mine.length, 4);
  for (const v of mine) assert.deepEqual(v.health_visitor, ref('a-health_visitor'));
  for (const who of ['a-coordinator', 'a-health_visitor', 'a-dcn']) {
    r = await srv.req('GET', `/api/v1/consultant-visits?year=${year}&unit_id=${unit}`, { session: s[who] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items.length, 4, who);
    for (const v of r.json.items) assert.deepEqual(v.health_visitor, ref('a-health_visitor'), who);
  }
  // the move and topic answers carry it too
  const v = r.json.items[0];
  r = await srv.req('POST', `/api/v1/consultant-visits/${v.id}/topics`, { body: { text: 'Søvn', proposed_by: 'daycare' }, session: s['a-dcn'] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.health_visitor, ref('a-health_visitor'));
});

test('a family group names its workers on create, list and get', async () => {
  const start = dkToday();
  const body = { name: 'Familiegruppen Navne', start_on: start, weeks: 14, worker_ids: [ref('a-home_pedagogue').id, ref('a-health_visitor').id] };
  let r = await srv.req('POST', '/api/v1/family-groups', { body, session: s['a-home_pedagogue'] });
  assert.equal(r.status, 201, r.text);
  const want = [ref('a-home_pedagogue'), ref('a-health_visitor')];
  assert.deepEqual(r.json.workers, want);
  assert.deepEqual(r.json.worker_ids, want.map((w) => w.id));
  const id = r.json.id;
  for (const who of ['a-leader', 'a-health_visitor', 'a-coordinator']) {
    r = await srv.req('GET', '/api/v1/family-groups', { session: s[who] });
    assert.deepEqual(r.json.items.find((g) => g.id === id).workers, want, who);
    r = await srv.req('GET', `/api/v1/family-groups/${id}`, { session: s[who] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.workers, want, who);
  }
});
