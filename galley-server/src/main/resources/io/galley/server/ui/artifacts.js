// The artifact browser of the run and model-version pages: a tree of files (directories open on
// demand) with sizes, and a preview (text, JSON, CSV as a table, images) with a download link.
import { h, clear, errorBox, formatBytes, table } from './dom.js';

const PREVIEW_LIMIT = 2 * 1024 * 1024;

/**
 * An artifact tree with a preview pane, over any source of files: `files` has list(path, signal)
 * (MLflow's artifacts/list answer), url(path) and text(path, signal).
 */
export async function artifactBrowser(container, files, signal, { label = 'Artifacts' } = {}) {
  const tree = h('ul', { class: 'tree', role: 'tree', 'aria-label': label });
  const preview = h('div', { class: 'preview', dataset: { testid: 'artifact-preview' }, 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Select a file to preview it.'));
  container.append(h('div', { class: 'artifacts' }, tree, preview));
  let listing;
  try {
    listing = await files.list('', signal);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    container.append(errorBox(e));
    return;
  }
  const top = listing.files || [];
  if (!top.length) tree.append(h('li', { class: 'muted' }, 'No files.'));
  fillTree(tree, top, files, preview, signal);
}

function fillTree(list, entries, files, preview, signal) {
  const sorted = [...entries].sort((a, b) => (b.is_dir - a.is_dir) || a.path.localeCompare(b.path));
  for (const f of sorted) {
    const name = f.path.split('/').pop();
    const entry = h('button', {
      type: 'button', class: f.is_dir ? 'entry dir' : 'entry file', role: 'treeitem',
      dataset: { testid: 'artifact-entry', path: f.path, kind: f.is_dir ? 'dir' : 'file' },
      'aria-expanded': f.is_dir ? 'false' : undefined,
    }, h('span', { class: 'icon', 'aria-hidden': 'true' }, f.is_dir ? '▸' : '·'), name,
      f.is_dir ? null : h('span', { class: 'muted size' }, formatBytes(f.file_size)));
    const li = h('li', null, entry);
    list.append(li);
    if (f.is_dir) {
      let children = null;
      entry.addEventListener('click', async () => {
        const open = entry.getAttribute('aria-expanded') === 'true';
        if (open) {
          entry.setAttribute('aria-expanded', 'false');
          entry.querySelector('.icon').textContent = '▸';
          if (children) children.hidden = true;
          return;
        }
        entry.setAttribute('aria-expanded', 'true');
        entry.querySelector('.icon').textContent = '▾';
        if (children) {
          children.hidden = false;
          return;
        }
        children = h('ul', { role: 'group' });
        li.append(children);
        try {
          const sub = await files.list(f.path, signal);
          if (!(sub.files || []).length) children.append(h('li', { class: 'muted' }, 'Empty'));
          fillTree(children, sub.files || [], files, preview, signal);
        } catch (e) {
          if (e.name !== 'AbortError') children.append(h('li', null, errorBox(e)));
        }
      });
    } else {
      entry.addEventListener('click', () => {
        for (const other of list.closest('.tree').querySelectorAll('.entry[aria-current]')) other.removeAttribute('aria-current');
        entry.setAttribute('aria-current', 'true');
        showPreview(preview, files, f, signal);
      });
    }
  }
}

const IMAGE = /\.(png|jpe?g|gif|webp|svg|bmp|ico)$/i;
const TEXT = /\.(txt|log|md|json|csv|tsv|ya?ml|toml|ini|cfg|conf|properties|py|java|js|ts|sh|r|sql|xml|html?|css|diff|patch|mlmodel|requirements|lock)$/i;
const KNOWN_TEXT_NAMES = new Set(['MLmodel', 'Dockerfile', 'LICENSE', 'README', 'requirements.txt']);

let previewToken = 0;

async function showPreview(preview, files, file, signal) {
  const mine = ++previewToken;
  const url = files.url(file.path);
  const name = file.path.split('/').pop();
  const head = h('div', { class: 'preview-head' },
    h('strong', { class: 'mono' }, file.path), ' ',
    h('span', { class: 'muted' }, formatBytes(file.file_size)), ' ',
    h('a', { href: url, download: name, dataset: { testid: 'artifact-download' } }, 'Download'));
  clear(preview).append(head);
  if (IMAGE.test(name)) {
    preview.append(h('img', { src: url, alt: file.path, class: 'preview-image' }));
    return;
  }
  const texty = TEXT.test(name) || KNOWN_TEXT_NAMES.has(name) || !/\.[^.]+$/.test(name);
  if (!texty) {
    preview.append(h('p', { class: 'muted' }, 'No preview for this kind of file.'));
    return;
  }
  if ((file.file_size || 0) > PREVIEW_LIMIT) {
    preview.append(h('p', { class: 'muted' }, `Too large to preview (${formatBytes(file.file_size)}).`));
    return;
  }
  const body = h('p', { class: 'muted' }, 'Loading…');
  preview.append(body);
  try {
    const text = await files.text(file.path, signal);
    if (mine !== previewToken) return;
    let content;
    if (/\.json$/i.test(name)) {
      let pretty = text;
      try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch { /* shown as it is */ }
      content = h('pre', { class: 'code' }, pretty);
    } else if (/\.(csv|tsv)$/i.test(name)) {
      content = csvTable(text, /\.tsv$/i.test(name) ? '\t' : ',');
    } else {
      content = h('pre', { class: 'code' }, text);
    }
    body.replaceWith(content);
  } catch (e) {
    if (e.name === 'AbortError' || mine !== previewToken) return;
    body.replaceWith(errorBox(e));
  }
}

const CSV_ROWS = 500;

function parseCsv(text, sep) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length <= CSV_ROWS; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function csvTable(text, sep) {
  const rows = parseCsv(text, sep);
  if (!rows.length) return h('p', { class: 'muted' }, 'Empty file.');
  const [header, ...body] = rows;
  const t = table({ class: 'grid csv' }, header);
  for (const r of body.slice(0, CSV_ROWS)) t.tBodies[0].append(h('tr', null, r.map((v) => h('td', null, v))));
  const wrap = h('div', { class: 'table-wrap' }, t);
  if (body.length > CSV_ROWS) wrap.append(h('p', { class: 'muted' }, `First ${CSV_ROWS} rows shown.`));
  return wrap;
}
