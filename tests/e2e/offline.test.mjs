// Recording a visit without a network (issue 20) in Chromium, on the demo
// data: the home pedagogue opens her courses online, loses the network
// (context.setOffline), records three visits, reloads the page offline (the
// service worker serves the shell, the encrypted copy the data), and gets
// exactly three contacts on the server when the network is back. The
// network cut in the middle of a sync (the answer lost after the server
// stored the record) creates no duplicate; a record the server refuses is
// shown with its reason while the ones behind it are sent; what IndexedDB
// holds is not readable as plain text; sign-out wipes it; a device offline
// for longer than offline.max_days forgets its copy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, apiSession, screenshot, execFileSync, realErrors, until } from './harness.mjs';

let srv;
let browser;
let hp; // the API as the demo home pedagogue
let courses; // her two active demo courses
before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  hp = await apiSession(srv, 'hjemmepaedagog');
  courses = (await hp.get('/api/v1/caseload')).body.items.filter((c) => c.status === 'active');
  assert.ok(courses.length >= 2, 'the demo home pedagogue has two active courses');
});
after(async () => { await browser?.close(); await srv?.stop(); });

const contacts = async (id) => (await hp.get(`/api/v1/enrolments/${id}/contacts`)).body.items;
const withNote = async (id, prefix) => (await contacts(id)).filter((c) => (c.note || '').startsWith(prefix));

// Every row of every store of the offline database, as the page can read it.
async function idbRows(page) {
  return page.evaluate(async () => {
    const db = await new Promise((ok, fail) => { const r = indexedDB.open('rede-offline'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const out = {};
    for (const name of db.objectStoreNames) {
      out[name] = await new Promise((ok) => { const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => ok(r.result); });
    }
    db.close();
    // every value as text: buffers decoded as UTF-8 and as Latin-1, the rest as JSON
    const dec = (u8) => new TextDecoder('utf-8').decode(u8) + new TextDecoder('windows-1252').decode(u8);
    const flat = (v) => (v instanceof ArrayBuffer ? dec(new Uint8Array(v))
      : ArrayBuffer.isView(v) ? dec(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
        : v && typeof v === 'object' ? Object.values(v).map(flat).join(' ') : String(v));
    const counts = Object.fromEntries(Object.entries(out).map(([k, rows]) => [k, rows.length]));
    return { counts, text: Object.values(out).flat().map(flat).join('\n') };
  });
}

async function openCourseOnline(page, id) {
  await page.goto('/#/caseload');
  await page.locator('#caseload').waitFor();
  await page.goto(`/#/courses/${id}`);
  await page.locator('#visit-form').waitFor();
}

// The copy of a course is on the device (primed after sign-in or kept when
// the page was opened).
async function cached(page, id) {
  const want = ['/api/v1/caseload', `/api/v1/enrolments/${id}`, `/api/v1/enrolments/${id}/contacts`];
  await until(`course ${id} on the device`, async () => {
    const paths = await page.evaluate(async () => {
      const db = await new Promise((ok) => { const r = indexedDB.open('rede-offline'); r.onsuccess = () => ok(r.result); });
      const keys = await new Promise((ok) => { const r = db.transaction('data').objectStore('data').getAllKeys(); r.onsuccess = () => ok(r.result); });
      db.close();
      return keys.map(([, path]) => path);
    });
    return want.every((w) => paths.includes(w));
  });
}

async function recordVisit(page, minutes, note) {
  const f = page.locator('#visit-form');
  await f.getByLabel('Minutter').fill(String(minutes));
  await f.getByLabel('Notat').fill(note);
  await f.getByRole('button', { name: 'Gem besøg' }).click();
  await page.locator('main p.status', { hasText: 'Gemt på enheden' }).waitFor();
  await page.locator('#visit-form').waitFor();
}

test('three visits recorded offline, the page reloaded offline, then exactly three contacts on the server', async () => {
  const page = await newPage(browser, srv);
  const ctx = page.context();
  const [course] = courses;
  await login(page, 'hjemmepaedagog');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await until('the service worker in control', () => page.evaluate(() => !!navigator.serviceWorker.controller));
  await openCourseOnline(page, course.id);
  await cached(page, course.id);
  const before = (await contacts(course.id)).length;

  await ctx.setOffline(true);
  for (const n of [1, 2, 3]) await recordVisit(page, 30 + n, `Uden net ${n}: aftenrutine`);
  await page.locator('#offline-note').waitFor();
  await page.locator('#outbox-note', { hasText: '3 registreringer venter' }).waitFor();
  assert.equal((await contacts(course.id)).length, before, 'nothing reached the server while offline');

  // reload without a network: the shell from the service worker, the data from the encrypted copy
  await page.reload();
  await page.getByRole('heading', { level: 1, name: new RegExp(course.family_name) }).waitFor();
  await page.locator('#visit-form').waitFor();
  await page.locator('#outbox-note', { hasText: '3 registreringer venter' }).waitFor();
  await screenshot(page, 'offline-course');
  await page.goto('/#/outbox');
  await page.locator('.outbox-entry').nth(2).waitFor();
  assert.deepEqual(await page.locator('.outbox-entry .badge').allTextContents(), ['Venter', 'Venter', 'Venter']);
  await screenshot(page, 'offline-outbox');

  // the network is back: the "online" event sends the outbox, in order
  await ctx.setOffline(false);
  await until('three sent', async () => (await page.locator('.outbox-entry .badge', { hasText: 'Sendt' }).count()) === 3);
  const sent = await withNote(course.id, 'Uden net');
  assert.equal(sent.length, 3, JSON.stringify(sent));
  assert.equal((await contacts(course.id)).length, before + 3);
  // in the order they were made, each with its client time before its arrival
  const byId = [...sent].sort((a, b) => a.id - b.id);
  assert.deepEqual(byId.map((c) => c.minutes), [31, 32, 33]);
  for (const c of sent) {
    assert.ok(c.recorded_at, 'the client time came along');
    assert.ok(Date.parse(c.recorded_at) <= Date.parse(c.arrived_at) + 1000);
  }
  assert.deepEqual(realErrors(page), []);
  await ctx.close();
});

test('the copy on the device is not readable as plain text, and its key cannot be exported', async () => {
  const page = await newPage(browser, srv);
  const ctx = page.context();
  const [course] = courses;
  await login(page, 'hjemmepaedagog');
  await openCourseOnline(page, course.id);
  await cached(page, course.id);
  const full = (await hp.get(`/api/v1/enrolments/${course.id}`)).body;
  await ctx.setOffline(true);
  await recordVisit(page, 44, 'Fortroligt notat om søvnen');
  const { counts, text } = await idbRows(page);
  assert.ok(counts.data >= 3 && counts.outbox === 1 && counts.keys === 1, JSON.stringify(counts));
  const secrets = [course.family_name, full.family_name, ...full.goals.map((g) => g.text), 'Fortroligt notat', 'søvnen',
    ...full.staff.map((s) => s.display_name)].filter(Boolean);
  assert.ok(secrets.length >= 4);
  for (const s of secrets) assert.ok(!text.includes(s), `"${s}" is readable in IndexedDB`);
  // while the page itself reads them fine (offline, from the copy)
  await page.reload();
  await page.getByRole('heading', { level: 1, name: new RegExp(course.family_name) }).waitFor();
  const exported = await page.evaluate(async () => {
    const db = await new Promise((ok) => { const r = indexedDB.open('rede-offline'); r.onsuccess = () => ok(r.result); });
    const [row] = await new Promise((ok) => { const r = db.transaction('keys').objectStore('keys').getAll(); r.onsuccess = () => ok(r.result); });
    db.close();
    try { await crypto.subtle.exportKey('raw', row.key); return 'exported'; } catch (e) { return `${e.name}: ${row.key.extractable}`; }
  });
  assert.match(exported, /^InvalidAccessError: false$/);
  // sign-out asks first (a record is unsent), then wipes everything
  await ctx.setOffline(false);
  await until('sent', async () => (await withNote(course.id, 'Fortroligt notat')).length === 1);
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  const after = await idbRows(page);
  assert.deepEqual(after.counts, { data: 0, keys: 0, meta: 0, outbox: 0 });
  await ctx.close();
});

test('sign-out with unsent records asks first; cancelling keeps them', async () => {
  const page = await newPage(browser, srv);
  const ctx = page.context();
  const [, course] = courses;
  await login(page, 'hjemmepaedagog');
  await openCourseOnline(page, course.id);
  await cached(page, course.id);
  await ctx.setOffline(true);
  await recordVisit(page, 15, 'Venter på net');
  await page.getByRole('button', { name: 'Log ud' }).click();
  const dlg = page.getByRole('dialog', { name: 'Registreringer er ikke sendt' });
  await dlg.waitFor();
  await dlg.getByRole('button', { name: 'Annullér' }).click();
  assert.equal((await idbRows(page)).counts.outbox, 1);
  await page.getByRole('button', { name: 'Log ud' }).click();
  await dlg.getByRole('button', { name: 'Log ud og slet dem' }).click();
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  assert.deepEqual((await idbRows(page)).counts, { data: 0, keys: 0, meta: 0, outbox: 0 });
  await ctx.setOffline(false);
  assert.equal((await withNote(course.id, 'Venter på net')).length, 0);
  await ctx.close();
});

test('the network cut in the middle of a sync: nothing twice after it resumes', async () => {
  // API requests intercepted by the test: no service worker in between here
  const ctx = await browser.newContext({ baseURL: srv.url, locale: 'da-DK', serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  const [course] = courses;
  await login(page, 'hjemmepaedagog');
  await openCourseOnline(page, course.id);
  await cached(page, course.id);
  await ctx.setOffline(true);
  for (const n of [1, 2, 3]) await recordVisit(page, 50 + n, `Afbrudt ${n}`);
  // the second record reaches the server, but its answer is lost
  let posts = 0;
  await page.route('**/api/v1/enrolments/*/contacts', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    posts++;
    if (posts === 2) {
      await route.fetch();
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  await ctx.setOffline(false);
  await until('the first sent, the run stopped', async () => posts === 2 && (await withNote(course.id, 'Afbrudt')).length === 2);
  await page.goto('/#/outbox');
  await page.locator('.outbox-entry').nth(2).waitFor();
  await until('two still waiting', async () => (await page.locator('.outbox-entry .badge', { hasText: 'Venter' }).count()) === 2);
  await page.unroute('**/api/v1/enrolments/*/contacts');
  await page.locator('#outbox-sync').click();
  await until('all sent', async () => (await page.locator('.outbox-entry .badge', { hasText: 'Sendt' }).count()) === 3);
  const got = await withNote(course.id, 'Afbrudt');
  assert.deepEqual(got.map((c) => c.note).sort(), ['Afbrudt 1', 'Afbrudt 2', 'Afbrudt 3']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a refused record is shown with its reason, the ones behind it are sent, and it can be sent again', async () => {
  const page = await newPage(browser, srv);
  const ctx = page.context();
  const [a, b] = courses;
  await login(page, 'hjemmepaedagog');
  await openCourseOnline(page, a.id);
  await cached(page, a.id);
  await openCourseOnline(page, b.id);
  await cached(page, b.id);
  await ctx.setOffline(true);
  await page.goto(`/#/courses/${a.id}`);
  await page.locator('#visit-form').waitFor();
  await recordVisit(page, 61, 'Afvist først');
  await page.goto(`/#/courses/${b.id}`);
  await page.locator('#visit-form').waitFor();
  await recordVisit(page, 62, 'Bagved 1');
  await recordVisit(page, 63, 'Bagved 2');
  // meanwhile the coordinator's side changes course A (its ETag moves on)
  const cur = await hp.get(`/api/v1/enrolments/${a.id}`);
  const changed = await apiSession(srv, 'hjemmepaedagog').then((s) => s.post(`/api/v1/enrolments/${a.id}/hours`,
    { from_date: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(new Date()), minutes_per_week: cur.body.minutes_per_week + 30 }));
  assert.equal(changed.status, 201, JSON.stringify(changed.body));
  await ctx.setOffline(false);
  await page.goto('/#/outbox');
  await until('one refused, two sent', async () =>
    (await page.locator('.outbox-entry .badge', { hasText: 'Afvist' }).count()) === 1
    && (await page.locator('.outbox-entry .badge', { hasText: 'Sendt' }).count()) === 2);
  const refused = page.locator('.outbox-entry[data-state=refused]');
  await refused.locator('.outbox-reason', { hasText: 'Nogen har ændret dette' }).waitFor();
  await screenshot(page, 'offline-refused');
  assert.equal((await withNote(b.id, 'Bagved')).length, 2);
  assert.equal((await withNote(a.id, 'Afvist først')).length, 0);
  // the user accepts the course as it is now and sends it again
  await refused.getByRole('button', { name: 'Send igen mod de nyeste oplysninger' }).click();
  await until('the refused one sent', async () => (await withNote(a.id, 'Afvist først')).length === 1);
  assert.equal((await withNote(b.id, 'Bagved')).length, 2);
  assert.deepEqual(realErrors(page), []);
  await ctx.close();
});

test('a device offline for longer than offline.max_days forgets its copy', async () => {
  const page = await newPage(browser, srv);
  const ctx = page.context();
  const [course] = courses;
  await login(page, 'hjemmepaedagog');
  await openCourseOnline(page, course.id);
  await cached(page, course.id);
  await ctx.setOffline(true);
  // the last contact with the server lies 8 days back (the demo allows 7)
  await page.evaluate(async () => {
    const db = await new Promise((ok) => { const r = indexedDB.open('rede-offline'); r.onsuccess = () => ok(r.result); });
    const t = db.transaction('meta', 'readwrite');
    const s = t.objectStore('meta');
    const rows = await new Promise((ok) => { const r = s.getAll(); r.onsuccess = () => ok(r.result); });
    for (const row of rows) if (row.user !== 'device') s.put({ ...row, last_contact: Date.now() - 8 * 86400000 });
    await new Promise((ok) => { t.oncomplete = ok; });
    db.close();
  });
  await page.reload();
  await page.getByText('uden forbindelse til Rede i for mange dage').waitFor();
  const { counts } = await idbRows(page);
  assert.equal(counts.data, 0);
  assert.equal(counts.keys, 0);
  await ctx.close();
});

test('the service worker keeps every module of the app shell', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { ROOT } = await import('./harness.mjs');
  const sw = readFileSync(join(ROOT, 'web/sw.js'), 'utf8');
  const missing = readdirSync(join(ROOT, 'web/js')).filter((f) => f.endsWith('.js') && !sw.includes(`'/js/${f}'`));
  assert.deepEqual(missing, [], 'add them to SHELL in web/sw.js (and bump VERSION)');
});

test('an expired session keeps the outbox for the same user; another user on the device never sends it', async () => {
  const { dirname, resolve } = await import('node:path');
  const { ROOT } = await import('./harness.mjs');
  const bin = resolve(ROOT, process.env.REDE_BIN || 'build/asan/rede');
  const code = execFileSync('sqlite3', [srv.db, "SELECT m.code FROM municipality m JOIN app_user u ON u.municipality_id = m.id WHERE u.username = 'hjemmepaedagog'"]).toString().trim();
  execFileSync(bin, ['user', 'add', '--username', 'hp-to', '--role', 'home_pedagogue', '--municipality', code, '--db', srv.db],
    { cwd: dirname(srv.db), input: 'rede-demo-2026\n' });
  const page = await newPage(browser, srv);
  const ctx = page.context();
  const [course] = courses;
  await login(page, 'hjemmepaedagog');
  await openCourseOnline(page, course.id);
  await cached(page, course.id);
  await ctx.setOffline(true);
  await recordVisit(page, 25, 'Hannes egen registrering');
  // the session ends while the tablet is offline (here: its cookie is gone)
  await ctx.clearCookies();
  await ctx.setOffline(false);
  await page.reload();
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  assert.equal((await idbRows(page)).counts.outbox, 1, 'the outbox survives the expired session');
  // someone else signs in on the same tablet: nothing of Hanne's is sent
  await page.getByLabel('Brugernavn').fill('hp-to');
  await page.getByLabel('Adgangskode').fill('rede-demo-2026');
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await page.getByText('Log ud').waitFor();
  await page.goto('/#/outbox');
  await page.getByText('Udbakken er tom').waitFor();
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await withNote(course.id, 'Hannes egen')).length, 0);
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  assert.equal((await idbRows(page)).counts.outbox, 1, 'the other user\'s sign-out leaves Hanne\'s outbox');
  // Hanne signs in again: her record is sent, once
  await page.getByLabel('Brugernavn').fill('hjemmepaedagog');
  await page.getByLabel('Adgangskode').fill('rede-demo-2026');
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await page.getByText('Log ud').waitFor();
  await until('sent after the same user signed in', async () => (await withNote(course.id, 'Hannes egen')).length === 1);
  assert.deepEqual(realErrors(page), []);
  await ctx.close();
});

test('a browser whose user has been disabled erases what it holds of them', async () => {
  const { dirname, resolve } = await import('node:path');
  const { ROOT } = await import('./harness.mjs');
  const bin = resolve(ROOT, process.env.REDE_BIN || 'build/asan/rede');
  const code = execFileSync('sqlite3', [srv.db, "SELECT m.code FROM municipality m JOIN app_user u ON u.municipality_id = m.id WHERE u.username = 'hjemmepaedagog'"]).toString().trim();
  execFileSync(bin, ['user', 'add', '--username', 'hp-ophoert', '--role', 'home_pedagogue', '--municipality', code, '--db', srv.db],
    { cwd: dirname(srv.db), input: 'rede-demo-2026\n' });
  const page = await newPage(browser, srv);
  await login(page, 'hp-ophoert');
  await until('a key and a copy of the session', async () => {
    const { counts } = await idbRows(page);
    return counts.keys === 1 && counts.data >= 1;
  });
  execFileSync(bin, ['user', 'disable', '--username', 'hp-ophoert', '--db', srv.db], { cwd: dirname(srv.db) });
  await page.reload();
  await page.getByRole('heading', { name: 'Log ind', exact: true }).waitFor();
  await until('the device forgot the user', async () => {
    const { counts } = await idbRows(page);
    return counts.keys === 0 && counts.data === 0 && counts.meta === 0;
  });
  await page.context().close();
});

test('a health visitor records a 1½-/3-year visit offline; it reaches the server with its client time', async () => {
  const hv = await apiSession(srv, 'sundhedsplejerske');
  const offer = (await hv.get('/api/v1/health-visits/offers?mine=1')).body.items.find((o) => o.status === 'accepted');
  assert.ok(offer, 'the demo health visitor has an accepted offer');
  const page = await newPage(browser, srv);
  const ctx = page.context();
  await login(page, 'sundhedsplejerske');
  await page.goto(`/#/health-visits/offers/${offer.id}`);
  await page.locator('#hv-visit-form').waitFor();
  const group = offer.programme === 'visit_3y' ? '3y' : '1_5y';
  await until('the offer on the device', async () => {
    const paths = await page.evaluate(async () => {
      const db = await new Promise((ok) => { const r = indexedDB.open('rede-offline'); r.onsuccess = () => ok(r.result); });
      const keys = await new Promise((ok) => { const r = db.transaction('data').objectStore('data').getAllKeys(); r.onsuccess = () => ok(r.result); });
      db.close();
      return keys.map(([, p]) => p);
    });
    return paths.includes(`/api/v1/health-visits/offers/${offer.id}`) && paths.includes(`/api/v1/materials?age_group=${group}`);
  });
  await ctx.setOffline(true);
  await page.reload();
  const f = page.locator('#hv-visit-form');
  await f.waitFor();
  await f.getByRole('checkbox', { name: 'Søvn' }).check();
  await f.getByLabel('Notat').fill('Besøg uden net');
  await f.getByRole('button', { name: 'Gem besøg' }).click();
  await page.locator('main p.status', { hasText: 'Gemt på enheden' }).waitFor();
  assert.equal((await hv.get(`/api/v1/health-visits/offers/${offer.id}`)).body.status, 'accepted');
  await ctx.setOffline(false);
  await until('the visit on the server', async () => (await hv.get(`/api/v1/health-visits/offers/${offer.id}`)).body.status === 'visited');
  const visited = (await hv.get(`/api/v1/health-visits/offers/${offer.id}`)).body;
  assert.equal(visited.visit?.note, 'Besøg uden net');
  const [rec, arrived] = execFileSync('sqlite3', [srv.db, `SELECT recorded_at, created_at FROM hv_visit WHERE offer_id = ${offer.id}`])
    .toString().trim().split('|').map(Number);
  assert.ok(rec > 0 && rec <= arrived, `recorded_at ${rec}, arrived ${arrived}`);
  assert.deepEqual(realErrors(page), []);
  await ctx.close();
});
