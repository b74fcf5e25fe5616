// Long lists in the browser: a table of more than TABLE_PAGE (100) rows
// draws the first 100 and says how many there are; "Vis 100 rækker mere" adds
// the next ones below, in the same order, and the keyboard continues at the first
// new row; at the end the button is gone. Drawn on the coordinator's health
// visit offers of a generated municipality (rede demo --scale 0.3, some 270
// offers), checked against the API's list. axe-core with the button shown.
// And a table of form fields (the materials form) is drawn whole.
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

// A table of form fields is drawn whole: the materials form saves every
// material from its boxes, so a row not drawn would be saved as neither
// known nor used. A municipality's own materials can take an age group
// past 100; the last of them is answered and kept.
test('a form of more than 100 materials draws every row, and the last one is saved as answered', async () => {
  const api = await apiSession(srv, 'sundhedsplejerske');
  for (let i = 0; i < 105; i++) {
    const r = await api.post('/api/v1/materials', { code: `EGET_${String(i).padStart(3, '0')}`, age_group: '3y', kind: 'other', label: `Eget materiale ${i}` });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const p = await newPage(browser, srv);
  await login(p, 'sundhedsplejerske');
  await menu(p, 'Mine materialer');
  const f = p.locator('#materials-form');
  await f.locator('#materials-3y').waitFor();
  const boxes = f.locator('#materials-3y input[name=knows]');
  assert.ok(await boxes.count() > 105, `${await boxes.count()} rows`);
  assert.equal(await f.getByRole('button', { name: /^Vis \d+ rækker? mere$/ }).count(), 0);
  const last = boxes.last();
  const code = await last.getAttribute('value');
  await last.check();
  await f.getByRole('button', { name: 'Gem' }).click();
  await p.locator('main p.status', { hasText: 'Dine svar er gemt.' }).waitFor();
  const me = (await api.get('/api/v1/me')).body;
  const { body } = await api.get(`/api/v1/health-visitors/${me.id}/materials`);
  assert.equal(body.items.find((x) => x.code === code).knows, true);
  assert.deepEqual(p.errors, []);
});
