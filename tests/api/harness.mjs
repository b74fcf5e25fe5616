// harness.mjs - starts a real `rede serve` on a fresh database (SQLite by
// default, PostgreSQL when REDE_TEST_BACKEND=postgres) on a free port of
// 127.0.0.1, and gives tests a small HTTP client and CLI helpers.
//
// Each test file makes its own Server; the database, key file and server
// process are removed/stopped in stop(). Sanitizer reports in the server's
// stderr fail the test.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const BIN = process.env.REDE_BIN || 'build/asan/rede';
export const PASSWORD = 'correct-horse-battery';
const PG_BASE = process.env.REDE_TEST_PG ||
  'postgres://rede_test:rede_test@127.0.0.1:5432/rede_test';
export const BACKEND = process.env.REDE_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const SANITIZER = /ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer/;

export class Server {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'rede-api-'));
    this.key = join(this.dir, 'rede.key');
    if (BACKEND === 'postgres') {
      this.db = execFileSync('sh', ['tools/pg-fresh-db.sh', PG_BASE]).toString().trim();
    } else {
      this.db = join(this.dir, 'rede.db');
    }
    this.stderr = '';
    this.lastDone = 0; // when the last request was answered (see req)
  }

  // Run a CLI verb against this database; returns {status, stdout, stderr}.
  cli(args, input) {
    const r = spawnSync(BIN, args, {
      input: input ?? '',
      env: { ...process.env, REDE_DB: this.db, REDE_KEY_FILE: this.key },
      encoding: 'utf8',
    });
    if (SANITIZER.test(r.stderr)) assert.fail(`sanitizer report from rede ${args[0]}:\n${r.stderr}`);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  cliOk(args, input) {
    const r = this.cli(args, input);
    assert.equal(r.status, 0, `rede ${args.join(' ')} failed: ${r.stderr}`);
    return r;
  }

  // init + two municipalities with units and one user per role each.
  setupTenants() {
    this.cliOk(['init', '--db', this.db, '--key', this.key, '--municipality', '0101', '--name', 'Testby Kommune']);
    this.cliOk(['municipality', 'add', '--code', '0202', '--name', 'Andenby Kommune']);
    this.units = {};
    for (const [code, kind, name] of [
      ['0101', 'administration', 'Forvaltningen'], ['0101', 'daycare', 'Solsikken'],
      ['0202', 'administration', 'Andenby Forvaltning'],
    ]) {
      const out = this.cliOk(['unit', 'add', '--municipality', code, '--kind', kind, '--name', name]).stdout;
      this.units[name] = Number(/id (\d+)/.exec(out)[1]);
    }
    const roles = ['admin', 'coordinator', 'home_pedagogue', 'health_visitor', 'daycare', 'leader', 'evaluator'];
    for (const r of roles) this.addUser(`a-${r}`, r, '0101', this.units.Forvaltningen);
    this.addUser('b-admin', 'admin', '0202', this.units['Andenby Forvaltning']);
    this.addUser('b-coordinator', 'coordinator', '0202');
  }

  addUser(username, roles, municipality, unit) {
    const args = ['user', 'add', '--username', username, '--role', roles, '--municipality', municipality];
    if (unit) args.push('--unit', String(unit));
    this.cliOk(args, PASSWORD + '\n');
  }

  async start(extraArgs = []) {
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.proc = spawn(BIN, ['serve', '--db', this.db, '--key', this.key, '--listen',
      `127.0.0.1:${this.port}`, '--web', 'web', '--threads', '4', ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc.stderr.on('data', (d) => { this.stderr += d.toString(); });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, sig) => resolve({ code, sig })));
    await new Promise((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`server did not start:\n${this.stderr}`)), 15000);
      this.proc.stdout.on('data', (d) => {
        out += d.toString();
        if (out.includes('listening on')) { clearTimeout(t); resolve(); }
      });
      this.exited.then(({ code }) => { clearTimeout(t); reject(new Error(`server exited ${code}:\n${this.stderr}`)); });
    });
  }

  // SIGTERM, and require a clean exit (graceful shutdown is part of the contract).
  async halt() {
    if (this.proc && this.proc.exitCode === null) {
      this.proc.kill('SIGTERM');
      const { code } = await this.exited;
      assert.equal(code, 0, `server exit code ${code}\n${this.stderr}`);
    }
    if (SANITIZER.test(this.stderr)) assert.fail(`sanitizer report from the server:\n${this.stderr}`);
  }

  // halt() and remove the database and files.
  async stop() {
    await this.halt();
    if (BACKEND === 'postgres') spawnSync('sh', ['tools/pg-drop-db.sh', PG_BASE, this.db]);
    rmSync(this.dir, { recursive: true, force: true });
  }

  // Raw SQL for "nothing was written" checks and tampering.
  sql(query) {
    const r = BACKEND === 'postgres'
      ? spawnSync('psql', [this.db, '-Atqc', query], { encoding: 'utf8' })
      : spawnSync('sqlite3', [this.db, query], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  }

  count(table) {
    return Number(this.sql(`SELECT count(*) FROM ${table}`));
  }

  rawFile() {
    return readFileSync(this.db);
  }

  async req(method, path, { body, raw, session, headers = {} } = {}) {
    const h = { ...headers };
    if (session?.cookie) h.Cookie = session.cookie;
    if (session?.csrf && method !== 'GET' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = session.csrf;
    if (session?.bearer) h.Authorization = `Bearer ${session.bearer}`;
    let payload = raw;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      if (!('Content-Type' in h)) h['Content-Type'] = 'application/json';
    }
    const send = () => fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    let r;
    try {
      r = await send();
    } catch (e) {
      // fetch keeps connections open between requests. A test that blocks
      // node (spawnSync) for longer than the server's idle timeout finds its
      // connection closed by the server, which never read the request on it
      // ("other side closed"): send it once more on a new connection.
      if (e.cause?.code !== 'UND_ERR_SOCKET' || Date.now() - this.lastDone < 25000) throw e;
      r = await send();
    }
    this.lastDone = Date.now();
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: r.status, headers: r.headers, json, text };
  }

  async login(username, password = PASSWORD, device) {
    const headers = device ? { Cookie: device } : {};
    const r = await this.req('POST', '/api/v1/session', { body: { username, password }, headers });
    if (r.status !== 201) return { status: r.status, json: r.json, headers: r.headers };
    const cookies = r.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('rede_session='));
    const dev = cookies.find((c) => c.startsWith('rede_device='));
    return {
      status: r.status,
      json: r.json,
      headers: r.headers,
      cookie: session.split(';')[0],
      device: dev ? dev.split(';')[0] : device,
      csrf: r.json.csrf_token,
      setCookies: cookies,
      user: r.json.user,
    };
  }
}

// A problem+json answer with the given status, a Danish title, and (when
// given) an error naming the field.
export function assertProblem(r, status, field) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  assert.equal(r.json.status, status);
  assert.equal(typeof r.json.title, 'string');
  assert.ok(r.json.title.length > 0);
  assert.ok(Array.isArray(r.json.errors));
  if (field !== undefined) {
    assert.ok(r.json.errors.some((e) => e.field === field),
      `no error for field ${field}: ${JSON.stringify(r.json.errors)}`);
  }
}
