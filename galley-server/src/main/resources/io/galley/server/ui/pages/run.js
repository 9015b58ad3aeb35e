// "/runs/RUN_ID": one run — name, description, params, metrics (charts, or the value of a metric
// logged once), tags (editable), inputs, artifacts, models, the environment and its libraries,
// reproduction verdicts and MLflow traces.
import { h, clear, errorBox, formatDuration, kvTable, num, section, table, tagMap, time } from '../dom.js';
import { NOTE_TAG, artifactText, artifactUrl, getExperiment, getRun, listArtifacts, metricHistory, quote, searchModelVersions, searchRuns } from '../api.js';
import { lineChart, pointValue, singlePoint } from '../chart.js';
import { artifactBrowser } from '../artifacts.js';
import { LIB_PREFIX, libraryList, librariesOf } from '../libraries.js';
import { versionHref } from './version.js';
import { descriptionBlock, runHead, tagsEditor } from './run-edit.js';
import { tracesSection } from './traces.js';

export const title = 'Run';

const ENV_PREFIX = 'galley.env.';
const REPRO_PREFIX = 'galley.repro.';
// Enough runs to say which libraries differ, few enough to load at once.
const LIBRARY_PEERS = 300;

export async function render({ main, params, signal, navigate }) {
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

  const crumbName = h('span', null, name);
  main.append(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('a', { href: '/experiments' }, 'Experiments'), ' / ',
      h('a', { href: `/experiments/${encodeURIComponent(info.experiment_id)}` }, experimentName), ' / ',
      crumbName),
    runHead(run, {
      onRenamed: (value) => {
        crumbName.textContent = value || info.run_id;
        document.title = `${value || info.run_id} · Galley`;
      },
      reload: () => navigate(location.pathname + location.search, { replace: true }),
    }),
    h('dl', { class: 'facts' },
      h('dt', null, 'Run ID'), h('dd', { class: 'mono' }, info.run_id),
      h('dt', null, 'Started'), h('dd', null, time(info.start_time)),
      h('dt', null, 'Ended'), h('dd', null, info.end_time ? time(info.end_time) : '—'),
      h('dt', null, 'Duration'), h('dd', null, formatDuration(info.start_time, info.end_time) || '—'),
      h('dt', null, 'User'), h('dd', null, info.user_id || '—'),
      h('dt', null, 'Artifacts'), h('dd', { class: 'mono' }, info.artifact_uri || '')),
    section('Description', { dataset: { testid: 'run-description-section' } }, descriptionBlock(runId, tags)));

  const paramsEntries = (data.params || []).map((p) => [p.key, p.value]);
  main.append(section('Parameters', { dataset: { testid: 'run-params' } },
    kvTable(null, paramsEntries, { empty: 'No parameters.' })));

  const metricsSection = section('Metrics', { dataset: { testid: 'run-metrics' } });
  main.append(metricsSection);

  const isPlainTag = (k) => !k.startsWith(ENV_PREFIX) && !k.startsWith(REPRO_PREFIX) && k !== NOTE_TAG;
  main.append(section('Tags', { dataset: { testid: 'run-tags' } }, tagsEditor(runId, tags, isPlainTag)));

  main.append(inputsSection(run.inputs));

  // What the run made comes before the long environment listing.
  const artifactsSection = section('Artifacts', { dataset: { testid: 'artifact-browser' } });
  main.append(artifactsSection);
  const modelsSection = section('Model versions from this run', { dataset: { testid: 'run-model-versions' } });
  main.append(modelsSection);
  const environment = environmentSection(tags);
  main.append(environment.box);
  main.append(reproSection(tags));
  main.append(tracesSection(info, signal));

  await Promise.all([
    renderMetrics(metricsSection, runId, data.metrics || [], signal),
    artifactBrowser(artifactsSection, {
      list: (path, s) => listArtifacts(runId, path, s),
      url: (path) => artifactUrl(runId, path),
      text: (path, s) => artifactText(runId, path, s),
    }, signal),
    renderModelVersions(modelsSection, runId, signal),
    renderLibraries(environment.libraries, run, signal),
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
      // One dot on an invented axis says less than the number itself.
      if (points.length === 1) {
        charts.append(singlePoint(key, points[0], { dataset: { testid: 'metric-single', metric: key } }));
        continue;
      }
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
  const box = section('Environment', { dataset: { testid: 'run-environment' } });
  const libraries = h('div', null, h('p', { class: 'muted' }, 'Comparing libraries with the experiment’s other runs…'));
  box.append(kvTable(null, env, { keyHeader: 'Property', empty: 'No environment was captured.' }),
    h('h3', null, 'Libraries'), libraries);
  return { box, libraries };
}

/** The run's libraries against those of the experiment's other runs that captured any. */
async function renderLibraries(container, run, signal) {
  const mine = librariesOf(run.data.tags);
  if (!mine.size) {
    clear(container).append(h('p', { class: 'muted' }, 'No libraries were captured.'));
    return;
  }
  let others = [];
  try {
    const page = await searchRuns({ experimentIds: [run.info.experiment_id], maxResults: LIBRARY_PEERS }, signal);
    others = (page.runs || []).filter((r) => r.info.run_id !== run.info.run_id)
      .map((r) => librariesOf(r.data.tags)).filter((libs) => libs.size > 0);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    clear(container).append(errorBox(e));
  }
  container.querySelector('p.muted')?.remove();
  container.append(libraryList(mine, others));
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
  const t = table({ class: 'grid', dataset: { testid: 'run-versions' } }, ['Model', 'Version', 'Aliases', 'Status', 'Created']);
  for (const v of versions) {
    t.tBodies[0].append(h('tr', null,
      h('td', null, h('a', { href: `/models/${encodeURIComponent(v.name)}` }, v.name)),
      h('td', { class: 'num' }, h('a', { href: versionHref(v.name, v.version), dataset: { testid: 'version-link' } }, String(v.version))),
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
