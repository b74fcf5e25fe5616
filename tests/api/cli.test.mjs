// cli.test.mjs - the rede command line: help, errors, init and the key
// file, passwords only from stdin, refusing a missing database.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Server, BIN, BACKEND, PASSWORD } from './harness.mjs';

const srv = new Server();
after(() => srv.stop());

const run = (args, input = '') => spawnSync(BIN, args, { input, encoding: 'utf8' });

test('help for the program and every verb', () => {
  assert.equal(run(['--help']).status, 0);
  for (const verb of ['init', 'migrate', 'serve', 'user', 'municipality', 'unit', 'demo', 'audit', 'setting', 'copy']) {
    const r = run([verb, '--help']);
    assert.equal(r.status, 0, verb);
    assert.match(r.stdout, /usage: rede/, verb);
  }
  const u = run(['frobnicate']);
  assert.equal(u.status, 2);
  assert.match(u.stderr, /unknown command/);
  assert.equal(run(['init', '--bogus']).status, 2);
});

test('an unknown option is named on a line of its own after the usage', () => {
  for (const args of [['init', '--bogus'], ['report', 'evaluation-kit', '--key', 'x'], ['serve', '--frob']]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    const lines = r.stderr.trimEnd().split('\n');
    assert.match(lines[0], /^usage: rede /, 'the usage comes first');
    assert.match(lines.at(-1), new RegExp(`^error: unknown option '${args.find((a) => a.startsWith('--') && !['--key'].includes(a)) || '--key'}'$`));
    assert.doesNotMatch(r.stderr, /unrecognized option/, 'not getopt\'s own message glued to the verb');
  }
  const missing = run(['report', 'visits', '--from']);
  assert.match(missing.stderr.trimEnd().split('\n').at(-1), /^error: option '--from' needs a value$/);
});

test('init creates the schema and a 0600 key file, and refuses to run twice', () => {
  const r = srv.cli(['init', '--db', srv.db, '--key', srv.key, '--municipality', '0303', '--name', 'Tredjeby']);
  assert.equal(r.status, 0, r.stderr);
  // The first init on an empty database logs no error (the schema table
  // does not exist yet, and that is expected).
  assert.doesNotMatch(r.stderr + r.stdout, /error|no such table/i);
  assert.equal(statSync(srv.key).mode & 0o777, 0o600);
  assert.equal(statSync(srv.key).size, 64);
  if (BACKEND === 'sqlite') assert.equal(statSync(srv.db).mode & 0o777, 0o600);
  const again = srv.cli(['init', '--db', srv.db, '--key', srv.key]);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /already initialised/);
  assert.match(srv.cli(['migrate']).stdout, /0 applied/);
});

test('passwords come from stdin, never from argv, and must be long enough', () => {
  const before = srv.count('app_user');
  const short = srv.cli(['user', 'add', '--username', 'kort', '--role', 'leader'], 'short\n');
  assert.notEqual(short.status, 0);
  assert.match(short.stderr, /at least 12/);
  const argv = srv.cli(['user', 'add', '--username', 'argv', '--role', 'leader', '--password', PASSWORD]);
  assert.equal(argv.status, 2);
  const bad = srv.cli(['user', 'add', '--username', 'rolle', '--role', 'king'], PASSWORD + '\n');
  assert.equal(bad.status, 2);
  assert.equal(srv.count('app_user'), before);
  const ok = srv.cli(['user', 'add', '--username', 'lang', '--role', 'leader,evaluator'], PASSWORD + '\n');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(srv.count('app_user'), before + 1);
  assert.match(srv.cli(['user', 'list']).stdout, /lang\s+leader,evaluator\s+active/);
  // the stored hash is Argon2id, never the password
  const hash = srv.sql("SELECT password_hash FROM app_user WHERE username = 'lang'");
  assert.match(hash, /^\$argon2id\$/);
  assert.ok(!hash.includes(PASSWORD));
});

test('settings are data: list, get, set; unknown keys refused', () => {
  assert.match(srv.cli(['setting', 'list']).stdout, /session\.idle_seconds\s+\(default\)\s+1800/);
  assert.equal(srv.cli(['setting', 'set', 'no.such', '1']).status, 1);
  assert.equal(srv.cli(['setting', 'set', 'session.idle_seconds', 'soon']).status, 2);
  assert.equal(srv.cli(['setting', 'set', 'session.idle_seconds', '-5']).status, 2);
  assert.equal(srv.cli(['setting', 'set', 'report.suppression_threshold', '7', '--municipality', '0303']).status, 0);
  assert.equal(srv.cli(['setting', 'get', 'report.suppression_threshold', '--municipality', '0303']).stdout.trim(), '7');
  assert.equal(srv.cli(['setting', 'get', 'report.suppression_threshold']).stdout.trim(), '5');
});

test('serve refuses a database that does not exist', () => {
  const missing = join(srv.dir, 'missing.db');
  const r = run(['serve', '--db', missing, '--key', srv.key, '--listen', '127.0.0.1:1']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no database|cannot/);
  assert.ok(!existsSync(missing));
});

test('serve --replica: only beside a PostgreSQL primary, and only postgres:// URLs', () => {
  const args = ['serve', '--db', srv.db, '--key', srv.key, '--listen', '127.0.0.1:0'];
  let r = run([...args, '--replica', 'sqlite:/tmp/x.db']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, BACKEND === 'postgres' ? /replica 1: not a postgres:\/\/ URL/ : /--replica needs a PostgreSQL primary/);
  // the environment's list is read the same way; the URL is never echoed
  r = spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, REDE_REPLICAS: 'mysql://u:secret@h/db' } });
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stderr, /secret/);
});
