// reports.js - the reports page: choose a report, a period and (for those
// who may) a unit; see the tables and charts as the server computed them
// (suppressed cells arrive as "<5" or "x" and are shown as such, never
// recomputed here), and download the same report as CSV, Danish Excel CSV,
// XLSX or a print view. All numbers come from GET /api/v1/reports/{name}.
import { api, ApiError } from './api.js';
import { t, formatDate, formatDateTime } from './i18n.js';
import { h, clear, add } from './dom.js';
import { selectField, formErrors, showErrors, clearErrors } from './forms.js';
import { items, today, dateField, readDate, failIf, statusLine, section, facts } from './ui.js';

// format, label, file name ending: each format its own file name, so the
// CSV for programs and the one for Danish Excel do not overwrite each other.
const DOWNLOADS = [['csv', 'report.csv', '.csv'], ['csv-da', 'report.csv_da', '-excel.csv'],
  ['xlsx', 'report.xlsx', '.xlsx'], ['html', 'report.print', '.html']];
// A report with more tables than this gets a table of contents and its
// tables as collapsible sections (the evaluation kit has many).
const TOC_FROM = 20;
const SUPPRESSED = (v) => typeof v === 'string' && /^(<\d+|x)$/.test(v);

// The evaluation kit's delivery dates: 5 May and 5 September; default to
// the half-year before the next one.
function defaultPeriod() {
  const now = today();
  const y = Number(now.slice(0, 4));
  if (now < `${y}-05-05`) return [`${y - 1}-09-01`, `${y}-04-30`];
  if (now < `${y}-09-05`) return [`${y}-01-01`, `${y}-08-31`];
  return [`${y}-05-01`, `${y}-12-31`];
}

function num(v) {
  if (typeof v === 'number') return v.toLocaleString('da-DK', { maximumFractionDigits: 1 });
  return v == null ? '' : String(v);
}

function reportTable(tb, i) {
  const capId = `rt-${i}`;
  return h('div', { class: 'report-table' },
    h('div', { class: 'table-wrap', role: 'region', 'aria-label': t('table.region', { name: tb.title }), tabindex: '0' },
      h('table', { class: 'table data report', id: `table-${tb.name}` },
        h('caption', { id: capId }, tb.title),
        h('thead', {}, h('tr', {}, h('td', {}), tb.columns.map((c) => h('th', { scope: 'col', class: 'num' }, c.label)))),
        h('tbody', {}, tb.rows.map((r) => h('tr', { class: r.total ? 'total' : null },
          h('th', { scope: 'row' }, r.label),
          r.cells.map((v) => h('td', { class: `num${SUPPRESSED(v) ? ' suppressed' : ''}` }, num(v)))))))),
    tb.note ? h('p', { class: 'hint' }, tb.note) : null);
}

// A chart of the table, or, when every value in it is hidden (small
// numbers), a sentence saying so instead of a drawing of "x".
function reportChart(tb, src) {
  if (!tb.chart) return null;
  const cells = (tb.rows || []).flatMap((r) => r.cells || []);
  if (cells.length && cells.every((v) => SUPPRESSED(v) || v == null || v === '')) {
    return h('p', { class: 'note chart-hidden' }, t('report.chart_all_hidden'));
  }
  return h('figure', { class: 'report-chart' }, h('img', { src, alt: t('report.chart_alt', { title: tb.title }) }));
}

// DKFDS accordion: one section per table, closed, with a heading button.
function tableSections(r, chartSrc) {
  return h('ul', { class: 'accordion', id: 'report-sections' }, r.tables.map((tb, i) => {
    const id = `report-sec-${i}`;
    return h('li', {},
      h('h3', {}, h('button', { type: 'button', class: 'accordion-button', 'aria-expanded': 'false', 'aria-controls': id, id: `${id}-btn` }, tb.title)),
      h('div', { class: 'accordion-content', id, 'aria-hidden': 'true' }, reportChart(tb, chartSrc(tb)), reportTable(tb, i)));
  }));
}

// The table of contents: a link per table that opens its section and moves
// there (the hash is the router's, so the click is handled here).
function toc(r) {
  return h('nav', { class: 'report-toc', 'aria-labelledby': 'report-toc-h' },
    h('h3', { id: 'report-toc-h' }, t('report.toc')),
    h('ol', {}, r.tables.map((tb, i) => {
      const a = h('a', { href: `#report-sec-${i}` }, tb.title);
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        const btn = document.getElementById(`report-sec-${i}-btn`);
        if (btn.getAttribute('aria-expanded') !== 'true') btn.click();
        btn.focus();
        btn.scrollIntoView({ block: 'start' });
      });
      return h('li', {}, a);
    })));
}

export async function reportsView(root, { announce }) {
  const status = statusLine();
  const out = h('div', { id: 'report-out' });
  const { data: list } = await api.get('/api/v1/reports');
  const reports = items(list);
  const [from, to] = defaultPeriod();
  const form = h('form', { novalidate: true, id: 'report-form', class: 'filters' }, formErrors(),
    h('div', { class: 'report-choice' },
      selectField({ field: 'name', label: t('report.choose'), options: reports.map((r) => [r.name, r.title]) })),
    h('div', { class: 'grid' },
      dateField({ field: 'from', label: t('hv.from'), value: from, required: true }),
      dateField({ field: 'to', label: t('hv.to'), value: to, required: true })),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('report.show'))));

  const query = (q, format) => {
    const p = new URLSearchParams({ from: q.from, to: q.to });
    if (format) p.set('format', format);
    return `/api/v1/reports/${encodeURIComponent(q.name)}?${p}`;
  };

  async function show(q) {
    const { data: r } = await api.get(query(q));
    const sup = r.suppression || {};
    const chartSrc = (tb) => `${query(q, 'svg')}&chart=${encodeURIComponent(tb.name)}`;
    const tables = r.tables || [];
    const file = `${q.name}_${formatDate(q.from)}_${formatDate(q.to)}`;
    clear(out,
      section('report-h', r.title,
        facts([
          [t('report.period'), `${formatDate(r.period.from)} – ${formatDate(r.period.to)}`],
          [t('report.generated'), r.generated_at ? formatDateTime(r.generated_at) : ''],
          [t('report.suppression'), sup.applied ? t('report.suppressed', { threshold: sup.threshold }) : t('report.not_suppressed')],
          [t('report.delivery'), r.delivery ? (r.delivery.label || (r.delivery.due_on && formatDate(r.delivery.due_on)) || null) : null],
        ]),
        h('p', { class: 'hint' }, sup.applied ? t('report.files_same') : t('report.screen_vs_files')),
        h('p', { class: 'actions downloads' }, h('span', {}, t('report.download')),
          DOWNLOADS.map(([fmt, key, ending]) => h('a', { class: 'button button-secondary', href: query(q, fmt), download: `${file}${ending}` }, t(key)))),
        tables.length >= TOC_FROM ? [toc(r), tableSections(r, chartSrc)]
          : tables.map((tb, i) => [reportChart(tb, chartSrc(tb)), reportTable(tb, i)]),
        r.parameters && Object.keys(r.parameters).length ? h('details', {}, h('summary', {}, t('report.parameters')),
          facts(Object.entries(r.parameters).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]))) : null));
    announce(t('report.ready', { title: r.title }));
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const errors = [];
      const q = { name: form.elements.name.value, from: readDate(form, 'from', errors, { required: true }),
        to: readDate(form, 'to', errors, { required: true }) };
      failIf(errors);
      clearErrors(form);
      await show(q);
      // A report shown: no error from an earlier attempt stays beside it.
      clearErrors(form);
    } catch (e) {
      if (e instanceof ApiError || e?.errors) { clear(out); showErrors(form, e); } else throw e;
    }
  });
  add(root, h('p', { class: 'hint' }, t('report.intro')), form, status, out);
}
