// backup.test.mjs - `rede backup` while `rede serve` runs and writes: the
// backup holds every write answered before it began, `rede backup verify`
// proves the file, `rede restore` checks it and refuses to replace any
// database; a damaged or doctored backup is refused. PostgreSQL is backed up
// with pgBackRest (tests/ops/pgbackrest_pitr.sh), so there the verb refuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, statSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, BIN, BACKEND } from './harness.mjs';
import { today, addDays } from './fixtures.mjs';

const srv = new Server();
const sqliteOnly = { skip: BACKEND === 'postgres' ? 'SQLite backups; PostgreSQL uses pgBackRest' : false };
before(async () => { srv.setupTenants(); await srv.start(); });
after(() => srv.stop());

const run = (args) => {
  const r = spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, REDE_KEY_FILE: srv.key } });
  return { status: r.status, out: r.stdout + r.stderr };
};

const backupAsync = (out) => new Promise((resolve) => {
  const p = spawn(BIN, ['backup', '--db', srv.db, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  p.stdout.on('data', (d) => { text += d; });
  p.stderr.on('data', (d) => { text += d; });
  p.on('exit', (code) => resolve({ status: code, out: text }));
});

test('on PostgreSQL, rede backup points to pgBackRest', { skip: BACKEND !== 'postgres' }, () => {
  const r = run(['backup', '--db', srv.db, '--out', join(srv.dir, 'x.zip')]);
  assert.equal(r.status, 2);
  assert.match(r.out, /pgBackRest/);
  assert.ok(!existsSync(join(srv.dir, 'x.zip')));
});

test('a backup taken during writes holds every write answered before it began, and restores', sqliteOnly, async () => {
  const s = await srv.login('a-health_visitor');
  const acked = [];   // [id, answered at (ms)]
  let stop = false;
  const writer = async (w) => {
    for (let i = 0; !stop; i++) {
      const r = await srv.req('POST', '/api/v1/families', {
        session: s,
        body: { name: `Familien Skriv${w}x${i}`, persons: [{ kind: 'child', given_name: `Barn${w}x${i}`, family_name: 'Skriv', expected_birth_date: addDays(today(), 120) }] },
      });
      assert.equal(r.status, 201, r.text);
      acked.push([r.json.id, Date.now()]);
    }
  };
  const writers = [0, 1, 2, 3].map(writer);
  while (acked.length < 60) await new Promise((r) => setTimeout(r, 10));
  const file = join(srv.dir, 'during.zip');
  const began = Date.now();
  const before = acked.filter(([, at]) => at < began).map(([id]) => id);
  const done = await backupAsync(file);
  const countAtEnd = acked.length;
  stop = true;
  await Promise.all(writers);
  assert.equal(done.status, 0, done.out);
  assert.ok(countAtEnd > before.length, 'writes went on while the backup ran');
  assert.equal(statSync(file).mode & 0o777, 0o600);

  const v = run(['backup', 'verify', file]);
  assert.equal(v.status, 0, v.out);
  assert.match(v.out, /backup intact/);

  const restored = join(srv.dir, 'restored.db');
  const r = run(['restore', '--from', file, '--db', restored]);
  assert.equal(r.status, 0, r.out);
  const ids = new Set(spawnSync('sqlite3', [restored, 'SELECT id FROM family'], { encoding: 'utf8' }).stdout.trim().split('\n').map(Number));
  const missing = before.filter((id) => !ids.has(id));
  assert.deepEqual(missing, [], 'every write answered before the backup began is in it');
  // the copy is consistent: each family has its person, and the audit chain holds
  assert.equal(spawnSync('sqlite3', [restored, 'SELECT count(*) FROM family f WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.family_id = f.id)'], { encoding: 'utf8' }).stdout.trim(), '0');
  const a = run(['audit', 'verify', '--db', restored]);
  assert.equal(a.status, 0, a.out);
  // the restore and the backup are on record
  assert.equal(spawnSync('sqlite3', [restored, "SELECT count(*) FROM audit_log WHERE action = 'restore'"], { encoding: 'utf8' }).stdout.trim(), '1');
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'backup'"), '1');
});

test('restore never replaces a database, and a backup never replaces a file', sqliteOnly, async () => {
  const file = join(srv.dir, 'second.zip');
  assert.equal(run(['backup', '--db', srv.db, '--out', file]).status, 0);
  const size = statSync(srv.db).size;
  let r = run(['restore', '--from', file, '--db', srv.db]);   // the live database
  assert.equal(r.status, 1);
  assert.match(r.out, /never replaces/);
  assert.equal(statSync(srv.db).size, size);
  const other = join(srv.dir, 'other.db');
  writeFileSync(other, 'not a database');
  r = run(['restore', '--from', file, '--db', other]);
  assert.equal(r.status, 1);
  assert.equal(readFileSync(other, 'utf8'), 'not a database');
  r = run(['backup', '--db', srv.db, '--out', file]);
  assert.equal(r.status, 1);
  assert.match(r.out, /never overwrites/);
  assert.equal(run(['backup', 'verify', file]).status, 0);
  // the server kept working throughout
  const s = await srv.login('a-coordinator');
  assert.equal((await srv.req('GET', '/api/v1/me', { session: s })).status, 200);
});

test('a damaged backup is refused by verify and restore', sqliteOnly, () => {
  const file = join(srv.dir, 'damaged.zip');
  assert.equal(run(['backup', '--db', srv.db, '--out', file]).status, 0);
  const bytes = readFileSync(file);
  bytes[Math.floor(bytes.length / 2)] ^= 0x5a;
  writeFileSync(file, bytes);
  assert.equal(run(['backup', 'verify', file]).status, 1);
  const target = join(srv.dir, 'from-damaged.db');
  assert.equal(run(['restore', '--from', file, '--db', target]).status, 1);
  assert.ok(!existsSync(target));
  assert.ok(!existsSync(`${target}.restore-part`));
});

// Rewrite one member of the zip (python's zipfile), keeping SHA256SUMS true
// for the new manifest: only the census check can notice.
function doctor(src, dst, edit) {
  copyFileSync(src, dst);
  const py = `
import zipfile, hashlib, json, sys
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z:
    man = json.loads(z.read('manifest.json'))
    db = z.read('rede.db')
${edit}
text = json.dumps(man, indent=2) + "\\n"
sums = hashlib.sha256(text.encode()).hexdigest() + "  manifest.json\\n" + hashlib.sha256(db).hexdigest() + "  rede.db\\n"
with zipfile.ZipFile(dst, 'w') as z:
    z.writestr('manifest.json', text)
    z.writestr('rede.db', db)
    z.writestr('SHA256SUMS', sums)
`;
  const r = spawnSync('python3', ['-c', py, src, dst], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

test('a manifest that does not describe its copy is refused', sqliteOnly, () => {
  const file = join(srv.dir, 'honest.zip');
  assert.equal(run(['backup', '--db', srv.db, '--out', file]).status, 0);
  const rows = join(srv.dir, 'rows.zip');
  doctor(file, rows, "man['rows']['family'] += 1");
  let r = run(['backup', 'verify', rows]);
  assert.equal(r.status, 1);
  assert.match(r.out, /table family/);
  const head = join(srv.dir, 'head.zip');
  doctor(file, head, "man['audit_head']['id'] -= 1");
  r = run(['backup', 'verify', head]);
  assert.equal(r.status, 1);
  assert.match(r.out, /audit head/);
  // an untouched rewrite passes: the checks above are about the content
  const same = join(srv.dir, 'same.zip');
  doctor(file, same, 'pass');
  assert.equal(run(['backup', 'verify', same]).status, 0);
});

test('the audit chain of a backup is checked with the audit key: the one the manifest names, or --audit-key; a wrong key is refused', sqliteOnly, () => {
  const file = join(srv.dir, 'keyed.zip');
  assert.equal(run(['backup', '--db', srv.db, '--out', file]).status, 0);
  const auditKey = srv.db.replace(/\.db$/, '.audit.key');
  assert.ok(existsSync(auditKey));
  // found through the manifest
  assert.equal(run(['backup', 'verify', file]).status, 0);
  // a key file moved elsewhere is given with --audit-key
  const moved = join(srv.dir, 'elsewhere.audit.key');
  copyFileSync(auditKey, moved);
  let r = spawnSync(BIN, ['backup', 'verify', file, '--audit-key', moved], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  // another key: the chain does not check out, and nothing is restored
  const wrong = join(srv.dir, 'wrong.audit.key');
  writeFileSync(wrong, Buffer.alloc(32, 7), { mode: 0o600 });
  r = spawnSync(BIN, ['backup', 'verify', file, '--audit-key', wrong], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /audit chain BROKEN/);
  const target = join(srv.dir, 'restored-wrong.db');
  r = spawnSync(BIN, ['restore', '--from', file, '--db', target, '--audit-key', wrong], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.ok(!existsSync(target));
  // the right key restores, and the restore is on the restored chain
  const good = join(srv.dir, 'restored-good.db');
  r = spawnSync(BIN, ['restore', '--from', file, '--db', good, '--audit-key', moved], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  copyFileSync(srv.key, good.replace(/\.db$/, '.key'));
  copyFileSync(moved, good.replace(/\.db$/, '.audit.key'));
  r = spawnSync(BIN, ['audit', 'verify', '--db', good], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
