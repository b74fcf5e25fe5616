// sso_oidc_op.mjs - a real OpenID provider for the tests: npm
// oidc-provider (code flow, PKCE S256 required, client_secret_basic,
// RS256 ID tokens, RP-initiated logout) on 127.0.0.1, its signing keys made
// here with jose, so the tests can rotate them and, like an attacker or a
// broken provider, hand Rede a token of their own making.
//
// The provider listens on an inner port; the issuer's port is a small
// proxy in front of it, which passes everything through and can replace
// the ID token in the token endpoint's answer (this.forge).
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import Provider from 'oidc-provider';
import { generateKeyPair, exportJWK, SignJWT, decodeJwt } from 'jose';

async function keyPair(kid, alg = 'RS256') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, jwk, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

const b64url = (s) => Buffer.from(s).toString('base64url');

export class OidcOp {
  constructor({ clientId = 'rede', clientSecret = 'test-secret-do-not-log-9f3a' } = {}) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.user = null;        // { sub, name, roles }
    this.forge = null;       // (claims, tokens) => replacement id_token
    this.tokenRequests = [];
    this.authRequests = [];
  }

  async start(redeBase, code = '0101') {
    this.redeBase = redeBase;
    this.code = code;
    this.inner = createServer((req, res) => this.provider.callback()(req, res));
    this.innerPort = await listen(this.inner);
    this.outer = createServer((req, res) => this.proxy(req, res).catch((e) => {
      res.writeHead(502);
      res.end(String(e));
    }));
    this.port = await listen(this.outer);
    this.issuer = `http://127.0.0.1:${this.port}`;
    this.keys = [await keyPair('k1')];
    this.build();
  }

  // (Re)build the provider with the current keys (a rotation).
  build() {
    const op = this;
    this.provider = new Provider(this.issuer, {
      clients: [{
        client_id: this.clientId, client_secret: this.clientSecret,
        redirect_uris: [`${this.redeBase}/auth/oidc/${this.code}/callback`],
        post_logout_redirect_uris: [`${this.redeBase}/`],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
      }],
      jwks: { keys: this.keys.map((k) => k.jwk) },
      cookies: { keys: ['test-cookie-key'] },
      pkce: { required: () => true, methods: ['S256'] },
      conformIdTokenClaims: false,
      claims: { openid: ['sub'], profile: ['name', 'given_name', 'family_name'], roles: ['roles'] },
      features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
      interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
      findAccount: async (ctx, id) => ({
        accountId: id,
        claims: async () => ({ sub: id, name: op.user?.name, roles: op.user?.roles ?? [] }),
      }),
      loadExistingGrant: async (ctx) => {
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
        });
        grant.addOIDCScope(ctx.oidc.params.scope);
        await grant.save();
        return grant;
      },
    });
    this.provider.proxy = true;
    this.provider.on('server_error', (ctx, err) => { op.lastError = err; });
  }

  async rotate({ keep = false } = {}) {
    const k = await keyPair(`k${this.keys.length + 1}`);
    this.old = this.keys[0];
    this.keys = keep ? [k, ...this.keys] : [k];
    this.build();
    return k;
  }

  async stop() {
    await new Promise((r) => this.outer.close(r));
    await new Promise((r) => this.inner.close(r));
  }

  async proxy(req, res) {
    const url = new URL(req.url, this.issuer);
    // The interaction: the "user" signs in at once (no form in the tests).
    if (url.pathname.startsWith('/interaction/')) {
      const details = await this.provider.interactionDetails(req, res);
      this.authRequests.push(details.params);
      await this.provider.interactionFinished(req, res, { login: { accountId: this.user.sub } },
        { mergeWithLastSubmission: false });
      return;
    }
    const body = await new Promise((resolve) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    // the provider builds its URLs from the host it is reached at: tell
    // it the issuer's (it trusts X-Forwarded-* with proxy = true)
    const headers = { ...req.headers, 'x-forwarded-host': `127.0.0.1:${this.port}`, 'x-forwarded-proto': 'http' };
    const r = await fetch(`http://127.0.0.1:${this.innerPort}${req.url}`, {
      method: req.method, headers, body: body.length ? body : undefined, redirect: 'manual',
    });
    let out = Buffer.from(await r.arrayBuffer());
    if (url.pathname === '/token') {
      this.tokenRequests.push({ authorization: req.headers.authorization, body: body.toString() });
      if (this.forge && r.status === 200) {
        const json = JSON.parse(out.toString());
        json.id_token = await this.forge(decodeJwt(json.id_token), json);
        out = Buffer.from(JSON.stringify(json));
      }
    }
    const h = {};
    r.headers.forEach((v, k) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding', 'set-cookie'].includes(k)) h[k] = v;
    });
    const cookies = r.headers.getSetCookie();
    if (cookies.length) h['set-cookie'] = cookies;
    res.writeHead(r.status, h);
    res.end(out);
  }

  // An ID token signed with key (default: the provider's current key).
  async sign(claims, key = this.keys[0], header = {}) {
    return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
      .sign(key.privateKey);
  }

  static unsigned(claims) {
    return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.`;
  }

  // HS256 "signed" with the provider's public key as the HMAC secret: the
  // classic algorithm confusion.
  async hmacWithPublicKey(claims) {
    const { createPublicKey } = await import('node:crypto');
    const pem = createPublicKey({ key: this.keys[0].publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const head = b64url(JSON.stringify({ alg: 'HS256', kid: this.keys[0].kid, typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    const sig = createHmac('sha256', pem).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${sig}`;
  }
}

export { keyPair };
