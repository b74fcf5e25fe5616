// sso_saml_idp.mjs - a real SAML 2.0 identity provider for the tests,
// built on npm samlify (xml-crypto signs, xml-encryption encrypts), shaped
// like KOMBIT's Context Handler on the OIOSAML 3 profile: it listens on
// 127.0.0.1, verifies Rede's signed AuthnRequest (HTTP-Redirect), answers
// with a signed Response in an auto-posting form (HTTP-POST), and speaks
// single logout both ways. Its keys are made with openssl at test time.
//
// Tests steer it the way an attacker or a misconfigured IdP would: the
// next response's fields (audience, times, InResponseTo, LoA,
// privileges...), what is signed and with which key, encryption, or a
// rewrite of the signed XML (signature wrapping).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { randomUUID, createPublicKey, publicEncrypt, createCipheriv, randomBytes, constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import samlify from 'samlify';

// The IdP is not under test: its own schema check of Rede's messages is
// left out (samlify wants a validator), Rede's signatures are verified.
samlify.setSchemaValidator({ validate: async () => 'skipped' });

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
export const ATTR = {
  spec: 'https://data.gov.dk/model/core/specVersion',
  loa: 'https://data.gov.dk/concept/core/nsis/loa',
  privileges: 'https://data.gov.dk/model/core/eid/privilegesIntermediate',
  cvr: 'https://data.gov.dk/model/core/eid/professional/cvr',
  firstName: 'https://data.gov.dk/model/core/eid/firstName',
  lastName: 'https://data.gov.dk/model/core/eid/lastName',
};

// A key pair and self-signed certificate (PEM files in dir).
export function makeKeyPair(dir, name) {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
    '-subj', `/CN=${name}`, '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { keyFile: key, certFile: cert, key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function iso(ms) { return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); }

// OIO Basic Privilege Profile value: base64 of a PrivilegeList.
export function privilegeList(groups) {
  const body = groups.map(({ cvr, privileges }) =>
    `<PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:${esc(cvr)}">` +
    privileges.map((p) => `<Privilege>${esc(p)}</Privilege>`).join('') + '</PrivilegeGroup>').join('');
  const xml = '<?xml version="1.0" encoding="UTF-8"?><bpp:PrivilegeList ' +
    'xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile" ' +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${body}</bpp:PrivilegeList>`;
  return Buffer.from(xml).toString('base64');
}

function attribute(name, value) {
  return `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">` +
    `<saml:AttributeValue xsi:type="xs:string">${esc(value)}</saml:AttributeValue></saml:Attribute>`;
}

// The raw XML of a Response (unsigned). Every field can be overridden.
export function responseXml(f) {
  const attrs = Object.entries(f.attributes).filter(([, v]) => v !== undefined)
    .map(([n, v]) => attribute(n, v)).join('');
  return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ` +
    `ID="${f.responseId}" Version="2.0" IssueInstant="${iso(f.now)}" Destination="${esc(f.destination)}"` +
    (f.inResponseTo !== undefined ? ` InResponseTo="${esc(f.responseInResponseTo ?? f.inResponseTo)}"` : '') + '>' +
    `<saml:Issuer>${esc(f.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${f.status}"/></samlp:Status>` +
    `<saml:Assertion xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
    `ID="${f.assertionId}" Version="2.0" IssueInstant="${iso(f.now)}">` +
    `<saml:Issuer>${esc(f.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${esc(f.nameIdFormat)}">${esc(f.nameId)}</saml:NameID>` +
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    `<saml:SubjectConfirmationData NotOnOrAfter="${iso(f.confirmationNotOnOrAfter)}" Recipient="${esc(f.recipient)}"` +
    (f.inResponseTo !== undefined ? ` InResponseTo="${esc(f.inResponseTo)}"` : '') + '/>' +
    '</saml:SubjectConfirmation></saml:Subject>' +
    `<saml:Conditions NotBefore="${iso(f.notBefore)}" NotOnOrAfter="${iso(f.notOnOrAfter)}">` +
    `<saml:AudienceRestriction><saml:Audience>${esc(f.audience)}</saml:Audience></saml:AudienceRestriction>` +
    '</saml:Conditions>' +
    `<saml:AuthnStatement AuthnInstant="${iso(f.now)}" SessionIndex="${esc(f.sessionIndex)}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>https://data.gov.dk/concept/core/nsis/loa/${esc(f.attributes[ATTR.loa] ?? 'Low')}</saml:AuthnContextClassRef></saml:AuthnContext>` +
    '</saml:AuthnStatement>' +
    `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` +
    '</saml:Assertion></samlp:Response>';
}

// Sign the assertion (and/or the response) of xml with key/cert.
export function sign(xml, { key, cert, assertion = true, response = false, algorithm = RSA_SHA256 }) {
  const certBody = cert.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  let out = xml;
  if (assertion) {
    out = samlify.SamlLib.constructSAMLSignature({
      rawSamlMessage: out, privateKey: key, signatureAlgorithm: algorithm, signingCert: certBody,
      isBase64Output: false,
      referenceTagXPath: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']",
      signatureConfig: { prefix: 'ds', location: { reference: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } },
    });
  }
  if (response) {
    out = samlify.SamlLib.constructSAMLSignature({
      rawSamlMessage: out, privateKey: key, signatureAlgorithm: algorithm, signingCert: certBody,
      isBase64Output: false, isMessageSigned: true,
      signatureConfig: { prefix: 'ds', location: { reference: "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", action: 'after' } },
    });
  }
  return out;
}

export class SamlIdp {
  constructor(dir, { entityID = 'https://idp.test/kombit' } = {}) {
    this.dir = dir;
    this.entityID = entityID;
    this.keys = makeKeyPair(dir, 'idp');
    this.requests = [];        // AuthnRequests seen (verified)
    this.logoutRequests = [];  // LogoutRequests from Rede (verified)
    this.logoutResponses = []; // LogoutResponses from Rede (verified)
    this.user = null;          // who signs in next (fields for responseXml)
  }

  async start() {
    this.server = createServer((req, res) => this.handle(req, res).catch((e) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e && e.message || e));
    }));
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${this.server.address().port}`;
    this.entity = samlify.IdentityProvider({
      entityID: this.entityID,
      signingCert: this.keys.cert,
      privateKey: this.keys.key,
      wantAuthnRequestsSigned: true,
      wantLogoutRequestSigned: true,
      wantLogoutResponseSigned: true,
      nameIDFormat: [PERSISTENT],
      singleSignOnService: [{ Binding: REDIRECT, Location: `${this.base}/sso` }],
      singleLogoutService: [{ Binding: REDIRECT, Location: `${this.base}/slo` }],
    });
  }

  metadata() { return this.entity.getMetadata(); }

  // Rede's SP metadata, as the IdP's administration module would load it.
  setSp(metadataXml) {
    this.spMetadata = metadataXml;
    this.sp = samlify.ServiceProvider({
      metadata: metadataXml,
      wantLogoutRequestSigned: true,
      wantLogoutResponseSigned: true,
    });
  }

  async stop() {
    await new Promise((resolve) => this.server.close(resolve));
  }

  // The query of a redirect as samlify wants it: values and the signed
  // octet string exactly as sent.
  static redirectParts(url) {
    const u = new URL(url);
    const raw = u.search.slice(1);
    const octetString = raw.split('&').filter((p) => !p.startsWith('Signature=')).join('&');
    return { query: Object.fromEntries(u.searchParams), octetString };
  }

  async handle(req, res) {
    const url = `${this.base}${req.url}`;
    const path = new URL(url).pathname;
    if (path === '/sso') {
      const { query, octetString } = SamlIdp.redirectParts(url);
      const parsed = await this.entity.parseLoginRequest(this.sp, 'redirect', { query, octetString });
      this.requests.push({ id: parsed.extract.request.id, query, xml: parsed.samlContent });
      const b64 = this.loginResponse({ inResponseTo: parsed.extract.request.id });
      const acs = this.sp.entityMeta.getAssertionConsumerService('post');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      // the HTTP-POST binding: a form the browser submits at once
      res.end(`<!doctype html><html lang="da"><title>IdP</title><form method="post" action="${esc(acs)}">` +
        `<input type="hidden" name="SAMLResponse" value="${esc(b64)}"><button>Fortsæt</button></form>` +
        '<script>document.forms[0].submit()</script></html>');
      return;
    }
    if (path === '/slo') {
      const { query, octetString } = SamlIdp.redirectParts(url);
      if (query.SAMLRequest) {
        const parsed = await this.entity.parseLogoutRequest(this.sp, 'redirect', { query, octetString });
        this.logoutRequests.push(parsed.extract);
        const { context } = this.entity.createLogoutResponse(this.sp, parsed, 'redirect');
        res.writeHead(302, { Location: context });
        res.end();
        return;
      }
      const parsed = await this.entity.parseLogoutResponse(this.sp, 'redirect', { query, octetString });
      this.logoutResponses.push(parsed.extract);
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('logged out');
      return;
    }
    res.writeHead(404);
    res.end();
  }

  // The fields of a normal, valid answer for the current user.
  fields(over = {}) {
    const now = Date.now();
    const acs = this.sp.entityMeta.getAssertionConsumerService('post');
    const u = this.user;
    return {
      responseId: `_${randomUUID()}`, assertionId: `_${randomUUID()}`, now,
      issuer: this.entityID, destination: acs, recipient: acs,
      audience: this.sp.entityMeta.getEntityID(), status: 'Success',
      nameId: u.nameId, nameIdFormat: PERSISTENT, sessionIndex: u.sessionIndex ?? `_s${randomUUID()}`,
      notBefore: now - 5000, notOnOrAfter: now + 5 * 60000, confirmationNotOnOrAfter: now + 5 * 60000,
      attributes: {
        [ATTR.spec]: 'OIO-SAML-3.0',
        [ATTR.loa]: u.loa ?? 'Substantial',
        [ATTR.privileges]: privilegeList(u.groups ?? []),
        [ATTR.cvr]: u.cvr,
        [ATTR.firstName]: u.firstName,
        [ATTR.lastName]: u.lastName,
      },
      ...over,
    };
  }

  // A base64 Response for inResponseTo: signed as this.signing says
  // (default: the assertion, with the IdP's key), optionally rewritten by
  // this.rewrite(xml) after signing and encrypted per this.encryption.
  loginResponse({ inResponseTo }) {
    const f = this.fields({ inResponseTo, ...(this.override || {}) });
    let xml = responseXml(f);
    const s = { key: this.keys.key, cert: this.keys.cert, assertion: true, response: false, ...(this.signing || {}) };
    if (s.assertion || s.response) xml = sign(xml, s);
    if (this.rewrite) xml = this.rewrite(xml, f);
    if (this.encrypt) xml = this.encrypt(xml);
    this.last = { fields: f, xml };
    return Buffer.from(xml).toString('base64');
  }

  // An IdP-initiated LogoutRequest (HTTP-Redirect) for nameId: the URL of
  // Rede's SLO endpoint with the signed request.
  // The same in the HTTP-POST binding: the base64 message (signed XML).
  logoutRequestPost(nameId) {
    return this.entity.createLogoutRequest(this.sp, 'post', { logoutNameID: nameId }).context;
  }

  logoutRequestUrl(nameId, sessionIndex) {
    // without a SessionIndex: every session of the subject ends
    const customTagReplacement = (template, tags) => {
      const id = tags.ID;
      let xml = template;
      if (sessionIndex === undefined) xml = xml.replace(/<samlp:SessionIndex>[^<]*<\/samlp:SessionIndex>/, '');
      xml = samlify.SamlLib.replaceTagsByValue(xml, { ...tags, NameIDFormat: PERSISTENT, SessionIndex: sessionIndex ?? '' });
      return { id, context: xml };
    };
    const { context } = this.entity.createLogoutRequest(this.sp, 'redirect',
      { logoutNameID: nameId, sessionIndex }, { customTagReplacement });
    return context;
  }
}

// Encrypt the assertion of xml for the SP certificate with xml-encryption
// (through samlify): data and key transport algorithms as given.
export async function encryptAssertion(idp, xml, dataAlg, keyAlg) {
  const enc = samlify.IdentityProvider({
    entityID: idp.entityID, signingCert: idp.keys.cert, privateKey: idp.keys.key,
    isAssertionEncrypted: true, dataEncryptionAlgorithm: dataAlg, keyEncryptionAlgorithm: keyAlg,
    singleSignOnService: [{ Binding: REDIRECT, Location: `${idp.base}/sso` }],
  });
  const b64 = await samlify.SamlLib.encryptAssertion(enc, idp.sp, xml);
  return Buffer.from(b64, 'base64').toString();
}

// The assertion encrypted the XML Encryption 1.1 way - AES-256-GCM content,
// key transport http://www.w3.org/2009/xmlenc11#rsa-oaep with SHA-256 and
// MGF1-SHA-256 - with node's crypto, for the check of what Debian 12's
// xmlsec1 accepts (xml-encryption has no xmlenc11#rsa-oaep).
export function encryptAssertionXmlenc11(xml, spCertPem) {
  const m = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml);
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(m[0], 'utf8'), c.final(), c.getAuthTag()]);
  const wrapped = publicEncrypt({ key: createPublicKey(spCertPem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, key);
  const enc = '<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" ' +
    'Type="http://www.w3.org/2001/04/xmlenc#Element">' +
    '<xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/>' +
    '<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey>' +
    '<xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#rsa-oaep">' +
    '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>' +
    '<xenc11:MGF xmlns:xenc11="http://www.w3.org/2009/xmlenc11#" Algorithm="http://www.w3.org/2009/xmlenc11#mgf1sha256"/>' +
    '</xenc:EncryptionMethod>' +
    `<xenc:CipherData><xenc:CipherValue>${wrapped.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedKey></ds:KeyInfo>' +
    `<xenc:CipherData><xenc:CipherValue>${Buffer.concat([iv, ct]).toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedData></saml:EncryptedAssertion>';
  return xml.replace(m[0], enc);
}
