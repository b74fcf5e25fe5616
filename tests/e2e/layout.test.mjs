// Every page every role reaches, at 1 280 px (desktop) and 768 px (tablet):
// no text overflows its box or the screen or overlaps other text (measured
// on the laid-out boxes), axe-core finds no violation of any impact, no
// literal "null", "undefined" or "NaN" is shown, and nothing is logged to the
// console (not even the signed-out probe). The pages are found by following
// the menu and the links on each page, one page per route (":id" pages once).
// Screenshots: test-output/e2e/layout-<role>-<route>-<width>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, axe, layoutProblems, strayText } from './harness.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await srv?.stop(); });

const WIDTHS = [1280, 768];
const ROLES = ['koordinator', 'hjemmepaedagog', 'sundhedsplejerske', 'dagtilbud', 'leder', 'evaluator', 'admin'];
const seen = new Set();
const pattern = (hash) => hash.replace(/\/\d+/g, '/:id');
const slug = (hash) => (pattern(hash).replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home');

async function settle(p) {
  await p.waitForFunction(() => !document.querySelector('main[aria-busy], main .loading'), null, { timeout: 15000 });
  await p.waitForLoadState('networkidle');
}

async function checkHere(p, role, hash, problems) {
  for (const width of WIDTHS) {
    await p.setViewportSize({ width, height: 900 });
    await p.waitForTimeout(50);
    const where = `${role} ${hash} @${width}`;
    await screenshot(p, `layout-${role}-${slug(hash)}-${width}`);
    for (const x of await layoutProblems(p)) problems.push(`${where}: ${x}`);
    for (const x of await strayText(p)) problems.push(`${where}: stray ${x}`);
    for (const x of await axe(p)) problems.push(`${where}: axe ${x}`);
    if (width === 1280) {
      // The menu is one row on a desktop.
      const tops = await p.$$eval('#nav li', (li) => [...new Set(li.map((x) => Math.round(x.getBoundingClientRect().top)))]);
      if (tops.length > 1) problems.push(`${where}: the menu takes ${tops.length} rows`);
    } else {
      // On a tablet it is behind the Menu button, and one list when opened.
      const toggle = p.locator('#menu-toggle');
      if (!(await toggle.isVisible())) problems.push(`${where}: no menu button`);
      else {
        await toggle.click();
        if (!(await p.locator('#nav a').first().isVisible())) problems.push(`${where}: the menu does not open`);
        for (const x of await layoutProblems(p)) problems.push(`${where} (menu open): ${x}`);
        await toggle.click();
      }
    }
  }
}

for (const role of ROLES) {
  test(`every page of ${role} holds at 1280 and 768 px`, async () => {
    const p = await newPage(browser, srv, { bypassCSP: true });
    // The signed-out start asks without a failing request: a clean console.
    await p.goto('/');
    await p.getByLabel('Brugernavn').waitFor();
    assert.deepEqual(p.errors, [], 'console errors on the signed-out start page');
    await login(p, role);
    await settle(p);
    const problems = [];
    const queue = ['#/', ...await p.$$eval('#nav a', (a) => a.map((x) => x.getAttribute('href')))];
    const mine = new Set();
    while (queue.length && mine.size < 16) {
      const hash = queue.shift();
      const key = pattern(hash);
      // A menu page once per role (what it shows depends on the role), a
      // page of one case (":id") once in all.
      if (mine.has(key) || (key.includes(':id') && seen.has(key))) continue;
      mine.add(key);
      seen.add(key);
      const errorsBefore = p.errors.length;
      await p.goto(`/${hash}`);
      // a family outside the coordinator's caseload is opened for a stated
      // purpose (issue 18): the page waits for the dialog, which is answered
      // here (duties.test.mjs checks the dialog itself)
      const dlg = p.getByRole('dialog', { name: 'Hvorfor slår du oplysningerne op?' });
      await Promise.race([dlg.waitFor({ timeout: 15000 }).catch(() => {}), settle(p).catch(() => {})]);
      let asked = false;
      if (await dlg.isVisible()) {
        asked = true;
        await dlg.getByRole('radio').first().check();
        await dlg.getByRole('button', { name: 'Fortsæt' }).click();
      }
      try { await settle(p); } catch { problems.push(`${role} ${hash}: still loading after 15 s`); continue; }
      await checkHere(p, role, hash, problems);
      for (const e of p.errors.slice(errorsBefore)) {
        // the browser logs the 400 that asked for the purpose
        if (asked && /status of 400/.test(e)) continue;
        problems.push(`${role} ${hash}: console: ${e}`);
      }
      for (const href of await p.$$eval('main a[href^="#/"]', (a) => a.map((x) => x.getAttribute('href')))) {
        if (!mine.has(pattern(href)) && !seen.has(pattern(href))) queue.push(href);
      }
    }
    assert.deepEqual(problems, []);
    await p.context().close();
  });
}
