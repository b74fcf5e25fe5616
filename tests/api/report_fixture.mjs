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
// after... same month (day 20); ratings cycle 1..4,0,null.
export function hvOffers(srv, { municipality, unit, visitor, programme, offered, visited,
  social = 0, within = 0, outside = 0, months = 11, tag = programme }) {
  const kids = families(srv, municipality, offered, tag);
  const offers = [], visits = [];
  const crit = ['topi', 'first_year_visits', 'daycare_observation', 'self_referral'];
  for (let i = 0; i < offered; i++) {
    const m = i % months;
    const isVisited = i < visited;
    const status = isVisited ? 'visited' : (i % 3 === 0 ? 'declined' : i % 3 === 1 ? 'never_reached' : 'accepted');
    const oid = id();
    offers.push({ id: oid, municipality_id: municipality, family_id: kids[i].family,
      child_id: kids[i].child, programme, criterion: crit[i % 4], offered_on: monthDate(m, 3),
      channel: 'letter', social_measures: i < social ? 1 : 0, health_visitor_id: visitor,
      unit_id: unit, status, answered_on: monthDate(m, 10),
      decline_reason: status === 'declined' ? 'too_busy' : null, created_at: NOW });
    if (isVisited) {
      visits.push({ id: id(), municipality_id: municipality, offer_id: oid,
        visited_on: monthDate(m, 20), health_visitor_id: visitor, minutes: 90,
        topics: 'sleep', referral_within: i < within ? 1 : 0,
        referral_outside: i >= visited - outside ? 1 : 0, parent_rating: [1, 2, 3, 4, 0, null][i % 6],
        created_at: NOW });
    }
  }
  insert(srv, 'hv_offer', offers);
  insert(srv, 'hv_visit', visits);
  return { offers, visits };
}

export function userId(srv, username) {
  return Number(srv.sql(`SELECT id FROM app_user WHERE username = '${username}'`));
}

export function municipalityId(srv, code) {
  return Number(srv.sql(`SELECT id FROM municipality WHERE code = '${code}'`));
}
