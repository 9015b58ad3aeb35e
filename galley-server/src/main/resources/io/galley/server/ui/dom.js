// Small DOM helpers. Text from the API only ever goes in through textContent or attributes.

/**
 * Makes an element: h('a', {href: '/x', dataset: {testid: 'y'}}, 'text', child).
 * Attributes named on* are refused, so data can never become a handler.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) el.dataset[k] = v;
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key.startsWith('on')) {
      throw new Error(`event attributes are not allowed: ${key}`);
    } else if (key in el && typeof value !== 'string') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

const sig4 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4, useGrouping: false });

/** A number to 4 significant digits; the API's "NaN" / "Infinity" strings pass through. */
export function formatNumber(value) {
  if (value === undefined || value === null || value === '') return '';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-4)) return n.toPrecision(4);
  return sig4.format(n);
}

/** A span with the formatted number and the full value in its title. */
export function num(value, attrs) {
  return h('span', { class: 'num', title: value === undefined ? undefined : String(value), ...attrs },
    formatNumber(value));
}

export function formatTime(ms) {
  if (ms === undefined || ms === null || ms === '' || Number(ms) <= 0) return '';
  const d = new Date(Number(ms));
  const pad = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function time(ms, attrs) {
  const text = formatTime(ms);
  return h('time', { datetime: text ? new Date(Number(ms)).toISOString() : undefined, ...attrs }, text);
}

export function formatDuration(startMs, endMs) {
  if (!startMs || !endMs) return '';
  let s = Math.max(0, (Number(endMs) - Number(startMs)) / 1000);
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  s = Math.round(s % 60);
  if (m < 60) return `${m} min ${s} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatBytes(n) {
  if (n === undefined || n === null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return i === 0 ? `${v} B` : `${formatNumber(v)} ${units[i]}`;
}

export function shortDigest(digest) {
  if (!digest) return '';
  const [algo, hex] = digest.includes(':') ? digest.split(':', 2) : ['', digest];
  return algo ? `${algo}:${hex.slice(0, 12)}` : hex.slice(0, 12);
}

/** A table with scoped column headers; rows are appended by the caller to table.tBodies[0]. */
export function table(attrs, headers) {
  return h('table', attrs,
    h('thead', null, h('tr', null, headers.map((x) => (x instanceof Node ? x : h('th', { scope: 'col' }, x))))),
    h('tbody'));
}

/** A two-column key/value table. */
export function kvTable(attrs, entries, { keyHeader = 'Key', valueHeader = 'Value', empty = 'None' } = {}) {
  if (!entries.length) return h('p', { class: 'muted', ...attrs }, empty);
  const t = table({ class: 'kv', ...attrs }, [keyHeader, valueHeader]);
  for (const [k, v] of entries) {
    t.tBodies[0].append(h('tr', { dataset: { key: k } },
      h('th', { scope: 'row' }, k), h('td', null, v instanceof Node ? v : String(v ?? ''))));
  }
  return t;
}

export function section(title, attrs, ...children) {
  return h('section', { class: 'card', ...attrs }, h('h2', null, title), ...children);
}

/** Thrown by a page whose subject does not exist: the router shows its not-found message. */
export class NotFound extends Error {
  constructor(message = 'Not found') {
    super(message);
    this.name = 'NotFound';
  }
}

/** The error box every page shows an API failure in. */
export function errorBox(error) {
  const message = error && error.message ? error.message : String(error);
  const code = error && error.code ? `${error.code}: ` : '';
  return h('div', { class: 'error', role: 'alert', dataset: { testid: 'error' } }, code + message);
}

export function tagMap(tags) {
  const map = new Map();
  for (const t of tags || []) map.set(t.key, t.value);
  return map;
}

export function runName(run) {
  return (run && run.info && (run.info.run_name || run.info.run_id)) || '';
}
