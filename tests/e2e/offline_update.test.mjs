// A new version of the app takes over only when no unsent record would be
// lost (issue 20 item 1), in Chromium: the server serves a copy of web/;
// with a visit waiting in the outbox a changed sw.js installs but WAITS
// (the old version keeps its cache and control); once the outbox is empty
// the new version takes over and the old cache is dropped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, login, apiSession, ROOT, until } from './harness.mjs';

let srv;
let browser;
let web;
before(async () => {
  web = join(mkdtempSync(join(tmpdir(), 'rede-web-')), 'web');
  cpSync(join(ROOT, 'web'), web, { recursive: true, dereference: true });
  srv = await startServer({ web });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await srv?.stop(); });

const shellCaches = (page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('rede-shell-')).sort());

test('a new version waits while a record is unsent, and takes over once the outbox is empty', async () => {
  const hp = await apiSession(srv, 'hjemmepaedagog');
  const course = (await hp.get('/api/v1/caseload')).body.items.find((c) => c.status === 'active');
  const page = await newPage(browser, srv);
  const ctx = page.context();
  await login(page, 'hjemmepaedagog');
  await page.evaluate(() => navigator.serviceWorker.ready);
  const old = readFileSync(join(web, 'sw.js'), 'utf8').match(/const VERSION = '([^']+)'/)[1];
  await until('the shell cached', async () => (await shellCaches(page)).includes(old));
  await page.goto(`/#/courses/${course.id}`);
  const f = page.locator('#visit-form');
  await f.waitFor();
  // a visit that cannot be sent yet: made offline, and its POST fails
  // while the update arrives
  await ctx.setOffline(true);
  await f.getByLabel('Minutter').fill('25');
  await f.getByLabel('Notat').fill('Før opdateringen');
  await f.getByRole('button', { name: 'Gem besøg' }).click();
  await page.locator('main p.status', { hasText: 'Gemt på enheden' }).waitFor();
  await page.route('**/api/v1/enrolments/*/contacts', (r) => (r.request().method() === 'POST' ? r.abort() : r.continue()));
  await ctx.setOffline(false);

  writeFileSync(join(web, 'sw.js'), readFileSync(join(web, 'sw.js'), 'utf8').replace(`'${old}'`, "'rede-shell-vtest'"));
  await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration()).update(); });
  await until('the new version installed', () => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration()).waiting));
  await new Promise((r) => setTimeout(r, 1500));
  const state = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return { waiting: !!reg.waiting, controllerIsActive: navigator.serviceWorker.controller?.scriptURL === reg.active?.scriptURL };
  });
  assert.deepEqual(state, { waiting: true, controllerIsActive: true }, 'the new version waits');
  assert.ok((await shellCaches(page)).includes(old), 'the old shell is kept');
  const notes = async () => (await hp.get(`/api/v1/enrolments/${course.id}/contacts`)).body.items.map((c) => c.note);
  assert.ok(!(await notes()).includes('Før opdateringen'));

  // the network lets the visit through: sent, the outbox empty, the new
  // version takes over and the old cache goes
  await page.unroute('**/api/v1/enrolments/*/contacts');
  await page.locator('#sync-now').click();
  await until('the visit on the server', async () => (await notes()).includes('Før opdateringen'));
  await until('the new version active', () => page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return !reg.waiting && !!reg.active;
  }));
  await until('the old cache dropped', async () => {
    const c = await shellCaches(page);
    return !c.includes(old) && c.includes('rede-shell-vtest');
  });
  await ctx.close();
});
