// Forms that keep their user (issue 21 items 3 and 4), at 1 280 and 768 px:
// the error summary lists every error with a link to its field and focus
// goes to the first error in page order; old errors and old confirmations go
// on the next submit; after a save focus is on the confirmation; text over
// a field's limit is counted and refused (and the server refuses it too);
// dates as people type them and from the date picker; implausible dates
// (an expected birth in 2099) are refused; the admin's user form shows all
// its errors at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, axe, apiSession, menu } from './harness.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await srv?.stop(); });

const WIDTHS = [1280, 768];
// Yesterday in Denmark, as the parts people type.
function yesterday() {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(Date.now() - 86400000)).map((x) => [x.type, x.value]));
  return { d: p.day, m: p.month, y: p.year, iso: `${p.year}-${p.month}-${p.day}` };
}
const focused = (p) => p.evaluate(() => {
  const a = document.activeElement;
  return { tag: a?.tagName, id: a?.id, field: a?.dataset?.field || null, cls: a?.className || '', text: a?.textContent?.trim().slice(0, 80) };
});

async function asUser(user, width) {
  const p = await newPage(browser, srv, { width, height: 1000, bypassCSP: true });
  await login(p, user);
  return p;
}

for (const width of WIDTHS) {
  test(`@${width}: the error summary lists every error with a link, focus goes to the first in page order, and links move focus`, async () => {
    const p = await asUser('sundhedsplejerske', width);
    await menu(p, 'Familier');
    const f = p.locator('#new-family');
    await f.waitFor();
    // the guardian's name first, so the first error in page order is not the first typed
    await f.getByRole('button', { name: 'Opret familie' }).click();
    const summary = f.locator('.error-summary');
    await summary.waitFor();
    assert.equal(await summary.locator('.alert-heading').textContent(), 'Ret venligst følgende');
    const links = summary.locator('a');
    const invalid = await f.locator('[aria-invalid=true]').count();
    assert.ok(invalid >= 3, `several fields in error (${invalid})`);
    assert.equal(await links.count(), invalid, 'one link per field in error');
    const first = await focused(p);
    assert.equal(first.field, 'name', 'focus on the first error in page order');
    const hash = await p.evaluate(() => location.hash);
    await links.nth(2).click();
    const target = (await links.nth(2).getAttribute('href')).slice(1);
    assert.equal((await focused(p)).id, target, 'the link moves focus to its field');
    assert.equal(await p.evaluate(() => location.hash), hash, 'and does not navigate');
    assert.deepEqual(await axe(p), [], 'axe with the error summary');
    await screenshot(p, `focus-summary-${width}`);

    // An expected birth in 2099 is refused; the old errors are gone.
    await f.getByLabel('Familiens navn').fill('Familien Fokus');
    await f.getByRole('group', { name: 'Barn' }).getByLabel('Fornavn').fill('Fie');
    await f.getByRole('group', { name: 'Barn' }).getByLabel('Efternavn').fill('Fokus');
    await f.getByLabel('Forventet fødselsdato').fill('01-01-2099');
    await f.getByRole('button', { name: 'Opret familie' }).click();
    await summary.getByText(/Forventet fødselsdato: Datoen skal ligge mellem/).waitFor();
    assert.equal(await links.count(), 1, 'only the error that is left');
    assert.equal((await focused(p)).field, 'c_expected_birth_date');
    await p.context().close();
  });

  test(`@${width}: dates as people type them, the date picker, a note over its limit, focus on the confirmation, old messages cleared`, async () => {
    const api = await apiSession(srv, 'hjemmepaedagog');
    const course = (await api.get('/api/v1/caseload')).body.items.find((c) => c.status === 'active');
    const count = async () => (await api.get(`/api/v1/enrolments/${course.id}/contacts`)).body.items.length;
    const p = await asUser('hjemmepaedagog', width);
    await p.goto(`/#/courses/${course.id}`);
    const f = p.locator('#visit-form');
    await f.waitFor();
    // Touch targets on the form used in homes: at least 44 × 44 px.
    const small = await f.evaluate((form) => [...form.querySelectorAll('button, select, input:not([type=checkbox]):not([type=radio]), .check, textarea')]
      .filter((el) => el.offsetParent && !el.classList.contains('sr-only') && el.getAttribute('aria-hidden') !== 'true')
      .map((el) => ({ el: `${el.tagName.toLowerCase()}.${el.className}`, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 44 || r.width < 44).map(({ el, r }) => `${el} ${Math.round(r.width)}×${Math.round(r.height)}`));
    assert.deepEqual(small, [], 'touch targets under 44 px');
    const date = f.getByLabel('Dato', { exact: true });
    const y = yesterday();
    const want = `${y.d}-${y.m}-${y.y}`;
    for (const typed of [`${Number(y.d)}-${Number(y.m)}-${y.y}`, `${y.d}.${y.m}.${y.y}`, `${y.d}${y.m}${y.y}`,
      `${Number(y.d)}/${Number(y.m)}/${y.y.slice(2)}`]) {
      await date.fill(typed);
      await date.blur();
      assert.equal(await date.inputValue(), want, `"${typed}" is read as ${want}`);
    }
    // The date picker: open it, pick a day, and the field has it.
    await f.getByRole('button', { name: 'Åbn kalender' }).click();
    const day = f.locator('.date-picker__calendar__date:not([disabled])').first();
    await day.waitFor();
    await day.click();
    assert.match(await date.inputValue(), /^\d\d-\d\d-\d{4}$/, 'the picked day is in the field');
    await date.fill(want);

    // A pasted note over the server's limit (20 000 characters): counted,
    // refused, kept in the field, nothing saved.
    const before = await count();
    const note = f.getByLabel('Notat');
    await note.fill('Lang tekst. '.repeat(1700).slice(0, 20050));
    assert.match(await f.locator('.char-count').textContent(), /50 tegn for meget \(højst 20000\)/);
    await f.getByRole('button', { name: 'Gem besøg' }).click();
    await f.locator('.error-summary').getByText(/Notat: Teksten er 20050 tegn – der må højst være 20000/).waitFor();
    assert.equal((await focused(p)).field, 'note');
    assert.equal(await note.inputValue().then((v) => v.length), 20050, 'the text is kept, not cut');
    assert.equal(await count(), before, 'nothing saved');

    // 5 530 characters (once cut at 4 000 without a word) are saved whole.
    const long = 'Lang tekst. '.repeat(461).slice(0, 5530).trim();
    await note.fill(long);
    assert.match(await f.locator('.char-count').textContent(), new RegExp(`${long.length} af 20000 tegn`));
    await f.getByRole('button', { name: 'Gem besøg' }).click();
    await p.locator('main p.status', { hasText: 'Besøget er gemt.' }).waitFor();
    const conf = await focused(p);
    assert.ok(/status|alert-success/.test(conf.cls) && /Besøget er gemt/.test(conf.text), `focus on the confirmation, not ${JSON.stringify(conf)}`);
    assert.equal(await count(), before + 1);
    const saved = (await api.get(`/api/v1/enrolments/${course.id}/contacts`)).body.items.find((x) => x.note && x.note.length > 5000);
    assert.equal(saved?.note, long, 'the whole note is saved');
    await screenshot(p, `focus-saved-${width}`);

    // The next submit with an error: the old confirmation is gone.
    const f2 = p.locator('#visit-form');
    await f2.getByLabel('Minutter').fill('');
    await f2.getByRole('button', { name: 'Gem besøg' }).click();
    await f2.locator('.error-summary').waitFor();
    assert.equal(await p.locator('main p.status', { hasText: 'Besøget er gemt.' }).count(), 0, 'the old "gemt" is gone');
    assert.equal((await focused(p)).field, 'minutes');
    await p.context().close();
  });
}

test('the server refuses a note over its limit too, naming the field', async () => {
  const api = await apiSession(srv, 'hjemmepaedagog');
  const course = (await api.get('/api/v1/caseload')).body.items.find((c) => c.status === 'active');
  const r = await api.post(`/api/v1/enrolments/${course.id}/contacts`, {
    happened_on: yesterday().iso, minutes: 30, kind: 'home_session', note: 'x'.repeat(20001),
  });
  assert.equal(r.status, 400);
  assert.ok(r.body.errors.some((e) => e.field === 'note' && /20000/.test(e.message)), JSON.stringify(r.body));
});

test('the admin\'s user form shows every error at once', async () => {
  const p = await asUser('admin', 1280);
  await menu(p, 'Administration');
  const f = p.locator('#create-user');
  await f.waitFor();
  await f.getByLabel('Timepris i kr.').fill('mange');
  await f.getByLabel('Adgangskode').fill('kort'); // optional, but too short when given
  await f.getByRole('button', { name: 'Gem' }).click();
  const summary = f.locator('.error-summary');
  await summary.waitFor();
  const texts = await summary.locator('li').allTextContents();
  for (const label of ['Brugernavn', 'Navn', 'Adgangskode', 'Timepris', 'Roller']) {
    assert.ok(texts.some((x) => x.startsWith(label)), `${label} in ${JSON.stringify(texts)}`);
  }
  assert.equal((await focused(p)).field, 'username', 'focus on the first');
  await p.context().close();
});
