// Disabling a lost tablet (issue 20 item 2) in Chromium, on the demo data:
// the home pedagogue's tablet holds an encrypted copy of her courses and a
// visit recorded offline; the administrator finds the tablet among her
// devices on the administration page and disables it; when the tablet
// reaches the server again it is refused as a disabled device and erases
// its IndexedDB (copy, outbox and key) and shows the sign-in page saying
// why - the visit never reaches the server, and the user's other device
// goes on working. A user disabled while signed in is erased the same way
// at the next request, without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { startServer, launchBrowser, newPage, login, menu, apiSession, axe, ROOT, execFileSync, until } from './harness.mjs';

let srv;
let browser;
let hp; // the API as the demo home pedagogue: her other device
before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  hp = await apiSession(srv, 'hjemmepaedagog');
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function idbCounts(page) {
  return page.evaluate(async () => {
    const db = await new Promise((ok, fail) => { const r = indexedDB.open('rede-offline'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const out = {};
    for (const name of db.objectStoreNames) {
      out[name] = await new Promise((ok) => { const r = db.transaction(name).objectStore(name).count(); r.onsuccess = () => ok(r.result); });
    }
    db.close();
    return out;
  });
}

test('an admin disables the lost tablet: it erases its copy and outbox, the other device goes on', async () => {
  const course = (await hp.get('/api/v1/caseload')).body.items.find((c) => c.status === 'active');
  const tablet = await newPage(browser, srv);
  const tctx = tablet.context();
  await login(tablet, 'hjemmepaedagog');
  await tablet.goto(`/#/courses/${course.id}`);
  await tablet.locator('#visit-form').waitFor();
  await until('the course on the device', async () => (await idbCounts(tablet)).data >= 3);
  await tctx.setOffline(true);
  const f = tablet.locator('#visit-form');
  await f.getByLabel('Minutter').fill('30');
  await f.getByLabel('Notat').fill('Spærret tablet');
  await f.getByRole('button', { name: 'Gem besøg' }).click();
  await tablet.locator('main p.status', { hasText: 'Gemt på enheden' }).waitFor();
  let counts = await idbCounts(tablet);
  assert.equal(counts.outbox, 1);
  assert.equal(counts.keys, 1);

  // the administrator, in her own browser
  const admin = await newPage(browser, srv, { bypassCSP: true });
  await login(admin, 'admin');
  await menu(admin, 'Administration');
  const row = admin.locator('tr[data-username="hjemmepaedagog"]');
  await row.getByRole('button', { name: /Redigér/ }).click();
  const devices = admin.locator('#user-devices');
  await devices.getByRole('heading', { name: /Brugerens enheder/ }).waitFor();
  // the tablet is the Chromium one (the other device is node's fetch)
  const tabletRow = devices.locator('tbody tr', { hasText: 'HeadlessChrome' });
  await tabletRow.waitFor();
  assert.equal(await devices.locator('tbody tr').count(), 2, 'two devices: the tablet and the other one');
  await tabletRow.getByRole('button', { name: /Spær enheden/ }).click();
  await devices.locator('p.status', { hasText: 'Enheden er spærret' }).waitFor();
  await tabletRow.getByText(/^Spærret /).waitFor();
  assert.equal(await tabletRow.getByRole('button', { name: /Spær enheden/ }).count(), 0);
  assert.deepEqual(await axe(admin), [], 'the user form with its devices');
  await admin.context().close();

  // the tablet comes back online: its sync is refused, it forgets everything
  await tctx.setOffline(false);
  await tablet.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  await tablet.getByText('En administrator har spærret denne enhed').waitFor();
  await until('the tablet forgot everything', async () => {
    counts = await idbCounts(tablet);
    return counts.keys === 0 && counts.data === 0 && counts.outbox === 0 && counts.meta === 0;
  });
  const notes = (await hp.get(`/api/v1/enrolments/${course.id}/contacts`)).body.items.map((c) => c.note);
  assert.ok(!notes.includes('Spærret tablet'), 'nothing from the disabled tablet was received');
  // it cannot sign in again; the user's other device still works
  await tablet.getByLabel('Brugernavn').fill('hjemmepaedagog');
  await tablet.getByLabel('Adgangskode').fill('rede-demo-2026');
  const [answer] = await Promise.all([
    tablet.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
    tablet.getByRole('button', { name: 'Log ind', exact: true }).click()]);
  assert.equal(answer.status(), 403);
  assert.equal((await answer.json()).code, 'device_disabled');
  await tablet.getByText('En administrator har spærret denne enhed').waitFor();
  assert.equal(await tablet.getByText('Log ud').isVisible(), false);
  assert.equal((await idbCounts(tablet)).keys, 0);
  assert.equal((await hp.get('/api/v1/caseload')).status, 200);
  await tctx.close();
});

test('a user disabled while signed in is erased at the next request, without a reload', async () => {
  const bin = resolve(ROOT, process.env.REDE_BIN || 'build/asan/rede');
  const code = execFileSync('sqlite3', [srv.db, "SELECT m.code FROM municipality m JOIN app_user u ON u.municipality_id = m.id WHERE u.username = 'hjemmepaedagog'"]).toString().trim();
  execFileSync(bin, ['user', 'add', '--username', 'hp-stoppet', '--role', 'home_pedagogue', '--municipality', code, '--db', srv.db],
    { cwd: dirname(srv.db), input: 'rede-demo-2026\n' });
  const page = await newPage(browser, srv);
  await login(page, 'hp-stoppet');
  await until('a key and a copy of the session', async () => {
    const c = await idbCounts(page);
    return c.keys === 1 && c.data >= 1;
  });
  execFileSync(bin, ['user', 'disable', '--username', 'hp-stoppet', '--db', srv.db], { cwd: dirname(srv.db) });
  await page.goto('/#/caseload');
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  await page.getByText('Din bruger er deaktiveret').first().waitFor();
  await until('the device forgot the user', async () => {
    const c = await idbCounts(page);
    return c.keys === 0 && c.data === 0 && c.meta === 0;
  });
  await page.context().close();
});
