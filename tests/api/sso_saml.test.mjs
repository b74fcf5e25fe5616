// sso_saml.test.mjs - sign-in through a SAML IdP (issue 17): Rede as an
// OIOSAML 3 service provider on lasso against a real IdP started here
// (sso_saml_idp.mjs, npm samlify), keys made with openssl at test time.
//
// The happy path (signed AuthnRequest verified by the IdP, JIT user with
// the mapped roles, the same session as a password sign-in), and one
// refusal for each check: unsigned, signed with an untrusted key, RSA-SHA1,
// wrong audience/recipient/destination, expired, not yet valid, replayed,
// wrong InResponseTo, another browser, signature wrapping (several shapes),
// tampered privileges, LoA too low, another organisation's CVR, no mapped
// role; encrypted assertions (what Debian 12's xmlsec1 decrypts); single
// logout both ways; local passwords off with a break-glass account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, createVerify } from 'node:crypto';
import { Server, PASSWORD, BACKEND, assertProblem } from './harness.mjs';
import {
  SamlIdp, makeKeyPair, sign, responseXml, privilegeList, encryptAssertion,
  encryptAssertionXmlenc11, ATTR, RSA_SHA1,
} from './sso_saml_idp.mjs';

const CVR = '11111111';
const PRIV_COORD = 'http://rede.test/roles/jobrole/koordinator/1';
const PRIV_LEADER = 'http://rede.test/roles/jobrole/leder/1';
const SP_ENTITY = 'https://rede.test/saml/0101';

let srv;
let idp;
let dir;
let sp;

// Follow Rede's /login redirect to the IdP like a browser; returns the
// form the IdP answers with and the browser's rede_sso cookie.
async function startLogin(code = '0101', cookie) {
  const r = await fetch(`${srv.base}/auth/saml/${code}/login`, {
    redirect: 'manual', headers: cookie ? { Cookie: cookie } : {},
  });
  assert.equal(r.status, 303, await r.text());
  const set = r.headers.getSetCookie().find((c) => c.startsWith('rede_sso='));
  const browser = cookie || set.split(';')[0];
  const loc = r.headers.get('location');
  return { loc, browser, setCookie: set };
}

async function idpAnswer(loc) {
  const r = await fetch(loc, { redirect: 'manual' });
  const html = await r.text();
  assert.equal(r.status, 200, html);
  const m = /name="SAMLResponse" value="([^"]*)"/.exec(html);
  return m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

async function postAcs(b64, browser, code = '0101') {
  const r = await fetch(`${srv.base}/auth/saml/${code}/acs`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(browser ? { Cookie: browser } : {}) },
    body: `SAMLResponse=${encodeURIComponent(b64)}`,
  });
  const text = await r.text();
  const cookies = r.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith('rede_session='));
  return { status: r.status, text, location: r.headers.get('location'), session: session ? session.split(';')[0] : null, cookies };
}

// A whole sign-in; returns the ACS answer.
async function signIn(user, setup = {}) {
  idp.user = user;
  idp.override = setup.override;
  idp.signing = setup.signing;
  idp.rewrite = setup.rewrite;
  idp.encrypt = setup.encrypt;
  const { loc, browser } = await startLogin();
  const b64 = await idpAnswer(loc);
  try {
    return { ...(await postAcs(setup.mutate ? setup.mutate(b64) : b64, setup.browser ?? browser)), b64, browser };
  } finally {
    idp.override = idp.signing = idp.rewrite = idp.encrypt = undefined;
  }
}

async function me(session) {
  return srv.req('GET', '/api/v1/me', { session: { cookie: session } });
}

let n = 0;
function person(over = {}) {
  n += 1;
  return {
    nameId: `https://data.gov.dk/model/core/eid/professional/uuid/persistent/test-${n}-${Date.now()}`,
    cvr: CVR, firstName: 'Testa', lastName: `Person${n}`, loa: 'Substantial',
    groups: [{ cvr: CVR, privileges: [PRIV_COORD] }],
    ...over,
  };
}

// Refused with a Danish page and no session; when reason is given, the
// audit entry of the attempt names the check that failed.
function refused(r, why, reason) {
  assert.equal(r.status, 403, `${why}: expected 403, got ${r.status} ${r.text}`);
  assert.equal(r.session, null, `${why}: a session was opened`);
  assert.match(r.text, /<html lang="da">/);
  if (reason) {
    const detail = srv.sql("SELECT detail FROM audit_log WHERE action = 'login' ORDER BY id DESC LIMIT 1");
    assert.match(detail, reason, `${why}: refused for another reason: ${detail}`);
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rede-saml-'));
  srv = new Server();
  srv.setupTenants();
  await srv.start();
  idp = new SamlIdp(dir);
  await idp.start();
  sp = makeKeyPair(dir, 'sp');
  writeFileSync(join(dir, 'idp.xml'), idp.metadata());
  srv.cliOk(['sso', 'saml', 'set', '--db', srv.db, '--municipality', '0101', '--idp-metadata', join(dir, 'idp.xml'),
    '--sp-entity-id', SP_ENTITY, '--sp-cert', sp.certFile, '--sp-key', sp.keyFile, '--base-url', srv.base,
    '--cvr', CVR]);
  srv.cliOk(['sso', 'map', '--db', srv.db, '--municipality', '0101', '--from', PRIV_COORD, '--role', 'coordinator',
    '--unit', String(srv.units.Solsikken)]);
  srv.cliOk(['sso', 'map', '--db', srv.db, '--municipality', '0101', '--from', PRIV_LEADER, '--role', 'leader']);
  const md = await fetch(`${srv.base}/auth/saml/0101/metadata`);
  assert.equal(md.status, 200);
  idp.setSp(await md.text());
});

after(async () => {
  await idp?.stop();
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('SP metadata: signed by the SP key, persistent NameID, ACS, SLO, the OIOSAML 3 attributes, never the CPR', async () => {
  const xml = idp.spMetadata;
  assert.match(xml, /entityID="https:\/\/rede\.test\/saml\/0101"/);
  assert.match(xml, /AuthnRequestsSigned="true"/);
  assert.match(xml, /WantAssertionsSigned="true"/);
  assert.match(xml, /nameid-format:persistent/);
  assert.ok(xml.includes(`Location="${srv.base}/auth/saml/0101/acs"`));
  assert.ok(xml.includes(`Location="${srv.base}/auth/saml/0101/slo"`));
  for (const a of [ATTR.loa, ATTR.privileges, ATTR.cvr, ATTR.spec]) assert.ok(xml.includes(`Name="${a}"`), a);
  assert.doesNotMatch(xml, /cprNumber/);
  assert.match(xml, /xmlenc11#aes256-gcm/);
  // the signature: RSA-SHA256 over the EntityDescriptor, by the SP's key
  const { SignedXml } = await import('xml-crypto');
  const { DOMParser } = await import('@xmldom/xmldom');
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const sigNode = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')[0];
  assert.ok(sigNode, 'metadata is signed');
  assert.equal(sigNode.parentNode, doc.documentElement);
  const sig = new SignedXml({ publicCert: sp.cert });
  sig.loadSignature(sigNode);
  assert.ok(sig.checkSignature(xml), 'metadata signature verifies with the SP certificate');
  assert.match(sigNode.toString(), /xmldsig-more#rsa-sha256/);
  // changed metadata does not verify
  const bad = new SignedXml({ publicCert: sp.cert });
  bad.loadSignature(sigNode);
  assert.equal(bad.checkSignature(xml.replace('/acs"', '/acz"')), false);
});

test('unknown municipality: a Danish 404 page, no redirect', async () => {
  for (const path of ['/auth/saml/9999/login', '/auth/saml/0202/login', '/auth/saml/9999/metadata']) {
    const r = await fetch(srv.base + path, { redirect: 'manual' });
    assert.equal(r.status, 404, path);
    assert.match(await r.text(), /Ukendt kommune/);
  }
});

test('sign-in: signed AuthnRequest (RSA-SHA256), JIT user with the mapped role and unit, a normal session', async () => {
  const before = srv.count('app_user');
  const u = person();
  const r = await signIn(u);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, '/');
  assert.ok(r.session, 'session cookie');
  const setCookie = r.cookies.find((c) => c.startsWith('rede_session='));
  assert.match(setCookie, /HttpOnly; SameSite=Strict; Path=\//);
  // the IdP verified the AuthnRequest's signature; it asked for a
  // persistent NameID, the POST binding to our ACS and at least Substantial
  const req = idp.requests.at(-1);
  assert.equal(req.query.SigAlg, 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
  assert.match(req.xml, /nameid-format:persistent/);
  assert.match(req.xml, /AllowCreate="true"/);
  assert.match(req.xml, /nsis\/loa\/Substantial/);
  assert.ok(req.xml.includes(`AssertionConsumerServiceURL="${srv.base}/auth/saml/0101/acs"`));
  assert.match(req.xml, /Comparison="minimum"/);
  const m = await me(r.session);
  assert.equal(m.status, 200);
  assert.deepEqual(m.json.roles, ['coordinator']);
  assert.deepEqual(m.json.units.map((x) => x.name), ['Solsikken']);
  assert.equal(m.json.display_name, `${u.firstName} ${u.lastName}`);
  assert.equal(m.json.municipality.code, '0101');
  assert.ok(m.json.csrf_token, 'CSRF token like a password session');
  assert.equal(srv.count('app_user'), before + 1);
  // no local password, and the sign-in is on record
  const uid = m.json.id;
  assert.equal(srv.sql(`SELECT password_hash FROM app_user WHERE id = ${uid}`), '');
  assert.equal(srv.sql(`SELECT outcome || ' ' || detail FROM audit_log WHERE action = 'login' AND user_id = ${uid}`),
    'ok through saml');
  // a write with the session needs the CSRF token, as always
  const w = await srv.req('POST', '/api/v1/families', { session: { cookie: r.session }, body: { name: 'X' } });
  assert.equal(w.status, 403);
  // the NameID is not the username (it may identify the person)
  assert.doesNotMatch(m.json.username, /persistent/);
  // the same person again: the same user
  const again = await signIn(u);
  assert.equal(again.status, 303);
  assert.equal((await me(again.session)).json.id, uid);
  assert.equal(srv.count('app_user'), before + 1);
});

test('every sign-in re-applies the mapping: a lost privilege is lost, a new one gained', async () => {
  const u = person();
  const first = await signIn(u);
  assert.equal(first.status, 303);
  const id = (await me(first.session)).json.id;
  u.groups = [{ cvr: CVR, privileges: [PRIV_LEADER] }];
  const second = await signIn(u);
  assert.equal(second.status, 303);
  const m = await me(second.session);
  assert.equal(m.json.id, id);
  assert.deepEqual(m.json.roles, ['leader']);
  assert.deepEqual(m.json.units, []);
  // no privilege left: no session, a Danish page, and the earlier
  // sessions end
  u.groups = [{ cvr: CVR, privileges: ['http://rede.test/roles/jobrole/ukendt/1'] }];
  const third = await signIn(u);
  refused(third, 'no mapped role');
  assert.match(third.text, /ingen rolle/);
  assert.equal((await me(second.session)).status, 401);
  assert.equal((await me(first.session)).status, 401);
  assert.match(srv.sql(`SELECT detail FROM audit_log WHERE action = 'login' AND user_id = ${id} ORDER BY id DESC LIMIT 1`),
    /no mapped role/);
});

test('privileges count only in the scope of the municipality\'s CVR; another organisation is refused', async () => {
  // the privilege in another CVR's group gives nothing
  const other = person({ groups: [{ cvr: '22222222', privileges: [PRIV_COORD] }] });
  refused(await signIn(other), 'privilege of another organisation', /no mapped role/);
  // a user of another organisation (cvr attribute) is refused even with
  // privileges scoped to ours
  const foreign = person({ cvr: '22222222' });
  const r = await signIn(foreign);
  refused(r, 'other CVR', /another organisation/);
  assert.match(r.text, /anden organisation/);
});

test('no user is created when the sign-in is refused', async () => {
  const before = srv.count('app_user');
  refused(await signIn(person({ groups: [] })), 'no privileges', /no mapped role/);
  assert.equal(srv.count('app_user'), before);
});

test('refused: unsigned assertion and response', async () => {
  refused(await signIn(person(), { signing: { assertion: false, response: false } }), 'unsigned', /Signature element not found/);
});

test('refused: signed with a key the IdP metadata does not hold (self-signed attacker)', async () => {
  const evil = makeKeyPair(dir, 'attacker');
  refused(await signIn(person(), { signing: { key: evil.key, cert: evil.cert } }), 'untrusted assertion key', /Failed to verify signature/);
  refused(await signIn(person(), { signing: { key: evil.key, cert: evil.cert, assertion: false, response: true } }),
    'untrusted response key', /Failed to verify signature|Invalid signature/);
  // a valid response signature does not bless an assertion signed by the attacker
  refused(await signIn(person(), {
    signing: { assertion: false, response: false },
    rewrite: (xml) => sign(sign(xml, { key: evil.key, cert: evil.cert }), { key: idp.keys.key, cert: idp.keys.cert, assertion: false, response: true }),
  }), 'attacker assertion inside a valid response', /Failed to verify signature/);
});

test('accepted: response signed instead of the assertion; both signed', async () => {
  const a = await signIn(person(), { signing: { assertion: false, response: true } });
  assert.equal(a.status, 303, a.text);
  const b = await signIn(person(), { signing: { assertion: true, response: true } });
  assert.equal(b.status, 303, b.text);
});

test('refused: RSA-SHA1 signatures (SHA-256 or stronger only)', async () => {
  refused(await signIn(person(), { signing: { algorithm: RSA_SHA1 } }), 'rsa-sha1', /algorithm other than RSA with SHA-256/);
});

test('refused: wrong audience, recipient, destination, issuer', async () => {
  refused(await signIn(person(), { override: { audience: 'https://other-sp.test' } }), 'audience', /audience is not this SP/);
  refused(await signIn(person(), { override: { recipient: 'https://evil.test/acs' } }), 'recipient', /Recipient is not this ACS/);
  refused(await signIn(person(), { override: { destination: 'https://evil.test/acs' } }), 'destination', /Destination is not this ACS/);
  refused(await signIn(person(), { override: { issuer: 'https://other-idp.test' } }), 'issuer', /provider|issuer/i);
});

test('refused: expired, not yet valid, outside the clock skew', async () => {
  const now = Date.now();
  refused(await signIn(person(), { override: { notBefore: now - 3600e3, notOnOrAfter: now - 120e3 } }), 'expired conditions', /assertion expired/);
  refused(await signIn(person(), { override: { confirmationNotOnOrAfter: now - 120e3 } }), 'expired confirmation', /subject confirmation expired/);
  refused(await signIn(person(), { override: { notBefore: now + 600e3 } }), 'not yet valid', /not yet valid/);
  // within the skew (60 s by default) a little clock difference passes
  const ok = await signIn(person(), { override: { notBefore: now + 20e3 } });
  assert.equal(ok.status, 303, ok.text);
});

test('refused: a replayed response (one-time use, in the database)', async () => {
  const first = await signIn(person());
  assert.equal(first.status, 303);
  const again = await postAcs(first.b64, first.browser);
  refused(again, 'replay', /assertion replayed/);
  assert.match(srv.sql("SELECT detail FROM audit_log WHERE action = 'login' ORDER BY id DESC LIMIT 1"), /replayed/);
  // ten copies at once: none of them gets in
  const copies = await Promise.all(Array.from({ length: 10 }, () => postAcs(first.b64, first.browser)));
  for (const c of copies) refused(c, 'parallel replay', /assertion replayed/);
});

test('refused: wrong InResponseTo, unsolicited, another browser, an answered request', async () => {
  refused(await signIn(person(), { override: { inResponseTo: '_not-a-request-of-ours' } }), 'wrong InResponseTo', /InResponseTo names no request/);
  refused(await signIn(person(), { override: { inResponseTo: undefined } }), 'unsolicited', /unsolicited/);
  refused(await signIn(person(), { override: { responseInResponseTo: '_other' } }), 'response/assertion disagree', /different requests/);
  // the answer arrives at another browser than the one that asked (login CSRF)
  const other = await startLogin();
  refused(await signIn(person(), { browser: other.browser }), 'another browser', /another browser/);
  refused(await signIn(person(), { browser: '' }), 'no browser cookie', /another browser/);
  // a fresh, valid assertion for a request that was answered already
  idp.user = person();
  const { loc, browser } = await startLogin();
  const b64 = await idpAnswer(loc);
  assert.equal((await postAcs(b64, browser)).status, 303);
  const reqId = idp.requests.at(-1).id;
  idp.override = { inResponseTo: reqId };
  const second = idp.loginResponse({ inResponseTo: reqId });
  idp.override = undefined;
  refused(await postAcs(second, browser), 'request answered twice', /no request of ours/);
});

test('refused: XML signature wrapping', async () => {
  const victim = person();
  const attacker = person({ groups: [{ cvr: CVR, privileges: [PRIV_COORD] }] });
  // Each rewrite keeps the IdP's valid signature over the victim's
  // assertion and adds an assertion of the attacker's choosing where a
  // naive SP would read it.
  const evilAssertion = (f) => {
    const x = responseXml({ ...f, assertionId: '_evil', nameId: attacker.nameId,
      attributes: { ...f.attributes, [ATTR.privileges]: privilegeList([{ cvr: CVR, privileges: [PRIV_COORD, PRIV_LEADER] }]) } });
    return /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(x)[0];
  };
  const shapes = {
    // XSW3: the evil assertion before the signed one, as a sibling
    'evil sibling first': (xml, f) => xml.replace('<saml:Assertion ', `${evilAssertion(f)}<saml:Assertion `),
    // XSW4: the signed assertion wrapped inside the evil one
    'signed assertion inside the evil one': (xml, f) => {
      const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)[0];
      const evil = evilAssertion(f).replace('</saml:Subject>', `</saml:Subject>${signed}`);
      return xml.replace(signed, evil);
    },
    // the same ID on both: the reference could resolve to either
    'duplicate ID': (xml, f) => {
      const id = /<saml:Assertion [^>]*ID="([^"]+)"/.exec(xml)[1];
      return xml.replace('<saml:Assertion ', `${evilAssertion(f).replace('ID="_evil"', `ID="${id}"`)}<saml:Assertion `);
    },
    // XSW7: the signed assertion hidden in samlp:Extensions
    'signed assertion in Extensions': (xml, f) => {
      const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)[0];
      return xml.replace(signed, evilAssertion(f))
        .replace('<samlp:Status>', `<samlp:Extensions>${signed}</samlp:Extensions><samlp:Status>`);
    },
    // XSW8: the signed assertion inside a ds:Object of a copied signature
    'signed assertion in ds:Object': (xml, f) => {
      const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)[0];
      const sig = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)[0];
      const evil = evilAssertion(f).replace('</saml:Issuer>',
        `</saml:Issuer>${sig.replace('</ds:Signature>', `<ds:Object>${signed.replace(sig, '')}</ds:Object></ds:Signature>`)}`);
      return xml.replace(signed, evil);
    },
    // XSW1-style with a response signature: a new Response around the
    // signed original
    'signed response wrapped': (xml) => {
      const sig = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(xml)[0];
      const inner = xml.replace(sig, '');
      return xml.replace(/ID="_[^"]+"/, 'ID="_outer"').replace('<samlp:Status>', `<samlp:Extensions>${inner}</samlp:Extensions><samlp:Status>`);
    },
  };
  const xswReasons = {
    'evil sibling first': /not exactly one assertion/,
    'signed assertion inside the evil one': /not exactly one assertion|signature in an unexpected place/,
    'duplicate ID': /duplicate ID/,
    'signed assertion in Extensions': /not exactly one assertion|signature in an unexpected place/,
    'signed assertion in ds:Object': /not exactly one assertion|ds:Object|unexpected place/,
    'signed response wrapped': /signature|not exactly one assertion/,
  };
  for (const [name, rewrite] of Object.entries(shapes)) {
    const setup = { rewrite };
    if (name === 'signed response wrapped') setup.signing = { assertion: false, response: true };
    const r = await signIn(victim, setup);
    refused(r, `XSW: ${name}`, xswReasons[name]);
    assert.equal(srv.sql(`SELECT count(*) FROM sso_identity WHERE subject = '${attacker.nameId}'`), '0', name);
  }
});

test('refused: privileges changed after the IdP signed them; LoA changed or too low', async () => {
  const swap = (from, to) => (xml) => xml.replace(from, to);
  const u = person();
  idp.user = u;
  const coordOnly = privilegeList([{ cvr: CVR, privileges: [PRIV_COORD] }]);
  const withLeader = privilegeList([{ cvr: CVR, privileges: [PRIV_COORD, PRIV_LEADER] }]);
  refused(await signIn(u, { rewrite: swap(coordOnly, withLeader) }), 'tampered privileges', /Failed to verify signature/);
  refused(await signIn(person({ loa: 'Low' }), { rewrite: swap('>Low<', '>Substantial<') }), 'tampered LoA', /Failed to verify signature/);
  const low = await signIn(person({ loa: 'Low' }));
  refused(low, 'LoA too low', /assurance level too low/);
  assert.match(low.text, /Sikringsniveauet er for lavt/);
  // the required level is a setting per municipality
  srv.cliOk(['setting', 'set', 'sso.saml_min_loa', '3', '--municipality', '0101']);
  try {
    refused(await signIn(person({ loa: 'Substantial' })), 'Substantial when High is required', /assurance level too low/);
    const high = await signIn(person({ loa: 'High' }));
    assert.equal(high.status, 303, high.text);
    assert.match(idp.requests.at(-1).xml, /nsis\/loa\/High/);
  } finally {
    srv.cliOk(['setting', 'set', 'sso.saml_min_loa', '2', '--municipality', '0101']);
  }
});

test('encrypted assertions: AES-GCM with RSA-OAEP (mgf1p) decrypt; xmlenc11#rsa-oaep does not on Debian 12', async () => {
  const MGF1P = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p';
  const b64 = (xml) => Buffer.from(xml).toString('base64');
  for (const data of ['http://www.w3.org/2009/xmlenc11#aes256-gcm', 'http://www.w3.org/2009/xmlenc11#aes128-gcm',
    'http://www.w3.org/2001/04/xmlenc#aes256-cbc']) {
    idp.user = person();
    const { loc, browser } = await startLogin();
    const plain = Buffer.from(await idpAnswer(loc), 'base64').toString();
    const xml = await encryptAssertion(idp, plain, data, MGF1P);
    assert.match(xml, /EncryptedAssertion/);
    assert.ok(xml.includes(data));
    assert.doesNotMatch(xml, /<saml:Assertion /);
    const a = await postAcs(b64(xml), browser);
    assert.equal(a.status, 303, `${data}: ${a.text}`);
    assert.deepEqual((await me(a.session)).json.roles, ['coordinator']);
  }
  // encrypt, then sign the response (the assertion unsigned inside)
  idp.user = person();
  const enc = await startLogin();
  idp.signing = { assertion: false, response: false };
  const bare = Buffer.from(await idpAnswer(enc.loc), 'base64').toString();
  idp.signing = undefined;
  const encSigned = sign(await encryptAssertion(idp, bare, 'http://www.w3.org/2009/xmlenc11#aes256-gcm', MGF1P),
    { key: idp.keys.key, cert: idp.keys.cert, assertion: false, response: true });
  const es = await postAcs(b64(encSigned), enc.browser);
  assert.equal(es.status, 303, es.text);
  // XML Encryption 1.1 key transport (SHA-256, MGF1-SHA-256): xmlsec1
  // 1.2.37 has no xmlenc11#rsa-oaep - refused, not misread
  idp.user = person();
  const { loc, browser } = await startLogin();
  const plain = Buffer.from(await idpAnswer(loc), 'base64').toString();
  const r = await postAcs(Buffer.from(encryptAssertionXmlenc11(plain, sp.cert)).toString('base64'), browser);
  refused(r, 'xmlenc11#rsa-oaep', /cannot be decrypted/);
  // an encrypted assertion that is not signed (the response neither) is refused
  idp.user = person();
  const second = await startLogin();
  idp.signing = { assertion: false, response: false };
  const unsigned = Buffer.from(await idpAnswer(second.loc), 'base64').toString();
  idp.signing = undefined;
  const encUnsigned = await encryptAssertion(idp, unsigned, 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
    'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p');
  refused(await postAcs(Buffer.from(encUnsigned).toString('base64'), second.browser), 'encrypted but unsigned', /Signature element not found/);
});

test('malformed answers: not base64, not XML, a DOCTYPE, no SAMLResponse, wrong content type', async () => {
  const { browser } = await startLogin();
  for (const body of ['!!!', Buffer.from('<not xml').toString('base64'),
    Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>').toString('base64')]) {
    refused(await postAcs(body, browser), 'malformed');
  }
  const none = await fetch(`${srv.base}/auth/saml/0101/acs`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: browser }, body: 'RelayState=x',
  });
  assert.equal(none.status, 403);
  const json = await fetch(`${srv.base}/auth/saml/0101/acs`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
  });
  assert.equal(json.status, 415);
});

test('single logout: Rede starts it (signed LogoutRequest to the IdP), and the IdP starts it', async () => {
  const u = person();
  const r = await signIn(u);
  assert.equal(r.status, 303);
  const m = await me(r.session);
  // Rede starts: DELETE /api/v1/session ends the session and names the
  // IdP's logout URL
  const d = await srv.req('DELETE', '/api/v1/session', { session: { cookie: r.session, csrf: m.json.csrf_token } });
  assert.equal(d.status, 200, d.text);
  assert.ok(d.json.logout_url.startsWith(`${idp.base}/slo?SAMLRequest=`));
  assert.equal((await me(r.session)).status, 401);
  const idpRes = await fetch(d.json.logout_url, { redirect: 'manual' });
  assert.equal(idpRes.status, 302, await idpRes.text());
  const lr = idp.logoutRequests.at(-1);
  assert.equal(lr.nameID, u.nameId);
  // the IdP's LogoutResponse comes back to Rede, signed; Rede checks it
  const back = idpRes.headers.get('location');
  assert.ok(back.startsWith(`${srv.base}/auth/saml/0101/slo?SAMLResponse=`));
  const fin = await fetch(back, { redirect: 'manual' });
  assert.equal(fin.status, 303);
  // a forged LogoutResponse (signature broken) is refused
  const forged = back.replace(/Signature=[^&]+/, 'Signature=AAAA');
  assert.equal((await fetch(forged, { redirect: 'manual' })).status, 400);

  // the IdP starts: with a SessionIndex, that session ends; without,
  // every session of the user; another user's session stays
  const a = await signIn(u);
  const aIndex = idp.last.fields.sessionIndex;
  const b = await signIn(u);
  const other = await signIn(person());
  const toRede = (url) => url.replace(/^https?:\/\/[^/]+/, srv.base);
  const one = await fetch(toRede(idp.logoutRequestUrl(u.nameId, aIndex)), { redirect: 'manual' });
  assert.equal(one.status, 303, await one.text());
  assert.equal((await me(a.session)).status, 401);
  assert.equal((await me(b.session)).status, 200);
  const sloUrl = toRede(idp.logoutRequestUrl(u.nameId));
  const res = await fetch(sloUrl, { redirect: 'manual' });
  assert.equal(res.status, 303, await res.text());
  assert.equal((await me(b.session)).status, 401);
  assert.equal((await me(other.session)).status, 200);
  // Rede answered with a signed LogoutResponse the IdP verifies
  const ans = await fetch(res.headers.get('location'), { redirect: 'manual' });
  assert.equal(ans.status, 200, await ans.text());
  assert.equal(idp.logoutResponses.length, 1);
  assert.equal((await fetch(one.headers.get('location'), { redirect: 'manual' })).status, 200);
  // the HTTP-POST binding: a signed LogoutRequest posted by the browser
  const viaPost = await signIn(u);
  const post = (b64) => fetch(`${srv.base}/auth/saml/0101/slo`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `SAMLRequest=${encodeURIComponent(b64)}`,
  });
  const forgedPost = Buffer.from(Buffer.from(idp.logoutRequestPost(u.nameId), 'base64').toString()
    .replace(u.nameId, `${u.nameId}-x`)).toString('base64');
  assert.equal((await post(forgedPost)).status, 400);
  assert.equal((await me(viaPost.session)).status, 200);
  const posted = await post(idp.logoutRequestPost(u.nameId));
  assert.equal(posted.status, 303, await posted.text());
  assert.ok(posted.headers.get('location').startsWith(`${idp.base}/slo?SAMLResponse=`));
  assert.equal((await me(viaPost.session)).status, 401);
  // an unsigned or forged LogoutRequest ends nothing
  const c = await signIn(u);
  const unsigned = idp.logoutRequestUrl(u.nameId).replace(/^https?:\/\/[^/]+/, srv.base).replace(/&SigAlg=[^&]+/, '').replace(/&Signature=[^&]+/, '');
  assert.equal((await fetch(unsigned, { redirect: 'manual' })).status, 400);
  const badSig = sloUrl.replace(/Signature=[^&]+/, 'Signature=AAAA');
  assert.equal((await fetch(badSig, { redirect: 'manual' })).status, 400);
  assert.equal((await me(c.session)).status, 200);
});

test('local passwords off for the municipality, except break-glass accounts; federated users have none', async () => {
  srv.cliOk(['sso', 'disable', '--db', srv.db, '--municipality', '0101', '--local-passwords', '--break-glass', 'a-admin']);
  try {
    const blocked = await srv.login('a-coordinator');
    assert.equal(blocked.status, 403);
    assert.match(blocked.json.title, /kommunens login/);
    assert.equal((await srv.login('a-coordinator', 'wrong-password-123')).status, 401);
    assert.equal((await srv.login('a-admin')).status, 201, 'break-glass account');
    assert.equal((await srv.login('b-admin')).status, 201, 'another municipality is not affected');
    const show = srv.cliOk(['sso', 'show', '--db', srv.db, '--municipality', '0101']).stdout;
    assert.match(show, /local passwords: off/);
    assert.match(show, /break-glass accounts: a-admin/);
    const admin = await srv.login('a-admin');
    const cfg = await srv.req('GET', '/api/v1/sso', { session: admin });
    assert.equal(cfg.status, 200);
    assert.equal(cfg.json.local_login, false);
    assert.deepEqual(cfg.json.break_glass, ['a-admin']);
    const list = await srv.req('GET', '/api/v1/sso/municipalities');
    assert.deepEqual(list.json.items.map((x) => [x.code, x.methods, x.local_login]), [['0101', ['saml'], false]]);
  } finally {
    srv.cliOk(['sso', 'enable', '--db', srv.db, '--municipality', '0101', '--local-passwords']);
  }
  assert.equal((await srv.login('a-coordinator')).status, 201);
  // a federated user cannot be given a password, nor sign in with one
  const r = await signIn(person());
  const fed = await me(r.session);
  const admin = await srv.login('a-admin');
  const pw = await srv.req('POST', `/api/v1/users/${fed.json.id}/password`, { session: admin, body: { password: PASSWORD } });
  assert.equal(pw.status, 409, pw.text);
  assert.equal((await srv.login(`${fed.json.username}@0101`, PASSWORD)).status, 401);
  const own = await srv.req('PUT', '/api/v1/me/password', { session: { cookie: r.session, csrf: fed.json.csrf_token },
    body: { current_password: '', new_password: 'a-new-long-password' } });
  assert.equal(own.status, 409, own.text);
  const cli = srv.cli(['user', 'password', '--username', `${fed.json.username}@0101`], 'a-new-long-password\n');
  assert.notEqual(cli.status, 0);
  assert.match(cli.stderr, /identity provider/);
});

test('a municipality admin turns passwords off, keeping break-glass admins; nothing else changes', async () => {
  const admin = await srv.login('a-admin');
  const coordinator = await srv.login('a-coordinator');
  const put = (session, body) => srv.req('PUT', '/api/v1/sso/local-login', { session, body });
  assert.equal((await put(coordinator, { enabled: false, break_glass: [] })).status, 403);
  // no break-glass admin, another municipality's user, an unknown one, a
  // federated one (no password): refused, nothing changed
  assertProblem(await put(admin, { enabled: false, break_glass: ['a-coordinator'] }), 400, 'break_glass');
  assertProblem(await put(admin, { enabled: false, break_glass: ['b-admin'] }), 400, 'break_glass');
  assertProblem(await put(admin, { enabled: false, break_glass: ['nobody-here'] }), 400, 'break_glass');
  assertProblem(await put(admin, { enabled: false, break_glass: [7] }), 400, 'break_glass');
  assertProblem(await put(admin, { enabled: 'no' }), 400, 'enabled');
  assertProblem(await put(admin, { enabled: false, break_glass: ['a-admin'], extra: 1 }), 400, 'extra');
  assert.equal((await srv.login('a-coordinator')).status, 201);
  const off = await put(admin, { enabled: false, break_glass: ['a-admin', 'a-leader'] });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.json.local_login, false);
  assert.deepEqual(off.json.break_glass, ['a-admin', 'a-leader']);
  try {
    assert.equal((await srv.login('a-coordinator')).status, 403);
    assert.equal((await srv.login('a-leader')).status, 201);
    assert.equal((await srv.login('b-coordinator')).status, 201, 'another municipality');
    assert.match(srv.sql("SELECT detail FROM audit_log WHERE action = 'update' AND entity = 'sso' ORDER BY id DESC LIMIT 1"),
      /local passwords off, 2 break-glass/);
  } finally {
    const on = await put(admin, { enabled: true, break_glass: [] });
    assert.equal(on.status, 200, on.text);
  }
  assert.equal((await srv.login('a-coordinator')).status, 201);
});

test('the CLI: show never prints the key; bad input is refused', async () => {
  const show = srv.cliOk(['sso', 'show', '--db', srv.db, '--municipality', '0101']).stdout;
  assert.match(show, /saml: on/);
  assert.ok(show.includes(`sp metadata:   ${srv.base}/auth/saml/0101/metadata`));
  assert.match(show, /cvr: +11111111/);
  assert.ok(show.includes(`${PRIV_COORD} -> coordinator, unit ${srv.units.Solsikken} (Solsikken)`));
  assert.doesNotMatch(show, /PRIVATE KEY/);
  // the key is sealed in the database, not stored in clear
  assert.doesNotMatch(srv.sql('SELECT sp_key_sealed FROM sso_saml'), /PRIVATE/);
  const keyBody = sp.key.split('\n')[1];
  if (BACKEND === 'sqlite') assert.equal(srv.rawFile().includes(keyBody), false);
  else assert.equal(srv.sql('SELECT count(*) FROM sso_saml WHERE sp_key_sealed LIKE \'%' + keyBody.slice(0, 20) + '%\''), '0');
  const bad = [
    ['sso', 'map', '--municipality', '0101', '--from', 'x', '--role', 'king'],
    ['sso', 'map', '--municipality', '0101', '--from', 'x', '--role', 'admin', '--unit', String(srv.units['Andenby Forvaltning'])],
    ['sso', 'saml', 'set', '--municipality', '0101', '--idp-metadata', join(dir, 'idp.xml'), '--sp-entity-id', SP_ENTITY,
      '--sp-cert', sp.certFile, '--sp-key', join(dir, 'idp.key')],
    ['sso', 'saml', 'set', '--municipality', '0101', '--idp-metadata', sp.certFile, '--sp-entity-id', SP_ENTITY,
      '--sp-cert', sp.certFile, '--sp-key', sp.keyFile],
    ['sso', 'show', '--municipality', '9999'],
  ];
  for (const args of bad) {
    const r = srv.cli(args);
    assert.notEqual(r.status, 0, args.join(' '));
  }
  srv.cliOk(['sso', 'unmap', '--municipality', '0101', '--from', 'nothing-mapped']);
});
