// ui.js - small building blocks the case pages share: Danish date fields,
// text areas, radio groups, tables that turn into cards on a tablet, a
// status line, definition lists and the page-level "could not load" note.
// Everything is built with h() (text nodes only), never innerHTML.
import { h, uid } from './dom.js';
import { t, formatDate, parseDate } from './i18n.js';

export const items = (data) => (Array.isArray(data) ? data : data?.items || []);

// Today as YYYY-MM-DD in the user's own time zone (the day they are living).
export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function addDays(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d + days));
  return dt.toISOString().slice(0, 10);
}

export function daysBetween(a, b) {
  const ms = (iso) => Date.UTC(...iso.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0)));
  return Math.round((ms(b) - ms(a)) / 86400000);
}

// A date typed as dd-mm-åååå; value is an API date (YYYY-MM-DD) or ''.
export function dateField({ field, label, value = '', required = false, hint }) {
  const id = uid(`f-${field}`);
  const hintId = `${id}-hint`;
  return h('div', { class: 'field date' },
    h('label', { for: id }, label),
    h('p', { class: 'hint', id: hintId }, hint || t('form.date_hint')),
    h('input', {
      id, name: field, type: 'text', inputmode: 'numeric', autocomplete: 'off',
      value: value ? formatDate(value) : '', required, 'aria-required': required ? 'true' : null,
      'aria-describedby': hintId, dataset: { field, kind: 'date' }, size: 10,
    }),
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

export function textArea({ field, label, value = '', required = false, hint, rows = 3, maxlength }) {
  const id = uid(`f-${field}`);
  const hintId = hint ? `${id}-hint` : null;
  const ta = h('textarea', { id, name: field, rows, required, maxlength, 'aria-required': required ? 'true' : null,
    'aria-describedby': hintId, dataset: { field } });
  ta.value = value;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    ta,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

// Radio buttons in a fieldset; options [[value, text]]; the fieldset
// carries the API field name so errors land on it.
export function radioGroup({ field, legend, options, value = null, inline = true, name }) {
  const id = uid(`g-${field}`);
  const group = name || uid(`r-${field}`);
  return h('fieldset', { class: `checks radios${inline ? ' inline' : ''}`, id, dataset: { field } },
    h('legend', {}, legend),
    h('div', { class: 'check-list' }, options.map(([v, text]) => {
      const rid = uid(`r-${field}`);
      return h('div', { class: 'check' },
        h('input', { type: 'radio', id: rid, name: group, value: v, checked: String(v) === String(value) }),
        h('label', { for: rid }, text));
    })),
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

export function radioValue(fieldset) {
  return fieldset.querySelector('input[type=radio]:checked')?.value ?? null;
}

export function checkbox({ field, label, checked = false, hint }) {
  const id = uid(`f-${field}`);
  return h('div', { class: 'field check single' },
    h('div', { class: 'check' },
      h('input', { type: 'checkbox', id, name: field, checked, dataset: { field } }),
      h('label', { for: id }, label)),
    hint ? h('p', { class: 'hint' }, hint) : null,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

// Reads a dd-mm-åååå field: '' -> null, valid -> 'YYYY-MM-DD', else pushes
// a Danish error for the field onto errors.
export function readDate(form, name, errors, { required = false } = {}) {
  const raw = form.elements[name]?.value?.trim() ?? '';
  if (raw === '') {
    if (required) errors.push({ field: name, message: t('form.required') });
    return null;
  }
  const iso = parseDate(raw);
  if (!iso) errors.push({ field: name, message: t('form.date_invalid') });
  return iso;
}

export function readInt(form, name, errors, { required = false, min, max } = {}) {
  const raw = form.elements[name]?.value?.trim() ?? '';
  if (raw === '') {
    if (required) errors.push({ field: name, message: t('form.required') });
    return null;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || (min != null && n < min) || (max != null && n > max)) {
    errors.push({ field: name, message: t('form.int_invalid', { min: min ?? 0, max: max ?? '' }) });
    return null;
  }
  return n;
}

// Throws the collected client-side errors the way guardedForm expects.
export function failIf(errors) {
  if (errors.length) throw { title: t('form.errors_intro'), errors };
}

// A table that becomes cards below 900 px; columns [{key, label, cell(row),
// num}]; cell returns text or nodes.
export function dataTable({ id, caption, columns, rows, empty }) {
  const capId = uid('cap');
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': capId, tabindex: '0' },
    h('table', { class: 'data cards', id },
      h('caption', { id: capId, class: caption?.visible ? '' : 'vh' }, caption?.text ?? caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.length === 0
        ? h('tr', {}, h('td', { colspan: String(columns.length) }, empty))
        : rows.map((r) => h('tr', { class: r.rowClass || null },
          columns.map((c) => h('td', { 'data-label': c.label, class: c.num ? 'num' : null }, c.cell(r))))))));
}

// A polite status line under a heading; say(text) / say(text, true) for errors.
export function statusLine() {
  const el = h('p', { class: 'status', role: 'status' });
  el.say = (text, isError = false) => {
    el.textContent = text;
    el.classList.toggle('error', isError);
  };
  return el;
}

// <dl> from [[term, value]] leaving out empty values.
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v != null && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function section(id, title, ...children) {
  return h('section', { class: 'panel', 'aria-labelledby': id },
    h('h2', { id }, title), ...children);
}

// A button that reveals a form below it; the form's first field gets focus.
export function disclosure(label, build, { id } = {}) {
  const slot = h('div', { class: 'disclosure-body', hidden: true, id: id || uid('disc') });
  const btn = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': slot.id }, label);
  btn.addEventListener('click', () => {
    const open = btn.getAttribute('aria-expanded') === 'true';
    btn.setAttribute('aria-expanded', String(!open));
    slot.hidden = open;
    if (!open) {
      if (!slot.firstChild) slot.append(build(() => btn.click()));
      slot.querySelector('input:not([type=hidden]), select, textarea')?.focus();
    }
  });
  return h('div', { class: 'disclosure' }, btn, slot);
}

export const dash = '–';
export const fmt = (v) => (v == null || v === '' ? dash : formatDate(v));
