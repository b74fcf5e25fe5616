// Session expiry while a page is open (session.idle_seconds = 2): the
// re-login dialog appears over the page, nothing typed is lost, and the
// interrupted save goes through once - after signing in again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, apiSession, PASSWORD, menu } from './harness.mjs';

let srv;
let browser;
before(async () => {
  srv = await startServer({ settings: { 'session.idle_seconds': 2 } });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await srv?.stop(); });

const idle = () => new Promise((r) => setTimeout(r, 3000));

test('an expired session asks for the password and keeps the typed input', async () => {
  const page = await newPage(browser, srv);
  await login(page, 'admin');
  await menu(page, 'Administration');
  const form = page.locator('#create-user');
  await form.waitFor();
  await form.getByLabel('Brugernavn').fill('udloebet');
  await form.getByLabel('Navn', { exact: true }).fill('Ulla Udløbet');
  await form.getByLabel('Adgangskode').fill('et-langt-kodeord-42');
  await form.getByRole('group', { name: 'Roller' }).getByLabel('Leder', { exact: true }).check();
  await idle();

  // First a read: the dialog comes, the page stays.
  await page.locator('#users-table tbody tr[data-username="leder"]').getByRole('button', { name: /Redigér/ }).click();
  const dlg = page.getByRole('dialog', { name: 'Din session er udløbet' });
  await dlg.waitFor();
  assert.equal(await dlg.getByLabel('Brugernavn').inputValue(), 'admin');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'password');
  await screenshot(page, 'session-expired');
  // A wrong password is answered inside the dialog.
  await dlg.getByLabel('Adgangskode').fill('forkert-kodeord-1');
  await dlg.getByRole('button', { name: 'Log ind', exact: true }).click();
  await dlg.getByText('Forkert brugernavn eller adgangskode').waitFor();
  await dlg.getByLabel('Adgangskode').fill(PASSWORD);
  await dlg.getByRole('button', { name: 'Log ind', exact: true }).click();
  await dlg.waitFor({ state: 'detached' });
  // The interrupted read finished, and the typed input is still there.
  await page.locator('#edit-user').waitFor();
  assert.equal(await form.getByLabel('Brugernavn').inputValue(), 'udloebet');
  assert.equal(await form.getByLabel('Navn', { exact: true }).inputValue(), 'Ulla Udløbet');
  assert.equal(await form.getByLabel('Adgangskode').inputValue(), 'et-langt-kodeord-42');
  assert.equal(await form.getByRole('group', { name: 'Roller' }).getByLabel('Leder', { exact: true }).isChecked(), true);

  // Then a save: it waits for the re-login and is done exactly once.
  await idle();
  await form.getByRole('button', { name: 'Gem' }).click();
  await dlg.waitFor();
  assert.equal(await form.getByLabel('Navn', { exact: true }).inputValue(), 'Ulla Udløbet');
  await dlg.getByLabel('Adgangskode').fill(PASSWORD);
  await dlg.getByLabel('Adgangskode').press('Enter');
  await page.getByText('Brugeren Ulla Udløbet er oprettet.').first().waitFor();
  const api = await apiSession(srv, 'admin');
  const { body } = await api.get('/api/v1/users');
  assert.equal(body.items.filter((u) => u.username === 'udloebet').length, 1);
  await page.context().close();
});

test('cancelling the dialog keeps the input and says why nothing was saved', async () => {
  const page = await newPage(browser, srv);
  await login(page, 'admin');
  await menu(page, 'Administration');
  const form = page.locator('#create-unit');
  await form.waitFor();
  await form.getByLabel('Navn').fill('Dagplejen Øst');
  await idle();
  await form.getByRole('button', { name: 'Gem' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.waitFor();
  await page.keyboard.press('Escape');
  await dlg.waitFor({ state: 'detached' });
  await form.getByText('Du er ikke logget ind').waitFor();
  assert.equal(await form.getByLabel('Navn').inputValue(), 'Dagplejen Øst');
  await page.context().close();
});

test('opening the app with an expired session shows the login page', async () => {
  const page = await newPage(browser, srv);
  await login(page, 'leder');
  await idle();
  await page.reload();
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0);
  await page.context().close();
});
