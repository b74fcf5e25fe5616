// The catalog helpers without a browser: Danish dates, sorting and kroner,
// and the two catalogs having the same keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { formatDate, parseDate, sortDa, parseKroner, formatKroner, formatCount } from '../../web/js/i18n.js';

test('dates are dd-mm-åååå both ways', () => {
  assert.equal(formatDate('2026-03-05'), '05-03-2026');
  assert.equal(formatDate(''), '');
  assert.equal(parseDate('05-03-2026'), '2026-03-05');
  assert.equal(parseDate('5.3.2026'), '2026-03-05');
  assert.equal(parseDate('31-02-2026'), null);
  assert.equal(parseDate('2026-03-05'), null);
  // as people type them (issue 21 item 4)
  for (const typed of ['4-12-2026', '04.12.2026', '04122026', '4/12/26', '4 12 2026', '041226', ' 4.12.26 ']) {
    assert.equal(parseDate(typed), '2026-12-04', typed);
  }
  assert.equal(parseDate('4/12/2'), null);
  assert.equal(parseDate('32122026'), null);
  assert.equal(parseDate('4/13/26'), null);
});

test('counts are written the Danish way: a full stop between thousands', () => {
  assert.equal(formatCount(100), '100');
  assert.equal(formatCount(8711), '8.711');
  assert.equal(formatCount(1234567), '1.234.567');
});

test('Danish sorting puts æ, ø, å after z, in that order', () => {
  assert.deepEqual(sortDa(['Åse', 'Øjvind', 'Ærø', 'Zenia']), ['Zenia', 'Ærø', 'Øjvind', 'Åse']);
});

test('kroner typed the Danish way become øre', () => {
  assert.equal(parseKroner('425,50'), 42550);
  assert.equal(parseKroner('425'), 42500);
  assert.equal(parseKroner('1.234,5'), 123450);
  assert.equal(parseKroner('1.234'), 123400);
  assert.equal(parseKroner(' 99,9 kr. '), 9990);
  assert.equal(parseKroner(''), null);
  assert.ok(Number.isNaN(parseKroner('mange')));
  assert.ok(Number.isNaN(parseKroner('1,234,5')));
  assert.match(formatKroner(42550), /425,50/);
  assert.equal(formatKroner(null), '–');
});

test('da.json and en.json have the same keys, and the code uses only those', () => {
  const da = JSON.parse(readFileSync(join(ROOT, 'web/i18n/da.json'), 'utf8'));
  const en = JSON.parse(readFileSync(join(ROOT, 'web/i18n/en.json'), 'utf8'));
  assert.deepEqual(Object.keys(en).sort(), Object.keys(da).sort());
  for (const f of ['app.js', 'admin.js', 'api.js', 'forms.js']) {
    const src = readFileSync(join(ROOT, 'web/js', f), 'utf8');
    for (const [, key] of src.matchAll(/\bt\('([a-z_.0-9]+)'/g)) {
      assert.ok(key in da, `${f}: ${key} missing from da.json`);
    }
  }
});

test('every message key the pages use is in both catalogs', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [join(ROOT, 'tools/i18n-missing.mjs')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `missing keys:\n${r.stdout}`);
});
