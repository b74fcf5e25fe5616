// backends.test.mjs - SQLite and PostgreSQL answer alike. One SQLite demo
// database with four years of synthetic cases of every programme (rede demo
// --scale 0.05) is copied to PostgreSQL with rede copy and served by this
// build on each; then
//   - every list, the objects they name, and every report over three
//     periods as JSON and CSV, as each demo user, must be the same bytes
//     (tools/api-compare/crawl.mjs and compare.mjs; the clock, the random
//     CSRF token and the CSV's "Dannet" line masked), and
//   - every report's exact aggregates (rede report --format merge, never
//     suppressed) for both municipalities over four periods, and for each
//     kind of unit of the demo municipality, must be the same bytes.
// The reports are written twice, once per backend's SQL (src/store/rq_*.c,
// issue 22 rewrote them as grouped queries and facts kept on write); the
// tests that expect given numbers run on each backend with hand-made data,
// this one puts generated data at every edge of them on both at once. It
// shows it can fail: one visit moved on PostgreSQL is a difference.
// Runs in the SQLite pass (it makes both databases itself); skipped without
// a PostgreSQL server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Server, BIN, PSQL, BACKEND, dropDatabase } from './harness.mjs';

const PG = process.env.REDE_TEST_PG || 'postgres://rede_test:rede_test@127.0.0.1:5432/rede_test';
const pgUp = spawnSync(PSQL, [PG, '-Atqc', 'select 1']).status === 0;
const skip = BACKEND === 'postgres' ? 'runs in the SQLite pass (it makes both databases)'
  : !pgUp && 'no PostgreSQL server';

const REPORTS = ['visits', 'materials', 'cosp', 'home-pedagogue', 'costs', 'evaluation-kit', 'typology'];

function day() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
}

// Every report as merge aggregates from one database, keyed by its arguments.
function merges(srv, runs) {
  const out = {};
  for (const args of runs) {
    const r = srv.cliOk(['report', ...args, '--format', 'merge', '--db', srv.db]);
    const m = JSON.parse(r.stdout);
    delete m.generated_at; // the clock
    out[args.join(' ')] = JSON.stringify(m);
  }
  return out;
}

// node ARGS as a child process: {status, stdout, stderr} when it ends.
function node(args) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function differing(a, b) {
  return Object.keys(a).filter((k) => a[k] !== b[k]);
}

test('both backends give the same answers and report numbers over generated data', { skip }, async () => {
  const lite = new Server();
  const pg = new Server();
  dropDatabase(pg.db);
  pg.key = lite.key; // the copy keeps the file's keys
  pg.db = execFileSync('sh', ['tools/pg-fresh-db.sh', PG]).toString().trim();
  try {
    lite.cliOk(['init', '--db', lite.db, '--key', lite.key]);
    lite.cliOk(['demo', '--scale', '0.05', '--seed', '3']);
    const c = spawnSync(BIN, ['copy', '--from', `sqlite:${lite.db}`, '--to', pg.db],
      { encoding: 'utf8', env: { ...process.env, REDE_KEY_FILE: lite.key } });
    assert.equal(c.status, 0, c.stderr);

    // the API, as every demo user
    await lite.start();
    await pg.start();
    // (a child process of its own, waited for without blocking: the servers'
    // output is read by this process while they answer)
    const crawl = async (srv, name) => {
      const file = join(lite.dir, `${name}.json`);
      const r = await node(['tools/api-compare/crawl.mjs', srv.base, file]);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(Number(r.stdout.split(' ')[0]) > 1500, `only ${r.stdout}`);
      return file;
    };
    const [a, b] = await Promise.all([crawl(lite, 'sqlite'), crawl(pg, 'postgres')]);
    const cmp = spawnSync('node', ['tools/api-compare/compare.mjs', a, b], { encoding: 'utf8' });
    assert.equal(cmp.status, 0, cmp.stdout + cmp.stderr);
    await lite.halt();
    await pg.halt();

    // the exact aggregates: all municipalities over four periods, and each
    // kind of unit of the demo municipality over the project year
    const today = day();
    const year = Number(today.slice(0, 4));
    const sept = today.slice(5) >= '09-05' ? year : year - 1;
    const periods = [[`${year}-01-01`, today], [`${sept - 1}-09-06`, `${sept}-09-05`], [today, today],
      ['2020-01-01', today]];
    const units = spawnSync('sqlite3', [lite.db, "SELECT min(u.id) FROM unit u JOIN municipality m ON m.id = " +
      "u.municipality_id WHERE m.code = '0999' GROUP BY u.kind ORDER BY 1"], { encoding: 'utf8' }).stdout
      .split('\n').filter(Boolean);
    assert.ok(units.length >= 4, `units ${units}`);
    const runs = [];
    for (const name of REPORTS) {
      for (const [from, to] of periods) runs.push([name, '--from', from, '--to', to, '--municipality', 'all']);
      for (const u of units) {
        runs.push([name, '--from', periods[1][0], '--to', periods[1][1], '--municipality', '0999', '--unit', u]);
      }
    }
    const ma = merges(lite, runs);
    const mb = merges(pg, runs);
    assert.deepEqual(differing(ma, mb), []);
    // there are numbers to compare: every report counts (n) or scores (v)
    // something over the wide period
    const counted = (t) => {
      let found = false;
      JSON.parse(t, (k, v) => { if ((k === 'n' || k === 'v') && typeof v === 'number' && v > 0) found = true; return v; });
      return found;
    };
    for (const [k, t] of Object.entries(ma)) {
      if (k.includes('--from 2020-01-01')) assert.ok(counted(t), `nothing counted: ${k}`);
    }

    // and a difference is found: one visit moved out of the wide period
    const moved = spawnSync(PSQL, [pg.db, '-Atqc', "UPDATE hv_visit SET visited_on = '2019-06-01' WHERE id = " +
      "(SELECT min(id) FROM hv_visit WHERE visited_on >= '2020-01-01')"], { encoding: 'utf8' });
    assert.equal(moved.status, 0, moved.stderr);
    const wide = runs.filter((r) => r[0] === 'visits' && r[2] === '2020-01-01');
    assert.notDeepEqual(differing(merges(lite, wide), merges(pg, wide)), []);
  } finally {
    await lite.stop();
    await pg.stop();
  }
});
