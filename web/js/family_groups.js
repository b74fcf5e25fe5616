// family_groups.js - the Aarhus family groups (DOMAIN §1.6, seed 004): the
// list of groups and a form to start one (12-16 weeks, 4-8 families), and
// the group page - its members with the child's goals from the start
// meeting, the daycare's daily scores as a chart per goal, status meetings
// every 6 weeks, rolling intake and a family leaving.
import { api, ApiError, findFamilies } from './api.js';
import { t, sortDa } from './i18n.js';
import { h, clear } from './dom.js';
import { field, selectField, checkboxGroup, checkedValues, formErrors, guardedForm, showErrors } from './forms.js';
import {
  items, today, dateField, textArea, readDate, readInt, failIf, dataTable, statusLine, section, facts,
  disclosure, fmt,
} from './ui.js';
import { scoreChart } from './chart.js';
import { daycareUnits } from './daycare.js';

const WRITERS = ['coordinator', 'health_visitor', 'home_pedagogue'];
const WORKER_ROLES = ['home_pedagogue', 'health_visitor'];
const START_PARTICIPANTS = ['parents', 'daycare', 'group_worker', 'other'];
const SCALE = { min: 1, max: 4 };
const MAX_GOALS = 8;

const can = (me, roles) => me.roles.some((r) => roles.includes(r));
const personName = (p) => `${p.given_name} ${p.family_name}`;

// Names of the staff who can be group workers: a coordinator has the staff
// directory; anyone else knows only themselves.
async function workerNames(me) {
  const names = new Map();
  if (can(me, ['coordinator'])) {
    const lists = await Promise.all(WORKER_ROLES.map((r) => api.get(`/api/v1/staff?role=${r}`)));
    for (const { data } of lists) for (const u of items(data)) names.set(u.id, u.display_name);
  }
  if (can(me, WORKER_ROLES)) names.set(me.id, me.display_name);
  return names;
}

// The group answers with its workers' names; the ids are the fallback.
const workersText = (g, names) => (g.workers ? g.workers.map((w) => w?.display_name || '–')
  : g.worker_ids.map((id) => names.get(id) || t('fg.worker_n', { id }))).join(', ');

// ---- the list and a new group: #/family-groups ----
export async function familyGroupsView(root, { me, announce }) {
  const status = statusLine();
  const slot = h('div');
  const names = await workerNames(me);
  root.append(status, section('fg-list-h', t('fg.list_heading'), slot));

  async function load() {
    const { data } = await api.get('/api/v1/family-groups');
    const list = items(data).sort((a, b) => String(b.start_on).localeCompare(String(a.start_on)));
    clear(slot, dataTable({
      id: 'groups', caption: t('fg.list_heading'), rows: list, empty: t('fg.none'),
      columns: [
        { label: t('fg.name'), cell: (g) => h('a', { href: `#/family-groups/${g.id}` }, g.name) },
        { label: t('fg.period'), cell: (g) => `${fmt(g.start_on)} – ${fmt(g.end_on)}` },
        { label: t('fg.weeks'), num: true, cell: (g) => String(g.weeks) },
        { label: t('fg.place'), cell: (g) => g.place || '–' },
        { label: t('fg.workers'), cell: (g) => workersText(g, names) },
        { label: t('fg.families'), cell: (g) => groupFill(g) },
      ],
    }));
  }

  if (can(me, WRITERS)) {
    const units = sortDa(items((await api.get('/api/v1/units')).data), (u) => u.name);
    const f = h('form', { novalidate: true, id: 'new-group' }, formErrors(),
      h('div', { class: 'grid' },
        field({ field: 'name', label: t('fg.name'), required: true, maxlength: 120, autocomplete: 'off' }),
        dateField({ field: 'start_on', label: t('fg.start_on'), value: today(), required: true }),
        field({ field: 'weeks', label: t('fg.weeks'), hint: t('fg.weeks_hint'), type: 'number', inputmode: 'numeric', min: 1, max: 52, value: '14', required: true }),
        field({ field: 'place', label: t('fg.place'), maxlength: 120, autocomplete: 'off' }),
        selectField({ field: 'unit_id', label: t('fg.unit'), options: [['', t('fg.no_unit')], ...units.map((u) => [String(u.id), u.name])] })),
      checkboxGroup({ field: 'worker_ids', legend: t('fg.workers'),
        options: sortDa([...names], ([, n]) => n).map(([id, n]) => [String(id), n]),
        checked: can(me, WORKER_ROLES) ? [String(me.id)] : [], empty: t('fg.no_workers') }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('fg.create'))));
    guardedForm(f, {
      collect: (x) => {
        const errors = [];
        const name = x.elements.name.value.trim();
        if (!name) errors.push({ field: 'name', message: t('form.required') });
        const b = {
          name, start_on: readDate(x, 'start_on', errors, { required: true }),
          weeks: readInt(x, 'weeks', errors, { required: true, min: 1, max: 52 }),
          place: x.elements.place.value.trim() || null,
          unit_id: x.elements.unit_id.value ? Number(x.elements.unit_id.value) : null,
          worker_ids: checkedValues(x, 'worker_ids').map(Number),
        };
        if (!b.worker_ids.length) errors.push({ field: 'worker_ids', message: t('fg.workers_required') });
        failIf(errors);
        return b;
      },
      save: (b, key) => api.post('/api/v1/family-groups', b, { key }),
      done: ({ data }) => { announce(t('fg.created', { name: data.name })); location.hash = `#/family-groups/${data.id}`; },
    });
    root.append(section('fg-new-h', t('fg.new_heading'), h('p', { class: 'hint' }, t('fg.new_hint')), f));
  }
  await load();
}

function groupFill(g) {
  return [String(g.active_families), ' ',
    g.below_minimum ? h('span', { class: 'badge warn' }, t('fg.below_minimum')) : null,
    g.full ? h('span', { class: 'badge' }, t('fg.full')) : null];
}

// ---- one group: #/family-groups/:id ----
export async function familyGroupView(root, { me, params, announce }) {
  const id = Number(params.id);
  const status = statusLine();
  const body = h('div');
  root.append(status, body);
  const [names, units] = await Promise.all([workerNames(me), daycareUnits()]);
  const unitName = (uid) => units.find((u) => u.id === uid)?.name || '–';
  const families = new Map();
  let g;

  async function family(fid) {
    if (!families.has(fid)) {
      families.set(fid, api.get(`/api/v1/families/${fid}`).then((r) => r.data, () => null));
    }
    return families.get(fid);
  }

  async function load() {
    const r = await api.get(`/api/v1/family-groups/${id}`);
    g = r.data;
    await Promise.all(g.members.map(async (m) => { m.family = await family(m.family_id); }));
    render();
  }
  const saved = async (text) => { families.clear(); await load(); status.say(text); announce(text); };
  const worker = () => can(me, ['coordinator']) || g.worker_ids.includes(me.id);

  function render() {
    root.querySelector('h1').textContent = g.name;
    document.title = `${g.name} – ${t('app.name')}`;
    const members = sortDa(g.members, (m) => memberName(m));
    const active = members.filter((m) => !m.left_on);
    const left = members.filter((m) => m.left_on);
    clear(body,
      section('fg-facts-h', t('fg.facts'), facts([
        [t('fg.period'), `${fmt(g.start_on)} – ${fmt(g.end_on)} (${t('fg.weeks_n', { n: g.weeks })})`],
        [t('fg.place'), g.place],
        [t('fg.workers'), workersText(g, names)],
        [t('fg.families'), groupFill(g)],
      ])),
      section('fg-members-h', t('fg.members_heading', { n: active.length }),
        active.length === 0 ? h('p', {}, t('fg.no_members')) : active.map(memberCard)),
      left.length ? section('fg-left-h', t('fg.left_heading'), left.map(memberCard)) : null,
      worker() ? section('fg-add-h', t('fg.add_heading'), h('p', { class: 'hint' }, t('fg.add_hint')), addMemberForm()) : null);
  }

  function memberName(m) {
    const child = m.family?.persons.find((p) => p.id === m.child_id);
    return child ? personName(child) : t('fg.child_n', { id: m.child_id });
  }

  function memberCard(m) {
    const hid = `fg-m-${m.id}-h`;
    const marks = m.status_meetings.map((s) => s.held_on);
    return h('article', { class: 'fg-member', id: `fg-member-${m.id}`, 'aria-labelledby': hid },
      h('h3', { id: hid }, memberName(m)),
      facts([
        [t('fg.family'), m.family ? h('a', { href: `#/families/${m.family_id}` }, m.family.name) : null],
        [t('fg.daycare'), unitName(m.daycare_unit_id)],
        [t('fg.joined_on'), fmt(m.joined_on)],
        [t('fg.start_meeting'), m.start_meeting_on ? `${fmt(m.start_meeting_on)} (${(m.start_participants || '').split(',').filter(Boolean).map((p) => t(`fgpart.${p}`)).join(', ')})`
          : t('fg.start_meeting_missing')],
        [t('fg.status_meetings'), m.status_meetings.length ? m.status_meetings.map((s) => fmt(s.held_on)).join(', ') : null],
        [t('fg.next_status'), m.next_status_meeting_on ? [fmt(m.next_status_meeting_on), ' ',
          m.status_meeting_due ? h('span', { class: 'badge warn' }, t('fg.status_due')) : null] : null],
        [t('fg.left_on'), m.left_on ? `${fmt(m.left_on)}: ${m.left_reason || ''}` : null],
      ]),
      m.goals.length ? h('div', { class: 'fg-goals' }, m.goals.map((goal) => h('div', { class: 'goal fg-goal' },
        h('h4', {}, goal.text),
        scoreChart(goal, SCALE, { marks })))) : null,
      worker() && !m.left_on ? h('div', { class: 'actions fg-actions' },
        !m.start_meeting_on ? disclosure(h('span', {}, t('fg.start_meeting_record'), h('span', { class: 'vh' }, ` ${memberName(m)}`)), (close) => startForm(m, close)) : null,
        m.start_meeting_on ? disclosure(h('span', {}, t('fg.status_record'), h('span', { class: 'vh' }, ` ${memberName(m)}`)), (close) => statusForm(m, close)) : null,
        disclosure(h('span', {}, t('fg.leave'), h('span', { class: 'vh' }, ` ${memberName(m)}`)), (close) => leaveForm(m, close))) : null);
  }

  function goalRow(list) {
    const n = list.children.length + 1;
    return field({ field: 'goal', label: t('fg.goal_n', { n }), maxlength: 1000, autocomplete: 'off' });
  }

  function startForm(m, close) {
    const list = h('div', { class: 'fg-goal-rows' });
    list.append(goalRow(list));
    list.append(goalRow(list));
    const add = h('button', { type: 'button', class: 'secondary' }, t('fg.goal_add'));
    add.addEventListener('click', () => {
      if (list.children.length >= MAX_GOALS) return;
      const row = goalRow(list);
      list.append(row);
      row.querySelector('input').focus();
      add.hidden = list.children.length >= MAX_GOALS;
    });
    const f = h('form', { novalidate: true, class: 'fg-start-form' }, formErrors(),
      dateField({ field: 'held_on', label: t('fg.held_on'), value: today(), required: true }),
      checkboxGroup({ field: 'participants', legend: t('fg.participants'),
        options: START_PARTICIPANTS.map((p) => [p, t(`fgpart.${p}`)]), checked: ['parents', 'daycare', 'group_worker'] }),
      h('fieldset', { class: 'checks', dataset: { field: 'goals' } },
        h('legend', {}, t('fg.goals')),
        h('p', { class: 'hint' }, t('fg.goals_hint')),
        list, h('div', { class: 'actions' }, add),
        h('p', { class: 'field-error', hidden: true, id: `fg-goals-${m.id}-error` })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('fg.start_save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => {
        const errors = [];
        const goals = [...x.querySelectorAll('input[name=goal]')].map((i) => i.value.trim()).filter(Boolean).map((text) => ({ text }));
        if (!goals.length) errors.push({ field: 'goals', message: t('fg.goals_required') });
        const b = { held_on: readDate(x, 'held_on', errors, { required: true }), participants: checkedValues(x, 'participants'), goals };
        failIf(errors);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/family-group-members/${m.id}/start-meeting`, b, { key }),
      done: () => saved(t('fg.start_saved', { name: memberName(m) })),
    });
    return f;
  }

  function statusForm(m, close) {
    const f = h('form', { novalidate: true, class: 'fg-status-form' }, formErrors(),
      dateField({ field: 'held_on', label: t('fg.held_on'), value: today(), required: true }),
      textArea({ field: 'note', label: t('fg.status_note'), rows: 3, maxlength: 1000 }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('fg.status_save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => {
        const errors = [];
        const b = { held_on: readDate(x, 'held_on', errors, { required: true }), note: x.elements.note.value.trim() || null };
        failIf(errors);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/family-group-members/${m.id}/status-meetings`, b, { key }),
      done: () => saved(t('fg.status_saved', { name: memberName(m) })),
    });
    return f;
  }

  function leaveForm(m, close) {
    const f = h('form', { novalidate: true, class: 'fg-leave-form' }, formErrors(),
      dateField({ field: 'left_on', label: t('fg.left_on'), value: today(), required: true }),
      field({ field: 'reason', label: t('fg.left_reason'), maxlength: 1000, required: true, autocomplete: 'off' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('fg.leave_save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => {
        const errors = [];
        const reason = x.elements.reason.value.trim();
        if (!reason) errors.push({ field: 'reason', message: t('form.required') });
        const b = { left_on: readDate(x, 'left_on', errors, { required: true }), reason };
        failIf(errors);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/family-group-members/${m.id}/leave`, b, { key }),
      done: () => saved(t('fg.left_saved', { name: memberName(m) })),
    });
    return f;
  }

  function addMemberForm() {
    const search = h('div', { class: 'fg-search' },
      field({ field: 'q', label: t('fg.search_family'), hint: t('families.search_hint'), type: 'search', autocomplete: 'off' }),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'fg-search-btn' }, t('families.search'))));
    const famField = selectField({ field: 'family_id', label: t('fg.family'), options: [['', t('fg.search_first')]] });
    const childField = selectField({ field: 'child_id', label: t('fg.child'), options: [['', t('fg.family_first')]] });
    const f = h('form', { novalidate: true, id: 'add-member' }, formErrors(), search,
      h('div', { class: 'grid' }, famField, childField,
        selectField({ field: 'daycare_unit_id', label: t('fg.daycare'), options: [['', t('form.choose')], ...units.map((u) => [String(u.id), u.name])] }),
        dateField({ field: 'joined_on', label: t('fg.joined_on'), value: today(), required: true })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('fg.add_save'))));
    const fill = (sel, opts) => clear(sel, opts.map(([v, text]) => h('option', { value: v }, text)));
    const runSearch = async () => {
      const q = f.elements.q.value.trim();
      if (q.length < 2) { showErrors(f, { errors: [{ field: 'q', message: t('families.search_short') }] }); return; }
      try {
        const data = await findFamilies(q);
        const list = sortDa(items(data), (x) => x.name);
        fill(f.elements.family_id, [['', t(list.length ? 'form.choose' : 'families.none_found')], ...list.map((x) => [String(x.id), x.name])]);
        status.say(t('families.found', { count: list.length }));
        f.elements.family_id.focus();
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        showErrors(f, e);
      }
    };
    search.querySelector('#fg-search-btn').addEventListener('click', runSearch);
    f.elements.q.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); runSearch(); } });
    f.elements.family_id.addEventListener('change', async () => {
      const fid = Number(f.elements.family_id.value);
      if (!fid) { fill(f.elements.child_id, [['', t('fg.family_first')]]); return; }
      const fam = await family(fid);
      const kids = (fam?.persons || []).filter((p) => p.kind === 'child');
      fill(f.elements.child_id, kids.length ? kids.map((c) => [String(c.id), personName(c)]) : [['', t('fg.no_child')]]);
    });
    guardedForm(f, {
      collect: (x) => {
        const errors = [];
        const need = (n, msg) => { const v = Number(x.elements[n].value); if (!v) errors.push({ field: n, message: msg }); return v; };
        const b = {
          family_id: need('family_id', t('fg.family_choose')), child_id: need('child_id', t('fg.child_choose')),
          daycare_unit_id: need('daycare_unit_id', t('fg.daycare_choose')),
          joined_on: readDate(x, 'joined_on', errors, { required: true }),
        };
        failIf(errors);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/family-groups/${id}/members`, b, { key }),
      done: () => saved(t('fg.member_added')),
    });
    return f;
  }

  await load();
}
