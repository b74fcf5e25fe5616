// crawl.mjs URL OUT.json - one reading of the API as every demo user (part of
// tools/api-compare/run.sh and tests/api/backends.test.mjs): GET every
// readable list, the objects they name, and every report over three periods
// as JSON and CSV; writes {request: answer}.
import { writeFileSync } from 'node:fs';
const [url, out] = process.argv.slice(2);
const users = ['admin', 'koordinator', 'hjemmepaedagog', 'sundhedsplejerske', 'dagtilbud', 'leder', 'evaluator', 'nabo-admin'];
const lists = ['/api/v1/me', '/api/v1/units', '/api/v1/users', '/api/v1/staff', '/api/v1/families', '/api/v1/risk-factors',
  '/api/v1/referrals', '/api/v1/enrolments', '/api/v1/caseload', '/api/v1/health-visits/due', '/api/v1/health-visits/criteria',
  '/api/v1/health-visits/offers', '/api/v1/materials', '/api/v1/toyboxes', '/api/v1/competences', '/api/v1/sparring/themes',
  '/api/v1/sparring/sessions', '/api/v1/sparring/overview', '/api/v1/sparring/colleagues', '/api/v1/groups', '/api/v1/cosp/offers',
  '/api/v1/handovers', '/api/v1/daycare/handovers', '/api/v1/consultant-visits', '/api/v1/family-groups', '/api/v1/daycare/children',
  '/api/v1/reports', '/api/v1/typology/questions', '/api/v1/practices', '/api/v1/purposes', '/api/v1/legal-holds',
  '/api/v1/imports/kinds', '/api/v1/families?q=an', '/api/v1/families?q=Fa', '/api/v1/families?q=sk', '/api/v1/staff?role=home_pedagogue', '/api/v1/staff?role=health_visitor', '/api/v1/health-visits/due?programme=visit_1_5y', '/api/v1/health-visits/due?programme=visit_3y', '/api/v1/families?q=Ø', '/api/v1/sso/municipalities'];
const detail = { '/api/v1/caseload': '/api/v1/enrolments/', '/api/v1/families?q=Fa': '/api/v1/families/', '/api/v1/families?q=sk': '/api/v1/families/', '/api/v1/units': '/api/v1/units/', '/api/v1/users': '/api/v1/users/', '/api/v1/families': '/api/v1/families/',
  '/api/v1/referrals': '/api/v1/referrals/', '/api/v1/enrolments': '/api/v1/enrolments/', '/api/v1/health-visits/offers': '/api/v1/health-visits/offers/',
  '/api/v1/toyboxes': '/api/v1/toyboxes/', '/api/v1/sparring/sessions': '/api/v1/sparring/sessions/', '/api/v1/groups': '/api/v1/groups/',
  '/api/v1/cosp/offers': '/api/v1/cosp/offers/', '/api/v1/handovers': '/api/v1/handovers/', '/api/v1/family-groups': '/api/v1/family-groups/',
  '/api/v1/practices': '/api/v1/practices/' };
// The report periods, from the Danish calendar day the crawl runs on: the
// year to date, the project year to the last 5 September (the delivery
// day), and today alone.
const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
const year = Number(day.slice(0, 4));
const sept = day.slice(5) >= '09-05' ? year : year - 1;
const PERIODS = [`from=${year}-01-01&to=${day}`, `from=${sept - 1}-09-06&to=${sept}-09-05`, `from=${day}&to=${day}`];
const res = {};
for (const u of users) {
  const r = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: u, password: 'rede-demo-2026' }) });
  if (r.status !== 201) { res[`${u} login`] = r.status; continue; }
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).filter((c) => c.startsWith('rede_session=')).join('; ');
  const get = async (p) => {
    const x = await fetch(`${url}${p}`, { headers: { Cookie: cookie } });
    const t = await x.text();
    let b; try { b = JSON.parse(t); } catch { b = t; }
    res[`${u} GET ${p}`] = { status: x.status, etag: x.headers.get('etag'), ct: x.headers.get('content-type'), body: b };
    return b;
  };
  const fams = new Set();
  for (const l of lists) {
    const b = await get(l);
    const items = b && (b.items || (Array.isArray(b) ? b : null));
    if (detail[l] && items) for (const it of items.slice(0, 40)) if (it && it.id != null) {
      const d = await get(detail[l] + it.id);
      if (l === '/api/v1/enrolments') await get(`/api/v1/enrolments/${it.id}/contacts`);
      if (it.family_id && !fams.has(it.family_id)) { fams.add(it.family_id); await get(`/api/v1/families/${it.family_id}`); await get(`/api/v1/handovers?family_id=${it.family_id}`); }
      if (it.child_id) await get(`/api/v1/health-visits/criteria?child_id=${it.child_id}`);
    }
    if (l === '/api/v1/reports' && items) {
      for (const rep of items) {
        const name = rep.name || rep.id || rep;
        for (const q of PERIODS) {
          await get(`/api/v1/reports/${name}?${q}`);
          await get(`/api/v1/reports/${name}?${q}&format=csv`);
        }
      }
    }
  }
}
writeFileSync(out, JSON.stringify(res, null, 1));
console.log(Object.keys(res).length, 'answers');
