// "/experiments/ID/leaderboard?metric=KEY&agg=last|min|max&order=asc": best and worst run side by
// side with what made them (params, libraries — those that differ between the two first — git
// commit, data digest), then the ranking, where runs tied on the ranked value share a rank ("=1",
// as the CLI and a sports table write it).
import { h, num, section, table, tagMap, runName } from '../dom.js';
import { getExperiment, leaderboard, searchRuns } from '../api.js';
import { librariesOf } from '../libraries.js';

export const title = 'Leaderboard';

// Rows of the ranking shown; the worst run's ties are counted among as many from its bottom.
const RANKED = 100;
const TAIL = 100;

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
  // from=bottom reads the same ranking from its last row up (ties included): its first row is the
  // ranking's last, the worst run.
  const [ranked, tail] = await Promise.all([
    leaderboard({ experimentId, metric, agg, order, n: RANKED }, signal),
    leaderboard({ experimentId, metric, agg, order, n: TAIL, from: 'bottom' }, signal),
  ]);
  const entries = ranked.entries || [];
  if (!entries.length) {
    main.append(h('p', { class: 'muted' }, `No run has logged ${metric}.`));
    return;
  }
  // When the ranking is complete, its last row is the worst; else the bottom's first row.
  const complete = entries.length < RANKED;
  const tailEntries = complete ? [...entries].reverse() : tail.entries || [];
  const best = entries[0];
  const worst = tailEntries[0] || entries[entries.length - 1];
  // One run is both best and worst: there is nothing to tell its libraries apart from.
  const alone = best.run.info.run_id === worst.run.info.run_id;
  const bestLibs = librariesOf(best.run.data.tags);
  const worstLibs = alone ? new Map() : librariesOf(worst.run.data.tags);
  main.append(h('div', { class: 'cards' },
    card('Best', 'leaderboard-best', best, agg, tiedWith(best, entries, agg), bestLibs, worstLibs),
    card('Worst', 'leaderboard-worst', worst, agg, tiedWith(worst, tailEntries.length ? tailEntries : entries, agg),
      alone ? bestLibs : worstLibs, alone ? new Map() : bestLibs)));

  const t = table({ class: 'grid' }, ['Rank', 'Run', `${metric} (${agg})`, 'Params', 'Git commit']);
  const groups = tieGroups(entries, agg);
  for (const e of entries) {
    const tags = tagMap(e.run.data.tags);
    const group = groups.get(e);
    const tied = group.filter((x) => x !== e);
    t.tBodies[0].append(h('tr', { dataset: { testid: 'leaderboard-row', runId: e.run.info.run_id } },
      h('td', {
        class: 'num', dataset: { testid: 'rank', tied: tied.length ? 'true' : 'false' },
        title: tied.length ? `tied with ${nameList(tied)}` : undefined,
      }, tied.length ? `=${group[0].rank}` : String(e.rank)),
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

// Values compare as the API writes them; NaN is not ranked, so it ties with nothing (as in the CLI).
const sameValue = (a, b, agg) => {
  const v = String(value(a, agg));
  return v !== 'NaN' && v === String(value(b, agg));
};

/** Each entry → the run of consecutive entries (itself included) with the same ranked value. */
function tieGroups(entries, agg) {
  const groups = new Map();
  let group = [];
  for (const e of entries) {
    if (group.length && !sameValue(group[0], e, agg)) group = [];
    group.push(e);
    groups.set(e, group);
  }
  return groups;
}

/** "knn-k3, knn-k7", or the first ten names and how many more. */
function nameList(entries) {
  const names = entries.slice(0, 10).map((e) => runName(e.run));
  return entries.length > 10 ? `${names.join(', ')} and ${entries.length - 10} more` : names.join(', ');
}

/** The other runs among `entries` with the entry's ranked value. */
function tiedWith(entry, entries, agg) {
  return entries.filter((e) => e.run.info.run_id !== entry.run.info.run_id && sameValue(e, entry, agg));
}

function card(label, testid, entry, agg, tied, mine, theirs) {
  const run = entry.run;
  const tags = tagMap(run.data.tags);
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
    tied.length ? h('p', { class: 'tie', dataset: { testid: 'tie' }, title: nameList(tied) },
      `tied with ${tied.length} other run${tied.length === 1 ? '' : 's'}`) : '',
    h('h3', null, 'Parameters'),
    h('ul', { class: 'pairs', dataset: { testid: 'params' } },
      (run.data.params || []).map((p) => h('li', { dataset: { key: p.key } }, h('span', { class: 'k' }, p.key), ' ', h('span', { class: 'v' }, p.value)))),
    h('h3', null, 'Libraries'),
    cardLibraries(mine, theirs, label === 'Best' ? 'worst' : 'best'),
    h('h3', null, 'Git commit'),
    h('p', { class: 'mono', dataset: { testid: 'git-commit' }, title: commit }, commit || 'unknown'),
    h('h3', null, 'Data'),
    h('p', { class: 'mono wrap', dataset: { testid: 'data-digest' } }, digests.length ? digests.join('\n') : 'unknown'));
}

/** A card's libraries: those that differ from the other card's run first, the rest collapsed. */
function cardLibraries(mine, theirs, other) {
  const box = h('div', { class: 'pairs scroll', dataset: { testid: 'libraries' } });
  if (!mine.size) return h('ul', { class: 'pairs', dataset: { testid: 'libraries' } }, h('li', { class: 'muted' }, 'not captured'));
  const pair = ([k, v]) => h('li', { dataset: { library: k } }, h('span', { class: 'k' }, k), ' ', h('span', { class: 'v' }, v));
  const names = [...new Set([...mine.keys(), ...theirs.keys()])].sort((a, b) => a.localeCompare(b));
  const differing = theirs.size ? names.filter((k) => mine.get(k) !== theirs.get(k)) : [];
  const same = names.filter((k) => !differing.includes(k) && mine.has(k));
  if (differing.length) {
    box.append(h('ul', { class: 'pairs', dataset: { testid: 'libraries-differing' } }, differing.map((k) =>
      h('li', { class: 'differs', dataset: { library: k } }, h('span', { class: 'k' }, k), ' ',
        h('span', { class: 'v' }, mine.has(k) ? mine.get(k) : 'absent'), ' ',
        h('span', { class: 'others' }, `(${other}: ${theirs.has(k) ? theirs.get(k) : 'absent'})`)))));
  } else if (theirs.size) {
    box.append(h('p', { class: 'muted' }, `No library differs from the ${other} run's.`));
  }
  if (same.length) {
    const summary = h('summary', { dataset: { testid: 'libraries-same-summary' } },
      `${same.length} librar${same.length === 1 ? 'y' : 'ies'}${theirs.size ? ` the same in both runs` : ''}`);
    box.append(h('details', { class: 'library-group' }, summary,
      h('ul', { class: 'pairs', dataset: { testid: 'libraries-same' } }, same.map((k) => pair([k, mine.get(k)])))));
  }
  return box;
}
