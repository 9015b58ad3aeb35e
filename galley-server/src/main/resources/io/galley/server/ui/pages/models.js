// "/models": the model registry.
import { h, table, time } from '../dom.js';
import { searchRegisteredModels } from '../api.js';

export const title = 'Models';

export async function render({ main, signal }) {
  const { registered_models: models = [] } = await searchRegisteredModels(signal);
  main.append(h('div', { class: 'page-head' }, h('h1', null, 'Models')));
  if (!models.length) {
    main.append(h('p', { class: 'empty', dataset: { testid: 'models' } }, 'No registered models yet.'));
    return;
  }
  const t = table({ class: 'grid', dataset: { testid: 'models' } }, ['Name', 'Latest version', 'Aliases', 'Updated', 'Description']);
  for (const m of models) {
    const latest = (m.latest_versions || []).reduce((a, v) => Math.max(a, Number(v.version) || 0), 0);
    t.tBodies[0].append(h('tr', { dataset: { testid: 'model-row', name: m.name } },
      h('td', null, h('a', { href: `/models/${encodeURIComponent(m.name)}` }, m.name)),
      h('td', { class: 'num' }, latest ? String(latest) : '—'),
      h('td', null, (m.aliases || []).map((a) => `${a.alias} → v${a.version}`).join(', ')),
      h('td', null, time(m.last_updated_timestamp)),
      h('td', { class: 'wrap' }, m.description || '')));
  }
  main.append(h('div', { class: 'table-wrap' }, t));
}
