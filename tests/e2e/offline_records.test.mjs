// COS-P attendance and a daycare's daily score recorded without a network
// (issue 20 item 3) in Chromium, on the demo data: after sign-in the app
// keeps an encrypted copy of the COS-P groups the user runs and of the
// daycare's "Mit dagtilbud" page (children of today, shared handovers)
// without the user opening them; offline, the page reloads from the device
// (shell and data), the record goes to the outbox, nothing reaches the
// server until the network is back, and then the record arrives once with
// its client time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, apiSession, execFileSync, realErrors, until } from './harness.mjs';

let srv;
let browser;
before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await srv?.stop(); });

const sql = (q) => execFileSync('sqlite3', [srv.db, q]).toString().trim();

// The paths the device keeps a copy of.
async function cachedPaths(page) {
  return page.evaluate(async () => {
    const db = await new Promise((ok) => { const r = indexedDB.open('rede-offline'); r.onsuccess = () => ok(r.result); });
    const keys = await new Promise((ok) => { const r = db.transaction('data').objectStore('data').getAllKeys(); r.onsuccess = () => ok(r.result); });
    db.close();
    return keys.map(([, p]) => p);
  });
}

test('COS-P attendance recorded offline on the group page kept on the device', async () => {
  const hv = await apiSession(srv, 'sundhedsplejerske');
  const me = (await hv.get('/api/v1/me')).body;
  const cph = (ms) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(new Date(ms));
  const yesterday = cph(Date.now() - 86400000);
  // the demo group she runs ended weeks ago: its last session moved to
  // yesterday makes it one whose attendance is still being recorded
  let group = (await hv.get('/api/v1/groups')).body.items
    .find((g) => g.facilitator_ids.includes(me.id) && !g.cancelled_on && g.end_on < yesterday && g.taken > 0);
  assert.ok(group, 'the demo health visitor runs a COS-P group with members');
  const { etag } = await hv.get(`/api/v1/groups/${group.id}`);
  const moved = await hv.patch(`/api/v1/groups/${group.id}/sessions/${group.sessions.length}`, { held_on: yesterday }, etag || '*');
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  group = moved.body;
  assert.equal(group.end_on, yesterday);
  const page = await newPage(browser, srv);
  const ctx = page.context();
  await login(page, 'sundhedsplejerske');
  // primed after sign-in: the group page was never opened
  await until('the group on the device', async () => (await cachedPaths(page)).includes(`/api/v1/groups/${group.id}`));
  const paths = await cachedPaths(page);
  assert.ok(!paths.includes('/api/v1/cosp/offers'), 'the families\' offers of everyone are not kept');
  await ctx.setOffline(true);
  await page.goto(`/#/cosp/groups/${group.id}`);
  await page.reload();
  await page.locator('#attendance').waitFor();
  await page.locator('#offline-note').waitFor();
  await page.getByRole('button', { name: 'Registrér fremmøde' }).click();
  const f = page.locator('#attendance-form');
  const session = Number(await f.getByLabel('Mødegang').inputValue());
  const first = f.getByRole('checkbox').first();
  const was = await first.isChecked();
  await first.setChecked(!was);
  const count = () => Number(sql(`SELECT count(*) FROM cosp_attendance a JOIN cosp_session s ON s.id = a.session_id WHERE s.course_id = ${group.id} AND s.number = ${session} AND a.recorded_at IS NOT NULL`));
  const before = count();
  await f.getByRole('button', { name: 'Gem fremmøde' }).click();
  await page.locator('main p.status', { hasText: 'Gemt på enheden' }).waitFor();
  assert.equal(count(), before, 'nothing reaches the server offline');
  await ctx.setOffline(false);
  await until('the attendance on the server', async () => count() > before);
  const g = (await hv.get(`/api/v1/groups/${group.id}`)).body;
  const attended = g.members.filter((m) => !m.dropout_on)
    .map((m) => m.attendance?.sessions?.find((x) => x.session === session)?.attended ?? false);
  assert.ok(attended.length > 0);
  assert.equal(attended[0], !was, 'the changed box arrived');
  assert.deepEqual(realErrors(page), []);
  await ctx.close();
});

test('a daily score recorded offline on the daycare\'s "Mit dagtilbud" page kept on the device', async () => {
  const dc = await apiSession(srv, 'dagtilbud');
  const children = (await dc.get('/api/v1/daycare/children')).body.items;
  const child = children.find((c) => c.goals.some((g) => !g.today));
  assert.ok(child, 'the demo daycare has a child with a goal not scored today');
  const goal = child.goals.find((g) => !g.today);
  const page = await newPage(browser, srv);
  const ctx = page.context();
  await login(page, 'dagtilbud');
  await until('the daycare page on the device', async () => {
    const p = await cachedPaths(page);
    return p.includes('/api/v1/daycare/children') && p.includes('/api/v1/daycare/handovers');
  });
  await ctx.setOffline(true);
  await page.goto('/#/daycare');
  await page.reload();
  const box = page.locator(`.score-form[data-goal="${goal.id}"]`);
  await box.waitFor();
  await page.locator('#offline-note').waitFor();
  await box.getByLabel('2 – Lidt').check();
  await box.getByRole('button', { name: /^Gem/ }).click();
  await page.locator('main p.status', { hasText: 'Gemt på enheden' }).waitFor();
  // a record made offline carries its client time (recorded_at)
  const scored = () => sql(`SELECT score FROM daycare_score WHERE goal_id = ${goal.id} AND recorded_at IS NOT NULL`);
  assert.equal(scored(), '', 'nothing reaches the server offline');
  await ctx.setOffline(false);
  await until('the score on the server', async () => scored() !== '');
  assert.equal(scored(), '2', 'one score, with its client time');
  assert.deepEqual(realErrors(page), []);
  await ctx.close();
});

test('the health visitor\'s copy holds the visits due in the coming days, not later ones', async () => {
  const hv = await apiSession(srv, 'sundhedsplejerske');
  const accepted = (await hv.get('/api/v1/health-visits/offers?mine=1')).body.items.filter((o) => o.status === 'accepted');
  assert.ok(accepted.length >= 2, 'the demo health visitor has two accepted offers');
  const [soon, later] = accepted;
  // the second child is 40 days younger: its visit window opens beyond
  // offline.max_days (7) from today
  sql(`UPDATE person SET birth_date = date(birth_date, '+40 days') WHERE id = ${later.child_id}`);
  const moved = (await hv.get(`/api/v1/health-visits/offers/${later.id}`)).body;
  const cph = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(new Date(Date.now() + 7 * 86400000));
  assert.ok(moved.window_from > cph, `window ${moved.window_from}`);
  assert.ok(soon.window_from <= cph);
  const page = await newPage(browser, srv);
  await login(page, 'sundhedsplejerske');
  // priming fetches the due offers one by one, then their catalogues
  const group = soon.programme === 'visit_3y' ? '3y' : '1_5y';
  await until('the due visit and its catalogue on the device', async () => {
    const p = await cachedPaths(page);
    return p.includes(`/api/v1/health-visits/offers/${soon.id}`) && p.includes(`/api/v1/materials?age_group=${group}`);
  });
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(!(await cachedPaths(page)).includes(`/api/v1/health-visits/offers/${later.id}`), 'a visit due later is not kept');
  await page.context().close();
});

test('the app asks the browser to keep its storage, and says so when the browser refuses', async () => {
  for (const grant of [false, true]) {
    const page = await newPage(browser, srv);
    await page.context().addInitScript((g) => {
      window.persistAsked = 0;
      navigator.storage.persisted = async () => false;
      navigator.storage.persist = async () => { window.persistAsked++; return g; };
    }, grant);
    await login(page, 'hjemmepaedagog');
    await until('persistence asked for', () => page.evaluate(() => window.persistAsked > 0));
    const note = page.locator('#persist-note');
    if (!grant) {
      await note.waitFor();
      assert.match(await note.textContent(), /ikke givet varig lagerplads/);
    } else {
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await note.count(), 0);
    }
    await page.context().close();
  }
});
