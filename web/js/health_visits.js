// health_visits.js - the extra health-visitor visits at 1½ and 3 years:
// the due list with the criterion that applied (and "Tilbyd" beside each
// child), the offers with their state, the offer page (attempt log, the
// family's answer, the visit form made for a tablet in the living room, the
// toy box for the visit) and the toy-box board with quarantine.
import { api, ApiError } from './api.js';
import { t, sortDa, formatDate, formatDateTime } from './i18n.js';
import { h, clear, add } from './dom.js';
import { field, selectField, checkboxGroup, checkedValues, formErrors, guardedForm, showErrors } from './forms.js';
import {
  items, today, addDays, dateField, textArea, radioGroup, radioValue, checkbox, readDate, readInt,
  failIf, dataTable, statusLine, section, facts, disclosure, fmt,
} from './ui.js';
import { codes } from './vocab.js';

const PROGRAMMES = ['visit_1_5y', 'visit_3y'];
const GROUP = { visit_1_5y: '1_5y', visit_3y: '3y' };
const CHANNELS = () => codes('hv_channels');
const DECLINE = () => codes('hv_decline_reasons');
const TOPICS = ['sleep', 'boundaries', 'feelings', 'relation', 'regulation', 'daycare_start', 'food', 'other'];
const STATES = ['available', 'checked_out', 'quarantine', 'written_off'];
const WRITE_OFF = ['lost', 'damaged', 'other'];
const OFFER_ORDER = ['offered', 'accepted', 'visited', 'declined', 'never_reached'];

const worker = (me) => me.roles.includes('health_visitor');

// ---- due list and offers: #/health-visits ----
export async function healthVisitsView(root, { me, announce }) {
  const status = statusLine();
  const dueSlot = h('div');
  const offersSlot = h('div');
  const form = h('form', { novalidate: true, id: 'due-filter', class: 'filters' }, formErrors(),
    h('div', { class: 'grid' },
      selectField({ field: 'programme', label: t('hv.programme'), options: PROGRAMMES.map((p) => [p, t(`programme.${p}`)]) }),
      dateField({ field: 'from', label: t('hv.from'), value: today(), required: true }),
      dateField({ field: 'to', label: t('hv.to'), value: addDays(today(), 90), required: true })),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('hv.show_due'))));

  async function loadDue(f = form) {
    const errors = [];
    const from = readDate(f, 'from', errors, { required: true });
    const to = readDate(f, 'to', errors, { required: true });
    failIf(errors);
    const programme = f.elements.programme.value;
    const { data } = await api.get(`/api/v1/health-visits/due?programme=${programme}&from=${from}&to=${to}`);
    const list = items(data);
    clear(dueSlot, h('p', { role: 'status' }, t('hv.due_count', { count: list.length })),
      dataTable({
        id: 'due', caption: t('hv.due_heading'), rows: list, empty: t('hv.due_empty'),
        columns: [
          { label: t('hv.child'), cell: (c) => [c.child_name, h('br'), h('a', { href: `#/families/${c.family_id}` }, c.family_name)] },
          { label: t('person.birth_date'), cell: (c) => fmt(c.birth_date) },
          { label: t('hv.window'), cell: (c) => `${fmt(c.window_from)} – ${fmt(c.window_to)}` },
          { label: t('hv.criterion'), cell: (c) => c.criterion_label || t(`criterion.${c.criterion}`) },
          { label: t('hv.action'), cell: (c) => (worker(me) ? offerButton(c, programme) : '') },
        ],
      }));
  }

  function offerButton(c, programme) {
    return disclosure(h('span', {}, t('hv.offer'), h('span', { class: 'vh' }, ` ${c.child_name}, ${c.family_name}`)), (close) => {
      const f = h('form', { novalidate: true, class: 'offer-form' }, formErrors(),
        dateField({ field: 'offered_on', label: t('hv.offered_on'), value: today(), required: true }),
        selectField({ field: 'channel', label: t('hv.channel'), options: CHANNELS().map((x) => [x, t(`channel.${x}`)]) }),
        radioGroup({ field: 'social_measures', legend: t('hv.social_measures'), options: [['false', t('no')], ['true', t('yes')]] }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('hv.offer_save')),
          h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
      guardedForm(f, {
        collect: (x) => {
          const errors = [];
          const sm = radioValue(x.querySelector('[data-field=social_measures]'));
          if (sm == null) errors.push({ field: 'social_measures', message: t('hv.social_measures_required') });
          const b = { child_id: c.child_id, programme, offered_on: readDate(x, 'offered_on', errors, { required: true }),
            channel: x.elements.channel.value, social_measures: sm === 'true' };
          failIf(errors);
          return b;
        },
        save: (b, key) => api.post('/api/v1/health-visits/offers', b, { key }),
        done: ({ data }) => { announce(t('hv.offered')); location.hash = `#/health-visits/offers/${data.id}`; },
      });
      return f;
    });
  }

  async function loadOffers() {
    const { data } = await api.get(`/api/v1/health-visits/offers${worker(me) ? '?mine=1' : ''}`);
    const list = items(data).sort((a, b) => OFFER_ORDER.indexOf(a.status) - OFFER_ORDER.indexOf(b.status)
      || String(b.offered_on).localeCompare(String(a.offered_on)));
    clear(offersSlot, dataTable({
      id: 'offers', caption: t('hv.offers_heading'), rows: list, empty: t('hv.offers_empty'),
      columns: [
        { label: t('hv.family'), cell: (o) => h('a', { href: `#/health-visits/offers/${o.id}` }, o.family_name) },
        { label: t('hv.programme'), cell: (o) => t(`programme.${o.programme}`) },
        { label: t('hv.offered_on'), cell: (o) => fmt(o.offered_on) },
        { label: t('hv.status'), cell: (o) => h('span', { class: `badge hv-${o.status}` }, t(`offerstatus.${o.status}`)) },
        { label: t('hv.attempts'), num: true, cell: (o) => String(o.failed_attempts ?? 0) },
        { label: t('hv.visitor'), cell: (o) => o.health_visitor?.display_name || '–' },
      ],
    }));
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try { await loadDue(); } catch (e) {
      if (e instanceof ApiError || e?.errors) showErrors(form, e); else throw e;
    }
  });
  // The due list is for those who offer visits and their coordinator.
  const seesDue = me.roles.some((r) => r === 'health_visitor' || r === 'coordinator');
  add(root, status,
    seesDue ? section('due-h', t('hv.due_heading'), h('p', { class: 'hint' }, t('hv.due_hint')), form, dueSlot) : null,
    section('offers-h', t('hv.offers_heading'), offersSlot));
  await Promise.all([seesDue ? loadDue() : null, loadOffers()]);
}

// ---- one offer: #/health-visits/offers/:id ----
export async function offerView(root, { me, params, announce }) {
  const id = Number(params.id);
  const status = statusLine();
  const body = h('div');
  add(root, status, body);
  let o;
  let etag;
  let boxes = [];
  let materials = [];

  async function load() {
    const r = await api.get(`/api/v1/health-visits/offers/${id}`);
    o = r.data;
    etag = r.etag;
    const g = GROUP[o.programme];
    // Without a network the toy boxes (shared, changing by the hour) are
    // left out; the visit can still be recorded (offline.js).
    const noBoxes = (e) => { if (e instanceof ApiError && e.status === 0) return { data: { items: [] } }; throw e; };
    const [b, m] = await Promise.all([api.get(`/api/v1/toyboxes?age_group=${g}`).catch(noBoxes), api.get(`/api/v1/materials?age_group=${g}`)]);
    boxes = items(b.data);
    materials = sortDa(items(m.data).filter((x) => x.active !== false), (x) => x.label);
    render();
  }
  const saved = async (text) => { await load(); status.say(text); announce(text); };
  const mine = () => worker(me) && o.health_visitor?.id === me.id;

  function render() {
    const title = t('hv.offer_title', { name: o.family_name, programme: t(`programme.${o.programme}`) });
    root.querySelector('h1').textContent = title;
    document.title = `${title} – ${t('app.name')}`;
    // the box out for this visit now (a returned box in quarantine still
    // names its last loan, but is no longer with the family)
    const myBox = boxes.find((b) => b.state === 'checked_out' && b.checked_out?.offer_id === o.id);
    clear(body,
      section('offer-facts-h', t('hv.offer_facts'), facts([
        [t('hv.family'), h('a', { href: `#/families/${o.family_id}` }, o.family_name)],
        [t('hv.status'), t(`offerstatus.${o.status}`)],
        [t('hv.criterion'), t(`criterion.${o.criterion}`)],
        [t('hv.window'), `${fmt(o.window_from)} – ${fmt(o.window_to)}`],
        [t('hv.offered_on'), `${formatDate(o.offered_on)} (${t(`channel.${o.channel}`)})`],
        [t('hv.social_measures'), o.social_measures ? t('yes') : t('no')],
        [t('hv.visitor'), o.health_visitor?.display_name],
        [t('hv.answered_on'), o.answered_on ? formatDate(o.answered_on) : null],
        [t('hv.decline_reason'), o.decline_reason ? t(`decline.${o.decline_reason}`) + (o.decline_text ? `: ${o.decline_text}` : '') : null],
      ])),
      attemptsSection(),
      o.status === 'offered' && mine() ? section('answer-h', t('hv.answer_heading'), answerForm()) : null,
      o.status === 'accepted' && mine() ? section('hv-visit-h', t('hv.visit_heading'), boxPanel(myBox), visitForm()) : null,
      o.visit ? section('hv-visit-h', t('hv.visit_heading'), visitFacts(o.visit)) : null);
  }

  function attemptsSection() {
    const list = o.attempts || [];
    return section('attempts-h', t('hv.attempts_heading'),
      o.status === 'offered' ? h('p', {}, t('hv.attempts_left', { n: o.attempts_left_before_never_reached ?? 0 })) : null,
      dataTable({ id: 'attempts', caption: t('hv.attempts_heading'), rows: list, empty: t('hv.attempts_empty'),
        columns: [
          { label: t('hv.attempted_on'), cell: (a) => fmt(a.attempted_on) },
          { label: t('hv.channel'), cell: (a) => t(`channel.${a.channel}`) },
          { label: t('hv.reached'), cell: (a) => (a.reached ? t('yes') : t('no')) },
          { label: t('visit.note'), cell: (a) => a.note || '–' },
        ] }),
      o.status === 'offered' && mine() ? disclosure(t('hv.attempt_add'), (close) => {
        const f = h('form', { novalidate: true, id: 'attempt-form' }, formErrors(),
          h('div', { class: 'grid' },
            dateField({ field: 'attempted_on', label: t('hv.attempted_on'), value: today(), required: true }),
            selectField({ field: 'channel', label: t('hv.channel'), options: CHANNELS().map((x) => [x, t(`channel.${x}`)]), value: 'phone' })),
          checkbox({ field: 'reached', label: t('hv.reached_label') }),
          field({ field: 'note', label: t('visit.note'), maxlength: 2000 }),
          h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('hv.attempt_save')),
            h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
        guardedForm(f, {
          collect: (x) => {
            const errors = [];
            const b = { attempted_on: readDate(x, 'attempted_on', errors, { required: true }), channel: x.elements.channel.value,
              reached: x.elements.reached.checked, note: x.elements.note.value.trim() || null };
            failIf(errors);
            return b;
          },
          save: (b, key) => api.post(`/api/v1/health-visits/offers/${id}/attempts`, b, { key }),
          done: () => saved(t('hv.attempt_saved')),
        });
        return f;
      }) : null);
  }

  function answerForm() {
    const f = h('form', { novalidate: true, id: 'answer-form' }, formErrors(),
      radioGroup({ field: 'answer', legend: t('hv.answer'), inline: false,
        options: ['accepted', 'declined', 'never_reached'].map((a) => [a, t(`answer_hv.${a}`)]) }),
      selectField({ field: 'decline_reason', label: t('hv.decline_reason'),
        options: [['', t('form.choose')], ...DECLINE().map((d) => [d, t(`decline.${d}`)])] }),
      field({ field: 'decline_text', label: t('hv.decline_text'), maxlength: 2000 }),
      dateField({ field: 'answered_on', label: t('hv.answered_on'), value: today(), required: true }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('hv.answer_save'))));
    guardedForm(f, {
      collect: (x) => {
        const errors = [];
        const answer = radioValue(x.querySelector('[data-field=answer]'));
        if (!answer) errors.push({ field: 'answer', message: t('hv.answer_choose') });
        const b = { answer, answered_on: readDate(x, 'answered_on', errors, { required: true }) };
        if (answer === 'declined') {
          b.decline_reason = x.elements.decline_reason.value || null;
          b.decline_text = x.elements.decline_text.value.trim() || null;
        }
        failIf(errors);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/health-visits/offers/${id}/answer`, b, { key, etag }),
      done: () => saved(t('hv.answer_saved')),
    });
    return f;
  }

  function boxPanel(myBox) {
    if (myBox) {
      return h('p', { class: 'note' }, t('hv.box_out', { label: myBox.label }));
    }
    // Only boxes ready to lend are offered; those in quarantine are named
    // with the time they are free, so the visitor knows what is coming.
    const free = boxes.filter((b) => b.state === 'available');
    const quarantined = boxes.filter((b) => b.state === 'quarantine');
    const f = h('form', { novalidate: true, id: 'checkout-form', class: 'inline-form' }, formErrors(),
      selectField({ field: 'toybox', label: t('hv.box_choose'),
        options: [['', free.length ? t('form.choose') : t('hv.box_none_free')], ...free.map((b) => [String(b.id), b.label])] }),
      quarantined.length ? h('p', { class: 'hint' }, t('hv.box_quarantined', {
        boxes: quarantined.map((b) => t('hv.box_in_quarantine', { label: b.label, when: b.free_at_text })).join('; ') })) : null,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('hv.box_checkout'))));
    guardedForm(f, {
      collect: (x) => {
        const v = x.elements.toybox.value;
        failIf(v ? [] : [{ field: 'toybox', message: t('hv.box_choose') }]);
        return { box: Number(v), offer_id: id };
      },
      save: async (b, key) => {
        try { return await api.post(`/api/v1/toyboxes/${b.box}/checkout`, { offer_id: b.offer_id }, { key }); } catch (e) {
          if (e instanceof ApiError) for (const er of e.errors) er.field = 'toybox';
          throw e;
        }
      },
      done: () => saved(t('hv.box_checked_out')),
    });
    return h('div', { class: 'box-panel' }, h('h3', {}, t('hv.box_heading')), f);
  }

  function visitForm() {
    const f = h('form', { novalidate: true, id: 'hv-visit-form', class: 'visit' }, formErrors(),
      h('div', { class: 'grid' },
        dateField({ field: 'visited_on', label: t('hv.visited_on'), value: today(), required: true }),
        field({ field: 'minutes', label: t('visit.minutes'), type: 'number', inputmode: 'numeric', min: 1, max: 1440, value: '60', required: true })),
      checkboxGroup({ field: 'topics', legend: t('hv.topics'), options: TOPICS.map((x) => [x, t(`topic.${x}`)]) }),
      field({ field: 'topic_other', label: t('hv.topic_other'), maxlength: 2000 }),
      checkboxGroup({ field: 'materials', legend: t('hv.materials'), options: materials.map((m) => [m.code, m.label]), empty: t('hv.no_materials') }),
      radioGroup({ field: 'referral_within', legend: t('hv.referral_within'), options: [['false', t('no')], ['true', t('yes')]], value: 'false' }),
      field({ field: 'referral_within_to', label: t('hv.referral_to'), maxlength: 2000 }),
      radioGroup({ field: 'referral_outside', legend: t('hv.referral_outside'), options: [['false', t('no')], ['true', t('yes')]], value: 'false' }),
      field({ field: 'referral_outside_to', label: t('hv.referral_to_outside'), maxlength: 2000 }),
      radioGroup({ field: 'parent_rating', legend: t('hv.parent_rating'), value: '',
        options: [['', t('answer.not_asked')], ['1', t('answer.1')], ['2', t('answer.2')], ['3', t('answer.3')], ['4', t('answer.4')], ['0', t('answer.0')]] }),
      textArea({ field: 'note', label: t('visit.note'), rows: 3, maxlength: 20000 }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('hv.visit_save'))));
    guardedForm(f, {
      collect: (x) => {
        const errors = [];
        const yes = (n) => radioValue(x.querySelector(`[data-field=${n}]`)) === 'true';
        const txt = (n) => x.elements[n].value.trim() || null;
        const rating = radioValue(x.querySelector('[data-field=parent_rating]'));
        const b = {
          visited_on: readDate(x, 'visited_on', errors, { required: true }),
          minutes: readInt(x, 'minutes', errors, { required: true, min: 1, max: 1440 }),
          topics: checkedValues(x, 'topics'),
          materials: checkedValues(x, 'materials'),
          referral_within: yes('referral_within'),
          referral_outside: yes('referral_outside'),
          parent_rating: rating ? Number(rating) : null,
          note: txt('note'),
        };
        if (b.topics.includes('other')) b.topic_other = txt('topic_other');
        if (b.referral_within) b.referral_within_to = txt('referral_within_to');
        if (b.referral_outside) b.referral_outside_to = txt('referral_outside_to');
        failIf(errors);
        return b;
      },
      save: (b, key) => api.post(`/api/v1/health-visits/offers/${id}/visit`, b, { key, offlineEtag: etag, label: o.family_name }),
      done: (res) => saved(res?.queued ? t('outbox.queued') : t('hv.visit_saved')),
    });
    return f;
  }

  function visitFacts(v) {
    const label = new Map(materials.map((m) => [m.code, m.label]));
    return facts([
      [t('hv.visited_on'), fmt(v.visited_on)],
      [t('visit.minutes'), String(v.minutes)],
      [t('hv.topics'), v.topics.map((x) => t(`topic.${x}`)).join(', ') + (v.topic_other ? ` (${v.topic_other})` : '')],
      [t('hv.materials'), v.materials.map((m) => label.get(m) || m).join(', ') || '–'],
      [t('hv.referral_within'), v.referral_within ? `${t('yes')}: ${v.referral_within_to}` : t('no')],
      [t('hv.referral_outside'), v.referral_outside ? `${t('yes')}: ${v.referral_outside_to}` : t('no')],
      [t('hv.parent_rating'), v.parent_rating == null ? t('answer.not_asked') : t(`answer.${v.parent_rating}`)],
      [t('visit.note'), v.note],
    ]);
  }

  await load();
}

// ---- toy-box board: #/toyboxes ----
export async function toyboxesView(root, { me, announce }) {
  const status = statusLine();
  const slot = h('div');
  add(root, status, slot);
  const saved = async (text) => { await load(); status.say(text); announce(text); };

  async function act(box, path, body, text) {
    try {
      await api.post(`/api/v1/toyboxes/${box.id}/${path}`, body);
      await saved(text);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      status.say(e.errors[0]?.message || e.summary, true);
    }
  }

  function writeOffForm(box, close) {
    const f = h('form', { novalidate: true, class: 'inline-form' }, formErrors(),
      selectField({ field: 'reason', label: t('box.write_off_reason'), options: WRITE_OFF.map((r) => [r, t(`writeoff.${r}`)]) }),
      field({ field: 'note', label: t('visit.note'), maxlength: 1000 }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('box.write_off_save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => ({ reason: x.elements.reason.value, note: x.elements.note.value.trim() || null }),
      save: (b, key) => api.post(`/api/v1/toyboxes/${box.id}/write-off`, b, { key }),
      done: () => saved(t('box.written_off', { label: box.label })),
    });
    return f;
  }

  let offers = new Map(); // offer id -> offer (family name, programme, status)
  let holding = new Set(); // offer ids that have a box out now

  // Lend a ready box from the board to one of the open visits of its age:
  // a visit the family has said yes to (the server lends to no other).
  function lendForm(box, close) {
    const open = [...offers.values()].filter((o) => GROUP[o.programme] === box.age_group
      && o.status === 'accepted' && !holding.has(o.id));
    const f = h('form', { novalidate: true, class: 'inline-form lend-form' }, formErrors(),
      selectField({ field: 'offer_id', label: t('box.lend_to'),
        options: [['', open.length ? t('form.choose') : t('box.lend_none')], ...sortDa(open, (o) => o.family_name)
          .map((o) => [String(o.id), `${o.family_name} – ${t(`programme.${o.programme}`)}`])] }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('box.lend_save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(f, {
      collect: (x) => {
        const v = x.elements.offer_id.value;
        failIf(v ? [] : [{ field: 'offer_id', message: t('box.lend_choose') }]);
        return { offer_id: Number(v) };
      },
      save: (b, key) => api.post(`/api/v1/toyboxes/${box.id}/checkout`, b, { key }),
      done: (r, b) => saved(t('box.lent', { label: box.label, family: offers.get(b.offer_id)?.family_name || '' })),
    });
    return f;
  }

  // Who has the box: the family of the visit it is lent to (a link to the
  // visit), when the user may see that family.
  function holder(b) {
    const o = b.checked_out?.offer_id != null ? offers.get(b.checked_out.offer_id) : null;
    return o ? h('a', { href: `#/health-visits/offers/${o.id}` }, o.family_name) : t('box.holder_hidden');
  }

  function stateText(b) {
    switch (b.state) {
      case 'checked_out': return t('box.out_since', { date: formatDateTime(b.checked_out.at), by: b.checked_out.by?.display_name || '' });
      case 'quarantine': return t('box.free_at', { when: b.free_at_text });
      case 'written_off': return t(`writeoff.${b.written_off?.reason || 'other'}`);
      default: return t('box.ready');
    }
  }

  async function load() {
    const [{ data }, of] = await Promise.all([api.get('/api/v1/toyboxes'), api.get('/api/v1/health-visits/offers')]);
    offers = new Map(items(of.data).map((o) => [o.id, o]));
    const list = sortDa(items(data), (b) => b.label);
    holding = new Set(list.filter((b) => b.state === 'checked_out').map((b) => b.checked_out?.offer_id));
    clear(slot,
      h('p', {}, t('box.quarantine_rule', { hours: data.quarantine_hours })),
      STATES.map((st) => {
        const rows = list.filter((b) => b.state === st);
        return section(`box-${st}-h`, `${t(`boxstate.${st}`)} (${rows.length})`,
          dataTable({ id: `boxes-${st}`, caption: t(`boxstate.${st}`), rows, empty: t('box.none'),
            columns: [
              { label: t('box.label'), cell: (b) => b.label },
              { label: t('box.age_group'), cell: (b) => t(`agegroup.${b.age_group}`) },
              { label: t('box.state'), cell: (b) => stateText(b) },
              st === 'checked_out' ? { label: t('box.holder'), cell: (b) => holder(b) } : null,
              worker(me) ? { label: t('consent.actions'), cell: (b) => [
                b.state === 'available' ? disclosure(h('span', {}, t('box.lend'), h('span', { class: 'vh' }, ` ${b.label}`)), (close) => lendForm(b, close)) : null,
                b.state === 'checked_out' ? h('button', { type: 'button', class: 'small', onclick: () => act(b, 'return', {}, t('box.returned', { label: b.label })) },
                  t('box.return'), h('span', { class: 'vh' }, ` ${b.label}`)) : null,
                b.state !== 'written_off' ? disclosure(h('span', {}, t('box.write_off'), h('span', { class: 'vh' }, ` ${b.label}`)), (close) => writeOffForm(b, close)) : null,
              ] } : null,
            ].filter(Boolean) }));
      }),
      worker(me) ? section('box-new-h', t('box.new_heading'), newBoxForm()) : null);
  }

  function newBoxForm() {
    const f = h('form', { novalidate: true, id: 'new-box' }, formErrors(),
      h('div', { class: 'grid' },
        field({ field: 'label', label: t('box.label'), required: true, maxlength: 100 }),
        selectField({ field: 'age_group', label: t('box.age_group'), options: [['1_5y', t('agegroup.1_5y')], ['3y', t('agegroup.3y')]] })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('box.create'))));
    guardedForm(f, {
      collect: (x) => {
        const label = x.elements.label.value.trim();
        failIf(label ? [] : [{ field: 'label', message: t('form.required') }]);
        return { label, age_group: x.elements.age_group.value };
      },
      save: (b, key) => api.post('/api/v1/toyboxes', b, { key }),
      done: () => saved(t('box.created')),
    });
    return f;
  }

  await load();
}

// ---- my materials: #/materials ----
// Which materials the health visitor knows and uses (the material-use
// report counts these answers); how often each went into a visit is
// computed from the visits, not asked.
export async function materialsView(root, { me, announce }) {
  const status = statusLine();
  const slot = h('div');
  add(root, h('p', { class: 'hint' }, t('mat.intro')), status, slot);
  async function load() {
    const { data } = await api.get(`/api/v1/health-visitors/${me.id}/materials`);
    const list = items(data);
    const form = h('form', { novalidate: true, id: 'materials-form' }, formErrors(),
      ['1_5y', '3y'].map((g) => {
        const rows = sortDa(list.filter((m) => m.age_group === g), (m) => m.label);
        return h('fieldset', { class: 'group' }, h('legend', {}, t(`agegroup.${g}`)),
          // every row drawn: the form saves every material from its boxes
          dataTable({ id: `materials-${g}`, caption: t('mat.caption', { age: t(`agegroup.${g}`) }), rows, empty: t('hv.no_materials'),
            page: Infinity,
            columns: [
              { label: t('mat.material'), cell: (m) => m.label },
              { label: t('mat.knows'), cell: (m) => h('input', { type: 'checkbox', name: 'knows', value: m.code, checked: m.knows,
                'aria-label': `${t('mat.knows')}: ${m.label}` }) },
              { label: t('mat.uses'), cell: (m) => h('input', { type: 'checkbox', name: 'uses', value: m.code, checked: m.uses,
                'aria-label': `${t('mat.uses')}: ${m.label}` }) },
              { label: t('mat.used_in'), num: true, cell: (m) => String(m.used_in_visits ?? 0) },
            ] }));
      }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('form.save'))));
    guardedForm(form, {
      collect: (f) => {
        const knows = new Set(checkedValues(f, 'knows'));
        const uses = new Set(checkedValues(f, 'uses'));
        // Using a material means knowing it.
        return { items: list.map((m) => ({ code: m.code, knows: knows.has(m.code) || uses.has(m.code), uses: uses.has(m.code) })) };
      },
      save: (b) => api.put(`/api/v1/health-visitors/${me.id}/materials`, b),
      done: async () => { await load(); status.say(t('mat.saved')); announce(t('mat.saved')); },
    });
    clear(slot, form);
  }
  await load();
}
