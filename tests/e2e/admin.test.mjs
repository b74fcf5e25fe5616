// The admin page in a real browser: create, list, disable, hostile names,
// double-click, stale edits, keyboard-only use, axe-core, 768 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, apiSession, axe, menu, realErrors, execFileSync } from './harness.mjs';

let srv;
let browser;
let adminApi;
before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  adminApi = await apiSession(srv, 'admin');
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function adminPage(opts) {
  const page = await newPage(browser, srv, opts);
  await login(page, 'admin');
  await menu(page, 'Administration');
  await page.getByRole('heading', { name: 'Opret bruger' }).waitFor();
  return page;
}

async function users() {
  const r = await adminApi.get('/api/v1/users');
  assert.equal(r.status, 200);
  return r.body.items;
}

async function fillCreate(page, { username, name, password = 'et-langt-kodeord-42', roles = [], units = [], cost }) {
  const form = page.locator('#create-user');
  await form.getByLabel('Brugernavn').fill(username);
  await form.getByLabel('Navn', { exact: true }).fill(name);
  await form.getByLabel('Adgangskode').fill(password);
  if (cost !== undefined) await form.getByLabel('Timepris i kr.').fill(cost);
  for (const r of roles) await form.getByRole('group', { name: 'Roller' }).getByLabel(r, { exact: true }).check();
  for (const u of units) await form.getByRole('group', { name: 'Enheder' }).getByLabel(u, { exact: true }).check();
  return form;
}

const row = (page, username) => page.locator(`#users-table tbody tr[data-username="${username}"]`);

test('admin creates a user, sees it in the Danish-sorted list, and disables it', async () => {
  const page = await adminPage();
  const form = await fillCreate(page, {
    username: 'oeystein', name: 'Øystein Ågård', roles: ['Hjemmepædagog', 'Leder'],
    units: ['Børnehuset Solsikken'], cost: '425,50',
  });
  await form.getByRole('button', { name: 'Gem' }).click();
  await page.getByText('Brugeren Øystein Ågård er oprettet.').first().waitFor();
  const r = row(page, 'oeystein');
  await r.waitFor();
  assert.match(await r.textContent(), /Hjemmepædagog/);
  assert.match(await r.textContent(), /425,50/);
  // the row says how the new user signs in: the name with the municipality's code
  assert.match(await r.textContent(), /oeystein@0999/);
  const u = (await users()).find((x) => x.username === 'oeystein');
  assert.equal(u.hourly_cost_ore, 42550);
  assert.deepEqual([...u.roles].sort(), ['home_pedagogue', 'leader']);
  // Danish order: Ø and Å come after Z, Å last.
  const names = await page.locator('#users-table tbody td.name .cell-value').allTextContents();
  const sorted = [...names].sort(new Intl.Collator('da').compare);
  assert.deepEqual(names, sorted);
  assert.equal(names.at(-1), 'Øystein Ågård');
  await screenshot(page, 'admin');

  await r.getByRole('button', { name: /Deaktivér/ }).click();
  await page.getByText('Øystein Ågård er deaktiveret').first().waitFor();
  assert.match(await row(page, 'oeystein').textContent(), /Deaktiveret/);
  assert.equal((await users()).find((x) => x.username === 'oeystein').disabled, true);
  await row(page, 'oeystein').getByRole('button', { name: /Aktivér/ }).click();
  await page.getByText('Øystein Ågård er aktiveret igen.').first().waitFor();
  assert.equal((await users()).find((x) => x.username === 'oeystein').disabled, false);
  assert.deepEqual(realErrors(page), []);
  await page.context().close();
});

test('a user made without a password signs in only after the admin gives one', async () => {
  const page = await adminPage();
  const form = await fillCreate(page, { username: 'uden-kode', name: 'Ulla Udenkode', password: '', roles: ['Sundhedsplejerske'] });
  await form.getByRole('button', { name: 'Gem' }).click();
  await page.getByText('Brugeren Ulla Udenkode er oprettet.').first().waitFor();
  const u = (await users()).find((x) => x.username === 'uden-kode');
  assert.ok(u, 'created');
  // no password: nothing signs in to the account with one
  await assert.rejects(apiSession(srv, 'uden-kode@0999', ''), /login uden-kode@0999: 4/);
  await assert.rejects(apiSession(srv, 'uden-kode@0999', 'et-langt-kodeord-42'), /login uden-kode@0999: 401/);
  // a short password is stopped in the browser, next to the field
  await row(page, 'uden-kode').getByRole('button', { name: /Redigér/ }).click();
  const pw = page.locator('#user-password');
  await pw.getByLabel('Ny adgangskode').fill('for-kort');
  await pw.getByRole('button', { name: 'Giv ny adgangskode' }).click();
  await pw.locator('.form-error-message', { hasText: 'Adgangskoden skal være mindst 12 tegn' }).waitFor();
  await pw.getByLabel('Ny adgangskode').fill('ulla-faar-en-kode');
  await pw.getByRole('button', { name: 'Giv ny adgangskode' }).click();
  await page.getByText('Ulla Udenkode har fået en ny adgangskode').first().waitFor();
  assert.equal(await pw.getByLabel('Ny adgangskode').inputValue(), '', 'the field is emptied');
  const ulla = await apiSession(srv, 'uden-kode@0999', 'ulla-faar-en-kode');
  assert.equal((await ulla.get('/api/v1/me')).status, 200);
  assert.deepEqual(realErrors(page), []);
  await page.context().close();
});

// The account a first sign-in through the municipality's login made (an
// sso_identity row on a fresh account, as the sign-in writes it) joined to
// the account made without a password.
test('the municipality\'s login moves from the account a first sign-in made to the imported one', async () => {
  const sql = (q) => execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim();
  const mk = async (username, display_name) => {
    const r = await adminApi.post('/api/v1/users', { username, display_name, roles: ['home_pedagogue'] });
    assert.equal(r.status, 201);
    return r.body;
  };
  const imported = await mk('bo-import', 'Bo Importeret');
  const made = await mk('bo-sso', 'Bo Fra Login');
  sql(`INSERT INTO sso_identity (municipality_id, kind, subject, user_id, created_at, last_login_at)
       SELECT municipality_id, 'oidc', 'bo-subject', id, 0, 0 FROM app_user WHERE id = ${made.id}`);
  const page = await adminPage();
  // the account that signs in through the login has nothing to move to it
  await row(page, 'bo-sso').getByRole('button', { name: /Redigér/ }).click();
  await page.locator('#edit-user').waitFor();
  assert.equal(await page.locator('#user-sso-link').count(), 0);
  await row(page, 'bo-import').getByRole('button', { name: /Redigér/ }).click();
  const form = page.locator('#user-sso-link');
  await form.getByRole('button', { name: 'Flyt login hertil' }).click();
  await form.locator('.form-error-message', { hasText: 'Feltet skal udfyldes' }).waitFor();
  await form.getByLabel('Konto fra første login med kommunens login').selectOption({ label: 'Bo Fra Login (bo-sso@0999)' });
  await form.getByRole('button', { name: 'Flyt login hertil' }).click();
  await page.getByText('Bo Importeret logger nu ind med kommunens login.').first().waitFor();
  await row(page, 'bo-sso').and(page.locator('.is-disabled')).waitFor();
  assert.equal(sql("SELECT u.username FROM sso_identity i JOIN app_user u ON u.id = i.user_id WHERE i.subject = 'bo-subject'"), 'bo-import');
  assert.deepEqual(realErrors(page), []);
  await page.context().close();
});

test('server errors are shown next to the field they name, in Danish', async () => {
  const page = await adminPage();
  const form = await fillCreate(page, { username: 'admin', name: 'Dublet', password: 'kort' });
  await form.getByRole('button', { name: 'Gem' }).click();
  await form.locator('.error-summary:not([hidden])').waitFor();
  // The server names "roles": the message sits in that group, which is
  // described by it.
  const roles = form.getByRole('group', { name: 'Roller' });
  await roles.getByText('Vælg mindst én rolle').waitFor();
  const errId = (await roles.getAttribute('aria-describedby')).split(' ').find((id) => id.endsWith('-error'));
  assert.equal(await page.locator(`#${errId}`).textContent(), 'Vælg mindst én rolle');
  // A field-level error on an input: aria-invalid and aria-describedby.
  await roles.getByLabel('Leder', { exact: true }).check();
  await form.getByLabel('Brugernavn').fill('Ugyldigt Navn!');
  await form.getByRole('button', { name: 'Gem' }).click();
  await form.locator('.form-error-message', { hasText: /Brugernavnet skal have 3-64 tegn/ }).waitFor();
  const user = form.getByLabel('Brugernavn');
  assert.equal(await user.getAttribute('aria-invalid'), 'true');
  const uErr = (await user.getAttribute('aria-describedby')).split(' ').find((id) => id.endsWith('-error'));
  assert.match(await page.locator(`#${uErr}`).textContent(), /Brugernavnet skal have/);
  assert.equal(await roles.getAttribute('aria-describedby'), null, 'the old error is gone');
  // Hourly cost that is not an amount: stopped in the browser.
  await form.getByLabel('Timepris i kr.').fill('mange penge');
  await form.getByRole('button', { name: 'Gem' }).click();
  await form.locator('.form-error-message', { hasText: 'Skriv et beløb i kroner, fx 425,50' }).waitFor();
  await screenshot(page, 'admin-field-errors');
  await page.context().close();
});

test('a hostile display name is shown as text, never run', async () => {
  const page = await adminPage();
  const evil = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
  const form = await fillCreate(page, { username: 'ondsindet', name: evil, roles: ['Dagtilbud'] });
  await form.getByRole('button', { name: 'Gem' }).click();
  const r = row(page, 'ondsindet');
  await r.waitFor();
  assert.equal(await r.locator('td.name .cell-value').textContent(), evil);
  // Through the edit form and the status messages too.
  await r.getByRole('button', { name: /Redigér/ }).click();
  await page.locator('#edit-user').waitFor();
  assert.equal(await page.locator('#edit-user').getByLabel('Navn', { exact: true }).inputValue(), evil);
  await page.reload();
  await row(page, 'ondsindet').waitFor();
  assert.equal(await page.locator('img').count(), 0, 'no img element was created');
  assert.equal(await page.locator('main script').count(), 0);
  assert.deepEqual(page.dialogs, [], 'no alert fired');
  assert.deepEqual(realErrors(page), []);
  await page.context().close();
});

test('double-clicking Gem creates the user once', async () => {
  const page = await adminPage();
  const form = await fillCreate(page, { username: 'dobbelt', name: 'Dorte Dobbelt', roles: ['Koordinator'] });
  const before = (await users()).length;
  await form.getByRole('button', { name: 'Gem' }).dblclick();
  await row(page, 'dobbelt').waitFor();
  await page.waitForTimeout(500);
  const after = await users();
  assert.equal(after.length, before + 1);
  assert.equal(after.filter((u) => u.username === 'dobbelt').length, 1);
  // No 409 "username taken" from a second save either.
  assert.equal(await page.locator('#create-user .error-summary:not([hidden])').count(), 0);
  await page.context().close();
});

test('the same submission retried reuses its Idempotency-Key', async () => {
  const page = await adminPage();
  const keys = [];
  let dropFirst = true;
  await page.route('**/api/v1/users', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key']);
    if (dropFirst) {
      dropFirst = false;
      // The server does it, but the answer is lost on the way back.
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  const form = await fillCreate(page, { username: 'tabtsvar', name: 'Tabt Svar', roles: ['Leder'] });
  await form.getByRole('button', { name: 'Gem' }).click();
  await form.getByText('Serveren kunne ikke nås').waitFor();
  assert.equal(await form.getByLabel('Brugernavn').inputValue(), 'tabtsvar', 'input kept');
  await form.getByRole('button', { name: 'Gem' }).click();
  await row(page, 'tabtsvar').waitFor();
  assert.equal(keys.length, 2);
  assert.ok(keys[0] && keys[0] === keys[1], 'retry used the same key');
  assert.equal((await users()).filter((u) => u.username === 'tabtsvar').length, 1);
  await page.unroute('**/api/v1/users');
  await page.context().close();
});

test('a stale edit says someone else changed it and keeps the input', async () => {
  const created = await adminApi.post('/api/v1/users', {
    username: 'forsinket', display_name: 'Frida Forsinket', password: 'et-langt-kodeord-42',
    roles: ['daycare'], unit_ids: [], hourly_cost_ore: 30000, service_account: false,
  });
  assert.equal(created.status, 201);
  const page = await adminPage();
  await row(page, 'forsinket').getByRole('button', { name: /Redigér/ }).click();
  const form = page.locator('#edit-user');
  await form.waitFor();
  await form.getByLabel('Navn', { exact: true }).fill('Frida Fremme');
  await form.getByLabel('Timepris i kr.').fill('512,25');
  // Someone else changes the user meanwhile.
  const cur = await adminApi.get(`/api/v1/users/${created.body.id}`);
  const changed = await adminApi.patch(`/api/v1/users/${created.body.id}`, { display_name: 'Frida Anden' }, cur.etag);
  assert.equal(changed.status, 200);
  await form.getByRole('button', { name: 'Gem', exact: true }).click();
  await form.getByText('Nogen har ændret dette, siden du hentede det').waitFor();
  assert.equal(await form.getByLabel('Navn', { exact: true }).inputValue(), 'Frida Fremme');
  assert.equal(await form.getByLabel('Timepris i kr.').inputValue(), '512,25');
  await form.getByRole('button', { name: /Hent den nyeste version/ }).waitFor();
  const now = (await users()).find((u) => u.username === 'forsinket');
  assert.equal(now.display_name, 'Frida Anden', 'the other change stands');
  await screenshot(page, 'admin-stale-edit');
  // Starting over from the latest version, the save goes through.
  await form.getByRole('button', { name: /Hent den nyeste version/ }).click();
  await page.waitForFunction(() => document.querySelector('#edit-user input[name=display_name]')?.value === 'Frida Anden');
  await page.locator('#edit-user').getByLabel('Navn', { exact: true }).fill('Frida Fremme');
  await page.locator('#edit-user').getByRole('button', { name: 'Gem', exact: true }).click();
  await page.getByText('Ændringerne for Frida Fremme er gemt.').first().waitFor();
  await page.context().close();
});

test('keyboard only: sign in and create a unit', async () => {
  const page = await newPage(browser, srv);
  await page.goto('/');
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  const k = page.keyboard;
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return a.getAttribute('name') || a.getAttribute('href') || a.textContent.trim();
  });
  async function tabTo(target, max = 80) {
    for (let i = 0; i < max; i++) {
      if ((await focused()) === target) return;
      await k.press('Tab');
    }
    throw new Error(`Tab never reached ${target}`);
  }
  // The username field has focus on arrival.
  assert.equal(await focused(), 'username');
  await k.type('admin');
  await k.press('Tab');
  await k.type('rede-demo-2026');
  await k.press('Enter');
  await page.getByText('Log ud').waitFor();
  await tabTo('#/admin');
  await k.press('Enter');
  await page.getByRole('heading', { name: 'Opret enhed' }).waitFor();
  const unitName = page.locator('#create-unit input[name=name]');
  for (let i = 0; i < 200 && !(await unitName.evaluate((e) => e === document.activeElement)); i++) await k.press('Tab');
  await k.type('Vuggestuen Æblehaven');
  await k.press('Tab');
  assert.equal(await focused(), 'kind');
  await k.press('ArrowDown'); // daycare -> health_visiting
  await k.press('Tab');
  assert.equal(await focused(), 'Gem');
  // Visible focus: the focused button has an outline.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await k.press('Space');
  await page.locator('main').getByText('Enheden Vuggestuen Æblehaven er oprettet.').waitFor();
  const unitsRes = await adminApi.get('/api/v1/units');
  const u = (unitsRes.body.items || unitsRes.body).find((x) => x.name === 'Vuggestuen Æblehaven');
  assert.ok(u, 'unit created');
  assert.equal(u.kind, 'health_visiting');
  await page.context().close();
});

test('axe-core: no serious or critical violations on the login and admin pages', async () => {
  const page = await newPage(browser, srv, { bypassCSP: true });
  await page.goto('/');
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  assert.deepEqual(await axe(page), [], 'login page');
  await login(page, 'admin');
  assert.deepEqual(await axe(page), [], 'home page');
  await menu(page, 'Administration');
  await page.getByRole('heading', { name: 'Opret bruger' }).waitFor();
  assert.deepEqual(await axe(page), [], 'admin page');
  // With errors showing and the edit form open.
  await page.locator('#create-user').getByRole('button', { name: 'Gem' }).click();
  await page.locator('#create-user .error-summary:not([hidden])').waitFor();
  await row(page, 'koordinator').getByRole('button', { name: /Redigér/ }).click();
  await page.locator('#edit-user').waitFor();
  assert.deepEqual(await axe(page), [], 'admin page with errors and edit form');
  await page.context().close();
});

test('768 px wide: the admin page fits and works', async () => {
  const page = await adminPage({ width: 768, height: 1024, bypassCSP: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  const form = await fillCreate(page, { username: 'tablet', name: 'Tina Tablet', roles: ['Sundhedsplejerske'] });
  await form.getByRole('button', { name: 'Gem' }).click();
  await row(page, 'tablet').waitFor();
  assert.deepEqual(await axe(page), [], 'admin page at 768 px');
  await screenshot(page, 'admin-768');
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  await login(page, 'hjemmepaedagog');
  await screenshot(page, 'home-768');
  await page.context().close();
});
