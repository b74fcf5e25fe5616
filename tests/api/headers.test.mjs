// headers.test.mjs - the security headers on every kind of answer, and the
// static files (including path traversal attempts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Server } from './harness.mjs';

const srv = new Server();
before(async () => { srv.setupTenants(); await srv.start(); });
after(() => srv.stop());

function checkSecurity(r, api) {
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  if (api) assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.headers.get('strict-transport-security'), null); // not behind TLS here
}

test('security headers on API, error, static and health answers', async () => {
  const s = await srv.login('a-admin');
  checkSecurity(await srv.req('GET', '/api/v1/me', { session: s }), true);
  checkSecurity(await srv.req('GET', '/api/v1/me'), true);
  checkSecurity(await srv.req('POST', '/api/v1/session', { raw: '{', headers: { 'Content-Type': 'application/json' } }), true);
  checkSecurity(await srv.req('GET', '/healthz'), true);
  checkSecurity(await srv.req('GET', '/'), false);
  checkSecurity(await srv.req('GET', '/no-such-file.html'), true);
});

test('the Danish login page is served', async () => {
  const r = await srv.req('GET', '/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  assert.match(r.text, /<html lang="da">/);
  assert.doesNotMatch(r.text, /<script>[^<]/); // no inline script
  const css = await srv.req('GET', '/css/rede.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /text\/css/);
});

// fetch normalises "..", so send raw paths
function rawGet(path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: srv.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('path traversal and hidden files are not served', async () => {
  for (const p of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/css/../../Makefile',
    '/.git/config', '/..%2fMakefile', '/css/%2e%2e/index.html', '/\\..\\Makefile']) {
    const r = await rawGet(p);
    assert.equal(r.status, 404, p);
    assert.doesNotMatch(r.body, /root:|CFLAGS/);
  }
  assert.equal((await srv.req('POST', '/index.html')).status, 405);
});
