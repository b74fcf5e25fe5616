// throttle.test.mjs - failed-login throttling per account and per address,
// and that a known device is not locked out by someone else's guessing.
// (Parallel guesses: throttle_race.test.mjs; 1 000 of them: lockout.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem, PASSWORD, BACKEND } from './harness.mjs';

const srv = new Server();
// Writes beside the running server wait for its lock.
const sqlWrite = (q) => srv.sql((BACKEND === 'sqlite' ? 'PRAGMA busy_timeout = 10000; ' : '') + q);
before(async () => {
  srv.setupTenants();
  srv.cliOk(['setting', 'set', 'login.account_free_failures', '2']);
  srv.cliOk(['setting', 'set', 'login.account_max_delay_seconds', '30']);
  srv.cliOk(['setting', 'set', 'login.address_max_failures', '12']);
  // long enough that the slot is still taken when the next attempt comes
  // in after a (slow, under a sanitizer) password check
  srv.cliOk(['setting', 'set', 'login.address_slow_seconds', '10']);
  await srv.start();
});
after(() => srv.stop());

const bad = (username) => srv.req('POST', '/api/v1/session', { body: { username, password: 'wrong-password-0' } });

test('an account is slowed after the free failures, never locked for long', async () => {
  // the real user signs in once from their own browser (gets a device cookie)
  const real = await srv.login('a-home_pedagogue');
  assert.equal(real.status, 201);
  assert.ok(real.device);
  // an attacker fails three times
  assertProblem(await bad('a-home_pedagogue'), 401);
  assertProblem(await bad('a-home_pedagogue'), 401);
  assertProblem(await bad('a-home_pedagogue'), 401);
  // The delay grows with the failures (1, 2, 4 ... s, capped): make it the
  // cap, so a slow machine cannot let it run out before the next request.
  assert.equal(Number(srv.sql("SELECT failures FROM login_throttle WHERE scope = 'account'")), 3);
  sqlWrite("UPDATE login_throttle SET failures = 10 WHERE scope = 'account'");
  // now even the right password from a fresh client must wait
  const slowed = await srv.req('POST', '/api/v1/session', { body: { username: 'a-home_pedagogue', password: PASSWORD } });
  assertProblem(slowed, 429);
  assert.ok(Number(slowed.headers.get('retry-after')) > 20, slowed.headers.get('retry-after'));
  // ...but the real user's known device gets in
  const again = await srv.login('a-home_pedagogue', PASSWORD, real.device);
  assert.equal(again.status, 201);
  // and after the (capped) delay anyone with the password gets in: the
  // last failure moved 31 s into the past instead of sleeping
  sqlWrite("UPDATE login_throttle SET last_failure = last_failure - 31 WHERE scope = 'account'");
  assert.equal((await srv.login('a-home_pedagogue')).status, 201);
});

test('one address is slowed after too many failures, never locked; a known device is not slowed', async () => {
  // the first test's failures came from this address too
  const already = Number(srv.sql("SELECT failures FROM login_throttle WHERE scope = 'address'"));
  assert.ok(already > 0 && already < 12);
  const device = (await srv.login('a-leader')).device; // a-leader's own browser
  for (let i = already; i < 12; i++) assertProblem(await bad(`nobody-${i}`), 401);
  // now a guess must wait for the address's slot...
  const r = await srv.req('POST', '/api/v1/session', { body: { username: 'a-leader', password: PASSWORD } });
  assertProblem(r, 429);
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait > 0 && wait <= 10, `Retry-After ${wait}: slowed, not locked for the window`);
  // ...while the known device gets in at once
  assert.equal((await srv.login('a-leader', PASSWORD, device)).status, 201);
  // and after the slot's seconds the right password gets in from anywhere
  await new Promise((res) => setTimeout(res, wait * 1000));
  let ok = await srv.login('a-leader');
  if (ok.status === 429) { // a second boundary: one more second at most
    await new Promise((res) => setTimeout(res, 1000));
    ok = await srv.login('a-leader');
  }
  assert.equal(ok.status, 201);
  // failures are kept in the database (they survive the rolled-back answer)
  assert.ok(Number(srv.sql("SELECT failures FROM login_throttle WHERE scope = 'address'")) >= 12);
});
