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

export function showError(error: unknown, retry?: () => void) {
  ui.message.textContent = friendly(error);
  ui.message.dataset.error = error instanceof Error ? error.name : 'Error';
  if (retry) {
    const again = Object.assign(document.createElement('button'), { type: 'button', id: 'retry', textContent: 'Try again' });
    again.addEventListener('click', retry, { once: true });
    ui.message.append(' ', again);
  }
  ui.message.hidden = false;
  setState('error');
}

export function clearError() {
  ui.message.hidden = true;
}

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
