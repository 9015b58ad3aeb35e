// "/" and "/experiments": every experiment with its run count and last activity.
import { h, clear, errorBox, formatTime, table, time } from '../dom.js';
import { searchExperiments, experimentSummaries, quote } from '../api.js';

export const title = 'Experiments';

export async function render({ main, query, signal }) {
  const search = h('input', {
    type: 'search', id: 'experiment-search', placeholder: 'Filter by name',
    autocomplete: 'off', value: query.get('q') || '', dataset: { testid: 'experiment-search' },
  });
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const errors = h('div');
  const results = h('div', { class: 'table-wrap' });
  main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Experiments')),
    h('div', { class: 'toolbar' }, h('label', { for: 'experiment-search' }, 'Search'), search),
    errors, status, results);

  let generation = 0;
  async function load() {
    const mine = ++generation;
    const text = search.value.trim();
    const filter = text ? `name LIKE ${quote(`%${text}%`)}` : undefined;
    const experiments = [];
    let token;
    do {
      const page = await searchExperiments({ filter, pageToken: token }, signal);
      experiments.push(...(page.experiments || []));
      token = page.next_page_token;
    } while (token && experiments.length < 10000);
    let summaries = new Map();
    let summaryError = null;
    if (experiments.length) {
      try {
        for (let i = 0; i < experiments.length; i += 1000) {
          const ids = experiments.slice(i, i + 1000).map((e) => e.experiment_id);
          const s = await experimentSummaries(ids, signal);
          for (const x of s.summaries || []) summaries.set(x.experiment_id, x);
        }
      } catch (e) {
        if (e.name === 'AbortError') throw e;
        summaryError = e;
      }
    }
    if (mine !== generation) return;
    clear(errors);
    if (summaryError) errors.append(errorBox(summaryError));
    clear(results).append(renderTable(experiments, summaries));
    status.textContent = `${experiments.length} experiment${experiments.length === 1 ? '' : 's'}` +
      (text ? ` matching “${text}”` : '');
  }

  let timer;
  const apply = () => {
    clearTimeout(timer);
    const url = new URL(location.href);
    if (search.value.trim()) url.searchParams.set('q', search.value.trim());
    else url.searchParams.delete('q');
    history.replaceState(null, '', url.pathname + url.search);
    main.removeAttribute('data-ready');
    load().then(() => { main.dataset.ready = 'true'; }, (e) => {
      if (e.name === 'AbortError') return;
      clear(errors).append(errorBox(e));
      main.dataset.ready = 'true';
    });
  };
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(apply, 250); });
  search.addEventListener('keydown', (e) => { if (e.key === 'Enter') apply(); });
  await load();
}

function renderTable(experiments, summaries) {
  if (!experiments.length) return h('p', { class: 'empty' }, 'No experiments.');
  const t = table({ class: 'grid', dataset: { testid: 'experiments' } },
    ['Name', 'ID', 'Runs', 'Last activity', 'Created']);
  for (const e of experiments) {
    const s = summaries.get(e.experiment_id);
    const last = s ? s.last_activity : e.last_update_time;
    t.tBodies[0].append(h('tr', { dataset: { testid: 'experiment-row', experimentId: e.experiment_id } },
      h('td', null, h('a', { href: `/experiments/${encodeURIComponent(e.experiment_id)}` }, e.name)),
      h('td', { class: 'mono' }, e.experiment_id),
      h('td', { class: 'num', dataset: { testid: 'runs-count' } }, s ? String(s.runs_count) : '?'),
      h('td', { dataset: { testid: 'last-activity' }, title: formatTime(last) }, time(last)),
      h('td', null, time(e.creation_time))));
  }
  return t;
}
