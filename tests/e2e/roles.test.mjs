// Sign-in and what each role sees: only admins get "Administration"; a
// wrong password is answered in Danish next to the form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, PASSWORD, menu, realErrors } from './harness.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await srv?.stop(); });

const ROLES = [
  { user: 'admin', admin: true },
  { user: 'nabo-admin', admin: true },
  { user: 'koordinator', admin: false },
  { user: 'hjemmepaedagog', admin: false },
  { user: 'sundhedsplejerske', admin: false },
  { user: 'dagtilbud', admin: false },
  { user: 'leder', admin: false },
  { user: 'evaluator', admin: false },
];

test('the login page is Danish, with a skip link and landmarks', async () => {
  const page = await newPage(browser, srv);
  await page.goto('/');
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'da');
  assert.equal(await page.locator('header').count(), 1);
  assert.equal(await page.locator('main#main').count(), 1);
  // The skip link is the first thing the keyboard reaches and leads to main.
  const first = await page.evaluate(() => document.querySelector('a[href], button, input, select')?.textContent);
  assert.equal(first, 'Gå til indhold');
  await page.focus('#skip');
  assert.ok(await page.locator('#skip').isVisible());
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await screenshot(page, 'login');
  assert.deepEqual(realErrors(page), []);
  await page.context().close();
});

test('a wrong password shows the Danish error in the form', async () => {
  const page = await newPage(browser, srv);
  await page.goto('/');
  await page.getByLabel('Brugernavn').fill('admin');
  await page.getByLabel('Adgangskode').fill('forkert-kodeord-123');
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  const alert = page.locator('#login .error-summary');
  await alert.getByText('Forkert brugernavn eller adgangskode').waitFor();
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.equal(await page.getByLabel('Adgangskode').inputValue(), '', 'the wrong password is cleared');
  assert.equal(await page.getByText('Log ud').isVisible(), false);
  await screenshot(page, 'login-wrong-password');
  // An empty form is stopped in the browser, with the message at the field.
  await page.getByLabel('Brugernavn').fill('');
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  const user = page.getByLabel('Brugernavn');
  assert.equal(await user.getAttribute('aria-invalid'), 'true');
  const errId = (await user.getAttribute('aria-describedby')).split(' ').find((id) => id.endsWith('-error'));
  assert.equal(await page.locator(`#${errId}`).textContent(), 'Feltet skal udfyldes');
  await page.context().close();
});

for (const { user, admin } of ROLES) {
  test(`${user} sees ${admin ? '' : 'no '}Administration`, async () => {
    const page = await newPage(browser, srv);
    await login(page, user);
    const nav = page.getByRole('navigation', { name: 'Hovedmenu' });
    await nav.getByRole('link', { name: 'Forside' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Administration' }).count(), admin ? 1 : 0);
    if (user === 'hjemmepaedagog') await screenshot(page, 'home-hjemmepaedagog');
    // Going straight to the address shows nothing of the page either.
    await page.goto('/#/admin');
    if (admin) {
      await page.getByRole('heading', { name: 'Brugere' }).waitFor();
      // The heading is drawn before the list arrives: wait for the own row.
      await page.locator(`#users-table tbody tr[data-username="${user}"]`).waitFor();
      const names = await page.locator('#users-table tbody tr').evaluateAll(
        (rows) => rows.map((r) => r.dataset.username));
      assert.ok(names.includes(user));
      // Each municipality's admin sees only its own users.
      assert.equal(names.includes(user === 'admin' ? 'nabo-admin' : 'admin'), false);
    } else {
      await page.getByRole('heading', { name: 'Siden findes ikke' }).waitFor();
      assert.equal(await page.locator('#users-table').count(), 0);
    }
    assert.deepEqual(realErrors(page), []);
    await page.context().close();
  });
}

test('English is the second catalog, remembered by the browser', async () => {
  const page = await newPage(browser, srv);
  await page.goto('/');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  // The server answers in the UI's language (the browser itself asks for Danish).
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('wrong-password-123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#login .error-summary').getByText('Wrong username or password').waitFor();
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await menu(page, 'Administration', 'Main menu');
  await page.getByRole('heading', { name: 'Create user' }).waitFor();
  await page.getByRole('button', { name: 'Dansk' }).click();
  await page.getByRole('heading', { name: 'Opret bruger' }).waitFor();
  assert.deepEqual(realErrors(page), []);
  await page.context().close();
});

test('logout returns to the login page and the session is gone', async () => {
  const page = await newPage(browser, srv);
  await login(page, 'leder');
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  await page.getByText('Du er logget ud.').waitFor();
  const status = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  assert.equal(status, 401);
  await page.reload();
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  await page.context().close();
});
