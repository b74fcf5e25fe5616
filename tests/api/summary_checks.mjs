// summary_checks.mjs - the facts kept on write against the rows they
// summarise, in portable SQL (SQLite and PostgreSQL): every course's
// contact_effort equals the sums over its contacts (migration 0006), every
// referral's last_decided_on / last_outcome is its newest decision, every
// course's state_<status>_on (0030) is the day of its enrolment_state row
// of that status, and 0035's closure held_minutes and programme, decision
// programme and COS-P course's last session day equal their sources. Used
// by summaries.test.mjs (demo data, a re-run migration), courses.test.mjs
// (contacts recorded through the API) and cosp/daycare.test.mjs (their
// course writes). Returns the number of mismatches of each kind;
// NO_MISMATCHES is the answer when all agree.
import assert from 'node:assert/strict';

export const NO_MISMATCHES = Object.freeze({ effort: 0, missing: 0, referrals: 0, courses: 0, closures: 0, decisions: 0, cospCourses: 0 });

export function summaryMismatches(srv) {
  const q = (sql) => Number(srv.sql(sql));
  const effort = q(`SELECT count(*) FROM contact_effort ef WHERE
      ef.contacts <> (SELECT count(*) FROM contact c WHERE c.enrolment_id = ef.enrolment_id AND COALESCE(c.recorded_by, 0) = ef.user_key)
   OR ef.minutes <> (SELECT COALESCE(sum(c.minutes), 0) FROM contact c WHERE c.enrolment_id = ef.enrolment_id AND COALESCE(c.recorded_by, 0) = ef.user_key)
   OR ef.held_minutes <> (SELECT COALESCE(sum(c.minutes), 0) FROM contact c WHERE c.enrolment_id = ef.enrolment_id AND COALESCE(c.recorded_by, 0) = ef.user_key
        AND c.kind NOT IN ('cancelled', 'no_show'))
   OR ef.municipality_id <> (SELECT e.municipality_id FROM enrolment e WHERE e.id = ef.enrolment_id)`);
  const missing = q(`SELECT count(*) FROM (SELECT enrolment_id, COALESCE(recorded_by, 0) AS u FROM contact
      GROUP BY enrolment_id, COALESCE(recorded_by, 0)) x WHERE NOT EXISTS
      (SELECT 1 FROM contact_effort ef WHERE ef.enrolment_id = x.enrolment_id AND ef.user_key = x.u)`);
  const newest = `FROM visitation_decision d WHERE d.referral_id = r.id ORDER BY d.decided_on DESC, d.id DESC LIMIT 1`;
  const referrals = q(`SELECT count(*) FROM referral r WHERE
      COALESCE(r.last_decided_on, '-') <> COALESCE((SELECT d.decided_on ${newest}), '-')
   OR COALESCE(r.last_outcome, '-') <> COALESCE((SELECT d.outcome ${newest}), '-')`);
  // migration 0030: each course's state_<status>_on is its history's day
  const day = (st) => `COALESCE((SELECT s.effective_on FROM enrolment_state s WHERE s.enrolment_id = e.id
      AND s.status = '${st}'), '-')`;
  const courses = q(`SELECT count(*) FROM enrolment e WHERE
      COALESCE(e.state_planned_on, '-') <> ${day('planned')}
   OR COALESCE(e.state_active_on, '-') <> ${day('active')}
   OR COALESCE(e.state_closed_on, '-') <> ${day('closed')}`);
  // migration 0035: a closed course's held minutes and a decision's programme
  const closures = q(`SELECT count(*) FROM closure cl WHERE cl.held_minutes <>
      (SELECT COALESCE(sum(c.minutes), 0) FROM contact c WHERE c.enrolment_id = cl.enrolment_id
        AND c.kind NOT IN ('cancelled', 'no_show'))
   OR cl.programme <> (SELECT e.programme FROM enrolment e WHERE e.id = cl.enrolment_id)`);
  const decisions = q(`SELECT count(*) FROM visitation_decision d WHERE d.programme <>
      (SELECT r.programme FROM referral r WHERE r.id = d.referral_id)`);
  const cospCourses = q(`SELECT count(*) FROM cosp_course cc WHERE COALESCE(cc.last_held_on, '-') <>
      COALESCE((SELECT max(s.held_on) FROM cosp_session s WHERE s.course_id = cc.id), '-')`);
  return { effort, missing, referrals, courses, closures, decisions, cospCourses };
}

// After a test file's course writes (COS-P, family groups): each course
// carries the days of its status history (migration 0030), each COS-P
// course its last session's day (0035), and there was history to compare.
export function assertCourseDays(srv) {
  assert.ok(Number(srv.sql("SELECT count(*) FROM enrolment_state WHERE status IN ('active', 'closed')")) > 0);
  const m = summaryMismatches(srv);
  assert.equal(m.courses, 0);
  assert.equal(m.cospCourses, 0);
}

// The reason masks of each decision, by decision id, with the masks the
// assessment JSON gives (bit i = child_age, risk_factors, section52,
// consent). Returns the ids whose stored masks differ.
const CODES = ['child_age', 'risk_factors', 'section52', 'consent'];
export function maskMismatches(srv) {
  const rows = srv.sql('SELECT id, reasons_ok, reasons_failed, assessment FROM visitation_decision')
    .split('\n').filter(Boolean);
  const bad = [];
  for (const line of rows) {
    const [id, ok, failed, ...rest] = line.split('|');
    const a = JSON.parse(rest.join('|'));
    let eo = 0, ef = 0;
    for (const r of a.reasons || []) {
      const k = CODES.indexOf(r.code);
      if (k >= 0) { if (r.ok === true) eo |= 1 << k; else ef |= 1 << k; }
    }
    if (Number(ok) !== eo || Number(failed) !== ef) bad.push(id);
  }
  return { decisions: rows.length, bad };
}
