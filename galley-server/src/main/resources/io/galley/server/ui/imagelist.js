// The images in Galley's registry (/v2/), read as any registry client reads them: one entry per
// repository:tag, with what its manifest and config say (size, created, labels, the model version
// and run it was built from). Both the images page and a model version's page list them.
import { blobJson, catalog, imageTags, manifest } from './api.js';

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
export const MODELPACK = 'application/vnd.cncf.model.manifest.v1+json';

/** Every repository:tag; `errors` collects what could not be listed (shown, not thrown). */
export async function listImages(signal, errors = []) {
  const { repositories = [] } = await catalog(signal);
  const rows = [];
  for (const repo of repositories) {
    try {
      rows.push(...((await imageTags(repo, signal)).tags || []).map((tag) => ({ repo, tag })));
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      errors.push(e);
    }
  }
  const details = await Promise.all(rows.map(({ repo, tag }) => describe(repo, tag, signal)));
  return rows.map((r, i) => ({ ...r, ...details[i] }));
}

/** The model version and run an image names in its labels (or an artifact in its annotations). */
export function provenance(image) {
  const l = image.labels || {};
  return { model: l['io.galley.model'], version: l['io.galley.model.version'], runId: l['io.galley.run-id'] };
}

async function describe(repo, tag, signal) {
  try {
    let { manifest: m, digest } = await manifest(repo, tag, signal);
    if (INDEX_TYPES.has(m.mediaType) || Array.isArray(m.manifests)) {
      const first = (m.manifests || [])[0];
      if (!first) return { digest, size: 0 };
      m = (await manifest(repo, first.digest, signal)).manifest;
    }
    const size = (m.config ? Number(m.config.size) || 0 : 0) +
      (m.layers || []).reduce((s, l) => s + (Number(l.size) || 0), 0);
    const artifactType = m.artifactType || '';
    if (artifactType) {
      // An artifact's config is no image config: its provenance is in the manifest's annotations.
      const a = m.annotations || {};
      return { digest, size, labels: a, created: a['org.opencontainers.image.created'], artifactType };
    }
    let labels = {};
    let created;
    if (m.config && m.config.digest && /json/.test(m.config.mediaType || 'json')) {
      try {
        const config = await blobJson(repo, m.config.digest, signal);
        labels = (config.config && config.config.Labels) || {};
        created = config.created;
      } catch (e) {
        if (e.name === 'AbortError') throw e;
      }
    }
    return { digest, size, labels, created, artifactType };
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    return { digest: '', error: e.message };
  }
}
