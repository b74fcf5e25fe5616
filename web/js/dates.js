// dates.js - the Danish day and plausible dates.
//
// today() is the Europe/Copenhagen calendar day whatever the device's clock
// zone says (a visit at 00:30 Danish time on 5 December is on 5 December).
// dateRangeFor(field) is the range of dates that field accepts, from
// /data/date_ranges.json (days before and after today, per field name), so
// an expected birth date in 2099 is refused and the date picker offers only
// plausible days. loadDateRanges() is called once at start (app.js).
let ranges = { default: { past_days: 3660, future_days: 732 } };

export async function loadDateRanges() {
  try {
    const r = await fetch('/data/date_ranges.json', { credentials: 'same-origin' });
    if (r.ok) ranges = await r.json();
  } catch { /* keep the default */ }
}

const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

// Today as YYYY-MM-DD in Denmark.
export function today() {
  return dayFmt.format(new Date());
}

export function shiftDays(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// {min, max} as YYYY-MM-DD for a field name ('c_expected_birth_date' uses
// the 'expected_birth_date' range: the longest key the name ends with).
export function dateRangeFor(name) {
  let key = 'default';
  for (const k of Object.keys(ranges)) {
    if (k.startsWith('_') || k === 'default') continue;
    if ((name === k || name.endsWith(`_${k}`)) && k.length > (key === 'default' ? 0 : key.length)) key = k;
  }
  const r = ranges[key] || ranges.default;
  const now = today();
  return { min: shiftDays(now, -r.past_days), max: shiftDays(now, r.future_days) };
}
