// "/experiments/ID/leaderboard?metric=KEY&agg=last|min|max&order=asc": best and worst run side by
// side with what made them (params, libraries, git commit, data digest), then the ranking.
import { h, num, section, table, tagMap, runName } from '../dom.js';
import { getExperiment, leaderboard, searchRuns } from '../api.js';

export const title = 'Leaderboard';

const LIB_PREFIX = 'galley.env.lib.';

export async function render({ main, params, query, signal, navigate }) {
  const [experimentId] = params;
  const [{ experiment }, sample] = await Promise.all([
    getExperiment(experimentId, signal),
    searchRuns({ experimentIds: [experimentId], maxResults: 200 }, signal),
  ]);
  document.title = `Leaderboard · ${experiment.name} · Galley`;
  const metricKeys = [...new Set((sample.runs || []).flatMap((r) => (r.data.metrics || []).map((m) => m.key)))].sort();
  let metric = query.get('metric') || '';
  if (!metric) metric = metricKeys.includes('accuracy') ? 'accuracy' : metricKeys[0] || '';
  if (metric && !metricKeys.includes(metric)) metricKeys.push(metric);
  const agg = ['last', 'min', 'max'].includes(query.get('agg')) ? query.get('agg') : 'last';
  const asc = query.get('order') === 'asc';

  const go = (changes) => {
    const next = new URLSearchParams({ metric, agg, ...(asc ? { order: 'asc' } : {}) });
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    navigate(`/experiments/${encodeURIComponent(experimentId)}/leaderboard?${next}`, { replace: true });
  };
  const metricSelect = h('select', { id: 'lb-metric', dataset: { testid: 'leaderboard-metric' } },
    metricKeys.map((k) => h('option', { value: k, selected: k === metric }, k)));
  const aggSelect = h('select', { id: 'lb-agg', dataset: { testid: 'leaderboard-agg' } },
    [['last', 'last value'], ['min', 'lowest value'], ['max', 'highest value']]
      .map(([v, label]) => h('option', { value: v, selected: v === agg }, label)));
  const orderSelect = h('select', { id: 'lb-order', dataset: { testid: 'leaderboard-order' } },
    h('option', { value: 'desc', selected: !asc }, 'higher is better'),
    h('option', { value: 'asc', selected: asc }, 'lower is better'));
  metricSelect.addEventListener('change', () => go({ metric: metricSelect.value }));
  aggSelect.addEventListener('change', () => go({ agg: aggSelect.value }));
  orderSelect.addEventListener('change', () => go({ order: orderSelect.value === 'asc' ? 'asc' : null }));

  main.append(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('a', { href: '/experiments' }, 'Experiments'), ' / ',
      h('a', { href: `/experiments/${encodeURIComponent(experimentId)}` }, experiment.name), ' / ',
      h('span', null, 'Leaderboard')),
    h('div', { class: 'page-head' }, h('h1', null, `Leaderboard: ${experiment.name}`)),
    h('div', { class: 'toolbar' },
      h('label', { for: 'lb-metric' }, 'Metric'), metricSelect,
      h('label', { for: 'lb-agg' }, 'Rank by'), aggSelect,
      h('label', { for: 'lb-order' }, 'Order'), orderSelect));

  if (!metric) {
    main.append(h('p', { class: 'muted' }, 'No run in this experiment has logged a metric yet.'));
    return;
  }
  const order = asc ? 'asc' : 'desc';
  const reverse = asc ? 'desc' : 'asc';
  const [ranked, worst] = await Promise.all([
    leaderboard({ experimentId, metric, agg, order, n: 100 }, signal),
    leaderboard({ experimentId, metric, agg, order: reverse, n: 1 }, signal),
  ]);
  const entries = ranked.entries || [];
  if (!entries.length) {
    main.append(h('p', { class: 'muted' }, `No run has logged ${metric}.`));
    return;
  }
  main.append(h('div', { class: 'cards' },
    card('Best', 'leaderboard-best', entries[0], agg),
    card('Worst', 'leaderboard-worst', (worst.entries || [])[0] || entries[entries.length - 1], agg)));

  const t = table({ class: 'grid' }, ['Rank', 'Run', `${metric} (${agg})`, 'Params', 'Git commit']);
  for (const e of entries) {
    const tags = tagMap(e.run.data.tags);
    t.tBodies[0].append(h('tr', { dataset: { testid: 'leaderboard-row', runId: e.run.info.run_id } },
      h('td', { class: 'num' }, String(e.rank)),
      h('td', null, h('a', { href: `/runs/${encodeURIComponent(e.run.info.run_id)}` }, runName(e.run))),
      h('td', { class: 'num' }, num(value(e, agg))),
      h('td', { class: 'wrap' }, (e.run.data.params || []).map((p) => `${p.key}=${p.value}`).join(', ')),
      h('td', { class: 'mono' }, (tags.get('mlflow.source.git.commit') || '').slice(0, 10))));
  }
  main.append(section('Ranking', { dataset: { testid: 'leaderboard-rows' } }, h('div', { class: 'table-wrap' }, t)));
}

function value(entry, agg) {
  const m = entry.metric || {};
  return (m[agg] || m.last || {}).value;
}

function card(label, testid, entry, agg) {
  const run = entry.run;
  const tags = tagMap(run.data.tags);
  const libs = [...tags].filter(([k]) => k.startsWith(LIB_PREFIX))
    .map(([k, v]) => [k.slice(LIB_PREFIX.length), v]).sort(([a], [b]) => a.localeCompare(b));
  const commit = tags.get('mlflow.source.git.commit') || '';
  const digests = ((run.inputs && run.inputs.dataset_inputs) || []).map((input) => {
    const content = tagMap(input.tags).get('galley.dataset.content_digest');
    const d = input.dataset || {};
    return `${d.name || 'dataset'}: ${content || d.digest || '?'}`;
  });
  return h('section', { class: `card board-card ${testid}`, dataset: { testid } },
    h('h2', null, label),
    h('p', { class: 'big' },
      h('a', { href: `/runs/${encodeURIComponent(run.info.run_id)}`, dataset: { testid: 'run-name' } }, runName(run)),
      ' ', h('span', { class: 'metric' }, num(value(entry, agg), { dataset: { testid: 'metric-value' } }))),
    h('h3', null, 'Parameters'),
    h('ul', { class: 'pairs', dataset: { testid: 'params' } },
      (run.data.params || []).map((p) => h('li', { dataset: { key: p.key } }, h('span', { class: 'k' }, p.key), ' ', h('span', { class: 'v' }, p.value)))),
    h('h3', null, 'Libraries'),
    h('ul', { class: 'pairs scroll', dataset: { testid: 'libraries' } },
      libs.length ? libs.map(([k, v]) => h('li', null, h('span', { class: 'k' }, k), ' ', h('span', { class: 'v' }, v)))
        : h('li', { class: 'muted' }, 'not captured')),
    h('h3', null, 'Git commit'),
    h('p', { class: 'mono', dataset: { testid: 'git-commit' }, title: commit }, commit || 'unknown'),
    h('h3', null, 'Data'),
    h('p', { class: 'mono wrap', dataset: { testid: 'data-digest' } }, digests.length ? digests.join('\n') : 'unknown'));
}
