// expiry.test.mjs - session idle and absolute limits, set small through the
// policy settings (data, not code) so the test does not wait 30 minutes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem } from './harness.mjs';

const srv = new Server();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Wide enough that a slow request on a loaded CI machine (ASan, two cores)
// cannot make a busy session look idle: the busy one is used every second,
// well inside IDLE; the idle one waits more than IDLE + 1 (whole seconds).
const IDLE = 5;
const ABSOLUTE = 12;
before(async () => {
  srv.setupTenants();
  srv.cliOk(['setting', 'set', 'session.idle_seconds', String(IDLE)]);
  srv.cliOk(['setting', 'set', 'session.absolute_seconds', String(ABSOLUTE)]);
  await srv.start();
});
after(() => srv.stop());

test('an idle session expires; a used one lives until the absolute limit', async () => {
  // Each limit is counted from when its login had answered (not from
  // before it): a login slow under load must not shorten the waits below.
  const idle = await srv.login('a-leader');
  const tIdle = Date.now(); // the idle session was last used before this
  const busy = await srv.login('a-coordinator');
  const tBusy = Date.now(); // the busy one was created before this
  while (Date.now() - tIdle < (IDLE + 1.5) * 1000) {
    await sleep(1000);
    assert.equal((await srv.req('GET', '/api/v1/me', { session: busy })).status, 200,
      `busy after ${Date.now() - tBusy} ms`);
  }
  // idle for more than IDLE + 1 s (times are whole seconds)
  const r = await srv.req('GET', '/api/v1/me', { session: idle });
  assertProblem(r, 401);
  assert.match(r.json.title, /udløbet/);
  // the busy one keeps going until ABSOLUTE s after login, not longer
  await sleep(Math.max(0, (ABSOLUTE + 1.5) * 1000 - (Date.now() - tBusy)));
  assertProblem(await srv.req('GET', '/api/v1/me', { session: busy }), 401);
  // and a new login works
  assert.equal((await srv.login('a-leader')).status, 201);
});
