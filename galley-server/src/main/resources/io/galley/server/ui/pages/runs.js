// "/experiments/ID": the runs table. Rows are virtualised (fixed height, only the visible window
// plus a margin is in the DOM) and fetched a page at a time from runs/search, sorted server-side.
// Deleted runs show on request (MLflow's run_view_type) and can be restored from the table.
import { h, clear, errorBox, formatNumber, formatTime, num } from '../dom.js';
import { NOTE_TAG, getExperiment, experimentKeys, experimentSummaries, restoreRun, searchRuns, setExperimentTag } from '../api.js';
import { inlineText } from '../edit.js';

export const title = 'Runs';

const PAGE = 200;
const MARGIN = 12;
const DEFAULT_ORDER = { key: 'attributes.start_time', asc: false };
const DEFAULT_TAGS = ['mlflow.source.git.commit'];
const ATTRIBUTE_COLUMNS = [
  ['attributes.run_name', 'Run', 220],
  ['attributes.status', 'Status', 175],
  ['attributes.start_time', 'Started', 170],
  ['attributes.user_id', 'User', 110],
];

const VIEWS = { active: 'ACTIVE_ONLY', deleted: 'DELETED_ONLY', all: 'ALL' };

const backticked = (prefix, key) => `${prefix}.\`${key}\``;

/**
 * The order_by for a sort: one clause. Search-runs breaks ties as MLflow does (start time, the
 * later first, then run id) and the leaderboard ranks ties the same way in either direction, so
 * the table sorted on a metric lists tied runs in the ranking's order; one metric clause also
 * keeps the store's fast plan for "best runs first".
 */
export function orderClauses(order) {
  return [`${order.key} ${order.asc ? 'ASC' : 'DESC'}`];
}
const splitKeys = (text) => text.split(',').map((k) => k.trim()).filter(Boolean);

export async function render({ main, params, query, signal, navigate }) {
  const [experimentId] = params;
  // The columns come first, from every run of the experiment, so that none appears mid-scroll.
  const [{ experiment }, keys] = await Promise.all([
    getExperiment(experimentId, signal),
    experimentKeys(experimentId, signal),
  ]);
  document.title = `${experiment.name} · Galley`;

  const state = {
    filter: query.get('filter') || '',
    order: {
      key: query.get('order') || DEFAULT_ORDER.key,
      asc: query.has('order') ? query.get('dir') === 'asc' : DEFAULT_ORDER.asc,
    },
    view: VIEWS[query.get('view')] ? query.get('view') : 'active',
    runs: [],
    token: null,
    done: false,
    total: null,
    loading: false,
    metricKeys: keys.metric_keys || [],
    paramKeys: keys.param_keys || [],
    // Tag columns the user chose (?tags=a,b), the git commit unless told otherwise.
    tagKeys: query.has('tags') ? splitKeys(query.get('tags')) : DEFAULT_TAGS,
    selected: new Set(),
    focusIndex: 0,
    generation: 0,
  };

  // ---- the chrome around the table ----
  const filterInput = h('input', {
    type: 'search', id: 'runs-filter', value: state.filter, autocomplete: 'off', spellcheck: 'false',
    placeholder: "metrics.accuracy > 0.9 and params.family = 'knn'", dataset: { testid: 'runs-filter' },
  });
  const tagInput = h('input', {
    type: 'text', id: 'runs-tags', value: state.tagKeys.join(', '), autocomplete: 'off', spellcheck: 'false',
    placeholder: 'mlflow.source.git.commit, galley.env.java.version', dataset: { testid: 'tag-columns' },
  });
  const filterError = h('div', { class: 'filter-error-slot' });
  const totalEl = h('span', { class: 'muted', dataset: { testid: 'runs-total' }, 'aria-live': 'polite' });
  const viewSelect = h('select', { id: 'runs-view', dataset: { testid: 'runs-view' } },
    [['active', 'Active runs'], ['deleted', 'Deleted runs'], ['all', 'All runs']]
      .map(([v, label]) => h('option', { value: v, selected: v === state.view }, label)));
  const compareButton = h('button', { type: 'button', class: 'primary', disabled: true, dataset: { testid: 'compare-selected' } }, 'Compare selected');
  const errors = h('div');
  const viewport = h('div', { class: 'runs-viewport', tabindex: '-1' });
  const colgroup = h('colgroup');
  const thead = h('thead');
  const tbody = h('tbody');
  const tableEl = h('table', { class: 'grid runs', dataset: { testid: 'runs-table' }, 'aria-rowcount': '-1' }, colgroup, thead, tbody);
  viewport.append(tableEl);

  main.append(
    h('div', { class: 'page-head' },
      h('h1', null, experiment.name),
      h('span', { class: 'muted mono' }, `experiment ${experiment.experiment_id}`),
      h('a', { href: `/experiments/${encodeURIComponent(experimentId)}/leaderboard`, class: 'button', dataset: { testid: 'leaderboard-link' } }, 'Leaderboard')),
    inlineText({
      label: 'Experiment description', value: experimentNote(experiment), testid: 'experiment-description',
      multiline: true, empty: 'No description.', viewTag: 'div',
      save: (value) => setExperimentTag(experiment.experiment_id, NOTE_TAG, value, signal),
    }),
    h('div', { class: 'toolbar' },
      h('label', { for: 'runs-filter' }, 'Filter'), filterInput,
      h('label', { for: 'runs-view' }, 'Show'), viewSelect, totalEl, compareButton),
    h('div', { class: 'toolbar' },
      h('label', { for: 'runs-tags' }, 'Tag columns'), tagInput),
    filterError, errors, viewport);

  // ---- columns ----
  function columns() {
    return [
      ...ATTRIBUTE_COLUMNS.map(([key, label, width]) => ({ key, label, width, kind: 'attr' })),
      ...state.metricKeys.map((k) => ({ key: backticked('metrics', k), label: k, width: 120, kind: 'metric', name: k })),
      ...state.paramKeys.map((k) => ({ key: backticked('params', k), label: k, width: 120, kind: 'param', name: k })),
      ...state.tagKeys.map((k) => ({ key: backticked('tags', k), label: k, width: 130, kind: 'tag', name: k })),
    ];
  }

  function renderHeader() {
    const cols = columns();
    clear(colgroup).append(h('col', { class: 'col-select' }), ...cols.map((c) => {
      const col = h('col');
      col.style.width = `${c.width}px`;
      return col;
    }));
    tableEl.style.width = `${40 + cols.reduce((s, c) => s + c.width, 0)}px`;
    const cells = [h('th', { scope: 'col', class: 'select' }, h('span', { class: 'visually-hidden' }, 'Select'))];
    for (const c of cols) {
      const sorted = state.order.key === c.key;
      const th = h('th', {
        scope: 'col', title: c.key, class: `sortable ${c.kind}`,
        dataset: { sortKey: c.key },
        'aria-sort': sorted ? (state.order.asc ? 'ascending' : 'descending') : undefined,
      }, h('button', { type: 'button', class: 'sort' }, c.label,
        h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sorted ? (state.order.asc ? ' ▲' : ' ▼') : '')));
      th.addEventListener('click', () => sortBy(c.key));
      cells.push(th);
    }
    clear(thead).append(h('tr', null, cells));
  }

  // ---- rows ----
  let rowHeight = 34;
  let measured = false;
  const rendered = new Map(); // index -> tr
  const topSpacer = h('tr', { class: 'spacer', 'aria-hidden': 'true' });
  const bottomSpacer = h('tr', { class: 'spacer', 'aria-hidden': 'true' });

  function rowCount() {
    if (state.total !== null) return Math.max(state.total, state.runs.length);
    return state.runs.length + (state.done ? 0 : PAGE);
  }

  function runRow(run, index) {
    const id = run.info.run_id;
    const metrics = new Map((run.data.metrics || []).map((m) => [m.key, m.value]));
    const paramsMap = new Map((run.data.params || []).map((p) => [p.key, p.value]));
    const tags = new Map((run.data.tags || []).map((t) => [t.key, t.value]));
    const name = run.info.run_name || id;
    const deleted = run.info.lifecycle_stage === 'deleted';
    const checkbox = h('input', {
      type: 'checkbox', checked: state.selected.has(id), 'aria-label': `Select run ${name}`,
      dataset: { testid: 'select-run' },
    });
    checkbox.addEventListener('change', () => toggle(id, checkbox.checked));
    const cells = [
      h('td', { class: 'select' }, checkbox),
      h('td', { title: name }, h('a', { href: `/runs/${encodeURIComponent(id)}`, tabindex: '-1' }, name)),
      h('td', null, deleted ? restoreCell(id, name) : h('span', { class: `status status-${String(run.info.status).toLowerCase()}` }, run.info.status)),
      h('td', null, formatTime(run.info.start_time)),
      h('td', { title: run.info.user_id }, run.info.user_id),
      ...state.metricKeys.map((k) => h('td', { class: 'num' }, metrics.has(k) ? num(metrics.get(k)) : '')),
      ...state.paramKeys.map((k) => h('td', { title: paramsMap.get(k) ?? '' }, paramsMap.get(k) ?? '')),
      ...state.tagKeys.map((k) => h('td', { class: 'mono', title: tags.get(k) ?? '' }, tags.get(k) ?? '')),
    ];
    const tr = h('tr', {
      class: deleted ? 'run-row deleted' : 'run-row', tabindex: index === state.focusIndex ? '0' : '-1',
      'aria-rowindex': String(index + 2), 'aria-selected': state.selected.has(id) ? 'true' : 'false',
      dataset: { testid: 'run-row', runId: id, index: String(index) },
    }, cells);
    return tr;
  }

  /** A deleted run's status cell: the word, and Restore, which reloads the table once done. */
  function restoreCell(id, name) {
    const button = h('button', { type: 'button', class: 'small', 'aria-label': `Restore run ${name}`, dataset: { testid: 'restore-run' } }, 'Restore');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await restoreRun(id, signal);
        reload(state.filter, state.order);
      } catch (e) {
        if (e.name === 'AbortError') return;
        button.disabled = false;
        clear(errors).append(errorBox(e));
      }
    });
    return h('span', null, h('span', { class: 'status status-deleted' }, 'deleted'), ' ', button);
  }

  function placeholderRow(index) {
    return h('tr', { class: 'run-row placeholder', dataset: { index: String(index) } },
      h('td', { colspan: String(columns().length + 1), class: 'muted' }, 'Loading…'));
  }

  function resetRows() {
    for (const tr of rendered.values()) tr.remove();
    rendered.clear();
    clear(tbody).append(topSpacer, bottomSpacer);
  }

  function spacer(tr, px) {
    clear(tr);
    if (px <= 0) {
      tr.hidden = true;
      return;
    }
    tr.hidden = false;
    const td = h('td', { colspan: String(columns().length + 1) });
    td.style.height = `${px}px`;
    tr.append(td);
  }

  function renderRows() {
    const count = rowCount();
    if (count === 0) {
      resetRows();
      tbody.append(h('tr', { class: 'empty-row' }, h('td', { colspan: String(columns().length + 1), class: 'muted' },
        state.filterRefused ? 'The filter was refused (see above): no runs are shown until it is fixed.'
          : state.filter ? 'No runs match this filter.' : state.view === 'deleted' ? 'No deleted runs.' : 'No runs yet.')));
      return;
    }
    tbody.querySelector('.empty-row')?.remove();
    const headerHeight = thead.getBoundingClientRect().height;
    const top = Math.max(0, viewport.scrollTop - headerHeight);
    const first = Math.max(0, Math.floor(top / rowHeight) - MARGIN);
    const last = Math.min(count - 1, Math.ceil((top + viewport.clientHeight) / rowHeight) + MARGIN);
    for (const [i, tr] of rendered) {
      const stale = tr.classList.contains('placeholder') && i < state.runs.length;
      if (i < first || i > last || stale) {
        tr.remove();
        rendered.delete(i);
      }
    }
    // Insert missing rows in order, keeping the ones already there (a focused row keeps focus).
    let anchor = bottomSpacer;
    for (let i = last; i >= first; i--) {
      let tr = rendered.get(i);
      if (!tr) {
        tr = i < state.runs.length ? runRow(state.runs[i], i) : placeholderRow(i);
        rendered.set(i, tr);
        tbody.insertBefore(tr, anchor);
      }
      anchor = tr;
    }
    spacer(topSpacer, first * rowHeight);
    spacer(bottomSpacer, (count - 1 - last) * rowHeight);
    if (!measured) {
      const sample = [...rendered.values()].find((tr) => !tr.classList.contains('placeholder'));
      if (sample) {
        measured = true;
        const actual = sample.getBoundingClientRect().height;
        if (actual > 0 && Math.abs(actual - rowHeight) > 0.5) {
          rowHeight = actual;
          renderRows();
          return;
        }
      }
    }
    if (last >= state.runs.length && !state.done) loadMore(last + 1);
  }

  let frame = 0;
  viewport.addEventListener('scroll', () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; renderRows(); });
  });
  window.addEventListener('resize', () => renderRows(), { signal });

  // ---- data ----
  function noteKeys(runs) {
    let changed = false;
    const metrics = new Set(state.metricKeys);
    const paramsSet = new Set(state.paramKeys);
    for (const r of runs) {
      for (const m of r.data.metrics || []) if (!metrics.has(m.key)) { metrics.add(m.key); changed = true; }
      for (const p of r.data.params || []) if (!paramsSet.has(p.key)) { paramsSet.add(p.key); changed = true; }
    }
    if (changed) {
      state.metricKeys = [...metrics].sort();
      state.paramKeys = [...paramsSet].sort();
    }
    return changed;
  }

  function fetchPage(filter, order, pageToken, size) {
    return searchRuns({
      experimentIds: [experimentId],
      filter,
      orderBy: orderClauses(order),
      maxResults: size,
      pageToken,
      runViewType: VIEWS[state.view],
    }, signal);
  }

  async function loadMore(needed) {
    if (state.loading || state.done) return;
    state.loading = true;
    const generation = state.generation;
    const size = Math.min(1000, Math.max(PAGE, needed - state.runs.length + PAGE / 2));
    try {
      const page = await fetchPage(state.filter, state.order, state.token, size);
      if (generation !== state.generation) return;
      accept(page, false);
    } catch (e) {
      if (e.name === 'AbortError') return;
      clear(errors).append(errorBox(e));
      state.done = true;
    } finally {
      if (generation === state.generation) state.loading = false;
    }
    if (generation === state.generation) renderRows();
  }

  function accept(page, fresh) {
    const runs = page.runs || [];
    if (fresh) {
      state.runs = runs;
      state.metricKeys = [];
      state.paramKeys = [];
    } else {
      state.runs.push(...runs);
    }
    state.token = page.next_page_token || null;
    state.done = !state.token;
    if (state.done) state.total = state.runs.length;
    if (noteKeys(runs) || fresh) {
      renderHeader();
      resetRows();
    }
    updateTotal();
  }

  function updateTotal() {
    const n = state.total;
    if (n !== null) totalEl.textContent = `${n} run${n === 1 ? '' : 's'}`;
    else totalEl.textContent = `${state.runs.length}+ runs`;
    tableEl.setAttribute('aria-rowcount', n === null ? '-1' : String(n + 1));
  }

  /** The URL says what the table shows (filter, order, tag columns), so it can be pasted. */
  function writeUrl() {
    const url = new URL(location.href);
    url.search = '';
    if (state.filter) url.searchParams.set('filter', state.filter);
    if (state.order.key !== DEFAULT_ORDER.key || state.order.asc !== DEFAULT_ORDER.asc) {
      url.searchParams.set('order', state.order.key);
      url.searchParams.set('dir', state.order.asc ? 'asc' : 'desc');
    }
    if (state.tagKeys.join(',') !== DEFAULT_TAGS.join(',')) url.searchParams.set('tags', state.tagKeys.join(','));
    if (state.view !== 'active') url.searchParams.set('view', state.view);
    history.replaceState(null, '', url.pathname + url.search);
  }

  /** Loads the first page for a new filter or order; keeps the current rows if it fails. */
  async function reload(filter, order) {
    main.removeAttribute('data-ready');
    const generation = ++state.generation;
    state.loading = true;
    try {
      const [page, total] = await Promise.all([
        fetchPage(filter, order, null, PAGE),
        filter || state.view !== 'active' ? Promise.resolve(null) : knownTotal(),
      ]);
      if (generation !== state.generation) return;
      state.filter = filter;
      state.order = order;
      state.total = total;
      state.filterRefused = false;
      clear(filterError);
      clear(errors);
      viewport.scrollTop = 0;
      state.focusIndex = 0;
      accept(page, true);
      if (total !== null && state.done) state.total = state.runs.length;
      updateTotal();
      writeUrl();
      state.loading = false;
      renderRows();
    } catch (e) {
      if (e.name === 'AbortError' || generation !== state.generation) return;
      state.loading = false;
      if (filter !== state.filter && e.status === 400) {
        clear(filterError).append(h('div', { class: 'error', role: 'alert', dataset: { testid: 'filter-error' } }, e.message));
      } else {
        clear(errors).append(errorBox(e));
      }
      if (state.runs.length === 0 && state.metricKeys.length === 0) renderHeader();
    } finally {
      if (generation === state.generation) main.dataset.ready = 'true';
    }
  }

  async function knownTotal() {
    try {
      const s = await experimentSummaries([experimentId], signal);
      const mine = (s.summaries || []).find((x) => x.experiment_id === String(experimentId));
      return mine ? mine.runs_count : null;
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      return null;
    }
  }

  function sortBy(key) {
    const asc = state.order.key === key ? !state.order.asc : true;
    reload(state.filter, { key, asc });
  }

  filterInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      reload(filterInput.value.trim(), state.order);
    }
  });

  viewSelect.addEventListener('change', () => {
    state.view = viewSelect.value;
    reload(state.filter, state.order);
  });

  // Changing the tag columns redraws the header and the rows in view; the data is already here.
  tagInput.addEventListener('change', () => {
    state.tagKeys = splitKeys(tagInput.value);
    writeUrl();
    renderHeader();
    resetRows();
    renderRows();
  });

  // ---- selection and keyboard ----
  function toggle(id, on) {
    if (on) state.selected.add(id);
    else state.selected.delete(id);
    for (const tr of rendered.values()) {
      if (tr.dataset.runId === id) {
        tr.setAttribute('aria-selected', on ? 'true' : 'false');
        const box = tr.querySelector('input[type=checkbox]');
        if (box && box.checked !== on) box.checked = on;
      }
    }
    const n = state.selected.size;
    // A comparison needs two runs; one run has its own page.
    compareButton.disabled = n < 2;
    compareButton.title = n < 2 ? 'Select two or more runs to compare' : '';
    compareButton.textContent = n ? `Compare selected (${n})` : 'Compare selected';
  }

  compareButton.addEventListener('click', () => {
    if (state.selected.size < 2) return;
    navigate(`/compare?runs=${[...state.selected].map(encodeURIComponent).join(',')}`);
  });

  function focusRow(index) {
    const i = Math.max(0, Math.min(state.runs.length - 1, index));
    if (i < 0 || Number.isNaN(i)) return;
    const headerHeight = thead.getBoundingClientRect().height;
    const rowTop = i * rowHeight;
    const visibleTop = viewport.scrollTop;
    const visibleHeight = viewport.clientHeight - headerHeight;
    if (rowTop < visibleTop) viewport.scrollTop = rowTop;
    else if (rowTop + rowHeight > visibleTop + visibleHeight) viewport.scrollTop = rowTop + rowHeight - visibleHeight;
    renderRows();
    const previous = rendered.get(state.focusIndex);
    if (previous) previous.tabIndex = -1;
    state.focusIndex = i;
    const tr = rendered.get(i);
    if (tr) {
      tr.tabIndex = 0;
      tr.focus({ preventScroll: true });
    }
  }

  tbody.addEventListener('keydown', (e) => {
    const tr = e.target.closest('tr.run-row');
    if (!tr || tr.classList.contains('placeholder')) return;
    const index = Number(tr.dataset.index);
    const onRow = e.target === tr;
    if (e.key === 'ArrowDown') { e.preventDefault(); focusRow(index + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); focusRow(index - 1); }
    else if (e.key === 'Home' && onRow) { e.preventDefault(); focusRow(0); }
    else if (e.key === 'End' && onRow) { e.preventDefault(); focusRow(state.runs.length - 1); }
    else if (e.key === 'Enter' && onRow) { e.preventDefault(); navigate(`/runs/${encodeURIComponent(tr.dataset.runId)}`); }
    else if (e.key === ' ' && onRow) {
      e.preventDefault();
      toggle(tr.dataset.runId, !state.selected.has(tr.dataset.runId));
    }
  });
  tbody.addEventListener('focusin', (e) => {
    const tr = e.target.closest('tr.run-row');
    if (tr && tr.dataset.index !== undefined && Number(tr.dataset.index) !== state.focusIndex) {
      const previous = rendered.get(state.focusIndex);
      if (previous) previous.tabIndex = -1;
      state.focusIndex = Number(tr.dataset.index);
      tr.tabIndex = 0;
    }
  });

  // ---- first load: the page is ready once its first rows are in the DOM ----
  renderHeader();
  resetRows();
  const generation = ++state.generation;
  const [page, total] = await Promise.all([
    fetchPage(state.filter, state.order, null, PAGE).catch((e) => ({ error: e })),
    state.filter || state.view !== 'active' ? Promise.resolve(null) : knownTotal(),
  ]);
  if (generation !== state.generation) return;
  if (page.error) {
    if (page.error.name === 'AbortError') throw page.error;
    if (page.error.status === 400 && state.filter) {
      filterError.append(h('div', { class: 'error', role: 'alert', dataset: { testid: 'filter-error' } }, page.error.message));
      state.filter = '';
      state.filterRefused = true;
      state.runs = [];
      state.done = true;
      state.total = 0;
      updateTotal();
      renderRows();
      return;
    }
    throw page.error;
  }
  state.total = total;
  accept(page, true);
  renderRows();
}

function experimentNote(experiment) {
  const note = (experiment.tags || []).find((t) => t.key === NOTE_TAG);
  return note ? note.value : '';
}
