// forms.test.mjs - three forms that only the API tests covered, used in the
// browser on a 768 px tablet the way staff use them: the home pedagogue
// moves a course's planned end (the 40-week rule refused beside the field),
// the coordinator records an extension past the limit (with and without
// its reason), and a guardian is added to a family (a bad CPR number
// refused beside the field; the valid one typed with the keyboard alone and
// then shown masked). Every refusal is checked in the sqlite file too:
// nothing was written. Each page state gets axe-core and a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, axe, apiSession, execFileSync, realErrors } from './harness.mjs';

let srv;
let browser;
let course; // an active demo course in its first weeks, no extension
const TABLET = { width: 768, height: 1024 };

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  const api = await apiSession(srv, 'koordinator');
  const me = (await apiSession(srv, 'hjemmepaedagog'));
  const mine = new Set((await me.get('/api/v1/enrolments?mine=1&status=active')).body.items.map((c) => c.id));
  const { body } = await api.get('/api/v1/enrolments?status=active');
  course = body.items.find((c) => mine.has(c.id) && c.week != null && c.week < 20 && !c.extension);
  assert.ok(course, 'the demo data has an early active course of hjemmepaedagog');
});
after(async () => { await browser?.close(); await srv?.stop(); });

const sql = (q) => execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim();
const addDays = (iso, n) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
const dk = (iso) => iso.split('-').reverse().join('-');
const said = (p, text) => p.locator('main p.status', { hasText: text }).waitFor();
// The value beside a term in the page's facts list.
const fact = (p, term) => p.locator(`dl.facts dt:text-is("${term}") + dd`);
const enrolment = (id) => sql(`SELECT planned_end_on || '|' || coalesce(extension_until, '') || '|' || coalesce(extension_reason, '') || '|' || version FROM enrolment WHERE id = ${id}`);
const audits = (entity, id, action) => Number(sql(`SELECT count(*) FROM audit_log WHERE entity = '${entity}' AND entity_id = '${id}' AND action = '${action}' AND outcome = 'ok'`));

async function page(user) {
  const p = await newPage(browser, srv, { bypassCSP: true, ...TABLET });
  await login(p, user);
  return p;
}

async function check(p, name) {
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${name} fits 768 px`);
  await screenshot(p, name);
  assert.deepEqual(await axe(p), [], `axe on ${name}`);
}

async function openCourse(p) {
  await p.goto(`/#/courses/${course.id}`);
  await p.getByRole('heading', { name: /^Forløb – / }).waitFor();
  await p.locator('main .loading').waitFor({ state: 'detached' });
}

// A field's error as the user (and a screen reader) gets it: shown beside
// the field, the field marked invalid and described by the message.
async function fieldError(form, name) {
  const input = form.locator(`[data-field="${name}"][aria-invalid=true]`);
  await input.waitFor();
  const slot = form.locator(`.form-group.form-error:has([data-field="${name}"]) .form-error-message`);
  assert.ok(await slot.isVisible(), `${name}: the message is visible`);
  const id = await slot.getAttribute('id');
  assert.ok((await input.getAttribute('aria-describedby')).split(' ').includes(id), `${name}: described by its message`);
  return slot.textContent();
}

async function tabTo(p, predicate, max = 60) {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    if (await p.evaluate(predicate)) return;
  }
  throw new Error(`keyboard never reached ${predicate}`);
}

test('the home pedagogue moves the planned end; the 40-week rule and the start are refused at the field', async () => {
  const c0 = (await (await apiSession(srv, 'hjemmepaedagog')).get(`/api/v1/enrolments/${course.id}`)).body;
  const stored = enrolment(course.id);
  const p = await page('hjemmepaedagog');
  await openCourse(p);
  await check(p, 'forms-course');
  assert.equal(await fact(p, 'Planlagt slut').textContent(), dk(c0.planned_end_on));
  const bar = await p.locator('.weekbar-text').textContent();
  assert.equal(bar, `Uge ${c0.week} af 40 – ${c0.weeks_left} uger tilbage`);

  await p.getByRole('button', { name: 'Ret planlagt slut' }).click();
  const f = p.locator('#end-form');
  const end = f.getByLabel('Planlagt slut');
  // The form opens on the date in force, its first field focused, the limit in the hint.
  assert.equal(await end.inputValue(), dk(c0.planned_end_on));
  assert.ok(await end.evaluate((el) => el === document.activeElement));
  await f.getByText(`Senest ${dk(c0.latest_end_on)} (uden forlængelse). Skriv dd-mm-åååå.`).waitFor();

  // One day past start + 40 weeks.
  await end.fill(dk(addDays(c0.latest_end_on, 1)));
  await f.getByRole('button', { name: 'Gem' }).click();
  const beyond = await fieldError(f, 'planned_end_on');
  assert.match(beyond, /^Et forløb må højst vare 40 uger fra start/);
  // the server writes dates in its messages the Danish way
  assert.ok(beyond.includes(`seneste tilladte slutdato er ${dk(c0.latest_end_on)}`), beyond);
  await check(p, 'forms-course-end-beyond');
  // Before the start.
  await end.fill(dk(addDays(c0.start_on, -1)));
  await f.getByRole('button', { name: 'Gem' }).click();
  await f.locator('.form-error-message', { hasText: 'Slutdatoen ligger før forløbets start' }).waitFor();
  assert.equal(await fieldError(f, 'planned_end_on'), 'Slutdatoen ligger før forløbets start');
  // Not a date at all: said before anything is sent.
  await end.fill('31-02-2027');
  await f.getByRole('button', { name: 'Gem' }).click();
  await f.locator('.form-error-message', { hasText: 'Skriv en gyldig dato, fx 04-12-2026' }).waitFor();
  assert.equal(enrolment(course.id), stored, 'nothing was written');
  assert.equal(await fact(p, 'Planlagt slut').textContent(), dk(c0.planned_end_on), 'the page still shows the old date');

  // A valid, earlier end: saved once, shown, the error gone.
  const newEnd = addDays(c0.start_on, 200);
  const auditBefore = audits('enrolment', course.id, 'update');
  await end.fill(dk(newEnd));
  await f.getByRole('button', { name: 'Gem' }).dblclick();
  await said(p, 'Den planlagte slutdato er gemt.');
  assert.equal(await fact(p, 'Planlagt slut').textContent(), dk(newEnd));
  assert.equal(await p.locator('main [aria-invalid=true]').count(), 0);
  // Weeks left count to the 40-week limit (docs/API.md), which has not moved.
  assert.equal(await p.locator('.weekbar-text').textContent(), bar);
  const [planned, , , version] = enrolment(course.id).split('|');
  assert.equal(planned, newEnd);
  assert.equal(Number(version), c0.version + 1, 'one change, the double-click saved once');
  assert.equal(audits('enrolment', course.id, 'update'), auditBefore + 1, 'the change is on the audit log');
  // The form opens again on the new date.
  await p.getByRole('button', { name: 'Ret planlagt slut' }).click();
  assert.equal(await p.locator('#end-form').getByLabel('Planlagt slut').inputValue(), dk(newEnd));
  await check(p, 'forms-course-end-saved');
  assert.deepEqual(realErrors(p), []);
  await p.context().close();
});

test('the coordinator records an extension: a reason is required and it must pass the limit', async () => {
  const api = await apiSession(srv, 'koordinator');
  const c0 = (await api.get(`/api/v1/enrolments/${course.id}`)).body;
  const stored = enrolment(course.id);
  const p = await page('koordinator');
  await openCourse(p);
  const bar = p.locator('.weekbar-text');
  assert.equal(await bar.textContent(), `Uge ${c0.week} af 40 – ${c0.weeks_left} uger tilbage`);
  assert.equal(await fact(p, 'Seneste slutdato').textContent(), dk(c0.latest_end_on));
  assert.equal(await fact(p, 'Forlænget til').count(), 0);

  await p.getByRole('button', { name: 'Forlæng ud over maksimum' }).click();
  const f = p.locator('#extension-form');
  const until = addDays(c0.latest_end_on, 28);
  // No reason: told at the field, nothing sent.
  await f.getByLabel('Forlænget til').fill(dk(until));
  await f.getByLabel('Begrundelse for forlængelsen').fill('   ');
  await f.getByRole('button', { name: 'Gem' }).click();
  assert.equal(await fieldError(f, 'reason'), 'Feltet skal udfyldes');
  assert.ok(await f.getByLabel('Begrundelse for forlængelsen').evaluate((el) => el === document.activeElement), 'focus on the problem');
  await check(p, 'forms-extension-no-reason');
  // Not past the limit: the server's message at the date.
  await f.getByLabel('Forlænget til').fill(dk(c0.latest_end_on));
  await f.getByLabel('Begrundelse for forlængelsen').fill('Besluttet på teammøde');
  await f.getByRole('button', { name: 'Gem' }).click();
  assert.equal(await fieldError(f, 'until'), `En forlængelse skal gå ud over 40 uger, dvs. efter ${dk(c0.latest_end_on)}`);
  assert.equal(await f.locator('[data-field=reason][aria-invalid=true]').count(), 0, 'the fixed field is no longer marked');
  assert.equal(enrolment(course.id), stored, 'nothing was written');

  await f.getByLabel('Forlænget til').fill(dk(until));
  await f.getByRole('button', { name: 'Gem' }).click();
  await said(p, 'Forlængelsen er registreret.');
  assert.equal(await fact(p, 'Forlænget til').textContent(), `${dk(until)}: Besluttet på teammøde`);
  assert.equal(await fact(p, 'Seneste slutdato').textContent(), dk(until));
  // Four more weeks on the bar, and four more left.
  assert.equal(await bar.textContent(), `Uge ${c0.week} af 44 – ${c0.weeks_left + 4} uger tilbage`);
  assert.equal(await p.locator('.weekbar-track').getAttribute('aria-valuemax'), '44');
  const [, extUntil, extReason] = enrolment(course.id).split('|');
  assert.deepEqual([extUntil, extReason], [until, 'Besluttet på teammøde']);
  const c1 = (await api.get(`/api/v1/enrolments/${course.id}`)).body;
  assert.equal(c1.weeks_left, c0.weeks_left + 4);
  // The planned end may now go to the extension, and the hint says so.
  await p.getByRole('button', { name: 'Ret planlagt slut' }).click();
  await p.locator('#end-form').getByText(`Senest ${dk(until)} (den registrerede forlængelse). Skriv dd-mm-åååå.`).waitFor();
  await check(p, 'forms-extension-saved');
  assert.deepEqual(realErrors(p), []);
  await p.context().close();
});

test('a guardian is added to a family: a bad CPR number is refused at the field; the keyboard alone adds one', async () => {
  const familyId = course.family_id;
  const persons = () => Number(sql(`SELECT count(*) FROM person WHERE family_id = ${familyId}`));
  const before = persons();
  const p = await page('koordinator');
  await p.goto(`/#/families/${familyId}`);
  await p.locator('#members tbody tr').first().waitFor();
  await check(p, 'forms-family');

  await p.getByRole('button', { name: 'Tilføj person' }).click();
  const f = p.locator('#add-person');
  assert.equal(await f.getByLabel('Rolle i familien').inputValue(), 'guardian');
  await f.getByLabel('Fornavn').fill('Bodil');
  await f.getByLabel('Efternavn').fill('Prøvesen');
  await f.getByLabel('CPR-nummer').fill('320190-3017'); // no 32nd of January
  await f.getByLabel('Relation til barnet').selectOption('father');
  await f.getByRole('button', { name: 'Tilføj', exact: true }).click();
  assert.equal(await fieldError(f, 'p_cpr'), 'CPR-nummeret er ikke gyldigt (DDMMÅÅ-XXXX med en rigtig dato)');
  assert.equal(await f.locator('[aria-invalid=true]').count(), 1, 'only the CPR field is marked');
  await check(p, 'forms-person-bad-cpr');
  // Names missing: the browser says so before sending.
  await f.getByLabel('Fornavn').fill('');
  await f.getByRole('button', { name: 'Tilføj', exact: true }).click();
  assert.equal(await fieldError(f, 'p_given_name'), 'Feltet skal udfyldes');
  assert.equal(persons(), before, 'nothing was written');
  assert.ok(!(await p.content()).includes('320190'), 'the bad number is not echoed');
  await p.context().close();

  // Keyboard only, from the top of a fresh page.
  const k = await page('koordinator');
  await k.goto(`/#/families/${familyId}`);
  await k.locator('#members tbody tr').first().waitFor();
  await k.locator('#page-title').focus();
  await tabTo(k, () => document.activeElement?.textContent === 'Tilføj person');
  await k.keyboard.press('Enter');
  assert.equal(await k.evaluate(() => document.activeElement?.name), 'kind', 'the form opens focused on its first field');
  await k.keyboard.press('Tab');
  await k.keyboard.type('Bodil');
  await k.keyboard.press('Tab');
  await k.keyboard.type('Prøvesen');
  await k.keyboard.press('Tab');
  await k.keyboard.type('121190-3017');
  await k.keyboard.press('Tab');
  assert.equal(await k.evaluate(() => document.activeElement?.name), 'p_relation');
  await k.keyboard.type('Far');
  await k.keyboard.press('Tab');
  await k.keyboard.type('12345678');
  await tabTo(k, () => document.activeElement?.name === 'p_lives_with_child');
  await k.keyboard.type('Ja');
  await tabTo(k, () => document.activeElement?.type === 'submit');
  assert.equal(await k.evaluate(() => document.activeElement.matches(':focus-visible')
    && getComputedStyle(document.activeElement).outlineStyle), 'solid');
  await k.keyboard.press('Enter');
  await said(k, 'Bodil Prøvesen er tilføjet.');
  const row = k.locator('#members tbody tr', { hasText: 'Bodil Prøvesen' });
  assert.equal(await row.locator('.cpr').textContent(), '121190-xxxx');
  assert.match(await row.textContent(), /Forælder \(Far, bor sammen med barnet\)/);
  assert.ok(!(await k.content()).includes('121190-3017'), 'the full number is not on the page');
  await check(k, 'forms-person-added');

  assert.equal(persons(), before + 1);
  const api = await apiSession(srv, 'koordinator');
  const added = (await api.get(`/api/v1/families/${familyId}`)).body.persons.filter((x) => x.given_name === 'Bodil');
  assert.equal(added.length, 1);
  assert.deepEqual([added[0].kind, added[0].family_name, added[0].cpr, added[0].relation, added[0].phone, added[0].lives_with_child],
    ['guardian', 'Prøvesen', '121190-xxxx', 'father', '12345678', true]);
  assert.equal(added[0].birth_date, '1990-11-12');

  // The same number again: the server's conflict is shown at the CPR field.
  await k.getByRole('button', { name: 'Tilføj person' }).click();
  const g = k.locator('#add-person');
  await g.getByLabel('Fornavn').fill('Bodil');
  await g.getByLabel('Efternavn').fill('Prøvesen');
  await g.getByLabel('CPR-nummer').fill('1211903017');
  await g.getByRole('button', { name: 'Tilføj', exact: true }).click();
  assert.match(await fieldError(g, 'p_cpr'), /^Personen med dette CPR-nummer er allerede registreret/);
  assert.equal(persons(), before + 1);
  // An unborn sibling: the child's fields replace the guardian's; a double-click adds one.
  await g.getByLabel('Rolle i familien').selectOption('child');
  assert.equal(await g.getByLabel('Relation til barnet').count(), 0);
  await g.getByLabel('Fornavn').fill('Lille');
  await g.getByLabel('Efternavn').fill('Prøvesen');
  await g.getByLabel('Forventet fødselsdato').fill(dk(addDays(new Date().toISOString().slice(0, 10), 60)));
  await g.getByRole('button', { name: 'Tilføj', exact: true }).dblclick();
  await said(k, 'Lille Prøvesen er tilføjet.');
  assert.match(await k.locator('#members tbody tr', { hasText: 'Lille Prøvesen' }).textContent(), /Forventet \d\d-\d\d-\d{4}/);
  await check(k, 'forms-person-unborn');
  assert.equal(persons(), before + 2, 'the double-click added one child');
  assert.deepEqual(realErrors(k), []);
  await k.context().close();
});
