// Long lists in the browser: a table of more than TABLE_PAGE (100) rows
// draws the first 100 and says how many there are; "Vis 100 rækker mere" adds
// the next ones below, in the same order, and the keyboard continues at the first
// new row; at the end the button is gone. Drawn on the coordinator's health
// visit offers of a generated municipality (rede demo --scale 0.3, some 270
// offers), checked against the API's list. axe-core with the button shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, axe, apiSession, menu } from './harness.mjs';

let srv;
let browser;
before(async () => { srv = await startServer({ demo: ['--scale', '0.3'] }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await srv?.stop(); });

test('a long list is drawn a hundred rows at a time, in order, and the keyboard goes on at the first new row', async () => {
  const api = await apiSession(srv, 'koordinator');
  const all = (await api.get('/api/v1/health-visits/offers')).body.items;
  assert.ok(all.length > 200, `${all.length} offers: the test wants three pages`);

  const p = await newPage(browser, srv, { bypassCSP: true });
  await login(p, 'koordinator');
  await menu(p, 'Besøg 1½ og 3 år');
  const rows = p.locator('#offers tbody tr');
  const count = p.locator('#offers-count');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 100);
  assert.equal(await count.textContent(), `Viser 100 af ${all.length} rækker`);
  const more = p.getByRole('button', { name: 'Vis 100 rækker mere' });
  await screenshot(p, 'long-list');
  assert.deepEqual(await axe(p), [], 'axe with the button shown');

  // the first page's names, then the second's: every offer once, none lost
  const names = async () => p.locator('#offers tbody tr td:first-child a').allTextContents();
  const first = await names();
  await more.click();
  assert.equal(await rows.count(), 200);
  assert.equal(await count.textContent(), `Viser 200 af ${all.length} rækker`);
  const second = await names();
  assert.deepEqual(second.slice(0, 100), first, 'the first rows stay where they were');
  // focus on the 101st row's link
  assert.equal(await p.evaluate(() => document.activeElement?.textContent), second[100]);
  assert.equal(await p.evaluate(() => document.activeElement?.closest('tr')?.rowIndex), 101);

  // the rest: the button names what is left, and goes when nothing is
  const left = all.length - 200;
  await p.getByRole('button', { name: `Vis ${Math.min(100, left)} ${left === 1 ? 'række' : 'rækker'} mere` }).click();
  while (await rows.count() < all.length) {
    await p.getByRole('button', { name: /^Vis \d+ rækker? mere$/ }).click();
  }
  assert.equal(await count.textContent(), `Viser ${all.length} af ${all.length} rækker`);
  assert.equal(await p.getByRole('button', { name: /^Vis \d+ rækker? mere$/ }).count(), 0);
  const drawn = await names();
  assert.equal(drawn.length, all.length);
  assert.deepEqual([...drawn].sort(), all.map((o) => o.family_name).sort(), 'every offer drawn once');
  assert.deepEqual(p.errors, []);
});
