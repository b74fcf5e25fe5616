// harness.mjs - a real Rede server on a temporary database and a free port,
// and Debian's Chromium driven by playwright-core. Used by tests/e2e/*.test.mjs.
//
//   const srv = await startServer({ settings: { 'session.idle_seconds': 2 } });
//   const browser = await launchBrowser();
//   ... srv.url ...
//   await browser.close(); await srv.stop();
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT = join(ROOT, 'test-output/e2e');
export const PASSWORD = 'rede-demo-2026';
export const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');

// The server's today is the Danish calendar day (Europe/Copenhagen), which
// from 22:00/23:00 UTC is the next day: dkIso(n) is that day plus n days
// as "YYYY-MM-DD", dkDate(n) the same as a date field takes it
// ("DD-MM-YYYY").
export function dkIso(offsetDays = 0) {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' })
    .format(new Date()).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offsetDays)).toISOString().slice(0, 10);
}
export const dkDate = (offsetDays = 0) => dkIso(offsetDays).split('-').reverse().join('-');

function rede() {
  const bin = process.env.REDE_BIN || 'build/asan/rede';
  return resolve(ROOT, bin);
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

async function waitHealthy(url, proc, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`rede serve exited with ${proc.exitCode}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('rede serve did not become healthy');
}

// web: the directory of the UI's files (default web/; a test that changes
// them serves a copy). demo: more arguments for rede demo (e.g. --scale).
export async function startServer({ settings = {}, web = join(ROOT, 'web'), demo = [] } = {}) {
  const bin = rede();
  if (!existsSync(bin)) throw new Error(`${bin} missing: make build/asan/rede (or set REDE_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), 'rede-e2e-'));
  const db = join(dir, 'rede.db');
  const env = { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1:halt_on_error=1' };
  const run = (...args) => execFileSync(bin, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  run('init', '--db', db);
  run('demo', '--db', db, ...demo);
  for (const [k, v] of Object.entries(settings)) run('setting', 'set', k, String(v), '--db', db);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', web],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  try {
    await waitHealthy(url, proc);
  } catch (e) {
    proc.kill('SIGKILL');
    throw new Error(`${e.message}\n${log}`);
  }
  return {
    url,
    db,
    log: () => log,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
      // ASan reports (leaks, UB) make the server exit non-zero.
      if (proc.exitCode !== 0 && proc.signalCode !== 'SIGTERM') {
        throw new Error(`rede serve exited with ${proc.exitCode ?? proc.signalCode}\n${log}`);
      }
    },
  };
}

export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'rede-chromium-'));
  const exe = process.env.CHROMIUM || '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath: exe,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const close = browser.close.bind(browser);
  browser.close = async () => { await close(); rmSync(profile, { recursive: true, force: true }); };
  return browser;
}

// A fresh context (own cookies) with a page that fails the test on any
// JavaScript error or alert dialog.
// bypassCSP only where axe-core is injected (addScriptTag is inline script).
export async function newPage(browser, srv, { width = 1280, height = 900, bypassCSP = false } = {}) {
  const context = await browser.newContext({ baseURL: srv.url, viewport: { width, height }, locale: 'da-DK', bypassCSP });
  const page = await context.newPage();
  page.errors = [];
  page.dialogs = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  return page;
}

// Goes to a menu page by its link, opening the menu first where it is folded
// behind the Menu button (below 992 px).
// The menu bar is shown once the first page after sign-in is drawn: wait for
// it, or a check of the Menu button could run before it exists.
export async function menu(page, name, navName = 'Hovedmenu') {
  await page.locator('#nav-bar').waitFor();
  const toggle = page.locator('#menu-toggle');
  if (await toggle.isVisible() && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('navigation', { name: navName }).getByRole('link', { name }).click();
}

export async function login(page, username, password = PASSWORD) {
  await page.goto('/');
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await page.getByText('Log ud').waitFor();
}

// The API as a user, outside the browser (for set-up and counting).
export async function apiSession(srv, username, password = PASSWORD) {
  const r = await fetch(`${srv.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 201) throw new Error(`login ${username}: ${r.status}`);
  const { csrf_token: csrf } = await r.json();
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).filter((c) => c.startsWith('rede_session=')).join('; ');
  const call = async (method, path, body, headers = {}) => {
    const res = await fetch(`${srv.url}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('ETag'), body: text ? JSON.parse(text) : null };
  };
  return {
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b),
    patch: (p, b, etag) => call('PATCH', p, b, { 'If-Match': etag }),
    put: (p, b) => call('PUT', p, b),
  };
}

export async function screenshot(page, name) {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

// axe-core in the page; returns every violation, of any impact.
export async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return res.violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

// Text that overflows its box or the screen, or overlaps other text, measured
// with the boxes the browser laid out (each text node's line boxes). Text in
// a scrolling region (a wide table's own scroll bar) and screen-reader-only
// text is left out. Returns readable descriptions; [] when the page holds.
export async function layoutProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const vw = document.documentElement.clientWidth;
    const hiddenish = (el) => {
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return true;
        if (e.classList.contains('sr-only') || e.classList.contains('vh')) return true;
        if (cs.clipPath === 'inset(50%)' || (cs.position === 'absolute' && e.offsetWidth <= 1)) return true;
      }
      return false;
    };
    const scrolls = (el) => {
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (/(auto|scroll)/.test(cs.overflowX) && e.scrollWidth > e.clientWidth + 1) return true;
      }
      return false;
    };
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const boxes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.data.trim()) continue;
      const el = n.parentElement;
      if (!el || ['SCRIPT', 'STYLE', 'OPTION', 'TITLE'].includes(el.tagName) || el.closest('svg, dialog:not([open]), select')) continue;
      const shut = el.closest('details:not([open])');
      if (shut && !el.closest('summary')) continue;
      if (hiddenish(el)) continue;
      const r = document.createRange();
      r.selectNodeContents(n);
      const rects = [...r.getClientRects()].filter((x) => x.width > 0.5 && x.height > 0.5);
      if (!rects.length) continue;
      const inScroll = scrolls(el);
      const text = n.data.trim().slice(0, 40);
      // Overflow: past the right edge of the screen, or out of the element
      // that holds it when that element clips or is a cell of a grid/flex row.
      let box = el;
      while (box && getComputedStyle(box).display === 'inline') box = box.parentElement;
      const b = box.getBoundingClientRect();
      for (const x of rects) {
        if (!inScroll && x.right > vw + 1) problems.push(`overflows the screen: "${text}" in ${name(el)} (right ${Math.round(x.right)} > ${vw})`);
        else if (!inScroll && (x.right > b.right + 2 || x.left < b.left - 2)) problems.push(`overflows its box: "${text}" in ${name(box)}`);
      }
      boxes.push({ el, text, rects, inScroll });
    }
    // Overlap: two text line boxes of different elements sharing area.
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const A = boxes[i];
        const B = boxes[j];
        if (A.el === B.el) continue;
        for (const a of A.rects) {
          for (const c of B.rects) {
            const w = Math.min(a.right, c.right) - Math.max(a.left, c.left);
            const hgt = Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top);
            if (w > 2 && hgt > 4) {
              problems.push(`overlap: "${A.text}" (${name(A.el)}) and "${B.text}" (${name(B.el)})`);
            }
          }
        }
      }
    }
    return [...new Set(problems)].slice(0, 20);
  });
}

// Literal "null", "undefined" or "NaN" shown as text, or in an attribute a
// person reads (title, aria-label, placeholder, value of a visible input).
export async function strayText(page) {
  return page.evaluate(() => {
    const bad = /\b(null|undefined|NaN)\b/;
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement?.closest('script, style')) continue;
      if (bad.test(n.data)) found.push(`text "${n.data.trim().slice(0, 60)}" in ${n.parentElement.tagName.toLowerCase()}`);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], input, textarea')) {
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v && bad.test(v)) found.push(`${a}="${v.slice(0, 60)}" on ${el.tagName.toLowerCase()}`);
      }
      if ((el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') && bad.test(el.value || '')) found.push(`value "${el.value.slice(0, 60)}"`);
    }
    if (bad.test(document.title)) found.push(`title "${document.title}"`);
    return found;
  });
}

export { execFileSync };

// The page's script errors and console errors, without the browser's own
// line for a request that failed (the tests check those answers themselves).
export const realErrors = (page) => page.errors.filter((e) => !e.startsWith('Failed to load resource'));

// Polls fn every 200 ms until it returns something truthy (returned), or
// fails after ms with what was awaited.
export async function until(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
