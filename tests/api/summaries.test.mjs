// summaries.test.mjs - the running totals the reports read (migration
// 0006, issue 9): per-course contact minutes, each referral's newest
// decision and each decision's reason masks stay equal to the rows they
// summarise when the demo generators write through the store, and the
// migration computes them for a database that had none, giving the same
// reports. Runs on SQLite and PostgreSQL (REDE_TEST_BACKEND).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';
import { summaryMismatches, maskMismatches } from './summary_checks.mjs';

const srv = new Server();
after(async () => { await srv.stop(); });

const KIT = ['report', 'evaluation-kit', '--municipality', 'all', '--from', '2022-01-01', '--to', '2030-12-31',
  '--format', 'merge'];
const exact = (out) => { const j = JSON.parse(out); delete j.generated_at; return JSON.stringify(j); };

test('the demo writes the running totals with the rows they summarise', () => {
  srv.cliOk(['init', '--db', srv.db, '--key', srv.key]);
  srv.cliOk(['demo', '--scale', '0.05', '--seed', '5']); // the plain demo and a scaled municipality
  assert.deepEqual(summaryMismatches(srv), { effort: 0, missing: 0, referrals: 0 });
  const m = maskMismatches(srv);
  assert.ok(m.decisions > 20, `${m.decisions} decisions`);
  assert.deepEqual(m.bad, []);
  // decisions whose reasons were not all met are there too
  assert.ok(Number(srv.sql('SELECT count(*) FROM visitation_decision WHERE reasons_failed <> 0')) > 0);
});

test('a wrong total is noticed (the check can fail)', () => {
  srv.sql('UPDATE contact_effort SET minutes = minutes + 1 WHERE enrolment_id = (SELECT min(enrolment_id) FROM contact_effort)');
  assert.ok(summaryMismatches(srv).effort >= 1);
  srv.sql('UPDATE contact_effort SET minutes = minutes - 1 WHERE enrolment_id = (SELECT min(enrolment_id) FROM contact_effort)');
  srv.sql('UPDATE referral SET last_outcome = NULL WHERE id = (SELECT min(referral_id) FROM visitation_decision)');
  assert.equal(summaryMismatches(srv).referrals, 1);
});

test('migration 0006 computes the totals of existing rows: the same reports as before', () => {
  // put the referral back as the store keeps it, then take the report
  srv.sql(`UPDATE referral SET last_outcome = (SELECT d.outcome FROM visitation_decision d WHERE d.referral_id = referral.id
    ORDER BY d.decided_on DESC, d.id DESC LIMIT 1) WHERE id = (SELECT min(referral_id) FROM visitation_decision)`);
  assert.deepEqual(summaryMismatches(srv), { effort: 0, missing: 0, referrals: 0 });
  const before = exact(srv.cliOk(KIT).stdout);
  // back to schema 5: no totals at all (and without what the later
  // migrations made - 0007's name index, 0009's idempotency fingerprints,
  // 0010's history, 0012's retention tables, 0013's sign-in tables - which
  // their own migrations make again)
  const later = Number(srv.sql('SELECT count(*) FROM schema_version WHERE version > 5'));
  for (const sql of [
    'DROP TABLE sso_session', 'DROP TABLE sso_break_glass', 'DROP TABLE sso_replay', 'DROP TABLE sso_pending',
    'DROP TABLE sso_identity', 'DROP TABLE sso_role_map', 'DROP TABLE sso_oidc', 'DROP TABLE sso_saml',
    "DELETE FROM setting WHERE key LIKE 'sso.%'", 'DELETE FROM schema_version WHERE version = 13',
    // 0012 (retention, archive, legal holds, purposes) comes after and is made again too
    'DROP TABLE retention_run', 'DROP TABLE legal_hold', 'DROP TABLE archive_delivery', 'DROP TABLE archive_export',
    'DROP TABLE retention_rule', 'ALTER TABLE family DROP COLUMN deleted_at', 'ALTER TABLE enrolment DROP COLUMN erased_at',
    'ALTER TABLE referral DROP COLUMN erased_at', 'ALTER TABLE hv_offer DROP COLUMN erased_at', 'ALTER TABLE handover DROP COLUMN erased_at',
    'ALTER TABLE audit_log DROP COLUMN purpose_code',
    "DELETE FROM setting WHERE key IN ('retention.audit_months', 'retention.idempotency_hours', 'insight.show_staff')",
    'DELETE FROM schema_version WHERE version = 12',
    'DROP TABLE hv_offer_state', 'DROP TABLE cosp_offer_state', 'DROP TABLE enrolment_state', 'DROP TABLE consent_state',
    'DELETE FROM schema_version WHERE version = 10',
    'ALTER TABLE idempotency DROP COLUMN fingerprint', 'DELETE FROM schema_version WHERE version = 9',
    'DROP INDEX enrolment_page', 'DROP TABLE search_word', 'DELETE FROM schema_version WHERE version = 7',
    'DROP INDEX hv_visit_period', 'DROP INDEX goal_enrolment_theme', 'DROP INDEX visitation_municipality', 'DROP INDEX visitation_referral_decided',
    'DROP TABLE contact_effort',
    'ALTER TABLE visitation_decision DROP COLUMN reasons_ok', 'ALTER TABLE visitation_decision DROP COLUMN reasons_failed',
    'ALTER TABLE referral DROP COLUMN last_decided_on', 'ALTER TABLE referral DROP COLUMN last_outcome',
    'DELETE FROM schema_version WHERE version = 6',
    // 0008: sign-in names (its data step finds the global unique gone already)
    'DROP INDEX app_user_plain', 'DROP INDEX app_user_name', 'ALTER TABLE app_user DROP COLUMN plain_sign_in',
    "DELETE FROM setting WHERE key = 'login.address_slow_seconds'", 'DELETE FROM schema_version WHERE version = 8',
  ]) srv.sql(sql);
  assert.match(srv.cli(KIT).stderr, /version 5, this rede needs [0-9]+/);
  assert.match(srv.cliOk(['migrate']).stdout, new RegExp(`${later} applied now`));
  assert.deepEqual(summaryMismatches(srv), { effort: 0, missing: 0, referrals: 0 });
  assert.deepEqual(maskMismatches(srv).bad, []);
  assert.equal(exact(srv.cliOk(KIT).stdout), before);
});

test('contacts recorded through the API: a cancelled visit counts as staff time, not as time with the family', async () => {
  await srv.start();
  const hp = await srv.login('hjemmepaedagog', 'rede-demo-2026');
  const list = await srv.req('GET', '/api/v1/caseload', { session: hp });
  assert.equal(list.status, 200);
  const course = list.json.items.find((c) => c.status === 'active');
  assert.ok(course, 'an active course in the demo caseload');
  const eff = () => srv.sql(`SELECT contacts, minutes, held_minutes FROM contact_effort WHERE enrolment_id = ${course.id}
    AND user_key = (SELECT id FROM app_user WHERE username = 'hjemmepaedagog')`).split('|').map(Number);
  const [n0 = 0, m0 = 0, h0 = 0] = srv.sql(`SELECT count(*) FROM contact_effort WHERE enrolment_id = ${course.id}
    AND user_key = (SELECT id FROM app_user WHERE username = 'hjemmepaedagog')`) === '1' ? eff() : [];
  const day = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  for (const body of [
    { happened_on: day, minutes: 25, kind: 'cancelled', activities: [], goal_ids: [] },
    { happened_on: day, minutes: 60, kind: 'home_session', activities: ['advice'], goal_ids: [] }]) {
    const r = await srv.req('POST', `/api/v1/enrolments/${course.id}/contacts`, { body, session: hp });
    assert.equal(r.status, 201, r.text);
  }
  assert.deepEqual(eff(), [n0 + 2, m0 + 85, h0 + 60]);
  assert.deepEqual(summaryMismatches(srv), { effort: 0, missing: 0, referrals: 0 });
});

test('REDE_SLOW_SQL_MS logs statements by their text with placeholders, never the values bound to them', () => {
  process.env.REDE_SLOW_SQL_MS = '0';
  try {
    const r = srv.cli(['audit', 'person'], '0101901234\n');
    assert.match(r.stderr, /slow sql [0-9.]+ ms: SELECT .*\?/);
    assert.doesNotMatch(r.stderr, /0101901234|010190-1234/);
    const k = srv.cliOk(KIT);
    assert.match(k.stderr, /slow sql [0-9.]+ ms: SELECT .*FROM contact_effort/);
    assert.doesNotMatch(k.stderr, /2022-01-01|2030-12-31/); // the period is bound, not written into the SQL
  } finally {
    delete process.env.REDE_SLOW_SQL_MS;
  }
});
