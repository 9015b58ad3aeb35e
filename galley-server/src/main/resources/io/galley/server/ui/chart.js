// Line charts with uPlot (served from its WebJar; no CDN).
import uPlot from '/ui/vendor/uplot/uPlot.esm.js';
import { h, formatNumber, num, time } from './dom.js';

const PALETTE = ['#2b6cb0', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#db2777',
  '#65a30d', '#9333ea', '#ea580c', '#0d9488', '#4f46e5'];

export const color = (i) => PALETTE[i % PALETTE.length];

/**
 * Appends a chart to `container`: x is one shared array, each series has {label, values} with
 * null where it has no point. `time` makes x seconds since the epoch shown as dates.
 */
export function lineChart(container, { title, x, series, time = false, xLabel = 'step' }) {
  const ink = getComputedStyle(document.body).color || '#222';
  const grid = 'rgba(128,128,128,0.25)';
  const width = Math.max(280, Math.floor(container.getBoundingClientRect().width || 480) - 4);
  const axis = {
    stroke: ink,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
  };
  const dense = x.length > 60;
  const opts = {
    title,
    width,
    height: 220,
    scales: { x: { time } },
    series: [
      { label: xLabel, value: time ? undefined : (u, v) => (v === null || v === undefined ? '' : String(v)) },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: color(i),
        width: 1.5,
        spanGaps: true,
        points: { show: !dense, size: 6 },
        value: (u, v) => (v === null || v === undefined ? '' : formatNumber(v)),
      })),
    ],
    axes: [
      { ...axis, label: xLabel },
      { ...axis, values: (u, ticks) => ticks.map((t) => formatNumber(t)) },
    ],
    legend: { show: true },
    cursor: { drag: { x: true, y: false } },
  };
  const holder = h('div', { class: 'chart-holder' });
  container.append(holder);
  return new uPlot(opts, [x, ...series.map((s) => s.values)], holder);
}

/** Numeric value of a metric point ("NaN" and "Infinity" strings become null: uPlot skips them). */
export function pointValue(v) {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A metric logged once: its value, step and time, where a chart would draw a single dot. */
export function singlePoint(title, point, attrs) {
  return h('figure', { class: 'chart single', ...attrs },
    h('figcaption', null, title),
    h('p', { class: 'big' }, num(point.value, { dataset: { testid: 'single-value' } })),
    h('p', { class: 'muted' }, `logged once, at step ${point.step ?? 0}`, point.timestamp ? ', ' : '',
      point.timestamp ? time(point.timestamp) : ''));
}
