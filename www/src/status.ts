// Where the page is, for the visitor and the tests: `document.body.dataset.state` (loading, ready,
// busy, done, error), the message box and the model's loading progress.
import type { Progress } from 'ace-translate';
import { ui } from './elements';
import { friendly } from './messages';

const STAGES: Record<Progress['stage'], string> = {
  download: 'Downloading the model',
  cache: 'Reading the model from this device',
  compile: 'Preparing the model',
  warmup: 'Warming up',
  ready: 'Ready',
};

export function setState(value: 'loading' | 'ready' | 'busy' | 'done' | 'error') {
  document.body.dataset.state = value;
  ui.busy.hidden = value !== 'busy';
}

/** Shows what went wrong in the visitor's words (`wording`), with a button for what to do next. */
export function showError(error: unknown, next?: { label: string; run: () => void }, wording: (error: unknown) => string = friendly) {
  ui.message.textContent = wording(error);
  delete ui.message.dataset.about;
  ui.message.dataset.error = error instanceof Error ? error.name : 'Error';
  if (next) {
    const button = Object.assign(document.createElement('button'), { type: 'button', id: 'retry', textContent: next.label });
    button.addEventListener('click', next.run, { once: true });
    ui.message.append(' ', button);
  }
  ui.message.hidden = false;
  setState('error');
}

export function clearError() {
  ui.message.hidden = true;
}

/** Marks the message shown as being about the model: a new photo does not clear it (it does not fix it). */
export function markAboutModel() {
  ui.message.dataset.about = 'model';
}

export const showsModelError = () => !ui.message.hidden && ui.message.dataset.about === 'model';

export function onProgress({ stage, loaded, total }: Progress) {
  ui.progress.hidden = stage === 'ready';
  ui.progressLabel.textContent = `${STAGES[stage]}…`;
  if (total > 0) {
    ui.progressBar.max = total;
    ui.progressBar.value = loaded;
  } else {
    ui.progressBar.removeAttribute('value'); // indeterminate
  }
}
