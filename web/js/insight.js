// insight.js - the admin's answer to a citizen's request for insight (GDPR
// art. 15; issue 18): the CPR number goes to POST /api/v1/insight in the
// body, the server makes a printable Danish page (and puts that on the audit
// log), and the admin downloads it to hand to the citizen by a secure route.
// The number is cleared from the form once sent.
import { api, ApiError } from './api.js';
import { t } from './i18n.js';
import { h, clear } from './dom.js';
import { field, formErrors, guardedForm } from './forms.js';

export function insightSection(announce) {
  const result = h('div', { id: 'insight-result' });
  let url = null;
  const form = h('form', { id: 'insight-form', novalidate: true, 'aria-labelledby': 'insight-h' },
    formErrors(),
    field({ field: 'cpr', label: t('insight.cpr'), hint: t('insight.cpr_hint'), required: true,
      autocomplete: 'off', inputmode: 'numeric', spellcheck: 'false' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('insight.submit'))));
  guardedForm(form, {
    collect: (f) => ({ cpr: f.elements.cpr.value.trim(), format: 'html' }),
    save: (body, key) => api.post('/api/v1/insight', body, { key, raw: true }),
    done: ({ blob }) => {
      form.elements.cpr.value = '';
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(blob);
      const status = h('p', { class: 'status', role: 'status' }, t('insight.ready'));
      clear(result, status, h('p', {}, h('a', { href: url, download: 'indsigt.html', id: 'insight-download' }, t('insight.download'))));
      announce(status.textContent);
    },
    failed: (e) => {
      if (e instanceof ApiError && e.status === 404) {
        form.elements.cpr.value = '';
        clear(result, h('p', { class: 'status', role: 'status' }, t('insight.none')));
      } else {
        clear(result);
      }
    },
  });
  return h('section', { 'aria-labelledby': 'insight-h', class: 'panel' },
    h('h2', { id: 'insight-h' }, t('insight.heading')),
    h('p', { class: 'hint' }, t('insight.intro')),
    form, result);
}
