// "/models/NAME": a registered model's versions with their source runs, aliases and tags; the
// description and the aliases are editable.
import { h, kvTable, section, table, time } from '../dom.js';
import { getRegisteredModel, quote, searchModelVersions, updateRegisteredModel } from '../api.js';
import { inlineText } from '../edit.js';
import { aliasesEditor } from './aliases.js';
import { versionHref } from './version.js';

export const title = 'Model';

export async function render({ main, params, signal }) {
  const [name] = params;
  const [{ registered_model: model }, { model_versions: versions = [] }] = await Promise.all([
    getRegisteredModel(name, signal),
    searchModelVersions(`name = ${quote(name)}`, signal),
  ]);
  document.title = `${model.name} · Galley`;
  const aliases = model.aliases || [];
  main.append(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '/models' }, 'Models'), ' / ', h('span', null, model.name)),
    h('div', { class: 'page-head' }, h('h1', null, model.name)),
    // A model without a description shows "No description.", never the text "null".
    inlineText({
      label: 'Description', value: model.description || '', testid: 'model-description', multiline: true,
      empty: 'No description.', viewTag: 'div',
      save: (value) => updateRegisteredModel(model.name, value, signal),
    }),
    section('Aliases', { dataset: { testid: 'model-aliases' } }, aliasesEditor({
      model: model.name, aliases,
      versions: [...versions].map((v) => Number(v.version)).sort((a, b) => b - a),
    })),
    section('Tags', null, kvTable({ dataset: { testid: 'model-tags' } }, (model.tags || []).map((t) => [t.key, t.value]), { empty: 'No tags.' })));

  const sorted = [...versions].sort((a, b) => Number(b.version) - Number(a.version));
  const t = table({ class: 'grid', dataset: { testid: 'versions' } }, ['Version', 'Status', 'Stage', 'Aliases', 'Source run', 'Created', 'Tags']);
  for (const v of sorted) {
    t.tBodies[0].append(h('tr', { dataset: { testid: 'version-row', version: String(v.version) } },
      h('td', { class: 'num' }, h('a', { href: versionHref(model.name, v.version), dataset: { testid: 'version-link' } }, String(v.version))),
      h('td', null, h('span', { class: `status status-${String(v.status).toLowerCase()}` }, v.status || '')),
      h('td', null, v.current_stage || ''),
      h('td', { dataset: { testid: 'aliases' } }, (v.aliases || []).map((a) => `@${a}`).join(', ')),
      h('td', { class: 'mono' }, v.run_id ? h('a', { href: `/runs/${encodeURIComponent(v.run_id)}` }, v.run_id.slice(0, 12)) : (v.source || '')),
      h('td', null, time(v.creation_timestamp)),
      h('td', { class: 'wrap', dataset: { testid: 'version-tags' } }, (v.tags || []).map((x) => `${x.key}=${x.value}`).join(', '))));
  }
  main.append(section('Versions', null, versions.length ? h('div', { class: 'table-wrap' }, t) : h('p', { class: 'muted' }, 'No versions yet.')));
}
