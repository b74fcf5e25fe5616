// caseload.js - "my caseload" (the courses the user is assigned to, with
// the week of 40 and the alerts: warning week, days since contact, goals
// not rated, consent missing) and the list of every course a coordinator or
// leader may see, filtered by status, a page at a time ("Vis flere").
import { api } from './api.js';
import { t, compareDa } from './i18n.js';
import { h, clear, add } from './dom.js';
import { items, dataTable, fmt } from './ui.js';
import { weekBar } from './course.js';

const STATUSES = ['active', 'planned', 'closed'];

// The caseload is sorted by alerts; a paged list keeps the server's order
// (newest first) so "Vis flere" adds rows below instead of among them.
function courseTable(id, caption, list, { sort = true } = {}) {
  const rows = !sort ? list : [...list].sort((a, b) => (b.alerts?.length || 0) - (a.alerts?.length || 0)
    || STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) || compareDa(a.family_name, b.family_name));
  return dataTable({
    // the list of every course pages on the server ("Vis flere" below it)
    id, caption, rows, empty: t('caseload.empty'), page: sort ? undefined : Infinity,
    columns: [
      { label: t('course.family'), cell: (c) => h('a', { href: `#/courses/${c.id}` }, c.family_name) },
      { label: t('course.status'), cell: (c) => t(`coursestatus.${c.status}`) },
      { label: t('course.weeks'), cell: (c) => (c.status === 'closed' ? fmt(c.closed_on) : weekBar(c)) },
      { label: t('course.minutes_per_week'), num: true, cell: (c) => (c.minutes_per_week != null ? t('course.minutes', { n: c.minutes_per_week }) : '–') },
      { label: t('caseload.alerts'), cell: (c) => (c.alerts?.length
        ? h('ul', { class: 'alerts compact' }, c.alerts.map((a) => h('li', { class: `alert-${a.kind}` }, a.text)))
        : h('span', { class: 'muted' }, t('caseload.no_alerts'))) },
    ],
  });
}

export async function caseloadView(root) {
  const { data } = await api.get('/api/v1/caseload');
  const list = items(data);
  const alerts = list.reduce((n, c) => n + (c.alerts?.length || 0), 0);
  add(root, h('p', { class: 'lead' }, t('caseload.summary', { count: list.length, alerts })),
    courseTable('caseload', t('caseload.title'), list));
}

export async function coursesView(root) {
  const slot = h('div');
  const count = h('p', { role: 'status', id: 'courses-count' });
  const more = h('button', { type: 'button', class: 'secondary', id: 'courses-more', hidden: true }, t('courses.more'));
  const sel = h('select', { id: 'course-status', name: 'status' },
    h('option', { value: '' }, t('courses.all_open')),
    STATUSES.map((s) => h('option', { value: s }, t(`coursestatus.${s}`))));
  let list = [];
  let next = null;
  let gen = 0; // a newer filter choice wins over a page still loading
  const load = async (append) => {
    const mine = ++gen;
    const filter = sel.value ? `status=${sel.value}` : 'open=1';
    more.disabled = true;
    try {
      const { data } = await api.get(`/api/v1/enrolments?${filter}${append && next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
      if (mine !== gen) return;
      const from = append ? list.length : -1;
      list = append ? [...list, ...items(data)] : items(data);
      next = data?.next ?? null;
      count.textContent = t(next ? 'courses.count_more' : 'courses.count', { count: list.length });
      clear(slot, courseTable('courses', t('courses.title'), list, { sort: false }));
      more.hidden = !next;
      // keyboard and screen-reader users continue at the first new course
      if (from >= 0) slot.querySelectorAll('tbody tr a')[from]?.focus();
    } finally {
      if (mine === gen) more.disabled = false;
    }
  };
  sel.addEventListener('change', () => load(false));
  more.addEventListener('click', () => load(true));
  add(root, h('div', { class: 'field inline' }, h('label', { for: 'course-status' }, t('courses.filter')), sel), count, slot,
    h('div', { class: 'actions' }, more));
  await load(false);
}
