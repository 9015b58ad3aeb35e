// The run page's "Traces" section: the MLflow traces made in a run (request metadata
// mlflow.sourceRun), each expandable to its spans, read from the trace's traces.json.
import { h, clear, errorBox, section, table, tagMap, time } from '../dom.js';
import { uiHeaders } from '../api.js';

const MLFLOW = '/ajax-api/2.0/mlflow';
const MAX_TRACES = 100;
const SHOWN_TAGS = 3;
const PREVIEW_CHARS = 300;

/** The section, filled once the run's traces have loaded; errors show inside it. */
export function tracesSection(runInfo, signal) {
  const container = section('Traces', { dataset: { testid: 'run-traces' } });
  renderTraces(container, runInfo, signal).catch((e) => {
    if (e.name !== 'AbortError') container.append(errorBox(e));
  });
  return container;
}

async function getJson(path, params, signal) {
  const response = await fetch(`${path}?${new URLSearchParams(params)}`, {
    signal, headers: { Accept: 'application/json', ...uiHeaders() },
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = null;
  }
  if (!response.ok || json === null) {
    const error = new Error((json && json.message) || `${response.status} ${response.statusText}`);
    error.code = (json && json.error_code) || String(response.status);
    throw error;
  }
  return json;
}

async function renderTraces(container, runInfo, signal) {
  const params = new URLSearchParams();
  params.append('experiment_ids', runInfo.experiment_id);
  params.append('filter', `request_metadata.\`mlflow.sourceRun\` = '${runInfo.run_id}'`);
  params.append('max_results', String(MAX_TRACES));
  const result = await getJson(`${MLFLOW}/traces`, params, signal);
  const traces = result.traces || [];
  if (!traces.length) {
    container.append(h('p', { class: 'muted' }, 'No traces.'));
    return;
  }
  const t = table({ class: 'kv', dataset: { testid: 'traces-table' } },
    ['', 'Request ID', 'Name', 'Status', 'Started', 'Execution time', 'Tags']);
  for (const trace of traces) {
    for (const row of traceRows(trace, signal)) t.tBodies[0].append(row);
  }
  container.append(t);
  if (result.next_page_token) {
    container.append(h('p', { class: 'muted' }, `Showing the ${MAX_TRACES} most recent traces.`));
  }
}

/** The trace's row, and the row below it that its button fills with the spans. */
function traceRows(trace, signal) {
  const tags = tagMap(trace.tags);
  const shownTags = [...tags].filter(([k]) => !k.startsWith('mlflow.')).slice(0, SHOWN_TAGS)
    .map(([k, v]) => h('span', { class: 'mono', dataset: { tag: k } }, `${k}=${v}`));
  const spansCell = h('td', { colSpan: 7, dataset: { testid: 'trace-spans' } });
  const spansRow = h('tr', { hidden: true }, spansCell);
  let loaded = false;
  const toggle = h('button', {
    type: 'button', 'aria-expanded': 'false', 'aria-label': `Spans of trace ${trace.request_id}`,
    dataset: { testid: 'trace-toggle' },
    on: {
      click: async () => {
        const open = spansRow.hidden;
        spansRow.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
        toggle.textContent = open ? '▾' : '▸';
        if (open && !loaded) {
          loaded = true;
          await renderSpans(spansCell, trace.request_id, signal);
        }
      },
    },
  }, '▸');
  const status = String(trace.status || '');
  const row = h('tr', { dataset: { testid: 'trace-row', requestId: trace.request_id } },
    h('td', null, toggle),
    h('td', { class: 'mono', title: trace.request_id }, trace.request_id.slice(0, 12)),
    h('td', null, tags.get('mlflow.traceName') || ''),
    h('td', null, h('span', { class: `status status-${status.toLowerCase()}` }, status)),
    h('td', null, time(trace.timestamp_ms)),
    h('td', { class: 'num', dataset: { testid: 'trace-execution-time' } },
      trace.execution_time_ms === undefined ? '—' : `${trace.execution_time_ms} ms`),
    h('td', null, shownTags.flatMap((x, i) => (i ? [' ', x] : [x]))));
  return [row, spansRow];
}

async function renderSpans(cell, requestId, signal) {
  clear(cell).append(h('p', { class: 'muted' }, 'Loading spans…'));
  let data;
  try {
    data = await getJson(`${MLFLOW}/get-trace-artifact`, { request_id: requestId }, signal);
  } catch (e) {
    if (e.name === 'AbortError') return;
    clear(cell).append(errorBox(e));
    return;
  }
  const spans = Array.isArray(data.spans) ? data.spans : [];
  clear(cell);
  if (!spans.length) {
    cell.append(h('p', { class: 'muted' }, 'This trace has no spans.'));
    return;
  }
  const t = table({ class: 'kv' }, ['Span', 'Type', 'Status', 'Duration', 'Inputs', 'Outputs']);
  for (const { span, depth } of spanTree(spans)) {
    const attributes = span.attributes || {};
    const nameCell = h('th', { scope: 'row' }, span.name || '');
    nameCell.style.paddingLeft = `${0.6 + depth * 1.2}rem`;
    t.tBodies[0].append(h('tr', { dataset: { testid: 'span-row', spanName: span.name || '', depth: String(depth) } },
      nameCell,
      h('td', null, String(decoded(attributes['mlflow.spanType']) ?? '')),
      h('td', null, String(span.status_code || '')),
      h('td', { class: 'num' }, duration(span)),
      h('td', { class: 'mono' }, preview(decoded(attributes['mlflow.spanInputs']))),
      h('td', { class: 'mono' }, preview(decoded(attributes['mlflow.spanOutputs'])))));
  }
  cell.append(t);
}

/** Spans depth-first from the roots, children in start order; orphans count as roots. */
function spanTree(spans) {
  const id = (s) => (s.context && s.context.span_id) || s.span_id;
  const ids = new Set(spans.map(id));
  const children = new Map();
  for (const s of spans) {
    const parent = s.parent_id && ids.has(s.parent_id) ? s.parent_id : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(s);
  }
  for (const list of children.values()) list.sort((a, b) => Number(a.start_time) - Number(b.start_time));
  const out = [];
  const seen = new Set();
  const walk = (parent, depth) => {
    for (const s of children.get(parent) || []) {
      if (seen.has(s)) continue;
      seen.add(s);
      out.push({ span: s, depth });
      walk(id(s), depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** MLflow stores span attributes JSON-encoded; a value that is not JSON shows as it is. */
function decoded(value) {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function preview(value) {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

/** Span times are nanoseconds since the epoch. */
function duration(span) {
  const ns = Number(span.end_time) - Number(span.start_time);
  if (!Number.isFinite(ns) || ns < 0) return '';
  return `${(ns / 1e6).toFixed(1)} ms`;
}
