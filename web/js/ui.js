// ui.js - small building blocks the case pages share: Danish date fields,
// text areas, radio groups, tables that turn into cards on a tablet, a
// status line, definition lists and the page-level "could not load" note.
// Everything is built with h() (text nodes only), never innerHTML.
import { h, uid } from './dom.js';
import { formField, icon } from './forms.js';
import { t, formatDate, parseDate, formatCount } from './i18n.js';
import { dateRangeFor } from './dates.js';
import { enhance } from './fds.js';

export const items = (data) => (Array.isArray(data) ? data : data?.items || []);

export { today } from './dates.js';

export function addDays(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d + days));
  return dt.toISOString().slice(0, 10);
}

export function daysBetween(a, b) {
  const ms = (iso) => Date.UTC(...iso.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0)));
  return Math.round((ms(b) - ms(a)) / 86400000);
}

// A date field: typed as people type dates (see parseDate) or picked in
// DKFDS's date picker (fds.js enhances the .date-picker); value is an API date
// (YYYY-MM-DD) or ''. The picker offers only the field's plausible range.
export function dateField({ field, label, value = '', required = false, hint }) {
  const id = uid(`f-${field}`);
  const hintId = `${id}-hint`;
  const range = dateRangeFor(field);
  return h('div', { class: 'form-group date' },
    h('label', { class: 'form-label', for: id }, label),
    h('span', { class: 'form-hint', id: hintId }, hint || t('form.date_hint')),
    h('span', { class: 'form-error-message', id: `${id}-error`, hidden: true }),
    h('div', { class: 'date-picker', dataset: { dateformat: 'DD-MM-YYYY', minDate: range.min, maxDate: range.max, defaultValue: value || null } },
      h('input', {
        id, name: field, type: 'text', autocomplete: 'off', class: 'form-input',
        value: value ? formatDate(value) : '', required, 'aria-required': required ? 'true' : null,
        'aria-describedby': hintId, dataset: { field, kind: 'date' },
      })));
}

// A text area; `maxlength` is the server's limit: counted while typing and
// refused on submit (forms.js), never cut.
export function textArea({ field, label, value = '', required = false, hint, rows = 3, maxlength }) {
  const wrap = formField({ field, label, hint, maxlength, tag: 'textarea', rows, required });
  const ta = wrap.querySelector('textarea');
  ta.value = value;
  ta.dispatchEvent(new Event('input'));
  return wrap;
}

// Radio buttons in a fieldset; options [[value, text]]; the fieldset
// carries the API field name so errors land on it.
export function radioGroup({ field, legend, options, value = null, inline = true, name }) {
  const id = uid(`g-${field}`);
  const group = name || uid(`r-${field}`);
  return h('fieldset', { class: `checks radios${inline ? ' inline' : ''}`, id, dataset: { field } },
    h('legend', {}, legend),
    h('span', { class: 'form-error-message', id: `${id}-error`, hidden: true }),
    h('div', { class: 'check-list' }, options.map(([v, text]) => {
      const rid = uid(`r-${field}`);
      return h('div', { class: 'check form-group-radio' },
        h('input', { type: 'radio', class: 'form-radio', id: rid, name: group, value: v, checked: String(v) === String(value) }),
        h('label', { for: rid }, text));
    })));
}

export function radioValue(fieldset) {
  return fieldset.querySelector('input[type=radio]:checked')?.value ?? null;
}

export function checkbox({ field, label, checked = false, hint }) {
  const id = uid(`f-${field}`);
  return h('div', { class: 'form-group single' },
    h('span', { class: 'form-error-message', id: `${id}-error`, hidden: true }),
    h('div', { class: 'check form-group-checkbox' },
      h('input', { type: 'checkbox', class: 'form-checkbox', id, name: field, checked, dataset: { field },
        'aria-describedby': hint ? `${id}-hint` : null }),
      h('label', { for: id }, label)),
    hint ? h('span', { class: 'form-hint', id: `${id}-hint` }, hint) : null);
}

// Reads a date field: '' -> null, a date people type (parseDate) inside the
// field's plausible range (dates.js) -> 'YYYY-MM-DD', else pushes an error
// for the field onto errors. The DKFDS picker's visible input is the one read.
export function readDate(form, name, errors, { required = false } = {}) {
  const own = form.elements[name];
  const shown = own?.closest?.('.date-picker')?.querySelector('.date-picker__external-input') || own;
  const raw = shown?.value?.trim() ?? '';
  if (raw === '') {
    if (required) errors.push({ field: name, message: t('form.required') });
    return null;
  }
  const iso = parseDate(raw);
  if (!iso) { errors.push({ field: name, message: t('form.date_invalid') }); return null; }
  const range = dateRangeFor(name);
  if (iso < range.min || iso > range.max) {
    errors.push({ field: name, message: t('form.date_out_of_range', { min: formatDate(range.min), max: formatDate(range.max) }) });
    return null;
  }
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
// A table draws its first TABLE_PAGE rows, and a "Vis flere" button under it
// adds the next ones (page: how many; Infinity for a list that pages on the
// server itself, and for a table of form fields: a form reads the rows that
// are drawn). The rows are all loaded and in their order already; only
// drawing them is put off: a coordinator's 8 711 health-visit offers of the
// largest synthetic municipality took 2 s to draw at once.
export const TABLE_PAGE = 100;

export function dataTable({ id, caption, columns, rows, empty, page = TABLE_PAGE }) {
  const capId = uid('cap');
  const row = (r) => h('tr', { class: r.rowClass || null },
    columns.map((c) => cardCell(c.label, { class: c.num ? 'num' : null }, c.cell(r))));
  const body = h('tbody', {}, rows.length === 0
    ? h('tr', {}, h('td', { colspan: String(columns.length), class: 'empty' }, empty))
    : rows.slice(0, page).map(row));
  const wrap = h('div', { class: 'table-wrap', role: 'region', 'aria-label': t('table.region', { name: caption?.text ?? caption }), tabindex: '0' },
    h('table', { class: 'table data cards', id },
      h('caption', { id: capId, class: caption?.visible ? '' : 'vh' }, caption?.text ?? caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      body));
  if (rows.length <= page) return wrap;
  let shown = page;
  const count = h('p', { class: 'table-count', role: 'status', id: id ? `${id}-count` : null });
  const more = h('button', { type: 'button', class: 'button button-secondary', 'aria-controls': id || null });
  const say = () => {
    // all is always more than one page (so "rækker"); n is a number for
    // the plural choice ("1.000" would read as 1)
    count.textContent = t('table.shown', { shown: formatCount(shown), all: formatCount(rows.length) });
    more.textContent = t('table.more', { n: Math.min(page, rows.length - shown) });
    more.hidden = shown >= rows.length;
  };
  more.addEventListener('click', () => {
    const added = rows.slice(shown, shown + page).map(row);
    body.append(...added);
    shown += added.length;
    say();
    // keyboard and screen-reader users continue at the first new row: its
    // link or button, else the row itself
    const first = added[0];
    const target = first.querySelector('a[href], button, input, select, textarea') || first;
    if (target === first) first.tabIndex = -1;
    target.focus();
  });
  say();
  return h('div', { class: 'table-paged' }, wrap, count, h('div', { class: 'actions' }, more));
}

// A table cell that is a card row on a tablet: the column name is a real
// element (shown only in the card layout, hidden from screen readers, which
// have the header) beside the value, so the two are laid out, never drawn
// over each other.
export function cardCell(label, attrs, ...content) {
  return h('td', attrs, h('span', { class: 'cell-label', 'aria-hidden': 'true' }, label),
    h('div', { class: 'cell-value' }, ...content));
}

// A polite status line under a heading; say(text) / say(text, true) for errors.
// A confirmation takes the focus when the save left it nowhere (the form
// that had it was re-rendered): the user is told, and continues from there.
export function statusLine() {
  const el = h('p', { class: 'status', role: 'status', tabindex: '-1' });
  // A DKFDS success (or error) alert while it says something.
  el.say = (text, isError = false) => {
    el.replaceChildren(...(text ? [icon(isError ? 'error' : 'success', t(isError ? 'alert.error' : 'alert.success')), text] : []));
    el.className = text ? `status alert ${isError ? 'alert-error error' : 'alert-success'}` : 'status';
    const a = document.activeElement;
    if (text && !isError && (!a || a === document.body)) el.focus();
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
  const btn = h('button', { type: 'button', class: 'button button-secondary', 'aria-expanded': 'false', 'aria-controls': slot.id }, label);
  btn.addEventListener('click', () => {
    const open = btn.getAttribute('aria-expanded') === 'true';
    btn.setAttribute('aria-expanded', String(!open));
    slot.hidden = open;
    if (!open) {
      if (!slot.firstChild) { slot.append(build(() => btn.click())); enhance(slot); }
      slot.querySelector('input:not([type=hidden]):not([aria-hidden=true]), select, textarea')?.focus();
    }
  });
  return h('div', { class: 'disclosure' }, btn, slot);
}

export const dash = '–';
export const fmt = (v) => (v == null || v === '' ? dash : formatDate(v));
