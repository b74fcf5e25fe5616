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
