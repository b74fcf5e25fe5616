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

export async function startServer({ settings = {} } = {}) {
  const bin = rede();
  if (!existsSync(bin)) throw new Error(`${bin} missing: make build/asan/rede (or set REDE_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), 'rede-e2e-'));
  const db = join(dir, 'rede.db');
  const env = { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1:halt_on_error=1' };
  const run = (...args) => execFileSync(bin, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  run('init', '--db', db);
  run('demo', '--db', db);
  for (const [k, v] of Object.entries(settings)) run('setting', 'set', k, String(v), '--db', db);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', join(ROOT, 'web')],
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

export async function login(page, username, password = PASSWORD) {
  await page.goto('/');
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind' }).click();
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

// axe-core in the page; returns the serious and critical violations.
export async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

export { execFileSync };
