// sparring.js - faglig sparring and competence development (issue 23):
// recording a sparring session right after the meeting (fast on a phone:
// today, an hour and the caller already filled in), one's own sessions and
// training records, and the leader's overview per unit and month - hours
// per staff member against the municipality's target, who has gone without
// sparring, training coverage and refreshers due - with a chart.
// Everything comes from /api/v1/sparring/* and /api/v1/competences.
import { api } from './api.js';
import { t, sortDa, currentLang } from './i18n.js';
import { h, clear, add } from './dom.js';
import { field, selectField, checkboxGroup, checkedValues, formErrors, guardedForm } from './forms.js';
import { codes } from './vocab.js';
import {
  items, today, dateField, radioGroup, radioValue, readDate, readInt, failIf, dataTable,
  statusLine, section, disclosure, fmt, textArea, facts,
} from './ui.js';


// minutes -> "1,5 t." (one decimal, the UI's language)
function hours(min) {
  const n = new Intl.NumberFormat(currentLang() === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 })
    .format((min || 0) / 60);
  return t('sparring.hours_value', { value: n });
}

// ---- #/sparring: record, my sessions, my training ----
export async function sparringView(root, { me, announce }) {
  const status = statusLine();
  const formSlot = h('div');
  const listSlot = h('div');
  const trainSlot = h('div');
  const [col, th, cl] = await Promise.all([
    api.get('/api/v1/sparring/colleagues'),
    api.get('/api/v1/sparring/themes'),
    me.roles.includes('home_pedagogue') ? api.get('/api/v1/caseload') : Promise.resolve({ data: { items: [] } }),
  ]);
  const colleagues = sortDa(items(col.data), (c) => c.name);
  const themes = items(th.data);
  const courses = items(cl.data);
  const saved = async (text) => { await load(); status.say(text); announce(text); };

  function sessionForm() {
    const others = colleagues.filter((c) => c.id !== me.id);
    const f = h('form', { novalidate: true, id: 'sparring-form' }, formErrors(),
      h('div', { class: 'grid' },
        dateField({ field: 'held_on', label: t('sparring.held_on'), value: today(), required: true }),
        field({ field: 'minutes', label: t('sparring.minutes'), type: 'number', inputmode: 'numeric', min: 1, max: 600, value: '60', required: true, hint: t('sparring.minutes_hint') })),
      radioGroup({ field: 'form', legend: t('sparring.form'), value: 'individual', inline: false,
        options: codes('sparring_forms').map((x) => [x, t(`sparring.form_${x}`)]) }),
      checkboxGroup({ field: 'participant_ids', legend: t('sparring.participants'), checked: [String(me.id)],
        options: colleagues.map((c) => [String(c.id), c.id === me.id ? t('sparring.me', { name: c.name }) : c.name]) }),
      h('div', { class: 'grid' },
        selectField({ field: 'led_by', label: t('sparring.led_by'),
          options: [['', t('sparring.led_by_none')], ...others.map((c) => [String(c.id), c.name])] }),
        field({ field: 'led_by_name', label: t('sparring.led_by_name'), hint: t('sparring.led_by_name_hint'), maxlength: 120 })),
      checkboxGroup({ field: 'theme_ids', legend: t('sparring.themes'), options: themes.map((x) => [String(x.id), x.name]) }),
      courses.length ? h('fieldset', { class: 'checks', dataset: { field: 'cases' } },
        h('legend', {}, t('sparring.cases')),
        h('p', { class: 'form-hint' }, t('sparring.cases_hint')),
        h('span', { class: 'form-error-message', hidden: true }),
        courses.map((c) => h('div', { class: 'case-row' },
          h('div', { class: 'check form-group-checkbox' },
            h('input', { type: 'checkbox', class: 'form-checkbox', id: `case-${c.id}`, name: 'case_ids', value: String(c.id) }),
            h('label', { for: `case-${c.id}` }, c.family_name)),
          field({ field: `case_note_${c.id}`, label: t('sparring.case_note', { name: c.family_name }), maxlength: 500 })))) : null,
      textArea({ field: 'note', label: t('sparring.note'), hint: t('sparring.note_hint'), maxlength: 1000 }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('sparring.save'))));
    guardedForm(f, {
      collect: (x) => {
        const e = [];
        const b = {
          held_on: readDate(x, 'held_on', e, { required: true }),
          minutes: readInt(x, 'minutes', e, { required: true, min: 1, max: 600 }),
          form: radioValue(x.querySelector('fieldset[data-field=form]')),
          participant_ids: checkedValues(x, 'participant_ids').map(Number),
          theme_ids: checkedValues(x, 'theme_ids').map(Number),
        };
        if (!b.participant_ids.length) e.push({ field: 'participant_ids', message: t('sparring.need_participant') });
        const led = x.elements.led_by.value;
        if (led) b.led_by = Number(led);
        const name = x.elements.led_by_name.value.trim();
        if (name) b.led_by_name = name;
        const note = x.elements.note.value.trim();
        if (note) b.note = note;
        const cases = checkedValues(x, 'case_ids').map((id) => {
          const n = x.elements[`case_note_${id}`]?.value.trim();
          return n ? { enrolment_id: Number(id), note: n } : { enrolment_id: Number(id) };
        });
        if (cases.length) b.cases = cases;
        failIf(e);
        return b;
      },
      save: (b, key) => api.post('/api/v1/sparring/sessions', b, { key }),
      done: async () => { clear(formSlot, sessionForm()); await saved(t('sparring.saved')); },
    });
    return f;
  }

  function trainingForm(close) {
    const f = h('form', { novalidate: true, id: 'training-form' }, formErrors(),
      h('div', { class: 'grid' },
        selectField({ field: 'competence', label: t('training.kind'), options: codes('competences').map((k) => [k, t(`competence.${k}`)]) }),
        field({ field: 'name', label: t('training.name'), maxlength: 120 }),
        field({ field: 'provider', label: t('training.provider'), maxlength: 120 }),
        dateField({ field: 'obtained_on', label: t('training.start'), required: true }),
        dateField({ field: 'ended_on', label: t('training.end'), hint: t('training.end_hint') }),
        field({ field: 'hours', label: t('training.hours'), type: 'number', inputmode: 'numeric', min: 1, max: 2000 })),
      radioGroup({ field: 'certificate', legend: t('training.certificate'), value: 'no',
        options: [['yes', t('training.certificate_yes')], ['no', t('training.certificate_no')]] }),
      field({ field: 'certificate_ref', label: t('training.certificate_ref'), maxlength: 120 }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('form.save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => {
        const e = [];
        const b = {
          competence: x.elements.competence.value,
          obtained_on: readDate(x, 'obtained_on', e, { required: true }),
          certificate: radioValue(x.querySelector('fieldset[data-field=certificate]')),
        };
        const end = readDate(x, 'ended_on', e);
        if (end) b.ended_on = end;
        const hrs = readInt(x, 'hours', e, { min: 1, max: 2000 });
        if (hrs != null) b.hours = hrs;
        for (const k of ['name', 'provider', 'certificate_ref']) {
          const v = x.elements[k].value.trim();
          if (v) b[k] = v;
        }
        failIf(e);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/users/${me.id}/competences`, b, { key }),
      done: () => saved(t('training.saved')),
    });
    return f;
  }

  async function load() {
    const [s, c] = await Promise.all([
      api.get(`/api/v1/sparring/sessions?user_id=${me.id}`),
      api.get(`/api/v1/competences?user_id=${me.id}`),
    ]);
    clear(listSlot, dataTable({
      id: 'sparring-sessions', caption: t('sparring.mine'), rows: items(s.data), empty: t('sparring.none'),
      columns: [
        { label: t('sparring.held_on'), cell: (x) => fmt(x.held_on) },
        { label: t('sparring.form'), cell: (x) => t(`sparring.form_${x.form}`) },
        { label: t('sparring.length'), num: true, cell: (x) => hours(x.minutes) },
        { label: t('sparring.participants'), cell: (x) => x.participants.map((p) => p.name).join(', ') },
        { label: t('sparring.themes'), cell: (x) => x.themes.map((p) => p.name).join(', ') || '–' },
        { label: t('sparring.cases'), cell: (x) => [...x.cases.map((k) => k.family_name),
          ...(x.cases_hidden ? [t('sparring.cases_hidden', { count: x.cases_hidden })] : [])].join(', ') || '–' },
      ],
    }));
    clear(trainSlot, dataTable({
      id: 'training-mine', caption: t('training.mine'), rows: items(c.data), empty: t('training.none'),
      columns: [
        { label: t('training.kind'), cell: (x) => t(`competence.${x.competence}`) },
        { label: t('training.name'), cell: (x) => x.name || '–' },
        { label: t('training.when'), cell: (x) => (x.ended_on ? `${fmt(x.obtained_on)} – ${fmt(x.ended_on)}` : fmt(x.obtained_on)) },
        { label: t('training.hours'), num: true, cell: (x) => (x.hours ?? '–') },
        { label: t('training.certificate'), cell: (x) => (x.certificate ? t(`training.certificate_${x.certificate}`) : '–') },
        { label: t('training.refresher'), cell: (x) => fmt(x.refresher_due_on) },
      ],
    }), disclosure(t('training.add'), trainingForm));
  }

  clear(formSlot, sessionForm());
  add(root, status,
    section('sparring-new', t('sparring.new'), formSlot),
    section('sparring-list', t('sparring.mine'), listSlot),
    section('training-list', t('training.mine'), trainSlot));
  await load();
}

// ---- #/sparring/overview: the leader's overview ----

// The last 12 months, newest first, as [value, label].
function months() {
  const now = today();
  let y = Number(now.slice(0, 4));
  let m = Number(now.slice(5, 7));
  const out = [];
  const fmtMonth = new Intl.DateTimeFormat(currentLang() === 'da' ? 'da-DK' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  for (let i = 0; i < 12; i++) {
    const v = `${y}-${String(m).padStart(2, '0')}`;
    out.push([v, fmtMonth.format(new Date(Date.UTC(y, m - 1, 1)))]);
    m -= 1;
    if (m === 0) { m = 12; y -= 1; }
  }
  return out;
}

const NS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v));
  for (const c of children) if (c != null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// Horizontal bars: each staff member's sparring minutes, the target as a
// line; the same numbers in the table below and in the label.
function overviewChart(o) {
  const rows = o.staff;
  if (!rows.length) return null;
  const W = 480;
  const L = 150;
  const R = 20;
  const BAR = 22;
  const H = rows.length * (BAR + 8) + 24;
  const max = Math.max(o.rule.period_target_minutes, ...rows.map((r) => r.minutes), 1);
  const x = (v) => L + (v / max) * (W - L - R);
  const label = t('sparring.chart_label', { target: hours(o.rule.period_target_minutes), met: o.totals.target_met, staff: o.totals.staff });
  const bars = rows.flatMap((r, i) => {
    const y = 8 + i * (BAR + 8);
    return [
      svg('text', { x: L - 6, y: y + BAR / 2 + 4, 'text-anchor': 'end' }, r.name),
      svg('rect', { class: r.target_met ? 'bar met' : 'bar', x: L, y, width: Math.max(1, x(r.minutes) - L), height: BAR }),
      svg('text', { class: 'value', x: Math.min(x(r.minutes) + 4, W - R), y: y + BAR / 2 + 4 }, hours(r.minutes)),
    ];
  });
  const tx = x(o.rule.period_target_minutes);
  return h('figure', { class: 'chart sparring-chart' },
    svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label }, ...bars,
      svg('line', { class: 'target', x1: tx, x2: tx, y1: 0, y2: H - 16 }),
      svg('text', { class: 'axis', x: tx, y: H - 4, 'text-anchor': 'middle' }, t('sparring.target_short', { value: hours(o.rule.period_target_minutes) }))),
    h('figcaption', {}, label));
}

export async function sparringOverviewView(root) {
  const slot = h('div');
  const controls = h('form', { novalidate: true, id: 'overview-form', class: 'grid' });
  let current = null;

  async function show(params = '') {
    const { data } = await api.get(`/api/v1/sparring/overview${params}`);
    current = data;
    clear(controls,
      selectField({ field: 'unit_id', label: t('sparring.unit'), value: String(data.unit_id), options: data.units.map((u) => [String(u.id), u.name]) }),
      selectField({ field: 'month', label: t('sparring.month'), value: data.month, options: months() }));
    for (const s of controls.querySelectorAll('select')) {
      s.addEventListener('change', () => show(`?unit_id=${controls.elements.unit_id.value}&month=${controls.elements.month.value}`));
    }
    clear(slot,
      facts([
        [t('sparring.rule'), t('sparring.rule_text', { minutes: data.rule.target_minutes, days: data.rule.target_period_days })],
        [t('sparring.period_target'), hours(data.rule.period_target_minutes)],
        [t('sparring.staff_met'), t('sparring.of', { part: data.totals.target_met, of: data.totals.staff })],
        [t('sparring.flagged_count', { weeks: data.rule.flag_weeks }), String(data.totals.flagged)],
        [t('sparring.refresher_count'), String(data.totals.refresher_due)],
      ]),
      overviewChart(data),
      dataTable({
        id: 'sparring-overview', caption: t('sparring.overview_table'), rows: data.staff, empty: t('sparring.no_staff'),
        columns: [
          { label: t('person.name'), cell: (r) => r.name },
          { label: t('sparring.sessions'), num: true, cell: (r) => String(r.sessions) },
          { label: t('sparring.length'), num: true, cell: (r) => hours(r.minutes) },
          { label: t('sparring.target'), cell: (r) => h('span', { class: `badge ${r.target_met ? 'ok' : 'warn'}` }, t(r.target_met ? 'sparring.met' : 'sparring.below')) },
          { label: t('sparring.last'), cell: (r) => (r.flagged
            ? h('span', { class: 'badge warn' }, r.last_sparring_on ? t('sparring.flagged_since', { date: fmt(r.last_sparring_on), weeks: r.weeks_since }) : t('sparring.flagged_never'))
            : fmt(r.last_sparring_on)) },
          { label: t('training.mine_short'), cell: (r) => [...new Set(r.trainings.map((x) => t(`competence.${x.competence}`)))].join(', ') || '–' },
          { label: t('training.refresher'), cell: (r) => (r.refreshers_due ? h('span', { class: 'badge warn' }, t('sparring.refreshers_due', { count: r.refreshers_due })) : '–') },
        ],
      }),
      dataTable({
        id: 'training-coverage', caption: t('sparring.coverage'), rows: data.training_coverage, empty: '–',
        columns: [
          { label: t('training.kind'), cell: (r) => t(`competence.${r.competence}`) },
          { label: t('sparring.coverage_staff'), num: true, cell: (r) => t('sparring.of', { part: r.staff, of: data.totals.staff }) },
        ],
      }));
  }

  add(root, section('overview-choose', t('sparring.choose'), controls), section('overview-result', t('sparring.overview_title'), slot));
  await show();
  return current;
}
