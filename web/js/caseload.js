// caseload.js - "my caseload" (the courses the user is assigned to, with
// the week of 40 and the alerts: warning week, days since contact, goals
// not rated, consent missing) and the list of every course a coordinator or
// leader may see, filtered by status.
import { api } from './api.js';
import { t, compareDa } from './i18n.js';
import { h, clear } from './dom.js';
import { items, dataTable, fmt } from './ui.js';
import { weekBar } from './course.js';

const STATUSES = ['active', 'planned', 'closed'];

function courseTable(id, caption, list) {
  const rows = [...list].sort((a, b) => (b.alerts?.length || 0) - (a.alerts?.length || 0)
    || STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) || compareDa(a.family_name, b.family_name));
  return dataTable({
    id, caption, rows, empty: t('caseload.empty'),
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
  root.append(h('p', { class: 'lead' }, t('caseload.summary', { count: list.length, alerts })),
    courseTable('caseload', t('caseload.title'), list));
}

export async function coursesView(root) {
  const slot = h('div');
  const sel = h('select', { id: 'course-status', name: 'status' },
    h('option', { value: '' }, t('courses.all_open')),
    STATUSES.map((s) => h('option', { value: s }, t(`coursestatus.${s}`))));
  const load = async () => {
    const q = sel.value ? `?status=${sel.value}` : '';
    const { data } = await api.get(`/api/v1/enrolments${q}`);
    let list = items(data);
    if (!sel.value) list = list.filter((c) => c.status !== 'closed');
    clear(slot, h('p', { role: 'status' }, t('courses.count', { count: list.length })), courseTable('courses', t('courses.title'), list));
  };
  sel.addEventListener('change', () => load());
  root.append(h('div', { class: 'field inline' }, h('label', { for: 'course-status' }, t('courses.filter')), sel), slot);
  await load();
}
