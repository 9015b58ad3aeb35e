// "/models/NAME/versions/N": one model version — its source run with key metrics, signature, input
// example, a box that sends the example to a running model server, files, aliases, tags, stage,
// description and creation time; stage, aliases and the description are editable.
import { NotFound, h, errorBox, formatBytes, formatTime, kvTable, num, section, shortDigest, table, time } from '../dom.js';
import { getModelVersion, getRun, listVersionFiles, transitionStage, updateModelVersion, versionFileText, versionFileUrl } from '../api.js';
import { artifactBrowser } from '../artifacts.js';
import { inlineText } from '../edit.js';
import { aliasesEditor } from './aliases.js';
import { parseSignature } from '../mlmodel.js';
import { tryIt } from '../tryit.js';
import { MODELPACK, listImages, provenance } from '../imagelist.js';

export const title = 'Model version';

const STAGES = ['None', 'Staging', 'Production', 'Archived'];
const KEY_METRICS = 12;

/** The page of a version, for links from the model and run pages. */
export function versionHref(name, version) {
  return `/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(String(version))}`;
}

export async function render({ main, params, signal }) {
  const [name, number] = params;
  let v;
  try {
    ({ model_version: v } = await getModelVersion(name, number, signal));
  } catch (e) {
    if (e.status === 404 || e.code === 'RESOURCE_DOES_NOT_EXIST' || e.code === 'INVALID_PARAMETER_VALUE') throw new NotFound();
    throw e;
  }
  document.title = `${v.name} v${v.version} · Galley`;
  const files = {
    list: (path, s) => listVersionFiles(v.name, v.version, path, s),
    url: (path) => versionFileUrl(v.name, v.version, path),
    text: (path, s) => versionFileText(v.name, v.version, path, s),
  };
  const stage = inlineText({
    label: 'Stage', value: v.current_stage || 'None', testid: 'version-stage', editLabel: 'Change',
    control: () => h('select', null, STAGES.map((s) => h('option', { value: s }, s))),
    save: (value) => transitionStage(v.name, v.version, value, signal),
  });
  main.append(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('a', { href: '/models' }, 'Models'), ' / ',
      h('a', { href: `/models/${encodeURIComponent(v.name)}` }, v.name), ' / ',
      h('span', null, `Version ${v.version}`)),
    h('div', { class: 'page-head' }, h('h1', null, `${v.name} · version ${v.version}`),
      h('span', { class: `status status-${String(v.status).toLowerCase()}` }, v.status || '')),
    h('dl', { class: 'facts', dataset: { testid: 'version-facts' } },
      h('dt', null, 'Stage'), h('dd', null, stage),
      h('dt', null, 'Created'), h('dd', { dataset: { testid: 'version-created' }, title: formatTime(v.creation_timestamp) }, time(v.creation_timestamp)),
      h('dt', null, 'Updated'), h('dd', null, time(v.last_updated_timestamp)),
      h('dt', null, 'User'), h('dd', null, v.user_id || '—'),
      h('dt', null, 'Source'), h('dd', { class: 'mono wrap' }, v.source || '—')),
    section('Description', { dataset: { testid: 'version-description-section' } }, inlineText({
      label: 'Description', value: v.description || '', testid: 'version-description', multiline: true,
      empty: 'No description.', viewTag: 'div',
      save: (value) => updateModelVersion(v.name, v.version, value, signal),
    })),
    section('Aliases', { dataset: { testid: 'version-aliases' } },
      aliasesEditor({ model: v.name, aliases: (v.aliases || []).map((alias) => ({ alias, version: v.version })), version: v.version })));

  const runBox = section('Source run', { dataset: { testid: 'version-run' } });
  const signatureBox = section('Signature', { dataset: { testid: 'version-signature' } });
  const exampleBox = section('Input example', { dataset: { testid: 'version-input-example' } });
  const tryBox = section('Try it', { dataset: { testid: 'version-try' } });
  const filesBox = section('Files', { dataset: { testid: 'version-files' } });
  const imagesBox = section('Images', { dataset: { testid: 'version-images' } });
  main.append(runBox, signatureBox, exampleBox, tryBox, imagesBox, filesBox,
    section('Tags', null, kvTable({ dataset: { testid: 'version-tags' } }, (v.tags || []).map((t) => [t.key, t.value]), { empty: 'No tags.' })));

  const top = await files.list('', signal).then((l) => l.files || [], (e) => {
    if (e.name === 'AbortError') throw e;
    return [];
  });
  const has = (path) => top.some((f) => !f.is_dir && f.path === path);
  const example = has('input_example.json') ? files.text('input_example.json', signal) : null;
  const servingExample = has('serving_input_example.json') ? files.text('serving_input_example.json', signal) : null;
  await Promise.all([
    renderRun(runBox, v.run_id, signal),
    renderSignature(signatureBox, has('MLmodel') ? files.text('MLmodel', signal) : null),
    renderExample(exampleBox, example),
    requestBody(servingExample, example).then((body) => tryIt(tryBox, { body, modelUri: `models:/${v.name}/${v.version}` })),
    artifactBrowser(filesBox, files, signal, { label: 'Files' }),
    renderImages(imagesBox, v, signal),
  ]);
}

/** The images built from this version (their labels name it), with the line that runs each. */
async function renderImages(box, v, signal) {
  let images;
  try {
    images = (await listImages(signal)).filter((i) => {
      const p = provenance(i);
      return p.model === v.name && String(p.version) === String(v.version);
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    box.append(errorBox(e));
    return;
  }
  if (!images.length) {
    box.append(h('p', { class: 'muted' }, 'No image yet. Build one: ',
      h('code', null, `galley build models:/${v.name}/${v.version} -t ${v.name.toLowerCase()}:${v.version}`)));
    return;
  }
  const t = table({ class: 'grid' }, ['Image', 'Digest', 'Size', 'Created', 'Run it']);
  for (const i of images) {
    const ref = `${location.host}/${i.repo}:${i.tag}`;
    const run = i.artifactType === MODELPACK ? `skopeo inspect --raw docker://${ref}` : `docker run --rm --network host ${ref}`;
    t.tBodies[0].append(h('tr', { dataset: { testid: 'version-image-row', repository: i.repo, tag: i.tag } },
      h('td', { class: 'mono' }, `${i.repo}:${i.tag}`, i.artifactType === MODELPACK ? h('span', { class: 'muted' }, ' (ModelPack)') : ''),
      h('td', { class: 'mono', title: i.digest }, shortDigest(i.digest)),
      h('td', { class: 'num', title: `${i.size} bytes` }, formatBytes(i.size)),
      h('td', null, i.created ? time(Date.parse(i.created)) : ''),
      h('td', null, h('code', { class: 'copy', dataset: { testid: 'version-image-command' } }, run))));
  }
  box.append(h('div', { class: 'table-wrap' }, t));
}

async function renderRun(box, runId, signal) {
  if (!runId) {
    box.append(h('p', { class: 'muted' }, 'This version was not registered from a run.'));
    return;
  }
  let run;
  try {
    ({ run } = await getRun(runId, signal));
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    box.append(h('p', { class: 'mono' }, runId), errorBox(e));
    return;
  }
  const metrics = [...(run.data.metrics || [])].sort((a, b) => a.key.localeCompare(b.key)).slice(0, KEY_METRICS);
  box.append(
    h('p', { class: 'big' }, h('a', { href: `/runs/${encodeURIComponent(runId)}`, dataset: { testid: 'version-run-link' } }, run.info.run_name || runId),
      ' ', h('span', { class: 'muted mono' }, runId.slice(0, 12))),
    metrics.length ? kvTable({ dataset: { testid: 'version-run-metrics' } }, metrics.map((m) => [m.key, num(m.value)]), { keyHeader: 'Metric', valueHeader: 'Last value' })
      : h('p', { class: 'muted' }, 'The run logged no metrics.'));
}

async function renderSignature(box, text) {
  const signature = text ? parseSignature(await text.catch(() => '')) : null;
  if (!signature) {
    box.append(h('p', { class: 'muted' }, 'No signature was logged with this model.'));
    return;
  }
  for (const [label, columns, testid] of [['Inputs', signature.inputs, 'signature-inputs'], ['Outputs', signature.outputs, 'signature-outputs']]) {
    box.append(h('h3', null, label));
    if (!columns || !columns.length) {
      box.append(h('p', { class: 'muted' }, 'Not specified.'));
      continue;
    }
    const t = table({ class: 'grid', dataset: { testid } }, ['Name', 'Type', 'Required']);
    for (const c of columns) {
      const tensor = c['tensor-spec'];
      t.tBodies[0].append(h('tr', null,
        h('td', null, c.name ?? h('span', { class: 'muted' }, '(unnamed)')),
        h('td', { class: 'mono' }, tensor ? `tensor ${tensor.dtype} ${JSON.stringify(tensor.shape)}` : String(c.type ?? '')),
        h('td', null, c.required === false ? 'no' : 'yes')));
    }
    box.append(t);
  }
}

/**
 * The body to start the try-it box with: MLflow's serving_input_example.json when the model has it
 * (already the body /invocations takes), else the input example wrapped as one, else nothing.
 */
async function requestBody(servingText, exampleText) {
  const text = await (servingText || Promise.resolve(null)).catch(() => null);
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null; // a damaged file: fall back to the input example
  }
  if (body === null) {
    let example = null;
    try {
      example = exampleText ? JSON.parse(await exampleText) : null;
    } catch {
      return null;
    }
    if (example === null) return null;
    body = isSplit(example) ? { dataframe_split: example } : { inputs: example };
  }
  return formatBody(body);
}

const isSplit = (x) => x && Array.isArray(x.columns) && Array.isArray(x.data);

/** JSON with one line per row of a data frame, so a few rows fit the box. */
function formatBody(body) {
  const split = body.dataframe_split;
  if (Object.keys(body).length !== 1 || !isSplit(split) || Object.keys(split).some((k) => k !== 'columns' && k !== 'data')) {
    return JSON.stringify(body, null, 2);
  }
  const rows = split.data.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
  return `{"dataframe_split": {\n  "columns": ${JSON.stringify(split.columns)},\n  "data": [\n${rows}\n  ]\n}}`;
}

async function renderExample(box, text) {
  let example = null;
  try {
    example = text ? JSON.parse(await text) : null;
  } catch {
    example = null;
  }
  if (example === null) {
    box.append(h('p', { class: 'muted' }, 'No input example was logged with this model.'));
    return;
  }
  // MLflow saves a data frame in the "split" orientation: {columns, data}.
  if (isSplit(example)) {
    const t = table({ class: 'grid', dataset: { testid: 'input-example' } }, example.columns.map(String));
    for (const row of example.data) t.tBodies[0].append(h('tr', null, [row].flat().map((x) => h('td', null, typeof x === 'object' ? JSON.stringify(x) : String(x)))));
    box.append(h('div', { class: 'table-wrap' }, t));
    return;
  }
  box.append(h('pre', { class: 'code', dataset: { testid: 'input-example' } }, JSON.stringify(example, null, 2)));
}
