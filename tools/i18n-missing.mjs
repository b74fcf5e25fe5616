// i18n-missing.mjs - lists message keys the UI uses (t('key'), t(`prefix.${x}`)
// prefixes are listed with a trailing dot) that a catalog lacks; exit 1 if any.
// Run by tests/e2e/i18n.test.mjs, so a key missing in either catalog fails make test.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const js = readdirSync(join(root, 'web/js')).filter((f) => f.endsWith('.js'))
  .map((f) => readFileSync(join(root, 'web/js', f), 'utf8')).join('\n');
const used = new Set([...js.matchAll(/\bt\('([a-z0-9_.]+)'/g)].map((m) => m[1]));
const prefixes = new Set([...js.matchAll(/\bt\(`([a-z0-9_.]+\.)\$\{/g)].map((m) => m[1]));
let missing = 0;
for (const lang of ['da', 'en']) {
  const cat = JSON.parse(readFileSync(join(root, `web/i18n/${lang}.json`), 'utf8'));
  for (const k of used) if (!(k in cat)) { console.log(`${lang}: ${k}`); missing++; }
  for (const p of prefixes) if (!Object.keys(cat).some((k) => k.startsWith(p))) { console.log(`${lang}: ${p}*`); missing++; }
}
process.exit(missing ? 1 : 0);
