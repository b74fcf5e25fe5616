// replica.test.mjs - `rede serve --replica` against a real streaming standby
// of the test cluster (issue 22): tools/pg-standby.sh made it with
// `pg_basebackup -R` on 127.0.0.1:5433 and controls it here (stop/start,
// pause/resume of its WAL replay; root, as .ci/run runs).
//
// A focused suite, not the whole API suite a second time: the handlers run
// the same code on a replica as on the primary (one read transaction);
// what is new is where a request runs, and that is what this checks - a
// read answered by the replica, read-after-write (no reader, the writer or
// another, is answered by a replica that has not replayed a finished
// write), a lagging replica skipped, a replica stopped mid-run and started
// again. The whole API suite also runs with --replica (tools/run-tests.sh:
// the PostgreSQL pass, REDE_TEST_API_REPLICA).
//
// Runs with REDE_TEST_BACKEND=postgres and REDE_TEST_PG_REPLICA (the
// standby's URL of the test database; the database name is replaced by
// each run's own); skipped, saying so, without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Server, BACKEND } from '../api/harness.mjs';

const REPLICA = process.env.REDE_TEST_PG_REPLICA;
const skip = !REPLICA
  ? 'REDE_TEST_PG_REPLICA is not set (tools/pg-standby.sh starts a standby and prints it)'
  : BACKEND !== 'postgres' ? 'needs REDE_TEST_BACKEND=postgres' : false;

const standby = (cmd) => execFileSync('sh', ['tools/pg-standby.sh', cmd], { stdio: ['ignore', 'pipe', 'inherit'] });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let srv;
const tok = {};

async function replica() {
  const r = await srv.req('GET', '/healthz');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.replicas.length, 1);
  return r.json.replicas[0];
}

async function until(what, pred, ms = 30000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await pred();
    if (last) return last;
    await sleep(100);
  }
  assert.fail(`timed out waiting for ${what}; healthz: ${JSON.stringify(await replica())}\n${srv.stderr.slice(-2000)}`);
}

const bearer = (name) => ({ session: { bearer: tok[name] } });
const newFamily = async (name) => {
  const r = await srv.req('POST', '/api/v1/families', {
    ...bearer('svc-w'),
    body: { name, persons: [{ kind: 'child', given_name: 'Alma', family_name: name, expected_birth_date: '2027-03-01' }] },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
};
const setting = (key, value) => srv.cliOk(['setting', 'set', key, String(value)]);

before(async () => {
  if (skip) return;
  standby('setup');
  srv = new Server();
  srv.setupTenants();
  // service accounts: bearer tokens. svc-w writes; svc-r never does.
  for (const name of ['svc-w', 'svc-r']) {
    const out = srv.cliOk(['user', 'add', '--service', '--username', name, '--role', 'leader,coordinator',
      '--municipality', '0101', '--unit', String(srv.units.Forvaltningen)]).stdout;
    tok[name] = out.trim().split(/\s+/).pop();
  }
  setting('replica.check_ms', 150);
  setting('replica.max_lag_ms', 1000);
  // long enough for a busy machine's standby to replay what the cluster
  // (other test databases too) wrote a moment ago; the tests with replay
  // paused lower it
  setting('replica.wait_ms', 3000);
  await srv.start(['--replica', srv.replicaUrl(REPLICA)]);
  await until('the replica to be ok', async () => (await replica()).state === 'ok');
});

after(async () => {
  if (skip) return;
  try { standby('start'); standby('resume'); } finally { await srv?.stop(); }
});

test('a leader\'s reads and a report go to the replica; a home pedagogue\'s stay on the primary', { skip }, async () => {
  const r0 = await replica();
  assert.equal(r0.lag_ms >= 0, true);
  let r = await srv.req('GET', '/api/v1/families?q=Alma', bearer('svc-r'));
  assert.equal(r.status, 200, r.text);
  r = await srv.req('GET', '/api/v1/reports', bearer('svc-r'));
  assert.equal(r.status, 200, r.text);
  assert.equal((await replica()).reads, r0.reads + 2);

  // signed in a moment ago: the session may not be on the replica yet,
  // which must not answer 401 - the primary does
  const ld = await srv.login('a-leader');
  assert.equal(ld.status, 201);
  r = await srv.req('GET', '/api/v1/families?q=Alma', { session: ld });
  assert.equal(r.status, 200, r.text);
  const r0b = await replica();

  const hp = await srv.login('a-home_pedagogue');
  assert.equal(hp.status, 201);
  r = await srv.req('GET', '/api/v1/families?q=Alma', { session: hp });
  assert.equal(r.status, 200, r.text);
  const r1 = await replica();
  assert.equal(r1.reads, r0b.reads, 'a home pedagogue\'s read went to the replica');
  assert.equal(r1.fallbacks, 0);
  // the standby refuses writes whatever a connection asks
  const w = srv.cli(['setting', 'set', 'replica.check_ms', '150', '--db', srv.db.replace(/:5432\//, ':5433/')]);
  assert.notEqual(w.status, 0, 'a write on the standby succeeded');
});

test('read-after-write: neither the writer nor anyone else is answered by a replica behind the write', { skip }, async () => {
  setting('replica.max_lag_ms', 60000); // a replica far behind is still "ok"
  setting('replica.wait_ms', 200);
  await sleep(400);
  standby('pause');
  let id;
  try {
    id = await newFamily('Replikasen');
    const before = await replica();
    let r = await srv.req('GET', `/api/v1/families/${id}?purpose=authority`, bearer('svc-w'));
    assert.equal(r.status, 200, `the writer did not see the write: ${r.text}`);
    r = await srv.req('GET', `/api/v1/families/${id}?purpose=authority`, bearer('svc-r'));
    assert.equal(r.status, 200, `another reader did not see the write: ${r.text}`);
    const after = await replica();
    assert.equal(after.reads, before.reads, 'a replica that had not replayed the write answered');
    assert.equal(after.behind, before.behind + 2, JSON.stringify(after));
  } finally {
    standby('resume');
    setting('replica.wait_ms', 3000);
  }
  // replayed: the replica answers again, and has the family
  await until('the replica to answer with the write', async () => {
    const b = (await replica()).reads;
    const r = await srv.req('GET', `/api/v1/families/${id}?purpose=authority`, bearer('svc-r'));
    return r.status === 200 && (await replica()).reads === b + 1;
  });
});

test('a write by another process (the CLI) is seen too', { skip }, async () => {
  setting('replica.wait_ms', 200);
  await sleep(400);
  standby('pause');
  try {
    srv.cliOk(['unit', 'add', '--municipality', '0101', '--kind', 'daycare', '--name', 'Mælkebøtten']);
    const before = await replica();
    const r = await srv.req('GET', '/api/v1/units', bearer('svc-r'));
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.some((u) => u.name === 'Mælkebøtten'), r.text);
    assert.equal((await replica()).reads, before.reads, 'a replica behind the CLI write answered');
  } finally {
    standby('resume');
    setting('replica.wait_ms', 3000);
  }
});

test('a replica lagging beyond replica.max_lag_ms is skipped: the primary answers', { skip }, async () => {
  setting('replica.max_lag_ms', 300);
  await until('the new setting', async () => (await replica()).state === 'ok');
  await sleep(400);
  standby('pause');
  try {
    const id = await newFamily('Forsinket');
    const lagging = await until('the replica to be lagging', async () => {
      const s = await replica();
      return s.state === 'lagging' && s;
    });
    assert.ok(lagging.lag_ms === null || lagging.lag_ms > 300, JSON.stringify(lagging));
    const before = lagging.reads;
    const r = await srv.req('GET', `/api/v1/families/${id}?purpose=authority`, bearer('svc-r'));
    assert.equal(r.status, 200, `a lagging replica answered: ${r.text}`);
    assert.equal((await replica()).reads, before);
    assert.match(srv.stderr, /replica 1: lagging/);
  } finally {
    standby('resume');
  }
  await until('the replica to catch up', async () => (await replica()).state === 'ok');
});

test('a replica stopped mid-run: the primary answers, healthz says down; started again it is used again', { skip }, async () => {
  setting('replica.max_lag_ms', 1000);
  const id = await newFamily('Nedetid');
  await until('the replica to have the family', async () =>
    (await srv.req('GET', `/api/v1/families/${id}?purpose=authority`, bearer('svc-r'))).status === 200);
  standby('stop');
  // at once, before the monitor noticed: the read fails on the replica
  // and the primary answers it
  let r = await srv.req('GET', `/api/v1/families/${id}?purpose=authority`, bearer('svc-r'));
  assert.equal(r.status, 200, r.text);
  const down = await until('healthz to say down', async () => {
    const s = await replica();
    return s.state === 'down' && s;
  });
  assert.equal(down.lag_ms, null);
  r = await srv.req('GET', `/api/v1/families/${id}?purpose=authority`, bearer('svc-r'));
  assert.equal(r.status, 200, r.text);
  assert.equal((await replica()).reads, down.reads);
  assert.match(srv.stderr, /replica 1: down/);
  standby('start');
  await until('the replica to be ok again', async () => (await replica()).state === 'ok');
  const again = (await replica()).reads;
  // the pool's connections were cut: they reconnect and prepare again
  for (let i = 0; i < 3; i++) {
    r = await srv.req('GET', `/api/v1/families/${id}?purpose=authority`, bearer('svc-r'));
    assert.equal(r.status, 200, r.text);
  }
  const s = await replica();
  assert.ok(s.reads >= again + 1, `no read reached the restarted replica: ${JSON.stringify(s)}`);
  assert.doesNotMatch(srv.stderr, /\d{6}-?\d{4}/, 'something CPR-shaped in the log');
});
