// temporary probe (not a test): node tests/e2e/_probe.mjs user hash width
import { startServer, launchBrowser, newPage, login, screenshot } from './harness.mjs';
const [user, hash, width] = process.argv.slice(2);
const srv = await startServer();
const browser = await launchBrowser();
try {
  const p = await newPage(browser, srv, { width: Number(width || 1280) });
  p.on('response', (r) => { if (r.status() >= 400) console.log('HTTP', r.status(), r.url()); });
  await login(p, user);
  await p.goto(`/${hash}`);
  await p.waitForTimeout(4000);
  console.log(await p.evaluate(() => { const out = []; const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); for (let n = w.nextNode(); n; n = w.nextNode()) if (/null|undefined|NaN/.test(n.data)) out.push(n.parentElement.outerHTML.slice(0, 300) + ' <<< ' + n.parentElement.parentElement.outerHTML.slice(0, 400)); return out.join('\n'); }));
  console.log('busy', await p.evaluate(() => !!document.querySelector('main[aria-busy], main .loading')));
  console.log('errors', p.errors);
  await screenshot(p, `probe-${user}-${width || 1280}`);
} finally { await browser.close(); await srv.stop(); }
