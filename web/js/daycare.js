// daycare.js - the cooperation with daycare (DOMAIN §1.6): the handover
// conversation on the family page (staff record what the parents agreed to
// share), the daycare user's own page (today's children with their
// family-group goals and a daily score form that takes seconds, and the
// handovers shared with the institution - exactly what the API returns,
// nothing else) and the consultant visits' annual wheel.
import { api, ApiError } from './api.js';
import { t, sortDa, formatDate } from './i18n.js';
import { h, clear, uid, add } from './dom.js';
import { field, selectField, checkboxGroup, checkedValues, formErrors, guardedForm, showErrors } from './forms.js';
import {
  items, today, dateField, textArea, radioGroup, radioValue, readDate, failIf, dataTable, statusLine,
  section, facts, disclosure, fmt,
} from './ui.js';

const HO_TOPICS = ['sleep', 'food', 'language', 'development', 'routines', 'relations', 'health', 'other'];
const HO_PARTICIPANTS = ['parents', 'health_visitor', 'daycare', 'home_pedagogue', 'other'];
const HO_STAFF = ['coordinator', 'health_visitor', 'home_pedagogue'];
export const SCORES = [1, 2, 3, 4];
const CV_STATES = ['planned', 'overdue', 'done', 'missed'];

const can = (me, roles) => me.roles.some((r) => roles.includes(r));
const childName = (c) => `${c.given_name} ${c.family_name}`;

export async function daycareUnits() {
  const { data } = await api.get('/api/v1/units');
  return sortDa(items(data).filter((u) => u.kind === 'daycare'), (u) => u.name);
}

// ---- the handover conversation, on the family page ----
// Returns the section (it fills itself); only for the staff who record.
export function handoverSection(fam, { me, announce }) {
  if (!can(me, HO_STAFF)) return null;
  const status = statusLine();
  const slot = h('div', {}, h('p', { class: 'loading-inline' }, t('loading')));
  const children = fam.persons.filter((p) => p.kind === 'child');
  const share = fam.consents.filter((c) => c.purpose === 'share_daycare' && c.active);
  let units = [];

  async function load() {
    const [{ data }, u] = await Promise.all([api.get(`/api/v1/handovers?family_id=${fam.id}`), daycareUnits()]);
    units = u;
    const unitName = new Map(units.map((x) => [x.id, x.name]));
    const byId = new Map(fam.persons.map((p) => [p.id, p]));
    const list = items(data).sort((a, b) => String(b.held_on).localeCompare(String(a.held_on)));
    clear(slot,
      dataTable({
        id: 'handovers', caption: t('ho.heading'), rows: list, empty: t('ho.none'),
        columns: [
          { label: t('ho.held_on'), cell: (x) => fmt(x.held_on) },
          { label: t('ho.child'), cell: (x) => (byId.get(x.child_id) ? childName(byId.get(x.child_id)) : '–') },
          { label: t('ho.unit'), cell: (x) => unitName.get(x.unit_id) || '–' },
          { label: t('ho.participants'), cell: (x) => x.participants.map((p) => t(`participant.${p}`)).join(', ') },
          { label: t('ho.items'), cell: (x) => sharedItems(x.items) },
        ],
      }),
      children.length ? disclosure(t('ho.record'), newForm, { id: 'handover-form-slot' })
        : h('p', { class: 'hint' }, t('ho.need_child')));
  }

  function itemRow(list) {
    const row = h('fieldset', { class: 'group ho-item' });
    const remove = h('button', { type: 'button', class: 'small secondary' }, t('ho.item_remove'));
    const legend = h('legend', {});
    row.append(legend,
      h('div', { class: 'grid' },
        selectField({ field: 'item_topic', label: t('ho.item_topic'), options: HO_TOPICS.map((x) => [x, t(`hotopic.${x}`)]) }),
        textArea({ field: 'item_text', label: t('ho.item_text'), rows: 2, maxlength: 4000 })),
      h('div', { class: 'actions' }, remove));
    remove.addEventListener('click', () => {
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber(list);
      next?.querySelector('select')?.focus();
    });
    return row;
  }

  function renumber(list) {
    const rows = [...list.querySelectorAll('.ho-item')];
    rows.forEach((r, i) => {
      r.querySelector('legend').textContent = t('ho.item_n', { n: i + 1 });
      const btn = r.querySelector('.actions button');
      btn.hidden = rows.length === 1;
      btn.replaceChildren(t('ho.item_remove'), h('span', { class: 'vh' }, ` ${t('ho.item_n', { n: i + 1 })}`));
    });
  }

  function newForm(close) {
    const mine = HO_PARTICIPANTS.filter((p) => me.roles.includes(p));
    const list = h('div', { class: 'ho-items' });
    list.append(itemRow(list));
    renumber(list);
    const add = h('button', { type: 'button', class: 'secondary' }, t('ho.item_add'));
    add.addEventListener('click', () => {
      const row = itemRow(list);
      list.append(row);
      renumber(list);
      row.querySelector('select').focus();
    });
    const consent = h('fieldset', { class: 'checks consent-state', dataset: { field: 'family_id' }, id: uid('g-consent') },
      h('legend', {}, t('ho.consent')),
      h('p', {}, share.length ? t('ho.consent_ok', { date: formatDate(share[0].given_on) }) : t('ho.consent_missing')),
      h('span', { class: 'form-error-message', id: uid('g-consent-error'), hidden: true }));
    const f = h('form', { novalidate: true, id: 'handover-form' }, formErrors(), consent,
      h('div', { class: 'grid' },
        selectField({ field: 'child_id', label: t('ho.child'), options: children.map((c) => [String(c.id), childName(c)]) }),
        selectField({ field: 'unit_id', label: t('ho.unit'), options: [['', t('form.choose')], ...units.map((u) => [String(u.id), u.name])] }),
        dateField({ field: 'held_on', label: t('ho.held_on'), value: today(), required: true })),
      checkboxGroup({ field: 'participants', legend: t('ho.participants'),
        options: HO_PARTICIPANTS.map((p) => [p, t(`participant.${p}`)]), checked: ['parents', 'daycare', ...mine] }),
      h('fieldset', { class: 'checks', dataset: { field: 'items' }, id: uid('g-items') },
        h('legend', {}, t('ho.items')),
        h('p', { class: 'hint' }, t('ho.items_hint')),
        list,
        h('div', { class: 'actions' }, add),
        h('span', { class: 'form-error-message', id: uid('g-items-error'), hidden: true })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ho.save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => {
        const errors = [];
        const unit = x.elements.unit_id.value;
        if (!unit) errors.push({ field: 'unit_id', message: t('ho.unit_choose') });
        const rows = [...x.querySelectorAll('.ho-item')].map((r) => ({
          topic: r.querySelector('select').value, text: r.querySelector('textarea').value.trim(),
        })).filter((r) => r.text);
        if (!rows.length) errors.push({ field: 'items', message: t('ho.items_required') });
        const b = {
          family_id: fam.id, child_id: Number(x.elements.child_id.value), unit_id: Number(unit),
          held_on: readDate(x, 'held_on', errors, { required: true }),
          participants: checkedValues(x, 'participants'), items: rows,
        };
        failIf(errors);
        return b;
      },
      save: (b, key) => api.post('/api/v1/handovers', b, { key }),
      done: async () => {
        await load();
        status.say(t('ho.saved'));
        announce(t('ho.saved'));
      },
    });
    return f;
  }

  load().catch((e) => {
    if (!(e instanceof ApiError)) throw e;
    clear(slot, h('p', { class: 'error' }, e.summary));
  });
  return section('handovers-h', t('ho.heading'), h('p', { class: 'hint' }, t('ho.hint')), status, slot);
}

function sharedItems(list) {
  return h('ul', { class: 'shared-items' }, list.map((i) => h('li', {},
    h('strong', {}, `${t(`hotopic.${i.topic}`)}: `), i.text)));
}

// ---- the daycare user's page: #/daycare ----
export async function daycareHomeView(root, { me, announce }) {
  const status = statusLine();
  const childrenSlot = h('div');
  const handoverSlot = h('div');
  const unitName = new Map((me.units || []).map((u) => [u.id, u.name]));
  add(root, status,
    section('dc-children-h', t('dc.children_heading'), h('p', { class: 'hint' }, t('dc.children_hint')), childrenSlot),
    section('dc-handovers-h', t('dc.handovers_heading'), h('p', { class: 'hint' }, t('dc.handovers_hint')), handoverSlot));

  function todayText(s) {
    return s ? t('dc.today_given', { score: s.score, label: t(`score.${s.score}`) }) + (s.did ? ` – ${s.did}` : '') : t('dc.today_none');
  }

  function scoreForm(child, goal) {
    const now = h('p', { class: `today-score${goal.today ? ' given' : ''}`, role: 'status' }, todayText(goal.today));
    const f = h('form', { novalidate: true, class: 'score-form', dataset: { goal: String(goal.id) } }, formErrors(),
      radioGroup({ field: 'score', legend: [t('dc.score_legend'), h('span', { class: 'vh' }, ` (${goal.text})`)],
        options: SCORES.map((s) => [String(s), `${s} – ${t(`score.${s}`)}`]), value: goal.today ? String(goal.today.score) : null }),
      h('div', { class: 'score-did' },
        field({ field: 'did', label: [t('dc.did'), h('span', { class: 'vh' }, ` (${goal.text})`)], hint: t('dc.did_hint'), maxlength: 1000, value: goal.today?.did || '', autocomplete: 'off' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('dc.save'),
          h('span', { class: 'vh' }, ` ${childName(child.child)}: ${goal.text}`)))));
    guardedForm(f, {
      collect: (x) => {
        const v = radioValue(x.querySelector('[data-field=score]'));
        failIf(v ? [] : [{ field: 'score', message: t('dc.score_choose') }]);
        return { goal_id: goal.id, score: Number(v), did: x.elements.did.value.trim() || null };
      },
      save: (b, key) => api.post('/api/v1/daycare/scores', b, { key, label: childName(child.child) }),
      done: ({ data, queued }) => {
        if (queued) {
          status.say(t('outbox.queued'));
          announce(t('outbox.queued'));
          return;
        }
        goal.today = data;
        now.textContent = todayText(data);
        now.classList.add('given');
        const text = t('dc.saved', { name: childName(child.child) });
        status.say(text);
        announce(text);
      },
    });
    return h('div', { class: 'goal-score' }, h('h4', {}, goal.text), now, f);
  }

  async function loadChildren() {
    const { data } = await api.get('/api/v1/daycare/children');
    const list = sortDa(items(data), (c) => childName(c.child));
    clear(childrenSlot,
      h('p', {}, t('dc.date', { date: formatDate(data.date) })),
      list.length === 0 ? h('p', {}, t('dc.children_none'))
        : list.map((c) => h('article', { class: 'dc-child', 'aria-labelledby': `dc-child-${c.member_id}` },
          h('h3', { id: `dc-child-${c.member_id}` }, childName(c.child),
            unitName.size > 1 ? h('span', { class: 'muted' }, ` (${unitName.get(c.daycare_unit_id) || ''})`) : null),
          c.goals.map((g) => scoreForm(c, g)))));
  }

  async function loadHandovers() {
    const { data } = await api.get('/api/v1/daycare/handovers');
    const list = items(data).sort((a, b) => String(b.held_on).localeCompare(String(a.held_on)));
    clear(handoverSlot, list.length === 0 ? h('p', {}, t('dc.handovers_none'))
      : list.map((x) => h('article', { class: 'dc-handover', 'aria-labelledby': `dc-ho-${x.id}` },
        h('h3', { id: `dc-ho-${x.id}` }, childName(x.child)),
        facts([[t('ho.held_on'), fmt(x.held_on)], [t('ho.unit'), unitName.get(x.unit_id) || null]]),
        sharedItems(x.items))));
  }

  await Promise.all([loadChildren(), loadHandovers()]);
}

// ---- consultant visits, the annual wheel: #/consultant-visits ----
export async function consultVisitsView(root, { me, announce }) {
  const coord = can(me, ['coordinator']);
  const hv = can(me, ['health_visitor']);
  const planner = can(me, ['coordinator', 'leader', 'health_visitor']);
  const daycare = can(me, ['daycare']);
  const status = statusLine();
  const wheel = h('div');
  const detail = h('div');
  const thisYear = Number(today().slice(0, 4));
  let year = thisYear;
  let visits = [];
  let units = [];
  let selected = null;

  const yearForm = h('form', { novalidate: true, id: 'cv-year', class: 'filters year-form' }, formErrors(),
    selectField({ field: 'year', label: t('cv.year'), value: String(year),
      options: [thisYear - 1, thisYear, thisYear + 1].map((y) => [String(y), String(y)]) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('cv.show_year')),
      planner ? h('button', { type: 'button', id: 'cv-plan', class: 'primary' }, t('cv.plan_year')) : null));
  yearForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    year = Number(yearForm.elements.year.value);
    selected = null;
    await load();
  });
  yearForm.querySelector('#cv-plan')?.addEventListener('click', async (ev) => {
    const btn = ev.currentTarget;
    if (btn.disabled) return;
    btn.disabled = true;
    try {
      year = Number(yearForm.elements.year.value);
      const { data } = await api.post('/api/v1/consultant-visits/plan', { year });
      await load();
      const text = t('cv.planned', { count: data.created, year });
      status.say(text);
      announce(text);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      showErrors(yearForm, e);
    } finally {
      btn.disabled = false;
    }
  });

  const mayChange = (v) => coord || (hv && v.health_visitor_id === me.id);
  const unitName = (id) => units.find((u) => u.id === id)?.name || t('cv.unit_unknown');

  async function load() {
    const [{ data }, u] = await Promise.all([api.get(`/api/v1/consultant-visits?year=${year}`), daycareUnits()]);
    visits = items(data);
    units = u;
    renderWheel();
    renderDetail();
  }

  function stateBadge(v) {
    return h('span', { class: `badge cv-${v.state}` }, t(`cvstate.${v.state}`));
  }

  function renderWheel() {
    // One column per period of the wheel (four: the quarters).
    const n = visits.length ? Math.max(...visits.map((v) => v.quarter)) : 4;
    const quarters = Array.from({ length: n }, (_, i) => i + 1);
    const ids = [...new Set(visits.map((v) => v.unit_id))];
    if (coord || can(me, ['leader'])) for (const x of units) if (!ids.includes(x.id)) ids.push(x.id);
    // The institution's fixed health visitor: the one on its latest visit.
    const visitor = (id) => visits.filter((v) => v.unit_id === id).sort((a, b) => b.quarter - a.quarter)[0]?.health_visitor?.display_name;
    const rows = sortDa(ids.map((id) => ({ id, name: unitName(id), visitor: visitor(id) })), (r) => r.name);
    const counts = Object.fromEntries(CV_STATES.map((s) => [s, visits.filter((v) => v.state === s).length]));
    clear(wheel,
      h('p', { role: 'status', id: 'cv-summary' }, t('cv.summary', { year, ...counts })),
      dataTable({
        id: 'wheel', caption: t('cv.wheel_caption', { year }), rows, empty: t(planner ? 'cv.none' : 'cv.none_read'),
        columns: [
          { label: t('cv.institution'), cell: (r) => h('div', {}, h('span', { class: 'cv-unit' }, r.name),
            r.visitor ? h('span', { class: 'muted cv-visitor' }, t('cv.visitor_short', { name: r.visitor })) : null) },
          ...quarters.map((q) => ({ label: t(n === 4 ? 'cv.quarter' : 'cv.period', { q }), cell: (r) => cell(r, q) })),
        ],
      }));
  }

  function cell(r, q) {
    const v = visits.find((x) => x.unit_id === r.id && x.quarter === q);
    if (!v) return h('span', { class: 'muted' }, t('cv.not_planned'));
    const open = h('button', { type: 'button', class: 'small secondary', 'aria-pressed': String(selected === v.id) },
      formatDate(v.done_on && v.status === 'done' ? v.done_on : v.planned_on),
      h('span', { class: 'vh' }, ` ${t('cv.open', { unit: r.name, q })}`));
    open.addEventListener('click', () => {
      selected = v.id;
      renderWheel();
      renderDetail();
      document.getElementById('cv-detail-h')?.focus();
    });
    return h('div', { class: 'cv-cell' }, open, ' ', stateBadge(v),
      v.moved ? h('span', { class: 'muted cv-moved' }, ` ${t('cv.moved')}`) : null,
      v.topics.length ? h('span', { class: 'muted' }, ` ${t('cv.topic_count', { n: v.topics.length })}`) : null);
  }

  const saved = async (text) => { await load(); status.say(text); announce(text); };

  function renderDetail() {
    const v = visits.find((x) => x.id === selected);
    if (!v) { clear(detail); return; }
    const change = mayChange(v) && v.status === 'planned';
    const heading = h('h2', { id: 'cv-detail-h', tabindex: '-1' }, t('cv.detail', { unit: unitName(v.unit_id), q: v.quarter, year: v.year }));
    clear(detail, h('section', { class: 'panel', 'aria-labelledby': 'cv-detail-h', id: 'cv-detail' }, heading,
      facts([
        [t('cv.state'), stateBadge(v)],
        [t('cv.visitor'), v.health_visitor?.display_name],
        [t('cv.planned_on'), fmt(v.planned_on)],
        [t('cv.first_planned_on'), v.moved ? fmt(v.first_planned_on) : null],
        [t('cv.in_period'), v.in_period ? null : t('cv.out_of_period')],
        [t('cv.done_on'), v.done_on ? fmt(v.done_on) : null],
        [t('cv.note'), v.note],
      ]),
      h('h3', {}, t('cv.topics')),
      v.topics.length === 0 ? h('p', {}, t('cv.no_topics'))
        : h('ul', { class: 'cv-topics' }, v.topics.map((x) => h('li', {}, x.text, ' ',
          h('span', { class: 'muted' }, `(${t(`proposedby.${x.proposed_by}`)})`),
          v.status === 'done' ? h('span', { class: `badge ${x.covered ? 'ok' : 'off'}` }, t(x.covered ? 'cv.covered' : 'cv.not_covered')) : null))),
      v.status === 'planned' && (mayChange(v) || daycare) ? topicForm(v) : null,
      change ? disclosure(t('cv.move'), (close) => moveForm(v, close)) : null,
      change ? disclosure(t('cv.outcome'), (close) => outcomeForm(v, close)) : null));
  }

  function topicForm(v) {
    const by = daycare && !mayChange(v) ? ['parents', 'daycare'] : ['parents', 'daycare', 'health_visitor'];
    const f = h('form', { novalidate: true, id: 'cv-topic-form' }, formErrors(),
      h('div', { class: 'grid' },
        field({ field: 'text', label: t('cv.topic_text'), maxlength: 1000, required: true, autocomplete: 'off' }),
        selectField({ field: 'proposed_by', label: t('cv.proposed_by'), options: by.map((x) => [x, t(`proposedby.${x}`)]) })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cv.topic_add'))));
    guardedForm(f, {
      collect: (x) => {
        const text = x.elements.text.value.trim();
        failIf(text ? [] : [{ field: 'text', message: t('form.required') }]);
        return { text, proposed_by: x.elements.proposed_by.value };
      },
      save: (b, key) => api.post(`/api/v1/consultant-visits/${v.id}/topics`, b, { key }),
      done: () => saved(t('cv.topic_saved')),
    });
    return f;
  }

  function moveForm(v, close) {
    const f = h('form', { novalidate: true, id: 'cv-move-form' }, formErrors(),
      dateField({ field: 'planned_on', label: t('cv.new_date'), value: v.planned_on, required: true }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cv.move_save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => {
        const errors = [];
        const d = readDate(x, 'planned_on', errors, { required: true });
        failIf(errors);
        return { planned_on: d };
      },
      save: (b) => api.patch(`/api/v1/consultant-visits/${v.id}`, b, `"consultant_visit-${v.id}-v${v.version}"`),
      done: () => saved(t('cv.moved_done')),
    });
    return f;
  }

  function outcomeForm(v, close) {
    const f = h('form', { novalidate: true, id: 'cv-outcome-form' }, formErrors(),
      radioGroup({ field: 'status', legend: t('cv.outcome_legend'), options: [['done', t('cvstate.done')], ['missed', t('cvstate.missed')]] }),
      dateField({ field: 'done_on', label: t('cv.done_on'), value: v.planned_on <= today() ? v.planned_on : today() }),
      checkboxGroup({ field: 'covered_topic_ids', legend: t('cv.covered_legend'),
        options: v.topics.map((x) => [String(x.id), x.text]), empty: t('cv.no_topics') }),
      textArea({ field: 'note', label: t('cv.note'), rows: 2, maxlength: 1000 }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cv.outcome_save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => {
        const errors = [];
        const st = radioValue(x.querySelector('[data-field=status]'));
        if (!st) errors.push({ field: 'status', message: t('cv.outcome_choose') });
        const b = { status: st, note: x.elements.note.value.trim() || null };
        if (st === 'done') {
          b.done_on = readDate(x, 'done_on', errors, { required: true });
          b.covered_topic_ids = checkedValues(x, 'covered_topic_ids').map(Number);
        }
        failIf(errors);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/consultant-visits/${v.id}/outcome`, b, { key }),
      done: () => saved(t('cv.outcome_saved')),
    });
    return f;
  }

  // Each daycare institution's fixed health visitor (the wheel plans her
  // visits; a change moves the planned future visits to the new one).
  function fixedVisitorForm() {
    const slot = h('div');
    Promise.all([daycareUnits(), api.get('/api/v1/staff?role=health_visitor')]).then(([us, st]) => {
      const people = sortDa(items(st.data), (x) => x.display_name);
      const f = h('form', { novalidate: true, id: 'cv-fixed' }, formErrors(),
        h('div', { class: 'grid' },
          selectField({ field: 'id', label: t('cv.institution'), options: sortDa(us, (u) => u.name).map((u) => [String(u.id), u.name]) }),
          selectField({ field: 'user_id', label: t('cv.fixed_visitor'), options: people.map((x) => [String(x.id), x.display_name]) }),
          dateField({ field: 'since_on', label: t('cv.since_on'), value: today() })),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('form.save'))));
      guardedForm(f, {
        collect: (x) => {
          const errors = [];
          const b = { unit: Number(x.elements.id.value), user_id: Number(x.elements.user_id.value),
            since_on: readDate(x, 'since_on', errors) };
          if (!b.since_on) delete b.since_on;
          failIf(errors);
          return b;
        },
        save: ({ unit, ...b }) => api.put(`/api/v1/institutions/${unit}/health-visitor`, b),
        done: async () => { await load(); status.say(t('cv.fixed_saved')); announce(t('cv.fixed_saved')); },
      });
      clear(slot, f);
    }).catch((e) => { if (!(e instanceof ApiError)) throw e; clear(slot, h('p', { class: 'error' }, e.summary)); });
    return slot;
  }

  add(root, status,
    section('cv-wheel-h', t('cv.wheel_heading'), h('p', { class: 'hint' }, t(daycare && !planner ? 'cv.hint_daycare' : 'cv.hint')), yearForm, wheel),
    detail,
    can(me, ['coordinator', 'leader', 'admin']) ? section('cv-fixed-h', t('cv.fixed_heading'), disclosure(t('cv.fixed_open'), fixedVisitorForm)) : null);
  await load();
}
