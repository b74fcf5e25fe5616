// course.js - the course page (hjemmepædagogisk forløb): the 40-week bar and
// alerts, a fast "record a visit" form for a tablet in the family's home,
// goals by theme with their ratings over time, the contacts log, weekly
// hours, planning (start, planned end, extension) and the closure form
// with the parents' evaluation. Who may do what is the server's decision;
// the page only leaves out forms the user's role cannot use.
import { api } from './api.js';
import { codes } from './vocab.js';
import { t, formatDate, sortDa } from './i18n.js';
import { h, clear, add } from './dom.js';
import { field, selectField, checkboxGroup, checkedValues, formErrors, guardedForm, icon } from './forms.js';
import {
  items, today, dateField, textArea, radioGroup, radioValue, checkbox, readDate, readInt, failIf,
  dataTable, statusLine, section, facts, disclosure, fmt, daysBetween,
} from './ui.js';
import { ratingChart } from './chart.js';

const KINDS = () => codes('contact_kinds');
const ACTIVITIES = () => codes('activities');
const STANCES = () => codes('stances');
const FOCUS = () => codes('focus_areas');
const THEMES = [1, 2, 3];
const CONTACTS_SHOWN = 8; // newest first; the rest one click away
const REASONS = () => codes('closure_reasons');
const ATTAIN = ['met', 'partly', 'not_met'];
const QUESTIONS = ['parenting', 'learning_environment', 'child_development', 'daycare_cooperation', 'good_parent'];

const scaleOptions = (s) => {
  const out = [];
  for (let v = s.min; v <= s.max; v++) out.push([String(v), String(v)]);
  return out;
};

// The bar: weeks gone of max_weeks (of the weeks to a recorded extension,
// when there is one), the warning weeks marked, a text equivalent for
// everyone who does not see the colours.
export function weekBar(c) {
  const max = c.extension && c.start_on ? Math.floor(daysBetween(c.start_on, c.extension.until) / 7) : c.max_weeks;
  const week = c.week ?? 0;
  const shown = Math.min(c.closed_on && c.start_on ? Math.floor(daysBetween(c.start_on, c.closed_on) / 7) + 1 : week, max);
  // A closed course tells when it ended, not how many weeks it "has left".
  const closedWeek = c.closed_on && c.start_on ? Math.floor(daysBetween(c.start_on, c.closed_on) / 7) + 1 : null;
  const label = closedWeek != null ? t('course.closed_in_week', { week: closedWeek })
    : c.week == null ? t('course.not_started')
      : t('course.week_of', { week: c.week, max, left: Math.max(c.weeks_left ?? 0, 0) });
  const warn = h('div', { class: 'weekbar-warn' });
  const fill = h('div', { class: 'weekbar-fill' });
  // CSSOM, not style="" attributes: the CSP allows no inline style.
  warn.style.left = `${((c.warning_week - 1) / max) * 100}%`;
  fill.style.width = `${(shown / max) * 100}%`;
  return h('div', { class: `weekbar${c.in_warning_period ? ' warn' : ''}` },
    h('div', { class: 'weekbar-track', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': String(max),
      'aria-valuenow': String(shown), 'aria-valuetext': label, 'aria-label': t('course.weeks_label') }, warn, fill),
    h('p', { class: 'weekbar-text' }, label));
}

export function alertList(c) {
  if (!c.alerts?.length) return null;
  return h('ul', { class: 'alerts' }, c.alerts.map((a) => h('li', { class: `alert-${a.kind}` }, a.text)));
}

export async function courseView(root, { me, params, announce }) {
  const id = Number(params.id);
  const status = statusLine();
  const body = h('div');
  add(root, status, body);
  let c;
  let etag;
  let contacts = [];
  const assigned = () => me.roles.includes('home_pedagogue') && c.staff.some((s) => s.id === me.id);
  const coord = () => me.roles.includes('coordinator');
  const open = () => c.status !== 'closed';

  async function load() {
    const [r, cl] = await Promise.all([api.get(`/api/v1/enrolments/${id}`), api.get(`/api/v1/enrolments/${id}/contacts`)]);
    c = r.data;
    etag = r.etag;
    contacts = items(cl.data);
    render();
  }

  const saved = async (text) => { await load(); status.say(text); announce(text); };

  function render() {
    const title = t('course.title', { name: c.family_name });
    root.querySelector('h1').textContent = title;
    document.title = `${title} – ${t('app.name')}`;
    clear(body,
      section('course-facts-h', t('course.overview'),
        weekBar(c),
        alertList(c),
        facts([
          [t('course.family'), h('a', { href: `#/families/${c.family_id}` }, c.family_name)],
          [t('course.status'), t(`coursestatus.${c.status}`)],
          [t('course.staff'), sortDa(c.staff.map((s) => s.display_name)).join(', ')],
          [t('course.legal_frame'), c.legal_frame ? t(`frame.${c.legal_frame}`) : null],
          [t('course.start_meeting_on'), fmt(c.start_meeting_on)],
          [t('course.start_on'), fmt(c.start_on)],
          [t('course.planned_end_on'), fmt(c.planned_end_on)],
          [t('course.latest_end_on'), fmt(c.latest_end_on)],
          [t('course.extension'), c.extension ? `${formatDate(c.extension.until)}: ${c.extension.reason}` : null],
          [t('course.minutes_per_week'), c.minutes_per_week != null ? t('course.minutes', { n: c.minutes_per_week }) : null],
          [t('course.closed_on'), c.closed_on ? formatDate(c.closed_on) : null],
        ])),
      c.status === 'active' && assigned() ? section('visit-h', t('visit.heading'), visitForm()) : null,
      goalsSection(),
      contactsSection(),
      planningSection(),
      closureSection());
  }

  // ---- record a visit ----
  function visitForm() {
    const goals = c.goals.filter((g) => !g.attainment);
    const form = h('form', { novalidate: true, id: 'visit-form', class: 'visit' },
      formErrors(),
      h('div', { class: 'grid' },
        dateField({ field: 'happened_on', label: t('visit.happened_on'), value: today(), required: true }),
        field({ field: 'minutes', label: t('visit.minutes'), type: 'number', inputmode: 'numeric', min: 0, max: 1440,
          value: '60', required: true }),
        selectField({ field: 'kind', label: t('visit.kind'), options: KINDS().map((k) => [k, t(`kind.${k}`)]) })),
      checkboxGroup({ field: 'activities', legend: t('visit.activities'), options: ACTIVITIES().map((a) => [a, t(`activity.${a}`)]) }),
      radioGroup({ field: 'stance', legend: t('visit.stance'), options: STANCES().map((s) => [s, t(`stance.${s}`)]) }),
      checkboxGroup({ field: 'goal_ids', legend: t('visit.goals'), options: goals.map((g) => [String(g.id), g.text]),
        empty: t('visit.no_goals') }),
      textArea({ field: 'note', label: t('visit.note'), hint: t('visit.note_hint'), rows: 3, maxlength: 20000 }),
      checkbox({ field: 'shared_with_daycare', label: t('visit.shared'), hint: t('visit.shared_hint') }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('visit.save'))));
    guardedForm(form, {
      collect: (f) => {
        const errors = [];
        const b = {
          happened_on: readDate(f, 'happened_on', errors, { required: true }),
          minutes: readInt(f, 'minutes', errors, { required: true, min: 0, max: 1440 }),
          kind: f.elements.kind.value,
          activities: checkedValues(f, 'activities'),
          goal_ids: checkedValues(f, 'goal_ids').map(Number),
          note: f.elements.note.value.trim() || null,
          shared_with_daycare: f.elements.shared_with_daycare.checked,
        };
        const stance = radioValue(f.querySelector('[data-field=stance]'));
        if (stance) b.stance = stance;
        failIf(errors);
        return b;
      },
      // Without a network the visit goes to the outbox with the course's
      // ETag as seen here (offline.js).
      save: (b, key) => api.post(`/api/v1/enrolments/${id}/contacts`, b, { key, offlineEtag: etag, label: c.family_name }),
      done: (res) => saved(res?.queued ? t('outbox.queued') : t('visit.saved')),
    });
    return form;
  }

  // ---- goals ----
  function goalsSection() {
    const scale = c.rating_scale;
    const byTheme = THEMES.map((th) => [th, c.goals.filter((g) => g.theme === th)]);
    return section('goals-h', t('goals.heading'),
      c.goals.length === 0 ? h('p', {}, t('goals.none')) : null,
      byTheme.filter(([, gs]) => gs.length).map(([th, gs]) => h('div', { class: 'theme' },
        h('h3', {}, t(`theme.${th}`)),
        gs.map((g) => goalCard(g, scale)))),
      open() && assigned() ? disclosure(t('goals.add'), goalForm) : null);
  }

  function goalCard(g, scale) {
    const last = g.ratings.length ? g.ratings[g.ratings.length - 1] : null;
    return h('article', { class: 'goal', 'aria-labelledby': `goal-${g.id}-h` },
      h('h4', { id: `goal-${g.id}-h` }, g.text),
      facts([
        [t('goals.focus'), t(`focus.${g.focus_area}`)],
        [t('goals.agreed_on'), fmt(g.agreed_on)],
        [t('goals.baseline_target'), t('goals.from_to', { from: g.baseline, to: g.target })],
        [t('goals.latest'), last ? t('goals.latest_value', { value: last.value, date: formatDate(last.rated_on), by: t(`by.${last.by}`) }) : t('goals.not_rated')],
        [t('goals.attainment'), g.attainment ? t(`attain.${g.attainment}`) : null],
      ]),
      ratingChart(g, scale),
      open() && assigned() ? disclosure(h('span', {}, t('goals.rate'), h('span', { class: 'vh' }, `: ${g.text}`)), (close) => rateForm(g, scale, close)) : null);
  }

  function rateForm(g, scale, close) {
    const form = h('form', { novalidate: true, class: 'rate-form', dataset: { goal: g.id } }, formErrors(),
      h('div', { class: 'grid' },
        dateField({ field: 'rated_on', label: t('goals.rated_on'), value: today(), required: true }),
        radioGroup({ field: 'value', legend: t('goals.value', scale), options: scaleOptions(scale) }),
        radioGroup({ field: 'by', legend: t('goals.by'), value: 'staff', options: [['staff', t('by.staff')], ['parent', t('by.parent')]] })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('goals.rate_save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(form, {
      collect: (f) => {
        const errors = [];
        const rated = readDate(f, 'rated_on', errors, { required: true });
        const value = radioValue(f.querySelector('[data-field=value]'));
        if (!value) errors.push({ field: 'value', message: t('goals.choose_value') });
        failIf(errors);
        return { rated_on: rated, value: Number(value), by: radioValue(f.querySelector('[data-field=by]')) || 'staff' };
      },
      save: (b, key) => api.post(`/api/v1/goals/${g.id}/ratings`, b, { key, label: `${c.family_name}: ${g.text}` }),
      done: (res) => saved(res?.queued ? t('outbox.queued') : t('goals.rated')),
    });
    return form;
  }

  function goalForm(close) {
    const scale = c.rating_scale;
    const form = h('form', { novalidate: true, id: 'goal-form' }, formErrors(),
      textArea({ field: 'text', label: t('goals.text'), hint: t('goals.text_hint'), required: true, rows: 2, maxlength: 4000 }),
      h('div', { class: 'grid' },
        selectField({ field: 'theme', label: t('goals.theme'), options: THEMES.map((x) => [String(x), t(`theme.${x}`)]) }),
        selectField({ field: 'focus_area', label: t('goals.focus'), options: FOCUS().map((x) => [x, t(`focus.${x}`)]) }),
        selectField({ field: 'baseline', label: t('goals.baseline'), options: scaleOptions(scale) }),
        selectField({ field: 'target', label: t('goals.target'), options: scaleOptions(scale), value: String(scale.max) }),
        dateField({ field: 'agreed_on', label: t('goals.agreed_on'), value: today(), required: true })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('goals.save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(form, {
      collect: (f) => {
        const errors = [];
        const text = f.elements.text.value.trim();
        if (!text) errors.push({ field: 'text', message: t('form.required') });
        const b = { text, theme: Number(f.elements.theme.value), focus_area: f.elements.focus_area.value,
          baseline: Number(f.elements.baseline.value), target: Number(f.elements.target.value),
          agreed_on: readDate(f, 'agreed_on', errors, { required: true }) };
        failIf(errors);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/enrolments/${id}/goals`, b, { key }),
      done: () => saved(t('goals.added')),
    });
    return form;
  }

  // ---- contacts log ----
  function contactsSection() {
    const goalText = new Map(c.goals.map((g) => [g.id, g.text]));
    const meetings = contacts.filter((x) => x.kind === 'network_meeting');
    const cols = [
      { label: t('visit.happened_on'), cell: (x) => fmt(x.happened_on) },
      { label: t('visit.kind'), cell: (x) => t(`kind.${x.kind}`) },
      { label: t('visit.minutes'), num: true, cell: (x) => String(x.minutes) },
      { label: t('visit.activities'), cell: (x) => x.activities.map((a) => t(`activity.${a}`)).join(', ') || '–' },
      { label: t('visit.stance'), cell: (x) => (x.stance ? t(`stance.${x.stance}`) : '–') },
      { label: t('visit.goals'), cell: (x) => x.goal_ids.map((g) => goalText.get(g) || `#${g}`).join('; ') || '–' },
      { label: t('visit.note'), cell: (x) => x.note || '–' },
    ];
    const slot = h('div');
    const show = (all) => {
      const rows = all ? contacts : contacts.slice(0, CONTACTS_SHOWN);
      clear(slot, dataTable({ id: 'contacts', caption: t('contacts.heading'), columns: cols, rows, empty: t('contacts.none') }),
        !all && contacts.length > CONTACTS_SHOWN
          ? h('button', { type: 'button', class: 'secondary', onclick: () => { show(true); slot.querySelector('.table-wrap')?.focus(); } },
            t('contacts.show_all', { count: contacts.length })) : null);
    };
    show(false);
    return section('contacts-h', t('contacts.heading'),
      h('p', {}, t('contacts.summary', { count: contacts.length, meetings: meetings.length,
        hours: (contacts.reduce((n, x) => n + (x.minutes || 0), 0) / 60).toLocaleString('da-DK', { maximumFractionDigits: 1 }) })),
      slot);
  }

  // ---- hours, start, planned end, extension ----
  function planningSection() {
    const canPlan = open() && (assigned() || coord());
    const parts = [
      h('h3', {}, t('hours.heading')),
      dataTable({ id: 'hours', caption: t('hours.heading'), rows: [...(c.hours || [])].reverse(), empty: t('hours.none'),
        columns: [{ label: t('hours.from_date'), cell: (x) => fmt(x.from_date) },
          { label: t('course.minutes_per_week'), num: true, cell: (x) => t('course.minutes', { n: x.minutes_per_week }) }] }),
    ];
    if (canPlan) {
      parts.push(disclosure(t('hours.add'), hoursForm));
      if (c.status === 'planned') parts.push(disclosure(t('course.start'), startForm));
      parts.push(disclosure(t('course.change_end'), endForm));
      if (coord()) parts.push(disclosure(t('course.extend'), extensionForm));
    }
    return section('plan-h', t('course.planning'), parts);
  }

  function simpleForm(id_, fields, collect, save, doneText, close) {
    const form = h('form', { novalidate: true, id: id_ }, formErrors(), h('div', { class: 'grid' }, fields),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('form.save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(form, { collect, save, done: () => saved(doneText) });
    return form;
  }

  function hoursForm(close) {
    return simpleForm('hours-form', [
      dateField({ field: 'from_date', label: t('hours.from_date'), value: today(), required: true }),
      field({ field: 'minutes_per_week', label: t('course.minutes_per_week'), type: 'number', min: 0, max: 2400, required: true, inputmode: 'numeric' }),
    ], (f) => {
      const e = [];
      const b = { from_date: readDate(f, 'from_date', e, { required: true }), minutes_per_week: readInt(f, 'minutes_per_week', e, { required: true, min: 0, max: 2400 }) };
      failIf(e);
      return b;
    }, (b, key) => api.post(`/api/v1/enrolments/${id}/hours`, b, { key, etag }), t('hours.saved'), close);
  }

  function startForm(close) {
    return simpleForm('start-form', [
      dateField({ field: 'start_meeting_on', label: t('course.start_meeting_on'), value: today(), required: true }),
    ], (f) => {
      const e = [];
      const b = { start_meeting_on: readDate(f, 'start_meeting_on', e, { required: true }) };
      failIf(e);
      return b;
    }, (b, key) => api.post(`/api/v1/enrolments/${id}/start`, b, { key, etag }), t('course.started'), close);
  }

  function endForm(close) {
    return simpleForm('end-form', [
      dateField({ field: 'planned_end_on', label: t('course.planned_end_on'), value: c.planned_end_on, required: true,
        hint: t(c.extension ? 'course.latest_hint_extended' : 'course.latest_hint', { date: formatDate(c.latest_end_on) }) }),
    ], (f) => {
      const e = [];
      const b = { planned_end_on: readDate(f, 'planned_end_on', e, { required: true }) };
      failIf(e);
      return b;
    }, (b) => api.patch(`/api/v1/enrolments/${id}`, b, etag), t('course.end_saved'), close);
  }

  function extensionForm(close) {
    return simpleForm('extension-form', [
      dateField({ field: 'until', label: t('course.extension_until'), required: true }),
      textArea({ field: 'reason', label: t('course.extension_reason'), required: true, rows: 2, maxlength: 4000 }),
    ], (f) => {
      const e = [];
      const b = { until: readDate(f, 'until', e, { required: true }), reason: f.elements.reason.value.trim() };
      if (!b.reason) e.push({ field: 'reason', message: t('form.required') });
      failIf(e);
      return b;
    }, (b, key) => api.post(`/api/v1/enrolments/${id}/extension`, b, { key, etag }), t('course.extended'), close);
  }

  // ---- closure ----
  function closureSection() {
    if (c.closure) {
      const cl = c.closure;
      const goalText = new Map(c.goals.map((g) => [String(g.id), g.text]));
      return section('closure-h', t('closure.heading'),
        facts([
          [t('closure.closed_on'), fmt(cl.closed_on)],
          [t('closure.reason'), t(`reason.${cl.reason}`)],
          [t('closure.other_intervention'), cl.other_intervention],
          [t('closure.handover_on'), cl.handover_on ? formatDate(cl.handover_on) : null],
          [t('closure.onward_referral'), cl.onward_referral],
        ]),
        h('h3', {}, t('closure.attainment')),
        h('ul', {}, Object.entries(cl.attainment || {}).map(([gid, a]) => h('li', {}, `${goalText.get(gid) || `#${gid}`}: ${t(`attain.${a}`)}`))),
        h('h3', {}, t('closure.evaluation')),
        h('ul', {}, QUESTIONS.filter((q) => cl.evaluation?.[q] != null)
          .map((q) => h('li', {}, `${t(`eval.${q}`)}: ${t(`answer.${cl.evaluation[q]}`)}`))));
    }
    if (c.status !== 'active' || !assigned()) return null;
    return section('closure-h', t('closure.heading'), disclosure(t('closure.open'), closureForm, { id: 'closure-body' }));
  }

  // "Målene er nået" while no goal is reached (all partly, not reached or
  // never rated) contradicts itself: say so before the course is closed.
  function closureWarning(b) {
    if (b.reason !== 'goals_met' || !c.goals.length) return null;
    const unrated = c.goals.filter((g) => !(g.ratings || []).length);
    const met = c.goals.filter((g) => b.attainment[String(g.id)] === 'met');
    if (met.length === c.goals.length && !unrated.length) return null;
    return t('closure.warn_goals', { met: met.length, count: c.goals.length, unrated: unrated.length });
  }

  function showReview(b, json, confirm) {
    const review = document.querySelector('#closure-form .closure-review');
    const goalText = new Map(c.goals.map((g) => [String(g.id), g.text]));
    const warning = closureWarning(b);
    const yes = h('button', { type: 'button', class: 'primary' }, t('closure.confirm'));
    const back = h('button', { type: 'button', class: 'secondary' }, t('closure.back'));
    clear(review,
      h('h3', { tabindex: '-1', id: 'closure-review-h' }, t('closure.review_heading')),
      facts([
        [t('closure.closed_on'), fmt(b.closed_on)],
        [t('closure.reason'), t(`reason.${b.reason}`)],
        [t('closure.other_intervention'), b.other_intervention],
        [t('closure.handover_on'), b.handover_on ? formatDate(b.handover_on) : null],
        [t('closure.onward_referral'), b.onward_referral],
        ...Object.entries(b.attainment).map(([gid, a]) => [goalText.get(gid) || '', t(`attain.${a}`)]),
      ]),
      warning ? h('div', { class: 'alert alert-warning', role: 'alert' }, icon('warning', t('alert.warning')),
        h('div', { class: 'alert-body' }, h('p', { class: 'alert-heading' }, t('closure.warn_heading')), h('p', { class: 'alert-text' }, warning))) : null,
      h('p', {}, t('closure.confirm_text')),
      h('div', { class: 'actions' }, yes, back));
    review.hidden = false;
    yes.addEventListener('click', () => { confirm(json); review.closest('form').requestSubmit(); });
    back.addEventListener('click', () => {
      review.hidden = true;
      confirm(null);
      review.closest('form').querySelector('select[name=reason]').focus();
    });
    review.querySelector('h3').focus();
  }

  function closureForm(close) {
    const form = h('form', { novalidate: true, id: 'closure-form' }, formErrors(),
      h('div', { class: 'grid' },
        dateField({ field: 'closed_on', label: t('closure.closed_on'), value: today(), required: true }),
        selectField({ field: 'reason', label: t('closure.reason'), options: [['', t('form.choose')], ...REASONS().map((r) => [r, t(`reason.${r}`)])] }),
        field({ field: 'other_intervention', label: t('closure.other_intervention'), hint: t('closure.other_hint'), maxlength: 4000 }),
        dateField({ field: 'handover_on', label: t('closure.handover_on'), hint: t('closure.handover_hint') }),
        field({ field: 'onward_referral', label: t('closure.onward_referral'), maxlength: 4000 })),
      c.goals.length ? h('fieldset', { class: 'group' }, h('legend', {}, t('closure.attainment')),
        c.goals.map((g) => selectField({ field: `attainment.${g.id}`, label: g.text,
          options: [['', t('form.choose')], ...ATTAIN.map((a) => [a, t(`attain.${a}`)])] }))) : null,
      h('fieldset', { class: 'group' }, h('legend', {}, t('closure.evaluation')),
        h('p', { class: 'hint' }, t('closure.evaluation_hint')),
        QUESTIONS.map((q) => radioGroup({ field: `evaluation.${q}`, legend: t(`eval.${q}`), value: '',
          options: [['', t('answer.not_asked')], ['1', t('answer.1')], ['2', t('answer.2')], ['3', t('answer.3')], ['4', t('answer.4')], ['0', t('answer.0')]] }))),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('closure.review')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    const review = h('div', { class: 'closure-review', hidden: true });
    form.append(review);
    let confirmedFor = null;
    guardedForm(form, {
      collect: (f) => {
        const errors = [];
        const b = {
          closed_on: readDate(f, 'closed_on', errors, { required: true }),
          reason: f.elements.reason.value,
          other_intervention: f.elements.other_intervention.value.trim() || null,
          onward_referral: f.elements.onward_referral.value.trim() || null,
          attainment: {},
          evaluation: {},
        };
        if (!b.reason) errors.push({ field: 'reason', message: t('form.required') });
        const hand = readDate(f, 'handover_on', errors);
        if (hand) b.handover_on = hand;
        for (const g of c.goals) {
          const v = f.elements[`attainment.${g.id}`].value;
          if (!v) errors.push({ field: `attainment.${g.id}`, message: t('closure.choose_attainment') });
          else b.attainment[String(g.id)] = v;
        }
        for (const q of QUESTIONS) {
          const v = radioValue(f.querySelector(`[data-field="evaluation.${q}"]`));
          if (v) b.evaluation[q] = Number(v);
        }
        failIf(errors);
        // First a summary and, when the reason contradicts the goals, a
        // warning; the course is closed only when the user confirms it.
        const json = JSON.stringify(b);
        if (confirmedFor !== json) {
          showReview(b, json, (j) => { confirmedFor = j; });
          throw { pause: true };
        }
        return b;
      },
      save: (b, key) => api.post(`/api/v1/enrolments/${id}/close`, b, { key, etag }),
      done: () => saved(t('closure.saved')),
    });
    return form;
  }

  await load();
}
