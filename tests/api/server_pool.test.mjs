// server_pool.test.mjs - API writes run in the server's write pool on
// suspended connections (src/http/server.c): many writes at once beside
// reads are all answered and stored, each answer belongs to its own
// request (Idempotency-Key replays the right one), and SIGTERM while writes
// are in flight answers them before the server exits cleanly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';

const srv = new Server();
let co;

before(async () => {
  srv.setupTenants();
  await srv.start(['--threads', '3', '--event-threads', '1']);
  co = await srv.login('a-coordinator');
  assert.equal(co.status, 201);
});
after(() => srv.stop());

const family = (i) => ({ name: `Familien Puljesen ${i}` });

test('writes beside reads: every write answered with its own result and stored once', async () => {
  const before = srv.count('family');
  const writes = [];
  for (let i = 0; i < 40; i++) {
    writes.push(srv.req('POST', '/api/v1/families', { body: family(i), session: co, headers: { 'Idempotency-Key': `pool-${i}` } }));
  }
  const reads = [];
  for (let i = 0; i < 40; i++) reads.push(srv.req('GET', '/api/v1/me', { session: co }));
  const w = await Promise.all(writes);
  const r = await Promise.all(reads);
  assert.ok(r.every((x) => x.status === 200), r.map((x) => x.status).join());
  w.forEach((x, i) => {
    assert.equal(x.status, 201, x.text);
    assert.equal(x.json.name, `Familien Puljesen ${i}`);
  });
  assert.equal(srv.count('family'), before + 40);
  // a retry replays the answer of its own key
  const again = await srv.req('POST', '/api/v1/families', { body: family(7), session: co, headers: { 'Idempotency-Key': 'pool-7' } });
  assert.equal(again.status, 201);
  assert.equal(again.json.id, w[7].json.id);
  assert.equal(srv.count('family'), before + 40);
  // a bad write is answered from the pool too (problem+json, nothing written)
  const bad = await srv.req('POST', '/api/v1/families', { body: { name: '' }, session: co });
  assert.equal(bad.status, 400);
  assert.equal(srv.count('family'), before + 40);
});

test('SIGTERM with writes in flight: they are answered, then the server exits 0', async () => {
  const before = srv.count('family');
  const writes = [];
  for (let i = 0; i < 20; i++) writes.push(srv.req('POST', '/api/v1/families', { body: family(100 + i), session: co }).catch((e) => e));
  await new Promise((res) => setTimeout(res, 20));
  const halted = srv.halt(); // asserts exit code 0 and no sanitizer report
  const w = await Promise.all(writes);
  await halted;
  const answered = w.filter((x) => x && x.status === 201).length;
  // every write that got its 201 is stored; none is stored twice
  assert.ok(srv.count('family') - before >= answered, `${srv.count('family') - before} stored, ${answered} answered`);
  assert.ok(srv.count('family') - before <= 20);
});
