// admin.js - the administration page (role admin): users with roles, units
// and hourly cost, disabling/enabling and ending sessions; units; a citizen's
// insight (insight.js). The server
// refuses every call here to other roles; the shell does not show the page
// to them either.
import { api, ApiError } from './api.js';
import { t, sortDa, compareDa, formatKroner, parseKroner } from './i18n.js';
import { h, clear, add } from './dom.js';
import { ssoAdminSection } from './sso.js';
import { field, selectField, checkboxGroup, checkedValues, formErrors, guardedForm } from './forms.js';
import { cardCell } from './ui.js';
import { insightSection } from './insight.js';
import { devicesSection } from './devices.js';
import { passwordSection } from './user_password.js';
import { ssoLinkSection } from './user_sso_link.js';
import { passwordErrors } from './password_rule.js';

const ROLES = ['admin', 'coordinator', 'home_pedagogue', 'health_visitor', 'daycare', 'leader', 'evaluator'];
const UNIT_KINDS = ['daycare', 'health_visiting', 'administration', 'family_department', 'ppr'];

const items = (data) => (Array.isArray(data) ? data : data?.items || []);

export async function adminView(root, { me, announce }) {
  const s = { users: [], units: [], me };

  const usersStatus = h('p', { class: 'status', role: 'status', tabindex: '-1' });
  const usersBody = h('tbody');
  const usersCount = h('p', { class: 'hint' });
  const editSlot = h('div', { id: 'edit-user-slot' });
  const createSlot = h('div');
  const unitsBody = h('tbody');
  const unitFormSlot = h('div');

  add(root, 
    h('section', { 'aria-labelledby': 'users-h', class: 'panel' },
      h('h2', { id: 'users-h' }, t('users.heading')),
      usersCount, usersStatus,
      h('div', { class: 'table-wrap', role: 'region', 'aria-label': t('table.region', { name: t('users.heading') }), tabindex: '0' },
        h('table', { class: 'table data cards', id: 'users-table' },
          h('thead', {}, h('tr', {},
            ['users.col.name', 'users.col.username', 'users.col.roles', 'users.col.units',
              'users.col.cost', 'users.col.status', 'users.col.actions'].map((k) => h('th', { scope: 'col' }, t(k))))),
          usersBody)),
      editSlot),
    h('section', { 'aria-labelledby': 'create-user-h', class: 'panel' },
      h('h2', { id: 'create-user-h' }, t('users.create_heading')), createSlot),
    h('section', { 'aria-labelledby': 'units-h', class: 'panel' },
      h('h2', { id: 'units-h' }, t('units.heading')),
      h('div', { class: 'table-wrap', role: 'region', 'aria-label': t('table.region', { name: t('units.heading') }), tabindex: '0' },
        h('table', { class: 'table data', id: 'units-table' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('units.col.name')), h('th', { scope: 'col' }, t('units.col.kind')))),
          unitsBody)),
      h('h3', { id: 'create-unit-h' }, t('units.create_heading')),
      unitFormSlot),
    insightSection(announce));
  ssoAdminSection().then((section) => root.append(section));

  // ---- loading ----
  async function loadUsers() {
    const { data } = await api.get('/api/v1/users');
    s.users = items(data);
    renderUsers();
  }
  async function loadUnits() {
    const { data } = await api.get('/api/v1/units');
    s.units = sortDa(items(data), (u) => u.name);
    renderUnits();
  }

  const roleNames = (roles) => sortDa(roles.map((r) => t(`role.${r}`))).join(', ');

  function renderUsers() {
    const sorted = [...s.users].sort((a, b) => compareDa(a.display_name, b.display_name)
      || compareDa(a.username, b.username));
    usersCount.textContent = t('users.count', { count: sorted.length });
    clear(usersBody, sorted.length === 0
      ? h('tr', {}, h('td', { colspan: '7' }, t('users.empty')))
      : sorted.map(userRow));
  }

  function userRow(u) {
    const named = (text) => [text, h('span', { class: 'vh' }, ` ${u.display_name} (${u.username})`)];
    const actions = [h('button', { type: 'button', class: 'small', dataset: { action: 'edit', id: u.id },
      onclick: () => openEdit(u.id).catch(actionFailed) }, named(t('users.edit')))];
    if (u.id !== s.me.id) {
      actions.push(h('button', { type: 'button', class: 'small secondary',
        dataset: { action: u.disabled ? 'enable' : 'disable', id: u.id },
        onclick: (ev) => toggleDisabled(u, ev.currentTarget) },
      named(t(u.disabled ? 'users.enable' : 'users.disable'))));
      if (!u.disabled) {
        actions.push(h('button', { type: 'button', class: 'small secondary', dataset: { action: 'end-sessions', id: u.id },
          onclick: (ev) => endSessions(u, ev.currentTarget) }, named(t('users.end_sessions'))));
      }
    }
    // The column name, shown beside each value when the table turns into
    // cards on narrow screens.
    const cell = (key, attrs, ...content) => cardCell(t(key), attrs, ...content);
    const status = t(u.disabled ? 'users.disabled' : 'users.active');
    return h('tr', { dataset: { username: u.username }, class: u.disabled ? 'is-disabled' : null },
      cell('users.col.name', { class: 'name' }, u.display_name),
      cell('users.col.username', {}, u.sign_in || u.username),
      cell('users.col.roles', {}, roleNames(u.roles || [])),
      cell('users.col.units', {}, sortDa((u.units || []).map((x) => x.name)).join(', ')),
      cell('users.col.cost', { class: 'num' }, formatKroner(u.hourly_cost_ore)),
      cell('users.col.status', { class: 'status-cell' }, u.service_account ? `${status} · ${t('users.service')}` : status),
      cell('users.col.actions', {}, h('div', { class: 'row-actions' }, actions)));
  }

  function renderUnits() {
    clear(unitsBody, s.units.length === 0
      ? h('tr', {}, h('td', { colspan: '2' }, t('units.empty')))
      : s.units.map((u) => h('tr', {}, h('td', {}, u.name), h('td', {}, t(`unitkind.${u.kind}`)))));
    // The unit checkboxes in the user forms follow the list, keeping what
    // the user has ticked.
    for (const fs of root.querySelectorAll('fieldset[data-field="unit_ids"]')) {
      const ticked = checkedValues(fs, 'unit_ids');
      fs.replaceWith(unitsGroup(ticked));
    }
  }

  function flash(el, text, isError = false) {
    el.textContent = text;
    el.classList.toggle('error', isError);
    announce(text);
  }

  // ---- one-click actions: a fresh read for the ETag, then the change ----
  async function toggleDisabled(u, btn) {
    btn.disabled = true;
    try {
      const { etag } = await api.get(`/api/v1/users/${u.id}`);
      const { data } = await api.patch(`/api/v1/users/${u.id}`, { disabled: !u.disabled }, etag);
      replaceUser(data);
      flash(usersStatus, t(data.disabled ? 'users.disabled_done' : 'users.enabled_done', { name: data.display_name }));
      usersBody.querySelector(`button[data-id="${data.id}"][data-action="${data.disabled ? 'enable' : 'disable'}"]`)?.focus();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      flash(usersStatus, e.summary, true);
      btn.disabled = false;
    }
  }

  async function endSessions(u, btn) {
    btn.disabled = true;
    try {
      await api.post(`/api/v1/users/${u.id}/end-sessions`);
      flash(usersStatus, t('users.sessions_ended', { name: u.display_name }));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      flash(usersStatus, e.summary, true);
    } finally {
      btn.disabled = false;
    }
  }

  function actionFailed(e) {
    if (!(e instanceof ApiError)) throw e;
    flash(usersStatus, e.summary, true);
  }

  function replaceUser(u) {
    const i = s.users.findIndex((x) => x.id === u.id);
    if (i >= 0) s.users[i] = u; else s.users.push(u);
    renderUsers();
  }

  // ---- forms ----
  const rolesGroup = (checked = []) => checkboxGroup({
    field: 'roles', legend: t('users.roles'), checked,
    options: ROLES.map((r) => [r, t(`role.${r}`)]),
  });
  const unitsGroup = (checked = []) => checkboxGroup({
    field: 'unit_ids', legend: t('users.units'), checked, empty: t('users.no_units'),
    options: s.units.map((u) => [String(u.id), u.name]),
  });
  const costField = (ore) => field({
    field: 'hourly_cost_ore', label: t('users.cost'), hint: t('users.cost_hint'), inputmode: 'decimal',
    value: ore == null ? '' : (ore / 100).toFixed(2).replace('.', ','), autocomplete: 'off',
  });

  // Every check the form can make itself, all at once: the user sees every
  // problem in one go, not one per attempt (the server checks again).
  function readCost(form, errors) {
    const ore = parseKroner(form.elements.hourly_cost_ore.value);
    if (Number.isNaN(ore)) { errors.push({ field: 'hourly_cost_ore', message: t('users.cost_invalid') }); return null; }
    return ore;
  }

  function checkUser(f, body, errors, { create }) {
    if (create) {
      if (!body.username) errors.push({ field: 'username', message: t('form.required') });
      else if (!/^[a-z0-9._-]{3,64}$/.test(body.username)) errors.push({ field: 'username', message: t('users.username_invalid') });
      errors.push(...passwordErrors(body.password, { required: false }));
      if (!body.password) delete body.password;
    }
    if (!body.display_name) errors.push({ field: 'display_name', message: t('form.required') });
    if (!body.roles.length) errors.push({ field: 'roles', message: t('users.roles_required') });
    if (errors.length) throw { title: t('form.errors_intro'), errors };
    return body;
  }

  function createUserForm() {
    const form = h('form', { id: 'create-user', novalidate: true, 'aria-labelledby': 'create-user-h' },
      formErrors(),
      h('div', { class: 'grid' },
        field({ field: 'username', label: t('users.username'), hint: t('users.username_hint'), required: true,
          autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' }),
        field({ field: 'display_name', label: t('users.display_name'), required: true, autocomplete: 'off' }),
        field({ field: 'password', label: t('users.password'), hint: t('users.password_hint'), type: 'password',
          autocomplete: 'new-password' }),
        costField(null)),
      rolesGroup(), unitsGroup(),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('users.save'))));
    guardedForm(form, {
      collect: (f) => {
        const errors = [];
        return checkUser(f, {
          username: f.elements.username.value.trim(),
          display_name: f.elements.display_name.value.trim(),
          password: f.elements.password.value,
          roles: checkedValues(f, 'roles'),
          unit_ids: checkedValues(f, 'unit_ids').map(Number),
          hourly_cost_ore: readCost(f, errors),
        }, errors, { create: true });
      },
      save: (body, key) => api.post('/api/v1/users', body, { key }),
      done: ({ data }) => {
        replaceUser(data);
        clear(createSlot, createUserForm());
        flash(usersStatus, t('users.created', { name: data.display_name }));
        usersStatus.focus();
      },
    });
    return form;
  }

  async function openEdit(id) {
    const { data: u, etag } = await api.get(`/api/v1/users/${id}`);
    const headingId = 'edit-user-h';
    const form = h('form', { id: 'edit-user', novalidate: true, 'aria-labelledby': headingId, dataset: { id: u.id } },
      formErrors(),
      h('div', { class: 'grid' },
        field({ field: 'display_name', label: t('users.display_name'), required: true, value: u.display_name,
          autocomplete: 'off' }),
        costField(u.hourly_cost_ore)),
      rolesGroup(u.roles || []),
      unitsGroup((u.units || []).map((x) => String(x.id))),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, t('users.save')),
        h('button', { type: 'button', class: 'secondary', onclick: closeEdit }, t('users.cancel'))));
    const reload = h('button', { type: 'button', class: 'secondary', hidden: true,
      onclick: () => openEdit(u.id).catch(actionFailed) },
      t('users.reload'));
    form.querySelector('.actions').append(reload);
    const section = h('section', { class: 'edit', 'aria-labelledby': headingId },
      h('h3', { id: headingId, tabindex: '-1' }, t('users.edit_heading', { name: u.display_name })), form,
      u.service_account ? null : passwordSection(u, { announce }),
      u.service_account ? null : devicesSection(u, { announce }),
      ssoLinkSection(u, { users: s.users, meId: s.me.id, done: linked }));
    guardedForm(form, {
      collect: (f) => {
        const errors = [];
        return checkUser(f, {
          display_name: f.elements.display_name.value.trim(),
          roles: checkedValues(f, 'roles'),
          unit_ids: checkedValues(f, 'unit_ids').map(Number),
          hourly_cost_ore: readCost(f, errors),
        }, errors, { create: false });
      },
      save: (body) => api.patch(`/api/v1/users/${u.id}`, body, etag),
      // A stale save keeps the input; the user may choose to start over.
      failed: (e) => { reload.hidden = e.status !== 412; },
      done: ({ data }) => {
        replaceUser(data);
        closeEdit();
        flash(usersStatus, t('users.saved', { name: data.display_name }));
        usersStatus.focus();
      },
    });
    clear(editSlot, section);
    section.querySelector('h3').focus();
  }

  // The login moved to this user: the list shows the other account disabled.
  async function linked(u, text) {
    closeEdit();
    await loadUsers();
    flash(usersStatus, text);
    usersStatus.focus();
  }

  function closeEdit() {
    clear(editSlot);
  }

  function createUnitForm() {
    const form = h('form', { id: 'create-unit', novalidate: true, 'aria-labelledby': 'create-unit-h' },
      formErrors(),
      h('div', { class: 'grid' },
        field({ field: 'name', label: t('units.name'), required: true, autocomplete: 'off' }),
        selectField({ field: 'kind', label: t('units.kind'), required: true,
          options: UNIT_KINDS.map((k) => [k, t(`unitkind.${k}`)]) })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('units.save'))));
    guardedForm(form, {
      collect: (f) => ({ name: f.elements.name.value.trim(), kind: f.elements.kind.value }),
      save: (body, key) => api.post('/api/v1/units', body, { key }),
      done: async ({ data }) => {
        await loadUnits();
        clear(unitFormSlot, createUnitForm());
        const st = h('p', { class: 'status', role: 'status', tabindex: '-1' }, t('units.created', { name: data.name }));
        unitFormSlot.prepend(st);
        announce(st.textContent);
        st.focus();
      },
    });
    return form;
  }

  await Promise.all([loadUsers(), loadUnits()]);
  clear(createSlot, createUserForm());
  clear(unitFormSlot, createUnitForm());
}
