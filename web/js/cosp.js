// cosp.js - COS-P parenting groups (Tryghedscirklen): the courses with free
// places, offers by stage, the group planner (a proposal with an
// explanation per family before anything is stored), COS-P training
// records; a course page with the attendance grid per session, dropout and
// the parents' rating; and the offer form on the family page.
import { api, ApiError, findFamilies } from './api.js';
import { t, sortDa, formatDate } from './i18n.js';
import { h, clear, add } from './dom.js';
import { field, selectField, checkboxGroup, checkedValues, formErrors, guardedForm } from './forms.js';
import {
  items, today, dateField, radioGroup, radioValue, checkbox, readDate, readInt, failIf, dataTable,
  statusLine, section, facts, disclosure, fmt,
} from './ui.js';
import { codes } from './vocab.js';

const SLOTS = ['morning', 'afternoon', 'evening'];
const TYPES = ['mothers', 'couples', 'mixed', 'individual'];
const CHANNELS = () => codes('cosp_channels');
const STAGES = ['offered', 'accepted', 'placed', 'completed', 'not_completed', 'dropped_out', 'declined'];

const has = (me, ...roles) => me.roles.some((r) => roles.includes(r));
const canPlan = (me) => has(me, 'coordinator');
const canCreate = (me) => has(me, 'coordinator', 'health_visitor');
const canTrain = (me) => has(me, 'coordinator', 'leader', 'admin');

// Names of health visitors and pedagogues, for facilitators and records
// (the staff list is for coordinators, health visitors, leaders and admins;
// others are not asked, so no refused request is made).
async function staffNames(me) {
  const out = new Map();
  if (!has(me, 'coordinator', 'health_visitor', 'leader', 'admin')) return out;
  for (const role of ['health_visitor', 'home_pedagogue']) {
    try {
      const { data } = await api.get(`/api/v1/staff?role=${role}`);
      for (const s of items(data)) out.set(s.id, { ...s, role });
    } catch (e) { if (!(e instanceof ApiError)) throw e; }
  }
  return out;
}

// The facilitators by name; for a role that may not read the staff list,
// how many there are (never a bare id).
function facilitatorNames(staff, ids) {
  if (ids.every((id) => staff.has(id))) return ids.map((id) => staff.get(id).display_name).join(', ');
  return t('cosp.facilitator_count', { count: ids.length });
}

const groupLine = (g) => `${t(`slot.${g.time_slot}`)}, ${t(`gtype.${g.group_type}`)}`;

// ---- #/cosp ----
export async function cospView(root, { me, announce }) {
  const status = statusLine();
  const coursesSlot = h('div');
  const offersSlot = h('div');
  const planSlot = h('div', { id: 'plan-result' });
  const trainingSlot = h('div');
  const staff = await staffNames(me);
  const name = (id) => staff.get(id)?.display_name || `#${id}`;
  const saved = async (text) => { await load(); status.say(text); announce(text); };
  const familyOf = new Map(); // offer id -> family name, for the planner's lists

  async function load() {
    const [g, o] = await Promise.all([api.get('/api/v1/groups'), api.get('/api/v1/cosp/offers')]);
    for (const x of items(o.data)) familyOf.set(x.id, x.family_name);
    const groups = items(g.data).sort((a, b) => String(b.start_on).localeCompare(String(a.start_on)));
    clear(coursesSlot, dataTable({
      id: 'cosp-courses', caption: t('cosp.courses'), rows: groups, empty: t('cosp.no_courses'),
      columns: [
        { label: t('cosp.course'), cell: (c) => h('a', { href: `#/cosp/groups/${c.id}` }, c.name) },
        { label: t('cosp.start'), cell: (c) => `${fmt(c.start_on)} – ${fmt(c.end_on)}` },
        { label: t('cosp.when'), cell: (c) => groupLine(c) },
        { label: t('cosp.places'), num: true, cell: (c) => t('cosp.taken_of', { taken: c.taken, capacity: c.capacity }) },
        { label: t('cosp.facilitators'), cell: (c) => facilitatorNames(staff, c.facilitator_ids) },
      ],
    }));
    const offers = items(o.data).sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage)
      || String(b.offered_on).localeCompare(String(a.offered_on)));
    clear(offersSlot, dataTable({
      id: 'cosp-offers', caption: t('cosp.offers'), rows: offers, empty: t('cosp.no_offers'),
      columns: [
        { label: t('hv.family'), cell: (x) => h('a', { href: `#/cosp/offers/${x.id}` }, x.family_name) },
        { label: t('cosp.offered_on'), cell: (x) => fmt(x.offered_on) },
        { label: t('cosp.stage'), cell: (x) => h('span', { class: `badge stage-${x.stage}` }, t(`stage.${x.stage}`)) },
        { label: t('cosp.wishes'), cell: (x) => [...x.preferences.time_slots.map((s) => t(`slot.${s}`)), ...x.preferences.group_types.map((s) => t(`gtype.${s}`))].join(', ') },
        { label: t('cosp.course'), cell: (x) => (x.course_id ? groups.find((g2) => g2.id === x.course_id)?.name || `#${x.course_id}` : '–') },
      ],
    }));
    if (canTrain(me)) await loadTraining();
  }

  async function loadTraining() {
    const { data } = await api.get('/api/v1/competences');
    const rows = sortDa(items(data), (c) => name(c.user_id));
    clear(trainingSlot, dataTable({
      id: 'competences', caption: t('cosp.training'), rows, empty: t('cosp.no_training'),
      columns: [
        { label: t('person.name'), cell: (c) => name(c.user_id) },
        { label: t('cosp.competence'), cell: (c) => t(`competence.${c.competence}`) },
        { label: t('cosp.obtained_on'), cell: (c) => fmt(c.obtained_on) },
      ],
    }), disclosure(t('cosp.training_add'), trainingForm));
  }

  function trainingForm(close) {
    const people = sortDa([...staff.values()], (s) => s.display_name);
    const f = h('form', { novalidate: true, id: 'training-form' }, formErrors(),
      h('div', { class: 'grid' },
        selectField({ field: 'user_id', label: t('person.name'), options: people.map((s) => [String(s.id), s.display_name]) }),
        selectField({ field: 'competence', label: t('cosp.competence'), options: ['cosp', 'marte_meo', 'other'].map((c) => [c, t(`competence.${c}`)]) }),
        dateField({ field: 'obtained_on', label: t('cosp.obtained_on'), required: true })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('form.save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => {
        const e = [];
        const b = { competence: x.elements.competence.value, obtained_on: readDate(x, 'obtained_on', e, { required: true }) };
        failIf(e);
        return { ...b, user: Number(x.elements.user_id.value) };
      },
      save: ({ user, ...b }, key) => api.post(`/api/v1/users/${user}/competences`, b, { key }),
      done: () => saved(t('cosp.training_saved')),
    });
    return f;
  }

  function courseForm(close) {
    const people = sortDa([...staff.values()], (s) => s.display_name);
    const f = h('form', { novalidate: true, id: 'cosp-course-form' }, formErrors(),
      h('div', { class: 'grid' },
        field({ field: 'name', label: t('cosp.course_name'), required: true, maxlength: 200 }),
        dateField({ field: 'start_on', label: t('cosp.start'), required: true, hint: t('cosp.start_hint') }),
        selectField({ field: 'time_slot', label: t('cosp.slot'), options: SLOTS.map((s) => [s, t(`slot.${s}`)]) }),
        selectField({ field: 'group_type', label: t('cosp.type'), options: TYPES.map((s) => [s, t(`gtype.${s}`)]) }),
        field({ field: 'place', label: t('cosp.place'), maxlength: 200 }),
        field({ field: 'capacity', label: t('cosp.capacity'), type: 'number', inputmode: 'numeric', min: 1, value: '10' })),
      checkboxGroup({ field: 'facilitator_ids', legend: t('cosp.facilitators'),
        options: people.map((s) => [String(s.id), `${s.display_name} (${t(`role.${s.role}`)})`]) }),
      checkbox({ field: 'childcare', label: t('cosp.childcare') }),
      checkbox({ field: 'meal', label: t('cosp.meal') }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cosp.course_create')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => {
        const e = [];
        const b = {
          name: x.elements.name.value.trim(), start_on: readDate(x, 'start_on', e, { required: true }),
          time_slot: x.elements.time_slot.value, group_type: x.elements.group_type.value,
          place: x.elements.place.value.trim() || null, capacity: readInt(x, 'capacity', e, { min: 1, max: 100 }),
          facilitator_ids: checkedValues(x, 'facilitator_ids').map(Number),
          childcare: x.elements.childcare.checked, meal: x.elements.meal.checked,
        };
        if (!b.name) e.push({ field: 'name', message: t('form.required') });
        if (b.capacity == null) delete b.capacity;
        if (!b.facilitator_ids.length) e.push({ field: 'facilitator_ids', message: t('cosp.choose_facilitator') });
        failIf(e);
        return b;
      },
      save: (b, key) => api.post('/api/v1/groups', b, { key }),
      done: ({ data }) => { announce(t('cosp.course_created')); location.hash = `#/cosp/groups/${data.id}`; },
    });
    return f;
  }

  // The planner: a proposal first, stored only when the coordinator says so.
  function planner() {
    const run = async (commit) => {
      try {
        const { data } = await api.post('/api/v1/groups/plan', { commit });
        showPlan(data);
        if (commit) await saved(t('cosp.plan_saved', { count: data.placed_count }));
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        status.say(e.summary, true);
      }
    };
    const propose = h('button', { type: 'button', id: 'plan-propose', onclick: () => run(false) }, t('cosp.plan_propose'));
    return [h('p', { class: 'hint' }, t('cosp.plan_hint')), h('div', { class: 'actions' }, propose), planSlot];

    function showPlan(p) {
      clear(planSlot,
        h('p', { role: 'status', class: 'lead' }, t(p.committed ? 'cosp.plan_done' : 'cosp.plan_summary',
          { placed: p.placed_count, unplaced: p.unplaced_count })),
        p.proven_optimal ? null : h('p', { class: 'hint' }, t('cosp.plan_not_proven')),
        h('h3', {}, t('cosp.plan_placed')),
        p.placements.length ? h('ul', { class: 'plan-list' }, p.placements.map((x) => h('li', {}, h('strong', {}, familyOf.get(x.offer_id) || `#${x.family_id}`), ': ', x.explanation))) : h('p', {}, t('cosp.plan_none')),
        h('h3', {}, t('cosp.plan_unplaced')),
        p.unplaced.length ? h('ul', { class: 'plan-list warn' }, p.unplaced.map((x) => h('li', {}, h('strong', {}, familyOf.get(x.offer_id) || `#${x.family_id}`), ': ', x.explanation))) : h('p', {}, t('cosp.plan_none')),
        !p.committed && p.placed_count > 0
          ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'plan-commit', onclick: () => run(true) }, t('cosp.plan_commit')))
          : null);
    }
  }

  add(root, status,
    section('cosp-courses-h', t('cosp.courses'), coursesSlot, canCreate(me) ? disclosure(t('cosp.course_new'), courseForm) : null),
    section('cosp-offers-h', t('cosp.offers'), h('p', { class: 'hint' }, t('cosp.offer_hint')), offersSlot),
    canPlan(me) ? section('cosp-plan-h', t('cosp.plan'), planner()) : null,
    canTrain(me) ? section('cosp-training-h', t('cosp.training'), trainingSlot) : null);
  await load();
}

// ---- #/cosp/groups/:id ----
export async function cospGroupView(root, { me, params, announce }) {
  const id = Number(params.id);
  const status = statusLine();
  const body = h('div');
  add(root, status, body);
  const staff = await staffNames(me);
  let g;
  const saved = async (text) => { await load(); status.say(text); announce(text); };
  const runs = () => has(me, 'coordinator') || g.facilitator_ids.includes(me.id);

  async function load() {
    g = (await api.get(`/api/v1/groups/${id}`)).data;
    render();
  }

  function render() {
    root.querySelector('h1').textContent = g.name;
    document.title = `${g.name} – ${t('app.name')}`;
    const members = sortDa(g.members || [], (m) => m.family_name);
    const past = g.sessions.filter((s) => s.held_on <= today());
    clear(body,
      section('group-facts-h', t('cosp.course_facts'), facts([
        [t('cosp.start'), `${formatDate(g.start_on)} – ${formatDate(g.end_on)}`],
        [t('cosp.when'), groupLine(g)],
        [t('cosp.place'), g.place],
        [t('cosp.places'), t('cosp.taken_of', { taken: g.taken, capacity: g.capacity })],
        [t('cosp.facilitators'), facilitatorNames(staff, g.facilitator_ids)],
        [t('cosp.childcare'), g.childcare ? t('yes') : t('no')],
        [t('cosp.meal'), g.meal ? t('yes') : t('no')],
      ]),
      h('h3', {}, t('cosp.sessions')),
      h('ol', { class: 'sessions' }, g.sessions.map((s) => h('li', {}, formatDate(s.held_on))))),
      section('attendance-h', t('cosp.attendance'),
        members.length === 0 ? h('p', {}, t('cosp.no_members')) : attendanceGrid(members, past),
        runs() && past.length && members.length ? attendanceForm(members, past) : null),
      section('members-h', t('cosp.members'), members.length === 0 ? h('p', {}, t('cosp.no_members'))
        : h('ul', { class: 'link-list' }, members.map((m) => h('li', {}, h('a', { href: `#/cosp/offers/${m.id}` }, m.family_name),
          ' ', h('span', { class: 'badge' }, t(`stage.${m.stage}`)))))));
  }

  function attendanceGrid(members, past) {
    return dataTable({
      id: 'attendance', caption: t('cosp.attendance'), rows: members, empty: '',
      columns: [
        { label: t('hv.family'), cell: (m) => m.family_name },
        ...g.sessions.map((s) => ({ label: t('cosp.session_n', { n: s.number }), cell: (m) => {
          const r = m.attendance?.sessions?.find((x) => x.session === s.number);
          if (!r) return s.held_on > today() ? '' : '–';
          return h('span', { class: r.attended ? 'att yes' : 'att no' }, r.attended ? '✓' : '✗',
            h('span', { class: 'vh' }, r.attended ? t('cosp.attended') : t('cosp.absent')));
        } })),
        { label: t('cosp.attended_total'), num: true, cell: (m) => `${m.attendance?.attended ?? 0}/${m.attendance?.required ?? ''}` },
      ],
    });
  }

  function attendanceForm(members, past) {
    const active = members.filter((m) => !m.dropout_on);
    const sessionSel = selectField({ field: 'session', label: t('cosp.session'),
      options: past.map((s) => [String(s.number), `${t('cosp.session_n', { n: s.number })} (${formatDate(s.held_on)})`]),
      value: String(past[past.length - 1].number) });
    const boxes = h('div');
    const f = h('form', { novalidate: true, id: 'attendance-form' }, formErrors(), sessionSel, boxes,
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cosp.attendance_save'))));
    const fill = () => {
      const n = Number(f.elements.session.value);
      const present = active.filter((m) => m.attendance?.sessions?.find((x) => x.session === n)?.attended).map((m) => String(m.id));
      clear(boxes, checkboxGroup({ field: 'records', legend: t('cosp.who_came'), options: active.map((m) => [String(m.id), m.family_name]), checked: present }));
    };
    f.elements.session.addEventListener('change', fill);
    fill();
    guardedForm(f, {
      collect: (x) => {
        const came = new Set(checkedValues(x, 'records'));
        return { session: Number(x.elements.session.value), records: active.map((m) => ({ offer_id: m.id, attended: came.has(String(m.id)) })) };
      },
      save: (b, key) => api.post(`/api/v1/groups/${id}/attendance`, b, { key }),
      done: (res) => saved(res?.queued ? t('outbox.queued') : t('cosp.attendance_saved')),
    });
    return disclosure(t('cosp.attendance_record'), () => f);
  }

  await load();
}

// ---- #/cosp/offers/:id ----
export async function cospOfferView(root, { me, params, announce }) {
  const id = Number(params.id);
  const status = statusLine();
  const body = h('div');
  add(root, status, body);
  let o;
  let etag;
  const saved = async (text) => { await load(); status.say(text); announce(text); };

  async function load() {
    const r = await api.get(`/api/v1/cosp/offers/${id}`);
    o = r.data;
    etag = r.etag;
    render();
  }

  function render() {
    const title = t('cosp.offer_title', { name: o.family_name });
    root.querySelector('h1').textContent = title;
    document.title = `${title} – ${t('app.name')}`;
    clear(body,
      section('offer-h', t('cosp.offer_facts'), facts([
        [t('hv.family'), h('a', { href: `#/families/${o.family_id}` }, o.family_name)],
        [t('cosp.stage'), t(`stage.${o.stage}`)],
        [t('cosp.offered_on'), `${formatDate(o.offered_on)}${o.channel ? ` (${t(`cchannel.${o.channel}`)})` : ''}`],
        [t('cosp.wishes'), [...o.preferences.time_slots.map((s) => t(`slot.${s}`)), ...o.preferences.group_types.map((s) => t(`gtype.${s}`))].join(', ')],
        [t('cosp.institutions'), o.institution_ids.length ? String(o.institution_ids.length) : t('no')],
        [t('cosp.acquaintances'), o.acquaintance_family_ids.length ? String(o.acquaintance_family_ids.length) : t('no')],
        [t('hv.answered_on'), o.answered_on ? formatDate(o.answered_on) : null],
        [t('cosp.decline_reason'), o.decline_reason],
        [t('cosp.course'), o.course_id ? h('a', { href: `#/cosp/groups/${o.course_id}` }, t('cosp.to_course')) : null],
        [t('cosp.placement_note'), o.placement_note],
        [t('cosp.attended_total'), o.attendance && o.course_id ? `${o.attendance.attended} / ${o.attendance.required}` : null],
        [t('cosp.dropout'), o.dropout_on ? `${formatDate(o.dropout_on)}: ${o.dropout_reason}` : null],
        [t('cosp.rating'), o.rating ? t(`answer.${o.rating}`) : null],
      ])),
      o.stage === 'offered' && canCreate(me) ? section('cosp-answer-h', t('hv.answer_heading'), answerForm()) : null,
      o.course_id && !o.dropout_on && o.stage === 'placed' ? section('cosp-dropout-h', t('cosp.dropout'), disclosure(t('cosp.dropout_record'), dropoutForm)) : null,
      o.course_id && !o.rating ? section('cosp-rating-h', t('cosp.rating'), ratingForm()) : null);
  }

  function answerForm() {
    const f = h('form', { novalidate: true, id: 'cosp-answer' }, formErrors(),
      radioGroup({ field: 'answer', legend: t('hv.answer'), options: [['accepted', t('answer_hv.accepted')], ['declined', t('answer_hv.declined')]] }),
      field({ field: 'reason', label: t('cosp.decline_reason'), maxlength: 1000 }),
      dateField({ field: 'answered_on', label: t('hv.answered_on'), value: today(), required: true }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('hv.answer_save'))));
    guardedForm(f, {
      collect: (x) => {
        const e = [];
        const answer = radioValue(x.querySelector('[data-field=answer]'));
        if (!answer) e.push({ field: 'answer', message: t('hv.answer_choose') });
        const b = { answer, answered_on: readDate(x, 'answered_on', e, { required: true }) };
        if (answer === 'declined' && x.elements.reason.value.trim()) b.reason = x.elements.reason.value.trim();
        failIf(e);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/cosp/offers/${id}/answer`, b, { key, etag }),
      done: () => saved(t('hv.answer_saved')),
    });
    return f;
  }

  function dropoutForm(close) {
    const f = h('form', { novalidate: true, id: 'cosp-dropout' }, formErrors(),
      dateField({ field: 'dropout_on', label: t('cosp.dropout_on'), value: today(), required: true }),
      field({ field: 'reason', label: t('cosp.dropout_reason'), required: true, maxlength: 1000 }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('form.save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => {
        const e = [];
        const b = { dropout_on: readDate(x, 'dropout_on', e, { required: true }), reason: x.elements.reason.value.trim() };
        if (!b.reason) e.push({ field: 'reason', message: t('form.required') });
        failIf(e);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/cosp/offers/${id}/dropout`, b, { key, etag }),
      done: () => saved(t('cosp.dropout_saved')),
    });
    return f;
  }

  function ratingForm() {
    const f = h('form', { novalidate: true, id: 'cosp-rating' }, formErrors(),
      radioGroup({ field: 'rating', legend: t('cosp.rating_question'),
        options: [['1', t('answer.1')], ['2', t('answer.2')], ['3', t('answer.3')], ['4', t('answer.4')]] }),
      dateField({ field: 'rated_on', label: t('goals.rated_on'), value: today(), required: true }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cosp.rating_save'))));
    guardedForm(f, {
      collect: (x) => {
        const e = [];
        const v = radioValue(x.querySelector('[data-field=rating]'));
        if (!v) e.push({ field: 'rating', message: t('goals.choose_value') });
        const b = { rating: Number(v), rated_on: readDate(x, 'rated_on', e, { required: true }) };
        failIf(e);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/cosp/offers/${id}/rating`, b, { key, etag }),
      done: () => saved(t('cosp.rating_saved')),
    });
    return f;
  }

  await load();
}

// ---- on the family page: offer COS-P ----
export function cospOfferForm(fam, me, onDone) {
  if (!canCreate(me)) return null;
  const children = fam.persons.filter((p) => p.kind === 'child');
  return disclosure(t('cosp.offer_new'), (close) => {
    const instSlot = h('div');
    const acqSlot = h('div');
    const chosen = new Map();
    const f = h('form', { novalidate: true, id: 'cosp-offer-form' }, formErrors(),
      h('div', { class: 'grid' },
        selectField({ field: 'child_id', label: t('referral.child'), options: children.map((c) => [String(c.id), `${c.given_name} ${c.family_name}`]) }),
        dateField({ field: 'offered_on', label: t('cosp.offered_on'), value: today(), required: true }),
        selectField({ field: 'channel', label: t('hv.channel'), options: CHANNELS().map((c) => [c, t(`cchannel.${c}`)]) })),
      checkboxGroup({ field: 'time_slots', legend: t('cosp.slots_ok'), options: SLOTS.map((s) => [s, t(`slot.${s}`)]), checked: SLOTS }),
      checkboxGroup({ field: 'group_types', legend: t('cosp.types_ok'), options: TYPES.map((s) => [s, t(`gtype.${s}`)]), checked: TYPES }),
      instSlot,
      h('fieldset', { class: 'group', dataset: { field: 'acquaintance_family_ids' } }, h('legend', {}, t('cosp.acquaintances')),
        h('p', { class: 'hint' }, t('cosp.acquaintances_hint')), acqSlot),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cosp.offer_save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    api.get('/api/v1/units').then(({ data }) => {
      const daycares = sortDa(items(data).filter((u) => u.kind === 'daycare'), (u) => u.name);
      clear(instSlot, checkboxGroup({ field: 'institution_ids', legend: t('cosp.institutions'), options: daycares.map((u) => [String(u.id), u.name]),
        empty: t('cosp.no_daycares') }));
    });
    // Acquaintances: search families by name, tick the ones they know.
    const q = h('input', { type: 'search', id: 'acq-q', 'aria-label': t('cosp.acq_search'), autocomplete: 'off' });
    const results = h('div', { class: 'check-list' });
    const search = h('button', { type: 'button', class: 'secondary small' }, t('families.search'));
    search.addEventListener('click', async () => {
      if (q.value.trim().length < 2) return;
      const data = await findFamilies(q.value.trim());
      clear(results, items(data).filter((x) => x.id !== fam.id).map((x) => {
        const cid = `acq-${x.id}`;
        const cb = h('input', { type: 'checkbox', id: cid, checked: chosen.has(x.id) });
        cb.addEventListener('change', () => { if (cb.checked) chosen.set(x.id, x.name); else chosen.delete(x.id); });
        return h('div', { class: 'check' }, cb, h('label', { for: cid }, x.name));
      }));
    });
    acqSlot.append(h('div', { class: 'actions' }, h('label', { for: 'acq-q' }, t('cosp.acq_search')), q, search), results);
    guardedForm(f, {
      collect: (x) => {
        const e = [];
        const b = {
          family_id: fam.id, child_id: Number(x.elements.child_id?.value) || null,
          offered_on: readDate(x, 'offered_on', e, { required: true }), channel: x.elements.channel.value,
          time_slots: checkedValues(x, 'time_slots'), group_types: checkedValues(x, 'group_types'),
          institution_ids: checkedValues(x, 'institution_ids').map(Number), acquaintance_family_ids: [...chosen.keys()],
        };
        if (!b.child_id) e.push({ field: 'child_id', message: t('referral.no_child') });
        failIf(e);
        return b;
      },
      save: (b, key) => api.post('/api/v1/cosp/offers', b, { key }),
      done: ({ data }) => onDone(data),
    });
    return f;
  });
}
