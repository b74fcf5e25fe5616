// sparring.test.mjs - faglig sparring in the browser (issue 23): a home
// pedagogue records a session right after a meeting (today, an hour and
// herself filled in; a course discussed with a short note), is told when
// no participant is left, sees it in her list and records her own
// training; the leader's overview shows her hours against the target, the
// chart and the training coverage, for this and an earlier month. axe-core
// on each page, at 1 280 px and a phone's 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, axe, menu, realErrors } from './harness.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await srv?.stop(); });

async function check(p, name) {
  await screenshot(p, name);
  assert.deepEqual(await axe(p), [], `axe on ${name}`);
}

for (const width of [1280, 390]) {
  test(`a home pedagogue records sparring after a meeting (${width} px)`, async () => {
    const p = await newPage(browser, srv, { width, height: 900, bypassCSP: true });
    await login(p, 'hjemmepaedagog');
    await menu(p, 'Faglig sparring');
    const f = p.locator('#sparring-form');
    await f.waitFor();
    await p.locator('#sparring-sessions').waitFor();
    const before = await p.locator('#sparring-sessions tbody tr').count();
    await check(p, `sparring-${width}`);

    // nobody left to take part: refused before anything is sent
    await f.getByLabel('Hanne Hjemmepædagog (dig)').uncheck();
    await f.getByRole('button', { name: 'Registrér sparring' }).click();
    await f.locator('.error-summary', { hasText: 'Vælg mindst én deltager' }).waitFor();
    await f.getByLabel('Hanne Hjemmepædagog (dig)').check();

    // today and an hour are filled in; a group session with a colleague,
    // a theme, and a course discussed with a note
    await f.getByLabel('Varighed i minutter').fill('45');
    await f.getByLabel('Gruppesparring').check();
    await f.getByLabel('Sofie Sundhedsplejerske').check();
    await f.getByLabel('Metode og redskaber').check();
    const firstCase = f.locator('input[name=case_ids]').first();
    await firstCase.check();
    const caseId = await firstCase.getAttribute('value');
    await f.locator(`input[name=case_note_${caseId}]`).fill('Målet står stille; ny aftale om rutiner');
    await f.getByRole('button', { name: 'Registrér sparring' }).click();
    await p.locator('main p.status', { hasText: 'Sparringen er registreret.' }).waitFor();
    await p.waitForFunction((n) => document.querySelectorAll('#sparring-sessions tbody tr').length === n + 1, before);
    const row = p.locator('#sparring-sessions tbody tr').first();
    assert.match(await row.textContent(), /Gruppesparring/);
    assert.match(await row.textContent(), /0,8 t\./);
    assert.match(await row.textContent(), /Sofie Sundhedsplejerske/);

    // her own training, with the refresher date the setting gives
    if (width === 1280) {
      await p.getByRole('button', { name: 'Registrér uddannelse' }).click();
      const tf = p.locator('#training-form');
      await tf.getByLabel('Type').selectOption('icdp');
      await tf.getByLabel('Uddannelsens navn').fill('ICDP opfølgning');
      await tf.getByLabel('Startdato').fill('02-03-2026');
      await tf.getByLabel('Slutdato').fill('03-03-2026');
      await tf.getByLabel('Timer', { exact: true }).fill('14');
      await tf.getByLabel('Ja', { exact: true }).check(); // not the date pickers' "… januar …"
      await tf.getByRole('button', { name: 'Gem' }).click();
      await p.locator('main p.status', { hasText: 'Uddannelsen er registreret.' }).waitFor();
      const tr = p.locator('#training-mine tbody tr', { hasText: 'ICDP opfølgning' });
      await tr.waitFor();
      assert.match(await tr.textContent(), /03-03-2028/); // 24 months after the last day
    }
    await check(p, `sparring-saved-${width}`);
    assert.deepEqual(realErrors(p), []);
    await p.context().close();
  });
}

test("the leader's overview: hours against the target, the chart, training coverage", async () => {
  const p = await newPage(browser, srv, { bypassCSP: true });
  await login(p, 'leder');
  await menu(p, 'Sparringsoverblik');
  await p.locator('#sparring-overview').waitFor();
  const hanne = p.locator('#sparring-overview tbody tr', { hasText: 'Hanne Hjemmepædagog' });
  await hanne.waitFor();
  assert.match(await hanne.textContent(), /Nået/);
  const chart = p.locator('figure.sparring-chart svg');
  assert.match(await chart.getAttribute('aria-label'), /mod målet på/);
  const cov = p.locator('#training-coverage tbody tr', { hasText: 'ICDP' });
  assert.match(await cov.textContent(), /1 af 1/);
  await check(p, 'sparring-overview');

  // an earlier month: the table follows the choice
  const month = p.getByLabel('Måned', { exact: true });
  const options = await month.locator('option').evaluateAll((o) => o.map((x) => x.value));
  const answered = p.waitForResponse((r) => r.url().includes(`month=${options[2]}`));
  await month.selectOption(options[2]);
  assert.equal((await answered).status(), 200);
  await p.locator('#sparring-overview').waitFor();
  assert.equal(await p.getByLabel('Måned', { exact: true }).inputValue(), options[2]);
  await check(p, 'sparring-overview-earlier');
  assert.deepEqual(realErrors(p), []);
  await p.context().close();
});
