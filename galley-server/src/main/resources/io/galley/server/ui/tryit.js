// The model-version page's "try it" box: sends a body (the model's own serving example, editable) to
// a running `galley serve` and shows what it answers. The request goes from the browser straight to
// the model server: Galley's CSP lets the UI reach model servers on the browser's own machine and
// those the server lists (--model-servers); `galley serve` answers CORS for pages on the browser's
// machine, the tracking server it fetched the model from, and those it lists. No cookie or Galley
// header goes with it.
import { h, clear, formatNumber, table } from './dom.js';

const SERVER_KEY = 'galley.modelServer';
const DEFAULT_SERVER = 'http://127.0.0.1:8080';

/**
 * Fills `box` with the form. `body` is the JSON text to start from (or null), `modelUri` what
 * `galley serve` is told to serve (shown as the command that starts one).
 */
export function tryIt(box, { body, modelUri }) {
  const serverInput = h('input', {
    type: 'url', id: 'try-server', required: true, spellcheck: false, autocomplete: 'url',
    value: storedServer(), dataset: { testid: 'try-server' },
  });
  const bodyInput = h('textarea', {
    id: 'try-body', rows: 8, spellcheck: false, class: 'mono', dataset: { testid: 'try-body' },
    placeholder: '{"dataframe_split": {"columns": [...], "data": [[...]]}}',
  });
  bodyInput.value = body || '';
  const submit = h('button', { type: 'submit', class: 'primary', dataset: { testid: 'try-send' } }, 'Predict');
  const result = h('div', { class: 'try-result', 'aria-live': 'polite', dataset: { testid: 'try-result' } });
  let inFlight = null;
  const form = h('form', { class: 'try-form', dataset: { testid: 'try-form' } },
    h('p', { class: 'muted' }, 'Start a model server with ', h('code', null, `galley serve ${modelUri}`),
      ', then send it the example (or any body MLflow\'s /invocations takes).'),
    h('div', { class: 'try-field' }, h('label', { for: 'try-server' }, 'Model server'), serverInput),
    h('div', { class: 'try-field' }, h('label', { for: 'try-body' }, 'Request body (application/json)'), bodyInput),
    h('div', null, submit),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (inFlight) inFlight.abort();
    const controller = new AbortController();
    inFlight = controller;
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      show(result, await send(serverInput.value, bodyInput.value, controller.signal));
    } finally {
      if (inFlight === controller) inFlight = null;
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  box.append(form);
}

function storedServer() {
  try {
    return localStorage.getItem(SERVER_KEY) || DEFAULT_SERVER;
  } catch {
    return DEFAULT_SERVER;
  }
}

/** The invocations URL of what the user typed: a server's base URL, or its /invocations. */
function invocationsUrl(text) {
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const base = url.pathname.replace(/\/+$/, '').replace(/\/invocations$/, '');
  return `${url.origin}${base}/invocations`;
}

/** {ok, status, ms, json} from the model server, or {failure} saying why there is no answer. */
async function send(server, body, signal) {
  const url = invocationsUrl(server);
  if (!url) return { failure: 'The model server is an http:// or https:// URL, such as http://127.0.0.1:8080.' };
  try {
    JSON.parse(body);
  } catch (e) {
    return { failure: `The request body is not JSON: ${e.message}` };
  }
  try {
    localStorage.setItem(SERVER_KEY, server.trim());
  } catch {
    // a browser without storage forgets the server; nothing else changes
  }
  const started = performance.now();
  let response;
  try {
    response = await fetch(url, {
      method: 'POST', body, signal, credentials: 'omit', cache: 'no-store',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    });
  } catch (e) {
    if (e.name === 'AbortError') return { aborted: true };
    return {
      failure: `No answer from ${url}. Is galley serve running there? A model server on another`
        + ' machine than the browser must be listed with galley server --model-servers, and must'
        + ' allow this page with galley serve --cors-allowed-origins.',
    };
  }
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { ok: response.ok, status: response.status, ms: performance.now() - started, json, text };
}

function show(result, answer) {
  if (answer.aborted) return;
  clear(result);
  if (answer.failure) {
    result.append(h('div', { class: 'error', role: 'alert', dataset: { testid: 'try-error' } }, answer.failure));
    return;
  }
  const status = h('p', { class: 'muted', dataset: { testid: 'try-status' } },
    `${answer.status} in ${formatNumber(answer.ms)} ms`);
  if (!answer.ok) {
    const j = answer.json || {};
    const message = j.message ? `${j.error_code ? `${j.error_code}: ` : ''}${j.message}` : (j.error || answer.text);
    result.append(status, h('div', { class: 'error', role: 'alert', dataset: { testid: 'try-error' } }, message));
    return;
  }
  const predictions = answer.json && answer.json.predictions;
  result.append(status, predictionsView(predictions),
    h('details', null, h('summary', null, 'Response body'), h('pre', { class: 'code' }, JSON.stringify(answer.json, null, 2))));
}

/** A table of the predictions: one row each, a column per output for records. */
function predictionsView(predictions) {
  if (!Array.isArray(predictions) || !predictions.length) {
    return h('pre', { class: 'code', dataset: { testid: 'try-predictions' } }, JSON.stringify(predictions, null, 2));
  }
  const records = predictions.every((p) => p && typeof p === 'object' && !Array.isArray(p));
  const columns = records ? [...new Set(predictions.flatMap((p) => Object.keys(p)))] : ['prediction'];
  const t = table({ class: 'grid', dataset: { testid: 'try-predictions' } }, ['#', ...columns]);
  predictions.forEach((p, i) => {
    const cells = records ? columns.map((c) => p[c]) : [p];
    t.tBodies[0].append(h('tr', null, h('td', { class: 'num' }, String(i)), cells.map((v) => h('td', null, cell(v)))));
  });
  return h('div', { class: 'table-wrap' }, t);
}

function cell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k} ${cell(v)}`).join(', ');
  return String(value);
}
