// forms.js - labelled fields in Det Fælles Designsystem's markup (form-group,
// form-label, form-hint, form-error-message, form-input), errors shown next to
// the field they name AND listed in an error summary at the top of the form
// with a link to each field, the save guard (one submission in flight, the
// same Idempotency-Key while the same submission is retried) and what happens
// around a save: old errors and old confirmations go when the user submits
// again, focus moves to the first error in page order, or to the confirmation
// after a successful save.
import { h, uid, $, $$ } from './dom.js';
import { ApiError, newKey } from './api.js';
import { t } from './i18n.js';

// A DKFDS icon from its sprite (served from /vendor, same origin: the CSP
// allows it); `label` names it for screen readers, else it is decoration.
const SVG = 'http://www.w3.org/2000/svg';
export function icon(name, label, cls = 'alert-icon') {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', `icon-svg ${cls}`);
  svg.setAttribute('focusable', 'false');
  if (label) { svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', label); } else svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS(SVG, 'use');
  use.setAttribute('href', `/vendor/dkfds/img/all-svg-icons.svg#${name}`);
  svg.append(use);
  return svg;
}

function hintEl(id, text) {
  return text ? h('span', { class: 'form-hint', id: `${id}-hint` }, text) : null;
}

function errorEl(id) {
  return h('span', { class: 'form-error-message', id: `${id}-error`, hidden: true });
}

// Text longer than `limit` is refused (the limit is the server's: the API
// answers 400 above it); the field says how many characters are used of how
// many while the user types. No maxlength attribute: the browser would cut a
// pasted text silently.
function charCounter(input, id, limit) {
  if (!limit) return null;
  const count = h('span', { class: 'char-count', id: `${id}-count`, 'aria-live': 'polite' });
  const update = () => {
    const n = [...input.value].length;
    count.textContent = n > limit
      ? t('form.chars_over', { count: n - limit, limit })
      : t('form.chars_used', { count: n, limit });
    count.classList.toggle('over', n > limit);
  };
  input.dataset.limit = String(limit);
  input.addEventListener('input', update);
  update();
  describedBy(input, count.id, true);
  return count;
}

// A labelled input with a hint and an error slot; `field` is the API's name
// for it, so errors {field, message} find their way here. `maxlength` is the
// server's limit for the text (counted and checked, never cut).
export function field({ field, label, hint, type = 'text', value = '', required = false, maxlength, ...rest }) {
  return formField({ field, label, hint, maxlength, tag: 'input', type, value, required, ...rest });
}

// The one builder of a DKFDS form group around an input or textarea.
export function formField({ field, label, hint, maxlength, tag = 'input', required = false, ...rest }) {
  const id = uid(`f-${field}`);
  const input = h(tag, {
    id, name: field, required, class: 'form-input', 'aria-required': required ? 'true' : null,
    'aria-describedby': hint ? `${id}-hint` : null, dataset: { field }, ...rest,
  });
  return h('div', { class: 'form-group' },
    h('label', { class: 'form-label', for: id }, label),
    hintEl(id, hint), errorEl(id), input, charCounter(input, id, maxlength));
}

export function selectField({ field, label, options, value = '', required = false, hint }) {
  const id = uid(`f-${field}`);
  const sel = h('select', { id, name: field, required, class: 'form-select', dataset: { field },
    'aria-describedby': hint ? `${id}-hint` : null },
  options.map(([v, text]) => h('option', { value: v, selected: v === value ? 'selected' : null }, text)));
  return h('div', { class: 'form-group' },
    h('label', { class: 'form-label', for: id }, label), hintEl(id, hint), errorEl(id), sel);
}

// A group of checkboxes with a legend; the group carries the API field name.
export function checkboxGroup({ field, legend, options, checked = [], empty }) {
  const id = uid(`g-${field}`);
  const set = new Set(checked.map(String));
  return h('fieldset', { class: 'checks', id, dataset: { field } },
    h('legend', {}, legend),
    options.length === 0 && empty ? h('p', { class: 'hint' }, empty) : null,
    errorEl(id),
    h('div', { class: 'check-list' }, options.map(([v, text]) => {
      const cid = uid(`c-${field}`);
      return h('div', { class: 'check form-group-checkbox' },
        h('input', { type: 'checkbox', class: 'form-checkbox', id: cid, name: field, value: v, checked: set.has(String(v)) }),
        h('label', { for: cid }, text));
    })));
}

export function checkedValues(form, name) {
  return $$(`input[type=checkbox][name="${name}"]`, form).filter((c) => c.checked).map((c) => c.value);
}

// The error summary at the top of a form (DKFDS alert-error): a heading and
// every error, each a link to its field; errors for "" or for fields the form
// does not have are listed as text.
export function formErrors() {
  return h('div', { class: 'alert alert-error error-summary', tabindex: '-1', hidden: true, role: 'alert' },
    icon('error', t('alert.error')), h('div', { class: 'alert-body' }));
}

function describedBy(el, id, on) {
  const ids = new Set((el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean));
  if (on) ids.add(id); else ids.delete(id);
  if (ids.size) el.setAttribute('aria-describedby', [...ids].join(' '));
  else el.removeAttribute('aria-describedby');
}

function groupOf(el) {
  return el.tagName === 'FIELDSET' ? el : el.closest('.form-group');
}

// The confirmations a form shows after a save (status lines inside it and the
// DKFDS success alerts it made): they are old news once the user submits again.
function clearConfirmations(form) {
  const root = form.closest('main') || form;
  for (const s of $$('.status', root)) {
    if (s.say) s.say('');
    else { s.textContent = ''; s.classList.remove('error'); }
  }
  for (const a of $$('.alert-success.from-form', root)) a.remove();
}

export function clearErrors(form) {
  for (const el of $$('[data-field]', form)) {
    const slot = errorSlot(el);
    if (slot) { slot.textContent = ''; slot.hidden = true; describedBy(describedEl(el), slot.id, false); }
    inputOf(el).removeAttribute('aria-invalid');
    groupOf(el)?.classList.remove('form-error');
  }
  const top = $('.error-summary', form);
  if (top) { $('.alert-body', top).replaceChildren(); top.hidden = true; }
}

function errorSlot(el) {
  const g = groupOf(el);
  if (!g) return null;
  return el.tagName === 'FIELDSET' ? $(':scope > .form-error-message', g) : $('.form-error-message', g);
}

// The element a user types in (a date picker's visible input, not the hidden one).
function inputOf(el) {
  if (el.tagName === 'FIELDSET') return $('input, select, textarea', el) || el;
  const g = el.closest('.date-picker');
  return (g && $('.date-picker__external-input', g)) || el;
}

// What the error describes: a group (fieldset) as a whole, else the input.
function describedEl(el) {
  return el.tagName === 'FIELDSET' ? el : inputOf(el);
}

function fieldEl(form, name) {
  if (!name) return null;
  // "persons/cpr", "persons[0].cpr" -> try the whole name, then the last part.
  const parts = [name, name.split(/[/.\]]/).filter(Boolean).pop()];
  for (const p of parts) {
    const el = $$('[data-field]', form).find((x) => x.dataset.field === p && !x.classList.contains('date-picker__external-input'));
    if (el) return el;
  }
  return null;
}

function inPageOrder(a, b) {
  // eslint-disable-next-line no-bitwise
  return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

function labelText(el) {
  if (el.tagName === 'FIELDSET') return $(':scope > legend', el)?.textContent || '';
  const g = el.closest('.form-group');
  return (g && $('.form-label', g)?.textContent) || '';
}

// Shows an error: each {field, message} next to its field (aria-invalid,
// aria-describedby) and in the summary with a link to the field; focus goes to
// the first field in error in page order, or to the summary when no field is.
export function showErrors(form, err) {
  clearErrors(form);
  const top = $('.error-summary', form);
  const placed = [];
  const rest = [];
  const list = err instanceof ApiError ? err.errors : (err.errors || []);
  for (const { field: name, message } of list) {
    const el = fieldEl(form, name);
    const slot = el && errorSlot(el);
    if (!slot) { if (message) rest.push(message); continue; }
    slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    slot.hidden = false;
    const input = inputOf(el);
    describedBy(describedEl(el), slot.id, true);
    if (el.tagName !== 'FIELDSET') input.setAttribute('aria-invalid', 'true');
    groupOf(el)?.classList.add('form-error');
    if (!placed.some((p) => p.el === el)) placed.push({ el, input, message });
  }
  placed.sort((a, b) => inPageOrder(a.input, b.input));
  const status = err instanceof ApiError ? err.status : 400;
  // With fields in error the heading is the one wording for "fix these";
  // otherwise the server's sentence (conflict, no access, network) is it.
  const heading = placed.length || (err instanceof ApiError && status === 400 && rest.length)
    ? t('form.errors_intro')
    : (err instanceof ApiError ? err.summary : (err.title || t('form.errors_intro')));
  if (top) {
    const items = [
      ...placed.map(({ el, input, message }) => {
        const a = h('a', { href: `#${input.id}` }, labelText(el) ? `${labelText(el)}: ${message}` : message);
        a.addEventListener('click', (ev) => {
          // The hash is the router's: focus the field instead of navigating.
          ev.preventDefault();
          (groupOf(el)?.querySelector('label, legend') || input).scrollIntoView({ block: 'start' });
          input.focus({ preventScroll: true });
        });
        return h('li', {}, a);
      }),
      ...rest.map((m) => h('li', {}, m)),
    ];
    $('.alert-body', top).append(h('p', { class: 'alert-heading' }, heading),
      items.length ? h('ul', {}, items) : null);
    top.hidden = false;
  }
  if (placed.length && !(err instanceof ApiError && [0, 401, 412].includes(status))) placed[0].input.focus();
  else top?.focus();
}

// A confirmation after a save: a DKFDS success alert placed where `at` says
// (default: right after the form), removed by the next submit of the form;
// focus moves to it so a screen reader reads it and the keyboard user knows
// where they are.
export function confirmSaved(form, text, { at } = {}) {
  const alert = h('div', { class: 'alert alert-success from-form', tabindex: '-1', role: 'status' },
    icon('success', t('alert.success')), h('div', { class: 'alert-body' }, h('p', { class: 'alert-text' }, text)));
  if (at) at.append(alert); else form.after(alert);
  alert.focus();
  return alert;
}

// Client-side checks every form gets: text over its limit is refused.
function limitErrors(form) {
  const errors = [];
  for (const el of $$('[data-limit]', form)) {
    const n = [...el.value].length;
    const limit = Number(el.dataset.limit);
    if (n > limit) errors.push({ field: el.dataset.field, message: t('form.too_long', { count: n, limit }) });
  }
  return errors;
}

// Wires a form's submit: `collect(form)` returns the body (or throws
// {errors} for client-side checks), `save(body, key)` performs it.
// While a save is in flight the submit buttons are disabled and further
// submits ignored; the Idempotency-Key stays the same as long as the body
// does, so a retry after a lost answer or a re-login creates nothing twice.
// After a save `done(res, body)` runs; when it leaves focus nowhere (on
// <body>, or on a node it removed) focus goes to the form's status line or
// confirmation.
export function guardedForm(form, { collect, save, done, failed }) {
  let pending = null; // {json, key}
  let busy = false;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    clearErrors(form);
    clearConfirmations(form);
    let body;
    try {
      const over = limitErrors(form);
      body = collect(form);
      if (over.length) throw { errors: over };
    } catch (e) {
      if (e && e.pause) return; // the form asks the user something first
      if (e && e.errors) {
        const over = limitErrors(form);
        const known = new Set(e.errors.map((x) => x.field));
        showErrors(form, { ...e, errors: [...e.errors, ...over.filter((x) => !known.has(x.field))] });
        return;
      }
      throw e;
    }
    const json = JSON.stringify(body);
    if (!pending || pending.json !== json) pending = { json, key: newKey() };
    busy = true;
    const buttons = $$('button[type=submit]', form);
    buttons.forEach((b) => { b.disabled = true; });
    form.setAttribute('aria-busy', 'true');
    const before = document.activeElement;
    try {
      const res = await save(body, pending.key);
      pending = null;
      clearErrors(form);
      await done?.(res, body);
      focusConfirmation(form, before);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // A definite refusal (4xx other than 401/408/429) ends this
      // submission: the user will change something, which makes a new one.
      if (e.status >= 400 && e.status < 500 && ![401, 408, 429].includes(e.status)) pending = null;
      showErrors(form, e);
      failed?.(e);
    } finally {
      busy = false;
      buttons.forEach((b) => { b.disabled = false; });
      form.removeAttribute('aria-busy');
    }
  });
}

function focusConfirmation(form, before) {
  const active = document.activeElement;
  const lost = !active || active === document.body || (active === before && !document.contains(before))
    || (active === before && active.tagName === 'BUTTON');
  if (!lost) return;
  const said = [form, form.parentElement, document.querySelector('main')].filter(Boolean)
    .flatMap((root) => $$('.alert-success.from-form, .status', root))
    .find((s) => document.contains(s) && s.textContent.trim() && !s.classList.contains('error'));
  if (said) {
    if (!said.hasAttribute('tabindex')) said.setAttribute('tabindex', '-1');
    said.focus();
  }
}
