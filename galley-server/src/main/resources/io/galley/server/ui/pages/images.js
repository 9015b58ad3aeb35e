// "/images": the images in Galley's registry (/v2/), one row per repository:tag.
import { h, errorBox, formatBytes, section, shortDigest, table, time } from '../dom.js';
import { blobJson, catalog, imageTags, manifest } from '../api.js';

export const title = 'Images';

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

export async function render({ main, signal }) {
  const { repositories = [] } = await catalog(signal);
  main.append(h('div', { class: 'page-head' }, h('h1', null, 'Images')));
  const t = table({ class: 'grid', dataset: { testid: 'images' } }, ['Image', 'Digest', 'Size', 'Created', 'Labels']);
  const rows = [];
  for (const repo of repositories) {
    let tags = [];
    try {
      tags = (await imageTags(repo, signal)).tags || [];
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      main.append(errorBox(e));
    }
    rows.push(...tags.map((tag) => ({ repo, tag })));
  }
  const details = await Promise.all(rows.map(({ repo, tag }) => describe(repo, tag, signal)));
  rows.forEach(({ repo, tag }, i) => {
    const d = details[i];
    t.tBodies[0].append(h('tr', { dataset: { testid: 'image-row', repository: repo, tag } },
      h('td', { class: 'mono' }, `${repo}:${tag}`),
      h('td', { class: 'mono', title: d.digest }, shortDigest(d.digest)),
      h('td', { class: 'num', title: d.size === undefined ? '' : `${d.size} bytes` }, d.error ? '' : formatBytes(d.size)),
      h('td', null, d.created ? time(Date.parse(d.created)) : ''),
      h('td', { class: 'wrap' }, d.error ? h('span', { class: 'error-text' }, d.error)
        : h('ul', { class: 'pairs' }, Object.entries(d.labels || {}).map(([k, v]) => h('li', null, h('span', { class: 'k' }, k), '=', h('span', { class: 'v' }, v)))))));
  });
  main.append(section('Repositories', null, rows.length ? h('div', { class: 'table-wrap' }, t)
    : h('p', { class: 'empty' }, 'No images yet. Push one with docker, podman or skopeo to this server’s /v2/ registry.')));
  main.append(section('Containers', { dataset: { testid: 'containers' } }, h('p', { class: 'muted' }, 'No container runtime yet.')));
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
    return { digest, size, labels, created };
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    return { digest: '', error: e.message };
  }
}
