// sso_oidc.test.mjs - sign-in through an OpenID provider (issue 17): Rede
// as a relying party (discovery, code flow with PKCE S256, state, nonce,
// the ID token verified with cjose against the JWKS) against npm
// oidc-provider started here (sso_oidc_op.mjs).
//
// The happy path, roles from a claim, key rotation, RP-initiated logout,
// and one refusal for each check: alg none, HS256 with the public key,
// wrong nonce, wrong state, another browser, a used state, another issuer,
// another audience, expired, an unknown key, a withdrawn key, an error
// from the provider, the provider unreachable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Server } from './harness.mjs';
import { OidcOp, keyPair } from './sso_oidc_op.mjs';

let srv;
let op;
let n = 0;

function person(over = {}) {
  n += 1;
  return { sub: `oidc-user-${n}-${Date.now()}`, name: `Oidc Person${n}`, roles: ['rede-koordinator'], ...over };
}

function cookieHeader(jar) {
  return [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
}

function keep(jar, res) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}

// A browser's way through: Rede /login, the provider, back to Rede's
// callback. Options steer the attack: change the authorization request,
// answer to another browser, forge the ID token at the token endpoint.
async function signIn(user, opts = {}) {
  op.user = user;
  op.forge = opts.forge ?? null;
  try {
    const login = await fetch(`${srv.base}/auth/oidc/0101/login`, { redirect: 'manual' });
    assert.equal(login.status, 303, await login.text());
    const browser = login.headers.getSetCookie().find((c) => c.startsWith('rede_sso=')).split(';')[0];
    let loc = login.headers.get('location');
    const authUrl = loc;
    if (opts.authUrl) loc = opts.authUrl(loc);
    const jar = new Map();
    for (let i = 0; i < 10 && !loc.startsWith(srv.base); i++) {
      const r = await fetch(loc, { redirect: 'manual', headers: { Cookie: cookieHeader(jar) } });
      keep(jar, r);
      assert.ok([302, 303].includes(r.status), `provider answered ${r.status}: ${await r.text()}`);
      loc = new URL(r.headers.get('location'), loc).toString();
    }
    if (opts.callbackUrl) loc = opts.callbackUrl(loc);
    const cb = await fetch(loc, { redirect: 'manual', headers: { Cookie: opts.browser ?? browser } });
    const session = cb.headers.getSetCookie().find((c) => c.startsWith('rede_session='));
    return { status: cb.status, text: await cb.text(), location: cb.headers.get('location'),
      session: session ? session.split(';')[0] : null, callbackUrl: loc, browser, authUrl };
  } finally {
    op.forge = null;
  }
}

async function me(session) {
  return srv.req('GET', '/api/v1/me', { session: { cookie: session } });
}

function refused(r, why, reason) {
  assert.equal(r.status, 403, `${why}: expected 403, got ${r.status} ${r.text}`);
  assert.equal(r.session, null, `${why}: a session was opened`);
  assert.match(r.text, /<html lang="da">/);
  if (reason) {
    const detail = srv.sql("SELECT detail FROM audit_log WHERE action = 'login' ORDER BY id DESC LIMIT 1");
    assert.match(detail, reason, `${why}: refused for another reason: ${detail}`);
  }
}

function setting(key, value) {
  srv.cliOk(['setting', 'set', key, String(value), '--municipality', '0101']);
}

before(async () => {
  srv = new Server();
  srv.setupTenants();
  await srv.start();
  op = new OidcOp();
  await op.start(srv.base);
  srv.cliOk(['sso', 'oidc', 'set', '--db', srv.db, '--municipality', '0101', '--issuer', op.issuer,
    '--client-id', op.clientId, '--base-url', srv.base, '--scopes', 'openid profile roles'], `${op.clientSecret}\n`);
  srv.cliOk(['sso', 'map', '--db', srv.db, '--municipality', '0101', '--from', 'rede-koordinator', '--role', 'coordinator',
    '--unit', String(srv.units.Forvaltningen)]);
  srv.cliOk(['sso', 'map', '--db', srv.db, '--municipality', '0101', '--from', 'rede-leder', '--role', 'leader']);
  // the rotation tests need Rede to fetch the key set again at once
  setting('sso.jwks_min_refetch_seconds', 0);
});

after(async () => {
  await op?.stop();
  await srv?.stop();
});

test('sign-in: discovery, code flow with PKCE S256, state and nonce; JIT user with the mapped role', async () => {
  const u = person();
  const r = await signIn(u);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, '/');
  const m = await me(r.session);
  assert.equal(m.status, 200);
  assert.deepEqual(m.json.roles, ['coordinator']);
  assert.deepEqual(m.json.units.map((x) => x.name), ['Forvaltningen']);
  assert.equal(m.json.display_name, u.name);
  assert.ok(m.json.csrf_token);
  // the authorization request Rede sent
  const q = new URL(r.authUrl).searchParams;
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('client_id'), 'rede');
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.equal(q.get('redirect_uri'), `${srv.base}/auth/oidc/0101/callback`);
  assert.ok(q.get('state').length >= 32 && q.get('nonce').length >= 32);
  assert.notEqual(q.get('state'), q.get('nonce'));
  // the token request: client_secret_basic, the PKCE verifier whose S256
  // is the challenge (the provider requires PKCE and checked it too)
  const tr = op.tokenRequests.at(-1);
  assert.match(tr.authorization, /^Basic /);
  const verifier = new URLSearchParams(tr.body).get('code_verifier');
  assert.equal(createHash('sha256').update(verifier).digest('base64url'), q.get('code_challenge'));
  assert.equal(srv.sql(`SELECT detail FROM audit_log WHERE action = 'login' AND user_id = ${m.json.id}`), 'through oidc');
  // the same person again is the same user; the sign-in under way is gone
  const again = await signIn(u);
  assert.equal((await me(again.session)).json.id, m.json.id);
  assert.equal(srv.count('sso_pending'), 0);
});

test('the client secret is sealed in the database and never in the log or the CLI output', async () => {
  assert.doesNotMatch(srv.sql('SELECT client_secret_sealed FROM sso_oidc'), new RegExp(op.clientSecret));
  assert.ok(!srv.stderr.includes(op.clientSecret));
  const show = srv.cliOk(['sso', 'show', '--municipality', '0101']).stdout;
  assert.ok(!show.includes(op.clientSecret));
  assert.match(show, /oidc: on/);
  assert.ok(show.includes(`redirect uri:  ${srv.base}/auth/oidc/0101/callback`));
  assert.match(show, /rede-koordinator -> coordinator, unit \d+ \(Forvaltningen\)/);
  // without a secret on stdin the CLI refuses
  const r = srv.cli(['sso', 'oidc', 'set', '--municipality', '0101', '--issuer', op.issuer, '--client-id', 'x'], '');
  assert.notEqual(r.status, 0);
  for (const bad of [['--issuer', 'ftp://x'], ['--issuer', 'http://example.com'], ['--alg', 'none'], ['--alg', 'HS256']]) {
    const args = ['sso', 'oidc', 'set', '--municipality', '0101', '--issuer', op.issuer, '--client-id', 'x', ...bad];
    assert.notEqual(srv.cli(args, 'secret\n').status, 0, bad.join(' '));
  }
});

test('roles from the claim are applied again at every sign-in; no mapped role, no session', async () => {
  const u = person();
  const first = await signIn(u);
  const id = (await me(first.session)).json.id;
  u.roles = ['rede-leder', 'something-else'];
  const second = await signIn(u);
  const m = await me(second.session);
  assert.equal(m.json.id, id);
  assert.deepEqual(m.json.roles, ['leader']);
  u.roles = [];
  const third = await signIn(u);
  refused(third, 'no role', /no mapped role/);
  assert.match(third.text, /ingen rolle/);
  assert.equal((await me(second.session)).status, 401);
});

test('refused: ID token with alg none, or HS256 keyed with the public key', async () => {
  refused(await signIn(person(), { forge: (c) => OidcOp.unsigned(c) }), 'alg none', /another algorithm/);
  refused(await signIn(person(), { forge: (c) => op.hmacWithPublicKey(c) }), 'HS256 with the public key', /another algorithm/);
  // a token signed right but with a broken signature
  refused(await signIn(person(), { forge: async (c) => { const t = await op.sign(c); return t.slice(0, -4) + (t.endsWith('AAAA') ? 'BBBB' : 'AAAA'); } }),
    'broken signature', /does not verify/);
});

test('refused: wrong nonce, wrong or used state, another browser, an error from the provider', async () => {
  // the provider is asked with another nonce: its token carries that one
  refused(await signIn(person(), { authUrl: (u) => u.replace(/nonce=[^&]+/, 'nonce=attackers-nonce-0123456789abcdef') }),
    'wrong nonce', /nonce/);
  refused(await signIn(person(), { forge: async (c) => op.sign({ ...c, nonce: undefined }) }), 'no nonce', /nonce/);
  refused(await signIn(person(), { callbackUrl: (u) => u.replace(/state=[^&]+/, 'state=not-ours') }), 'wrong state', /state names no sign-in/);
  const other = await fetch(`${srv.base}/auth/oidc/0101/login`, { redirect: 'manual' });
  const otherBrowser = other.headers.getSetCookie().find((c) => c.startsWith('rede_sso=')).split(';')[0];
  refused(await signIn(person(), { browser: otherBrowser }), 'another browser', /another browser/);
  refused(await signIn(person(), { browser: '' }), 'no browser cookie', /another browser/);
  // the same answer twice: the state is used up
  const ok = await signIn(person());
  assert.equal(ok.status, 303);
  const twice = await fetch(ok.callbackUrl, { redirect: 'manual', headers: { Cookie: ok.browser } });
  refused({ status: twice.status, text: await twice.text(), session: null }, 'used state', /state names no sign-in/);
  // the provider says no (the user cancelled)
  const login = await fetch(`${srv.base}/auth/oidc/0101/login`, { redirect: 'manual' });
  const browser = login.headers.getSetCookie().find((c) => c.startsWith('rede_sso=')).split(';')[0];
  const state = new URL(login.headers.get('location')).searchParams.get('state');
  const err = await fetch(`${srv.base}/auth/oidc/0101/callback?error=access_denied&state=${state}`,
    { redirect: 'manual', headers: { Cookie: browser } });
  refused({ status: err.status, text: await err.text(), session: null }, 'provider error', /provider answered with an error/);
  // an authorization response naming another issuer (mix-up)
  refused(await signIn(person(), { callbackUrl: (u) => u.replace(/iss=[^&]+/, 'iss=http%3A%2F%2F127.0.0.1%3A1') }),
    'iss parameter', /another issuer/);
});

test('refused: another issuer, another audience, expired, not yet valid, no subject', async () => {
  const now = Math.floor(Date.now() / 1000);
  refused(await signIn(person(), { forge: (c) => op.sign({ ...c, iss: 'https://evil.example' }) }), 'issuer', /another issuer/);
  refused(await signIn(person(), { forge: (c) => op.sign({ ...c, aud: 'another-client' }) }), 'audience', /another audience/);
  refused(await signIn(person(), { forge: (c) => op.sign({ ...c, aud: ['rede', 'another-client'], azp: 'another-client' }) }),
    'azp', /another audience/);
  refused(await signIn(person(), { forge: (c) => op.sign({ ...c, exp: now - 300, iat: now - 900 }) }), 'expired', /expired/);
  refused(await signIn(person(), { forge: (c) => op.sign({ ...c, iat: now + 900, exp: now + 1800 }) }), 'future', /future/);
  refused(await signIn(person(), { forge: (c) => op.sign({ ...c, nbf: now + 900 }) }), 'nbf', /not yet valid/);
  refused(await signIn(person(), { forge: (c) => op.sign({ ...c, sub: '' }) }), 'no subject', /subject/);
  // a token of another provider, with its own key
  const other = new OidcOp();
  await other.start(srv.base);
  try {
    // (both providers call their first key k1: Rede tries it, and it
    // does not verify)
    refused(await signIn(person(), { forge: (c) => other.sign({ ...c, iss: other.issuer }) }), 'other provider',
      /does not verify|unknown key|another issuer/);
  } finally {
    await other.stop();
  }
});

test('keys: an unknown key is refused; a rotation is followed; a withdrawn key stops working', async () => {
  const attacker = await keyPair('k-attacker');
  refused(await signIn(person(), { forge: (c) => op.sign(c, attacker) }), 'unknown kid', /unknown key/);
  refused(await signIn(person(), { forge: (c) => op.sign(c, { ...attacker, kid: op.keys[0].kid }) }),
    'attacker key under a known kid', /does not verify/);
  // the provider rotates to a new key (and keeps the old one published):
  // Rede sees an unknown kid, fetches the set again, signs in
  const oldKey = op.keys[0];
  await op.rotate({ keep: true });
  const r = await signIn(person());
  assert.equal(r.status, 303, r.text);
  // the provider withdraws the old key; once Rede's copy of the set is
  // older than sso.jwks_max_age_seconds, a token under the old key fails
  await op.rotate({ keep: false });
  setting('sso.jwks_max_age_seconds', 1);
  try {
    await new Promise((res) => setTimeout(res, 1500));
    refused(await signIn(person(), { forge: (c) => op.sign(c, oldKey) }), 'withdrawn key', /unknown key/);
    const fresh = await signIn(person());
    assert.equal(fresh.status, 303, fresh.text);
  } finally {
    setting('sso.jwks_max_age_seconds', 3600);
  }
});

test('RP-initiated logout: the provider\'s end_session endpoint with client_id and where to come back', async () => {
  const r = await signIn(person());
  const m = await me(r.session);
  const d = await srv.req('DELETE', '/api/v1/session', { session: { cookie: r.session, csrf: m.json.csrf_token } });
  assert.equal(d.status, 200, d.text);
  const u = new URL(d.json.logout_url);
  assert.equal(`${u.origin}${u.pathname}`, `${op.issuer}/session/end`);
  assert.equal(u.searchParams.get('client_id'), 'rede');
  assert.equal(u.searchParams.get('post_logout_redirect_uri'), `${srv.base}/`);
  assert.equal((await me(r.session)).status, 401);
  // the provider accepts it (it asks the user to confirm)
  const end = await fetch(d.json.logout_url, { redirect: 'manual' });
  assert.equal(end.status, 200, await end.text());
  // a password session has no IdP to log out of
  const local = await srv.login('a-admin');
  const dl = await srv.req('DELETE', '/api/v1/session', { session: local });
  assert.equal(dl.status, 204);
});

test('unknown municipality, provider unreachable, method turned off', async () => {
  const u = await fetch(`${srv.base}/auth/oidc/0202/login`, { redirect: 'manual' });
  assert.equal(u.status, 404);
  assert.match(await u.text(), /Ukendt kommune/);
  srv.cliOk(['sso', 'disable', '--municipality', '0101', '--oidc']);
  try {
    assert.equal((await fetch(`${srv.base}/auth/oidc/0101/login`, { redirect: 'manual' })).status, 404);
    const list = await srv.req('GET', '/api/v1/sso/municipalities');
    assert.deepEqual(list.json.items, []);
  } finally {
    srv.cliOk(['sso', 'enable', '--municipality', '0101', '--oidc']);
  }
  const list = await srv.req('GET', '/api/v1/sso/municipalities');
  assert.deepEqual(list.json.items.map((x) => [x.code, x.name, x.methods]), [['0101', 'Testby Kommune', ['oidc']]]);
  // the provider is down and Rede has no discovery document cached for
  // this issuer: a Danish page, not a hang
  const down = new OidcOp();
  await down.start(srv.base, '0202');
  const issuer = down.issuer;
  await down.stop();
  srv.cliOk(['sso', 'oidc', 'set', '--municipality', '0202', '--issuer', issuer, '--client-id', 'x',
    '--base-url', srv.base], 'secret\n');
  const r = await fetch(`${srv.base}/auth/oidc/0202/login`, { redirect: 'manual' });
  assert.equal(r.status, 502);
  assert.match(await r.text(), /svarer ikke/);
});

// An account brought in by an import (no password) and the person's first
// sign-in through the municipality's login, which made its own account:
// the admin hands that login to the imported account (POST
// /users/{id}/sso-link); the next sign-in is the imported account, the
// made one is disabled.
test('sso-link: the login of a first sign-in moves to the imported account; refusals change nothing', async () => {
  const admin = await srv.login('a-admin');
  const post = (path, body, session = admin) => srv.req('POST', path, { body, session });
  let r = await post('/api/v1/users', { username: 'imp.grethe', display_name: 'Grethe Importeret', roles: ['home_pedagogue'] });
  assert.equal(r.status, 201, r.text);
  const imported = r.json;
  assert.equal(imported.federated, false);
  const u = person({ name: 'Grethe Importeret' });
  const first = await signIn(u);
  const made = (await me(first.session)).json;
  assert.notEqual(made.id, imported.id);
  r = await srv.req('GET', `/api/v1/users/${made.id}`, { session: admin });
  assert.equal(r.json.federated, true);
  const before = srv.sql('SELECT count(*) FROM sso_identity');

  // refusals: nothing moves
  const other = await post('/api/v1/users', { username: 'imp.anden', display_name: 'Anden', roles: ['leader'], password: 'et-langt-kodeord-1' });
  const cases = [
    [imported.id, {}, 400, 'from_user_id'],
    [imported.id, { from_user_id: 'x' }, 400, 'from_user_id'],
    [imported.id, { from_user_id: imported.id }, 400, 'from_user_id'],
    [imported.id, { from_user_id: 99999999 }, 400, 'from_user_id'],
    [imported.id, { from_user_id: other.json.id }, 409, 'from_user_id'], // not federated
    [made.id, { from_user_id: imported.id }, 409, 'from_user_id'], // the target already is
    [imported.id, { from_user_id: admin.user.id }, 409, 'from_user_id'], // the admin is not federated
  ];
  // a service account and a disabled account take no login; nor may an
  // admin who signs in through the municipality's login move their own
  const service = await post('/api/v1/users', { username: 'imp.service', display_name: 'Servicekonto', roles: ['evaluator'], service_account: true });
  assert.equal(service.status, 201, service.text);
  cases.push([service.json.id, { from_user_id: made.id }, 409, 'from_user_id', /servicekonto/]);
  const gone = await post('/api/v1/users', { username: 'imp.gone', display_name: 'Fratrådt', roles: ['home_pedagogue'] });
  r = await srv.req('PATCH', `/api/v1/users/${gone.json.id}`, { body: { disabled: true }, session: admin, headers: { 'If-Match': gone.headers.get('ETag') } });
  assert.equal(r.status, 200, r.text);
  cases.push([gone.json.id, { from_user_id: made.id }, 409, 'from_user_id', /deaktiveret/]);
  srv.sql(`INSERT INTO sso_identity (municipality_id, kind, subject, user_id, created_at, last_login_at) VALUES (${srv.sql(`SELECT municipality_id FROM app_user WHERE id = ${admin.user.id}`)}, 'oidc', 'admin-subject', ${admin.user.id}, 1, 1)`);
  cases.push([imported.id, { from_user_id: admin.user.id }, 409, 'from_user_id', /dit eget login/]);
  const identities = (id) => srv.sql(`SELECT count(*) FROM sso_identity WHERE user_id = ${id}`);
  for (const [to, body, status, field, message] of cases) {
    r = await post(`/api/v1/users/${to}/sso-link`, body);
    assert.equal(r.status, status, `${JSON.stringify(body)} -> ${to}: ${r.text}`);
    assert.equal(r.json.title.length > 0, true);
    const e = r.json.errors.find((x) => x.field === field);
    assert.ok(e, r.text);
    if (message) assert.match(e.message, message);
  }
  assert.equal(srv.sql('SELECT count(*) FROM sso_identity'), String(Number(before) + 1));
  assert.equal(identities(made.id), '1');
  assert.equal(identities(admin.user.id), '1');
  assert.equal(identities(imported.id), '0');
  srv.sql(`DELETE FROM sso_identity WHERE user_id = ${admin.user.id}`);
  // not an admin: 403; another municipality's admin: 404
  const coord = await srv.login('a-coordinator');
  r = await post(`/api/v1/users/${imported.id}/sso-link`, { from_user_id: made.id }, coord);
  assert.equal(r.status, 403);
  const badmin = await srv.login('b-admin');
  r = await post(`/api/v1/users/${imported.id}/sso-link`, { from_user_id: made.id }, badmin);
  assert.equal(r.status, 404);

  // the link
  r = await post(`/api/v1/users/${imported.id}/sso-link`, { from_user_id: made.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id, imported.id);
  assert.equal(r.json.federated, true);
  // the ETag is the stored version: the admin's next edit goes through
  const etag = r.headers.get('ETag');
  r = await srv.req('PATCH', `/api/v1/users/${imported.id}`, { body: { display_name: 'Grethe Å. Importeret' }, session: admin, headers: { 'If-Match': etag } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.federated, true);
  // the list says so too (one reading of the units for the whole list)
  r = await srv.req('GET', '/api/v1/users', { session: admin });
  const listed = r.json.items.find((x) => x.id === imported.id);
  assert.equal(listed.federated, true);
  r = await srv.req('GET', `/api/v1/users/${made.id}`, { session: admin });
  assert.equal(r.json.disabled, true);
  assert.equal(r.json.federated, false);
  // the made account's session is over; the next sign-in is the imported account
  assert.equal((await me(first.session)).status, 401);
  const again = await signIn(u);
  assert.equal(again.status, 303, again.text);
  const m = await me(again.session);
  assert.equal(m.json.id, imported.id);
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'sso_link' AND outcome = 'ok' AND entity_id = '${imported.id}'`), '1');
  // now federated: no password can be set, and it cannot be linked again
  r = await post(`/api/v1/users/${imported.id}/password`, { password: 'et-langt-kodeord-2' });
  assert.equal(r.status, 409);
  r = await post(`/api/v1/users/${imported.id}/sso-link`, { from_user_id: made.id });
  assert.equal(r.status, 409);
});
