// "/images": the images in Galley's registry (/v2/), one row per repository:tag, each linked to the
// model version and run it was built from when its labels name them.
import { h, errorBox, formatBytes, section, shortDigest, table, time } from '../dom.js';
import { MODELPACK, listImages, provenance } from '../imagelist.js';
import { versionHref } from './version.js';

export const title = 'Images';

export async function render({ main, signal }) {
  const errors = [];
  const images = await listImages(signal, errors);
  main.append(h('div', { class: 'page-head' }, h('h1', null, 'Images')), ...errors.map(errorBox));
  const t = table({ class: 'grid', dataset: { testid: 'images' } }, ['Image', 'Digest', 'Size', 'Created', 'Built from', 'Labels']);
  for (const d of images) {
    t.tBodies[0].append(h('tr', { dataset: { testid: 'image-row', repository: d.repo, tag: d.tag } },
      h('td', { class: 'mono' }, `${d.repo}:${d.tag}`, d.artifactType === MODELPACK ? h('span', { class: 'muted' }, ' (ModelPack)') : ''),
      h('td', { class: 'mono', title: d.digest }, shortDigest(d.digest)),
      h('td', { class: 'num', title: d.size === undefined ? '' : `${d.size} bytes` }, d.error ? '' : formatBytes(d.size)),
      h('td', null, d.created ? time(Date.parse(d.created)) : ''),
      h('td', null, builtFrom(d)),
      h('td', { class: 'wrap' }, d.error ? h('span', { class: 'error-text' }, d.error)
        : h('ul', { class: 'pairs' }, Object.entries(d.labels || {}).map(([k, v]) => h('li', null, h('span', { class: 'k' }, k), '=', h('span', { class: 'v' }, v)))))));
  }
  main.append(section('Repositories', null, images.length ? h('div', { class: 'table-wrap' }, t)
    : h('p', { class: 'empty' }, 'No images yet. Build one with galley build, or push one with docker, podman or skopeo to this server’s /v2/ registry.')));
  main.append(section('Containers', { dataset: { testid: 'containers' } }, h('p', { class: 'muted' }, 'No container runtime yet.')));
}

function builtFrom(image) {
  const { model, version, runId } = provenance(image);
  if (!model || !version) return '';
  return h('span', null,
    h('a', { href: versionHref(model, version), dataset: { testid: 'image-version-link' } }, `${model} v${version}`),
    runId ? [' · ', h('a', { href: `/runs/${encodeURIComponent(runId)}`, class: 'mono', dataset: { testid: 'image-run-link' } }, runId.slice(0, 12))] : '');
}
