// "/runs/RUN_ID": one run — params, metric charts, tags, environment, inputs, artifacts, models.
import { h, clear, errorBox, formatBytes, formatDuration, formatTime, kvTable, num, section, table, tagMap, time } from '../dom.js';
import { artifactText, artifactUrl, getExperiment, getRun, listArtifacts, metricHistory, quote, searchModelVersions } from '../api.js';
import { lineChart, pointValue } from '../chart.js';
import { tracesSection } from './traces.js';

export const title = 'Run';

const LIB_PREFIX = 'galley.env.lib.';
const ENV_PREFIX = 'galley.env.';
const REPRO_PREFIX = 'galley.repro.';
const PREVIEW_LIMIT = 2 * 1024 * 1024;

export async function render({ main, params, signal }) {
  const [runId] = params;
  const { run } = await getRun(runId, signal);
  const info = run.info;
  const data = run.data || {};
  const tags = tagMap(data.tags);
  const name = info.run_name || info.run_id;
  document.title = `${name} · Galley`;
  let experimentName = info.experiment_id;
  try {
    experimentName = (await getExperiment(info.experiment_id, signal)).experiment.name;
  } catch (e) {
    if (e.name === 'AbortError') throw e;
  }

  main.append(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('a', { href: '/experiments' }, 'Experiments'), ' / ',
      h('a', { href: `/experiments/${encodeURIComponent(info.experiment_id)}` }, experimentName), ' / ',
      h('span', null, name)),
    h('div', { class: 'page-head' },
      h('h1', null, name),
      h('span', { class: `status status-${String(info.status).toLowerCase()}` }, info.status)),
    h('dl', { class: 'facts' },
      h('dt', null, 'Run ID'), h('dd', { class: 'mono' }, info.run_id),
      h('dt', null, 'Started'), h('dd', null, time(info.start_time)),
      h('dt', null, 'Ended'), h('dd', null, info.end_time ? time(info.end_time) : '—'),
      h('dt', null, 'Duration'), h('dd', null, formatDuration(info.start_time, info.end_time) || '—'),
      h('dt', null, 'User'), h('dd', null, info.user_id || '—'),
      h('dt', null, 'Artifacts'), h('dd', { class: 'mono' }, info.artifact_uri || '')));

  const paramsEntries = (data.params || []).map((p) => [p.key, p.value]);
  main.append(section('Parameters', { dataset: { testid: 'run-params' } },
    kvTable(null, paramsEntries, { empty: 'No parameters.' })));

  const metricsSection = section('Metrics', { dataset: { testid: 'run-metrics' } });
  main.append(metricsSection);

  const plainTags = [...tags].filter(([k]) => !k.startsWith(ENV_PREFIX) && !k.startsWith(REPRO_PREFIX))
    .sort(([a], [b]) => a.localeCompare(b));
  main.append(section('Tags', { dataset: { testid: 'run-tags' } },
    kvTable(null, plainTags, { empty: 'No tags.' })));

  main.append(environmentSection(tags));
  main.append(inputsSection(run.inputs));

  const artifactsSection = section('Artifacts', { dataset: { testid: 'artifact-browser' } });
  main.append(artifactsSection);
  const modelsSection = section('Model versions from this run', { dataset: { testid: 'run-model-versions' } });
  main.append(modelsSection);
  main.append(reproSection(tags));
  main.append(tracesSection(info, signal));

  await Promise.all([
    renderMetrics(metricsSection, runId, data.metrics || [], signal),
    renderArtifacts(artifactsSection, runId, signal),
    renderModelVersions(modelsSection, runId, signal),
  ]);
}

// ---- metrics ----

async function renderMetrics(container, runId, latest, signal) {
  if (!latest.length) {
    container.append(h('p', { class: 'muted' }, 'No metrics.'));
    return;
  }
  const keys = latest.map((m) => m.key).sort();
  const summary = table({ class: 'kv' }, ['Metric', 'Last value', 'Step']);
  for (const m of [...latest].sort((a, b) => a.key.localeCompare(b.key))) {
    summary.tBodies[0].append(h('tr', { dataset: { key: m.key } },
      h('th', { scope: 'row' }, m.key), h('td', { class: 'num' }, num(m.value)), h('td', { class: 'num' }, String(m.step))));
  }
  const xSelect = h('select', { id: 'chart-x', dataset: { testid: 'chart-x' } },
    h('option', { value: 'step' }, 'Step'), h('option', { value: 'time' }, 'Time'));
  const charts = h('div', { class: 'charts' });
  container.append(summary,
    h('div', { class: 'toolbar' }, h('label', { for: 'chart-x' }, 'X axis'), xSelect),
    charts);
  const histories = new Map();
  await pool(keys, 6, async (key) => histories.set(key, await metricHistory(runId, key, signal)));
  const plots = [];
  const draw = () => {
    plots.splice(0).forEach((p) => p.destroy());
    clear(charts);
    const byTime = xSelect.value === 'time';
    for (const key of keys) {
      const points = histories.get(key) || [];
      const box = h('figure', { class: 'chart', dataset: { testid: 'metric-chart', metric: key } });
      charts.append(box);
      const sorted = [...points].sort((a, b) => (byTime ? a.timestamp - b.timestamp : a.step - b.step || a.timestamp - b.timestamp));
      const x = sorted.map((p) => (byTime ? p.timestamp / 1000 : Number(p.step)));
      plots.push(lineChart(box, {
        title: key, x, time: byTime, xLabel: byTime ? 'time' : 'step',
        series: [{ label: key, values: sorted.map((p) => pointValue(p.value)) }],
      }));
    }
  };
  xSelect.addEventListener('change', draw);
  draw();
}

async function pool(items, size, work) {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(size, queue.length) }, async () => {
    while (queue.length) await work(queue.shift());
  }));
}

// ---- environment ----

function environmentSection(tags) {
  const env = [...tags].filter(([k]) => k.startsWith(ENV_PREFIX) && !k.startsWith(LIB_PREFIX))
    .map(([k, v]) => [k.slice(ENV_PREFIX.length), v]).sort(([a], [b]) => a.localeCompare(b));
  const libs = [...tags].filter(([k]) => k.startsWith(LIB_PREFIX))
    .map(([k, v]) => [k.slice(LIB_PREFIX.length), v]).sort(([a], [b]) => a.localeCompare(b));
  const box = section('Environment', { dataset: { testid: 'run-environment' } });
  box.append(kvTable(null, env, { keyHeader: 'Property', empty: 'No environment was captured.' }));
  const search = h('input', { type: 'search', id: 'library-search', placeholder: 'Filter libraries', autocomplete: 'off', dataset: { testid: 'library-search' } });
  const count = h('span', { class: 'muted', 'aria-live': 'polite' });
  const libTable = table({ class: 'kv libraries' }, ['Library', 'Version']);
  const show = () => {
    const q = search.value.trim().toLowerCase();
    const rows = libs.filter(([k, v]) => !q || k.toLowerCase().includes(q) || v.toLowerCase().includes(q));
    clear(libTable.tBodies[0]).append(...rows.map(([k, v]) =>
      h('tr', { dataset: { testid: 'library-row', library: k } }, h('th', { scope: 'row' }, k), h('td', null, v))));
    count.textContent = `${rows.length} of ${libs.length} libraries`;
  };
  search.addEventListener('input', show);
  show();
  box.append(h('h3', null, 'Libraries'),
    h('div', { class: 'toolbar' }, h('label', { for: 'library-search' }, 'Search libraries'), search, count),
    libTable);
  return box;
}

// ---- dataset inputs ----

function inputsSection(inputs) {
  const list = (inputs && inputs.dataset_inputs) || [];
  const box = section('Dataset inputs', { dataset: { testid: 'run-inputs' } });
  if (!list.length) {
    box.append(h('p', { class: 'muted' }, 'No dataset inputs.'));
    return box;
  }
  const t = table({ class: 'grid' }, ['Name', 'Context', 'Digest', 'Content digest', 'Source']);
  for (const input of list) {
    const d = input.dataset || {};
    const itags = tagMap(input.tags);
    const content = itags.get('galley.dataset.content_digest') || '';
    t.tBodies[0].append(h('tr', null,
      h('td', null, d.name || ''),
      h('td', null, itags.get('mlflow.data.context') || ''),
      h('td', { class: 'mono' }, d.digest || ''),
      h('td', { class: 'mono', title: content }, content),
      h('td', { class: 'mono wrap', title: d.source || '' }, describeSource(d.source))));
  }
  box.append(t);
  return box;
}

function describeSource(source) {
  if (!source) return '';
  try {
    const parsed = JSON.parse(source);
    return parsed.uri || parsed.url || parsed.path || source;
  } catch {
    return source;
  }
}

// ---- artifacts ----

async function renderArtifacts(container, runId, signal) {
  const tree = h('ul', { class: 'tree', role: 'tree', 'aria-label': 'Artifacts' });
  const preview = h('div', { class: 'preview', dataset: { testid: 'artifact-preview' }, 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Select a file to preview it.'));
  container.append(h('div', { class: 'artifacts' }, tree, preview));
  let listing;
  try {
    listing = await listArtifacts(runId, '', signal);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    container.append(errorBox(e));
    return;
  }
  const files = listing.files || [];
  if (!files.length) tree.append(h('li', { class: 'muted' }, 'No artifacts.'));
  fillTree(tree, files, runId, preview, signal);
}

function fillTree(list, files, runId, preview, signal) {
  const sorted = [...files].sort((a, b) => (b.is_dir - a.is_dir) || a.path.localeCompare(b.path));
  for (const f of sorted) {
    const name = f.path.split('/').pop();
    const entry = h('button', {
      type: 'button', class: f.is_dir ? 'entry dir' : 'entry file', role: 'treeitem',
      dataset: { testid: 'artifact-entry', path: f.path, kind: f.is_dir ? 'dir' : 'file' },
      'aria-expanded': f.is_dir ? 'false' : undefined,
    }, h('span', { class: 'icon', 'aria-hidden': 'true' }, f.is_dir ? '▸' : '·'), name,
      f.is_dir ? null : h('span', { class: 'muted size' }, formatBytes(f.file_size)));
    const li = h('li', null, entry);
    list.append(li);
    if (f.is_dir) {
      let children = null;
      entry.addEventListener('click', async () => {
        const open = entry.getAttribute('aria-expanded') === 'true';
        if (open) {
          entry.setAttribute('aria-expanded', 'false');
          entry.querySelector('.icon').textContent = '▸';
          if (children) children.hidden = true;
          return;
        }
        entry.setAttribute('aria-expanded', 'true');
        entry.querySelector('.icon').textContent = '▾';
        if (children) {
          children.hidden = false;
          return;
        }
        children = h('ul', { role: 'group' });
        li.append(children);
        try {
          const sub = await listArtifacts(runId, f.path, signal);
          if (!(sub.files || []).length) children.append(h('li', { class: 'muted' }, 'Empty'));
          fillTree(children, sub.files || [], runId, preview, signal);
        } catch (e) {
          if (e.name !== 'AbortError') children.append(h('li', null, errorBox(e)));
        }
      });
    } else {
      entry.addEventListener('click', () => {
        for (const other of list.closest('.tree').querySelectorAll('.entry[aria-current]')) other.removeAttribute('aria-current');
        entry.setAttribute('aria-current', 'true');
        showPreview(preview, runId, f, signal);
      });
    }
  }
}

const IMAGE = /\.(png|jpe?g|gif|webp|svg|bmp|ico)$/i;
const TEXT = /\.(txt|log|md|json|csv|tsv|ya?ml|toml|ini|cfg|conf|properties|py|java|js|ts|sh|r|sql|xml|html?|css|diff|patch|mlmodel|requirements|lock)$/i;
const KNOWN_TEXT_NAMES = new Set(['MLmodel', 'Dockerfile', 'LICENSE', 'README', 'requirements.txt']);

let previewToken = 0;

async function showPreview(preview, runId, file, signal) {
  const mine = ++previewToken;
  const url = artifactUrl(runId, file.path);
  const name = file.path.split('/').pop();
  const head = h('div', { class: 'preview-head' },
    h('strong', { class: 'mono' }, file.path), ' ',
    h('span', { class: 'muted' }, formatBytes(file.file_size)), ' ',
    h('a', { href: url, download: name, dataset: { testid: 'artifact-download' } }, 'Download'));
  clear(preview).append(head);
  if (IMAGE.test(name)) {
    preview.append(h('img', { src: url, alt: file.path, class: 'preview-image' }));
    return;
  }
  const texty = TEXT.test(name) || KNOWN_TEXT_NAMES.has(name) || !/\.[^.]+$/.test(name);
  if (!texty) {
    preview.append(h('p', { class: 'muted' }, 'No preview for this kind of file.'));
    return;
  }
  if ((file.file_size || 0) > PREVIEW_LIMIT) {
    preview.append(h('p', { class: 'muted' }, `Too large to preview (${formatBytes(file.file_size)}).`));
    return;
  }
  const body = h('p', { class: 'muted' }, 'Loading…');
  preview.append(body);
  try {
    const text = await artifactText(runId, file.path, signal);
    if (mine !== previewToken) return;
    let content;
    if (/\.json$/i.test(name)) {
      let pretty = text;
      try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch { /* shown as it is */ }
      content = h('pre', { class: 'code' }, pretty);
    } else if (/\.(csv|tsv)$/i.test(name)) {
      content = csvTable(text, /\.tsv$/i.test(name) ? '\t' : ',');
    } else {
      content = h('pre', { class: 'code' }, text);
    }
    body.replaceWith(content);
  } catch (e) {
    if (e.name === 'AbortError' || mine !== previewToken) return;
    body.replaceWith(errorBox(e));
  }
}

const CSV_ROWS = 500;

function parseCsv(text, sep) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length <= CSV_ROWS; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function csvTable(text, sep) {
  const rows = parseCsv(text, sep);
  if (!rows.length) return h('p', { class: 'muted' }, 'Empty file.');
  const [header, ...body] = rows;
  const t = table({ class: 'grid csv' }, header);
  for (const r of body.slice(0, CSV_ROWS)) t.tBodies[0].append(h('tr', null, r.map((v) => h('td', null, v))));
  const wrap = h('div', { class: 'table-wrap' }, t);
  if (body.length > CSV_ROWS) wrap.append(h('p', { class: 'muted' }, `First ${CSV_ROWS} rows shown.`));
  return wrap;
}

// ---- model versions and reproduction ----

async function renderModelVersions(container, runId, signal) {
  let versions;
  try {
    versions = (await searchModelVersions(`run_id = ${quote(runId)}`, signal)).model_versions || [];
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    container.append(errorBox(e));
    return;
  }
  if (!versions.length) {
    container.append(h('p', { class: 'muted' }, 'No model versions were registered from this run.'));
    return;
  }
  const t = table({ class: 'grid' }, ['Model', 'Version', 'Aliases', 'Status', 'Created']);
  for (const v of versions) {
    t.tBodies[0].append(h('tr', null,
      h('td', null, h('a', { href: `/models/${encodeURIComponent(v.name)}` }, v.name)),
      h('td', { class: 'num' }, String(v.version)),
      h('td', null, (v.aliases || []).join(', ')),
      h('td', null, v.status || ''),
      h('td', null, time(v.creation_timestamp))));
  }
  container.append(t);
}

function reproSection(tags) {
  const verdicts = [...tags].filter(([k]) => k.startsWith(REPRO_PREFIX))
    .map(([k, v]) => [k.slice(REPRO_PREFIX.length), v]).sort(([a], [b]) => a.localeCompare(b));
  const box = section('Reproduction', { dataset: { testid: 'run-repro' } });
  box.append(verdicts.length ? kvTable(null, verdicts, { keyHeader: 'Check', valueHeader: 'Verdict' })
    : h('p', { class: 'muted' }, 'Verdicts: none yet. Run “galley repro RUN” to check whether this run reproduces.'));
  return box;
}
