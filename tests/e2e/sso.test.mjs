// The sign-in page with the municipality's own login (issue 17), in
// Chromium against the test SAML IdP (tests/api/sso_saml_idp.mjs): the
// municipality is chosen once and remembered, "Log ind med kommunens
// login" goes through the IdP and back signed in, signing out ends the
// IdP's session too, and where passwords are off the password form is
// folded away for break-glass use. axe-core checks the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, screenshot, axe, execFileSync } from './harness.mjs';
import { SamlIdp, makeKeyPair } from '../api/sso_saml_idp.mjs';

const CVR = '33333333';
const PRIV = 'http://rede.test/roles/jobrole/koordinator/1';
let srv;
let browser;
let idp;
let dir;
let code;
let name;

function rede(...args) {
  return execFileSync(process.env.REDE_BIN || 'build/asan/rede', [...args, '--db', srv.db],
    { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'rede-e2e-saml-'));
  [code, name] = execFileSync('sqlite3', [srv.db, 'SELECT code, name FROM municipality ORDER BY id LIMIT 1'])
    .toString().trim().split('|');
  idp = new SamlIdp(dir);
  await idp.start();
  const sp = makeKeyPair(dir, 'sp');
  writeFileSync(join(dir, 'idp.xml'), idp.metadata());
  rede('sso', 'saml', 'set', '--municipality', code, '--idp-metadata', join(dir, 'idp.xml'),
    '--sp-entity-id', `https://rede.test/saml/${code}`, '--sp-cert', sp.certFile, '--sp-key', sp.keyFile,
    '--base-url', srv.url, '--cvr', CVR);
  rede('sso', 'map', '--municipality', code, '--from', PRIV, '--role', 'coordinator');
  idp.setSp(await (await fetch(`${srv.url}/auth/saml/${code}/metadata`)).text());
  idp.user = {
    nameId: 'https://data.gov.dk/model/core/eid/professional/uuid/persistent/e2e-1',
    cvr: CVR, firstName: 'Kirsten', lastName: 'Kommunelogin',
    groups: [{ cvr: CVR, privileges: [PRIV] }],
  };
});

after(async () => {
  await browser?.close();
  await idp?.stop();
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('choose the municipality once, sign in through its login, sign out there too', async () => {
  const page = await newPage(browser, srv, { bypassCSP: true });
  await page.goto('/');
  await page.getByLabel('Vælg din kommune').selectOption(code);
  await page.getByRole('button', { name: 'Fortsæt' }).click();
  const button = page.getByRole('link', { name: 'Log ind med kommunens login' });
  await button.waitFor();
  await page.getByText(`For ${name}.`).waitFor();
  // the password form is still there, below
  await page.getByLabel('Brugernavn').waitFor();
  assert.deepEqual(await axe(page), []);
  await screenshot(page, 'sso-login');
  await button.click();
  await page.getByText('Log ud').waitFor();
  await page.getByText('Kirsten Kommunelogin').first().waitFor();
  assert.equal(new URL(page.url()).origin, srv.url);
  // signing out goes by the IdP (single logout) and back to the sign-in
  // page, which remembers the municipality
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.getByRole('link', { name: 'Log ind med kommunens login' }).waitFor();
  assert.equal(idp.logoutRequests.length, 1);
  assert.equal(idp.logoutRequests[0].nameID, idp.user.nameId);
  const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  assert.equal(me, 401);
  // "Skift kommune" asks again
  await page.getByRole('button', { name: 'Skift kommune' }).click();
  await page.getByLabel('Vælg din kommune').waitFor();
  assert.deepEqual(page.errors.filter((e) => !/status of 401/.test(e)), []); // /me while signed out
});

test('passwords off for the municipality: the password form is folded away for emergency access', async () => {
  rede('sso', 'disable', '--municipality', code, '--local-passwords', '--break-glass', 'admin');
  try {
    const page = await newPage(browser, srv);
    await page.goto('/');
    await page.evaluate((c) => localStorage.setItem('rede.municipality', c), code);
    await page.reload();
    await page.getByRole('link', { name: 'Log ind med kommunens login' }).waitFor();
    const fold = page.locator('details.local-login');
    await fold.waitFor();
    assert.equal(await page.getByLabel('Brugernavn').isVisible(), false);
    await fold.locator('summary').click();
    await page.getByLabel('Brugernavn').fill('admin');
    await page.getByLabel('Adgangskode').fill('rede-demo-2026');
    await page.getByRole('button', { name: 'Log ind', exact: true }).click();
    await page.getByText('Log ud').waitFor();
    // the admin sees the set-up and the mapping
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Administration' }).click();
    const section = page.locator('#sso-admin');
    await section.waitFor();
    await section.getByText(PRIV).waitFor();
    await section.getByText(/slået fra, undtagen nødadgang for: admin/).waitFor();
    await screenshot(page, 'sso-admin');
    assert.deepEqual(page.errors.filter((e) => !/status of 401/.test(e)), []); // /me while signed out
  } finally {
    rede('sso', 'enable', '--municipality', code, '--local-passwords');
  }
});
