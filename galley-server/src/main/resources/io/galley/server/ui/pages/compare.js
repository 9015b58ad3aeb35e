// "/compare?runs=A,B": metric charts overlaid (a metric each run logged once: the values), and
// params / environment / metrics side by side, each column titled so that no two read the same.
import { h, clear, num, section, table, tagMap, runName, time } from '../dom.js';
import { getExperiment, getRun, metricHistory } from '../api.js';
import { lineChart, pointValue } from '../chart.js';

export const title = 'Compare runs';

const ENV_KEY = /^(galley\.env\.|mlflow\.source\.)/;

export async function render({ main, query, signal }) {
  const ids = (query.get('runs') || '').split(',').map((s) => s.trim()).filter(Boolean);
  const unique = [...new Set(ids)];
  main.append(h('div', { class: 'page-head' }, h('h1', null, 'Compare runs')));
  if (!unique.length) {
    main.append(h('p', { class: 'muted' }, 'No runs chosen: select runs in an experiment’s table, then “Compare selected”.'));
    return;
  }
  const runs = await Promise.all(unique.map(async (id) => (await getRun(id, signal)).run));
  const names = await columnTitles(runs, signal);
  main.append(h('p', null, 'Runs: ', ...runs.flatMap((r, i) => [i ? ', ' : '',
    h('a', { href: `/runs/${encodeURIComponent(r.info.run_id)}` }, names[i])])));

  const hide = h('input', { type: 'checkbox', id: 'hide-identical', checked: true, dataset: { testid: 'hide-identical' } });
  main.append(h('div', { class: 'toolbar' }, hide, h('label', { for: 'hide-identical' }, 'Hide rows identical across runs')));

  const chartsBox = section('Metrics over steps', { class: 'card' });
  const charts = h('div', { class: 'charts' });
  chartsBox.append(charts);

  const params = runs.map((r) => new Map((r.data.params || []).map((p) => [p.key, p.value])));
  const env = runs.map((r) => new Map([...tagMap(r.data.tags)].filter(([k]) => ENV_KEY.test(k))));
  const metrics = runs.map((r) => new Map((r.data.metrics || []).map((m) => [m.key, m.value])));

  const diffs = [
    diffTable('Parameters', 'params-diff', params, names, (v) => v),
    diffTable('Environment', 'env-diff', env, names, (v) => v),
    diffTable('Metrics (last values)', 'metrics-diff', metrics, names, (v) => num(v)),
  ];
  main.append(...diffs.map((d) => d.box), chartsBox);
  const refresh = () => diffs.forEach((d) => d.fill(hide.checked));
  hide.addEventListener('change', refresh);
  refresh();

  const keys = [...new Set(metrics.flatMap((m) => [...m.keys()]))].sort();
  if (!keys.length) charts.append(h('p', { class: 'muted' }, 'These runs logged no metrics.'));
  for (const key of keys) {
    const histories = await Promise.all(runs.map((r, i) => (metrics[i].has(key) ? metricHistory(r.info.run_id, key, signal) : [])));
    if (histories.every((points) => points.length <= 1)) {
      charts.append(singleValues(key, histories, names));
      continue;
    }
    const steps = [...new Set(histories.flat().map((p) => Number(p.step)))].sort((a, b) => a - b);
    const index = new Map(steps.map((s, i) => [s, i]));
    const series = histories.map((points, i) => {
      const values = new Array(steps.length).fill(null);
      for (const p of points) values[index.get(Number(p.step))] = pointValue(p.value);
      return { label: names[i], values };
    });
    const box = h('figure', { class: 'chart', dataset: { testid: 'compare-chart', metric: key } });
    charts.append(box);
    lineChart(box, { title: key, x: steps, series });
  }
}

function diffTable(title, testid, maps, names, render) {
  const box = section(title, null);
  const t = table({ class: 'grid diff', dataset: { testid } },
    [h('th', { scope: 'col' }, 'Key'), ...names.map((n) => h('th', { scope: 'col' }, n))]);
  const keys = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort();
  const note = h('p', { class: 'muted' });
  box.append(h('div', { class: 'table-wrap' }, t), note);
  const fill = (hideIdentical) => {
    const body = clear(t.tBodies[0]);
    let hidden = 0;
    for (const key of keys) {
      const values = maps.map((m) => (m.has(key) ? String(m.get(key)) : undefined));
      const differs = values.some((v) => v !== values[0]);
      if (hideIdentical && !differs) {
        hidden += 1;
        continue;
      }
      body.append(h('tr', { class: differs ? 'differs' : undefined, dataset: { testid: 'diff-row', key, differs: differs ? 'true' : 'false' } },
        h('th', { scope: 'row', class: 'mono' }, key),
        maps.map((m) => h('td', { title: m.has(key) ? String(m.get(key)) : 'absent' },
          m.has(key) ? render(m.get(key)) : h('span', { class: 'muted' }, '—')))));
    }
    note.textContent = keys.length === 0 ? 'Nothing recorded.'
      : hidden ? `${hidden} identical row${hidden === 1 ? '' : 's'} hidden.` : '';
  };
  return { box, fill };
}

/**
 * Column titles: a run's name, and where two runs share it, the experiment's name (when theirs
 * differ) or a short run id (when they do not), so no two columns read the same.
 */
async function columnTitles(runs, signal) {
  const names = runs.map(runName);
  const count = new Map();
  names.forEach((n) => count.set(n, (count.get(n) || 0) + 1));
  const clashes = runs.filter((r, i) => count.get(names[i]) > 1);
  if (!clashes.length) return names;
  const experimentIds = [...new Set(clashes.map((r) => r.info.experiment_id))];
  const experimentNames = new Map(await Promise.all(experimentIds.map(async (id) => {
    try {
      return [id, (await getExperiment(id, signal)).experiment.name];
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      return [id, `experiment ${id}`];
    }
  })));
  const titles = runs.map((r, i) => {
    if (count.get(names[i]) < 2) return names[i];
    const twins = runs.filter((x, j) => names[j] === names[i]);
    const experiments = new Set(twins.map((x) => x.info.experiment_id));
    return experiments.size === twins.length
      ? `${names[i]} (${experimentNames.get(r.info.experiment_id)})`
      : `${names[i]} (${r.info.run_id.slice(0, 8)})`;
  });
  // Two experiments of one name (or a run named like another's title): the run id decides.
  return titles.map((t, i) => (titles.indexOf(t) !== titles.lastIndexOf(t) ? `${names[i]} (${runs[i].info.run_id})` : t));
}

/** A metric no run logged more than once: each run's value, step and time, not a chart of dots. */
function singleValues(key, histories, names) {
  const t = table({ class: 'kv' }, ['Run', 'Value', 'Step', 'Logged']);
  histories.forEach((points, i) => {
    const p = points[0];
    t.tBodies[0].append(h('tr', { dataset: { testid: 'single-row' } },
      h('th', { scope: 'row' }, names[i]),
      h('td', { class: 'num' }, p ? num(p.value) : h('span', { class: 'muted' }, '—')),
      h('td', { class: 'num' }, p ? String(p.step ?? 0) : ''),
      h('td', null, p ? time(p.timestamp) : '')));
  });
  return h('figure', { class: 'chart single', dataset: { testid: 'compare-single', metric: key } },
    h('figcaption', null, `${key} (logged once)`), t);
}
