// "Which library versions?" without noise: a run's libraries (tags galley.env.lib.NAME = version)
// split into those that differ from other runs, shown first with what the others have, and the
// rest, grouped in a collapsed <details> that a search still reaches.
import { h, clear, table } from './dom.js';

export const LIB_PREFIX = 'galley.env.lib.';

/** A run's libraries, name → version, from its tags (a Map or MLflow's [{key, value}]). */
export function librariesOf(tags) {
  const entries = tags instanceof Map ? [...tags] : (tags || []).map((t) => [t.key, t.value]);
  return new Map(entries.filter(([k]) => k.startsWith(LIB_PREFIX)).map(([k, v]) => [k.slice(LIB_PREFIX.length), v]));
}

/**
 * Splits `mine` against `others` (library maps of runs that captured libraries): `differing` holds
 * every library absent from, or at another version in, at least one other run (and those only the
 * others have), each with the others' versions and counts; `same` the rest, sorted by name.
 */
export function splitLibraries(mine, others) {
  const names = new Set(mine.keys());
  for (const o of others) for (const k of o.keys()) names.add(k);
  const differing = [];
  const same = [];
  for (const name of [...names].sort((a, b) => a.localeCompare(b))) {
    const version = mine.has(name) ? mine.get(name) : null;
    const counts = new Map();
    for (const o of others) {
      const v = o.has(name) ? o.get(name) : null;
      counts.set(v, (counts.get(v) || 0) + 1);
    }
    const differs = [...counts.keys()].some((v) => v !== version);
    if (differs) differing.push({ name, version, others: [...counts].sort((a, b) => b[1] - a[1]) });
    else same.push([name, version]);
  }
  return { differing, same };
}

/** "2.1 in 3 runs, absent in 1": what the other runs have. */
export function describeOthers(others, { one = 'run', many = 'runs' } = {}) {
  return others.map(([v, n]) => `${v === null ? 'absent' : v} in ${n} ${n === 1 ? one : many}`).join(', ');
}

/**
 * The run page's library list: a search box, the differing libraries in a table, then the rest in a
 * collapsed <details> ("93 libraries the same in every run"), which opens while a search matches in it.
 */
export function libraryList(mine, others) {
  const { differing, same } = splitLibraries(mine, others);
  const box = h('div', { class: 'libraries', dataset: { testid: 'library-list' } });
  const search = h('input', { type: 'search', id: 'library-search', placeholder: 'Filter libraries', autocomplete: 'off', dataset: { testid: 'library-search' } });
  const count = h('span', { class: 'muted', 'aria-live': 'polite', dataset: { testid: 'library-count' } });
  const diffTable = table({ class: 'kv libraries', dataset: { testid: 'libraries-differing' } }, ['Library', 'This run', 'Other runs']);
  const sameTable = table({ class: 'kv libraries', dataset: { testid: 'libraries-same' } }, ['Library', 'Version']);
  const summary = h('summary', { dataset: { testid: 'libraries-same-summary' } });
  const details = h('details', { class: 'library-group' }, summary, sameTable);
  const compared = others.length
    ? `${others.length} other run${others.length === 1 ? '' : 's'} of this experiment`
    : 'no other run of this experiment captured libraries';
  const intro = h('p', { class: 'muted' }, differing.length
    ? `Libraries that differ from the ${compared}:`
    : `No library differs from the ${compared}.`);
  // A search opens the group while it matches there; clearing the search puts it back as it was.
  let openBeforeSearch = null;
  const show = () => {
    const q = search.value.trim().toLowerCase();
    const hit = (name, version) => !q || name.toLowerCase().includes(q) || (version || '').toLowerCase().includes(q);
    const rowsDiff = differing.filter((d) => hit(d.name, d.version) || d.others.some(([v]) => hit(d.name, v)));
    const rowsSame = same.filter(([k, v]) => hit(k, v));
    clear(diffTable.tBodies[0]).append(...rowsDiff.map((d) => h('tr', { dataset: { testid: 'library-row', library: d.name, differs: 'true' } },
      h('th', { scope: 'row' }, d.name),
      h('td', null, d.version === null ? h('span', { class: 'muted' }, 'absent') : d.version),
      h('td', null, describeOthers(d.others)))));
    clear(sameTable.tBodies[0]).append(...rowsSame.map(([k, v]) => h('tr', { dataset: { testid: 'library-row', library: k } },
      h('th', { scope: 'row' }, k), h('td', null, v))));
    diffTable.hidden = rowsDiff.length === 0;
    summary.textContent = `${same.length} librar${same.length === 1 ? 'y' : 'ies'}` +
      (others.length ? ' the same in every run' : '') + (q ? ` (${rowsSame.length} matching)` : '');
    if (q) {
      if (openBeforeSearch === null) openBeforeSearch = details.open;
      details.open = rowsSame.length > 0;
    } else if (openBeforeSearch !== null) {
      details.open = openBeforeSearch;
      openBeforeSearch = null;
    }
    count.textContent = `${rowsDiff.length + rowsSame.length} of ${differing.length + same.length} libraries`;
  };
  search.addEventListener('input', show);
  show();
  box.append(h('div', { class: 'toolbar' }, h('label', { for: 'library-search' }, 'Search libraries'), search, count),
    intro, diffTable, same.length ? details : '');
  return box;
}
