// The one client of Galley's HTTP APIs. Every call returns parsed JSON or throws an ApiError
// carrying the server's message; an AbortSignal cancels calls of a page the user has left.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return '';
}

// Every request says it comes from the UI (a 401 then carries no Basic challenge, which would
// open the browser's own dialog); a change carries the session's CSRF token as well.
export function uiHeaders(method = 'GET') {
  const headers = { 'X-Galley-UI': '1' };
  const csrf = method === 'GET' || method === 'HEAD' ? '' : cookie('galley_csrf');
  if (csrf) headers['X-Galley-CSRF'] = csrf;
  return headers;
}

async function request(method, path, { params, body, signal, headers } = {}) {
  const init = {
    method, signal, headers: { Accept: 'application/json', ...uiHeaders(method), ...(headers || {}) },
  };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path + query(params), init);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = null;
  }
  if (!response.ok) {
    const ociError = json && Array.isArray(json.errors) && json.errors[0];
    const message = (json && json.message) || (ociError && ociError.message) || text ||
      `${response.status} ${response.statusText}`;
    const code = (json && json.error_code) || (ociError && ociError.code) || String(response.status);
    throw new ApiError(response.status, code, message);
  }
  if (json === null) throw new ApiError(response.status, 'BAD_RESPONSE', `Not JSON from ${path}`);
  return { json, response };
}

const get = async (path, params, signal) => (await request('GET', path, { params, signal })).json;
const post = async (path, body, signal) => (await request('POST', path, { body, signal })).json;
const patch = async (path, body, signal) => (await request('PATCH', path, { body, signal })).json;
const del = async (path, body, signal) => (await request('DELETE', path, { body, signal })).json;

const MLFLOW = '/api/2.0/mlflow';
const SESSION = '/api/2.0/galley/session';

/** Who is signed in: {access_control, user: {username, is_admin}}; a 401 when nobody is. */
export function session(signal) {
  return get(SESSION, undefined, signal);
}

export function login(username, password) {
  return post(`${SESSION}/login`, { username, password });
}

export function logout() {
  return post(`${SESSION}/logout`, {});
}

export function searchExperiments({ filter, maxResults = 1000, pageToken }, signal) {
  return post(`${MLFLOW}/experiments/search`, {
    filter: filter || undefined,
    max_results: maxResults,
    page_token: pageToken || undefined,
    order_by: ['name ASC'],
  }, signal);
}

export function getExperiment(id, signal) {
  return get(`${MLFLOW}/experiments/get`, { experiment_id: id }, signal);
}

export function experimentSummaries(ids, signal) {
  return get('/api/2.0/galley/experiments/summary', { experiment_ids: ids.join(',') }, signal);
}

export function experimentKeys(id, signal) {
  return get('/api/2.0/galley/experiments/keys', { experiment_id: id }, signal);
}

/** orderBy is one clause or a list of them; runViewType is MLflow's ACTIVE_ONLY (default), DELETED_ONLY or ALL. */
export function searchRuns({ experimentIds, filter, orderBy, maxResults = 200, pageToken, runViewType }, signal) {
  return post(`${MLFLOW}/runs/search`, {
    experiment_ids: experimentIds,
    filter: filter || undefined,
    order_by: orderBy ? [orderBy].flat() : undefined,
    max_results: maxResults,
    page_token: pageToken || undefined,
    run_view_type: runViewType || undefined,
  }, signal);
}

export function getRun(runId, signal) {
  return get(`${MLFLOW}/runs/get`, { run_id: runId }, signal);
}

/** Every point of a metric, following page tokens. */
export async function metricHistory(runId, key, signal) {
  const points = [];
  let token;
  do {
    const page = await get(`${MLFLOW}/metrics/get-history`,
      { run_id: runId, metric_key: key, max_results: 25000, page_token: token }, signal);
    points.push(...(page.metrics || []));
    token = page.next_page_token;
  } while (token);
  return points;
}

export function listArtifacts(runId, path, signal) {
  return get(`${MLFLOW}/artifacts/list`, { run_id: runId, path: path || undefined }, signal);
}

export function artifactUrl(runId, path) {
  return `/get-artifact${query({ run_uuid: runId, path })}`;
}

export async function artifactText(runId, path, signal) {
  const response = await fetch(artifactUrl(runId, path), { signal, headers: uiHeaders() });
  if (!response.ok) {
    throw new ApiError(response.status, String(response.status),
      `Could not load ${path}: ${response.status} ${response.statusText}`);
  }
  return response.text();
}

export function searchRegisteredModels(signal) {
  return get(`${MLFLOW}/registered-models/search`, { max_results: 1000 }, signal);
}

export function getRegisteredModel(name, signal) {
  return get(`${MLFLOW}/registered-models/get`, { name }, signal);
}

export function searchModelVersions(filter, signal) {
  return get(`${MLFLOW}/model-versions/search`, { filter, max_results: 10000 }, signal);
}

export function getModelVersion(name, version, signal) {
  return get(`${MLFLOW}/model-versions/get`, { name, version }, signal);
}

// A version's own files live under the artifact proxy at models/NAME/versions/N/.
const PROXY = '/api/2.0/mlflow-artifacts/artifacts';
const versionRoot = (name, version) => `models/${name}/versions/${version}`;
const encodePath = (path) => path.split('/').map(encodeURIComponent).join('/');

export function listVersionFiles(name, version, path, signal) {
  const root = versionRoot(name, version);
  return get(PROXY, { path: path ? `${root}/${path}` : root }, signal);
}

export function versionFileUrl(name, version, path) {
  return `${PROXY}/${encodePath(`${versionRoot(name, version)}/${path}`)}`;
}

export async function versionFileText(name, version, path, signal) {
  const response = await fetch(versionFileUrl(name, version, path), { signal, headers: uiHeaders() });
  if (!response.ok) {
    throw new ApiError(response.status, String(response.status),
      `Could not load ${path}: ${response.status} ${response.statusText}`);
  }
  return response.text();
}

/** from: 'top' (default) or 'bottom', the same ranking read from its last row up. */
export function leaderboard({ experimentId, metric, agg, order, n, filter, from }, signal) {
  return get('/api/2.0/galley/leaderboard',
    { experiment_id: experimentId, metric, agg, order, n, filter, from }, signal);
}

// ---- edits, through MLflow's own endpoints -------------------------------------------------

/** The tag MLflow's UI keeps a run's or an experiment's description in. */
export const NOTE_TAG = 'mlflow.note.content';

export const updateRun = (runId, changes, signal) => post(`${MLFLOW}/runs/update`, { run_id: runId, ...changes }, signal);
export const setRunTag = (runId, key, value, signal) => post(`${MLFLOW}/runs/set-tag`, { run_id: runId, key, value }, signal);
export const deleteRunTag = (runId, key, signal) => post(`${MLFLOW}/runs/delete-tag`, { run_id: runId, key }, signal);
export const deleteRun = (runId, signal) => post(`${MLFLOW}/runs/delete`, { run_id: runId }, signal);
export const restoreRun = (runId, signal) => post(`${MLFLOW}/runs/restore`, { run_id: runId }, signal);
export const setExperimentTag = (experimentId, key, value, signal) =>
  post(`${MLFLOW}/experiments/set-experiment-tag`, { experiment_id: experimentId, key, value }, signal);
export const updateRegisteredModel = (name, description, signal) =>
  patch(`${MLFLOW}/registered-models/update`, { name, description }, signal);
export const updateModelVersion = (name, version, description, signal) =>
  patch(`${MLFLOW}/model-versions/update`, { name, version: String(version), description }, signal);
export const setAlias = (name, alias, version, signal) =>
  post(`${MLFLOW}/registered-models/alias`, { name, alias, version: String(version) }, signal);
export const deleteAlias = (name, alias, signal) => del(`${MLFLOW}/registered-models/alias`, { name, alias }, signal);
export const transitionStage = (name, version, stage, signal) =>
  post(`${MLFLOW}/model-versions/transition-stage`,
    { name, version: String(version), stage, archive_existing_versions: false }, signal);

// ---- the image registry (/v2/) ------------------------------------------------------------

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

export function catalog(signal) {
  return get('/v2/_catalog', { n: 1000 }, signal);
}

export function imageTags(name, signal) {
  return get(`/v2/${name}/tags/list`, { n: 1000 }, signal);
}

/** A manifest by tag or digest, with the digest the registry reports. */
export async function manifest(name, reference, signal) {
  const { json, response } = await request('GET', `/v2/${name}/manifests/${reference}`,
    { signal, headers: { Accept: MANIFEST_TYPES } });
  return { manifest: json, digest: response.headers.get('Docker-Content-Digest') || '' };
}

export function blobJson(name, digest, signal) {
  return get(`/v2/${name}/blobs/${digest}`, undefined, signal);
}

/** An MLflow filter string literal for any text. */
export function quote(text) {
  if (!text.includes("'")) return `'${text}'`;
  if (!text.includes('"')) return `"${text}"`;
  return `'${text.replaceAll("'", '')}'`;
}
