// throttle_race.test.mjs - parallel guesses cannot race past the sign-in
// limits (issue 14, item 2). Each attempt is claimed - checked and counted
// in one write transaction - before its password is checked, so 40 wrong
// passwords at once get the checks the limits allow, no more. The checks
// are counted from the server's own record: every Argon2id check of a
// sign-in is on the audit log as "password checked".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, BACKEND } from './harness.mjs';

const srv = new Server();
const sqlWrite = (q) => srv.sql((BACKEND === 'sqlite' ? 'PRAGMA busy_timeout = 10000; ' : '') + q);
before(async () => {
  srv.setupTenants();
  // login.account_free_failures stays 5: 6 checks allowed per account
  srv.cliOk(['setting', 'set', 'login.address_max_failures', '12']);
  // past them one more per 10 minutes: none within a test
  srv.cliOk(['setting', 'set', 'login.address_slow_seconds', '600']);
  await srv.start(['--threads', '8']);
});
after(() => srv.stop());

const checks = (since) => Number(srv.sql(
  `SELECT count(*) FROM audit_log WHERE action = 'login' AND id > ${since} AND detail LIKE 'password checked%'`));
const lastAudit = () => Number(srv.sql('SELECT COALESCE(max(id), 0) FROM audit_log'));

// n wrong sign-ins at once: how many were checked (401), refused (429).
async function parallel(n, username) {
  const t0 = Date.now();
  const rs = await Promise.all(Array.from({ length: n }, (_, i) =>
    srv.req('POST', '/api/v1/session', { body: { username: username(i), password: `wrong-password-${i}` } })));
  const count = (st) => rs.filter((r) => r.status === st).length;
  return { checked: count(401), refused: count(429), other: n - count(401) - count(429), s: (Date.now() - t0) / 1000 };
}

test('40 parallel wrong passwords against one account: 6 checks', async () => {
  const since = lastAudit();
  const r = await parallel(40, () => 'a-coordinator');
  assert.equal(r.other, 0);
  // 5 free failures + the one that starts the delay. The delay (1, 2, 4 ...
  // s) lets one more through per doubling of the time the 40 take.
  const allowed = 6 + Math.floor(Math.log2(r.s + 1)) + 1;
  assert.ok(r.checked >= 6 && r.checked <= allowed, `${r.checked} checks in ${r.s} s; 6 to ${allowed} allowed`);
  assert.equal(checks(since), r.checked, 'checks on record');
  assert.equal(Number(srv.sql("SELECT failures FROM login_throttle WHERE scope = 'account'")), r.checked);
});

test('40 parallel wrong passwords from one address: exactly its 12 checks', async () => {
  sqlWrite('DELETE FROM login_throttle');
  const since = lastAudit();
  const r = await parallel(40, (i) => `made-up-${i}`);
  assert.equal(r.other, 0);
  assert.equal(r.checked, 12, `${r.checked} checks in ${r.s} s`);
  assert.equal(r.refused, 28);
  assert.equal(checks(since), 12, 'checks on record');
  assert.equal(Number(srv.sql("SELECT failures FROM login_throttle WHERE scope = 'address'")), 12);
});
