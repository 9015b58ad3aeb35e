// Inline editing, as MLflow's UI allows it: a value with an Edit button becomes a small form with
// Save and Cancel; Escape cancels; the API's refusal shows beside the form, which stays open. Every
// value goes into the page as text (h() writes textContent), never as markup.
import { h, clear } from './dom.js';

let ids = 0;
const nextId = (prefix) => `${prefix}-${++ids}`;

function messageOf(error) {
  const code = error && error.code && !/^\d+$/.test(error.code) ? `${error.code}: ` : '';
  return code + (error && error.message ? error.message : String(error));
}

/**
 * A form of labelled controls ([label, element] pairs) with Save and Cancel. `save` receives nothing
 * and may throw (the error shows in the form); `done` runs after a successful save, `cancel` on
 * Cancel or Escape. The first control takes focus.
 */
export function inlineForm({ testid, controls, submitLabel = 'Save', save, done, cancel }) {
  const error = h('div', { class: 'error edit-error', role: 'alert', hidden: true, dataset: { testid: 'edit-error' } });
  const submit = h('button', { type: 'submit', class: 'primary', dataset: { testid: 'edit-save' } }, submitLabel);
  const cancelButton = h('button', { type: 'button', dataset: { testid: 'edit-cancel' } }, 'Cancel');
  const fields = controls.map(([label, control]) => {
    if (!control.id) control.id = nextId('edit');
    return h('span', { class: 'edit-field' }, h('label', { for: control.id }, label), control);
  });
  const form = h('form', { class: 'inline-form', dataset: { testid } }, fields, submit, cancelButton, error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await save();
    } catch (e) {
      if (e && e.name === 'AbortError') return;
      error.textContent = messageOf(e);
      error.hidden = false;
      return;
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
    done();
  });
  cancelButton.addEventListener('click', cancel);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    }
  });
  queueMicrotask(() => controls[0] && controls[0][1].focus());
  return form;
}

/**
 * A text value with an Edit button; `save(newValue)` stores it (and may throw). `view(value)` draws
 * the value (default: the text, or `empty` in grey), inside a `viewTag` element; `control()` makes
 * the form's control (default: a text box, or a text area when `multiline`).
 */
export function inlineText({ label, value, testid, save, multiline = false, empty = 'None', viewTag = 'span', view, control, editLabel = 'Edit', onSaved }) {
  let current = value ?? '';
  const root = h('div', { class: `inline-edit${multiline ? ' multiline' : ''}`, dataset: { testid } });
  const draw = (focus) => {
    const edit = h('button', { type: 'button', class: 'small', 'aria-label': `${editLabel} (${label})`, dataset: { testid: 'edit' } }, editLabel);
    edit.addEventListener('click', openForm);
    const shown = view ? view(current) : (current || h('span', { class: 'muted' }, empty));
    clear(root).append(h(viewTag, { class: 'inline-value', dataset: { testid: 'value' } }, shown), edit);
    if (focus) edit.focus();
  };
  const openForm = () => {
    const input = control ? control() : multiline ? h('textarea', { rows: 5, cols: 60 }) : h('input', { type: 'text', size: 40 });
    input.value = current;
    clear(root).append(inlineForm({
      testid: 'edit-form',
      controls: [[label, input]],
      save: () => save(input.value),
      done: () => {
        current = input.value;
        draw(true);
        if (onSaved) onSaved(current);
      },
      cancel: () => draw(true),
    }));
  };
  draw(false);
  return root;
}

/** A button that asks first: "Delete run" becomes "Delete this run? [Delete] [Cancel]". */
export function confirmAction({ label, question, confirmLabel, testid, act, done }) {
  const root = h('span', { class: 'confirm-action', dataset: { testid } });
  const draw = (focus) => {
    const button = h('button', { type: 'button', dataset: { testid: 'action' } }, label);
    button.addEventListener('click', () => {
      const form = inlineForm({
        testid: 'confirm-form', controls: [], submitLabel: confirmLabel, save: act, done,
        cancel: () => draw(true),
      });
      form.prepend(h('span', null, question));
      clear(root).append(form);
      form.querySelector('button[type=submit]').focus();
    });
    clear(root).append(button);
    if (focus) button.focus();
  };
  draw(false);
  return root;
}
