// expiry.test.mjs - session idle and absolute limits, set small through the
// policy settings (data, not code) so the test does not wait 30 minutes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem } from './harness.mjs';

const srv = new Server();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
before(async () => {
  srv.setupTenants();
  srv.cliOk(['setting', 'set', 'session.idle_seconds', '3']);
  srv.cliOk(['setting', 'set', 'session.absolute_seconds', '6']);
  await srv.start();
});
after(() => srv.stop());

test('an idle session expires; a used one lives until the absolute limit', async () => {
  const idle = await srv.login('a-leader');
  const busy = await srv.login('a-coordinator');
  for (let i = 0; i < 4; i++) {
    await sleep(1100);
    assert.equal((await srv.req('GET', '/api/v1/me', { session: busy })).status, 200, `busy round ${i}`);
  }
  // idle for more than 3 s (times are whole seconds)
  const r = await srv.req('GET', '/api/v1/me', { session: idle });
  assertProblem(r, 401);
  assert.match(r.json.title, /udløbet/);
  // the busy one keeps going until 6 s after login
  await sleep(2200);
  assertProblem(await srv.req('GET', '/api/v1/me', { session: busy }), 401);
  // and a new login works
  assert.equal((await srv.login('a-leader')).status, 201);
});
