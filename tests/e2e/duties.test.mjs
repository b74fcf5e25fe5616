// duties.test.mjs - the duties on personal data in a real browser (issue
// 18): the admin makes a citizen's insight and downloads it; a coordinator
// opening a family outside her caseload is asked why, from the short list,
// and the purpose goes on the audit log; axe-core on both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, newPage, login, apiSession, axe, execFileSync } from './harness.mjs';

let srv;
let browser;
let family;
const CHILD_CPR = '120525-4111';
const MOTHER_CPR = '030391-2846';

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  // a family of the health visitor's, with no open case: outside the coordinator's caseload
  const hv = await apiSession(srv, 'sundhedsplejerske');
  const r = await hv.post('/api/v1/families', {
    name: 'Familien Indsigtsen',
    persons: [
      { kind: 'child', given_name: 'Liva', family_name: 'Indsigtsen', cpr: CHILD_CPR },
      { kind: 'guardian', given_name: 'Rikke', family_name: 'Indsigtsen', cpr: MOTHER_CPR, relation: 'mother', phone: '22334455' },
    ],
  });
  assert.equal(r.status, 201);
  family = r.body;
});
after(async () => { await browser?.close(); await srv?.stop(); });

const realErrors = (page) => page.errors.filter((e) => !e.startsWith('Failed to load resource') && !/status of 40[04]/.test(e));
const sql = (q) => execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim();

test('the admin makes a citizen\'s insight and downloads it as a printable page', async () => {
  const page = await newPage(browser, srv, { bypassCSP: true });
  await login(page, 'admin');
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Administration' }).click();
  const form = page.locator('#insight-form');
  await form.waitFor();
  // a number Rede does not hold: said so, nothing to download
  await form.getByLabel('Personens CPR-nummer').fill('010101-1234');
  await form.getByRole('button', { name: 'Dan indsigt' }).click();
  await page.getByText('Rede har ingen oplysninger om en person med det CPR-nummer.').waitFor();
  await form.getByLabel('Personens CPR-nummer').fill(MOTHER_CPR);
  await form.getByRole('button', { name: 'Dan indsigt' }).click();
  const link = page.getByRole('link', { name: 'Hent indsigten (indsigt.html)' });
  await link.waitFor();
  assert.equal(await form.getByLabel('Personens CPR-nummer').inputValue(), '', 'the number is not left in the form');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'indsigt.html');
  const html = readFileSync(await download.path(), 'utf8');
  assert.match(html, /<html lang="da">/);
  assert.match(html, /Rikke/);
  assert.match(html, /030391-2846/, 'the person sees her own CPR number in full');
  assert.match(html, /Liva/);
  assert.match(html, /Hvornår og hvorfor jeres oplysninger er slået op/);
  assert.match(html, /Hvor længe oplysningerne gemmes/);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(realErrors(page), []);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'insight' AND outcome = 'ok' AND purpose_code = 'insight'`), '1');
  await page.context().close();
});

test('a coordinator opening a family outside her caseload chooses the purpose, which is logged', async () => {
  const page = await newPage(browser, srv, { bypassCSP: true });
  await login(page, 'koordinator');
  await page.goto(`/#/families/${family.id}`);
  const dlg = page.getByRole('dialog', { name: 'Hvorfor slår du oplysningerne op?' });
  await dlg.waitFor();
  assert.deepEqual(await axe(page), []);
  // no choice: told to choose; then by keyboard
  await dlg.getByRole('button', { name: 'Fortsæt' }).click();
  await dlg.getByText('Vælg et formål').waitFor();
  await dlg.getByLabel('En anden myndighed har henvendt sig').check();
  await page.keyboard.press('Enter');
  await page.locator('#members').waitFor();
  await page.getByRole('heading', { name: /Indsigtsen/ }).first().waitFor();
  // the full CPR number: a second look-up, its own purpose
  const row = page.locator('#members tbody tr', { hasText: 'Liva' });
  await row.getByRole('button', { name: /^Vis fuldt CPR-nummer/ }).click();
  await dlg.waitFor();
  await dlg.getByLabel('Kontrol af, at det er den rette person').check();
  await dlg.getByRole('button', { name: 'Fortsæt' }).click();
  await row.locator('.cpr', { hasText: CHILD_CPR }).waitFor();
  for (let i = 0; i < 40 && sql("SELECT count(*) FROM audit_log WHERE action = 'reveal' AND outcome = 'ok'") === '0'; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(sql(`SELECT purpose_code FROM audit_log WHERE action = 'read' AND entity = 'family' AND entity_id = '${family.id}' AND outcome = 'ok' ORDER BY id DESC LIMIT 1`), 'authority');
  assert.equal(sql("SELECT purpose_code FROM audit_log WHERE action = 'reveal' AND outcome = 'ok' ORDER BY id DESC LIMIT 1"), 'identity');
  assert.ok(!page.url().includes('purpose'), 'the purpose is not in the address bar');
  // cancelling leaves the page with the refusal, nothing shown
  await page.goto('/#/');
  await page.goto(`/#/families/${family.id}`);
  await dlg.waitFor();
  await dlg.getByRole('button', { name: 'Annullér' }).click();
  await page.getByText('Opslaget kræver et formål').first().waitFor();
  assert.equal(await page.locator('#members').count(), 0);
  assert.deepEqual(realErrors(page), []);
  await page.context().close();
});
