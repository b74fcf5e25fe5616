// forms.js - labelled fields, server errors shown next to the field they
// name, and the save guard: one submission in flight per form, the same
// Idempotency-Key while the same submission is retried.
import { h, uid, $, $$ } from './dom.js';
import { ApiError, newKey } from './api.js';
import { t } from './i18n.js';

// A labelled input with a hint and an error slot; `field` is the API's name
// for it, so errors {field, message} find their way here.
export function field({ field, label, hint, type = 'text', value = '', required = false, ...rest }) {
  const id = uid(`f-${field}`);
  const hintId = hint ? `${id}-hint` : null;
  const input = h('input', {
    id, name: field, type, value, required, 'aria-required': required ? 'true' : null,
    'aria-describedby': hintId, dataset: { field }, ...rest,
  });
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    input,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

export function selectField({ field, label, options, value = '', required = false }) {
  const id = uid(`f-${field}`);
  const sel = h('select', { id, name: field, required, dataset: { field } },
    options.map(([v, text]) => h('option', { value: v, selected: v === value ? 'selected' : null }, text)));
  return h('div', { class: 'field' },
    h('label', { for: id }, label), sel,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

// A group of checkboxes with a legend; the group carries the API field name.
export function checkboxGroup({ field, legend, options, checked = [], empty }) {
  const id = uid(`g-${field}`);
  const set = new Set(checked.map(String));
  return h('fieldset', { class: 'checks', id, dataset: { field } },
    h('legend', {}, legend),
    options.length === 0 && empty ? h('p', { class: 'hint' }, empty) : null,
    h('div', { class: 'check-list' }, options.map(([v, text]) => {
      const cid = uid(`c-${field}`);
      return h('div', { class: 'check' },
        h('input', { type: 'checkbox', id: cid, name: field, value: v, checked: set.has(String(v)) }),
        h('label', { for: cid }, text));
    })),
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

export function checkedValues(form, name) {
  return $$(`input[type=checkbox][name="${name}"]`, form).filter((c) => c.checked).map((c) => c.value);
}

// The error summary at the top of a form (errors for "" and for fields the
// form does not have).
export function formErrors() {
  return h('div', { class: 'form-errors', role: 'alert', tabindex: '-1', hidden: true });
}

function describedBy(el, id, on) {
  const ids = new Set((el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean));
  if (on) ids.add(id); else ids.delete(id);
  if (ids.size) el.setAttribute('aria-describedby', [...ids].join(' '));
  else el.removeAttribute('aria-describedby');
}

export function clearErrors(form) {
  for (const el of $$('[data-field]', form)) {
    const slot = errorSlot(el);
    if (slot) { slot.textContent = ''; slot.hidden = true; describedBy(el, slot.id, false); }
    el.removeAttribute('aria-invalid');
    el.closest('.field, .checks')?.classList.remove('invalid');
  }
  const top = $('.form-errors', form);
  if (top) { top.replaceChildren(); top.hidden = true; }
}

function errorSlot(el) {
  if (el.tagName === 'FIELDSET') return $(':scope > .field-error', el);
  return $('.field-error', el.closest('.field'));
}

function fieldEl(form, name) {
  if (!name) return null;
  // "persons/cpr", "persons[0].cpr" -> try the whole name, then the last part.
  const parts = [name, name.split(/[/.\]]/).filter(Boolean).pop()];
  for (const p of parts) {
    const el = $$('[data-field]', form).find((x) => x.dataset.field === p);
    if (el) return el;
  }
  return null;
}

// Shows an error: each {field, message} next to its field (aria-invalid,
// aria-describedby), the rest at the top; focus goes to the first problem.
export function showErrors(form, err) {
  clearErrors(form);
  const top = $('.form-errors', form);
  const rest = [];
  let first = null;
  const list = err instanceof ApiError ? err.errors : (err.errors || []);
  for (const { field: name, message } of list) {
    const el = fieldEl(form, name);
    const slot = el && errorSlot(el);
    if (!slot) { if (message) rest.push(message); continue; }
    slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    slot.hidden = false;
    describedBy(el, slot.id, true);
    if (el.tagName !== 'FIELDSET') el.setAttribute('aria-invalid', 'true');
    el.closest('.field, .checks')?.classList.add('invalid');
    first ??= el.tagName === 'FIELDSET' ? $('input', el) : el;
  }
  let summary;
  if (err instanceof ApiError) {
    // 400 with every message placed: the fields say it all; a title at the
    // top still tells a screen-reader user that something needs fixing.
    summary = err.summary;
  } else {
    summary = err.title || t('form.errors_intro');
  }
  if (top) {
    top.append(h('p', { class: 'summary' }, summary));
    if (rest.length) top.append(h('ul', {}, rest.map((m) => h('li', {}, m))));
    top.hidden = false;
  }
  if (first && !rest.length && !(err instanceof ApiError && [0, 401, 412].includes(err.status))) first.focus();
  else top?.focus();
}

// Wires a form's submit: `collect(form)` returns the body (or throws
// {errors} for client-side checks), `save(body, key)` performs it.
// While a save is in flight the submit buttons are disabled and further
// submits ignored; the Idempotency-Key stays the same as long as the body
// does, so a retry after a lost answer or a re-login creates nothing twice.
export function guardedForm(form, { collect, save, done, failed }) {
  let pending = null; // {json, key}
  let busy = false;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    let body;
    try {
      body = collect(form);
    } catch (e) {
      if (e && e.errors) { showErrors(form, e); return; }
      throw e;
    }
    const json = JSON.stringify(body);
    if (!pending || pending.json !== json) pending = { json, key: newKey() };
    busy = true;
    const buttons = $$('button[type=submit]', form);
    buttons.forEach((b) => { b.disabled = true; });
    form.setAttribute('aria-busy', 'true');
    try {
      const res = await save(body, pending.key);
      pending = null;
      clearErrors(form);
      await done?.(res, body);
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
