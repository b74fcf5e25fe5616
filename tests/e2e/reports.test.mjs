// The reports page: an evaluator sees the visits report with small numbers
// hidden ("<5", and "x" where a total would give them away) — no count from
// 1 to 4 anywhere on the page — with its chart, and downloads the same
// report as CSV and XLSX; a leader sees the home-pedagogue report for own
// units. axe-core on the page, and it fits a 768 px tablet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, axe, menu } from './harness.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await srv?.stop(); });

const realErrors = (page) => page.errors.filter((e) => !e.startsWith('Failed to load resource'));
const year = new Date().getFullYear();

async function open(user, report, opts = {}) {
  const p = await newPage(browser, srv, { bypassCSP: true, ...opts });
  await login(p, user);
  await menu(p, 'Rapporter');
  const f = p.locator('#report-form');
  await f.getByLabel('Rapport').selectOption({ label: report });
  await f.getByLabel('Fra', { exact: true }).fill(`01-01-${year}`);
  await f.getByLabel('Til', { exact: true }).fill(`31-12-${year}`);
  await f.getByRole('button', { name: 'Vis rapport' }).click();
  await p.locator('#report-out table').first().waitFor();
  return p;
}

test('an evaluator sees the visits report with small numbers hidden, a chart and downloads', async () => {
  const p = await open('evaluator', 'Hjemmebesøg ved 1½ og 3 år');
  await p.locator('#report-out').getByText('Tal under 5 er skjult').waitFor();
  const cells = await p.locator('#report-out td.num').allTextContents();
  assert.ok(cells.some((c) => c === '<5' || c === 'x'), 'something is suppressed in the small demo');
  const small = cells.filter((c) => /^\d+$/.test(c.trim()) && Number(c) >= 1 && Number(c) < 5);
  assert.deepEqual(small, [], 'no count below the threshold is shown');
  // The charts are real images from the same report.
  const img = p.locator('figure.report-chart img').first();
  await img.waitFor();
  await p.waitForFunction(() => [...document.querySelectorAll('figure.report-chart img')].every((i) => i.complete));
  assert.ok(await img.evaluate((i) => i.naturalWidth > 0), 'the chart loaded');
  // The downloads are the same report in other formats.
  const links = await p.locator('.downloads a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const csv = await p.evaluate(async (href) => { const r = await fetch(href); return { status: r.status, text: await r.text() }; }, links[0]);
  assert.equal(csv.status, 200);
  assert.match(csv.text, /Familier tilbudt besøg/);
  // Exports are always suppressed, like the page.
  if (cells.includes('<5')) assert.ok(csv.text.includes('<5'), 'the CSV hides what the page hides');
  const xlsx = await p.evaluate(async (href) => {
    const r = await fetch(href);
    const b = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('Content-Type'), magic: String.fromCharCode(b[0], b[1]) };
  }, links[2]);
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.magic, 'PK', 'an XLSX file is a zip');
  await screenshot(p, 'reports-evaluator');
  assert.deepEqual(await axe(p), []);
  assert.deepEqual(realErrors(p), []);
  await p.context().close();
});

test('a coordinator reads the home-pedagogue report; the page fits a tablet', async () => {
  const p = await open('koordinator', 'Hjemmepædagogiske forløb', { width: 768, height: 1024 });
  assert.ok(await p.locator('#report-out table').count() >= 3);
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'fits 768 px');
  await screenshot(p, 'reports-coordinator-768');
  assert.deepEqual(await axe(p), []);
  assert.deepEqual(realErrors(p), []);
  await p.context().close();
});

test('a bad period is refused at the field', async () => {
  const p = await newPage(browser, srv);
  await login(p, 'leder');
  await p.goto('/#/reports');
  const f = p.locator('#report-form');
  await f.getByLabel('Fra', { exact: true }).fill('31-02-2026');
  await f.getByRole('button', { name: 'Vis rapport' }).click();
  await f.locator('[data-field=from][aria-invalid=true]').waitFor();
  // From after to: the server says so, at a field.
  await f.getByLabel('Fra', { exact: true }).fill(`31-12-${year}`);
  await f.getByLabel('Til', { exact: true }).fill(`01-01-${year}`);
  await f.getByRole('button', { name: 'Vis rapport' }).click();
  await f.locator('[aria-invalid=true]').first().waitFor();
  assert.equal(await p.locator('#report-out table').count(), 0);
  await p.context().close();
});
