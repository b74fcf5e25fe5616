// audit_anchor.test.mjs - the audit chain's key and anchors on the command
// line (issue 14): `rede init` makes the audit key file; `rede audit
// anchor` writes the head; `rede audit verify --anchor` finds a log cut
// short or renumbered after the anchor, which the chain alone cannot;
// another key does not verify; without the key nothing runs; `rede
// migrate` brings a database from before the MAC over, on record. The
// rewrites that need the old unkeyed hash are in tests/store/test_audit.c.
// Both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync, readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Server, BIN } from './harness.mjs';

const srv = new Server();
const auditKey = () => join(srv.dir, 'rede.audit.key');
const anchors = () => join(srv.dir, 'anchors.log');
const settle = () => new Promise((r) => setTimeout(r, 250));
const ANCHOR = /^rede-audit-anchor id=(\d+) mac=([0-9a-f]{64}) at=(\S+)$/;

before(async () => {
  srv.setupTenants();
  await srv.start();
  const admin = await srv.login('a-admin');
  for (let i = 0; i < 5; i++) {
    await srv.req('POST', '/api/v1/users', { session: admin, body: { username: `anker${i}`,
      display_name: `Anker ${i}`, password: 'a-long-password-7', roles: ['leader'] } });
  }
  await settle();
});
after(() => srv.stop());

test('rede init makes a private audit key file beside the key file', () => {
  const st = statSync(auditKey());
  assert.equal(st.mode & 0o777, 0o600);
  assert.equal(st.size, 32);
  assert.notDeepEqual(readFileSync(auditKey()), readFileSync(srv.key).subarray(0, 32));
});

test('rede audit anchor writes the head; verify --anchor checks it', () => {
  const out = srv.cliOk(['audit', 'anchor']).stdout.trim();
  const m = ANCHOR.exec(out);
  assert.ok(m, out);
  assert.equal(Number(m[1]), Number(srv.sql('SELECT max(id) FROM audit_log')));
  assert.equal(m[2], srv.sql('SELECT last_hash FROM audit_head'));
  // to a file, appended; a syslog prefix in front is fine
  assert.match(srv.cliOk(['audit', 'anchor', '--out', anchors()]).stdout, /anchored entry \d+/);
  writeFileSync(anchors(), `Dec  5 01:00:00 host rede: ${out}\n`, { flag: 'a' });
  const lines = readFileSync(anchors(), 'utf8').trim().split('\n');
  assert.equal(lines.length, 2);
  const r = srv.cli(['audit', 'verify', '--anchor', anchors()]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /intact: \d+ entries, 2 anchors match/);
});

test('entries cut off after an anchor: the chain alone passes, the anchor does not', async () => {
  const admin = await srv.login('a-admin');
  await srv.req('GET', '/api/v1/users', { session: admin });
  await settle();
  const before = Number(srv.sql('SELECT max(id) FROM audit_log'));
  srv.cliOk(['audit', 'anchor', '--out', anchors()]);
  // the last few entries go, the head is pointed at the new last one (its
  // MAC is in the row: no key needed)
  await srv.halt();
  const keep = before - 3;
  srv.sql(`DELETE FROM audit_log WHERE id > ${keep}`);
  srv.sql(`UPDATE audit_head SET last_id = ${keep}, last_hash = (SELECT hash FROM audit_log WHERE id = ${keep})`);
  assert.equal(srv.cli(['audit', 'verify']).status, 0);
  const r = srv.cli(['audit', 'verify', '--anchor', anchors()]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`BROKEN at entry ${keep + 1}: the anchor of \\S+ names entry \\d+ but the log ends at entry ${keep} \\(entries were removed\\)`));
});

test('entries removed in the middle and the rest renumbered: found', () => {
  const last = Number(srv.sql('SELECT max(id) FROM audit_log'));
  const victim = srv.sql("SELECT min(id) FROM audit_log WHERE action = 'create'");
  srv.sql(`DELETE FROM audit_log WHERE id = ${victim}`);
  srv.sql(`UPDATE audit_log SET id = -id WHERE id > ${victim}`); // two steps: ids stay unique
  srv.sql('UPDATE audit_log SET id = -id - 1 WHERE id < 0');
  srv.sql(`UPDATE audit_head SET last_id = ${last - 1}, last_hash = (SELECT hash FROM audit_log WHERE id = ${last - 1})`);
  const r = srv.cli(['audit', 'verify']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`BROKEN at entry ${victim}\\b`));
  // an anchor refuses a broken chain
  const a = srv.cli(['audit', 'anchor']);
  assert.equal(a.status, 1);
  assert.match(a.stderr, /not anchoring a broken chain/);
});

test('another audit key does not verify; a missing one stops every verb', () => {
  const other = join(srv.dir, 'other.audit.key');
  writeFileSync(other, randomBytes(32), { mode: 0o600 });
  const r = srv.cli(['audit', 'verify', '--audit-key', other]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /BROKEN at entry 1: content does not match its MAC/);
  writeFileSync(join(srv.dir, 'open.audit.key'), randomBytes(32), { mode: 0o644 });
  const open = srv.cli(['audit', 'verify', '--audit-key', join(srv.dir, 'open.audit.key')]);
  assert.equal(open.status, 1);
  assert.match(open.stderr, /may be read by others/);
  // without the file: the server does not start, the verbs do not run
  renameSync(auditKey(), `${auditKey()}.away`);
  try {
    const s = spawnSync(BIN, ['serve', '--db', srv.db, '--key', srv.key, '--listen', '127.0.0.1:0'],
      { encoding: 'utf8', timeout: 20000 });
    assert.equal(s.status, 1, s.stdout + s.stderr);
    assert.match(s.stderr, /no audit key file at .*rede\.audit\.key/);
    const u = srv.cli(['user', 'list']);
    assert.equal(u.status, 1);
    assert.match(u.stderr, /no audit key file/);
  } finally {
    renameSync(`${auditKey()}.away`, auditKey());
  }
});

test('bad anchor files are refused with a reason', () => {
  const f = join(srv.dir, 'bad.log');
  writeFileSync(f, 'nothing here\n');
  let r = srv.cli(['audit', 'verify', '--anchor', f]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no anchor/);
  writeFileSync(f, 'rede-audit-anchor id=x mac=zz at=now\n');
  r = srv.cli(['audit', 'verify', '--anchor', f]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not a valid anchor line/);
  r = srv.cli(['audit', 'verify', '--anchor', join(srv.dir, 'missing.log')]);
  assert.equal(r.status, 1);
  assert.equal(srv.cli(['audit', 'anchor', '--anchor', f]).status, 2);
});

test('rede migrate brings a database from before the MAC over: a new audit key, the log re-sealed, on record', () => {
  // back to before 0009: no audit key file, schema 8 (and what came after 0009 undone too)
  renameSync(auditKey(), `${auditKey()}.old`);
  const later = srv.rewindSchema(8);
  const n = Number(srv.sql('SELECT count(*) FROM audit_log'));
  const m = srv.cli(['migrate']);
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stdout, /created audit key file .*rede\.audit\.key/);
  assert.match(m.stdout, new RegExp(`\\(${later} applied now\\)`));
  assert.ok(existsSync(auditKey()));
  assert.equal(statSync(auditKey()).mode & 0o777, 0o600);
  const v = srv.cli(['audit', 'verify']);
  assert.equal(v.status, 0, v.stdout);
  const last = srv.sql("SELECT action || '|' || entity || '|' || purpose || '|' || detail FROM audit_log ORDER BY id DESC LIMIT 1");
  // this log was sealed with the old key, so the unkeyed check fails: on record
  assert.match(last, new RegExp(`^reseal\\|audit_log\\|migration 0009_audit_mac\\|re-sealed ${n} entries with the keyed MAC; the unkeyed chain \\(head \\d+ [0-9a-f]{64}\\) was already broken at entry 1`));
  // a later migrate does not make a new key
  const again = srv.cli(['migrate']);
  assert.equal(again.status, 0);
  assert.doesNotMatch(again.stdout, /created audit key/);
});
