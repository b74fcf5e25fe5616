// compare.mjs A.json B.json [IGNORE_KEY...] - compare two crawls (crawl.mjs) of
// the same demo data by two builds: every answer (status, ETag, content type,
// body) must be byte-identical once the parts that are meant to differ are
// masked: generated_at and the CSV's "Dannet" line (the clock), csrf_token
// (random), and any object key named on the command line (a field one of
// the builds adds on purpose). Exits 1 and prints the first differences
// otherwise.
import { readFileSync } from 'node:fs';

const [fa, fb, ...ignore] = process.argv.slice(2);
const skip = new Set(['generated_at', 'csrf_token', ...ignore]);
const norm = (x) => {
  if (Array.isArray(x)) return x.map(norm);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).filter(([k]) => !skip.has(k)).map(([k, v]) => [k, norm(v)]));
  if (typeof x === 'string') return x.replace(/Dannet,[^\r\n]*/g, 'Dannet,X');
  return x;
};
const a = JSON.parse(readFileSync(fa, 'utf8'));
const b = JSON.parse(readFileSync(fb, 'utf8'));
const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
const differ = keys.filter((k) => JSON.stringify(norm(a[k])) !== JSON.stringify(norm(b[k])));
const ok = Object.values(a).filter((v) => v && v.status === 200).length;
console.log(`${keys.length} answers (${ok} of them 200), ${differ.length} differ` +
  ` (masked: ${[...skip].join(', ')}, the CSV's Dannet line)`);
for (const k of differ.slice(0, 20)) {
  const sa = JSON.stringify(norm(a[k])) ?? 'missing';
  const sb = JSON.stringify(norm(b[k])) ?? 'missing';
  let i = 0;
  while (i < sa.length && sa[i] === sb[i]) i++;
  console.log(`== ${k}\n  A: …${sa.slice(Math.max(0, i - 80), i + 160)}\n  B: …${sb.slice(Math.max(0, i - 80), i + 160)}`);
}
process.exit(differ.length ? 1 : 0);
