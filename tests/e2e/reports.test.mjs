// The reports page: an evaluator sees the visits report with small numbers
// hidden ("<5", and "x" where a total would give them away) — no count from
// 1 to 4 anywhere on the page — with its chart, and downloads the same
// report as CSV and XLSX; a leader sees the home-pedagogue report for own
// units. axe-core on the page, and it fits a 768 px tablet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, axe, menu, layoutProblems, apiSession, realErrors } from './harness.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await srv?.stop(); });

// The Danish calendar year half a year ago: the demo's visits lie in the
// months before today, so early in January this year would hold a few days
// of them and nothing small to hide; half a year back is a year with at
// least six months of them whatever the day.
const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' })
  .format(new Date(Date.now() - 183 * 86400000)).slice(0, 4));

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

test('reports a leader can trust: no stale error, screen vs files explained, a file name per format, all-hidden charts said in words, the kit with contents and sections', async () => {
  for (const width of [1280, 768]) {
    const p = await newPage(browser, srv, { width, height: 1000, bypassCSP: true });
    await login(p, 'koordinator');
    await p.goto('/#/reports');
    const f = p.locator('#report-form');
    // An error first, then a valid report: the error does not stay.
    await f.getByLabel('Fra', { exact: true }).fill('31-02-2026');
    await f.getByRole('button', { name: 'Vis rapport' }).click();
    await f.locator('.error-summary:not([hidden])').waitFor();
    await f.getByLabel('Rapport').selectOption('evaluation-kit');
    await f.getByLabel('Fra', { exact: true }).fill(`01-01-${year}`);
    await f.getByLabel('Til', { exact: true }).fill(`31-12-${year}`);
    await f.getByRole('button', { name: 'Vis rapport' }).click();
    const out = p.locator('#report-out');
    await out.locator('#report-sections').waitFor();
    assert.equal(await f.locator('.error-summary:not([hidden])').count(), 0, 'no stale error beside a valid report');
    assert.equal(await f.locator('[aria-invalid=true]').count(), 0);
    // The report list shows the full name; the screen and the files are explained.
    assert.equal((await f.getByLabel('Rapport').locator('option:checked').textContent()), 'Evalueringskit: registrering af aktiviteter');
    await out.getByText(/Filerne er til at dele og har små tal skjult/).waitFor();
    assert.match(await out.locator('dl.facts').first().textContent(), /Dannet\d\d-\d\d-\d{4} kl\. \d\d:\d\d/);
    // One file name per format.
    const names = await out.locator('.downloads a').evaluateAll((as) => as.map((a) => a.getAttribute('download')));
    assert.equal(new Set(names).size, names.length, `distinct file names: ${names}`);
    assert.ok(names.every((n) => /^evaluation-kit_/.test(n)), names.join(', '));
    // Contents: a link per table, each opening its collapsed section.
    const tables = await out.locator('#report-sections > li').count();
    assert.ok(tables >= 20);
    assert.equal(await out.locator('.report-toc li').count(), tables);
    assert.equal(await out.locator('.accordion-button[aria-expanded=true]').count(), 0, 'sections start collapsed');
    await out.locator('.report-toc a').nth(3).click();
    const btn = out.locator('.accordion-button').nth(3);
    assert.equal(await btn.getAttribute('aria-expanded'), 'true');
    assert.equal(await p.evaluate(() => document.activeElement.id), await btn.getAttribute('id'));
    await out.locator('#report-sec-3 table').waitFor();
    // A chart whose numbers are all hidden is a sentence, not a drawing of "x".
    const charts = await p.evaluate(() => [...document.querySelectorAll('#report-sections > li')].map((li) => ({
      cells: [...li.querySelectorAll('td.num')].map((td) => td.textContent),
      img: !!li.querySelector('figure.report-chart img'),
      said: !!li.querySelector('.chart-hidden'),
    })));
    for (const c of charts) {
      if (c.img) assert.ok(!c.cells.every((x) => x === '<5' || x === 'x' || x === ''), 'no chart of hidden numbers');
    }
    assert.deepEqual(await layoutProblems(p), []);
    await screenshot(p, `reports-kit-${width}`);
    assert.deepEqual(await axe(p), []);
    await p.context().close();
  }
});

test('a chart whose values are all hidden says so', async () => {
  // Find, through the API, a month where the evaluator's (suppressed) visits
  // report has a charted table with every value hidden; the page must say so
  // in words for that table, and draw the others.
  const api = await apiSession(srv, 'evaluator');
  const pad = (n) => String(n).padStart(2, '0');
  let hit = null;
  for (let m = 12; m >= 1 && !hit; m--) {
    const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const q = { from: `${year}-${pad(m)}-01`, to: `${year}-${pad(m)}-${last}` };
    const r = await api.get(`/api/v1/reports/visits?from=${q.from}&to=${q.to}`);
    const t = (r.body.tables || []).find((x) => x.chart && x.rows.flatMap((row) => row.cells).every((v) => v === '<5' || v === 'x' || v == null || v === ''));
    if (t) hit = { ...q, title: t.title, charted: r.body.tables.filter((x) => x.chart).length };
  }
  assert.ok(hit, 'the demo has a month whose charted visits table is all hidden');
  const p = await newPage(browser, srv, { bypassCSP: true });
  await login(p, 'evaluator');
  await p.goto('/#/reports');
  const f = p.locator('#report-form');
  await f.getByLabel('Rapport').selectOption('visits');
  const dk = (iso) => iso.split('-').reverse().join('-');
  await f.getByLabel('Fra', { exact: true }).fill(dk(hit.from));
  await f.getByLabel('Til', { exact: true }).fill(dk(hit.to));
  await f.getByRole('button', { name: 'Vis rapport' }).click();
  const said = p.locator('#report-out .chart-hidden');
  await said.first().waitFor();
  assert.match(await said.first().textContent(), /alle tal i det er så små, at de er skjult/);
  assert.equal(await p.locator('#report-out figure.report-chart').count() + await said.count(), hit.charted, 'each charted table has a chart or the sentence');
  await p.context().close();
});
