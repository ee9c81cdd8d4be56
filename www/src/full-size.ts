// "Download full size": the translation at the photo's own size (a 12-megapixel phone photo at 12
// megapixels), with the controls as they are, as Translate would use them. The worker translates at
// the model's side, carries the result up with the photo's detail and encodes the PNG; the page shows
// each step and offers a Cancel.
import { downloadName, seed } from './controls';
import { ui } from './elements';
import { styleList } from './gallery';
import type { ModelWorker } from './model-worker';
import { FULL_SIZE_STEPS, type FullSizeStep } from './protocol';
import { saveBlob } from './save';
import { state } from './state';
import { showError } from './status';

const STEP_WORDS: Record<FullSizeStep, string> = { translating: 'translating', encoding: 'making the PNG' };

export function wireFullSize(model: ModelWorker) {
  let abort: AbortController | undefined;
  ui.fullSizeCancel.addEventListener('click', () => abort?.abort());
  ui.downloadFull.addEventListener('click', async () => {
    if (!state.content || !state.contentBitmap || state.fullSizeRunning) return;
    const base = seed();
    if (base === undefined) return; // the message says why
    setRunning(true);
    const { signal } = (abort = new AbortController());
    const { width, height } = state.contentBitmap;
    const size = `${width}x${height}`;
    const name = downloadName().replace(/\.png$/, `-${size}.png`);
    const started = performance.now();
    const step = (now: FullSizeStep) => {
      ui.fullSizeProgress.value = FULL_SIZE_STEPS.indexOf(now);
      ui.fullSizeText.textContent = `Full size (${size}): ${STEP_WORDS[now]}…`;
    };
    step(FULL_SIZE_STEPS[0]);
    try {
      const request = { content: state.content, ...(await styleList()), seed: base, strength: Number(ui.strength.value) };
      if (signal.aborted) throw new Error('cancelled before it started');
      const { png } = await model.fullSize(request, step, signal);
      saveBlob(png, name);
      ui.fullSizeText.textContent = `Full size (${size}) saved in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
    } catch (e) {
      if (signal.aborted) ui.fullSizeText.textContent = 'Full size cancelled.';
      else {
        ui.fullSizeText.textContent = '';
        showError(e);
      }
    } finally {
      abort = undefined;
      setRunning(false);
    }
  });
}

/** While a full-size download runs: its progress and Cancel show, and a second one cannot start. */
function setRunning(running: boolean) {
  state.fullSizeRunning = running;
  ui.fullSize.hidden = false;
  ui.fullSizeProgress.hidden = ui.fullSizeCancel.hidden = !running;
  ui.downloadFull.disabled = running || !state.result;
}
