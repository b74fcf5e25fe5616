// COS-P in the browser: a course whose facilitator was not trained by its
// start is refused at the field; a new course; two families tied to the
// same daycare are offered a place and accept; the planner proposes, with
// an explanation for each, to place one and not the other (never two
// families from one daycare in a group) and stores it only when asked;
// attendance is recorded on the course page. axe-core on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, axe, apiSession, menu, realErrors, dkDate } from './harness.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await srv?.stop(); });

const said = (p, text) => p.locator('main p.status', { hasText: text }).waitFor();
const pad = (n) => String(n).padStart(2, '0');
const dk = dkDate; // the Danish day (harness.mjs)
async function check(p, name) {
  await screenshot(p, name);
  assert.deepEqual(await axe(p), [], `axe on ${name}`);
}

test('a coordinator creates a course, offers two families from one daycare, and the planner keeps them apart', async () => {
  const p = await newPage(browser, srv, { bypassCSP: true });
  await login(p, 'koordinator');
  await menu(p, 'COS-P');
  await p.locator('#cosp-courses').waitFor();
  await check(p, 'cosp');

  await p.getByRole('button', { name: 'Opret hold' }).click();
  const cf = p.locator('#cosp-course-form');
  await cf.getByLabel('Holdets navn').fill('Tryghedscirklen eftermiddag, par');
  await cf.getByLabel('Tidspunkt', { exact: true }).selectOption('afternoon');
  await cf.getByLabel('Holdtype').selectOption('couples');
  await cf.getByLabel('Sofie Sundhedsplejerske (Sundhedsplejerske)').check();
  // Before Sofie was trained: refused, at the facilitator field.
  await cf.getByLabel('Start', { exact: true }).fill('05-01-2024');
  await cf.getByRole('button', { name: 'Opret hold' }).click();
  await cf.locator('fieldset.form-error[data-field=facilitator_ids]').waitFor();
  assert.match(await cf.locator('fieldset[data-field=facilitator_ids] .form-error-message').textContent(), /ikke uddannet i COS-P/);
  await cf.getByLabel('Start', { exact: true }).fill(dk(30));
  await cf.getByRole('button', { name: 'Opret hold' }).click();
  await p.waitForURL(/#\/cosp\/groups\/\d+$/);
  const courseId = Number(p.url().split('/').pop());
  await check(p, 'cosp-course-new');

  // Two families, both in Vuggestuen Mælkebøtten, wanting only this kind of group.
  const offers = [];
  for (const q of ['Testesen', 'Fiktivsen']) {
    await p.goto('/#/families');
    await p.getByLabel('Navn', { exact: true }).fill(q);
    await p.getByRole('button', { name: 'Søg' }).click();
    await p.locator('#family-results a').first().click();
    await p.getByRole('button', { name: 'Tilbyd COS-P-forløb' }).click();
    const of = p.locator('#cosp-offer-form');
    await of.getByRole('group', { name: 'Tidspunkter, familien kan' }).getByLabel('Formiddag').uncheck();
    await of.getByRole('group', { name: 'Tidspunkter, familien kan' }).getByLabel('Aften').uncheck();
    for (const ty of ['Kun mødre', 'Blandet', 'Individuelt']) await of.getByRole('group', { name: 'Holdtyper, familien vil' }).getByLabel(ty).uncheck();
    await of.getByLabel('Vuggestuen Mælkebøtten').check();
    if (offers.length === 0) await check(p, 'cosp-offer-form');
    await of.getByRole('button', { name: 'Gem tilbud' }).click();
    await p.waitForURL(/#\/cosp\/offers\/\d+$/);
    offers.push(Number(p.url().split('/').pop()));
    await p.locator('#cosp-answer').getByLabel('Familien siger ja tak').check();
    await p.locator('#cosp-answer').getByRole('button', { name: 'Gem svar' }).click();
    await said(p, 'Svaret er gemt.');
  }
  await check(p, 'cosp-offer');

  await p.goto('/#/cosp');
  await p.getByRole('button', { name: 'Foreslå fordeling' }).click();
  const result = p.locator('#plan-result');
  await result.getByRole('button', { name: 'Gem fordelingen' }).waitFor();
  // (The demo's other waiting families have their own reasons.)
  const unplaced = (await result.locator('ul.plan-list.warn li').allTextContents()).filter((x) => /samme dagtilbud \(Vuggestuen Mælkebøtten\)/.test(x));
  assert.equal(unplaced.length, 1, `one of the two cannot share the group: ${unplaced.join(' | ')}`);
  await check(p, 'cosp-plan');
  // Nothing stored yet.
  const api = await apiSession(srv, 'koordinator');
  const before1 = await Promise.all(offers.map((o) => api.get(`/api/v1/cosp/offers/${o}`)));
  assert.deepEqual(before1.map((r) => r.body.course_id), [null, null]);
  await result.getByRole('button', { name: 'Gem fordelingen' }).click();
  await said(p, 'Fordelingen er gemt');
  const after1 = await Promise.all(offers.map((o) => api.get(`/api/v1/cosp/offers/${o}`)));
  assert.deepEqual(after1.map((r) => r.body.course_id).sort(), [courseId, null].sort());
  assert.ok(after1.find((r) => r.body.course_id === courseId).body.placement_note);

  await p.goto(`/#/cosp/groups/${courseId}`);
  await p.locator('#attendance').waitFor();
  assert.equal(await p.locator('#attendance tbody tr').count(), 1);
  assert.deepEqual(realErrors(p), []);
  await p.context().close();
});

test('attendance on a course that has begun is recorded session by session', async () => {
  const p = await newPage(browser, srv, { bypassCSP: true });
  await login(p, 'sundhedsplejerske');
  await p.goto('/#/cosp/groups/1');
  await p.locator('#attendance').waitFor();
  await p.getByRole('button', { name: 'Registrér fremmøde' }).click();
  const f = p.locator('#attendance-form');
  await f.getByLabel('Mødegang').selectOption('8');
  const first = f.getByRole('checkbox').first();
  const was = await first.isChecked();
  await first.setChecked(!was);
  await f.getByRole('button', { name: 'Gem fremmøde' }).click();
  await said(p, 'Fremmødet er gemt.');
  await check(p, 'cosp-attendance');
  assert.deepEqual(realErrors(p), []);
  await p.context().close();
});
