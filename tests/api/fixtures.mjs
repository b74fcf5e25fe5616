// fixtures.mjs - what many API test files need beside the server harness:
// the Danish calendar day, date arithmetic on "YYYY-MM-DD", and the demo
// home pedagogue with an active course of hers.
//
// The server's "today" is the Europe/Copenhagen day (rede_today), so the
// tests' must be too: between 22:00 and 24:00 UTC the UTC day is a day
// behind, and a test that sends "tomorrow" to see it refused would send
// today.

import assert from 'node:assert/strict';

export const DAY = 86400000;

const DK_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit',
});

// The Danish calendar day of an instant (ms), "YYYY-MM-DD".
export const dkDay = (ms) => DK_DAY.format(new Date(ms));
// Today in Denmark, "YYYY-MM-DD".
export const today = () => dkDay(Date.now());
// "YYYY-MM-DD" plus n days (n may be negative).
export const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

// The demo data's home pedagogue signed in to srv (started, with `rede demo`
// data), and an active course from her caseload: {hp, course}.
export async function demoActiveCourse(srv) {
  const hp = await srv.login('hjemmepaedagog', 'rede-demo-2026');
  const list = await srv.req('GET', '/api/v1/caseload', { session: hp });
  assert.equal(list.status, 200);
  const course = list.json.items.find((c) => c.status === 'active');
  assert.ok(course, 'an active course in the demo caseload');
  return { hp, course };
}
