// families.js - finding and registering families, and the family page:
// members with masked CPR numbers (the full number only on request, which
// the server audits), consents with give/withdraw, and every referral and
// course of the family as one timeline.
import { api, ApiError, findFamilies } from './api.js';
import { t, sortDa, compareDa, formatDate } from './i18n.js';
import { h, clear } from './dom.js';
import { field, selectField, formErrors, guardedForm, showErrors } from './forms.js';
import {
  items, today, dateField, readDate, failIf, dataTable, statusLine, section, disclosure,
  fmt,
} from './ui.js';
import { cospOfferForm } from './cosp.js';
import { handoverSection } from './daycare.js';

const RELATIONS = ['mother', 'father', 'co_mother', 'foster_parent', 'other'];
const PURPOSES = ['participation', 'share_daycare', 'share_health_visiting', 'evaluation_contact'];
const CPR_ROLES = ['coordinator', 'home_pedagogue', 'health_visitor'];
const REFERRERS = ['coordinator', 'home_pedagogue', 'health_visitor', 'daycare'];

export const personName = (p) => `${p.given_name} ${p.family_name}`;
const can = (me, roles) => me.roles.some((r) => roles.includes(r));

// ---- search and create ----
export async function familiesView(root, { me, announce }) {
  const results = h('div', { id: 'family-results' });
  const status = statusLine();
  const search = h('form', { role: 'search', class: 'search', novalidate: true },
    field({ field: 'q', label: t('families.search_label'), hint: t('families.search_hint'), type: 'search', autocomplete: 'off' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('families.search'))));
  search.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = search.elements.q.value.trim();
    if (q.length < 2) { showErrors(search, { errors: [{ field: 'q', message: t('families.search_short') }] }); return; }
    try {
      const data = await findFamilies(q);
      const list = sortDa(items(data), (f) => f.name);
      status.say(data?.more ? t('families.more', { count: list.length }) : t('families.found', { count: list.length }));
      clear(results, list.length === 0 ? h('p', {}, t('families.none_found'))
        : h('ul', { class: 'link-list' }, list.map((f) => h('li', {}, h('a', { href: `#/families/${f.id}` }, f.name)))));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      showErrors(search, e);
    }
  });
  root.append(section('fam-search-h', t('families.search_heading'), search, status, results));
  if (can(me, REFERRERS)) {
    root.append(section('fam-new-h', t('families.new_heading'), newFamilyForm(announce)));
  }
}

function personFields(prefix, kind) {
  return h('fieldset', { class: 'group' },
    h('legend', {}, t(kind === 'child' ? 'families.child' : 'families.guardian')),
    h('div', { class: 'grid' },
      field({ field: `${prefix}given_name`, label: t('person.given_name'), required: true, autocomplete: 'off' }),
      field({ field: `${prefix}family_name`, label: t('person.family_name'), required: true, autocomplete: 'off' }),
      field({ field: `${prefix}cpr`, label: t('person.cpr'), hint: t('person.cpr_hint'), autocomplete: 'off', inputmode: 'numeric' }),
      kind === 'child'
        ? dateField({ field: `${prefix}expected_birth_date`, label: t('person.expected_birth_date'), hint: t('person.expected_hint') })
        : selectField({ field: `${prefix}relation`, label: t('person.relation'),
          options: [['', t('form.choose')], ...RELATIONS.map((r) => [r, t(`relation.${r}`)])] }),
      kind === 'child' ? null : field({ field: `${prefix}phone`, label: t('person.phone'), type: 'tel', autocomplete: 'off' }),
      kind === 'child' ? null : selectField({ field: `${prefix}lives_with_child`, label: t('person.lives_with_child'),
        options: [['', t('person.lives_unknown')], ['yes', t('yes')], ['no', t('no')]] })));
}

function readPerson(form, prefix, kind, errors) {
  const v = (n) => form.elements[`${prefix}${n}`]?.value.trim() ?? '';
  const p = { kind, given_name: v('given_name'), family_name: v('family_name') };
  if (!p.given_name) errors.push({ field: `${prefix}given_name`, message: t('form.required') });
  if (!p.family_name) errors.push({ field: `${prefix}family_name`, message: t('form.required') });
  if (v('cpr')) p.cpr = v('cpr');
  if (kind === 'child') {
    const exp = readDate(form, `${prefix}expected_birth_date`, errors);
    if (exp) p.expected_birth_date = exp;
    if (!p.cpr && !exp) errors.push({ field: `${prefix}cpr`, message: t('person.cpr_or_expected') });
  } else {
    if (v('relation')) p.relation = v('relation');
    if (v('phone')) p.phone = v('phone');
    if (v('lives_with_child')) p.lives_with_child = v('lives_with_child') === 'yes';
  }
  return p;
}

// Server errors name "persons[0].cpr"; the form's fields are "c_cpr"/"g_cpr".
function mapPersonErrors(e) {
  if (!(e instanceof ApiError)) return e;
  for (const er of e.errors) {
    const m = /^persons(?:\[(\d+)\]|\/(\d+)|\.(\d+))?[./]?(\w+)?$/.exec(er.field || '');
    if (m && m[4]) er.field = `${(m[1] ?? m[2] ?? m[3]) === '1' ? 'g_' : 'c_'}${m[4]}`;
  }
  return e;
}

function newFamilyForm(announce) {
  const form = h('form', { novalidate: true, id: 'new-family' },
    formErrors(),
    field({ field: 'name', label: t('families.name'), hint: t('families.name_hint'), required: true, autocomplete: 'off' }),
    personFields('c_', 'child'),
    personFields('g_', 'guardian'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('families.create'))));
  guardedForm(form, {
    collect: (f) => {
      const errors = [];
      const name = f.elements.name.value.trim();
      if (!name) errors.push({ field: 'name', message: t('form.required') });
      const child = readPerson(f, 'c_', 'child', errors);
      const persons = [child];
      const g = ['given_name', 'family_name', 'cpr', 'phone'].some((n) => f.elements[`g_${n}`].value.trim());
      if (g) persons.push(readPerson(f, 'g_', 'guardian', errors));
      failIf(errors);
      return { name, persons };
    },
    save: async (body, key) => {
      try { return await api.post('/api/v1/families', body, { key }); } catch (e) { throw mapPersonErrors(e); }
    },
    done: ({ data }) => {
      announce(t('families.created', { name: data.name }));
      location.hash = `#/families/${data.id}`;
    },
  });
  return form;
}

// ---- the family page ----
export async function familyView(root, { me, params, announce }) {
  const id = Number(params.id);
  let fam;
  let etag;
  const status = statusLine();
  const body = h('div');
  root.append(status, body);

  async function load() {
    const r = await api.get(`/api/v1/families/${id}`);
    fam = r.data;
    etag = r.etag;
    render();
  }

  function render() {
    root.querySelector('h1').textContent = fam.name;
    document.title = `${fam.name} – ${t('app.name')}`;
    clear(body,
      can(me, REFERRERS) ? h('p', { class: 'actions' },
        h('a', { class: 'button', href: `#/referrals/new/${fam.id}` }, t('family.new_referral')),
        disclosure(t('family.rename'), renameForm)) : null,
      membersSection(),
      consentsSection(),
      handoverSection(fam, { me, announce }),
      timelineSection(),
      cospSection());
  }

  function renameForm(close) {
    const form = h('form', { novalidate: true, id: 'rename-family' }, formErrors(),
      field({ field: 'name', label: t('families.name'), value: fam.name, required: true }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('form.save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(form, {
      collect: (f) => {
        const name = f.elements.name.value.trim();
        failIf(name ? [] : [{ field: 'name', message: t('form.required') }]);
        return { name };
      },
      save: (b) => api.patch(`/api/v1/families/${id}`, b, etag),
      done: async () => { await load(); status.say(t('form.saved')); },
    });
    return form;
  }

  function membersSection() {
    const persons = [...fam.persons].sort((a, b) => (a.kind === b.kind ? compareDa(personName(a), personName(b))
      : a.kind === 'child' ? -1 : 1));
    const reveal = can(me, CPR_ROLES);
    const cols = [
      { label: t('person.name'), cell: (p) => personName(p) },
      { label: t('person.kind'), cell: (p) => {
        const more = [p.relation ? t(`relation.${p.relation}`) : null,
          p.lives_with_child == null ? null : t(p.lives_with_child ? 'person.lives_with' : 'person.lives_apart')].filter(Boolean);
        return t(`kind.${p.kind}`) + (more.length ? ` (${more.join(', ')})` : '');
      } },
      { label: t('person.cpr'), cell: (p) => cprCell(p, reveal) },
      { label: t('person.birth_date'), cell: (p) => (p.birth_date ? formatDate(p.birth_date)
        : p.expected_birth_date ? t('person.expected', { date: formatDate(p.expected_birth_date) }) : '–') },
      { label: t('person.phone'), cell: (p) => p.phone || '–' },
    ];
    return section('members-h', t('family.members'),
      dataTable({ id: 'members', caption: t('family.members'), columns: cols, rows: persons, empty: t('family.no_members') }),
      can(me, REFERRERS) ? disclosure(t('family.add_person'), addPersonForm) : null);
  }

  function cprCell(p, reveal) {
    if (!p.cpr) return '–';
    const span = h('span', { class: 'cpr' }, p.cpr);
    if (!reveal) return span;
    const btn = h('button', { type: 'button', class: 'small secondary' }, t('person.reveal'),
      h('span', { class: 'vh' }, ` ${personName(p)}`));
    btn.addEventListener('click', async () => {
      try {
        const { data } = await api.get(`/api/v1/persons/${p.id}/cpr`);
        span.textContent = data.cpr;
        btn.remove();
        announce(t('person.revealed'));
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        status.say(e.summary, true);
      }
    });
    return [span, ' ', btn];
  }

  function addPersonForm(close) {
    const kindSel = selectField({ field: 'kind', label: t('person.kind'),
      options: [['guardian', t('kind.guardian')], ['child', t('kind.child')]] });
    const slot = h('div');
    const form = h('form', { novalidate: true, id: 'add-person' }, formErrors(), kindSel, slot,
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('family.add_person_save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    const fill = () => clear(slot, personFields('p_', form.elements.kind.value));
    form.elements.kind.addEventListener('change', fill);
    fill();
    guardedForm(form, {
      collect: (f) => {
        const errors = [];
        const p = readPerson(f, 'p_', f.elements.kind.value, errors);
        failIf(errors);
        return p;
      },
      save: async (b, key) => {
        try { return await api.post(`/api/v1/families/${id}/persons`, b, { key }); } catch (e) {
          if (e instanceof ApiError) for (const er of e.errors) if (er.field && !er.field.startsWith('p_')) er.field = `p_${er.field.split(/[./]/).pop()}`;
          throw e;
        }
      },
      done: async ({ data }) => { await load(); status.say(t('family.person_added', { name: personName(data) })); },
    });
    return form;
  }

  function consentsSection() {
    const guardians = fam.persons.filter((p) => p.kind === 'guardian');
    const byId = new Map(fam.persons.map((p) => [p.id, p]));
    const cols = [
      { label: t('consent.purpose'), cell: (c) => t(`purpose.${c.purpose}`) },
      { label: t('consent.guardian'), cell: (c) => (byId.get(c.guardian_id) ? personName(byId.get(c.guardian_id)) : '–') },
      { label: t('consent.given_on'), cell: (c) => fmt(c.given_on) },
      { label: t('consent.withdrawn_on'), cell: (c) => fmt(c.withdrawn_on) },
      { label: t('consent.state'), cell: (c) => h('span', { class: `badge ${c.active ? 'ok' : 'off'}` }, t(c.active ? 'consent.active' : 'consent.inactive')) },
      { label: t('consent.actions'), cell: (c) => (c.active && !c.withdrawn_on && can(me, REFERRERS) ? withdrawButton(c) : '') },
    ];
    return section('consents-h', t('family.consents'),
      dataTable({ id: 'consents', caption: t('family.consents'), columns: cols, rows: fam.consents, empty: t('family.no_consents') }),
      can(me, REFERRERS) && guardians.length ? disclosure(t('consent.give'), (close) => giveConsentForm(guardians, close))
        : (can(me, REFERRERS) ? h('p', { class: 'hint' }, t('consent.need_guardian')) : null));
  }

  function withdrawButton(c) {
    const wrap = h('div');
    wrap.append(disclosure(h('span', {}, t('consent.withdraw'), h('span', { class: 'vh' }, ` ${t(`purpose.${c.purpose}`)}`)), (close) => {
      const form = h('form', { novalidate: true, class: 'inline-form' }, formErrors(),
        dateField({ field: 'withdrawn_on', label: t('consent.withdrawn_on'), value: today(), required: true }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('consent.withdraw_save')),
          h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
      guardedForm(form, {
        collect: (f) => { const errors = []; const d = readDate(f, 'withdrawn_on', errors, { required: true }); failIf(errors); return { withdrawn_on: d }; },
        save: (b, key) => api.post(`/api/v1/consents/${c.id}/withdraw`, b, { key }),
        done: async () => { await load(); status.say(t('consent.withdrawn_done')); },
      });
      return form;
    }));
    return wrap;
  }

  function giveConsentForm(guardians, close) {
    const form = h('form', { novalidate: true, id: 'give-consent' }, formErrors(),
      h('div', { class: 'grid' },
        selectField({ field: 'purpose', label: t('consent.purpose'), options: PURPOSES.map((p) => [p, t(`purpose.${p}`)]) }),
        selectField({ field: 'guardian_id', label: t('consent.guardian'), options: guardians.map((g) => [String(g.id), personName(g)]) }),
        dateField({ field: 'given_on', label: t('consent.given_on'), value: today(), required: true })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('consent.give_save')),
        h('button', { type: 'button', class: 'secondary', onclick: close }, t('form.cancel'))));
    guardedForm(form, {
      collect: (f) => {
        const errors = [];
        const given = readDate(f, 'given_on', errors, { required: true });
        failIf(errors);
        return { purpose: f.elements.purpose.value, guardian_id: Number(f.elements.guardian_id.value), given_on: given };
      },
      save: (b, key) => api.post(`/api/v1/families/${id}/consents`, b, { key }),
      done: async () => { await load(); status.say(t('consent.given_done')); },
    });
    return form;
  }

  function timelineSection() {
    const events = [
      ...fam.referrals.map((r) => ({ date: r.referred_on, kind: 'referral', href: `#/referrals/${r.id}`,
        text: t('timeline.referral', { programme: t(`programme.${r.programme}`) }), status: t(`refstatus.${r.status}`) })),
      ...fam.enrolments.map((e) => ({ date: e.start_on, end: e.closed_on || e.planned_end_on, kind: 'course',
        href: e.programme === 'home_pedagogue' ? `#/courses/${e.id}` : null,
        text: t('timeline.course', { programme: t(`programme.${e.programme}`) }), status: t(`coursestatus.${e.status}`) })),
    ].sort((a, b) => String(b.date ?? '').localeCompare(String(a.date ?? '')));
    return section('timeline-h', t('family.timeline'),
      events.length === 0 ? h('p', {}, t('family.no_cases'))
        : h('ol', { class: 'timeline' }, events.map((ev) => h('li', { class: `tl-${ev.kind}` },
          h('span', { class: 'tl-date' }, ev.end ? `${fmt(ev.date)} – ${fmt(ev.end)}` : fmt(ev.date)),
          ev.href ? h('a', { href: ev.href }, ev.text) : ev.text, ' ',
          h('span', { class: 'badge' }, ev.status)))));
  }

  function cospSection() {
    const form = cospOfferForm(fam, me, async (offer) => {
      announce(t('cosp.offered'));
      location.hash = `#/cosp/offers/${offer.id}`;
    });
    return form ? section('fam-cosp-h', t('cosp.family_heading'), form) : null;
  }

  await load();
}
