// report_fixture.mjs - bulk fixtures for the report tests: rows written
// straight into the database with the harness's sql() (both backends), in
// chunks that fit one command line. Ids are explicit and large so they never
// meet the ids the server hands out. Only synthetic data.

let nextId = 1_000_000;
export function id() { return nextId++; }

const q = (v) => (v === null || v === undefined ? 'NULL'
  : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

// INSERT rows (array of objects with the same keys) into table, chunked.
export function insert(srv, table, rows, chunk = 300) {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]);
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk)
      .map((r) => `(${cols.map((c) => q(r[c])).join(',')})`).join(',');
    srv.sql(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${values}`);
  }
}

const NOW = 1_700_000_000;

// A family with one child; returns {family, child}.
export function families(srv, municipality, n, tag) {
  const fams = [], persons = [], out = [];
  for (let i = 0; i < n; i++) {
    const family = id(), child = id();
    fams.push({ id: family, municipality_id: municipality, name: `Fixtur ${tag} ${i}`,
      search_key: `fixtur ${tag} ${i}`, created_at: NOW });
    persons.push({ id: child, municipality_id: municipality, family_id: family, kind: 'child',
      given_name: 'Barn', family_name: `${tag}${i}`, search_key: `barn ${tag}${i}`,
      birth_date: '2018-06-01', created_at: NOW });
    out.push({ family, child });
  }
  insert(srv, 'family', fams);
  insert(srv, 'person', persons);
  return out;
}

// A date in the month index m (0 = 2019-10) on day d.
export function monthDate(m, d) {
  const y = 2019 + Math.floor((9 + m) / 12), mo = ((9 + m) % 12) + 1;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// Offers and visits of the 1½- and 3-year programme. spec: {programme,
// offered, visited, social, within, outside, months}. Deterministic spread:
// offer i in month i % months; the first `visited` are visited the month
// after... same month (day 20); ratings cycle 1..4,0,null; every decline is
// too_busy. Optional, to break coincidences of that even spread: month(i)
// the month index of offer i (may be negative: before the period),
// visitMonth(i) the month its visit is held, ratings, declineReasons and
// criteria the cycles used instead.
export function hvOffers(srv, { municipality, unit, visitor, programme, offered, visited,
  social = 0, within = 0, outside = 0, months = 11, tag = programme,
  month = (i) => i % months, visitMonth = month,
  ratings = [1, 2, 3, 4, 0, null], declineReasons = ['too_busy'],
  criteria = ['topi', 'first_year_visits', 'daycare_observation', 'self_referral'] }) {
  const kids = families(srv, municipality, offered, tag);
  const offers = [], visits = [];
  for (let i = 0; i < offered; i++) {
    const m = month(i);
    const isVisited = i < visited;
    const status = isVisited ? 'visited' : (i % 3 === 0 ? 'declined' : i % 3 === 1 ? 'never_reached' : 'accepted');
    const oid = id();
    offers.push({ id: oid, municipality_id: municipality, family_id: kids[i].family,
      child_id: kids[i].child, programme, criterion: criteria[i % criteria.length], offered_on: monthDate(m, 3),
      channel: 'letter', social_measures: i < social ? 1 : 0, health_visitor_id: visitor,
      unit_id: unit, status, answered_on: monthDate(m, 10),
      decline_reason: status === 'declined' ? declineReasons[i % declineReasons.length] : null, created_at: NOW });
    if (isVisited) {
      visits.push({ id: id(), municipality_id: municipality, offer_id: oid,
        visited_on: monthDate(visitMonth(i), 20), health_visitor_id: visitor, minutes: 90,
        topics: 'sleep', referral_within: i < within ? 1 : 0,
        referral_outside: i >= visited - outside ? 1 : 0, parent_rating: ratings[i % ratings.length],
        created_at: NOW });
    }
  }
  insert(srv, 'hv_offer', offers);
  insert(srv, 'hv_visit', visits);
  insert(srv, 'hv_offer_state', hvOfferStates(offers, visits));
  return { offers, visits };
}

// The offers' answer history as the store writes it (migration 0010): the
// answer on answered_on (a visited offer was accepted then), the visit on
// its day.
export function hvOfferStates(offers, visits) {
  const rows = [];
  for (const o of offers) {
    if (o.status === 'offered' || !o.answered_on) continue;
    rows.push({ id: id(), offer_id: o.id, status: o.status === 'visited' ? 'accepted' : o.status,
      effective_on: o.answered_on, decline_reason: o.status === 'declined' ? o.decline_reason : null,
      recorded_at: NOW });
  }
  for (const v of visits) {
    rows.push({ id: id(), offer_id: v.offer_id, status: 'visited', effective_on: v.visited_on,
      decline_reason: null, recorded_at: NOW });
  }
  return rows;
}

export function userId(srv, username) {
  return Number(srv.sql(`SELECT id FROM app_user WHERE username = '${username}'`));
}

export function municipalityId(srv, code) {
  return Number(srv.sql(`SELECT id FROM municipality WHERE code = '${code}'`));
}

// Home-pedagogue courses with known answers (see reports.test.mjs).
// courses: [{source, channel, outcome, closed: {on, reason, days, minutes},
// goals: ['met', 'partly', ...]}] - the enrolment starts 2020-01-06.
// Optional: failed (the reason or reasons a rejection fails, default
// risk_factors),
// started: false (no start meeting), eval (the parents' answers at closing).
export function hpCourses(srv, { municipality, unit, pedagogue, courses }) {
  const kids = families(srv, municipality, courses.length, 'hp');
  const refs = [], decisions = [], enrols = [], staff = [], closures = [], goals = [], contacts = [], efforts = [];
  const states = [];
  const start = Date.UTC(2020, 0, 6);
  const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
  courses.forEach((c, i) => {
    const rid = id();
    // the rows as the store writes them, with the running totals of
    // migration 0006 (the referral's newest decision, the reason masks) and
    // 0035 (the decision's programme, the closed course's programme and held
    // minutes)
    refs.push({ id: rid, municipality_id: municipality, family_id: kids[i].family, child_id: kids[i].child,
      programme: 'home_pedagogue', source: c.source, channel: c.channel ?? null, reason: 'fixtur',
      referred_on: '2020-01-02', status: c.outcome ?? 'pending', created_at: NOW,
      last_decided_on: c.outcome ? '2020-01-03' : null, last_outcome: c.outcome ?? null });
    if (c.outcome) {
      const reasons = ['child_age', 'risk_factors', 'section52', 'consent']
        .map((code) => ({ code, ok: !(c.outcome === 'rejected' && [c.failed ?? 'risk_factors'].flat().includes(code)), text: '' }));
      decisions.push({ id: id(), municipality_id: municipality, referral_id: rid, programme: 'home_pedagogue', outcome: c.outcome,
        assessment: JSON.stringify({ in_target_group: c.outcome !== 'rejected', reasons }),
        decided_on: '2020-01-03', created_at: NOW,
        reasons_ok: reasons.reduce((m, r, k) => m | (r.ok ? 1 << k : 0), 0),
        reasons_failed: reasons.reduce((m, r, k) => m | (r.ok ? 0 : 1 << k), 0) });
    }
    if (c.outcome !== 'accepted') return;
    const eid = id();
    // c.started === false: no start meeting held (still planned, or closed
    // without starting)
    const started = c.started !== false;
    // the course's status history (migration 0010): planned from the
    // decision, started at the start meeting, closed - and its days on the
    // course, as store_enrolment_state_add writes both (migration 0030)
    const days = { planned: '2020-01-03', active: started ? iso(start) : null,
      closed: c.closed ? iso(start + c.closed.days * 86400000) : null };
    enrols.push({ id: eid, municipality_id: municipality, family_id: kids[i].family, child_id: kids[i].child,
      programme: 'home_pedagogue', referral_id: rid, unit_id: unit, status: c.closed ? 'closed' : started ? 'active' : 'planned',
      start_meeting_on: started ? iso(start) : null, start_on: iso(start),
      closed_on: days.closed, created_at: NOW,
      state_planned_on: days.planned, state_active_on: days.active, state_closed_on: days.closed });
    for (const [status, on] of Object.entries(days)) {
      if (on) states.push({ enrolment_id: eid, status, effective_on: on, recorded_at: NOW });
    }
    staff.push({ enrolment_id: eid, user_id: pedagogue });
    if (c.closed) {
      closures.push({ enrolment_id: eid, municipality_id: municipality, closed_on: iso(start + c.closed.days * 86400000), reason: c.closed.reason,
        eval_parenting: 1, eval_learning_environment: 2, eval_child_development: 1,
        eval_daycare_cooperation: null, eval_good_parent: 0, ...(c.eval ?? {}), created_at: NOW,
        programme: 'home_pedagogue', held_minutes: c.closed.minutes });
      contacts.push({ id: id(), municipality_id: municipality, enrolment_id: eid, happened_on: '2020-01-20',
        minutes: c.closed.minutes, kind: 'home_session', activities: 'advice', recorded_by: pedagogue, created_at: NOW });
      efforts.push({ enrolment_id: eid, user_key: pedagogue, municipality_id: municipality, contacts: 1,
        minutes: c.closed.minutes, held_minutes: c.closed.minutes });
    }
    (c.goals ?? []).forEach((att, k) => goals.push({ id: id(), enrolment_id: eid, theme: 1 + (k % 3),
      focus_area: 'routines', text: 'fixturmål', baseline: 1, target: 4, agreed_on: '2020-01-06',
      attainment: att, created_at: NOW }));
  });
  insert(srv, 'referral', refs);
  insert(srv, 'visitation_decision', decisions);
  insert(srv, 'enrolment', enrols);
  insert(srv, 'enrolment_state', states);
  insert(srv, 'enrolment_staff', staff);
  insert(srv, 'closure', closures);
  insert(srv, 'goal', goals);
  insert(srv, 'contact', contacts);
  insert(srv, 'contact_effort', efforts);
}

// A COS-P course of 8 weekly sessions from 2020-04-01 with facilitator,
// and offers: [{status, placed, attended, dropout, rating, offered}] made
// 2020-03-10 (or on offered, at the latest then).
export function cospCourse(srv, { municipality, unit, facilitator, offers }) {
  const kids = families(srv, municipality, offers.length, 'cosp');
  const cid = id(), sessions = [], enrols = [], rows = [], att = [], states = [];
  insert(srv, 'cosp_course', [{ id: cid, municipality_id: municipality, unit_id: unit, name: 'Fixturhold',
    start_on: '2020-04-01', time_slot: 'evening', group_type: 'mixed', capacity: 10, created_at: NOW,
    last_held_on: '2020-05-20' }]); // the last of its sessions below (migration 0035)
  insert(srv, 'cosp_facilitator', [{ course_id: cid, user_id: facilitator }]);
  for (let k = 0; k < 8; k++) {
    sessions.push({ id: id(), course_id: cid, number: k + 1,
      held_on: new Date(Date.UTC(2020, 3, 1 + 7 * k)).toISOString().slice(0, 10), created_at: NOW });
  }
  insert(srv, 'cosp_session', sessions);
  offers.forEach((o, i) => {
    const eid = id(), oid = id();
    enrols.push({ id: eid, municipality_id: municipality, family_id: kids[i].family, child_id: kids[i].child,
      programme: 'cosp', unit_id: unit, status: o.placed ? 'active' : 'planned', created_at: NOW });
    rows.push({ id: oid, municipality_id: municipality, family_id: kids[i].family, child_id: kids[i].child,
      enrolment_id: eid, offered_on: o.offered ?? '2020-03-10', status: o.status, answered_on: o.status === 'offered' ? null : '2020-03-15',
      slots: 'evening', types: 'mixed', course_id: o.placed ? cid : null, placed_on: o.placed ? '2020-03-20' : null,
      dropout_on: o.dropout ?? null, rating: o.rating ?? null, rated_on: o.rating ? '2020-06-01' : null,
      created_at: NOW });
    // the family's history as the store writes it (migration 0010)
    if (o.status !== 'offered') states.push({ id: id(), offer_id: oid, event: o.status, effective_on: '2020-03-15', recorded_at: NOW });
    if (o.placed) states.push({ id: id(), offer_id: oid, event: 'placed', effective_on: '2020-03-20', course_id: cid, recorded_at: NOW });
    if (o.dropout) states.push({ id: id(), offer_id: oid, event: 'dropped_out', effective_on: o.dropout, recorded_at: NOW });
    if (o.rating) states.push({ id: id(), offer_id: oid, event: 'rated', effective_on: '2020-06-01', rating: o.rating, recorded_at: NOW });
    for (let k = 0; k < (o.attended ?? 0); k++) att.push({ session_id: sessions[k].id, offer_id: oid, attended: 1, created_at: NOW });
  });
  insert(srv, 'enrolment', enrols);
  insert(srv, 'cosp_offer', rows);
  insert(srv, 'cosp_attendance', att);
  insert(srv, 'cosp_offer_state', states.map((st) => ({ course_id: null, rating: null, ...st })));
  return { course: cid, sessions };
}

// ---- the fixture of report_scopes.test.mjs ----

export const SCOPE_ROUNDS = { 1: ['0101', '0303'], 2: ['0202', '0404'] };

// Small synthetic programmes: 0101 large, the others small, so that a union
// minus the large one is a small one's small counts. o varies the
// proportions, so no sum holds in every scope by chance.
function scopesProgramme(srv, code, unit, size, tag, o) {
  const m = municipalityId(srv, code);
  const visitor = userId(srv, `${tag}-hv`), pedagogue = userId(srv, `${tag}-hp`);
  srv.sql(`UPDATE app_user SET hourly_cost_ore = ${40000 + size * 100 + o} WHERE id IN (${visitor}, ${pedagogue})`);
  // Months, ratings, decline reasons and criteria drawn at random (a fixed
  // seed per programme), and visits held in the period for offers made
  // before it: no sum or equality the definitions do not make may hold in
  // every scope by chance (the last test).
  const draw = (seed) => {
    let x = seed;
    return (n) => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 16) % n; };
  };
  const spread = (seed, months) => {
    const r = draw(seed);
    const at = new Map();
    return {
      month: (i) => { if (!at.has(i)) at.set(i, r(months)); return at.get(i); },
      visitMonth: (i) => at.get(i) + (i % 3 === 2 ? 1 : 0), // some the month after
      ratings: Array.from({ length: 29 }, () => [1, 2, 3, 4, 0, null][r(6)]),
      declineReasons: Array.from({ length: 23 }, () => ['too_busy', 'enough_contact', 'fear_of_stigma', 'other'][r(4)]),
      criteria: Array.from({ length: 31 }, () => ['topi', 'first_year_visits', 'daycare_observation', 'self_referral'][r(4)]),
    };
  };
  const v15 = hvOffers(srv, { municipality: m, unit, visitor, programme: 'visit_1_5y', offered: 6 * size + o,
    visited: 4 * size + (o % 3), social: size + (o % 2), within: Math.ceil(size / 2) + (o % 2), outside: 1 + (o % 3 === 0 ? 1 : 0),
    ...spread(1000 * o + 15 + tag.charCodeAt(0), 5 + (o % 3)), tag: `${tag}15` });
  const v3 = hvOffers(srv, { municipality: m, unit, visitor, programme: 'visit_3y', offered: 3 * size + 1 + (o % 4),
    visited: 2 * size + (o % 2), social: 1 + (o % 2), within: 1, outside: o % 2,
    ...spread(1000 * o + 3 + tag.charCodeAt(0), 4 + (o % 2)), tag: `${tag}3` });
  for (const [programme, n, shift] of [['visit_1_5y', 1 + (o % 2) + (size > 2 ? 2 : 0), 0], ['visit_3y', 1 + ((o + 1) % 2), 1]]) {
    // some 3-year visits by the pedagogue (odd o): staff work differs by programme
    hvOffers(srv, { municipality: m, unit, visitor: programme === 'visit_3y' && o % 2 ? pedagogue : visitor, programme,
      offered: n, visited: n, month: () => -1,
      visitMonth: (i) => (i + o + shift) % 4, tag: `${tag}p${programme}` });
  }
  // materials: some visits with one material only, one beyond the day
  // wheel's; staff who know a material and do not use it, or answered for
  // another one (no use, knowledge or answer equal by chance)
  const w15 = 2 * size + (o % 3), w3 = size + 1;
  insert(srv, 'hv_visit_material', [
    ...v15.visits.slice(0, w15).map((v) => ({ visit_id: v.id, material_code: 'DAY_WHEEL_1_5Y' })),
    ...v15.visits.slice(0, size + (o % 2)).map((v) => ({ visit_id: v.id, material_code: 'TOY_BOX_1_5Y' })),
    ...v15.visits.slice(size, size + 1 + (o % 3)).map((v) => ({ visit_id: v.id, material_code: 'FILMS_1_5Y' })),
    ...v15.visits.slice(w15, w15 + 1 + (o % 2)).map((v) => ({ visit_id: v.id, material_code: 'FILMS_1_5Y' })),
    ...v3.visits.slice(0, w3).map((v) => ({ visit_id: v.id, material_code: 'DAY_WHEEL_3Y' })),
    ...v3.visits.slice(0, 1 + (o % 3)).map((v) => ({ visit_id: v.id, material_code: 'TOY_BOX_3Y' })),
    ...v3.visits.slice(w3, w3 + (o % 4 === 1 ? 1 : 0)).map((v) => ({ visit_id: v.id, material_code: 'FILMS_3Y' }))]);
  insert(srv, 'hv_material_staff', [
    { user_id: visitor, material_code: 'DAY_WHEEL_1_5Y', municipality_id: m, knows: 1, uses: o % 3 === 2 ? 0 : 1, updated_at: 1 },
    ...(o % 3 === 1 ? [{ user_id: visitor, material_code: 'INSPIRATION_CARDS_1_5Y', municipality_id: m, knows: 1, uses: 1, updated_at: 1 }] : []),
    ...(o % 2 ? [{ user_id: pedagogue, material_code: 'TOY_BOX_1_5Y', municipality_id: m, knows: 1, uses: 0, updated_at: 1 }] : [])]);
  const reasons = ['goals_met', 'goals_met', 'family_withdrew', 'goals_met', 'moved', 'needs_other_intervention'];
  const courses = [];
  const nc = 2 * size + 2 + (o % 3);
  const pick = draw(7300 + 41 * o + tag.charCodeAt(0));
  // the parents' answers shifted by a draw of their own (the goals keep
  // pick's sequence): with pick alone four answer counts equalled another
  // answer or closure reason in every scope by chance
  const shift = draw(245489 + 31 * o + tag.charCodeAt(0));
  for (let i = 0; i < nc; i++) {
    courses.push({
      source: ['health_visiting', 'daycare', 'self'][(i + o) % 3],
      channel: (i + o) % 4 ? 'Sundhedsplejersken' : `Opslag ${tag}`,
      outcome: i < 2 * size + (o % 2) ? 'accepted' : i % 2 ? 'rejected' : undefined,
      closed: i < size + 1 + (o % 2) ? { days: 70 + 7 * i + o, minutes: 300 + 60 * i + 7 * o, reason: reasons[(i + o) % reasons.length] } : undefined,
      goals: i < size + 1 ? Array.from({ length: 1 + pick(3) }, () => ['met', 'partly', 'not_met', null][pick(4)]) : [],
      // rejections failing different reasons; a course closed without its
      // start meeting, one still planned; the parents' answers varied
      failed: ['risk_factors', 'consent', 'child_age', ['section52', 'consent'], 'risk_factors'][(i + o) % 5],
      started: !((i === size + (o % 2) && o % 3 !== 1) || (i === 2 * size + (o % 2) - 1 && size > 1)),
      eval: Object.fromEntries(['parenting', 'learning_environment', 'child_development', 'daycare_cooperation', 'good_parent']
        .map((q) => [`eval_${q}`, [1, 2, 3, 4, 0, null][(pick(6) + shift(6)) % 6]])),
    });
  }
  hpCourses(srv, { municipality: m, unit, pedagogue, courses });
  const offers = [];
  for (let i = 0; i < 2 * size + 3 + o; i++) {
    if (i < size + (o % 2)) offers.push({ status: 'accepted', placed: true, attended: 7, rating: 1 + ((i + o) % 3) });
    else if (i < size + 2 + (o % 2)) offers.push({ status: 'accepted' });
    else if (i < 2 * size + 1 + o) offers.push({ status: 'declined' });
    else offers.push({ status: 'offered' });
    // offers in two months, unevenly (no month equal to the whole by chance)
    if ((i * 2 + o) % 5 < 2) offers[i].offered = '2020-02-12';
  }
  // a family offered before the period who completes the course in it: the
  // cost report counts it (a course that ended in the period), the COS-P
  // report does not (offers made in the period)
  if (o % 2 === 0) offers.push({ status: 'accepted', placed: true, attended: 7, offered: '2019-08-20' });
  const cosp = cospCourse(srv, { municipality: m, unit, facilitator: visitor, offers });
  if (o === 2) insert(srv, 'cosp_facilitator', [{ course_id: cosp.course, user_id: pedagogue }]);
  srv.cliOk(['setting', 'set', 'cost.alternative_intervention_kr', String(15000 + 100 * size + o), '--municipality', code]);
  // sparring (support cost spread on the programmes, so the cost
  // including support is not the cost alone), the pedagogue not always
  // there: the staff per programme differ
  const session = id();
  insert(srv, 'sparring_session', [{ id: session, municipality_id: m, held_on: '2020-03-04', minutes: 45 + 30 * size + 7 * o,
    form: 'group', recorded_by: visitor, created_at: NOW }]);
  insert(srv, 'sparring_participant', [{ session_id: session, user_id: visitor },
    ...(o % 3 !== 1 ? [{ session_id: session, user_id: pedagogue }] : [])]);
}

// Four municipalities in two programme rounds (SCOPE_ROUNDS) on top of
// srv.setupTenants(): 0101 with a large unit (the leader's) and a small
// one, the others small. Written through the CLI and sql(), before the
// server starts; returns srv.units.
export function scopesFixture(srv) {
  for (const code of ['0303', '0404']) srv.cliOk(['municipality', 'add', '--code', code, '--name', `By ${code}`]);
  for (const [code, name] of [['0303', 'Tredje Forvaltning'], ['0404', 'Fjerde Forvaltning']]) {
    const out = srv.cliOk(['unit', 'add', '--municipality', code, '--kind', 'administration', '--name', name]).stdout;
    srv.units[name] = Number(/id (\d+)/.exec(out)[1]);
  }
  const units = srv.units;
  for (const [code, tag, unit] of [['0101', 'a', units.Forvaltningen], ['0101', 's', units.Solsikken],
    ['0202', 'b', units['Andenby Forvaltning']], ['0303', 'c', units['Tredje Forvaltning']],
    ['0404', 'd', units['Fjerde Forvaltning']]]) {
    srv.addUser(`${tag}-hv`, 'health_visitor', code, unit);
    srv.addUser(`${tag}-hp`, 'home_pedagogue', code, unit);
  }
  // 0101: the leader's unit large, another unit of the municipality small
  scopesProgramme(srv, '0101', units.Forvaltningen, 9, 'a', 0);
  scopesProgramme(srv, '0101', units.Solsikken, 1, 's', 1);
  scopesProgramme(srv, '0202', units['Andenby Forvaltning'], 2, 'b', 2);
  scopesProgramme(srv, '0303', units['Tredje Forvaltning'], 1, 'c', 3);
  scopesProgramme(srv, '0404', units['Fjerde Forvaltning'], 1, 'd', 5);
  for (const [round, codes] of Object.entries(SCOPE_ROUNDS)) {
    for (const code of codes) srv.cliOk(['setting', 'set', 'project.round', round, '--municipality', code]);
  }
  return units;
}
