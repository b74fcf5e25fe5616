// i18n.js - every UI text comes from a message catalog (web/i18n/<lang>.json);
// Danish is the default, English the second catalog. Also the Danish
// conventions: dates dd-mm-åååå, sorting with æ, ø, å after z.
const LANGS = ['da', 'en'];
const STORE_KEY = 'rede.lang';
let lang = 'da';
let catalog = {};
let fallback = {};

async function fetchCatalog(l) {
  const r = await fetch(`/i18n/${l}.json`, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(`catalog ${l}: ${r.status}`);
  return r.json();
}

function stored() {
  try { return localStorage.getItem(STORE_KEY); } catch { return null; }
}

// Loads the chosen catalog (remembered per browser) with Danish underneath,
// so a key missing in English still shows Danish rather than the key.
export async function initI18n(wanted) {
  const l = LANGS.includes(wanted) ? wanted : (LANGS.includes(stored()) ? stored() : 'da');
  fallback = await fetchCatalog('da');
  catalog = l === 'da' ? fallback : await fetchCatalog(l);
  lang = l;
  document.documentElement.lang = l;
}

export function currentLang() { return lang; }

export function setLang(l) {
  try { localStorage.setItem(STORE_KEY, l); } catch { /* private mode: not remembered */ }
}

// t('users.created', {name}) - "{name}" placeholders are replaced; the
// result is plain text and must be put in the page with textContent.
// "{count|barn|børn}" is the singular when count is 1 (or -1), else the
// plural: "1 barn", "2 børn" from one message.
export function t(key, params = {}) {
  const s = catalog[key] ?? fallback[key] ?? key;
  return s
    .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (m, k, one, many) => (k in params ? (Math.abs(Number(params[k])) === 1 ? one : many) : m))
    .replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

// Danish collation always for names (æ, ø, å sort after z), whatever the UI
// language: the names are Danish.
const daCollator = new Intl.Collator('da', { sensitivity: 'base', numeric: true });
export function compareDa(a, b) { return daCollator.compare(a ?? '', b ?? ''); }
export function sortDa(items, key = (x) => x) {
  return [...items].sort((x, y) => compareDa(key(x), key(y)));
}

// '2026-03-05' or a Date -> '05-03-2026'. Dates from the API are calendar
// dates (YYYY-MM-DD) and are never shifted by time zone.
export function formatDate(v) {
  if (v == null || v === '') return '';
  if (typeof v === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
    if (m && v.length === 10) return `${m[3]}-${m[2]}-${m[1]}`;
    v = new Date(v);
  }
  if (Number.isNaN(v.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${p(v.getDate())}-${p(v.getMonth() + 1)}-${v.getFullYear()}`;
}

// A date as people type it -> 'YYYY-MM-DD' for the API, or null: day, month,
// year in that order, separated by '-', '.', '/' or a space ('4-12-2026',
// '04.12.2026', '4/12/26', '4 12 2026') or as 8 or 6 digits ('04122026',
// '041226'). A two-digit year is 20yy unless that is more than 20 years
// ahead, then 19yy. Impossible days (31-02) are null.
export function parseDate(s) {
  const v = (s ?? '').trim();
  let m = /^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{2}|\d{4})$/.exec(v);
  if (!m) m = /^(\d{2})(\d{2})(\d{4}|\d{2})$/.exec(v);
  if (!m) return null;
  let [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[3].length === 2) {
    y += 2000;
    if (y > new Date().getFullYear() + 20) y -= 100;
  }
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// A moment (ISO 8601 with zone, e.g. the server's UTC '2026-12-05T00:50:16Z')
// as Danish local time: '05-12-2026 kl. 01:50' (English: '05-12-2026 01:50').
export function formatDateTime(v) {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) return '';
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.day}-${parts.month}-${parts.year}${lang === 'da' ? ' kl.' : ''} ${parts.hour}:${parts.minute}`;
}

// 8711 -> '8.711' (Danish) / '8,711' (English).
export function formatCount(n) {
  return new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB').format(n);
}

// øre -> '425,50 kr.' (Danish) / 'DKK 425.50' style per locale.
export function formatKroner(ore) {
  if (ore == null) return '–';
  return new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', {
    style: 'currency', currency: 'DKK', minimumFractionDigits: 2,
  }).format(ore / 100);
}

// '425,50', '1.234,5', '425' -> øre (42550, 123450, 42500); '' -> null;
// anything else -> NaN.
export function parseKroner(s) {
  let v = (s ?? '').replace(/\s|kr\.?|dkk/gi, '');
  if (v === '') return null;
  if (v.includes(',')) v = v.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(v)) v = v.replace(/\./g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return NaN;
  return Math.round(Number(v) * 100);
}
