// copy.test.mjs - `rede copy` moves an installation from the SQLite file to
// PostgreSQL with its audit chain, and the copy serves as before. Needs a
// PostgreSQL server (make test / CI provide one); skipped without.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { Server, BIN, PASSWORD, PSQL, dropDatabase } from './harness.mjs';

const PG = process.env.REDE_TEST_PG || 'postgres://rede_test:rede_test@127.0.0.1:5432/rede_test';
const pgUp = spawnSync(PSQL, [PG, '-Atqc', 'select 1']).status === 0;

// A server object for the copied PostgreSQL database (its own fresh one
// dropped), with the chain checked first.
function serverOn(dst, key) {
  const pg = new Server();
  dropDatabase(pg.db);
  pg.db = dst;
  pg.key = key;
  assert.equal(pg.cli(['audit', 'verify']).status, 0);
  return pg;
}

test('copy from SQLite to PostgreSQL keeps data, ids and the audit chain', { skip: !pgUp && 'no PostgreSQL server' }, async () => {
  // the source is always a SQLite file, whatever backend the suite runs on
  const src = new Server();
  if (src.db.startsWith('postgres')) {
    dropDatabase(src.db);
    src.db = `${src.dir}/rede.db`;
  }
  src.setupTenants();
  await src.start();
  await src.login('a-admin');
  await src.login('a-admin', 'wrong-password-1');
  await src.halt();
  const dst = execFileSync('sh', ['tools/pg-fresh-db.sh', PG]).toString().trim();
  try {
    const env = { ...process.env, REDE_KEY_FILE: src.key };
    const r = spawnSync(BIN, ['copy', '--from', `sqlite:${src.db}`, '--to', dst], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /counts verified; audit chain intact/);
    const again = spawnSync(BIN, ['copy', '--from', `sqlite:${src.db}`, '--to', dst], { encoding: 'utf8', env });
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /already holds data/);
    for (const t of ['app_user', 'unit', 'audit_log', 'session', 'login_throttle']) {
      const a = spawnSync('sqlite3', [src.db, `SELECT count(*) FROM ${t}`], { encoding: 'utf8' }).stdout.trim();
      const b = spawnSync(PSQL, [dst, '-Atqc', `SELECT count(*) FROM ${t}`], { encoding: 'utf8' }).stdout.trim();
      assert.equal(b, a, t);
    }
    // the copy serves: the same users sign in; new ids continue after the copied ones
    const pg = serverOn(dst, src.key);
    await pg.start();
    const s = await pg.login('a-admin');
    assert.equal(s.status, 201);
    const created = await pg.req('POST', '/api/v1/users', { body: { username: 'efter-kopi', display_name: 'Efter Kopi', password: PASSWORD, roles: ['leader'] }, session: s });
    assert.equal(created.status, 201, created.text);
    const maxSrc = Number(spawnSync('sqlite3', [src.db, 'SELECT max(id) FROM app_user'], { encoding: 'utf8' }).stdout);
    assert.ok(created.json.id > maxSrc);
    assert.equal(pg.cli(['audit', 'verify']).status, 0);
    await pg.stop(); // drops dst
  } finally {
    dropDatabase(dst);
    await src.stop();
  }
});

test('copy moves thousands of rows per table with COPY, every value intact, indexes and foreign keys built after', { skip: !pgUp && 'no PostgreSQL server' }, async () => {
  const src = new Server();
  if (src.db.startsWith('postgres')) {
    dropDatabase(src.db);
    src.db = `${src.dir}/rede.db`;
  }
  src.cliOk(['init', '--db', src.db, '--key', src.key]);
  src.cliOk(['demo', '--scale', '0.05', '--seed', '9']); // thousands of contacts, full and partial batches
  // text COPY's format escapes these: tab, newline, carriage return, backslash, and \N is not NULL
  const odd = 'a\tb\nc\rd\\e \\N f\\\\';
  const oddId = Number(spawnSync('sqlite3', [src.db, 'SELECT min(id) FROM contact'], { encoding: 'utf8' }).stdout);
  spawnSync('sqlite3', [src.db, `UPDATE contact SET note = '${odd.replace(/'/g, "''")}' WHERE id = ${oddId}`]);
  const dst = execFileSync('sh', ['tools/pg-fresh-db.sh', PG]).toString().trim();
  const fresh = execFileSync('sh', ['tools/pg-fresh-db.sh', PG]).toString().trim();
  try {
    const env = { ...process.env, REDE_KEY_FILE: src.key };
    const r = spawnSync(BIN, ['copy', '--from', `sqlite:${src.db}`, '--to', dst], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /with COPY/); // PostgreSQL's bulk load, not INSERTs
    const note = spawnSync(PSQL, [dst, '-Atqc', `SELECT encode(convert_to(note, 'UTF8'), 'base64') FROM contact WHERE id = ${oddId}`],
      { encoding: 'utf8' }).stdout.replace(/\s/g, '');
    assert.equal(Buffer.from(note, 'base64').toString(), odd);
    // the indexes set aside for the load are all there again, as a migrated database has them
    assert.equal(spawnSync(BIN, ['init', '--db', fresh], { encoding: 'utf8', env }).status, 0);
    const indexes = (db) => spawnSync(PSQL, [db, '-Atqc', 'SELECT indexname, indexdef FROM pg_indexes WHERE ' +
      'schemaname = current_schema() ORDER BY 1'], { encoding: 'utf8' }).stdout;
    assert.ok(indexes(fresh).split('\n').length > 50);
    assert.equal(indexes(dst), indexes(fresh));
    // and so are the foreign keys (dropped for the load, checked when added back)
    const fks = (db) => spawnSync(PSQL, [db, '-Atqc', "SELECT conrelid::regclass, conname, pg_get_constraintdef(oid) " +
      "FROM pg_constraint WHERE contype = 'f' ORDER BY 1, 2"], { encoding: 'utf8' }).stdout;
    assert.ok(fks(fresh).split('\n').length > 50);
    assert.equal(fks(dst), fks(fresh));
    const q = {
      contact: 'SELECT id, municipality_id, enrolment_id, happened_on, minutes, kind, activities, stance, note, recorded_by FROM contact ORDER BY id',
      person: 'SELECT id, family_id, given_name, family_name, cpr_hash IS NULL, birth_date, phone FROM person ORDER BY id',
      contact_effort: 'SELECT enrolment_id, user_key, contacts, minutes, held_minutes FROM contact_effort ORDER BY 1, 2',
      referral: 'SELECT id, source, channel, last_decided_on, last_outcome FROM referral ORDER BY id',
    };
    for (const [t, sql] of Object.entries(q)) {
      const a = spawnSync('sqlite3', [src.db, sql], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout
        .replace(/\|0\|/g, '|f|').replace(/\|1\|/g, '|t|');
      const b = spawnSync(PSQL, [dst, '-Atqc', sql], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout
        .replace(/\|0\|/g, '|f|').replace(/\|1\|/g, '|t|');
      assert.ok(a.split('\n').length > 20, `${t}: ${a.split('\n').length} rows`);
      assert.equal(b, a, t);
    }
    serverOn(dst, src.key);
  } finally {
    dropDatabase(dst);
    dropDatabase(fresh);
    await src.stop();
  }
});
