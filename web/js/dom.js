// dom.js - building the page without innerHTML: every piece of data goes in
// as a text node, so a name like "<script>…" is shown, never run.
let seq = 0;
export function uid(prefix = 'id') { seq += 1; return `${prefix}-${seq}`; }

// Buttons wear Det Fælles Designsystem's classes: a submit button or one
// marked 'primary' is DKFDS's primary button, any other a secondary one,
// unless the caller chose a DKFDS class itself ('button …', 'function-link',
// 'accordion-button', 'tab-button').
const OWN_BUTTON = /(^|\s)(button|function-link|accordion-button|tab-button|date-picker__\S+)(\s|$)/;
function buttonClass(attrs) {
  const cls = attrs.class || '';
  if (OWN_BUTTON.test(cls)) return cls;
  const primary = /(^|\s)primary(\s|$)/.test(cls) || (attrs.type === 'submit' && !/(^|\s)secondary(\s|$)/.test(cls));
  const rest = cls.split(/\s+/).filter((c) => c && c !== 'primary' && c !== 'secondary');
  return ['button', primary ? 'button-primary' : 'button-secondary', ...rest].join(' ');
}

// h('button', {type: 'submit', class: 'primary', onclick: fn}, 'Gem')
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  if (tag === 'button') attrs = { ...attrs, class: buttonClass(attrs || {}) };
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

// add(el, a, null, b): like el.append, but null/false children are left out
// (the DOM's own append writes them as the text "null").
export function add(el, ...children) {
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
