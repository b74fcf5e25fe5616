// referrals.js - the referral form (risk-factor checklists, TOPI, § 52), the
// coordinator's visitation queue, and the referral page: the core's
// assessment and its reasons beside the decision form, then the form that
// starts the course from an accepted referral.
import { api } from './api.js';
import { t, sortDa, compareDa, formatDate } from './i18n.js';
import { h, clear, add } from './dom.js';
import { field, selectField, checkboxGroup, checkedValues, formErrors, guardedForm } from './forms.js';
import {
  items, today, daysBetween, dateField, textArea, radioGroup, radioValue, checkbox,
  readDate, readInt, failIf, dataTable, statusLine, section, facts, fmt,
} from './ui.js';
import { personName } from './families.js';

const SOURCES = ['health_visiting', 'daycare', 'midwife', 'gp', 'family_department', 'self', 'other'];
const OUTCOMES = ['accepted', 'rejected', 'referred_elsewhere', 'waitlist', 'declined_by_family'];
const FRAMES = ['dagtilbudsloven_8_9', 'serviceloven_11_3'];
const OPEN = ['pending', 'waitlist'];

// ---- new referral: #/referrals/new/FAMILY_ID ----
export async function referralNewView(root, { params, announce }) {
  const familyId = Number(params.id);
  const [{ data: fam }, { data: rf }] = await Promise.all([
    api.get(`/api/v1/families/${familyId}`), api.get('/api/v1/risk-factors')]);
  const children = fam.persons.filter((p) => p.kind === 'child');
  const risks = items(rf);
  const byKind = (k) => sortDa(risks.filter((r) => r.kind === k), (r) => r.label).map((r) => [r.code, r.label]);
  root.querySelector('h1').textContent = t('referral.new_title', { name: fam.name });
  const form = h('form', { novalidate: true, id: 'new-referral' },
    formErrors(),
    h('p', {}, h('a', { href: `#/families/${familyId}` }, t('referral.back_to_family', { name: fam.name }))),
    h('div', { class: 'grid' },
      selectField({ field: 'child_id', label: t('referral.child'),
        options: children.length ? children.map((c) => [String(c.id), personName(c)]) : [['', t('referral.no_child')]] }),
      selectField({ field: 'source', label: t('referral.source'),
        options: [['', t('form.choose')], ...SOURCES.map((s) => [s, t(`source.${s}`)])] }),
      field({ field: 'channel', label: t('referral.channel'), hint: t('referral.channel_hint'), maxlength: 200 }),
      dateField({ field: 'referred_on', label: t('referral.referred_on'), value: today(), required: true })),
    textArea({ field: 'reason', label: t('referral.reason'), hint: t('referral.reason_hint'), required: true, rows: 4, maxlength: 4000 }),
    checkboxGroup({ field: 'risk_factors', legend: t('referral.risks_parent'), options: byKind('parent') }),
    checkboxGroup({ field: 'risk_factors_child', legend: t('referral.risks_child'), options: byKind('child') }),
    radioGroup({ field: 'topi', legend: t('referral.topi'), value: '',
      options: [['', t('topi.none')], ['green', t('topi.green')], ['yellow', t('topi.yellow')], ['red', t('topi.red')]] }),
    checkbox({ field: 'section52', label: t('referral.section52'), hint: t('referral.section52_hint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('referral.save'))));
  guardedForm(form, {
    collect: (f) => {
      const errors = [];
      const body = {
        family_id: familyId,
        child_id: Number(f.elements.child_id.value) || null,
        source: f.elements.source.value,
        channel: f.elements.channel.value.trim() || null,
        reason: f.elements.reason.value.trim(),
        risk_factors: [...checkedValues(f, 'risk_factors'), ...checkedValues(f, 'risk_factors_child')],
        topi: radioValue(f.querySelector('[data-field=topi]')) || null,
        section52: f.elements.section52.checked,
        referred_on: readDate(f, 'referred_on', errors, { required: true }),
      };
      if (!body.child_id) errors.push({ field: 'child_id', message: t('referral.no_child') });
      if (!body.source) errors.push({ field: 'source', message: t('form.required') });
      if (!body.reason) errors.push({ field: 'reason', message: t('form.required') });
      failIf(errors);
      return body;
    },
    save: (b, key) => api.post('/api/v1/referrals', b, { key }),
    done: ({ data }) => {
      announce(t('referral.saved'));
      location.hash = `#/referrals/${data.id}`;
    },
  });
  add(root, form);
}

// ---- visitation queue (coordinators) ----
export async function visitationView(root) {
  const [pending, wait] = await Promise.all([
    api.get('/api/v1/referrals?status=pending'), api.get('/api/v1/referrals?status=waitlist')]);
  const list = [...items(pending.data), ...items(wait.data)]
    .sort((a, b) => compareDa(a.referred_on, b.referred_on) || a.id - b.id);
  const now = today();
  add(root, h('p', { class: 'lead' }, t('visitation.count', { count: list.length })),
    dataTable({
      id: 'queue', caption: t('visitation.title'), empty: t('visitation.empty'), rows: list,
      columns: [
        { label: t('referral.referred_on'), cell: (r) => fmt(r.referred_on) },
        { label: t('visitation.waiting'), num: true, cell: (r) => t('visitation.days', { days: daysBetween(r.referred_on, now) }) },
        { label: t('referral.family'), cell: (r) => h('a', { href: `#/referrals/${r.id}` }, r.family_name || `#${r.family_id}`) },
        { label: t('referral.child'), cell: (r) => r.child_name || '–' },
        { label: t('referral.source'), cell: (r) => t(`source.${r.source}`) },
        { label: t('referral.topi'), cell: (r) => (r.topi ? h('span', { class: `badge topi-${r.topi}` }, t(`topi.${r.topi}`)) : '–') },
        { label: t('visitation.risks'), num: true, cell: (r) => String(r.risk_factors.length) },
        { label: t('referral.status'), cell: (r) => t(`refstatus.${r.status}`) },
      ],
    }));
}

// ---- one referral: assessment, decision, course ----
export async function referralView(root, { me, params, announce }) {
  const id = Number(params.id);
  const status = statusLine();
  const body = h('div');
  add(root, status, body);
  const isCoord = me.roles.includes('coordinator');
  let labels = new Map();
  try {
    const { data } = await api.get('/api/v1/risk-factors');
    labels = new Map(items(data).map((r) => [r.code, r.label]));
  } catch { /* codes are shown instead */ }

  async function load() {
    const { data: r, etag } = await api.get(`/api/v1/referrals/${id}`);
    root.querySelector('h1').textContent = t('referral.title', { name: r.family_name || '' });
    document.title = `${t('referral.title', { name: r.family_name || '' })} – ${t('app.name')}`;
    const open = OPEN.includes(r.status);
    clear(body,
      h('div', { class: 'two-col' },
        section('ref-facts-h', t('referral.facts'),
          facts([
            [t('referral.family'), h('a', { href: `#/families/${r.family_id}` }, r.family_name || `#${r.family_id}`)],
            [t('referral.child'), r.child_name],
            [t('referral.status'), t(`refstatus.${r.status}`)],
            [t('referral.referred_on'), formatDate(r.referred_on)],
            [t('referral.source'), t(`source.${r.source}`)],
            [t('referral.channel'), r.channel],
            [t('referral.topi'), r.topi ? t(`topi.${r.topi}`) : t('topi.none')],
            [t('referral.section52_short'), r.section52 ? t('yes') : t('no')],
            [t('referral.reason'), r.reason],
          ]),
          h('h3', {}, t('referral.risks')),
          r.risk_factors.length ? h('ul', {}, r.risk_factors.map((c) => h('li', {}, labels.get(c) || c)))
            : h('p', {}, t('referral.no_risks'))),
        section('assess-h', t('assessment.title'),
          h('p', { class: `verdict ${r.assessment.in_target_group ? 'ok' : 'warn'}` },
            t(r.assessment.in_target_group ? 'assessment.in' : 'assessment.out')),
          h('ul', { class: 'reasons' }, r.assessment.reasons.map((x) => h('li', { class: x.ok ? 'ok' : 'warn' },
            h('span', { class: 'mark', 'aria-hidden': 'true' }, x.ok ? '✓' : '!'),
            h('span', { class: 'vh' }, x.ok ? t('assessment.met') : t('assessment.not_met')),
            ' ', x.text))),
          isCoord && open ? decisionForm(r, etag) : null)),
      isCoord && r.status === 'accepted' && !r.enrolment_id ? section('course-new-h', t('course.new_heading'), courseForm(r)) : null,
      r.enrolment_id ? h('p', { class: 'lead' }, h('a', { href: `#/courses/${r.enrolment_id}` }, t('referral.to_course'))) : null);
  }

  function decisionForm(r, etag) {
    const other = field({ field: 'other_intervention', label: t('decision.other_intervention'), maxlength: 400 });
    const reason = textArea({ field: 'reason', label: t('decision.reason'), hint: t('decision.reason_hint'), maxlength: 4000 });
    const just = r.section52 ? textArea({ field: 'section52_justification', label: t('decision.section52_justification'),
      hint: t('decision.section52_hint'), maxlength: 4000 }) : null;
    const form = h('form', { novalidate: true, id: 'decision' },
      h('h3', {}, t('decision.heading')),
      formErrors(),
      radioGroup({ field: 'outcome', legend: t('decision.outcome'), inline: false,
        options: OUTCOMES.map((o) => [o, t(`outcome.${o}`)]) }),
      reason, other, just,
      dateField({ field: 'decided_on', label: t('decision.decided_on'), value: today(), required: true }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('decision.save'))));
    guardedForm(form, {
      collect: (f) => {
        const errors = [];
        const outcome = radioValue(f.querySelector('[data-field=outcome]'));
        if (!outcome) errors.push({ field: 'outcome', message: t('decision.choose') });
        const b = { outcome, decided_on: readDate(f, 'decided_on', errors, { required: true }) };
        const txt = (n) => f.elements[n]?.value.trim() || null;
        b.reason = txt('reason');
        b.other_intervention = txt('other_intervention');
        if (just) b.section52_justification = txt('section52_justification');
        failIf(errors);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/referrals/${r.id}/decision`, b, { key, etag }),
      done: async ({ data }) => { await load(); status.say(t('decision.saved', { outcome: t(`outcome.${data.status}`) })); announce(t('decision.saved', { outcome: t(`outcome.${data.status}`) })); },
    });
    return form;
  }

  function courseForm(r) {
    const slot = h('div', {}, h('p', {}, t('loading')));
    Promise.all([api.get('/api/v1/staff?role=home_pedagogue'), api.get('/api/v1/units')]).then(([s, u]) => {
      const staff = sortDa(items(s.data), (x) => x.display_name);
      const units = sortDa(items(u.data), (x) => x.name);
      const start = today();
      const form = h('form', { novalidate: true, id: 'new-course' }, formErrors(),
        checkboxGroup({ field: 'staff_ids', legend: t('course.staff'), options: staff.map((x) => [String(x.id), x.display_name]),
          empty: t('course.no_staff') }),
        h('div', { class: 'grid' },
          selectField({ field: 'unit_id', label: t('course.unit'), options: units.map((x) => [String(x.id), x.name]),
            value: String(me.units?.[0]?.id ?? '') }),
          selectField({ field: 'legal_frame', label: t('course.legal_frame'), options: FRAMES.map((x) => [x, t(`frame.${x}`)]) }),
          dateField({ field: 'start_meeting_on', label: t('course.start_meeting_on'), hint: t('course.start_meeting_hint') }),
          dateField({ field: 'start_on', label: t('course.start_on'), value: start, required: true }),
          dateField({ field: 'planned_end_on', label: t('course.planned_end_on'), required: true,
            hint: t('course.planned_end_hint') }),
          field({ field: 'minutes_per_week', label: t('course.minutes_per_week'), type: 'number', min: 0, max: 2400, value: '120', inputmode: 'numeric' })),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('course.create'))));
      guardedForm(form, {
        collect: (f) => {
          const errors = [];
          const b = {
            referral_id: r.id,
            staff_ids: checkedValues(f, 'staff_ids').map(Number),
            unit_id: Number(f.elements.unit_id.value),
            legal_frame: f.elements.legal_frame.value,
            start_on: readDate(f, 'start_on', errors, { required: true }),
            planned_end_on: readDate(f, 'planned_end_on', errors, { required: true }),
            minutes_per_week: readInt(f, 'minutes_per_week', errors, { required: true, min: 0, max: 2400 }),
          };
          const meet = readDate(f, 'start_meeting_on', errors);
          if (meet) b.start_meeting_on = meet;
          if (!b.staff_ids.length) errors.push({ field: 'staff_ids', message: t('course.choose_staff') });
          failIf(errors);
          return b;
        },
        save: (b, key) => api.post('/api/v1/enrolments', b, { key }),
        done: ({ data }) => { announce(t('course.created')); location.hash = `#/courses/${data.id}`; },
      });
      clear(slot, form);
    }).catch((e) => { clear(slot, h('p', { class: 'error', role: 'alert' }, e.summary || String(e))); });
    return slot;
  }

  await load();
}
