// chart.js - the small rating chart on a goal: staff and parent ratings over
// time on the programme's scale, baseline and target as lines. Drawn as SVG
// from data with createElementNS (no innerHTML); a screen reader gets the
// same numbers as a short text.
import { t, formatDate } from './i18n.js';
import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v));
  for (const c of children) if (c != null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const W = 320;
const H = 120;
const PAD = { l: 26, r: 10, t: 10, b: 22 };

const day = (iso) => Date.UTC(...iso.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0))) / 86400000;

export function ratingChart(goal, scale) {
  const ratings = goal.ratings || [];
  if (ratings.length === 0) return null;
  const days = [day(goal.agreed_on), ...ratings.map((r) => day(r.rated_on))];
  const x0 = Math.min(...days);
  const x1 = Math.max(...days, x0 + 1);
  const x = (d) => PAD.l + ((d - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
  const y = (v) => PAD.t + ((scale.max - v) / (scale.max - scale.min || 1)) * (H - PAD.t - PAD.b);
  const series = (by) => ratings.filter((r) => r.by === by).map((r) => [x(day(r.rated_on)), y(r.value)]);
  const line = (pts, cls) => (pts.length ? s('polyline', { class: cls, points: pts.map((p) => p.join(',')).join(' ') }) : null);
  const dots = (pts, cls) => pts.map(([px, py]) => s('circle', { class: cls, cx: px, cy: py, r: 3.5 }));

  const grid = [];
  for (let v = scale.min; v <= scale.max; v++) {
    grid.push(s('line', { class: 'grid', x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v) }),
      s('text', { x: PAD.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, v));
  }
  const staff = series('staff');
  const parent = series('parent');
  const summary = t('chart.summary', {
    count: ratings.length,
    first: `${ratings[0].value} (${formatDate(ratings[0].rated_on)})`,
    last: `${ratings[ratings.length - 1].value} (${formatDate(ratings[ratings.length - 1].rated_on)})`,
    target: goal.target,
  });
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'rating-chart', role: 'img', 'aria-label': summary },
    ...grid,
    s('line', { class: 'target', x1: PAD.l, x2: W - PAD.r, y1: y(goal.target), y2: y(goal.target) }),
    s('text', { class: 'axis', x: PAD.l, y: H - 6 }, formatDate(new Date(x0 * 86400000).toISOString().slice(0, 10))),
    s('text', { class: 'axis', x: W - PAD.r, y: H - 6, 'text-anchor': 'end' }, formatDate(new Date(x1 * 86400000).toISOString().slice(0, 10))),
    line(staff, 'staff'), line(parent, 'parent'), ...dots(staff, 'staff'), ...dots(parent, 'parent'));
  return h('figure', { class: 'chart' }, svg,
    h('figcaption', {},
      h('span', { class: 'key staff' }, t('by.staff')), ' ',
      h('span', { class: 'key parent' }, t('by.parent')), ' ',
      h('span', { class: 'key target' }, t('chart.target', { value: goal.target }))));
}

// The family-group chart: the daycare's daily score on a goal (score_min to
// score_max) over time, with the status meetings as dashed vertical lines.
// The same numbers are in the aria-label summary and, for anyone who wants
// them, in a table under "Vis scorerne".
export function scoreChart(goal, scale, { marks = [] } = {}) {
  const scores = goal.scores || [];
  if (scores.length === 0) return h('p', { class: 'note' }, t('fgchart.none'));
  const days = [day(goal.agreed_on), ...scores.map((r) => day(r.scored_on)), ...marks.map(day)];
  const x0 = Math.min(...days);
  const x1 = Math.max(...days, x0 + 1);
  const x = (d) => PAD.l + ((d - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
  const y = (v) => PAD.t + ((scale.max - v) / (scale.max - scale.min || 1)) * (H - PAD.t - PAD.b);
  const pts = scores.map((r) => [x(day(r.scored_on)), y(r.score)]);
  const grid = [];
  for (let v = scale.min; v <= scale.max; v++) {
    grid.push(s('line', { class: 'grid', x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v) }),
      s('text', { x: PAD.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, v));
  }
  const recent = scores.slice(-5);
  const avg = (recent.reduce((a, r) => a + r.score, 0) / recent.length).toFixed(1).replace('.', t('fgchart.decimal'));
  const summary = t('fgchart.summary', {
    count: scores.length,
    first: `${scores[0].score} (${formatDate(scores[0].scored_on)})`,
    last: `${scores[scores.length - 1].score} (${formatDate(scores[scores.length - 1].scored_on)})`,
    avg,
  });
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'rating-chart score-chart', role: 'img', 'aria-label': summary },
    ...grid,
    ...marks.map((m) => s('line', { class: 'meeting', x1: x(day(m)), x2: x(day(m)), y1: PAD.t, y2: H - PAD.b })),
    s('text', { class: 'axis', x: PAD.l, y: H - 6 }, formatDate(new Date(x0 * 86400000).toISOString().slice(0, 10))),
    s('text', { class: 'axis', x: W - PAD.r, y: H - 6, 'text-anchor': 'end' }, formatDate(new Date(x1 * 86400000).toISOString().slice(0, 10))),
    s('polyline', { class: 'staff', points: pts.map((p) => p.join(',')).join(' ') }),
    ...pts.map(([px, py]) => s('circle', { class: 'staff', cx: px, cy: py, r: 2.5 })));
  return h('figure', { class: 'chart' }, svg,
    h('figcaption', {},
      h('span', { class: 'key staff' }, t('fgchart.daycare')), ' ',
      marks.length ? h('span', { class: 'key meeting' }, t('fgchart.meetings')) : null,
      h('p', { class: 'chart-summary' }, summary)),
    h('details', { class: 'chart-data' },
      h('summary', {}, t('fgchart.show_table')),
      h('table', { class: 'table data' },
        h('caption', { class: 'vh' }, t('fgchart.table_caption', { goal: goal.text })),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('fgchart.date')), h('th', { scope: 'col', class: 'num' }, t('fgchart.score')),
          h('th', { scope: 'col' }, t('fgchart.did')))),
        h('tbody', {}, scores.map((r) => h('tr', {}, h('td', {}, formatDate(r.scored_on)), h('td', { class: 'num' }, String(r.score)),
          h('td', {}, r.did || '–')))))));
}
