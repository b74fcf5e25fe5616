// sw.js - the service worker: the app shell (page, styles, scripts, texts)
// served from the device when there is no network (issue 20).
//
// Same-origin files are fetched from the network first (so an update is
// seen at once when online) and kept in a cache named by VERSION; without
// a network - or when it does not answer within NETWORK_WAIT_MS - the kept
// copy is served, and a page load gets the kept index.html. The API
// (/api/) is never cached here: the page keeps its own encrypted copy of
// the user's data (web/js/vault.js), and a cached API answer would be
// readable plain text.
//
// Versions: a changed sw.js installs beside the running one and WAITS; the
// page tells it "outbox-empty" once no record is left unsent, and only then
// does it take over (skipWaiting) and drop the old cache - a new version
// never takes over while a record could be lost. Bump VERSION when the
// shell list or this file's behaviour changes.
const VERSION = 'rede-shell-v8';
const NETWORK_WAIT_MS = 4000;
const SHELL = [
  '/', '/index.html', '/manifest.webmanifest', '/favicon.svg',
  '/css/rede.css', '/i18n/da.json', '/i18n/en.json', '/i18n/glossary.json', '/data/date_ranges.json',
  '/vendor/dkfds/css/dkfds.min.css', '/vendor/dkfds/js/dkfds.min.js',
  '/js/admin.js', '/js/api.js', '/js/app.js', '/js/caseload.js', '/js/chart.js', '/js/cosp.js',
  '/js/course.js', '/js/dates.js', '/js/daycare.js', '/js/devices.js', '/js/dom.js', '/js/families.js', '/js/family_groups.js',
  '/js/fds.js', '/js/forms.js', '/js/health_visits.js', '/js/i18n.js', '/js/imports.js', '/js/insight.js', '/js/offline.js',
  '/js/outbox.js', '/js/password_rule.js', '/js/referrals.js', '/js/reports.js', '/js/sparring.js', '/js/sso.js', '/js/ui.js', '/js/user_password.js', '/js/user_sso_link.js', '/js/vault.js', '/js/vocab.js',
];

self.addEventListener('install', (ev) => {
  // One file missing (e.g. no /vendor/ in a test set-up) must not stop the
  // rest from being kept; what is fetched later is kept as it comes.
  ev.waitUntil(caches.open(VERSION).then((c) => Promise.all(SHELL.map((u) =>
    fetch(u, { cache: 'reload', credentials: 'same-origin' })
      .then((r) => (r.ok ? c.put(u, r) : null))
      .catch(() => null)))));
});

self.addEventListener('message', (ev) => {
  if (ev.data?.type === 'outbox-empty') self.skipWaiting();
});

self.addEventListener('activate', (ev) => {
  ev.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('rede-shell-') && k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

function timeout(ms) {
  return new Promise((_, fail) => setTimeout(() => fail(new Error('slow network')), ms));
}

async function shell(req) {
  const cache = await caches.open(VERSION);
  const key = req.mode === 'navigate' ? '/index.html' : req;
  try {
    const r = await Promise.race([fetch(req), timeout(NETWORK_WAIT_MS)]);
    if (r.ok && r.type === 'basic') await cache.put(key, r.clone());
    return r;
  } catch (e) {
    const hit = await cache.match(key, { ignoreSearch: req.mode === 'navigate' });
    if (hit) return hit;
    throw e;
  }
}

self.addEventListener('fetch', (ev) => {
  const req = ev.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz' || url.pathname === '/sw.js') return;
  ev.respondWith(shell(req));
});
