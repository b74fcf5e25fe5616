// Language consistency: one word per concept across the UI's catalogues
// (web/i18n/glossary.json names each concept's term and the variants that
// must not appear), and the plural forms: a "{n|one|many}" message reads
// right for 1 and for 2, and no Danish message says "1 <plural>".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const read = (p) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
const glossary = read('web/i18n/glossary.json');
const catalogs = { da: read('web/i18n/da.json'), en: read('web/i18n/en.json') };

function pattern(term, entry) {
  if (entry.regex) return new RegExp(term, entry.case ? 'u' : 'iu');
  const esc = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}])${esc}(?![\\p{L}])`, entry.case ? 'u' : 'iu');
}

test('every catalogue uses the glossary\'s term, never a variant it rules out', () => {
  const found = [];
  for (const entry of glossary.terms) {
    for (const lang of ['da', 'en']) {
      for (const bad of entry[`avoid_${lang}`] || []) {
        const re = pattern(bad, entry);
        for (const [key, text] of Object.entries(catalogs[lang])) {
          if (re.test(text)) found.push(`${lang}.json ${key}: "${text}" uses "${bad}" – the word for "${entry.concept}" is "${entry[lang]}"`);
        }
      }
    }
  }
  assert.deepEqual(found, []);
});

test('the glossary is well formed: each concept has both terms, and no term is also a variant', () => {
  for (const e of glossary.terms) {
    assert.ok(e.concept && e.da && e.en, JSON.stringify(e));
    for (const lang of ['da', 'en']) {
      for (const bad of e[`avoid_${lang}`] || []) assert.notEqual(bad.toLowerCase(), e[lang].toLowerCase(), e.concept);
    }
  }
});

test('plural messages give the singular for 1 and the plural otherwise, in both languages', async () => {
  for (const lang of ['da', 'en']) {
    for (const [key, text] of Object.entries(catalogs[lang])) {
      for (const [, name, one, many] of text.matchAll(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g)) {
        assert.ok(new RegExp(`\\{${name}\\}`).test(text), `${lang} ${key}: {${name}|…} without {${name}}`);
        assert.ok(one !== undefined && many !== undefined, `${lang} ${key}`);
      }
    }
  }
  // A count beside a plural noun without the choice reads "1 børn": every
  // message with a count-like placeholder directly before a noun uses it.
  const bare = [];
  for (const [key, text] of Object.entries(catalogs.da)) {
    for (const m of text.matchAll(/\{(count|n|left|alerts|meetings)\} (\p{L}+)/gu)) {
      if (!/\|/.test(text.slice(m.index))) bare.push(`${key}: "${text}"`);
    }
  }
  const allowed = new Set(['courses.count', 'courses.count_more', 'caseload.summary', 'form.chars_used', 'form.chars_over',
    'form.too_long', 'closure.warn_goals', 'course.minutes', 'cosp.session_n', 'ho.item_n', 'fg.goal_n', 'families.more', 'contacts.show_all']);
  assert.deepEqual(bare.filter((b) => !allowed.has(b.split(':')[0])), []);
});

test('t() picks the singular for 1 and the plural for other counts', async () => {
  globalThis.localStorage = { getItem: () => 'da', setItem() {} };
  globalThis.document = { documentElement: {} };
  globalThis.fetch = async (url) => ({ ok: true, json: async () => read(`web${url}`) });
  const { initI18n, t } = await import('../../web/js/i18n.js');
  await initI18n('da');
  assert.equal(t('hv.due_count', { count: 1 }), '1 barn');
  assert.equal(t('hv.due_count', { count: 2 }), '2 børn');
  assert.equal(t('course.week_of', { week: 39, max: 40, left: 1 }), 'Uge 39 af 40 – 1 uge tilbage');
  assert.equal(t('course.week_of', { week: 34, max: 40, left: 6 }), 'Uge 34 af 40 – 6 uger tilbage');
});
