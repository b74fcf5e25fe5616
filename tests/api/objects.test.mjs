// objects.test.mjs - the one object loader (src/http/objects.c). Every route
// whose path names an object - read from src/http/routes.c, so a route added
// later is covered the day it declares its object - answers 404 "Ikke
// fundet" alike for an id that is no number, one that does not exist and
// another municipality's object, before its handler looks at the body; and
// its audit entry names the object's kind (the table in objects.c) and id,
// with the route's declared action where it has one (a refused CPR reveal
// is on record as a reveal).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Server, assertProblem } from './harness.mjs';

const ALL_ROLES = 'admin,coordinator,home_pedagogue,health_visitor,daycare,leader,evaluator';

// [method, pattern, kind, action] of every route with an object
function objectRoutes() {
  const src = readFileSync('src/http/routes.c', 'utf8');
  const out = [];
  const re = /\{"([A-Z]+)", "([^"]+)",([^}]*?)\.object = (OBJ_[A-Z_]+)(?:, \.action = "([a-z_]+)")?\}/gs;
  for (const m of src.matchAll(re)) out.push({ method: m[1], pattern: m[2], kind: m[4], action: m[5] ?? null });
  return out;
}

// kind -> audit entity, from the loader's table
function entities() {
  const src = readFileSync('src/http/objects.c', 'utf8');
  return Object.fromEntries([...src.matchAll(/\[(OBJ_[A-Z_]+)\] = \{"([a-z_]+)"/g)].map((m) => [m[1], m[2]]));
}

const defaultAction = { GET: 'read', POST: 'create', DELETE: 'delete', PUT: 'update', PATCH: 'update' };

const srv = new Server();
let all;
let foreignFamily;
before(async () => {
  srv.setupTenants();
  srv.addUser('a-all', ALL_ROLES, '0101', srv.units.Forvaltningen);
  await srv.start();
  all = await srv.login('a-all');
  const mB = srv.sql("SELECT id FROM municipality WHERE code = '0202'");
  const now = Math.floor(Date.now() / 1000);
  foreignFamily = Number(srv.sql(`INSERT INTO family (municipality_id, name, search_key, created_at) VALUES (${mB}, 'Familien Andenby', 'familien andenby', ${now}) RETURNING id`));
});
after(() => srv.stop());

test('routes.c declares objects, and objects.c names an audit entity for each kind', () => {
  const routes = objectRoutes();
  const ent = entities();
  assert.ok(routes.length >= 60, `only ${routes.length} routes with an object`);
  for (const r of routes) assert.ok(ent[r.kind], `${r.kind} has no entry in objects.c`);
});

test('a path object that is not the caller\'s answers 404 before the handler, and the audit entry names it', async () => {
  const ent = entities();
  const routes = objectRoutes();
  for (const r of routes) {
    for (const id of ['x1', '0', '999999999']) {
      const path = r.pattern.replace('{id}', id).replace('{number}', '1');
      // an invalid body: a 404 must still come first
      const res = await srv.req(r.method, path, { session: all, body: r.method === 'GET' || r.method === 'DELETE' ? undefined : { nonsense: true } });
      assertProblem(res, 404);
      assert.equal(res.json.title, 'Ikke fundet', `${r.method} ${path}`);
    }
  }
  for (const r of routes.filter((x) => x.kind === 'OBJ_FAMILY')) {
    const path = r.pattern.replace('{id}', String(foreignFamily));
    const res = await srv.req(r.method, path, { session: all, body: r.method === 'GET' ? undefined : {} });
    assertProblem(res, 404);
  }
  // reads are audited through the queue: give it a moment
  await new Promise((resolve) => setTimeout(resolve, 400));
  for (const r of routes) {
    const purpose = `${r.method} ${r.pattern}`.replace(/'/g, "''");
    const row = srv.sql(`SELECT action || '|' || COALESCE(entity, '') || '|' || outcome FROM audit_log WHERE purpose = '${purpose}' AND entity_id = '999999999' ORDER BY id DESC LIMIT 1`);
    assert.equal(row, `${r.action ?? defaultAction[r.method]}|${ent[r.kind]}|not_found`, purpose);
    const bad = srv.sql(`SELECT COALESCE(entity, '') || '|' || COALESCE(entity_id, '') FROM audit_log WHERE purpose = '${purpose}' AND outcome = 'not_found' AND (entity_id IS NULL OR entity_id = '') ORDER BY id DESC LIMIT 1`);
    assert.equal(bad, `${ent[r.kind]}|`, `${purpose} with a non-numeric id`);
  }
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE purpose = 'GET /api/v1/persons/{id}/cpr' AND action = 'reveal' AND outcome = 'not_found'"), '3');
});
