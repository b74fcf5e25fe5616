// crash.test.mjs - crash durability stays under test (issue 14): writers
// hammer the server with creates and reads from several connections, the
// server is killed with SIGKILL in the middle, restarted on the same
// database - three rounds. Every write that was answered 201 must be there
// afterwards with its own audit entry, and `rede audit verify` must pass.
// Writes cut off by the kill may or may not be there; nothing else may be
// lost. Both backends (on PostgreSQL only Rede dies, the database stays).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';

const srv = new Server();
const WRITERS = 8;
const ROUNDS = 3;
const acked = new Map(); // family id -> name

before(async () => { srv.setupTenants(); await srv.start(); });
after(() => srv.stop());

async function writer(session, round, w, stop) {
  for (let i = 0; !stop.now; i++) {
    const name = `Styrt ${round}-${w}-${i}`;
    let r;
    try {
      r = await srv.req('POST', '/api/v1/families', { session, body: { name, persons: [
        { kind: 'child', given_name: 'Barn', family_name: `Styrt${i}`, expected_birth_date: '2027-02-01' }] } });
    } catch {
      return; // the server is gone: this write was never answered
    }
    if (r.status === 201) {
      acked.set(r.json.id, name);
      // a read in between (its audit entry rides the batcher)
      await srv.req('GET', `/api/v1/families/${r.json.id}`, { session }).catch(() => {});
    } else {
      assert.fail(`write answered ${r.status}: ${r.text}`);
    }
  }
}

test('kill -9 during concurrent writes loses no acknowledged write and leaves the audit chain intact', async () => {
  // sessions live in the database: they outlast the crashes
  const sessions = await Promise.all(Array.from({ length: WRITERS }, () => srv.login('a-health_visitor')));
  for (let round = 0; round < ROUNDS; round++) {
    const before = acked.size;
    const stop = { now: false };
    const running = sessions.map((s, w) => writer(s, round, w, stop));
    // let writes pile up, then kill in the middle of them
    while (acked.size < before + 40) await new Promise((r) => setTimeout(r, 20));
    srv.proc.kill('SIGKILL');
    const { sig } = await srv.exited;
    assert.equal(sig, 'SIGKILL');
    stop.now = true;
    await Promise.all(running);
    assert.ok(acked.size >= before + 40);
    // the same database, a new server
    await srv.start();
    assert.equal((await srv.req('GET', '/api/v1/families?q=Styrt', { session: sessions[0] })).status, 200);
    const ids = [...acked.keys()];
    const rows = new Map(srv.sql(`SELECT id || '|' || name FROM family WHERE id IN (${ids.join(',')})`)
      .split('\n').map((l) => { const [id, ...n] = l.split('|'); return [Number(id), n.join('|')]; }));
    for (const [id, name] of acked) assert.equal(rows.get(id), name, `acknowledged family ${id} lost in round ${round}`);
    const audited = new Set(srv.sql(`SELECT entity_id FROM audit_log WHERE action = 'create' AND entity = 'family'`).split('\n'));
    for (const id of ids) assert.ok(audited.has(String(id)), `no audit entry for acknowledged family ${id}`);
    const v = srv.cli(['audit', 'verify']);
    assert.equal(v.status, 0, v.stdout + v.stderr);
  }
});
