// The import page (issue 19) in a real browser: a coordinator reaches it
// from the home page, downloads the template, checks a file with problems
// (each shown with sheet, row, column and message; nothing imported, the
// import button stays off), then checks a good file and imports it; axe-core
// and the layout at 1 280 and 768 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, apiSession, axe, layoutProblems } from './harness.mjs';

let srv;
let browser;
let coord;
before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  coord = await apiSession(srv, 'koordinator');
});
after(async () => { await browser?.close(); await srv?.stop(); });

const HEAD = 'Familie-ID;Familienavn;Rolle;Fornavn;Efternavn;CPR-nummer;Forventet fødselsdato;Relation';
const later = (days) => {
  const d = new Date(Date.now() + days * 86400000);
  return `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;
};

async function importsPage(width = 1280) {
  const page = await newPage(browser, srv, { width, bypassCSP: true });
  await login(page, 'koordinator');
  await page.getByRole('link', { name: /Import/ }).first().click();
  await page.getByRole('heading', { name: 'Import af registreringer' }).waitFor();
  return page;
}

async function choose(page, name, text) {
  await page.getByLabel('Fil', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('a file with problems is checked and shown row by row; nothing imported, Importér stays off', async () => {
  const page = await importsPage();
  await page.getByLabel('Hvad vil du importere?').selectOption('families');
  assert.equal(await page.locator('#import-template').getAttribute('href'), '/api/v1/imports/templates/families');
  const tpl = await page.request.get('/api/v1/imports/templates/families');
  assert.equal(tpl.status(), 200);
  assert.match(tpl.headers()['content-type'], /spreadsheetml/);

  const before = (await coord.get('/api/v1/families?q=Browsersen')).body.items.length;
  await choose(page, 'fejl.csv', `${HEAD}\nE1;Browsersen;Barn;Bo;Browsersen;;31-02-2026;\nE2;Browsersen;Kat;Bo;Browsersen;;${later(20)};\n`);
  await page.getByRole('button', { name: 'Kontrollér' }).click();
  const errs = page.locator('#import-errors');
  await errs.waitFor();
  const text = await errs.textContent();
  assert.match(text, /2 fejl/);
  assert.match(text, /G – Forventet fødselsdato/);
  assert.match(text, /Ugyldig dato/);
  assert.match(text, /C – Rolle/);
  assert.match(await page.locator('.status').first().textContent(), /2 fejl - intet er ændret/);
  assert.equal(await page.getByRole('button', { name: 'Importér' }).isDisabled(), true);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(await layoutProblems(page), []);
  await screenshot(page, 'imports-errors-1280');
  assert.equal((await coord.get('/api/v1/families?q=Browsersen')).body.items.length, before);
  assert.deepEqual(page.errors.filter((e) => !e.startsWith('Failed to load resource')), []);
});

test('a good file: Kontrollér says what would be created, Importér creates it once', async () => {
  const page = await importsPage(768);
  await page.getByLabel('Hvad vil du importere?').selectOption('families');
  await choose(page, 'god.csv', `${HEAD}\nG1;Klikkesen;Barn;Karla;Klikkesen;;${later(30)};\nG1;;Forælder;Kurt;Klikkesen;;;Far\n`);
  await page.getByRole('button', { name: 'Kontrollér' }).click();
  await page.getByText('Vil blive oprettet: 1 familie, 2 personer.').waitFor();
  await page.locator('#main').getByText('Filen er i orden og kan importeres.').waitFor();
  assert.match(await page.locator('#import-facts').textContent(), /Læst som UTF-8 med skilletegn «;»/);
  assert.equal((await coord.get('/api/v1/families?q=Klikkesen')).body.items.length, 0);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(await layoutProblems(page), []);
  await screenshot(page, 'imports-check-768');

  await page.getByRole('button', { name: 'Importér' }).click();
  await page.getByText('Oprettet: 1 familie, 2 personer.').waitFor();
  await page.locator('#main').getByText('Filen er importeret.').waitFor();
  assert.equal((await coord.get('/api/v1/families?q=Klikkesen')).body.items.length, 1);
  assert.equal(await page.getByRole('button', { name: 'Importér' }).isDisabled(), true);
  // the same file again: nothing new
  await page.getByRole('button', { name: 'Kontrollér' }).click();
  await page.getByText('Intet nyt at oprette.').waitFor();
  assert.match(await page.locator('#import-facts').textContent(), /1 række er importeret før og springes over/);
  assert.deepEqual(page.errors.filter((e) => !e.startsWith('Failed to load resource')), []);
});

test('the page is for coordinators and admins: no card for a home pedagogue', async () => {
  const page = await newPage(browser, srv);
  await login(page, 'hjemmepaedagog');
  assert.equal(await page.locator('.cards-nav a[href="#/imports"]').count(), 0);
  await page.goto('/#/imports');
  await page.getByText('Log ud').waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Import af registreringer' }).count(), 0);
});
