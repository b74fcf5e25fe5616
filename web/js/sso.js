// sso.js - signing in with the municipality's own login (issue 17): the
// sign-in page's "Log ind med kommunens login" for a municipality chosen
// once and remembered in this browser, with the password form below it
// where the municipality allows passwords (folded away where it does not:
// break-glass accounts still need it); and the admin's view of the set-up
// and the role mapping, which operators change with `rede sso`.
import { api, ApiError } from './api.js';
import { h, clear, uid } from './dom.js';
import { t, sortDa } from './i18n.js';
import { field, formErrors, guardedForm } from './forms.js';

const STORE_KEY = 'rede.municipality';

function remembered() {
  try { return localStorage.getItem(STORE_KEY); } catch { return null; }
}

function remember(code) {
  try {
    if (code) localStorage.setItem(STORE_KEY, code); else localStorage.removeItem(STORE_KEY);
  } catch { /* private mode: asked again next time */ }
}

// The municipalities that offer their own login; [] when none do or the
// list cannot be had (the password form still works).
async function municipalities() {
  try {
    const { data } = await api.get('/api/v1/sso/municipalities', { noReauth: true });
    return sortDa(data?.items || [], (m) => m.name);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return [];
  }
}

// Fill slot with the municipal sign-in; localForm is the password form,
// shown, folded or left as it is by what the municipality allows.
export async function ssoLogin(slot, localForm) {
  const list = await municipalities();
  if (!list.length) return;
  const render = () => {
    const chosen = list.find((m) => m.code === remembered());
    if (!chosen) {
      const id = uid('sso-municipality');
      const select = h('select', { id, name: 'municipality' },
        list.map((m) => h('option', { value: m.code }, m.name)));
      const form = h('form', { class: 'sso-choose', novalidate: true },
        h('div', { class: 'field' }, h('label', { for: id }, t('sso.choose')), select),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('sso.continue'))));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        remember(select.value);
        render();
        slot.querySelector('a.sso-button')?.focus();
      });
      clear(slot, form);
      return;
    }
    const method = chosen.methods.includes('saml') ? 'saml' : 'oidc';
    const change = h('button', { type: 'button', class: 'link-button' }, t('sso.change'));
    change.addEventListener('click', () => { remember(null); render(); slot.querySelector('select')?.focus(); });
    clear(slot,
      h('div', { class: 'sso' },
        h('a', { class: 'button primary sso-button', href: `/auth/${method}/${encodeURIComponent(chosen.code)}/login` },
          t('sso.button')),
        h('p', { class: 'note' }, t('sso.for', { name: chosen.name }), ' ', change)));
    fold(localForm, chosen.local_login === false);
  };
  render();
}

// Where passwords are off, the form stays for break-glass accounts but
// behind a disclosure; elsewhere it is shown under a plain heading.
function fold(form, off) {
  const details = form.closest('details.local-login');
  if (off && !details) {
    const d = h('details', { class: 'local-login' }, h('summary', {}, t('sso.local_folded')));
    form.replaceWith(d);
    d.append(form);
  } else if (!off && details) {
    details.replaceWith(form);
  }
}

// The admin's view: methods and the role mapping (read-only: operators
// change them with `rede sso`), and passwords on or off for the
// municipality with the break-glass accounts that keep theirs.
export async function ssoAdminSection() {
  let data;
  try {
    ({ data } = await api.get('/api/v1/sso'));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return h('p', { class: 'status' }, e.summary);
  }
  const section = h('section', { 'aria-labelledby': 'sso-h', class: 'panel', id: 'sso-admin' });
  const render = (d) => {
    const method = (name, cfg, lines) => h('li', {},
      h('strong', {}, name), ': ',
      !cfg ? t('sso.admin.not_set') : `${cfg.enabled ? t('sso.admin.on') : t('sso.admin.off')} – `,
      cfg ? lines(cfg) : null);
    const rows = (d.mapping || []).map((m) => h('tr', {},
      h('td', {}, m.from), h('td', {}, t(`role.${m.role}`)), h('td', {}, m.unit ? m.unit.name : '–')));
    const enabled = h('input', { type: 'checkbox', id: 'sso-local', name: 'enabled', checked: d.local_login });
    const form = h('form', { id: 'sso-local-login', novalidate: true },
      formErrors(),
      h('div', { class: 'field checkbox' }, enabled, ' ', h('label', { for: 'sso-local' }, t('sso.admin.allow_passwords'))),
      field({ field: 'break_glass', label: t('sso.admin.break_glass'), hint: t('sso.admin.break_glass_hint'),
        value: (d.break_glass || []).join(', '), autocapitalize: 'none', spellcheck: 'false' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('sso.admin.save'))));
    guardedForm(form, {
      collect: (f) => ({
        enabled: f.elements.enabled.checked,
        break_glass: f.elements.break_glass.value.split(',').map((x) => x.trim()).filter(Boolean),
      }),
      save: (body) => api.put('/api/v1/sso/local-login', body),
      done: (res) => { render(res.data); section.querySelector('#sso-local')?.focus(); },
    });
    clear(section,
      h('h2', { id: 'sso-h' }, t('sso.admin.heading')),
      h('ul', {},
        method('SAML', d.saml, (c) => [t('sso.admin.metadata'), ' ', h('code', {}, c.metadata_url)]),
        method('OpenID Connect', d.oidc, (c) => [t('sso.admin.issuer'), ' ', h('code', {}, c.issuer)]),
        h('li', {}, h('strong', {}, t('sso.admin.passwords')), ': ',
          d.local_login ? t('sso.admin.passwords_on')
            : t('sso.admin.passwords_off', { names: (d.break_glass || []).join(', ') || '–' }))),
      h('h3', { id: 'sso-map-h' }, t('sso.admin.mapping')),
      rows.length
        ? h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'sso-map-h', tabindex: '0' },
          h('table', { class: 'data', id: 'sso-mapping' },
            h('thead', {}, h('tr', {}, [t('sso.admin.col.from'), t('sso.admin.col.role'), t('sso.admin.col.unit')]
              .map((x) => h('th', { scope: 'col' }, x)))),
            h('tbody', {}, rows)))
        : h('p', { class: 'note' }, t('sso.admin.no_mapping')),
      h('p', { class: 'hint' }, t('sso.admin.cli')),
      h('h3', {}, t('sso.admin.passwords')),
      form);
  };
  render(data);
  return section;
}
