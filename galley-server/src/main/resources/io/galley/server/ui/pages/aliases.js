// A registered model's aliases, editable (registered-models/alias POST and DELETE): on the model
// page every alias with its version, on a version's page the aliases of that version.
import { h, clear } from '../dom.js';
import { deleteAlias, setAlias } from '../api.js';
import { inlineForm } from '../edit.js';

/**
 * `aliases` is [{alias, version}]; with `version` set, the list is that version's and a new alias
 * points at it, else the form asks for the version too (one of `versions`).
 */
export function aliasesEditor({ model, aliases, version, versions = [] }) {
  const current = new Map(aliases.map((a) => [a.alias, String(a.version)]));
  const list = h('ul', { class: 'pairs', dataset: { testid: 'aliases' } });
  const draw = () => {
    const mine = [...current].filter(([, v]) => version === undefined || v === String(version))
      .sort(([a], [b]) => a.localeCompare(b));
    clear(list);
    if (!mine.length) list.append(h('li', { class: 'muted' }, 'No aliases.'));
    for (const [alias, v] of mine) {
      const remove = h('button', { type: 'button', class: 'small', 'aria-label': `Remove alias ${alias}`, dataset: { testid: 'remove-alias' } }, 'Remove');
      const error = h('span', { class: 'error-text', role: 'alert' });
      remove.addEventListener('click', async () => {
        remove.disabled = true;
        try {
          await deleteAlias(model, alias);
          current.delete(alias);
          draw();
          adder.focus();
        } catch (e) {
          remove.disabled = false;
          error.textContent = e.message;
        }
      });
      list.append(h('li', { dataset: { alias } }, h('span', { class: 'k' }, `@${alias}`), ' ',
        version === undefined ? h('span', { class: 'v' }, `version ${v}`) : '', ' ', remove, error));
    }
  };
  const adder = h('button', { type: 'button', dataset: { testid: 'add-alias' } }, 'Add alias');
  const slot = h('div', { class: 'add-slot' }, adder);
  adder.addEventListener('click', () => {
    const name = h('input', { type: 'text', size: 20, autocomplete: 'off', dataset: { testid: 'new-alias' } });
    const controls = [['Alias', name]];
    let pick = null;
    if (version === undefined) {
      pick = h('select', { dataset: { testid: 'new-alias-version' } },
        versions.map((v) => h('option', { value: String(v) }, `version ${v}`)));
      controls.push(['Version', pick]);
    }
    const target = () => (pick ? pick.value : String(version));
    const close = () => {
      clear(slot).append(adder);
      adder.focus();
    };
    clear(slot).append(inlineForm({
      testid: 'add-alias-form', controls, submitLabel: 'Set alias',
      save: () => setAlias(model, name.value.trim(), target()),
      done: () => {
        // An alias names one version: setting it moves it here.
        current.set(name.value.trim(), target());
        draw();
        close();
      },
      cancel: close,
    }));
  });
  draw();
  return h('div', { dataset: { testid: 'aliases-editor' } }, list, slot);
}
