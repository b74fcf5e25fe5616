// report_attacker.mjs - the strongest arithmetic attack on published
// reports, written apart from the server's own audit (src/report/lp.c and
// suppress.c are not used): a reader collects every answer they may get,
// writes down every relation between the numbers they can see, and asks,
// for each hidden value, the smallest and largest value consistent with all
// of it (linear programming, solved here by a two-phase simplex).
//
// What the reader knows (docs/API.md "Small-number protection"), made as
// strong as the truth allows: a "<5" is 1..threshold-1; an "x" count in one
// municipality's report is at least the threshold (unless it is a small
// count shown as "x": at least 1), in a union at least 1 (a union may show a
// small count as "x"); a hidden sum is at least 0; shown sums are known
// exactly (more than the shown krone or tenth of an hour tells). A hidden
// sum over a hidden count is protected to half its value; a union's, to
// half of its parts hidden in their own reports (the others are public).
// The relations: each table's declared row and column sums, the sums of
// columns into other tables, the sums of quantities (key_sums) and the
// inequalities (read from the structure of
// `rede report NAME --format merge`), equal keys, a union of municipalities
// cell by cell the sum of its municipalities (rows a municipality does not
// name going into the table's pool row), and a staff member's own units.
import assert from 'node:assert/strict';

// ---- a two-phase dense simplex, set up once per group of hidden values ----
//
// Phase 1 (feasibility) runs once per connected group; every objective
// after that starts from the last optimal basis, which stays feasible
// because only the objective changes (a warm start: the same optima as
// solving each from scratch, far fewer pivots). Entering column: the most
// negative reduced cost (Dantzig), switching to Bland's rule (smallest
// index enters and leaves) after a run of degenerate pivots, so it cannot
// cycle.

const EPS = 1e-9;
const DEGENERATE_RUN = 50;

// rows: [{terms: [[var, coef]], op: 'eq'|'le', rhs}], lo/hi per var (hi may
// be Infinity).
export class GroupLP {
  constructor(n, lo, hi, rows) {
    this.n = n;
    this.lo = lo;
    // y = x - lo >= 0; finite hi as rows y <= hi - lo
    const cons = rows.map((r) => {
      const a = new Map();
      let rhs = r.rhs;
      for (const [v, c] of r.terms) { a.set(v, (a.get(v) || 0) + c); rhs -= c * lo[v]; }
      return { a, rhs, le: r.op === 'le' };
    });
    for (let v = 0; v < n; v++) if (hi[v] !== Infinity) cons.push({ a: new Map([[v, 1]]), rhs: hi[v] - lo[v], le: true });
    const m = cons.length;
    const nslack = cons.filter((c) => c.le).length;
    this.m = m;
    this.allowed = n + nslack; // artificials never enter after phase 1
    this.cols = n + nslack + m;
    const cols = this.cols;
    this.T = Array.from({ length: m + 1 }, () => new Float64Array(cols + 1));
    this.basis = new Int32Array(m);
    this.nz = new Int32Array(cols + 1);
    const T = this.T;
    let s = 0;
    cons.forEach((c, i) => {
      for (const [v, x] of c.a) T[i][v] = x;
      let slack = -1;
      if (c.le) { slack = n + s++; T[i][slack] = 1; }
      T[i][cols] = c.rhs;
      if (T[i][cols] < 0) for (let j = 0; j <= cols; j++) T[i][j] = -T[i][j];
      if (slack >= 0 && T[i][slack] > 0) {
        this.basis[i] = slack;
      } else {
        T[i][n + nslack + i] = 1;
        this.basis[i] = n + nslack + i;
        for (let j = 0; j <= cols; j++) if (j < n + nslack || j === cols) T[m][j] -= T[i][j];
      }
    });
    this.run(this.allowed);
    this.feasible = -T[m][cols] <= 1e-7;
    // artificials out of the basis where a real column can replace them
    for (let i = 0; i < m && this.feasible; i++) {
      if (this.basis[i] >= this.allowed) {
        for (let j = 0; j < this.allowed; j++) if (Math.abs(T[i][j]) > EPS) { this.pivot(i, j); break; }
      }
    }
  }

  pivot(r, c) {
    const T = this.T, m = this.m, cols = this.cols, nz = this.nz;
    const pr = T[r], pv = pr[c];
    let k = 0;
    for (let j = 0; j <= cols; j++) if (pr[j] !== 0) { pr[j] /= pv; nz[k++] = j; }
    for (let i = 0; i <= m; i++) {
      if (i === r) continue;
      const row = T[i], f = row[c];
      if (f === 0) continue;
      for (let q = 0; q < k; q++) row[nz[q]] -= f * pr[nz[q]];
      row[c] = 0;
    }
    this.basis[r] = c;
  }

  // Minimise the objective row over columns < allowed; false: unbounded.
  run(allowed) {
    const T = this.T, m = this.m, cols = this.cols, obj = T[m];
    let degenerate = 0;
    for (let it = 0; it < 200000; it++) {
      const bland = degenerate >= DEGENERATE_RUN;
      let enter = -1, most = -EPS;
      for (let j = 0; j < allowed; j++) {
        if (obj[j] < most) { enter = j; most = obj[j]; if (bland) break; }
      }
      if (enter < 0) return true;
      let leave = -1, best = 0;
      for (let i = 0; i < m; i++) {
        const a = T[i][enter];
        if (a > EPS) {
          const ratio = T[i][cols] / a;
          if (leave < 0 || ratio < best - EPS || (Math.abs(ratio - best) <= EPS && this.basis[i] < this.basis[leave])) {
            leave = i;
            best = ratio;
          }
        }
      }
      if (leave < 0) return false;
      degenerate = best <= EPS ? degenerate + 1 : 0;
      this.pivot(leave, enter);
    }
    throw new Error('simplex did not finish');
  }

  // max (or min) x[obj] from the current basis: {status, value, x}.
  optimize(obj, maximize) {
    const T = this.T, m = this.m, cols = this.cols;
    if (!this.feasible) return { status: 'infeasible' };
    T[m].fill(0);
    T[m][obj] = maximize ? -1 : 1;
    for (let i = 0; i < m; i++) {
      if (this.basis[i] === obj) {
        const f = T[m][obj];
        for (let j = 0; j <= cols; j++) T[m][j] -= f * T[i][j];
      }
    }
    if (!this.run(this.allowed)) return { status: 'unbounded', value: maximize ? Infinity : -Infinity };
    const x = Float64Array.from(this.lo);
    for (let i = 0; i < m; i++) if (this.basis[i] < this.n) x[this.basis[i]] += T[i][cols];
    return { status: 'optimal', value: x[obj], x };
  }
}

// One objective solved from scratch (the same answer as a GroupLP).
export function lpSolve(n, lo, hi, rows, obj, maximize) {
  return new GroupLP(n, lo, hi, rows).optimize(obj, maximize);
}

// ---- the reader's system ----

const additive = (c) => c && (c.kind === 'count' || c.kind === 'sum') && c.key;

// A view: one answer as the reader got it, with the structure (and, for the
// test's own checks only, the true values) of the same report.
//   {id, answer (display JSON), exact (merge JSON), munis: [codes], threshold,
//    known: the reader knows every value exactly (their own units)}
export class System {
  constructor() {
    this.vars = [];        // {name, value (truth), hidden, lo, hi, sensitive, need, view}
    this.index = new Map();
    this.rows = [];        // {terms, op: 'eq'|'le', rhs: 0}
  }

  v(name) { return this.index.get(name); }

  addVar(name, props) {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.vars.length;
      this.vars.push({ name, ...props });
      this.index.set(name, i);
    }
    return i;
  }

  rel(terms, op = 'eq') {
    const merged = new Map();
    for (const [v, c] of terms) if (v !== undefined) merged.set(v, (merged.get(v) || 0) + c);
    const t = [...merged].filter(([, c]) => c !== 0);
    if (t.length) this.rows.push({ terms: t, op, rhs: 0 });
  }

  // The cells of one view, what the reader sees of them, and its relations.
  addView(view) {
    const { id, answer, exact } = view;
    const t = view.threshold;
    const shownTables = new Map((answer?.tables || []).map((tb) => [tb.name, tb]));
    const keyOf = (k) => `${id}|${k}`;
    const basis = [];
    for (const tb of exact.tables) {
      const shown = shownTables.get(tb.name);
      tb.rows.forEach((row, ri) => row.cells.forEach((c, ci) => {
        if (!additive(c)) return;
        const disp = view.known ? c.n : shown?.rows[ri]?.cells[ci];
        if (!view.known) assert.equal(shown.rows[ri].id, row.id, `${tb.name} rows differ`);
        const marker = typeof disp === 'string' ? disp : null;
        const hidden = marker !== null;
        const primary = hidden && marker.startsWith('<');
        let lo = c.n, hi = c.n;
        if (primary) { lo = 1; hi = t - 1; }
        else if (hidden && c.kind === 'count') {
          // A municipality's own "x" is a complement, at least the
          // threshold - unless it is a small count shown as "x" (then at
          // least 1: as strong as the truth allows); in a union an "x"
          // is only known to be at least 1.
          lo = view.munis.length === 1 && c.n >= t ? t : 1;
          hi = Infinity;
        }
        else if (hidden) { lo = 0; hi = Infinity; }
        if (!hidden && c.kind === 'count' && !view.known) assert.equal(disp, c.n, `${id} ${tb.name} ${row.id} ${ci}: shown ${disp}, true ${c.n}`);
        const name = keyOf(c.key);
        const existing = this.v(name);
        if (existing !== undefined) {
          const e = this.vars[existing];
          assert.equal(e.hidden, hidden, `${name}: one quantity both shown and hidden`);
          return;
        }
        const vi = this.addVar(name, { value: c.n, hidden, lo, hi, view: id, primary, isSum: c.kind === 'sum',
          sensitive: primary, need: c.kind === 'sum' ? Math.max(1, c.n / 2) : 1 });
        if (c.kind === 'sum' && c.basis) basis.push([vi, keyOf(c.basis)]);
      }));
    }
    // A hidden sum over a hidden count shows what a few persons cost.
    for (const [vi, b] of basis) {
      const bv = this.v(b);
      if (this.vars[vi].hidden && bv !== undefined && this.vars[bv].hidden) this.vars[vi].sensitive = true;
    }
    // the declared structure, expanded here
    for (const tb of exact.tables) {
      const cell = (r, c) => tb.rows[r].cells[c];
      const tot = tb.rows.findIndex((r) => r.total);
      if (tb.total_col >= 0) {
        tb.rows.forEach((row, ri) => {
          const tc = cell(ri, tb.total_col);
          if (!additive(tc)) return;
          const terms = [[this.v(keyOf(tc.key)), 1]];
          tb.columns.forEach((col, j) => {
            const c = cell(ri, j);
            if (col.part && additive(c) && c.kind === tc.kind) terms.push([this.v(keyOf(c.key)), -1]);
          });
          this.rel(terms);
        });
      }
      if (tot >= 0) {
        tb.columns.forEach((col, j) => {
          const tc = cell(tot, j);
          if (!col.summed || !additive(tc)) return;
          const terms = [[this.v(keyOf(tc.key)), 1]];
          tb.rows.forEach((row, ri) => {
            const c = cell(ri, j);
            if (ri !== tot && additive(c) && c.kind === tc.kind) terms.push([this.v(keyOf(c.key)), -1]);
          });
          this.rel(terms);
        });
      }
    }
    for (const cs of exact.column_sums || []) {
      const tb = exact.tables.find((x) => x.name === cs.table);
      const j = tb.columns.findIndex((c) => c.id === cs.column);
      const terms = [[this.v(keyOf(cs.total)), 1]];
      for (const row of tb.rows) if (!row.total && additive(row.cells[j])) terms.push([this.v(keyOf(row.cells[j].key)), -1]);
      this.rel(terms);
    }
    for (const ks of exact.key_sums || []) {
      this.rel([[this.v(keyOf(ks.total)), 1], ...ks.parts.map((k) => [this.v(keyOf(k)), -1])]);
    }
    for (const [a, b] of exact.inequalities || []) {
      const va = this.v(keyOf(a)), vb = this.v(keyOf(b));
      if (va !== undefined && vb !== undefined) this.rel([[va, 1], [vb, -1]], 'le');
    }
  }

  // union = the sum of its parts, place by place.
  addUnion(union, parts) {
    const sums = new Map(); // union var -> terms
    const uTables = new Map(union.exact.tables.map((t) => [t.name, t]));
    for (const p of parts) {
      for (const tb of p.exact.tables) {
        const ut = uTables.get(tb.name);
        tb.rows.forEach((row) => {
          let ur = ut.rows.find((r) => r.id === row.id);
          if (!ur && ut.pool && !row.total) ur = ut.rows.find((r) => r.id === ut.pool.id);
          assert.ok(ur, `${union.id}: no place for ${tb.name}/${row.id} of ${p.id}`);
          row.cells.forEach((c, ci) => {
            if (!additive(c)) return;
            const uc = ur.cells[ci];
            assert.ok(additive(uc), `${union.id}: ${tb.name}/${row.id}/${ci} is no count in the union`);
            const uv = this.v(`${union.id}|${uc.key}`), pv = this.v(`${p.id}|${c.key}`);
            if (!sums.has(uv)) sums.set(uv, new Map());
            sums.get(uv).set(pv, 1); // a key shown in several places counts once
          });
        });
      }
    }
    for (const [uv, m] of sums) {
      this.rel([[uv, 1], ...[...m].map(([pv]) => [pv, -1])]);
      // A union's hidden sum over a hidden count: its parts shown in their
      // own municipality's report are known exactly whatever the union
      // hides, so what it protects is the rest (the parts hidden there), to
      // at least half of that (docs/API.md "Small-number protection").
      const u = this.vars[uv];
      if (u.isSum && u.sensitive) {
        const hiddenParts = [...m.keys()].filter((pv) => this.vars[pv].hidden);
        u.sensitive = hiddenParts.length > 0;
        u.need = Math.max(1, hiddenParts.reduce((s, pv) => s + this.vars[pv].value, 0) / 2);
      }
    }
  }

  // What a staff member knows exactly (own) and the municipality (m): the
  // rest is for the other units, never shown, at least 0.
  addRest(m, own) {
    const mTables = new Map(m.exact.tables.map((t) => [t.name, t]));
    const done = new Set();
    for (const tb of own.exact.tables) {
      const mt = mTables.get(tb.name);
      for (const row of tb.rows) {
        if (tb.pool && row.id === tb.pool.id) continue; // pools other rows than the municipality's
        const mr = mt.rows.find((r) => r.id === row.id);
        if (!mr) continue;
        row.cells.forEach((c, ci) => {
          const mc = mr.cells[ci];
          if (!additive(c) || !additive(mc)) return;
          const mv = this.v(`${m.id}|${mc.key}`), ov = this.v(`${own.id}|${c.key}`);
          if (done.has(mv)) return;
          done.add(mv);
          const rest = this.vars[mv].value - this.vars[ov].value;
          const rv = this.addVar(`rest|${mc.key}`, { value: rest, hidden: true, lo: 0, hi: Infinity, view: 'rest',
            sensitive: mc.kind === 'count' && rest >= 1 && rest < m.threshold, need: 1, isSum: mc.kind === 'sum' });
          this.rel([[mv, 1], [ov, -1], [rv, -1]]);
        });
      }
    }
  }

  // Shown values are constants: the system over the hidden ones, in
  // connected groups. Checks the truth fits (or the relations are wrong).
  reduce() {
    const hidden = this.vars.map((v) => v.hidden);
    const rows = this.rows.map((r) => {
      let rhs = r.rhs;
      const terms = [];
      for (const [v, c] of r.terms) {
        if (hidden[v]) terms.push([v, c]); else rhs -= c * this.vars[v].value;
      }
      return { terms, op: r.op, rhs };
    });
    for (const r of rows) {
      const at = r.terms.reduce((s, [v, c]) => s + c * this.vars[v].value, 0);
      if (r.op === 'eq') assert.ok(Math.abs(at - r.rhs) < 1e-6, `a relation does not hold: ${r.terms.map(([v, c]) => `${c}*${this.vars[v].name}`).join(' ')} = ${r.rhs}`);
      else assert.ok(at <= r.rhs + 1e-6, 'an inequality does not hold');
      if (!r.terms.length) continue;
    }
    for (const v of this.vars) if (v.hidden) assert.ok(v.value >= v.lo - 1e-9 && v.value <= v.hi + 1e-9, `${v.name}: true value ${v.value} outside [${v.lo}, ${v.hi}]`);
    // groups
    const byVar = new Map();
    rows.forEach((r, i) => { for (const [v] of r.terms) { if (!byVar.has(v)) byVar.set(v, []); byVar.get(v).push(i); } });
    const group = new Map();
    const groups = [];
    for (let v = 0; v < this.vars.length; v++) {
      if (!hidden[v] || group.has(v)) continue;
      const g = { vars: [v], rows: new Set() };
      group.set(v, g);
      for (let q = 0; q < g.vars.length; q++) {
        for (const ri of byVar.get(g.vars[q]) || []) {
          if (g.rows.has(ri)) continue;
          g.rows.add(ri);
          for (const [w] of rows[ri].terms) if (!group.has(w)) { group.set(w, g); g.vars.push(w); }
        }
      }
      groups.push(g);
    }
    return { rows, groups, group };
  }

  // [lo, hi] of every sensitive hidden value (or of those `which` picks):
  // the range the relations allow, or - once that is wide enough - the
  // part of it found so far. One LP per connected group (phase 1 once),
  // every optimum a solution of the whole group: a value it puts at least
  // the protection width away from the truth is protected without its own
  // LP (the truth is a solution too, and the range holds both). A value
  // left pinned has had both its LPs, so its range is exact.
  ranges(which = (v) => v.sensitive) {
    const { rows, groups } = this.reduce();
    const out = [];
    for (const g of groups) {
      const targets = g.vars.filter((v) => which(this.vars[v]));
      if (!targets.length) continue;
      const local = new Map(g.vars.map((v, i) => [v, i]));
      const lo = g.vars.map((v) => this.vars[v].lo), hi = g.vars.map((v) => this.vars[v].hi);
      const lrows = [...g.rows].map((ri) => ({ terms: rows[ri].terms.map(([v, c]) => [local.get(v), c]), op: rows[ri].op, rhs: rows[ri].rhs }));
      const lp = new GroupLP(g.vars.length, lo, hi, lrows);
      assert.ok(lp.feasible, 'the true values do not fit the system');
      const span = new Map(targets.map((v) => [v, [this.vars[v].value, this.vars[v].value]]));
      const seen = (x) => {
        for (const [v, s] of span) {
          const y = x[local.get(v)];
          if (y < s[0]) s[0] = y;
          if (y > s[1]) s[1] = y;
        }
      };
      const wide = (v) => protectedEnough(this.vars[v], ...span.get(v));
      for (const v of targets) {
        for (const maximize of [true, false]) {
          if (wide(v)) break;
          const r = lp.optimize(local.get(v), maximize);
          assert.notEqual(r.status, 'infeasible', 'the true values do not fit the system');
          if (r.status === 'unbounded') span.get(v)[maximize ? 1 : 0] = r.value;
          else seen(r.x);
        }
        out.push({ v: this.vars[v], lo: span.get(v)[0], hi: span.get(v)[1], size: g.vars.length });
      }
    }
    return out;
  }
}

// Is [lo, hi] wide enough: two whole numbers for a count, half the value
// for a sum (the protection interval).
export function protectedEnough(v, lo, hi) {
  if (v.isSum) return hi - lo >= v.need - 1e-6;
  return Math.floor(hi + 1e-6) - Math.ceil(lo - 1e-6) >= 1;
}
