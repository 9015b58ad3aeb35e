// The editable parts of the run page, through MLflow's endpoints: the name (runs/update), the
// description (tag mlflow.note.content), the tags (set-tag / delete-tag), delete and restore.
import { h, clear, table } from '../dom.js';
import { NOTE_TAG, deleteRun, deleteRunTag, restoreRun, setRunTag, updateRun } from '../api.js';
import { confirmAction, inlineForm, inlineText } from '../edit.js';

/** The heading: the name with Edit, the status, and Delete (or, for a deleted run, a note and Restore). */
export function runHead(run, { onRenamed, reload }) {
  const info = run.info;
  const deleted = info.lifecycle_stage === 'deleted';
  const name = inlineText({
    label: 'Run name', value: info.run_name || '', testid: 'run-name-edit', viewTag: 'h1', empty: info.run_id,
    save: (value) => updateRun(info.run_id, { run_name: value.trim() }),
    onSaved: onRenamed,
  });
  const head = h('div', { class: 'page-head' }, name,
    h('span', { class: `status status-${String(info.status).toLowerCase()}` }, info.status));
  if (deleted) {
    head.append(h('span', { class: 'status status-deleted', dataset: { testid: 'run-deleted' } }, 'deleted'));
  }
  head.append(deleted
    ? confirmAction({
      label: 'Restore run', question: 'Restore this run?', confirmLabel: 'Restore', testid: 'restore-run',
      act: () => restoreRun(info.run_id), done: reload,
    })
    : confirmAction({
      label: 'Delete run', question: 'Delete this run? It can be restored later.', confirmLabel: 'Delete', testid: 'delete-run',
      act: () => deleteRun(info.run_id), done: reload,
    }));
  return head;
}

export function descriptionBlock(runId, tags) {
  return inlineText({
    label: 'Description', value: tags.get(NOTE_TAG) || '', testid: 'run-description', multiline: true,
    empty: 'No description.', viewTag: 'div',
    save: (value) => setRunTag(runId, NOTE_TAG, value),
  });
}

// MLflow's own tags (mlflow.runName, mlflow.source.*, ...) are shown but, as in MLflow's UI, not
// edited here: the name has its own editor and the rest describe how the run was made.
const SYSTEM_TAG = /^mlflow\./;

/**
 * The tags table: each value editable, each tag removable, and a form that adds one (or sets an
 * existing key). `shown(key)` says which tags belong here (the environment has its own section).
 */
export function tagsEditor(runId, tags, shown) {
  const current = new Map([...tags].filter(([k]) => shown(k)));
  const box = h('div', { dataset: { testid: 'tags-editor' } });
  const t = table({ class: 'kv', dataset: { testid: 'tags-table' } }, ['Key', 'Value', h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions'))]);
  const empty = h('p', { class: 'muted' }, 'No tags.');
  const draw = () => {
    const rows = [...current].sort(([a], [b]) => a.localeCompare(b));
    empty.hidden = rows.length > 0;
    t.hidden = rows.length === 0;
    clear(t.tBodies[0]).append(...rows.map(([key, value]) => {
      if (SYSTEM_TAG.test(key)) {
        return h('tr', { dataset: { testid: 'tag-row', key, system: 'true' } },
          h('th', { scope: 'row' }, key), h('td', { class: 'wrap' }, value), h('td'));
      }
      const remove = h('button', { type: 'button', class: 'small', 'aria-label': `Remove tag ${key}`, dataset: { testid: 'remove-tag' } }, 'Remove');
      const error = h('span', { class: 'error-text', role: 'alert' });
      remove.addEventListener('click', async () => {
        remove.disabled = true;
        try {
          await deleteRunTag(runId, key);
          current.delete(key);
          draw();
          adder.focus();
        } catch (e) {
          remove.disabled = false;
          error.textContent = e.message;
        }
      });
      return h('tr', { dataset: { testid: 'tag-row', key } },
        h('th', { scope: 'row' }, key),
        h('td', null, inlineText({
          label: `Value of ${key}`, value, testid: 'tag-value', empty: '(empty)',
          save: (v) => setRunTag(runId, key, v),
          onSaved: (v) => current.set(key, v),
        })),
        h('td', { class: 'actions' }, remove, error));
    }));
  };
  const adder = h('button', { type: 'button', dataset: { testid: 'add-tag' } }, 'Add tag');
  const slot = h('div', { class: 'add-slot' }, adder);
  adder.addEventListener('click', () => {
    const key = h('input', { type: 'text', size: 24, autocomplete: 'off', dataset: { testid: 'new-tag-key' } });
    const value = h('input', { type: 'text', size: 32, autocomplete: 'off', dataset: { testid: 'new-tag-value' } });
    const close = () => {
      clear(slot).append(adder);
      adder.focus();
    };
    clear(slot).append(inlineForm({
      testid: 'add-tag-form', controls: [['Key', key], ['Value', value]], submitLabel: 'Add',
      save: () => setRunTag(runId, key.value.trim(), value.value),
      done: () => {
        // An environment key or the description tag is stored; its own section shows it on reload.
        if (shown(key.value.trim())) current.set(key.value.trim(), value.value);
        draw();
        close();
      },
      cancel: close,
    }));
  });
  draw();
  box.append(t, empty, slot);
  return box;
}
