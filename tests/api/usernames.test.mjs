// usernames.test.mjs - usernames are unique per municipality, and an admin
// learns nothing about other municipalities' names (issue 14, item 8).
// A user signs in as NAME@CODE; users the operator made (and every user
// from before migration 0008) also as plain NAME.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem, PASSWORD } from './harness.mjs';

const srv = new Server();
let adminA, adminB;
before(async () => {
  srv.setupTenants(); // 0101: a-admin, a-leader, ...; 0202: b-admin, b-coordinator
  await srv.start();
  adminA = await srv.login('a-admin');
  adminB = await srv.login('b-admin');
});
after(() => srv.stop());

const newUser = (username) => ({ username, display_name: 'Ny Bruger', password: 'a-long-password-77', roles: ['leader'] });
// the parts of an answer that could tell one case from another
const shape = (r) => ({ status: r.status, keys: Object.keys(r.json).sort(), sign_in: r.json.sign_in?.replace(/^[^@]+/, 'NAME') });

test('a name taken in another municipality is free here, and the answer is the same as for any free name', async () => {
  const taken = await srv.req('POST', '/api/v1/users', { body: newUser('b-coordinator'), session: adminA });
  assert.equal(taken.status, 201, taken.text); // was 409 "Brugernavnet er optaget"
  assert.equal(taken.json.username, 'b-coordinator');
  assert.equal(taken.json.sign_in, 'b-coordinator@0101');
  const fresh = await srv.req('POST', '/api/v1/users', { body: newUser('helt-ny'), session: adminA });
  assert.equal(fresh.status, 201);
  assert.deepEqual(shape(taken), shape(fresh));
  // within the municipality a name is still unique
  assertProblem(await srv.req('POST', '/api/v1/users', { body: newUser('a-leader'), session: adminA }), 409, 'username');
  assertProblem(await srv.req('POST', '/api/v1/users', { body: newUser('b-coordinator'), session: adminA }), 409, 'username');
  // and the other municipality sees none of it
  const listB = await srv.req('GET', '/api/v1/users', { session: adminB });
  assert.equal(listB.json.items.filter((u) => u.username === 'b-coordinator').length, 1);
  assert.ok(listB.json.items.every((u) => !u.sign_in.endsWith('@0101')));
  const listA = await srv.req('GET', '/api/v1/users', { session: adminA });
  const mine = listA.json.items.find((u) => u.username === 'b-coordinator');
  assert.equal(mine.sign_in, 'b-coordinator@0101');
  // users from the operator keep their plain sign-in name
  assert.equal(listA.json.items.find((u) => u.username === 'a-leader').sign_in, 'a-leader');
  // the database holds both, one per municipality
  assert.equal(Number(srv.sql("SELECT count(*) FROM app_user WHERE username = 'b-coordinator'")), 2);
});

test('each signs in as NAME@CODE; a plain name is the one its municipality\'s operator made', async () => {
  const a = await srv.login('b-coordinator@0101', 'a-long-password-77');
  assert.equal(a.status, 201);
  assert.equal(a.user.sign_in, 'b-coordinator@0101');
  const meA = await srv.req('GET', '/api/v1/me', { session: a });
  assert.equal(meA.json.municipality.code, '0101');
  // the plain name stays Andenby's user
  const b = await srv.login('b-coordinator');
  assert.equal(b.status, 201);
  assert.equal((await srv.req('GET', '/api/v1/me', { session: b })).json.municipality.code, '0202');
  assert.equal((await srv.login('b-coordinator@0202')).status, 201);
  // the 0101 user's password does not open the plain name (Andenby's user)
  const wrong = await srv.login('b-coordinator', 'a-long-password-77');
  assert.equal(wrong.status, 401);
  // an unknown code or name fails exactly like a wrong password
  for (const name of ['b-coordinator@9999', 'nobody@0101', 'helt-ny', '@0101', 'b-coordinator@']) {
    const r = await srv.req('POST', '/api/v1/session', { body: { username: name, password: 'a-long-password-77' } });
    assertProblem(r, 401);
    assert.equal(r.json.title, wrong.json.title);
  }
  assert.equal((await srv.login('helt-ny@0101', 'a-long-password-77')).status, 201);
});

test('the CLI: a plain name taken elsewhere gives NAME@CODE; --username takes either form', async () => {
  const out = srv.cliOk(['user', 'add', '--username', 'a-leader', '--role', 'leader', '--municipality', '0202'], PASSWORD + '\n').stdout;
  assert.match(out, /signs in as a-leader@0202/);
  assert.match(srv.cliOk(['user', 'add', '--username', 'b-only', '--role', 'leader', '--municipality', '0202'], PASSWORD + '\n').stdout, /signs in as b-only$/m);
  // twice in one municipality: refused
  const dup = srv.cli(['user', 'add', '--username', 'a-leader', '--role', 'leader', '--municipality', '0202'], PASSWORD + '\n');
  assert.notEqual(dup.status, 0);
  assert.match(dup.stderr, /taken in that municipality/);
  assert.notEqual(srv.cli(['user', 'add', '--username', 'x@0202', '--role', 'leader', '--municipality', '0202'], PASSWORD + '\n').status, 0);
  // disable Andenby's a-leader by NAME@CODE: Testby's a-leader is untouched
  srv.cliOk(['user', 'disable', '--username', 'a-leader@0202']);
  assert.equal((await srv.login('a-leader@0202')).status, 401);
  assert.equal((await srv.login('a-leader')).status, 201);
  srv.cliOk(['user', 'enable', '--username', 'a-leader', '--municipality', '0202']);
  assert.equal((await srv.login('a-leader@0202')).status, 201);
  // a name no plain sign-in has: told how to name it
  const miss = srv.cli(['user', 'disable', '--username', 'helt-ny']);
  assert.notEqual(miss.status, 0);
  assert.match(miss.stderr, /NAME@CODE/);
  assert.match(srv.cliOk(['user', 'list', '--municipality', '0202']).stdout, /a-leader@0202\s+leader/);
});
