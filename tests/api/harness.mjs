// harness.mjs - starts a real `rede serve` on a fresh database (SQLite by
// default, PostgreSQL when REDE_TEST_BACKEND=postgres) on a free port of
// 127.0.0.1, and gives tests a small HTTP client and CLI helpers.
//
// Each test file makes its own Server; the database, key file and server
// process are removed/stopped in stop(). Sanitizer reports in the server's
// stderr fail the test.
//
// No CPR number in clear anywhere (DESIGN §5, issue 14): the harness notes
// every CPR number a test sends - a "cpr" field of a request body, a CPR
// shape in a search text (q=), the stdin of `rede audit person` - and
// stop() looks for each, in its forms, in every table (all columns), the
// raw SQLite file and its WAL, and the server's stdout and stderr; a find
// fails the test file (scanForCprs).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import {
  mkdtempSync, rmSync, readFileSync, existsSync, appendFileSync, mkdirSync, copyFileSync,
  chmodSync, writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { pgSync } from './pg_sync.mjs';

export const BIN = process.env.REDE_BIN || 'build/asan/rede';
export const PASSWORD = 'correct-horse-battery';
const PG_BASE = process.env.REDE_TEST_PG ||
  'postgres://rede_test:rede_test@127.0.0.1:5432/rede_test';
export const BACKEND = process.env.REDE_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

// psql for what still runs it (the table dumps of the CPR scan,
// copy.test.mjs; srv.sql keeps a connection, pg_sync.mjs): tools/psql.sh
// runs the client itself rather than Debian's Perl wrapper (140 ms a call
// against 60 ms). REDE_TEST_PSQL overrides.
export const PSQL = process.env.REDE_TEST_PSQL || 'tools/psql.sh';

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

// The tenants of setupTenants, made once per run: tools/run-tests.sh sets
// REDE_TEST_TEMPLATE to a directory it removes at the end (and drops the
// PostgreSQL template it names). The first test file to ask builds them
// as setupTenants always did (init, a municipality, units, a user per role,
// through the CLI: 4-5 s of processes and password hashes); every file
// then starts from a copy - the SQLite file, or CREATE DATABASE ... TEMPLATE -
// with the key files beside it. Without the variable (a file run by hand)
// each file builds its own, as before.
const TEMPLATE_DIR = process.env.REDE_TEST_TEMPLATE;
const TEMPLATE_WAIT_MS = 180000;

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// {db, key, auditKey, units} of this run's tenants, built by the first
// caller (an atomic mkdir decides which); null when there is none.
function tenantTemplate() {
  if (!TEMPLATE_DIR) return null;
  const dir = join(TEMPLATE_DIR, `tenants-${BACKEND}`);
  const ready = join(dir, 'ready.json');
  const failed = join(dir, 'failed');
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  let builder = true;
  try {
    mkdirSync(dir);
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    builder = false;
  }
  if (builder) {
    const b = new Server();
    try {
      b.buildTenants();
      const t = { db: b.db, key: join(dir, 'rede.key'), auditKey: join(dir, 'rede.audit.key'), units: b.units };
      copyFileSync(b.key, t.key);
      copyFileSync(join(b.dir, 'rede.audit.key'), t.auditKey);
      if (BACKEND === 'sqlite') {
        t.db = join(dir, 'rede.db');
        copyFileSync(b.db, t.db);
        // every CLI has closed it, so SQLite has folded its WAL in
        assert.ok(!existsSync(`${b.db}-wal`), 'the template has a WAL left');
      }
      // PostgreSQL: b.db itself is the template (nothing is connected to it)
      writeFileSync(join(dir, 'db'), BACKEND === 'postgres' ? b.db : '');
      writeFileSync(ready, JSON.stringify(t));
      rmSync(b.dir, { recursive: true, force: true });
      return t;
    } catch (e) {
      writeFileSync(failed, String(e));
      throw e;
    }
  }
  for (let waited = 0; waited < TEMPLATE_WAIT_MS; waited += 50) {
    if (existsSync(ready)) return JSON.parse(readFileSync(ready, 'utf8'));
    if (existsSync(failed)) return null;
    sleepSync(50);
  }
  return null;
}

const SANITIZER = /ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer/;

// Something shaped like a CPR number in free text (as core_cpr_find).
const CPR_SHAPE = /(?<!\d)(\d{6})[- ]?(\d{4})(?!\d)/g;

// The ways a CPR number (ten digits) may be written.
export function cprForms(digits) {
  return [digits, `${digits.slice(0, 6)}-${digits.slice(6)}`, `${digits.slice(0, 6)} ${digits.slice(6)}`];
}

// "@@table NAME@@ rows..." as [[NAME, rows]...].
function splitDump(out) {
  const parts = out.split(/@@table ([^@]+)@@/);
  const res = [];
  for (let i = 1; i < parts.length; i += 2) res.push([parts[i], parts[i + 1]]);
  assert.ok(res.length > 0, 'the table dump is empty');
  return res;
}

// Ten digits of every CPR-shaped number in text.
function cprsIn(text) {
  return [...String(text).matchAll(CPR_SHAPE)].map((m) => m[1] + m[2]);
}

// What each migration after 0005 made, undone (Server.rewindSchema). A
// migration that adds tables or columns adds its line here.
const UNDO = {
  // 0035: facts the reports read kept on the rows they describe (issue 22)
  35: ['DROP INDEX visitation_programme', 'DROP INDEX visitation_municipality',
    'CREATE INDEX visitation_municipality ON visitation_decision(municipality_id, decided_on, referral_id, reasons_ok, reasons_failed)',
    'ALTER TABLE visitation_decision DROP COLUMN programme', 'DROP INDEX closure_closed',
    'CREATE INDEX closure_closed ON closure(closed_on, enrolment_id, municipality_id)',
    'ALTER TABLE closure DROP COLUMN held_minutes', 'ALTER TABLE closure DROP COLUMN programme',
    'DROP INDEX cosp_course_last', 'ALTER TABLE cosp_course DROP COLUMN last_held_on'],
  // 0034: a municipality's newest referrals from one key (the referral list)
  34: ['DROP INDEX referral_municipality'],
  // 0033: keys for the grouped closed-course and visit-state queries (issue 22)
  33: ['DROP INDEX closure_closed', 'DROP INDEX enrolment_programme', 'DROP INDEX hv_offer_state_status',
    'CREATE INDEX hv_offer_state_offer ON hv_offer_state(offer_id, effective_on, id)'],
  // 0032: the referrals of a period from one key (issue 22)
  32: ['DROP INDEX referral_period'],
  // 0031: a family's reports built on several connections (issue 22)
  31: ["DELETE FROM setting WHERE key = 'server.report_threads'"],
  // 0030: the course's status history copied onto the course (issue 22)
  30: ['DROP INDEX enrolment_course_dates', 'ALTER TABLE enrolment DROP COLUMN state_planned_on',
    'ALTER TABLE enrolment DROP COLUMN state_active_on', 'ALTER TABLE enrolment DROP COLUMN state_closed_on'],
  // 0029: keys for the narrow name search (issue 22)
  29: ['CREATE INDEX search_word_owner ON search_word(family_id, person_id)', 'DROP INDEX search_word_family',
    'DROP INDEX family_created_by', 'DROP INDEX family_newest'],
  // 0028: the caseload's open assignments kept apart (issue 22 goal 4)
  28: ['DROP TABLE caseload_open',
    'CREATE INDEX contact_enrolment ON contact(enrolment_id, happened_on)', 'DROP INDEX contact_enrolment_kind',
    'CREATE INDEX enrolment_hours_day ON enrolment_hours(enrolment_id, from_date, id)', 'DROP INDEX enrolment_hours_minutes',
    'CREATE INDEX goal_enrolment ON goal(enrolment_id)', 'DROP INDEX goal_enrolment_agreed'],
  // 0027: replicas wait for the primary's WAL position instead of a per-user window
  27: ["DELETE FROM setting WHERE key = 'replica.wait_ms'",
    "INSERT INTO setting (municipality_id, key, value) VALUES (0, 'replica.own_writes_ms', '3000')"],
  // 0026: covering keys for the caseload (issue 22)
  26: ['CREATE INDEX enrolment_staff_user ON enrolment_staff(user_id)', 'DROP INDEX enrolment_staff_user_course',
    'CREATE INDEX enrolment_hours_enrolment ON enrolment_hours(enrolment_id)', 'DROP INDEX enrolment_hours_day'],
  // 0025: the data version a cached report family is keyed by (issue 22)
  25: ['DROP INDEX audit_change', "DELETE FROM setting WHERE key = 'server.report_cache_families'"],
  // 0024: read replicas' settings (issue 22)
  24: ["DELETE FROM setting WHERE key LIKE 'replica.%'"],
  // 0021: devices an administrator can disable (issue 20): back to 0001's login_device
  21: ['CREATE TABLE login_device (token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES app_user(id), created_at BIGINT NOT NULL)',
    'INSERT INTO login_device (token_hash, user_id, created_at) SELECT token_hash, user_id, created_at FROM device',
    'ALTER TABLE session DROP COLUMN device_id', 'DROP TABLE device'],
  // 0019: faglig sparring, training records extended, typology evidence
  19: ['DROP TABLE sparring_case', 'DROP TABLE sparring_session_theme', 'DROP TABLE sparring_participant',
    'DROP TABLE sparring_session', 'DROP TABLE sparring_theme',
    ...['name', 'provider', 'ended_on', 'hours', 'certificate', 'certificate_ref'].map((c) => `ALTER TABLE staff_competence DROP COLUMN ${c}`),
    "DELETE FROM setting WHERE municipality_id = 0 AND (key LIKE 'sparring.%' OR key LIKE 'training.refresher_months.%')",
    "UPDATE typology_question SET evidence = NULL WHERE municipality_id = 0 AND element = 'faglig_refleksion'"],
  // 0018: municipality keys for the reports (issue 22)
  18: ['DROP INDEX closure_period', 'ALTER TABLE closure DROP COLUMN municipality_id', 'DROP INDEX referral_referred_by',
    'DROP INDEX enrolment_unit', 'DROP INDEX hv_offer_unit'],
  // 0017: offline records (issue 20)
  17: ['ALTER TABLE contact DROP COLUMN recorded_at', 'ALTER TABLE goal_rating DROP COLUMN recorded_at',
    'ALTER TABLE hv_visit DROP COLUMN recorded_at', 'ALTER TABLE cosp_attendance DROP COLUMN recorded_at',
    'ALTER TABLE daycare_score DROP COLUMN recorded_at', "DELETE FROM setting WHERE key LIKE 'offline.%'"],
  // 0016: imports (issue 19)
  16: ['DROP TABLE import_key', "DELETE FROM setting WHERE key LIKE 'import.%'"],
  13: ['DROP TABLE sso_session', 'DROP TABLE sso_break_glass', 'DROP TABLE sso_replay', 'DROP TABLE sso_pending',
    'DROP TABLE sso_identity', 'DROP TABLE sso_role_map', 'DROP TABLE sso_oidc', 'DROP TABLE sso_saml',
    "DELETE FROM setting WHERE key LIKE 'sso.%'"],
  // 0012: retention, archive, legal holds, purposes
  12: ['DROP TABLE retention_run', 'DROP TABLE legal_hold', 'DROP TABLE archive_delivery', 'DROP TABLE archive_export',
    'DROP TABLE retention_rule', 'ALTER TABLE family DROP COLUMN deleted_at', 'ALTER TABLE enrolment DROP COLUMN erased_at',
    'ALTER TABLE referral DROP COLUMN erased_at', 'ALTER TABLE hv_offer DROP COLUMN erased_at', 'ALTER TABLE handover DROP COLUMN erased_at',
    'ALTER TABLE audit_log DROP COLUMN purpose_code',
    "DELETE FROM setting WHERE key IN ('retention.audit_months', 'retention.idempotency_hours', 'insight.show_staff')"],
  10: ['DROP TABLE hv_offer_state', 'DROP TABLE cosp_offer_state', 'DROP TABLE enrolment_state', 'DROP TABLE consent_state'],
  9: ['ALTER TABLE idempotency DROP COLUMN fingerprint'],
  // 0008: sign-in names (its data step finds the global unique gone already)
  8: ['DROP INDEX app_user_plain', 'DROP INDEX app_user_name', 'ALTER TABLE app_user DROP COLUMN plain_sign_in',
    "DELETE FROM setting WHERE key = 'login.address_slow_seconds'"],
  7: ['DROP INDEX enrolment_page', 'DROP TABLE search_word'],
  6: ['DROP INDEX hv_visit_period', 'DROP INDEX goal_enrolment_theme', 'DROP INDEX visitation_municipality', 'DROP INDEX visitation_referral_decided',
    'DROP TABLE contact_effort',
    'ALTER TABLE visitation_decision DROP COLUMN reasons_ok', 'ALTER TABLE visitation_decision DROP COLUMN reasons_failed',
    'ALTER TABLE referral DROP COLUMN last_decided_on', 'ALTER TABLE referral DROP COLUMN last_outcome'],
};

// Drop a database of pg-fresh-db.sh (a SQLite path: nothing to do), or fail
// saying why; tools/pg-drop-db.sh tries again itself when an autovacuum
// worker in the database makes the forced drop refuse.
export function dropDatabase(db) {
  if (!db.startsWith('postgres')) return;
  const r = spawnSync('sh', ['tools/pg-drop-db.sh', PG_BASE, db], { encoding: 'utf8' });
  if (r.status !== 0) {
    assert.fail(`could not drop ${db.replace(/.*\//, '')}: ${r.stderr || r.error || `exit ${r.status}`}`);
  }
}

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
    this.stdout = '';
    this.cprs = new Set();
    this.lastDone = 0; // when the last request was answered (see req)
  }

  // Note the CPR numbers of a request: "cpr" fields of the body (any
  // depth) and CPR shapes in the query's q.
  noteCprs(path, body) {
    const walk = (v, key) => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
      else if (typeof v === 'string' && /cpr$/i.test(key ?? '')) cprsIn(v).forEach((c) => this.cprs.add(c));
    };
    walk(body);
    const q = new URL(path, 'http://x').searchParams.get('q');
    if (q) cprsIn(q).forEach((c) => this.cprs.add(c));
  }

  // Where the CPR numbers noted so far (or `cprs`) are found in clear:
  // [{where, cpr}]. files: the SQLite file and WAL; output: the server's
  // stdout and stderr; tables: every column of every table, read with the
  // catalog (sqlite_master / information_schema).
  scanForCprs({ files = true, output = true, tables = true, cprs = this.cprs } = {}) {
    const needles = [...cprs].flatMap((c) => cprForms(c).map((f) => [f, c]));
    const found = [];
    const look = (where, text) => {
      for (const [form, cpr] of needles) if (text.includes(form)) found.push({ where, cpr: form });
    };
    if (!needles.length) return found;
    if (files && BACKEND === 'sqlite') {
      for (const f of [this.db, `${this.db}-wal`, `${this.db}-journal`]) {
        if (existsSync(f)) look(f.slice(this.dir.length + 1), readFileSync(f).toString('latin1'));
      }
    }
    if (output) {
      look('server stdout', this.stdout);
      look('server stderr', this.stderr);
    }
    if (tables) {
      for (const [table, text] of this.dumpTables()) look(`table ${table}`, text);
    }
    return found;
  }

  // [table, all its rows as text] for every table of the database.
  dumpTables() {
    const run = (args, input) => {
      const r = spawnSync(BACKEND === 'postgres' ? PSQL : 'sqlite3', args,
        { encoding: 'utf8', maxBuffer: 1 << 30, input });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    const mark = (t) => `@@table ${t}@@`;
    let names, script;
    if (BACKEND === 'postgres') {
      names = run([this.db, '-Atqc', "SELECT table_name FROM information_schema.tables WHERE " +
        "table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"]).split('\n').filter(Boolean);
      const cols = run([this.db, '-AtqF', '\t', '-c', "SELECT table_name, column_name FROM information_schema.columns " +
        'WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position']).split('\n').filter(Boolean)
        .map((l) => l.split('\t'));
      script = names.map((t) => {
        const c = cols.filter(([tn]) => tn === t).map(([, cn]) => `COALESCE(CAST("${cn}" AS TEXT), '')`);
        return `SELECT '${mark(t)}'; SELECT ${c.join(" || '|' || ") || "''"} FROM "${t}";`;
      }).join('\n');
      return splitDump(run([this.db, '-Atq', '-v', 'ON_ERROR_STOP=1', '-f', '-'], script));
    }
    names = run([this.db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"]).split('\n').filter(Boolean);
    script = names.map((t) => `SELECT '${mark(t)}'; SELECT * FROM "${t}";`).join('\n');
    return splitDump(run([this.db], script));
  }

  // Run a CLI verb against this database; returns {status, stdout, stderr}.
  cli(args, input) {
    if (args[0] === 'audit' && args[1] === 'person' && input) cprsIn(input).forEach((c) => this.cprs.add(c));
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
    // a test that set its own kind of database (copy.test.mjs) builds its own
    const own = this.db.startsWith('postgres') !== (BACKEND === 'postgres');
    const t = own ? null : tenantTemplate();
    if (!t) {
      this.buildTenants();
      return;
    }
    if (BACKEND === 'postgres') {
      const name = this.db.slice(this.db.lastIndexOf('/') + 1);
      const tmpl = t.db.slice(t.db.lastIndexOf('/') + 1);
      const r = spawnSync('sh', ['tools/psql.sh', PG_BASE, '-Atq', '-v', 'ON_ERROR_STOP=1',
        '-c', `DROP DATABASE ${name}`, '-c', `CREATE DATABASE ${name} TEMPLATE ${tmpl}`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    } else {
      copyFileSync(t.db, this.db);
    }
    copyFileSync(t.key, this.key);
    copyFileSync(t.auditKey, join(this.dir, 'rede.audit.key'));
    // private, as rede init makes them
    for (const f of [this.key, join(this.dir, 'rede.audit.key')]) chmodSync(f, 0o600);
    if (BACKEND === 'sqlite') chmodSync(this.db, 0o600);
    this.units = { ...t.units };
  }

  // What setupTenants copies: built through the CLI.
  buildTenants() {
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

  // The PostgreSQL pass with a read replica (REDE_TEST_API_REPLICA: the
  // standby's URL of the test cluster, tools/pg-standby.sh): every server
  // also gets --replica, the standby's copy of this run's database.
  replicaArgs(extraArgs) {
    const base = process.env.REDE_TEST_API_REPLICA;
    if (!base || !/^postgres(ql)?:/.test(this.db) || extraArgs.includes('--replica')) return [];
    return ['--replica', this.replicaUrl(base)];
  }

  // The standby's URL (base: any database on it) of this run's database.
  replicaUrl(base) {
    const dbName = this.db.slice(this.db.lastIndexOf('/') + 1);
    return base.replace(/\/[^/?]*(\?.*)?$/, `/${dbName}$1`);
  }

  // The port is found free and then given to the server; another test's
  // server may take it in between ("cannot listen on ... in use"), so that
  // one failure is tried again on a new port, a few times.
  async start(extraArgs = []) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce(extraArgs);
      } catch (e) {
        if (attempt >= 4 || !/cannot listen on 127\.0\.0\.1:\d+ \(in use/.test(String(e.message))) throw e;
        this.stderr = '';
        this.stdout = '';
      }
    }
  }

  async startOnce(extraArgs) {
    const replica = this.replicaArgs(extraArgs);
    this.onReplica = replica.length > 0;
    extraArgs = [...extraArgs, ...replica];
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
        this.stdout += d.toString();
        out += d.toString();
        if (out.includes('listening on')) { clearTimeout(t); resolve(); }
      });
      this.exited.then(({ code }) => { clearTimeout(t); reject(new Error(`server exited ${code}:\n${this.stderr}`)); });
    });
  }

  // SIGTERM, and require a clean exit (graceful shutdown is part of the contract).
  async halt() {
    // the replica pass: what the replica answered, for tools/run-tests.sh
    // (a pass whose replica answered nothing has not tested it)
    if (this.onReplica && this.proc && this.proc.exitCode === null && process.env.REDE_TEST_API_REPLICA_LOG) {
      const r = await this.req('GET', '/healthz').catch(() => null);
      const rep = r?.json?.replicas?.[0];
      if (rep) appendFileSync(process.env.REDE_TEST_API_REPLICA_LOG, `${rep.reads} ${rep.behind} ${rep.fallbacks}\n`);
    }
    if (this.proc && this.proc.exitCode === null) {
      this.proc.kill('SIGTERM');
      const { code } = await this.exited;
      assert.equal(code, 0, `server exit code ${code}\n${this.stderr}`);
    }
    if (SANITIZER.test(this.stderr)) assert.fail(`sanitizer report from the server:\n${this.stderr}`);
  }

  // halt() and remove the database and files - after looking for the CPR
  // numbers the test sent (the WAL while the server runs, the rest after).
  async stop() {
    let found = [];
    try {
      if (this.cprs.size) found = this.scanForCprs({ output: false, tables: false });
      await this.halt();
      if (this.cprs.size) found.push(...this.scanForCprs());
    } finally {
      // removed even when the server ended badly (that failure is the one reported)
      await this.pgs?.close();
      this.pgs = null;
      try {
        dropDatabase(this.db);
      } finally {
        rmSync(this.dir, { recursive: true, force: true });
      }
    }
    if (found.length) {
      assert.fail(`CPR numbers in clear: ${[...new Set(found.map((f) => f.where))].join(', ')} ` +
        `(${found.length} finds of ${this.cprs.size} numbers sent)`);
    }
  }

  // Raw SQL for "nothing was written" checks and tampering.
  // PostgreSQL: one kept connection (pg_sync.mjs), printing as psql -Atq.
  sql(query) {
    if (BACKEND === 'postgres') {
      this.pgs ??= pgSync(this.db);
      try {
        return this.pgs.query(query).trim();
      } catch (e) {
        assert.fail(`${e.message}\n${query}`);
      }
    }
    // a running server writes too (its audit flusher, every 50 ms): wait
    // for its lock as the server's own connections do instead of failing
    // with "database is locked"
    const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', this.db, query], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  }

  count(table) {
    return Number(this.sql(`SELECT count(*) FROM ${table}`));
  }

  // Take the database back to schema `version` as an older rede left it:
  // undo every later migration (newest first, UNDO below) so that
  // `rede migrate` applies them again. Returns how many were undone.
  rewindSchema(version) {
    const undone = Object.keys(UNDO).map(Number).filter((v) => v > version).sort((a, b) => b - a);
    for (const v of undone) this.undoMigration(v);
    return undone.length;
  }

  // Undo migration v alone, as if the database had never had it.
  undoMigration(v) {
    for (const sql of UNDO[v]) this.sql(sql);
    this.sql(`DELETE FROM schema_version WHERE version = ${v}`);
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
    let sent = body;
    if (sent === undefined && typeof raw === 'string') { try { sent = JSON.parse(raw); } catch { sent = undefined; } }
    this.noteCprs(path, sent);
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
      // Depending on timing the closed connection shows as "other side
      // closed", or as EPIPE/ECONNRESET when the request was written to it.
      const closed = ['UND_ERR_SOCKET', 'EPIPE', 'ECONNRESET'].includes(e.cause?.code);
      if (!closed || Date.now() - this.lastDone < 25000) throw e;
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
